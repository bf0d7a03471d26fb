/* test_reader.c — the streaming CSV reader (reader.h) on the named fixtures of fixtures/edge/ and on files
 * generated here for the cases too big to keep (buffer boundaries, huge fields, pipes).
 * Run from the repository root: fixture paths are relative to it. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <nettle/sha2.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "partnerfunnel/reader.h"

#define EDGE "fixtures/edge/"
#define FFFD "\xEF\xBF\xBD"

/* ---- helpers ---- */

static const pf_reader_options force_utf8 = {.encoding = PF_ENCODING_UTF8};
static const pf_reader_options force_cp1252 = {.encoding = PF_ENCODING_CP1252};

static pf_reader *open_ok(const char *path, const pf_reader_options *options)
{
    pf_reader *reader = NULL;
    pf_error_context err;
    pf_error_clear(&err);
    pf_error code = reader_open(path, options, &reader, &err);
    if (code != PF_OK)
        print_error("reader_open(%s): %s (line %ld)\n", path, err.message, err.line);
    assert_int_equal(code, PF_OK);
    assert_non_null(reader);
    return reader;
}

static const pf_record *next_ok(pf_reader *reader)
{
    const pf_record *record = NULL;
    pf_error_context err;
    pf_error_clear(&err);
    pf_error code = reader_next(reader, &record, &err);
    if (code != PF_OK)
        print_error("reader_next: %s (line %ld)\n", err.message, err.line);
    assert_int_equal(code, PF_OK);
    return record;
}

static void assert_at_end(pf_reader *reader)
{
    assert_null(next_ok(reader));
    assert_null(next_ok(reader)); /* and it stays there */
}

/* Fails unless record holds exactly the NULL-terminated list of fields in expected (lengths included). */
#define assert_fields(record, ...)                                                                             \
    check_fields((record), (const char *const[]){__VA_ARGS__, NULL}, __FILE__, __LINE__)

static void check_fields(const pf_record *record, const char *const *expected, const char *file, int line)
{
    if (!record) {
        print_error("record is NULL\n");
        _fail(file, line);
    }
    size_t count = 0;
    while (expected[count])
        count++;
    if (record->field_count != count) {
        print_error("line %ld: %zu fields, expected %zu\n", record->line, record->field_count, count);
        _fail(file, line);
    }
    for (size_t i = 0; i < count; i++) {
        size_t len = strlen(expected[i]);
        if (record->lengths[i] != len || memcmp(record->fields[i], expected[i], len) != 0 ||
            record->fields[i][len] != '\0') {
            print_error("line %ld, field %zu: [%s] (%zu bytes), expected [%s] (%zu bytes)\n", record->line, i,
                        record->fields[i], record->lengths[i], expected[i], len);
            _fail(file, line);
        }
    }
}

#define assert_raw(record, text) check_raw((record), (text), sizeof(text) - 1, __FILE__, __LINE__)

static void check_raw(const pf_record *record, const char *text, size_t len, const char *file, int line)
{
    if (record->raw_length != len || memcmp(record->raw, text, len) != 0) {
        print_error("raw [%.*s] (%zu bytes), expected [%.*s] (%zu bytes)\n", (int)record->raw_length,
                    record->raw, record->raw_length, (int)len, text, len);
        _fail(file, line);
    }
}

static void assert_lines(const pf_record *record, long line, long last_line)
{
    assert_non_null(record);
    assert_int_equal(record->line, line);
    assert_int_equal(record->last_line, last_line);
}

static void assert_clean(const pf_record *record)
{
    assert_int_equal(record->invalid_utf8_field, -1);
    assert_int_equal(record->malformed_quote_field, -1);
}

static void expect_open_error(const char *path, const pf_reader_options *options, pf_error expected, long line,
                              const char *message)
{
    pf_reader *reader = (pf_reader *)&reader; /* must be reset to NULL */
    pf_error_context err;
    pf_error_clear(&err);
    pf_error code = reader_open(path, options, &reader, &err);
    assert_int_equal(code, expected);
    assert_null(reader);
    assert_string_equal(err.file, path);
    assert_int_equal(err.line, line);
    assert_string_equal(err.message, message);
}

/* A temporary folder per test that writes files, removed with its files by the teardown. */
typedef struct scratch {
    char dir[64];
    char path[128];
} scratch;

static int scratch_setup(void **state)
{
    scratch *s = calloc(1, sizeof *s);
    if (!s)
        return -1;
    strcpy(s->dir, "/tmp/pf-test-reader.XXXXXX");
    if (!mkdtemp(s->dir)) {
        free(s);
        return -1;
    }
    snprintf(s->path, sizeof s->path, "%s/data.csv", s->dir);
    *state = s;
    return 0;
}

static int scratch_teardown(void **state)
{
    scratch *s = *state;
    unlink(s->path);
    rmdir(s->dir);
    free(s);
    return 0;
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* A growable text being generated, with the line number of its next byte. */
typedef struct text_builder {
    char *data;
    size_t len;
    size_t cap;
    long line;
} text_builder;

static void put(text_builder *t, const char *s, size_t len)
{
    if (t->len + len > t->cap) {
        t->cap = (t->len + len) * 2;
        t->data = realloc(t->data, t->cap);
        assert_non_null(t->data);
    }
    memcpy(t->data + t->len, s, len);
    t->len += len;
    for (size_t i = 0; i < len; i++) /* LF, CRLF and lone CR (callers never split a CRLF) */
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n')))
            t->line++;
}

static void puts_text(text_builder *t, const char *s)
{
    put(t, s, strlen(s));
}

/* Appends 100-byte rows "id,xxx…\n" until the text is within 200 bytes of target. */
static void pad_rows(text_builder *t, size_t target, long *rows)
{
    char row[101];
    while (t->len + 200 < target) {
        int n = snprintf(row, sizeof row, "%ld,", ++*rows);
        memset(row + n, 'x', 99 - (size_t)n);
        row[99] = '\n';
        put(t, row, 100);
    }
}

/* Appends the row "id,<fill>CHAR<tail>\n" with CHAR starting split bytes before target, so that a buffer
 * ending at target cuts it. Returns the expected second field in *field (caller frees). */
static void put_split_row(text_builder *t, size_t target, size_t split, const char *character, long id,
                          char **field)
{
    char head[32];
    int n = snprintf(head, sizeof head, "%ld,", id);
    put(t, head, (size_t)n);
    size_t fill = target - split - t->len;
    char *buf = malloc(fill + 64);
    assert_non_null(buf);
    memset(buf, 'f', fill);
    strcpy(buf + fill, character);
    strcat(buf + fill, "tail");
    put(t, buf, strlen(buf));
    put(t, "\n", 1);
    *field = buf;
}

/* ---- csv-spectrum style cases ---- */

static void test_comma_in_quotes(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "comma-in-quotes.csv", NULL);
    const pf_reader_info *info = reader_info(reader);
    assert_int_equal(info->delimiter, ',');
    assert_int_equal(info->encoding, PF_ENCODING_UTF8);
    assert_false(info->bom);
    assert_false(info->crlf);
    assert_int_equal(info->size, 69);
    const pf_record *header = reader_header(reader);
    assert_fields(header, "first", "last", "address", "city", "zip");
    assert_lines(header, 1, 1);
    assert_raw(header, "first,last,address,city,zip");
    const pf_record *record = next_ok(reader);
    assert_fields(record, "John", "Doe", "120 any st.", "Anytown, WW", "08123");
    assert_lines(record, 2, 2);
    assert_raw(record, "John,Doe,120 any st.,\"Anytown, WW\",08123");
    assert_clean(record);
    assert_at_end(reader);
    assert_int_equal(reader_offset(reader), 69);
    reader_free(reader);
}

static void test_escaped_quotes(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "escaped-quotes.csv", NULL);
    const pf_record *record = next_ok(reader);
    assert_fields(record, "1", "ha \"ha\" ha");
    assert_raw(record, "1,\"ha \"\"ha\"\" ha\"");
    assert_lines(record, 2, 2);
    record = next_ok(reader);
    assert_fields(record, "\"", "3");
    assert_lines(record, 3, 3);
    assert_clean(record);
    assert_at_end(reader);
    reader_free(reader);
}

static void test_newlines_in_quotes_keep_line_numbers(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "newlines-in-quotes.csv", NULL);
    const pf_record *record = next_ok(reader);
    assert_fields(record, "1", "line one\nline two\nline three");
    assert_lines(record, 2, 4);
    assert_raw(record, "1,\"line one\nline two\nline three\"");
    record = next_ok(reader);
    assert_fields(record, "2", "x");
    assert_lines(record, 5, 5);
    record = next_ok(reader);
    assert_fields(record, "3", "a\nb");
    assert_lines(record, 6, 7);
    record = next_ok(reader);
    assert_fields(record, "4", "end");
    assert_lines(record, 8, 8);
    assert_at_end(reader);
    reader_free(reader);
}

static void test_empty_fields_and_trailing_delimiter(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "empty-fields.csv", NULL);
    assert_fields(next_ok(reader), "1", "", "");
    assert_fields(next_ok(reader), "", "2", "");
    assert_fields(next_ok(reader), "", "", "");
    const pf_record *record = next_ok(reader);
    assert_fields(record, "", "", "");
    assert_lines(record, 5, 5);
    record = next_ok(reader);
    assert_fields(record, "4", "", "x", ""); /* a trailing delimiter is one more, empty, field */
    assert_lines(record, 6, 6);
    assert_at_end(reader);
    reader_free(reader);
}

static void test_fields_are_not_trimmed(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "blanks-kept.csv", NULL);
    assert_fields(next_ok(reader), "  1 ", " Dupont  ", "a\tb");
    assert_at_end(reader);
    reader_free(reader);
}

static void test_lone_cr_ends_lines_like_lf(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "cr-line-ends.csv", NULL);
    assert_false(reader_info(reader)->crlf);
    assert_fields(reader_header(reader), "id", "name");
    const pf_record *record = next_ok(reader);
    assert_fields(record, "1", "a");
    assert_lines(record, 2, 2);
    assert_raw(record, "1,a");
    record = next_ok(reader);
    assert_fields(record, "2", "b\rc");
    assert_lines(record, 3, 4);
    record = next_ok(reader); /* after a blank line */
    assert_fields(record, "3", "d");
    assert_lines(record, 6, 6);
    assert_at_end(reader);
    reader_free(reader);
}

