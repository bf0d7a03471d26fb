/* render_workbook_sheets.h — private to src/render_workbook*.c: the writing context the sheet builders share
 * (cell writers that sanitise text, track column widths and never write 0 for a missing figure; styles;
 * lists that continue on numbered sheets; defined names). Not part of the library's interface.
 *
 * Owns: wb_context owns the libxlsxwriter workbook while it is being built, every wb_sheet it hands out
 * (freed by render_workbook), and a scratch buffer for sanitised text. Borrows the model, settings and
 * results of render_workbook() for the duration of the call.
 *
 * Writing order: every sheet is written strictly row by row (never back to an earlier row), so the same
 * code works in libxlsxwriter's constant-memory mode, where a row is flushed to disk as soon as the next
 * one starts. Errors from libxlsxwriter are recorded (the first one wins) and checked once at the end.
 */
#ifndef PARTNERFUNNEL_RENDER_WORKBOOK_SHEETS_H
#define PARTNERFUNNEL_RENDER_WORKBOOK_SHEETS_H

#include <stdbool.h>
#include <stddef.h>
#include <xlsxwriter.h>

#include "partnerfunnel/labels.h"
#include "partnerfunnel/metrics.h"
#include "partnerfunnel/model.h"
#include "partnerfunnel/render_workbook.h"
#include "partnerfunnel/settings.h"

/** Cell styles, created once per workbook. */
typedef enum wb_style {
    WB_PLAIN = 0, /* default text */
    WB_TITLE,
    WB_SUBTITLE,
    WB_SECTION,
    WB_HEADER,
    WB_HEADER_RIGHT,
    WB_LABEL, /* bold text in a label column */
    WB_WRAP,  /* text that wraps (sentences) */
    WB_NOTE,  /* grey italic explanation */
    WB_NA,    /* "n/a", right-aligned grey */
    WB_INTEGER,
    WB_MONEY,
    WB_PERCENT,
    WB_DATE,
    WB_DAYS,    /* General: 137 or 45.5 */
    WB_P_VALUE, /* 0.000, "< 0.001" below */
    WB_DECIMAL, /* 0.00 */
    WB_TOTAL_LABEL,
    WB_TOTAL_INTEGER,
    WB_TOTAL_MONEY,
    WB_TOTAL_PERCENT,
    WB_KPI_LABEL,
    WB_KPI_INTEGER,
    WB_KPI_MONEY,
    WB_KPI_PERCENT,
    WB_KPI_DAYS,
    WB_KPI_TEXT, /* a sentence in the value column (wraps) */
    WB_KPI_NA,   /* "n/a" in the value column */
    WB_KPI_REFERENCE,
    WB_MARK_GOOD,  /* green status */
    WB_MARK_WATCH, /* amber status */
    WB_MARK_POOR,  /* red status */
    WB_STYLE_COUNT
} wb_style;

struct wb_context;

/** One worksheet being written, with the widest content seen per column. */
typedef struct wb_sheet {
    struct wb_context *ctx;
    lxw_worksheet *worksheet;
    pf_label label; /* the sheet's name in the label table */
    int part;       /* 1, or n for the continuation sheet "Name (n)" */
    char name[128]; /* as in the file (at most 31 characters) */
    char ref[260];  /* as a formula prefix: 'First deal'! */
    double *widths; /* characters, per column; 0 = nothing written */
    double *fixed;  /* a fixed width per column, 0 = computed */
    size_t width_count;
    bool has_autofilter; /* constant-memory mode: one autofilter per sheet */
} wb_sheet;

typedef struct wb_context {
    lxw_workbook *workbook;
    const pf_model *model;
    const pf_settings *settings;
    const pf_results *results;
    pf_lang lang;
    char currency[8];
    bool constant_memory;
    lxw_row_t max_rows; /* rows per sheet before a list continues on the next one */
    lxw_format *styles[WB_STYLE_COUNT];
    wb_sheet **sheets; /* every sheet, in order */
    size_t sheet_count, sheet_capacity;
    pf_workbook_result *result;
    lxw_error error; /* the first libxlsxwriter error */
    char error_where[192];
    bool out_of_memory;
    char subtitle[1024]; /* the second line of every sheet: as-of, candidates, source */
    char *text;          /* scratch buffer for sanitised text */
    size_t text_capacity;
    struct {
        char name[40];
        char formula[320];
    } names[32]; /* the defined names, for the About sheet */
    size_t name_count;
} wb_context;

