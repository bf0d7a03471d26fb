/* plan.c — the recruitment plan from a loaded export and its metrics (see plan.h for the definitions).
 *
 * Phases, each a function: observe the planning cohort (counts per stage, median delays, mean costs) from
 * the per-partner status metrics_compute() already decided; take the [plan] overrides and refuse what cannot
 * be planned; back-calculate the needed counts; lay out the calendar; simulate; price the levers.
 *
 * The simulation. Each draw takes every rate from its Jeffreys posterior Beta(k + ½, n − k + ½) (or the fixed
 * [plan] value), then passes needed(listed) candidates through the stages with one binomial draw per stage
 * (never a loop over candidates): the quantiles of active partners come from there. For "the smallest
 * listing that reaches the target with 80 % probability" every listing size must be judged on the same
 * random numbers, or the search is not monotone. Given a draw's rates, candidates become active
 * independently with probability q = Π rates (the binomial chain is exactly Binomial(L, q)), so the draw is
 * one sequence of Bernoulli(q) candidates, shared by every L tried, and the listing it needs is the position
 * of its N-th success: L_d = N + NegativeBinomial(q, N). Then P(active >= N | L) = #{d : L_d <= L} / D is
 * monotone in L by construction, P(target) at needed(listed) is read off the same sample, and the listing for
 * 80 % is the ⌈0.8 D⌉-th smallest L_d.
 */
#include "partnerfunnel/plan.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const pf_plan_source_names[3] = {"observed", "settings", "none"};
const char *const pf_lever_names[PF_LEVER_COUNT] = {"quality", "signing", "active", "cost"};

/* The model step whose date starts each delay (into approached .. signed); approved has no date of its own:
 * its decision is taken at the committee. */
static const pf_step delay_from[PF_PLAN_DELAY_COUNT] = {PF_STEP_LISTED, PF_STEP_APPROACHED, PF_STEP_APPLIED,
                                                        PF_STEP_COMMITTEE, PF_STEP_COMMITTEE};
static const pf_step delay_to[PF_PLAN_DELAY_COUNT] = {PF_STEP_APPROACHED, PF_STEP_APPLIED, PF_STEP_COMMITTEE,
                                                      PF_STEP_COMMITTEE, PF_STEP_SIGNED};

/* ---- small helpers ---- */

double plan_ceiling(double x)
{
    return ceil(round(x * 1e9) / 1e9);
}

int plan_months_between(pf_date a, pf_date b)
{
    int ya, ma, da, yb, mb, db;
    field_date_to_ymd(a, &ya, &ma, &da);
    field_date_to_ymd(b, &yb, &mb, &db);
    return (yb - ya) * 12 + (mb - ma);
}

static pf_date first_of_month(pf_date date)
{
    int y, m, d;
    field_date_to_ymd(date, &y, &m, &d);
    return field_date_from_ymd(y, m, 1);
}

static pf_date last_of_month(pf_date date)
{
    int y, m, d;
    field_date_to_ymd(date, &y, &m, &d);
    return field_date_from_ymd(y, m, field_days_in_month(y, m));
}

static bool on(pf_date date, pf_date as_of)
{
    return date != PF_DATE_NONE && date <= as_of;
}

static double zero_if_nan(double value)
{
    return isnan(value) ? 0.0 : value;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int compare_longs(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* The stage name of rate i (approached .. signed, active). */
static const char *rate_name(int i)
{
    return i == PF_PLAN_RATE_ACTIVE ? "active" : pf_stage_names[i + 1];
}

/* ---- options and levers ---- */

void plan_options_init(pf_plan_options *options)
{
    *options = (pf_plan_options){
        .target_active = 0,
        .target_date = PF_DATE_NONE,
        .cohort_months = PF_PLAN_DEFAULT_COHORT_MONTHS,
        .draws = PF_PLAN_DEFAULT_DRAWS,
        .seed = PF_PLAN_DEFAULT_SEED,
    };
}

pf_error plan_parse_lever(const char *text, pf_lever_request *out, pf_error_context *err)
{
    const char *equals = strchr(text, '=');
    size_t name_length = equals ? (size_t)(equals - text) : strlen(text);
    int kind = -1;
    for (int k = 0; k < PF_LEVER_COUNT; k++)
        if (strlen(pf_lever_names[k]) == name_length && strncmp(text, pf_lever_names[k], name_length) == 0)
            kind = k;
    if (kind < 0)
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL,
                            "option '--lever': '%.*s' is not a lever (the levers are quality, signing, active, "
                            "cost)",
                            (int)(name_length > 60 ? 60 : name_length), text);
    const char *change = equals ? equals + 1 : "";
    char *end = NULL;
    double amount = (change[0] == '+' || change[0] == '-') ? strtod(change, &end) : NAN;
    pf_change_unit unit = PF_CHANGE_PERCENT;
    bool good = end && end > change + 1 && isfinite(amount) && fabs(amount) <= 1000;
    if (good && strcmp(end, "pts") == 0 && kind != PF_LEVER_COST)
        unit = PF_CHANGE_POINTS;
    else if (!good || strcmp(end, "%") != 0)
        good = false;
    if (!good)
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL,
                            "option '--lever': '%s': the change must be signed points or percent, as in "
                            "quality=+10pts, active=+5%% or cost=-15%% (cost: percent only)",
                            text);
    *out = (pf_lever_request){(pf_lever_kind)kind, amount, unit};
    return PF_OK;
}

