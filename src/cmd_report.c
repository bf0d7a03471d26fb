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
#include "partnerfunnel/render_workbook.h"

static const char usage[] =
    "Usage: partnerfunnel report [DIR] [--partners F] [--deals F] [--costs F] [--config F]\n"
    "                            [--as-of DATE] [-o FILE.xlsx] [--lang en|fr] [--json FILE|-]\n"
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
    "  --as-of DATE     reporting date, YYYY-MM-DD (default: [report] as_of of the settings, else today)\n"
    "  -o, --output F   write the workbook to F (default reports/partner-recruitment-<as-of>.xlsx, the\n"
    "                   reports folder created if missing; with --json, the workbook only when -o is given)\n"
    "  --lang L         language of the workbook, en or fr (default: [report] lang of the settings, else en)\n"
    "  --json FILE      write the JSON summary ('-' for standard output: then nothing else is printed)\n"
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

/* ---- plain-text summary ---- */

#define NA "n/a"

/* A count, or n/a when unknown. */
static const char *format_count(long value, char *buf, size_t size)
{
    if (value == PF_COUNT_UNKNOWN)
        return NA;
    snprintf(buf, size, "%ld", value);
    return buf;
}

static const char *format_percent(double fraction, char *buf, size_t size)
{
    if (!isfinite(fraction))
        return NA;
    snprintf(buf, size, "%.1f%%", 100 * fraction);
    return buf;
}

/* "p = 0.018", or "p < 0.001" below (as the workbook shows it: a tiny p, even one that underflowed to 0, is
 * no more significant than "below 0.001" to a reader); "p n/a" when not computed. */
static const char *format_p(double p, char *buf, size_t size)
{
    if (!isfinite(p))
        snprintf(buf, size, "p " NA);
    else if (p < 0.001)
        snprintf(buf, size, "p < 0.001");
    else
        snprintf(buf, size, "p = %.3f", p);
    return buf;
}

/* Whole days, or one decimal for a median halfway between two days ("45.5"). */
static const char *format_days(double days, char *buf, size_t size)
{
    if (!isfinite(days))
        return NA;
    snprintf(buf, size, days == floor(days) ? "%.0f" : "%.1f", days);
    return buf;
}

/* Whole currency units with ',' between thousands: "45,000 EUR" (amounts are never negative). */
static const char *format_money(double amount, const char *currency, char *buf, size_t size)
{
    if (!isfinite(amount))
        return NA;
    char digits[64];
    snprintf(digits, sizeof digits, "%.0f", fabs(amount));
    size_t len = strlen(digits), out = 0;
    for (size_t i = 0; i < len && out + 1 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0 && out + 2 < size)
            buf[out++] = ',';
        if (out + 1 < size)
            buf[out++] = digits[i];
    }
    buf[out] = '\0';
    snprintf(buf + out, size - out, " %s", currency);
    return buf;
}

static void print_rate_line(const char *label, long successes, long trials, const char *of, pf_proportion p)
{
    char a[32], b[32], c[32];
    if (successes == PF_COUNT_UNKNOWN)
        printf("%s: " NA " (%ld %s)\n", label, trials, of);
    else if (!isfinite(p.estimate))
        printf("%s: %ld of %ld %s\n", label, successes, trials, of);
    else
        printf("%s: %ld of %ld %s (%s, 95%% CI %s to %s)\n", label, successes, trials, of,
               format_percent(p.estimate, a, sizeof a), format_percent(p.low, b, sizeof b),
               format_percent(p.high, c, sizeof c));
}

