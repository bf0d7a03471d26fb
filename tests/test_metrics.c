/* test_metrics.c — docs/definitions.md figure by figure, on small exports built in memory (no reader involved).
 *
 * Where the expected values come from: counts, days and costs are worked out by hand in the comment above
 * each case (day counts checked with `date -d`); Kaplan–Meier, log-rank and Fisher figures were printed by
 * R 4.2.2 with survival 3.5-3 with sprintf("%.17g", ...), the R command written beside each; Wilson
 * intervals are compared with stats_wilson() (itself tested against R in test_stats.c) or, where written,
 * with R's prop.test(x, n, correct = FALSE)$conf.int. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "partnerfunnel/metrics.h"
#include "testutil.h"

#define TOLERANCE 1e-14
#define MAX_ROWS 64

/* ---- an export built by hand ---- */

typedef struct fixture {
    pf_model model;
    pf_partner partners[MAX_ROWS];
    pf_deal deals[MAX_ROWS];
    pf_cost costs[MAX_ROWS];
    pf_deal staged_deals[MAX_ROWS];
    pf_cost staged_costs[MAX_ROWS];
    size_t staged_deal_count, staged_cost_count;
    pf_settings settings;
    pf_results results;
} fixture;

static pf_date day(const char *iso)
{
    pf_date d;
    assert_int_equal(field_parse_date(iso, strlen(iso), PF_DATE_ORDER_DMY, &d, NULL), PF_FIELD_OK);
    return d;
}

/* model_init() without linking model.c: an empty model, every column absent. */
static void test_model_init(pf_model *model)
{
    memset(model, 0, sizeof *model);
    for (int f = 0; f < PF_FILE_COUNT; f++)
        for (int c = 0; c < PF_COL_COUNT; c++)
            model->inputs[f].column_index[c] = -1;
}

/* An export with partners.csv (recruitment_cost and onboarding_cost columns present), and deals.csv and
 * costs.csv when asked. */
static fixture *fixture_new(bool with_deals, bool with_costs)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    test_model_init(&f->model);
    f->model.inputs[PF_FILE_PARTNERS].present = true;
    f->model.inputs[PF_FILE_PARTNERS].column_index[PF_COL_RECRUITMENT_COST] = 18;
    f->model.inputs[PF_FILE_PARTNERS].column_index[PF_COL_ONBOARDING_COST] = 19;
    f->model.inputs[PF_FILE_DEALS].present = with_deals;
    f->model.inputs[PF_FILE_COSTS].present = with_costs;
    f->model.partners = f->partners;
    f->model.deals = f->deals;
    f->model.costs = f->costs;
    f->settings.window_months = 6; /* the defaults (docs/manual.md "Settings file") */
    f->settings.min_won_deals = 1;
    metrics_init(&f->results);
    return f;
}

static void fixture_free(fixture *f)
{
    metrics_clear(&f->results);
    free(f); /* the model's arrays are the fixture's own: no model_clear */
}

/* A candidate listed on 2024-01-01 with nothing else. */
static size_t add_partner(fixture *f, const char *id)
{
    assert_true(f->model.partner_count < MAX_ROWS);
    size_t i = f->model.partner_count++;
    pf_partner *p = &f->partners[i];
    memset(p, 0, sizeof *p);
    p->id = id;
    p->name = p->company_id = p->category = p->market = p->source = p->recruiter = "";
    for (int s = 0; s < PF_STEP_COUNT; s++)
        p->dates[s] = PF_DATE_NONE;
    p->dates[PF_STEP_LISTED] = day("2024-01-01");
    p->recruitment_cost = p->onboarding_cost = NAN;
    p->line = (long)i + 2;
    return i;
}

static void set_date(fixture *f, size_t partner, pf_step step, const char *iso)
{
    f->partners[partner].dates[step] = iso ? day(iso) : PF_DATE_NONE;
}

/* A signed partner: listed, approached, applied, reviewed and approved on 2023-12-01, signed on signed_on. */
static size_t add_signed(fixture *f, const char *id, const char *signed_on)
{
    size_t i = add_partner(f, id);
    set_date(f, i, PF_STEP_LISTED, "2023-12-01");
    set_date(f, i, PF_STEP_APPROACHED, "2023-12-01");
    set_date(f, i, PF_STEP_APPLIED, "2023-12-01");
    set_date(f, i, PF_STEP_COMMITTEE, "2023-12-01");
    f->partners[i].decision = PF_DECISION_APPROVED;
    set_date(f, i, PF_STEP_SIGNED, signed_on);
    return i;
}

static void add_deal(fixture *f, size_t partner, pf_deal_status status, const char *closed_on)
{
    assert_true(f->staged_deal_count < MAX_ROWS);
    pf_deal *d = &f->staged_deals[f->staged_deal_count++];
    memset(d, 0, sizeof *d);
    d->id = "D";
    d->partner = (uint32_t)partner;
    d->status = (uint8_t)status;
    d->closed_on = closed_on ? day(closed_on) : PF_DATE_NONE;
    d->amount = 1000;
}

/* partner < 0: programme overhead. */
static void add_cost(fixture *f, long partner, const char *category, const char *date, double amount)
{
    assert_true(f->staged_cost_count < MAX_ROWS);
    pf_cost *c = &f->staged_costs[f->staged_cost_count++];
    c->partner = partner;
    c->category = category;
    c->date = day(date);
    c->amount = amount;
}

/* Groups deals and costs by partner (overhead last) as model_load() does, then computes as of as_of. */
static const pf_results *compute(fixture *f, const char *as_of)
{
    pf_model *m = &f->model;
    m->deal_count = m->cost_count = 0;
    for (size_t p = 0; p < m->partner_count; p++) {
        f->partners[p].first_deal = (uint32_t)m->deal_count;
        for (size_t k = 0; k < f->staged_deal_count; k++)
            if (f->staged_deals[k].partner == p)
                f->deals[m->deal_count++] = f->staged_deals[k];
        f->partners[p].deal_count = (uint32_t)m->deal_count - f->partners[p].first_deal;
        f->partners[p].first_cost = (uint32_t)m->cost_count;
        for (size_t k = 0; k < f->staged_cost_count; k++)
            if (f->staged_costs[k].partner == (long)p)
                f->costs[m->cost_count++] = f->staged_costs[k];
        f->partners[p].cost_count = (uint32_t)m->cost_count - f->partners[p].first_cost;
    }
    for (size_t k = 0; k < f->staged_cost_count; k++)
        if (f->staged_costs[k].partner < 0)
            f->costs[m->cost_count++] = f->staged_costs[k];
    pf_error_context err;
    pf_error_clear(&err);
    assert_int_equal(metrics_compute(&f->results, m, &f->settings, day(as_of), &err), PF_OK);
    return &f->results;
}

static void assert_proportion(pf_proportion actual, long successes, long trials)
{
    pf_proportion expected = stats_wilson(successes, trials);
    assert_int_equal(actual.successes, successes);
    assert_int_equal(actual.trials, trials);
    assert_close(actual.estimate, expected.estimate, TOLERANCE);
    assert_close(actual.low, expected.low, TOLERANCE);
    assert_close(actual.high, expected.high, TOLERANCE);
}

static void assert_stage(const pf_results *r, pf_stage stage, long reached, long implied, long base)
{
    const pf_funnel_stage *s = &r->funnel[stage];
    if (s->reached != reached || s->implied != implied || s->base != base)
        print_error("stage %s: reached %ld implied %ld base %ld\n", pf_stage_names[stage], s->reached,
                    s->implied, s->base);
    assert_int_equal(s->reached, reached);
    assert_int_equal(s->implied, implied);
    assert_int_equal(s->base, base);
}

static const pf_segment *find_segment(const pf_results *r, pf_segment_kind kind, const char *value)
{
    for (size_t i = 0; i < r->segments[kind].count; i++)
        if (strcmp(r->segments[kind].rows[i].value, value) == 0)
            return &r->segments[kind].rows[i];
    fail_msg("no %s segment '%s'", pf_segment_kind_names[kind], value);
    return NULL;
}

