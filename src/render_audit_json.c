/* render_audit_json.c — the audit's JSON from pf_results and pf_audit: formatting only (see the header).
 *
 * Builders return a new reference or NULL when memory runs out; PUT and APPEND record a failure in the
 * builder's local `ok`, so one failed allocation makes the whole document NULL (as render_report_json.c).
 * The findings cite JSON paths of this very document ("adherence.business_plan.fisher_p",
 * "recruiters[2].rate"); tests/e2e/audit.sh resolves every one. */
#include "partnerfunnel/render_audit_json.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "partnerfunnel/audit_prospects.h"
#include "partnerfunnel/labels.h"
#include "partnerfunnel/render_json.h"
#include "partnerfunnel/render_report_json.h"
#include "partnerfunnel/render_summary.h"

#ifndef PF_VERSION
#define PF_VERSION "unknown"
#endif

static bool put_rate(json_t *object, pf_proportion p)
{
    bool ok = object != NULL;
    PF_JSON_PUT(object, "rate", render_json_number(p.estimate));
    PF_JSON_PUT(object, "ci_low", render_json_number(p.low));
    PF_JSON_PUT(object, "ci_high", render_json_number(p.high));
    return ok;
}

/* "40.5 %" or "n/a" */
static const char *percent_text(double fraction, char *buf, size_t size)
{
    if (!isfinite(fraction))
        return "n/a";
    snprintf(buf, size, "%.1f %%", 100 * fraction);
    return buf;
}

