/* test_plan.c — the recruitment plan (plan.h) on fixtures/plan, against figures worked out by hand below,
 * the Monte Carlo against closed forms and an independent per-candidate simulation, and every refusal.
 *
 * fixtures/plan as of 2025-06-30, window 6 months, --cohort-months 12 → cohort cut 2024-06-30:
 *   cohort = C01..C10 (C10 listed on the cut itself; F01..F03 listed later, N01 has no listed_on, X01 is
 *   listed after as_of): listed 10, approached 8 (C09's stages implied by its signature), applied 7,
 *   reviewed 6, approved 5 (C04 rejected), signed 5.
 *   active rate over every mature partner (not only the cohort): C01 C02 C03 C09 C10 F01 are mature, C01 C03
 *   C09 F01 have a won deal in their window → 4 / 6.
 *   N = 10: signed ⌈10 / (4/6)⌉ = 15, approved ⌈15 / 1⌉ = 15, reviewed ⌈15 / (5/6)⌉ = 18,
 *   applied ⌈18 / (6/7)⌉ = 21, approached ⌈21 / (7/8)⌉ = 24, listed ⌈24 / (8/10)⌉ = 30 (three of these
 *   quotients are whole numbers).
 *   costs: recruitment 1300 / 10 listed = 130; onboarding 4500 + C01's 300 training line (C03's is dated
 *   after as_of, the overhead line has no partner) = 4800 / 5 signed = 960;
 *   budget 30 × 130 + 15 × 960 = 18300, 1830 per active partner.
 *   delays (own dates only): listed→approached 10 10 20 10 10 20 10 → 10; →applied 12 16 9 19 14 10 → 13;
 *   →reviewed 14 20 19 22 12 → 19; →approved 0 (decided at the committee, 4 partners); →signed 15 19 21 14
 *   → 17. Total 59 days: signing 2 months after listing (⌈59/30⌉), approaching 1 month after.
 *   calendar: first month 2025-07, target 2026-12-31 (index 17): listing over 17 − 2 − 6 + 1 = 10 months,
 *   start listing by 2026-04; 3 a month; approaching 24 over 10 months from 2025-08: 2 2 3 2 3 2 2 3 2 3.
 *   recruiters listing in the 12 months to as_of: Ann (F01, F03), Bob (F02) → 2.
 *   default levers (no segment has 10 candidates: each moves by 10 %, none backed):
 *     active 4/6 × 1.1: signed 14, approved 14, reviewed 17, applied 20, approached 23, listed 29 →
 *       29 × 130 + 14 × 960 = 17210, saving 1090;
 *     cost 117: 30 × 117 + 15 × 960 = 17910, saving 390;
 *     quality 0.88: listed ⌈24 / 0.88⌉ = 28 → 18040, saving 260;
 *     signing 5/8 → 0.6875 spread over applied..signed (signed capped at 1): still 30 listed, saving 0.
 */
#include "testutil.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>

#include "partnerfunnel/metrics.h"
#include "partnerfunnel/model.h"
#include "partnerfunnel/plan.h"

typedef struct world {
    pf_settings settings;
    pf_model model;
    pf_results results;
    pf_plan plan;
    pf_plan_options options;
    pf_error_context err;
} world;

static pf_date day(const char *iso)
{
    pf_date d = PF_DATE_NONE;
    assert_int_equal(field_parse_date(iso, strlen(iso), PF_DATE_ORDER_DMY, &d, NULL), PF_FIELD_OK);
    return d;
}

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    if (!w)
        return -1;
    settings_init(&w->settings);
    model_init(&w->model);
    metrics_init(&w->results);
    plan_init(&w->plan);
    plan_options_init(&w->options);
    w->options.target_active = 10;
    w->options.draws = 2000;
    pf_model_paths paths = {"fixtures/plan", {NULL, NULL, NULL}};
    if (model_load(&w->model, &paths, &w->settings, &w->err) != PF_OK)
        return -1;
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    plan_clear(&w->plan);
    metrics_clear(&w->results);
    model_clear(&w->model);
    settings_clear(&w->settings);
    free(w);
    return 0;
}

