/* test_output.c — atomic outputs: the target appears only when complete, a failed or aborted write leaves
 * the previous file and no temporary behind, devices are written directly. */
#include "testutil.h"

#include <dirent.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "partnerfunnel/output.h"

static char folder[64];

static int setup(void **state)
{
    (void)state;
    snprintf(folder, sizeof folder, "/tmp/pf-test-output.XXXXXX");
    return mkdtemp(folder) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char command[128];
    snprintf(command, sizeof command, "rm -rf '%s'", folder);
    return system(command) == 0 ? 0 : -1;
}

static size_t entries(void)
{
    DIR *d = opendir(folder);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void read_back(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
}

static void test_commit_replaces_the_target(void **state)
{
    (void)state;
    char path[128], text[64];
    snprintf(path, sizeof path, "%s/out.txt", folder);
    pf_output out;
    pf_error_context err;
    assert_int_equal(output_open(&out, path, &err), PF_OK);
    fputs("first", out.file);
    assert_int_equal(entries(), 1); /* only the temporary so far */
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(output_commit(&out, &err), PF_OK);
    read_back(path, text, sizeof text);
    assert_string_equal(text, "first");
    assert_int_equal(entries(), 1);
}

static void test_abort_keeps_the_previous_file(void **state)
{
    (void)state;
    char path[128], text[64];
    snprintf(path, sizeof path, "%s/out.txt", folder);
    FILE *f = fopen(path, "w");
    fputs("previous", f);
    fclose(f);
    pf_output out;
    pf_error_context err;
    assert_int_equal(output_open(&out, path, &err), PF_OK);
    fputs("half-written", out.file);
    output_abort(&out);
    read_back(path, text, sizeof text);
    assert_string_equal(text, "previous");
    assert_int_equal(entries(), 1);
    output_abort(&out); /* safe twice */
}

static void test_reserve_for_a_library_writing_by_name(void **state)
{
    (void)state;
    char path[128], text[64];
    snprintf(path, sizeof path, "%s/book.xlsx", folder);
    pf_output out;
    pf_error_context err;
    assert_int_equal(output_reserve(&out, path, &err), PF_OK);
    assert_null(out.file);
    assert_non_null(strstr(out.temp_path, "/.book.xlsx."));
    FILE *f = fopen(out.temp_path, "w");
    fputs("zip", f);
    fclose(f);
    assert_int_equal(output_commit(&out, &err), PF_OK);
    read_back(path, text, sizeof text);
    assert_string_equal(text, "zip");
}

static void test_cannot_create_in_a_missing_folder(void **state)
{
    (void)state;
    pf_output out;
    pf_error_context err;
    assert_int_equal(output_open(&out, "/nonexistent/folder/x.json", &err), PF_ERROR_CANNOT_CREATE);
    assert_string_equal(err.file, "/nonexistent/folder/x.json");
    assert_string_equal(err.message, "cannot create: No such file or directory");
}

static void test_device_is_refused_and_never_replaced(void **state)
{
    (void)state;
    pf_output out;
    pf_error_context err;
    assert_int_equal(output_open(&out, "/dev/full", &err), PF_ERROR_CANNOT_CREATE);
    assert_string_equal(err.message, "is a device, not a file: nothing written");
    assert_int_equal(output_reserve(&out, "/dev/null", &err), PF_ERROR_CANNOT_CREATE);
    struct stat st;
    assert_int_equal(stat("/dev/full", &st), 0);
    assert_true(S_ISCHR(st.st_mode)); /* never replaced by a regular file */
}

static void test_make_dir(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/sub", folder);
    pf_error_context err;
    assert_int_equal(output_make_dir(path, &err), PF_OK);
    assert_int_equal(output_make_dir(path, &err), PF_OK);
    assert_int_equal(output_make_dir("/nonexistent/a/b", &err), PF_ERROR_CANNOT_CREATE);
    assert_string_equal(err.message, "cannot create folder: No such file or directory");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_commit_replaces_the_target, setup, teardown),
        cmocka_unit_test_setup_teardown(test_abort_keeps_the_previous_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reserve_for_a_library_writing_by_name, setup, teardown),
        cmocka_unit_test(test_cannot_create_in_a_missing_folder),
        cmocka_unit_test(test_device_is_refused_and_never_replaced),
        cmocka_unit_test_setup_teardown(test_make_dir, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
