/* generate.c — a synthetic but plausible partner programme, streamed to CSV.
 *
 * How it works. Candidates are drawn one at a time, in listing order (partner ids grow with listed_on, as in
 * a CRM), from one GSL MT19937 stream. Each candidate gets a category, market, source and recruiter from
 * weighted tables, and a hidden quality; then it walks the 10-step process (listed → approached → applied →
 * committee → signed → 100-day plan / business plan → autonomy → ended), each step with a probability and a
 * log-normal delay that depend on those tables. A signed partner is a "seller" or not (logistic model where
 * the 100-day plan and the business plan weigh heavily); a seller's first won deal comes after a log-normal
 * delay that the 100-day plan roughly halves; partners with nothing won are mostly ended after 6–9 months.
 * The whole timeline is drawn first ("latent"), then cut at as_of: what would happen later is left out, so
 * nothing is ever dated after as_of. A few legitimate quirks (missing earlier dates, out-of-order dates, a deal
 * won before signing) are then applied, and the partner's row, its deals and its cost lines are written
 * before the next candidate is drawn: memory does not depend on the number of candidates.
 *
 * Planted bad rows (--bad-rows K) come from a second MT19937 stream and use ids that valid rows never use, so
 * the valid rows are the same with or without them; each is rejectable for exactly one reason and nothing
 * refers to it. Their file, line and column are collected and written to planted-rejects.csv at the end.
 *
 * Output goes through one buffered writer per file (1 MiB, write(2)), which quotes fields as RFC 4180 asks,
 * converts UTF-8 to Windows-1252 in the French dialect, and counts physical lines for the planted list.
 * The parameters are tabled below and documented in docs/generator.md.
 */
#include "partnerfunnel/generate.h"

#include <errno.h>
#include <fcntl.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "partnerfunnel/output.h"
#include "partnerfunnel/schema.h"
#include "partnerfunnel/xlsx_book.h"

const char *const pf_generate_file_names[PF_GENERATE_FILE_COUNT] = {
    "partners.csv", "deals.csv", "costs.csv", "partnerfunnel.ini", "planted-rejects.csv",
};

/* ---------------------------------------------------------------------------------------------------------
 * The model's parameters (see docs/generator.md for the table and the reasons)
 * ------------------------------------------------------------------------------------------------------- */

#define LISTING_SPAN_DAYS 1461  /* candidates are listed over the 4 years up to as_of */
#define LISTING_GROWTH 1.0      /* listing density grows linearly from 1 to 1 + this over the span */
#define SELL_BASE_LOGIT (-1.2)  /* logit of "this signed partner will ever sell" before the effects */
#define SELL_KICKOFF_EFFECT 0.9 /* the 100-day plan */
#define SELL_PLAN_EFFECT 1.1    /* the joint business plan */
#define QUALITY_SD 0.7          /* a candidate's own quality, on the logit scale */
#define FIRST_WIN_MEDIAN 150.0  /* days from signing to the first won deal, sellers without a plan */
#define FIRST_WIN_SIGMA 0.55
#define FIRST_WIN_KICKOFF 0.55 /* factor on that median with the 100-day plan */
#define FIRST_WIN_PLAN 0.85    /* factor with a business plan */
#define OPEN_DEAL_HORIZON 90   /* deals that would close within this many days after as_of are open */
#define MAX_DEALS 96           /* per partner */
#define MAX_COSTS 48           /* per partner */

typedef struct category_model {
    const char *name[2]; /* canonical, French */
    double weight;
    double sell_effect;    /* logit */
    double deal_median;    /* euros */
    double deals_per_year; /* opportunities closed per year by a seller */
    double win_rate;
    double cost_factor; /* recruitment and onboarding cost multiplier */
} category_model;

static const category_model categories[] = {
    {{"reseller", "Revendeur"}, 28, 0.00, 9000, 10, 0.40, 1.0},
    {{"integrator", "Intégrateur"}, 22, 0.15, 28000, 6, 0.38, 1.3},
    {{"msp", "Infogéreur"}, 14, 0.10, 6500, 12, 0.42, 1.0},
    {{"referral", "Apporteur d'affaires"}, 13, -0.45, 4500, 5, 0.35, 0.7},
    {{"oem", "OEM"}, 6, 0.25, 65000, 3, 0.45, 2.2},
    {{"white_label", "Marque blanche"}, 7, -0.20, 18000, 5, 0.40, 1.5},
    {{"alliance", "Alliance"}, 10, -0.35, 40000, 3, 0.33, 1.8},
};

typedef struct source_model {
    const char *name[2]; /* canonical, French */
    double weight;
    double p_approach; /* listed → approached */
    double p_apply;    /* approached → applied */
    double sell_effect;
} source_model;

static const source_model sources[] = {
    {{"database", "Base de données"}, 34, 0.55, 0.28, -0.30},
    {{"social", "Réseaux sociaux"}, 18, 0.50, 0.30, -0.20},
    {{"trade_show", "Salon professionnel"}, 14, 0.80, 0.45, 0.10},
    {{"competitor_site", "Site concurrent"}, 14, 0.60, 0.35, 0.25},
    {{"inbound", "Demande entrante"}, 11, 0.95, 0.60, 0.30},
    {{"referral", "Recommandation"}, 9, 0.90, 0.65, 0.50},
};

typedef struct recruiter_model {
    const char *name;
    double weight;
    double approve_factor; /* how hard they push candidates through the committee */
    double sell_effect;
    double p_kickoff; /* runs the 100-day plan */
    double p_plan;    /* signs a joint business plan */
} recruiter_model;

static const recruiter_model recruiters[] = {
    {"Élodie Moreau", 14, 0.95, 0.45, 0.80, 0.65},        {"François Lefèvre", 13, 1.00, 0.20, 0.65, 0.55},
    {"Chloé Dubois-Rivière", 13, 1.00, 0.00, 0.55, 0.45}, {"Jérôme Nguyen", 12, 1.05, 0.00, 0.50, 0.40},
    {"Anaïs Bernard", 12, 1.00, -0.15, 0.50, 0.40},       {"Benoît Gauthier", 15, 1.30, -0.60, 0.30, 0.20},
    {"Maël Le Goff", 11, 0.95, 0.10, 0.60, 0.50},         {"Zoé Faure", 10, 1.10, -0.30, 0.40, 0.30},
};

typedef struct market_model {
    const char *name;
    double weight;
    double sell_effect;
} market_model;

static const market_model markets[] = {
    {"Île-de-France", 26, 0.10},
    {"Auvergne-Rhône-Alpes", 13, 0.10},
    {"Hauts-de-France", 8, -0.10},
    {"Nouvelle-Aquitaine", 9, 0.00},
    {"Occitanie", 9, 0.00},
    {"Grand Est", 7, -0.15},
    {"Provence-Alpes-Côte d'Azur", 8, -0.10},
    {"Bretagne", 5, 0.20},
    {"Pays de la Loire", 6, 0.05},
    {"Belgique", 5, -0.25},
    {"Suisse romande", 4, -0.20},
};

typedef enum cost_kind {
    COST_TRAINING = 0,
    COST_CERTIFICATION,
    COST_MARKETING,
    COST_LEAD_GENERATION,
    COST_EVENTS,
    COST_TRAVEL,
    COST_PLATFORM,
    COST_DATABASE,
    COST_CHANNEL_TEAM,
    COST_KIND_COUNT
} cost_kind;

static const char *const cost_names[COST_KIND_COUNT][2] = {
    {"training", "Formation"},
    {"certification", "Certification"},
    {"marketing", "Marketing"},
    {"lead_generation", "Génération de leads"},
    {"events", "Événements"},
    {"travel", "Déplacements"},
    {"platform", "Plateforme partenaires"},
    {"database", "Base de prospects"},
    {"channel_team", "Équipe partenaires"},
};

/* French headers, indexed by pf_column. A canonical name shared by several files (partner_id, category,
 * amount) has one header, so the written [columns] map serves every file. */
static const char *const french_headers[PF_COL_COUNT] = {
    [PF_COL_PARTNER_ID] = "Identifiant partenaire",
    [PF_COL_NAME] = "Raison sociale",
    [PF_COL_COMPANY_ID] = "SIREN/SIRET",
    [PF_COL_CATEGORY] = "Catégorie",
    [PF_COL_MARKET] = "Marché",
    [PF_COL_SOURCE] = "Origine",
    [PF_COL_RECRUITER] = "Recruteur",
    [PF_COL_LISTED_ON] = "Date d'identification",
    [PF_COL_APPROACHED_ON] = "Date de premier contact",
    [PF_COL_APPLIED_ON] = "Date de candidature",
    [PF_COL_COMMITTEE_ON] = "Date du comité",
    [PF_COL_DECISION] = "Décision du comité",
    [PF_COL_SIGNED_ON] = "Date de signature",
    [PF_COL_KICKOFF_ON] = "Début du plan 100 jours",
    [PF_COL_BUSINESS_PLAN_ON] = "Date du business plan",
    [PF_COL_TECH_AUTONOMY_ON] = "Autonomie technique",
    [PF_COL_SALES_AUTONOMY_ON] = "Autonomie commerciale",
    [PF_COL_ENDED_ON] = "Date de fin",
    [PF_COL_RECRUITMENT_COST] = "Coût de recrutement",
    [PF_COL_ONBOARDING_COST] = "Coût d'intégration",
    [PF_COL_DEAL_ID] = "Référence affaire",
    [PF_COL_DEAL_PARTNER_ID] = "Identifiant partenaire",
    [PF_COL_DEAL_STATUS] = "Statut",
    [PF_COL_DEAL_CLOSED_ON] = "Date de clôture",
    [PF_COL_DEAL_AMOUNT] = "Montant",
    [PF_COL_COST_DATE] = "Date",
    [PF_COL_COST_PARTNER_ID] = "Identifiant partenaire",
    [PF_COL_COST_CATEGORY] = "Catégorie",
    [PF_COL_COST_AMOUNT] = "Montant",
};

typedef enum decision_value {
    DECISION_EMPTY = 0,
    DECISION_PENDING,
    DECISION_APPROVED,
    DECISION_REJECTED
} decision_value;
static const char *const decision_words[4][2] = {
    {"", ""}, {"pending", "En attente"}, {"approved", "Accepté"}, {"rejected", "Refusé"}};

typedef enum status_value { STATUS_OPEN = 0, STATUS_WON, STATUS_LOST } status_value;
static const char *const status_words[3][2] = {{"open", "En cours"}, {"won", "Gagné"}, {"lost", "Perdu"}};

