/* audit.h — the audit engagement of `partnerfunnel audit` (issue 12): from one loaded export and its computed
 * results, the scorecard of the white paper's four rubrics, process adherence with Fisher's exact test, the
 * Kaplan–Meier times, recruiters and sources, data quality per file and column, and the rule-based findings
 * ranked by money at stake. The 12-month trend is pf_results.trend (metrics_trend.h).
 *
 * Owns: pf_audit and every array in it, freed by audit_clear(). Borrows: the model and the results it was
 * computed from (segment values and partner indexes point into them), so a pf_audit must not outlive either.
 *
 * audit_compute() is pure: no I/O, no globals, no clock. Every figure follows docs/definitions.md and the
 * reporting-date rule of metrics.h (what is dated after as_of has not happened yet); where a figure already
 * exists in pf_results (the active rate, costs, the first-deal curve, segments) it is read from there, never
 * recomputed. Figures that cannot be computed are NAN (doubles) or PF_COUNT_UNKNOWN (counts needing deals).
 */
#ifndef PARTNERFUNNEL_AUDIT_H
#define PARTNERFUNNEL_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "partnerfunnel/error.h"
#include "partnerfunnel/metrics.h"
#include "partnerfunnel/model.h"
#include "partnerfunnel/reference.h"
#include "partnerfunnel/stats.h"

/* ---- 1. scorecard ---- */

typedef enum pf_rubric {
    PF_RUBRIC_CANDIDATES = 0, /**< number and quality of eligible candidates */
    PF_RUBRIC_SIGNING,        /**< contract signing rate: signed / approached */
    PF_RUBRIC_ACTIVE,         /**< partners active after the onboarding window, against 40 % */
    PF_RUBRIC_COSTS,          /**< recruitment costs: cost per bad recruit against €15–70 k */
    PF_RUBRIC_COUNT
} pf_rubric;

/** "candidates", "signing_rate", "active_after_window", "recruitment_costs", indexed by pf_rubric. */
extern const char *const pf_rubric_names[PF_RUBRIC_COUNT];

typedef struct pf_scorecard_row {
    pf_rubric rubric;
    double value; /**< the figure the rating reads (a rate, or a cost); NAN when unknown */
    pf_rating rating;
} pf_scorecard_row;

/** Candidates listed per calendar year of listed_on (the rubric "number of eligible candidates"). */
typedef struct pf_year_count {
    int year;
    long listed;
    long applied; /**< of them, reached the applied stage (implied included) */
} pf_year_count;

/* ---- 2. process adherence ---- */

typedef enum pf_audit_step {
    PF_AUDIT_STEP_APPLICATION = 0, /**< applied_on dated */
    PF_AUDIT_STEP_COMMITTEE,       /**< committee_on dated */
    PF_AUDIT_STEP_BUSINESS_PLAN,   /**< business_plan_on dated */
    PF_AUDIT_STEP_KICKOFF,         /**< kickoff_on dated (the 100-day plan started) */
    PF_AUDIT_STEP_COUNT
} pf_audit_step;

/** "application", "committee", "business_plan", "kickoff", indexed by pf_audit_step. */
extern const char *const pf_audit_step_names[PF_AUDIT_STEP_COUNT];

typedef struct pf_adherence_row {
    long mature;        /**< mature partners in this row */
    long active;        /**< PF_COUNT_UNKNOWN without deals */
    pf_proportion rate; /**< active / mature with Wilson */
} pf_adherence_row;

/** One step among mature partners: with = the step's own date recorded and not after as_of (a stage
 *  implied by a later one does not count as the step having been done). */
typedef struct pf_adherence {
    pf_adherence_row with, without;
    double share_with; /**< with.mature / mature; NAN when no mature partner */
    double fisher_p;   /**< two-sided Fisher exact p on [[active, inactive] with, without]; NAN when either
                            row is empty or without deals */
} pf_adherence;

/** Per recruiter (the segment rows of pf_results, same order): of their partners with a dated signature,
 *  how many skipped each step. */
typedef struct pf_recruiter_skips {
    long signed_dated;
    long skipped[PF_AUDIT_STEP_COUNT];
} pf_recruiter_skips;

/* ---- 3. times ---- */

typedef enum pf_audit_time {
    PF_AUDIT_TIME_TO_RECRUIT = 0, /**< approached_on → signed_on, over approached candidates */
    PF_AUDIT_TIME_TO_FIRST_DEAL,  /**< signed_on → first won deal (pf_results' curve) */
    PF_AUDIT_TIME_TO_TECH,        /**< signed_on → tech_autonomy_on */
    PF_AUDIT_TIME_TO_SALES,       /**< signed_on → sales_autonomy_on */
    PF_AUDIT_TIME_COUNT
} pf_audit_time;

/** "to_recruit", "to_first_deal", "to_tech_autonomy", "to_sales_autonomy", indexed by pf_audit_time. */
extern const char *const pf_audit_time_names[PF_AUDIT_TIME_COUNT];

/** A Kaplan–Meier median: subjects, events, median with its interval (NAN when not reached), and the white
 *  paper's reference in days (first deal 100, autonomy 365; NAN: none). */
typedef struct pf_audit_duration {
    long partners;
    long events; /**< PF_COUNT_UNKNOWN for the first deal without deals */
    double median, median_low, median_high;
    double reference_days;
} pf_audit_duration;

/* ---- 4. recruiters and sources: pf_results.segments[RECRUITER / SOURCE], plus a test against the rest ---- */

/** A segment row against all other partners: Fisher's p on [[active, inactive] this, rest]. */
typedef struct pf_segment_test {
    double rest_rate; /**< active / mature of every other partner; NAN when unknown or none */
    double fisher_p;  /**< NAN when a row is empty or without deals */
    bool small;       /**< mature < PF_AUDIT_SMALL_N: the rate says little */
} pf_segment_test;

