/* cmd_validate.c — `partnerfunnel validate`: reads a CRM export, says what was detected and accounts for
 * every row; optionally writes the JSON accounting and a canonical copy of the accepted rows. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "partnerfunnel/cli.h"
#include "partnerfunnel/commands.h"
#include "partnerfunnel/output.h"
#include "partnerfunnel/render_csv.h"
#include "partnerfunnel/render_json.h"
#include "partnerfunnel/text.h"

#define VALIDATE_SHOWN_REJECTS 10
#define VALIDATE_SHOWN_WARNINGS 5

static const char usage[] =
    "Usage: partnerfunnel validate [DIR] [--partners F] [--deals F] [--costs F] [--config F]\n"
    "                              [--sheet NAME] [--crm CRM] [--json FILE|-] [--clean-dir DIR]\n"
    "                              [--strict] [-q]\n"
    "\n"
    "Reads a CRM export (partners.csv, and deals.csv and costs.csv when present, from DIR or as named;\n"
    "without DIR, from beside --partners F, or from the current folder;\n"
    "CSV, TSV or text in UTF-8, Windows-1252 or UTF-16, or .xlsx workbooks),\n"
    "reports what was detected (delimiter, encoding, date order, decimal mark) and accounts for every row:\n"
    "rows read = accepted + rejected, with the first rejects by line, column and reason.\n"
    "\n"
    "Options:\n"
    "  --partners F     partners file (default DIR/partners.csv; without DIR, the folder is F's, or the\n"
    "                   current folder without --partners either)\n"
    "  --deals F        deals file (default DIR/deals.csv when present)\n"
    "  --costs F        costs file (default DIR/costs.csv when present)\n"
    "  --config F       settings file (default DIR/partnerfunnel.ini when present)\n"
    "  --sheet NAME     the sheet to read in .xlsx inputs (default: the first sheet)\n"
    "  --crm CRM        read the standard export headers of salesforce, hubspot, dynamics or pipedrive\n"
    "                   (default: [input] crm of the settings; [columns] wins over it)\n"
    "  --json FILE      write inputs, rejects and warnings as JSON ('-' for standard output)\n"
    "  --clean-dir DIR  write the accepted rows as canonical CSV (UTF-8, ',', ISO dates, point decimals);\n"
    "                   data for programs: texts are kept as read, even one that a spreadsheet would take\n"
    "                   for a formula (=, +, -, @ first), so open these files in a spreadsheet with care\n"
    "  --strict         exit with status 65 when any row is rejected, or when a report footer states more\n"
    "                   or fewer records than were read (the export may be incomplete)\n"
    "  --threads N      threads parsing each file, 1 to 8 (default: $PF_THREADS, else the CPUs, at most 8)\n"
    "  -q, --quiet      no progress line (one is shown only when standard error is a terminal)\n"
    "  --help           show this help\n"
    "\n"
    "Examples:\n"
    "  partnerfunnel validate fixtures/demo\n"
    "  partnerfunnel validate --partners export/accounts.csv --config crm.ini --json - \n"
    "  partnerfunnel validate fixtures/demo --clean-dir /tmp/clean --strict\n"
    "\n"
    "Exit status: 0 done (even with rejects, unless --strict); 64 usage; 65 unusable data or, with --strict,\n"
    "rejected rows or a footer's count not met; 66 input missing; 73 cannot create output; 74 I/O error; 78 "
    "settings error.\n";

/* True when in's report footer states a record count other than the rows read: the export may be cut. */
static bool footer_count_differs(const pf_input *in)
{
    return in->present && in->footer_lines > 0 && in->footer_records >= 0 &&
           in->footer_records != in->rows_read;
}

