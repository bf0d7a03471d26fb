/* render_audit.c — the audit workbook (see the header): formatting only, on the monthly workbook's writing
 * layer (wb_render() creates the book, its styles and the atomic file; this file adds the audit's sheets and
 * reuses the Trend and About sheets of the monthly workbook).
 *
 * Rates that the sheet can derive from its own cells (active ÷ mature) are formulas stored with the value
 * metrics computed; statistics (Wilson intervals, Fisher p, Kaplan–Meier medians) are values. Each figure a
 * finding cites is given the defined name audit_finding_cites() returns, written where the figure is.
 */
#include "partnerfunnel/render_audit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "partnerfunnel/audit_prospects.h"
#include "partnerfunnel/render_summary.h"
#include "partnerfunnel/render_workbook_sheets.h"

static const pf_audit *audit_of(const wb_context *ctx)
{
    return ctx->extra;
}

/* "40.5 %" / "40,5 %" (the language's decimal mark), or the language's n/a. */
static const char *percent_text(const wb_context *ctx, double fraction, char *buf, size_t size)
{
    if (!isfinite(fraction))
        return wb_text(ctx->book, PF_LABEL_NA);
    snprintf(buf, size, "%.1f %%", 100 * fraction);
    const char *mark = wb_text(ctx->book, PF_LABEL_DECIMAL_MARK);
    for (char *c = buf; *c; c++)
        if (*c == '.')
            *c = mark[0];
    return buf;
}

/* "33 507 EUR" / "33,507 EUR", or n/a. */
static const char *money_text(const wb_context *ctx, double amount, char *buf, size_t size)
{
    if (!isfinite(amount))
        return wb_text(ctx->book, PF_LABEL_NA);
    char count[32];
    snprintf(buf, size, "%s %s", wb_count_text(ctx->book, (long)floor(amount + 0.5), count),
             ctx->book->currency);
    return buf;
}

/* "p = 0.007", "p < 0.001" (never an exponent), in the workbook's language, as the terminal summaries say it.
 */
static const char *p_text(const wb_context *ctx, double p, char *buf, size_t size)
{
    return render_summary_p(p, ctx->book->lang, buf, size);
}

/* A header row of labels. */
static void header_row(wb_sheet *sheet, lxw_row_t row, const pf_label *labels, size_t count)
{
    for (size_t c = 0; c < count; c++)
        wb_write_label(sheet, row, (lxw_col_t)c, labels[c], c == 0 ? WB_HEADER : WB_HEADER_RIGHT);
    wb_row_height(sheet, row, 32);
}

/* successes ÷ trials as a formula over the two cells (trials in col_trials, successes in col_successes),
 * stored with the computed rate; n/a when unknown or trials = 0. */
static void rate_formula(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, lxw_col_t col_successes,
                         lxw_col_t col_trials, long successes, long trials, double rate)
{
    char a[16], b[16];
    if (successes == PF_COUNT_UNKNOWN || trials <= 0 || !isfinite(rate)) {
        wb_write_na(sheet, row, col);
        return;
    }
    wb_write_formula(sheet, row, col, WB_PERCENT, rate, "=%s/%s", wb_cell(a, row, col_successes),
                     wb_cell(b, row, col_trials));
}

/* ---- Scorecard ---- */

static void write_rating(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, pf_rating rating)
{
    static const wb_style styles[] = {WB_PLAIN, WB_MARK_GOOD, WB_MARK_WATCH, WB_MARK_POOR};
    static const pf_label labels[] = {PF_LABEL_AUDIT_NOT_RATED, PF_LABEL_MARK_GOOD, PF_LABEL_MARK_WATCH,
                                      PF_LABEL_MARK_POOR};
    wb_write_label(sheet, row, col, labels[rating], styles[rating]);
}

