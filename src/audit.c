/* audit.c — the audit's figures from a loaded model and its pf_results (see the header).
 *
 * Everything per partner is read off results->partners[] (scope, maturity, activity, cost: metrics.c decided
 * them once); this file adds only what the report does not have: the steps a mature partner went through,
 * the other Kaplan–Meier times, tests of each recruiter and source against the rest, data quality per column,
 * and the findings, which are rules over those figures. Statistics are stats.c's.
 */
#include "partnerfunnel/audit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const pf_rubric_names[PF_RUBRIC_COUNT] = {
    "candidates",
    "signing_rate",
    "active_after_window",
    "recruitment_costs",
};

const char *const pf_audit_step_names[PF_AUDIT_STEP_COUNT] = {
    "application",
    "committee",
    "business_plan",
    "kickoff",
};

const char *const pf_audit_step_name_parts[PF_AUDIT_STEP_COUNT] = {
    "Application",
    "Committee",
    "BusinessPlan",
    "Kickoff",
};

const char *const pf_audit_time_names[PF_AUDIT_TIME_COUNT] = {
    "to_recruit",
    "to_first_deal",
    "to_tech_autonomy",
    "to_sales_autonomy",
};

/* The date column of each audited step. */
static const pf_step step_dates[PF_AUDIT_STEP_COUNT] = {
    PF_STEP_APPLIED,
    PF_STEP_COMMITTEE,
    PF_STEP_BUSINESS_PLAN,
    PF_STEP_KICKOFF,
};

/* The white paper's durations: first deal within the 100-day plan; autonomy within the first year. */
#define FIRST_YEAR_DAYS 365.0

static bool on(pf_date date, pf_date as_of)
{
    return date != PF_DATE_NONE && date <= as_of;
}

void audit_init(pf_audit *a)
{
    memset(a, 0, sizeof *a);
    a->consider_ending_cost = NAN;
}

void audit_clear(pf_audit *a)
{
    if (!a)
        return;
    free(a->years);
    free(a->recruiter_skips);
    free(a->recruiter_tests);
    free(a->source_tests);
    free(a->quality.columns);
    free(a->quality.reasons);
    free(a->findings);
    audit_init(a);
}

/* ---- 1. scorecard ---- */

static int compare_years(const void *x, const void *y)
{
    const pf_year_count *a = x, *b = y;
    return (a->year > b->year) - (a->year < b->year);
}

/* Candidates in scope per calendar year of listed_on: a year takes a slot the first time it is seen. */
static pf_error count_years(pf_audit *a, const pf_model *m, const pf_results *r)
{
    size_t capacity = 0;
    for (size_t i = 0; i < m->partner_count; i++) {
        const pf_partner_status *st = &r->partners[i];
        pf_date listed = m->partners[i].dates[PF_STEP_LISTED];
        if (!(st->flags & PF_PARTNER_IN_SCOPE) || listed == PF_DATE_NONE)
            continue;
        int year, month, day;
        field_date_to_ymd(listed, &year, &month, &day);
        size_t k = 0;
        while (k < a->year_count && a->years[k].year != year)
            k++;
        if (k == a->year_count) {
            if (a->year_count == capacity) {
                capacity = capacity ? capacity * 2 : 16;
                pf_year_count *grown = realloc(a->years, capacity * sizeof *grown);
                if (!grown)
                    return PF_ERROR_MEMORY;
                a->years = grown;
            }
            a->years[a->year_count++] = (pf_year_count){year, 0, 0};
        }
        a->years[k].listed++;
        a->years[k].applied += (st->stages >> PF_STAGE_APPLIED) & 1u;
    }
    if (a->year_count > 1)
        qsort(a->years, a->year_count, sizeof *a->years, compare_years);
    return PF_OK;
}

