/* render_workbook_trend.c — the Trend sheet of the monthly workbook and the Summary's change since the
 * previous month end (issue 12). Formatting only: the figures are pf_results.trend (metrics_trend.h), each
 * row the report as of its month end.
 *
 * The Trend sheet holds one row per month end, oldest first, in the columns of trend_columns below, and two
 * line charts (the rates; the partner counts). The Summary's change cell is a formula: the headline's defined
 * name minus the Trend row of the previous month end (=ActiveRate6m-Trend!$F$14), stored with the difference
 * of the two values metrics computed, shown as ▲ / ▼ and the delta by its number format. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "partnerfunnel/render_workbook_sheets.h"

/* What a Trend column shows. */
typedef enum trend_kind { TREND_COUNT, TREND_PERCENT, TREND_MONEY, TREND_DAYS } trend_kind;

typedef struct trend_column {
    pf_label header;
    trend_kind kind;
    const char *name; /* the Summary's defined name of the same figure, NULL when the Summary has none */
} trend_column;

enum {
    COL_MONTH_END = 0,
    COL_LISTED,
    COL_SIGNED,
    COL_MATURE,
    COL_ACTIVE,
    COL_RATE,
    COL_CI_LOW,
    COL_CI_HIGH,
    COL_BAD,
    COL_COST_PER_BAD,
    COL_COST_PER_ACTIVE,
    COL_MEDIAN,
    COL_WITHIN_100,
    COL_AT_RISK_FIRST, /* one column per at-risk band, then their total */
    COL_AT_RISK_TOTAL = COL_AT_RISK_FIRST + PF_AT_RISK_BAND_COUNT,
    COL_COUNT
};

static const trend_column trend_columns[COL_COUNT] = {
    [COL_MONTH_END] = {PF_LABEL_COL_MONTH_END, TREND_COUNT, NULL},
    [COL_LISTED] = {PF_LABEL_COL_LISTED, TREND_COUNT, WB_NAME_LISTED},
    [COL_SIGNED] = {PF_LABEL_COL_SIGNED, TREND_COUNT, WB_NAME_SIGNED},
    [COL_MATURE] = {PF_LABEL_COL_MATURE, TREND_COUNT, WB_NAME_MATURE},
    [COL_ACTIVE] = {PF_LABEL_COL_ACTIVE, TREND_COUNT, WB_NAME_ACTIVE},
    [COL_RATE] = {PF_LABEL_COL_ACTIVE_RATE, TREND_PERCENT, WB_NAME_ACTIVE_RATE},
    [COL_CI_LOW] = {PF_LABEL_COL_CI_LOW, TREND_PERCENT, NULL},
    [COL_CI_HIGH] = {PF_LABEL_COL_CI_HIGH, TREND_PERCENT, NULL},
    [COL_BAD] = {PF_LABEL_COL_BAD_RECRUITS, TREND_COUNT, WB_NAME_BAD},
    [COL_COST_PER_BAD] = {PF_LABEL_KPI_COST_PER_BAD, TREND_MONEY, WB_NAME_COST_PER_BAD},
    [COL_COST_PER_ACTIVE] = {PF_LABEL_KPI_COST_PER_ACTIVE, TREND_MONEY, WB_NAME_COST_PER_ACTIVE},
    [COL_MEDIAN] = {PF_LABEL_KPI_MEDIAN_DAYS, TREND_DAYS, WB_NAME_MEDIAN},
    [COL_WITHIN_100] = {PF_LABEL_KPI_WITHIN_100, TREND_PERCENT, WB_NAME_WITHIN_100},
    [COL_AT_RISK_FIRST] = {PF_LABEL_BAND_BEHIND_100_DAYS, TREND_COUNT, NULL},
    [COL_AT_RISK_FIRST + 1] = {PF_LABEL_BAND_REVIEW_6_MONTHS, TREND_COUNT, NULL},
    [COL_AT_RISK_FIRST + 2] = {PF_LABEL_BAND_CONSIDER_ENDING, TREND_COUNT, NULL},
    [COL_AT_RISK_TOTAL] = {PF_LABEL_KPI_AT_RISK, TREND_COUNT, WB_NAME_AT_RISK},
};

