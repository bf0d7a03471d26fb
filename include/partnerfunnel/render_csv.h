/* render_csv.h — the canonical CSV view of a model: the accepted rows of each file as UTF-8, ',' delimited,
 * LF, ISO dates, point decimals, canonical column names and enum values (docs/definitions.md "Input files and
 * columns"). Written by `validate --clean-dir`, so that the same export in any dialect gives byte-identical
 * files.
 *
 * Owns nothing; borrows the model during the call.
 */
#ifndef PARTNERFUNNEL_RENDER_CSV_H
#define PARTNERFUNNEL_RENDER_CSV_H

#include <stdbool.h>
#include <stdio.h>

#include "partnerfunnel/error.h"
#include "partnerfunnel/model.h"

/** Writes DIR/partners.csv, deals.csv, costs.csv (the files that were read), each atomically; creates DIR
 *  if missing. Columns: the file's canonical columns in schema.h order, then its unknown columns (partners
 *  only) under their own headers. Rows in the order of the input file. */
pf_error render_csv_clean(const pf_model *model, const char *dir, pf_error_context *err);

/** Writes one CSV field (quoted when it holds ',', '"', CR, LF or surrounding blanks). */
void render_csv_field(FILE *out, const char *text);

/** Writes a money amount canonically: "1234.50" (two decimals when whole cents, else up to 15 significant
 *  digits); nothing for NAN. */
void render_csv_money(FILE *out, double amount);

#endif
