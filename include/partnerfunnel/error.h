/* error.h — the one error type of partnerfunnel and the context that travels with it.
 *
 * Owns: pf_error (a code per kind of failure, each mapped to one sysexits status) and pf_error_context
 * (file, line, column and a message pointing at the user's input). Borrows nothing.
 * Every module returns a pf_error and fills a caller-owned pf_error_context; only main.c prints or exits,
 * so every failure path can be unit-tested. Row-level problems are not errors: they are rejects (model.h). */
#ifndef PARTNERFUNNEL_ERROR_H
#define PARTNERFUNNEL_ERROR_H

#include <stddef.h>

typedef enum pf_error {
    /** Success. */
    PF_OK = 0,
    /** The command line is wrong (unknown option, missing argument): exit 64 (EX_USAGE). */
    PF_ERROR_USAGE,
    /** An input file is present but cannot be used (empty, no header, required column absent, not text,
     *  unterminated quote) or, with --strict, rows were rejected: exit 65 (EX_DATAERR). */
    PF_ERROR_DATA,
    /** An input file is missing or cannot be opened: exit 66 (EX_NOINPUT). */
    PF_ERROR_NO_INPUT,
    /** An output file or folder cannot be created: exit 73 (EX_CANTCREAT). */
    PF_ERROR_CANNOT_CREATE,
    /** Reading or writing failed part-way (disk full, I/O error): exit 74 (EX_IOERR). */
    PF_ERROR_IO,
    /** The settings file is wrong (unknown section or key, bad value): exit 78 (EX_CONFIG). */
    PF_ERROR_CONFIG,
    /** Memory ran out: exit 71 (EX_OSERR). */
    PF_ERROR_MEMORY,
    /** A bug in partnerfunnel (an invariant that does not hold): exit 70 (EX_SOFTWARE). */
    PF_ERROR_INTERNAL,
} pf_error;

/** Where an error happened and why, in the user's terms. All fields are owned by the struct. */
typedef struct pf_error_context {
    char file[1024];    /**< the user's file, "" when none */
    long line;          /**< 1-based physical line, 0 when none */
    char column[128];   /**< column name (as in the file), "" when none */
    char message[1024]; /**< what is wrong and, where useful, what to do */
} pf_error_context;

/** A short, constant description of a code ("bad input data"). Never NULL. */
const char *pf_strerror(pf_error code);

/** The sysexits status main() exits with for this code. */
int pf_exit_status(pf_error code);

/** Clears ctx to "no error". ctx may be NULL. */
void pf_error_clear(pf_error_context *ctx);

/** Fills ctx (when not NULL) and returns code, so callers can write `return pf_error_set(...)`.
 *  file and column may be NULL; message is printf-style. */
pf_error pf_error_set(pf_error_context *ctx, pf_error code, const char *file, long line, const char *column,
                      const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/** Formats ctx as the one line main prints after "partnerfunnel: ":
 *  "FILE:LINE: column 'C': MESSAGE" with the absent parts left out. Returns buf. */
char *pf_error_format(const pf_error_context *ctx, char *buf, size_t size);

#endif
