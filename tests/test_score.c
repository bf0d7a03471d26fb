/* test_score.c — prospect scoring (score.h): the criteria table and its errors, every test kind, [ND],
 * the known rule (SIRET vs SIREN), score, funnel, shortlist order, groups by character prefix, merging. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "partnerfunnel/score.h"

/* ---- helpers ---- */

/* The prospect columns of the scoring cases. */
static const char *const header[] = {"id", "name", "city", "postcode", "naf", "band", "created", "status"};
#define HEADER_COUNT (sizeof header / sizeof header[0])
enum { ID, NAME, CITY, POSTCODE, NAF, BAND, CREATED, STATUS };

/* Adds one criteria row; returns the error code and leaves the message in err. */
static pf_error add(pf_criteria *c, const char *profile, const char *column, const char *test,
                    const char *value, const char *weight, const char *eliminatory, long line,
                    pf_error_context *err)
{
    pf_criterion_text row = {{profile, NULL, column, test, value, weight, eliminatory}};
    return criteria_add(c, &row, line, err);
}

static void add_ok(pf_criteria *c, const char *profile, const char *column, const char *test, const char *value,
                   const char *weight, const char *eliminatory)
{
    pf_error_context err;
    pf_error_clear(&err);
    pf_error code = add(c, profile, column, test, value, weight, eliminatory, (long)c->count + 2, &err);
    if (code != PF_OK)
        print_error("criteria_add: %s\n", err.message);
    assert_int_equal(code, PF_OK);
}

/* The message criteria_add gives for one bad row (checked to be PF_ERROR_DATA at line 7, column col). */
static const char *add_error(const char *column, const char *test, const char *value, const char *weight,
                             const char *eliminatory, const char *col)
{
    static pf_error_context err;
    pf_criteria c;
    criteria_init(&c, PF_DATE_ORDER_AUTO);
    pf_error_clear(&err);
    pf_error code = add(&c, "integrator", column, test, value, weight, eliminatory, 7, &err);
    assert_int_equal(code, PF_ERROR_DATA);
    assert_int_equal(err.line, 7);
    assert_string_equal(err.column, col);
    assert_int_equal(c.count, 0);
    criteria_clear(&c);
    return err.message;
}

/* A scoring run over rows (arrays of HEADER_COUNT strings). */
typedef struct run {
    pf_criteria criteria;
    pf_known *known;
    pf_scorer *scorer;
    pf_score_result result;
    pf_score_config config;
} run;

static void run_start(run *r, size_t top, int group_field, size_t prefix)
{
    pf_error_context err;
    assert_int_equal(criteria_compile(&r->criteria, header, HEADER_COUNT, "prospects.csv", &err), PF_OK);
    r->config = (pf_score_config){header, HEADER_COUNT, ID, group_field, prefix, top, r->known};
    assert_int_equal(scorer_new(&r->criteria, &r->config, &r->scorer, &err), PF_OK);
}

static void run_row(run *r, const char *const *fields, long line)
{
    size_t lengths[HEADER_COUNT];
    for (size_t i = 0; i < HEADER_COUNT; i++)
        lengths[i] = strlen(fields[i]);
    pf_error_context err;
    assert_int_equal(scorer_add_row(r->scorer, fields, lengths, line, &err), PF_OK);
}

static void run_finish(run *r)
{
    pf_error_context err;
    assert_int_equal(scorer_finish(r->scorer, &r->result, &err), PF_OK);
}

static void run_clear(run *r)
{
    score_result_clear(&r->result);
    scorer_free(r->scorer);
    known_free(r->known);
    criteria_clear(&r->criteria);
}

/* Scores one row against a one-criterion profile; true when it passes (the profile then has it eligible). */
static bool passes(const char *column, const char *test, const char *value, int field, const char *text)
{
    run r = {0};
    criteria_init(&r.criteria, PF_DATE_ORDER_AUTO);
    add_ok(&r.criteria, "p", column, test, value, "1", "yes");
    run_start(&r, 10, -1, 0);
    const char *row[HEADER_COUNT] = {"1", "", "", "", "", "", "", ""};
    row[field] = text;
    run_row(&r, row, 2);
    run_finish(&r);
    bool eligible = r.result.profiles[0].eligible == 1;
    run_clear(&r);
    return eligible;
}

/* ---- numbers ---- */

static void test_number_accepts_codes_signs_and_both_decimal_marks(void **state)
{
    (void)state;
    double x = 0;
    assert_true(score_parse_number("03", 2, &x));
    assert_close(x, 3, 0);
    assert_true(score_parse_number(" -2 ", 4, &x));
    assert_close(x, -2, 0);
    assert_true(score_parse_number("1,5", 3, &x));
    assert_close(x, 1.5, 0);
    assert_true(score_parse_number("1.25", 4, &x));
    assert_close(x, 1.25, 0);
    assert_true(score_parse_number(".5", 2, &x));
    assert_close(x, 0.5, 0);
}

static void test_number_rejects_codes_that_are_not_numbers(void **state)
{
    (void)state;
    double x = 0;
    assert_false(score_parse_number("NN", 2, &x));
    assert_false(score_parse_number("", 0, &x));
    assert_false(score_parse_number("1e3", 3, &x));
    assert_false(score_parse_number(".", 1, &x));
    assert_false(score_parse_number("1 000", 5, &x));
    assert_false(score_parse_number("0x10", 4, &x));
    assert_false(score_parse_number("inf", 3, &x));
}

/* ---- the criteria table ---- */