/* --strict: an export whose footer's count is not met fails like a rejected row (the first such file). */
static pf_error strict_footers(const pf_model *m, pf_error_context *err)
{
    for (int f = 0; f < PF_FILE_COUNT; f++) {
        const pf_input *in = &m->inputs[f];
        if (footer_count_differs(in))
            return pf_error_set(err, PF_ERROR_DATA, in->path, 0, NULL,
                                "the report's footer states %ld record%s but %ld row%s were read (--strict)",
                                in->footer_records, in->footer_records == 1 ? "" : "s", in->rows_read,
                                in->rows_read == 1 ? "" : "s");
    }
    return PF_OK;
}

/* "UTF-8 with BOM", "UTF-16LE (BOM)", "UTF-16BE (no BOM: from its NUL bytes)" */
static void encoding_label(const pf_reader_info *info, char *buf, size_t size)
{
    bool utf16 = info->encoding == PF_ENCODING_UTF16LE || info->encoding == PF_ENCODING_UTF16BE;
    snprintf(buf, size, "%s%s", reader_encoding_name(info->encoding),
             utf16       ? (info->bom ? " (BOM)" : " (no BOM: from its NUL bytes)")
             : info->bom ? " with BOM"
                         : "");
}

static const char *delimiter_label(char delimiter)
{
    return delimiter == ';' ? "';'" : delimiter == '\t' ? "TAB" : "','";
}

/* A list printed as "    title: a, b, c", wrapped under itself at about 110 characters. */
typedef struct item_list {
    const char *title;
    size_t width; /* characters on the current line, 0 before the first item */
    size_t count;
} item_list;

static void list_add(item_list *list, const char *item)
{
    size_t length = text_utf8_length(item, strlen(item));
    if (list->count == 0) {
        printf("    %s: %s", list->title, item);
        list->width = 6 + strlen(list->title) + length;
    } else if (list->width + 2 + length > 110) {
        printf(",\n      %s", item);
        list->width = 6 + length;
    } else {
        printf(", %s", item);
        list->width += 2 + length;
    }
    list->count++;
}

static void list_end(const item_list *list)
{
    if (list->count > 0)
        printf("\n");
}

#define VALIDATE_SHOWN_UNKNOWN 30

/* How each canonical column was found (so that the mapping can be copied into [columns]), which were not,
 * and the unknown columns by name. */
static void print_columns(const pf_input *in, pf_file_kind file, pf_crm crm)
{
    pf_column first, end;
    schema_file_columns(file, &first, &end);
    static const pf_column_source shown[] = {PF_SOURCE_PRESET, PF_SOURCE_BUILTIN, PF_SOURCE_SETTINGS};
    char preset_title[64];
    snprintf(preset_title, sizeof preset_title, "found by --crm %s", pf_crm_names[crm]);
    const char *const titles[] = {preset_title, "found by built-in name", "found by [columns]"};
    char item[512];
    for (size_t k = 0; k < sizeof shown / sizeof shown[0]; k++) {
        item_list list = {titles[k], 0, 0};
        for (pf_column c = first; c < end; c++)
            if (in->column_sources[c] == shown[k]) {
                snprintf(item, sizeof item, "%s = %s", pf_columns[c].name, in->headers[in->column_index[c]]);
                list_add(&list, item);
            }
        list_end(&list);
    }
    item_list missing = {"not found", 0, 0};
    for (pf_column c = first; c < end; c++)
        if (in->column_sources[c] == PF_SOURCE_ABSENT)
            list_add(&missing, pf_columns[c].name);
    list_end(&missing);
    item_list unknown = {"unknown", 0, 0};
    for (size_t i = 0; i < in->extra_count && i < VALIDATE_SHOWN_UNKNOWN; i++) {
        snprintf(item, sizeof item, "'%s'", in->headers[in->extra_index[i]]);
        list_add(&unknown, item);
    }
    if (in->extra_count > VALIDATE_SHOWN_UNKNOWN) {
        snprintf(item, sizeof item, "... and %zu more", in->extra_count - VALIDATE_SHOWN_UNKNOWN);
        list_add(&unknown, item);
    }
    list_end(&unknown);
}

