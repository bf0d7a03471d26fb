/* stats.c — the statistics of docs/definitions.md, each reproducing an R function to the last few digits.
 *
 * Kaplan–Meier, the band and the median. The curve is built as R's survival::survfit does it
 * (survfitkm.c): one sorted pass; at every distinct time t, r = subjects with time >= t, d = events at t;
 * S *= (r − d)/r and the Greenwood sum += d/(r(r − d)), in that order and in that arithmetic, so S lands on
 * exactly the same doubles as R (it matters: the median rule below tests S against 0.5). The band is
 * survfit's conf.type = "log": exp(log S ± z·se) with se = sqrt(Greenwood sum), the upper limit clamped to
 * 1. When S reaches 0 the Greenwood term divides by zero: se becomes +Inf and the band is undefined (NAN,
 * R's NA), exactly as R reports it.
 *
 * The median is not "the first t with S(t) <= 0.5". survival's quantile.survfit (internal findq) works on
 * the points (0, 0), (tᵢ, 1 − Sᵢ): it drops every point whose value already appeared (censoring-only times,
 * flat stretches), then looks the target p up twice, once against 1 − S + tol and once against
 * 1 − S − tol (tol = sqrt(DBL_EPSILON)), and averages the two times. When S passes 0.5 in one jump both
 * look-ups land on the same point; when S sits at 0.5 (within tol) the first lands where S reached 0.5 and
 * the second where it next dropped, so the median is the midpoint of that flat stretch; and when the curve
 * ends flat at 0.5 the midpoint uses the last time of the table. R's look-up is approx(method =
 * "constant", f = 1), which returns the point with the smallest value >= p, whatever the order of the
 * points — the bands need not be monotone — so find_quantile() does the same with a linear scan, and finds
 * "first occurrence of each value" by sorting (value, position) pairs rather than by assuming monotonicity.
 * The one R behaviour not reproduced: approx averages the positions of two different values that become
 * equal after adding tol (values 1 ulp apart), which KM curves of real data do not produce.
 */
#include "partnerfunnel/stats.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>

/* ---- proportions ---- */

pf_proportion stats_wilson(long successes, long trials)
{
    pf_proportion result = {successes, trials, NAN, NAN, NAN};
    if (trials <= 0 || successes < 0 || successes > trials)
        return result;
    /* Written as R's prop.test(correct = FALSE), term by term, so the two agree to the last digit. */
    double n = (double)trials;
    double estimate = (double)successes / n;
    double z = PF_Z95;
    double z22n = z * z / (2 * n);
    double spread = z * sqrt(estimate * (1 - estimate) / n + z22n / (2 * n));
    result.estimate = estimate;
    result.high = estimate >= 1 ? 1.0 : (estimate + z22n + spread) / (1 + 2 * z22n);
    result.low = estimate <= 0 ? 0.0 : (estimate + z22n - spread) / (1 + 2 * z22n);
    return result;
}

/* ---- Kaplan–Meier ---- */

typedef struct pf_observation {
    double time;
    int event;
    int group;
} pf_observation;

/* The sort key of a time: a non-negative double's bits order as an unsigned integer's (−0 counts as +0). */
static uint64_t time_key(double time)
{
    double positive = time + 0.0;
    uint64_t key;
    memcpy(&key, &positive, sizeof key);
    return key;
}

/* Sorts by time, ties in input order (a stable sort; the curve counts a tie's events and censorings, so only
 * which tied time comes first could show, as the step's time). An LSD radix sort on the key's bytes: the
 * trend fits thirteen curves of a hundred thousand partners, and whole days differ in only three of the eight
 * bytes, which are the only passes made. 0, or -1 when the scratch array cannot be had. */
static int sort_observations(pf_observation *observations, size_t n)
{
    size_t counts[8][256];
    memset(counts, 0, sizeof counts);
    for (size_t i = 0; i < n; i++) {
        uint64_t key = time_key(observations[i].time);
        for (int b = 0; b < 8; b++)
            counts[b][(key >> (8 * b)) & 0xff]++;
    }
    pf_observation *scratch = NULL, *from = observations, *to = NULL;
    for (int b = 0; b < 8; b++) {
        size_t start = 0, *count = counts[b];
        if (count[(time_key(observations[0].time) >> (8 * b)) & 0xff] == n)
            continue; /* every key has this byte */
        if (!scratch) {
            scratch = malloc(n * sizeof *scratch);
            if (!scratch)
                return -1;
            to = scratch;
        }
        for (int v = 0; v < 256; v++) {
            size_t c = count[v];
            count[v] = start;
            start += c;
        }
        for (size_t i = 0; i < n; i++)
            to[count[(time_key(from[i].time) >> (8 * b)) & 0xff]++] = from[i];
        pf_observation *swap = from;
        from = to;
        to = swap;
    }
    if (from != observations)
        memcpy(observations, from, n * sizeof *observations);
    free(scratch);
    return 0;
}

