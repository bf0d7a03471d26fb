/* render_shortlist.c — workbook, CSV, JSON and text views of a scoring run (see render_shortlist.h). */
#include "partnerfunnel/render_shortlist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xlsxwriter.h>

#include "partnerfunnel/output.h"
#include "partnerfunnel/render_csv.h"
#include "partnerfunnel/text.h"

#ifndef PF_VERSION
#define PF_VERSION "unknown"
#endif

/* 2000-01-01T00:00:00Z: the workbook's creation time, fixed so that two runs give the same bytes. */
#define WORKBOOK_CREATED ((time_t)946684800)
/* Excel's limits: characters in a cell, in a sheet name. */
#define CELL_MAX_CHARS 32767
#define SHEET_NAME_MAX_CHARS 31
/* Column widths, in characters. */
#define WIDTH_MIN 4
#define WIDTH_MAX 60
#define CRITERION_WIDTH_MAX 18
/* A long header wraps (on up to three lines) rather than widening a column of short values. */
#define HEADER_WIDTH_MAX 20
/* Above this many shortlist cells the workbook is streamed to disk row by row (libxlsxwriter's
 * constant_memory mode) rather than built in memory; below it, charts carry their data cache, which
 * viewers that never recalculate need. */
#define STREAMED_CELLS 2000000
/* Bars in the groups chart. */
#define GROUP_CHART_BARS 20

static const char check_mark[] = "\xE2\x9C\x93"; /* ✓ */
static const char cross_mark[] = "\xE2\x9C\x97"; /* ✗ */

/* ---- labels: one table per language ---- */

typedef struct labels {
    const char *sheet_funnel, *sheet_groups, *sheet_about;
    const char *rank, *id, *score;
    const char *funnel_title, *step, *remaining, *share;
    const char *scored, *eligible, *known, *shortlisted;
    const char *groups_title, *groups_prefix, *total, *empty_group;
    const char *no_shortlist;
    const char *about_title, *prospect_file, *size, *sha256, *format, *rows_read, *rows_scored, *rows_rejected;
    const char *criteria_file, *partners_file, *known_ids, *settings_file, *id_column, *group_by, *top,
        *software;
    const char *none, *not_hashed, *criteria_used, *rejected_rows, *line, *reason, *column, *raw, *more_rejects;
    const char *yes, *no;
} labels;

static const labels label_sets[2] = {
    [PF_LANG_EN] =
        {
            .sheet_funnel = "Funnel",
            .sheet_groups = "Groups",
            .sheet_about = "About",
            .rank = "Rank",
            .id = "Id",
            .score = "Score",
            .funnel_title = "Elimination funnel: %s",
            .step = "Step",
            .remaining = "Remaining",
            .share = "Share of scored",
            .scored = "Prospects scored",
            .eligible = "Eligible",
            .known = "Already partners (eligible)",
            .shortlisted = "Shortlisted",
            .groups_title = "Eligible prospects by %s",
            .groups_prefix = "%s (first %zu characters)",
            .total = "Total",
            .empty_group = "(empty)",
            .no_shortlist = "No eligible prospect outside the partners.",
            .about_title = "Prospect scoring",
            .prospect_file = "Prospect file",
            .size = "Size (bytes)",
            .sha256 = "SHA-256",
            .format = "Format",
            .rows_read = "Rows read",
            .rows_scored = "Rows scored",
            .rows_rejected = "Rows rejected",
            .criteria_file = "Criteria file",
            .partners_file = "Partners file",
            .known_ids = "Known company ids",
            .settings_file = "Settings file",
            .id_column = "Id column",
            .group_by = "Group by",
            .top = "Shortlist length (top K)",
            .software = "Software",
            .none = "(none)",
            .not_hashed = "(not hashed: not a regular file)",
            .criteria_used = "Criteria as used",
            .rejected_rows = "Rejected rows",
            .line = "Line",
            .reason = "Reason",
            .column = "Column",
            .raw = "Text",
            .more_rejects = "... and %ld more rejected rows (lines not listed)",
            .yes = "yes",
            .no = "no",
        },
    [PF_LANG_FR] =
        {
            .sheet_funnel = "Entonnoir",
            .sheet_groups = "Répartition",
            .sheet_about = "À propos",
            .rank = "Rang",
            .id = "Identifiant",
            .score = "Score",
            .funnel_title = "Entonnoir d'élimination : %s",
            .step = "Étape",
            .remaining = "Restants",
            .share = "Part des évalués",
            .scored = "Prospects évalués",
            .eligible = "Éligibles",
            .known = "Déjà partenaires (éligibles)",
            .shortlisted = "Retenus",
            .groups_title = "Prospects éligibles par %s",
            .groups_prefix = "%s (%zu premiers caractères)",
            .total = "Total",
            .empty_group = "(vide)",
            .no_shortlist = "Aucun prospect éligible hors des partenaires.",
            .about_title = "Évaluation des prospects",
            .prospect_file = "Fichier de prospects",
            .size = "Taille (octets)",
            .sha256 = "SHA-256",
            .format = "Format",
            .rows_read = "Lignes lues",
            .rows_scored = "Lignes évaluées",
            .rows_rejected = "Lignes rejetées",
            .criteria_file = "Fichier de critères",
            .partners_file = "Fichier des partenaires",
            .known_ids = "Identifiants d'entreprise connus",
            .settings_file = "Fichier de paramètres",
            .id_column = "Colonne identifiant",
            .group_by = "Regroupement",
            .top = "Longueur de la liste (top K)",
            .software = "Logiciel",
            .none = "(aucun)",
            .not_hashed = "(non calculé : pas un fichier ordinaire)",
            .criteria_used = "Critères utilisés",
            .rejected_rows = "Lignes rejetées",
            .line = "Ligne",
            .reason = "Motif",
            .column = "Colonne",
            .raw = "Texte",
            .more_rejects = "... et %ld autres lignes rejetées (non listées)",
            .yes = "oui",
            .no = "non",
        },
};

