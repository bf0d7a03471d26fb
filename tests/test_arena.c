/* test_arena.c — bump allocation (alignment, large pieces, strings) and interning (equal strings, one
 * pointer; growth keeps earlier pointers valid). */
#include "testutil.h"

#include <string.h>

#include "partnerfunnel/arena.h"

static void test_alloc_is_aligned_and_strings_are_packed(void **state)
{
    (void)state;
    pf_arena *a = arena_new();
    char *s = arena_strndup(a, "abc", 3);
    void *p = arena_alloc(a, 24);
    char *t = arena_strndup(a, "xyz!", 3);
    assert_string_equal(s, "abc");
    assert_string_equal(t, "xyz");
    assert_int_equal((uintptr_t)p % 16, 0);
    void *big = arena_alloc(a, 10u << 20);
    assert_non_null(big);
    memset(big, 1, 10u << 20);
    assert_true(arena_bytes(a) >= (10u << 20));
    char *after = arena_strndup(a, "still", 5); /* the current block keeps filling after a large piece */
    assert_string_equal(after, "still");
    arena_free(a);
    arena_free(NULL);
}

static void test_intern_gives_one_pointer_per_string(void **state)
{
    (void)state;
    pf_arena *a = arena_new();
    pf_intern *set = intern_new(a);
    const char *first = intern_get(set, "reseller!", 8);
    char buf[32];
    const char *kept[1000];
    for (int i = 0; i < 1000; i++) {
        snprintf(buf, sizeof buf, "value-%d", i);
        kept[i] = intern_get(set, buf, strlen(buf));
    }
    assert_ptr_equal(intern_get(set, "reseller", 8), first);
    for (int i = 0; i < 1000; i++) {
        snprintf(buf, sizeof buf, "value-%d", i);
        assert_ptr_equal(intern_get(set, buf, strlen(buf)), kept[i]);
    }
    assert_ptr_not_equal(intern_get(set, "", 0), first);
    assert_int_equal(intern_count(set), 1002);
    intern_free(set);
    intern_free(NULL);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_is_aligned_and_strings_are_packed),
        cmocka_unit_test(test_intern_gives_one_pointer_per_string),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
