/* test_xlsx_input.c — the .xlsx sheet reader (xlsx_input.h) and the reader's workbook path (reader.h), on
 * workbooks written here part by part with minizip, so that every shape a writer may produce (and every
 * broken one) is under the test's control. */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "partnerfunnel/reader.h"
#include "partnerfunnel/xlsx_input.h"

#define PATH "/tmp/pf-test-xlsx.xlsx"

/* The threads each test parses with (see test_threads_read_as_one). */
static int threads = 1;

static const char workbook_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<workbookPr%s/><sheets><sheet name=\"Notes\" sheetId=\"1\" r:id=\"rId1\"/>"
    "<sheet name=\"Partners\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";

static const char relations_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"x\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"x\" Target=\"/xl/worksheets/sheet2.xml\"/></Relationships>";

/* cell formats: 0 general, 1 built-in date 14, 2 custom date dd/mm/yyyy, 3 custom number "0.00 \"d\"", then
 * the zero-padded identifiers: 4 a SIREN "000000000", 5 a SIREN in groups 000\ 000" "000, 6 a postcode
 * "00000", 7 the number "0000.0" (not an identifier) */
static const char styles_xml[] =
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"6\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\\ hh:mm\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"0.00&quot; d&quot;\"/><numFmt numFmtId=\"166\" "
    "formatCode=\"000000000\"/>"
    "<numFmt numFmtId=\"167\" formatCode=\"000\\ 000&quot; &quot;000\"/>"
    "<numFmt numFmtId=\"168\" formatCode=\"00000;[Red]-00000\"/><numFmt numFmtId=\"169\" "
    "formatCode=\"0000.0\"/>"
    "</numFmts><cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"8\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>"
    "<xf numFmtId=\"166\"/><xf numFmtId=\"167\"/><xf numFmtId=\"168\"/><xf "
    "numFmtId=\"169\"/></cellXfs></styleSheet>";

static const char strings_xml[] =
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"4\" uniqueCount=\"4\">"
    "<si><t>partner_id</t></si><si><t>name</t></si>"
    "<si><r><t>Acme </t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">Intégration</t></r>"
    "<rPh><t>アクメ</t></rPh></si>"
    "<si><t>line_x000D_break &amp; _x005F_x0041_</t></si></sst>";

static const char sheet2_xml[] =
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
    "<c r=\"C1\" t=\"inlineStr\"><is><t>when</t></is></c><c r=\"D1\" "
    "t=\"inlineStr\"><is><t>x</t></is></c></row>"
    "<row r=\"2\"><c r=\"A2\"><v>7</v></c><c r=\"B2\" t=\"s\"><v>2</v></c><c r=\"C2\" "
    "s=\"1\"><v>45000.75</v></c>"
    "<c r=\"D2\" t=\"b\"><v>1</v></c></row>"
    "<row r=\"3\"><c r=\"A3\" t=\"str\"><f>\"P\"&amp;8</f><v>P8</v></c><c r=\"C3\" s=\"2\"><v>60</v></c></row>"
    "<row r=\"4\"><c r=\"A4\"/><c r=\"B4\" s=\"0\"/></row>"
    "<row r=\"6\"><c r=\"A6\" s=\"3\"><v>2500.39999999999999991</v></c><c r=\"B6\" t=\"s\"><v>3</v></c>"
    "<c r=\"C6\" s=\"1\"><v>59</v></c><c r=\"D6\" t=\"e\"><v>#N/A</v></c></row>"
    "<row r=\"7\"><c r=\"A7\" s=\"1\"><v>61</v></c><c r=\"C7\" s=\"1\"><v>1</v></c></row>"
    "<row r=\"9\"><c r=\"A9\" t=\"inlineStr\"><is><t>Grand Totals (3 records)</t></is></c></row>"
    "</sheetData></worksheet>";

static const char sheet1_xml[] =
    "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:sheetData>"
    "<x:row><x:c t=\"inlineStr\"><x:is><x:t>a</x:t></x:is></x:c><x:c><x:v>1E+20</x:v></x:c></x:row>"
    "</x:sheetData></x:worksheet>";

typedef struct part {
    const char *name;
    const char *text;
} part;

