/* settings.c — defaults, partnerfunnel.ini (read with inih), enum matching and the decimal-mark rule.
 *
 * inih does the INI syntax; we feed it the file one physical line at a time through ini_parse_stream()
 * with our own line reader, for three reasons:
 *  - the line number: Debian's libinih 55 does not pass it to the handler, but the reader knows it, and
 *    inih calls the handler for a line before it asks for the next one;
 *  - the reader vets each line before inih sees it: not UTF-8, a NUL byte, longer than inih's line buffer
 *    (inih would silently cut it in two and count two lines), an unknown [section] (inih does not tell the
 *    handler about sections that hold no key);
 *  - it strips leading blanks, so an indented "key = value" is a key, not (as inih's multi-line mode would
 *    have it) a continuation of the previous value.
 * The first problem wins: the reader stops at the first error it or the handler finds, and a syntax error
 * inih found on an earlier line (it keeps parsing after those and returns the first one's line) comes first.
 *
 * A file is parsed into a scratch pf_settings and merged into the caller's only when the whole file is
 * good, so a failed settings_load() leaves the settings as they were.
 */
#include "partnerfunnel/settings.h"

#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "partnerfunnel/arena.h"
#include "partnerfunnel/text.h"

typedef enum section_id {
    SECTION_NONE = -1,
    SECTION_COLUMNS = 0,
    SECTION_VALUES,
    SECTION_INPUT,
    SECTION_REPORT,
    SECTION_ACTIVE,
    SECTION_PLAN,
    SECTION_SCORE,
    SECTION_COUNT
} section_id;

static const char *const section_names[SECTION_COUNT] = {"columns", "values", "input", "report",
                                                         "active",  "plan",   "score"};

/* The keys of the sections that hold one setting per key. */
typedef enum scalar_key {
    KEY_ENCODING = 0,
    KEY_DATE_ORDER,
    KEY_DECIMAL,
    KEY_AS_OF,
    KEY_LANG,
    KEY_CURRENCY,
    KEY_WINDOW_MONTHS,
    KEY_MIN_WON_DEALS,
    KEY_SHEET,
    KEY_SCORE_SHOW,
    KEY_SCORE_UNITS_KEY,
    KEY_SCORE_UNITS_SHOW,
    KEY_SCORE_LINK,
    KEY_CRM,
    KEY_PLAN_RATE,                                       /* [plan] <stage>_rate, PF_PLAN_RATE_COUNT keys */
    KEY_PLAN_DELAY = KEY_PLAN_RATE + PF_PLAN_RATE_COUNT, /* [plan] <stage>_days */
    KEY_PLAN_RECRUITMENT_COST = KEY_PLAN_DELAY + PF_PLAN_DELAY_COUNT,
    KEY_PLAN_ONBOARDING_COST,
    KEY_COUNT
} scalar_key;

static const struct {
    section_id section;
    const char *name;
} scalar_keys[KEY_COUNT] = {
    [KEY_ENCODING] = {SECTION_INPUT, "encoding"},
    [KEY_DATE_ORDER] = {SECTION_INPUT, "date_order"},
    [KEY_DECIMAL] = {SECTION_INPUT, "decimal"},
    [KEY_AS_OF] = {SECTION_REPORT, "as_of"},
    [KEY_LANG] = {SECTION_REPORT, "lang"},
    [KEY_CURRENCY] = {SECTION_REPORT, "currency"},
    [KEY_WINDOW_MONTHS] = {SECTION_ACTIVE, "window_months"},
    [KEY_MIN_WON_DEALS] = {SECTION_ACTIVE, "min_won_deals"},
    [KEY_SHEET] = {SECTION_INPUT, "sheet"},
    [KEY_SCORE_SHOW] = {SECTION_SCORE, "show"},
    [KEY_SCORE_UNITS_KEY] = {SECTION_SCORE, "units_key"},
    [KEY_SCORE_UNITS_SHOW] = {SECTION_SCORE, "units_show"},
    [KEY_SCORE_LINK] = {SECTION_SCORE, "link"},
    [KEY_CRM] = {SECTION_INPUT, "crm"},
    [KEY_PLAN_RATE + 0] = {SECTION_PLAN, "approached_rate"},
    [KEY_PLAN_RATE + 1] = {SECTION_PLAN, "applied_rate"},
    [KEY_PLAN_RATE + 2] = {SECTION_PLAN, "reviewed_rate"},
    [KEY_PLAN_RATE + 3] = {SECTION_PLAN, "approved_rate"},
    [KEY_PLAN_RATE + 4] = {SECTION_PLAN, "signed_rate"},
    [KEY_PLAN_RATE + 5] = {SECTION_PLAN, "active_rate"},
    [KEY_PLAN_DELAY + 0] = {SECTION_PLAN, "approached_days"},
    [KEY_PLAN_DELAY + 1] = {SECTION_PLAN, "applied_days"},
    [KEY_PLAN_DELAY + 2] = {SECTION_PLAN, "reviewed_days"},
    [KEY_PLAN_DELAY + 3] = {SECTION_PLAN, "approved_days"},
    [KEY_PLAN_DELAY + 4] = {SECTION_PLAN, "signed_days"},
    [KEY_PLAN_RECRUITMENT_COST] = {SECTION_PLAN, "recruitment_cost"},
    [KEY_PLAN_ONBOARDING_COST] = {SECTION_PLAN, "onboarding_cost"},
};

/* Accepted spellings of an enumerated setting; the message lists `expected`. */
typedef struct enum_choice {
    const char *name;
    int value;
} enum_choice;

