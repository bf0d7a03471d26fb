/* reader.h — the streaming CSV reader: bytes of a file in, UTF-8 records with their line numbers out.
 *
 * Owns: pf_reader (an open file, a libcsv parser, a Windows-1252 table, a few batches of records and, for
 * a file bigger than PF_READER_BUFFER_SIZE, a background thread that reads and tokenises ahead of the
 * caller and, for such a regular file, a thread that computes its SHA-256; for a big UTF-8 file, up to
 * PF_READER_MAX_THREADS - 1 more threads, each tokenising a segment of the file with batches of its own).
 * Memory is bounded by the batches and the largest record, never by the file, so the same reader serves a
 * 100-row CRM export and a 4 GB SIRENE file. Borrowed: the path given to reader_open() must stay valid until
 * reader_free(). The record returned by reader_next() (its fields and raw text) is owned by the reader and
 * stays valid only until the next call to reader_next() or reader_free(): copy what you keep. Threads: one
 * pf_reader is used by one thread at a time (the background thread is the reader's own business: it touches
 * nothing of the caller's).
 *
 * What it does, per docs/definitions.md "Field syntax":
 *  - delimiter `,` `;` or TAB detected from the header line (the most frequent outside quotes; `,` on a tie)
 *    unless pf_reader_options.delimiter forces one; the line looked at is the first one holding any of the
 *    three, so that a report's title lines before the header (a lone name) do not decide it;
 *  - a UTF-8 BOM is skipped; LF, CRLF, lone CR and a last line without newline are accepted;
 *  - RFC 4180 quoting (quoted delimiters, doubled quotes, line breaks inside quotes); fields are NOT
 *    trimmed (surrounding blanks are kept; parsers of typed fields trim them);
 *  - blank lines are skipped (and do not count as rows) but are counted in line numbers. A blank line holds
 *    nothing at all: a line of spaces is a record of one field "  ", and a line of delimiters only (";;;",
 *    Excel's empty rows) is a record of empty fields — the caller decides what they are;
 *  - the field count is not checked against the header's: that is the caller's reject;
 *  - encoding: UTF-8, or Windows-1252 when the file is not valid UTF-8 (encoding auto: the whole file is
 *    checked before the first record is returned, in a fast sequential pass), or the forced one;
 *    everything returned is valid UTF-8. In forced UTF-8 mode a record holding invalid UTF-8 is returned
 *    with invalid_utf8_field set (the caller rejects it), its invalid bytes replaced by U+FFFD;
 *  - UTF-16LE and UTF-16BE (Excel's "Unicode Text"), by their BOM or, without one, by the NUL bytes of
 *    their first 64 KiB, whatever encoding was asked for: decoded by glibc's iconv chunk by chunk, as the
 *    file is read, into the same UTF-8 path (a character cut by a chunk's end is carried to the next). An
 *    unpaired surrogate, or an odd last byte, is PF_ERROR_DATA naming its byte offset;
 *  - otherwise a NUL byte in the first 64 KiB makes the file "not text" (PF_ERROR_DATA);
 *  - a file that starts like a ZIP archive is read as an .xlsx workbook (xlsx_input.h): the records are the
 *    non-empty rows of one sheet (options->sheet, else the first), the header its first non-empty row, line
 *    numbers its row numbers. A row is padded with empty fields to the header's width, except a row whose
 *    only value is in column A (a title or footer line, as in a text export: one field). Nothing is prepared
 *    (reader_set_prepare() returns false) and reader_sha256() is false (hash the file yourself). An Excel
 *    97-2003 file or a password-protected workbook (both OLE2 containers) is PF_ERROR_DATA with a line
 *    saying what to do.
 *
 * Decisions the callers rely on:
 *  - Line ends: LF, CRLF, or a lone CR (classic Mac OS files, as libcsv and Python's csv read them). Each
 *    ends a physical line for numbering and, outside quotes, the record. Inside quotes they are data, kept
 *    byte for byte (a CRLF inside a quoted field stays "\r\n").
 *  - Malformed quotes (RFC 4180: a quote inside an unquoted field, as in `a"b` or ` "b"` with a blank
 *    before the quote, or text after a closing quote, as in `"a"b`) do not stop the run: the record is
 *    returned with malformed_quote_field set to the field where the bad quote is, and the caller rejects
 *    it. Such a record ends at the end of the physical line holding the bad quote; its fields are those
 *    read before the malformed one (field_count is then not meaningful: check malformed_quote_field
 *    before the field count). Parsing resumes cleanly on the next line. In the header this is an error.
 *  - A quoted field still open at the end of the file is PF_ERROR_DATA (nothing after it could be read
 *    reliably), with err->line = the line where its record starts.
 *  - raw is NOT capped: it is the whole record text (a record bigger than the read buffer is copied whole).
 *    Callers that store or display it (reject listings) should truncate it themselves, on a UTF-8
 *    character boundary.
 *  - A NUL byte after the first 64 KiB is invalid text: the record is returned with invalid_utf8_field
 *    set and the NUL replaced by U+FFFD, like an invalid UTF-8 byte.
 *  - Parallel parsing: a regular UTF-8 file bigger than a few read buffers (Windows-1252 and UTF-16 files,
 *    pipes and workbooks are read by one thread) is cut into up to options->threads segments at line ends
 *    outside quotes, parsed at once, and its records returned in file order, with the same fields, line
 *    numbers, flags, raw texts and errors as one thread gives: a cut that turns out to be inside a record
 *    (a quote that is not RFC 4180 fooled the quote count) is undone by the segment before it, which parses
 *    on. The environment variable PF_READER_SEGMENT_MIN (bytes, default 4 MiB) sets the smallest segment;
 *    it exists for the tests, which cut small files with it.
 *  - Encoding auto on a regular file reads the whole file once before the first record (stopping at the
 *    first invalid byte) and then never checks again. On a pipe (nothing to re-read) the decision is made
 *    on the first PF_READER_BUFFER_SIZE bytes: valid UTF-8 there gives UTF-8 and every later record is
 *    checked as in forced UTF-8 mode (invalid_utf8_field).
 */
