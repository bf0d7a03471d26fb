/* render_workbook.h — the monthly executive workbook of `partnerfunnel report` (.xlsx, libxlsxwriter).
 *
 * Owns nothing the caller sees: render_workbook() builds the whole file and releases everything before it
 * returns. Borrows the model (inputs, partners, rejects, warnings), the settings and the results for the
 * duration of the call. It only formats: every figure comes from pf_results (metrics.h) — or, for the two
 * calendar counts of the Summary, from metrics_calendar.h — so the workbook and the JSON summary of the same
 * run cannot disagree. Labels come from labels.h, one table per language.
 *
 * Sheets, in order (names in the chosen language): Summary, Funnel, Cohorts, First deal, Costs, Recruiters,
 * Segments, At risk, Partners (continued on "Partners (2)" … past Excel's 1,048,576 rows), Data quality,
 * About. docs/workbook.md describes each sheet, the formulas and the defined names.
 *
 * Guarantees:
 *  - every ratio the workbook can derive from its own cells is an Excel formula stored with the value
 *    metrics computed, so a recalculation gives the same number; a figure that cannot be computed (NAN, a
 *    count unknown without deals.csv) is the text "n/a" (or an empty cell in a column a chart plots), never 0,
 *    and no formula ever divides by zero;
 *  - headline figures carry workbook-level defined names (ListedCandidates, SignedPartners, MaturePartners,
 *    ActivePartners, ActiveRate6m, BadRecruits, CostPerBadRecruit, CostPerActivePartner,
 *    MedianDaysToFirstDeal, FirstDealWithin100Days, and a few more listed on the About sheet);
 *  - the same inputs and as-of give a byte-identical file (the document's creation time is as_of, 00:00 UTC);
 *  - the file is complete or not written (xlsx_book.h): written to a temporary beside the target, read back
 *    (every member's size and CRC, every XML part complete), then renamed (output.h); on any failure the
 *    previous file is untouched, no temporary file is left, and the error says why;
 *  - text from the input is always written as text (a CRM cell starting with '=' never becomes a formula),
 *    invalid UTF-8 is replaced by U+FFFD, control characters are escaped by libxlsxwriter, and a text longer
 *    than Excel's 32,767 characters is cut (the cell says so, and the result counts it).
 * LC_NUMERIC must be "C" (main.c sets the C locale): libxlsxwriter prints numbers with printf.
 */
#ifndef PARTNERFUNNEL_RENDER_WORKBOOK_H
#define PARTNERFUNNEL_RENDER_WORKBOOK_H

#include <stdbool.h>

#include "partnerfunnel/error.h"
#include "partnerfunnel/metrics.h"
#include "partnerfunnel/model.h"
#include "partnerfunnel/settings.h"

/** Above this many candidates the workbook is written in libxlsxwriter's constant-memory mode (rows
 *  streamed to disk, autofilters instead of Excel tables): memory then stays flat whatever the export size. */
#define PF_WORKBOOK_TABLE_LIMIT 100000L

typedef struct pf_workbook_options {
    pf_lang lang;         /**< labels, sheet names, date and p-value formats */
    const char *currency; /**< ISO 4217 code of the money figures ("EUR": the € sign); NULL = "EUR" */
    long table_limit;     /**< candidates above which constant-memory mode is used; 0 = PF_WORKBOOK_TABLE_LIMIT,
                               a negative value forces constant-memory mode (tests) */
    long max_rows_per_sheet; /**< rows a sheet may hold before a list continues on "Name (2)"; 0 = Excel's
                                  1,048,576 (tests set a small value) */
    const char *tmpdir;      /**< folder for libxlsxwriter's own temporary files (constant-memory rows, zip
                                  parts; about 1.5 GB per million candidates); NULL = the output's folder */
} pf_workbook_options;

/** What the writer had to do to the content, for the command to report on stderr. */
typedef struct pf_workbook_result {
    long cut_texts;       /**< texts longer than 32,767 characters, cut */
    char first_cut[160];  /**< where the first one is ("Partners!C12"), "" when none */
    long repaired_texts;  /**< texts holding invalid UTF-8, repaired with U+FFFD */
    bool constant_memory; /**< written in constant-memory mode (autofilters instead of Excel tables) */
    int partner_sheets;   /**< sheets the Partners list took (1 unless it passed 1,048,575 rows) */
} pf_workbook_result;

/** The workbook options from the settings: their language and currency, default limits. */
void render_workbook_options_init(pf_workbook_options *options, const pf_settings *settings);

/** Writes the workbook of results to path, atomically (inside an output group, with the run's other
 *  outputs: output.h). options may be NULL (English, EUR, default limits); result may be NULL. Errors (err
 *  filled, previous file at path untouched, no temporary left): PF_ERROR_CANNOT_CREATE (the folder does
 *  not exist or is not writable, the target is not a regular file or is an input, the rename failed),
 *  PF_ERROR_IO (a write failed: "cannot write: No space left on device in /folder"), PF_ERROR_MEMORY,
 *  PF_ERROR_INTERNAL (libxlsxwriter refused something: a bug here). */
pf_error render_workbook(const char *path, const pf_model *model, const pf_settings *settings,
                         const pf_results *results, const pf_workbook_options *options,
                         pf_workbook_result *result, pf_error_context *err);

/** The default output path for as_of: "reports/partner-recruitment-YYYY-MM-DD.xlsx" (written to out, which
 *  must hold 64 bytes). */
void render_workbook_default_path(pf_date as_of, char out[64]);

#endif
