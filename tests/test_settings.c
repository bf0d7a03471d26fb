/* test_settings.c — partnerfunnel.ini (docs/manual.md "Settings file"): every section, every error with its
 * exact message and line, enum matching and the decimal-mark rule. Fixtures: fixtures/settings/. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "partnerfunnel/settings.h"

#define FIXTURE(name) "fixtures/settings/" name

#define SECTIONS "(the sections are [columns], [values], [input], [report], [active], [plan], [score])"

/* Loads path into fresh settings; the caller clears them. */
static pf_error load(const char *path, pf_settings *s, pf_error_context *err)
{
    settings_init(s);
    pf_error_clear(err);
    return settings_load(s, path, err);
}

/* Loading path fails with PF_ERROR_CONFIG at line, with exactly message; the settings keep their defaults. */
static void assert_config_error(const char *path, long line, const char *message)
{
    pf_settings s;
    pf_error_context err;
    assert_int_equal(load(path, &s, &err), PF_ERROR_CONFIG);
    assert_string_equal(err.file, path);
    assert_int_equal(err.line, line);
    assert_string_equal(err.column, "");
    assert_string_equal(err.message, message);
    assert_null(s.path);
    assert_int_equal(s.synonym_count, 0);
    for (size_t c = 0; c < PF_COL_COUNT; c++)
        assert_null(s.column_headers[c]);
    settings_clear(&s);
}

/* ---- defaults and valid files ---- */

static void test_defaults(void **state)
{
    (void)state;
    pf_settings s;
    settings_init(&s);
    assert_null(s.path);
    for (size_t c = 0; c < PF_COL_COUNT; c++) {
        assert_null(s.column_headers[c]);
        assert_int_equal(s.column_lines[c], 0);
    }
    assert_null(s.synonyms);
    assert_int_equal(s.synonym_count, 0);
    assert_int_equal(s.encoding, PF_ENCODING_AUTO);
    assert_int_equal(s.date_order, PF_DATE_ORDER_AUTO);
    assert_int_equal(s.decimal, PF_DECIMAL_AUTO);
    assert_int_equal(s.as_of, PF_DATE_NONE);
    assert_int_equal(s.lang, PF_LANG_EN);
    assert_string_equal(s.currency, "EUR");
    assert_int_equal(s.window_months, 6);
    assert_int_equal(s.min_won_deals, 1);
    settings_clear(&s);
    settings_clear(NULL);
}

static void test_full_file_sets_every_section(void **state)
{
    (void)state;
    pf_settings s;
    pf_error_context err;
    assert_int_equal(load(FIXTURE("full.ini"), &s, &err), PF_OK);
    assert_string_equal(s.path, FIXTURE("full.ini"));

    assert_string_equal(s.column_headers[PF_COL_PARTNER_ID], "Partner Account ID");
    assert_int_equal(s.column_lines[PF_COL_PARTNER_ID], 3);
    assert_string_equal(s.column_headers[PF_COL_SIGNED_ON], "Contract Signed Date");
    assert_int_equal(s.column_lines[PF_COL_SIGNED_ON], 4);
    assert_string_equal(s.column_headers[PF_COL_DECISION], "D\xC3\xA9"
                                                           "cision comit\xC3\xA9");
    assert_null(s.column_headers[PF_COL_NAME]);
    assert_null(s.column_headers[PF_COL_LISTED_ON]);
    assert_int_equal(s.column_lines[PF_COL_LISTED_ON], 0);

    /* Go, OK comité, Closed/Won, Closed/Lost, Abandonné: the empty item is ignored */
    assert_int_equal(s.synonym_count, 5);
    assert_int_equal(s.synonyms[0].family, PF_ENUM_DECISION);
    assert_int_equal(s.synonyms[0].value, PF_DECISION_APPROVED);
    assert_string_equal(s.synonyms[0].folded, "go");
    assert_string_equal(s.synonyms[1].folded, "ok comite");
    assert_int_equal(s.synonyms[2].family, PF_ENUM_STATUS);
    assert_int_equal(s.synonyms[2].value, PF_DEAL_WON);
    assert_string_equal(s.synonyms[2].folded, "closed/won");
    assert_int_equal(s.synonyms[3].value, PF_DEAL_LOST);
    assert_string_equal(s.synonyms[3].folded, "closed/lost");
    assert_int_equal(s.synonyms[4].value, PF_DEAL_LOST);
    assert_string_equal(s.synonyms[4].folded, "abandonne");

    assert_int_equal(s.encoding, PF_ENCODING_CP1252);
    assert_int_equal(s.date_order, PF_DATE_ORDER_MDY);
    assert_int_equal(s.decimal, PF_DECIMAL_COMMA);
    assert_int_equal(s.as_of, field_date_from_ymd(2026, 10, 31));
    assert_int_equal(s.lang, PF_LANG_FR);
    assert_string_equal(s.currency, "CHF");
    assert_int_equal(s.window_months, 9);
    assert_int_equal(s.min_won_deals, 2);
    settings_clear(&s);
    assert_null(s.path);
    assert_int_equal(s.synonym_count, 0);
}

