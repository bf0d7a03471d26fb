/* test_field.c — docs/definitions.md "Field syntax": dates, money and counts, case by case. */
#include "testutil.h"

#include "partnerfunnel/field.h"

#include <limits.h>
#include <string.h>

#define NBSP "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"
#define RIGHT_QUOTE "\xE2\x80\x99"
#define MINUS_SIGN "\xE2\x88\x92"
#define EURO "\xE2\x82\xAC"
#define POUND "\xC2\xA3"

/* ---- helpers: each returns false after printing what went wrong, so a failure names the input ---- */

static bool date_is(const char *text, pf_date_order order, int year, int month, int day)
{
    pf_date date = 0;
    const char *why = NULL;
    pf_field_status status = field_parse_date(text, strlen(text), order, &date, &why);
    if (status != PF_FIELD_OK) {
        print_error("'%s': status %d (%s), expected %04d-%02d-%02d\n", text, (int)status, why ? why : "-", year,
                    month, day);
        return false;
    }
    if (date != field_date_from_ymd(year, month, day)) {
        char iso[11];
        field_date_format_iso(date, iso);
        print_error("'%s': got %s, expected %04d-%02d-%02d\n", text, iso, year, month, day);
        return false;
    }
    return true;
}

static bool date_rejected(const char *text, pf_date_order order, const char *expected_why)
{
    pf_date date = 0;
    const char *why = NULL;
    pf_field_status status = field_parse_date(text, strlen(text), order, &date, &why);
    if (status != PF_FIELD_INVALID) {
        print_error("'%s': status %d, expected INVALID (%s)\n", text, (int)status, expected_why);
        return false;
    }
    if (!why || strcmp(why, expected_why) != 0) {
        print_error("'%s': why '%s', expected '%s'\n", text, why ? why : "(null)", expected_why);
        return false;
    }
    if (date != PF_DATE_NONE) {
        print_error("'%s': out is not PF_DATE_NONE after a failure\n", text);
        return false;
    }
    return true;
}

static bool money_is(const char *text, char mark, double expected)
{
    double value = -1;
    const char *why = NULL;
    pf_field_status status = field_parse_money(text, strlen(text), mark, &value, &why);
    if (status != PF_FIELD_OK) {
        print_error("'%s' (mark '%c'): status %d (%s), expected %.17g\n", text, mark, (int)status,
                    why ? why : "-", expected);
        return false;
    }
    if (value != expected) {
        print_error("'%s' (mark '%c'): got %.17g, expected %.17g\n", text, mark, value, expected);
        return false;
    }
    return true;
}

static bool money_rejected(const char *text, char mark, const char *expected_why)
{
    double value = -1;
    const char *why = NULL;
    pf_field_status status = field_parse_money(text, strlen(text), mark, &value, &why);
    if (status != PF_FIELD_INVALID) {
        print_error("'%s' (mark '%c'): status %d (value %.17g), expected INVALID (%s)\n", text, mark,
                    (int)status, value, expected_why);
        return false;
    }
    if (!why || strcmp(why, expected_why) != 0) {
        print_error("'%s' (mark '%c'): why '%s', expected '%s'\n", text, mark, why ? why : "(null)",
                    expected_why);
        return false;
    }
    if (value != -1) {
        print_error("'%s': out was written on failure\n", text);
        return false;
    }
    return true;
}

static bool count_is(const char *text, long expected)
{
    long value = -1;
    const char *why = NULL;
    pf_field_status status = field_parse_count(text, strlen(text), &value, &why);
    if (status != PF_FIELD_OK || value != expected) {
        print_error("'%s': status %d (%s), value %ld, expected %ld\n", text, (int)status, why ? why : "-",
                    value, expected);
        return false;
    }
    return true;
}

static bool count_rejected(const char *text, const char *expected_why)
{
    long value = -1;
    const char *why = NULL;
    pf_field_status status = field_parse_count(text, strlen(text), &value, &why);
    if (status != PF_FIELD_INVALID || !why || strcmp(why, expected_why) != 0) {
        print_error("'%s': status %d why '%s', expected INVALID '%s'\n", text, (int)status,
                    why ? why : "(null)", expected_why);
        return false;
    }
    return true;
}

static pf_date ymd(int year, int month, int day)
{
    return field_date_from_ymd(year, month, day);
}

static bool add_months_is(int year, int month, int day, int months, int e_year, int e_month, int e_day)
{
    pf_date got = field_date_add_months(ymd(year, month, day), months);
    if (got != ymd(e_year, e_month, e_day)) {
        char iso[11];
        field_date_format_iso(got, iso);
        print_error("%04d-%02d-%02d %+d months: got %s, expected %04d-%02d-%02d\n", year, month, day, months,
                    iso, e_year, e_month, e_day);
        return false;
    }
    return true;
}

#define WHY_NOT_A_DATE "not a date (expected YYYY-MM-DD or DD/MM/YYYY)"
#define WHY_BAD_TIME "bad time of day (expected HH:MM or HH:MM:SS)"
#define WHY_BAD_ZONE "bad time zone (expected Z, +HH:MM or -HH:MM)"
#define WHY_NO_SUCH_DAY "day does not exist in that month"
#define WHY_NOT_LEAP "29 February exists only in leap years"
#define WHY_MONTH "month must be 1-12"
#define WHY_COMMA_NOT_MARK "',' is not the decimal mark of this file (expected '.')"
#define WHY_POINT_NOT_MARK "'.' is not the decimal mark of this file (expected ',')"
#define WHY_MISPLACED "misplaced thousands separator"
#define WHY_NEGATIVE "negative amount"

/* ---- civil dates ---- */

static void test_days_in_month_common_year(void **state)
{
    (void)state;
    static const int expected[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int month = 1; month <= 12; month++)
        assert_int_equal(field_days_in_month(2023, month), expected[month - 1]);
}

static void test_days_in_month_leap_years_by_gregorian_rule(void **state)
{
    (void)state;
    assert_int_equal(field_days_in_month(2024, 2), 29);
    assert_int_equal(field_days_in_month(2000, 2), 29);
    assert_int_equal(field_days_in_month(1600, 2), 29);
    assert_int_equal(field_days_in_month(1900, 2), 28);
    assert_int_equal(field_days_in_month(2100, 2), 28);
    assert_int_equal(field_days_in_month(2023, 2), 28);
    assert_int_equal(field_days_in_month(2024, 1), 31);
}

static void test_days_in_month_out_of_range_is_zero(void **state)
{
    (void)state;
    assert_int_equal(field_days_in_month(2024, 0), 0);
    assert_int_equal(field_days_in_month(2024, 13), 0);
}

static void test_date_day_numbers_count_from_1970(void **state)
{
    (void)state;
    assert_int_equal(ymd(1970, 1, 1), 0);
    assert_int_equal(ymd(1970, 1, 2), 1);
    assert_int_equal(ymd(1969, 12, 31), -1);
    assert_int_equal(ymd(2000, 3, 1), 11017);
    assert_int_equal(ymd(2024, 2, 29), 19782);
    assert_int_equal(ymd(1900, 1, 1), -25567);
    assert_int_equal(ymd(1000, 1, 1), -354285);
}