/* ---- lifecycle ---- */

void plan_init(pf_plan *plan)
{
    memset(plan, 0, sizeof *plan);
    plan->budget = plan->cost_per_active_partner = NAN;
}

void plan_clear(pf_plan *plan)
{
    if (!plan)
        return;
    free(plan->calendar);
    free(plan->levers);
    free(plan->simulation.histogram);
    plan_init(plan);
}

/* ---- segments (for the levers' defaults and the recruiter headcount) ---- */

typedef struct segment_entry {
    const char *text;
    uint16_t stages;
    double cost;
} segment_entry;

static int compare_entries(const void *a, const void *b)
{
    const segment_entry *x = a, *y = b;
    return x->text == y->text ? 0 : strcmp(x->text, y->text);
}

/* The best rate reached(numerator) / reached(denominator) over the segments with at least
 * PF_PLAN_MIN_SEGMENT candidates at denominator (entries sorted by text); or, with numerator < 0, the lowest
 * mean cost over the segments of at least that many entries. NAN when no segment qualifies. */
static double best_segment(const segment_entry *entries, size_t n, int numerator, int denominator,
                           const char **best_text)
{
    double best = NAN;
    *best_text = NULL;
    for (size_t start = 0; start < n;) {
        size_t end = start;
        long base = 0, hits = 0;
        double cost = 0;
        while (end < n && compare_entries(&entries[start], &entries[end]) == 0) {
            if (entries[end].stages & (1u << denominator)) {
                base++;
                hits += numerator >= 0 && (entries[end].stages & (1u << numerator));
                cost += entries[end].cost;
            }
            end++;
        }
        if (base >= PF_PLAN_MIN_SEGMENT) {
            double value = numerator >= 0 ? (double)hits / (double)base : cost / (double)base;
            bool better = numerator >= 0 ? !(value <= best) : !(value >= best);
            if (isnan(best) || better) {
                best = value;
                *best_text = entries[start].text;
            }
        }
        start = end;
    }
    return best;
}

/* The client's best segments: source (approached / listed, and the cheapest recruitment), recruiter
 * (signed / approached), over the planning cohort. */
typedef struct best_segments {
    double source_rate, source_cost, recruiter_rate, business_plan_rate;
    const char *source, *cheap_source, *recruiter;
} best_segments;

/* Is candidate i in the planning cohort? */
static bool in_cohort(const pf_model *m, const pf_results *r, size_t i, pf_date cut)
{
    pf_date listed = m->partners[i].dates[PF_STEP_LISTED];
    return (r->partners[i].flags & PF_PARTNER_IN_SCOPE) && listed != PF_DATE_NONE && listed <= cut;
}

static pf_error find_best_segments(const pf_model *m, const pf_results *r, const pf_plan *plan,
                                   best_segments *best)
{
    size_t n = 0;
    for (size_t i = 0; i < m->partner_count; i++)
        n += in_cohort(m, r, i, plan->cohort_cut);
    segment_entry *entries = malloc((n ? n : 1) * sizeof *entries);
    if (!entries)
        return PF_ERROR_MEMORY;
    bool costs = m->inputs[PF_FILE_PARTNERS].column_index[PF_COL_RECRUITMENT_COST] >= 0;
    for (int dimension = 0; dimension < 2; dimension++) {
        size_t k = 0;
        for (size_t i = 0; i < m->partner_count; i++) {
            if (!in_cohort(m, r, i, plan->cohort_cut))
                continue;
            const pf_partner *p = &m->partners[i];
            const char *text = dimension == 0 ? p->source : p->recruiter;
            if (text && text[0])
                entries[k++] = (segment_entry){text, r->partners[i].stages, zero_if_nan(p->recruitment_cost)};
        }
        qsort(entries, k, sizeof *entries, compare_entries);
        if (dimension == 0) {
            best->source_rate = best_segment(entries, k, PF_STAGE_APPROACHED, PF_STAGE_LISTED, &best->source);
            best->source_cost =
                costs ? best_segment(entries, k, -1, PF_STAGE_LISTED, &best->cheap_source) : NAN;
            if (!costs)
                best->cheap_source = NULL;
        } else {
            best->recruiter_rate =
                best_segment(entries, k, PF_STAGE_SIGNED, PF_STAGE_APPROACHED, &best->recruiter);
        }
    }
    free(entries);
    const pf_business_plan_effect *bp = &r->business_plan;
    best->business_plan_rate =
        r->deals_available && bp->mature[1] >= PF_PLAN_MIN_SEGMENT ? bp->rate[1].estimate : NAN;
    return PF_OK;
}

