/* stats.h — the statistics of docs/definitions.md: Wilson intervals, Kaplan–Meier with its log-Greenwood band
 * and median, the log-rank test, Fisher's exact test, medians and quantiles.
 *
 * Owns: pf_km's step array (heap, freed by stats_km_clear). Borrows: every input array, only for the duration
 * of the call; nothing is kept. Every function is pure: no I/O, no globals, no locale. GSL is called with its
 * error handler off (main calls gsl_set_error_handler_off()), so results are checked here and an undefined
 * result is NAN (the JSON layer writes non-finite numbers as null). Each function reproduces the R function
 * named in its contract; tests/test_stats.c holds R's own numbers for each, with the R command that made them.
 * Errors are values: PF_ERROR_MEMORY when an allocation fails, PF_ERROR_INTERNAL when a caller breaks a
 * documented precondition (that is a bug in the caller, not bad user data). */
#ifndef PARTNERFUNNEL_STATS_H
#define PARTNERFUNNEL_STATS_H

#include <stddef.h>

#include "partnerfunnel/error.h"

/** The normal quantile for a two-sided 95 % interval: R's qnorm(0.975) to the last bit (the value usually
 *  written, 1.959963984540054, is its 16-digit rounding, which as a C literal is a different double 2 ulp
 *  away). */
#define PF_Z95 1.9599639845400536

/* ---- proportions ---- */

/** A proportion with its 95 % Wilson score interval. */
typedef struct pf_proportion {
    long successes;  /**< x */
    long trials;     /**< n */
    double estimate; /**< x / n; NAN when n = 0 */
    double low;      /**< lower bound of the 95 % interval; NAN when n = 0 */
    double high;     /**< upper bound of the 95 % interval; NAN when n = 0 */
} pf_proportion;

/** Wilson score interval for x successes in n trials, no continuity correction, z = PF_Z95.
 *  Formula: Wilson (1927), JASA 22:209; computed as R's prop.test(x, n, correct = FALSE)$conf.int does:
 *  (p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n), with low = 0 exactly when x = 0 and high = 1
 *  exactly when x = n. Edge cases: n = 0, or x outside 0..n, or n < 0 → estimate, low and high are NAN (the
 *  counts are still copied). */
pf_proportion stats_wilson(long successes, long trials);

/* ---- Kaplan–Meier ---- */

/** One row of the survival table: one per distinct time that has events or censorings (R's survfit table). */
typedef struct pf_km_step {
    double time;     /**< the distinct time (days) */
    long at_risk;    /**< n.risk: subjects with time >= this time */
    long events;     /**< n.event at this time */
    long censored;   /**< n.censor at this time */
    double survival; /**< S(time), right-continuous: includes this time's events */
    double std_err;  /**< std.err of log S (Greenwood), R's survfit std.err; +INFINITY once S = 0 */
    double low;      /**< 95 % band, conf.type = "log": exp(log S − z·se); NAN when S = 0 */
    double high;     /**< min(exp(log S + z·se), 1); NAN when S = 0 */
} pf_km_step;

/** A fitted Kaplan–Meier curve. Caller-owned: stats_km_init() before use, stats_km_clear() after. */
typedef struct pf_km {
    pf_km_step *steps;  /**< owned, in increasing time; NULL when step_count = 0 */
    size_t step_count;  /**< number of distinct times */
    long n;             /**< subjects */
    long events;        /**< total events */
    double median;      /**< median survival time as quantile(fit, 0.5); NAN when not reached */
    double median_low;  /**< its 95 % lower limit (read off the lower band); NAN when not reached */
    double median_high; /**< its 95 % upper limit (read off the upper band); NAN when not reached */
} pf_km;

/** Makes km an empty curve (no steps, n = 0, medians NAN). */
void stats_km_init(pf_km *km);
/** Frees km's steps and makes it empty again. km may be NULL; clearing twice is harmless. */
void stats_km_clear(pf_km *km);

/** Fits the Kaplan–Meier estimator to n subjects: time[i] >= 0 (days, finite), event[i] = 1 (event) or 0
 *  (censored). Replaces km's previous content. Reproduces R's
 *  survfit(Surv(time, event) ~ 1, conf.type = "log") (survival 3.5): S(t) = Π (1 − d/r) multiplied in time
 *  order (Kaplan & Meier 1958); var(log S) = Σ d / (r (r − d)) (Greenwood 1926); band exp(log S ± z·se) with
 *  the upper limit clamped to 1. Edge cases: ties — events and censorings at the same time count as
 *  events first (the censored are still at risk); a time with only censorings is a step with S unchanged;
 *  all censored → S = 1, se = 0, band [1, 1] everywhere and medians NAN; S reaching 0 → se = +INFINITY and
 *  band NAN from there on, as R; n = 0 → no steps, medians NAN, PF_OK. Times are compared exactly (R's
 *  Surv(timefix = TRUE) would merge times differing by ~1e-8 relative; whole days never do).
 *  The median and its interval are stats_km_quantile(km, 0.5, ...). O(n log n): one sort of a copy.
 *  Returns PF_OK, PF_ERROR_MEMORY (km left empty), or PF_ERROR_INTERNAL when a time is negative or not
 *  finite or an event is not 0/1 (km left empty). */
pf_error stats_km_fit(pf_km *km, const double *time, const int *event, size_t n);

