/* gen_sirene.c — writes a SIRENE-shaped prospect file (INSEE StockEtablissement: its 53 columns under their
 * real names) for the scoring benchmark and the sample fixture. Deterministic: the same ROWS and SEED give
 * the same bytes (GSL's MT19937, never seeded from the environment).
 *
 * What it imitates, because the scorer's cost depends on it: rows sorted by siren with one to several
 * establishments per company; about 45 % closed establishments (etatAdministratifEtablissement F);
 * headcount bands with "NN" (unknown) and empty values; a few percent of partially diffused rows whose
 * address and names are "[ND]"; accented trade names, some holding a comma (quoted); ISO dates, a
 * timestamp column, Lambert coordinates; many empty columns (the second address). Rows average about
 * 200 bytes, as in the real file.
 *
 * With --units it writes instead the matching legal-unit file (INSEE StockUniteLegale: its 34 columns), one
 * line per company of the prospect file the same ROWS and SEED give (the same SIRENs, in the same order):
 * half of them sole traders (first names and surnames, some with a usage name), 3 % diffusion-restricted
 * ("[ND]" names), legal categories and headcount bands. Its own draws come from a second generator, so
 * the prospect file's sequence is untouched.
 *
 * Usage: gen_sirene [--units] ROWS [SEED] [OUT]   (OUT default: standard output; SEED default 42) */
#include <gsl/gsl_rng.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char header[] =
    "siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,trancheEffectifsEtablissement,"
    "anneeEffectifsEtablissement,activitePrincipaleRegistreMetiersEtablissement,"
    "dateDernierTraitementEtablissement,etablissementSiege,nombrePeriodesEtablissement,"
    "complementAdresseEtablissement,numeroVoieEtablissement,indiceRepetitionEtablissement,"
    "dernierNumeroVoieEtablissement,indiceRepetitionDernierNumeroVoieEtablissement,typeVoieEtablissement,"
    "libelleVoieEtablissement,codePostalEtablissement,libelleCommuneEtablissement,"
    "libelleCommuneEtrangerEtablissement,distributionSpecialeEtablissement,codeCommuneEtablissement,"
    "codeCedexEtablissement,libelleCedexEtablissement,codePaysEtrangerEtablissement,"
    "libellePaysEtrangerEtablissement,identifiantAdresseEtablissement,coordonneeLambertAbscisseEtablissement,"
    "coordonneeLambertOrdonneeEtablissement,complementAdresse2Etablissement,numeroVoie2Etablissement,"
    "indiceRepetition2Etablissement,typeVoie2Etablissement,libelleVoie2Etablissement,codePostal2Etablissement,"
    "libelleCommune2Etablissement,libelleCommuneEtranger2Etablissement,distributionSpeciale2Etablissement,"
    "codeCommune2Etablissement,codeCedex2Etablissement,libelleCedex2Etablissement,"
    "codePaysEtranger2Etablissement,libellePaysEtranger2Etablissement,dateDebut,etatAdministratifEtablissement,"
    "enseigne1Etablissement,enseigne2Etablissement,enseigne3Etablissement,denominationUsuelleEtablissement,"
    "activitePrincipaleEtablissement,nomenclatureActivitePrincipaleEtablissement,"
    "caractereEmployeurEtablissement\n";

typedef struct weighted {
    const char *value;
    double weight;
} weighted;

/* Headcount bands (INSEE codes; NN = unknown). */
static const weighted bands[] = {
    {"NN", 44},  {"", 15},    {"00", 10},   {"01", 10},   {"02", 6},    {"03", 5},
    {"11", 4},   {"12", 3},   {"21", 1.2},  {"22", 0.6},  {"31", 0.4},  {"32", 0.3},
    {"41", 0.2}, {"42", 0.1}, {"51", 0.05}, {"52", 0.03}, {"53", 0.02},
};

/* Activity codes (NAF rev. 2): the common ones, and the IT ones the sample criteria look for. */
static const weighted activities[] = {
    {"68.20B", 9},   {"68.20A", 5},   {"70.22Z", 6},   {"47.11B", 2},   {"56.10A", 4},   {"56.10C", 2},
    {"43.21A", 3},   {"43.32A", 2},   {"86.21Z", 3},   {"86.90E", 2},   {"96.02A", 3},   {"81.21Z", 1.5},
    {"94.99Z", 6},   {"01.11Z", 2},   {"45.20A", 2},   {"47.71Z", 2},   {"49.41A", 1.5}, {"41.20A", 2},
    {"74.10Z", 2},   {"85.59A", 2},   {"90.01Z", 2},   {"93.12Z", 1.5}, {"10.71C", 1.5}, {"55.10Z", 1},
    {"64.20Z", 4},   {"66.22Z", 1},   {"69.20Z", 1},   {"71.12B", 1.5}, {"62.01Z", 1.6}, {"62.02A", 1.3},
    {"62.02B", 0.3}, {"62.03Z", 0.2}, {"62.09Z", 0.6}, {"63.11Z", 0.3}, {"46.51Z", 0.3}, {"47.41Z", 0.3},
    {"46.66Z", 0.2}, {"95.11Z", 0.2}, {"", 1},
};

