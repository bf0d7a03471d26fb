/* cmd_audit.c — `partnerfunnel audit`: the audit engagement of issue 12 from one load of a CRM export — the
 * scorecard of the white paper's four rubrics, process adherence, times, recruiters and sources, data quality,
 * findings ranked by money at stake, and the 12-month trend (audit.h, metrics_trend.h) — written as the audit
 * workbook (render_audit.h; by default reports/partner-audit-<as_of>.xlsx, or -o FILE) and/or as JSON
 * (--json; then the workbook only with -o). */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "partnerfunnel/audit.h"
#include "partnerfunnel/audit_prospects.h"
#include "partnerfunnel/cli.h"
#include "partnerfunnel/commands.h"
#include "partnerfunnel/metrics.h"
#include "partnerfunnel/output.h"
#include "partnerfunnel/render_audit.h"
#include "partnerfunnel/render_audit_json.h"
#include "partnerfunnel/render_json.h"

static const char usage[] =
    "Usage: partnerfunnel audit [DIR] [--partners F] [--deals F] [--costs F] [--config F]\n"
    "                           [--prospects F --criteria F [--id-column C]]\n"
    "                           [--as-of DATE] [-o FILE.xlsx] [--lang en|fr] [--json FILE|-]\n"
    "\n"
    "Diagnoses a client's partner recruitment against the white paper's method, from one load of its CRM\n"
    "export: the four rubrics (candidates, signing rate, partners active after onboarding, recruitment\n"
    "costs) rated against the monthly report's references; process adherence (application, committee,\n"
    "business plan, 100-day plan) with the active rate with and without each step and Fisher's exact test;\n"
    "Kaplan-Meier times to recruit, to first deal and to autonomy; recruiters and sources tested against the\n"
    "rest; data quality per file and column; findings ranked by money at stake, each citing the figures it\n"
    "rests on; and the headline figures at the last 12 month ends. Everything dated after the reporting date\n"
    "is treated as not having happened yet.\n"
    "\n"
    "Options:\n"
    "  --partners F     partners file (default DIR/partners.csv)\n"
    "  --deals F        deals file (default DIR/deals.csv when present)\n"
    "  --costs F        costs file (default DIR/costs.csv when present)\n"
    "  --config F       settings file (default DIR/partnerfunnel.ini when present)\n"
    "  --prospects F    a prospect file (any CSV with a header, e.g. SIRENE), streamed once as score does:\n"
    "                   the first rubric gains eligible prospects per profile and the share already known\n"
    "  --criteria F     the criteria table the prospects are scored against (with --prospects)\n"
    "  --id-column C    the prospects' id column, matched against the partners' company_id (default: the\n"
    "                   first column)\n"
    "  --as-of DATE     reporting date, YYYY-MM-DD (default: [report] as_of of the settings, else today)\n"
    "  -o, --output F   write the workbook to F (default reports/partner-audit-<as-of>.xlsx, the reports\n"
    "                   folder created if missing; with --json, the workbook only when -o is given)\n"
    "  --lang L         language of the workbook, en or fr (default: [report] lang of the settings, else en)\n"
    "  --json FILE      write the audit as JSON ('-' for standard output: then nothing else is printed)\n"
    "  -q, --quiet      no progress line (one is shown only when standard error is a terminal)\n"
    "  --help           show this help\n"
    "\n"
    "Examples:\n"
    "  partnerfunnel audit fixtures/demo\n"
    "  partnerfunnel audit fixtures/demo -o audit.xlsx --lang en --json audit.json\n"
    "  partnerfunnel audit client-export/ --as-of 2026-06-30 --json -\n"
    "\n"
    "Exit status: 0 done (rejected rows are listed, not fatal); 64 usage; 65 unusable data; 66 input missing;\n"
    "73 cannot create output; 74 I/O error; 78 settings error.\n";

static void print_summary(const pf_audit *audit, const pf_results *results, const char *json_path,
                          const char *workbook_path)
{
    char as_of[11];
    field_date_format_iso(results->as_of, as_of);
    printf("partnerfunnel audit as of %s\n", as_of);
    for (int k = 0; k < PF_RUBRIC_COUNT; k++)
        printf("  %-20s %s\n", pf_rubric_names[k], pf_rating_names[audit->scorecard[k].rating]);
    printf("%zu finding%s\n", audit->finding_count, audit->finding_count == 1 ? "" : "s");
    if (json_path)
        printf("Audit JSON written to %s\n", json_path);
    if (workbook_path)
        printf("Audit workbook written to %s\n", workbook_path);
}

