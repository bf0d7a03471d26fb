/* cmd_score.c — `partnerfunnel score`: scores a prospect database against the ideal-partner profile
 * (docs/definitions.md "Scoring prospects", steps 4–5 of the recruitment process) in one streaming pass, and
 * writes the shortlists.
 *
 * The pass: the criteria are read and checked, then the prospect file's header, against which they are
 * compiled — every mistake in the criteria table is reported before the first prospect is read. Then one
 * loop over the records: each readable row is scored (score.h), each unreadable one counted and listed.
 * The reader tokenises in a background thread and hashes the bytes as it reads them (SHA-256, for the
 * About sheet and the JSON), so the file is read once; this thread only scores.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "partnerfunnel/cli.h"
#include "partnerfunnel/commands.h"
#include "partnerfunnel/output.h"
#include "partnerfunnel/progress.h"
#include "partnerfunnel/reader.h"
#include "partnerfunnel/render_json.h"
#include "partnerfunnel/render_shortlist.h"
#include "partnerfunnel/score.h"
#include "partnerfunnel/text.h"
#include "partnerfunnel/units.h"

static const char usage[] =
    "Usage: partnerfunnel score PROSPECTS.csv --criteria CRITERIA.csv [--partners partners.csv]\n"
    "                           [--config F] [--id-column NAME] [--group-by NAME[:PREFIX]] [--top K]\n"
    "                           [--show COL,COL...] [--units StockUniteLegale.csv]\n"
    "                           [-o shortlist.xlsx] [--csv shortlist.csv] [--json FILE|-] [-q]\n"
    "\n"
    "Scores every row of a prospect database (any CSV with a header, e.g. INSEE's SIRENE\n"
    "StockEtablissement) against the ideal-partner profiles of a criteria table, in one streaming pass:\n"
    "for each profile, how many prospects are eligible, the elimination funnel, the K best eligible\n"
    "prospects that are not partners already, and where the eligible ones are.\n"
    "\n"
    "Options:\n"
    "  --criteria F       criteria table: profile, criterion, column, test, value, weight, eliminatory\n"
    "                     (tests: equals, in, not_in, starts_with, contains, at_least, at_most, between,\n"
    "                     after, before, present; see fixtures/criteria/README.md)\n"
    "  --partners F       CRM partners file: prospects whose id matches a company_id (or its first 9\n"
    "                     characters: SIRET -> SIREN) are marked known and left out of the shortlists\n"
    "  --config F         settings file (default: partnerfunnel.ini beside the partners file, if any)\n"
    "  --id-column NAME   the column identifying a prospect (default: the first column)\n"
    "  --group-by NAME[:PREFIX]\n"
    "                     count eligible prospects per value of NAME, or of its first PREFIX characters\n"
    "                     (codePostalEtablissement:2 gives the departement)\n"
    "  --top K            shortlist length per profile (default 500)\n"
    "  --show COL,COL...  prospect columns shown beside the score (default: with SIRENE's columns, the\n"
    "                     name or sign, address, postcode, town, activity, headcount band, creation date\n"
    "                     and head-office flag; otherwise the first text column after the id)\n"
    "  --units F          legal-unit file (INSEE's StockUniteLegale, or any file with a siren column and\n"
    "                     denominationUniteLegale or nomUniteLegale): read once after scoring to add the\n"
    "                     legal name, legal category and headcount band of the shortlisted prospects\n"
    "  --sheet NAME       the sheet to read in .xlsx inputs (default: [input] sheet, else the first sheet)\n"
    "  --threads N        threads parsing the prospect file, 1 to 8 (default: $PF_THREADS, else the CPUs,\n"
    "                     at most 8)\n"
    "  -o, --output F     write the shortlist workbook (one sheet per profile, funnels, groups, About)\n"
    "  --csv FILE         write the shortlists as UTF-8 CSV with a BOM, ',' and point decimals; a text a\n"
    "                     spreadsheet would run as a formula (=, +, -, @ first) gets a leading '\n"
    "  --json FILE        write the JSON summary ('-' for standard output: then nothing else is printed)\n"
    "  -q, --quiet        no progress line (one is shown only when standard error is a terminal)\n"
    "  --help             show this help\n"
    "\n"
    "Examples:\n"
    "  partnerfunnel score fixtures/criteria/sirene-sample.csv --criteria "
    "fixtures/criteria/sirene-criteria.csv\n"
    "  partnerfunnel score StockEtablissement_utf8.csv --criteria criteria.csv --partners crm/partners.csv \\\n"
    "      --id-column siret --group-by codePostalEtablissement:2 --units StockUniteLegale_utf8.csv \\\n"
    "      -o shortlist.xlsx --csv shortlist.csv\n"
    "\n"
    "Settings ([score]): show = COL,COL; units_key = the units file's SIREN column (default siren);\n"
    "units_show = its columns to show (default trancheEffectifsUniteLegale); link = URL template with\n"
    "{siren} (default https://annuaire-entreprises.data.gouv.fr/entreprise/{siren}; empty: no link).\n"
    "\n"
    "Exit status: 0 done (unreadable rows are counted and listed, not fatal); 64 usage; 65 unusable data or\n"
    "a mistake in the criteria table; 66 input missing; 73 cannot create output; 74 I/O error;\n"
    "78 settings error.\n";

/* ---- options ---- */

