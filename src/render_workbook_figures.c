/* render_workbook_figures.c — the figure sheets of the workbook: Summary, Funnel, Cohorts, First deal, Costs.
 *
 * Formatting only: every number comes from pf_results (or the calendar counts). Where the workbook can
 * derive a figure from its own cells (a conversion, a rate, a cost per partner, a share, the Kaplan–Meier
 * product) the cell is a formula stored with the value metrics computed — the same arithmetic on the same
 * doubles, so a recalculation gives the same number (tests/recalc_check.py checks every formula against
 * Gnumeric). The headline cells carry defined names, and the Summary refers to them by name, so each figure
 * of the Summary leads to the sheet and the cells it comes from.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "partnerfunnel/reference.h"
#include "partnerfunnel/render_workbook_sheets.h"

/* The value Excel computes for =a/b (the cached value of a ratio formula); NAN when b is 0. */
static double ratio(double a, double b)
{
    return b != 0 ? a / b : NAN;
}

static bool known(long count)
{
    return count != PF_COUNT_UNKNOWN;
}

/* ---- Summary ---- */

/* Doubles every '"' so a label can sit inside a formula's string literal. */
static const char *formula_string(const char *text, char *buf, size_t size)
{
    size_t o = 0;
    for (const char *p = text; *p && o + 2 < size; p++) {
        if (*p == '"')
            buf[o++] = '"';
        buf[o++] = *p;
    }
    buf[o] = '\0';
    return buf;
}

/* The status cell: a formula comparing the value cell with the thresholds of reference.h (the same ones the
 * audit rates with), stored with its result, in the result's colour. */
static void write_mark(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, lxw_row_t value_row, lxw_col_t value_col,
                       double value, const pf_reference_rule *rule)
{
    wb_context *ctx = sheet ? wb_report(sheet) : NULL;
    if (!ctx)
        return;
    if (!rule || !isfinite(value)) {
        wb_write_blank(sheet, row, col, WB_KPI_REFERENCE);
        return;
    }
    pf_rating rating = reference_rate(value, rule);
    pf_label result = rating == PF_RATING_GOOD    ? PF_LABEL_MARK_GOOD
                      : rating == PF_RATING_WATCH ? PF_LABEL_MARK_WATCH
                                                  : PF_LABEL_MARK_POOR;
    wb_style style = rating == PF_RATING_GOOD    ? WB_MARK_GOOD
                     : rating == PF_RATING_WATCH ? WB_MARK_WATCH
                                                 : WB_MARK_POOR;
    const char *op = rule->lower_is_better ? "<=" : ">=";
    char cell[16], g[128], w[128], p[128];
    wb_cell(cell, value_row, value_col);
    wb_write_formula_text(sheet, row, col, style, wb_text(ctx->book, result),
                          "=IF(%s%s%.15g,\"%s\",IF(%s%s%.15g,\"%s\",\"%s\"))", cell, op, rule->good,
                          formula_string(wb_text(ctx->book, PF_LABEL_MARK_GOOD), g, sizeof g), cell, op,
                          rule->fair, formula_string(wb_text(ctx->book, PF_LABEL_MARK_WATCH), w, sizeof w),
                          formula_string(wb_text(ctx->book, PF_LABEL_MARK_POOR), p, sizeof p));
}

/* One headline row: label, value (a reference to a defined name, or a plain value when name is NULL),
 * the white paper's reference (PF_LABEL_COUNT: none) and the mark (rule NULL: none). */
static void kpi_row(wb_sheet *sheet, lxw_row_t row, const char *label, wb_style style, double value,
                    const char *name, pf_label reference, const pf_reference_rule *rule)
{
    wb_context *ctx = wb_report(sheet);
    wb_row_height(sheet, row, 30);
    wb_write_text(sheet, row, 0, label, WB_KPI_LABEL);
    if (!isfinite(value))
        wb_write_text(sheet, row, 1, wb_text(ctx->book, PF_LABEL_NA), WB_KPI_NA);
    else if (name)
        wb_write_formula(sheet, row, 1, style, value, "=%s", name);
    else
        wb_write_number(sheet, row, 1, value, style);
    if (reference != PF_LABEL_COUNT)
        wb_write_label(sheet, row, 2, reference, WB_KPI_REFERENCE);
    else
        wb_write_blank(sheet, row, 2, WB_KPI_REFERENCE);
    write_mark(sheet, row, 3, row, 1, value, rule);
    wb_trend_change(sheet, row, 4, name, value);
}

static double count_value(long count)
{
    return known(count) ? (double)count : NAN;
}

/* "= 0.003" / "< 0.001" with the language's decimal mark. */
static void p_text(const wb_context *ctx, double p, char *buf, size_t size)
{
    if (p < 0.001)
        snprintf(buf, size, "< 0.001");
    else
        snprintf(buf, size, p < 0.1 ? "= %.3f" : "= %.2f", p);
    const char *mark = wb_text(ctx->book, PF_LABEL_DECIMAL_MARK);
    for (char *c = buf; *c; c++)
        if (*c == '.')
            *c = mark[0];
}

/* The one sentence on the 100-day plan's log-rank test. */
static void plan_sentence(const wb_context *ctx, char *buf, size_t size)
{
    const pf_logrank *test = &ctx->results->hundred_day_plan;
    if (!isfinite(test->p)) {
        snprintf(buf, size, "%s", wb_text(ctx->book, PF_LABEL_PLAN_UNTESTABLE));
        return;
    }
    char p[32];
    p_text(ctx, test->p, p, sizeof p);
    pf_label label = test->p >= 0.05                         ? PF_LABEL_PLAN_NO_DIFFERENCE
                     : test->observed[1] > test->expected[1] ? PF_LABEL_PLAN_FASTER
                                                             : PF_LABEL_PLAN_SLOWER;
    snprintf(buf, size, wb_text(ctx->book, label), p);
}

static lxw_chart *funnel_chart(wb_context *ctx)
{
    /* the Funnel sheet's table: stages in rows 4..11 of column A, reached in column B; the first-deal
     * stage only when it is known (text would be drawn as 0) */
    const pf_results *r = ctx->results;
    lxw_row_t last =
        known(r->funnel[PF_STAGE_FIRST_DEAL].reached) ? 4 + PF_STAGE_FIRST_DEAL : 4 + PF_STAGE_KICKED_OFF;
    lxw_chart *chart = wb_chart(ctx->book, LXW_CHART_BAR, wb_text(ctx->book, PF_LABEL_CHART_FUNNEL));
    if (!chart)
        return NULL;
    const char *sheet = wb_text(ctx->book, PF_LABEL_SHEET_FUNNEL);
    lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(series, sheet, 4, 0, last, 0);
    chart_series_set_values(series, sheet, 4, 1, last, 1);
    chart_series_set_name(series, wb_text(ctx->book, PF_LABEL_COL_REACHED));
    lxw_chart_fill fill = {.color = 0x2E75B6};
    chart_series_set_fill(series, &fill);
    chart_series_set_labels(series);
    chart_series_set_labels_num_format(series, "#,##0");
    chart_set_series_gap(chart, 50);
    /* stages top-down, with the value axis kept at the bottom */
    chart_axis_set_reverse(chart->y_axis);
    chart_axis_set_crossing_max(chart->y_axis);
    chart_axis_set_num_format(chart->x_axis, "#,##0");
    wb_axis_name(ctx->book, chart->x_axis, PF_LABEL_AXIS_CANDIDATES);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    return chart;
}

