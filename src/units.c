/* units.c — the legal-unit join (see units.h).
 *
 * The SIRENs wanted are few (the shortlists and known lists: at most 2 × K per profile) and the file is
 * big (StockUniteLegale: ~28 M lines), so the wanted ones are collected first, as numbers, sorted, and
 * every record of the file costs one parse of its key and one binary search; only a record whose SIREN is
 * wanted has its cells copied. Nothing of the file is kept beyond that.
 */
#include "partnerfunnel/units.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "partnerfunnel/text.h"

const char *const pf_unit_status_names[] = {"found", "restricted", "missing", "no_siren"};

/* SIRENE's legal-unit columns the join reads besides the key and the shown ones. */
enum {
    COL_DENOMINATION = 0,
    COL_SURNAME,
    COL_USAGE_SURNAME,
    COL_FIRST_NAME,
    COL_USUAL_FIRST_NAME,
    COL_DIFFUSION,
    COL_CATEGORY,
    COL_COUNT
};
static const char *const column_names[COL_COUNT] = {
    "denominationUniteLegale",       "nomUniteLegale",
    "nomUsageUniteLegale",           "prenom1UniteLegale",
    "prenomUsuelUniteLegale",        "statutDiffusionUniteLegale",
    "categorieJuridiqueUniteLegale",
};
/* The legal unit's own headcount band: shown when units_show says nothing and the file has it. */
static const char default_shown[] = "trancheEffectifsUniteLegale";

void units_free(pf_units *units)
{
    if (!units)
        return;
    free(units->sirens);
    free(units->units);
    arena_free(units->arena);
    free(units);
}

/* ---- the legal name ---- */

/* The cell trimmed ("" for NULL; SIRENE's "[ND]" kept as written). */
static const char *cell_text(const char *cell, size_t *len)
{
    if (!cell) {
        *len = 0;
        return "";
    }
    while (*cell == ' ' || *cell == '\t')
        cell++;
    size_t n = strlen(cell);
    while (n > 0 && (cell[n - 1] == ' ' || cell[n - 1] == '\t' || cell[n - 1] == '\r' || cell[n - 1] == '\n'))
        n--;
    *len = n;
    return cell;
}

