/* render_summary.c — the report's terminal summary, in English or French (render_summary.h). */
#include "partnerfunnel/render_summary.h"

#include <math.h>
#include <string.h>

#include "partnerfunnel/labels.h"
#include "partnerfunnel/text.h"

/* Every word of the summary, per language. A text with printf conversions says which arguments it takes. */
typedef struct summary_labels {
    const char *na;           /* a figure that cannot be computed */
    const char *title;        /* %s: as-of date */
    const char *file_line;    /* %s path, %ld read, %ld accepted, %ld rejected */
    const char *not_given;    /* %s: file name */
    const char *warning;      /* %s column, %s message */
    const char *ignored;      /* before the list of a deals or costs file's unknown columns */
    const char *out_of_scope; /* %ld candidates, %s date */
    const char *no_deals;
    const char *funnel_title;
    const char *funnel_count;           /* heading of the counts */
    const char *funnel_share;           /* heading of the rates */
    const char *stages[PF_STAGE_COUNT]; /* listed .. kicked off (first deal has its own line) */
    const char *of_signed;              /* after the kick-off rate: its base */
    const char *first_deal;             /* %s with a deal, %ld signed, %s rate, %s low, %s high */
    const char *first_deal_plain;       /* %s with a deal, %ld signed */
    const char *active;             /* %d months, %s active, %ld signed long enough, %d months, %s, %s, %s */
    const char *active_no_rate;     /* %d months, %s active, %ld signed long enough, %d months */
    const char *bad_recruits;       /* %d months, %s count, %s total, %s each */
    const char *cost_per_active;    /* %s */
    const char *overhead;           /* %s */
    const char *median;             /* %s days, %s low, %s high */
    const char *median_open;        /* %s days, %s low: the upper limit not reached */
    const char *median_not_reached; /* %s share with a first deal, %s day */
    const char *median_unknown;
    const char *within_100; /* %s, %s, %s */
    const char *within_100_na;
    const char *business_plan; /* %s active, %ld, %s rate, %s active, %ld, %s rate, %s verdict */
    const char *clear;         /* %s p */
    const char *not_clear;     /* %s p */
    const char *untestable;
    const char *at_risk;         /* %s, %s, %s */
    const char *time_to_recruit; /* %s days, %ld partners */
} summary_labels;

static const summary_labels english = {
    .na = "n/a",
    .title = "Partner recruitment as of %s",
    .file_line = "  %s: %ld rows read, %ld accepted, %ld rejected",
    .not_given = "  %s.csv: not given",
    .warning = "    warning: column '%s': %s",
    .ignored = "    columns not understood, ignored:",
    .out_of_scope = "  %ld candidate(s) listed after %s left out",
    .no_deals =
        "  No deals file: nothing after signature can be measured (first deal, activity, bad recruits,\n"
        "  time to first deal, partners at risk are shown as n/a).",
    .funnel_title = "Recruitment funnel",
    .funnel_count = "candidates",
    .funnel_share = "share of the step before (95% range)",
    .stages = {"listed", "approached", "applied", "reviewed by the committee", "approved", "signed",
               "started the 100-day plan"},
    .of_signed = " of signed",
    .first_deal = "First deal: %s of %ld signed partners (%s, 95%% range %s to %s)",
    .first_deal_plain = "First deal: %s of %ld signed partners",
    .active = "Active %d months after signing: %s of the %ld partners signed at least %d months ago (%s, 95%% "
              "range %s to %s)",
    .active_no_rate = "Active %d months after signing: %s of the %ld partners signed at least %d months ago",
    .bad_recruits =
        "Bad recruits (signed at least %d months ago, not active): %s, costing %s in total, %s each",
    .cost_per_active = "Cost per active partner: %s",
    .overhead = " (programme overhead of %s not included, shown apart)",
    .median = "Time to first deal: half of the signed partners have one within %s days (95%% range %s to %s)",
    .median_open =
        "Time to first deal: half of the signed partners have one within %s days (95%% range from %s "
        "days, upper limit not reached yet)",
    .median_not_reached = "Time to first deal: fewer than half of the signed partners have one yet (%s by day "
                          "%s)",
    .median_unknown = "Time to first deal: n/a",
    .within_100 = "First deal within 100 days of signing: %s (95%% range %s to %s)",
    .within_100_na = "First deal within 100 days of signing: n/a",
    .business_plan = "Active with a business plan: %s of %ld (%s); without: %s of %ld (%s): %s",
    .clear = "a clear difference (%s)",
    .not_clear = "no clear difference (%s)",
    .untestable = "cannot be compared",
    .at_risk =
        "Signed, no won deal yet: %s behind at 100 days, %s to review at 6 months, %s to consider ending "
        "at 9 months",
    .time_to_recruit = "Time to recruit (first contact to signature): median %s days over %ld partners",
};