/* ---- funnel ---- */

/* Eight candidates as of 2025-06-30, each with the dates named:
 *   A listed                                   → listed
 *   B listed, approached                       → .. approached
 *   C listed, approached, applied, committee, rejected → .. reviewed
 *   D listed, committee (approved), signed     → .. signed; approached, applied implied
 *   E listed, kickoff only                     → .. kicked_off; approached .. signed implied
 *   F no listed_on, approached                 → listed implied, approached
 *   G listed, committee, decision pending      → .. reviewed; approached, applied implied
 *   H listed, decision approved, no committee  → listed only (approval needs a committee date)
 * listed 8 (1 implied: F); approached B C D E F G = 6 (D E G implied); applied C D E G = 4 (D E G);
 * reviewed C D E G = 4 (E); approved D E = 2 (E); signed D E = 2 (E); kicked_off E = 1;
 * first_deal: base = on(signed_on) = D only, reached 0. */
static void test_funnel_counts_implied_stages(void **state)
{
    (void)state;
    fixture *f = fixture_new(true, true);
    add_partner(f, "A");
    size_t b = add_partner(f, "B");
    set_date(f, b, PF_STEP_APPROACHED, "2024-02-01");
    size_t c = add_partner(f, "C");
    set_date(f, c, PF_STEP_APPROACHED, "2024-02-01");
    set_date(f, c, PF_STEP_APPLIED, "2024-02-10");
    set_date(f, c, PF_STEP_COMMITTEE, "2024-03-01");
    f->partners[c].decision = PF_DECISION_REJECTED;
    size_t d = add_partner(f, "D");
    set_date(f, d, PF_STEP_COMMITTEE, "2024-03-01");
    f->partners[d].decision = PF_DECISION_APPROVED;
    set_date(f, d, PF_STEP_SIGNED, "2024-04-01");
    size_t e = add_partner(f, "E");
    set_date(f, e, PF_STEP_KICKOFF, "2024-05-01");
    size_t ff = add_partner(f, "F");
    set_date(f, ff, PF_STEP_LISTED, NULL);
    set_date(f, ff, PF_STEP_APPROACHED, "2024-02-01");
    size_t g = add_partner(f, "G");
    set_date(f, g, PF_STEP_COMMITTEE, "2024-03-01");
    size_t h = add_partner(f, "H");
    f->partners[h].decision = PF_DECISION_APPROVED;
    const pf_results *r = compute(f, "2025-06-30");

    assert_stage(r, PF_STAGE_LISTED, 8, 1, 0);
    assert_stage(r, PF_STAGE_APPROACHED, 6, 3, 8);
    assert_stage(r, PF_STAGE_APPLIED, 4, 3, 6);
    assert_stage(r, PF_STAGE_REVIEWED, 4, 1, 4);
    assert_stage(r, PF_STAGE_APPROVED, 2, 1, 4);
    assert_stage(r, PF_STAGE_SIGNED, 2, 1, 2);
    assert_stage(r, PF_STAGE_KICKED_OFF, 1, 0, 2);
    assert_stage(r, PF_STAGE_FIRST_DEAL, 0, 0, 1);
    assert_true(isnan(r->funnel[PF_STAGE_LISTED].conversion.estimate));
    assert_proportion(r->funnel[PF_STAGE_APPROACHED].conversion, 6, 8);
    /* R: prop.test(6, 8, correct = FALSE)$conf.int */
    assert_close(r->funnel[PF_STAGE_APPROACHED].conversion.low, 0.409275430310169, 1e-13);
    assert_close(r->funnel[PF_STAGE_APPROACHED].conversion.high, 0.92852078724789089, 1e-13);
    assert_proportion(r->funnel[PF_STAGE_FIRST_DEAL].conversion, 0, 1);

    /* E: every stage up to kicked_off, all but listed and kicked_off implied */
    const pf_partner_status *se = &r->partners[e];
    unsigned up_to_kickoff = (1u << (PF_STAGE_KICKED_OFF + 1)) - 1;
    assert_int_equal(se->stages, up_to_kickoff);
    assert_int_equal(se->implied, up_to_kickoff & ~(1u << PF_STAGE_LISTED) & ~(1u << PF_STAGE_KICKED_OFF));
    /* E's signature is implied, so E has no mark and is not in the first-deal base */
    assert_int_equal(se->mark, PF_DATE_NONE);
    assert_false(se->flags & PF_PARTNER_SIGNED_DATED);
    assert_int_equal(r->partners[h].stages, 1u << PF_STAGE_LISTED);
    assert_int_equal(r->partners[ff].implied, 1u << PF_STAGE_LISTED);
    fixture_free(f);
}

/* As of 2024-06-30:
 *   A listed 2024-01-01, approached 2024-02-01, applied 2024-07-15 (future), committee 2024-08-01 (future),
 *     signed 2024-09-01 (future) → reached approached only; the future stages imply nothing.
 *   B signed 2024-01-15, won deal closed 2024-07-10 (future) → no first deal; censored at as_of:
 *     2024-01-15 → 2024-06-30 = 167 days; ended_on 2024-12-01 (future) is not an end; mark 2024-07-15 is
 *     after as_of so B is not mature; 167 >= 100 days → behind_100_days.
 *     cost = recruitment 1000 + cost line 2024-05-01 500 (the 2024-08-01 line of 700 is future) = 1500.
 *   overhead: 300 on 2024-03-01 counts, 9000 on 2024-07-01 does not. */
static void test_future_dates_ignored_before_as_of(void **state)
{
    (void)state;
    fixture *f = fixture_new(true, true);
    size_t a = add_partner(f, "A");
    set_date(f, a, PF_STEP_APPROACHED, "2024-02-01");
    set_date(f, a, PF_STEP_APPLIED, "2024-07-15");
    set_date(f, a, PF_STEP_COMMITTEE, "2024-08-01");
    f->partners[a].decision = PF_DECISION_APPROVED;
    set_date(f, a, PF_STEP_SIGNED, "2024-09-01");
    add_deal(f, a, PF_DEAL_WON, "2024-10-01");
    size_t b = add_signed(f, "B", "2024-01-15");
    set_date(f, b, PF_STEP_ENDED, "2024-12-01");
    f->partners[b].recruitment_cost = 1000;
    add_deal(f, b, PF_DEAL_WON, "2024-07-10");
    add_cost(f, (long)b, "training", "2024-05-01", 500);
    add_cost(f, (long)b, "training", "2024-08-01", 700);
    add_cost(f, -1, "overhead", "2024-03-01", 300);
    add_cost(f, -1, "overhead", "2024-07-01", 9000);
    const pf_results *r = compute(f, "2024-06-30");

    assert_int_equal(r->partners[a].stages, (1u << PF_STAGE_LISTED) | (1u << PF_STAGE_APPROACHED));
    assert_stage(r, PF_STAGE_APPROACHED, 2, 0, 2);
    assert_stage(r, PF_STAGE_APPLIED, 1, 0, 2);
    assert_stage(r, PF_STAGE_SIGNED, 1, 0, 1);
    assert_stage(r, PF_STAGE_FIRST_DEAL, 0, 0, 1);
    assert_int_equal(r->partners[b].first_deal, PF_DATE_NONE);
    assert_false(r->partners[b].flags & PF_PARTNER_ENDED);
    assert_false(r->partners[b].flags & PF_PARTNER_MATURE);
    assert_int_equal(r->first_deal.km.step_count, 1);
    assert_close(r->first_deal.km.steps[0].time, 167, 0);
    assert_int_equal(r->first_deal.km.steps[0].censored, 1);
    assert_close(r->partners[b].cost, 1500, 0);
    assert_close(r->overhead.total, 300, 0);
    assert_int_equal(r->overhead.category_count, 1);
    assert_int_equal(r->at_risk[PF_AT_RISK_BEHIND_100_DAYS].count, 1);
    assert_int_equal(r->at_risk[PF_AT_RISK_BEHIND_100_DAYS].partners[0].partner, b);
    assert_int_equal(r->at_risk[PF_AT_RISK_BEHIND_100_DAYS].partners[0].days_since_signing, 167);
    fixture_free(f);
}

