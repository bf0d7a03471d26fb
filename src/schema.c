/* schema.c — the tables of schema.h. */
#include "partnerfunnel/schema.h"

#include <string.h>

#include "partnerfunnel/text.h"

const pf_column_def pf_columns[PF_COL_COUNT] = {
    [PF_COL_PARTNER_ID] = {PF_FILE_PARTNERS, "partner_id", PF_TYPE_TEXT, 1},
    [PF_COL_NAME] = {PF_FILE_PARTNERS, "name", PF_TYPE_TEXT, 0},
    [PF_COL_COMPANY_ID] = {PF_FILE_PARTNERS, "company_id", PF_TYPE_TEXT, 0},
    [PF_COL_CATEGORY] = {PF_FILE_PARTNERS, "category", PF_TYPE_TEXT, 0},
    [PF_COL_MARKET] = {PF_FILE_PARTNERS, "market", PF_TYPE_TEXT, 0},
    [PF_COL_SOURCE] = {PF_FILE_PARTNERS, "source", PF_TYPE_TEXT, 0},
    [PF_COL_RECRUITER] = {PF_FILE_PARTNERS, "recruiter", PF_TYPE_TEXT, 0},
    [PF_COL_LISTED_ON] = {PF_FILE_PARTNERS, "listed_on", PF_TYPE_DATE, 0},
    [PF_COL_APPROACHED_ON] = {PF_FILE_PARTNERS, "approached_on", PF_TYPE_DATE, 0},
    [PF_COL_APPLIED_ON] = {PF_FILE_PARTNERS, "applied_on", PF_TYPE_DATE, 0},
    [PF_COL_COMMITTEE_ON] = {PF_FILE_PARTNERS, "committee_on", PF_TYPE_DATE, 0},
    [PF_COL_DECISION] = {PF_FILE_PARTNERS, "decision", PF_TYPE_DECISION, 0},
    [PF_COL_SIGNED_ON] = {PF_FILE_PARTNERS, "signed_on", PF_TYPE_DATE, 0},
    [PF_COL_KICKOFF_ON] = {PF_FILE_PARTNERS, "kickoff_on", PF_TYPE_DATE, 0},
    [PF_COL_BUSINESS_PLAN_ON] = {PF_FILE_PARTNERS, "business_plan_on", PF_TYPE_DATE, 0},
    [PF_COL_TECH_AUTONOMY_ON] = {PF_FILE_PARTNERS, "tech_autonomy_on", PF_TYPE_DATE, 0},
    [PF_COL_SALES_AUTONOMY_ON] = {PF_FILE_PARTNERS, "sales_autonomy_on", PF_TYPE_DATE, 0},
    [PF_COL_ENDED_ON] = {PF_FILE_PARTNERS, "ended_on", PF_TYPE_DATE, 0},
    [PF_COL_RECRUITMENT_COST] = {PF_FILE_PARTNERS, "recruitment_cost", PF_TYPE_MONEY, 0},
    [PF_COL_ONBOARDING_COST] = {PF_FILE_PARTNERS, "onboarding_cost", PF_TYPE_MONEY, 0},
    [PF_COL_DEAL_ID] = {PF_FILE_DEALS, "deal_id", PF_TYPE_TEXT, 1},
    [PF_COL_DEAL_PARTNER_ID] = {PF_FILE_DEALS, "partner_id", PF_TYPE_TEXT, 1},
    [PF_COL_DEAL_STATUS] = {PF_FILE_DEALS, "status", PF_TYPE_STATUS, 1},
    [PF_COL_DEAL_CLOSED_ON] = {PF_FILE_DEALS, "closed_on", PF_TYPE_DATE, 0},
    [PF_COL_DEAL_AMOUNT] = {PF_FILE_DEALS, "amount", PF_TYPE_MONEY, 0},
    [PF_COL_COST_DATE] = {PF_FILE_COSTS, "date", PF_TYPE_DATE, 1},
    [PF_COL_COST_PARTNER_ID] = {PF_FILE_COSTS, "partner_id", PF_TYPE_TEXT, 0},
    [PF_COL_COST_CATEGORY] = {PF_FILE_COSTS, "category", PF_TYPE_TEXT, 0},
    [PF_COL_COST_AMOUNT] = {PF_FILE_COSTS, "amount", PF_TYPE_MONEY, 1},
};

const char *const pf_file_names[PF_FILE_COUNT] = {"partners", "deals", "costs"};

void schema_file_columns(pf_file_kind file, pf_column *first, pf_column *end)
{
    static const pf_column starts[PF_FILE_COUNT + 1] = {PF_COL_PARTNER_ID, PF_COL_DEAL_ID, PF_COL_COST_DATE,
                                                        PF_COL_COUNT};
    *first = starts[file];
    *end = starts[file + 1];
}

const char *const pf_enum_family_names[PF_ENUM_FAMILY_COUNT] = {"decision", "status"};