static void rubric_sentence(const wb_context *ctx, pf_rubric rubric, char *buf, size_t size)
{
    const pf_results *r = ctx->results;
    const pf_audit *a = audit_of(ctx);
    char x[64], y[64], z[64];
    switch (rubric) {
    case PF_RUBRIC_CANDIDATES:
        snprintf(buf, size, wb_text(ctx->book, PF_LABEL_SENTENCE_CANDIDATES),
                 percent_text(ctx, a->applied_share.estimate, x, sizeof x),
                 wb_count_text(ctx->book, r->funnel[PF_STAGE_LISTED].reached, y));
        break;
    case PF_RUBRIC_SIGNING:
        snprintf(buf, size, wb_text(ctx->book, PF_LABEL_SENTENCE_SIGNING),
                 percent_text(ctx, a->signing_rate.estimate, x, sizeof x),
                 percent_text(ctx, a->signing_rate.low, y, sizeof y),
                 percent_text(ctx, a->signing_rate.high, z, sizeof z));
        break;
    case PF_RUBRIC_ACTIVE:
        snprintf(buf, size, wb_text(ctx->book, PF_LABEL_SENTENCE_ACTIVE),
                 percent_text(ctx, r->active.rate.estimate, x, sizeof x),
                 percent_text(ctx, r->active.rate.low, y, sizeof y),
                 percent_text(ctx, r->active.rate.high, z, sizeof z));
        break;
    case PF_RUBRIC_COSTS:
    default:
        snprintf(buf, size, wb_text(ctx->book, PF_LABEL_SENTENCE_COSTS),
                 money_text(ctx, r->bad_recruits.cost_per_bad_recruit, x, sizeof x),
                 money_text(ctx, r->bad_recruits.total_cost, y, sizeof y));
        break;
    }
}