static void test_date_round_trip_every_day_1900_to_2100(void **state)
{
    (void)state;
    pf_date expected = ymd(1900, 1, 1);
    for (int year = 1900; year <= 2100; year++) {
        for (int month = 1; month <= 12; month++) {
            for (int day = 1; day <= field_days_in_month(year, month); day++) {
                pf_date date = field_date_from_ymd(year, month, day);
                assert_int_equal(date, expected); /* consecutive days, no gap, no overlap */
                int y = 0, m = 0, d = 0;
                field_date_to_ymd(date, &y, &m, &d);
                assert_int_equal(y, year);
                assert_int_equal(m, month);
                assert_int_equal(d, day);
                expected++;
            }
        }
    }
    assert_int_equal(expected, ymd(2101, 1, 1));
}

static void test_date_round_trip_four_digit_years(void **state)
{
    (void)state;
    for (pf_date date = ymd(1000, 1, 1); date <= ymd(9999, 12, 31); date += 7) {
        int y, m, d;
        field_date_to_ymd(date, &y, &m, &d);
        assert_int_equal(field_date_from_ymd(y, m, d), date);
    }
}

static void test_date_format_iso(void **state)
{
    (void)state;
    char iso[11];
    memset(iso, 'x', sizeof iso);
    field_date_format_iso(ymd(2024, 2, 29), iso);
    assert_string_equal(iso, "2024-02-29");
    field_date_format_iso(0, iso);
    assert_string_equal(iso, "1970-01-01");
    field_date_format_iso(ymd(1000, 1, 1), iso);
    assert_string_equal(iso, "1000-01-01");
    field_date_format_iso(ymd(9999, 12, 31), iso);
    assert_string_equal(iso, "9999-12-31");
    field_date_format_iso(ymd(1969, 12, 31), iso);
    assert_string_equal(iso, "1969-12-31");
}

static void test_add_months_clamps_to_month_end(void **state)
{
    (void)state;
    assert_true(add_months_is(2024, 8, 31, 6, 2025, 2, 28));
    assert_true(add_months_is(2023, 8, 31, 6, 2024, 2, 29));
    assert_true(add_months_is(2024, 1, 31, 1, 2024, 2, 29));
    assert_true(add_months_is(2023, 1, 31, 1, 2023, 2, 28));
    assert_true(add_months_is(2024, 3, 31, 1, 2024, 4, 30));
    assert_true(add_months_is(2024, 3, 31, -1, 2024, 2, 29));
    assert_true(add_months_is(2024, 2, 29, 12, 2025, 2, 28));
    assert_true(add_months_is(2024, 2, 29, 48, 2028, 2, 29));
}

static void test_add_months_crosses_years(void **state)
{
    (void)state;
    assert_true(add_months_is(2024, 12, 15, 1, 2025, 1, 15));
    assert_true(add_months_is(2024, 1, 15, -1, 2023, 12, 15));
    assert_true(add_months_is(2024, 5, 10, 0, 2024, 5, 10));
    assert_true(add_months_is(2024, 5, 10, 24, 2026, 5, 10));
    assert_true(add_months_is(2024, 1, 31, -13, 2022, 12, 31));
    assert_true(add_months_is(1970, 1, 1, -1, 1969, 12, 1));
    assert_true(add_months_is(2024, 7, 1, 6, 2025, 1, 1));
}

/* ---- dates: accepted forms ---- */

static void test_date_accepts_iso(void **state)
{
    (void)state;
    assert_true(date_is("2024-03-15", PF_DATE_ORDER_AUTO, 2024, 3, 15));
    assert_true(date_is("1999-12-31", PF_DATE_ORDER_DMY, 1999, 12, 31));
    assert_true(date_is("2024-01-02", PF_DATE_ORDER_MDY, 2024, 1, 2)); /* order does not apply to ISO */
    assert_true(date_is("1000-01-01", PF_DATE_ORDER_AUTO, 1000, 1, 1));
    assert_true(date_is("9999-12-31", PF_DATE_ORDER_AUTO, 9999, 12, 31));
}

static void test_date_accepts_iso_with_t_time(void **state)
{
    (void)state;
    assert_true(date_is("2024-03-15T10:30", PF_DATE_ORDER_AUTO, 2024, 3, 15));
    assert_true(date_is("2024-03-15T10:30:59", PF_DATE_ORDER_AUTO, 2024, 3, 15));
    assert_true(date_is("2024-03-15T00:00:00", PF_DATE_ORDER_AUTO, 2024, 3, 15));
    assert_true(date_is("2024-03-15T23:59:59", PF_DATE_ORDER_AUTO, 2024, 3, 15));
}

static void test_date_accepts_iso_time_zones(void **state)
{
    (void)state;
    /* The time part is dropped: the calendar date written is the date kept, whatever the offset. */
    assert_true(date_is("2024-03-15T10:30:00Z", PF_DATE_ORDER_AUTO, 2024, 3, 15));
    assert_true(date_is("2024-03-15T10:30Z", PF_DATE_ORDER_AUTO, 2024, 3, 15));
    assert_true(date_is("2024-03-15T23:30:00+02:00", PF_DATE_ORDER_AUTO, 2024, 3, 15));
    assert_true(date_is("2024-03-15T01:30:00-05:30", PF_DATE_ORDER_AUTO, 2024, 3, 15));
    /* the calendar date in UTC: 10:30 at +14:00 is 20:30 the day before */
    assert_true(date_is("2024-03-15T10:30+14:00", PF_DATE_ORDER_AUTO, 2024, 3, 14));
    assert_true(date_is("2024-03-15T10:30:00+0000", PF_DATE_ORDER_AUTO, 2024, 3, 15));
}

static void test_date_accepts_iso_fractional_seconds(void **state)
{
    (void)state;
    /* CRM exports (Salesforce: 2024-03-15T10:30:00.000+0000) write milliseconds. */
    assert_true(date_is("2024-03-15T10:30:00.000Z", PF_DATE_ORDER_AUTO, 2024, 3, 15));
    assert_true(date_is("2024-03-15T10:30:00.000+0000", PF_DATE_ORDER_AUTO, 2024, 3, 15));
    assert_true(date_is("2024-03-15 10:30:00.123456", PF_DATE_ORDER_AUTO, 2024, 3, 15));
}

static void test_date_accepts_iso_with_blank_time(void **state)
{
    (void)state;
    assert_true(date_is("2024-03-15 10:30", PF_DATE_ORDER_AUTO, 2024, 3, 15));
    assert_true(date_is("2024-03-15 10:30:15", PF_DATE_ORDER_AUTO, 2024, 3, 15));
    assert_true(date_is("2024-03-15 10:30:15+01:00", PF_DATE_ORDER_AUTO, 2024, 3, 15));
}

static void test_date_accepts_slash_day_first(void **state)
{
    (void)state;
    assert_true(date_is("15/03/2024", PF_DATE_ORDER_AUTO, 2024, 3, 15));
    assert_true(date_is("15/03/2024", PF_DATE_ORDER_DMY, 2024, 3, 15));
    assert_true(date_is("03/04/2024", PF_DATE_ORDER_AUTO, 2024, 4, 3));
    assert_true(date_is("31/12/1999", PF_DATE_ORDER_AUTO, 1999, 12, 31));
}

static void test_date_accepts_slash_month_first_with_mdy(void **state)
{
    (void)state;
    assert_true(date_is("03/15/2024", PF_DATE_ORDER_MDY, 2024, 3, 15));
    assert_true(date_is("03/04/2024", PF_DATE_ORDER_MDY, 2024, 3, 4));
    assert_true(date_is("12/31/1999 23:59", PF_DATE_ORDER_MDY, 1999, 12, 31));
}

