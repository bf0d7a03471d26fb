/* reader.c — the streaming CSV reader (see reader.h for the contract).
 *
 * How it works, and why:
 *
 * Bytes come from read() in PF_READER_BUFFER_SIZE chunks. A Windows-1252 chunk is converted to UTF-8 as a
 * whole (a single-byte encoding never splits a character across chunks); a UTF-8 chunk is parsed in place.
 * glibc's iconv decides what each Windows-1252 byte means, but it is asked only once per byte value, when
 * the file is opened, to fill a 128-entry table: converting through iconv itself ran at a third of
 * libcsv's speed, the table loop (ASCII eight bytes at a time) is not measurable next to it. libcsv does the tokenising, but it knows nothing of lines, so the chunk is fed to it one
 * physical line at a time. A line ends at LF, CRLF or a lone CR — exactly the bytes at which libcsv ends a
 * record — found with memchr for '\n' and '\r' (each search result is kept until passed, so a file without
 * CR pays one search per chunk for it). That gives exact line numbers for free: the record in progress
 * started on the first non-blank line fed since the previous record ended, and a record can only end at
 * the end of a fed line, so at most one record completes per call to csv_parse() and reader_next() can
 * return it at once, without a queue. A CR that is the last byte of a chunk is counted as a line end at
 * once; an LF opening the next chunk is then the rest of that CRLF and is not counted again.
 *
 * libcsv keeps its default terminators (a custom term function costs an indirect call per byte, 20 % of
 * its speed); the space function says "no blank is a space", so that fields are never trimmed — it costs
 * nothing measurable.
 *
 * The record's raw text usually lies whole inside the current chunk and is returned as a pointer into it;
 * only a record that spans a refill is copied (into raw). Fields are copied once, from libcsv's entry
 * buffer into one growing byte buffer per record, so there is no allocation per field. Every buffer grows
 * to the largest record and stays there: memory is bounded by the largest record, never by the file.
 * libcsv grows its own entry buffer by a fixed block; the block is raised to the buffer's current size
 * before each call, so a huge quoted field costs a logarithmic number of reallocations, not a linear one.
 *
 * libcsv runs with CSV_STRICT | CSV_STRICT_FINI. Strict mode stops csv_parse() at a malformed quote; the
 * record is then marked (malformed_quote_field), the rest of its physical line is taken as raw text only,
 * and a fresh parser resumes on the next line. CSV_STRICT_FINI turns a quoted field left open at the end
 * of the file into an error instead of a record that silently swallowed the rest of the file.
 *
 * Encoding auto reads a regular file once through a UTF-8 validator before the first record (ASCII is
 * checked sixteen bytes at a time; a character split across two reads is carried over) and then re-reads
 * it for parsing; the first chunk is kept, so a small file is read once.
 *
 * Measured on a 221 MB, 12-column file: a bare csv_parse() loop over 1 MiB reads (same options, callbacks
 * doing nothing) 0.58 s; this reader 0.78 s, of which 0.07 s is the encoding pre-pass.
 */
#include "partnerfunnel/reader.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define READER_BINARY_CHECK ((size_t)64 << 10) /* a NUL byte within this many first bytes: not text */
#define READER_PARSER_BLOCK ((size_t)64 << 10) /* libcsv entry-buffer growth step, at least */
#define READER_FIELD_SLOTS 32                  /* initial capacity of the field arrays */

static const char utf8_replacement[3] = {'\xEF', '\xBF', '\xBD'}; /* U+FFFD */

/* A growable byte buffer; data may be NULL while cap is 0. */
typedef struct byte_buffer {
    char *data;
    size_t len;
    size_t cap;
} byte_buffer;

/* What a UTF-8 validation pass carries from one chunk to the next: the start of a character cut by the
 * end of the previous chunk. */
typedef struct utf8_state {
    unsigned char pending[4];
    size_t pending_len;
} utf8_state;

struct pf_reader {
    const char *path; /* borrowed */
    int fd;
    pf_reader_info info;
    bool verify_utf8; /* check every record's text (forced UTF-8, or auto on a pipe) */
    bool converting;
    char cp1252[128][4]; /* UTF-8 of bytes 0x80..0xFF: length, then up to 3 bytes */

    struct csv_parser parser;
    bool has_parser;
    size_t parser_block;

