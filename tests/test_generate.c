/* test_generate.c — the synthetic export: determinism, nothing after as_of, the French dialect's bytes,
 * structure, calibration, planted rows, files and folders, and the command line. */
#include "testutil.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "partnerfunnel/commands.h"
#include "partnerfunnel/field.h"
#include "partnerfunnel/generate.h"

/* ---- helpers: temporary folders, whole files, a small RFC 4180 record reader ---- */

static char *make_temp_dir(void)
{
    char *dir = strdup("/tmp/pf-test-generate.XXXXXX");
    assert_non_null(dir);
    assert_non_null(mkdtemp(dir));
    return dir;
}

static void remove_tree(const char *dir)
{
    char command[512];
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    assert_int_equal(system(command), 0);
}

typedef struct file_bytes {
    char *data;
    size_t size;
} file_bytes;

static file_bytes read_file(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    file_bytes b = {NULL, 0};
    size_t capacity = 0;
    for (;;) {
        if (b.size + 65536 > capacity) {
            capacity = capacity ? capacity * 2 : 1 << 20;
            b.data = realloc(b.data, capacity + 1);
            assert_non_null(b.data);
        }
        size_t n = fread(b.data + b.size, 1, 65536, f);
        b.size += n;
        if (n == 0)
            break;
    }
    fclose(f);
    b.data[b.size] = '\0';
    return b;
}