static void sheet_scorecard(wb_context *ctx)
{
    const pf_results *r = ctx->results;
    const pf_audit *a = audit_of(ctx);
    wb_sheet *sheet = wb_add_sheet(ctx->book, PF_LABEL_SHEET_SCORECARD, 1);
    if (!sheet)
        return;
    worksheet_gridlines(sheet->worksheet, LXW_HIDE_ALL_GRIDLINES);
    lxw_row_t row = wb_write_title(sheet, PF_LABEL_TITLE_SCORECARD);
    static const pf_label headers[] = {PF_LABEL_COL_RUBRIC, PF_LABEL_COL_VALUE, PF_LABEL_COL_REFERENCE,
                                       PF_LABEL_COL_STATUS, PF_LABEL_COL_EXPLANATION};
    header_row(sheet, row++, headers, 5);
    static const pf_label rubric_labels[PF_RUBRIC_COUNT] = {PF_LABEL_RUBRIC_CANDIDATES, PF_LABEL_RUBRIC_SIGNING,
                                                            PF_LABEL_RUBRIC_ACTIVE, PF_LABEL_RUBRIC_COSTS};
    static const pf_label references[PF_RUBRIC_COUNT] = {PF_LABEL_AUDIT_NO_REFERENCE,
                                                         PF_LABEL_AUDIT_NO_REFERENCE, PF_LABEL_REF_ACTIVE,
                                                         PF_LABEL_REF_COST_PER_BAD};
    static const char *const names[PF_RUBRIC_COUNT] = {"AuditAppliedShare", "AuditSigningRate",
                                                       "AuditActiveRate", "AuditCostPerBadRecruit"};
    for (int k = 0; k < PF_RUBRIC_COUNT; k++, row++) {
        char sentence[512];
        wb_row_height(sheet, row, 48);
        wb_write_label(sheet, row, 0, rubric_labels[k], WB_KPI_LABEL);
        wb_write_number(sheet, row, 1, a->scorecard[k].value,
                        k == PF_RUBRIC_COSTS ? WB_KPI_MONEY : WB_KPI_PERCENT);
        wb_define_name(sheet, names[k], row, 1);
        wb_write_label(sheet, row, 2, references[k], WB_KPI_REFERENCE);
        write_rating(sheet, row, 3, a->scorecard[k].rating);
        rubric_sentence(ctx, (pf_rubric)k, sentence, sizeof sentence);
        wb_write_text(sheet, row, 4, sentence, WB_KPI_TEXT);
    }
    row++;
    /* the figures the rubrics and the findings rest on */
    static const pf_label figure_labels[] = {PF_LABEL_KPI_LISTED,          PF_LABEL_KPI_SIGNED_TOTAL,
                                             PF_LABEL_KPI_MATURE,          PF_LABEL_KPI_ACTIVE,
                                             PF_LABEL_KPI_BAD_RECRUITS,    PF_LABEL_COSTS_BAD_TOTAL,
                                             PF_LABEL_KPI_COST_PER_ACTIVE, PF_LABEL_BAND_CONSIDER_ENDING};
    double values[] = {(double)r->funnel[PF_STAGE_LISTED].reached,
                       (double)r->funnel[PF_STAGE_SIGNED].reached,
                       (double)r->active.mature,
                       r->active.active == PF_COUNT_UNKNOWN ? NAN : (double)r->active.active,
                       r->bad_recruits.count == PF_COUNT_UNKNOWN ? NAN : (double)r->bad_recruits.count,
                       r->bad_recruits.total_cost,
                       r->cost_per_active_partner,
                       r->at_risk[PF_AT_RISK_CONSIDER_ENDING_9_MONTHS].count == PF_COUNT_UNKNOWN
                           ? NAN
                           : (double)r->at_risk[PF_AT_RISK_CONSIDER_ENDING_9_MONTHS].count};
    static const wb_style styles[] = {WB_INTEGER, WB_INTEGER, WB_INTEGER, WB_INTEGER,
                                      WB_INTEGER, WB_MONEY,   WB_MONEY,   WB_INTEGER};
    for (size_t k = 0; k < sizeof values / sizeof values[0]; k++, row++) {
        char label[256];
        snprintf(label, sizeof label, wb_text(ctx->book, figure_labels[k]), r->window_months);
        wb_write_text(sheet, row, 0, label, WB_LABEL);
        wb_write_number(sheet, row, 1, values[k], styles[k]);
        if (figure_labels[k] == PF_LABEL_KPI_MATURE)
            wb_define_name(sheet, "AuditMaturePartners", row, 1);
        if (figure_labels[k] == PF_LABEL_BAND_CONSIDER_ENDING) {
            wb_define_name(sheet, "AuditConsiderEndingPartners", row, 1);
            wb_write_number(sheet, row, 2, a->consider_ending_cost, WB_MONEY);
            wb_define_name(sheet, "AuditConsiderEndingCost", row, 2);
        }
    }
    const pf_audit_prospects *prospects = a->prospects;
    if (prospects && prospects->present) {
        row++;
        wb_write_label(sheet, row++, 0, PF_LABEL_PROSPECTS_TITLE, WB_SECTION);
        static const pf_label prospect_headers[] = {PF_LABEL_COL_PROFILE, PF_LABEL_COL_ELIGIBLE,
                                                    PF_LABEL_COL_KNOWN, PF_LABEL_COL_SHARE};
        header_row(sheet, row++, prospect_headers, 4);
        for (size_t k = 0; k < prospects->result.profile_count; k++, row++) {
            const pf_profile_result *pr = &prospects->result.profiles[k];
            char a_cell[16], b_cell[16];
            wb_write_text(sheet, row, 0, pr->profile->name, WB_LABEL);
            wb_write_number(sheet, row, 1, (double)pr->eligible, WB_INTEGER);
            wb_write_number(sheet, row, 2, (double)pr->known, WB_INTEGER);
            if (pr->eligible > 0)
                wb_write_formula(sheet, row, 3, WB_PERCENT, (double)pr->known / (double)pr->eligible, "=%s/%s",
                                 wb_cell(a_cell, row, 2), wb_cell(b_cell, row, 1));
            else
                wb_write_na(sheet, row, 3);
        }
    }
    wb_fix_width(sheet, 0, 44);
    wb_fix_width(sheet, 1, 14);
    wb_fix_width(sheet, 2, 40);
    wb_fix_width(sheet, 3, 12);
    wb_fix_width(sheet, 4, 60);
    char title[256];
    snprintf(title, sizeof title, "%s", wb_text(ctx->book, PF_LABEL_RUBRIC_ACTIVE));
    wb_insert_chart(sheet, row + 1, 0, wb_trend_chart(ctx, WB_NAME_ACTIVE_RATE, title), 420, 220);
    snprintf(title, sizeof title, "%s", wb_text(ctx->book, PF_LABEL_RUBRIC_COSTS));
    wb_insert_chart(sheet, row + 1, 2, wb_trend_chart(ctx, WB_NAME_COST_PER_BAD, title), 420, 220);
    wb_print_one_page(sheet);
}

