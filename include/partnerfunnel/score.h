/* score.h — prospect scoring against the ideal-partner profile (docs/definitions.md "Scoring prospects"): the
 * criteria table, the set of already-known company ids, and the streaming scorer that turns prospect rows into
 * eligible counts, elimination funnels, per-profile shortlists and counts by group.
 *
 * Owns:
 *  - pf_criteria: the criteria table as read and compiled (every string in its arena, arrays on the heap),
 *    freed by criteria_clear();
 *  - pf_known: the normalised company ids of the CRM's partners, each with its partner's id and furthest
 *    stage (pf_known_partner, in its arena until known_free());
 *  - pf_scorer: the state of one pass (heaps of at most K entries per profile, funnel counters, the group
 *    table, the first PF_SCORE_MAX_REJECTS rejected lines), freed by scorer_free();
 *  - pf_score_result: what scorer_finish() hands over (shortlists best first, groups sorted, rejects by
 *    line), freed by score_result_clear().
 * Borrows: a scorer borrows its pf_criteria and pf_known until scorer_free(); the fields given to
 * scorer_add_row() only during the call (what is kept is copied).
 *
 * Memory is bounded by 2 × K × profiles × the size of a record (the shortlist and known-list heaps), plus the
 * distinct group values (at most PF_SCORE_MAX_GROUPS), never by the number of rows. Two scorers fed disjoint
 * rows of the same file can be merged (scorer_merge) into the result one scorer would have produced: every
 * order used is total (score, then id, then line), so the result does not depend on how rows were split.
 *
 * Definitions (docs/definitions.md "Scoring prospects"), as implemented here:
 *  - A field is trimmed; "[ND]" (SIRENE's withheld marker) then counts as empty, in every test, in the id
 *    and in grouping.
 *  - Text tests (equals, in, not_in, starts_with, contains) compare text_fold()ed field and operands (case,
 *    accents and surrounding blanks ignored). An empty field fails every text test except not_in.
 *  - at_least / at_most / between compare numbers (optional sign, digits, an optional '.' or ',' decimal
 *    mark: "03", "-2", "1.5", "1,5"); a field that is no such number fails.
 *  - after / before are strict comparisons of dates read by field_parse_date(); empty or unparsable fails.
 *  - present: the field is non-empty.
 *  - eligible: passes every eliminatory criterion of the profile; score = 100 × Σ weights of the passed
 *    criteria / Σ weights of the profile (100 when they sum to 0). Scores are compared through the sum of
 *    passed weights, so equal sets of passed criteria always tie exactly.
 *  - funnel: remaining[i] = prospects passing eliminatory criteria 0..i (file order); eligible is the last.
 *  - known: the prospect's id, without blanks and ASCII upper-cased, equals a partner's company_id (same
 *    normalisation), or their first 9 characters are equal (SIRET → SIREN). known counts eligible ones.
 *  - shortlist: the K best eligible, not-known prospects, by score descending, then id ascending (byte
 *    order), then line ascending (so duplicates of an id are ordered too).
 *  - known list: the K best eligible, known prospects, in the same order, each with the partner it matches
 *    (the first partner of the file with that id, else with those first 9 characters).
 *  - groups: eligible prospects (known included) per value of the group column, or its first PREFIX
 *    characters (UTF-8 characters, not bytes); the empty value is a group of its own, "".
 */
#ifndef PARTNERFUNNEL_SCORE_H
#define PARTNERFUNNEL_SCORE_H

#include <stdbool.h>
#include <stddef.h>

#include "partnerfunnel/arena.h"
#include "partnerfunnel/error.h"
#include "partnerfunnel/field.h"
#include "partnerfunnel/settings.h"

/** Default shortlist length per profile (--top). */
#define PF_SCORE_DEFAULT_TOP 500
/** Largest --top accepted (a worksheet holds 1,048,576 rows). */
#define PF_SCORE_MAX_TOP 1000000
/** Rejected lines kept for the outputs; the rest are only counted. */
#define PF_SCORE_MAX_REJECTS 1000
/** Bytes of a rejected row's text kept for the outputs. */
#define PF_SCORE_REJECT_RAW_MAX 200
/** Distinct group values allowed before the run stops (memory must not grow with the file). */
#define PF_SCORE_MAX_GROUPS 100000

