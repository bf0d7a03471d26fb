/* output.h — output files: written under a temporary name in the target's folder, renamed over the target
 * only when complete, so a failed or interrupted run leaves the previous file untouched and no temporary
 * behind.
 *
 * Owns: pf_output (the final and temporary paths and, for stream outputs, the FILE); the paths given are
 * copied. Module state, on purpose: the list of the run's temporaries (the signal handler must find them
 * without allocating), the run's inputs (output_protect_input) and the outputs of an open group.
 *
 * Where an output may go:
 *  - "-" means standard output (written directly, never renamed, not closed here), where a command
 *    documents it;
 *  - a symbolic link is followed to its target (as the shell's '>' does), which is replaced atomically from
 *    a temporary in the target's own folder; the link stays;
 *  - a target that exists and is not a regular file (a folder, a device such as /dev/full or /dev/null, a
 *    FIFO, a socket) is refused: PF_ERROR_CANNOT_CREATE, nothing written — rename() would replace the
 *    device node by a regular file;
 *  - a target that is an input of the run (the same device and inode, or for a target that does not exist
 *    yet the same real path) is refused the same way: an output never replaces the data it was made from.
 *
 * All or nothing: between output_group_begin() and output_group_commit(), output_commit() only completes
 * its file (flushed, closed, checked); output_group_commit() renames them all, output_group_abort() removes
 * them all. A command with several outputs thus changes none of them when one fails.
 *
 * Signals: after output_handle_signals(), SIGINT, SIGTERM and SIGHUP remove every temporary of the run
 * (unlink() only: async-signal-safe) and the signal is raised again, so the exit status says so (130, 143).
 * Atomic against a failing run, not against a power cut: there is no fsync (on a freshly written 200 MB
 * export, the journal flush it forces was measured at 20 s).
 */
#ifndef PARTNERFUNNEL_OUTPUT_H
#define PARTNERFUNNEL_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "partnerfunnel/error.h"

/** Temporaries a run may hold at once (a workbook, a JSON, a CSV, three clean files, ...). */
#define PF_OUTPUT_MAX 16

typedef struct pf_output {
    char *path;      /**< the final path (owned): the symbolic link's target when path was a link */
    char *temp_path; /**< the temporary file beside it (owned), NULL for stdout */
    FILE *file;      /**< open stream (output_open), or NULL (output_reserve) */
    bool is_stdout;
    int slot; /**< 1 + the temporary's place in the run's list (signals), 0 when none */
} pf_output;

/** Opens a temporary file beside path (see above for "-", links, and refused targets) for writing through
 *  out->file. Errors: PF_ERROR_CANNOT_CREATE with the reason ("cannot create: Permission denied", "is a
 *  device, not a file: nothing written", "is an input of this run: nothing written"), PF_ERROR_MEMORY. */
pf_error output_open(pf_output *out, const char *path, pf_error_context *err);

/** The same for a writer that works by file name (out->temp_path, created empty); out->file stays NULL.
 *  "-" is refused (PF_ERROR_CANNOT_CREATE). */
pf_error output_reserve(pf_output *out, const char *path, pf_error_context *err);

/** Flushes, closes and checks the temporary, then renames it over the target (or, inside a group, leaves
 *  it for output_group_commit). On failure (PF_ERROR_IO: "cannot write: No space left on device in
 *  /folder"; PF_ERROR_CANNOT_CREATE: the rename) the temporary is removed. Always leaves out cleared. */
pf_error output_commit(pf_output *out, pf_error_context *err);

/** Closes and removes the temporary; the target is untouched. Safe on a cleared or zeroed pf_output. */
void output_abort(pf_output *out);

/** "cannot write: <reason> in <folder of path>" for errno value error, into err as PF_ERROR_IO. */
pf_error output_write_error(const char *path, int error, pf_error_context *err);

/** The checks output_open() will make on path (a refused target, an input), made early so that a command
 *  stops before its work rather than after; "-" and NULL pass. Nothing is created. */
pf_error output_check_target(const char *path, pf_error_context *err);

/** Starts a group: until output_group_commit() or output_group_abort(), committed outputs wait. */
void output_group_begin(void);
/** Renames every output of the group over its target, in the order they were committed; on a failure the
 *  ones not yet renamed are removed. Ends the group. */
pf_error output_group_commit(pf_error_context *err);
/** Removes every output of the group; no target changes. Ends the group. Safe without a group. */
void output_group_abort(void);

/** Records path as an input of the run: no output may replace it (compared by device and inode, and by
 *  real path). A path that cannot be examined ("-", missing) is ignored. PF_ERROR_MEMORY. */
pf_error output_protect_input(const char *path, pf_error_context *err);
/** Forgets the inputs recorded (tests, or a process that runs several commands). */
void output_forget_inputs(void);

/** Installs the handlers of SIGINT, SIGTERM and SIGHUP that remove the run's temporaries (a signal
 *  ignored when the program starts, as under nohup, stays ignored). */
void output_handle_signals(void);

/** Creates folder path if missing (one level; its parent must exist). PF_ERROR_CANNOT_CREATE on failure. */
pf_error output_make_dir(const char *path, pf_error_context *err);

#endif
