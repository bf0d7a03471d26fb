/* test_metrics_trend.c — the 12 month ends of the trend (metrics_trend.h) on fixtures/demo: which dates, and
 * that each row holds the figures metrics_compute() gives for that date (the e2e case tests/e2e/trend.sh
 * checks the same against `report --as-of m --json`). Month ends were checked with `cal`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "partnerfunnel/generate.h"
#include "partnerfunnel/metrics.h"
#include "testutil.h"

static pf_date day(const char *iso)
{
    pf_date d;
    assert_int_equal(field_parse_date(iso, strlen(iso), PF_DATE_ORDER_DMY, &d, NULL), PF_FIELD_OK);
    return d;
}

typedef struct demo {
    pf_settings settings;
    pf_model model;
} demo;

static int demo_setup(void **state)
{
    demo *d = calloc(1, sizeof *d);
    pf_error_context err;
    settings_init(&d->settings);
    model_init(&d->model);
    if (settings_load(&d->settings, "fixtures/demo/partnerfunnel.ini", &err) != PF_OK)
        return -1;
    pf_model_paths paths = {"fixtures/demo", {NULL, NULL, NULL}};
    if (model_load(&d->model, &paths, &d->settings, &err) != PF_OK)
        return -1;
    *state = d;
    return 0;
}

static int demo_teardown(void **state)
{
    demo *d = *state;
    model_clear(&d->model);
    settings_clear(&d->settings);
    free(d);
    return 0;
}

static void test_month_end_of_a_date(void **state)
{
    (void)state;
    assert_int_equal(metrics_trend_month_end(day("2024-02-29")), day("2024-02-29"));
    assert_int_equal(metrics_trend_month_end(day("2024-02-28")), day("2024-01-31"));
    assert_int_equal(metrics_trend_month_end(day("2023-03-01")), day("2023-02-28"));
    assert_int_equal(metrics_trend_month_end(day("2026-12-31")), day("2026-12-31"));
    assert_int_equal(metrics_trend_month_end(day("2027-01-15")), day("2026-12-31"));
}

static void assert_same_double(double a, double b)
{
    if (isnan(a) || isnan(b))
        assert_true(isnan(a) && isnan(b));
    else
        assert_true(a == b);
}

static void assert_same_point(const pf_trend_point *a, const pf_trend_point *b)
{
    assert_int_equal(a->as_of, b->as_of);
    assert_int_equal(a->listed, b->listed);
    assert_int_equal(a->signed_partners, b->signed_partners);
    assert_int_equal(a->mature, b->mature);
    assert_int_equal(a->active, b->active);
    assert_same_double(a->rate.estimate, b->rate.estimate);
    assert_same_double(a->rate.low, b->rate.low);
    assert_same_double(a->rate.high, b->rate.high);
    assert_int_equal(a->bad_recruits, b->bad_recruits);
    assert_same_double(a->cost_per_bad_recruit, b->cost_per_bad_recruit);
    assert_same_double(a->cost_per_active_partner, b->cost_per_active_partner);
    assert_same_double(a->median_days_to_first_deal, b->median_days_to_first_deal);
    assert_same_double(a->p_within_100_days, b->p_within_100_days);
    for (int b_ = 0; b_ < PF_AT_RISK_BAND_COUNT; b_++)
        assert_int_equal(a->at_risk[b_], b->at_risk[b_]);
}

/* What metrics_compute_headline_at() promises to equal: every figure metrics_trend_point() reads, the first
 * deal's funnel stage, the scope and the at-risk lists entry by entry. */
static void assert_same_headline(const pf_results *fast, const pf_results *slow)
{
    pf_trend_point a = metrics_trend_point(fast), b = metrics_trend_point(slow);
    assert_same_point(&a, &b);
    assert_int_equal(fast->out_of_scope, slow->out_of_scope);
    assert_int_equal(fast->funnel[PF_STAGE_FIRST_DEAL].base, slow->funnel[PF_STAGE_FIRST_DEAL].base);
    assert_int_equal(fast->funnel[PF_STAGE_FIRST_DEAL].reached, slow->funnel[PF_STAGE_FIRST_DEAL].reached);
    assert_int_equal(fast->first_deal.events, slow->first_deal.events);
    assert_same_double(fast->first_deal.median_low, slow->first_deal.median_low);
    assert_same_double(fast->first_deal.median_high, slow->first_deal.median_high);
    assert_same_double(fast->bad_recruits.total_cost, slow->bad_recruits.total_cost);
    assert_same_double(fast->mature_cost, slow->mature_cost);
    for (int band = 0; band < PF_AT_RISK_BAND_COUNT; band++)
        for (long e = 0; e < slow->at_risk[band].count; e++) {
            assert_int_equal(fast->at_risk[band].partners[e].partner, slow->at_risk[band].partners[e].partner);
            assert_int_equal(fast->at_risk[band].partners[e].days_since_signing,
                             slow->at_risk[band].partners[e].days_since_signing);
        }
}