static const labels *labels_for(pf_lang lang)
{
    return &label_sets[lang == PF_LANG_FR ? PF_LANG_FR : PF_LANG_EN];
}

static const char *encoding_name(pf_encoding encoding)
{
    return encoding == PF_ENCODING_CP1252 ? "Windows-1252" : "UTF-8";
}

static const char *delimiter_name(char delimiter)
{
    return delimiter == ';' ? "';'" : delimiter == '\t' ? "TAB" : "','";
}

/* "col" or "col:N" as given to --group-by. */
static void group_by_text(const pf_shortlist_run *run, char *buf, size_t size)
{
    if (!run->group_column)
        snprintf(buf, size, "%s", "");
    else if (run->group_prefix)
        snprintf(buf, size, "%s:%zu", run->group_column, run->group_prefix);
    else
        snprintf(buf, size, "%s", run->group_column);
}

/* ---- the workbook ---- */

typedef struct book {
    lxw_workbook *workbook;
    const labels *l;
    lxw_format *header, *title, *integer, *score, *percent, *pass, *fail, *wrap;
    lxw_error failure; /* the first error of a write call */
    char (*sheet_names)[128];
    size_t sheet_name_count;
} book;

static void note(book *b, lxw_error error)
{
    if (error != LXW_NO_ERROR && b->failure == LXW_NO_ERROR)
        b->failure = error;
}