static void test_utf8(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "utf8.csv", NULL);
    assert_int_equal(reader_info(reader)->encoding, PF_ENCODING_UTF8);
    assert_fields(next_ok(reader), "Zoë", "Besançon");
    assert_fields(next_ok(reader), "日本", "東京");
    const pf_record *record = next_ok(reader);
    assert_fields(record, "😀 emoji", "€");
    assert_clean(record);
    assert_lines(record, 4, 4);
    assert_at_end(reader);
    reader_free(reader);
}

static void test_bom_is_skipped(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "bom.csv", NULL);
    assert_true(reader_info(reader)->bom);
    assert_int_equal(reader_info(reader)->encoding, PF_ENCODING_UTF8);
    assert_fields(reader_header(reader), "id", "name");
    assert_raw(reader_header(reader), "id,name");
    assert_fields(next_ok(reader), "1", "Zoë");
    assert_at_end(reader);
    assert_int_equal(reader_offset(reader), 18);
    reader_free(reader);
}

static void test_crlf(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "crlf.csv", NULL);
    assert_true(reader_info(reader)->crlf);
    assert_false(reader_info(reader)->bom);
    assert_fields(reader_header(reader), "id", "name");
    assert_raw(reader_header(reader), "id,name");
    const pf_record *record = next_ok(reader);
    assert_fields(record, "1", "a");
    assert_raw(record, "1,a");
    record = next_ok(reader);
    assert_fields(record, "2", "b\r\nc"); /* a line break inside quotes is data, kept as it is */
    assert_lines(record, 3, 4);
    assert_raw(record, "2,\"b\r\nc\"");
    record = next_ok(reader);
    assert_fields(record, "3", "z");
    assert_lines(record, 5, 5);
    assert_raw(record, "3,\"z\"");
    assert_at_end(reader);
    reader_free(reader);
}

static void test_crlf_bom(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "crlf-bom.csv", NULL);
    const pf_reader_info *info = reader_info(reader);
    assert_true(info->crlf);
    assert_true(info->bom);
    assert_int_equal(info->delimiter, ';');
    assert_fields(reader_header(reader), "id", "name");
    assert_fields(next_ok(reader), "1", "a");
    const pf_record *record = next_ok(reader);
    assert_fields(record, "2", "b");
    assert_lines(record, 3, 3);
    assert_at_end(reader);
    reader_free(reader);
}

static void test_no_final_newline(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "no-final-newline.csv", NULL);
    assert_fields(next_ok(reader), "1", "a");
    const pf_record *record = next_ok(reader);
    assert_fields(record, "2", "b");
    assert_lines(record, 3, 3);
    assert_raw(record, "2,\"b\"");
    assert_at_end(reader);
    reader_free(reader);
}

static void test_header_only(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "header-only.csv", NULL);
    assert_fields(reader_header(reader), "id", "name", "amount");
    assert_at_end(reader);
    /* the header outlives the end of the file */
    assert_fields(reader_header(reader), "id", "name", "amount");
    reader_free(reader);
}

static void test_blank_lines_are_skipped_but_counted(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "blank-lines.csv", NULL);
    assert_lines(reader_header(reader), 2, 2);
    const pf_record *record = next_ok(reader);
    assert_fields(record, "1", "a");
    assert_lines(record, 4, 4);
    record = next_ok(reader);
    assert_fields(record, "2", "b");
    assert_lines(record, 7, 7);
    assert_at_end(reader);
    reader_free(reader);
}

/* ---- dialect ---- */

static void test_semicolon_is_detected(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "semicolon.csv", NULL);
    assert_int_equal(reader_info(reader)->delimiter, ';');
    assert_fields(reader_header(reader), "id", "name", "amount");
    assert_fields(next_ok(reader), "1", "Dupont, SA", "15 000,50");
    assert_at_end(reader);
    reader_free(reader);
}

static void test_tab_is_detected(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "tab.tsv", NULL);
    assert_int_equal(reader_info(reader)->delimiter, '\t');
    assert_fields(reader_header(reader), "id", "name", "note");
    assert_fields(next_ok(reader), "1", "A, B", "x;y");
    assert_at_end(reader);
    reader_free(reader);
}

static void test_quoted_delimiters_in_header_are_not_counted(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "quoted-delimiter-in-header.csv", NULL);
    assert_int_equal(reader_info(reader)->delimiter, ';'); /* 2 outside quotes against 3 commas inside */
    assert_fields(reader_header(reader), "Amount, EUR, total", "Name, full", "id");
    assert_fields(next_ok(reader), "1,5", "A,B", "7");
    assert_at_end(reader);
    reader_free(reader);
}

static void test_forced_delimiter_wins(void **state)
{
    (void)state;
    pf_reader_options options = {.encoding = PF_ENCODING_AUTO, .delimiter = ','};
    pf_reader *reader = open_ok(EDGE "semicolon.csv", &options);
    assert_int_equal(reader_info(reader)->delimiter, ',');
    assert_fields(reader_header(reader), "id;name;amount");
    assert_fields(next_ok(reader), "1;Dupont", " SA;15 000", "50");
    reader_free(reader);
}

static void test_unsupported_forced_delimiter_is_refused(void **state)
{
    (void)state;
    pf_reader_options options = {.encoding = PF_ENCODING_AUTO, .delimiter = '|'};
    expect_open_error(EDGE "semicolon.csv", &options, PF_ERROR_INTERNAL, 0, "unsupported delimiter (byte 124)");
}

/* ---- encodings ---- */

static void test_cp1252_is_detected_and_converted(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "cp1252.csv", NULL);
    assert_int_equal(reader_info(reader)->encoding, PF_ENCODING_CP1252);
    assert_int_equal(reader_info(reader)->delimiter, ';');
    assert_fields(reader_header(reader), "nom", "ville", "montant");
    const pf_record *record = next_ok(reader);
    assert_fields(record, "Société", "Orléans", "15 000 €");
    assert_raw(record, "Société;Orléans;15 000 €");
    assert_clean(record);
    record = next_ok(reader);
    assert_fields(record, "Cœur", "Sèvres", "1");
    assert_lines(record, 3, 3);
    assert_at_end(reader);
    assert_int_equal(reader_offset(reader), 57);
    reader_free(reader);
}

static void test_cp1252_undefined_bytes_become_replacement_characters(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "cp1252-undefined.csv", NULL);
    assert_int_equal(reader_info(reader)->encoding, PF_ENCODING_CP1252);
    const pf_record *record = next_ok(reader);
    assert_fields(record, "1", "a" FFFD "b" FFFD "c");
    assert_clean(record);
    reader_free(reader);
}

static void test_cp1252_every_high_byte_as_iconv_says(void **state)
{
    scratch *s = *state;
    char data[16 + 128];
    memcpy(data, "id;x\n1;", 7);
    for (int i = 0; i < 128; i++)
        data[7 + i] = (char)(0x80 + i);
    data[7 + 128] = '\n';
    write_file(s->path, data, 7 + 128 + 1);

    char expected[3 * 128 + 1];
    size_t len = 0;
    iconv_t converter = iconv_open("UTF-8", "WINDOWS-1252");
    assert_true(converter != (iconv_t)-1);
    int undefined = 0;
    for (int i = 0; i < 128; i++) {
        char in = (char)(0x80 + i);
        char *in_at = &in, *out_at = expected + len;
        size_t in_left = 1, out_left = 4;
        if (iconv(converter, &in_at, &in_left, &out_at, &out_left) == (size_t)-1) {
            memcpy(expected + len, FFFD, 3);
            len += 3;
            undefined++;
        } else {
            len = (size_t)(out_at - expected);
        }
    }
    iconv_close(converter);
    expected[len] = '\0';
    assert_int_equal(undefined, 5); /* 0x81 0x8D 0x8F 0x90 0x9D */

    pf_reader *reader = open_ok(s->path, NULL);
    assert_int_equal(reader_info(reader)->encoding, PF_ENCODING_CP1252);
    const pf_record *record = next_ok(reader);
    assert_fields(record, "1", expected);
    assert_clean(record);
    /* spot checks, independent of iconv */
    assert_memory_equal(record->fields[1], "\xE2\x82\xAC" FFFD "\xE2\x80\x9A", 9); /* €, U+FFFD, ‚ */
    assert_memory_equal(record->fields[1] + len - 2, "\xC3\xBF", 2);               /* ÿ at the end */
    reader_free(reader);
}

static void test_forced_cp1252_converts_even_valid_utf8(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "utf8.csv", &force_cp1252);
    assert_int_equal(reader_info(reader)->encoding, PF_ENCODING_CP1252);
    assert_fields(next_ok(reader), "ZoÃ«", "BesanÃ§on");
    reader_free(reader);
}

static void test_invalid_utf8_forced_is_flagged_and_replaced(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "invalid-utf8-forced.csv", &force_utf8);
    assert_int_equal(reader_info(reader)->encoding, PF_ENCODING_UTF8);
    const pf_record *record = next_ok(reader);
    assert_fields(record, "1", "ok");
    assert_clean(record);
    record = next_ok(reader);
    assert_fields(record, "2", "caf" FFFD);
    assert_int_equal(record->invalid_utf8_field, 1);
    assert_raw(record, "2,caf" FFFD);
    assert_lines(record, 3, 3);
    record = next_ok(reader);
    assert_fields(record, "3", FFFD FFFD " x");
    assert_int_equal(record->invalid_utf8_field, 1);
    record = next_ok(reader);
    assert_fields(record, "4", "fine");
    assert_clean(record);
    assert_at_end(reader);
    reader_free(reader);
}

static void test_invalid_utf8_in_auto_mode_means_cp1252(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "invalid-utf8-forced.csv", NULL);
    assert_int_equal(reader_info(reader)->encoding, PF_ENCODING_CP1252);
    next_ok(reader);
    assert_fields(next_ok(reader), "2", "café");
    const pf_record *record = next_ok(reader);
    assert_fields(record, "3", "ÿþ x");
    assert_clean(record);
    reader_free(reader);
}

