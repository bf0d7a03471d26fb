/* cli.c — shared command-line plumbing of the subcommands. */
#include "partnerfunnel/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "partnerfunnel/output.h"

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The settings file named by the options, or found beside the export; the defaults when there is none. */
static pf_error load_settings_file(const pf_export_options *options, pf_settings *settings,
                                   pf_error_context *err)
{
    if (options->config)
        return settings_load(settings, options->config, err);
    char path[4096];
    if (options->dir) {
        snprintf(path, sizeof path, "%s/partnerfunnel.ini", options->dir);
        if (file_exists(path))
            return settings_load(settings, path, err);
    }
    const char *partners = options->files[PF_FILE_PARTNERS];
    if (partners) {
        const char *slash = strrchr(partners, '/');
        if (slash)
            snprintf(path, sizeof path, "%.*s/partnerfunnel.ini", (int)(slash - partners), partners);
        else
            snprintf(path, sizeof path, "partnerfunnel.ini");
        if (file_exists(path))
            return settings_load(settings, path, err);
    }
    return PF_OK;
}

/* The --threads value, 0 when absent or not a whole number from 1 to PF_READER_MAX_THREADS. */
static int cli_threads(const pf_export_options *options)
{
    const char *text = options->threads;
    if (!text || !*text)
        return 0;
    char *end;
    errno = 0;
    long n = strtol(text, &end, 10);
    if (errno || *end || n < 1 || n > PF_READER_MAX_THREADS)
        return 0;
    return (int)n;
}

pf_error cli_load_settings(const pf_export_options *options, pf_settings *settings, pf_error_context *err)
{
    pf_error code = load_settings_file(options, settings, err);
    if (code != PF_OK)
        return code;
    if (options->sheet)
        snprintf(settings->sheet, sizeof settings->sheet, "%s", options->sheet);
    settings->threads = cli_threads(options);
    settings->no_digests = options->no_digests;
    if (options->crm != PF_CRM_NONE)
        settings->crm = options->crm;
    return PF_OK;
}

pf_error cli_default_workbook(const char **workbook_path, const char *json_path, const char *default_path,
                              pf_error_context *err)
{
    if (*workbook_path || json_path)
        return PF_OK;
    pf_error code = output_make_dir("reports", err);
    if (code == PF_OK)
        *workbook_path = default_path;
    return code;
}

pf_error cli_check_threads(const pf_export_options *options, pf_error_context *err)
{
    if (options->threads && cli_threads(options) == 0)
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL,
                            "--threads: '%s' is not a number of threads from 1 to %d", options->threads,
                            PF_READER_MAX_THREADS);
    return PF_OK;
}

pf_error cli_load_export(const pf_export_options *options, pf_settings *settings, pf_model *model,
                         pf_error_context *err)
{
    pf_error code = cli_load_settings(options, settings, err);
    if (code != PF_OK)
        return code;
    pf_progress progress;
    progress_init(&progress, stderr, options->quiet);
    pf_model_paths paths = {options->dir, {options->files[0], options->files[1], options->files[2]}};
    return model_load_progress(model, &paths, settings, &progress, err);
}

bool cli_export_option(int opt, const char *arg, pf_export_options *options)
{
    switch (opt) {
    case 'p': options->files[PF_FILE_PARTNERS] = arg; return true;
    case 'd': options->files[PF_FILE_DEALS] = arg; return true;
    case 'c': options->files[PF_FILE_COSTS] = arg; return true;
    case 'C': options->config = arg; return true;
    case 'S': options->sheet = arg; return true;
    case 'R': options->crm_name = arg; return true;
    case 'q': options->quiet = true; return true;
    case 'J': options->threads = arg; return true;
    default: return false;
    }
}

