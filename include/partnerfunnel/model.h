/* model.h — a CRM export in memory: partners, deals and costs, with every rejected row and every warning.
 *
 * Owns: pf_model and everything reachable from it. All strings (ids, names, interned category / market /
 * source / recruiter values, reject and warning texts) live in the model's arena and stay valid until
 * model_clear(); nothing inside is freed one by one. Borrows: the settings passed to model_load() only
 * during the call; paths are copied.
 *
 * Loading follows docs/definitions.md "Rejected rows and warnings": a row that cannot be read is rejected (kept
 * out of every figure, listed in rejects[] with file, line, column, reason and raw text); a suspicious but
 * readable row is kept with a warning; a file that cannot be used at all stops the load with an error. For
 * every file rows_read = rows_accepted + rows_rejected.
 *
 * A CRM's report export may wrap the data in report lines: title lines before the header ("Partner
 * accounts", "Filtered By: ...": lines with at most two filled fields, up to ten, before the first line
 * that maps as the header) and a footer after the data (one-field rows such as "Grand Totals (3000
 * records)", confidentiality and copyright notices, after a blank line or starting with a total). Both are
 * skipped and counted (preamble_lines, footer_lines), not rejected and not in rows_read; a footer is only a
 * block at the very end, so a one-field row followed by data is still a reject. A footer stating a record
 * count that differs from rows_read adds a warning (the export may be cut short).
 *
 * Order of checks for a row, first failure wins: field count; then each column left to right (required
 * value present, value parses, a date from 1900 on, enum value known, amount not negative); then, once the
 * whole column has been seen, impossible dates (the day-first/month-first decision is made per column); then
 * duplicate ids (the first *accepted* occurrence is kept); then, for deals and costs, the partner must exist
 * among the accepted partners.
 */
#ifndef PARTNERFUNNEL_MODEL_H
#define PARTNERFUNNEL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "partnerfunnel/arena.h"
#include "partnerfunnel/error.h"
#include "partnerfunnel/field.h"
#include "partnerfunnel/progress.h"
#include "partnerfunnel/reader.h"
#include "partnerfunnel/schema.h"
#include "partnerfunnel/settings.h"

/** The dated steps of a partner's life, in process order (index into pf_partner.dates). */
typedef enum pf_step {
    PF_STEP_LISTED = 0,
    PF_STEP_APPROACHED,
    PF_STEP_APPLIED,
    PF_STEP_COMMITTEE,
    PF_STEP_SIGNED,
    PF_STEP_KICKOFF,
    PF_STEP_BUSINESS_PLAN,
    PF_STEP_TECH_AUTONOMY,
    PF_STEP_SALES_AUTONOMY,
    PF_STEP_ENDED,
    PF_STEP_COUNT
} pf_step;

/** The pf_column of each step's date. */
extern const pf_column pf_step_columns[PF_STEP_COUNT];

typedef struct pf_partner {
    const char *id;   /**< partner_id, never empty */
    const char *name; /**< "" when absent (same for every text below) */
    const char *company_id;
    const char *category;         /**< interned: equal values share one pointer */
    const char *market;           /**< interned */
    const char *source;           /**< interned */
    const char *recruiter;        /**< interned */
    pf_date dates[PF_STEP_COUNT]; /**< PF_DATE_NONE when empty or the column is absent */
    double recruitment_cost;      /**< NAN when empty or absent */
    double onboarding_cost;       /**< NAN when empty or absent */
    const char **extra;           /**< values of the file's unknown columns (pf_input.extra_count of them) */
    long line;                    /**< line in partners.csv */
    uint32_t first_deal;          /**< this partner's deals are deals[first_deal .. first_deal + deal_count) */
    uint32_t deal_count;
    uint32_t first_cost; /**< this partner's cost lines are costs[first_cost .. first_cost + cost_count) */
    uint32_t cost_count;
    uint8_t decision; /**< pf_decision */
} pf_partner;

typedef struct pf_deal {
    const char *id;
    uint32_t partner;  /**< index into partners */
    uint8_t status;    /**< pf_deal_status */
    pf_date closed_on; /**< PF_DATE_NONE for open deals without a date */
    double amount;     /**< NAN when empty or absent */
    long line;
} pf_deal;

typedef struct pf_cost {
    pf_date date;
    int64_t partner;      /**< index into partners, -1 for programme overhead */
    const char *category; /**< interned, "" when absent */
    double amount;
    long line;
} pf_cost;

typedef struct pf_reject {
    pf_file_kind file;
    long line;
    const char *column; /**< the header as in the file, "" for whole-row problems */
    const char *reason;
    const char *raw; /**< the row's text, converted to UTF-8 */
} pf_reject;

typedef struct pf_warning {
    pf_file_kind file;
    long line;
    const char *column;
    const char *message;
} pf_warning;