void wb_sheet_summary(wb_context *ctx)
{
    const pf_results *r = ctx->results;
    wb_sheet *sheet = wb_add_sheet(ctx->book, PF_LABEL_SHEET_SUMMARY, 1);
    if (!sheet)
        return;
    worksheet_gridlines(sheet->worksheet, LXW_HIDE_ALL_GRIDLINES);
    lxw_row_t row = wb_write_title(sheet, PF_LABEL_TITLE_SUMMARY);
    wb_write_label(sheet, row, 0, PF_LABEL_COL_INDICATOR, WB_HEADER);
    wb_write_label(sheet, row, 1, PF_LABEL_COL_VALUE, WB_HEADER_RIGHT);
    wb_write_label(sheet, row, 2, PF_LABEL_COL_REFERENCE, WB_HEADER);
    wb_write_label(sheet, row, 3, PF_LABEL_COL_STATUS, WB_HEADER);
    wb_trend_change_header(sheet, row, 4);
    lxw_row_t header_row = row++;
    char label[256], month[64];
    int year, month_number, day;
    field_date_to_ymd(r->as_of, &year, &month_number, &day);
    int months = r->window_months;

    kpi_row(sheet, row++, wb_text(ctx->book, PF_LABEL_KPI_LISTED), WB_KPI_INTEGER,
            (double)r->funnel[PF_STAGE_LISTED].reached, WB_NAME_LISTED, PF_LABEL_COUNT, NULL);
    snprintf(month, sizeof month, "%s %d", wb_text(ctx->book, (pf_label)(PF_LABEL_MONTH_1 + month_number - 1)),
             year);
    snprintf(label, sizeof label, wb_text(ctx->book, PF_LABEL_KPI_SIGNED_IN_MONTH), month);
    kpi_row(sheet, row++, label, WB_KPI_INTEGER, (double)ctx->results->signings.in_month, NULL, PF_LABEL_COUNT,
            NULL);
    snprintf(label, sizeof label, wb_text(ctx->book, PF_LABEL_KPI_SIGNED_YEAR), year);
    kpi_row(sheet, row++, label, WB_KPI_INTEGER, (double)ctx->results->signings.year_to_date, NULL,
            PF_LABEL_COUNT, NULL);
    kpi_row(sheet, row++, wb_text(ctx->book, PF_LABEL_KPI_SIGNED_TOTAL), WB_KPI_INTEGER,
            (double)r->funnel[PF_STAGE_SIGNED].reached, WB_NAME_SIGNED, PF_LABEL_COUNT, NULL);
    snprintf(label, sizeof label, wb_text(ctx->book, PF_LABEL_KPI_MATURE), months);
    kpi_row(sheet, row++, label, WB_KPI_INTEGER, (double)r->active.mature, WB_NAME_MATURE, PF_LABEL_COUNT,
            NULL);
    snprintf(label, sizeof label, wb_text(ctx->book, PF_LABEL_KPI_ACTIVE), months);
    kpi_row(sheet, row++, label, WB_KPI_INTEGER, count_value(r->active.active), WB_NAME_ACTIVE, PF_LABEL_COUNT,
            NULL);
    snprintf(label, sizeof label, wb_text(ctx->book, PF_LABEL_KPI_ACTIVE_RATE), months);
    kpi_row(sheet, row++, label, WB_KPI_PERCENT, r->active.rate.estimate, WB_NAME_ACTIVE_RATE,
            PF_LABEL_REF_ACTIVE, &pf_rule_active_rate);
    kpi_row(sheet, row++, wb_text(ctx->book, PF_LABEL_KPI_BAD_RECRUITS), WB_KPI_INTEGER,
            count_value(r->bad_recruits.count), WB_NAME_BAD, PF_LABEL_COUNT, NULL);
    bool euro = strcmp(ctx->book->currency, "EUR") == 0;
    kpi_row(sheet, row++, wb_text(ctx->book, PF_LABEL_KPI_COST_PER_BAD), WB_KPI_MONEY,
            r->bad_recruits.cost_per_bad_recruit, WB_NAME_COST_PER_BAD,
            euro ? PF_LABEL_REF_COST_PER_BAD : PF_LABEL_REF_COST_PER_BAD_OTHER_CURRENCY,
            euro ? &pf_rule_cost_per_bad_recruit : NULL);
    kpi_row(sheet, row++, wb_text(ctx->book, PF_LABEL_KPI_COST_PER_ACTIVE), WB_KPI_MONEY,
            r->cost_per_active_partner, WB_NAME_COST_PER_ACTIVE, PF_LABEL_REF_COST_PER_ACTIVE, NULL);
    kpi_row(sheet, row++, wb_text(ctx->book, PF_LABEL_KPI_MEDIAN_DAYS), WB_KPI_DAYS, r->first_deal.median,
            WB_NAME_MEDIAN, PF_LABEL_REF_MEDIAN_DAYS, &pf_rule_median_days);
    kpi_row(sheet, row++, wb_text(ctx->book, PF_LABEL_KPI_WITHIN_100), WB_KPI_PERCENT,
            r->first_deal.p_within_100_days, WB_NAME_WITHIN_100, PF_LABEL_REF_WITHIN_100,
            &pf_rule_within_100_days);
    long bp_mature = r->business_plan.mature[0] + r->business_plan.mature[1];
    kpi_row(sheet, row++, wb_text(ctx->book, PF_LABEL_KPI_BUSINESS_PLANS), WB_KPI_PERCENT,
            ratio((double)r->business_plan.mature[1], (double)bp_mature), WB_NAME_BUSINESS_PLAN_SHARE,
            PF_LABEL_REF_BUSINESS_PLANS, &pf_rule_business_plans);

    char sentence[512];
    plan_sentence(ctx, sentence, sizeof sentence);
    /* the merged value and reference columns hold about 60 characters a line */
    size_t lines = (lxw_utf8_strlen(sentence) + 59) / 60;
    wb_row_height(sheet, row, 15.0 * (double)(lines < 2 ? 2 : lines) + 4);
    wb_write_label(sheet, row, 0, PF_LABEL_KPI_PLAN_EFFECT, WB_KPI_LABEL);
    wb_merge_text(sheet, row, 1, 2, sentence, WB_KPI_TEXT);
    wb_write_blank(sheet, row, 3, WB_KPI_REFERENCE);
    row++;

    long at_risk = 0;
    bool at_risk_known = true;
    for (int b = 0; b < PF_AT_RISK_BAND_COUNT; b++) {
        at_risk_known &= known(r->at_risk[b].count);
        at_risk += known(r->at_risk[b].count) ? r->at_risk[b].count : 0;
    }
    kpi_row(sheet, row++, wb_text(ctx->book, PF_LABEL_KPI_AT_RISK), WB_KPI_INTEGER,
            at_risk_known ? (double)at_risk : NAN, WB_NAME_AT_RISK, PF_LABEL_REF_AT_RISK, NULL);
    lxw_row_t last_kpi = row - 1;

    /* notes: what the figures rest on */
    row++;
    wb_write_label(sheet, row++, 0, PF_LABEL_NOTES, WB_SECTION);
    char note[512], count[32];
    if (at_risk_known && at_risk > 0) {
        char parts[3][160];
        for (int b = 0; b < PF_AT_RISK_BAND_COUNT; b++)
            snprintf(parts[b], sizeof parts[b], "%s (%s)",
                     wb_text(ctx->book, (pf_label)(PF_LABEL_BAND_BEHIND_100_DAYS + b)),
                     wb_count_text(ctx->book, r->at_risk[b].count, count));
        snprintf(note, sizeof note, wb_text(ctx->book, PF_LABEL_AT_RISK_BREAKDOWN), parts[0], parts[1],
                 parts[2]);
        wb_write_text(sheet, row++, 0, note, WB_NOTE);
    }
    if (!r->deals_available)
        wb_write_label(sheet, row++, 0, PF_LABEL_NOTE_NO_DEALS, WB_NOTE);
    if (!r->costs_available)
        wb_write_label(sheet, row++, 0, PF_LABEL_NOTE_NO_COSTS, WB_NOTE);
    else if (!r->overhead_available)
        wb_write_label(sheet, row++, 0, PF_LABEL_NOTE_NO_OVERHEAD, WB_NOTE);
    if (r->out_of_scope > 0) {
        snprintf(note, sizeof note, wb_text(ctx->book, PF_LABEL_NOTE_OUT_OF_SCOPE),
                 wb_count_text(ctx->book, r->out_of_scope, count));
        wb_write_text(sheet, row++, 0, note, WB_NOTE);
    }
    if (ctx->model->reject_count > 0) {
        snprintf(note, sizeof note, wb_text(ctx->book, PF_LABEL_NOTE_REJECTS),
                 wb_count_text(ctx->book, (long)ctx->model->reject_count, count));
        wb_write_text(sheet, row++, 0, note, WB_NOTE);
    }
    wb_write_label(sheet, row++, 0, PF_LABEL_NOTE_STATUS, WB_NOTE);
    wb_write_label(sheet, row++, 0, PF_LABEL_NOTE_TRACE, WB_NOTE);

    wb_fix_width(sheet, 1, 16);
    wb_fix_width(sheet, 2, 50);
    wb_fix_width(sheet, 3, 14);
    wb_fix_width(sheet, 4, ctx->results->trend.count > 0 ? 18 : 3); /* the change since the last month end */
    wb_insert_chart(sheet, header_row, 5, funnel_chart(ctx), 540, 380);
    wb_print_one_page(sheet);
    lxw_row_t print_last = row > last_kpi + 2 ? row : last_kpi + 2;
    wb_check(ctx->book, worksheet_print_area(sheet->worksheet, 0, 0, print_last, 13), sheet, 0, 0);
}

