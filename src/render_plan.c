/* render_plan.c — the plan workbook (see render_plan.h): formatting only, every figure comes from pf_plan.
 *
 * The Plan sheet is a small spreadsheet model: its input block holds the figures the plan rests on, and
 * every derived cell (needed per stage, budget, calendar arithmetic) is a formula over that block, stored
 * with the value plan.c computed by the same arithmetic (CEILING(ROUND(x, 9), 1) for ⌈⌉, INT for the even
 * spread of the listing), so a recalculation agrees. The Calendar sheet's cells are formulas over the Plan
 * sheet; the Simulation and the Levers are the program's results for the inputs as given (a Monte Carlo cannot
 * be a formula), and say so. Row layouts are the tables below, not magic numbers in code.
 */
#include "partnerfunnel/render_plan.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "partnerfunnel/xlsx_book.h"

void render_plan_default_path(pf_date as_of, char out[64])
{
    char iso[11];
    field_date_format_iso(as_of, iso);
    snprintf(out, 64, "reports/recruitment-plan-%s.xlsx", iso);
}

/* ---- labels: one table per language ---- */

typedef enum plan_label {
    L_SHEET_PLAN,
    L_SHEET_CALENDAR,
    L_SHEET_SIMULATION,
    L_SHEET_LEVERS,
    L_SHEET_SOURCES,
    L_TITLE_PLAN,
    L_TITLE_CALENDAR,
    L_TITLE_SIMULATION,
    L_TITLE_LEVERS,
    L_TITLE_SOURCES,
    L_SUBTITLE, /* printf: as_of, target, date, cut */
    L_INPUTS,
    L_INPUTS_NOTE,
    L_FIGURE,
    L_VALUE,
    L_SOURCE,
    L_TARGET,
    L_RATE_APPROACHED,
    L_RATE_APPLIED,
    L_RATE_REVIEWED,
    L_RATE_APPROVED,
    L_RATE_SIGNED,
    L_RATE_ACTIVE,
    L_RECRUITMENT_COST,
    L_ONBOARDING_COST,
    L_DAYS_APPROACHED,
    L_DAYS_APPLIED,
    L_DAYS_REVIEWED,
    L_DAYS_APPROVED,
    L_DAYS_SIGNED,
    L_WINDOW,
    L_FIRST_MONTH,
    L_TARGET_DATE,
    L_RECRUITERS,
    L_DERIVED,
    L_STAGE,
    L_NEEDED,
    L_STAGE_LISTED,
    L_STAGE_APPROACHED,
    L_STAGE_APPLIED,
    L_STAGE_REVIEWED,
    L_STAGE_APPROVED,
    L_STAGE_SIGNED,
    L_STAGE_ACTIVE,
    L_BUDGET,
    L_COST_PER_ACTIVE,
    L_APPROACH_OFFSET,
    L_SIGN_OFFSET,
    L_LISTING_MONTHS,
    L_START_LISTING_BY,
    L_MONTH,
    L_LIST,
    L_APPROACH,
    L_SIGN,
    L_MATURE,
    L_PER_RECRUITER,
    L_TOTAL,
    L_CALENDAR_NOTE,
    L_CALENDAR_CHART,
    L_SIMULATION_NOTE,
    L_DRAWS,
    L_SEED,
    L_P10,
    L_P50,
    L_P90,
    L_P_TARGET,
    L_LISTING_80,
    L_HISTOGRAM,
    L_ACTIVE_FROM,
    L_ACTIVE_TO,
    L_SHARE,
    L_HISTOGRAM_CHART,
    L_LEVER,
    L_CHANGE,
    L_FROM,
    L_TO,
    L_BACKED_BY,
    L_NEEDED_LISTED,
    L_SAVING,
    L_BASE_PLAN,
    L_NOT_BACKED,
    L_LEVERS_NOTE,
    L_LEVERS_CHART,
    L_LEVER_QUALITY,
    L_LEVER_SIGNING,
    L_LEVER_ACTIVE,
    L_LEVER_COST,
    L_BEST_SOURCE,
    L_BEST_RECRUITER,
    L_WITH_BUSINESS_PLAN,
    L_CHEAPEST_SOURCE,
    L_AS_OF,
    L_COHORT_MONTHS,
    L_COHORT_CUT,
    L_SETTINGS_FILE,
    L_NONE,
    L_SUCCESSES,
    L_TRIALS,
    L_BASIS,
    L_OBSERVED,
    L_FROM_SETTINGS,
    L_NOT_KNOWN,
    L_SOURCES_NOTE,
    L_LABEL_COUNT
} plan_label;