/* Writes a ZIP archive of the parts (NULL-terminated list) to path. */
static void write_zip(const char *path, const part *parts)
{
    zipFile zip = zipOpen64(path, APPEND_STATUS_CREATE);
    assert_non_null(zip);
    for (const part *p = parts; p->name; p++) {
        assert_int_equal(zipOpenNewFileInZip64(zip, p->name, NULL, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 6, 0),
                         ZIP_OK);
        assert_int_equal(zipWriteInFileInZip(zip, p->text, (unsigned)strlen(p->text)), ZIP_OK);
        assert_int_equal(zipCloseFileInZip(zip), ZIP_OK);
    }
    assert_int_equal(zipClose(zip, NULL), ZIP_OK);
}

/* The test workbook, with sheet2 replaced by sheet (NULL: the standard one), strings by strings, in the 1904
 * date system when date1904. */
static void write_workbook(const char *sheet, const char *strings, bool date1904)
{
    char workbook[1024];
    snprintf(workbook, sizeof workbook, workbook_xml, date1904 ? " date1904=\"1\"" : "");
    part parts[] = {
        {"xl/workbook.xml", workbook},
        {"xl/_rels/workbook.xml.rels", relations_xml},
        {"xl/styles.xml", styles_xml},
        {"xl/sharedStrings.xml", strings ? strings : strings_xml},
        {"xl/worksheets/sheet1.xml", sheet1_xml},
        {"xl/worksheets/sheet2.xml", sheet ? sheet : sheet2_xml},
        {NULL, NULL},
    };
    write_zip(PATH, parts);
}

static pf_xlsx *open_ok(const char *sheet)
{
    pf_xlsx *x = NULL;
    pf_error_context err;
    pf_error_clear(&err);
    pf_error code = xlsx_open(PATH, sheet, threads, &x, &err);
    if (code != PF_OK)
        print_error("xlsx_open: %s\n", err.message);
    assert_int_equal(code, PF_OK);
    return x;
}

/* Fails unless the next row is number with exactly the fields given (NULL-terminated). */
#define assert_row(x, number, ...) check_row((x), (number), (const char *const[]){__VA_ARGS__, NULL}, __LINE__)

static pf_xlsx_row check_row(pf_xlsx *x, long number, const char *const *expected, int line)
{
    pf_xlsx_row row;
    bool got;
    pf_error_context err;
    pf_error code = xlsx_next_row(x, &row, &got, &err);
    if (code != PF_OK || !got) {
        print_error("line %d: no row (%s)\n", line, code != PF_OK ? err.message : "end of sheet");
        _fail(__FILE__, line);
    }
    size_t count = 0;
    while (expected[count])
        count++;
    if (row.number != number || row.count != count) {
        print_error("line %d: row %ld with %zu fields, expected row %ld with %zu\n", line, row.number,
                    row.count, number, count);
        _fail(__FILE__, line);
    }
    for (size_t i = 0; i < count; i++)
        if (strcmp(row.fields[i], expected[i]) != 0 || row.lengths[i] != strlen(expected[i])) {
            print_error("line %d: field %zu is [%s], expected [%s]\n", line, i, row.fields[i], expected[i]);
            _fail(__FILE__, line);
        }
    return row;
}

static void assert_sheet_end(pf_xlsx *x)
{
    pf_xlsx_row row;
    bool got = true;
    assert_int_equal(xlsx_next_row(x, &row, &got, NULL), PF_OK);
    assert_false(got);
}

static void expect_open_error(const char *sheet, const char *message)
{
    pf_xlsx *x = (pf_xlsx *)&x;
    pf_error_context err;
    pf_error_clear(&err);
    assert_int_equal(xlsx_open(PATH, sheet, threads, &x, &err), PF_ERROR_DATA);
    assert_null(x);
    assert_string_equal(err.file, PATH);
    assert_string_equal(err.message, message);
}