    /* The current chunk: raw bytes from the file, and the UTF-8 text parsed (data), which is either the
     * same bytes or their conversion. */
    unsigned char *input;
    size_t input_len;
    unsigned long long input_offset; /* file offset of input[0] */
    char *converted;
    size_t converted_cap;
    const char *data;
    size_t data_len;
    size_t pos;         /* next byte of data to parse */
    size_t next_lf;     /* offset of the first '\n' at or after pos (data_len when none) */
    size_t next_cr;     /* same for '\r' */
    bool lf_continues;  /* the previous chunk ended with CR: an LF opening this one completes that CRLF */
    bool chunk_has_nul; /* data holds a NUL byte: records touching it are checked */
    bool at_eof;        /* the last read() reached the end of the file */
    bool finished;      /* every record has been returned */
    long line;          /* line number of data[pos] */

    /* The record in progress. */
    bool in_record;
    long record_line;
    size_t raw_start;    /* offset in data where the record starts, while !raw_copied */
    bool raw_copied;     /* the record spans a refill: its text is in raw */
    bool record_dirty;   /* its text must be checked for invalid UTF-8 and NUL bytes */
    bool record_done;    /* libcsv ended the record (set by the callback) */
    bool skipping_line;  /* after a malformed quote: the rest of the line is raw text only */
    bool out_of_memory;  /* set by the callbacks */
    int malformed_field;
    byte_buffer raw;
    byte_buffer field_text; /* every field of the record, each NUL-terminated */
    char **fields;          /* into field_text (rebased when it moves) */
    size_t *lengths;
    size_t field_count;
    size_t field_cap;
    byte_buffer clean_text; /* fields and raw with invalid bytes replaced, when the record needs it */
    byte_buffer clean_raw;
    pf_record record;

    pf_record header; /* a copy of the header record, in header_block */
    char *header_block;
    char **header_fields;
    size_t *header_lengths;

    pf_error failure; /* sticky: reader_next() repeats it */
    pf_error_context failure_context;
};

/* ---- byte buffers ---- */

static bool buffer_reserve(byte_buffer *buffer, size_t extra)
{
    if (buffer->cap - buffer->len >= extra)
        return true;
    if (extra > SIZE_MAX / 2 - buffer->len)
        return false;
    size_t need = buffer->len + extra;
    size_t cap = buffer->cap ? buffer->cap : 256;
    while (cap < need)
        cap *= 2;
    char *data = realloc(buffer->data, cap);
    if (!data)
        return false;
    buffer->data = data;
    buffer->cap = cap;
    return true;
}

static bool buffer_append(byte_buffer *buffer, const void *bytes, size_t len)
{
    if (!buffer_reserve(buffer, len))
        return false;
    if (len)
        memcpy(buffer->data + buffer->len, bytes, len);
    buffer->len += len;
    return true;
}

/* ---- UTF-8 validation ---- */

/* How many bytes at s (n > 0 available) form a valid start of one UTF-8 character, per Unicode table 3-7
 * (no overlongs, no surrogates, nothing above U+10FFFF); *need is the character's full length. The
 * character is complete and valid when the result equals *need; 0 means s[0] cannot start a character. */
static size_t utf8_sequence(const unsigned char *s, size_t n, size_t *need)
{
    unsigned lead = s[0];
    unsigned low = 0x80, high = 0xBF;
    size_t len;
    if (lead < 0x80) {
        *need = 1;
        return 1;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
        len = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        len = 3;
        if (lead == 0xE0)
            low = 0xA0;
        else if (lead == 0xED)
            high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        len = 4;
        if (lead == 0xF0)
            low = 0x90;
        else if (lead == 0xF4)
            high = 0x8F;
    } else {
        *need = 1;
        return 0;
    }
    *need = len;
    if (n < 2)
        return 1;
    if (s[1] < low || s[1] > high)
        return 1;
    size_t i = 2;
    while (i < len && i < n && (s[i] & 0xC0) == 0x80)
        i++;
    return i;
}

/* Length of the longest prefix of s made of complete, valid UTF-8 characters. */
static size_t utf8_valid_prefix(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        while (n - i >= 16) {
            uint64_t a, b;
            memcpy(&a, s + i, 8);
            memcpy(&b, s + i + 8, 8);
            if ((a | b) & UINT64_C(0x8080808080808080))
                break;
            i += 16;
        }
        if (i == n)
            break;
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        size_t need;
        size_t valid = utf8_sequence(s + i, n - i, &need);
        if (valid != need)
            break;
        i += need;
    }
    return i;
}

/* Validates the next n bytes of a stream. False at the first invalid byte; a character cut by the end of
 * the chunk is kept in state and completed by the next call. */