static const enum_choice encoding_choices[] = {
    {"auto", PF_ENCODING_AUTO},     {"utf-8", PF_ENCODING_UTF8},          {"utf8", PF_ENCODING_UTF8},
    {"cp1252", PF_ENCODING_CP1252}, {"windows-1252", PF_ENCODING_CP1252}, {NULL, 0},
};
static const enum_choice date_order_choices[] = {
    {"auto", PF_DATE_ORDER_AUTO}, {"dmy", PF_DATE_ORDER_DMY}, {"mdy", PF_DATE_ORDER_MDY}, {NULL, 0}};
static const enum_choice decimal_choices[] = {
    {"auto", PF_DECIMAL_AUTO}, {"comma", PF_DECIMAL_COMMA}, {"point", PF_DECIMAL_POINT}, {NULL, 0}};
static const enum_choice lang_choices[] = {{"en", PF_LANG_EN}, {"fr", PF_LANG_FR}, {NULL, 0}};
static const enum_choice crm_choices[] = {{"salesforce", PF_CRM_SALESFORCE},
                                          {"hubspot", PF_CRM_HUBSPOT},
                                          {"dynamics", PF_CRM_DYNAMICS},
                                          {"pipedrive", PF_CRM_PIPEDRIVE},
                                          {NULL, 0}};

#define WINDOW_MONTHS_MAX 120
#define MIN_WON_DEALS_MAX 1000
/* Longest quoted line in a message; longer ones end in "...". */
#define QUOTE_MAX 200

typedef struct load_state {
    const pf_settings *base; /* the caller's settings: defaults and earlier files, for synonym conflicts */
    pf_settings loaded;      /* what this file sets */
    const char *path;
    FILE *file;
    long line;  /* physical line last handed to inih */
    char *text; /* that line as in the file (BOM and line ending removed), NUL-terminated */
    size_t text_length;
    char *buffer; /* getline() buffer holding text */
    size_t buffer_size;
    /* first error */
    pf_error code;
    long error_line;
    pf_error_context error;
    /* line where each key was set in this file, 0 when not yet: duplicates are errors */
    long key_lines[KEY_COUNT];
    pf_date_parts as_of_parts; /* as_of is resolved once the file's date_order is known */
    bool as_of_empty;
    char as_of_text[256];
} load_state;

/* ---- defaults and cleanup ---- */

void settings_init(pf_settings *settings)
{
    /* members not named are zero / NULL: no path, no column mapped, no synonym */
    *settings = (pf_settings){
        .encoding = PF_ENCODING_AUTO,
        .date_order = PF_DATE_ORDER_AUTO,
        .decimal = PF_DECIMAL_AUTO,
        .as_of = PF_DATE_NONE,
        .lang = PF_LANG_EN,
        .currency = "EUR",
        .window_months = 6,
        .min_won_deals = 1,
        .score_link = PF_SCORE_DEFAULT_LINK,
    };
    for (int i = 0; i < PF_PLAN_RATE_COUNT; i++)
        settings->plan.rates[i] = NAN;
    for (int i = 0; i < PF_PLAN_DELAY_COUNT; i++)
        settings->plan.delays[i] = NAN;
    settings->plan.recruitment_cost = settings->plan.onboarding_cost = NAN;
}

void settings_clear(pf_settings *settings)
{
    if (!settings)
        return;
    free(settings->path);
    for (size_t i = 0; i < PF_COL_COUNT; i++)
        free(settings->column_headers[i]);
    for (size_t i = 0; i < settings->synonym_count; i++)
        free(settings->synonyms[i].folded);
    free(settings->synonyms);
    free(settings->synonym_slots);
    settings_init(settings);
}

static char *copy_string(const char *s, size_t len)
{
    char *copy = malloc(len + 1);
    if (copy) {
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    return copy;
}

/* ---- messages ---- */

/* Writes to out (size bytes, NUL-terminated) the line as it can be shown: invalid UTF-8 and control
 * characters other than TAB become U+FFFD, and a line longer than QUOTE_MAX bytes ends in "...". */
static void quote_line(const char *text, size_t len, char *out, size_t size)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)text[i];
        size_t step = c < 0x80 ? 1 : c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
        const char *piece = text + i;
        if (step == 0 || step > len - i || text_utf8_valid_prefix(text + i, step) != step) {
            piece = replacement;
            step = 1;
        } else if ((c < 0x20 && c != '\t') || c == 0x7F) {
            piece = replacement;
        }
        size_t piece_length = piece == replacement ? 3 : step;
        if (n + piece_length > QUOTE_MAX || n + piece_length + 4 > size) {
            if (n + 4 <= size) {
                memcpy(out + n, "...", 3);
                n += 3;
            }
            break;
        }
        memcpy(out + n, piece, piece_length);
        n += piece_length;
        i += step;
    }
    if (size)
        out[n] = '\0';
}

