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

/* rate, ci_low, ci_high of a proportion into object */
static bool put_rate(json_t *object, const char *rate_key, pf_proportion p)
{
    bool ok = true;
    PF_JSON_PUT(object, rate_key, render_json_number(p.estimate));
    PF_JSON_PUT(object, "ci_low", render_json_number(p.low));
    PF_JSON_PUT(object, "ci_high", render_json_number(p.high));
    return ok;
}

static json_t *program(void)
{
    bool ok = true;
    json_t *o = json_object();
    PF_JSON_PUT(o, "name", json_string("partnerfunnel"));
    PF_JSON_PUT(o, "version", json_string(PF_VERSION));
    return render_json_done(o, ok && o);
}

static json_t *settings_used(const pf_settings *s, const pf_results *r)
{
    bool ok = true;
    json_t *o = json_object();
    PF_JSON_PUT(o, "path", s->path ? json_string(s->path) : json_null());
    PF_JSON_PUT(o, "currency", json_string(s->currency));
    PF_JSON_PUT(o, "lang", json_string(s->lang == PF_LANG_FR ? "fr" : "en"));
    PF_JSON_PUT(o, "window_months", json_integer(r->window_months));
    PF_JSON_PUT(o, "min_won_deals", json_integer(r->min_won_deals));
    return render_json_done(o, ok && o);
}

static json_t *notes(const pf_results *r)
{
    bool ok = true;
    json_t *a = json_array();
    if (!r->deals_available)
        PF_JSON_APPEND(
            a, json_string("no deals file: first deals, activity after signing, bad recruits, time to first "
                           "deal, the 100-day plan and business plan effects and the at-risk bands cannot be "
                           "measured (null)"));
    if (!r->costs_available)
        PF_JSON_APPEND(a, json_string("no cost column and no costs file: costs cannot be measured (null)"));
    else if (!r->overhead_available)
        PF_JSON_APPEND(a,
                       json_string("no costs file: partner costs are recruitment_cost + onboarding_cost only; "
                                   "overhead unknown"));
    if (r->out_of_scope > 0)
        PF_JSON_APPEND(a, json_string("candidates listed after as_of are out of scope"));
    return render_json_done(a, ok && a);
}

static json_t *candidates(const pf_results *r)
{
    bool ok = true;
    json_t *o = json_object();
    PF_JSON_PUT(o, "total", json_integer(r->candidates));
    PF_JSON_PUT(o, "in_scope", json_integer(r->candidates - r->out_of_scope));
    PF_JSON_PUT(o, "out_of_scope", json_integer(r->out_of_scope));
    return render_json_done(o, ok && o);
}

static json_t *funnel(const pf_results *r)
{
    bool ok = true;
    json_t *a = json_array();
    for (int s = 0; s < PF_STAGE_COUNT; s++) {
        const pf_funnel_stage *f = &r->funnel[s];
        json_t *o = json_object();
        PF_JSON_PUT(o, "stage", json_string(pf_stage_names[s]));
        PF_JSON_PUT(o, "reached", render_json_count(f->reached));
        ok &= put_rate(o, "conversion_from_previous", f->conversion);
        PF_JSON_PUT(o, "base", s == PF_STAGE_LISTED ? json_null() : json_integer(f->base));
        PF_JSON_PUT(o, "implied", json_integer(f->implied));
        PF_JSON_APPEND(a, o);
    }
    return render_json_done(a, ok && a);
}

static json_t *active_after_window(const pf_results *r)
{
    bool ok = true;
    json_t *o = json_object();
    PF_JSON_PUT(o, "mature_partners", json_integer(r->active.mature));
    PF_JSON_PUT(o, "active", render_json_count(r->active.active));
    ok &= put_rate(o, "rate", r->active.rate);
    PF_JSON_PUT(o, "window_months", json_integer(r->window_months));
    PF_JSON_PUT(o, "min_won_deals", json_integer(r->min_won_deals));
    return render_json_done(o, ok && o);
}

static json_t *bad_recruits(const pf_results *r)
{
    bool ok = true;
    json_t *o = json_object();
    PF_JSON_PUT(o, "count", render_json_count(r->bad_recruits.count));
    PF_JSON_PUT(o, "total_cost", render_json_number(r->bad_recruits.total_cost));
    PF_JSON_PUT(o, "cost_per_bad_recruit", render_json_number(r->bad_recruits.cost_per_bad_recruit));
    return render_json_done(o, ok && o);
}