static int file_exists(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

#define MAX_FIELDS 32
#define MAX_FIELD 512

typedef struct record {
    int count;
    long line; /* physical line where it starts */
    char fields[MAX_FIELDS][MAX_FIELD];
} record;

typedef struct reader {
    const char *data;
    size_t size, pos;
    long line; /* physical line of the next byte */
    char delimiter;
} reader;

static void reader_init(reader *r, const file_bytes *b, char delimiter)
{
    r->data = b->data;
    r->size = b->size;
    r->pos = 0;
    r->line = 1;
    r->delimiter = delimiter;
}

/* The next record, or 0 at the end. Fields keep their bytes (no decoding). */
static int next_record(reader *r, record *rec)
{
    if (r->pos >= r->size)
        return 0;
    rec->count = 0;
    rec->line = r->line;
    size_t n = 0;
    int quoted = 0;
    for (;;) {
        char c = r->pos < r->size ? r->data[r->pos] : '\n';
        r->pos++;
        if (quoted) {
            if (c == '"' && r->pos < r->size && r->data[r->pos] == '"') {
                r->pos++;
            } else if (c == '"') {
                quoted = 0;
                continue;
            }
            if (c == '\n')
                r->line++;
        } else if (c == '"') {
            quoted = 1;
            continue;
        } else if (c == r->delimiter || c == '\n' || c == '\r') {
            assert_true(rec->count < MAX_FIELDS);
            rec->fields[rec->count][n] = '\0';
            rec->count++;
            n = 0;
            if (c == '\r') {
                assert_true(r->pos < r->size && r->data[r->pos] == '\n');
                r->pos++;
                c = '\n';
            }
            if (c == '\n') {
                r->line++;
                return 1;
            }
            continue;
        }
        assert_true(n + 1 < MAX_FIELD);
        rec->fields[rec->count][n++] = c;
    }
}

static pf_generate_options options_with(unsigned long candidates, unsigned long seed, pf_dialect dialect,
                                        unsigned long bad_rows)
{
    pf_generate_options o;
    generate_options_init(&o);
    o.candidates = candidates;
    o.seed = seed;
    o.dialect = dialect;
    o.bad_rows = bad_rows;
    return o;
}

static char *export_to_temp(const pf_generate_options *o)
{
    char *dir = make_temp_dir();
    pf_error_context err;
    pf_error_clear(&err);
    pf_error code = generate_export(o, dir, NULL, &err);
    if (code != PF_OK)
        fail_msg("generate_export: %s", err.message);
    return dir;
}

static pf_date iso_date(const char *s)
{
    int y, m, d;
    assert_int_equal(sscanf(s, "%4d-%2d-%2d", &y, &m, &d), 3);
    assert_int_equal(strlen(s), 10);
    assert_true(m >= 1 && m <= 12 && d >= 1 && d <= field_days_in_month(y, m));
    return field_date_from_ymd(y, m, d);
}

static const char *const data_files[] = {"partners.csv", "deals.csv", "costs.csv"};

/* ---- determinism ---- */

static void assert_same_files(const char *a, const char *b)
{
    for (int i = 0; i < PF_GENERATE_FILE_COUNT; i++) {
        if (!file_exists(a, pf_generate_file_names[i])) {
            assert_false(file_exists(b, pf_generate_file_names[i]));
            continue;
        }
        file_bytes x = read_file(a, pf_generate_file_names[i]);
        file_bytes y = read_file(b, pf_generate_file_names[i]);
        assert_int_equal(x.size, y.size);
        assert_memory_equal(x.data, y.data, x.size);
        free(x.data);
        free(y.data);
    }
}

static void test_generate_same_options_give_identical_bytes(void **state)
{
    (void)state;
    for (int dialect = PF_DIALECT_CANONICAL; dialect <= PF_DIALECT_FR; dialect++) {
        pf_generate_options o = options_with(3000, 7, (pf_dialect)dialect, 2);
        char *a = export_to_temp(&o);
        char *b = export_to_temp(&o);
        assert_same_files(a, b);
        remove_tree(a);
        remove_tree(b);
        free(a);
        free(b);
    }
}

static void test_generate_other_seed_gives_other_data(void **state)
{
    (void)state;
    pf_generate_options o = options_with(500, 1, PF_DIALECT_CANONICAL, 0);
    char *a = export_to_temp(&o);
    o.seed = 2;
    char *b = export_to_temp(&o);
    file_bytes x = read_file(a, "partners.csv");
    file_bytes y = read_file(b, "partners.csv");
    assert_false(x.size == y.size && memcmp(x.data, y.data, x.size) == 0);
    free(x.data);
    free(y.data);
    remove_tree(a);
    remove_tree(b);
    free(a);
    free(b);
}

/* ---- nothing after as_of, valid dates ---- */

static void test_generate_dates_nothing_after_as_of(void **state)
{
    (void)state;
    pf_generate_options o = options_with(5000, 11, PF_DIALECT_CANONICAL, 1);
    o.as_of = field_date_from_ymd(2024, 2, 29);
    char *dir = export_to_temp(&o);
    file_bytes planted = read_file(dir, "planted-rejects.csv");
    static const int date_columns[3][12] = {{7, 8, 9, 10, 12, 13, 14, 15, 16, 17, -1}, {3, -1}, {0, -1}};
    long dates = 0;
    for (int f = 0; f < 3; f++) {
        file_bytes b = read_file(dir, data_files[f]);
        reader r;
        record rec;
        reader_init(&r, &b, ',');
        assert_true(next_record(&r, &rec));
        while (next_record(&r, &rec)) {
            char key[64];
            snprintf(key, sizeof key, "%s,%ld,", data_files[f], rec.line);
            if (strstr(planted.data, key)) /* planted rows carry bad dates on purpose */
                continue;
            for (int i = 0; date_columns[f][i] >= 0; i++) {
                const char *v = rec.fields[date_columns[f][i]];
                if (v[0] == '\0')
                    continue;
                assert_true(iso_date(v) <= o.as_of);
                dates++;
            }
        }
        free(b.data);
    }
    assert_true(dates > 5000);
    free(planted.data);
    remove_tree(dir);
    free(dir);
}

/* ---- the French dialect ---- */

static void test_generate_fr_bytes_are_windows_1252(void **state)
{
    (void)state;
    pf_generate_options o = options_with(3000, 3, PF_DIALECT_FR, 1);
    char *dir = export_to_temp(&o);
    for (int f = 0; f < 3; f++) {
        file_bytes b = read_file(dir, data_files[f]);
        int euro = 0, nbsp = 0, accents = 0;
        for (size_t i = 0; i < b.size; i++) {
            unsigned char c = (unsigned char)b.data[i];
            /* Bytes Windows-1252 leaves undefined, and control characters other than CR and LF. */
            assert_false(c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D);
            assert_false(c < 0x20 && c != '\r' && c != '\n');
            /* No UTF-8 left unconverted: Â/Ã/â lead bytes never occur in our French text. */
            assert_false(c == 0xC2 || c == 0xC3 || c == 0xE2);
            euro += c == 0x80;
            nbsp += c == 0xA0;
            accents += c == 0xE9; /* é */
            /* Records end with CRLF; a bare LF only inside a quoted name. */
            if (c == '\r')
                assert_true(i + 1 < b.size && b.data[i + 1] == '\n');
        }
        assert_true(euro > 0 || f == 0);
        assert_true(accents > 0);
        if (f > 0)
            assert_true(nbsp > 0);
        free(b.data);
    }
    file_bytes p = read_file(dir, "partners.csv");
    static const char header[] =
        "Identifiant partenaire;Raison sociale;SIREN/SIRET;Cat\xE9gorie;March\xE9;Origine;"
        "Recruteur;Date d'identification;";
    assert_memory_equal(p.data, header, strlen(header));
    /* dd/mm/yyyy dates and French enum words. */
    assert_non_null(strstr(p.data, ";Accept\xE9;"));
    assert_non_null(strstr(p.data, ";Refus\xE9;"));
    free(p.data);
    file_bytes d = read_file(dir, "deals.csv");
    assert_non_null(strstr(d.data, ";Gagn\xE9;"));
    assert_non_null(strstr(d.data, ";Perdu;"));
    assert_non_null(strstr(d.data, ";En cours;"));
    assert_non_null(strstr(d.data, " \x80\r\n"));
    free(d.data);
    file_bytes ini = read_file(dir, "partnerfunnel.ini");
    /* [columns] holds only the header without a built-in name; the others are read without a line */
    assert_non_null(strstr(ini.data, "[columns]\ncompany_id = SIREN/SIRET\n\n[input]"));
    assert_null(strstr(ini.data, "signed_on = "));
    assert_non_null(strstr(ini.data, "encoding = cp1252\n"));
    assert_non_null(strstr(ini.data, "as_of = 2026-10-31\n"));
    free(ini.data);
    remove_tree(dir);
    free(dir);
}

static void test_generate_fr_money_format(void **state)
{
    (void)state;
    pf_generate_options o = options_with(2000, 5, PF_DIALECT_FR, 0);
    char *dir = export_to_temp(&o);
    file_bytes b = read_file(dir, "deals.csv");
    reader r;
    record rec;
    reader_init(&r, &b, ';');
    assert_true(next_record(&r, &rec));
    long amounts = 0, grouped = 0;
    while (next_record(&r, &rec)) {
        const char *a = rec.fields[4];
        size_t n = strlen(a);
        /* digits in groups of three separated by NBSP, ",dd €" */
        assert_true(n >= 7);
        assert_memory_equal(a + n - 5, ",", 1);
        assert_memory_equal(a + n - 2, " \x80", 2);
        for (size_t i = 0; i + 5 < n; i++)
            assert_true((a[i] >= '0' && a[i] <= '9') || (unsigned char)a[i] == 0xA0);
        grouped += strchr(a, (char)0xA0) != NULL;
        /* closed_on is dd/mm/yyyy or empty */
        const char *c = rec.fields[3];
        assert_true(c[0] == '\0' || (strlen(c) == 10 && c[2] == '/' && c[5] == '/'));
        amounts++;
    }
    assert_true(amounts > 100);
    assert_true(grouped > 0);
    free(b.data);
    remove_tree(dir);
    free(dir);
}

/* ---- structure ---- */

static int luhn_ok(const char *s)
{
    size_t n = strlen(s);
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        int d = s[n - 1 - i] - '0';
        if (i % 2 == 1) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return sum % 10 == 0;
}

static int is_canonical_amount(const char *s)
{
    size_t n = strlen(s);
    if (n < 4 || s[n - 3] != '.')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (i != n - 3 && (s[i] < '0' || s[i] > '9'))
            return 0;
    return 1;
}

static void test_generate_canonical_structure(void **state)
{
    (void)state;
    pf_generate_options o = options_with(4000, 9, PF_DIALECT_CANONICAL, 0);
    char *dir = export_to_temp(&o);
    assert_false(file_exists(dir, "planted-rejects.csv"));

    file_bytes p = read_file(dir, "partners.csv");
    static const char partners_header[] =
        "partner_id,name,company_id,category,market,source,recruiter,listed_on,approached_on,applied_on,"
        "committee_on,decision,signed_on,kickoff_on,business_plan_on,tech_autonomy_on,sales_autonomy_on,ended_"
        "on,"
        "recruitment_cost,onboarding_cost\n";
    assert_memory_equal(p.data, partners_header, strlen(partners_header));
    reader r;
    record rec;
    reader_init(&r, &p, ',');
    assert_true(next_record(&r, &rec));
    long rows = 0, multiline = 0, signed_partners = 0;
    char previous_id[MAX_FIELD] = "";
    while (next_record(&r, &rec)) {
        assert_int_equal(rec.count, 20);
        assert_true(strcmp(rec.fields[0], previous_id) > 0); /* unique, in increasing order */
        snprintf(previous_id, sizeof previous_id, "%s", rec.fields[0]);
        size_t id_length = strlen(rec.fields[2]);
        assert_true(id_length == 0 || id_length == 9 || id_length == 14);
        if (id_length > 0) {
            char siren[10];
            snprintf(siren, sizeof siren, "%.9s", rec.fields[2]);
            assert_true(luhn_ok(rec.fields[2])); /* a SIRET passes the test, and so does its SIREN */
            assert_true(luhn_ok(siren));
        }
        const char *decision = rec.fields[11];
        assert_true(!*decision || !strcmp(decision, "pending") || !strcmp(decision, "approved") ||
                    !strcmp(decision, "rejected"));
        assert_true(rec.fields[7][0] != '\0'); /* everyone is listed */
        if (rec.fields[12][0]) {
            signed_partners++;
            assert_true(is_canonical_amount(rec.fields[18]));
            assert_true(is_canonical_amount(rec.fields[19]));
        }
        multiline += strchr(rec.fields[1], '\n') != NULL;
        rows++;
    }
    assert_int_equal(rows, 4000);
    assert_true(signed_partners > 200);
    assert_true(multiline > 0);
    free(p.data);

    file_bytes d = read_file(dir, "deals.csv");
    assert_memory_equal(d.data, "deal_id,partner_id,status,closed_on,amount\n", 43);
    reader_init(&r, &d, ',');
    assert_true(next_record(&r, &rec));
    long won = 0, lost = 0, open = 0;
    while (next_record(&r, &rec)) {
        assert_int_equal(rec.count, 5);
        assert_true(strcmp(rec.fields[1], "P0000001") >= 0 && strcmp(rec.fields[1], "P0004000") <= 0);
        if (!strcmp(rec.fields[2], "open")) {
            open++;
            assert_string_equal(rec.fields[3], "");
        } else {
            assert_true(!strcmp(rec.fields[2], "won") || !strcmp(rec.fields[2], "lost"));
            won += rec.fields[2][0] == 'w';
            lost += rec.fields[2][0] == 'l';
            assert_int_equal(strlen(rec.fields[3]), 10);
        }
        assert_true(is_canonical_amount(rec.fields[4]));
    }
    assert_true(won > 100 && lost > 100 && open > 10);
    free(d.data);

    file_bytes c = read_file(dir, "costs.csv");
    assert_memory_equal(c.data, "date,partner_id,category,amount\n", 32);
    reader_init(&r, &c, ',');
    assert_true(next_record(&r, &rec));
    long overhead = 0, partner_lines = 0;
    while (next_record(&r, &rec)) {
        assert_int_equal(rec.count, 4);
        assert_int_equal(strlen(rec.fields[0]), 10);
        assert_true(is_canonical_amount(rec.fields[3]));
        if (rec.fields[1][0])
            partner_lines++;
        else
            overhead++;
    }
    assert_true(overhead > 50 && partner_lines > 100);
    free(c.data);

    file_bytes ini = read_file(dir, "partnerfunnel.ini");
    assert_non_null(strstr(ini.data, "[report]\nas_of = 2026-10-31\n"));
    assert_null(strstr(ini.data, "[columns]"));
    free(ini.data);
    remove_tree(dir);
    free(dir);
}

/* ---- calibration: about 60 % of mature partners are not active after 6 months (docs/definitions.md) ---- */

typedef struct partner_dates {
    pf_date signed_on, ended_on;
    int active;
} partner_dates;

static void test_generate_calibration_sixty_percent_not_active(void **state)
{
    (void)state;
    pf_generate_options o = options_with(30000, PF_GENERATE_DEFAULT_SEED, PF_DIALECT_CANONICAL, 0);
    char *dir = export_to_temp(&o);
    partner_dates *partners = calloc(o.candidates + 1, sizeof *partners);
    assert_non_null(partners);
    file_bytes p = read_file(dir, "partners.csv");
    reader r;
    record rec;
    reader_init(&r, &p, ',');
    assert_true(next_record(&r, &rec));
    while (next_record(&r, &rec)) {
        unsigned long number = strtoul(rec.fields[0] + 1, NULL, 10);
        assert_true(number >= 1 && number <= o.candidates);
        partners[number].signed_on = rec.fields[12][0] ? iso_date(rec.fields[12]) : PF_DATE_NONE;
        partners[number].ended_on = rec.fields[17][0] ? iso_date(rec.fields[17]) : PF_DATE_NONE;
    }
    free(p.data);
    file_bytes d = read_file(dir, "deals.csv");
    reader_init(&r, &d, ',');
    assert_true(next_record(&r, &rec));
    while (next_record(&r, &rec)) {
        if (strcmp(rec.fields[2], "won") != 0)
            continue;
        partner_dates *x = &partners[strtoul(rec.fields[1] + 1, NULL, 10)];
        pf_date closed = iso_date(rec.fields[3]);
        if (x->signed_on != PF_DATE_NONE && x->signed_on <= closed &&
            closed <= field_date_add_months(x->signed_on, 6))
            x->active = 1;
    }
    free(d.data);
    long mature = 0, active = 0;
    for (unsigned long i = 1; i <= o.candidates; i++) {
        partner_dates *x = &partners[i];
        if (x->signed_on == PF_DATE_NONE)
            continue;
        pf_date mark = field_date_add_months(x->signed_on, 6);
        if (mark > o.as_of)
            continue;
        mature++;
        if (x->active && !(x->ended_on != PF_DATE_NONE && x->ended_on < mark))
            active++;
    }
    double not_active = 1.0 - (double)active / (double)mature;
    print_message("mature %ld, active %ld, not active %.3f\n", mature, active, not_active);
    assert_true(mature > 2000);
    assert_true(not_active > 0.55 && not_active < 0.65);
    free(partners);
    remove_tree(dir);
    free(dir);
}

/* ---- planted rows ---- */

static void test_generate_planted_rows_are_listed_where_they_are(void **state)
{
    (void)state;
    pf_generate_options o = options_with(800, 13, PF_DIALECT_CANONICAL, 2);
    char *dir = export_to_temp(&o);
    file_bytes list = read_file(dir, "planted-rejects.csv");
    reader lr;
    record entry;
    reader_init(&lr, &list, ',');
    assert_true(next_record(&lr, &entry));
    assert_string_equal(entry.fields[0], "file");
    assert_string_equal(entry.fields[3], "reason");
    long entries = 0, kinds_seen[3] = {0, 0, 0};
    file_bytes files[3];
    for (int f = 0; f < 3; f++)
        files[f] = read_file(dir, data_files[f]);
    static const int widths[3] = {20, 5, 4};
    while (next_record(&lr, &entry)) {
        entries++;
        int f = !strcmp(entry.fields[0], "partners.csv") ? 0 : !strcmp(entry.fields[0], "deals.csv") ? 1 : 2;
        kinds_seen[f]++;
        long line = atol(entry.fields[1]);
        reader r;
        record rec;
        reader_init(&r, &files[f], ',');
        int found = 0;
        while (!found && next_record(&r, &rec))
            found = rec.line == line;
        assert_true(found);
        const char *reason = entry.fields[3];
        if (!strcmp(reason, "wrong field count")) {
            assert_true(rec.count != widths[f]);
            assert_string_equal(entry.fields[2], "");
        } else {
            assert_int_equal(rec.count, widths[f]);
        }
        if (!strcmp(reason, "missing partner_id"))
            assert_string_equal(rec.fields[0], "");
        if (!strcmp(reason, "won deal without closed_on")) {
            assert_string_equal(rec.fields[2], "won");
            assert_string_equal(rec.fields[3], "");
        }
        if (!strcmp(reason, "duplicate partner_id") || !strcmp(reason, "duplicate deal_id")) {
            /* the same id exists on an earlier line */
            char key[MAX_FIELD + 4];
            snprintf(key, sizeof key, "\n%s,", rec.fields[0]);
            const char *first = strstr(files[f].data, key);
            assert_non_null(first);
            long first_line = 1;
            for (const char *q = files[f].data; q <= first; q++)
                first_line += *q == '\n';
            assert_true(first_line < line);
        }
    }
    assert_int_equal(entries, 2 * PF_GENERATE_BAD_KINDS);
    assert_true(kinds_seen[0] > 0 && kinds_seen[1] > 0 && kinds_seen[2] > 0);
    for (int f = 0; f < 3; f++)
        free(files[f].data);
    free(list.data);

    /* A later run without planted rows removes the stale list. */
    o.bad_rows = 0;
    pf_error_context err;
    assert_int_equal(generate_export(&o, dir, NULL, &err), PF_OK);
    assert_false(file_exists(dir, "planted-rejects.csv"));
    remove_tree(dir);
    free(dir);
}

/* ---- files and folders ---- */

static void test_generate_write_error_is_io(void **state)
{
    (void)state;
    int full = open("/dev/full", O_WRONLY);
    if (full < 0)
        skip();
    int null = open("/dev/null", O_WRONLY);
    assert_true(null >= 0);
    int fds[PF_GENERATE_FILE_COUNT] = {full, null, null, null, -1};
    const char *labels[PF_GENERATE_FILE_COUNT] = {"out/partners.csv", "out/deals.csv", "out/costs.csv",
                                                  "out/partnerfunnel.ini", "out/planted-rejects.csv"};
    pf_generate_options o = options_with(20000, 1, PF_DIALECT_CANONICAL, 0);
    pf_error_context err;
    pf_error_clear(&err);
    assert_int_equal(generate_write(&o, fds, labels, NULL, &err), PF_ERROR_IO);
    assert_string_equal(err.file, "out/partners.csv");
    assert_string_equal(err.message, "cannot write: No space left on device");
    close(full);
    close(null);
}

static void test_generate_creates_missing_folders(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    char nested[512];
    snprintf(nested, sizeof nested, "%s/a/b/c/", dir);
    pf_generate_options o = options_with(10, 1, PF_DIALECT_CANONICAL, 0);
    pf_error_context err;
    assert_int_equal(generate_export(&o, nested, NULL, &err), PF_OK);
    snprintf(nested, sizeof nested, "%s/a/b/c", dir);
    for (int i = 0; i < PF_GENERATE_PLANTED; i++)
        assert_true(file_exists(nested, pf_generate_file_names[i]));
    remove_tree(dir);
    free(dir);
}

static void test_generate_unwritable_folder_cannot_create(void **state)
{
    (void)state;
    pf_generate_options o = options_with(10, 1, PF_DIALECT_CANONICAL, 0);
    pf_error_context err;
    pf_error_clear(&err);
    assert_int_equal(generate_export(&o, "/proc/pf-no-such/x", NULL, &err), PF_ERROR_CANNOT_CREATE);
    assert_string_equal(err.file, "/proc/pf-no-such/x");
    assert_string_equal(err.message, "cannot create the output folder: No such file or directory");

    /* A plain file where the folder should be. */
    char *dir = make_temp_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/file", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(generate_export(&o, path, NULL, &err), PF_ERROR_CANNOT_CREATE);
    remove_tree(dir);
    free(dir);
}

static void test_generate_failed_rename_leaves_no_temporary_file(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/partners.csv", dir);
    assert_int_equal(mkdir(path, 0777), 0); /* rename() of a file over a folder fails */
    snprintf(path, sizeof path, "%s/partners.csv/keep", dir);
    FILE *keep = fopen(path, "w");
    assert_non_null(keep);
    fclose(keep);
    pf_generate_options o = options_with(50, 1, PF_DIALECT_CANONICAL, 1);
    pf_error_context err;
    pf_error_clear(&err);
    assert_int_equal(generate_export(&o, dir, NULL, &err), PF_ERROR_CANNOT_CREATE);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    int entries = 0;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        entries++;
        assert_string_equal(e->d_name, "partners.csv"); /* nothing else: no temporary, nothing renamed */
    }
    closedir(d);
    assert_int_equal(entries, 1);
    remove_tree(dir);
    free(dir);
}