#ifndef PARTNERFUNNEL_READER_H
#define PARTNERFUNNEL_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "partnerfunnel/error.h"

typedef struct pf_reader pf_reader;

/** Bytes read from the file at a time (records may be larger: they are assembled across reads). */
#define PF_READER_BUFFER_SIZE ((size_t)1 << 20)

typedef enum pf_encoding {
    PF_ENCODING_AUTO = 0, /**< UTF-8 if the whole file is valid UTF-8, else Windows-1252 */
    PF_ENCODING_UTF8,
    PF_ENCODING_CP1252,
    PF_ENCODING_UTF16LE, /**< detected only (by its BOM or its NUL bytes), never asked for */
    PF_ENCODING_UTF16BE,
} pf_encoding;

/** Threads that parse one file at most (see pf_reader_options.threads). */
#define PF_READER_MAX_THREADS 8

typedef struct pf_reader_options {
    pf_encoding encoding; /**< PF_ENCODING_AUTO to detect */
    char delimiter;       /**< 0 to detect from the header line, else ',' ';' or '\t' */
    const char *sheet;    /**< a workbook's sheet to read; NULL or "" for the first one */
    int threads;          /**< threads parsing the file at once, 1..PF_READER_MAX_THREADS; 0 for the default:
                               the environment's PF_THREADS when set (1..PF_READER_MAX_THREADS), else the
                               online CPUs capped at PF_READER_MAX_THREADS. The records returned are the same
                               whatever the count (see reader_open) */
    bool no_digest;       /**< true: the file is not hashed and reader_sha256() is false (for a caller that
                               shows no digest: the hash is a tenth of the work of reading a large file) */
} pf_reader_options;

/** What the reader found out about the file; valid after a successful reader_open(). */
typedef struct pf_reader_info {
    char delimiter;          /**< ',' ';' or '\t' */
    pf_encoding encoding;    /**< the file's encoding (never AUTO) */
    bool bom;                /**< the file starts with a byte-order mark (UTF-8 or UTF-16) */
    bool crlf;               /**< the header line ends with CRLF */
    unsigned long long size; /**< file size in bytes (0 for a pipe) */
    bool workbook;           /**< an .xlsx workbook: records are the rows of one sheet (line = row number) */
    char sheet[128];         /**< ... the sheet's name; "" for a text file */
    int segments;            /**< parts of the file parsed at once by as many threads (1: one thread) */
} pf_reader_info;

/** One record. fields[i] is NUL-terminated UTF-8 of lengths[i] bytes. */
typedef struct pf_record {
    size_t field_count;
    char **fields;
    size_t *lengths;
    long line;       /**< physical line (1-based) where the record starts */
    long last_line;  /**< physical line where it ends (> line when a quoted field holds line breaks) */
    const char *raw; /**< the record's text as in the file, converted to UTF-8, without its line ending */
    size_t raw_length;
    int invalid_utf8_field;    /**< -1, or the index of the first field that held invalid UTF-8 (forced UTF-8)
                                    or a NUL byte: reject the record */
    int malformed_quote_field; /**< -1, or the index of the field holding a malformed quote: reject the
                                    record (its fields stop before that one) */
    int error_value_field;     /**< -1, or the index of the first field holding a workbook's error value
                                    (#N/A, #REF!...): reject the record */
    const void *prepared;      /**< what the function set with reader_set_prepare() wrote for this record (same
                                    lifetime as the record), or NULL when it did not run on it */
} pf_record;

