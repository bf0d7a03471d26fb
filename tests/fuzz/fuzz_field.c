/* fuzz_field.c — libFuzzer target for the typed-field parsers (field.h), the enum matching of the settings
 * (default synonyms), the scorer's number syntax and the text helpers (text.h): the whole input is one field.
 *
 * Besides the sanitizers, it checks the contracts the callers rely on: a parsed date round-trips through
 * its civil date and ISO text; a parsed amount is finite and not negative; a count is not negative; folding
 * is idempotent and never longer than its input; UTF-8 prefixes end on character boundaries. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "partnerfunnel/field.h"
#include "partnerfunnel/score.h"
#include "partnerfunnel/settings.h"
#include "partnerfunnel/text.h"

#define CHECK(cond)                                                                                            \
    do {                                                                                                       \
        if (!(cond)) {                                                                                         \
            fprintf(stderr, "fuzz_field: %s:%d: %s\n", __FILE__, __LINE__, #cond);                             \
            abort();                                                                                           \
        }                                                                                                      \
    } while (0)

static void check_date(pf_date date)
{
    int y, m, d;
    field_date_to_ymd(date, &y, &m, &d);
    CHECK(m >= 1 && m <= 12 && d >= 1 && d <= field_days_in_month(y, m));
    CHECK(field_date_from_ymd(y, m, d) == date);
    char iso[11];
    field_date_format_iso(date, iso);
    pf_date again = PF_DATE_NONE;
    CHECK(field_parse_date(iso, strlen(iso), PF_DATE_ORDER_DMY, &again, NULL) == PF_FIELD_OK);
    CHECK(again == date);
    pf_date later = field_date_add_months(date, 7);
    CHECK(later > date);
}

static void fuzz_dates(const char *s, size_t len)
{
    pf_date_parts parts;
    const char *why = NULL;
    pf_field_status status = field_scan_date(s, len, &parts, &why);
    if (status == PF_FIELD_INVALID)
        CHECK(why != NULL && why[0] != '\0');
    for (int order = PF_DATE_ORDER_AUTO; order <= PF_DATE_ORDER_MDY; order++) {
        pf_date date = 0;
        why = NULL;
        pf_field_status parsed = field_parse_date(s, len, (pf_date_order)order, &date, &why);
        CHECK(parsed == PF_FIELD_OK || date == PF_DATE_NONE);
        if (parsed == PF_FIELD_OK) {
            CHECK(status == PF_FIELD_OK);
            check_date(date);
        } else if (parsed == PF_FIELD_INVALID) {
            CHECK(why != NULL && why[0] != '\0');
        }
        if (status == PF_FIELD_OK) {
            pf_date resolved;
            if (field_date_resolve(&parts, (pf_date_order)order, &resolved, &why))
                check_date(resolved);
            (void)field_date_proves_mdy(&parts);
        }
    }
}

static void fuzz_numbers(const char *s, size_t len)
{
    static const char marks[2] = {',', '.'};
    for (int i = 0; i < 2; i++) {
        double amount = -1;
        const char *why = NULL;
        pf_field_status status = field_parse_money(s, len, marks[i], &amount, &why);
        if (status == PF_FIELD_OK)
            CHECK(isfinite(amount) && amount >= 0);
        else if (status == PF_FIELD_INVALID)
            CHECK(why != NULL && why[0] != '\0');
    }
    long count = -1;
    if (field_parse_count(s, len, &count, NULL) == PF_FIELD_OK)
        CHECK(count >= 0);
    double number;
    if (score_parse_number(s, len, &number))
        CHECK(!isnan(number));
}

static void fuzz_text(const char *s, size_t len)
{
    for (int family = 0; family < PF_ENUM_FAMILY_COUNT; family++) {
        int value = settings_match_enum(NULL, (pf_enum_family)family, s, len);
        CHECK(value >= -1 && value < PF_ENUM_MAX_VALUES);
    }
    char *folded = malloc(len + 1), *twice = malloc(len + 1);
    if (!folded || !twice)
        abort();
    size_t n = text_fold(s, len, folded, len + 1);
    CHECK(n <= len && folded[n] == '\0');
    size_t m = text_fold(folded, n, twice, len + 1);
    CHECK(m == n && memcmp(folded, twice, n) == 0);
    CHECK(text_fold_equal(s, len, folded, n));
    size_t small = len / 2 + 1; /* a truncating fold stays NUL-terminated within size */
    size_t cut = text_fold(s, len, twice, small);
    CHECK(cut < small && twice[cut] == '\0');
    free(folded);
    free(twice);

    size_t trimmed_len;
    const char *trimmed = text_trim(s, len, &trimmed_len);
    CHECK(trimmed >= s && trimmed + trimmed_len <= s + len);
    size_t valid = text_utf8_valid_prefix(s, len);
    CHECK(valid <= len && text_is_utf8(s, valid));
    CHECK(text_is_utf8(s, len) == (valid == len));
    if (valid == len) {
        size_t chars = text_utf8_length(s, len);
        CHECK(chars <= len);
        size_t half = text_utf8_prefix(s, len, chars / 2);
        CHECK(half <= len && text_is_utf8(s, half) && text_utf8_length(s, half) == chars / 2);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly size bytes, so reading past the field is an ASan error. */
    char *s = malloc(size ? size : 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    fuzz_dates(s, size);
    fuzz_numbers(s, size);
    fuzz_text(s, size);
    free(s);
    return 0;
}
