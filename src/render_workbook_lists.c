/* render_workbook_lists.c — the list sheets of the workbook: Recruiters, Segments, At risk, Partners,
 * Data quality, About.
 *
 * Formatting only: rows come from pf_results and the model as they are; the one decision taken here is
 * the order of the Recruiters sheet (partners active after the onboarding period first — the white paper's
 * measure of a recruiter). Lists are Excel tables with filters (autofilters in constant-memory mode) and
 * continue on numbered sheets past Excel's row limit (xlsx_book.h's wb_list).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "partnerfunnel/render_workbook_sheets.h"

#ifndef PF_VERSION
#define PF_VERSION "unknown"
#endif

static bool known(long count)
{
    return count != PF_COUNT_UNKNOWN;
}

/* rate = successes / trials as a formula over the two cells, then its interval. */
static void rate_cells(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, lxw_col_t successes_col,
                       lxw_col_t trials_col, long successes, long trials, const pf_proportion *p)
{
    char a[16], b[16];
    if (known(successes) && trials > 0)
        wb_write_formula(sheet, row, col, WB_PERCENT, p->estimate, "=%s/%s", wb_cell(a, row, successes_col),
                         wb_cell(b, row, trials_col));
    else
        wb_write_na(sheet, row, col);
    wb_write_number(sheet, row, col + 1, p->low, WB_PERCENT);
    wb_write_number(sheet, row, col + 2, p->high, WB_PERCENT);
}

static void data_bars(wb_sheet *sheet, lxw_row_t first, lxw_row_t last, lxw_col_t col, lxw_color_t color,
                      bool unit_range)
{
    if (!sheet || last < first)
        return;
    lxw_conditional_format bars = {0};
    bars.type = LXW_CONDITIONAL_DATA_BAR;
    bars.bar_color = color;
    bars.bar_solid = LXW_TRUE;
    if (unit_range) {
        bars.min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
        bars.min_value = 0;
        bars.max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
        bars.max_value = 1;
    }
    wb_check(sheet->book, worksheet_conditional_format_range(sheet->worksheet, first, col, last, col, &bars),
             sheet, first, col);
}

/* ---- Recruiters ---- */

/* Partners active after the onboarding period, most first (unknown without deals: then by signed); then
 * the higher active rate, the more signed, and the name. */
static int compare_recruiters(const void *a, const void *b)
{
    const pf_segment *x = *(const pf_segment *const *)a, *y = *(const pf_segment *const *)b;
    if (x->active != y->active)
        return x->active < y->active ? 1 : -1;
    double rx = isfinite(x->active_rate.estimate) ? x->active_rate.estimate : -1;
    double ry = isfinite(y->active_rate.estimate) ? y->active_rate.estimate : -1;
    if (rx != ry)
        return rx < ry ? 1 : -1;
    if (x->signed_partners != y->signed_partners)
        return x->signed_partners < y->signed_partners ? 1 : -1;
    return strcmp(x->value, y->value);
}

#define RECRUITERS_IN_CHART 20

