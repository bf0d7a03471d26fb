/* xlsx_book.c — the workbook layer (see xlsx_book.h): the file, styles, cell writers, sheet names, lists,
 * charts.
 *
 * Why the writers look the way they do:
 *  - Every sheet is written row by row, never back to an earlier row, so that one code path serves both
 *    libxlsxwriter modes: in memory (Excel tables with filters on the lists), and constant-memory, where
 *    each row goes to a temporary file as soon as the next one starts and where tables are not supported,
 *    so lists get autofilters instead.
 *  - libxlsxwriter has no autofit: each writer records the widest content of its column (in characters,
 *    not bytes) and the widths are set once every sheet is complete.
 *  - libxlsxwriter errors are recorded, not acted on at each call: the first one is reported at the end
 *    and the temporary file is removed (output.h), so a failed run leaves nothing behind.
 *  - Text is written as it will be shown: invalid UTF-8 repaired, Excel's "_xHHHH_" escape neutralised,
 *    cut at 32,767 characters (UTF-16 units, Excel's own count) with a visible marker.
 */
#include "partnerfunnel/xlsx_book.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "partnerfunnel/text.h"
#include "partnerfunnel/zip_check.h"

/* Excel's limit on a cell's text, in UTF-16 code units, and on a sheet name, in characters. */
#define CELL_TEXT_MAX 32767
#define SHEET_NAME_MAX 31
/* Column widths, in characters. */
#define WIDTH_MIN 6.0
#define WIDTH_MAX 60.0
/* Page margins in inches: narrow, so that a list's columns keep a readable size on one page's width; the
 * bottom one leaves the footer its room. */
#define MARGIN_SIDE 0.4
#define MARGIN_TOP 0.5
#define MARGIN_BOTTOM 0.6
#define MARGIN_FOOTER 0.25
/* A list prints at least this many rows of the default height (15 points) a page: 720 points on the 516
 * that A4 landscape leaves between the margins, a scale of 72 % at the least (500 rows: 11 pages). */
#define LIST_ROWS_PER_PAGE 48
/* libxlsxwriter's paper code for A4. */
#define PAPER_A4 9
/* Excel's day number of 1970-01-01 (days since 1899-12-30). */
#define EXCEL_EPOCH_1970 25569.0
/* A count not known (metrics.h's PF_COUNT_UNKNOWN). */
#define COUNT_UNKNOWN (-1L)

/* ---- errors ---- */

lxw_error wb_check(wb_book *book, lxw_error error, const wb_sheet *sheet, lxw_row_t row, lxw_col_t col)
{
    if (error == LXW_NO_ERROR || book->error != LXW_NO_ERROR)
        return error;
    book->error = error;
    if (sheet) {
        char cell[16];
        snprintf(book->error_where, sizeof book->error_where, "%s!%s", sheet->name, wb_cell(cell, row, col));
    }
    return error;
}

const char *wb_text(const wb_book *book, pf_label label)
{
    return labels_get(book->lang, label);
}

/* ---- text: valid UTF-8, no accidental escape, Excel's length limit ---- */

/* Length of the well-formed UTF-8 character at s (at most len bytes) and whether it needs two UTF-16
 * units (a code point past U+FFFF), or 0 when the bytes there are not one (text.c's validator). */
static size_t utf8_sequence(const unsigned char *s, size_t len, bool *astral)
{
    size_t need;
    if (text_utf8_sequence((const char *)s, len, &need) != need)
        return 0;
    *astral = need == 4;
    return need;
}

static bool is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* "_xHHHH_" at s: Excel would read it as the character U+HHHH. */
static bool is_excel_escape(const char *s, size_t len)
{
    return len >= 7 && s[0] == '_' && (s[1] == 'x' || s[1] == 'X') && is_hex((unsigned char)s[2]) &&
           is_hex((unsigned char)s[3]) && is_hex((unsigned char)s[4]) && is_hex((unsigned char)s[5]) &&
           s[6] == '_';
}

static bool reserve_text(wb_book *book, size_t size)
{
    if (size <= book->text_capacity)
        return true;
    size_t capacity = book->text_capacity ? book->text_capacity : 256;
    while (capacity < size)
        capacity *= 2;
    char *grown = realloc(book->text, capacity);
    if (!grown) {
        book->out_of_memory = true;
        return false;
    }
    book->text = grown;
    book->text_capacity = capacity;
    return true;
}

typedef struct clean_text {
    const char *text; /* the input itself when nothing had to change, else book->text */
    size_t chars;     /* characters shown (for the column width) */
} clean_text;

/* The text as a cell can hold it. NULL text on memory exhaustion (recorded). */
static clean_text clean(wb_book *book, const wb_sheet *sheet, lxw_row_t row, lxw_col_t col, const char *s)
{
    size_t len = strlen(s);
    const unsigned char *u = (const unsigned char *)s;
    size_t chars = 0, units = 0;
    bool repair = false, escape = false;
    for (size_t i = 0; i < len;) {
        bool astral = false;
        size_t n = utf8_sequence(u + i, len - i, &astral);
        if (n == 0) {
            repair = true;
            n = 1;
        } else if (s[i] == '_' && is_excel_escape(s + i, len - i)) {
            escape = true;
            units += 6; /* "_x005F" */
        }
        chars++;
        units += astral ? 2 : 1;
        i += n;
    }
    clean_text result = {s, chars};
    if (!repair && !escape && units <= CELL_TEXT_MAX)
        return result;

    /* rebuild: repair, escape, and cut so that the text and the marker fit */
    const char *suffix = wb_text(book, PF_LABEL_CUT_SUFFIX);
    size_t suffix_units = 0;
    for (const unsigned char *p = (const unsigned char *)suffix; *p; p++)
        suffix_units += (*p & 0xC0) != 0x80;
    bool cut = units > CELL_TEXT_MAX;
    size_t budget = cut ? CELL_TEXT_MAX - suffix_units : CELL_TEXT_MAX;
    if (!reserve_text(book, len * 3 + 7 * (len / 7 + 1) + strlen(suffix) + 1)) {
        result.text = NULL;
        return result;
    }
    char *out = book->text;
    size_t o = 0, used = 0;
    chars = 0;
    for (size_t i = 0; i < len;) {
        bool astral = false;
        size_t n = utf8_sequence(u + i, len - i, &astral);
        size_t need = astral ? 2 : 1;
        bool esc = n == 1 && s[i] == '_' && is_excel_escape(s + i, len - i);
        if (esc)
            need += 6;
        if (used + need > budget)
            break;
        if (n == 0) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            n = 1;
        } else {
            if (esc) {
                memcpy(out + o, "_x005F", 6);
                o += 6;
            }
            memcpy(out + o, s + i, n);
            o += n;
        }
        used += need;
        chars++;
        i += n;
    }
    if (cut) {
        size_t suffix_len = strlen(suffix);
        memcpy(out + o, suffix, suffix_len);
        o += suffix_len;
        chars += suffix_units;
        if (book->cut_texts++ == 0 && sheet) {
            char cell[16];
            snprintf(book->first_cut, sizeof book->first_cut, "%s!%s", sheet->name, wb_cell(cell, row, col));
        }
    }
    if (repair)
        book->repaired_texts++;
    out[o] = '\0';
    result.text = out;
    result.chars = chars;
    return result;
}

