/* test_xlsx_book.c — the workbook layer every workbook is written with: text written as it will be shown
 * (Excel's "_xHHHH_" escape neutralised, invalid UTF-8 repaired, never a formula), sheet names made valid
 * and unique, lists continued on numbered sheets, a failed write that leaves the previous file, and the
 * read-back of the finished archive (zip_check.h). The archive is read with `unzip -p`. */
#include "testutil.h"

#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "partnerfunnel/xlsx_book.h"
#include "partnerfunnel/zip_check.h"

static char folder[64];

static int setup(void **state)
{
    (void)state;
    snprintf(folder, sizeof folder, "/tmp/pf-test-book.XXXXXX");
    return mkdtemp(folder) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char command[128];
    snprintf(command, sizeof command, "rm -rf '%s'", folder);
    return system(command) == 0 ? 0 : -1;
}

/* One part of the archive as text (NUL-terminated, caller frees). */
static char *part(const char *xlsx, const char *name)
{
    char command[512];
    snprintf(command, sizeof command, "unzip -p '%s' '%s' 2>/dev/null", xlsx, name);
    FILE *p = popen(command, "r");
    assert_non_null(p);
    size_t capacity = 1 << 16, n = 0, got;
    char *text = malloc(capacity);
    assert_non_null(text);
    while ((got = fread(text + n, 1, capacity - n - 1, p)) > 0) {
        n += got;
        if (n + 1 == capacity) {
            text = realloc(text, capacity *= 2);
            assert_non_null(text);
        }
    }
    text[n] = '\0';
    assert_int_equal(pclose(p), 0);
    return text;
}

static void open_book(wb_book *book, const char *path, long max_rows)
{
    wb_book_options options = {0};
    options.lang = PF_LANG_EN;
    options.max_rows = max_rows;
    options.created = 946684800;
    pf_error_context err;
    assert_int_equal(wb_book_open(book, path, &options, &err), PF_OK);
}

static void test_text_is_escaped_repaired_and_never_a_formula(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/text.xlsx", folder);
    wb_book book;
    open_book(&book, path, 0);
    char name[128];
    assert_true(wb_sheet_name(&book, "Texts", "Sheet", name));
    wb_sheet *sheet = wb_add_named_sheet(&book, name);
    assert_non_null(sheet);
    wb_write_text(sheet, 0, 0, "_x0041_BC", WB_PLAIN);
    wb_write_text(sheet, 1, 0, "=HYPERLINK(\"http://x\")", WB_PLAIN);
    wb_write_text(sheet, 2, 0, "bad \xC3( byte", WB_PLAIN);
    wb_write_text(sheet, 3, 0, "_x00e9 is not an escape", WB_PLAIN);
    assert_int_equal(book.repaired_texts, 1);
    pf_error_context err;
    assert_int_equal(wb_book_close(&book, &err), PF_OK);
    char *strings = part(path, "xl/sharedStrings.xml");
    assert_non_null(strstr(strings, "<t>_x005F_x0041_BC</t>"));
    assert_non_null(strstr(strings, "<t>=HYPERLINK(\"http://x\")</t>"));
    assert_non_null(strstr(strings, "<t>bad \xEF\xBF\xBD( byte</t>"));
    assert_non_null(strstr(strings, "<t>_x00e9 is not an escape</t>"));
    free(strings);
    char *sheet1 = part(path, "xl/worksheets/sheet1.xml");
    assert_null(strstr(sheet1, "<f>"));
    free(sheet1);
}

