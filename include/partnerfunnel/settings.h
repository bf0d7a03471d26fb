/* settings.h — the run's settings: defaults, then partnerfunnel.ini (docs/manual.md "Settings file"), then the
 * command line (which the subcommands apply on top).
 *
 * Owns: pf_settings and every string in it (freed by settings_clear()). Read with inih.
 * An unknown section or key, or a value that does not parse, is PF_ERROR_CONFIG with the file and line in
 * the error context (column ""), and a message naming the key and section and quoting the offending line
 * after "\n>>> ":
 *   partnerfunnel.ini:7: key 'date_order' in [input]: 'ymd' is not one of auto, dmy, mdy
 *   >>> date_order = ymd
 * The first problem in the file is the one reported.
 *
 * The file's rules, beyond docs/manual.md "Settings file":
 *  - section and key names are matched without regard to case; enumerated values (encoding, date_order,
 *    decimal, lang) likewise; currency is any 3 letters, stored upper-case;
 *  - a key set twice in one file is an error (also a [columns] name mapped twice), except in [values],
 *    where repeating a key adds more synonyms;
 *  - a [values] synonym that already means another value of its family (by default or by an earlier
 *    line) is an error; empty items are ignored;
 *  - as_of takes what field_parse_date() takes (YYYY-MM-DD recommended); a slash date follows the
 *    file's date_order (month-first only with mdy); an empty as_of means today;
 *  - leading blanks are ignored (an indented line is a key of its own, never a continuation);
 *    "; comment" after a value is removed; a UTF-8 BOM and CRLF are accepted; the file must be UTF-8;
 *    a line may hold 199 bytes.
 */
#ifndef PARTNERFUNNEL_SETTINGS_H
#define PARTNERFUNNEL_SETTINGS_H

#include <stdbool.h>

#include "partnerfunnel/crm_preset.h"
#include "partnerfunnel/error.h"
#include "partnerfunnel/field.h"
#include "partnerfunnel/reader.h"
#include "partnerfunnel/schema.h"

typedef enum pf_decimal { PF_DECIMAL_AUTO = 0, PF_DECIMAL_COMMA, PF_DECIMAL_POINT } pf_decimal;
typedef enum pf_lang { PF_LANG_EN = 0, PF_LANG_FR } pf_lang;

/** One extra synonym from [values]: "decision.approved = Go, OK comité" gives two entries. */
typedef struct pf_synonym {
    pf_enum_family family;
    int value;    /**< pf_decision or pf_deal_status */
    char *folded; /**< text_fold() of the synonym */
    long line;    /**< settings line that gave it (for messages) */
} pf_synonym;

/** [plan]: planning figures for a programme without (enough) history; each overrides the figure observed in
 *  the export. Rates are indexed approached, applied, reviewed, approved, signed, active (the conversion
 *  into each funnel stage, then active / mature); delays are the median days into approached ... signed
 *  from the previous stage. NAN = not given. */
#define PF_PLAN_RATE_COUNT 6
#define PF_PLAN_DELAY_COUNT 5
typedef struct pf_plan_settings {
    double rates[PF_PLAN_RATE_COUNT];   /**< in (0, 1]; "35%" in the file is 0.35 */
    double delays[PF_PLAN_DELAY_COUNT]; /**< days, 0..3650 */
    double recruitment_cost;            /**< per listed candidate, >= 0 */
    double onboarding_cost;             /**< onboarding + partner-attributed costs per signed partner */
} pf_plan_settings;

/** [score] link when the settings do not say: the French public company directory's page of a SIREN. */
#define PF_SCORE_DEFAULT_LINK "https://annuaire-entreprises.data.gouv.fr/entreprise/{siren}"

typedef struct pf_settings {
    char *path; /**< settings file read, NULL when none */
    /** [columns]: header mapped to each distinct canonical column name, NULL when not mapped. Indexed by
     *  pf_column; a canonical name shared by several files (partner_id, category, amount) maps them all. */
    char *column_headers[PF_COL_COUNT];
    long column_lines[PF_COL_COUNT]; /**< settings line of each mapping (for messages), 0 when none */
    /** The mapping was written "deals.partner_id = …": it maps that file's column only. */
    bool column_file_only[PF_COL_COUNT];
    pf_synonym *synonyms; /**< [values], in file order */
    size_t synonym_count;
    /** Hash index of synonyms by family and folded text (private to settings.c): slot_count slots, a
     *  power of two, each an index into synonyms or SIZE_MAX when empty; lookups take constant time. */
    size_t *synonym_slots;
    size_t synonym_slot_count;
    pf_encoding encoding;     /**< [input] encoding, default auto */
    pf_date_order date_order; /**< [input] date_order, default auto */
    pf_decimal decimal;       /**< [input] decimal, default auto */
    char sheet[128];          /**< [input] sheet: the sheet of .xlsx inputs to read, "" for the first */
    int threads;              /**< --threads N (no key in the file): threads parsing each input, 0 for the
                                   reader's default (pf_reader_options.threads) */
    bool no_digests;          /**< (no key in the file) the command shows no input's digest: model_load()
                                   does not hash the files and every pf_input.sha256 stays "" */
    pf_crm crm;               /**< [input] crm: the CRM header preset, PF_CRM_NONE by default */
    pf_date as_of;            /**< [report] as_of, PF_DATE_NONE = today (decided by the command) */
    pf_lang lang;             /**< [report] lang, default en */
    char currency[8];         /**< [report] currency, ISO 4217 code, default "EUR" */
    int window_months;        /**< [active] window_months, default 6, 1..120 */
    int min_won_deals;        /**< [active] min_won_deals, default 1, 1..1000 */
    pf_plan_settings plan;    /**< [plan], every figure NAN by default */
    char score_show[1024];    /**< [score] show: prospect columns shown in the shortlists, "" = default */
    char units_key[128];      /**< [score] units_key: the legal-unit file's SIREN column, "" = siren */
    char units_show[1024];    /**< [score] units_show: legal-unit columns shown, "" = default */
    char score_link[1024];    /**< [score] link: URL template with {siren}, "" = none */
} pf_settings;

/** Defaults of docs/manual.md "Settings file" (no file read). */
void settings_init(pf_settings *settings);
/** Frees what settings owns and resets it to the defaults. */
void settings_clear(pf_settings *settings);

/** Reads path on top of the current values: what the file sets replaces them, its synonyms are appended,
 *  settings->path becomes a copy of path. On error settings is left exactly as it was. err may be NULL.
 *  Errors: PF_ERROR_NO_INPUT ("cannot open: <strerror>", a folder included), PF_ERROR_CONFIG (syntax,
 *  unknown section or key, bad value, a [columns] key that is no canonical column, a [values] key that is
 *  no family.value), PF_ERROR_IO (read failed), PF_ERROR_MEMORY. */
pf_error settings_load(pf_settings *settings, const char *path, pf_error_context *err);

/** The enum value text maps to in family (default synonyms, then [values]), matched after text_fold();
 *  -1 when it matches none. settings may be NULL (defaults only). An empty or blank text is decision
 *  "pending"; it matches no deal status. */
int settings_match_enum(const pf_settings *settings, pf_enum_family family, const char *text, size_t len);

/** Decimal mark to use for a file read with delimiter: the forced one, else ',' for ';' files and '.'
 *  otherwise (docs/definitions.md "Field syntax"). */
char settings_decimal_mark(const pf_settings *settings, char delimiter);

#endif