/* ---- widths ---- */

static bool grow_widths(wb_sheet *sheet, lxw_col_t col)
{
    if (col < sheet->width_count)
        return true;
    size_t count = sheet->width_count ? sheet->width_count : 16;
    while (count <= col)
        count *= 2;
    double *widths = realloc(sheet->widths, count * sizeof *widths);
    if (!widths) {
        sheet->book->out_of_memory = true;
        return false;
    }
    sheet->widths = widths;
    double *fixed = realloc(sheet->fixed, count * sizeof *fixed);
    if (!fixed) {
        sheet->book->out_of_memory = true;
        return false;
    }
    sheet->fixed = fixed;
    for (size_t c = sheet->width_count; c < count; c++)
        sheet->widths[c] = sheet->fixed[c] = 0;
    sheet->width_count = count;
    return true;
}

/* Styles whose text may run over the next cells (titles, notes, sentences): they set no width. */
static bool sets_width(wb_style style)
{
    switch (style) {
    case WB_TITLE:
    case WB_SUBTITLE:
    case WB_SECTION:
    case WB_NOTE:
    case WB_WRAP:
    case WB_KPI_TEXT: return false;
    default: return true;
    }
}

static void track(wb_sheet *sheet, lxw_col_t col, wb_style style, double chars)
{
    if (!sets_width(style) || !grow_widths(sheet, col))
        return;
    bool bold = style == WB_HEADER || style == WB_HEADER_RIGHT || style == WB_LABEL ||
                style == WB_TOTAL_LABEL || style == WB_KPI_LABEL || style >= WB_TOTAL_INTEGER;
    double width = bold ? chars * 1.1 : chars;
    if (width > sheet->widths[col])
        sheet->widths[col] = width;
}

void wb_fix_width(wb_sheet *sheet, lxw_col_t col, double width)
{
    if (sheet && grow_widths(sheet, col))
        sheet->fixed[col] = width;
}

static size_t integer_digits(double value)
{
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%.0f", fabs(value));
    return n > 0 ? (size_t)n : 1;
}

/* Characters a number takes once Excel formats it. */
static double number_width(const wb_book *book, wb_style style, double value)
{
    char buf[64];
    switch (style) {
    case WB_INTEGER:
    case WB_TOTAL_INTEGER:
    case WB_KPI_INTEGER: {
        size_t digits = integer_digits(value);
        return (double)(digits + (digits - 1) / 3 + (value < 0));
    }
    case WB_MONEY:
    case WB_TOTAL_MONEY:
    case WB_KPI_MONEY:
    case WB_MONEY_TOP: {
        size_t digits = integer_digits(value);
        size_t symbol = strcmp(book->currency, "EUR") == 0 ? 1 : strlen(book->currency);
        return (double)(digits + (digits - 1) / 3 + symbol + 1);
    }
    case WB_PERCENT:
    case WB_TOTAL_PERCENT:
    case WB_KPI_PERCENT: return (double)snprintf(buf, sizeof buf, "%.1f%%", value * 100);
    case WB_DATE: return 10;
    case WB_P_VALUE: return 7;
    case WB_DECIMAL: return (double)snprintf(buf, sizeof buf, "%.2f", value);
    default: return (double)snprintf(buf, sizeof buf, "%.10g", value);
    }
}

/* ---- cells ---- */

const char *wb_cell(char *buf, lxw_row_t row, lxw_col_t col)
{
    lxw_rowcol_to_cell(buf, row, col);
    return buf;
}

const char *wb_cell_abs(char *buf, lxw_row_t row, lxw_col_t col)
{
    lxw_rowcol_to_cell_abs(buf, row, col, 1, 1);
    return buf;
}

static lxw_format *style_format(const wb_sheet *sheet, wb_style style)
{
    return style == WB_PLAIN ? NULL : sheet->book->styles[style];
}

void wb_write_text(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, const char *text, wb_style style)
{
    if (!sheet || !text || !*text)
        return;
    wb_book *book = sheet->book;
    clean_text t = clean(book, sheet, row, col, text);
    if (!t.text)
        return;
    wb_check(book, worksheet_write_string(sheet->worksheet, row, col, t.text, style_format(sheet, style)),
             sheet, row, col);
    track(sheet, col, style, (double)t.chars);
}

void wb_write_label(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, pf_label label, wb_style style)
{
    if (sheet)
        wb_write_text(sheet, row, col, wb_text(sheet->book, label), style);
}

void wb_write_na(wb_sheet *sheet, lxw_row_t row, lxw_col_t col)
{
    wb_write_label(sheet, row, col, PF_LABEL_NA, WB_NA);
}

void wb_write_blank(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, wb_style style)
{
    if (sheet && style != WB_PLAIN)
        wb_check(sheet->book, worksheet_write_blank(sheet->worksheet, row, col, style_format(sheet, style)),
                 sheet, row, col);
}

void wb_write_number(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, double value, wb_style style)
{
    if (!sheet)
        return;
    if (!isfinite(value)) {
        wb_write_na(sheet, row, col);
        return;
    }
    wb_check(sheet->book, worksheet_write_number(sheet->worksheet, row, col, value, style_format(sheet, style)),
             sheet, row, col);
    track(sheet, col, style, number_width(sheet->book, style, value));
}

void wb_write_number_or_blank(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, double value, wb_style style)
{
    if (sheet && isfinite(value))
        wb_write_number(sheet, row, col, value, style);
}

