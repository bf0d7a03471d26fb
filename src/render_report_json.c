/* render_report_json.c — the JSON summary (docs/manual.md "The JSON summary") from pf_results: formatting only,
 * no figure is computed here.
 *
 * Each builder returns a new reference or NULL when memory runs out; PUT and APPEND record a failure in the
 * builder's local `ok` (jansson's set_new/append_new take NULL values and fail), so one failed allocation
 * anywhere makes the whole document NULL instead of a silently incomplete one. */
#include "partnerfunnel/render_report_json.h"

#include <math.h>
#include <stdbool.h>

#include "partnerfunnel/render_json.h"

#ifndef PF_VERSION
#define PF_VERSION "unknown"
#endif

#define PUT(object, key, value) (ok &= json_object_set_new((object), (key), (value)) == 0)
#define APPEND(array, value) (ok &= json_array_append_new((array), (value)) == 0)

static json_t *done(json_t *value, bool ok)
{
    if (ok)
        return value;
    json_decref(value);
    return NULL;
}

/* A count, or null when it cannot be computed. */
static json_t *count(long value)
{
    return value == PF_COUNT_UNKNOWN ? json_null() : json_integer(value);
}

static json_t *number(double value)
{
    return render_json_number(value);
}

/* rate, ci_low, ci_high of a proportion into object */
static bool put_rate(json_t *object, const char *rate_key, pf_proportion p)
{
    bool ok = true;
    PUT(object, rate_key, number(p.estimate));
    PUT(object, "ci_low", number(p.low));
    PUT(object, "ci_high", number(p.high));
    return ok;
}

static json_t *program(void)
{
    bool ok = true;
    json_t *o = json_object();
    PUT(o, "name", json_string("partnerfunnel"));
    PUT(o, "version", json_string(PF_VERSION));
    return done(o, ok && o);
}

static json_t *settings_used(const pf_settings *s, const pf_results *r)
{
    bool ok = true;
    json_t *o = json_object();
    PUT(o, "path", s->path ? json_string(s->path) : json_null());
    PUT(o, "currency", json_string(s->currency));
    PUT(o, "lang", json_string(s->lang == PF_LANG_FR ? "fr" : "en"));
    PUT(o, "window_months", json_integer(r->window_months));
    PUT(o, "min_won_deals", json_integer(r->min_won_deals));
    return done(o, ok && o);
}

static json_t *notes(const pf_results *r)
{
    bool ok = true;
    json_t *a = json_array();
    if (!r->deals_available)
        APPEND(a,
               json_string("no deals file: first deals, activity after signing, bad recruits, time to first "
                           "deal, the 100-day plan and business plan effects and the at-risk bands cannot be "
                           "measured (null)"));
    if (!r->costs_available)
        APPEND(a, json_string("no cost column and no costs file: costs cannot be measured (null)"));
    else if (!r->overhead_available)
        APPEND(a, json_string("no costs file: partner costs are recruitment_cost + onboarding_cost only; "
                              "overhead unknown"));
    if (r->out_of_scope > 0)
        APPEND(a, json_string("candidates listed after as_of are out of scope"));
    return done(a, ok && a);
}

static json_t *candidates(const pf_results *r)
{
    bool ok = true;
    json_t *o = json_object();
    PUT(o, "total", json_integer(r->candidates));
    PUT(o, "in_scope", json_integer(r->candidates - r->out_of_scope));
    PUT(o, "out_of_scope", json_integer(r->out_of_scope));
    return done(o, ok && o);
}

static json_t *funnel(const pf_results *r)
{
    bool ok = true;
    json_t *a = json_array();
    for (int s = 0; s < PF_STAGE_COUNT; s++) {
        const pf_funnel_stage *f = &r->funnel[s];
        json_t *o = json_object();
        PUT(o, "stage", json_string(pf_stage_names[s]));
        PUT(o, "reached", count(f->reached));
        ok &= put_rate(o, "conversion_from_previous", f->conversion);
        PUT(o, "base", s == PF_STAGE_LISTED ? json_null() : json_integer(f->base));
        PUT(o, "implied", json_integer(f->implied));
        APPEND(a, o);
    }
    return done(a, ok && a);
}

