/* score.c — criteria table, known company ids and the streaming scorer (see score.h for the contract).
 *
 * How a row is scored, and why it is cheap:
 *
 * Everything that depends only on the criteria is done once, before the first row: operands are split on
 * '|' and folded, numbers and dates parsed, and every criterion points at a "slot" — one per distinct
 * prospect column tested. While a row is scored each slot caches, stamped with the row number, what the
 * tests asked of its field so far: the trimmed text (with "[ND]" made empty), its folded form, its number,
 * its date. A column tested by five criteria of three profiles is therefore trimmed, folded and parsed at
 * most once per row, and only if some test needs it: a profile's eliminatory criteria run first, in file
 * order, and the first one that fails ends the profile's work on that row (which is also exactly what the
 * sequential elimination funnel counts). On a SIRENE-like file most rows fail the first or second test, so
 * the typical row costs a trim and one or two short comparisons per profile.
 *
 * The shortlist of a profile is a binary heap of at most K entries whose root is the worst one kept; a row
 * is copied only when it beats the root (or the heap is not full yet), so the copying stops being a cost
 * once the heap is full. The order used everywhere (passed weight, then id, then line) is total, which
 * makes the result independent of the order in which rows arrive — the property scorer_merge() needs.
 */
#include "partnerfunnel/score.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "partnerfunnel/labels.h"
#include "partnerfunnel/reader.h"
#include "partnerfunnel/text.h"

const char *const pf_test_names[PF_TEST_COUNT] = {
    "equals",  "in",      "not_in", "starts_with", "contains", "at_least",
    "at_most", "between", "after",  "before",      "present",
};

const char *const pf_criteria_column_names[PF_CRITERIA_COLUMN_COUNT] = {
    "profile", "criterion", "column", "test", "value", "weight", "eliminatory",
};

/* Headers accepted for each column of the criteria table (matched after text_fold): English, then French. */
static const char *const criteria_header_synonyms[PF_CRITERIA_COLUMN_COUNT][3] = {
    {"profile", "profil", NULL},
    {"criterion", "critere", NULL},
    {"column", "colonne", NULL},
    {"test", NULL, NULL},
    {"value", "valeur", NULL},
    {"weight", "poids", NULL},
    {"eliminatory", "eliminatoire", NULL},
};

#define TEST_LIST                                                                                              \
    "equals, in, not_in, starts_with, contains, at_least, at_most, between, after, before, present"
#define YES_NO_LIST "yes, no, oui, non, true, false, 1 or 0"
#define COLUMN_LIST "profile, criterion, column, test, value, weight, eliminatory"
/* Longest user text quoted in a message. */
#define QUOTE_MAX 120
/* SIRET → SIREN: a SIRET's first 9 characters are its company's SIREN. */
#define KNOWN_PREFIX_CHARS 9

static const char withheld_marker[] = "[ND]";

static bool is_text_test(pf_test test)
{
    return test <= PF_TEST_CONTAINS;
}

static bool is_number_test(pf_test test)
{
    return test == PF_TEST_AT_LEAST || test == PF_TEST_AT_MOST || test == PF_TEST_BETWEEN;
}

static bool is_date_test(pf_test test)
{
    return test == PF_TEST_AFTER || test == PF_TEST_BEFORE;
}

/* The trimmed field, empty when it is SIRENE's withheld marker. */
static const char *field_value(const char *s, size_t len, size_t *out_len)
{
    size_t n = 0;
    const char *t = s;
    if (len > 0) {
        /* most fields have nothing to trim: no blank (nor a byte that may start or end NBSP/NNBSP) at
         * either end */
        unsigned char first = (unsigned char)s[0], last = (unsigned char)s[len - 1];
        if (first > ' ' && first != 0xC2 && first != 0xE2 && last > ' ' && last != 0xA0 && last != 0xAF)
            n = len;
        else
            t = text_trim(s, len, &n);
    }
    if (n == sizeof withheld_marker - 1 && memcmp(t, withheld_marker, n) == 0)
        n = 0;
    *out_len = n;
    return t;
}

bool score_parse_number(const char *s, size_t len, double *out)
{
    size_t n = 0;
    const char *t = len ? text_trim(s, len, &n) : s;
    if (n == 0)
        return false;
    size_t i = 0;
    bool negative = false;
    if (t[0] == '-' || t[0] == '+') {
        negative = t[0] == '-';
        i++;
    }
    size_t int_start = i;
    uint64_t whole = 0;
    while (i < n && t[i] >= '0' && t[i] <= '9') {
        if (i - int_start < 18)
            whole = whole * 10 + (uint64_t)(t[i] - '0');
        i++;
    }
    size_t int_digits = i - int_start;
    size_t frac_digits = 0;
    bool has_mark = i < n && (t[i] == '.' || t[i] == ',');
    if (has_mark) {
        i++;
        while (i < n && t[i] >= '0' && t[i] <= '9') {
            i++;
            frac_digits++;
        }
    }
    if (i != n || int_digits + frac_digits == 0)
        return false;
    if (!has_mark && int_digits <= 15) {
        *out = negative ? -(double)whole : (double)whole;
        return true;
    }
    char buf[80];
    if (n >= sizeof buf)
        return false;
    memcpy(buf, t, n);
    buf[n] = '\0';
    if (has_mark)
        buf[int_start + int_digits] = '.';
    *out = strtod(buf, NULL);
    return true;
}

int score_find_column(const char *const *header, size_t header_count, const char *name)
{
    size_t len = strlen(name);
    for (size_t i = 0; i < header_count; i++)
        if (strcmp(header[i], name) == 0)
            return (int)i;
    for (size_t i = 0; i < header_count; i++)
        if (text_fold_equal(header[i], strlen(header[i]), name, len))
            return (int)i;
    return -1;
}

/* ---- a small string table (open addressing), for groups and known ids ---- */

typedef struct str_entry {
    const char *key; /* NULL = free slot */
    size_t len;
    unsigned long long hash;
    long *counts;                    /* groups: one per profile */
    const pf_known_partner *partner; /* known ids: the first partner with this id (NULL when not said) */
} str_entry;

typedef struct str_table {
    str_entry *entries;
    size_t capacity; /* a power of two, or 0 */
    size_t count;
} str_table;

static str_entry *table_find(const str_table *table, const char *key, size_t len, unsigned long long hash)
{
    if (table->capacity == 0)
        return NULL;
    size_t mask = table->capacity - 1;
    for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
        str_entry *e = &table->entries[i];
        if (!e->key)
            return NULL;
        if (e->hash == hash && e->len == len && memcmp(e->key, key, len) == 0)
            return e;
    }
}

/* Makes room for one more entry (load at most 1/2). */
static bool table_reserve(str_table *table)
{
    if ((table->count + 1) * 2 <= table->capacity)
        return true;
    size_t capacity = table->capacity ? table->capacity * 2 : 64;
    str_entry *entries = calloc(capacity, sizeof *entries);
    if (!entries)
        return false;
    for (size_t i = 0; i < table->capacity; i++) {
        const str_entry *e = &table->entries[i];
        if (!e->key)
            continue;
        size_t j = (size_t)e->hash & (capacity - 1);
        while (entries[j].key)
            j = (j + 1) & (capacity - 1);
        entries[j] = *e;
    }
    free(table->entries);
    table->entries = entries;
    table->capacity = capacity;
    return true;
}

/* Inserts key (stored in arena) and returns its entry; the key must not be in the table. NULL on memory
 * exhaustion. */
static str_entry *table_insert(str_table *table, pf_arena *arena, const char *key, size_t len,
                               unsigned long long hash)
{
    if (!table_reserve(table))
        return NULL;
    char *copy = arena_strndup(arena, key, len);
    if (!copy)
        return NULL;
    size_t mask = table->capacity - 1;
    size_t i = (size_t)hash & mask;
    while (table->entries[i].key)
        i = (i + 1) & mask;
    str_entry *e = &table->entries[i];
    e->key = copy;
    e->len = len;
    e->hash = hash;
    e->counts = NULL;
    table->count++;
    return e;
}

static void table_clear(str_table *table)
{
    free(table->entries);
    memset(table, 0, sizeof *table);
}

/* ---- the criteria table ---- */

void criteria_init(pf_criteria *criteria, pf_date_order date_order)
{
    memset(criteria, 0, sizeof *criteria);
    criteria->path = "";
    criteria->date_order = date_order;
}

void criteria_clear(pf_criteria *criteria)
{
    pf_date_order order = criteria->date_order;
    for (size_t i = 0; i < criteria->count; i++) {
        free(criteria->items[i].operands);
        free(criteria->items[i].operand_lengths);
    }
    for (size_t p = 0; p < criteria->profile_count; p++) {
        free(criteria->profiles[p].criteria);
        free(criteria->profiles[p].eliminatory);
        free(criteria->profiles[p].scored);
    }
    free(criteria->items);
    free(criteria->profiles);
    free(criteria->slots);
    arena_free(criteria->arena);
    criteria_init(criteria, order);
}

static const char *header_name(const pf_criteria *criteria, pf_criteria_column column)
{
    return criteria->headers[column] ? criteria->headers[column] : pf_criteria_column_names[column];
}

