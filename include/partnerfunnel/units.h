/* units.h — the legal-unit join of `score --units` (docs/definitions.md "Legal units"): after the scoring
 * pass, one streaming pass over a legal-unit file (INSEE's StockUniteLegale, or any file with a SIREN column
 * and SIRENE's legal name columns) fills, for the prospects of the shortlists and known lists only, the
 * legal name, the legal category and the legal-unit columns asked for.
 *
 * Owns: pf_units — the sorted SIRENs wanted (at most 2 × K × profiles: memory follows the shortlists, never
 * the file), one pf_legal_unit each, their strings in its arena; freed by units_free().
 * Borrows: the score result during units_join(); afterwards the result's entries point (legal_unit) into
 * the pf_units, which must outlive the result's use.
 */
#ifndef PARTNERFUNNEL_UNITS_H
#define PARTNERFUNNEL_UNITS_H

#include <stdbool.h>
#include <stddef.h>

#include "partnerfunnel/arena.h"
#include "partnerfunnel/error.h"
#include "partnerfunnel/reader.h"
#include "partnerfunnel/score.h"
#include "partnerfunnel/settings.h"

/** The legal-unit file's key column when [score] units_key does not name one. */
#define PF_UNITS_DEFAULT_KEY "siren"

typedef enum pf_unit_status {
    PF_UNIT_FOUND = 0,  /**< the SIREN's line was found */
    PF_UNIT_RESTRICTED, /**< found, diffusion-restricted (statutDiffusionUniteLegale = P): the name is "[ND]" */
    PF_UNIT_MISSING,    /**< the SIREN is not in the file */
    PF_UNIT_NO_SIREN,   /**< the prospect's id has no SIREN (not 9 digits first) */
} pf_unit_status;

/** "found", "restricted", "missing", "no_siren" (the JSON's legal_unit values), indexed by pf_unit_status. */
extern const char *const pf_unit_status_names[];

/** What the legal-unit file says of one SIREN. Strings live in the pf_units. */
typedef struct pf_legal_unit {
    pf_unit_status status;
    const char *legal_name;     /**< docs/definitions.md "Legal units"; "[ND]" when restricted, "" when none */
    const char *legal_category; /**< categorieJuridiqueUniteLegale, "" when none or no such column */
    const char **shown;         /**< [pf_units.shown_count] values of the units_show columns, "" when none */
} pf_legal_unit;

typedef struct pf_units {
    pf_arena *arena;
    const char *path;
    const char *key_column;   /**< the key column's header as in the file */
    const char **shown_names; /**< the units_show columns' headers as in the file */
    size_t shown_count;
    bool has_category;  /**< the file has categorieJuridiqueUniteLegale */
    long rows_read;     /**< data records of the file */
    const char *sha256; /**< SHA-256 of the file's bytes (64 hex digits), NULL when the reader had none */
    long duplicates;    /**< records of a wanted SIREN after its first one (the first wins) */
    long missing;       /**< wanted SIRENs the file does not hold */
    long restricted;    /**< wanted SIRENs found diffusion-restricted */
    /* the SIRENs wanted, sorted, and their legal units */
    unsigned long *sirens;
    pf_legal_unit *units;
    size_t count;
} pf_units;

/** Reads path (any file the reader reads: CSV, UTF-16, .xlsx; encoding and sheet as in settings) once and
 *  fills the legal unit of every entry of the result's shortlists and known lists (entry->legal_unit).
 *  The key column is settings->units_key (default "siren"); the shown columns settings->units_show
 *  (comma-separated, default trancheEffectifsUniteLegale when the file has it). Errors: those of
 *  reader_open() and reader_next(); PF_ERROR_DATA at the header line when the key column, both
 *  denominationUniteLegale and nomUniteLegale, or a units_show column is missing (the message lists the
 *  file's columns); PF_ERROR_MEMORY. *out is NULL on error. */
pf_error units_join(const char *path, const pf_settings *settings, pf_score_result *result, pf_units **out,
                    pf_error_context *err);

/** Opens path and checks its header as units_join() would (same errors, nothing else read), so that a
 *  mistake stops the run before the prospects are scored. */
pf_error units_check(const char *path, const pf_settings *settings, pf_error_context *err);

/** NULL is a no-op. */
void units_free(pf_units *units);

/** The legal name from SIRENE's cells (NULL or "" = empty; docs/definitions.md "Legal units"): the
 *  denomination when there is one, else "FIRST SURNAME" with the usual first name (else the first one) and
 *  the usage surname followed by the birth surname in brackets when both are set and differ (else the one
 *  set); "[ND]" when restricted. Written to out (size bytes, NUL-terminated, cut on a UTF-8 boundary). */
void units_legal_name(const char *denomination, const char *surname, const char *usage_surname,
                      const char *first_name, const char *usual_first_name, bool restricted, char *out,
                      size_t size);

#endif