/** One input file: where it came from, what was detected, and its row accounting. */
typedef struct pf_input {
    bool present;    /**< false: optional file not given and not found */
    char *path;      /**< as given or as found (owned) */
    char sha256[65]; /**< hex digest of the file's bytes; "" when loaded with pf_settings.no_digests */
    unsigned long long size;
    pf_reader_info info;                     /**< delimiter, encoding, BOM, CRLF */
    pf_date_order date_orders[PF_COL_COUNT]; /**< order used for each date column's slash dates (DMY/MDY) */
    bool slash_dates[PF_COL_COUNT]; /**< the column held at least one A/B/YYYY date (rejected rows included) */
    char decimal_mark;              /**< ',' or '.' */
    long rows_read;
    long rows_accepted;
    long rows_rejected;
    long warnings;
    long preamble_lines;            /**< report title lines skipped before the header (see model_load()) */
    long footer_lines;              /**< report footer lines skipped after the data: totals and notices */
    long footer_line;               /**< line of the footer's first line, 0 when none */
    long footer_records;            /**< the record count the footer states ("Grand Totals (3000 records)"):
                                         the first one other than rows_read when a row states one, else the
                                         first; -1 when it states none (set only when footer_lines > 0) */
    int column_index[PF_COL_COUNT]; /**< field index of each canonical column of this file, -1 if absent */
    pf_column_source column_sources[PF_COL_COUNT]; /**< how each column of this file was found */
    const char **headers;                          /**< the header as in the file */
    size_t header_count;
    const int *extra_index; /**< field indexes of unknown columns */
    size_t extra_count;
} pf_input;

typedef struct pf_model {
    pf_arena *arena;
    pf_intern *strings;
    pf_input inputs[PF_FILE_COUNT];
    pf_partner *partners; /**< accepted partners, in file order */
    size_t partner_count;
    pf_deal *deals; /**< accepted deals, grouped by partner (file order within a partner) */
    size_t deal_count;
    pf_cost *costs; /**< accepted costs: per-partner lines grouped by partner, then overhead */
    size_t cost_count;
    pf_reject *rejects; /**< ordered by file, then line */
    size_t reject_count;
    pf_warning *warnings; /**< ordered by file, then line */
    size_t warning_count;
    struct pf_id_index *partner_index; /**< partner id -> index while loading, then NULL (private) */
    pf_progress *progress;             /**< model_load_progress()'s while it runs, else NULL (private) */
} pf_model;

/** Where to read from: a folder (partners.csv, deals.csv, costs.csv inside), and/or explicit files that
 *  override the folder's. Unset fields are NULL. */
typedef struct pf_model_paths {
    const char *dir;
    const char *files[PF_FILE_COUNT];
} pf_model_paths;

void model_init(pf_model *model);
/** Frees everything the model owns and re-initialises it. */
void model_clear(pf_model *model);

/** Loads the export. partners is required: missing → PF_ERROR_NO_INPUT; deals and costs are optional
 *  when read from a folder, but an explicitly named file must exist. File-level errors (empty, no header,
 *  required column absent, more than PF_INPUT_COLUMNS_MAX columns, not text, unterminated quote, read
 *  error) stop the load with err filled and the model cleared. A setting that would do nothing is
 *  PF_ERROR_CONFIG at its settings line: a [columns] entry whose header a file lacks when that file has no
 *  column of the canonical name either (unless another file sharing the name, as partner_id, uses the
 *  entry), naming the file's closest header; [values] synonyms of a column the file lacks. Headers are
 *  matched, after text_fold(), against the [columns] header, then the canonical name, then the built-in
 *  English and French names (schema.h); two headers for one column are PF_ERROR_DATA naming both, and so
 *  is an amount header whose currency ("Montant (USD)") is not the settings' currency. A partners.csv
 *  that exists but cannot be opened (a symbolic link loop, no permission) gives its own error. */
pf_error model_load(pf_model *model, const pf_model_paths *paths, const pf_settings *settings,
                    pf_error_context *err);

/** Where a reject or warning of input in is, for messages: the sheet and cell of a workbook ("Partners!C7",
 *  or "Partners!7:7" for the whole row; column is the header as in the file, "" for none), else "" (a text
 *  file's line speaks for itself). Returns out. */
const char *model_cell(const pf_input *in, long line, const char *column, char *out, size_t size);

/** model_load() showing progress (borrowed, NULL for none) while each file is read. */
pf_error model_load_progress(pf_model *model, const pf_model_paths *paths, const pf_settings *settings,
                             pf_progress *progress, pf_error_context *err);

/** Index of the partner with this id, -1 when none. Linear in the partners: the id index that the deals'
 *  and costs' lookups use lives only while model_load() runs. */
long model_find_partner(const pf_model *model, const char *id);

#endif
