/* test_text.c — UTF-8 validation, folding and trimming (text.h). */
#include "testutil.h"

#include <string.h>

#include "partnerfunnel/text.h"

#define VALID(lit) text_is_utf8((lit), sizeof(lit) - 1)
#define PREFIX(lit) text_utf8_valid_prefix((lit), sizeof(lit) - 1)

/* ---- validation ---- */

static void test_utf8_accepts_ascii_and_empty(void **state)
{
    (void)state;
    assert_true(text_is_utf8("", 0));
    assert_true(text_is_utf8(NULL, 0));
    assert_true(VALID("partner_id,name,signed_on\r\n"));
    assert_true(VALID("a fairly long ASCII line that exercises the eight-byte fast path twice over"));
}

static void test_utf8_accepts_every_sequence_length(void **state)
{
    (void)state;
    assert_true(VALID("caf\xC3\xA9")); /* é, 2 bytes */
    assert_true(VALID("15\xE2\x80\xAF"
                      "000 \xE2\x82\xAC")); /* NNBSP and €, 3 bytes */
    assert_true(VALID("\xF0\x9F\x98\x80")); /* U+1F600, 4 bytes */
    assert_true(VALID("\xF4\x8F\xBF\xBF")); /* U+10FFFF, the last code point */
    assert_true(VALID("\xED\x9F\xBF"));     /* U+D7FF, just below the surrogates */
    assert_true(VALID("\xEE\x80\x80"));     /* U+E000, just above them */
    assert_true(VALID("\xC2\x80"));         /* U+0080, smallest 2-byte */
    assert_true(VALID("\xE0\xA0\x80"));     /* U+0800, smallest 3-byte */
    assert_true(VALID("\xF0\x90\x80\x80")); /* U+10000, smallest 4-byte */
    /* a non-ASCII byte after a full fast-path word */
    assert_true(VALID("abcdefgh\xC3\xA9ijklmnop\xC3\xA9"));
}

static void test_utf8_rejects_overlong_forms(void **state)
{
    (void)state;
    assert_false(VALID("\xC0\xAF")); /* '/' in two bytes */
    assert_false(VALID("\xC1\xBF"));
    assert_false(VALID("\xE0\x80\xAF"));     /* '/' in three bytes */
    assert_false(VALID("\xE0\x9F\xBF"));     /* U+07FF in three bytes */
    assert_false(VALID("\xF0\x80\x80\xAF")); /* '/' in four bytes */
    assert_false(VALID("\xF0\x8F\xBF\xBF")); /* U+FFFF in four bytes */
}

static void test_utf8_rejects_surrogates(void **state)
{
    (void)state;
    assert_false(VALID("\xED\xA0\x80"));             /* U+D800 */
    assert_false(VALID("\xED\xBF\xBF"));             /* U+DFFF */
    assert_false(VALID("\xED\xA0\xBD\xED\xB8\x80")); /* a CESU-8 surrogate pair */
}

static void test_utf8_rejects_beyond_10ffff(void **state)
{
    (void)state;
    assert_false(VALID("\xF4\x90\x80\x80")); /* U+110000 */
    assert_false(VALID("\xF5\x80\x80\x80"));
    assert_false(VALID("\xFF"));
    assert_false(VALID("\xFE"));
}

static void test_utf8_rejects_truncated_and_stray_bytes(void **state)
{
    (void)state;
    assert_false(VALID("caf\xC3"));      /* cut before the last byte */
    assert_false(VALID("\xE2\x82"));     /* € cut */
    assert_false(VALID("\xF0\x9F\x98")); /* emoji cut */
    assert_false(VALID("\x80"));         /* lone continuation byte */
    assert_false(VALID("\xC3\x28"));     /* lead byte followed by ASCII */
    assert_false(VALID("caf\xE9"));      /* Windows-1252 é */
    assert_false(VALID("\xE2\x28\xA1"));
}