static const char *const labels[2][L_LABEL_COUNT] = {
    [PF_LANG_EN] =
        {
            [L_SHEET_PLAN] = "Plan",
            [L_SHEET_CALENDAR] = "Calendar",
            [L_SHEET_SIMULATION] = "Simulation",
            [L_SHEET_LEVERS] = "Levers",
            [L_SHEET_SOURCES] = "Sources",
            [L_TITLE_PLAN] = "Recruitment plan",
            [L_TITLE_CALENDAR] = "Calendar, month by month",
            [L_TITLE_SIMULATION] = "How sure is the plan? (Monte Carlo)",
            [L_TITLE_LEVERS] = "The four levers",
            [L_TITLE_SOURCES] = "Where each figure comes from",
            [L_SUBTITLE] = "As of %s: %ld active partners by %s; rates from candidates listed on or before %s",
            [L_INPUTS] = "Inputs",
            [L_INPUTS_NOTE] = "Edit the yellow cells: every figure below and the Calendar sheet recompute.",
            [L_FIGURE] = "Figure",
            [L_VALUE] = "Value",
            [L_SOURCE] = "Source",
            [L_TARGET] = "Target: active partners",
            [L_RATE_APPROACHED] = "Conversion listed to approached",
            [L_RATE_APPLIED] = "Conversion approached to applied",
            [L_RATE_REVIEWED] = "Conversion applied to reviewed",
            [L_RATE_APPROVED] = "Conversion reviewed to approved",
            [L_RATE_SIGNED] = "Conversion approved to signed",
            [L_RATE_ACTIVE] = "Active after the window (of mature partners)",
            [L_RECRUITMENT_COST] = "Recruitment cost per listed candidate",
            [L_ONBOARDING_COST] = "Onboarding and partner costs per signed partner",
            [L_DAYS_APPROACHED] = "Median days listed to approached",
            [L_DAYS_APPLIED] = "Median days approached to applied",
            [L_DAYS_REVIEWED] = "Median days applied to reviewed",
            [L_DAYS_APPROVED] = "Median days reviewed to approved",
            [L_DAYS_SIGNED] = "Median days approved to signed",
            [L_WINDOW] = "Window of the active definition (months)",
            [L_FIRST_MONTH] = "First planning month",
            [L_TARGET_DATE] = "Target date",
            [L_RECRUITERS] = "Recruiters (current headcount)",
            [L_DERIVED] = "The plan (formulas)",
            [L_STAGE] = "Stage",
            [L_NEEDED] = "Needed",
            [L_STAGE_LISTED] = "Listed",
            [L_STAGE_APPROACHED] = "Approached",
            [L_STAGE_APPLIED] = "Applied",
            [L_STAGE_REVIEWED] = "Reviewed",
            [L_STAGE_APPROVED] = "Approved",
            [L_STAGE_SIGNED] = "Signed",
            [L_STAGE_ACTIVE] = "Active",
            [L_BUDGET] = "Budget",
            [L_COST_PER_ACTIVE] = "Cost per active partner",
            [L_APPROACH_OFFSET] = "Months from listing to approaching",
            [L_SIGN_OFFSET] = "Months from listing to signing",
            [L_LISTING_MONTHS] = "Months available for listing",
            [L_START_LISTING_BY] = "Start listing by (latest month)",
            [L_MONTH] = "Month",
            [L_LIST] = "To list",
            [L_APPROACH] = "To approach",
            [L_SIGN] = "Contracts expected",
            [L_MATURE] = "Partners maturing",
            [L_PER_RECRUITER] = "To list per recruiter",
            [L_TOTAL] = "Total",
            [L_CALENDAR_NOTE] =
                "Listing spread evenly over the months available; each stage follows after its median delay, "
                "rounded up to whole months of 30 days.",
            [L_CALENDAR_CHART] = "The plan month by month",
            [L_SIMULATION_NOTE] =
                "Each draw takes every rate from its Jeffreys posterior given the observed counts (fixed when "
                "set in [plan]) and passes the candidates through the stages binomially. Computed for "
                "the inputs as given: it does not recompute when the Plan sheet is edited.",
            [L_DRAWS] = "Draws",
            [L_SEED] = "Seed",
            [L_P10] = "Active partners, P10 (pessimistic)",
            [L_P50] = "Active partners, P50 (median)",
            [L_P90] = "Active partners, P90 (optimistic)",
            [L_P_TARGET] = "Probability of reaching the target",
            [L_LISTING_80] = "Candidates to list for an 80 % chance",
            [L_HISTOGRAM] = "Active partners over the draws",
            [L_ACTIVE_FROM] = "Active from",
            [L_ACTIVE_TO] = "to",
            [L_SHARE] = "Share of draws",
            [L_HISTOGRAM_CHART] = "Active partners reached (share of draws)",
            [L_LEVER] = "Lever",
            [L_CHANGE] = "Change",
            [L_FROM] = "From",
            [L_TO] = "To",
            [L_BACKED_BY] = "Backed by",
            [L_NEEDED_LISTED] = "Candidates to list",
            [L_SAVING] = "Saving",
            [L_BASE_PLAN] = "Base plan",
            [L_NOT_BACKED] = "not backed by the client's own data",
            [L_LEVERS_NOTE] = "Each lever alone, the other figures as in the base plan; ranked by saving.",
            [L_LEVERS_CHART] = "Saving against the base plan",
            [L_LEVER_QUALITY] = "(1) More or better candidates (listed to approached)",
            [L_LEVER_SIGNING] = "(2) Contract signing rate (approached to signed)",
            [L_LEVER_ACTIVE] = "(3) Active after the window",
            [L_LEVER_COST] = "(4) Recruitment cost per candidate",
            [L_BEST_SOURCE] = "best source",
            [L_BEST_RECRUITER] = "best recruiter",
            [L_WITH_BUSINESS_PLAN] = "partners with a business plan",
            [L_CHEAPEST_SOURCE] = "cheapest source",
            [L_AS_OF] = "As of",
            [L_COHORT_MONTHS] = "Planning cohort: listed at least this many months before",
            [L_COHORT_CUT] = "Planning cohort: listed on or before",
            [L_SETTINGS_FILE] = "Settings file",
            [L_NONE] = "(none)",
            [L_SUCCESSES] = "Reached",
            [L_TRIALS] = "Out of",
            [L_BASIS] = "Over",
            [L_OBSERVED] = "observed",
            [L_FROM_SETTINGS] = "[plan] settings",
            [L_NOT_KNOWN] = "not in the export: 0",
            [L_SOURCES_NOTE] =
                "Rates count the planning cohort as of the as-of date, implied stages included; the active "
                "rate counts every mature partner. A figure set in [plan] replaces the observed one.",
        },
    [PF_LANG_FR] =
        {
            [L_SHEET_PLAN] = "Plan",
            [L_SHEET_CALENDAR] = "Calendrier",
            [L_SHEET_SIMULATION] = "Simulation",
            [L_SHEET_LEVERS] = "Leviers",
            [L_SHEET_SOURCES] = "Sources",
            [L_TITLE_PLAN] = "Plan de recrutement",
            [L_TITLE_CALENDAR] = "Calendrier, mois par mois",
            [L_TITLE_SIMULATION] = "Quelle confiance dans le plan ? (Monte-Carlo)",
            [L_TITLE_LEVERS] = "Les quatre leviers",
            [L_TITLE_SOURCES] = "D'où vient chaque chiffre",
            [L_SUBTITLE] =
                "Au %s : %ld partenaires actifs au %s ; taux des candidats identifiés au plus tard le %s",
            [L_INPUTS] = "Hypothèses",
            [L_INPUTS_NOTE] =
                "Modifiez les cellules jaunes : tous les chiffres ci-dessous et le calendrier se recalculent.",
            [L_FIGURE] = "Hypothèse",
            [L_VALUE] = "Valeur",
            [L_SOURCE] = "Source",
            [L_TARGET] = "Objectif : partenaires actifs",
            [L_RATE_APPROACHED] = "Conversion identifié vers approché",
            [L_RATE_APPLIED] = "Conversion approché vers candidature",
            [L_RATE_REVIEWED] = "Conversion candidature vers comité",
            [L_RATE_APPROVED] = "Conversion comité vers accepté",
            [L_RATE_SIGNED] = "Conversion accepté vers signé",
            [L_RATE_ACTIVE] = "Actifs après la période (parmi les partenaires mûrs)",
            [L_RECRUITMENT_COST] = "Coût de recrutement par candidat identifié",
            [L_ONBOARDING_COST] = "Coûts d'intégration et du partenaire par partenaire signé",
            [L_DAYS_APPROACHED] = "Jours médians identifié vers approché",
            [L_DAYS_APPLIED] = "Jours médians approché vers candidature",
            [L_DAYS_REVIEWED] = "Jours médians candidature vers comité",
            [L_DAYS_APPROVED] = "Jours médians comité vers accepté",
            [L_DAYS_SIGNED] = "Jours médians accepté vers signé",
            [L_WINDOW] = "Période de la définition d'actif (mois)",
            [L_FIRST_MONTH] = "Premier mois du plan",
            [L_TARGET_DATE] = "Date cible",
            [L_RECRUITERS] = "Recruteurs (effectif actuel)",
            [L_DERIVED] = "Le plan (formules)",
            [L_STAGE] = "Étape",
            [L_NEEDED] = "Nécessaires",
            [L_STAGE_LISTED] = "Identifiés",
            [L_STAGE_APPROACHED] = "Approchés",
            [L_STAGE_APPLIED] = "Candidatures",
            [L_STAGE_REVIEWED] = "Passés en comité",
            [L_STAGE_APPROVED] = "Acceptés",
            [L_STAGE_SIGNED] = "Signés",
            [L_STAGE_ACTIVE] = "Actifs",
            [L_BUDGET] = "Budget",
            [L_COST_PER_ACTIVE] = "Coût par partenaire actif",
            [L_APPROACH_OFFSET] = "Mois de l'identification à l'approche",
            [L_SIGN_OFFSET] = "Mois de l'identification à la signature",
            [L_LISTING_MONTHS] = "Mois disponibles pour identifier",
            [L_START_LISTING_BY] = "Commencer à identifier au plus tard en",
            [L_MONTH] = "Mois",
            [L_LIST] = "À identifier",
            [L_APPROACH] = "À approcher",
            [L_SIGN] = "Contrats attendus",
            [L_MATURE] = "Partenaires arrivant à maturité",
            [L_PER_RECRUITER] = "À identifier par recruteur",
            [L_TOTAL] = "Total",
            [L_CALENDAR_NOTE] =
                "Identification répartie également sur les mois disponibles ; chaque étape suit après son "
                "délai médian, arrondi au mois de 30 jours supérieur.",
            [L_CALENDAR_CHART] = "Le plan mois par mois",
            [L_SIMULATION_NOTE] =
                "Chaque tirage prend chaque taux dans sa loi a posteriori de Jeffreys selon les effectifs "
                "observés (fixe s'il est donné dans [plan]) et fait passer les candidats par les étapes "
                "selon des lois binomiales. Calculé pour les hypothèses telles quelles : ne se recalcule "
                "pas quand la feuille Plan est modifiée.",
            [L_DRAWS] = "Tirages",
            [L_SEED] = "Graine",
            [L_P10] = "Partenaires actifs, P10 (pessimiste)",
            [L_P50] = "Partenaires actifs, P50 (médiane)",
            [L_P90] = "Partenaires actifs, P90 (optimiste)",
            [L_P_TARGET] = "Probabilité d'atteindre l'objectif",
            [L_LISTING_80] = "Candidats à identifier pour 80 % de chances",
            [L_HISTOGRAM] = "Partenaires actifs selon les tirages",
            [L_ACTIVE_FROM] = "Actifs de",
            [L_ACTIVE_TO] = "à",
            [L_SHARE] = "Part des tirages",
            [L_HISTOGRAM_CHART] = "Partenaires actifs atteints (part des tirages)",
            [L_LEVER] = "Levier",
            [L_CHANGE] = "Changement",
            [L_FROM] = "De",
            [L_TO] = "À",
            [L_BACKED_BY] = "Appuyé sur",
            [L_NEEDED_LISTED] = "Candidats à identifier",
            [L_SAVING] = "Économie",
            [L_BASE_PLAN] = "Plan de base",
            [L_NOT_BACKED] = "non étayé par les données du client",
            [L_LEVERS_NOTE] =
                "Chaque levier seul, les autres chiffres comme dans le plan de base ; classés par économie.",
            [L_LEVERS_CHART] = "Économie par rapport au plan de base",
            [L_LEVER_QUALITY] = "(1) Plus de candidats, ou de meilleurs (identifié vers approché)",
            [L_LEVER_SIGNING] = "(2) Taux de signature (approché vers signé)",
            [L_LEVER_ACTIVE] = "(3) Actifs après la période",
            [L_LEVER_COST] = "(4) Coût de recrutement par candidat",
            [L_BEST_SOURCE] = "meilleure source",
            [L_BEST_RECRUITER] = "meilleur recruteur",
            [L_WITH_BUSINESS_PLAN] = "partenaires avec un business plan",
            [L_CHEAPEST_SOURCE] = "source la moins chère",
            [L_AS_OF] = "Au",
            [L_COHORT_MONTHS] = "Cohorte de planification : identifiés au moins ce nombre de mois avant",
            [L_COHORT_CUT] = "Cohorte de planification : identifiés au plus tard le",
            [L_SETTINGS_FILE] = "Fichier de paramètres",
            [L_NONE] = "(aucun)",
            [L_SUCCESSES] = "Atteints",
            [L_TRIALS] = "Sur",
            [L_BASIS] = "Sur",
            [L_OBSERVED] = "observé",
            [L_FROM_SETTINGS] = "paramètres [plan]",
            [L_NOT_KNOWN] = "absent de l'export : 0",
            [L_SOURCES_NOTE] =
                "Les taux comptent la cohorte de planification à la date d'arrêté, étapes implicites "
                "comprises ; le taux d'actifs compte tous les partenaires mûrs. Un chiffre donné dans "
                "[plan] remplace le chiffre observé.",
        },
};