/* The error met while reading the rows of the sheet "Partners". */
static void expect_read_error(const char *message)
{
    pf_xlsx *x = open_ok("Partners");
    pf_xlsx_row row;
    bool got = true;
    pf_error_context err;
    pf_error code;
    while ((code = xlsx_next_row(x, &row, &got, &err)) == PF_OK && got)
        ;
    assert_int_equal(code, PF_ERROR_DATA);
    assert_string_equal(err.message, message);
    assert_int_equal(xlsx_next_row(x, &row, &got, &err), PF_ERROR_DATA); /* and it stays */
    xlsx_free(x);
}

static int teardown(void **state)
{
    (void)state;
    unlink(PATH);
    return 0;
}

/* ---- values ---- */

static void test_cells_read_as_a_csv_export_would_hold_them(void **state)
{
    (void)state;
    write_workbook(NULL, NULL, false);
    pf_xlsx *x = open_ok("Partners");
    assert_string_equal(xlsx_sheet_name(x), "Partners");
    assert_row(x, 1, "partner_id", "name", "when", "x");
    /* rich text joined, phonetic run left out; a date serial with its time of day dropped; a boolean */
    assert_row(x, 2, "7", "Acme Intégration", "2023-03-15", "TRUE");
    /* a formula's cached string; a gap (B3); serial 60 is the 1900-02-29 that never was */
    assert_row(x, 3, "P8", "", "1900-02-29");
    /* row 4 holds only empty cells: skipped; row 5 does not exist */
    /* 17 digits shown as Excel does; _xHHHH_ escapes; serial 59 is 1900-02-28; an error value */
    pf_xlsx_row row = assert_row(x, 6, "2500.4", "line\rbreak & _x0041_", "1900-02-28", "#N/A");
    assert_int_equal(row.error_field, 3);
    assert_row(x, 7, "1900-03-01", "", "1900-01-01");
    assert_row(x, 9, "Grand Totals (3 records)");
    assert_sheet_end(x);
    assert_sheet_end(x);
    xlsx_free(x);
}

/* Identifiers typed as numbers keep the leading zeros their format shows (a SIREN 012345678 is the number
 * 12345678 shown with "000000000"); any other number is kept as written. */
static void test_zero_padded_formats_keep_leading_zeros(void **state)
{
    (void)state;
    write_workbook("<worksheet><sheetData><row r=\"1\">"
                   "<c s=\"4\"><v>12345678</v></c><c s=\"5\"><v>12345678</v></c><c s=\"6\"><v>1000</v></c>"
                   "<c s=\"4\"><v>123456789</v></c><c s=\"6\"><v>1234567</v></c><c s=\"6\"><v>-5</v></c>"
                   "<c s=\"6\"><v>12.5</v></c><c s=\"7\"><v>12</v></c><c s=\"4\" t=\"s\"><v>0</v></c>"
                   "<c s=\"6\"><v>0</v></c></row></sheetData></worksheet>",
                   NULL, false);
    pf_xlsx *x = open_ok("Partners");
    assert_row(x, 1, "012345678", "012345678", "01000", "123456789", "1234567", "-5", "12.5", "12",
               "partner_id", "00000");
    assert_sheet_end(x);
    xlsx_free(x);
}

static void test_1904_date_system(void **state)
{
    (void)state;
    write_workbook("<worksheet><sheetData><row r=\"1\"><c s=\"1\"><v>0</v></c><c s=\"2\"><v>43538.5</v></c>"
                   "<c s=\"3\"><v>43538.5</v></c></row></sheetData></worksheet>",
                   NULL, true);
    pf_xlsx *x = open_ok("Partners");
    /* a number in a non-date custom format stays a number */
    assert_row(x, 1, "1904-01-01", "2023-03-15", "43538.5");
    assert_sheet_end(x);
    xlsx_free(x);
}

static void test_first_sheet_by_default_and_prefixed_elements(void **state)
{
    (void)state;
    write_workbook(NULL, NULL, false);
    pf_xlsx *x = open_ok(NULL);
    assert_string_equal(xlsx_sheet_name(x), "Notes");
    /* no r attributes: rows and cells follow each other; an exponent is written out */
    assert_row(x, 1, "a", "1e+20");
    assert_sheet_end(x);
    xlsx_free(x);
    x = open_ok("partners"); /* case folded when no exact match */
    assert_string_equal(xlsx_sheet_name(x), "Partners");
    xlsx_free(x);
}