/* Fills err for a problem in one cell of the criteria table. */
static pf_error cell_error(const pf_criteria *criteria, long line, pf_criteria_column column,
                           pf_error_context *err, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static pf_error cell_error(const pf_criteria *criteria, long line, pf_criteria_column column,
                           pf_error_context *err, const char *fmt, ...)
{
    char message[512];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    return pf_error_set(err, PF_ERROR_DATA, criteria->path[0] ? criteria->path : NULL, line,
                        header_name(criteria, column), "%s", message);
}

static bool append_index(size_t **array, size_t count, size_t value)
{
    size_t *grown = realloc(*array, (count + 1) * sizeof **array);
    if (!grown)
        return false;
    grown[count] = value;
    *array = grown;
    return true;
}

/* Splits value on '|' into folded, non-empty items stored in the arena. */
static bool split_operands(pf_criteria *criteria, pf_criterion *c, const char *value, size_t len)
{
    size_t start = 0;
    while (start <= len) {
        const char *bar = memchr(value + start, '|', len - start);
        size_t end = bar ? (size_t)(bar - value) : len;
        char *folded = arena_alloc(criteria->arena, end - start + 1);
        if (!folded)
            return false;
        size_t n = text_fold(value + start, end - start, folded, end - start + 1);
        if (n > 0) {
            const char **ops = realloc(c->operands, (c->operand_count + 1) * sizeof *ops);
            if (!ops)
                return false;
            c->operands = ops;
            size_t *lens = realloc(c->operand_lengths, (c->operand_count + 1) * sizeof *lens);
            if (!lens)
                return false;
            c->operand_lengths = lens;
            ops[c->operand_count] = folded;
            lens[c->operand_count] = n;
            c->operand_count++;
        }
        start = end + 1;
    }
    return true;
}

/* The test named by text (folded; blanks and '-' may stand for '_'), or PF_TEST_COUNT. */
static pf_test find_test(const char *text, size_t len)
{
    char folded[64];
    if (len >= sizeof folded)
        return PF_TEST_COUNT;
    size_t n = text_fold(text, len, folded, sizeof folded);
    for (size_t i = 0; i < n; i++)
        if (folded[i] == ' ' || folded[i] == '-')
            folded[i] = '_';
    for (int t = 0; t < PF_TEST_COUNT; t++)
        if (strcmp(folded, pf_test_names[t]) == 0)
            return (pf_test)t;
    return PF_TEST_COUNT;
}

/* 1 yes, 0 no, -1 neither. Empty is no. */
static int parse_yes_no(const char *text, size_t len)
{
    static const char *const yes[] = {"yes", "oui", "true", "vrai", "1", "y", "o"};
    static const char *const no[] = {"no", "non", "false", "faux", "0", "n", ""};
    char folded[16];
    if (len >= sizeof folded)
        return -1;
    text_fold(text, len, folded, sizeof folded);
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (strcmp(folded, yes[i]) == 0)
            return 1;
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (strcmp(folded, no[i]) == 0)
            return 0;
    return -1;
}

/* Index of the profile named name (folded match), adding it when new; -1 on memory exhaustion. */
static long find_or_add_profile(pf_criteria *criteria, const char *name, size_t len)
{
    for (size_t p = 0; p < criteria->profile_count; p++) {
        const char *existing = criteria->profiles[p].name;
        if (text_fold_equal(existing, strlen(existing), name, len))
            return (long)p;
    }
    pf_profile *grown = realloc(criteria->profiles, (criteria->profile_count + 1) * sizeof *grown);
    if (!grown)
        return -1;
    criteria->profiles = grown;
    pf_profile *profile = &grown[criteria->profile_count];
    memset(profile, 0, sizeof *profile);
    profile->name = arena_strndup(criteria->arena, name, len);
    if (!profile->name)
        return -1;
    return (long)criteria->profile_count++;
}

/* Parses value for c's test. On a problem returns PF_ERROR_DATA with err filled. */
static pf_error parse_operand(pf_criteria *criteria, pf_criterion *c, const char *value, size_t len, long line,
                              pf_error_context *err)
{
    const char *test = pf_test_names[c->test];
    char quoted[QUOTE_MAX + 1];
    snprintf(quoted, sizeof quoted, "%.*s", (int)(len < QUOTE_MAX ? len : QUOTE_MAX), value);
    if (c->test == PF_TEST_PRESENT)
        return PF_OK;
    if (len == 0) {
        const char *what = is_number_test(c->test)
                               ? c->test == PF_TEST_BETWEEN ? "low|high, two numbers" : "a number"
                           : is_date_test(c->test)     ? "a date"
                           : c->test == PF_TEST_EQUALS ? "one text"
                                                       : "a list separated by |";
        return cell_error(criteria, line, PF_CRITERIA_VALUE, err, "test '%s' needs a value (%s)", test, what);
    }
    if (is_text_test(c->test)) {
        if (c->test == PF_TEST_EQUALS && memchr(value, '|', len))
            return cell_error(criteria, line, PF_CRITERIA_VALUE, err,
                              "'%s' is a list: test 'equals' takes one value (use 'in' for a list)", quoted);
        if (!split_operands(criteria, c, value, len))
            return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
        if (c->operand_count == 0)
            return cell_error(criteria, line, PF_CRITERIA_VALUE, err, "test '%s' needs a value (%s)", test,
                              "a list separated by |");
        return PF_OK;
    }
    if (c->test == PF_TEST_AT_LEAST || c->test == PF_TEST_AT_MOST) {
        double number;
        if (!score_parse_number(value, len, &number))
            return cell_error(criteria, line, PF_CRITERIA_VALUE, err,
                              "'%s' is not a number (test '%s' needs one)", quoted, test);
        c->low = c->high = number;
        return PF_OK;
    }
    if (c->test == PF_TEST_BETWEEN) {
        const char *bar = memchr(value, '|', len);
        double low, high;
        if (!bar || memchr(bar + 1, '|', len - (size_t)(bar + 1 - value)) ||
            !score_parse_number(value, (size_t)(bar - value), &low) ||
            !score_parse_number(bar + 1, len - (size_t)(bar + 1 - value), &high))
            return cell_error(criteria, line, PF_CRITERIA_VALUE, err,
                              "'%s' is not a valid range for between (expected low|high, two numbers)", quoted);
        if (low > high)
            return cell_error(criteria, line, PF_CRITERIA_VALUE, err,
                              "'%s' is not a valid range for between (low is above high)", quoted);
        c->low = low;
        c->high = high;
        return PF_OK;
    }
    /* after, before */
    const char *why = NULL;
    pf_date date;
    if (field_parse_date(value, len, criteria->date_order, &date, &why) != PF_FIELD_OK) {
        return cell_error(criteria, line, PF_CRITERIA_VALUE, err, "'%s' is not a valid date for %s (%s)",
                          quoted, test, why ? why : "not a date");
    }
    c->date = date;
    return PF_OK;
}

pf_error criteria_add(pf_criteria *criteria, const pf_criterion_text *row, long line, pf_error_context *err)
{
    if (criteria->compiled)
        return pf_error_set(err, PF_ERROR_INTERNAL, NULL, 0, NULL, "criteria_add after criteria_compile");
    if (!criteria->arena && !(criteria->arena = arena_new()))
        return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
    const char *cell[PF_CRITERIA_COLUMN_COUNT];
    size_t len[PF_CRITERIA_COLUMN_COUNT];
    for (int i = 0; i < PF_CRITERIA_COLUMN_COUNT; i++) {
        const char *s = row->cells[i] ? row->cells[i] : "";
        cell[i] = text_trim(s, strlen(s), &len[i]);
    }
    char quoted[QUOTE_MAX + 1];

    if (len[PF_CRITERIA_PROFILE] == 0)
        return cell_error(criteria, line, PF_CRITERIA_PROFILE, err,
                          "profile is empty (each criterion belongs to a profile: integrator, reseller...)");
    if (len[PF_CRITERIA_COLUMN] == 0)
        return cell_error(criteria, line, PF_CRITERIA_COLUMN, err,
                          "column is empty (name the prospect column to test)");
    pf_test test = find_test(cell[PF_CRITERIA_TEST], len[PF_CRITERIA_TEST]);
    if (test == PF_TEST_COUNT) {
        if (len[PF_CRITERIA_TEST] == 0)
            return cell_error(criteria, line, PF_CRITERIA_TEST, err, "test is empty (expected one of %s)",
                              TEST_LIST);
        snprintf(quoted, sizeof quoted, "%.*s",
                 (int)(len[PF_CRITERIA_TEST] < QUOTE_MAX ? len[PF_CRITERIA_TEST] : QUOTE_MAX),
                 cell[PF_CRITERIA_TEST]);
        return cell_error(criteria, line, PF_CRITERIA_TEST, err, "unknown test '%s' (expected one of %s)",
                          quoted, TEST_LIST);
    }

    if (criteria->count == criteria->capacity) {
        size_t capacity = criteria->capacity ? criteria->capacity * 2 : 16;
        pf_criterion *grown = realloc(criteria->items, capacity * sizeof *grown);
        if (!grown)
            return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
        criteria->items = grown;
        criteria->capacity = capacity;
    }
    pf_criterion *c = &criteria->items[criteria->count];
    memset(c, 0, sizeof *c);
    c->test = test;
    c->line = line;
    c->field = -1;
    c->slot = -1;
    c->date = PF_DATE_NONE;
    /* from here c owns its operand arrays: count it now so that criteria_clear() frees them */
    criteria->count++;
    pf_error code = parse_operand(criteria, c, cell[PF_CRITERIA_VALUE], len[PF_CRITERIA_VALUE], line, err);
    if (code != PF_OK)
        goto undo;

    int yes = 0;
    const char *weight_text = cell[PF_CRITERIA_WEIGHT];
    size_t weight_len = len[PF_CRITERIA_WEIGHT];
    snprintf(quoted, sizeof quoted, "%.*s", (int)(weight_len < QUOTE_MAX ? weight_len : QUOTE_MAX),
             weight_text);
    if (weight_len == 0) {
        code = cell_error(criteria, line, PF_CRITERIA_WEIGHT, err,
                          "weight is empty (expected a number, 0 or more)");
        goto undo;
    }
    if (!score_parse_number(weight_text, weight_len, &c->weight) || c->weight < 0) {
        code = cell_error(criteria, line, PF_CRITERIA_WEIGHT, err,
                          "'%s' is not a valid weight (expected a number, 0 or more)", quoted);
        goto undo;
    }
    c->weight = c->weight + 0.0; /* -0 → 0 */
    yes = parse_yes_no(cell[PF_CRITERIA_ELIMINATORY], len[PF_CRITERIA_ELIMINATORY]);
    if (yes < 0) {
        size_t n = len[PF_CRITERIA_ELIMINATORY];
        snprintf(quoted, sizeof quoted, "%.*s", (int)(n < QUOTE_MAX ? n : QUOTE_MAX),
                 cell[PF_CRITERIA_ELIMINATORY]);
        code = cell_error(criteria, line, PF_CRITERIA_ELIMINATORY, err, "'%s' is not yes or no (expected %s)",
                          quoted, YES_NO_LIST);
        goto undo;
    }
    c->eliminatory = yes == 1;

    c->column = arena_strndup(criteria->arena, cell[PF_CRITERIA_COLUMN], len[PF_CRITERIA_COLUMN]);
    c->value = arena_strndup(criteria->arena, cell[PF_CRITERIA_VALUE], len[PF_CRITERIA_VALUE]);
    if (len[PF_CRITERIA_CRITERION] > 0) {
        c->label = arena_strndup(criteria->arena, cell[PF_CRITERIA_CRITERION], len[PF_CRITERIA_CRITERION]);
    } else {
        size_t size = len[PF_CRITERIA_COLUMN] + len[PF_CRITERIA_VALUE] + 32;
        char *label = arena_alloc(criteria->arena, size);
        if (label)
            snprintf(label, size, "%s %s%s%s", c->column ? c->column : "", pf_test_names[test],
                     len[PF_CRITERIA_VALUE] && test != PF_TEST_PRESENT ? " " : "",
                     test != PF_TEST_PRESENT && c->value ? c->value : "");
        c->label = label;
    }
    long p = find_or_add_profile(criteria, cell[PF_CRITERIA_PROFILE], len[PF_CRITERIA_PROFILE]);
    if (!c->column || !c->value || !c->label || p < 0) {
        code = pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
        goto undo;
    }
    pf_profile *profile = &criteria->profiles[p];
    c->profile = profile->name;
    size_t position = profile->criterion_count;
    if (!append_index(&profile->criteria, position, criteria->count - 1) ||
        !(c->eliminatory ? append_index(&profile->eliminatory, profile->eliminatory_count, position)
                         : append_index(&profile->scored, profile->scored_count, position))) {
        code = pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
        goto undo;
    }
    profile->criterion_count++;
    if (c->eliminatory)
        profile->eliminatory_count++;
    else
        profile->scored_count++;
    profile->total_weight += c->weight;
    return PF_OK;

undo:
    free(c->operands);
    free(c->operand_lengths);
    criteria->count--;
    return code;
}

pf_error criteria_load(pf_criteria *criteria, const char *path, const pf_settings *settings,
                       pf_error_context *err)
{
    pf_reader *reader = NULL;
    pf_reader_options options = {.encoding = settings ? settings->encoding : PF_ENCODING_AUTO,
                                 .sheet = settings ? settings->sheet : NULL,
                                 .threads = settings ? settings->threads : 0};
    pf_error code = reader_open(path, &options, &reader, err);
    if (code != PF_OK)
        return code;
    if (!criteria->arena && !(criteria->arena = arena_new())) {
        code = pf_error_set(err, PF_ERROR_MEMORY, path, 0, NULL, "out of memory");
        goto cleanup;
    }
    criteria->path = arena_strndup(criteria->arena, path, strlen(path));
    if (!criteria->path) {
        criteria->path = "";
        code = pf_error_set(err, PF_ERROR_MEMORY, path, 0, NULL, "out of memory");
        goto cleanup;
    }
    const pf_record *header = reader_header(reader);
    int index[PF_CRITERIA_COLUMN_COUNT];
    for (int i = 0; i < PF_CRITERIA_COLUMN_COUNT; i++) {
        index[i] = -1;
        for (int k = 0; k < 3 && index[i] < 0 && criteria_header_synonyms[i][k]; k++)
            index[i] = score_find_column((const char *const *)header->fields, header->field_count,
                                         criteria_header_synonyms[i][k]);
        if (index[i] >= 0) {
            size_t n;
            const char *name = text_trim(header->fields[index[i]], header->lengths[index[i]], &n);
            criteria->headers[i] = arena_strndup(criteria->arena, name, n);
        }
        bool required = i == PF_CRITERIA_PROFILE || i == PF_CRITERIA_COLUMN || i == PF_CRITERIA_TEST ||
                        i == PF_CRITERIA_WEIGHT;
        if (required && index[i] < 0) {
            code = pf_error_set(err, PF_ERROR_DATA, path, header->line, NULL,
                                "no column '%s' (a criteria table has the columns %s)",
                                pf_criteria_column_names[i], COLUMN_LIST);
            goto cleanup;
        }
    }
    size_t header_count = header->field_count;
    const pf_record *record;
    while ((code = reader_next(reader, &record, err)) == PF_OK && record) {
        if (record->malformed_quote_field >= 0 || record->invalid_utf8_field >= 0) {
            int f =
                record->malformed_quote_field >= 0 ? record->malformed_quote_field : record->invalid_utf8_field;
            const char *column = (size_t)f < header_count ? reader_header(reader)->fields[f] : NULL;
            code = pf_error_set(err, PF_ERROR_DATA, path, record->line, column, "%s",
                                record->malformed_quote_field >= 0 ? "malformed quote"
                                                                   : "invalid text (not UTF-8)");
            goto cleanup;
        }
        bool blank = true;
        for (size_t f = 0; f < record->field_count && blank; f++) {
            size_t n;
            text_trim(record->fields[f], record->lengths[f], &n);
            blank = n == 0;
        }
        if (blank)
            continue; /* a spreadsheet's empty row (";;;;;;") */
        if (record->field_count != header_count) {
            code = pf_error_set(err, PF_ERROR_DATA, path, record->line, NULL,
                                "has %zu field%s, the header has %zu", record->field_count,
                                record->field_count == 1 ? "" : "s", header_count);
            goto cleanup;
        }
        pf_criterion_text row;
        for (int i = 0; i < PF_CRITERIA_COLUMN_COUNT; i++)
            row.cells[i] = index[i] >= 0 ? record->fields[index[i]] : NULL;
        code = criteria_add(criteria, &row, record->line, err);
        if (code != PF_OK)
            goto cleanup;
    }
    if (code != PF_OK)
        goto cleanup;
    if (criteria->count == 0)
        code = pf_error_set(err, PF_ERROR_DATA, path, 0, NULL, "has no criteria (only a header)");
cleanup:
    reader_free(reader);
    if (code != PF_OK)
        criteria_clear(criteria);
    return code;
}

pf_error criteria_compile(pf_criteria *criteria, const char *const *header, size_t header_count,
                          const char *prospects_path, pf_error_context *err)
{
    free(criteria->slots);
    criteria->slots = NULL;
    criteria->slot_count = 0;
    criteria->compiled = false;
    if (criteria->count > 0 && !(criteria->slots = calloc(criteria->count, sizeof *criteria->slots)))
        return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
    for (size_t i = 0; i < criteria->count; i++) {
        pf_criterion *c = &criteria->items[i];
        int field = score_find_column(header, header_count, c->column);
        if (field < 0) {
            const char *base = strrchr(prospects_path, '/');
            return cell_error(criteria, c->line, PF_CRITERIA_COLUMN, err, "'%s' is not a column of %s",
                              c->column, base ? base + 1 : prospects_path);
        }
        c->field = field;
        size_t s = 0;
        while (s < criteria->slot_count && criteria->slots[s].field != field)
            s++;
        if (s == criteria->slot_count) {
            criteria->slots[s].field = field;
            criteria->slot_count++;
        }
        c->slot = (int)s;
        criteria->slots[s].text |= is_text_test(c->test);
        criteria->slots[s].number |= is_number_test(c->test);
        criteria->slots[s].date |= is_date_test(c->test);
    }
    criteria->compiled = true;
    return PF_OK;
}

void score_column_list(const char *const *header, size_t header_count, char *buf, size_t size)
{
    static const char more[] = ", ...";
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < header_count; i++) {
        size_t len = strlen(header[i]);
        if (n + (i ? 2 : 0) + len + sizeof more > size) {
            snprintf(buf + n, size - n, "%s", i ? more : "...");
            return;
        }
        n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "", header[i]);
    }
}