static void fill_scorecard(pf_audit *a, const pf_results *r, bool euro)
{
    a->applied_share = stats_wilson(r->funnel[PF_STAGE_APPLIED].reached, r->funnel[PF_STAGE_LISTED].reached);
    a->signing_rate = stats_wilson(r->funnel[PF_STAGE_SIGNED].reached, r->funnel[PF_STAGE_APPROACHED].reached);
    a->scorecard[PF_RUBRIC_CANDIDATES] =
        (pf_scorecard_row){PF_RUBRIC_CANDIDATES, a->applied_share.estimate, PF_RATING_NOT_RATED};
    a->scorecard[PF_RUBRIC_SIGNING] =
        (pf_scorecard_row){PF_RUBRIC_SIGNING, a->signing_rate.estimate, PF_RATING_NOT_RATED};
    double rate = r->active.rate.estimate;
    a->scorecard[PF_RUBRIC_ACTIVE] =
        (pf_scorecard_row){PF_RUBRIC_ACTIVE, rate, reference_rate(rate, &pf_rule_active_rate)};
    double cost = r->bad_recruits.cost_per_bad_recruit;
    /* the €15–70 k reference is in euros: another currency is not rated */
    a->scorecard[PF_RUBRIC_COSTS] = (pf_scorecard_row){
        PF_RUBRIC_COSTS, cost, reference_rate(cost, euro ? &pf_rule_cost_per_bad_recruit : NULL)};
}

/* ---- 2. adherence ---- */

static pf_adherence_row adherence_row(long mature, long active, bool deals)
{
    pf_adherence_row row = {mature, deals ? active : PF_COUNT_UNKNOWN, {0, 0, NAN, NAN, NAN}};
    row.rate = deals ? stats_wilson(active, mature) : (pf_proportion){PF_COUNT_UNKNOWN, mature, NAN, NAN, NAN};
    return row;
}

/* Fisher's p of [[a1, m1 − a1], [a0, m0 − a0]]; NAN when a row is empty or activity is unknown. */
static double fisher_rows(long a1, long m1, long a0, long m0, bool deals)
{
    if (!deals || m1 <= 0 || m0 <= 0)
        return NAN;
    return stats_fisher_exact(a1, m1 - a1, a0, m0 - a0);
}

static void fill_adherence(pf_audit *a, const pf_model *m, const pf_results *r)
{
    long mature[PF_AUDIT_STEP_COUNT][2] = {{0}}, active[PF_AUDIT_STEP_COUNT][2] = {{0}};
    for (size_t i = 0; i < m->partner_count; i++) {
        const pf_partner_status *st = &r->partners[i];
        if (!(st->flags & PF_PARTNER_MATURE))
            continue;
        bool is_active = (st->flags & PF_PARTNER_ACTIVE) != 0;
        for (int s = 0; s < PF_AUDIT_STEP_COUNT; s++) {
            int done = on(m->partners[i].dates[step_dates[s]], r->as_of);
            mature[s][done]++;
            active[s][done] += is_active;
        }
    }
    bool deals = r->deals_available;
    for (int s = 0; s < PF_AUDIT_STEP_COUNT; s++) {
        pf_adherence *ad = &a->adherence[s];
        ad->with = adherence_row(mature[s][1], active[s][1], deals);
        ad->without = adherence_row(mature[s][0], active[s][0], deals);
        long total = mature[s][0] + mature[s][1];
        ad->share_with = total > 0 ? (double)mature[s][1] / (double)total : NAN;
        ad->fisher_p = fisher_rows(active[s][1], mature[s][1], active[s][0], mature[s][0], deals);
    }
}

/* The row of value in a segment list (rows sorted by strcmp), −1 when none. */
static long find_row(const pf_segment_list *list, const char *value)
{
    const char *text = value ? value : "";
    size_t low = 0, high = list->count;
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        int c = strcmp(list->rows[mid].value, text);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            low = mid + 1;
        else
            high = mid;
    }
    return -1;
}

