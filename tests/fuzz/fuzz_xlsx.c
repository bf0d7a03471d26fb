/* fuzz_xlsx.c — libFuzzer target for the .xlsx reader (xlsx_input.h through reader.h): any input must give
 * records or a clean error, never a crash, a leak or a hang. Two modes, chosen by the first byte:
 *  - even: the rest is the file itself (a ZIP archive, or anything else);
 *  - odd: the rest is the XML of the parts a writer controls — the shared strings and the sheet, split at
 *    the first NUL byte — stored in a well-formed archive with a fixed workbook, so that the mutations
 *    reach expat and the cell logic instead of dying on the archive's checksums.
 * Each workbook is read twice: by one thread, and by four with the sheet cut into 64-byte chunks
 * (PF_XLSX_CHUNK): the records, their lines and the error must be the same (abort otherwise).
 * The readers take a path: the workbook is written to a file of this process. Seed corpus: fixtures/crm/xlsx*.
 * Build and run: make fuzz-xlsx (clang, -fsanitize=fuzzer,address,undefined). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "partnerfunnel/reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char workbook[] = "<workbook xmlns:r=\"r\"><workbookPr date1904=\"0\"/><sheets><sheet name=\"S\" "
                               "sheetId=\"1\" r:id=\"rId1\"/>"
                               "</sheets></workbook>";
static const char relations[] =
    "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>";
static const char styles[] =
    "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/></numFmts>"
    "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/></cellXfs>"
    "</styleSheet>";

static int add_part(zipFile zip, const char *name, const void *text, size_t len)
{
    if (zipOpenNewFileInZip(zip, name, NULL, NULL, 0, NULL, 0, NULL, 0, 0) != ZIP_OK) /* stored */
        return -1;
    int rc = zipWriteInFileInZip(zip, text, (unsigned)len);
    return zipCloseFileInZip(zip) == ZIP_OK && rc == ZIP_OK ? 0 : -1;
}

static int write_workbook(const char *path, const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t strings_len = nul ? (size_t)(nul - data) : 0;
    const uint8_t *sheet = nul ? nul + 1 : data;
    size_t sheet_len = nul ? size - strings_len - 1 : size;
    zipFile zip = zipOpen(path, APPEND_STATUS_CREATE);
    if (!zip)
        return -1;
    int rc = add_part(zip, "xl/workbook.xml", workbook, sizeof workbook - 1);
    rc |= add_part(zip, "xl/_rels/workbook.xml.rels", relations, sizeof relations - 1);
    rc |= add_part(zip, "xl/styles.xml", styles, sizeof styles - 1);
    if (nul)
        rc |= add_part(zip, "xl/sharedStrings.xml", data, strings_len);
    rc |= add_part(zip, "xl/worksheets/sheet1.xml", sheet, sheet_len);
    return zipClose(zip, NULL) == ZIP_OK ? rc : -1;
}

/* FNV-1a over n bytes, into *h. */
static void mix(uint64_t *h, const void *bytes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        *h = (*h ^ ((const unsigned char *)bytes)[i]) * 1099511628211u;
}

/* Reads the workbook at path with threads threads: a digest of its records and of how the reading ended. */
static uint64_t read_all(const char *path, int threads)
{
    pf_reader_options options = {.encoding = PF_ENCODING_AUTO, .threads = threads};
    pf_reader *reader = NULL;
    pf_error_context err;
    uint64_t h = 14695981039346656037u;
    pf_error code = reader_open(path, &options, &reader, &err);
    if (code == PF_OK) {
        const pf_record *record;
        while ((code = reader_next(reader, &record, &err)) == PF_OK && record) {
            mix(&h, &record->line, sizeof record->line);
            mix(&h, &record->error_value_field, sizeof record->error_value_field);
            for (size_t i = 0; i < record->field_count; i++) {
                if (strlen(record->fields[i]) != record->lengths[i])
                    abort(); /* a field holds a NUL byte or lies about its length */
                mix(&h, record->fields[i], record->lengths[i] + 1);
            }
        }
        reader_free(reader);
    }
    mix(&h, &code, sizeof code);
    if (code != PF_OK)
        mix(&h, err.message, strlen(err.message));
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/pf-fuzz-xlsx.%ld", (long)getpid());
    if (size == 0)
        return 0;
    if (data[0] & 1) {
        if (write_workbook(path, data + 1, size - 1) != 0)
            return 0;
    } else {
        FILE *f = fopen(path, "wb");
        if (!f)
            return 0;
        size_t written = fwrite(data + 1, 1, size - 1, f);
        if (fclose(f) != 0 || written != size - 1)
            return 0;
    }
    setenv("PF_XLSX_CHUNK", "64", 1);
    if (read_all(path, 1) != read_all(path, 4))
        abort(); /* the chunks read side by side did not give what one parser gives */
    return 0;
}
