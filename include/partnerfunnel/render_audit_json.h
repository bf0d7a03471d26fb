/* render_audit_json.h — the JSON of `partnerfunnel audit` (issue 12), built from pf_results and pf_audit.
 *
 * Owns nothing: render_json_audit() returns a new json_t reference the caller owns (json_decref). It only
 * formats: every figure comes from pf_results (metrics.h) and pf_audit (audit.h). Borrows the model, the
 * settings, the results, the audit and the command line for the duration of the call; the returned tree
 * holds copies of every string.
 *
 * Keys: as_of, program, settings, inputs, scorecard[] (rubric, figures{}, reference, status, sentence),
 * adherence.{application,committee,business_plan,kickoff} (with{mature,active,rate,ci_low,ci_high},
 * without{…}, share_with, fisher_p), adherence_by_recruiter[], times.{to_recruit,to_first_deal,
 * to_tech_autonomy,to_sales_autonomy} (partners, events, median_days, median_ci_low, median_ci_high,
 * reference_days), recruiters[] and sources[], data_quality (columns[] with file, column, empty_share,
 * severity; process-order counts; rejects and warnings by column), partners_to_consider_ending[], findings[]
 * (id, kind, title, text, money_at_stake, cites[] of JSON paths into this document), trend[], appendix.
 * A figure that cannot be computed is null, never 0 or NaN.
 */
#ifndef PARTNERFUNNEL_RENDER_AUDIT_JSON_H
#define PARTNERFUNNEL_RENDER_AUDIT_JSON_H

#include <jansson.h>

#include "partnerfunnel/audit.h"
#include "partnerfunnel/metrics.h"
#include "partnerfunnel/model.h"
#include "partnerfunnel/settings.h"

/** The whole audit document; argv (argc strings, the command line as run, for the appendix) may be NULL.
 *  NULL when memory runs out. */
json_t *render_json_audit(const pf_model *model, const pf_settings *settings, const pf_results *results,
                          const pf_audit *audit, int argc, char **argv);

#endif
