/* field.c — parsers for typed CSV fields (dates, money, counts) and the civil-date arithmetic under them.
 *
 * Day numbers use Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian, eras of 400
 * years, http://howardhinnant.github.io/date_algorithms.html), exact for every year an int holds.
 *
 * Every parser works on the raw bytes with its length (CSV fields are not NUL-terminated) and never looks
 * at the locale. Reasons are string literals, so a reject line can keep the pointer.
 *
 * Dates are strict about the forms of docs/definitions.md "Field syntax" and lenient only where real exports
 * differ harmlessly: fractional seconds ("10:30:00.000", Salesforce) and ±HHMM offsets after an ISO date, a
 * one-digit hour and a time part after the day-first forms ("1/2/2024 9:30", "15.03.2024 10:30", as
 * spreadsheets write them).
 *
 * Money is cut into digit runs and separators first; the decimal mark the caller chose splits integer and
 * fraction, the integer part must then be grouped by threes with one kind of separator. When the other mark
 * appears once and cannot be a thousands separator ("15000,50" in a point file), the reason says the file's
 * decimal mark is the other one, which is what the user needs to hear. The value is computed from the digits
 * as one integer (at most 15 significant digits) divided once by a power of ten: correctly rounded, so
 * "19.99" is the double nearest to 19.99, exactly as the compiler reads the literal. */
#include "partnerfunnel/field.h"

#include <limits.h>
#include <string.h>

static bool is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int field_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && is_leap_year(year))
        return 29;
    return days[month - 1];
}

pf_date field_date_from_ymd(int year, int month, int day)
{
    /* Hinnant, days_from_civil: the year starts in March so the leap day is the last day of the year. */
    long y = (long)year - (month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;                         /* [0, 399] */
    long mp = (month + 9) % 12;                       /* March = 0 */
    long doy = (153 * mp + 2) / 5 + day - 1;          /* [0, 365] */
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* [0, 146096] */
    return (pf_date)(era * 146097 + doe - 719468);
}

void field_date_to_ymd(pf_date date, int *year, int *month, int *day)
{
    /* Hinnant, civil_from_days. */
    long z = (long)date + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;                                      /* [0, 146096] */
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* [0, 365] */
    long mp = (5 * doy + 2) / 153;                      /* [0, 11] */
    long d = doy - (153 * mp + 2) / 5 + 1;              /* [1, 31] */
    long m = mp < 10 ? mp + 3 : mp - 9;                 /* [1, 12] */
    *year = (int)(y + (m <= 2));
    *month = (int)m;
    *day = (int)d;
}

void field_date_format_iso(pf_date date, char out[11])
{
    int year, month, day;
    field_date_to_ymd(date, &year, &month, &day);
    /* Hand-written rather than snprintf so the compiler cannot warn about truncation for huge years;
     * years outside 0–9999 are written modulo 10000 (they never come out of the parsers). */
    unsigned y = (unsigned)(year < 0 ? -year : year) % 10000u;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + month / 10);
    out[6] = (char)('0' + month % 10);
    out[7] = '-';
    out[8] = (char)('0' + day / 10);
    out[9] = (char)('0' + day % 10);
    out[10] = '\0';
}

pf_date field_date_add_months(pf_date date, int months)
{
    int year, month, day;
    field_date_to_ymd(date, &year, &month, &day);
    long index = (long)year * 12 + (month - 1) + months; /* months since year 0 */
    long new_year = index >= 0 ? index / 12 : -((-index + 11) / 12);
    int new_month = (int)(index - new_year * 12) + 1;
    int last = field_days_in_month((int)new_year, new_month);
    return field_date_from_ymd((int)new_year, new_month, day > last ? last : day);
}

/* ---- blanks ---- */

/* Length of the blank at b[i] (ASCII space, TAB, NBSP U+00A0, NNBSP U+202F), 0 when none. */
static size_t blank_at(const unsigned char *b, size_t n, size_t i)
{
    if (b[i] == ' ' || b[i] == '\t')
        return 1;
    if (b[i] == 0xC2 && i + 1 < n && b[i + 1] == 0xA0)
        return 2;
    if (b[i] == 0xE2 && i + 2 < n && b[i + 1] == 0x80 && b[i + 2] == 0xAF)
        return 3;
    return 0;
}

