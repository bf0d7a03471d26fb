/* error.c — descriptions, exit statuses and formatting of pf_error. */
#include "partnerfunnel/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *pf_strerror(pf_error code)
{
    switch (code) {
    case PF_OK: return "no error";
    case PF_ERROR_USAGE: return "wrong command line";
    case PF_ERROR_DATA: return "input data cannot be used";
    case PF_ERROR_NO_INPUT: return "input file missing or unreadable";
    case PF_ERROR_CANNOT_CREATE: return "output cannot be created";
    case PF_ERROR_IO: return "input/output error";
    case PF_ERROR_CONFIG: return "settings error";
    case PF_ERROR_MEMORY: return "out of memory";
    case PF_ERROR_INTERNAL: return "internal error";
    }
    return "unknown error";
}

int pf_exit_status(pf_error code)
{
    switch (code) {
    case PF_OK: return 0;
    case PF_ERROR_USAGE: return 64;
    case PF_ERROR_DATA: return 65;
    case PF_ERROR_NO_INPUT: return 66;
    case PF_ERROR_CANNOT_CREATE: return 73;
    case PF_ERROR_IO: return 74;
    case PF_ERROR_CONFIG: return 78;
    case PF_ERROR_MEMORY: return 71;
    case PF_ERROR_INTERNAL: return 70;
    }
    return 70;
}

void pf_error_clear(pf_error_context *ctx)
{
    if (ctx)
        memset(ctx, 0, sizeof *ctx);
}

pf_error pf_error_set(pf_error_context *ctx, pf_error code, const char *file, long line, const char *column,
                      const char *fmt, ...)
{
    if (!ctx)
        return code;
    pf_error_clear(ctx);
    if (file)
        snprintf(ctx->file, sizeof ctx->file, "%s", file);
    ctx->line = line;
    if (column)
        snprintf(ctx->column, sizeof ctx->column, "%s", column);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->message, sizeof ctx->message, fmt, ap);
    va_end(ap);
    return code;
}

char *pf_error_format(const pf_error_context *ctx, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    if (ctx->file[0] && n < size)
        n += (size_t)snprintf(buf + n, size - n, "%s:", ctx->file);
    if (ctx->file[0] && ctx->line > 0 && n < size)
        n += (size_t)snprintf(buf + n, size - n, "%ld:", ctx->line);
    if (n > 0 && n < size)
        n += (size_t)snprintf(buf + n, size - n, " ");
    if (ctx->column[0] && n < size)
        n += (size_t)snprintf(buf + n, size - n, "column '%s': ", ctx->column);
    if (n < size)
        snprintf(buf + n, size - n, "%s", ctx->message);
    return buf;
}