/* ---- known company ids ---- */

struct pf_known {
    pf_arena *arena;
    str_table full;   /* normalised ids */
    str_table prefix; /* their first 9 characters */
};

pf_known *known_new(void)
{
    pf_known *known = calloc(1, sizeof *known);
    if (known && !(known->arena = arena_new())) {
        free(known);
        return NULL;
    }
    return known;
}

void known_free(pf_known *known)
{
    if (!known)
        return;
    table_clear(&known->full);
    table_clear(&known->prefix);
    arena_free(known->arena);
    free(known);
}

/* Writes id without blanks, ASCII upper-cased, to out (size >= len); returns its length. "[ND]" gives 0. */
static size_t normalise_id(const char *id, size_t len, char *out)
{
    size_t n;
    id = field_value(id, len, &n);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)id[i];
        if (b == ' ' || b == '\t' || b == '\r' || b == '\n')
            continue;
        if (b == 0xC2 && i + 1 < n && (unsigned char)id[i + 1] == 0xA0) {
            i++;
            continue;
        }
        if (b == 0xE2 && i + 2 < n && (unsigned char)id[i + 1] == 0x80 && (unsigned char)id[i + 2] == 0xAF) {
            i += 2;
            continue;
        }
        out[o++] = (char)(b >= 'a' && b <= 'z' ? b - ('a' - 'A') : b);
    }
    return o;
}