static void set_nan(double *value)
{
    if (value)
        *value = NAN;
}

/* Checks the documented preconditions and returns a time-sorted copy, or NULL with *error set. */
static pf_observation *sorted_observations(const double *time, const int *event, const int *group, size_t n,
                                           pf_error *error)
{
    *error = PF_ERROR_INTERNAL;
    if (!time || !event || n > SIZE_MAX / sizeof(pf_observation))
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(time[i]) || time[i] < 0 || (event[i] != 0 && event[i] != 1))
            return NULL;
        if (group && group[i] != 0 && group[i] != 1)
            return NULL;
    }
    pf_observation *observations = malloc(n * sizeof *observations);
    if (!observations) {
        *error = PF_ERROR_MEMORY;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        observations[i].time = time[i];
        observations[i].event = event[i];
        observations[i].group = group ? group[i] : 0;
    }
    if (n > 0 && sort_observations(observations, n) != 0) {
        free(observations);
        *error = PF_ERROR_MEMORY;
        return NULL;
    }
    *error = PF_OK;
    return observations;
}

void stats_km_init(pf_km *km)
{
    km->steps = NULL;
    km->step_count = 0;
    km->n = 0;
    km->events = 0;
    km->median = NAN;
    km->median_low = NAN;
    km->median_high = NAN;
}

void stats_km_clear(pf_km *km)
{
    if (!km)
        return;
    free(km->steps);
    stats_km_init(km);
}

pf_error stats_km_fit(pf_km *km, const double *time, const int *event, size_t n)
{
    stats_km_clear(km);
    if (n == 0)
        return PF_OK;
    if (n > LONG_MAX)
        return PF_ERROR_INTERNAL;
    pf_error error;
    pf_observation *observations = sorted_observations(time, event, NULL, n, &error);
    if (!observations)
        return error;

    size_t distinct = 1;
    for (size_t i = 1; i < n; i++)
        distinct += observations[i].time != observations[i - 1].time;
    pf_km_step *steps = malloc(distinct * sizeof *steps);
    if (!steps) {
        error = PF_ERROR_MEMORY;
        goto cleanup;
    }

    double survival = 1.0, greenwood = 0.0;
    long total_events = 0;
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        double t = observations[i].time;
        long events = 0, censored = 0;
        size_t j = i;
        for (; j < n && observations[j].time == t; j++) {
            if (observations[j].event)
                events++;
            else
                censored++;
        }
        long at_risk = (long)(n - i);
        if (events > 0) {
            double r = (double)at_risk, d = (double)events;
            survival *= (r - d) / r;
            greenwood += d / (r * (r - d)); /* r = d: +Inf, as survfit */
        }
        pf_km_step *step = &steps[k++];
        step->time = t;
        step->at_risk = at_risk;
        step->events = events;
        step->censored = censored;
        step->survival = survival;
        step->std_err = sqrt(greenwood);
        if (survival > 0) {
            step->low = exp(log(survival) - PF_Z95 * step->std_err);
            step->high = fmin(exp(log(survival) + PF_Z95 * step->std_err), 1.0);
        } else {
            step->low = NAN;
            step->high = NAN;
        }
        total_events += events;
        i = j;
    }

    km->steps = steps;
    km->step_count = distinct;
    km->n = (long)n;
    km->events = total_events;
    error = stats_km_quantile(km, 0.5, &km->median, &km->median_low, &km->median_high);
    if (error != PF_OK)
        stats_km_clear(km);

cleanup:
    free(observations);
    return error;
}

typedef struct pf_valued_position {
    double value;
    size_t position;
} pf_valued_position;

/* NaN sorts after every number; equal values (NaN equal to NaN) by position. */
static int compare_valued_positions(const void *left, const void *right)
{
    const pf_valued_position *a = left, *b = right;
    int a_nan = isnan(a->value), b_nan = isnan(b->value);
    if (a_nan != b_nan)
        return a_nan - b_nan;
    if (!a_nan && a->value != b->value)
        return (a->value > b->value) - (a->value < b->value);
    return (a->position > b->position) - (a->position < b->position);
}