/* One reject or warning: "path:line: column 'c': text", or for a workbook "path: Sheet!C7: column 'c': text".
 */
static void print_finding(const pf_input *in, long line, const char *column, const char *text)
{
    char cell[192], where[4096];
    if (model_cell(in, line, column, cell, sizeof cell)[0])
        snprintf(where, sizeof where, "%s: %s", in->path, cell);
    else if (line > 0)
        snprintf(where, sizeof where, "%s:%ld", in->path, line);
    else
        snprintf(where, sizeof where, "%s", in->path);
    if (column[0])
        printf("    %s: column '%s': %s\n", where, column, text);
    else
        printf("    %s: %s\n", where, text);
}

static void print_file(const pf_model *m, const pf_settings *s, pf_file_kind file)
{
    const pf_input *in = &m->inputs[file];
    if (!in->present) {
        printf("%s: not given%s\n\n", pf_file_names[file],
               file == PF_FILE_DEALS ? " (nothing after signature can be measured without deals)" : "");
        return;
    }
    printf("%s\n", in->path);
    bool mdy = false, any_slash = false;
    pf_column first, end;
    schema_file_columns(file, &first, &end);
    for (pf_column c = first; c < end; c++)
        if (in->slash_dates[c]) {
            any_slash = true;
            mdy |= in->date_orders[c] == PF_DATE_ORDER_MDY;
        }
    /* what the settings forced is said apart from what was detected in the file */
    char encoding[64], decimal[32];
    encoding_label(&in->info, encoding, sizeof encoding);
    if (in->info.workbook) {
        printf("  detected: Excel workbook, sheet '%s'\n", in->info.sheet);
    } else {
        snprintf(decimal, sizeof decimal, "decimal mark '%c'", in->decimal_mark);
        const char *dates = !any_slash ? NULL : mdy ? "slash dates month-first" : "slash dates day-first";
        char delimiter[32], line_ends[32];
        snprintf(delimiter, sizeof delimiter, "delimiter %s", delimiter_label(in->info.delimiter));
        snprintf(line_ends, sizeof line_ends, "%s line endings", in->info.crlf ? "CRLF" : "LF");
        const char *items[] = {delimiter, encoding, line_ends, decimal, dates};
        bool utf16 = in->info.encoding == PF_ENCODING_UTF16LE || in->info.encoding == PF_ENCODING_UTF16BE;
        bool forced[] = {false, s->encoding != PF_ENCODING_AUTO && !utf16, false, s->decimal != PF_DECIMAL_AUTO,
                         s->date_order != PF_DATE_ORDER_AUTO};
        size_t count = sizeof items / sizeof items[0];
        printf("  detected: ");
        for (size_t i = 0, shown = 0; i < count; i++)
            if (items[i] && !forced[i])
                printf(shown++ ? ", %s" : "%s", items[i]);
        printf("\n");
        bool any_forced = false;
        for (size_t i = 0; i < count; i++)
            if (items[i] && forced[i]) {
                printf(any_forced ? ", %s" : "  set by the settings: %s", items[i]);
                any_forced = true;
            }
        if (any_forced)
            printf("\n");
    }
    if (in->preamble_lines > 0)
        printf("  preamble: %ld line%s skipped before the header (report title)\n", in->preamble_lines,
               in->preamble_lines == 1 ? "" : "s");
    if (in->footer_lines > 0)
        printf("  footer: %ld line%s skipped from line %ld (report totals and notices)\n", in->footer_lines,
               in->footer_lines == 1 ? "" : "s", in->footer_line);
    /* a truncated export is the worst silent error: said here, not only among the warnings */
    if (footer_count_differs(in))
        printf("  footer: states %ld record%s but %ld row%s were read: the export may be incomplete\n",
               in->footer_records, in->footer_records == 1 ? "" : "s", in->rows_read,
               in->rows_read == 1 ? "" : "s");
    printf("  columns: %zu (%zu unknown, %s)\n", in->header_count, in->extra_count,
           file == PF_FILE_PARTNERS ? "kept as they are" : "ignored");
    print_columns(in, file, s->crm);
    printf("  rows: %ld read = %ld accepted + %ld rejected; %ld warning%s\n", in->rows_read, in->rows_accepted,
           in->rows_rejected, in->warnings, in->warnings == 1 ? "" : "s");
    size_t shown = 0;
    for (size_t i = 0; i < m->reject_count; i++) {
        const pf_reject *r = &m->rejects[i];
        if (r->file != file)
            continue;
        if (shown == 0)
            printf("  rejected rows:\n");
        if (shown++ == VALIDATE_SHOWN_REJECTS) {
            printf("    ... and %ld more (see --json)\n", in->rows_rejected - VALIDATE_SHOWN_REJECTS);
            break;
        }
        print_finding(in, r->line, r->column, r->reason);
    }
    shown = 0;
    for (size_t i = 0; i < m->warning_count; i++) {
        const pf_warning *w = &m->warnings[i];
        if (w->file != file)
            continue;
        if (shown == 0)
            printf("  warnings:\n");
        if (shown++ == VALIDATE_SHOWN_WARNINGS) {
            printf("    ... and %ld more (see --json)\n", in->warnings - VALIDATE_SHOWN_WARNINGS);
            break;
        }
        print_finding(in, w->line, w->column, w->message);
    }
    printf("\n");
}

