/* metrics.h — the recruitment KPIs of docs/definitions.md, computed once from a loaded export into one result
 * struct that every view (the JSON summary, the plain-text summary, the workbook) only formats.
 *
 * Owns: pf_results and every array in it (the funnel, the per-partner status array, the at-risk lists, the
 * segment rows, the overhead lines, the Kaplan–Meier table, the cohort labels), freed by metrics_clear().
 * Borrows: the model. Segment values and overhead categories point at the model's interned strings, so a
 * pf_results must not outlive the pf_model it was computed from (cohort labels are the results' own).
 * Partner indexes (pf_at_risk_entry.partner, the partners[] array) index model->partners, except in the results
 * of metrics_compute_headline_at(), whose partners[j] is the j-th signer of its pf_headline_base.
 *
 * metrics_compute() is pure: no I/O, no globals, no clock — as_of is an argument. "Everything dated after
 * as_of has not happened yet" holds in every figure; a candidate listed after as_of is out of scope entirely.
 * Each figure, and each decision behind it, is defined in docs/definitions.md.
 *
 * Figures that cannot be computed: doubles are NAN (the JSON writes null); counts that need deals.csv are
 * PF_COUNT_UNKNOWN when the export has no deals file (deals_available is then false), so a view can say
 * "not measurable without deals" instead of printing 0.
 */
#ifndef PARTNERFUNNEL_METRICS_H
#define PARTNERFUNNEL_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "partnerfunnel/error.h"
#include "partnerfunnel/field.h"
#include "partnerfunnel/metrics_calendar.h"
#include "partnerfunnel/metrics_trend.h"
#include "partnerfunnel/model.h"
#include "partnerfunnel/settings.h"
#include "partnerfunnel/stats.h"

/** A count that cannot be computed (it needs deals.csv and the export has none). */
#define PF_COUNT_UNKNOWN (-1L)

/** The stages of the funnel, in the order of docs/definitions.md "Funnel". */
typedef enum pf_stage {
    PF_STAGE_LISTED = 0,
    PF_STAGE_APPROACHED,
    PF_STAGE_APPLIED,
    PF_STAGE_REVIEWED,
    PF_STAGE_APPROVED,
    PF_STAGE_SIGNED,
    PF_STAGE_KICKED_OFF,
    PF_STAGE_FIRST_DEAL,
    PF_STAGE_COUNT
} pf_stage;

/** "listed", "approached", ... "first_deal" (the JSON's stage names), indexed by pf_stage. */
extern const char *const pf_stage_names[PF_STAGE_COUNT];

/** One row of the funnel. */
typedef struct pf_funnel_stage {
    long reached; /**< candidates in scope that reached the stage, implied ones included;
                       first_deal: PF_COUNT_UNKNOWN without deals */
    long implied; /**< of those, how many reached it only because a later stage was reached (listed:
                       in scope without a listed_on date; first_deal: always 0) */
    long base;    /**< denominator of the conversion: reached(previous stage); for first_deal the partners
                       with on(signed_on); 0 for listed (no previous stage) */
    pf_proportion conversion; /**< reached / base with its Wilson interval; NAN for listed, when base = 0,
                                   or when reached is unknown */
} pf_funnel_stage;

/** At-risk bands of docs/definitions.md "At-risk bands": exclusive, a partner is in at most one. */
typedef enum pf_at_risk_band {
    PF_AT_RISK_NONE = -1, /**< not at risk (or not measurable) */
    PF_AT_RISK_BEHIND_100_DAYS = 0,
    PF_AT_RISK_REVIEW_6_MONTHS,
    PF_AT_RISK_CONSIDER_ENDING_9_MONTHS,
    PF_AT_RISK_BAND_COUNT
} pf_at_risk_band;

_Static_assert(PF_AT_RISK_BAND_COUNT == PF_TREND_AT_RISK_BANDS, "metrics_trend.h counts the at-risk bands");

/** "behind_100_days", "review_6_months", "consider_ending_9_months", indexed by pf_at_risk_band. */
extern const char *const pf_at_risk_band_names[PF_AT_RISK_BAND_COUNT];

/** The 9 months of the white paper's "stop if nothing is signed within 6 to 9 months" (fixed, not a setting).
 */
