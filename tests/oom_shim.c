/* oom_shim.c — makes the n-th memory allocation of the program fail, for tests/oom.sh (make oom-check).
 *
 * Linked into build-oom/partnerfunnel-oom with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,
 * --wrap=getline: every call to those functions from partnerfunnel's own objects (main.o and
 * libpartnerfunnel.a) comes here. jansson's allocations are routed here too (json_set_alloc_funcs), so the
 * JSON builders' failures are covered. Allocations made inside other shared libraries (libxlsxwriter, libcsv,
 * inih, GSL, libc's stdio) are not: --wrap only rewrites the references of the objects in the link, and an
 * LD_PRELOAD allocator cannot sit under AddressSanitizer's, which the sweep needs to see leaks and bad
 * frees. What those libraries do short of memory is their own tests' business; what we do when they report
 * it is ours, and their error returns are tested elsewhere.
 *
 * Environment: PF_OOM_FAIL_AT=n fails the n-th call (1-based; getline counts as one, failing with ENOMEM);
 * PF_OOM_REPORT=FILE writes the number of calls made to FILE at exit. Neither set: a normal program. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *p, size_t size);
ssize_t __real_getline(char **line, size_t *size, FILE *file);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *p, size_t size);
char *__wrap_strdup(const char *s);
ssize_t __wrap_getline(char **line, size_t *size, FILE *file);

static unsigned long calls;
static unsigned long fail_at;

/* True when this call is the one to fail. */
static int failing(void)
{
    return __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED) == fail_at;
}

void *__wrap_malloc(size_t size)
{
    return failing() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t count, size_t size)
{
    return failing() ? NULL : __real_calloc(count, size);
}

void *__wrap_realloc(void *p, size_t size)
{
    return failing() ? NULL : __real_realloc(p, size);
}

char *__wrap_strdup(const char *s)
{
    if (failing())
        return NULL;
    size_t len = strlen(s) + 1;
    char *copy = __real_malloc(len);
    return copy ? memcpy(copy, s, len) : NULL;
}

ssize_t __wrap_getline(char **line, size_t *size, FILE *file)
{
    if (failing()) {
        errno = ENOMEM;
        return -1;
    }
    return __real_getline(line, size, file);
}

static void jansson_free(void *p)
{
    free(p);
}

static const char *report_path;

static void report_calls(void)
{
    int fd = open(report_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return;
    char text[32];
    int len = snprintf(text, sizeof text, "%lu\n", __atomic_load_n(&calls, __ATOMIC_RELAXED));
    if (write(fd, text, (size_t)len) != len)
        perror("oom_shim");
    close(fd);
}

__attribute__((constructor)) static void oom_shim_init(void)
{
    const char *at = getenv("PF_OOM_FAIL_AT");
    fail_at = at ? strtoul(at, NULL, 10) : 0;
    json_set_alloc_funcs(__wrap_malloc, jansson_free);
    report_path = getenv("PF_OOM_REPORT");
    if (report_path)
        atexit(report_calls);
}
