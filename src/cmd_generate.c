/* cmd_generate.c — `partnerfunnel generate`: options in, a synthetic CRM export out (the model is generate.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "partnerfunnel/cli.h"
#include "partnerfunnel/commands.h"
#include "partnerfunnel/generate.h"

static const char usage_text[] =
    "Usage: partnerfunnel generate --candidates N --out DIR [options]\n"
    "\n"
    "Writes a realistic synthetic CRM export: DIR/partners.csv, deals.csv, costs.csv and partnerfunnel.ini\n"
    "(the settings that read them back), or partners.xlsx, deals.xlsx, costs.xlsx with --format xlsx. The "
    "same\n"
    "options always give byte-identical files.\n"
    "\n"
    "Options:\n"
    "  --candidates N     candidate partners to draw (1 to 100000000)\n"
    "  --out DIR          output folder, created if missing; files are replaced atomically\n"
    "  --seed S           random seed, 1 to 4294967295 (default 42)\n"
    "  --as-of DATE       reporting date YYYY-MM-DD: nothing is dated after it (default 2026-10-31)\n"
    "  --dialect D        canonical (',' LF UTF-8, ISO dates, 1234.56; the default) or fr (';' CRLF\n"
    "                     Windows-1252, dd/mm/yyyy, \"1 234,56 €\", French headers and values)\n"
    "  --format F         csv (the default) or xlsx: one workbook per file, written in constant memory,\n"
    "                     dates and amounts as typed cells (the dialect then sets the headers and words)\n"
    "  --bad-rows K       also plant K rejectable rows of each of the 13 kinds the validator rejects\n"
    "                     (0 to 100000, default 0), listed in DIR/planted-rejects.csv; CSV only\n"
    "  -q, --quiet        no progress line (one is shown only when standard error is a terminal)\n"
    "  --help             show this help\n"
    "\n"
    "Examples:\n"
    "  partnerfunnel generate --candidates 1000 --out export\n"
    "  partnerfunnel generate --candidates 1000 --seed 2034 --dialect fr --bad-rows 1 --out fixtures/demo\n"
    "  partnerfunnel generate --candidates 1000000 --as-of 2025-12-31 --out /tmp/big\n"
    "  partnerfunnel generate --candidates 1000000 --format xlsx --out /tmp/big-xlsx\n";

/* A decimal integer made of digits only, in [min, max]. */
static int parse_unsigned(const char *text, unsigned long min, unsigned long max, unsigned long *out)
{
    unsigned long value = 0;
    if (*text == '\0')
        return 0;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9')
            return 0;
        unsigned digit = (unsigned)(*p - '0');
        if (value > (max - digit) / 10)
            return 0;
        value = value * 10 + digit;
    }
    if (value < min)
        return 0;
    *out = value;
    return 1;
}

/* YYYY-MM-DD, a date that exists, years 1900–9999. */
enum {
    OPT_CANDIDATES = 1,
    OPT_OUT,
    OPT_SEED,
    OPT_AS_OF,
    OPT_DIALECT,
    OPT_BAD_ROWS,
    OPT_HELP,
    OPT_QUIET,
    OPT_FORMAT
};