/* Length of the blank that ends just before b[n], 0 when none. */
static size_t blank_before(const unsigned char *b, size_t n)
{
    if (n >= 1 && (b[n - 1] == ' ' || b[n - 1] == '\t'))
        return 1;
    if (n >= 2 && b[n - 2] == 0xC2 && b[n - 1] == 0xA0)
        return 2;
    if (n >= 3 && b[n - 3] == 0xE2 && b[n - 2] == 0x80 && b[n - 1] == 0xAF)
        return 3;
    return 0;
}

/* Narrows [*b, *b + *n) to its content without surrounding blanks. */
static void trim_blanks(const unsigned char **b, size_t *n)
{
    size_t k;
    while (*n > 0 && (k = blank_at(*b, *n, 0)) > 0) {
        *b += k;
        *n -= k;
    }
    while (*n > 0 && (k = blank_before(*b, *n)) > 0)
        *n -= k;
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Counts the digits from b[i]; *value gets their value (saturated, only small values matter here). */
static size_t scan_digits(const unsigned char *b, size_t n, size_t i, int *value)
{
    size_t count = 0;
    int v = 0;
    while (i + count < n && is_digit(b[i + count])) {
        if (v < 100000)
            v = v * 10 + (b[i + count] - '0');
        count++;
    }
    *value = v;
    return count;
}

static void set_why(const char **why, const char *reason)
{
    if (why)
        *why = reason;
}

/* ---- dates ---- */

#define WHY_NOT_A_DATE "not a date (expected YYYY-MM-DD or DD/MM/YYYY)"
#define WHY_BAD_TIME "bad time of day (expected HH:MM or HH:MM:SS)"
#define WHY_BAD_ZONE "bad time zone (expected Z, +HH:MM or -HH:MM)"

/* Checks the time part that starts at b[i] (after 'T' or the blank): HH:MM[:SS[.fraction]], then, when
 * zone_allowed, an optional Z, ±HH:MM or ±HHMM. iso requires a two-digit hour; the day-first forms also
 * take one digit ("1/2/2024 9:30", as spreadsheets write it) and an AM/PM marker ("11/26/2026 2:03 PM", as
 * US exports write it; the hour is then 1-12). *day_shift gets the days to add to the date to make it the
 * calendar date in UTC: -1, 0 or +1 when an offset is given (2026-11-26T23:30-05:00 is 27 November in UTC),
 * 0 otherwise. */
static const char *check_time(const unsigned char *b, size_t n, size_t i, bool iso, bool zone_allowed,
                              int *day_shift)
{
    *day_shift = 0;
    int hour, minute, second = 0, unused;
    size_t k = scan_digits(b, n, i, &hour);
    if (k == 0 || k > 2 || (iso && k != 2))
        return WHY_BAD_TIME;
    i += k;
    if (i >= n || b[i] != ':')
        return WHY_BAD_TIME;
    i++;
    if (scan_digits(b, n, i, &minute) != 2)
        return WHY_BAD_TIME;
    i += 2;
    if (i < n && b[i] == ':') {
        i++;
        if (scan_digits(b, n, i, &second) != 2)
            return WHY_BAD_TIME;
        i += 2;
        if (i < n && (b[i] == '.' || b[i] == ',')) {
            k = scan_digits(b, n, i + 1, &unused);
            if (k == 0)
                return WHY_BAD_TIME;
            i += 1 + k;
        }
    }
    if (hour > 23)
        return "hour must be 0-23";
    if (minute > 59)
        return "minute must be 0-59";
    if (second > 59)
        return "second must be 0-59";
    if (i == n)
        return NULL;
    if (!iso) {
        size_t k2 = i < n && b[i] == ' ' ? i + 1 : i;
        if (k2 + 2 == n && (b[k2] == 'A' || b[k2] == 'a' || b[k2] == 'P' || b[k2] == 'p') &&
            (b[k2 + 1] == 'M' || b[k2 + 1] == 'm'))
            return hour >= 1 && hour <= 12 ? NULL : "hour must be 1-12 with AM or PM";
    }
    if (!zone_allowed)
        return WHY_BAD_TIME;
    if (b[i] == 'Z')
        return i + 1 == n ? NULL : WHY_BAD_ZONE;
    if (b[i] != '+' && b[i] != '-')
        return WHY_BAD_TIME;
    int sign = b[i] == '+' ? 1 : -1;
    i++;
    /* ±HH:MM or ±HHMM: exactly four digits, so read them two by two. */
    if (i + 2 > n || !is_digit(b[i]) || !is_digit(b[i + 1]))
        return WHY_BAD_ZONE;
    int zone_hours = (b[i] - '0') * 10 + (b[i + 1] - '0');
    i += 2;
    if (i < n && b[i] == ':')
        i++;
    if (i + 2 != n || !is_digit(b[i]) || !is_digit(b[i + 1]))
        return WHY_BAD_ZONE;
    int zone_minutes = (b[i] - '0') * 10 + (b[i + 1] - '0');
    if (zone_hours > 23 || zone_minutes > 59)
        return WHY_BAD_ZONE;
    int utc_minutes = hour * 60 + minute - sign * (zone_hours * 60 + zone_minutes);
    *day_shift = utc_minutes < 0 ? -1 : utc_minutes >= 24 * 60 ? 1 : 0;
    return NULL;
}

/* Exactly YYYY-MM-DD with a year of 1000 or more, the form of nearly every date of an export: read at
 * once, to the parts the general scan below would find. */
static bool scan_plain_iso_date(const unsigned char *b, size_t n, pf_date_parts *parts)
{
    if (n != 10 || b[4] != '-' || b[7] != '-')
        return false;
    for (size_t i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !is_digit(b[i]))
            return false;
    if (b[0] == '0')
        return false;
    parts->year = (int16_t)((b[0] - '0') * 1000 + (b[1] - '0') * 100 + (b[2] - '0') * 10 + (b[3] - '0'));
    parts->first = (uint8_t)((b[5] - '0') * 10 + (b[6] - '0'));
    parts->second = (uint8_t)((b[8] - '0') * 10 + (b[9] - '0'));
    parts->form = PF_DATE_FORM_ISO;
    return true;
}

pf_field_status field_scan_date(const char *s, size_t len, pf_date_parts *parts, const char **why)
{
    const unsigned char *b = (const unsigned char *)s;
    size_t n = s ? len : 0;
    if (scan_plain_iso_date(b, n, parts))
        return PF_FIELD_OK;
    trim_blanks(&b, &n);
    if (n == 0)
        return PF_FIELD_EMPTY;

    const char *reason = WHY_NOT_A_DATE;
    int a, m, d, y;
    size_t na = scan_digits(b, n, 0, &a);
    if (na == 0 || na >= n)
        goto invalid;

    if (b[na] == '-') {
        /* YYYY-MM-DD */
        if (na != 4)
            goto invalid;
        size_t i = na + 1;
        size_t nm = scan_digits(b, n, i, &m);
        i += nm;
        if (nm == 0 || i >= n || b[i] != '-')
            goto invalid;
        i++;
        size_t nd = scan_digits(b, n, i, &d);
        i += nd;
        if (nd == 0)
            goto invalid;
        if (nm != 2 || nd != 2) {
            reason = "month and day must have 2 digits in YYYY-MM-DD";
            goto invalid;
        }
        if (a < 1000) {
            reason = "year must be 1000-9999";
            goto invalid;
        }
        int day_shift = 0;
        if (i < n) {
            if (b[i] != 'T' && b[i] != ' ')
                goto invalid;
            const char *time_why = check_time(b, n, i + 1, true, true, &day_shift);
            if (time_why) {
                reason = time_why;
                goto invalid;
            }
        }
        if (day_shift != 0 && m >= 1 && m <= 12 && d >= 1 && d <= field_days_in_month(a, m)) {
            pf_date utc = field_date_from_ymd(a, m, d) + day_shift;
            field_date_to_ymd(utc, &a, &m, &d);
            if (a < 1000 || a > 9999) {
                reason = "year must be 1000-9999";
                goto invalid;
            }
        }
        parts->year = (int16_t)a;
        parts->first = (uint8_t)m;
        parts->second = (uint8_t)d;
        parts->form = PF_DATE_FORM_ISO;
        return PF_FIELD_OK;
    }

    if (b[na] == '/' || b[na] == '.') {
        /* A/B/YYYY or DD.MM.YYYY */
        unsigned char separator = b[na];
        if (na > 2) {
            reason = na == 4 ? WHY_NOT_A_DATE : "day and month must have 1 or 2 digits";
            goto invalid;
        }
        size_t i = na + 1;
        size_t nb = scan_digits(b, n, i, &m);
        i += nb;
        if (nb == 0 || i >= n || b[i] != separator)
            goto invalid;
        if (nb > 2) {
            reason = "day and month must have 1 or 2 digits";
            goto invalid;
        }
        i++;
        size_t ny = scan_digits(b, n, i, &y);
        i += ny;
        if (ny == 0)
            goto invalid;
        if (ny != 4) {
            reason = "year must have 4 digits";
            goto invalid;
        }
        if (y < 1000) {
            reason = "year must be 1000-9999";
            goto invalid;
        }
        if (i < n) {
            if (b[i] != ' ')
                goto invalid;
            int day_shift;
            const char *time_why = check_time(b, n, i + 1, false, false, &day_shift);
            if (time_why) {
                reason = time_why;
                goto invalid;
            }
        }
        parts->year = (int16_t)y;
        parts->first = (uint8_t)a;
        parts->second = (uint8_t)m;
        parts->form = separator == '/' ? PF_DATE_FORM_SLASH : PF_DATE_FORM_DOT;
        return PF_FIELD_OK;
    }

invalid:
    set_why(why, reason);
    return PF_FIELD_INVALID;
}

bool field_date_proves_mdy(const pf_date_parts *parts)
{
    return parts->form == PF_DATE_FORM_SLASH && parts->second > 12 && parts->first <= 12;
}

bool field_date_resolve(const pf_date_parts *parts, pf_date_order order, pf_date *out, const char **why)
{
    int year = parts->year, month, day;
    switch (parts->form) {
    case PF_DATE_FORM_ISO:
        month = parts->first;
        day = parts->second;
        break;
    case PF_DATE_FORM_DOT:
        day = parts->first;
        month = parts->second;
        break;
    case PF_DATE_FORM_SLASH:
        if (order == PF_DATE_ORDER_MDY) {
            month = parts->first;
            day = parts->second;
        } else {
            day = parts->first;
            month = parts->second;
        }
        break;
    default: set_why(why, WHY_NOT_A_DATE); return false;
    }
    if (month < 1 || month > 12) {
        set_why(why, "month must be 1-12");
        return false;
    }
    if (day < 1 || day > 31) {
        set_why(why, "day must be 1-31");
        return false;
    }
    if (day > field_days_in_month(year, month)) {
        set_why(why, month == 2 && day == 29 ? "29 February exists only in leap years"
                                             : "day does not exist in that month");
        return false;
    }
    *out = field_date_from_ymd(year, month, day);
    return true;
}

pf_field_status field_parse_date(const char *s, size_t len, pf_date_order order, pf_date *out, const char **why)
{
    pf_date_parts parts;
    *out = PF_DATE_NONE;
    pf_field_status status = field_scan_date(s, len, &parts, why);
    if (status != PF_FIELD_OK)
        return status;
    return field_date_resolve(&parts, order, out, why) ? PF_FIELD_OK : PF_FIELD_INVALID;
}

/* ---- money ---- */

/* The amount is cut into tokens (digit runs and separators) on the stack; an amount that needs more is
 * not a plausible amount. */
#define MONEY_MAX_TOKENS 64
#define MONEY_MAX_DIGITS 15

enum money_token_kind {
    TOKEN_DIGITS = 0,
    TOKEN_BLANK,      /* space, NBSP, NNBSP */
    TOKEN_APOSTROPHE, /* ' or U+2019 */
    TOKEN_POINT,
    TOKEN_COMMA,
};

typedef struct money_token {
    uint8_t kind;
    size_t start; /* TOKEN_DIGITS: offset and count of the digits */
    size_t count;
} money_token;

/* Length and kind of the separator at b[i], 0 when there is none. TAB is not a thousands separator. */
static size_t money_separator_at(const unsigned char *b, size_t n, size_t i, uint8_t *kind)
{
    if (b[i] == '.' || b[i] == ',') {
        *kind = b[i] == '.' ? TOKEN_POINT : TOKEN_COMMA;
        return 1;
    }
    if (b[i] == '\'') {
        *kind = TOKEN_APOSTROPHE;
        return 1;
    }
    if (b[i] == 0xE2 && i + 2 < n && b[i + 1] == 0x80 && b[i + 2] == 0x99) {
        *kind = TOKEN_APOSTROPHE;
        return 3;
    }
    if (b[i] == '\t')
        return 0;
    size_t k = blank_at(b, n, i);
    if (k > 0)
        *kind = TOKEN_BLANK;
    return k;
}

static bool ascii_equal_nocase(const unsigned char *b, const char *word, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = b[i];
        if (c >= 'a' && c <= 'z')
            c = (unsigned char)(c - 'a' + 'A');
        if (c != (unsigned char)word[i])
            return false;
    }
    return true;
}

