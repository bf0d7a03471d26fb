/* plan.h — the recruitment plan: from a target of active partners back to the funnel, the budget and the
 * calendar, with its uncertainty (Monte Carlo) and the four levers of the white paper. The `plan` command's
 * computation; the JSON and the workbook only format its one result struct.
 *
 * Owns: pf_plan and its arrays (calendar, levers, histogram), freed by plan_clear().
 * Borrows: the model and the metrics results (computed as of the same date) during plan_compute() only;
 * pf_plan_lever.segment points into the model's interned strings, so a pf_plan must not outlive its model.
 *
 * plan_compute() is pure: no I/O, no clock, no globals; the random numbers come from GSL's MT19937 seeded
 * with options->seed, so identical inputs and seed give identical figures. Definitions (docs/definitions.md
 * "Funnel", "Active"): the planning cohort is the candidates in scope listed on or before as_of minus
 * cohort_months months; a stage is reached as the funnel defines it, implied stages included; the active rate
 * is the report's active / mature over every mature partner. A figure set in the settings' [plan] section
 * replaces the observed one.
 *
 * Rounding: needed(s) = ⌈needed(next) / conversion(next)⌉ of the quotient rounded to 9 decimals, so that
 * floating-point noise (10 / (4/6) is a hair above 15 in Gnumeric's long double arithmetic) never adds a
 * candidate; the workbook's formulas say CEILING(ROUND(x, 9), 1) and give the same counts.
 */
#ifndef PARTNERFUNNEL_PLAN_H
#define PARTNERFUNNEL_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "partnerfunnel/error.h"
#include "partnerfunnel/metrics.h"
#include "partnerfunnel/model.h"
#include "partnerfunnel/settings.h"

/** Stages the plan goes through: listed .. signed (pf_stage values 0..5), then active. */
#define PF_PLAN_STAGE_COUNT 6
/** needed[] is indexed by pf_stage for listed .. signed, and PF_PLAN_ACTIVE for the target itself. */
#define PF_PLAN_ACTIVE PF_PLAN_STAGE_COUNT
/** Rates: conversion into approached .. signed (index stage − 1), then PF_PLAN_RATE_ACTIVE. */
#define PF_PLAN_RATE_ACTIVE (PF_PLAN_RATE_COUNT - 1)

#define PF_PLAN_DEFAULT_COHORT_MONTHS 12
#define PF_PLAN_DEFAULT_DRAWS 10000L
#define PF_PLAN_DEFAULT_SEED 20240601UL
#define PF_PLAN_MAX_DRAWS 10000000L
/** A plan that needs more candidates than this at any stage is refused (the rates are too low). */
#define PF_PLAN_MAX_CANDIDATES 100000000L
/** A simulation draw whose expected listing passes this counts as never reaching the target. */
#define PF_PLAN_UNREACHABLE 1e9
/** The probability the "listing for 80 %" figure aims at. */
#define PF_PLAN_TARGET_PROBABILITY 0.8
/** Days per month when delays are turned into calendar months (rounded up). */
#define PF_PLAN_DAYS_PER_MONTH 30
/** A segment (source, recruiter, business-plan group) backs a lever only with at least this many trials. */
#define PF_PLAN_MIN_SEGMENT 10

/** Where a figure came from. */
typedef enum pf_plan_source {
    PF_PLAN_OBSERVED = 0, /**< measured on the export */
    PF_PLAN_SETTINGS,     /**< given in [plan] */
    PF_PLAN_NONE,         /**< neither: counted as 0 (a delay or a cost the export does not hold) */
} pf_plan_source;

/** "observed", "settings", "none". */
extern const char *const pf_plan_source_names[3];

typedef struct pf_plan_rate {
    double value;   /**< in (0, 1] */
    long successes; /**< observed counts behind it (kept when [plan] overrides it, for the Sources sheet) */
    long trials;
    pf_plan_source source;
} pf_plan_rate;

typedef struct pf_plan_figure {
    double value; /**< days or money */
    long basis;   /**< how many candidates/partners the observed value is over */
    pf_plan_source source;
} pf_plan_figure;

typedef enum pf_lever_kind {
    PF_LEVER_QUALITY = 0, /**< listed → approached conversion */
    PF_LEVER_SIGNING,     /**< approached → signed as a whole */
    PF_LEVER_ACTIVE,      /**< active after the window */
    PF_LEVER_COST,        /**< recruitment cost per listed candidate */
    PF_LEVER_COUNT
} pf_lever_kind;

/** "quality", "signing", "active", "cost". */
extern const char *const pf_lever_names[PF_LEVER_COUNT];

typedef enum pf_change_unit { PF_CHANGE_POINTS = 0, PF_CHANGE_PERCENT } pf_change_unit;

/** A lever as asked on the command line: quality=+10pts is {QUALITY, 10, POINTS}; cost=-15% {COST, -15,
 *  PERCENT}. */
typedef struct pf_lever_request {
    pf_lever_kind kind;
    double amount;
    pf_change_unit unit;
} pf_lever_request;