/* keep[k] = 1 when y[k] is the first occurrence of its value (R's !duplicated(y), NaN equal to NaN). */
static void mark_first_occurrences(const double *y, size_t m, pf_valued_position *work, unsigned char *keep)
{
    for (size_t k = 0; k < m; k++) {
        work[k].value = y[k];
        work[k].position = k;
        keep[k] = 0;
    }
    qsort(work, m, sizeof *work, compare_valued_positions);
    for (size_t k = 0; k < m; k++) {
        int same_as_previous =
            k > 0 && ((isnan(work[k].value) && isnan(work[k - 1].value)) || work[k].value == work[k - 1].value);
        if (!same_as_previous)
            keep[work[k].position] = 1;
    }
}

/* R's approx(y + shift, positions, p, method = "constant", f = 1) over the kept, non-NaN points: the time of
 * the point with the smallest y + shift that is >= p; NAN when p is beyond the range of y + shift. */
static double lookup(const double *x, const double *y, const unsigned char *keep, size_t m, double p,
                     double shift)
{
    double smallest = INFINITY, best = INFINITY;
    size_t best_position = 0;
    int found = 0;
    for (size_t k = 0; k < m; k++) {
        if (!keep[k] || isnan(y[k]))
            continue;
        double value = y[k] + shift;
        if (value < smallest)
            smallest = value;
        if (value >= p && (!found || value < best)) {
            best = value;
            best_position = k;
            found = 1;
        }
    }
    if (!found || p < smallest)
        return NAN;
    return x[best_position];
}

/* survival's findq(x, y, p, tol) for one curve; x[0] = 0, y[0] = 0, then the steps. */
static double find_quantile(const double *x, const double *y, size_t m, double p, pf_valued_position *work,
                            unsigned char *keep)
{
    double tol = sqrt(DBL_EPSILON);
    double largest = -INFINITY;
    for (size_t k = 0; k < m; k++)
        if (!isnan(y[k]) && y[k] > largest)
            largest = y[k];
    if (largest < p)
        return NAN;
    double last_time = x[m - 1];
    mark_first_occurrences(y, m, work, keep);
    size_t last_kept = 0;
    for (size_t k = 0; k < m; k++)
        if (keep[k])
            last_kept = k;
    double first = lookup(x, y, keep, m, p, tol);
    double second = lookup(x, y, keep, m, p, -tol);
    double quantile = (first + second) / 2;
    if (p == 0)
        quantile = x[0];
    /* The curve ends flat at p: the midpoint between reaching it and the last time of the table. */
    if (!isnan(y[last_kept]) && fabs(p - y[last_kept]) < tol)
        quantile = (first + last_time) / 2;
    return quantile;
}

pf_error stats_km_quantile(const pf_km *km, double p, double *q, double *low, double *high)
{
    set_nan(q);
    set_nan(low);
    set_nan(high);
    if (!(p >= 0 && p <= 1))
        return PF_ERROR_INTERNAL;
    if (km->step_count == 0)
        return PF_OK;
    size_t m = km->step_count + 1;
    pf_error error = PF_OK;
    double *x = malloc(m * sizeof *x);
    double *y = malloc(m * sizeof *y);
    pf_valued_position *work = malloc(m * sizeof *work);
    unsigned char *keep = malloc(m);
    if (!x || !y || !work || !keep) {
        error = PF_ERROR_MEMORY;
        goto cleanup;
    }
    x[0] = 0;
    y[0] = 0;
    for (size_t k = 1; k < m; k++)
        x[k] = km->steps[k - 1].time;

    for (int curve = 0; curve < 3; curve++) {
        double *out = curve == 0 ? q : curve == 1 ? low : high;
        if (!out)
            continue;
        for (size_t k = 1; k < m; k++) {
            const pf_km_step *step = &km->steps[k - 1];
            double value = curve == 0 ? step->survival : curve == 1 ? step->low : step->high;
            y[k] = 1 - value;
        }
        *out = find_quantile(x, y, m, p, work, keep);
    }

cleanup:
    free(x);
    free(y);
    free(work);
    free(keep);
    return error;
}

