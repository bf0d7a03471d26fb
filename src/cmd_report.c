/* cmd_report.c — `partnerfunnel report`: the recruitment KPIs of docs/definitions.md as of a date, written as
 * the monthly workbook (render_workbook.h; by default reports/partner-recruitment-<as_of>.xlsx, or -o FILE), as
 * the JSON summary (docs/manual.md "The JSON summary"; --json; then the workbook only with -o), and printed as
 * a short plain-text summary. */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "partnerfunnel/cli.h"
#include "partnerfunnel/commands.h"
#include "partnerfunnel/metrics.h"
#include "partnerfunnel/output.h"
#include "partnerfunnel/render_json.h"
#include "partnerfunnel/render_report_json.h"
#include "partnerfunnel/render_summary.h"
#include "partnerfunnel/render_workbook.h"

static const char usage[] =
    "Usage: partnerfunnel report [DIR] [--partners F] [--deals F] [--costs F] [--config F]\n"
    "                            [--as-of DATE] [-o FILE.xlsx] [--lang en|fr] [--json FILE|-] [-q]\n"
    "\n"
    "Computes the recruitment KPIs of a CRM export as of a date: the funnel with its conversion rates,\n"
    "partners active after the onboarding window, bad recruits and what they cost, cost per active partner\n"
    "(programme overhead shown apart), time to first deal (Kaplan-Meier, censoring-aware), the effect of the\n"
    "100-day plan and of the business plan, partners at risk, and segments. Everything dated after the\n"
    "reporting date is treated as not having happened yet. Every rate comes with its 95 % interval.\n"
    "\n"
    "Options:\n"
    "  --partners F     partners file (default DIR/partners.csv; without DIR, the folder is F's, or the\n"
    "                   current folder without --partners either)\n"
    "  --deals F        deals file (default DIR/deals.csv when present; without deals nothing after\n"
    "                   signature can be measured, and the report says so)\n"
    "  --costs F        costs file (default DIR/costs.csv when present)\n"
    "  --config F       settings file (default DIR/partnerfunnel.ini when present)\n"
    "  --sheet NAME     the sheet to read in .xlsx inputs (default: the first sheet)\n"
    "  --crm CRM        read the standard export headers of salesforce, hubspot, dynamics or pipedrive\n"
    "                   (default: [input] crm of the settings; [columns] wins over it)\n"
    "  --as-of DATE     reporting date, YYYY-MM-DD (default: [report] as_of of the settings, else today)\n"
    "  -o, --output F   write the workbook to F (default reports/partner-recruitment-<as-of>.xlsx, the\n"
    "                   reports folder created if missing; with --json, the workbook only when -o is given)\n"
    "  --lang L         language of the workbook and of the summary printed, en or fr (default: [report]\n"
    "                   lang of the settings, else en)\n"
    "  --json FILE      write the JSON summary ('-' for standard output: then nothing else is printed)\n"
    "  --threads N      threads parsing each file, 1 to 8 (default: $PF_THREADS, else the CPUs, at most 8)\n"
    "  -q, --quiet      no progress line (one is shown only when standard error is a terminal)\n"
    "  --help           show this help\n"
    "\n"
    "Examples:\n"
    "  partnerfunnel report fixtures/crm/canonical --as-of 2025-06-30\n"
    "  partnerfunnel report export/ --json report.json\n"
    "  partnerfunnel report fixtures/demo -o reports/demo.xlsx --lang en\n"
    "  partnerfunnel report --partners accounts.csv --deals opportunities.csv --config crm.ini --json -\n"
    "\n"
    "Exit status: 0 done (rejected rows are listed, not fatal); 64 usage; 65 unusable data; 66 input missing;\n"
    "73 cannot create output; 74 I/O error; 78 settings error.\n";

/* ---- the command ---- */