static pf_error fill_recruiter_skips(pf_audit *a, const pf_model *m, const pf_results *r)
{
    const pf_segment_list *list = &r->segments[PF_SEGMENT_RECRUITER];
    a->recruiter_skips = calloc(list->count ? list->count : 1, sizeof *a->recruiter_skips);
    if (!a->recruiter_skips)
        return PF_ERROR_MEMORY;
    for (size_t i = 0; i < m->partner_count; i++) {
        const pf_partner_status *st = &r->partners[i];
        if (!(st->flags & PF_PARTNER_SIGNED_DATED))
            continue;
        long row = find_row(list, m->partners[i].recruiter);
        if (row < 0)
            continue;
        pf_recruiter_skips *skips = &a->recruiter_skips[row];
        skips->signed_dated++;
        for (int s = 0; s < PF_AUDIT_STEP_COUNT; s++)
            skips->skipped[s] += !on(m->partners[i].dates[step_dates[s]], r->as_of);
    }
    return PF_OK;
}

/* ---- 3. times ---- */

/* Kaplan–Meier of the time from step `from` to step `to` over the partners with `from` on as_of: an event
 * when `to` is on as_of and not before `from`; censored at ended_on (when on) or as_of otherwise; a partner
 * whose `to` is dated before `from` is left out (out of process order, counted in data quality). */
static pf_error fit_time(pf_audit_duration *out, const pf_model *m, const pf_results *r, pf_step from,
                         pf_step to, uint16_t needs_flag, double reference)
{
    pf_error code = PF_ERROR_MEMORY;
    size_t n = m->partner_count ? m->partner_count : 1;
    double *time = malloc(n * sizeof *time);
    int *event = malloc(n * sizeof *event);
    pf_km km;
    stats_km_init(&km);
    if (!time || !event)
        goto cleanup;
    size_t k = 0;
    long events = 0;
    for (size_t i = 0; i < m->partner_count; i++) {
        const pf_partner_status *st = &r->partners[i];
        const pf_date *d = m->partners[i].dates;
        if (!(st->flags & needs_flag) || !on(d[from], r->as_of))
            continue;
        if (on(d[to], r->as_of)) {
            if (d[to] < d[from])
                continue;
            time[k] = (double)(d[to] - d[from]);
            event[k++] = 1;
            events++;
        } else {
            pf_date end = on(d[PF_STEP_ENDED], r->as_of) ? d[PF_STEP_ENDED] : r->as_of;
            time[k] = end > d[from] ? (double)(end - d[from]) : 0.0;
            event[k++] = 0;
        }
    }
    out->partners = (long)k;
    out->events = events;
    out->median = out->median_low = out->median_high = NAN;
    out->reference_days = reference;
    code = stats_km_fit(&km, time, event, k);
    if (code == PF_OK) {
        out->median = km.median;
        out->median_low = km.median_low;
        out->median_high = km.median_high;
    }
cleanup:
    stats_km_clear(&km);
    free(time);
    free(event);
    return code;
}

static pf_error fill_times(pf_audit *a, const pf_model *m, const pf_results *r)
{
    pf_error code = fit_time(&a->times[PF_AUDIT_TIME_TO_RECRUIT], m, r, PF_STEP_APPROACHED, PF_STEP_SIGNED,
                             PF_PARTNER_IN_SCOPE, NAN);
    if (code == PF_OK)
        code = fit_time(&a->times[PF_AUDIT_TIME_TO_TECH], m, r, PF_STEP_SIGNED, PF_STEP_TECH_AUTONOMY,
                        PF_PARTNER_SIGNED_DATED, FIRST_YEAR_DAYS);
    if (code == PF_OK)
        code = fit_time(&a->times[PF_AUDIT_TIME_TO_SALES], m, r, PF_STEP_SIGNED, PF_STEP_SALES_AUTONOMY,
                        PF_PARTNER_SIGNED_DATED, FIRST_YEAR_DAYS);
    const pf_first_deal_times *t = &r->first_deal;
    a->times[PF_AUDIT_TIME_TO_FIRST_DEAL] =
        (pf_audit_duration){t->partners, t->events, t->median, t->median_low, t->median_high, PF_PLAN_DAYS};
    return code;
}