/* metrics then the plan as of as_of; returns plan_compute's code. */
static pf_error run(world *w, const char *as_of)
{
    assert_int_equal(metrics_compute(&w->results, &w->model, &w->settings, day(as_of), &w->err), PF_OK);
    pf_error_clear(&w->err);
    return plan_compute(&w->plan, &w->model, &w->settings, &w->results, &w->options, &w->err);
}

static void assert_rate(const pf_plan_rate *r, long successes, long trials, pf_plan_source source)
{
    assert_int_equal(r->successes, successes);
    assert_int_equal(r->trials, trials);
    assert_int_equal(r->source, source);
    if (source == PF_PLAN_OBSERVED)
        assert_close(r->value, (double)successes / (double)trials, 1e-15);
}

/* ---- deterministic part ---- */

static void test_cohort_counts_and_rates(void **state)
{
    world *w = *state;
    assert_int_equal(run(w, "2025-06-30"), PF_OK);
    const pf_plan *p = &w->plan;
    assert_int_equal(p->cohort_cut, day("2024-06-30"));
    long cohort[] = {10, 8, 7, 6, 5, 5};
    for (int s = 0; s < PF_PLAN_STAGE_COUNT; s++)
        assert_int_equal(p->cohort[s], cohort[s]);
    for (int i = 0; i < PF_PLAN_RATE_ACTIVE; i++)
        assert_rate(&p->rates[i], cohort[i + 1], cohort[i], PF_PLAN_OBSERVED);
    assert_rate(&p->rates[PF_PLAN_RATE_ACTIVE], 4, 6, PF_PLAN_OBSERVED);
}

static void test_back_calculation(void **state)
{
    world *w = *state;
    assert_int_equal(run(w, "2025-06-30"), PF_OK);
    const pf_plan *p = &w->plan;
    long needed[] = {30, 24, 21, 18, 15, 15, 10};
    for (int s = 0; s <= PF_PLAN_ACTIVE; s++)
        assert_int_equal(p->needed[s], needed[s]);
    assert_close(p->recruitment_cost.value, 130, 1e-15);
    assert_int_equal(p->recruitment_cost.basis, 10);
    assert_close(p->onboarding_cost.value, 960, 1e-15);
    assert_int_equal(p->onboarding_cost.basis, 5);
    assert_close(p->budget, 18300, 1e-15);
    assert_close(p->cost_per_active_partner, 1830, 1e-15);
}

static void test_ceiling_ignores_floating_noise(void **state)
{
    (void)state;
    assert_true(21.0 / (7.0 / 10.0) > 30.0); /* the noise the rule is for */
    assert_close(plan_ceiling(21.0 / (7.0 / 10.0)), 30, 0);
    assert_close(plan_ceiling(15.000001), 16, 0);
    assert_close(plan_ceiling(15.0000000002), 15, 0); /* within the 9 decimals */
    assert_close(plan_ceiling(14.2), 15, 0);
    assert_close(plan_ceiling(3), 3, 0);
}

static void test_delays_and_calendar(void **state)
{
    world *w = *state;
    assert_int_equal(run(w, "2025-06-30"), PF_OK);
    const pf_plan *p = &w->plan;
    double delays[] = {10, 13, 19, 0, 17};
    long basis[] = {7, 6, 5, 4, 4};
    for (int k = 0; k < PF_PLAN_DELAY_COUNT; k++) {
        assert_close(p->delays[k].value, delays[k], 1e-15);
        assert_int_equal(p->delays[k].basis, basis[k]);
        assert_int_equal(p->delays[k].source, PF_PLAN_OBSERVED);
    }
    assert_int_equal(p->approach_offset, 1);
    assert_int_equal(p->sign_offset, 2);
    assert_int_equal(p->target_date, day("2026-12-31"));
    assert_int_equal(p->first_month, day("2025-07-01"));
    assert_int_equal(p->listing_months, 10);
    assert_int_equal(p->start_listing_by, day("2026-04-01"));
    assert_int_equal(p->recruiters, 2);
    assert_int_equal(p->month_count, 18);
    long approach[] = {0, 2, 2, 3, 2, 3, 2, 2, 3, 2, 3, 0, 0, 0, 0, 0, 0, 0};
    long totals[4] = {0};
    for (size_t i = 0; i < p->month_count; i++) {
        const pf_plan_month *m = &p->calendar[i];
        assert_int_equal(m->list, i < 10 ? 3 : 0);
        assert_int_equal(m->approach, approach[i]);
        assert_close(m->list_per_recruiter, i < 10 ? 1.5 : 0, 1e-15);
        totals[0] += m->list;
        totals[1] += m->approach;
        totals[2] += m->sign;
        totals[3] += m->mature;
        assert_int_equal(m->sign, i >= 2 && i < 12 ? (long)((i - 1) * 15 / 10 - (i - 2) * 15 / 10) : 0);
    }
    assert_int_equal(totals[0], 30);
    assert_int_equal(totals[1], 24);
    assert_int_equal(totals[2], 15);
    assert_int_equal(totals[3], 15);
    assert_int_equal(p->calendar[17].mature, 2); /* the last signings mature in the target's month */
    assert_int_equal(p->calendar[17].month, day("2026-12-01"));
}

