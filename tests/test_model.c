/* test_model.c — loading a CRM export (docs/definitions.md "Rejected rows and warnings"): every reject reason
 * at its line and column, the warnings, the per-column day-first/month-first decision, grouping of deals and
 * costs by partner, the row accounting, and file-level errors. Each case writes its small export into a
 * temporary folder. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "partnerfunnel/model.h"

typedef struct export_dir {
    char path[64];
} export_dir;

/* The file name in the export folder, opened for writing (the caller closes it). */
static FILE *create_file(const export_dir *dir, const char *name)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir->path, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    return f;
}

static void write_file(const export_dir *dir, const char *name, const char *text)
{
    FILE *f = create_file(dir, name);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    export_dir *dir = calloc(1, sizeof *dir);
    snprintf(dir->path, sizeof dir->path, "/tmp/pf-test-model.XXXXXX");
    if (!mkdtemp(dir->path))
        return -1;
    *state = dir;
    return 0;
}

static int teardown(void **state)
{
    export_dir *dir = *state;
    char command[128];
    snprintf(command, sizeof command, "rm -rf '%s'", dir->path);
    if (system(command) != 0)
        return -1;
    free(dir);
    return 0;
}

/* Loads the folder with default settings (or extra settings text when not NULL). */
static pf_error load(const export_dir *dir, const char *ini, pf_model *m, pf_error_context *err)
{
    pf_settings s;
    settings_init(&s);
    pf_error_clear(err);
    if (ini) {
        write_file(dir, "partnerfunnel.ini", ini);
        char path[128];
        snprintf(path, sizeof path, "%s/partnerfunnel.ini", dir->path);
        assert_int_equal(settings_load(&s, path, err), PF_OK);
    }
    model_init(m);
    pf_model_paths paths = {dir->path, {NULL, NULL, NULL}};
    pf_error code = model_load(m, &paths, &s, err);
    settings_clear(&s);
    return code;
}

static void assert_reject(const pf_model *m, size_t i, pf_file_kind file, long line, const char *column,
                          const char *reason)
{
    assert_true(i < m->reject_count);
    assert_int_equal(m->rejects[i].file, file);
    assert_int_equal(m->rejects[i].line, line);
    assert_string_equal(m->rejects[i].column, column);
    assert_string_equal(m->rejects[i].reason, reason);
}

static void test_accepts_a_full_partner_row(void **state)
{
    export_dir *dir = *state;
    write_file(dir, "partners.csv",
               "partner_id,name,category,listed_on,decision,signed_on,recruitment_cost,onboarding_cost,note\n"
               "P1,\"Acme, SAS\",reseller,2024-01-10,Accepté,15/03/2024,\"12 000.50\",,keep me\n");
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir, NULL, &m, &err), PF_OK);
    assert_int_equal(m.partner_count, 1);
    const pf_partner *p = &m.partners[0];
    assert_string_equal(p->id, "P1");
    assert_string_equal(p->name, "Acme, SAS");
    assert_string_equal(p->category, "reseller");
    assert_string_equal(p->market, "");
    assert_int_equal(p->dates[PF_STEP_LISTED], field_date_from_ymd(2024, 1, 10));
    assert_int_equal(p->dates[PF_STEP_SIGNED], field_date_from_ymd(2024, 3, 15));
    assert_int_equal(p->dates[PF_STEP_APPROACHED], PF_DATE_NONE);
    assert_int_equal(p->decision, PF_DECISION_APPROVED);
    assert_close(p->recruitment_cost, 12000.5, 1e-15);
    model_clear(&m);
    /* a ';' file takes ',' as its decimal mark */
    write_file(dir, "partners.csv",
               "partner_id;name;recruitment_cost;onboarding_cost;note\r\n"
               "P1;Acme;12 000,50 €;;keep me\r\n");
    assert_int_equal(load(dir, NULL, &m, &err), PF_OK);
    assert_int_equal(m.reject_count, 0);
    assert_close(m.partners[0].recruitment_cost, 12000.5, 1e-15);
    assert_true(isnan(m.partners[0].onboarding_cost));
    assert_int_equal(m.inputs[PF_FILE_PARTNERS].extra_count, 1);
    assert_string_equal(m.partners[0].extra[0], "keep me");
    assert_int_equal(m.inputs[PF_FILE_PARTNERS].info.delimiter, ';');
    assert_int_equal(m.inputs[PF_FILE_PARTNERS].decimal_mark, ',');
    model_clear(&m);
}

