/* field.h — parsers for typed CSV fields: dates, money, integers (docs/definitions.md "Field syntax").
 *
 * Owns nothing: pure functions, no allocation, no globals, no locale. Every parser takes the raw field
 * (not necessarily NUL-terminated; NULL with len 0 is empty), trims surrounding blanks (space, TAB, NBSP,
 * NNBSP) itself, and on PF_FIELD_INVALID sets *why (when why is not NULL) to a constant English reason
 * ("day does not exist in that month") suitable for a reject line. *why is left alone otherwise, and *out is
 * written only on PF_FIELD_OK (field_parse_date: PF_DATE_NONE otherwise).
 *
 * Dates are day numbers (days since 1970-01-01, proleptic Gregorian). Parsing is split in two steps
 * because the day-first / month-first decision for slash dates is made per column, after the whole column
 * has been seen: field_scan_date() checks the syntax and keeps the components; field_date_resolve() turns
 * them into a day number for the column's order and rejects impossible dates.
 */
#ifndef PARTNERFUNNEL_FIELD_H
#define PARTNERFUNNEL_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Days since 1970-01-01. */
typedef int32_t pf_date;
/** The first year of a date partnerfunnel accepts in an export, a setting or on the command line: Excel's
 *  day numbers start on 1900-01-01, so an earlier date would show as ##### in a workbook ("before 1900,
 *  which Excel cannot show"). The parsers themselves take years from 1000 (a prospect database's dates are
 *  tested, never written as dates). */
#define PF_FIRST_YEAR 1900

/** "No date" (an empty field). */
#define PF_DATE_NONE INT32_MIN

typedef enum pf_field_status {
    PF_FIELD_OK = 0, /**< parsed */
    PF_FIELD_EMPTY,  /**< empty or blank: the value is absent (not an error) */
    PF_FIELD_INVALID /**< does not parse: *why says why */
} pf_field_status;

typedef enum pf_date_order {
    PF_DATE_ORDER_AUTO = 0, /**< day-first unless the column proves month-first */
    PF_DATE_ORDER_DMY,
    PF_DATE_ORDER_MDY,
} pf_date_order;

typedef enum pf_date_form {
    PF_DATE_FORM_ISO = 0, /**< YYYY-MM-DD[(T| )HH:MM[:SS][Z|±HH:MM]]: first = month, second = day */
    PF_DATE_FORM_SLASH,   /**< A/B/YYYY[ HH:MM[:SS]]: order decided by the column */
    PF_DATE_FORM_DOT,     /**< DD.MM.YYYY: always day-first */
} pf_date_form;

/** A syntactically valid date before its order is decided. */
typedef struct pf_date_parts {
    int16_t year;
    uint8_t first;  /**< ISO: month; SLASH: A; DOT: day */
    uint8_t second; /**< ISO: day; SLASH: B; DOT: month */
    uint8_t form;   /**< a pf_date_form */
} pf_date_parts;

/** Step 1: syntax. Accepts the forms of docs/definitions.md "Field syntax" (the time part, if any, must be
 *  well-formed and is dropped; an ISO date-time with Z or an offset gives its calendar date in UTC, and the
 *  slash and dot forms take an AM/PM marker). Does not check that the day exists (that is step 2). Components
 *  must be 1–2 digits (day, month; exactly 2 in ISO) and exactly 4 digits (year, 1000–9999). Also accepted:
 *  fractional seconds and ±HHMM after an ISO date, a one-digit hour and HH:MM[:SS] after the slash and dot
 *  forms. */
pf_field_status field_scan_date(const char *s, size_t len, pf_date_parts *parts, const char **why);

/** True when a slash date proves month-first on its own: B > 12 and A <= 12. A column is read month-first
 *  (in auto mode) when some value proves it and no slash value has A > 12. */
bool field_date_proves_mdy(const pf_date_parts *parts);

/** Step 2: the day number for order (DMY or MDY; AUTO means DMY). ISO and DOT forms ignore order.
 *  Returns false and sets *why for impossible dates (month 13, 2024-02-30, 29/02/2023). */
bool field_date_resolve(const pf_date_parts *parts, pf_date_order order, pf_date *out, const char **why);

/** Convenience: both steps with a fixed order (DMY for AUTO). */
pf_field_status field_parse_date(const char *s, size_t len, pf_date_order order, pf_date *out,
                                 const char **why);

/** Day number of a valid civil date (no checking). */
pf_date field_date_from_ymd(int year, int month, int day);
/** Civil date of a day number. */
void field_date_to_ymd(pf_date date, int *year, int *month, int *day);
/** Writes YYYY-MM-DD (11 bytes with the NUL) to out. */
void field_date_format_iso(pf_date date, char out[11]);
/** date + months calendar months, the day clamped to the target month's end (2024-08-31 + 6 = 2025-02-28). */
pf_date field_date_add_months(pf_date date, int months);
/** Days in a month of a year (leap years by the Gregorian rule). */
int field_days_in_month(int year, int month);

/** Money (docs/definitions.md "Field syntax"): optional currency (€, EUR, $, USD, £, GBP, CHF, or any
 *  other three-capital-letter code apart from the number by a blank) before or after, thousands separators
 *  (space, NBSP, NNBSP, '\'', and '.' or ',' when the other is the decimal mark; groups of exactly three
 *  digits), decimal_mark ',' or '.'. A leading '-' or '(...)' gives status INVALID with why "negative
 *  amount" (negative amounts are rejected), except on zero: "-0" and "-0,00" are 0. Result is exact to the
 *  cent for amounts below 2^53/100. */
pf_field_status field_parse_money(const char *s, size_t len, char decimal_mark, double *out, const char **why);

/** The ISO 4217 code of the currency written on an amount, as field_parse_money() reads it ("EUR" for "€ 5"
 *  or "5 EUR", "USD" for "$5", "CAD" for "CAD 100": any three capital letters apart from the number by a
 *  blank are a code), "" when none. For checking an amount against the report's currency. */
void field_money_currency(const char *s, size_t len, char code[4]);

/** A non-negative decimal integer (surrounding blanks allowed), for settings and counts. */
pf_field_status field_parse_count(const char *s, size_t len, long *out, const char **why);

#endif
