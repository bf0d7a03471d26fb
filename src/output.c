/* output.c — temporary file beside the target, then rename(2): atomic on POSIX file systems.
 *
 * The run's temporaries are kept in fixed buffers (paths[], in_use[]) so that the signal handler can
 * unlink them without allocating or locking: a slot's path is written before the slot is marked in use,
 * and the mark is cleared before the path changes. */
#include "partnerfunnel/output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define LINKS_MAX 40 /* symbolic links followed before giving up (as the kernel's ELOOP) */

static char temp_paths[PF_OUTPUT_MAX][PATH_MAX];
static volatile sig_atomic_t temp_in_use[PF_OUTPUT_MAX];

static int register_temp(const char *path)
{
    if (strlen(path) >= PATH_MAX)
        return -1;
    for (int i = 0; i < PF_OUTPUT_MAX; i++) {
        if (!temp_in_use[i]) {
            memcpy(temp_paths[i], path, strlen(path) + 1);
            temp_in_use[i] = 1;
            return i + 1;
        }
    }
    return 0;
}

static void unregister_temp(int slot)
{
    if (slot > 0 && slot <= PF_OUTPUT_MAX)
        temp_in_use[slot - 1] = 0;
}

static void on_signal(int sig)
{
    for (int i = 0; i < PF_OUTPUT_MAX; i++)
        if (temp_in_use[i])
            unlink(temp_paths[i]);
    signal(sig, SIG_DFL);
    raise(sig);
}

void output_handle_signals(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGINT);
    sigaddset(&action.sa_mask, SIGTERM);
    sigaddset(&action.sa_mask, SIGHUP);
    const int signals[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction old;
        /* a signal the caller ignores stays ignored (nohup, a background job of a script) */
        if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(signals[i], &action, NULL);
    }
}

/* ---- the run's inputs ---- */

typedef struct protected_input {
    dev_t device;
    ino_t inode;
    char *real_path;
    char *given; /* as the user wrote it, for the message */
} protected_input;

static protected_input *inputs;
static size_t input_count;

