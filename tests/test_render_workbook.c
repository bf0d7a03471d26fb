/* test_render_workbook.c — the monthly workbook: labels complete in both languages, the calendar counts, and
 * the file itself (sheets, defined names, formulas stored with their values, byte-identical runs, both
 * libxlsxwriter modes, lists continued on numbered sheets, text that is cut / repaired / never a formula,
 * atomic failure). The workbook is opened with `unzip -p` and its XML searched as text; tests/e2e/workbook.sh
 * reads it with python's zipfile + ElementTree against the JSON of the same run, and recalculates it with
 * Gnumeric (tests/recalc_check.py). Run from the repository root (fixture paths are relative). */
#include "testutil.h"

#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "partnerfunnel/labels.h"
#include "partnerfunnel/metrics.h"
#include "partnerfunnel/metrics_calendar.h"
#include "partnerfunnel/render_workbook.h"
#include "partnerfunnel/render_workbook_sheets.h"
#include "partnerfunnel/text.h"

#define CANONICAL "fixtures/crm/canonical"

static char folder[64];

static int setup(void **state)
{
    (void)state;
    snprintf(folder, sizeof folder, "/tmp/pf-test-workbook.XXXXXX");
    return mkdtemp(folder) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char command[128];
    snprintf(command, sizeof command, "rm -rf '%s'", folder);
    return system(command) == 0 ? 0 : -1;
}

static pf_date day(const char *iso)
{
    pf_date d;
    assert_int_equal(field_parse_date(iso, strlen(iso), PF_DATE_ORDER_DMY, &d, NULL), PF_FIELD_OK);
    return d;
}

/* ---- reading the file back ---- */

/* The bytes of a whole file (NUL-terminated), *size set; NULL when it cannot be read. */
static char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t capacity = 1 << 16, n = 0;
    char *data = malloc(capacity);
    size_t got;
    while (data && (got = fread(data + n, 1, capacity - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == capacity) {
            char *grown = realloc(data, capacity *= 2);
            if (!grown) {
                free(data);
                data = NULL;
            }
            data = grown;
        }
    }
    fclose(f);
    if (data)
        data[n] = '\0';
    if (size)
        *size = n;
    return data;
}

/* One part of the xlsx archive, as text (unzip -p). */
static char *part(const char *xlsx, const char *name)
{
    char command[512], out[128];
    snprintf(out, sizeof out, "%s/part.xml", folder);
    snprintf(command, sizeof command, "unzip -p '%s' '%s' > '%s' 2>/dev/null", xlsx, name, out);
    assert_int_equal(system(command), 0);
    char *text = slurp(out, NULL);
    assert_non_null(text);
    return text;
}

static bool contains(const char *haystack, const char *needle)
{
    return strstr(haystack, needle) != NULL;
}