/* ---- Findings ---- */

static void finding_text(const wb_context *ctx, const pf_finding *f, char *buf, size_t size)
{
    const pf_results *r = ctx->results;
    const pf_audit *a = audit_of(ctx);
    char x[64], y[64], z[64], w[64];
    switch (f->kind) {
    case PF_FINDING_CONSIDER_ENDING:
        snprintf(buf, size, wb_text(ctx->book, PF_LABEL_FINDING_CONSIDER_ENDING),
                 wb_count_text(ctx->book, f->partners, x), money_text(ctx, f->money, y, sizeof y));
        break;
    case PF_FINDING_SKIPPED_STEP: {
        const pf_adherence *ad = &a->adherence[f->step];
        snprintf(buf, size, wb_text(ctx->book, PF_LABEL_FINDING_SKIPPED_STEP),
                 wb_text(ctx->book, (pf_label)(PF_LABEL_STEP_APPLICATION + f->step)),
                 percent_text(ctx, ad->with.rate.estimate, x, sizeof x),
                 percent_text(ctx, ad->without.rate.estimate, y, sizeof y),
                 p_text(ctx, f->fisher_p, z, sizeof z));
        break;
    }
    case PF_FINDING_RECRUITER_BELOW: {
        const pf_segment *row = &r->segments[PF_SEGMENT_RECRUITER].rows[f->segment];
        snprintf(buf, size, wb_text(ctx->book, PF_LABEL_FINDING_RECRUITER_BELOW),
                 wb_segment_value(ctx->book, row->value),
                 percent_text(ctx, row->active_rate.estimate, x, sizeof x),
                 percent_text(ctx, a->recruiter_tests[f->segment].rest_rate, y, sizeof y),
                 p_text(ctx, f->fisher_p, w, sizeof w));
        break;
    }
    case PF_FINDING_IMPLIED_SIGNATURES:
    default:
        snprintf(buf, size, wb_text(ctx->book, PF_LABEL_FINDING_IMPLIED_SIGNATURES),
                 wb_count_text(ctx->book, f->partners, x));
        break;
    }
}

static void sheet_findings(wb_context *ctx)
{
    const pf_audit *a = audit_of(ctx);
    wb_sheet *sheet = wb_add_sheet(ctx->book, PF_LABEL_SHEET_FINDINGS, 1);
    if (!sheet)
        return;
    lxw_row_t row = wb_write_title(sheet, PF_LABEL_TITLE_FINDINGS);
    /* texts left-aligned under left-aligned headers, the money right-aligned under its own */
    static const pf_label headers[] = {PF_LABEL_COL_NUMBER, PF_LABEL_COL_FINDING, PF_LABEL_COL_MONEY_AT_STAKE,
                                       PF_LABEL_COL_CITES, PF_LABEL_COL_JSON_PATHS};
    const lxw_row_t header = row;
    for (lxw_col_t c = 0; c < 5; c++)
        wb_write_label(sheet, row, c, headers[c], c == 2 ? WB_HEADER_RIGHT : WB_HEADER);
    wb_row_height(sheet, row++, 32);
    for (size_t k = 0; k < a->finding_count; k++, row++) {
        const pf_finding *f = &a->findings[k];
        char id[24], text[1024], names[512] = "", paths[512] = "";
        pf_cite cites[PF_FINDING_MAX_CITES];
        size_t n = audit_finding_cites(f, cites);
        for (size_t c = 0; c < n; c++) {
            size_t used = strlen(names), used_paths = strlen(paths);
            snprintf(names + used, sizeof names - used, "%s%s", c ? "\n" : "", cites[c].name);
            snprintf(paths + used_paths, sizeof paths - used_paths, "%s%s", c ? "\n" : "", cites[c].path);
        }
        snprintf(id, sizeof id, "F%zu", k + 1);
        finding_text(ctx, f, text, sizeof text);
        wb_row_height(sheet, row, 15.0 * (double)(n < 3 ? 3 : n) + 4);
        wb_write_text(sheet, row, 0, id, WB_LABEL_TOP);
        wb_write_text(sheet, row, 1, text, WB_WRAP);
        wb_write_number(sheet, row, 2, f->money, WB_MONEY_TOP);
        wb_write_text(sheet, row, 3, names, WB_WRAP);
        wb_write_text(sheet, row, 4, paths, WB_WRAP);
    }
    wb_fix_width(sheet, 0, 6);
    wb_fix_width(sheet, 1, 70);
    wb_fix_width(sheet, 2, 16);
    wb_fix_width(sheet, 3, 34);
    wb_fix_width(sheet, 4, 42);
    wb_sheet_list(sheet, header, row - 1, 4, 1);
}