static void test_date_accepts_slash_with_time(void **state)
{
    (void)state;
    assert_true(date_is("15/03/2024 10:30", PF_DATE_ORDER_AUTO, 2024, 3, 15));
    assert_true(date_is("15/03/2024 10:30:45", PF_DATE_ORDER_AUTO, 2024, 3, 15));
    assert_true(date_is("15/03/2024 9:05", PF_DATE_ORDER_AUTO, 2024, 3, 15));
    assert_true(date_is("1/2/2024 0:00:00", PF_DATE_ORDER_AUTO, 2024, 2, 1));
}

static void test_date_accepts_dot(void **state)
{
    (void)state;
    assert_true(date_is("15.03.2024", PF_DATE_ORDER_AUTO, 2024, 3, 15));
    assert_true(date_is("03.04.2024", PF_DATE_ORDER_MDY, 2024, 4, 3)); /* dots are always day-first */
    assert_true(date_is("15.03.2024 10:30", PF_DATE_ORDER_AUTO, 2024, 3, 15));
}

static void test_date_accepts_single_digit_day_and_month(void **state)
{
    (void)state;
    assert_true(date_is("1/2/2024", PF_DATE_ORDER_AUTO, 2024, 2, 1));
    assert_true(date_is("1/2/2024", PF_DATE_ORDER_MDY, 2024, 1, 2));
    assert_true(date_is("5/11/2024", PF_DATE_ORDER_DMY, 2024, 11, 5));
    assert_true(date_is("11/5/2024", PF_DATE_ORDER_DMY, 2024, 5, 11));
    assert_true(date_is("1.2.2024", PF_DATE_ORDER_AUTO, 2024, 2, 1));
}

static void test_date_trims_surrounding_blanks(void **state)
{
    (void)state;
    assert_true(date_is("  2024-03-15  ", PF_DATE_ORDER_AUTO, 2024, 3, 15));
    assert_true(date_is("\t15/03/2024\t", PF_DATE_ORDER_AUTO, 2024, 3, 15));
    assert_true(date_is(NBSP "15.03.2024" NBSP, PF_DATE_ORDER_AUTO, 2024, 3, 15));
    assert_true(date_is(NNBSP " 2024-03-15T10:00Z " NNBSP, PF_DATE_ORDER_AUTO, 2024, 3, 15));
}

static void test_date_reads_only_len_bytes(void **state)
{
    (void)state;
    const char text[] = "2024-03-15T99:99 trailing garbage";
    pf_date date;
    const char *why = NULL;
    assert_int_equal(field_parse_date(text, 10, PF_DATE_ORDER_AUTO, &date, &why), PF_FIELD_OK);
    assert_int_equal(date, ymd(2024, 3, 15));
    char exact[10];
    memcpy(exact, "15/03/2024", 10); /* no NUL anywhere */
    assert_int_equal(field_parse_date(exact, sizeof exact, PF_DATE_ORDER_AUTO, &date, &why), PF_FIELD_OK);
    assert_int_equal(date, ymd(2024, 3, 15));
}

static void test_date_empty_and_blank_are_empty(void **state)
{
    (void)state;
    const char *blanks[] = {"", " ", "\t", "   ", NBSP, NNBSP, " " NBSP "\t" NNBSP " "};
    for (size_t i = 0; i < sizeof blanks / sizeof blanks[0]; i++) {
        pf_date date = 42;
        const char *why = "untouched";
        assert_int_equal(field_parse_date(blanks[i], strlen(blanks[i]), PF_DATE_ORDER_AUTO, &date, &why),
                         PF_FIELD_EMPTY);
        assert_int_equal(date, PF_DATE_NONE);
        pf_date_parts parts;
        assert_int_equal(field_scan_date(blanks[i], strlen(blanks[i]), &parts, &why), PF_FIELD_EMPTY);
    }
    pf_date date = 42;
    const char *why = NULL;
    assert_int_equal(field_parse_date(NULL, 0, PF_DATE_ORDER_AUTO, &date, &why), PF_FIELD_EMPTY);
}

/* ---- dates: impossible dates ---- */

static void test_date_rejects_february_30(void **state)
{
    (void)state;
    assert_true(date_rejected("2024-02-30", PF_DATE_ORDER_AUTO, WHY_NO_SUCH_DAY));
    assert_true(date_rejected("30/02/2024", PF_DATE_ORDER_AUTO, WHY_NO_SUCH_DAY));
    assert_true(date_rejected("02/30/2024", PF_DATE_ORDER_MDY, WHY_NO_SUCH_DAY));
    assert_true(date_rejected("31.02.2024", PF_DATE_ORDER_AUTO, WHY_NO_SUCH_DAY));
}

static void test_date_rejects_day_31_of_30_day_months(void **state)
{
    (void)state;
    assert_true(date_rejected("2024-04-31", PF_DATE_ORDER_AUTO, WHY_NO_SUCH_DAY));
    assert_true(date_rejected("31/06/2024", PF_DATE_ORDER_AUTO, WHY_NO_SUCH_DAY));
    assert_true(date_rejected("31.09.2024", PF_DATE_ORDER_AUTO, WHY_NO_SUCH_DAY));
    assert_true(date_rejected("11/31/2024", PF_DATE_ORDER_MDY, WHY_NO_SUCH_DAY));
    assert_true(date_is("2024-05-31", PF_DATE_ORDER_AUTO, 2024, 5, 31));
}

static void test_date_rejects_month_13(void **state)
{
    (void)state;
    assert_true(date_rejected("31/13/2024", PF_DATE_ORDER_AUTO, WHY_MONTH));
    assert_true(date_rejected("2024-13-01", PF_DATE_ORDER_AUTO, WHY_MONTH));
    assert_true(date_rejected("01.13.2024", PF_DATE_ORDER_AUTO, WHY_MONTH));
    assert_true(date_rejected("13/01/2024", PF_DATE_ORDER_MDY, WHY_MONTH));
}

static void test_date_rejects_zero_day_and_month(void **state)
{
    (void)state;
    assert_true(date_rejected("2024-00-10", PF_DATE_ORDER_AUTO, WHY_MONTH));
    assert_true(date_rejected("2024-01-00", PF_DATE_ORDER_AUTO, "day must be 1-31"));
    assert_true(date_rejected("0/1/2024", PF_DATE_ORDER_AUTO, "day must be 1-31"));
    assert_true(date_rejected("1/0/2024", PF_DATE_ORDER_AUTO, WHY_MONTH));
    assert_true(date_rejected("32/01/2024", PF_DATE_ORDER_AUTO, "day must be 1-31"));
    assert_true(date_rejected("2024-01-32", PF_DATE_ORDER_AUTO, "day must be 1-31"));
}

static void test_date_accepts_leap_day_2024(void **state)
{
    (void)state;
    assert_true(date_is("2024-02-29", PF_DATE_ORDER_AUTO, 2024, 2, 29));
    assert_true(date_is("29/02/2024", PF_DATE_ORDER_AUTO, 2024, 2, 29));
    assert_true(date_is("02/29/2024", PF_DATE_ORDER_MDY, 2024, 2, 29));
    assert_true(date_is("29.2.2024", PF_DATE_ORDER_AUTO, 2024, 2, 29));
}

static void test_date_rejects_leap_day_2023(void **state)
{
    (void)state;
    assert_true(date_rejected("2023-02-29", PF_DATE_ORDER_AUTO, WHY_NOT_LEAP));
    assert_true(date_rejected("29/02/2023", PF_DATE_ORDER_AUTO, WHY_NOT_LEAP));
    assert_true(date_rejected("29.02.2023", PF_DATE_ORDER_AUTO, WHY_NOT_LEAP));
}