pf_error command_generate(int argc, char **argv, pf_error_context *err)
{
    static const struct option long_options[] = {
        {"candidates", required_argument, NULL, OPT_CANDIDATES},
        {"out", required_argument, NULL, OPT_OUT},
        {"seed", required_argument, NULL, OPT_SEED},
        {"as-of", required_argument, NULL, OPT_AS_OF},
        {"dialect", required_argument, NULL, OPT_DIALECT},
        {"bad-rows", required_argument, NULL, OPT_BAD_ROWS},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"help", no_argument, NULL, OPT_HELP},
        {"quiet", no_argument, NULL, OPT_QUIET},
        {NULL, 0, NULL, 0},
    };
    pf_generate_options options;
    generate_options_init(&options);
    const char *out = NULL;
    int have_candidates = 0;
    bool quiet = false;

    opterr = 0;
    optind = 0; /* GNU: full re-initialisation, so the command can run more than once in a process */
    for (;;) {
        int option = getopt_long(argc, argv, ":hq", long_options, NULL);
        if (option == -1)
            break;
        switch (option) {
        case OPT_CANDIDATES:
            if (!parse_unsigned(optarg, 1, (unsigned long)-1, &options.candidates))
                return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL,
                                    "option '--candidates' needs a positive integer, got '%s'", optarg);
            if (options.candidates > PF_GENERATE_MAX_CANDIDATES)
                return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL,
                                    "option '--candidates' is at most %lu, got '%s'",
                                    PF_GENERATE_MAX_CANDIDATES, optarg);
            have_candidates = 1;
            break;
        case OPT_OUT:
            if (optarg[0] == '\0')
                return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "option '--out' needs a folder name");
            out = optarg;
            break;
        case OPT_SEED:
            if (!parse_unsigned(optarg, 1, PF_GENERATE_MAX_SEED, &options.seed))
                return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL,
                                    "option '--seed' needs an integer from 1 to %lu, got '%s'",
                                    PF_GENERATE_MAX_SEED, optarg);
            break;
        case OPT_AS_OF:
            if (cli_parse_date_option("--as-of", optarg, &options.as_of, err) != PF_OK)
                return PF_ERROR_USAGE;
            break;
        case OPT_DIALECT:
            if (strcmp(optarg, "canonical") == 0)
                options.dialect = PF_DIALECT_CANONICAL;
            else if (strcmp(optarg, "fr") == 0)
                options.dialect = PF_DIALECT_FR;
            else
                return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL,
                                    "option '--dialect' needs 'canonical' or 'fr', got '%s'", optarg);
            break;
        case OPT_BAD_ROWS:
            if (!parse_unsigned(optarg, 0, PF_GENERATE_MAX_BAD_ROWS, &options.bad_rows))
                return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL,
                                    "option '--bad-rows' needs an integer from 0 to %lu, got '%s'",
                                    PF_GENERATE_MAX_BAD_ROWS, optarg);
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "csv") == 0)
                options.format = PF_GENERATE_CSV;
            else if (strcmp(optarg, "xlsx") == 0)
                options.format = PF_GENERATE_XLSX;
            else
                return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL,
                                    "option '--format' needs 'csv' or 'xlsx', got '%s'", optarg);
            break;
        case OPT_QUIET:
        case 'q': quiet = true; break;
        case OPT_HELP:
        case 'h': fputs(usage_text, stdout); return PF_OK;
        case ':': /* only long options take a value */
            return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "option '%s' needs a value",
                                argv[optind - 1]);
        default: {
            /* Unknown option, or a value given to --help: name it as typed, without any "=value". */
            const char *arg = argv[optind - 1];
            if (strncmp(arg, "--", 2) != 0)
                return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "unknown option '-%c'", optopt);
            return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "unknown option '%.*s'",
                                (int)strcspn(arg, "="), arg);
        }
        }
    }
    if (optind < argc)
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "unexpected argument '%s'", argv[optind]);
    if (!have_candidates)
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "missing option '--candidates N'");
    if (out == NULL)
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "missing option '--out DIR'");
    if (options.format == PF_GENERATE_XLSX && options.bad_rows > 0)
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL,
                            "option '--bad-rows' plants CSV lines (wrong field counts among them): it does not "
                            "go with '--format xlsx'");

    pf_progress progress;
    progress_init(&progress, stderr, quiet);
    options.progress = &progress;
    pf_generate_stats stats;
    pf_error code = generate_export(&options, out, &stats, err);
    if (code != PF_OK)
        return code;
    char as_of[11];
    field_date_format_iso(options.as_of, as_of);
    printf("%s: %lu candidates (%lu signed), %lu deals, %lu cost lines; seed %lu, as of %s, %s dialect%s", out,
           options.candidates, stats.signed_partners, stats.deal_rows, stats.cost_rows, options.seed, as_of,
           options.dialect == PF_DIALECT_FR ? "fr" : "canonical",
           options.format == PF_GENERATE_XLSX ? ", .xlsx workbooks" : "");
    if (stats.planted_rows > 0)
        printf("; %lu planted bad rows", stats.planted_rows);
    printf("\n");
    return PF_OK;
}
