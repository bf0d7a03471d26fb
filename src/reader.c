/* reader.c — the streaming CSV reader (see reader.h for the contract).
 *
 * How it works, and why:
 *
 * Two halves. The producer reads the file, converts it, tokenises it and writes whole records into
 * batches; the consumer (reader_next) hands the records of a batch out one by one. For a file bigger than
 * one read buffer the producer runs in a background thread, one batch ahead or more, so that tokenising
 * costs the caller's thread nothing; a smaller file is produced on the caller's thread, batch by batch, by
 * the same code. The threads meet only at a ring of READER_RING batches, under one mutex: the producer
 * fills a free batch and publishes it, the consumer gives back the batch it has moved past (so the record
 * returned last stays valid until the next call, as the contract says). A batch holds copies — field
 * bytes, field pointers and lengths, raw texts — never pointers into the read buffer, so the producer
 * reuses that buffer at once. A batch ends between two records (a record never straddles two batches)
 * and, for the last one, carries the end of the file or the error that stopped the producer, so an error
 * reaches the caller after the records before it, with its message and line, as if it had been read then.
 * (Measured on a million-partner export, 186 MB: the caller's thread was the slower one, and a batch the
 * consumer waits for is rare once reads after the first are small, see READER_REFILL_SIZE; a VM wakes a
 * sleeping thread slowly, so every wait counts.)
 *
 * The caller may hand over some of its own work (reader_set_prepare): a function run on each record of a
 * batch before it is published. The producer runs it only while it is ahead — while the consumer holds a
 * batch beyond the one it is reading — so the work goes to whichever thread would otherwise wait, and
 * records left unprepared are prepared by the caller itself. On a small file, read on the caller's thread,
 * every record is prepared, so that both of the caller's paths are exercised by small tests too.
 *
 * Bytes come from read() in chunks (PF_READER_BUFFER_SIZE, then READER_REFILL_SIZE). The model records
 * every input's digest (SHA-256 of the file's bytes). The first chunk is hashed when it is read; the rest of
 * a regular file is hashed by a thread of its own, started at once, which reads the file a second time
 * (pread, from the page cache by then or soon after): the hash was a third of the producer's time, which
 * made the producer the slower thread while the caller's waited, and it now also runs during the encoding
 * check below, when nothing else uses the second core. A copy from the page cache costs less than handing
 * chunks over between threads, and the hasher never makes the producer wait. Its digest counts only if it
 * hashed exactly as many bytes as the producer read (a file that changes size while it is read has none).
 * A pipe cannot be read twice: the producer hashes what it reads, as a small file's is hashed on the
 * caller's thread. A caller that shows no digest (pf_reader_options.no_digest) gets no hashing at all.
 * A Windows-1252 chunk is converted to
 * UTF-8 as a whole (a single-byte encoding never splits a character across chunks); a UTF-8 chunk is
 * parsed in place. glibc's iconv decides what each Windows-1252 byte means, but it is asked only once per
 * byte value, when the file is opened, to fill a 128-entry table: converting through iconv itself ran at a
 * third of libcsv's speed, the table loop (ASCII eight bytes at a time) is not measurable next to it.
 *
 * The chunk is cut into physical lines: a line ends at LF, CRLF or a lone CR — exactly the bytes at which
 * libcsv ends a record — found with memchr for '\n' and '\r' (each search result is kept until passed, so
 * a file without CR pays one search per chunk for it). That gives exact line numbers for free: the record
 * in progress started on the first non-blank line fed since the previous record ended, and a record can
 * only end at the end of a line. A CR that is the last byte of a chunk is counted as a line end at once;
 * an LF opening the next chunk is then the rest of that CRLF and is not counted again.
 *
 * Most lines hold no quote at all (found the same way, with memchr for '"'): such a line, outside a record,
 * is exactly one record whose fields are the line cut at each delimiter — that is all libcsv would do with
 * it (blanks are not trimmed, see below) — so it is cut here, sixteen bytes at a time, at a small fraction
 * of libcsv's cost. A line with a quote, or the rest of a record whose quoted field spans lines, goes to
 * libcsv; at most one record completes per csv_parse() call, since it is fed one line at a time.
 *
 * libcsv keeps its default terminators (a custom term function costs an indirect call per byte, 20 % of
 * its speed); the space function says "no blank is a space", so that fields are never trimmed.
 * libcsv grows its own entry buffer by a fixed block; the block is raised to the buffer's current size
 * before each call, so a huge quoted field costs a logarithmic number of reallocations, not a linear one.
 *
 * libcsv runs with CSV_STRICT | CSV_STRICT_FINI. Strict mode stops csv_parse() at a malformed quote; the
 * record is then marked (malformed_quote_field), the rest of its physical line is taken as raw text only,
 * and a fresh parser resumes on the next line. CSV_STRICT_FINI turns a quoted field left open at the end
 * of the file into an error instead of a record that silently swallowed the rest of the file.
 *
 * Invalid text (bad UTF-8 when it must be checked, or a NUL byte) is looked for once per chunk: the chunk's
 * longest clean stretch is measured when it is read, and only a record reaching outside it (or spanning two
 * chunks) is checked on its own and, if need be, has its bad bytes replaced.
 *
 * Encoding auto reads a regular file once through a UTF-8 validator before the first record (ASCII is
 * checked sixteen bytes at a time; a character split across two reads is carried over) and then re-reads
 * it for parsing; the first chunk is kept, so a small file is read once.
 *
 * A big regular UTF-8 file is also cut into segments parsed by producers of their own, one thread each,
 * whose records the consumer returns in file order (see "---- segments ----" below for how a cut is made
 * safe).
 *
 * Memory: the read buffer (and its conversion), the hasher's READER_REFILL_SIZE, libcsv's entry buffer, and
 * READER_RING batches of about READER_BATCH_BYTES of text each (or of the largest record when it is bigger),
 * with their field pointers and prepared results; READER_SEGMENT_RING more batches per extra segment.
 */
#include "partnerfunnel/reader.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <limits.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "partnerfunnel/text.h"
#include "partnerfunnel/xlsx_input.h"

#define READER_BINARY_CHECK ((size_t)64 << 10) /* a NUL byte within this many first bytes: not text */
#define READER_PARSER_BLOCK ((size_t)64 << 10) /* libcsv entry-buffer growth step, at least */
#define READER_RING 4                          /* batches shared by the producer and the consumer */
/* Batches of a later segment's producer, which runs ahead until the consumer comes to its segment. */
#define READER_SEGMENT_RING 8
#define READER_SEGMENT_MIN ((unsigned long long)4 << 20) /* smallest segment of a file parsed in parallel */
#define READER_BATCH_BYTES ((size_t)256 << 10)           /* a batch is handed over once its texts reach this */
/* Reads after the first one (which is PF_READER_BUFFER_SIZE, for the encoding and delimiter decisions) are
 * smaller: each costs a hash, a validation and searches of all its bytes before it is parsed, and while
 * the producer does that the caller must have batches enough in hand. */
#define READER_REFILL_SIZE ((size_t)256 << 10)

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

/* One record of a batch; its fields and raw text are in the batch. */
typedef struct batch_record {
    size_t first_field; /* index into the batch's fields and lengths */
    size_t field_count;
    size_t raw_offset; /* into the batch's raw texts */
    size_t raw_length;
    long line;
    long last_line;
    int invalid_utf8_field;
    int malformed_quote_field;
    unsigned long long offset; /* reader_offset() once the record has been returned */
} batch_record;

/* Records handed from the producer to the consumer at once. Everything in it stays put until the batch is
 * filled again, which happens only after the consumer has moved past it. */
typedef struct batch {
    byte_buffer text; /* the fields' bytes, each field NUL-terminated */
    byte_buffer raw;  /* the records' raw texts, back to back */
    char **fields;    /* into text (rebased when text moves) */
    size_t *lengths;
    size_t field_count;
    size_t field_cap;
    batch_record *records;
    size_t record_count;
    size_t record_cap;
    unsigned char *prepared; /* prepare()'s results, prepare_size bytes per record, from record */
    size_t prepared_cap;     /* ... prepared_from on; NULL when there are none */
    size_t prepared_from;
    bool last;                     /* nothing follows: the end of the file (code PF_OK), or code */
    pf_error code;                 /* when last: PF_OK, or the error that stopped the producer */
    pf_error_context context;      /* ... and where it happened */
    unsigned long long end_offset; /* reader_offset() after the last record of the batch */
    int next_segment;              /* when last with PF_OK: the segment whose records follow, 0 for none */
    long end_line;                 /* the producer's line number after the batch (its segment's numbering) */
} batch;

struct pf_reader {
    const char *path; /* borrowed */
    int fd;
    pf_reader_info info;
    bool verify_utf8; /* check every record's text (forced UTF-8, or auto on a pipe) */
    bool converting;
    iconv_t utf16;          /* UTF-16 to UTF-8 (iconv_open), (iconv_t)-1 for other encodings */
    unsigned char carry[4]; /* the start of a UTF-16 character cut by the end of the previous chunk */
    size_t carry_len;
    size_t converted_len; /* UTF-8 bytes of the last UTF-16 conversion */
    char cp1252[128][4];  /* UTF-8 of bytes 0x80..0xFF: length, then up to 3 bytes */

