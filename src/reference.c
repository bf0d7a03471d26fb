/* reference.c — the reference thresholds and the rating they give; see reference.h. */
#include "partnerfunnel/reference.h"

#include <math.h>
#include <stddef.h>

const char *const pf_rating_names[4] = {"not_rated", "good", "watch", "poor"};

const pf_reference_rule pf_rule_active_rate = {false, 0.40, 0.30};
const pf_reference_rule pf_rule_cost_per_bad_recruit = {true, 15000, 70000};
const pf_reference_rule pf_rule_median_days = {true, 100, 180};
const pf_reference_rule pf_rule_within_100_days = {false, 0.50, 0.25};
const pf_reference_rule pf_rule_business_plans = {false, 0.80, 0.50};

pf_rating reference_rate(double value, const pf_reference_rule *rule)
{
    if (!rule || !isfinite(value))
        return PF_RATING_NOT_RATED;
    bool good = rule->lower_is_better ? value <= rule->good : value >= rule->good;
    bool fair = rule->lower_is_better ? value <= rule->fair : value >= rule->fair;
    return good ? PF_RATING_GOOD : fair ? PF_RATING_WATCH : PF_RATING_POOR;
}