static void test_criteria_accepts_test_names_in_any_case_and_spacing(void **state)
{
    (void)state;
    pf_criteria c;
    criteria_init(&c, PF_DATE_ORDER_AUTO);
    add_ok(&c, "p", "band", "At Least", "03", "1", "no");
    add_ok(&c, "p", "postcode", "starts-with", "75", "1", "no");
    add_ok(&c, "p", "naf", " NOT_IN ", "47.11A|47.11B", "1", "no");
    add_ok(&c, "p", "name", "present", "", "1", "no");
    assert_int_equal(c.items[0].test, PF_TEST_AT_LEAST);
    assert_int_equal(c.items[1].test, PF_TEST_STARTS_WITH);
    assert_int_equal(c.items[2].test, PF_TEST_NOT_IN);
    assert_int_equal(c.items[2].operand_count, 2);
    assert_string_equal(c.items[2].operands[1], "47.11b");
    assert_int_equal(c.items[3].test, PF_TEST_PRESENT);
    assert_string_equal(c.items[0].label, "band at_least 03");
    assert_string_equal(c.items[3].label, "name present");
    criteria_clear(&c);
}

static void test_criteria_unknown_test_names_the_expected_ones(void **state)
{
    (void)state;
    assert_string_equal(
        add_error("band", "bigger_than", "11", "1", "no", "test"),
        "unknown test 'bigger_than' (expected one of equals, in, not_in, starts_with, contains, "
        "at_least, at_most, between, after, before, present)");
    assert_string_equal(add_error("band", "", "11", "1", "no", "test"),
                        "test is empty (expected one of equals, in, not_in, starts_with, contains, at_least, "
                        "at_most, between, after, before, present)");
}

static void test_criteria_rejects_negative_and_text_weights(void **state)
{
    (void)state;
    assert_string_equal(add_error("band", "at_least", "11", "-2", "no", "weight"),
                        "'-2' is not a valid weight (expected a number, 0 or more)");
    assert_string_equal(add_error("band", "at_least", "11", "high", "no", "weight"),
                        "'high' is not a valid weight (expected a number, 0 or more)");
    assert_string_equal(add_error("band", "at_least", "11", "", "no", "weight"),
                        "weight is empty (expected a number, 0 or more)");
}

static void test_criteria_between_needs_two_ordered_numbers(void **state)
{
    (void)state;
    const char *expected = "'%s' is not a valid range for between (expected low|high, two numbers)";
    char want[200];
    const char *bad[] = {"10", "a|b", "1|2|3", "1|", "|2"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(want, sizeof want, expected, bad[i]);
        assert_string_equal(add_error("band", "between", bad[i], "1", "no", "value"), want);
    }
    assert_string_equal(add_error("band", "between", "12|02", "1", "no", "value"),
                        "'12|02' is not a valid range for between (low is above high)");
    assert_string_equal(add_error("band", "between", "", "1", "no", "value"),
                        "test 'between' needs a value (low|high, two numbers)");
}

static void test_criteria_rejects_bad_numbers_and_dates(void **state)
{
    (void)state;
    assert_string_equal(add_error("band", "at_least", "ten", "1", "no", "value"),
                        "'ten' is not a number (test 'at_least' needs one)");
    assert_string_equal(add_error("created", "before", "2022-13-01", "1", "no", "value"),
                        "'2022-13-01' is not a valid date for before (month must be 1-12)");
    assert_string_equal(add_error("created", "after", "", "1", "no", "value"),
                        "test 'after' needs a value (a date)");
    const char *message = add_error("created", "after", "tomorrow", "1", "no", "value");
    assert_non_null(strstr(message, "'tomorrow' is not a valid date for after ("));
}

static void test_criteria_rejects_empty_lists_and_lists_for_equals(void **state)
{
    (void)state;
    assert_string_equal(add_error("naf", "in", " | ", "1", "no", "value"),
                        "test 'in' needs a value (a list separated by |)");
    assert_string_equal(add_error("naf", "equals", "62.01Z|62.02A", "1", "no", "value"),
                        "'62.01Z|62.02A' is a list: test 'equals' takes one value (use 'in' for a list)");
}

static void test_criteria_eliminatory_takes_english_and_french_words(void **state)
{
    (void)state;
    pf_criteria c;
    criteria_init(&c, PF_DATE_ORDER_AUTO);
    const char *yes[] = {"yes", "OUI", "True", "1"};
    const char *no[] = {"no", "Non", "FALSE", "0", ""};
    for (size_t i = 0; i < 4; i++)
        add_ok(&c, "p", "band", "present", "", "1", yes[i]);
    for (size_t i = 0; i < 5; i++)
        add_ok(&c, "p", "band", "present", "", "1", no[i]);
    for (size_t i = 0; i < 9; i++)
        assert_int_equal(c.items[i].eliminatory, i < 4);
    assert_int_equal(c.profiles[0].eliminatory_count, 4);
    assert_int_equal(c.profiles[0].scored_count, 5);
    criteria_clear(&c);
    assert_string_equal(add_error("band", "present", "", "1", "maybe", "eliminatory"),
                        "'maybe' is not yes or no (expected yes, no, oui, non, true, false, 1 or 0)");
}

static void test_criteria_profiles_are_matched_without_case_or_accents(void **state)
{
    (void)state;
    pf_criteria c;
    criteria_init(&c, PF_DATE_ORDER_AUTO);
    add_ok(&c, "Intégrateur", "band", "present", "", "2", "no");
    add_ok(&c, "reseller", "band", "present", "", "1", "no");
    add_ok(&c, " integrateur ", "naf", "present", "", "0.5", "yes");
    assert_int_equal(c.profile_count, 2);
    assert_string_equal(c.profiles[0].name, "Intégrateur");
    assert_int_equal(c.profiles[0].criterion_count, 2);
    assert_close(c.profiles[0].total_weight, 2.5, 1e-15);
    assert_string_equal(c.items[2].profile, "Intégrateur");
    pf_error_context err;
    assert_int_equal(add(&c, "", "band", "present", "", "1", "no", 9, &err), PF_ERROR_DATA);
    assert_string_equal(err.column, "profile");
    criteria_clear(&c);
}