static void test_comments_only_file_keeps_defaults(void **state)
{
    (void)state;
    pf_settings s;
    pf_error_context err;
    assert_int_equal(load(FIXTURE("comments-only.ini"), &s, &err), PF_OK);
    assert_string_equal(s.path, FIXTURE("comments-only.ini"));
    assert_int_equal(s.synonym_count, 0);
    assert_int_equal(s.as_of, PF_DATE_NONE);
    assert_string_equal(s.currency, "EUR");
    assert_int_equal(s.window_months, 6);
    settings_clear(&s);
}

static void test_bom_crlf_indented_keys_and_colon(void **state)
{
    (void)state;
    pf_settings s;
    pf_error_context err;
    assert_int_equal(load(FIXTURE("crlf-bom.ini"), &s, &err), PF_OK);
    assert_int_equal(s.date_order, PF_DATE_ORDER_DMY); /* indented: a key, not a continuation */
    assert_int_equal(s.decimal, PF_DECIMAL_POINT);
    assert_int_equal(s.as_of, field_date_from_ymd(2026, 10, 31));
    settings_clear(&s);
}

static void test_as_of_follows_date_order_set_later_in_the_file(void **state)
{
    (void)state;
    pf_settings s;
    pf_error_context err;
    assert_int_equal(load(FIXTURE("as-of-mdy.ini"), &s, &err), PF_OK);
    assert_int_equal(s.as_of, field_date_from_ymd(2026, 10, 31));
    settings_clear(&s);
}

static void test_columns_shared_name_maps_every_file(void **state)
{
    (void)state;
    pf_settings s;
    pf_error_context err;
    assert_int_equal(load(FIXTURE("shared-columns.ini"), &s, &err), PF_OK);
    assert_string_equal(s.column_headers[PF_COL_PARTNER_ID], "Account ID");
    assert_string_equal(s.column_headers[PF_COL_DEAL_PARTNER_ID], "Account ID");
    assert_string_equal(s.column_headers[PF_COL_COST_PARTNER_ID], "Account ID");
    assert_int_equal(s.column_lines[PF_COL_COST_PARTNER_ID], 2);
    assert_string_equal(s.column_headers[PF_COL_CATEGORY], "Type");
    assert_string_equal(s.column_headers[PF_COL_COST_CATEGORY], "Type");
    assert_string_equal(s.column_headers[PF_COL_DEAL_AMOUNT], "Amount (EUR)");
    assert_string_equal(s.column_headers[PF_COL_COST_AMOUNT], "Amount (EUR)");
    assert_null(s.column_headers[PF_COL_RECRUITMENT_COST]);
    assert_string_equal(s.column_headers[PF_COL_COST_DATE], "Cost Date");
    assert_int_equal(s.column_lines[PF_COL_COST_DATE], 5);
    settings_clear(&s);
}

static void test_crm_preset_and_file_columns(void **state)
{
    (void)state;
    pf_settings s;
    pf_error_context err;
    assert_int_equal(load(FIXTURE("crm-preset.ini"), &s, &err), PF_OK);
    assert_int_equal(s.crm, PF_CRM_HUBSPOT);
    assert_string_equal(s.column_headers[PF_COL_PARTNER_ID], "Record ID");
    assert_true(s.column_file_only[PF_COL_PARTNER_ID]);
    assert_string_equal(s.column_headers[PF_COL_DEAL_PARTNER_ID], "Associated Company IDs");
    assert_true(s.column_file_only[PF_COL_DEAL_PARTNER_ID]);
    assert_null(s.column_headers[PF_COL_COST_PARTNER_ID]);
    settings_clear(&s);
    pf_crm crm = PF_CRM_NONE;
    assert_true(crm_preset_parse("Dynamics", &crm));
    assert_int_equal(crm, PF_CRM_DYNAMICS);
    assert_false(crm_preset_parse("zoho", &crm));
    assert_string_equal(crm_preset_header(PF_CRM_SALESFORCE, PF_COL_DEAL_ID), "Opportunity ID");
    assert_null(crm_preset_header(PF_CRM_DYNAMICS, PF_COL_DEAL_PARTNER_ID));
    assert_non_null(crm_preset_note(PF_CRM_DYNAMICS, PF_COL_DEAL_PARTNER_ID));
    assert_null(crm_preset_header(PF_CRM_NONE, PF_COL_PARTNER_ID));
}