/* Postcode prefix, commune, commune code prefix; weights roughly by number of establishments. */
typedef struct place {
    const char *postcode; /* first 3 digits; the generator adds two */
    const char *commune;
    const char *code;
    double weight;
} place;

static const place places[] = {
    {"750", "PARIS", "751", 12},
    {"130", "MARSEILLE", "132", 3},
    {"690", "LYON", "693", 3},
    {"920", "BOULOGNE-BILLANCOURT", "920", 1.5},
    {"921", "NANTERRE", "920", 1},
    {"923", "LEVALLOIS-PERRET", "920", 1},
    {"930", "SAINT-DENIS", "930", 1.2},
    {"940", "CRETEIL", "940", 1},
    {"330", "BORDEAUX", "330", 2},
    {"310", "TOULOUSE", "315", 2.2},
    {"590", "LILLE", "593", 2},
    {"060", "NICE", "060", 2},
    {"440", "NANTES", "441", 1.8},
    {"340", "MONTPELLIER", "341", 1.6},
    {"670", "STRASBOURG", "674", 1.4},
    {"350", "RENNES", "352", 1.2},
    {"380", "GRENOBLE", "381", 1.1},
    {"420", "SAINT-ETIENNE", "422", 0.9},
    {"760", "ROUEN", "765", 0.9},
    {"910", "EVRY-COURCOURONNES", "912", 0.8},
    {"780", "VERSAILLES", "786", 0.9},
    {"950", "CERGY", "951", 0.7},
    {"770", "MEAUX", "772", 0.7},
    {"830", "TOULON", "831", 0.8},
    {"290", "BREST", "290", 0.6},
    {"630", "CLERMONT-FERRAND", "631", 0.7},
    {"210", "DIJON", "212", 0.6},
    {"510", "REIMS", "514", 0.6},
    {"370", "TOURS", "372", 0.6},
    {"490", "ANGERS", "490", 0.6},
    {"800", "AMIENS", "800", 0.5},
    {"870", "LIMOGES", "870", 0.5},
    {"640", "PAU", "644", 0.5},
    {"200", "AJACCIO", "2A0", 0.3},
    {"974", "SAINT-DENIS", "974", 0.5},
    {"971", "LES ABYMES", "971", 0.3},
    {"010", "BOURG-EN-BRESSE", "010", 0.4},
    {"570", "METZ", "574", 0.6},
    {"450", "ORLEANS", "452", 0.6},
    {"860", "POITIERS", "861", 0.5},
};

static const char *const street_types[] = {"RUE", "AV", "BD", "CHE", "PL", "RTE", "ALL", "IMP", "QU", "CRS"};
static const char *const street_names[] = {
    "DE LA REPUBLIQUE", "VICTOR HUGO",   "JEAN JAURES", "DU GENERAL DE GAULLE",
    "DE LA GARE",       "PASTEUR",       "DES LILAS",   "DE PARIS",
    "DU MARECHAL FOCH", "SAINT-MICHEL",  "DE L'EGLISE", "DES ECOLES",
    "GAMBETTA",         "DU MOULIN",     "NATIONALE",   "DE VERDUN",
    "LECLERC",          "DU 8 MAI 1945", "DES CHAMPS",  "DE LA LIBERTE",
};
/* Trade names: accented, some with a comma (so the field is quoted). */
static const char *const name_words[] = {
    "INFORMATIQUE", "CONSEIL",    "BOULANGERIE", "CAFÉ",         "GARAGE",        "ÉLECTRICITÉ",
    "PÂTISSERIE",   "SERVICES",   "SYSTÈMES",    "RÉSEAUX",      "DÉVELOPPEMENT", "HÔTEL",
    "BRASSERIE",    "CRÉATIONS",  "ÉTUDES",      "SOLUTIONS",    "NUMÉRIQUE",     "MAÇONNERIE",
    "COIFFURE",     "IMMOBILIER", "LOGICIELS",   "TECHNOLOGIES", "FORMATION",     "DATA",
};
static const char *const name_tails[] = {
    "DU CENTRE",     "DE LA GARE", "DES ALPES", "DU LITTORAL", "SAINT-ÉTIENNE", "DE L'OUEST",  "& ASSOCIÉS",
    ", FILS ET CIE", "PLUS",       "EXPERTISE", "FRANCE",      "ÎLE-DE-FRANCE", "CÔTE D'AZUR",
};