/* ---- Funnel ---- */

void wb_sheet_funnel(wb_context *ctx)
{
    const pf_results *r = ctx->results;
    wb_sheet *sheet = wb_add_sheet(ctx->book, PF_LABEL_SHEET_FUNNEL, 1);
    if (!sheet)
        return;
    lxw_row_t row = wb_write_title(sheet, PF_LABEL_TITLE_FUNNEL);
    static const pf_label headers[] = {PF_LABEL_COL_STAGE,  PF_LABEL_COL_REACHED,    PF_LABEL_COL_IMPLIED,
                                       PF_LABEL_COL_BASE,   PF_LABEL_COL_CONVERSION, PF_LABEL_COL_CI_LOW,
                                       PF_LABEL_COL_CI_HIGH};
    for (lxw_col_t c = 0; c < 7; c++)
        wb_write_label(sheet, row, c, headers[c], c == 0 ? WB_HEADER : WB_HEADER_RIGHT);
    row++; /* row 4: the first stage (funnel_chart() relies on it) */
    char b[16], d[16];
    for (int s = 0; s < PF_STAGE_COUNT; s++, row++) {
        const pf_funnel_stage *f = &r->funnel[s];
        wb_write_label(sheet, row, 0, (pf_label)(PF_LABEL_STAGE_LISTED + s), WB_LABEL);
        wb_write_count(sheet, row, 1, f->reached, WB_INTEGER);
        wb_write_count(sheet, row, 2, f->implied, WB_INTEGER);
        if (s == PF_STAGE_LISTED)
            continue;
        if (s == PF_STAGE_FIRST_DEAL)
            wb_write_number(sheet, row, 3, (double)f->base, WB_INTEGER);
        else
            wb_write_formula(sheet, row, 3, WB_INTEGER, (double)f->base, "=%s", wb_cell(b, row - 1, 1));
        if (known(f->reached) && f->base > 0)
            wb_write_formula(sheet, row, 4, WB_PERCENT, f->conversion.estimate, "=%s/%s", wb_cell(b, row, 1),
                             wb_cell(d, row, 3));
        else
            wb_write_na(sheet, row, 4);
        wb_write_number(sheet, row, 5, f->conversion.low, WB_PERCENT);
        wb_write_number(sheet, row, 6, f->conversion.high, WB_PERCENT);
    }
    wb_define_name(sheet, WB_NAME_LISTED, 4 + PF_STAGE_LISTED, 1);
    wb_define_name(sheet, WB_NAME_SIGNED, 4 + PF_STAGE_SIGNED, 1);

    lxw_conditional_format bars = {0};
    bars.type = LXW_CONDITIONAL_DATA_BAR;
    bars.bar_color = 0x9DC3E6;
    bars.bar_solid = LXW_TRUE;
    wb_check(ctx->book, worksheet_conditional_format_range(sheet->worksheet, 4, 1, row - 1, 1, &bars), sheet, 4,
             1);
    lxw_conditional_format rate_bars = bars;
    rate_bars.bar_color = 0xA9D08E;
    rate_bars.min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
    rate_bars.min_value = 0;
    rate_bars.max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
    rate_bars.max_value = 1;
    wb_check(ctx->book, worksheet_conditional_format_range(sheet->worksheet, 5, 4, row - 1, 4, &rate_bars),
             sheet, 5, 4);

    row++;
    char text[256], count[32];
    wb_write_label(sheet, row, 0, PF_LABEL_FUNNEL_TIME_TO_RECRUIT, WB_LABEL);
    wb_write_number(sheet, row, 1, r->time_to_recruit.median, WB_DAYS);
    snprintf(text, sizeof text, wb_text(ctx->book, PF_LABEL_FUNNEL_TIME_TO_RECRUIT_N),
             wb_count_text(ctx->book, r->time_to_recruit.n, count));
    wb_write_text(sheet, row, 2, text, WB_NOTE);
    row += 2;
    wb_write_label(sheet, row++, 0, PF_LABEL_FUNNEL_NOTE_IMPLIED, WB_NOTE);
    wb_write_label(sheet, row++, 0, PF_LABEL_FUNNEL_NOTE_BASE, WB_NOTE);
    wb_write_label(sheet, row++, 0, PF_LABEL_FUNNEL_NOTE_CI, WB_NOTE);

    wb_sheet_header(sheet, 3, 1);
    wb_insert_chart(sheet, 3, 8, funnel_chart(ctx), 560, 340);
}

