/* fuzz_reader.c — libFuzzer target for the streaming CSV reader (reader.h).
 *
 * The first input byte chooses the options: bits 0-1 the encoding (auto, UTF-8, Windows-1252, auto), bits 2-3
 * the delimiter (detect, ',', ';', TAB), bit 4 a prepare function, bit 5 parallel parsing, bit 6 no digest
 * (pf_reader_options.no_digest, as validate without --json reads: no hasher, yet the file is still cut); the
 * rest is the file. Besides the sanitizers, it checks what reader.h promises of every record: valid UTF-8
 * fields NUL-terminated at their length, line numbers that never go back, and that the end and errors are
 * sticky. With bit 5, the file is a header, a read buffer of plain rows, then the input three times (so the
 * reader cuts it, with PF_READER_SEGMENT_MIN lowered, inside the input's bytes), read with one thread and with
 * four: both must return the same records, flags, line numbers, end or error, and digest (none with bit 6). */
#include <stdint.h>

#include "fuzz_util.h"
#include "partnerfunnel/reader.h"
#include "partnerfunnel/text.h"

#define CHECK(cond)                                                                                            \
    do {                                                                                                       \
        if (!(cond)) {                                                                                         \
            fprintf(stderr, "fuzz_reader: %s:%d: %s\n", __FILE__, __LINE__, #cond);                            \
            abort();                                                                                           \
        }                                                                                                      \
    } while (0)

static void prepare_first_length(const pf_record *record, void *out, void *context)
{
    (void)context;
    *(size_t *)out = record->field_count > 0 ? record->lengths[0] : 0;
}

static void check_record(const pf_record *r, bool header)
{
    CHECK(r->line >= 1 && r->last_line >= r->line);
    CHECK(r->raw != NULL);
    if (r->malformed_quote_field < 0)
        CHECK(header || r->field_count >= 1);
    for (size_t i = 0; i < r->field_count; i++) {
        CHECK(r->fields[i] != NULL);
        CHECK(r->fields[i][r->lengths[i]] == '\0');
        CHECK(text_is_utf8(r->fields[i], r->lengths[i]));
    }
    CHECK(text_is_utf8(r->raw, r->raw_length));
    if (r->prepared && r->field_count > 0)
        CHECK(*(const size_t *)r->prepared == r->lengths[0]);
}

/* What a read returns, written out as one text, to compare two reads. */
typedef struct transcript {
    char *data;
    size_t len;
    size_t cap;
} transcript;

static void transcript_put(transcript *t, const void *bytes, size_t len)
{
    if (t->len + len > t->cap) {
        t->cap = (t->len + len) * 2 + 4096;
        t->data = realloc(t->data, t->cap);
        CHECK(t->data != NULL);
    }
    memcpy(t->data + t->len, bytes, len);
    t->len += len;
}

static void transcript_record(transcript *t, const pf_record *r, unsigned long long offset)
{
    char head[160];
    int n = snprintf(head, sizeof head, "%ld-%ld %zu %d %d %llu|", r->line, r->last_line, r->field_count,
                     r->invalid_utf8_field, r->malformed_quote_field, offset);
    transcript_put(t, head, (size_t)n);
    for (size_t i = 0; i < r->field_count; i++)
        transcript_put(t, r->fields[i], r->lengths[i] + 1);
    transcript_put(t, r->raw, r->raw_length);
    transcript_put(t, "\n", 1);
}

/* Reads path whole with options, threads as given, into t. */
static void read_all(const char *path, pf_reader_options options, int threads, transcript *t)
{
    options.threads = threads;
    pf_reader *reader = NULL;
    pf_error_context err;
    pf_error_clear(&err);
    pf_error code = reader_open(path, &options, &reader, &err);
    if (code == PF_OK) {
        transcript_record(t, reader_header(reader), 0);
        const pf_record *record;
        while ((code = reader_next(reader, &record, &err)) == PF_OK && record)
            transcript_record(t, record, reader_offset(reader));
    }
    char hex[65] = "none", end[1300];
    if (code == PF_OK && !options.no_digest)
        CHECK(reader_sha256(reader, hex));
    else if (code == PF_OK)
        CHECK(!reader_sha256(reader, hex));
    int n = snprintf(end, sizeof end, "end %d %ld %s %s\n", (int)code, err.line, code ? err.message : "", hex);
    transcript_put(t, end, (size_t)n);
    reader_free(reader);
}

/* Bit 5: the input inside a file big enough to be cut, read by one thread and by four. */
static void check_split(const uint8_t *data, size_t size, pf_reader_options options)
{
    static char *file;
    size_t filler = PF_READER_BUFFER_SIZE - 4,
           total = 4 + filler + 3 * size; /* the input after the first read */
    file = realloc(file, total);
    CHECK(file != NULL);
    memcpy(file, "a,b\n", 4);
    for (size_t i = 0; i < filler; i += 4)
        memcpy(file + 4 + i, "1,2\n", 4);
    for (int copy = 0; copy < 3; copy++)
        memcpy(file + 4 + filler + (size_t)copy * size, data, size);
    char path[128];
    fuzz_write("split.csv", (const unsigned char *)file, total, path, sizeof path);
    setenv("PF_READER_SEGMENT_MIN", "4096", 1);
    transcript one = {0}, four = {0};
    read_all(path, options, 1, &one);
    read_all(path, options, 4, &four);
    if (one.len != four.len || memcmp(one.data, four.data, one.len) != 0) {
        fprintf(stderr, "fuzz_reader: one thread and four differ\n");
        abort();
    }
    free(one.data);
    free(four.data);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const pf_encoding encodings[4] = {PF_ENCODING_AUTO, PF_ENCODING_UTF8, PF_ENCODING_CP1252,
                                             PF_ENCODING_AUTO};
    static const char delimiters[4] = {0, ',', ';', '\t'};
    pf_reader_options options = {.encoding = encodings[data[0] & 3],
                                 .delimiter = delimiters[(data[0] >> 2) & 3],
                                 .no_digest = (data[0] & 64) != 0};
    bool prepare = data[0] & 16;
    if (data[0] & 32) {
        check_split(data + 1, size - 1, options);
        return 0;
    }
    char path[128];
    fuzz_write("input.csv", data + 1, size - 1, path, sizeof path);

    pf_reader *reader = NULL;
    pf_error_context err;
    pf_error_clear(&err);
    pf_error code = reader_open(path, &options, &reader, &err);
    if (code != PF_OK) {
        CHECK(reader == NULL);
        CHECK(err.message[0] != '\0');
        return 0;
    }
    if (prepare)
        CHECK(reader_set_prepare(reader, prepare_first_length, sizeof(size_t), NULL));
    const pf_record *header = reader_header(reader);
    check_record(header, true);
    const pf_reader_info *info = reader_info(reader);
    CHECK(info->delimiter == ',' || info->delimiter == ';' || info->delimiter == '\t');
    CHECK(info->encoding != PF_ENCODING_AUTO);
    long last_line = header->last_line;
    const pf_record *record;
    while ((code = reader_next(reader, &record, &err)) == PF_OK && record) {
        check_record(record, false);
        CHECK(record->line > last_line);
        last_line = record->last_line;
        CHECK(reader_offset(reader) <= size - 1);
    }
    if (code == PF_OK) {
        char hex[65] = "";
        CHECK(reader_sha256(reader, hex) == !options.no_digest);
        CHECK(strlen(hex) == (options.no_digest ? 0 : 64));
        CHECK(reader_next(reader, &record, &err) == PF_OK && record == NULL);
    } else {
        CHECK(err.message[0] != '\0');
        CHECK(reader_next(reader, &record, &err) == code);
    }
    reader_free(reader);
    return 0;
}
