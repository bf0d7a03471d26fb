/* xlsx_input.c — one worksheet of an .xlsx workbook, streamed row by row (see xlsx_input.h).
 *
 * An .xlsx file is a ZIP archive of XML parts. minizip finds and inflates a part; expat parses every part,
 * the sheet included, as a stream of start/end/text events, piece by piece, so nothing is ever held as a
 * tree. At open, the small parts are read whole: xl/workbook.xml (sheet names, their relationship ids, the
 * date system), xl/_rels/workbook.xml.rels (which part holds which sheet), xl/styles.xml (how each cell
 * format shows numbers: dates, zero-padded identifiers) and xl/sharedStrings.xml (the strings table: the
 * only part whose size stays in memory). A million-row sheet is some 600 MB of XML, and expat takes most of
 * the time, so the sheet is read on every core (see "the sheet: cut into chunks" below): a thread inflates
 * it and cuts it into chunks at row boundaries, workers parse chunks side by side, each with an expat parser
 * of its own, and the caller reads their rows in the sheet's order, the main parser reading in order every
 * chunk that needs the document's context, so rows and errors are those of one parser alone. Expat is used
 * for speed: no namespace processing, no default handler (it would turn off expat's fast paths), character
 * data asked for only inside <v> and <t>.
 *
 * Every XML part goes through the same guard: a document type declaration is refused at its start (no
 * Excel part has one), so no entity is ever declared, let alone expanded; expat reports a reference to an
 * undeclared entity as malformed XML. Memory stays bounded: a text over Excel's cell limit is refused where
 * the handlers collect it, a token that expat would hold back over XLSX_MAX_TAG is refused, and the sheet is
 * held a ring of chunks at a time (2 per worker, and 2), of about 4 MB each.
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
#define XLSX_MAX_CHARS 32767                 /* Excel's limit for the text of one cell */
#define XLSX_MAX_BYTES (4 * XLSX_MAX_CHARS)  /* ... in UTF-8 bytes, at most */
#define XLSX_MAX_COLUMNS 16384               /* columns A..XFD */
#define XLSX_MAX_SHEETS 1024
#define XLSX_CHUNK ((size_t)4 << 20) /* sheet bytes per chunk, about */
#define XLSX_CHUNK_SPAN 16           /* chunks' worth of bytes without a row start: the rest in order */
#define XLSX_MAX_WORKERS 8           /* threads parsing chunks */
/* The bytes expat may hold back between pieces: a token cut by a piece's end waits for the rest of it, and
 * expat sets no bound on a token (a tag of a gigabyte would be buffered whole). Excel's tags are short. */
#define XLSX_MAX_TAG ((size_t)1 << 20)

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

/* The rows of a chunk, handed to the caller at once. */
typedef struct row_queue {
    byte_buffer text; /* the rows' cell texts */
    cell_slot *cells;
    size_t cell_count, cell_cap;
    queued_row *rows;
    size_t count, cap;
    bool last;                /* nothing follows: the end of the sheet, or code */
    pf_error code;            /* when last: PF_OK or the error that stopped the parsing */
    pf_error_context context; /* ... and its message */
} row_queue;

/* How a cell format shows a number, as far as its value's text depends on it: SHAPE_PLAIN as written,
 * SHAPE_DATE as a date, and 2..SHAPE_MAX_ZEROS as an integer padded with zeros to that many digits. */
enum { SHAPE_PLAIN = 0, SHAPE_MAX_ZEROS = 30, SHAPE_DATE = 255 };

typedef struct custom_format {
    long id; /* numFmtId */
    uint8_t shape;
} custom_format;

/* Which part is being parsed, for the event handlers. */
typedef enum xml_part { PART_WORKBOOK, PART_RELATIONS, PART_STYLES, PART_STRINGS, PART_SHEET } xml_part;

/* One expat parser and its handlers' state. The book's main parser reads the small parts and the sheet's
 * chunks that must follow the document's order; each worker has one of its own for the chunks it parses. */