/* The header row and the first month-end row of the Trend sheet (after the title, the subtitle and the
 * note). */
#define TREND_HEADER_ROW 4
#define TREND_FIRST_ROW 5

static double count_value(long count)
{
    return count == PF_COUNT_UNKNOWN ? NAN : (double)count;
}

/* The value of column col in point p; NAN when it cannot be computed. */
static double point_value(const pf_trend_point *p, int col)
{
    switch (col) {
    case COL_LISTED: return count_value(p->listed);
    case COL_SIGNED: return count_value(p->signed_partners);
    case COL_MATURE: return count_value(p->mature);
    case COL_ACTIVE: return count_value(p->active);
    case COL_RATE: return p->rate.estimate;
    case COL_CI_LOW: return p->rate.low;
    case COL_CI_HIGH: return p->rate.high;
    case COL_BAD: return count_value(p->bad_recruits);
    case COL_COST_PER_BAD: return p->cost_per_bad_recruit;
    case COL_COST_PER_ACTIVE: return p->cost_per_active_partner;
    case COL_MEDIAN: return p->median_days_to_first_deal;
    case COL_WITHIN_100: return p->p_within_100_days;
    case COL_AT_RISK_TOTAL: {
        double total = 0;
        for (int b = 0; b < PF_AT_RISK_BAND_COUNT; b++)
            total += count_value(p->at_risk[b]);
        return total; /* NAN when any band is unknown */
    }
    default:
        if (col >= COL_AT_RISK_FIRST && col < COL_AT_RISK_TOTAL)
            return count_value(p->at_risk[col - COL_AT_RISK_FIRST]);
        return NAN;
    }
}

static wb_style style_of(trend_kind kind)
{
    return kind == TREND_PERCENT ? WB_PERCENT
           : kind == TREND_MONEY ? WB_MONEY
           : kind == TREND_DAYS  ? WB_DAYS
                                 : WB_INTEGER;
}

/* Rates (active rate with its interval, first deal within 100 days) over the month ends. */
static void insert_rates_chart(wb_sheet *sheet, lxw_row_t last_row, lxw_row_t at)
{
    wb_context *ctx = wb_report(sheet);
    lxw_chart *chart = wb_chart(ctx->book, LXW_CHART_LINE, wb_text(ctx->book, PF_LABEL_CHART_TREND_RATES));
    if (!chart)
        return;
    static const int columns[] = {COL_RATE, COL_CI_LOW, COL_CI_HIGH, COL_WITHIN_100};
    static const lxw_color_t colours[] = {0x2E75B6, 0x9DC3E6, 0x9DC3E6, 0xC55A11};
    const char *name = wb_text(ctx->book, PF_LABEL_SHEET_TREND);
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++) {
        lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
        chart_series_set_categories(series, name, TREND_FIRST_ROW, COL_MONTH_END, last_row, COL_MONTH_END);
        chart_series_set_values(series, name, TREND_FIRST_ROW, (lxw_col_t)columns[i], last_row,
                                (lxw_col_t)columns[i]);
        chart_series_set_name_range(series, name, TREND_HEADER_ROW, (lxw_col_t)columns[i]);
        lxw_chart_line line = {.color = colours[i],
                               .width = i == 1 || i == 2 ? 1.0 : 2.25,
                               .dash_type = i == 1 || i == 2 ? LXW_CHART_LINE_DASH_DASH : 0};
        chart_series_set_line(series, &line);
    }
    chart_axis_set_num_format(chart->y_axis, "0%");
    chart_axis_set_min(chart->y_axis, 0);
    chart_axis_set_num_format(chart->x_axis, wb_text(ctx->book, PF_LABEL_FORMAT_DATE));
    wb_axis_name(ctx->book, chart->x_axis, PF_LABEL_AXIS_MONTH_END);
    wb_insert_chart(sheet, at, 0, chart, 640, 320);
}

