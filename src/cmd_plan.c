/* cmd_plan.c — `partnerfunnel plan`: from a target of active partners back to the funnel, the budget and the
 * calendar (plan.h), written as the plan workbook (render_plan.h; by default
 * reports/recruitment-plan-<as_of>.xlsx, or -o FILE), as JSON (--json; then the workbook only with -o), and
 * printed as a short plain-text summary. Everything is computed before anything is written, so a refused
 * plan writes nothing. */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "partnerfunnel/cli.h"
#include "partnerfunnel/commands.h"
#include "partnerfunnel/metrics.h"
#include "partnerfunnel/output.h"
#include "partnerfunnel/plan.h"
#include "partnerfunnel/render_json.h"
#include "partnerfunnel/render_plan.h"
#include "partnerfunnel/render_plan_json.h"
#include "partnerfunnel/render_summary.h"

static const char usage[] =
    "Usage: partnerfunnel plan [DIR] [--partners F] [--deals F] [--costs F] [--config F]\n"
    "                          --target-active N [--target-date DATE] [--as-of DATE] [--cohort-months M]\n"
    "                          [--draws D] [--seed S] [--lever NAME=CHANGE]... [-o FILE.xlsx] [--lang en|fr]\n"
    "                          [--json FILE|-]\n"
    "\n"
    "Works back from a target of active partners to how many candidates must be listed and approached, how\n"
    "many contracts signed, what it costs and when listing must start, using the export's own conversion\n"
    "rates, delays and costs (or the [plan] section of the settings for a new programme). Rates come from the\n"
    "planning cohort: candidates listed at least M months before the as-of date, so that candidates still in\n"
    "flight do not drag them down. A Monte Carlo simulation says how sure the plan is, and the four levers of\n"
    "the white paper (candidate quality, signing rate, active rate, cost per candidate) are priced.\n"
    "\n"
    "Options:\n"
    "  --partners F, --deals F, --costs F, --config F   the export, as for 'report'\n"
    "  --sheet NAME        the sheet to read in .xlsx inputs (default: the first sheet)\n"
    "  --crm CRM           read the standard export headers of salesforce, hubspot, dynamics or pipedrive\n"
    "                      (default: [input] crm of the settings; [columns] wins over it)\n"
    "  --target-active N   active partners to reach (required, a whole number above 0)\n"
    "  --target-date DATE  when, YYYY-MM-DD (default: 31 December of the year after the as-of date)\n"
    "  --as-of DATE        planning date (default: [report] as_of of the settings, else today)\n"
    "  --cohort-months M   planning cohort: candidates listed at least M months before as-of (default 12)\n"
    "  --draws D           Monte Carlo draws (default 10000, at most 10000000)\n"
    "  --seed S            random seed (default 20240601); the same inputs and seed give the same figures\n"
    "  --lever NAME=CHANGE a scenario: quality=+10pts (listed to approached), signing=+5pts (approached to\n"
    "                      signed), active=+10pts (active after the window), cost=-15% (recruitment cost per\n"
    "                      candidate); points or percent for rates, percent for cost. Repeatable. Without\n"
    "                      --lever, each lever moves to the client's best segment, or by 10 %\n"
    "  -o, --output F      write the workbook to F (default reports/recruitment-plan-<as-of>.xlsx; with\n"
    "                      --json, the workbook only when -o is given)\n"
    "  --lang L            language of the workbook and the summary, en or fr (default: the settings', else\n"
    "                      en)\n"
    "  --json FILE         write the plan as JSON ('-' for standard output: then nothing else is printed)\n"
    "  --threads N         threads parsing each file, 1 to 8 (default: $PF_THREADS, else the CPUs, at most 8)\n"
    "  -q, --quiet         no progress line (one is shown only when standard error is a terminal)\n"
    "  --help              show this help\n"
    "\n"
    "Examples:\n"
    "  partnerfunnel plan fixtures/demo --target-active 40 --as-of 2026-10-31\n"
    "  partnerfunnel plan export/ --target-active 25 --target-date 2027-06-30 --lever cost=-15% --json -\n"
    "  partnerfunnel plan export/ --target-active 25 --lever quality=+10pts --lever active=+5pts -o plan.xlsx\n"
    "\n"
    "Exit status: 0 done; 64 usage (including a target date too early to reach, a lever outside 0-100 %);\n"
    "65 the export cannot support a plan (empty cohort, a stage nobody reached, no mature partner);\n"
    "66 input missing; 73 cannot create output; 74 I/O error; 78 settings error.\n";