static void test_default_levers_ranked_by_saving(void **state)
{
    world *w = *state;
    assert_int_equal(run(w, "2025-06-30"), PF_OK);
    const pf_plan *p = &w->plan;
    assert_int_equal(p->lever_count, 4);
    pf_lever_kind order[] = {PF_LEVER_ACTIVE, PF_LEVER_COST, PF_LEVER_QUALITY, PF_LEVER_SIGNING};
    double savings[] = {1090, 390, 260, 0};
    long listed[] = {29, 30, 28, 30};
    for (int i = 0; i < 4; i++) {
        const pf_plan_lever *l = &p->levers[i];
        assert_int_equal(l->kind, order[i]);
        assert_close(l->saving, savings[i], 1e-12);
        assert_int_equal(l->needed_listed, listed[i]);
        assert_false(l->backed);
        assert_null(l->segment);
        assert_close(l->cost_per_active_partner, l->budget / 10, 1e-15);
    }
    assert_string_equal(p->levers[0].change, "+10%");
    assert_string_equal(p->levers[1].change, "-10%");
    assert_close(p->levers[1].to, 117, 1e-15);
    assert_close(p->levers[3].from, 0.625, 1e-15);
    assert_close(p->levers[3].to, 0.6875, 1e-15);
}

static void test_requested_levers(void **state)
{
    world *w = *state;
    pf_lever_request requests[2];
    assert_int_equal(plan_parse_lever("quality=+10pts", &requests[0], &w->err), PF_OK);
    assert_int_equal(plan_parse_lever("cost=-50%", &requests[1], &w->err), PF_OK);
    w->options.levers = requests;
    w->options.lever_count = 2;
    assert_int_equal(run(w, "2025-06-30"), PF_OK);
    const pf_plan *p = &w->plan;
    assert_int_equal(p->lever_count, 2);
    /* cost 65: 30 × 65 + 14400 = 16350, saving 1950; quality 0.9: listed ⌈24 / 0.9⌉ = 27, saving 390 */
    assert_int_equal(p->levers[0].kind, PF_LEVER_COST);
    assert_close(p->levers[0].saving, 1950, 1e-12);
    assert_string_equal(p->levers[0].change, "-50%");
    assert_int_equal(p->levers[1].kind, PF_LEVER_QUALITY);
    assert_int_equal(p->levers[1].needed_listed, 27);
    assert_close(p->levers[1].saving, 390, 1e-12);
    assert_string_equal(p->levers[1].change, "+10pts");
}

static void test_lever_outside_0_100_refused(void **state)
{
    world *w = *state;
    pf_lever_request request;
    assert_int_equal(plan_parse_lever("quality=+30pts", &request, &w->err), PF_OK);
    w->options.levers = &request;
    w->options.lever_count = 1;
    assert_int_equal(run(w, "2025-06-30"), PF_ERROR_USAGE);
    assert_string_equal(w->err.message,
                        "option '--lever': 'quality=+30pts' takes the listed-to-approached rate "
                        "from 80.0% to 110.0%: outside 0-100%");
    assert_null(w->plan.calendar);
}