static void test_sheet_names_are_valid_and_unique(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/names.xlsx", folder);
    wb_book book;
    open_book(&book, path, 0);
    char name[128];
    assert_true(wb_sheet_name(&book, "a/b:c[d]*e?f\\g", "x", name));
    assert_string_equal(name, "a_b_c_d__e_f_g");
    assert_true(wb_sheet_name(&book, "A/B:C[D]*E?F\\G", "x", name)); /* the same without regard to case */
    assert_string_equal(name, "A_B_C_D__E_F_G (2)");
    assert_true(wb_sheet_name(&book, "history", "x", name)); /* reserved by Excel */
    assert_string_equal(name, "history (2)");
    assert_true(wb_sheet_name(&book, "''", "Profile 3", name));
    assert_string_equal(name, "Profile 3");
    assert_true(wb_sheet_name(&book, "Évaluation des prospects éligibles", "x", name)); /* 31 characters */
    assert_string_equal(name, "Évaluation des prospects éligib");
    assert_true(wb_sheet_name(&book, "Évaluation des prospects éligibles!", "x", name));
    assert_string_equal(name, "Évaluation des prospects él (2)");
    assert_non_null(wb_add_named_sheet(&book, name));
    pf_error_context err;
    assert_int_equal(wb_book_close(&book, &err), PF_OK);
    char *workbook = part(path, "xl/workbook.xml");
    assert_non_null(strstr(workbook, "<sheet name=\"Évaluation des prospects él (2)\""));
    free(workbook);
}

static void test_lists_continue_on_numbered_sheets(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/list.xlsx", folder);
    wb_book book;
    open_book(&book, path, 4); /* a header and three rows a sheet */
    wb_sheet *sheet = wb_add_sheet(&book, PF_LABEL_SHEET_PARTNERS, 1);
    const char *headers[] = {"Id", "id", ""}; /* unique and never empty, as Excel tables need */
    wb_list list;
    wb_list_begin(&list, sheet, 0, headers, 3, "Things", true);
    for (int i = 0; i < 7; i++)
        wb_write_number(list.sheet, wb_list_row(&list), 0, i, WB_INTEGER);
    wb_list_end(&list);
    assert_int_equal(book.sheet_count, 3);
    assert_string_equal(book.sheets[2]->name, "Partners (3)");
    pf_error_context err;
    assert_int_equal(wb_book_close(&book, &err), PF_OK);
    char *table = part(path, "xl/tables/table1.xml");
    assert_non_null(strstr(table, "<tableColumn id=\"2\" name=\"id (2)\"/>"));
    assert_non_null(strstr(table, "<tableColumn id=\"3\" name=\"Column 3\"/>"));
    free(table);
}

static void open_dated_book(wb_book *book, const char *path, pf_lang lang, pf_date as_of)
{
    wb_book_options options = {0};
    options.lang = lang;
    options.created = 946684800;
    options.as_of = as_of;
    pf_error_context err;
    assert_int_equal(wb_book_open(book, path, &options, &err), PF_OK);
}

static void test_every_sheet_prints_landscape_one_page_wide_with_a_dated_footer(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/print.xlsx", folder);
    wb_book book;
    open_dated_book(&book, path, PF_LANG_EN, field_date_from_ymd(2026, 10, 31));
    wb_write_text(wb_add_sheet(&book, PF_LABEL_SHEET_PARTNERS, 1), 0, 0, "plain", WB_PLAIN);
    wb_sheet *dashboard = wb_add_sheet(&book, PF_LABEL_SHEET_SUMMARY, 1);
    wb_write_text(dashboard, 0, 0, "one page", WB_PLAIN);
    wb_print_one_page(dashboard);
    pf_error_context err;
    assert_int_equal(wb_book_close(&book, &err), PF_OK);

    char *plain = part(path, "xl/worksheets/sheet1.xml");
    assert_non_null(strstr(plain, "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"));
    /* fitToWidth is 1 unless written: one page wide, as many tall as it takes */
    assert_non_null(strstr(plain, "<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\"/>"));
    assert_non_null(strstr(plain, "<pageMargins left=\"0.4\" right=\"0.4\" top=\"0.5\" bottom=\"0.6\""));
    assert_non_null(
        strstr(plain, "<oddFooter>&amp;L&amp;A&amp;C&amp;P / &amp;N&amp;RAs of 2026-10-31</oddFooter>"));
    assert_null(strstr(plain, "<pane"));
    free(plain);
    char *one = part(path, "xl/worksheets/sheet2.xml");
    assert_non_null(strstr(one, "<pageSetUpPr fitToPage=\"1\"/>"));
    assert_non_null(strstr(one, "<pageSetup paperSize=\"9\" orientation=\"landscape\"/>"));
    assert_non_null(strstr(one, "&amp;RAs of 2026-10-31</oddFooter>"));
    free(one);

    /* the date in the book's language; none without one */
    open_dated_book(&book, path, PF_LANG_FR, field_date_from_ymd(2026, 10, 31));
    wb_write_text(wb_add_sheet(&book, PF_LABEL_SHEET_PARTNERS, 1), 0, 0, "x", WB_PLAIN);
    assert_int_equal(wb_book_close(&book, &err), PF_OK);
    char *french = part(path, "xl/worksheets/sheet1.xml");
    assert_non_null(
        strstr(french, "<oddFooter>&amp;L&amp;A&amp;C&amp;P / &amp;N&amp;RAu 31/10/2026</oddFooter>"));
    free(french);
    open_dated_book(&book, path, PF_LANG_EN, 0);
    wb_write_text(wb_add_sheet(&book, PF_LABEL_SHEET_PARTNERS, 1), 0, 0, "x", WB_PLAIN);
    assert_int_equal(wb_book_close(&book, &err), PF_OK);
    char *undated = part(path, "xl/worksheets/sheet1.xml");
    assert_non_null(strstr(undated, "<oddFooter>&amp;L&amp;A&amp;C&amp;P / &amp;N</oddFooter>"));
    free(undated);
}