/* ---- context ---- */

/** The label in the workbook's language. */
const char *wb_text(const wb_context *ctx, pf_label label);
/** A new worksheet named by label (with " (part)" when part > 1), owned by ctx; NULL on failure (recorded). */
wb_sheet *wb_add_sheet(wb_context *ctx, pf_label name, int part);
/** Records a libxlsxwriter error (the first one is kept) and returns it. */
lxw_error wb_check(wb_context *ctx, lxw_error error, const wb_sheet *sheet, lxw_row_t row, lxw_col_t col);
/** Defines a workbook-level name for one cell ("ActiveRate6m" -> 'Cohorts'!$E$21). */
void wb_define_name(wb_sheet *sheet, const char *name, lxw_row_t row, lxw_col_t col);

/* ---- cells (every writer tracks the column's width) ---- */

/** Text from anywhere (input or labels): always a string cell, never a formula; sanitised (see the file
 *  header of render_workbook.h). NULL or "" writes nothing. */
void wb_write_text(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, const char *text, wb_style style);
/** A label of the workbook's language. */
void wb_write_label(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, pf_label label, wb_style style);
/** A number; NAN (or infinite) writes "n/a". */
void wb_write_number(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, double value, wb_style style);
/** A number; NAN writes nothing (a column a chart plots: an empty cell is a gap, text would be 0). */
void wb_write_number_or_blank(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, double value, wb_style style);
/** A count; PF_COUNT_UNKNOWN writes "n/a". */
void wb_write_count(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, long value, wb_style style);
/** A date as an Excel date number; PF_DATE_NONE writes nothing. */
void wb_write_date(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, pf_date date, wb_style style);
/** "n/a". */
void wb_write_na(wb_sheet *sheet, lxw_row_t row, lxw_col_t col);
/** An empty cell that still carries its style (borders, fill). */
void wb_write_blank(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, wb_style style);
/** A formula stored with its value (printf-style formula text); a value that is not finite writes "n/a"
 *  instead of the formula. */
void wb_write_formula(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, wb_style style, double value,
                      const char *format, ...) __attribute__((format(printf, 6, 7)));
/** The same, but a value that is not finite writes nothing (chart columns). */
void wb_write_formula_or_blank(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, wb_style style, double value,
                               const char *format, ...) __attribute__((format(printf, 6, 7)));
/** A formula with a text result. */
void wb_write_formula_text(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, wb_style style, const char *value,
                           const char *format, ...) __attribute__((format(printf, 6, 7)));
/** Text across columns first..last of one row (merged). */
void wb_merge_text(wb_sheet *sheet, lxw_row_t row, lxw_col_t first, lxw_col_t last, const char *text,
                   wb_style style);
/** Row height in points. */
void wb_row_height(wb_sheet *sheet, lxw_row_t row, double points);
/** A fixed column width (characters), instead of the computed one. */
void wb_fix_width(wb_sheet *sheet, lxw_col_t col, double width);
/** The title and subtitle lines of a sheet (rows 0 and 1); returns the first free row (3). */
lxw_row_t wb_write_title(wb_sheet *sheet, pf_label title);
/** "B5" / "$B$5" into buf (16 bytes). */
const char *wb_cell(char *buf, lxw_row_t row, lxw_col_t col);
const char *wb_cell_abs(char *buf, lxw_row_t row, lxw_col_t col);
/** Formats a day number as the language's date text (31/10/2026 or 2026-10-31) into buf (16 bytes). */
const char *wb_date_text(const wb_context *ctx, pf_date date, char *buf);
/** Formats a count with the language's thousands separator (1 000 / 1,000) into buf (32 bytes). */
const char *wb_count_text(const wb_context *ctx, long value, char *buf);
/** Splits text at spaces into lines of at most width characters (a longer word is cut at width) and writes
 *  them to lines, max lines of line_size bytes each (line_size >= 4 * width + 1); returns the count. */