/* ---- the Plan sheet's layout ---- */

enum {
    ROW_INPUTS = 3,
    ROW_TARGET = 5,
    ROW_RATE = 6, /* six rates: approached .. signed, active */
    ROW_RECRUITMENT_COST = ROW_RATE + PF_PLAN_RATE_COUNT,
    ROW_ONBOARDING_COST,
    ROW_DAYS, /* five delays */
    ROW_WINDOW = ROW_DAYS + PF_PLAN_DELAY_COUNT,
    ROW_FIRST_MONTH,
    ROW_TARGET_DATE,
    ROW_RECRUITERS,
    ROW_DERIVED = ROW_RECRUITERS + 2,
    ROW_NEEDED = ROW_DERIVED + 2, /* listed .. signed, active */
    ROW_BUDGET = ROW_NEEDED + PF_PLAN_STAGE_COUNT + 2,
    ROW_COST_PER_ACTIVE,
    ROW_APPROACH_OFFSET,
    ROW_SIGN_OFFSET,
    ROW_LISTING_MONTHS,
    ROW_START_LISTING,
};
#define COL_LABEL 0
#define COL_VALUE 1
#define COL_SOURCE 2

/* Everything the sheet builders share. */
typedef struct plan_book {
    wb_book book;
    const pf_plan *plan;
    const pf_settings *settings;
    pf_lang lang;
    lxw_format *input[4]; /* highlighted input cells: integer, percent, money, days; date */
    lxw_format *input_date;
    lxw_format *month;  /* a month: 2027-02 / 02/2027 */
    char plan_ref[260]; /* "Plan!" as a formula prefix */
} plan_book;