static void test_second_file_overrides_and_adds(void **state)
{
    (void)state;
    pf_settings s;
    pf_error_context err;
    assert_int_equal(load(FIXTURE("full.ini"), &s, &err), PF_OK);
    assert_int_equal(settings_load(&s, FIXTURE("shared-columns.ini"), &err), PF_OK);
    assert_string_equal(s.path, FIXTURE("shared-columns.ini"));
    assert_string_equal(s.column_headers[PF_COL_PARTNER_ID], "Account ID");
    assert_string_equal(s.column_headers[PF_COL_SIGNED_ON], "Contract Signed Date"); /* kept */
    assert_string_equal(s.column_headers[PF_COL_CATEGORY], "Type");
    assert_int_equal(s.synonym_count, 5);
    assert_int_equal(s.lang, PF_LANG_FR);
    assert_int_equal(settings_load(&s, FIXTURE("crlf-bom.ini"), &err), PF_OK);
    assert_int_equal(s.date_order, PF_DATE_ORDER_DMY);
    assert_int_equal(s.decimal, PF_DECIMAL_POINT);
    assert_int_equal(s.encoding, PF_ENCODING_CP1252); /* not in the second file: kept */
    settings_clear(&s);
}

static void test_failed_load_leaves_settings_unchanged(void **state)
{
    (void)state;
    pf_settings s;
    pf_error_context err;
    assert_int_equal(load(FIXTURE("full.ini"), &s, &err), PF_OK);
    /* bad-date-order.ini maps partner_id and sets encoding before its bad line */
    assert_int_equal(settings_load(&s, FIXTURE("bad-date-order.ini"), &err), PF_ERROR_CONFIG);
    assert_string_equal(s.path, FIXTURE("full.ini"));
    assert_string_equal(s.column_headers[PF_COL_PARTNER_ID], "Partner Account ID");
    assert_int_equal(s.encoding, PF_ENCODING_CP1252);
    assert_int_equal(s.date_order, PF_DATE_ORDER_MDY);
    assert_int_equal(settings_load(&s, FIXTURE("values-conflict.ini"), &err), PF_ERROR_CONFIG);
    assert_int_equal(s.synonym_count, 5);
    settings_clear(&s);
}

static void test_values_repeated_key_adds_synonyms(void **state)
{
    (void)state;
    pf_settings s;
    pf_error_context err;
    assert_int_equal(load(FIXTURE("values-repeated.ini"), &s, &err), PF_OK);
    assert_int_equal(s.synonym_count, 2); /* "go" once */
    assert_string_equal(s.synonyms[0].folded, "go");
    assert_string_equal(s.synonyms[1].folded, "ok comite");
    settings_clear(&s);
}

/* 100,000 synonyms (a generated file): every one found, a conflict with the 99,999th still seen, a second
 * file's synonyms found beside the first's. The lookup is hashed: this file took 47 s with the earlier
 * linear search (quadratic load), 0.3 s now (a benchmark note, not asserted). */
static void test_many_synonyms_each_found(void **state)
{
    (void)state;
    char path[] = "/tmp/pf-test-settings-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("[values]\n", f);
    for (int i = 0; i < 50000; i++)
        fprintf(f, "status.won = won-%d, gagne-%d\n", i, i);
    fclose(f);
    pf_settings s;
    pf_error_context err;
    assert_int_equal(load(path, &s, &err), PF_OK);
    assert_int_equal(s.synonym_count, 100000);
    assert_int_equal(s.synonyms[99999].line, 50001);
    char text[32];
    for (int i = 0; i < 50000; i += 997) {
        snprintf(text, sizeof text, "GAGNE-%d", i);
        assert_int_equal(settings_match_enum(&s, PF_ENUM_STATUS, text, strlen(text)), PF_DEAL_WON);
        assert_int_equal(settings_match_enum(&s, PF_ENUM_DECISION, text, strlen(text)), -1);
    }
    assert_int_equal(settings_match_enum(&s, PF_ENUM_STATUS, "won-50000", 9), -1);

    f = fopen(path, "w");
    assert_non_null(f);
    fputs("[values]\nstatus.lost = perdu-1, won-49999\n", f);
    fclose(f);
    assert_int_equal(settings_load(&s, path, &err), PF_ERROR_CONFIG);
    assert_string_equal(err.message, "key 'status.lost' in [values]: 'won-49999' already means status won\n"
                                     ">>> status.lost = perdu-1, won-49999");
    assert_int_equal(s.synonym_count, 100000);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("[values]\nstatus.lost = perdu-1\n", f);
    fclose(f);
    assert_int_equal(settings_load(&s, path, &err), PF_OK);
    assert_int_equal(settings_match_enum(&s, PF_ENUM_STATUS, "Perdu-1", 7), PF_DEAL_LOST);
    assert_int_equal(settings_match_enum(&s, PF_ENUM_STATUS, "won-0", 5), PF_DEAL_WON);
    /* a text longer than the stack buffer is folded on the heap and still found */
    char long_text[400];
    memset(long_text, ' ', sizeof long_text);
    memcpy(long_text + 300, "WON-7", 5);
    assert_int_equal(settings_match_enum(&s, PF_ENUM_STATUS, long_text, 305), PF_DEAL_WON);
    settings_clear(&s);
    unlink(path);
}