static void test_utf8_valid_prefix_stops_at_first_bad_byte(void **state)
{
    (void)state;
    assert_int_equal(PREFIX(""), 0);
    assert_int_equal(PREFIX("abc"), 3);
    assert_int_equal(PREFIX("caf\xC3\xA9"), 5);
    assert_int_equal(PREFIX("caf\xE9 cr\xC3\xA8me"), 3);
    assert_int_equal(PREFIX("abcdefghijkl\xC3"), 12); /* truncated at the end */
    assert_int_equal(PREFIX("\xF0\x9F\x98\x80\xF0\x9F\x98"), 4);
    assert_int_equal(PREFIX("ok\xED\xA0\x80"), 2);
}

/* The prefix is found sixteen bytes at a time: every position of a character or a bad byte within and
 * across those blocks gives what a byte-by-byte check gives. */
static void test_utf8_valid_prefix_at_every_position_in_a_block(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t valid; /* of the bytes, as the start of a longer text */
    } inserts[] = {{"\xC3\xA9", 2}, {"\xE2\x82\xAC", 3}, {"\xF0\x9F\x98\x80", 4}, {"\xC3(", 0}, {"\xE9", 0},
                   {"\xC1\xA9", 0}, {"\x80", 0},         {"\xDF\xBF", 2}};
    for (size_t k = 0; k < sizeof inserts / sizeof inserts[0]; k++) {
        size_t len = strlen(inserts[k].bytes);
        for (size_t at = 0; at < 40; at++) {
            char text[64];
            memset(text, 'a', sizeof text);
            memcpy(text + at, inserts[k].bytes, len);
            size_t expected = inserts[k].valid ? sizeof text : at;
            assert_int_equal(text_utf8_valid_prefix(text, sizeof text), expected);
            /* cut inside the character: valid up to it */
            if (len > 1 && inserts[k].valid)
                assert_int_equal(text_utf8_valid_prefix(text, at + len - 1), at);
        }
    }
}

/* ---- folding ---- */

static void assert_folds_to(const char *in, const char *expected)
{
    char out[256];
    size_t n = text_fold(in, strlen(in), out, sizeof out);
    assert_string_equal(out, expected);
    assert_int_equal(n, strlen(expected));
    assert_true(n <= strlen(in));
}

static void test_fold_french_decisions_and_statuses(void **state)
{
    (void)state;
    assert_folds_to("  Accept\xC3\xA9 ", "accepte");
    assert_folds_to("APPROUV\xC3\x89", "approuve");
    assert_folds_to("Gagn\xC3\xA9"
                    "e",
                    "gagnee");
    assert_folds_to("Valid\xC3\xA9", "valide");
    assert_folds_to("Refus\xC3\xA9", "refuse");
    assert_folds_to("En Attente", "en attente");
}

static void test_fold_collapses_inner_blank_runs(void **state)
{
    (void)state;
    assert_folds_to("closed  won", "closed won");
    assert_folds_to("Closed \t Won", "closed won");
    assert_folds_to("closed\xC2\xA0won", "closed won");
    assert_folds_to("Contract\r\nSigned   Date", "contract signed date");
}

static void test_fold_trims_nbsp_and_nnbsp(void **state)
{
    (void)state;
    assert_folds_to("\xC2\xA0Won\xC2\xA0", "won");
    assert_folds_to("\xE2\x80\xAF"
                    "Lost\xE2\x80\xAF",
                    "lost");
    assert_folds_to(" \xC2\xA0\t\xE2\x80\xAF ", "");
    assert_folds_to("", "");
}

static void test_fold_ligatures_and_special_letters(void **state)
{
    (void)state;
    assert_folds_to("\xC5\x92uvre", "oeuvre");           /* Œuvre */
    assert_folds_to("c\xC5\x93ur", "coeur");             /* cœur */
    assert_folds_to("\xC3\x86sop \xC3\xA6", "aesop ae"); /* Æsop æ */
    assert_folds_to("Stra\xC3\x9F"
                    "e",
                    "strasse"); /* Straße */
    assert_folds_to("Espa\xC3\xB1"
                    "a",
                    "espana"); /* España */
    assert_folds_to("Fran\xC3\xA7"
                    "ais",
                    "francais"); /* Français */
    assert_folds_to("\xC5\x81\xC3\xB3"
                    "d\xC5\xBA",
                    "lodz"); /* Łódź */
    assert_folds_to("\xC3\x9E"
                    "ing",
                    "thing");         /* Þing */
    assert_folds_to("\xC5\xB8", "y"); /* Ÿ */
}