/* ---- Cohorts, and the business plan ---- */

static void proportion_cells(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, long successes, long trials,
                             const pf_proportion *p, bool blank_when_missing)
{
    /* col: successes/trials cells already written at col - 1 (successes) and col - 2 (trials) */
    char a[16], t[16];
    if (known(successes) && trials > 0) {
        if (blank_when_missing)
            wb_write_formula_or_blank(sheet, row, col, WB_PERCENT, p->estimate, "=%s/%s",
                                      wb_cell(a, row, col - 1), wb_cell(t, row, col - 2));
        else
            wb_write_formula(sheet, row, col, WB_PERCENT, p->estimate, "=%s/%s", wb_cell(a, row, col - 1),
                             wb_cell(t, row, col - 2));
    } else if (!blank_when_missing) {
        wb_write_na(sheet, row, col);
    }
    if (blank_when_missing) {
        wb_write_number_or_blank(sheet, row, col + 1, p->low, WB_PERCENT);
        wb_write_number_or_blank(sheet, row, col + 2, p->high, WB_PERCENT);
    } else {
        wb_write_number(sheet, row, col + 1, p->low, WB_PERCENT);
        wb_write_number(sheet, row, col + 2, p->high, WB_PERCENT);
    }
}

void wb_sheet_cohorts(wb_context *ctx)
{
    const pf_results *r = ctx->results;
    wb_sheet *sheet = wb_add_sheet(ctx->book, PF_LABEL_SHEET_COHORTS, 1);
    if (!sheet)
        return;
    lxw_row_t row = wb_write_title(sheet, PF_LABEL_TITLE_COHORTS);
    char active_header[128];
    snprintf(active_header, sizeof active_header, wb_text(ctx->book, PF_LABEL_COL_ACTIVE), r->window_months);
    wb_write_label(sheet, row, 0, PF_LABEL_COL_QUARTER, WB_HEADER);
    wb_write_label(sheet, row, 1, PF_LABEL_COL_SIGNED, WB_HEADER_RIGHT);
    wb_write_label(sheet, row, 2, PF_LABEL_COL_MATURE, WB_HEADER_RIGHT);
    wb_write_text(sheet, row, 3, active_header, WB_HEADER_RIGHT);
    wb_write_label(sheet, row, 4, PF_LABEL_COL_ACTIVE_RATE, WB_HEADER_RIGHT);
    wb_write_label(sheet, row, 5, PF_LABEL_COL_CI_LOW, WB_HEADER_RIGHT);
    wb_write_label(sheet, row, 6, PF_LABEL_COL_CI_HIGH, WB_HEADER_RIGHT);
    lxw_row_t header_row = row++;
    const pf_segment_list *cohorts = &r->segments[PF_SEGMENT_COHORT];
    lxw_row_t first = row;
    for (size_t i = 0; i < cohorts->count; i++, row++) {
        const pf_segment *c = &cohorts->rows[i];
        wb_write_text(sheet, row, 0, c->value, WB_LABEL);
        wb_write_number(sheet, row, 1, (double)c->signed_partners, WB_INTEGER);
        wb_write_number(sheet, row, 2, (double)c->mature, WB_INTEGER);
        wb_write_count(sheet, row, 3, c->active, WB_INTEGER);
        proportion_cells(sheet, row, 4, c->active, c->mature, &c->active_rate, true);
    }
    lxw_row_t last = row - 1;

    /* the total row: the figures of the whole export, and the names the Summary uses */
    char f[16], l[16];
    wb_write_label(sheet, row, 0, PF_LABEL_TOTAL, WB_TOTAL_LABEL);
    double totals[3] = {(double)r->funnel[PF_STAGE_FIRST_DEAL].base, (double)r->active.mature,
                        count_value(r->active.active)};
    for (lxw_col_t c = 1; c <= 3; c++) {
        if (cohorts->count > 0)
            wb_write_formula(sheet, row, c, WB_TOTAL_INTEGER, totals[c - 1], "=SUM(%s:%s)",
                             wb_cell(f, first, c), wb_cell(l, last, c));
        else
            wb_write_number(sheet, row, c, totals[c - 1], WB_TOTAL_INTEGER);
    }
    if (known(r->active.active) && r->active.mature > 0)
        wb_write_formula(sheet, row, 4, WB_TOTAL_PERCENT, r->active.rate.estimate, "=%s/%s", wb_cell(f, row, 3),
                         wb_cell(l, row, 2));
    else
        wb_write_na(sheet, row, 4);
    wb_write_number(sheet, row, 5, r->active.rate.low, WB_TOTAL_PERCENT);
    wb_write_number(sheet, row, 6, r->active.rate.high, WB_TOTAL_PERCENT);
    wb_define_name(sheet, WB_NAME_MATURE, row, 2);
    wb_define_name(sheet, WB_NAME_ACTIVE, row, 3);
    wb_define_name(sheet, WB_NAME_ACTIVE_RATE, row, 4);
    row++;
    if (cohorts->count > 0) {
        lxw_conditional_format scale = {0};
        scale.type = LXW_CONDITIONAL_3_COLOR_SCALE;
        scale.min_color = 0xF8696B;
        scale.mid_color = 0xFFEB84;
        scale.max_color = 0x63BE7B;
        wb_check(ctx->book, worksheet_conditional_format_range(sheet->worksheet, first, 4, last, 4, &scale),
                 sheet, first, 4);
    }
    char note[512];
    snprintf(note, sizeof note, wb_text(ctx->book, PF_LABEL_COHORTS_NOTE), r->window_months);
    wb_write_text(sheet, ++row, 0, note, WB_NOTE);
    row += 2;

    /* the business plan: active rate with and without one (the white paper's 80 %) */
    const pf_business_plan_effect *bp = &r->business_plan;
    wb_write_label(sheet, row++, 0, PF_LABEL_BP_SECTION, WB_SECTION);
    wb_write_label(sheet, row, 0, PF_LABEL_COL_BUSINESS_PLAN, WB_HEADER);
    wb_write_label(sheet, row, 1, PF_LABEL_COL_MATURE, WB_HEADER_RIGHT);
    wb_write_text(sheet, row, 2, active_header, WB_HEADER_RIGHT);
    wb_write_label(sheet, row, 3, PF_LABEL_COL_ACTIVE_RATE, WB_HEADER_RIGHT);
    wb_write_label(sheet, row, 4, PF_LABEL_COL_CI_LOW, WB_HEADER_RIGHT);
    wb_write_label(sheet, row, 5, PF_LABEL_COL_CI_HIGH, WB_HEADER_RIGHT);
    row++;
    lxw_row_t with_row = row;
    for (int k = 1; k >= 0; k--, row++) {
        wb_write_label(sheet, row, 0, k ? PF_LABEL_BP_WITH : PF_LABEL_BP_WITHOUT, WB_LABEL);
        wb_write_number(sheet, row, 1, (double)bp->mature[k], WB_INTEGER);
        wb_write_count(sheet, row, 2, bp->active[k], WB_INTEGER);
        /* proportion_cells reads successes at col - 1 and trials at col - 2 */
        proportion_cells(sheet, row, 3, bp->active[k], bp->mature[k], &bp->rate[k], false);
    }
    wb_write_label(sheet, row, 0, PF_LABEL_BP_SHARE, WB_LABEL);
    long bp_mature = bp->mature[0] + bp->mature[1];
    char other[16];
    if (bp_mature > 0)
        wb_write_formula(sheet, row, 1, WB_PERCENT, ratio((double)bp->mature[1], (double)bp_mature),
                         "=%s/(%s+%s)", wb_cell(f, with_row, 1), wb_cell(l, with_row, 1),
                         wb_cell(other, with_row + 1, 1));
    else
        wb_write_na(sheet, row, 1);
    wb_define_name(sheet, WB_NAME_BUSINESS_PLAN_SHARE, row, 1);
    row++;
    wb_write_label(sheet, row, 0, PF_LABEL_BP_FISHER, WB_LABEL);
    wb_write_number(sheet, row, 1, bp->fisher_p, WB_P_VALUE);
    row += 2;
    wb_write_label(sheet, row, 0, PF_LABEL_BP_NOTE, WB_NOTE);

    if (cohorts->count > 0) {
        char title[256];
        snprintf(title, sizeof title, wb_text(ctx->book, PF_LABEL_CHART_COHORTS), r->window_months);
        lxw_chart *chart = wb_chart(ctx->book, LXW_CHART_LINE, title);
        if (chart) {
            static const struct {
                pf_label name;
                lxw_col_t col;
                uint8_t dash;
                lxw_color_t color;
            } lines[] = {
                {PF_LABEL_SERIES_RATE, 4, LXW_CHART_LINE_DASH_SOLID, 0x2E75B6},
                {PF_LABEL_SERIES_CI_LOW, 5, LXW_CHART_LINE_DASH_DASH, 0xA6A6A6},
                {PF_LABEL_SERIES_CI_HIGH, 6, LXW_CHART_LINE_DASH_DASH, 0xA6A6A6},
            };
            for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
                lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
                chart_series_set_categories(series, sheet->name, first, 0, last, 0);
                chart_series_set_values(series, sheet->name, first, lines[i].col, last, lines[i].col);
                chart_series_set_name(series, wb_text(ctx->book, lines[i].name));
                lxw_chart_line line = {
                    .color = lines[i].color, .width = i == 0 ? 2.25f : 1.0f, .dash_type = lines[i].dash};
                chart_series_set_line(series, &line);
                chart_series_set_marker_type(series, i == 0 ? LXW_CHART_MARKER_CIRCLE : LXW_CHART_MARKER_NONE);
            }
            chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
            chart_axis_set_min(chart->y_axis, 0);
            chart_axis_set_max(chart->y_axis, 1);
            chart_axis_set_num_format(chart->y_axis, "0%");
            wb_axis_name(ctx->book, chart->x_axis, PF_LABEL_AXIS_QUARTER);
            wb_axis_name(ctx->book, chart->y_axis, PF_LABEL_AXIS_ACTIVE_RATE);
            wb_insert_chart(sheet, header_row, 8, chart, 600, 340);
        }
    }
    wb_sheet_header(sheet, header_row, 1);
}

