/* generate.h — the synthetic CRM export: a plausible partner programme drawn from a seeded random generator
 * and written as partners.csv, deals.csv, costs.csv and partnerfunnel.ini (docs/definitions.md), canonical or
 * in the French Excel dialect, optionally with planted rejectable rows and their list (planted-rejects.csv).
 *
 * Owns: nothing between calls. generate_export() and generate_write() allocate their buffers, stream every
 * row as it is drawn (memory does not grow with the number of candidates, only with --bad-rows) and free
 * everything before returning. Borrows the options, the folder name and the file descriptors it is given.
 * The model and its parameters are documented in docs/generator.md.
 *
 * Determinism: the same options give byte-identical files. Only GSL's MT19937 is used, seeded from the
 * options (never from the environment); no clock, no locale, no address enters the output.
 */
#ifndef PARTNERFUNNEL_GENERATE_H
#define PARTNERFUNNEL_GENERATE_H

#include <stdbool.h>

#include "partnerfunnel/error.h"
#include "partnerfunnel/field.h"
#include "partnerfunnel/progress.h"

typedef enum pf_dialect {
    PF_DIALECT_CANONICAL = 0, /**< ',' LF UTF-8, ISO dates, 1234.56, canonical headers and enum words */
    PF_DIALECT_FR, /**< ';' CRLF Windows-1252, dd/mm/yyyy, "1 234,56 €", French headers and words */
} pf_dialect;

/** How partners, deals and costs are written (partnerfunnel.ini and planted-rejects.csv are always text). */
typedef enum pf_generate_format {
    PF_GENERATE_CSV = 0, /**< partners.csv, deals.csv, costs.csv in the dialect */
    PF_GENERATE_XLSX,    /**< partners.xlsx, deals.xlsx, costs.xlsx: one sheet each, dates and amounts as
                              typed cells, texts in UTF-8 (the dialect gives the headers and words only) */
} pf_generate_format;

#define PF_GENERATE_DEFAULT_SEED 42UL
#define PF_GENERATE_MAX_SEED 4294967295UL /**< GSL keeps only 32 bits of a seed */
#define PF_GENERATE_MAX_CANDIDATES 100000000UL
#define PF_GENERATE_MAX_BAD_ROWS 100000UL
/** Number of kinds of planted rejectable rows (docs/definitions.md "Rejected rows and warnings"): --bad-rows K
 *  plants K of each. */
#define PF_GENERATE_BAD_KINDS 13

typedef struct pf_generate_options {
    unsigned long candidates; /**< candidate partners to draw, >= 1 (planted rows come on top) */
    unsigned long seed;       /**< 1 .. PF_GENERATE_MAX_SEED (0 is refused: GSL would silently use 4357) */
    pf_date as_of;            /**< nothing is dated after it */
    pf_dialect dialect;
    unsigned long bad_rows; /**< planted rows of each kind, 0 .. PF_GENERATE_MAX_BAD_ROWS; CSV only */
    pf_generate_format format;
    pf_progress *progress; /**< progress line while the candidates are written (borrowed), NULL for none */
} pf_generate_options;

/** What was written (for the command's summary line and the tests). */
typedef struct pf_generate_stats {
    unsigned long partner_rows; /**< data rows of partners.csv, planted ones included */
    unsigned long deal_rows;
    unsigned long cost_rows;
    unsigned long signed_partners; /**< candidates with a signed_on date */
    unsigned long planted_rows;    /**< rows listed in planted-rejects.csv */
} pf_generate_stats;

/** The files of an export, in the order of the descriptors given to generate_write(). */
typedef enum pf_generate_file {
    PF_GENERATE_PARTNERS = 0,
    PF_GENERATE_DEALS,
    PF_GENERATE_COSTS,
    PF_GENERATE_SETTINGS, /**< partnerfunnel.ini, always UTF-8 */
    PF_GENERATE_PLANTED,  /**< planted-rejects.csv, UTF-8 canonical CSV; only when bad_rows > 0 */
    PF_GENERATE_FILE_COUNT
} pf_generate_file;

/** File names inside the output folder, indexed by pf_generate_file. */
extern const char *const pf_generate_file_names[PF_GENERATE_FILE_COUNT];

/** Defaults: 1000 candidates, seed 42, as of 2026-10-31, canonical CSV, no planted rows, no progress line. */
void generate_options_init(pf_generate_options *options);

/** Writes the whole export (as CSV, whatever options->format says) to the open descriptors fds[] (indexed by
 *  pf_generate_file; the planted one is ignored when options->bad_rows is 0), labelled labels[] in error
 *  messages. Does not close them.
 *  Errors: PF_ERROR_IO (a write failed: err->file is the label), PF_ERROR_MEMORY, PF_ERROR_INTERNAL (options
 *  out of range). stats may be NULL. */
pf_error generate_write(const pf_generate_options *options, const int fds[PF_GENERATE_FILE_COUNT],
                        const char *const labels[PF_GENERATE_FILE_COUNT], pf_generate_stats *stats,
                        pf_error_context *err);

/** Creates dir (and its missing parents), writes the export to temporary files dir/.NAME.XXXXXX and renames
 *  them over dir/NAME at the end; on failure no temporary file is left and no existing file is touched
 *  (a later file's rename failing can leave earlier ones replaced). With bad_rows 0 a stale
 *  planted-rejects.csv is removed. With PF_GENERATE_XLSX the three workbooks are written by the workbook
 *  layer (xlsx_book.h, constant-memory mode) inside the same output group, and a stale partners.csv,
 *  deals.csv or costs.csv (which the readers would take first) is removed. Errors: PF_ERROR_CANNOT_CREATE
 * (folder or file cannot be created or renamed), PF_ERROR_IO (write failed), PF_ERROR_MEMORY. stats may be
 * NULL. */
pf_error generate_export(const pf_generate_options *options, const char *dir, pf_generate_stats *stats,
                         pf_error_context *err);

#endif