#define PF_AT_RISK_END_MONTHS 9
/** The 100 days of the onboarding plan (fixed). */
#define PF_PLAN_DAYS 100

typedef struct pf_at_risk_entry {
    uint32_t partner;        /**< index into model->partners */
    long days_since_signing; /**< as_of − signed_on */
} pf_at_risk_entry;

typedef struct pf_at_risk_list {
    long count;                 /**< PF_COUNT_UNKNOWN without deals */
    pf_at_risk_entry *partners; /**< owned; count entries, most days since signing first, then file order */
} pf_at_risk_list;

/** The dimensions partners are segmented by. */
typedef enum pf_segment_kind {
    PF_SEGMENT_CATEGORY = 0,
    PF_SEGMENT_MARKET,
    PF_SEGMENT_SOURCE,
    PF_SEGMENT_RECRUITER,
    PF_SEGMENT_COHORT, /**< signing quarter of signed_on, "2024-Q1" */
    PF_SEGMENT_KIND_COUNT
} pf_segment_kind;

/** "category", "market", "source", "recruiter", "cohort", indexed by pf_segment_kind. */
extern const char *const pf_segment_kind_names[PF_SEGMENT_KIND_COUNT];

/** One value of a dimension. For cohorts every count is over the partners signed (on(signed_on)) in that
 *  quarter, so listed = signed there. */
typedef struct pf_segment {
    const char *value;         /**< "" for candidates without a value; borrowed (see the header comment) */
    long listed;               /**< candidates in scope */
    long signed_partners;      /**< reached the signed stage (implied included, as in the funnel) */
    long mature;               /**< on(signed_on) and mark <= as_of */
    long active;               /**< PF_COUNT_UNKNOWN without deals */
    pf_proportion active_rate; /**< active / mature with Wilson; NAN when mature = 0 or active unknown */
    /* recruiter performance (filled for every dimension) */
    long applications;   /**< reached the applied stage (implied included) */
    long business_plans; /**< on(business_plan_on) */
    long days_to_sign_n; /**< partners with on(approached_on), on(signed_on), signed_on >= approached_on */
    double median_days_to_sign; /**< median of signed_on − approached_on over them; NAN when none */
} pf_segment;

typedef struct pf_segment_list {
    pf_segment *rows; /**< owned, by value in byte order (strcmp), "" first */
    size_t count;
} pf_segment_list;

/** A duration over the partners that already reached its end (censoring ignored: a naive figure). */
typedef struct pf_duration {
    long n;        /**< partners counted */
    double median; /**< days; NAN when n = 0 */
    double mean;   /**< days; NAN when n = 0 */
} pf_duration;

/** Overhead (costs.csv lines with no partner) of one cost category. */
typedef struct pf_cost_line {
    const char *category; /**< borrowed from the model, "" when absent */
    double amount;
    long lines;
} pf_cost_line;

/** Status bits of pf_partner_status.flags. */
enum {
    PF_PARTNER_IN_SCOPE = 1u << 0,     /**< listed_on empty or <= as_of */
    PF_PARTNER_SIGNED_DATED = 1u << 1, /**< on(signed_on): in the first-deal and time-to-first-deal base */
    PF_PARTNER_MATURE = 1u << 2,
    PF_PARTNER_ACTIVE = 1u << 3,       /**< never set without deals */
    PF_PARTNER_BAD_RECRUIT = 1u << 4,  /**< never set without deals */
    PF_PARTNER_ENDED = 1u << 5,        /**< on(ended_on) */
    PF_PARTNER_BUSINESS_PLAN = 1u << 6 /**< on(business_plan_on) */
};

/** What the metrics concluded about one partner (the workbook's Partners sheet), parallel to
 *  model->partners. Out-of-scope candidates have only their cost filled. */