/* ---- files that cannot be read ---- */

static void test_missing_file_is_no_input(void **state)
{
    (void)state;
    pf_settings s;
    pf_error_context err;
    assert_int_equal(load(FIXTURE("no-such-file.ini"), &s, &err), PF_ERROR_NO_INPUT);
    assert_string_equal(err.file, FIXTURE("no-such-file.ini"));
    assert_int_equal(err.line, 0);
    assert_string_equal(err.message, "cannot open: No such file or directory");
    assert_null(s.path);
    settings_clear(&s);
}

static void test_folder_is_no_input(void **state)
{
    (void)state;
    pf_settings s;
    pf_error_context err;
    assert_int_equal(load("fixtures/settings", &s, &err), PF_ERROR_NO_INPUT);
    assert_string_equal(err.message, "cannot open: Is a directory");
    settings_clear(&s);
}

static void test_error_context_may_be_null(void **state)
{
    (void)state;
    pf_settings s;
    settings_init(&s);
    assert_int_equal(settings_load(&s, FIXTURE("bad-lang.ini"), NULL), PF_ERROR_CONFIG);
    assert_int_equal(settings_load(&s, FIXTURE("no-such-file.ini"), NULL), PF_ERROR_NO_INPUT);
    assert_int_equal(settings_load(&s, FIXTURE("full.ini"), NULL), PF_OK);
    settings_clear(&s);
}

/* ---- syntax ---- */

static void test_syntax_line_without_equals(void **state)
{
    (void)state;
    assert_config_error(FIXTURE("syntax-no-equals.ini"), 2,
                        "line is neither a [section] nor a key = value\n>>> date_order dmy");
}

static void test_syntax_unclosed_section(void **state)
{
    (void)state;
    assert_config_error(FIXTURE("syntax-unclosed-section.ini"), 1,
                        "line is neither a [section] nor a key = value\n>>> [input");
}

static void test_first_error_wins_syntax_first(void **state)
{
    (void)state;
    assert_config_error(FIXTURE("syntax-before-bad-value.ini"), 2,
                        "line is neither a [section] nor a key = value\n>>> this is not a setting");
}

static void test_first_error_wins_bad_value_first(void **state)
{
    (void)state;
    assert_config_error(
        FIXTURE("bad-value-before-syntax.ini"), 2,
        "key 'date_order' in [input]: 'ymd' is not one of auto, dmy, mdy\n>>> date_order = ymd");
}

static void test_unknown_section(void **state)
{
    (void)state;
    assert_config_error(FIXTURE("unknown-section.ini"), 4,
                        "unknown section [output] " SECTIONS "\n>>> [output]");
}

static void test_key_before_any_section(void **state)
{
    (void)state;
    assert_config_error(FIXTURE("key-before-section.ini"), 2,
                        "key 'lang' is not in a section " SECTIONS "\n>>> lang = fr");
}

static void test_line_too_long(void **state)
{
    (void)state;
    char expected[512];
    char quoted[256];
    memcpy(quoted, "name = ", 7);
    memset(quoted + 7, 'x', 200 - 7);
    quoted[200] = '\0';
    snprintf(expected, sizeof expected, "line is longer than 199 bytes\n>>> %s...", quoted);
    assert_config_error(FIXTURE("long-line.ini"), 2, expected);
}

static void test_not_utf8(void **state)
{
    (void)state;
    assert_config_error(FIXTURE("not-utf8.ini"), 2,
                        "line is not valid UTF-8: save the settings file as UTF-8\n"
                        ">>> name = Soci\xEF\xBF\xBDt\xEF\xBF\xBD");
}

