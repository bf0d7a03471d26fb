/* render_summary.h — the report's plain-text summary on the terminal, written for a sales director: plain
 * words ("signed at least 6 months ago" rather than "mature"), each rate with its base ("53 of 129 signed
 * partners"), a median not reached said in words, p-values as "p < 0.001", in English or French (the
 * settings' lang, or report --lang).
 *
 * Owns nothing; borrows the model, settings and results during the call. The sentences on the 100-day plan
 * come from the workbook's label tables (labels.h), so the two views say the same thing.
 */
#ifndef PARTNERFUNNEL_RENDER_SUMMARY_H
#define PARTNERFUNNEL_RENDER_SUMMARY_H

#include <stdio.h>

#include "partnerfunnel/metrics.h"
#include "partnerfunnel/model.h"
#include "partnerfunnel/settings.h"

/** Writes the summary to out: the files read (and their file-wide warnings), the funnel, activity, bad
 *  recruits, costs, time to first deal, the 100-day plan and business plan effects, partners at risk and
 *  the time to recruit. Numbers use lang's conventions (French: "40,5 %", "2 211 459 EUR"). */
void render_summary_text(FILE *out, const pf_model *model, const pf_settings *settings,
                         const pf_results *results, pf_lang lang);

/** "p < 0.001" below 0.001, else "p = 0.018" (three decimals, lang's decimal mark); "p n/a" (French
 *  "p n.d.") when p is not finite. Returns buf. */
const char *render_summary_p(double p, pf_lang lang, char *buf, size_t size);

/** A fraction as a percentage with one decimal in lang's conventions ("40.5%", French "40,5 %"); "n/a"
 *  ("n.d.") when not finite. Returns buf. Shared by the other commands' terminal summaries. */
const char *render_summary_percent(double fraction, pf_lang lang, char *buf, size_t size);

/** Whole currency units with thousands separated ("2,211,459 EUR", French "2 211 459 EUR"); "n/a" when not
 *  finite. Returns buf. */
const char *render_summary_money(double amount, const char *currency, pf_lang lang, char *buf, size_t size);

/** Writes text to out padded with spaces to width characters (printf's %-Ns counts bytes, and the labels are
 *  UTF-8). */
void render_summary_padded(FILE *out, const char *text, int width);

#endif