static json_t *overhead(const pf_results *r)
{
    bool ok = true;
    json_t *o = json_object();
    PF_JSON_PUT(o, "total", render_json_number(r->overhead.total));
    json_t *lines = r->overhead_available ? json_array() : json_null();
    for (size_t i = 0; r->overhead_available && i < r->overhead.category_count; i++) {
        const pf_cost_line *c = &r->overhead.by_category[i];
        json_t *line = json_object();
        PF_JSON_PUT(line, "category", json_string(c->category));
        PF_JSON_PUT(line, "amount", render_json_number(c->amount));
        PF_JSON_PUT(line, "lines", json_integer(c->lines));
        PF_JSON_APPEND(lines, line);
    }
    PF_JSON_PUT(o, "by_category", lines);
    return render_json_done(o, ok && o);
}

/* Contracts signed in as_of's calendar month and year to date (the workbook's Summary shows the same). */
static json_t *signings(const pf_results *r)
{
    bool ok = true;
    json_t *o = json_object();
    PF_JSON_PUT(o, "in_month", json_integer(r->signings.in_month));
    PF_JSON_PUT(o, "year_to_date", json_integer(r->signings.year_to_date));
    PF_JSON_PUT(o, "month_start", render_json_date(r->signings.month_start));
    PF_JSON_PUT(o, "year_start", render_json_date(r->signings.year_start));
    return render_json_done(o, ok && o);
}

static json_t *duration(const pf_duration *d)
{
    bool ok = true;
    json_t *o = json_object();
    PF_JSON_PUT(o, "partners", render_json_count(d->n));
    PF_JSON_PUT(o, "median_days", render_json_number(d->median));
    PF_JSON_PUT(o, "mean_days", render_json_number(d->mean));
    return render_json_done(o, ok && o);
}

static json_t *time_to_first_deal(const pf_results *r)
{
    const pf_first_deal_times *t = &r->first_deal;
    bool ok = true;
    json_t *o = json_object();
    PF_JSON_PUT(o, "partners", json_integer(t->partners));
    PF_JSON_PUT(o, "events", render_json_count(t->events));
    PF_JSON_PUT(o, "median_days", render_json_number(t->median));
    PF_JSON_PUT(o, "median_ci_low", render_json_number(t->median_low));
    PF_JSON_PUT(o, "median_ci_high", render_json_number(t->median_high));
    PF_JSON_PUT(o, "p_within_100_days", render_json_number(t->p_within_100_days));
    PF_JSON_PUT(o, "p_within_100_days_ci_low", render_json_number(t->p_within_100_days_low));
    PF_JSON_PUT(o, "p_within_100_days_ci_high", render_json_number(t->p_within_100_days_high));
    json_t *naive = duration(&t->naive);
    PF_JSON_PUT(naive, "note",
                json_string("biased: only partners that already have a first deal, ignoring those still "
                            "waiting; use median_days"));
    PF_JSON_PUT(o, "naive_among_partners_with_a_deal", naive);
    json_t *curve = r->deals_available ? json_array() : json_null();
    for (size_t i = 0; r->deals_available && i < t->km.step_count; i++) {
        const pf_km_step *s = &t->km.steps[i];
        json_t *step = json_object();
        PF_JSON_PUT(step, "days", render_json_number(s->time));
        PF_JSON_PUT(step, "at_risk", json_integer(s->at_risk));
        PF_JSON_PUT(step, "events", json_integer(s->events));
        PF_JSON_PUT(step, "censored", json_integer(s->censored));
        PF_JSON_PUT(step, "survival", render_json_number(s->survival));
        PF_JSON_PUT(step, "ci_low", render_json_number(s->low));
        PF_JSON_PUT(step, "ci_high", render_json_number(s->high));
        PF_JSON_APPEND(curve, step);
    }
    PF_JSON_PUT(o, "curve", curve);
    return render_json_done(o, ok && o);
}