typedef struct pf_partner_status {
    uint16_t stages;        /**< bit (1u << pf_stage) for each stage reached, implied included */
    uint16_t implied;       /**< bit (1u << pf_stage) for each stage reached only by implication */
    uint16_t flags;         /**< PF_PARTNER_* bits */
    int8_t at_risk;         /**< pf_at_risk_band, PF_AT_RISK_NONE when not at risk */
    int32_t days_to_sign;   /**< signed_on − approached_on when both are on() and not reversed, else −1 */
    pf_date mark;           /**< signed_on + window_months, PF_DATE_NONE without on(signed_on) */
    pf_date first_deal;     /**< closed_on of the first deal counted under first_deal, PF_DATE_NONE when none */
    uint32_t won_in_window; /**< won deals with signed_on <= closed_on <= min(mark, as_of) */
    double cost; /**< partner cost (docs/definitions.md "Bad recruits and costs"), NAN: no cost data */
} pf_partner_status;

typedef struct pf_active_after_window {
    long mature;        /**< mature partners */
    long active;        /**< PF_COUNT_UNKNOWN without deals */
    pf_proportion rate; /**< active / mature with Wilson */
} pf_active_after_window;

typedef struct pf_bad_recruits {
    long count;                  /**< mature and not active; PF_COUNT_UNKNOWN without deals */
    double total_cost;           /**< Σ partner cost of bad recruits; 0 when count = 0 */
    double cost_per_bad_recruit; /**< total_cost / count; NAN when count = 0 */
} pf_bad_recruits;

typedef struct pf_overhead {
    double total;              /**< Σ costs.csv lines with no partner and on(date); NAN without costs.csv */
    pf_cost_line *by_category; /**< owned, by category in byte order */
    size_t category_count;
} pf_overhead;

typedef struct pf_first_deal_times {
    long partners;                          /**< on(signed_on): the Kaplan–Meier population */
    long events;                            /**< of them, with a first deal; PF_COUNT_UNKNOWN without deals */
    double median, median_low, median_high; /**< days, survival's quantile(); NAN when not reached */
    double p_within_100_days, p_within_100_days_low, p_within_100_days_high; /**< 1 − S(100), 1 − band */
    pf_km km;          /**< the fitted curve (empty without deals), for the workbook's table */
    pf_duration naive; /**< mean/median over partners that have a first deal: biased (ignores the
                            partners still waiting), shown only as such */
} pf_first_deal_times;

typedef struct pf_business_plan_effect {
    long mature[2];        /**< [0] without on(business_plan_on), [1] with */
    long active[2];        /**< PF_COUNT_UNKNOWN without deals */
    pf_proportion rate[2]; /**< active / mature per row, with Wilson */
    double fisher_p; /**< two-sided Fisher exact p on [[a1, m1 − a1], [a0, m0 − a0]]; NAN without deals */
} pf_business_plan_effect;

/** Everything the report shows. Caller-owned: metrics_init(), metrics_compute(), metrics_clear(). */
typedef struct pf_results {
    pf_date as_of;
    int window_months; /**< settings used */
    int min_won_deals;
    bool deals_available;    /**< deals.csv was read: figures after signature are measurable */
    bool costs_available;    /**< some cost source exists (recruitment_cost or onboarding_cost column, or
                                  costs.csv): partner costs are known (absent parts count 0) */
    bool overhead_available; /**< costs.csv was read */
    long candidates;         /**< partners in the model */
    long out_of_scope;       /**< listed after as_of */
    pf_funnel_stage funnel[PF_STAGE_COUNT];
    pf_active_after_window active;
    pf_bad_recruits bad_recruits;
    double mature_cost;             /**< Σ partner cost of mature partners (the numerator below) */
    double cost_per_active_partner; /**< mature_cost / active; NAN when active = 0 or unknown */
    pf_overhead overhead;
    pf_first_deal_times first_deal;
    pf_logrank hundred_day_plan; /**< group 1 = on(kickoff_on), same times/events as the curve; chi2 and p
                                      NAN when undefined or without deals */
    pf_business_plan_effect business_plan;
    pf_at_risk_list at_risk[PF_AT_RISK_BAND_COUNT];
    pf_segment_list segments[PF_SEGMENT_KIND_COUNT];
    pf_duration time_to_recruit;   /**< approached_on → signed_on */
    pf_duration tech_autonomy;     /**< signed_on → tech_autonomy_on */
    pf_duration sales_autonomy;    /**< signed_on → sales_autonomy_on */
    pf_calendar_signings signings; /**< contracts signed in as_of's month and year to date */
    pf_partner_status *partners;   /**< owned, candidates entries, parallel to model->partners */
    char (*cohort_labels)[8];      /**< owned storage of the cohort segments' values */
    pf_trend trend; /**< the last 12 month ends (metrics_trend.h): empty (count 0) after metrics_compute, filled
                         by the command that shows it with metrics_trend(&results.trend, ..., as_of) or
                         metrics_compute_with_trend() */
} pf_results;

