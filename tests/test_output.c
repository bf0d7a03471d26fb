/* test_output.c — atomic outputs: the target appears only when complete, a failed or aborted write leaves
 * the previous file and no temporary behind; devices, FIFOs and folders are refused, links written through,
 * inputs never replaced; a group renames all or none; a signal removes the temporaries. */
#include "testutil.h"

#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
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

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static pf_error write_output(const char *path, const char *text, pf_error_context *err)
{
    pf_output out;
    pf_error code = output_open(&out, path, err);
    if (code != PF_OK)
        return code;
    fputs(text, out.file);
    return output_commit(&out, err);
}

static void test_special_targets_are_refused(void **state)
{
    (void)state;
    char fifo[128], dir[128];
    snprintf(fifo, sizeof fifo, "%s/fifo", folder);
    snprintf(dir, sizeof dir, "%s/dir.json", folder);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(mkdir(dir, 0700), 0);
    pf_output out;
    pf_error_context err;
    assert_int_equal(output_open(&out, fifo, &err), PF_ERROR_CANNOT_CREATE);
    assert_string_equal(err.message, "is a FIFO, not a file: nothing written");
    assert_int_equal(output_reserve(&out, dir, &err), PF_ERROR_CANNOT_CREATE);
    assert_string_equal(err.message, "is a folder, not a file: nothing written");
    assert_int_equal(output_reserve(&out, "-", &err), PF_ERROR_CANNOT_CREATE);
    assert_int_equal(output_check_target(fifo, &err), PF_ERROR_CANNOT_CREATE); /* early, the same words */
    assert_string_equal(err.message, "is a FIFO, not a file: nothing written");
    assert_int_equal(output_check_target("-", &err), PF_OK);
    struct stat st;
    assert_int_equal(stat(fifo, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    assert_int_equal(entries(), 2); /* no temporary */
}

static void test_a_link_is_written_through(void **state)
{
    (void)state;
    char sub[128], target[160], link[128], dangling[128], text[64];
    snprintf(sub, sizeof sub, "%s/real", folder);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(target, sizeof target, "%s/target.txt", sub);
    write_file(target, "previous");
    snprintf(link, sizeof link, "%s/link.txt", folder);
    assert_int_equal(symlink("real/target.txt", link), 0);
    pf_error_context err;
    assert_int_equal(write_output(link, "new", &err), PF_OK);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode)); /* the link stays */
    read_back(target, text, sizeof text);
    assert_string_equal(text, "new");
    snprintf(dangling, sizeof dangling, "%s/dangling.txt", folder);
    assert_int_equal(symlink("real/created.txt", dangling), 0);
    assert_int_equal(write_output(dangling, "created", &err), PF_OK);
    snprintf(target, sizeof target, "%s/created.txt", sub);
    read_back(target, text, sizeof text);
    assert_string_equal(text, "created");
    assert_int_equal(entries(), 3); /* real/, link.txt, dangling.txt: no temporary */
}

static void test_an_input_is_never_replaced(void **state)
{
    (void)state;
    char input[128], other[160], link[128], text[64];
    snprintf(input, sizeof input, "%s/partners.csv", folder);
    write_file(input, "data");
    pf_error_context err;
    assert_int_equal(output_protect_input(input, &err), PF_OK);
    assert_int_equal(write_output(input, "x", &err), PF_ERROR_USAGE);
    assert_string_equal(err.message, "is an input of this run: nothing written (choose another output)");
    snprintf(other, sizeof other, "%s/./partners.csv", folder);
    assert_int_equal(write_output(other, "x", &err), PF_ERROR_USAGE);
    snprintf(link, sizeof link, "%s/link.csv", folder);
    assert_int_equal(symlink("partners.csv", link), 0);
    assert_int_equal(write_output(link, "x", &err), PF_ERROR_USAGE);
    read_back(input, text, sizeof text);
    assert_string_equal(text, "data");
    output_forget_inputs();
    assert_int_equal(write_output(input, "x", &err), PF_OK);
}

static void test_a_group_renames_all_or_none(void **state)
{
    (void)state;
    char a[128], b[128], text[64];
    snprintf(a, sizeof a, "%s/a.json", folder);
    snprintf(b, sizeof b, "%s/b.json", folder);
    write_file(a, "old a");
    pf_error_context err;
    output_group_begin();
    assert_int_equal(write_output(a, "new a", &err), PF_OK);
    assert_int_equal(write_output(b, "new b", &err), PF_OK);
    read_back(a, text, sizeof text);
    assert_string_equal(text, "old a"); /* waiting for the group */
    output_group_abort();
    read_back(a, text, sizeof text);
    assert_string_equal(text, "old a");
    assert_int_equal(access(b, F_OK), -1);
    assert_int_equal(entries(), 1);

    output_group_begin();
    assert_int_equal(write_output(a, "new a", &err), PF_OK);
    assert_int_equal(write_output(b, "new b", &err), PF_OK);
    assert_int_equal(output_group_commit(&err), PF_OK);
    read_back(a, text, sizeof text);
    assert_string_equal(text, "new a");
    read_back(b, text, sizeof text);
    assert_string_equal(text, "new b");
    assert_int_equal(entries(), 2);
}

static void test_a_signal_removes_the_temporaries(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/big.json", folder);
    write_file(path, "previous");
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        output_handle_signals();
        pf_output one, two;
        pf_error_context err;
        char other[160];
        snprintf(other, sizeof other, "%s/other.xlsx", folder);
        if (output_open(&one, path, &err) != PF_OK || output_reserve(&two, other, &err) != PF_OK)
            _exit(1);
        fputs("half", one.file);
        raise(SIGTERM);
        _exit(2); /* not reached: the handler raises the signal again */
    }
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGTERM);
    char text[64];
    read_back(path, text, sizeof text);
    assert_string_equal(text, "previous");
    assert_int_equal(entries(), 1);
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
        cmocka_unit_test_setup_teardown(test_special_targets_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_link_is_written_through, setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_input_is_never_replaced, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_group_renames_all_or_none, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_signal_removes_the_temporaries, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