/* Each month end of a base, computed from the signers only, equals metrics_compute_headline() as of it; the
 * dates are given newest first, and include one before anything was listed. */
static void assert_base_equals_headline(const pf_model *model, const pf_settings *settings, pf_date last)
{
    pf_date dates[PF_TREND_MONTHS + 1];
    pf_date end = metrics_trend_month_end(last);
    for (size_t k = 0; k < PF_TREND_MONTHS; k++) {
        dates[k] = end;
        end = metrics_trend_month_end(end - 1);
    }
    dates[PF_TREND_MONTHS] = day("1990-01-31");
    pf_headline_base base;
    pf_error_context err;
    assert_int_equal(metrics_headline_base(&base, model, dates, PF_TREND_MONTHS + 1, &err), PF_OK);
    assert_true(base.signer_count > 0 && base.signer_count < model->partner_count);
    pf_results fast, slow;
    metrics_init(&fast);
    metrics_init(&slow);
    for (size_t k = 0; k <= PF_TREND_MONTHS; k++) {
        assert_int_equal(metrics_compute_headline_at(&fast, model, settings, &base, k, &err), PF_OK);
        assert_int_equal(metrics_compute_headline(&slow, model, settings, dates[k], &err), PF_OK);
        assert_int_equal(fast.as_of, dates[k]);
        assert_same_headline(&fast, &slow);
    }
    assert_int_equal(fast.funnel[PF_STAGE_LISTED].reached, 0); /* 1990: nothing listed yet */
    assert_int_equal(metrics_compute_headline_at(&fast, model, settings, &base, PF_TREND_MONTHS + 1, &err),
                     PF_ERROR_INTERNAL);
    metrics_clear(&fast);
    metrics_clear(&slow);
    metrics_headline_base_clear(&base);
}

/* metrics_compute_with_trend() gives what metrics_compute() then metrics_trend() give: the same results and the
 * same twelve points, at a month end (one point read from the results) and between two. */
static void assert_compute_with_trend_equals_both(const pf_model *model, const pf_settings *settings,
                                                  pf_date as_of)
{
    pf_results together, apart;
    pf_error_context err;
    metrics_init(&together);
    metrics_init(&apart);
    assert_int_equal(metrics_compute_with_trend(&together, model, settings, as_of, &err), PF_OK);
    assert_int_equal(metrics_compute(&apart, model, settings, as_of, &err), PF_OK);
    assert_int_equal(metrics_trend(&apart.trend, model, settings, as_of, &apart, &err), PF_OK);
    assert_int_equal(together.trend.count, PF_TREND_MONTHS);
    for (size_t k = 0; k < PF_TREND_MONTHS; k++)
        assert_same_point(&together.trend.points[k], &apart.trend.points[k]);
    pf_trend_point a = metrics_trend_point(&together), b = metrics_trend_point(&apart);
    assert_same_point(&a, &b);
    assert_memory_equal(together.partners, apart.partners, model->partner_count * sizeof *together.partners);
    assert_int_equal(together.segments[PF_SEGMENT_RECRUITER].count, apart.segments[PF_SEGMENT_RECRUITER].count);
    metrics_clear(&together);
    metrics_clear(&apart);
}

static void test_headline_at_equals_headline_on_demo(void **state)
{
    demo *d = *state;
    assert_base_equals_headline(&d->model, &d->settings, day("2026-10-31"));
    assert_base_equals_headline(&d->model, &d->settings, day("2024-03-15"));
}

/* The same on a generated export of 20 000 candidates with planted bad rows: thousands of signers, deals and
 * costs on both sides of every month end. */