static void test_criteria_compile_names_the_missing_column(void **state)
{
    (void)state;
    pf_criteria c;
    criteria_init(&c, PF_DATE_ORDER_AUTO);
    add_ok(&c, "p", "BAND", "present", "", "1", "no");
    add_ok(&c, "p", "turnover", "at_least", "1000", "1", "no");
    pf_error_context err;
    pf_error_clear(&err);
    assert_int_equal(criteria_compile(&c, header, HEADER_COUNT, "data/prospects.csv", &err), PF_ERROR_DATA);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.column, "column");
    assert_string_equal(err.message, "'turnover' is not a column of prospects.csv");
    criteria_clear(&c);
}

static void test_criteria_compile_shares_one_slot_per_column(void **state)
{
    (void)state;
    pf_criteria c;
    criteria_init(&c, PF_DATE_ORDER_AUTO);
    add_ok(&c, "a", "naf", "in", "62.01Z", "1", "yes");
    add_ok(&c, "b", "NAF", "starts_with", "46", "1", "yes");
    add_ok(&c, "b", "band", "between", "1|3", "1", "no");
    pf_error_context err;
    assert_int_equal(criteria_compile(&c, header, HEADER_COUNT, "p.csv", &err), PF_OK);
    assert_int_equal(c.slot_count, 2);
    assert_int_equal(c.items[0].slot, c.items[1].slot);
    assert_int_equal(c.items[1].field, NAF);
    assert_true(c.slots[c.items[0].slot].text);
    assert_true(c.slots[c.items[2].slot].number);
    assert_false(c.slots[c.items[2].slot].text);
    criteria_clear(&c);
}

/* ---- the tests ---- */

static void test_text_tests_ignore_case_accents_and_blanks(void **state)
{
    (void)state;
    assert_true(passes("city", "equals", "Île-de-France", CITY, "  ILE-DE-FRANCE "));
    assert_true(passes("city", "equals", "evry", CITY, "Évry"));
    assert_true(passes("name", "equals", "data  conseil", NAME, "\tDATA \t CONSEIL\r\n"));
    assert_true(passes("name", "equals", "Café Data", NAME, "CAFÉ\xC2\xA0 DATA\xE2\x80\xAF"));
    assert_true(passes("name", "equals", "x", NAME, "\xC2\xA0X"));
    assert_false(passes("city", "equals", "evry", CITY, "Évry-Courcouronnes"));
    assert_true(passes("city", "in", "Lyon|Évry", CITY, "EVRY"));
    assert_false(passes("city", "in", "Lyon|Évry", CITY, "Paris"));
    assert_true(passes("naf", "starts_with", "62|63.1", NAF, "63.11Z"));
    assert_false(passes("naf", "starts_with", "62", NAF, "46.62Z"));
    assert_true(passes("name", "contains", "informatique|réseau", NAME, "Société Réseaux du Sud"));
    assert_false(passes("name", "contains", "informatique", NAME, "Boulangerie"));
}

static void test_empty_and_withheld_fields_fail_text_tests_but_pass_not_in(void **state)
{
    (void)state;
    const char *empties[] = {"", "   ", "[ND]", " [ND] "};
    for (size_t i = 0; i < 4; i++) {
        assert_false(passes("naf", "equals", "62.01Z", NAF, empties[i]));
        assert_false(passes("naf", "in", "62.01Z|62.02A", NAF, empties[i]));
        assert_false(passes("naf", "starts_with", "62", NAF, empties[i]));
        assert_false(passes("naf", "contains", "6", NAF, empties[i]));
        assert_true(passes("naf", "not_in", "47.11A|47.11B", NAF, empties[i]));
        assert_false(passes("naf", "present", "", NAF, empties[i]));
    }
    assert_false(passes("naf", "not_in", "47.11A|47.11B", NAF, "47.11b"));
    assert_true(passes("naf", "present", "", NAF, "x"));
    /* "[ND]" is the marker only when it is the whole field */
    assert_true(passes("name", "contains", "[nd]", NAME, "Shop [ND] Paris"));
}

static void test_numeric_tests_read_headcount_bands_as_numbers(void **state)
{
    (void)state;
    assert_true(passes("band", "at_least", "03", BAND, "03"));
    assert_true(passes("band", "at_least", "03", BAND, "11"));
    assert_false(passes("band", "at_least", "03", BAND, "02"));
    assert_false(passes("band", "at_least", "03", BAND, "NN"));
    assert_false(passes("band", "at_least", "03", BAND, ""));
    assert_false(passes("band", "at_least", "03", BAND, "[ND]"));
    assert_true(passes("band", "at_most", "12", BAND, "12"));
    assert_false(passes("band", "at_most", "12", BAND, "21"));
    assert_true(passes("band", "between", "02|12", BAND, "02"));
    assert_true(passes("band", "between", "02|12", BAND, "12"));
    assert_false(passes("band", "between", "02|12", BAND, "21"));
    assert_false(passes("band", "between", "02|12", BAND, "NN"));
    assert_true(passes("band", "between", "0,5|1,5", BAND, "1.0"));
    assert_true(passes("band", "at_least", "-1", BAND, "-0.5"));
}

static void test_date_tests_are_strict_and_fail_on_empty_or_bad_dates(void **state)
{
    (void)state;
    assert_true(passes("created", "before", "2022-01-01", CREATED, "2021-12-31"));
    assert_false(passes("created", "before", "2022-01-01", CREATED, "2022-01-01"));
    assert_true(passes("created", "after", "2022-01-01", CREATED, "2022-01-02"));
    assert_false(passes("created", "after", "2022-01-01", CREATED, "2022-01-01"));
    assert_true(passes("created", "before", "2022-01-01", CREATED, "31/12/2021")); /* day-first */
    assert_true(passes("created", "before", "2022-01-01", CREATED, "2021-06-30T08:00:00"));
    assert_false(passes("created", "before", "2022-01-01", CREATED, ""));
    assert_false(passes("created", "before", "2022-01-01", CREATED, "[ND]"));
    assert_false(passes("created", "before", "2022-01-01", CREATED, "2021-02-30"));
    assert_false(passes("created", "after", "2000-01-01", CREATED, "soon"));
}