    /* ---- the producer's state: its thread's alone once that runs ---- */
    pf_reader_prepare *prepare; /* set before the thread starts, constant afterwards */
    size_t prepare_size;        /* rounded up to a multiple of 16 */
    void *prepare_context;
    struct csv_parser parser;
    bool has_parser;
    size_t parser_block;
    struct sha256_ctx sha; /* the producer's, or the hasher's while that runs */

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
    size_t next_quote;  /* same for '"' */
    size_t clean_start; /* data[clean_start..clean_end) is valid text (UTF-8 when checked, no NUL): */
    size_t clean_end;   /* a record inside it needs no check */
    bool lf_continues;  /* the previous chunk ended with CR: an LF opening this one completes that CRLF */
    bool chunk_has_nul; /* data holds a NUL byte */
    bool at_eof;        /* the last read() reached the end of the file */
    bool finished;      /* every record has been produced */
    long line;          /* line number of data[pos] */

    /* The record in progress; its fields go straight into the batch being filled. */
    batch *out;
    bool in_record;
    long record_line;
    size_t record_first_field; /* index of its first field in out */
    size_t raw_start;          /* offset in data where the record starts, while !raw_copied */
    bool raw_copied;           /* the record spans a refill: its text is in raw */
    bool spanned_nul;          /* a chunk it touches holds a NUL byte */
    bool record_done;          /* libcsv ended the record (set by the callback) */
    bool skipping_line;        /* after a malformed quote: the rest of the line is raw text only */
    bool out_of_memory;        /* set by the callbacks */
    int malformed_field;
    byte_buffer raw;

    /* ---- segments (see "---- segments ----" below): a producer parses [its start, range_end) ---- */
    pf_reader *owner;             /* a segment's producer: the reader it parses for; NULL for the reader */
    int next_segment;             /* the segment after the range (segment_count: the end of the file) */
    unsigned long long range_end; /* where the range ends; ULLONG_MAX: at the end of the file */
    bool range_done;              /* the range ended between two records: next_segment follows */
    int threads;                  /* the reader's: threads asked for (resolved, >= 1) */
    int segment_count;            /* the reader's: segments of the file (1: not cut) */
    unsigned long long splits[PF_READER_MAX_THREADS + 1]; /* segment k is [splits[k], splits[k + 1]) */
    pf_reader *segments[PF_READER_MAX_THREADS];           /* segments[k] parses segment k >= 1 */
    pf_reader *source; /* the consumer's: the producer whose batches it returns */
    long line_base;    /* ... added to the line numbers of source's records */

    /* ---- shared: the ring of batches ---- */
    batch ring[READER_SEGMENT_RING];
    unsigned ring_size;  /* batches of ring in use: READER_RING, or READER_SEGMENT_RING for a segment */
    bool background;     /* the file is bigger than a chunk: produce in a thread */
    bool thread_running; /* thread, lock, filled and emptied exist */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t filled;  /* signalled when produced grows */
    pthread_cond_t emptied; /* signalled when consumed grows, or stop is set */
    unsigned long produced; /* batches published so far (under lock) */
    unsigned long consumed; /* batches given back so far (under lock) */
    bool stop;              /* reader_free(): the producer must end (under lock) */

    /* ---- the hasher: a thread of its own for a regular file bigger than the first read ---- */
    bool no_digest;      /* pf_reader_options.no_digest: no hashing at all, reader_sha256() is false */
    bool hasher_running; /* hasher, hash_lock and hash_cond exist (constant while it runs) */
    pthread_t hasher;
    pthread_mutex_t hash_lock;
    pthread_cond_t hash_cond;      /* signalled when hash_finished is set */
    bool hash_stop;                /* reader_free(): the hasher must end (under hash_lock) */
    bool hash_finished;            /* the hasher is done with sha (under hash_lock) */
    bool hash_failed;              /* ... and could not read the whole file (under hash_lock) */
    unsigned long long hash_bytes; /* ... after hashing this many bytes (under hash_lock) */

    /* ---- the digest: the consumer's ---- */
    bool sha_done; /* the whole file went through sha: sha_hex is its digest */
    char sha_hex[65];

    /* ---- the consumer's state ---- */
    bool started;      /* reader_next() has been called */
    batch *current;    /* the batch whose records are being returned */
    size_t next_index; /* its next record */
    bool at_end;       /* the end of the file has been returned */
    unsigned long long offset;
    pf_record record;

    pf_record header; /* a copy of the header record, in header_block */
    char *header_block;
    char **header_fields;
    size_t *header_lengths;

