/* labels.c — the workbooks' words, one table per language (see the header). Designated initialisers keep
 * each entry beside its name; tests/test_render_workbook.c checks that no entry is missing and that the
 * printf formats take the arguments the header documents. A literal percent sign in a label that is also a
 * format would be a bug: labels used as formats write none ("95 % interval" is never passed to printf). */
#include "partnerfunnel/labels.h"

#include <stddef.h>

/* English */
static const char *const labels_en[PF_LABEL_COUNT] = {
    [PF_LABEL_SHEET_SUMMARY] = "Summary",
    [PF_LABEL_SHEET_FUNNEL] = "Funnel",
    [PF_LABEL_SHEET_COHORTS] = "Cohorts",
    [PF_LABEL_SHEET_FIRST_DEAL] = "First deal",
    [PF_LABEL_SHEET_COSTS] = "Costs",
    [PF_LABEL_SHEET_RECRUITERS] = "Recruiters",
    [PF_LABEL_SHEET_SEGMENTS] = "Segments",
    [PF_LABEL_SHEET_AT_RISK] = "At risk",
    [PF_LABEL_SHEET_PARTNERS] = "Partners",
    [PF_LABEL_SHEET_DATA_QUALITY] = "Data quality",
    [PF_LABEL_SHEET_ABOUT] = "About",
    [PF_LABEL_SHEET_PART] = "%s (%d)",
    [PF_LABEL_TITLE_SUMMARY] = "Partner recruitment — monthly report",
    [PF_LABEL_TITLE_FUNNEL] = "Recruitment funnel: from candidate to first deal",
    [PF_LABEL_TITLE_COHORTS] = "Activity after onboarding, by signing quarter",
    [PF_LABEL_TITLE_FIRST_DEAL] = "Time to first deal (Kaplan–Meier)",
    [PF_LABEL_TITLE_COSTS] = "What recruitment costs",
    [PF_LABEL_TITLE_RECRUITERS] = "Recruiter performance",
    [PF_LABEL_TITLE_SEGMENTS] = "Segments: category, market, source",
    [PF_LABEL_TITLE_AT_RISK] = "Partners at risk",
    [PF_LABEL_TITLE_DATA_QUALITY] = "Data quality: every row accounted for",
    [PF_LABEL_TITLE_ABOUT] = "About this report",
    [PF_LABEL_AS_OF] = "As of %s",
    [PF_LABEL_CANDIDATES_COUNT] = "%s candidates",
    [PF_LABEL_SOURCE] = "source: %s",
    [PF_LABEL_NA] = "n/a",
    [PF_LABEL_NONE_VALUE] = "(none)",
    [PF_LABEL_YES] = "Yes",
    [PF_LABEL_NO] = "No",
    [PF_LABEL_TOTAL] = "Total",
    [PF_LABEL_CUT_SUFFIX] = " … [cut: longer than Excel allows]",
    [PF_LABEL_NOT_GIVEN] = "not given",
    [PF_LABEL_DOCUMENT_TITLE] = "Partner recruitment report as of %s",
    [PF_LABEL_DOCUMENT_SUBJECT] = "Channel partner recruitment and onboarding KPIs",
    [PF_LABEL_FORMAT_DATE] = "yyyy-mm-dd",
    [PF_LABEL_FORMAT_P_VALUE] = "[<0.001]\"< 0.001\";0.000",
    [PF_LABEL_FORMAT_THOUSANDS_SEPARATOR] = ",",
    [PF_LABEL_DECIMAL_MARK] = ".",
    [PF_LABEL_MONTH_1] = "January",
    [PF_LABEL_MONTH_2] = "February",
    [PF_LABEL_MONTH_3] = "March",
    [PF_LABEL_MONTH_4] = "April",
    [PF_LABEL_MONTH_5] = "May",
    [PF_LABEL_MONTH_6] = "June",
    [PF_LABEL_MONTH_7] = "July",
    [PF_LABEL_MONTH_8] = "August",
    [PF_LABEL_MONTH_9] = "September",
    [PF_LABEL_MONTH_10] = "October",
    [PF_LABEL_MONTH_11] = "November",
    [PF_LABEL_MONTH_12] = "December",
    [PF_LABEL_STAGE_LISTED] = "Listed",
    [PF_LABEL_STAGE_APPROACHED] = "Approached",
    [PF_LABEL_STAGE_APPLIED] = "Applied",
    [PF_LABEL_STAGE_REVIEWED] = "Reviewed by the committee",
    [PF_LABEL_STAGE_APPROVED] = "Approved",
    [PF_LABEL_STAGE_SIGNED] = "Signed",
    [PF_LABEL_STAGE_KICKED_OFF] = "100-day plan started",
    [PF_LABEL_STAGE_FIRST_DEAL] = "First deal",
    [PF_LABEL_BAND_BEHIND_100_DAYS] = "Behind the 100-day plan",
    [PF_LABEL_BAND_REVIEW_6_MONTHS] = "To review at 6 months",
    [PF_LABEL_BAND_CONSIDER_ENDING] = "Consider ending (9 months)",
    [PF_LABEL_ACTION_BEHIND_100_DAYS] =
        "No deal after 100 days: step up sales support on the first customer visits and lead generation.",
    [PF_LABEL_ACTION_REVIEW_6_MONTHS] =
        "No deal after 6 months: review the partnership and its business plan with the partner.",
    [PF_LABEL_ACTION_CONSIDER_ENDING] = "No deal after 9 months: consider ending the partnership.",
    [PF_LABEL_SEGMENT_CATEGORY] = "Category",
    [PF_LABEL_SEGMENT_MARKET] = "Market",
    [PF_LABEL_SEGMENT_SOURCE] = "Source",
    [PF_LABEL_SEGMENT_RECRUITER] = "Recruiter",
    [PF_LABEL_SEGMENT_COHORT] = "Signing quarter",
    [PF_LABEL_DECISION_PENDING] = "Pending",
    [PF_LABEL_DECISION_APPROVED] = "Approved",
    [PF_LABEL_DECISION_REJECTED] = "Rejected",
    [PF_LABEL_STATUS_OUT_OF_SCOPE] = "Listed after the reporting date",
    [PF_LABEL_STATUS_CANDIDATE] = "Candidate",
    [PF_LABEL_STATUS_ONBOARDING] = "Onboarding (signed)",
    [PF_LABEL_STATUS_ACTIVE] = "Active",
    [PF_LABEL_STATUS_BAD_RECRUIT] = "Bad recruit",
    [PF_LABEL_STATUS_MATURE_UNKNOWN] = "Mature (activity unknown)",
    [PF_LABEL_STATUS_ENDED] = "Ended",
    [PF_LABEL_MARK_GOOD] = "On track",
    [PF_LABEL_MARK_WATCH] = "Watch",
    [PF_LABEL_MARK_POOR] = "Off track",
    [PF_LABEL_COL_INDICATOR] = "Indicator",
    [PF_LABEL_COL_VALUE] = "Value",
    [PF_LABEL_COL_REFERENCE] = "White paper reference",
    [PF_LABEL_COL_STATUS] = "Status",
    [PF_LABEL_KPI_LISTED] = "Candidates listed",
    [PF_LABEL_KPI_SIGNED_IN_MONTH] = "Contracts signed in %s",
    [PF_LABEL_KPI_SIGNED_YEAR] = "Contracts signed in %d to date",
    [PF_LABEL_KPI_SIGNED_TOTAL] = "Partners signed (all time)",
    [PF_LABEL_KPI_MATURE] = "Partners signed at least %d months ago",
    [PF_LABEL_KPI_ACTIVE] = "Active %d months after signing",
    [PF_LABEL_KPI_ACTIVE_RATE] = "Active rate after %d months",
    [PF_LABEL_KPI_BAD_RECRUITS] = "Bad recruits (not active after onboarding)",
    [PF_LABEL_KPI_COST_PER_BAD] = "Cost per bad recruit",
    [PF_LABEL_KPI_COST_PER_ACTIVE] = "Cost per active partner",
    [PF_LABEL_KPI_MEDIAN_DAYS] = "Median days to first deal",
    [PF_LABEL_KPI_WITHIN_100] = "First deal within 100 days",
    [PF_LABEL_KPI_BUSINESS_PLANS] = "Mature partners with a joint business plan",
    [PF_LABEL_KPI_PLAN_EFFECT] = "Effect of the 100-day plan",
    [PF_LABEL_KPI_AT_RISK] = "Partners at risk (no deal yet)",
    [PF_LABEL_REF_ACTIVE] = "40% active: 60% of partners never deliver. Green ≥ 40%, red < 30%.",
    [PF_LABEL_REF_COST_PER_BAD] = "€15,000–70,000 per bad recruit. Green ≤ €15,000, red > €70,000.",
    [PF_LABEL_REF_COST_PER_BAD_OTHER_CURRENCY] =
        "€15,000–70,000 per bad recruit (in euros: no mark for another currency).",
    [PF_LABEL_REF_COST_PER_ACTIVE] = "No reference; programme overhead excluded (see Costs).",
    [PF_LABEL_REF_MEDIAN_DAYS] = "The 100-day plan. Green ≤ 100 days, red > 180 days.",
    [PF_LABEL_REF_WITHIN_100] = "100-day plan: first signatures up to 50% sooner. Green ≥ 50%, red < 25%.",
    [PF_LABEL_REF_BUSINESS_PLANS] = "80% of successful companies sign one. Green ≥ 80%, red < 50%.",
    [PF_LABEL_REF_AT_RISK] = "Nothing signed after 6 to 9 months: stop the partnership.",
    [PF_LABEL_AT_RISK_BREAKDOWN] = "At risk: %s · %s · %s (list on the At risk sheet).",
    [PF_LABEL_PLAN_FASTER] =
        "Partners who started the 100-day plan reached their first deal faster (log-rank p %s).",
    [PF_LABEL_PLAN_SLOWER] =
        "Partners who started the 100-day plan reached their first deal more slowly (log-rank p %s).",
    [PF_LABEL_PLAN_NO_DIFFERENCE] =
        "No significant difference in time to first deal between partners who started the 100-day plan and "
        "the others (log-rank p %s).",
    [PF_LABEL_PLAN_UNTESTABLE] =
        "The 100-day plan's effect cannot be tested: it needs deals.csv and partners both with and without "
        "the plan.",
    [PF_LABEL_NOTES] = "Notes",
    [PF_LABEL_NOTE_NO_DEALS] =
        "No deals file: first deals, activity, bad recruits, time to first deal and partners at risk cannot "
        "be measured (n/a).",
    [PF_LABEL_NOTE_NO_COSTS] = "No cost column and no costs file: costs cannot be measured (n/a).",
    [PF_LABEL_NOTE_NO_OVERHEAD] =
        "No costs file: partner costs are recruitment and onboarding costs only; programme overhead is "
        "unknown.",
    [PF_LABEL_NOTE_OUT_OF_SCOPE] =
        "%s candidates listed after the reporting date are left out of every figure.",
    [PF_LABEL_NOTE_REJECTS] =
        "%s rows of the export were rejected and take no part in the figures: see Data quality.",
    [PF_LABEL_NOTE_STATUS] =
        "Status against the white paper's reference: green on track, amber to watch, red off track "
        "(thresholds in the reference column).",
    [PF_LABEL_NOTE_TRACE] =
        "Every value is linked to the sheet it comes from: select it to see its formula, or open Formulas › "
        "Name Manager.",
    [PF_LABEL_CHART_FUNNEL] = "Candidates reaching each stage",
    [PF_LABEL_AXIS_CANDIDATES] = "Candidates",
    [PF_LABEL_COL_STAGE] = "Stage",
    [PF_LABEL_COL_REACHED] = "Reached",
    [PF_LABEL_COL_IMPLIED] = "Of which implied",
    [PF_LABEL_COL_BASE] = "Out of",
    [PF_LABEL_COL_CONVERSION] = "Conversion",
    [PF_LABEL_COL_CI_LOW] = "95% CI low",
    [PF_LABEL_COL_CI_HIGH] = "95% CI high",
    [PF_LABEL_FUNNEL_TIME_TO_RECRUIT] = "Median days from approach to signature",
    [PF_LABEL_FUNNEL_TIME_TO_RECRUIT_N] = "over %s partners",
    [PF_LABEL_FUNNEL_NOTE_IMPLIED] =
        "A later stage implies the earlier ones: a partner signed without an application date is counted as "
        "having applied (“Of which implied”; listed as warnings in Data quality).",
    [PF_LABEL_FUNNEL_NOTE_BASE] =
        "Conversion = reached ÷ the previous stage; for the first deal, ÷ the partners whose signature date "
        "is known.",
    [PF_LABEL_FUNNEL_NOTE_CI] =
        "The 95% interval (Wilson) shows how far the true rate could be from the one measured, given the "
        "number of candidates.",
    [PF_LABEL_COL_QUARTER] = "Signing quarter",
    [PF_LABEL_COL_SIGNED] = "Signed",
    [PF_LABEL_COL_MATURE] = "Mature",
    [PF_LABEL_COL_ACTIVE] = "Active after %d months",
    [PF_LABEL_COL_ACTIVE_RATE] = "Active rate",
    [PF_LABEL_COHORTS_NOTE] =
        "Active rate = active ÷ mature. A partner is mature once %d months have passed since signing: "
        "quarters without mature partners have no rate yet (empty cells).",
    [PF_LABEL_CHART_COHORTS] = "Active after %d months, by signing quarter",
    [PF_LABEL_AXIS_QUARTER] = "Signing quarter",
    [PF_LABEL_AXIS_ACTIVE_RATE] = "Active rate",
    [PF_LABEL_SERIES_RATE] = "Active rate",
    [PF_LABEL_SERIES_CI_LOW] = "95% CI low",
    [PF_LABEL_SERIES_CI_HIGH] = "95% CI high",
    [PF_LABEL_BP_SECTION] = "Joint business plan and activity",
    [PF_LABEL_COL_BUSINESS_PLAN] = "Business plan",
    [PF_LABEL_BP_WITH] = "With a joint business plan",
    [PF_LABEL_BP_WITHOUT] = "Without",
    [PF_LABEL_BP_SHARE] = "Share of mature partners with a business plan",
    [PF_LABEL_BP_FISHER] = "Difference with / without: Fisher exact test p-value",
    [PF_LABEL_BP_NOTE] = "A p-value below 0.05 means the difference in active rate is unlikely to be chance.",
    [PF_LABEL_COL_DAY] = "Day",
    [PF_LABEL_COL_AT_RISK_KM] = "Followed, no deal yet",
    [PF_LABEL_COL_EVENTS] = "First deals",
    [PF_LABEL_COL_CENSORED] = "Censored",
    [PF_LABEL_COL_SURVIVAL] = "Share still without a deal",
    [PF_LABEL_COL_BAND_LOW] = "95% band low",
    [PF_LABEL_COL_BAND_HIGH] = "95% band high",
    [PF_LABEL_FD_KEY_FIGURES] = "Key figures",
    [PF_LABEL_FD_PARTNERS] = "Partners with a signature date",
    [PF_LABEL_FD_EVENTS] = "Of which with a first deal",
    [PF_LABEL_FD_MEDIAN] = "Median days to first deal",
    [PF_LABEL_FD_MEDIAN_LOW] = "95% CI low",
    [PF_LABEL_FD_MEDIAN_HIGH] = "95% CI high",
    [PF_LABEL_FD_WITHIN_100] = "First deal within 100 days",
    [PF_LABEL_FD_WITHIN_100_LOW] = "95% CI low",
    [PF_LABEL_FD_WITHIN_100_HIGH] = "95% CI high",
    [PF_LABEL_FD_PLAN_DAYS] = "Days of the onboarding plan",
    [PF_LABEL_FD_NAIVE_MEAN] = "Mean days, partners with a deal only (biased low)",
    [PF_LABEL_FD_NAIVE_MEDIAN] = "Median days, partners with a deal only (biased low)",
    [PF_LABEL_FD_TECH_AUTONOMY] = "Median days to technical autonomy (those who reached it)",
    [PF_LABEL_FD_SALES_AUTONOMY] = "Median days to commercial autonomy (those who reached it)",
    [PF_LABEL_FD_LOGRANK_SECTION] = "100-day plan effect (log-rank test)",
    [PF_LABEL_COL_GROUP] = "Group",
    [PF_LABEL_COL_PARTNERS] = "Partners",
    [PF_LABEL_COL_OBSERVED] = "First deals",
    [PF_LABEL_COL_EXPECTED] = "Expected if no effect",
    [PF_LABEL_GROUP_PLAN] = "Started the 100-day plan",
    [PF_LABEL_GROUP_NO_PLAN] = "Did not",
    [PF_LABEL_FD_CHI2] = "Chi-square (1 df)",
    [PF_LABEL_FD_P] = "p-value",
    [PF_LABEL_FD_NOTE] =
        "Kaplan–Meier estimate: a partner still without a deal is followed until the partnership ended or "
        "the reporting date (censored), so recent signatures do not bias the figures. Share still without a "
        "deal = previous share × (followed − first deals) ÷ followed. The band is the 95% confidence band "
        "(Greenwood, log scale).",
    [PF_LABEL_FD_NO_CURVE] = "No curve: time to first deal needs deals.csv and partners with a signature date.",
    [PF_LABEL_CHART_FIRST_DEAL] = "Share of partners still without a first deal",
    [PF_LABEL_AXIS_DAYS] = "Days since signing",
    [PF_LABEL_AXIS_SHARE_WITHOUT] = "Without a first deal",
    [PF_LABEL_SERIES_CURVE] = "Kaplan–Meier",
    [PF_LABEL_SERIES_BAND_LOW] = "95% band (low)",
    [PF_LABEL_SERIES_BAND_HIGH] = "95% band (high)",
    [PF_LABEL_SERIES_100_DAYS] = "100 days",
    [PF_LABEL_CHART_DATA] = "Chart data (step curve)",
    [PF_LABEL_COL_CHART_DAY] = "Day",
    [PF_LABEL_COL_CHART_CURVE] = "Curve",
    [PF_LABEL_COL_CHART_LOW] = "Band low",
    [PF_LABEL_COL_CHART_HIGH] = "Band high",
    [PF_LABEL_COL_CHART_MARK_DAY] = "Mark: day",
    [PF_LABEL_COL_CHART_MARK_SHARE] = "Mark: share",
    [PF_LABEL_COSTS_SECTION] = "Recruitment costs of mature partners",
    [PF_LABEL_COSTS_MATURE] = "Mature partners",
    [PF_LABEL_COSTS_ACTIVE] = "Active partners",
    [PF_LABEL_COSTS_BAD] = "Bad recruits (mature, not active)",
    [PF_LABEL_COSTS_BAD_TOTAL] = "Sunk cost of bad recruits",
    [PF_LABEL_COSTS_PER_BAD] = "Cost per bad recruit",
    [PF_LABEL_COSTS_MATURE_TOTAL] = "Total cost of mature partners",
    [PF_LABEL_COSTS_PER_ACTIVE] = "Cost per active partner",
    [PF_LABEL_COSTS_OVERHEAD] = "Programme overhead (apart, not included above)",
    [PF_LABEL_COSTS_OVERHEAD_SECTION] = "Programme overhead by category",
    [PF_LABEL_COL_CATEGORY] = "Category",
    [PF_LABEL_COL_LINES] = "Cost lines",
    [PF_LABEL_COL_AMOUNT] = "Amount",
    [PF_LABEL_COL_SHARE] = "Share",
    [PF_LABEL_COSTS_NOTE] =
        "Partner cost = recruitment cost + onboarding cost + the partner's lines of costs.csv dated on or "
        "before the reporting date.",
    [PF_LABEL_COSTS_NO_OVERHEAD] = "No costs.csv: programme overhead unknown.",
    [PF_LABEL_COL_RECRUITER] = "Recruiter",
    [PF_LABEL_COL_LISTED] = "Listed",
    [PF_LABEL_COL_APPLICATIONS] = "Applications",
    [PF_LABEL_COL_BUSINESS_PLANS] = "Business plans",
    [PF_LABEL_COL_DAYS_TO_SIGN] = "Median days approach → signature",
    [PF_LABEL_RECRUITERS_NOTE] =
        "Sorted by partners still active after the onboarding period — the white paper's measure of a "
        "recruiter, rather than the number of contracts signed.",
    [PF_LABEL_CHART_RECRUITERS] = "Signed and active after %d months, by recruiter",
    [PF_LABEL_AXIS_PARTNERS] = "Partners",
    [PF_LABEL_COL_DIMENSION] = "Dimension",
    [PF_LABEL_COL_SEGMENT_VALUE] = "Value",
    [PF_LABEL_SEGMENTS_NOTE] =
        "Candidates by category, market and source. Recruiters and signing quarters have their own sheets.",
    [PF_LABEL_COL_BAND] = "Band",
    [PF_LABEL_COL_PARTNER_ID] = "Partner id",
    [PF_LABEL_COL_NAME] = "Name",
    [PF_LABEL_COL_SIGNED_ON] = "Signed on",
    [PF_LABEL_COL_DAYS_SINCE_SIGNING] = "Days since signing",
    [PF_LABEL_COL_KICKOFF_ON] = "100-day plan started",
    [PF_LABEL_COL_ACTION] = "What the rule suggests",
    [PF_LABEL_COL_COUNT] = "Partners",
    [PF_LABEL_AT_RISK_NOTE] =
        "Signed partners, not ended, with no won deal since signing. Behind: 100 days or more, not yet "
        "mature; to review: mature, under 9 months; consider ending: 9 months or more.",
    [PF_LABEL_AT_RISK_NONE] = "No partner at risk.",
    [PF_LABEL_AT_RISK_NO_DEALS] = "Not measurable without deals.csv.",
    [PF_LABEL_COL_COMPANY_ID] = "Company id",
    [PF_LABEL_COL_MARKET] = "Market",
    [PF_LABEL_COL_SOURCE] = "Source",
    [PF_LABEL_COL_LISTED_ON] = "Listed on",
    [PF_LABEL_COL_APPROACHED_ON] = "Approached on",
    [PF_LABEL_COL_APPLIED_ON] = "Applied on",
    [PF_LABEL_COL_COMMITTEE_ON] = "Committee on",
    [PF_LABEL_COL_DECISION] = "Decision",
    [PF_LABEL_COL_BUSINESS_PLAN_ON] = "Business plan on",
    [PF_LABEL_COL_TECH_AUTONOMY_ON] = "Technically autonomous on",
    [PF_LABEL_COL_SALES_AUTONOMY_ON] = "Commercially autonomous on",
    [PF_LABEL_COL_ENDED_ON] = "Ended on",
    [PF_LABEL_COL_FURTHEST_STAGE] = "Furthest stage",
    [PF_LABEL_COL_STATUS_PARTNER] = "Status",
    [PF_LABEL_COL_FIRST_DEAL_ON] = "First deal on",
    [PF_LABEL_COL_DAYS_TO_FIRST_DEAL] = "Days to first deal",
    [PF_LABEL_COL_ACTIVE_FLAG] = "Active after %d months",
    [PF_LABEL_COL_AT_RISK_BAND] = "At risk",
    [PF_LABEL_COL_COST] = "Partner cost",
    [PF_LABEL_COL_LINE_IN_FILE] = "Line in %s",
    [PF_LABEL_DQ_ACCOUNTING] = "Row accounting: rows read = accepted + rejected",
    [PF_LABEL_COL_FILE] = "File",
    [PF_LABEL_COL_PATH] = "Path",
    [PF_LABEL_COL_ROWS_READ] = "Rows read",
    [PF_LABEL_COL_ACCEPTED] = "Accepted",
    [PF_LABEL_COL_REJECTED] = "Rejected",
    [PF_LABEL_COL_WARNINGS] = "Warnings",
    [PF_LABEL_COL_REJECTED_SHARE] = "Rejected share",
    [PF_LABEL_DQ_REJECTS] = "Rejected rows",
    [PF_LABEL_COL_LINE] = "Line",
    [PF_LABEL_COL_COLUMN] = "Column",
    [PF_LABEL_COL_REASON] = "Reason",
    [PF_LABEL_COL_RAW] = "Row as in the file",
    [PF_LABEL_DQ_WARNINGS] = "Warnings (rows kept)",
    [PF_LABEL_COL_MESSAGE] = "Message",
    [PF_LABEL_DQ_NO_REJECTS] = "No row was rejected.",
    [PF_LABEL_DQ_NO_WARNINGS] = "No warning.",
    [PF_LABEL_DQ_NOTE] =
        "A rejected row takes no part in any figure; a row with a warning is kept. Correct the rows in the "
        "CRM and export again.",
    [PF_LABEL_ABOUT_RUN] = "This report",
    [PF_LABEL_ABOUT_AS_OF] = "Reporting date (as of)",
    [PF_LABEL_ABOUT_PROGRAM] = "Program",
    [PF_LABEL_ABOUT_SETTINGS_FILE] = "Settings file",
    [PF_LABEL_ABOUT_DEFAULTS] = "none (defaults)",
    [PF_LABEL_ABOUT_LANGUAGE] = "Language",
    [PF_LABEL_ABOUT_CURRENCY] = "Currency",
    [PF_LABEL_ABOUT_WINDOW] = "Onboarding window (months)",
    [PF_LABEL_ABOUT_MIN_WON] = "Won deals needed to be active",
    [PF_LABEL_ABOUT_CANDIDATES] = "Candidates in the export",
    [PF_LABEL_ABOUT_OUT_OF_SCOPE] = "Listed after the reporting date (left out)",
    [PF_LABEL_ABOUT_MODE] = "Workbook layout",
    [PF_LABEL_ABOUT_MODE_TABLES] = "Excel tables with filters",
    [PF_LABEL_ABOUT_MODE_STREAMED] =
        "Streamed for size (more than %s candidates): filters instead of Excel tables",
    [PF_LABEL_ABOUT_INPUTS] = "Input files",
    [PF_LABEL_COL_SHA256] = "SHA-256",
    [PF_LABEL_COL_SIZE] = "Bytes",
    [PF_LABEL_COL_ENCODING] = "Encoding",
    [PF_LABEL_COL_DELIMITER] = "Delimiter",
    [PF_LABEL_ABOUT_DEFINITIONS] = "Definitions",
    [PF_LABEL_COL_TERM] = "Term",
    [PF_LABEL_COL_DEFINITION] = "Definition",
    [PF_LABEL_TERM_AS_OF] = "Reporting date",
    [PF_LABEL_DEF_AS_OF] =
        "Everything dated after the reporting date is treated as not having happened yet, so a past month's "
        "report can be rebuilt from a later export. Candidates listed after it are left out.",
    [PF_LABEL_TERM_FUNNEL] = "Funnel",
    [PF_LABEL_DEF_FUNNEL] =
        "Candidates reaching each step of the recruitment process: listed, approached, applied, reviewed by "
        "the approval committee, approved, signed, 100-day plan started, first deal won. A later step "
        "implies the earlier ones.",
    [PF_LABEL_TERM_CONVERSION] = "Conversion",
    [PF_LABEL_DEF_CONVERSION] = "Candidates reaching a stage ÷ candidates reaching the previous one.",
    [PF_LABEL_TERM_INTERVAL] = "95% interval",
    [PF_LABEL_DEF_INTERVAL] =
        "The range in which the true rate lies with 95% confidence, given how many partners it rests on "
        "(Wilson score interval). Small groups give wide intervals.",
    [PF_LABEL_TERM_MATURE] = "Mature partner",
    [PF_LABEL_DEF_MATURE] =
        "A partner whose contract was signed at least %d months before the reporting date: long enough to "
        "judge.",
    [PF_LABEL_TERM_ACTIVE] = "Active partner",
    [PF_LABEL_DEF_ACTIVE] =
        "A mature partner with at least %d won deal(s) within %d months of signing, and not ended before "
        "then.",
    [PF_LABEL_TERM_BAD_RECRUIT] = "Bad recruit",
    [PF_LABEL_DEF_BAD_RECRUIT] = "A mature partner that is not active.",
    [PF_LABEL_TERM_PARTNER_COST] = "Partner cost",
    [PF_LABEL_DEF_PARTNER_COST] =
        "Recruitment cost + onboarding cost + the partner's own lines in costs.csv up to the reporting date. "
        "Programme overhead (lines without a partner) is reported apart.",
    [PF_LABEL_TERM_COST_PER_BAD] = "Cost per bad recruit",
    [PF_LABEL_DEF_COST_PER_BAD] = "Total cost of the bad recruits ÷ their number.",
    [PF_LABEL_TERM_COST_PER_ACTIVE] = "Cost per active partner",
    [PF_LABEL_DEF_COST_PER_ACTIVE] =
        "Total cost of all mature partners (the failures included) ÷ the number of active partners: what one "
        "active partner really costs.",
    [PF_LABEL_TERM_TIME_TO_FIRST_DEAL] = "Time to first deal",
    [PF_LABEL_DEF_TIME_TO_FIRST_DEAL] =
        "Days from signing to the first won deal, estimated by Kaplan–Meier: partners still waiting count "
        "until their partnership ended or the reporting date (censored), so recent signatures neither "
        "flatter nor penalise the figure. The median is the day by which half of the partners had their "
        "first deal (n/a while fewer than half have one).",
    [PF_LABEL_TERM_WITHIN_100] = "First deal within 100 days",
    [PF_LABEL_DEF_WITHIN_100] =
        "Share of partners with a first deal within 100 days of signing (1 − the Kaplan–Meier curve at day "
        "100): the 100-day onboarding plan's own test.",
    [PF_LABEL_TERM_LOGRANK] = "Log-rank test",
    [PF_LABEL_DEF_LOGRANK] =
        "Compares the time to first deal of partners who started the 100-day plan with the others. A p-value "
        "below 0.05 means the difference is unlikely to be chance.",
    [PF_LABEL_TERM_FISHER] = "Fisher exact test",
    [PF_LABEL_DEF_FISHER] =
        "Compares the active rate of mature partners with and without a joint business plan; the p-value "
        "reads the same way.",
    [PF_LABEL_TERM_AT_RISK] = "At risk",
    [PF_LABEL_DEF_AT_RISK] =
        "Signed partners, not ended, with no won deal since signing: behind the 100-day plan (100 days or "
        "more, not mature yet), to review (mature, under 9 months), consider ending (9 months or more) — the "
        "white paper's rule: stop when nothing is signed 6 to 9 months after the contract.",
    [PF_LABEL_TERM_STATUS] = "Status marks",
    [PF_LABEL_DEF_STATUS] =
        "Green, amber or red against the white paper: active rate green from 40%, red below 30%; cost per "
        "bad recruit green up to €15,000, red above €70,000 (reports in euros only); median days to first "
        "deal green up to 100, red above 180; first deal within 100 days green from 50%, red below 25%; "
        "business plans green from 80%, red below 50%.",
    [PF_LABEL_TERM_NA] = "n/a",
    [PF_LABEL_DEF_NA] =
        "A figure that cannot be computed from this export (no deals file, nobody in the group, a median not "
        "reached yet). Never shown as 0.",
    [PF_LABEL_ABOUT_NAMES] = "Defined names (Formulas › Name Manager)",
    [PF_LABEL_COL_DEFINED_NAME] = "Name",
    [PF_LABEL_COL_REFERS_TO] = "Refers to",
    [PF_LABEL_COL_MEANING] = "Figure",
    [PF_LABEL_SCORE_SHEET_FUNNEL] = "Funnel",
    [PF_LABEL_SCORE_SHEET_GROUPS] = "Groups",
    [PF_LABEL_SCORE_SHEET_ABOUT] = "About",
    [PF_LABEL_SCORE_RANK] = "Rank",
    [PF_LABEL_SCORE_ID] = "Id",
    [PF_LABEL_SCORE_SCORE] = "Score",
    [PF_LABEL_SCORE_FUNNEL_TITLE] = "Elimination funnel: %s",
    [PF_LABEL_SCORE_STEP] = "Step",
    [PF_LABEL_SCORE_REMAINING] = "Remaining",
    [PF_LABEL_SCORE_SHARE] = "Share of scored",
    [PF_LABEL_SCORE_SCORED] = "Prospects scored",
    [PF_LABEL_SCORE_ELIGIBLE] = "Eligible",
    [PF_LABEL_SCORE_KNOWN] = "Already partners (eligible)",
    [PF_LABEL_SCORE_SHORTLISTED] = "Shortlisted",
    [PF_LABEL_SCORE_GROUPS_TITLE] = "Eligible prospects by %s",
    [PF_LABEL_SCORE_GROUPS_PREFIX] = "%s (first %d characters)",
    [PF_LABEL_SCORE_EMPTY_GROUP] = "(empty)",
    [PF_LABEL_SCORE_NO_SHORTLIST] = "No eligible prospect outside the partners.",
    [PF_LABEL_SCORE_ABOUT_TITLE] = "Prospect scoring",
    [PF_LABEL_SCORE_PROSPECT_FILE] = "Prospect file",
    [PF_LABEL_SCORE_SIZE] = "Size (bytes)",
    [PF_LABEL_SCORE_SHA256] = "SHA-256",
    [PF_LABEL_SCORE_FORMAT] = "Format",
    [PF_LABEL_SCORE_ROWS_READ] = "Rows read",
    [PF_LABEL_SCORE_ROWS_SCORED] = "Rows scored",
    [PF_LABEL_SCORE_ROWS_REJECTED] = "Rows rejected",
    [PF_LABEL_SCORE_CRITERIA_FILE] = "Criteria file",
    [PF_LABEL_SCORE_PARTNERS_FILE] = "Partners file",
    [PF_LABEL_SCORE_KNOWN_IDS] = "Known company ids",
    [PF_LABEL_SCORE_SETTINGS_FILE] = "Settings file",
    [PF_LABEL_SCORE_ID_COLUMN] = "Id column",
    [PF_LABEL_SCORE_GROUP_BY] = "Group by",
    [PF_LABEL_SCORE_TOP] = "Shortlist length (top K)",
    [PF_LABEL_SCORE_SOFTWARE] = "Software",
    [PF_LABEL_SCORE_NONE] = "(none)",
    [PF_LABEL_SCORE_NOT_HASHED] = "(not hashed: not a regular file)",
    [PF_LABEL_SCORE_CRITERIA_USED] = "Criteria as used",
    [PF_LABEL_SCORE_REJECTED_ROWS] = "Rejected rows",
    [PF_LABEL_SCORE_LINE] = "Line",
    [PF_LABEL_SCORE_REASON] = "Reason",
    [PF_LABEL_SCORE_COLUMN] = "Column",
    [PF_LABEL_SCORE_RAW] = "Text",
    [PF_LABEL_SCORE_MORE_REJECTS] = "... and %s more rejected rows (lines not listed)",
    [PF_LABEL_SCORE_YES] = "yes",
    [PF_LABEL_SCORE_NO] = "no",
    [PF_LABEL_SHEET_TREND] = "Trend",
    [PF_LABEL_TITLE_TREND] = "Headline figures at the last 12 month ends",
    [PF_LABEL_TREND_NOTE] = "Each row is the report as of that month end, rebuilt from this export: what is "
                            "dated after the month end had not happened yet.",
    [PF_LABEL_COL_MONTH_END] = "Month end",
    [PF_LABEL_COL_SINCE] = "Since %s",
    [PF_LABEL_COL_BAD_RECRUITS] = "Bad recruits",
    [PF_LABEL_CHART_TREND_RATES] = "Rates at each month end",
    [PF_LABEL_CHART_TREND_COUNTS] = "Partners at each month end",
    [PF_LABEL_AXIS_MONTH_END] = "Month end",
};