static const summary_labels french = {
    .na = "n.d.",
    .title = "Recrutement des partenaires au %s",
    .file_line = "  %s : %ld lignes lues, %ld acceptées, %ld rejetées",
    .not_given = "  %s.csv : non fourni",
    .warning = "    attention : colonne '%s' : %s",
    .ignored = "    colonnes non reconnues, ignorées :",
    .out_of_scope = "  %ld candidat(s) identifié(s) après le %s laissé(s) de côté",
    .no_deals =
        "  Pas de fichier des affaires : rien après la signature ne peut être mesuré (première affaire,\n"
        "  activité, mauvais recrutements, délai, partenaires à risque sont indiqués n.d.).",
    .funnel_title = "Entonnoir de recrutement",
    .funnel_count = "candidats",
    .funnel_share = "part de l'étape précédente (fourchette à 95 %)",
    .stages = {"identifiés", "contactés", "candidats", "passés en comité", "approuvés", "signés",
               "plan 100 jours démarré"},
    .of_signed = " des signés",
    .first_deal = "Première affaire : %s des %ld partenaires signés (%s, fourchette à 95 %% de %s à %s)",
    .first_deal_plain = "Première affaire : %s des %ld partenaires signés",
    .active = "Actifs %d mois après la signature : %s des %ld partenaires signés depuis au moins %d mois (%s, "
              "fourchette à 95 %% de %s à %s)",
    .active_no_rate =
        "Actifs %d mois après la signature : %s des %ld partenaires signés depuis au moins %d mois",
    .bad_recruits =
        "Mauvais recrutements (signés depuis au moins %d mois, inactifs) : %s, pour un coût total de "
        "%s, soit %s chacun",
    .cost_per_active = "Coût par partenaire actif : %s",
    .overhead = " (frais de programme de %s non compris, montrés à part)",
    .median = "Délai de la première affaire : la moitié des partenaires signés en ont une en %s jours "
              "(fourchette à 95 %% de %s à %s)",
    .median_open = "Délai de la première affaire : la moitié des partenaires signés en ont une en %s jours "
                   "(fourchette à 95 %% à partir de %s jours, limite haute pas encore atteinte)",
    .median_not_reached = "Délai de la première affaire : moins de la moitié des partenaires signés en ont une "
                          "(%s au jour %s)",
    .median_unknown = "Délai de la première affaire : n.d.",
    .within_100 =
        "Première affaire dans les 100 jours suivant la signature : %s (fourchette à 95 %% de %s à %s)",
    .business_plan = "Actifs avec un business plan : %s sur %ld (%s) ; sans : %s sur %ld (%s) : %s",
    .clear = "une différence nette (%s)",
    .not_clear = "pas de différence nette (%s)",
    .untestable = "comparaison impossible",
    .at_risk = "Signés, sans affaire gagnée : %s en retard à 100 jours, %s à revoir à 6 mois, %s pour qui "
               "envisager l'arrêt à 9 mois",
    .time_to_recruit = "Délai de recrutement (du premier contact à la signature) : médiane de %s jours sur %ld "
                       "partenaires",
};

/* ---- numbers in the language's conventions ---- */

/* Replaces '.' with ',' in French. */
static char *localise(char *buf, pf_lang lang)
{
    if (lang == PF_LANG_FR)
        for (char *p = buf; *p; p++)
            if (*p == '.')
                *p = ',';
    return buf;
}