void wb_write_count(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, long value, wb_style style)
{
    if (value == COUNT_UNKNOWN)
        wb_write_na(sheet, row, col);
    else
        wb_write_number(sheet, row, col, (double)value, style);
}

void wb_write_date(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, pf_date date, wb_style style)
{
    if (!sheet || date == PF_DATE_NONE)
        return;
    wb_write_number(sheet, row, col, (double)date + EXCEL_EPOCH_1970, style);
}

static void write_formula(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, wb_style style, double value,
                          bool blank_when_missing, const char *format, va_list args)
{
    if (!sheet)
        return;
    if (!isfinite(value)) {
        if (!blank_when_missing)
            wb_write_na(sheet, row, col);
        return;
    }
    char formula[1024];
    int n = vsnprintf(formula, sizeof formula, format, args);
    if (n < 0 || (size_t)n >= sizeof formula) {
        wb_check(sheet->book, LXW_ERROR_255_STRING_LENGTH_EXCEEDED, sheet, row, col);
        return;
    }
    wb_check(
        sheet->book,
        worksheet_write_formula_num(sheet->worksheet, row, col, formula, style_format(sheet, style), value),
        sheet, row, col);
    track(sheet, col, style, number_width(sheet->book, style, value));
}

void wb_write_formula(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, wb_style style, double value,
                      const char *format, ...)
{
    va_list args;
    va_start(args, format);
    write_formula(sheet, row, col, style, value, false, format, args);
    va_end(args);
}

void wb_write_formula_or_blank(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, wb_style style, double value,
                               const char *format, ...)
{
    va_list args;
    va_start(args, format);
    write_formula(sheet, row, col, style, value, true, format, args);
    va_end(args);
}

void wb_write_formula_text(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, wb_style style, const char *value,
                           const char *format, ...)
{
    if (!sheet)
        return;
    char formula[1024];
    va_list args;
    va_start(args, format);
    int n = vsnprintf(formula, sizeof formula, format, args);
    va_end(args);
    if (n < 0 || (size_t)n >= sizeof formula) {
        wb_check(sheet->book, LXW_ERROR_255_STRING_LENGTH_EXCEEDED, sheet, row, col);
        return;
    }
    wb_check(
        sheet->book,
        worksheet_write_formula_str(sheet->worksheet, row, col, formula, style_format(sheet, style), value),
        sheet, row, col);
    track(sheet, col, style, (double)lxw_utf8_strlen(value));
}

void wb_merge_text(wb_sheet *sheet, lxw_row_t row, lxw_col_t first, lxw_col_t last, const char *text,
                   wb_style style)
{
    if (!sheet || !text)
        return;
    clean_text t = clean(sheet->book, sheet, row, first, text);
    if (!t.text)
        return;
    wb_check(sheet->book,
             worksheet_merge_range(sheet->worksheet, row, first, row, last, t.text, style_format(sheet, style)),
             sheet, row, first);
}

void wb_row_height(wb_sheet *sheet, lxw_row_t row, double points)
{
    if (!sheet)
        return;
    wb_check(sheet->book, worksheet_set_row(sheet->worksheet, row, points, NULL), sheet, row, 0);
    sheet->extra_height += points - LXW_DEF_ROW_HEIGHT;
}

lxw_row_t wb_write_title(wb_sheet *sheet, pf_label title)
{
    wb_row_height(sheet, 0, 24);
    wb_write_label(sheet, 0, 0, title, WB_TITLE);
    if (sheet)
        wb_write_text(sheet, 1, 0, sheet->book->subtitle, WB_SUBTITLE);
    return 3;
}

const char *wb_date_text(const wb_book *book, pf_date date, char *buf)
{
    int year, month, day;
    field_date_to_ymd(date, &year, &month, &day);
    if (book->lang == PF_LANG_FR)
        snprintf(buf, 16, "%02d/%02d/%04d", day % 100, month % 100, year % 10000);
    else
        snprintf(buf, 16, "%04d-%02d-%02d", year % 10000, month % 100, day % 100);
    return buf;
}

const char *wb_count_text(const wb_book *book, long value, char *buf)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%ld", value < 0 ? -value : value);
    const char *separator = wb_text(book, PF_LABEL_FORMAT_THOUSANDS_SEPARATOR);
    size_t separator_len = strlen(separator), o = 0;
    if (value < 0)
        buf[o++] = '-';
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0 && o + separator_len < 31) {
            memcpy(buf + o, separator, separator_len);
            o += separator_len;
        }
        if (o < 31)
            buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

size_t wb_wrap(const char *text, size_t width, char *lines, size_t line_size, size_t max)
{
    size_t count = 0;
    const char *p = text;
    while (*p == ' ')
        p++;
    while (*p && count < max) {
        /* take words while they fit */
        size_t taken = 0, chars = 0;
        const char *q = p;
        while (*q) {
            const char *end = strchr(q, ' ');
            size_t word = end ? (size_t)(end - q) : strlen(q);
            size_t word_chars = text_utf8_length(q, word);
            if (chars + (chars ? 1 : 0) + word_chars > width)
                break;
            chars += (chars ? 1 : 0) + word_chars;
            taken = (size_t)(q + word - p);
            q += word;
            if (*q == ' ')
                q++;
        }
        if (taken == 0) /* one word longer than a line */
            taken = text_utf8_prefix(p, strlen(p), width);
        if (taken >= line_size)
            taken = line_size - 1;
        memcpy(lines + count * line_size, p, taken);
        lines[count * line_size + taken] = '\0';
        count++;
        p += taken;
        while (*p == ' ')
            p++;
    }
    return count;
}

const char *wb_segment_value(const wb_book *book, const char *value)
{
    return value && *value ? value : wb_text(book, PF_LABEL_NONE_VALUE);
}

/* ---- sheets and names ---- */

/* True when a sheet name must be quoted in a formula: anything but ASCII letters, digits and '_', or a
 * leading digit. */
static bool needs_quotes(const char *name)
{
    if (name[0] >= '0' && name[0] <= '9')
        return true;
    for (const char *p = name; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            return true;
    }
    return false;
}

static bool name_taken(const wb_book *book, const char *name)
{
    if (strcasecmp(name, "History") == 0) /* reserved by Excel */
        return true;
    for (size_t i = 0; i < book->taken_count; i++)
        if (strcasecmp(name, book->taken[i]) == 0)
            return true;
    return false;
}