static bool utf8_feed(utf8_state *state, const unsigned char *s, size_t n)
{
    size_t i = 0;
    if (state->pending_len) {
        unsigned char joined[8];
        size_t have = state->pending_len;
        size_t take = n < 4 ? n : 4;
        memcpy(joined, state->pending, have);
        memcpy(joined + have, s, take);
        size_t need;
        size_t valid = utf8_sequence(joined, have + take, &need);
        if (valid == need) {
            i = need - have;
            state->pending_len = 0;
        } else if (valid == have + take) { /* still cut: n is tiny */
            memcpy(state->pending + have, s, take);
            state->pending_len += take;
            return true;
        } else {
            return false;
        }
    }
    i += utf8_valid_prefix(s + i, n - i);
    if (i == n)
        return true;
    size_t need;
    size_t valid = utf8_sequence(s + i, n - i, &need);
    if (valid == n - i && valid < need) {
        memcpy(state->pending, s + i, valid);
        state->pending_len = valid;
        return true;
    }
    return false;
}

/* True when the n bytes at s are valid UTF-8 without NUL bytes. */
static bool text_is_clean(const char *s, size_t n)
{
    return utf8_valid_prefix((const unsigned char *)s, n) == n && !memchr(s, '\0', n);
}

/* Appends s to out with every NUL byte and every maximal invalid UTF-8 subpart replaced by U+FFFD. */
static bool append_sanitized(byte_buffer *out, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t good = utf8_valid_prefix(u + i, n - i);
        const char *nul = memchr(s + i, '\0', good);
        if (nul)
            good = (size_t)(nul - (s + i));
        if (!buffer_append(out, s + i, good))
            return false;
        i += good;
        if (i == n)
            break;
        size_t need;
        size_t bad = utf8_sequence(u + i, n - i, &need);
        if (bad == 0 || u[i] == 0)
            bad = 1;
        if (!buffer_append(out, utf8_replacement, sizeof utf8_replacement))
            return false;
        i += bad;
    }
    return true;
}

/* ---- libcsv set-up and callbacks ---- */

static int is_never_space(unsigned char c)
{
    (void)c;
    return 0;
}