static void test_parse_lever_messages(void **state)
{
    world *w = *state;
    pf_lever_request request;
    assert_int_equal(plan_parse_lever("speed=+10%", &request, &w->err), PF_ERROR_USAGE);
    assert_string_equal(
        w->err.message,
        "option '--lever': 'speed' is not a lever (the levers are quality, signing, active, cost)");
    const char *bad[] = {"quality", "quality=10pts", "quality=+10", "cost=-15pts", "active=+x%", "signing=+%"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(plan_parse_lever(bad[i], &request, &w->err), PF_ERROR_USAGE);
        char expected[256];
        snprintf(expected, sizeof expected,
                 "option '--lever': '%s': the change must be signed points or percent, as in quality=+10pts, "
                 "active=+5%% or cost=-15%% (cost: percent only)",
                 bad[i]);
        assert_string_equal(w->err.message, expected);
    }
    assert_int_equal(plan_parse_lever("active=+2.5pts", &request, &w->err), PF_OK);
    assert_int_equal(request.kind, PF_LEVER_ACTIVE);
    assert_close(request.amount, 2.5, 0);
    assert_int_equal(request.unit, PF_CHANGE_POINTS);
}

static void test_settings_override_observed(void **state)
{
    world *w = *state;
    w->settings.plan.rates[PF_PLAN_RATE_ACTIVE] = 0.5;
    w->settings.plan.recruitment_cost = 200;
    w->settings.plan.delays[4] = 60;
    assert_int_equal(run(w, "2025-06-30"), PF_OK);
    const pf_plan *p = &w->plan;
    assert_rate(&p->rates[PF_PLAN_RATE_ACTIVE], 4, 6, PF_PLAN_SETTINGS);
    assert_close(p->rates[PF_PLAN_RATE_ACTIVE].value, 0.5, 0);
    /* signed 20, approved 20, reviewed 24, applied 28, approached 32, listed 40 */
    assert_int_equal(p->needed[PF_STAGE_SIGNED], 20);
    assert_int_equal(p->needed[PF_STAGE_LISTED], 40);
    assert_int_equal(p->recruitment_cost.source, PF_PLAN_SETTINGS);
    assert_close(p->budget, 40 * 200 + 20 * 960, 1e-15);
    assert_int_equal(p->delays[4].source, PF_PLAN_SETTINGS);
    assert_int_equal(p->sign_offset, 4); /* ⌈(10 + 13 + 19 + 0 + 60) / 30⌉ */
}

/* ---- refusals ---- */

static void test_target_date_too_early(void **state)
{
    world *w = *state;
    w->options.target_date = day("2026-01-31");
    assert_int_equal(run(w, "2025-06-30"), PF_ERROR_USAGE);
    assert_string_equal(w->err.message,
                        "option '--target-date': 2026-01-31 is too early: a candidate listed in 2025-07 signs "
                        "about 2 months later and counts as active only after the 6-month window; the earliest "
                        "feasible target date is 2026-03-31");
    w->options.target_date = day("2026-03-31");
    assert_int_equal(run(w, "2025-06-30"), PF_OK);
    assert_int_equal(w->plan.listing_months, 1);
    assert_int_equal(w->plan.calendar[0].list, 30);
}

static void test_empty_cohort_says_history(void **state)
{
    world *w = *state;
    w->options.cohort_months = 30;
    assert_int_equal(run(w, "2025-06-30"), PF_ERROR_DATA);
    assert_string_equal(
        w->err.message,
        "the planning cohort is empty: no candidate listed on or before 2022-12-30 (2025-06-30 minus "
        "30 months); the export holds 17 months of history: try --cohort-months 17 or give the "
        "stage rates in [plan]");
    w->options.cohort_months = 17;
    assert_int_equal(run(w, "2025-06-30"), PF_OK);
    assert_int_equal(w->plan.cohort[PF_STAGE_LISTED], 2); /* cut 2024-01-30: C01 and C02 */
}

static void test_zero_conversion_names_the_stage(void **state)
{
    world *w = *state;
    w->options.cohort_months = 1;
    assert_int_equal(run(w, "2024-02-20"), PF_ERROR_DATA);
    assert_string_equal(w->err.message,
                        "stage 'signed': no candidate of the planning cohort (listed on or before "
                        "2024-01-20) reached it (0 of 1 approved): try a longer --cohort-months "
                        "or set [plan] signed_rate");
}