static void test_forced_utf8_replaces_maximal_invalid_subparts(void **state)
{
    scratch *s = *state;
    /* overlong "/", a surrogate, beyond U+10FFFF, a truncated € before ASCII, a stray continuation */
    static const char data[] = "id,a,b,c,d,e\n"
                               "1,\xC0\xAF,\xED\xA0\x80,\xF4\x90\x80\x80,\xE2\x82x,\x80\n"
                               "2,\xC3\xA9,\xED\x9F\xBF,\xF4\x8F\xBF\xBF,\xE2\x82\xAC,ok\n";
    write_file(s->path, data, sizeof data - 1);
    pf_reader *reader = open_ok(s->path, &force_utf8);
    const pf_record *record = next_ok(reader);
    assert_fields(record, "1", FFFD FFFD, FFFD FFFD FFFD, FFFD FFFD FFFD FFFD, FFFD "x", FFFD);
    assert_int_equal(record->invalid_utf8_field, 1);
    record = next_ok(reader);
    assert_fields(record, "2", "é", "\xED\x9F\xBF", "\xF4\x8F\xBF\xBF", "€", "ok");
    assert_clean(record);
    reader_free(reader);
}

/* ---- files that cannot be used ---- */

static void test_empty_file_is_an_error(void **state)
{
    (void)state;
    expect_open_error(EDGE "empty.csv", NULL, PF_ERROR_DATA, 0, "is empty");
}

static void test_bom_and_blank_lines_only_is_empty(void **state)
{
    (void)state;
    expect_open_error(EDGE "bom-blank-lines.csv", NULL, PF_ERROR_DATA, 0, "is empty");
}

static void test_header_of_empty_names_is_no_header(void **state)
{
    (void)state;
    expect_open_error(EDGE "header-empty-names.csv", NULL, PF_ERROR_DATA, 1,
                      "has no header line (this first line holds only empty column names)");
}

static void test_binary_file_is_not_text(void **state)
{
    (void)state;
    expect_open_error(EDGE "binary.csv", NULL, PF_ERROR_DATA, 0, "is not a text file (binary data at byte 11)");
}

static void test_utf16_with_bom_is_decoded(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "utf16.csv", NULL);
    assert_int_equal(reader_info(reader)->encoding, PF_ENCODING_UTF16LE);
    assert_true(reader_info(reader)->bom);
    assert_fields(reader_header(reader), "id");
    assert_at_end(reader);
    reader_free(reader);
}

/* text (UTF-8) converted by iconv to encoding, after bom (NULL: none); *len gets the size. */
static char *to_utf16(const char *text, size_t n, const char *encoding, const char *bom, size_t *len)
{
    size_t bom_len = bom ? 2 : 0, cap = 2 * n + 8;
    char *out = malloc(cap);
    assert_non_null(out);
    if (bom)
        memcpy(out, bom, 2);
    iconv_t cd = iconv_open(encoding, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    char *in = (char *)text, *at = out + bom_len;
    size_t in_left = n, out_left = cap - bom_len;
    assert_true(iconv(cd, &in, &in_left, &at, &out_left) != (size_t)-1);
    iconv_close(cd);
    *len = (size_t)(at - out);
    return out;
}

/* Bytes text takes in UTF-16. */
static size_t utf16_size(const char *text, size_t n)
{
    size_t size = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        if ((c & 0xC0) != 0x80)
            size += c >= 0xF0 ? 4 : 2;
    }
    return size;
}

/* Several megabytes of rows with accents and emoji (surrogate pairs), one of them cut by the end of the
 * first read: UTF-16LE with a BOM, UTF-16BE with a BOM and UTF-16LE without one give exactly the records
 * (fields, raw text, line numbers) of the UTF-8 file. */
static void test_utf16_gives_the_records_of_utf8(void **state)
{
    scratch *s = *state;
    text_builder t = {NULL, 0, 0, 1};
    puts_text(&t, "id,text,amount\r\n");
    char row[256];
    long id = 0;
    /* rows up to the first read's end, then a row whose emoji starts 2 bytes before it (BOM included) */
    while (2 + utf16_size(t.data, t.len) < PF_READER_BUFFER_SIZE - 400) {
        snprintf(row, sizeof row, "%ld,\"Société n°%ld, Île\",%ld.50\r\n", id, id, id * 7);
        id++;
        puts_text(&t, row);
    }
    size_t at = 2 + utf16_size(t.data, t.len) + utf16_size("X,", 2); /* where the padding text starts */
    size_t pad = (PF_READER_BUFFER_SIZE - 2 - at) / 2;
    memset(row, 'p', pad);
    row[pad] = '\0';
    put(&t, "X,", 2);
    puts_text(&t, row);
    puts_text(&t, "😀 cut,1\r\n");
    for (; id < 90000; id++) {
        snprintf(row, sizeof row, "%ld,%s%ld,%ld\r\n", id, id % 3 ? "😀 Ærø " : "plain ", id, id % 1000);
        puts_text(&t, row);
    }
    size_t le_len, be_len, bare_len;
    char *le = to_utf16(t.data, t.len, "UTF-16LE", "\xFF\xFE", &le_len);
    char *be = to_utf16(t.data, t.len, "UTF-16BE", "\xFE\xFF", &be_len);
    char *bare = to_utf16(t.data, t.len, "UTF-16LE", NULL, &bare_len);
    assert_memory_equal(le + PF_READER_BUFFER_SIZE - 2, "\x3D\xD8\x00\xDE", 4); /* U+1F600 cut in two */
    char utf8_path[160];
    snprintf(utf8_path, sizeof utf8_path, "%s/utf8.csv", s->dir);
    write_file(utf8_path, t.data, t.len);
    const char *const names[] = {"UTF-16LE", "UTF-16BE", "UTF-16LE without BOM"};
    const char *const files[] = {le, be, bare};
    const size_t lengths[] = {le_len, be_len, bare_len};
    const pf_encoding encodings[] = {PF_ENCODING_UTF16LE, PF_ENCODING_UTF16BE, PF_ENCODING_UTF16LE};
    for (int k = 0; k < 3; k++) {
        write_file(s->path, files[k], lengths[k]);
        pf_reader *utf8 = open_ok(utf8_path, NULL);
        pf_reader *utf16 = open_ok(s->path, NULL);
        assert_int_equal(reader_info(utf16)->encoding, encodings[k]);
        assert_int_equal(reader_info(utf16)->bom, k < 2);
        assert_int_equal(reader_info(utf16)->delimiter, ',');
        assert_true(reader_info(utf16)->crlf);
        long count = 0;
        for (;;) {
            const pf_record *a = next_ok(utf8);
            if (!a) {
                assert_null(next_ok(utf16));
                break;
            }
            const pf_record *b = next_ok(utf16);
            if (!b)
                print_error("%s: ends early after %ld records\n", names[k], count);
            assert_non_null(b);
            assert_int_equal(a->field_count, b->field_count);
            assert_int_equal(a->line, b->line);
            assert_int_equal(a->raw_length, b->raw_length);
            assert_memory_equal(a->raw, b->raw, a->raw_length);
            for (size_t i = 0; i < a->field_count; i++)
                assert_string_equal(a->fields[i], b->fields[i]);
            assert_clean(b);
            count++;
        }
        assert_int_equal(count, 90001);
        assert_int_equal(reader_offset(utf16), lengths[k]);
        char hex[65];
        assert_true(reader_sha256(utf16, hex));
        reader_free(utf8);
        reader_free(utf16);
    }
    unlink(utf8_path);
    free(le);
    free(be);
    free(bare);
    free(t.data);
}

static void test_utf16_unpaired_surrogate_is_an_error(void **state)
{
    scratch *s = *state;
    /* "id\n" then a low surrogate alone (DC00) on line 2 */
    write_file(s->path,
               "\xFF\xFEi\0d\0\n\0"
               "a\0\x00\xDC\n\0",
               14);
    pf_reader *reader = NULL;
    pf_error_context err;
    pf_error_clear(&err);
    assert_int_equal(reader_open(s->path, NULL, &reader, &err), PF_ERROR_DATA);
    assert_null(reader);
    assert_string_equal(err.message, "is not valid UTF-16LE text: an unpaired surrogate (or a character cut "
                                     "short) at byte 11; re-save it from the program that wrote it");
    /* a high surrogate followed by a letter */
    write_file(s->path, "\xFE\xFF\0i\0d\0\n\xD8\x3D\0a\0\n", 14);
    assert_int_equal(reader_open(s->path, NULL, &reader, &err), PF_ERROR_DATA);
    assert_string_equal(err.message, "is not valid UTF-16BE text: an unpaired surrogate (or a character cut "
                                     "short) at byte 9; re-save it from the program that wrote it");
    /* an odd last byte */
    write_file(s->path, "\xFF\xFEi\0d\0\n\0a", 9);
    assert_int_equal(reader_open(s->path, NULL, &reader, &err), PF_ERROR_DATA);
    assert_string_equal(err.message,
                        "is not valid UTF-16LE text: it ends in the middle of a character (byte 9)");
}

static void test_missing_file(void **state)
{
    (void)state;
    expect_open_error(EDGE "no-such-file.csv", NULL, PF_ERROR_NO_INPUT, 0,
                      "cannot open: No such file or directory");
}

static void test_folder_is_not_a_file(void **state)
{
    (void)state;
    expect_open_error("fixtures/edge", NULL, PF_ERROR_NO_INPUT, 0, "cannot open: Is a directory");
}

/* A file its user may not read. Root reads every file (CI runs as root), so there the reading runs in a
 * child process that has first become the unprivileged user nobody (65534). */
static void test_unreadable_file(void **state)
{
    scratch *s = *state;
    write_file(s->path, "id\n1\n", 5);
    assert_int_equal(chmod(s->path, 0), 0);
    if (geteuid() != 0) {
        expect_open_error(s->path, NULL, PF_ERROR_NO_INPUT, 0, "cannot open: Permission denied");
        return;
    }
    assert_int_equal(chmod(s->dir, 0755), 0); /* the folder open to nobody, the file not */
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0)
            _exit(2);
        pf_reader *reader = (pf_reader *)&reader;
        pf_error_context err;
        pf_error_clear(&err);
        pf_error code = reader_open(s->path, NULL, &reader, &err);
        _exit(code == PF_ERROR_NO_INPUT && reader == NULL && strcmp(err.file, s->path) == 0 &&
                      strcmp(err.message, "cannot open: Permission denied") == 0
                  ? 0
                  : 1);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0); /* 2: could not become nobody; 1: not the expected error */
}

/* ---- quotes ---- */

static void test_unterminated_quote_is_an_error_at_its_record_start(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "unterminated-quote.csv", NULL);
    assert_fields(next_ok(reader), "1", "ok");
    const pf_record *record = (const pf_record *)1;
    pf_error_context err;
    pf_error_clear(&err);
    assert_int_equal(reader_next(reader, &record, &err), PF_ERROR_DATA);
    assert_null(record);
    assert_string_equal(err.file, EDGE "unterminated-quote.csv");
    assert_int_equal(err.line, 3);
    assert_string_equal(err.message, "a quoted field in the record starting on this line is never closed");
    /* the error sticks */
    pf_error_clear(&err);
    assert_int_equal(reader_next(reader, &record, &err), PF_ERROR_DATA);
    assert_int_equal(err.line, 3);
    reader_free(reader);
}

