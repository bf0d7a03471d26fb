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
    const char *dir;                    /**< positional DIR, NULL when not given */
    const char *files[PF_FILE_COUNT];   /**< --partners, --deals, --costs */
    const char *config;                 /**< --config FILE */
} pf_export_options;

/** Reads the settings: --config FILE when given (must exist), else partnerfunnel.ini in DIR, else beside
 *  the partners file, else the defaults. */
pf_error cli_load_settings(const pf_export_options *options, pf_settings *settings, pf_error_context *err);

/** Settings, then the model. */
pf_error cli_load_export(const pf_export_options *options, pf_settings *settings, pf_model *model,
                         pf_error_context *err);

/** Fills err for getopt_long's '?' or ':' result (unknown option, missing argument) and returns
 *  PF_ERROR_USAGE. optopt/argv as getopt left them. */
pf_error cli_getopt_error(int result, char **argv, pf_error_context *err);

/** Today's date in local time. */
pf_date cli_today(void);

#endif