/* ---- Process adherence ---- */

static void sheet_adherence(wb_context *ctx)
{
    const pf_results *r = ctx->results;
    const pf_audit *a = audit_of(ctx);
    wb_sheet *sheet = wb_add_sheet(ctx->book, PF_LABEL_SHEET_ADHERENCE, 1);
    if (!sheet)
        return;
    lxw_row_t row = wb_write_title(sheet, PF_LABEL_TITLE_ADHERENCE);
    static const pf_label headers[] = {
        PF_LABEL_COL_STEP,           PF_LABEL_COL_MATURE_WITH,    PF_LABEL_COL_ACTIVE_WITH,
        PF_LABEL_COL_RATE_WITH,      PF_LABEL_COL_CI_LOW,         PF_LABEL_COL_CI_HIGH,
        PF_LABEL_COL_MATURE_WITHOUT, PF_LABEL_COL_ACTIVE_WITHOUT, PF_LABEL_COL_RATE_WITHOUT,
        PF_LABEL_COL_CI_LOW,         PF_LABEL_COL_CI_HIGH,        PF_LABEL_COL_SHARE_WITH,
        PF_LABEL_COL_FISHER_P};
    header_row(sheet, row++, headers, sizeof headers / sizeof headers[0]);
    for (int s = 0; s < PF_AUDIT_STEP_COUNT; s++, row++) {
        const pf_adherence *ad = &a->adherence[s];
        const char *part = pf_audit_step_name_parts[s];
        char name[64], a_cell[16], b_cell[16], c_cell[16];
        wb_write_label(sheet, row, 0, (pf_label)(PF_LABEL_STEP_APPLICATION + s), WB_LABEL);
        const pf_adherence_row *sides[2] = {&ad->with, &ad->without};
        for (int k = 0; k < 2; k++) {
            lxw_col_t c = (lxw_col_t)(1 + 5 * k);
            wb_write_number(sheet, row, c, (double)sides[k]->mature, WB_INTEGER);
            wb_write_count(sheet, row, c + 1, sides[k]->active, WB_INTEGER);
            rate_formula(sheet, row, c + 2, c + 1, c, sides[k]->active, sides[k]->mature,
                         sides[k]->rate.estimate);
            snprintf(name, sizeof name, "Adherence%s%s", part, k == 0 ? "RateWith" : "RateWithout");
            wb_define_name(sheet, name, row, c + 2);
            wb_write_number(sheet, row, c + 3, sides[k]->rate.low, WB_PERCENT);
            wb_write_number(sheet, row, c + 4, sides[k]->rate.high, WB_PERCENT);
        }
        if (isfinite(ad->share_with))
            wb_write_formula(sheet, row, 11, WB_PERCENT, ad->share_with, "=%s/(%s+%s)", wb_cell(a_cell, row, 1),
                             wb_cell(b_cell, row, 1), wb_cell(c_cell, row, 6));
        else
            wb_write_na(sheet, row, 11);
        wb_write_number(sheet, row, 12, ad->fisher_p, WB_P_VALUE);
        snprintf(name, sizeof name, "Adherence%sFisherP", part);
        wb_define_name(sheet, name, row, 12);
    }
    row++;
    /* by recruiter: of their partners with a dated signature, how many skipped each step */
    wb_write_label(sheet, row, 0, PF_LABEL_COL_RECRUITER, WB_HEADER);
    wb_write_label(sheet, row, 1, PF_LABEL_COL_SIGNED, WB_HEADER_RIGHT);
    for (int s = 0; s < PF_AUDIT_STEP_COUNT; s++) {
        char header[160];
        snprintf(header, sizeof header, wb_text(ctx->book, PF_LABEL_COL_SKIPPED),
                 wb_text(ctx->book, (pf_label)(PF_LABEL_STEP_APPLICATION + s)));
        wb_write_text(sheet, row, (lxw_col_t)(2 + s), header, WB_HEADER_RIGHT);
    }
    wb_row_height(sheet, row++, 32);
    const pf_segment_list *recruiters = &r->segments[PF_SEGMENT_RECRUITER];
    for (size_t k = 0; k < recruiters->count; k++, row++) {
        const pf_recruiter_skips *skips = &a->recruiter_skips[k];
        wb_write_text(sheet, row, 0, wb_segment_value(ctx->book, recruiters->rows[k].value), WB_PLAIN);
        wb_write_number(sheet, row, 1, (double)skips->signed_dated, WB_INTEGER);
        for (int s = 0; s < PF_AUDIT_STEP_COUNT; s++)
            wb_write_number(sheet, row, (lxw_col_t)(2 + s), (double)skips->skipped[s], WB_INTEGER);
    }
    wb_fix_width(sheet, 0, 28);
    for (lxw_col_t c = 1; c < 13; c++)
        wb_fix_width(sheet, c, 12);
}