static void test_unterminated_quote_in_header(void **state)
{
    (void)state;
    expect_open_error(EDGE "unterminated-quote-header.csv", NULL, PF_ERROR_DATA, 1,
                      "a quoted field in the record starting on this line is never closed");
}

static void test_malformed_quote_in_header(void **state)
{
    (void)state;
    expect_open_error(EDGE "malformed-quote-header.csv", NULL, PF_ERROR_DATA, 1,
                      "malformed quotes in the header, column 2: a quote may only enclose a whole name, and a "
                      "quote inside it must be doubled");
}

/* The header's first record holds no field when the quote breaks it: the reader then has no field arrays at
 * all, which it must handle without pointer arithmetic on NULL (clang's UBSan found it). */
static void test_malformed_quote_in_first_header_name(void **state)
{
    (void)state;
    expect_open_error(EDGE "quote-after-first-header-name.csv", NULL, PF_ERROR_DATA, 1,
                      "malformed quotes in the header, column 1: a quote may only enclose a whole name, and a "
                      "quote inside it must be doubled");
}

static void test_stray_quotes_give_records_to_reject(void **state)
{
    (void)state;
    pf_reader *reader = open_ok(EDGE "stray-quote.csv", NULL);
    const pf_record *record = next_ok(reader); /* 1,Dupont "Jr",Paris */
    assert_int_equal(record->malformed_quote_field, 1);
    assert_int_equal(record->invalid_utf8_field, -1);
    assert_fields(record, "1");
    assert_lines(record, 2, 2);
    assert_raw(record, "1,Dupont \"Jr\",Paris");
    record = next_ok(reader); /* 2,"Martin" SA,Lyon */
    assert_int_equal(record->malformed_quote_field, 1);
    assert_lines(record, 3, 3);
    assert_raw(record, "2,\"Martin\" SA,Lyon");
    record = next_ok(reader); /* parsing resumes cleanly */
    assert_fields(record, "3", "ok", "Nice");
    assert_clean(record);
    assert_lines(record, 4, 4);
    record = next_ok(reader); /* 4, "spaced",Metz: a blank before the opening quote */
    assert_int_equal(record->malformed_quote_field, 1);
    assert_lines(record, 5, 5);
    record = next_ok(reader); /* a quoted field over two lines, then text after its closing quote */
    assert_int_equal(record->malformed_quote_field, 1);
    assert_fields(record, "5");
    assert_lines(record, 6, 7);
    assert_raw(record, "5,\"multi\nline\"x,Brest");
    record = next_ok(reader);
    assert_fields(record, "6", "last", "Caen");
    assert_clean(record);
    assert_lines(record, 8, 8);
    assert_at_end(reader);
    reader_free(reader);
}

static void test_stray_quote_on_last_line_without_newline(void **state)
{
    scratch *s = *state;
    write_file(s->path, "id,name\n1,a\"b", 13);
    pf_reader *reader = open_ok(s->path, NULL);
    const pf_record *record = next_ok(reader);
    assert_int_equal(record->malformed_quote_field, 1);
    assert_lines(record, 2, 2);
    assert_raw(record, "1,a\"b");
    assert_at_end(reader);
    reader_free(reader);
}

/* ---- buffers and streaming ---- */

static void test_multibyte_characters_split_across_read_buffers(void **state)
{
    scratch *s = *state;
    const size_t size = PF_READER_BUFFER_SIZE;
    text_builder t = {NULL, 0, 0, 1};
    long rows = 0;
    puts_text(&t, "id,text\n");
    char *fields[3];
    long lines[3];
    pad_rows(&t, size, &rows);
    lines[0] = t.line;
    put_split_row(&t, size, 1, "é", 100001, &fields[0]); /* C3 | A9 */
    pad_rows(&t, 2 * size, &rows);
    lines[1] = t.line;
    put_split_row(&t, 2 * size, 2, "😀", 100002, &fields[1]); /* F0 9F | 98 80 */
    pad_rows(&t, 3 * size, &rows);
    lines[2] = t.line;
    put_split_row(&t, 3 * size, 1, "€", 100003, &fields[2]); /* E2 | 82 AC */
    puts_text(&t, "last,row\n");
    assert_memory_equal(t.data + size - 1, "\xC3\xA9", 2);
    assert_memory_equal(t.data + 2 * size - 2, "\xF0\x9F\x98\x80", 4);
    assert_memory_equal(t.data + 3 * size - 1, "\xE2\x82\xAC", 3);
    write_file(s->path, t.data, t.len);

    pf_reader *reader = open_ok(s->path, NULL);
    assert_int_equal(reader_info(reader)->encoding, PF_ENCODING_UTF8);
    assert_int_equal(reader_info(reader)->size, t.len);
    int found = 0;
    long count = 0;
    const pf_record *record;
    while ((record = next_ok(reader)) != NULL) {
        count++;
        assert_clean(record);
        assert_int_equal(record->field_count, 2);
        assert_int_equal(record->line, count + 1);
        for (int i = 0; i < 3; i++) {
            if (record->line != lines[i])
                continue;
            assert_string_equal(record->fields[1], fields[i]);
            assert_int_equal(record->raw_length, strlen(record->fields[0]) + 1 + strlen(fields[i]));
            found++;
        }
    }
    assert_int_equal(found, 3);
    assert_int_equal(count, rows + 4);
    assert_int_equal(reader_offset(reader), t.len);
    reader_free(reader);

    /* the same in forced UTF-8 mode, where every record is checked on its own */
    reader = open_ok(s->path, &force_utf8);
    count = 0;
    while ((record = next_ok(reader)) != NULL) {
        count++;
        assert_clean(record);
    }
    assert_int_equal(count, rows + 4);
    reader_free(reader);
    for (int i = 0; i < 3; i++)
        free(fields[i]);
    free(t.data);
}

/* Rows of 100 bytes ending in the given line end, up to the buffer boundary; then cut is placed so that
 * the first byte of its line end is the last byte of the first buffer. */
static void put_rows_ending(text_builder *t, size_t target, const char *line_end, long *rows)
{
    char row[101];
    size_t end_len = strlen(line_end);
    while (t->len + 200 < target) {
        int n = snprintf(row, sizeof row, "%ld,", ++*rows);
        memset(row + n, 'x', 100 - end_len - (size_t)n);
        memcpy(row + 100 - end_len, line_end, end_len);
        put(t, row, 100);
    }
    int n = snprintf(row, sizeof row, "%ld,", ++*rows);
    put(t, row, (size_t)n);
    while (t->len < target - 1)
        put(t, "y", 1);
    put(t, line_end, end_len);
}

static void check_line_ends_across_boundary(const char *path, const char *line_end)
{
    text_builder t = {NULL, 0, 0, 1};
    long rows = 0;
    put(&t, "id,text", 7);
    put(&t, line_end, strlen(line_end));
    put_rows_ending(&t, PF_READER_BUFFER_SIZE, line_end, &rows);
    /* a quoted line break cut by the next boundary, then a last row */
    size_t second = 2 * PF_READER_BUFFER_SIZE;
    put_rows_ending(&t, second - 300, line_end, &rows);
    put(&t, "q,\"a", 4);
    while (t.len < second - 1)
        put(&t, "b", 1);
    put(&t, line_end, strlen(line_end));
    put(&t, "c\"", 2);
    put(&t, line_end, strlen(line_end));
    put(&t, "end,z", 5);
    put(&t, line_end, strlen(line_end));
    /* the line ends really are cut by the buffer boundaries */
    assert_int_equal(t.data[PF_READER_BUFFER_SIZE - 1], '\r');
    assert_true((t.data[PF_READER_BUFFER_SIZE] == '\n') == (line_end[1] == '\n'));
    assert_int_equal(t.data[second - 1], '\r');
    assert_int_equal(t.data[second], line_end[1] ? '\n' : 'c');
    write_file(path, t.data, t.len);

    pf_reader *reader = open_ok(path, NULL);
    const pf_record *record;
    long count = 0, line = 2;
    while ((record = next_ok(reader)) != NULL) {
        count++;
        assert_clean(record);
        assert_int_equal(record->field_count, 2);
        assert_int_equal(record->line, line);
        if (strcmp(record->fields[0], "q") == 0) {
            assert_int_equal(record->last_line, line + 1);
            size_t len = record->lengths[1];
            assert_true(len > strlen(line_end) + 2);
            assert_memory_equal(record->fields[1] + len - strlen(line_end) - 1, line_end, strlen(line_end));
            line++;
        } else {
            assert_int_equal(record->last_line, line);
            assert_true(record->raw[record->raw_length - 1] != '\r');
        }
        line++;
    }
    assert_int_equal(count, rows + 2);
    assert_int_equal(line, t.line);
    reader_free(reader);
    free(t.data);
}

static void test_crlf_cut_by_the_read_buffer(void **state)
{
    scratch *s = *state;
    check_line_ends_across_boundary(s->path, "\r\n");
}

static void test_lone_cr_at_the_end_of_the_read_buffer(void **state)
{
    scratch *s = *state;
    check_line_ends_across_boundary(s->path, "\r");
}

static void test_invalid_byte_beyond_first_buffer_means_cp1252(void **state)
{
    scratch *s = *state;
    text_builder t = {NULL, 0, 0, 1};
    long rows = 0;
    puts_text(&t, "id,text\n");
    pad_rows(&t, PF_READER_BUFFER_SIZE + PF_READER_BUFFER_SIZE / 2, &rows);
    long line = t.line;
    puts_text(&t, "late,caf\xE9\n");
    write_file(s->path, t.data, t.len);
    pf_reader *reader = open_ok(s->path, NULL);
    assert_int_equal(reader_info(reader)->encoding, PF_ENCODING_CP1252);
    const pf_record *record;
    long count = 0;
    while ((record = next_ok(reader)) != NULL) {
        count++;
        if (record->line == line)
            assert_fields(record, "late", "café");
    }
    assert_int_equal(count, rows + 1);
    assert_int_equal(reader_offset(reader), t.len);
    reader_free(reader);
    free(t.data);
}