/* "Dated <= as_of" includes as_of itself. As of 2024-06-30: A is approached on 2024-06-30 (reached); B is
 * signed on 2024-01-15 with a won deal closed on 2024-06-30 (its first deal, at 167 days) and a cost line on
 * 2024-06-30 (counted: cost 250); an overhead line on 2024-06-30 counts too. */
static void test_dated_on_as_of_has_happened(void **state)
{
    (void)state;
    fixture *f = fixture_new(true, true);
    size_t a = add_partner(f, "A");
    set_date(f, a, PF_STEP_APPROACHED, "2024-06-30");
    size_t b = add_signed(f, "B", "2024-01-15");
    add_deal(f, b, PF_DEAL_WON, "2024-06-30");
    add_cost(f, (long)b, "training", "2024-06-30", 250);
    add_cost(f, -1, "overhead", "2024-06-30", 300);
    const pf_results *r = compute(f, "2024-06-30");
    assert_true(r->partners[a].stages & (1u << PF_STAGE_APPROACHED));
    assert_int_equal(r->partners[b].first_deal, day("2024-06-30"));
    assert_int_equal(r->first_deal.events, 1);
    assert_close(r->first_deal.km.steps[0].time, 167, 0);
    assert_close(r->partners[b].cost, 250, 0);
    assert_close(r->overhead.total, 300, 0);
    fixture_free(f);
}

/* As of 2024-06-30: X is listed 2024-07-01 (and, inconsistently, signed 2024-03-01): out of scope entirely —
 * in no count and no segment. Y has no listed_on at all: in scope (listed implied). Z is listed on as_of
 * itself: in scope. */
static void test_candidate_listed_after_as_of_out_of_scope(void **state)
{
    (void)state;
    fixture *f = fixture_new(true, true);
    size_t x = add_signed(f, "X", "2024-03-01");
    set_date(f, x, PF_STEP_LISTED, "2024-07-01");
    f->partners[x].category = "ghost";
    add_deal(f, x, PF_DEAL_WON, "2024-04-01");
    size_t y = add_partner(f, "Y");
    set_date(f, y, PF_STEP_LISTED, NULL);
    f->partners[y].category = "reseller";
    size_t z = add_partner(f, "Z");
    set_date(f, z, PF_STEP_LISTED, "2024-06-30");
    f->partners[z].category = "reseller";
    const pf_results *r = compute(f, "2024-06-30");

    assert_int_equal(r->candidates, 3);
    assert_int_equal(r->out_of_scope, 1);
    assert_stage(r, PF_STAGE_LISTED, 2, 1, 0);
    assert_stage(r, PF_STAGE_SIGNED, 0, 0, 0);
    assert_stage(r, PF_STAGE_FIRST_DEAL, 0, 0, 0);
    assert_int_equal(r->first_deal.partners, 0);
    assert_false(r->partners[x].flags & PF_PARTNER_IN_SCOPE);
    assert_int_equal(r->partners[x].stages, 0);
    assert_true(r->partners[y].flags & PF_PARTNER_IN_SCOPE);
    assert_int_equal(r->segments[PF_SEGMENT_CATEGORY].count, 1);
    assert_string_equal(r->segments[PF_SEGMENT_CATEGORY].rows[0].value, "reseller");
    assert_int_equal(r->segments[PF_SEGMENT_CATEGORY].rows[0].listed, 2);
    assert_int_equal(r->segments[PF_SEGMENT_COHORT].count, 0);
    fixture_free(f);
}

/* ---- active after 6 months ---- */

/* As of 2025-06-30, window 6 months. Signed 2024-01-10 → mark 2024-07-10:
 *   P0 won 2024-07-10 (on the mark: inclusive) → active
 *   P1 won 2024-07-11 (after the mark) → bad recruit, but it has a first deal
 *   P2 lost 2024-03-01 and an open deal → bad recruit
 *   P3 won 2024-01-09 (before signing: does not count) → bad recruit, no first deal
 *   P4 signed 2025-03-01, won 2025-03-15: mark 2025-09-01 > as_of → not mature
 *   P5 two won deals in the window (2024-02-01, 2024-03-01) → active
 * mature 5 (P0 P1 P2 P3 P5), active 2 (P0 P5). With min_won_deals = 2 only P5 is active. */
static void test_active_requires_won_deal_within_window(void **state)
{
    (void)state;
    fixture *f = fixture_new(true, true);
    size_t p0 = add_signed(f, "P0", "2024-01-10");
    add_deal(f, p0, PF_DEAL_WON, "2024-07-10");
    size_t p1 = add_signed(f, "P1", "2024-01-10");
    add_deal(f, p1, PF_DEAL_WON, "2024-07-11");
    size_t p2 = add_signed(f, "P2", "2024-01-10");
    add_deal(f, p2, PF_DEAL_LOST, "2024-03-01");
    add_deal(f, p2, PF_DEAL_OPEN, NULL);
    size_t p3 = add_signed(f, "P3", "2024-01-10");
    add_deal(f, p3, PF_DEAL_WON, "2024-01-09");
    size_t p4 = add_signed(f, "P4", "2025-03-01");
    add_deal(f, p4, PF_DEAL_WON, "2025-03-15");
    size_t p5 = add_signed(f, "P5", "2024-01-10");
    add_deal(f, p5, PF_DEAL_WON, "2024-02-01");
    add_deal(f, p5, PF_DEAL_WON, "2024-03-01");
    const pf_results *r = compute(f, "2025-06-30");

    assert_int_equal(r->partners[p0].mark, day("2024-07-10"));
    assert_int_equal(r->active.mature, 5);
    assert_int_equal(r->active.active, 2);
    assert_proportion(r->active.rate, 2, 5);
    assert_true(r->partners[p0].flags & PF_PARTNER_ACTIVE);
    assert_true(r->partners[p1].flags & PF_PARTNER_BAD_RECRUIT);
    assert_int_equal(r->partners[p1].first_deal, day("2024-07-11"));
    assert_true(r->partners[p2].flags & PF_PARTNER_BAD_RECRUIT);
    assert_int_equal(r->partners[p3].first_deal, PF_DATE_NONE);
    assert_false(r->partners[p4].flags & (PF_PARTNER_MATURE | PF_PARTNER_ACTIVE | PF_PARTNER_BAD_RECRUIT));
    assert_int_equal(r->partners[p5].won_in_window, 2);
    assert_int_equal(r->bad_recruits.count, 3);
    /* first deals: P0 P1 P4 P5 of 6 signed */
    assert_stage(r, PF_STAGE_FIRST_DEAL, 4, 0, 6);

    f->settings.min_won_deals = 2;
    r = compute(f, "2025-06-30");
    assert_int_equal(r->active.active, 1);
    assert_true(r->partners[p5].flags & PF_PARTNER_ACTIVE);
    assert_false(r->partners[p0].flags & PF_PARTNER_ACTIVE);
    fixture_free(f);
}

/* Bounds are inclusive on the signing day too: approached and signed on 2024-01-10 (0 days to recruit), a won
 * deal closed on 2024-01-10 (signed_on <= closed_on): first deal at 0 days and active as of 2025-06-30. */
static void test_same_day_as_signing_counts(void **state)
{
    (void)state;
    fixture *f = fixture_new(true, true);
    size_t p = add_signed(f, "P", "2024-01-10");
    set_date(f, p, PF_STEP_APPROACHED, "2024-01-10");
    add_deal(f, p, PF_DEAL_WON, "2024-01-10");
    const pf_results *r = compute(f, "2025-06-30");
    assert_int_equal(r->partners[p].days_to_sign, 0);
    assert_int_equal(r->time_to_recruit.n, 1);
    assert_close(r->time_to_recruit.median, 0, 0);
    assert_int_equal(r->partners[p].first_deal, day("2024-01-10"));
    assert_close(r->first_deal.km.steps[0].time, 0, 0);
    assert_true(r->partners[p].flags & PF_PARTNER_ACTIVE);
    fixture_free(f);
}