/* ---- Times ---- */

static void sheet_times(wb_context *ctx)
{
    const pf_audit *a = audit_of(ctx);
    wb_sheet *sheet = wb_add_sheet(ctx->book, PF_LABEL_SHEET_TIMES, 1);
    if (!sheet)
        return;
    lxw_row_t row = wb_write_title(sheet, PF_LABEL_TITLE_TIMES);
    static const pf_label headers[] = {PF_LABEL_COL_TIME,          PF_LABEL_COL_PARTNERS, PF_LABEL_COL_EVENTS,
                                       PF_LABEL_COL_MEDIAN_DAYS,   PF_LABEL_COL_CI_LOW,   PF_LABEL_COL_CI_HIGH,
                                       PF_LABEL_COL_REFERENCE_DAYS};
    header_row(sheet, row++, headers, sizeof headers / sizeof headers[0]);
    for (int k = 0; k < PF_AUDIT_TIME_COUNT; k++, row++) {
        const pf_audit_duration *d = &a->times[k];
        wb_write_label(sheet, row, 0, (pf_label)(PF_LABEL_TIME_TO_RECRUIT + k), WB_LABEL);
        wb_write_number(sheet, row, 1, (double)d->partners, WB_INTEGER);
        wb_write_count(sheet, row, 2, d->events, WB_INTEGER);
        wb_write_number(sheet, row, 3, d->median, WB_DAYS);
        wb_write_number(sheet, row, 4, d->median_low, WB_DAYS);
        wb_write_number(sheet, row, 5, d->median_high, WB_DAYS);
        if (isfinite(d->reference_days))
            wb_write_number(sheet, row, 6, d->reference_days, WB_DAYS);
    }
    wb_fix_width(sheet, 0, 34);
    for (lxw_col_t c = 1; c < 7; c++)
        wb_fix_width(sheet, c, 14);
}

/* ---- Recruiters and sources ---- */

