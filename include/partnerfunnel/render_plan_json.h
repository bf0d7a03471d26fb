/* render_plan_json.h — the JSON view of `partnerfunnel plan`, built from one pf_plan (plan.h).
 *
 * Owns nothing: render_json_plan() returns a new json_t reference the caller owns (json_decref). It only
 * formats; the tree holds copies of every string. Keys, in this order: program, as_of, currency, target
 * {active, date}, cohort {months, cut, listed .. signed}, rates {approached .. signed, active: value,
 * successes, trials, source}, delays {approached .. signed: days, basis, source}, costs
 * {recruitment_per_listed, onboarding_per_signed: value, basis, source}, needed {listed .. signed, active},
 * budget, cost_per_active_partner, start_listing_by ("YYYY-MM"), recruiters, simulation {draws, seed, p10, p50,
 * p90, p_target, listing_for_80pct}, levers [{name, change, from, to, backed, segment, needed_listed, budget,
 * cost_per_active_partner, saving}] (ranked by saving), calendar [{month, list, approach, sign, mature,
 * list_per_recruiter}]. A figure that cannot be computed is null.
 */
#ifndef PARTNERFUNNEL_RENDER_PLAN_JSON_H
#define PARTNERFUNNEL_RENDER_PLAN_JSON_H

#include <jansson.h>

#include "partnerfunnel/plan.h"
#include "partnerfunnel/settings.h"

/** The whole document; NULL when memory runs out. */
json_t *render_json_plan(const pf_plan *plan, const pf_settings *settings);

#endif
