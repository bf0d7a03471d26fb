/* test_render_summary.c — the terminal summary's p-values (render_summary.h): as the workbook shows them,
 * never "p = 0" nor an exponent. */
#include "testutil.h"

#include <string.h>

#include "partnerfunnel/render_summary.h"

static void test_p_below_a_thousandth_is_said_so(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(render_summary_p(3.29e-300, PF_LANG_EN, buf, sizeof buf), "p < 0.001");
    assert_string_equal(render_summary_p(0.0, PF_LANG_EN, buf, sizeof buf), "p < 0.001"); /* underflow */
    assert_string_equal(render_summary_p(0.000999, PF_LANG_EN, buf, sizeof buf), "p < 0.001");
    assert_string_equal(render_summary_p(3.29e-300, PF_LANG_FR, buf, sizeof buf), "p < 0,001");
}

static void test_p_has_three_decimals(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(render_summary_p(0.001, PF_LANG_EN, buf, sizeof buf), "p = 0.001");
    assert_string_equal(render_summary_p(0.0183, PF_LANG_EN, buf, sizeof buf), "p = 0.018");
    assert_string_equal(render_summary_p(1.0, PF_LANG_EN, buf, sizeof buf), "p = 1.000");
    assert_string_equal(render_summary_p(0.1434, PF_LANG_FR, buf, sizeof buf), "p = 0,143");
}

static void test_p_not_computed(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(render_summary_p(NAN, PF_LANG_EN, buf, sizeof buf), "p n/a");
    assert_string_equal(render_summary_p(NAN, PF_LANG_FR, buf, sizeof buf), "p n.d.");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_p_below_a_thousandth_is_said_so),
        cmocka_unit_test(test_p_has_three_decimals),
        cmocka_unit_test(test_p_not_computed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