#define MAX_LEVERS 16

/* A whole number from min to max for option name. */
static pf_error parse_whole(const char *name, const char *text, long min, long max, long *out,
                            pf_error_context *err)
{
    long value = 0;
    const char *why = NULL;
    if (field_parse_count(text, strlen(text), &value, &why) != PF_FIELD_OK || value < min || value > max)
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL,
                            "option '--%s': '%s' is not a whole number from %ld to %ld", name, text, min, max);
    *out = value;
    return PF_OK;
}

typedef struct plan_arguments {
    pf_export_options input;
    pf_plan_options plan;
    pf_lever_request levers[MAX_LEVERS];
    pf_date as_of;
    const char *json_path, *workbook_path;
    int lang; /* -1: the settings' */
    bool help;
} plan_arguments;

static pf_error parse_arguments(int argc, char **argv, plan_arguments *a, pf_error_context *err)
{
    static const struct option options[] = {
        PF_EXPORT_LONG_OPTIONS,
        {"target-active", required_argument, NULL, 'n'},
        {"target-date", required_argument, NULL, 't'},
        {"as-of", required_argument, NULL, 'a'},
        {"cohort-months", required_argument, NULL, 'm'},
        {"draws", required_argument, NULL, 'D'},
        {"seed", required_argument, NULL, 's'},
        {"lever", required_argument, NULL, 'L'},
        {"json", required_argument, NULL, 'j'},
        {"output", required_argument, NULL, 'o'},
        {"lang", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    optind = 1;
    int opt;
    long value;
    pf_error code = PF_OK;
    while (code == PF_OK && (opt = getopt_long(argc, argv, ":ho:q", options, NULL)) != -1) {
        if (cli_export_option(opt, optarg, &a->input))
            continue;
        switch (opt) {
        case 'n': code = parse_whole("target-active", optarg, 1, 1000000, &a->plan.target_active, err); break;
        case 't': code = cli_parse_date_option("--target-date", optarg, &a->plan.target_date, err); break;
        case 'a': code = cli_parse_date_option("--as-of", optarg, &a->as_of, err); break;
        case 'm':
            code = parse_whole("cohort-months", optarg, 1, 600, &value, err);
            a->plan.cohort_months = (int)value;
            break;
        case 'D': code = parse_whole("draws", optarg, 1, PF_PLAN_MAX_DRAWS, &a->plan.draws, err); break;
        case 's':
            code = parse_whole("seed", optarg, 0, 4294967295L, &value, err);
            a->plan.seed = (unsigned long)value;
            break;
        case 'L':
            if (a->plan.lever_count == MAX_LEVERS)
                return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "option '--lever': at most %d levers",
                                    MAX_LEVERS);
            code = plan_parse_lever(optarg, &a->levers[a->plan.lever_count++], err);
            break;
        case 'j': a->json_path = optarg; break;
        case 'o': a->workbook_path = optarg; break;
        case 'l':
            if (cli_parse_lang_option(optarg, &a->lang, err) != PF_OK)
                return PF_ERROR_USAGE;
            break;
        case 'h': a->help = true; return PF_OK;
        default: return cli_getopt_error(opt, argv, err);
        }
    }
    if (code != PF_OK)
        return code;
    code = cli_export_operands(argc, argv, &a->input, err);
    if (code == PF_OK && a->plan.target_active == 0)
        code = pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL,
                            "option '--target-active' is required: the number of active partners to reach");
    a->plan.levers = a->levers;
    return code;
}

/* ---- plain-text summary ---- */

/* The summary's words, one table per language (printf formats: their arguments are in the code below). */
typedef struct summary_words {
    const char *title, *header, *stages[PF_PLAN_STAGE_COUNT + 1], *sources[3], *budget, *no_recruitment_cost,
        *no_onboarding_cost, *start_one, *start_many, *simulation, *listing_80, *no_listing_80, *levers,
        *lever_line, *not_backed, *json_written, *workbook_written;
} summary_words;