static void test_no_mature_partner(void **state)
{
    world *w = *state;
    w->options.cohort_months = 1;
    assert_int_equal(run(w, "2024-06-30"), PF_ERROR_DATA);
    assert_string_equal(w->err.message, "no mature partner as of 2024-06-30 (signed at least 6 months before): "
                                        "the active rate cannot be measured; set [plan] active_rate");
    w->settings.plan.rates[PF_PLAN_RATE_ACTIVE] = 0.6;
    assert_int_equal(run(w, "2024-06-30"), PF_OK);
}

static void test_every_rate_in_settings_needs_no_cohort(void **state)
{
    world *w = *state;
    for (int i = 0; i < PF_PLAN_RATE_COUNT; i++)
        w->settings.plan.rates[i] = 0.5;
    w->options.cohort_months = 60;
    assert_int_equal(run(w, "2025-06-30"), PF_OK);
    assert_int_equal(w->plan.cohort[PF_STAGE_LISTED], 0);
    assert_int_equal(w->plan.needed[PF_STAGE_LISTED], 640); /* 10 × 2^6 */
    assert_int_equal(w->plan.recruitment_cost.source, PF_PLAN_NONE);
    assert_close(w->plan.budget, 0, 0);
}

static void test_rates_too_low_refused(void **state)
{
    world *w = *state;
    for (int i = 0; i < PF_PLAN_RATE_COUNT; i++)
        w->settings.plan.rates[i] = 0.01;
    assert_int_equal(run(w, "2025-06-30"), PF_ERROR_DATA);
    assert_string_equal(w->err.message,
                        "the plan would need more than 100000000 candidates at stage 'applied': "
                        "the rates are too low to plan with");
    assert_null(w->plan.calendar);
}

/* ---- simulation ---- */

static void test_fixed_rates_match_closed_form(void **state)
{
    world *w = *state;
    double fixed[PF_PLAN_RATE_COUNT] = {0.8, 0.9, 0.75, 0.9, 0.95, 0.6};
    double q = 1;
    for (int i = 0; i < PF_PLAN_RATE_COUNT; i++) {
        w->settings.plan.rates[i] = fixed[i];
        q *= fixed[i];
    }
    w->options.draws = 20000;
    assert_int_equal(run(w, "2025-06-30"), PF_OK);
    const pf_plan *p = &w->plan;
    long listed = p->needed[PF_STAGE_LISTED], n = p->target_active;
    /* the chain of binomials is Binomial(listed, q): its median, P(>= N), mean */
    double median = 0;
    while (gsl_cdf_binomial_P((unsigned)median, q, (unsigned)listed) < 0.5)
        median++;
    assert_close(p->simulation.p50, median, 0);
    double p_target = gsl_cdf_binomial_Q((unsigned)(n - 1), q, (unsigned)listed);
    double se = sqrt(p_target * (1 - p_target) / 20000.0);
    assert_true(fabs(p->simulation.p_target - p_target) < 4 * se);
    double sum = 0;
    long draws = 0;
    for (size_t k = 0; k < p->simulation.histogram_count; k++) {
        sum += (double)(p->simulation.histogram_min + (long)k) * (double)p->simulation.histogram[k];
        draws += p->simulation.histogram[k];
    }
    assert_int_equal(draws, 20000);
    double mean = (double)listed * q, sd = sqrt((double)listed * q * (1 - q));
    assert_true(fabs(sum / 20000.0 - mean) < 4 * sd / sqrt(20000.0));
    /* smallest listing L with P(Binomial(L, q) >= N) >= 0.8, within sampling error */
    long exact = n;
    while (gsl_cdf_binomial_Q((unsigned)(n - 1), q, (unsigned)exact) < 0.8)
        exact++;
    assert_true(labs(p->simulation.listing_for_80pct - exact) <= 2);
}