/* As of 2024-12-31, signed 2024-01-10, mark 2024-07-10, each with a won deal on 2024-02-01:
 *   E1 ended 2024-05-01 (before the mark) → not active (bad recruit); its first deal still counts (before
 *      the end); a won deal on 2024-06-01, after the end, is not its first deal
 *   E2 ended 2024-07-10 (on the mark: not before it) → active
 *   E3 ended 2025-02-01 (after as_of: has not happened) → active, not ended */
static void test_ended_before_mark_is_not_active(void **state)
{
    (void)state;
    fixture *f = fixture_new(true, true);
    size_t e1 = add_signed(f, "E1", "2024-01-10");
    set_date(f, e1, PF_STEP_ENDED, "2024-05-01");
    add_deal(f, e1, PF_DEAL_WON, "2024-06-01");
    add_deal(f, e1, PF_DEAL_WON, "2024-02-01");
    size_t e2 = add_signed(f, "E2", "2024-01-10");
    set_date(f, e2, PF_STEP_ENDED, "2024-07-10");
    add_deal(f, e2, PF_DEAL_WON, "2024-02-01");
    size_t e3 = add_signed(f, "E3", "2024-01-10");
    set_date(f, e3, PF_STEP_ENDED, "2025-02-01");
    add_deal(f, e3, PF_DEAL_WON, "2024-02-01");
    const pf_results *r = compute(f, "2024-12-31");

    assert_true(r->partners[e1].flags & PF_PARTNER_BAD_RECRUIT);
    assert_false(r->partners[e1].flags & PF_PARTNER_ACTIVE);
    assert_int_equal(r->partners[e1].first_deal, day("2024-02-01"));
    assert_true(r->partners[e2].flags & PF_PARTNER_ACTIVE);
    assert_true(r->partners[e3].flags & PF_PARTNER_ACTIVE);
    assert_false(r->partners[e3].flags & PF_PARTNER_ENDED);
    assert_int_equal(r->active.active, 2);
    assert_int_equal(r->bad_recruits.count, 1);

    /* E4: its only won deal (2024-06-01) is after its end (2024-05-01): no first deal, not at risk (ended) */
    fixture *g = fixture_new(true, true);
    size_t e4 = add_signed(g, "E4", "2024-01-10");
    set_date(g, e4, PF_STEP_ENDED, "2024-05-01");
    add_deal(g, e4, PF_DEAL_WON, "2024-06-01");
    r = compute(g, "2024-12-31");
    assert_int_equal(r->partners[e4].first_deal, PF_DATE_NONE);
    assert_int_equal(r->partners[e4].at_risk, PF_AT_RISK_NONE);
    assert_stage(r, PF_STAGE_FIRST_DEAL, 0, 0, 1);
    fixture_free(g);
    fixture_free(f);
}

/* Signed 2024-08-31 + 6 months = 2025-02-28 (February has no 31st). Mature as of 2025-02-28, not the day
 * before. A won deal on 2025-02-28 is inside the window. */
static void test_mark_clamps_to_month_end(void **state)
{
    (void)state;
    fixture *f = fixture_new(true, true);
    size_t p = add_signed(f, "P", "2024-08-31");
    add_deal(f, p, PF_DEAL_WON, "2025-02-28");
    const pf_results *r = compute(f, "2025-02-27");
    assert_int_equal(r->partners[p].mark, day("2025-02-28"));
    assert_int_equal(r->active.mature, 0);
    assert_true(isnan(r->active.rate.estimate));
    r = compute(f, "2025-02-28");
    assert_int_equal(r->active.mature, 1);
    assert_int_equal(r->active.active, 1);
    fixture_free(f);
}

/* ---- costs ---- */

/* As of 2025-06-30, three mature partners signed 2024-01-10 and one recent:
 *   A active: recruitment 10000 + onboarding 5000 + cost line 1000            = 16000
 *   B bad:    recruitment 8000 + onboarding (empty: 0) + 2000 (+ 500 dated after as_of, ignored) = 10000
 *   C bad:    recruitment (empty) + onboarding 3000                            = 3000
 *   D signed 2025-05-01, not mature: 7000, in no figure
 * bad recruits 2, total 13000, per bad recruit 6500; mature cost 29000, per active partner 29000 / 1. */
static fixture *cost_fixture(void)
{
    fixture *f = fixture_new(true, true);
    size_t a = add_signed(f, "A", "2024-01-10");
    f->partners[a].recruitment_cost = 10000;
    f->partners[a].onboarding_cost = 5000;
    add_cost(f, (long)a, "training", "2024-03-01", 1000);
    add_deal(f, a, PF_DEAL_WON, "2024-03-01");
    size_t b = add_signed(f, "B", "2024-01-10");
    f->partners[b].recruitment_cost = 8000;
    add_cost(f, (long)b, "marketing", "2024-02-01", 2000);
    add_cost(f, (long)b, "marketing", "2025-07-01", 500);
    size_t c = add_signed(f, "C", "2024-01-10");
    f->partners[c].onboarding_cost = 3000;
    size_t d = add_signed(f, "D", "2025-05-01");
    f->partners[d].recruitment_cost = 7000;
    return f;
}

static void test_cost_per_bad_recruit(void **state)
{
    (void)state;
    fixture *f = cost_fixture();
    const pf_results *r = compute(f, "2025-06-30");
    assert_close(r->partners[0].cost, 16000, 0);
    assert_close(r->partners[1].cost, 10000, 0);
    assert_close(r->partners[2].cost, 3000, 0);
    assert_close(r->partners[3].cost, 7000, 0);
    assert_int_equal(r->bad_recruits.count, 2);
    assert_close(r->bad_recruits.total_cost, 13000, 0);
    assert_close(r->bad_recruits.cost_per_bad_recruit, 6500, 0);
    assert_close(r->mature_cost, 29000, 0);
    assert_close(r->cost_per_active_partner, 29000, 0);
    fixture_free(f);

    /* no bad recruit: total 0, per bad recruit cannot be computed; no active partner: per active NAN */
    f = fixture_new(true, true);
    size_t a = add_signed(f, "A", "2024-01-10");
    f->partners[a].recruitment_cost = 500;
    add_deal(f, a, PF_DEAL_WON, "2024-02-01");
    r = compute(f, "2025-06-30");
    assert_int_equal(r->bad_recruits.count, 0);
    assert_close(r->bad_recruits.total_cost, 0, 0);
    assert_true(isnan(r->bad_recruits.cost_per_bad_recruit));
    assert_close(r->cost_per_active_partner, 500, 0);
    f->staged_deal_count = 0;
    r = compute(f, "2025-06-30");
    assert_int_equal(r->active.active, 0);
    assert_true(isnan(r->cost_per_active_partner));
    assert_close(r->bad_recruits.cost_per_bad_recruit, 500, 0);
    fixture_free(f);
}

/* The cost fixture plus overhead: overhead 20000 (2024-04-01), events 5000, overhead 1000, and 9999 dated
 * after as_of. Overhead total 26000: events 5000 (1 line), overhead 21000 (2 lines), in byte order; the two
 * per-partner figures stay 6500 and 29000. The second "overhead" is a distinct pointer with equal text. */