static const summary_words words[2] = {
    [PF_LANG_EN] =
        {
            .title = "partnerfunnel plan as of %s: %ld active partners by %s\n\n",
            .header = "Needed          count  rate used  source\n",
            .stages = {"listed", "approached", "applied", "reviewed", "approved", "signed", "active"},
            .sources = {"observed", "settings", "none"},
            .budget = "Budget: %s (%s per active partner)\n",
            .no_recruitment_cost =
                "  (no recruitment cost in the export: counted as 0; set [plan] recruitment_cost)\n",
            .no_onboarding_cost =
                "  (no onboarding or partner cost in the export: counted as 0; set [plan] onboarding_cost)\n",
            .start_one = "Start listing by %s at the latest (listing in %d month)\n",
            .start_many = "Start listing by %s at the latest (listing spread over %d months)\n",
            .simulation = "Simulation (%ld draws, seed %lu): active partners P10 %.0f, P50 %.0f, P90 %.0f; "
                          "P(at least %ld) = %s; ",
            .listing_80 = "list %ld candidates for an 80%% chance\n",
            .no_listing_80 = "no listing up to %ld candidates gives an 80%% chance\n",
            .levers = "\nLevers (ranked by saving)\n",
            .lever_line = "  %-8s %-10s list %6ld, budget %s, saving %s%s\n",
            .not_backed = " (not backed by the client's own data)",
            .json_written = "\nJSON written to %s\n",
            .workbook_written = "%sWorkbook written to %s\n",
        },
    [PF_LANG_FR] =
        {
            .title = "partnerfunnel plan au %s : %ld partenaires actifs au %s\n\n",
            .header = "Nécessaires     nombre  taux       source\n",
            .stages = {"identifiés", "approchés", "candidats", "comité", "acceptés", "signés", "actifs"},
            .sources = {"observé", "paramètres", "aucune"},
            .budget = "Budget : %s (%s par partenaire actif)\n",
            .no_recruitment_cost =
                "  (aucun coût de recrutement dans l'export : compté 0 ; renseignez [plan] recruitment_cost)\n",
            .no_onboarding_cost =
                "  (aucun coût d'intégration ni du partenaire dans l'export : compté 0 ; renseignez "
                "[plan] onboarding_cost)\n",
            .start_one = "Commencer à identifier au plus tard en %s (identification sur %d mois)\n",
            .start_many = "Commencer à identifier au plus tard en %s (identification répartie sur %d mois)\n",
            .simulation =
                "Simulation (%ld tirages, graine %lu) : partenaires actifs P10 %.0f, P50 %.0f, P90 %.0f ; "
                "P(au moins %ld) = %s ; ",
            .listing_80 = "identifier %ld candidats pour 80 %% de chances\n",
            .no_listing_80 = "aucune identification jusqu'à %ld candidats ne donne 80 %% de chances\n",
            .levers = "\nLeviers (classés par économie)\n",
            .lever_line = "  %-8s %-10s identifier %6ld, budget %s, économie %s%s\n",
            .not_backed = " (non étayé par les données du client)",
            .json_written = "\nJSON écrit dans %s\n",
            .workbook_written = "%sClasseur écrit dans %s\n",
        },
};