/* Recruiters with a candidate listed in the 12 months to as_of. */
static pf_error count_recruiters(const pf_model *m, const pf_results *r, long *count)
{
    pf_date since = field_date_add_months(r->as_of, -12);
    const char **names = malloc((m->partner_count ? m->partner_count : 1) * sizeof *names);
    if (!names)
        return PF_ERROR_MEMORY;
    size_t n = 0;
    for (size_t i = 0; i < m->partner_count; i++) {
        const pf_partner *p = &m->partners[i];
        pf_date listed = p->dates[PF_STEP_LISTED];
        if ((r->partners[i].flags & PF_PARTNER_IN_SCOPE) && listed != PF_DATE_NONE && listed > since &&
            p->recruiter && p->recruiter[0])
            names[n++] = p->recruiter;
    }
    segment_entry *entries = malloc((n ? n : 1) * sizeof *entries);
    if (!entries) {
        free(names);
        return PF_ERROR_MEMORY;
    }
    for (size_t i = 0; i < n; i++)
        entries[i] = (segment_entry){names[i], 0, 0};
    qsort(entries, n, sizeof *entries, compare_entries);
    *count = 0;
    for (size_t i = 0; i < n; i++)
        *count += i == 0 || compare_entries(&entries[i - 1], &entries[i]) != 0;
    free(entries);
    free(names);
    return PF_OK;
}

/* ---- the planning cohort ---- */

/* Whole months of history: the largest m with as_of − m months still on or after the earliest listed_on
 * in scope; −1 when no candidate has a listed_on date. */
static int months_of_history(const pf_model *m, const pf_results *r)
{
    pf_date earliest = PF_DATE_NONE;
    for (size_t i = 0; i < m->partner_count; i++) {
        pf_date listed = m->partners[i].dates[PF_STEP_LISTED];
        if ((r->partners[i].flags & PF_PARTNER_IN_SCOPE) && listed != PF_DATE_NONE &&
            (earliest == PF_DATE_NONE || listed < earliest))
            earliest = listed;
    }
    if (earliest == PF_DATE_NONE)
        return -1;
    int months = plan_months_between(earliest, r->as_of);
    while (months > 0 && field_date_add_months(r->as_of, -months) < earliest)
        months--;
    return months;
}