/* ---- figures ---- */

static void test_score_is_the_share_of_passed_weights(void **state)
{
    (void)state;
    run r = {0};
    criteria_init(&r.criteria, PF_DATE_ORDER_AUTO);
    add_ok(&r.criteria, "weighted", "status", "equals", "A", "0", "yes");
    add_ok(&r.criteria, "weighted", "band", "at_least", "11", "3", "no");
    add_ok(&r.criteria, "weighted", "postcode", "starts_with", "75", "2", "no");
    add_ok(&r.criteria, "weighted", "name", "present", "", "1", "no");
    add_ok(&r.criteria, "unweighted", "status", "equals", "A", "0", "no");
    run_start(&r, 10, -1, 0);
    const char *row1[] = {"1", "Name", "", "75001", "", "02", "", "A"}; /* 2 + 1 of 6 */
    const char *row2[] = {"2", "X", "", "92100", "", "11", "", "A"};    /* 3 + 1 of 6 */
    const char *row3[] = {"3", "", "", "", "", "", "", "F"};            /* not eligible; unweighted: 100 */
    run_row(&r, row1, 2);
    run_row(&r, row2, 3);
    run_row(&r, row3, 4);
    run_finish(&r);
    const pf_profile_result *w = &r.result.profiles[0], *u = &r.result.profiles[1];
    assert_int_equal(w->eligible, 2);
    assert_int_equal(w->shortlist_count, 2);
    assert_string_equal(w->shortlist[0].id, "2");
    assert_close(w->shortlist[0].score, 100.0 * 4 / 6, 1e-15);
    assert_close(w->shortlist[0].passed_weight, 4, 0);
    assert_string_equal(w->shortlist[1].id, "1");
    assert_close(w->shortlist[1].score, 50.0, 1e-15);
    assert_memory_equal(w->shortlist[1].passed, ((unsigned char[]){1, 0, 1, 1}), 4);
    assert_string_equal(w->shortlist[1].fields[NAME], "Name");
    assert_int_equal(u->eligible, 3);
    for (size_t i = 0; i < 3; i++)
        assert_close(u->shortlist[i].score, 100.0, 0);
    run_clear(&r);
}

static void test_funnel_counts_are_sequential(void **state)
{
    (void)state;
    run r = {0};
    criteria_init(&r.criteria, PF_DATE_ORDER_AUTO);
    add_ok(&r.criteria, "p", "status", "equals", "A", "0", "yes");
    add_ok(&r.criteria, "p", "band", "present", "", "1", "no");
    add_ok(&r.criteria, "p", "naf", "starts_with", "62", "0", "oui");
    add_ok(&r.criteria, "p", "postcode", "starts_with", "75", "0", "yes");
    run_start(&r, 10, -1, 0);
    /* status A: 5 of 6; of those, NAF 62: 3; of those, postcode 75: 1. A row failing NAF but passing
     * the postcode test must not count in the postcode step (sequential, not per criterion). */
    const char *rows[][HEADER_COUNT] = {
        {"1", "", "", "75001", "62.01Z", "", "", "A"}, {"2", "", "", "92100", "62.01Z", "", "", "A"},
        {"3", "", "", "69001", "62.02A", "", "", "A"}, {"4", "", "", "75002", "47.11A", "", "", "A"},
        {"5", "", "", "75003", "46.51Z", "", "", "A"}, {"6", "", "", "75004", "62.01Z", "", "", "F"},
    };
    for (size_t i = 0; i < 6; i++)
        run_row(&r, rows[i], (long)i + 2);
    run_finish(&r);
    const pf_profile_result *p = &r.result.profiles[0];
    assert_int_equal(p->profile->eliminatory_count, 3);
    assert_int_equal(p->remaining[0], 5);
    assert_int_equal(p->remaining[1], 3);
    assert_int_equal(p->remaining[2], 1);
    assert_int_equal(p->eligible, 1);
    assert_int_equal(r.result.rows_scored, 6);
    run_clear(&r);
}

static void test_known_matches_siret_and_siren_both_ways(void **state)
{
    (void)state;
    pf_known *k = known_new();
    pf_error_context err;
    assert_int_equal(known_add(k, "552 100 554", 11, &err), PF_OK);    /* a SIREN with spaces */
    assert_int_equal(known_add(k, "78901234500025", 14, &err), PF_OK); /* a SIRET */
    assert_int_equal(known_add(k, "fr44552100554", 13, &err), PF_OK);  /* a VAT number */
    assert_int_equal(known_add(k, "[ND]", 4, &err), PF_OK);
    assert_int_equal(known_add(k, "", 0, &err), PF_OK);
    assert_int_equal(known_count(k), 3);
#define KNOWN(s) known_match(k, (s), strlen(s))
    assert_true(KNOWN("55210055400017")); /* SIRET of a known SIREN */
    assert_true(KNOWN("552100554"));      /* the SIREN itself */
    assert_true(KNOWN("78901234500025")); /* the same SIRET */
    assert_true(KNOWN("78901234500017")); /* another establishment of that company */
    assert_true(KNOWN("789012345"));      /* the company of a known SIRET */
    assert_true(KNOWN(" 789 012 345 00033 "));
    assert_true(KNOWN("FR44552100554")); /* case is ignored */
    assert_false(KNOWN("78901234"));     /* 8 characters: not the same first 9 */
    assert_false(KNOWN("55210055"));
    assert_false(KNOWN("55210055500017"));
    assert_false(KNOWN(""));
    assert_false(KNOWN("[ND]"));
#undef KNOWN
    known_free(k);
}

