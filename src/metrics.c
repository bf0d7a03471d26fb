/* metrics.c — the figures of docs/definitions.md from a loaded model into one pf_results.
 *
 * One pass over the partners decides everything that is per partner (scope, stages reached, mark, maturity,
 * first deal, activity, cost, at-risk band) into results->partners[]; every aggregate is then read off that
 * array. The statistics themselves (Wilson, Kaplan–Meier, log-rank, Fisher, medians) are stats.c's: nothing
 * here calls GSL. Segments group partners by the interned value pointer through a small open-addressing
 * hash (equal strings share a pointer in a loaded model), then sort the groups by their text and merge equal
 * texts, so a hand-built model whose equal strings are distinct pointers still gives one row per value.
 * Everything is O(n) or O(n log n): a million candidates take a fraction of a second.
 */
#include "partnerfunnel/metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const pf_stage_names[PF_STAGE_COUNT] = {
    "listed", "approached", "applied", "reviewed", "approved", "signed", "kicked_off", "first_deal",
};

const char *const pf_at_risk_band_names[PF_AT_RISK_BAND_COUNT] = {
    "behind_100_days",
    "review_6_months",
    "consider_ending_9_months",
};

const char *const pf_segment_kind_names[PF_SEGMENT_KIND_COUNT] = {
    "category", "market", "source", "recruiter", "cohort",
};

#define NO_GROUP UINT32_MAX

/* One status per candidate: a million of them are 32 MB, kept while the workbook is written. */
_Static_assert(sizeof(pf_partner_status) == 32, "pf_partner_status packs into 32 bytes");

/* ---- small helpers ---- */

/* on(x) of docs/definitions.md "Reporting date": dated, and not after as_of. */
static bool on(pf_date date, pf_date as_of)
{
    return date != PF_DATE_NONE && date <= as_of;
}

/* The partners a computation goes over: all of them (index NULL), or the listed ones in model order. The
 * status of the j-th is r->partners[j] either way. A listed set may come with copies of its partners'
 * records, records[j] the j-th's, read in sequence instead of scattered over the model. */
typedef struct partner_set {
    const uint32_t *index;
    size_t count;
    const pf_partner *records; /* NULL: the model's */
} partner_set;

static size_t partner_at(const partner_set *set, size_t j)
{
    return set->index ? set->index[j] : j;
}

/* The record of the set's j-th partner (the copy when the set has them). */
static const pf_partner *partner_record(const pf_model *m, const partner_set *set, size_t j)
{
    return set->records ? &set->records[j] : &m->partners[partner_at(set, j)];
}

/* A listed set's partners are scattered over the model, each a cache miss: the loops over it ask for the
 * fields they read a few partners ahead. */
#define PF_PREFETCH_AHEAD 8

static void prefetch_partner(const pf_model *m, const partner_set *set, size_t j)
{
    if (!set->index || set->records || j + PF_PREFETCH_AHEAD >= set->count)
        return;
    const pf_partner *p = &m->partners[set->index[j + PF_PREFETCH_AHEAD]];
    __builtin_prefetch(p->dates);
    __builtin_prefetch(&p->onboarding_cost);
    __builtin_prefetch(&p->first_deal);
    __builtin_prefetch(&p->decision);
}

static double zero_if_nan(double value)
{
    return isnan(value) ? 0.0 : value;
}