/* Adds key to table unless there; the first partner given for a key stays. */
static bool known_table_add(pf_known *known, str_table *table, const char *key, size_t n,
                            const pf_known_partner *partner)
{
    unsigned long long hash = pf_hash_bytes(key, n);
    str_entry *e = table_find(table, key, n, hash);
    if (!e && !(e = table_insert(table, known->arena, key, n, hash)))
        return false;
    if (!e->partner)
        e->partner = partner;
    return true;
}

static bool known_insert(pf_known *known, const char *id, size_t n, const pf_known_partner *partner)
{
    return known_table_add(known, &known->full, id, n, partner) &&
           known_table_add(known, &known->prefix, id, text_utf8_prefix(id, n, KNOWN_PREFIX_CHARS), partner);
}

pf_error known_add_partner(pf_known *known, const char *company_id, size_t len, const char *partner_id,
                           const char *stage, pf_error_context *err)
{
    char small[256];
    char *buf = len <= sizeof small ? small : malloc(len);
    if (!buf)
        return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
    size_t n = normalise_id(company_id, len, buf);
    bool ok = true;
    if (n > 0) {
        pf_known_partner *partner = NULL;
        if (partner_id || stage) {
            partner = arena_alloc(known->arena, sizeof *partner);
            if (partner) {
                partner->partner_id = arena_strndup(known->arena, partner_id ? partner_id : "",
                                                    partner_id ? strlen(partner_id) : 0);
                partner->stage = arena_strndup(known->arena, stage ? stage : "", stage ? strlen(stage) : 0);
            }
            ok = partner && partner->partner_id && partner->stage;
        }
        ok = ok && known_insert(known, buf, n, partner);
    }
    if (buf != small)
        free(buf);
    return ok ? PF_OK : pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
}

pf_error known_add(pf_known *known, const char *company_id, size_t len, pf_error_context *err)
{
    return known_add_partner(known, company_id, len, NULL, NULL, err);
}

static bool cell_set(const char *cell)
{
    size_t n = 0;
    if (cell)
        field_value(cell, strlen(cell), &n);
    return n > 0;
}

const char *known_stage(const char *approached_on, const char *applied_on, const char *committee_on,
                        bool approved, const char *signed_on, const char *kickoff_on, const char *ended_on)
{
    if (cell_set(ended_on))
        return "ended";
    if (cell_set(kickoff_on))
        return "kicked_off";
    if (cell_set(signed_on))
        return "signed";
    if (cell_set(committee_on))
        return approved ? "approved" : "reviewed";
    if (cell_set(applied_on))
        return "applied";
    if (cell_set(approached_on))
        return "approached";
    return "listed";
}

size_t known_count(const pf_known *known)
{
    return known ? known->full.count : 0;
}

const pf_known_partner *known_find(const pf_known *known, const char *id, size_t len, bool *oom)
{
    static const pf_known_partner unnamed = {"", ""};
    if (!known || known->full.count == 0)
        return NULL;
    char small[256];
    char *buf = len <= sizeof small ? small : malloc(len);
    if (!buf) {
        *oom = true;
        return NULL;
    }
    size_t n = normalise_id(id, len, buf);
    const str_entry *e = NULL;
    if (n > 0) {
        e = table_find(&known->full, buf, n, pf_hash_bytes(buf, n));
        if (!e) {
            size_t p = text_utf8_prefix(buf, n, KNOWN_PREFIX_CHARS);
            e = table_find(&known->prefix, buf, p, pf_hash_bytes(buf, p));
        }
    }
    if (buf != small)
        free(buf);
    return !e ? NULL : e->partner ? e->partner : &unnamed;
}

bool known_match(const pf_known *known, const char *id, size_t len)
{
    bool oom = false;
    return known_find(known, id, len, &oom) != NULL || oom;
}

bool score_siren(const char *id, size_t len, char siren[10])
{
    siren[0] = '\0';
    char small[256];
    char *buf = len <= sizeof small ? small : malloc(len);
    if (!buf)
        return false;
    size_t n = normalise_id(id, len, buf);
    bool ok = n >= 9;
    for (size_t i = 0; ok && i < 9; i++)
        ok = buf[i] >= '0' && buf[i] <= '9';
    if (ok) {
        memcpy(siren, buf, 9);
        siren[9] = '\0';
    }
    if (buf != small)
        free(buf);
    return ok;
}

/* The column of a partners file holding canonical column c: the header [columns] maps it to, else its
 * canonical name, else a built-in name; -1 when none. */
static int partner_column(const char *const *names, size_t count, const pf_settings *settings, pf_column c)
{
    const char *mapped = settings ? settings->column_headers[c] : NULL;
    int column = mapped ? score_find_column(names, count, mapped) : -1;
    if (column < 0 && !mapped)
        column = score_find_column(names, count, pf_columns[c].name);
    char currency[4];
    for (size_t i = 0; column < 0 && !mapped && i < count; i++)
        if (schema_builtin_match(c, names[i], strlen(names[i]), currency))
            column = (int)i;
    return column;
}

/* The partners columns known_load reads besides company_id, and where each is (-1 = absent). */
enum {
    KNOWN_PARTNER_ID = 0,
    KNOWN_APPROACHED,
    KNOWN_APPLIED,
    KNOWN_COMMITTEE,
    KNOWN_DECISION,
    KNOWN_SIGNED,
    KNOWN_KICKOFF,
    KNOWN_ENDED,
    KNOWN_COLUMN_COUNT
};
static const pf_column known_columns[KNOWN_COLUMN_COUNT] = {
    PF_COL_PARTNER_ID, PF_COL_APPROACHED_ON, PF_COL_APPLIED_ON, PF_COL_COMMITTEE_ON,
    PF_COL_DECISION,   PF_COL_SIGNED_ON,     PF_COL_KICKOFF_ON, PF_COL_ENDED_ON,
};

/* The partner_id and stage of one partners row (cells outside the row, or after a malformed quote, empty). */
static pf_error known_add_row(pf_known *known, const pf_record *record, int column, const int *at,
                              const pf_settings *settings, pf_error_context *err)
{
    const char *cell[KNOWN_COLUMN_COUNT];
    for (int k = 0; k < KNOWN_COLUMN_COUNT; k++) {
        bool readable = at[k] >= 0 && (size_t)at[k] < record->field_count &&
                        (record->malformed_quote_field < 0 || record->malformed_quote_field > at[k]);
        cell[k] = readable ? record->fields[at[k]] : NULL;
    }
    size_t id_length = 0;
    const char *partner_id =
        cell[KNOWN_PARTNER_ID] ? field_value(cell[KNOWN_PARTNER_ID], strlen(cell[KNOWN_PARTNER_ID]), &id_length)
                               : "";
    char id[256];
    snprintf(id, sizeof id, "%.*s", (int)(id_length < sizeof id ? id_length : sizeof id - 1), partner_id);
    bool approved =
        cell[KNOWN_DECISION] && settings_match_enum(settings, PF_ENUM_DECISION, cell[KNOWN_DECISION],
                                                    strlen(cell[KNOWN_DECISION])) == PF_DECISION_APPROVED;
    const char *stage = known_stage(cell[KNOWN_APPROACHED], cell[KNOWN_APPLIED], cell[KNOWN_COMMITTEE],
                                    approved, cell[KNOWN_SIGNED], cell[KNOWN_KICKOFF], cell[KNOWN_ENDED]);
    return known_add_partner(known, record->fields[column], record->lengths[column], id, stage, err);
}

