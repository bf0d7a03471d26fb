/* output.c — temporary file beside the target, then rename(2): atomic on POSIX file systems. */
#include "partnerfunnel/output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static pf_error make_temp(pf_output *out, const char *path, pf_error_context *err)
{
    memset(out, 0, sizeof *out);
    out->path = strdup(path);
    if (!out->path)
        return pf_error_set(err, PF_ERROR_MEMORY, path, 0, NULL, "out of memory");
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    size_t size = dir_len + strlen(base) + 16;
    out->temp_path = malloc(size);
    if (!out->temp_path) {
        free(out->path);
        out->path = NULL;
        return pf_error_set(err, PF_ERROR_MEMORY, path, 0, NULL, "out of memory");
    }
    snprintf(out->temp_path, size, "%.*s.%s.XXXXXX", (int)dir_len, path, base);
    int fd = mkstemp(out->temp_path);
    if (fd < 0) {
        int saved = errno;
        free(out->path);
        free(out->temp_path);
        memset(out, 0, sizeof *out);
        return pf_error_set(err, PF_ERROR_CANNOT_CREATE, path, 0, NULL, "cannot create: %s", strerror(saved));
    }
    /* mkstemp creates 0600; outputs are ordinary files */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    close(fd);
    return PF_OK;
}

pf_error output_open(pf_output *out, const char *path, pf_error_context *err)
{
    memset(out, 0, sizeof *out);
    if (strcmp(path, "-") == 0) {
        out->file = stdout;
        out->is_stdout = true;
        return PF_OK;
    }
    /* A device or a pipe (/dev/stdout, /dev/full, a FIFO) cannot be replaced by rename: write to it. */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode))
            return pf_error_set(err, PF_ERROR_CANNOT_CREATE, path, 0, NULL, "cannot create: Is a directory");
        out->path = strdup(path);
        out->file = out->path ? fopen(path, "wb") : NULL;
        if (!out->file) {
            int saved = errno;
            free(out->path);
            out->path = NULL;
            return pf_error_set(err, PF_ERROR_CANNOT_CREATE, path, 0, NULL, "cannot open: %s", strerror(saved));
        }
        return PF_OK;
    }
    pf_error code = make_temp(out, path, err);
    if (code != PF_OK)
        return code;
    out->file = fopen(out->temp_path, "wb");
    if (!out->file) {
        int saved = errno;
        output_abort(out);
        return pf_error_set(err, PF_ERROR_CANNOT_CREATE, path, 0, NULL, "cannot create: %s", strerror(saved));
    }
    setvbuf(out->file, NULL, _IOFBF, 1 << 20);
    return PF_OK;
}

pf_error output_reserve(pf_output *out, const char *path, pf_error_context *err)
{
    return make_temp(out, path, err);
}

static void output_release(pf_output *out)
{
    free(out->path);
    free(out->temp_path);
    memset(out, 0, sizeof *out);
}

pf_error output_commit(pf_output *out, pf_error_context *err)
{
    if (out->is_stdout) {
        int failed = fflush(stdout) != 0 || ferror(stdout);
        int saved = errno;
        output_release(out);
        if (failed)
            return pf_error_set(err, PF_ERROR_IO, NULL, 0, NULL, "write error on standard output: %s",
                                strerror(saved));
        return PF_OK;
    }
    if (out->file) {
        int failed = fflush(out->file) != 0 || ferror(out->file);
        int saved = errno;
        if (fclose(out->file) != 0 && !failed) {
            failed = 1;
            saved = errno;
        }
        out->file = NULL;
        if (failed) {
            pf_error code =
                pf_error_set(err, PF_ERROR_IO, out->path, 0, NULL, "write error: %s", strerror(saved));
            output_abort(out);
            return code;
        }
    }
    if (out->temp_path && rename(out->temp_path, out->path) != 0) {
        int saved = errno;
        pf_error code = pf_error_set(err, PF_ERROR_CANNOT_CREATE, out->path, 0, NULL, "cannot replace: %s",
                                     strerror(saved));
        output_abort(out);
        return code;
    }
    output_release(out);
    return PF_OK;
}

void output_abort(pf_output *out)
{
    if (out->is_stdout) {
        output_release(out);
        return;
    }
    if (out->file)
        fclose(out->file);
    if (out->temp_path)
        unlink(out->temp_path);
    output_release(out);
}

pf_error output_make_dir(const char *path, pf_error_context *err)
{
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return PF_OK;
        return pf_error_set(err, PF_ERROR_CANNOT_CREATE, path, 0, NULL, "exists and is not a folder");
    }
    if (mkdir(path, 0777) != 0)
        return pf_error_set(err, PF_ERROR_CANNOT_CREATE, path, 0, NULL, "cannot create folder: %s",
                            strerror(errno));
    return PF_OK;
}