/* Names: French family names, business words, places; a few carry commas, quotes, semicolons, a typographic
 * apostrophe or a line break, as real CRM exports do. Every character exists in Windows-1252. */
static const char *const family_names[] = {
    "Martin",    "Bernard",  "Thomas",   "Petit",    "Robert",   "Richard",    "Durand",    "Dubois",
    "Moreau",    "Laurent",  "Simon",    "Michel",   "Lefèvre",  "Leroy",      "Roux",      "David",
    "Bertrand",  "Morel",    "Fournier", "Girard",   "Bonnet",   "Dupont",     "Lambert",   "Fontaine",
    "Rousseau",  "Vincent",  "Müller",   "Mercier",  "Boyer",    "Blanc",      "Guérin",    "Garnier",
    "Chevalier", "François", "Legrand",  "Gauthier", "Perrin",   "Robin",      "Clément",   "Morin",
    "Henry",     "Roussel",  "Mathieu",  "Masson",   "Marchand", "Duval",      "Dumont",    "Lemaire",
    "Noël",      "Meyer",    "Dufour",   "Meunier",  "Brun",     "Blanchard",  "Giraud",    "Joly",
    "Rivière",   "Lucas",    "Brunet",   "Gaillard", "Barbier",  "Arnaud",     "Gérard",    "Roche",
    "Renard",    "Schmitt",  "Leroux",   "Colin",    "Vidal",    "Caron",      "Picard",    "Fabre",
    "Aubert",    "Lemoine",  "Renaud",   "Dumas",    "Lacroix",  "Olivier",    "Bourgeois", "Leclerc",
    "Guillaume", "Lecomte",  "Dupuy",    "Hubert",   "Berger",   "Carpentier", "Moulin",    "Deschamps",
    "Huet",      "Vasseur",  "Boucher",  "Fleury",   "Royer",    "Klein",      "Jacquet",   "Poirier",
    "Carré",     "Ménard",   "Maillard", "Baron",    "Bertin",   "Hervé",      "Le Gall",   "Léger",
    "Prévost",   "Perrot",   "Le Roux",  "Germain",  "Breton",   "Langlois",   "Rémy",      "Le Goff",
    "Lévêque",   "Barré",    "Lebrun",   "Maréchal", "Étienne",  "Lemaître",   "Bénard",    "Barthélemy",
    "Delaunay",  "Pasquier", "Laporte",  "Ægerter",  "Cœur",     "Nguyen",     "Da Silva",  "Ferreira",
};
static const char *const business_words[] = {
    "Informatique", "Numérique",  "Systèmes",      "Réseaux",       "Logiciels",    "Solutions",
    "Conseil",      "Services",   "Technologies",  "Télécom",       "Sécurité",     "Cloud",
    "Données",      "Ingénierie", "Bureautique",   "Infogérance",   "Électronique", "Automatismes",
    "Intégration",  "Digital",    "Cybersécurité", "Communication",
};
static const char *const company_prefixes[] = {"Groupe",    "Société",        "Atelier", "Cabinet",
                                               "Compagnie", "Établissements", "Agence",  "Maison"};
static const char *const places[] = {
    "de l'Ouest",  "du Sud-Ouest",  "Rhône-Alpes", "Côte d'Azur",  "Île-de-France", "du Littoral",
    "de Provence", "des Alpes",     "Bretagne",    "Val de Loire", "Méditerranée",  "Normandie",
    "d'Alsace",    "Franche-Comté", "du Nord",     "Atlantique",
};
static const char *const legal_forms[] = {"SARL", "SAS", "SA", "SASU", "EURL", "SCOP"};
static const char *const quoted_words[] = {"Bel Œil", "Le Réseau", "Cap Numérique", "L'Écho", "Les Pionniers"};
static const char *const cities[] = {"Lyon",     "Lille",      "Nantes", "Rennes",   "Bordeaux",
                                     "Toulouse", "Strasbourg", "Nice",   "Grenoble", "Besançon",
                                     "Orléans",  "Évry",       "Créteil"};

/* Values used by planted rows; none of them parses (dates, amounts) or matches a synonym (enums). */
static const char *const bad_date_texts[] = {"TBD", "mars 2024", "2024/03", "à voir"};
static const char *const impossible_dates_iso[] = {"2024-02-30", "2023-02-29", "2025-04-31", "2024-13-05"};
static const char *const impossible_dates_fr[] = {"30/02/2024", "29/02/2023", "31/04/2025", "15/13/2024"};
static const char *const bad_amount_texts[] = {"n.c.", "TBD", "à définir", "cinq mille"};
static const char *const bad_decision_texts[] = {"Ajourné", "peut-être", "à revoir", "maybe"};
static const char *const bad_status_texts[] = {"Annulé", "Suspendu", "cancelled", "on hold"};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------------------------------------------------
 * Planted bad rows
 * ------------------------------------------------------------------------------------------------------- */

typedef enum bad_kind {
    BAD_MISSING_PARTNER_ID = 0,
    BAD_DUPLICATE_PARTNER_ID,
    BAD_FIELD_COUNT,
    BAD_UNPARSABLE_DATE,
    BAD_IMPOSSIBLE_DATE,
    BAD_NEGATIVE_AMOUNT,
    BAD_NON_NUMERIC_AMOUNT,
    BAD_UNKNOWN_DECISION,
    BAD_UNKNOWN_STATUS,
    BAD_DEAL_UNKNOWN_PARTNER,
    BAD_WON_WITHOUT_CLOSED_ON,
    BAD_COST_UNKNOWN_PARTNER,
    BAD_DUPLICATE_DEAL_ID,
} bad_kind;

static const char *const bad_reasons[PF_GENERATE_BAD_KINDS] = {
    "missing partner_id",  "duplicate partner_id", "wrong field count",          "unparsable date",
    "impossible date",     "negative amount",      "non-numeric amount",         "unknown decision",
    "unknown deal status", "unknown partner",      "won deal without closed_on", "unknown partner",
    "duplicate deal_id",
};

typedef struct planted_entry {
    long line;
    pf_column column; /* PF_COL_COUNT: none (wrong field count) */
    bad_kind kind;
} planted_entry;

typedef struct planted_list {
    planted_entry *entries;
    size_t count, capacity;
} planted_list;

/* ---------------------------------------------------------------------------------------------------------
 * Output: buffered writer with quoting, Windows-1252 conversion and line counting
 * ------------------------------------------------------------------------------------------------------- */

#define OUT_BUFFER_SIZE (1u << 20)

typedef struct out_file {
    int fd;
    char *buffer;
    size_t used;
    long lines;         /* physical lines completed */
    long pending_lines; /* line breaks inside the current record's fields */
    int first_field;    /* no delimiter before the next field */
    char delimiter;
    int cp1252;      /* convert text from UTF-8 to Windows-1252 */
    wb_sheet *sheet; /* a workbook's sheet instead of fd (borrowed); the fields below are its next cell */
    lxw_row_t row;
    lxw_col_t column;
} out_file;

typedef struct generator {
    const pf_generate_options *options;
    gsl_rng *rng;
    gsl_rng *planted_rng;
    out_file files[PF_GENERATE_FILE_COUNT];
    int fr;
    char delimiter;
    int write_errno; /* first write error */
    pf_generate_file failed_file;
    unsigned long long written; /* bytes written to every file (for the progress line) */
    long bad_codepoint;         /* a character with no Windows-1252 form (a bug in the tables), or -1 */
    unsigned long deal_counter;
    char last_partner_id[32]; /* last valid partner written */
    char last_deal_id[32];    /* last valid deal written, "" when none */
    char last_deal_partner[32];
    unsigned long fresh_partner_ids; /* planted partner rows that carry a new id */
    planted_list planted[PF_FILE_COUNT];
    pf_generate_stats stats;
} generator;

static void out_flush(generator *g, out_file *f)
{
    size_t done = 0;
    while (done < f->used && g->write_errno == 0) {
        ssize_t n = write(f->fd, f->buffer + done, f->used - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            g->write_errno = errno;
            g->failed_file = (pf_generate_file)(f - g->files);
        } else if (n == 0) {
            g->write_errno = EIO;
            g->failed_file = (pf_generate_file)(f - g->files);
        } else {
            done += (size_t)n;
            g->written += (unsigned long long)n;
        }
    }
    f->used = 0;
}

static void out_bytes(generator *g, out_file *f, const char *s, size_t n)
{
    while (n > 0) {
        if (f->used == OUT_BUFFER_SIZE)
            out_flush(g, f);
        size_t room = OUT_BUFFER_SIZE - f->used;
        size_t take = n < room ? n : room;
        memcpy(f->buffer + f->used, s, take);
        f->used += take;
        s += take;
        n -= take;
    }
}

static void out_byte(generator *g, out_file *f, char c)
{
    if (f->used == OUT_BUFFER_SIZE)
        out_flush(g, f);
    f->buffer[f->used++] = c;
}

/* Windows-1252 bytes 0x80–0x9F and the code points they stand for (0 = undefined byte). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* The Windows-1252 byte of code point cp, or -1. */
static int cp1252_byte(unsigned long cp)
{
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
        return (int)cp;
    for (int i = 0; i < 32; i++)
        if (cp1252_high[i] != 0 && cp1252_high[i] == cp)
            return 0x80 + i;
    return -1;
}

/* Writes UTF-8 text s (n bytes, from our tables: well-formed) in the file's encoding. */
static void out_encoded(generator *g, out_file *f, const char *s, size_t n, int to_cp1252)
{
    if (!to_cp1252) {
        out_bytes(g, f, s, n);
        return;
    }
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        const unsigned char *run = p;
        while (p < end && *p < 0x80)
            p++;
        if (p > run)
            out_bytes(g, f, (const char *)run, (size_t)(p - run));
        if (p >= end)
            break;
        unsigned long cp;
        int extra;
        if ((*p & 0xE0) == 0xC0) {
            cp = *p & 0x1Fu;
            extra = 1;
        } else if ((*p & 0xF0) == 0xE0) {
            cp = *p & 0x0Fu;
            extra = 2;
        } else {
            cp = *p & 0x07u;
            extra = 3;
        }
        p++;
        for (int i = 0; i < extra && p < end; i++, p++)
            cp = (cp << 6) | (*p & 0x3Fu);
        int byte = cp1252_byte(cp);
        if (byte < 0) {
            if (g->bad_codepoint < 0)
                g->bad_codepoint = (long)cp;
            byte = '?';
        }
        out_byte(g, f, (char)byte);
    }
}

static void field_start(generator *g, out_file *f)
{
    if (!f->first_field)
        out_byte(g, f, f->delimiter);
    f->first_field = 0;
}