/** The time by which a fraction p (0..1) of subjects had the event — the p-quantile of the curve — and its
 *  95 % interval, exactly as R's quantile.survfit (survival 3.5, internal findq) does, with its tolerance
 *  tol = sqrt(DBL_EPSILON):
 *  on the points (0, 0), (tᵢ, 1 − Sᵢ), keeping only the first point of each distinct value of 1 − S,
 *  q = (t[first point with 1 − S ≥ p − tol] + t[first point with 1 − S ≥ p + tol]) / 2.
 *  So q is the first time S ≤ 1 − p, BUT when S equals 1 − p (within tol) on a flat stretch, q is the
 *  midpoint between the time S reached 1 − p and the next time S drops; when the curve ends flat at exactly
 *  1 − p, it is the midpoint between the time it reached 1 − p and the last time of the table (censorings
 *  included). (print.survfit differs in that last case: it reports the first time; we follow quantile().)
 *  *low reads the lower band the same way (the band falls first, so it gives the earlier time), *high the
 *  upper band. Edge cases: a curve (or band) that never comes down to 1 − p → NAN; p = 0 → 0; a band that
 *  is NAN where S = 0 is skipped; no steps → all NAN. low and high may be NULL.
 *  Returns the quantile through *q; PF_ERROR_MEMORY (all outputs NAN) when the work array cannot be
 *  allocated; PF_ERROR_INTERNAL when p is outside [0, 1]. O(steps log steps). */
pf_error stats_km_quantile(const pf_km *km, double p, double *q, double *low, double *high);

/** S(t) of the fitted curve as a right-continuous step function, with its 95 % band through *low and *high
 *  (either may be NULL): 1 (band [1, 1]) before the first step time; at and after a step time the value of
 *  the last step at or before t, so beyond the last time the last value (R's summary(fit, times = t,
 *  extend = TRUE)). Edge cases: no steps (n = 0) or t NAN → NAN; band NAN where S = 0. O(log steps). */
double stats_km_survival_at(const pf_km *km, double t, double *low, double *high);

/* ---- log-rank ---- */

/** Result of the two-group log-rank test. Index 0 is group 0, index 1 group 1. */
typedef struct pf_logrank {
    long subjects[2];   /**< subjects per group */
    double observed[2]; /**< events per group */
    double expected[2]; /**< expected events per group under equal hazards */
    double variance;    /**< variance of observed[1] − expected[1] (hypergeometric) */
    double chi2;        /**< (O₁ − E₁)² / V, 1 degree of freedom; NAN when undefined */
    double p;           /**< gsl_cdf_chisq_Q(chi2, 1); NAN when undefined */
} pf_logrank;

/** Log-rank (Mantel–Haenszel) test of equal survival between group[i] = 0 and group[i] = 1, R's
 *  survdiff(Surv(time, event) ~ group, rho = 0) (Mantel 1966; Peto & Peto 1972; survival's survdiff2.c):
 *  at each distinct event time with d events among r at risk (r₁ in group 1),
 *  E₁ += d·r₁/r and V += d·r₁(r − d)/(r(r − 1))·(1 − r₁/r); chi2 = (O₁ − E₁)²/V, p = Q_χ²₁(chi2).
 *  Same preconditions on time and event as stats_km_fit(). Edge cases: ties as in stats_km_fit; an empty
 *  group, no events at all, or V = 0 (e.g. one group leaves before the first event) → chi2 and p NAN
 *  (R would print chi2 = 0 on 0 df there); n = 0 → all counts 0, chi2 and p NAN.
 *  Returns PF_OK, PF_ERROR_MEMORY, or PF_ERROR_INTERNAL (bad time, event or group; *result then zeroed
 *  with chi2 and p NAN). */
pf_error stats_logrank(const double *time, const int *event, const int *group, size_t n, pf_logrank *result);

/* ---- Fisher's exact test ---- */

/** Two-sided p-value of Fisher's exact test on the 2×2 table [[a, b], [c, d]], as R's
 *  fisher.test(matrix(c(a, c, b, d), 2))$p.value: with the margins fixed, the sum of the hypergeometric
 *  probabilities of every table no more likely than the observed one (prob ≤ p_obs·(1 + 1e-7), R's relErr).
 *  Computed in log space (gsl_sf_lnchoose), walking out from the mode until the probabilities underflow, so
 *  tables of millions take milliseconds (about 1e-10 relative error there; 1e-14 on small tables).
 *  Edge cases: a zero row or column sum → 1 (one possible table); a p-value below ~1e-300 → 0, as R;
 *  result clamped to [0, 1] as R; a negative count, or a total above UINT_MAX → NAN. */
double stats_fisher_exact(long a, long b, long c, long d);

/* ---- medians and quantiles ---- */

/** Median of values already sorted ascending (not checked): the middle value, or the mean of the two
 *  middle values (R's median). n = 0 → NAN. */
double stats_median_sorted(const double *sorted, size_t n);

/** Median of n values in any order, R's median(x): sorts a copy (values is not modified). Edge cases:
 *  n = 0 → NAN; any NAN among the values → NAN (R's NA). Returns PF_OK or PF_ERROR_MEMORY (*median NAN). */
pf_error stats_median(const double *values, size_t n, double *median);

/** The p-quantile (0 ≤ p ≤ 1) of values already sorted ascending (not checked), R's
 *  quantile(x, p, type = 7) (Hyndman & Fan 1996, definition 7 — what gsl_stats_quantile_from_sorted_data
 *  computes too, but rounded as R does): with h = 1 + (n − 1)p and l = ⌊h⌋ (1-based),
 *  (1 − (h − l))·x[l] + (h − l)·x[l + 1], and exactly x[l] when h = l or x[l + 1] = x[l].
 *  Edge cases: n = 0, or p outside [0, 1] or NAN → NAN. */
double stats_quantile_sorted(const double *sorted, size_t n, double p);

/** The same on n values in any order: sorts a copy. Edge cases as stats_quantile_sorted, plus any NAN among
 *  the values → NAN. Returns PF_OK or PF_ERROR_MEMORY (*quantile NAN). */
pf_error stats_quantile(const double *values, size_t n, double p, double *quantile);

#endif