enum { INPUT_INTEGER, INPUT_PERCENT, INPUT_MONEY, INPUT_DAYS };

static const char *text(const plan_book *pb, plan_label label)
{
    return labels[pb->lang][label];
}

static double excel_date(pf_date date)
{
    return 25569.0 + (double)(date - field_date_from_ymd(1970, 1, 1));
}

/* A Plan-sheet cell as an absolute reference from another sheet: Plan!$B$6. */
static const char *plan_cell(const plan_book *pb, char buf[300], lxw_row_t row)
{
    char cell[16];
    snprintf(buf, 300, "%s%s", pb->plan_ref, wb_cell_abs(cell, row, COL_VALUE));
    return buf;
}

static const char *source_text(const plan_book *pb, pf_plan_source source)
{
    return text(pb, source == PF_PLAN_OBSERVED   ? L_OBSERVED
                    : source == PF_PLAN_SETTINGS ? L_FROM_SETTINGS
                                                 : L_NOT_KNOWN);
}

static void write_input(plan_book *pb, wb_sheet *sheet, lxw_row_t row, double value, lxw_format *format)
{
    wb_check(&pb->book, worksheet_write_number(sheet->worksheet, row, COL_VALUE, value, format), sheet, row,
             COL_VALUE);
}

/* A formula whose value is a month (the first day's Excel date), shown as the month. */
static void write_month_formula(plan_book *pb, wb_sheet *sheet, lxw_row_t row, lxw_col_t col, pf_date month,
                                const char *formula)
{
    wb_check(&pb->book,
             worksheet_write_formula_num(sheet->worksheet, row, col, formula, pb->month, excel_date(month)),
             sheet, row, col);
}

static wb_sheet *add_sheet(plan_book *pb, plan_label name, plan_label title)
{
    char sheet_name[128];
    if (!wb_sheet_name(&pb->book, text(pb, name), text(pb, name), sheet_name))
        return NULL;
    wb_sheet *sheet = wb_add_named_sheet(&pb->book, sheet_name);
    if (!sheet)
        return NULL;
    wb_write_text(sheet, 0, 0, text(pb, title), WB_TITLE);
    wb_write_text(sheet, 1, 0, pb->book.subtitle, WB_SUBTITLE);
    return sheet;
}

/* ---- Plan ---- */

static void plan_inputs(plan_book *pb, wb_sheet *sheet)
{
    const pf_plan *p = pb->plan;
    wb_write_text(sheet, ROW_INPUTS, COL_LABEL, text(pb, L_INPUTS), WB_SECTION);
    wb_write_text(sheet, ROW_INPUTS + 1, COL_LABEL, text(pb, L_FIGURE), WB_HEADER);
    wb_write_text(sheet, ROW_INPUTS + 1, COL_VALUE, text(pb, L_VALUE), WB_HEADER_RIGHT);
    wb_write_text(sheet, ROW_INPUTS + 1, COL_SOURCE, text(pb, L_SOURCE), WB_HEADER);
    wb_write_text(sheet, ROW_INPUTS - 1, COL_LABEL, text(pb, L_INPUTS_NOTE), WB_NOTE);
    wb_write_text(sheet, ROW_TARGET, COL_LABEL, text(pb, L_TARGET), WB_LABEL);
    write_input(pb, sheet, ROW_TARGET, (double)p->target_active, pb->input[INPUT_INTEGER]);
    for (int i = 0; i < PF_PLAN_RATE_COUNT; i++) {
        wb_write_text(sheet, ROW_RATE + i, COL_LABEL, text(pb, (plan_label)(L_RATE_APPROACHED + i)), WB_LABEL);
        write_input(pb, sheet, ROW_RATE + i, p->rates[i].value, pb->input[INPUT_PERCENT]);
        wb_write_text(sheet, ROW_RATE + i, COL_SOURCE, source_text(pb, p->rates[i].source), WB_PLAIN);
    }
    wb_write_text(sheet, ROW_RECRUITMENT_COST, COL_LABEL, text(pb, L_RECRUITMENT_COST), WB_LABEL);
    write_input(pb, sheet, ROW_RECRUITMENT_COST, p->recruitment_cost.value, pb->input[INPUT_MONEY]);
    wb_write_text(sheet, ROW_RECRUITMENT_COST, COL_SOURCE, source_text(pb, p->recruitment_cost.source),
                  WB_PLAIN);
    wb_write_text(sheet, ROW_ONBOARDING_COST, COL_LABEL, text(pb, L_ONBOARDING_COST), WB_LABEL);
    write_input(pb, sheet, ROW_ONBOARDING_COST, p->onboarding_cost.value, pb->input[INPUT_MONEY]);
    wb_write_text(sheet, ROW_ONBOARDING_COST, COL_SOURCE, source_text(pb, p->onboarding_cost.source), WB_PLAIN);
    for (int k = 0; k < PF_PLAN_DELAY_COUNT; k++) {
        wb_write_text(sheet, ROW_DAYS + k, COL_LABEL, text(pb, (plan_label)(L_DAYS_APPROACHED + k)), WB_LABEL);
        write_input(pb, sheet, ROW_DAYS + k, p->delays[k].value, pb->input[INPUT_DAYS]);
        wb_write_text(sheet, ROW_DAYS + k, COL_SOURCE, source_text(pb, p->delays[k].source), WB_PLAIN);
    }
    wb_write_text(sheet, ROW_WINDOW, COL_LABEL, text(pb, L_WINDOW), WB_LABEL);
    write_input(pb, sheet, ROW_WINDOW, p->window_months, pb->input[INPUT_INTEGER]);
    wb_write_text(sheet, ROW_FIRST_MONTH, COL_LABEL, text(pb, L_FIRST_MONTH), WB_LABEL);
    write_input(pb, sheet, ROW_FIRST_MONTH, excel_date(p->first_month), pb->input_date);
    wb_write_text(sheet, ROW_TARGET_DATE, COL_LABEL, text(pb, L_TARGET_DATE), WB_LABEL);
    write_input(pb, sheet, ROW_TARGET_DATE, excel_date(p->target_date), pb->input_date);
    wb_write_text(sheet, ROW_RECRUITERS, COL_LABEL, text(pb, L_RECRUITERS), WB_LABEL);
    write_input(pb, sheet, ROW_RECRUITERS, (double)p->recruiters, pb->input[INPUT_INTEGER]);
}