/* A text field: quoted when it holds the delimiter, a quote or a line break (RFC 4180). */
static void put_text_n(generator *g, out_file *f, const char *s, size_t n)
{
    if (f->sheet) { /* s is NUL-terminated: put_text's */
        wb_write_text(f->sheet, f->row, f->column++, s, WB_PLAIN);
        return;
    }
    const int to_cp1252 = f->cp1252;
    const char delimiter = f->delimiter;
    field_start(g, f);
    int quote = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == delimiter || c == '"' || c == '\r' || c == '\n')
            quote = 1;
        if (c == '\n')
            f->pending_lines++;
    }
    if (!quote) {
        out_encoded(g, f, s, n, to_cp1252);
        return;
    }
    out_byte(g, f, '"');
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') {
            out_encoded(g, f, s + start, i + 1 - start, to_cp1252);
            out_byte(g, f, '"');
            start = i + 1;
        }
    }
    out_encoded(g, f, s + start, n - start, to_cp1252);
    out_byte(g, f, '"');
}

static void put_text(generator *g, out_file *f, const char *s)
{
    put_text_n(g, f, s, strlen(s));
}

static void put_empty(generator *g, out_file *f)
{
    if (f->sheet)
        f->column++;
    else
        field_start(g, f);
}

/* Canonical or French form of a word pair {canonical, french}. */
static void put_word(generator *g, out_file *f, const char *const pair[2])
{
    put_text(g, f, pair[g->fr ? 1 : 0]);
}

static void end_record(generator *g, out_file *f)
{
    if (f->sheet) { /* a row is a line: rejects name it by its row number */
        f->row++;
        f->column = 0;
        f->lines++;
        return;
    }
    if (g->fr)
        out_bytes(g, f, "\r\n", 2);
    else
        out_byte(g, f, '\n');
    f->lines += 1 + f->pending_lines;
    f->pending_lines = 0;
    f->first_field = 1;
}

static void put_date(generator *g, out_file *f, pf_date date)
{
    if (f->sheet) {
        if (date != PF_DATE_NONE)
            wb_write_date(f->sheet, f->row, f->column, date, WB_DATE);
        f->column++;
        return;
    }
    field_start(g, f);
    if (date == PF_DATE_NONE)
        return;
    char iso[11];
    field_date_format_iso(date, iso);
    if (!g->fr) {
        out_bytes(g, f, iso, 10);
        return;
    }
    char dmy[10] = {iso[8], iso[9], '/', iso[5], iso[6], '/', iso[0], iso[1], iso[2], iso[3]};
    out_bytes(g, f, dmy, 10);
}

/* Money from cents: "12345.67", or "12 345,67 €" in French (NBSP thousands separator, space before the euro
 * sign, both written as Windows-1252 bytes). cents < 0 writes an empty field; negative_sign writes "-". */
static void put_money_signed(generator *g, out_file *f, long long cents, int negative_sign)
{
    if (f->sheet) {
        if (cents >= 0)
            wb_write_number(f->sheet, f->row, f->column, (double)(negative_sign ? -cents : cents) / 100.0,
                            WB_MONEY);
        f->column++;
        return;
    }
    field_start(g, f);
    if (cents < 0)
        return;
    char digits[24];
    int nd = 0;
    long long euros = cents / 100;
    do {
        digits[nd++] = (char)('0' + euros % 10);
        euros /= 10;
    } while (euros > 0);
    char text[64];
    size_t n = 0;
    if (negative_sign)
        text[n++] = '-';
    for (int i = nd - 1; i >= 0; i--) {
        text[n++] = digits[i];
        if (g->fr && i > 0 && i % 3 == 0)
            text[n++] = (char)0xA0;
    }
    text[n++] = g->fr ? ',' : '.';
    text[n++] = (char)('0' + cents % 100 / 10);
    text[n++] = (char)('0' + cents % 10);
    if (g->fr) {
        text[n++] = ' ';
        text[n++] = (char)0x80;
    }
    out_bytes(g, f, text, n);
}

static void put_money(generator *g, out_file *f, long long cents)
{
    put_money_signed(g, f, cents, 0);
}

static const char *header_of(const generator *g, pf_column column)
{
    return g->fr ? french_headers[column] : pf_columns[column].name;
}

static void write_header(generator *g, pf_file_kind kind)
{
    out_file *f = &g->files[kind];
    pf_column first, end;
    schema_file_columns(kind, &first, &end);
    for (pf_column c = first; c < end; c++)
        put_text(g, f, header_of(g, c));
    end_record(g, f);
}

/* ---------------------------------------------------------------------------------------------------------
 * Random draws
 * ------------------------------------------------------------------------------------------------------- */

static double uniform(gsl_rng *r)
{
    return gsl_rng_uniform(r);
}

static int chance(gsl_rng *r, double p)
{
    return gsl_rng_uniform(r) < p;
}

/* An integer in [low, high]. */
static int uniform_int(gsl_rng *r, int low, int high)
{
    return low + (int)gsl_rng_uniform_int(r, (unsigned long)(high - low + 1));
}

static double lognormal(gsl_rng *r, double median, double sigma)
{
    return median * exp(sigma * gsl_ran_gaussian_ziggurat(r, 1.0));
}

/* Days, log-normal, at least min_days, capped at 10 years. */
static int lognormal_days(gsl_rng *r, double median, double sigma, int min_days)
{
    double d = floor(lognormal(r, median, sigma) + 0.5);
    if (d > 3650)
        d = 3650;
    return d < min_days ? min_days : (int)d;
}

static long long lognormal_cents(gsl_rng *r, double median, double sigma)
{
    return llround(lognormal(r, median, sigma) * 100.0);
}