/* Cohort counts, median delays and mean costs, all as observed. */
static pf_error observe_cohort(pf_plan *plan, const pf_model *m, const pf_results *r)
{
    size_t n = m->partner_count;
    double *days = malloc((n ? n : 1) * sizeof *days);
    if (!days)
        return PF_ERROR_MEMORY;
    double recruitment = 0, onboarding = 0;
    for (size_t i = 0; i < n; i++) {
        if (!in_cohort(m, r, i, plan->cohort_cut))
            continue;
        const pf_partner_status *st = &r->partners[i];
        for (int s = 0; s < PF_PLAN_STAGE_COUNT; s++)
            plan->cohort[s] += (st->stages >> s) & 1u;
        recruitment += zero_if_nan(m->partners[i].recruitment_cost);
        if (st->stages & (1u << PF_STAGE_SIGNED))
            onboarding += st->cost - zero_if_nan(m->partners[i].recruitment_cost);
    }
    for (int k = 0; k < PF_PLAN_DELAY_COUNT; k++) {
        size_t count = 0;
        int stage = k + 1;
        for (size_t i = 0; i < n; i++) {
            if (!in_cohort(m, r, i, plan->cohort_cut) || !(r->partners[i].stages & (1u << stage)) ||
                (r->partners[i].implied & (1u << stage)))
                continue;
            pf_date from = m->partners[i].dates[delay_from[k]], to = m->partners[i].dates[delay_to[k]];
            if (on(from, r->as_of) && on(to, r->as_of) && to >= from)
                days[count++] = (double)(to - from);
        }
        qsort(days, count, sizeof *days, compare_doubles);
        plan->delays[k] = (pf_plan_figure){count ? stats_median_sorted(days, count) : 0.0, (long)count,
                                           count ? PF_PLAN_OBSERVED : PF_PLAN_NONE};
    }
    free(days);
    const pf_input *partners = &m->inputs[PF_FILE_PARTNERS];
    bool recruitment_known = partners->column_index[PF_COL_RECRUITMENT_COST] >= 0;
    bool onboarding_known =
        r->costs_available && (partners->column_index[PF_COL_ONBOARDING_COST] >= 0 || r->overhead_available);
    long listed = plan->cohort[PF_STAGE_LISTED], signed_count = plan->cohort[PF_STAGE_SIGNED];
    plan->recruitment_cost = recruitment_known && listed > 0
                                 ? (pf_plan_figure){recruitment / (double)listed, listed, PF_PLAN_OBSERVED}
                                 : (pf_plan_figure){0, 0, PF_PLAN_NONE};
    plan->onboarding_cost =
        onboarding_known && signed_count > 0
            ? (pf_plan_figure){onboarding / (double)signed_count, signed_count, PF_PLAN_OBSERVED}
            : (pf_plan_figure){0, 0, PF_PLAN_NONE};
    for (int i = 0; i < PF_PLAN_RATE_ACTIVE; i++) {
        long trials = plan->cohort[i], successes = plan->cohort[i + 1];
        plan->rates[i] = (pf_plan_rate){trials > 0 ? (double)successes / (double)trials : NAN, successes,
                                        trials, PF_PLAN_OBSERVED};
    }
    const pf_active_after_window *a = &r->active;
    bool active_known = r->deals_available && a->mature > 0;
    plan->rates[PF_PLAN_RATE_ACTIVE] =
        (pf_plan_rate){active_known ? (double)a->active / (double)a->mature : NAN,
                       r->deals_available ? a->active : 0, a->mature, PF_PLAN_OBSERVED};
    return PF_OK;
}

/* [plan] replaces observed figures; then every rate must be usable. */
static pf_error apply_settings(pf_plan *plan, const pf_model *m, const pf_results *r, const pf_settings *s,
                               pf_error_context *err)
{
    const pf_plan_settings *given = &s->plan;
    for (int i = 0; i < PF_PLAN_RATE_COUNT; i++)
        if (!isnan(given->rates[i])) {
            plan->rates[i].value = given->rates[i];
            plan->rates[i].source = PF_PLAN_SETTINGS;
        }
    for (int k = 0; k < PF_PLAN_DELAY_COUNT; k++)
        if (!isnan(given->delays[k]))
            plan->delays[k] = (pf_plan_figure){given->delays[k], plan->delays[k].basis, PF_PLAN_SETTINGS};
    if (!isnan(given->recruitment_cost))
        plan->recruitment_cost =
            (pf_plan_figure){given->recruitment_cost, plan->recruitment_cost.basis, PF_PLAN_SETTINGS};
    if (!isnan(given->onboarding_cost))
        plan->onboarding_cost =
            (pf_plan_figure){given->onboarding_cost, plan->onboarding_cost.basis, PF_PLAN_SETTINGS};

    char cut[11], as_of[11];
    field_date_format_iso(plan->cohort_cut, cut);
    field_date_format_iso(r->as_of, as_of);
    bool needs_cohort = false;
    for (int i = 0; i < PF_PLAN_RATE_ACTIVE; i++)
        needs_cohort |= plan->rates[i].source == PF_PLAN_OBSERVED;
    if (needs_cohort && plan->cohort[PF_STAGE_LISTED] == 0) {
        int history = months_of_history(m, r);
        if (history < 0)
            return pf_error_set(
                err, PF_ERROR_DATA, NULL, 0, NULL,
                "the planning cohort is empty: no candidate in scope has a listed_on date; give "
                "the stage rates in [plan]");
        if (history < 1)
            return pf_error_set(err, PF_ERROR_DATA, NULL, 0, NULL,
                                "the planning cohort is empty: no candidate listed on or before %s (%s minus "
                                "%d months); the export holds less than a month of history: give the stage "
                                "rates in [plan]",
                                cut, as_of, plan->cohort_months);
        return pf_error_set(err, PF_ERROR_DATA, NULL, 0, NULL,
                            "the planning cohort is empty: no candidate listed on or before %s (%s minus %d "
                            "months); the export holds %d month%s of history: try --cohort-months %d or give "
                            "the stage rates in [plan]",
                            cut, as_of, plan->cohort_months, history, history == 1 ? "" : "s", history);
    }
    for (int i = 0; i < PF_PLAN_RATE_ACTIVE; i++) {
        const pf_plan_rate *rate = &plan->rates[i];
        if (rate->source == PF_PLAN_OBSERVED && !(rate->value > 0))
            return pf_error_set(err, PF_ERROR_DATA, NULL, 0, NULL,
                                "stage '%s': no candidate of the planning cohort (listed on or before %s) "
                                "reached it (0 of %ld %s): try a longer --cohort-months or set [plan] %s_rate",
                                rate_name(i), cut, rate->trials, pf_stage_names[i], rate_name(i));
    }
    const pf_plan_rate *active = &plan->rates[PF_PLAN_RATE_ACTIVE];
    if (active->source == PF_PLAN_OBSERVED) {
        if (!r->deals_available)
            return pf_error_set(err, PF_ERROR_DATA, NULL, 0, NULL,
                                "no deals file: the active rate cannot be measured; set [plan] active_rate");
        if (active->trials == 0)
            return pf_error_set(
                err, PF_ERROR_DATA, NULL, 0, NULL,
                "no mature partner as of %s (signed at least %d months before): the active rate "
                "cannot be measured; set [plan] active_rate",
                as_of, plan->window_months);
        if (active->successes == 0)
            return pf_error_set(err, PF_ERROR_DATA, NULL, 0, NULL,
                                "no mature partner is active (0 of %ld): set [plan] active_rate",
                                active->trials);
    }
    return PF_OK;
}