typedef struct pf_plan_options {
    long target_active;             /**< N > 0 */
    pf_date target_date;            /**< PF_DATE_NONE: 31 December of the year after as_of */
    int cohort_months;              /**< >= 1 */
    long draws;                     /**< 1 .. PF_PLAN_MAX_DRAWS */
    unsigned long seed;             /**< only the low 32 bits count (GSL) */
    const pf_lever_request *levers; /**< borrowed; none: the four levers with their default changes */
    size_t lever_count;
} pf_plan_options;

/** Defaults: target 0 (to be set), no target date, 12 months, 10,000 draws, PF_PLAN_DEFAULT_SEED. */
void plan_options_init(pf_plan_options *options);

/** Parses "quality=+10pts", "cost=-15%". PF_ERROR_USAGE with a one-line message naming the levers or the
 *  expected form. */
pf_error plan_parse_lever(const char *text, pf_lever_request *out, pf_error_context *err);

typedef struct pf_plan_lever {
    pf_lever_kind kind;
    double from, to;     /**< the rate (0..1) or cost before and after */
    char change[32];     /**< "+10.0pts", "-15%" */
    bool backed;         /**< the new value is reached by one of the client's own segments */
    const char *segment; /**< that segment's value (best source / recruiter; "business plan"), NULL when none */
    double segment_value; /**< its rate or cost, NAN when none */
    long needed_listed;
    long needed_signed;
    double budget;
    double cost_per_active_partner;
    double saving; /**< base budget − this budget */
} pf_plan_lever;

typedef struct pf_plan_month {
    pf_date month; /**< its first day */
    long list, approach, sign, mature;
    double list_per_recruiter; /**< NAN when the recruiters are not known */
} pf_plan_month;

typedef struct pf_plan_simulation {
    long draws;
    unsigned long seed;
    double p10, p50, p90;   /**< quantiles (R type 7) of active partners from needed[listed] */
    double p_target;        /**< P(active >= N) from needed[listed] */
    long listing_for_80pct; /**< smallest listing with P(active >= N) >= 80 %; −1 when above
                                 PF_PLAN_MAX_CANDIDATES */
    long histogram_min;     /**< histogram[k] = draws ending with histogram_min + k active partners */
    long *histogram;        /**< owned */
    size_t histogram_count;
} pf_plan_simulation;

typedef struct pf_plan {
    pf_date as_of;
    pf_date target_date;
    pf_date cohort_cut; /**< as_of − cohort_months months */
    int cohort_months;
    int window_months;
    long target_active;
    long cohort[PF_PLAN_STAGE_COUNT]; /**< cohort candidates reaching listed .. signed */
    pf_plan_rate rates[PF_PLAN_RATE_COUNT];
    pf_plan_figure delays[PF_PLAN_DELAY_COUNT]; /**< median days into approached .. signed */
    pf_plan_figure recruitment_cost;            /**< per listed candidate (basis: cohort listed) */
    pf_plan_figure onboarding_cost;             /**< onboarding + partner-attributed costs per signed partner */
    long needed[PF_PLAN_STAGE_COUNT + 1];
    double budget;
    double cost_per_active_partner;
    /* calendar: months first_month .. the target's month; listing over listing_months of them */
    pf_date first_month;      /**< first day of the month after as_of's day */
    pf_date start_listing_by; /**< first day of the last month in which listing still matures in time */
    int approach_offset;      /**< months from listing to approaching */
    int sign_offset;          /**< months from listing to signing */
    int listing_months;
    long recruiters; /**< current headcount: recruiters with a candidate listed in the 12 months to as_of */
    pf_plan_month *calendar; /**< owned */
    size_t month_count;
    pf_plan_simulation simulation;
    pf_plan_lever *levers; /**< owned, ranked by saving, largest first */
    size_t lever_count;
} pf_plan;

void plan_init(pf_plan *plan);
/** Frees what plan owns and makes it empty. plan may be NULL. */
void plan_clear(pf_plan *plan);

/** The plan for model as of results->as_of (results from metrics_compute() on the same model and settings).
 *  Errors (err filled, plan left empty): PF_ERROR_USAGE for a target that cannot be met by its date (the
 *  message gives the earliest feasible date) or a lever change that takes a rate outside 0–100 %;
 *  PF_ERROR_DATA for an empty planning cohort, a stage no cohort candidate reached, no mature or no active
 *  partner (each message says which [plan] key or option helps), rates so low that more than
 *  PF_PLAN_MAX_CANDIDATES would be needed at a stage; PF_ERROR_MEMORY. */
pf_error plan_compute(pf_plan *plan, const pf_model *model, const pf_settings *settings,
                      const pf_results *results, const pf_plan_options *options, pf_error_context *err);

/** ⌈x⌉ of x rounded to 9 decimals (see the header comment). */
double plan_ceiling(double x);

/** Month index difference: months from the month of a to the month of b. */
int plan_months_between(pf_date a, pf_date b);

#endif
