/* xlsx_book.h — the one workbook layer every .xlsx of the program is written with (report, score, and the
 * workbooks to come): the file, the house styles, cell writers that clean text and track column widths,
 * sheet naming, lists that continue on numbered sheets, defined names, charts, and libxlsxwriter's errors
 * turned into one pf_error.
 *
 * Owns: wb_book owns the libxlsxwriter workbook while it is being built, every wb_sheet it hands out, a
 * scratch buffer for cleaned text and the output file (a temporary beside the target, output.h) from
 * wb_book_open() until wb_book_close() or wb_book_abort(), which release all of it. Borrows the label table
 * of its language (labels.h: static) and the options' strings for the duration of wb_book_open().
 *
 * Text (wb_write_text and every writer that takes text) is written as it will be shown: always a string
 * cell, never a formula (a CRM cell starting with '=' stays text); invalid UTF-8 repaired with U+FFFD;
 * Excel's "_xHHHH_" escape neutralised ("_x0041_BC" shows as typed, not "ABC"); cut at Excel's 32,767
 * characters (UTF-16 units) with a visible marker. Control characters are escaped by libxlsxwriter.
 *
 * Printing: every sheet is set up to print on A4 landscape, one page wide (as many pages tall as it takes),
 * with a footer giving the sheet's name, "page / pages" and the reporting date (wb_book_options.as_of), so
 * that every workbook of the program prints the same way without its renderer asking. A renderer says only
 * what the layer cannot know: where a sheet's header row is (wb_sheet_header, wb_sheet_list: frozen,
 * repeated on every printed page, filtered for a list) and which sheets are one-page dashboards
 * (wb_print_one_page). A list written with wb_list_begin() declares itself.
 *
 * Writing order: a sheet is written row by row, never back to an earlier row, so the same code works in
 * libxlsxwriter's constant-memory mode, where a row is flushed to disk as soon as the next one starts.
 * libxlsxwriter errors are recorded (the first one wins) and checked once, by wb_book_close().
 *
 * The file: complete or not written. libxlsxwriter's own temporary files go to the target's folder (which
 * must have the room for the workbook anyway) unless options say otherwise; every write error is seen; the
 * finished archive is read back (each member's size and CRC, each XML part complete) before it replaces
 * the target. On failure the previous file is untouched, no temporary is left, and the error says why
 * ("No space left on device in /path"); nothing of libxlsxwriter's own messages reaches stderr.
 * LC_NUMERIC must be "C": libxlsxwriter prints numbers with printf.
 */
#ifndef PARTNERFUNNEL_XLSX_BOOK_H
#define PARTNERFUNNEL_XLSX_BOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <xlsxwriter.h>

#include "partnerfunnel/error.h"
#include "partnerfunnel/field.h"
#include "partnerfunnel/labels.h"
#include "partnerfunnel/output.h"

/** Cell styles, created once per workbook (a style no cell uses does not reach the file). */
typedef enum wb_style {
    WB_PLAIN = 0, /* default text */
    WB_TITLE,
    WB_SUBTITLE,
    WB_SECTION,
    WB_HEADER,
    WB_HEADER_RIGHT,
    WB_LABEL, /* bold text in a label column */
    WB_WRAP,  /* text that wraps (sentences) */
    WB_NOTE,  /* grey italic explanation */
    WB_NA,    /* "n/a", right-aligned grey */
    WB_INTEGER,
    WB_MONEY,
    WB_PERCENT,
    WB_DATE,
    WB_DAYS,    /* General: 137 or 45.5 */
    WB_P_VALUE, /* 0.000, "< 0.001" below */
    WB_DECIMAL, /* 0.00 */
    WB_TOTAL_LABEL,
    WB_TOTAL_INTEGER,
    WB_TOTAL_MONEY,
    WB_TOTAL_PERCENT,
    WB_KPI_LABEL,
    WB_KPI_INTEGER,
    WB_KPI_MONEY,
    WB_KPI_PERCENT,
    WB_KPI_DAYS,
    WB_KPI_TEXT, /* a sentence in the value column (wraps) */
    WB_KPI_NA,   /* "n/a" in the value column */
    WB_KPI_REFERENCE,
    WB_MARK_GOOD,     /* green status */
    WB_MARK_WATCH,    /* amber status */
    WB_MARK_POOR,     /* red status */
    WB_COLUMN_HEADER, /* bold on a light fill, wrapping, top-aligned: a header over narrow data columns */
    WB_HEADING,       /* bold, 12 points, black: a block's title */
    WB_SCORE,         /* 0.0 */
    WB_PASS,          /* green, centred: a criterion met */
    WB_FAIL,          /* red, centred: a criterion not met */
    WB_LABEL_TOP,     /* WB_LABEL at the top of a tall row (beside wrapped text) */
    WB_MONEY_TOP,     /* WB_MONEY at the top of a tall row */
    WB_STYLE_COUNT
} wb_style;