static void test_known_prospects_are_counted_grouped_but_not_shortlisted(void **state)
{
    (void)state;
    run r = {0};
    criteria_init(&r.criteria, PF_DATE_ORDER_AUTO);
    r.known = known_new();
    pf_error_context err;
    assert_int_equal(known_add(r.known, "552100554", 9, &err), PF_OK);
    add_ok(&r.criteria, "p", "status", "equals", "A", "1", "yes");
    run_start(&r, 10, CITY, 0);
    const char *rows[][HEADER_COUNT] = {
        {"55210055400017", "", "Paris", "", "", "", "", "A"},
        {"55210055400025", "", "Lyon", "", "", "", "", "F"}, /* known but not eligible */
        {"30000000000001", "", "Paris", "", "", "", "", "A"},
    };
    for (size_t i = 0; i < 3; i++)
        run_row(&r, rows[i], (long)i + 2);
    run_finish(&r);
    const pf_profile_result *p = &r.result.profiles[0];
    assert_int_equal(p->eligible, 2);
    assert_int_equal(p->known, 1);
    assert_int_equal(p->shortlist_count, 1);
    assert_string_equal(p->shortlist[0].id, "30000000000001");
    assert_int_equal(p->group_count, 1);
    assert_string_equal(p->groups[0].value, "Paris");
    assert_int_equal(p->groups[0].eligible, 2);
    run_clear(&r);
}

static void test_shortlist_orders_ties_by_id_bytes_then_line_and_keeps_top_k(void **state)
{
    (void)state;
    run r = {0};
    criteria_init(&r.criteria, PF_DATE_ORDER_AUTO);
    add_ok(&r.criteria, "p", "band", "at_least", "11", "1", "no");
    run_start(&r, 4, -1, 0);
    const char *ids[] = {"9", "10", "b", "B", "10", "2", "Z"};
    const char *bands[] = {"11", "11", "11", "11", "11", "02", "00"};
    for (size_t i = 0; i < 7; i++) {
        const char *row[] = {ids[i], "", "", "", "", bands[i], "", ""};
        run_row(&r, row, (long)i + 2);
    }
    run_finish(&r);
    const pf_profile_result *p = &r.result.profiles[0];
    assert_int_equal(p->eligible, 7);
    assert_int_equal(p->shortlist_count, 4);
    /* score 100: "10" (line 3), "10" (line 6), "9", "B" — byte order puts "B" before "b" */
    assert_string_equal(p->shortlist[0].id, "10");
    assert_int_equal(p->shortlist[0].line, 3);
    assert_string_equal(p->shortlist[1].id, "10");
    assert_int_equal(p->shortlist[1].line, 6);
    assert_string_equal(p->shortlist[2].id, "9");
    assert_string_equal(p->shortlist[3].id, "B");
    run_clear(&r);
}

static void test_top_zero_keeps_counts_but_no_shortlist(void **state)
{
    (void)state;
    run r = {0};
    criteria_init(&r.criteria, PF_DATE_ORDER_AUTO);
    add_ok(&r.criteria, "p", "band", "present", "", "1", "no");
    run_start(&r, 0, -1, 0);
    const char *row[] = {"1", "", "", "", "", "x", "", ""};
    run_row(&r, row, 2);
    run_finish(&r);
    assert_int_equal(r.result.profiles[0].eligible, 1);
    assert_int_equal(r.result.profiles[0].shortlist_count, 0);
    run_clear(&r);
}

static void test_withheld_id_and_group_are_empty(void **state)
{
    (void)state;
    run r = {0};
    criteria_init(&r.criteria, PF_DATE_ORDER_AUTO);
    add_ok(&r.criteria, "p", "status", "present", "", "1", "no");
    run_start(&r, 10, POSTCODE, 2);
    const char *row1[] = {"[ND]", "", "", "[ND]", "", "", "", ""};
    const char *row2[] = {" 42 ", "", "", "", "", "", "", ""};
    run_row(&r, row1, 2);
    run_row(&r, row2, 3);
    run_finish(&r);
    const pf_profile_result *p = &r.result.profiles[0];
    assert_int_equal(p->group_count, 1);
    assert_string_equal(p->groups[0].value, "");
    assert_int_equal(p->groups[0].eligible, 2);
    assert_string_equal(p->shortlist[0].id, "");
    assert_string_equal(p->shortlist[1].id, "42");
    assert_string_equal(p->shortlist[1].fields[ID], " 42 "); /* the row itself is kept as read */
    run_clear(&r);
}

static void test_group_prefix_counts_characters_not_bytes(void **state)
{
    (void)state;
    run r = {0};
    criteria_init(&r.criteria, PF_DATE_ORDER_AUTO);
    add_ok(&r.criteria, "p", "status", "equals", "A", "1", "yes");
    run_start(&r, 10, CITY, 2);
    const char *cities[] = {"Évry", "Étampes", "Èze", "ÉVRY", "Évreux", "E", "Paris", "Évry", ""};
    for (size_t i = 0; i < 9; i++) {
        const char *row[] = {"1", "", cities[i], "", "", "", "", i == 6 ? "F" : "A"};
        run_row(&r, row, (long)i + 2);
    }
    run_finish(&r);
    const pf_profile_result *p = &r.result.profiles[0];
    /* eligible: all but Paris. "Év" 3; then 1 each in byte order: "", "E", "Èz" (C3 88), "ÉV", "Ét" (C3 89) */
    const char *values[] = {"\xC3\x89v", "", "E", "\xC3\x88z", "\xC3\x89V", "\xC3\x89t"};
    long counts[] = {3, 1, 1, 1, 1, 1};
    assert_int_equal(p->group_count, 6);
    for (size_t g = 0; g < 6; g++) {
        assert_string_equal(p->groups[g].value, values[g]);
        assert_int_equal(p->groups[g].eligible, counts[g]);
    }
    assert_int_equal(r.result.group_row_count, 6);
    assert_int_equal(r.result.group_rows[0].total, 3);
    run_clear(&r);
}

