/* reader.h — the streaming CSV reader: bytes of a file in, UTF-8 records with their line numbers out.
 *
 * Owns: pf_reader (an open file, a libcsv parser, an iconv converter and the buffers of the current
 * record). Memory is bounded by the largest record, never by the file, so the same reader serves a
 * 100-row CRM export and a 4 GB SIRENE file.
 * Borrowed: the path given to reader_open() must stay valid until reader_free().
 * The record returned by reader_next() (its fields and raw text) is owned by the reader and stays valid
 * only until the next call to reader_next() or reader_free(): copy what you keep.
 *
 * What it does, per SPEC §1 "Field syntax":
 *  - delimiter `,` `;` or TAB detected from the header line (the most frequent outside quotes; `,` on a tie)
 *    unless pf_reader_options.delimiter forces one;
 *  - a UTF-8 BOM is skipped; LF, CRLF and a last line without newline are accepted;
 *  - RFC 4180 quoting (quoted delimiters, doubled quotes, line breaks inside quotes); fields are NOT
 *    trimmed (surrounding blanks are kept; parsers of typed fields trim them);
 *  - blank lines are skipped (and do not count as rows) but are counted in line numbers;
 *  - encoding: UTF-8, or Windows-1252 when the file is not valid UTF-8 (encoding auto: the whole file is
 *    checked before the first record is returned, in a fast sequential pass), or the forced one;
 *    everything returned is valid UTF-8. In forced UTF-8 mode a record holding invalid UTF-8 is returned
 *    with invalid_utf8_field set (the caller rejects it), its invalid bytes replaced by U+FFFD;
 *  - a NUL byte in the first 64 KiB makes the file "not text" (PF_ERROR_DATA).
 */
#ifndef PARTNERFUNNEL_READER_H
#define PARTNERFUNNEL_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "partnerfunnel/error.h"

typedef struct pf_reader pf_reader;

typedef enum pf_encoding {
    PF_ENCODING_AUTO = 0, /**< UTF-8 if the whole file is valid UTF-8, else Windows-1252 */
    PF_ENCODING_UTF8,
    PF_ENCODING_CP1252,
} pf_encoding;

typedef struct pf_reader_options {
    pf_encoding encoding; /**< PF_ENCODING_AUTO to detect */
    char delimiter;       /**< 0 to detect from the header line, else ',' ';' or '\t' */
} pf_reader_options;

/** What the reader found out about the file; valid after a successful reader_open(). */
typedef struct pf_reader_info {
    char delimiter;          /**< ',' ';' or '\t' */
    pf_encoding encoding;    /**< PF_ENCODING_UTF8 or PF_ENCODING_CP1252 (never AUTO) */
    bool bom;                /**< the file starts with a UTF-8 BOM */
    bool crlf;               /**< the header line ends with CRLF */
    unsigned long long size; /**< file size in bytes (0 for a pipe) */
} pf_reader_info;

/** One record. fields[i] is NUL-terminated UTF-8 of lengths[i] bytes. */
typedef struct pf_record {
    size_t field_count;
    char **fields;
    size_t *lengths;
    long line;      /**< physical line (1-based) where the record starts */
    long last_line; /**< physical line where it ends (> line when a quoted field holds line breaks) */
    const char *raw; /**< the record's text as in the file, converted to UTF-8, without its line ending */
    size_t raw_length;
    int invalid_utf8_field; /**< -1, or the index of the first field that held invalid UTF-8 (forced UTF-8) */
} pf_record;

/** Opens path and reads its header record. Errors: PF_ERROR_NO_INPUT (missing, unreadable, a folder),
 *  PF_ERROR_DATA ("is empty", "has no header line", "is not a text file", an unterminated quote in the
 *  header), PF_ERROR_MEMORY. On error *out is NULL and err says why (file and, where known, line). */
pf_error reader_open(const char *path, const pf_reader_options *options, pf_reader **out,
                     pf_error_context *err);

/** The header record (same lifetime rules as any record, but stays valid until reader_free()). */
const pf_record *reader_header(const pf_reader *reader);

/** What was detected. */
const pf_reader_info *reader_info(const pf_reader *reader);

/** The next data record in *record, or *record = NULL at the end of the file. Errors: PF_ERROR_IO (read
 *  failed), PF_ERROR_DATA (a quoted field never closed: err->line is the line where its record starts),
 *  PF_ERROR_MEMORY. */
pf_error reader_next(pf_reader *reader, const pf_record **record, pf_error_context *err);

/** Bytes of the file consumed so far (for progress lines). */
unsigned long long reader_offset(const pf_reader *reader);

/** Closes the file and frees everything. NULL is a no-op. */
void reader_free(pf_reader *reader);

#endif