static double logistic(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

#define PICK(r, table) pick_weighted((r), &(table)[0].weight, sizeof((table)[0]), COUNT_OF(table))

/* Index drawn from the weights found every stride bytes from first_weight. */
static int pick_weighted(gsl_rng *r, const double *first_weight, size_t stride, size_t count)
{
    double total = 0;
    for (size_t i = 0; i < count; i++)
        total += *(const double *)(const void *)((const char *)first_weight + i * stride);
    double x = uniform(r) * total;
    for (size_t i = 0; i < count; i++) {
        x -= *(const double *)(const void *)((const char *)first_weight + i * stride);
        if (x < 0)
            return (int)i;
    }
    return (int)count - 1;
}

static const char *pick_text(gsl_rng *r, const char *const *texts, size_t count)
{
    return texts[gsl_rng_uniform_int(r, count)];
}
#define PICK_TEXT(r, texts) pick_text((r), (texts), COUNT_OF(texts))

/* Monday to Friday: a Saturday or Sunday moves to the next Monday. 1970-01-01 was a Thursday. */
static pf_date next_workday(pf_date d)
{
    int weekday = (int)(((long)d % 7 + 7 + 3) % 7); /* 0 = Monday */
    return weekday == 5 ? d + 2 : weekday == 6 ? d + 1 : d;
}

static pf_date previous_workday(pf_date d)
{
    int weekday = (int)(((long)d % 7 + 7 + 3) % 7);
    return weekday == 5 ? d - 1 : weekday == 6 ? d - 2 : d;
}

/* ---------------------------------------------------------------------------------------------------------
 * One candidate
 * ------------------------------------------------------------------------------------------------------- */

enum {
    D_LISTED = 0,
    D_APPROACHED,
    D_APPLIED,
    D_COMMITTEE,
    D_SIGNED,
    D_KICKOFF,
    D_PLAN,
    D_TECH,
    D_SALES,
    D_ENDED,
    D_COUNT
};

typedef struct deal_line {
    pf_date when; /* close date in the latent timeline (for ordering) */
    status_value status;
    long long cents;
} deal_line;

typedef struct cost_line {
    pf_date date;
    cost_kind kind;
    long long cents;
} cost_line;

typedef struct candidate {
    char id[32];
    char name[256];
    char company_id[16];
    int category, market, source, recruiter;
    pf_date dates[D_COUNT];
    decision_value decision;
    long long recruitment_cents, onboarding_cents; /* -1: empty */
    int deal_count, cost_count;
    deal_line deals[MAX_DEALS];
    cost_line costs[MAX_COSTS];
} candidate;

typedef struct name_builder {
    char *text;
    size_t length;
} name_builder;

static void name_add(name_builder *b, const char *s)
{
    size_t n = strlen(s);
    if (b->length + n >= 255)
        n = 255 - b->length; /* never with our tables; keeps the buffer safe */
    memcpy(b->text + b->length, s, n);
    b->length += n;
    b->text[b->length] = '\0';
}

static void draw_name(gsl_rng *r, char out[256])
{
    name_builder b = {out, 0};
    out[0] = '\0';
    double u = uniform(r);
    int legal = 1;
    if (u < 0.30) {
        name_add(&b, PICK_TEXT(r, family_names));
        name_add(&b, " ");
        name_add(&b, PICK_TEXT(r, business_words));
    } else if (u < 0.50) {
        name_add(&b, PICK_TEXT(r, company_prefixes));
        name_add(&b, " ");
        name_add(&b, PICK_TEXT(r, family_names));
    } else if (u < 0.68) {
        name_add(&b, PICK_TEXT(r, business_words));
        name_add(&b, " ");
        name_add(&b, PICK_TEXT(r, places));
    } else if (u < 0.78) {
        char acronym[5];
        int n = uniform_int(r, 2, 4);
        for (int i = 0; i < n; i++)
            acronym[i] = (char)('A' + gsl_rng_uniform_int(r, 26));
        acronym[n] = '\0';
        name_add(&b, acronym);
        name_add(&b, " ");
        name_add(&b, PICK_TEXT(r, business_words));
    } else if (u < 0.86) {
        name_add(&b, PICK_TEXT(r, family_names));
        name_add(&b, chance(r, 0.5) ? " & " : " et ");
        name_add(&b, chance(r, 0.5) ? "Fils" : PICK_TEXT(r, family_names));
    } else if (u < 0.92) { /* a comma */
        name_add(&b, PICK_TEXT(r, family_names));
        name_add(&b, ", ");
        name_add(&b, PICK_TEXT(r, family_names));
        name_add(&b, " et Associés");
        legal = 0;
    } else if (u < 0.955) { /* a typographic apostrophe */
        name_add(&b, "L’Atelier ");
        name_add(&b, PICK_TEXT(r, business_words));
    } else if (u < 0.975) { /* quotes, straight or French */
        int french = chance(r, 0.5);
        name_add(&b, chance(r, 0.5) ? "Les Ateliers " : "Société ");
        name_add(&b, french ? "« " : "\"");
        name_add(&b, PICK_TEXT(r, quoted_words));
        name_add(&b, french ? " »" : "\"");
        legal = 0;
    } else if (u < 0.995) { /* a semicolon (a data-entry habit) */
        name_add(&b, PICK_TEXT(r, family_names));
        name_add(&b, "; ");
        name_add(&b, PICK_TEXT(r, business_words));
        name_add(&b, " et Conseil");
        legal = 0;
    } else { /* a line break inside the field */
        name_add(&b, PICK_TEXT(r, family_names));
        name_add(&b, " ");
        name_add(&b, PICK_TEXT(r, business_words));
        name_add(&b, "\nAgence de ");
        name_add(&b, PICK_TEXT(r, cities));
        legal = 0;
    }
    if (legal && chance(r, 0.35)) {
        name_add(&b, " ");
        name_add(&b, PICK_TEXT(r, legal_forms));
    }
}

/* Luhn check digit for the digits of s (the digit that makes s followed by it pass the Luhn test). */
static char luhn_digit(const char *s, size_t n)
{
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        int d = s[n - 1 - i] - '0';
        if (i % 2 == 0) { /* doubled: the check digit will be at position 0 from the right */
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return (char)('0' + (10 - sum % 10) % 10);
}

/* A SIREN (9 digits) or SIRET (14 digits) that passes the Luhn test, distinct per candidate number (the 8-digit
 * body is a bijection of the number modulo 9·10^7), or "" for a few candidates. */
static void draw_company_id(gsl_rng *r, unsigned long number, char out[16])
{
    double u = uniform(r);
    if (u < 0.03) {
        out[0] = '\0';
        return;
    }
    unsigned long long body = 10000000ULL + ((unsigned long long)number * 48271ULL + 12345678ULL) % 90000000ULL;
    snprintf(out, 16, "%08llu", body);
    out[8] = luhn_digit(out, 8);
    out[9] = '\0';
    if (u < 0.70)
        return;
    /* SIRET: SIREN + 4-digit establishment number + check digit. */
    unsigned nic = 1 + (unsigned)gsl_rng_uniform_int(r, 40);
    snprintf(out + 9, 7, "%04u", nic);
    out[13] = luhn_digit(out, 13);
    out[14] = '\0';
}

/* listed_on of candidate number (1-based): listing order follows ids, density growing over the span. */
static pf_date listing_date(generator *g, unsigned long number)
{
    double p = ((double)(number - 1) + uniform(g->rng)) / (double)g->options->candidates;
    /* Inverse of F(x) = (x + LISTING_GROWTH x²/2) / (1 + LISTING_GROWTH/2). */
    double a = LISTING_GROWTH / 2.0;
    double x = (-1.0 + sqrt(1.0 + 4.0 * a * p * (1.0 + a))) / (2.0 * a);
    int offset = (int)(x * LISTING_SPAN_DAYS);
    if (offset >= LISTING_SPAN_DAYS)
        offset = LISTING_SPAN_DAYS - 1;
    if (offset < 0)
        offset = 0;
    return previous_workday(g->options->as_of - LISTING_SPAN_DAYS + 1 + offset);
}

static void add_deal(generator *g, candidate *c, pf_date when, status_value status, pf_date stop)
{
    const category_model *cat = &categories[c->category];
    pf_date as_of = g->options->as_of;
    if (c->deal_count >= MAX_DEALS || when > stop)
        return;
    if (when > as_of) {
        if (when - as_of > OPEN_DEAL_HORIZON)
            return;
        status = STATUS_OPEN;
    }
    double amount = lognormal(g->rng, cat->deal_median, 0.8) * (status == STATUS_LOST ? 1.15 : 1.0);
    long long cents;
    if (chance(g->rng, 0.4)) { /* round figures, as sales people quote them */
        long long hundreds = llround(amount / 100.0);
        cents = (hundreds < 1 ? 1 : hundreds) * 10000;
    } else {
        cents = llround(amount * 100.0);
        if (cents < 100)
            cents = 100;
    }
    deal_line *d = &c->deals[c->deal_count++];
    d->when = when;
    d->status = status;
    d->cents = cents;
}

static void add_cost(generator *g, candidate *c, pf_date date, cost_kind kind, long long cents, pf_date stop)
{
    if (c->cost_count >= MAX_COSTS || date > g->options->as_of || date > stop || cents <= 0)
        return;
    cost_line *line = &c->costs[c->cost_count++];
    line->date = date;
    line->kind = kind;
    line->cents = cents;
}

/* A meeting a few days before the committee, never before the first contact. */
static pf_date committee_travel_date(gsl_rng *r, const pf_date *d)
{
    pf_date t = previous_workday(d[D_COMMITTEE] - uniform_int(r, 2, 15));
    return d[D_APPROACHED] != PF_DATE_NONE && t < d[D_APPROACHED] ? d[D_APPROACHED] : t;
}

/* Draws a whole candidate: profile, latent timeline cut at as_of, quirks, deals and cost lines. */
static void draw_candidate(generator *g, candidate *c, unsigned long number)
{
    gsl_rng *r = g->rng;
    const pf_date as_of = g->options->as_of;
    snprintf(c->id, sizeof c->id, "P%07lu", number);
    draw_name(r, c->name);
    draw_company_id(r, number, c->company_id);
    c->category = PICK(r, categories);
    c->market = PICK(r, markets);
    c->source = PICK(r, sources);
    c->recruiter = PICK(r, recruiters);
    const category_model *cat = &categories[c->category];
    const source_model *src = &sources[c->source];
    const recruiter_model *rec = &recruiters[c->recruiter];
    const double quality = gsl_ran_gaussian_ziggurat(r, QUALITY_SD);

    pf_date *d = c->dates;
    for (int i = 0; i < D_COUNT; i++)
        d[i] = PF_DATE_NONE;
    c->decision = DECISION_EMPTY;
    c->deal_count = 0;
    c->cost_count = 0;
    c->recruitment_cents = -1;
    c->onboarding_cents = -1;

    /* ---- the latent timeline (dates may fall after as_of; cut below) ---- */
    pf_date latent_ended = PF_DATE_NONE;
    int seller = 0, kickoff = 0, plan = 0;
    pf_date first_win = PF_DATE_NONE;
    d[D_LISTED] = listing_date(g, number);
    if (chance(r, src->p_approach)) {
        d[D_APPROACHED] = next_workday(d[D_LISTED] + lognormal_days(r, 18, 0.8, 1));
        if (chance(r, src->p_apply)) {
            d[D_APPLIED] = next_workday(d[D_APPROACHED] + lognormal_days(r, 24, 0.7, 1));
            if (chance(r, 0.88)) {
                d[D_COMMITTEE] = next_workday(d[D_APPLIED] + lognormal_days(r, 20, 0.5, 2));
                double p_approve = logistic(0.35 + 0.7 * quality) * rec->approve_factor;
                if (p_approve > 0.97)
                    p_approve = 0.97;
                int approved = chance(r, p_approve);
                c->decision = approved ? DECISION_APPROVED : DECISION_REJECTED;
                if (as_of - d[D_COMMITTEE] < 21 ? chance(r, 0.5) : chance(r, 0.02))
                    c->decision = chance(r, 0.5) ? DECISION_PENDING : DECISION_EMPTY;
                if (c->decision == DECISION_REJECTED && chance(r, 0.7))
                    latent_ended = d[D_COMMITTEE] + uniform_int(r, 0, 14);
                else if (c->decision == DECISION_APPROVED && chance(r, 0.88))
                    d[D_SIGNED] = next_workday(d[D_COMMITTEE] + lognormal_days(r, 28, 0.6, 3));
                else if (c->decision == DECISION_APPROVED && chance(r, 0.6))
                    latent_ended = d[D_COMMITTEE] + uniform_int(r, 30, 120);
            } else if (chance(r, 0.5)) {
                latent_ended = d[D_APPLIED] + uniform_int(r, 30, 90);
            }
        } else if (chance(r, 0.3)) {
            latent_ended = d[D_APPROACHED] + uniform_int(r, 20, 120);
        }
    }

    const pf_date s = d[D_SIGNED];
    if (s != PF_DATE_NONE) {
        kickoff = chance(r, rec->p_kickoff);
        plan = chance(r, rec->p_plan + (kickoff ? 0.10 : 0.0));
        if (kickoff)
            d[D_KICKOFF] = next_workday(s + lognormal_days(r, 9, 0.6, 0));
        if (plan)
            d[D_PLAN] = next_workday(s + lognormal_days(r, 40, 0.5, 5));
        double logit = SELL_BASE_LOGIT + cat->sell_effect + src->sell_effect + rec->sell_effect +
                       markets[c->market].sell_effect + quality + SELL_KICKOFF_EFFECT * kickoff +
                       SELL_PLAN_EFFECT * plan;
        seller = chance(r, logistic(logit));
        if (seller) {
            double median =
                FIRST_WIN_MEDIAN * (kickoff ? FIRST_WIN_KICKOFF : 1.0) * (plan ? FIRST_WIN_PLAN : 1.0);
            first_win = s + lognormal_days(r, median, FIRST_WIN_SIGMA, 7);
        }
        /* The 6–9 month review: no won deal by then usually ends the partnership. */
        pf_date review = s + uniform_int(r, 183, 274);
        if ((!seller || first_win > review) && chance(r, 0.75))
            latent_ended = review;
        else if (!seller && chance(r, 0.5))
            latent_ended = s + uniform_int(r, 300, 720);
        else if (seller && first_win <= review)
            latent_ended = first_win + (pf_date)gsl_ran_exponential(r, 365.0 * 6); /* slow churn */
        if (seller && latent_ended != PF_DATE_NONE && first_win > latent_ended)
            seller = 0; /* ended before it could sell */
        if (chance(r, seller ? 0.85 : 0.30))
            d[D_TECH] = next_workday(s + lognormal_days(r, kickoff ? 100 : 170, 0.4, 20));
        if (seller && chance(r, 0.75)) {
            pf_date sales = s + lognormal_days(r, 330, 0.3, 60);
            if (sales < first_win + 30)
                sales = first_win + 30;
            d[D_SALES] = next_workday(sales);
        }
    }
    d[D_ENDED] = latent_ended;
    const pf_date stop = latent_ended == PF_DATE_NONE ? INT32_MAX : latent_ended;
    for (int i = D_KICKOFF; i <= D_SALES; i++)
        if (d[i] != PF_DATE_NONE && d[i] > stop)
            d[i] = PF_DATE_NONE;

    /* ---- deals (latent close dates; add_deal cuts at as_of) ---- */
    if (s != PF_DATE_NONE && s <= as_of) {
        if (seller) {
            int before =
                (int)gsl_ran_poisson(r, cat->deals_per_year * (first_win - s) / 365.0 * (1 - cat->win_rate));
            for (int i = 0; i < before; i++)
                add_deal(g, c, s + uniform_int(r, 7, first_win - s), STATUS_LOST, stop);
            add_deal(g, c, first_win, STATUS_WON, stop);
            pf_date t = first_win;
            for (;;) {
                t += 1 + (pf_date)gsl_ran_exponential(r, 365.0 / cat->deals_per_year);
                if (t > stop || t > as_of + OPEN_DEAL_HORIZON || c->deal_count >= MAX_DEALS)
                    break;
                add_deal(g, c, t, chance(r, cat->win_rate) ? STATUS_WON : STATUS_LOST, stop);
            }
            if (chance(r, 0.03)) /* quirk: a deal won just before the contract was signed */
                add_deal(g, c, s - uniform_int(r, 1, 20), STATUS_WON, stop);
        } else {
            int lost = (int)gsl_ran_poisson(r, 1.3);
            for (int i = 0; i < lost; i++)
                add_deal(g, c, s + uniform_int(r, 30, 270), STATUS_LOST, stop);
            if (chance(r, 0.35))
                add_deal(g, c, s + uniform_int(r, 60, 400), STATUS_LOST, stop);
        }
        /* Chronological order (insertion sort: a few dozen deals at most). */
        for (int i = 1; i < c->deal_count; i++) {
            deal_line key = c->deals[i];
            int j = i - 1;
            while (j >= 0 && c->deals[j].when > key.when) {
                c->deals[j + 1] = c->deals[j];
                j--;
            }
            c->deals[j + 1] = key;
        }
    }

    /* ---- costs: the two columns, then dated cost lines ---- */
    const double f = cat->cost_factor;
    if (d[D_COMMITTEE] != PF_DATE_NONE && d[D_COMMITTEE] <= as_of && chance(r, 0.3))
        add_cost(g, c, committee_travel_date(r, d), COST_TRAVEL, lognormal_cents(r, 450, 0.5), stop);
    if (s != PF_DATE_NONE && s <= as_of) {
        c->recruitment_cents = lognormal_cents(r, 11000 * f, 0.35);
        long long onboarding = lognormal_cents(r, 6500 * f, 0.35);
        if (kickoff)
            onboarding += lognormal_cents(r, 5500, 0.3);
        if (plan)
            onboarding += lognormal_cents(r, 2000, 0.3);
        c->onboarding_cents = onboarding;
        int trainings = 1 + kickoff;
        for (int i = 0; i < trainings; i++)
            add_cost(g, c, next_workday(s + uniform_int(r, 5, 100)), COST_TRAINING,
                     lognormal_cents(r, 1400 * f, 0.4), stop);
        if (kickoff)
            add_cost(g, c, next_workday(s + uniform_int(r, 10, 90)), COST_LEAD_GENERATION,
                     lognormal_cents(r, 2500, 0.4), stop);
        if (chance(r, seller ? 0.4 : 0.15))
            add_cost(g, c, next_workday(s + uniform_int(r, 60, 200)), COST_CERTIFICATION,
                     lognormal_cents(r, 900, 0.3), stop);
        if (chance(r, 0.15))
            add_cost(g, c, next_workday(s + uniform_int(r, 30, 400)), COST_EVENTS,
                     lognormal_cents(r, 1800, 0.5), stop);
        if (seller) {
            pf_date end = stop < as_of ? stop : as_of;
            double years = (end - first_win) / 365.0;
            int n = years > 0 ? (int)gsl_ran_poisson(r, 1.2 * years) : 0;
            for (int i = 0; i < n; i++)
                add_cost(g, c, next_workday(first_win + uniform_int(r, 0, end - first_win)), COST_MARKETING,
                         lognormal_cents(r, 2200, 0.6), stop);
        } else {
            int n = (int)gsl_ran_poisson(r, 0.7);
            for (int i = 0; i < n; i++)
                add_cost(g, c, next_workday(s + uniform_int(r, 15, 180)), COST_MARKETING,
                         lognormal_cents(r, 2200, 0.6), stop);
        }
    } else if (d[D_COMMITTEE] != PF_DATE_NONE && d[D_COMMITTEE] <= as_of) {
        c->recruitment_cents = lognormal_cents(r, 3500, 0.35);
    } else if (d[D_APPLIED] != PF_DATE_NONE && d[D_APPLIED] <= as_of) {
        c->recruitment_cents = lognormal_cents(r, 1800, 0.4);
    } else if (d[D_APPROACHED] != PF_DATE_NONE && d[D_APPROACHED] <= as_of) {
        c->recruitment_cents = lognormal_cents(r, 350, 0.4);
    }
    for (int i = 1; i < c->cost_count; i++) {
        cost_line key = c->costs[i];
        int j = i - 1;
        while (j >= 0 && c->costs[j].date > key.date) {
            c->costs[j + 1] = c->costs[j];
            j--;
        }
        c->costs[j + 1] = key;
    }

    /* ---- cut at as_of: what would happen later has not happened yet ---- */
    for (int i = 0; i < D_COUNT; i++)
        if (d[i] != PF_DATE_NONE && d[i] > as_of)
            d[i] = PF_DATE_NONE;
    if (d[D_COMMITTEE] == PF_DATE_NONE)
        c->decision = DECISION_EMPTY;

    /* ---- legitimate quirks (accepted with a warning by validate) ---- */
    if (d[D_APPLIED] != PF_DATE_NONE && chance(r, 0.03))
        d[D_APPROACHED] = PF_DATE_NONE; /* implied stage */
    if (d[D_SIGNED] != PF_DATE_NONE) {
        double u = uniform(r);
        if (u < 0.015)
            d[D_COMMITTEE] = PF_DATE_NONE; /* implied stage, decision kept */
        else if (u < 0.025)
            d[D_APPLIED] = PF_DATE_NONE;
        else if (u < 0.035 && d[D_APPROACHED] != PF_DATE_NONE && d[D_APPLIED] != PF_DATE_NONE &&
                 d[D_APPLIED] > d[D_APPROACHED]) {
            pf_date t = d[D_APPROACHED]; /* out of order */
            d[D_APPROACHED] = d[D_APPLIED];
            d[D_APPLIED] = t;
        }
        if (d[D_KICKOFF] != PF_DATE_NONE && chance(r, 0.02))
            d[D_KICKOFF] = d[D_SIGNED] - uniform_int(r, 1, 10); /* started before the signature */
    }
}

/* ---------------------------------------------------------------------------------------------------------
 * Rows
 * ------------------------------------------------------------------------------------------------------- */

/* A field forced to a given text (planted rows), and a change in the number of fields. */
typedef struct row_override {
    pf_column column; /* PF_COL_COUNT: none */
    const char *text;
    int drop_last_field; /* 1: one field fewer; -1: one extra field */
} row_override;

static const row_override no_override = {PF_COL_COUNT, NULL, 0};

static int overridden(generator *g, out_file *f, const row_override *o, pf_column column)
{
    if (o->column != column)
        return 0;
    put_text(g, f, o->text);
    return 1;
}

static void finish_row(generator *g, out_file *f, const row_override *o)
{
    if (o->drop_last_field < 0)
        put_empty(g, f);
    end_record(g, f);
}

static void write_partner_row(generator *g, const candidate *c, const row_override *o)
{
    out_file *f = &g->files[PF_GENERATE_PARTNERS];
    static const pf_column date_columns[D_COUNT] = {
        PF_COL_LISTED_ON,         PF_COL_APPROACHED_ON, PF_COL_APPLIED_ON,       PF_COL_COMMITTEE_ON,
        PF_COL_SIGNED_ON,         PF_COL_KICKOFF_ON,    PF_COL_BUSINESS_PLAN_ON, PF_COL_TECH_AUTONOMY_ON,
        PF_COL_SALES_AUTONOMY_ON, PF_COL_ENDED_ON};
    if (!overridden(g, f, o, PF_COL_PARTNER_ID))
        put_text(g, f, c->id);
    put_text(g, f, c->name);
    put_text(g, f, c->company_id);
    put_word(g, f, categories[c->category].name);
    put_text(g, f, markets[c->market].name);
    put_word(g, f, sources[c->source].name);
    put_text(g, f, recruiters[c->recruiter].name);
    for (int i = D_LISTED; i <= D_COMMITTEE; i++)
        if (!overridden(g, f, o, date_columns[i]))
            put_date(g, f, c->dates[i]);
    if (!overridden(g, f, o, PF_COL_DECISION))
        put_word(g, f, decision_words[c->decision]);
    for (int i = D_SIGNED; i <= D_ENDED; i++)
        if (!overridden(g, f, o, date_columns[i]))
            put_date(g, f, c->dates[i]);
    if (!overridden(g, f, o, PF_COL_RECRUITMENT_COST))
        put_money(g, f, c->recruitment_cents);
    if (o->drop_last_field <= 0 && !overridden(g, f, o, PF_COL_ONBOARDING_COST))
        put_money(g, f, c->onboarding_cents);
    finish_row(g, f, o);
    g->stats.partner_rows++;
}

static void write_deal_row(generator *g, const char *deal_id, const char *partner_id, status_value status,
                           pf_date closed, long long cents, const row_override *o)
{
    out_file *f = &g->files[PF_GENERATE_DEALS];
    if (!overridden(g, f, o, PF_COL_DEAL_ID))
        put_text(g, f, deal_id);
    if (!overridden(g, f, o, PF_COL_DEAL_PARTNER_ID))
        put_text(g, f, partner_id);
    if (!overridden(g, f, o, PF_COL_DEAL_STATUS))
        put_word(g, f, status_words[status]);
    if (!overridden(g, f, o, PF_COL_DEAL_CLOSED_ON))
        put_date(g, f, closed);
    if (o->drop_last_field <= 0 && !overridden(g, f, o, PF_COL_DEAL_AMOUNT))
        put_money(g, f, cents);
    finish_row(g, f, o);
    g->stats.deal_rows++;
}

static void write_cost_row(generator *g, pf_date date, const char *partner_id, cost_kind kind, long long cents,
                           const row_override *o)
{
    out_file *f = &g->files[PF_GENERATE_COSTS];
    if (!overridden(g, f, o, PF_COL_COST_DATE))
        put_date(g, f, date);
    if (!overridden(g, f, o, PF_COL_COST_PARTNER_ID))
        put_text(g, f, partner_id);
    put_word(g, f, cost_names[kind]);
    if (o->drop_last_field <= 0 && !overridden(g, f, o, PF_COL_COST_AMOUNT))
        put_money(g, f, cents);
    finish_row(g, f, o);
    g->stats.cost_rows++;
}

static void write_candidate(generator *g, const candidate *c)
{
    write_partner_row(g, c, &no_override);
    if (c->dates[D_SIGNED] != PF_DATE_NONE)
        g->stats.signed_partners++;
    snprintf(g->last_partner_id, sizeof g->last_partner_id, "%s", c->id);
    for (int i = 0; i < c->deal_count; i++) {
        const deal_line *d = &c->deals[i];
        g->deal_counter++;
        snprintf(g->last_deal_id, sizeof g->last_deal_id, "D%08lu", g->deal_counter);
        snprintf(g->last_deal_partner, sizeof g->last_deal_partner, "%s", c->id);
        write_deal_row(g, g->last_deal_id, c->id, d->status, d->status == STATUS_OPEN ? PF_DATE_NONE : d->when,
                       d->cents, &no_override);
    }
    for (int i = 0; i < c->cost_count; i++)
        write_cost_row(g, c->costs[i].date, c->id, c->costs[i].kind, c->costs[i].cents, &no_override);
}

/* Programme overhead (no partner): monthly platform and team, quarterly database, three trade shows a year and
 * monthly programme marketing, over the listing span; amounts scale with the number of candidates per 1,000. */
static void write_overhead(generator *g)
{
    gsl_rng *r = g->rng;
    const pf_date as_of = g->options->as_of;
    double scale = (double)g->options->candidates / 1000.0;
    if (scale < 1.0)
        scale = 1.0;
    int year, month, day;
    field_date_to_ymd(as_of - LISTING_SPAN_DAYS + 1, &year, &month, &day);
    for (pf_date first = field_date_from_ymd(year, month, 1); first <= as_of;
         first = field_date_add_months(first, 1)) {
        pf_date last = field_date_add_months(first, 1) - 1;
        int y, m, dd;
        field_date_to_ymd(first, &y, &m, &dd);
        if ((m - 1) % 3 == 0 && next_workday(first) <= as_of)
            write_cost_row(g, next_workday(first), "", COST_DATABASE, llround(3500.0 * 100 * scale),
                           &no_override);
        if (m == 3 || m == 6 || m == 10) {
            pf_date show = next_workday(first + uniform_int(r, 5, 20));
            long long cents = llround(lognormal(r, 18000 * scale, 0.3) * 100.0);
            if (show <= as_of)
                write_cost_row(g, show, "", COST_EVENTS, cents, &no_override);
        }
        pf_date mid = next_workday(first + 14);
        long long marketing = llround(lognormal(r, 2500 * scale, 0.4) * 100.0);
        if (mid <= as_of)
            write_cost_row(g, mid, "", COST_MARKETING, marketing, &no_override);
        if (last <= as_of) {
            write_cost_row(g, previous_workday(last), "", COST_PLATFORM, llround(1200.0 * 100 * scale),
                           &no_override);
            write_cost_row(g, previous_workday(last), "", COST_CHANNEL_TEAM, llround(9000.0 * 100 * scale),
                           &no_override);
        }
    }
}

/* ---------------------------------------------------------------------------------------------------------
 * Planted rows
 * ------------------------------------------------------------------------------------------------------- */

static int planted_add(planted_list *list, long line, pf_column column, bad_kind kind)
{
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? list->capacity * 2 : 64;
        planted_entry *entries = realloc(list->entries, capacity * sizeof *entries);
        if (!entries)
            return -1;
        list->entries = entries;
        list->capacity = capacity;
    }
    list->entries[list->count++] = (planted_entry){line, column, kind};
    return 0;
}

/* The file a kind goes to; the kinds that exist in every file rotate over the three. */
static pf_file_kind planted_file(bad_kind kind, unsigned long instance)
{
    switch (kind) {
    case BAD_MISSING_PARTNER_ID:
    case BAD_DUPLICATE_PARTNER_ID:
    case BAD_UNKNOWN_DECISION: return PF_FILE_PARTNERS;
    case BAD_UNKNOWN_STATUS:
    case BAD_DEAL_UNKNOWN_PARTNER:
    case BAD_WON_WITHOUT_CLOSED_ON:
    case BAD_DUPLICATE_DEAL_ID: return PF_FILE_DEALS;
    case BAD_COST_UNKNOWN_PARTNER: return PF_FILE_COSTS;
    default: return (pf_file_kind)((instance + (unsigned long)kind) % PF_FILE_COUNT);
    }
}

/* The text of a bad value for kind in the given date or money column. */
static const char *planted_text(generator *g, bad_kind kind)
{
    gsl_rng *r = g->planted_rng;
    switch (kind) {
    case BAD_UNPARSABLE_DATE: return PICK_TEXT(r, bad_date_texts);
    case BAD_IMPOSSIBLE_DATE:
        return g->fr ? PICK_TEXT(r, impossible_dates_fr) : PICK_TEXT(r, impossible_dates_iso);
    case BAD_NEGATIVE_AMOUNT: return NULL; /* written as a number with a sign */
    case BAD_NON_NUMERIC_AMOUNT: return PICK_TEXT(r, bad_amount_texts);
    case BAD_UNKNOWN_DECISION: return PICK_TEXT(r, bad_decision_texts);
    case BAD_UNKNOWN_STATUS: return PICK_TEXT(r, bad_status_texts);
    default: return "";
    }
}

/* The negative amount, in the file's own money format. */
static void negative_amount_text(generator *g, char *out, size_t size)
{
    long long cents = lognormal_cents(g->planted_rng, 1500, 0.5);
    /* Render through the writer's format into a scratch out_file would be heavier: do it by hand. */
    char digits[24];
    int nd = 0;
    long long euros = cents / 100;
    do {
        digits[nd++] = (char)('0' + euros % 10);
        euros /= 10;
    } while (euros > 0);
    size_t n = 0;
    out[n++] = '-';
    for (int i = nd - 1; i >= 0 && n + 8 < size; i--) {
        out[n++] = digits[i];
        if (g->fr && i > 0 && i % 3 == 0) { /* NBSP, UTF-8 here: converted on the way out */
            out[n++] = (char)0xC2;
            out[n++] = (char)0xA0;
        }
    }
    out[n++] = g->fr ? ',' : '.';
    out[n++] = (char)('0' + cents % 100 / 10);
    out[n++] = (char)('0' + cents % 10);
    out[n] = '\0';
    if (g->fr && n + 5 < size)
        memcpy(out + n, " \xE2\x82\xAC", 5); /* " €" */
}

/* A valid listed-and-approached candidate from the planted stream, to be spoiled in one field. */
static void draw_planted_partner(generator *g, candidate *c, const char *id)
{
    gsl_rng *r = g->planted_rng;
    const pf_date as_of = g->options->as_of;
    snprintf(c->id, sizeof c->id, "%s", id);
    draw_name(r, c->name);
    draw_company_id(r, g->options->candidates + 1 + g->fresh_partner_ids, c->company_id);
    c->category = PICK(r, categories);
    c->market = PICK(r, markets);
    c->source = PICK(r, sources);
    c->recruiter = PICK(r, recruiters);
    for (int i = 0; i < D_COUNT; i++)
        c->dates[i] = PF_DATE_NONE;
    c->dates[D_LISTED] = previous_workday(as_of - uniform_int(r, 120, 1000));
    c->dates[D_APPROACHED] = c->dates[D_LISTED] + uniform_int(r, 5, 40);
    c->decision = DECISION_EMPTY;
    c->recruitment_cents = lognormal_cents(r, 350, 0.4);
    c->onboarding_cents = -1;
    c->deal_count = c->cost_count = 0;
}

static pf_error plant_one(generator *g, candidate *scratch, bad_kind kind, unsigned long instance)
{
    gsl_rng *r = g->planted_rng;
    const pf_date as_of = g->options->as_of;
    const pf_file_kind file = planted_file(kind, instance);
    out_file *f = &g->files[file];
    const long line = f->lines + 1;
    row_override o = no_override;
    char negative[64];
    pf_column column = PF_COL_COUNT;
    char id[32];

    if (kind == BAD_NEGATIVE_AMOUNT) {
        negative_amount_text(g, negative, sizeof negative);
        o.text = negative;
    } else {
        o.text = planted_text(g, kind);
    }
    if (kind == BAD_FIELD_COUNT)
        o.drop_last_field = chance(r, 0.5) ? 1 : -1;

    if (file == PF_FILE_PARTNERS) {
        if (kind == BAD_DUPLICATE_PARTNER_ID) {
            snprintf(id, sizeof id, "%s", g->last_partner_id);
        } else {
            g->fresh_partner_ids++;
            snprintf(id, sizeof id, "P%07lu", g->options->candidates + g->fresh_partner_ids);
        }
        draw_planted_partner(g, scratch, id);
        switch (kind) {
        case BAD_MISSING_PARTNER_ID: column = PF_COL_PARTNER_ID; break;
        case BAD_DUPLICATE_PARTNER_ID:
            column = PF_COL_PARTNER_ID;
            o.text = NULL;
            break;
        case BAD_UNPARSABLE_DATE: column = PF_COL_LISTED_ON; break;
        case BAD_IMPOSSIBLE_DATE: column = PF_COL_APPROACHED_ON; break;
        case BAD_NEGATIVE_AMOUNT:
        case BAD_NON_NUMERIC_AMOUNT: column = PF_COL_RECRUITMENT_COST; break;
        case BAD_UNKNOWN_DECISION:
            column = PF_COL_DECISION;
            scratch->dates[D_APPLIED] = scratch->dates[D_APPROACHED] + uniform_int(r, 5, 30);
            scratch->dates[D_COMMITTEE] = scratch->dates[D_APPLIED] + uniform_int(r, 5, 30);
            break;
        default: break;
        }
        if (o.text != NULL && kind != BAD_FIELD_COUNT)
            o.column = column;
        write_partner_row(g, scratch, &o);
    } else if (file == PF_FILE_DEALS) {
        char deal_id[32];
        const char *partner = g->last_partner_id;
        status_value status = STATUS_LOST;
        pf_date closed = previous_workday(as_of - uniform_int(r, 1, 300));
        long long cents = lognormal_cents(r, 12000, 0.8);
        snprintf(deal_id, sizeof deal_id, "D%08lu-X", (unsigned long)(g->stats.planted_rows + 1));
        switch (kind) {
        case BAD_UNPARSABLE_DATE:
        case BAD_IMPOSSIBLE_DATE: column = PF_COL_DEAL_CLOSED_ON; break;
        case BAD_NEGATIVE_AMOUNT:
        case BAD_NON_NUMERIC_AMOUNT: column = PF_COL_DEAL_AMOUNT; break;
        case BAD_UNKNOWN_STATUS: column = PF_COL_DEAL_STATUS; break;
        case BAD_DEAL_UNKNOWN_PARTNER:
            column = PF_COL_DEAL_PARTNER_ID;
            snprintf(id, sizeof id, "P%07lu",
                     g->options->candidates + PF_GENERATE_MAX_BAD_ROWS * 8 + instance + 1);
            partner = id;
            o.text = NULL;
            break;
        case BAD_WON_WITHOUT_CLOSED_ON:
            column = PF_COL_DEAL_CLOSED_ON;
            status = STATUS_WON;
            closed = PF_DATE_NONE;
            o.text = NULL;
            break;
        case BAD_DUPLICATE_DEAL_ID:
            column = PF_COL_DEAL_ID;
            snprintf(deal_id, sizeof deal_id, "%s", g->last_deal_id);
            partner = g->last_deal_partner;
            o.text = NULL;
            break;
        default: break;
        }
        if (o.text != NULL && kind != BAD_FIELD_COUNT)
            o.column = column;
        write_deal_row(g, deal_id, partner, status, closed, cents, &o);
    } else {
        const char *partner = g->last_partner_id;
        pf_date date = previous_workday(as_of - uniform_int(r, 1, 300));
        long long cents = lognormal_cents(r, 1200, 0.5);
        switch (kind) {
        case BAD_UNPARSABLE_DATE:
        case BAD_IMPOSSIBLE_DATE: column = PF_COL_COST_DATE; break;
        case BAD_NEGATIVE_AMOUNT:
        case BAD_NON_NUMERIC_AMOUNT: column = PF_COL_COST_AMOUNT; break;
        case BAD_COST_UNKNOWN_PARTNER:
            column = PF_COL_COST_PARTNER_ID;
            snprintf(id, sizeof id, "P%07lu",
                     g->options->candidates + PF_GENERATE_MAX_BAD_ROWS * 8 + PF_GENERATE_MAX_BAD_ROWS +
                         instance + 1);
            partner = id;
            o.text = NULL;
            break;
        default: break;
        }
        if (o.text != NULL && kind != BAD_FIELD_COUNT)
            o.column = column;
        write_cost_row(g, date, partner, COST_TRAINING, cents, &o);
    }
    g->stats.planted_rows++;
    if (planted_add(&g->planted[file], line, kind == BAD_FIELD_COUNT ? PF_COL_COUNT : column, kind) != 0)
        return PF_ERROR_MEMORY;
    return PF_OK;
}

/* Writes the planted list, partners then deals then costs, each in line order. */
static void write_planted_list(generator *g)
{
    out_file *f = &g->files[PF_GENERATE_PLANTED];
    static const char *const header[] = {"file", "line", "column", "reason"};
    for (size_t i = 0; i < COUNT_OF(header); i++)
        put_text(g, f, header[i]);
    out_byte(g, f, '\n');
    f->first_field = 1;
    for (int file = 0; file < PF_FILE_COUNT; file++) {
        const planted_list *list = &g->planted[file];
        for (size_t i = 0; i < list->count; i++) {
            const planted_entry *e = &list->entries[i];
            char line[32];
            snprintf(line, sizeof line, "%ld", e->line);
            const char *name = pf_generate_file_names[file];
            const char *column = e->column == PF_COL_COUNT ? "" : header_of(g, e->column);
            const char *reason = bad_reasons[e->kind];
            put_text(g, f, name);
            put_text(g, f, line);
            put_text(g, f, column);
            put_text(g, f, reason);
            out_byte(g, f, '\n');
            f->first_field = 1;
        }
    }
}

/* ---------------------------------------------------------------------------------------------------------
 * Settings file
 * ------------------------------------------------------------------------------------------------------- */

static void out_string(generator *g, out_file *f, const char *s)
{
    out_bytes(g, f, s, strlen(s));
}

static void write_settings(generator *g)
{
    const pf_generate_options *o = g->options;
    out_file *f = &g->files[PF_GENERATE_SETTINGS];
    char as_of[11], line[256];
    field_date_format_iso(o->as_of, as_of);
    out_string(g, f, "; Settings for a synthetic CRM export, written by\n");
    snprintf(line, sizeof line,
             ";   partnerfunnel generate --candidates %lu --seed %lu --as-of %s --dialect %s%s", o->candidates,
             o->seed, as_of, g->fr ? "fr" : "canonical", o->format == PF_GENERATE_XLSX ? " --format xlsx" : "");
    out_string(g, f, line);
    if (o->bad_rows > 0) {
        snprintf(line, sizeof line, " --bad-rows %lu", o->bad_rows);
        out_string(g, f, line);
    }
    out_string(g, f, "\n");
    if (g->fr) {
        out_string(g, f,
                   "\n; Only the headers partnerfunnel does not know by a built-in name need a line here.\n"
                   "[columns]\n");
        for (pf_column c = 0; c < PF_COL_COUNT; c++) {
            int seen = 0; /* a name shared by several files is written once */
            for (pf_column e = 0; e < c; e++)
                if (strcmp(pf_columns[e].name, pf_columns[c].name) == 0)
                    seen = 1;
            char currency[4];
            if (seen || schema_builtin_match(c, french_headers[c], strlen(french_headers[c]), currency))
                continue;
            snprintf(line, sizeof line, "%s = %s\n", pf_columns[c].name, french_headers[c]);
            out_string(g, f, line);
        }
        out_string(g, f, "\n[input]\nencoding = cp1252\ndate_order = dmy\ndecimal = comma\n");
    } else {
        out_string(g, f, "\n[input]\nencoding = utf-8\ndate_order = auto\ndecimal = point\n");
    }
    snprintf(line, sizeof line, "\n[report]\nas_of = %s\nlang = %s\ncurrency = EUR\n", as_of,
             g->fr ? "fr" : "en");
    out_string(g, f, line);
    out_string(g, f, "\n[active]\nwindow_months = 6\nmin_won_deals = 1\n");
}

/* ---------------------------------------------------------------------------------------------------------
 * The export
 * ------------------------------------------------------------------------------------------------------- */

void generate_options_init(pf_generate_options *options)
{
    options->candidates = 1000;
    options->seed = PF_GENERATE_DEFAULT_SEED;
    options->as_of = field_date_from_ymd(2026, 10, 31);
    options->dialect = PF_DIALECT_CANONICAL;
    options->bad_rows = 0;
    options->format = PF_GENERATE_CSV;
    options->progress = NULL;
}

static void generator_clear(generator *g)
{
    gsl_rng_free(g->rng);
    gsl_rng_free(g->planted_rng);
    for (int i = 0; i < PF_GENERATE_FILE_COUNT; i++)
        free(g->files[i].buffer);
    for (int i = 0; i < PF_FILE_COUNT; i++)
        free(g->planted[i].entries);
}

/* Plants every pending item whose position has come (after candidate `done`, or all when flushing at the end).
 */
static pf_error plant_due(generator *g, candidate *scratch, unsigned long long *next_item,
                          unsigned long *blocked, unsigned long done, int at_end)
{
    const unsigned long long total = (unsigned long long)g->options->bad_rows * PF_GENERATE_BAD_KINDS;
    const unsigned long long n = g->options->candidates;
    pf_error code = PF_OK;
    /* Duplicate deal ids wait for a first deal. */
    while (*blocked > 0 && g->last_deal_id[0] != '\0' && code == PF_OK) {
        code = plant_one(g, scratch, BAD_DUPLICATE_DEAL_ID, 0);
        (*blocked)--;
    }
    while (*next_item < total && code == PF_OK) {
        unsigned long long position = (*next_item + 1) * n / (total + 1);
        if (!at_end && (position > done || done == 0))
            break;
        bad_kind kind = (bad_kind)(*next_item % PF_GENERATE_BAD_KINDS);
        unsigned long instance = (unsigned long)(*next_item / PF_GENERATE_BAD_KINDS);
        (*next_item)++;
        if (kind == BAD_DUPLICATE_DEAL_ID && g->last_deal_id[0] == '\0')
            (*blocked)++;
        else
            code = plant_one(g, scratch, kind, instance);
    }
    if (at_end && *blocked > 0 && code == PF_OK) {
        /* No deal at all was drawn (a tiny export): add one valid open deal to duplicate. */
        g->deal_counter++;
        snprintf(g->last_deal_id, sizeof g->last_deal_id, "D%08lu", g->deal_counter);
        snprintf(g->last_deal_partner, sizeof g->last_deal_partner, "%s", g->last_partner_id);
        write_deal_row(g, g->last_deal_id, g->last_partner_id, STATUS_OPEN, PF_DATE_NONE, 500000, &no_override);
        while (*blocked > 0 && code == PF_OK) {
            code = plant_one(g, scratch, BAD_DUPLICATE_DEAL_ID, 0);
            (*blocked)--;
        }
    }
    return code;
}

/* The export to fds[], or for partners, deals and costs to sheets[] where they are not NULL. */
static pf_error generate_run(const pf_generate_options *options, const int fds[PF_GENERATE_FILE_COUNT],
                             wb_sheet *const sheets[PF_FILE_COUNT],
                             const char *const labels[PF_GENERATE_FILE_COUNT], pf_generate_stats *stats,
                             pf_error_context *err)
{
    if (options->candidates < 1 || options->candidates > PF_GENERATE_MAX_CANDIDATES || options->seed < 1 ||
        options->seed > PF_GENERATE_MAX_SEED || options->bad_rows > PF_GENERATE_MAX_BAD_ROWS ||
        (options->bad_rows > 0 && sheets[PF_FILE_PARTNERS]))
        return pf_error_set(err, PF_ERROR_INTERNAL, NULL, 0, NULL, "generator options out of range");
    generator *g = calloc(1, sizeof *g);
    candidate *c = malloc(sizeof *c);
    candidate *scratch = malloc(sizeof *scratch);
    pf_error code = PF_OK;
    if (!g || !c || !scratch) {
        code = pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
        goto cleanup;
    }
    g->options = options;
    g->fr = options->dialect == PF_DIALECT_FR;
    g->delimiter = g->fr ? ';' : ',';
    g->bad_codepoint = -1;
    g->rng = gsl_rng_alloc(gsl_rng_mt19937);
    g->planted_rng = gsl_rng_alloc(gsl_rng_mt19937);
    for (int i = 0; i < PF_GENERATE_FILE_COUNT; i++) {
        g->files[i].fd = fds[i];
        g->files[i].first_field = 1;
        g->files[i].delimiter = i == PF_GENERATE_PLANTED ? ',' : g->delimiter;
        g->files[i].cp1252 = i == PF_GENERATE_PLANTED ? 0 : g->fr;
        g->files[i].sheet = i < PF_FILE_COUNT ? sheets[i] : NULL;
        if (!g->files[i].sheet && (i != PF_GENERATE_PLANTED || options->bad_rows > 0)) {
            g->files[i].buffer = malloc(OUT_BUFFER_SIZE);
            if (!g->files[i].buffer) {
                code = pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
                goto cleanup;
            }
        }
    }
    if (!g->rng || !g->planted_rng) {
        code = pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
        goto cleanup;
    }
    gsl_rng_set(g->rng, options->seed);
    /* A second, independent stream for planted rows (never 0, which GSL would read as 4357). */
    gsl_rng_set(g->planted_rng, (options->seed * 2654435761UL) % 4294967291UL + 1);

    write_header(g, PF_FILE_PARTNERS);
    write_header(g, PF_FILE_DEALS);
    write_header(g, PF_FILE_COSTS);
    write_overhead(g);

    unsigned long long next_item = 0;
    unsigned long blocked = 0;
    progress_start(options->progress, "generating", 0);
    for (unsigned long number = 1; number <= options->candidates && g->write_errno == 0; number++) {
        draw_candidate(g, c, number);
        write_candidate(g, c);
        progress_update(options->progress, g->written, (long)number);
        if (options->bad_rows > 0 && (code = plant_due(g, scratch, &next_item, &blocked, number, 0)) != PF_OK)
            goto cleanup;
    }

    if (options->bad_rows > 0 &&
        (code = plant_due(g, scratch, &next_item, &blocked, options->candidates, 1)) != PF_OK)
        goto cleanup;
    write_settings(g);
    if (options->bad_rows > 0)
        write_planted_list(g);
    for (int i = 0; i < PF_FILE_COUNT; i++) { /* a workbook's list: header frozen, filtered, printed on top */
        pf_column first, end;
        schema_file_columns((pf_file_kind)i, &first, &end);
        if (g->files[i].sheet)
            wb_sheet_list(g->files[i].sheet, 0, g->files[i].row - 1, (lxw_col_t)(end - first - 1), 1);
    }
    for (int i = 0; i < PF_GENERATE_FILE_COUNT; i++)
        if (g->files[i].buffer)
            out_flush(g, &g->files[i]);
    if (g->write_errno != 0) {
        code = pf_error_set(err, PF_ERROR_IO, labels[g->failed_file], 0, NULL, "cannot write: %s",
                            strerror(g->write_errno));
        goto cleanup;
    }
    if (g->bad_codepoint >= 0) {
        code = pf_error_set(err, PF_ERROR_INTERNAL, NULL, 0, NULL, "character U+%04lX has no Windows-1252 form",
                            (unsigned long)g->bad_codepoint);
        goto cleanup;
    }
    if (stats)
        *stats = g->stats;

cleanup:
    progress_end(options->progress);
    if (code == PF_ERROR_MEMORY)
        pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
    if (g)
        generator_clear(g);
    free(g);
    free(c);
    free(scratch);
    return code;
}

pf_error generate_write(const pf_generate_options *options, const int fds[PF_GENERATE_FILE_COUNT],
                        const char *const labels[PF_GENERATE_FILE_COUNT], pf_generate_stats *stats,
                        pf_error_context *err)
{
    wb_sheet *const no_sheets[PF_FILE_COUNT] = {NULL, NULL, NULL};
    return generate_run(options, fds, no_sheets, labels, stats, err);
}

/* ---------------------------------------------------------------------------------------------------------
 * Files: folder, temporary files, renames
 * ------------------------------------------------------------------------------------------------------- */

/* mkdir -p: creates dir and its missing parents. */
static pf_error make_folder(const char *dir, pf_error_context *err)
{
    char path[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof path)
        return pf_error_set(err, PF_ERROR_CANNOT_CREATE, dir, 0, NULL, "cannot create the output folder: %s",
                            strerror(ENAMETOOLONG));
    memcpy(path, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        char saved = path[i];
        path[i] = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            int e = errno;
            return pf_error_set(err, PF_ERROR_CANNOT_CREATE, dir, 0, NULL,
                                "cannot create the output folder: %s", strerror(e));
        }
        path[i] = saved;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return pf_error_set(err, PF_ERROR_CANNOT_CREATE, dir, 0, NULL, "cannot create the output folder: %s",
                            strerror(ENOTDIR));
    return PF_OK;
}

/* The workbooks of --format xlsx. The report's workbook layer fits a generated export: its text writer never
 * makes a formula of a CRM text, its constant-memory mode streams a million rows to disk, and its close
 * verifies the archive and commits it inside the output group that also holds partnerfunnel.ini; the house
 * styles give the dates and amounts the number formats our .xlsx reader takes back as dates and numbers. */
static const char *const sheet_names[PF_FILE_COUNT] = {"Partners", "Deals", "Costs"};

static pf_error open_workbooks(const pf_generate_options *options, const char *dir, size_t dir_length,
                               wb_book books[PF_FILE_COUNT], wb_sheet *sheets[PF_FILE_COUNT],
                               pf_error_context *err)
{
    wb_book_options book_options = {
        .lang = options->dialect == PF_DIALECT_FR ? PF_LANG_FR : PF_LANG_EN,
        .currency = "EUR",
        .constant_memory = true,
        .created = (time_t)options->as_of * 86400, /* reproducible: never the clock */
        .as_of = options->as_of,
        .title = "Synthetic CRM export",
        .author = "partnerfunnel generate",
    };
    for (int i = 0; i < PF_FILE_COUNT; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%.*s/%s.xlsx", (int)dir_length, dir, pf_file_names[i]);
        pf_error code = wb_book_open(&books[i], path, &book_options, err);
        if (code != PF_OK)
            return code;
        sheets[i] = wb_add_named_sheet(&books[i], sheet_names[i]);
        if (!sheets[i])
            return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    return PF_OK;
}

/* After a workbook export: partners.csv and the others beside the new workbooks would be read instead. */
static pf_error remove_stale_csv(const char *dir, size_t dir_length, pf_error_context *err)
{
    for (int i = 0; i < PF_FILE_COUNT; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%.*s/%s", (int)dir_length, dir, pf_generate_file_names[i]);
        if (unlink(path) != 0 && errno != ENOENT) {
            int e = errno;
            return pf_error_set(err, PF_ERROR_CANNOT_CREATE, path, 0, NULL,
                                "cannot remove the CSV file the new workbook replaces: %s", strerror(e));
        }
    }
    return PF_OK;
}

pf_error generate_export(const pf_generate_options *options, const char *dir, pf_generate_stats *stats,
                         pf_error_context *err)
{
    char final_paths[PF_GENERATE_FILE_COUNT][4200];
    const char *labels[PF_GENERATE_FILE_COUNT];
    int fds[PF_GENERATE_FILE_COUNT];
    pf_output outs[PF_GENERATE_FILE_COUNT];
    wb_book books[PF_FILE_COUNT];
    wb_sheet *sheets[PF_FILE_COUNT] = {NULL, NULL, NULL};
    memset(outs, 0, sizeof outs);
    memset(books, 0, sizeof books);
    const bool xlsx = options->format == PF_GENERATE_XLSX;
    int used = options->bad_rows > 0 ? PF_GENERATE_FILE_COUNT : PF_GENERATE_PLANTED;
    size_t dir_length = strlen(dir);
    while (dir_length > 1 && dir[dir_length - 1] == '/')
        dir_length--;
    for (int i = 0; i < PF_GENERATE_FILE_COUNT; i++) {
        fds[i] = -1;
        snprintf(final_paths[i], sizeof final_paths[i], "%.*s/%s", (int)dir_length, dir,
                 pf_generate_file_names[i]);
        labels[i] = final_paths[i];
    }
    pf_error code = make_folder(dir, err);
    if (code != PF_OK)
        return code;

    /* every file to its temporary (output.h: refused targets, signals), renamed together once all are
     * complete */
    output_group_begin();
    for (int i = xlsx ? PF_FILE_COUNT : 0; i < used; i++) {
        if ((code = output_reserve(&outs[i], final_paths[i], err)) != PF_OK)
            goto cleanup;
        fds[i] = open(outs[i].temp_path, O_WRONLY | O_TRUNC);
        if (fds[i] < 0) {
            int e = errno;
            code = pf_error_set(err, PF_ERROR_CANNOT_CREATE, final_paths[i], 0, NULL, "cannot create: %s",
                                strerror(e));
            goto cleanup;
        }
    }
    if (xlsx && (code = open_workbooks(options, dir, dir_length, books, sheets, err)) != PF_OK)
        goto cleanup;
    code = generate_run(options, fds, sheets, labels, stats, err);
    if (code != PF_OK)
        goto cleanup;
    for (int i = 0; i < PF_FILE_COUNT && xlsx; i++)
        if ((code = wb_book_close(&books[i], err)) != PF_OK)
            goto cleanup;
    for (int i = xlsx ? PF_FILE_COUNT : 0; i < used; i++) {
        int fd = fds[i];
        fds[i] = -1;
        if (close(fd) != 0) {
            code = output_write_error(final_paths[i], errno, err);
            goto cleanup;
        }
        if ((code = output_commit(&outs[i], err)) != PF_OK)
            goto cleanup;
    }
    if ((code = output_group_commit(err)) != PF_OK)
        goto cleanup;
    if (options->bad_rows == 0 && unlink(final_paths[PF_GENERATE_PLANTED]) != 0 && errno != ENOENT) {
        int e = errno;
        code = pf_error_set(err, PF_ERROR_CANNOT_CREATE, final_paths[PF_GENERATE_PLANTED], 0, NULL,
                            "cannot remove the stale list of planted rows: %s", strerror(e));
    }
    if (code == PF_OK && xlsx)
        code = remove_stale_csv(dir, dir_length, err);

cleanup:
    for (int i = 0; i < PF_FILE_COUNT; i++)
        wb_book_abort(&books[i]);
    for (int i = 0; i < PF_GENERATE_FILE_COUNT; i++) {
        if (fds[i] >= 0)
            close(fds[i]);
        output_abort(&outs[i]);
    }
    output_group_abort();
    return code;
}