    /* ---- a workbook (.xlsx): rows come from xlsx_input, not from the producer ---- */
    pf_xlsx *xlsx;
    size_t xlsx_width;    /* the header's field count: rows are padded to it */
    byte_buffer xlsx_raw; /* the record's raw text: its fields as a CSV line */
    char **xlsx_fields;   /* the record's fields (padded) */
    size_t *xlsx_lengths;
    size_t xlsx_field_cap;

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

/* The validator is text.c's (text_utf8_sequence, text_utf8_valid_prefix), on bytes. */
static size_t utf8_sequence(const unsigned char *s, size_t n, size_t *need)
{
    return text_utf8_sequence((const char *)s, n, need);
}

static size_t utf8_valid_prefix(const unsigned char *s, size_t n)
{
    return text_utf8_valid_prefix((const char *)s, n);
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

/* ---- batches ---- */

static void batch_reset(batch *b)
{
    b->prepared_from = SIZE_MAX;
    b->text.len = 0;
    b->raw.len = 0;
    b->field_count = 0;
    b->record_count = 0;
    b->last = false;
    b->code = PF_OK;
    b->end_offset = 0;
    b->next_segment = 0;
    b->end_line = 0;
}

static void batch_clear(batch *b)
{
    free(b->text.data);
    free(b->raw.data);
    free(b->fields);
    free(b->lengths);
    free(b->records);
    free(b->prepared);
}

/* Room for extra more bytes of field text; the fields already in the batch follow the text if it moves. */
static bool batch_reserve_text(batch *b, size_t extra)
{
    char *old = b->text.data;
    if (!buffer_reserve(&b->text, extra))
        return false;
    if (old && b->text.data != old)
        for (size_t i = 0; i < b->field_count; i++)
            b->fields[i] = b->text.data + (b->fields[i] - old);
    return true;
}

/* Room for extra more fields. */
static bool batch_reserve_fields(batch *b, size_t extra)
{
    if (b->field_cap - b->field_count >= extra)
        return true;
    if (extra > SIZE_MAX / (4 * sizeof(char *)) - b->field_count)
        return false;
    size_t cap = b->field_cap ? b->field_cap : 1024;
    while (cap < b->field_count + extra)
        cap *= 2;
    size_t *lengths = realloc(b->lengths, cap * sizeof *lengths);
    if (!lengths)
        return false;
    b->lengths = lengths;
    char **fields = realloc(b->fields, cap * sizeof *fields);
    if (!fields)
        return false;
    b->fields = fields;
    b->field_cap = cap;
    return true;
}

/* Room for one more record. */
static bool batch_reserve_record(batch *b)
{
    if (b->record_count < b->record_cap)
        return true;
    size_t cap = b->record_cap ? b->record_cap * 2 : 256;
    batch_record *records = realloc(b->records, cap * sizeof *records);
    if (!records)
        return false;
    b->records = records;
    b->record_cap = cap;
    return true;
}

/* Fills reader->record with record index of b, as reader_next() returns it. */
static const pf_record *batch_view(pf_reader *reader, const batch *b, size_t index)
{
    const batch_record *r = &b->records[index];
    pf_record *record = &reader->record;
    record->field_count = r->field_count;
    /* a batch whose records hold no field yet has no field arrays at all */
    record->fields = b->fields ? b->fields + r->first_field : NULL;
    record->lengths = b->lengths ? b->lengths + r->first_field : NULL;
    record->line = r->line;
    record->last_line = r->last_line;
    record->raw = b->raw.data ? b->raw.data + r->raw_offset : "";
    record->raw_length = r->raw_length;
    record->invalid_utf8_field = r->invalid_utf8_field;
    record->malformed_quote_field = r->malformed_quote_field;
    record->error_value_field = -1;
    record->prepared = index >= b->prepared_from ? b->prepared + index * reader->prepare_size : NULL;
    reader->offset = r->offset;
    return record;
}

/* Runs prepare() on the records of b from index from on. Short of memory, the records go without. */
static void batch_prepare(pf_reader *reader, batch *b, size_t from)
{
    if (!reader->prepare || from >= b->record_count)
        return;
    size_t need = b->record_count * reader->prepare_size;
    if (need > b->prepared_cap) {
        size_t cap = b->prepared_cap ? b->prepared_cap : 4096;
        while (cap < need)
            cap *= 2;
        unsigned char *grown = malloc(cap); /* malloc: aligned for any type, and nothing to keep */
        if (!grown)
            return;
        free(b->prepared);
        b->prepared = grown;
        b->prepared_cap = cap;
    }
    pf_record record;
    for (size_t i = from; i < b->record_count; i++) {
        const batch_record *r = &b->records[i];
        record.field_count = r->field_count;
        record.fields = b->fields ? b->fields + r->first_field : NULL;
        record.lengths = b->lengths ? b->lengths + r->first_field : NULL;
        record.line = r->line;
        record.last_line = r->last_line;
        record.raw = b->raw.data ? b->raw.data + r->raw_offset : "";
        record.raw_length = r->raw_length;
        record.invalid_utf8_field = r->invalid_utf8_field;
        record.malformed_quote_field = r->malformed_quote_field;
        record.error_value_field = -1;
        record.prepared = NULL;
        reader->prepare(&record, b->prepared + i * reader->prepare_size, reader->prepare_context);
    }
    b->prepared_from = from;
}

/* Replaces invalid UTF-8 and NUL bytes in the fields and raw text of r (in b) by U+FFFD, when it has any.
 * The replacements are appended to the batch's texts; the originals stay there, unused. */
static bool record_sanitize(batch *b, batch_record *r)
{
    if (text_is_clean(b->raw.data + r->raw_offset, r->raw_length))
        return true;
    /* Reserved for the worst case (every byte replaced by 3) so that the fields never move meanwhile. */
    size_t need = 0;
    for (size_t i = 0; i < r->field_count; i++)
        need += 3 * b->lengths[r->first_field + i] + 1;
    if (!batch_reserve_text(b, need))
        return false;
    for (size_t i = 0; i < r->field_count; i++) {
        size_t k = r->first_field + i;
        const char *field = b->fields[k];
        if (r->invalid_utf8_field < 0 && !text_is_clean(field, b->lengths[k]))
            r->invalid_utf8_field = (int)i;
        char *start = b->text.data + b->text.len;
        if (!append_sanitized(&b->text, field, b->lengths[k]) || !buffer_append(&b->text, "", 1))
            return false;
        b->fields[k] = start;
        b->lengths[k] = (size_t)(b->text.data + b->text.len - start) - 1;
    }
    if (r->invalid_utf8_field < 0) /* the bad byte is in a field cut off by a malformed quote */
        r->invalid_utf8_field = r->malformed_quote_field >= 0 ? r->malformed_quote_field : 0;
    if (!buffer_reserve(&b->raw, 3 * r->raw_length))
        return false;
    size_t offset = b->raw.len;
    if (!append_sanitized(&b->raw, b->raw.data + r->raw_offset, r->raw_length))
        return false;
    r->raw_offset = offset;
    r->raw_length = b->raw.len - offset;
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

/* libcsv's field callback: the field is copied into the batch, since libcsv reuses its buffer. */
static void on_field(void *text, size_t length, void *context)
{
    pf_reader *reader = context;
    batch *b = reader->out;
    if ((b->field_count == b->field_cap && !batch_reserve_fields(b, 1)) ||
        (b->text.cap - b->text.len <= length && !batch_reserve_text(b, length + 1))) {
        reader->out_of_memory = true;
        return;
    }
    char *at = b->text.data + b->text.len;
    memcpy(at, text, length + 1); /* CSV_APPEND_NULL: text[length] is the NUL */
    b->text.len += length + 1;
    b->fields[b->field_count] = at;
    b->lengths[b->field_count] = length;
    b->field_count++;
}

static void on_record_end(int terminator, void *context)
{
    (void)terminator;
    pf_reader *reader = context;
    reader->record_done = true;
}

/* Cuts the n bytes at text (NUL at text[n]) at each delimiter, which becomes a NUL: the fields of a line
 * without quotes, as libcsv would return them. Returns the field count (room for n + 1 is needed). */
static size_t split_fields(char *text, size_t n, char delimiter, char **fields, size_t *lengths)
{
    size_t count = 0, begin = 0, i = 0;
#ifdef __SSE2__
    const __m128i wanted = _mm_set1_epi8(delimiter);
    for (; n - i >= 16; i += 16) {
        __m128i block = _mm_loadu_si128((const __m128i *)(const void *)(text + i));
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(block, wanted));
        while (mask) {
            size_t at = i + (size_t)__builtin_ctz(mask);
            mask &= mask - 1;
            text[at] = '\0';
            fields[count] = text + begin;
            lengths[count] = at - begin;
            count++;
            begin = at + 1;
        }
    }
#endif
    for (; i < n; i++) {
        if (text[i] != delimiter)
            continue;
        text[i] = '\0';
        fields[count] = text + begin;
        lengths[count] = i - begin;
        count++;
        begin = i + 1;
    }
    fields[count] = text + begin;
    lengths[count] = n - begin;
    return count + 1;
}

/* ---- reading chunks ---- */

/* Reads until buf is full or the end of the file, with read() when offset is negative, else with pread() from
 * offset; returns the byte count or -1 (errno set). */
static ssize_t read_at_most(int fd, unsigned char *buf, size_t size, long long offset)
{
    size_t got = 0;
    while (got < size) {
        ssize_t n = offset < 0 ? read(fd, buf + got, size - got)
                               : pread(fd, buf + got, size - got, (off_t)(offset + (long long)got));
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

static ssize_t read_full(int fd, unsigned char *buf, size_t size)
{
    return read_at_most(fd, buf, size, -1);
}

static ssize_t pread_full(int fd, unsigned char *buf, size_t size, unsigned long long offset)
{
    return read_at_most(fd, buf, size, (long long)offset);
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

/* The UTF-16 error at byte offset (of the file) as a one-line message. */
static pf_error utf16_error(pf_reader *reader, unsigned long long offset, bool cut, pf_error_context *err)
{
    if (cut)
        return pf_error_set(err, PF_ERROR_DATA, reader->path, 0, NULL,
                            "is not valid %s text: it ends in the middle of a character (byte %llu)",
                            reader_encoding_name(reader->info.encoding), offset + 1);
    return pf_error_set(err, PF_ERROR_DATA, reader->path, 0, NULL,
                        "is not valid %s text: an unpaired surrogate (or a character cut short) at byte %llu; "
                        "re-save it from the program that wrote it",
                        reader_encoding_name(reader->info.encoding), offset + 1);
}

/* Copies the leading ASCII units of p[0..n) (UTF-16, little-endian when le) to o, sixteen at a time (SSE2):
 * the number of units copied. */
static size_t utf16_ascii_run(const unsigned char *p, size_t n, bool le, char *o)
{
    size_t i = 0;
#ifdef __SSE2__
    const __m128i wide = _mm_set1_epi16(le ? (short)0xFF80 : (short)0x80FF), zero = _mm_setzero_si128();
    while (n - i >= 32) {
        __m128i a = _mm_loadu_si128((const __m128i *)(p + i)),
                b = _mm_loadu_si128((const __m128i *)(p + i + 16));
        __m128i other = _mm_or_si128(_mm_and_si128(a, wide), _mm_and_si128(b, wide));
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(other, zero)) != 0xFFFF)
            break;
        if (!le) { /* the character in each unit's low byte */
            a = _mm_srli_epi16(a, 8);
            b = _mm_srli_epi16(b, 8);
        }
        _mm_storeu_si128((__m128i *)(o + i / 2), _mm_packus_epi16(a, b));
        i += 32;
    }
#else
    (void)le;
    (void)o;
#endif
    return i / 2;
}

/* iconv() from UTF-16 to UTF-8, same contract (pointers advanced, (size_t)-1 with errno EILSEQ or EINVAL at
 * the unit that stopped it), with the ASCII units copied here, sixteen or four at a time: iconv decodes the
 * runs of other characters, which are a few per line in a CRM export, and costs three times more per unit. */
static size_t utf16_iconv(pf_reader *reader, char **in, size_t *in_left, char **out, size_t *out_left)
{
    bool le = reader->info.encoding == PF_ENCODING_UTF16LE;
    const uint64_t wide = le ? UINT64_C(0xFF80FF80FF80FF80) : UINT64_C(0x80FF80FF80FF80FF);
    const unsigned char *p = (const unsigned char *)*in;
    size_t n = *in_left, i = 0;
    char *o = *out;
    int low = le ? 0 : 1; /* the byte holding an ASCII unit's character */
    for (;;) {
        size_t units = utf16_ascii_run(p + i, n - i, le, o);
        i += 2 * units;
        o += units;
        while (n - i >= 8) {
            uint64_t word;
            memcpy(&word, p + i, 8);
            if (word & wide)
                break;
            o[0] = (char)p[i + low];
            o[1] = (char)p[i + 2 + low];
            o[2] = (char)p[i + 4 + low];
            o[3] = (char)p[i + 6 + low];
            o += 4;
            i += 8;
        }
        while (n - i >= 2 && p[i + 1 - low] == 0 && p[i + low] < 0x80) {
            *o++ = (char)p[i + low];
            i += 2;
        }
        if (n - i < 2)
            break;
        size_t j = i + 2; /* a run of other units, up to the next ASCII one */
        while (n - j >= 2 && !(p[j + 1 - low] == 0 && p[j + low] < 0x80))
            j += 2;
        if (n - j == 1 && j + 1 == n)
            j = n; /* an odd last byte goes to iconv with the run: it says EINVAL */
        char *run = (char *)p + i;
        size_t run_left = j - i;
        size_t room = *out_left - (size_t)(o - *out);
        size_t rc = iconv(reader->utf16, &run, &run_left, &o, &room);
        i = (size_t)((const unsigned char *)run - p);
        if (rc == (size_t)-1) {
            if (errno == EINVAL && j < n) /* a high surrogate followed by an ASCII unit: unpaired */
                errno = EILSEQ;
            *in = (char *)p + i;
            *in_left = n - i;
            *out_left -= (size_t)(o - *out);
            *out = o;
            return (size_t)-1;
        }
    }
    *in = (char *)p + i;
    *in_left = n - i;
    *out_left -= (size_t)(o - *out);
    *out = o;
    if (i < n) { /* one odd byte left */
        errno = EINVAL;
        return (size_t)-1;
    }
    return 0;
}

/* Converts input[skip..input_len) from UTF-16 to UTF-8 into converted (converted_len bytes), after the
 * character the previous chunk ended in the middle of, if any; the start of a character cut by the end of
 * this chunk is kept for the next one. An unpaired surrogate, or a file ending inside a character, is
 * PF_ERROR_DATA with its byte offset. */
static pf_error utf16_convert(pf_reader *reader, size_t skip, pf_error_context *err)
{
    char *in = (char *)reader->input + skip;
    size_t in_left = reader->input_len - skip;
    char *out = reader->converted;
    size_t out_left = reader->converted_cap;
    unsigned long long chunk_offset = reader->input_offset + skip;
    if (reader->carry_len) {
        unsigned char joined[8];
        size_t have = reader->carry_len, take = in_left < 4 ? in_left : 4;
        memcpy(joined, reader->carry, have);
        memcpy(joined + have, in, take);
        char *joined_at = (char *)joined;
        size_t joined_left = have + take;
        if (iconv(reader->utf16, &joined_at, &joined_left, &out, &out_left) == (size_t)-1 && errno != EINVAL)
            return utf16_error(reader, chunk_offset - have, false, err);
        size_t used = have + take - joined_left;
        if (used < have) { /* still cut: a tiny last chunk */
            if (reader->at_eof)
                return utf16_error(reader, chunk_offset - have, true, err);
            memcpy(reader->carry + have, in, take);
            reader->carry_len += take;
            in += take;
            in_left -= take;
        } else {
            in += used - have;
            in_left -= used - have;
            reader->carry_len = 0;
        }
    }
    if (utf16_iconv(reader, &in, &in_left, &out, &out_left) == (size_t)-1) {
        unsigned long long at = chunk_offset + (unsigned long long)(in - ((char *)reader->input + skip));
        if (errno != EINVAL || in_left > 3 || reader->at_eof)
            return utf16_error(reader, at, errno == EINVAL, err);
        memcpy(reader->carry, in, in_left);
        reader->carry_len = in_left;
    }
    reader->converted_len = (size_t)(out - reader->converted);
    return PF_OK;
}

/* Makes input[skip..input_len) the text to parse, converting it when the file is Windows-1252, and
 * measures its clean stretch. */
static void use_chunk(pf_reader *reader, size_t skip)
{
    size_t n = reader->input_len - skip;
    if (!reader->converting) {
        reader->data = (const char *)reader->input;
        reader->data_len = reader->input_len;
        reader->pos = skip;
    } else if (reader->utf16 != (iconv_t)-1) { /* converted by utf16_convert() already */
        reader->data = reader->converted;
        reader->data_len = reader->converted_len;
        reader->pos = 0;
    } else {
        reader->data = reader->converted;
        reader->data_len = cp1252_convert(reader, reader->input + skip, n, reader->converted);
        reader->pos = 0;
    }
    size_t from = reader->pos;
    reader->next_lf = find_byte(reader, from, '\n');
    reader->next_cr = find_byte(reader, from, '\r');
    reader->next_quote = find_byte(reader, from, '"');
    size_t nul = find_byte(reader, from, '\0'); /* Windows-1252 converts NUL to NUL and adds none */
    reader->chunk_has_nul = nul < reader->data_len;
    reader->clean_start = 0;
    reader->clean_end = nul;
    if (reader->verify_utf8) {
        /* The continuation bytes of a character cut by the previous read belong to a record that spans
         * both chunks, which is checked on its own anyway. */
        const unsigned char *s = (const unsigned char *)reader->data;
        size_t start = from;
        while (start < from + 3 && start < reader->data_len && (s[start] & 0xC0) == 0x80)
            start++;
        size_t valid = start + utf8_valid_prefix(s + start, reader->data_len - start);
        reader->clean_start = start;
        if (valid < reader->clean_end)
            reader->clean_end = valid;
    }
}

/* The file offset reader_offset() reports at the current position. */
static unsigned long long producer_offset(const pf_reader *reader)
{
    if (!reader->converting || reader->data_len == 0)
        return reader->input_offset + (reader->converting ? reader->input_len : reader->pos);
    return reader->input_offset + (unsigned long long)reader->pos * reader->input_len / reader->data_len;
}

/* Reads the next chunk, first saving the part of the record in progress that lies in the current one. */
static pf_error refill(pf_reader *reader, pf_error_context *err)
{
    if (reader->in_record && !reader->raw_copied) {
        if (!buffer_append(&reader->raw, reader->data + reader->raw_start,
                           reader->data_len - reader->raw_start))
            return pf_error_set(err, PF_ERROR_MEMORY, reader->path, reader->line, NULL, "out of memory");
        reader->raw_copied = true;
    }
    reader->input_offset += reader->input_len;
    size_t want = READER_REFILL_SIZE;
    if (reader->range_end - reader->input_offset < want)
        want = (size_t)(reader->range_end - reader->input_offset);
    /* a later segment reads at its own offset; the reader itself reads on from where it is */
    ssize_t n = reader->owner ? pread_full(reader->fd, reader->input, want, reader->input_offset)
                              : read_full(reader->fd, reader->input, want);
    if (n < 0)
        return pf_error_set(err, PF_ERROR_IO, reader->path, reader->line, NULL, "cannot read: %s",
                            strerror(errno));
    reader->input_len = (size_t)n;
    reader->at_eof = reader->input_len < want; /* a short read: the end of the file, wherever it falls */
    if (!reader->hasher_running && !reader->owner && !reader->no_digest)
        sha256_update(&reader->sha, reader->input_len, reader->input);
    if (reader->utf16 != (iconv_t)-1) {
        pf_error code = utf16_convert(reader, 0, err);
        if (code != PF_OK)
            return code;
    }
    use_chunk(reader, 0);
    return PF_OK;
}

/* ---- records ---- */

static void record_begin(pf_reader *reader)
{
    reader->in_record = false;
    reader->raw_copied = false;
    reader->spanned_nul = false;
    reader->record_done = false;
    reader->skipping_line = false;
    reader->malformed_field = -1;
    reader->raw.len = 0;
    reader->record_first_field = reader->out->field_count;
}

/* Adds the record just ended on line last_line (data up to pos; its fields are in the batch already) to
 * the batch. */
static bool record_complete(pf_reader *reader, long last_line)
{
    batch *b = reader->out;
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
    bool dirty = reader->raw_copied ? reader->verify_utf8 || reader->spanned_nul
                                    : reader->raw_start < reader->clean_start ||
                                          reader->raw_start + raw_length > reader->clean_end;
    if (!batch_reserve_record(b) || !buffer_append(&b->raw, raw, raw_length))
        return false;
    batch_record *r = &b->records[b->record_count];
    r->first_field = reader->record_first_field;
    r->field_count = b->field_count - reader->record_first_field;
    r->raw_offset = b->raw.len - raw_length;
    r->raw_length = raw_length;
    r->line = reader->record_line;
    r->last_line = last_line;
    r->invalid_utf8_field = -1;
    r->malformed_quote_field = reader->malformed_field;
    r->offset = producer_offset(reader);
    if (dirty && !record_sanitize(b, r))
        return false;
    b->record_count++;
    return true;
}

/* Adds the line data[start..stop), which holds no quote, as a record of its own (pos is past its end). */
static bool record_plain_line(pf_reader *reader, size_t start, size_t stop)
{
    batch *b = reader->out;
    size_t n = stop - start;
    if (!batch_reserve_record(b) || !batch_reserve_fields(b, n + 1) || !batch_reserve_text(b, n + 1) ||
        !buffer_reserve(&b->raw, n))
        return false;
    const char *line = reader->data + start;
    char *text = b->text.data + b->text.len;
    memcpy(text, line, n);
    text[n] = '\0';
    b->text.len += n + 1;
    batch_record *r = &b->records[b->record_count];
    r->first_field = b->field_count;
    r->field_count =
        split_fields(text, n, reader->info.delimiter, b->fields + b->field_count, b->lengths + b->field_count);
    b->field_count += r->field_count;
    memcpy(b->raw.data + b->raw.len, line, n);
    r->raw_offset = b->raw.len;
    r->raw_length = n;
    b->raw.len += n;
    r->line = reader->record_line;
    r->last_line = reader->record_line;
    r->invalid_utf8_field = -1;
    r->malformed_quote_field = -1;
    r->offset = producer_offset(reader);
    if ((start < reader->clean_start || stop > reader->clean_end) && !record_sanitize(b, r))
        return false;
    b->record_count++;
    return true;
}

/* Tells the producer of a segment to stop (the segment before it parses its bytes instead). Its thread, if
 * any, was started before the thread calling this one, so thread_running is settled. */
static void segment_cancel(pf_reader *segment)
{
    if (!segment->thread_running) {
        segment->stop = true; /* nobody else looks at it: it never runs */
        return;
    }
    pthread_mutex_lock(&segment->lock);
    segment->stop = true;
    pthread_cond_broadcast(&segment->emptied);
    pthread_mutex_unlock(&segment->lock);
}

/* The range ended inside a record: the cut was wrong (a quote that is not RFC 4180 fooled the count). The
 * range grows by the next segment, whose producer stops: this one parses its bytes as one thread would. */
static void range_extend(pf_reader *reader)
{
    pf_reader *owner = reader->owner ? reader->owner : reader;
    int k = reader->next_segment;
    segment_cancel(owner->segments[k]);
    reader->next_segment = k + 1;
    reader->range_end = k + 1 < owner->segment_count ? owner->splits[k + 1] : ULLONG_MAX;
}

/* The end of the file: ends the record in progress, if any. */
static pf_error read_finish(pf_reader *reader, bool *got, pf_error_context *err)
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
            return pf_error_set(err, PF_ERROR_MEMORY, reader->path, reader->record_line, NULL, "out of memory");
    }
    if (!reader->record_done)
        return PF_OK;
    if (!record_complete(reader, reader->line))
        return pf_error_set(err, PF_ERROR_MEMORY, reader->path, reader->record_line, NULL, "out of memory");
    *got = true;
    return PF_OK;
}

/* Adds the next record of the file (header included) to reader->out; *got is false at the end. */
static pf_error read_record(pf_reader *reader, bool *got, pf_error_context *err)
{
    *got = false;
    if (reader->finished)
        return PF_OK;
    record_begin(reader);
    for (;;) {
        if (reader->pos == reader->data_len) {
            if (reader->at_eof)
                return read_finish(reader, got, err);
            if (reader->input_offset + reader->input_len == reader->range_end) {
                if (!reader->in_record) { /* the range ends between two records: the next segment follows */
                    reader->finished = true;
                    reader->range_done = true;
                    return PF_OK;
                }
                range_extend(reader); /* the cut was inside this record: parse the next segment too */
            }
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
            reader->record_line = reader->line;
            if (line_end) {
                if (reader->next_quote < start)
                    reader->next_quote = find_byte(reader, start, '"');
                if (reader->next_quote >= stop) { /* a whole line without quotes: one record */
                    reader->pos = end;
                    reader->line++;
                    if (!record_plain_line(reader, start, stop))
                        return pf_error_set(err, PF_ERROR_MEMORY, reader->path, reader->record_line, NULL,
                                            "out of memory");
                    *got = true;
                    return PF_OK;
                }
            }
            reader->in_record = true;
            reader->raw_start = start;
        } else if (reader->raw_copied && !buffer_append(&reader->raw, segment, length)) {
            return pf_error_set(err, PF_ERROR_MEMORY, reader->path, reader->line, NULL, "out of memory");
        }
        if (reader->chunk_has_nul)
            reader->spanned_nul = true;

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
                reader->malformed_field = (int)(reader->out->field_count - reader->record_first_field);
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
            *got = true;
            return PF_OK;
        }
    }
}