/* ---- back-calculation ---- */

/* needed[] from the target and rates[PF_PLAN_RATE_COUNT], and *budget. PF_ERROR_DATA when more than
 * PF_PLAN_MAX_CANDIDATES would have to be listed (rates too low to plan with). */
static pf_error back_calculate(long target, const double *rates, double recruitment_cost,
                               double onboarding_cost, long needed[PF_PLAN_STAGE_COUNT + 1], double *budget,
                               pf_error_context *err)
{
    double count = plan_ceiling((double)target / rates[PF_PLAN_RATE_ACTIVE]);
    needed[PF_PLAN_ACTIVE] = target;
    for (int s = PF_STAGE_SIGNED; s >= PF_STAGE_LISTED; s--) {
        if (!(count <= PF_PLAN_MAX_CANDIDATES))
            return pf_error_set(
                err, PF_ERROR_DATA, NULL, 0, NULL,
                "the plan would need more than %.0f candidates at stage '%s': the rates are too "
                "low to plan with",
                (double)PF_PLAN_MAX_CANDIDATES, pf_stage_names[s]);
        needed[s] = (long)count;
        if (s > PF_STAGE_LISTED)
            count = plan_ceiling(count / rates[s - 1]);
    }
    *budget =
        (double)needed[PF_STAGE_LISTED] * recruitment_cost + (double)needed[PF_STAGE_SIGNED] * onboarding_cost;
    return PF_OK;
}

/* ---- calendar ---- */

/* The share of total falling in month j of an even spread over months 0 .. months − 1. */
static long spread(long total, int months, int j)
{
    if (j < 0 || j >= months)
        return 0;
    return (long)((long long)(j + 1) * total / months - (long long)j * total / months);
}

static pf_error lay_out_calendar(pf_plan *plan, pf_error_context *err)
{
    double total_delay = 0;
    for (int k = 0; k < PF_PLAN_DELAY_COUNT; k++)
        total_delay += plan->delays[k].value;
    plan->approach_offset = (int)plan_ceiling(plan->delays[0].value / PF_PLAN_DAYS_PER_MONTH);
    plan->sign_offset = (int)plan_ceiling(total_delay / PF_PLAN_DAYS_PER_MONTH);
    plan->first_month = first_of_month(plan->as_of + 1);
    int last = plan_months_between(plan->first_month, plan->target_date);
    plan->listing_months = last - plan->sign_offset - plan->window_months + 1;
    if (plan->listing_months < 1) {
        char target[11], earliest[11], first[11];
        field_date_format_iso(plan->target_date, target);
        field_date_format_iso(
            last_of_month(field_date_add_months(plan->first_month, plan->sign_offset + plan->window_months)),
            earliest);
        field_date_format_iso(plan->first_month, first);
        first[7] = '\0';
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL,
                            "option '--target-date': %s is too early: a candidate listed in %s signs about %d "
                            "month%s later and counts as active only after the %d-month window; the earliest "
                            "feasible target date is %s",
                            target, first, plan->sign_offset, plan->sign_offset == 1 ? "" : "s",
                            plan->window_months, earliest);
    }
    plan->start_listing_by = field_date_add_months(plan->first_month, plan->listing_months - 1);
    plan->month_count = (size_t)last + 1;
    plan->calendar = calloc(plan->month_count, sizeof *plan->calendar);
    if (!plan->calendar)
        return PF_ERROR_MEMORY;
    int k = plan->listing_months;
    for (int i = 0; i <= last; i++) {
        pf_plan_month *month = &plan->calendar[i];
        month->month = field_date_add_months(plan->first_month, i);
        month->list = spread(plan->needed[PF_STAGE_LISTED], k, i);
        month->approach = spread(plan->needed[PF_STAGE_APPROACHED], k, i - plan->approach_offset);
        month->sign = spread(plan->needed[PF_STAGE_SIGNED], k, i - plan->sign_offset);
        month->mature = spread(plan->needed[PF_STAGE_SIGNED], k, i - plan->sign_offset - plan->window_months);
        month->list_per_recruiter = plan->recruiters > 0 ? (double)month->list / (double)plan->recruiters : NAN;
    }
    return PF_OK;
}