static void test_groups_are_bounded(void **state)
{
    (void)state;
    run r = {0};
    criteria_init(&r.criteria, PF_DATE_ORDER_AUTO);
    add_ok(&r.criteria, "p", "status", "present", "", "1", "no");
    run_start(&r, 1, ID, 0);
    char id[32];
    const char *row[] = {id, "", "", "", "", "", "", "x"};
    size_t lengths[HEADER_COUNT] = {0, 0, 0, 0, 0, 0, 0, 1};
    pf_error_context err;
    pf_error code = PF_OK;
    for (long i = 0; i <= PF_SCORE_MAX_GROUPS && code == PF_OK; i++) {
        lengths[0] = (size_t)snprintf(id, sizeof id, "%ld", i);
        code = scorer_add_row(r.scorer, row, lengths, i + 2, &err);
    }
    assert_int_equal(code, PF_ERROR_DATA);
    assert_string_equal(err.column, "id");
    assert_non_null(strstr(err.message, "more than 100000 distinct values to group by"));
    run_finish(&r);
    run_clear(&r);
}

static void test_rejects_keep_the_first_lines_and_count_the_rest(void **state)
{
    (void)state;
    run r = {0};
    criteria_init(&r.criteria, PF_DATE_ORDER_AUTO);
    add_ok(&r.criteria, "p", "status", "present", "", "1", "no");
    run_start(&r, 1, -1, 0);
    pf_error_context err;
    char raw[400];
    memset(raw, 'x', sizeof raw);
    memcpy(raw + 199, "\xC3\xA9", 2); /* a character across the cut */
    for (long i = 0; i < 1500; i++)
        assert_int_equal(
            scorer_reject(r.scorer, i + 2, i % 2 ? "status" : NULL, "malformed quote", raw, sizeof raw, &err),
            PF_OK);
    run_finish(&r);
    assert_int_equal(r.result.rows_rejected, 1500);
    assert_int_equal(r.result.rows_read, 1500);
    assert_int_equal(r.result.reject_count, PF_SCORE_MAX_REJECTS);
    assert_int_equal(r.result.rejects[999].line, 1001);
    assert_string_equal(r.result.rejects[0].column, "");
    assert_string_equal(r.result.rejects[1].column, "status");
    assert_int_equal(strlen(r.result.rejects[0].raw), 199);
    run_clear(&r);
}

static void test_merged_scorers_equal_one_scorer(void **state)
{
    (void)state;
    run one = {0}, split = {0};
    criteria_init(&one.criteria, PF_DATE_ORDER_AUTO);
    criteria_init(&split.criteria, PF_DATE_ORDER_AUTO);
    pf_criteria *both[] = {&one.criteria, &split.criteria};
    for (int i = 0; i < 2; i++) {
        add_ok(both[i], "a", "status", "equals", "A", "0", "yes");
        add_ok(both[i], "a", "band", "at_least", "03", "2", "no");
        add_ok(both[i], "a", "postcode", "starts_with", "75|92", "1", "no");
        add_ok(both[i], "b", "band", "present", "", "1", "yes");
    }
    run *runs[] = {&one, &split};
    for (int i = 0; i < 2; i++) { /* some known ids: the known lists must merge too */
        pf_error_context known_err;
        runs[i]->known = known_new();
        for (int k = 0; k < 200; k += 9) {
            char id[16];
            snprintf(id, sizeof id, "%03d", k);
            assert_int_equal(known_add(runs[i]->known, id, 3, &known_err), PF_OK);
        }
    }
    run_start(&one, 5, POSTCODE, 2);
    run_start(&split, 5, POSTCODE, 2);
    pf_scorer *second = NULL;
    pf_error_context err;
    assert_int_equal(scorer_new(&split.criteria, &split.config, &second, &err), PF_OK);
    char ids[200][16], codes[200][16];
    const char *bands[] = {"NN", "01", "03", "11", "", "12"};
    for (int i = 0; i < 200; i++) {
        snprintf(ids[i], sizeof ids[i], "%03d", (i * 37) % 200);
        snprintf(codes[i], sizeof codes[i], "%02d%03d", 70 + i % 25, i);
        const char *row[] = {ids[i], "", "", codes[i], "", bands[i % 6], "", i % 7 ? "A" : "F"};
        run_row(&one, row, i + 2);
        if (i % 3 == 1) {
            size_t lengths[HEADER_COUNT];
            for (size_t f = 0; f < HEADER_COUNT; f++)
                lengths[f] = strlen(row[f]);
            assert_int_equal(scorer_add_row(second, row, lengths, i + 2, &err), PF_OK);
        } else {
            run_row(&split, row, i + 2);
        }
    }
    assert_int_equal(scorer_reject(second, 300, NULL, "bad", "x", 1, &err), PF_OK);
    assert_int_equal(scorer_reject(one.scorer, 300, NULL, "bad", "x", 1, &err), PF_OK);
    assert_int_equal(scorer_merge(split.scorer, second, &err), PF_OK);
    scorer_free(second);
    run_finish(&one);
    run_finish(&split);
    assert_int_equal(one.result.rows_read, split.result.rows_read);
    assert_int_equal(split.result.reject_count, 1);
    for (size_t p = 0; p < 2; p++) {
        const pf_profile_result *a = &one.result.profiles[p], *b = &split.result.profiles[p];
        assert_int_equal(a->eligible, b->eligible);
        for (size_t i = 0; i < a->profile->eliminatory_count; i++)
            assert_int_equal(a->remaining[i], b->remaining[i]);
        assert_int_equal(a->shortlist_count, b->shortlist_count);
        for (size_t i = 0; i < a->shortlist_count; i++) {
            assert_string_equal(a->shortlist[i].id, b->shortlist[i].id);
            assert_int_equal(a->shortlist[i].line, b->shortlist[i].line);
        }
        assert_int_equal(a->known, b->known);
        assert_true(a->known > 5);
        assert_int_equal(a->known_list_count, 5);
        assert_int_equal(b->known_list_count, 5);
        for (size_t i = 0; i < a->known_list_count; i++) {
            assert_string_equal(a->known_list[i].id, b->known_list[i].id);
            assert_int_equal(a->known_list[i].line, b->known_list[i].line);
        }
        assert_int_equal(a->group_count, b->group_count);
        for (size_t g = 0; g < a->group_count; g++) {
            assert_string_equal(a->groups[g].value, b->groups[g].value);
            assert_int_equal(a->groups[g].eligible, b->groups[g].eligible);
        }
    }
    run_clear(&one);
    run_clear(&split);
}

