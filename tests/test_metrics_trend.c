/* test_metrics_trend.c — the 12 month ends of the trend (metrics_trend.h) on fixtures/demo: which dates, and
 * that each row holds the figures metrics_compute() gives for that date (the e2e case tests/e2e/trend.sh
 * checks the same against `report --as-of m --json`). Month ends were checked with `cal`. */
#include <stdlib.h>
#include <string.h>

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
    };
    return cmocka_run_group_tests(tests, demo_setup, demo_teardown) != 0;
}