static const char *count_text(const summary_labels *l, long value, char *buf, size_t size)
{
    if (value == PF_COUNT_UNKNOWN)
        return l->na;
    snprintf(buf, size, "%ld", value);
    return buf;
}

static const char *percent_text(const summary_labels *l, pf_lang lang, double fraction, char *buf, size_t size)
{
    if (!isfinite(fraction))
        return l->na;
    snprintf(buf, size, lang == PF_LANG_FR ? "%.1f %%" : "%.1f%%", 100 * fraction);
    return localise(buf, lang);
}

const char *render_summary_percent(double fraction, pf_lang lang, char *buf, size_t size)
{
    return percent_text(lang == PF_LANG_FR ? &french : &english, lang, fraction, buf, size);
}

static const char *days_text(const summary_labels *l, pf_lang lang, double days, char *buf, size_t size)
{
    if (!isfinite(days))
        return l->na;
    snprintf(buf, size, days == floor(days) ? "%.0f" : "%.1f", days);
    return localise(buf, lang);
}

/* Whole currency units with thousands separated: "45,000 EUR" / "45 000 EUR" (amounts are never negative). */
static const char *money_text(const summary_labels *l, pf_lang lang, double amount, const char *currency,
                              char *buf, size_t size)
{
    if (!isfinite(amount))
        return l->na;
    char digits[64];
    snprintf(digits, sizeof digits, "%.0f", fabs(amount));
    char separator = lang == PF_LANG_FR ? ' ' : ',';
    size_t len = strlen(digits), out = 0;
    for (size_t i = 0; i < len && out + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[out++] = separator;
        buf[out++] = digits[i];
    }
    buf[out] = '\0';
    snprintf(buf + out, size - out, " %s", currency);
    return buf;
}

void render_summary_padded(FILE *out, const char *text, int width)
{
    int characters = (int)text_utf8_length(text, strlen(text));
    fprintf(out, "%s%*s", text, width > characters ? width - characters : 0, "");
}

const char *render_summary_money(double amount, const char *currency, pf_lang lang, char *buf, size_t size)
{
    return money_text(lang == PF_LANG_FR ? &french : &english, lang, amount, currency, buf, size);
}

const char *render_summary_p(double p, pf_lang lang, char *buf, size_t size)
{
    const summary_labels *l = lang == PF_LANG_FR ? &french : &english;
    if (!isfinite(p))
        snprintf(buf, size, "p %s", l->na);
    else if (p < 0.001)
        snprintf(buf, size, lang == PF_LANG_FR ? "p < 0,001" : "p < 0.001");
    else {
        snprintf(buf, size, "p = %.3f", p);
        localise(buf, lang);
    }
    return buf;
}

/* ---- the parts ---- */

static void print_files(FILE *out, const summary_labels *l, const pf_model *m, const pf_results *r,
                        const char *as_of)
{
    for (int f = 0; f < PF_FILE_COUNT; f++) {
        const pf_input *in = &m->inputs[f];
        if (!in->present) {
            fprintf(out, l->not_given, pf_file_names[f]);
            fputc('\n', out);
            continue;
        }
        fprintf(out, l->file_line, in->path, in->rows_read, in->rows_accepted, in->rows_rejected);
        fputc('\n', out);
        /* the unknown columns of deals and costs take no part in anything (those of partners are listed on
         * the workbook's Partners sheet): say which, so that a misnamed column is seen */
        if (f != PF_FILE_PARTNERS && in->extra_count > 0) {
            fputs(l->ignored, out);
            for (size_t i = 0; i < in->extra_count && i < 10; i++)
                fprintf(out, "%s'%s'", i ? ", " : " ", in->headers[in->extra_index[i]]);
            fputs(in->extra_count > 10 ? ", ...\n" : "\n", out);
        }
        /* what holds for the whole file (a missing column a figure needs) is said here, not only in --json */
        for (size_t i = 0; i < m->warning_count; i++)
            if (m->warnings[i].file == (pf_file_kind)f && m->warnings[i].line == 0) {
                fprintf(out, l->warning, m->warnings[i].column, m->warnings[i].message);
                fputc('\n', out);
            }
    }
    if (r->out_of_scope > 0) {
        fprintf(out, l->out_of_scope, r->out_of_scope, as_of);
        fputc('\n', out);
    }
    if (!r->deals_available)
        fprintf(out, "%s\n", l->no_deals);
}