typedef enum pf_test {
    PF_TEST_EQUALS = 0,
    PF_TEST_IN,
    PF_TEST_NOT_IN,
    PF_TEST_STARTS_WITH,
    PF_TEST_CONTAINS,
    PF_TEST_AT_LEAST,
    PF_TEST_AT_MOST,
    PF_TEST_BETWEEN,
    PF_TEST_AFTER,
    PF_TEST_BEFORE,
    PF_TEST_PRESENT,
    PF_TEST_COUNT
} pf_test;

/** "equals", "in", … indexed by pf_test: the names users write in the criteria table. */
extern const char *const pf_test_names[PF_TEST_COUNT];

/** The columns of a criteria table, in their documented order. */
typedef enum pf_criteria_column {
    PF_CRITERIA_PROFILE = 0,
    PF_CRITERIA_CRITERION,
    PF_CRITERIA_COLUMN,
    PF_CRITERIA_TEST,
    PF_CRITERIA_VALUE,
    PF_CRITERIA_WEIGHT,
    PF_CRITERIA_ELIMINATORY,
    PF_CRITERIA_COLUMN_COUNT
} pf_criteria_column;

/** "profile", "criterion", … indexed by pf_criteria_column. */
extern const char *const pf_criteria_column_names[PF_CRITERIA_COLUMN_COUNT];

/** One criterion, as written and as compiled. Strings live in the criteria's arena. */
typedef struct pf_criterion {
    const char *profile; /**< the profile's name as first written */
    const char *label;   /**< criterion column, or "COLUMN TEST VALUE" when that cell is empty */
    const char *column;  /**< prospect column, as written (trimmed) */
    pf_test test;
    const char *value; /**< operand as written (trimmed), "" when none */
    double weight;     /**< >= 0 */
    bool eliminatory;
    long line; /**< line in the criteria file (0 when added by criteria_add without a file) */
    /* compiled from value by criteria_add() */
    const char **operands; /**< folded list items (text tests), in the order written */
    size_t *operand_lengths;
    size_t operand_count;
    double low, high; /**< at_least: low; at_most: high; between: both (inclusive) */
    pf_date date;     /**< after / before */
    /* resolved by criteria_compile() */
    int field; /**< index of the prospect column in the header, -1 before compiling */
    int slot;  /**< index of the column among the distinct columns tested */
} pf_criterion;

/** One profile: its criteria in file order. */
typedef struct pf_profile {
    const char *name;
    size_t *criteria; /**< indexes into pf_criteria.items, file order */
    size_t criterion_count;
    size_t *eliminatory; /**< positions in criteria[] of the eliminatory ones, file order */
    size_t eliminatory_count;
    size_t *scored; /**< positions in criteria[] of the others, file order */
    size_t scored_count;
    double total_weight;
} pf_profile;

/** One distinct prospect column tested by some criterion, and what the tests need of it. */
typedef struct pf_criteria_slot {
    int field;
    bool text, number, date;
} pf_criteria_slot;

typedef struct pf_criteria {
    pf_arena *arena;
    const char *path;                              /**< file read ("" when built with criteria_add only) */
    const char *headers[PF_CRITERIA_COLUMN_COUNT]; /**< the table's headers as written (for messages) */
    pf_date_order date_order;                      /**< for the after/before operands and fields */
    pf_criterion *items;
    size_t count, capacity;
    pf_profile *profiles; /**< in order of first appearance; names matched after text_fold() */
    size_t profile_count;
    pf_criteria_slot *slots; /**< after criteria_compile() */
    size_t slot_count;
    bool compiled;
} pf_criteria;

/** One row of a criteria table as text (NULL or "" for an empty cell), for criteria_add(). */
typedef struct pf_criterion_text {
    const char *cells[PF_CRITERIA_COLUMN_COUNT];
} pf_criterion_text;

/** An empty table; date_order says how after/before read slash dates (AUTO = day-first). */
void criteria_init(pf_criteria *criteria, pf_date_order date_order);
/** Frees everything and leaves the table as criteria_init() would (keeping its date order). */
void criteria_clear(pf_criteria *criteria);

/** Checks and adds one row (line = its line in the file, for messages). Errors are PF_ERROR_DATA with
 *  file = criteria->path, line, column = the table header as written, and a message such as
 *  "unknown test 'bigger_than' (expected one of equals, in, …)", "'-1' is not a valid weight (expected a
 *  number, 0 or more)", "'10' is not a valid range for between (expected low|high, two numbers)", "'2022-13-01'
 *  X is not yes or no (…)", "profile is
 *  empty", "test 'in' needs a value". PF_ERROR_MEMORY. */