typedef struct parse_state {
    struct pf_xlsx *book; /* the shared-strings table and the styles (read-only while the sheet is read) */
    XML_Parser xml;
    xml_part part;
    char problem[512];             /* set by a handler that stopped the parser */
    int text_depth;                /* > 0 inside an element whose text is wanted (<t>, <v>) */
    int phonetic;                  /* > 0 inside <rPh> (phonetic runs: not part of the text) */
    byte_buffer text;              /* the text being collected */
    unsigned long long part_bytes; /* the part's bytes given to expat */

    /* the sheet */
    bool in_row, in_cell, in_inline;
    long row_number, next_row; /* next_row 0: not known (a worker's, before its first numbered row) */
    size_t cell_column, next_column;
    char cell_type; /* 'n' number, 's' shared, 'S' formula string, 'i' inline, 'b' boolean, 'e' error, 'd' */
    long cell_style;
    byte_buffer row_text; /* the row in progress */
    cell_slot *row_cells;
    size_t row_cell_count, row_cell_cap;
    row_queue *fill; /* where finished rows go */
    int depth;       /* elements open */
    int row_depth;   /* the depth of the sheet's <row> elements, 0 until the first */
    bool worker;     /* a worker's: its chunk is parsed as the content of an element of its own */
} parse_state;

/* How far a chunk has come (see the splitting thread). */
typedef enum chunk_state {
    CHUNK_EMPTY,   /* free for the splitter */
    CHUNK_READY,   /* inflated, waiting for a parser */
    CHUNK_PARSING, /* a worker or the caller is parsing it */
    CHUNK_PARSED,  /* a worker parsed it: its rows are ready */
    CHUNK_FAILED,  /* a worker could not: the main parser reads it again, in order */
} chunk_state;

/* A run of the sheet's XML, cut just before a <row> (except the last), and its rows once parsed. */
typedef struct sheet_chunk {
    byte_buffer xml;
    bool serial;   /* only the main parser may read it (the first, the last, and all after markup
                      that could hide a <row>: comments, CDATA, processing instructions) */
    bool last;     /* nothing follows it: the end of the part, or code */
    pf_error code; /* PF_OK, or why inflating stopped after it */
    pf_error_context context;
    unsigned long newlines;
    chunk_state state; /* under lock */
    row_queue rows;
    long next_row; /* the worker's next_row after it (0: it numbered no row) */
} sheet_chunk;

/* A thread parsing chunks with a parser of its own. */
typedef struct worker {
    struct pf_xlsx *book;
    parse_state state;
    pthread_t thread;
    bool running;
} worker;

typedef struct sheet_entry {
    char *name;
    char *relation; /* r:id */
} sheet_entry;

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

    /* the main parser: every small part, then the sheet's chunks that need the document's order */
    parse_state main;
    unsigned char *piece;
    bool sheet_open;
    unsigned long line_offset; /* newlines of the chunks the main parser skipped (its error lines) */

    /* the sheet's chunks: a ring filled in order by the splitting thread, parsed by the workers (or the
     * caller), read in order by the caller */
    sheet_chunk *ring;
    size_t ring_size;
    size_t produced;    /* chunks handed to the ring so far (under lock) */
    size_t taken;       /* the caller's current chunk (its sequence number) */
    bool split_done;    /* the last chunk is in the ring (under lock) */
    size_t chunk_bytes; /* XLSX_CHUNK, or the test knob PF_XLSX_CHUNK */
    int worker_count;   /* threads parsing chunks (0: the caller parses every one) */
    worker *workers;
    bool splitter_running;
    pthread_t splitter;
    pthread_mutex_t lock;
    pthread_cond_t changed; /* a chunk was handed over, parsed or given back, or stop was set */
    bool stop;              /* xlsx_free(): the threads must end (under lock) */
    bool sync_ready;        /* lock and changed initialised */
    sheet_chunk *reading;   /* the caller's chunk, NULL before the first */
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
static void stop(parse_state *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void stop(parse_state *x, const char *fmt, ...)
{
    if (!x->problem[0]) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(x->problem, sizeof x->problem, fmt, ap);
        va_end(ap);
    }
    XML_StopParser(x->xml, XML_FALSE);
}

