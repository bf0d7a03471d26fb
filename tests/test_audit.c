/* test_audit.c — audit.h on fixtures/crm/canonical as of 2025-06-30 (ten partners, worked out by hand in
 * tests/e2e/report.sh: mature P001 P002 P005 P006 P007 P008 P010, active P001 P005 P007 P010; at risk past
 * 9 months P006 P008), and the rating rule. Fisher p-values: python3's hypergeometric sum in
 * tests/e2e/audit.sh (AUDIT_FISHER); fisher(4, 0, 0, 3) = 1/35 by hand. */
#include <stdlib.h>
#include <string.h>

#include "partnerfunnel/audit.h"
#include "partnerfunnel/audit_prospects.h"
#include "testutil.h"

typedef struct run {
    pf_settings settings;
    pf_model model;
    pf_results results;
    pf_audit audit;
} run;

static pf_date day(const char *iso)
{
    pf_date d;
    assert_int_equal(field_parse_date(iso, strlen(iso), PF_DATE_ORDER_DMY, &d, NULL), PF_FIELD_OK);
    return d;
}

static run *run_new(bool with_deals)
{
    run *r = calloc(1, sizeof *r);
    pf_error_context err;
    settings_init(&r->settings);
    model_init(&r->model);
    metrics_init(&r->results);
    audit_init(&r->audit);
    pf_model_paths paths = {NULL, {"fixtures/crm/canonical/partners.csv", NULL, NULL}};
    if (with_deals) {
        paths.dir = "fixtures/crm/canonical";
        paths.files[PF_FILE_PARTNERS] = NULL;
    }
    assert_int_equal(model_load(&r->model, &paths, &r->settings, &err), PF_OK);
    assert_int_equal(metrics_compute(&r->results, &r->model, &r->settings, day("2025-06-30"), &err), PF_OK);
    assert_int_equal(audit_compute(&r->audit, &r->model, &r->results, "EUR", &err), PF_OK);
    return r;
}

static void run_free(run *r)
{
    audit_clear(&r->audit);
    metrics_clear(&r->results);
    model_clear(&r->model);
    settings_clear(&r->settings);
    free(r);
}

static void test_rating_against_the_summary_thresholds(void **state)
{
    (void)state;
    assert_int_equal(reference_rate(0.40, &pf_rule_active_rate), PF_RATING_GOOD);
    assert_int_equal(reference_rate(0.3999, &pf_rule_active_rate), PF_RATING_WATCH);
    assert_int_equal(reference_rate(0.30, &pf_rule_active_rate), PF_RATING_WATCH);
    assert_int_equal(reference_rate(0.2999, &pf_rule_active_rate), PF_RATING_POOR);
    assert_int_equal(reference_rate(15000, &pf_rule_cost_per_bad_recruit), PF_RATING_GOOD);
    assert_int_equal(reference_rate(70000, &pf_rule_cost_per_bad_recruit), PF_RATING_WATCH);
    assert_int_equal(reference_rate(70001, &pf_rule_cost_per_bad_recruit), PF_RATING_POOR);
    assert_int_equal(reference_rate(NAN, &pf_rule_active_rate), PF_RATING_NOT_RATED);
    assert_int_equal(reference_rate(0.5, NULL), PF_RATING_NOT_RATED);
}

/* kickoff: P001 P005 P007 P010 (all active) with; P002 P006 P008 (none active) without. The application:
 * every mature partner but P006 (implied stages) has applied_on. */
static void test_adherence_counts_recorded_steps_only(void **state)
{
    (void)state;
    run *r = run_new(true);
    const pf_adherence *kickoff = &r->audit.adherence[PF_AUDIT_STEP_KICKOFF];
    assert_int_equal(kickoff->with.mature, 4);
    assert_int_equal(kickoff->with.active, 4);
    assert_int_equal(kickoff->without.mature, 3);
    assert_int_equal(kickoff->without.active, 0);
    assert_close(kickoff->fisher_p, 1.0 / 35, 1e-12);
    assert_close(kickoff->share_with, 4.0 / 7, 1e-15);
    const pf_adherence *application = &r->audit.adherence[PF_AUDIT_STEP_APPLICATION];
    assert_int_equal(application->with.mature, 6);
    assert_int_equal(application->without.mature, 1); /* P006: implied, not done */
    assert_int_equal(application->without.active, 0);
    /* the business plan row is the report's */
    const pf_adherence *plan = &r->audit.adherence[PF_AUDIT_STEP_BUSINESS_PLAN];
    assert_int_equal(plan->with.mature, r->results.business_plan.mature[1]);
    assert_true(plan->fisher_p == r->results.business_plan.fisher_p);
    run_free(r);
}

/* Élodie Martin signed P001 P002 P006: P002 and P006 without kickoff, P006 without application. */
static void test_recruiter_skips(void **state)
{
    (void)state;
    run *r = run_new(true);
    const pf_segment_list *list = &r->results.segments[PF_SEGMENT_RECRUITER];
    long row = -1;
    for (size_t k = 0; k < list->count; k++)
        if (strcmp(list->rows[k].value, "Élodie Martin") == 0)
            row = (long)k;
    assert_true(row >= 0);
    const pf_recruiter_skips *skips = &r->audit.recruiter_skips[row];
    assert_int_equal(skips->signed_dated, 3);
    assert_int_equal(skips->skipped[PF_AUDIT_STEP_KICKOFF], 2);
    assert_int_equal(skips->skipped[PF_AUDIT_STEP_APPLICATION], 1);
    assert_int_equal(skips->skipped[PF_AUDIT_STEP_BUSINESS_PLAN], 2);
    run_free(r);
}