struct wb_book;

/** One worksheet being written, with the widest content seen per column. */
typedef struct wb_sheet {
    struct wb_book *book;
    lxw_worksheet *worksheet;
    pf_label label; /* the sheet's name in the label table (wb_add_sheet), PF_LABEL_COUNT otherwise */
    int part;       /* 1, or n for the continuation sheet "Name (n)" */
    char name[128]; /* as in the file (at most 31 characters) */
    char ref[260];  /* as a formula prefix: 'First deal'! */
    double *widths; /* characters, per column; 0 = nothing written */
    double *fixed;  /* a fixed width per column, 0 = computed */
    size_t width_count;
    bool has_autofilter; /* one autofilter per sheet (Excel's limit) */
    bool has_header;     /* frozen header row and print titles set (wb_sheet_header): once per sheet */
    lxw_row_t list_end;  /* the row after the sheet's list (wb_sheet_list, wb_list_end), 0 = no list */
    double extra_height; /* points the rows given a height (wb_row_height) add to the default height */
} wb_sheet;

/** How a book is written. */
typedef struct wb_book_options {
    pf_lang lang;         /* labels, date and p-value formats */
    const char *currency; /* ISO 4217 code of WB_*MONEY ("EUR": the € sign); NULL = "EUR" */
    bool constant_memory; /* rows streamed to disk; autofilters instead of Excel tables */
    long max_rows;        /* rows a sheet may hold before a list continues; 0 = Excel's 1,048,576 */
    const char *tmpdir;   /* libxlsxwriter's temporary files; NULL = the output's own folder */
    time_t created;       /* the document's creation time: fixed, so that two runs give the same bytes */
    pf_date as_of;        /* the reporting date, in every printed page's footer; 0 (zeroed options) = none */
    const char *title;    /* document properties; NULL = none */
    const char *subject;
    const char *author;
    const char *comments;
} wb_book_options;

typedef struct wb_book {
    lxw_workbook *workbook;
    pf_output out; /* the temporary the archive is written to */
    pf_lang lang;
    char currency[8];
    bool constant_memory;
    lxw_row_t max_rows; /* rows per sheet before a list continues on the next one */
    lxw_format *styles[WB_STYLE_COUNT];
    wb_sheet **sheets; /* every sheet, in order */
    size_t sheet_count, sheet_capacity;
    char (*taken)[128]; /* sheet names taken or reserved (wb_sheet_name) */
    size_t taken_count, taken_capacity;
    lxw_error error; /* the first libxlsxwriter error */
    char error_where[192];
    bool out_of_memory;
    char footer[256];    /* every sheet's printed footer (libxlsxwriter's &-codes) */
    char subtitle[1024]; /* the second line of every sheet (wb_write_title), set by the owner */
    char *text;          /* scratch buffer for cleaned text */
    size_t text_capacity;
    struct {
        char name[40];
        char formula[320];
    } names[32]; /* the defined names, for an About sheet */
    size_t name_count;
    long cut_texts;      /* texts longer than a cell holds, cut */
    char first_cut[160]; /* where the first one is ("Partners!C12") */
    long repaired_texts; /* texts holding invalid UTF-8, repaired */
    void *owner;         /* the workbook's own state (e.g. the report's context), for its sheet builders */
    char tmpdir[4096];   /* libxlsxwriter's temporaries: the output's folder unless the options say */
} wb_book;

/* ---- the book ---- */

/** Starts a book that wb_book_close() will write to path (a temporary beside it until then: output.h, which
 *  also refuses a target that is not a regular file). Errors: those of output_reserve, PF_ERROR_MEMORY. On
 *  failure nothing is left to release. */