/* The known list: the eligible known prospects, best first, each with the partner its id matches (the same
 * id first, else the first partner with the same SIREN), kept apart from the shortlist; a merge keeps it. */
static void test_known_list_names_the_partner_and_its_stage(void **state)
{
    (void)state;
    run r = {0};
    criteria_init(&r.criteria, PF_DATE_ORDER_AUTO);
    r.known = known_new();
    pf_error_context err;
    assert_int_equal(known_add_partner(r.known, "552 100 554", 11, "P-1", "signed", &err), PF_OK);
    assert_int_equal(known_add_partner(r.known, "55210055400025", 14, "P-2", "listed", &err), PF_OK);
    assert_int_equal(known_add_partner(r.known, "552100554", 9, "P-3", "ended", &err),
                     PF_OK); /* later: ignored */
    add_ok(&r.criteria, "p", "status", "equals", "A", "0", "yes");
    add_ok(&r.criteria, "p", "band", "present", "", "1", "no");
    run_start(&r, 10, -1, 0);
    const char *rows[][HEADER_COUNT] = {
        {"55210055400017", "", "", "", "", "", "", "A"},   /* known by its SIREN: P-1, score 0 */
        {"55210055400025", "", "", "", "", "03", "", "A"}, /* known by its own SIRET: P-2, score 100 */
        {"55210055400033", "", "", "", "", "03", "", "F"}, /* known, not eligible */
        {"30000000000001", "", "", "", "", "03", "", "A"},
    };
    for (size_t i = 0; i < 4; i++)
        run_row(&r, rows[i], (long)i + 2);
    run_finish(&r);
    const pf_profile_result *p = &r.result.profiles[0];
    assert_int_equal(p->known, 2);
    assert_int_equal(p->shortlist_count, 1);
    assert_int_equal(p->known_list_count, 2);
    assert_string_equal(p->known_list[0].id, "55210055400025");
    assert_string_equal(p->known_list[0].partner->partner_id, "P-2");
    assert_string_equal(p->known_list[0].partner->stage, "listed");
    assert_string_equal(p->known_list[1].partner->partner_id, "P-1");
    assert_string_equal(p->known_list[1].partner->stage, "signed");
    bool oom = false;
    assert_null(known_find(r.known, "30000000000001", 14, &oom));
    assert_false(oom);
    run_clear(&r);
}

static void test_known_stage_is_the_furthest_own_evidence(void **state)
{
    (void)state;
    assert_string_equal(known_stage(NULL, NULL, NULL, false, NULL, NULL, NULL), "listed");
    assert_string_equal(known_stage("2024-01-02", "", " ", false, "", NULL, ""), "approached");
    assert_string_equal(known_stage(NULL, "2024-01-02", NULL, false, NULL, NULL, NULL), "applied");
    assert_string_equal(known_stage(NULL, NULL, "2024-01-02", false, NULL, NULL, NULL), "reviewed");
    assert_string_equal(known_stage(NULL, NULL, "2024-01-02", true, NULL, NULL, NULL), "approved");
    assert_string_equal(known_stage(NULL, NULL, NULL, false, "2024-01-02", NULL, NULL), "signed");
    assert_string_equal(known_stage(NULL, NULL, NULL, false, "2024-01-02", "2024-02-01", NULL), "kicked_off");
    assert_string_equal(known_stage("2024-01-02", NULL, NULL, false, "2024-01-02", NULL, "2025-01-01"),
                        "ended");
}

static void test_siren_is_the_first_nine_digits(void **state)
{
    (void)state;
    char siren[10];
    assert_true(score_siren("55210055400017", 14, siren));
    assert_string_equal(siren, "552100554");
    assert_true(score_siren(" 552 100 554 ", 13, siren));
    assert_string_equal(siren, "552100554");
    assert_false(score_siren("FR44552100554", 13, siren));
    assert_string_equal(siren, "");
    assert_false(score_siren("55210055", 8, siren));
    assert_false(score_siren("[ND]", 4, siren));
}