static void print_summary(const pf_model *m, const pf_settings *s, const pf_results *r)
{
    char as_of[11], a[64], b[64], c[64], d[64];
    field_date_format_iso(r->as_of, as_of);
    printf("partnerfunnel report as of %s\n", as_of);
    for (int f = 0; f < PF_FILE_COUNT; f++) {
        const pf_input *in = &m->inputs[f];
        if (in->present) {
            printf("  %s: %ld rows read, %ld accepted, %ld rejected\n", in->path, in->rows_read,
                   in->rows_accepted, in->rows_rejected);
            /* what holds for the whole file (a missing column a figure needs) is said here, not only in --json
             */
            for (size_t i = 0; i < m->warning_count; i++)
                if (m->warnings[i].file == (pf_file_kind)f && m->warnings[i].line == 0)
                    printf("    warning: column '%s': %s\n", m->warnings[i].column, m->warnings[i].message);
        } else
            printf("  %s.csv: not given\n", pf_file_names[f]);
    }
    if (r->out_of_scope > 0)
        printf("  %ld candidate%s listed after %s left out\n", r->out_of_scope, r->out_of_scope == 1 ? "" : "s",
               as_of);
    if (!r->deals_available)
        printf("  No deals file: nothing after signature can be measured (first deal, activity, bad recruits,\n"
               "  time to first deal, at-risk partners are shown as n/a).\n");
    printf("\nFunnel          reached  conversion  95%% CI\n");
    for (int st = 0; st < PF_STAGE_COUNT; st++) {
        const pf_funnel_stage *f = &r->funnel[st];
        printf("  %-12s %8s", pf_stage_names[st], format_count(f->reached, a, sizeof a));
        if (st == PF_STAGE_LISTED)
            printf("\n");
        else
            printf("  %10s  %s to %s\n", format_percent(f->conversion.estimate, b, sizeof b),
                   format_percent(f->conversion.low, c, sizeof c),
                   format_percent(f->conversion.high, d, sizeof d));
    }
    printf("\n");
    char label[64];
    snprintf(label, sizeof label, "Active %d months after signing", r->window_months);
    print_rate_line(label, r->active.active, r->active.mature, "mature partners", r->active.rate);
    printf("Bad recruits: %s, costing %s in total, %s each\n", format_count(r->bad_recruits.count, a, sizeof a),
           format_money(r->bad_recruits.total_cost, s->currency, b, sizeof b),
           format_money(r->bad_recruits.cost_per_bad_recruit, s->currency, c, sizeof c));
    printf("Cost per active partner: %s", format_money(r->cost_per_active_partner, s->currency, a, sizeof a));
    if (isfinite(r->overhead.total))
        printf(" (programme overhead of %s shown apart, not included)",
               format_money(r->overhead.total, s->currency, b, sizeof b));
    printf("\n");
    const pf_first_deal_times *t = &r->first_deal;
    printf("Time to first deal: median %s days (95%% CI %s to %s), %s of %ld signed partners have one\n",
           format_days(t->median, a, sizeof a), format_days(t->median_low, b, sizeof b),
           format_days(t->median_high, c, sizeof c), format_count(t->events, d, sizeof d), t->partners);
    printf("First deal within 100 days: %s (95%% CI %s to %s)\n",
           format_percent(t->p_within_100_days, a, sizeof a),
           format_percent(t->p_within_100_days_low, b, sizeof b),
           format_percent(t->p_within_100_days_high, c, sizeof c));
    if (isfinite(r->hundred_day_plan.p))
        printf("100-day plan effect on time to first deal: log-rank chi-square %.2f, %s\n",
               r->hundred_day_plan.chi2, format_p(r->hundred_day_plan.p, a, sizeof a));
    else
        printf("100-day plan effect on time to first deal: " NA "\n");
    const pf_business_plan_effect *bp = &r->business_plan;
    printf("Active with a business plan: %s of %ld (%s); without: %s of %ld (%s); Fisher %s\n",
           format_count(bp->active[1], a, sizeof a), bp->mature[1],
           format_percent(bp->rate[1].estimate, b, sizeof b), format_count(bp->active[0], c, sizeof c),
           bp->mature[0], format_percent(bp->rate[0].estimate, d, sizeof d),
           format_p(bp->fisher_p, label, sizeof label));
    printf("At risk (signed, no won deal yet): %s behind at 100 days, %s to review at 6 months, %s to consider "
           "ending at 9 months\n",
           format_count(r->at_risk[PF_AT_RISK_BEHIND_100_DAYS].count, a, sizeof a),
           format_count(r->at_risk[PF_AT_RISK_REVIEW_6_MONTHS].count, b, sizeof b),
           format_count(r->at_risk[PF_AT_RISK_CONSIDER_ENDING_9_MONTHS].count, c, sizeof c));
    printf("Time to recruit (approached to signed): median %s days over %ld partners\n",
           format_days(r->time_to_recruit.median, a, sizeof a), r->time_to_recruit.n);
}

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
    while ((opt = getopt_long(argc, argv, ":ho:", options, NULL)) != -1) {
        if (cli_export_option(opt, optarg, &input))
            continue;
        switch (opt) {
        case 'j': json_path = optarg; break;
        case 'o': workbook_path = optarg; break;
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
    if (as_of == PF_DATE_NONE)
        as_of = settings.as_of != PF_DATE_NONE ? settings.as_of : cli_today();
    code = metrics_compute(&results, &model, &settings, as_of, err);
    if (code != PF_OK)
        goto cleanup;
    if (json_path) {
        root = render_json_report(&model, &settings, &results);
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
        render_workbook_default_path(as_of, default_path);
        code = output_make_dir("reports", err);
        if (code != PF_OK)
            goto cleanup;
        workbook_path = default_path;
    }
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
    if (!json_path || strcmp(json_path, "-") != 0) {
        cli_print_found_beside(&input, &model);
        print_summary(&model, &settings, &results);
        if (json_path)
            printf("\nJSON summary written to %s\n", json_path);
        if (workbook_path)
            printf("%sWorkbook written to %s\n", json_path ? "" : "\n", workbook_path);
    }
cleanup:
    json_decref(root);
    metrics_clear(&results);
    model_clear(&model);
    settings_clear(&settings);
    return code;
}