pf_error wb_book_open(wb_book *book, const char *path, const wb_book_options *options, pf_error_context *err);
/** Sets the column widths, writes and verifies the archive and commits it (output_commit: at once, or with
 *  the other outputs of the run inside an output group). Releases everything, also on failure; the first
 *  recorded error wins. Errors: PF_ERROR_IO (the real cause: "No space left on device in /folder"),
 *  PF_ERROR_MEMORY, PF_ERROR_CANNOT_CREATE, PF_ERROR_INTERNAL (libxlsxwriter refused something: a bug). */
pf_error wb_book_close(wb_book *book, pf_error_context *err);
/** Releases everything without writing; the target is untouched. Safe on a zeroed book. */
void wb_book_abort(wb_book *book);

/** The label in the book's language. */
const char *wb_text(const wb_book *book, pf_label label);
/** A valid, unique sheet name for wanted (forbidden characters replaced by '_', at most 31 characters, no
 *  surrounding apostrophes, unique without regard to ASCII case; fallback when nothing is left), written to
 *  name (128 bytes) and reserved. False when out of memory (recorded). */
bool wb_sheet_name(wb_book *book, const char *wanted, const char *fallback, char name[128]);
/** A new worksheet named by label (with " (part)" when part > 1), owned by book; NULL on failure (recorded). */
wb_sheet *wb_add_sheet(wb_book *book, pf_label name, int part);
/** A new worksheet named exactly name (valid and reserved: from wb_sheet_name); NULL on failure (recorded). */
wb_sheet *wb_add_named_sheet(wb_book *book, const char *name);
/** Records a libxlsxwriter error (the first one is kept) and returns it. */
lxw_error wb_check(wb_book *book, lxw_error error, const wb_sheet *sheet, lxw_row_t row, lxw_col_t col);
/** Defines a workbook-level name for one cell ("ActiveRate6m" -> 'Cohorts'!$E$21). */
void wb_define_name(wb_sheet *sheet, const char *name, lxw_row_t row, lxw_col_t col);

/* ---- cells (every writer tracks the column's width) ---- */

/** Text from anywhere (input or labels): always a string cell, never a formula; cleaned (see above). NULL
 *  or "" writes nothing. */
void wb_write_text(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, const char *text, wb_style style);
/** A label of the book's language. */
void wb_write_label(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, pf_label label, wb_style style);
/** A number; NAN (or infinite) writes "n/a". */
void wb_write_number(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, double value, wb_style style);
/** A number; NAN writes nothing (a column a chart plots: an empty cell is a gap, text would be 0). */
void wb_write_number_or_blank(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, double value, wb_style style);
/** A count; PF_COUNT_UNKNOWN writes "n/a". */
void wb_write_count(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, long value, wb_style style);
/** A date as an Excel date number; PF_DATE_NONE writes nothing. */
void wb_write_date(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, pf_date date, wb_style style);
/** "n/a". */
void wb_write_na(wb_sheet *sheet, lxw_row_t row, lxw_col_t col);
/** An empty cell that still carries its style (borders, fill). */
void wb_write_blank(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, wb_style style);
/** A formula stored with its value (printf-style formula text); a value that is not finite writes "n/a"
 *  instead of the formula. */
void wb_write_formula(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, wb_style style, double value,
                      const char *format, ...) __attribute__((format(printf, 6, 7)));
/** The same, but a value that is not finite writes nothing (chart columns). */
void wb_write_formula_or_blank(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, wb_style style, double value,
                               const char *format, ...) __attribute__((format(printf, 6, 7)));
/** A formula with a text result. */
void wb_write_formula_text(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, wb_style style, const char *value,
                           const char *format, ...) __attribute__((format(printf, 6, 7)));
/** Text across columns first..last of one row (merged). */
void wb_merge_text(wb_sheet *sheet, lxw_row_t row, lxw_col_t first, lxw_col_t last, const char *text,
                   wb_style style);
