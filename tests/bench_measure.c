/* bench_measure.c — runs one command and prints "WALL_SECONDS MAX_RSS_KIB EXIT_STATUS CPU_SECONDS" on stdout,
 * for tests/bench.sh (which cannot count on /usr/bin/time being installed).
 *
 * Usage: bench_measure [--log FILE] COMMAND [ARG...]
 * The command's stdout and stderr go to FILE (default /dev/null). Wall time is CLOCK_MONOTONIC around
 * fork/exec/wait4; peak memory is the child's ru_maxrss from wait4 (KiB on Linux); CPU seconds are its user
 * plus system time from the same wait4, every thread counted (what the machine spent on the run, which on a
 * machine whose cores are all busy sets the wall time's floor: CPU seconds / cores). A command killed by a
 * signal reports 128 + the signal number; one that cannot be executed reports 127. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    const char *log = "/dev/null";
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "--log") == 0) {
        log = argv[2];
        first = 3;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: bench_measure [--log FILE] COMMAND [ARG...]\n");
        return 64;
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "bench_measure: fork: %s\n", strerror(errno));
        return 71;
    }
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
            _exit(126);
        close(fd);
        execvp(argv[first], argv + first);
        _exit(127);
    }
    int status = 0;
    struct rusage usage;
    memset(&usage, 0, sizeof usage);
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            fprintf(stderr, "bench_measure: wait4: %s\n", strerror(errno));
            return 71;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1;
    double cpu = (double)usage.ru_utime.tv_sec + (double)usage.ru_utime.tv_usec / 1e6 +
                 (double)usage.ru_stime.tv_sec + (double)usage.ru_stime.tv_usec / 1e6;
    printf("%.6f %ld %d %.6f\n", seconds, (long)usage.ru_maxrss, code, cpu);
    return 0;
}
