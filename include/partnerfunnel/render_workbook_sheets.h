/* render_workbook_sheets.h — private to src/render_workbook*.c: the report's context the sheet builders
 * share, on top of the generic workbook layer (xlsx_book.h: cell writers, styles, lists, names, the file).
 * Not part of the library's interface.
 *
 * Owns nothing: wb_context points to the book render_workbook() owns, and borrows the model, settings and
 * results of render_workbook() for the duration of the call.
 */
#ifndef PARTNERFUNNEL_RENDER_WORKBOOK_SHEETS_H
#define PARTNERFUNNEL_RENDER_WORKBOOK_SHEETS_H

#include <stdbool.h>
#include <stddef.h>

#include "partnerfunnel/labels.h"
#include "partnerfunnel/metrics.h"
#include "partnerfunnel/model.h"
#include "partnerfunnel/render_workbook.h"
#include "partnerfunnel/settings.h"
#include "partnerfunnel/xlsx_book.h"

/** The report being written: the generic book (xlsx_book.h) and what the sheets show. */
typedef struct wb_context {
    wb_book *book;
    const pf_model *model;
    const pf_settings *settings;
    const pf_results *results;
    pf_workbook_result *result;
    const void *extra; /**< what a workbook other than the report shows (the audit: a pf_audit), else NULL */
} wb_context;

/** The report context a sheet of the report belongs to. */
static inline wb_context *wb_report(const wb_sheet *sheet)
{
    return (wb_context *)sheet->book->owner;
}

/* ---- the sheets (render_workbook_figures.c and render_workbook_lists.c) ---- */

void wb_sheet_summary(wb_context *ctx);
void wb_sheet_funnel(wb_context *ctx);
void wb_sheet_cohorts(wb_context *ctx);
void wb_sheet_first_deal(wb_context *ctx);
void wb_sheet_costs(wb_context *ctx);
void wb_sheet_recruiters(wb_context *ctx);
void wb_sheet_segments(wb_context *ctx);
void wb_sheet_at_risk(wb_context *ctx);
void wb_sheet_partners(wb_context *ctx);
void wb_sheet_data_quality(wb_context *ctx);
void wb_sheet_about(wb_context *ctx);
/** Builds a workbook on this layer (the monthly report's, the audit's): the context, the styles, then
 *  build(ctx) adds the sheets; the file is written atomically as render_workbook() describes, with the same
 *  errors. extra is ctx->extra. */
pf_error wb_render(const char *path, const pf_model *model, const pf_settings *settings,
                   const pf_results *results, const pf_workbook_options *options, pf_workbook_result *result,
                   void (*build)(wb_context *ctx), const void *extra, pf_error_context *err);

/* render_workbook_trend.c: the Trend sheet (nothing when results->trend is empty), and the Summary's
 * "since the previous month end" column: its header, and the change of the figure a defined name holds
 * (value: the figure now; a blank cell for a name the trend does not follow). */
void wb_sheet_trend(wb_context *ctx);
void wb_trend_change_header(wb_sheet *sheet, lxw_row_t row, lxw_col_t col);
void wb_trend_change(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, const char *name, double value);
/* A small line chart of the Trend column of the figure a defined name holds (ActiveRate6m …) over the month
 * ends; NULL when the trend is empty or does not follow that figure. */
lxw_chart *wb_trend_chart(wb_context *ctx, const char *name, const char *title);

/* Where the figures the Summary refers to live: the cells the defined names point at. */
#define WB_NAME_LISTED "ListedCandidates"
#define WB_NAME_SIGNED "SignedPartners"
#define WB_NAME_MATURE "MaturePartners"
#define WB_NAME_ACTIVE "ActivePartners"
#define WB_NAME_ACTIVE_RATE "ActiveRate6m"
#define WB_NAME_BAD "BadRecruits"
#define WB_NAME_BAD_COST "BadRecruitsCost"
#define WB_NAME_COST_PER_BAD "CostPerBadRecruit"
#define WB_NAME_MATURE_COST "MaturePartnersCost"
#define WB_NAME_COST_PER_ACTIVE "CostPerActivePartner"
#define WB_NAME_OVERHEAD "ProgrammeOverhead"
#define WB_NAME_MEDIAN "MedianDaysToFirstDeal"
#define WB_NAME_WITHIN_100 "FirstDealWithin100Days"
#define WB_NAME_BUSINESS_PLAN_SHARE "BusinessPlanShare"
#define WB_NAME_AT_RISK "PartnersAtRisk"
#define WB_NAME_PLAN_DAYS "PlanDays"

#endif