static void test_quoted_field_bigger_than_the_read_buffer(void **state)
{
    scratch *s = *state;
    text_builder t = {NULL, 0, 0, 1};
    text_builder expected = {NULL, 0, 0, 1};
    puts_text(&t, "id,blob,after\n");
    puts_text(&t, "1,\"");
    char chunk[1001];
    for (int i = 0; i < 3300; i++) { /* ~3.3 MiB, over four buffers */
        memset(chunk, 'a' + i % 26, 996);
        memcpy(chunk + 996, "\"\"\r\n", 4); /* a doubled quote and a CRLF inside the quotes */
        put(&t, chunk, 1000);
        put(&expected, chunk, 997);
        put(&expected, "\r\n", 2);
    }
    puts_text(&t, "\",z\n2,b,c\n");
    write_file(s->path, t.data, t.len);

    pf_reader *reader = open_ok(s->path, NULL);
    const pf_record *record = next_ok(reader);
    assert_non_null(record);
    assert_int_equal(record->field_count, 3);
    assert_string_equal(record->fields[0], "1");
    assert_int_equal(record->lengths[1], expected.len);
    assert_memory_equal(record->fields[1], expected.data, expected.len);
    assert_string_equal(record->fields[2], "z");
    assert_lines(record, 2, 2 + 3300);
    assert_int_equal(record->raw_length, t.len - strlen("id,blob,after\n") - strlen("\n2,b,c\n"));
    assert_memory_equal(record->raw, t.data + strlen("id,blob,after\n"), record->raw_length);
    record = next_ok(reader);
    assert_fields(record, "2", "b", "c");
    assert_lines(record, 3303, 3303);
    assert_at_end(reader);
    reader_free(reader);
    free(t.data);
    free(expected.data);
}

static void test_nul_byte_after_64k_is_invalid_text(void **state)
{
    scratch *s = *state;
    text_builder t = {NULL, 0, 0, 1};
    long rows = 0;
    puts_text(&t, "id,text\n");
    pad_rows(&t, 100000, &rows);
    long line = t.line;
    put(&t, "nul,a\0b\n", 8);
    puts_text(&t, "after,ok\n");
    write_file(s->path, t.data, t.len);
    pf_reader *reader = open_ok(s->path, NULL);
    assert_int_equal(reader_info(reader)->encoding, PF_ENCODING_UTF8);
    const pf_record *record;
    int flagged = 0;
    while ((record = next_ok(reader)) != NULL) {
        if (record->line == line) {
            assert_fields(record, "nul", "a" FFFD "b");
            assert_int_equal(record->invalid_utf8_field, 1);
            assert_raw(record, "nul,a" FFFD "b");
            flagged++;
        } else {
            assert_clean(record);
        }
    }
    assert_int_equal(flagged, 1);
    reader_free(reader);
    free(t.data);
}

/* Writes len bytes into a pipe from a child process; returns the read end. */
static int pipe_from_child(const char *data, size_t len, pid_t *child)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    *child = fork();
    assert_true(*child >= 0);
    if (*child == 0) {
        close(fds[0]);
        size_t done = 0;
        while (done < len) {
            ssize_t n = write(fds[1], data + done, len - done);
            if (n <= 0)
                _exit(1);
            done += (size_t)n;
        }
        _exit(0);
    }
    close(fds[1]);
    return fds[0];
}

static void test_pipe_decides_on_first_buffer_then_checks_records(void **state)
{
    (void)state;
    text_builder t = {NULL, 0, 0, 1};
    long rows = 0;
    puts_text(&t, "id,text\n");
    pad_rows(&t, PF_READER_BUFFER_SIZE + 5000, &rows);
    long line = t.line;
    puts_text(&t, "late,caf\xE9\n");
    pid_t child;
    int fd = pipe_from_child(t.data, t.len, &child);
    char path[64];
    snprintf(path, sizeof path, "/dev/fd/%d", fd);
    pf_reader *reader = open_ok(path, NULL);
    assert_int_equal(reader_info(reader)->size, 0);
    assert_int_equal(reader_info(reader)->encoding, PF_ENCODING_UTF8);
    const pf_record *record;
    long count = 0;
    while ((record = next_ok(reader)) != NULL) {
        count++;
        if (record->line == line) {
            assert_fields(record, "late", "caf" FFFD);
            assert_int_equal(record->invalid_utf8_field, 1);
        } else {
            assert_clean(record);
        }
    }
    assert_int_equal(count, rows + 1);
    reader_free(reader);
    close(fd);
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    free(t.data);
}

static void test_small_pipe_is_checked_whole(void **state)
{
    (void)state;
    static const char data[] = "id;ville\n1;Orl\xE9"
                               "ans\n";
    pid_t child;
    int fd = pipe_from_child(data, sizeof data - 1, &child);
    char path[64];
    snprintf(path, sizeof path, "/dev/fd/%d", fd);
    pf_reader *reader = open_ok(path, NULL);
    assert_int_equal(reader_info(reader)->encoding, PF_ENCODING_CP1252);
    assert_fields(next_ok(reader), "1", "Orléans");
    assert_at_end(reader);
    reader_free(reader);
    close(fd);
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
}

/* ---- the producer: lines cut without libcsv, the background thread, prepare, SHA-256 ---- */

static unsigned next_random(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 16) & 0x7FFF;
}

/* A line of 1 to 80 bytes without quotes or line ends, rich in delimiters, blanks and UTF-8. */
static size_t random_plain_line(unsigned *seed, char *line)
{
    static const char *const pieces[] = {"a", "bc", " ", "\t", ",", ";", ",", ";", "\xC3\xA9", "12.50", "x y"};
    size_t n = 0, want = 1 + next_random(seed) % 80;
    while (n < want) {
        const char *piece = pieces[next_random(seed) % (sizeof pieces / sizeof pieces[0])];
        memcpy(line + n, piece, strlen(piece));
        n += strlen(piece);
    }
    line[n] = '\0';
    return n;
}

/* The fields of a line without quotes: the text cut at each delimiter. */
static size_t split_plain(char *line, char delimiter, char **fields)
{
    size_t count = 0;
    fields[count++] = line;
    for (char *at = line; *at; at++)
        if (*at == delimiter) {
            *at = '\0';
            fields[count++] = at + 1;
        }
    return count;
}

/* Each random line is followed by the same line with a quoted field added, which only libcsv reads: both
 * must give the same fields (and those of a plain cut), line numbers and raw text. */
static void check_plain_lines(const char *path, char delimiter)
{
    unsigned seed = (unsigned char)delimiter;
    text_builder t = {NULL, 0, 0, 1};
    puts_text(&t, "h\n");
    char line[128], quoted[160];
    for (int i = 0; i < 3000; i++) {
        size_t n = random_plain_line(&seed, line);
        put(&t, line, n);
        put(&t, i % 3 ? "\n" : "\r\n", i % 3 ? 1 : 2);
        int q = snprintf(quoted, sizeof quoted, "%s%c\"q\"\n", line, delimiter);
        put(&t, quoted, (size_t)q);
    }
    write_file(path, t.data, t.len);

    pf_reader_options options = {.encoding = PF_ENCODING_UTF8, .delimiter = delimiter};
    pf_reader *reader = open_ok(path, &options);
    seed = (unsigned char)delimiter;
    char *expected[128];
    for (int i = 0; i < 3000; i++) {
        size_t n = random_plain_line(&seed, line);
        char raw[128];
        memcpy(raw, line, n + 1);
        size_t count = split_plain(line, delimiter, expected);
        const pf_record *plain = next_ok(reader);
        assert_non_null(plain);
        assert_lines(plain, 2 + 2 * i, 2 + 2 * i);
        check_raw(plain, raw, n, __FILE__, __LINE__);
        assert_clean(plain);
        assert_int_equal(plain->field_count, count);
        for (size_t f = 0; f < count; f++) {
            assert_int_equal(plain->lengths[f], strlen(expected[f]));
            assert_string_equal(plain->fields[f], expected[f]);
        }
        const pf_record *through_libcsv = next_ok(reader);
        assert_non_null(through_libcsv);
        assert_lines(through_libcsv, 3 + 2 * i, 3 + 2 * i);
        assert_int_equal(through_libcsv->field_count, count + 1);
        for (size_t f = 0; f < count; f++) {
            assert_int_equal(through_libcsv->lengths[f], strlen(expected[f]));
            assert_string_equal(through_libcsv->fields[f], expected[f]);
        }
        assert_string_equal(through_libcsv->fields[count], "q");
    }
    assert_at_end(reader);
    reader_free(reader);
    free(t.data);
}

static void test_lines_without_quotes_are_cut_as_libcsv_cuts_them(void **state)
{
    scratch *s = *state;
    check_plain_lines(s->path, ',');
    check_plain_lines(s->path, ';');
    check_plain_lines(s->path, '\t');
}

/* A file of several read buffers (so read in the background) with plain and quoted rows. */
static void put_mixed_rows(text_builder *t, size_t target, long *rows)
{
    char row[200];
    while (t->len < target) {
        ++*rows;
        int n = *rows % 7 == 0 ? snprintf(row, sizeof row, "%ld,\"q, %ld\",\xC3\xA9t\xC3\xA9\n", *rows, *rows)
                               : snprintf(row, sizeof row, "%ld,plain %ld,x\n", *rows, *rows * 3);
        put(t, row, (size_t)n);
    }
}

static void check_mixed_row(const pf_record *record, long row)
{
    char a[32], b[32];
    snprintf(a, sizeof a, "%ld", row);
    if (row % 7 == 0)
        snprintf(b, sizeof b, "q, %ld", row);
    else
        snprintf(b, sizeof b, "plain %ld", row * 3);
    assert_fields(record, a, b, row % 7 == 0 ? "\xC3\xA9t\xC3\xA9" : "x");
    assert_lines(record, row + 1, row + 1);
    assert_clean(record);
}

static void test_background_reading_keeps_every_record_and_its_line(void **state)
{
    scratch *s = *state;
    text_builder t = {NULL, 0, 0, 1};
    long rows = 0;
    puts_text(&t, "id,text,more\n");
    put_mixed_rows(&t, 5 * PF_READER_BUFFER_SIZE + 12345, &rows);
    write_file(s->path, t.data, t.len);
    for (int pass = 0; pass < 2; pass++) { /* auto, then forced UTF-8 (checked per chunk) */
        pf_reader *reader = open_ok(s->path, pass ? &force_utf8 : NULL);
        const pf_record *record;
        long count = 0;
        while ((record = next_ok(reader)) != NULL)
            check_mixed_row(record, ++count);
        assert_int_equal(count, rows);
        assert_int_equal(reader_offset(reader), t.len);
        assert_at_end(reader);
        reader_free(reader);
    }
    free(t.data);
}