static void test_a_list_freezes_repeats_and_filters_its_header_and_prints_48_rows_a_page(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/print-list.xlsx", folder);
    wb_book book;
    open_dated_book(&book, path, PF_LANG_EN, field_date_from_ymd(2026, 10, 31));
    /* a shortlist's shape: a tall header row at the top, 500 rows under it */
    wb_sheet *shortlist = wb_add_sheet(&book, PF_LABEL_SHEET_PARTNERS, 1);
    wb_row_height(shortlist, 0, 45);
    for (lxw_col_t c = 0; c < 4; c++)
        wb_write_text(shortlist, 0, c, "Head", WB_HEADER);
    for (lxw_row_t r = 1; r <= 500; r++)
        wb_write_number(shortlist, r, 0, r, WB_INTEGER);
    wb_sheet_list(shortlist, 0, 500, 3, 2);
    wb_sheet_list(shortlist, 5, 9, 1, 0); /* one list a sheet: ignored */
    /* a list under a title, written with wb_list_begin (an Excel table carries the filter) */
    wb_sheet *table = wb_add_sheet(&book, PF_LABEL_SHEET_AT_RISK, 1);
    wb_write_text(table, 0, 0, "Title", WB_TITLE);
    const char *headers[] = {"A", "B", "C", "D"};
    wb_list list;
    wb_list_begin(&list, table, 3, headers, 4, "Things", true);
    for (int i = 0; i < 100; i++)
        wb_write_number(list.sheet, wb_list_row(&list), 0, i, WB_INTEGER);
    wb_list_end(&list);
    /* an empty list keeps a filter on its header */
    wb_sheet *empty = wb_add_sheet(&book, PF_LABEL_SHEET_SEGMENTS, 1);
    wb_write_text(empty, 2, 0, "Only a header", WB_HEADER);
    wb_sheet_list(empty, 2, 2, 0, 0);
    pf_error_context err;
    assert_int_equal(wb_book_close(&book, &err), PF_OK);

    char *sheet = part(path, "xl/worksheets/sheet1.xml");
    assert_non_null(strstr(sheet, "<pane xSplit=\"2\" ySplit=\"1\" topLeftCell=\"C2\""));
    assert_non_null(strstr(sheet, "state=\"frozen\""));
    assert_non_null(strstr(sheet, "<autoFilter ref=\"A1:D501\"/>"));
    /* 501 rows of 15 points and 30 more for the header: 7,545 points at 720 a page, 11 pages */
    assert_non_null(strstr(sheet, "<pageSetup paperSize=\"9\" fitToHeight=\"11\" orientation=\"landscape\"/>"));
    free(sheet);
    char *listed = part(path, "xl/worksheets/sheet2.xml");
    assert_non_null(strstr(listed, "<pane xSplit=\"1\" ySplit=\"4\" topLeftCell=\"B5\""));
    assert_non_null(strstr(listed, "fitToHeight=\"3\""));
    assert_null(strstr(listed, "<autoFilter"));
    free(listed);
    char *filter = part(path, "xl/tables/table1.xml");
    assert_non_null(strstr(filter, "<autoFilter ref=\"A4:D104\"/>"));
    free(filter);
    char *bare = part(path, "xl/worksheets/sheet3.xml");
    assert_non_null(strstr(bare, "<pane ySplit=\"3\" topLeftCell=\"A4\""));
    assert_non_null(strstr(bare, "<autoFilter ref=\"A3:A4\"/>"));
    assert_non_null(strstr(bare, "<pageSetup paperSize=\"9\" orientation=\"landscape\"/>")); /* 1 x 1 */
    free(bare);
    char *workbook = part(path, "xl/workbook.xml");
    assert_non_null(strstr(workbook, "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" "
                                     "hidden=\"1\">Partners!$A$1:$D$501</definedName>"));
    assert_non_null(strstr(
        workbook, "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">Partners!$1:$1</definedName>"));
    assert_non_null(strstr(
        workbook, "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"1\">'At risk'!$4:$4</definedName>"));
    assert_non_null(strstr(
        workbook, "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"2\">Segments!$3:$3</definedName>"));
    free(workbook);
}

static void test_a_streamed_list_gets_an_autofilter_and_the_same_print_set_up(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/print-streamed.xlsx", folder);
    wb_book_options options = {0};
    options.lang = PF_LANG_EN;
    options.constant_memory = true;
    options.as_of = field_date_from_ymd(2026, 10, 31);
    wb_book book;
    pf_error_context err;
    assert_int_equal(wb_book_open(&book, path, &options, &err), PF_OK);
    wb_sheet *sheet = wb_add_sheet(&book, PF_LABEL_SHEET_PARTNERS, 1);
    const char *headers[] = {"A", "B"};
    wb_list list;
    wb_list_begin(&list, sheet, 0, headers, 2, "Things", true);
    for (int i = 0; i < 200; i++)
        wb_write_number(list.sheet, wb_list_row(&list), 0, i, WB_INTEGER);
    wb_list_end(&list);
    assert_int_equal(wb_book_close(&book, &err), PF_OK);
    char *xml = part(path, "xl/worksheets/sheet1.xml");
    assert_non_null(strstr(xml, "<pane ySplit=\"1\" topLeftCell=\"A2\""));
    assert_non_null(strstr(xml, "<autoFilter ref=\"A1:B201\"/>"));
    /* 201 rows of 15 points at 720 a page: 5 pages */
    assert_non_null(strstr(xml, "<pageSetup paperSize=\"9\" fitToHeight=\"5\" orientation=\"landscape\"/>"));
    assert_non_null(strstr(xml, "&amp;RAs of 2026-10-31</oddFooter>"));
    free(xml);
}

/* Makes an archive with python's zipfile: members given as "name=text" lines; zip64 forces its records. */
static void make_zip(const char *path, const char *members, bool zip64)
{
    char command[2048];
    snprintf(command, sizeof command,
             "python3 -c 'import sys, zipfile\n"
             "z = zipfile.ZipFile(sys.argv[1], \"w\", zipfile.ZIP_DEFLATED)\n"
             "for line in sys.argv[2].splitlines():\n"
             "    name, text = line.split(\"=\", 1)\n"
             "    with z.open(name, \"w\", force_zip64=%s) as f: f.write(text.encode())\n"
             "z.close()' '%s' '%s'",
             zip64 ? "True" : "False", path, members);
    assert_int_equal(system(command), 0);
}

static void test_zip_check_reads_every_member_back(void **state)
{
    (void)state;
    char path[128];
    bool cut;
    pf_error_context err;
    snprintf(path, sizeof path, "%s/good.zip", folder);
    make_zip(path, "a.xml=<?xml version=\"1.0\"?><root a=\"x>y\"><b/><c>1 &lt; 2</c></root>\nb.bin=<<<", false);
    assert_int_equal(zip_check_archive(path, "good.xlsx", &cut, &err), PF_OK);
    make_zip(path, "a.xml=<root><b/></root>", true);
    assert_int_equal(zip_check_archive(path, "good.xlsx", &cut, &err), PF_OK);

    /* a part cut short, closing tags appended (what libxlsxwriter does after a failed temporary) */
    snprintf(path, sizeof path, "%s/cut.zip", folder);
    make_zip(
        path,
        "xl/worksheets/sheet1.xml=<worksheet><sheetData><row r=\"1\"><c><is><t>Hel</sheetData></worksheet>",
        false);
    assert_int_equal(zip_check_archive(path, "cut.xlsx", &cut, &err), PF_ERROR_IO);
    assert_true(cut);
    assert_string_equal(err.message,
                        "the written workbook is not complete: part xl/worksheets/sheet1.xml is cut short");
    make_zip(path, "xl/sharedStrings.xml=<sst><si><t>abc</t></si><si><t>ab", false);
    assert_int_equal(zip_check_archive(path, "cut.xlsx", &cut, &err), PF_ERROR_IO);
    assert_true(cut);

    /* a damaged byte: the CRC-32 or the compressed stream says so */
    snprintf(path, sizeof path, "%s/bad.zip", folder);
    make_zip(path,
             "a.xml=<root>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</root>",
             false);
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, 30 + 5 + 3, SEEK_SET), 0); /* inside the member's data */
    int c = fgetc(f);
    assert_int_equal(fseek(f, 30 + 5 + 3, SEEK_SET), 0);
    fputc(c ^ 0x55, f);
    fclose(f);
    assert_int_equal(zip_check_archive(path, "bad.xlsx", &cut, &err), PF_ERROR_IO);
    assert_false(cut);
    assert_non_null(strstr(err.message, "the written workbook is damaged"));
    assert_string_equal(err.file, "bad.xlsx");

    /* cut anywhere: no end of central directory, or members past it */
    snprintf(path, sizeof path, "%s/short.zip", folder);
    make_zip(path, "a.xml=<root/>", false);
    assert_int_equal(truncate(path, 40), 0);
    assert_int_equal(zip_check_archive(path, "short.xlsx", &cut, &err), PF_ERROR_IO);
}