double stats_km_survival_at(const pf_km *km, double t, double *low, double *high)
{
    set_nan(low);
    set_nan(high);
    if (km->step_count == 0 || isnan(t))
        return NAN;
    if (t < km->steps[0].time) {
        if (low)
            *low = 1.0;
        if (high)
            *high = 1.0;
        return 1.0;
    }
    /* The last step with time <= t: steps[lo].time <= t < steps[hi].time (hi may be one past the end). */
    size_t lo = 0, hi = km->step_count;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (km->steps[mid].time <= t)
            lo = mid;
        else
            hi = mid;
    }
    const pf_km_step *step = &km->steps[lo];
    if (low)
        *low = step->low;
    if (high)
        *high = step->high;
    return step->survival;
}

/* ---- log-rank ---- */

pf_error stats_logrank(const double *time, const int *event, const int *group, size_t n, pf_logrank *result)
{
    memset(result, 0, sizeof *result);
    result->variance = NAN;
    result->chi2 = NAN;
    result->p = NAN;
    if (n == 0)
        return PF_OK;
    if (!group)
        return PF_ERROR_INTERNAL;
    pf_error error;
    pf_observation *observations = sorted_observations(time, event, group, n, &error);
    if (!observations)
        return error;

    /* survdiff2.c's order: from the last time backwards, the risk sets growing as we go. */
    double risk[2] = {0, 0}, observed[2] = {0, 0}, expected[2] = {0, 0}, variance = 0;
    long subjects[2] = {0, 0};
    for (size_t end = n; end > 0;) {
        double t = observations[end - 1].time;
        double deaths = 0;
        size_t start = end;
        for (; start > 0 && observations[start - 1].time == t; start--) {
            const pf_observation *o = &observations[start - 1];
            deaths += o->event;
            risk[o->group] += 1;
            observed[o->group] += o->event;
            subjects[o->group]++;
        }
        end = start;
        double at_risk = risk[0] + risk[1];
        if (deaths > 0) {
            for (int k = 0; k < 2; k++)
                expected[k] += deaths * risk[k] / at_risk;
            if (at_risk > 1) {
                double term = deaths * risk[1] * (at_risk - deaths) / (at_risk * (at_risk - 1));
                variance += term;
                variance -= term * risk[1] / at_risk;
            }
        }
    }
    free(observations);

    for (int k = 0; k < 2; k++) {
        result->subjects[k] = subjects[k];
        result->observed[k] = observed[k];
        result->expected[k] = expected[k];
    }
    result->variance = variance;
    /* R's survdiff keeps only groups with expected > 0 and needs two of them. */
    if (expected[0] > 0 && expected[1] > 0 && variance > 0) {
        double difference = observed[1] - expected[1];
        result->chi2 = difference / variance * difference;
        result->p = gsl_cdf_chisq_Q(result->chi2, 1.0);
        if (!isfinite(result->p))
            result->p = NAN;
    }
    return PF_OK;
}

/* ---- Fisher's exact test ---- */

/* log of the hypergeometric probability of x, up to the constant −log C(m + n, k). */
static double fisher_log_weight(unsigned int column1, unsigned int column2, unsigned int row1, unsigned int x)
{
    return gsl_sf_lnchoose(column1, x) + gsl_sf_lnchoose(column2, row1 - x);
}

typedef struct pf_fisher_support {
    unsigned int column1, column2, row1; /* R's m, n, k */
    unsigned int lo, hi, mode;
    double log_max; /* log weight at the mode */
} pf_fisher_support;

/* Σ exp(log weight(x) − log_max) / scale over the support, counting only the terms <= threshold. Accumulated
 * in long double as R's sum(). The distribution is unimodal: walking out from the mode, once a weight
 * underflows to 0 every later one does too, so each walk stops there — the same sum as over the whole
 * support, in O(standard deviation) steps instead of O(support). */
static double fisher_sum(const pf_fisher_support *s, double scale, double threshold)
{
    long double sum = 0;
    for (unsigned int x = s->mode;; x--) {
        double weight = exp(fisher_log_weight(s->column1, s->column2, s->row1, x) - s->log_max);
        if (weight == 0)
            break;
        if (weight / scale <= threshold)
            sum += weight / scale;
        if (x == s->lo)
            break;
    }
    for (unsigned int x = s->mode; x < s->hi;) {
        x++;
        double weight = exp(fisher_log_weight(s->column1, s->column2, s->row1, x) - s->log_max);
        if (weight == 0)
            break;
        if (weight / scale <= threshold)
            sum += weight / scale;
    }
    return (double)sum;
}

