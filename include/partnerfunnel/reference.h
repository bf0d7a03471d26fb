/* reference.h — the white paper's reference figures and the one set of thresholds that rate a figure against
 * them (docs/definitions.md "Reference figures"): the marks of the monthly Summary and the ratings of the audit
 * scorecard read the same table, so the two can never disagree.
 *
 * Owns: constant data only. Borrows: nothing. Pure functions, no globals beyond the constant rules.
 */
#ifndef PARTNERFUNNEL_REFERENCE_H
#define PARTNERFUNNEL_REFERENCE_H

#include <stdbool.h>

/** A rating against a reference. NOT_RATED: the white paper gives no threshold, or the figure is unknown. */
typedef enum pf_rating { PF_RATING_NOT_RATED = 0, PF_RATING_GOOD, PF_RATING_WATCH, PF_RATING_POOR } pf_rating;

/** "not_rated", "good", "watch", "poor", indexed by pf_rating. */
extern const char *const pf_rating_names[4];

/** Good when the figure reaches good, watch when it reaches fair, poor otherwise; lower_is_better reverses the
 *  comparisons. The thresholds between good and poor are ours; docs/definitions.md states them. */
typedef struct pf_reference_rule {
    bool lower_is_better;
    double good, fair;
} pf_reference_rule;

/** Active rate after the window: ≥ 40 % good, ≥ 30 % watch. */
extern const pf_reference_rule pf_rule_active_rate;
/** Cost per bad recruit (EUR): ≤ 15,000 good, ≤ 70,000 watch. */
extern const pf_reference_rule pf_rule_cost_per_bad_recruit;
/** Median days to the first deal: ≤ 100 good, ≤ 180 watch. */
extern const pf_reference_rule pf_rule_median_days;
/** Share with a first deal within 100 days: ≥ 50 % good, ≥ 25 % watch. */
extern const pf_reference_rule pf_rule_within_100_days;
/** Share of mature partners with a business plan: ≥ 80 % good, ≥ 50 % watch. */
extern const pf_reference_rule pf_rule_business_plans;

/** The rating of value under rule (NOT_RATED when rule is NULL or value is not finite). */
pf_rating reference_rate(double value, const pf_reference_rule *rule);

#endif