/* French: a space before ":" as a French reader expects, "n.d." for n/a, dd/mm/yyyy dates */
static const char *const labels_fr[PF_LABEL_COUNT] = {
    [PF_LABEL_SHEET_SUMMARY] = "Synthèse",
    [PF_LABEL_SHEET_FUNNEL] = "Entonnoir",
    [PF_LABEL_SHEET_COHORTS] = "Cohortes",
    [PF_LABEL_SHEET_FIRST_DEAL] = "Première affaire",
    [PF_LABEL_SHEET_COSTS] = "Coûts",
    [PF_LABEL_SHEET_RECRUITERS] = "Recruteurs",
    [PF_LABEL_SHEET_SEGMENTS] = "Segments",
    [PF_LABEL_SHEET_AT_RISK] = "À risque",
    [PF_LABEL_SHEET_PARTNERS] = "Partenaires",
    [PF_LABEL_SHEET_DATA_QUALITY] = "Qualité des données",
    [PF_LABEL_SHEET_ABOUT] = "À propos",
    [PF_LABEL_SHEET_PART] = "%s (%d)",
    [PF_LABEL_TITLE_SUMMARY] = "Recrutement de partenaires — rapport mensuel",
    [PF_LABEL_TITLE_FUNNEL] = "Entonnoir de recrutement : du candidat à la première affaire",
    [PF_LABEL_TITLE_COHORTS] = "Activité après l'intégration, par trimestre de signature",
    [PF_LABEL_TITLE_FIRST_DEAL] = "Délai jusqu'à la première affaire (Kaplan-Meier)",
    [PF_LABEL_TITLE_COSTS] = "Ce que coûte le recrutement",
    [PF_LABEL_TITLE_RECRUITERS] = "Performance des recruteurs",
    [PF_LABEL_TITLE_SEGMENTS] = "Segments : catégorie, marché, origine",
    [PF_LABEL_TITLE_AT_RISK] = "Partenaires à risque",
    [PF_LABEL_TITLE_DATA_QUALITY] = "Qualité des données : chaque ligne justifiée",
    [PF_LABEL_TITLE_ABOUT] = "À propos de ce rapport",
    [PF_LABEL_AS_OF] = "Au %s",
    [PF_LABEL_CANDIDATES_COUNT] = "%s candidats",
    [PF_LABEL_SOURCE] = "source : %s",
    [PF_LABEL_NA] = "n.d.",
    [PF_LABEL_NONE_VALUE] = "(non renseigné)",
    [PF_LABEL_YES] = "Oui",
    [PF_LABEL_NO] = "Non",
    [PF_LABEL_TOTAL] = "Total",
    [PF_LABEL_CUT_SUFFIX] = " … [coupé : trop long pour Excel]",
    [PF_LABEL_NOT_GIVEN] = "non fourni",
    [PF_LABEL_DOCUMENT_TITLE] = "Rapport de recrutement de partenaires au %s",
    [PF_LABEL_DOCUMENT_SUBJECT] = "Indicateurs de recrutement et d'intégration des partenaires",
    [PF_LABEL_FORMAT_DATE] = "dd/mm/yyyy",
    [PF_LABEL_FORMAT_P_VALUE] = "[<0.001]\"< 0,001\";0.000",
    [PF_LABEL_FORMAT_THOUSANDS_SEPARATOR] = "\xC2\xA0",
    [PF_LABEL_DECIMAL_MARK] = ",",
    [PF_LABEL_MONTH_1] = "janvier",
    [PF_LABEL_MONTH_2] = "février",
    [PF_LABEL_MONTH_3] = "mars",
    [PF_LABEL_MONTH_4] = "avril",
    [PF_LABEL_MONTH_5] = "mai",
    [PF_LABEL_MONTH_6] = "juin",
    [PF_LABEL_MONTH_7] = "juillet",
    [PF_LABEL_MONTH_8] = "août",
    [PF_LABEL_MONTH_9] = "septembre",
    [PF_LABEL_MONTH_10] = "octobre",
    [PF_LABEL_MONTH_11] = "novembre",
    [PF_LABEL_MONTH_12] = "décembre",
    [PF_LABEL_STAGE_LISTED] = "Identifié",
    [PF_LABEL_STAGE_APPROACHED] = "Contacté",
    [PF_LABEL_STAGE_APPLIED] = "Candidature reçue",
    [PF_LABEL_STAGE_REVIEWED] = "Présenté au comité",
    [PF_LABEL_STAGE_APPROVED] = "Approuvé",
    [PF_LABEL_STAGE_SIGNED] = "Signé",
    [PF_LABEL_STAGE_KICKED_OFF] = "Plan 100 jours démarré",
    [PF_LABEL_STAGE_FIRST_DEAL] = "Première affaire",
    [PF_LABEL_BAND_BEHIND_100_DAYS] = "En retard sur le plan 100 jours",
    [PF_LABEL_BAND_REVIEW_6_MONTHS] = "À revoir à 6 mois",
    [PF_LABEL_BAND_CONSIDER_ENDING] = "Envisager l'arrêt (9 mois)",
    [PF_LABEL_ACTION_BEHIND_100_DAYS] =
        "Aucune affaire après 100 jours : renforcer l'accompagnement commercial sur les premières visites et "
        "la génération de leads.",
    [PF_LABEL_ACTION_REVIEW_6_MONTHS] =
        "Aucune affaire après 6 mois : faire le point sur le partenariat et son business plan avec le "
        "partenaire.",
    [PF_LABEL_ACTION_CONSIDER_ENDING] = "Aucune affaire après 9 mois : envisager de mettre fin au partenariat.",
    [PF_LABEL_SEGMENT_CATEGORY] = "Catégorie",
    [PF_LABEL_SEGMENT_MARKET] = "Marché",
    [PF_LABEL_SEGMENT_SOURCE] = "Origine",
    [PF_LABEL_SEGMENT_RECRUITER] = "Recruteur",
    [PF_LABEL_SEGMENT_COHORT] = "Trimestre de signature",
    [PF_LABEL_DECISION_PENDING] = "En attente",
    [PF_LABEL_DECISION_APPROVED] = "Accepté",
    [PF_LABEL_DECISION_REJECTED] = "Refusé",
    [PF_LABEL_STATUS_OUT_OF_SCOPE] = "Identifié après la date du rapport",
    [PF_LABEL_STATUS_CANDIDATE] = "Candidat",
    [PF_LABEL_STATUS_ONBOARDING] = "En intégration (signé)",
    [PF_LABEL_STATUS_ACTIVE] = "Actif",
    [PF_LABEL_STATUS_BAD_RECRUIT] = "Mauvais recrutement",
    [PF_LABEL_STATUS_MATURE_UNKNOWN] = "Mûr (activité inconnue)",
    [PF_LABEL_STATUS_ENDED] = "Terminé",
    [PF_LABEL_MARK_GOOD] = "Conforme",
    [PF_LABEL_MARK_WATCH] = "À surveiller",
    [PF_LABEL_MARK_POOR] = "Hors cible",
    [PF_LABEL_COL_INDICATOR] = "Indicateur",
    [PF_LABEL_COL_VALUE] = "Valeur",
    [PF_LABEL_COL_REFERENCE] = "Référence (livre blanc)",
    [PF_LABEL_COL_STATUS] = "Statut",
    [PF_LABEL_KPI_LISTED] = "Candidats identifiés",
    [PF_LABEL_KPI_SIGNED_IN_MONTH] = "Contrats signés en %s",
    [PF_LABEL_KPI_SIGNED_YEAR] = "Contrats signés depuis le début de %d",
    [PF_LABEL_KPI_SIGNED_TOTAL] = "Partenaires signés (total)",
    [PF_LABEL_KPI_MATURE] = "Partenaires signés depuis au moins %d mois",
    [PF_LABEL_KPI_ACTIVE] = "Actifs %d mois après la signature",
    [PF_LABEL_KPI_ACTIVE_RATE] = "Taux d'activité à %d mois",
    [PF_LABEL_KPI_BAD_RECRUITS] = "Mauvais recrutements (inactifs après l'intégration)",
    [PF_LABEL_KPI_COST_PER_BAD] = "Coût par mauvais recrutement",
    [PF_LABEL_KPI_COST_PER_ACTIVE] = "Coût par partenaire actif",
    [PF_LABEL_KPI_MEDIAN_DAYS] = "Délai médian jusqu'à la première affaire (jours)",
    [PF_LABEL_KPI_WITHIN_100] = "Première affaire en moins de 100 jours",
    [PF_LABEL_KPI_BUSINESS_PLANS] = "Partenaires mûrs avec un business plan commun",
    [PF_LABEL_KPI_PLAN_EFFECT] = "Effet du plan 100 jours",
    [PF_LABEL_KPI_AT_RISK] = "Partenaires à risque (aucune affaire)",
    [PF_LABEL_REF_ACTIVE] = "40 % d'actifs : 60 % des partenaires échouent. Vert ≥ 40 %, rouge < 30 %.",
    [PF_LABEL_REF_COST_PER_BAD] =
        "15 000 à 70 000 € par mauvais recrutement. Vert ≤ 15 000 €, rouge > 70 000 €.",
    [PF_LABEL_REF_COST_PER_BAD_OTHER_CURRENCY] =
        "15 000 à 70 000 € par mauvais recrutement (en euros : pas de repère dans une autre devise).",
    [PF_LABEL_REF_COST_PER_ACTIVE] = "Pas de référence ; frais de programme exclus (voir Coûts).",
    [PF_LABEL_REF_MEDIAN_DAYS] = "Le plan 100 jours. Vert ≤ 100 jours, rouge > 180 jours.",
    [PF_LABEL_REF_WITHIN_100] =
        "Plan 100 jours : premières signatures jusqu'à 50 % plus tôt. Vert ≥ 50 %, rouge < 25 %.",
    [PF_LABEL_REF_BUSINESS_PLANS] =
        "80 % des entreprises qui réussissent en signent un. Vert ≥ 80 %, rouge < 50 %.",
    [PF_LABEL_REF_AT_RISK] = "Rien de signé après 6 à 9 mois : arrêter le partenariat.",
    [PF_LABEL_AT_RISK_BREAKDOWN] = "À risque : %s · %s · %s (liste dans la feuille À risque).",
    [PF_LABEL_PLAN_FASTER] =
        "Les partenaires ayant démarré le plan 100 jours ont conclu leur première affaire plus vite (test du "
        "log-rank, p %s).",
    [PF_LABEL_PLAN_SLOWER] =
        "Les partenaires ayant démarré le plan 100 jours ont conclu leur première affaire plus lentement "
        "(test du log-rank, p %s).",
    [PF_LABEL_PLAN_NO_DIFFERENCE] =
        "Pas de différence significative de délai jusqu'à la première affaire entre les partenaires ayant "
        "démarré le plan 100 jours et les autres (test du log-rank, p %s).",
    [PF_LABEL_PLAN_UNTESTABLE] =
        "L'effet du plan 100 jours ne peut pas être testé : il faut deals.csv et des partenaires avec et "
        "sans plan.",
    [PF_LABEL_NOTES] = "Notes",
    [PF_LABEL_NOTE_NO_DEALS] =
        "Pas de fichier des affaires : premières affaires, activité, mauvais recrutements, délais et "
        "partenaires à risque ne peuvent pas être mesurés (n.d.).",
    [PF_LABEL_NOTE_NO_COSTS] =
        "Ni colonne de coût ni fichier des coûts : les coûts ne peuvent pas être mesurés (n.d.).",
    [PF_LABEL_NOTE_NO_OVERHEAD] =
        "Pas de fichier des coûts : le coût d'un partenaire se limite aux coûts de recrutement et "
        "d'intégration ; les frais de programme sont inconnus.",
    [PF_LABEL_NOTE_OUT_OF_SCOPE] =
        "%s candidats identifiés après la date du rapport sont exclus de tous les chiffres.",
    [PF_LABEL_NOTE_REJECTS] =
        "%s lignes de l'export ont été rejetées et n'entrent dans aucun chiffre : voir Qualité des données.",
    [PF_LABEL_NOTE_STATUS] =
        "Statut par rapport à la référence du livre blanc : vert conforme, orange à surveiller, rouge hors "
        "cible (seuils dans la colonne de référence).",
    [PF_LABEL_NOTE_TRACE] =
        "Chaque valeur est reliée à la feuille d'où elle vient : sélectionnez-la pour voir sa formule, ou "
        "ouvrez Formules › Gestionnaire de noms.",
    [PF_LABEL_CHART_FUNNEL] = "Candidats à chaque étape",
    [PF_LABEL_AXIS_CANDIDATES] = "Candidats",
    [PF_LABEL_COL_STAGE] = "Étape",
    [PF_LABEL_COL_REACHED] = "Atteint",
    [PF_LABEL_COL_IMPLIED] = "Dont déduits",
    [PF_LABEL_COL_BASE] = "Sur",
    [PF_LABEL_COL_CONVERSION] = "Conversion",
    [PF_LABEL_COL_CI_LOW] = "IC 95 % bas",
    [PF_LABEL_COL_CI_HIGH] = "IC 95 % haut",
    [PF_LABEL_FUNNEL_TIME_TO_RECRUIT] = "Délai médian du premier contact à la signature (jours)",
    [PF_LABEL_FUNNEL_TIME_TO_RECRUIT_N] = "sur %s partenaires",
    [PF_LABEL_FUNNEL_NOTE_IMPLIED] =
        "Une étape atteinte implique les précédentes : un partenaire signé sans date de candidature est "
        "compté comme candidat (« Dont déduits » ; signalé dans Qualité des données).",
    [PF_LABEL_FUNNEL_NOTE_BASE] =
        "Conversion = atteint ÷ l'étape précédente ; pour la première affaire, ÷ les partenaires dont la "
        "date de signature est connue.",
    [PF_LABEL_FUNNEL_NOTE_CI] =
        "L'intervalle à 95 % (Wilson) indique de combien le vrai taux peut s'écarter du taux mesuré, compte "
        "tenu du nombre de candidats.",
    [PF_LABEL_COL_QUARTER] = "Trimestre de signature",
    [PF_LABEL_COL_SIGNED] = "Signés",
    [PF_LABEL_COL_MATURE] = "Mûrs",
    [PF_LABEL_COL_ACTIVE] = "Actifs à %d mois",
    [PF_LABEL_COL_ACTIVE_RATE] = "Taux d'activité",
    [PF_LABEL_COHORTS_NOTE] =
        "Taux d'activité = actifs ÷ mûrs. Un partenaire est mûr %d mois après sa signature : les trimestres "
        "sans partenaire mûr n'ont pas encore de taux (cellules vides).",
    [PF_LABEL_CHART_COHORTS] = "Actifs à %d mois, par trimestre de signature",
    [PF_LABEL_AXIS_QUARTER] = "Trimestre de signature",
    [PF_LABEL_AXIS_ACTIVE_RATE] = "Taux d'activité",
    [PF_LABEL_SERIES_RATE] = "Taux d'activité",
    [PF_LABEL_SERIES_CI_LOW] = "IC 95 % bas",
    [PF_LABEL_SERIES_CI_HIGH] = "IC 95 % haut",
    [PF_LABEL_BP_SECTION] = "Business plan commun et activité",
    [PF_LABEL_COL_BUSINESS_PLAN] = "Business plan",
    [PF_LABEL_BP_WITH] = "Avec un business plan commun",
    [PF_LABEL_BP_WITHOUT] = "Sans",
    [PF_LABEL_BP_SHARE] = "Part des partenaires mûrs avec un business plan",
    [PF_LABEL_BP_FISHER] = "Écart avec / sans : p-value du test exact de Fisher",
    [PF_LABEL_BP_NOTE] =
        "Une p-value inférieure à 0,05 signifie que l'écart de taux d'activité a peu de chances d'être dû au "
        "hasard.",
    [PF_LABEL_COL_DAY] = "Jour",
    [PF_LABEL_COL_AT_RISK_KM] = "Suivis sans affaire",
    [PF_LABEL_COL_EVENTS] = "Premières affaires",
    [PF_LABEL_COL_CENSORED] = "Censurés",
    [PF_LABEL_COL_SURVIVAL] = "Part encore sans affaire",
    [PF_LABEL_COL_BAND_LOW] = "Bande 95 % basse",
    [PF_LABEL_COL_BAND_HIGH] = "Bande 95 % haute",
    [PF_LABEL_FD_KEY_FIGURES] = "Chiffres clés",
    [PF_LABEL_FD_PARTNERS] = "Partenaires avec une date de signature",
    [PF_LABEL_FD_EVENTS] = "Dont avec une première affaire",
    [PF_LABEL_FD_MEDIAN] = "Délai médian (jours)",
    [PF_LABEL_FD_MEDIAN_LOW] = "IC 95 % bas",
    [PF_LABEL_FD_MEDIAN_HIGH] = "IC 95 % haut",
    [PF_LABEL_FD_WITHIN_100] = "Première affaire en moins de 100 jours",
    [PF_LABEL_FD_WITHIN_100_LOW] = "IC 95 % bas",
    [PF_LABEL_FD_WITHIN_100_HIGH] = "IC 95 % haut",
    [PF_LABEL_FD_PLAN_DAYS] = "Durée du plan d'intégration (jours)",
    [PF_LABEL_FD_NAIVE_MEAN] = "Délai moyen, partenaires avec affaire seulement (biaisé)",
    [PF_LABEL_FD_NAIVE_MEDIAN] = "Délai médian, partenaires avec affaire seulement (biaisé)",
    [PF_LABEL_FD_TECH_AUTONOMY] = "Délai médian jusqu'à l'autonomie technique (ceux qui l'ont atteinte)",
    [PF_LABEL_FD_SALES_AUTONOMY] = "Délai médian jusqu'à l'autonomie commerciale (ceux qui l'ont atteinte)",
    [PF_LABEL_FD_LOGRANK_SECTION] = "Effet du plan 100 jours (test du log-rank)",
    [PF_LABEL_COL_GROUP] = "Groupe",
    [PF_LABEL_COL_PARTNERS] = "Partenaires",
    [PF_LABEL_COL_OBSERVED] = "Premières affaires",
    [PF_LABEL_COL_EXPECTED] = "Attendues sans effet",
    [PF_LABEL_GROUP_PLAN] = "Plan 100 jours démarré",
    [PF_LABEL_GROUP_NO_PLAN] = "Sans plan",
    [PF_LABEL_FD_CHI2] = "Khi-deux (1 ddl)",
    [PF_LABEL_FD_P] = "p-value",
    [PF_LABEL_FD_NOTE] =
        "Estimation de Kaplan-Meier : un partenaire encore sans affaire est suivi jusqu'à la fin du "
        "partenariat ou la date du rapport (censuré), pour que les signatures récentes ne faussent pas les "
        "chiffres. Part encore sans affaire = part précédente × (suivis − premières affaires) ÷ suivis. La "
        "bande est la bande de confiance à 95 % (Greenwood, échelle log).",
    [PF_LABEL_FD_NO_CURVE] =
        "Pas de courbe : le délai jusqu'à la première affaire demande deals.csv et des partenaires avec une "
        "date de signature.",
    [PF_LABEL_CHART_FIRST_DEAL] = "Part des partenaires encore sans première affaire",
    [PF_LABEL_AXIS_DAYS] = "Jours depuis la signature",
    [PF_LABEL_AXIS_SHARE_WITHOUT] = "Sans première affaire",
    [PF_LABEL_SERIES_CURVE] = "Kaplan-Meier",
    [PF_LABEL_SERIES_BAND_LOW] = "Bande 95 % (basse)",
    [PF_LABEL_SERIES_BAND_HIGH] = "Bande 95 % (haute)",
    [PF_LABEL_SERIES_100_DAYS] = "100 jours",
    [PF_LABEL_CHART_DATA] = "Données du graphique (courbe en escalier)",
    [PF_LABEL_COL_CHART_DAY] = "Jour",
    [PF_LABEL_COL_CHART_CURVE] = "Courbe",
    [PF_LABEL_COL_CHART_LOW] = "Bande basse",
    [PF_LABEL_COL_CHART_HIGH] = "Bande haute",
    [PF_LABEL_COL_CHART_MARK_DAY] = "Repère : jour",
    [PF_LABEL_COL_CHART_MARK_SHARE] = "Repère : part",
    [PF_LABEL_COSTS_SECTION] = "Coûts de recrutement des partenaires mûrs",
    [PF_LABEL_COSTS_MATURE] = "Partenaires mûrs",
    [PF_LABEL_COSTS_ACTIVE] = "Partenaires actifs",
    [PF_LABEL_COSTS_BAD] = "Mauvais recrutements (mûrs, inactifs)",
    [PF_LABEL_COSTS_BAD_TOTAL] = "Coût perdu des mauvais recrutements",
    [PF_LABEL_COSTS_PER_BAD] = "Coût par mauvais recrutement",
    [PF_LABEL_COSTS_MATURE_TOTAL] = "Coût total des partenaires mûrs",
    [PF_LABEL_COSTS_PER_ACTIVE] = "Coût par partenaire actif",
    [PF_LABEL_COSTS_OVERHEAD] = "Frais de programme (à part, non inclus ci-dessus)",
    [PF_LABEL_COSTS_OVERHEAD_SECTION] = "Frais de programme par catégorie",
    [PF_LABEL_COL_CATEGORY] = "Catégorie",
    [PF_LABEL_COL_LINES] = "Lignes",
    [PF_LABEL_COL_AMOUNT] = "Montant",
    [PF_LABEL_COL_SHARE] = "Part",
    [PF_LABEL_COSTS_NOTE] =
        "Coût d'un partenaire = coût de recrutement + coût d'intégration + ses lignes de costs.csv datées au "
        "plus tard de la date du rapport.",
    [PF_LABEL_COSTS_NO_OVERHEAD] = "Pas de costs.csv : frais de programme inconnus.",
    [PF_LABEL_COL_RECRUITER] = "Recruteur",
    [PF_LABEL_COL_LISTED] = "Identifiés",
    [PF_LABEL_COL_APPLICATIONS] = "Candidatures",
    [PF_LABEL_COL_BUSINESS_PLANS] = "Business plans",
    [PF_LABEL_COL_DAYS_TO_SIGN] = "Délai médian contact → signature (jours)",
    [PF_LABEL_RECRUITERS_NOTE] =
        "Triés par partenaires actifs après la période d'intégration — la mesure d'un recruteur selon le "
        "livre blanc, plutôt que le nombre de contrats signés.",
    [PF_LABEL_CHART_RECRUITERS] = "Signés et actifs à %d mois, par recruteur",
    [PF_LABEL_AXIS_PARTNERS] = "Partenaires",
    [PF_LABEL_COL_DIMENSION] = "Dimension",
    [PF_LABEL_COL_SEGMENT_VALUE] = "Valeur",
    [PF_LABEL_SEGMENTS_NOTE] =
        "Candidats par catégorie, marché et origine. Les recruteurs et les trimestres de signature ont leur "
        "propre feuille.",
    [PF_LABEL_COL_BAND] = "Niveau",
    [PF_LABEL_COL_PARTNER_ID] = "Identifiant partenaire",
    [PF_LABEL_COL_NAME] = "Raison sociale",
    [PF_LABEL_COL_SIGNED_ON] = "Date de signature",
    [PF_LABEL_COL_DAYS_SINCE_SIGNING] = "Jours depuis la signature",
    [PF_LABEL_COL_KICKOFF_ON] = "Début du plan 100 jours",
    [PF_LABEL_COL_ACTION] = "Ce que préconise la règle",
    [PF_LABEL_COL_COUNT] = "Partenaires",
    [PF_LABEL_AT_RISK_NOTE] =
        "Partenaires signés, non terminés, sans affaire gagnée depuis la signature. En retard : 100 jours ou "
        "plus, pas encore mûrs ; à revoir : mûrs, moins de 9 mois ; envisager l'arrêt : 9 mois ou plus.",
    [PF_LABEL_AT_RISK_NONE] = "Aucun partenaire à risque.",
    [PF_LABEL_AT_RISK_NO_DEALS] = "Non mesurable sans deals.csv.",
    [PF_LABEL_COL_COMPANY_ID] = "Identifiant société",
    [PF_LABEL_COL_MARKET] = "Marché",
    [PF_LABEL_COL_SOURCE] = "Origine",
    [PF_LABEL_COL_LISTED_ON] = "Date d'identification",
    [PF_LABEL_COL_APPROACHED_ON] = "Date de premier contact",
    [PF_LABEL_COL_APPLIED_ON] = "Date de candidature",
    [PF_LABEL_COL_COMMITTEE_ON] = "Date du comité",
    [PF_LABEL_COL_DECISION] = "Décision du comité",
    [PF_LABEL_COL_BUSINESS_PLAN_ON] = "Date du business plan",
    [PF_LABEL_COL_TECH_AUTONOMY_ON] = "Autonomie technique",
    [PF_LABEL_COL_SALES_AUTONOMY_ON] = "Autonomie commerciale",
    [PF_LABEL_COL_ENDED_ON] = "Date de fin",
    [PF_LABEL_COL_FURTHEST_STAGE] = "Étape atteinte",
    [PF_LABEL_COL_STATUS_PARTNER] = "Statut",
    [PF_LABEL_COL_FIRST_DEAL_ON] = "Date de première affaire",
    [PF_LABEL_COL_DAYS_TO_FIRST_DEAL] = "Jours jusqu'à la première affaire",
    [PF_LABEL_COL_ACTIVE_FLAG] = "Actif à %d mois",
    [PF_LABEL_COL_AT_RISK_BAND] = "À risque",
    [PF_LABEL_COL_COST] = "Coût du partenaire",
    [PF_LABEL_COL_LINE_IN_FILE] = "Ligne dans %s",
    [PF_LABEL_DQ_ACCOUNTING] = "Bilan des lignes : lues = acceptées + rejetées",
    [PF_LABEL_COL_FILE] = "Fichier",
    [PF_LABEL_COL_PATH] = "Chemin",
    [PF_LABEL_COL_ROWS_READ] = "Lignes lues",
    [PF_LABEL_COL_ACCEPTED] = "Acceptées",
    [PF_LABEL_COL_REJECTED] = "Rejetées",
    [PF_LABEL_COL_WARNINGS] = "Avertissements",
    [PF_LABEL_COL_REJECTED_SHARE] = "Part rejetée",
    [PF_LABEL_DQ_REJECTS] = "Lignes rejetées",
    [PF_LABEL_COL_LINE] = "Ligne",
    [PF_LABEL_COL_COLUMN] = "Colonne",
    [PF_LABEL_COL_REASON] = "Motif",
    [PF_LABEL_COL_RAW] = "Ligne telle que dans le fichier",
    [PF_LABEL_DQ_WARNINGS] = "Avertissements (lignes conservées)",
    [PF_LABEL_COL_MESSAGE] = "Message",
    [PF_LABEL_DQ_NO_REJECTS] = "Aucune ligne rejetée.",
    [PF_LABEL_DQ_NO_WARNINGS] = "Aucun avertissement.",
    [PF_LABEL_DQ_NOTE] =
        "Une ligne rejetée n'entre dans aucun chiffre ; une ligne avec avertissement est conservée. Corrigez "
        "les lignes dans le CRM puis exportez à nouveau.",
    [PF_LABEL_ABOUT_RUN] = "Ce rapport",
    [PF_LABEL_ABOUT_AS_OF] = "Date du rapport",
    [PF_LABEL_ABOUT_PROGRAM] = "Programme",
    [PF_LABEL_ABOUT_SETTINGS_FILE] = "Fichier de paramètres",
    [PF_LABEL_ABOUT_DEFAULTS] = "aucun (valeurs par défaut)",
    [PF_LABEL_ABOUT_LANGUAGE] = "Langue",
    [PF_LABEL_ABOUT_CURRENCY] = "Devise",
    [PF_LABEL_ABOUT_WINDOW] = "Période d'intégration (mois)",
    [PF_LABEL_ABOUT_MIN_WON] = "Affaires gagnées pour être actif",
    [PF_LABEL_ABOUT_CANDIDATES] = "Candidats dans l'export",
    [PF_LABEL_ABOUT_OUT_OF_SCOPE] = "Identifiés après la date du rapport (exclus)",
    [PF_LABEL_ABOUT_MODE] = "Mise en forme du classeur",
    [PF_LABEL_ABOUT_MODE_TABLES] = "Tableaux Excel avec filtres",
    [PF_LABEL_ABOUT_MODE_STREAMED] = "Écrit en flux (plus de %s candidats) : filtres au lieu de tableaux Excel",
    [PF_LABEL_ABOUT_INPUTS] = "Fichiers lus",
    [PF_LABEL_COL_SHA256] = "SHA-256",
    [PF_LABEL_COL_SIZE] = "Octets",
    [PF_LABEL_COL_ENCODING] = "Encodage",
    [PF_LABEL_COL_DELIMITER] = "Séparateur",
    [PF_LABEL_ABOUT_DEFINITIONS] = "Définitions",
    [PF_LABEL_COL_TERM] = "Terme",
    [PF_LABEL_COL_DEFINITION] = "Définition",
    [PF_LABEL_TERM_AS_OF] = "Date du rapport",
    [PF_LABEL_DEF_AS_OF] =
        "Tout ce qui est daté après la date du rapport est considéré comme pas encore arrivé : le rapport "
        "d'un mois passé peut être refait à partir d'un export plus récent. Les candidats identifiés après "
        "cette date sont exclus.",
    [PF_LABEL_TERM_FUNNEL] = "Entonnoir",
    [PF_LABEL_DEF_FUNNEL] =
        "Candidats ayant atteint chaque étape du processus : identifiés, contactés, candidature reçue, "
        "présentés au comité, approuvés, signés, plan 100 jours démarré, première affaire gagnée. Une étape "
        "atteinte implique les précédentes.",
    [PF_LABEL_TERM_CONVERSION] = "Conversion",
    [PF_LABEL_DEF_CONVERSION] = "Candidats ayant atteint une étape ÷ candidats ayant atteint la précédente.",
    [PF_LABEL_TERM_INTERVAL] = "Intervalle à 95 %",
    [PF_LABEL_DEF_INTERVAL] =
        "La fourchette dans laquelle se trouve le vrai taux avec 95 % de confiance, compte tenu du nombre de "
        "partenaires (intervalle de Wilson). Les petits groupes donnent des intervalles larges.",
    [PF_LABEL_TERM_MATURE] = "Partenaire mûr",
    [PF_LABEL_DEF_MATURE] =
        "Un partenaire dont le contrat a été signé au moins %d mois avant la date du rapport : assez "
        "longtemps pour juger.",
    [PF_LABEL_TERM_ACTIVE] = "Partenaire actif",
    [PF_LABEL_DEF_ACTIVE] =
        "Un partenaire mûr avec au moins %d affaire(s) gagnée(s) dans les %d mois suivant la signature, et "
        "pas terminé avant.",
    [PF_LABEL_TERM_BAD_RECRUIT] = "Mauvais recrutement",
    [PF_LABEL_DEF_BAD_RECRUIT] = "Un partenaire mûr qui n'est pas actif.",
    [PF_LABEL_TERM_PARTNER_COST] = "Coût d'un partenaire",
    [PF_LABEL_DEF_PARTNER_COST] =
        "Coût de recrutement + coût d'intégration + ses propres lignes de costs.csv jusqu'à la date du "
        "rapport. Les frais de programme (lignes sans partenaire) sont présentés à part.",
    [PF_LABEL_TERM_COST_PER_BAD] = "Coût par mauvais recrutement",
    [PF_LABEL_DEF_COST_PER_BAD] = "Coût total des mauvais recrutements ÷ leur nombre.",
    [PF_LABEL_TERM_COST_PER_ACTIVE] = "Coût par partenaire actif",
    [PF_LABEL_DEF_COST_PER_ACTIVE] =
        "Coût total de tous les partenaires mûrs (échecs compris) ÷ le nombre de partenaires actifs : ce que "
        "coûte vraiment un partenaire actif.",
    [PF_LABEL_TERM_TIME_TO_FIRST_DEAL] = "Délai jusqu'à la première affaire",
    [PF_LABEL_DEF_TIME_TO_FIRST_DEAL] =
        "Jours entre la signature et la première affaire gagnée, estimés par Kaplan-Meier : les partenaires "
        "encore en attente comptent jusqu'à la fin du partenariat ou la date du rapport (censurés), pour que "
        "les signatures récentes ne faussent pas le chiffre. La médiane est le jour où la moitié des "
        "partenaires a conclu sa première affaire (n.d. tant que moins de la moitié l'a fait).",
    [PF_LABEL_TERM_WITHIN_100] = "Première affaire en moins de 100 jours",
    [PF_LABEL_DEF_WITHIN_100] =
        "Part des partenaires ayant conclu une première affaire dans les 100 jours suivant la signature (1 − "
        "la courbe de Kaplan-Meier au jour 100) : le test du plan d'intégration de 100 jours.",
    [PF_LABEL_TERM_LOGRANK] = "Test du log-rank",
    [PF_LABEL_DEF_LOGRANK] =
        "Compare le délai jusqu'à la première affaire des partenaires ayant démarré le plan 100 jours à "
        "celui des autres. Une p-value inférieure à 0,05 signifie que l'écart a peu de chances d'être dû au "
        "hasard.",
    [PF_LABEL_TERM_FISHER] = "Test exact de Fisher",
    [PF_LABEL_DEF_FISHER] =
        "Compare le taux d'activité des partenaires mûrs avec et sans business plan commun ; la p-value se "
        "lit de la même façon.",
    [PF_LABEL_TERM_AT_RISK] = "À risque",
    [PF_LABEL_DEF_AT_RISK] =
        "Partenaires signés, non terminés, sans affaire gagnée depuis la signature : en retard sur le plan "
        "100 jours (100 jours ou plus, pas encore mûrs), à revoir (mûrs, moins de 9 mois), envisager l'arrêt "
        "(9 mois ou plus) — la règle du livre blanc : arrêter quand rien n'est signé 6 à 9 mois après le "
        "contrat.",
    [PF_LABEL_TERM_STATUS] = "Statuts",
    [PF_LABEL_DEF_STATUS] =
        "Vert, orange ou rouge par rapport au livre blanc : taux d'activité vert dès 40 %, rouge sous 30 % ; "
        "coût par mauvais recrutement vert jusqu'à 15 000 €, rouge au-delà de 70 000 € (rapports en euros "
        "seulement) ; délai médian vert jusqu'à 100 jours, rouge au-delà de 180 ; première affaire en 100 "
        "jours vert dès 50 %, rouge sous 25 % ; business plans vert dès 80 %, rouge sous 50 %.",
    [PF_LABEL_TERM_NA] = "n.d.",
    [PF_LABEL_DEF_NA] =
        "Un chiffre qui ne peut pas être calculé avec cet export (pas de fichier des affaires, personne dans "
        "le groupe, médiane pas encore atteinte). Jamais affiché comme 0.",
    [PF_LABEL_ABOUT_NAMES] = "Noms définis (Formules › Gestionnaire de noms)",
    [PF_LABEL_COL_DEFINED_NAME] = "Nom",
    [PF_LABEL_COL_REFERS_TO] = "Fait référence à",
    [PF_LABEL_COL_MEANING] = "Indicateur",
    [PF_LABEL_SCORE_SHEET_FUNNEL] = "Entonnoir",
    [PF_LABEL_SCORE_SHEET_GROUPS] = "Répartition",
    [PF_LABEL_SCORE_SHEET_ABOUT] = "À propos",
    [PF_LABEL_SCORE_RANK] = "Rang",
    [PF_LABEL_SCORE_ID] = "Identifiant",
    [PF_LABEL_SCORE_SCORE] = "Score",
    [PF_LABEL_SCORE_FUNNEL_TITLE] = "Entonnoir d'élimination : %s",
    [PF_LABEL_SCORE_STEP] = "Étape",
    [PF_LABEL_SCORE_REMAINING] = "Restants",
    [PF_LABEL_SCORE_SHARE] = "Part des évalués",
    [PF_LABEL_SCORE_SCORED] = "Prospects évalués",
    [PF_LABEL_SCORE_ELIGIBLE] = "Éligibles",
    [PF_LABEL_SCORE_KNOWN] = "Déjà partenaires (éligibles)",
    [PF_LABEL_SCORE_SHORTLISTED] = "Retenus",
    [PF_LABEL_SCORE_GROUPS_TITLE] = "Prospects éligibles par %s",
    [PF_LABEL_SCORE_GROUPS_PREFIX] = "%s (%d premiers caractères)",
    [PF_LABEL_SCORE_EMPTY_GROUP] = "(vide)",
    [PF_LABEL_SCORE_NO_SHORTLIST] = "Aucun prospect éligible hors des partenaires.",
    [PF_LABEL_SCORE_ABOUT_TITLE] = "Évaluation des prospects",
    [PF_LABEL_SCORE_PROSPECT_FILE] = "Fichier de prospects",
    [PF_LABEL_SCORE_SIZE] = "Taille (octets)",
    [PF_LABEL_SCORE_SHA256] = "SHA-256",
    [PF_LABEL_SCORE_FORMAT] = "Format",
    [PF_LABEL_SCORE_ROWS_READ] = "Lignes lues",
    [PF_LABEL_SCORE_ROWS_SCORED] = "Lignes évaluées",
    [PF_LABEL_SCORE_ROWS_REJECTED] = "Lignes rejetées",
    [PF_LABEL_SCORE_CRITERIA_FILE] = "Fichier de critères",
    [PF_LABEL_SCORE_PARTNERS_FILE] = "Fichier des partenaires",
    [PF_LABEL_SCORE_KNOWN_IDS] = "Identifiants d'entreprise connus",
    [PF_LABEL_SCORE_SETTINGS_FILE] = "Fichier de paramètres",
    [PF_LABEL_SCORE_ID_COLUMN] = "Colonne identifiant",
    [PF_LABEL_SCORE_GROUP_BY] = "Regroupement",
    [PF_LABEL_SCORE_TOP] = "Longueur de la liste (top K)",
    [PF_LABEL_SCORE_SOFTWARE] = "Logiciel",
    [PF_LABEL_SCORE_NONE] = "(aucun)",
    [PF_LABEL_SCORE_NOT_HASHED] = "(non calculé : pas un fichier ordinaire)",
    [PF_LABEL_SCORE_CRITERIA_USED] = "Critères utilisés",
    [PF_LABEL_SCORE_REJECTED_ROWS] = "Lignes rejetées",
    [PF_LABEL_SCORE_LINE] = "Ligne",
    [PF_LABEL_SCORE_REASON] = "Motif",
    [PF_LABEL_SCORE_COLUMN] = "Colonne",
    [PF_LABEL_SCORE_RAW] = "Texte",
    [PF_LABEL_SCORE_MORE_REJECTS] = "... et %s autres lignes rejetées (non listées)",
    [PF_LABEL_SCORE_YES] = "oui",
    [PF_LABEL_SCORE_NO] = "non",
    [PF_LABEL_SHEET_TREND] = "Tendance",
    [PF_LABEL_TITLE_TREND] = "Indicateurs clés aux 12 dernières fins de mois",
    [PF_LABEL_TREND_NOTE] =
        "Chaque ligne est le rapport arrêté à cette fin de mois, recalculé sur cet export : "
        "ce qui est daté après n'avait pas encore eu lieu.",
    [PF_LABEL_COL_MONTH_END] = "Fin de mois",
    [PF_LABEL_COL_SINCE] = "Depuis le %s",
    [PF_LABEL_COL_BAD_RECRUITS] = "Mauvais recrutements",
    [PF_LABEL_CHART_TREND_RATES] = "Taux à chaque fin de mois",
    [PF_LABEL_CHART_TREND_COUNTS] = "Partenaires à chaque fin de mois",
    [PF_LABEL_AXIS_MONTH_END] = "Fin de mois",
};

const char *const *labels_table(pf_lang lang)
{
    return lang == PF_LANG_FR ? labels_fr : labels_en;
}

const char *labels_get(pf_lang lang, pf_label label)
{
    if ((unsigned)label >= PF_LABEL_COUNT)
        return "";
    const char *text = labels_table(lang)[label];
    return text ? text : "";
}