static void test_fold_keeps_underscores_dashes_and_other_characters(void **state)
{
    (void)state;
    assert_folds_to("Partner_ID", "partner_id");
    assert_folds_to("Closed-Won", "closed-won");
    assert_folds_to("Closed/Won", "closed/won");
    assert_folds_to("1 \xC3\x97 2", "1 \xC3\x97 2");                         /* × is no letter */
    assert_folds_to("\xD0\x9C\xD0\xB8\xD1\x80", "\xD0\x9C\xD0\xB8\xD1\x80"); /* Cyrillic kept as is */
    assert_folds_to("\xE2\x82\xAC"
                    "UR",
                    "\xE2\x82\xAC"
                    "ur");
}

static void test_fold_copies_invalid_bytes(void **state)
{
    (void)state;
    assert_folds_to("Caf\xE9", "caf\xE9");
    assert_folds_to("\xC3", "\xC3");
}

static void test_fold_is_idempotent(void **state)
{
    (void)state;
    const char *in = "  \xC3\x89T\xC3\x89  \xC5\x92uvre\xC2\xA0 Stra\xC3\x9F"
                     "e ";
    char once[64], twice[64];
    size_t n = text_fold(in, strlen(in), once, sizeof once);
    text_fold(once, n, twice, sizeof twice);
    assert_string_equal(once, "ete oeuvre strasse");
    assert_string_equal(twice, once);
}

static void test_fold_truncates_on_a_character_boundary(void **state)
{
    (void)state;
    char out[5];
    /* "ab" then a Cyrillic letter (2 bytes) then another: only whole characters are written */
    size_t n = text_fold("ab\xD0\x9C\xD0\xB8", 6, out, sizeof out);
    assert_int_equal(n, 4);
    assert_memory_equal(out, "ab\xD0\x9C", 5);
    char small[4];
    n = text_fold("ab\xE2\x82\xAC", 5, small, sizeof small); /* € does not fit after "ab" */
    assert_int_equal(n, 2);
    assert_string_equal(small, "ab");
    n = text_fold("Ab", 2, small, 1);
    assert_int_equal(n, 0);
    assert_string_equal(small, "");
    assert_int_equal(text_fold("Ab", 2, small, 0), 0);
}

static void test_fold_respects_length_not_nul(void **state)
{
    (void)state;
    char out[16];
    assert_int_equal(text_fold("WON and more", 3, out, sizeof out), 3);
    assert_string_equal(out, "won");
}

static void test_fold_equal(void **state)
{
    (void)state;
#define FEQ(a, b) text_fold_equal((a), strlen(a), (b), strlen(b))
    assert_true(FEQ("  Accept\xC3\xA9 ", "accepte"));
    assert_true(FEQ("Closed   WON", "closed won"));
    assert_true(FEQ("\xC3\x86", "AE")); /* units of different lengths line up */
    assert_true(FEQ("\xC5\x93uvre", "OEuvre"));
    assert_true(FEQ("", " \xC2\xA0 "));
    assert_false(FEQ("won", "wo"));
    assert_false(FEQ("wo", "won"));
    assert_false(FEQ("closed won", "closedwon"));
    assert_false(FEQ("partner_id", "partner id"));
    assert_false(FEQ("a", ""));
#undef FEQ
    assert_true(text_fold_equal(NULL, 0, "", 0));
}

/* ---- trimming ---- */