size_t wb_wrap(const char *text, size_t width, char *lines, size_t line_size, size_t max);
/** A segment value for display: "" becomes the label "(none)". */
const char *wb_segment_value(const wb_context *ctx, const char *value);

/* ---- lists: a header row and one row per record, continued on "Name (2)" past the row limit ---- */

typedef struct wb_list {
    wb_context *ctx;
    wb_sheet *sheet;     /* the current sheet (changes when the list continues) */
    int segment;         /* 1 on the first sheet, 2 on the first continuation ... */
    char table_name[32]; /* base name of the Excel tables ("PartnerList") */
    char **headers;      /* owned, sanitised and unique */
    size_t columns;
    lxw_row_t header_row; /* of the current segment */
    lxw_row_t next_row;   /* the row the next record goes to */
    long records;         /* written in all */
    bool freeze_first_column;
} wb_list;

/** Writes the header row of a list at header_row of sheet. headers[columns] are texts (labels or input
 *  headers; copied). freeze: the list is the sheet's main content (frozen header row, repeated on every
 *  printed page, landscape, fit to the page width). Past the row limit the list continues on a new sheet
 *  named after this one with the next part number ("Partners (2)"). */
void wb_list_begin(wb_list *list, wb_sheet *sheet, lxw_row_t header_row, const char *const *headers,
                   size_t columns, const char *table_name, bool freeze);
/** The row for the next record (continuing on a new sheet when this one is full). */
lxw_row_t wb_list_row(wb_list *list);
/** Closes the list: an Excel table over the last segment (an autofilter in constant-memory mode); with no
 *  record at all, nothing but the header. Returns the first row after the list. */
lxw_row_t wb_list_end(wb_list *list);

/* ---- charts ---- */

/** A chart with a title (set once: libxlsxwriter would leak a replaced one) and the house style; NULL on
 *  failure (recorded). */
lxw_chart *wb_chart(wb_context *ctx, uint8_t type, const char *title);
/** Names a chart axis. */
void wb_axis_name(wb_context *ctx, lxw_chart_axis *axis, pf_label name);
/** Inserts the chart at row/col, width x height pixels. */
void wb_insert_chart(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, lxw_chart *chart, int width, int height);

/* ---- the sheets (render_workbook_figures.c and render_workbook_lists.c) ---- */

void wb_sheet_summary(wb_context *ctx);
void wb_sheet_funnel(wb_context *ctx);
void wb_sheet_cohorts(wb_context *ctx);
void wb_sheet_first_deal(wb_context *ctx);
void wb_sheet_costs(wb_context *ctx);
void wb_sheet_recruiters(wb_context *ctx);
void wb_sheet_segments(wb_context *ctx);
void wb_sheet_at_risk(wb_context *ctx);
void wb_sheet_partners(wb_context *ctx);
void wb_sheet_data_quality(wb_context *ctx);
void wb_sheet_about(wb_context *ctx);

/* Where the figures the Summary refers to live: the cells the defined names point at. */
#define WB_NAME_LISTED "ListedCandidates"
#define WB_NAME_SIGNED "SignedPartners"
#define WB_NAME_MATURE "MaturePartners"
#define WB_NAME_ACTIVE "ActivePartners"
#define WB_NAME_ACTIVE_RATE "ActiveRate6m"
#define WB_NAME_BAD "BadRecruits"
#define WB_NAME_BAD_COST "BadRecruitsCost"
#define WB_NAME_COST_PER_BAD "CostPerBadRecruit"
#define WB_NAME_MATURE_COST "MaturePartnersCost"
#define WB_NAME_COST_PER_ACTIVE "CostPerActivePartner"
#define WB_NAME_OVERHEAD "ProgrammeOverhead"
#define WB_NAME_MEDIAN "MedianDaysToFirstDeal"
#define WB_NAME_WITHIN_100 "FirstDealWithin100Days"
#define WB_NAME_BUSINESS_PLAN_SHARE "BusinessPlanShare"
#define WB_NAME_AT_RISK "PartnersAtRisk"
#define WB_NAME_PLAN_DAYS "PlanDays"

#endif