pf_error known_load(pf_known *known, const char *path, const pf_settings *settings, long *skipped,
                    pf_error_context *err)
{
    pf_reader *reader = NULL;
    pf_reader_options options = {.encoding = settings ? settings->encoding : PF_ENCODING_AUTO,
                                 .sheet = settings ? settings->sheet : NULL,
                                 .threads = settings ? settings->threads : 0};
    pf_error code = reader_open(path, &options, &reader, err);
    if (code != PF_OK)
        return code;
    const pf_record *header = reader_header(reader);
    const char *const *names = (const char *const *)header->fields;
    const char *mapped = settings ? settings->column_headers[PF_COL_COMPANY_ID] : NULL;
    int column = mapped ? score_find_column(names, header->field_count, mapped) : -1;
    if (column < 0)
        column = score_find_column(names, header->field_count, pf_columns[PF_COL_COMPANY_ID].name);
    long skips = 0;
    if (column < 0) {
        code =
            pf_error_set(err, PF_ERROR_DATA, path, header->line, NULL,
                         "no column '%s' (needed to recognise prospects that are already partners; map it in "
                         "[columns] of the settings if it has another name)",
                         mapped ? mapped : pf_columns[PF_COL_COMPANY_ID].name);
        goto cleanup;
    }
    int at[KNOWN_COLUMN_COUNT];
    for (int k = 0; k < KNOWN_COLUMN_COUNT; k++)
        at[k] = partner_column(names, header->field_count, settings, known_columns[k]);
    const pf_record *record;
    while ((code = reader_next(reader, &record, err)) == PF_OK && record) {
        bool readable = (size_t)column < record->field_count &&
                        (record->malformed_quote_field < 0 || record->malformed_quote_field > column);
        if (!readable) {
            skips++;
            continue;
        }
        code = known_add_row(known, record, column, at, settings, err);
        if (code != PF_OK)
            goto cleanup;
    }
cleanup:
    reader_free(reader);
    if (skipped)
        *skipped = skips;
    return code;
}

/* ---- the scorer ---- */

/* What the current row's field of one slot has been turned into so far. */
typedef struct slot_value {
    unsigned long stamp_value, stamp_folded, stamp_number, stamp_date;
    const char *value; /* trimmed, "[ND]" made empty */
    size_t value_length;
    char *folded;
    size_t folded_length, folded_capacity;
    bool number_ok, date_ok;
    double number;
    pf_date date;
} slot_value;

typedef struct shortlist_heap {
    pf_shortlist_entry *entries; /* entries[0] is the worst kept */
    size_t count, capacity;
} shortlist_heap;

typedef struct profile_state {
    long eligible, known;
    long *remaining;
    shortlist_heap heap;       /* the shortlist */
    shortlist_heap known_heap; /* the known list */
} profile_state;

struct pf_scorer {
    const pf_criteria *criteria;
    pf_score_config config;
    pf_arena *arena;
    const char **header;
    profile_state *profiles;
    slot_value *values;
    unsigned char *passed; /* scratch: one flag per criterion of the largest profile */
    unsigned long stamp;
    const char *const *fields; /* the row being scored */
    const size_t *lengths;
    long line;
    str_table groups;
    long rows_scored, rows_rejected;
    pf_score_reject *rejects;
    size_t reject_count;
};

static void heap_clear(shortlist_heap *h)
{
    for (size_t i = 0; i < h->count; i++)
        free(h->entries[i].block);
    free(h->entries);
    memset(h, 0, sizeof *h);
}

void scorer_free(pf_scorer *scorer)
{
    if (!scorer)
        return;
    if (scorer->profiles)
        for (size_t p = 0; p < scorer->criteria->profile_count; p++) {
            profile_state *ps = &scorer->profiles[p];
            heap_clear(&ps->heap);
            heap_clear(&ps->known_heap);
            free(ps->remaining);
        }
    free(scorer->profiles);
    if (scorer->values)
        for (size_t s = 0; s < scorer->criteria->slot_count; s++)
            free(scorer->values[s].folded);
    free(scorer->values);
    free(scorer->passed);
    free(scorer->header);
    free(scorer->rejects);
    table_clear(&scorer->groups);
    arena_free(scorer->arena);
    free(scorer);
}

pf_error scorer_new(const pf_criteria *criteria, const pf_score_config *config, pf_scorer **out,
                    pf_error_context *err)
{
    *out = NULL;
    if (!criteria->compiled)
        return pf_error_set(err, PF_ERROR_INTERNAL, NULL, 0, NULL, "criteria not compiled");
    for (size_t i = 0; i < criteria->count; i++)
        if (criteria->items[i].field < 0 || (size_t)criteria->items[i].field >= config->header_count)
            return pf_error_set(err, PF_ERROR_INTERNAL, NULL, 0, NULL, "criteria compiled for another header");
    if (config->id_field < 0 || (size_t)config->id_field >= config->header_count ||
        config->group_field >= (int)config->header_count)
        return pf_error_set(err, PF_ERROR_INTERNAL, NULL, 0, NULL, "id or group column outside the header");
    pf_scorer *s = calloc(1, sizeof *s);
    if (!s)
        goto oom;
    s->criteria = criteria;
    s->config = *config;
    s->arena = arena_new();
    s->header = calloc(config->header_count ? config->header_count : 1, sizeof *s->header);
    s->profiles = calloc(criteria->profile_count ? criteria->profile_count : 1, sizeof *s->profiles);
    s->values = calloc(criteria->slot_count ? criteria->slot_count : 1, sizeof *s->values);
    size_t most = 1;
    for (size_t p = 0; p < criteria->profile_count; p++)
        if (criteria->profiles[p].criterion_count > most)
            most = criteria->profiles[p].criterion_count;
    s->passed = calloc(most, 1);
    if (!s->arena || !s->header || !s->profiles || !s->values || !s->passed)
        goto oom;
    for (size_t i = 0; i < config->header_count; i++)
        if (!(s->header[i] = arena_strndup(s->arena, config->header[i], strlen(config->header[i]))))
            goto oom;
    s->config.header = s->header;
    for (size_t p = 0; p < criteria->profile_count; p++) {
        size_t n = criteria->profiles[p].eliminatory_count;
        if (!(s->profiles[p].remaining = calloc(n ? n : 1, sizeof(long))))
            goto oom;
    }
    *out = s;
    return PF_OK;
oom:
    scorer_free(s);
    return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
}

/* ---- one row ---- */

static slot_value *slot_base(pf_scorer *s, int slot)
{
    slot_value *v = &s->values[slot];
    if (v->stamp_value != s->stamp) {
        int field = s->criteria->slots[slot].field;
        v->value = field_value(s->fields[field], s->lengths[field], &v->value_length);
        v->stamp_value = s->stamp;
    }
    return v;
}

static bool slot_fold(pf_scorer *s, slot_value *v)
{
    if (v->stamp_folded == s->stamp)
        return true;
    if (v->value_length + 1 > v->folded_capacity) {
        size_t capacity = v->value_length + 1 > 64 ? v->value_length + 1 : 64;
        char *grown = realloc(v->folded, capacity);
        if (!grown)
            return false;
        v->folded = grown;
        v->folded_capacity = capacity;
    }
    v->folded_length = text_fold(v->value, v->value_length, v->folded, v->value_length + 1);
    v->stamp_folded = s->stamp;
    return true;
}

/* Whether needle (n > 0 bytes) occurs in text. */
static bool contains(const char *text, size_t len, const char *needle, size_t n)
{
    const char *p = text, *end = text + len;
    while ((size_t)(end - p) >= n) {
        p = memchr(p, needle[0], (size_t)(end - p) - n + 1);
        if (!p)
            return false;
        if (memcmp(p, needle, n) == 0)
            return true;
        p++;
    }
    return false;
}

static bool any_operand(const pf_criterion *c, const char *text, size_t len)
{
    for (size_t i = 0; i < c->operand_count; i++) {
        const char *op = c->operands[i];
        size_t n = c->operand_lengths[i];
        switch (c->test) {
        case PF_TEST_STARTS_WITH:
            if (n <= len && memcmp(text, op, n) == 0)
                return true;
            break;
        case PF_TEST_CONTAINS:
            if (n <= len && contains(text, len, op, n))
                return true;
            break;
        default:
            if (n == len && memcmp(text, op, n) == 0)
                return true;
            break;
        }
    }
    return false;
}

/* Whether the current row passes c. Sets *oom on memory exhaustion (the result is then false). */
static bool evaluate(pf_scorer *s, const pf_criterion *c, bool *oom)
{
    slot_value *v = slot_base(s, c->slot);
    switch (c->test) {
    case PF_TEST_PRESENT: return v->value_length > 0;
    case PF_TEST_EQUALS:
    case PF_TEST_IN:
    case PF_TEST_NOT_IN:
    case PF_TEST_STARTS_WITH:
    case PF_TEST_CONTAINS: {
        if (!slot_fold(s, v)) {
            *oom = true;
            return false;
        }
        bool hit = v->folded_length > 0 && any_operand(c, v->folded, v->folded_length);
        return c->test == PF_TEST_NOT_IN ? !hit : hit;
    }
    case PF_TEST_AT_LEAST:
    case PF_TEST_AT_MOST:
    case PF_TEST_BETWEEN:
        if (v->stamp_number != s->stamp) {
            v->number_ok = v->value_length > 0 && score_parse_number(v->value, v->value_length, &v->number);
            v->stamp_number = s->stamp;
        }
        if (!v->number_ok)
            return false;
        if (c->test == PF_TEST_AT_LEAST)
            return v->number >= c->low;
        if (c->test == PF_TEST_AT_MOST)
            return v->number <= c->high;
        return v->number >= c->low && v->number <= c->high;
    case PF_TEST_AFTER:
    case PF_TEST_BEFORE:
        if (v->stamp_date != s->stamp) {
            v->date_ok = v->value_length > 0 &&
                         field_parse_date(v->value, v->value_length, s->criteria->date_order, &v->date, NULL) ==
                             PF_FIELD_OK;
            v->stamp_date = s->stamp;
        }
        if (!v->date_ok)
            return false;
        return c->test == PF_TEST_AFTER ? v->date > c->date : v->date < c->date;
    case PF_TEST_COUNT: break;
    }
    return false;
}