static void test_cell_names(void **state)
{
    (void)state;
    char out[16];
    xlsx_cell_name(0, 1, out);
    assert_string_equal(out, "A1");
    xlsx_cell_name(2, 7, out);
    assert_string_equal(out, "C7");
    xlsx_cell_name(26, 10, out);
    assert_string_equal(out, "AA10");
    xlsx_cell_name(16383, 1048576, out);
    assert_string_equal(out, "XFD1048576");
}

/* Cells out of column order (found by the fuzzer: the row was sized by its last cell): the widest wins. */
static void test_cells_out_of_order(void **state)
{
    (void)state;
    write_workbook("<worksheet><sheetData><row r=\"1\"><c r=\"D1\"><v>4</v></c><c r=\"A1\"><v>1</v></c></row>"
                   "</sheetData></worksheet>",
                   NULL, false);
    pf_xlsx *x = open_ok("Partners");
    assert_row(x, 1, "1", "", "", "4");
    assert_sheet_end(x);
    xlsx_free(x);
}

/* ---- bad workbooks ---- */

static void test_missing_sheet_lists_the_sheets(void **state)
{
    (void)state;
    write_workbook(NULL, NULL, false);
    expect_open_error("Accounts", "has no sheet 'Accounts' (its sheets: 'Notes', 'Partners')");
}

static void test_zip_that_is_not_a_workbook(void **state)
{
    (void)state;
    part parts[] = {{"word/document.xml", "<w/>"}, {NULL, NULL}};
    write_zip(PATH, parts);
    expect_open_error(NULL, "is a ZIP archive but not an Excel workbook (no xl/workbook.xml)");
}

static void test_truncated_workbook(void **state)
{
    (void)state;
    write_workbook(NULL, NULL, false);
    FILE *f = fopen(PATH, "rb");
    assert_non_null(f);
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    assert_true(n > 600);
    f = fopen(PATH, "wb");
    fwrite(buf, 1, n / 2, f);
    fclose(f);
    expect_open_error(NULL, "is damaged or truncated: it starts like a ZIP archive (an .xlsx workbook) but its "
                            "table of contents cannot be read");
}

static void test_entities_are_refused_never_expanded(void **state)
{
    (void)state;
    write_workbook(
        NULL,
        "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">"
        "]><sst><si><t>&b;&b;&b;</t></si></sst>",
        false);
    expect_open_error(NULL,
                      "xl/sharedStrings.xml holds an XML document type declaration (DTD), which is refused: "
                      "no Excel file has one, and its entities could expand without bound");
    write_workbook("<!DOCTYPE worksheet SYSTEM \"http://example.com/x.dtd\"><worksheet/>", NULL, false);
    expect_read_error("sheet 'Partners': holds an XML document type declaration (DTD), which is refused: no "
                      "Excel file has one, and its entities could expand without bound");
}

static void test_huge_shared_string_is_refused(void **state)
{
    (void)state;
    size_t n = 40000;
    char *strings = malloc(n + 64);
    assert_non_null(strings);
    strcpy(strings, "<sst><si><t>");
    memset(strings + strlen(strings), 'a', n);
    strcpy(strings + 12 + n, "</t></si></sst>");
    write_workbook(NULL, strings, false);
    free(strings);
    expect_open_error(NULL, "xl/sharedStrings.xml holds a text longer than Excel's limit of 32,767 characters");
}

/* Every XML form a writer may use in a sheet: a byte order mark, a declaration, comments, processing
 * instructions, references, CDATA, line ends. */
static void test_sheet_xml_forms(void **state)
{
    (void)state;
    write_workbook(
        "\xEF\xBB\xBF<?xml version='1.0' encoding='utf-8'?>\r\n<!-- written by hand -->"
        "<worksheet><?pi data?><sheetData>\r\n"
        "<row r = '1' ><c r='A1' t='inlineStr' ><is><t>a&lt;b &amp; &#233;&#x20AC;&quot;&apos;&gt;</t></is></c>"
        "<c r=\"B1\" t=\"inlineStr\"><is><t><![CDATA[x<y&z]]></t></is></c>"
        "<c r=\"C1\" t=\"inlineStr\"><is><t>two\r\nlines\rthree</t></is></c><c r=\"D1\"/>"
        "<c r=\"E1\" t=\"inlineStr\"><is><t>r&#x0D;</t><rPh><t>skip</t></rPh></is></c></row >\n"
        "</sheetData></worksheet>\n",
        NULL, false);
    pf_xlsx *x = open_ok("Partners");
    assert_row(x, 1, "a<b & é€\"'>", "x<y&z", "two\nlines\nthree", "", "r\r");
    assert_sheet_end(x);
    xlsx_free(x);
}

