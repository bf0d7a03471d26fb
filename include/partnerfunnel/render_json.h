/* render_json.h — the JSON view of a run (docs/manual.md "The JSON summary"), built with jansson.
 *
 * Owns nothing: each builder returns a new json_t reference the caller owns (json_decref). Figures that
 * cannot be computed (NAN) become null, never 0 or NaN. Numbers are written with 17 significant digits so
 * a reader gets back exactly the double we computed.
 */
#ifndef PARTNERFUNNEL_RENDER_JSON_H
#define PARTNERFUNNEL_RENDER_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "partnerfunnel/error.h"
#include "partnerfunnel/model.h"

/* Builders of the render_*json.c files keep a local `bool ok`: PF_JSON_PUT and PF_JSON_APPEND add a new
 * reference to an object or an array (jansson takes it, and releases it on failure) and clear ok when that
 * fails; render_json_done(value, ok) then returns value, or releases it and returns NULL. */
#define PF_JSON_PUT(object, key, value) (ok &= json_object_set_new((object), (key), (value)) == 0)
#define PF_JSON_APPEND(array, value) (ok &= json_array_append_new((array), (value)) == 0)

/** value when ok and value is not NULL (an allocation that failed), else NULL after releasing value. */
json_t *render_json_done(json_t *value, bool ok);
/** A count, or null when it cannot be computed (PF_COUNT_UNKNOWN). */
json_t *render_json_count(long value);
/** A real, or null when value is not finite. */
json_t *render_json_number(double value);
/** An ISO date string, or null for PF_DATE_NONE. */
json_t *render_json_date(pf_date date);

/** "inputs": {partners|deals|costs: {path, sha256, rows_read, rows_accepted, rows_rejected, warnings, ...}};
 *  a file that was not read has "present": false and null path and hash. */
json_t *render_json_inputs(const pf_model *model);
/** "rejects": [{file, line, column, reason, raw}] in file then line order. */
json_t *render_json_rejects(const pf_model *model);
/** "warnings": [{file, line, column, message}]. */
json_t *render_json_warnings(const pf_model *model);

/** Writes root to path ("-" = stdout) atomically, indented, keys in insertion order, ending with a
 *  newline. root NULL (what a builder returns when an allocation failed) is PF_ERROR_MEMORY, nothing
 *  written. */
pf_error render_json_write(const json_t *root, const char *path, pf_error_context *err);

#endif