static const char *const currencies[] = {"\xE2\x82\xAC", "EUR", "$", "USD", "\xC2\xA3", "GBP", "CHF"};

/* The ISO 4217 code of each symbol of currencies[] ("$" is read as US dollars). */
static const char *const currency_codes[] = {"EUR", "EUR", "USD", "USD", "GBP", "GBP", "CHF"};

static bool is_upper(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

/* Length of the currency that starts (at_end false) or ends (at_end true) [b, b + n), 0 when none: a known
 * symbol or code, or any other ISO 4217-like code (three capital letters, apart from the number by a blank:
 * "CAD 100", "100 JPY"), so that an amount in another currency is recognised as such. *code (may be NULL)
 * gets its code. */
static size_t currency_at(const unsigned char *b, size_t n, bool at_end, const char **code)
{
    for (size_t c = 0; c < sizeof currencies / sizeof currencies[0]; c++) {
        size_t k = 0;
        while (currencies[c][k])
            k++;
        if (k <= n && ascii_equal_nocase(at_end ? b + n - k : b, currencies[c], k)) {
            if (code)
                *code = currency_codes[c];
            return k;
        }
    }
    const unsigned char *w = at_end ? b + n - 3 : b;
    if (n >= 5 && is_upper(w[0]) && is_upper(w[1]) && is_upper(w[2]) && (at_end ? w[-1] == ' ' : w[3] == ' ')) {
        if (code)
            *code = NULL; /* the caller copies it from the text */
        return 3;
    }
    return 0;
}

void field_money_currency(const char *s, size_t len, char code[4])
{
    const unsigned char *b = (const unsigned char *)s;
    size_t n = s ? len : 0;
    code[0] = '\0';
    trim_blanks(&b, &n);
    while (n > 0 && (b[0] == '(' || b[0] == '-' || b[0] == '+')) {
        b++;
        n--;
        trim_blanks(&b, &n);
    }
    while (n > 0 && (b[n - 1] == ')' || b[n - 1] == '-')) {
        n--;
        trim_blanks(&b, &n);
    }
    const char *known = NULL;
    size_t k;
    if ((k = currency_at(b, n, false, &known)) > 0 || (k = currency_at(b, n, true, &known)) > 0) {
        if (known) {
            memcpy(code, known, 4);
        } else {
            const unsigned char *w = currency_at(b, n, false, NULL) == 3 && is_upper(b[0]) ? b : b + n - 3;
            code[0] = (char)w[0];
            code[1] = (char)w[1];
            code[2] = (char)w[2];
            code[3] = '\0';
        }
    }
}

/* Length of a minus sign ('-' or U+2212) that starts or ends [b, b + n), 0 when none. */
static size_t minus_at(const unsigned char *b, size_t n, bool at_end)
{
    if (n >= 1 && b[at_end ? n - 1 : 0] == '-')
        return 1;
    const unsigned char *p = at_end ? b + n - 3 : b;
    if (n >= 3 && p[0] == 0xE2 && p[1] == 0x88 && p[2] == 0x92)
        return 3;
    return 0;
}

/* Reads the bare number [b, b + n) (no currency, no sign) with decimal_mark into *out. */
static const char *parse_amount(const unsigned char *b, size_t n, char decimal_mark, double *out)
{
    const uint8_t mark = decimal_mark == ',' ? TOKEN_COMMA : TOKEN_POINT;
    const uint8_t other = mark == TOKEN_COMMA ? TOKEN_POINT : TOKEN_COMMA;
    const char *wrong_mark = mark == TOKEN_COMMA ? "'.' is not the decimal mark of this file (expected ',')"
                                                 : "',' is not the decimal mark of this file (expected '.')";
    const char *misplaced = "misplaced thousands separator";

    money_token tokens[MONEY_MAX_TOKENS];
    size_t count = 0, digit_runs = 0;
    for (size_t i = 0; i < n;) {
        if (count == MONEY_MAX_TOKENS)
            return "too many digits";
        money_token *t = &tokens[count++];
        if (is_digit(b[i])) {
            t->kind = TOKEN_DIGITS;
            t->start = i;
            while (i < n && is_digit(b[i]))
                i++;
            t->count = i - t->start;
            digit_runs++;
            continue;
        }
        size_t k = money_separator_at(b, n, i, &t->kind);
        if (k == 0) {
            bool exponent = (b[i] == 'e' || b[i] == 'E') && count > 1 &&
                            tokens[count - 2].kind == TOKEN_DIGITS && i + 1 < n &&
                            (is_digit(b[i + 1]) || b[i + 1] == '+' || b[i + 1] == '-');
            return exponent ? "exponent notation is not accepted" : "unexpected character in amount";
        }
        t->start = i;
        t->count = 0;
        i += k;
    }
    if (digit_runs == 0)
        return "no digits";

    /* The decimal mark splits the integer part from the fraction. */
    size_t mark_index = count, marks = 0, others = 0, other_index = count;
    for (size_t t = 0; t < count; t++) {
        if (tokens[t].kind == mark) {
            marks++;
            mark_index = t;
        } else if (tokens[t].kind == other) {
            others++;
            other_index = t;
        }
    }
    if (marks > 1)
        return mark == TOKEN_COMMA ? "more than one decimal mark ','" : "more than one decimal mark '.'";
    if (marks == 1) {
        for (size_t t = mark_index + 1; t < count; t++)
            if (tokens[t].kind == other)
                return wrong_mark;
        if (count - mark_index - 1 > 1 ||
            (mark_index + 1 < count && tokens[mark_index + 1].kind != TOKEN_DIGITS))
            return misplaced;
    }

    /* A lone other mark without a group of three after it is a decimal mark of the wrong kind
     * ("15000,50" in a point file); tested before the grouping so the reason says what the user did. */
    if (marks == 0 && others == 1 &&
        (other_index + 1 == count || tokens[other_index + 1].kind != TOKEN_DIGITS ||
         tokens[other_index + 1].count != 3))
        return wrong_mark;

    /* Integer part: digits (separator digits)*, one kind of separator, groups of three after the first. */
    uint8_t separator = TOKEN_DIGITS;
    for (size_t t = 0; t < mark_index; t++) {
        const money_token *tok = &tokens[t];
        bool expect_digits = t % 2 == 0;
        if (expect_digits != (tok->kind == TOKEN_DIGITS))
            return misplaced;
        if (!expect_digits) {
            if (separator != TOKEN_DIGITS && separator != tok->kind)
                return "mixed thousands separators";
            separator = tok->kind;
        }
    }
    if (mark_index > 0 && tokens[mark_index - 1].kind != TOKEN_DIGITS)
        return misplaced;
    if (separator != TOKEN_DIGITS) {
        if (tokens[0].count > 3)
            return misplaced;
        for (size_t t = 2; t < mark_index; t += 2)
            if (tokens[t].count != 3)
                return misplaced;
    }

    /* Exact value: all significant digits as one integer, then one correctly rounded division. */
    int64_t mantissa = 0;
    int significant = 0, scale = 0;
    bool leading = true;
    for (size_t t = 0; t < mark_index; t += 2) {
        for (size_t i = tokens[t].start; i < tokens[t].start + tokens[t].count; i++) {
            if (leading && b[i] == '0')
                continue;
            leading = false;
            if (++significant > MONEY_MAX_DIGITS)
                return "too many digits (at most 15)";
            mantissa = mantissa * 10 + (b[i] - '0');
        }
    }
    if (marks == 1 && mark_index + 1 < count) {
        const money_token *fraction = &tokens[mark_index + 1];
        size_t digits = fraction->count;
        while (digits > 0 && b[fraction->start + digits - 1] == '0')
            digits--;
        for (size_t i = fraction->start; i < fraction->start + digits; i++) {
            if (++significant > MONEY_MAX_DIGITS)
                return "too many digits (at most 15)";
            mantissa = mantissa * 10 + (b[i] - '0');
            scale++;
        }
    }
    static const double powers_of_ten[MONEY_MAX_DIGITS + 1] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                               1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    *out = (double)mantissa / powers_of_ten[scale];
    return NULL;
}

/* Plain digits with at most one decimal mark ("3600.00", "15"), the form of nearly every amount of an
 * export: read in one pass, to the same value as parse_amount() computes (same digits, same division).
 * False when the text is anything else, or too long for that: the general path then decides. */
static bool parse_plain_amount(const unsigned char *b, size_t n, char decimal_mark, double *out)
{
    int64_t mantissa = 0;
    int significant = 0, scale = 0;
    size_t digits = 0, mark = n; /* position of the decimal mark, n when none */
    for (size_t i = 0; i < n; i++) {
        if (is_digit(b[i])) {
            digits++;
            continue;
        }
        if (b[i] != (unsigned char)decimal_mark || mark != n)
            return false;
        mark = i;
    }
    if (digits == 0)
        return false;
    size_t end = n; /* trailing zeros of the fraction do not count */
    if (mark != n)
        while (end > mark + 1 && b[end - 1] == '0')
            end--;
    size_t i = 0;
    while (i < mark && b[i] == '0') /* nor do leading zeros of the integer part */
        i++;
    for (; i < end; i++) {
        if (i == mark)
            continue;
        if (++significant > MONEY_MAX_DIGITS)
            return false;
        mantissa = mantissa * 10 + (b[i] - '0');
        if (i > mark)
            scale++;
    }
    static const double powers_of_ten[MONEY_MAX_DIGITS + 1] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                               1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    *out = (double)mantissa / powers_of_ten[scale];
    return true;
}

pf_field_status field_parse_money(const char *s, size_t len, char decimal_mark, double *out, const char **why)
{
    const unsigned char *b = (const unsigned char *)s;
    size_t n = s ? len : 0;
    if (n > 0 && parse_plain_amount(b, n, decimal_mark, out))
        return PF_FIELD_OK;
    trim_blanks(&b, &n);
    if (n == 0)
        return PF_FIELD_EMPTY;

    /* Peel the currency, signs and parentheses off both ends, in any order ("-€5", "€ -5", "(5 €)"). */
    bool negative = false, currency = false, changed = true;
    while (changed && n > 0) {
        changed = false;
        size_t k;
        if (!currency && (k = currency_at(b, n, false, NULL)) > 0) {
            b += k;
            n -= k;
            currency = changed = true;
        } else if (!currency && (k = currency_at(b, n, true, NULL)) > 0) {
            n -= k;
            currency = changed = true;
        } else if ((k = minus_at(b, n, false)) > 0) {
            b += k;
            n -= k;
            negative = changed = true;
        } else if ((k = minus_at(b, n, true)) > 0) {
            n -= k;
            negative = changed = true;
        } else if (n >= 2 && b[0] == '(' && b[n - 1] == ')') {
            b++;
            n -= 2;
            negative = changed = true;
        } else if (b[0] == '+') {
            b++;
            n--;
            changed = true;
        }
        trim_blanks(&b, &n);
    }
    if (n == 0) {
        set_why(why, "no digits");
        return PF_FIELD_INVALID;
    }
    double value;
    const char *reason = parse_amount(b, n, decimal_mark, &value);
    if (!reason && negative && value != 0) /* "-0", "-0,00": zero with a sign, as spreadsheets write it */
        reason = "negative amount";
    if (reason) {
        set_why(why, reason);
        return PF_FIELD_INVALID;
    }
    *out = value;
    return PF_FIELD_OK;
}

/* ---- counts ---- */

pf_field_status field_parse_count(const char *s, size_t len, long *out, const char **why)
{
    const unsigned char *b = (const unsigned char *)s;
    size_t n = s ? len : 0;
    trim_blanks(&b, &n);
    if (n == 0)
        return PF_FIELD_EMPTY;
    size_t i = 0;
    if (b[0] == '+')
        i = 1;
    else if (b[0] == '-' && n > 1 && is_digit(b[1])) {
        set_why(why, "negative number");
        return PF_FIELD_INVALID;
    }
    if (i == n) {
        set_why(why, "not a whole number");
        return PF_FIELD_INVALID;
    }
    long value = 0;
    for (; i < n; i++) {
        if (!is_digit(b[i])) {
            set_why(why, "not a whole number");
            return PF_FIELD_INVALID;
        }
        int digit = b[i] - '0';
        if (value > (LONG_MAX - digit) / 10) {
            set_why(why, "number too large");
            return PF_FIELD_INVALID;
        }
        value = value * 10 + digit;
    }
    *out = value;
    return PF_FIELD_OK;
}