/* ---- the producer and the ring ---- */

/* Fills b with the next records until its texts reach READER_BATCH_BYTES, or the file ends, or an error
 * stops the producer (b->last then says so). */
static void fill_batch(pf_reader *reader, batch *b)
{
    batch_reset(b);
    reader->out = b;
    for (;;) {
        bool got;
        pf_error code = read_record(reader, &got, &b->context);
        if (code != PF_OK) {
            b->last = true;
            b->code = code;
            break;
        }
        if (!got) {
            b->last = true;
            break;
        }
        if (b->text.len + b->raw.len >= READER_BATCH_BYTES)
            break;
    }
    b->end_offset = producer_offset(reader);
    b->end_line = reader->line;
    b->next_segment = b->last && b->code == PF_OK && reader->range_done ? reader->next_segment : 0;
}

static void *producer_main(void *context)
{
    pf_reader *reader = context;
    for (;;) {
        pthread_mutex_lock(&reader->lock);
        while (!reader->stop && reader->produced - reader->consumed >= reader->ring_size)
            pthread_cond_wait(&reader->emptied, &reader->lock);
        bool stop = reader->stop;
        batch *b = &reader->ring[reader->produced % reader->ring_size];
        pthread_mutex_unlock(&reader->lock);
        if (stop)
            return NULL;
        fill_batch(reader, b);
        /* Preparing is the caller's work done here: worth it only while the caller is the slower one, that
         * is while a batch is waiting for it besides the one it holds. */
        pthread_mutex_lock(&reader->lock);
        bool ahead = reader->produced - reader->consumed >= 2;
        pthread_mutex_unlock(&reader->lock);
        if (ahead)
            batch_prepare(reader, b, 0);
        pthread_mutex_lock(&reader->lock);
        reader->produced++;
        pthread_cond_signal(&reader->filled);
        pthread_mutex_unlock(&reader->lock);
        if (b->last)
            return NULL;
    }
}

