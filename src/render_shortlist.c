/* render_shortlist.c — workbook, CSV, JSON and text views of a scoring run (see render_shortlist.h). */
#include "partnerfunnel/render_shortlist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "partnerfunnel/labels.h"
#include "partnerfunnel/output.h"
#include "partnerfunnel/render_csv.h"
#include "partnerfunnel/text.h"
#include "partnerfunnel/xlsx_book.h"

#ifndef PF_VERSION
#define PF_VERSION "unknown"
#endif

/* 2000-01-01T00:00:00Z: the workbook's creation time, fixed so that two runs give the same bytes. */
#define WORKBOOK_CREATED ((time_t)946684800)
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

static const char *encoding_name(pf_encoding encoding)
{
    return reader_encoding_name(encoding);
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

const char *render_shortlist_link(const pf_shortlist_run *run, const pf_shortlist_entry *entry, char *buf,
                                  size_t size)
{
    static const char placeholder[] = "{siren}";
    char siren[10];
    buf[0] = '\0';
    if (!run->link || !run->link[0] || !score_siren(entry->id, entry->id_length, siren))
        return buf;
    size_t n = 0;
    for (const char *p = run->link; *p && n + 1 < size;) {
        if (strncmp(p, placeholder, sizeof placeholder - 1) == 0) {
            n += (size_t)snprintf(buf + n, size - n, "%s", siren);
            p += sizeof placeholder - 1;
        } else {
            buf[n++] = *p++;
        }
    }
    buf[n < size ? n : size - 1] = '\0';
    return buf;
}

/* ---- the workbook (on the workbook layer, xlsx_book.h) ---- */

/* A header cell: text on the column-header style, or the style alone for an empty header. */
static void put_header(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, const char *text)
{
    if (text && *text)
        wb_write_text(sheet, row, col, text, WB_COLUMN_HEADER);
    else
        wb_write_blank(sheet, row, col, WB_COLUMN_HEADER);
}

static void widen(double *widths, size_t col, const char *text)
{
    if (!widths)
        return;
    double w = (double)(text ? text_utf8_length(text, strlen(text)) : 0) * 1.1 + 2;
    if (w > widths[col])
        widths[col] = w;
}

/* The computed widths, fixed on the sheet (the layer's own estimate is not used here). */
static void apply_widths(wb_sheet *sheet, const double *widths, size_t count, double cap)
{
    for (size_t c = 0; c < count; c++) {
        double w = widths[c] < WIDTH_MIN ? WIDTH_MIN : widths[c] > cap ? cap : widths[c];
        wb_fix_width(sheet, (lxw_col_t)c, w);
    }
}

/* ---- the columns every list of prospects carries: legal unit, shown columns, link ---- */

/* Excel keeps at most this many hyperlinks a sheet; later rows get the link's text only. */
#define LINKS_MAX 65530
/* Bytes of one shown value or link ([score] link holds at most 2,000 characters). */
#define LINK_MAX 2200

/* How many columns describe_columns() fills. */
static size_t described_count(const pf_shortlist_run *run)
{
    size_t n = run->shown ? run->shown->count : 0;
    if (run->units)
        n += 2 + run->units->shown_count;
    if (run->link && run->link[0])
        n++;
    return n;
}

/* The header of the described columns, from col on: legal name, legal category, the units' shown
 * columns, the shown columns, the link. */
static void describe_headers(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, const pf_shortlist_run *run,
                             double *widths)
{
    wb_book *book = sheet->book;
    const char *headers[2 + PF_SHOWN_MAX + PF_SHOWN_MAX + 1];
    bool capped[sizeof headers / sizeof headers[0]];
    size_t n = 0;
    if (run->units) {
        headers[n] = wb_text(book, PF_LABEL_SCORE_LEGAL_NAME);
        capped[n++] = false;
        headers[n] = wb_text(book, PF_LABEL_SCORE_LEGAL_CATEGORY);
        capped[n++] = true;
        for (size_t i = 0; i < run->units->shown_count && n < PF_SHOWN_MAX + 2; i++) {
            const char *name = run->units->shown_names[i];
            headers[n] = strcmp(name, "trancheEffectifsUniteLegale") == 0
                             ? wb_text(book, PF_LABEL_SCORE_UNIT_HEADCOUNT)
                             : name;
            capped[n++] = true;
        }
    }
    for (size_t i = 0; run->shown && i < run->shown->count; i++) {
        const pf_shown_column *c = &run->shown->columns[i];
        headers[n] = c->label >= 0 ? wb_text(book, (pf_label)c->label) : c->key;
        capped[n++] = true;
    }
    if (run->link && run->link[0]) {
        headers[n] = wb_text(book, PF_LABEL_SCORE_LINK);
        capped[n++] = false;
    }
    for (size_t i = 0; i < n; i++, col++) {
        put_header(sheet, row, col, headers[i]);
        widen(widths, col, headers[i]);
        if (capped[i] && widths[col] > HEADER_WIDTH_MAX)
            widths[col] = HEADER_WIDTH_MAX;
    }
}

/* The described columns of one entry, from col on; write false only measures (widths). */
static void describe_entry(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, const pf_shortlist_run *run,
                           const pf_shortlist_entry *e, double *widths, bool write)
{
    wb_book *book = sheet->book;
    char value[LINK_MAX];
    if (run->units) {
        const pf_legal_unit *unit = e->legal_unit;
        const char *name = !unit                              ? ""
                           : unit->status == PF_UNIT_MISSING  ? wb_text(book, PF_LABEL_SCORE_UNIT_MISSING)
                           : unit->status == PF_UNIT_NO_SIREN ? wb_text(book, PF_LABEL_SCORE_UNIT_NO_SIREN)
                                                              : unit->legal_name;
        const char *cells[2] = {name, unit ? unit->legal_category : ""};
        for (size_t i = 0; i < 2; i++, col++) {
            widen(widths, col, cells[i]);
            if (write)
                wb_write_text(sheet, row, col, cells[i], WB_PLAIN);
        }
        for (size_t i = 0; i < run->units->shown_count; i++, col++) {
            const char *text = unit && unit->shown ? unit->shown[i] : "";
            widen(widths, col, text);
            if (write)
                wb_write_text(sheet, row, col, text, WB_PLAIN);
        }
    }
    for (size_t i = 0; run->shown && i < run->shown->count; i++, col++) {
        score_shown_value(&run->shown->columns[i], e, value, sizeof value);
        widen(widths, col, value);
        if (write)
            wb_write_text(sheet, row, col, value, WB_PLAIN);
    }
    if (run->link && run->link[0]) {
        char siren[10];
        const char *url = render_shortlist_link(run, e, value, sizeof value);
        bool has_siren = score_siren(e->id, e->id_length, siren);
        widen(widths, col, has_siren ? siren : "");
        if (!write || !url[0] || !has_siren)
            return;
        if (row <= LINKS_MAX)
            wb_check(book, worksheet_write_url_opt(sheet->worksheet, row, col, url, NULL, siren, url), sheet,
                     row, col);
        else
            wb_write_text(sheet, row, col, siren, WB_PLAIN);
    }
}

static void write_profile_sheet(wb_sheet *sheet, const pf_criteria *criteria, const pf_profile_result *pr,
                                const pf_shortlist_run *run)
{
    wb_book *book = sheet->book;
    const pf_profile *profile = pr->profile;
    size_t described = described_count(run);
    size_t first_criterion = 3 + described;
    size_t columns = first_criterion + profile->criterion_count;
    double *widths = calloc(columns, sizeof *widths);
    if (!widths) {
        book->out_of_memory = true;
        return;
    }
    widen(widths, 0, wb_text(book, PF_LABEL_SCORE_RANK));
    widen(widths, 1, wb_text(book, PF_LABEL_SCORE_ID));
    widen(widths, 2, wb_text(book, PF_LABEL_SCORE_SCORE));
    bool tall_header = described > 0;
    for (size_t k = 0; k < profile->criterion_count; k++) {
        widen(widths, first_criterion + k, criteria->items[profile->criteria[k]].label);
        if (widths[first_criterion + k] > CRITERION_WIDTH_MAX) {
            widths[first_criterion + k] = CRITERION_WIDTH_MAX;
            tall_header = true;
        }
    }
    put_header(sheet, 0, 0, wb_text(book, PF_LABEL_SCORE_RANK));
    put_header(sheet, 0, 1, wb_text(book, PF_LABEL_SCORE_ID));
    put_header(sheet, 0, 2, wb_text(book, PF_LABEL_SCORE_SCORE));
    describe_headers(sheet, 0, 3, run, widths);
    for (size_t k = 0; k < profile->criterion_count; k++)
        put_header(sheet, 0, (lxw_col_t)(first_criterion + k), criteria->items[profile->criteria[k]].label);
    char rank[24];
    for (size_t i = 0; i < pr->shortlist_count; i++) {
        const pf_shortlist_entry *e = &pr->shortlist[i];
        snprintf(rank, sizeof rank, "%zu", i + 1);
        widen(widths, 0, rank);
        widen(widths, 1, e->id);
        describe_entry(sheet, 0, 3, run, e, widths, false);
    }
    apply_widths(sheet, widths, columns, WIDTH_MAX);
    free(widths);
    if (tall_header)
        wb_row_height(sheet, 0, 45);
    for (size_t i = 0; i < pr->shortlist_count; i++) {
        const pf_shortlist_entry *e = &pr->shortlist[i];
        lxw_row_t row = (lxw_row_t)(i + 1);
        wb_write_number(sheet, row, 0, (double)(i + 1), WB_INTEGER);
        wb_write_text(sheet, row, 1, e->id, WB_PLAIN);
        wb_write_number(sheet, row, 2, e->score, WB_SCORE);
        describe_entry(sheet, row, 3, run, e, NULL, true);
        for (size_t k = 0; k < profile->criterion_count; k++)
            wb_write_text(sheet, row, (lxw_col_t)(first_criterion + k), e->passed[k] ? check_mark : cross_mark,
                          e->passed[k] ? WB_PASS : WB_FAIL);
    }
    if (pr->shortlist_count == 0)
        wb_write_text(sheet, 1, 0, wb_text(book, PF_LABEL_SCORE_NO_SHORTLIST), WB_PLAIN);
    wb_sheet_list(sheet, 0, (lxw_row_t)pr->shortlist_count, (lxw_col_t)(columns - 1), 2);
}

/* The Known sheet: per profile, the eligible prospects already in the CRM (the best K), with the partner
 * they match and the furthest stage it reached. */
static void write_known_sheet(wb_sheet *sheet, const pf_score_result *result, const pf_shortlist_run *run)
{
    wb_book *book = sheet->book;
    size_t described = described_count(run);
    size_t columns = 5 + described;
    double *widths = calloc(columns, sizeof *widths);
    if (!widths) {
        book->out_of_memory = true;
        return;
    }
    const char *own[] = {wb_text(book, PF_LABEL_SCORE_PROFILE), wb_text(book, PF_LABEL_SCORE_ID),
                         wb_text(book, PF_LABEL_SCORE_SCORE), wb_text(book, PF_LABEL_SCORE_PARTNER_ID),
                         wb_text(book, PF_LABEL_SCORE_STAGE)};
    size_t rows = 0;
    for (size_t p = 0; p < result->profile_count; p++)
        rows += result->profiles[p].known_list_count;
    for (size_t c = 0; c < 5; c++) {
        put_header(sheet, 0, (lxw_col_t)c, own[c]);
        widen(widths, c, own[c]);
    }
    describe_headers(sheet, 0, 5, run, widths);
    for (int pass = 0; pass < 2; pass++) {
        lxw_row_t row = 1;
        for (size_t p = 0; p < result->profile_count; p++) {
            const pf_profile_result *pr = &result->profiles[p];
            for (size_t i = 0; i < pr->known_list_count; i++, row++) {
                const pf_shortlist_entry *e = &pr->known_list[i];
                const char *partner_id = e->partner ? e->partner->partner_id : "";
                const char *stage = e->partner ? e->partner->stage : "";
                if (pass == 0) {
                    widen(widths, 0, pr->profile->name);
                    widen(widths, 1, e->id);
                    widen(widths, 3, partner_id);
                    widen(widths, 4, stage);
                    describe_entry(sheet, row, 5, run, e, widths, false);
                    continue;
                }
                wb_write_text(sheet, row, 0, pr->profile->name, WB_PLAIN);
                wb_write_text(sheet, row, 1, e->id, WB_PLAIN);
                wb_write_number(sheet, row, 2, e->score, WB_SCORE);
                wb_write_text(sheet, row, 3, partner_id, WB_PLAIN);
                wb_write_text(sheet, row, 4, stage, WB_PLAIN);
                describe_entry(sheet, row, 5, run, e, NULL, true);
            }
        }
        if (pass == 0) {
            apply_widths(sheet, widths, columns, WIDTH_MAX);
            if (described > 0)
                wb_row_height(sheet, 0, 45);
        }
    }
    free(widths);
    if (rows == 0)
        wb_write_text(sheet, 1, 0, wb_text(book, PF_LABEL_SCORE_NO_KNOWN), WB_PLAIN);
    wb_sheet_list(sheet, 0, (lxw_row_t)rows, (lxw_col_t)(columns - 1), 2);
}

/* A chart of the book with nothing set (the score workbook's charts take their titles from cells). */
static lxw_chart *new_chart(wb_book *book, uint8_t type)
{
    lxw_chart *chart = workbook_add_chart(book->workbook, type);
    if (!chart)
        book->out_of_memory = true;
    return chart;
}

static void write_funnel_sheet(wb_sheet *sheet, const pf_score_result *result, const pf_criteria *criteria)
{
    wb_book *book = sheet->book;
    const char *name = sheet->name;
    double widths[4] = {0, 0, 0, 0};
    widen(widths, 0, wb_text(book, PF_LABEL_SCORE_SCORED));
    widen(widths, 0, wb_text(book, PF_LABEL_SCORE_KNOWN));
    widen(widths, 1, wb_text(book, PF_LABEL_SCORE_REMAINING));
    widen(widths, 2, wb_text(book, PF_LABEL_SCORE_SHARE));
    for (size_t p = 0; p < result->profile_count; p++) {
        const pf_profile *profile = result->profiles[p].profile;
        for (size_t i = 0; i < profile->eliminatory_count; i++)
            widen(widths, 0, criteria->items[profile->criteria[profile->eliminatory[i]]].label);
    }
    apply_widths(sheet, widths, 3, WIDTH_MAX);

    lxw_row_t row = 0;
    double scored = (double)result->rows_scored;
    for (size_t p = 0; p < result->profile_count; p++) {
        const pf_profile_result *pr = &result->profiles[p];
        const pf_profile *profile = pr->profile;
        lxw_row_t top = row;
        char title[512];
        snprintf(title, sizeof title, wb_text(book, PF_LABEL_SCORE_FUNNEL_TITLE), profile->name);
        wb_write_text(sheet, row++, 0, title, WB_HEADING);
        put_header(sheet, row, 0, wb_text(book, PF_LABEL_SCORE_STEP));
        put_header(sheet, row, 1, wb_text(book, PF_LABEL_SCORE_REMAINING));
        put_header(sheet, row, 2, wb_text(book, PF_LABEL_SCORE_SHARE));
        row++;
        lxw_row_t first_step = row;
        wb_write_text(sheet, row, 0, wb_text(book, PF_LABEL_SCORE_SCORED), WB_PLAIN);
        wb_write_number(sheet, row, 1, scored, WB_INTEGER);
        if (scored > 0)
            wb_write_number(sheet, row, 2, 1.0, WB_PERCENT);
        row++;
        for (size_t i = 0; i < profile->eliminatory_count; i++, row++) {
            wb_write_text(sheet, row, 0, criteria->items[profile->criteria[profile->eliminatory[i]]].label,
                          WB_PLAIN);
            wb_write_number(sheet, row, 1, (double)pr->remaining[i], WB_INTEGER);
            if (scored > 0)
                wb_write_number(sheet, row, 2, (double)pr->remaining[i] / scored, WB_PERCENT);
        }
        wb_write_text(sheet, row, 0, wb_text(book, PF_LABEL_SCORE_ELIGIBLE), WB_PLAIN);
        wb_write_number(sheet, row, 1, (double)pr->eligible, WB_INTEGER);
        if (scored > 0)
            wb_write_number(sheet, row, 2, (double)pr->eligible / scored, WB_PERCENT);
        lxw_row_t last_step = row++;
        wb_write_text(sheet, row, 0, wb_text(book, PF_LABEL_SCORE_KNOWN), WB_PLAIN);
        wb_write_number(sheet, row++, 1, (double)pr->known, WB_INTEGER);
        wb_write_text(sheet, row, 0, wb_text(book, PF_LABEL_SCORE_SHORTLISTED), WB_PLAIN);
        wb_write_number(sheet, row++, 1, (double)pr->shortlist_count, WB_INTEGER);

        lxw_chart *chart = new_chart(book, LXW_CHART_BAR);
        lxw_chart_series *series = chart ? chart_add_series(chart, NULL, NULL) : NULL;
        if (!series) {
            book->out_of_memory = true;
            return;
        }
        chart_series_set_categories(series, name, first_step, 0, last_step, 0);
        chart_series_set_values(series, name, first_step, 1, last_step, 1);
        chart_series_set_labels(series);
        chart_title_set_name_range(chart, name, top, 0);
        chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
        chart_axis_set_reverse(chart->y_axis); /* the first step at the top */
        wb_check(book, worksheet_insert_chart(sheet->worksheet, top, 4, chart), sheet, top, 4);
        lxw_row_t block = 18;
        row = row - top < block ? top + block : row + 2;
    }
}

static void write_groups_sheet(wb_sheet *sheet, const pf_score_result *result, const pf_shortlist_run *run)
{
    wb_book *book = sheet->book;
    const char *name = sheet->name;
    size_t profiles = result->profile_count;
    bool with_total = profiles > 1;
    size_t columns = 1 + profiles + (with_total ? 1 : 0);
    double *widths = calloc(columns, sizeof *widths);
    if (!widths) {
        book->out_of_memory = true;
        return;
    }
    char column[256], title[512];
    if (run->group_prefix)
        snprintf(column, sizeof column, wb_text(book, PF_LABEL_SCORE_GROUPS_PREFIX), run->group_column,
                 (int)run->group_prefix);
    else
        snprintf(column, sizeof column, "%s", run->group_column);
    snprintf(title, sizeof title, wb_text(book, PF_LABEL_SCORE_GROUPS_TITLE), column);
    const char *empty_group = wb_text(book, PF_LABEL_SCORE_EMPTY_GROUP);
    widen(widths, 0, run->group_column);
    widen(widths, 0, empty_group);
    for (size_t p = 0; p < profiles; p++)
        widen(widths, 1 + p, result->profiles[p].profile->name);
    if (with_total)
        widen(widths, columns - 1, wb_text(book, PF_LABEL_TOTAL));
    for (size_t g = 0; g < result->group_row_count; g++)
        widen(widths, 0, result->group_rows[g].value);
    for (size_t c = 1; c < columns; c++)
        if (widths[c] < 10)
            widths[c] = 10;
    apply_widths(sheet, widths, columns, WIDTH_MAX);
    free(widths);

    wb_write_text(sheet, 0, 0, title, WB_HEADING);
    put_header(sheet, 1, 0, run->group_column);
    for (size_t p = 0; p < profiles; p++)
        put_header(sheet, 1, (lxw_col_t)(1 + p), result->profiles[p].profile->name);
    if (with_total)
        put_header(sheet, 1, (lxw_col_t)(columns - 1), wb_text(book, PF_LABEL_TOTAL));
    for (size_t g = 0; g < result->group_row_count; g++) {
        const pf_group_row *gr = &result->group_rows[g];
        lxw_row_t row = (lxw_row_t)(g + 2);
        wb_write_text(sheet, row, 0, gr->value[0] ? gr->value : empty_group, WB_PLAIN);
        for (size_t p = 0; p < profiles; p++)
            wb_write_number(sheet, row, (lxw_col_t)(1 + p), (double)gr->eligible[p], WB_INTEGER);
        if (with_total)
            wb_write_number(sheet, row, (lxw_col_t)(columns - 1), (double)gr->total, WB_INTEGER);
    }
    wb_sheet_list(sheet, 1, (lxw_row_t)(result->group_row_count + 1), (lxw_col_t)(columns - 1), 1);
    if (result->group_row_count == 0)
        return;
    lxw_chart *chart = new_chart(book, LXW_CHART_COLUMN);
    if (!chart)
        return;
    size_t bars = result->group_row_count < GROUP_CHART_BARS ? result->group_row_count : GROUP_CHART_BARS;
    for (size_t p = 0; p < profiles; p++) {
        lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
        if (!series) {
            book->out_of_memory = true;
            return;
        }
        chart_series_set_categories(series, name, 2, 0, (lxw_row_t)(2 + bars - 1), 0);
        chart_series_set_values(series, name, 2, (lxw_col_t)(1 + p), (lxw_row_t)(2 + bars - 1),
                                (lxw_col_t)(1 + p));
        chart_series_set_name_range(series, name, 1, (lxw_col_t)(1 + p));
    }
    chart_title_set_name_range(chart, name, 0, 0);
    if (profiles == 1)
        chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    lxw_chart_options options = {.x_scale = 1.5, .y_scale = 1.2};
    wb_check(book, worksheet_insert_chart_opt(sheet->worksheet, 1, (lxw_col_t)(columns + 1), chart, &options),
             sheet, 1, (lxw_col_t)(columns + 1));
}

static void write_about_sheet(wb_sheet *sheet, const pf_score_result *result, const pf_criteria *criteria,
                              const pf_shortlist_run *run)
{
    wb_book *book = sheet->book;
    double widths[PF_CRITERIA_COLUMN_COUNT + 1] = {0};
    char format[64], group[300];
    snprintf(format, sizeof format, "%s, %s", encoding_name(run->encoding), delimiter_name(run->delimiter));
    group_by_text(run, group, sizeof group);
    const char *none = wb_text(book, PF_LABEL_SCORE_NONE);
    struct {
        pf_label key;
        const char *text;
        double number;
    } facts[] = {
        {PF_LABEL_SCORE_PROSPECT_FILE, run->prospects_path, NAN},
        {PF_LABEL_SCORE_SIZE, NULL, (double)run->size},
        {PF_LABEL_SCORE_SHA256, run->sha256 ? run->sha256 : wb_text(book, PF_LABEL_SCORE_NOT_HASHED), NAN},
        {PF_LABEL_SCORE_FORMAT, format, NAN},
        {PF_LABEL_SCORE_ROWS_READ, NULL, (double)result->rows_read},
        {PF_LABEL_SCORE_ROWS_SCORED, NULL, (double)result->rows_scored},
        {PF_LABEL_SCORE_ROWS_REJECTED, NULL, (double)result->rows_rejected},
        {PF_LABEL_SCORE_CRITERIA_FILE, run->criteria_path, NAN},
        {PF_LABEL_SCORE_PARTNERS_FILE, run->partners_path ? run->partners_path : none, NAN},
        {PF_LABEL_SCORE_KNOWN_IDS, NULL, run->partners_path ? (double)run->known_ids : NAN},
        {PF_LABEL_SCORE_UNITS_FILE, run->units ? run->units->path : none, NAN},
        {PF_LABEL_SCORE_SETTINGS_FILE, run->settings_path ? run->settings_path : none, NAN},
        {PF_LABEL_SCORE_ID_COLUMN, run->id_column, NAN},
        {PF_LABEL_SCORE_GROUP_BY, run->group_column ? group : none, NAN},
        {PF_LABEL_SCORE_TOP, NULL, (double)run->top},
        {PF_LABEL_SCORE_SOFTWARE, "partnerfunnel " PF_VERSION, NAN},
    };
    size_t fact_count = sizeof facts / sizeof facts[0];
    for (size_t i = 0; i < fact_count; i++) {
        widen(widths, 0, wb_text(book, facts[i].key));
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
    widen(widths, 1, wb_text(book, PF_LABEL_SCORE_REASON));
    apply_widths(sheet, widths, PF_CRITERIA_COLUMN_COUNT, WIDTH_MAX + 10);

    lxw_row_t row = 0;
    wb_write_text(sheet, row++, 0, wb_text(book, PF_LABEL_SCORE_ABOUT_TITLE), WB_HEADING);
    for (size_t i = 0; i < fact_count; i++, row++) {
        put_header(sheet, row, 0, wb_text(book, facts[i].key));
        if (facts[i].text)
            wb_write_text(sheet, row, 1, facts[i].text, WB_PLAIN);
        else if (isfinite(facts[i].number))
            wb_write_number(sheet, row, 1, facts[i].number, WB_INTEGER);
    }
    row++;
    wb_write_text(sheet, row++, 0, wb_text(book, PF_LABEL_SCORE_CRITERIA_USED), WB_HEADING);
    for (int c = 0; c < PF_CRITERIA_COLUMN_COUNT; c++)
        put_header(sheet, row, (lxw_col_t)c, pf_criteria_column_names[c]);
    row++;
    for (size_t i = 0; i < criteria->count; i++, row++) {
        const pf_criterion *c = &criteria->items[i];
        wb_write_text(sheet, row, 0, c->profile, WB_PLAIN);
        wb_write_text(sheet, row, 1, c->label, WB_PLAIN);
        wb_write_text(sheet, row, 2, c->column, WB_PLAIN);
        wb_write_text(sheet, row, 3, pf_test_names[c->test], WB_PLAIN);
        wb_write_text(sheet, row, 4, c->value, WB_PLAIN);
        wb_write_number(sheet, row, 5, c->weight, WB_PLAIN);
        wb_write_text(sheet, row, 6, wb_text(book, c->eliminatory ? PF_LABEL_SCORE_YES : PF_LABEL_SCORE_NO),
                      WB_PLAIN);
    }
    row++;
    wb_write_text(sheet, row++, 0, wb_text(book, PF_LABEL_SCORE_REJECTED_ROWS), WB_HEADING);
    put_header(sheet, row, 0, wb_text(book, PF_LABEL_SCORE_LINE));
    put_header(sheet, row, 1, wb_text(book, PF_LABEL_SCORE_REASON));
    put_header(sheet, row, 2, wb_text(book, PF_LABEL_SCORE_COLUMN));
    put_header(sheet, row++, 3, wb_text(book, PF_LABEL_SCORE_RAW));
    for (size_t i = 0; i < result->reject_count; i++, row++) {
        wb_write_number(sheet, row, 0, (double)result->rejects[i].line, WB_INTEGER);
        wb_write_text(sheet, row, 1, result->rejects[i].reason, WB_PLAIN);
        wb_write_text(sheet, row, 2, result->rejects[i].column, WB_PLAIN);
        wb_write_text(sheet, row, 3, result->rejects[i].raw, WB_PLAIN);
    }
    if ((long)result->reject_count < result->rows_rejected) {
        char count[32], more[160];
        snprintf(count, sizeof count, "%ld", result->rows_rejected - (long)result->reject_count);
        snprintf(more, sizeof more, wb_text(book, PF_LABEL_SCORE_MORE_REJECTS), count);
        wb_write_text(sheet, row, 0, more, WB_PLAIN);
    }
}

pf_error render_shortlist_workbook(const pf_score_result *result, const pf_criteria *criteria,
                                   const pf_shortlist_run *run, const char *path, pf_error_context *err)
{
    size_t cells = 0;
    for (size_t p = 0; p < result->profile_count; p++)
        cells += (result->profiles[p].shortlist_count + result->profiles[p].known_list_count) *
                 (5 + result->profiles[p].profile->criterion_count + described_count(run));
    pf_lang lang = run->lang == PF_LANG_FR ? PF_LANG_FR : PF_LANG_EN;
    wb_book_options options = {0};
    options.lang = lang;
    options.constant_memory = cells > STREAMED_CELLS;
    options.created = WORKBOOK_CREATED;
    options.title = labels_get(lang, PF_LABEL_SCORE_ABOUT_TITLE);
    wb_book book;
    pf_error code = wb_book_open(&book, path, &options, err);
    if (code != PF_OK)
        return code;
    /* the fixed sheets' names are taken first, so that a profile cannot take them */
    char known_name[128], funnel_name[128], groups_name[128], about_name[128], name[128];
    if (run->partners_path)
        wb_sheet_name(&book, wb_text(&book, PF_LABEL_SCORE_SHEET_KNOWN), "Known", known_name);
    wb_sheet_name(&book, wb_text(&book, PF_LABEL_SCORE_SHEET_FUNNEL), "Funnel", funnel_name);
    if (run->group_column)
        wb_sheet_name(&book, wb_text(&book, PF_LABEL_SCORE_SHEET_GROUPS), "Groups", groups_name);
    wb_sheet_name(&book, wb_text(&book, PF_LABEL_SCORE_SHEET_ABOUT), "About", about_name);
    for (size_t p = 0; p < result->profile_count && !book.out_of_memory; p++) {
        char fallback[32];
        snprintf(fallback, sizeof fallback, "Profile %zu", p + 1);
        wb_sheet_name(&book, result->profiles[p].profile->name, fallback, name);
        wb_sheet *sheet = wb_add_named_sheet(&book, name);
        if (sheet)
            write_profile_sheet(sheet, criteria, &result->profiles[p], run);
    }
    wb_sheet *sheet;
    if (run->partners_path && (sheet = wb_add_named_sheet(&book, known_name)) != NULL)
        write_known_sheet(sheet, result, run);
    sheet = wb_add_named_sheet(&book, funnel_name);
    if (sheet)
        write_funnel_sheet(sheet, result, criteria);
    if (run->group_column && (sheet = wb_add_named_sheet(&book, groups_name)) != NULL)
        write_groups_sheet(sheet, result, run);
    if ((sheet = wb_add_named_sheet(&book, about_name)) != NULL)
        write_about_sheet(sheet, result, criteria, run);
    return wb_book_close(&book, err);
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

/* Whether the CSV gets shown column c: one made of several prospect columns (the others are in the row
 * already, under their own header). */
static bool csv_shows(const pf_shown_column *c)
{
    return c->kind != PF_SHOWN_FIELD;
}

pf_error render_shortlist_csv(const pf_score_result *result, const pf_shortlist_run *run, const char *path,
                              pf_error_context *err)
{
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
    if (run->units) {
        fputc(',', f);
        write_own_header(f, result, "legal_name");
        fputc(',', f);
        write_own_header(f, result, "legal_category");
        for (size_t i = 0; i < run->units->shown_count; i++) {
            fputc(',', f);
            write_own_header(f, result, run->units->shown_names[i]);
        }
    }
    for (size_t i = 0; run->shown && i < run->shown->count; i++)
        if (csv_shows(&run->shown->columns[i])) {
            fputc(',', f);
            write_own_header(f, result, run->shown->columns[i].key);
        }
    bool links = run->link && run->link[0];
    if (links) {
        fputc(',', f);
        write_own_header(f, result, "link");
    }
    for (size_t c = 0; c < result->header_count; c++) {
        fputc(',', f);
        render_csv_sheet_field(f, result->header[c]);
    }
    fputc('\n', f);
    char score[32], value[LINK_MAX];
    for (size_t p = 0; p < result->profile_count; p++) {
        const pf_profile_result *pr = &result->profiles[p];
        for (size_t i = 0; i < pr->shortlist_count; i++) {
            const pf_shortlist_entry *e = &pr->shortlist[i];
            render_csv_sheet_field(f, pr->profile->name);
            format_score(e->score, score, sizeof score);
            fprintf(f, ",%zu,", i + 1);
            render_csv_sheet_field(f, e->id);
            fprintf(f, ",%s", score);
            if (run->units) {
                const pf_legal_unit *unit = e->legal_unit;
                fputc(',', f);
                render_csv_sheet_field(f, unit ? unit->legal_name : "");
                fputc(',', f);
                render_csv_sheet_field(f, unit ? unit->legal_category : "");
                for (size_t u = 0; u < run->units->shown_count; u++) {
                    fputc(',', f);
                    render_csv_sheet_field(f, unit && unit->shown ? unit->shown[u] : "");
                }
            }
            for (size_t c = 0; run->shown && c < run->shown->count; c++)
                if (csv_shows(&run->shown->columns[c])) {
                    fputc(',', f);
                    render_csv_sheet_field(f,
                                           score_shown_value(&run->shown->columns[c], e, value, sizeof value));
                }
            if (links) {
                fputc(',', f);
                render_csv_sheet_field(f, render_shortlist_link(run, e, value, sizeof value));
            }
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

/* An entry's shown{}, legal_name, legal_category, legal_unit (with --units: its status and units_show
 * columns) and link. */
static void json_describe_entry(json_t *o, const pf_shortlist_run *run, const pf_shortlist_entry *e)
{
    char value[LINK_MAX];
    json_t *shown = json_object();
    for (size_t i = 0; run->shown && i < run->shown->count; i++)
        json_object_set_new(shown, run->shown->columns[i].key,
                            json_string(score_shown_value(&run->shown->columns[i], e, value, sizeof value)));
    json_object_set_new(o, "shown", shown);
    const pf_legal_unit *unit = run->units ? e->legal_unit : NULL;
    bool named = unit && (unit->status == PF_UNIT_FOUND || unit->status == PF_UNIT_RESTRICTED);
    json_object_set_new(o, "legal_name", named ? json_string(unit->legal_name) : json_null());
    json_object_set_new(o, "legal_category",
                        named && run->units->has_category ? json_string(unit->legal_category) : json_null());
    if (unit) {
        json_t *legal = json_object();
        json_object_set_new(legal, "status", json_string(pf_unit_status_names[unit->status]));
        for (size_t i = 0; i < run->units->shown_count; i++)
            json_object_set_new(legal, run->units->shown_names[i],
                                named ? json_string(unit->shown[i]) : json_null());
        json_object_set_new(o, "legal_unit", legal);
    } else {
        json_object_set_new(o, "legal_unit", json_null());
    }
    render_shortlist_link(run, e, value, sizeof value);
    json_object_set_new(o, "link", value[0] ? json_string(value) : json_null());
}

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
    json_object_set_new(root, "link", run->link && run->link[0] ? json_string(run->link) : json_null());
    if (run->units) {
        const pf_units *u = run->units;
        json_t *units = json_object();
        json_object_set_new(units, "path", json_string(u->path));
        json_object_set_new(units, "sha256", u->sha256 ? json_string(u->sha256) : json_null());
        json_object_set_new(units, "key_column", json_string(u->key_column));
        json_object_set_new(units, "rows_read", json_integer(u->rows_read));
        json_object_set_new(units, "sirens_wanted", json_integer((json_int_t)u->count));
        json_object_set_new(units, "missing", json_integer(u->missing));
        json_object_set_new(units, "restricted", json_integer(u->restricted));
        json_object_set_new(units, "duplicate_lines", json_integer(u->duplicates));
        json_t *shown = json_array();
        for (size_t i = 0; i < u->shown_count; i++)
            json_array_append_new(shown, json_string(u->shown_names[i]));
        json_object_set_new(units, "shown", shown);
        json_object_set_new(root, "units", units);
    } else {
        json_object_set_new(root, "units", json_null());
    }

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
            json_describe_entry(s, run, e);
            json_array_append_new(shortlist, s);
        }
        json_object_set_new(o, "shortlist", shortlist);
        json_t *known_list = json_array();
        for (size_t i = 0; i < pr->known_list_count; i++) {
            const pf_shortlist_entry *e = &pr->known_list[i];
            json_t *s = json_object();
            json_object_set_new(s, "id", json_string(e->id));
            json_object_set_new(s, "score", json_real(e->score));
            json_object_set_new(s, "partner_id", json_string(e->partner ? e->partner->partner_id : ""));
            json_object_set_new(s, "stage", json_string(e->partner ? e->partner->stage : ""));
            json_object_set_new(s, "line", json_integer(e->line));
            json_describe_entry(s, run, e);
            json_array_append_new(known_list, s);
        }
        json_object_set_new(o, "known_list", known_list);
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

/* What names an entry in the text summary: its legal name when found, else its first shown value. */
static const char *text_name(const pf_shortlist_run *run, const pf_shortlist_entry *e, char *buf, size_t size)
{
    buf[0] = '\0';
    const pf_legal_unit *unit = run->units ? e->legal_unit : NULL;
    if (unit && (unit->status == PF_UNIT_FOUND || unit->status == PF_UNIT_RESTRICTED) && unit->legal_name[0])
        snprintf(buf, size, "%s", unit->legal_name);
    else if (run->shown && run->shown->count > 0)
        score_shown_value(&run->shown->columns[0], e, buf, size);
    return buf;
}

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
    if (run->units)
        fprintf(out, "legal units: %s (%zu SIREN%s looked up: %ld missing, %ld diffusion-restricted)\n",
                run->units->path, run->units->count, run->units->count == 1 ? "" : "s", run->units->missing,
                run->units->restricted);
    char score[32], name[LINK_MAX];
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
            text_name(run, &pr->shortlist[i], name, sizeof name);
            fprintf(out, "  %zu. %s  score %s  (line %ld)%s%s\n", i + 1, pr->shortlist[i].id, score,
                    pr->shortlist[i].line, name[0] ? "  " : "", name);
        }
        for (size_t i = 0; i < pr->known_list_count && i < TEXT_SHOWN_BEST; i++) {
            const pf_shortlist_entry *e = &pr->known_list[i];
            format_score(e->score, score, sizeof score);
            text_name(run, e, name, sizeof name);
            fprintf(out, "  %s %s  score %s  partner %s, %s%s%s\n", i == 0 ? "known:" : "      ", e->id, score,
                    e->partner && e->partner->partner_id[0] ? e->partner->partner_id : "?",
                    e->partner && e->partner->stage[0] ? e->partner->stage : "?", name[0] ? "  " : "", name);
        }
        if (pr->known_list_count > TEXT_SHOWN_BEST)
            fprintf(out, "         ... and %zu more (see the Known sheet)\n",
                    pr->known_list_count - TEXT_SHOWN_BEST);
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
