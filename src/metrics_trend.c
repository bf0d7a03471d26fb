/* metrics_trend.c — the headline figures at the last 12 month ends (see the header).
 *
 * The month ends are independent computations over the same read-only model, so they run on two threads
 * (the machine's cores beyond that rarely pay at this size): each thread takes every other month end and
 * owns its own pf_results. Nothing in metrics.c keeps state between calls, and GSL's error handler is off
 * for the whole program (main.c), so the threads share nothing writable.
 *
 * Most candidates never sign, and for them a month end only moves the funnel's counts: one pass over the
 * partners (metrics_headline_base()) counts the listed and signed candidates of all twelve month ends and
 * lists the partners signed by the last one; each month end then assesses only those
 * (metrics_compute_headline_at()), by the code of metrics_compute_headline(). On a million candidates this
 * is a tenth of the partners per month end instead of all of them. */
#include "partnerfunnel/metrics_trend.h"

#include <pthread.h>
#include <stdbool.h>
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

typedef struct trend_job {
    pf_trend *trend;
    const pf_model *model;
    const pf_settings *settings;
    const pf_headline_base *base; /* its dates are the points' */
    size_t first;                 /* this job computes points first, first + 2, ... */
    const pf_results *current;    /* the point it holds is copied, not computed */
    pf_error code;
    pf_error_context err;
} trend_job;

static void *run_job(void *arg)
{
    trend_job *job = arg;
    pf_results results;
    metrics_init(&results);
    job->code = PF_OK;
    for (size_t k = job->first; k < PF_TREND_MONTHS && job->code == PF_OK; k += 2) {
        pf_trend_point *point = &job->trend->points[k];
        if (job->current && job->current->as_of == point->as_of) {
            *point = metrics_trend_point(job->current);
            continue;
        }
        job->code = metrics_compute_headline_at(&results, job->model, job->settings, job->base, k, &job->err);
        if (job->code == PF_OK)
            *point = metrics_trend_point(&results);
    }
    metrics_clear(&results);
    return NULL;
}

pf_error metrics_trend(pf_trend *trend, const pf_model *model, const pf_settings *settings, pf_date as_of,
                       const pf_results *current, pf_error_context *err)
{
    memset(trend, 0, sizeof *trend);
    if (as_of == PF_DATE_NONE)
        return pf_error_set(err, PF_ERROR_INTERNAL, NULL, 0, NULL, "metrics_trend: as_of missing");
    pf_date end = metrics_trend_month_end(as_of);
    for (int k = PF_TREND_MONTHS - 1; k >= 0; k--) {
        trend->points[k].as_of = end;
        end = metrics_trend_month_end(end - 1);
    }
    pf_date dates[PF_TREND_MONTHS];
    for (size_t k = 0; k < PF_TREND_MONTHS; k++)
        dates[k] = trend->points[k].as_of;
    pf_headline_base base;
    pf_error code = metrics_headline_base(&base, model, dates, PF_TREND_MONTHS, err);
    if (code != PF_OK) {
        memset(trend, 0, sizeof *trend);
        return code;
    }
    trend_job jobs[2];
    memset(jobs, 0, sizeof jobs);
    for (size_t j = 0; j < 2; j++) {
        jobs[j].trend = trend;
        jobs[j].model = model;
        jobs[j].settings = settings;
        jobs[j].base = &base;
        jobs[j].first = j;
        jobs[j].current = current;
    }
    pthread_t helper;
    bool threaded = pthread_create(&helper, NULL, run_job, &jobs[1]) == 0;
    run_job(&jobs[0]);
    if (threaded)
        pthread_join(helper, NULL);
    else
        run_job(&jobs[1]);
    metrics_headline_base_clear(&base);
    for (size_t j = 0; j < 2; j++) {
        if (jobs[j].code != PF_OK) {
            if (err)
                *err = jobs[j].err;
            memset(trend, 0, sizeof *trend);
            return jobs[j].code;
        }
    }
    trend->count = PF_TREND_MONTHS;
    return PF_OK;
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
