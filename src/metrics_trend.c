/* metrics_trend.c — the headline figures at the last 12 month ends (see the header).
 *
 * The month ends are independent computations over the same read-only model, so they run on two threads
 * (the machine's cores beyond that rarely pay at this size), each taking the next month end not yet taken
 * and owning its own pf_results. metrics_compute_with_trend() starts the helper thread before the command's
 * own metrics_compute(), so the month ends are under way while it runs, and the command's thread joins them
 * when done. Nothing in metrics.c keeps state between calls, and GSL's error handler is off for the whole
 * program (main.c), so the threads share nothing writable but the work's counter, behind its lock.
 *
 * Most candidates never sign, and for them a month end only moves the funnel's counts: one pass over the
 * partners (metrics_headline_base()) counts the listed and signed candidates of all twelve month ends and
 * lists the partners signed by the last one; each month end then assesses only those
 * (metrics_compute_headline_at()), by the code of metrics_compute_headline(). On a million candidates this
 * is a tenth of the partners per month end instead of all of them. */
#include "partnerfunnel/metrics_trend.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "partnerfunnel/metrics.h"

_Static_assert(PF_TREND_MONTHS <= PF_HEADLINE_BASE_DATES, "a headline base holds the trend's month ends");

pf_date metrics_trend_month_end(pf_date date)
{
    int year, month, day;
    field_date_to_ymd(date, &year, &month, &day);
    pf_date next_month = field_date_add_months(field_date_from_ymd(year, month, 1), 1);
    if (date == next_month - 1)
        return date;
    return field_date_from_ymd(year, month, 1) - 1;
}

pf_trend_point metrics_trend_point(const pf_results *r)
{
    pf_trend_point p;
    memset(&p, 0, sizeof p);
    p.as_of = r->as_of;
    p.listed = r->funnel[PF_STAGE_LISTED].reached;
    p.signed_partners = r->funnel[PF_STAGE_SIGNED].reached;
    p.mature = r->active.mature;
    p.active = r->active.active;
    p.rate = r->active.rate;
    p.bad_recruits = r->bad_recruits.count;
    p.cost_per_bad_recruit = r->bad_recruits.cost_per_bad_recruit;
    p.cost_per_active_partner = r->cost_per_active_partner;
    p.median_days_to_first_deal = r->first_deal.median;
    p.p_within_100_days = r->first_deal.p_within_100_days;
    for (int b = 0; b < PF_AT_RISK_BAND_COUNT; b++)
        p.at_risk[b] = r->at_risk[b].count;
    return p;
}

/* The month ends still to compute, shared by the threads computing them: each takes the next one not taken,
 * so a thread that started late (the command's, after its own metrics_compute()) takes fewer. The points
 * are written into the work's own trend, never into a pf_results that metrics_compute() may be clearing. */
typedef struct trend_work {
    pf_trend trend;
    const pf_model *model;
    const pf_settings *settings;
    pf_headline_base base; /* its dates are the points' */
    size_t copied;         /* the point read from the current results (PF_TREND_MONTHS: none) */
    pthread_mutex_t lock;  /* guards what follows */
    pthread_cond_t base_settled;
    bool base_pending; /* the helper is still building the base */
    pf_error base_code;
    pf_error_context base_err;
    bool stopped;  /* the command's own computation failed: no more points */
    size_t next;   /* the next point to take */
    size_t failed; /* the first point that failed (PF_TREND_MONTHS: none), its code and message */
    pf_error code;
    pf_error_context err;
} trend_work;

static void work_init(trend_work *w, const pf_model *model, const pf_settings *settings, pf_date as_of,
                      pf_date current)
{
    memset(w, 0, sizeof *w);
    w->model = model;
    w->settings = settings;
    pf_date end = metrics_trend_month_end(as_of);
    for (int k = PF_TREND_MONTHS - 1; k >= 0; k--) {
        w->trend.points[k].as_of = end;
        end = metrics_trend_month_end(end - 1);
    }
    w->copied = PF_TREND_MONTHS;
    for (size_t k = 0; k < PF_TREND_MONTHS; k++)
        if (w->trend.points[k].as_of == current)
            w->copied = k;
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->base_settled, NULL);
    w->base_code = PF_OK;
    w->failed = PF_TREND_MONTHS;
    w->code = PF_OK;
}

static void work_clear(trend_work *w)
{
    metrics_headline_base_clear(&w->base);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->base_settled);
}

static pf_error build_base(trend_work *w, pf_error_context *err)
{
    pf_date dates[PF_TREND_MONTHS];
    for (size_t k = 0; k < PF_TREND_MONTHS; k++)
        dates[k] = w->trend.points[k].as_of;
    return metrics_headline_base(&w->base, w->model, dates, PF_TREND_MONTHS, err);
}

/* The next point for a thread to compute, PF_TREND_MONTHS when none is left (or the work failed). Waits
 * for the base while the helper builds it. */