static void plan_needed(plan_book *pb, wb_sheet *sheet)
{
    const pf_plan *p = pb->plan;
    char a[16], b[16], c[16], d[16];
    wb_write_text(sheet, ROW_DERIVED, COL_LABEL, text(pb, L_DERIVED), WB_SECTION);
    wb_write_text(sheet, ROW_DERIVED + 1, COL_LABEL, text(pb, L_STAGE), WB_HEADER);
    wb_write_text(sheet, ROW_DERIVED + 1, COL_VALUE, text(pb, L_NEEDED), WB_HEADER_RIGHT);
    for (int s = 0; s <= PF_PLAN_ACTIVE; s++) {
        lxw_row_t row = (lxw_row_t)(ROW_NEEDED + s);
        wb_write_text(sheet, row, COL_LABEL, text(pb, (plan_label)(L_STAGE_LISTED + s)), WB_LABEL);
        if (s == PF_PLAN_ACTIVE)
            wb_write_formula(sheet, row, COL_VALUE, WB_INTEGER, (double)p->needed[s], "=%s",
                             wb_cell(a, ROW_TARGET, COL_VALUE));
        else
            wb_write_formula(sheet, row, COL_VALUE, WB_INTEGER, (double)p->needed[s],
                             "=CEILING(ROUND(%s/%s,9),1)", wb_cell(a, row + 1, COL_VALUE),
                             wb_cell(b, (lxw_row_t)(ROW_RATE + s), COL_VALUE));
    }
    wb_define_name(sheet, "NeededListed", ROW_NEEDED + PF_STAGE_LISTED, COL_VALUE);
    wb_define_name(sheet, "NeededSigned", ROW_NEEDED + PF_STAGE_SIGNED, COL_VALUE);

    wb_write_text(sheet, ROW_BUDGET, COL_LABEL, text(pb, L_BUDGET), WB_KPI_LABEL);
    wb_write_formula(
        sheet, ROW_BUDGET, COL_VALUE, WB_KPI_MONEY, p->budget, "=%s*%s+%s*%s",
        wb_cell(a, ROW_NEEDED + PF_STAGE_LISTED, COL_VALUE), wb_cell(b, ROW_RECRUITMENT_COST, COL_VALUE),
        wb_cell(c, ROW_NEEDED + PF_STAGE_SIGNED, COL_VALUE), wb_cell(d, ROW_ONBOARDING_COST, COL_VALUE));
    wb_define_name(sheet, "PlanBudget", ROW_BUDGET, COL_VALUE);
    wb_write_text(sheet, ROW_COST_PER_ACTIVE, COL_LABEL, text(pb, L_COST_PER_ACTIVE), WB_KPI_LABEL);
    wb_write_formula(sheet, ROW_COST_PER_ACTIVE, COL_VALUE, WB_KPI_MONEY, p->cost_per_active_partner, "=%s/%s",
                     wb_cell(a, ROW_BUDGET, COL_VALUE), wb_cell(b, ROW_TARGET, COL_VALUE));
    wb_define_name(sheet, "PlanCostPerActive", ROW_COST_PER_ACTIVE, COL_VALUE);
}

static void plan_timing(plan_book *pb, wb_sheet *sheet)
{
    const pf_plan *p = pb->plan;
    char a[16], b[16], c[16], d[16], e[16];
    wb_write_text(sheet, ROW_APPROACH_OFFSET, COL_LABEL, text(pb, L_APPROACH_OFFSET), WB_LABEL);
    wb_write_formula(sheet, ROW_APPROACH_OFFSET, COL_VALUE, WB_INTEGER, p->approach_offset,
                     "=CEILING(ROUND(%s/%d,9),1)", wb_cell(a, ROW_DAYS, COL_VALUE), PF_PLAN_DAYS_PER_MONTH);
    wb_write_text(sheet, ROW_SIGN_OFFSET, COL_LABEL, text(pb, L_SIGN_OFFSET), WB_LABEL);
    wb_write_formula(sheet, ROW_SIGN_OFFSET, COL_VALUE, WB_INTEGER, p->sign_offset,
                     "=CEILING(ROUND(SUM(%s:%s)/%d,9),1)", wb_cell(a, ROW_DAYS, COL_VALUE),
                     wb_cell(b, ROW_DAYS + PF_PLAN_DELAY_COUNT - 1, COL_VALUE), PF_PLAN_DAYS_PER_MONTH);
    wb_write_text(sheet, ROW_LISTING_MONTHS, COL_LABEL, text(pb, L_LISTING_MONTHS), WB_LABEL);
    wb_cell(a, ROW_TARGET_DATE, COL_VALUE);
    wb_cell(b, ROW_FIRST_MONTH, COL_VALUE);
    wb_write_formula(sheet, ROW_LISTING_MONTHS, COL_VALUE, WB_INTEGER, p->listing_months,
                     "=(YEAR(%s)-YEAR(%s))*12+MONTH(%s)-MONTH(%s)-%s-%s+1", a, b, a, b,
                     wb_cell(c, ROW_SIGN_OFFSET, COL_VALUE), wb_cell(d, ROW_WINDOW, COL_VALUE));
    wb_write_text(sheet, ROW_START_LISTING, COL_LABEL, text(pb, L_START_LISTING_BY), WB_KPI_LABEL);
    char formula[128];
    snprintf(formula, sizeof formula, "=DATE(YEAR(%s),MONTH(%s)+%s-1,1)", b, b,
             wb_cell(e, ROW_LISTING_MONTHS, COL_VALUE));
    write_month_formula(pb, sheet, ROW_START_LISTING, COL_VALUE, p->start_listing_by, formula);
}

static void sheet_plan(plan_book *pb)
{
    wb_sheet *sheet = add_sheet(pb, L_SHEET_PLAN, L_TITLE_PLAN);
    if (!sheet)
        return;
    snprintf(pb->plan_ref, sizeof pb->plan_ref, "%s", sheet->ref);
    plan_inputs(pb, sheet);
    plan_needed(pb, sheet);
    plan_timing(pb, sheet);
    wb_fix_width(sheet, COL_LABEL, 58);
    wb_fix_width(sheet, COL_VALUE, 16);
}