void wb_sheet_recruiters(wb_context *ctx)
{
    const pf_results *r = ctx->results;
    wb_sheet *sheet = wb_add_sheet(ctx->book, PF_LABEL_SHEET_RECRUITERS, 1);
    if (!sheet)
        return;
    lxw_row_t row = wb_write_title(sheet, PF_LABEL_TITLE_RECRUITERS);
    wb_write_label(sheet, row, 0, PF_LABEL_RECRUITERS_NOTE, WB_NOTE);
    row += 2;
    const pf_segment_list *list = &r->segments[PF_SEGMENT_RECRUITER];
    const pf_segment **order = malloc((list->count ? list->count : 1) * sizeof *order);
    if (!order) {
        ctx->book->out_of_memory = true;
        return;
    }
    for (size_t i = 0; i < list->count; i++)
        order[i] = &list->rows[i];
    qsort(order, list->count, sizeof *order, compare_recruiters);

    char active_header[128];
    snprintf(active_header, sizeof active_header, wb_text(ctx->book, PF_LABEL_COL_ACTIVE), r->window_months);
    const char *headers[] = {
        wb_text(ctx->book, PF_LABEL_COL_RECRUITER),
        wb_text(ctx->book, PF_LABEL_COL_LISTED),
        wb_text(ctx->book, PF_LABEL_COL_APPLICATIONS),
        wb_text(ctx->book, PF_LABEL_COL_SIGNED),
        wb_text(ctx->book, PF_LABEL_COL_BUSINESS_PLANS),
        wb_text(ctx->book, PF_LABEL_COL_MATURE),
        active_header,
        wb_text(ctx->book, PF_LABEL_COL_ACTIVE_RATE),
        wb_text(ctx->book, PF_LABEL_COL_CI_LOW),
        wb_text(ctx->book, PF_LABEL_COL_CI_HIGH),
        wb_text(ctx->book, PF_LABEL_COL_DAYS_TO_SIGN),
    };
    wb_list rows;
    lxw_row_t header_row = row;
    wb_list_begin(&rows, sheet, row, headers, sizeof headers / sizeof headers[0], "RecruiterList", true);
    for (size_t i = 0; i < list->count; i++) {
        const pf_segment *s = order[i];
        lxw_row_t at = wb_list_row(&rows);
        wb_sheet *current = rows.sheet;
        wb_write_text(current, at, 0, wb_segment_value(ctx->book, s->value), WB_PLAIN);
        wb_write_number(current, at, 1, (double)s->listed, WB_INTEGER);
        wb_write_number(current, at, 2, (double)s->applications, WB_INTEGER);
        wb_write_number(current, at, 3, (double)s->signed_partners, WB_INTEGER);
        wb_write_number(current, at, 4, (double)s->business_plans, WB_INTEGER);
        wb_write_number(current, at, 5, (double)s->mature, WB_INTEGER);
        wb_write_count(current, at, 6, s->active, WB_INTEGER);
        rate_cells(current, at, 7, 6, 5, s->active, s->mature, &s->active_rate);
        wb_write_number(current, at, 10, s->median_days_to_sign, WB_DAYS);
    }
    bool single_sheet = rows.sheet == sheet;
    lxw_row_t end = wb_list_end(&rows);
    free(order);
    if (list->count == 0 || !single_sheet)
        return;
    lxw_row_t first = header_row + 1, last = end - 1;
    data_bars(sheet, first, last, 6, 0xA9D08E, false);
    data_bars(sheet, first, last, 7, 0x9DC3E6, true);

    char title[256];
    snprintf(title, sizeof title, wb_text(ctx->book, PF_LABEL_CHART_RECRUITERS), r->window_months);
    lxw_chart *chart = wb_chart(ctx->book, LXW_CHART_BAR, title);
    if (!chart)
        return;
    lxw_row_t chart_last = list->count > RECRUITERS_IN_CHART ? first + RECRUITERS_IN_CHART - 1 : last;
    lxw_chart_series *signed_series = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(signed_series, sheet->name, first, 0, chart_last, 0);
    chart_series_set_values(signed_series, sheet->name, first, 3, chart_last, 3);
    chart_series_set_name(signed_series, wb_text(ctx->book, PF_LABEL_COL_SIGNED));
    lxw_chart_fill grey = {.color = 0xBFBFBF};
    chart_series_set_fill(signed_series, &grey);
    if (r->deals_available) {
        lxw_chart_series *active_series = chart_add_series(chart, NULL, NULL);
        chart_series_set_categories(active_series, sheet->name, first, 0, chart_last, 0);
        chart_series_set_values(active_series, sheet->name, first, 6, chart_last, 6);
        chart_series_set_name(active_series, active_header);
        lxw_chart_fill green = {.color = 0x548235};
        chart_series_set_fill(active_series, &green);
    }
    chart_axis_set_reverse(chart->y_axis);
    chart_axis_set_crossing_max(chart->y_axis);
    chart_axis_set_num_format(chart->x_axis, "#,##0");
    wb_axis_name(ctx->book, chart->x_axis, PF_LABEL_AXIS_PARTNERS);
    int height = 120 + 26 * (int)(chart_last - first + 1);
    wb_insert_chart(sheet, header_row, 12, chart, 560, height < 300 ? 300 : height);
}

/* ---- Segments ---- */

void wb_sheet_segments(wb_context *ctx)
{
    const pf_results *r = ctx->results;
    wb_sheet *sheet = wb_add_sheet(ctx->book, PF_LABEL_SHEET_SEGMENTS, 1);
    if (!sheet)
        return;
    lxw_row_t row = wb_write_title(sheet, PF_LABEL_TITLE_SEGMENTS);
    wb_write_label(sheet, row, 0, PF_LABEL_SEGMENTS_NOTE, WB_NOTE);
    row += 2;
    char active_header[128];
    snprintf(active_header, sizeof active_header, wb_text(ctx->book, PF_LABEL_COL_ACTIVE), r->window_months);
    const char *headers[] = {
        wb_text(ctx->book, PF_LABEL_COL_DIMENSION),   wb_text(ctx->book, PF_LABEL_COL_SEGMENT_VALUE),
        wb_text(ctx->book, PF_LABEL_COL_LISTED),      wb_text(ctx->book, PF_LABEL_COL_SIGNED),
        wb_text(ctx->book, PF_LABEL_COL_MATURE),      active_header,
        wb_text(ctx->book, PF_LABEL_COL_ACTIVE_RATE), wb_text(ctx->book, PF_LABEL_COL_CI_LOW),
        wb_text(ctx->book, PF_LABEL_COL_CI_HIGH),
    };
    wb_list rows;
    lxw_row_t header_row = row;
    wb_list_begin(&rows, sheet, row, headers, sizeof headers / sizeof headers[0], "SegmentList", true);
    static const pf_segment_kind kinds[] = {PF_SEGMENT_CATEGORY, PF_SEGMENT_MARKET, PF_SEGMENT_SOURCE};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        const pf_segment_list *list = &r->segments[kinds[k]];
        for (size_t i = 0; i < list->count; i++) {
            const pf_segment *s = &list->rows[i];
            lxw_row_t at = wb_list_row(&rows);
            wb_sheet *current = rows.sheet;
            wb_write_label(current, at, 0, (pf_label)(PF_LABEL_SEGMENT_CATEGORY + kinds[k]), WB_PLAIN);
            wb_write_text(current, at, 1, wb_segment_value(ctx->book, s->value), WB_PLAIN);
            wb_write_number(current, at, 2, (double)s->listed, WB_INTEGER);
            wb_write_number(current, at, 3, (double)s->signed_partners, WB_INTEGER);
            wb_write_number(current, at, 4, (double)s->mature, WB_INTEGER);
            wb_write_count(current, at, 5, s->active, WB_INTEGER);
            rate_cells(current, at, 6, 5, 4, s->active, s->mature, &s->active_rate);
        }
    }
    bool single_sheet = rows.sheet == sheet;
    lxw_row_t end = wb_list_end(&rows);
    if (single_sheet && end > header_row + 1)
        data_bars(sheet, header_row + 1, end - 1, 6, 0x9DC3E6, true);
}