/* Rows that straddle the pieces the sheet is inflated in: tags, references and UTF-8 sequences cut anywhere. */
static void test_sheet_read_across_pieces(void **state)
{
    (void)state;
    size_t rows = 9000, size = rows * 160 + 200;
    char *sheet = malloc(size);
    assert_non_null(sheet);
    size_t n = (size_t)snprintf(sheet, size, "<worksheet><sheetData>");
    for (size_t r = 1; r <= rows; r++)
        n += (size_t)snprintf(sheet + n, size - n,
                              "<row r=\"%zu\"><c r=\"A%zu\"><v>%zu</v></c><c r=\"B%zu\" t=\"inlineStr\"><is><t>"
                              "%.*sé&amp;€&#65;</t></is></c></row>",
                              r, r, r, r, (int)(r % 7), "xxxxxxx");
    snprintf(sheet + n, size - n, "</sheetData></worksheet>");
    write_workbook(sheet, NULL, false);
    free(sheet);
    pf_xlsx *x = open_ok("Partners");
    for (size_t r = 1; r <= rows; r++) {
        char number[24], text[32];
        snprintf(number, sizeof number, "%zu", r);
        snprintf(text, sizeof text, "%.*sé&€A", (int)(r % 7), "xxxxxxx");
        assert_row(x, (long)r, number, text);
    }
    assert_sheet_end(x);
    xlsx_free(x);
}

/* Rows whose reading depends on what came before, amid plain ones: rows without a number (they follow the
 * row before), a row nested in another element, a comment holding a row, a CDATA section, a row out of
 * order. Cut into chunks (the second run of the suite), each such row is read in order, as one parser would. */
static void test_rows_the_main_parser_must_read(void **state)
{
    (void)state;
    char sheet[8192];
    size_t n = (size_t)snprintf(sheet, sizeof sheet, "<worksheet><sheetData>");
    for (int r = 1; r <= 12; r++)
        n += (size_t)snprintf(sheet + n, sizeof sheet - n, "<row r=\"%d\"><c><v>%d</v></c></row>\n", r, r);
    n +=
        (size_t)snprintf(sheet + n, sizeof sheet - n,
                         "<row><c><v>13</v></c></row><row><c><v>14</v></c></row>"
                         "<row r=\"20\"><c><v>20</v></c></row><row><c><v>21</v></c></row>"
                         "<x><row r=\"30\"><c><v>30</v></c></row></x>"
                         "<row r=\"31\"><c><v>31</v></c></row><row r=\"32\"><c><v>32</v></c></row>"
                         "<row r=\"33\"><c><v>33</v></c></row><row r=\"34\"><c><v>34</v></c></row>"
                         "<!-- <row r=\"35\"><c><v>35</v></c></row> -->"
                         "<row r=\"36\"><c t=\"inlineStr\"><is><t><![CDATA[<row r=\"37\">]]></t></is></c></row>"
                         "<row r=\"38\"><c><v>38</v></c></row><row r=\"39\"><c><v>39</v></c></row>"
                         "</sheetData></worksheet>");
    write_workbook(sheet, NULL, false);
    pf_xlsx *x = open_ok("Partners");
    char number[16];
    for (int r = 1; r <= 14; r++) {
        snprintf(number, sizeof number, "%d", r);
        assert_row(x, r, number);
    }
    assert_row(x, 20, "20");
    assert_row(x, 21, "21");
    for (int r = 30; r <= 34; r++) {
        snprintf(number, sizeof number, "%d", r);
        assert_row(x, r, number);
    }
    assert_row(x, 36, "<row r=\"37\">");
    assert_row(x, 38, "38");
    assert_row(x, 39, "39");
    assert_sheet_end(x);
    xlsx_free(x);
}