/* Starts the producer's thread (the reader's first batch being the consumer's already, a segment's not);
 * false when it cannot run. */
static bool producer_start(pf_reader *reader)
{
    if (pthread_mutex_init(&reader->lock, NULL) != 0)
        return false;
    if (pthread_cond_init(&reader->filled, NULL) != 0) {
        pthread_mutex_destroy(&reader->lock);
        return false;
    }
    if (pthread_cond_init(&reader->emptied, NULL) != 0) {
        pthread_cond_destroy(&reader->filled);
        pthread_mutex_destroy(&reader->lock);
        return false;
    }
    reader->produced = reader->owner ? 0 : 1;
    reader->consumed = 0;
    reader->stop = false;
    if (pthread_create(&reader->thread, NULL, producer_main, reader) != 0) {
        pthread_cond_destroy(&reader->emptied);
        pthread_cond_destroy(&reader->filled);
        pthread_mutex_destroy(&reader->lock);
        return false;
    }
    reader->thread_running = true;
    return true;
}

static void producer_stop(pf_reader *reader)
{
    if (!reader->thread_running)
        return;
    pthread_mutex_lock(&reader->lock);
    reader->stop = true;
    pthread_cond_broadcast(&reader->emptied);
    pthread_mutex_unlock(&reader->lock);
    pthread_join(reader->thread, NULL);
    pthread_cond_destroy(&reader->emptied);
    pthread_cond_destroy(&reader->filled);
    pthread_mutex_destroy(&reader->lock);
    reader->thread_running = false;
}

/* ---- segments ----
 *
 * A regular UTF-8 file bigger than a few segments' minimum is cut, when the reader is opened, at line ends
 * outside quotes: the quotes before each cut are counted (memchr), and the cut goes after the first LF at
 * or after an even share of the file where the count is even. Segment 0 is the reader's own producer;
 * segment k >= 1 has a producer of its own (a pf_reader with an owner), started with a fresh parser at the
 * cut, with lines numbered from 1, reading with pread at its own offset, in a thread of its own with a
 * longer ring so that it runs ahead while the consumer is still on the segments before. The consumer
 * returns segment 0's records, then segment 1's, and so on, adding to each segment's line numbers the
 * lines before it.
 *
 * The count assumes RFC 4180 quoting; a malformed quote can make it wrong. So each cut is checked by the
 * producer of the segment before it: reaching the cut between two records, its parser is in the very state
 * a single one would be in there (no record open, no CR pending, since the cut follows an LF), so the next
 * segment's records are exactly those one thread would return. Reaching it inside a record, the producer
 * parses on into the next segment, whose producer stops, its records never returned. No split is ever
 * trusted unchecked, so the records, their line numbers and flags, and the errors are the single thread's
 * in every case. */

