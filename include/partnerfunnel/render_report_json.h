/* render_report_json.h — the JSON summary of `partnerfunnel report` (docs/manual.md "The JSON summary"), built
 * from pf_results.
 *
 * Owns nothing: render_json_report() returns a new json_t reference the caller owns (json_decref). It only
 * formats: every figure comes from the pf_results (metrics.h), so the JSON and the workbook cannot disagree.
 * Borrows the model (inputs, rejects, warnings, partner ids for the at-risk lists), the settings and the
 * results for the duration of the call; the returned tree holds copies of every string.
 *
 * Every key of docs/manual.md "The JSON summary" is present; a figure that cannot be computed (NAN, or a count
 * that needs deals.csv when there is none) is null, never 0 or NaN. Extra keys: program, settings,
 * deals_available, costs_available, overhead_available, notes[], candidates, funnel[].implied and base,
 * mature_partners_cost, overhead, the naive (biased) time to first deal and the survival table, the log-rank
 * detail, the at-risk lists, recruiter-performance fields on every segment row, time_to_recruit, autonomy,
 * warnings[], and trend[] (the headline figures at the last 12 month ends, metrics_trend.h) when
 * results->trend is filled.
 */
#ifndef PARTNERFUNNEL_RENDER_REPORT_JSON_H
#define PARTNERFUNNEL_RENDER_REPORT_JSON_H

#include <jansson.h>

#include "partnerfunnel/metrics.h"
#include "partnerfunnel/model.h"
#include "partnerfunnel/settings.h"

/** The whole JSON summary; NULL when memory runs out. */
json_t *render_json_report(const pf_model *model, const pf_settings *settings, const pf_results *results);

/** trend[]: one object per month end, oldest first (as_of, listed, signed, mature, active, rate, ci_low,
 *  ci_high, bad_recruits, cost_per_bad_recruit, cost_per_active_partner, median_days_to_first_deal,
 *  p_within_100_days, at_risk{band: count}); NULL when memory runs out. */
json_t *render_json_trend(const pf_trend *trend);

#endif
