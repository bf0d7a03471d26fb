/* test_xlsx_book.c — the workbook layer every workbook is written with: text written as it will be shown
 * (Excel's "_xHHHH_" escape neutralised, invalid UTF-8 repaired, never a formula), sheet names made valid
 * and unique, lists continued on numbered sheets, and a failed write that leaves the previous file. The
 * archive is read back with `unzip -p`. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "partnerfunnel/xlsx_book.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_is_escaped_repaired_and_never_a_formula),
        cmocka_unit_test(test_sheet_names_are_valid_and_unique),
        cmocka_unit_test(test_lists_continue_on_numbered_sheets),
    };
    return cmocka_run_group_tests(tests, setup, teardown) != 0;
}