/* ---- First deal ---- */

/* Layout: the Kaplan–Meier table in columns A–G from row 3 (header) down; the key figures and the log-rank
 * test in columns I–L beside it; the step curve's chart data in columns N–Q and the 100-day mark in S–T.
 * Everything is written row by row across the three blocks. */
enum { FD_HEADER_ROW = 3, FD_SIDE_COL = 8, FD_CHART_COL = 13, FD_MARK_COL = 18 };

/* Side-block items after the log-rank table: the sentence and the note, wrapped into lines of normal
 * height (a tall wrapped row would stretch the Kaplan–Meier table beside it). */
#define FD_TEXT_FIRST 21
#define FD_TEXT_LINES 16
#define FD_TEXT_WIDTH 72

typedef struct first_deal_layout {
    lxw_row_t first_step; /* row of step 0 */
    size_t steps;
    lxw_row_t partners_cell_row; /* the side block's "partners" cell (column J) */
    char lines[FD_TEXT_LINES][FD_TEXT_WIDTH * 4 + 1];
    size_t line_count; /* the plan sentence, an empty line, the note */
    int side_items;    /* rows the side block takes from FD_HEADER_ROW */
} first_deal_layout;

/* Side block row k (from FD_HEADER_ROW). */
static void first_deal_side(wb_sheet *sheet, lxw_row_t row, int k, const first_deal_layout *layout)
{
    wb_context *ctx = wb_report(sheet);
    const pf_results *r = ctx->results;
    const pf_first_deal_times *t = &r->first_deal;
    const pf_logrank *test = &r->hundred_day_plan;
    lxw_col_t c = FD_SIDE_COL;
    switch (k) {
    case 0: wb_write_label(sheet, row, c, PF_LABEL_FD_KEY_FIGURES, WB_SECTION); break;
    case 1:
        wb_write_label(sheet, row, c, PF_LABEL_FD_PARTNERS, WB_LABEL);
        wb_write_number(sheet, row, c + 1, (double)t->partners, WB_INTEGER);
        break;
    case 2:
        wb_write_label(sheet, row, c, PF_LABEL_FD_EVENTS, WB_LABEL);
        wb_write_count(sheet, row, c + 1, t->events, WB_INTEGER);
        break;
    case 3:
        wb_write_label(sheet, row, c, PF_LABEL_FD_MEDIAN, WB_LABEL);
        wb_write_number(sheet, row, c + 1, t->median, WB_DAYS);
        wb_define_name(sheet, WB_NAME_MEDIAN, row, c + 1);
        break;
    case 4:
        wb_write_label(sheet, row, c, PF_LABEL_FD_MEDIAN_LOW, WB_PLAIN);
        wb_write_number(sheet, row, c + 1, t->median_low, WB_DAYS);
        break;
    case 5:
        wb_write_label(sheet, row, c, PF_LABEL_FD_MEDIAN_HIGH, WB_PLAIN);
        wb_write_number(sheet, row, c + 1, t->median_high, WB_DAYS);
        break;
    case 6:
        wb_write_label(sheet, row, c, PF_LABEL_FD_PLAN_DAYS, WB_LABEL);
        wb_write_number(sheet, row, c + 1, PF_PLAN_DAYS, WB_INTEGER);
        wb_define_name(sheet, WB_NAME_PLAN_DAYS, row, c + 1);
        break;
    case 7:
        wb_write_label(sheet, row, c, PF_LABEL_FD_WITHIN_100, WB_LABEL);
        if (layout->steps > 0) {
            lxw_row_t last = layout->first_step + (lxw_row_t)layout->steps - 1;
            char first_day[16], last_day[16], first_s[16], last_s[16];
            wb_write_formula(sheet, row, c + 1, WB_PERCENT, t->p_within_100_days,
                             "=1-IFERROR(LOOKUP(%s,%s:%s,%s:%s),1)", WB_NAME_PLAN_DAYS,
                             wb_cell_abs(first_day, layout->first_step, 0), wb_cell_abs(last_day, last, 0),
                             wb_cell_abs(first_s, layout->first_step, 4), wb_cell_abs(last_s, last, 4));
        } else {
            wb_write_na(sheet, row, c + 1);
        }
        wb_define_name(sheet, WB_NAME_WITHIN_100, row, c + 1);
        break;
    case 8:
        wb_write_label(sheet, row, c, PF_LABEL_FD_WITHIN_100_LOW, WB_PLAIN);
        wb_write_number(sheet, row, c + 1, t->p_within_100_days_low, WB_PERCENT);
        break;
    case 9:
        wb_write_label(sheet, row, c, PF_LABEL_FD_WITHIN_100_HIGH, WB_PLAIN);
        wb_write_number(sheet, row, c + 1, t->p_within_100_days_high, WB_PERCENT);
        break;
    case 10:
        wb_write_label(sheet, row, c, PF_LABEL_FD_NAIVE_MEAN, WB_PLAIN);
        wb_write_number(sheet, row, c + 1, t->naive.mean, WB_DECIMAL);
        break;
    case 11:
        wb_write_label(sheet, row, c, PF_LABEL_FD_NAIVE_MEDIAN, WB_PLAIN);
        wb_write_number(sheet, row, c + 1, t->naive.median, WB_DAYS);
        break;
    case 12:
        wb_write_label(sheet, row, c, PF_LABEL_FD_TECH_AUTONOMY, WB_PLAIN);
        wb_write_number(sheet, row, c + 1, r->tech_autonomy.median, WB_DAYS);
        break;
    case 13:
        wb_write_label(sheet, row, c, PF_LABEL_FD_SALES_AUTONOMY, WB_PLAIN);
        wb_write_number(sheet, row, c + 1, r->sales_autonomy.median, WB_DAYS);
        break;
    case 15: wb_write_label(sheet, row, c, PF_LABEL_FD_LOGRANK_SECTION, WB_SECTION); break;
    case 16:
        wb_write_label(sheet, row, c, PF_LABEL_COL_GROUP, WB_HEADER);
        wb_write_label(sheet, row, c + 1, PF_LABEL_COL_PARTNERS, WB_HEADER_RIGHT);
        wb_write_label(sheet, row, c + 2, PF_LABEL_COL_OBSERVED, WB_HEADER_RIGHT);
        wb_write_label(sheet, row, c + 3, PF_LABEL_COL_EXPECTED, WB_HEADER_RIGHT);
        break;
    case 17:
    case 18: {
        int g = k == 17 ? 1 : 0;
        wb_write_label(sheet, row, c, g ? PF_LABEL_GROUP_PLAN : PF_LABEL_GROUP_NO_PLAN, WB_LABEL);
        bool tested = r->deals_available && t->partners > 0;
        wb_write_number(sheet, row, c + 1, (double)test->subjects[g], WB_INTEGER);
        wb_write_number(sheet, row, c + 2, tested ? test->observed[g] : NAN, WB_INTEGER);
        wb_write_number(sheet, row, c + 3, tested ? test->expected[g] : NAN, WB_DECIMAL);
        break;
    }
    case 19:
        wb_write_label(sheet, row, c, PF_LABEL_FD_CHI2, WB_PLAIN);
        wb_write_number(sheet, row, c + 1, test->chi2, WB_DECIMAL);
        break;
    case 20:
        wb_write_label(sheet, row, c, PF_LABEL_FD_P, WB_PLAIN);
        wb_write_number(sheet, row, c + 1, test->p, WB_P_VALUE);
        break;
    default:
        if (k >= FD_TEXT_FIRST && (size_t)(k - FD_TEXT_FIRST) < layout->line_count)
            wb_write_text(sheet, row, c, layout->lines[k - FD_TEXT_FIRST], WB_NOTE);
        break;
    }
}