/* ---- simulation ---- */

static pf_error simulate(pf_plan *plan, long draws, unsigned long seed)
{
    pf_plan_simulation *sim = &plan->simulation;
    sim->draws = draws;
    sim->seed = seed;
    pf_error code = PF_ERROR_MEMORY;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    double *active = malloc((size_t)draws * sizeof *active);
    long *listing = malloc((size_t)draws * sizeof *listing);
    if (!rng || !active || !listing)
        goto cleanup;
    gsl_rng_set(rng, seed);
    long target = plan->target_active, listed = plan->needed[PF_STAGE_LISTED];
    long lowest = listed, highest = 0;
    for (long d = 0; d < draws; d++) {
        double rate[PF_PLAN_RATE_COUNT], q = 1;
        for (int i = 0; i < PF_PLAN_RATE_COUNT; i++) {
            const pf_plan_rate *r = &plan->rates[i];
            rate[i] = r->source == PF_PLAN_SETTINGS ? r->value
                                                    : gsl_ran_beta(rng, (double)r->successes + 0.5,
                                                                   (double)(r->trials - r->successes) + 0.5);
            q *= rate[i];
        }
        unsigned int passed = (unsigned int)listed;
        for (int i = 0; i < PF_PLAN_RATE_COUNT; i++)
            passed = gsl_ran_binomial(rng, rate[i], passed);
        active[d] = passed;
        lowest = (long)passed < lowest ? (long)passed : lowest;
        highest = (long)passed > highest ? (long)passed : highest;
        /* GSL's negative binomial is an unsigned int: a draw whose expected listing passes
         * PF_PLAN_UNREACHABLE counts as never reaching N (always drawn, so the stream stays aligned) */
        double failures = (double)gsl_ran_negative_binomial(rng, q > 1e-300 ? q : 1e-300, (double)target);
        bool reachable = (double)target / q < PF_PLAN_UNREACHABLE;
        listing[d] = reachable ? target + (long)failures : LONG_MAX;
    }
    sim->histogram_min = lowest;
    sim->histogram_count = (size_t)(highest - lowest + 1);
    sim->histogram = calloc(sim->histogram_count, sizeof *sim->histogram);
    if (!sim->histogram)
        goto cleanup;
    for (long d = 0; d < draws; d++)
        sim->histogram[(long)active[d] - lowest]++;
    qsort(active, (size_t)draws, sizeof *active, compare_doubles);
    sim->p10 = gsl_stats_quantile_from_sorted_data(active, 1, (size_t)draws, 0.1);
    sim->p50 = gsl_stats_quantile_from_sorted_data(active, 1, (size_t)draws, 0.5);
    sim->p90 = gsl_stats_quantile_from_sorted_data(active, 1, (size_t)draws, 0.9);
    qsort(listing, (size_t)draws, sizeof *listing, compare_longs);
    long reached = 0;
    for (long d = 0; d < draws && listing[d] <= listed; d++)
        reached++;
    sim->p_target = (double)reached / (double)draws;
    long rank = (long)ceil(PF_PLAN_TARGET_PROBABILITY * (double)draws - 1e-9);
    long at_rank = listing[(rank < 1 ? 1 : rank) - 1];
    sim->listing_for_80pct = at_rank <= (long)PF_PLAN_MAX_CANDIDATES ? at_rank : -1;
    code = PF_OK;
cleanup:
    gsl_rng_free(rng);
    free(active);
    free(listing);
    return code;
}

/* ---- levers ---- */