static void test_same_seed_same_numbers(void **state)
{
    world *w = *state;
    assert_int_equal(run(w, "2025-06-30"), PF_OK);
    pf_plan_simulation first = w->plan.simulation;
    long *histogram = malloc(first.histogram_count * sizeof *histogram);
    assert_non_null(histogram);
    memcpy(histogram, first.histogram, first.histogram_count * sizeof *histogram);
    assert_int_equal(run(w, "2025-06-30"), PF_OK);
    const pf_plan_simulation *again = &w->plan.simulation;
    assert_int_equal(again->seed, PF_PLAN_DEFAULT_SEED);
    assert_true(again->p10 == first.p10 && again->p50 == first.p50 && again->p90 == first.p90);
    assert_true(again->p_target == first.p_target);
    assert_int_equal(again->listing_for_80pct, first.listing_for_80pct);
    assert_int_equal(again->histogram_count, first.histogram_count);
    assert_memory_equal(again->histogram, histogram, first.histogram_count * sizeof *histogram);
    w->options.seed = 7;
    assert_int_equal(run(w, "2025-06-30"), PF_OK);
    const pf_plan_simulation *other = &w->plan.simulation;
    assert_int_equal(other->seed, 7);
    bool same_histogram = other->histogram_count == first.histogram_count &&
                          memcmp(other->histogram, histogram, first.histogram_count * sizeof *histogram) == 0;
    assert_false(same_histogram && other->p_target == first.p_target);
    free(histogram);
}

/* An independent simulation, one candidate at a time through every stage, with posterior rates drawn by
 * another generator: P(target) and the median agree within sampling error. */
static void test_agrees_with_independent_simulation(void **state)
{
    world *w = *state;
    w->options.draws = 20000;
    assert_int_equal(run(w, "2025-06-30"), PF_OK);
    const pf_plan *p = &w->plan;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(rng, 99);
    long successes[] = {8, 7, 6, 5, 5, 4}, trials[] = {10, 8, 7, 6, 5, 6};
    long reached = 0, draws = 20000;
    long *active = malloc((size_t)draws * sizeof *active);
    assert_non_null(active);
    for (long d = 0; d < draws; d++) {
        double rate[6];
        for (int i = 0; i < 6; i++)
            rate[i] = gsl_ran_beta(rng, successes[i] + 0.5, trials[i] - successes[i] + 0.5);
        long count = 0;
        for (long c = 0; c < p->needed[PF_STAGE_LISTED]; c++) {
            int i = 0;
            while (i < 6 && gsl_rng_uniform(rng) < rate[i])
                i++;
            count += i == 6;
        }
        active[d] = count;
        reached += count >= p->target_active;
    }
    double mine = (double)reached / (double)draws;
    double se = sqrt(mine * (1 - mine) * 2 / (double)draws);
    assert_true(fabs(p->simulation.p_target - mine) < 4 * se);
    /* the plan's median is a median of the independent sample too: at most half below it, at least half at
     * or below it, within 4 standard errors of both samples (sqrt(2 × 20000 / 4) ≈ 100 draws each) */
    long below = 0, at_most = 0;
    for (long d = 0; d < draws; d++) {
        below += active[d] < p->simulation.p50;
        at_most += active[d] <= p->simulation.p50;
    }
    assert_true(below <= draws / 2 + 400);
    assert_true(at_most >= draws / 2 - 400);
    free(active);
    gsl_rng_free(rng);
}

static void test_listing_for_80pct_is_consistent(void **state)
{
    world *w = *state;
    assert_int_equal(run(w, "2025-06-30"), PF_OK);
    const pf_plan_simulation *s = &w->plan.simulation;
    long listed = w->plan.needed[PF_STAGE_LISTED];
    /* the same sample judges every listing: above 80 % at needed(listed) means it needs no more */
    if (s->p_target >= 0.8)
        assert_true(s->listing_for_80pct <= listed);
    else
        assert_true(s->listing_for_80pct > listed);
    assert_true(s->p10 <= s->p50 && s->p50 <= s->p90);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cohort_counts_and_rates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_back_calculation, setup, teardown),
        cmocka_unit_test(test_ceiling_ignores_floating_noise),
        cmocka_unit_test_setup_teardown(test_delays_and_calendar, setup, teardown),
        cmocka_unit_test_setup_teardown(test_default_levers_ranked_by_saving, setup, teardown),
        cmocka_unit_test_setup_teardown(test_requested_levers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lever_outside_0_100_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parse_lever_messages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_settings_override_observed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_target_date_too_early, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_cohort_says_history, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zero_conversion_names_the_stage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_mature_partner, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_rate_in_settings_needs_no_cohort, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rates_too_low_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fixed_rates_match_closed_form, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_seed_same_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_agrees_with_independent_simulation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_listing_for_80pct_is_consistent, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