pf_error command_report(int argc, char **argv, pf_error_context *err)
{
    static const struct option options[] = {
        PF_EXPORT_LONG_OPTIONS,
        {"as-of", required_argument, NULL, 'a'},
        {"json", required_argument, NULL, 'j'},
        {"output", required_argument, NULL, 'o'},
        {"lang", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    pf_export_options input = {0};
    const char *json_path = NULL, *workbook_path = NULL;
    int lang = -1; /* -1: the settings' */
    pf_date as_of = PF_DATE_NONE;
    opterr = 0;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, ":ho:q", options, NULL)) != -1) {
        if (cli_export_option(opt, optarg, &input))
            continue;
        switch (opt) {
        case 'j': json_path = optarg; break;
        case 'o': workbook_path = optarg; break;
        case 'l':
            if (cli_parse_lang_option(optarg, &lang, err) != PF_OK)
                return PF_ERROR_USAGE;
            break;
        case 'a':
            if (cli_parse_date_option("--as-of", optarg, &as_of, err) != PF_OK)
                return PF_ERROR_USAGE;
            break;
        case 'h': fputs(usage, stdout); return PF_OK;
        default: return cli_getopt_error(opt, argv, err);
        }
    }
    pf_error usage_error = cli_export_operands(argc, argv, &input, err);
    if (usage_error != PF_OK)
        return usage_error;

    pf_settings settings;
    pf_model model;
    pf_results results;
    settings_init(&settings);
    model_init(&model);
    metrics_init(&results);
    json_t *root = NULL;
    pf_error code = cli_load_export(&input, &settings, &model, err);
    if (code != PF_OK)
        goto cleanup;
    if ((code = cli_protect_inputs(&model, &settings, err)) != PF_OK ||
        (code = output_check_target(json_path, err)) != PF_OK ||
        (code = output_check_target(workbook_path, err)) != PF_OK)
        goto cleanup;
    if (as_of == PF_DATE_NONE)
        as_of = settings.as_of != PF_DATE_NONE ? settings.as_of : cli_today();
    code = metrics_compute_with_trend(&results, &model, &settings, as_of, err);
    if (code != PF_OK)
        goto cleanup;
    output_group_begin(); /* the JSON and the workbook: both or neither */
    if (json_path) {
        root = render_json_report(&model, &settings, &results);
        code = render_json_write(root, json_path, err);
        if (code != PF_OK)
            goto cleanup;
    }
    char default_path[64];
    render_workbook_default_path(as_of, default_path);
    if ((code = cli_default_workbook(&workbook_path, json_path, default_path, err)) != PF_OK)
        goto cleanup;
    if (workbook_path) {
        pf_workbook_options workbook_options;
        pf_workbook_result written;
        render_workbook_options_init(&workbook_options, &settings);
        if (lang >= 0)
            workbook_options.lang = (pf_lang)lang;
        code = render_workbook(workbook_path, &model, &settings, &results, &workbook_options, &written, err);
        if (code != PF_OK)
            goto cleanup;
        if (written.cut_texts > 0)
            fprintf(stderr,
                    "partnerfunnel: warning: %ld text%s longer than Excel's 32,767 characters cut in the "
                    "workbook (first: %s)\n",
                    written.cut_texts, written.cut_texts == 1 ? "" : "s", written.first_cut);
    }
    if ((code = output_group_commit(err)) != PF_OK)
        goto cleanup;
    if (!json_path || strcmp(json_path, "-") != 0) {
        pf_lang summary_lang = lang >= 0 ? (pf_lang)lang : settings.lang;
        cli_print_found_beside(&input, &model, summary_lang);
        render_summary_text(stdout, &model, &settings, &results, summary_lang);
        bool fr = summary_lang == PF_LANG_FR;
        if (json_path)
            printf(fr ? "\nRésumé JSON écrit dans %s\n" : "\nJSON summary written to %s\n", json_path);
        if (workbook_path)
            printf(fr ? "%sClasseur écrit dans %s\n" : "%sWorkbook written to %s\n", json_path ? "" : "\n",
                   workbook_path);
    }
cleanup:
    output_group_abort();
    json_decref(root);
    metrics_clear(&results);
    model_clear(&model);
    settings_clear(&settings);
    return code;
}
