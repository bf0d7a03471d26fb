/* cli.h — what the subcommands share on the command line: the input options of a CRM export
 * ([DIR] --partners --deals --costs --config), finding and loading the settings, and usage messages.
 *
 * Owns: pf_export_options holds borrowed pointers into argv (valid for the whole run).
 */
#ifndef PARTNERFUNNEL_CLI_H
#define PARTNERFUNNEL_CLI_H

#include <stdbool.h>

#include "partnerfunnel/error.h"
#include "partnerfunnel/model.h"
#include "partnerfunnel/settings.h"

typedef struct pf_export_options {
    const char *dir;                  /**< positional DIR (trailing '/' removed); "." (the current folder)
                                           when neither DIR nor --partners is given; the partners file's
                                           folder with --partners alone (then beside_partners) */
    const char *files[PF_FILE_COUNT]; /**< --partners, --deals, --costs */
    const char *config;               /**< --config FILE */
    bool beside_partners;             /**< dir is the folder of --partners, not given by the user */
    char folder[4096];                /**< storage for dir, without trailing '/' */
    const char *sheet;                /**< --sheet NAME: the sheet of .xlsx inputs (over [input] sheet) */
    const char *crm_name;             /**< --crm NAME as given, NULL without --crm */
    pf_crm crm;                       /**< --crm NAME parsed by cli_export_operands (over [input] crm) */
    bool quiet;                       /**< --quiet: no progress line while the files are read */
    bool no_digests;                  /**< set by a command that shows no input's digest (validate without
                                           --json): the files are not hashed (pf_settings.no_digests) */
    const char *threads;              /**< --threads N: threads parsing each file (checked by
                                           cli_export_operands), NULL for the default */
} pf_export_options;

/** The long options of every command that reads an export, to put first in its getopt_long table. */
#define PF_EXPORT_LONG_OPTIONS                                                                                 \
    {"partners", required_argument, NULL, 'p'}, {"deals", required_argument, NULL, 'd'},                       \
        {"costs", required_argument, NULL, 'c'}, {"config", required_argument, NULL, 'C'},                     \
        {"sheet", required_argument, NULL, 'S'}, {"threads", required_argument, NULL, 'J'},                    \
        {"crm", required_argument, NULL, 'R'},                                                                 \
    {                                                                                                          \
        "quiet", no_argument, NULL, 'q'                                                                        \
    }

/** Records opt (a getopt_long result) in options when it is one of PF_EXPORT_LONG_OPTIONS; false when it
 *  is not (the command handles it). arg must live as long as options (an argv string). */
bool cli_export_option(int opt, const char *arg, pf_export_options *options);

/** After getopt_long: takes the optional DIR operand and refuses any further operand (PF_ERROR_USAGE with a
 *  one-line message), a --threads value that is not a whole number from 1 to PF_READER_MAX_THREADS, and a
 *  --crm that names none of the four presets. Without DIR, the folder is the partners file's (deals.csv and
 *  costs.csv beside it are read unless named), or the current folder without --partners either. */
pf_error cli_export_operands(int argc, char **argv, pf_export_options *options, pf_error_context *err);

/** Reads the settings: --config FILE when given (must exist), else partnerfunnel.ini in DIR, else beside
 *  the partners file, else the defaults; then --sheet, --threads and --crm over what they set. */
pf_error cli_load_settings(const pf_export_options *options, pf_settings *settings, pf_error_context *err);

/** The workbook of a command taking -o and --json: *workbook_path as given; without -o or --json,
 *  default_path (in reports/, which is created). Errors: the folder cannot be created. */
pf_error cli_default_workbook(const char **workbook_path, const char *json_path, const char *default_path,
                              pf_error_context *err);

/** PF_ERROR_USAGE when --threads was given and is not a whole number from 1 to PF_READER_MAX_THREADS
 *  (cli_export_operands checks it; a command without export operands calls this). */
pf_error cli_check_threads(const pf_export_options *options, pf_error_context *err);

/** Settings, then the model (with a progress line on stderr while the files are read, when it is a terminal
 *  and options->quiet is false). */
pf_error cli_load_export(const pf_export_options *options, pf_settings *settings, pf_model *model,
                         pf_error_context *err);

/** Records every input of the run (the export's files, the settings file) with output_protect_input, so
 *  that no output of the run can replace one (output.h). PF_ERROR_MEMORY. */
pf_error cli_protect_inputs(const pf_model *model, const pf_settings *settings, pf_error_context *err);

/** Fills err for getopt_long's '?' or ':' result (unknown option, missing argument) and returns
 *  PF_ERROR_USAGE. optopt/argv as getopt left them. */
pf_error cli_getopt_error(int result, char **argv, pf_error_context *err);

/** A date given on the command line (option names it in messages, "--as-of"): YYYY-MM-DD only, from 1900
 *  on, the same rule in every command, so that 05/06/2025 is never read one way here and another there.
 *  PF_ERROR_USAGE with a one-line message otherwise. */
pf_error cli_parse_date_option(const char *option, const char *text, pf_date *out, pf_error_context *err);

/** The --lang option of the commands that write words: "en" or "fr" into *out; PF_ERROR_USAGE with a
 *  one-line message otherwise. */
pf_error cli_parse_lang_option(const char *text, int *out, pf_error_context *err);

/** With beside_partners and some file found there, prints (stdout) the line that says so, in lang. */
void cli_print_found_beside(const pf_export_options *options, const pf_model *model, pf_lang lang);

/** Today's date in local time. */
pf_date cli_today(void);

#endif