static void test_a_failed_write_keeps_the_previous_file(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/keep.xlsx", folder);
    FILE *f = fopen(path, "w");
    fputs("previous", f);
    fclose(f);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        struct rlimit limit = {4096, 4096}; /* the file size limit stands in for a full disk */
        signal(SIGXFSZ, SIG_IGN);
        setrlimit(RLIMIT_FSIZE, &limit);
        wb_book book;
        open_book(&book, path, 0);
        wb_sheet *sheet = wb_add_sheet(&book, PF_LABEL_SHEET_PARTNERS, 1);
        char text[64];
        for (int row = 0; row < 3000; row++) {
            snprintf(text, sizeof text, "text number %d that takes room", row);
            wb_write_text(sheet, (lxw_row_t)row, 0, text, WB_PLAIN);
        }
        pf_error_context err;
        pf_error code = wb_book_close(&book, &err);
        char want[256];
        snprintf(want, sizeof want, "cannot write: File too large in %s", folder);
        _exit(code == PF_ERROR_IO && strcmp(err.message, want) == 0 ? 0 : 1);
    }
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    char text[16] = {0};
    f = fopen(path, "r");
    assert_non_null(fgets(text, sizeof text, f));
    fclose(f);
    assert_string_equal(text, "previous");
    DIR *d = opendir(folder);
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            fail_msg("temporary left: %s", e->d_name);
    closedir(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_is_escaped_repaired_and_never_a_formula),
        cmocka_unit_test(test_sheet_names_are_valid_and_unique),
        cmocka_unit_test(test_lists_continue_on_numbered_sheets),
        cmocka_unit_test(test_every_sheet_prints_landscape_one_page_wide_with_a_dated_footer),
        cmocka_unit_test(test_a_list_freezes_repeats_and_filters_its_header_and_prints_48_rows_a_page),
        cmocka_unit_test(test_a_streamed_list_gets_an_autofilter_and_the_same_print_set_up),
        cmocka_unit_test(test_zip_check_reads_every_member_back),
        cmocka_unit_test(test_a_failed_write_keeps_the_previous_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown) != 0;
}