typedef struct score_options {
    const char *prospects, *criteria, *partners, *config, *id_column, *group_by, *show, *units, *sheet,
        *threads;
    const char *workbook, *csv, *json;
    size_t top;
    bool quiet;
} score_options;

static pf_error parse_options(int argc, char **argv, score_options *o, bool *help, pf_error_context *err)
{
    static const struct option options[] = {
        {"criteria", required_argument, NULL, 'c'}, {"partners", required_argument, NULL, 'p'},
        {"config", required_argument, NULL, 'C'},   {"id-column", required_argument, NULL, 'i'},
        {"group-by", required_argument, NULL, 'g'}, {"top", required_argument, NULL, 't'},
        {"output", required_argument, NULL, 'o'},   {"csv", required_argument, NULL, 'v'},
        {"json", required_argument, NULL, 'j'},     {"quiet", no_argument, NULL, 'q'},
        {"show", required_argument, NULL, 's'},     {"units", required_argument, NULL, 'u'},
        {"sheet", required_argument, NULL, 'S'},    {"threads", required_argument, NULL, 'J'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    o->top = PF_SCORE_DEFAULT_TOP;
    *help = false;
    opterr = 0;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, ":ho:q", options, NULL)) != -1) {
        switch (opt) {
        case 'q': o->quiet = true; break;
        case 'c': o->criteria = optarg; break;
        case 'p': o->partners = optarg; break;
        case 'C': o->config = optarg; break;
        case 'i': o->id_column = optarg; break;
        case 'g': o->group_by = optarg; break;
        case 'o': o->workbook = optarg; break;
        case 'v': o->csv = optarg; break;
        case 'j': o->json = optarg; break;
        case 's': o->show = optarg; break;
        case 'u': o->units = optarg; break;
        case 'S': o->sheet = optarg; break;
        case 'J': o->threads = optarg; break;
        case 't': {
            long top = -1;
            if (field_parse_count(optarg, strlen(optarg), &top, NULL) != PF_FIELD_OK || top > PF_SCORE_MAX_TOP)
                return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL,
                                    "--top: '%s' is not a number from 0 to %d", optarg, PF_SCORE_MAX_TOP);
            o->top = (size_t)top;
            break;
        }
        case 'h': *help = true; return PF_OK;
        default: return cli_getopt_error(opt, argv, err);
        }
    }
    if (optind < argc)
        o->prospects = argv[optind++];
    if (optind < argc)
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "unexpected argument '%s'", argv[optind]);
    if (!o->prospects)
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "no prospect file: give PROSPECTS.csv");
    if (!o->criteria)
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "no criteria: give --criteria CRITERIA.csv");
    return PF_OK;
}