/* The threads asked for: options->threads, else PF_THREADS, else the online CPUs; at most the maximum. */
static int reader_threads(const pf_reader_options *options)
{
    long n = options->threads;
    if (n <= 0) {
        const char *env = getenv("PF_THREADS");
        char *end = NULL;
        n = env && *env ? strtol(env, &end, 10) : 0;
        if (!env || !*env || *end != '\0' || n < 1)
            n = sysconf(_SC_NPROCESSORS_ONLN);
    }
    if (n < 1)
        return 1;
    return n > PF_READER_MAX_THREADS ? PF_READER_MAX_THREADS : (int)n;
}

/* The smallest segment: READER_SEGMENT_MIN, or PF_READER_SEGMENT_MIN (bytes) for the tests. */
static unsigned long long segment_min(void)
{
    const char *env = getenv("PF_READER_SEGMENT_MIN");
    char *end = NULL;
    unsigned long long n = env && *env ? strtoull(env, &end, 10) : 0;
    return n > 0 && *end == '\0' ? n : READER_SEGMENT_MIN;
}

/* Cuts the file into segments (reader->splits, segment_count) when it is worth it; the reader has read its
 * first chunk, so no cut comes before that chunk's end. Short of memory or on a read error: one segment. */
static void segments_plan(pf_reader *reader)
{
    reader->segment_count = 1;
    reader->info.segments = 1;
    unsigned long long size = reader->info.size, from = reader->input_offset + reader->input_len;
    unsigned long long min = segment_min();
    int count = reader->threads;
    /* the segments' bytes are hashed by the hasher only: without it, no cut (unless nothing is hashed) */
    if (count < 2 || reader->converting || !reader->background ||
        (!reader->hasher_running && !reader->no_digest) || size <= from)
        return;
    if (size / min < (unsigned long long)count)
        count = (int)(size / min);
    if (count < 2)
        return;
    unsigned char *buffer = malloc(READER_REFILL_SIZE);
    if (!buffer)
        return;
    bool quoted = false;
    int k = 1;
    unsigned long long offset = 0, target = size / (unsigned long long)count;
    if (target < from)
        target = from;
    while (k < count) {
        ssize_t n = pread_full(reader->fd, buffer, READER_REFILL_SIZE, offset);
        if (n <= 0)
            break;
        size_t len = (size_t)n, i = 0;
        while (i < len && k < count) {
            if (offset + i < target) { /* before the target: only the quotes count */
                size_t stop = target - offset < len ? (size_t)(target - offset) : len;
                for (const unsigned char *q = buffer + i; (q = memchr(q, '"', stop - (size_t)(q - buffer)));
                     q++)
                    quoted = !quoted;
                i = stop;
                continue;
            }
            unsigned char c = buffer[i++];
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\n' && !quoted) {
                unsigned long long cut = offset + i;
                if (cut >= size) {
                    count = k; /* nothing after it */
                    break;
                }
                reader->splits[k++] = cut;
                target = size / (unsigned long long)count * (unsigned long long)k;
                if (target < cut)
                    target = cut;
            }
        }
        offset += len;
        if (len < READER_REFILL_SIZE)
            break;
    }
    free(buffer);
    reader->segment_count = k;
    reader->info.segments = k;
    if (k > 1) {
        reader->range_end = reader->splits[1];
        reader->next_segment = 1;
    }
}

/* A producer for segment k of the reader's file (not started), or NULL when out of memory. */
static pf_reader *segment_new(pf_reader *owner, int k)
{
    pf_reader *segment = calloc(1, sizeof *segment);
    if (!segment)
        return NULL;
    segment->input = malloc(READER_REFILL_SIZE);
    if (!segment->input) {
        free(segment);
        return NULL;
    }
    segment->path = owner->path;
    segment->fd = owner->fd;
    segment->info = owner->info;
    segment->verify_utf8 = owner->verify_utf8;
    segment->utf16 = (iconv_t)-1;
    segment->prepare = owner->prepare;
    segment->prepare_size = owner->prepare_size;
    segment->prepare_context = owner->prepare_context;
    segment->input_offset = owner->splits[k];
    segment->line = 1;
    segment->owner = owner;
    segment->next_segment = k + 1;
    segment->range_end = k + 1 < owner->segment_count ? owner->splits[k + 1] : ULLONG_MAX;
    segment->ring_size = READER_SEGMENT_RING;
    segment->background = true;
    segment->source = segment;
    parser_start(segment);
    return segment;
}

static void producer_stop(pf_reader *reader);

static void segment_free(pf_reader *segment)
{
    if (!segment)
        return;
    producer_stop(segment);
    if (segment->has_parser)
        csv_free(&segment->parser);
    for (int i = 0; i < READER_SEGMENT_RING; i++)
        batch_clear(&segment->ring[i]);
    free(segment->input);
    free(segment->raw.data);
    free(segment);
}

/* Creates the producers of segments 1.. and starts their threads, the last first (so that a producer that
 * cancels the next segment finds its thread started or not, never starting); a segment without a thread is
 * produced on the consumer's thread when its turn comes. Out of memory, fewer segments: the last one reads
 * to the end of the file (no producer runs yet). */
static void segments_start(pf_reader *reader)
{
    int count = reader->segment_count;
    for (int k = 1; k < count; k++) {
        reader->segments[k] = segment_new(reader, k);
        if (!reader->segments[k]) {
            count = k;
            break;
        }
    }
    if (count < reader->segment_count) {
        reader->segment_count = count;
        pf_reader *last = count > 1 ? reader->segments[count - 1] : reader;
        last->range_end = ULLONG_MAX;
        last->next_segment = count;
    }
    for (int k = count - 1; k >= 1; k--)
        if (!producer_start(reader->segments[k]))
            reader->segments[k]->background = false;
}

/* The consumer has returned every record of the current batch, which is not the last: gives it back and
 * makes the next one current (waiting for the producer, or producing it here for a small file). The reader's
 * own producer starts here, with the segments' producers. */
static void next_batch(pf_reader *source)
{
    if (source->background && !source->thread_running) { /* the reader itself, at its first call */
        segments_start(source);
        if (!producer_start(source))
            source->background = false; /* no thread: produce on this one */
    }
    source->next_index = 0;
    if (!source->background) {
        fill_batch(source, source->current);
        batch_prepare(source, source->current, 0);
        return;
    }
    pthread_mutex_lock(&source->lock);
    source->consumed++;
    pthread_cond_signal(&source->emptied);
    while (source->produced == source->consumed)
        pthread_cond_wait(&source->filled, &source->lock);
    source->current = &source->ring[source->consumed % source->ring_size];
    pthread_mutex_unlock(&source->lock);
}

/* The batch last ended its segment between two records: its records are followed by those of the segment it
 * names, whose first batch becomes current. */
static void segment_enter(pf_reader *reader, const batch *last)
{
    reader->line_base += last->end_line - 1;
    pf_reader *next = reader->segments[last->next_segment];
    reader->source = next;
    next->next_index = 0;
    if (!next->background) {
        next->current = &next->ring[0];
        fill_batch(next, next->current);
        batch_prepare(next, next->current, 0);
        return;
    }
    pthread_mutex_lock(&next->lock);
    while (next->produced == next->consumed)
        pthread_cond_wait(&next->filled, &next->lock);
    next->current = &next->ring[next->consumed % next->ring_size];
    pthread_mutex_unlock(&next->lock);
}

/* ---- the hasher ---- */

/* The hashing thread: SHA-256 of the file from the end of the first read on, read a second time. */
static void *hasher_main(void *context)
{
    pf_reader *reader = context;
    unsigned char *buffer = malloc(READER_REFILL_SIZE);
    unsigned long long offset = reader->hash_bytes; /* set before the thread started */
    bool failed = buffer == NULL;
    while (!failed) {
        pthread_mutex_lock(&reader->hash_lock);
        bool stop = reader->hash_stop;
        pthread_mutex_unlock(&reader->hash_lock);
        if (stop)
            break;
        ssize_t n = pread(reader->fd, buffer, READER_REFILL_SIZE, (off_t)offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            failed = n < 0;
            break;
        }
        sha256_update(&reader->sha, (size_t)n, buffer);
        offset += (unsigned long long)n;
    }
    free(buffer);
    pthread_mutex_lock(&reader->hash_lock);
    reader->hash_finished = true;
    reader->hash_failed = failed;
    reader->hash_bytes = offset;
    pthread_cond_signal(&reader->hash_cond);
    pthread_mutex_unlock(&reader->hash_lock);
    return NULL;
}

/* Starts the hashing thread (sha holds the first read already); without it, the producer hashes. */
static void hasher_start(pf_reader *reader)
{
    if (pthread_mutex_init(&reader->hash_lock, NULL) != 0)
        return;
    if (pthread_cond_init(&reader->hash_cond, NULL) != 0) {
        pthread_mutex_destroy(&reader->hash_lock);
        return;
    }
    reader->hash_bytes = reader->input_len;
    if (pthread_create(&reader->hasher, NULL, hasher_main, reader) != 0) {
        pthread_cond_destroy(&reader->hash_cond);
        pthread_mutex_destroy(&reader->hash_lock);
        return;
    }
    reader->hasher_running = true;
}