/* Scales rates[0..count) by one factor g, each capped at 1, so that their product is target (0 < target <= 1):
 * the lever "signing" moves the approached → signed rate as a whole. Bisection on g, deterministic. */
static void scale_chain(double *rates, int count, double target)
{
    double low = 0, high = 1;
    for (int i = 0; i < count; i++)
        high = fmax(high, 1 / rates[i]);
    for (int iteration = 0; iteration < 200; iteration++) {
        double g = (low + high) / 2, product = 1;
        for (int i = 0; i < count; i++)
            product *= fmin(1, rates[i] * g);
        if (product < target)
            low = g;
        else
            high = g;
    }
    for (int i = 0; i < count; i++)
        rates[i] = fmin(1, rates[i] * high);
}

/* The value a lever moves, in the plan as it stands. */
static double lever_base(const pf_plan *plan, pf_lever_kind kind)
{
    switch (kind) {
    case PF_LEVER_QUALITY: return plan->rates[0].value;
    case PF_LEVER_SIGNING: {
        double product = 1;
        for (int i = 1; i < PF_PLAN_RATE_ACTIVE; i++)
            product *= plan->rates[i].value;
        return product;
    }
    case PF_LEVER_ACTIVE: return plan->rates[PF_PLAN_RATE_ACTIVE].value;
    default: return plan->recruitment_cost.value;
    }
}

static const char *const lever_what[PF_LEVER_COUNT] = {
    "the listed-to-approached rate",
    "the approached-to-signed rate",
    "the active rate",
    "the recruitment cost per candidate",
};

/* Fills lever (kind already set) from a request, or from the default change when request is NULL. */
static pf_error set_lever(pf_plan_lever *lever, const pf_plan *plan, const best_segments *best,
                          const pf_lever_request *request, const char *request_text, pf_error_context *err)
{
    pf_lever_kind kind = lever->kind;
    bool is_cost = kind == PF_LEVER_COST;
    double from = lever_base(plan, kind);
    double segment = kind == PF_LEVER_QUALITY   ? best->source_rate
                     : kind == PF_LEVER_SIGNING ? best->recruiter_rate
                     : kind == PF_LEVER_ACTIVE  ? best->business_plan_rate
                                                : best->source_cost;
    lever->segment = kind == PF_LEVER_QUALITY   ? best->source
                     : kind == PF_LEVER_SIGNING ? best->recruiter
                     : kind == PF_LEVER_ACTIVE  ? (isnan(segment) ? NULL : "business plan")
                                                : best->cheap_source;
    lever->segment_value = segment;
    lever->from = from;
    if (request) {
        lever->to = request->unit == PF_CHANGE_POINTS ? from + request->amount / 100
                                                      : from * (1 + request->amount / 100);
        snprintf(lever->change, sizeof lever->change, "%s", request_text);
        if (is_cost ? lever->to < 0 : !(lever->to > 0 && lever->to <= 1 + 1e-12)) {
            if (is_cost)
                return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL,
                                    "option '--lever': 'cost=%s' takes %s below 0", request_text,
                                    lever_what[kind]);
            return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL,
                                "option '--lever': '%s=%s' takes %s from %.1f%% to %.1f%%: outside 0-100%%",
                                pf_lever_names[kind], request_text, lever_what[kind], 100 * from,
                                100 * lever->to);
        }
        if (!is_cost)
            lever->to = fmin(lever->to, 1);
        lever->backed =
            !isnan(segment) && (is_cost ? lever->to >= segment - 1e-9 : lever->to <= segment + 1e-12);
        return PF_OK;
    }
    /* the cost lever has no "best segment" default (the white paper's cost is cut, not moved to a source) */
    bool improves = !is_cost && !isnan(segment) && segment > from;
    if (improves) {
        lever->to = segment;
        lever->backed = true;
        snprintf(lever->change, sizeof lever->change, "%+.1fpts", 100 * (segment - from));
    } else {
        lever->to = is_cost ? from * 0.9 : fmin(1, from * 1.1);
        lever->backed = is_cost && !isnan(segment) && lever->to >= segment - 1e-9;
        snprintf(lever->change, sizeof lever->change, is_cost ? "-10%%" : "+10%%");
    }
    return PF_OK;
}