/* ---- the command line ---- */

static pf_error run_command(pf_error_context *err, int argc, ...)
{
    char *argv[16];
    va_list ap;
    va_start(ap, argc);
    for (int i = 0; i < argc; i++)
        argv[i] = va_arg(ap, char *);
    va_end(ap);
    argv[argc] = NULL;
    pf_error_clear(err);
    /* The command's summary and help go to stdout: keep them out of the test log. */
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    int null = open("/dev/null", O_WRONLY);
    assert_true(saved >= 0 && null >= 0);
    dup2(null, STDOUT_FILENO);
    close(null);
    pf_error code = command_generate(argc, argv, err);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    return code;
}

static void test_generate_command_usage_errors(void **state)
{
    (void)state;
    pf_error_context err;
    assert_int_equal(run_command(&err, 3, "generate", "--candidates", "10"), PF_ERROR_USAGE);
    assert_string_equal(err.message, "missing option '--out DIR'");
    assert_int_equal(run_command(&err, 3, "generate", "--out", "x"), PF_ERROR_USAGE);
    assert_string_equal(err.message, "missing option '--candidates N'");
    assert_int_equal(run_command(&err, 5, "generate", "--candidates", "abc", "--out", "x"), PF_ERROR_USAGE);
    assert_string_equal(err.message, "option '--candidates' needs a positive integer, got 'abc'");
    assert_int_equal(run_command(&err, 5, "generate", "--candidates", "0", "--out", "x"), PF_ERROR_USAGE);
    assert_string_equal(err.message, "option '--candidates' needs a positive integer, got '0'");
    assert_int_equal(run_command(&err, 4, "generate", "--foo", "--out", "x"), PF_ERROR_USAGE);
    assert_string_equal(err.message, "unknown option '--foo'");
    assert_int_equal(run_command(&err, 3, "generate", "--foo=1", "-x"), PF_ERROR_USAGE);
    assert_string_equal(err.message, "unknown option '--foo'");
    assert_int_equal(run_command(&err, 2, "generate", "-x"), PF_ERROR_USAGE);
    assert_string_equal(err.message, "unknown option '-x'");
    assert_int_equal(run_command(&err, 2, "generate", "--out"), PF_ERROR_USAGE);
    assert_string_equal(err.message, "option '--out' needs a value");
    assert_int_equal(run_command(&err, 3, "generate", "--seed", "0"), PF_ERROR_USAGE);
    assert_string_equal(err.message, "option '--seed' needs an integer from 1 to 4294967295, got '0'");
    assert_int_equal(run_command(&err, 3, "generate", "--seed", "4294967296"), PF_ERROR_USAGE);
    assert_int_equal(run_command(&err, 3, "generate", "--as-of", "2026-02-29"), PF_ERROR_USAGE);
    assert_string_equal(err.message, "option '--as-of': '2026-02-29': 29 February exists only in leap years");
    assert_int_equal(run_command(&err, 3, "generate", "--dialect", "excel"), PF_ERROR_USAGE);
    assert_string_equal(err.message, "option '--dialect' needs 'canonical' or 'fr', got 'excel'");
    assert_int_equal(run_command(&err, 3, "generate", "--bad-rows", "-1"), PF_ERROR_USAGE);
    assert_string_equal(err.message, "option '--bad-rows' needs an integer from 0 to 100000, got '-1'");
    assert_int_equal(run_command(&err, 6, "generate", "--candidates", "5", "--out", "x", "extra"),
                     PF_ERROR_USAGE);
    assert_string_equal(err.message, "unexpected argument 'extra'");
}

