/* xlsx_input.c — one worksheet of an .xlsx workbook, streamed row by row (see xlsx_input.h).
 *
 * An .xlsx file is a ZIP archive of XML parts. minizip finds and inflates a part; expat parses every part,
 * the sheet included, as a stream of start/end/text events, piece by piece, so nothing is ever held as a
 * tree. At open, the small parts are read whole: xl/workbook.xml (sheet names, their relationship ids, the
 * date system), xl/_rels/workbook.xml.rels (which part holds which sheet), xl/styles.xml (which cell formats
 * are date formats) and xl/sharedStrings.xml (the strings table: the only part whose size stays in memory).
 * The sheet itself is inflated XLSX_SHEET_PIECE bytes at a time into expat's own buffer (XML_GetBuffer,
 * XML_ParseBuffer: no copy of ours); its events build rows into a queue. A row cut by the end of a piece
 * simply continues with the next one: the cells of the row in progress are kept apart from the queue.
 * Inflating and parsing the XML is most of the work (a million-row sheet is some 600 MB of XML, and expat
 * takes most of it), so each has a thread of its own: the inflating thread fills a ring of XLSX_BLOCKS
 * pieces ahead of the parsing thread, which fills one of two queues with XLSX_BATCH_ROWS rows while the
 * caller reads the other. They meet only when a piece or a queue is handed over (one mutex, one condition).
 * Expat is used for speed: no namespace processing, no default handler (it would turn off expat's fast
 * paths), character data asked for only inside <v> and <t>.
 *
 * Every XML part goes through the same guard: a document type declaration is refused at its start (no
 * Excel part has one), so no entity is ever declared, let alone expanded; expat reports a reference to an
 * undeclared entity as malformed XML. Memory stays bounded: a text over Excel's cell limit is refused where
 * the handlers collect it, and a token that expat would hold back over XLSX_MAX_TAG is refused.
 */
#include "partnerfunnel/xlsx_input.h"

#include <ctype.h>
#include <expat.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unzip.h>

#include "partnerfunnel/field.h"
#include "partnerfunnel/text.h"

#define XLSX_PIECE ((size_t)64 << 10)        /* inflated bytes of the small parts parsed at a time */
#define XLSX_SHEET_PIECE ((size_t)256 << 10) /* ... and of the sheet */
#define XLSX_BLOCKS 4                        /* sheet pieces inflated ahead of the parser */
#define XLSX_MAX_CHARS 32767                 /* Excel's limit for the text of one cell */
#define XLSX_MAX_BYTES (4 * XLSX_MAX_CHARS)  /* ... in UTF-8 bytes, at most */
#define XLSX_MAX_COLUMNS 16384               /* columns A..XFD */
#define XLSX_MAX_SHEETS 1024

typedef struct byte_buffer {
    char *data;
    size_t len;
    size_t cap;
} byte_buffer;

/* A cell of a row being built or queued: its column and its text in the row's buffer. */
typedef struct cell_slot {
    size_t column;
    size_t offset;
    size_t length;
    bool error; /* an error value (#N/A ...) */
} cell_slot;

/* A queued row: its cells are cells[first_cell .. first_cell + cell_count) of the queue. */
typedef struct queued_row {
    long number;
    size_t first_cell;
    size_t cell_count;
} queued_row;

/* Rows handed from the parsing thread to the caller at once. */
typedef struct row_queue {
    byte_buffer text; /* the rows' cell texts */
    cell_slot *cells;
    size_t cell_count, cell_cap;
    queued_row *rows;
    size_t count, cap;
    bool filled;              /* published by the parser, not yet given back by the caller (under lock) */
    bool last;                /* nothing follows: the end of the sheet, or code */
    pf_error code;            /* when last: PF_OK or the error that stopped the parser */
    pf_error_context context; /* ... and its message */
} row_queue;

typedef struct sheet_entry {
    char *name;
    char *relation; /* r:id */
} sheet_entry;

/* How a cell format shows a number, as far as its value's text depends on it: SHAPE_PLAIN as written,
 * SHAPE_DATE as a date, and 2..SHAPE_MAX_ZEROS as an integer padded with zeros to that many digits. */
enum { SHAPE_PLAIN = 0, SHAPE_MAX_ZEROS = 30, SHAPE_DATE = 255 };

typedef struct custom_format {
    long id; /* numFmtId */
    uint8_t shape;
} custom_format;

/* Which part is being parsed, for the event handlers. */
typedef enum xml_part { PART_WORKBOOK, PART_RELATIONS, PART_STYLES, PART_STRINGS, PART_SHEET } xml_part;

struct pf_xlsx {
    const char *path; /* borrowed */
    unzFile zip;
    char sheet_name[128];
    char sheet_part[512];
    bool date1904;

    /* workbook.xml and its relations */
    sheet_entry *sheets;
    size_t sheet_count;
    char *wanted_relation; /* the chosen sheet's r:id, while the relations are read */

    /* styles.xml: per cell format (xf), how its numbers are shown (number_shape) */
    uint8_t *xf_shape;
    size_t xf_count, xf_cap;
    custom_format *formats; /* the custom numFmts that are not SHAPE_PLAIN */
    size_t format_count, format_cap;
    bool in_cell_xfs;

    /* sharedStrings.xml */
    byte_buffer strings; /* each string NUL-terminated */
    size_t *string_offsets;
    size_t string_count, string_cap;
    bool in_si;

    /* the XML event state shared by the parts */
    XML_Parser xml;
    xml_part part;
    char problem[512]; /* set by a handler that stopped the parser */
    int text_depth;    /* > 0 inside an element whose text is wanted (<t>, <v>) */
    int phonetic;      /* > 0 inside <rPh> (phonetic runs: not part of the text) */
    byte_buffer text;  /* the text being collected */

    /* the sheet */
    bool in_row, in_cell, in_inline;
    long row_number, next_row;
    size_t cell_column, next_column;
    char cell_type; /* 'n' number, 's' shared, 'S' formula string, 'i' inline, 'b' boolean, 'e' error, 'd' */
    long cell_style;
    byte_buffer row_text; /* the row in progress */
    cell_slot *row_cells;
    size_t row_cell_count, row_cell_cap;
    row_queue queues[2]; /* the parser fills one while the caller reads the other */
    row_queue *fill;     /* the parser's (its thread's alone while it runs) */
    unsigned char *piece;
    bool sheet_open, sheet_done;

    unsigned long long part_bytes; /* the part's bytes given to expat */