static void test_error_in_background_comes_after_the_records_before_it(void **state)
{
    scratch *s = *state;
    text_builder t = {NULL, 0, 0, 1};
    long rows = 0;
    puts_text(&t, "id,text,more\n");
    put_mixed_rows(&t, 3 * PF_READER_BUFFER_SIZE, &rows);
    long line = t.line;
    puts_text(&t, "bad,\"never closed\nmore\n");
    write_file(s->path, t.data, t.len);
    pf_reader *reader = open_ok(s->path, NULL);
    for (long row = 1; row <= rows; row++)
        check_mixed_row(next_ok(reader), row);
    const pf_record *record = (const pf_record *)1;
    pf_error_context err;
    pf_error_clear(&err);
    assert_int_equal(reader_next(reader, &record, &err), PF_ERROR_DATA);
    assert_null(record);
    assert_int_equal(err.line, line);
    assert_string_equal(err.message, "a quoted field in the record starting on this line is never closed");
    char hex[65];
    assert_false(reader_sha256(reader, hex));
    pf_error_clear(&err);
    assert_int_equal(reader_next(reader, &record, &err), PF_ERROR_DATA);
    assert_int_equal(err.line, line);
    reader_free(reader);
    free(t.data);
}

static void test_free_while_reading_in_background(void **state)
{
    scratch *s = *state;
    text_builder t = {NULL, 0, 0, 1};
    long rows = 0;
    puts_text(&t, "id,text,more\n");
    put_mixed_rows(&t, 8 * PF_READER_BUFFER_SIZE, &rows);
    write_file(s->path, t.data, t.len);
    for (long stop = 0; stop < 3; stop++) {
        pf_reader *reader = open_ok(s->path, NULL);
        for (long row = 1; row <= stop * 20000; row++)
            check_mixed_row(next_ok(reader), row);
        reader_free(reader); /* the thread is stopped, whatever it was doing */
    }
    free(t.data);
}

static void sha256_hex(const char *data, size_t len, char hex[65])
{
    struct sha256_ctx ctx;
    unsigned char digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, (const uint8_t *)data);
    sha256_digest(&ctx, sizeof digest, digest);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

static void test_sha256_of_the_bytes_read(void **state)
{
    scratch *s = *state;
    text_builder t = {NULL, 0, 0, 1};
    long rows = 0;
    puts_text(&t, "\xEF\xBB\xBFid,text,more\n"); /* the BOM counts */
    size_t sizes[] = {100, 3 * PF_READER_BUFFER_SIZE + 777};
    for (int i = 0; i < 2; i++) {
        put_mixed_rows(&t, sizes[i], &rows);
        write_file(s->path, t.data, t.len);
        char expected[65], hex[65];
        sha256_hex(t.data, t.len, expected);
        pf_reader *reader = open_ok(s->path, i ? &force_utf8 : NULL);
        assert_false(reader_sha256(reader, hex)); /* not before the end */
        while (next_ok(reader))
            ;
        assert_true(reader_sha256(reader, hex));
        assert_string_equal(hex, expected);
        reader_free(reader);
    }
    free(t.data);
}

/* Around the first read's size (hashed on the caller's thread, the rest by the hasher), in Windows-1252
 * (converted: the hash is of the bytes before conversion) and in auto mode (hashed during detection). */
static void test_sha256_at_the_first_read_boundary_and_in_cp1252(void **state)
{
    scratch *s = *state;
    size_t sizes[] = {PF_READER_BUFFER_SIZE - 1, PF_READER_BUFFER_SIZE, PF_READER_BUFFER_SIZE + 1,
                      2 * PF_READER_BUFFER_SIZE + 3};
    for (int latin1 = 0; latin1 < 2; latin1++) {
        for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
            text_builder t = {NULL, 0, 0, 1};
            long rows = 0;
            puts_text(&t, latin1 ? "id,ville\n1,Orl\xE9"
                                   "ans\n"
                                 : "id,text\n");
            pad_rows(&t, sizes[i], &rows);
            while (t.len < sizes[i] - 1)
                puts_text(&t, "x");
            puts_text(&t, "\n");
            assert_int_equal(t.len, sizes[i]);
            write_file(s->path, t.data, t.len);
            char expected[65], hex[65];
            sha256_hex(t.data, t.len, expected);
            pf_reader *reader = open_ok(s->path, NULL);
            assert_int_equal(reader_info(reader)->encoding, latin1 ? PF_ENCODING_CP1252 : PF_ENCODING_UTF8);
            long count = 0;
            while (next_ok(reader))
                count++;
            assert_int_equal(count, rows + 1 + latin1);
            assert_true(reader_sha256(reader, hex));
            assert_string_equal(hex, expected);
            reader_free(reader);
            free(t.data);
        }
    }
}

/* A pipe cannot be read twice: the background thread hashes what it reads. */
static void test_sha256_of_a_big_pipe(void **state)
{
    (void)state;
    text_builder t = {NULL, 0, 0, 1};
    long rows = 0;
    puts_text(&t, "id,text,more\n");
    put_mixed_rows(&t, 3 * PF_READER_BUFFER_SIZE + 99, &rows);
    char expected[65], hex[65];
    sha256_hex(t.data, t.len, expected);
    pid_t child;
    int fd = pipe_from_child(t.data, t.len, &child);
    char path[64];
    snprintf(path, sizeof path, "/dev/fd/%d", fd);
    pf_reader *reader = open_ok(path, NULL);
    for (long row = 1; row <= rows; row++)
        check_mixed_row(next_ok(reader), row);
    assert_null(next_ok(reader));
    assert_true(reader_sha256(reader, hex));
    assert_string_equal(hex, expected);
    reader_free(reader);
    close(fd);
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    free(t.data);
}

/* The hasher reads the file on its own: a file that grows while it is read has either the digest of every
 * byte returned, or none — never that of other bytes. */
static void test_sha256_of_a_file_growing_while_read(void **state)
{
    scratch *s = *state;
    text_builder t = {NULL, 0, 0, 1};
    long rows = 0;
    puts_text(&t, "id,text,more\n");
    put_mixed_rows(&t, 3 * PF_READER_BUFFER_SIZE, &rows);
    write_file(s->path, t.data, t.len);
    pf_reader *reader = open_ok(s->path, NULL);
    long before = rows;
    put_mixed_rows(&t, 4 * PF_READER_BUFFER_SIZE, &rows);
    FILE *f = fopen(s->path, "ab");
    assert_non_null(f);
    size_t old_len = 0;
    for (text_builder u = {NULL, 0, 0, 1}; u.len == 0;) { /* the length written before */
        long r = 0;
        puts_text(&u, "id,text,more\n");
        put_mixed_rows(&u, 3 * PF_READER_BUFFER_SIZE, &r);
        assert_int_equal(r, before);
        old_len = u.len;
        free(u.data);
    }
    assert_int_equal(fwrite(t.data + old_len, 1, t.len - old_len, f), t.len - old_len);
    assert_int_equal(fclose(f), 0);
    for (long row = 1; row <= rows; row++)
        check_mixed_row(next_ok(reader), row);
    assert_null(next_ok(reader));
    char expected[65], hex[65];
    sha256_hex(t.data, t.len, expected);
    if (reader_sha256(reader, hex))
        assert_string_equal(hex, expected);
    reader_free(reader);
    free(t.data);
}

/* What the test's prepare function writes for each record. */
typedef struct prepared_probe {
    long line;
    size_t field_count;
    char first[16];
    unsigned calls;
} prepared_probe;

static void probe_prepare(const pf_record *record, void *out, void *context)
{
    prepared_probe *probe = out;
    unsigned *calls = context;
    probe->line = record->line;
    probe->field_count = record->field_count;
    snprintf(probe->first, sizeof probe->first, "%s", record->fields[0]);
    probe->calls = ++*calls;
    assert_null(record->prepared);
}

/* Reads the file with the probe as prepare function, slowly when slow (so that the background thread gets
 * ahead, and prepares); returns how many records came prepared. Each prepared result must be right. */
static long read_with_probe(const char *path, long rows, bool slow)
{
    unsigned calls = 0;
    pf_reader *reader = open_ok(path, NULL);
    assert_false(reader_set_prepare(reader, probe_prepare, 0, &calls));
    assert_false(reader_set_prepare(reader, NULL, sizeof(prepared_probe), &calls));
    assert_true(reader_set_prepare(reader, probe_prepare, sizeof(prepared_probe), &calls));
    assert_null(reader_header(reader)->prepared);
    const pf_record *record;
    long count = 0, prepared = 0;
    unsigned last_call = 0;
    while ((record = next_ok(reader)) != NULL) {
        count++;
        check_mixed_row(record, count);
        const prepared_probe *probe = record->prepared;
        if (probe) {
            prepared++;
            assert_int_equal(probe->line, record->line);
            assert_int_equal(probe->field_count, record->field_count);
            assert_string_equal(probe->first, record->fields[0]);
            assert_true(probe->calls > last_call); /* at most once per record, in order */
            last_call = probe->calls;
        }
        if (slow && count % 64 == 0)
            usleep(100);
        assert_false(reader_set_prepare(reader, probe_prepare, sizeof(prepared_probe), &calls));
    }
    assert_int_equal(count, rows);
    reader_free(reader);
    return prepared;
}

static void test_prepare_runs_where_it_pays(void **state)
{
    scratch *s = *state;
    text_builder t = {NULL, 0, 0, 1};
    long rows = 0;
    puts_text(&t, "id,text,more\n");
    put_mixed_rows(&t, 5000, &rows); /* read on the caller's thread: every record is prepared */
    write_file(s->path, t.data, t.len);
    assert_int_equal(read_with_probe(s->path, rows, false), rows);
    put_mixed_rows(&t, 3 * PF_READER_BUFFER_SIZE, &rows); /* in the background */
    write_file(s->path, t.data, t.len);
    read_with_probe(s->path, rows, false);                        /* some or none, as the threads' speeds go */
    assert_true(read_with_probe(s->path, rows, true) > rows / 2); /* a slow caller: most */
    free(t.data);
}

/* ---- parallel parsing: one file cut into segments gives what one thread gives ---- */

/* Cutting small files: segments from 64 KiB on (the first cut still comes after the first read). */
static int split_setup(void **state)
{
    setenv("PF_READER_SEGMENT_MIN", "65536", 1);
    return scratch_setup(state);
}