const char *const pf_enum_value_names[PF_ENUM_FAMILY_COUNT][PF_ENUM_MAX_VALUES] = {
    {"pending", "approved", "rejected"},
    {"open", "won", "lost"},
};

static const char *const decision_pending[] = {"pending", "en attente", "", NULL};
static const char *const decision_approved[] = {"approved", "approuve", "accepte", "valide", "accepted", NULL};
static const char *const decision_rejected[] = {"rejected", "refuse", "rejete", "declined", NULL};
/* Deal statuses include the CRMs' own words, folded, so that their exports read without [values]: the
 * default stages of Salesforce and Zoho (Prospecting ... Negotiation/Review, Closed Won, Closed Lost, also
 * in French), HubSpot's labels and internal values (closedwon, appointmentscheduled...), Dynamics 365's
 * status and status reasons (In Progress, Won, Out-Sold) and Pipedrive's open/won/lost. A cancelled or
 * suspended deal ("Canceled", "On Hold") is neither won, lost nor surely open: it stays unknown (a reject)
 * unless [values] says what it means. */
static const char *const status_open[] = {
    "open", "en cours", "ouvert", "ouverte",
    /* Salesforce, Zoho */
    "prospecting", "qualification", "needs analysis", "value proposition", "id. decision makers",
    "identify decision makers", "perception analysis", "proposal/price quote", "negotiation/review",
    "prospection", "analyse des besoins", "proposition de valeur", "proposition/devis", "negociation/revision",
    /* HubSpot */
    "appointment scheduled", "qualified to buy", "presentation scheduled", "decision maker bought-in",
    "contract sent", "appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin",
    "contractsent",
    /* Dynamics 365 */
    "in progress", NULL};
/* clang-format off */
static const char *const status_won[] = {
    "won", "closed won", "gagne", "gagnee",
    "closedwon", "closed-won", "closed_won", "closed - won", "fermee/gagnee", "fermee gagnee", "conclu gagne",
    "conclue gagnee", NULL};
static const char *const status_lost[] = {
    "lost", "closed lost", "perdu", "perdue",
    "closedlost", "closed-lost", "closed_lost", "closed - lost", "closed-lost to competition", "fermee/perdue",
    "fermee perdue", "conclu perdu", "conclue perdue", "out-sold", NULL};
/* clang-format on */

const char *const *const pf_enum_default_synonyms[PF_ENUM_FAMILY_COUNT][PF_ENUM_MAX_VALUES] = {
    {decision_pending, decision_approved, decision_rejected},
    {status_open, status_won, status_lost},
};

/* ---- built-in header names (English and French CRM exports) ---- */

static const char *const partner_id_names[] = {"Identifiant partenaire", "ID partenaire", "Partner ID", NULL};
static const char *const name_names[] = {"Raison sociale", "Nom", "Société", "Company", NULL};
static const char *const category_names[] = {"Catégorie", "Type de partenaire", "Partner type", NULL};
static const char *const market_names[] = {"Marché", "Région", "Territoire", "Region", "Territory", NULL};
static const char *const source_names[] = {"Origine", "Source", NULL};
static const char *const recruiter_names[] = {"Recruteur", "Responsable", "Owner", NULL};
static const char *const listed_names[] = {"Date d'identification", "Date d’identification", "Date de création",
                                           "Created date", NULL};
static const char *const approached_names[] = {"Date de premier contact", "First contact date", NULL};
static const char *const applied_names[] = {"Date de candidature", "Application date", NULL};
static const char *const committee_names[] = {"Date du comité", "Committee date", NULL};
static const char *const decision_names[] = {"Décision du comité", "Décision", "Decision", NULL};
static const char *const signed_names[] = {"Date de signature", "Signature date", "Signed date", NULL};
static const char *const kickoff_names[] = {"Début du plan 100 jours", "Date de démarrage", "Kickoff date",
                                            "Onboarding start", NULL};
static const char *const business_plan_names[] = {"Date du business plan", "Business plan date", NULL};
static const char *const tech_autonomy_names[] = {"Autonomie technique", "Technical autonomy date", NULL};
static const char *const sales_autonomy_names[] = {"Autonomie commerciale", "Sales autonomy date", NULL};
static const char *const ended_names[] = {"Date de fin", "Date de résiliation", "End date", NULL};
static const char *const recruitment_cost_names[] = {"Coût de recrutement", "Recruitment cost", NULL};
static const char *const onboarding_cost_names[] = {"Coût d'intégration", "Coût d’intégration",
                                                    "Coût d'onboarding",  "Coût d’onboarding",
                                                    "Onboarding cost",    NULL};