/* "33,507 EUR" or "n/a" (amounts here are never negative) */
static const char *money_text(double amount, const char *currency, char *buf, size_t size)
{
    if (!isfinite(amount))
        return "n/a";
    char digits[64];
    snprintf(digits, sizeof digits, "%.0f", fabs(amount));
    size_t len = strlen(digits), o = 0;
    for (size_t i = 0; i < len && o + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    snprintf(buf + o, size - o, " %s", currency);
    return buf;
}

/* ---- 1. scorecard ---- */

static json_t *by_year(const pf_audit *a)
{
    bool ok = true;
    json_t *list = json_array();
    for (size_t k = 0; k < a->year_count; k++) {
        json_t *o = json_object();
        PF_JSON_PUT(o, "year", json_integer(a->years[k].year));
        PF_JSON_PUT(o, "listed", json_integer(a->years[k].listed));
        PF_JSON_PUT(o, "applied", json_integer(a->years[k].applied));
        PF_JSON_PUT(o, "applied_share",
                    render_json_number((double)a->years[k].applied / (double)a->years[k].listed));
        PF_JSON_APPEND(list, o);
    }
    return render_json_done(list, ok && list);
}

/* Eligible prospects per profile and how many are already in the CRM; null without a prospect file. */
static json_t *prospects(const pf_audit *a)
{
    const pf_audit_prospects *p = a->prospects;
    if (!p || !p->present)
        return json_null();
    bool ok = true;
    json_t *o = json_object();
    PF_JSON_PUT(o, "path", json_string(p->path));
    PF_JSON_PUT(o, "sha256", p->sha256[0] ? json_string(p->sha256) : json_null());
    PF_JSON_PUT(o, "rows_read", json_integer(p->result.rows_read));
    PF_JSON_PUT(o, "rows_rejected", json_integer(p->result.rows_rejected));
    json_t *profiles = json_array();
    for (size_t k = 0; k < p->result.profile_count; k++) {
        const pf_profile_result *pr = &p->result.profiles[k];
        json_t *row = json_object();
        PF_JSON_PUT(row, "profile", json_string(pr->profile->name));
        PF_JSON_PUT(row, "eligible", json_integer(pr->eligible));
        PF_JSON_PUT(row, "known", json_integer(pr->known));
        PF_JSON_PUT(row, "share_known",
                    pr->eligible > 0 ? json_real((double)pr->known / (double)pr->eligible) : json_null());
        PF_JSON_APPEND(profiles, row);
    }
    PF_JSON_PUT(o, "profiles", profiles);
    return render_json_done(o, ok && o);
}

static json_t *by_cohort(const pf_results *r)
{
    bool ok = true;
    json_t *list = json_array();
    const pf_segment_list *cohorts = &r->segments[PF_SEGMENT_COHORT];
    for (size_t k = 0; k < cohorts->count; k++) {
        const pf_segment *s = &cohorts->rows[k];
        json_t *o = json_object();
        PF_JSON_PUT(o, "cohort", json_string(s->value));
        PF_JSON_PUT(o, "signed", json_integer(s->signed_partners));
        PF_JSON_PUT(o, "mature", json_integer(s->mature));
        PF_JSON_PUT(o, "active", render_json_count(s->active));
        ok &= put_rate(o, s->active_rate);
        PF_JSON_APPEND(list, o);
    }
    return render_json_done(list, ok && list);
}

/* The figures of one rubric and the sentence that explains its rating. */
static json_t *rubric_figures(const pf_results *r, const pf_audit *a, pf_rubric rubric, const char *currency,
                              char *sentence, size_t size)
{
    bool ok = true;
    json_t *o = json_object();
    char x[64], y[64], z[64];
    switch (rubric) {
    case PF_RUBRIC_CANDIDATES:
        PF_JSON_PUT(o, "listed", json_integer(r->funnel[PF_STAGE_LISTED].reached));
        PF_JSON_PUT(o, "applied", json_integer(r->funnel[PF_STAGE_APPLIED].reached));
        PF_JSON_PUT(o, "applied_share", render_json_number(a->applied_share.estimate));
        PF_JSON_PUT(o, "ci_low", render_json_number(a->applied_share.low));
        PF_JSON_PUT(o, "ci_high", render_json_number(a->applied_share.high));
        PF_JSON_PUT(o, "by_year", by_year(a));
        PF_JSON_PUT(o, "prospects", prospects(a));
        snprintf(sentence, size,
                 "%ld candidates listed, %s of them reached an application; the white paper sets no threshold "
                 "for this rubric, so it is not rated.",
                 r->funnel[PF_STAGE_LISTED].reached, percent_text(a->applied_share.estimate, x, sizeof x));
        break;
    case PF_RUBRIC_SIGNING:
        PF_JSON_PUT(o, "approached", json_integer(r->funnel[PF_STAGE_APPROACHED].reached));
        PF_JSON_PUT(o, "signed", json_integer(r->funnel[PF_STAGE_SIGNED].reached));
        ok &= put_rate(o, a->signing_rate);
        snprintf(
            sentence, size,
            "%s of approached candidates signed (95 %% CI %s to %s); the white paper sets no threshold for "
            "the signing rate, so it is not rated: read it with the recruiters' and sources' rates.",
            percent_text(a->signing_rate.estimate, x, sizeof x), percent_text(a->signing_rate.low, y, sizeof y),
            percent_text(a->signing_rate.high, z, sizeof z));
        break;
    case PF_RUBRIC_ACTIVE: {
        PF_JSON_PUT(o, "mature", json_integer(r->active.mature));
        PF_JSON_PUT(o, "active", render_json_count(r->active.active));
        ok &= put_rate(o, r->active.rate);
        PF_JSON_PUT(o, "window_months", json_integer(r->window_months));
        PF_JSON_PUT(o, "by_cohort", by_cohort(r));
        pf_rating rating = a->scorecard[rubric].rating;
        if (rating == PF_RATING_NOT_RATED)
            snprintf(sentence, size,
                     "The active rate cannot be measured (no deals file or no mature partner).");
        else
            snprintf(sentence, size,
                     "%s of the %ld mature partners were active %d months after signing (95 %% CI %s to %s), "
                     "against the white paper's 40 %% (60 %% never deliver): %s.",
                     percent_text(r->active.rate.estimate, x, sizeof x), r->active.mature, r->window_months,
                     percent_text(r->active.rate.low, y, sizeof y),
                     percent_text(r->active.rate.high, z, sizeof z),
                     rating == PF_RATING_GOOD    ? "at or above the reference"
                     : rating == PF_RATING_WATCH ? "below the reference, within 10 points"
                                                 : "more than 10 points below the reference");
        break;
    }
    case PF_RUBRIC_COSTS:
    default: {
        PF_JSON_PUT(o, "bad_recruits", render_json_count(r->bad_recruits.count));
        PF_JSON_PUT(o, "cost_per_bad_recruit", render_json_number(r->bad_recruits.cost_per_bad_recruit));
        PF_JSON_PUT(o, "total_sunk_in_bad_recruits", render_json_number(r->bad_recruits.total_cost));
        PF_JSON_PUT(o, "cost_per_active_partner", render_json_number(r->cost_per_active_partner));
        PF_JSON_PUT(o, "currency", json_string(currency));
        pf_rating rating = a->scorecard[rubric].rating;
        if (rating == PF_RATING_NOT_RATED)
            snprintf(sentence, size,
                     "The cost per bad recruit is not rated: it cannot be measured, or the reference is in "
                     "euros and the export's currency is %s.",
                     currency);
        else
            snprintf(
                sentence, size,
                "Each bad recruit cost %s (%s in all), against the white paper's 15,000 to 70,000 EUR: %s.",
                money_text(r->bad_recruits.cost_per_bad_recruit, currency, x, sizeof x),
                money_text(r->bad_recruits.total_cost, currency, y, sizeof y),
                rating == PF_RATING_GOOD    ? "at the low end of the range"
                : rating == PF_RATING_WATCH ? "within the range"
                                            : "above the range");
        break;
    }
    }
    return render_json_done(o, ok && o);
}

static const char *const rubric_references[PF_RUBRIC_COUNT] = {
    NULL,
    NULL,
    "40 % active after onboarding (60 % of partners never deliver); watch below 40 %, off track below 30 %",
    "15,000 to 70,000 EUR per bad recruit; watch above 15,000, off track above 70,000",
};

/* The trend[] key each rubric's figure follows. */
static const char *const rubric_trend_keys[PF_RUBRIC_COUNT] = {"listed", "signed", "rate",
                                                               "cost_per_bad_recruit"};

static json_t *scorecard(const pf_results *r, const pf_audit *a, const char *currency)
{
    bool ok = true;
    json_t *list = json_array();
    for (int k = 0; k < PF_RUBRIC_COUNT; k++) {
        char sentence[512];
        json_t *o = json_object();
        PF_JSON_PUT(o, "rubric", json_string(pf_rubric_names[k]));
        PF_JSON_PUT(o, "figures", rubric_figures(r, a, (pf_rubric)k, currency, sentence, sizeof sentence));
        PF_JSON_PUT(o, "value", render_json_number(a->scorecard[k].value));
        PF_JSON_PUT(o, "reference", rubric_references[k] ? json_string(rubric_references[k]) : json_null());
        PF_JSON_PUT(o, "status", json_string(pf_rating_names[a->scorecard[k].rating]));
        PF_JSON_PUT(o, "sentence", json_string(sentence));
        PF_JSON_PUT(o, "trend_key", json_string(rubric_trend_keys[k]));
        PF_JSON_APPEND(list, o);
    }
    return render_json_done(list, ok && list);
}

/* ---- 2. adherence ---- */

static json_t *adherence_row(const pf_adherence_row *row)
{
    bool ok = true;
    json_t *o = json_object();
    PF_JSON_PUT(o, "mature", json_integer(row->mature));
    PF_JSON_PUT(o, "active", render_json_count(row->active));
    ok &= put_rate(o, row->rate);
    return render_json_done(o, ok && o);
}

static json_t *adherence(const pf_audit *a)
{
    bool ok = true;
    json_t *o = json_object();
    for (int s = 0; s < PF_AUDIT_STEP_COUNT; s++) {
        const pf_adherence *ad = &a->adherence[s];
        json_t *step = json_object();
        PF_JSON_PUT(step, "with", adherence_row(&ad->with));
        PF_JSON_PUT(step, "without", adherence_row(&ad->without));
        PF_JSON_PUT(step, "share_with", render_json_number(ad->share_with));
        PF_JSON_PUT(step, "fisher_p", render_json_number(ad->fisher_p));
        PF_JSON_PUT(o, pf_audit_step_names[s], step);
    }
    return render_json_done(o, ok && o);
}

static json_t *adherence_by_recruiter(const pf_results *r, const pf_audit *a)
{
    bool ok = true;
    json_t *list = json_array();
    const pf_segment_list *recruiters = &r->segments[PF_SEGMENT_RECRUITER];
    for (size_t k = 0; k < recruiters->count; k++) {
        const pf_recruiter_skips *skips = &a->recruiter_skips[k];
        json_t *o = json_object();
        json_t *skipped = json_object();
        json_t *shares = json_object();
        PF_JSON_PUT(o, "recruiter", json_string(recruiters->rows[k].value));
        PF_JSON_PUT(o, "signed", json_integer(skips->signed_dated));
        for (int s = 0; s < PF_AUDIT_STEP_COUNT; s++) {
            PF_JSON_PUT(skipped, pf_audit_step_names[s], json_integer(skips->skipped[s]));
            PF_JSON_PUT(shares, pf_audit_step_names[s],
                        skips->signed_dated > 0
                            ? render_json_number((double)skips->skipped[s] / (double)skips->signed_dated)
                            : json_null());
        }
        PF_JSON_PUT(o, "skipped", skipped);
        PF_JSON_PUT(o, "skipped_share", shares);
        PF_JSON_APPEND(list, o);
    }
    return render_json_done(list, ok && list);
}

/* ---- 3. times ---- */

static json_t *times(const pf_audit *a)
{
    bool ok = true;
    json_t *o = json_object();
    for (int k = 0; k < PF_AUDIT_TIME_COUNT; k++) {
        const pf_audit_duration *d = &a->times[k];
        json_t *t = json_object();
        PF_JSON_PUT(t, "partners", json_integer(d->partners));
        PF_JSON_PUT(t, "events", render_json_count(d->events));
        PF_JSON_PUT(t, "median_days", render_json_number(d->median));
        PF_JSON_PUT(t, "median_ci_low", render_json_number(d->median_low));
        PF_JSON_PUT(t, "median_ci_high", render_json_number(d->median_high));
        PF_JSON_PUT(t, "reference_days", render_json_number(d->reference_days));
        PF_JSON_PUT(o, pf_audit_time_names[k], t);
    }
    return render_json_done(o, ok && o);
}

/* ---- 4. recruiters and sources ---- */

static json_t *segment_rows(const pf_segment_list *list, const pf_segment_test *tests)
{
    bool ok = true;
    json_t *a = json_array();
    for (size_t k = 0; k < list->count; k++) {
        const pf_segment *s = &list->rows[k];
        json_t *o = json_object();
        PF_JSON_PUT(o, "value", json_string(s->value));
        PF_JSON_PUT(o, "listed", json_integer(s->listed));
        PF_JSON_PUT(o, "applications", json_integer(s->applications));
        PF_JSON_PUT(o, "signed", json_integer(s->signed_partners));
        PF_JSON_PUT(o, "business_plans", json_integer(s->business_plans));
        PF_JSON_PUT(o, "mature", json_integer(s->mature));
        PF_JSON_PUT(o, "active", render_json_count(s->active));
        ok &= put_rate(o, s->active_rate);
        PF_JSON_PUT(o, "rest_rate", render_json_number(tests[k].rest_rate));
        PF_JSON_PUT(o, "fisher_p", render_json_number(tests[k].fisher_p));
        PF_JSON_PUT(o, "small_numbers", json_boolean(tests[k].small));
        PF_JSON_APPEND(a, o);
    }
    return render_json_done(a, ok && a);
}

/* ---- 5. data quality ---- */

/* The headline figures a column feeds, for the severity and the reader. */
static const char *affects(pf_column c)
{
    switch (c) {
    case PF_COL_LISTED_ON: return "scope (candidates listed after as_of are left out)";
    case PF_COL_APPROACHED_ON: return "signing rate, time to recruit";
    case PF_COL_SIGNED_ON: return "mature partners, active rate, bad recruits, costs, time to first deal";
    case PF_COL_DEAL_CLOSED_ON:
    case PF_COL_DEAL_STATUS: return "active rate, bad recruits, time to first deal";
    case PF_COL_RECRUITMENT_COST:
    case PF_COL_ONBOARDING_COST:
    case PF_COL_COST_AMOUNT: return "cost per bad recruit, cost per active partner";
    case PF_COL_RECRUITER: return "recruiters";
    case PF_COL_SOURCE: return "sources";
    default: return NULL;
    }
}

static const char *severity(pf_column c, double empty_share)
{
    if (!isfinite(empty_share) || empty_share == 0)
        return "none";
    bool headline = affects(c) != NULL;
    if (headline && empty_share >= 0.10)
        return "high";
    if (headline || empty_share >= 0.50)
        return "medium";
    return "low";
}

static json_t *data_quality(const pf_model *m, const pf_audit *a)
{
    bool ok = true;
    const pf_data_quality *q = &a->quality;
    json_t *o = json_object();
    json_t *columns = json_array();
    for (size_t k = 0; k < q->column_count; k++) {
        const pf_column_quality *c = &q->columns[k];
        const pf_input *in = &m->inputs[c->file];
        int index = in->column_index[c->column];
        json_t *col = json_object();
        PF_JSON_PUT(col, "file", json_string(pf_file_names[c->file]));
        PF_JSON_PUT(col, "column", json_string(pf_columns[c->column].name));
        PF_JSON_PUT(col, "header",
                    index >= 0 && (size_t)index < in->header_count ? json_string(in->headers[index])
                                                                   : json_null());
        PF_JSON_PUT(col, "rows", json_integer(c->rows));
        PF_JSON_PUT(col, "empty", json_integer(c->empty));
        PF_JSON_PUT(col, "empty_share", render_json_number(c->empty_share));
        PF_JSON_PUT(col, "severity", json_string(severity(c->column, c->empty_share)));
        PF_JSON_PUT(col, "affects", affects(c->column) ? json_string(affects(c->column)) : json_null());
        PF_JSON_APPEND(columns, col);
    }
    PF_JSON_PUT(o, "columns", columns);
    PF_JSON_PUT(o, "out_of_process_order", json_integer(q->out_of_order));
    PF_JSON_PUT(o, "implied_signatures", json_integer(q->implied_signed));
    PF_JSON_PUT(o, "won_deals_before_signing", json_integer(q->deals_before_signing));
    json_t *reasons = json_array();
    for (size_t k = 0; k < q->reason_count; k++) {
        const pf_reason_count *c = &q->reasons[k];
        json_t *reason = json_object();
        PF_JSON_PUT(reason, "file", json_string(pf_file_names[c->file]));
        PF_JSON_PUT(reason, "kind", json_string(c->is_reject ? "reject" : "warning"));
        PF_JSON_PUT(reason, "column", json_string(c->reason));
        PF_JSON_PUT(reason, "count", json_integer(c->count));
        PF_JSON_APPEND(reasons, reason);
    }
    PF_JSON_PUT(o, "rejects_and_warnings", reasons);
    return render_json_done(o, ok && o);
}

static json_t *consider_ending(const pf_model *m, const pf_results *r)
{
    bool ok = true;
    const pf_at_risk_list *list = &r->at_risk[PF_AT_RISK_CONSIDER_ENDING_9_MONTHS];
    json_t *a = json_array();
    for (long k = 0; list->count != PF_COUNT_UNKNOWN && k < list->count; k++) {
        uint32_t i = list->partners[k].partner;
        const pf_partner *p = &m->partners[i];
        json_t *o = json_object();
        PF_JSON_PUT(o, "partner_id", json_string(p->id));
        PF_JSON_PUT(o, "name", json_string(p->name));
        PF_JSON_PUT(o, "recruiter", json_string(p->recruiter));
        PF_JSON_PUT(o, "signed_on", render_json_date(p->dates[PF_STEP_SIGNED]));
        PF_JSON_PUT(o, "days_since_signing", json_integer(list->partners[k].days_since_signing));
        PF_JSON_PUT(o, "cost", render_json_number(r->partners[i].cost));
        PF_JSON_APPEND(a, o);
    }
    return render_json_done(a, ok && a);
}

/* ---- 6. findings ---- */

static json_t *cites(const pf_finding *f)
{
    bool ok = true;
    pf_cite list[PF_FINDING_MAX_CITES];
    size_t n = audit_finding_cites(f, list);
    json_t *a = json_array();
    for (size_t k = 0; k < n; k++) {
        json_t *o = json_object();
        PF_JSON_PUT(o, "json", json_string(list[k].path));
        PF_JSON_PUT(o, "name", json_string(list[k].name));
        PF_JSON_APPEND(a, o);
    }
    return render_json_done(a, ok && a);
}

/* Title, text and citations of one finding. */
static json_t *finding(const pf_results *r, const pf_audit *a, const pf_finding *f, size_t number_in_list,
                       const char *currency)
{
    bool ok = true;
    json_t *o = json_object();
    char id[24], title[256], text[1024], x[64], y[64], z[64], w[64];
    snprintf(id, sizeof id, "F%zu", number_in_list);
    switch (f->kind) {
    case PF_FINDING_CONSIDER_ENDING:
        snprintf(title, sizeof title, "%ld partners to consider ending under the 6-to-9-month rule",
                 f->partners);
        snprintf(text, sizeof text,
                 "%ld partners signed at least 9 months ago have not closed a single deal; together they have "
                 "cost %s so far. The white paper's rule: stop a partnership with nothing signed after 6 to 9 "
                 "months, and spend the effort on partners that deliver.",
                 f->partners, money_text(f->money, currency, x, sizeof x));
        break;
    case PF_FINDING_SKIPPED_STEP: {
        const char *step = labels_get(PF_LANG_EN, (pf_label)(PF_LABEL_STEP_APPLICATION + f->step));
        const pf_adherence *ad = &a->adherence[f->step];
        snprintf(title, sizeof title, "Skipping the step “%s” costs the most", step);
        snprintf(text, sizeof text,
                 "Mature partners that went through the step “%s” were active %s of the time, those that "
                 "skipped it %s (Fisher's exact test: %s). At the cost per bad recruit, the %ld that skipped "
                 "it stand for "
                 "about %s of avoidable losses: make the step compulsory.",
                 step, percent_text(ad->with.rate.estimate, x, sizeof x),
                 percent_text(ad->without.rate.estimate, y, sizeof y),
                 render_summary_p(f->fisher_p, PF_LANG_EN, w, sizeof w), f->partners,
                 money_text(f->money, currency, z, sizeof z));
        break;
    }
    case PF_FINDING_RECRUITER_BELOW: {
        const pf_segment *row = &r->segments[PF_SEGMENT_RECRUITER].rows[f->segment];
        const char *who = row->value[0] ? row->value : "(no recruiter recorded)";
        snprintf(title, sizeof title, "Recruiter %s: active rate significantly below the rest", who);
        snprintf(
            text, sizeof text,
            "%s of the %ld mature partners recruited by %s were active after onboarding, against %s for "
            "the other recruiters (Fisher's exact test: %s). The gap, at the cost per bad recruit, is about "
            "%s: review how this recruiter qualifies candidates.",
            percent_text(row->active_rate.estimate, x, sizeof x), row->mature, who,
            percent_text(a->recruiter_tests[f->segment].rest_rate, y, sizeof y),
            render_summary_p(f->fisher_p, PF_LANG_EN, w, sizeof w),
            money_text(f->money, currency, z, sizeof z));
        break;
    }
    case PF_FINDING_IMPLIED_SIGNATURES:
    default:
        snprintf(title, sizeof title, "%ld signatures without a date", f->partners);
        snprintf(text, sizeof text,
                 "%ld partners reached the signed stage only because a later step is dated: without signed_on "
                 "they count in the funnel but not among mature partners, so the active rate, the bad "
                 "recruits and their costs leave them out. Record the signing dates in the CRM.",
                 f->partners);
        break;
    }
    static const char *const kinds[PF_FINDING_KIND_COUNT] = {"consider_ending", "skipped_step",
                                                             "recruiter_below", "implied_signatures"};
    PF_JSON_PUT(o, "id", json_string(id));
    PF_JSON_PUT(o, "kind", json_string(kinds[f->kind]));
    PF_JSON_PUT(o, "title", json_string(title));
    PF_JSON_PUT(o, "text", json_string(text));
    PF_JSON_PUT(o, "money_at_stake", render_json_number(f->money));
    PF_JSON_PUT(o, "partners", json_integer(f->partners));
    PF_JSON_PUT(o, "cites", cites(f));
    return render_json_done(o, ok && o);
}

static json_t *findings(const pf_results *r, const pf_audit *a, const char *currency)
{
    bool ok = true;
    json_t *list = json_array();
    for (size_t k = 0; k < a->finding_count; k++)
        PF_JSON_APPEND(list, finding(r, a, &a->findings[k], k + 1, currency));
    return render_json_done(list, ok && list);
}

static json_t *at_risk_counts(const pf_results *r)
{
    bool ok = true;
    json_t *o = json_object();
    for (int b = 0; b < PF_AT_RISK_BAND_COUNT; b++)
        PF_JSON_PUT(o, pf_at_risk_band_names[b], render_json_count(r->at_risk[b].count));
    return render_json_done(o, ok && o);
}

/* ---- 8. appendix ---- */

static json_t *appendix(const pf_model *m, const pf_settings *s, const pf_results *r, int argc, char **argv)
{
    bool ok = true;
    json_t *o = json_object();
    json_t *program = json_object();
    PF_JSON_PUT(program, "name", json_string("partnerfunnel"));
    PF_JSON_PUT(program, "version", json_string(PF_VERSION));
    PF_JSON_PUT(o, "program", program);
    json_t *command = json_array();
    for (int k = 0; argv && k < argc; k++)
        PF_JSON_APPEND(command, json_string(argv[k]));
    PF_JSON_PUT(o, "command_line", command);
    PF_JSON_PUT(o, "definitions", json_string("docs/definitions.md"));
    json_t *settings = json_object();
    PF_JSON_PUT(settings, "path", s->path ? json_string(s->path) : json_null());
    PF_JSON_PUT(settings, "currency", json_string(s->currency));
    PF_JSON_PUT(settings, "window_months", json_integer(r->window_months));
    PF_JSON_PUT(settings, "min_won_deals", json_integer(r->min_won_deals));
    PF_JSON_PUT(o, "settings", settings);
    PF_JSON_PUT(o, "inputs", render_json_inputs(m));
    PF_JSON_PUT(o, "rejects", json_integer((json_int_t)m->reject_count));
    PF_JSON_PUT(o, "warnings", json_integer((json_int_t)m->warning_count));
    return render_json_done(o, ok && o);
}

json_t *render_json_audit(const pf_model *model, const pf_settings *settings, const pf_results *results,
                          const pf_audit *audit, int argc, char **argv)
{
    bool ok = true;
    const char *currency = settings->currency;
    json_t *root = json_object();
    PF_JSON_PUT(root, "as_of", render_json_date(results->as_of));
    PF_JSON_PUT(root, "deals_available", json_boolean(results->deals_available));
    PF_JSON_PUT(root, "costs_available", json_boolean(results->costs_available));
    PF_JSON_PUT(root, "scorecard", scorecard(results, audit, currency));
    PF_JSON_PUT(root, "adherence", adherence(audit));
    PF_JSON_PUT(root, "adherence_by_recruiter", adherence_by_recruiter(results, audit));
    PF_JSON_PUT(root, "times", times(audit));
    PF_JSON_PUT(root, "recruiters",
                segment_rows(&results->segments[PF_SEGMENT_RECRUITER], audit->recruiter_tests));
    PF_JSON_PUT(root, "sources", segment_rows(&results->segments[PF_SEGMENT_SOURCE], audit->source_tests));
    PF_JSON_PUT(root, "data_quality", data_quality(model, audit));
    PF_JSON_PUT(root, "at_risk", at_risk_counts(results));
    PF_JSON_PUT(root, "partners_to_consider_ending", consider_ending(model, results));
    PF_JSON_PUT(root, "consider_ending_cost", render_json_number(audit->consider_ending_cost));
    PF_JSON_PUT(root, "findings", findings(results, audit, currency));
    PF_JSON_PUT(root, "trend", render_json_trend(&results->trend));
    PF_JSON_PUT(root, "appendix", appendix(model, settings, results, argc, argv));
    return render_json_done(root, ok && root);
}