/* ---- Calendar ---- */

/* The even-spread formula of plan.c's spread(): the share of total (a Plan cell) in month i shifted by
 * offset (a Plan cell, or NULL for none), over the listing months. */
static void write_spread(plan_book *pb, wb_sheet *sheet, lxw_row_t row, lxw_col_t col, long value, int i,
                         lxw_row_t total_row, const char *offset)
{
    char total[300], months[300], j[700];
    plan_cell(pb, total, total_row);
    plan_cell(pb, months, ROW_LISTING_MONTHS);
    if (offset)
        snprintf(j, sizeof j, "(%d-%s)", i, offset);
    else
        snprintf(j, sizeof j, "%d", i);
    wb_write_formula(sheet, row, col, WB_INTEGER, (double)value,
                     "=IF(AND(%s>=0,%s<%s),INT((%s+1)*%s/%s)-INT(%s*%s/%s),0)", j, j, months, j, total, months,
                     j, total, months);
}

static void sheet_calendar(plan_book *pb)
{
    const pf_plan *p = pb->plan;
    wb_sheet *sheet = add_sheet(pb, L_SHEET_CALENDAR, L_TITLE_CALENDAR);
    if (!sheet)
        return;
    wb_write_text(sheet, 2, 0, text(pb, L_CALENDAR_NOTE), WB_NOTE);
    lxw_row_t header = 4;
    for (int c = 0; c < 6; c++)
        wb_write_text(sheet, header, (lxw_col_t)c, text(pb, (plan_label)(L_MONTH + c)),
                      c ? WB_HEADER_RIGHT : WB_HEADER);
    char first[300], approach[300], sign[300], mature[620], window[300], recruiters[300], cell[16];
    plan_cell(pb, first, ROW_FIRST_MONTH);
    plan_cell(pb, approach, ROW_APPROACH_OFFSET);
    plan_cell(pb, sign, ROW_SIGN_OFFSET);
    plan_cell(pb, window, ROW_WINDOW);
    plan_cell(pb, recruiters, ROW_RECRUITERS);
    snprintf(mature, sizeof mature, "%s-%s", sign, window);
    for (size_t i = 0; i < p->month_count; i++) {
        const pf_plan_month *m = &p->calendar[i];
        lxw_row_t row = header + 1 + (lxw_row_t)i;
        char formula[700];
        snprintf(formula, sizeof formula, "=DATE(YEAR(%s),MONTH(%s)+%zu,1)", first, first, i);
        write_month_formula(pb, sheet, row, 0, m->month, formula);
        write_spread(pb, sheet, row, 1, m->list, (int)i, ROW_NEEDED + PF_STAGE_LISTED, NULL);
        write_spread(pb, sheet, row, 2, m->approach, (int)i, ROW_NEEDED + PF_STAGE_APPROACHED, approach);
        write_spread(pb, sheet, row, 3, m->sign, (int)i, ROW_NEEDED + PF_STAGE_SIGNED, sign);
        write_spread(pb, sheet, row, 4, m->mature, (int)i, ROW_NEEDED + PF_STAGE_SIGNED, mature);
        wb_write_formula(sheet, row, 5, WB_DECIMAL, m->list_per_recruiter, "=%s/%s", wb_cell(cell, row, 1),
                         recruiters);
    }
    lxw_row_t total = header + 1 + (lxw_row_t)p->month_count;
    wb_write_text(sheet, total, 0, text(pb, L_TOTAL), WB_TOTAL_LABEL);
    long sums[4] = {0};
    for (size_t i = 0; i < p->month_count; i++) {
        sums[0] += p->calendar[i].list;
        sums[1] += p->calendar[i].approach;
        sums[2] += p->calendar[i].sign;
        sums[3] += p->calendar[i].mature;
    }
    for (int c = 1; c <= 4; c++) {
        char top[16], bottom[16];
        wb_write_formula(sheet, total, (lxw_col_t)c, WB_TOTAL_INTEGER, (double)sums[c - 1], "=SUM(%s:%s)",
                         wb_cell(top, header + 1, (lxw_col_t)c), wb_cell(bottom, total - 1, (lxw_col_t)c));
    }
    wb_sheet_header(sheet, header, 1);
    wb_fix_width(sheet, 0, 12);
    for (lxw_col_t c = 1; c <= 5; c++)
        wb_fix_width(sheet, c, 18);
    lxw_chart *chart = wb_chart(&pb->book, LXW_CHART_COLUMN, text(pb, L_CALENDAR_CHART));
    if (!chart || p->month_count == 0)
        return;
    for (int c = 1; c <= 4; c++) {
        lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
        if (!series)
            continue;
        chart_series_set_categories(series, sheet->name, header + 1, 0, total - 1, 0);
        chart_series_set_values(series, sheet->name, header + 1, (lxw_col_t)c, total - 1, (lxw_col_t)c);
        chart_series_set_name_range(series, sheet->name, header, (lxw_col_t)c);
    }
    chart_axis_set_num_format(chart->x_axis, pb->lang == PF_LANG_FR ? "mm/yyyy" : "yyyy-mm");
    wb_insert_chart(sheet, header, 7, chart, 720, 360);
}

/* ---- Simulation ---- */