static void test_headline_at_equals_headline_on_generated_export(void **state)
{
    (void)state;
    char dir[] = "/tmp/pf-test-trend.XXXXXX";
    assert_non_null(mkdtemp(dir));
    pf_generate_options options;
    generate_options_init(&options);
    options.candidates = 20000;
    options.seed = 7;
    options.bad_rows = 5;
    pf_error_context err;
    assert_int_equal(generate_export(&options, dir, NULL, &err), PF_OK);
    pf_settings settings;
    pf_model model;
    settings_init(&settings);
    model_init(&model);
    char ini[128];
    snprintf(ini, sizeof ini, "%s/partnerfunnel.ini", dir);
    assert_int_equal(settings_load(&settings, ini, &err), PF_OK);
    pf_model_paths paths = {dir, {NULL, NULL, NULL}};
    assert_int_equal(model_load(&model, &paths, &settings, &err), PF_OK);
    assert_base_equals_headline(&model, &settings, options.as_of);
    assert_base_equals_headline(&model, &settings, field_date_add_months(options.as_of, -30));
    assert_compute_with_trend_equals_both(&model, &settings, options.as_of);
    model_clear(&model);
    settings_clear(&settings);
    char command[128];
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    assert_int_equal(system(command), 0);
}

static void test_headline_base_refuses_bad_dates(void **state)
{
    demo *d = *state;
    pf_headline_base base;
    pf_error_context err;
    pf_date dates[PF_HEADLINE_BASE_DATES + 1];
    for (size_t k = 0; k <= PF_HEADLINE_BASE_DATES; k++)
        dates[k] = day("2026-10-31") - (pf_date)k;
    assert_int_equal(metrics_headline_base(&base, &d->model, dates, 0, &err), PF_ERROR_INTERNAL);
    assert_int_equal(metrics_headline_base(&base, &d->model, dates, PF_HEADLINE_BASE_DATES + 1, &err),
                     PF_ERROR_INTERNAL);
    dates[3] = PF_DATE_NONE;
    assert_int_equal(metrics_headline_base(&base, &d->model, dates, 4, &err), PF_ERROR_INTERNAL);
    assert_null(base.signers);
    metrics_headline_base_clear(&base);
}

/* as_of 2024-03-15: the month ends 2023-03-31 … 2024-02-29, each equal to a full computation as of it. */
static void test_trend_rows_equal_full_computation(void **state)
{
    demo *d = *state;
    pf_trend trend;
    pf_error_context err;
    assert_int_equal(metrics_trend(&trend, &d->model, &d->settings, day("2024-03-15"), NULL, &err), PF_OK);
    assert_int_equal(trend.count, PF_TREND_MONTHS);
    assert_int_equal(trend.points[0].as_of, day("2023-03-31"));
    assert_int_equal(trend.points[1].as_of, day("2023-04-30"));
    assert_int_equal(trend.points[11].as_of, day("2024-02-29"));
    pf_results full;
    metrics_init(&full);
    for (size_t k = 0; k < trend.count; k++) {
        assert_int_equal(metrics_compute(&full, &d->model, &d->settings, trend.points[k].as_of, &err), PF_OK);
        pf_trend_point expected = metrics_trend_point(&full);
        assert_same_point(&trend.points[k], &expected);
    }
    assert_true(trend.points[0].listed < trend.points[11].listed);
    metrics_clear(&full);
}

/* The headline-only computation leaves the segments and the overhead out. */
static void test_headline_leaves_segments_empty(void **state)
{
    demo *d = *state;
    pf_results r;
    pf_error_context err;
    metrics_init(&r);
    assert_int_equal(metrics_compute_headline(&r, &d->model, &d->settings, day("2026-10-31"), &err), PF_OK);
    assert_int_equal(r.segments[PF_SEGMENT_RECRUITER].count, 0);
    assert_true(isnan(r.overhead.total));
    assert_true(r.funnel[PF_STAGE_LISTED].reached > 0);
    metrics_clear(&r);
}