static void print_summary(const pf_plan *p, const pf_settings *s, pf_lang lang)
{
    const summary_words *w = &words[lang];
    char as_of[11], target[11], start[11], a[64], b[64];
    field_date_format_iso(p->as_of, as_of);
    field_date_format_iso(p->target_date, target);
    field_date_format_iso(p->start_listing_by, start);
    start[7] = '\0';
    printf(w->title, as_of, p->target_active, target);
    fputs(w->header, stdout);
    for (int st = 0; st <= PF_PLAN_ACTIVE; st++) {
        printf("  ");
        render_summary_padded(stdout, w->stages[st], 12);
        printf(" %6ld", p->needed[st]);
        if (st > 0)
            printf("  %9s  %s", render_summary_percent(p->rates[st - 1].value, lang, a, sizeof a),
                   w->sources[p->rates[st - 1].source]);
        printf("\n");
    }
    printf("\n");
    printf(w->budget, render_summary_money(p->budget, s->currency, lang, a, sizeof a),
           render_summary_money(p->cost_per_active_partner, s->currency, lang, b, sizeof b));
    if (p->recruitment_cost.source == PF_PLAN_NONE)
        fputs(w->no_recruitment_cost, stdout);
    if (p->onboarding_cost.source == PF_PLAN_NONE)
        fputs(w->no_onboarding_cost, stdout);
    printf(p->listing_months == 1 ? w->start_one : w->start_many, start, p->listing_months);
    const pf_plan_simulation *sim = &p->simulation;
    printf(w->simulation, sim->draws, sim->seed, sim->p10, sim->p50, sim->p90, p->target_active,
           render_summary_percent(sim->p_target, lang, a, sizeof a));
    if (sim->listing_for_80pct >= 0)
        printf(w->listing_80, sim->listing_for_80pct);
    else
        printf(w->no_listing_80, PF_PLAN_MAX_CANDIDATES);
    fputs(w->levers, stdout);
    for (size_t i = 0; i < p->lever_count; i++) {
        const pf_plan_lever *l = &p->levers[i];
        printf(w->lever_line, pf_lever_names[l->kind], l->change, l->needed_listed,
               render_summary_money(l->budget, s->currency, lang, a, sizeof a),
               render_summary_money(l->saving, s->currency, lang, b, sizeof b), l->backed ? "" : w->not_backed);
    }
}

/* ---- the command ---- */

pf_error command_plan(int argc, char **argv, pf_error_context *err)
{
    plan_arguments a = {.as_of = PF_DATE_NONE, .lang = -1};
    plan_options_init(&a.plan);
    pf_error code = parse_arguments(argc, argv, &a, err);
    if (code != PF_OK)
        return code;
    if (a.help) {
        fputs(usage, stdout);
        return PF_OK;
    }
    pf_settings settings;
    pf_model model;
    pf_results results;
    pf_plan plan;
    settings_init(&settings);
    model_init(&model);
    metrics_init(&results);
    plan_init(&plan);
    json_t *root = NULL;
    code = cli_load_export(&a.input, &settings, &model, err);
    if (code != PF_OK)
        goto cleanup;
    if ((code = cli_protect_inputs(&model, &settings, err)) != PF_OK ||
        (code = output_check_target(a.json_path, err)) != PF_OK ||
        (code = output_check_target(a.workbook_path, err)) != PF_OK)
        goto cleanup;
    if (a.as_of == PF_DATE_NONE)
        a.as_of = settings.as_of != PF_DATE_NONE ? settings.as_of : cli_today();
    code = metrics_compute(&results, &model, &settings, a.as_of, err);
    if (code == PF_OK)
        code = plan_compute(&plan, &model, &settings, &results, &a.plan, err);
    if (code != PF_OK)
        goto cleanup;
    output_group_begin(); /* the JSON and the workbook: both or neither */
    if (a.json_path) {
        root = render_json_plan(&plan, &settings);
        code = render_json_write(root, a.json_path, err);
        if (code != PF_OK)
            goto cleanup;
    }
    char default_path[64];
    render_plan_default_path(a.as_of, default_path);
    if ((code = cli_default_workbook(&a.workbook_path, a.json_path, default_path, err)) != PF_OK)
        goto cleanup;
    if (a.workbook_path) {
        code =
            render_plan(a.workbook_path, &plan, &settings, a.lang >= 0 ? (pf_lang)a.lang : settings.lang, err);
        if (code != PF_OK)
            goto cleanup;
    }
    if ((code = output_group_commit(err)) != PF_OK)
        goto cleanup;
    if (!a.json_path || strcmp(a.json_path, "-") != 0) {
        pf_lang lang = a.lang >= 0 ? (pf_lang)a.lang : settings.lang;
        cli_print_found_beside(&a.input, &model, lang);
        print_summary(&plan, &settings, lang);
        if (a.json_path)
            printf(words[lang].json_written, a.json_path);
        if (a.workbook_path)
            printf(words[lang].workbook_written, a.json_path ? "" : "\n", a.workbook_path);
    }
cleanup:
    output_group_abort();
    json_decref(root);
    plan_clear(&plan);
    metrics_clear(&results);
    model_clear(&model);
    settings_clear(&settings);
    return code;
}
