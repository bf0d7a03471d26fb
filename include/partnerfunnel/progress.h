/* progress.h — the progress line of long work (reading a big export, scoring a prospect database,
 * generating a large export): "scoring: 42%  120 of 300 MB  85 MB/s  1234567 rows  ETA 0:02" on stderr,
 * rewritten in place a few times a second and erased at the end, so the output that follows is clean.
 *
 * Owns: pf_progress, a caller-owned struct (no allocation, nothing to free). Borrows: the stream, and the
 * label given to progress_start() until the next progress_start() or progress_end().
 * The line is shown only when the stream is a terminal and the user did not ask for --quiet (decided once,
 * by progress_init()); otherwise every call is a no-op, so callers never test. Every function accepts a
 * NULL pf_progress as "no progress line". Not thread-safe: one thread updates a pf_progress.
 */
#ifndef PARTNERFUNNEL_PROGRESS_H
#define PARTNERFUNNEL_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

/** Seconds between two updates of the line. */
#define PF_PROGRESS_INTERVAL 0.25

typedef struct pf_progress {
    FILE *stream;             /**< NULL: disabled */
    const char *label;        /**< "scoring", a file name */
    unsigned long long total; /**< bytes the work will go through, 0 when unknown */
    struct timespec start, last;
    unsigned calls; /**< progress_update() calls since the clock was last read */
    size_t shown;   /**< width of the line on screen, 0 when none is */
} pf_progress;

/** Enables the line on stream when it is a terminal and quiet is false; disables it otherwise. */
void progress_init(pf_progress *progress, FILE *stream, bool quiet);

/** True when progress_init() enabled the line. */
bool progress_enabled(const pf_progress *progress);

/** Starts a phase of work called label over total bytes (0: unknown): the rate and the ETA count from now. */
void progress_start(pf_progress *progress, const char *label, unsigned long long total);

/** Reports bytes done and rows done. Cheap enough to call for every row: the clock is read every 256 calls
 *  and the line rewritten at most every PF_PROGRESS_INTERVAL seconds. */
void progress_update(pf_progress *progress, unsigned long long bytes, long rows);

/** Erases the line, if one is shown (call it before printing anything else on the terminal). */
void progress_end(pf_progress *progress);

/** Writes the text of the line to buf (NUL-terminated, cut to size) and returns its length. Pure:
 *  "LABEL: P%  D of T MB  R MB/s  N rows  ETA M:SS" when total > 0 and the rate is known, else
 *  "LABEL: D MB  R MB/s  N rows" (MB = 10^6 bytes). */
size_t progress_format(char *buf, size_t size, const char *label, unsigned long long bytes,
                       unsigned long long total, long rows, double seconds);

#endif