/* The comparison point of the Summary: the end of the month before as_of's month. */
static void test_previous_month_end(void **state)
{
    demo *d = *state;
    pf_trend trend;
    pf_error_context err;
    memset(&trend, 0, sizeof trend);
    assert_null(metrics_trend_previous(&trend, day("2026-10-31")));
    assert_int_equal(metrics_trend(&trend, &d->model, &d->settings, day("2026-10-31"), NULL, &err), PF_OK);
    const pf_trend_point *p = metrics_trend_previous(&trend, day("2026-10-31"));
    assert_non_null(p);
    assert_int_equal(p->as_of, day("2026-09-30"));
    assert_ptr_equal(p, &trend.points[10]);
    assert_int_equal(metrics_trend(&trend, &d->model, &d->settings, day("2026-10-15"), NULL, &err), PF_OK);
    p = metrics_trend_previous(&trend, day("2026-10-15"));
    assert_non_null(p);
    assert_ptr_equal(p, &trend.points[11]);
    assert_int_equal(p->as_of, day("2026-09-30"));
}

/* Results already computed at a month end give that point; the twelve equal those computed from scratch. */
static void test_trend_reuses_current_results(void **state)
{
    demo *d = *state;
    pf_trend fresh, reused;
    pf_results current;
    pf_error_context err;
    metrics_init(&current);
    assert_int_equal(metrics_compute(&current, &d->model, &d->settings, day("2026-10-31"), &err), PF_OK);
    assert_int_equal(metrics_trend(&fresh, &d->model, &d->settings, day("2026-10-31"), NULL, &err), PF_OK);
    assert_int_equal(metrics_trend(&reused, &d->model, &d->settings, day("2026-10-31"), &current, &err), PF_OK);
    for (size_t k = 0; k < PF_TREND_MONTHS; k++)
        assert_same_point(&fresh.points[k], &reused.points[k]);
    metrics_clear(&current);
}

static void test_compute_with_trend_equals_compute_then_trend(void **state)
{
    demo *d = *state;
    assert_compute_with_trend_equals_both(&d->model, &d->settings, day("2026-10-31"));
    assert_compute_with_trend_equals_both(&d->model, &d->settings, day("2024-03-15"));
}

/* A missing date is metrics_compute()'s error, and the results are left empty. */
static void test_compute_with_trend_refuses_missing_date(void **state)
{
    demo *d = *state;
    pf_results r;
    pf_error_context err;
    metrics_init(&r);
    assert_int_equal(metrics_compute_with_trend(&r, &d->model, &d->settings, PF_DATE_NONE, &err),
                     PF_ERROR_INTERNAL);
    assert_null(r.partners);
    assert_int_equal(r.trend.count, 0);
    metrics_clear(&r);
}

/* Settings out of range fail metrics_compute() while the helper thread computes month ends: the error is
 * metrics_compute()'s and nothing is left behind. */
static void test_compute_with_trend_reports_compute_error(void **state)
{
    demo *d = *state;
    pf_settings bad = d->settings;
    bad.window_months = 0;
    pf_results r;
    pf_error_context err;
    metrics_init(&r);
    assert_int_equal(metrics_compute_with_trend(&r, &d->model, &bad, day("2026-10-31"), &err),
                     PF_ERROR_INTERNAL);
    assert_non_null(strstr(err.message, "settings out of range"));
    assert_null(r.partners);
    assert_int_equal(r.trend.count, 0);
    metrics_clear(&r);
}

static void test_trend_refuses_missing_date(void **state)
{
    demo *d = *state;
    pf_trend trend;
    pf_error_context err;
    assert_int_equal(metrics_trend(&trend, &d->model, &d->settings, PF_DATE_NONE, NULL, &err),
                     PF_ERROR_INTERNAL);
    assert_int_equal(trend.count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_month_end_of_a_date),
        cmocka_unit_test(test_trend_rows_equal_full_computation),
        cmocka_unit_test(test_headline_leaves_segments_empty),
        cmocka_unit_test(test_previous_month_end),
        cmocka_unit_test(test_trend_reuses_current_results),
        cmocka_unit_test(test_trend_refuses_missing_date),
        cmocka_unit_test(test_compute_with_trend_equals_compute_then_trend),
        cmocka_unit_test(test_compute_with_trend_refuses_missing_date),
        cmocka_unit_test(test_compute_with_trend_reports_compute_error),
        cmocka_unit_test(test_headline_at_equals_headline_on_demo),
        cmocka_unit_test(test_headline_at_equals_headline_on_generated_export),
        cmocka_unit_test(test_headline_base_refuses_bad_dates),
    };
    return cmocka_run_group_tests(tests, demo_setup, demo_teardown) != 0;
}