static void out_of_memory(parse_state *x)
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
static void finish_cell(parse_state *x)
{
    char *text = x->text.data ? x->text.data : empty_field;
    size_t n = x->text.len;
    char scratch[64];
    const char *value = text;
    bool error = false;
    switch (x->cell_type) {
    case 's': {
        long index = small_number(text);
        if (index < 0 || (size_t)index >= x->book->string_count) {
            char cell[16];
            xlsx_cell_name(x->cell_column, x->row_number, cell);
            stop(x, "cell %s refers to shared string '%s', which does not exist", cell, text);
            return;
        }
        /* the strings lie end to end, each with its NUL */
        size_t offset = x->book->string_offsets[index];
        size_t next = (size_t)index + 1 < x->book->string_count ? x->book->string_offsets[index + 1]
                                                                : x->book->strings.len;
        value = x->book->strings.data + offset;
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
        uint8_t shape = style_shape(x->book, x->cell_style);
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
        if (date && serial_to_date(x->book, number, scratch)) {
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
static void finish_row(parse_state *x)
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
    pf_xlsx *x = ((parse_state *)data)->book; /* the small parts fill the book */
    const char *name = local_name(qname);
    switch (x->main.part) {
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
                out_of_memory(&x->main);
                return;
            }
            x->sheets = grown;
            sheet_entry *e = &x->sheets[x->sheet_count];
            e->name = strdup(sheet);
            e->relation = strdup(relation);
            x->sheet_count++;
            if (!e->name || !e->relation)
                out_of_memory(&x->main);
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
                    out_of_memory(&x->main);
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
                out_of_memory(&x->main);
                return;
            }
            x->xf_shape[x->xf_count++] = shape;
        }
        return;
    case PART_STRINGS:
        if (strcmp(name, "si") == 0) {
            x->in_si = true;
            x->main.text.len = 0;
        } else if (strcmp(name, "rPh") == 0) {
            x->main.phonetic++;
        } else if (x->in_si && !x->main.phonetic && strcmp(name, "t") == 0) {
            x->main.text_depth++;
        }
        return;
    case PART_SHEET: return; /* on_sheet_start */
    }
}

static void XMLCALL on_end(void *data, const char *qname)
{
    pf_xlsx *x = ((parse_state *)data)->book; /* the small parts fill the book */
    const char *name = local_name(qname);
    if (x->main.part == PART_STYLES && strcmp(name, "cellXfs") == 0) {
        x->in_cell_xfs = false;
    } else if (x->main.part == PART_STRINGS) {
        if (strcmp(name, "rPh") == 0 && x->main.phonetic > 0) {
            x->main.phonetic--;
        } else if (strcmp(name, "t") == 0 && x->main.text_depth > 0) {
            x->main.text_depth--;
        } else if (strcmp(name, "si") == 0 && x->in_si) {
            x->in_si = false;
            size_t n = decode_escapes(x->main.text.data ? x->main.text.data : empty_field, x->main.text.len);
            if (!grow((void **)&x->string_offsets, &x->string_cap, x->string_count,
                      sizeof *x->string_offsets)) {
                out_of_memory(&x->main);
                return;
            }
            x->string_offsets[x->string_count++] = x->strings.len;
            if (!buffer_append(&x->strings, x->main.text.data ? x->main.text.data : "", n) ||
                !buffer_append(&x->strings, "", 1))
                out_of_memory(&x->main);
        }
    }
}

/* Adds len bytes of a cell's text, refused beyond Excel's limit of a cell's length. */
static void append_text(parse_state *x, const char *s, int len)
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
    pf_xlsx *x = ((parse_state *)data)->book; /* the small parts fill the book */
    if (x->main.text_depth > 0 && x->main.phonetic <= 0)
        append_text(&x->main, s, len);
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
static void text_opens(parse_state *x)
{
    if (x->text_depth++ == 0)
        XML_SetCharacterDataHandler(x->xml, on_sheet_text);
}

static void text_closes(parse_state *x)
{
    if (--x->text_depth == 0)
        XML_SetCharacterDataHandler(x->xml, NULL);
}

static void start_row(parse_state *x, const char **attributes)
{
    if (x->row_depth == 0)
        x->row_depth = x->depth;
    long number = -1;
    for (size_t i = 0; attributes[i]; i += 2)
        if (attributes[i][0] == 'r' && !attributes[i][1])
            number = small_number(attributes[i + 1]);
    /* a worker's rows must be where the sheet's are, and numbered when nothing before says their number:
     * otherwise the main parser reads the chunk again, in order (the message is never shown) */
    if (x->worker && (x->depth != x->row_depth || (number < 1 && x->next_row == 0))) {
        stop(x, "a row the main parser must read");
        return;
    }
    x->row_number = number >= 1 ? number : x->next_row;
    x->next_row = x->row_number + 1;
    x->next_column = 0;
    x->in_row = true;
    x->row_text.len = 0;
    x->row_cell_count = 0;
}