    /* the inflating thread: the sheet's bytes in a ring of blocks, filled in order, read in order */
    bool inflater_running;
    pthread_t inflater;
    char *blocks[XLSX_BLOCKS];
    int block_bytes[XLSX_BLOCKS];     /* inflated bytes, 0 at the end of the part */
    bool block_full[XLSX_BLOCKS];     /* filled, not yet taken (under lock) */
    pf_error block_code[XLSX_BLOCKS]; /* PF_OK, or why inflating stopped (then the last block) */
    pf_error_context block_context[XLSX_BLOCKS];
    int block_next; /* the parser's next block */

    /* the parsing thread, and the caller's side of the queues */
    bool thread_running;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed; /* a queue was filled or given back, or stop was set */
    bool stop;              /* xlsx_free(): the threads must end (under lock) */
    bool sync_ready;        /* lock and changed initialised */
    int reading;            /* the caller's queue (index), -1 before the first */
    size_t next;            /* its next row */

    /* the row handed out */
    char **fields;
    size_t *lengths;
    size_t field_cap;

    pf_error failure; /* sticky */
    pf_error_context failure_context;
};

static char empty_field[1] = "";

/* ---- small helpers ---- */

static bool buffer_reserve(byte_buffer *b, size_t extra)
{
    if (b->cap - b->len > extra)
        return true;
    if (extra > SIZE_MAX / 4 - b->len)
        return false;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len <= extra)
        cap *= 2;
    char *data = realloc(b->data, cap);
    if (!data)
        return false;
    b->data = data;
    b->cap = cap;
    return true;
}

static bool buffer_append(byte_buffer *b, const char *s, size_t n)
{
    if (!buffer_reserve(b, n))
        return false;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

/* Room for one more item in *items (count used of *cap, size bytes each). */
static bool grow(void **items, size_t *cap, size_t count, size_t size)
{
    if (count < *cap)
        return true;
    size_t next = *cap ? *cap * 2 : 64;
    void *p = realloc(*items, next * size);
    if (!p)
        return false;
    *items = p;
    *cap = next;
    return true;
}

/* An element or attribute name without its namespace prefix ("x:row" -> "row"). */
static const char *local_name(const char *name)
{
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

static const char *attribute(const char **attributes, const char *name)
{
    for (size_t i = 0; attributes[i]; i += 2)
        if (strcmp(attributes[i], name) == 0)
            return attributes[i + 1];
    return NULL;
}

/* A relationship id attribute ("r:id", whatever the prefix). */
static const char *relation_attribute(const char **attributes)
{
    for (size_t i = 0; attributes[i]; i += 2)
        if (strchr(attributes[i], ':') && strcmp(local_name(attributes[i]), "id") == 0)
            return attributes[i + 1];
    return NULL;
}

/* Stops the parser with a problem (the first one wins). */
static void stop(pf_xlsx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void stop(pf_xlsx *x, const char *fmt, ...)
{
    if (!x->problem[0]) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(x->problem, sizeof x->problem, fmt, ap);
        va_end(ap);
    }
    XML_StopParser(x->xml, XML_FALSE);
}

static void out_of_memory(pf_xlsx *x)
{
    stop(x, "out of memory");
}

/* Decodes Excel's _xHHHH_ escapes (control characters, and _x005F_ for a literal '_') in place. */
static size_t decode_escapes(char *s, size_t n)
{
    size_t underscore = 0;
    while (underscore < n && s[underscore] != '_')
        underscore++;
    if (underscore == n) /* most texts */
        return n;
    size_t out = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] == '_' && i + 7 <= n && s[i + 1] == 'x' && s[i + 6] == '_' &&
            isxdigit((unsigned char)s[i + 2]) && isxdigit((unsigned char)s[i + 3]) &&
            isxdigit((unsigned char)s[i + 4]) && isxdigit((unsigned char)s[i + 5])) {
            unsigned code = (unsigned)strtoul((char[]){s[i + 2], s[i + 3], s[i + 4], s[i + 5], '\0'}, NULL, 16);
            if (code != 0 && (code < 0xD800 || code > 0xDFFF)) {
                if (code < 0x80) {
                    s[out++] = (char)code;
                } else if (code < 0x800) {
                    s[out++] = (char)(0xC0 | (code >> 6));
                    s[out++] = (char)(0x80 | (code & 0x3F));
                } else {
                    s[out++] = (char)(0xE0 | (code >> 12));
                    s[out++] = (char)(0x80 | ((code >> 6) & 0x3F));
                    s[out++] = (char)(0x80 | (code & 0x3F));
                }
                i += 7;
                continue;
            }
        }
        s[out++] = s[i++];
    }
    s[out] = '\0';
    return out;
}

/* ---- cell values ---- */