static int split_teardown(void **state)
{
    unsetenv("PF_READER_SEGMENT_MIN");
    return scratch_teardown(state);
}

static void put_record_text(text_builder *t, const pf_record *r, unsigned long long offset)
{
    char head[160];
    int n = snprintf(head, sizeof head, "%ld-%ld %zu fields, utf8 %d, quote %d, offset %llu:", r->line,
                     r->last_line, r->field_count, r->invalid_utf8_field, r->malformed_quote_field, offset);
    put(t, head, (size_t)n);
    for (size_t i = 0; i < r->field_count; i++) {
        n = snprintf(head, sizeof head, " [%zu]", r->lengths[i]);
        put(t, head, (size_t)n);
        put(t, r->fields[i], r->lengths[i] + 1); /* its NUL too */
    }
    put(t, " raw ", 5);
    put(t, r->raw, r->raw_length);
    put(t, "\n", 1);
}

/* Everything the reader returns for path with threads, in order, as one text (caller frees); the segments
 * it cut the file into in *segments. no_digest: read without hashing (pf_reader_options.no_digest). */
static char *read_transcript(const char *path, pf_encoding encoding, int threads, bool no_digest, int *segments,
                             size_t *len)
{
    pf_reader_options options = {.encoding = encoding, .threads = threads, .no_digest = no_digest};
    text_builder t = {NULL, 0, 0, 1};
    pf_reader *reader = NULL;
    pf_error_context err;
    pf_error_clear(&err);
    char line[1200];
    *segments = 0;
    pf_error code = reader_open(path, &options, &reader, &err);
    if (code == PF_OK) {
        *segments = reader_info(reader)->segments;
        put_record_text(&t, reader_header(reader), 0);
        for (;;) {
            const pf_record *record;
            code = reader_next(reader, &record, &err);
            if (code != PF_OK || !record)
                break;
            put_record_text(&t, record, reader_offset(reader));
        }
    }
    char hex[65] = "none";
    if (code == PF_OK && !reader_sha256(reader, hex))
        strcpy(hex, "none");
    int n = snprintf(line, sizeof line, "end: code %d, line %ld, %s; sha256 %s, offset %llu\n", (int)code,
                     err.line, code == PF_OK ? "" : err.message, hex, reader ? reader_offset(reader) : 0ULL);
    put(&t, line, (size_t)n);
    reader_free(reader);
    *len = t.len;
    return t.data;
}

/* Reads path with one thread and with threads; fails unless both return the same. Returns the segments of
 * the parallel read. */
static int check_same_as_one_thread(const char *path, pf_encoding encoding, int threads)
{
    int one_segments, segments;
    size_t one_len, len;
    char *one = read_transcript(path, encoding, 1, false, &one_segments, &one_len);
    char *many = read_transcript(path, encoding, threads, false, &segments, &len);
    assert_int_equal(one_segments, 1);
    if (one_len != len || memcmp(one, many, len) != 0) {
        size_t at = 0;
        while (at < len && at < one_len && one[at] == many[at])
            at++;
        size_t from = at > 200 ? at - 200 : 0;
        print_error(
            "%d threads differ from one at byte %zu:\n--- one thread:\n%.400s\n--- %d threads:\n%.400s\n",
            threads, at, one + from, threads, many + from);
        fail();
    }
    free(one);
    free(many);
    return segments;
}

/* Rows "id,text,more" of about 100 bytes until target. */
static void put_filler(text_builder *t, size_t target, long *rows)
{
    char row[128];
    while (t->len < target) {
        ++*rows;
        int n = snprintf(row, sizeof row, "%ld,%s row %ld with some text in it to fill the line,%ld\n", *rows,
                         *rows % 5 ? "plain" : "\"quoted, with comma\"", *rows, *rows * 7);
        put(t, row, (size_t)n);
    }
}

/* A quoted field of about size bytes holding line breaks (LF and CRLF) and doubled quotes. */
static void put_multiline_field(text_builder *t, size_t size)
{
    puts_text(t, "multi,\"");
    size_t start = t->len;
    for (long i = 0; t->len - start < size; i++)
        puts_text(t, i % 3 ? "a line, of the field\n" : i % 2 ? "with \"\"quotes\"\"\r\n" : "x\n");
    puts_text(t, "\",end\n");
}

static void test_split_plain_rows_is_invisible(void **state)
{
    scratch *s = *state;
    text_builder t = {NULL, 0, 0, 1};
    long rows = 0;
    puts_text(&t, "id,text,more\n");
    put_filler(&t, 3 * PF_READER_BUFFER_SIZE + 777, &rows);
    write_file(s->path, t.data, t.len);
    assert_int_equal(check_same_as_one_thread(s->path, PF_ENCODING_AUTO, 4), 4);
    assert_int_equal(check_same_as_one_thread(s->path, PF_ENCODING_UTF8, 3), 3);
    assert_int_equal(check_same_as_one_thread(s->path, PF_ENCODING_AUTO, 2), 2);
    free(t.data);
}

static void test_split_quoted_line_breaks_across_the_cut(void **state)
{
    scratch *s = *state;
    text_builder t = {NULL, 0, 0, 1};
    long rows = 0;
    puts_text(&t, "id,text,more\n");
    put_filler(&t, 3 * PF_READER_BUFFER_SIZE / 2 - 100000, &rows); /* the field covers the middle */
    put_multiline_field(&t, 200000);
    put_filler(&t, 3 * PF_READER_BUFFER_SIZE, &rows);
    write_file(s->path, t.data, t.len);
    assert_int_equal(check_same_as_one_thread(s->path, PF_ENCODING_AUTO, 2), 2);
    assert_int_equal(check_same_as_one_thread(s->path, PF_ENCODING_UTF8, 4), 4);
    free(t.data);
}

static void test_split_fooled_by_a_stray_quote_is_undone(void **state)
{
    scratch *s = *state;
    text_builder t = {NULL, 0, 0, 1};
    long rows = 0;
    puts_text(&t, "id,text,more\n");
    put_filler(&t, 1000, &rows);
    puts_text(&t, "7,a stray \" quote,x\n"); /* a malformed quote: the count of quotes is odd from here */
    put_filler(&t, 3 * PF_READER_BUFFER_SIZE / 2 - 100000, &rows);
    put_multiline_field(&t, 200000); /* so the cut falls inside this field, after one of its LFs */
    put_filler(&t, 3 * PF_READER_BUFFER_SIZE, &rows);
    puts_text(&t, "8,another \" stray,y\n");
    put_filler(&t, 3 * PF_READER_BUFFER_SIZE + 50000, &rows);
    write_file(s->path, t.data, t.len);
    check_same_as_one_thread(s->path, PF_ENCODING_AUTO, 2);
    check_same_as_one_thread(s->path, PF_ENCODING_AUTO, 4);
    check_same_as_one_thread(s->path, PF_ENCODING_UTF8, 8);
    free(t.data);
}

static void test_split_one_giant_quoted_field(void **state)
{
    scratch *s = *state;
    text_builder t = {NULL, 0, 0, 1};
    puts_text(&t, "id,text\n1,\"");
    while (t.len < 3 * PF_READER_BUFFER_SIZE)
        puts_text(&t, "all of this is one field,\nline after line\r\n");
    puts_text(&t, "\"\n2,after\n");
    write_file(s->path, t.data, t.len);
    check_same_as_one_thread(s->path, PF_ENCODING_AUTO, 4);
    /* the same without its last line end, and with the field never closed */
    write_file(s->path, t.data, t.len - 1);
    check_same_as_one_thread(s->path, PF_ENCODING_AUTO, 4);
    write_file(s->path, t.data, t.len - strlen("\"\n2,after\n"));
    check_same_as_one_thread(s->path, PF_ENCODING_AUTO, 4);
    free(t.data);
}

static void test_split_crlf_bom_and_last_line_without_newline(void **state)
{
    scratch *s = *state;
    text_builder t = {NULL, 0, 0, 1};
    puts_text(&t, "\xEF\xBB\xBFid,text,more\r\n");
    char row[128];
    for (long i = 1; t.len < 3 * PF_READER_BUFFER_SIZE; i++) {
        int n = snprintf(row, sizeof row, "%ld,caf\xC3\xA9 %ld,%s\r\n%s", i, i, i % 9 ? "y" : "\"q\"\"x\"",
                         i % 1000 ? "" : "\r\n");
        put(&t, row, (size_t)n);
    }
    puts_text(&t, "last,line,no newline");
    write_file(s->path, t.data, t.len);
    assert_int_equal(check_same_as_one_thread(s->path, PF_ENCODING_AUTO, 4), 4);
    /* cuts after each of the first bytes of a CRLF row: the LF of a CRLF is never cut from its CR */
    for (int shift = 1; shift < 4; shift++) {
        char min[32];
        snprintf(min, sizeof min, "%d", 65536 + shift * 13);
        setenv("PF_READER_SEGMENT_MIN", min, 1);
        check_same_as_one_thread(s->path, PF_ENCODING_UTF8, 3);
    }
    free(t.data);
}

static void test_split_unterminated_quote_in_the_last_segment(void **state)
{
    scratch *s = *state;
    text_builder t = {NULL, 0, 0, 1};
    long rows = 0;
    puts_text(&t, "id,text,more\n");
    put_filler(&t, 3 * PF_READER_BUFFER_SIZE, &rows);
    puts_text(&t, "bad,\"never closed\nmore\nand more\n");
    write_file(s->path, t.data, t.len);
    assert_int_equal(check_same_as_one_thread(s->path, PF_ENCODING_AUTO, 4), 4);
    int segments;
    size_t len;
    char *text = read_transcript(s->path, PF_ENCODING_AUTO, 4, false, &segments, &len);
    char expected[200];
    snprintf(expected, sizeof expected,
             "end: code %d, line %ld, a quoted field in the record starting on this line is never closed;",
             (int)PF_ERROR_DATA, t.line - 3);
    size_t want = strlen(expected), at = len > 300 ? len - 300 : 0; /* the transcript's last line */
    while (at + want <= len && memcmp(text + at, expected, want) != 0)
        at++;
    if (at + want > len)
        print_error("expected [%s] at the end of [%.*s]\n", expected, 300, text + len - 300);
    assert_true(at + want <= len);
    free(text);
    free(t.data);
}