static void test_nul_byte(void **state)
{
    (void)state;
    assert_config_error(FIXTURE("nul-byte.ini"), 2,
                        "line holds a NUL byte: the settings file must be text\n>>> lang = en\xEF\xBF\xBD"
                        "fr");
}

/* ---- [input], [report], [active] ---- */

static void test_unknown_key(void **state)
{
    (void)state;
    assert_config_error(FIXTURE("unknown-key.ini"), 2,
                        "key 'language' in [report]: unknown key (the keys are as_of, lang, currency)\n"
                        ">>> language = fr");
}

static void test_duplicate_key(void **state)
{
    (void)state;
    assert_config_error(FIXTURE("duplicate-key.ini"), 6,
                        "key 'lang' in [report]: set twice (first on line 2); keep one\n>>> lang = fr");
}

static void test_bad_date_order(void **state)
{
    (void)state;
    assert_config_error(
        FIXTURE("bad-date-order.ini"), 7,
        "key 'date_order' in [input]: 'ymd' is not one of auto, dmy, mdy\n>>> date_order = ymd");
}

static void test_bad_encoding(void **state)
{
    (void)state;
    assert_config_error(FIXTURE("bad-encoding.ini"), 2,
                        "key 'encoding' in [input]: 'latin1' is not one of auto, utf-8, cp1252\n"
                        ">>> encoding = latin1");
}

static void test_empty_decimal(void **state)
{
    (void)state;
    assert_config_error(
        FIXTURE("bad-decimal.ini"), 2,
        "key 'decimal' in [input]: no value (expected one of auto, comma, point)\n>>> decimal =");
}

static void test_bad_lang_quotes_the_comment_too(void **state)
{
    (void)state;
    assert_config_error(FIXTURE("bad-lang.ini"), 2,
                        "key 'lang' in [report]: 'de' is not one of en, fr\n>>> lang = de ; German");
}

static void test_bad_currency(void **state)
{
    (void)state;
    assert_config_error(FIXTURE("bad-currency.ini"), 2,
                        "key 'currency' in [report]: 'euro' is not a 3-letter currency code such as EUR, USD, "
                        "GBP\n>>> currency = euro");
}

static void test_bad_as_of_day(void **state)
{
    (void)state;
    pf_date date;
    const char *why = NULL;
    assert_int_equal(field_parse_date("2026-02-30", 10, PF_DATE_ORDER_AUTO, &date, &why), PF_FIELD_INVALID);
    char expected[512];
    snprintf(expected, sizeof expected, "key 'as_of' in [report]: '2026-02-30': %s\n>>> as_of = 2026-02-30",
             why);
    assert_config_error(FIXTURE("bad-as-of.ini"), 3, expected);
}

static void test_as_of_before_1900(void **state)
{
    (void)state;
    assert_config_error(FIXTURE("as-of-before-1900.ini"), 3,
                        "key 'as_of' in [report]: '1899-12-31': before 1900, which Excel cannot show\n"
                        ">>> as_of = 1899-12-31");
}

static void test_bad_as_of_syntax(void **state)
{
    (void)state;
    pf_date date;
    const char *why = NULL;
    assert_int_equal(field_parse_date("31-10-2026", 10, PF_DATE_ORDER_AUTO, &date, &why), PF_FIELD_INVALID);
    char expected[512];
    snprintf(expected, sizeof expected, "key 'as_of' in [report]: '31-10-2026': %s\n>>> as_of = 31-10-2026",
             why);
    assert_config_error(FIXTURE("bad-as-of-syntax.ini"), 2, expected);
}

static void test_bad_window_months(void **state)
{
    (void)state;
    assert_config_error(FIXTURE("bad-window-months.ini"), 2,
                        "key 'window_months' in [active]: '0' is not a whole number from 1 to 120\n"
                        ">>> window_months = 0");
}

static void test_bad_min_won_deals(void **state)
{
    (void)state;
    assert_config_error(FIXTURE("bad-min-won-deals.ini"), 2,
                        "key 'min_won_deals' in [active]: 'one' is not a whole number from 1 to 1000\n"
                        ">>> min_won_deals = one");
}

/* ---- [plan] ---- */

static void test_plan_figures(void **state)
{
    (void)state;
    pf_settings s;
    pf_error_context err;
    assert_int_equal(load(FIXTURE("plan.ini"), &s, &err), PF_OK);
    assert_close(s.plan.rates[0], 0.35, 1e-15);
    assert_true(isnan(s.plan.rates[1]));
    assert_close(s.plan.rates[4], 0.9, 1e-15);
    assert_close(s.plan.rates[5], 0.5, 1e-15);
    assert_close(s.plan.delays[0], 12.5, 1e-15);
    assert_true(isnan(s.plan.delays[4]));
    assert_close(s.plan.recruitment_cost, 150, 1e-15);
    assert_close(s.plan.onboarding_cost, 2000.5, 1e-15);
    settings_clear(&s);
    settings_init(&s);
    assert_true(isnan(s.plan.rates[0]) && isnan(s.plan.recruitment_cost));
    settings_clear(&s);
}

