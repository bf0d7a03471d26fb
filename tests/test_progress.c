/* test_progress.c — the progress line (progress.h): its text, that it stays silent off a terminal and with
 * --quiet, and that on a terminal (a pseudo-terminal here) it is drawn in place and erased at the end. */
#define _XOPEN_SOURCE 600
#include "testutil.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "partnerfunnel/progress.h"

static void wait_interval(void)
{
    struct timespec pause = {0, (long)(PF_PROGRESS_INTERVAL * 1e9) + 50000000L};
    nanosleep(&pause, NULL);
}

static void test_format_with_total_shows_percent_rate_and_eta(void **state)
{
    (void)state;
    char line[160];
    /* 120 MB of 300 in 2 s: 60 MB/s, 180 MB left = 3 s */
    size_t len = progress_format(line, sizeof line, "scoring", 120000000ULL, 300000000ULL, 1234567, 2.0);
    assert_string_equal(line, "scoring: 40%  120 of 300 MB  60 MB/s  1234567 rows  ETA 0:03");
    assert_int_equal(len, strlen(line));
    /* 10 minutes left */
    progress_format(line, sizeof line, "x", 1000000ULL, 601000000ULL, 5, 1.0);
    assert_string_equal(line, "x: 0%  1 of 601 MB  1 MB/s  5 rows  ETA 10:00");
}

static void test_format_without_total_or_rate(void **state)
{
    (void)state;
    char line[160];
    progress_format(line, sizeof line, "partners.csv", 50000000ULL, 0, 200000, 0.5);
    assert_string_equal(line, "partners.csv: 50 MB  100 MB/s  200000 rows");
    /* no time elapsed: no rate, and no ETA even with a total */
    progress_format(line, sizeof line, "scoring", 0, 300000000ULL, 0, 0.0);
    assert_string_equal(line, "scoring: 0 MB  0 MB/s  0 rows");
}

static void test_format_cuts_to_the_buffer(void **state)
{
    (void)state;
    char line[8];
    size_t len = progress_format(line, sizeof line, "generating", 0, 0, 0, 1.0);
    assert_string_equal(line, "generat");
    assert_int_equal(len, 7);
}

static void test_not_a_terminal_writes_nothing(void **state)
{
    (void)state;
    FILE *file = tmpfile();
    assert_non_null(file);
    pf_progress progress;
    progress_init(&progress, file, false);
    assert_false(progress_enabled(&progress));
    progress_start(&progress, "scoring", 1000);
    wait_interval();
    progress_update(&progress, 500, 10);
    progress_end(&progress);
    assert_int_equal(ftell(file), 0);
    fclose(file);
}

static void test_null_progress_is_a_no_op(void **state)
{
    (void)state;
    assert_false(progress_enabled(NULL));
    progress_start(NULL, "x", 0);
    progress_update(NULL, 1, 1);
    progress_end(NULL);
}

/* A pseudo-terminal: *terminal is the side the program writes to, *master the side a test reads. */
static void open_terminal(int *master, FILE **terminal)
{
    *master = posix_openpt(O_RDWR | O_NOCTTY);
    if (*master < 0)
        skip();
    assert_int_equal(grantpt(*master), 0);
    assert_int_equal(unlockpt(*master), 0);
    *terminal = fopen(ptsname(*master), "w");
    assert_non_null(*terminal);
    fcntl(*master, F_SETFL, O_NONBLOCK);
}

static size_t read_terminal(int master, char *buf, size_t size)
{
    wait_interval(); /* let the bytes cross */
    ssize_t got = read(master, buf, size - 1);
    size_t n = got > 0 ? (size_t)got : 0;
    buf[n] = '\0';
    return n;
}

static void test_quiet_on_a_terminal_writes_nothing(void **state)
{
    (void)state;
    int master;
    FILE *terminal;
    open_terminal(&master, &terminal);
    pf_progress progress;
    progress_init(&progress, terminal, true);
    assert_false(progress_enabled(&progress));
    progress_start(&progress, "scoring", 1000);
    wait_interval();
    progress_update(&progress, 500, 10);
    progress_end(&progress);
    char buf[256];
    assert_int_equal(read_terminal(master, buf, sizeof buf), 0);
    fclose(terminal);
    close(master);
}

static void test_terminal_line_is_drawn_then_erased(void **state)
{
    (void)state;
    int master;
    FILE *terminal;
    open_terminal(&master, &terminal);
    pf_progress progress;
    progress_init(&progress, terminal, false);
    assert_true(progress_enabled(&progress));
    progress_start(&progress, "deals.csv", 0);
    progress_update(&progress, 0, 1); /* too soon: nothing */
    char buf[512];
    assert_int_equal(read_terminal(master, buf, sizeof buf), 0);
    for (int i = 0; i < 255; i++) /* the clock is read on every 256th call */
        progress_update(&progress, 0, 1);
    progress_update(&progress, 3000000, 42);
    read_terminal(master, buf, sizeof buf);
    assert_non_null(strstr(buf, "\rdeals.csv: 3 MB  "));
    assert_non_null(strstr(buf, " MB/s  42 rows"));
    size_t shown = progress.shown;
    assert_true(shown > 20);
    progress_end(&progress);
    read_terminal(master, buf, sizeof buf);
    assert_int_equal(strlen(buf), shown + 2);
    assert_int_equal(buf[0], '\r');
    assert_int_equal(buf[shown + 1], '\r');
    assert_int_equal(strspn(buf + 1, " "), shown);
    progress_end(&progress); /* nothing shown any more: nothing written */
    assert_int_equal(read_terminal(master, buf, sizeof buf), 0);
    fclose(terminal);
    close(master);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_with_total_shows_percent_rate_and_eta),
        cmocka_unit_test(test_format_without_total_or_rate),
        cmocka_unit_test(test_format_cuts_to_the_buffer),
        cmocka_unit_test(test_not_a_terminal_writes_nothing),
        cmocka_unit_test(test_null_progress_is_a_no_op),
        cmocka_unit_test(test_quiet_on_a_terminal_writes_nothing),
        cmocka_unit_test(test_terminal_line_is_drawn_then_erased),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