static json_t *active_after_window(const pf_results *r)
{
    bool ok = true;
    json_t *o = json_object();
    PUT(o, "mature_partners", json_integer(r->active.mature));
    PUT(o, "active", count(r->active.active));
    ok &= put_rate(o, "rate", r->active.rate);
    PUT(o, "window_months", json_integer(r->window_months));
    PUT(o, "min_won_deals", json_integer(r->min_won_deals));
    return done(o, ok && o);
}

static json_t *bad_recruits(const pf_results *r)
{
    bool ok = true;
    json_t *o = json_object();
    PUT(o, "count", count(r->bad_recruits.count));
    PUT(o, "total_cost", number(r->bad_recruits.total_cost));
    PUT(o, "cost_per_bad_recruit", number(r->bad_recruits.cost_per_bad_recruit));
    return done(o, ok && o);
}

static json_t *overhead(const pf_results *r)
{
    bool ok = true;
    json_t *o = json_object();
    PUT(o, "total", number(r->overhead.total));
    json_t *lines = r->overhead_available ? json_array() : json_null();
    for (size_t i = 0; r->overhead_available && i < r->overhead.category_count; i++) {
        const pf_cost_line *c = &r->overhead.by_category[i];
        json_t *line = json_object();
        PUT(line, "category", json_string(c->category));
        PUT(line, "amount", number(c->amount));
        PUT(line, "lines", json_integer(c->lines));
        APPEND(lines, line);
    }
    PUT(o, "by_category", lines);
    return done(o, ok && o);
}

/* Contracts signed in as_of's calendar month and year to date (the workbook's Summary shows the same). */
static json_t *signings(const pf_results *r)
{
    bool ok = true;
    json_t *o = json_object();
    PUT(o, "in_month", json_integer(r->signings.in_month));
    PUT(o, "year_to_date", json_integer(r->signings.year_to_date));
    PUT(o, "month_start", render_json_date(r->signings.month_start));
    PUT(o, "year_start", render_json_date(r->signings.year_start));
    return done(o, ok && o);
}

static json_t *duration(const pf_duration *d)
{
    bool ok = true;
    json_t *o = json_object();
    PUT(o, "partners", count(d->n));
    PUT(o, "median_days", number(d->median));
    PUT(o, "mean_days", number(d->mean));
    return done(o, ok && o);
}

static json_t *time_to_first_deal(const pf_results *r)
{
    const pf_first_deal_times *t = &r->first_deal;
    bool ok = true;
    json_t *o = json_object();
    PUT(o, "partners", json_integer(t->partners));
    PUT(o, "events", count(t->events));
    PUT(o, "median_days", number(t->median));
    PUT(o, "median_ci_low", number(t->median_low));
    PUT(o, "median_ci_high", number(t->median_high));
    PUT(o, "p_within_100_days", number(t->p_within_100_days));
    PUT(o, "p_within_100_days_ci_low", number(t->p_within_100_days_low));
    PUT(o, "p_within_100_days_ci_high", number(t->p_within_100_days_high));
    json_t *naive = duration(&t->naive);
    PUT(naive, "note",
        json_string("biased: only partners that already have a first deal, ignoring those still "
                    "waiting; use median_days"));
    PUT(o, "naive_among_partners_with_a_deal", naive);
    json_t *curve = r->deals_available ? json_array() : json_null();
    for (size_t i = 0; r->deals_available && i < t->km.step_count; i++) {
        const pf_km_step *s = &t->km.steps[i];
        json_t *step = json_object();
        PUT(step, "days", number(s->time));
        PUT(step, "at_risk", json_integer(s->at_risk));
        PUT(step, "events", json_integer(s->events));
        PUT(step, "censored", json_integer(s->censored));
        PUT(step, "survival", number(s->survival));
        PUT(step, "ci_low", number(s->low));
        PUT(step, "ci_high", number(s->high));
        APPEND(curve, step);
    }
    PUT(o, "curve", curve);
    return done(o, ok && o);
}