/* Records the first error, at `line`, quoting `text` on a second line. */
static void fail_at(load_state *st, pf_error code, long line, const char *text, size_t text_length,
                    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void fail_at(load_state *st, pf_error code, long line, const char *text, size_t text_length,
                    const char *fmt, ...)
{
    if (st->code != PF_OK)
        return;
    char why[sizeof st->error.message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    char quote[QUOTE_MAX + 8];
    quote_line(text, text_length, quote, sizeof quote);
    st->code = code;
    st->error_line = line;
    pf_error_set(&st->error, code, st->path, line, NULL, "%s\n>>> %s", why, quote);
}

/* The error is about the line being parsed. */
#define fail(st, code, ...) fail_at((st), (code), (st)->line, (st)->text, (st)->text_length, __VA_ARGS__)

/* ", "-separated list of the enum choices' names, skipping alternative spellings of the same value. */
static void list_choices(const enum_choice *choices, char *out, size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; choices[i].name; i++) {
        bool repeated = false;
        for (size_t j = 0; j < i; j++)
            repeated |= choices[j].value == choices[i].value;
        if (!repeated && n < size)
            n += (size_t)snprintf(out + n, size - n, "%s%s", n ? ", " : "", choices[i].name);
    }
}

/* ---- the line reader given to inih ---- */

static section_id find_section(const char *name, size_t len)
{
    size_t trimmed;
    name = text_trim(name, len, &trimmed);
    for (int i = 0; i < SECTION_COUNT; i++)
        if (strlen(section_names[i]) == trimmed && strncasecmp(name, section_names[i], trimmed) == 0)
            return (section_id)i;
    return SECTION_NONE;
}

/* A [section] line whose name we do not know is an error here: inih would pass it by silently when no key
 * follows. A line with '[' and no ']' is left to inih, which reports it as a syntax error. */
static void check_section_line(load_state *st, const char *line, size_t len)
{
    const char *close = memchr(line, ']', len);
    if (!close)
        return;
    if (find_section(line + 1, (size_t)(close - line - 1)) != SECTION_NONE)
        return;
    size_t name_length;
    const char *name = text_trim(line + 1, (size_t)(close - line - 1), &name_length);
    fail(st, PF_ERROR_CONFIG,
         "unknown section [%.*s] (the sections are [columns], [values], [input], "
         "[report], [active], [plan], [score])",
         (int)(name_length > 60 ? 60 : name_length), name);
}

static char *read_line(char *out, int size, void *stream)
{
    load_state *st = stream;
    if (st->code != PF_OK)
        return NULL; /* stop at the first error */
    errno = 0;
    ssize_t got = getline(&st->buffer, &st->buffer_size, st->file);
    if (got < 0) {
        if (ferror(st->file))
            fail_at(st, PF_ERROR_IO, st->line + 1, "", 0, "cannot read: %s", strerror(errno ? errno : EIO));
        return NULL;
    }
    st->line++;
    size_t len = (size_t)got;
    char *text = st->buffer;
    if (st->line == 1 && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    if (len > 0 && text[len - 1] == '\n')
        len--;
    if (len > 0 && text[len - 1] == '\r')
        len--;
    st->text = text;
    st->text_length = len;

    if (memchr(text, '\0', len)) {
        fail(st, PF_ERROR_CONFIG, "line holds a NUL byte: the settings file must be text");
        return NULL;
    }
    if (!text_is_utf8(text, len)) {
        fail(st, PF_ERROR_CONFIG, "line is not valid UTF-8: save the settings file as UTF-8");
        return NULL;
    }
    size_t skipped = 0;
    while (skipped < len && (text[skipped] == ' ' || text[skipped] == '\t'))
        skipped++;
    const char *content = text + skipped;
    size_t content_length = len - skipped;
    if (size < 1 || content_length > (size_t)size - 1) {
        fail(st, PF_ERROR_CONFIG, "line is longer than %d bytes", size - 1);
        return NULL;
    }
    if (content_length > 0 && content[0] == '[') {
        check_section_line(st, content, content_length);
        if (st->code != PF_OK)
            return NULL;
    }
    memcpy(out, content, content_length);
    out[content_length] = '\0';
    return out;
}

/* ---- the handler: one key = value ---- */

static int find_choice(const enum_choice *choices, const char *value)
{
    for (size_t i = 0; choices[i].name; i++)
        if (text_fold_equal(value, strlen(value), choices[i].name, strlen(choices[i].name)))
            return choices[i].value;
    return -1;
}

/* Sets *out to the choice value matches, or records an error and returns false. */
static bool parse_choice(load_state *st, const char *section, const char *key, const char *value,
                         const enum_choice *choices, int *out)
{
    int found = find_choice(choices, value);
    if (found >= 0) {
        *out = found;
        return true;
    }
    char expected[128];
    list_choices(choices, expected, sizeof expected);
    if (value[0] == '\0')
        fail(st, PF_ERROR_CONFIG, "key '%s' in [%s]: no value (expected one of %s)", key, section, expected);
    else
        fail(st, PF_ERROR_CONFIG, "key '%s' in [%s]: '%s' is not one of %s", key, section, value, expected);
    return false;
}

static bool parse_bounded_count(load_state *st, const char *section, const char *key, const char *value,
                                long max, int *out)
{
    long count = 0;
    const char *why = NULL;
    pf_field_status status = field_parse_count(value, strlen(value), &count, &why);
    if (status == PF_FIELD_OK && count >= 1 && count <= max) {
        *out = (int)count;
        return true;
    }
    if (status == PF_FIELD_EMPTY)
        fail(st, PF_ERROR_CONFIG, "key '%s' in [%s]: no value (expected a whole number from 1 to %ld)", key,
             section, max);
    else
        fail(st, PF_ERROR_CONFIG, "key '%s' in [%s]: '%s' is not a whole number from 1 to %ld", key, section,
             value, max);
    return false;
}

/* A plain decimal number with a point ("0.35", "45", "1200.50"), optionally followed by '%' (then divided by
 * 100 when percent_allowed); false when value is anything else. */
static bool parse_plan_number(const char *value, bool percent_allowed, double *out)
{
    size_t len = strlen(value), digits = 0, points = 0;
    bool percent = percent_allowed && len > 0 && value[len - 1] == '%';
    if (percent)
        len--;
    while (len > 0 && value[len - 1] == ' ')
        len--;
    for (size_t i = 0; i < len; i++) {
        if (value[i] >= '0' && value[i] <= '9')
            digits++;
        else if (value[i] == '.')
            points++;
        else
            return false;
    }
    if (digits == 0 || points > 1 || len > 30)
        return false;
    char copy[32];
    memcpy(copy, value, len);
    copy[len] = '\0';
    *out = strtod(copy, NULL) / (percent ? 100.0 : 1.0);
    return true;
}

/* [plan] values: a rate above 0 and at most 1 (or 100 %), days from 0 to 3650, an amount >= 0. */
static void set_plan(load_state *st, scalar_key key, const char *section, const char *name, const char *value)
{
    pf_plan_settings *plan = &st->loaded.plan;
    double number;
    if (key < KEY_PLAN_DELAY) {
        if (!parse_plan_number(value, true, &number) || !(number > 0 && number <= 1))
            fail(st, PF_ERROR_CONFIG,
                 "key '%s' in [%s]: '%s' is not a rate above 0 and at most 1 (0.35 or 35%%)", name, section,
                 value);
        else
            plan->rates[key - KEY_PLAN_RATE] = number;
    } else if (key < KEY_PLAN_RECRUITMENT_COST) {
        if (!parse_plan_number(value, false, &number) || number > 3650)
            fail(st, PF_ERROR_CONFIG, "key '%s' in [%s]: '%s' is not a number of days from 0 to 3650", name,
                 section, value);
        else
            plan->delays[key - KEY_PLAN_DELAY] = number;
    } else if (!parse_plan_number(value, false, &number)) {
        fail(st, PF_ERROR_CONFIG, "key '%s' in [%s]: '%s' is not an amount (digits, '.' for decimals)", name,
             section, value);
    } else if (key == KEY_PLAN_RECRUITMENT_COST) {
        plan->recruitment_cost = number;
    } else {
        plan->onboarding_cost = number;
    }
}

/* A text setting kept as written; longer than its buffer is an error rather than a silent cut. */
static void copy_setting(load_state *st, const char *section, const char *name, const char *value, char *to,
                         size_t size)
{
    if (strlen(value) >= size)
        fail(st, PF_ERROR_CONFIG, "key '%s' in [%s]: longer than %zu characters", name, section, size - 1);
    else
        snprintf(to, size, "%s", value);
}

static void set_scalar(load_state *st, scalar_key key, const char *section, const char *name, const char *value)
{
    if (key >= KEY_PLAN_RATE && key < KEY_COUNT) {
        set_plan(st, key, section, name, value);
        return;
    }
    pf_settings *s = &st->loaded;
    int choice;
    switch (key) {
    case KEY_ENCODING:
        if (parse_choice(st, section, name, value, encoding_choices, &choice))
            s->encoding = (pf_encoding)choice;
        break;
    case KEY_DATE_ORDER:
        if (parse_choice(st, section, name, value, date_order_choices, &choice))
            s->date_order = (pf_date_order)choice;
        break;
    case KEY_DECIMAL:
        if (parse_choice(st, section, name, value, decimal_choices, &choice))
            s->decimal = (pf_decimal)choice;
        break;
    case KEY_SHEET: /* Excel's sheet names have at most 31 characters */
        if (text_utf8_length(value, strlen(value)) > 31)
            fail(st, PF_ERROR_CONFIG, "key '%s' in [%s]: '%s' is longer than a sheet name (31 characters)",
                 name, section, value);
        else
            snprintf(s->sheet, sizeof s->sheet, "%s", value);
        break;
    case KEY_SCORE_SHOW: copy_setting(st, section, name, value, s->score_show, sizeof s->score_show); break;
    case KEY_SCORE_UNITS_KEY: copy_setting(st, section, name, value, s->units_key, sizeof s->units_key); break;
    case KEY_SCORE_UNITS_SHOW:
        copy_setting(st, section, name, value, s->units_show, sizeof s->units_show);
        break;
    case KEY_SCORE_LINK: copy_setting(st, section, name, value, s->score_link, sizeof s->score_link); break;
    case KEY_CRM:
        if (parse_choice(st, section, name, value, crm_choices, &choice))
            s->crm = (pf_crm)choice;
        break;
    case KEY_LANG:
        if (parse_choice(st, section, name, value, lang_choices, &choice))
            s->lang = (pf_lang)choice;
        break;
    case KEY_AS_OF: {
        /* Syntax now; the day is checked once date_order is known (a slash date follows it). */
        const char *why = NULL;
        pf_field_status status = field_scan_date(value, strlen(value), &st->as_of_parts, &why);
        st->as_of_empty = status == PF_FIELD_EMPTY;
        snprintf(st->as_of_text, sizeof st->as_of_text, "%s", value);
        if (status == PF_FIELD_INVALID)
            fail(st, PF_ERROR_CONFIG, "key '%s' in [%s]: '%s': %s", name, section, value,
                 why ? why : "not a date");
        break;
    }
    case KEY_CURRENCY: {
        size_t len = strlen(value);
        bool letters = len == 3;
        for (size_t i = 0; letters && i < 3; i++)
            letters = (value[i] >= 'A' && value[i] <= 'Z') || (value[i] >= 'a' && value[i] <= 'z');
        if (!letters) {
            if (len == 0)
                fail(st, PF_ERROR_CONFIG,
                     "key '%s' in [%s]: no value (expected a 3-letter currency code "
                     "such as EUR)",
                     name, section);
            else
                fail(st, PF_ERROR_CONFIG,
                     "key '%s' in [%s]: '%s' is not a 3-letter currency code such as "
                     "EUR, USD, GBP",
                     name, section, value);
            break;
        }
        for (size_t i = 0; i < 3; i++)
            s->currency[i] = (char)(value[i] >= 'a' ? value[i] - ('a' - 'A') : value[i]);
        s->currency[3] = '\0';
        break;
    }
    case KEY_WINDOW_MONTHS:
        parse_bounded_count(st, section, name, value, WINDOW_MONTHS_MAX, &s->window_months);
        break;
    case KEY_MIN_WON_DEALS:
        parse_bounded_count(st, section, name, value, MIN_WON_DEALS_MAX, &s->min_won_deals);
        break;
    default: break;
    }
}

/* The columns key names in [columns]: "partner_id" names the partner_id of every file, "deals.partner_id"
 * that of deals.csv only (a CRM preset needs both: HubSpot's companies have "Record ID", its deals
 * "Associated Company IDs"). *first..*end are the columns to search; 0 with a message when the file part
 * names no file. */
static int column_key_files(load_state *st, const char *key, const char **name, pf_column *first,
                            pf_column *end)
{
    *first = 0;
    *end = PF_COL_COUNT;
    *name = key;
    const char *dot = strchr(key, '.');
    if (!dot)
        return 1;
    for (int f = 0; f < PF_FILE_COUNT; f++)
        if (strlen(pf_file_names[f]) == (size_t)(dot - key) &&
            strncasecmp(key, pf_file_names[f], dot - key) == 0) {
            schema_file_columns((pf_file_kind)f, first, end);
            *name = dot + 1;
            return 1;
        }
    fail(st, PF_ERROR_CONFIG, "key '%s' in [columns]: '%.*s' is not one of the files partners, deals, costs",
         key, (int)(dot - key), key);
    return 0;
}

/* [columns] canonical_name = Header In The File, or file.canonical_name = Header */
static void set_column(load_state *st, const char *key, const char *value)
{
    const char *name;
    pf_column first, end;
    if (!column_key_files(st, key, &name, &first, &end))
        return;
    bool found = false;
    char shown[64];
    for (pf_column c = first; c < end; c++) {
        if (strcasecmp(name, pf_columns[c].name) != 0)
            continue;
        if (!found) /* the key as messages show it: canonical names, "deals.partner_id" */
            snprintf(shown, sizeof shown, "%s%s%s", name != key ? pf_file_names[pf_columns[c].file] : "",
                     name != key ? "." : "", pf_columns[c].name);
        if (st->loaded.column_lines[c] != 0) {
            fail(st, PF_ERROR_CONFIG, "key '%s' in [columns]: mapped twice (first on line %ld); keep one",
                 shown, st->loaded.column_lines[c]);
            return;
        }
        found = true;
    }
    size_t header_length;
    const char *header = text_trim(value, strlen(value), &header_length);
    if (found && header_length == 0) {
        fail(st, PF_ERROR_CONFIG,
             "key '%s' in [columns]: no header given (expected the column's header in the file)", shown);
        return;
    }
    for (pf_column c = first; c < end && found; c++) {
        if (strcasecmp(name, pf_columns[c].name) != 0)
            continue;
        char *copy = copy_string(header, header_length);
        if (!copy) {
            fail(st, PF_ERROR_MEMORY, "out of memory");
            return;
        }
        free(st->loaded.column_headers[c]);
        st->loaded.column_headers[c] = copy;
        st->loaded.column_lines[c] = st->line;
        st->loaded.column_file_only[c] = name != key;
    }
    if (found)
        return;
    char names[512];
    size_t n = 0;
    names[0] = '\0';
    for (pf_column c = first; c < end; c++) {
        bool repeated = false;
        for (pf_column d = first; d < c; d++)
            repeated |= strcmp(pf_columns[d].name, pf_columns[c].name) == 0;
        if (!repeated && n < sizeof names)
            n += (size_t)snprintf(names + n, sizeof names - n, "%s%s", n ? ", " : "", pf_columns[c].name);
    }
    if (name != key)
        fail(st, PF_ERROR_CONFIG, "key '%s' in [columns]: no such column in %.*s (its columns are %s)", key,
             (int)(name - 1 - key), key, names);
    else
        fail(st, PF_ERROR_CONFIG, "key '%s' in [columns]: no such column (the columns are %s)", key, names);
}

/* ---- the synonym index: open addressing on (family, folded text), linear probing ---- */

static size_t synonym_hash(pf_enum_family family, const char *folded)
{
    return (size_t)(pf_hash_bytes(folded, strlen(folded)) ^
                    ((unsigned long long)family * 0x9E3779B97F4A7C15ULL));
}

/* The index of the synonym of family whose folded text is folded, SIZE_MAX when none. */
static size_t synonym_find(const pf_settings *s, pf_enum_family family, const char *folded)
{
    if (s->synonym_slot_count == 0)
        return SIZE_MAX;
    size_t mask = s->synonym_slot_count - 1;
    for (size_t i = synonym_hash(family, folded) & mask;; i = (i + 1) & mask) {
        size_t k = s->synonym_slots[i];
        if (k == SIZE_MAX)
            return SIZE_MAX;
        if (s->synonyms[k].family == family && strcmp(s->synonyms[k].folded, folded) == 0)
            return k;
    }
}

static void synonym_slot_put(size_t *slots, size_t slot_count, const pf_synonym *synonym, size_t index)
{
    size_t mask = slot_count - 1;
    size_t i = synonym_hash(synonym->family, synonym->folded) & mask;
    while (slots[i] != SIZE_MAX)
        i = (i + 1) & mask;
    slots[i] = index;
}

/* Indexes every synonym of s again, with room for at least `room` synonyms at half load; false when
 * memory runs out (s unchanged then). */
static bool synonym_reindex(pf_settings *s, size_t room)
{
    size_t slot_count = 16;
    while (slot_count < 2 * room)
        slot_count *= 2;
    size_t *slots = malloc(slot_count * sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < slot_count; i++)
        slots[i] = SIZE_MAX;
    for (size_t k = 0; k < s->synonym_count; k++)
        synonym_slot_put(slots, slot_count, &s->synonyms[k], k);
    free(s->synonym_slots);
    s->synonym_slots = slots;
    s->synonym_slot_count = slot_count;
    return true;
}

/* The value folded matches among the default synonyms and the synonyms of settings (which may be NULL);
 * -1 when none. */
static int match_folded(const pf_settings *settings, pf_enum_family family, const char *folded, bool defaults)
{
    if (defaults)
        for (int v = 0; v < PF_ENUM_MAX_VALUES; v++)
            for (const char *const *syn = pf_enum_default_synonyms[family][v]; syn && *syn; syn++)
                if ((*syn)[0] == folded[0] && strcmp(*syn, folded) == 0) /* most differ at once */
                    return v;
    if (settings) {
        size_t k = synonym_find(settings, family, folded);
        if (k != SIZE_MAX)
            return settings->synonyms[k].value;
    }
    return -1;
}

static bool add_synonym(pf_settings *s, pf_enum_family family, int value, char *folded, long line)
{
    if (s->synonym_count % 8 == 0) {
        pf_synonym *grown = realloc(s->synonyms, (s->synonym_count + 8) * sizeof *grown);
        if (!grown)
            return false;
        s->synonyms = grown;
    }
    if (2 * (s->synonym_count + 1) > s->synonym_slot_count && !synonym_reindex(s, 2 * (s->synonym_count + 1)))
        return false;
    s->synonyms[s->synonym_count] = (pf_synonym){family, value, folded, line};
    synonym_slot_put(s->synonym_slots, s->synonym_slot_count, &s->synonyms[s->synonym_count], s->synonym_count);
    s->synonym_count++;
    return true;
}

/* [values] family.value = synonym, synonym, ... (a repeated key adds more synonyms) */
static void set_values(load_state *st, const char *name, const char *value)
{
    const char *dot = strchr(name, '.');
    if (!dot) {
        fail(st, PF_ERROR_CONFIG,
             "key '%s' in [values]: expected family.value, such as decision.approved or "
             "status.won",
             name);
        return;
    }
    size_t family_length = (size_t)(dot - name);
    int family = -1;
    for (int f = 0; f < PF_ENUM_FAMILY_COUNT; f++)
        if (strlen(pf_enum_family_names[f]) == family_length &&
            strncasecmp(name, pf_enum_family_names[f], family_length) == 0)
            family = f;
    if (family < 0) {
        fail(st, PF_ERROR_CONFIG,
             "key '%s' in [values]: unknown family '%.*s' (the families are decision, "
             "status)",
             name, (int)family_length, name);
        return;
    }
    int target = -1;
    for (int v = 0; v < PF_ENUM_MAX_VALUES; v++)
        if (strcasecmp(dot + 1, pf_enum_value_names[family][v]) == 0)
            target = v;
    if (target < 0) {
        const char *const *names = pf_enum_value_names[family];
        fail(st, PF_ERROR_CONFIG, "key '%s' in [values]: '%s' is not a %s value (expected %s, %s or %s)", name,
             dot + 1, pf_enum_family_names[family], names[0], names[1], names[2]);
        return;
    }
    char key[64];
    snprintf(key, sizeof key, "%s.%s", pf_enum_family_names[family], pf_enum_value_names[family][target]);

    const char *item = value;
    for (;;) {
        const char *comma = strchr(item, ',');
        size_t item_length = comma ? (size_t)(comma - item) : strlen(item);
        char *folded = malloc(item_length + 1);
        if (!folded) {
            fail(st, PF_ERROR_MEMORY, "out of memory");
            return;
        }
        text_fold(item, item_length, folded, item_length + 1);
        int already = folded[0] ? match_folded(st->base, (pf_enum_family)family, folded, true) : target;
        if (already < 0)
            already = match_folded(&st->loaded, (pf_enum_family)family, folded, false);
        if (already >= 0 && already != target) {
            size_t shown_length;
            const char *shown = text_trim(item, item_length, &shown_length);
            fail(st, PF_ERROR_CONFIG, "key '%s' in [values]: '%.*s' already means %s %s", key,
                 (int)shown_length, shown, pf_enum_family_names[family], pf_enum_value_names[family][already]);
            free(folded);
            return;
        }
        if (already == target) {
            free(folded); /* empty item, or a synonym it already has */
        } else if (!add_synonym(&st->loaded, (pf_enum_family)family, target, folded, st->line)) {
            free(folded);
            fail(st, PF_ERROR_MEMORY, "out of memory");
            return;
        }
        if (!comma)
            break;
        item = comma + 1;
    }
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    load_state *st = user;
    if (st->code != PF_OK)
        return 0;
    section_id id = find_section(section, strlen(section));
    if (id == SECTION_NONE) {
        /* Known sections only get this far (read_line checks them): this key is before any [section]. */
        fail(st, PF_ERROR_CONFIG,
             "key '%s' is not in a section (the sections are [columns], [values], "
             "[input], [report], [active], [plan], [score])",
             name);
        return 0;
    }
    const char *section_name = section_names[id];
    switch (id) {
    case SECTION_COLUMNS: set_column(st, name, value); break;
    case SECTION_VALUES: set_values(st, name, value); break;
    default: {
        int key = -1;
        for (int k = 0; k < KEY_COUNT; k++)
            if (scalar_keys[k].section == id && strcasecmp(name, scalar_keys[k].name) == 0)
                key = k;
        if (key < 0) {
            char expected[320];
            size_t n = 0;
            expected[0] = '\0';
            for (int k = 0; k < KEY_COUNT; k++)
                if (scalar_keys[k].section == id && n < sizeof expected)
                    n += (size_t)snprintf(expected + n, sizeof expected - n, "%s%s", n ? ", " : "",
                                          scalar_keys[k].name);
            fail(st, PF_ERROR_CONFIG, "key '%s' in [%s]: unknown key (the keys are %s)", name, section_name,
                 expected);
            return 0;
        }
        if (st->key_lines[key] != 0) {
            fail(st, PF_ERROR_CONFIG, "key '%s' in [%s]: set twice (first on line %ld); keep one",
                 scalar_keys[key].name, section_name, st->key_lines[key]);
            return 0;
        }
        st->key_lines[key] = st->line;
        set_scalar(st, (scalar_key)key, section_name, scalar_keys[key].name, value);
        break;
    }
    }
    return st->code == PF_OK;
}

/* ---- load ---- */

/* Line `number` of path (BOM and line ending removed) into *line / *length, for quoting a syntax error
 * inih found. *line is NULL when it cannot be read again. The caller frees *line. */
static void reread_line(const char *path, long number, char **line, size_t *length)
{
    *line = NULL;
    *length = 0;
    FILE *file = fopen(path, "rb");
    if (!file)
        return;
    char *buffer = NULL;
    size_t size = 0;
    ssize_t got = -1;
    for (long i = 0; i < number; i++) {
        got = getline(&buffer, &size, file);
        if (got < 0)
            break;
    }
    fclose(file);
    if (got < 0) {
        free(buffer);
        return;
    }
    size_t len = (size_t)got;
    size_t skip = number == 1 && len >= 3 && memcmp(buffer, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (len > skip && buffer[len - 1] == '\n')
        len--;
    if (len > skip && buffer[len - 1] == '\r')
        len--;
    memmove(buffer, buffer + skip, len - skip);
    *line = buffer;
    *length = len - skip;
}

/* Moves what st->loaded sets into settings (which then owns it). */
static void merge(pf_settings *settings, load_state *st)
{
    pf_settings *loaded = &st->loaded;
    for (size_t c = 0; c < PF_COL_COUNT; c++) {
        if (!loaded->column_headers[c])
            continue;
        free(settings->column_headers[c]);
        settings->column_headers[c] = loaded->column_headers[c];
        settings->column_lines[c] = loaded->column_lines[c];
        settings->column_file_only[c] = loaded->column_file_only[c];
        loaded->column_headers[c] = NULL;
    }
    if (st->key_lines[KEY_ENCODING])
        settings->encoding = loaded->encoding;
    if (st->key_lines[KEY_DATE_ORDER])
        settings->date_order = loaded->date_order;
    if (st->key_lines[KEY_DECIMAL])
        settings->decimal = loaded->decimal;
    if (st->key_lines[KEY_SHEET])
        memcpy(settings->sheet, loaded->sheet, sizeof settings->sheet);
    if (st->key_lines[KEY_SCORE_SHOW])
        memcpy(settings->score_show, loaded->score_show, sizeof settings->score_show);
    if (st->key_lines[KEY_SCORE_UNITS_KEY])
        memcpy(settings->units_key, loaded->units_key, sizeof settings->units_key);
    if (st->key_lines[KEY_SCORE_UNITS_SHOW])
        memcpy(settings->units_show, loaded->units_show, sizeof settings->units_show);
    if (st->key_lines[KEY_SCORE_LINK])
        memcpy(settings->score_link, loaded->score_link, sizeof settings->score_link);
    if (st->key_lines[KEY_CRM])
        settings->crm = loaded->crm;
    if (st->key_lines[KEY_AS_OF])
        settings->as_of = loaded->as_of;
    if (st->key_lines[KEY_LANG])
        settings->lang = loaded->lang;
    if (st->key_lines[KEY_CURRENCY])
        memcpy(settings->currency, loaded->currency, sizeof settings->currency);
    if (st->key_lines[KEY_WINDOW_MONTHS])
        settings->window_months = loaded->window_months;
    if (st->key_lines[KEY_MIN_WON_DEALS])
        settings->min_won_deals = loaded->min_won_deals;
    for (int i = 0; i < PF_PLAN_RATE_COUNT; i++)
        if (st->key_lines[KEY_PLAN_RATE + i])
            settings->plan.rates[i] = loaded->plan.rates[i];
    for (int i = 0; i < PF_PLAN_DELAY_COUNT; i++)
        if (st->key_lines[KEY_PLAN_DELAY + i])
            settings->plan.delays[i] = loaded->plan.delays[i];
    if (st->key_lines[KEY_PLAN_RECRUITMENT_COST])
        settings->plan.recruitment_cost = loaded->plan.recruitment_cost;
    if (st->key_lines[KEY_PLAN_ONBOARDING_COST])
        settings->plan.onboarding_cost = loaded->plan.onboarding_cost;
    free(settings->path);
    settings->path = loaded->path;
    loaded->path = NULL;
}

/* The appended synonyms move to settings; false when memory runs out (settings unchanged then). */
static bool merge_synonyms(pf_settings *settings, pf_settings *loaded)
{
    if (loaded->synonym_count == 0)
        return true;
    size_t total = settings->synonym_count + loaded->synonym_count;
    pf_synonym *grown = realloc(settings->synonyms, (total + 8 - total % 8) * sizeof *grown);
    if (!grown)
        return false;
    settings->synonyms = grown;
    size_t before = settings->synonym_count;
    memcpy(grown + before, loaded->synonyms, loaded->synonym_count * sizeof *grown);
    settings->synonym_count = total;
    if (!synonym_reindex(settings, total)) {
        settings->synonym_count = before; /* the copies stay owned by loaded, freed with it */
        return false;
    }
    free(loaded->synonyms);
    loaded->synonyms = NULL;
    loaded->synonym_count = 0;
    return true;
}

pf_error settings_load(pf_settings *settings, const char *path, pf_error_context *err)
{
    load_state st;
    memset(&st, 0, sizeof st);
    st.base = settings;
    st.path = path;
    settings_init(&st.loaded);
    pf_error_clear(&st.error);
    pf_error code = PF_OK;

    struct stat info;
    st.file = fopen(path, "rb");
    if (!st.file || (fstat(fileno(st.file), &info) == 0 && S_ISDIR(info.st_mode))) {
        code = pf_error_set(err, PF_ERROR_NO_INPUT, path, 0, NULL, "cannot open: %s",
                            strerror(st.file ? EISDIR : errno));
        goto cleanup;
    }

    int first_error = ini_parse_stream(read_line, &st, on_key, &st);
    if (first_error > 0 && (st.code == PF_OK || first_error < st.error_line)) {
        /* a syntax error inih found; anything we found comes later */
        st.code = PF_OK;
        char *line;
        size_t length;
        reread_line(path, first_error, &line, &length);
        fail_at(&st, PF_ERROR_CONFIG, first_error, line ? line : "", length,
                "line is neither a [section] nor a key = value");
        free(line);
    } else if (first_error == -2 && st.code == PF_OK) {
        fail_at(&st, PF_ERROR_MEMORY, 0, "", 0, "out of memory");
    }
    if (st.code == PF_OK && st.key_lines[KEY_AS_OF]) {
        pf_date_order order = st.key_lines[KEY_DATE_ORDER] ? st.loaded.date_order : settings->date_order;
        const char *why = NULL;
        st.loaded.as_of = PF_DATE_NONE;
        if (!st.as_of_empty && st.as_of_parts.year < PF_FIRST_YEAR)
            why = "before 1900, which Excel cannot show";
        if (!st.as_of_empty && (why || !field_date_resolve(&st.as_of_parts, order, &st.loaded.as_of, &why))) {
            char *line;
            size_t length;
            reread_line(path, st.key_lines[KEY_AS_OF], &line, &length);
            fail_at(&st, PF_ERROR_CONFIG, st.key_lines[KEY_AS_OF], line ? line : "", length,
                    "key 'as_of' in [report]: '%s': %s", st.as_of_text, why ? why : "no such day");
            free(line);
        }
    }
    if (st.code != PF_OK) {
        code = st.code;
        if (err)
            *err = st.error;
        goto cleanup;
    }
    st.loaded.path = copy_string(path, strlen(path));
    if (!st.loaded.path || !merge_synonyms(settings, &st.loaded)) {
        code = pf_error_set(err, PF_ERROR_MEMORY, path, 0, NULL, "out of memory");
        goto cleanup;
    }
    merge(settings, &st);
    pf_error_clear(err);

cleanup:
    if (st.file)
        fclose(st.file);
    free(st.buffer);
    settings_clear(&st.loaded);
    return code;
}

/* ---- matching ---- */

int settings_match_enum(const pf_settings *settings, pf_enum_family family, const char *text, size_t len)
{
    if ((int)family < 0 || family >= PF_ENUM_FAMILY_COUNT)
        return -1;
    char folded[256];
    if (len < sizeof folded) {
        /* the folded text is never longer than the text: it fits */
        text_fold(text, len, folded, sizeof folded);
        return match_folded(settings, family, folded, true);
    }
    char *long_folded = malloc(len + 1);
    if (long_folded) {
        text_fold(text, len, long_folded, len + 1);
        int value = match_folded(settings, family, long_folded, true);
        free(long_folded);
        return value;
    }
    for (int v = 0; v < PF_ENUM_MAX_VALUES; v++)
        for (const char *const *syn = pf_enum_default_synonyms[family][v]; syn && *syn; syn++)
            if (text_fold_equal(text, len, *syn, strlen(*syn)))
                return v;
    if (settings)
        for (size_t i = 0; i < settings->synonym_count; i++)
            if (settings->synonyms[i].family == family &&
                text_fold_equal(text, len, settings->synonyms[i].folded, strlen(settings->synonyms[i].folded)))
                return settings->synonyms[i].value;
    return -1;
}

char settings_decimal_mark(const pf_settings *settings, char delimiter)
{
    pf_decimal decimal = settings ? settings->decimal : PF_DECIMAL_AUTO;
    switch (decimal) {
    case PF_DECIMAL_COMMA: return ',';
    case PF_DECIMAL_POINT: return '.';
    case PF_DECIMAL_AUTO: break;
    }
    return delimiter == ';' ? ',' : '.';
}