/* True when the canonical name of c is also a column of another file (partner_id, category, amount): the
 * preset's line then names the file, "deals.partner_id = …", so that it maps that file's column only. */
static bool name_in_other_file(pf_column c)
{
    for (pf_column d = 0; d < PF_COL_COUNT; d++)
        if (pf_columns[d].file != pf_columns[c].file && strcmp(pf_columns[d].name, pf_columns[c].name) == 0)
            return true;
    return false;
}

/* Prints " a, b, c" after the start of a comment line, wrapped at about 100 characters under ";   ", then
 * what to do about them: the lines stay comments a settings file takes (at most 199 bytes). */
static void print_wrapped_names(const char *names)
{
    size_t width = 40;
    for (const char *p = names; *p;) {
        size_t n = strcspn(p, ",");
        if (width + n > 100) {
            printf("\n;  ");
            width = 3;
        }
        printf(" %.*s%s", (int)n, p, p[n] ? "," : "");
        width += n + 2;
        p += n + (p[n] ? 2 : 0);
    }
    printf(
        "\n; (custom fields of the partner programme: map each here, e.g. signed_on = Contract Signed Date)\n");
}

/* The CRM preset in use as a [columns] block to paste into partnerfunnel.ini and edit ([columns] there wins
 * over the preset), with what the CRM has no standard field for as comments. */
static void print_preset(pf_crm crm)
{
    const char *title = crm_preset_title(crm);
    printf("CRM preset: %s (--crm %s or [input] crm = %s); to change a column, copy these lines into\n"
           "partnerfunnel.ini, where [columns] wins over the preset:\n\n[columns]\n",
           title, pf_crm_names[crm], pf_crm_names[crm]);
    for (int f = PF_FILE_PARTNERS; f < PF_FILE_COUNT; f++) {
        pf_column first, end;
        schema_file_columns((pf_file_kind)f, &first, &end);
        char missing[512] = "";
        size_t length = 0;
        for (pf_column c = first; c < end; c++) {
            const char *header = crm_preset_header(crm, c);
            const char *note = crm_preset_note(crm, c);
            const char *file = name_in_other_file(c) ? pf_file_names[f] : NULL;
            if (header)
                printf("%s%s%s = %s\n", file ? file : "", file ? "." : "", pf_columns[c].name, header);
            else if (note)
                printf("; %s%s%s: %s\n", file ? file : "", file ? "." : "", pf_columns[c].name, note);
            else if (length < sizeof missing)
                length += (size_t)snprintf(missing + length, sizeof missing - length, "%s%s",
                                           length ? ", " : "", pf_columns[c].name);
            if (header && note)
                printf(";   %s\n", note);
        }
        if (f == PF_FILE_COSTS)
            printf("; costs: no CRM has a standard object for programme costs; costs.csv keeps the canonical "
                   "names\n");
        else if (length > 0) {
            printf("; %s: no standard %s field for", pf_file_names[f], title);
            print_wrapped_names(missing);
        }
    }
    printf("\n");
}

