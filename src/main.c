/* main.c — the partnerfunnel program: picks the subcommand, prints errors, exits. The only file that
 * does either. */
#include <errno.h>
#include <gsl/gsl_errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "partnerfunnel/commands.h"
#include "partnerfunnel/error.h"
#include "partnerfunnel/output.h"

static const pf_command commands[] = {
    {"validate", command_validate, "check a CRM export and account for every row"},
    {"generate", command_generate, "write a realistic synthetic CRM export"},
    {"report", command_report, "recruitment KPIs as of a date: funnel, activity, costs, time to first deal"},
    {"score", command_score, "score a prospect database against the ideal-partner profile: shortlists"},
    {"audit", command_audit, "diagnose partner recruitment: rubrics, process adherence, findings, trend"},
    {"plan", command_plan, "from a target of active partners back to the funnel, the budget and the calendar"},
};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static void print_help(FILE *out)
{
    fprintf(out, "Usage: partnerfunnel <command> [options]\n\n"
                 "Measures how well channel partners are recruited and onboarded, from CRM exports.\n\n"
                 "Commands:\n");
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\nRun 'partnerfunnel <command> --help' for a command's options and examples.\n"
                 "  --help     show this help\n"
                 "  --version  show the version\n\n"
                 "Manual: man partnerfunnel (or man -l partnerfunnel.1 in the source tree); docs/manual.md\n");
}

/* Flushes and closes stdout, so a full disk or a closed pipe is an error, not silent data loss. */
static int close_stdout(void)
{
    if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
        fprintf(stderr, "partnerfunnel: write error on standard output: %s\n", strerror(errno));
        return 74;
    }
    return 0;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "C");
    gsl_set_error_handler_off();
    output_handle_signals(); /* an interrupted run leaves no temporary file behind */

    int status = 0;
    if (argc < 2) {
        fprintf(stderr, "partnerfunnel: missing command\nTry 'partnerfunnel --help' for more information.\n");
        return 64;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        print_help(stdout);
        return close_stdout();
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("partnerfunnel %s\n", PF_VERSION);
        return close_stdout();
    }
    const pf_command *command = NULL;
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            command = &commands[i];
    if (!command) {
        fprintf(stderr,
                "partnerfunnel: unknown command '%s'\nTry 'partnerfunnel --help' for more information.\n",
                argv[1]);
        return 64;
    }

    pf_error_context err;
    pf_error_clear(&err);
    pf_error code = command->run(argc - 1, argv + 1, &err);
    if (code != PF_OK) {
        char line[3072];
        fflush(stdout);
        fprintf(stderr, "partnerfunnel: %s\n", pf_error_format(&err, line, sizeof line));
        if (code == PF_ERROR_USAGE)
            fprintf(stderr, "Try 'partnerfunnel %s --help' for more information.\n", command->name);
        status = pf_exit_status(code);
    }
    int close_status = close_stdout();
    return status ? status : close_status;
}