/* ---- At risk ---- */

/* Most urgent first. */
static const pf_at_risk_band band_order[PF_AT_RISK_BAND_COUNT] = {
    PF_AT_RISK_CONSIDER_ENDING_9_MONTHS, PF_AT_RISK_REVIEW_6_MONTHS, PF_AT_RISK_BEHIND_100_DAYS};

void wb_sheet_at_risk(wb_context *ctx)
{
    const pf_results *r = ctx->results;
    const pf_model *m = ctx->model;
    wb_sheet *sheet = wb_add_sheet(ctx->book, PF_LABEL_SHEET_AT_RISK, 1);
    if (!sheet)
        return;
    lxw_row_t row = wb_write_title(sheet, PF_LABEL_TITLE_AT_RISK);
    wb_write_label(sheet, row, 0, PF_LABEL_COL_BAND, WB_HEADER);
    wb_write_label(sheet, row, 1, PF_LABEL_COL_COUNT, WB_HEADER_RIGHT);
    wb_write_label(sheet, row, 2, PF_LABEL_COL_ACTION, WB_HEADER);
    row++;
    lxw_row_t first = row;
    long total = 0;
    bool all_known = true;
    for (int i = 0; i < PF_AT_RISK_BAND_COUNT; i++, row++) {
        pf_at_risk_band b = band_order[i];
        wb_write_label(sheet, row, 0, (pf_label)(PF_LABEL_BAND_BEHIND_100_DAYS + b), WB_LABEL);
        wb_write_count(sheet, row, 1, r->at_risk[b].count, WB_INTEGER);
        wb_write_label(sheet, row, 2, (pf_label)(PF_LABEL_ACTION_BEHIND_100_DAYS + b), WB_PLAIN);
        all_known &= known(r->at_risk[b].count);
        total += known(r->at_risk[b].count) ? r->at_risk[b].count : 0;
    }
    char a[16], b[16];
    wb_write_label(sheet, row, 0, PF_LABEL_TOTAL, WB_TOTAL_LABEL);
    wb_write_formula(sheet, row, 1, WB_TOTAL_INTEGER, all_known ? (double)total : NAN, "=SUM(%s:%s)",
                     wb_cell(a, first, 1), wb_cell(b, row - 1, 1));
    wb_write_blank(sheet, row, 2, WB_TOTAL_LABEL);
    wb_define_name(sheet, WB_NAME_AT_RISK, row, 1);
    row += 2;
    wb_write_label(sheet, row, 0, all_known ? PF_LABEL_AT_RISK_NOTE : PF_LABEL_AT_RISK_NO_DEALS, WB_NOTE);
    row += 2;

    const char *headers[] = {
        wb_text(ctx->book, PF_LABEL_COL_BAND),       wb_text(ctx->book, PF_LABEL_COL_PARTNER_ID),
        wb_text(ctx->book, PF_LABEL_COL_NAME),       wb_text(ctx->book, PF_LABEL_COL_RECRUITER),
        wb_text(ctx->book, PF_LABEL_COL_CATEGORY),   wb_text(ctx->book, PF_LABEL_COL_MARKET),
        wb_text(ctx->book, PF_LABEL_COL_SIGNED_ON),  wb_text(ctx->book, PF_LABEL_COL_DAYS_SINCE_SIGNING),
        wb_text(ctx->book, PF_LABEL_COL_KICKOFF_ON), wb_text(ctx->book, PF_LABEL_COL_ACTION),
    };
    wb_list list;
    wb_list_begin(&list, sheet, row, headers, sizeof headers / sizeof headers[0], "AtRiskList", true);
    for (int i = 0; i < PF_AT_RISK_BAND_COUNT; i++) {
        pf_at_risk_band band = band_order[i];
        const pf_at_risk_list *entries = &r->at_risk[band];
        for (long k = 0; known(entries->count) && k < entries->count; k++) {
            const pf_at_risk_entry *e = &entries->partners[k];
            const pf_partner *p = &m->partners[e->partner];
            lxw_row_t at = wb_list_row(&list);
            wb_sheet *current = list.sheet;
            wb_write_label(current, at, 0, (pf_label)(PF_LABEL_BAND_BEHIND_100_DAYS + band), WB_PLAIN);
            wb_write_text(current, at, 1, p->id, WB_PLAIN);
            wb_write_text(current, at, 2, p->name, WB_PLAIN);
            wb_write_text(current, at, 3, p->recruiter, WB_PLAIN);
            wb_write_text(current, at, 4, p->category, WB_PLAIN);
            wb_write_text(current, at, 5, p->market, WB_PLAIN);
            wb_write_date(current, at, 6, p->dates[PF_STEP_SIGNED], WB_DATE);
            wb_write_number(current, at, 7, (double)e->days_since_signing, WB_INTEGER);
            pf_date kickoff = p->dates[PF_STEP_KICKOFF];
            wb_write_date(current, at, 8,
                          kickoff != PF_DATE_NONE && kickoff <= r->as_of ? kickoff : PF_DATE_NONE, WB_DATE);
            wb_write_label(current, at, 9, (pf_label)(PF_LABEL_ACTION_BEHIND_100_DAYS + band), WB_PLAIN);
        }
    }
    long records = list.records;
    lxw_row_t end = wb_list_end(&list);
    if (records == 0 && all_known)
        wb_write_label(list.sheet, end, 0, PF_LABEL_AT_RISK_NONE, WB_NOTE);
}