/* Built-in number formats that show a date (ECMA-376 18.8.30; 27-36 and 50-58 are East Asian dates). */
static bool builtin_date_format(long id)
{
    return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

/* A custom format code shows a date when d or y appears outside quoted text, [brackets] and escapes. */
static bool format_code_is_date(const char *code)
{
    for (const char *p = code; *p; p++) {
        char c = *p;
        if (c == ';')
            return false; /* the first section (positive numbers) decides */
        if (c == '"') {
            p = strchr(p + 1, '"');
            if (!p)
                return false;
        } else if (c == '[') {
            p = strchr(p + 1, ']');
            if (!p)
                return false;
        } else if ((c == '\\' || c == '_' || c == '*') && p[1]) {
            p++;
        } else if (c == 'd' || c == 'D' || c == 'y' || c == 'Y') {
            return true;
        }
    }
    return false;
}

/* The zeros of a format code that pads integers with zeros (a postcode's "00000", a SIREN's "000000000" or
 * "000 000 000"): its first section holds only 0s (two or more), spaces, hyphens and escaped or quoted
 * spaces and hyphens. 0 for any other code. */
static int format_code_zeros(const char *code)
{
    int zeros = 0;
    for (const char *p = code; *p && *p != ';'; p++) {
        if (*p == '0')
            zeros++;
        else if (*p == '\\' && (p[1] == ' ' || p[1] == '-'))
            p++;
        else if (*p == '"') {
            for (p++; *p == ' ' || *p == '-'; p++)
                ;
            if (*p != '"')
                return 0;
        } else if (*p != ' ' && *p != '-')
            return 0;
    }
    return zeros >= 2 && zeros <= SHAPE_MAX_ZEROS ? zeros : 0;
}

static uint8_t format_code_shape(const char *code)
{
    return format_code_is_date(code) ? SHAPE_DATE : (uint8_t)format_code_zeros(code);
}

static uint8_t style_shape(const pf_xlsx *x, long style)
{
    return style >= 0 && (size_t)style < x->xf_count ? x->xf_shape[style] : SHAPE_PLAIN;
}

/* The date of a serial number in the workbook's date system, as YYYY-MM-DD (the time of day dropped);
 * false when the number is no date Excel can show. */
static bool serial_to_date(const pf_xlsx *x, double serial, char out[16])
{
    if (!isfinite(serial) || serial < 0 || serial >= 2958466) /* 9999-12-31 is 2958465 */
        return false;
    long days = (long)floor(serial);
    if (x->date1904) {
        field_date_format_iso(field_date_from_ymd(1904, 1, 1) + (pf_date)days, out);
        return true;
    }
    if (days == 0) {
        strcpy(out, "1900-01-00"); /* as Excel shows it; no date parser accepts it */
        return true;
    }
    if (days == 60) {
        strcpy(out, "1900-02-29"); /* Lotus 1-2-3's leap-year bug, kept by Excel: a day that never was */
        return true;
    }
    /* serials 1..59 count from 1900-01-01; after the phantom 29 February, one day less */
    pf_date base = days < 60 ? field_date_from_ymd(1899, 12, 31) : field_date_from_ymd(1899, 12, 30);
    field_date_format_iso(base + (pf_date)days, out);
    return true;
}

/* True when a number's text is as Excel shows it: no exponent and at most 15 significant digits (files
 * written by other programs carry 17, as in 2500.39999999999999991 for 2500.4). */
static bool plain_number(const char *text)
{
    int digits = 0;
    bool leading = true;
    for (const char *p = text; *p; p++) {
        if (*p == 'e' || *p == 'E')
            return false;
        if (!isdigit((unsigned char)*p))
            continue;
        if (leading && *p == '0')
            continue;
        leading = false;
        digits++;
    }
    return digits <= 15;
}

/* A decimal number of at most 18 digits, nothing after it; -1 otherwise. */
static long small_number(const char *text)
{
    long value = 0;
    int digits = 0;
    for (; *text >= '0' && *text <= '9'; text++, digits++)
        value = value * 10 + (*text - '0');
    return digits == 0 || digits > 18 || *text ? -1 : value;
}

/* Appends the cell's value to the row in progress (nothing for an empty one). */
static void finish_cell(pf_xlsx *x)
{
    char *text = x->text.data ? x->text.data : empty_field;
    size_t n = x->text.len;
    char scratch[64];
    const char *value = text;
    bool error = false;
    switch (x->cell_type) {
    case 's': {
        long index = small_number(text);
        if (index < 0 || (size_t)index >= x->string_count) {
            char cell[16];
            xlsx_cell_name(x->cell_column, x->row_number, cell);
            stop(x, "cell %s refers to shared string '%s', which does not exist", cell, text);
            return;
        }
        /* the strings lie end to end, each with its NUL */
        size_t offset = x->string_offsets[index];
        size_t next = (size_t)index + 1 < x->string_count ? x->string_offsets[index + 1] : x->strings.len;
        value = x->strings.data + offset;
        n = next - offset - 1;
        break;
    }
    case 'i':
    case 'S': n = decode_escapes(text, n); break;
    case 'b':
        value = strcmp(text, "1") == 0 ? "TRUE" : strcmp(text, "0") == 0 ? "FALSE" : text;
        n = strlen(value);
        break;
    case 'e': error = true; break;
    case 'd': /* an ISO 8601 date-time: its date */
        if (n > 10 && text[4] == '-' && text[7] == '-')
            n = 10;
        break;
    default: { /* a number */
        uint8_t shape = style_shape(x, x->cell_style);
        bool date = shape == SHAPE_DATE;
        if (shape != SHAPE_PLAIN && !date && n < shape && small_number(text) >= 0) {
            /* an identifier shown with its leading zeros (a SIREN, a postcode): its digits are the zeros
             * the format shows, then the number's */
            memset(scratch, '0', shape - n);
            memcpy(scratch + (shape - n), text, n + 1);
            value = scratch;
            n = shape;
            break;
        }
        if (n == 0 || (!date && plain_number(text))) /* most numbers: kept as written, no conversion */
            break;
        char *end;
        double number = strtod(text, &end);
        if (*end) /* not a number: kept as it is, for the field's parser to reject */
            break;
        if (date && serial_to_date(x, number, scratch)) {
            value = scratch;
            n = strlen(scratch);
        } else if (!plain_number(text)) {
            snprintf(scratch, sizeof scratch, "%.15g", number);
            value = scratch;
            n = strlen(scratch);
        }
        break;
    }
    }
    if (n == 0 && !error)
        return;
    if (!grow((void **)&x->row_cells, &x->row_cell_cap, x->row_cell_count, sizeof *x->row_cells)) {
        out_of_memory(x);
        return;
    }
    size_t offset = x->row_text.len;
    if (!buffer_append(&x->row_text, value, n) || !buffer_append(&x->row_text, "", 1)) {
        out_of_memory(x);
        return;
    }
    x->row_cells[x->row_cell_count++] = (cell_slot){x->cell_column, offset, n, error};
}

/* Moves the row in progress to the queue (a row of empty cells is dropped). */
static void finish_row(pf_xlsx *x)
{
    if (x->row_cell_count == 0)
        return;
    row_queue *q = x->fill;
    size_t base = q->text.len;
    if (!grow((void **)&q->rows, &q->cap, q->count, sizeof *q->rows) ||
        !buffer_append(&q->text, x->row_text.data, x->row_text.len)) {
        out_of_memory(x);
        return;
    }
    while (q->cell_cap - q->cell_count < x->row_cell_count)
        if (!grow((void **)&q->cells, &q->cell_cap, q->cell_cap, sizeof *q->cells)) {
            out_of_memory(x);
            return;
        }
    queued_row *row = &q->rows[q->count++];
    row->number = x->row_number;
    row->first_cell = q->cell_count;
    row->cell_count = x->row_cell_count;
    for (size_t i = 0; i < x->row_cell_count; i++) {
        cell_slot slot = x->row_cells[i];
        slot.offset += base;
        q->cells[q->cell_count++] = slot;
    }
}

/* "C7" -> column 2; false when the reference is not a cell of Excel's grid. */
static bool parse_cell_reference(const char *ref, size_t *column)
{
    size_t value = 0, letters = 0;
    for (; isalpha((unsigned char)*ref) && letters < 4; ref++, letters++)
        value = value * 26 + (size_t)(toupper((unsigned char)*ref) - 'A' + 1);
    if (letters == 0 || value > XLSX_MAX_COLUMNS || !isdigit((unsigned char)*ref))
        return false;
    *column = value - 1;
    return true;
}

/* ---- XML events ---- */

static void XMLCALL on_start(void *data, const char *qname, const char **attributes)
{
    pf_xlsx *x = data;
    const char *name = local_name(qname);
    switch (x->part) {
    case PART_WORKBOOK:
        if (strcmp(name, "workbookPr") == 0) {
            const char *v = attribute(attributes, "date1904");
            x->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
        } else if (strcmp(name, "sheet") == 0) {
            const char *sheet = attribute(attributes, "name"), *relation = relation_attribute(attributes);
            if (!sheet || !relation || x->sheet_count == XLSX_MAX_SHEETS)
                return;
            sheet_entry *grown = realloc(x->sheets, (x->sheet_count + 1) * sizeof *grown);
            if (!grown) {
                out_of_memory(x);
                return;
            }
            x->sheets = grown;
            sheet_entry *e = &x->sheets[x->sheet_count];
            e->name = strdup(sheet);
            e->relation = strdup(relation);
            x->sheet_count++;
            if (!e->name || !e->relation)
                out_of_memory(x);
        }
        return;
    case PART_RELATIONS:
        if (strcmp(name, "Relationship") == 0) {
            const char *id = attribute(attributes, "Id"), *target = attribute(attributes, "Target");
            if (id && target && strcmp(id, x->wanted_relation) == 0) {
                if (target[0] == '/')
                    snprintf(x->sheet_part, sizeof x->sheet_part, "%s", target + 1);
                else
                    snprintf(x->sheet_part, sizeof x->sheet_part, "xl/%s", target);
            }
        }
        return;
    case PART_STYLES:
        if (strcmp(name, "numFmt") == 0) {
            const char *id = attribute(attributes, "numFmtId"), *code = attribute(attributes, "formatCode");
            uint8_t shape = code ? format_code_shape(code) : SHAPE_PLAIN;
            if (id && shape != SHAPE_PLAIN) {
                if (!grow((void **)&x->formats, &x->format_cap, x->format_count, sizeof *x->formats)) {
                    out_of_memory(x);
                    return;
                }
                x->formats[x->format_count++] = (custom_format){atol(id), shape};
            }
        } else if (strcmp(name, "cellXfs") == 0) {
            x->in_cell_xfs = true;
        } else if (x->in_cell_xfs && strcmp(name, "xf") == 0) {
            const char *v = attribute(attributes, "numFmtId");
            long id = v ? atol(v) : 0;
            uint8_t shape = builtin_date_format(id) ? SHAPE_DATE : SHAPE_PLAIN;
            for (size_t i = 0; i < x->format_count && shape == SHAPE_PLAIN; i++)
                if (x->formats[i].id == id)
                    shape = x->formats[i].shape;
            if (!grow((void **)&x->xf_shape, &x->xf_cap, x->xf_count, sizeof *x->xf_shape)) {
                out_of_memory(x);
                return;
            }
            x->xf_shape[x->xf_count++] = shape;
        }
        return;
    case PART_STRINGS:
        if (strcmp(name, "si") == 0) {
            x->in_si = true;
            x->text.len = 0;
        } else if (strcmp(name, "rPh") == 0) {
            x->phonetic++;
        } else if (x->in_si && !x->phonetic && strcmp(name, "t") == 0) {
            x->text_depth++;
        }
        return;
    case PART_SHEET: return; /* on_sheet_start */
    }
}

static void XMLCALL on_end(void *data, const char *qname)
{
    pf_xlsx *x = data;
    const char *name = local_name(qname);
    if (x->part == PART_STYLES && strcmp(name, "cellXfs") == 0) {
        x->in_cell_xfs = false;
    } else if (x->part == PART_STRINGS) {
        if (strcmp(name, "rPh") == 0 && x->phonetic > 0) {
            x->phonetic--;
        } else if (strcmp(name, "t") == 0 && x->text_depth > 0) {
            x->text_depth--;
        } else if (strcmp(name, "si") == 0 && x->in_si) {
            x->in_si = false;
            size_t n = decode_escapes(x->text.data ? x->text.data : empty_field, x->text.len);
            if (!grow((void **)&x->string_offsets, &x->string_cap, x->string_count,
                      sizeof *x->string_offsets)) {
                out_of_memory(x);
                return;
            }
            x->string_offsets[x->string_count++] = x->strings.len;
            if (!buffer_append(&x->strings, x->text.data ? x->text.data : "", n) ||
                !buffer_append(&x->strings, "", 1))
                out_of_memory(x);
        }
    }
}

/* Adds len bytes of a cell's text, refused beyond Excel's limit of a cell's length. */
static void append_text(pf_xlsx *x, const char *s, int len)
{
    if (x->text.len + (size_t)len > XLSX_MAX_BYTES ||
        (x->text.len + (size_t)len > XLSX_MAX_CHARS &&
         text_utf8_length(x->text.data ? x->text.data : "", x->text.len) + text_utf8_length(s, (size_t)len) >
             XLSX_MAX_CHARS)) {
        stop(x, "holds a text longer than Excel's limit of 32,767 characters");
        return;
    }
    if (!buffer_append(&x->text, s, (size_t)len))
        out_of_memory(x);
}

static void XMLCALL on_text(void *data, const char *s, int len)
{
    pf_xlsx *x = data;
    if (x->text_depth > 0 && x->phonetic <= 0)
        append_text(x, s, len);
}

/* ---- the sheet's events: the hot path ----
 * A million-row sheet brings some 40 million element events. They are told apart by their local name's
 * first byte and length (no strcmp chain), the attributes of <row> and <c> are read in one pass, numbers
 * in them are converted by hand, and expat calls on_sheet_text only inside <v> and <t>: the handler is set
 * when one opens and removed when it closes. */

typedef enum sheet_element {
    EL_OTHER,
    EL_ROW,
    EL_CELL,
    EL_VALUE,
    EL_INLINE,
    EL_TEXT,
    EL_PHONETIC
} sheet_element;

static sheet_element sheet_element_of(const char *qname)
{
    const char *name = qname;
    for (const char *p = qname; *p; p++)
        if (*p == ':')
            name = p + 1;
    switch (name[0]) {
    case 'c': return name[1] ? EL_OTHER : EL_CELL;
    case 'v': return name[1] ? EL_OTHER : EL_VALUE;
    case 't': return name[1] ? EL_OTHER : EL_TEXT;
    case 'i': return name[1] == 's' && !name[2] ? EL_INLINE : EL_OTHER;
    case 'r':
        if (name[1] == 'o' && name[2] == 'w' && !name[3])
            return EL_ROW;
        return name[1] == 'P' && name[2] == 'h' && !name[3] ? EL_PHONETIC : EL_OTHER;
    default: return EL_OTHER;
    }
}

/* The cell type of a t attribute: 'n' number, 's' shared, 'S' formula string, 'i' inline, 'b' boolean,
 * 'e' error, 'd' date; an unknown type reads as a number. */
static char cell_type_of(const char *t)
{
    switch (t[0]) {
    case 's': return !t[1] ? 's' : strcmp(t, "str") == 0 ? 'S' : 'n';
    case 'i': return strcmp(t, "inlineStr") == 0 ? 'i' : 'n';
    case 'b': return !t[1] ? 'b' : 'n';
    case 'e': return !t[1] ? 'e' : 'n';
    case 'd': return !t[1] ? 'd' : 'n';
    default: return 'n';
    }
}

static void XMLCALL on_sheet_text(void *data, const char *s, int len);

/* Text wanted from here on (<v>, or <t> outside a phonetic run): expat starts calling on_sheet_text. */
static void text_opens(pf_xlsx *x)
{
    if (x->text_depth++ == 0)
        XML_SetCharacterDataHandler(x->xml, on_sheet_text);
}

static void text_closes(pf_xlsx *x)
{
    if (--x->text_depth == 0)
        XML_SetCharacterDataHandler(x->xml, NULL);
}

static void start_row(pf_xlsx *x, const char **attributes)
{
    long number = -1;
    for (size_t i = 0; attributes[i]; i += 2)
        if (attributes[i][0] == 'r' && !attributes[i][1])
            number = small_number(attributes[i + 1]);
    x->row_number = number >= 1 ? number : x->next_row;
    x->next_row = x->row_number + 1;
    x->next_column = 0;
    x->in_row = true;
    x->row_text.len = 0;
    x->row_cell_count = 0;
}

static void start_cell(pf_xlsx *x, const char **attributes)
{
    const char *r = NULL, *t = NULL, *s = NULL;
    for (size_t i = 0; attributes[i]; i += 2) {
        const char *name = attributes[i];
        if (name[1])
            continue;
        if (name[0] == 'r')
            r = attributes[i + 1];
        else if (name[0] == 't')
            t = attributes[i + 1];
        else if (name[0] == 's')
            s = attributes[i + 1];
    }
    if (r && !parse_cell_reference(r, &x->cell_column)) {
        stop(x, "row %ld: '%s' is not a cell reference of Excel's grid", x->row_number, r);
        return;
    }
    if (!r)
        x->cell_column = x->next_column;
    if (x->cell_column >= XLSX_MAX_COLUMNS) {
        stop(x, "row %ld has more than %d columns", x->row_number, XLSX_MAX_COLUMNS);
        return;
    }
    x->next_column = x->cell_column + 1;
    x->cell_type = t ? cell_type_of(t) : 'n';
    long style = s ? small_number(s) : 0;
    x->cell_style = style >= 0 ? style : s ? atol(s) : 0;
    x->in_cell = true;
    x->text.len = 0;
}

static void XMLCALL on_sheet_start(void *data, const char *qname, const char **attributes)
{
    pf_xlsx *x = data;
    switch (sheet_element_of(qname)) {
    case EL_ROW: start_row(x, attributes); return;
    case EL_CELL:
        if (x->in_row)
            start_cell(x, attributes);
        return;
    case EL_VALUE:
        if (x->in_cell)
            text_opens(x);
        return;
    case EL_INLINE:
        if (x->in_cell)
            x->in_inline = true;
        return;
    case EL_PHONETIC:
        if (x->in_inline && x->phonetic++ == 0 && x->text_depth > 0)
            XML_SetCharacterDataHandler(x->xml, NULL);
        return;
    case EL_TEXT:
        if (x->in_inline && !x->phonetic)
            text_opens(x);
        return;
    case EL_OTHER: return;
    }
}

static void XMLCALL on_sheet_end(void *data, const char *qname)
{
    pf_xlsx *x = data;
    switch (sheet_element_of(qname)) {
    case EL_VALUE:
    case EL_TEXT:
        if (x->text_depth > 0 && !x->phonetic)
            text_closes(x);
        return;
    case EL_PHONETIC:
        if (x->phonetic > 0 && --x->phonetic == 0 && x->text_depth > 0)
            XML_SetCharacterDataHandler(x->xml, on_sheet_text);
        return;
    case EL_INLINE: x->in_inline = false; return;
    case EL_CELL:
        if (x->in_cell) {
            x->in_cell = false;
            finish_cell(x);
        }
        return;
    case EL_ROW:
        if (x->in_row) {
            x->in_row = false;
            finish_row(x);
        }
        return;
    case EL_OTHER: return;
    }
}

static void XMLCALL on_sheet_text(void *data, const char *s, int len)
{
    append_text(data, s, len);
}

static void XMLCALL on_doctype(void *data, const XML_Char *name, const XML_Char *system_id,
                               const XML_Char *public_id, int has_internal_subset)
{
    (void)name;
    (void)system_id;
    (void)public_id;
    (void)has_internal_subset;
    stop(data, "holds an XML document type declaration (DTD), which is refused: no Excel file has one, and "
               "its entities could expand without bound");
}

static void XMLCALL on_entity(void *data, const XML_Char *name, int parameter, const XML_Char *value,
                              int value_length, const XML_Char *base, const XML_Char *system_id,
                              const XML_Char *public_id, const XML_Char *notation)
{
    (void)name;
    (void)parameter;
    (void)value;
    (void)value_length;
    (void)base;
    (void)system_id;
    (void)public_id;
    (void)notation;
    stop(data, "declares XML entities, which are refused (never expanded)");
}

/* A new parser for part, with every handler and the guard against DTDs. */
static pf_error start_parser(pf_xlsx *x, xml_part part, pf_error_context *err)
{
    if (x->xml)
        XML_ParserFree(x->xml);
    /* no encoding imposed: a part's byte order mark or declaration says what it is (UTF-8 without them); no
     * namespace processing (names keep their prefix, local_name() drops it) */
    x->xml = XML_ParserCreate(NULL);
    if (!x->xml)
        return pf_error_set(err, PF_ERROR_MEMORY, x->path, 0, NULL, "out of memory");
    XML_SetUserData(x->xml, x);
    if (part == PART_SHEET) {
        XML_SetElementHandler(x->xml, on_sheet_start, on_sheet_end);
    } else {
        XML_SetElementHandler(x->xml, on_start, on_end);
        XML_SetCharacterDataHandler(x->xml, on_text);
    }
    XML_SetStartDoctypeDeclHandler(x->xml, on_doctype);
    XML_SetEntityDeclHandler(x->xml, on_entity);
    x->part = part;
    x->part_bytes = 0;
    x->problem[0] = '\0';
    x->text_depth = 0;
    x->phonetic = 0;
    x->text.len = 0;
    return PF_OK;
}

/* The error of a failed XML_Parse() on part entry. */
static pf_error parse_failure(pf_xlsx *x, const char *entry, pf_error_context *err)
{
    if (strcmp(x->problem, "out of memory") == 0)
        return pf_error_set(err, PF_ERROR_MEMORY, x->path, 0, NULL, "out of memory");
    if (x->problem[0] && x->part == PART_SHEET)
        return pf_error_set(err, PF_ERROR_DATA, x->path, 0, NULL, "sheet '%s': %s", x->sheet_name, x->problem);
    if (x->problem[0])
        return pf_error_set(err, PF_ERROR_DATA, x->path, 0, NULL, "%s %s", entry, x->problem);
    return pf_error_set(
        err, PF_ERROR_DATA, x->path, 0, NULL, "is damaged: %s, line %lu: %s (the XML is not well-formed)",
        entry, (unsigned long)XML_GetCurrentLineNumber(x->xml), XML_ErrorString(XML_GetErrorCode(x->xml)));
}

/* Opens entry of the archive; *found is false when it does not exist. */
static pf_error open_entry(pf_xlsx *x, const char *entry, bool *found, pf_error_context *err)
{
    *found = false;
    if (unzLocateFile(x->zip, entry, 1) != UNZ_OK)
        return PF_OK;
    if (unzOpenCurrentFile(x->zip) != UNZ_OK)
        return pf_error_set(err, PF_ERROR_DATA, x->path, 0, NULL, "is damaged or truncated: cannot read %s",
                            entry);
    *found = true;
    return PF_OK;
}

/* The bytes expat may hold back between pieces: a token cut by a piece's end waits for the rest of it, and
 * expat sets no bound on a token (a tag of a gigabyte would be buffered whole). Excel's tags are short. */
#define XLSX_MAX_TAG ((size_t)1 << 20)

/* True when expat holds back more than XLSX_MAX_TAG bytes of the part after a parse (its current byte is
 * then the first it has not consumed). */
static bool token_too_long(pf_xlsx *x)
{
    XML_Index consumed = XML_GetCurrentByteIndex(x->xml);
    return consumed >= 0 && x->part_bytes - (unsigned long long)consumed > XLSX_MAX_TAG;
}

/* Reads the whole entry through a parser for part. A missing optional entry is fine. */
static pf_error parse_entry(pf_xlsx *x, const char *entry, xml_part part, bool required, pf_error_context *err)
{
    bool found;
    pf_error code = open_entry(x, entry, &found, err);
    if (code != PF_OK)
        return code;
    if (!found)
        return required ? pf_error_set(err, PF_ERROR_DATA, x->path, 0, NULL,
                                       "is damaged: the workbook has no part %s", entry)
                        : PF_OK;
    code = start_parser(x, part, err);
    if (code != PF_OK) {
        unzCloseCurrentFile(x->zip);
        return code;
    }
    for (;;) {
        int n = unzReadCurrentFile(x->zip, x->piece, (unsigned)XLSX_PIECE);
        if (n < 0) {
            unzCloseCurrentFile(x->zip);
            return pf_error_set(err, PF_ERROR_DATA, x->path, 0, NULL,
                                "is damaged or truncated: cannot inflate %s (zip error %d)", entry, n);
        }
        if (XML_Parse(x->xml, (const char *)x->piece, n, n == 0) != XML_STATUS_OK) {
            unzCloseCurrentFile(x->zip);
            return parse_failure(x, entry, err);
        }
        x->part_bytes += (unsigned long long)n;
        if (n > 0 && token_too_long(x)) {
            unzCloseCurrentFile(x->zip);
            return pf_error_set(err, PF_ERROR_DATA, x->path, 0, NULL, "%s holds an XML tag longer than 1 MB",
                                entry);
        }
        if (n == 0)
            break;
    }
    if (unzCloseCurrentFile(x->zip) == UNZ_CRCERROR)
        return pf_error_set(err, PF_ERROR_DATA, x->path, 0, NULL, "is damaged: %s fails its checksum", entry);
    return PF_OK;
}

/* ---- opening ---- */

bool xlsx_looks_like_zip(const unsigned char *head, size_t n)
{
    return n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
}

void xlsx_cell_name(size_t column, long row, char out[16])
{
    char letters[4];
    int k = 0;
    size_t c = column + 1;
    while (c > 0 && k < 3) {
        letters[k++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    int at = 0;
    while (k > 0)
        out[at++] = letters[--k];
    snprintf(out + at, (size_t)(16 - at), "%ld", row);
}

/* The chosen sheet, or the error listing those that exist. */
static pf_error choose_sheet(pf_xlsx *x, const char *wanted, pf_error_context *err)
{
    if (x->sheet_count == 0)
        return pf_error_set(err, PF_ERROR_DATA, x->path, 0, NULL, "is a workbook without any sheet");
    const sheet_entry *chosen = &x->sheets[0];
    if (wanted && wanted[0]) {
        chosen = NULL;
        for (size_t i = 0; i < x->sheet_count && !chosen; i++)
            if (strcmp(x->sheets[i].name, wanted) == 0)
                chosen = &x->sheets[i];
        for (size_t i = 0; i < x->sheet_count && !chosen; i++)
            if (text_fold_equal(x->sheets[i].name, strlen(x->sheets[i].name), wanted, strlen(wanted)))
                chosen = &x->sheets[i];
        if (!chosen) {
            char list[600] = "";
            size_t at = 0;
            for (size_t i = 0; i < x->sheet_count && at < sizeof list - 8; i++)
                at += (size_t)snprintf(list + at, sizeof list - at, "%s'%s'", i ? ", " : "", x->sheets[i].name);
            return pf_error_set(err, PF_ERROR_DATA, x->path, 0, NULL, "has no sheet '%s' (its sheets: %s)",
                                wanted, list);
        }
    }
    snprintf(x->sheet_name, sizeof x->sheet_name, "%s", chosen->name);
    x->wanted_relation = chosen->relation;
    return PF_OK;
}

static pf_error start_thread(pf_xlsx *x, pf_error_context *err);

pf_error xlsx_open(const char *path, const char *sheet, pf_xlsx **out, pf_error_context *err)
{
    *out = NULL;
    pf_xlsx *x = calloc(1, sizeof *x);
    if (!x)
        return pf_error_set(err, PF_ERROR_MEMORY, path, 0, NULL, "out of memory");
    x->path = path;
    x->next_row = 1;
    pf_error code = PF_OK;
    x->piece = malloc(XLSX_PIECE);
    if (!x->piece) {
        code = pf_error_set(err, PF_ERROR_MEMORY, path, 0, NULL, "out of memory");
        goto cleanup;
    }
    x->zip = unzOpen64(path);
    if (!x->zip) {
        code = pf_error_set(err, PF_ERROR_DATA, path, 0, NULL,
                            "is damaged or truncated: it starts like a ZIP archive (an .xlsx workbook) but its "
                            "table of contents cannot be read");
        goto cleanup;
    }
    if (unzLocateFile(x->zip, "xl/workbook.xml", 1) != UNZ_OK) {
        code = pf_error_set(err, PF_ERROR_DATA, path, 0, NULL,
                            "is a ZIP archive but not an Excel workbook (no xl/workbook.xml)");
        goto cleanup;
    }
    if ((code = parse_entry(x, "xl/workbook.xml", PART_WORKBOOK, true, err)) != PF_OK ||
        (code = choose_sheet(x, sheet, err)) != PF_OK ||
        (code = parse_entry(x, "xl/_rels/workbook.xml.rels", PART_RELATIONS, true, err)) != PF_OK ||
        (code = parse_entry(x, "xl/styles.xml", PART_STYLES, false, err)) != PF_OK ||
        (code = parse_entry(x, "xl/sharedStrings.xml", PART_STRINGS, false, err)) != PF_OK)
        goto cleanup;
    if (!x->sheet_part[0]) {
        code = pf_error_set(err, PF_ERROR_DATA, path, 0, NULL,
                            "is damaged: sheet '%s' has no part in the archive", x->sheet_name);
        goto cleanup;
    }
    bool found;
    if ((code = open_entry(x, x->sheet_part, &found, err)) != PF_OK)
        goto cleanup;
    if (!found) {
        code = pf_error_set(err, PF_ERROR_DATA, path, 0, NULL, "is damaged: sheet '%s' (%s) is missing",
                            x->sheet_name, x->sheet_part);
        goto cleanup;
    }
    x->sheet_open = true;
    x->reading = -1;
    x->fill = &x->queues[0];
    if ((code = start_parser(x, PART_SHEET, err)) != PF_OK || (code = start_thread(x, err)) != PF_OK)
        goto cleanup;
    *out = x;
    x = NULL;
cleanup:
    xlsx_free(x);
    return code;
}

const char *xlsx_sheet_name(const pf_xlsx *xlsx)
{
    return xlsx->sheet_name;
}

/* The end of the sheet's part (closed and its checksum checked by the inflating thread). */
static pf_error end_of_sheet(pf_xlsx *x, pf_error_context *err)
{
    (void)err;
    x->sheet_done = true;
    return PF_OK;
}

/* The inflating thread: fills the ring's blocks in order with the sheet's bytes, each as soon as the parser
 * has taken it, until the end of the part (its checksum checked) or an error, which ends in the last block.
 * It alone touches the archive while the sheet is read. */
static void *inflater_main(void *data)
{
    pf_xlsx *x = data;
    for (int k = 0;; k = (k + 1) % XLSX_BLOCKS) {
        pthread_mutex_lock(&x->lock);
        while (x->block_full[k] && !x->stop)
            pthread_cond_wait(&x->changed, &x->lock);
        bool stop = x->stop;
        pthread_mutex_unlock(&x->lock);
        if (stop)
            return NULL;
        int n = unzReadCurrentFile(x->zip, x->blocks[k], (unsigned)XLSX_SHEET_PIECE);
        pf_error code = PF_OK;
        if (n < 0)
            code = pf_error_set(&x->block_context[k], PF_ERROR_DATA, x->path, 0, NULL,
                                "is damaged or truncated: cannot inflate sheet '%s' (zip error %d)",
                                x->sheet_name, n);
        else if (n == 0) {
            x->sheet_open = false;
            if (unzCloseCurrentFile(x->zip) == UNZ_CRCERROR)
                code = pf_error_set(&x->block_context[k], PF_ERROR_DATA, x->path, 0, NULL,
                                    "is damaged: sheet '%s' fails its checksum", x->sheet_name);
        }
        pthread_mutex_lock(&x->lock);
        x->block_bytes[k] = n < 0 ? 0 : n;
        x->block_code[k] = code;
        x->block_full[k] = true;
        pthread_cond_broadcast(&x->changed);
        pthread_mutex_unlock(&x->lock);
        if (n <= 0)
            return NULL;
    }
}

/* The next piece of the sheet's bytes into dest (XLSX_SHEET_PIECE bytes of room): *n bytes, 0 at the end. */
static pf_error inflate_piece(pf_xlsx *x, char *dest, int *n, pf_error_context *err)
{
    int k = x->block_next;
    pthread_mutex_lock(&x->lock);
    while (!x->block_full[k] && !x->stop)
        pthread_cond_wait(&x->changed, &x->lock);
    bool stop = x->stop;
    pthread_mutex_unlock(&x->lock);
    if (stop) /* xlsx_free(): nobody reads what follows */
        return pf_error_set(err, PF_ERROR_INTERNAL, x->path, 0, NULL, "reading stopped");
    pf_error code = x->block_code[k];
    if (code != PF_OK) {
        *err = x->block_context[k];
        return code;
    }
    *n = x->block_bytes[k];
    memcpy(dest, x->blocks[k], (size_t)*n);
    pthread_mutex_lock(&x->lock);
    x->block_full[k] = false;
    pthread_cond_broadcast(&x->changed);
    pthread_mutex_unlock(&x->lock);
    x->block_next = (k + 1) % XLSX_BLOCKS;
    return PF_OK;
}

/* Parses the next piece of the sheet into the queue (copied from the ring into expat's own buffer, as
 * XML_Parse would). */
static pf_error read_piece(pf_xlsx *x, pf_error_context *err)
{
    void *buffer = XML_GetBuffer(x->xml, (int)XLSX_SHEET_PIECE);
    if (!buffer)
        return pf_error_set(err, PF_ERROR_MEMORY, x->path, 0, NULL, "out of memory");
    int n = 0;
    pf_error code = inflate_piece(x, buffer, &n, err);
    if (code != PF_OK)
        return code;
    if (XML_ParseBuffer(x->xml, n, n == 0) != XML_STATUS_OK)
        return parse_failure(x, x->sheet_part, err);
    x->part_bytes += (unsigned long long)n;
    if (n > 0 && token_too_long(x))
        return pf_error_set(err, PF_ERROR_DATA, x->path, 0, NULL,
                            "sheet '%s': holds an XML tag longer than 1 MB", x->sheet_name);
    return n == 0 ? end_of_sheet(x, err) : PF_OK;
}

/* The parsing thread: fills a queue with at least XLSX_BATCH_ROWS rows (or up to the end of the sheet, or an
 * error), publishes it, and goes on with the other one once the caller has given it back. */
#define XLSX_BATCH_ROWS 2048
static void *parser_main(void *data)
{
    pf_xlsx *x = data;
    for (int k = 0;; k = 1 - k) {
        row_queue *q = &x->queues[k];
        pthread_mutex_lock(&x->lock);
        while (q->filled && !x->stop)
            pthread_cond_wait(&x->changed, &x->lock);
        bool stop = x->stop;
        pthread_mutex_unlock(&x->lock);
        if (stop)
            return NULL;
        q->text.len = q->cell_count = q->count = 0;
        x->fill = q;
        pf_error code = PF_OK;
        while (code == PF_OK && !x->sheet_done && q->count < XLSX_BATCH_ROWS)
            code = read_piece(x, &q->context);
        q->code = code;
        q->last = code != PF_OK || x->sheet_done;
        pthread_mutex_lock(&x->lock);
        q->filled = true;
        pthread_cond_broadcast(&x->changed);
        pthread_mutex_unlock(&x->lock);
        if (q->last)
            return NULL;
    }
}

static pf_error start_thread(pf_xlsx *x, pf_error_context *err)
{
    for (int k = 0; k < XLSX_BLOCKS; k++)
        if (!(x->blocks[k] = malloc(XLSX_SHEET_PIECE)))
            return pf_error_set(err, PF_ERROR_MEMORY, x->path, 0, NULL, "out of memory");
    if (pthread_mutex_init(&x->lock, NULL) != 0)
        return pf_error_set(err, PF_ERROR_MEMORY, x->path, 0, NULL, "cannot start a thread");
    if (pthread_cond_init(&x->changed, NULL) != 0) {
        pthread_mutex_destroy(&x->lock);
        return pf_error_set(err, PF_ERROR_MEMORY, x->path, 0, NULL, "cannot start a thread");
    }
    x->sync_ready = true; /* xlsx_free() destroys them */
    if (pthread_create(&x->inflater, NULL, inflater_main, x) != 0)
        return pf_error_set(err, PF_ERROR_MEMORY, x->path, 0, NULL, "cannot start a thread");
    x->inflater_running = true;
    if (pthread_create(&x->thread, NULL, parser_main, x) != 0)
        return pf_error_set(err, PF_ERROR_MEMORY, x->path, 0, NULL, "cannot start a thread");
    x->thread_running = true;
    return PF_OK;
}

pf_error xlsx_next_row(pf_xlsx *x, pf_xlsx_row *row, bool *got, pf_error_context *err)
{
    *got = false;
    if (x->failure != PF_OK) {
        if (err)
            *err = x->failure_context;
        return x->failure;
    }
    row_queue *r = x->reading >= 0 ? &x->queues[x->reading] : NULL;
    while (!r || x->next == r->count) {
        if (r && r->last) {
            if (r->code != PF_OK) {
                x->failure = r->code;
                x->failure_context = r->context;
                if (err)
                    *err = x->failure_context;
            }
            return x->failure;
        }
        int k = x->reading >= 0 ? 1 - x->reading : 0;
        pthread_mutex_lock(&x->lock);
        if (r) { /* given back: the parser may fill it again */
            r->filled = false;
            pthread_cond_broadcast(&x->changed);
        }
        while (!x->queues[k].filled)
            pthread_cond_wait(&x->changed, &x->lock);
        pthread_mutex_unlock(&x->lock);
        x->reading = k;
        x->next = 0;
        r = &x->queues[k];
    }
    const queued_row *q = &r->rows[x->next++];
    const cell_slot *cells = r->cells + q->first_cell;
    size_t count = cells[q->cell_count - 1].column + 1;
    for (size_t i = 0; i < q->cell_count; i++) /* cells out of order: the widest wins */
        if (cells[i].column + 1 > count)
            count = cells[i].column + 1;
    if (count > x->field_cap) {
        size_t cap = x->field_cap ? x->field_cap : 64;
        while (cap < count)
            cap *= 2;
        char **fields = realloc(x->fields, cap * sizeof *fields);
        if (fields)
            x->fields = fields;
        size_t *lengths = fields ? realloc(x->lengths, cap * sizeof *lengths) : NULL;
        if (!lengths)
            return pf_error_set(err, PF_ERROR_MEMORY, x->path, q->number, NULL, "out of memory");
        x->lengths = lengths;
        x->field_cap = cap;
    }
    for (size_t i = 0; i < count; i++) {
        x->fields[i] = empty_field;
        x->lengths[i] = 0;
    }
    row->error_field = -1;
    for (size_t i = 0; i < q->cell_count; i++) {
        x->fields[cells[i].column] = r->text.data + cells[i].offset;
        x->lengths[cells[i].column] = cells[i].length;
        if (cells[i].error && (row->error_field < 0 || (size_t)row->error_field > cells[i].column))
            row->error_field = (int)cells[i].column;
    }
    row->number = q->number;
    row->count = count;
    row->fields = x->fields;
    row->lengths = x->lengths;
    *got = true;
    return PF_OK;
}

void xlsx_free(pf_xlsx *x)
{
    if (!x)
        return;
    if (x->sync_ready) {
        pthread_mutex_lock(&x->lock);
        x->stop = true;
        pthread_cond_broadcast(&x->changed);
        pthread_mutex_unlock(&x->lock);
        if (x->thread_running)
            pthread_join(x->thread, NULL);
        if (x->inflater_running)
            pthread_join(x->inflater, NULL);
        pthread_cond_destroy(&x->changed);
        pthread_mutex_destroy(&x->lock);
    }
    for (int k = 0; k < XLSX_BLOCKS; k++)
        free(x->blocks[k]);
    if (x->zip) {
        if (x->sheet_open)
            unzCloseCurrentFile(x->zip);
        unzClose(x->zip);
    }
    if (x->xml)
        XML_ParserFree(x->xml);
    for (size_t i = 0; i < x->sheet_count; i++) {
        free(x->sheets[i].name);
        free(x->sheets[i].relation);
    }
    free(x->sheets);
    free(x->xf_shape);
    free(x->formats);
    free(x->strings.data);
    free(x->string_offsets);
    free(x->text.data);
    free(x->row_text.data);
    free(x->row_cells);
    for (int k = 0; k < 2; k++) {
        free(x->queues[k].text.data);
        free(x->queues[k].cells);
        free(x->queues[k].rows);
    }
    free(x->piece);
    free(x->fields);
    free(x->lengths);
    free(x);
}