/* A broken tag far into the sheet, after line ends (LF, CR LF, CR): its line is the sheet's, whichever parser
 * met it. */
static void test_error_after_many_rows_names_its_line(void **state)
{
    (void)state;
    size_t size = 64000;
    char *sheet = malloc(size);
    assert_non_null(sheet);
    size_t n = (size_t)snprintf(sheet, size, "<worksheet>\n<sheetData>\n");
    for (int r = 1; r <= 300; r++)
        n += (size_t)snprintf(sheet + n, size - n, "<row r=\"%d\"><c><v>%d</v></c></row>%s", r, r,
                              r % 3 == 0   ? "\r\n"
                              : r % 5 == 0 ? "\r"
                                           : "");
    n += (size_t)snprintf(sheet + n, size - n, "<row r=\"301\"><c><v>1</v></c></rox>\n");
    for (int r = 302; r <= 400; r++)
        n += (size_t)snprintf(sheet + n, size - n, "<row r=\"%d\"><c><v>%d</v></c></row>\n", r, r);
    snprintf(sheet + n, size - n, "</sheetData></worksheet>");
    write_workbook(sheet, NULL, false);
    free(sheet);
    pf_xlsx *x = open_ok("Partners");
    char number[16];
    for (int r = 1; r <= 300; r++) {
        snprintf(number, sizeof number, "%d", r);
        assert_row(x, r, number);
    }
    pf_xlsx_row row;
    bool got = true;
    pf_error_context err;
    assert_int_equal(xlsx_next_row(x, &row, &got, &err), PF_ERROR_DATA);
    assert_string_equal(err.message,
                        "is damaged: xl/worksheets/sheet2.xml, line 143: mismatched tag (the XML is "
                        "not well-formed)");
    xlsx_free(x);
}

static void test_sheet_xml_not_well_formed(void **state)
{
    (void)state;
    write_workbook("<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>&nbsp;</t></is></c></row>"
                   "</sheetData></worksheet>",
                   NULL, false);
    expect_read_error(
        "is damaged: xl/worksheets/sheet2.xml, line 1: undefined entity (the XML is not well-formed)");
    write_workbook("<worksheet>\n<sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>caf\xE9</t></is></c></row>"
                   "</sheetData></worksheet>",
                   NULL, false);
    expect_read_error("is damaged: xl/worksheets/sheet2.xml, line 2: not well-formed (invalid token) (the XML "
                      "is not well-formed)");
    write_workbook("<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row>", NULL, false);
    expect_read_error(
        "is damaged: xl/worksheets/sheet2.xml, line 1: no element found (the XML is not well-formed)");
    write_workbook("<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>a\x01</t></is></c></row>"
                   "</sheetData></worksheet>",
                   NULL, false);
    expect_read_error("is damaged: xl/worksheets/sheet2.xml, line 1: not well-formed (invalid token) (the XML "
                      "is not well-formed)");
    write_workbook("<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>a&#0;</t></is></c></row>"
                   "</sheetData></worksheet>",
                   NULL, false);
    expect_read_error(
        "is damaged: xl/worksheets/sheet2.xml, line 1: reference to invalid character number (the XML "
        "is not well-formed)");
    write_workbook("<worksheet><sheetData/></worksheet><worksheet/>", NULL, false);
    expect_read_error("is damaged: xl/worksheets/sheet2.xml, line 1: junk after document element (the XML is "
                      "not well-formed)");
    write_workbook("<worksheet><sheetData><row r=\"1\"><c r=A1><v>1</v></c></row></sheetData></worksheet>",
                   NULL, false);
    expect_read_error("is damaged: xl/worksheets/sheet2.xml, line 1: not well-formed (invalid token) (the XML "
                      "is not well-formed)");
    write_workbook("<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row></sheetData></worksheet", NULL,
                   false);
    expect_read_error(
        "is damaged: xl/worksheets/sheet2.xml, line 1: unclosed token (the XML is not well-formed)");
}