/* ---- Partners ---- */

enum {
    P_ID,
    P_NAME,
    P_COMPANY,
    P_CATEGORY,
    P_MARKET,
    P_SOURCE,
    P_RECRUITER,
    P_LISTED,
    P_APPROACHED,
    P_APPLIED,
    P_COMMITTEE,
    P_DECISION,
    P_SIGNED,
    P_KICKOFF,
    P_BUSINESS_PLAN,
    P_TECH,
    P_SALES,
    P_ENDED,
    P_FURTHEST,
    P_STATUS,
    P_FIRST_DEAL,
    P_DAYS_TO_FIRST_DEAL,
    P_ACTIVE,
    P_AT_RISK,
    P_COST,
    P_LINE,
    P_COLUMNS
};

static pf_label partner_status(const pf_results *r, const pf_partner_status *st)
{
    if (!(st->flags & PF_PARTNER_IN_SCOPE))
        return PF_LABEL_STATUS_OUT_OF_SCOPE;
    if (st->flags & PF_PARTNER_ACTIVE)
        return PF_LABEL_STATUS_ACTIVE;
    if (st->flags & PF_PARTNER_BAD_RECRUIT)
        return PF_LABEL_STATUS_BAD_RECRUIT;
    if (st->flags & PF_PARTNER_ENDED)
        return PF_LABEL_STATUS_ENDED;
    if ((st->flags & PF_PARTNER_MATURE) && !r->deals_available)
        return PF_LABEL_STATUS_MATURE_UNKNOWN;
    if (st->stages & (1u << PF_STAGE_SIGNED))
        return PF_LABEL_STATUS_ONBOARDING;
    return PF_LABEL_STATUS_CANDIDATE;
}

