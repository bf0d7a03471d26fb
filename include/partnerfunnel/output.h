/* output.h — atomic output files: written under a temporary name in the target's folder, renamed over the
 * target only when complete, so a failed run leaves the previous file untouched and no temporary behind.
 *
 * Owns: pf_output (the temporary path and, for stream outputs, the FILE). The path given to output_open()
 * is copied. "-" means standard output (written directly, never renamed, not closed here). A path that
 * exists and is not a regular file (/dev/stdout, /dev/full, a FIFO) is written directly too: a device
 * cannot be replaced by rename.
 * Atomic against a failing run, not against a power cut: there is no fsync (on a freshly written 200 MB
 * export, the journal flush it forces was measured at 20 s).
 */
#ifndef PARTNERFUNNEL_OUTPUT_H
#define PARTNERFUNNEL_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "partnerfunnel/error.h"

typedef struct pf_output {
    char *path;      /**< the final path (owned) */
    char *temp_path; /**< the temporary file beside it (owned), NULL for stdout */
    FILE *file;      /**< open stream (output_open), or NULL (output_reserve) */
    bool is_stdout;
} pf_output;

/** Opens a temporary file beside path (or path itself when it is a device or pipe) for writing through
 *  out->file. Errors: PF_ERROR_CANNOT_CREATE with
 *  the reason ("cannot create: Permission denied"). */
pf_error output_open(pf_output *out, const char *path, pf_error_context *err);

/** Creates (empty) and reserves a temporary file beside path for a library that writes by file name
 *  (out->temp_path); out->file stays NULL. */
pf_error output_reserve(pf_output *out, const char *path, pf_error_context *err);

/** Flushes, closes and renames the temporary over path. On failure (PF_ERROR_IO: "write error: No
 *  space left on device"; PF_ERROR_CANNOT_CREATE: the rename) the temporary is removed. Always leaves out
 *  cleared. */
pf_error output_commit(pf_output *out, pf_error_context *err);

/** Closes and removes the temporary; the target is untouched. Safe on a cleared or zeroed pf_output. */
void output_abort(pf_output *out);

/** Creates folder path if missing (one level; its parent must exist). PF_ERROR_CANNOT_CREATE on failure. */
pf_error output_make_dir(const char *path, pf_error_context *err);

#endif
