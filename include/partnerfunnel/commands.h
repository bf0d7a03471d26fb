/* commands.h — the subcommands of the partnerfunnel program, one src/cmd_<name>.c each.
 *
 * Each command parses its own options (from argv[0] = the command name), does its work through the
 * library modules, writes its normal output, and returns a pf_error with the context filled on failure.
 * Commands never print errors or exit: main.c does, once. --help prints the usage to stdout and returns
 * PF_OK. A usage error returns PF_ERROR_USAGE with a one-line message; main adds the "Try ..." hint.
 */
#ifndef PARTNERFUNNEL_COMMANDS_H
#define PARTNERFUNNEL_COMMANDS_H

#include "partnerfunnel/error.h"

typedef pf_error (*pf_command_run)(int argc, char **argv, pf_error_context *err);

typedef struct pf_command {
    const char *name;
    pf_command_run run;
    const char *summary; /**< one line for the program's --help */
} pf_command;

pf_error command_validate(int argc, char **argv, pf_error_context *err);
pf_error command_generate(int argc, char **argv, pf_error_context *err);
pf_error command_report(int argc, char **argv, pf_error_context *err);
pf_error command_score(int argc, char **argv, pf_error_context *err);
pf_error command_plan(int argc, char **argv, pf_error_context *err);
pf_error command_audit(int argc, char **argv, pf_error_context *err);

#endif