/* Row k of the Kaplan–Meier table (step k). */
static void first_deal_step(wb_sheet *sheet, lxw_row_t row, size_t k, const first_deal_layout *layout)
{
    const pf_km_step *step = &wb_report(sheet)->results->first_deal.km.steps[k];
    char a[16], b[16], c[16], d[16];
    wb_write_number(sheet, row, 0, step->time, WB_INTEGER);
    if (k == 0)
        wb_write_formula(sheet, row, 1, WB_INTEGER, (double)step->at_risk, "=%s",
                         wb_cell_abs(a, layout->partners_cell_row, FD_SIDE_COL + 1));
    else
        wb_write_formula(sheet, row, 1, WB_INTEGER, (double)step->at_risk, "=%s-%s-%s", wb_cell(a, row - 1, 1),
                         wb_cell(b, row - 1, 2), wb_cell(c, row - 1, 3));
    wb_write_number(sheet, row, 2, (double)step->events, WB_INTEGER);
    wb_write_number(sheet, row, 3, (double)step->censored, WB_INTEGER);
    /* S(t) = Π (r − d) / r, multiplied in time order exactly as stats_km_fit() does */
    if (k == 0)
        wb_write_formula(sheet, row, 4, WB_PERCENT, step->survival, "=(%s-%s)/%s", wb_cell(a, row, 1),
                         wb_cell(b, row, 2), wb_cell(c, row, 1));
    else
        wb_write_formula(sheet, row, 4, WB_PERCENT, step->survival, "=%s*((%s-%s)/%s)", wb_cell(d, row - 1, 4),
                         wb_cell(a, row, 1), wb_cell(b, row, 2), wb_cell(c, row, 1));
    wb_write_number_or_blank(sheet, row, 5, step->low, WB_PERCENT);
    wb_write_number_or_blank(sheet, row, 6, step->high, WB_PERCENT);
}

/* Chart-data row j: j = 0 is (0, 1); then each step k gives (t_k, S_{k-1}) and (t_k, S_k). */
static void first_deal_chart_row(wb_sheet *sheet, lxw_row_t row, size_t j, const first_deal_layout *layout)
{
    const pf_km *km = &wb_report(sheet)->results->first_deal.km;
    lxw_col_t c = FD_CHART_COL;
    char a[16];
    if (j == 0) {
        for (lxw_col_t i = 0; i < 4; i++)
            wb_write_number(sheet, row, c + i, i == 0 ? 0 : 1, i == 0 ? WB_INTEGER : WB_PERCENT);
        return;
    }
    size_t k = (j - 1) / 2;
    bool before = (j - 1) % 2 == 0; /* the point just before the drop: the previous value */
    lxw_row_t step_row = layout->first_step + (lxw_row_t)k;
    wb_write_formula(sheet, row, c, WB_INTEGER, km->steps[k].time, "=%s", wb_cell(a, step_row, 0));
    for (lxw_col_t i = 1; i < 4; i++) {
        lxw_col_t source = (lxw_col_t)(3 + i); /* E, F, G: S, band low, band high */
        if (before && k == 0) {
            wb_write_number(sheet, row, c + i, 1, WB_PERCENT);
            continue;
        }
        const pf_km_step *s = &km->steps[before ? k - 1 : k];
        double value = i == 1 ? s->survival : i == 2 ? s->low : s->high;
        wb_write_formula_or_blank(sheet, row, c + i, WB_PERCENT, value, "=%s",
                                  wb_cell(a, before ? step_row - 1 : step_row, source));
    }
}

