/* fuzz_util.h — what the libFuzzer targets of tests/fuzz/ share: the program's file-based entry points are
 * fed through real files in a private temporary folder (one per process, removed at exit), and an input
 * that holds several files is split on a separator line.
 *
 * Owns: the temporary folder and the files written into it. Borrows nothing. */
#ifndef PARTNERFUNNEL_FUZZ_UTIL_H
#define PARTNERFUNNEL_FUZZ_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/** Separates the files of a multi-file input: "criteria\n%%\nprospects". */
#define FUZZ_SEPARATOR "\n%%\n"

static char fuzz_dir[64];

static inline void fuzz_remove_dir(void)
{
    char command[128];
    snprintf(command, sizeof command, "rm -rf '%s'", fuzz_dir);
    if (system(command) != 0)
        fprintf(stderr, "fuzz: could not remove %s\n", fuzz_dir);
}

/* The private folder, created on first use (in /dev/shm when there is one: the targets write a file per run).
 */
static inline const char *fuzz_tmpdir(void)
{
    if (fuzz_dir[0])
        return fuzz_dir;
    snprintf(fuzz_dir, sizeof fuzz_dir, "%s/pf-fuzz.XXXXXX",
             access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(fuzz_dir)) {
        perror("fuzz: mkdtemp");
        abort();
    }
    atexit(fuzz_remove_dir);
    return fuzz_dir;
}

/* Writes size bytes to NAME in the private folder (replacing it) and puts its path in path. */
static inline void fuzz_write(const char *name, const unsigned char *data, size_t size, char *path,
                              size_t path_size)
{
    snprintf(path, path_size, "%s/%s", fuzz_tmpdir(), name);
    FILE *f = fopen(path, "wb");
    if (!f || (size > 0 && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror("fuzz: write");
        abort();
    }
}

/* Removes NAME from the private folder, if there. */
static inline void fuzz_unlink(const char *name)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", fuzz_tmpdir(), name);
    unlink(path);
}

/* Splits data at the first FUZZ_SEPARATOR: the part before in *first, the rest in *rest (NULL, 0 when the
 * separator is absent: the whole input is the first part). */
static inline void fuzz_split(const unsigned char *data, size_t size, const unsigned char **first,
                              size_t *first_size, const unsigned char **rest, size_t *rest_size)
{
    size_t sep = strlen(FUZZ_SEPARATOR);
    *first = data;
    *first_size = size;
    *rest = NULL;
    *rest_size = 0;
    for (size_t i = 0; i + sep <= size; i++) {
        if (memcmp(data + i, FUZZ_SEPARATOR, sep) == 0) {
            *first_size = i;
            *rest = data + i + sep;
            *rest_size = size - i - sep;
            return;
        }
    }
}

#endif