static void hasher_stop(pf_reader *reader)
{
    if (!reader->hasher_running)
        return;
    pthread_mutex_lock(&reader->hash_lock);
    reader->hash_stop = true;
    pthread_mutex_unlock(&reader->hash_lock);
    pthread_join(reader->hasher, NULL);
    pthread_cond_destroy(&reader->hash_cond);
    pthread_mutex_destroy(&reader->hash_lock);
    reader->hasher_running = false;
}

/* The end of the file has been returned: the digest, once the hasher (if any) is done. The hasher read the
 * file on its own: if it did not see the bytes the producer parsed (the file changed size meanwhile), there
 * is no digest. */
static void hash_finish(pf_reader *reader, unsigned long long end)
{
    if (reader->sha_done || reader->no_digest)
        return;
    if (reader->hasher_running) {
        pthread_mutex_lock(&reader->hash_lock);
        while (!reader->hash_finished)
            pthread_cond_wait(&reader->hash_cond, &reader->hash_lock);
        bool complete = !reader->hash_failed && reader->hash_bytes == end;
        pthread_mutex_unlock(&reader->hash_lock);
        if (!complete)
            return;
    }
    unsigned char digest[SHA256_DIGEST_SIZE];
    sha256_digest(&reader->sha, sizeof digest, digest);
    static const char hex_digits[] = "0123456789abcdef";
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        reader->sha_hex[2 * i] = hex_digits[digest[i] >> 4];
        reader->sha_hex[2 * i + 1] = hex_digits[digest[i] & 15];
    }
    reader->sha_hex[2 * SHA256_DIGEST_SIZE] = '\0';
    reader->sha_done = true;
}

/* ---- opening ---- */

/* Looks at the header line in the first chunk: the delimiter most frequent outside quotes (',' on a tie),
 * and whether it ends with CRLF. The header line is the first non-blank line holding a delimiter: a report's
 * title lines before it (a lone name, no delimiter) are passed, up to SNIFF_TITLE_LINES of them. */
#define SNIFF_TITLE_LINES 10
static void sniff_header(const unsigned char *s, size_t n, char *delimiter, bool *crlf)
{
    size_t i = 0;
    while (i < n && (s[i] == '\n' || s[i] == '\r'))
        i++;
    size_t first = i;
    for (int title = 0;; title++) {
        while (i < n && (s[i] == '\n' || s[i] == '\r'))
            i++;
        if (title == SNIFF_TITLE_LINES) {
            i = first; /* no line with a delimiter: the first line is the header */
            break;
        }
        size_t end = i;
        bool quoted = false, any = false;
        for (; end < n && (quoted || (s[end] != '\n' && s[end] != '\r')); end++) {
            if (s[end] == '"')
                quoted = !quoted;
            else if (!quoted && (s[end] == ',' || s[end] == ';' || s[end] == '\t'))
                any = true;
        }
        if (any || end == n)
            break;
        i = end;
    }
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

/* UTF-16 by its byte-order mark (*bom set), or without one by its NUL bytes: in the first 64 KiB, at least
 * a third of the 16-bit units have a NUL high byte (text in Latin letters) and almost none a NUL low byte.
 * PF_ENCODING_AUTO when the text is not UTF-16. */
static pf_encoding detect_utf16(const unsigned char *s, size_t n, bool *bom)
{
    *bom = false;
    if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        *bom = true;
        return PF_ENCODING_UTF16LE;
    }
    if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        *bom = true;
        return PF_ENCODING_UTF16BE;
    }
    size_t units = (n < READER_BINARY_CHECK ? n : READER_BINARY_CHECK) / 2;
    if (units < 2)
        return PF_ENCODING_AUTO;
    size_t even = 0, odd = 0;
    for (size_t i = 0; i < units; i++) {
        even += s[2 * i] == 0;
        odd += s[2 * i + 1] == 0;
    }
    if (odd * 3 >= units && even * 50 < units)
        return PF_ENCODING_UTF16LE;
    if (even * 3 >= units && odd * 50 < units)
        return PF_ENCODING_UTF16BE;
    return PF_ENCODING_AUTO;
}

/* Sets up the UTF-16 conversion (info.encoding says which) and converts the first chunk from skip on. */
static pf_error utf16_start(pf_reader *reader, size_t skip, pf_error_context *err)
{
    const char *from = reader->info.encoding == PF_ENCODING_UTF16LE ? "UTF-16LE" : "UTF-16BE";
    reader->utf16 = iconv_open("UTF-8", from);
    if (reader->utf16 == (iconv_t)-1)
        return pf_error_set(err, PF_ERROR_INTERNAL, reader->path, 0, NULL, "cannot convert from %s: %s", from,
                            strerror(errno));
    reader->converting = true;
    /* a UTF-16 unit gives at most 3 UTF-8 bytes (a surrogate pair: 4 for 4); plus a carried character */
    reader->converted_cap = PF_READER_BUFFER_SIZE / 2 * 3 + 16;
    reader->converted = malloc(reader->converted_cap);
    if (!reader->converted)
        return pf_error_set(err, PF_ERROR_MEMORY, reader->path, 0, NULL, "out of memory");
    return utf16_convert(reader, skip, err);
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

/* ---- workbooks ---- */

/* Appends field (n bytes) to the raw text as a CSV field would be written. */
static bool raw_append_field(byte_buffer *raw, const char *field, size_t n)
{
    if (!memchr(field, ',', n) && !memchr(field, '"', n) && !memchr(field, '\n', n) && !memchr(field, '\r', n))
        return buffer_append(raw, field, n);
    if (!buffer_append(raw, "\"", 1))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!buffer_append(raw, field + i, 1) || (field[i] == '"' && !buffer_append(raw, "\"", 1)))
            return false;
    return buffer_append(raw, "\"", 1);
}

/* The next row of the workbook as reader->record (fields padded to the header's width), or NULL at the
 * end of the sheet. */
static pf_error workbook_next(pf_reader *reader, const pf_record **record, pf_error_context *err)
{
    *record = NULL;
    pf_xlsx_row row;
    bool got;
    pf_error code = xlsx_next_row(reader->xlsx, &row, &got, err);
    if (code != PF_OK || !got)
        return code;
    size_t count = row.count;
    if (count < reader->xlsx_width && !(count == 1 && reader->xlsx_width > 1))
        count = reader->xlsx_width; /* trailing empty cells are not stored */
    if (count > reader->xlsx_field_cap) {
        size_t cap = count * 2;
        char **fields = realloc(reader->xlsx_fields, cap * sizeof *fields);
        if (fields)
            reader->xlsx_fields = fields;
        size_t *lengths = fields ? realloc(reader->xlsx_lengths, cap * sizeof *lengths) : NULL;
        if (!lengths)
            return pf_error_set(err, PF_ERROR_MEMORY, reader->path, row.number, NULL, "out of memory");
        reader->xlsx_lengths = lengths;
        reader->xlsx_field_cap = cap;
    }
    static char empty[1] = "";
    reader->xlsx_raw.len = 0;
    for (size_t i = 0; i < count; i++) {
        bool stored = i < row.count;
        reader->xlsx_fields[i] = stored ? row.fields[i] : empty;
        reader->xlsx_lengths[i] = stored ? row.lengths[i] : 0;
        if ((i > 0 && !buffer_append(&reader->xlsx_raw, ",", 1)) ||
            !raw_append_field(&reader->xlsx_raw, reader->xlsx_fields[i], reader->xlsx_lengths[i]))
            return pf_error_set(err, PF_ERROR_MEMORY, reader->path, row.number, NULL, "out of memory");
    }
    if (!buffer_append(&reader->xlsx_raw, "", 1)) /* NUL-terminated, for convenience */
        return pf_error_set(err, PF_ERROR_MEMORY, reader->path, row.number, NULL, "out of memory");
    reader->xlsx_raw.len--;
    pf_record *r = &reader->record;
    memset(r, 0, sizeof *r);
    r->field_count = count;
    r->fields = reader->xlsx_fields;
    r->lengths = reader->xlsx_lengths;
    r->line = r->last_line = row.number;
    r->raw = reader->xlsx_raw.data ? reader->xlsx_raw.data : "";
    r->raw_length = reader->xlsx_raw.len;
    r->invalid_utf8_field = -1;
    r->malformed_quote_field = -1;
    r->error_value_field = row.error_field;
    *record = r;
    return PF_OK;
}

static bool keep_header(pf_reader *reader, const pf_record *record);