/* Appends len bytes of text to out (at *n, size bytes), with a space before unless first. */
static void append(char *out, size_t size, size_t *n, const char *text, size_t len)
{
    if (len == 0 || *n + 1 >= size)
        return;
    if (*n > 0)
        out[(*n)++] = ' ';
    size_t room = size - 1 - *n;
    if (len > room) { /* a whole number of characters */
        len = room;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(out + *n, text, len);
    *n += len;
    out[*n] = '\0';
}

void units_legal_name(const char *denomination, const char *surname, const char *usage_surname,
                      const char *first_name, const char *usual_first_name, bool restricted, char *out,
                      size_t size)
{
    size_t n = 0, len;
    out[0] = '\0';
    if (size == 0)
        return;
    if (restricted) {
        snprintf(out, size, "%s", "[ND]");
        return;
    }
    const char *text = cell_text(denomination, &len);
    if (len > 0) {
        append(out, size, &n, text, len);
        return;
    }
    text = cell_text(usual_first_name, &len);
    if (len == 0)
        text = cell_text(first_name, &len);
    append(out, size, &n, text, len);
    size_t birth_len, usage_len;
    const char *birth = cell_text(surname, &birth_len);
    const char *usage = cell_text(usage_surname, &usage_len);
    if (usage_len == 0) {
        append(out, size, &n, birth, birth_len);
        return;
    }
    append(out, size, &n, usage, usage_len);
    if (birth_len > 0 && !(birth_len == usage_len && memcmp(birth, usage, birth_len) == 0)) {
        char bracketed[512];
        int m = snprintf(bracketed, sizeof bracketed, "(%.*s)", (int)birth_len, birth);
        if (m > 0 && (size_t)m < sizeof bracketed)
            append(out, size, &n, bracketed, (size_t)m);
    }
}

/* ---- the SIRENs wanted ---- */

static int siren_compare(const void *a, const void *b)
{
    unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
    return (x > y) - (x < y);
}

/* The SIREN of a field as a number; false when the field has none (score_siren()). */
static bool siren_number(const char *text, size_t len, unsigned long *out)
{
    char siren[10];
    if (!score_siren(text, len, siren))
        return false;
    *out = strtoul(siren, NULL, 10);
    return true;
}

/* Every entry of the shortlists and known lists, in turn; f returns false to stop. */
typedef bool entry_visit(pf_shortlist_entry *entry, void *context);
static bool each_entry(pf_score_result *result, entry_visit *f, void *context)
{
    for (size_t p = 0; p < result->profile_count; p++) {
        pf_profile_result *pr = &result->profiles[p];
        for (size_t i = 0; i < pr->shortlist_count; i++)
            if (!f(&pr->shortlist[i], context))
                return false;
        for (size_t i = 0; i < pr->known_list_count; i++)
            if (!f(&pr->known_list[i], context))
                return false;
    }
    return true;
}

static bool count_entry(pf_shortlist_entry *entry, void *context)
{
    (void)entry;
    (*(size_t *)context)++;
    return true;
}

static bool collect_entry(pf_shortlist_entry *entry, void *context)
{
    pf_units *units = context;
    unsigned long siren;
    if (siren_number(entry->id, entry->id_length, &siren))
        units->sirens[units->count++] = siren;
    return true;
}

/* The wanted SIRENs, sorted and distinct, each with a legal unit marked missing. */
static bool collect_sirens(pf_units *units, pf_score_result *result)
{
    size_t total = 0;
    each_entry(result, count_entry, &total);
    units->sirens = malloc((total ? total : 1) * sizeof *units->sirens);
    if (!units->sirens)
        return false;
    each_entry(result, collect_entry, units);
    qsort(units->sirens, units->count, sizeof *units->sirens, siren_compare);
    size_t distinct = 0;
    for (size_t i = 0; i < units->count; i++)
        if (distinct == 0 || units->sirens[distinct - 1] != units->sirens[i])
            units->sirens[distinct++] = units->sirens[i];
    units->count = distinct;
    units->units = calloc(distinct ? distinct : 1, sizeof *units->units);
    if (!units->units)
        return false;
    for (size_t i = 0; i < distinct; i++)
        units->units[i] = (pf_legal_unit){PF_UNIT_MISSING, "", "", NULL};
    return true;
}

static pf_legal_unit *find_unit(pf_units *units, unsigned long siren)
{
    const unsigned long *hit = bsearch(&siren, units->sirens, units->count, sizeof siren, siren_compare);
    return hit ? &units->units[hit - units->sirens] : NULL;
}

static bool link_entry(pf_shortlist_entry *entry, void *context)
{
    static const pf_legal_unit no_siren = {PF_UNIT_NO_SIREN, "", "", NULL};
    pf_units *units = context;
    unsigned long siren;
    entry->legal_unit = siren_number(entry->id, entry->id_length, &siren) ? find_unit(units, siren) : NULL;
    if (!entry->legal_unit)
        entry->legal_unit = &no_siren;
    return true;
}

/* ---- the file ---- */

typedef struct units_columns {
    int key;
    int at[COL_COUNT];
    int *shown; /* [units->shown_count] */
} units_columns;

/* "no column 'X' ...; the columns are a, b, c" at the header line. */
static pf_error missing_column(const pf_units *units, const pf_record *header, const char *what,
                               pf_error_context *err)
{
    char list[700];
    score_column_list((const char *const *)header->fields, header->field_count, list, sizeof list);
    return pf_error_set(err, PF_ERROR_DATA, units->path, header->line, NULL, "%s; the columns are %s", what,
                        list);
}

/* Finds the key, name and shown columns in the header. */
static pf_error find_columns(pf_units *units, const pf_record *header, const pf_settings *settings,
                             units_columns *cols, pf_error_context *err)
{
    const char *const *names = (const char *const *)header->fields;
    size_t count = header->field_count;
    char what[512];
    const char *key = settings && settings->units_key[0] ? settings->units_key : PF_UNITS_DEFAULT_KEY;
    if ((cols->key = score_find_column(names, count, key)) < 0) {
        snprintf(what, sizeof what,
                 "no column '%s' (the SIREN of each legal unit; name it with units_key in "
                 "[score] of the settings)",
                 key);
        return missing_column(units, header, what, err);
    }
    if (!(units->key_column = arena_strndup(units->arena, names[cols->key], strlen(names[cols->key]))))
        return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
    for (int c = 0; c < COL_COUNT; c++)
        cols->at[c] = score_find_column(names, count, column_names[c]);
    if (cols->at[COL_DENOMINATION] < 0 && cols->at[COL_SURNAME] < 0)
        return missing_column(units, header,
                              "neither denominationUniteLegale nor nomUniteLegale: no legal name to take", err);
    units->has_category = cols->at[COL_CATEGORY] >= 0;

    /* units_show: a comma-separated list, or the default column when the file has it */
    const char *list = settings && settings->units_show[0] ? settings->units_show : NULL;
    char buf[sizeof settings->units_show];
    snprintf(buf, sizeof buf, "%s", list ? list : default_shown);
    size_t wanted = 1;
    for (const char *c = buf; *c; c++)
        wanted += *c == ',';
    cols->shown = calloc(wanted, sizeof *cols->shown);
    units->shown_names = arena_alloc(units->arena, wanted * sizeof *units->shown_names);
    if (!cols->shown || !units->shown_names)
        return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
    char *save = NULL;
    for (char *name = strtok_r(buf, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
        size_t len;
        const char *trimmed = cell_text(name, &len);
        if (len == 0)
            continue;
        char one[256];
        snprintf(one, sizeof one, "%.*s", (int)len, trimmed);
        int at = score_find_column(names, count, one);
        if (at < 0 && !list)
            continue; /* the default column is optional */
        if (at < 0) {
            snprintf(what, sizeof what, "no column '%s' (units_show in [score] of the settings)", one);
            return missing_column(units, header, what, err);
        }
        if (units->shown_count == PF_SHOWN_MAX)
            return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL,
                                "units_show in [score]: more than %d columns", PF_SHOWN_MAX);
        cols->shown[units->shown_count] = at;
        if (!(units->shown_names[units->shown_count++] =
                  arena_strndup(units->arena, names[at], strlen(names[at]))))
            return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    return PF_OK;
}

static const char *record_cell(const pf_record *record, int at)
{
    return at >= 0 && (size_t)at < record->field_count ? record->fields[at] : NULL;
}

/* Fills unit from the record (the first record of its SIREN). */
static bool fill_unit(pf_units *units, pf_legal_unit *unit, const pf_record *record, const units_columns *cols)
{
    size_t len;
    const char *diffusion = cell_text(record_cell(record, cols->at[COL_DIFFUSION]), &len);
    bool restricted = len == 1 && diffusion[0] == 'P';
    char name[1024];
    units_legal_name(
        record_cell(record, cols->at[COL_DENOMINATION]), record_cell(record, cols->at[COL_SURNAME]),
        record_cell(record, cols->at[COL_USAGE_SURNAME]), record_cell(record, cols->at[COL_FIRST_NAME]),
        record_cell(record, cols->at[COL_USUAL_FIRST_NAME]), restricted, name, sizeof name);
    unit->status = restricted ? PF_UNIT_RESTRICTED : PF_UNIT_FOUND;
    unit->legal_name = arena_strndup(units->arena, name, strlen(name));
    const char *category = cell_text(record_cell(record, cols->at[COL_CATEGORY]), &len);
    unit->legal_category = arena_strndup(units->arena, category, len);
    unit->shown =
        arena_alloc(units->arena, (units->shown_count ? units->shown_count : 1) * sizeof *unit->shown);
    if (!unit->legal_name || !unit->legal_category || !unit->shown)
        return false;
    for (size_t i = 0; i < units->shown_count; i++) {
        const char *value = cell_text(record_cell(record, cols->shown[i]), &len);
        if (!(unit->shown[i] = arena_strndup(units->arena, value, len)))
            return false;
    }
    return true;
}

static pf_error read_units(pf_units *units, pf_reader *reader, const units_columns *cols, pf_error_context *err)
{
    pf_error code;
    const pf_record *record;
    while ((code = reader_next(reader, &record, err)) == PF_OK && record) {
        units->rows_read++;
        if (units->count == 0 || (size_t)cols->key >= record->field_count)
            continue;
        if (record->malformed_quote_field >= 0 && record->malformed_quote_field <= cols->key)
            continue;
        unsigned long siren;
        if (!siren_number(record->fields[cols->key], record->lengths[cols->key], &siren))
            continue;
        pf_legal_unit *unit = find_unit(units, siren);
        if (!unit)
            continue;
        if (unit->status != PF_UNIT_MISSING) {
            units->duplicates++;
            continue;
        }
        if (!fill_unit(units, unit, record, cols))
            return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    return code;
}

pf_error units_check(const char *path, const pf_settings *settings, pf_error_context *err)
{
    pf_units units = {.path = path};
    units_columns cols = {0};
    pf_reader *reader = NULL;
    /* Only the header is read: encoding auto would check the whole file first, a pass for nothing here
     * (SIRENE's names are ASCII; a Windows-1252 header's other bytes only show as U+FFFD in a message). */
    pf_encoding encoding = settings ? settings->encoding : PF_ENCODING_AUTO;
    pf_reader_options options = {.encoding = encoding == PF_ENCODING_AUTO ? PF_ENCODING_UTF8 : encoding,
                                 .sheet = settings ? settings->sheet : NULL,
                                 .threads = settings ? settings->threads : 0};
    pf_error code = (units.arena = arena_new()) != NULL
                        ? reader_open(path, &options, &reader, err)
                        : pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
    if (code == PF_OK)
        code = find_columns(&units, reader_header(reader), settings, &cols, err);
    free(cols.shown);
    reader_free(reader);
    arena_free(units.arena);
    return code;
}

pf_error units_join(const char *path, const pf_settings *settings, pf_score_result *result, pf_units **out,
                    pf_error_context *err)
{
    *out = NULL;
    pf_reader *reader = NULL;
    units_columns cols = {0};
    pf_units *units = calloc(1, sizeof *units);
    if (!units || !(units->arena = arena_new())) {
        free(units);
        return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    units->path = path;
    pf_error code = PF_OK;
    if (!collect_sirens(units, result)) {
        code = pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
        goto cleanup;
    }
    pf_reader_options options = {.encoding = settings ? settings->encoding : PF_ENCODING_AUTO,
                                 .sheet = settings ? settings->sheet : NULL,
                                 .threads = settings ? settings->threads : 0};
    if ((code = reader_open(path, &options, &reader, err)) != PF_OK)
        goto cleanup;
    if ((code = find_columns(units, reader_header(reader), settings, &cols, err)) != PF_OK)
        goto cleanup;
    if ((code = read_units(units, reader, &cols, err)) != PF_OK)
        goto cleanup;
    char hex[65]; /* which units file gave the names: recorded like the prospect file's */
    if (reader_sha256(reader, hex) && !(units->sha256 = arena_strndup(units->arena, hex, 64))) {
        code = pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < units->count; i++) {
        units->missing += units->units[i].status == PF_UNIT_MISSING;
        units->restricted += units->units[i].status == PF_UNIT_RESTRICTED;
        if (!units->units[i].shown) { /* missing: empty values */
            units->units[i].shown = arena_alloc(units->arena, (units->shown_count ? units->shown_count : 1) *
                                                                  sizeof *units->units[i].shown);
            if (!units->units[i].shown) {
                code = pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
                goto cleanup;
            }
            for (size_t s = 0; s < units->shown_count; s++)
                units->units[i].shown[s] = "";
        }
    }
    each_entry(result, link_entry, units);
cleanup:
    free(cols.shown);
    reader_free(reader);
    if (code != PF_OK) {
        units_free(units);
        return code;
    }
    *out = units;
    return PF_OK;
}