static json_t *logrank_group(const pf_logrank *lr, int g, bool available)
{
    bool ok = true;
    json_t *o = json_object();
    PUT(o, "partners", json_integer(lr->subjects[g]));
    PUT(o, "events", available ? number(lr->observed[g]) : json_null());
    PUT(o, "expected_events", available ? number(lr->expected[g]) : json_null());
    return done(o, ok && o);
}

static json_t *hundred_day_plan(const pf_results *r)
{
    bool ok = true;
    json_t *o = json_object();
    PUT(o, "logrank_chi2", number(r->hundred_day_plan.chi2));
    PUT(o, "logrank_p", number(r->hundred_day_plan.p));
    PUT(o, "with_plan", logrank_group(&r->hundred_day_plan, 1, r->deals_available));
    PUT(o, "without_plan", logrank_group(&r->hundred_day_plan, 0, r->deals_available));
    return done(o, ok && o);
}

static json_t *business_plan_row(const pf_business_plan_effect *bp, int row)
{
    bool ok = true;
    json_t *o = json_object();
    PUT(o, "mature", json_integer(bp->mature[row]));
    PUT(o, "active", count(bp->active[row]));
    ok &= put_rate(o, "rate", bp->rate[row]);
    return done(o, ok && o);
}

static json_t *business_plan(const pf_results *r)
{
    bool ok = true;
    json_t *o = json_object();
    PUT(o, "with", business_plan_row(&r->business_plan, 1));
    PUT(o, "without", business_plan_row(&r->business_plan, 0));
    PUT(o, "fisher_p", number(r->business_plan.fisher_p));
    return done(o, ok && o);
}

static json_t *at_risk(const pf_model *m, const pf_results *r)
{
    bool ok = true;
    json_t *o = json_object();
    for (int b = 0; b < PF_AT_RISK_BAND_COUNT; b++)
        PUT(o, pf_at_risk_band_names[b], count(r->at_risk[b].count));
    json_t *lists = json_object();
    for (int b = 0; b < PF_AT_RISK_BAND_COUNT; b++) {
        const pf_at_risk_list *list = &r->at_risk[b];
        json_t *a = list->count == PF_COUNT_UNKNOWN ? json_null() : json_array();
        for (long i = 0; i < list->count; i++) {
            const pf_partner *p = &m->partners[list->partners[i].partner];
            json_t *e = json_object();
            PUT(e, "partner_id", json_string(p->id));
            PUT(e, "name", json_string(p->name));
            PUT(e, "recruiter", json_string(p->recruiter));
            PUT(e, "signed_on", render_json_date(p->dates[PF_STEP_SIGNED]));
            PUT(e, "days_since_signing", json_integer(list->partners[i].days_since_signing));
            APPEND(a, e);
        }
        PUT(lists, pf_at_risk_band_names[b], a);
    }
    PUT(o, "partners", lists);
    return done(o, ok && o);
}

static json_t *segments(const pf_results *r)
{
    bool ok = true;
    json_t *o = json_object();
    for (int k = 0; k < PF_SEGMENT_KIND_COUNT; k++) {
        json_t *a = json_array();
        for (size_t i = 0; i < r->segments[k].count; i++) {
            const pf_segment *s = &r->segments[k].rows[i];
            json_t *row = json_object();
            PUT(row, "value", json_string(s->value));
            PUT(row, "listed", json_integer(s->listed));
            PUT(row, "signed", json_integer(s->signed_partners));
            PUT(row, "mature", json_integer(s->mature));
            PUT(row, "active", count(s->active));
            ok &= put_rate(row, "rate", s->active_rate);
            PUT(row, "applications", json_integer(s->applications));
            PUT(row, "business_plans", json_integer(s->business_plans));
            PUT(row, "median_days_to_sign", number(s->median_days_to_sign));
            PUT(row, "days_to_sign_partners", json_integer(s->days_to_sign_n));
            APPEND(a, row);
        }
        PUT(o, pf_segment_kind_names[k], a);
    }
    return done(o, ok && o);
}

