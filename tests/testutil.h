/* testutil.h — helpers shared by the cmocka suites: a relative-tolerance double assertion (cmocka's
 * assert_float_equal compares as float), and fixture paths. */
#ifndef PARTNERFUNNEL_TESTUTIL_H
#define PARTNERFUNNEL_TESTUTIL_H

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

/* Fails unless |actual - expected| <= rel * max(|expected|, 1e-300) (both NaN counts as equal). */
#define assert_close(actual, expected, rel)                                                                    \
    pf_assert_close((actual), (expected), (rel), #actual, __FILE__, __LINE__)

static inline void pf_assert_close(double actual, double expected, double rel, const char *expr,
                                   const char *file, int line)
{
    if (isnan(actual) && isnan(expected))
        return;
    double scale = fabs(expected) > 1e-300 ? fabs(expected) : 1e-300;
    if (!(fabs(actual - expected) <= rel * scale)) {
        print_error("%s = %.17g, expected %.17g (relative tolerance %g)\n", expr, actual, expected, rel);
        _fail(file, line);
    }
}

#endif