/** Below this many mature partners a recruiter's or source's rate carries a small-numbers warning. */
#define PF_AUDIT_SMALL_N 10

/* ---- 5. data quality ---- */

typedef struct pf_column_quality {
    pf_file_kind file;
    pf_column column;
    long rows;          /**< accepted rows of the file */
    long empty;         /**< of them, with the column empty */
    double empty_share; /**< empty / rows; NAN when rows = 0 */
} pf_column_quality;

/** Rejected rows or warnings of one file grouped by reason (texts borrowed from the model). */
typedef struct pf_reason_count {
    pf_file_kind file;
    const char *reason;
    long count;
    bool is_reject; /**< false: a warning */
} pf_reason_count;

typedef struct pf_data_quality {
    pf_column_quality *columns; /**< owned; every column present in each file, in schema order */
    size_t column_count;
    long out_of_order;   /**< partners with a dated step earlier than a dated earlier step (approached before
                              listed, signed before applied, …) */
    long implied_signed; /**< partners that reached signed only by implication: no signed_on, so outside the
                              mature base and every rate after signing */
    long deals_before_signing; /**< won deals closed before their partner's signed_on (not counted) */
    pf_reason_count *reasons;  /**< owned, by file, rejects first, then by count (most first) and text */
    size_t reason_count;
} pf_data_quality;

/* ---- 6. findings ---- */

/** Kinds of findings, each a rule of docs/definitions.md "Audit findings". */
typedef enum pf_finding_kind {
    PF_FINDING_CONSIDER_ENDING = 0, /**< partners past 9 months without a deal: what they cost so far */
    PF_FINDING_SKIPPED_STEP,        /**< the step whose skipping costs most (Fisher p < 0.05) */
    PF_FINDING_RECRUITER_BELOW,     /**< a recruiter significantly below the rest (Fisher p < 0.05) */
    PF_FINDING_IMPLIED_SIGNATURES,  /**< signatures without a date keep partners out of the headline rates */
    PF_FINDING_KIND_COUNT
} pf_finding_kind;

/** One finding: what it is about (step or segment row), its money at stake (NAN: not measurable, ranked
 *  last), the figures it rests on. */
typedef struct pf_finding {
    pf_finding_kind kind;
    int step;          /**< pf_audit_step for SKIPPED_STEP, else −1 */
    long segment;      /**< index into results->segments[RECRUITER].rows for RECRUITER_BELOW, else −1 */
    long partners;     /**< partners concerned */
    double money;      /**< money at stake, in the settings' currency */
    double difference; /**< SKIPPED_STEP, RECRUITER_BELOW: difference in active rate (positive: a loss) */
    double fisher_p;
} pf_finding;

/** One citation of a finding: the JSON path of the figure in the audit's JSON and the workbook's defined name
 *  of the same figure (render_audit_json.c and render_audit.c both write exactly these). */
typedef struct pf_cite {
    char path[96];
    char name[64];
} pf_cite;

#define PF_FINDING_MAX_CITES 4

/** The figures finding rests on, into cites; returns how many (1 to PF_FINDING_MAX_CITES). Segment rows are
 *  numbered from 1 in the names (AuditRecruiter1Rate is recruiters[0].rate). */
size_t audit_finding_cites(const pf_finding *finding, pf_cite cites[PF_FINDING_MAX_CITES]);

/** "Application", "Committee", "BusinessPlan", "Kickoff": the steps in defined names, by pf_audit_step. */
extern const char *const pf_audit_step_name_parts[PF_AUDIT_STEP_COUNT];

/** Everything the audit shows beyond pf_results. Caller-owned: audit_init(), audit_compute(), audit_clear().
 */
typedef struct pf_audit {
    pf_scorecard_row scorecard[PF_RUBRIC_COUNT];
    pf_year_count *years; /**< owned, by year; candidates in scope with listed_on dated */
    size_t year_count;
    pf_proportion applied_share; /**< reached applied / listed in scope */
    pf_proportion signing_rate;  /**< reached signed / reached approached */
    pf_adherence adherence[PF_AUDIT_STEP_COUNT];
    pf_recruiter_skips *recruiter_skips; /**< owned, parallel to results->segments[RECRUITER].rows */
    pf_audit_duration times[PF_AUDIT_TIME_COUNT];
    pf_segment_test *recruiter_tests; /**< owned, parallel to results->segments[RECRUITER].rows */
    pf_segment_test *source_tests;    /**< owned, parallel to results->segments[SOURCE].rows */
    pf_data_quality quality;
    pf_finding *findings; /**< owned, by money at stake (most first, unknown last), then kind */
    size_t finding_count;
    double consider_ending_cost; /**< Σ cost of the partners to consider ending (NAN without costs) */
    const struct pf_audit_prospects *prospects; /**< eligible prospects per profile (audit_prospects.h);
                                                     borrowed, set by the caller after audit_compute(); NULL
                                                     without a prospect file */
} pf_audit;

void audit_init(pf_audit *audit);
/** Frees what audit owns and makes it empty again; audit may be NULL. */
void audit_clear(pf_audit *audit);

/** Computes the audit of model from results (metrics_compute() on the same model; results->trend may be
 *  empty). currency: the settings' ISO code (NULL = "EUR"); the €15–70 k reference rates only euros.
 *  O(n log n). Errors: PF_ERROR_MEMORY (audit left empty). */
pf_error audit_compute(pf_audit *audit, const pf_model *model, const pf_results *results, const char *currency,
                       pf_error_context *err);

#endif