static void test_bad_plan_values(void **state)
{
    (void)state;
    assert_config_error(FIXTURE("bad-plan-rate.ini"), 2,
                        "key 'applied_rate' in [plan]: '0' is not a rate above 0 and at most 1 (0.35 or 35%)\n"
                        ">>> applied_rate = 0");
    assert_config_error(FIXTURE("bad-plan-days.ini"), 2,
                        "key 'signed_days' in [plan]: 'soon' is not a number of days from 0 to 3650\n"
                        ">>> signed_days = soon");
    assert_config_error(
        FIXTURE("bad-plan-key.ini"), 2,
        "key 'conversion' in [plan]: unknown key (the keys are approached_rate, applied_rate, "
        "reviewed_rate, approved_rate, signed_rate, active_rate, approached_days, applied_days, "
        "reviewed_days, approved_days, signed_days, recruitment_cost, onboarding_cost)\n"
        ">>> conversion = 0.5");
}

/* ---- [columns] ---- */

static void test_unknown_column(void **state)
{
    (void)state;
    assert_config_error(
        FIXTURE("unknown-column.ini"), 2,
        "key 'signed' in [columns]: no such column (the columns are partner_id, name, "
        "company_id, category, market, source, recruiter, listed_on, approached_on, applied_on, "
        "committee_on, decision, signed_on, kickoff_on, business_plan_on, tech_autonomy_on, "
        "sales_autonomy_on, ended_on, recruitment_cost, onboarding_cost, deal_id, status, "
        "closed_on, amount, date)\n>>> signed = Contract Signed Date");
}

static void test_empty_column_header(void **state)
{
    (void)state;
    assert_config_error(FIXTURE("empty-column-header.ini"), 2,
                        "key 'signed_on' in [columns]: no header given (expected the column's header in the "
                        "file)\n>>> signed_on =");
}

static void test_duplicate_column(void **state)
{
    (void)state;
    assert_config_error(FIXTURE("duplicate-column.ini"), 3,
                        "key 'signed_on' in [columns]: mapped twice (first on line 2); keep one\n"
                        ">>> SIGNED_ON = Signature");
}

/* ---- [values] ---- */

static void test_values_key_without_family(void **state)
{
    (void)state;
    assert_config_error(FIXTURE("values-no-family.ini"), 2,
                        "key 'approved' in [values]: expected family.value, such as decision.approved or "
                        "status.won\n>>> approved = Go");
}

static void test_values_unknown_family(void **state)
{
    (void)state;
    assert_config_error(FIXTURE("values-unknown-family.ini"), 2,
                        "key 'stage.won' in [values]: unknown family 'stage' (the families are decision, "
                        "status)\n>>> stage.won = Signed");
}

static void test_values_unknown_value(void **state)
{
    (void)state;
    assert_config_error(
        FIXTURE("values-unknown-value.ini"), 2,
        "key 'status.closed' in [values]: 'closed' is not a status value (expected open, won or "
        "lost)\n>>> status.closed = Done");
}

static void test_values_synonym_of_another_value(void **state)
{
    (void)state;
    assert_config_error(FIXTURE("values-conflict.ini"), 2,
                        "key 'status.won' in [values]: 'Perdu' already means status lost\n"
                        ">>> status.won = Closed/Won, Perdu");
    assert_config_error(FIXTURE("values-conflict-between-keys.ini"), 3,
                        "key 'status.lost' in [values]: 'DONE' already means status won\n"
                        ">>> status.lost = DONE");
}

/* ---- enum matching ---- */

#define MATCH(s, family, lit) settings_match_enum((s), (family), (lit), strlen(lit))

