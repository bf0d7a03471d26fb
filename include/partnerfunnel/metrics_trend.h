/* metrics_trend.h — the headline figures at each of the last 12 month ends up to the reporting date: the
 * Trend sheet of the monthly and audit workbooks, `trend[]` in their JSON, and the change since the previous
 * month end on the monthly Summary (issue 12, docs/definitions.md "Reporting date").
 *
 * Owns nothing on the heap: pf_trend is a fixed array of values. Borrows the model and settings for the
 * duration of metrics_trend() or metrics_compute_with_trend() only. Pure: no I/O, no globals, no clock.
 *
 * Every month end is computed from the one loaded model by the same code as the report
 * (metrics_compute_headline(), metrics.h), with that month end as the reporting date: what is dated after it
 * has not happened yet. So the row of month end m holds exactly the figures of `report --as-of m`.
 */
#ifndef PARTNERFUNNEL_METRICS_TREND_H
#define PARTNERFUNNEL_METRICS_TREND_H

#include <stddef.h>

#include "partnerfunnel/error.h"
#include "partnerfunnel/field.h"
#include "partnerfunnel/model.h"
#include "partnerfunnel/settings.h"
#include "partnerfunnel/stats.h"

/** Month ends in a trend. */
#define PF_TREND_MONTHS 12
/** The at-risk bands of metrics.h (PF_AT_RISK_BAND_COUNT; metrics.h checks they agree). */
#define PF_TREND_AT_RISK_BANDS 3

struct pf_results;

/** The headline figures of one reporting date, each as metrics.h defines it (counts are PF_COUNT_UNKNOWN
 *  and doubles NAN where pf_results has them so). */
typedef struct pf_trend_point {
    pf_date as_of;
    long listed;          /**< funnel[listed].reached */
    long signed_partners; /**< funnel[signed].reached (implied included) */
    long mature;          /**< active.mature */
    long active;          /**< active.active */
    pf_proportion rate;   /**< active.rate */
    long bad_recruits;    /**< bad_recruits.count */
    double cost_per_bad_recruit;
    double cost_per_active_partner;
    double median_days_to_first_deal; /**< Kaplan–Meier median */
    double p_within_100_days;
    long at_risk[PF_TREND_AT_RISK_BANDS]; /**< at_risk[band].count */
} pf_trend_point;

/** The month ends, oldest first. count is 0 until metrics_trend() fills it. */
typedef struct pf_trend {
    pf_trend_point points[PF_TREND_MONTHS];
    size_t count;
} pf_trend;

/** The last month end on or before date (date itself when it is one). */
pf_date metrics_trend_month_end(pf_date date);

/** The headline figures of computed results (metrics_compute or metrics_compute_headline). */
pf_trend_point metrics_trend_point(const struct pf_results *results);

/** Fills trend with the PF_TREND_MONTHS month ends up to as_of (the last is metrics_trend_month_end(as_of)),
 *  oldest first, each computed by metrics_compute_headline() on model. current (may be NULL): results
 *  already computed on model with the same settings; when its as_of is one of the month ends, that point is
 *  read from it instead of computed again. Errors as metrics_compute(); trend is then empty (count 0). */
pf_error metrics_trend(pf_trend *trend, const pf_model *model, const pf_settings *settings, pf_date as_of,
                       const struct pf_results *current, pf_error_context *err);

/** metrics_compute(results, model, settings, as_of) and then metrics_trend(&results->trend, ..., as_of,
 *  results), with the same figures, in less time: the trend's month ends are computed on a helper thread
 *  while metrics_compute() runs, then on both threads. Errors: metrics_compute()'s (results then empty), else
 *  metrics_trend()'s (results then hold the computation and an empty trend). */
pf_error metrics_compute_with_trend(struct pf_results *results, const pf_model *model,
                                    const pf_settings *settings, pf_date as_of, pf_error_context *err);

/** The point of the month end before as_of's month (the comparison of "since the previous month end"),
 *  NULL when trend does not hold it (empty, or computed for another date). */
const pf_trend_point *metrics_trend_previous(const pf_trend *trend, pf_date as_of);

#endif