static const char units_header[] =
    "siren,statutDiffusionUniteLegale,unitePurgeeUniteLegale,dateCreationUniteLegale,sigleUniteLegale,"
    "sexeUniteLegale,prenom1UniteLegale,prenom2UniteLegale,prenom3UniteLegale,prenom4UniteLegale,"
    "prenomUsuelUniteLegale,pseudonymeUniteLegale,identifiantAssociationUniteLegale,"
    "trancheEffectifsUniteLegale,"
    "anneeEffectifsUniteLegale,dateDernierTraitementUniteLegale,nombrePeriodesUniteLegale,"
    "categorieEntrepriseUniteLegale,anneeCategorieEntrepriseUniteLegale,dateDebut,etatAdministratifUniteLegale,"
    "nomUniteLegale,nomUsageUniteLegale,denominationUniteLegale,denominationUsuelle1UniteLegale,"
    "denominationUsuelle2UniteLegale,denominationUsuelle3UniteLegale,categorieJuridiqueUniteLegale,"
    "activitePrincipaleUniteLegale,nomenclatureActivitePrincipaleUniteLegale,nicSiegeUniteLegale,"
    "economieSocialeSolidaireUniteLegale,societeMissionUniteLegale,caractereEmployeurUniteLegale\n";
static const char *const first_names[] = {"JEAN", "MARIE",  "PIERRE",   "NATHALIE", "MICHEL", "ISABELLE",
                                          "ÉRIC", "HÉLÈNE", "FRANÇOIS", "CÉLINE",   "AHMED",  "FATIMA"};
static const char *const surnames[] = {"MARTIN", "BERNARD",  "DUBOIS",  "THOMAS", "ROBERT",  "RICHARD",
                                       "PETIT",  "DURAND",   "LEROY",   "MOREAU", "LEFÈVRE", "GARCÍA",
                                       "ROUX",   "FOURNIER", "MERCIER", "BENALI"};
static const char *const company_categories[] = {"5499", "5710", "5720", "5599", "6540", "9220"};

typedef struct table {
    double *cumulative;
    size_t count;
} table;

static table make_table(const weighted *items, size_t count)
{
    table t = {malloc(count * sizeof(double)), count};
    double sum = 0;
    for (size_t i = 0; i < count; i++) {
        sum += items[i].weight;
        t.cumulative[i] = sum;
    }
    for (size_t i = 0; i < count; i++)
        t.cumulative[i] /= sum;
    return t;
}