static void test_match_enum_defaults(void **state)
{
    (void)state;
    pf_settings s;
    settings_init(&s);
    assert_int_equal(MATCH(&s, PF_ENUM_DECISION, "  Accept\xC3\xA9 "), PF_DECISION_APPROVED);
    assert_int_equal(MATCH(&s, PF_ENUM_DECISION, "APPROUV\xC3\x89"), PF_DECISION_APPROVED);
    assert_int_equal(MATCH(&s, PF_ENUM_DECISION, "Declined"), PF_DECISION_REJECTED);
    assert_int_equal(MATCH(&s, PF_ENUM_DECISION, "En  attente"), PF_DECISION_PENDING);
    assert_int_equal(MATCH(&s, PF_ENUM_DECISION, ""), PF_DECISION_PENDING);
    assert_int_equal(MATCH(&s, PF_ENUM_DECISION, " \xC2\xA0"), PF_DECISION_PENDING);
    assert_int_equal(MATCH(&s, PF_ENUM_STATUS,
                           "Gagn\xC3\xA9"
                           "e"),
                     PF_DEAL_WON);
    assert_int_equal(MATCH(&s, PF_ENUM_STATUS, "closed  won"), PF_DEAL_WON);
    assert_int_equal(MATCH(&s, PF_ENUM_STATUS, "CLOSED LOST"), PF_DEAL_LOST);
    assert_int_equal(MATCH(&s, PF_ENUM_STATUS, "En cours"), PF_DEAL_OPEN);
    assert_int_equal(MATCH(&s, PF_ENUM_STATUS, ""), -1); /* empty is pending only for decisions */
    assert_int_equal(MATCH(&s, PF_ENUM_STATUS, "Closed/Won"), -1);
    assert_int_equal(MATCH(&s, PF_ENUM_DECISION, "won"), -1);
    assert_int_equal(MATCH(NULL, PF_ENUM_STATUS, "Won"), PF_DEAL_WON);
    assert_int_equal(MATCH(&s, PF_ENUM_FAMILY_COUNT, "won"), -1);
    settings_clear(&s);
}

static void test_match_enum_settings_synonyms(void **state)
{
    (void)state;
    pf_settings s;
    pf_error_context err;
    assert_int_equal(load(FIXTURE("full.ini"), &s, &err), PF_OK);
    assert_int_equal(MATCH(&s, PF_ENUM_DECISION, "  ok   COMIT\xC3\x89 "), PF_DECISION_APPROVED);
    assert_int_equal(MATCH(&s, PF_ENUM_DECISION, "GO"), PF_DECISION_APPROVED);
    assert_int_equal(MATCH(&s, PF_ENUM_STATUS, "closed/won"), PF_DEAL_WON);
    assert_int_equal(MATCH(&s, PF_ENUM_STATUS, "Abandonn\xC3\xA9"), PF_DEAL_LOST);
    assert_int_equal(MATCH(&s, PF_ENUM_STATUS, "go"), -1);           /* a decision synonym, not a status one */
    assert_int_equal(MATCH(&s, PF_ENUM_STATUS, "won"), PF_DEAL_WON); /* defaults still there */
    settings_clear(&s);
}

static void test_match_enum_long_text(void **state)
{
    (void)state;
    pf_settings s;
    pf_error_context err;
    assert_int_equal(load(FIXTURE("full.ini"), &s, &err), PF_OK);
    char text[600];
    memset(text, ' ', sizeof text);
    memcpy(text + 10, "Closed", 6);
    memcpy(text + 400, "WON", 3);
    assert_int_equal(settings_match_enum(&s, PF_ENUM_STATUS, text, sizeof text), PF_DEAL_WON);
    memcpy(text + 400, "/ab", 3);
    memcpy(text + 10, "Abandonn\xC3\xA9", 10);
    assert_int_equal(settings_match_enum(&s, PF_ENUM_STATUS, text, sizeof text), -1);
    memset(text + 400, ' ', 3);
    assert_int_equal(settings_match_enum(&s, PF_ENUM_STATUS, text, sizeof text), PF_DEAL_LOST);
    settings_clear(&s);
}

/* ---- decimal mark ---- */

/* The CRMs' own deal statuses need no [values] line; case and accents are folded. */
static void test_crm_status_words_are_built_in(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int status;
    } cases[] = {
        {"Closed Won", PF_DEAL_WON},
        {"closedwon", PF_DEAL_WON},
        {"Closed won", PF_DEAL_WON},
        {"WON", PF_DEAL_WON},
        {"Gagnée", PF_DEAL_WON},
        {"Fermée/Gagnée", PF_DEAL_WON},
        {"Closed Lost", PF_DEAL_LOST},
        {"closedlost", PF_DEAL_LOST},
        {"Perdue", PF_DEAL_LOST},
        {"Out-Sold", PF_DEAL_LOST},
        {"Negotiation/Review", PF_DEAL_OPEN},
        {"appointmentscheduled", PF_DEAL_OPEN},
        {"In Progress", PF_DEAL_OPEN},
        {"Canceled", -1},
        {"On Hold", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = MATCH(NULL, PF_ENUM_STATUS, cases[i].text);
        if (got != cases[i].status)
            print_error("'%s': %d, expected %d\n", cases[i].text, got, cases[i].status);
        assert_int_equal(got, cases[i].status);
    }
}