pf_error output_protect_input(const char *path, pf_error_context *err)
{
    struct stat st;
    if (!path || strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return PF_OK;
    protected_input *grown = realloc(inputs, (input_count + 1) * sizeof *grown);
    if (!grown)
        return pf_error_set(err, PF_ERROR_MEMORY, path, 0, NULL, "out of memory");
    inputs = grown;
    protected_input *in = &inputs[input_count];
    in->device = st.st_dev;
    in->inode = st.st_ino;
    in->real_path = realpath(path, NULL);
    in->given = strdup(path);
    if (!in->given) {
        free(in->real_path);
        return pf_error_set(err, PF_ERROR_MEMORY, path, 0, NULL, "out of memory");
    }
    input_count++;
    return PF_OK;
}

void output_forget_inputs(void)
{
    for (size_t i = 0; i < input_count; i++) {
        free(inputs[i].real_path);
        free(inputs[i].given);
    }
    free(inputs);
    inputs = NULL;
    input_count = 0;
}

/* The input target is, or NULL. exists: st describes the target. */
static const protected_input *input_at(const char *target, bool exists, const struct stat *st)
{
    if (input_count == 0)
        return NULL;
    if (exists) {
        for (size_t i = 0; i < input_count; i++)
            if (inputs[i].device == st->st_dev && inputs[i].inode == st->st_ino)
                return &inputs[i];
        return NULL;
    }
    /* not there yet: the real path of its folder, then its name */
    const char *slash = strrchr(target, '/');
    char folder[PATH_MAX], real[PATH_MAX];
    if (slash)
        snprintf(folder, sizeof folder, "%.*s", (int)(slash - target + (slash == target)), target);
    else
        snprintf(folder, sizeof folder, ".");
    if (!realpath(folder, real))
        return NULL;
    char full[PATH_MAX + 256];
    snprintf(full, sizeof full, "%s/%s", strcmp(real, "/") == 0 ? "" : real, slash ? slash + 1 : target);
    for (size_t i = 0; i < input_count; i++)
        if (inputs[i].real_path && strcmp(inputs[i].real_path, full) == 0)
            return &inputs[i];
    return NULL;
}

/* ---- targets ---- */

static const char *kind_of(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a folder";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

/* The file path designates once symbolic links are followed (a dangling link: the file it would create),
 * as a new string. */
static pf_error follow_links(const char *path, char **resolved, pf_error_context *err)
{
    char *current = strdup(path);
    if (!current)
        return pf_error_set(err, PF_ERROR_MEMORY, path, 0, NULL, "out of memory");
    for (int hop = 0;; hop++) {
        struct stat st;
        if (lstat(current, &st) != 0 || !S_ISLNK(st.st_mode)) {
            *resolved = current;
            return PF_OK;
        }
        if (hop == LINKS_MAX) {
            free(current);
            return pf_error_set(err, PF_ERROR_CANNOT_CREATE, path, 0, NULL, "cannot create: %s",
                                strerror(ELOOP));
        }
        char link[PATH_MAX];
        ssize_t n = readlink(current, link, sizeof link - 1);
        if (n < 0) {
            int saved = errno;
            free(current);
            return pf_error_set(err, PF_ERROR_CANNOT_CREATE, path, 0, NULL, "cannot create: %s",
                                strerror(saved));
        }
        link[n] = '\0';
        const char *slash = strrchr(current, '/');
        size_t dir_len = link[0] != '/' && slash ? (size_t)(slash - current) + 1 : 0;
        char *next = malloc(dir_len + (size_t)n + 1);
        if (!next) {
            free(current);
            return pf_error_set(err, PF_ERROR_MEMORY, path, 0, NULL, "out of memory");
        }
        memcpy(next, current, dir_len);
        memcpy(next + dir_len, link, (size_t)n + 1);
        free(current);
        current = next;
    }
}

/* The target's checks (see the header) on path; *resolved (owned by the caller) is the file it designates. */
static pf_error check_target(const char *path, char **resolved, pf_error_context *err)
{
    pf_error code = follow_links(path, resolved, err);
    if (code != PF_OK)
        return code;
    struct stat st;
    bool exists = stat(*resolved, &st) == 0;
    const protected_input *input = exists && !S_ISREG(st.st_mode) ? NULL : input_at(*resolved, exists, &st);
    if (exists && !S_ISREG(st.st_mode))
        code = pf_error_set(err, PF_ERROR_CANNOT_CREATE, path, 0, NULL, "is %s, not a file: nothing written",
                            kind_of(st.st_mode));
    else if (input && strcmp(input->given, path) == 0)
        code = pf_error_set(err, PF_ERROR_USAGE, path, 0, NULL,
                            "is an input of this run: nothing written (choose another output)");
    else if (input)
        code =
            pf_error_set(err, PF_ERROR_USAGE, path, 0, NULL,
                         "is the input %s of this run: nothing written (choose another output)", input->given);
    if (code != PF_OK) {
        free(*resolved);
        *resolved = NULL;
    }
    return code;
}

pf_error output_check_target(const char *path, pf_error_context *err)
{
    if (!path || strcmp(path, "-") == 0)
        return PF_OK;
    char *resolved = NULL;
    pf_error code = check_target(path, &resolved, err);
    free(resolved);
    return code;
}

/* The target's checks, then a temporary beside the file it designates. */
static pf_error make_temp(pf_output *out, const char *path, pf_error_context *err)
{
    memset(out, 0, sizeof *out);
    pf_error code = check_target(path, &out->path, err);
    if (code != PF_OK)
        return code;
    const char *target = out->path;
    const char *slash = strrchr(target, '/');
    size_t dir_len = slash ? (size_t)(slash - target) + 1 : 0;
    const char *base = slash ? slash + 1 : target;
    size_t size = dir_len + strlen(base) + 16;
    out->temp_path = malloc(size);
    if (!out->temp_path) {
        free(out->path);
        out->path = NULL;
        return pf_error_set(err, PF_ERROR_MEMORY, path, 0, NULL, "out of memory");
    }
    snprintf(out->temp_path, size, "%.*s.%s.XXXXXX", (int)dir_len, target, base);
    /* no signal between the file's creation and its place in the list: it would be left behind */
    sigset_t block, previous;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &previous);
    int fd = mkstemp(out->temp_path);
    out->slot = fd >= 0 ? register_temp(out->temp_path) : 0;
    sigprocmask(SIG_SETMASK, &previous, NULL);
    if (fd < 0) {
        int saved = errno;
        free(out->path);
        free(out->temp_path);
        memset(out, 0, sizeof *out);
        return pf_error_set(err, PF_ERROR_CANNOT_CREATE, path, 0, NULL, "cannot create: %s", strerror(saved));
    }
    if (out->slot == 0) {
        close(fd);
        unlink(out->temp_path);
        free(out->path);
        free(out->temp_path);
        memset(out, 0, sizeof *out);
        return pf_error_set(err, PF_ERROR_INTERNAL, path, 0, NULL, "more than %d outputs at once",
                            PF_OUTPUT_MAX);
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
    if (strcmp(path, "-") == 0) {
        memset(out, 0, sizeof *out);
        return pf_error_set(err, PF_ERROR_CANNOT_CREATE, path, 0, NULL,
                            "this output cannot go to standard output: name a file");
    }
    return make_temp(out, path, err);
}

static void output_release(pf_output *out)
{
    unregister_temp(out->slot);
    free(out->path);
    free(out->temp_path);
    memset(out, 0, sizeof *out);
}

pf_error output_write_error(const char *path, int error, pf_error_context *err)
{
    const char *slash = strrchr(path, '/');
    char folder[PATH_MAX];
    if (slash)
        snprintf(folder, sizeof folder, "%.*s", (int)(slash - path + (slash == path)), path);
    else
        snprintf(folder, sizeof folder, ".");
    return pf_error_set(err, PF_ERROR_IO, path, 0, NULL, "cannot write: %s in %s", strerror(error), folder);
}

/* ---- groups ---- */

static struct {
    bool open;
    pf_output items[PF_OUTPUT_MAX];
    size_t count;
} group;

void output_group_begin(void)
{
    output_group_abort();
    group.open = true;
}

static pf_error rename_over(pf_output *out, pf_error_context *err)
{
    if (rename(out->temp_path, out->path) != 0) {
        int saved = errno;
        pf_error code = pf_error_set(err, PF_ERROR_CANNOT_CREATE, out->path, 0, NULL, "cannot replace: %s",
                                     strerror(saved));
        output_abort(out);
        return code;
    }
    output_release(out);
    return PF_OK;
}

pf_error output_group_commit(pf_error_context *err)
{
    pf_error code = PF_OK;
    for (size_t i = 0; i < group.count; i++) {
        if (code == PF_OK)
            code = rename_over(&group.items[i], err);
        else
            output_abort(&group.items[i]);
    }
    group.count = 0;
    group.open = false;
    return code;
}

void output_group_abort(void)
{
    for (size_t i = 0; i < group.count; i++)
        output_abort(&group.items[i]);
    group.count = 0;
    group.open = false;
}

/* ---- commit ---- */

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
            pf_error code = output_write_error(out->path, saved ? saved : EIO, err);
            output_abort(out);
            return code;
        }
    }
    if (group.open) {
        if (group.count == PF_OUTPUT_MAX) {
            pf_error code = pf_error_set(err, PF_ERROR_INTERNAL, out->path, 0, NULL,
                                         "more than %d outputs at once", PF_OUTPUT_MAX);
            output_abort(out);
            return code;
        }
        group.items[group.count++] = *out; /* the group owns it now */
        memset(out, 0, sizeof *out);
        return PF_OK;
    }
    return rename_over(out, err);
}

void output_abort(pf_output *out)
{
    if (out->is_stdout) {
        output_release(out);
        return;
    }
    if (out->file)
        fclose(out->file);
    out->file = NULL;
    if (out->temp_path)
        unlink(out->temp_path);
    output_release(out); /* the signal handler's slot last: the temporary is gone */
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