static void test_generate_command_writes_the_export(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    pf_error_context err;
    assert_int_equal(run_command(&err, 9, "generate", "--candidates", "40", "--out", dir, "--as-of",
                                 "2025-06-30", "--dialect", "fr"),
                     PF_OK);
    file_bytes ini = read_file(dir, "partnerfunnel.ini");
    assert_non_null(strstr(ini.data, "as_of = 2025-06-30\n"));
    assert_non_null(strstr(ini.data, "--candidates 40 --seed 42 --as-of 2025-06-30 --dialect fr\n"));
    free(ini.data);
    assert_int_equal(run_command(&err, 2, "generate", "--help"), PF_OK);
    remove_tree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generate_same_options_give_identical_bytes),
        cmocka_unit_test(test_generate_other_seed_gives_other_data),
        cmocka_unit_test(test_generate_dates_nothing_after_as_of),
        cmocka_unit_test(test_generate_fr_bytes_are_windows_1252),
        cmocka_unit_test(test_generate_fr_money_format),
        cmocka_unit_test(test_generate_canonical_structure),
        cmocka_unit_test(test_generate_calibration_sixty_percent_not_active),
        cmocka_unit_test(test_generate_planted_rows_are_listed_where_they_are),
        cmocka_unit_test(test_generate_write_error_is_io),
        cmocka_unit_test(test_generate_creates_missing_folders),
        cmocka_unit_test(test_generate_unwritable_folder_cannot_create),
        cmocka_unit_test(test_generate_failed_rename_leaves_no_temporary_file),
        cmocka_unit_test(test_generate_command_usage_errors),
        cmocka_unit_test(test_generate_command_writes_the_export),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