pf_error command_audit(int argc, char **argv, pf_error_context *err)
{
    static const struct option options[] = {
        PF_EXPORT_LONG_OPTIONS,
        {"as-of", required_argument, NULL, 'a'},
        {"json", required_argument, NULL, 'j'},
        {"output", required_argument, NULL, 'o'},
        {"lang", required_argument, NULL, 'l'},
        {"prospects", required_argument, NULL, 'P'},
        {"criteria", required_argument, NULL, 'K'},
        {"id-column", required_argument, NULL, 'I'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    pf_export_options input = {0};
    const char *json_path = NULL, *workbook_path = NULL;
    const char *prospects_path = NULL, *criteria_path = NULL, *id_column = NULL;
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
        case 'P': prospects_path = optarg; break;
        case 'K': criteria_path = optarg; break;
        case 'I': id_column = optarg; break;
        case 'l':
            lang = strcmp(optarg, "fr") == 0 ? PF_LANG_FR : strcmp(optarg, "en") == 0 ? PF_LANG_EN : -1;
            if (lang < 0)
                return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL,
                                    "option '--lang': '%s' is not one of en, fr", optarg);
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
    if (!prospects_path != !criteria_path)
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "--prospects and --criteria go together");
    if (id_column && !prospects_path)
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "--id-column needs --prospects");

    pf_settings settings;
    pf_model model;
    pf_results results;
    pf_audit audit;
    pf_audit_prospects prospects;
    audit_prospects_init(&prospects);
    settings_init(&settings);
    model_init(&model);
    metrics_init(&results);
    audit_init(&audit);
    json_t *root = NULL;
    pf_error code = cli_load_export(&input, &settings, &model, err);
    if (code != PF_OK)
        goto cleanup;
    /* no output may replace an input, and a refused target stops the run before its work */
    if ((code = cli_protect_inputs(&model, &settings, err)) != PF_OK ||
        (code = output_protect_input(prospects_path, err)) != PF_OK ||
        (code = output_protect_input(criteria_path, err)) != PF_OK ||
        (code = output_check_target(json_path, err)) != PF_OK ||
        (code = output_check_target(workbook_path, err)) != PF_OK)
        goto cleanup;
    if (as_of == PF_DATE_NONE)
        as_of = settings.as_of != PF_DATE_NONE ? settings.as_of : cli_today();
    code = metrics_compute(&results, &model, &settings, as_of, err);
    if (code == PF_OK)
        code = metrics_trend(&results.trend, &model, &settings, as_of, &results, err);
    if (code == PF_OK)
        code = audit_compute(&audit, &model, &results, settings.currency, err);
    if (code == PF_OK && prospects_path) {
        code =
            audit_prospects_load(&prospects, prospects_path, criteria_path, id_column, &model, &settings, err);
        audit.prospects = &prospects;
    }
    if (code != PF_OK)
        goto cleanup;
    output_group_begin(); /* the JSON and the workbook: both or neither */
    if (json_path) {
        root = render_json_audit(&model, &settings, &results, &audit, argc, argv);
        if (!root) {
            code = pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory while building the JSON");
            goto cleanup;
        }
        code = render_json_write(root, json_path, err);
        if (code != PF_OK)
            goto cleanup;
    }
    char default_path[64];
    if (!workbook_path && !json_path) {
        render_audit_default_path(as_of, default_path);
        code = output_make_dir("reports", err);
        if (code != PF_OK)
            goto cleanup;
        workbook_path = default_path;
    }
    if (workbook_path) {
        pf_workbook_options workbook_options;
        render_workbook_options_init(&workbook_options, &settings);
        if (lang >= 0)
            workbook_options.lang = (pf_lang)lang;
        code = render_audit_workbook(workbook_path, &model, &settings, &results, &audit, &workbook_options,
                                     NULL, err);
        if (code != PF_OK)
            goto cleanup;
    }
    if ((code = output_group_commit(err)) != PF_OK)
        goto cleanup;
    if (!json_path || strcmp(json_path, "-") != 0) {
        cli_print_found_beside(&input, &model, PF_LANG_EN); /* the audit's terminal lines are English */
        print_summary(&audit, &results, json_path, workbook_path);
    }
cleanup:
    output_group_abort();
    json_decref(root);
    audit_clear(&audit);
    audit_prospects_clear(&prospects);
    metrics_clear(&results);
    model_clear(&model);
    settings_clear(&settings);
    return code;
}
