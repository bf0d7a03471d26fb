/* render_plan.h — the workbook of `partnerfunnel plan` (.xlsx, through the workbook layer xlsx_book.h).
 *
 * Owns nothing the caller sees: render_plan() builds the whole file and releases everything before it
 * returns. Borrows the plan and the settings for the duration of the call. It only formats pf_plan (plan.h):
 * the JSON and the workbook of one run cannot disagree. Labels: one table per language in render_plan.c.
 *
 * Sheets: Plan (the inputs in highlighted cells — target, rates, costs, delays, window, dates, recruiters —
 * and every derived cell an Excel formula over them: needed per stage with CEILING, budget, cost per active
 * partner, listing months, start of listing; the director edits an input and the plan recomputes), Calendar
 * (month by month, formulas over the Plan sheet, with a chart), Simulation (quantiles, P(target), the listing
 * for 80 %, seed and draws, a histogram), Levers (scenarios side by side, savings as formulas, a chart),
 * Sources (the observed counts behind every figure and which came from [plan]).
 * Every formula is stored with the value the program computed, so a recalculation finds the same numbers.
 * Defined names: NeededListed, NeededSigned, PlanBudget, PlanCostPerActive, ProbabilityOfTarget.
 * The same inputs give the same bytes (creation time = as_of); the file is written atomically.
 */
#ifndef PARTNERFUNNEL_RENDER_PLAN_H
#define PARTNERFUNNEL_RENDER_PLAN_H

#include "partnerfunnel/error.h"
#include "partnerfunnel/plan.h"
#include "partnerfunnel/settings.h"

/** Writes the plan workbook to path in lang. Errors as wb_book_close() (xlsx_book.h): the previous file at
 *  path is untouched on failure. */
pf_error render_plan(const char *path, const pf_plan *plan, const pf_settings *settings, pf_lang lang,
                     pf_error_context *err);

/** "reports/recruitment-plan-YYYY-MM-DD.xlsx" for as_of (out holds 64 bytes). */
void render_plan_default_path(pf_date as_of, char out[64]);

#endif
