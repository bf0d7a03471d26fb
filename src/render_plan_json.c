/* render_plan_json.c — the plan as JSON: formatting only, every figure comes from pf_plan.
 *
 * Same discipline as render_report_json.c: PUT and APPEND record a failure in the builder's local `ok`, so one
 * failed allocation makes the whole document NULL instead of a silently incomplete one. */
#include "partnerfunnel/render_plan_json.h"

#include <stdbool.h>
#include <stdio.h>

#include "partnerfunnel/render_json.h"

#ifndef PF_VERSION
#define PF_VERSION "unknown"
#endif

static json_t *month_text(pf_date date)
{
    char iso[11];
    field_date_format_iso(date, iso);
    iso[7] = '\0';
    return json_string(iso);
}

static json_t *target(const pf_plan *p)
{
    bool ok = true;
    json_t *o = json_object();
    PF_JSON_PUT(o, "active", json_integer(p->target_active));
    PF_JSON_PUT(o, "date", render_json_date(p->target_date));
    return render_json_done(o, ok);
}

static json_t *cohort(const pf_plan *p)
{
    bool ok = true;
    json_t *o = json_object();
    PF_JSON_PUT(o, "months", json_integer(p->cohort_months));
    PF_JSON_PUT(o, "cut", render_json_date(p->cohort_cut));
    for (int s = 0; s < PF_PLAN_STAGE_COUNT; s++)
        PF_JSON_PUT(o, pf_stage_names[s], json_integer(p->cohort[s]));
    return render_json_done(o, ok);
}

static json_t *rates(const pf_plan *p)
{
    bool ok = true;
    json_t *o = json_object();
    for (int i = 0; i < PF_PLAN_RATE_COUNT; i++) {
        const pf_plan_rate *r = &p->rates[i];
        json_t *rate = json_object();
        PF_JSON_PUT(rate, "value", render_json_number(r->value));
        PF_JSON_PUT(rate, "successes", json_integer(r->successes));
        PF_JSON_PUT(rate, "trials", json_integer(r->trials));
        PF_JSON_PUT(rate, "source", json_string(pf_plan_source_names[r->source]));
        PF_JSON_PUT(o, i == PF_PLAN_RATE_ACTIVE ? "active" : pf_stage_names[i + 1], rate);
    }
    return render_json_done(o, ok);
}

static json_t *figure(const pf_plan_figure *f, const char *value_key)
{
    bool ok = true;
    json_t *o = json_object();
    PF_JSON_PUT(o, value_key, render_json_number(f->value));
    PF_JSON_PUT(o, "basis", json_integer(f->basis));
    PF_JSON_PUT(o, "source", json_string(pf_plan_source_names[f->source]));
    return render_json_done(o, ok);
}

static json_t *delays(const pf_plan *p)
{
    bool ok = true;
    json_t *o = json_object();
    for (int k = 0; k < PF_PLAN_DELAY_COUNT; k++)
        PF_JSON_PUT(o, pf_stage_names[k + 1], figure(&p->delays[k], "days"));
    return render_json_done(o, ok);
}

static json_t *costs(const pf_plan *p)
{
    bool ok = true;
    json_t *o = json_object();
    PF_JSON_PUT(o, "recruitment_per_listed", figure(&p->recruitment_cost, "value"));
    PF_JSON_PUT(o, "onboarding_per_signed", figure(&p->onboarding_cost, "value"));
    return render_json_done(o, ok);
}

static json_t *needed(const pf_plan *p)
{
    bool ok = true;
    json_t *o = json_object();
    for (int s = 0; s < PF_PLAN_STAGE_COUNT; s++)
        PF_JSON_PUT(o, pf_stage_names[s], json_integer(p->needed[s]));
    PF_JSON_PUT(o, "active", json_integer(p->needed[PF_PLAN_ACTIVE]));
    return render_json_done(o, ok);
}

