/* metrics_calendar.h — contracts signed in the calendar month and the calendar year of the reporting date,
 * the two "this month / year to date" counts of the monthly workbook's Summary (issue 5).
 *
 * Owns nothing: one pure function over a loaded model (borrowed for the call only), no I/O, no globals, no
 * clock — as_of is an argument. It follows the scope rules of docs/definitions.md "Reporting date" like
 * metrics.h: a candidate listed after as_of is out of scope, and a contract counts only when its signed_on date
 * is known and on or before as_of (a signature implied by a later stage has no date, so it belongs to no
 * month).
 */
#ifndef PARTNERFUNNEL_METRICS_CALENDAR_H
#define PARTNERFUNNEL_METRICS_CALENDAR_H

#include "partnerfunnel/field.h"
#include "partnerfunnel/model.h"

/** Contracts signed in the calendar periods that end on as_of. */
typedef struct pf_calendar_signings {
    pf_date month_start; /**< first day of as_of's month */
    pf_date year_start;  /**< 1 January of as_of's year */
    long in_month;       /**< partners in scope with month_start <= signed_on <= as_of */
    long year_to_date;   /**< partners in scope with year_start <= signed_on <= as_of */
} pf_calendar_signings;

/** Counts the contracts signed in as_of's calendar month and year up to as_of. as_of must be a date
 *  (PF_DATE_NONE gives zero counts and PF_DATE_NONE period starts). O(partners). */
pf_calendar_signings metrics_calendar_signings(const pf_model *model, pf_date as_of);

#endif