pf_error command_validate(int argc, char **argv, pf_error_context *err)
{
    static const struct option options[] = {
        PF_EXPORT_LONG_OPTIONS,
        {"json", required_argument, NULL, 'j'},
        {"clean-dir", required_argument, NULL, 'o'},
        {"strict", no_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    pf_export_options input = {0};
    const char *json_path = NULL, *clean_dir = NULL;
    bool strict = false;
    opterr = 0;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, ":hq", options, NULL)) != -1) {
        if (cli_export_option(opt, optarg, &input))
            continue;
        switch (opt) {
        case 'j': json_path = optarg; break;
        case 'o': clean_dir = optarg; break;
        case 's': strict = true; break;
        case 'h': fputs(usage, stdout); return PF_OK;
        default: return cli_getopt_error(opt, argv, err);
        }
    }
    pf_error usage_error = cli_export_operands(argc, argv, &input, err);
    if (usage_error != PF_OK)
        return usage_error;

    input.no_digests = json_path == NULL; /* only the JSON shows the files' digests */
    pf_settings settings;
    pf_model model;
    settings_init(&settings);
    model_init(&model);
    json_t *root = NULL;
    pf_error code = cli_load_export(&input, &settings, &model, err);
    if (code != PF_OK)
        goto cleanup;
    if ((code = cli_protect_inputs(&model, &settings, err)) != PF_OK ||
        (code = output_check_target(json_path, err)) != PF_OK)
        goto cleanup;
    bool json_to_stdout = json_path && strcmp(json_path, "-") == 0;
    if (!json_to_stdout) {
        if (settings.path)
            printf("settings: %s\n\n", settings.path);
        cli_print_found_beside(&input, &model, PF_LANG_EN); /* validate speaks English */
        for (int f = 0; f < PF_FILE_COUNT; f++)
            print_file(&model, &settings, (pf_file_kind)f);
        if (settings.crm != PF_CRM_NONE)
            print_preset(settings.crm);
    }
    output_group_begin(); /* the JSON and the clean files: all or none */
    if (json_path) {
        bool ok = true; /* a part that could not be built fails the whole, never drops its key */
        root = json_object();
        PF_JSON_PUT(root, "inputs", render_json_inputs(&model));
        PF_JSON_PUT(root, "rejects", render_json_rejects(&model));
        PF_JSON_PUT(root, "warnings", render_json_warnings(&model));
        root = render_json_done(root, ok);
        code = render_json_write(root, json_path, err);
        if (code != PF_OK)
            goto cleanup;
    }
    if (clean_dir) {
        code = render_csv_clean(&model, clean_dir, err);
        if (code != PF_OK || (code = output_group_commit(err)) != PF_OK)
            goto cleanup;
        if (!json_to_stdout)
            printf("canonical copy of the accepted rows written to %s/\n", clean_dir);
    }
    if ((code = output_group_commit(err)) != PF_OK)
        goto cleanup;
    if (strict && model.reject_count > 0)
        code = pf_error_set(err, PF_ERROR_DATA, NULL, 0, NULL, "%zu row%s rejected (--strict)",
                            model.reject_count, model.reject_count == 1 ? "" : "s");
    else if (strict)
        code = strict_footers(&model, err);
cleanup:
    output_group_abort();
    json_decref(root);
    model_clear(&model);
    settings_clear(&settings);
    return code;
}