/** Row height in points. */
void wb_row_height(wb_sheet *sheet, lxw_row_t row, double points);
/** A fixed column width (characters), instead of the computed one. */
void wb_fix_width(wb_sheet *sheet, lxw_col_t col, double width);
/** The title and subtitle (book->subtitle) lines of a sheet (rows 0 and 1); returns the first free row (3). */
lxw_row_t wb_write_title(wb_sheet *sheet, pf_label title);
/** "B5" / "$B$5" into buf (16 bytes). */
const char *wb_cell(char *buf, lxw_row_t row, lxw_col_t col);
const char *wb_cell_abs(char *buf, lxw_row_t row, lxw_col_t col);
/** Formats a day number as the language's date text (31/10/2026 or 2026-10-31) into buf (16 bytes). */
const char *wb_date_text(const wb_book *book, pf_date date, char *buf);
/** Formats a count with the language's thousands separator (1 000 / 1,000) into buf (32 bytes). */
const char *wb_count_text(const wb_book *book, long value, char *buf);
/** Splits text at spaces into lines of at most width characters (a longer word is cut at width) and writes
 *  them to lines, max lines of line_size bytes each (line_size >= 4 * width + 1); returns the count. */
size_t wb_wrap(const char *text, size_t width, char *lines, size_t line_size, size_t max);
/** A segment value for display: "" becomes the label "(none)". */
const char *wb_segment_value(const wb_book *book, const char *value);

/* ---- printing (every sheet is set up by the layer: see above) ---- */

/** The sheet prints on one page (one page wide and one tall): a dashboard whose parts belong together. */
void wb_print_one_page(wb_sheet *sheet);
/** The header row of the sheet's main table: the rows above it and the first frozen_columns columns stay
 *  in view when scrolling (frozen panes), and the header row is repeated at the top of every printed page.
 *  Once per sheet (Excel has one set of each); a later call is ignored. */
void wb_sheet_header(wb_sheet *sheet, lxw_row_t header_row, lxw_col_t frozen_columns);
/** The same for a list of records, rows header_row + 1 .. last_row over columns 0 .. last_col, which also
 *  gets an autofilter on its header row and prints on as few pages as keeps it readable: at least 48 rows
 *  of the default height a page (as many pages tall as that takes, never scaled below about 72 % for its
 *  height; a wide list is scaled further to fit the page width). For lists not written with wb_list_begin()
 *  (whose Excel table carries its own filter, and which gets the same page count); one per sheet. */
void wb_sheet_list(wb_sheet *sheet, lxw_row_t header_row, lxw_row_t last_row, lxw_col_t last_col,
                   lxw_col_t frozen_columns);

/* ---- lists: a header row and one row per record, continued on "Name (2)" past the row limit ---- */

typedef struct wb_list {
    wb_book *book;
    wb_sheet *sheet;     /* the current sheet (changes when the list continues) */
    int segment;         /* 1 on the first sheet, 2 on the first continuation ... */
    char table_name[32]; /* base name of the Excel tables ("PartnerList") */
    char **headers;      /* owned, cleaned and unique */
    size_t columns;
    lxw_row_t header_row; /* of the current segment */
    lxw_row_t next_row;   /* the row the next record goes to */
    long records;         /* written in all */
    bool freeze;          /* the sheet's main content (wb_list_begin) */
    bool freeze_first_column;
} wb_list;

/** Writes the header row of a list at header_row of sheet. headers[columns] are texts (labels or input
 *  headers; copied). freeze: the list is the sheet's main content (wb_sheet_header: frozen header row,
 *  with the first column when there are more than three, repeated on every printed page). Past the row limit
 * the list continues on a new sheet named after this one with the next part number ("Partners (2)"). */
void wb_list_begin(wb_list *list, wb_sheet *sheet, lxw_row_t header_row, const char *const *headers,
                   size_t columns, const char *table_name, bool freeze);
/** The row for the next record (continuing on a new sheet when this one is full). */
lxw_row_t wb_list_row(wb_list *list);
/** Closes the list: an Excel table over the last segment (an autofilter in constant-memory mode); with no
 *  record at all, nothing but the header. Returns the first row after the list. */
lxw_row_t wb_list_end(wb_list *list);

/* ---- charts ---- */

/** A chart with a title (set once: libxlsxwriter would leak a replaced one) and the house style; NULL on
 *  failure (recorded). */
lxw_chart *wb_chart(wb_book *book, uint8_t type, const char *title);
/** Names a chart axis. */
void wb_axis_name(wb_book *book, lxw_chart_axis *axis, pf_label name);
/** Inserts the chart at row/col, width x height pixels. */
void wb_insert_chart(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, lxw_chart *chart, int width, int height);

#endif
