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
#include "partnerfunnel/labels.h"
#include "partnerfunnel/metrics.h"
#include "partnerfunnel/output.h"
#include "partnerfunnel/render_audit.h"
#include "partnerfunnel/render_audit_json.h"
#include "partnerfunnel/render_json.h"
#include "partnerfunnel/render_summary.h"

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
    "  --sheet NAME     the sheet to read in .xlsx inputs (default: the first sheet)\n"
    "  --crm CRM        read the standard export headers of salesforce, hubspot, dynamics or pipedrive\n"
    "                   (default: [input] crm of the settings; [columns] wins over it)\n"
    "  --as-of DATE     reporting date, YYYY-MM-DD (default: [report] as_of of the settings, else today)\n"
    "  -o, --output F   write the workbook to F (default reports/partner-audit-<as-of>.xlsx, the reports\n"
    "                   folder created if missing; with --json, the workbook only when -o is given)\n"
    "  --lang L         language of the workbook and the summary, en or fr (default: [report] lang, else en)\n"
    "  --json FILE      write the audit as JSON ('-' for standard output: then nothing else is printed)\n"
    "  --threads N      threads parsing each file, 1 to 8 (default: $PF_THREADS, else the CPUs, at most 8)\n"
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

/* The summary's words, one table per language; the rubrics and ratings come from the workbook's labels, so the
 * terminal and the Scorecard sheet say the same thing. */
typedef struct summary_words {
    const char *title, *rubrics, *one_finding, *findings, *no_finding, *json_written, *workbook_written;
} summary_words;

static const summary_words words[2] = {
    [PF_LANG_EN] =
        {"partnerfunnel audit as of %s\n\n", "The white paper's four rubrics\n",
         "\n1 finding, %s at stake (the Findings sheet says what it rests on)\n",
         "\n%zu findings, %s at stake in all (the Findings sheet ranks them and says what each rests on)\n",
         "\nNo finding: no rule of the audit applies to this export\n", "Audit JSON written to %s\n",
         "Audit workbook written to %s\n"},
    [PF_LANG_FR] = {"partnerfunnel audit au %s\n\n", "Les quatre critères du livre blanc\n",
                    "\n1 constat, enjeu de %s (la feuille Constats dit sur quoi il repose)\n",
                    "\n%zu constats, enjeu total de %s (la feuille Constats les classe et dit sur quoi chacun "
                    "repose)\n",
                    "\nAucun constat : aucune règle de l'audit ne s'applique à cet export\n",
                    "JSON de l'audit écrit dans %s\n", "Classeur de l'audit écrit dans %s\n"},
};

static void print_summary(const pf_audit *audit, const pf_results *results, const char *currency, pf_lang lang,
                          const char *json_path, const char *workbook_path)
{
    static const pf_label rubric_labels[PF_RUBRIC_COUNT] = {PF_LABEL_RUBRIC_CANDIDATES, PF_LABEL_RUBRIC_SIGNING,
                                                            PF_LABEL_RUBRIC_ACTIVE, PF_LABEL_RUBRIC_COSTS};
    static const pf_label rating_labels[] = {PF_LABEL_AUDIT_NOT_RATED, PF_LABEL_MARK_GOOD, PF_LABEL_MARK_WATCH,
                                             PF_LABEL_MARK_POOR};
    const summary_words *w = &words[lang];
    char as_of[11], value[64];
    field_date_format_iso(results->as_of, as_of);
    printf(w->title, as_of);
    fputs(w->rubrics, stdout);
    for (int k = 0; k < PF_RUBRIC_COUNT; k++) {
        const pf_scorecard_row *row = &audit->scorecard[k];
        printf("  ");
        render_summary_padded(stdout, labels_get(lang, rubric_labels[k]), 54);
        if (k == PF_RUBRIC_COSTS)
            render_summary_money(row->value, currency, lang, value, sizeof value);
        else
            render_summary_percent(row->value, lang, value, sizeof value);
        printf(" %14s  %s\n", value, labels_get(lang, rating_labels[row->rating]));
    }
    double at_stake = 0;
    for (size_t i = 0; i < audit->finding_count; i++)
        if (isfinite(audit->findings[i].money))
            at_stake += audit->findings[i].money;
    render_summary_money(at_stake, currency, lang, value, sizeof value);
    if (audit->finding_count == 0)
        fputs(w->no_finding, stdout);
    else if (audit->finding_count == 1)
        printf(w->one_finding, value);
    else
        printf(w->findings, audit->finding_count, value);
    if (json_path)
        printf(w->json_written, json_path);
    if (workbook_path)
        printf(w->workbook_written, workbook_path);
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
    code = metrics_compute_with_trend(&results, &model, &settings, as_of, err);
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
        code = render_json_write(root, json_path, err);
        if (code != PF_OK)
            goto cleanup;
    }
    char default_path[64];
    render_audit_default_path(as_of, default_path);
    if ((code = cli_default_workbook(&workbook_path, json_path, default_path, err)) != PF_OK)
        goto cleanup;
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
        pf_lang summary_lang = lang >= 0 ? (pf_lang)lang : settings.lang;
        cli_print_found_beside(&input, &model, summary_lang);
        print_summary(&audit, &results, settings.currency, summary_lang, json_path, workbook_path);
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