static void start_cell(parse_state *x, const char **attributes)
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
    parse_state *x = data;
    x->depth++;
    /* a worker parses its chunk whole: the main parser's bound on a tag (token_too_long()) is checked here */
    if (x->worker && XML_GetCurrentByteCount(x->xml) > (int)XLSX_MAX_TAG) {
        stop(x, "a tag the main parser must read");
        return;
    }
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
    parse_state *x = data;
    x->depth--;
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

/* Sets the handlers of a parser for part, with the guard against DTDs, and clears its state. */
static void ready_parser(parse_state *x, xml_part part)
{
    XML_SetUserData(x->xml, x);
    if (part == PART_SHEET) {
        XML_SetElementHandler(x->xml, on_sheet_start, on_sheet_end);
        XML_SetCharacterDataHandler(x->xml, NULL);
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
    x->depth = 0;
}

/* A new main parser for part. */
static pf_error start_parser(pf_xlsx *x, xml_part part, pf_error_context *err)
{
    parse_state *m = &x->main;
    if (m->xml)
        XML_ParserFree(m->xml);
    /* no encoding imposed: a part's byte order mark or declaration says what it is (UTF-8 without them); no
     * namespace processing (names keep their prefix, local_name() drops it) */
    m->xml = XML_ParserCreate(NULL);
    if (!m->xml)
        return pf_error_set(err, PF_ERROR_MEMORY, x->path, 0, NULL, "out of memory");
    ready_parser(m, part);
    return PF_OK;
}

/* The error of a failed XML_Parse() of the main parser on part entry. */
static pf_error parse_failure(pf_xlsx *x, const char *entry, pf_error_context *err)
{
    const parse_state *m = &x->main;
    if (strcmp(m->problem, "out of memory") == 0)
        return pf_error_set(err, PF_ERROR_MEMORY, x->path, 0, NULL, "out of memory");
    if (m->problem[0] && m->part == PART_SHEET)
        return pf_error_set(err, PF_ERROR_DATA, x->path, 0, NULL, "sheet '%s': %s", x->sheet_name, m->problem);
    if (m->problem[0])
        return pf_error_set(err, PF_ERROR_DATA, x->path, 0, NULL, "%s %s", entry, m->problem);
    unsigned long line = (unsigned long)XML_GetCurrentLineNumber(m->xml);
    if (m->part == PART_SHEET)
        line += x->line_offset; /* the lines of the chunks the workers parsed */
    return pf_error_set(err, PF_ERROR_DATA, x->path, 0, NULL,
                        "is damaged: %s, line %lu: %s (the XML is not well-formed)", entry, line,
                        XML_ErrorString(XML_GetErrorCode(m->xml)));
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

/* True when expat holds back more than XLSX_MAX_TAG bytes of the part after a parse (its current byte is
 * then the first it has not consumed). */
static bool token_too_long(const parse_state *x)
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
        if (XML_Parse(x->main.xml, (const char *)x->piece, n, n == 0) != XML_STATUS_OK) {
            unzCloseCurrentFile(x->zip);
            return parse_failure(x, entry, err);
        }
        x->main.part_bytes += (unsigned long long)n;
        if (n > 0 && token_too_long(&x->main)) {
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

static pf_error start_threads(pf_xlsx *x, int threads, pf_error_context *err);

pf_error xlsx_open(const char *path, const char *sheet, int threads, pf_xlsx **out, pf_error_context *err)
{
    *out = NULL;
    pf_xlsx *x = calloc(1, sizeof *x);
    if (!x)
        return pf_error_set(err, PF_ERROR_MEMORY, path, 0, NULL, "out of memory");
    x->path = path;
    x->main.book = x;
    x->main.next_row = 1;
    x->chunk_bytes = XLSX_CHUNK;
    const char *knob = getenv("PF_XLSX_CHUNK"); /* tests: smaller chunks, so that a small sheet is split */
    if (knob && atol(knob) >= 64 && (size_t)atol(knob) < XLSX_CHUNK)
        x->chunk_bytes = (size_t)atol(knob);
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
    if ((code = start_parser(x, PART_SHEET, err)) != PF_OK || (code = start_threads(x, threads, err)) != PF_OK)
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

/* ---- the sheet: cut into chunks, parsed side by side, read in order ----
 * The splitting thread inflates the sheet and cuts it into chunks of about chunk_bytes, each just before a
 * <row> start tag, found from the chunk's end backwards (in well-formed XML, '<' always starts markup outside
 * comments, CDATA sections and processing instructions). Workers parse chunks, each with a parser of its own,
 * as the content of an element of their own: "<w>", the chunk, "</w>", which also checks that the chunk is a
 * balanced run of elements. The caller reads the chunks in order. The main parser reads the first chunk (the
 * document's start), the last (its end) and, in order, every chunk no worker could take: the document it sees
 * is the whole sheet less runs of whole rows, which leave a parser's state as they found it. A worker's chunk
 * is taken as parsed only when the main parser stands between rows, at the depth of the sheet's rows, holding
 * nothing back, and when the worker met nothing that depends on what came before (a row without its number
 * right at the start, a row elsewhere than where the sheet's rows are, a tag over XLSX_MAX_TAG). Otherwise the
 * main parser reads that chunk too, so every error is found and told exactly as one parser alone would. A
 * sheet declared in another encoding than UTF-8, or holding a comment, a CDATA section or a processing
 * instruction (no Excel sheet does), or with no row start within XLSX_CHUNK_SPAN chunks' worth of bytes, is
 * read by the main parser alone from there on. */

/* Where the last <row> start tag of b[0..n) begins ("<row" or "<prefix:row", then a blank, '>' or '/'), or
 * 0 when none begins after the first byte. */
static size_t last_row_start(const char *b, size_t n)
{
    size_t end = n;
    while (end > 1) {
        size_t lt = end - 1;
        while (lt > 0 && b[lt] != '<')
            lt--;
        if (lt == 0)
            return 0;
        size_t e = lt + 1;
        while (e < n && b[e] != ' ' && b[e] != '\t' && b[e] != '\r' && b[e] != '\n' && b[e] != '>' &&
               b[e] != '/')
            e++;
        size_t len = e - (lt + 1);
        if (e < n &&
            ((len == 3 && memcmp(b + lt + 1, "row", 3) == 0) || (len > 4 && memcmp(b + e - 4, ":row", 4) == 0)))
            return lt;
        end = lt;
    }
    return 0;
}

/* The length of the XML declaration at the start of a UTF-8 part (after a byte order mark), 0 without one;
 * -1 when the part is in another encoding, or its declaration does not end within b[0..n). */
static long utf8_declaration(const char *b, size_t n)
{
    size_t at = n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (n - at >= 2 && (b[at] == '\0' || b[at + 1] == '\0' || (unsigned char)b[at] >= 0xFE))
        return -1; /* UTF-16 or UTF-32 */
    if (n - at < 5 || memcmp(b + at, "<?xml", 5) != 0)
        return 0;
    size_t end = at + 5;
    while (end + 1 < n && !(b[end] == '?' && b[end + 1] == '>'))
        end++;
    if (end + 1 >= n)
        return -1;
    for (size_t i = at + 5; i + 8 <= end; i++)
        if (memcmp(b + i, "encoding", 8) == 0) {
            size_t v = i + 8;
            while (v < end && (b[v] == ' ' || b[v] == '=' || b[v] == '\t'))
                v++;
            if (v < end && (b[v] == '"' || b[v] == '\'') && end - v > 6 &&
                strncasecmp(b + v + 1, "UTF-8", 5) == 0 && b[v + 6] == b[v])
                break;
            return -1;
        }
    return (long)(end + 2);
}

/* True when b[from..n) holds "<!" or "<?" (a comment, a CDATA section, a DTD, a processing instruction),
 * the part's XML declaration (its first skip bytes) aside. */
static bool holds_ordered_markup(const char *b, size_t from, size_t n, size_t skip)
{
    static const char marks[2] = {'!', '?'};
    for (int k = 0; k < 2; k++)
        for (size_t i = from; i < n;) {
            const char *q = memchr(b + i, marks[k], n - i);
            if (!q)
                break;
            size_t at = (size_t)(q - b);
            if (at >= 1 && at - 1 >= skip && b[at - 1] == '<')
                return true;
            i = at + 1;
        }
    return false;
}

static void clear_queue(row_queue *q)
{
    q->text.len = q->cell_count = q->count = 0;
    q->last = false;
    q->code = PF_OK;
}

/* Hands pending[0..cut) to the ring as the next chunk, once its slot is free, and keeps the rest in pending.
 * False when the reading was stopped (xlsx_free()). */
static bool hand_over(pf_xlsx *x, byte_buffer *pending, size_t cut, bool serial, bool last, pf_error code,
                      const pf_error_context *context)
{
    sheet_chunk *c = &x->ring[x->produced % x->ring_size]; /* produced: written by this thread only */
    pthread_mutex_lock(&x->lock);
    while (c->state != CHUNK_EMPTY && !x->stop)
        pthread_cond_wait(&x->changed, &x->lock);
    bool stop = x->stop;
    pthread_mutex_unlock(&x->lock);
    if (stop)
        return false;
    byte_buffer rest = c->xml; /* the slot's old buffer takes the rest */
    rest.len = 0;
    if (cut < pending->len && !buffer_append(&rest, pending->data + cut, pending->len - cut)) {
        cut = pending->len;
        last = true;
        code = pf_error_set(&c->context, PF_ERROR_MEMORY, x->path, 0, NULL, "out of memory");
        context = NULL;
    }
    c->xml = *pending;
    c->xml.len = cut;
    *pending = rest;
    c->serial = serial;
    c->last = last;
    c->code = code;
    if (context)
        c->context = *context;
    c->newlines = 0; /* as expat counts lines: LF, CR LF, and a CR alone */
    for (const char *p = c->xml.data, *end = p + cut; p && (p = memchr(p, '\n', (size_t)(end - p))); p++)
        c->newlines++;
    for (const char *p = c->xml.data, *end = p + cut; p && (p = memchr(p, '\r', (size_t)(end - p))); p++)
        if (p + 1 == end || p[1] != '\n')
            c->newlines++;
    c->next_row = 0;
    pthread_mutex_lock(&x->lock);
    c->state = CHUNK_READY;
    x->produced++;
    if (last)
        x->split_done = true;
    pthread_cond_broadcast(&x->changed);
    pthread_mutex_unlock(&x->lock);
    return true;
}

/* The splitting thread: inflates the sheet and hands it over in chunks, in order, the last one holding the
 * end of the part (its checksum checked) or the error that stopped inflating. It alone touches the archive
 * while the sheet is read. */
static void *splitter_main(void *data)
{
    pf_xlsx *x = data;
    byte_buffer pending = {0};
    size_t piece = x->chunk_bytes < XLSX_SHEET_PIECE ? x->chunk_bytes : XLSX_SHEET_PIECE;
    bool serial = x->worker_count == 0, first = true;
    size_t skip = 0, scanned = 0;
    for (;;) {
        pf_error_context context;
        pf_error code = PF_OK;
        int n = 0;
        if (!buffer_reserve(&pending, piece))
            code = pf_error_set(&context, PF_ERROR_MEMORY, x->path, 0, NULL, "out of memory");
        else if ((n = unzReadCurrentFile(x->zip, pending.data + pending.len, (unsigned)piece)) < 0)
            code = pf_error_set(&context, PF_ERROR_DATA, x->path, 0, NULL,
                                "is damaged or truncated: cannot inflate sheet '%s' (zip error %d)",
                                x->sheet_name, n);
        else if (n == 0) {
            x->sheet_open = false;
            if (unzCloseCurrentFile(x->zip) == UNZ_CRCERROR)
                code = pf_error_set(&context, PF_ERROR_DATA, x->path, 0, NULL,
                                    "is damaged: sheet '%s' fails its checksum", x->sheet_name);
        }
        if (n > 0)
            pending.len += (size_t)n;
        if (code != PF_OK || n == 0) {
            hand_over(x, &pending, pending.len, true, true, code, &context);
            break;
        }
        if (pending.len < x->chunk_bytes)
            continue;
        if (!serial && first) {
            long declaration = utf8_declaration(pending.data, pending.len);
            serial = declaration < 0;
            skip = declaration > 0 ? (size_t)declaration : 0;
        }
        if (!serial)
            serial = holds_ordered_markup(pending.data, scanned, pending.len, skip);
        size_t cut = serial ? pending.len : last_row_start(pending.data, pending.len);
        if (cut == 0) {
            scanned = pending.len;
            if (pending.len < XLSX_CHUNK_SPAN * x->chunk_bytes)
                continue;
            serial = true;
            cut = pending.len;
        }
        if (!hand_over(x, &pending, cut, serial || first, false, PF_OK, NULL))
            break;
        first = false;
        skip = 0;
        scanned = pending.len; /* the rest was scanned with the chunk */
    }
    free(pending.data);
    return NULL;
}

/* A worker parses chunk c with its parser p; false when the main parser must read it (see above). */
static bool worker_parse(parse_state *p, sheet_chunk *c)
{
    if (!XML_ParserReset(p->xml, "UTF-8"))
        return false;
    ready_parser(p, PART_SHEET);
    p->worker = true;
    p->row_depth = 2; /* inside <w> */
    p->next_row = 0;
    p->in_row = p->in_cell = p->in_inline = false;
    clear_queue(&c->rows);
    p->fill = &c->rows;
    bool ok = XML_Parse(p->xml, "<w>", 3, XML_FALSE) == XML_STATUS_OK &&
              XML_Parse(p->xml, c->xml.data ? c->xml.data : "", (int)c->xml.len, XML_FALSE) == XML_STATUS_OK &&
              XML_Parse(p->xml, "</w>", 4, XML_TRUE) == XML_STATUS_OK && !p->problem[0];
    c->next_row = p->next_row;
    return ok;
}

/* A worker's thread: parses the first ready chunk (in the sheet's order) that it may, until the splitting
 * is over and no such chunk is left, or the reading stops. */
static void *worker_main(void *data)
{
    worker *w = data;
    pf_xlsx *x = w->book;
    for (;;) {
        sheet_chunk *c = NULL;
        pthread_mutex_lock(&x->lock);
        for (;;) {
            for (size_t seq = x->taken; seq < x->produced && !c && !x->stop; seq++) {
                sheet_chunk *k = &x->ring[seq % x->ring_size];
                if (k->state == CHUNK_READY && !k->serial)
                    c = k;
            }
            if (c || x->stop || x->split_done)
                break;
            pthread_cond_wait(&x->changed, &x->lock);
        }
        if (!c) {
            pthread_mutex_unlock(&x->lock);
            return NULL;
        }
        c->state = CHUNK_PARSING;
        pthread_mutex_unlock(&x->lock);
        bool ok = worker_parse(&w->state, c);
        pthread_mutex_lock(&x->lock);
        c->state = ok ? CHUNK_PARSED : CHUNK_FAILED;
        pthread_cond_broadcast(&x->changed);
        pthread_mutex_unlock(&x->lock);
    }
}

/* True when the main parser stands between two of the sheet's rows, holding nothing back: a chunk of whole
 * rows parsed apart may then stand in for its reading them. */
static bool main_between_rows(const parse_state *m)
{
    return m->row_depth > 0 && m->depth == m->row_depth - 1 && !m->in_row && !m->in_cell && !m->in_inline &&
           m->text_depth == 0 && m->phonetic == 0 && !m->problem[0] &&
           XML_GetCurrentByteIndex(m->xml) == (XML_Index)m->part_bytes;
}

/* The main parser reads chunk c, in order, in pieces (its bound on a tag checked after each); its rows
 * replace any a worker made. */
static void main_parse(pf_xlsx *x, sheet_chunk *c)
{
    parse_state *m = &x->main;
    row_queue *q = &c->rows;
    clear_queue(q);
    m->fill = q;
    bool final = c->last && c->code == PF_OK;
    pf_error code = PF_OK;
    size_t off = 0;
    do {
        size_t n = c->xml.len - off < XLSX_SHEET_PIECE ? c->xml.len - off : XLSX_SHEET_PIECE;
        const char *bytes = c->xml.data ? c->xml.data + off : "";
        if (XML_Parse(m->xml, bytes, (int)n, final && off + n == c->xml.len) != XML_STATUS_OK) {
            code = parse_failure(x, x->sheet_part, &q->context);
            break;
        }
        m->part_bytes += n;
        if (n > 0 && token_too_long(m)) {
            code = pf_error_set(&q->context, PF_ERROR_DATA, x->path, 0, NULL,
                                "sheet '%s': holds an XML tag longer than 1 MB", x->sheet_name);
            break;
        }
        off += n;
    } while (off < c->xml.len);
    if (code == PF_OK && c->code != PF_OK) {
        code = c->code;
        q->context = c->context;
    }
    q->code = code;
    q->last = c->last || code != PF_OK;
}

/* The caller's next chunk, in order, its rows ready: parsed by a worker, or by the main parser now. */
static sheet_chunk *take_chunk(pf_xlsx *x)
{
    sheet_chunk *c = &x->ring[x->taken % x->ring_size];
    pthread_mutex_lock(&x->lock);
    while (c->state == CHUNK_EMPTY || c->state == CHUNK_PARSING)
        pthread_cond_wait(&x->changed, &x->lock);
    chunk_state state = c->state;
    if (state == CHUNK_READY)
        c->state = CHUNK_PARSING; /* no worker has it: the caller reads it itself */
    pthread_mutex_unlock(&x->lock);
    if (state == CHUNK_PARSED && main_between_rows(&x->main)) {
        x->line_offset += c->newlines;
        if (c->next_row > 0)
            x->main.next_row = c->next_row;
        c->rows.last = false; /* the last chunk is the main parser's */
    } else {
        main_parse(x, c);
    }
    return c;
}

/* Gives chunk c (the caller's, read) back to the splitter. */
static void give_back(pf_xlsx *x, sheet_chunk *c)
{
    pthread_mutex_lock(&x->lock);
    c->state = CHUNK_EMPTY;
    x->taken++;
    pthread_cond_broadcast(&x->changed);
    pthread_mutex_unlock(&x->lock);
}

/* Starts the splitting thread and up to threads workers (none for one thread: the caller parses). A worker
 * that cannot start is done without: the caller parses what no worker takes. */
static pf_error start_threads(pf_xlsx *x, int threads, pf_error_context *err)
{
    x->worker_count = threads < 2 ? 0 : threads > XLSX_MAX_WORKERS ? XLSX_MAX_WORKERS : threads;
    x->ring_size = 2 * (size_t)x->worker_count + 2;
    x->ring = calloc(x->ring_size, sizeof *x->ring);
    x->workers = calloc(x->worker_count ? (size_t)x->worker_count : 1, sizeof *x->workers);
    if (!x->ring || !x->workers)
        return pf_error_set(err, PF_ERROR_MEMORY, x->path, 0, NULL, "out of memory");
    for (int i = 0; i < x->worker_count; i++) {
        worker *w = &x->workers[i];
        w->book = x;
        w->state.book = x;
        if (!(w->state.xml = XML_ParserCreate("UTF-8")))
            return pf_error_set(err, PF_ERROR_MEMORY, x->path, 0, NULL, "out of memory");
    }
    if (pthread_mutex_init(&x->lock, NULL) != 0)
        return pf_error_set(err, PF_ERROR_MEMORY, x->path, 0, NULL, "cannot start a thread");
    if (pthread_cond_init(&x->changed, NULL) != 0) {
        pthread_mutex_destroy(&x->lock);
        return pf_error_set(err, PF_ERROR_MEMORY, x->path, 0, NULL, "cannot start a thread");
    }
    x->sync_ready = true; /* xlsx_free() destroys them */
    if (pthread_create(&x->splitter, NULL, splitter_main, x) != 0)
        return pf_error_set(err, PF_ERROR_MEMORY, x->path, 0, NULL, "cannot start a thread");
    x->splitter_running = true;
    for (int i = 0; i < x->worker_count; i++)
        x->workers[i].running = pthread_create(&x->workers[i].thread, NULL, worker_main, &x->workers[i]) == 0;
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
    row_queue *r = x->reading ? &x->reading->rows : NULL;
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
        if (x->reading)
            give_back(x, x->reading);
        x->reading = take_chunk(x);
        x->next = 0;
        r = &x->reading->rows;
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

static void free_parse_state(parse_state *p)
{
    if (p->xml)
        XML_ParserFree(p->xml);
    free(p->text.data);
    free(p->row_text.data);
    free(p->row_cells);
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
        if (x->splitter_running)
            pthread_join(x->splitter, NULL);
        for (int i = 0; i < x->worker_count; i++)
            if (x->workers[i].running)
                pthread_join(x->workers[i].thread, NULL);
        pthread_cond_destroy(&x->changed);
        pthread_mutex_destroy(&x->lock);
    }
    for (size_t k = 0; x->ring && k < x->ring_size; k++) {
        free(x->ring[k].xml.data);
        free(x->ring[k].rows.text.data);
        free(x->ring[k].rows.cells);
        free(x->ring[k].rows.rows);
    }
    free(x->ring);
    for (int i = 0; x->workers && i < x->worker_count; i++)
        free_parse_state(&x->workers[i].state);
    free(x->workers);
    if (x->zip) {
        if (x->sheet_open)
            unzCloseCurrentFile(x->zip);
        unzClose(x->zip);
    }
    free_parse_state(&x->main);
    for (size_t i = 0; i < x->sheet_count; i++) {
        free(x->sheets[i].name);
        free(x->sheets[i].relation);
    }
    free(x->sheets);
    free(x->xf_shape);
    free(x->formats);
    free(x->strings.data);
    free(x->string_offsets);
    free(x->piece);
    free(x->fields);
    free(x->lengths);
    free(x);
}
