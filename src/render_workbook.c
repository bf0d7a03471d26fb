/* render_workbook.c — the monthly executive workbook: its options, the subtitle and document properties,
 * and the order of the sheets. The sheets themselves are in render_workbook_figures.c (Summary, Funnel,
 * Cohorts, First deal, Costs) and render_workbook_lists.c (Recruiters, Segments, At risk, Partners, Data
 * quality, About); the cell writers, styles, lists and the file are the workbook layer's (xlsx_book.c).
 *
 * Up to PF_WORKBOOK_TABLE_LIMIT candidates the workbook is built in memory (Excel tables with filters on
 * the list sheets); above it, in constant-memory mode (a million-row Partners sheet costs a few megabytes
 * instead of gigabytes), where the lists get autofilters instead.
 */
#include "partnerfunnel/render_workbook.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "partnerfunnel/render_workbook_sheets.h"

#ifndef PF_VERSION
#define PF_VERSION "unknown"
#endif

/* the workbook layer writes a count of -1 as "n/a" */
_Static_assert(PF_COUNT_UNKNOWN == -1L, "xlsx_book.c's unknown count");

/* ---- options ---- */

void render_workbook_options_init(pf_workbook_options *options, const pf_settings *settings)
{
    memset(options, 0, sizeof *options);
    options->lang = settings ? settings->lang : PF_LANG_EN;
    options->currency = settings ? settings->currency : "EUR";
}

void render_workbook_default_path(pf_date as_of, char out[64])
{
    char iso[11];
    field_date_format_iso(as_of, iso);
    snprintf(out, 64, "reports/partner-recruitment-%s.xlsx", iso);
}

static void make_subtitle(wb_context *ctx)
{
    wb_book *book = ctx->book;
    char date[16], count[32], as_of[64], candidates[96];
    snprintf(as_of, sizeof as_of, wb_text(book, PF_LABEL_AS_OF), wb_date_text(book, ctx->results->as_of, date));
    snprintf(candidates, sizeof candidates, wb_text(book, PF_LABEL_CANDIDATES_COUNT),
             wb_count_text(book, ctx->results->candidates, count));
    const pf_input *partners = &ctx->model->inputs[PF_FILE_PARTNERS];
    if (partners->path) {
        char source[700];
        snprintf(source, sizeof source, wb_text(book, PF_LABEL_SOURCE), partners->path);
        snprintf(book->subtitle, sizeof book->subtitle, "%s \xC2\xB7 %s \xC2\xB7 %s", as_of, candidates,
                 source);
    } else {
        snprintf(book->subtitle, sizeof book->subtitle, "%s \xC2\xB7 %s", as_of, candidates);
    }
}

pf_error wb_render(const char *path, const pf_model *model, const pf_settings *settings,
                   const pf_results *results, const pf_workbook_options *options, pf_workbook_result *result,
                   void (*build)(wb_context *ctx), const void *extra, pf_error_context *err)
{
    pf_workbook_options defaults;
    if (!options) {
        render_workbook_options_init(&defaults, settings);
        options = &defaults;
    }
    pf_workbook_result unused;
    if (!result)
        result = &unused;
    memset(result, 0, sizeof *result);

    long limit = options->table_limit == 0 ? PF_WORKBOOK_TABLE_LIMIT : options->table_limit;
    static const wb_book no_book;
    wb_book language = no_book; /* only its language, for the date in the title */
    language.lang = options->lang;
    char date[16], title[160];
    snprintf(title, sizeof title, labels_get(options->lang, PF_LABEL_DOCUMENT_TITLE),
             wb_date_text(&language, results->as_of, date));
    wb_book_options book_options = {0};
    book_options.lang = options->lang;
    book_options.currency = options->currency;
    book_options.constant_memory = limit < 0 || results->candidates > limit;
    book_options.max_rows = options->max_rows_per_sheet;
    book_options.tmpdir = options->tmpdir;
    /* reproducible: the reporting date at midnight UTC, never the clock */
    book_options.created = (time_t)results->as_of * 86400;
    book_options.as_of = results->as_of;
    book_options.title = title;
    book_options.subject = labels_get(options->lang, PF_LABEL_DOCUMENT_SUBJECT);
    book_options.author = "partnerfunnel " PF_VERSION;
    book_options.comments = "partnerfunnel " PF_VERSION;
    result->constant_memory = book_options.constant_memory;

    wb_book book;
    pf_error code = wb_book_open(&book, path, &book_options, err);
    if (code != PF_OK)
        return code;
    wb_context ctx = {&book, model, settings, results, result, extra};
    book.owner = &ctx;
    make_subtitle(&ctx);
    build(&ctx);
    result->cut_texts = book.cut_texts;
    snprintf(result->first_cut, sizeof result->first_cut, "%s", book.first_cut);
    result->repaired_texts = book.repaired_texts;
    return wb_book_close(&book, err);
}

/* The monthly workbook's sheets, in order. */
static void report_sheets(wb_context *ctx)
{
    wb_sheet_summary(ctx);
    wb_sheet_funnel(ctx);
    wb_sheet_cohorts(ctx);
    wb_sheet_first_deal(ctx);
    wb_sheet_costs(ctx);
    wb_sheet_recruiters(ctx);
    wb_sheet_segments(ctx);
    wb_sheet_at_risk(ctx);
    wb_sheet_partners(ctx);
    wb_sheet_data_quality(ctx);
    wb_sheet_trend(ctx);
    wb_sheet_about(ctx);
}

pf_error render_workbook(const char *path, const pf_model *model, const pf_settings *settings,
                         const pf_results *results, const pf_workbook_options *options,
                         pf_workbook_result *result, pf_error_context *err)
{
    return wb_render(path, model, settings, results, options, result, report_sheets, NULL, err);
}