static void test_rejects_each_reason_at_its_line_and_column(void **state)
{
    export_dir *dir = *state;
    write_file(dir, "partners.csv",
               "partner_id,listed_on,decision,recruitment_cost\n"
               "P1,2024-01-01,approved,1\n"   /* 2 */
               ",2024-01-01,approved,1\n"     /* 3 missing id */
               "P1,2024-01-02,approved,1\n"   /* 4 duplicate */
               "P2,2023-02-29,approved,1\n"   /* 5 impossible date */
               "P3,soon,approved,1\n"         /* 6 not a date */
               "P4,2024-01-01,approved,-1\n"  /* 7 negative */
               "P5,2024-01-01,approved,abc\n" /* 8 not an amount */
               "P6,2024-01-01,perhaps,1\n"    /* 9 unknown decision */
               "P7,2024-01-01\n");            /* 10 field count */
    write_file(dir, "deals.csv",
               "deal_id,partner_id,status,closed_on,amount\n"
               "D1,P1,won,2024-02-01,10\n" /* 2 */
               "D2,P9,won,2024-02-01,10\n" /* 3 unknown partner */
               "D3,P1,lost,,10\n"          /* 4 without closed_on */
               "D4,P1,paused,,\n"          /* 5 unknown status */
               "D1,P1,open,,\n");          /* 6 duplicate deal */
    write_file(dir, "costs.csv",
               "date,partner_id,category,amount\n"
               "2024-01-01,,overhead,100\n" /* 2 */
               "2024-01-01,P9,x,1\n"        /* 3 unknown partner */
               ",P1,x,1\n"                  /* 4 missing date */
               "2024-01-01,P1,x,\n");       /* 5 missing amount */
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir, NULL, &m, &err), PF_OK);
    assert_int_equal(m.reject_count, 15); /* 8 partners + 4 deals + 3 costs */
    assert_reject(&m, 0, PF_FILE_PARTNERS, 3, "partner_id", "missing partner_id");
    assert_reject(&m, 1, PF_FILE_PARTNERS, 4, "partner_id",
                  "duplicate partner_id 'P1' (first seen on line 2, which is kept)");
    assert_reject(&m, 2, PF_FILE_PARTNERS, 5, "listed_on",
                  "'2023-02-29' is not a valid date (29 February exists only in leap years)");
    assert_reject(&m, 3, PF_FILE_PARTNERS, 6, "listed_on",
                  "'soon' is not a date (expected YYYY-MM-DD or DD/MM/YYYY)");
    assert_reject(&m, 4, PF_FILE_PARTNERS, 7, "recruitment_cost", "'-1' is a negative amount");
    assert_reject(&m, 5, PF_FILE_PARTNERS, 8, "recruitment_cost",
                  "'abc' is not an amount (unexpected character in amount)");
    assert_reject(
        &m, 6, PF_FILE_PARTNERS, 9, "decision",
        "unknown decision 'perhaps' (expected approved, rejected or pending; if it means one of them, write "
        "for example 'decision.approved = perhaps' under [values] in the settings)");
    assert_reject(&m, 7, PF_FILE_PARTNERS, 10, "", "has 2 fields, the header has 4");
    assert_reject(&m, 8, PF_FILE_DEALS, 3, "partner_id",
                  "unknown partner 'P9' (not among the accepted partners)");
    assert_reject(&m, 9, PF_FILE_DEALS, 4, "closed_on", "lost deal without closed_on");
    assert_reject(
        &m, 10, PF_FILE_DEALS, 5, "status",
        "unknown status 'paused' (expected won, lost or open; if it means one of them, write for example "
        "'status.won = paused' under [values] in the settings)");
    assert_reject(&m, 11, PF_FILE_DEALS, 6, "deal_id",
                  "duplicate deal_id 'D1' (first seen on line 2, which is kept)");
    assert_reject(&m, 12, PF_FILE_COSTS, 3, "partner_id",
                  "unknown partner 'P9' (not among the accepted partners)");
    assert_reject(&m, 13, PF_FILE_COSTS, 4, "date", "missing date");
    assert_reject(&m, 14, PF_FILE_COSTS, 5, "amount", "missing amount");
    assert_string_equal(m.rejects[0].raw, ",2024-01-01,approved,1");
    for (int f = 0; f < PF_FILE_COUNT; f++) {
        const pf_input *in = &m.inputs[f];
        assert_int_equal(in->rows_read, in->rows_accepted + in->rows_rejected);
    }
    assert_int_equal(m.inputs[PF_FILE_PARTNERS].rows_accepted, 1);
    assert_int_equal(m.inputs[PF_FILE_DEALS].rows_accepted, 1);
    assert_int_equal(m.inputs[PF_FILE_COSTS].rows_accepted, 1);
    model_clear(&m);
}

static void test_blank_lines_are_not_rows_but_count_in_line_numbers(void **state)
{
    export_dir *dir = *state;
    write_file(dir, "partners.csv", "partner_id\nP1\n\nP2\n");
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir, NULL, &m, &err), PF_OK);
    assert_int_equal(m.inputs[PF_FILE_PARTNERS].rows_read, 2); /* the blank line is not a row */
    assert_int_equal(m.partner_count, 2);
    assert_int_equal(m.partners[1].line, 4);
    model_clear(&m);
}

