/* render_audit.h — the audit workbook of `partnerfunnel audit` (.xlsx, libxlsxwriter), on the monthly
 * workbook's writing layer (render_workbook_sheets.h).
 *
 * Owns nothing the caller sees: render_audit_workbook() builds the whole file and releases everything before
 * it returns. Borrows the model, the settings, the results (with their trend) and the audit for the duration
 * of the call. It only formats: every figure comes from pf_results and pf_audit, so the workbook and the
 * audit's JSON cannot disagree; labels come from labels.h (English or French).
 *
 * Sheets, in order: Scorecard, Findings, Process adherence, Times, Recruiters, Data quality, Trend, About.
 * Every figure a finding cites carries the defined name audit_finding_cites() gives (AdherenceKickoffFisherP,
 * AuditRecruiter2Rate, AuditCostPerBadRecruit …), and the Findings sheet lists them beside the JSON paths.
 * The guarantees of render_workbook.h hold: formulas stored with their computed values, "n/a" for what
 * cannot be computed, byte-identical output for the same inputs, atomic write, text never a formula.
 */
#ifndef PARTNERFUNNEL_RENDER_AUDIT_H
#define PARTNERFUNNEL_RENDER_AUDIT_H

#include "partnerfunnel/audit.h"
#include "partnerfunnel/error.h"
#include "partnerfunnel/metrics.h"
#include "partnerfunnel/model.h"
#include "partnerfunnel/render_workbook.h"
#include "partnerfunnel/settings.h"

/** Writes the audit workbook to path, atomically. options and result as render_workbook(); same errors. */
pf_error render_audit_workbook(const char *path, const pf_model *model, const pf_settings *settings,
                               const pf_results *results, const pf_audit *audit,
                               const pf_workbook_options *options, pf_workbook_result *result,
                               pf_error_context *err);

/** "reports/partner-audit-YYYY-MM-DD.xlsx" into out (64 bytes). */
void render_audit_default_path(pf_date as_of, char out[64]);

#endif