/* Writes text as a string cell (never a formula), cut to Excel's cell limit; nothing for "". */
static void put_text(book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text,
                     lxw_format *fmt)
{
    if (!text || !text[0]) {
        if (fmt)
            note(b, worksheet_write_blank(ws, row, col, fmt));
        return;
    }
    size_t len = strlen(text);
    if (len <= CELL_MAX_CHARS || text_utf8_length(text, len) <= CELL_MAX_CHARS) {
        note(b, worksheet_write_string(ws, row, col, text, fmt));
        return;
    }
    size_t cut = text_utf8_prefix(text, len, CELL_MAX_CHARS);
    char *copy = malloc(cut + 1);
    if (!copy) {
        note(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    memcpy(copy, text, cut);
    copy[cut] = '\0';
    note(b, worksheet_write_string(ws, row, col, copy, fmt));
    free(copy);
}

static void put_number(book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double value, lxw_format *fmt)
{
    note(b, worksheet_write_number(ws, row, col, value, fmt));
}

static void widen(double *widths, size_t col, const char *text)
{
    double w = (double)(text ? text_utf8_length(text, strlen(text)) : 0) * 1.1 + 2;
    if (w > widths[col])
        widths[col] = w;
}

static void apply_widths(book *b, lxw_worksheet *ws, const double *widths, size_t count, double cap)
{
    for (size_t c = 0; c < count; c++) {
        double w = widths[c] < WIDTH_MIN ? WIDTH_MIN : widths[c] > cap ? cap : widths[c];
        note(b, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL));
    }
}

/* A valid, unique sheet name for name: forbidden characters replaced, at most 31 characters, no
 * surrounding apostrophes, compared without regard to case against the names already taken. */
static const char *sheet_name(book *b, const char *name, size_t ordinal)
{
    char base[128];
    size_t n = 0, chars = 0;
    for (const char *p = name; *p && n + 4 < sizeof base;) {
        unsigned char c = (unsigned char)*p;
        size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (chars == SHEET_NAME_MAX_CHARS)
            break;
        if (c < 0x80) {
            base[n++] = strchr("[]:*?/\\", (int)c) || c < 0x20 ? '_' : (char)c;
            p++;
        } else {
            for (size_t i = 0; i < len && p[i]; i++)
                base[n++] = p[i];
            p += len;
        }
        chars++;
    }
    base[n] = '\0';
    while (n > 0 && base[n - 1] == '\'')
        base[--n] = '\0';
    char *start = base;
    while (*start == '\'')
        start++;
    if (!*start) {
        snprintf(base, sizeof base, "Profile %zu", ordinal);
        start = base;
    }
    char *slot = b->sheet_names[b->sheet_name_count];
    for (int attempt = 1;; attempt++) {
        if (attempt == 1) {
            snprintf(slot, 128, "%s", start);
        } else {
            char suffix[16];
            snprintf(suffix, sizeof suffix, " (%d)", attempt);
            size_t keep = text_utf8_prefix(start, strlen(start), SHEET_NAME_MAX_CHARS - strlen(suffix));
            snprintf(slot, 128, "%.*s%s", (int)keep, start, suffix);
        }
        bool taken = strcasecmp(slot, "History") == 0;
        for (size_t i = 0; i < b->sheet_name_count && !taken; i++)
            taken = strcasecmp(slot, b->sheet_names[i]) == 0;
        if (!taken)
            break;
    }
    b->sheet_name_count++;
    return slot;
}

static void write_profile_sheet(book *b, lxw_worksheet *ws, const pf_score_result *result,
                                const pf_criteria *criteria, const pf_profile_result *pr)
{
    const labels *l = b->l;
    const pf_profile *profile = pr->profile;
    size_t first_field = 3 + profile->criterion_count;
    size_t columns = first_field + result->header_count;
    double *widths = calloc(columns, sizeof *widths);
    if (!widths) {
        note(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    widen(widths, 0, l->rank);
    widen(widths, 1, l->id);
    widen(widths, 2, l->score);
    bool tall_header = false;
    for (size_t k = 0; k < profile->criterion_count; k++) {
        const char *label = criteria->items[profile->criteria[k]].label;
        widen(widths, 3 + k, label);
        if (widths[3 + k] > CRITERION_WIDTH_MAX) {
            widths[3 + k] = CRITERION_WIDTH_MAX;
            tall_header = true;
        }
    }
    for (size_t f = 0; f < result->header_count; f++) {
        widen(widths, first_field + f, result->header[f]);
        if (widths[first_field + f] > HEADER_WIDTH_MAX) {
            widths[first_field + f] = HEADER_WIDTH_MAX;
            tall_header = true;
        }
    }
    char rank[24];
    for (size_t i = 0; i < pr->shortlist_count; i++) {
        const pf_shortlist_entry *e = &pr->shortlist[i];
        snprintf(rank, sizeof rank, "%zu", i + 1);
        widen(widths, 0, rank);
        widen(widths, 1, e->id);
        for (size_t f = 0; f < result->header_count; f++)
            widen(widths, first_field + f, e->fields[f]);
    }
    apply_widths(b, ws, widths, columns, WIDTH_MAX);
    free(widths);
    if (tall_header)
        note(b, worksheet_set_row(ws, 0, 45, NULL));

    put_text(b, ws, 0, 0, l->rank, b->header);
    put_text(b, ws, 0, 1, l->id, b->header);
    put_text(b, ws, 0, 2, l->score, b->header);
    for (size_t k = 0; k < profile->criterion_count; k++)
        put_text(b, ws, 0, (lxw_col_t)(3 + k), criteria->items[profile->criteria[k]].label, b->header);
    for (size_t f = 0; f < result->header_count; f++)
        put_text(b, ws, 0, (lxw_col_t)(first_field + f), result->header[f], b->header);
    for (size_t i = 0; i < pr->shortlist_count; i++) {
        const pf_shortlist_entry *e = &pr->shortlist[i];
        lxw_row_t row = (lxw_row_t)(i + 1);
        put_number(b, ws, row, 0, (double)(i + 1), b->integer);
        put_text(b, ws, row, 1, e->id, NULL);
        put_number(b, ws, row, 2, e->score, b->score);
        for (size_t k = 0; k < profile->criterion_count; k++)
            put_text(b, ws, row, (lxw_col_t)(3 + k), e->passed[k] ? check_mark : cross_mark,
                     e->passed[k] ? b->pass : b->fail);
        for (size_t f = 0; f < result->header_count; f++)
            put_text(b, ws, row, (lxw_col_t)(first_field + f), e->fields[f], NULL);
    }
    if (pr->shortlist_count == 0)
        put_text(b, ws, 1, 0, l->no_shortlist, NULL);
    worksheet_freeze_panes(ws, 1, 2);
    note(b, worksheet_autofilter(ws, 0, 0, (lxw_row_t)(pr->shortlist_count ? pr->shortlist_count : 1),
                                 (lxw_col_t)(columns - 1)));
}

static void write_funnel_sheet(book *b, lxw_worksheet *ws, const char *ws_name, const pf_score_result *result,
                               const pf_criteria *criteria)
{
    const labels *l = b->l;
    double widths[4] = {0, 0, 0, 0};
    widen(widths, 0, l->scored);
    widen(widths, 0, l->known);
    widen(widths, 1, l->remaining);
    widen(widths, 2, l->share);
    for (size_t p = 0; p < result->profile_count; p++) {
        const pf_profile *profile = result->profiles[p].profile;
        for (size_t i = 0; i < profile->eliminatory_count; i++)
            widen(widths, 0, criteria->items[profile->criteria[profile->eliminatory[i]]].label);
    }
    apply_widths(b, ws, widths, 3, WIDTH_MAX);

    lxw_row_t row = 0;
    double scored = (double)result->rows_scored;
    for (size_t p = 0; p < result->profile_count; p++) {
        const pf_profile_result *pr = &result->profiles[p];
        const pf_profile *profile = pr->profile;
        lxw_row_t top = row;
        char title[512];
        snprintf(title, sizeof title, l->funnel_title, profile->name);
        put_text(b, ws, row++, 0, title, b->title);
        put_text(b, ws, row, 0, l->step, b->header);
        put_text(b, ws, row, 1, l->remaining, b->header);
        put_text(b, ws, row, 2, l->share, b->header);
        row++;
        lxw_row_t first_step = row;
        put_text(b, ws, row, 0, l->scored, NULL);
        put_number(b, ws, row, 1, scored, b->integer);
        if (scored > 0)
            put_number(b, ws, row, 2, 1.0, b->percent);
        row++;
        for (size_t i = 0; i < profile->eliminatory_count; i++, row++) {
            put_text(b, ws, row, 0, criteria->items[profile->criteria[profile->eliminatory[i]]].label, NULL);
            put_number(b, ws, row, 1, (double)pr->remaining[i], b->integer);
            if (scored > 0)
                put_number(b, ws, row, 2, (double)pr->remaining[i] / scored, b->percent);
        }
        put_text(b, ws, row, 0, l->eligible, NULL);
        put_number(b, ws, row, 1, (double)pr->eligible, b->integer);
        if (scored > 0)
            put_number(b, ws, row, 2, (double)pr->eligible / scored, b->percent);
        lxw_row_t last_step = row++;
        put_text(b, ws, row, 0, l->known, NULL);
        put_number(b, ws, row++, 1, (double)pr->known, b->integer);
        put_text(b, ws, row, 0, l->shortlisted, NULL);
        put_number(b, ws, row++, 1, (double)pr->shortlist_count, b->integer);

        lxw_chart *chart = workbook_add_chart(b->workbook, LXW_CHART_BAR);
        if (!chart) {
            note(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
            return;
        }
        lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
        if (!series) {
            note(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
            return;
        }
        chart_series_set_categories(series, ws_name, first_step, 0, last_step, 0);
        chart_series_set_values(series, ws_name, first_step, 1, last_step, 1);
        chart_series_set_labels(series);
        chart_title_set_name_range(chart, ws_name, top, 0);
        chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
        chart_axis_set_reverse(chart->y_axis); /* the first step at the top */
        note(b, worksheet_insert_chart(ws, top, 4, chart));
        lxw_row_t block = 18;
        row = row - top < block ? top + block : row + 2;
    }
}

static void write_groups_sheet(book *b, lxw_worksheet *ws, const char *ws_name, const pf_score_result *result,
                               const pf_shortlist_run *run)
{
    const labels *l = b->l;
    size_t profiles = result->profile_count;
    bool with_total = profiles > 1;
    size_t columns = 1 + profiles + (with_total ? 1 : 0);
    double *widths = calloc(columns, sizeof *widths);
    if (!widths) {
        note(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    char column[256], title[512];
    if (run->group_prefix)
        snprintf(column, sizeof column, l->groups_prefix, run->group_column, run->group_prefix);
    else
        snprintf(column, sizeof column, "%s", run->group_column);
    snprintf(title, sizeof title, l->groups_title, column);
    widen(widths, 0, run->group_column);
    widen(widths, 0, l->empty_group);
    for (size_t p = 0; p < profiles; p++)
        widen(widths, 1 + p, result->profiles[p].profile->name);
    if (with_total)
        widen(widths, columns - 1, l->total);
    for (size_t g = 0; g < result->group_row_count; g++)
        widen(widths, 0, result->group_rows[g].value);
    for (size_t c = 1; c < columns; c++)
        if (widths[c] < 10)
            widths[c] = 10;
    apply_widths(b, ws, widths, columns, WIDTH_MAX);
    free(widths);

    put_text(b, ws, 0, 0, title, b->title);
    put_text(b, ws, 1, 0, run->group_column, b->header);
    for (size_t p = 0; p < profiles; p++)
        put_text(b, ws, 1, (lxw_col_t)(1 + p), result->profiles[p].profile->name, b->header);
    if (with_total)
        put_text(b, ws, 1, (lxw_col_t)(columns - 1), l->total, b->header);
    for (size_t g = 0; g < result->group_row_count; g++) {
        const pf_group_row *gr = &result->group_rows[g];
        lxw_row_t row = (lxw_row_t)(g + 2);
        put_text(b, ws, row, 0, gr->value[0] ? gr->value : l->empty_group, NULL);
        for (size_t p = 0; p < profiles; p++)
            put_number(b, ws, row, (lxw_col_t)(1 + p), (double)gr->eligible[p], b->integer);
        if (with_total)
            put_number(b, ws, row, (lxw_col_t)(columns - 1), (double)gr->total, b->integer);
    }
    worksheet_freeze_panes(ws, 2, 1);
    if (result->group_row_count == 0)
        return;
    lxw_chart *chart = workbook_add_chart(b->workbook, LXW_CHART_COLUMN);
    if (!chart) {
        note(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    size_t bars = result->group_row_count < GROUP_CHART_BARS ? result->group_row_count : GROUP_CHART_BARS;
    for (size_t p = 0; p < profiles; p++) {
        lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
        if (!series) {
            note(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
            return;
        }
        chart_series_set_categories(series, ws_name, 2, 0, (lxw_row_t)(2 + bars - 1), 0);
        chart_series_set_values(series, ws_name, 2, (lxw_col_t)(1 + p), (lxw_row_t)(2 + bars - 1),
                                (lxw_col_t)(1 + p));
        chart_series_set_name_range(series, ws_name, 1, (lxw_col_t)(1 + p));
    }
    chart_title_set_name_range(chart, ws_name, 0, 0);
    if (profiles == 1)
        chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    lxw_chart_options options = {.x_scale = 1.5, .y_scale = 1.2};
    note(b, worksheet_insert_chart_opt(ws, 1, (lxw_col_t)(columns + 1), chart, &options));
}

static void write_about_sheet(book *b, lxw_worksheet *ws, const pf_score_result *result,
                              const pf_criteria *criteria, const pf_shortlist_run *run)
{
    const labels *l = b->l;
    double widths[PF_CRITERIA_COLUMN_COUNT + 1] = {0};
    char format[64], group[300];
    snprintf(format, sizeof format, "%s, %s", encoding_name(run->encoding), delimiter_name(run->delimiter));
    group_by_text(run, group, sizeof group);
    struct {
        const char *key;
        const char *text;
        double number;
    } facts[] = {
        {l->prospect_file, run->prospects_path, NAN},
        {l->size, NULL, (double)run->size},
        {l->sha256, run->sha256 ? run->sha256 : l->not_hashed, NAN},
        {l->format, format, NAN},
        {l->rows_read, NULL, (double)result->rows_read},
        {l->rows_scored, NULL, (double)result->rows_scored},
        {l->rows_rejected, NULL, (double)result->rows_rejected},
        {l->criteria_file, run->criteria_path, NAN},
        {l->partners_file, run->partners_path ? run->partners_path : l->none, NAN},
        {l->known_ids, NULL, run->partners_path ? (double)run->known_ids : NAN},
        {l->settings_file, run->settings_path ? run->settings_path : l->none, NAN},
        {l->id_column, run->id_column, NAN},
        {l->group_by, run->group_column ? group : l->none, NAN},
        {l->top, NULL, (double)run->top},
        {l->software, "partnerfunnel " PF_VERSION, NAN},
    };
    size_t fact_count = sizeof facts / sizeof facts[0];
    for (size_t i = 0; i < fact_count; i++) {
        widen(widths, 0, facts[i].key);
        if (facts[i].text)
            widen(widths, 1, facts[i].text);
    }
    for (int c = 0; c < PF_CRITERIA_COLUMN_COUNT; c++)
        widen(widths, (size_t)c, pf_criteria_column_names[c]);
    for (size_t i = 0; i < criteria->count; i++) {
        const pf_criterion *c = &criteria->items[i];
        widen(widths, 0, c->profile);
        widen(widths, 1, c->label);
        widen(widths, 2, c->column);
        widen(widths, 4, c->value);
    }
    widen(widths, 3, "starts_with");
    widen(widths, 1, l->reason);
    apply_widths(b, ws, widths, PF_CRITERIA_COLUMN_COUNT, WIDTH_MAX + 10);

    lxw_row_t row = 0;
    put_text(b, ws, row++, 0, l->about_title, b->title);
    for (size_t i = 0; i < fact_count; i++, row++) {
        put_text(b, ws, row, 0, facts[i].key, b->header);
        if (facts[i].text)
            put_text(b, ws, row, 1, facts[i].text, NULL);
        else if (isfinite(facts[i].number))
            put_number(b, ws, row, 1, facts[i].number, b->integer);
    }
    row++;
    put_text(b, ws, row++, 0, l->criteria_used, b->title);
    for (int c = 0; c < PF_CRITERIA_COLUMN_COUNT; c++)
        put_text(b, ws, row, (lxw_col_t)c, pf_criteria_column_names[c], b->header);
    row++;
    for (size_t i = 0; i < criteria->count; i++, row++) {
        const pf_criterion *c = &criteria->items[i];
        put_text(b, ws, row, 0, c->profile, NULL);
        put_text(b, ws, row, 1, c->label, NULL);
        put_text(b, ws, row, 2, c->column, NULL);
        put_text(b, ws, row, 3, pf_test_names[c->test], NULL);
        put_text(b, ws, row, 4, c->value, NULL);
        put_number(b, ws, row, 5, c->weight, NULL);
        put_text(b, ws, row, 6, c->eliminatory ? l->yes : l->no, NULL);
    }
    row++;
    put_text(b, ws, row++, 0, l->rejected_rows, b->title);
    put_text(b, ws, row, 0, l->line, b->header);
    put_text(b, ws, row, 1, l->reason, b->header);
    put_text(b, ws, row, 2, l->column, b->header);
    put_text(b, ws, row++, 3, l->raw, b->header);
    for (size_t i = 0; i < result->reject_count; i++, row++) {
        put_number(b, ws, row, 0, (double)result->rejects[i].line, b->integer);
        put_text(b, ws, row, 1, result->rejects[i].reason, NULL);
        put_text(b, ws, row, 2, result->rejects[i].column, NULL);
        put_text(b, ws, row, 3, result->rejects[i].raw, NULL);
    }
    if ((long)result->reject_count < result->rows_rejected) {
        char more[160];
        snprintf(more, sizeof more, l->more_rejects, result->rows_rejected - (long)result->reject_count);
        put_text(b, ws, row, 0, more, NULL);
    }
}

static lxw_format *new_format(book *b)
{
    lxw_format *f = workbook_add_format(b->workbook);
    if (!f)
        note(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return f;
}

static bool make_formats(book *b)
{
    b->header = new_format(b);
    b->title = new_format(b);
    b->integer = new_format(b);
    b->score = new_format(b);
    b->percent = new_format(b);
    b->pass = new_format(b);
    b->fail = new_format(b);
    if (b->failure != LXW_NO_ERROR)
        return false;
    format_set_bold(b->header);
    format_set_bg_color(b->header, 0xDDE4EE);
    format_set_bottom(b->header, LXW_BORDER_THIN);
    format_set_text_wrap(b->header);
    format_set_align(b->header, LXW_ALIGN_VERTICAL_TOP);
    format_set_bold(b->title);
    format_set_font_size(b->title, 12);
    format_set_num_format(b->integer, "#,##0");
    format_set_num_format(b->score, "0.0");
    format_set_num_format(b->percent, "0.0%");
    format_set_font_color(b->pass, 0x2E7D32);
    format_set_align(b->pass, LXW_ALIGN_CENTER);
    format_set_font_color(b->fail, 0xC62828);
    format_set_align(b->fail, LXW_ALIGN_CENTER);
    return true;
}

pf_error render_shortlist_workbook(const pf_score_result *result, const pf_criteria *criteria,
                                   const pf_shortlist_run *run, const char *path, pf_error_context *err)
{
    pf_output out;
    pf_error code = output_reserve(&out, path, err);
    if (code != PF_OK)
        return code;
    book b = {0};
    b.l = labels_for(run->lang);
    b.sheet_names = calloc(result->profile_count + 4, sizeof *b.sheet_names);
    size_t cells = 0;
    for (size_t p = 0; p < result->profile_count; p++)
        cells += result->profiles[p].shortlist_count *
                 (3 + result->profiles[p].profile->criterion_count + result->header_count);
    lxw_workbook_options options = {.constant_memory = cells > STREAMED_CELLS, .tmpdir = NULL, .use_zip64 = 0};
    b.workbook = b.sheet_names ? workbook_new_opt(out.temp_path, &options) : NULL;
    if (!b.workbook) {
        free(b.sheet_names);
        output_abort(&out);
        return pf_error_set(err, PF_ERROR_CANNOT_CREATE, path, 0, NULL, "cannot create the workbook");
    }
    lxw_doc_properties properties = {.title = (char *)b.l->about_title, .created = WORKBOOK_CREATED};
    note(&b, workbook_set_properties(b.workbook, &properties));
    if (make_formats(&b)) {
        /* the fixed sheets' names are taken first, so that a profile cannot take them */
        const char *funnel_name = sheet_name(&b, b.l->sheet_funnel, 0);
        const char *groups_name = run->group_column ? sheet_name(&b, b.l->sheet_groups, 0) : NULL;
        const char *about_name = sheet_name(&b, b.l->sheet_about, 0);
        for (size_t p = 0; p < result->profile_count && b.failure == LXW_NO_ERROR; p++) {
            const char *name = sheet_name(&b, result->profiles[p].profile->name, p + 1);
            lxw_worksheet *ws = workbook_add_worksheet(b.workbook, name);
            if (!ws)
                note(&b, LXW_ERROR_MEMORY_MALLOC_FAILED);
            else
                write_profile_sheet(&b, ws, result, criteria, &result->profiles[p]);
        }
        lxw_worksheet *ws = b.failure == LXW_NO_ERROR ? workbook_add_worksheet(b.workbook, funnel_name) : NULL;
        if (ws)
            write_funnel_sheet(&b, ws, funnel_name, result, criteria);
        if (groups_name && b.failure == LXW_NO_ERROR) {
            ws = workbook_add_worksheet(b.workbook, groups_name);
            if (ws)
                write_groups_sheet(&b, ws, groups_name, result, run);
        }
        ws = b.failure == LXW_NO_ERROR ? workbook_add_worksheet(b.workbook, about_name) : NULL;
        if (ws)
            write_about_sheet(&b, ws, result, criteria, run);
        if (!ws)
            note(&b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    }
    lxw_error closed = workbook_close(b.workbook);
    free(b.sheet_names);
    lxw_error failure = b.failure != LXW_NO_ERROR ? b.failure : closed;
    if (failure != LXW_NO_ERROR) {
        output_abort(&out);
        return pf_error_set(err, failure == LXW_ERROR_MEMORY_MALLOC_FAILED ? PF_ERROR_MEMORY : PF_ERROR_IO,
                            path, 0, NULL, "cannot write the workbook: %s", lxw_strerror(failure));
    }
    return output_commit(&out, err);
}

/* ---- CSV ---- */

/* A score with at most two decimals, without trailing zeros: "100", "87.5", "66.67". */
static void format_score(double score, char *buf, size_t size)
{
    snprintf(buf, size, "%.2f", score);
    char *dot = strchr(buf, '.');
    if (!dot)
        return;
    char *end = buf + strlen(buf);
    while (end > dot + 1 && end[-1] == '0')
        *--end = '\0';
    if (end == dot + 1)
        *dot = '\0';
}

/* Writes the CSV's own column `name`, renamed "shortlist_<name>" when the prospect file has a column of
 * that name (compared as spreadsheets and CRMs compare headers: folded), so that no header is repeated. */
static void write_own_header(FILE *f, const pf_score_result *result, const char *name)
{
    bool taken = false;
    for (size_t c = 0; c < result->header_count && !taken; c++)
        taken = text_fold_equal(result->header[c], strlen(result->header[c]), name, strlen(name));
    fprintf(f, "%s%s", taken ? "shortlist_" : "", name);
}

pf_error render_shortlist_csv(const pf_score_result *result, const pf_shortlist_run *run, const char *path,
                              pf_error_context *err)
{
    (void)run;
    pf_output out;
    pf_error code = output_open(&out, path, err);
    if (code != PF_OK)
        return code;
    FILE *f = out.file;
    fputs("\xEF\xBB\xBF", f);
    static const char *const own[] = {"profile", "rank", "id", "score"};
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++) {
        if (i > 0)
            fputc(',', f);
        write_own_header(f, result, own[i]);
    }
    for (size_t c = 0; c < result->header_count; c++) {
        fputc(',', f);
        render_csv_sheet_field(f, result->header[c]);
    }
    fputc('\n', f);
    char score[32];
    for (size_t p = 0; p < result->profile_count; p++) {
        const pf_profile_result *pr = &result->profiles[p];
        for (size_t i = 0; i < pr->shortlist_count; i++) {
            const pf_shortlist_entry *e = &pr->shortlist[i];
            render_csv_sheet_field(f, pr->profile->name);
            format_score(e->score, score, sizeof score);
            fprintf(f, ",%zu,", i + 1);
            render_csv_sheet_field(f, e->id);
            fprintf(f, ",%s", score);
            for (size_t c = 0; c < result->header_count; c++) {
                fputc(',', f);
                render_csv_sheet_field(f, e->fields[c]);
            }
            fputc('\n', f);
        }
    }
    return output_commit(&out, err);
}

/* ---- JSON ---- */

json_t *render_shortlist_json(const pf_score_result *result, const pf_criteria *criteria,
                              const pf_shortlist_run *run)
{
    json_t *root = json_object();
    json_t *input = json_object();
    json_object_set_new(input, "path", json_string(run->prospects_path));
    json_object_set_new(input, "sha256", run->sha256 ? json_string(run->sha256) : json_null());
    json_object_set_new(input, "size", json_integer((json_int_t)run->size));
    json_object_set_new(input, "encoding", json_string(encoding_name(run->encoding)));
    char delimiter[2] = {run->delimiter, '\0'};
    json_object_set_new(input, "delimiter", json_string(delimiter));
    json_object_set_new(input, "id_column", json_string(run->id_column));
    json_object_set_new(root, "input", input);

    json_object_set_new(root, "rows_read", json_integer(result->rows_read));
    json_object_set_new(root, "rows_scored", json_integer(result->rows_scored));
    json_object_set_new(root, "rows_rejected", json_integer(result->rows_rejected));
    json_t *rejects = json_array();
    for (size_t i = 0; i < result->reject_count; i++) {
        json_t *r = json_object();
        json_object_set_new(r, "file", json_string(run->prospects_path));
        json_object_set_new(r, "line", json_integer(result->rejects[i].line));
        json_object_set_new(r, "column", json_string(result->rejects[i].column));
        json_object_set_new(r, "reason", json_string(result->rejects[i].reason));
        json_object_set_new(r, "raw", json_string(result->rejects[i].raw));
        json_array_append_new(rejects, r);
    }
    json_object_set_new(root, "rejects", rejects);
    json_object_set_new(root, "rejects_not_listed",
                        json_integer(result->rows_rejected - (long)result->reject_count));

    json_t *used = json_array();
    for (size_t i = 0; i < criteria->count; i++) {
        const pf_criterion *c = &criteria->items[i];
        json_t *o = json_object();
        json_object_set_new(o, "profile", json_string(c->profile));
        json_object_set_new(o, "criterion", json_string(c->label));
        json_object_set_new(o, "column", json_string(c->column));
        json_object_set_new(o, "test", json_string(pf_test_names[c->test]));
        json_object_set_new(o, "value", json_string(c->value));
        json_object_set_new(o, "weight", json_real(c->weight));
        json_object_set_new(o, "eliminatory", json_boolean(c->eliminatory));
        json_object_set_new(o, "line", c->line > 0 ? json_integer(c->line) : json_null());
        json_array_append_new(used, o);
    }
    json_t *crit = json_object();
    json_object_set_new(crit, "path", json_string(run->criteria_path));
    json_object_set_new(crit, "criteria", used);
    json_object_set_new(root, "criteria", crit);
    if (run->partners_path) {
        json_t *partners = json_object();
        json_object_set_new(partners, "path", json_string(run->partners_path));
        json_object_set_new(partners, "company_ids", json_integer((json_int_t)run->known_ids));
        json_object_set_new(partners, "rows_unreadable", json_integer(run->partners_unreadable));
        json_object_set_new(root, "partners", partners);
    } else {
        json_object_set_new(root, "partners", json_null());
    }
    if (run->group_column) {
        json_t *group = json_object();
        json_object_set_new(group, "column", json_string(run->group_column));
        json_object_set_new(group, "prefix",
                            run->group_prefix ? json_integer((json_int_t)run->group_prefix) : json_null());
        json_object_set_new(root, "group_by", group);
    } else {
        json_object_set_new(root, "group_by", json_null());
    }
    json_object_set_new(root, "top", json_integer((json_int_t)run->top));

    json_t *profiles = json_array();
    for (size_t p = 0; p < result->profile_count; p++) {
        const pf_profile_result *pr = &result->profiles[p];
        const pf_profile *profile = pr->profile;
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(profile->name));
        json_object_set_new(o, "total_weight", json_real(profile->total_weight));
        json_object_set_new(o, "eligible", json_integer(pr->eligible));
        json_object_set_new(o, "known", json_integer(pr->known));
        json_t *funnel = json_array();
        for (size_t i = 0; i < profile->eliminatory_count; i++) {
            json_t *step = json_object();
            json_object_set_new(step, "criterion",
                                json_string(criteria->items[profile->criteria[profile->eliminatory[i]]].label));
            json_object_set_new(step, "remaining", json_integer(pr->remaining[i]));
            json_array_append_new(funnel, step);
        }
        json_t *last = json_object();
        json_object_set_new(last, "criterion", json_string("eligible"));
        json_object_set_new(last, "remaining", json_integer(pr->eligible));
        json_array_append_new(funnel, last);
        json_object_set_new(o, "funnel", funnel);
        json_t *shortlist = json_array();
        for (size_t i = 0; i < pr->shortlist_count; i++) {
            const pf_shortlist_entry *e = &pr->shortlist[i];
            json_t *s = json_object();
            json_object_set_new(s, "rank", json_integer((json_int_t)(i + 1)));
            json_object_set_new(s, "id", json_string(e->id));
            json_object_set_new(s, "score", json_real(e->score));
            json_object_set_new(s, "line", json_integer(e->line));
            json_array_append_new(shortlist, s);
        }
        json_object_set_new(o, "shortlist", shortlist);
        json_t *groups = json_array();
        for (size_t g = 0; g < pr->group_count; g++) {
            json_t *s = json_object();
            json_object_set_new(s, "value", json_string(pr->groups[g].value));
            json_object_set_new(s, "eligible", json_integer(pr->groups[g].eligible));
            json_array_append_new(groups, s);
        }
        json_object_set_new(o, "groups", groups);
        json_array_append_new(profiles, o);
    }
    json_object_set_new(root, "profiles", profiles);
    return root;
}

/* ---- plain text ---- */

#define TEXT_SHOWN_REJECTS 5
#define TEXT_SHOWN_BEST 5
#define TEXT_SHOWN_GROUPS 8

void render_shortlist_text(FILE *out, const pf_score_result *result, const pf_criteria *criteria,
                           const pf_shortlist_run *run)
{
    fprintf(out, "prospects: %s (%s, %s)\n", run->prospects_path, encoding_name(run->encoding),
            delimiter_name(run->delimiter));
    fprintf(out, "  rows: %ld read = %ld scored + %ld rejected\n", result->rows_read, result->rows_scored,
            result->rows_rejected);
    for (size_t i = 0; i < result->reject_count && i < TEXT_SHOWN_REJECTS; i++) {
        const pf_score_reject *r = &result->rejects[i];
        if (r->column[0])
            fprintf(out, "    %s:%ld: column '%s': %s\n", run->prospects_path, r->line, r->column, r->reason);
        else
            fprintf(out, "    %s:%ld: %s\n", run->prospects_path, r->line, r->reason);
    }
    if (result->rows_rejected > TEXT_SHOWN_REJECTS)
        fprintf(out, "    ... and %ld more (see --json)\n", result->rows_rejected - TEXT_SHOWN_REJECTS);
    fprintf(out, "criteria: %s\n", run->criteria_path);
    if (run->partners_path)
        fprintf(out, "partners: %s (%zu company id%s%s)\n", run->partners_path, run->known_ids,
                run->known_ids == 1 ? "" : "s",
                run->partners_unreadable ? "; some rows unreadable, see --json" : "");
    char score[32];
    for (size_t p = 0; p < result->profile_count; p++) {
        const pf_profile_result *pr = &result->profiles[p];
        const pf_profile *profile = pr->profile;
        fprintf(out, "\nprofile %s: %ld eligible", profile->name, pr->eligible);
        if (run->partners_path)
            fprintf(out, " (%ld already partners)", pr->known);
        fprintf(out, ", %zu shortlisted (top %zu)\n", pr->shortlist_count, run->top);
        fprintf(out, "  elimination funnel:\n    %10ld  scored\n", result->rows_scored);
        for (size_t i = 0; i < profile->eliminatory_count; i++)
            fprintf(out, "    %10ld  %s\n", pr->remaining[i],
                    criteria->items[profile->criteria[profile->eliminatory[i]]].label);
        fprintf(out, "    %10ld  eligible\n", pr->eligible);
        for (size_t i = 0; i < pr->shortlist_count && i < TEXT_SHOWN_BEST; i++) {
            format_score(pr->shortlist[i].score, score, sizeof score);
            fprintf(out, "  %zu. %s  score %s  (line %ld)\n", i + 1, pr->shortlist[i].id, score,
                    pr->shortlist[i].line);
        }
        if (run->group_column && pr->group_count > 0) {
            char group[300];
            group_by_text(run, group, sizeof group);
            fprintf(out, "  eligible by %s:", group);
            for (size_t g = 0; g < pr->group_count && g < TEXT_SHOWN_GROUPS; g++)
                fprintf(out, "%s %s=%ld", g ? "," : "", pr->groups[g].value[0] ? pr->groups[g].value : "\"\"",
                        pr->groups[g].eligible);
            if (pr->group_count > TEXT_SHOWN_GROUPS)
                fprintf(out, ", ... (%zu groups)", pr->group_count);
            fputc('\n', out);
        }
    }
}