static void test_decimal_mark_rule(void **state)
{
    (void)state;
    pf_settings s;
    settings_init(&s);
    assert_int_equal(settings_decimal_mark(&s, ';'), ',');
    assert_int_equal(settings_decimal_mark(&s, ','), '.');
    assert_int_equal(settings_decimal_mark(&s, '\t'), '.');
    assert_int_equal(settings_decimal_mark(NULL, ';'), ',');
    s.decimal = PF_DECIMAL_COMMA;
    assert_int_equal(settings_decimal_mark(&s, ','), ',');
    assert_int_equal(settings_decimal_mark(&s, '\t'), ',');
    s.decimal = PF_DECIMAL_POINT;
    assert_int_equal(settings_decimal_mark(&s, ';'), '.');
    settings_clear(&s);
}

/* [score]: text settings kept as written; an empty link means none; the default link is the public
 * company directory's page. */
static void test_score_section(void **state)
{
    (void)state;
    pf_settings s;
    pf_error_context err;
    settings_init(&s);
    assert_string_equal(s.score_link, "https://annuaire-entreprises.data.gouv.fr/entreprise/{siren}");
    assert_string_equal(s.score_show, "");
    settings_clear(&s);
    assert_int_equal(load(FIXTURE("score.ini"), &s, &err), PF_OK);
    assert_string_equal(s.score_show, "siret, enseigne1Etablissement, libelleCommuneEtablissement");
    assert_string_equal(s.units_key, "SIREN");
    assert_string_equal(s.units_show, "categorieJuridiqueUniteLegale");
    assert_string_equal(s.score_link, "");
    settings_clear(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_full_file_sets_every_section),
        cmocka_unit_test(test_comments_only_file_keeps_defaults),
        cmocka_unit_test(test_bom_crlf_indented_keys_and_colon),
        cmocka_unit_test(test_as_of_follows_date_order_set_later_in_the_file),
        cmocka_unit_test(test_columns_shared_name_maps_every_file),
        cmocka_unit_test(test_second_file_overrides_and_adds),
        cmocka_unit_test(test_failed_load_leaves_settings_unchanged),
        cmocka_unit_test(test_values_repeated_key_adds_synonyms),
        cmocka_unit_test(test_many_synonyms_each_found),
        cmocka_unit_test(test_missing_file_is_no_input),
        cmocka_unit_test(test_folder_is_no_input),
        cmocka_unit_test(test_error_context_may_be_null),
        cmocka_unit_test(test_syntax_line_without_equals),
        cmocka_unit_test(test_syntax_unclosed_section),
        cmocka_unit_test(test_first_error_wins_syntax_first),
        cmocka_unit_test(test_first_error_wins_bad_value_first),
        cmocka_unit_test(test_unknown_section),
        cmocka_unit_test(test_key_before_any_section),
        cmocka_unit_test(test_line_too_long),
        cmocka_unit_test(test_not_utf8),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_duplicate_key),
        cmocka_unit_test(test_bad_date_order),
        cmocka_unit_test(test_bad_encoding),
        cmocka_unit_test(test_empty_decimal),
        cmocka_unit_test(test_bad_lang_quotes_the_comment_too),
        cmocka_unit_test(test_bad_currency),
        cmocka_unit_test(test_bad_as_of_day),
        cmocka_unit_test(test_as_of_before_1900),
        cmocka_unit_test(test_bad_as_of_syntax),
        cmocka_unit_test(test_bad_window_months),
        cmocka_unit_test(test_bad_min_won_deals),
        cmocka_unit_test(test_unknown_column),
        cmocka_unit_test(test_empty_column_header),
        cmocka_unit_test(test_duplicate_column),
        cmocka_unit_test(test_values_key_without_family),
        cmocka_unit_test(test_values_unknown_family),
        cmocka_unit_test(test_values_unknown_value),
        cmocka_unit_test(test_values_synonym_of_another_value),
        cmocka_unit_test(test_match_enum_defaults),
        cmocka_unit_test(test_match_enum_settings_synonyms),
        cmocka_unit_test(test_match_enum_long_text),
        cmocka_unit_test(test_decimal_mark_rule),
        cmocka_unit_test(test_crm_status_words_are_built_in),
        cmocka_unit_test(test_plan_figures),
        cmocka_unit_test(test_crm_preset_and_file_columns),
        cmocka_unit_test(test_bad_plan_values),
        cmocka_unit_test(test_score_section),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