static bool take_name(wb_book *book, const char *name)
{
    if (book->taken_count == book->taken_capacity) {
        size_t capacity = book->taken_capacity ? book->taken_capacity * 2 : 16;
        char(*grown)[128] = realloc(book->taken, capacity * sizeof *grown);
        if (!grown) {
            book->out_of_memory = true;
            return false;
        }
        book->taken = grown;
        book->taken_capacity = capacity;
    }
    snprintf(book->taken[book->taken_count++], 128, "%s", name);
    return true;
}

bool wb_sheet_name(wb_book *book, const char *wanted, const char *fallback, char name[128])
{
    /* forbidden characters replaced, at most 31 characters (invalid UTF-8 bytes counted as one each) */
    char base[128];
    size_t n = 0, chars = 0;
    size_t len = strlen(wanted);
    for (size_t i = 0; i < len && chars < SHEET_NAME_MAX && n + 4 < sizeof base; chars++) {
        unsigned char c = (unsigned char)wanted[i];
        size_t need, valid = text_utf8_sequence(wanted + i, len - i, &need);
        if (c < 0x80) {
            base[n++] = strchr("[]:*?/\\", (int)c) || c < 0x20 ? '_' : (char)c;
            i++;
        } else if (valid == need) {
            memcpy(base + n, wanted + i, need);
            n += need, i += need;
        } else {
            base[n++] = '_';
            i++;
        }
    }
    base[n] = '\0';
    while (n > 0 && base[n - 1] == '\'')
        base[--n] = '\0';
    const char *start = base;
    while (*start == '\'')
        start++;
    if (!*start)
        start = fallback;
    for (int attempt = 1;; attempt++) {
        if (attempt == 1) {
            snprintf(name, 128, "%s", start);
        } else {
            char suffix[16];
            snprintf(suffix, sizeof suffix, " (%d)", attempt);
            size_t keep = text_utf8_prefix(start, strlen(start), SHEET_NAME_MAX - strlen(suffix));
            snprintf(name, 128, "%.*s%s", (int)keep, start, suffix);
        }
        if (!name_taken(book, name))
            break;
    }
    return take_name(book, name);
}

/* ---- printing ---- */

/* Every sheet's defaults: A4 landscape, one page wide, narrow margins, the book's footer. */
static void print_setup(wb_sheet *sheet)
{
    lxw_worksheet *worksheet = sheet->worksheet;
    worksheet_set_landscape(worksheet);
    worksheet_set_paper(worksheet, PAPER_A4);
    worksheet_fit_to_pages(worksheet, 1, 0);
    worksheet_set_margins(worksheet, MARGIN_SIDE, MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM);
    lxw_header_footer_options footer = {.margin = MARGIN_FOOTER};
    wb_check(sheet->book, worksheet_set_footer_opt(worksheet, sheet->book->footer, &footer), sheet, 0, 0);
}

/* The footer: the sheet's name on the left, "page / pages" in the centre, the reporting date on the right
 * ("As of 31/10/2026") when there is one. '&' starts a code in a footer: a literal one is doubled. */
static void make_footer(wb_book *book, pf_date as_of)
{
    size_t o = (size_t)snprintf(book->footer, sizeof book->footer, "&L&A&C&P / &N");
    if (as_of == 0)
        return;
    char date[16], dated[128];
    snprintf(dated, sizeof dated, wb_text(book, PF_LABEL_AS_OF), wb_date_text(book, as_of, date));
    o += (size_t)snprintf(book->footer + o, sizeof book->footer - o, "&R");
    for (const char *p = dated; *p && o + 2 < sizeof book->footer; p++) {
        if (*p == '&')
            book->footer[o++] = '&';
        book->footer[o++] = *p;
    }
    book->footer[o] = '\0';
}

void wb_print_one_page(wb_sheet *sheet)
{
    if (sheet)
        worksheet_fit_to_pages(sheet->worksheet, 1, 1);
}

void wb_sheet_header(wb_sheet *sheet, lxw_row_t header_row, lxw_col_t frozen_columns)
{
    if (!sheet || sheet->has_header)
        return;
    sheet->has_header = true;
    worksheet_freeze_panes(sheet->worksheet, header_row + 1, frozen_columns);
    wb_check(sheet->book, worksheet_repeat_rows(sheet->worksheet, header_row, header_row), sheet, header_row,
             0);
}

void wb_sheet_list(wb_sheet *sheet, lxw_row_t header_row, lxw_row_t last_row, lxw_col_t last_col,
                   lxw_col_t frozen_columns)
{
    if (!sheet)
        return;
    wb_sheet_header(sheet, header_row, frozen_columns);
    if (sheet->has_autofilter)
        return;
    sheet->has_autofilter = true;
    /* an empty list keeps its filter on the header and one row, as Excel makes it */
    lxw_row_t last = last_row > header_row ? last_row : header_row + 1;
    wb_check(sheet->book, worksheet_autofilter(sheet->worksheet, header_row, 0, last, last_col), sheet,
             header_row, 0);
    sheet->list_end = last_row + 1;
}

/* A list's sheet prints one page wide and as many tall as its rows take at LIST_ROWS_PER_PAGE a page: the
 * height of the rows down to the list's end (a row's own height counted, wb_row_height), rounded up. */
static void fit_list_pages(wb_sheet *sheet)
{
    if (sheet->list_end == 0)
        return;
    double points = (double)sheet->list_end * LXW_DEF_ROW_HEIGHT + sheet->extra_height;
    double pages = ceil(points / (LIST_ROWS_PER_PAGE * LXW_DEF_ROW_HEIGHT));
    /* past Excel's 65,535 pages, as tall as it takes */
    worksheet_fit_to_pages(sheet->worksheet, 1, pages < 1 ? 1 : pages > UINT16_MAX ? 0 : (uint16_t)pages);
}