static void test_overhead_not_folded(void **state)
{
    (void)state;
    fixture *f = cost_fixture();
    static char overhead_copy[] = "overhead";
    add_cost(f, -1, "overhead", "2024-04-01", 20000);
    add_cost(f, -1, "events", "2024-05-01", 5000);
    add_cost(f, -1, overhead_copy, "2024-06-01", 1000);
    add_cost(f, -1, "overhead", "2025-07-01", 9999);
    const pf_results *r = compute(f, "2025-06-30");
    assert_close(r->overhead.total, 26000, 0);
    assert_int_equal(r->overhead.category_count, 2);
    assert_string_equal(r->overhead.by_category[0].category, "events");
    assert_close(r->overhead.by_category[0].amount, 5000, 0);
    assert_int_equal(r->overhead.by_category[0].lines, 1);
    assert_string_equal(r->overhead.by_category[1].category, "overhead");
    assert_close(r->overhead.by_category[1].amount, 21000, 0);
    assert_int_equal(r->overhead.by_category[1].lines, 2);
    assert_close(r->bad_recruits.cost_per_bad_recruit, 6500, 0);
    assert_close(r->cost_per_active_partner, 29000, 0);
    fixture_free(f);
}

/* No costs.csv: partner costs are recruitment + onboarding only and overhead is unknown; no cost column
 * and no costs.csv at all: every cost figure unknown. */
static void test_costs_without_cost_sources(void **state)
{
    (void)state;
    fixture *f = fixture_new(true, false);
    size_t a = add_signed(f, "A", "2024-01-10");
    f->partners[a].recruitment_cost = 1200;
    add_deal(f, a, PF_DEAL_WON, "2024-02-01");
    const pf_results *r = compute(f, "2025-06-30");
    assert_true(r->costs_available);
    assert_false(r->overhead_available);
    assert_true(isnan(r->overhead.total));
    assert_close(r->cost_per_active_partner, 1200, 0);
    f->model.inputs[PF_FILE_PARTNERS].column_index[PF_COL_RECRUITMENT_COST] = -1;
    f->model.inputs[PF_FILE_PARTNERS].column_index[PF_COL_ONBOARDING_COST] = -1;
    r = compute(f, "2025-06-30");
    assert_false(r->costs_available);
    assert_true(isnan(r->partners[a].cost));
    assert_true(isnan(r->cost_per_active_partner));
    assert_true(isnan(r->mature_cost));
    fixture_free(f);
}

/* ---- time to first deal ---- */

/* As of 2025-06-30 (K = kickoff dated):
 *   A signed 2024-01-01, won 2024-02-10              → event at 40        K
 *   B signed 2024-01-01, won 2024-04-10              → event at 100 (2024 is leap: 31 + 29 + 31 + 9)
 *   C signed 2024-01-01, ended 2024-03-01, no deal   → censored at 60     K
 *   D signed 2025-05-31, no deal                     → censored at as_of: 30
 *   E signed 2024-01-01, ended 2023-12-01            → censored at 0 (never below 0)
 *   F signed 2024-01-01, ended 2024-05-01, won 2024-06-01 (after the end) → censored at 121
 *   G signed 2024-01-01, won 2026-01-01 (after as_of) → censored at as_of: 546   K
 * R: t <- c(40,100,60,30,0,121,546); e <- c(1,1,0,0,0,0,0); g <- c(1,0,1,0,0,0,1)
 *    f <- survfit(Surv(t,e)~1); summary(f, times=100, extend=TRUE) → S 0.53333333333333333,
 *    lower 0.21418348074136873, upper 1; quantile(f, 0.5) → NA, lower 100, upper NA;
 *    survdiff(Surv(t,e)~g) → chisq 0.0096153846153846124, p 0.92188618423229252, expected (g=0, g=1)
 *    1.0666666666666667, 0.93333333333333335. Naive mean (40 + 100) / 2 = 70. */
static void test_first_deal_censoring(void **state)
{
    (void)state;
    fixture *f = fixture_new(true, true);
    size_t a = add_signed(f, "A", "2024-01-01");
    add_deal(f, a, PF_DEAL_WON, "2024-02-10");
    set_date(f, a, PF_STEP_KICKOFF, "2024-01-05");
    size_t b = add_signed(f, "B", "2024-01-01");
    add_deal(f, b, PF_DEAL_WON, "2024-04-10");
    size_t c = add_signed(f, "C", "2024-01-01");
    set_date(f, c, PF_STEP_ENDED, "2024-03-01");
    set_date(f, c, PF_STEP_KICKOFF, "2024-01-05");
    add_signed(f, "D", "2025-05-31");
    size_t e = add_signed(f, "E", "2024-01-01");
    set_date(f, e, PF_STEP_ENDED, "2023-12-01");
    size_t ff = add_signed(f, "F", "2024-01-01");
    set_date(f, ff, PF_STEP_ENDED, "2024-05-01");
    add_deal(f, ff, PF_DEAL_WON, "2024-06-01");
    size_t g = add_signed(f, "G", "2024-01-01");
    add_deal(f, g, PF_DEAL_WON, "2026-01-01");
    set_date(f, g, PF_STEP_KICKOFF, "2024-01-05");
    const pf_results *r = compute(f, "2025-06-30");

    const pf_first_deal_times *t = &r->first_deal;
    assert_int_equal(t->partners, 7);
    assert_int_equal(t->events, 2);
    static const double times[] = {0, 30, 40, 60, 100, 121, 546};
    static const long events[] = {0, 0, 1, 0, 1, 0, 0};
    assert_int_equal(t->km.step_count, 7);
    for (size_t i = 0; i < 7; i++) {
        assert_close(t->km.steps[i].time, times[i], 0);
        assert_int_equal(t->km.steps[i].events, events[i]);
    }
    assert_true(isnan(t->median));
    assert_close(t->median_low, 100, 0);
    assert_true(isnan(t->median_high));
    assert_close(t->p_within_100_days, 1 - 0.53333333333333333, TOLERANCE);
    assert_close(t->p_within_100_days_low, 0, 0);
    assert_close(t->p_within_100_days_high, 1 - 0.21418348074136873, TOLERANCE);
    assert_int_equal(t->naive.n, 2);
    assert_close(t->naive.mean, 70, 0);
    assert_close(t->naive.median, 70, 0);

    const pf_logrank *lr = &r->hundred_day_plan;
    assert_int_equal(lr->subjects[1], 3);
    assert_int_equal(lr->subjects[0], 4);
    assert_close(lr->expected[0], 1.0666666666666667, TOLERANCE);
    assert_close(lr->expected[1], 0.93333333333333335, TOLERANCE);
    assert_close(lr->chi2, 0.0096153846153846124, 1e-12);
    assert_close(lr->p, 0.92188618423229252, 1e-12);
    fixture_free(f);
}

/* ---- at risk ---- */

/* As of 2025-06-30:
 *   A signed 2025-03-01: 121 days, mark 2025-09-01 not reached → behind_100_days
 *   B signed 2025-04-01: 90 days → not at risk yet
 *   C signed 2024-12-15: mark 2025-06-15 reached, + 9 months = 2025-09-15 not → review_6_months, 197 days
 *   D signed 2024-09-30: + 9 months = 2025-06-30 <= as_of → consider_ending_9_months, 273 days
 *   E signed 2024-01-01 with a won deal → not at risk
 *   F signed 2024-01-01, ended 2024-12-01 → not at risk (ended)
 *   G signed 2024-01-01, ended 2025-12-01 (future) → consider_ending, 546 days
 *   H signed 2024-01-01, its only won deal 2023-12-01 is before signing → consider_ending, 546 days
 *   I kickoff only (signature implied, no date) → not at risk
 *   J signed 2025-03-22: exactly 100 days → behind_100_days; K signed 2025-03-23: 99 days → not at risk
 * behind_100_days lists A (121) then J (100); consider_ending lists most days first, then file order: G, H, D.
 */