static void parser_start(pf_reader *reader)
{
    csv_init(&reader->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    csv_set_delim(&reader->parser, (unsigned char)reader->info.delimiter);
    csv_set_space_func(&reader->parser, is_never_space);
    csv_set_blk_size(&reader->parser, READER_PARSER_BLOCK);
    reader->parser_block = READER_PARSER_BLOCK;
    reader->has_parser = true;
}

static bool grow_field_arrays(pf_reader *reader)
{
    size_t cap = reader->field_cap ? reader->field_cap * 2 : READER_FIELD_SLOTS;
    size_t *lengths = realloc(reader->lengths, cap * sizeof *lengths);
    if (!lengths)
        return false;
    reader->lengths = lengths;
    char **fields = realloc(reader->fields, cap * sizeof *fields);
    if (!fields)
        return false;
    reader->fields = fields;
    reader->field_cap = cap;
    return true;
}

/* Makes room for one more field of length bytes; false when memory is exhausted. */
static bool field_room(pf_reader *reader, size_t length)
{
    if (reader->out_of_memory)
        return false;
    if (reader->field_count == reader->field_cap && !grow_field_arrays(reader))
        return false;
    char *old = reader->field_text.data;
    if (!buffer_reserve(&reader->field_text, length + 1))
        return false;
    if (old && reader->field_text.data != old) /* the text moved: so must the fields already read */
        for (size_t i = 0; i < reader->field_count; i++)
            reader->fields[i] = reader->field_text.data + (reader->fields[i] - old);
    return true;
}

/* libcsv's field callback: the field is copied, since libcsv reuses its buffer for the next one. */
static void on_field(void *text, size_t length, void *context)
{
    pf_reader *reader = context;
    byte_buffer *buffer = &reader->field_text;
    if ((reader->field_count == reader->field_cap || buffer->cap - buffer->len <= length) &&
        !field_room(reader, length)) {
        reader->out_of_memory = true;
        return;
    }
    char *at = buffer->data + buffer->len;
    memcpy(at, text, length + 1); /* CSV_APPEND_NULL: text[length] is the NUL */
    buffer->len += length + 1;
    reader->fields[reader->field_count] = at;
    reader->lengths[reader->field_count] = length;
    reader->field_count++;
}

static void on_record_end(int terminator, void *context)
{
    (void)terminator;
    pf_reader *reader = context;
    reader->record_done = true;
}

/* ---- reading chunks ---- */

/* Reads until buf is full or the end of the file; returns the byte count or -1 (errno set). */
static ssize_t read_full(int fd, unsigned char *buf, size_t size)
{
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

/* Offset of the first byte c at or after from in the chunk, data_len when none. */
static size_t find_byte(const pf_reader *reader, size_t from, char c)
{
    const char *hit = memchr(reader->data + from, c, reader->data_len - from);
    return hit ? (size_t)(hit - reader->data) : reader->data_len;
}

/* Fills reader->cp1252 with iconv's UTF-8 for each Windows-1252 byte 0x80..0xFF; the five bytes the
 * encoding leaves undefined (0x81 0x8D 0x8F 0x90 0x9D, refused by iconv) become U+FFFD. */
static pf_error cp1252_table(pf_reader *reader, pf_error_context *err)
{
    iconv_t converter = iconv_open("UTF-8", "WINDOWS-1252");
    if (converter == (iconv_t)-1)
        return pf_error_set(err, PF_ERROR_INTERNAL, reader->path, 0, NULL,
                            "cannot convert from Windows-1252: %s", strerror(errno));
    for (unsigned byte = 0x80; byte <= 0xFF; byte++) {
        char in = (char)byte, out[8];
        char *in_at = &in, *out_at = out;
        size_t in_left = 1, out_left = sizeof out;
        char *entry = reader->cp1252[byte - 0x80];
        iconv(converter, NULL, NULL, NULL, NULL);
        size_t len = 0;
        if (iconv(converter, &in_at, &in_left, &out_at, &out_left) != (size_t)-1)
            len = (size_t)(out_at - out);
        if (len == 0 || len > 3) {
            memcpy(out, utf8_replacement, sizeof utf8_replacement);
            len = sizeof utf8_replacement;
        }
        entry[0] = (char)len;
        memcpy(entry + 1, out, 3);
    }
    iconv_close(converter);
    return PF_OK;
}

/* Converts n Windows-1252 bytes to UTF-8 at out (room for 3 n bytes); returns the bytes written. */
static size_t cp1252_convert(const pf_reader *reader, const unsigned char *in, size_t n, char *out)
{
    char *at = out;
    size_t i = 0;
    while (i < n) {
        while (n - i >= 8) {
            uint64_t word;
            memcpy(&word, in + i, 8);
            if (word & UINT64_C(0x8080808080808080))
                break;
            memcpy(at, &word, 8);
            at += 8;
            i += 8;
        }
        if (i == n)
            break;
        unsigned char c = in[i++];
        if (c < 0x80) {
            *at++ = (char)c;
        } else {
            const char *entry = reader->cp1252[c - 0x80];
            memcpy(at, entry + 1, 3); /* always 3, then advance by the real length: 3 n bytes suffice */
            at += entry[0];
        }
    }
    return (size_t)(at - out);
}

/* Makes input[skip..input_len) the text to parse, converting it when the file is Windows-1252. */
static void use_chunk(pf_reader *reader, size_t skip)
{
    size_t n = reader->input_len - skip;
    reader->chunk_has_nul = memchr(reader->input + skip, '\0', n) != NULL;
    if (!reader->converting) {
        reader->data = (const char *)reader->input;
        reader->data_len = reader->input_len;
        reader->pos = skip;
        reader->next_lf = find_byte(reader, skip, '\n');
        reader->next_cr = find_byte(reader, skip, '\r');
        return;
    }
    reader->data = reader->converted;
    reader->data_len = cp1252_convert(reader, reader->input + skip, n, reader->converted);
    reader->pos = 0;
    reader->next_lf = find_byte(reader, 0, '\n');
    reader->next_cr = find_byte(reader, 0, '\r');
}

/* Reads the next chunk, first saving the part of the record in progress that lies in the current one. */
static pf_error refill(pf_reader *reader, pf_error_context *err)
{
    if (reader->in_record && !reader->raw_copied) {
        if (!buffer_append(&reader->raw, reader->data + reader->raw_start, reader->data_len - reader->raw_start))
            return pf_error_set(err, PF_ERROR_MEMORY, reader->path, reader->line, NULL, "out of memory");
        reader->raw_copied = true;
    }
    reader->input_offset += reader->input_len;
    ssize_t n = read_full(reader->fd, reader->input, PF_READER_BUFFER_SIZE);
    if (n < 0)
        return pf_error_set(err, PF_ERROR_IO, reader->path, reader->line, NULL, "cannot read: %s",
                            strerror(errno));
    reader->input_len = (size_t)n;
    reader->at_eof = reader->input_len < PF_READER_BUFFER_SIZE;
    use_chunk(reader, 0);
    return PF_OK;
}

/* ---- records ---- */

static void record_begin(pf_reader *reader)
{
    reader->in_record = false;
    reader->raw_copied = false;
    reader->record_dirty = false;
    reader->record_done = false;
    reader->skipping_line = false;
    reader->malformed_field = -1;
    reader->raw.len = 0;
    reader->field_text.len = 0;
    reader->field_count = 0;
}

/* Replaces invalid UTF-8 and NUL bytes in the record's fields and raw text by U+FFFD. */
static bool record_sanitize(pf_reader *reader)
{
    pf_record *record = &reader->record;
    if (text_is_clean(record->raw, record->raw_length))
        return true;
    /* Reserved for the worst case (every byte replaced by 3) so that the fields never move. */
    reader->clean_text.len = 0;
    if (!buffer_reserve(&reader->clean_text, 3 * reader->field_text.len))
        return false;
    for (size_t i = 0; i < record->field_count; i++) {
        const char *field = reader->fields[i];
        if (record->invalid_utf8_field < 0 && !text_is_clean(field, reader->lengths[i]))
            record->invalid_utf8_field = (int)i;
        char *start = reader->clean_text.data + reader->clean_text.len;
        if (!append_sanitized(&reader->clean_text, field, reader->lengths[i]) ||
            !buffer_append(&reader->clean_text, "", 1))
            return false;
        reader->fields[i] = start;
        reader->lengths[i] = (size_t)(reader->clean_text.data + reader->clean_text.len - start) - 1;
    }
    if (record->invalid_utf8_field < 0) /* the bad byte is in a field cut off by a malformed quote */
        record->invalid_utf8_field = record->malformed_quote_field >= 0 ? record->malformed_quote_field : 0;
    reader->clean_raw.len = 0;
    if (!append_sanitized(&reader->clean_raw, record->raw, record->raw_length) ||
        !buffer_append(&reader->clean_raw, "", 1))
        return false;
    record->raw = reader->clean_raw.data;
    record->raw_length = reader->clean_raw.len - 1;
    return true;
}

/* Fills reader->record from the record just ended on line last_line (data up to pos). */
static bool record_complete(pf_reader *reader, long last_line)
{
    pf_record *record = &reader->record;
    const char *raw;
    size_t raw_length;
    if (reader->raw_copied) {
        raw = reader->raw.data;
        raw_length = reader->raw.len;
    } else {
        raw = reader->data + reader->raw_start;
        raw_length = reader->pos - reader->raw_start;
    }
    if (raw_length && raw[raw_length - 1] == '\n')
        raw_length--;
    if (raw_length && raw[raw_length - 1] == '\r')
        raw_length--;
    record->field_count = reader->field_count;
    record->fields = reader->fields;
    record->lengths = reader->lengths;
    record->line = reader->record_line;
    record->last_line = last_line;
    record->raw = raw;
    record->raw_length = raw_length;
    record->invalid_utf8_field = -1;
    record->malformed_quote_field = reader->malformed_field;
    if (reader->record_dirty)
        return record_sanitize(reader);
    return true;
}

/* The end of the file: ends the record in progress, if any. */
static pf_error read_finish(pf_reader *reader, const pf_record **out, pf_error_context *err)
{
    reader->finished = true;
    if (reader->skipping_line) {
        reader->skipping_line = false;
        reader->record_done = true;
    } else if (reader->in_record) {
        if (csv_fini(&reader->parser, on_field, on_record_end, reader) != 0)
            return pf_error_set(err, PF_ERROR_DATA, reader->path, reader->record_line, NULL,
                                "a quoted field in the record starting on this line is never closed");
        if (reader->out_of_memory)
            return pf_error_set(err, PF_ERROR_MEMORY, reader->path, reader->record_line, NULL,
                                "out of memory");
    }
    if (!reader->record_done)
        return PF_OK;
    if (!record_complete(reader, reader->line))
        return pf_error_set(err, PF_ERROR_MEMORY, reader->path, reader->record_line, NULL, "out of memory");
    *out = &reader->record;
    return PF_OK;
}

/* The next record of the file (header included) in *out, NULL at the end. */
static pf_error read_record(pf_reader *reader, const pf_record **out, pf_error_context *err)
{
    *out = NULL;
    if (reader->finished)
        return PF_OK;
    record_begin(reader);
    for (;;) {
        if (reader->pos == reader->data_len) {
            if (reader->at_eof)
                return read_finish(reader, out, err);
            pf_error code = refill(reader, err);
            if (code != PF_OK)
                return code;
            continue;
        }
        /* The next segment: the rest of the line, its line end included, or the rest of the chunk. */
        size_t start = reader->pos;
        if (reader->next_lf < start)
            reader->next_lf = find_byte(reader, start, '\n');
        if (reader->next_cr < start)
            reader->next_cr = find_byte(reader, start, '\r');
        size_t stop = reader->next_lf < reader->next_cr ? reader->next_lf : reader->next_cr;
        size_t end = stop;
        bool line_end = stop < reader->data_len;
        bool continued = reader->lf_continues;
        reader->lf_continues = false;
        if (continued && reader->next_lf == start) {
            end = start + 1; /* the LF of a CRLF cut by the chunk boundary: no new line */
            line_end = false;
        } else if (line_end) {
            if (reader->data[end] == '\r' && end + 1 == reader->data_len && !reader->at_eof)
                reader->lf_continues = true;
            else if (reader->data[end] == '\r' && end + 1 < reader->data_len && reader->data[end + 1] == '\n')
                end++;
            end++;
        }
        const char *segment = reader->data + start;
        size_t length = end - start;

        if (!reader->in_record) {
            /* Blanks are data (fields are not trimmed): only a bare line end is a blank line. */
            if (line_end && stop == start) {
                reader->pos = end;
                reader->line++;
                continue;
            }
            if (continued && !line_end) { /* that lone LF, outside any record */
                reader->pos = end;
                continue;
            }
            reader->in_record = true;
            reader->record_line = reader->line;
            reader->raw_start = start;
            reader->record_dirty = reader->verify_utf8;
        } else if (reader->raw_copied && !buffer_append(&reader->raw, segment, length)) {
            return pf_error_set(err, PF_ERROR_MEMORY, reader->path, reader->line, NULL, "out of memory");
        }
        if (reader->chunk_has_nul)
            reader->record_dirty = true;

        if (!reader->skipping_line) {
            size_t block = csv_get_buffer_size(&reader->parser);
            if (block > reader->parser_block) {
                reader->parser_block = block;
                csv_set_blk_size(&reader->parser, block);
            }
            size_t used = csv_parse(&reader->parser, segment, length, on_field, on_record_end, reader);
            if (reader->out_of_memory)
                return pf_error_set(err, PF_ERROR_MEMORY, reader->path, reader->line, NULL, "out of memory");
            if (used < length) {
                if (csv_error(&reader->parser) != CSV_EPARSE)
                    return pf_error_set(err, PF_ERROR_MEMORY, reader->path, reader->line, NULL,
                                        "out of memory");
                /* A malformed quote: keep the fields read so far, take the rest of the line as text. */
                reader->malformed_field = (int)reader->field_count;
                reader->skipping_line = true;
                csv_free(&reader->parser);
                parser_start(reader);
            }
        }
        reader->pos = end;
        long last_line = reader->line;
        if (line_end) {
            reader->line++;
            if (reader->skipping_line) {
                reader->skipping_line = false;
                reader->record_done = true;
            }
        }
        if (reader->record_done) { /* libcsv ends records only at CR or LF: line_end is true */
            if (!record_complete(reader, last_line))
                return pf_error_set(err, PF_ERROR_MEMORY, reader->path, reader->record_line, NULL,
                                    "out of memory");
            *out = &reader->record;
            return PF_OK;
        }
    }
}

/* ---- opening ---- */

/* Looks at the header line (the first non-blank one) in the first chunk: the delimiter most frequent
 * outside quotes (',' on a tie), and whether it ends with CRLF. */
static void sniff_header(const unsigned char *s, size_t n, char *delimiter, bool *crlf)
{
    size_t i = 0;
    while (i < n && (s[i] == '\n' || s[i] == '\r'))
        i++;
    size_t commas = 0, semicolons = 0, tabs = 0;
    bool quoted = false;
    *crlf = false;
    for (; i < n; i++) {
        unsigned char c = s[i];
        if (c == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (c == ',')
            commas++;
        else if (c == ';')
            semicolons++;
        else if (c == '\t')
            tabs++;
        else if (c == '\n' || c == '\r') {
            *crlf = c == '\r' && i + 1 < n && s[i + 1] == '\n';
            break;
        }
    }
    *delimiter = ',';
    if (semicolons > commas && semicolons >= tabs)
        *delimiter = ';';
    else if (tabs > commas && tabs > semicolons)
        *delimiter = '\t';
}

/* Encoding auto: is the whole file valid UTF-8? The first chunk is in reader->input already; on a regular
 * file the rest is read through a scratch buffer and the file offset put back after the first chunk. */
static pf_error detect_encoding(pf_reader *reader, bool seekable, pf_error_context *err)
{
    utf8_state state = {{0}, 0};
    bool valid = utf8_feed(&state, reader->input, reader->input_len);
    reader->info.encoding = PF_ENCODING_UTF8;
    if (valid && !reader->at_eof) {
        if (!seekable) { /* a pipe: decide on the first chunk, check every record afterwards */
            reader->verify_utf8 = true;
            return PF_OK;
        }
        unsigned char *scratch = malloc(PF_READER_BUFFER_SIZE);
        if (!scratch)
            return pf_error_set(err, PF_ERROR_MEMORY, reader->path, 0, NULL, "out of memory");
#ifdef POSIX_FADV_SEQUENTIAL
        posix_fadvise(reader->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
        for (;;) {
            ssize_t n = read_full(reader->fd, scratch, PF_READER_BUFFER_SIZE);
            if (n < 0) {
                int saved = errno;
                free(scratch);
                return pf_error_set(err, PF_ERROR_IO, reader->path, 0, NULL, "cannot read: %s",
                                    strerror(saved));
            }
            if (n == 0)
                break;
            if (!utf8_feed(&state, scratch, (size_t)n)) {
                valid = false;
                break;
            }
        }
        free(scratch);
        if (lseek(reader->fd, (off_t)reader->input_len, SEEK_SET) < 0)
            return pf_error_set(err, PF_ERROR_IO, reader->path, 0, NULL, "cannot read: %s", strerror(errno));
    }
    if (!valid || state.pending_len)
        reader->info.encoding = PF_ENCODING_CP1252;
    return PF_OK;
}

/* Copies the header record so that it outlives the next reader_next(). */
static bool keep_header(pf_reader *reader, const pf_record *record)
{
    size_t total = record->raw_length + 1;
    for (size_t i = 0; i < record->field_count; i++)
        total += record->lengths[i] + 1;
    size_t slots = record->field_count ? record->field_count : 1;
    reader->header_block = malloc(total);
    reader->header_fields = malloc(slots * sizeof *reader->header_fields);
    reader->header_lengths = malloc(slots * sizeof *reader->header_lengths);
    if (!reader->header_block || !reader->header_fields || !reader->header_lengths)
        return false;
    char *at = reader->header_block;
    for (size_t i = 0; i < record->field_count; i++) {
        memcpy(at, record->fields[i], record->lengths[i] + 1);
        reader->header_fields[i] = at;
        reader->header_lengths[i] = record->lengths[i];
        at += record->lengths[i] + 1;
    }
    memcpy(at, record->raw, record->raw_length);
    at[record->raw_length] = '\0';
    reader->header = *record;
    reader->header.fields = reader->header_fields;
    reader->header.lengths = reader->header_lengths;
    reader->header.raw = at;
    return true;
}

static bool header_is_blank(const pf_record *header)
{
    for (size_t i = 0; i < header->field_count; i++)
        for (size_t j = 0; j < header->lengths[i]; j++)
            if (header->fields[i][j] != ' ' && header->fields[i][j] != '\t')
                return false;
    return true;
}

pf_error reader_open(const char *path, const pf_reader_options *options, pf_reader **out,
                     pf_error_context *err)
{
    static const pf_reader_options defaults = {PF_ENCODING_AUTO, 0};
    *out = NULL;
    if (!options)
        options = &defaults;
    if (options->delimiter != 0 && options->delimiter != ',' && options->delimiter != ';' &&
        options->delimiter != '\t')
        return pf_error_set(err, PF_ERROR_INTERNAL, path, 0, NULL, "unsupported delimiter (byte %d)",
                            (unsigned char)options->delimiter);

    pf_error code = PF_OK;
    pf_reader *reader = calloc(1, sizeof *reader);
    if (!reader)
        return pf_error_set(err, PF_ERROR_MEMORY, path, 0, NULL, "out of memory");
    reader->path = path;
    reader->line = 1;
    reader->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (reader->fd < 0) {
        code = pf_error_set(err, PF_ERROR_NO_INPUT, path, 0, NULL, "cannot open: %s", strerror(errno));
        goto cleanup;
    }
    struct stat st;
    if (fstat(reader->fd, &st) != 0) {
        code = pf_error_set(err, PF_ERROR_NO_INPUT, path, 0, NULL, "cannot open: %s", strerror(errno));
        goto cleanup;
    }
    if (S_ISDIR(st.st_mode)) {
        code = pf_error_set(err, PF_ERROR_NO_INPUT, path, 0, NULL, "cannot open: %s", strerror(EISDIR));
        goto cleanup;
    }
    bool seekable = S_ISREG(st.st_mode);
    reader->info.size = seekable ? (unsigned long long)st.st_size : 0;

    reader->input = malloc(PF_READER_BUFFER_SIZE);
    if (!reader->input || !grow_field_arrays(reader)) {
        code = pf_error_set(err, PF_ERROR_MEMORY, path, 0, NULL, "out of memory");
        goto cleanup;
    }
    ssize_t got = read_full(reader->fd, reader->input, PF_READER_BUFFER_SIZE);
    if (got < 0) {
        code = pf_error_set(err, errno == EISDIR ? PF_ERROR_NO_INPUT : PF_ERROR_IO, path, 0, NULL,
                            "cannot read: %s", strerror(errno));
        goto cleanup;
    }
    reader->input_len = (size_t)got;
    reader->at_eof = reader->input_len < PF_READER_BUFFER_SIZE;
    const unsigned char *s = reader->input;
    size_t n = reader->input_len;
    if (n == 0) {
        code = pf_error_set(err, PF_ERROR_DATA, path, 0, NULL, "is empty");
        goto cleanup;
    }
    if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
        code = pf_error_set(err, PF_ERROR_DATA, path, 0, NULL,
                            "is UTF-16 text: save it as \"CSV UTF-8\" (or Windows-1252) and try again");
        goto cleanup;
    }
    const unsigned char *nul = memchr(s, '\0', n < READER_BINARY_CHECK ? n : READER_BINARY_CHECK);
    if (nul) {
        code = pf_error_set(err, PF_ERROR_DATA, path, 0, NULL, "is not a text file (binary data at byte %zu)",
                            (size_t)(nul - s) + 1);
        goto cleanup;
    }
    size_t skip = 0;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        reader->info.bom = true;
        skip = 3;
    }
    char delimiter;
    sniff_header(s + skip, n - skip, &delimiter, &reader->info.crlf);
    reader->info.delimiter = options->delimiter ? options->delimiter : delimiter;

    if (options->encoding == PF_ENCODING_AUTO) {
        code = detect_encoding(reader, seekable, err);
        if (code != PF_OK)
            goto cleanup;
    } else {
        reader->info.encoding = options->encoding;
        reader->verify_utf8 = options->encoding == PF_ENCODING_UTF8;
    }
    if (reader->info.encoding == PF_ENCODING_CP1252) {
        code = cp1252_table(reader, err);
        if (code != PF_OK)
            goto cleanup;
        reader->converting = true;
        reader->converted_cap = 3 * PF_READER_BUFFER_SIZE;
        reader->converted = malloc(reader->converted_cap);
        if (!reader->converted) {
            code = pf_error_set(err, PF_ERROR_MEMORY, path, 0, NULL, "out of memory");
            goto cleanup;
        }
    }
    parser_start(reader);
    use_chunk(reader, skip);

    const pf_record *header;
    code = read_record(reader, &header, err);
    if (code != PF_OK)
        goto cleanup;
    if (!header) {
        code = pf_error_set(err, PF_ERROR_DATA, path, 0, NULL, "is empty");
        goto cleanup;
    }
    if (header->malformed_quote_field >= 0) {
        code = pf_error_set(err, PF_ERROR_DATA, path, header->line, NULL,
                            "malformed quotes in the header, column %d: a quote may only enclose a whole "
                            "name, and a quote inside it must be doubled",
                            header->malformed_quote_field + 1);
        goto cleanup;
    }
    if (header_is_blank(header)) {
        code = pf_error_set(err, PF_ERROR_DATA, path, header->line, NULL,
                            "has no header line (this first line holds only empty column names)");
        goto cleanup;
    }
    if (!keep_header(reader, header)) {
        code = pf_error_set(err, PF_ERROR_MEMORY, path, 0, NULL, "out of memory");
        goto cleanup;
    }
    *out = reader;
    reader = NULL;
cleanup:
    reader_free(reader);
    return code;
}

const pf_record *reader_header(const pf_reader *reader)
{
    return &reader->header;
}

const pf_reader_info *reader_info(const pf_reader *reader)
{
    return &reader->info;
}

pf_error reader_next(pf_reader *reader, const pf_record **record, pf_error_context *err)
{
    *record = NULL;
    if (reader->failure != PF_OK) {
        if (err)
            *err = reader->failure_context;
        return reader->failure;
    }
    pf_error code = read_record(reader, record, &reader->failure_context);
    if (code != PF_OK) {
        reader->failure = code;
        reader->finished = true;
        *record = NULL;
        if (err)
            *err = reader->failure_context;
    }
    return code;
}

unsigned long long reader_offset(const pf_reader *reader)
{
    if (!reader->converting || reader->data_len == 0)
        return reader->input_offset + (reader->converting ? reader->input_len : reader->pos);
    return reader->input_offset + (unsigned long long)reader->pos * reader->input_len / reader->data_len;
}

void reader_free(pf_reader *reader)
{
    if (!reader)
        return;
    if (reader->fd >= 0)
        close(reader->fd);
    if (reader->has_parser)
        csv_free(&reader->parser);
    free(reader->input);
    free(reader->converted);
    free(reader->raw.data);
    free(reader->field_text.data);
    free(reader->clean_text.data);
    free(reader->clean_raw.data);
    free(reader->lengths);
    free(reader->fields);
    free(reader->header_block);
    free(reader->header_fields);
    free(reader->header_lengths);
    free(reader);
}