static json_t *simulation(const pf_plan *p)
{
    const pf_plan_simulation *s = &p->simulation;
    bool ok = true;
    json_t *o = json_object();
    PF_JSON_PUT(o, "draws", json_integer(s->draws));
    PF_JSON_PUT(o, "seed", json_integer((json_int_t)s->seed));
    PF_JSON_PUT(o, "p10", render_json_number(s->p10));
    PF_JSON_PUT(o, "p50", render_json_number(s->p50));
    PF_JSON_PUT(o, "p90", render_json_number(s->p90));
    PF_JSON_PUT(o, "p_target", render_json_number(s->p_target));
    PF_JSON_PUT(o, "listing_for_80pct",
                s->listing_for_80pct >= 0 ? json_integer(s->listing_for_80pct) : json_null());
    return render_json_done(o, ok);
}

static json_t *levers(const pf_plan *p)
{
    bool ok = true;
    json_t *a = json_array();
    for (size_t i = 0; i < p->lever_count; i++) {
        const pf_plan_lever *l = &p->levers[i];
        json_t *o = json_object();
        PF_JSON_PUT(o, "name", json_string(pf_lever_names[l->kind]));
        PF_JSON_PUT(o, "change", json_string(l->change));
        PF_JSON_PUT(o, "from", render_json_number(l->from));
        PF_JSON_PUT(o, "to", render_json_number(l->to));
        PF_JSON_PUT(o, "backed", json_boolean(l->backed));
        PF_JSON_PUT(o, "segment", l->segment ? json_string(l->segment) : json_null());
        PF_JSON_PUT(o, "needed_listed", json_integer(l->needed_listed));
        PF_JSON_PUT(o, "budget", render_json_number(l->budget));
        PF_JSON_PUT(o, "cost_per_active_partner", render_json_number(l->cost_per_active_partner));
        PF_JSON_PUT(o, "saving", render_json_number(l->saving));
        PF_JSON_APPEND(a, o);
    }
    return render_json_done(a, ok);
}

static json_t *calendar(const pf_plan *p)
{
    bool ok = true;
    json_t *a = json_array();
    for (size_t i = 0; i < p->month_count; i++) {
        const pf_plan_month *m = &p->calendar[i];
        json_t *o = json_object();
        PF_JSON_PUT(o, "month", month_text(m->month));
        PF_JSON_PUT(o, "list", json_integer(m->list));
        PF_JSON_PUT(o, "approach", json_integer(m->approach));
        PF_JSON_PUT(o, "sign", json_integer(m->sign));
        PF_JSON_PUT(o, "mature", json_integer(m->mature));
        PF_JSON_PUT(o, "list_per_recruiter", render_json_number(m->list_per_recruiter));
        PF_JSON_APPEND(a, o);
    }
    return render_json_done(a, ok);
}

json_t *render_json_plan(const pf_plan *p, const pf_settings *settings)
{
    bool ok = true;
    json_t *root = json_object();
    json_t *program = json_object();
    PF_JSON_PUT(program, "name", json_string("partnerfunnel"));
    PF_JSON_PUT(program, "version", json_string(PF_VERSION));
    PF_JSON_PUT(root, "program", program);
    PF_JSON_PUT(root, "as_of", render_json_date(p->as_of));
    PF_JSON_PUT(root, "currency", json_string(settings->currency));
    PF_JSON_PUT(root, "target", target(p));
    PF_JSON_PUT(root, "cohort", cohort(p));
    PF_JSON_PUT(root, "rates", rates(p));
    PF_JSON_PUT(root, "delays", delays(p));
    PF_JSON_PUT(root, "costs", costs(p));
    PF_JSON_PUT(root, "needed", needed(p));
    PF_JSON_PUT(root, "budget", render_json_number(p->budget));
    PF_JSON_PUT(root, "cost_per_active_partner", render_json_number(p->cost_per_active_partner));
    PF_JSON_PUT(root, "start_listing_by", month_text(p->start_listing_by));
    PF_JSON_PUT(root, "recruiters", json_integer(p->recruiters));
    PF_JSON_PUT(root, "simulation", simulation(p));
    PF_JSON_PUT(root, "levers", levers(p));
    PF_JSON_PUT(root, "calendar", calendar(p));
    return render_json_done(root, ok);
}