static json_t *logrank_group(const pf_logrank *lr, int g, bool available)
{
    bool ok = true;
    json_t *o = json_object();
    PF_JSON_PUT(o, "partners", json_integer(lr->subjects[g]));
    PF_JSON_PUT(o, "events", available ? render_json_number(lr->observed[g]) : json_null());
    PF_JSON_PUT(o, "expected_events", available ? render_json_number(lr->expected[g]) : json_null());
    return render_json_done(o, ok && o);
}

static json_t *hundred_day_plan(const pf_results *r)
{
    bool ok = true;
    json_t *o = json_object();
    PF_JSON_PUT(o, "logrank_chi2", render_json_number(r->hundred_day_plan.chi2));
    PF_JSON_PUT(o, "logrank_p", render_json_number(r->hundred_day_plan.p));
    PF_JSON_PUT(o, "with_plan", logrank_group(&r->hundred_day_plan, 1, r->deals_available));
    PF_JSON_PUT(o, "without_plan", logrank_group(&r->hundred_day_plan, 0, r->deals_available));
    return render_json_done(o, ok && o);
}

static json_t *business_plan_row(const pf_business_plan_effect *bp, int row)
{
    bool ok = true;
    json_t *o = json_object();
    PF_JSON_PUT(o, "mature", json_integer(bp->mature[row]));
    PF_JSON_PUT(o, "active", render_json_count(bp->active[row]));
    ok &= put_rate(o, "rate", bp->rate[row]);
    return render_json_done(o, ok && o);
}

static json_t *business_plan(const pf_results *r)
{
    bool ok = true;
    json_t *o = json_object();
    PF_JSON_PUT(o, "with", business_plan_row(&r->business_plan, 1));
    PF_JSON_PUT(o, "without", business_plan_row(&r->business_plan, 0));
    PF_JSON_PUT(o, "fisher_p", render_json_number(r->business_plan.fisher_p));
    return render_json_done(o, ok && o);
}

static json_t *at_risk(const pf_model *m, const pf_results *r)
{
    bool ok = true;
    json_t *o = json_object();
    for (int b = 0; b < PF_AT_RISK_BAND_COUNT; b++)
        PF_JSON_PUT(o, pf_at_risk_band_names[b], render_json_count(r->at_risk[b].count));
    json_t *lists = json_object();
    for (int b = 0; b < PF_AT_RISK_BAND_COUNT; b++) {
        const pf_at_risk_list *list = &r->at_risk[b];
        json_t *a = list->count == PF_COUNT_UNKNOWN ? json_null() : json_array();
        for (long i = 0; i < list->count; i++) {
            const pf_partner *p = &m->partners[list->partners[i].partner];
            json_t *e = json_object();
            PF_JSON_PUT(e, "partner_id", json_string(p->id));
            PF_JSON_PUT(e, "name", json_string(p->name));
            PF_JSON_PUT(e, "recruiter", json_string(p->recruiter));
            PF_JSON_PUT(e, "signed_on", render_json_date(p->dates[PF_STEP_SIGNED]));
            PF_JSON_PUT(e, "days_since_signing", json_integer(list->partners[i].days_since_signing));
            PF_JSON_APPEND(a, e);
        }
        PF_JSON_PUT(lists, pf_at_risk_band_names[b], a);
    }
    PF_JSON_PUT(o, "partners", lists);
    return render_json_done(o, ok && o);
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
            PF_JSON_PUT(row, "value", json_string(s->value));
            PF_JSON_PUT(row, "listed", json_integer(s->listed));
            PF_JSON_PUT(row, "signed", json_integer(s->signed_partners));
            PF_JSON_PUT(row, "mature", json_integer(s->mature));
            PF_JSON_PUT(row, "active", render_json_count(s->active));
            ok &= put_rate(row, "rate", s->active_rate);
            PF_JSON_PUT(row, "applications", json_integer(s->applications));
            PF_JSON_PUT(row, "business_plans", json_integer(s->business_plans));
            PF_JSON_PUT(row, "median_days_to_sign", render_json_number(s->median_days_to_sign));
            PF_JSON_PUT(row, "days_to_sign_partners", json_integer(s->days_to_sign_n));
            PF_JSON_APPEND(a, row);
        }
        PF_JSON_PUT(o, pf_segment_kind_names[k], a);
    }
    return render_json_done(o, ok && o);
}

