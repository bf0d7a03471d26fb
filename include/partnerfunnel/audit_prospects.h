/* audit_prospects.h — the audit's first rubric with a prospect file (`audit --prospects F --criteria F`):
 * eligible prospects per profile of the criteria table, and how many are already known to the CRM, from one
 * streamed pass over the file as `score` makes (score.h: the same definitions, "Scoring prospects" in
 * docs/definitions.md).
 *
 * Owns: pf_audit_prospects and everything in it (the compiled criteria, the score result), freed by
 * audit_prospects_clear(). Borrows the model (its partners' company_id are the known ids, copied) and the
 * settings during audit_prospects_load() only. Memory does not grow with the file: the shortlists are one
 * entry long, only the counts are kept.
 */
#ifndef PARTNERFUNNEL_AUDIT_PROSPECTS_H
#define PARTNERFUNNEL_AUDIT_PROSPECTS_H

#include <stdbool.h>

#include "partnerfunnel/error.h"
#include "partnerfunnel/model.h"
#include "partnerfunnel/score.h"
#include "partnerfunnel/settings.h"

typedef struct pf_audit_prospects {
    bool present;           /**< a prospect file was read */
    const char *path;       /**< borrowed from the caller (argv) */
    char sha256[65];        /**< "" when the hash could not be taken */
    pf_criteria criteria;   /**< profile names live here */
    pf_score_result result; /**< per profile: eligible, known (result.profiles[k].profile->name) */
} pf_audit_prospects;

void audit_prospects_init(pf_audit_prospects *prospects);
/** Frees everything and makes it empty again; NULL is a no-op. */
void audit_prospects_clear(pf_audit_prospects *prospects);

/** Streams the prospect file at path once against the criteria table at criteria_path; id_column names the
 *  prospects' id column (NULL: the first column); the known ids are the model's partners' company_id.
 *  Errors: those of `score` for the same files (criteria table, reader, unknown column, memory). */
pf_error audit_prospects_load(pf_audit_prospects *prospects, const char *path, const char *criteria_path,
                              const char *id_column, const pf_model *model, const pf_settings *settings,
                              pf_error_context *err);

#endif