/** Work on one data record that depends on nothing but the record and on data that stays constant while
 *  the file is read (parsing its typed fields, say), which the reader may do for the caller before
 *  returning the record: see reader_set_prepare(). It writes its result to out (the size given to
 *  reader_set_prepare(), aligned for any type). It may run in the reader's background thread, one record
 *  after the other: it must not touch anything the caller's thread may be using meanwhile (context is
 *  its own until reader_free()). */
typedef void pf_reader_prepare(const pf_record *record, void *out, void *context);

/** Opens path and reads its header record (the first non-blank line). options may be NULL (detect both).
 *  Errors: PF_ERROR_NO_INPUT (missing, unreadable, a folder: "cannot open: No such file or directory"),
 *  PF_ERROR_DATA ("is empty" — 0 bytes, or only a BOM and blank lines —, "has no header line" — every
 *  header name empty —, "is not a text file (binary data at byte N)" with N 1-based, UTF-16, an
 *  unterminated or malformed quote in the header), PF_ERROR_IO (read failed), PF_ERROR_MEMORY,
 *  PF_ERROR_INTERNAL (a forced delimiter other than , ; TAB). On error *out is NULL and err says why (file
 *  and, where known, line). */
pf_error reader_open(const char *path, const pf_reader_options *options, pf_reader **out,
                     pf_error_context *err);

/** The header record (same lifetime rules as any record, but stays valid until reader_free()). */
const pf_record *reader_header(const pf_reader *reader);

/** Tells the reader that the record it returned last is the file's header (the lines before it were a
 *  report's title lines): reader_header() becomes a copy of it and a workbook's rows are padded to its
 *  width from now on. False when out of memory. */
bool reader_header_found(pf_reader *reader);

/** What was detected. */
const pf_reader_info *reader_info(const pf_reader *reader);

/** The next data record in *record, or *record = NULL at the end of the file (and on every later call).
 *  Errors: PF_ERROR_IO (read failed), PF_ERROR_DATA (a quoted field never closed: err->line is the line
 *  where its record starts; message "a quoted field in the record starting on this line is never closed"),
 *  PF_ERROR_MEMORY. After an error every later call returns the same error. */
pf_error reader_next(pf_reader *reader, const pf_record **record, pf_error_context *err);

/** Lets the reader run prepare(record, out, context) on data records before returning them; such a record
 *  carries the result in record->prepared, any other has prepared = NULL and the caller does the work
 *  itself (so the outcome must not depend on which records were prepared). prepare may run on several
 *  threads at once (one per segment of the file): it must only read context. On a file that fits in its
 *  first read, every data record is prepared (on the caller's thread). On a bigger one, the background
 *  thread prepares a batch of records only when the caller is the slower of the two (it has records in
 *  hand beyond its current batch): work is moved to the thread that would otherwise wait.
 *  Call it between reader_open() and the first reader_next(): false (and nothing changes) later, or when
 *  prepare is NULL or size 0. context must stay valid until reader_free(). */
bool reader_set_prepare(pf_reader *reader, pf_reader_prepare *prepare, size_t size, void *context);

/** "UTF-8", "Windows-1252", "UTF-16LE" or "UTF-16BE": the name shown to the user. */
const char *reader_encoding_name(pf_encoding encoding);

/** Bytes of the file consumed so far (for progress lines; approximate within a read buffer for
 *  Windows-1252 files). */
unsigned long long reader_offset(const pf_reader *reader);

/** The SHA-256 of the file's bytes (BOM included, before any conversion), as 64 lowercase hex digits and a
 *  NUL in hex, computed while the file is read. Available once reader_next() has returned the end of the
 *  file (*record = NULL without error): returns false before that, or after an error (or when a regular
 *  file changed size while it was read: the digest would not be that of the bytes returned), or when the
 *  reader was opened with pf_reader_options.no_digest. */
bool reader_sha256(const pf_reader *reader, char hex[65]);

/** Closes the file and frees everything (stopping the background thread, if any). NULL is a no-op. */
void reader_free(pf_reader *reader);

#endif