static lxw_row_t segment_table(wb_sheet *sheet, lxw_row_t row, const pf_segment_list *list,
                               const pf_segment_test *tests, pf_label first_header, bool recruiters)
{
    wb_context *ctx = wb_report(sheet);
    const pf_label headers[] = {first_header,
                                PF_LABEL_COL_LISTED,
                                PF_LABEL_COL_APPLICATIONS,
                                PF_LABEL_COL_SIGNED,
                                PF_LABEL_COL_BUSINESS_PLANS,
                                PF_LABEL_COL_MATURE,
                                PF_LABEL_COL_ACTIVE_RATE,
                                PF_LABEL_COL_CI_LOW,
                                PF_LABEL_COL_CI_HIGH,
                                PF_LABEL_COL_REST_RATE,
                                PF_LABEL_COL_FISHER_P,
                                PF_LABEL_COL_SMALL_NUMBERS};
    header_row(sheet, row++, headers, sizeof headers / sizeof headers[0]);
    for (size_t k = 0; k < list->count; k++, row++) {
        const pf_segment *s = &list->rows[k];
        const pf_segment_test *t = &tests[k];
        wb_write_text(sheet, row, 0, wb_segment_value(ctx->book, s->value), WB_PLAIN);
        wb_write_number(sheet, row, 1, (double)s->listed, WB_INTEGER);
        wb_write_number(sheet, row, 2, (double)s->applications, WB_INTEGER);
        wb_write_number(sheet, row, 3, (double)s->signed_partners, WB_INTEGER);
        wb_write_number(sheet, row, 4, (double)s->business_plans, WB_INTEGER);
        wb_write_number(sheet, row, 5, (double)s->mature, WB_INTEGER);
        wb_write_number(sheet, row, 6, s->active_rate.estimate, WB_PERCENT);
        wb_write_number(sheet, row, 7, s->active_rate.low, WB_PERCENT);
        wb_write_number(sheet, row, 8, s->active_rate.high, WB_PERCENT);
        wb_write_number(sheet, row, 9, t->rest_rate, WB_PERCENT);
        wb_write_number(sheet, row, 10, t->fisher_p, WB_P_VALUE);
        if (t->small)
            wb_write_label(sheet, row, 11, PF_LABEL_YES, WB_PLAIN);
        if (recruiters) {
            static const char *const suffixes[] = {"Rate", "RestRate", "FisherP"};
            static const lxw_col_t columns[] = {6, 9, 10};
            for (int n = 0; n < 3; n++) {
                char name[64];
                snprintf(name, sizeof name, "AuditRecruiter%zu%s", k + 1, suffixes[n]);
                wb_define_name(sheet, name, row, columns[n]);
            }
        }
    }
    return row + 1;
}

static void sheet_recruiters(wb_context *ctx)
{
    const pf_results *r = ctx->results;
    const pf_audit *a = audit_of(ctx);
    wb_sheet *sheet = wb_add_sheet(ctx->book, PF_LABEL_SHEET_RECRUITERS, 1);
    if (!sheet)
        return;
    lxw_row_t row = wb_write_title(sheet, PF_LABEL_TITLE_AUDIT_RECRUITERS);
    row = segment_table(sheet, row, &r->segments[PF_SEGMENT_RECRUITER], a->recruiter_tests,
                        PF_LABEL_COL_RECRUITER, true);
    segment_table(sheet, row, &r->segments[PF_SEGMENT_SOURCE], a->source_tests, PF_LABEL_COL_SOURCE, false);
    wb_fix_width(sheet, 0, 28);
    for (lxw_col_t c = 1; c < 12; c++)
        wb_fix_width(sheet, c, 12);
}

/* ---- Data quality ---- */

static pf_label severity_of(const pf_column_quality *c)
{
    bool headline = c->column == PF_COL_LISTED_ON || c->column == PF_COL_APPROACHED_ON ||
                    c->column == PF_COL_SIGNED_ON || c->column == PF_COL_DEAL_CLOSED_ON ||
                    c->column == PF_COL_DEAL_STATUS || c->column == PF_COL_RECRUITMENT_COST ||
                    c->column == PF_COL_ONBOARDING_COST || c->column == PF_COL_COST_AMOUNT ||
                    c->column == PF_COL_RECRUITER || c->column == PF_COL_SOURCE;
    if (!isfinite(c->empty_share) || c->empty_share == 0)
        return PF_LABEL_SEVERITY_NONE;
    if (headline && c->empty_share >= 0.10)
        return PF_LABEL_SEVERITY_HIGH;
    if (headline || c->empty_share >= 0.50)
        return PF_LABEL_SEVERITY_MEDIUM;
    return PF_LABEL_SEVERITY_LOW;
}