/* Splits "NAME[:PREFIX]" into name (a copy in buf) and prefix (0 = none). */
static pf_error parse_group_by(const char *text, char *buf, size_t size, size_t *prefix, pf_error_context *err)
{
    *prefix = 0;
    snprintf(buf, size, "%s", text);
    char *colon = strrchr(buf, ':');
    if (!colon || !colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1))
        return PF_OK;
    long n = 0;
    if (field_parse_count(colon + 1, strlen(colon + 1), &n, NULL) != PF_FIELD_OK || n < 1 || n > 1000)
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL,
                            "--group-by '%s': the prefix must be a number of characters from 1 to 1000", text);
    *prefix = (size_t)n;
    *colon = '\0';
    return PF_OK;
}

/* ---- the prospect file's header ---- */

/* name (as a criterion, --id-column or --group-by names it) must match one column: two columns that match
 * it (the same header, or the same after text_fold()) are refused, as validate refuses two columns for
 * one canonical name, instead of silently using the first. */
static pf_error refuse_duplicate(const char *const *names, size_t count, const char *name, const char *path,
                                 long line, pf_error_context *err)
{
    int first = -1;
    for (size_t i = 0; i < count; i++) {
        if (!text_fold_equal(names[i], strlen(names[i]), name, strlen(name)))
            continue;
        if (first >= 0)
            return pf_error_set(err, PF_ERROR_DATA, path, line, NULL,
                                "columns %d and %zu are both '%s'; keep one of them", first + 1, i + 1, name);
        first = (int)i;
    }
    return PF_OK;
}

/* The prospect file's header against the limits of a sheet and the names the run uses, before any row. */
static pf_error check_prospect_header(const pf_record *header, const pf_criteria *criteria,
                                      const score_options *o, const char *group_column, pf_error_context *err)
{
    const char *const *names = (const char *const *)header->fields;
    size_t count = header->field_count;
    if (count > PF_INPUT_COLUMNS_MAX)
        return pf_error_set(
            err, PF_ERROR_DATA, o->prospects, header->line, NULL,
            "has %zu columns, more than the %d a workbook sheet can list beside partnerfunnel's "
            "own (Excel's limit is %d); remove the columns you do not need",
            count, PF_INPUT_COLUMNS_MAX, PF_SHEET_COLUMNS_MAX);
    /* a shortlist sheet: rank, id, score, the legal unit (2 + units_show), the shown columns, the link, then
     * one column per criterion (the prospect's own columns are in the CSV only) */
    size_t most = PF_SHEET_COLUMNS_MAX - (3 + 2 + 2 * PF_SHOWN_MAX + 1);
    for (size_t p = 0; p < criteria->profile_count; p++)
        if (criteria->profiles[p].criterion_count > most)
            return pf_error_set(err, PF_ERROR_DATA, o->criteria, 0, NULL,
                                "profile '%s' has %zu criteria, more than its shortlist sheet can show (%zu)",
                                criteria->profiles[p].name, criteria->profiles[p].criterion_count, most);
    pf_error code = PF_OK;
    for (size_t i = 0; i < criteria->count && code == PF_OK; i++)
        code = refuse_duplicate(names, count, criteria->items[i].column, o->prospects, header->line, err);
    if (code == PF_OK && o->id_column)
        code = refuse_duplicate(names, count, o->id_column, o->prospects, header->line, err);
    if (code == PF_OK && o->group_by)
        code = refuse_duplicate(names, count, group_column, o->prospects, header->line, err);
    return code;
}

/* The link template (docs/definitions.md "Shown columns"): empty for none, else a URL with {siren}. Only a
 * settings file can set it (path). */
static pf_error check_link(const char *link, const char *path, pf_error_context *err)
{
    if (!link[0])
        return PF_OK;
    if (!strstr(link, "{siren}"))
        return pf_error_set(
            err, PF_ERROR_DATA, path, 0, NULL,
            "[score] link '%s' has no {siren} (where the SIREN goes in the URL); leave it empty "
            "for no link",
            link);
    if (strlen(link) > 2000) /* Excel's URLs have at most 2,079 characters */
        return pf_error_set(err, PF_ERROR_DATA, path, 0, NULL,
                            "[score] link is longer than 2,000 characters, more than Excel's links hold");
    return PF_OK;
}