static json_t *autonomy(const pf_results *r)
{
    bool ok = true;
    json_t *o = json_object();
    PF_JSON_PUT(o, "technical", duration(&r->tech_autonomy));
    PF_JSON_PUT(o, "commercial", duration(&r->sales_autonomy));
    return render_json_done(o, ok && o);
}

json_t *render_json_trend(const pf_trend *trend)
{
    bool ok = true;
    json_t *a = json_array();
    for (size_t k = 0; k < trend->count; k++) {
        const pf_trend_point *p = &trend->points[k];
        json_t *o = json_object();
        PF_JSON_PUT(o, "as_of", render_json_date(p->as_of));
        PF_JSON_PUT(o, "listed", render_json_count(p->listed));
        PF_JSON_PUT(o, "signed", render_json_count(p->signed_partners));
        PF_JSON_PUT(o, "mature", render_json_count(p->mature));
        PF_JSON_PUT(o, "active", render_json_count(p->active));
        ok &= o && put_rate(o, "rate", p->rate);
        PF_JSON_PUT(o, "bad_recruits", render_json_count(p->bad_recruits));
        PF_JSON_PUT(o, "cost_per_bad_recruit", render_json_number(p->cost_per_bad_recruit));
        PF_JSON_PUT(o, "cost_per_active_partner", render_json_number(p->cost_per_active_partner));
        PF_JSON_PUT(o, "median_days_to_first_deal", render_json_number(p->median_days_to_first_deal));
        PF_JSON_PUT(o, "p_within_100_days", render_json_number(p->p_within_100_days));
        json_t *risk = json_object();
        for (int b = 0; b < PF_AT_RISK_BAND_COUNT; b++)
            PF_JSON_PUT(risk, pf_at_risk_band_names[b], render_json_count(p->at_risk[b]));
        PF_JSON_PUT(o, "at_risk", risk);
        PF_JSON_APPEND(a, o);
    }
    return render_json_done(a, ok && a);
}

json_t *render_json_report(const pf_model *model, const pf_settings *settings, const pf_results *results)
{
    bool ok = true;
    json_t *root = json_object();
    PF_JSON_PUT(root, "program", program());
    PF_JSON_PUT(root, "as_of", render_json_date(results->as_of));
    PF_JSON_PUT(root, "settings", settings_used(settings, results));
    PF_JSON_PUT(root, "deals_available", json_boolean(results->deals_available));
    PF_JSON_PUT(root, "costs_available", json_boolean(results->costs_available));
    PF_JSON_PUT(root, "overhead_available", json_boolean(results->overhead_available));
    PF_JSON_PUT(root, "notes", notes(results));
    PF_JSON_PUT(root, "inputs", render_json_inputs(model));
    PF_JSON_PUT(root, "candidates", candidates(results));
    PF_JSON_PUT(root, "funnel", funnel(results));
    PF_JSON_PUT(root, "active_after_6_months", active_after_window(results));
    PF_JSON_PUT(root, "bad_recruits", bad_recruits(results));
    PF_JSON_PUT(root, "cost_per_active_partner", render_json_number(results->cost_per_active_partner));
    PF_JSON_PUT(root, "mature_partners_cost", render_json_number(results->mature_cost));
    PF_JSON_PUT(root, "overhead", overhead(results));
    PF_JSON_PUT(root, "time_to_first_deal", time_to_first_deal(results));
    PF_JSON_PUT(root, "hundred_day_plan", hundred_day_plan(results));
    PF_JSON_PUT(root, "business_plan", business_plan(results));
    PF_JSON_PUT(root, "at_risk", at_risk(model, results));
    PF_JSON_PUT(root, "segments", segments(results));
    PF_JSON_PUT(root, "contracts_signed", signings(results));
    PF_JSON_PUT(root, "time_to_recruit", duration(&results->time_to_recruit));
    PF_JSON_PUT(root, "autonomy", autonomy(results));
    if (results->trend.count > 0)
        PF_JSON_PUT(root, "trend", render_json_trend(&results->trend));
    PF_JSON_PUT(root, "rejects", render_json_rejects(model));
    PF_JSON_PUT(root, "warnings", render_json_warnings(model));
    return render_json_done(root, ok && root);
}