double stats_fisher_exact(long a, long b, long c, long d)
{
    if (a < 0 || b < 0 || c < 0 || d < 0)
        return NAN;
    if ((double)a + b + c + d > UINT_MAX)
        return NAN;
    pf_fisher_support s;
    s.column1 = (unsigned int)(a + c);
    s.column2 = (unsigned int)(b + d);
    s.row1 = (unsigned int)(a + b);
    s.lo = s.row1 > s.column2 ? s.row1 - s.column2 : 0;
    s.hi = s.row1 < s.column1 ? s.row1 : s.column1;
    if (s.lo == s.hi)
        return 1.0; /* a zero margin: the observed table is the only one */
    /* The mode of the hypergeometric distribution; its weight scales every other so that exp() can neither
     * overflow nor underflow everywhere. */
    double mode = floor(((double)s.row1 + 1) * ((double)s.column1 + 1) / ((double)s.column1 + s.column2 + 2));
    s.mode = mode < s.lo ? s.lo : mode > s.hi ? s.hi : (unsigned int)mode;
    s.log_max = fisher_log_weight(s.column1, s.column2, s.row1, s.mode);

    /* As R: the probabilities normalised, then those <= p_observed · (1 + 1e-7) summed. A p-value below
     * ~1e-300 underflows to 0, in R too. */
    double total = fisher_sum(&s, 1.0, INFINITY);
    double observed = exp(fisher_log_weight(s.column1, s.column2, s.row1, (unsigned int)a) - s.log_max) / total;
    double p = fisher_sum(&s, total, observed * (1 + 1e-7));
    if (!isfinite(p))
        return NAN;
    return p < 0 ? 0 : p > 1 ? 1 : p;
}

/* ---- medians and quantiles ---- */

static int compare_doubles(const void *left, const void *right)
{
    double a = *(const double *)left, b = *(const double *)right;
    return (a > b) - (a < b);
}

/* A sorted copy of values into *sorted; PF_OK with *sorted NULL when n = 0 or a value is NaN. */
static pf_error sorted_copy(const double *values, size_t n, double **sorted)
{
    *sorted = NULL;
    if (n == 0)
        return PF_OK;
    for (size_t i = 0; i < n; i++)
        if (isnan(values[i]))
            return PF_OK;
    if (n > SIZE_MAX / sizeof(double))
        return PF_ERROR_MEMORY;
    double *copy = malloc(n * sizeof *copy);
    if (!copy)
        return PF_ERROR_MEMORY;
    memcpy(copy, values, n * sizeof *copy);
    qsort(copy, n, sizeof *copy, compare_doubles);
    *sorted = copy;
    return PF_OK;
}

double stats_median_sorted(const double *sorted, size_t n)
{
    if (n == 0)
        return NAN;
    if (n % 2 == 1)
        return sorted[n / 2];
    /* R's mean() of the two middle values: accumulated in long double. */
    return (double)(((long double)sorted[n / 2 - 1] + (long double)sorted[n / 2]) / 2);
}

pf_error stats_median(const double *values, size_t n, double *median)
{
    *median = NAN;
    double *sorted;
    pf_error error = sorted_copy(values, n, &sorted);
    if (error != PF_OK || !sorted)
        return error;
    *median = stats_median_sorted(sorted, n);
    free(sorted);
    return PF_OK;
}

double stats_quantile_sorted(const double *sorted, size_t n, double p)
{
    if (n == 0 || !(p >= 0 && p <= 1))
        return NAN;
    /* quantile.default, type 7, with R's 1-based index arithmetic. */
    double index = 1 + (double)(n - 1) * p;
    double lo = floor(index);
    size_t low_position = (size_t)lo - 1;
    double q = sorted[low_position];
    if (index > lo) {
        double upper = sorted[(size_t)ceil(index) - 1];
        double h = index - lo;
        if (upper != q)
            q = (1 - h) * q + h * upper;
    }
    return q;
}

pf_error stats_quantile(const double *values, size_t n, double p, double *quantile)
{
    *quantile = NAN;
    if (!(p >= 0 && p <= 1))
        return PF_OK;
    double *sorted;
    pf_error error = sorted_copy(values, n, &sorted);
    if (error != PF_OK || !sorted)
        return error;
    *quantile = stats_quantile_sorted(sorted, n, p);
    free(sorted);
    return PF_OK;
}