pf_error criteria_add(pf_criteria *criteria, const pf_criterion_text *row, long line, pf_error_context *err);

/** Reads a criteria table (any delimiter and encoding the reader accepts; encoding as in settings) and
 *  adds its rows. Headers are matched after text_fold(), in English or French (profil, critère, colonne,
 *  valeur, poids, éliminatoire); profile, column, test and weight are required, criterion, value and
 *  eliminatory optional (empty eliminatory = no). Rows of empty cells (a spreadsheet's blank rows) are
 *  skipped. Errors: those of reader_open(), PF_ERROR_DATA for a missing column, a row of the wrong field
 *  count, a malformed quote, an empty table, and those of criteria_add(). criteria is cleared on error. */
pf_error criteria_load(pf_criteria *criteria, const char *path, const pf_settings *settings,
                       pf_error_context *err);

/** Finds each criterion's column in the prospect header (exact name first, else after text_fold()).
 *  A column that is not there is PF_ERROR_DATA at the criterion's line, column 'column': "'X' is not a
 *  column of PROSPECTS". prospects_path is only used in that message. */
pf_error criteria_compile(pf_criteria *criteria, const char *const *header, size_t header_count,
                          const char *prospects_path, pf_error_context *err);

/** Index of name in header: exact match first, else the first match after text_fold(); -1 when none. */
int score_find_column(const char *const *header, size_t header_count, const char *name);

/** The header's names as "a, b, c" in buf (size bytes), for messages that list the columns; ", ..." ends a
 *  list too long for buf. */
void score_column_list(const char *const *header, size_t header_count, char *buf, size_t size);

/* ---- the columns shown beside the score ---- */

/** Most columns a shortlist shows (--show). */
#define PF_SHOWN_MAX 64
/** Prospect columns one shown column is made of (the address: number, index, type, street, complement). */
#define PF_SHOWN_PARTS 5

typedef enum pf_shown_kind {
    PF_SHOWN_FIELD = 0,    /**< one prospect column, trimmed */
    PF_SHOWN_NAME_OR_SIGN, /**< the first non-empty of its parts (SIRENE: usual name, then sign) */
    PF_SHOWN_ADDRESS,      /**< the parts joined by spaces, the last (a complement) after ", " */
} pf_shown_kind;

/** One column shown beside the score (docs/definitions.md "Shown columns"). */
typedef struct pf_shown_column {
    pf_shown_kind kind;
    const char *key;           /**< JSON key and CSV header: the prospect column's name as in the header, or for
                                    SIRENE's defaults "name_or_sign", "address", "postcode", ... */
    int label;                 /**< pf_label of the workbook header for SIRENE's defaults, -1 = key */
    int parts[PF_SHOWN_PARTS]; /**< prospect column indexes, -1 = unused */
} pf_shown_column;

typedef struct pf_shown {
    pf_shown_column columns[PF_SHOWN_MAX];
    size_t count;
} pf_shown;

/** The shown columns for a prospect header: the comma-separated list (--show, [score] show) when list is
 *  non-empty, each name matched like score_find_column() — a name that matches none is PF_ERROR_DATA at
 *  path:line naming it and listing the columns (PF_ERROR_USAGE for more than PF_SHOWN_MAX); else SIRENE's
 *  defaults when the header has SIRENE's establishment columns (libelleCommuneEtablissement and
 *  codePostalEtablissement), those of them the header has; else none (see score_shown_fallback()). Keys
 *  borrow the header's strings. */
pf_error score_shown_resolve(const char *const *header, size_t header_count, const char *list, pf_shown *shown,
                             const char *path, long line, pf_error_context *err);

struct pf_score_result;
/** When shown is empty: the first column after the id holding, in some entry of the shortlists, a value
 *  that is not a number (a text column), or nothing when there is none. */
void score_shown_fallback(pf_shown *shown, const struct pf_score_result *result, int id_field);

struct pf_shortlist_entry;
/** The value of a shown column for an entry, in buf (size bytes, NUL-terminated). */
const char *score_shown_value(const pf_shown_column *column, const struct pf_shortlist_entry *entry, char *buf,
                              size_t size);

/* ---- already-known companies ---- */

typedef struct pf_known pf_known;