/* head, then 2 MB of 'a' (an attribute's value), then tail: a tag of 2 MB (malloc'd). */
static char *with_long_tag(const char *head, const char *tail)
{
    size_t n = (size_t)2 << 20, at = strlen(head);
    char *xml = malloc(at + n + strlen(tail) + 1);
    assert_non_null(xml);
    memcpy(xml, head, at);
    memset(xml + at, 'a', n);
    strcpy(xml + at + n, tail);
    return xml;
}

/* The bytes kept between pieces are at most one tag: a tag of 2 MB is refused, not buffered. */
static void test_sheet_tag_too_long(void **state)
{
    (void)state;
    char *sheet = with_long_tag("<worksheet><sheetData><row r=\"1\" x=\"", "\"/></sheetData></worksheet>");
    write_workbook(sheet, NULL, false);
    free(sheet);
    expect_read_error("sheet 'Partners': holds an XML tag longer than 1 MB");
    /* ... also when it is the sheet's first tag, before expat has reported any event */
    sheet = with_long_tag("<worksheet x=\"", "\"><sheetData/></worksheet>");
    write_workbook(sheet, NULL, false);
    free(sheet);
    expect_read_error("sheet 'Partners': holds an XML tag longer than 1 MB");
}

/* The same bound in the parts read at open: a 2 MB tag in the shared strings is refused. */
static void test_shared_strings_tag_too_long(void **state)
{
    (void)state;
    char *strings = with_long_tag("<sst><si x=\"", "\"><t>a</t></si></sst>");
    write_workbook(NULL, strings, false);
    free(strings);
    expect_open_error(NULL, "xl/sharedStrings.xml holds an XML tag longer than 1 MB");
}

/* A sheet in another encoding than UTF-8, as its declaration says, is converted by expat. */
static void test_sheet_in_another_encoding(void **state)
{
    (void)state;
    write_workbook("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><worksheet><sheetData><row r=\"1\">"
                   "<c t=\"inlineStr\"><is><t>Caf\xE9</t></is></c></row></sheetData></worksheet>",
                   NULL, false);
    pf_xlsx *x = open_ok("Partners");
    assert_row(x, 1, "Café");
    assert_sheet_end(x);
    xlsx_free(x);
}

static void test_malformed_sheet_xml(void **state)
{
    (void)state;
    write_workbook("<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></sheetData></worksheet>", NULL, false);
    expect_read_error(
        "is damaged: xl/worksheets/sheet2.xml, line 1: mismatched tag (the XML is not well-formed)");
    write_workbook("<worksheet><sheetData><row r=\"1\"><c t=\"s\"><v>99</v></c></row></sheetData></worksheet>",
                   NULL, false);
    expect_read_error("sheet 'Partners': cell A1 refers to shared string '99', which does not exist");
    write_workbook(
        "<worksheet><sheetData><row r=\"1\"><c r=\"ZZZZ1\"><v>1</v></c></row></sheetData></worksheet>", NULL,
        false);
    expect_read_error("sheet 'Partners': row 1: 'ZZZZ1' is not a cell reference of Excel's grid");
}

/* ---- through the reader ---- */

static void test_reader_pads_rows_to_the_header_and_keeps_one_cell_rows(void **state)
{
    (void)state;
    write_workbook(NULL, NULL, false);
    pf_reader_options options = {.encoding = PF_ENCODING_AUTO, .sheet = "Partners"};
    pf_reader *reader = NULL;
    pf_error_context err;
    assert_int_equal(reader_open(PATH, &options, &reader, &err), PF_OK);
    const pf_reader_info *info = reader_info(reader);
    assert_true(info->workbook);
    assert_string_equal(info->sheet, "Partners");
    assert_int_equal(reader_header(reader)->field_count, 4);
    const pf_record *rec;
    assert_int_equal(reader_next(reader, &rec, &err), PF_OK);
    assert_int_equal(rec->line, 2);
    assert_int_equal(reader_next(reader, &rec, &err), PF_OK);
    assert_int_equal(rec->line, 3);
    assert_int_equal(rec->field_count, 4); /* C3 was the last cell: padded */
    assert_string_equal(rec->raw, "P8,,1900-02-29,");
    assert_int_equal(reader_next(reader, &rec, &err), PF_OK);
    assert_int_equal(rec->error_value_field, 3);
    assert_string_equal(rec->raw, "2500.4,\"line\rbreak & _x0041_\",1900-02-28,#N/A");
    assert_int_equal(reader_next(reader, &rec, &err), PF_OK);
    assert_int_equal(reader_next(reader, &rec, &err), PF_OK);
    assert_int_equal(rec->field_count, 1); /* a footer line stays one field */
    assert_int_equal(rec->line, 9);
    assert_int_equal(reader_next(reader, &rec, &err), PF_OK);
    assert_null(rec);
    char hex[65];
    assert_false(reader_sha256(reader, hex));
    reader_free(reader);
}