static void test_trim(void **state)
{
    (void)state;
    size_t n;
    const char *s = " \t\xC2\xA0"
                    "15 000\xE2\x80\xAF\r\n";
    const char *t = text_trim(s, strlen(s), &n);
    assert_ptr_equal(t, s + 4);
    assert_int_equal(n, 6);
    assert_memory_equal(t, "15 000", 6);

    t = text_trim("   ", 3, &n);
    assert_int_equal(n, 0);
    t = text_trim("abc", 3, &n);
    assert_int_equal(n, 3);
    t = text_trim("", 0, &n);
    assert_int_equal(n, 0);
    /* a lone A0 byte (Windows-1252 NBSP, invalid UTF-8) is not a blank */
    t = text_trim("x\xA0", 2, &n);
    assert_int_equal(n, 2);
    /* "é" ends in A9 and "Ã " would end in A0: only C2 A0 is NBSP */
    t = text_trim("\xC3\xA0", 2, &n);
    assert_int_equal(n, 2);
}

static void test_utf8_length_and_prefix_count_characters(void **state)
{
    (void)state;
    const char *s = "\xc3\x89vry \xe2\x82\xac\xf0\x9f\x98\x80"; /* "Évry €😀": 7 characters, 13 bytes */
    size_t len = strlen(s);
    assert_int_equal(len, 13);
    assert_int_equal(text_utf8_length(s, len), 7);
    assert_int_equal(text_utf8_length("", 0), 0);
    assert_int_equal(text_utf8_prefix(s, len, 0), 0);
    assert_int_equal(text_utf8_prefix(s, len, 1), 2); /* "É" is two bytes: never cut in half */
    assert_int_equal(text_utf8_prefix(s, len, 2), 3);
    assert_int_equal(text_utf8_prefix(s, len, 6), 9);
    assert_int_equal(text_utf8_prefix(s, len, 7), 13);
    assert_int_equal(text_utf8_prefix(s, len, 100), 13);
    assert_int_equal(text_utf8_prefix(s, 5, 100), 5); /* the length bounds it, not a NUL */
}

/* ASCII values take text_fold()'s one-pass path: same trimming, collapsing, lower-casing and cutting. */
static void test_fold_ascii_values(void **state)
{
    (void)state;
    char out[32];
    assert_int_equal(text_fold("  Closed \t Won\r\n", 16, out, sizeof out), 10);
    assert_string_equal(out, "closed won");
    assert_int_equal(text_fold("\t \n", 3, out, sizeof out), 0);
    assert_string_equal(out, "");
    assert_int_equal(text_fold("ABC", 3, out, 3), 2);
    assert_string_equal(out, "ab");
    /* a cut falling on a collapsed blank gives what the general path gives for the same text with an
     * accent: the two paths agree */
    char general[8];
    text_fold("ab  c\xc3\xa9", 7, general, 4);
    text_fold("ab  ce", 6, out, 4);
    assert_string_equal(out, general);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_accepts_ascii_and_empty),
        cmocka_unit_test(test_utf8_accepts_every_sequence_length),
        cmocka_unit_test(test_utf8_rejects_overlong_forms),
        cmocka_unit_test(test_utf8_rejects_surrogates),
        cmocka_unit_test(test_utf8_rejects_beyond_10ffff),
        cmocka_unit_test(test_utf8_rejects_truncated_and_stray_bytes),
        cmocka_unit_test(test_utf8_valid_prefix_stops_at_first_bad_byte),
        cmocka_unit_test(test_utf8_valid_prefix_at_every_position_in_a_block),
        cmocka_unit_test(test_fold_french_decisions_and_statuses),
        cmocka_unit_test(test_fold_collapses_inner_blank_runs),
        cmocka_unit_test(test_fold_trims_nbsp_and_nnbsp),
        cmocka_unit_test(test_fold_ligatures_and_special_letters),
        cmocka_unit_test(test_fold_keeps_underscores_dashes_and_other_characters),
        cmocka_unit_test(test_fold_copies_invalid_bytes),
        cmocka_unit_test(test_fold_is_idempotent),
        cmocka_unit_test(test_fold_truncates_on_a_character_boundary),
        cmocka_unit_test(test_fold_respects_length_not_nul),
        cmocka_unit_test(test_fold_equal),
        cmocka_unit_test(test_trim),
        cmocka_unit_test(test_utf8_length_and_prefix_count_characters),
        cmocka_unit_test(test_fold_ascii_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