/** What the CRM says of the partner a company id belongs to. Strings live in the pf_known. */
typedef struct pf_known_partner {
    const char *partner_id; /**< "" when the file has no partner_id column */
    const char *stage;      /**< furthest stage (docs/definitions.md "Scoring prospects"): "listed" ...
                                 "kicked_off", or "ended" */
} pf_known_partner;

/** An empty set, or NULL when memory is exhausted. */
pf_known *known_new(void);
/** NULL is a no-op. */
void known_free(pf_known *known);
/** Adds a company id (any registry number; "" and "[ND]" are ignored). PF_ERROR_MEMORY. */
pf_error known_add(pf_known *known, const char *company_id, size_t len, pf_error_context *err);
/** Number of distinct (normalised) ids added. */
size_t known_count(const pf_known *known);
/** True when the prospect id matches a partner's company_id (equal, or same first 9 characters); also true
 *  when memory ran out while looking (so a prospect is never shortlisted as new by mistake). */
bool known_match(const pf_known *known, const char *id, size_t len);
/** The partner the prospect id matches (equal ids first, else the same first 9 characters); NULL when none,
 *  or when memory ran out (ids longer than 256 bytes need a buffer): then *oom is set true. Valid until
 *  known_free(). */
const pf_known_partner *known_find(const pf_known *known, const char *id, size_t len, bool *oom);
/** Adds a company id with its partner (known_add, then the partner is remembered for it unless an earlier
 *  partner has the same id or first 9 characters). partner_id and stage are copied. PF_ERROR_MEMORY. */
pf_error known_add_partner(pf_known *known, const char *company_id, size_t len, const char *partner_id,
                           const char *stage, pf_error_context *err);
/** The furthest stage of a partners row from its own cells (NULL or "" = empty): "ended" when ended_on is
 *  set, else the last of kicked_off (kickoff_on), signed (signed_on), approved (committee_on and an approved
 *  decision), reviewed (committee_on), applied (applied_on), approached (approached_on), else "listed". */
const char *known_stage(const char *approached_on, const char *applied_on, const char *committee_on,
                        bool approved, const char *signed_on, const char *kickoff_on, const char *ended_on);
/** Reads the company_id column of a partners file (header mapped by settings [columns], matched like
 *  docs/definitions.md "Input files and columns") and adds every non-empty value with its row's partner_id
 *  and furthest stage (known_stage(), from the stage columns the file has). Rows too short or with a
 *  malformed quote before the column are counted in *skipped (may be NULL). Errors: those of reader_open(),
 *  PF_ERROR_DATA when the file has no company_id column. */
pf_error known_load(pf_known *known, const char *path, const pf_settings *settings, long *skipped,
                    pf_error_context *err);

/* ---- the scorer ---- */

/** What a pass needs besides the criteria. */
typedef struct pf_score_config {
    const char *const *header; /**< the prospect file's column names (copied by scorer_new) */
    size_t header_count;
    int id_field;          /**< index of the id column */
    int group_field;       /**< index of the --group-by column, -1 for none */
    size_t group_prefix;   /**< characters kept of the group value, 0 = all */
    size_t top;            /**< K */
    const pf_known *known; /**< borrowed; NULL = no --partners */
} pf_score_config;

/** One prospect of a shortlist, with a copy of its row. */
typedef struct pf_shortlist_entry {
    double passed_weight; /**< Σ weights of the passed criteria */
    double score;         /**< 100 × passed_weight / total weight */
    long line;            /**< line of the prospect file */
    const char *id;       /**< trimmed id ("[ND]" → "") */
    size_t id_length;
    char **fields;                          /**< the prospect's fields as read (header_count of them) */
    unsigned char *passed;                  /**< per criterion of the profile, file order: 1 passed, 0 failed */
    const pf_known_partner *partner;        /**< known list only: borrowed from the pf_known */
    const struct pf_legal_unit *legal_unit; /**< set by units_join() (units.h), NULL before */
    void *block;                            /**< owns id, fields and passed */
    size_t block_size;
} pf_shortlist_entry;

typedef struct pf_group_count {
    const char *value; /**< "" for the empty group */
    long eligible;
} pf_group_count;

/** One group value with its eligible count per profile (the table the workbook shows). */
typedef struct pf_group_row {
    const char *value;    /**< "" for the empty group */
    const long *eligible; /**< [profile_count] */
    long total;           /**< Σ over profiles */
} pf_group_row;