static size_t take_point(trend_work *w)
{
    pthread_mutex_lock(&w->lock);
    while (w->base_pending)
        pthread_cond_wait(&w->base_settled, &w->lock);
    if (w->next == w->copied)
        w->next++;
    size_t k = PF_TREND_MONTHS;
    if (w->base_code == PF_OK && !w->stopped && w->failed == PF_TREND_MONTHS && w->next < PF_TREND_MONTHS)
        k = w->next++;
    pthread_mutex_unlock(&w->lock);
    return k;
}

/* Computes points until none is left; a failure is kept if it is the earliest point's so far. */
static void work_on_points(trend_work *w)
{
    pf_results results;
    metrics_init(&results);
    for (size_t k = take_point(w); k < PF_TREND_MONTHS; k = take_point(w)) {
        pf_error_context err;
        pf_error code = metrics_compute_headline_at(&results, w->model, w->settings, &w->base, k, &err);
        if (code == PF_OK) {
            w->trend.points[k] = metrics_trend_point(&results);
            continue;
        }
        pthread_mutex_lock(&w->lock);
        if (k < w->failed) {
            w->failed = k;
            w->code = code;
            w->err = err;
        }
        pthread_mutex_unlock(&w->lock);
    }
    metrics_clear(&results);
}

/* The helper thread: builds the base first when it is still pending, then computes points. */
static void *run_helper(void *arg)
{
    trend_work *w = arg;
    pthread_mutex_lock(&w->lock);
    bool build = w->base_pending;
    pthread_mutex_unlock(&w->lock);
    if (build) {
        pf_error_context err;
        pf_error code = build_base(w, &err);
        pthread_mutex_lock(&w->lock);
        w->base_code = code;
        if (code != PF_OK)
            w->base_err = err;
        w->base_pending = false;
        pthread_cond_broadcast(&w->base_settled);
        pthread_mutex_unlock(&w->lock);
    }
    work_on_points(w);
    return NULL;
}

/* Moves the computed points into trend (the copied one from current), or returns the first error. */
static pf_error work_finish(trend_work *w, pf_trend *trend, const pf_results *current, pf_error_context *err)
{
    memset(trend, 0, sizeof *trend);
    pf_error code = w->base_code != PF_OK ? w->base_code : w->code;
    if (code != PF_OK) {
        if (err)
            *err = w->base_code != PF_OK ? w->base_err : w->err;
        return code;
    }
    if (w->copied < PF_TREND_MONTHS)
        w->trend.points[w->copied] = metrics_trend_point(current);
    *trend = w->trend;
    trend->count = PF_TREND_MONTHS;
    return PF_OK;
}

pf_error metrics_trend(pf_trend *trend, const pf_model *model, const pf_settings *settings, pf_date as_of,
                       const pf_results *current, pf_error_context *err)
{
    memset(trend, 0, sizeof *trend);
    if (as_of == PF_DATE_NONE)
        return pf_error_set(err, PF_ERROR_INTERNAL, NULL, 0, NULL, "metrics_trend: as_of missing");
    trend_work *w = malloc(sizeof *w);
    if (!w)
        return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory while computing the metrics");
    work_init(w, model, settings, as_of, current ? current->as_of : PF_DATE_NONE);
    w->base_code = build_base(w, &w->base_err);
    pthread_t helper;
    bool threaded = w->base_code == PF_OK && pthread_create(&helper, NULL, run_helper, w) == 0;
    work_on_points(w);
    if (threaded)
        pthread_join(helper, NULL);
    pf_error code = work_finish(w, trend, current, err);
    work_clear(w);
    free(w);
    return code;
}

pf_error metrics_compute_with_trend(pf_results *results, const pf_model *model, const pf_settings *settings,
                                    pf_date as_of, pf_error_context *err)
{
    if (as_of == PF_DATE_NONE)
        return metrics_compute(results, model, settings, as_of, err); /* its error */
    trend_work *w = malloc(sizeof *w);
    if (!w) {
        metrics_clear(results);
        return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory while computing the metrics");
    }
    work_init(w, model, settings, as_of, as_of);
    w->base_pending = true;
    pthread_t helper;
    bool threaded = pthread_create(&helper, NULL, run_helper, w) == 0;
    if (!threaded) {
        w->base_pending = false;
        w->base_code = build_base(w, &w->base_err);
    }
    pf_error code = metrics_compute(results, model, settings, as_of, err);
    if (code == PF_OK) {
        work_on_points(w);
    } else {
        pthread_mutex_lock(&w->lock);
        w->stopped = true;
        pthread_mutex_unlock(&w->lock);
    }
    if (threaded)
        pthread_join(helper, NULL);
    if (code == PF_OK)
        code = work_finish(w, &results->trend, results, err);
    work_clear(w);
    free(w);
    return code;
}

const pf_trend_point *metrics_trend_previous(const pf_trend *trend, pf_date as_of)
{
    int year, month, day;
    field_date_to_ymd(as_of, &year, &month, &day);
    pf_date previous = field_date_from_ymd(year, month, 1) - 1;
    for (size_t k = 0; k < trend->count; k++)
        if (trend->points[k].as_of == previous)
            return &trend->points[k];
    return NULL;
}