static void test_date_1900_not_leap(void **state)
{
    (void)state;
    assert_true(date_rejected("1900-02-29", PF_DATE_ORDER_AUTO, WHY_NOT_LEAP));
    assert_true(date_rejected("29/02/2100", PF_DATE_ORDER_AUTO, WHY_NOT_LEAP));
    assert_true(date_is("1900-02-28", PF_DATE_ORDER_AUTO, 1900, 2, 28));
    assert_true(date_is("1900-03-01", PF_DATE_ORDER_AUTO, 1900, 3, 1));
    assert_int_equal(ymd(1900, 3, 1) - ymd(1900, 2, 28), 1);
}

static void test_date_2000_leap(void **state)
{
    (void)state;
    assert_true(date_is("2000-02-29", PF_DATE_ORDER_AUTO, 2000, 2, 29));
    assert_true(date_is("29/02/2000", PF_DATE_ORDER_AUTO, 2000, 2, 29));
    assert_int_equal(ymd(2000, 3, 1) - ymd(2000, 2, 28), 2);
}

/* ---- dates: rejected syntax ---- */

static void test_date_rejects_non_dates(void **state)
{
    (void)state;
    const char *texts[] = {"abc",
                           "45123",
                           "45123.5",
                           "2024",
                           "2024-03",
                           "2024/03/15",
                           "01-03-2024",
                           "24-03-15",
                           "15/03",
                           "15-03-2024",
                           "01/03.2024",
                           "2024-03-15x",
                           "2024-03-15T",
                           "15 mars 2024",
                           "March 15, 2024",
                           "2024-03-15  10:30",
                           "15/03/2024T10:30",
                           "/03/2024",
                           "2024--03-15",
                           "+2024-03-15"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        pf_date date;
        const char *why = NULL;
        assert_int_equal(field_parse_date(texts[i], strlen(texts[i]), PF_DATE_ORDER_AUTO, &date, &why),
                         PF_FIELD_INVALID);
        assert_non_null(why);
    }
    assert_true(date_rejected("abc", PF_DATE_ORDER_AUTO, WHY_NOT_A_DATE));
    assert_true(date_rejected("45123", PF_DATE_ORDER_AUTO, WHY_NOT_A_DATE)); /* Excel serial number */
    assert_true(date_rejected("2024/03/15", PF_DATE_ORDER_AUTO, WHY_NOT_A_DATE));
    assert_true(date_rejected("01-03-2024", PF_DATE_ORDER_AUTO, WHY_NOT_A_DATE));
    assert_true(date_rejected("2024-03", PF_DATE_ORDER_AUTO, WHY_NOT_A_DATE));
    assert_true(date_rejected("2024-03-15x", PF_DATE_ORDER_AUTO, WHY_NOT_A_DATE));
    assert_true(date_rejected("01/03.2024", PF_DATE_ORDER_AUTO, WHY_NOT_A_DATE));
}

static void test_date_iso_requires_two_digit_month_and_day(void **state)
{
    (void)state;
    const char *why2 = "month and day must have 2 digits in YYYY-MM-DD";
    assert_true(date_rejected("2024-3-15", PF_DATE_ORDER_AUTO, why2));
    assert_true(date_rejected("2024-03-5", PF_DATE_ORDER_AUTO, why2));
    assert_true(date_rejected("2024-003-15", PF_DATE_ORDER_AUTO, why2));
}

static void test_date_slash_and_dot_limits(void **state)
{
    (void)state;
    assert_true(date_rejected("15/03/24", PF_DATE_ORDER_AUTO, "year must have 4 digits"));
    assert_true(date_rejected("15.03.24", PF_DATE_ORDER_AUTO, "year must have 4 digits"));
    assert_true(date_rejected("15/03/02024", PF_DATE_ORDER_AUTO, "year must have 4 digits"));
    assert_true(date_rejected("015/03/2024", PF_DATE_ORDER_AUTO, "day and month must have 1 or 2 digits"));
    assert_true(date_rejected("15/003/2024", PF_DATE_ORDER_AUTO, "day and month must have 1 or 2 digits"));
    assert_true(date_rejected("15/03/0999", PF_DATE_ORDER_AUTO, "year must be 1000-9999"));
    assert_true(date_rejected("0999-03-15", PF_DATE_ORDER_AUTO, "year must be 1000-9999"));
}

static void test_date_rejects_bad_time_of_day(void **state)
{
    (void)state;
    assert_true(date_rejected("2024-03-15T24:00", PF_DATE_ORDER_AUTO, "hour must be 0-23"));
    assert_true(date_rejected("2024-03-15T10:60", PF_DATE_ORDER_AUTO, "minute must be 0-59"));
    assert_true(date_rejected("2024-03-15T10:30:60", PF_DATE_ORDER_AUTO, "second must be 0-59"));
    assert_true(date_rejected("15/03/2024 25:00", PF_DATE_ORDER_AUTO, "hour must be 0-23"));
    assert_true(date_rejected("2024-03-15T10", PF_DATE_ORDER_AUTO, WHY_BAD_TIME));
    assert_true(date_rejected("2024-03-15T9:30", PF_DATE_ORDER_AUTO, WHY_BAD_TIME));
    assert_true(date_rejected("2024-03-15T10:3", PF_DATE_ORDER_AUTO, WHY_BAD_TIME));
    assert_true(date_rejected("2024-03-15T10:30:5", PF_DATE_ORDER_AUTO, WHY_BAD_TIME));
    assert_true(date_rejected("2024-03-15 10:30:00.", PF_DATE_ORDER_AUTO, WHY_BAD_TIME));
    assert_true(date_rejected("2024-03-15T", PF_DATE_ORDER_AUTO, WHY_BAD_TIME));
    assert_true(date_rejected("15/03/2024 22:30 PM", PF_DATE_ORDER_AUTO, "hour must be 1-12 with AM or PM"));
    assert_true(date_rejected("15/03/2024 10:30 PX", PF_DATE_ORDER_AUTO, WHY_BAD_TIME));
    assert_true(date_rejected("2024-03-15 10:30 PM", PF_DATE_ORDER_AUTO, WHY_BAD_TIME));
    assert_true(date_rejected("15/03/2024 103:00", PF_DATE_ORDER_AUTO, WHY_BAD_TIME));
    assert_true(date_rejected("15/03/2024 noon", PF_DATE_ORDER_AUTO, WHY_BAD_TIME));
}

static void test_date_rejects_bad_time_zone(void **state)
{
    (void)state;
    assert_true(date_rejected("2024-03-15T10:30+2", PF_DATE_ORDER_AUTO, WHY_BAD_ZONE));
    assert_true(date_rejected("2024-03-15T10:30+02:0", PF_DATE_ORDER_AUTO, WHY_BAD_ZONE));
    assert_true(date_rejected("2024-03-15T10:30+24:00", PF_DATE_ORDER_AUTO, WHY_BAD_ZONE));
    assert_true(date_rejected("2024-03-15T10:30+02:60", PF_DATE_ORDER_AUTO, WHY_BAD_ZONE));
    assert_true(date_rejected("2024-03-15T10:30ZZ", PF_DATE_ORDER_AUTO, WHY_BAD_ZONE));
    assert_true(date_rejected("2024-03-15T10:30+02:00x", PF_DATE_ORDER_AUTO, WHY_BAD_ZONE));
    assert_true(date_rejected("2024-03-15T10:30 CET", PF_DATE_ORDER_AUTO, WHY_BAD_TIME));
    /* Day-first forms take no offset (docs/definitions.md "Field syntax" lists none). */
    assert_true(date_rejected("15/03/2024 10:30Z", PF_DATE_ORDER_AUTO, WHY_BAD_TIME));
    assert_true(date_rejected("15/03/2024 10:30+01:00", PF_DATE_ORDER_AUTO, WHY_BAD_TIME));
}