static void test_slash_dates_month_first_when_the_column_proves_it(void **state)
{
    export_dir *dir = *state;
    write_file(dir, "partners.csv",
               "partner_id,signed_on,listed_on\nP1,03/15/2024,05/01/2024\nP2,04/01/2024,13/01/2024\n");
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir, NULL, &m, &err), PF_OK);
    assert_int_equal(m.reject_count, 0);
    /* signed_on is proved month-first; listed_on has 13/01 so stays day-first */
    assert_int_equal(m.partners[0].dates[PF_STEP_SIGNED], field_date_from_ymd(2024, 3, 15));
    assert_int_equal(m.partners[1].dates[PF_STEP_SIGNED], field_date_from_ymd(2024, 4, 1));
    assert_int_equal(m.partners[0].dates[PF_STEP_LISTED], field_date_from_ymd(2024, 1, 5));
    assert_int_equal(m.inputs[PF_FILE_PARTNERS].date_orders[PF_COL_SIGNED_ON], PF_DATE_ORDER_MDY);
    assert_int_equal(m.inputs[PF_FILE_PARTNERS].date_orders[PF_COL_LISTED_ON], PF_DATE_ORDER_DMY);
    /* the columns decision, kickoff_on, business_plan_on are missing (three warnings first), then the order */
    assert_int_equal(m.warning_count, 4);
    assert_int_equal(m.warnings[3].line, 0);
    assert_string_equal(m.warnings[3].column, "signed_on");
    model_clear(&m);
}

static void test_slash_date_impossible_in_the_decided_order_is_rejected(void **state)
{
    export_dir *dir = *state;
    write_file(dir, "partners.csv", "partner_id,signed_on\nP1,03/15/2024\nP2,25/01/2024\nP3,02/03/2024\n");
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir, NULL, &m, &err), PF_OK);
    assert_int_equal(m.reject_count, 1);
    assert_reject(
        &m, 0, PF_FILE_PARTNERS, 2, "signed_on",
        "'03/15/2024' is not a valid date read day-first (month must be 1-12); if this column's dates are "
        "month-first, write 'date_order = mdy' under [input] in the settings");
    assert_int_equal(m.partner_count, 2);
    assert_string_equal(m.partners[0].id, "P2");
    assert_int_equal(m.partners[1].dates[PF_STEP_SIGNED], field_date_from_ymd(2024, 3, 2));
    assert_int_equal(model_find_partner(&m, "P3"), 1);
    assert_int_equal(model_find_partner(&m, "P1"), -1);
    model_clear(&m);
}

static void test_date_order_setting_forces_month_first(void **state)
{
    export_dir *dir = *state;
    write_file(dir, "partners.csv", "partner_id,signed_on\nP1,02/03/2024\n");
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir, "[input]\ndate_order = mdy\n", &m, &err), PF_OK);
    assert_int_equal(m.partners[0].dates[PF_STEP_SIGNED], field_date_from_ymd(2024, 2, 3));
    model_clear(&m);
}

static void test_warnings_implied_stages_and_order(void **state)
{
    export_dir *dir = *state;
    write_file(
        dir, "partners.csv",
        "partner_id,listed_on,approached_on,applied_on,decision,signed_on,kickoff_on,business_plan_on\n"
        "P1,2024-01-10,,,approved,2024-03-01,,\n"           /* approached, applied implied */
        "P2,2024-01-10,2024-01-05,2024-02-01,approved,,,\n" /* approached before listed */
        "P3,2024-01-10,2024-01-11,2024-01-12,rejected,2024-02-01,2024-02-02,\n"); /* signed after rejected */
    write_file(dir, "deals.csv",
               "deal_id,partner_id,status,closed_on\nD1,P1,won,2024-02-01\nD2,P2,won,2024-02-01\n");
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir, NULL, &m, &err), PF_OK);
    assert_int_equal(m.reject_count, 0);
    assert_int_equal(m.warning_count, 6);
    assert_string_equal(m.warnings[0].column, "approached_on");
    assert_string_equal(m.warnings[0].message, "empty although signed_on is dated (stage implied)");
    assert_string_equal(m.warnings[1].column, "applied_on");
    assert_string_equal(m.warnings[2].message, "approached_on 2024-01-05 is before listed_on 2024-01-10");
    assert_string_equal(m.warnings[3].message, "contract signed although the committee decision is 'rejected'");
    assert_int_equal(m.warnings[4].file, PF_FILE_DEALS);
    assert_string_equal(m.warnings[4].message,
                        "won deal closed on 2024-02-01, before the contract was signed (2024-03-01)");
    assert_string_equal(m.warnings[5].message,
                        "won deal closed on 2024-02-01 but partner 'P2' has no signed contract");
    assert_int_equal(m.inputs[PF_FILE_PARTNERS].warnings, 4);
    assert_int_equal(m.inputs[PF_FILE_DEALS].warnings, 2);
    model_clear(&m);
}