static void sheet_quality(wb_context *ctx)
{
    const pf_audit *a = audit_of(ctx);
    const pf_data_quality *q = &a->quality;
    wb_sheet *sheet = wb_add_sheet(ctx->book, PF_LABEL_SHEET_DATA_QUALITY, 1);
    if (!sheet)
        return;
    lxw_row_t row = wb_write_title(sheet, PF_LABEL_TITLE_AUDIT_QUALITY);
    static const pf_label counts[] = {PF_LABEL_QUALITY_OUT_OF_ORDER, PF_LABEL_QUALITY_IMPLIED_SIGNATURES,
                                      PF_LABEL_QUALITY_DEALS_BEFORE_SIGNING};
    const long values[] = {q->out_of_order, q->implied_signed, q->deals_before_signing};
    for (int k = 0; k < 3; k++, row++) {
        wb_write_label(sheet, row, 0, counts[k], WB_LABEL);
        wb_write_number(sheet, row, 1, (double)values[k], WB_INTEGER);
        if (counts[k] == PF_LABEL_QUALITY_IMPLIED_SIGNATURES)
            wb_define_name(sheet, "AuditImpliedSignatures", row, 1);
    }
    row++;
    static const pf_label headers[] = {PF_LABEL_COL_FILE,    PF_LABEL_COL_COLUMN, PF_LABEL_COL_HEADER_IN_FILE,
                                       PF_LABEL_COL_ROWS,    PF_LABEL_COL_EMPTY,  PF_LABEL_COL_EMPTY_SHARE,
                                       PF_LABEL_COL_SEVERITY};
    const lxw_row_t header = row;
    header_row(sheet, row++, headers, sizeof headers / sizeof headers[0]);
    for (size_t k = 0; k < q->column_count; k++, row++) {
        const pf_column_quality *c = &q->columns[k];
        const pf_input *in = &ctx->model->inputs[c->file];
        int index = in->column_index[c->column];
        char file[32], a_cell[16], b_cell[16];
        snprintf(file, sizeof file, "%s.csv", pf_file_names[c->file]);
        wb_write_text(sheet, row, 0, file, WB_PLAIN);
        wb_write_text(sheet, row, 1, pf_columns[c->column].name, WB_PLAIN);
        if (index >= 0 && (size_t)index < in->header_count)
            wb_write_text(sheet, row, 2, in->headers[index], WB_PLAIN);
        wb_write_number(sheet, row, 3, (double)c->rows, WB_INTEGER);
        wb_write_number(sheet, row, 4, (double)c->empty, WB_INTEGER);
        if (c->rows > 0)
            wb_write_formula(sheet, row, 5, WB_PERCENT, c->empty_share, "=%s/%s", wb_cell(a_cell, row, 4),
                             wb_cell(b_cell, row, 3));
        else
            wb_write_na(sheet, row, 5);
        wb_write_label(sheet, row, 6, severity_of(c), WB_PLAIN);
    }
    wb_fix_width(sheet, 0, 40);
    wb_fix_width(sheet, 1, 20);
    wb_fix_width(sheet, 2, 28);
    for (lxw_col_t c = 3; c < 7; c++)
        wb_fix_width(sheet, c, 12);
    wb_sheet_list(sheet, header, row - 1, 6, 1);
}

static void audit_sheets(wb_context *ctx)
{
    sheet_scorecard(ctx);
    sheet_findings(ctx);
    sheet_adherence(ctx);
    sheet_times(ctx);
    sheet_recruiters(ctx);
    sheet_quality(ctx);
    wb_sheet_trend(ctx);
    wb_sheet_about(ctx);
}

pf_error render_audit_workbook(const char *path, const pf_model *model, const pf_settings *settings,
                               const pf_results *results, const pf_audit *audit,
                               const pf_workbook_options *options, pf_workbook_result *result,
                               pf_error_context *err)
{
    return wb_render(path, model, settings, results, options, result, audit_sheets, audit, err);
}

void render_audit_default_path(pf_date as_of, char out[64])
{
    char iso[11];
    field_date_format_iso(as_of, iso);
    snprintf(out, 64, "reports/partner-audit-%s.xlsx", iso);
}