static size_t pick(const table *t, gsl_rng *rng)
{
    double u = gsl_rng_uniform(rng);
    size_t lo = 0, hi = t->count - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->cumulative[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static unsigned long draw(gsl_rng *rng, unsigned long n)
{
    return gsl_rng_uniform_int(rng, n);
}

/* The output row, built by appending. */
typedef struct row {
    char text[2048];
    size_t len;
} row;

static void put(row *r, const char *s)
{
    size_t n = strlen(s);
    memcpy(r->text + r->len, s, n);
    r->len += n;
}

static void comma(row *r)
{
    r->text[r->len++] = ',';
}

static void put_field(row *r, const char *s)
{
    put(r, s);
    comma(r);
}

/* A zero-padded number of width digits. */
static void put_digits(row *r, unsigned long value, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        r->text[r->len + (size_t)i] = (char)('0' + value % 10);
        value /= 10;
    }
    r->len += (size_t)width;
}

static void put_date(row *r, gsl_rng *rng, int first_year, int last_year)
{
    put_digits(r, (unsigned long)first_year + draw(rng, (unsigned long)(last_year - first_year + 1)), 4);
    r->text[r->len++] = '-';
    put_digits(r, 1 + draw(rng, 12), 2);
    r->text[r->len++] = '-';
    put_digits(r, 1 + draw(rng, 28), 2);
}

/* A trade name, quoted when it holds a comma. */
static void put_name(row *r, gsl_rng *rng)
{
    char name[256];
    const char *tail = name_tails[draw(rng, sizeof name_tails / sizeof name_tails[0])];
    snprintf(name, sizeof name, "%s %s%s%s", name_words[draw(rng, sizeof name_words / sizeof name_words[0])],
             name_words[draw(rng, sizeof name_words / sizeof name_words[0])], tail[0] == ',' ? "" : " ", tail);
    if (strchr(name, ',')) {
        r->text[r->len++] = '"';
        put(r, name);
        r->text[r->len++] = '"';
    } else {
        put(r, name);
    }
}

#define PICK(rng, list) (list)[draw((rng), sizeof(list) / sizeof(list)[0])]

/* One line of the legal-unit file for a company (its own generator: units). */
static void write_unit(FILE *out, unsigned long siren, const char *activity, const char *band, gsl_rng *units)
{
    row r = {.len = 0};
    bool restricted = gsl_rng_uniform(units) < 0.03;
    bool person = gsl_rng_uniform(units) < 0.5;
    put_digits(&r, siren * 10 + (siren % 7), 9);
    comma(&r);
    put_field(&r, restricted ? "P" : "O");
    comma(&r); /* unitePurgee */
    put_date(&r, units, 1950, 2024);
    comma(&r);
    comma(&r); /* sigle */
    const char *first = PICK(units, first_names), *surname = PICK(units, surnames);
    if (person) {
        put_field(&r, restricted ? "[ND]" : gsl_rng_uniform(units) < 0.5 ? "M" : "F");
        put_field(&r, restricted ? "[ND]" : first);
        put(&r, ",,,"); /* prenom2..4 */
        put_field(&r, restricted ? "[ND]" : first);
    } else {
        put(&r, ",,,,,,");
    }
    put(&r, ",,"); /* pseudonyme, identifiantAssociation */
    put_field(&r, band);
    put_field(&r, band[0] && band[0] != 'N' ? "2021" : "");
    put_date(&r, units, 2019, 2024);
    put(&r, "T10:00:00,");
    put_digits(&r, 1 + draw(units, 5), 1);
    comma(&r);
    put(&r, person ? "PME,2021," : "PME,2021,");
    put_date(&r, units, 2008, 2024);
    comma(&r);
    put_field(&r, "A");
    if (person) {
        put_field(&r, restricted ? "[ND]" : surname);
        put_field(&r, restricted ? "[ND]" : gsl_rng_uniform(units) < 0.15 ? PICK(units, surnames) : "");
        put(&r, ",,,,"); /* denomination and usual denominations */
        put_field(&r, "1000");
    } else {
        put(&r, ",,");
        put_name(&r, units);
        put(&r, ",,,,");
        put_field(&r, PICK(units, company_categories));
    }
    put_field(&r, activity);
    put_field(&r, activity[0] ? "NAFRev2" : "");
    put_digits(&r, 10 + draw(units, 8), 5);
    put(&r, ",N,,");
    put(&r, gsl_rng_uniform(units) < 0.4 ? "O" : "N");
    r.text[r.len++] = '\n';
    fwrite(r.text, 1, r.len, out);
}

int main(int argc, char **argv)
{
    bool units_mode = argc > 1 && strcmp(argv[1], "--units") == 0;
    if (units_mode) {
        argc--;
        argv++;
    }
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: gen_sirene [--units] ROWS [SEED] [OUT]\n");
        return 64;
    }
    long rows = strtol(argv[1], NULL, 10);
    unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 10) : 42;
    FILE *out = argc > 3 ? fopen(argv[3], "wb") : stdout;
    if (rows < 0 || !out) {
        fprintf(stderr, "gen_sirene: bad row count or cannot open the output\n");
        return 64;
    }
    static char buffer[1 << 20];
    setvbuf(out, buffer, _IOFBF, sizeof buffer);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed ? seed : 1);
    gsl_rng *units = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(units, (seed ? seed : 1) + 1);
    table band_table = make_table(bands, sizeof bands / sizeof bands[0]);
    table activity_table = make_table(activities, sizeof activities / sizeof activities[0]);
    weighted place_weights[sizeof places / sizeof places[0]];
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++)
        place_weights[i] = (weighted){places[i].commune, places[i].weight};
    table place_table = make_table(place_weights, sizeof places / sizeof places[0]);

    fputs(units_mode ? units_header : header, out);
    unsigned long siren = 5000000;
    long written = 0;
    while (written < rows) {
        siren += 1 + draw(rng, 40);
        /* one company: 1 establishment mostly, sometimes several (a head office first) */
        unsigned long establishments = 1;
        while (establishments < 12 && gsl_rng_uniform(rng) < 0.22)
            establishments++;
        size_t company_activity = pick(&activity_table, rng);
        if (units_mode)
            write_unit(out, siren, activities[company_activity].value, bands[pick(&band_table, units)].value,
                       units);
        for (unsigned long e = 0; e < establishments && written < rows; e++, written++) {
            row r = {.len = 0};
            bool withheld = gsl_rng_uniform(rng) < 0.03;
            bool closed = gsl_rng_uniform(rng) < 0.45;
            unsigned long nic = 10 + 8 * e + draw(rng, 8);
            put_digits(&r, siren * 10 + (siren % 7), 9);
            comma(&r);
            put_digits(&r, nic, 5);
            comma(&r);
            put_digits(&r, siren * 10 + (siren % 7), 9);
            put_digits(&r, nic, 5);
            comma(&r);
            put_field(&r, withheld ? "P" : "O");
            if (gsl_rng_uniform(rng) < 0.02)
                comma(&r);
            else {
                put_date(&r, rng, 1950, 2024);
                comma(&r);
            }
            const char *band = bands[pick(&band_table, rng)].value;
            put_field(&r, band);
            put_field(&r, band[0] && band[0] != 'N' ? "2021" : "");
            comma(&r); /* activitePrincipaleRegistreMetiers */
            put_date(&r, rng, 2019, 2024);
            put(&r, "T");
            put_digits(&r, draw(rng, 24), 2);
            put(&r, ":");
            put_digits(&r, draw(rng, 60), 2);
            put(&r, ":");
            put_digits(&r, draw(rng, 60), 2);
            comma(&r);
            put_field(&r, e == 0 ? "true" : "false");
            put_digits(&r, 1 + draw(rng, 4), 1);
            comma(&r);
            comma(&r); /* complementAdresse */
            if (withheld) {
                put(&r, "[ND],,,,[ND],[ND],");
            } else {
                put_digits(&r, 1 + draw(rng, 150), draw(rng, 3) == 0 ? 2 : 1);
                put(&r, draw(rng, 20) == 0 ? ",B,,," : ",,,,");
                put_field(&r, street_types[draw(rng, sizeof street_types / sizeof street_types[0])]);
                put_field(&r, street_names[draw(rng, sizeof street_names / sizeof street_names[0])]);
            }
            const place *where = &places[pick(&place_table, rng)];
            put(&r, where->postcode);
            put_digits(&r, strcmp(where->postcode, "750") == 0 ? 1 + draw(rng, 20) : draw(rng, 10) * 10, 2);
            comma(&r);
            put_field(&r, where->commune);
            put(&r, ",,"); /* libelleCommuneEtranger, distributionSpeciale */
            put(&r, where->code);
            put_digits(&r, draw(rng, 100), 2);
            put(&r, ",,,,,"); /* cedex, cedex label, foreign country code and label */
            if (withheld) {
                put(&r, "[ND],[ND],[ND],");
            } else {
                put_digits(&r, 100000000 + draw(rng, 900000000), 9);
                put(&r, "_B,");
                put_digits(&r, 100000 + draw(rng, 900000), 6);
                put(&r, ".");
                put_digits(&r, draw(rng, 100), 1);
                comma(&r);
                put_digits(&r, 6100000 + draw(rng, 1000000), 7);
                put(&r, ".");
                put_digits(&r, draw(rng, 100), 1);
                comma(&r);
            }
            put(&r, ",,,,,,,,,,,,,,"); /* the second address: 14 empty columns */
            put_date(&r, rng, 2008, 2024);
            comma(&r);
            put_field(&r, closed ? "F" : "A");
            if (withheld)
                put(&r, "[ND]");
            else if (gsl_rng_uniform(rng) < 0.3)
                put_name(&r, rng);
            put(&r, ",,,");
            if (withheld)
                put(&r, "[ND]");
            else if (gsl_rng_uniform(rng) < 0.25)
                put_name(&r, rng);
            comma(&r);
            size_t activity = gsl_rng_uniform(rng) < 0.9 ? company_activity : pick(&activity_table, rng);
            put_field(&r, activities[activity].value);
            put_field(&r, activities[activity].value[0] ? "NAFRev2" : "");
            put(&r, closed ? "N" : gsl_rng_uniform(rng) < 0.4 ? "O" : "N");
            r.text[r.len++] = '\n';
            if (!units_mode)
                fwrite(r.text, 1, r.len, out);
        }
    }
    gsl_rng_free(rng);
    gsl_rng_free(units);
    free(band_table.cumulative);
    free(activity_table.cumulative);
    free(place_table.cumulative);
    if (fflush(out) != 0 || ferror(out) || (out != stdout && fclose(out) != 0)) {
        fprintf(stderr, "gen_sirene: write error\n");
        return 74;
    }
    return 0;
}