static void sheet_simulation(plan_book *pb)
{
    const pf_plan *p = pb->plan;
    const pf_plan_simulation *s = &p->simulation;
    wb_sheet *sheet = add_sheet(pb, L_SHEET_SIMULATION, L_TITLE_SIMULATION);
    if (!sheet)
        return;
    wb_write_text(sheet, 2, 0, text(pb, L_SIMULATION_NOTE), WB_NOTE);
    struct {
        plan_label label;
        double value;
        wb_style style;
    } rows[] = {
        {L_DRAWS, (double)s->draws, WB_INTEGER},
        {L_SEED, (double)s->seed, WB_DAYS},
        {L_P10, s->p10, WB_DAYS},
        {L_P50, s->p50, WB_DAYS},
        {L_P90, s->p90, WB_DAYS},
        {L_P_TARGET, s->p_target, WB_KPI_PERCENT},
        {L_LISTING_80, s->listing_for_80pct >= 0 ? (double)s->listing_for_80pct : NAN, WB_KPI_INTEGER},
    };
    lxw_row_t row = 4;
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++, row++) {
        wb_write_text(sheet, row, 0, text(pb, rows[i].label),
                      rows[i].style == WB_KPI_PERCENT || rows[i].style == WB_KPI_INTEGER ? WB_KPI_LABEL
                                                                                         : WB_LABEL);
        wb_write_number(sheet, row, 1, rows[i].value, rows[i].style);
        if (rows[i].label == L_P_TARGET)
            wb_define_name(sheet, "ProbabilityOfTarget", row, 1);
    }
    /* the histogram in at most 40 bins */
    row += 1;
    wb_write_text(sheet, row++, 0, text(pb, L_HISTOGRAM), WB_SECTION);
    lxw_row_t header = row++;
    wb_write_text(sheet, header, 0, text(pb, L_ACTIVE_FROM), WB_HEADER_RIGHT);
    wb_write_text(sheet, header, 1, text(pb, L_ACTIVE_TO), WB_HEADER_RIGHT);
    wb_write_text(sheet, header, 2, text(pb, L_DRAWS), WB_HEADER_RIGHT);
    wb_write_text(sheet, header, 3, text(pb, L_SHARE), WB_HEADER_RIGHT);
    size_t width = (s->histogram_count + 39) / 40;
    width = width ? width : 1;
    lxw_row_t first = row;
    for (size_t start = 0; start < s->histogram_count; start += width, row++) {
        long draws = 0;
        for (size_t k = start; k < start + width && k < s->histogram_count; k++)
            draws += s->histogram[k];
        size_t end = start + width < s->histogram_count ? start + width : s->histogram_count;
        char cell[16];
        wb_write_number(sheet, row, 0, (double)(s->histogram_min + (long)start), WB_INTEGER);
        wb_write_number(sheet, row, 1, (double)(s->histogram_min + (long)end - 1), WB_INTEGER);
        wb_write_number(sheet, row, 2, (double)draws, WB_INTEGER);
        wb_write_formula(sheet, row, 3, WB_PERCENT, (double)draws / (double)s->draws, "=%s/%ld",
                         wb_cell(cell, row, 2), s->draws);
    }
    wb_fix_width(sheet, 0, 42);
    for (lxw_col_t c = 1; c <= 3; c++)
        wb_fix_width(sheet, c, 16);
    lxw_chart *chart = wb_chart(&pb->book, LXW_CHART_COLUMN, text(pb, L_HISTOGRAM_CHART));
    if (!chart || row == first)
        return;
    lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
    if (series) {
        chart_series_set_categories(series, sheet->name, first, 0, row - 1, 0);
        chart_series_set_values(series, sheet->name, first, 3, row - 1, 3);
    }
    chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    wb_insert_chart(sheet, 4, 5, chart, 640, 320);
}

/* ---- Levers ---- */

static void lever_backing(const plan_book *pb, const pf_plan_lever *l, char *out, size_t size)
{
    static const plan_label kinds[PF_LEVER_COUNT] = {L_BEST_SOURCE, L_BEST_RECRUITER, L_WITH_BUSINESS_PLAN,
                                                     L_CHEAPEST_SOURCE};
    if (!l->backed) {
        snprintf(out, size, "%s", text(pb, L_NOT_BACKED));
        return;
    }
    if (l->kind == PF_LEVER_ACTIVE)
        snprintf(out, size, "%s (%.1f %%)", text(pb, kinds[l->kind]), 100 * l->segment_value);
    else if (l->kind == PF_LEVER_COST)
        snprintf(out, size, "%s: %s (%.0f %s)", text(pb, kinds[l->kind]), l->segment, l->segment_value,
                 pb->book.currency);
    else
        snprintf(out, size, "%s: %s (%.1f %%)", text(pb, kinds[l->kind]), l->segment, 100 * l->segment_value);
}

static void sheet_levers(plan_book *pb)
{
    const pf_plan *p = pb->plan;
    wb_sheet *sheet = add_sheet(pb, L_SHEET_LEVERS, L_TITLE_LEVERS);
    if (!sheet)
        return;
    wb_write_text(sheet, 2, 0, text(pb, L_LEVERS_NOTE), WB_NOTE);
    lxw_row_t header = 4;
    static const plan_label columns[] = {
        L_LEVER, L_CHANGE, L_FROM, L_TO, L_BACKED_BY, L_NEEDED_LISTED, L_BUDGET, L_COST_PER_ACTIVE, L_SAVING};
    for (size_t c = 0; c < sizeof columns / sizeof *columns; c++)
        wb_write_text(sheet, header, (lxw_col_t)c, text(pb, columns[c]),
                      c == 0 || c == 1 || c == 4 ? WB_HEADER : WB_HEADER_RIGHT);
    lxw_row_t base = header + 1;
    char a[16], b[16];
    wb_write_text(sheet, base, 0, text(pb, L_BASE_PLAN), WB_TOTAL_LABEL);
    wb_write_number(sheet, base, 5, (double)p->needed[PF_STAGE_LISTED], WB_INTEGER);
    wb_write_number(sheet, base, 6, p->budget, WB_MONEY);
    wb_write_formula(sheet, base, 7, WB_MONEY, p->cost_per_active_partner, "=%s/%ld", wb_cell(a, base, 6),
                     p->target_active);
    for (size_t i = 0; i < p->lever_count; i++) {
        const pf_plan_lever *l = &p->levers[i];
        lxw_row_t row = base + 1 + (lxw_row_t)i;
        wb_style style = l->kind == PF_LEVER_COST ? WB_MONEY : WB_PERCENT;
        char backing[256];
        lever_backing(pb, l, backing, sizeof backing);
        wb_write_text(sheet, row, 0, text(pb, (plan_label)(L_LEVER_QUALITY + l->kind)), WB_LABEL);
        wb_write_text(sheet, row, 1, l->change, WB_PLAIN);
        wb_write_number(sheet, row, 2, l->from, style);
        wb_write_number(sheet, row, 3, l->to, style);
        wb_write_text(sheet, row, 4, backing, l->backed ? WB_PLAIN : WB_NOTE);
        wb_write_number(sheet, row, 5, (double)l->needed_listed, WB_INTEGER);
        wb_write_number(sheet, row, 6, l->budget, WB_MONEY);
        wb_write_formula(sheet, row, 7, WB_MONEY, l->cost_per_active_partner, "=%s/%ld", wb_cell(a, row, 6),
                         p->target_active);
        wb_write_formula(sheet, row, 8, WB_MONEY, l->saving, "=%s-%s", wb_cell_abs(b, base, 6),
                         wb_cell(a, row, 6));
    }
    wb_fix_width(sheet, 0, 60);
    for (lxw_col_t c = 5; c <= 8; c++)
        wb_fix_width(sheet, c, 20);
    lxw_chart *chart = wb_chart(&pb->book, LXW_CHART_BAR, text(pb, L_LEVERS_CHART));
    if (!chart || p->lever_count == 0)
        return;
    lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
    if (series) {
        chart_series_set_categories(series, sheet->name, base + 1, 0, base + (lxw_row_t)p->lever_count, 0);
        chart_series_set_values(series, sheet->name, base + 1, 8, base + (lxw_row_t)p->lever_count, 8);
    }
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    chart_axis_set_reverse(chart->y_axis);
    wb_insert_chart(sheet, base + (lxw_row_t)p->lever_count + 2, 0, chart, 720, 300);
}

