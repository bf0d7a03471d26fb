/* gen_xlsx.c — writes fixtures/crm/xlsx/: the canonical export (the CSV files of fixtures/crm/canonical) as
 * Excel workbooks made with libxlsxwriter, shaped as a CRM hands them over: a named sheet, a report title and a
 * blank row above the header, dates stored as date serials with a date format, amounts as numbers (one as
 * a formula with its cached value), ids as text, empty cells left out (so rows have gaps) and, in the deals
 * workbook, a report footer. The reading must give the figures of the canonical CSV (tests/e2e/crm_shapes.sh).
 * Usage: gen_xlsx CANONICAL_DIR OUT_DIR
 *        gen_xlsx --big IN.csv OUT.xlsx   (one file, libxlsxwriter's constant-memory mode: for the bench) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "partnerfunnel/field.h"
#include "partnerfunnel/reader.h"

static int is_date_column(const char *name)
{
    size_t n = strlen(name);
    return strcmp(name, "date") == 0 || (n > 3 && strcmp(name + n - 3, "_on") == 0);
}

static int is_number_column(const char *name)
{
    return strcmp(name, "amount") == 0 || strstr(name, "_cost") != NULL;
}

static int convert(const char *in_path, const char *out_path, const char *sheet_name, const char *title,
                   int footer, int big)
{
    pf_reader *reader = NULL;
    pf_error_context err;
    if (reader_open(in_path, NULL, &reader, &err) != PF_OK) {
        fprintf(stderr, "gen_xlsx: %s: %s\n", in_path, err.message);
        return 1;
    }
    lxw_workbook_options options = {.constant_memory = big ? LXW_TRUE : LXW_FALSE, .tmpdir = NULL};
    lxw_workbook *workbook = workbook_new_opt(out_path, &options);
    lxw_doc_properties properties = {.title = "partnerfunnel fixture"};
    properties.created = 1735689600; /* fixed: the same bytes on every run */
    workbook_set_properties(workbook, &properties);
    lxw_worksheet *sheet = workbook_add_worksheet(workbook, sheet_name);
    lxw_format *date_format = workbook_add_format(workbook);
    format_set_num_format(date_format, "yyyy-mm-dd");
    lxw_format *money_format = workbook_add_format(workbook);
    format_set_num_format(money_format, "#,##0.00 [$€-40C]");
    worksheet_write_string(sheet, 0, 0, title, NULL);
    const pf_record *header = reader_header(reader);
    size_t columns = header->field_count;
    char **names = calloc(columns, sizeof *names);
    for (size_t c = 0; c < columns; c++) {
        names[c] = strdup(header->fields[c]);
        worksheet_write_string(sheet, 2, (lxw_col_t)c, names[c], NULL);
    }
    lxw_row_t row = 3;
    int formulas = 0;
    const pf_record *record;
    while (reader_next(reader, &record, &err) == PF_OK && record) {
        for (size_t c = 0; c < record->field_count && c < columns; c++) {
            const char *text = record->fields[c];
            if (!text[0])
                continue; /* a gap: no cell at all */
            pf_date date;
            char *end;
            double number = strtod(text, &end);
            if (is_date_column(names[c]) &&
                field_parse_date(text, strlen(text), PF_DATE_ORDER_DMY, &date, NULL) == PF_FIELD_OK) {
                int y, m, d;
                field_date_to_ymd(date, &y, &m, &d);
                lxw_datetime when = {y, m, d, 14, 3, 0}; /* a time of day, which the reading drops */
                worksheet_write_datetime(sheet, row, (lxw_col_t)c, &when, date_format);
            } else if (is_number_column(names[c]) && *end == '\0') {
                if (formulas++ == 0) { /* the first amount as a formula with its cached value */
                    char formula[64];
                    snprintf(formula, sizeof formula, "=%s*1", text);
                    worksheet_write_formula_num(sheet, row, (lxw_col_t)c, formula, money_format, number);
                } else {
                    worksheet_write_number(sheet, row, (lxw_col_t)c, number, money_format);
                }
            } else {
                worksheet_write_string(sheet, row, (lxw_col_t)c, text, NULL);
            }
        }
        row++;
    }
    if (footer) {
        char total[64];
        snprintf(total, sizeof total, "Grand Totals (%u records)", (unsigned)(row - 3));
        worksheet_write_string(sheet, row + 1, 0, total, NULL);
        worksheet_write_string(sheet, row + 3, 0, "Confidential Information - Do Not Distribute", NULL);
    }
    for (size_t c = 0; c < columns; c++)
        free(names[c]);
    free(names);
    reader_free(reader);
    lxw_error status = workbook_close(workbook);
    if (status != LXW_NO_ERROR) {
        fprintf(stderr, "gen_xlsx: %s: %s\n", out_path, lxw_strerror(status));
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--big") == 0)
        return convert(argv[2], argv[3], "Partners", "Partner accounts", 0, 1);
    if (argc != 3) {
        fprintf(stderr, "usage: gen_xlsx CANONICAL_DIR OUT_DIR | gen_xlsx --big IN.csv OUT.xlsx\n");
        return 64;
    }
    static const struct {
        const char *name, *sheet, *title;
        int footer;
    } files[] = {
        {"partners", "Partners", "Partner accounts", 0},
        {"deals", "Deals", "Opportunities by partner", 1},
        {"costs", "Costs", "Programme costs", 0},
    };
    int status = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char in[4096], out[4096];
        snprintf(in, sizeof in, "%s/%s.csv", argv[1], files[i].name);
        snprintf(out, sizeof out, "%s/%s.xlsx", argv[2], files[i].name);
        status |= convert(in, out, files[i].sheet, files[i].title, files[i].footer, 0);
    }
    return status;
}
