/* test_units.c — the legal-unit join (units.h, docs/definitions.md "Legal units"): the legal name of a
 * company, a sole trader and a diffusion-restricted unit; one pass filling only the SIRENs wanted, a missing
 * one marked, duplicates counted with the first line kept; the header's mistakes. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "partnerfunnel/units.h"

static const char *name(const char *denomination, const char *surname, const char *usage, const char *first,
                        const char *usual, bool restricted)
{
    static char out[128];
    units_legal_name(denomination, surname, usage, first, usual, restricted, out, sizeof out);
    return out;
}

static void test_legal_name_rules(void **state)
{
    (void)state;
    assert_string_equal(name(" ACME SAS ", "", "", "", "", false), "ACME SAS");
    assert_string_equal(name("", "MARTIN", "", "JEAN", "", false), "JEAN MARTIN");
    assert_string_equal(name(NULL, "MARTIN", NULL, "JEAN", "JEANNOT", false), "JEANNOT MARTIN");
    assert_string_equal(name("", "DURAND", "LEROY", "MARIE", "MARIE", false), "MARIE LEROY (DURAND)");
    assert_string_equal(name("", "DURAND", "DURAND", "MARIE", "", false), "MARIE DURAND");
    assert_string_equal(name("", "", "LEROY", "", "", false), "LEROY");
    assert_string_equal(name("ACME", "", "", "", "", true), "[ND]");
    assert_string_equal(name("", "", "", "", "", false), "");
    char small[8];
    units_legal_name("ÉÉÉÉÉ", NULL, NULL, NULL, NULL, false, small, sizeof small);
    assert_string_equal(small, "ÉÉÉ"); /* cut on a character boundary */
}

/* A result of one profile whose shortlist holds ids (known list: known_ids). */
typedef struct fake {
    pf_score_result result;
    pf_profile_result profile;
    pf_shortlist_entry entries[8], known[4];
} fake;

static void fake_init(fake *f, const char *const *ids, size_t count, const char *const *known_ids,
                      size_t known_count)
{
    memset(f, 0, sizeof *f);
    for (size_t i = 0; i < count; i++)
        f->entries[i] = (pf_shortlist_entry){.id = ids[i], .id_length = strlen(ids[i])};
    for (size_t i = 0; i < known_count; i++)
        f->known[i] = (pf_shortlist_entry){.id = known_ids[i], .id_length = strlen(known_ids[i])};
    f->profile.shortlist = f->entries;
    f->profile.shortlist_count = count;
    f->profile.known_list = f->known;
    f->profile.known_list_count = known_count;
    f->result.profiles = &f->profile;
    f->result.profile_count = 1;
}

static char *write_file(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/pf-test-units-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static const char units_csv[] =
    "siren,statutDiffusionUniteLegale,prenom1UniteLegale,nomUniteLegale,denominationUniteLegale,"
    "categorieJuridiqueUniteLegale,trancheEffectifsUniteLegale\n"
    "100000001,O,,,ACME,5710,11\n"
    "100000002,O,JEAN,MARTIN,,1000,NN\n"
    "100000003,P,[ND],[ND],,1000,NN\n"
    "100000001,O,,,ACME BIS,5499,00\n" /* duplicate of a wanted SIREN: ignored, counted */
    "900000000,O,,,NOT WANTED,5499,00\n"
    "900000000,O,,,NOT WANTED,5499,00\n" /* duplicate of an unwanted one: not looked at */
    "100000005,O,,,SHORT ROW\n";

static void test_join_fills_only_the_wanted_sirens(void **state)
{
    (void)state;
    const char *ids[] = {"10000000100017", "100000002", "10000000300011",
                         "10000000400010", "X-1",       "10000000500015"};
    const char *known_ids[] = {"10000000100025"};
    fake f;
    fake_init(&f, ids, 6, known_ids, 1);
    char *path = write_file(units_csv);
    pf_settings settings;
    settings_init(&settings);
    pf_units *units = NULL;
    pf_error_context err;
    assert_int_equal(units_join(path, &settings, &f.result, &units, &err), PF_OK);
    assert_int_equal(units->count, 5); /* 100000001 counted once; X-1 has no SIREN */
    assert_int_equal(units->rows_read, 7);
    assert_int_equal(units->duplicates, 1);
    assert_int_equal(units->missing, 1);
    assert_int_equal(units->restricted, 1);
    assert_int_equal(units->shown_count, 1);
    assert_string_equal(units->shown_names[0], "trancheEffectifsUniteLegale");
    const pf_legal_unit *u = f.entries[0].legal_unit;
    assert_int_equal(u->status, PF_UNIT_FOUND);
    assert_string_equal(u->legal_name, "ACME");
    assert_string_equal(u->legal_category, "5710");
    assert_string_equal(u->shown[0], "11");
    assert_ptr_equal(f.known[0].legal_unit, u); /* the same SIREN, the same unit */
    assert_string_equal(f.entries[1].legal_unit->legal_name, "JEAN MARTIN");
    assert_int_equal(f.entries[2].legal_unit->status, PF_UNIT_RESTRICTED);
    assert_string_equal(f.entries[2].legal_unit->legal_name, "[ND]");
    assert_int_equal(f.entries[3].legal_unit->status, PF_UNIT_MISSING);
    assert_string_equal(f.entries[3].legal_unit->shown[0], "");
    assert_int_equal(f.entries[4].legal_unit->status, PF_UNIT_NO_SIREN);
    /* a row cut short: its missing cells are empty */
    assert_string_equal(f.entries[5].legal_unit->legal_name, "SHORT ROW");
    assert_string_equal(f.entries[5].legal_unit->legal_category, "");
    units_free(units);
    units_free(NULL);
    settings_clear(&settings);
    unlink(path);
}

static void test_header_mistakes_list_the_columns(void **state)
{
    (void)state;
    pf_settings settings;
    settings_init(&settings);
    pf_error_context err;
    char *path = write_file("SIREN_UL,denominationUniteLegale\n100000001,ACME\n");
    assert_int_equal(units_check(path, &settings, &err), PF_ERROR_DATA);
    assert_int_equal(err.line, 1);
    assert_string_equal(err.message,
                        "no column 'siren' (the SIREN of each legal unit; name it with units_key in "
                        "[score] of the settings); the columns are SIREN_UL, denominationUniteLegale");
    snprintf(settings.units_key, sizeof settings.units_key, "siren_ul"); /* case ignored */
    assert_int_equal(units_check(path, &settings, &err), PF_OK);
    snprintf(settings.units_show, sizeof settings.units_show, "denominationUniteLegale, ca");
    assert_int_equal(units_check(path, &settings, &err), PF_ERROR_DATA);
    assert_string_equal(err.message, "no column 'ca' (units_show in [score] of the settings); the columns are "
                                     "SIREN_UL, denominationUniteLegale");
    unlink(path);
    path = write_file("siren,name\n100000001,ACME\n");
    settings_clear(&settings);
    settings_init(&settings);
    assert_int_equal(units_check(path, &settings, &err), PF_ERROR_DATA);
    assert_string_equal(
        err.message,
        "neither denominationUniteLegale nor nomUniteLegale: no legal name to take; the columns are "
        "siren, name");
    unlink(path);
    assert_int_equal(units_check("/nonexistent/units.csv", &settings, &err), PF_ERROR_NO_INPUT);
    settings_clear(&settings);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_legal_name_rules),
        cmocka_unit_test(test_join_fills_only_the_wanted_sirens),
        cmocka_unit_test(test_header_mistakes_list_the_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