void wb_sheet_partners(wb_context *ctx)
{
    const pf_results *r = ctx->results;
    const pf_model *m = ctx->model;
    const pf_input *in = &m->inputs[PF_FILE_PARTNERS];
    wb_sheet *sheet = wb_add_sheet(ctx->book, PF_LABEL_SHEET_PARTNERS, 1);
    if (!sheet)
        return;
    char active_header[128], line_header[128];
    snprintf(active_header, sizeof active_header, wb_text(ctx->book, PF_LABEL_COL_ACTIVE_FLAG),
             r->window_months);
    snprintf(line_header, sizeof line_header, wb_text(ctx->book, PF_LABEL_COL_LINE_IN_FILE), "partners.csv");
    static const pf_label labels[P_COLUMNS] = {
        [P_ID] = PF_LABEL_COL_PARTNER_ID,
        [P_NAME] = PF_LABEL_COL_NAME,
        [P_COMPANY] = PF_LABEL_COL_COMPANY_ID,
        [P_CATEGORY] = PF_LABEL_COL_CATEGORY,
        [P_MARKET] = PF_LABEL_COL_MARKET,
        [P_SOURCE] = PF_LABEL_COL_SOURCE,
        [P_RECRUITER] = PF_LABEL_COL_RECRUITER,
        [P_LISTED] = PF_LABEL_COL_LISTED_ON,
        [P_APPROACHED] = PF_LABEL_COL_APPROACHED_ON,
        [P_APPLIED] = PF_LABEL_COL_APPLIED_ON,
        [P_COMMITTEE] = PF_LABEL_COL_COMMITTEE_ON,
        [P_DECISION] = PF_LABEL_COL_DECISION,
        [P_SIGNED] = PF_LABEL_COL_SIGNED_ON,
        [P_KICKOFF] = PF_LABEL_COL_KICKOFF_ON,
        [P_BUSINESS_PLAN] = PF_LABEL_COL_BUSINESS_PLAN_ON,
        [P_TECH] = PF_LABEL_COL_TECH_AUTONOMY_ON,
        [P_SALES] = PF_LABEL_COL_SALES_AUTONOMY_ON,
        [P_ENDED] = PF_LABEL_COL_ENDED_ON,
        [P_FURTHEST] = PF_LABEL_COL_FURTHEST_STAGE,
        [P_STATUS] = PF_LABEL_COL_STATUS_PARTNER,
        [P_FIRST_DEAL] = PF_LABEL_COL_FIRST_DEAL_ON,
        [P_DAYS_TO_FIRST_DEAL] = PF_LABEL_COL_DAYS_TO_FIRST_DEAL,
        [P_ACTIVE] = PF_LABEL_COL_ACTIVE_FLAG,
        [P_AT_RISK] = PF_LABEL_COL_AT_RISK_BAND,
        [P_COST] = PF_LABEL_COL_COST,
        [P_LINE] = PF_LABEL_COL_LINE_IN_FILE,
    };
    size_t columns = P_COLUMNS + in->extra_count;
    const char **headers = malloc(columns * sizeof *headers);
    if (!headers) {
        ctx->book->out_of_memory = true;
        return;
    }
    for (size_t c = 0; c < P_COLUMNS; c++)
        headers[c] = wb_text(ctx->book, labels[c]);
    headers[P_ACTIVE] = active_header;
    headers[P_LINE] = line_header;
    for (size_t k = 0; k < in->extra_count; k++)
        headers[P_COLUMNS + k] = in->headers && in->extra_index ? in->headers[in->extra_index[k]] : "";

    wb_list list;
    wb_list_begin(&list, sheet, 0, headers, columns, "PartnerList", true);
    free(headers);
    static const pf_step step_columns[] = {PF_STEP_LISTED, PF_STEP_APPROACHED, PF_STEP_APPLIED,
                                           PF_STEP_COMMITTEE};
    static const pf_step later_steps[] = {PF_STEP_SIGNED,        PF_STEP_KICKOFF,        PF_STEP_BUSINESS_PLAN,
                                          PF_STEP_TECH_AUTONOMY, PF_STEP_SALES_AUTONOMY, PF_STEP_ENDED};
    char a[16], b[16];
    for (size_t i = 0; i < m->partner_count; i++) {
        const pf_partner *p = &m->partners[i];
        const pf_partner_status *st = &r->partners[i];
        lxw_row_t row = wb_list_row(&list);
        wb_sheet *s = list.sheet;
        wb_write_text(s, row, P_ID, p->id, WB_PLAIN);
        wb_write_text(s, row, P_NAME, p->name, WB_PLAIN);
        wb_write_text(s, row, P_COMPANY, p->company_id, WB_PLAIN);
        wb_write_text(s, row, P_CATEGORY, p->category, WB_PLAIN);
        wb_write_text(s, row, P_MARKET, p->market, WB_PLAIN);
        wb_write_text(s, row, P_SOURCE, p->source, WB_PLAIN);
        wb_write_text(s, row, P_RECRUITER, p->recruiter, WB_PLAIN);
        for (size_t k = 0; k < sizeof step_columns / sizeof step_columns[0]; k++)
            wb_write_date(s, row, (lxw_col_t)(P_LISTED + k), p->dates[step_columns[k]], WB_DATE);
        if (p->dates[PF_STEP_COMMITTEE] != PF_DATE_NONE || p->decision != PF_DECISION_PENDING)
            wb_write_label(s, row, P_DECISION, (pf_label)(PF_LABEL_DECISION_PENDING + p->decision), WB_PLAIN);
        for (size_t k = 0; k < sizeof later_steps / sizeof later_steps[0]; k++)
            wb_write_date(s, row, (lxw_col_t)(P_SIGNED + k), p->dates[later_steps[k]], WB_DATE);
        if (st->flags & PF_PARTNER_IN_SCOPE) {
            int furthest = -1;
            for (int stage = 0; stage < PF_STAGE_COUNT; stage++)
                if (st->stages & (1u << stage))
                    furthest = stage;
            if (furthest >= 0)
                wb_write_label(s, row, P_FURTHEST, (pf_label)(PF_LABEL_STAGE_LISTED + furthest), WB_PLAIN);
        }
        wb_write_label(s, row, P_STATUS, partner_status(r, st), WB_PLAIN);
        if (st->first_deal != PF_DATE_NONE) {
            wb_write_date(s, row, P_FIRST_DEAL, st->first_deal, WB_DATE);
            wb_write_formula(s, row, P_DAYS_TO_FIRST_DEAL, WB_INTEGER,
                             (double)(st->first_deal - p->dates[PF_STEP_SIGNED]), "=%s-%s",
                             wb_cell(a, row, P_FIRST_DEAL), wb_cell(b, row, P_SIGNED));
        }
        if ((st->flags & PF_PARTNER_MATURE) && r->deals_available)
            wb_write_label(s, row, P_ACTIVE, (st->flags & PF_PARTNER_ACTIVE) ? PF_LABEL_YES : PF_LABEL_NO,
                           WB_PLAIN);
        if (st->at_risk != PF_AT_RISK_NONE)
            wb_write_label(s, row, P_AT_RISK, (pf_label)(PF_LABEL_BAND_BEHIND_100_DAYS + st->at_risk),
                           WB_PLAIN);
        wb_write_number_or_blank(s, row, P_COST, st->cost, WB_MONEY);
        wb_write_number(s, row, P_LINE, (double)p->line, WB_PLAIN);
        for (size_t k = 0; k < in->extra_count; k++)
            wb_write_text(s, row, (lxw_col_t)(P_COLUMNS + k), p->extra ? p->extra[k] : NULL, WB_PLAIN);
    }
    ctx->result->partner_sheets = list.sheet ? list.sheet->part : 1;
    wb_list_end(&list);
}

/* ---- Data quality ---- */

/* The file name of an input as given ("partners.csv" when it was not read). */
static const char *input_name(const pf_model *m, pf_file_kind file, char *buf, size_t size)
{
    const char *path = m->inputs[file].path;
    if (!path) {
        snprintf(buf, size, "%s.csv", pf_file_names[file]);
        return buf;
    }
    const char *slash = strrchr(path, '/');
    snprintf(buf, size, "%s", slash ? slash + 1 : path);
    return buf;
}