static const char *const deal_id_names[] = {"Référence affaire", "Référence", "Deal ID", NULL};
static const char *const status_names[] = {"Statut", "Étape", "Stage", "Status", NULL};
static const char *const closed_names[] = {"Date de clôture", "Close date", NULL};
static const char *const amount_names[] = {"Montant", "Amount", NULL};
static const char *const cost_date_names[] = {"Date", NULL};
static const char *const cost_category_names[] = {"Catégorie", "Poste", NULL};
static const char *const cost_amount_names[] = {"Montant", NULL};

const char *const *const pf_column_builtin_names[PF_COL_COUNT] = {
    [PF_COL_PARTNER_ID] = partner_id_names,
    [PF_COL_NAME] = name_names,
    [PF_COL_COMPANY_ID] = NULL,
    [PF_COL_CATEGORY] = category_names,
    [PF_COL_MARKET] = market_names,
    [PF_COL_SOURCE] = source_names,
    [PF_COL_RECRUITER] = recruiter_names,
    [PF_COL_LISTED_ON] = listed_names,
    [PF_COL_APPROACHED_ON] = approached_names,
    [PF_COL_APPLIED_ON] = applied_names,
    [PF_COL_COMMITTEE_ON] = committee_names,
    [PF_COL_DECISION] = decision_names,
    [PF_COL_SIGNED_ON] = signed_names,
    [PF_COL_KICKOFF_ON] = kickoff_names,
    [PF_COL_BUSINESS_PLAN_ON] = business_plan_names,
    [PF_COL_TECH_AUTONOMY_ON] = tech_autonomy_names,
    [PF_COL_SALES_AUTONOMY_ON] = sales_autonomy_names,
    [PF_COL_ENDED_ON] = ended_names,
    [PF_COL_RECRUITMENT_COST] = recruitment_cost_names,
    [PF_COL_ONBOARDING_COST] = onboarding_cost_names,
    [PF_COL_DEAL_ID] = deal_id_names,
    [PF_COL_DEAL_PARTNER_ID] = partner_id_names,
    [PF_COL_DEAL_STATUS] = status_names,
    [PF_COL_DEAL_CLOSED_ON] = closed_names,
    [PF_COL_DEAL_AMOUNT] = amount_names,
    [PF_COL_COST_DATE] = cost_date_names,
    [PF_COL_COST_PARTNER_ID] = partner_id_names,
    [PF_COL_COST_CATEGORY] = cost_category_names,
    [PF_COL_COST_AMOUNT] = cost_amount_names,
};

static int names_match(pf_column c, const char *header, size_t len, int with_canonical)
{
    if (with_canonical && text_fold_equal(header, len, pf_columns[c].name, strlen(pf_columns[c].name)))
        return 1;
    for (const char *const *name = pf_column_builtin_names[c]; name && *name; name++)
        if (text_fold_equal(header, len, *name, strlen(*name)))
            return 1;
    return 0;
}

/* "(EUR)", "(€)", "($)", "(£)" at the end of header: *base_length is then the length before it (trimmed),
 * and currency the code. 0 when there is none. */
static int currency_suffix(const char *header, size_t len, size_t *base_length, char currency[4])
{
    size_t trimmed;
    header = text_trim(header, len, &trimmed);
    if (trimmed < 3 || header[trimmed - 1] != ')')
        return 0;
    const char *open = NULL;
    for (size_t i = trimmed - 1; i-- > 0;)
        if (header[i] == '(') {
            open = header + i;
            break;
        }
    if (!open)
        return 0;
    size_t inner_length;
    const char *inner = text_trim(open + 1, (size_t)(header + trimmed - 1 - (open + 1)), &inner_length);
    static const struct {
        const char *symbol, *code;
    } symbols[] = {{"\u20ac", "EUR"}, {"$", "USD"}, {"\u00a3", "GBP"}};
    currency[0] = '\0';
    for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++)
        if (inner_length == strlen(symbols[i].symbol) && memcmp(inner, symbols[i].symbol, inner_length) == 0)
            memcpy(currency, symbols[i].code, 4);
    if (!currency[0] && inner_length == 3) {
        for (size_t i = 0; i < 3; i++) {
            char ch = inner[i];
            if (ch >= 'a' && ch <= 'z')
                ch = (char)(ch - 'a' + 'A');
            if (ch < 'A' || ch > 'Z')
                return 0;
            currency[i] = ch;
        }
        currency[3] = '\0';
    }
    if (!currency[0])
        return 0;
    text_trim(header, (size_t)(open - header), base_length);
    return 1;
}

int schema_builtin_match(pf_column c, const char *header, size_t len, char currency[4])
{
    currency[0] = '\0';
    if (names_match(c, header, len, 0))
        return 1;
    size_t base_length;
    if (pf_columns[c].type == PF_TYPE_MONEY && currency_suffix(header, len, &base_length, currency)) {
        size_t skip;
        const char *base = text_trim(header, len, &skip);
        if (names_match(c, base, base_length, 1))
            return 1;
    }
    currency[0] = '\0';
    return 0;
}