typedef struct pf_profile_result {
    const pf_profile *profile; /**< borrowed from the criteria */
    long eligible;
    long known;                    /**< eligible prospects that are already partners */
    long *remaining;               /**< [profile->eliminatory_count]: still in after each eliminatory one */
    pf_shortlist_entry *shortlist; /**< best first */
    size_t shortlist_count;
    pf_shortlist_entry *known_list; /**< the K best known ones, best first */
    size_t known_list_count;
    pf_group_count *groups; /**< groups with eligible > 0, by eligible descending then value ascending */
    size_t group_count;
} pf_profile_result;

typedef struct pf_score_reject {
    long line;
    const char *column; /**< header of the field at fault, "" for a whole-row problem */
    const char *reason;
    const char
        *raw; /**< the row's text (UTF-8), cut at PF_SCORE_REJECT_RAW_MAX bytes on a character boundary */
} pf_score_reject;

typedef struct pf_score_result {
    pf_arena *arena;     /**< holds group values, reject reasons and the header copy */
    const char **header; /**< the prospect file's column names */
    size_t header_count;
    long rows_read; /**< data records read = rows_scored + rows_rejected */
    long rows_scored;
    long rows_rejected;
    pf_score_reject *rejects; /**< the first PF_SCORE_MAX_REJECTS by line */
    size_t reject_count;
    pf_profile_result *profiles; /**< one per profile, in criteria order */
    size_t profile_count;
    pf_group_row *group_rows; /**< every group value, by total descending then value ascending (byte order) */
    size_t group_row_count;
} pf_score_result;

typedef struct pf_scorer pf_scorer;

/** A scorer for a compiled criteria table in *out (NULL on error). Errors: PF_ERROR_MEMORY,
 *  PF_ERROR_INTERNAL (criteria not compiled, a column index outside the header). */
pf_error scorer_new(const pf_criteria *criteria, const pf_score_config *config, pf_scorer **out,
                    pf_error_context *err);
/** NULL is a no-op. */
void scorer_free(pf_scorer *scorer);

/** Scores one readable row of exactly header_count fields (the caller checks the count and rejects the
 *  others with scorer_reject). Errors: PF_ERROR_MEMORY; PF_ERROR_DATA when the group column gets more than
 *  PF_SCORE_MAX_GROUPS distinct values (file/line left for the caller to fill). */
pf_error scorer_add_row(pf_scorer *scorer, const char *const *fields, const size_t *lengths, long line,
                        pf_error_context *err);

struct pf_record;

/** One record as the reader gives it (reader.h): a record with a malformed quote, invalid text or not
 *  header_count fields is rejected with its reason (scorer_reject), any other is scored (scorer_add_row).
 *  header is the file's header record; path fills the error's file when the group column gets too many
 *  values (PF_ERROR_DATA, with the record's line). Errors as the two functions. */
pf_error scorer_add_record(pf_scorer *scorer, const struct pf_record *record, const struct pf_record *header,
                           const char *path, pf_error_context *err);

/** Counts a row that cannot be read, keeping its line, column (NULL or "" for the whole row), reason and
 *  text among the first PF_SCORE_MAX_REJECTS. PF_ERROR_MEMORY. */
pf_error scorer_reject(pf_scorer *scorer, long line, const char *column, const char *reason, const char *raw,
                       size_t raw_length, pf_error_context *err);

/** Moves everything from into scorer (both built from the same criteria and config); from is left empty.
 *  PF_ERROR_MEMORY, PF_ERROR_DATA (too many groups). */
pf_error scorer_merge(pf_scorer *scorer, pf_scorer *from, pf_error_context *err);

/** Sorts and hands over the result (the scorer is left empty but can be freed). PF_ERROR_MEMORY. */
pf_error scorer_finish(pf_scorer *scorer, pf_score_result *result, pf_error_context *err);

/** Frees what a result owns. Safe on a zeroed result. */
void score_result_clear(pf_score_result *result);

/** The SIREN of a prospect id: its first 9 characters once blanks are removed, when they are 9 digits
 *  (a SIREN or a SIRET); written to siren (NUL-terminated). False when the id has no SIREN. */
bool score_siren(const char *id, size_t len, char siren[10]);

/** Parses a number as the numeric tests do (see above); false when s is not one. */
bool score_parse_number(const char *s, size_t len, double *out);

#endif