static size_t count_of(const char *haystack, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(haystack, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Entries of a folder, hidden ones (temporary files) included. */
static size_t files_in(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

/* ---- an export loaded from the fixtures, with its figures ---- */

typedef struct run {
    pf_settings settings;
    pf_model model;
    pf_results results;
    pf_workbook_options options;
    pf_workbook_result result;
} run;

static run *run_load(const char *dir, const char *partners_only, const char *as_of)
{
    run *r = calloc(1, sizeof *r);
    assert_non_null(r);
    settings_init(&r->settings);
    model_init(&r->model);
    metrics_init(&r->results);
    pf_model_paths paths = {0};
    paths.dir = dir;
    paths.files[PF_FILE_PARTNERS] = partners_only;
    pf_error_context err;
    assert_int_equal(model_load(&r->model, &paths, &r->settings, &err), PF_OK);
    assert_int_equal(metrics_compute(&r->results, &r->model, &r->settings, day(as_of), &err), PF_OK);
    render_workbook_options_init(&r->options, &r->settings);
    return r;
}

static void run_free(run *r)
{
    metrics_clear(&r->results);
    model_clear(&r->model);
    settings_clear(&r->settings);
    free(r);
}

static pf_error run_render(run *r, const char *path)
{
    pf_error_context err;
    pf_error_clear(&err);
    return render_workbook(path, &r->model, &r->settings, &r->results, &r->options, &r->result, &err);
}

static void path_in_folder(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", folder, name);
}

/* ---- labels ---- */

static void test_labels_complete_in_both_languages(void **state)
{
    (void)state;
    for (int lang = PF_LANG_EN; lang <= PF_LANG_FR; lang++) {
        const char *const *table = labels_table((pf_lang)lang);
        for (int l = 0; l < PF_LABEL_COUNT; l++) {
            if (!table[l] || !table[l][0])
                fail_msg("label %d missing in language %d", l, lang);
            assert_true(text_is_utf8(table[l], strlen(table[l])));
        }
        /* sheet names: short enough for " (99)" within Excel's 31 characters, no forbidden character */
        for (int l = PF_LABEL_SHEET_SUMMARY; l <= PF_LABEL_SHEET_ABOUT; l++) {
            const char *name = table[l];
            size_t chars = 0;
            for (const char *p = name; *p; p++)
                chars += ((unsigned char)*p & 0xC0) != 0x80;
            assert_true(chars <= 26);
            assert_null(strpbrk(name, "[]:*?/\\'"));
        }
    }
    assert_string_equal(labels_get(PF_LANG_FR, PF_LABEL_SHEET_SUMMARY), "Synthèse");
    assert_string_equal(labels_get(PF_LANG_EN, PF_LABEL_SHEET_FIRST_DEAL), "First deal");
    assert_string_equal(labels_get(PF_LANG_EN, PF_LABEL_COUNT), "");
}

/* The printf conversions of a label ("sd" for "%s ... %d"); '%' not followed by a conversion is counted
 * as '?' so a stray percent sign in a format label shows. */
static void conversions(const char *text, char *out, size_t size)
{
    size_t o = 0;
    for (const char *p = text; *p && o + 1 < size; p++) {
        if (*p != '%')
            continue;
        p++;
        if (*p == '%')
            continue;
        out[o++] = (*p == 's' || *p == 'd') ? *p : '?';
        if (!*p)
            break;
    }
    out[o] = '\0';
}

static void test_format_labels_take_the_documented_arguments(void **state)
{
    (void)state;
    static const struct {
        pf_label label;
        const char *arguments;
    } formats[] = {
        {PF_LABEL_SHEET_PART, "sd"},
        {PF_LABEL_AS_OF, "s"},
        {PF_LABEL_CANDIDATES_COUNT, "s"},
        {PF_LABEL_SOURCE, "s"},
        {PF_LABEL_DOCUMENT_TITLE, "s"},
        {PF_LABEL_KPI_SIGNED_IN_MONTH, "s"},
        {PF_LABEL_KPI_SIGNED_YEAR, "d"},
        {PF_LABEL_KPI_MATURE, "d"},
        {PF_LABEL_KPI_ACTIVE, "d"},
        {PF_LABEL_KPI_ACTIVE_RATE, "d"},
        {PF_LABEL_AT_RISK_BREAKDOWN, "sss"},
        {PF_LABEL_PLAN_FASTER, "s"},
        {PF_LABEL_PLAN_SLOWER, "s"},
        {PF_LABEL_PLAN_NO_DIFFERENCE, "s"},
        {PF_LABEL_NOTE_OUT_OF_SCOPE, "s"},
        {PF_LABEL_NOTE_REJECTS, "s"},
        {PF_LABEL_FUNNEL_TIME_TO_RECRUIT_N, "s"},
        {PF_LABEL_COL_ACTIVE, "d"},
        {PF_LABEL_COHORTS_NOTE, "d"},
        {PF_LABEL_CHART_COHORTS, "d"},
        {PF_LABEL_CHART_RECRUITERS, "d"},
        {PF_LABEL_COL_ACTIVE_FLAG, "d"},
        {PF_LABEL_COL_LINE_IN_FILE, "s"},
        {PF_LABEL_ABOUT_MODE_STREAMED, "s"},
        {PF_LABEL_DEF_MATURE, "d"},
        {PF_LABEL_DEF_ACTIVE, "dd"},
        {PF_LABEL_SCORE_FUNNEL_TITLE, "s"},
        {PF_LABEL_SCORE_GROUPS_TITLE, "s"},
        {PF_LABEL_SCORE_GROUPS_PREFIX, "sd"},
        {PF_LABEL_SCORE_MORE_REJECTS, "s"},
        {PF_LABEL_COL_SINCE, "s"},
        {PF_LABEL_SENTENCE_CANDIDATES, "ss"},
        {PF_LABEL_SENTENCE_SIGNING, "sss"},
        {PF_LABEL_SENTENCE_ACTIVE, "sss"},
        {PF_LABEL_SENTENCE_COSTS, "ss"},
        {PF_LABEL_COL_SKIPPED, "s"},
        {PF_LABEL_FINDING_CONSIDER_ENDING, "ss"},
        {PF_LABEL_FINDING_SKIPPED_STEP, "ssss"},
        {PF_LABEL_FINDING_RECRUITER_BELOW, "ssss"},
        {PF_LABEL_FINDING_IMPLIED_SIGNATURES, "s"},
    };
    for (int lang = PF_LANG_EN; lang <= PF_LANG_FR; lang++)
        for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
            char got[16];
            conversions(labels_get((pf_lang)lang, formats[i].label), got, sizeof got);
            if (strcmp(got, formats[i].arguments) != 0)
                fail_msg("label %d (language %d) takes \"%s\", expected \"%s\"", formats[i].label, lang, got,
                         formats[i].arguments);
        }
}

/* ---- calendar counts ---- */

static void test_calendar_signings_month_and_year_to_date(void **state)
{
    (void)state;
    static const struct {
        const char *listed, *signed_on;
    } rows[] = {
        {"2026-01-05", "2026-10-01"}, /* month, year */
        {"2026-01-05", "2026-10-31"}, /* month, year: as_of itself counts */
        {"2026-01-05", "2026-09-30"}, /* year */
        {"2025-01-05", "2025-12-31"}, /* neither */
        {"2026-01-05", "2026-11-01"}, /* after as_of: not yet */
        {"2026-11-02", "2026-10-15"}, /* listed after as_of: out of scope */
        {"2026-01-05", NULL},         /* no signature date */
        {NULL, "2026-01-01"},         /* no listing date: in scope; year */
    };
    pf_partner partners[sizeof rows / sizeof rows[0]];
    memset(partners, 0, sizeof partners);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        for (int s = 0; s < PF_STEP_COUNT; s++)
            partners[i].dates[s] = PF_DATE_NONE;
        if (rows[i].listed)
            partners[i].dates[PF_STEP_LISTED] = day(rows[i].listed);
        if (rows[i].signed_on)
            partners[i].dates[PF_STEP_SIGNED] = day(rows[i].signed_on);
    }
    pf_model model;
    memset(&model, 0, sizeof model);
    model.partners = partners;
    model.partner_count = sizeof rows / sizeof rows[0];
    pf_calendar_signings c = metrics_calendar_signings(&model, day("2026-10-31"));
    assert_int_equal(c.month_start, day("2026-10-01"));
    assert_int_equal(c.year_start, day("2026-01-01"));
    assert_int_equal(c.in_month, 2);
    assert_int_equal(c.year_to_date, 4);
    c = metrics_calendar_signings(&model, PF_DATE_NONE);
    assert_int_equal(c.in_month, 0);
    assert_int_equal(c.month_start, PF_DATE_NONE);
}

static void test_default_path_names_the_as_of_date(void **state)
{
    (void)state;
    char path[64];
    render_workbook_default_path(day("2026-10-31"), path);
    assert_string_equal(path, "reports/partner-recruitment-2026-10-31.xlsx");
}

static void test_wrap_splits_at_spaces_by_characters(void **state)
{
    (void)state;
    char lines[4][41];
    size_t n = wb_wrap("Élodie écrit à Zoé : « très bien » et puis encore un long mot", 12, lines[0],
                       sizeof lines[0], 4);
    assert_int_equal(n, 4);
    assert_string_equal(lines[0], "Élodie écrit");
    assert_string_equal(lines[1], "à Zoé : «");
    assert_string_equal(lines[2], "très bien »");
    assert_string_equal(lines[3], "et puis");
    n = wb_wrap("abcdefghijklmnop", 5, lines[0], sizeof lines[0], 4);
    assert_int_equal(n, 4);
    assert_string_equal(lines[0], "abcde");
    assert_string_equal(lines[3], "p");
    assert_int_equal(wb_wrap("", 5, lines[0], sizeof lines[0], 4), 0);
}

/* ---- the workbook ---- */

static void test_workbook_sheets_names_and_formulas(void **state)
{
    (void)state;
    run *r = run_load(CANONICAL, NULL, "2025-06-30");
    char path[128];
    path_in_folder(path, sizeof path, "canonical.xlsx");
    assert_int_equal(run_render(r, path), PF_OK);
    assert_false(r->result.constant_memory);
    assert_int_equal(r->result.partner_sheets, 1);
    assert_int_equal(r->result.cut_texts, 0);

    char *workbook = part(path, "xl/workbook.xml");
    static const char *const sheets[] = {"Summary",  "Funnel",       "Cohorts",  "First deal",
                                         "Costs",    "Recruiters",   "Segments", "At risk",
                                         "Partners", "Data quality", "About"};
    const char *at = workbook;
    for (size_t i = 0; i < sizeof sheets / sizeof sheets[0]; i++) {
        char needle[64];
        snprintf(needle, sizeof needle, "<sheet name=\"%s\"", sheets[i]);
        const char *found = strstr(at, needle);
        if (!found)
            fail_msg("sheet %s missing or out of order", sheets[i]);
        at = found;
    }
    static const char *const names[] = {
        "ListedCandidates",      "SignedPartners",        "MaturePartners",    "ActivePartners",
        "ActiveRate6m",          "BadRecruits",           "CostPerBadRecruit", "CostPerActivePartner",
        "MedianDaysToFirstDeal", "FirstDealWithin100Days"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char needle[64];
        snprintf(needle, sizeof needle, "<definedName name=\"%s\">", names[i]);
        if (!contains(workbook, needle))
            fail_msg("defined name %s missing", names[i]);
    }
    assert_true(contains(workbook, "<definedName name=\"ActiveRate6m\">Cohorts!$E$"));
    assert_true(contains(workbook, "<definedName name=\"MedianDaysToFirstDeal\">'First deal'!$J$"));
    free(workbook);

    /* the Summary refers to the names, each formula stored with the value metrics computed */
    char *summary = part(path, "xl/worksheets/sheet1.xml");
    assert_true(contains(summary, "<f>ActiveRate6m</f><v>0.5714285714285714</v>"));
    assert_true(contains(summary, "<f>ListedCandidates</f><v>10</v>"));
    /* the status: a formula stored with its text; the printed Summary: one landscape page */
    assert_true(contains(summary, "<f>IF(B11&gt;=0.4,\"On track\",IF(B11&gt;=0.3,\"Watch\",\"Off track\"))</f>"
                                  "<v>On track</v>"));
    assert_true(contains(summary, "<pageSetUpPr fitToPage=\"1\"/>"));
    assert_true(contains(summary, "orientation=\"landscape\""));
    assert_false(contains(summary, "fitToHeight=\"0\""));
    assert_true(contains(summary, "<f>BadRecruits</f><v>3</v>"));
    assert_true(contains(summary, "<f>MedianDaysToFirstDeal</f><v>137</v>"));
    free(summary);
    /* Costs: the ratios are formulas over their own cells */
    char *costs = part(path, "xl/worksheets/sheet5.xml");
    assert_true(contains(costs, "<f>B8/B7</f><v>12833.33333333333</v>"));
    assert_true(contains(costs, "<f>B10/B6</f><v>34575.475</v>"));
    free(costs);
    /* Partners: a header and one row per candidate, an Excel table with filters */
    char *partners = part(path, "xl/worksheets/sheet9.xml");
    assert_int_equal(count_of(partners, "<row "), 11);
    assert_true(contains(partners, "<tableParts count=\"1\">"));
    assert_true(contains(partners, "<pane xSplit=\"1\" ySplit=\"1\""));
    free(partners);
    char *chart = part(path, "xl/charts/chart1.xml");
    assert_true(contains(chart, "Candidates reaching each stage"));
    assert_true(contains(chart, "<c:barDir val=\"bar\"/>"));
    free(chart);
    char *core = part(path, "docProps/core.xml");
    assert_true(
        contains(core, "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2025-06-30T00:00:00Z</dcterms:created>"));
    free(core);
    run_free(r);
}

static void test_workbook_is_byte_identical_across_runs(void **state)
{
    (void)state;
    run *r = run_load(CANONICAL, NULL, "2025-06-30");
    for (int mode = 0; mode < 2; mode++) {
        r->options.table_limit = mode ? -1 : 0;
        char a[128], b[128];
        path_in_folder(a, sizeof a, "a.xlsx");
        path_in_folder(b, sizeof b, "b.xlsx");
        assert_int_equal(run_render(r, a), PF_OK);
        sleep(1); /* a clock in the file would show */
        assert_int_equal(run_render(r, b), PF_OK);
        size_t size_a, size_b;
        char *x = slurp(a, &size_a), *y = slurp(b, &size_b);
        assert_non_null(x);
        assert_non_null(y);
        assert_int_equal(size_a, size_b);
        assert_memory_equal(x, y, size_a);
        free(x);
        free(y);
    }
    run_free(r);
}

static void test_constant_memory_mode_uses_autofilters(void **state)
{
    (void)state;
    run *r = run_load(CANONICAL, NULL, "2025-06-30");
    r->options.table_limit = -1;
    char path[128];
    path_in_folder(path, sizeof path, "streamed.xlsx");
    assert_int_equal(run_render(r, path), PF_OK);
    assert_true(r->result.constant_memory);
    char *partners = part(path, "xl/worksheets/sheet9.xml");
    assert_true(contains(partners, "<autoFilter ref=\"A1:"));
    assert_false(contains(partners, "<tableParts"));
    assert_int_equal(count_of(partners, "<row "), 11);
    free(partners);
    char *summary = part(path, "xl/worksheets/sheet1.xml");
    assert_true(contains(summary, "<f>ActiveRate6m</f><v>0.5714285714285714</v>"));
    free(summary);
    run_free(r);
}

static void test_french_workbook(void **state)
{
    (void)state;
    run *r = run_load(CANONICAL, NULL, "2025-06-30");
    r->options.lang = PF_LANG_FR;
    char path[128];
    path_in_folder(path, sizeof path, "fr.xlsx");
    assert_int_equal(run_render(r, path), PF_OK);
    char *workbook = part(path, "xl/workbook.xml");
    assert_true(contains(workbook, "<sheet name=\"Synthèse\""));
    assert_true(contains(workbook, "<sheet name=\"Première affaire\""));
    assert_true(contains(workbook, "<sheet name=\"Qualité des données\""));
    assert_true(contains(workbook, "<definedName name=\"MedianDaysToFirstDeal\">'Première affaire'!$J$"));
    free(workbook);
    char *styles = part(path, "xl/styles.xml");
    assert_true(contains(styles, "formatCode=\"dd/mm/yyyy\""));
    assert_true(contains(styles, "formatCode=\"#,##0 &quot;€&quot;\""));
    free(styles);
    char *strings = part(path, "xl/sharedStrings.xml");
    assert_true(contains(strings, "Taux d'activité à 6 mois"));
    assert_true(contains(strings, "Contrats signés en juin 2025"));
    free(strings);
    run_free(r);
}

static void test_missing_figures_are_na_never_zero(void **state)
{
    (void)state;
    run *r = run_load(NULL, CANONICAL "/partners.csv", "2025-06-30");
    assert_false(r->results.deals_available);
    char path[128];
    path_in_folder(path, sizeof path, "nodeals.xlsx");
    assert_int_equal(run_render(r, path), PF_OK);
    char *summary = part(path, "xl/worksheets/sheet1.xml");
    assert_false(contains(summary, "<f>ActiveRate6m</f>"));
    assert_false(contains(summary, "<f>CostPerBadRecruit</f>"));
    assert_true(contains(summary, "<f>MaturePartners</f><v>7</v>"));
    free(summary);
    char *strings = part(path, "xl/sharedStrings.xml");
    assert_true(contains(strings, "<t>n/a</t>"));
    free(strings);
    char *costs = part(path, "xl/worksheets/sheet5.xml");
    assert_false(contains(costs, "B8/B7")); /* never a division by an unknown count */
    free(costs);
    run_free(r);
}

static void test_lists_continue_on_numbered_sheets(void **state)
{
    (void)state;
    run *r = run_load(CANONICAL, NULL, "2025-06-30");
    r->options.max_rows_per_sheet = 5; /* a header and 4 rows a sheet */
    for (int mode = 0; mode < 2; mode++) {
        r->options.table_limit = mode ? -1 : 0;
        char path[128];
        path_in_folder(path, sizeof path, "split.xlsx");
        assert_int_equal(run_render(r, path), PF_OK);
        assert_int_equal(r->result.partner_sheets, 3);
        char *workbook = part(path, "xl/workbook.xml");
        assert_true(contains(workbook, "<sheet name=\"Partners\""));
        assert_true(contains(workbook, "<sheet name=\"Partners (2)\""));
        assert_true(contains(workbook, "<sheet name=\"Partners (3)\""));
        assert_false(contains(workbook, "<sheet name=\"Partners (4)\""));
        free(workbook);
    }
    run_free(r);
}

static void test_text_is_cut_repaired_and_never_a_formula(void **state)
{
    (void)state;
    run *r = run_load(CANONICAL, NULL, "2025-06-30");
    size_t long_len = 40000;
    char *long_name = malloc(long_len + 1);
    assert_non_null(long_name);
    memset(long_name, 'x', long_len);
    long_name[long_len] = '\0';
    /* the model guarantees UTF-8; the workbook checks again */
    r->model.partners[0].name = "Caf\xE9 \xFF";
    r->model.partners[1].name = "=HYPERLINK(\"http://example.com\",\"click\")";
    r->model.partners[2].name = long_name;
    r->model.partners[3].name = "_x0041_ stays as typed";
    r->model.partners[4].name = "@SUM(A1)";
    r->model.partners[5].name = "+33 1 23 45 67 89";
    char path[128];
    path_in_folder(path, sizeof path, "text.xlsx");
    assert_int_equal(run_render(r, path), PF_OK);
    assert_int_equal(r->result.cut_texts, 1);
    assert_string_equal(r->result.first_cut, "Partners!B4");
    assert_int_equal(r->result.repaired_texts, 1);
    char *strings = part(path, "xl/sharedStrings.xml");
    assert_true(text_is_utf8(strings, strlen(strings)));
    assert_true(contains(strings, "<t>Caf\xEF\xBF\xBD \xEF\xBF\xBD</t>"));
    assert_true(contains(strings, "<t>=HYPERLINK(\"http://example.com\",\"click\")</t>"));
    assert_true(contains(strings, "<t>_x005F_x0041_ stays as typed</t>"));
    assert_true(contains(strings, "<t>@SUM(A1)</t>"));
    assert_true(contains(strings, "<t>+33 1 23 45 67 89</t>"));
    const char *cut = strstr(strings, "xxxxxxxx");
    assert_non_null(cut);
    const char *end = strstr(cut, "</t>");
    assert_non_null(end);
    size_t chars = 0;
    for (const char *c = cut; c < end; c++)
        chars += ((unsigned char)*c & 0xC0) != 0x80;
    assert_int_equal(chars, 32767); /* exactly Excel's limit, the marker included */
    assert_true(contains(strings, "x … [cut: longer than Excel allows]</t>"));
    free(strings);
    char *partners = part(path, "xl/worksheets/sheet9.xml");
    assert_false(contains(partners, "HYPERLINK"));
    assert_false(contains(partners, "<f>SUM"));
    /* the only formulas of the Partners sheet are the days to the first deal */
    assert_int_equal(count_of(partners, "<f>"), 4);
    free(partners);
    free(long_name);
    run_free(r);
}

static void test_failed_runs_leave_the_previous_file_and_no_temporary(void **state)
{
    (void)state;
    run *r = run_load(CANONICAL, NULL, "2025-06-30");
    char dir[96], target[128], bad[160];
    path_in_folder(dir, sizeof dir, "failures");
    assert_int_equal(mkdir(dir, 0777), 0);
    snprintf(target, sizeof target, "%s/report.xlsx", dir);
    assert_int_equal(run_render(r, target), PF_OK);
    size_t size;
    char *before = slurp(target, &size);
    assert_non_null(before);

    /* the folder does not exist; its parent is a file */
    snprintf(bad, sizeof bad, "%s/missing/report.xlsx", dir);
    assert_int_equal(run_render(r, bad), PF_ERROR_CANNOT_CREATE);
    snprintf(bad, sizeof bad, "%s/report.xlsx/inner.xlsx", dir);
    assert_int_equal(run_render(r, bad), PF_ERROR_CANNOT_CREATE);

    /* the write itself fails half-way (file size limit, as on a full disk): a child process, so the limit
     * stays there */
    r->options.lang = PF_LANG_FR; /* different content: a partial overwrite would show */
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        struct rlimit limit = {8192, 8192};
        signal(SIGXFSZ, SIG_IGN);
        setrlimit(RLIMIT_FSIZE, &limit);
        fclose(stderr); /* libxlsxwriter prints its own error lines */
        _exit(run_render(r, target) == PF_ERROR_IO ? 0 : 1);
    }
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);

    size_t size_after;
    char *after = slurp(target, &size_after);
    assert_non_null(after);
    assert_int_equal(size, size_after);
    assert_memory_equal(before, after, size);
    assert_int_equal(files_in(dir), 1); /* report.xlsx, and no temporary */
    free(before);
    free(after);
    run_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labels_complete_in_both_languages),
        cmocka_unit_test(test_format_labels_take_the_documented_arguments),
        cmocka_unit_test(test_calendar_signings_month_and_year_to_date),
        cmocka_unit_test(test_default_path_names_the_as_of_date),
        cmocka_unit_test(test_wrap_splits_at_spaces_by_characters),
        cmocka_unit_test(test_workbook_sheets_names_and_formulas),
        cmocka_unit_test(test_workbook_is_byte_identical_across_runs),
        cmocka_unit_test(test_constant_memory_mode_uses_autofilters),
        cmocka_unit_test(test_french_workbook),
        cmocka_unit_test(test_missing_figures_are_na_never_zero),
        cmocka_unit_test(test_lists_continue_on_numbered_sheets),
        cmocka_unit_test(test_text_is_cut_repaired_and_never_a_formula),
        cmocka_unit_test(test_failed_runs_leave_the_previous_file_and_no_temporary),
    };
    return cmocka_run_group_tests(tests, setup, teardown) != 0;
}
