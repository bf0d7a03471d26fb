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

/** True when a spreadsheet opening the CSV would take text for a formula: its first character other than
 *  a space is '=', '+', '-' or '@' and it is not plainly a number ("-12.5", "+3,5", "1e-3" are numbers;
 *  "-1+1", "=1", "@SUM(1)" are not), or it starts with a TAB or a CR. */
bool render_csv_formula_like(const char *text);

/** Writes one CSV field of a file meant to be opened in a spreadsheet (or imported into a CRM): as
 *  render_csv_field(), but a formula-like text (render_csv_formula_like()) gets a leading apostrophe, as
 *  OWASP recommends against CSV injection, so that the spreadsheet shows it as text and never runs it.
 *  `validate --clean-dir` does not use it: its files are data for programs and keep every text as read. */
void render_csv_sheet_field(FILE *out, const char *text);

/** Writes a money amount canonically: "1234.50" (two decimals when whole cents, else up to 15 significant
 *  digits); nothing for NAN. */
void render_csv_money(FILE *out, double amount);

#endif