static void print_funnel(FILE *out, const summary_labels *l, pf_lang lang, const pf_results *r)
{
    char a[32], b[32], c[32], d[32];
    fprintf(out, "\n%s\n  %26s %10s  %s\n", l->funnel_title, "", l->funnel_count, l->funnel_share);
    for (int st = PF_STAGE_LISTED; st <= PF_STAGE_KICKED_OFF; st++) {
        const pf_funnel_stage *f = &r->funnel[st];
        /* the stage names are UTF-8: pad by characters, not bytes */
        size_t name_length = 0;
        for (const char *p = l->stages[st]; *p; p++)
            name_length += ((unsigned char)*p & 0xC0) != 0x80;
        fprintf(out, "  %s%*s %10s", l->stages[st], (int)(name_length < 26 ? 26 - name_length : 0), "",
                count_text(l, f->reached, a, sizeof a));
        if (st != PF_STAGE_LISTED && isfinite(f->conversion.estimate))
            fprintf(out, "  %s%s (%s - %s)", percent_text(l, lang, f->conversion.estimate, b, sizeof b),
                    st == PF_STAGE_KICKED_OFF ? l->of_signed : "",
                    percent_text(l, lang, f->conversion.low, c, sizeof c),
                    percent_text(l, lang, f->conversion.high, d, sizeof d));
        fputc('\n', out);
    }
    const pf_funnel_stage *first = &r->funnel[PF_STAGE_FIRST_DEAL];
    if (isfinite(first->conversion.estimate))
        fprintf(out, l->first_deal, count_text(l, first->reached, a, sizeof a), first->base,
                percent_text(l, lang, first->conversion.estimate, b, sizeof b),
                percent_text(l, lang, first->conversion.low, c, sizeof c),
                percent_text(l, lang, first->conversion.high, d, sizeof d));
    else
        fprintf(out, l->first_deal_plain, count_text(l, first->reached, a, sizeof a), first->base);
    fputc('\n', out);
}

/* The time to first deal in words: a median with its range, or, when fewer than half have a first deal,
 * how many had one by the last day followed. */
static void print_first_deal_time(FILE *out, const summary_labels *l, pf_lang lang,
                                  const pf_first_deal_times *t)
{
    char a[32], b[32], c[32];
    if (isfinite(t->median) && isfinite(t->median_high))
        fprintf(out, l->median, days_text(l, lang, t->median, a, sizeof a),
                days_text(l, lang, t->median_low, b, sizeof b),
                days_text(l, lang, t->median_high, c, sizeof c));
    else if (isfinite(t->median))
        fprintf(out, l->median_open, days_text(l, lang, t->median, a, sizeof a),
                days_text(l, lang, t->median_low, b, sizeof b));
    else if (t->km.step_count > 0) {
        const pf_km_step *last = &t->km.steps[t->km.step_count - 1];
        fprintf(out, l->median_not_reached, percent_text(l, lang, 1 - last->survival, a, sizeof a),
                days_text(l, lang, last->time, b, sizeof b));
    } else
        fputs(l->median_unknown, out);
    fputc('\n', out);
    if (isfinite(t->p_within_100_days))
        fprintf(out, l->within_100, percent_text(l, lang, t->p_within_100_days, a, sizeof a),
                percent_text(l, lang, t->p_within_100_days_low, b, sizeof b),
                percent_text(l, lang, t->p_within_100_days_high, c, sizeof c));
    else
        fputs(l->within_100_na, out);
    fputc('\n', out);
}

