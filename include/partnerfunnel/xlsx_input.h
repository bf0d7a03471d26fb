/* xlsx_input.h — one worksheet of an Excel workbook (.xlsx) read row by row, as UTF-8 text fields.
 *
 * Owns: pf_xlsx (the open archive, via minizip; every XML part parsed by expat; the sheet inflated and cut
 * into chunks at row boundaries in a thread of its own, the chunks parsed side by side by up to 8 threads,
 * their rows given in the sheet's order; the shared-strings table). Memory is bounded by the shared-strings
 * table plus a ring of chunks of about 4 MB of XML and their rows (2 per parsing thread, and 2), and one XML
 * tag of at most 1 MB, never by the sheet: no DOM is built. One pf_xlsx is used by one thread at a time (its
 * threads are its own business). Borrows: the path, until xlsx_free().
 * The row given by xlsx_next_row() stays valid until the next call or xlsx_free().
 *
 * What a cell becomes (the text a CSV export of the same sheet would hold):
 *  - shared and inline strings as they are (rich-text runs joined, phonetic runs left out, Excel's _xHHHH_
 *    escapes decoded); a formula's cached value (t="str", or a number) — the formula itself is ignored;
 *  - numbers as Excel shows them: at most 15 significant digits ("2500.4" for a stored
 *    2500.39999999999999991), else as written in the file ("8000.5"); booleans TRUE / FALSE;
 *  - a number whose cell format is a date format (built-in 14-17 and 22, or a custom code holding d or y
 *    outside quotes and brackets) becomes the date YYYY-MM-DD, the time of day dropped: in the 1900 date
 *    system serial 1 is 1900-01-01 and serial 60 is Excel's phantom 1900-02-29 (kept as that text, which no
 *    date parser accepts); in the 1904 system (workbookPr date1904) serial 0 is 1904-01-01;
 *  - an error value (#N/A, #REF!, ...) is its text, and the row says which field holds it (error_field).
 * A row's fields start at column A; missing cells (r="C7" after A7) are empty fields. A row of empty cells
 * is skipped like a blank line. Errors: a file-level problem (not a workbook, damaged or truncated archive,
 * no such sheet, malformed XML, an XML DTD or entity declaration — refused, never expanded —, a string
 * longer than Excel's 32,767 characters) is PF_ERROR_DATA with a one-line message naming the file.
 */
#ifndef PARTNERFUNNEL_XLSX_INPUT_H
#define PARTNERFUNNEL_XLSX_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "partnerfunnel/error.h"

typedef struct pf_xlsx pf_xlsx;

/** One row of the sheet: field i is the cell of column i (A = 0), NUL-terminated UTF-8 of lengths[i] bytes;
 *  count is one past the last non-empty cell. */
typedef struct pf_xlsx_row {
    long number; /**< the sheet's row number (1-based), as Excel shows it */
    size_t count;
    char **fields;
    size_t *lengths;
    int error_field; /**< -1, or the first field holding an error value (#N/A, #REF!, ...) */
} pf_xlsx_row;

/** True when the first n bytes of a file start like a ZIP archive (which an .xlsx file is). */
bool xlsx_looks_like_zip(const unsigned char *head, size_t n);

/** Opens the workbook at path and the sheet named sheet (matched exactly, then ignoring case), or the first
 *  sheet when sheet is NULL or "", to be parsed by threads threads (at most 8; 1 or less: the caller's alone,
 *  the rows and errors are the same whatever the count). Errors (PF_ERROR_DATA, message without the path, which
 * err->file holds): "is a ZIP archive but not an Excel workbook (no xl/workbook.xml)", "is damaged or truncated
 * (...)", "has no sheet 'X' (its sheets: 'A', 'B')", malformed or refused XML; PF_ERROR_MEMORY. */
pf_error xlsx_open(const char *path, const char *sheet, int threads, pf_xlsx **out, pf_error_context *err);

/** The name of the sheet being read. */
const char *xlsx_sheet_name(const pf_xlsx *xlsx);

/** The next non-empty row in *row; *got is false at the end of the sheet. Errors as for xlsx_open(),
 *  found as the sheet is read (a truncated archive, malformed XML). After an error every later call
 *  returns it again. */
pf_error xlsx_next_row(pf_xlsx *xlsx, pf_xlsx_row *row, bool *got, pf_error_context *err);

/** Closes the archive and frees everything. NULL is a no-op. */
void xlsx_free(pf_xlsx *xlsx);

/** The cell reference of column (0 = A) and row: "C7". out needs 16 bytes. */
void xlsx_cell_name(size_t column, long row, char out[16]);

#endif