static pf_proportion unknown_proportion(long successes, long trials)
{
    pf_proportion p = {successes, trials, NAN, NAN, NAN};
    return p;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* n, median and mean of values (sorted in place). */
static pf_duration duration_of(double *values, size_t n)
{
    pf_duration d = {(long)n, NAN, NAN};
    if (n == 0)
        return d;
    qsort(values, n, sizeof *values, compare_doubles);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += values[i];
    d.median = stats_median_sorted(values, n);
    d.mean = sum / (double)n;
    return d;
}

void metrics_quarter_label(pf_date date, char out[8])
{
    int year, month, day;
    field_date_to_ymd(date, &year, &month, &day);
    if (year < 0)
        year = 0;
    if (year > 9999)
        year = 9999;
    out[0] = (char)('0' + year / 1000);
    out[1] = (char)('0' + year / 100 % 10);
    out[2] = (char)('0' + year / 10 % 10);
    out[3] = (char)('0' + year % 10);
    out[4] = '-';
    out[5] = 'Q';
    out[6] = (char)('1' + (month - 1) / 3);
    out[7] = '\0';
}

/* ---- lifecycle ---- */

void metrics_init(pf_results *r)
{
    memset(r, 0, sizeof *r);
    r->as_of = PF_DATE_NONE;
    for (int s = 0; s < PF_STAGE_COUNT; s++)
        r->funnel[s].conversion = unknown_proportion(0, 0);
    r->active.rate = unknown_proportion(0, 0);
    r->bad_recruits.total_cost = NAN;
    r->bad_recruits.cost_per_bad_recruit = NAN;
    r->mature_cost = NAN;
    r->cost_per_active_partner = NAN;
    r->overhead.total = NAN;
    r->first_deal.median = r->first_deal.median_low = r->first_deal.median_high = NAN;
    r->first_deal.p_within_100_days = r->first_deal.p_within_100_days_low = NAN;
    r->first_deal.p_within_100_days_high = NAN;
    r->first_deal.naive.median = r->first_deal.naive.mean = NAN;
    stats_km_init(&r->first_deal.km);
    r->hundred_day_plan.chi2 = r->hundred_day_plan.p = NAN;
    for (int i = 0; i < 2; i++)
        r->business_plan.rate[i] = unknown_proportion(0, 0);
    r->business_plan.fisher_p = NAN;
    pf_duration none = {0, NAN, NAN};
    r->time_to_recruit = r->tech_autonomy = r->sales_autonomy = none;
}

void metrics_clear(pf_results *r)
{
    if (!r)
        return;
    free(r->partners);
    free(r->cohort_labels);
    free(r->overhead.by_category);
    stats_km_clear(&r->first_deal.km);
    for (int b = 0; b < PF_AT_RISK_BAND_COUNT; b++)
        free(r->at_risk[b].partners);
    for (int k = 0; k < PF_SEGMENT_KIND_COUNT; k++)
        free(r->segments[k].rows);
    metrics_init(r);
}

/* ---- grouping by key (interned pointer or quarter number) ---- */

typedef struct group_table {
    uintptr_t *keys;  /* 0 = empty slot */
    uint32_t *groups; /* provisional group of each slot */
    size_t capacity;  /* power of two */
    size_t count;
} group_table;

static size_t slot_of(uintptr_t key, size_t capacity)
{
    unsigned long long h = (unsigned long long)key * 0x9E3779B97F4A7C15ULL;
    return (size_t)(h ^ (h >> 29)) & (capacity - 1);
}

static int table_grow(group_table *t)
{
    size_t capacity = t->capacity ? t->capacity * 2 : 64;
    uintptr_t *keys = calloc(capacity, sizeof *keys);
    uint32_t *groups = malloc(capacity * sizeof *groups);
    if (!keys || !groups) {
        free(keys);
        free(groups);
        return -1;
    }
    for (size_t i = 0; i < t->capacity; i++) {
        if (!t->keys[i])
            continue;
        size_t s = slot_of(t->keys[i], capacity);
        while (keys[s])
            s = (s + 1) & (capacity - 1);
        keys[s] = t->keys[i];
        groups[s] = t->groups[i];
    }
    free(t->keys);
    free(t->groups);
    t->keys = keys;
    t->groups = groups;
    t->capacity = capacity;
    return 0;
}

/* The group of key (key != 0), a new one (numbered in order of first appearance) when unseen; NO_GROUP when
 * memory runs out. *is_new says which. */
static uint32_t table_group(group_table *t, uintptr_t key, bool *is_new)
{
    *is_new = false;
    if ((t->count + 1) * 2 > t->capacity && table_grow(t) != 0)
        return NO_GROUP;
    size_t s = slot_of(key, t->capacity);
    while (t->keys[s]) {
        if (t->keys[s] == key)
            return t->groups[s];
        s = (s + 1) & (t->capacity - 1);
    }
    t->keys[s] = key;
    t->groups[s] = (uint32_t)t->count++;
    *is_new = true;
    return t->groups[s];
}

static void table_free(group_table *t)
{
    free(t->keys);
    free(t->groups);
    memset(t, 0, sizeof *t);
}

typedef struct group_label {
    const char *label;
    uint32_t group;
} group_label;

static int compare_labels(const void *a, const void *b)
{
    const group_label *x = a, *y = b;
    int c = strcmp(x->label, y->label);
    return c ? c : (x->group > y->group) - (x->group < y->group);
}

/* A partner with a time to sign (pf_partner_status.days_to_sign >= 0). */
typedef struct signer {
    int32_t days;
    uint32_t partner;
} signer;

static const char *segment_text(const pf_partner *p, pf_segment_kind kind)
{
    const char *s = kind == PF_SEGMENT_CATEGORY ? p->category
                    : kind == PF_SEGMENT_MARKET ? p->market
                    : kind == PF_SEGMENT_SOURCE ? p->source
                                                : p->recruiter;
    return s ? s : "";
}

/* Quarter number of a date (year * 4 + quarter − 1), + 1 so that it is never the table's empty key. */
static uintptr_t quarter_key(pf_date date)
{
    int year, month, day;
    field_date_to_ymd(date, &year, &month, &day);
    return (uintptr_t)((year < 0 ? 0 : year) * 4 + (month - 1) / 3) + 1;
}

/* The partners of one dimension split into provisional groups (one per distinct key). */
typedef struct grouping {
    group_table table;
    const char **labels; /* provisional group -> its text (cohorts: filled once all are known) */
    pf_date *dates;      /* cohorts: a signing date in the group's quarter */
    size_t capacity;
    uint32_t *group_of; /* per partner, NO_GROUP when the partner is not counted in this dimension */
} grouping;

static void grouping_free(grouping *g)
{
    table_free(&g->table);
    free(g->labels);
    free(g->dates);
    free(g->group_of);
    memset(g, 0, sizeof *g);
}

/* Puts partner i in the group of key; 0, or −1 when memory runs out. */
static int grouping_add(grouping *g, size_t i, uintptr_t key, const char *label, pf_date date)
{
    bool is_new;
    uint32_t group = table_group(&g->table, key, &is_new);
    if (group == NO_GROUP)
        return -1;
    if (is_new) {
        if (g->table.count > g->capacity) {
            size_t capacity = g->capacity ? g->capacity * 2 : 64;
            const char **labels = realloc(g->labels, capacity * sizeof *labels);
            if (!labels)
                return -1;
            g->labels = labels;
            pf_date *dates = realloc(g->dates, capacity * sizeof *dates);
            if (!dates)
                return -1;
            g->dates = dates;
            g->capacity = capacity;
        }
        g->labels[group] = label;
        g->dates[group] = date;
    }
    g->group_of[i] = group;
    return 0;
}

/* Rows of one dimension from its grouping: sort the groups by text, merge equal texts (distinct pointers),
 * count, and take the median days to sign per row. */
static pf_error finish_segments(pf_results *r, pf_segment_kind kind, grouping *grouped, size_t n,
                                const signer *signers, size_t signer_count)
{
    pf_error code = PF_ERROR_MEMORY;
    group_label *order = NULL;
    uint32_t *final_of = NULL;
    size_t *offsets = NULL;
    double *days = NULL;
    uint32_t *group_of = grouped->group_of;
    size_t groups = grouped->table.count;
    if (kind == PF_SEGMENT_COHORT && groups > 0) {
        r->cohort_labels = malloc(groups * sizeof *r->cohort_labels);
        if (!r->cohort_labels)
            goto cleanup;
        for (size_t g = 0; g < groups; g++) {
            metrics_quarter_label(grouped->dates[g], r->cohort_labels[g]);
            grouped->labels[g] = r->cohort_labels[g];
        }
    }
    order = malloc((groups ? groups : 1) * sizeof *order);
    final_of = malloc((groups ? groups : 1) * sizeof *final_of);
    if (!order || !final_of)
        goto cleanup;
    for (size_t g = 0; g < groups; g++)
        order[g] = (group_label){grouped->labels[g], (uint32_t)g};
    qsort(order, groups, sizeof *order, compare_labels);
    size_t rows = 0;
    for (size_t k = 0; k < groups; k++) {
        if (k == 0 || strcmp(order[k].label, order[k - 1].label) != 0)
            rows++;
        final_of[order[k].group] = (uint32_t)(rows - 1);
    }
    pf_segment_list *list = &r->segments[kind];
    list->rows = calloc(rows ? rows : 1, sizeof *list->rows);
    if (!list->rows)
        goto cleanup;
    list->count = rows;
    for (size_t k = 0; k < groups; k++)
        list->rows[final_of[order[k].group]].value = order[k].label;

    size_t day_count = 0;
    for (size_t i = 0; i < n; i++) {
        if (group_of[i] == NO_GROUP)
            continue;
        uint32_t g = final_of[group_of[i]];
        group_of[i] = g;
        const pf_partner_status *st = &r->partners[i];
        pf_segment *row = &list->rows[g];
        row->listed++;
        row->signed_partners += (st->stages >> PF_STAGE_SIGNED) & 1u;
        row->applications += (st->stages >> PF_STAGE_APPLIED) & 1u;
        row->mature += (st->flags & PF_PARTNER_MATURE) != 0;
        row->active += (st->flags & PF_PARTNER_ACTIVE) != 0;
        row->business_plans += (st->flags & PF_PARTNER_BUSINESS_PLAN) != 0;
        day_count += st->days_to_sign >= 0;
    }
    for (size_t g = 0; g < rows; g++) {
        pf_segment *row = &list->rows[g];
        if (r->deals_available) {
            row->active_rate = stats_wilson(row->active, row->mature);
        } else {
            row->active = PF_COUNT_UNKNOWN;
            row->active_rate = unknown_proportion(PF_COUNT_UNKNOWN, row->mature);
        }
        row->median_days_to_sign = NAN;
    }

    /* median days approached → signed per row: a stable counting sort of the partners (already in
     * increasing days) by row leaves each row's days sorted */
    offsets = calloc(rows + 1, sizeof *offsets);
    days = malloc((day_count ? day_count : 1) * sizeof *days);
    if (!offsets || !days)
        goto cleanup;
    for (size_t k = 0; k < signer_count; k++)
        if (group_of[signers[k].partner] != NO_GROUP)
            offsets[group_of[signers[k].partner] + 1]++;
    for (size_t g = 0; g < rows; g++)
        offsets[g + 1] += offsets[g];
    for (size_t g = 0; g < rows; g++) {
        size_t start = offsets[g], end = offsets[g + 1];
        list->rows[g].days_to_sign_n = (long)(end - start);
    }
    for (size_t k = 0; k < signer_count; k++) {
        uint32_t g = group_of[signers[k].partner];
        if (g != NO_GROUP)
            days[offsets[g]++] = (double)signers[k].days;
    }
    for (size_t g = 0, start = 0; g < rows; g++) {
        size_t count = (size_t)list->rows[g].days_to_sign_n;
        list->rows[g].median_days_to_sign = stats_median_sorted(days + start, count);
        start += count;
    }
    code = PF_OK;
cleanup:
    free(order);
    free(final_of);
    free(offsets);
    free(days);
    return code;
}

static int compare_signers(const void *a, const void *b)
{
    const signer *x = a, *y = b;
    if (x->days != y->days)
        return (x->days > y->days) - (x->days < y->days);
    return (x->partner > y->partner) - (x->partner < y->partner);
}

/* Every dimension: one pass over the partners to group them (the partner records are large, so they are
 * read once), then each dimension's rows from the small status array. */
static pf_error build_segments(pf_results *r, const pf_model *m)
{
    pf_error code = PF_ERROR_MEMORY;
    size_t n = m->partner_count;
    grouping grouped[PF_SEGMENT_KIND_COUNT];
    memset(grouped, 0, sizeof grouped);
    size_t signer_count = 0;
    for (size_t i = 0; i < n; i++)
        signer_count += r->partners[i].days_to_sign >= 0;
    signer *signers = malloc((signer_count ? signer_count : 1) * sizeof *signers);
    if (!signers)
        goto cleanup;
    for (size_t i = 0, k = 0; i < n; i++)
        if (r->partners[i].days_to_sign >= 0)
            signers[k++] = (signer){r->partners[i].days_to_sign, (uint32_t)i};
    if (signer_count > 0)
        qsort(signers, signer_count, sizeof *signers, compare_signers);
    for (int k = 0; k < PF_SEGMENT_KIND_COUNT; k++) {
        grouped[k].group_of = malloc((n ? n : 1) * sizeof *grouped[k].group_of);
        if (!grouped[k].group_of)
            goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        const pf_partner_status *st = &r->partners[i];
        for (int k = 0; k < PF_SEGMENT_KIND_COUNT; k++)
            grouped[k].group_of[i] = NO_GROUP;
        if (!(st->flags & PF_PARTNER_IN_SCOPE))
            continue;
        const pf_partner *p = &m->partners[i];
        for (int k = 0; k < PF_SEGMENT_COHORT; k++) {
            const char *text = segment_text(p, (pf_segment_kind)k);
            if (grouping_add(&grouped[k], i, (uintptr_t)text, text, PF_DATE_NONE) != 0)
                goto cleanup;
        }
        if ((st->flags & PF_PARTNER_SIGNED_DATED) &&
            grouping_add(&grouped[PF_SEGMENT_COHORT], i, quarter_key(p->dates[PF_STEP_SIGNED]), NULL,
                         p->dates[PF_STEP_SIGNED]) != 0)
            goto cleanup;
    }
    for (int k = 0; k < PF_SEGMENT_KIND_COUNT; k++) {
        code = finish_segments(r, (pf_segment_kind)k, &grouped[k], n, signers, signer_count);
        if (code != PF_OK)
            goto cleanup;
    }
    code = PF_OK;
cleanup:
    for (int k = 0; k < PF_SEGMENT_KIND_COUNT; k++)
        grouping_free(&grouped[k]);
    free(signers);
    return code;
}

/* ---- overhead ---- */

static int compare_cost_lines(const void *a, const void *b)
{
    return strcmp(((const pf_cost_line *)a)->category, ((const pf_cost_line *)b)->category);
}

static pf_error build_overhead(pf_results *r, const pf_model *m)
{
    if (!r->overhead_available)
        return PF_OK;
    pf_error code = PF_ERROR_MEMORY;
    group_table table = {0};
    pf_cost_line *lines = NULL;
    size_t capacity = 0;
    r->overhead.total = 0;
    for (size_t i = 0; i < m->cost_count; i++) {
        const pf_cost *c = &m->costs[i];
        if (c->partner >= 0 || !on(c->date, r->as_of))
            continue;
        const char *category = c->category ? c->category : "";
        bool is_new;
        uint32_t g = table_group(&table, (uintptr_t)category, &is_new);
        if (g == NO_GROUP)
            goto cleanup;
        if (is_new) {
            if (table.count > capacity) {
                size_t grown_capacity = capacity ? capacity * 2 : 16;
                pf_cost_line *grown = realloc(lines, grown_capacity * sizeof *lines);
                if (!grown)
                    goto cleanup;
                lines = grown;
                capacity = grown_capacity;
            }
            lines[g] = (pf_cost_line){category, 0, 0};
        }
        lines[g].amount += c->amount;
        lines[g].lines++;
        r->overhead.total += c->amount;
    }
    size_t count = table.count;
    if (count > 0)
        qsort(lines, count, sizeof *lines, compare_cost_lines);
    size_t kept = 0; /* merge equal texts held at distinct addresses */
    for (size_t i = 0; i < count; i++) {
        if (kept > 0 && strcmp(lines[kept - 1].category, lines[i].category) == 0) {
            lines[kept - 1].amount += lines[i].amount;
            lines[kept - 1].lines += lines[i].lines;
        } else {
            lines[kept++] = lines[i];
        }
    }
    r->overhead.by_category = lines;
    r->overhead.category_count = kept;
    lines = NULL;
    code = PF_OK;
cleanup:
    free(lines);
    table_free(&table);
    return code;
}

/* ---- at risk ---- */

static int compare_at_risk(const void *a, const void *b)
{
    const pf_at_risk_entry *x = a, *y = b;
    if (x->days_since_signing != y->days_since_signing)
        return (x->days_since_signing < y->days_since_signing) -
               (x->days_since_signing > y->days_since_signing);
    return (x->partner > y->partner) - (x->partner < y->partner);
}

static pf_error build_at_risk(pf_results *r, const pf_model *m, const partner_set *set)
{
    long counts[PF_AT_RISK_BAND_COUNT] = {0};
    for (size_t j = 0; j < set->count; j++) {
        if (r->partners[j].at_risk != PF_AT_RISK_NONE)
            counts[r->partners[j].at_risk]++;
    }
    for (int b = 0; b < PF_AT_RISK_BAND_COUNT; b++) {
        r->at_risk[b].count = r->deals_available ? 0 : PF_COUNT_UNKNOWN;
        r->at_risk[b].partners = malloc((counts[b] ? (size_t)counts[b] : 1) * sizeof *r->at_risk[b].partners);
        if (!r->at_risk[b].partners)
            return PF_ERROR_MEMORY;
    }
    for (size_t j = 0; j < set->count; j++) {
        size_t i = partner_at(set, j);
        int b = r->partners[j].at_risk;
        if (b == PF_AT_RISK_NONE)
            continue;
        pf_at_risk_list *list = &r->at_risk[b];
        list->partners[list->count++] = (pf_at_risk_entry){
            (uint32_t)i, (long)r->as_of - (long)partner_record(m, set, j)->dates[PF_STEP_SIGNED]};
    }
    for (int b = 0; b < PF_AT_RISK_BAND_COUNT; b++)
        if (r->at_risk[b].count > 0)
            qsort(r->at_risk[b].partners, (size_t)r->at_risk[b].count, sizeof(pf_at_risk_entry),
                  compare_at_risk);
    return PF_OK;
}

/* ---- per partner ---- */

/* The partner cost of docs/definitions.md "Bad recruits and costs" as of r->as_of; NAN without cost data. */
static double partner_cost(const pf_results *r, const pf_model *m, const pf_partner *p)
{
    if (!r->costs_available)
        return NAN;
    double cost = zero_if_nan(p->recruitment_cost) + zero_if_nan(p->onboarding_cost);
    if (r->overhead_available)
        for (uint32_t c = p->first_cost; c < p->first_cost + p->cost_count; c++)
            if (on(m->costs[c].date, r->as_of))
                cost += m->costs[c].amount;
    return cost;
}

/* Fills st, the status of partner p, and the funnel counts. headline_only: the cost is computed only for
 * partners with a dated signature (every figure that sums costs is over those), NAN for the others. */
static void assess_partner(pf_results *r, const pf_model *m, const pf_partner *p, pf_partner_status *st,
                           bool headline_only)
{
    pf_date as_of = r->as_of;
    const pf_date *d = p->dates;
    st->at_risk = PF_AT_RISK_NONE;
    st->days_to_sign = -1;
    st->mark = PF_DATE_NONE;
    st->first_deal = PF_DATE_NONE;
    st->cost = headline_only ? NAN : partner_cost(r, m, p);

    if (d[PF_STEP_LISTED] != PF_DATE_NONE && d[PF_STEP_LISTED] > as_of) {
        r->out_of_scope++;
        return;
    }
    st->flags |= PF_PARTNER_IN_SCOPE;

    /* funnel: each stage's own evidence, then a later stage implies the earlier ones */
    bool own[PF_STAGE_COUNT];
    own[PF_STAGE_LISTED] = d[PF_STEP_LISTED] != PF_DATE_NONE;
    own[PF_STAGE_APPROACHED] = on(d[PF_STEP_APPROACHED], as_of);
    own[PF_STAGE_APPLIED] = on(d[PF_STEP_APPLIED], as_of);
    own[PF_STAGE_REVIEWED] = on(d[PF_STEP_COMMITTEE], as_of);
    own[PF_STAGE_APPROVED] = own[PF_STAGE_REVIEWED] && p->decision == PF_DECISION_APPROVED;
    own[PF_STAGE_SIGNED] = on(d[PF_STEP_SIGNED], as_of);
    own[PF_STAGE_KICKED_OFF] = on(d[PF_STEP_KICKOFF], as_of);
    bool later = false; /* a later stage was reached */
    for (int s = PF_STAGE_KICKED_OFF; s >= PF_STAGE_LISTED; s--) {
        bool reached = own[s] || later || s == PF_STAGE_LISTED; /* listed: every candidate in scope */
        if (reached) {
            st->stages |= (uint16_t)(1u << s);
            r->funnel[s].reached++;
            if (!own[s]) {
                st->implied |= (uint16_t)(1u << s);
                r->funnel[s].implied++;
            }
        }
        later = reached;
    }

    bool ended = on(d[PF_STEP_ENDED], as_of);
    if (ended)
        st->flags |= PF_PARTNER_ENDED;
    if (!own[PF_STAGE_SIGNED])
        return;
    pf_date signed_on = d[PF_STEP_SIGNED];
    st->flags |= PF_PARTNER_SIGNED_DATED;
    if (headline_only)
        st->cost = partner_cost(r, m, p);
    r->funnel[PF_STAGE_FIRST_DEAL].base++;
    if (own[PF_STAGE_APPROACHED] && d[PF_STEP_APPROACHED] <= signed_on)
        st->days_to_sign = signed_on - d[PF_STEP_APPROACHED];
    st->mark = field_date_add_months(signed_on, r->window_months);
    bool mature = st->mark <= as_of;
    if (mature)
        st->flags |= PF_PARTNER_MATURE;
    if (on(d[PF_STEP_BUSINESS_PLAN], as_of))
        st->flags |= PF_PARTNER_BUSINESS_PLAN;
    if (!r->deals_available)
        return;

    pf_date window_end = st->mark < as_of ? st->mark : as_of;
    for (uint32_t k = p->first_deal; k < p->first_deal + p->deal_count; k++) {
        const pf_deal *deal = &m->deals[k];
        if (deal->status != PF_DEAL_WON || deal->closed_on == PF_DATE_NONE || deal->closed_on < signed_on ||
            deal->closed_on > as_of)
            continue;
        if (deal->closed_on <= window_end)
            st->won_in_window++;
        if (ended && deal->closed_on > d[PF_STEP_ENDED])
            continue;
        if (st->first_deal == PF_DATE_NONE || deal->closed_on < st->first_deal)
            st->first_deal = deal->closed_on;
    }
    if (st->first_deal != PF_DATE_NONE) {
        st->stages |= 1u << PF_STAGE_FIRST_DEAL;
        r->funnel[PF_STAGE_FIRST_DEAL].reached++;
    }
    if (mature) {
        bool ended_before_mark = ended && d[PF_STEP_ENDED] < st->mark;
        if ((long)st->won_in_window >= r->min_won_deals && !ended_before_mark)
            st->flags |= PF_PARTNER_ACTIVE;
        else
            st->flags |= PF_PARTNER_BAD_RECRUIT;
    }
    /* at risk: signed, not ended as of, no won deal since signing (that is: no first deal) */
    if (!ended && st->first_deal == PF_DATE_NONE) {
        long days = (long)as_of - (long)signed_on;
        if (field_date_add_months(signed_on, PF_AT_RISK_END_MONTHS) <= as_of)
            st->at_risk = PF_AT_RISK_CONSIDER_ENDING_9_MONTHS;
        else if (mature)
            st->at_risk = PF_AT_RISK_REVIEW_6_MONTHS;
        else if (days >= PF_PLAN_DAYS)
            st->at_risk = PF_AT_RISK_BEHIND_100_DAYS;
    }
}

/* ---- aggregates ---- */

static void summarise_funnel(pf_results *r)
{
    for (int s = 0; s < PF_STAGE_COUNT; s++) {
        pf_funnel_stage *f = &r->funnel[s];
        if (s == PF_STAGE_LISTED) {
            f->base = 0;
            f->conversion = unknown_proportion(f->reached, 0);
            continue;
        }
        if (s != PF_STAGE_FIRST_DEAL)
            f->base = r->funnel[s - 1].reached;
        if (s == PF_STAGE_FIRST_DEAL && !r->deals_available) {
            f->reached = PF_COUNT_UNKNOWN;
            f->conversion = unknown_proportion(PF_COUNT_UNKNOWN, f->base);
            continue;
        }
        f->conversion = stats_wilson(f->reached, f->base);
    }
}

static void summarise_activity(pf_results *r, const partner_set *set)
{
    long mature = 0, active = 0, bad = 0, bp_mature[2] = {0}, bp_active[2] = {0};
    double mature_cost = 0, bad_cost = 0;
    for (size_t j = 0; j < set->count; j++) {
        const pf_partner_status *st = &r->partners[j];
        if (!(st->flags & PF_PARTNER_MATURE))
            continue;
        int plan = (st->flags & PF_PARTNER_BUSINESS_PLAN) != 0;
        bool is_active = (st->flags & PF_PARTNER_ACTIVE) != 0;
        mature++;
        bp_mature[plan]++;
        mature_cost += st->cost;
        if (is_active) {
            active++;
            bp_active[plan]++;
        } else {
            bad++;
            bad_cost += st->cost;
        }
    }
    r->active.mature = mature;
    r->business_plan.mature[0] = bp_mature[0];
    r->business_plan.mature[1] = bp_mature[1];
    r->mature_cost = r->costs_available ? mature_cost : NAN;
    if (!r->deals_available) {
        r->active.active = PF_COUNT_UNKNOWN;
        r->active.rate = unknown_proportion(PF_COUNT_UNKNOWN, mature);
        r->bad_recruits.count = PF_COUNT_UNKNOWN;
        r->bad_recruits.total_cost = r->bad_recruits.cost_per_bad_recruit = NAN;
        r->cost_per_active_partner = NAN;
        for (int k = 0; k < 2; k++) {
            r->business_plan.active[k] = PF_COUNT_UNKNOWN;
            r->business_plan.rate[k] = unknown_proportion(PF_COUNT_UNKNOWN, bp_mature[k]);
        }
        r->business_plan.fisher_p = NAN;
        return;
    }
    r->active.active = active;
    r->active.rate = stats_wilson(active, mature);
    r->bad_recruits.count = bad;
    r->bad_recruits.total_cost = r->costs_available ? bad_cost : NAN;
    r->bad_recruits.cost_per_bad_recruit = bad > 0 ? r->bad_recruits.total_cost / (double)bad : NAN;
    r->cost_per_active_partner = active > 0 ? r->mature_cost / (double)active : NAN;
    for (int k = 0; k < 2; k++) {
        r->business_plan.active[k] = bp_active[k];
        r->business_plan.rate[k] = stats_wilson(bp_active[k], bp_mature[k]);
    }
    /* Without mature partners on both sides there is nothing to compare: null, not Fisher's p = 1. */
    if (bp_mature[0] > 0 && bp_mature[1] > 0)
        r->business_plan.fisher_p = stats_fisher_exact(bp_active[1], bp_mature[1] - bp_active[1], bp_active[0],
                                                       bp_mature[0] - bp_active[0]);
    else
        r->business_plan.fisher_p = NAN;
}

/* Time to first deal (Kaplan–Meier) and, unless headline_only, the log-rank by kickoff and the naive
 * durations. */
static pf_error summarise_times(pf_results *r, const pf_model *m, const partner_set *set, bool headline_only)
{
    pf_error code = PF_ERROR_MEMORY;
    size_t n = (size_t)r->funnel[PF_STAGE_FIRST_DEAL].base;
    size_t size = n ? n : 1;
    /* the headline needs only the Kaplan–Meier input: the durations and the log-rank groups are not built */
    size_t full = headline_only ? 1 : size;
    double *time = malloc(size * sizeof *time);
    double *naive = malloc(full * sizeof *naive);
    double *recruit = malloc(full * sizeof *recruit);
    double *tech = malloc(full * sizeof *tech);
    double *sales = malloc(full * sizeof *sales);
    int *event = malloc(size * sizeof *event);
    int *group = malloc(full * sizeof *group);
    if (!time || !naive || !recruit || !tech || !sales || !event || !group)
        goto cleanup;
    pf_date as_of = r->as_of;
    size_t k = 0, events = 0, recruits = 0, techs = 0, saless = 0;
    for (size_t j = 0; j < set->count; j++) {
        const pf_partner_status *st = &r->partners[j];
        if (!(st->flags & PF_PARTNER_SIGNED_DATED))
            continue;
        const pf_date *d = partner_record(m, set, j)->dates;
        pf_date signed_on = d[PF_STEP_SIGNED];
        if (st->first_deal != PF_DATE_NONE) {
            time[k] = (double)(st->first_deal - signed_on);
            event[k] = 1;
            if (!headline_only)
                naive[events] = time[k];
            events++;
        } else {
            pf_date end = (st->flags & PF_PARTNER_ENDED) ? d[PF_STEP_ENDED] : as_of;
            time[k] = end > signed_on ? (double)(end - signed_on) : 0.0;
            event[k] = 0;
        }
        if (headline_only) {
            k++;
            continue;
        }
        group[k] = on(d[PF_STEP_KICKOFF], as_of);
        k++;
        if (st->days_to_sign >= 0)
            recruit[recruits++] = (double)st->days_to_sign;
        if (on(d[PF_STEP_TECH_AUTONOMY], as_of) && d[PF_STEP_TECH_AUTONOMY] >= signed_on)
            tech[techs++] = (double)(d[PF_STEP_TECH_AUTONOMY] - signed_on);
        if (on(d[PF_STEP_SALES_AUTONOMY], as_of) && d[PF_STEP_SALES_AUTONOMY] >= signed_on)
            sales[saless++] = (double)(d[PF_STEP_SALES_AUTONOMY] - signed_on);
    }
    if (!headline_only) {
        r->time_to_recruit = duration_of(recruit, recruits);
        r->tech_autonomy = duration_of(tech, techs);
        r->sales_autonomy = duration_of(sales, saless);
    }

    pf_first_deal_times *t = &r->first_deal;
    t->partners = (long)n;
    if (!r->deals_available) {
        t->events = PF_COUNT_UNKNOWN;
        t->naive.n = PF_COUNT_UNKNOWN;
        code = PF_OK;
        goto cleanup;
    }
    t->events = (long)events;
    if (!headline_only)
        t->naive = duration_of(naive, events);
    code = stats_km_fit(&t->km, time, event, n);
    if (code != PF_OK)
        goto cleanup;
    t->median = t->km.median;
    t->median_low = t->km.median_low;
    t->median_high = t->km.median_high;
    double low, high;
    double s = stats_km_survival_at(&t->km, PF_PLAN_DAYS, &low, &high);
    t->p_within_100_days = 1 - s; /* NAN stays NAN */
    t->p_within_100_days_low = 1 - high;
    t->p_within_100_days_high = 1 - low;
    if (!headline_only)
        code = stats_logrank(time, event, group, n, &r->hundred_day_plan);
cleanup:
    free(time);
    free(naive);
    free(recruit);
    free(tech);
    free(sales);
    free(event);
    free(group);
    return code;
}

/* The phases metrics_compute() and metrics_compute_headline() share: scope, funnel, activity, costs, first
 * deal times and at risk. The headline-only run stops there; the full run adds the calendar counts, the
 * overhead and the segments. Both run the same code, so a trend row equals the report of its month end.
 * With a base (metrics_compute_headline_at()), only the base's signers are assessed: every figure after the
 * funnel's signed stage is over partners with a dated signature, all of them among the signers, in the same
 * order; the funnel's listed and signed counts come from the base. */
static pf_error compute(pf_results *r, const pf_model *m, const pf_settings *settings, pf_date as_of,
                        bool headline_only, const pf_headline_base *base, size_t point, pf_error_context *err)
{
    /* A run over the same model reuses the per-partner array (the trend computes twelve in a row). */
    pf_partner_status *reuse = r->partners && r->candidates == (long)m->partner_count ? r->partners : NULL;
    if (reuse)
        r->partners = NULL;
    metrics_clear(r);
    int window_months = settings ? settings->window_months : 6;
    int min_won_deals = settings ? settings->min_won_deals : 1;
    if (as_of == PF_DATE_NONE || window_months < 1 || window_months > 1200 || min_won_deals < 1 ||
        (base && (point >= base->count || base->as_of[point] != as_of))) {
        free(reuse);
        return pf_error_set(err, PF_ERROR_INTERNAL, NULL, 0, NULL,
                            "metrics_compute: as_of missing or settings out of range");
    }
    if (m->partner_count >= NO_GROUP) {
        free(reuse);
        return pf_error_set(err, PF_ERROR_DATA, NULL, 0, NULL, "more than %u partners: too many to report on",
                            NO_GROUP - 1);
    }
    r->as_of = as_of;
    r->window_months = window_months;
    r->min_won_deals = min_won_deals;
    r->deals_available = m->inputs[PF_FILE_DEALS].present;
    r->overhead_available = m->inputs[PF_FILE_COSTS].present;
    const pf_input *partners_in = &m->inputs[PF_FILE_PARTNERS];
    r->costs_available = r->overhead_available || partners_in->column_index[PF_COL_RECRUITMENT_COST] >= 0 ||
                         partners_in->column_index[PF_COL_ONBOARDING_COST] >= 0;
    r->candidates = (long)m->partner_count;
    for (int s = 0; s < PF_STAGE_COUNT; s++)
        r->funnel[s].reached = r->funnel[s].implied = r->funnel[s].base = 0;
    partner_set set = {base ? base->signers : NULL, base ? base->signer_count : m->partner_count,
                       base ? base->records : NULL};

    pf_error code = PF_ERROR_MEMORY;
    if (reuse && !base)
        memset(reuse, 0, (m->partner_count ? m->partner_count : 1) * sizeof *reuse);
    r->partners = reuse ? reuse : calloc(m->partner_count ? m->partner_count : 1, sizeof *r->partners);
    reuse = NULL;
    if (!r->partners)
        goto cleanup;
    for (size_t j = 0; j < set.count; j++) {
        prefetch_partner(m, &set, j);
        if (base)
            memset(&r->partners[j], 0, sizeof r->partners[j]);
        assess_partner(r, m, partner_record(m, &set, j), &r->partners[j], headline_only);
    }
    if (base) {
        /* the signers' counts of the stages before the first deal are not the funnel's: its listed and
         * signed counts are the base's, the others are not computed */
        for (int s = 0; s < PF_STAGE_FIRST_DEAL; s++)
            r->funnel[s].reached = r->funnel[s].implied = 0;
        r->funnel[PF_STAGE_LISTED].reached = base->listed[point];
        r->funnel[PF_STAGE_SIGNED].reached = base->signed_partners[point];
        r->out_of_scope = r->candidates - base->listed[point];
    }
    summarise_funnel(r);
    summarise_activity(r, &set);
    code = summarise_times(r, m, &set, headline_only);
    if (code != PF_OK)
        goto cleanup;
    code = build_at_risk(r, m, &set);
    if (code != PF_OK || headline_only)
        goto cleanup;
    r->signings = metrics_calendar_signings(m, as_of);
    code = build_overhead(r, m);
    if (code != PF_OK)
        goto cleanup;
    code = build_segments(r, m);
cleanup:
    if (code != PF_OK) {
        metrics_clear(r);
        if (code == PF_ERROR_MEMORY)
            pf_error_set(err, code, NULL, 0, NULL, "out of memory while computing the metrics");
        else
            pf_error_set(err, code, NULL, 0, NULL, "internal error while computing the metrics");
    }
    return code;
}

/* In scope as of a (assess_partner): listed_on empty or on or before a; so from listed_on on. */
static pf_date in_scope_from(const pf_date *d)
{
    return d[PF_STEP_LISTED] == PF_DATE_NONE ? INT32_MIN : d[PF_STEP_LISTED];
}

/* The funnel's signed stage as of a (assess_partner): in scope, and signed or kicked off on or before a,
 * the later stage implying the signature; INT32_MAX (never) when neither is dated. */
static pf_date signed_stage_from(const pf_date *d)
{
    pf_date first = INT32_MAX;
    if (d[PF_STEP_SIGNED] != PF_DATE_NONE && d[PF_STEP_SIGNED] < first)
        first = d[PF_STEP_SIGNED];
    if (d[PF_STEP_KICKOFF] != PF_DATE_NONE && d[PF_STEP_KICKOFF] < first)
        first = d[PF_STEP_KICKOFF];
    pf_date scope = in_scope_from(d);
    return scope > first ? scope : first;
}

pf_error metrics_headline_base(pf_headline_base *base, const pf_model *m, const pf_date *as_of, size_t count,
                               pf_error_context *err)
{
    memset(base, 0, sizeof *base);
    if (count == 0 || count > PF_HEADLINE_BASE_DATES)
        return pf_error_set(err, PF_ERROR_INTERNAL, NULL, 0, NULL, "metrics_headline_base: %zu dates", count);
    pf_date last = PF_DATE_NONE;
    for (size_t k = 0; k < count; k++) {
        if (as_of[k] == PF_DATE_NONE)
            return pf_error_set(err, PF_ERROR_INTERNAL, NULL, 0, NULL, "metrics_headline_base: as_of missing");
        base->as_of[k] = as_of[k];
        if (as_of[k] > last)
            last = as_of[k];
    }
    base->count = count;
    base->signers = malloc((m->partner_count ? m->partner_count : 1) * sizeof *base->signers);
    if (!base->signers) {
        memset(base, 0, sizeof *base);
        return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory while computing the metrics");
    }
    size_t capacity = 0; /* of base->records */
    for (size_t i = 0; i < m->partner_count; i++) {
        const pf_partner *p = &m->partners[i];
        const pf_date *d = p->dates;
        pf_date scope = in_scope_from(d), signed_stage = signed_stage_from(d);
        for (size_t k = 0; k < count; k++) {
            base->listed[k] += scope <= as_of[k];
            base->signed_partners[k] += signed_stage <= as_of[k];
        }
        if (!on(d[PF_STEP_SIGNED], last))
            continue;
        if (base->signer_count == capacity) {
            size_t grown = capacity ? 2 * capacity : 1024;
            pf_partner *records = realloc(base->records, grown * sizeof *records);
            if (!records) {
                metrics_headline_base_clear(base);
                return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL,
                                    "out of memory while computing the metrics");
            }
            base->records = records;
            capacity = grown;
        }
        base->records[base->signer_count] = *p; /* copied while its line is at hand */
        base->signers[base->signer_count++] = (uint32_t)i;
    }
    return PF_OK;
}

void metrics_headline_base_clear(pf_headline_base *base)
{
    free(base->signers);
    free(base->records);
    memset(base, 0, sizeof *base);
}

pf_error metrics_compute_headline_at(pf_results *r, const pf_model *m, const pf_settings *settings,
                                     const pf_headline_base *base, size_t point, pf_error_context *err)
{
    return compute(r, m, settings, point < base->count ? base->as_of[point] : PF_DATE_NONE, true, base, point,
                   err);
}

pf_error metrics_compute(pf_results *r, const pf_model *m, const pf_settings *settings, pf_date as_of,
                         pf_error_context *err)
{
    return compute(r, m, settings, as_of, false, NULL, 0, err);
}

pf_error metrics_compute_headline(pf_results *r, const pf_model *m, const pf_settings *settings, pf_date as_of,
                                  pf_error_context *err)
{
    return compute(r, m, settings, as_of, true, NULL, 0, err);
}