static void test_deals_and_costs_grouped_by_partner(void **state)
{
    export_dir *dir = *state;
    write_file(dir, "partners.csv", "partner_id\nA\nB\nC\n");
    write_file(dir, "deals.csv",
               "deal_id,partner_id,status,closed_on\nd1,C,open,\nd2,A,won,2024-01-01\nd3,C,lost,2024-01-02\n");
    write_file(dir, "costs.csv", "date,partner_id,amount\n2024-01-01,,5\n2024-01-02,B,7\n2024-01-03,B,8\n");
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir, NULL, &m, &err), PF_OK);
    assert_int_equal(m.deal_count, 3);
    assert_int_equal(m.partners[0].deal_count, 1);
    assert_string_equal(m.deals[m.partners[0].first_deal].id, "d2");
    assert_int_equal(m.partners[1].deal_count, 0);
    assert_int_equal(m.partners[2].deal_count, 2);
    assert_string_equal(m.deals[m.partners[2].first_deal].id, "d1");
    assert_string_equal(m.deals[m.partners[2].first_deal + 1].id, "d3");
    assert_int_equal(m.partners[1].cost_count, 2);
    assert_close(m.costs[m.partners[1].first_cost].amount, 7, 1e-15);
    assert_int_equal(m.costs[m.cost_count - 1].partner, -1); /* overhead last */
    assert_close(m.costs[m.cost_count - 1].amount, 5, 1e-15);
    model_clear(&m);
}

/* A command that shows no digest (validate without --json) loads with pf_settings.no_digests: the same
 * rows, rejects and warnings, and no digest (the default load has one for every file). */
static void test_no_digests_loads_the_same_without_digests(void **state)
{
    export_dir *dir = *state;
    write_file(dir, "partners.csv", "partner_id,signed_on\nA,2024-01-01\nB,not a date\nC,\n");
    write_file(dir, "deals.csv", "deal_id,partner_id,status,closed_on\nd1,C,open,\nd2,A,won,2023-12-01\n");
    write_file(dir, "costs.csv", "date,partner_id,amount\n2024-01-01,,5\n2024-01-02,B,7\n");
    pf_model hashed, bare;
    pf_error_context err;
    assert_int_equal(load(dir, NULL, &hashed, &err), PF_OK);
    pf_settings s;
    settings_init(&s);
    s.no_digests = true;
    model_init(&bare);
    pf_model_paths paths = {dir->path, {NULL, NULL, NULL}};
    assert_int_equal(model_load(&bare, &paths, &s, &err), PF_OK);
    settings_clear(&s);
    for (int f = 0; f < PF_FILE_COUNT; f++) {
        assert_true(hashed.inputs[f].present && bare.inputs[f].present);
        assert_int_equal(strspn(hashed.inputs[f].sha256, "0123456789abcdef"), 64);
        assert_string_equal(bare.inputs[f].sha256, "");
        assert_int_equal(bare.inputs[f].rows_read, hashed.inputs[f].rows_read);
    }
    assert_int_equal(bare.partner_count, hashed.partner_count);
    assert_int_equal(bare.deal_count, hashed.deal_count);
    assert_int_equal(bare.cost_count, hashed.cost_count);
    assert_int_equal(bare.reject_count, hashed.reject_count);
    assert_true(bare.reject_count > 0);
    assert_int_equal(bare.warning_count, hashed.warning_count);
    assert_true(bare.warning_count > 0);
    model_clear(&hashed);
    model_clear(&bare);
}

/* The costs in the model's order: each partner's lines in file order, partner by partner, the overhead last
 * in file order; asserted amount by amount (the amounts are the expected positions' labels). */
static void assert_cost_amounts(const pf_model *m, const double *expected, size_t count)
{
    assert_int_equal(m->cost_count, count);
    for (size_t i = 0; i < count; i++)
        assert_close(m->costs[i].amount, expected[i], 1e-15);
}

/* Costs listed partner by partner with overhead lines between them (as generate writes them) are kept in
 * place, the overhead moved last; costs in any other order are sorted; both give the same model. Deals
 * listed partner by partner keep their order too. */
static void test_costs_grouped_with_overhead_between(void **state)
{
    export_dir *dir = *state;
    write_file(dir, "partners.csv", "partner_id\nA\nB\nC\n");
    write_file(dir, "deals.csv",
               "deal_id,partner_id,status,closed_on\nd1,A,open,\nd2,A,won,2024-01-01\nd3,C,lost,2024-01-02\n");
    write_file(dir, "costs.csv",
               "date,partner_id,amount\n2024-01-01,,5\n2024-01-02,A,1\n2024-01-03,,6\n2024-01-04,A,2\n"
               "2024-01-05,C,3\n2024-01-06,,7\n");
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir, NULL, &m, &err), PF_OK);
    static const double grouped[] = {1, 2, 3, 5, 6, 7};
    assert_cost_amounts(&m, grouped, 6);
    assert_int_equal(m.partners[0].first_cost, 0);
    assert_int_equal(m.partners[0].cost_count, 2);
    assert_int_equal(m.partners[1].cost_count, 0);
    assert_int_equal(m.partners[2].first_cost, 2);
    assert_int_equal(m.partners[2].cost_count, 1);
    assert_int_equal(m.costs[3].partner, -1);
    assert_int_equal(m.partners[0].deal_count, 2);
    assert_string_equal(m.deals[m.partners[0].first_deal].id, "d1");
    assert_int_equal(m.partners[2].first_deal, 2);
    assert_int_equal(m.partners[2].deal_count, 1);
    model_clear(&m);

    write_file(dir, "costs.csv",
               "date,partner_id,amount\n2024-01-05,C,3\n2024-01-01,,5\n2024-01-02,A,1\n2024-01-04,A,2\n"
               "2024-01-03,,6\n");
    assert_int_equal(load(dir, NULL, &m, &err), PF_OK);
    static const double sorted[] = {1, 2, 3, 5, 6};
    assert_cost_amounts(&m, sorted, 5);
    assert_int_equal(m.partners[2].first_cost, 2);
    assert_int_equal(m.partners[2].cost_count, 1);
    model_clear(&m);

    write_file(dir, "costs.csv", "date,partner_id,amount\n");
    assert_int_equal(load(dir, NULL, &m, &err), PF_OK);
    assert_int_equal(m.cost_count, 0);
    assert_non_null(m.costs);
    assert_int_equal(m.partners[2].cost_count, 0);
    model_clear(&m);
}