/* -1 when a ranks before b (better), 1 after, 0 equal. */
static int rank_compare(double aw, const char *aid, size_t alen, long aline, double bw, const char *bid,
                        size_t blen, long bline)
{
    if (aw != bw)
        return aw > bw ? -1 : 1;
    size_t n = alen < blen ? alen : blen;
    int c = n ? memcmp(aid, bid, n) : 0;
    if (c != 0)
        return c < 0 ? -1 : 1;
    if (alen != blen)
        return alen < blen ? -1 : 1;
    if (aline != bline)
        return aline < bline ? -1 : 1;
    return 0;
}

static int entry_compare(const pf_shortlist_entry *a, const pf_shortlist_entry *b)
{
    return rank_compare(a->passed_weight, a->id, a->id_length, a->line, b->passed_weight, b->id, b->id_length,
                        b->line);
}

/* Heap order: the worst entry at the root. */
static bool heap_above(const pf_shortlist_entry *a, const pf_shortlist_entry *b)
{
    return entry_compare(a, b) > 0;
}

static void heap_sift_up(shortlist_heap *h, size_t i)
{
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!heap_above(&h->entries[i], &h->entries[parent]))
            break;
        pf_shortlist_entry t = h->entries[i];
        h->entries[i] = h->entries[parent];
        h->entries[parent] = t;
        i = parent;
    }
}

static void heap_sift_down(shortlist_heap *h, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, top = i;
        if (l < h->count && heap_above(&h->entries[l], &h->entries[top]))
            top = l;
        if (r < h->count && heap_above(&h->entries[r], &h->entries[top]))
            top = r;
        if (top == i)
            return;
        pf_shortlist_entry t = h->entries[i];
        h->entries[i] = h->entries[top];
        h->entries[top] = t;
        i = top;
    }
}

/* A free place in the heap for a new entry (its block possibly reused from the evicted root), or NULL when
 * the candidate does not make it. *is_new says whether it must be sifted up (appended) or down (root). */
static pf_shortlist_entry *heap_place(shortlist_heap *h, size_t top, double weight, const char *id,
                                      size_t id_len, long line, bool *appended, bool *oom)
{
    if (top == 0)
        return NULL;
    if (h->count < top) {
        if (h->count == h->capacity) {
            size_t capacity = h->capacity ? h->capacity * 2 : 16;
            if (capacity > top)
                capacity = top;
            pf_shortlist_entry *grown = realloc(h->entries, capacity * sizeof *grown);
            if (!grown) {
                *oom = true;
                return NULL;
            }
            h->entries = grown;
            h->capacity = capacity;
        }
        pf_shortlist_entry *e = &h->entries[h->count++];
        memset(e, 0, sizeof *e);
        *appended = true;
        return e;
    }
    const pf_shortlist_entry *root = &h->entries[0];
    if (rank_compare(weight, id, id_len, line, root->passed_weight, root->id, root->id_length, root->line) >= 0)
        return NULL;
    *appended = false;
    return &h->entries[0];
}

/* Copies the row into e (reusing its block when big enough). */
static bool entry_fill(pf_scorer *s, pf_shortlist_entry *e, size_t criterion_count, double weight, double score,
                       const char *id, size_t id_len)
{
    size_t n = s->config.header_count;
    size_t size = n * sizeof(char *) + criterion_count + id_len + 1;
    for (size_t f = 0; f < n; f++)
        size += s->lengths[f] + 1;
    if (size > e->block_size) {
        void *block = realloc(e->block, size);
        if (!block)
            return false;
        e->block = block;
        e->block_size = size;
    }
    char **fields = e->block;
    unsigned char *passed = (unsigned char *)(fields + n);
    memcpy(passed, s->passed, criterion_count);
    char *text = (char *)(passed + criterion_count);
    memcpy(text, id, id_len);
    text[id_len] = '\0';
    e->id = text;
    e->id_length = id_len;
    text += id_len + 1;
    for (size_t f = 0; f < n; f++) {
        memcpy(text, s->fields[f], s->lengths[f]);
        text[s->lengths[f]] = '\0';
        fields[f] = text;
        text += s->lengths[f] + 1;
    }
    e->fields = fields;
    e->passed = passed;
    e->passed_weight = weight;
    e->score = score;
    e->line = s->line;
    return true;
}

static pf_error too_many_groups(pf_scorer *s, pf_error_context *err)
{
    return pf_error_set(err, PF_ERROR_DATA, NULL, s->line, s->header[s->config.group_field],
                        "more than %d distinct values to group by: give a prefix (--group-by %s:N) or another "
                        "column",
                        PF_SCORE_MAX_GROUPS, s->header[s->config.group_field]);
}

/* The group entry of value (created with zero counts when new); NULL with *code set on failure. */
static str_entry *group_entry(pf_scorer *s, const char *value, size_t len, pf_error *code,
                              pf_error_context *err)
{
    unsigned long long hash = pf_hash_bytes(value, len);
    str_entry *e = table_find(&s->groups, value, len, hash);
    if (e)
        return e;
    if (s->groups.count >= PF_SCORE_MAX_GROUPS) {
        *code = too_many_groups(s, err);
        return NULL;
    }
    size_t profiles = s->criteria->profile_count;
    long *counts = arena_alloc(s->arena, profiles * sizeof *counts);
    e = counts ? table_insert(&s->groups, s->arena, value, len, hash) : NULL;
    if (!e) {
        *code = pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
        return NULL;
    }
    memset(counts, 0, profiles * sizeof *counts);
    e->counts = counts;
    return e;
}

pf_error scorer_add_row(pf_scorer *s, const char *const *fields, const size_t *lengths, long line,
                        pf_error_context *err)
{
    const pf_criteria *criteria = s->criteria;
    if (++s->stamp == 0) { /* wrapped: forget every cached value */
        for (size_t i = 0; i < criteria->slot_count; i++)
            s->values[i].stamp_value = s->values[i].stamp_folded = s->values[i].stamp_number =
                s->values[i].stamp_date = 0;
        s->stamp = 1;
    }
    s->fields = fields;
    s->lengths = lengths;
    s->line = line;
    s->rows_scored++;
    bool oom = false;
    int row_known = -1; /* not computed yet */
    const pf_known_partner *partner = NULL;
    const char *id = NULL;
    size_t id_len = 0;
    str_entry *group = NULL;
    for (size_t p = 0; p < criteria->profile_count; p++) {
        const pf_profile *profile = &criteria->profiles[p];
        profile_state *ps = &s->profiles[p];
        bool eligible = true;
        for (size_t i = 0; i < profile->eliminatory_count; i++) {
            size_t position = profile->eliminatory[i];
            if (!evaluate(s, &criteria->items[profile->criteria[position]], &oom)) {
                eligible = false;
                break;
            }
            ps->remaining[i]++;
            s->passed[position] = 1;
        }
        if (oom)
            break;
        if (!eligible)
            continue;
        ps->eligible++;
        for (size_t j = 0; j < profile->scored_count; j++) {
            size_t position = profile->scored[j];
            s->passed[position] = evaluate(s, &criteria->items[profile->criteria[position]], &oom);
        }
        if (oom)
            break;
        double weight = 0;
        for (size_t k = 0; k < profile->criterion_count; k++)
            if (s->passed[k])
                weight += criteria->items[profile->criteria[k]].weight;
        if (!id)
            id = field_value(fields[s->config.id_field], lengths[s->config.id_field], &id_len);
        if (row_known < 0) {
            partner = s->config.known ? known_find(s->config.known, id, id_len, &oom) : NULL;
            if (oom)
                break;
            row_known = partner != NULL;
        }
        if (row_known)
            ps->known++;
        if (s->config.group_field >= 0) {
            if (!group) {
                size_t len;
                const char *value =
                    field_value(fields[s->config.group_field], lengths[s->config.group_field], &len);
                if (s->config.group_prefix > 0)
                    len = text_utf8_prefix(value, len, s->config.group_prefix);
                pf_error code = PF_OK;
                group = group_entry(s, value, len, &code, err);
                if (!group)
                    return code;
            }
            group->counts[p]++;
        }
        shortlist_heap *heap = row_known ? &ps->known_heap : &ps->heap;
        bool appended = false;
        pf_shortlist_entry *e = heap_place(heap, s->config.top, weight, id, id_len, line, &appended, &oom);
        if (!e)
            continue;
        double score = profile->total_weight > 0 ? 100.0 * weight / profile->total_weight : 100.0;
        if (!entry_fill(s, e, profile->criterion_count, weight, score, id, id_len)) {
            oom = true; /* the heap is as it was: an appended place is given back, the root untouched */
            if (appended)
                heap->count--;
            break;
        }
        e->partner = partner;
        if (appended)
            heap_sift_up(heap, heap->count - 1);
        else
            heap_sift_down(heap, 0);
    }
    if (oom)
        return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
    return PF_OK;
}