static json_t *autonomy(const pf_results *r)
{
    bool ok = true;
    json_t *o = json_object();
    PUT(o, "technical", duration(&r->tech_autonomy));
    PUT(o, "commercial", duration(&r->sales_autonomy));
    return done(o, ok && o);
}

json_t *render_json_trend(const pf_trend *trend)
{
    bool ok = true;
    json_t *a = json_array();
    for (size_t k = 0; k < trend->count; k++) {
        const pf_trend_point *p = &trend->points[k];
        json_t *o = json_object();
        PUT(o, "as_of", render_json_date(p->as_of));
        PUT(o, "listed", count(p->listed));
        PUT(o, "signed", count(p->signed_partners));
        PUT(o, "mature", count(p->mature));
        PUT(o, "active", count(p->active));
        ok &= o && put_rate(o, "rate", p->rate);
        PUT(o, "bad_recruits", count(p->bad_recruits));
        PUT(o, "cost_per_bad_recruit", number(p->cost_per_bad_recruit));
        PUT(o, "cost_per_active_partner", number(p->cost_per_active_partner));
        PUT(o, "median_days_to_first_deal", number(p->median_days_to_first_deal));
        PUT(o, "p_within_100_days", number(p->p_within_100_days));
        json_t *risk = json_object();
        for (int b = 0; b < PF_AT_RISK_BAND_COUNT; b++)
            PUT(risk, pf_at_risk_band_names[b], count(p->at_risk[b]));
        PUT(o, "at_risk", risk);
        APPEND(a, o);
    }
    return done(a, ok && a);
}

json_t *render_json_report(const pf_model *model, const pf_settings *settings, const pf_results *results)
{
    bool ok = true;
    json_t *root = json_object();
    PUT(root, "program", program());
    PUT(root, "as_of", render_json_date(results->as_of));
    PUT(root, "settings", settings_used(settings, results));
    PUT(root, "deals_available", json_boolean(results->deals_available));
    PUT(root, "costs_available", json_boolean(results->costs_available));
    PUT(root, "overhead_available", json_boolean(results->overhead_available));
    PUT(root, "notes", notes(results));
    PUT(root, "inputs", render_json_inputs(model));
    PUT(root, "candidates", candidates(results));
    PUT(root, "funnel", funnel(results));
    PUT(root, "active_after_6_months", active_after_window(results));
    PUT(root, "bad_recruits", bad_recruits(results));
    PUT(root, "cost_per_active_partner", number(results->cost_per_active_partner));
    PUT(root, "mature_partners_cost", number(results->mature_cost));
    PUT(root, "overhead", overhead(results));
    PUT(root, "time_to_first_deal", time_to_first_deal(results));
    PUT(root, "hundred_day_plan", hundred_day_plan(results));
    PUT(root, "business_plan", business_plan(results));
    PUT(root, "at_risk", at_risk(model, results));
    PUT(root, "segments", segments(results));
    PUT(root, "contracts_signed", signings(results));
    PUT(root, "time_to_recruit", duration(&results->time_to_recruit));
    PUT(root, "autonomy", autonomy(results));
    if (results->trend.count > 0)
        PUT(root, "trend", render_json_trend(&results->trend));
    PUT(root, "rejects", render_json_rejects(model));
    PUT(root, "warnings", render_json_warnings(model));
    return done(root, ok && root);
}