/* ---- dates: scan, proof of month-first, resolve ---- */

static void test_scan_date_keeps_components(void **state)
{
    (void)state;
    pf_date_parts parts;
    const char *why = NULL;
    assert_int_equal(field_scan_date("2024-03-15", 10, &parts, &why), PF_FIELD_OK);
    assert_int_equal(parts.form, PF_DATE_FORM_ISO);
    assert_int_equal(parts.year, 2024);
    assert_int_equal(parts.first, 3);
    assert_int_equal(parts.second, 15);

    assert_int_equal(field_scan_date("7/12/2023 8:00", 14, &parts, &why), PF_FIELD_OK);
    assert_int_equal(parts.form, PF_DATE_FORM_SLASH);
    assert_int_equal(parts.year, 2023);
    assert_int_equal(parts.first, 7);
    assert_int_equal(parts.second, 12);

    assert_int_equal(field_scan_date("15.03.2024", 10, &parts, &why), PF_FIELD_OK);
    assert_int_equal(parts.form, PF_DATE_FORM_DOT);
    assert_int_equal(parts.first, 15);
    assert_int_equal(parts.second, 3);
}

static void test_scan_date_does_not_check_the_day_exists(void **state)
{
    (void)state;
    pf_date_parts parts;
    const char *why = NULL;
    assert_int_equal(field_scan_date("31/13/2024", 10, &parts, &why), PF_FIELD_OK);
    assert_int_equal(field_scan_date("2024-02-30", 10, &parts, &why), PF_FIELD_OK);
    assert_int_equal(field_scan_date("99/99/2024", 10, &parts, &why), PF_FIELD_OK);
    pf_date date = 0;
    assert_false(field_date_resolve(&parts, PF_DATE_ORDER_DMY, &date, &why));
    assert_string_equal(why, WHY_MONTH);
}

static bool proves_mdy(const char *text)
{
    pf_date_parts parts;
    const char *why = NULL;
    if (field_scan_date(text, strlen(text), &parts, &why) != PF_FIELD_OK) {
        print_error("'%s' does not scan: %s\n", text, why);
        return false;
    }
    return field_date_proves_mdy(&parts);
}

static void test_date_proves_mdy_when_second_above_12(void **state)
{
    (void)state;
    assert_true(proves_mdy("03/25/2024"));
    assert_true(proves_mdy("12/13/2024"));
    assert_true(proves_mdy("1/31/2024 10:00"));
}

static void test_date_does_not_prove_mdy_otherwise(void **state)
{
    (void)state;
    assert_false(proves_mdy("25/03/2024")); /* day-first */
    assert_false(proves_mdy("03/04/2024")); /* ambiguous */
    assert_false(proves_mdy("12/12/2024"));
    assert_false(proves_mdy("13/25/2024")); /* both above 12: proves nothing, impossible either way */
    assert_false(proves_mdy("03.25.2024")); /* dots are always day-first */
    assert_false(proves_mdy("2024-03-25"));
}

static void test_date_resolve_with_both_orders(void **state)
{
    (void)state;
    pf_date_parts parts;
    pf_date date = 0;
    const char *why = NULL;
    assert_int_equal(field_scan_date("03/04/2024", 10, &parts, &why), PF_FIELD_OK);
    assert_true(field_date_resolve(&parts, PF_DATE_ORDER_DMY, &date, &why));
    assert_int_equal(date, ymd(2024, 4, 3));
    assert_true(field_date_resolve(&parts, PF_DATE_ORDER_AUTO, &date, &why));
    assert_int_equal(date, ymd(2024, 4, 3));
    assert_true(field_date_resolve(&parts, PF_DATE_ORDER_MDY, &date, &why));
    assert_int_equal(date, ymd(2024, 3, 4));

    assert_int_equal(field_scan_date("03/25/2024", 10, &parts, &why), PF_FIELD_OK);
    assert_false(field_date_resolve(&parts, PF_DATE_ORDER_DMY, &date, &why));
    assert_string_equal(why, WHY_MONTH);
    assert_true(field_date_resolve(&parts, PF_DATE_ORDER_MDY, &date, &why));
    assert_int_equal(date, ymd(2024, 3, 25));

    assert_int_equal(field_scan_date("25/03/2024", 10, &parts, &why), PF_FIELD_OK);
    assert_false(field_date_resolve(&parts, PF_DATE_ORDER_MDY, &date, &why));
    assert_string_equal(why, WHY_MONTH);
}

static void test_date_resolve_ignores_order_for_iso_and_dot(void **state)
{
    (void)state;
    pf_date_parts parts;
    pf_date date = 0;
    const char *why = NULL;
    const pf_date_order orders[] = {PF_DATE_ORDER_AUTO, PF_DATE_ORDER_DMY, PF_DATE_ORDER_MDY};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(field_scan_date("2024-03-04", 10, &parts, &why), PF_FIELD_OK);
        assert_true(field_date_resolve(&parts, orders[i], &date, &why));
        assert_int_equal(date, ymd(2024, 3, 4));
        assert_int_equal(field_scan_date("03.04.2024", 10, &parts, &why), PF_FIELD_OK);
        assert_true(field_date_resolve(&parts, orders[i], &date, &why));
        assert_int_equal(date, ymd(2024, 4, 3));
    }
}

static void test_date_resolve_rejects_unknown_form(void **state)
{
    (void)state;
    pf_date_parts parts = {.year = 2024, .first = 1, .second = 1, .form = 9};
    pf_date date = 0;
    const char *why = NULL;
    assert_false(field_date_resolve(&parts, PF_DATE_ORDER_AUTO, &date, &why));
    assert_non_null(why);
}

/* ---- money: accepted forms ---- */

static void test_money_accepts_plain_numbers(void **state)
{
    (void)state;
    assert_true(money_is("15000", '.', 15000));
    assert_true(money_is("15000", ',', 15000));
    assert_true(money_is("0", '.', 0));
    assert_true(money_is("007", '.', 7));
    assert_true(money_is("+250", '.', 250));
}

static void test_money_accepts_point_decimal(void **state)
{
    (void)state;
    assert_true(money_is("15000.5", '.', 15000.5));
    assert_true(money_is("15000.50", '.', 15000.5));
    assert_true(money_is("0.99", '.', 0.99));
    assert_true(money_is(".5", '.', 0.5));
    assert_true(money_is("15.", '.', 15));
}

static void test_money_accepts_comma_decimal(void **state)
{
    (void)state;
    assert_true(money_is("15,5", ',', 15.5));
    assert_true(money_is("15000,50", ',', 15000.5));
    assert_true(money_is("0,07", ',', 0.07));
    assert_true(money_is(",5", ',', 0.5));
}

static void test_money_accepts_blank_thousands(void **state)
{
    (void)state;
    assert_true(money_is("15 000,50", ',', 15000.5));
    assert_true(money_is("15 000.50", '.', 15000.5));
    assert_true(money_is("1 234 567", ',', 1234567));
    assert_true(money_is("15" NBSP "000,50", ',', 15000.5));
    assert_true(money_is("15" NNBSP "000,50", ',', 15000.5));
    assert_true(money_is("1" NNBSP "234" NNBSP "567,89", ',', 1234567.89));
    assert_true(money_is("1" NBSP "234 567", ',', 1234567)); /* all blanks are one kind of separator */
}