static wb_sheet *new_sheet(wb_book *book, const char *name, pf_label label, int part)
{
    if (book->sheet_count == book->sheet_capacity) {
        size_t capacity = book->sheet_capacity ? book->sheet_capacity * 2 : 16;
        wb_sheet **grown = realloc(book->sheets, capacity * sizeof *grown);
        if (!grown) {
            book->out_of_memory = true;
            return NULL;
        }
        book->sheets = grown;
        book->sheet_capacity = capacity;
    }
    wb_sheet *sheet = calloc(1, sizeof *sheet);
    if (!sheet) {
        book->out_of_memory = true;
        return NULL;
    }
    sheet->book = book;
    sheet->label = label;
    sheet->part = part;
    snprintf(sheet->name, sizeof sheet->name, "%s", name);
    if (needs_quotes(sheet->name)) {
        size_t o = 0;
        sheet->ref[o++] = '\'';
        for (const char *p = sheet->name; *p && o + 4 < sizeof sheet->ref; p++) {
            if (*p == '\'')
                sheet->ref[o++] = '\'';
            sheet->ref[o++] = *p;
        }
        sheet->ref[o++] = '\'';
        sheet->ref[o++] = '!';
        sheet->ref[o] = '\0';
    } else {
        snprintf(sheet->ref, sizeof sheet->ref, "%s!", sheet->name);
    }
    sheet->worksheet = workbook_add_worksheet(book->workbook, sheet->name);
    if (!sheet->worksheet) {
        if (book->error == LXW_NO_ERROR) {
            book->error = LXW_ERROR_SHEETNAME_ALREADY_USED;
            snprintf(book->error_where, sizeof book->error_where, "sheet '%s'", sheet->name);
        }
        free(sheet);
        return NULL;
    }
    book->sheets[book->sheet_count++] = sheet;
    print_setup(sheet);
    return sheet;
}

wb_sheet *wb_add_sheet(wb_book *book, pf_label name, int part)
{
    char wanted[128];
    if (part > 1)
        snprintf(wanted, sizeof wanted, wb_text(book, PF_LABEL_SHEET_PART), wb_text(book, name), part);
    else
        snprintf(wanted, sizeof wanted, "%s", wb_text(book, name));
    /* the labels are valid sheet names: a clash is a bug libxlsxwriter reports, never renamed away */
    if (!take_name(book, wanted))
        return NULL;
    return new_sheet(book, wanted, name, part);
}

wb_sheet *wb_add_named_sheet(wb_book *book, const char *name)
{
    return new_sheet(book, name, PF_LABEL_COUNT, 1);
}

void wb_define_name(wb_sheet *sheet, const char *name, lxw_row_t row, lxw_col_t col)
{
    if (!sheet)
        return;
    wb_book *book = sheet->book;
    char cell[16], formula[320];
    snprintf(formula, sizeof formula, "=%s%s", sheet->ref, wb_cell_abs(cell, row, col));
    wb_check(book, workbook_define_name(book->workbook, name, formula), sheet, row, col);
    if (book->name_count < sizeof book->names / sizeof book->names[0]) {
        snprintf(book->names[book->name_count].name, sizeof book->names[0].name, "%s", name);
        snprintf(book->names[book->name_count].formula, sizeof book->names[0].formula, "%s", formula);
        book->name_count++;
    }
}

/* Sets every column's width from its widest content, and a list's page count. */
static void finish_sheet(wb_sheet *sheet)
{
    fit_list_pages(sheet);
    for (size_t c = 0; c < sheet->width_count; c++) {
        double width = sheet->fixed[c];
        if (width <= 0 && sheet->widths[c] > 0) {
            width = sheet->widths[c] + 2;
            width = width < WIDTH_MIN ? WIDTH_MIN : width > WIDTH_MAX ? WIDTH_MAX : width;
        }
        if (width > 0)
            wb_check(sheet->book,
                     worksheet_set_column(sheet->worksheet, (lxw_col_t)c, (lxw_col_t)c, width, NULL), sheet, 0,
                     (lxw_col_t)c);
    }
}

static void free_sheet(wb_sheet *sheet)
{
    if (!sheet)
        return;
    free(sheet->widths);
    free(sheet->fixed);
    free(sheet);
}

/* ---- lists ---- */

static bool same_header(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return *a == *b;
}

/* A table header from clean text: one line, at most 255 bytes cut on a character boundary, never empty,
 * unique in the list (Excel refuses a table whose column names repeat, whatever their case). */
static char *table_header(wb_list *list, size_t index, const char *text)
{
    char buf[300];
    size_t o = 0;
    text = text ? text : "";
    for (; text[o] && o < 255; o++)
        buf[o] = (text[o] == '\n' || text[o] == '\r' || text[o] == '\t') ? ' ' : text[o];
    while (o > 0 && ((unsigned char)text[o] & 0xC0) == 0x80)
        o--; /* cut before the character that would not fit whole */
    buf[o] = '\0';
    if (o == 0)
        snprintf(buf, sizeof buf, "Column %zu", index + 1);
    char candidate[320];
    snprintf(candidate, sizeof candidate, "%s", buf);
    for (int n = 2;; n++) {
        bool taken = false;
        for (size_t i = 0; i < index && !taken; i++)
            taken = same_header(list->headers[i], candidate);
        if (!taken)
            break;
        snprintf(candidate, sizeof candidate, "%s (%d)", buf, n);
    }
    return strdup(candidate);
}

static void write_list_header(wb_list *list, bool freeze)
{
    wb_sheet *sheet = list->sheet;
    /* the headers are clean already (table_header): written as they are, never cleaned twice */
    for (size_t c = 0; sheet && c < list->columns; c++) {
        wb_check(list->book,
                 worksheet_write_string(sheet->worksheet, list->header_row, (lxw_col_t)c, list->headers[c],
                                        list->book->styles[WB_HEADER]),
                 sheet, list->header_row, (lxw_col_t)c);
        track(sheet, (lxw_col_t)c, WB_HEADER, (double)lxw_utf8_strlen(list->headers[c]));
    }
    if (freeze)
        wb_sheet_header(sheet, list->header_row, list->freeze_first_column ? 1 : 0);
}

void wb_list_begin(wb_list *list, wb_sheet *sheet, lxw_row_t header_row, const char *const *headers,
                   size_t columns, const char *table_name, bool freeze)
{
    memset(list, 0, sizeof *list);
    list->book = sheet ? sheet->book : NULL;
    list->sheet = sheet;
    list->segment = 1;
    snprintf(list->table_name, sizeof list->table_name, "%s", table_name);
    list->header_row = header_row;
    list->next_row = header_row + 1;
    list->freeze = freeze;
    list->freeze_first_column = freeze && columns > 3;
    if (!sheet)
        return;
    list->headers = calloc(columns ? columns : 1, sizeof *list->headers);
    if (!list->headers) {
        list->book->out_of_memory = true;
        return;
    }
    list->columns = columns;
    for (size_t c = 0; c < columns; c++) {
        clean_text t = clean(list->book, sheet, header_row, (lxw_col_t)c, headers[c] ? headers[c] : "");
        list->headers[c] = t.text ? table_header(list, c, t.text) : NULL;
        if (!list->headers[c]) {
            list->book->out_of_memory = true;
            list->columns = c;
            return;
        }
    }
    write_list_header(list, freeze);
}