/* Where the transcript's digest starts: just after the last "; sha256 " (len when there is none). */
static size_t digest_at(const char *text, size_t len)
{
    static const char mark[] = "; sha256 ";
    for (size_t at = len >= sizeof mark ? len - sizeof mark + 1 : 0; at-- > 0;)
        if (memcmp(text + at, mark, sizeof mark - 1) == 0)
            return at + sizeof mark - 1;
    return len;
}

/* A command that shows no digest (validate without --json) reads with no_digest: nothing is hashed,
 * reader_sha256() is false, and the file is still cut into segments and read exactly as with its digest. */
static void test_split_without_digest_reads_the_same(void **state)
{
    scratch *s = *state;
    text_builder t = {NULL, 0, 0, 1};
    long rows = 0;
    puts_text(&t, "id,text,more\n");
    put_filler(&t, 3 * PF_READER_BUFFER_SIZE / 2 - 100000, &rows);
    put_multiline_field(&t, 200000); /* across the first cut */
    put_filler(&t, 4 * PF_READER_BUFFER_SIZE + 333, &rows);
    write_file(s->path, t.data, t.len);
    for (int threads = 1; threads <= 4; threads += 3) {
        int hashed_segments, bare_segments;
        size_t hashed_len, bare_len;
        char *hashed = read_transcript(s->path, PF_ENCODING_AUTO, 1, false, &hashed_segments, &hashed_len);
        char *bare = read_transcript(s->path, PF_ENCODING_AUTO, threads, true, &bare_segments, &bare_len);
        assert_int_equal(bare_segments, threads);
        size_t hashed_at = digest_at(hashed, hashed_len), bare_at = digest_at(bare, bare_len);
        assert_true(hashed_at < hashed_len);
        assert_int_equal(bare_at, hashed_at); /* the records and the end, up to the digest, are the same */
        assert_memory_equal(bare, hashed, bare_at);
        assert_memory_equal(bare + bare_at, "none,", 5);
        assert_int_equal(strspn(hashed + hashed_at, "0123456789abcdef"), 64);
        assert_string_equal(bare + bare_at + 4, hashed + hashed_at + 64); /* ", offset N\n" */
        free(hashed);
        free(bare);
    }
    free(t.data);
}

static void test_split_invalid_text_and_stray_quotes_in_later_segments(void **state)
{
    scratch *s = *state;
    text_builder t = {NULL, 0, 0, 1};
    long rows = 0;
    puts_text(&t, "id,text,more\n");
    for (int part = 1; part <= 6; part++) {
        put_filler(&t, (size_t)part * PF_READER_BUFFER_SIZE / 2, &rows);
        puts_text(&t, part % 2 ? "bad,caf\xE9 latin1,x\n" : "nul,a\0b,x\n");
        put(&t, "", 0);
        puts_text(&t, "q,x\"y,z\n\n\n");
    }
    t.data[t.len - 40] = '\0'; /* a NUL byte */
    write_file(s->path, t.data, t.len);
    assert_int_equal(check_same_as_one_thread(s->path, PF_ENCODING_UTF8, 4), 4);
    check_same_as_one_thread(s->path, PF_ENCODING_AUTO, 4); /* Windows-1252: one thread */
    free(t.data);
}

static void test_split_is_not_done_for_small_files_or_one_thread(void **state)
{
    scratch *s = *state;
    text_builder t = {NULL, 0, 0, 1};
    long rows = 0;
    puts_text(&t, "id,text,more\n");
    put_filler(&t, PF_READER_BUFFER_SIZE / 2, &rows);
    write_file(s->path, t.data, t.len);
    assert_int_equal(check_same_as_one_thread(s->path, PF_ENCODING_AUTO, 4), 1); /* one read: no cut */
    put_filler(&t, 3 * PF_READER_BUFFER_SIZE, &rows);
    write_file(s->path, t.data, t.len);
    unsetenv("PF_READER_SEGMENT_MIN");
    assert_int_equal(check_same_as_one_thread(s->path, PF_ENCODING_AUTO, 8), 1); /* under 2 x 4 MiB */
    setenv("PF_THREADS", "1", 1);
    setenv("PF_READER_SEGMENT_MIN", "65536", 1);
    assert_int_equal(check_same_as_one_thread(s->path, PF_ENCODING_AUTO, 0), 1); /* PF_THREADS=1 */
    setenv("PF_THREADS", "3", 1);
    assert_int_equal(check_same_as_one_thread(s->path, PF_ENCODING_AUTO, 0), 3);
    unsetenv("PF_THREADS");
    free(t.data);
}

static void test_split_free_while_segments_run(void **state)
{
    scratch *s = *state;
    text_builder t = {NULL, 0, 0, 1};
    long rows = 0;
    puts_text(&t, "id,text,more\n");
    put_filler(&t, 6 * PF_READER_BUFFER_SIZE, &rows);
    write_file(s->path, t.data, t.len);
    pf_reader_options options = {.threads = 8};
    for (long stop = 0; stop < 4; stop++) {
        pf_reader *reader = open_ok(s->path, &options);
        assert_int_equal(reader_info(reader)->segments, 8);
        for (long row = 1; row <= stop * 15000; row++)
            assert_non_null(next_ok(reader));
        reader_free(reader); /* every thread is stopped, whatever it was doing */
    }
    free(t.data);
}

static void test_free_null_is_a_no_op(void **state)
{
    (void)state;
    reader_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_comma_in_quotes),
        cmocka_unit_test(test_escaped_quotes),
        cmocka_unit_test(test_newlines_in_quotes_keep_line_numbers),
        cmocka_unit_test(test_empty_fields_and_trailing_delimiter),
        cmocka_unit_test(test_fields_are_not_trimmed),
        cmocka_unit_test(test_lone_cr_ends_lines_like_lf),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_bom_is_skipped),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_crlf_bom),
        cmocka_unit_test(test_no_final_newline),
        cmocka_unit_test(test_header_only),
        cmocka_unit_test(test_blank_lines_are_skipped_but_counted),
        cmocka_unit_test(test_semicolon_is_detected),
        cmocka_unit_test(test_tab_is_detected),
        cmocka_unit_test(test_quoted_delimiters_in_header_are_not_counted),
        cmocka_unit_test(test_forced_delimiter_wins),
        cmocka_unit_test(test_unsupported_forced_delimiter_is_refused),
        cmocka_unit_test(test_cp1252_is_detected_and_converted),
        cmocka_unit_test(test_cp1252_undefined_bytes_become_replacement_characters),
        cmocka_unit_test_setup_teardown(test_cp1252_every_high_byte_as_iconv_says, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test(test_forced_cp1252_converts_even_valid_utf8),
        cmocka_unit_test(test_invalid_utf8_forced_is_flagged_and_replaced),
        cmocka_unit_test(test_invalid_utf8_in_auto_mode_means_cp1252),
        cmocka_unit_test_setup_teardown(test_forced_utf8_replaces_maximal_invalid_subparts, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test(test_empty_file_is_an_error),
        cmocka_unit_test(test_bom_and_blank_lines_only_is_empty),
        cmocka_unit_test(test_header_of_empty_names_is_no_header),
        cmocka_unit_test(test_binary_file_is_not_text),
        cmocka_unit_test(test_utf16_with_bom_is_decoded),
        cmocka_unit_test_setup_teardown(test_utf16_gives_the_records_of_utf8, scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(test_utf16_unpaired_surrogate_is_an_error, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_folder_is_not_a_file),
        cmocka_unit_test_setup_teardown(test_unreadable_file, scratch_setup, scratch_teardown),
        cmocka_unit_test(test_unterminated_quote_is_an_error_at_its_record_start),
        cmocka_unit_test(test_unterminated_quote_in_header),
        cmocka_unit_test(test_malformed_quote_in_header),
        cmocka_unit_test(test_malformed_quote_in_first_header_name),
        cmocka_unit_test(test_stray_quotes_give_records_to_reject),
        cmocka_unit_test_setup_teardown(test_stray_quote_on_last_line_without_newline, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test_setup_teardown(test_multibyte_characters_split_across_read_buffers, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test_setup_teardown(test_crlf_cut_by_the_read_buffer, scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(test_lone_cr_at_the_end_of_the_read_buffer, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test_setup_teardown(test_invalid_byte_beyond_first_buffer_means_cp1252, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test_setup_teardown(test_quoted_field_bigger_than_the_read_buffer, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test_setup_teardown(test_nul_byte_after_64k_is_invalid_text, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test(test_pipe_decides_on_first_buffer_then_checks_records),
        cmocka_unit_test(test_small_pipe_is_checked_whole),
        cmocka_unit_test_setup_teardown(test_lines_without_quotes_are_cut_as_libcsv_cuts_them, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test_setup_teardown(test_background_reading_keeps_every_record_and_its_line, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test_setup_teardown(test_error_in_background_comes_after_the_records_before_it,
                                        scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(test_free_while_reading_in_background, scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(test_sha256_of_the_bytes_read, scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(test_sha256_at_the_first_read_boundary_and_in_cp1252, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test(test_sha256_of_a_big_pipe),
        cmocka_unit_test_setup_teardown(test_sha256_of_a_file_growing_while_read, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test_setup_teardown(test_prepare_runs_where_it_pays, scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(test_split_plain_rows_is_invisible, split_setup, split_teardown),
        cmocka_unit_test_setup_teardown(test_split_quoted_line_breaks_across_the_cut, split_setup,
                                        split_teardown),
        cmocka_unit_test_setup_teardown(test_split_fooled_by_a_stray_quote_is_undone, split_setup,
                                        split_teardown),
        cmocka_unit_test_setup_teardown(test_split_one_giant_quoted_field, split_setup, split_teardown),
        cmocka_unit_test_setup_teardown(test_split_crlf_bom_and_last_line_without_newline, split_setup,
                                        split_teardown),
        cmocka_unit_test_setup_teardown(test_split_unterminated_quote_in_the_last_segment, split_setup,
                                        split_teardown),
        cmocka_unit_test_setup_teardown(test_split_invalid_text_and_stray_quotes_in_later_segments, split_setup,
                                        split_teardown),
        cmocka_unit_test_setup_teardown(test_split_without_digest_reads_the_same, split_setup, split_teardown),
        cmocka_unit_test_setup_teardown(test_split_is_not_done_for_small_files_or_one_thread, split_setup,
                                        split_teardown),
        cmocka_unit_test_setup_teardown(test_split_free_while_segments_run, split_setup, split_teardown),
        cmocka_unit_test(test_free_null_is_a_no_op),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