static void test_money_accepts_apostrophe_thousands(void **state)
{
    (void)state;
    assert_true(money_is("1'234'567.50", '.', 1234567.5));
    assert_true(money_is("15'000", ',', 15000));
    assert_true(money_is("15" RIGHT_QUOTE "000.25", '.', 15000.25));
    assert_true(money_is("CHF 1'234.50", '.', 1234.5));
}

static void test_money_accepts_other_mark_as_thousands(void **state)
{
    (void)state;
    assert_true(money_is("15.000,50", ',', 15000.5));
    assert_true(money_is("15.000", ',', 15000));
    assert_true(money_is("1.234.567,89", ',', 1234567.89));
    assert_true(money_is("15,000", '.', 15000));
    assert_true(money_is("15,000.50", '.', 15000.5));
    assert_true(money_is("1,234,567.89", '.', 1234567.89));
}

static void test_money_accepts_currency_suffix(void **state)
{
    (void)state;
    assert_true(money_is("15 000,50 " EURO, ',', 15000.5));
    assert_true(money_is("15000" EURO, '.', 15000));
    assert_true(money_is("15000" NBSP EURO, '.', 15000));
    assert_true(money_is("15000 EUR", '.', 15000));
    assert_true(money_is("15000eur", '.', 15000));
    assert_true(money_is("99.95 USD", '.', 99.95));
    assert_true(money_is("99.95$", '.', 99.95));
    assert_true(money_is("12,50 " POUND, ',', 12.5));
    assert_true(money_is("12.50 GBP", '.', 12.5));
    assert_true(money_is("1'000 CHF", '.', 1000));
}

static void test_money_accepts_currency_prefix(void **state)
{
    (void)state;
    assert_true(money_is(EURO "15,000.50", '.', 15000.5));
    assert_true(money_is(EURO " 15 000,50", ',', 15000.5));
    assert_true(money_is("EUR 15000", '.', 15000));
    assert_true(money_is("EUR15000", ',', 15000));
    assert_true(money_is("$15,000.50", '.', 15000.5));
    assert_true(money_is("USD 15,000", '.', 15000));
    assert_true(money_is(POUND "1,234.56", '.', 1234.56));
    assert_true(money_is("GBP 99", '.', 99));
    assert_true(money_is("CHF 1'234.50", '.', 1234.5));
}

static void test_money_trims_surrounding_blanks(void **state)
{
    (void)state;
    assert_true(money_is("  15000  ", '.', 15000));
    assert_true(money_is("\t15000\t", '.', 15000));
    assert_true(money_is(NBSP "15 000,50" NBSP, ',', 15000.5));
    assert_true(money_is(NNBSP " 15 000,50 " EURO " " NNBSP, ',', 15000.5));
}

static void test_money_reads_only_len_bytes(void **state)
{
    (void)state;
    double value = 0;
    const char *why = NULL;
    assert_int_equal(field_parse_money("12.50abc", 5, '.', &value, &why), PF_FIELD_OK);
    assert_true(value == 12.5);
    char exact[4];
    memcpy(exact, "1234", 4);
    assert_int_equal(field_parse_money(exact, sizeof exact, '.', &value, &why), PF_FIELD_OK);
    assert_true(value == 1234);
}

static void test_money_empty_and_blank_are_empty(void **state)
{
    (void)state;
    const char *blanks[] = {"", "  ", "\t", NBSP, NNBSP NBSP " "};
    for (size_t i = 0; i < sizeof blanks / sizeof blanks[0]; i++) {
        double value = -1;
        const char *why = NULL;
        assert_int_equal(field_parse_money(blanks[i], strlen(blanks[i]), '.', &value, &why), PF_FIELD_EMPTY);
        assert_true(value == -1);
    }
    double value = -1;
    const char *why = NULL;
    assert_int_equal(field_parse_money(NULL, 0, ',', &value, &why), PF_FIELD_EMPTY);
}

static void test_money_is_exact_to_the_cent(void **state)
{
    (void)state;
    char text[64];
    for (long cents = 0; cents <= 200000; cents += 7) {
        snprintf(text, sizeof text, "%ld.%02ld", cents / 100, cents % 100);
        assert_true(money_is(text, '.', (double)cents / 100));
        snprintf(text, sizeof text, "%ld,%02ld", cents / 100, cents % 100);
        assert_true(money_is(text, ',', (double)cents / 100));
    }
    assert_true(money_is("0.1", '.', 0.1));
    assert_true(money_is("19.99", '.', 19.99));
    assert_true(money_is("1234567.89", '.', 1234567.89));
    assert_true(money_is("9007199254740.91", '.', 9007199254740.91));
    assert_true(money_is("999999999999.99", '.', 999999999999.99));
    assert_true(money_is("1.5000000000000000000", '.', 1.5)); /* trailing zeros are not significant */
}

static void test_money_accepts_fifteen_significant_digits(void **state)
{
    (void)state;
    assert_true(money_is("999999999999999", '.', 999999999999999.0));
    assert_true(money_is("999 999 999 999 999", ',', 999999999999999.0));
    assert_true(money_is("9999999999999.99", '.', 9999999999999.99));
    assert_true(money_is("0000000000000000000000001", '.', 1));
}

/* ---- money: rejected forms ---- */

static void test_money_rejects_huge_numbers(void **state)
{
    (void)state;
    const char *why = "too many digits (at most 15)";
    assert_true(money_rejected("1000000000000000", '.', why));
    assert_true(money_rejected("99999999999999.999", '.', why));
    assert_true(money_rejected("1 000 000 000 000 000,00", ',', "too many digits (at most 15)"));
    assert_true(money_rejected("123456789012345678901234567890", '.', why));
    assert_true(money_rejected("0.0000000000000001", '.', why));
}

static void test_money_rejects_wrong_decimal_mark(void **state)
{
    (void)state;
    assert_true(money_rejected("15000,50", '.', WHY_COMMA_NOT_MARK));
    assert_true(money_rejected("1,5", '.', WHY_COMMA_NOT_MARK));
    assert_true(money_rejected("15 000,50", '.', WHY_COMMA_NOT_MARK));
    assert_true(money_rejected("15 000,50 " EURO, '.', WHY_COMMA_NOT_MARK));
    assert_true(money_rejected("15.000,50", '.', WHY_COMMA_NOT_MARK));
    assert_true(money_rejected("15000,", '.', WHY_COMMA_NOT_MARK));
    assert_true(money_rejected("15.5", ',', WHY_POINT_NOT_MARK));
    assert_true(money_rejected("15000.50", ',', WHY_POINT_NOT_MARK));
    assert_true(money_rejected("1,234.56", ',', WHY_POINT_NOT_MARK));
    assert_true(money_rejected("$15,000.50", ',', WHY_POINT_NOT_MARK));
}

static void test_money_rejects_bad_grouping(void **state)
{
    (void)state;
    assert_true(money_rejected("12,3,4", '.', WHY_MISPLACED));
    assert_true(money_rejected("1,23,456", '.', WHY_MISPLACED)); /* Indian grouping */
    assert_true(money_rejected("1.23.456", ',', WHY_MISPLACED));
    assert_true(money_rejected("1 00", ',', WHY_MISPLACED));
    assert_true(money_rejected("1234 567", ',', WHY_MISPLACED));
    assert_true(money_rejected("15000,500", '.', WHY_MISPLACED));
    assert_true(money_rejected("15 0000", ',', WHY_MISPLACED));
    assert_true(money_rejected("15  000", ',', WHY_MISPLACED));
    assert_true(money_rejected("15 000 ,50", ',', WHY_MISPLACED));
    assert_true(money_rejected("'15000", '.', WHY_MISPLACED));
    assert_true(money_rejected("15000'", '.', WHY_MISPLACED));
    assert_true(money_rejected("15,000 000.50", '.', "mixed thousands separators"));
    assert_true(money_rejected("1 000'000", '.', "mixed thousands separators"));
    assert_true(money_rejected("1.000 000,5", ',', "mixed thousands separators"));
    assert_true(money_rejected("15.000 50", '.', WHY_MISPLACED)); /* blank after the decimal mark */
    assert_true(money_rejected("15.'", '.', WHY_MISPLACED));
}