/* Signed, mature, active partners and bad recruits over the month ends. */
static void insert_counts_chart(wb_sheet *sheet, lxw_row_t last_row, lxw_row_t at)
{
    wb_context *ctx = wb_report(sheet);
    lxw_chart *chart = wb_chart(ctx->book, LXW_CHART_LINE, wb_text(ctx->book, PF_LABEL_CHART_TREND_COUNTS));
    if (!chart)
        return;
    static const int columns[] = {COL_SIGNED, COL_MATURE, COL_ACTIVE, COL_BAD};
    const char *name = wb_text(ctx->book, PF_LABEL_SHEET_TREND);
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++) {
        lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
        chart_series_set_categories(series, name, TREND_FIRST_ROW, COL_MONTH_END, last_row, COL_MONTH_END);
        chart_series_set_values(series, name, TREND_FIRST_ROW, (lxw_col_t)columns[i], last_row,
                                (lxw_col_t)columns[i]);
        chart_series_set_name_range(series, name, TREND_HEADER_ROW, (lxw_col_t)columns[i]);
    }
    chart_axis_set_num_format(chart->y_axis, "#,##0");
    chart_axis_set_num_format(chart->x_axis, wb_text(ctx->book, PF_LABEL_FORMAT_DATE));
    wb_axis_name(ctx->book, chart->x_axis, PF_LABEL_AXIS_MONTH_END);
    wb_axis_name(ctx->book, chart->y_axis, PF_LABEL_AXIS_PARTNERS);
    wb_insert_chart(sheet, at, 7, chart, 640, 320);
}

lxw_chart *wb_trend_chart(wb_context *ctx, const char *name, const char *title)
{
    int column = -1;
    for (int c = 1; c < COL_COUNT; c++)
        if (trend_columns[c].name && strcmp(trend_columns[c].name, name) == 0)
            column = c;
    if (column < 0 || ctx->results->trend.count == 0)
        return NULL;
    lxw_chart *chart = wb_chart(ctx->book, LXW_CHART_LINE, title);
    if (!chart)
        return NULL;
    const char *sheet = wb_text(ctx->book, PF_LABEL_SHEET_TREND);
    lxw_row_t last_row = (lxw_row_t)(TREND_FIRST_ROW + ctx->results->trend.count - 1);
    lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(series, sheet, TREND_FIRST_ROW, COL_MONTH_END, last_row, COL_MONTH_END);
    chart_series_set_values(series, sheet, TREND_FIRST_ROW, (lxw_col_t)column, last_row, (lxw_col_t)column);
    chart_series_set_name_range(series, sheet, TREND_HEADER_ROW, (lxw_col_t)column);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    chart_axis_set_num_format(chart->x_axis, wb_text(ctx->book, PF_LABEL_FORMAT_DATE));
    trend_kind kind = trend_columns[column].kind;
    chart_axis_set_num_format(chart->y_axis, kind == TREND_PERCENT ? "0%" : "#,##0");
    return chart;
}

void wb_sheet_trend(wb_context *ctx)
{
    const pf_trend *trend = &ctx->results->trend;
    if (trend->count == 0)
        return;
    wb_sheet *sheet = wb_add_sheet(ctx->book, PF_LABEL_SHEET_TREND, 1);
    if (!sheet)
        return;
    wb_write_title(sheet, PF_LABEL_TITLE_TREND);
    wb_write_label(sheet, TREND_HEADER_ROW - 1, 0, PF_LABEL_TREND_NOTE, WB_NOTE);
    char header[256];
    for (int c = 0; c < COL_COUNT; c++) {
        const char *text = wb_text(ctx->book, trend_columns[c].header);
        if (c == COL_ACTIVE) {
            snprintf(header, sizeof header, text, ctx->results->window_months);
            text = header;
        }
        wb_write_text(sheet, TREND_HEADER_ROW, (lxw_col_t)c, text, c == 0 ? WB_HEADER : WB_HEADER_RIGHT);
        wb_fix_width(sheet, (lxw_col_t)c, c == 0 ? 12 : 14);
    }
    wb_row_height(sheet, TREND_HEADER_ROW, 45);
    lxw_row_t row = TREND_FIRST_ROW;
    for (size_t k = 0; k < trend->count; k++, row++) {
        const pf_trend_point *p = &trend->points[k];
        wb_write_date(sheet, row, COL_MONTH_END, p->as_of, WB_DATE);
        for (int c = 1; c < COL_COUNT; c++) {
            double value = point_value(p, c);
            /* an empty cell, not "n/a", in the charted columns: text would be drawn as 0 */
            wb_write_number_or_blank(sheet, row, (lxw_col_t)c, value, style_of(trend_columns[c].kind));
        }
    }
    lxw_row_t last_row = row - 1;
    wb_sheet_header(sheet, TREND_HEADER_ROW, 1);
    wb_print_one_page(sheet);
    insert_rates_chart(sheet, last_row, row + 1);
    insert_counts_chart(sheet, last_row, row + 1);
}

