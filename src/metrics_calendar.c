/* metrics_calendar.c — contracts signed in as_of's month and year (see the header). */
#include "partnerfunnel/metrics_calendar.h"

pf_calendar_signings metrics_calendar_signings(const pf_model *model, pf_date as_of)
{
    pf_calendar_signings counts = {PF_DATE_NONE, PF_DATE_NONE, 0, 0};
    if (as_of == PF_DATE_NONE)
        return counts;
    int year, month, day;
    field_date_to_ymd(as_of, &year, &month, &day);
    counts.month_start = field_date_from_ymd(year, month, 1);
    counts.year_start = field_date_from_ymd(year, 1, 1);
    for (size_t i = 0; i < model->partner_count; i++) {
        const pf_date *dates = model->partners[i].dates;
        pf_date listed = dates[PF_STEP_LISTED], signed_on = dates[PF_STEP_SIGNED];
        if (listed != PF_DATE_NONE && listed > as_of)
            continue; /* out of scope */
        if (signed_on == PF_DATE_NONE || signed_on > as_of)
            continue;
        counts.in_month += signed_on >= counts.month_start;
        counts.year_to_date += signed_on >= counts.year_start;
    }
    return counts;
}