static void test_money_rejects_more_than_one_decimal_mark(void **state)
{
    (void)state;
    assert_true(money_rejected("1.2.3", '.', "more than one decimal mark '.'"));
    assert_true(money_rejected("15.000.000", '.', "more than one decimal mark '.'"));
    assert_true(money_rejected("1,2,3", ',', "more than one decimal mark ','"));
    assert_true(money_rejected("1,000,000", ',', "more than one decimal mark ','"));
}

static void test_money_rejects_negative_amounts(void **state)
{
    (void)state;
    assert_true(money_rejected("-5", '.', WHY_NEGATIVE));
    assert_true(money_rejected("(5)", '.', WHY_NEGATIVE));
    assert_true(money_rejected(MINUS_SIGN "5", '.', WHY_NEGATIVE));
    assert_true(money_rejected("- 15 000,50", ',', WHY_NEGATIVE));
    assert_true(money_rejected("-" EURO "15,000.50", '.', WHY_NEGATIVE));
    assert_true(money_rejected(EURO "-15,000.50", '.', WHY_NEGATIVE));
    assert_true(money_rejected("EUR -15000", '.', WHY_NEGATIVE));
    assert_true(money_rejected("-15000 EUR", '.', WHY_NEGATIVE));
    assert_true(money_rejected("(1 234,50 " EURO ")", ',', WHY_NEGATIVE));
    assert_true(money_rejected("(1 234,50) " EURO, ',', WHY_NEGATIVE));
    assert_true(money_rejected("$(1,234.50)", '.', WHY_NEGATIVE));
    assert_true(money_rejected("150-", '.', WHY_NEGATIVE)); /* trailing minus (SAP exports) */
    assert_true(money_rejected("-0.01", '.', WHY_NEGATIVE));
}

/* Zero with a sign is zero, as spreadsheets print it (a "-0" in an export is no negative amount). */
static void test_money_minus_zero_is_zero(void **state)
{
    (void)state;
    assert_true(money_is("-0", '.', 0.0));
    assert_true(money_is("-0,00", ',', 0.0));
    assert_true(money_is("(0.00)", '.', 0.0));
    assert_true(money_is("-0 " EURO, ',', 0.0));
    double value = 1;
    assert_int_equal(field_parse_money("-0", 2, '.', &value, NULL), PF_FIELD_OK);
    assert_false(signbit(value)); /* +0, never -0 */
}

static void test_money_negative_garbage_is_not_an_amount_first(void **state)
{
    (void)state;
    /* A minus in front of something that is not a number: the number's own reason wins. */
    assert_true(money_rejected("-abc", '.', "unexpected character in amount"));
    assert_true(money_rejected("-12,3,4", '.', WHY_MISPLACED));
    assert_true(money_rejected("-", '.', "no digits"));
}

static void test_money_rejects_non_numbers(void **state)
{
    (void)state;
    assert_true(money_rejected("abc", '.', "unexpected character in amount"));
    assert_true(money_rejected("1e5", '.', "exponent notation is not accepted"));
    assert_true(money_rejected("1.5E3", '.', "exponent notation is not accepted"));
    assert_true(money_rejected("2e-2", '.', "exponent notation is not accepted"));
    assert_true(money_rejected("12abc", '.', "unexpected character in amount"));
    assert_true(money_rejected("0x10", '.', "unexpected character in amount"));
    assert_true(money_rejected("15\t000", '.', "unexpected character in amount"));
    assert_true(money_rejected("15 k" EURO, '.', "unexpected character in amount"));
    assert_true(money_rejected("n/a", '.', "unexpected character in amount"));
    assert_true(money_rejected(EURO, '.', "no digits"));
    assert_true(money_rejected("EUR", '.', "no digits"));
    assert_true(money_rejected(".", '.', "no digits"));
    assert_true(money_rejected(" , ", ',', "no digits"));
    assert_true(money_rejected("(5", '.', "unexpected character in amount"));
}

static void test_money_rejects_two_currencies(void **state)
{
    (void)state;
    assert_true(money_rejected(EURO " 15000 EUR", '.', "unexpected character in amount"));
    assert_true(money_rejected("$15000$", '.', "unexpected character in amount"));
    assert_true(money_rejected("15000 JPY EUR", '.', "unexpected character in amount"));
}

/* An ISO date-time with Z or an offset is the calendar date in UTC (docs/definitions.md "Field syntax"). */
static void test_date_offsets_give_the_calendar_date_in_utc(void **state)
{
    (void)state;
    assert_true(date_is("2026-11-26T23:30:00-05:00", PF_DATE_ORDER_AUTO, 2026, 11, 27));
    assert_true(date_is("2026-11-26T01:00:00+02:00", PF_DATE_ORDER_AUTO, 2026, 11, 25));
    assert_true(date_is("2026-11-26T14:03:00Z", PF_DATE_ORDER_AUTO, 2026, 11, 26));
    assert_true(date_is("2026-12-31T20:00-0430", PF_DATE_ORDER_AUTO, 2027, 1, 1));
    assert_true(date_is("2024-03-01T00:30+01:00", PF_DATE_ORDER_AUTO, 2024, 2, 29));
    assert_true(date_is("2026-11-26 14:03:00", PF_DATE_ORDER_AUTO, 2026, 11, 26)); /* no zone: as written */
    /* an impossible day is still rejected, whatever the offset */
    assert_true(
        date_rejected("2024-02-30T23:00-05:00", PF_DATE_ORDER_AUTO, "day does not exist in that month"));
}

static void test_date_accepts_am_pm(void **state)
{
    (void)state;
    assert_true(date_is("11/26/2026 2:03 PM", PF_DATE_ORDER_MDY, 2026, 11, 26));
    assert_true(date_is("26/11/2026 12:00 am", PF_DATE_ORDER_AUTO, 2026, 11, 26));
    assert_true(date_is("26.11.2026 9:15AM", PF_DATE_ORDER_AUTO, 2026, 11, 26));
    assert_true(date_rejected("26/11/2026 0:15 AM", PF_DATE_ORDER_AUTO, "hour must be 1-12 with AM or PM"));
}

/* Any currency is recognised on an amount, so that one in another currency than the report's can be
 * rejected by name (model.c) instead of read as a number. */