/* Files large enough for the loader's helpers on large files (a deals index of 6 MB made while the partners
 * load, row arrays populated ahead of the rows): 400,000 deals over 40,000 partners, every tenth deal's
 * partner unknown and the last deal a duplicate of the first: the same rows kept and rejected as always,
 * each deal with its partner, in file order. */
static void test_large_files_read_as_small_ones(void **state)
{
    export_dir *dir = *state;
    FILE *f = create_file(dir, "partners.csv");
    fputs("partner_id,listed_on,signed_on\n", f);
    for (int p = 0; p < 40000; p++)
        fprintf(f, "PARTNER-%06d,2024-01-01,2024-02-01\n", p);
    fclose(f);
    f = create_file(dir, "deals.csv");
    fputs("deal_id,partner_id,status,closed_on,amount\n", f);
    for (int d = 0; d < 400000; d++)
        fprintf(f, "DEAL-%08d,%s-%06d,won,2024-03-01,%d.50\n", d, d % 10 == 9 ? "NOBODY" : "PARTNER", d / 10,
                d % 1000);
    fputs("DEAL-00000000,PARTNER-000000,lost,2024-03-02,1\n", f);
    fclose(f);
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir, NULL, &m, &err), PF_OK);
    assert_int_equal(m.partner_count, 40000);
    assert_int_equal(m.deal_count, 360000);
    assert_int_equal(m.reject_count, 40001);
    assert_string_equal(m.rejects[m.reject_count - 1].reason,
                        "duplicate deal_id 'DEAL-00000000' (first seen on line 2, which is kept)");
    assert_int_equal(m.rejects[0].line, 11);
    for (size_t p = 0; p < m.partner_count; p += 9999) {
        assert_int_equal(m.partners[p].deal_count, 9);
        const pf_deal *first = &m.deals[m.partners[p].first_deal];
        assert_int_equal(first->partner, p);
        assert_int_equal(first->line, (long)p * 10 + 2);
    }
    model_clear(&m);
}

static void test_mapped_headers_and_synonyms(void **state)
{
    export_dir *dir = *state;
    write_file(dir, "partners.csv", "Account ID,Stage Outcome\nX1,Go\n");
    write_file(dir, "deals.csv", "deal_id,Account ID,status,closed_on\nq,X1,Closed/Won,2024-01-01\n");
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir,
                          "[columns]\npartner_id = Account ID\ndecision = Stage Outcome\n[values]\n"
                          "decision.approved = Go\nstatus.won = Closed/Won\n",
                          &m, &err),
                     PF_OK);
    assert_int_equal(m.reject_count, 0);
    assert_int_equal(m.partners[0].decision, PF_DECISION_APPROVED);
    assert_int_equal(m.deals[0].status, PF_DEAL_WON);
    model_clear(&m);
}

static void test_required_column_missing_is_a_file_error(void **state)
{
    export_dir *dir = *state;
    write_file(dir, "partners.csv", "id,name\n1,x\n");
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir, NULL, &m, &err), PF_ERROR_DATA);
    assert_int_equal(err.line, 1);
    assert_string_equal(err.message,
                        "required column 'partner_id' not found; name it so in the header or map it with "
                        "'partner_id = <your header>' in [columns] of the settings");
    assert_int_equal(m.partner_count, 0);
    model_clear(&m);
}

static void test_duplicate_header_is_a_file_error(void **state)
{
    export_dir *dir = *state;
    write_file(dir, "partners.csv", "partner_id,Signed_On,signed_on\n1,,\n");
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir, NULL, &m, &err), PF_ERROR_DATA);
    assert_string_equal(err.message, "columns 2 and 3 are both 'signed_on'; keep one of them");
    model_clear(&m);
}

/* A [columns] entry that matches no header, in a file that has no canonical column either, would leave the
 * column silently empty: a settings error naming the entry, the file and the closest header. */