static void test_at_risk_bands(void **state)
{
    (void)state;
    fixture *f = fixture_new(true, true);
    size_t a = add_signed(f, "A", "2025-03-01");
    add_signed(f, "B", "2025-04-01");
    size_t c = add_signed(f, "C", "2024-12-15");
    size_t d = add_signed(f, "D", "2024-09-30");
    size_t e = add_signed(f, "E", "2024-01-01");
    add_deal(f, e, PF_DEAL_WON, "2024-02-01");
    size_t ff = add_signed(f, "F", "2024-01-01");
    set_date(f, ff, PF_STEP_ENDED, "2024-12-01");
    size_t g = add_signed(f, "G", "2024-01-01");
    set_date(f, g, PF_STEP_ENDED, "2025-12-01");
    size_t h = add_signed(f, "H", "2024-01-01");
    add_deal(f, h, PF_DEAL_WON, "2023-12-01");
    size_t i = add_partner(f, "I");
    set_date(f, i, PF_STEP_KICKOFF, "2024-01-01");
    size_t j = add_signed(f, "J", "2025-03-22");
    size_t k = add_signed(f, "K", "2025-03-23");
    const pf_results *r = compute(f, "2025-06-30");

    const pf_at_risk_list *behind = &r->at_risk[PF_AT_RISK_BEHIND_100_DAYS];
    const pf_at_risk_list *review = &r->at_risk[PF_AT_RISK_REVIEW_6_MONTHS];
    const pf_at_risk_list *ending = &r->at_risk[PF_AT_RISK_CONSIDER_ENDING_9_MONTHS];
    assert_int_equal(behind->count, 2);
    assert_int_equal(behind->partners[0].partner, a);
    assert_int_equal(behind->partners[0].days_since_signing, 121);
    assert_int_equal(behind->partners[1].partner, j);
    assert_int_equal(behind->partners[1].days_since_signing, 100);
    assert_int_equal(r->partners[k].at_risk, PF_AT_RISK_NONE);
    assert_int_equal(review->count, 1);
    assert_int_equal(review->partners[0].partner, c);
    assert_int_equal(review->partners[0].days_since_signing, 197);
    assert_int_equal(ending->count, 3);
    assert_int_equal(ending->partners[0].partner, g);
    assert_int_equal(ending->partners[0].days_since_signing, 546);
    assert_int_equal(ending->partners[1].partner, h);
    assert_int_equal(ending->partners[2].partner, d);
    assert_int_equal(ending->partners[2].days_since_signing, 273);
    assert_int_equal(r->partners[c].at_risk, PF_AT_RISK_REVIEW_6_MONTHS);
    assert_int_equal(r->partners[e].at_risk, PF_AT_RISK_NONE);
    assert_int_equal(r->partners[ff].at_risk, PF_AT_RISK_NONE);
    assert_int_equal(r->partners[i].at_risk, PF_AT_RISK_NONE);
    fixture_free(f);
}

/* ---- missing data and tiny exports ---- */

/* No deals.csv: everything after signature is unknown (PF_COUNT_UNKNOWN / NAN); what needs no deal stays. */
static void test_no_deals_file_gives_nan(void **state)
{
    (void)state;
    fixture *f = fixture_new(false, true);
    size_t a = add_signed(f, "A", "2024-01-10");
    f->partners[a].recruitment_cost = 1000;
    f->partners[a].category = "reseller";
    add_signed(f, "B", "2025-05-01");
    add_cost(f, -1, "overhead", "2024-04-01", 20000);
    const pf_results *r = compute(f, "2025-06-30");

    assert_false(r->deals_available);
    assert_stage(r, PF_STAGE_SIGNED, 2, 0, 2);
    assert_int_equal(r->funnel[PF_STAGE_FIRST_DEAL].reached, PF_COUNT_UNKNOWN);
    assert_int_equal(r->funnel[PF_STAGE_FIRST_DEAL].base, 2);
    assert_true(isnan(r->funnel[PF_STAGE_FIRST_DEAL].conversion.estimate));
    assert_int_equal(r->active.mature, 1);
    assert_int_equal(r->active.active, PF_COUNT_UNKNOWN);
    assert_true(isnan(r->active.rate.estimate) && isnan(r->active.rate.low) && isnan(r->active.rate.high));
    assert_int_equal(r->bad_recruits.count, PF_COUNT_UNKNOWN);
    assert_true(isnan(r->bad_recruits.total_cost));
    assert_true(isnan(r->bad_recruits.cost_per_bad_recruit));
    assert_true(isnan(r->cost_per_active_partner));
    assert_close(r->mature_cost, 1000, 0);
    assert_close(r->overhead.total, 20000, 0);
    assert_int_equal(r->first_deal.partners, 2);
    assert_int_equal(r->first_deal.events, PF_COUNT_UNKNOWN);
    assert_int_equal(r->first_deal.km.step_count, 0);
    assert_true(isnan(r->first_deal.median) && isnan(r->first_deal.p_within_100_days));
    assert_true(isnan(r->hundred_day_plan.chi2) && isnan(r->hundred_day_plan.p));
    assert_int_equal(r->business_plan.mature[0], 1);
    assert_int_equal(r->business_plan.active[0], PF_COUNT_UNKNOWN);
    assert_true(isnan(r->business_plan.fisher_p));
    for (int b = 0; b < PF_AT_RISK_BAND_COUNT; b++)
        assert_int_equal(r->at_risk[b].count, PF_COUNT_UNKNOWN);
    const pf_segment *s = find_segment(r, PF_SEGMENT_CATEGORY, "reseller");
    assert_int_equal(s->mature, 1);
    assert_int_equal(s->active, PF_COUNT_UNKNOWN);
    assert_true(isnan(s->active_rate.estimate));
    assert_int_equal(r->time_to_recruit.n, 2); /* approached 2023-12-01 → signed: needs no deal */
    assert_false(r->partners[a].flags & (PF_PARTNER_ACTIVE | PF_PARTNER_BAD_RECRUIT));
    fixture_free(f);
}

/* Candidates, none signed: every rate over signed partners is undefined, every count 0. */
static void test_no_signed_partner(void **state)
{
    (void)state;
    fixture *f = fixture_new(true, true);
    size_t a = add_partner(f, "A");
    set_date(f, a, PF_STEP_APPROACHED, "2024-02-01");
    add_partner(f, "B");
    const pf_results *r = compute(f, "2025-06-30");
    assert_stage(r, PF_STAGE_SIGNED, 0, 0, 0);
    assert_stage(r, PF_STAGE_FIRST_DEAL, 0, 0, 0);
    assert_true(isnan(r->funnel[PF_STAGE_SIGNED].conversion.estimate));
    assert_true(isnan(r->funnel[PF_STAGE_FIRST_DEAL].conversion.estimate));
    assert_int_equal(r->first_deal.partners, 0);
    assert_int_equal(r->first_deal.events, 0);
    assert_true(isnan(r->first_deal.median) && isnan(r->first_deal.p_within_100_days) &&
                isnan(r->first_deal.p_within_100_days_low));
    assert_true(isnan(r->first_deal.naive.mean));
    assert_true(isnan(r->hundred_day_plan.p));
    assert_int_equal(r->active.mature, 0);
    assert_int_equal(r->active.active, 0);
    assert_true(isnan(r->active.rate.estimate));
    assert_true(isnan(r->cost_per_active_partner));
    assert_true(isnan(r->bad_recruits.cost_per_bad_recruit));
    assert_true(isnan(r->business_plan.fisher_p)); /* no mature partner on either side: nothing to compare */
    for (int b = 0; b < PF_AT_RISK_BAND_COUNT; b++)
        assert_int_equal(r->at_risk[b].count, 0);
    assert_int_equal(r->segments[PF_SEGMENT_COHORT].count, 0);
    assert_true(isnan(r->time_to_recruit.median));
    fixture_free(f);

    /* and an export with no partner at all */
    f = fixture_new(true, true);
    r = compute(f, "2025-06-30");
    assert_int_equal(r->funnel[PF_STAGE_LISTED].reached, 0);
    assert_int_equal(r->segments[PF_SEGMENT_CATEGORY].count, 0);
    assert_close(r->overhead.total, 0, 0);
    fixture_free(f);
}

/* One partner signed 2024-01-01, won 2024-03-01 (60 days), as of 2025-06-30.
 * R: f <- survfit(Surv(60, 1) ~ 1); quantile(f, 0.5) → 60, lower NA, upper NA; summary(f, times = 100,
 * extend = TRUE) → survival 0, band NA. So p_within_100_days = 1 with no interval. Active 1 of 1:
 * prop.test(1, 1, correct = FALSE)$conf.int → 0.2065493143772375, 1. Fisher: one row is empty, so null. */
