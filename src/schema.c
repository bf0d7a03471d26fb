/* schema.c — the tables of schema.h. */
#include "partnerfunnel/schema.h"

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
static const char *const status_open[] = {"open", "en cours", "ouvert", "ouverte", NULL};
static const char *const status_won[] = {"won", "closed won", "gagne", "gagnee", NULL};
static const char *const status_lost[] = {"lost", "closed lost", "perdu", "perdue", NULL};

const char *const *const pf_enum_default_synonyms[PF_ENUM_FAMILY_COUNT][PF_ENUM_MAX_VALUES] = {
    {decision_pending, decision_approved, decision_rejected},
    {status_open, status_won, status_lost},
};
