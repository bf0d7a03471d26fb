/* schema.h — the data contract (docs/definitions.md "Input files and columns") as tables: the three input
 * files, their canonical columns with types, and the enum values with their default synonyms.
 *
 * Owns: static, read-only tables (never freed, safe to share between threads). Every module that needs a
 * column or enum name takes it from here, so the contract is written down once.
 */
#ifndef PARTNERFUNNEL_SCHEMA_H
#define PARTNERFUNNEL_SCHEMA_H

#include <stddef.h>

typedef enum pf_file_kind { PF_FILE_PARTNERS = 0, PF_FILE_DEALS, PF_FILE_COSTS, PF_FILE_COUNT } pf_file_kind;

typedef enum pf_column_type {
    PF_TYPE_TEXT = 0,
    PF_TYPE_DATE,
    PF_TYPE_MONEY,
    PF_TYPE_DECISION, /**< enum pf_decision */
    PF_TYPE_STATUS,   /**< enum pf_deal_status */
} pf_column_type;

/** Every canonical column of the three files, in file order. */
typedef enum pf_column {
    /* partners.csv */
    PF_COL_PARTNER_ID = 0,
    PF_COL_NAME,
    PF_COL_COMPANY_ID,
    PF_COL_CATEGORY,
    PF_COL_MARKET,
    PF_COL_SOURCE,
    PF_COL_RECRUITER,
    PF_COL_LISTED_ON,
    PF_COL_APPROACHED_ON,
    PF_COL_APPLIED_ON,
    PF_COL_COMMITTEE_ON,
    PF_COL_DECISION,
    PF_COL_SIGNED_ON,
    PF_COL_KICKOFF_ON,
    PF_COL_BUSINESS_PLAN_ON,
    PF_COL_TECH_AUTONOMY_ON,
    PF_COL_SALES_AUTONOMY_ON,
    PF_COL_ENDED_ON,
    PF_COL_RECRUITMENT_COST,
    PF_COL_ONBOARDING_COST,
    /* deals.csv */
    PF_COL_DEAL_ID,
    PF_COL_DEAL_PARTNER_ID,
    PF_COL_DEAL_STATUS,
    PF_COL_DEAL_CLOSED_ON,
    PF_COL_DEAL_AMOUNT,
    /* costs.csv */
    PF_COL_COST_DATE,
    PF_COL_COST_PARTNER_ID,
    PF_COL_COST_CATEGORY,
    PF_COL_COST_AMOUNT,
    PF_COL_COUNT
} pf_column;

typedef struct pf_column_def {
    pf_file_kind file;
    const char *name; /**< canonical name, as in docs/definitions.md ("partner_id", "closed_on") */
    pf_column_type type;
    int required; /**< the column must be present in the file (partner_id; deal_id, partner_id,
                       status for deals; date and amount for costs) */
} pf_column_def;

typedef enum pf_decision { PF_DECISION_PENDING = 0, PF_DECISION_APPROVED, PF_DECISION_REJECTED } pf_decision;
typedef enum pf_deal_status { PF_DEAL_OPEN = 0, PF_DEAL_WON, PF_DEAL_LOST } pf_deal_status;

/** A workbook sheet holds 16,384 columns; the sheets that list an input file's own columns (report's
 *  Partners, score's shortlists) put up to 384 of partnerfunnel's beside them, so an input file may have at
 *  most PF_INPUT_COLUMNS_MAX columns: more is a data error (exit 65) found when the header is read, before
 *  any output, in validate, report and score alike. */
#define PF_SHEET_COLUMNS_MAX 16384
#define PF_INPUT_COLUMNS_MAX 16000

/** The column table, indexed by pf_column. */
extern const pf_column_def pf_columns[PF_COL_COUNT];
/** "partners", "deals", "costs" (the settings and JSON keys); file names are these plus ".csv". */
extern const char *const pf_file_names[PF_FILE_COUNT];
/** How a file's column was found (validate prints it, so the user can copy the mapping). */
typedef enum pf_column_source {
    PF_SOURCE_ABSENT = 0, /**< not in the file */
    PF_SOURCE_CANONICAL,  /**< under its canonical name */
    PF_SOURCE_BUILTIN,    /**< under one of its built-in English or French names (schema_builtin_match) */
    PF_SOURCE_SETTINGS,   /**< under the header [columns] maps it to */
    PF_SOURCE_PRESET,     /**< under its header in the CRM preset (--crm, crm_preset.h) */
} pf_column_source;

/** Built-in header names of column c, English and French ("Date de signature", "Signed date"),
 *  NULL-terminated; matched after text_fold(), used when [columns] maps nothing the file has. */
extern const char *const *const pf_column_builtin_names[PF_COL_COUNT];

/** True when header (len bytes) names column c by a built-in name, or (for an amount column) by a
 *  built-in or canonical name followed by a currency in parentheses: "Montant (EUR)", "Amount (€)". Then
 *  *currency is the code ("EUR"; € is EUR, $ USD, £ GBP), else "". */
int schema_builtin_match(pf_column c, const char *header, size_t len, char currency[4]);

/** First and one-past-last column of a file. */
void schema_file_columns(pf_file_kind file, pf_column *first, pf_column *end);

/** Enum families as named in the settings' [values] section: "decision" and "status". */
typedef enum pf_enum_family { PF_ENUM_DECISION = 0, PF_ENUM_STATUS, PF_ENUM_FAMILY_COUNT } pf_enum_family;
#define PF_ENUM_MAX_VALUES 3
extern const char *const pf_enum_family_names[PF_ENUM_FAMILY_COUNT];
/** Canonical value names per family, indexed by the enum value ("pending", "approved", "rejected";
 *  "open", "won", "lost"). */
extern const char *const pf_enum_value_names[PF_ENUM_FAMILY_COUNT][PF_ENUM_MAX_VALUES];
/** Default synonyms (already folded: lower case, no accents), NULL-terminated list per value. The empty
 *  string is a synonym of decision "pending". */
extern const char *const *const pf_enum_default_synonyms[PF_ENUM_FAMILY_COUNT][PF_ENUM_MAX_VALUES];

#endif