/* The table (or autofilter) of the rows written on the current sheet. */
static void close_segment(wb_list *list)
{
    wb_sheet *sheet = list->sheet;
    if (!sheet || list->columns == 0 || list->next_row <= list->header_row + 1)
        return;
    wb_book *book = list->book;
    lxw_row_t last = list->next_row - 1;
    lxw_col_t last_col = (lxw_col_t)(list->columns - 1);
    if (list->freeze)
        sheet->list_end = list->next_row;
    if (book->constant_memory) {
        if (!sheet->has_autofilter) {
            wb_check(book, worksheet_autofilter(sheet->worksheet, list->header_row, 0, last, last_col), sheet,
                     list->header_row, 0);
            sheet->has_autofilter = true;
        }
        return;
    }
    lxw_table_column **columns = calloc(list->columns + 1, sizeof *columns);
    lxw_table_column *column = calloc(list->columns, sizeof *column);
    if (!columns || !column) {
        free(columns);
        free(column);
        book->out_of_memory = true;
        return;
    }
    for (size_t c = 0; c < list->columns; c++) {
        column[c].header = list->headers[c];
        column[c].header_format = book->styles[WB_HEADER];
        columns[c] = &column[c];
    }
    char name[48];
    snprintf(name, sizeof name, "%s%d", list->table_name, list->segment);
    lxw_table_options options = {0};
    options.name = name;
    options.style_type = LXW_TABLE_STYLE_TYPE_LIGHT;
    options.style_type_number = 9;
    options.columns = columns;
    wb_check(book, worksheet_add_table(sheet->worksheet, list->header_row, 0, last, last_col, &options), sheet,
             list->header_row, 0);
    free(columns);
    free(column);
}

lxw_row_t wb_list_row(wb_list *list)
{
    if (list->sheet && list->next_row >= list->book->max_rows) {
        close_segment(list);
        wb_sheet *next = wb_add_sheet(list->book, list->sheet->label, list->sheet->part + 1);
        list->segment++;
        list->sheet = next;
        list->header_row = 0;
        list->next_row = 1;
        if (next)
            write_list_header(list, true);
    }
    list->records++;
    return list->next_row++;
}

lxw_row_t wb_list_end(wb_list *list)
{
    close_segment(list);
    for (size_t c = 0; c < list->columns; c++)
        free(list->headers[c]);
    free(list->headers);
    list->headers = NULL;
    list->columns = 0;
    return list->next_row;
}

/* ---- charts ---- */

lxw_chart *wb_chart(wb_book *book, uint8_t type, const char *title)
{
    lxw_chart *chart = workbook_add_chart(book->workbook, type);
    if (!chart) {
        book->out_of_memory = true;
        return NULL;
    }
    chart_title_set_name(chart, title);
    lxw_chart_font font = {.size = 12, .bold = LXW_TRUE, .color = 0x1F3864};
    chart_title_set_name_font(chart, &font);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    return chart;
}

void wb_axis_name(wb_book *book, lxw_chart_axis *axis, pf_label name)
{
    chart_axis_set_name(axis, wb_text(book, name));
    lxw_chart_font font = {.size = 10, .bold = LXW_FALSE, .color = 0x404040};
    chart_axis_set_name_font(axis, &font);
}

void wb_insert_chart(wb_sheet *sheet, lxw_row_t row, lxw_col_t col, lxw_chart *chart, int width, int height)
{
    if (!sheet || !chart)
        return;
    lxw_chart_options options = {0};
    options.x_scale = width / 480.0;
    options.y_scale = height / 288.0;
    options.object_position = LXW_OBJECT_MOVE_DONT_SIZE;
    wb_check(sheet->book, worksheet_insert_chart_opt(sheet->worksheet, row, col, chart, &options), sheet, row,
             col);
}

/* ---- styles ---- */

static lxw_format *new_format(wb_book *book)
{
    lxw_format *format = workbook_add_format(book->workbook);
    if (!format)
        book->out_of_memory = true;
    return format;
}

/* The currency format: "#,##0 "€"" in French, ""€"#,##0" in English; other currencies by their code. */
static void money_format(const wb_book *book, char *buf, size_t size)
{
    bool euro = strcmp(book->currency, "EUR") == 0;
    const char *symbol = euro ? "\xE2\x82\xAC" : book->currency;
    if (book->lang == PF_LANG_FR)
        snprintf(buf, size, "#,##0 \"%s\"", symbol);
    else if (euro)
        snprintf(buf, size, "\"%s\"#,##0", symbol);
    else
        snprintf(buf, size, "\"%s \"#,##0", symbol);
}