static void accounting_row(wb_sheet *sheet, lxw_row_t row, pf_file_kind file)
{
    wb_context *ctx = wb_report(sheet);
    const pf_input *in = &ctx->model->inputs[file];
    char name[256], a[16], b[16];
    wb_write_text(sheet, row, 0, input_name(ctx->model, file, name, sizeof name), WB_LABEL);
    if (!in->present) {
        wb_write_label(sheet, row, 1, PF_LABEL_NOT_GIVEN, WB_NOTE);
        return;
    }
    wb_write_text(sheet, row, 1, in->path, WB_PLAIN);
    wb_write_number(sheet, row, 2, (double)in->rows_read, WB_INTEGER);
    wb_write_number(sheet, row, 3, (double)in->rows_accepted, WB_INTEGER);
    wb_write_number(sheet, row, 4, (double)in->rows_rejected, WB_INTEGER);
    wb_write_number(sheet, row, 5, (double)in->warnings, WB_INTEGER);
    if (in->rows_read > 0)
        wb_write_formula(sheet, row, 6, WB_PERCENT, (double)in->rows_rejected / (double)in->rows_read, "=%s/%s",
                         wb_cell(a, row, 4), wb_cell(b, row, 2));
    else
        wb_write_na(sheet, row, 6);
}

void wb_sheet_data_quality(wb_context *ctx)
{
    const pf_model *m = ctx->model;
    wb_sheet *sheet = wb_add_sheet(ctx->book, PF_LABEL_SHEET_DATA_QUALITY, 1);
    if (!sheet)
        return;
    lxw_row_t row = wb_write_title(sheet, PF_LABEL_TITLE_DATA_QUALITY);
    wb_write_label(sheet, row++, 0, PF_LABEL_DQ_ACCOUNTING, WB_SECTION);
    static const pf_label accounting[] = {
        PF_LABEL_COL_FILE,     PF_LABEL_COL_PATH,     PF_LABEL_COL_ROWS_READ,     PF_LABEL_COL_ACCEPTED,
        PF_LABEL_COL_REJECTED, PF_LABEL_COL_WARNINGS, PF_LABEL_COL_REJECTED_SHARE};
    for (lxw_col_t c = 0; c < 7; c++)
        wb_write_label(sheet, row, c, accounting[c], c < 2 ? WB_HEADER : WB_HEADER_RIGHT);
    row++;
    for (int f = 0; f < PF_FILE_COUNT; f++)
        accounting_row(sheet, row++, (pf_file_kind)f);
    row++;
    wb_write_label(sheet, row++, 0, PF_LABEL_DQ_NOTE, WB_NOTE);
    row++;

    char title[160], count[32], name[256];
    snprintf(title, sizeof title, "%s (%s)", wb_text(ctx->book, PF_LABEL_DQ_REJECTS),
             wb_count_text(ctx->book, (long)m->reject_count, count));
    wb_write_text(sheet, row++, 0, title, WB_SECTION);
    wb_list list;
    if (m->reject_count == 0) {
        wb_write_label(sheet, row++, 0, PF_LABEL_DQ_NO_REJECTS, WB_NOTE);
    } else {
        const char *headers[] = {wb_text(ctx->book, PF_LABEL_COL_FILE), wb_text(ctx->book, PF_LABEL_COL_LINE),
                                 wb_text(ctx->book, PF_LABEL_COL_COLUMN),
                                 wb_text(ctx->book, PF_LABEL_COL_REASON), wb_text(ctx->book, PF_LABEL_COL_RAW)};
        wb_list_begin(&list, sheet, row, headers, 5, "RejectList", false);
        for (size_t i = 0; i < m->reject_count; i++) {
            const pf_reject *x = &m->rejects[i];
            lxw_row_t at = wb_list_row(&list);
            wb_sheet *s = list.sheet;
            wb_write_text(s, at, 0, input_name(m, x->file, name, sizeof name), WB_PLAIN);
            wb_write_number(s, at, 1, (double)x->line, WB_PLAIN);
            wb_write_text(s, at, 2, x->column, WB_PLAIN);
            wb_write_text(s, at, 3, x->reason, WB_PLAIN);
            wb_write_text(s, at, 4, x->raw, WB_PLAIN);
        }
        row = wb_list_end(&list);
        sheet = list.sheet;
    }
    if (!sheet)
        return;
    row++;
    snprintf(title, sizeof title, "%s (%s)", wb_text(ctx->book, PF_LABEL_DQ_WARNINGS),
             wb_count_text(ctx->book, (long)m->warning_count, count));
    wb_write_text(sheet, row++, 0, title, WB_SECTION);
    if (m->warning_count == 0) {
        wb_write_label(sheet, row, 0, PF_LABEL_DQ_NO_WARNINGS, WB_NOTE);
    } else {
        const char *headers[] = {wb_text(ctx->book, PF_LABEL_COL_FILE), wb_text(ctx->book, PF_LABEL_COL_LINE),
                                 wb_text(ctx->book, PF_LABEL_COL_COLUMN),
                                 wb_text(ctx->book, PF_LABEL_COL_MESSAGE)};
        wb_list_begin(&list, sheet, row, headers, 4, "WarningList", false);
        for (size_t i = 0; i < m->warning_count; i++) {
            const pf_warning *w = &m->warnings[i];
            lxw_row_t at = wb_list_row(&list);
            wb_sheet *s = list.sheet;
            wb_write_text(s, at, 0, input_name(m, w->file, name, sizeof name), WB_PLAIN);
            wb_write_number(s, at, 1, (double)w->line, WB_PLAIN);
            wb_write_text(s, at, 2, w->column, WB_PLAIN);
            wb_write_text(s, at, 3, w->message, WB_PLAIN);
        }
        wb_list_end(&list);
    }
    for (size_t s = 0; s < ctx->book->sheet_count; s++)
        if (ctx->book->sheets[s]->label == PF_LABEL_SHEET_DATA_QUALITY)
            wb_fix_width(ctx->book->sheets[s], 4, 80);
}