static void test_single_partner(void **state)
{
    (void)state;
    fixture *f = fixture_new(true, true);
    size_t a = add_signed(f, "A", "2024-01-01");
    add_deal(f, a, PF_DEAL_WON, "2024-03-01");
    const pf_results *r = compute(f, "2025-06-30");
    assert_close(r->first_deal.median, 60, 0);
    assert_true(isnan(r->first_deal.median_low) && isnan(r->first_deal.median_high));
    assert_close(r->first_deal.p_within_100_days, 1, 0);
    assert_true(isnan(r->first_deal.p_within_100_days_low) && isnan(r->first_deal.p_within_100_days_high));
    assert_int_equal(r->active.active, 1);
    assert_close(r->active.rate.estimate, 1, 0);
    assert_close(r->active.rate.low, 0.2065493143772375, 1e-13);
    assert_close(r->active.rate.high, 1, 0);
    assert_true(isnan(r->business_plan.fisher_p)); /* no mature partner without a plan: nothing to compare */
    assert_true(isnan(r->hundred_day_plan.chi2));  /* one group is empty */
    assert_int_equal(r->segments[PF_SEGMENT_COHORT].count, 1);
    assert_string_equal(r->segments[PF_SEGMENT_COHORT].rows[0].value, "2024-Q1");
    fixture_free(f);
}

/* ---- segments ---- */

/* As of 2025-06-30. Categories: "reseller" ×3 (two of them held at distinct addresses with equal text),
 * "integrator" ×2, "" ×1, and one out-of-scope "oem" (listed 2025-07-01) that must not appear.
 *   R1 reseller, signed 2024-01-10, won 2024-02-01 → mature, active          cohort 2024-Q1
 *   R2 reseller (copy), signed 2024-03-31, no deal → mature, not active      cohort 2024-Q1
 *   R3 reseller, approached only
 *   I1 integrator, signed 2024-04-01, won 2024-05-01 → mature active         cohort 2024-Q2
 *   I2 integrator, kickoff only (signed implied: counted signed, no cohort)
 *   N  "", signed 2025-04-15 → not mature                                     cohort 2025-Q2
 * Order by byte order: "", integrator, reseller; cohorts 2024-Q1, 2024-Q2, 2025-Q2.
 * reseller: listed 3, signed 2, mature 2, active 1, rate 1/2. integrator: listed 2, signed 2, mature 1,
 * active 1. cohort 2024-Q1: listed 2 = signed 2, mature 2, active 1. */
static void test_segments_group_and_sort(void **state)
{
    (void)state;
    static char reseller_copy[] = "reseller";
    fixture *f = fixture_new(true, true);
    size_t r1 = add_signed(f, "R1", "2024-01-10");
    f->partners[r1].category = "reseller";
    add_deal(f, r1, PF_DEAL_WON, "2024-02-01");
    size_t r2 = add_signed(f, "R2", "2024-03-31");
    f->partners[r2].category = reseller_copy;
    size_t r3 = add_partner(f, "R3");
    f->partners[r3].category = "reseller";
    set_date(f, r3, PF_STEP_APPROACHED, "2024-02-01");
    size_t i1 = add_signed(f, "I1", "2024-04-01");
    f->partners[i1].category = "integrator";
    add_deal(f, i1, PF_DEAL_WON, "2024-05-01");
    size_t i2 = add_partner(f, "I2");
    f->partners[i2].category = "integrator";
    set_date(f, i2, PF_STEP_KICKOFF, "2024-05-01");
    add_signed(f, "N", "2025-04-15");
    size_t o = add_signed(f, "O", "2024-01-10");
    f->partners[o].category = "oem";
    set_date(f, o, PF_STEP_LISTED, "2025-07-01");
    const pf_results *r = compute(f, "2025-06-30");

    const pf_segment_list *cat = &r->segments[PF_SEGMENT_CATEGORY];
    assert_int_equal(cat->count, 3);
    assert_string_equal(cat->rows[0].value, "");
    assert_string_equal(cat->rows[1].value, "integrator");
    assert_string_equal(cat->rows[2].value, "reseller");
    const pf_segment *res = &cat->rows[2];
    assert_int_equal(res->listed, 3);
    assert_int_equal(res->signed_partners, 2);
    assert_int_equal(res->mature, 2);
    assert_int_equal(res->active, 1);
    assert_proportion(res->active_rate, 1, 2);
    const pf_segment *integ = &cat->rows[1];
    assert_int_equal(integ->listed, 2);
    assert_int_equal(integ->signed_partners, 2);
    assert_int_equal(integ->mature, 1);
    assert_int_equal(integ->active, 1);
    assert_int_equal(cat->rows[0].listed, 1);
    assert_int_equal(cat->rows[0].mature, 0);
    assert_true(isnan(cat->rows[0].active_rate.estimate));

    const pf_segment_list *cohort = &r->segments[PF_SEGMENT_COHORT];
    assert_int_equal(cohort->count, 3);
    assert_string_equal(cohort->rows[0].value, "2024-Q1");
    assert_string_equal(cohort->rows[1].value, "2024-Q2");
    assert_string_equal(cohort->rows[2].value, "2025-Q2");
    assert_int_equal(cohort->rows[0].listed, 2);
    assert_int_equal(cohort->rows[0].signed_partners, 2);
    assert_int_equal(cohort->rows[0].mature, 2);
    assert_int_equal(cohort->rows[0].active, 1);
    assert_int_equal(cohort->rows[2].mature, 0);
    /* every in-scope candidate has "" market: one row holding all six */
    assert_int_equal(r->segments[PF_SEGMENT_MARKET].count, 1);
    assert_int_equal(r->segments[PF_SEGMENT_MARKET].rows[0].listed, 6);
    fixture_free(f);
}

/* Recruiter performance, as of 2025-06-30:
 *   Alice: A1 approached 2024-01-01 signed 2024-01-31 (30 days), business plan 2024-02-15, won 2024-02-01
 *          A2 approached 2024-01-01 signed 2024-03-01 (60 days)
 *          A3 approached 2024-01-01, applied 2024-01-10 (an application, not signed)
 *          A4 approached 2024-03-01 signed 2024-02-01 (signed before approached: no duration)
 *          A5 approached 2024-01-01 signed 2024-04-10 (100 days), business plan 2025-08-01 (future: no)
 *   Bob:   B1 listed only
 * Alice: applications = A1 A2 A3 A4 A5 = 5 (A1 A2 A4 A5 by implication), business plans 1, days to sign
 *        30, 60, 100 → n 3, median 60. Bob: 0 applications, median NAN.
 * Time to recruit over everyone: 30, 60, 100 → median 60, mean 63.333…; autonomy: A1 tech 2024-03-01
 * (30 days), A2 tech 2024-04-01 (31 days), A5 tech 2025-09-01 (future: no) → n 2, median 30.5;
 * sales A1 2024-07-31 (182 days) → n 1. */