static void test_scorecard_and_findings(void **state)
{
    (void)state;
    run *r = run_new(true);
    assert_int_equal(r->audit.scorecard[PF_RUBRIC_ACTIVE].rating, PF_RATING_GOOD); /* 4/7 */
    assert_int_equal(r->audit.scorecard[PF_RUBRIC_COSTS].rating, PF_RATING_GOOD);  /* 12,833 EUR */
    assert_int_equal(r->audit.scorecard[PF_RUBRIC_SIGNING].rating, PF_RATING_NOT_RATED);
    assert_close(r->audit.signing_rate.estimate, 7.0 / 10, 1e-15); /* funnel: 7 signed of 10 approached */
    /* P006 (11000) and P008 (14000) to consider ending */
    assert_close(r->audit.consider_ending_cost, 25000, 1e-12);
    bool found = false;
    for (size_t k = 0; k < r->audit.finding_count; k++) {
        const pf_finding *f = &r->audit.findings[k];
        if (k > 0 && isfinite(f->money))
            assert_true(f->money <= r->audit.findings[k - 1].money);
        if (f->kind == PF_FINDING_CONSIDER_ENDING) {
            found = true;
            assert_int_equal(f->partners, 2);
        }
        /* p = 1/35 < 0.05 for kickoff: the only significant step */
        if (f->kind == PF_FINDING_SKIPPED_STEP)
            assert_int_equal(f->step, PF_AUDIT_STEP_KICKOFF);
    }
    assert_true(found);
    run_free(r);
}

static void test_data_quality_per_column(void **state)
{
    (void)state;
    run *r = run_new(true);
    const pf_data_quality *q = &r->audit.quality;
    bool seen = false;
    for (size_t k = 0; k < q->column_count; k++) {
        if (q->columns[k].file == PF_FILE_PARTNERS && q->columns[k].column == PF_COL_SIGNED_ON) {
            seen = true;
            assert_int_equal(q->columns[k].rows, 10);
            assert_int_equal(q->columns[k].empty, 3); /* P003 P004 P009 */
        }
    }
    assert_true(seen);
    assert_true(q->out_of_order >= 1); /* P008 approached before listed */
    run_free(r);
}

static void test_without_deals_nothing_after_signature(void **state)
{
    (void)state;
    run *r = run_new(false);
    for (int s = 0; s < PF_AUDIT_STEP_COUNT; s++) {
        assert_true(isnan(r->audit.adherence[s].fisher_p));
        assert_int_equal(r->audit.adherence[s].with.active, PF_COUNT_UNKNOWN);
    }
    assert_int_equal(r->audit.scorecard[PF_RUBRIC_ACTIVE].rating, PF_RATING_NOT_RATED);
    for (size_t k = 0; k < r->audit.finding_count; k++)
        assert_int_equal(r->audit.findings[k].kind, PF_FINDING_IMPLIED_SIGNATURES);
    audit_clear(&r->audit);
    audit_clear(&r->audit); /* twice is harmless */
    audit_clear(NULL);
    run_free(r);
}

/* fixtures/criteria: 370 SIRENE-shaped rows; `score ... --partners partners-sample.csv --id-column siret`
 * finds 9 eligible integrators (3 already partners) and 7 resellers (2). */
static void test_prospects_counted_as_score_does(void **state)
{
    (void)state;
    pf_settings settings;
    pf_model model;
    pf_audit_prospects p;
    pf_error_context err;
    settings_init(&settings);
    model_init(&model);
    audit_prospects_init(&p);
    pf_model_paths paths = {NULL, {"fixtures/criteria/partners-sample.csv", NULL, NULL}};
    assert_int_equal(model_load(&model, &paths, &settings, &err), PF_OK);
    assert_int_equal(audit_prospects_load(&p, "fixtures/criteria/sirene-sample.csv",
                                          "fixtures/criteria/sirene-criteria.csv", "siret", &model, &settings,
                                          &err),
                     PF_OK);
    assert_true(p.present);
    assert_int_equal(p.result.profile_count, 2);
    assert_int_equal(p.result.profiles[0].eligible, 9);
    assert_int_equal(p.result.profiles[0].known, 3);
    assert_int_equal(p.result.profiles[1].eligible, 7);
    assert_int_equal(p.result.profiles[1].known, 2);
    /* a criteria file that does not exist: an error, nothing kept */
    assert_int_equal(audit_prospects_load(&p, "fixtures/criteria/sirene-sample.csv",
                                          "fixtures/criteria/none.csv", NULL, &model, &settings, &err),
                     PF_ERROR_NO_INPUT);
    assert_false(p.present);
    assert_int_equal(p.result.profile_count, 0);
    audit_prospects_clear(&p);
    audit_prospects_clear(NULL);
    model_clear(&model);
    settings_clear(&settings);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rating_against_the_summary_thresholds),
        cmocka_unit_test(test_adherence_counts_recorded_steps_only),
        cmocka_unit_test(test_recruiter_skips),
        cmocka_unit_test(test_scorecard_and_findings),
        cmocka_unit_test(test_data_quality_per_column),
        cmocka_unit_test(test_without_deals_nothing_after_signature),
        cmocka_unit_test(test_prospects_counted_as_score_does),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