/* ---- 4. segments against the rest ---- */

static pf_error test_segments(pf_segment_test **out, const pf_segment_list *list, const pf_results *r)
{
    *out = calloc(list->count ? list->count : 1, sizeof **out);
    if (!*out)
        return PF_ERROR_MEMORY;
    bool deals = r->deals_available;
    long all_mature = r->active.mature, all_active = r->active.active;
    for (size_t k = 0; k < list->count; k++) {
        const pf_segment *row = &list->rows[k];
        pf_segment_test *test = &(*out)[k];
        long rest_mature = all_mature - row->mature;
        long rest_active = deals ? all_active - row->active : 0;
        test->small = row->mature < PF_AUDIT_SMALL_N;
        test->rest_rate = deals && rest_mature > 0 ? (double)rest_active / (double)rest_mature : NAN;
        test->fisher_p = fisher_rows(row->active, row->mature, rest_active, rest_mature, deals);
    }
    return PF_OK;
}

/* ---- 5. data quality ---- */

/* Whether column c of accepted row i of its file is empty. */
static bool partner_empty(const pf_partner *p, pf_column c)
{
    switch (c) {
    case PF_COL_PARTNER_ID: return false;
    case PF_COL_NAME: return !p->name || !*p->name;
    case PF_COL_COMPANY_ID: return !p->company_id || !*p->company_id;
    case PF_COL_CATEGORY: return !p->category || !*p->category;
    case PF_COL_MARKET: return !p->market || !*p->market;
    case PF_COL_SOURCE: return !p->source || !*p->source;
    case PF_COL_RECRUITER: return !p->recruiter || !*p->recruiter;
    case PF_COL_RECRUITMENT_COST: return isnan(p->recruitment_cost);
    case PF_COL_ONBOARDING_COST: return isnan(p->onboarding_cost);
    default:
        for (int s = 0; s < PF_STEP_COUNT; s++)
            if (pf_step_columns[s] == c)
                return p->dates[s] == PF_DATE_NONE;
        return false; /* decision: an empty one reads as pending, indistinguishable */
    }
}

static bool deal_empty(const pf_deal *d, pf_column c)
{
    return c == PF_COL_DEAL_CLOSED_ON ? d->closed_on == PF_DATE_NONE
           : c == PF_COL_DEAL_AMOUNT  ? isnan(d->amount)
                                      : false;
}

static bool cost_empty(const pf_cost *cost, pf_column c)
{
    return c == PF_COL_COST_PARTNER_ID ? cost->partner < 0
           : c == PF_COL_COST_CATEGORY ? !cost->category || !*cost->category
                                       : false;
}

static long count_empty(const pf_model *m, pf_file_kind f, pf_column c, long *rows)
{
    long empty = 0;
    if (f == PF_FILE_PARTNERS) {
        *rows = (long)m->partner_count;
        for (size_t i = 0; i < m->partner_count; i++)
            empty += partner_empty(&m->partners[i], c);
    } else if (f == PF_FILE_DEALS) {
        *rows = (long)m->deal_count;
        for (size_t i = 0; i < m->deal_count; i++)
            empty += deal_empty(&m->deals[i], c);
    } else {
        *rows = (long)m->cost_count;
        for (size_t i = 0; i < m->cost_count; i++)
            empty += cost_empty(&m->costs[i], c);
    }
    return empty;
}