/* The plan's figures with the lever applied. */
static pf_error price_lever(pf_plan_lever *lever, const pf_plan *plan, pf_error_context *err)
{
    double rates[PF_PLAN_RATE_COUNT];
    for (int i = 0; i < PF_PLAN_RATE_COUNT; i++)
        rates[i] = plan->rates[i].value;
    double recruitment = plan->recruitment_cost.value;
    switch (lever->kind) {
    case PF_LEVER_QUALITY: rates[0] = lever->to; break;
    case PF_LEVER_SIGNING: scale_chain(rates + 1, PF_PLAN_RATE_ACTIVE - 1, lever->to); break;
    case PF_LEVER_ACTIVE: rates[PF_PLAN_RATE_ACTIVE] = lever->to; break;
    default: recruitment = lever->to; break;
    }
    long needed[PF_PLAN_STAGE_COUNT + 1];
    pf_error code = back_calculate(plan->target_active, rates, recruitment, plan->onboarding_cost.value, needed,
                                   &lever->budget, err);
    lever->needed_listed = needed[PF_STAGE_LISTED];
    lever->needed_signed = needed[PF_STAGE_SIGNED];
    lever->cost_per_active_partner = lever->budget / (double)plan->target_active;
    lever->saving = plan->budget - lever->budget;
    return code;
}

static int compare_levers(const void *a, const void *b)
{
    const pf_plan_lever *x = a, *y = b;
    if (x->saving != y->saving)
        return (x->saving < y->saving) - (x->saving > y->saving);
    return (x->kind > y->kind) - (x->kind < y->kind);
}

static pf_error price_levers(pf_plan *plan, const best_segments *best, const pf_plan_options *options,
                             pf_error_context *err)
{
    size_t count = options->lever_count ? options->lever_count : PF_LEVER_COUNT;
    plan->levers = calloc(count, sizeof *plan->levers);
    if (!plan->levers)
        return PF_ERROR_MEMORY;
    plan->lever_count = count;
    for (size_t i = 0; i < count; i++) {
        pf_plan_lever *lever = &plan->levers[i];
        const pf_lever_request *request = options->lever_count ? &options->levers[i] : NULL;
        lever->kind = request ? request->kind : (pf_lever_kind)i;
        char text[32] = "";
        if (request)
            snprintf(text, sizeof text, "%+g%s", request->amount,
                     request->unit == PF_CHANGE_POINTS ? "pts" : "%");
        pf_error code = set_lever(lever, plan, best, request, text, err);
        if (code == PF_OK)
            code = price_lever(lever, plan, err);
        if (code != PF_OK)
            return code;
    }
    qsort(plan->levers, count, sizeof *plan->levers, compare_levers);
    return PF_OK;
}

/* ---- the plan ---- */

pf_error plan_compute(pf_plan *plan, const pf_model *model, const pf_settings *settings,
                      const pf_results *results, const pf_plan_options *options, pf_error_context *err)
{
    plan_clear(plan);
    if (options->target_active <= 0 || options->cohort_months < 1 || options->draws < 1 ||
        options->draws > PF_PLAN_MAX_DRAWS || results->as_of == PF_DATE_NONE || !results->partners)
        return pf_error_set(err, PF_ERROR_INTERNAL, NULL, 0, NULL, "plan_compute: options out of range");
    plan->as_of = results->as_of;
    plan->target_active = options->target_active;
    plan->cohort_months = options->cohort_months;
    plan->window_months = results->window_months;
    plan->cohort_cut = field_date_add_months(results->as_of, -options->cohort_months);
    int year, month, day;
    field_date_to_ymd(results->as_of, &year, &month, &day);
    plan->target_date =
        options->target_date != PF_DATE_NONE ? options->target_date : field_date_from_ymd(year + 1, 12, 31);

    best_segments best;
    pf_error code = observe_cohort(plan, model, results);
    if (code == PF_OK)
        code = apply_settings(plan, model, results, settings, err);
    if (code == PF_OK) {
        double rates[PF_PLAN_RATE_COUNT];
        for (int i = 0; i < PF_PLAN_RATE_COUNT; i++)
            rates[i] = plan->rates[i].value;
        code = back_calculate(plan->target_active, rates, plan->recruitment_cost.value,
                              plan->onboarding_cost.value, plan->needed, &plan->budget, err);
        plan->cost_per_active_partner = plan->budget / (double)plan->target_active;
    }
    if (code == PF_OK)
        code = count_recruiters(model, results, &plan->recruiters);
    if (code == PF_OK)
        code = lay_out_calendar(plan, err);
    if (code == PF_OK)
        code = find_best_segments(model, results, plan, &best);
    if (code == PF_OK)
        code = price_levers(plan, &best, options, err);
    if (code == PF_OK)
        code = simulate(plan, options->draws, options->seed);
    if (code != PF_OK) {
        if (code == PF_ERROR_MEMORY)
            pf_error_set(err, code, NULL, 0, NULL, "out of memory while computing the plan");
        plan_clear(plan);
    }
    return code;
}