/* ---- the pass ---- */

/* Reads every record, scoring or rejecting it. */
static pf_error score_rows(pf_reader *reader, pf_scorer *scorer, const char *path, bool quiet,
                           pf_error_context *err)
{
    const pf_record *header = reader_header(reader);
    pf_progress bar;
    progress_init(&bar, stderr, quiet);
    progress_start(&bar, "scoring", reader_info(reader)->size);
    long rows = 0;
    pf_error code;
    const pf_record *record;
    while ((code = reader_next(reader, &record, err)) == PF_OK && record) {
        rows++;
        progress_update(&bar, reader_offset(reader), rows);
        code = scorer_add_record(scorer, record, header, path, err);
        if (code != PF_OK)
            break;
    }
    progress_end(&bar);
    return code;
}

pf_error command_score(int argc, char **argv, pf_error_context *err)
{
    score_options o;
    bool help;
    pf_error code = parse_options(argc, argv, &o, &help, err);
    if (code != PF_OK)
        return code;
    if (help) {
        fputs(usage, stdout);
        return PF_OK;
    }
    char group_column[1024] = "";
    size_t group_prefix = 0;
    if (o.group_by) {
        code = parse_group_by(o.group_by, group_column, sizeof group_column, &group_prefix, err);
        if (code != PF_OK)
            return code;
    }

    pf_settings settings;
    settings_init(&settings);
    pf_criteria criteria;
    criteria_init(&criteria, PF_DATE_ORDER_AUTO);
    pf_reader *reader = NULL;
    pf_known *known = NULL;
    pf_scorer *scorer = NULL;
    pf_score_result result = {0};
    pf_units *units = NULL;
    pf_shown shown = {0};
    json_t *root = NULL;
    long partners_unreadable = 0;

    pf_export_options input = {0};
    input.files[PF_FILE_PARTNERS] = o.partners;
    input.config = o.config;
    input.sheet = o.sheet;
    input.threads = o.threads;
    if ((code = cli_check_threads(&input, err)) != PF_OK ||
        (code = cli_load_settings(&input, &settings, err)) != PF_OK)
        goto cleanup;
    if ((code = check_link(settings.score_link, settings.path, err)) != PF_OK)
        goto cleanup;
    /* no output may replace an input of the run (output.h) */
    const char *inputs[] = {o.prospects, o.criteria, o.partners, o.units, settings.path};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
        if ((code = output_protect_input(inputs[i], err)) != PF_OK)
            goto cleanup;
    /* a refused output stops the run before the prospects are read, not after */
    const char *outputs[] = {o.workbook, o.csv, o.json};
    for (size_t i = 0; i < sizeof outputs / sizeof outputs[0]; i++)
        if ((code = output_check_target(outputs[i], err)) != PF_OK)
            goto cleanup;
    criteria.date_order = settings.date_order;
    /* 1. the criteria, 2. the prospect file's header, 3. the criteria against it: before any prospect */
    if ((code = criteria_load(&criteria, o.criteria, &settings, err)) != PF_OK)
        goto cleanup;
    pf_reader_options reader_options = {
        .encoding = settings.encoding, .sheet = settings.sheet, .threads = settings.threads};
    if ((code = reader_open(o.prospects, &reader_options, &reader, err)) != PF_OK)
        goto cleanup;
    const pf_record *header = reader_header(reader);
    const char *const *names = (const char *const *)header->fields;
    if ((code = check_prospect_header(header, &criteria, &o, group_column, err)) != PF_OK)
        goto cleanup;
    if ((code = criteria_compile(&criteria, names, header->field_count, o.prospects, err)) != PF_OK)
        goto cleanup;
    int id_field = 0;
    if (o.id_column && (id_field = score_find_column(names, header->field_count, o.id_column)) < 0) {
        code = pf_error_set(err, PF_ERROR_DATA, o.prospects, header->line, o.id_column,
                            "no such column in the header (--id-column)");
        goto cleanup;
    }
    if ((code = score_shown_resolve(names, header->field_count, o.show ? o.show : settings.score_show, &shown,
                                    o.prospects, header->line, err)) != PF_OK)
        goto cleanup;
    int group_field = -1;
    if (o.group_by && (group_field = score_find_column(names, header->field_count, group_column)) < 0) {
        code = pf_error_set(err, PF_ERROR_DATA, o.prospects, header->line, group_column,
                            "no such column in the header (--group-by)");
        goto cleanup;
    }
    if (o.units && (code = units_check(o.units, &settings, err)) != PF_OK)
        goto cleanup;
    if (o.partners) {
        if (!(known = known_new())) {
            code = pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
            goto cleanup;
        }
        if ((code = known_load(known, o.partners, &settings, &partners_unreadable, err)) != PF_OK)
            goto cleanup;
    }
    pf_score_config config = {
        .header = names,
        .header_count = header->field_count,
        .id_field = id_field,
        .group_field = group_field,
        .group_prefix = group_prefix,
        .top = o.top,
        .known = known,
    };
    if ((code = scorer_new(&criteria, &config, &scorer, err)) != PF_OK)
        goto cleanup;

    if ((code = score_rows(reader, scorer, o.prospects, o.quiet, err)) != PF_OK)
        goto cleanup;
    if ((code = scorer_finish(scorer, &result, err)) != PF_OK)
        goto cleanup;
    score_shown_fallback(&shown, &result, id_field);
    if (o.units && (code = units_join(o.units, &settings, &result, &units, err)) != PF_OK)
        goto cleanup;
    if (units && units->duplicates > 0)
        fprintf(
            stderr,
            "partnerfunnel: warning: %s: %ld duplicate line%s of shortlisted SIRENs ignored (the first line "
            "of each SIREN is used)\n",
            o.units, units->duplicates, units->duplicates == 1 ? "" : "s");
    char sha256[65];
    bool hashed = reader_sha256(reader, sha256);

    const pf_reader_info *info = reader_info(reader);
    pf_shortlist_run run = {
        .prospects_path = o.prospects,
        .sha256 = hashed ? sha256 : NULL,
        .size = info->size,
        .delimiter = info->delimiter,
        .encoding = info->encoding,
        .criteria_path = o.criteria,
        .partners_path = o.partners,
        .known_ids = known_count(known),
        .partners_unreadable = partners_unreadable,
        .settings_path = settings.path,
        .id_column = result.header[id_field],
        .group_column = group_field >= 0 ? result.header[group_field] : NULL,
        .group_prefix = group_prefix,
        .top = o.top,
        .lang = settings.lang,
        .shown = &shown,
        .units = units,
        .link = settings.score_link,
    };
    output_group_begin(); /* -o, --csv and --json: all or none */
    if (o.workbook && (code = render_shortlist_workbook(&result, &criteria, &run, o.workbook, err)) != PF_OK)
        goto cleanup;
    if (o.csv && (code = render_shortlist_csv(&result, &run, o.csv, err)) != PF_OK)
        goto cleanup;
    if (o.json) {
        root = render_shortlist_json(&result, &criteria, &run);
        if ((code = render_json_write(root, o.json, err)) != PF_OK)
            goto cleanup;
    }
    if ((code = output_group_commit(err)) != PF_OK)
        goto cleanup;
    bool json_to_stdout = o.json && strcmp(o.json, "-") == 0;
    if (!json_to_stdout) {
        render_shortlist_text(stdout, &result, &criteria, &run);
        if (o.workbook)
            printf("\nshortlist workbook written to %s\n", o.workbook);
        if (o.csv)
            printf("%sshortlist CSV written to %s\n", o.workbook ? "" : "\n", o.csv);
        if (o.json)
            printf("%sJSON summary written to %s\n", o.workbook || o.csv ? "" : "\n", o.json);
    }
cleanup:
    output_group_abort();
    json_decref(root);
    score_result_clear(&result);
    units_free(units);
    scorer_free(scorer);
    known_free(known);
    reader_free(reader);
    criteria_clear(&criteria);
    settings_clear(&settings);
    return code;
}