static pf_error fill_columns(pf_data_quality *q, const pf_model *m)
{
    q->columns = malloc(PF_COL_COUNT * sizeof *q->columns);
    if (!q->columns)
        return PF_ERROR_MEMORY;
    for (int f = 0; f < PF_FILE_COUNT; f++) {
        const pf_input *in = &m->inputs[f];
        if (!in->present)
            continue;
        pf_column first, end;
        schema_file_columns((pf_file_kind)f, &first, &end);
        for (pf_column c = first; c < end; c++) {
            if (in->column_index[c] < 0)
                continue;
            pf_column_quality *col = &q->columns[q->column_count++];
            col->file = (pf_file_kind)f;
            col->column = c;
            col->empty = count_empty(m, (pf_file_kind)f, c, &col->rows);
            col->empty_share = col->rows > 0 ? (double)col->empty / (double)col->rows : NAN;
        }
    }
    return PF_OK;
}

/* A partner whose dated steps go backwards in process order (listed … kickoff). */
static bool out_of_order(const pf_partner *p)
{
    pf_date latest = PF_DATE_NONE;
    for (int s = PF_STEP_LISTED; s <= PF_STEP_KICKOFF; s++) {
        pf_date d = p->dates[s];
        if (d == PF_DATE_NONE)
            continue;
        if (latest != PF_DATE_NONE && d < latest)
            return true;
        if (latest == PF_DATE_NONE || d > latest)
            latest = d;
    }
    return false;
}

static int compare_reasons(const void *x, const void *y)
{
    const pf_reason_count *a = x, *b = y;
    if (a->file != b->file)
        return (a->file > b->file) - (a->file < b->file);
    if (a->is_reject != b->is_reject)
        return a->is_reject ? -1 : 1;
    if (a->count != b->count)
        return (a->count < b->count) - (a->count > b->count);
    return strcmp(a->reason, b->reason);
}

/* Adds one reject or warning to its (file, kind, column) group. Groups are few: a linear search. */
static pf_error add_reason(pf_data_quality *q, size_t *capacity, pf_file_kind file, const char *column,
                           bool is_reject)
{
    const char *text = column ? column : "";
    for (size_t k = 0; k < q->reason_count; k++) {
        pf_reason_count *c = &q->reasons[k];
        if (c->file == file && c->is_reject == is_reject && strcmp(c->reason, text) == 0) {
            c->count++;
            return PF_OK;
        }
    }
    if (q->reason_count == *capacity) {
        *capacity = *capacity ? *capacity * 2 : 16;
        pf_reason_count *grown = realloc(q->reasons, *capacity * sizeof *grown);
        if (!grown)
            return PF_ERROR_MEMORY;
        q->reasons = grown;
    }
    q->reasons[q->reason_count++] = (pf_reason_count){file, text, 1, is_reject};
    return PF_OK;
}

static pf_error fill_quality(pf_data_quality *q, const pf_model *m, const pf_results *r)
{
    pf_error code = fill_columns(q, m);
    if (code != PF_OK)
        return code;
    for (size_t i = 0; i < m->partner_count; i++)
        q->out_of_order += out_of_order(&m->partners[i]);
    q->implied_signed = r->funnel[PF_STAGE_SIGNED].implied;
    for (size_t i = 0; i < m->deal_count; i++) {
        const pf_deal *deal = &m->deals[i];
        pf_date signed_on = m->partners[deal->partner].dates[PF_STEP_SIGNED];
        q->deals_before_signing += deal->status == PF_DEAL_WON && on(deal->closed_on, r->as_of) &&
                                   signed_on != PF_DATE_NONE && deal->closed_on < signed_on;
    }
    size_t capacity = 0;
    for (size_t i = 0; i < m->reject_count && code == PF_OK; i++)
        code = add_reason(q, &capacity, m->rejects[i].file, m->rejects[i].column, true);
    for (size_t i = 0; i < m->warning_count && code == PF_OK; i++)
        code = add_reason(q, &capacity, m->warnings[i].file, m->warnings[i].column, false);
    if (code == PF_OK && q->reason_count > 1)
        qsort(q->reasons, q->reason_count, sizeof *q->reasons, compare_reasons);
    return code;
}

/* ---- 6. findings ---- */