/* ---- About ---- */

static lxw_row_t about_pair(wb_sheet *sheet, lxw_row_t row, pf_label label, const char *value)
{
    wb_write_label(sheet, row, 0, label, WB_LABEL);
    wb_write_text(sheet, row, 1, value, WB_PLAIN);
    return row + 1;
}

static const char *encoding_name(const pf_reader_info *info)
{
    if (info->encoding == PF_ENCODING_CP1252)
        return "Windows-1252";
    if (info->encoding == PF_ENCODING_UTF16LE)
        return info->bom ? "UTF-16LE (BOM)" : "UTF-16LE";
    if (info->encoding == PF_ENCODING_UTF16BE)
        return info->bom ? "UTF-16BE (BOM)" : "UTF-16BE";
    return info->bom ? "UTF-8 (BOM)" : "UTF-8";
}

/* The meaning of each defined name, by the label of the figure it holds. */
static pf_label name_meaning(const char *name)
{
    static const struct {
        const char *name;
        pf_label meaning;
    } meanings[] = {
        {WB_NAME_LISTED, PF_LABEL_KPI_LISTED},
        {WB_NAME_SIGNED, PF_LABEL_KPI_SIGNED_TOTAL},
        {WB_NAME_MATURE, PF_LABEL_KPI_MATURE},
        {WB_NAME_ACTIVE, PF_LABEL_KPI_ACTIVE},
        {WB_NAME_ACTIVE_RATE, PF_LABEL_KPI_ACTIVE_RATE},
        {WB_NAME_BAD, PF_LABEL_KPI_BAD_RECRUITS},
        {WB_NAME_BAD_COST, PF_LABEL_COSTS_BAD_TOTAL},
        {WB_NAME_COST_PER_BAD, PF_LABEL_KPI_COST_PER_BAD},
        {WB_NAME_MATURE_COST, PF_LABEL_COSTS_MATURE_TOTAL},
        {WB_NAME_COST_PER_ACTIVE, PF_LABEL_KPI_COST_PER_ACTIVE},
        {WB_NAME_OVERHEAD, PF_LABEL_COSTS_OVERHEAD},
        {WB_NAME_MEDIAN, PF_LABEL_KPI_MEDIAN_DAYS},
        {WB_NAME_WITHIN_100, PF_LABEL_KPI_WITHIN_100},
        {WB_NAME_BUSINESS_PLAN_SHARE, PF_LABEL_KPI_BUSINESS_PLANS},
        {WB_NAME_AT_RISK, PF_LABEL_KPI_AT_RISK},
        {WB_NAME_PLAN_DAYS, PF_LABEL_FD_PLAN_DAYS},
    };
    for (size_t i = 0; i < sizeof meanings / sizeof meanings[0]; i++)
        if (strcmp(meanings[i].name, name) == 0)
            return meanings[i].meaning;
    return PF_LABEL_NA;
}

/* A row tall enough for text wrapped at about width characters. */
static void wrapped_row(wb_sheet *sheet, lxw_row_t row, const char *text, double width)
{
    size_t chars = lxw_utf8_strlen(text);
    double lines = ceil((double)chars / width);
    if (lines > 1)
        wb_row_height(sheet, row, 15 * lines + 2);
}