/* The 100-day plan's sentence, as the workbook's Summary writes it. */
static void print_plan(FILE *out, pf_lang lang, const pf_logrank *test)
{
    if (!isfinite(test->p)) {
        fprintf(out, "%s\n", labels_get(lang, PF_LABEL_PLAN_UNTESTABLE));
        return;
    }
    char p[32];
    render_summary_p(test->p, lang, p, sizeof p);
    const char *value = p + 2; /* "< 0.001" / "= 0.018": the label writes "p %s" */
    pf_label label = test->p >= 0.05                         ? PF_LABEL_PLAN_NO_DIFFERENCE
                     : test->observed[1] > test->expected[1] ? PF_LABEL_PLAN_FASTER
                                                             : PF_LABEL_PLAN_SLOWER;
    fprintf(out, labels_get(lang, label), value);
    fputc('\n', out);
}

void render_summary_text(FILE *out, const pf_model *m, const pf_settings *s, const pf_results *r, pf_lang lang)
{
    const summary_labels *l = lang == PF_LANG_FR ? &french : &english;
    char as_of[11], a[64], b[64], c[64], d[64], e[64];
    field_date_format_iso(r->as_of, as_of);
    fprintf(out, l->title, as_of);
    fputc('\n', out);
    print_files(out, l, m, r, as_of);
    print_funnel(out, l, lang, r);
    fputc('\n', out);

    const pf_active_after_window *act = &r->active;
    if (isfinite(act->rate.estimate))
        fprintf(out, l->active, r->window_months, count_text(l, act->active, a, sizeof a), act->mature,
                r->window_months, percent_text(l, lang, act->rate.estimate, b, sizeof b),
                percent_text(l, lang, act->rate.low, c, sizeof c),
                percent_text(l, lang, act->rate.high, d, sizeof d));
    else
        fprintf(out, l->active_no_rate, r->window_months, count_text(l, act->active, a, sizeof a), act->mature,
                r->window_months);
    fputc('\n', out);
    fprintf(out, l->bad_recruits, r->window_months, count_text(l, r->bad_recruits.count, a, sizeof a),
            money_text(l, lang, r->bad_recruits.total_cost, s->currency, b, sizeof b),
            money_text(l, lang, r->bad_recruits.cost_per_bad_recruit, s->currency, c, sizeof c));
    fputc('\n', out);
    fprintf(out, l->cost_per_active, money_text(l, lang, r->cost_per_active_partner, s->currency, a, sizeof a));
    if (isfinite(r->overhead.total))
        fprintf(out, l->overhead, money_text(l, lang, r->overhead.total, s->currency, b, sizeof b));
    fputc('\n', out);
    print_first_deal_time(out, l, lang, &r->first_deal);
    print_plan(out, lang, &r->hundred_day_plan);
    const pf_business_plan_effect *bp = &r->business_plan;
    render_summary_p(bp->fisher_p, lang, e, sizeof e);
    char verdict[96];
    if (!isfinite(bp->fisher_p))
        snprintf(verdict, sizeof verdict, "%s", l->untestable);
    else
        snprintf(verdict, sizeof verdict, bp->fisher_p < 0.05 ? l->clear : l->not_clear, e);
    fprintf(out, l->business_plan, count_text(l, bp->active[1], a, sizeof a), bp->mature[1],
            percent_text(l, lang, bp->rate[1].estimate, b, sizeof b), count_text(l, bp->active[0], c, sizeof c),
            bp->mature[0], percent_text(l, lang, bp->rate[0].estimate, d, sizeof d), verdict);
    fputc('\n', out);
    fprintf(out, l->at_risk, count_text(l, r->at_risk[PF_AT_RISK_BEHIND_100_DAYS].count, a, sizeof a),
            count_text(l, r->at_risk[PF_AT_RISK_REVIEW_6_MONTHS].count, b, sizeof b),
            count_text(l, r->at_risk[PF_AT_RISK_CONSIDER_ENDING_9_MONTHS].count, c, sizeof c));
    fputc('\n', out);
    fprintf(out, l->time_to_recruit, days_text(l, lang, r->time_to_recruit.median, a, sizeof a),
            r->time_to_recruit.n);
    fputc('\n', out);
}