static pf_error add_finding(pf_audit *a, size_t *capacity, pf_finding finding)
{
    if (a->finding_count == *capacity) {
        *capacity = *capacity ? *capacity * 2 : 8;
        pf_finding *grown = realloc(a->findings, *capacity * sizeof *grown);
        if (!grown)
            return PF_ERROR_MEMORY;
        a->findings = grown;
    }
    a->findings[a->finding_count++] = finding;
    return PF_OK;
}

static int compare_findings(const void *x, const void *y)
{
    const pf_finding *a = x, *b = y;
    bool ka = isfinite(a->money), kb = isfinite(b->money);
    if (ka != kb)
        return ka ? -1 : 1;
    if (ka && a->money != b->money)
        return (a->money < b->money) - (a->money > b->money);
    if (a->kind != b->kind)
        return (a->kind > b->kind) - (a->kind < b->kind);
    if (a->step != b->step)
        return (a->step > b->step) - (a->step < b->step);
    return (a->segment > b->segment) - (a->segment < b->segment);
}

#define SIGNIFICANT 0.05

static pf_error fill_findings(pf_audit *a, const pf_results *r)
{
    size_t capacity = 0;
    pf_error code = PF_OK;
    double per_bad = r->bad_recruits.cost_per_bad_recruit;
    const pf_at_risk_list *ending = &r->at_risk[PF_AT_RISK_CONSIDER_ENDING_9_MONTHS];
    if (ending->count > 0) {
        double cost = 0;
        for (long k = 0; k < ending->count; k++)
            cost += r->partners[ending->partners[k].partner].cost;
        a->consider_ending_cost = r->costs_available ? cost : NAN;
        code = add_finding(
            a, &capacity,
            (pf_finding){PF_FINDING_CONSIDER_ENDING, -1, -1, ending->count, a->consider_ending_cost, NAN, NAN});
    }
    /* the step whose skipping costs most: (rate with − rate without) × mature without × cost per bad recruit */
    int worst = -1;
    double worst_money = -1;
    for (int s = 0; s < PF_AUDIT_STEP_COUNT && code == PF_OK; s++) {
        const pf_adherence *ad = &a->adherence[s];
        double difference = ad->with.rate.estimate - ad->without.rate.estimate;
        if (!(ad->fisher_p < SIGNIFICANT) || !(difference > 0))
            continue;
        double money = difference * (double)ad->without.mature * per_bad;
        double rank = isfinite(money) ? money : 0;
        if (rank > worst_money) {
            worst_money = rank;
            worst = s;
        }
    }
    if (worst >= 0 && code == PF_OK) {
        const pf_adherence *ad = &a->adherence[worst];
        double difference = ad->with.rate.estimate - ad->without.rate.estimate;
        code = add_finding(a, &capacity,
                           (pf_finding){PF_FINDING_SKIPPED_STEP, worst, -1, ad->without.mature,
                                        difference * (double)ad->without.mature * per_bad, difference,
                                        ad->fisher_p});
    }
    /* recruiters significantly below the rest: the active partners they fall short by × cost per bad recruit */
    const pf_segment_list *recruiters = &r->segments[PF_SEGMENT_RECRUITER];
    for (size_t k = 0; k < recruiters->count && code == PF_OK; k++) {
        const pf_segment *row = &recruiters->rows[k];
        const pf_segment_test *test = &a->recruiter_tests[k];
        double difference = test->rest_rate - row->active_rate.estimate;
        if (!(test->fisher_p < SIGNIFICANT) || !(difference > 0))
            continue;
        code =
            add_finding(a, &capacity,
                        (pf_finding){PF_FINDING_RECRUITER_BELOW, -1, (long)k, row->mature,
                                     difference * (double)row->mature * per_bad, difference, test->fisher_p});
    }
    /* signatures without a date: those partners are outside every rate after signing */
    if (a->quality.implied_signed > 0 && code == PF_OK)
        code = add_finding(
            a, &capacity,
            (pf_finding){PF_FINDING_IMPLIED_SIGNATURES, -1, -1, a->quality.implied_signed, NAN, NAN, NAN});
    if (code == PF_OK && a->finding_count > 1)
        qsort(a->findings, a->finding_count, sizeof *a->findings, compare_findings);
    return code;
}

