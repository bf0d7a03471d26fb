/* render_shortlist.h — the views of a scoring run (docs/definitions.md "Scoring prospects"): the shortlist
 * workbook, the shortlist CSV for a CRM import, the JSON summary and the plain-text summary. Four views of one
 * pf_score_result, so they can never disagree; nothing here computes a figure.
 *
 * Owns nothing: borrows the result, the criteria and the run description during each call. Files are
 * written atomically (output.h); text from the input reaches the workbook only through
 * worksheet_write_string, never as a formula.
 */
#ifndef PARTNERFUNNEL_RENDER_SHORTLIST_H
#define PARTNERFUNNEL_RENDER_SHORTLIST_H

#include <jansson.h>
#include <stdio.h>

#include "partnerfunnel/error.h"
#include "partnerfunnel/reader.h"
#include "partnerfunnel/score.h"
#include "partnerfunnel/settings.h"
#include "partnerfunnel/units.h"

/** What was run, on what: everything the views show besides the figures. */
typedef struct pf_shortlist_run {
    const char *prospects_path;
    const char *sha256;      /**< hex digest of the prospect file, NULL when it could not be hashed (pipe) */
    unsigned long long size; /**< bytes, 0 for a pipe */
    char delimiter;          /**< as detected */
    pf_encoding encoding;    /**< as detected */
    const char *criteria_path;
    const char *partners_path; /**< NULL without --partners */
    size_t known_ids;          /**< distinct company ids read from the partners file */
    long partners_unreadable;  /**< partners rows whose company_id could not be read (too short, bad quote) */
    const char *settings_path; /**< NULL when no settings file was read */
    const char *id_column;     /**< the id column's name as in the header */
    const char *group_column;  /**< NULL without --group-by */
    size_t group_prefix;       /**< 0 = whole value */
    size_t top;                /**< K */
    pf_lang lang;              /**< labels of the workbook and of the text summary */
    const pf_shown *shown;     /**< the columns shown beside the score */
    const pf_units *units;     /**< the legal-unit join, NULL without --units */
    const char *link;          /**< URL template with {siren}, NULL or "" for no link */
} pf_shortlist_run;

/** The link of an entry: the template with every {siren} replaced by the SIREN of its id, in buf; "" when
 *  there is no template or the id has no SIREN. */
const char *render_shortlist_link(const pf_shortlist_run *run, const pf_shortlist_entry *entry, char *buf,
                                  size_t size);

/** The workbook: one sheet per profile (rank, id, score, ✓/✗ per criterion, the prospect's own columns),
 *  the elimination funnels with a bar chart each, eligible counts by group with a chart (with --group-by),
 *  and an About sheet (file, SHA-256, rows, criteria as used, rejected lines). Deterministic bytes: the
 *  document's creation time is fixed (2000-01-01T00:00:00Z). Errors: PF_ERROR_CANNOT_CREATE, PF_ERROR_IO,
 *  PF_ERROR_MEMORY. */
pf_error render_shortlist_workbook(const pf_score_result *result, const pf_criteria *criteria,
                                   const pf_shortlist_run *run, const char *path, pf_error_context *err);

/** The shortlists as one CSV for a CRM import: UTF-8 with a BOM, ',' delimited, LF line ends, point
 *  decimals; columns profile, rank, id, score (two decimals at most; each named "shortlist_<name>" instead
 *  when the prospect file has a column of that name), then the prospect's own columns under their own
 *  headers, values as read except that a formula-like text gets a leading apostrophe
 *  (render_csv_sheet_field()). Profiles in criteria order, each best first. "-" is stdout. */
pf_error render_shortlist_csv(const pf_score_result *result, const pf_shortlist_run *run, const char *path,
                              pf_error_context *err);

/** The JSON summary (docs/manual.md "score"): a new reference the caller owns. Scores are unrounded. */
json_t *render_shortlist_json(const pf_score_result *result, const pf_criteria *criteria,
                              const pf_shortlist_run *run);

/** The plain-text summary printed when no output file is asked for (and beside them otherwise). */
void render_shortlist_text(FILE *out, const pf_score_result *result, const pf_criteria *criteria,
                           const pf_shortlist_run *run);

#endif