pf_error cli_export_operands(int argc, char **argv, pf_export_options *options, pf_error_context *err)
{
    if (optind < argc)
        options->dir = argv[optind++];
    if (optind < argc)
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "unexpected argument '%s'", argv[optind]);
    pf_error code = cli_check_threads(options, err);
    if (code != PF_OK)
        return code;
    if (options->crm_name && !crm_preset_parse(options->crm_name, &options->crm))
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "option '--crm': '%s' is not one of %s",
                            options->crm_name, PF_CRM_NAME_LIST);
    const char *partners = options->files[PF_FILE_PARTNERS];
    const char *folder = options->dir;
    size_t length = folder ? strlen(folder) : 0;
    if (!folder && partners) {
        const char *slash = strrchr(partners, '/');
        folder = slash ? partners : ".";
        length = slash ? (size_t)(slash - partners) + (slash == partners) : 1;
        options->beside_partners = true;
    } else if (!folder) {
        folder = ".";
        length = 1;
    }
    /* "export/" and "export" name the same folder: no "export//partners.csv" in messages */
    while (length > 1 && folder[length - 1] == '/')
        length--;
    if (length >= sizeof options->folder)
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "folder name too long: '%s'", folder);
    memcpy(options->folder, folder, length);
    options->folder[length] = '\0';
    options->dir = options->folder;
    return PF_OK;
}

void cli_print_found_beside(const pf_export_options *options, const pf_model *model, pf_lang lang)
{
    if (!options->beside_partners)
        return;
    for (int f = PF_FILE_DEALS; f < PF_FILE_COUNT; f++)
        if (!options->files[f] && model->inputs[f].present)
            printf(lang == PF_LANG_FR
                       ? "%s.csv lu à côté du fichier des partenaires (--%s en désigne un autre)\n"
                       : "%s.csv read from beside the partners file (--%s names another)\n",
                   pf_file_names[f], pf_file_names[f]);
}

pf_error cli_getopt_error(int result, char **argv, pf_error_context *err)
{
    const char *arg = argv[optind - 1];
    if (result == ':')
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "option '%s' needs a value", arg);
    if (optopt)
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "unknown option '-%c'", optopt);
    return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "unknown option '%s'", arg);
}

pf_date cli_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return field_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

pf_error cli_parse_lang_option(const char *text, int *out, pf_error_context *err)
{
    if (strcmp(text, "fr") == 0)
        *out = PF_LANG_FR;
    else if (strcmp(text, "en") == 0)
        *out = PF_LANG_EN;
    else
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "option '--lang': '%s' is not one of en, fr",
                            text);
    return PF_OK;
}

pf_error cli_parse_date_option(const char *option, const char *text, pf_date *out, pf_error_context *err)
{
    pf_date_parts parts;
    const char *why = "no date given";
    pf_field_status status = field_scan_date(text, strlen(text), &parts, &why);
    if ((status == PF_FIELD_OK && parts.form != PF_DATE_FORM_ISO) ||
        (status == PF_FIELD_INVALID && strncmp(why, "not a date", 10) == 0))
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL,
                            "option '%s': '%s' is not a date YYYY-MM-DD (the one form the command line takes: "
                            "it cannot be read two ways)",
                            option, text);
    if (status != PF_FIELD_OK)
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "option '%s': '%s': %s (expected YYYY-MM-DD)",
                            option, text, why);
    if (parts.year < PF_FIRST_YEAR)
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL,
                            "option '%s': '%s' is before %d, which Excel cannot show", option, text,
                            PF_FIRST_YEAR);
    if (!field_date_resolve(&parts, PF_DATE_ORDER_DMY, out, &why))
        return pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL, "option '%s': '%s': %s", option, text, why);
    return PF_OK;
}

pf_error cli_protect_inputs(const pf_model *model, const pf_settings *settings, pf_error_context *err)
{
    pf_error code = output_protect_input(settings->path, err);
    for (int f = 0; f < PF_FILE_COUNT && code == PF_OK; f++)
        if (model->inputs[f].present)
            code = output_protect_input(model->inputs[f].path, err);
    return code;
}