static void cite(pf_cite *c, const char *path, const char *name)
{
    snprintf(c->path, sizeof c->path, "%s", path);
    snprintf(c->name, sizeof c->name, "%s", name);
}

size_t audit_finding_cites(const pf_finding *f, pf_cite cites[PF_FINDING_MAX_CITES])
{
    char path[96], name[64];
    switch (f->kind) {
    case PF_FINDING_CONSIDER_ENDING:
        cite(&cites[0], "at_risk.consider_ending_9_months", "AuditConsiderEndingPartners");
        cite(&cites[1], "consider_ending_cost", "AuditConsiderEndingCost");
        return 2;
    case PF_FINDING_SKIPPED_STEP: {
        const char *step = pf_audit_step_names[f->step], *part = pf_audit_step_name_parts[f->step];
        static const char *const sides[2][2] = {{"with.rate", "RateWith"}, {"without.rate", "RateWithout"}};
        for (int k = 0; k < 2; k++) {
            snprintf(path, sizeof path, "adherence.%s.%s", step, sides[k][0]);
            snprintf(name, sizeof name, "Adherence%s%s", part, sides[k][1]);
            cite(&cites[k], path, name);
        }
        snprintf(path, sizeof path, "adherence.%s.fisher_p", step);
        snprintf(name, sizeof name, "Adherence%sFisherP", part);
        cite(&cites[2], path, name);
        cite(&cites[3], "scorecard[3].figures.cost_per_bad_recruit", "AuditCostPerBadRecruit");
        return 4;
    }
    case PF_FINDING_RECRUITER_BELOW: {
        static const char *const keys[3][2] = {
            {"rate", "Rate"}, {"rest_rate", "RestRate"}, {"fisher_p", "FisherP"}};
        for (int k = 0; k < 3; k++) {
            snprintf(path, sizeof path, "recruiters[%ld].%s", f->segment, keys[k][0]);
            snprintf(name, sizeof name, "AuditRecruiter%ld%s", f->segment + 1, keys[k][1]);
            cite(&cites[k], path, name);
        }
        cite(&cites[3], "scorecard[3].figures.cost_per_bad_recruit", "AuditCostPerBadRecruit");
        return 4;
    }
    case PF_FINDING_IMPLIED_SIGNATURES:
    default:
        cite(&cites[0], "data_quality.implied_signatures", "AuditImpliedSignatures");
        cite(&cites[1], "scorecard[2].figures.mature", "AuditMaturePartners");
        return 2;
    }
}

pf_error audit_compute(pf_audit *a, const pf_model *m, const pf_results *r, const char *currency,
                       pf_error_context *err)
{
    audit_clear(a);
    pf_error code = count_years(a, m, r);
    if (code == PF_OK) {
        fill_scorecard(a, r, !currency || strcmp(currency, "EUR") == 0);
        fill_adherence(a, m, r);
        code = fill_recruiter_skips(a, m, r);
    }
    if (code == PF_OK)
        code = fill_times(a, m, r);
    if (code == PF_OK)
        code = test_segments(&a->recruiter_tests, &r->segments[PF_SEGMENT_RECRUITER], r);
    if (code == PF_OK)
        code = test_segments(&a->source_tests, &r->segments[PF_SEGMENT_SOURCE], r);
    if (code == PF_OK)
        code = fill_quality(&a->quality, m, r);
    if (code == PF_OK)
        code = fill_findings(a, r);
    if (code != PF_OK) {
        audit_clear(a);
        return pf_error_set(err, code, NULL, 0, NULL, "out of memory while computing the audit");
    }
    return PF_OK;
}