static void test_recruiter_performance_and_durations(void **state)
{
    (void)state;
    fixture *f = fixture_new(true, true);
    size_t a[5];
    static const char *const approached[] = {"2024-01-01", "2024-01-01", "2024-01-01", "2024-03-01",
                                             "2024-01-01"};
    static const char *const signed_on[] = {"2024-01-31", "2024-03-01", NULL, "2024-02-01", "2024-04-10"};
    for (int k = 0; k < 5; k++) {
        a[k] = add_partner(f, "A");
        f->partners[a[k]].recruiter = "Alice";
        set_date(f, a[k], PF_STEP_APPROACHED, approached[k]);
        set_date(f, a[k], PF_STEP_SIGNED, signed_on[k]);
    }
    set_date(f, a[2], PF_STEP_APPLIED, "2024-01-10");
    set_date(f, a[0], PF_STEP_BUSINESS_PLAN, "2024-02-15");
    set_date(f, a[4], PF_STEP_BUSINESS_PLAN, "2025-08-01");
    add_deal(f, a[0], PF_DEAL_WON, "2024-02-01");
    set_date(f, a[0], PF_STEP_TECH_AUTONOMY, "2024-03-01");
    set_date(f, a[1], PF_STEP_TECH_AUTONOMY, "2024-04-01");
    set_date(f, a[4], PF_STEP_TECH_AUTONOMY, "2025-09-01");
    set_date(f, a[0], PF_STEP_SALES_AUTONOMY, "2024-07-31");
    size_t b = add_partner(f, "B1");
    f->partners[b].recruiter = "Bob";
    const pf_results *r = compute(f, "2025-06-30");

    const pf_segment *alice = find_segment(r, PF_SEGMENT_RECRUITER, "Alice");
    assert_int_equal(alice->applications, 5);
    assert_int_equal(alice->business_plans, 1);
    assert_int_equal(alice->days_to_sign_n, 3);
    assert_close(alice->median_days_to_sign, 60, 0);
    assert_int_equal(alice->signed_partners, 4);
    assert_int_equal(alice->active, 1);
    const pf_segment *bob = find_segment(r, PF_SEGMENT_RECRUITER, "Bob");
    assert_int_equal(bob->applications, 0);
    assert_int_equal(bob->days_to_sign_n, 0);
    assert_true(isnan(bob->median_days_to_sign));
    assert_int_equal(r->time_to_recruit.n, 3);
    assert_close(r->time_to_recruit.median, 60, 0);
    assert_close(r->time_to_recruit.mean, 190.0 / 3, TOLERANCE);
    assert_int_equal(r->tech_autonomy.n, 2);
    assert_close(r->tech_autonomy.median, 30.5, 0);
    assert_int_equal(r->sales_autonomy.n, 1);
    assert_close(r->sales_autonomy.median, 182, 0);
    fixture_free(f);
}

/* ---- business plan ---- */

/* Ten mature partners (signed 2024-01-10, as of 2025-06-30): with a business plan 4 active of 5, without
 * 1 active of 5. R: fisher.test(matrix(c(4,1,1,4),2))$p.value → 0.20634920634920631. A business plan dated
 * after as_of counts as none: the 5th "without" partner has one dated 2025-08-01. */
static void test_business_plan_fisher(void **state)
{
    (void)state;
    fixture *f = fixture_new(true, true);
    for (int k = 0; k < 10; k++) {
        size_t p = add_signed(f, "P", "2024-01-10");
        bool plan = k < 5;
        bool active = plan ? k < 4 : k == 5;
        if (plan)
            set_date(f, p, PF_STEP_BUSINESS_PLAN, "2024-02-01");
        if (k == 9)
            set_date(f, p, PF_STEP_BUSINESS_PLAN, "2025-08-01");
        if (active)
            add_deal(f, p, PF_DEAL_WON, "2024-03-01");
    }
    const pf_results *r = compute(f, "2025-06-30");
    const pf_business_plan_effect *bp = &r->business_plan;
    assert_int_equal(bp->mature[1], 5);
    assert_int_equal(bp->active[1], 4);
    assert_int_equal(bp->mature[0], 5);
    assert_int_equal(bp->active[0], 1);
    assert_proportion(bp->rate[1], 4, 5);
    assert_proportion(bp->rate[0], 1, 5);
    assert_close(bp->fisher_p, 0.20634920634920631, 1e-12);
    fixture_free(f);
}

/* ---- helpers and scale ---- */

static void test_quarter_label(void **state)
{
    (void)state;
    char label[8];
    metrics_quarter_label(day("2024-01-01"), label);
    assert_string_equal(label, "2024-Q1");
    metrics_quarter_label(day("2024-03-31"), label);
    assert_string_equal(label, "2024-Q1");
    metrics_quarter_label(day("2024-04-01"), label);
    assert_string_equal(label, "2024-Q2");
    metrics_quarter_label(day("1999-12-31"), label);
    assert_string_equal(label, "1999-Q4");
}

static void test_rejects_missing_as_of(void **state)
{
    (void)state;
    fixture *f = fixture_new(true, true);
    pf_error_context err;
    assert_int_equal(metrics_compute(&f->results, &f->model, NULL, PF_DATE_NONE, &err), PF_ERROR_INTERNAL);
    fixture_free(f);
}

/* 300,000 candidates, each with its own category and recruiter (300,000 distinct values): a quadratic
 * grouping would take minutes; this must take well under a second (2 s allowed under sanitizers). */
static void test_many_distinct_values_scale(void **state)
{
    (void)state;
    enum { N = 300000 };
    pf_model model;
    test_model_init(&model);
    model.inputs[PF_FILE_PARTNERS].present = true;
    model.inputs[PF_FILE_DEALS].present = true;
    pf_partner *partners = calloc(N, sizeof *partners);
    char(*names)[16] = malloc(N * sizeof *names);
    assert_non_null(partners);
    assert_non_null(names);
    pf_date base = day("2020-01-01");
    for (size_t i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "v%zu", (N - i) * 7919 % N);
        partners[i].id = names[i];
        partners[i].name = partners[i].company_id = partners[i].market = partners[i].source = "";
        partners[i].category = partners[i].recruiter = names[i];
        for (int s = 0; s < PF_STEP_COUNT; s++)
            partners[i].dates[s] = PF_DATE_NONE;
        partners[i].dates[PF_STEP_LISTED] = base;
        partners[i].dates[PF_STEP_APPROACHED] = base + (pf_date)(i % 50);
        if (i % 3 == 0)
            partners[i].dates[PF_STEP_SIGNED] = base + 60 + (pf_date)(i % 1500);
        partners[i].recruitment_cost = partners[i].onboarding_cost = NAN;
    }
    model.partners = partners;
    model.partner_count = N;
    pf_results results;
    metrics_init(&results);
    clock_t start = clock();
    assert_int_equal(metrics_compute(&results, &model, NULL, day("2025-06-30"), NULL), PF_OK);
    double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
    assert_int_equal(results.segments[PF_SEGMENT_CATEGORY].count, N);
    assert_int_equal(results.funnel[PF_STAGE_SIGNED].reached, N / 3);
    for (size_t k = 1; k < results.segments[PF_SEGMENT_RECRUITER].count; k++)
        assert_true(strcmp(results.segments[PF_SEGMENT_RECRUITER].rows[k - 1].value,
                           results.segments[PF_SEGMENT_RECRUITER].rows[k].value) < 0);
    if (seconds > 2.0)
        fail_msg("metrics_compute took %.2f s on %d candidates", seconds, N);
    metrics_clear(&results);
    metrics_clear(&results); /* twice is harmless */
    free(partners);
    free(names);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_funnel_counts_implied_stages),
        cmocka_unit_test(test_future_dates_ignored_before_as_of),
        cmocka_unit_test(test_dated_on_as_of_has_happened),
        cmocka_unit_test(test_candidate_listed_after_as_of_out_of_scope),
        cmocka_unit_test(test_active_requires_won_deal_within_window),
        cmocka_unit_test(test_same_day_as_signing_counts),
        cmocka_unit_test(test_ended_before_mark_is_not_active),
        cmocka_unit_test(test_mark_clamps_to_month_end),
        cmocka_unit_test(test_cost_per_bad_recruit),
        cmocka_unit_test(test_overhead_not_folded),
        cmocka_unit_test(test_costs_without_cost_sources),
        cmocka_unit_test(test_first_deal_censoring),
        cmocka_unit_test(test_at_risk_bands),
        cmocka_unit_test(test_no_deals_file_gives_nan),
        cmocka_unit_test(test_no_signed_partner),
        cmocka_unit_test(test_single_partner),
        cmocka_unit_test(test_segments_group_and_sort),
        cmocka_unit_test(test_recruiter_performance_and_durations),
        cmocka_unit_test(test_business_plan_fisher),
        cmocka_unit_test(test_quarter_label),
        cmocka_unit_test(test_rejects_missing_as_of),
        cmocka_unit_test(test_many_distinct_values_scale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