/* "▲ 12;▼ 12;= 0"-style number formats for a change of kind. */
static const char *change_format(trend_kind kind)
{
    switch (kind) {
    case TREND_PERCENT: return "\"▲ \"0.0%;\"▼ \"0.0%;\"= \"0.0%";
    case TREND_MONEY: return "\"▲ \"#,##0;\"▼ \"#,##0;\"= \"0";
    case TREND_DAYS: return "\"▲ \"0.#;\"▼ \"0.#;\"= \"0";
    default: return "\"▲ \"#,##0;\"▼ \"#,##0;\"= \"0";
    }
}

/* A number as the workbook stores it (libxlsxwriter prints %.16G): the Trend cell holds that, while the
 * named cell is itself a formula that recalculates to the full double; the stored difference is what a
 * recalculation finds between the two. */
static double as_written(double value)
{
    char text[32];
    snprintf(text, sizeof text, "%.16G", value);
    return strtod(text, NULL);
}

void wb_trend_change_header(wb_sheet *sheet, lxw_row_t row, lxw_col_t col)
{
    wb_context *ctx = wb_report(sheet);
    const pf_trend_point *previous = metrics_trend_previous(&ctx->results->trend, ctx->results->as_of);
    if (!previous)
        return;
    char date[16], text[128];
    snprintf(text, sizeof text, wb_text(ctx->book, PF_LABEL_COL_SINCE),
             wb_date_text(ctx->book, previous->as_of, date));
    wb_write_text(sheet, row, col, text, WB_HEADER_RIGHT);
}

void wb_trend_change(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, const char *name, double value)
{
    wb_context *ctx = wb_report(sheet);
    const pf_trend *trend = &ctx->results->trend;
    const pf_trend_point *previous = metrics_trend_previous(trend, ctx->results->as_of);
    int column = -1;
    for (int c = 1; name && c < COL_COUNT; c++)
        if (trend_columns[c].name && strcmp(trend_columns[c].name, name) == 0)
            column = c;
    if (!previous || column < 0) {
        if (previous)
            wb_write_blank(sheet, row, col, WB_KPI_REFERENCE);
        return;
    }
    double before = point_value(previous, column);
    if (!isfinite(value) || !isfinite(before)) {
        wb_write_text(sheet, row, col, wb_text(ctx->book, PF_LABEL_NA), WB_KPI_NA);
        return;
    }
    lxw_format *format = workbook_add_format(ctx->book->workbook);
    if (!format) {
        ctx->book->out_of_memory = true;
        return;
    }
    format_set_num_format(format, change_format(trend_columns[column].kind));
    format_set_align(format, LXW_ALIGN_RIGHT);
    format_set_align(format, LXW_ALIGN_VERTICAL_CENTER);
    format_set_font_color(format, 0x595959);
    char cell[16];
    char formula[320];
    lxw_row_t trend_row = (lxw_row_t)(TREND_FIRST_ROW + (size_t)(previous - trend->points));
    snprintf(formula, sizeof formula, "=%s-'%s'!%s", name, wb_text(ctx->book, PF_LABEL_SHEET_TREND),
             wb_cell_abs(cell, trend_row, (lxw_col_t)column));
    wb_check(
        ctx->book,
        worksheet_write_formula_num(sheet->worksheet, row, col, formula, format, value - as_written(before)),
        sheet, row, col);
}