static void test_column_map_matching_nothing_is_a_settings_error(void **state)
{
    export_dir *dir = *state;
    write_file(dir, "partners.csv", "partner_id,Signature\nP1,2024-01-01\n");
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir, "[columns]\n\nsigned_on = Signatur\n", &m, &err), PF_ERROR_CONFIG);
    char want[512];
    snprintf(want, sizeof want, "%s/partnerfunnel.ini", dir->path);
    assert_string_equal(err.file, want);
    assert_int_equal(err.line, 3);
    snprintf(want, sizeof want,
             "[columns] signed_on = Signatur: %s/partners.csv has no column 'Signatur' (nor 'signed_on'); did "
             "you mean 'Signature'?",
             dir->path);
    assert_string_equal(err.message, want);
    assert_int_equal(m.partner_count, 0);
    model_clear(&m);
    /* the canonical header found instead: the entry is harmless */
    write_file(dir, "partners.csv", "partner_id,signed_on\nP1,2024-01-01\n");
    assert_int_equal(load(dir, "[columns]\nsigned_on = Signatur\n", &m, &err), PF_OK);
    assert_int_equal(m.partners[0].dates[PF_STEP_SIGNED], field_date_from_ymd(2024, 1, 1));
    model_clear(&m);
    /* no header close enough to suggest */
    write_file(dir, "partners.csv", "partner_id,zzzzzzzz\nP1,2024-01-01\n");
    assert_int_equal(load(dir, "[columns]\nsigned_on = Signatur\n", &m, &err), PF_ERROR_CONFIG);
    snprintf(
        want, sizeof want,
        "[columns] signed_on = Signatur: %s/partners.csv has no column 'Signatur' (nor 'signed_on'); write "
        "the header as it is in the first line of the file",
        dir->path);
    assert_string_equal(err.message, want);
    model_clear(&m);
}

/* A required column mapped to a header the file lacks is the same settings error (it was a data error). */
static void test_required_column_mapped_to_nothing_is_a_settings_error(void **state)
{
    export_dir *dir = *state;
    write_file(dir, "partners.csv", "Partner Ident,name\nP1,x\n");
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir, "[columns]\npartner_id = Partner Id\n", &m, &err), PF_ERROR_CONFIG);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "[columns] partner_id = Partner Id: "));
    assert_non_null(strstr(err.message, "did you mean 'Partner Ident'?"));
    model_clear(&m);
}

/* partner_id under the mapped header in partners.csv and under its canonical name in deals.csv: fine. A
 * shared name that no file has under the mapped header while a file lacks it: an error naming that file. */
static void test_shared_column_map_may_use_either_name_per_file(void **state)
{
    export_dir *dir = *state;
    write_file(dir, "partners.csv", "Account,category\nX1,VAR\n");
    write_file(dir, "deals.csv", "deal_id,partner_id,status\nq,X1,open\n");
    write_file(dir, "costs.csv", "date,amount\n2024-01-01,5\n");
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir, "[columns]\npartner_id = Account\n", &m, &err), PF_OK);
    assert_int_equal(m.deal_count, 1);
    model_clear(&m);
    /* category = Kind is used by no file, and costs.csv has no category column at all */
    assert_int_equal(load(dir, "[columns]\npartner_id = Account\ncategory = Kind\n", &m, &err),
                     PF_ERROR_CONFIG);
    assert_int_equal(err.line, 3);
    char want[512];
    snprintf(want, sizeof want,
             "[columns] category = Kind: %s/costs.csv has no column 'Kind' (nor 'category'); write the header "
             "as it is in the first line of the file",
             dir->path);
    assert_string_equal(err.message, want);
    model_clear(&m);
    /* used by partners.csv: costs.csv may lack the column */
    write_file(dir, "partners.csv", "Account,Kind\nX1,VAR\n");
    assert_int_equal(load(dir, "[columns]\npartner_id = Account\ncategory = Kind\n", &m, &err), PF_OK);
    assert_string_equal(m.partners[0].category, "VAR");
    model_clear(&m);
}

/* [values] synonyms of the decision column when partners.csv has none: they would do nothing. */
static void test_synonyms_of_an_absent_column_are_a_settings_error(void **state)
{
    export_dir *dir = *state;
    write_file(dir, "partners.csv", "partner_id,Outcome\nP1,Go\n");
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir, "[values]\n; comment\ndecision.approved = Go\n", &m, &err), PF_ERROR_CONFIG);
    assert_int_equal(err.line, 3);
    char want[512];
    snprintf(want, sizeof want,
             "[values] decision.approved: synonyms for the decision column, but %s/partners.csv has no column "
             "'decision'; map its header with 'decision = <your header>' in [columns]",
             dir->path);
    assert_string_equal(err.message, want);
    model_clear(&m);
    assert_int_equal(load(dir, "[columns]\ndecision = Outcome\n[values]\ndecision.approved = Go\n", &m, &err),
                     PF_OK);
    assert_int_equal(m.partners[0].decision, PF_DECISION_APPROVED);
    model_clear(&m);
}

/* Excel's day numbers start in 1900: an earlier date would show as ##### in the workbook, so it is rejected
 * with that reason, whatever its form. */