/* ---- Sources ---- */

static lxw_row_t sources_figure(plan_book *pb, wb_sheet *sheet, lxw_row_t row, plan_label label, double value,
                                wb_style style, long successes, long trials, pf_plan_source source)
{
    wb_write_text(sheet, row, 0, text(pb, label), WB_LABEL);
    wb_write_number(sheet, row, 1, value, style);
    if (successes >= 0)
        wb_write_count(sheet, row, 2, successes, WB_INTEGER);
    if (trials >= 0)
        wb_write_count(sheet, row, 3, trials, WB_INTEGER);
    wb_write_text(sheet, row, 4, source_text(pb, source), source == PF_PLAN_OBSERVED ? WB_PLAIN : WB_LABEL);
    return row + 1;
}

static void sheet_sources(plan_book *pb)
{
    const pf_plan *p = pb->plan;
    wb_sheet *sheet = add_sheet(pb, L_SHEET_SOURCES, L_TITLE_SOURCES);
    if (!sheet)
        return;
    wb_write_text(sheet, 2, 0, text(pb, L_SOURCES_NOTE), WB_NOTE);
    lxw_row_t row = 4;
    wb_write_text(sheet, row, 0, text(pb, L_AS_OF), WB_LABEL);
    wb_write_date(sheet, row++, 1, p->as_of, WB_DATE);
    wb_write_text(sheet, row, 0, text(pb, L_COHORT_MONTHS), WB_LABEL);
    wb_write_number(sheet, row++, 1, p->cohort_months, WB_INTEGER);
    wb_write_text(sheet, row, 0, text(pb, L_COHORT_CUT), WB_LABEL);
    wb_write_date(sheet, row++, 1, p->cohort_cut, WB_DATE);
    wb_write_text(sheet, row, 0, text(pb, L_SETTINGS_FILE), WB_LABEL);
    wb_write_text(sheet, row++, 1, pb->settings->path ? pb->settings->path : text(pb, L_NONE), WB_PLAIN);
    row++;
    static const plan_label header[] = {L_FIGURE, L_VALUE, L_SUCCESSES, L_TRIALS, L_SOURCE};
    for (int c = 0; c < 5; c++)
        wb_write_text(sheet, row, (lxw_col_t)c, text(pb, header[c]),
                      c == 0 || c == 4 ? WB_HEADER : WB_HEADER_RIGHT);
    row++;
    for (int i = 0; i < PF_PLAN_RATE_COUNT; i++) {
        const pf_plan_rate *r = &p->rates[i];
        row = sources_figure(pb, sheet, row, (plan_label)(L_RATE_APPROACHED + i), r->value, WB_PERCENT,
                             r->successes, r->trials, r->source);
    }
    row++;
    wb_write_text(sheet, row, 0, text(pb, L_FIGURE), WB_HEADER);
    wb_write_text(sheet, row, 1, text(pb, L_VALUE), WB_HEADER_RIGHT);
    wb_write_text(sheet, row, 3, text(pb, L_BASIS), WB_HEADER_RIGHT);
    wb_write_text(sheet, row++, 4, text(pb, L_SOURCE), WB_HEADER);
    for (int k = 0; k < PF_PLAN_DELAY_COUNT; k++)
        row = sources_figure(pb, sheet, row, (plan_label)(L_DAYS_APPROACHED + k), p->delays[k].value, WB_DAYS,
                             -1, p->delays[k].basis, p->delays[k].source);
    row = sources_figure(pb, sheet, row, L_RECRUITMENT_COST, p->recruitment_cost.value, WB_MONEY, -1,
                         p->recruitment_cost.basis, p->recruitment_cost.source);
    sources_figure(pb, sheet, row, L_ONBOARDING_COST, p->onboarding_cost.value, WB_MONEY, -1,
                   p->onboarding_cost.basis, p->onboarding_cost.source);
    wb_fix_width(sheet, 0, 52);
}

/* ---- the book ---- */

static void create_input_formats(plan_book *pb)
{
    static const char *const formats[4] = {"#,##0", "0.0%", "#,##0.00", "0.0"};
    for (int i = 0; i <= 4; i++) {
        lxw_format *f = workbook_add_format(pb->book.workbook);
        if (!f)
            continue;
        format_set_bg_color(f, 0xFFF2CC);
        format_set_border(f, LXW_BORDER_THIN);
        format_set_border_color(f, 0xBF9000);
        format_set_num_format(f, i < 4 ? formats[i] : labels_get(pb->lang, PF_LABEL_FORMAT_DATE));
        if (i < 4)
            pb->input[i] = f;
        else
            pb->input_date = f;
    }
    pb->month = workbook_add_format(pb->book.workbook);
    if (pb->month)
        format_set_num_format(pb->month, pb->lang == PF_LANG_FR ? "mm/yyyy" : "yyyy-mm");
}

pf_error render_plan(const char *path, const pf_plan *plan, const pf_settings *settings, pf_lang lang,
                     pf_error_context *err)
{
    plan_book pb;
    memset(&pb, 0, sizeof pb);
    pb.plan = plan;
    pb.settings = settings;
    pb.lang = lang;
    wb_book_options options = {
        .lang = lang,
        .currency = settings->currency,
        .created = (time_t)(plan->as_of - field_date_from_ymd(1970, 1, 1)) * 86400,
        .as_of = plan->as_of,
        .title = labels[lang][L_TITLE_PLAN],
        .author = "partnerfunnel",
    };
    pf_error code = wb_book_open(&pb.book, path, &options, err);
    if (code != PF_OK)
        return code;
    char as_of[16], target[16], cut[16];
    snprintf(pb.book.subtitle, sizeof pb.book.subtitle, labels[lang][L_SUBTITLE],
             wb_date_text(&pb.book, plan->as_of, as_of), plan->target_active,
             wb_date_text(&pb.book, plan->target_date, target), wb_date_text(&pb.book, plan->cohort_cut, cut));
    create_input_formats(&pb);
    sheet_plan(&pb);
    sheet_calendar(&pb);
    sheet_simulation(&pb);
    sheet_levers(&pb);
    sheet_sources(&pb);
    return wb_book_close(&pb.book, err);
}