static bool create_styles(wb_book *book)
{
    for (int s = 1; s < WB_STYLE_COUNT; s++) {
        book->styles[s] = new_format(book);
        if (!book->styles[s])
            return false;
    }
    lxw_format **f = book->styles;
    const lxw_color_t navy = 0x1F3864, blue = 0x1F4E79, grey = 0x595959, light = 0xDDEBF7;
    char money[64];
    money_format(book, money, sizeof money);
    const char *date = wb_text(book, PF_LABEL_FORMAT_DATE);
    const char *p_value = wb_text(book, PF_LABEL_FORMAT_P_VALUE);

    format_set_bold(f[WB_TITLE]);
    format_set_font_size(f[WB_TITLE], 16);
    format_set_font_color(f[WB_TITLE], navy);
    format_set_italic(f[WB_SUBTITLE]);
    format_set_font_color(f[WB_SUBTITLE], grey);
    format_set_bold(f[WB_SECTION]);
    format_set_font_size(f[WB_SECTION], 12);
    format_set_font_color(f[WB_SECTION], blue);
    for (int s = WB_HEADER; s <= WB_HEADER_RIGHT; s++) {
        format_set_bold(f[s]);
        format_set_font_color(f[s], LXW_COLOR_WHITE);
        format_set_bg_color(f[s], blue);
        format_set_align(f[s], LXW_ALIGN_VERTICAL_CENTER);
        format_set_border(f[s], LXW_BORDER_THIN);
        format_set_border_color(f[s], 0xBFBFBF);
    }
    format_set_align(f[WB_HEADER_RIGHT], LXW_ALIGN_RIGHT);
    format_set_bold(f[WB_LABEL]);
    format_set_text_wrap(f[WB_WRAP]);
    format_set_align(f[WB_WRAP], LXW_ALIGN_VERTICAL_TOP);
    format_set_italic(f[WB_NOTE]);
    format_set_font_color(f[WB_NOTE], grey);
    format_set_italic(f[WB_NA]);
    format_set_font_color(f[WB_NA], 0x808080);
    format_set_align(f[WB_NA], LXW_ALIGN_RIGHT);
    format_set_num_format(f[WB_INTEGER], "#,##0");
    format_set_num_format(f[WB_MONEY], money);
    format_set_num_format(f[WB_PERCENT], "0.0%");
    format_set_num_format(f[WB_DATE], date);
    format_set_align(f[WB_DATE], LXW_ALIGN_LEFT);
    format_set_num_format(f[WB_P_VALUE], p_value);
    format_set_num_format(f[WB_DECIMAL], "0.00");
    format_set_align(f[WB_DAYS], LXW_ALIGN_RIGHT);

    for (int s = WB_TOTAL_LABEL; s <= WB_TOTAL_PERCENT; s++) {
        format_set_bold(f[s]);
        format_set_top(f[s], LXW_BORDER_THIN);
        format_set_bg_color(f[s], light);
    }
    format_set_num_format(f[WB_TOTAL_INTEGER], "#,##0");
    format_set_num_format(f[WB_TOTAL_MONEY], money);
    format_set_num_format(f[WB_TOTAL_PERCENT], "0.0%");

    for (int s = WB_KPI_LABEL; s <= WB_KPI_REFERENCE; s++) {
        format_set_bottom(f[s], LXW_BORDER_THIN);
        format_set_bottom_color(f[s], 0xD9D9D9);
        format_set_align(f[s], LXW_ALIGN_VERTICAL_CENTER);
    }
    format_set_font_size(f[WB_KPI_INTEGER], 12);
    format_set_font_size(f[WB_KPI_MONEY], 12);
    format_set_font_size(f[WB_KPI_PERCENT], 12);
    format_set_font_size(f[WB_KPI_DAYS], 12);
    format_set_bold(f[WB_KPI_INTEGER]);
    format_set_bold(f[WB_KPI_MONEY]);
    format_set_bold(f[WB_KPI_PERCENT]);
    format_set_bold(f[WB_KPI_DAYS]);
    format_set_num_format(f[WB_KPI_INTEGER], "#,##0");
    format_set_num_format(f[WB_KPI_MONEY], money);
    format_set_num_format(f[WB_KPI_PERCENT], "0.0%");
    format_set_num_format(f[WB_KPI_DAYS], "0");
    format_set_align(f[WB_KPI_DAYS], LXW_ALIGN_RIGHT);
    format_set_text_wrap(f[WB_KPI_TEXT]);
    format_set_italic(f[WB_KPI_NA]);
    format_set_font_color(f[WB_KPI_NA], 0x808080);
    format_set_align(f[WB_KPI_NA], LXW_ALIGN_RIGHT);
    format_set_text_wrap(f[WB_KPI_REFERENCE]);
    format_set_font_color(f[WB_KPI_REFERENCE], grey);
    format_set_font_size(f[WB_KPI_REFERENCE], 10);

    const struct {
        wb_style style;
        lxw_color_t fill, font;
    } marks[] = {
        {WB_MARK_GOOD, 0xC6EFCE, 0x006100},
        {WB_MARK_WATCH, 0xFFEB9C, 0x9C5700},
        {WB_MARK_POOR, 0xFFC7CE, 0x9C0006},
    };
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        lxw_format *m = f[marks[i].style];
        format_set_bold(m);
        format_set_bg_color(m, marks[i].fill);
        format_set_font_color(m, marks[i].font);
        format_set_align(m, LXW_ALIGN_CENTER);
        format_set_align(m, LXW_ALIGN_VERTICAL_CENTER);
        format_set_border(m, LXW_BORDER_THIN);
        format_set_border_color(m, LXW_COLOR_WHITE);
    }

    format_set_bold(f[WB_COLUMN_HEADER]);
    format_set_bg_color(f[WB_COLUMN_HEADER], 0xDDE4EE);
    format_set_bottom(f[WB_COLUMN_HEADER], LXW_BORDER_THIN);
    format_set_text_wrap(f[WB_COLUMN_HEADER]);
    format_set_align(f[WB_COLUMN_HEADER], LXW_ALIGN_VERTICAL_TOP);
    format_set_bold(f[WB_HEADING]);
    format_set_font_size(f[WB_HEADING], 12);
    format_set_num_format(f[WB_SCORE], "0.0");
    format_set_font_color(f[WB_PASS], 0x2E7D32);
    format_set_align(f[WB_PASS], LXW_ALIGN_CENTER);
    format_set_font_color(f[WB_FAIL], 0xC62828);
    format_set_align(f[WB_FAIL], LXW_ALIGN_CENTER);
    format_set_bold(f[WB_LABEL_TOP]);
    format_set_align(f[WB_LABEL_TOP], LXW_ALIGN_VERTICAL_TOP);
    format_set_num_format(f[WB_MONEY_TOP], money);
    format_set_align(f[WB_MONEY_TOP], LXW_ALIGN_VERTICAL_TOP);
    return true;
}

/* ---- the file ---- */