static lxw_chart *first_deal_chart(wb_sheet *sheet, const first_deal_layout *layout)
{
    wb_context *ctx = wb_report(sheet);
    lxw_chart *chart =
        wb_chart(ctx->book, LXW_CHART_SCATTER_STRAIGHT, wb_text(ctx->book, PF_LABEL_CHART_FIRST_DEAL));
    if (!chart)
        return NULL;
    lxw_row_t first = FD_HEADER_ROW + 1, last = first + (lxw_row_t)(2 * layout->steps);
    static const struct {
        pf_label name;
        lxw_col_t col;
        uint8_t dash;
        lxw_color_t color;
        float width;
    } curves[] = {
        {PF_LABEL_SERIES_CURVE, 1, LXW_CHART_LINE_DASH_SOLID, 0x1F4E79, 2.25f},
        {PF_LABEL_SERIES_BAND_LOW, 2, LXW_CHART_LINE_DASH_DASH, 0x9DC3E6, 1.0f},
        {PF_LABEL_SERIES_BAND_HIGH, 3, LXW_CHART_LINE_DASH_DASH, 0x9DC3E6, 1.0f},
    };
    for (size_t i = 0; i < sizeof curves / sizeof curves[0]; i++) {
        lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
        chart_series_set_categories(series, sheet->name, first, FD_CHART_COL, last, FD_CHART_COL);
        chart_series_set_values(series, sheet->name, first, FD_CHART_COL + curves[i].col, last,
                                FD_CHART_COL + curves[i].col);
        chart_series_set_name(series, wb_text(ctx->book, curves[i].name));
        lxw_chart_line line = {.color = curves[i].color, .width = curves[i].width, .dash_type = curves[i].dash};
        chart_series_set_line(series, &line);
        chart_series_set_marker_type(series, LXW_CHART_MARKER_NONE);
    }
    lxw_chart_series *mark = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(mark, sheet->name, first, FD_MARK_COL, first + 1, FD_MARK_COL);
    chart_series_set_values(mark, sheet->name, first, FD_MARK_COL + 1, first + 1, FD_MARK_COL + 1);
    chart_series_set_name(mark, wb_text(ctx->book, PF_LABEL_SERIES_100_DAYS));
    lxw_chart_line red = {.color = 0xC00000, .width = 1.5f, .dash_type = LXW_CHART_LINE_DASH_SQUARE_DOT};
    chart_series_set_line(mark, &red);
    chart_series_set_marker_type(mark, LXW_CHART_MARKER_NONE);
    chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
    chart_axis_set_min(chart->x_axis, 0);
    chart_axis_set_min(chart->y_axis, 0);
    chart_axis_set_max(chart->y_axis, 1);
    chart_axis_set_num_format(chart->y_axis, "0%");
    chart_axis_set_num_format(chart->x_axis, "#,##0");
    wb_axis_name(ctx->book, chart->x_axis, PF_LABEL_AXIS_DAYS);
    wb_axis_name(ctx->book, chart->y_axis, PF_LABEL_AXIS_SHARE_WITHOUT);
    (void)layout;
    return chart;
}

void wb_sheet_first_deal(wb_context *ctx)
{
    const pf_results *r = ctx->results;
    wb_sheet *sheet = wb_add_sheet(ctx->book, PF_LABEL_SHEET_FIRST_DEAL, 1);
    if (!sheet)
        return;
    wb_write_title(sheet, PF_LABEL_TITLE_FIRST_DEAL);
    first_deal_layout layout = {0};
    layout.first_step = FD_HEADER_ROW + 1;
    layout.steps = r->deals_available ? r->first_deal.km.step_count : 0;
    layout.partners_cell_row = FD_HEADER_ROW + 1;
    char sentence[512];
    plan_sentence(ctx, sentence, sizeof sentence);
    layout.line_count =
        wb_wrap(sentence, FD_TEXT_WIDTH, layout.lines[0], sizeof layout.lines[0], FD_TEXT_LINES - 1);
    layout.lines[layout.line_count++][0] = '\0';
    layout.line_count +=
        wb_wrap(wb_text(ctx->book, layout.steps > 0 ? PF_LABEL_FD_NOTE : PF_LABEL_FD_NO_CURVE), FD_TEXT_WIDTH,
                layout.lines[layout.line_count], sizeof layout.lines[0], FD_TEXT_LINES - layout.line_count);
    layout.side_items = FD_TEXT_FIRST + (int)layout.line_count;
    size_t chart_rows = layout.steps > 0 ? 1 + 2 * layout.steps : 0;

    static const pf_label table[] = {PF_LABEL_COL_DAY,      PF_LABEL_COL_AT_RISK_KM, PF_LABEL_COL_EVENTS,
                                     PF_LABEL_COL_CENSORED, PF_LABEL_COL_SURVIVAL,   PF_LABEL_COL_BAND_LOW,
                                     PF_LABEL_COL_BAND_HIGH};
    static const pf_label chart_headers[] = {PF_LABEL_COL_CHART_DAY, PF_LABEL_COL_CHART_CURVE,
                                             PF_LABEL_COL_CHART_LOW, PF_LABEL_COL_CHART_HIGH};
    lxw_row_t row = FD_HEADER_ROW - 1;
    if (layout.steps > 0)
        wb_write_label(sheet, row, FD_CHART_COL, PF_LABEL_CHART_DATA, WB_SECTION);
    row = FD_HEADER_ROW;
    for (lxw_col_t c = 0; c < 7; c++)
        wb_write_label(sheet, row, c, table[c], c == 0 ? WB_HEADER : WB_HEADER_RIGHT);
    first_deal_side(sheet, row, 0, &layout);
    if (layout.steps > 0) {
        for (lxw_col_t c = 0; c < 4; c++)
            wb_write_label(sheet, row, FD_CHART_COL + c, chart_headers[c], WB_HEADER_RIGHT);
        wb_write_label(sheet, row, FD_MARK_COL, PF_LABEL_COL_CHART_MARK_DAY, WB_HEADER_RIGHT);
        wb_write_label(sheet, row, FD_MARK_COL + 1, PF_LABEL_COL_CHART_MARK_SHARE, WB_HEADER_RIGHT);
    }
    size_t rows = layout.steps > chart_rows ? layout.steps : chart_rows;
    if (rows + 1 < (size_t)layout.side_items)
        rows = (size_t)layout.side_items - 1;
    for (size_t i = 0; i < rows; i++) {
        row = FD_HEADER_ROW + 1 + (lxw_row_t)i;
        if (i < layout.steps)
            first_deal_step(sheet, row, i, &layout);
        if ((int)i + 1 < layout.side_items)
            first_deal_side(sheet, row, (int)i + 1, &layout);
        if (i < chart_rows)
            first_deal_chart_row(sheet, row, i, &layout);
        if (layout.steps > 0 && i < 2) {
            wb_write_formula(sheet, row, FD_MARK_COL, WB_INTEGER, PF_PLAN_DAYS, "=%s", WB_NAME_PLAN_DAYS);
            wb_write_number(sheet, row, FD_MARK_COL + 1, (double)i, WB_PERCENT);
        }
    }
    if (layout.steps > 0) {
        lxw_conditional_format bars = {0};
        bars.type = LXW_CONDITIONAL_DATA_BAR;
        bars.bar_color = 0x9DC3E6;
        bars.bar_solid = LXW_TRUE;
        bars.min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
        bars.min_value = 0;
        bars.max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
        bars.max_value = 1;
        wb_check(ctx->book,
                 worksheet_conditional_format_range(sheet->worksheet, layout.first_step, 4,
                                                    layout.first_step + (lxw_row_t)layout.steps - 1, 4, &bars),
                 sheet, layout.first_step, 4);
        wb_insert_chart(sheet, FD_HEADER_ROW + (lxw_row_t)layout.side_items + 1, FD_SIDE_COL,
                        first_deal_chart(sheet, &layout), 620, 360);
    }
    wb_fix_width(sheet, FD_SIDE_COL - 1, 3);
    wb_fix_width(sheet, FD_SIDE_COL + 1, 14);
    wb_fix_width(sheet, FD_SIDE_COL + 2, 14);
    wb_fix_width(sheet, FD_SIDE_COL + 3, 14);
    wb_fix_width(sheet, FD_CHART_COL - 1, 3);
    wb_sheet_header(sheet, FD_HEADER_ROW, 0);
}