void wb_sheet_about(wb_context *ctx)
{
    const pf_results *r = ctx->results;
    const pf_model *m = ctx->model;
    wb_sheet *sheet = wb_add_sheet(ctx->book, PF_LABEL_SHEET_ABOUT, 1);
    if (!sheet)
        return;
    lxw_row_t row = wb_write_title(sheet, PF_LABEL_TITLE_ABOUT);
    char text[1024], count[32];
    wb_write_label(sheet, row++, 0, PF_LABEL_ABOUT_RUN, WB_SECTION);
    wb_write_label(sheet, row, 0, PF_LABEL_ABOUT_AS_OF, WB_LABEL);
    wb_write_date(sheet, row++, 1, r->as_of, WB_DATE);
    row = about_pair(sheet, row, PF_LABEL_ABOUT_PROGRAM, "partnerfunnel " PF_VERSION);
    const char *settings_path = ctx->settings && ctx->settings->path ? ctx->settings->path : NULL;
    row = about_pair(sheet, row, PF_LABEL_ABOUT_SETTINGS_FILE,
                     settings_path ? settings_path : wb_text(ctx->book, PF_LABEL_ABOUT_DEFAULTS));
    row = about_pair(sheet, row, PF_LABEL_ABOUT_LANGUAGE, ctx->book->lang == PF_LANG_FR ? "fr" : "en");
    row = about_pair(sheet, row, PF_LABEL_ABOUT_CURRENCY, ctx->book->currency);
    wb_write_label(sheet, row, 0, PF_LABEL_ABOUT_WINDOW, WB_LABEL);
    wb_write_number(sheet, row++, 1, r->window_months, WB_INTEGER);
    wb_write_label(sheet, row, 0, PF_LABEL_ABOUT_MIN_WON, WB_LABEL);
    wb_write_number(sheet, row++, 1, r->min_won_deals, WB_INTEGER);
    wb_write_label(sheet, row, 0, PF_LABEL_ABOUT_CANDIDATES, WB_LABEL);
    wb_write_number(sheet, row++, 1, (double)r->candidates, WB_INTEGER);
    wb_write_label(sheet, row, 0, PF_LABEL_ABOUT_OUT_OF_SCOPE, WB_LABEL);
    wb_write_number(sheet, row++, 1, (double)r->out_of_scope, WB_INTEGER);
    if (ctx->book->constant_memory) {
        snprintf(text, sizeof text, wb_text(ctx->book, PF_LABEL_ABOUT_MODE_STREAMED),
                 wb_count_text(ctx->book, PF_WORKBOOK_TABLE_LIMIT, count));
        row = about_pair(sheet, row, PF_LABEL_ABOUT_MODE, text);
    } else {
        row = about_pair(sheet, row, PF_LABEL_ABOUT_MODE, wb_text(ctx->book, PF_LABEL_ABOUT_MODE_TABLES));
    }
    row++;

    wb_write_label(sheet, row++, 0, PF_LABEL_ABOUT_INPUTS, WB_SECTION);
    static const pf_label input_headers[] = {
        PF_LABEL_COL_FILE,      PF_LABEL_COL_PATH,     PF_LABEL_COL_SHA256,   PF_LABEL_COL_SIZE,
        PF_LABEL_COL_ROWS_READ, PF_LABEL_COL_ACCEPTED, PF_LABEL_COL_REJECTED, PF_LABEL_COL_WARNINGS,
        PF_LABEL_COL_ENCODING,  PF_LABEL_COL_DELIMITER};
    for (lxw_col_t c = 0; c < 10; c++)
        wb_write_label(sheet, row, c, input_headers[c], c >= 3 && c <= 7 ? WB_HEADER_RIGHT : WB_HEADER);
    row++;
    for (int f = 0; f < PF_FILE_COUNT; f++, row++) {
        const pf_input *in = &m->inputs[f];
        char name[256];
        wb_write_text(sheet, row, 0, input_name(m, (pf_file_kind)f, name, sizeof name), WB_LABEL);
        if (!in->present) {
            wb_write_label(sheet, row, 1, PF_LABEL_NOT_GIVEN, WB_NOTE);
            continue;
        }
        wb_write_text(sheet, row, 1, in->path, WB_PLAIN);
        wb_write_text(sheet, row, 2, in->sha256, WB_PLAIN);
        wb_write_number(sheet, row, 3, (double)in->size, WB_INTEGER);
        wb_write_number(sheet, row, 4, (double)in->rows_read, WB_INTEGER);
        wb_write_number(sheet, row, 5, (double)in->rows_accepted, WB_INTEGER);
        wb_write_number(sheet, row, 6, (double)in->rows_rejected, WB_INTEGER);
        wb_write_number(sheet, row, 7, (double)in->warnings, WB_INTEGER);
        wb_write_text(sheet, row, 8, encoding_name(&in->info), WB_PLAIN);
        wb_write_text(sheet, row, 9,
                      in->info.delimiter == '\t'  ? "TAB"
                      : in->info.delimiter == ';' ? ";"
                                                  : ",",
                      WB_PLAIN);
    }
    row++;

    wb_write_label(sheet, row++, 0, PF_LABEL_ABOUT_DEFINITIONS, WB_SECTION);
    wb_write_label(sheet, row, 0, PF_LABEL_COL_TERM, WB_HEADER);
    wb_write_label(sheet, row, 1, PF_LABEL_COL_DEFINITION, WB_HEADER);
    row++;
    for (int t = PF_LABEL_TERM_AS_OF; t < PF_LABEL_ABOUT_NAMES; t += 2, row++) {
        pf_label definition = (pf_label)(t + 1);
        if (definition == PF_LABEL_DEF_ACTIVE)
            snprintf(text, sizeof text, wb_text(ctx->book, definition), r->min_won_deals, r->window_months);
        else if (definition == PF_LABEL_DEF_MATURE)
            snprintf(text, sizeof text, wb_text(ctx->book, definition), r->window_months);
        else
            snprintf(text, sizeof text, "%s", wb_text(ctx->book, definition)); /* not a format: may hold "%" */
        wb_write_label(sheet, row, 0, (pf_label)t, WB_LABEL);
        wb_write_text(sheet, row, 1, text, WB_WRAP);
        wrapped_row(sheet, row, text, 95);
    }
    row++;

    wb_write_label(sheet, row++, 0, PF_LABEL_ABOUT_NAMES, WB_SECTION);
    wb_write_label(sheet, row, 0, PF_LABEL_COL_DEFINED_NAME, WB_HEADER);
    wb_write_label(sheet, row, 1, PF_LABEL_COL_MEANING, WB_HEADER);
    wb_write_label(sheet, row, 2, PF_LABEL_COL_REFERS_TO, WB_HEADER);
    row++;
    for (size_t i = 0; i < ctx->book->name_count; i++, row++) {
        pf_label meaning = name_meaning(ctx->book->names[i].name);
        if (meaning == PF_LABEL_KPI_MATURE || meaning == PF_LABEL_KPI_ACTIVE ||
            meaning == PF_LABEL_KPI_ACTIVE_RATE)
            snprintf(text, sizeof text, wb_text(ctx->book, meaning), r->window_months);
        else
            snprintf(text, sizeof text, "%s", wb_text(ctx->book, meaning));
        wb_write_text(sheet, row, 0, ctx->book->names[i].name, WB_LABEL);
        wb_write_text(sheet, row, 1, text, WB_PLAIN);
        wb_write_text(sheet, row, 2, ctx->book->names[i].formula, WB_PLAIN);
    }
    wb_fix_width(sheet, 1, 100);
}