static pf_error error_from_lxw(lxw_error error, const char *path, const char *where, int cause,
                               pf_error_context *err)
{
    pf_error code;
    switch (error) {
    case LXW_ERROR_MEMORY_MALLOC_FAILED: code = PF_ERROR_MEMORY; break;
    case LXW_ERROR_CREATING_XLSX_FILE: code = PF_ERROR_CANNOT_CREATE; break;
    case LXW_ERROR_CREATING_TMPFILE:
    case LXW_ERROR_READING_TMPFILE:
    case LXW_ERROR_ZIP_FILE_OPERATION:
    case LXW_ERROR_ZIP_PARAMETER_ERROR:
    case LXW_ERROR_ZIP_BAD_ZIP_FILE:
    case LXW_ERROR_ZIP_INTERNAL_ERROR:
    case LXW_ERROR_ZIP_FILE_ADD:
    case LXW_ERROR_ZIP_CLOSE: code = PF_ERROR_IO; break;
    default: code = PF_ERROR_INTERNAL; break;
    }
    char reason[160];
    snprintf(reason, sizeof reason, "%s", lxw_strerror(error));
    size_t len = strlen(reason);
    if (len > 0 && reason[len - 1] == '.')
        reason[len - 1] = '\0'; /* libxlsxwriter's messages end with a full stop */
    if (code == PF_ERROR_IO && cause != 0)
        return output_write_error(path, cause, err);
    if (code == PF_ERROR_INTERNAL && where && *where)
        return pf_error_set(err, code, path, 0, NULL, "cannot write the workbook: %s (%s)", reason, where);
    return pf_error_set(err, code, path, 0, NULL, "cannot write the workbook: %s", reason);
}

static void set_properties(wb_book *book, const wb_book_options *options)
{
    lxw_doc_properties properties = {0};
    properties.title = (char *)options->title;
    properties.subject = (char *)options->subject;
    properties.author = (char *)options->author;
    properties.comments = (char *)options->comments;
    properties.created = options->created;
    wb_check(book, workbook_set_properties(book->workbook, &properties), NULL, 0, 0);
}

pf_error wb_book_open(wb_book *book, const char *path, const wb_book_options *options, pf_error_context *err)
{
    memset(book, 0, sizeof *book);
    book->lang = options->lang;
    snprintf(book->currency, sizeof book->currency, "%s", options->currency ? options->currency : "EUR");
    book->constant_memory = options->constant_memory;
    book->max_rows = options->max_rows > 1 && options->max_rows < (long)LXW_ROW_MAX
                         ? (lxw_row_t)options->max_rows
                         : LXW_ROW_MAX;
    pf_error code = output_reserve(&book->out, path, err);
    if (code != PF_OK)
        return code;
    /* libxlsxwriter's temporaries (sheet parts, constant-memory rows) beside the output: that folder must
     * have the room for the workbook anyway, $TMPDIR may not */
    const char *slash = strrchr(book->out.path, '/');
    if (options->tmpdir)
        snprintf(book->tmpdir, sizeof book->tmpdir, "%s", options->tmpdir);
    else if (slash)
        snprintf(book->tmpdir, sizeof book->tmpdir, "%.*s",
                 (int)(slash - book->out.path + (slash == book->out.path)), book->out.path);
    else
        snprintf(book->tmpdir, sizeof book->tmpdir, ".");
    lxw_workbook_options workbook_options = {0};
    workbook_options.constant_memory = book->constant_memory ? LXW_TRUE : LXW_FALSE;
    workbook_options.tmpdir = book->tmpdir;
    book->workbook = workbook_new_opt(book->out.temp_path, &workbook_options);
    if (!book->workbook) {
        output_abort(&book->out);
        return pf_error_set(err, PF_ERROR_MEMORY, path, 0, NULL, "out of memory while creating the workbook");
    }
    set_properties(book, options);
    create_styles(book);
    make_footer(book, options->as_of);
    return PF_OK;
}

static void release(wb_book *book)
{
    for (size_t s = 0; s < book->sheet_count; s++)
        free_sheet(book->sheets[s]);
    free(book->sheets);
    free(book->taken);
    free(book->text);
    book->sheets = NULL;
    book->taken = NULL;
    book->text = NULL;
    book->sheet_count = book->taken_count = 0;
}

void wb_book_abort(wb_book *book)
{
    if (book->workbook)
        lxw_workbook_free(book->workbook);
    book->workbook = NULL;
    release(book);
    output_abort(&book->out);
}

/* libxlsxwriter prints its own "[ERROR]" lines on stderr while it packs the file; the error it returns is
 * ours to report, once. stderr goes to /dev/null for the call (fd level: the library writes with fprintf). */
static lxw_error close_quietly(lxw_workbook *workbook, int *cause)
{
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int null = open("/dev/null", O_WRONLY);
    if (saved >= 0 && null >= 0)
        dup2(null, STDERR_FILENO);
    if (null >= 0)
        close(null);
    errno = 0;
    lxw_error closed = workbook_close(workbook);
    *cause = errno;
    fflush(stderr);
    if (saved >= 0) {
        dup2(saved, STDERR_FILENO);
        close(saved);
    }
    return closed;
}

/* Why writing in folder failed when libxlsxwriter does not say: a full file system is the usual reason. */
static int likely_cause(const char *folder, int cause)
{
    if (cause == ENOSPC || cause == EDQUOT || cause == EFBIG || cause == EIO || cause == EROFS)
        return cause;
    struct statvfs fs;
    if (statvfs(folder, &fs) == 0 && fs.f_bavail == 0)
        return ENOSPC;
    return cause;
}

pf_error wb_book_close(wb_book *book, pf_error_context *err)
{
    for (size_t s = 0; s < book->sheet_count; s++)
        finish_sheet(book->sheets[s]);
    if (book->sheet_count > 0)
        worksheet_activate(book->sheets[0]->worksheet);
    const char *path = book->out.path;
    pf_error code = PF_OK;
    if (book->out_of_memory || book->error != LXW_NO_ERROR) {
        code = book->out_of_memory ? pf_error_set(err, PF_ERROR_MEMORY, path, 0, NULL,
                                                  "out of memory while building the workbook")
                                   : error_from_lxw(book->error, path, book->error_where, 0, err);
        wb_book_abort(book);
        return code;
    }
    int cause = 0;
    lxw_error closed = close_quietly(book->workbook, &cause);
    book->workbook = NULL;
    if (closed != LXW_NO_ERROR) {
        code = error_from_lxw(closed, path, NULL, likely_cause(book->tmpdir, cause), err);
        wb_book_abort(book);
        return code;
    }
    bool cut = false;
    code = zip_check_archive(book->out.temp_path, path, &cut, err);
    if (cut) {
        /* a part cut short: libxlsxwriter does not check its temporaries' writes; say why when we can */
        int why = likely_cause(book->tmpdir, 0);
        if (why != 0)
            code = output_write_error(path, why, err);
    }
    if (code != PF_OK) {
        wb_book_abort(book);
        return code;
    }
    release(book);
    return output_commit(&book->out, err);
}