/** Makes results empty (no arrays, every figure NAN or 0). */
void metrics_init(pf_results *results);
/** Frees what results owns and makes it empty again. results may be NULL; clearing twice is harmless. */
void metrics_clear(pf_results *results);

/** Computes every figure of docs/definitions.md for model as of as_of, replacing results' content. settings
 *  gives window_months and min_won_deals (NULL: the defaults 6 and 1). O(n log n) in the number of partners,
 *  deals and costs; no I/O. Errors: PF_ERROR_MEMORY (message in err, results left empty),
 *  PF_ERROR_INTERNAL when as_of is PF_DATE_NONE or window_months / min_won_deals are out of range.
 *  err may be NULL. */
pf_error metrics_compute(pf_results *results, const pf_model *model, const pf_settings *settings, pf_date as_of,
                         pf_error_context *err);

/** The same computation limited to what the headline figures need (metrics_trend.h): scope, funnel,
 *  activity, bad recruits, costs, time to first deal and the at-risk lists, by the very code of
 *  metrics_compute(), so each of those figures is identical; the calendar signings, the overhead, the
 *  segments, the log-rank test and the naive durations are left empty, and partners[].cost is NAN for
 *  partners without a dated signature. Errors as metrics_compute(). */
pf_error metrics_compute_headline(pf_results *results, const pf_model *model, const pf_settings *settings,
                                  pf_date as_of, pf_error_context *err);

/** Reporting dates a pf_headline_base holds at most. */
#define PF_HEADLINE_BASE_DATES 16

/** What the headline computations of several reporting dates over one model share (the trend's month ends),
 *  found in one pass over the partners: for each date the funnel's listed and signed counts, and the
 *  partners that can count in the figures after the funnel's signed stage. Owns signers. */
typedef struct pf_headline_base {
    size_t count;                                 /**< reporting dates */
    pf_date as_of[PF_HEADLINE_BASE_DATES];        /**< the dates, in the caller's order */
    long listed[PF_HEADLINE_BASE_DATES];          /**< funnel[listed].reached as of each date */
    long signed_partners[PF_HEADLINE_BASE_DATES]; /**< funnel[signed].reached as of each date */
    uint32_t *signers;   /**< partners with signed_on on or before the latest date, in model order */
    pf_partner *records; /**< copies of their records, records[j] of signers[j]: each date's computation
                              reads them in sequence, where the model's are scattered (a cache miss each) */
    size_t signer_count;
} pf_headline_base;

/** Fills base for the count (1 to PF_HEADLINE_BASE_DATES) dates as_of. O(partners × count), one pass.
 *  Errors: PF_ERROR_MEMORY, PF_ERROR_INTERNAL (no date, too many, PF_DATE_NONE); base is then empty and
 *  metrics_headline_base_clear() may still be called. */
pf_error metrics_headline_base(pf_headline_base *base, const pf_model *model, const pf_date *as_of,
                               size_t count, pf_error_context *err);

/** Frees base's signers and their records; base is left empty. */
void metrics_headline_base_clear(pf_headline_base *base);

/** metrics_compute_headline() as of base->as_of[point], assessing only base's signers: every figure that
 *  metrics_trend_point() reads is identical (the funnel's listed and signed counts come from the base), the
 *  funnel's other stages before the first deal are 0 and partners[j] is the status of the j-th signer.
 *  model and settings must be those the base was built from. Errors as metrics_compute(), and
 *  PF_ERROR_INTERNAL for a point out of range. */
pf_error metrics_compute_headline_at(pf_results *results, const pf_model *model, const pf_settings *settings,
                                     const pf_headline_base *base, size_t point, pf_error_context *err);

/** Quarter label of a date, "2024-Q1" (8 bytes with the NUL). */
void metrics_quarter_label(pf_date date, char out[8]);

#endif