static void test_dates_before_1900_are_rejected(void **state)
{
    export_dir *dir = *state;
    write_file(
        dir, "partners.csv",
        "partner_id,listed_on,signed_on\nP1,1899-12-31,\nP2,1900-01-01,\nP3,,15/06/1850\nP4,,1000-01-01\n");
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir, NULL, &m, &err), PF_OK);
    assert_int_equal(m.partner_count, 1);
    assert_string_equal(m.partners[0].id, "P2");
    assert_int_equal(m.partners[0].dates[PF_STEP_LISTED], field_date_from_ymd(1900, 1, 1));
    assert_int_equal(m.reject_count, 3);
    assert_reject(&m, 0, PF_FILE_PARTNERS, 2, "listed_on",
                  "'1899-12-31' is before 1900, which Excel cannot show");
    assert_reject(&m, 1, PF_FILE_PARTNERS, 4, "signed_on",
                  "'15/06/1850' is before 1900, which Excel cannot show");
    assert_reject(&m, 2, PF_FILE_PARTNERS, 5, "signed_on",
                  "'1000-01-01' is before 1900, which Excel cannot show");
    model_clear(&m);
}

/* "-0" is zero, not a negative amount. */
static void test_minus_zero_amount_is_zero(void **state)
{
    export_dir *dir = *state;
    write_file(dir, "partners.csv", "partner_id,recruitment_cost\nP1,-0\nP2,-0.00\n");
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir, NULL, &m, &err), PF_OK);
    assert_int_equal(m.reject_count, 0);
    assert_int_equal(m.partner_count, 2);
    assert_true(m.partners[0].recruitment_cost == 0 && m.partners[1].recruitment_cost == 0);
    model_clear(&m);
}

/* A reject that a setting would fix says which setting: the decimal mark, the encoding. */
static void test_rejects_name_the_setting_that_fixes_them(void **state)
{
    export_dir *dir = *state;
    write_file(dir, "partners.csv", "partner_id;recruitment_cost\nP1;15000.5\nP2;1,5\n");
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir, NULL, &m, &err), PF_OK);
    assert_reject(
        &m, 0, PF_FILE_PARTNERS, 2, "recruitment_cost",
        "'15000.5' is not an amount ('.' is not the decimal mark of this file (expected ',')); if '.' "
        "is this file's decimal mark, write 'decimal = point' under [input] in the settings");
    model_clear(&m);
    write_file(dir, "partners.csv", "partner_id,name\nP1,Caf\xe9\n");
    assert_int_equal(load(dir, "[input]\nencoding = utf-8\n", &m, &err), PF_OK);
    assert_reject(&m, 0, PF_FILE_PARTNERS, 2, "name",
                  "bytes that are not valid UTF-8 text (or a NUL byte); shown as U+FFFD; if the file is "
                  "Windows-1252, write 'encoding = cp1252' under [input] in the settings");
    model_clear(&m);
}

/* English and French CRM headers are known without settings; how each column was found is kept. */
static void test_builtin_header_names(void **state)
{
    export_dir *dir = *state;
    write_file(dir, "partners.csv",
               "Identifiant partenaire,Raison sociale,Date de signature,signed date x,Coût d'intégration\n"
               "P1,Alpha,2024-01-02,z,100\n");
    write_file(dir, "deals.csv",
               "Deal ID,Partner ID,Stage,Close date,Amount (\u20ac)\nD1,P1,won,2024-02-01,50\n");
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir, "[columns]\nname = Raison sociale\n", &m, &err), PF_OK);
    assert_int_equal(m.reject_count, 0);
    const pf_input *in = &m.inputs[PF_FILE_PARTNERS];
    assert_int_equal(in->column_sources[PF_COL_PARTNER_ID], PF_SOURCE_BUILTIN);
    assert_int_equal(in->column_sources[PF_COL_NAME], PF_SOURCE_SETTINGS);
    assert_int_equal(in->column_sources[PF_COL_SIGNED_ON], PF_SOURCE_BUILTIN);
    assert_int_equal(in->column_sources[PF_COL_LISTED_ON], PF_SOURCE_ABSENT);
    assert_int_equal(in->extra_count, 1); /* "signed date x" */
    assert_int_equal(m.partners[0].dates[PF_STEP_SIGNED], field_date_from_ymd(2024, 1, 2));
    assert_true(m.partners[0].onboarding_cost == 100);
    assert_int_equal(m.deal_count, 1);
    assert_true(m.deals[0].amount == 50);
    assert_int_equal(m.inputs[PF_FILE_DEALS].column_sources[PF_COL_DEAL_AMOUNT], PF_SOURCE_BUILTIN);
    model_clear(&m);

    /* two built-in names for one column: both named */
    write_file(dir, "deals.csv", "deal_id,partner_id,Statut,Étape\nD1,P1,won,won\n");
    assert_int_equal(load(dir, NULL, &m, &err), PF_ERROR_DATA);
    assert_string_equal(err.message,
                        "columns 3 ('Statut') and 4 ('Étape') are both status; keep one of them, or "
                        "name the one to use with 'status = <header>' in [columns]");
    model_clear(&m);
    /* an amount in another currency than the report's */
    write_file(dir, "deals.csv", "deal_id,partner_id,status,Montant (USD)\nD1,P1,open,5\n");
    assert_int_equal(load(dir, NULL, &m, &err), PF_ERROR_DATA);
    assert_string_equal(err.column, "Montant (USD)");
    assert_string_equal(err.message, "amounts in USD, but the report's currency is EUR; write 'currency = USD' "
                                     "under [report] in the settings");
    model_clear(&m);
    assert_int_equal(load(dir, "[report]\ncurrency = usd\n", &m, &err), PF_OK);
    assert_true(m.deals[0].amount == 5);
    model_clear(&m);
}