/* Copies a reject's strings into arena; false on exhaustion. */
static bool reject_copy(pf_arena *arena, pf_score_reject *to, const pf_score_reject *from, size_t raw_length)
{
    to->line = from->line;
    to->column = arena_strndup(arena, from->column, strlen(from->column));
    to->reason = arena_strndup(arena, from->reason, strlen(from->reason));
    to->raw = arena_strndup(arena, from->raw, raw_length);
    return to->column && to->reason && to->raw;
}

pf_error scorer_reject(pf_scorer *s, long line, const char *column, const char *reason, const char *raw,
                       size_t raw_length, pf_error_context *err)
{
    s->rows_rejected++;
    if (s->reject_count >= PF_SCORE_MAX_REJECTS)
        return PF_OK;
    if (!s->rejects && !(s->rejects = malloc(PF_SCORE_MAX_REJECTS * sizeof *s->rejects)))
        return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
    if (!raw)
        raw_length = 0;
    if (raw_length > PF_SCORE_REJECT_RAW_MAX) {
        raw_length = PF_SCORE_REJECT_RAW_MAX;
        while (raw_length > 0 && ((unsigned char)raw[raw_length] & 0xC0) == 0x80)
            raw_length--;
    }
    pf_score_reject given = {line, column ? column : "", reason, raw ? raw : ""};
    if (!reject_copy(s->arena, &s->rejects[s->reject_count], &given, raw_length))
        return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
    s->reject_count++;
    return PF_OK;
}

static int reject_compare(const void *a, const void *b)
{
    long la = ((const pf_score_reject *)a)->line, lb = ((const pf_score_reject *)b)->line;
    return (la > lb) - (la < lb);
}

pf_error scorer_add_record(pf_scorer *scorer, const pf_record *record, const pf_record *header,
                           const char *path, pf_error_context *err)
{
    size_t header_count = header->field_count;
    char reason[96];
    const char *problem = NULL;
    int field = -1;
    if (record->malformed_quote_field >= 0) {
        problem = "malformed quote";
        field = record->malformed_quote_field;
    } else if (record->invalid_utf8_field >= 0) {
        problem = "invalid text (not UTF-8)";
        field = record->invalid_utf8_field;
    } else if (record->field_count != header_count) {
        snprintf(reason, sizeof reason, "has %zu field%s, the header has %zu", record->field_count,
                 record->field_count == 1 ? "" : "s", header_count);
        problem = reason;
    }
    if (problem) {
        const char *column = field >= 0 && (size_t)field < header_count ? header->fields[field] : NULL;
        return scorer_reject(scorer, record->line, column, problem, record->raw, record->raw_length, err);
    }
    pf_error code =
        scorer_add_row(scorer, (const char *const *)record->fields, record->lengths, record->line, err);
    if (code == PF_ERROR_DATA && err) { /* too many groups: point at the file */
        snprintf(err->file, sizeof err->file, "%s", path);
        err->line = record->line;
    }
    return code;
}

/* Moves the entries of from into h (K = top); from is left empty. False on memory exhaustion (what is left
 * in from is then freed with it). */
static bool heap_merge(shortlist_heap *h, shortlist_heap *from, size_t top)
{
    for (size_t i = 0; i < from->count; i++) {
        pf_shortlist_entry moved = from->entries[i];
        bool appended = false, oom = false;
        pf_shortlist_entry *e =
            heap_place(h, top, moved.passed_weight, moved.id, moved.id_length, moved.line, &appended, &oom);
        if (!e) {
            free(moved.block);
            from->entries[i].block = NULL;
            if (oom) {
                memmove(from->entries, from->entries + i + 1, (from->count - i - 1) * sizeof moved);
                from->count -= i + 1;
                return false;
            }
            continue;
        }
        if (!appended)
            free(e->block);
        *e = moved;
        if (appended)
            heap_sift_up(h, h->count - 1);
        else
            heap_sift_down(h, 0);
    }
    from->count = 0;
    return true;
}

