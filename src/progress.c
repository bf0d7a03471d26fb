/* progress.c — the progress line on a terminal (progress.h). */
#include "partnerfunnel/progress.h"

#include <string.h>
#include <unistd.h>

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void progress_init(pf_progress *progress, FILE *stream, bool quiet)
{
    memset(progress, 0, sizeof *progress);
    if (!quiet && stream && isatty(fileno(stream)) == 1)
        progress->stream = stream;
}

bool progress_enabled(const pf_progress *progress)
{
    return progress && progress->stream;
}

void progress_start(pf_progress *progress, const char *label, unsigned long long total)
{
    if (!progress_enabled(progress))
        return;
    progress->label = label;
    progress->total = total;
    progress->calls = 0;
    clock_gettime(CLOCK_MONOTONIC, &progress->start);
    progress->last = progress->start;
}

size_t progress_format(char *buf, size_t size, const char *label, unsigned long long bytes,
                       unsigned long long total, long rows, double seconds)
{
    double mb = (double)bytes / 1e6;
    double rate = seconds > 0 ? mb / seconds : 0;
    int len;
    if (total > 0 && rate > 0) {
        double left = ((double)total / 1e6 - mb) / rate;
        if (left < 0)
            left = 0;
        len = snprintf(buf, size, "%s: %.0f%%  %.0f of %.0f MB  %.0f MB/s  %ld rows  ETA %d:%02d", label,
                       100.0 * (double)bytes / (double)total, mb, (double)total / 1e6, rate, rows,
                       (int)(left / 60), (int)left % 60);
    } else {
        len = snprintf(buf, size, "%s: %.0f MB  %.0f MB/s  %ld rows", label, mb, rate, rows);
    }
    if (len < 0)
        len = 0;
    if (size == 0)
        return 0;
    return (size_t)len < size ? (size_t)len : size - 1;
}

void progress_update(pf_progress *progress, unsigned long long bytes, long rows)
{
    if (!progress_enabled(progress) || (progress->calls++ & 255) != 0)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (seconds_between(&progress->last, &now) < PF_PROGRESS_INTERVAL)
        return;
    progress->last = now;
    char line[160];
    size_t len = progress_format(line, sizeof line, progress->label, bytes, progress->total, rows,
                                 seconds_between(&progress->start, &now));
    /* pad over the end of a longer previous line */
    int pad = progress->shown > len ? (int)(progress->shown - len) : 0;
    fprintf(progress->stream, "\r%s%*s", line, pad, "");
    fflush(progress->stream);
    if (len > progress->shown)
        progress->shown = len;
}

void progress_end(pf_progress *progress)
{
    if (!progress_enabled(progress) || progress->shown == 0)
        return;
    fprintf(progress->stream, "\r%*s\r", (int)progress->shown, "");
    fflush(progress->stream);
    progress->shown = 0;
}
