/* fuzz_reader.c — libFuzzer target for the streaming CSV reader (reader.h).
 *
 * The first input byte chooses the options: bits 0-1 the encoding (auto, UTF-8, Windows-1252, auto), bits 2-3
 * the delimiter (detect, ',', ';', TAB), bit 4 a prepare function; the rest is the file. Besides the
 * sanitizers, it checks what reader.h promises of every record: valid UTF-8 fields NUL-terminated at their
 * length, line numbers that never go back, and that the end and errors are sticky. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const pf_encoding encodings[4] = {PF_ENCODING_AUTO, PF_ENCODING_UTF8, PF_ENCODING_CP1252,
                                             PF_ENCODING_AUTO};
    static const char delimiters[4] = {0, ',', ';', '\t'};
    pf_reader_options options = {.encoding = encodings[data[0] & 3],
                                 .delimiter = delimiters[(data[0] >> 2) & 3]};
    bool prepare = data[0] & 16;
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
        char hex[65];
        CHECK(reader_sha256(reader, hex));
        CHECK(strlen(hex) == 64);
        CHECK(reader_next(reader, &record, &err) == PF_OK && record == NULL);
    } else {
        CHECK(err.message[0] != '\0');
        CHECK(reader_next(reader, &record, &err) == code);
    }
    reader_free(reader);
    return 0;
}