pf_error scorer_merge(pf_scorer *s, pf_scorer *from, pf_error_context *err)
{
    const pf_criteria *criteria = s->criteria;
    s->rows_scored += from->rows_scored;
    s->rows_rejected += from->rows_rejected;
    from->rows_scored = from->rows_rejected = 0;
    if (from->reject_count > 0) {
        /* both lists hold their first lines: the first lines of the union are among them */
        size_t total = s->reject_count + from->reject_count;
        pf_score_reject *all =
            malloc((total > PF_SCORE_MAX_REJECTS ? total : PF_SCORE_MAX_REJECTS) * sizeof *all);
        if (!all)
            return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
        if (s->reject_count)
            memcpy(all, s->rejects, s->reject_count * sizeof *all);
        for (size_t i = 0; i < from->reject_count; i++) {
            const pf_score_reject *r = &from->rejects[i];
            if (!reject_copy(s->arena, &all[s->reject_count + i], r, strlen(r->raw))) {
                free(all);
                return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
            }
        }
        qsort(all, total, sizeof *all, reject_compare);
        free(s->rejects);
        s->rejects = all;
        s->reject_count = total < PF_SCORE_MAX_REJECTS ? total : PF_SCORE_MAX_REJECTS;
        free(from->rejects);
        from->rejects = NULL;
        from->reject_count = 0;
    }
    for (size_t p = 0; p < criteria->profile_count; p++) {
        profile_state *ps = &s->profiles[p], *fs = &from->profiles[p];
        ps->eligible += fs->eligible;
        ps->known += fs->known;
        for (size_t i = 0; i < criteria->profiles[p].eliminatory_count; i++)
            ps->remaining[i] += fs->remaining[i];
        fs->eligible = fs->known = 0;
        memset(fs->remaining, 0, criteria->profiles[p].eliminatory_count * sizeof(long));
        if (!heap_merge(&ps->heap, &fs->heap, s->config.top) ||
            !heap_merge(&ps->known_heap, &fs->known_heap, s->config.top))
            return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    for (size_t i = 0; i < from->groups.capacity; i++) {
        const str_entry *g = &from->groups.entries[i];
        if (!g->key)
            continue;
        pf_error code = PF_OK;
        str_entry *e = group_entry(s, g->key, g->len, &code, err);
        if (!e)
            return code;
        for (size_t p = 0; p < criteria->profile_count; p++)
            e->counts[p] += g->counts[p];
    }
    table_clear(&from->groups);
    return PF_OK;
}

static int entry_qsort(const void *a, const void *b)
{
    return entry_compare(a, b);
}

static int group_row_qsort(const void *a, const void *b)
{
    const pf_group_row *x = a, *y = b;
    if (x->total != y->total)
        return x->total > y->total ? -1 : 1;
    return strcmp(x->value, y->value);
}

static int group_qsort(const void *a, const void *b)
{
    const pf_group_count *x = a, *y = b;
    if (x->eligible != y->eligible)
        return x->eligible > y->eligible ? -1 : 1;
    return strcmp(x->value, y->value);
}

pf_error scorer_finish(pf_scorer *s, pf_score_result *result, pf_error_context *err)
{
    const pf_criteria *criteria = s->criteria;
    memset(result, 0, sizeof *result);
    result->profiles = calloc(criteria->profile_count ? criteria->profile_count : 1, sizeof *result->profiles);
    if (!result->profiles)
        return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
    result->profile_count = criteria->profile_count;
    for (size_t p = 0; p < criteria->profile_count; p++) {
        pf_profile_result *pr = &result->profiles[p];
        pr->profile = &criteria->profiles[p];
        size_t count = 0;
        for (size_t i = 0; i < s->groups.capacity; i++)
            count += s->groups.entries[i].key && s->groups.entries[i].counts[p] > 0;
        if (count > 0 && !(pr->groups = malloc(count * sizeof *pr->groups))) {
            score_result_clear(result);
            return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
        }
    }
    if (s->groups.count > 0 && !(result->group_rows = malloc(s->groups.count * sizeof *result->group_rows))) {
        score_result_clear(result);
        return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    /* nothing below can fail: hand over */
    for (size_t i = 0; i < s->groups.capacity; i++) {
        const str_entry *g = &s->groups.entries[i];
        if (!g->key)
            continue;
        pf_group_row *row = &result->group_rows[result->group_row_count++];
        row->value = g->key;
        row->eligible = g->counts;
        row->total = 0;
        for (size_t p = 0; p < criteria->profile_count; p++)
            row->total += g->counts[p];
    }
    if (result->group_row_count > 1)
        qsort(result->group_rows, result->group_row_count, sizeof *result->group_rows, group_row_qsort);
    for (size_t p = 0; p < criteria->profile_count; p++) {
        pf_profile_result *pr = &result->profiles[p];
        profile_state *ps = &s->profiles[p];
        pr->eligible = ps->eligible;
        pr->known = ps->known;
        pr->remaining = ps->remaining;
        ps->remaining = NULL;
        if (ps->heap.count > 1)
            qsort(ps->heap.entries, ps->heap.count, sizeof *ps->heap.entries, entry_qsort);
        pr->shortlist = ps->heap.entries;
        pr->shortlist_count = ps->heap.count;
        memset(&ps->heap, 0, sizeof ps->heap);
        if (ps->known_heap.count > 1)
            qsort(ps->known_heap.entries, ps->known_heap.count, sizeof *ps->known_heap.entries, entry_qsort);
        pr->known_list = ps->known_heap.entries;
        pr->known_list_count = ps->known_heap.count;
        memset(&ps->known_heap, 0, sizeof ps->known_heap);
        for (size_t i = 0; i < s->groups.capacity; i++) {
            const str_entry *g = &s->groups.entries[i];
            if (g->key && g->counts[p] > 0)
                pr->groups[pr->group_count++] = (pf_group_count){g->key, g->counts[p]};
        }
        if (pr->group_count > 1)
            qsort(pr->groups, pr->group_count, sizeof *pr->groups, group_qsort);
    }
    table_clear(&s->groups);
    result->arena = s->arena;
    s->arena = NULL;
    result->header = s->header;
    s->header = NULL;
    result->header_count = s->config.header_count;
    result->rows_scored = s->rows_scored;
    result->rows_rejected = s->rows_rejected;
    result->rows_read = s->rows_scored + s->rows_rejected;
    result->rejects = s->rejects;
    result->reject_count = s->reject_count;
    s->rejects = NULL;
    s->reject_count = 0;
    s->rows_scored = s->rows_rejected = 0;
    return PF_OK;
}

void score_result_clear(pf_score_result *result)
{
    for (size_t p = 0; p < result->profile_count; p++) {
        pf_profile_result *pr = &result->profiles[p];
        for (size_t i = 0; i < pr->shortlist_count; i++)
            free(pr->shortlist[i].block);
        free(pr->shortlist);
        for (size_t i = 0; i < pr->known_list_count; i++)
            free(pr->known_list[i].block);
        free(pr->known_list);
        free(pr->remaining);
        free(pr->groups);
    }
    free(result->profiles);
    free(result->group_rows);
    free(result->rejects);
    free(result->header);
    arena_free(result->arena);
    memset(result, 0, sizeof *result);
}

/* ---- the columns shown beside the score ---- */

/* SIRENE's defaults, in the order shown: key, label, kind, parts (NULL-terminated). */
static const struct {
    const char *key;
    pf_label label;
    pf_shown_kind kind;
    const char *parts[PF_SHOWN_PARTS + 1];
} sirene_shown[] = {
    {"name_or_sign",
     PF_LABEL_SCORE_SHOWN_NAME,
     PF_SHOWN_NAME_OR_SIGN,
     {"denominationUsuelleEtablissement", "enseigne1Etablissement", NULL}},
    {"address",
     PF_LABEL_SCORE_SHOWN_ADDRESS,
     PF_SHOWN_ADDRESS,
     {"numeroVoieEtablissement", "indiceRepetitionEtablissement", "typeVoieEtablissement",
      "libelleVoieEtablissement", "complementAdresseEtablissement", NULL}},
    {"postcode", PF_LABEL_SCORE_SHOWN_POSTCODE, PF_SHOWN_FIELD, {"codePostalEtablissement", NULL}},
    {"town", PF_LABEL_SCORE_SHOWN_TOWN, PF_SHOWN_FIELD, {"libelleCommuneEtablissement", NULL}},
    {"activity", PF_LABEL_SCORE_SHOWN_ACTIVITY, PF_SHOWN_FIELD, {"activitePrincipaleEtablissement", NULL}},
    {"headcount_band", PF_LABEL_SCORE_SHOWN_HEADCOUNT, PF_SHOWN_FIELD, {"trancheEffectifsEtablissement", NULL}},
    {"created", PF_LABEL_SCORE_SHOWN_CREATED, PF_SHOWN_FIELD, {"dateCreationEtablissement", NULL}},
    {"head_office", PF_LABEL_SCORE_SHOWN_HEAD_OFFICE, PF_SHOWN_FIELD, {"etablissementSiege", NULL}},
};

static void shown_init(pf_shown_column *column)
{
    memset(column, 0, sizeof *column);
    column->label = -1;
    for (int i = 0; i < PF_SHOWN_PARTS; i++)
        column->parts[i] = -1;
}

/* SIRENE's defaults, those of them the header has (the address with the parts it has). */
static void shown_sirene(const char *const *header, size_t header_count, pf_shown *shown)
{
    for (size_t d = 0; d < sizeof sirene_shown / sizeof sirene_shown[0]; d++) {
        pf_shown_column *column = &shown->columns[shown->count];
        shown_init(column);
        bool any = false;
        for (int i = 0; sirene_shown[d].parts[i]; i++) {
            column->parts[i] = score_find_column(header, header_count, sirene_shown[d].parts[i]);
            any |= column->parts[i] >= 0;
        }
        if (!any)
            continue;
        column->kind = sirene_shown[d].kind;
        column->key = sirene_shown[d].key;
        column->label = (int)sirene_shown[d].label;
        shown->count++;
    }
}

pf_error score_shown_resolve(const char *const *header, size_t header_count, const char *list, pf_shown *shown,
                             const char *path, long line, pf_error_context *err)
{
    shown->count = 0;
    if (!list || !*list) {
        if (score_find_column(header, header_count, "libelleCommuneEtablissement") >= 0 &&
            score_find_column(header, header_count, "codePostalEtablissement") >= 0)
            shown_sirene(header, header_count, shown);
        return PF_OK;
    }
    const char *p = list;
    while (*p) {
        const char *end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        size_t len;
        const char *name = field_value(p, (size_t)(end - p), &len);
        p = *end ? end + 1 : end;
        if (len == 0)
            continue;
        char wanted[256];
        snprintf(wanted, sizeof wanted, "%.*s", (int)len, name);
        int field = score_find_column(header, header_count, wanted);
        if (field < 0) {
            char columns[700];
            score_column_list(header, header_count, columns, sizeof columns);
            return pf_error_set(err, PF_ERROR_DATA, path, line, wanted,
                                "no such column in the header (--show, [score] show); the columns are %s",
                                columns);
        }
        if (shown->count == PF_SHOWN_MAX)
            return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "--show: more than %d columns",
                                PF_SHOWN_MAX);
        pf_shown_column *column = &shown->columns[shown->count++];
        shown_init(column);
        column->key = header[field];
        column->parts[0] = field;
    }
    return PF_OK;
}

/* Whether some entry of the lists holds a non-empty value of field that is not a number. */
static bool holds_text(const pf_score_result *result, int field)
{
    for (size_t p = 0; p < result->profile_count; p++) {
        const pf_profile_result *pr = &result->profiles[p];
        for (size_t i = 0; i < pr->shortlist_count + pr->known_list_count; i++) {
            const pf_shortlist_entry *e =
                i < pr->shortlist_count ? &pr->shortlist[i] : &pr->known_list[i - pr->shortlist_count];
            size_t len;
            const char *value = field_value(e->fields[field], strlen(e->fields[field]), &len);
            double number;
            if (len > 0 && !score_parse_number(value, len, &number))
                return true;
        }
    }
    return false;
}

void score_shown_fallback(pf_shown *shown, const pf_score_result *result, int id_field)
{
    if (shown->count > 0)
        return;
    for (size_t f = (size_t)id_field + 1; f < result->header_count; f++) {
        if (!holds_text(result, (int)f))
            continue;
        shown_init(&shown->columns[0]);
        shown->columns[0].key = result->header[f];
        shown->columns[0].parts[0] = (int)f;
        shown->count = 1;
        return;
    }
}

/* The trimmed value of a part ("" for an unused one). */
static const char *shown_part(const pf_shortlist_entry *entry, int field, size_t *len)
{
    if (field < 0) {
        *len = 0;
        return "";
    }
    return field_value(entry->fields[field], strlen(entry->fields[field]), len);
}

const char *score_shown_value(const pf_shown_column *column, const pf_shortlist_entry *entry, char *buf,
                              size_t size)
{
    size_t n = 0, len;
    buf[0] = '\0';
    if (column->kind == PF_SHOWN_FIELD || column->kind == PF_SHOWN_NAME_OR_SIGN) {
        for (int i = 0; i < PF_SHOWN_PARTS; i++) {
            const char *value = shown_part(entry, column->parts[i], &len);
            if (len > 0) {
                snprintf(buf, size, "%.*s", (int)len, value);
                break;
            }
            if (column->kind == PF_SHOWN_FIELD)
                break;
        }
        return buf;
    }
    /* the address: the street parts, then ", complement" */
    for (int i = 0; i < PF_SHOWN_PARTS; i++) {
        const char *value = shown_part(entry, column->parts[i], &len);
        if (len == 0 || n + 3 >= size)
            continue;
        const char *separator = n == 0 ? "" : i == PF_SHOWN_PARTS - 1 ? ", " : " ";
        int m = snprintf(buf + n, size - n, "%s%.*s", separator, (int)len, value);
        n = m < 0 ? n : (size_t)m >= size - n ? size - 1 : n + (size_t)m;
    }
    return buf;
}