static void test_money_currency_codes(void **state)
{
    (void)state;
    char code[4];
    static const struct {
        const char *text, *code;
    } cases[] = {
        {"EUR 12,345.00", "EUR"},
        {"12 345,00 " EURO, "EUR"},
        {"$8000.50", "USD"},
        {"(1,234.50 GBP)", "GBP"},
        {"CAD 100", "CAD"},
        {"100 JPY", "JPY"},
        {"1500", ""},
        {"CHF 5", "CHF"},
        {"-" EURO "5", "EUR"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        field_money_currency(cases[i].text, strlen(cases[i].text), code);
        if (strcmp(code, cases[i].code) != 0)
            print_error("'%s': currency '%s', expected '%s'\n", cases[i].text, code, cases[i].code);
        assert_string_equal(code, cases[i].code);
    }
    double value;
    assert_int_equal(field_parse_money("CAD 100", 7, '.', &value, NULL), PF_FIELD_OK);
    assert_true(value == 100);
    assert_int_equal(field_parse_money("100 JPY", 7, '.', &value, NULL), PF_FIELD_OK);
    assert_true(money_rejected("100 Jpy", '.', "unexpected character in amount")); /* codes are capitals */
}

static void test_money_why_may_be_null(void **state)
{
    (void)state;
    double value = 0;
    assert_int_equal(field_parse_money("abc", 3, '.', &value, NULL), PF_FIELD_INVALID);
    pf_date date;
    assert_int_equal(field_parse_date("abc", 3, PF_DATE_ORDER_AUTO, &date, NULL), PF_FIELD_INVALID);
    long count;
    assert_int_equal(field_parse_count("abc", 3, &count, NULL), PF_FIELD_INVALID);
}

/* ---- counts ---- */

static void test_count_accepts_non_negative_integers(void **state)
{
    (void)state;
    assert_true(count_is("0", 0));
    assert_true(count_is("42", 42));
    assert_true(count_is("  6 ", 6));
    assert_true(count_is(NBSP "12" NNBSP, 12));
    assert_true(count_is("+3", 3));
    assert_true(count_is("007", 7));
    char text[32];
    snprintf(text, sizeof text, "%ld", LONG_MAX);
    assert_true(count_is(text, LONG_MAX));
}

static void test_count_empty_is_empty(void **state)
{
    (void)state;
    long value = -1;
    const char *why = NULL;
    assert_int_equal(field_parse_count("", 0, &value, &why), PF_FIELD_EMPTY);
    assert_int_equal(field_parse_count("  ", 2, &value, &why), PF_FIELD_EMPTY);
    assert_int_equal(value, -1);
}

static void test_count_rejects_everything_else(void **state)
{
    (void)state;
    assert_true(count_rejected("-1", "negative number"));
    assert_true(count_rejected("1.5", "not a whole number"));
    assert_true(count_rejected("abc", "not a whole number"));
    assert_true(count_rejected("12a", "not a whole number"));
    assert_true(count_rejected("1 000", "not a whole number"));
    assert_true(count_rejected("+", "not a whole number"));
    assert_true(count_rejected("-", "not a whole number"));
    assert_true(count_rejected("99999999999999999999", "number too large"));
    char text[32];
    snprintf(text, sizeof text, "%ld0", LONG_MAX);
    assert_true(count_rejected(text, "number too large"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days_in_month_common_year),
        cmocka_unit_test(test_days_in_month_leap_years_by_gregorian_rule),
        cmocka_unit_test(test_days_in_month_out_of_range_is_zero),
        cmocka_unit_test(test_date_day_numbers_count_from_1970),
        cmocka_unit_test(test_date_round_trip_every_day_1900_to_2100),
        cmocka_unit_test(test_date_round_trip_four_digit_years),
        cmocka_unit_test(test_date_format_iso),
        cmocka_unit_test(test_add_months_clamps_to_month_end),
        cmocka_unit_test(test_add_months_crosses_years),
        cmocka_unit_test(test_date_accepts_iso),
        cmocka_unit_test(test_date_accepts_iso_with_t_time),
        cmocka_unit_test(test_date_accepts_iso_time_zones),
        cmocka_unit_test(test_date_accepts_iso_fractional_seconds),
        cmocka_unit_test(test_date_accepts_iso_with_blank_time),
        cmocka_unit_test(test_date_accepts_slash_day_first),
        cmocka_unit_test(test_date_accepts_slash_month_first_with_mdy),
        cmocka_unit_test(test_date_accepts_slash_with_time),
        cmocka_unit_test(test_date_accepts_dot),
        cmocka_unit_test(test_date_accepts_single_digit_day_and_month),
        cmocka_unit_test(test_date_trims_surrounding_blanks),
        cmocka_unit_test(test_date_reads_only_len_bytes),
        cmocka_unit_test(test_date_empty_and_blank_are_empty),
        cmocka_unit_test(test_date_rejects_february_30),
        cmocka_unit_test(test_date_rejects_day_31_of_30_day_months),
        cmocka_unit_test(test_date_rejects_month_13),
        cmocka_unit_test(test_date_rejects_zero_day_and_month),
        cmocka_unit_test(test_date_accepts_leap_day_2024),
        cmocka_unit_test(test_date_rejects_leap_day_2023),
        cmocka_unit_test(test_date_1900_not_leap),
        cmocka_unit_test(test_date_2000_leap),
        cmocka_unit_test(test_date_rejects_non_dates),
        cmocka_unit_test(test_date_iso_requires_two_digit_month_and_day),
        cmocka_unit_test(test_date_slash_and_dot_limits),
        cmocka_unit_test(test_date_rejects_bad_time_of_day),
        cmocka_unit_test(test_date_rejects_bad_time_zone),
        cmocka_unit_test(test_scan_date_keeps_components),
        cmocka_unit_test(test_scan_date_does_not_check_the_day_exists),
        cmocka_unit_test(test_date_proves_mdy_when_second_above_12),
        cmocka_unit_test(test_date_does_not_prove_mdy_otherwise),
        cmocka_unit_test(test_date_resolve_with_both_orders),
        cmocka_unit_test(test_date_resolve_ignores_order_for_iso_and_dot),
        cmocka_unit_test(test_date_resolve_rejects_unknown_form),
        cmocka_unit_test(test_money_accepts_plain_numbers),
        cmocka_unit_test(test_money_accepts_point_decimal),
        cmocka_unit_test(test_money_accepts_comma_decimal),
        cmocka_unit_test(test_money_accepts_blank_thousands),
        cmocka_unit_test(test_money_accepts_apostrophe_thousands),
        cmocka_unit_test(test_money_accepts_other_mark_as_thousands),
        cmocka_unit_test(test_money_accepts_currency_suffix),
        cmocka_unit_test(test_money_accepts_currency_prefix),
        cmocka_unit_test(test_money_trims_surrounding_blanks),
        cmocka_unit_test(test_money_reads_only_len_bytes),
        cmocka_unit_test(test_money_empty_and_blank_are_empty),
        cmocka_unit_test(test_money_is_exact_to_the_cent),
        cmocka_unit_test(test_money_accepts_fifteen_significant_digits),
        cmocka_unit_test(test_money_rejects_huge_numbers),
        cmocka_unit_test(test_money_rejects_wrong_decimal_mark),
        cmocka_unit_test(test_money_rejects_bad_grouping),
        cmocka_unit_test(test_money_rejects_more_than_one_decimal_mark),
        cmocka_unit_test(test_money_rejects_negative_amounts),
        cmocka_unit_test(test_money_minus_zero_is_zero),
        cmocka_unit_test(test_money_negative_garbage_is_not_an_amount_first),
        cmocka_unit_test(test_money_rejects_non_numbers),
        cmocka_unit_test(test_money_rejects_two_currencies),
        cmocka_unit_test(test_money_why_may_be_null),
        cmocka_unit_test(test_date_offsets_give_the_calendar_date_in_utc),
        cmocka_unit_test(test_date_accepts_am_pm),
        cmocka_unit_test(test_money_currency_codes),
        cmocka_unit_test(test_count_accepts_non_negative_integers),
        cmocka_unit_test(test_count_empty_is_empty),
        cmocka_unit_test(test_count_rejects_everything_else),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
