/* test_render_csv.c — CSV fields (render_csv.h): quoting, and the spreadsheet-safe field against CSV
 * injection (OWASP: a leading apostrophe before a text a spreadsheet would take for a formula). */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "partnerfunnel/render_csv.h"

/* What writer(text) puts in a file, as a string the caller frees. */
static char *written(void (*writer)(FILE *, const char *), const char *text)
{
    char *buffer = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buffer, &size);
    assert_non_null(out);
    writer(out, text);
    assert_int_equal(fclose(out), 0);
    return buffer;
}

#define assert_written(writer, text, want)                                                                     \
    do {                                                                                                       \
        char *got_ = written((writer), (text));                                                                \
        assert_string_equal(got_, (want));                                                                     \
        free(got_);                                                                                            \
    } while (0)

static void test_formula_starts_are_formula_like(void **state)
{
    (void)state;
    assert_true(render_csv_formula_like("=1+1"));
    assert_true(render_csv_formula_like("=HYPERLINK(\"http://x\",\"y\")"));
    assert_true(render_csv_formula_like("+cmd|' /C calc'!A0"));
    assert_true(render_csv_formula_like("-1+1"));
    assert_true(render_csv_formula_like("@SUM(1)"));
    assert_true(render_csv_formula_like("   =1"));    /* the first character other than a space */
    assert_true(render_csv_formula_like("\tTabbed")); /* TAB and CR first, whatever follows */
    assert_true(render_csv_formula_like("\r=x"));
    assert_true(render_csv_formula_like("-"));
    assert_true(render_csv_formula_like("-12.5.3"));
    assert_true(render_csv_formula_like("+1e"));
}

static void test_plain_numbers_and_texts_are_not(void **state)
{
    (void)state;
    assert_false(render_csv_formula_like("-12.5"));
    assert_false(render_csv_formula_like("+3"));
    assert_false(render_csv_formula_like("-3,5"));
    assert_false(render_csv_formula_like("-.5"));
    assert_false(render_csv_formula_like("-1e-3"));
    assert_false(render_csv_formula_like(" -12.5 "));
    assert_false(render_csv_formula_like(""));
    assert_false(render_csv_formula_like("Alpha"));
    assert_false(render_csv_formula_like("1+1"));
    assert_false(render_csv_formula_like("a=b"));
}

static void test_sheet_field_prefixes_an_apostrophe(void **state)
{
    (void)state;
    assert_written(render_csv_sheet_field, "=1+1", "'=1+1");
    assert_written(render_csv_sheet_field, "@SUM(1)", "'@SUM(1)");
    assert_written(render_csv_sheet_field, "=HYPERLINK(\"http://x\",\"y\")",
                   "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    assert_written(render_csv_sheet_field, " +cmd", "' +cmd"); /* the apostrophe first: no leading blank left */
    assert_written(render_csv_sheet_field, "\tx", "'\tx");
    assert_written(render_csv_sheet_field, "\r=x", "\"'\r=x\"");
    assert_written(render_csv_sheet_field, "-12.5", "-12.5");
    assert_written(render_csv_sheet_field, "Plain", "Plain");
    assert_written(render_csv_sheet_field, " x", "\" x\"");
}

static void test_data_field_keeps_the_text(void **state)
{
    (void)state;
    assert_written(render_csv_field, "=1+1", "=1+1");
    assert_written(render_csv_field, "@SUM(1)", "@SUM(1)");
    assert_written(render_csv_field, "a,b", "\"a,b\"");
    assert_written(render_csv_field, "say \"hi\"", "\"say \"\"hi\"\"\"");
    assert_written(render_csv_field, "x ", "\"x \"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formula_starts_are_formula_like),
        cmocka_unit_test(test_plain_numbers_and_texts_are_not),
        cmocka_unit_test(test_sheet_field_prefixes_an_apostrophe),
        cmocka_unit_test(test_data_field_keeps_the_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