/* Opens path as a workbook and reads its header row. */
static pf_error workbook_open(pf_reader *reader, const pf_reader_options *options, pf_error_context *err)
{
    pf_error code = xlsx_open(reader->path, options->sheet, reader->threads, &reader->xlsx, err);
    if (code != PF_OK)
        return code;
    reader->info.workbook = true;
    reader->info.delimiter = ',';
    reader->info.encoding = PF_ENCODING_UTF8;
    snprintf(reader->info.sheet, sizeof reader->info.sheet, "%s", xlsx_sheet_name(reader->xlsx));
    const pf_record *header;
    code = workbook_next(reader, &header, err);
    if (code != PF_OK)
        return code;
    if (!header)
        return pf_error_set(err, PF_ERROR_DATA, reader->path, 0, NULL, "is empty (sheet '%s' holds no value)",
                            reader->info.sheet);
    reader->xlsx_width = header->field_count;
    if (!keep_header(reader, header))
        return pf_error_set(err, PF_ERROR_MEMORY, reader->path, 0, NULL, "out of memory");
    return PF_OK;
}

/* An OLE2 compound file: an Excel 97-2003 workbook, or an encrypted .xlsx (its "EncryptionInfo" stream). */
static pf_error refuse_ole2(const char *path, const unsigned char *s, size_t n, pf_error_context *err)
{
    static const char stream[] = "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o";
    for (size_t i = 0; i + sizeof stream - 1 <= n; i++)
        if (s[i] == 'E' && memcmp(s + i, stream, sizeof stream - 1) == 0)
            return pf_error_set(err, PF_ERROR_DATA, path, 0, NULL,
                                "is a password-protected workbook: open it in Excel, remove the password "
                                "(File > Info > Protect Workbook) and save it as .xlsx or CSV UTF-8");
    return pf_error_set(
        err, PF_ERROR_DATA, path, 0, NULL,
        "is an Excel 97-2003 workbook (.xls), which is not read: open it in Excel or LibreOffice "
        "and save it as .xlsx or CSV UTF-8");
}

pf_error reader_open(const char *path, const pf_reader_options *options, pf_reader **out, pf_error_context *err)
{
    static const pf_reader_options defaults = {.encoding = PF_ENCODING_AUTO};
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
    reader->utf16 = (iconv_t)-1;
    reader->threads = reader_threads(options);
    reader->no_digest = options->no_digest;
    reader->range_end = ULLONG_MAX;
    reader->ring_size = READER_RING;
    reader->source = reader;
    reader->segment_count = 1;
    reader->info.segments = 1;
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
    if (!reader->input) {
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
    sha256_init(&reader->sha);
    sha256_update(&reader->sha, reader->input_len, reader->input);
    /* the rest is hashed meanwhile, encoding detection included */
    if (seekable && !reader->at_eof && !reader->no_digest)
        hasher_start(reader);
    const unsigned char *s = reader->input;
    size_t n = reader->input_len;
    if (n == 0) {
        code = pf_error_set(err, PF_ERROR_DATA, path, 0, NULL, "is empty");
        goto cleanup;
    }
    if (xlsx_looks_like_zip(s, n)) {
        code = workbook_open(reader, options, err);
        if (code != PF_OK)
            goto cleanup;
        *out = reader;
        reader = NULL;
        goto cleanup;
    }
    static const unsigned char ole2[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if (n >= 8 && memcmp(s, ole2, 8) == 0) {
        code = refuse_ole2(path, s, n, err);
        goto cleanup;
    }
    size_t skip = 0;
    pf_encoding utf16 = detect_utf16(s, n, &reader->info.bom);
    if (utf16 != PF_ENCODING_AUTO) {
        skip = reader->info.bom ? 2 : 0;
        reader->info.encoding = utf16;
        code = utf16_start(reader, skip, err);
        if (code != PF_OK)
            goto cleanup;
        s = (const unsigned char *)reader->converted;
        n = reader->converted_len;
    }
    const unsigned char *nul =
        utf16 != PF_ENCODING_AUTO ? NULL : memchr(s, '\0', n < READER_BINARY_CHECK ? n : READER_BINARY_CHECK);
    if (nul) {
        code = pf_error_set(err, PF_ERROR_DATA, path, 0, NULL, "is not a text file (binary data at byte %zu)",
                            (size_t)(nul - s) + 1);
        goto cleanup;
    }
    if (utf16 == PF_ENCODING_AUTO && n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        reader->info.bom = true;
        skip = 3;
    }
    char delimiter;
    if (utf16 != PF_ENCODING_AUTO)
        sniff_header(s, n, &delimiter, &reader->info.crlf);
    else
        sniff_header(s + skip, n - skip, &delimiter, &reader->info.crlf);
    reader->info.delimiter = options->delimiter ? options->delimiter : delimiter;

    if (utf16 != PF_ENCODING_AUTO) {
        /* decided by the BOM or the NUL bytes, whatever was asked: nothing else reads as this */
    } else if (options->encoding == PF_ENCODING_AUTO) {
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

    /* The first batch is produced here: the header is its first record. */
    batch *first = &reader->ring[0];
    fill_batch(reader, first);
    if (first->record_count == 0) {
        if (first->code != PF_OK) {
            if (err)
                *err = first->context;
            code = first->code;
        } else {
            code = pf_error_set(err, PF_ERROR_DATA, path, 0, NULL, "is empty");
        }
        goto cleanup;
    }
    const pf_record *header = batch_view(reader, first, 0);
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
    reader->current = first;
    reader->next_index = 1;
    /* The rest of a file bigger than this first read is produced in the background, from the first call
     * to reader_next() on. */
    reader->background = !first->last && !reader->at_eof;
    if (seekable)
        segments_plan(reader);
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

bool reader_header_found(pf_reader *reader)
{
    pf_record last = reader->record;
    free(reader->header_block);
    free(reader->header_fields);
    free(reader->header_lengths);
    reader->header_block = NULL;
    reader->header_fields = NULL;
    reader->header_lengths = NULL;
    if (reader->xlsx)
        reader->xlsx_width = last.field_count;
    return keep_header(reader, &last);
}

pf_error reader_next(pf_reader *reader, const pf_record **record, pf_error_context *err)
{
    *record = NULL;
    reader->started = true;
    if (reader->xlsx) {
        if (reader->at_end)
            return PF_OK;
        pf_error code = workbook_next(reader, record, err);
        reader->at_end = code == PF_OK && !*record;
        return code;
    }
    for (;;) {
        if (reader->failure != PF_OK) {
            if (err)
                *err = reader->failure_context;
            return reader->failure;
        }
        pf_reader *source = reader->source;
        batch *b = source->current;
        if (source->next_index < b->record_count) {
            *record = batch_view(reader, b, source->next_index++);
            reader->record.line += reader->line_base;
            reader->record.last_line += reader->line_base;
            return PF_OK;
        }
        if (b->last) {
            reader->offset = b->end_offset;
            if (b->code != PF_OK) {
                reader->failure = b->code;
                reader->failure_context = b->context;
                if (reader->failure_context.line > 0)
                    reader->failure_context.line += reader->line_base;
                continue;
            }
            if (b->next_segment) {
                segment_enter(reader, b);
                continue;
            }
            hash_finish(reader, b->end_offset);
            reader->at_end = true;
            return PF_OK;
        }
        next_batch(source);
    }
}

bool reader_set_prepare(pf_reader *reader, pf_reader_prepare *prepare, size_t size, void *context)
{
    if (reader->started || reader->xlsx || !prepare || size == 0 || size > SIZE_MAX / 2)
        return false;
    reader->prepare = prepare;
    reader->prepare_size = (size + 15) / 16 * 16;
    reader->prepare_context = context;
    if (!reader->background) /* a small file: everything is prepared, on this thread */
        batch_prepare(reader, reader->current, reader->next_index);
    return true;
}

const char *reader_encoding_name(pf_encoding encoding)
{
    switch (encoding) {
    case PF_ENCODING_CP1252: return "Windows-1252";
    case PF_ENCODING_UTF16LE: return "UTF-16LE";
    case PF_ENCODING_UTF16BE: return "UTF-16BE";
    default: return "UTF-8";
    }
}

unsigned long long reader_offset(const pf_reader *reader)
{
    return reader->offset;
}

bool reader_sha256(const pf_reader *reader, char hex[65])
{
    if (!reader->at_end || !reader->sha_done || reader->xlsx)
        return false;
    memcpy(hex, reader->sha_hex, sizeof reader->sha_hex);
    return true;
}

void reader_free(pf_reader *reader)
{
    if (!reader)
        return;
    /* Producers in segment order: each may still cancel the next one until it is joined. */
    producer_stop(reader);
    for (int k = 1; k < PF_READER_MAX_THREADS; k++)
        segment_free(reader->segments[k]);
    hasher_stop(reader);
    if (reader->fd >= 0)
        close(reader->fd);
    if (reader->has_parser)
        csv_free(&reader->parser);
    if (reader->utf16 != (iconv_t)-1)
        iconv_close(reader->utf16);
    for (int i = 0; i < READER_SEGMENT_RING; i++)
        batch_clear(&reader->ring[i]);
    free(reader->input);
    free(reader->converted);
    free(reader->raw.data);
    free(reader->header_block);
    free(reader->header_fields);
    free(reader->header_lengths);
    xlsx_free(reader->xlsx);
    free(reader->xlsx_raw.data);
    free(reader->xlsx_fields);
    free(reader->xlsx_lengths);
    free(reader);
}