/* SIRENE's defaults when the header has its columns: the usual name before the sign, the address joined. */
static void test_shown_columns_sirene_defaults_and_list(void **state)
{
    (void)state;
    static const char *const sirene[] = {"siret",
                                         "numeroVoieEtablissement",
                                         "indiceRepetitionEtablissement",
                                         "typeVoieEtablissement",
                                         "libelleVoieEtablissement",
                                         "complementAdresseEtablissement",
                                         "codePostalEtablissement",
                                         "libelleCommuneEtablissement",
                                         "enseigne1Etablissement",
                                         "denominationUsuelleEtablissement"};
    pf_shown shown;
    pf_error_context err;
    assert_int_equal(score_shown_resolve(sirene, 10, "", &shown, "p.csv", 1, &err), PF_OK);
    assert_int_equal(shown.count, 4);
    assert_string_equal(shown.columns[0].key, "name_or_sign");
    assert_string_equal(shown.columns[1].key, "address");
    assert_string_equal(shown.columns[3].key, "town");
    char *fields[] = {"55210055400017", "12",    "B",     "RUE",  "DE LA PAIX",
                      " BAT 3 ",        "75002", "PARIS", "SIGN", ""};
    pf_shortlist_entry e = {.fields = fields};
    char buf[128];
    assert_string_equal(score_shown_value(&shown.columns[0], &e, buf, sizeof buf), "SIGN");
    fields[9] = "USUAL NAME";
    assert_string_equal(score_shown_value(&shown.columns[0], &e, buf, sizeof buf), "USUAL NAME");
    assert_string_equal(score_shown_value(&shown.columns[1], &e, buf, sizeof buf),
                        "12 B RUE DE LA PAIX, BAT 3");
    fields[1] = fields[2] = "";
    fields[5] = "[ND]";
    assert_string_equal(score_shown_value(&shown.columns[1], &e, buf, sizeof buf), "RUE DE LA PAIX");
    /* a list, matched without case; a name the header lacks lists the columns */
    assert_int_equal(score_shown_resolve(header, HEADER_COUNT, " CITY ,naf", &shown, "p.csv", 1, &err), PF_OK);
    assert_int_equal(shown.count, 2);
    assert_string_equal(shown.columns[0].key, "city");
    assert_int_equal(score_shown_resolve(header, HEADER_COUNT, "city,town", &shown, "p.csv", 1, &err),
                     PF_ERROR_DATA);
    assert_string_equal(err.column, "town");
    assert_string_equal(err.message, "no such column in the header (--show, [score] show); the columns are id, "
                                     "name, city, postcode, naf, band, created, status");
    /* no SIRENE columns, no list: nothing until the fallback */
    assert_int_equal(score_shown_resolve(header, HEADER_COUNT, NULL, &shown, "p.csv", 1, &err), PF_OK);
    assert_int_equal(shown.count, 0);
}

/* The fallback: the first column after the id holding a value that is not a number. */
static void test_shown_fallback_is_the_first_text_column_after_the_id(void **state)
{
    (void)state;
    run r = {0};
    criteria_init(&r.criteria, PF_DATE_ORDER_AUTO);
    add_ok(&r.criteria, "p", "status", "equals", "A", "1", "yes");
    run_start(&r, 10, -1, 0);
    const char *row[HEADER_COUNT] = {"1", "", "Lyon", "69001", "", "", "", "A"}; /* name empty */
    run_row(&r, row, 2);
    run_finish(&r);
    pf_shown shown = {0};
    score_shown_fallback(&shown, &r.result, ID);
    assert_int_equal(shown.count, 1);
    assert_string_equal(shown.columns[0].key, "city");
    run_clear(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_accepts_codes_signs_and_both_decimal_marks),
        cmocka_unit_test(test_number_rejects_codes_that_are_not_numbers),
        cmocka_unit_test(test_criteria_accepts_test_names_in_any_case_and_spacing),
        cmocka_unit_test(test_criteria_unknown_test_names_the_expected_ones),
        cmocka_unit_test(test_criteria_rejects_negative_and_text_weights),
        cmocka_unit_test(test_criteria_between_needs_two_ordered_numbers),
        cmocka_unit_test(test_criteria_rejects_bad_numbers_and_dates),
        cmocka_unit_test(test_criteria_rejects_empty_lists_and_lists_for_equals),
        cmocka_unit_test(test_criteria_eliminatory_takes_english_and_french_words),
        cmocka_unit_test(test_criteria_profiles_are_matched_without_case_or_accents),
        cmocka_unit_test(test_criteria_compile_names_the_missing_column),
        cmocka_unit_test(test_criteria_compile_shares_one_slot_per_column),
        cmocka_unit_test(test_text_tests_ignore_case_accents_and_blanks),
        cmocka_unit_test(test_empty_and_withheld_fields_fail_text_tests_but_pass_not_in),
        cmocka_unit_test(test_numeric_tests_read_headcount_bands_as_numbers),
        cmocka_unit_test(test_date_tests_are_strict_and_fail_on_empty_or_bad_dates),
        cmocka_unit_test(test_score_is_the_share_of_passed_weights),
        cmocka_unit_test(test_funnel_counts_are_sequential),
        cmocka_unit_test(test_known_matches_siret_and_siren_both_ways),
        cmocka_unit_test(test_known_prospects_are_counted_grouped_but_not_shortlisted),
        cmocka_unit_test(test_shortlist_orders_ties_by_id_bytes_then_line_and_keeps_top_k),
        cmocka_unit_test(test_top_zero_keeps_counts_but_no_shortlist),
        cmocka_unit_test(test_withheld_id_and_group_are_empty),
        cmocka_unit_test(test_group_prefix_counts_characters_not_bytes),
        cmocka_unit_test(test_groups_are_bounded),
        cmocka_unit_test(test_rejects_keep_the_first_lines_and_count_the_rest),
        cmocka_unit_test(test_merged_scorers_equal_one_scorer),
        cmocka_unit_test(test_known_list_names_the_partner_and_its_stage),
        cmocka_unit_test(test_known_stage_is_the_furthest_own_evidence),
        cmocka_unit_test(test_siren_is_the_first_nine_digits),
        cmocka_unit_test(test_shown_columns_sirene_defaults_and_list),
        cmocka_unit_test(test_shown_fallback_is_the_first_text_column_after_the_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