/* A column a headline figure needs is a warning when absent (file-wide: line 0), never a silent zero. */
static void test_missing_needed_columns_are_warnings(void **state)
{
    export_dir *dir = *state;
    write_file(dir, "partners.csv", "partner_id,listed_on,decision,kickoff_on,business_plan_on\nP1,,,,\n");
    write_file(dir, "deals.csv", "deal_id,partner_id,status\nD1,P1,open\n");
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir, NULL, &m, &err), PF_OK);
    assert_int_equal(m.warning_count, 2);
    assert_int_equal(m.warnings[0].file, PF_FILE_PARTNERS);
    assert_int_equal(m.warnings[0].line, 0);
    assert_string_equal(m.warnings[0].column, "signed_on");
    assert_string_equal(m.warnings[0].message, "no column for the signature date: signed partners cannot be "
                                               "counted, nor anything measured after signature");
    assert_int_equal(m.warnings[1].file, PF_FILE_DEALS);
    assert_string_equal(m.warnings[1].column, "closed_on");
    assert_int_equal(m.inputs[PF_FILE_PARTNERS].warnings, 1);
    model_clear(&m);
}

/* A text longer than a spreadsheet cell is accepted with a warning (the workbook shows it cut): characters
 * are counted, not bytes. */
static void test_text_longer_than_a_cell_is_a_warning(void **state)
{
    export_dir *dir = *state;
    FILE *f = create_file(dir, "partners.csv");
    fputs("partner_id,name,listed_on,decision,signed_on,kickoff_on,business_plan_on,Notes\nP1,", f);
    for (int i = 0; i < 32768; i++)
        fputc('a', f);
    fputs(",,,,,,short\nP2,", f);
    for (int i = 0; i < 20000; i++)
        fputs("\xC3\xA9", f); /* 40,000 bytes, 20,000 characters: fits */
    fputs(",,,,,,", f);
    for (int i = 0; i < 40000; i++)
        fputc('n', f);
    fputs("\n", f);
    fclose(f);
    pf_model m;
    pf_error_context err;
    assert_int_equal(load(dir, NULL, &m, &err), PF_OK);
    assert_int_equal(m.partner_count, 2);
    assert_int_equal(m.warning_count, 2);
    assert_int_equal(m.warnings[0].line, 2);
    assert_string_equal(m.warnings[0].column, "name");
    assert_string_equal(m.warnings[0].message,
                        "a text of 32768 characters, longer than a spreadsheet cell holds "
                        "(32,767): the workbook shows it cut");
    assert_int_equal(m.warnings[1].line, 3);
    assert_string_equal(m.warnings[1].column, "Notes");
    model_clear(&m);
}

static void test_missing_folder_and_partners(void **state)
{
    (void)state;
    pf_model m;
    pf_error_context err;
    pf_settings s;
    settings_init(&s);
    model_init(&m);
    pf_model_paths paths = {"/nonexistent/export", {NULL, NULL, NULL}};
    assert_int_equal(model_load(&m, &paths, &s, &err), PF_ERROR_NO_INPUT);
    assert_string_equal(err.file, "/nonexistent/export");
    assert_string_equal(err.message, "cannot open folder: No such file or directory");
    pf_model_paths explicit_missing = {NULL, {"/nonexistent/p.csv", NULL, NULL}};
    assert_int_equal(model_load(&m, &explicit_missing, &s, &err), PF_ERROR_NO_INPUT);
    model_clear(&m);
    settings_clear(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_accepts_a_full_partner_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rejects_each_reason_at_its_line_and_column, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blank_lines_are_not_rows_but_count_in_line_numbers, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_slash_dates_month_first_when_the_column_proves_it, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_slash_date_impossible_in_the_decided_order_is_rejected, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_date_order_setting_forces_month_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_warnings_implied_stages_and_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deals_and_costs_grouped_by_partner, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_digests_loads_the_same_without_digests, setup, teardown),
        cmocka_unit_test_setup_teardown(test_costs_grouped_with_overhead_between, setup, teardown),
        cmocka_unit_test_setup_teardown(test_large_files_read_as_small_ones, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mapped_headers_and_synonyms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_required_column_missing_is_a_file_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_header_is_a_file_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_column_map_matching_nothing_is_a_settings_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dates_before_1900_are_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_builtin_header_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_needed_columns_are_warnings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_longer_than_a_cell_is_a_warning, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rejects_name_the_setting_that_fixes_them, setup, teardown),
        cmocka_unit_test_setup_teardown(test_minus_zero_amount_is_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(test_required_column_mapped_to_nothing_is_a_settings_error, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_shared_column_map_may_use_either_name_per_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_synonyms_of_an_absent_column_are_a_settings_error, setup,
                                        teardown),
        cmocka_unit_test(test_missing_folder_and_partners),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