/* ---- Costs ---- */

void wb_sheet_costs(wb_context *ctx)
{
    const pf_results *r = ctx->results;
    wb_sheet *sheet = wb_add_sheet(ctx->book, PF_LABEL_SHEET_COSTS, 1);
    if (!sheet)
        return;
    lxw_row_t row = wb_write_title(sheet, PF_LABEL_TITLE_COSTS);
    wb_write_label(sheet, row++, 0, PF_LABEL_COSTS_SECTION, WB_SECTION);
    char a[16], b[16];
    lxw_row_t mature_row = row, active_row = row + 1, bad_row = row + 2, bad_cost_row = row + 3,
              mature_cost_row = row + 5;
    bool deals = r->deals_available;

    wb_write_label(sheet, row, 0, PF_LABEL_COSTS_MATURE, WB_LABEL);
    wb_write_formula(sheet, row++, 1, WB_INTEGER, (double)r->active.mature, "=%s", WB_NAME_MATURE);
    wb_write_label(sheet, row, 0, PF_LABEL_COSTS_ACTIVE, WB_LABEL);
    wb_write_formula(sheet, row++, 1, WB_INTEGER, count_value(r->active.active), "=%s", WB_NAME_ACTIVE);
    wb_write_label(sheet, row, 0, PF_LABEL_COSTS_BAD, WB_LABEL);
    wb_write_formula(sheet, row, 1, WB_INTEGER, count_value(r->bad_recruits.count), "=%s-%s",
                     wb_cell(a, mature_row, 1), wb_cell(b, active_row, 1));
    wb_define_name(sheet, WB_NAME_BAD, row++, 1);
    wb_write_label(sheet, row, 0, PF_LABEL_COSTS_BAD_TOTAL, WB_LABEL);
    wb_write_number(sheet, row, 1, deals ? r->bad_recruits.total_cost : NAN, WB_MONEY);
    wb_define_name(sheet, WB_NAME_BAD_COST, row++, 1);
    wb_write_label(sheet, row, 0, PF_LABEL_COSTS_PER_BAD, WB_LABEL);
    wb_write_formula(sheet, row, 1, WB_MONEY, r->bad_recruits.cost_per_bad_recruit, "=%s/%s",
                     wb_cell(a, bad_cost_row, 1), wb_cell(b, bad_row, 1));
    wb_define_name(sheet, WB_NAME_COST_PER_BAD, row++, 1);
    wb_write_label(sheet, row, 0, PF_LABEL_COSTS_MATURE_TOTAL, WB_LABEL);
    wb_write_number(sheet, row, 1, r->mature_cost, WB_MONEY);
    wb_define_name(sheet, WB_NAME_MATURE_COST, row++, 1);
    wb_write_label(sheet, row, 0, PF_LABEL_COSTS_PER_ACTIVE, WB_LABEL);
    wb_write_formula(sheet, row, 1, WB_MONEY, r->cost_per_active_partner, "=%s/%s",
                     wb_cell(a, mature_cost_row, 1), wb_cell(b, active_row, 1));
    wb_define_name(sheet, WB_NAME_COST_PER_ACTIVE, row++, 1);

    /* overhead: its total is the sum of the table below (rows are written in order: the table's place is
     * known before it is written) */
    const pf_overhead *o = &r->overhead;
    lxw_row_t overhead_row = row;
    lxw_row_t table_header = overhead_row + 5;
    lxw_row_t table_first = table_header + 1, table_last = table_header + (lxw_row_t)o->category_count;
    wb_write_label(sheet, overhead_row, 0, PF_LABEL_COSTS_OVERHEAD, WB_LABEL);
    if (r->overhead_available && o->category_count > 0)
        wb_write_formula(sheet, overhead_row, 1, WB_MONEY, o->total, "=SUM(%s:%s)", wb_cell(a, table_first, 2),
                         wb_cell(b, table_last, 2));
    else
        wb_write_number(sheet, overhead_row, 1, o->total, WB_MONEY);
    wb_define_name(sheet, WB_NAME_OVERHEAD, overhead_row, 1);
    wb_write_label(sheet, overhead_row + 2, 0, PF_LABEL_COSTS_NOTE, WB_NOTE);
    wb_write_label(sheet, overhead_row + 4, 0, PF_LABEL_COSTS_OVERHEAD_SECTION, WB_SECTION);
    row = table_header;
    if (!r->overhead_available) {
        wb_write_label(sheet, row, 0, PF_LABEL_COSTS_NO_OVERHEAD, WB_NOTE);
    } else {
        wb_write_label(sheet, row, 0, PF_LABEL_COL_CATEGORY, WB_HEADER);
        wb_write_label(sheet, row, 1, PF_LABEL_COL_LINES, WB_HEADER_RIGHT);
        wb_write_label(sheet, row, 2, PF_LABEL_COL_AMOUNT, WB_HEADER_RIGHT);
        wb_write_label(sheet, row, 3, PF_LABEL_COL_SHARE, WB_HEADER_RIGHT);
        row++;
        char total[16];
        wb_cell_abs(total, overhead_row, 1);
        for (size_t i = 0; i < o->category_count; i++, row++) {
            const pf_cost_line *line = &o->by_category[i];
            wb_write_text(sheet, row, 0, wb_segment_value(ctx->book, line->category), WB_PLAIN);
            wb_write_number(sheet, row, 1, (double)line->lines, WB_INTEGER);
            wb_write_number(sheet, row, 2, line->amount, WB_MONEY);
            if (o->total > 0)
                wb_write_formula(sheet, row, 3, WB_PERCENT, ratio(line->amount, o->total), "=%s/%s",
                                 wb_cell(a, row, 2), total);
            else
                wb_write_na(sheet, row, 3);
        }
        if (o->category_count > 0) {
            lxw_conditional_format bars = {0};
            bars.type = LXW_CONDITIONAL_DATA_BAR;
            bars.bar_color = 0xF4B183;
            bars.bar_solid = LXW_TRUE;
            wb_check(ctx->book,
                     worksheet_conditional_format_range(sheet->worksheet, table_first, 2, table_last, 2, &bars),
                     sheet, table_first, 2);
        } else {
            wb_write_label(sheet, row, 0, PF_LABEL_NA, WB_NOTE);
        }
    }
}