static void test_reader_refuses_xls_and_encrypted_workbooks(void **state)
{
    (void)state;
    unsigned char ole2[1024] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    FILE *f = fopen(PATH, "wb");
    fwrite(ole2, 1, sizeof ole2, f);
    fclose(f);
    pf_reader *reader = NULL;
    pf_error_context err;
    assert_int_equal(reader_open(PATH, NULL, &reader, &err), PF_ERROR_DATA);
    assert_string_equal(err.message,
                        "is an Excel 97-2003 workbook (.xls), which is not read: open it in Excel or "
                        "LibreOffice and save it as .xlsx or CSV UTF-8");
    memcpy(ole2 + 600, "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0", 28);
    f = fopen(PATH, "wb");
    fwrite(ole2, 1, sizeof ole2, f);
    fclose(f);
    assert_int_equal(reader_open(PATH, NULL, &reader, &err), PF_ERROR_DATA);
    assert_string_equal(err.message, "is a password-protected workbook: open it in Excel, remove the password "
                                     "(File > Info > Protect Workbook) and save it as .xlsx or CSV UTF-8");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_cells_read_as_a_csv_export_would_hold_them, teardown),
        cmocka_unit_test_teardown(test_1904_date_system, teardown),
        cmocka_unit_test_teardown(test_zero_padded_formats_keep_leading_zeros, teardown),
        cmocka_unit_test_teardown(test_first_sheet_by_default_and_prefixed_elements, teardown),
        cmocka_unit_test(test_cell_names),
        cmocka_unit_test_teardown(test_cells_out_of_order, teardown),
        cmocka_unit_test_teardown(test_missing_sheet_lists_the_sheets, teardown),
        cmocka_unit_test_teardown(test_zip_that_is_not_a_workbook, teardown),
        cmocka_unit_test_teardown(test_truncated_workbook, teardown),
        cmocka_unit_test_teardown(test_entities_are_refused_never_expanded, teardown),
        cmocka_unit_test_teardown(test_huge_shared_string_is_refused, teardown),
        cmocka_unit_test_teardown(test_malformed_sheet_xml, teardown),
        cmocka_unit_test_teardown(test_sheet_xml_forms, teardown),
        cmocka_unit_test_teardown(test_sheet_read_across_pieces, teardown),
        cmocka_unit_test_teardown(test_rows_the_main_parser_must_read, teardown),
        cmocka_unit_test_teardown(test_error_after_many_rows_names_its_line, teardown),
        cmocka_unit_test_teardown(test_sheet_xml_not_well_formed, teardown),
        cmocka_unit_test_teardown(test_sheet_in_another_encoding, teardown),
        cmocka_unit_test_teardown(test_sheet_tag_too_long, teardown),
        cmocka_unit_test_teardown(test_shared_strings_tag_too_long, teardown),
        cmocka_unit_test_teardown(test_reader_pads_rows_to_the_header_and_keeps_one_cell_rows, teardown),
        cmocka_unit_test_teardown(test_reader_refuses_xls_and_encrypted_workbooks, teardown),
    };
    /* every test again, with the sheet cut into chunks of a few rows parsed side by side: the same rows and
     * the same errors, word for word */
    int failed = cmocka_run_group_tests_name("one thread", tests, NULL, NULL);
    threads = 4;
    setenv("PF_XLSX_CHUNK", "64", 1);
    failed += cmocka_run_group_tests_name("four threads, chunks of 64 bytes", tests, NULL, NULL);
    return failed != 0;
}
