/* fuzz_model.c — libFuzzer target for a whole CRM export: loading (model.h), the KPIs (metrics.h) and the
 * JSON summary (render_report_json.h), as `partnerfunnel report --json` runs them.
 *
 * Input: one option byte, then partners.csv, FUZZ_SEPARATOR, deals.csv, FUZZ_SEPARATOR, costs.csv (a missing
 * part is a missing file). The option byte: bits 0-1 the date order, bits 2-3 the decimal mark, bits 4-5
 * the reporting date (2020-01-01, 2024-06-30, 2025-06-30, 2030-12-31), bit 6 a 1-month window and 3 won
 * deals to be active, bit 7 the Windows-1252 encoding. Besides the sanitizers, it checks the row accounting
 * and that the funnel never grows from one stage to the next. */
#include <jansson.h>
#include <stdint.h>

#include "fuzz_util.h"
#include "partnerfunnel/metrics.h"
#include "partnerfunnel/model.h"
#include "partnerfunnel/render_report_json.h"

#define CHECK(cond)                                                                                            \
    do {                                                                                                       \
        if (!(cond)) {                                                                                         \
            fprintf(stderr, "fuzz_model: %s:%d: %s\n", __FILE__, __LINE__, #cond);                             \
            abort();                                                                                           \
        }                                                                                                      \
    } while (0)

static void check_model(const pf_model *model)
{
    size_t rejects[PF_FILE_COUNT] = {0};
    for (size_t i = 0; i < model->reject_count; i++)
        rejects[model->rejects[i].file]++;
    for (int f = 0; f < PF_FILE_COUNT; f++) {
        const pf_input *in = &model->inputs[f];
        CHECK(in->rows_read == in->rows_accepted + in->rows_rejected);
        CHECK((size_t)in->rows_rejected == rejects[f]);
    }
    CHECK((size_t)model->inputs[PF_FILE_PARTNERS].rows_accepted == model->partner_count);
    for (size_t i = 0; i < model->deal_count; i++)
        CHECK(model->deals[i].partner < model->partner_count);
    for (size_t i = 0; i < model->partner_count; i++)
        CHECK(model_find_partner(model, model->partners[i].id) == (long)i);
}

static void check_results(const pf_results *results)
{
    for (int st = PF_STAGE_APPROACHED; st < PF_STAGE_FIRST_DEAL; st++)
        CHECK(results->funnel[st].reached <= results->funnel[st - 1].reached);
    CHECK(results->funnel[PF_STAGE_LISTED].reached == results->candidates - results->out_of_scope);
}

static void write_part(const char *name, const unsigned char *data, size_t size)
{
    char path[128];
    if (data)
        fuzz_write(name, data, size, path, sizeof path);
    else
        fuzz_unlink(name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t flags = data[0];
    const unsigned char *partners, *rest, *deals, *costs;
    size_t partners_size, rest_size, deals_size, costs_size;
    fuzz_split(data + 1, size - 1, &partners, &partners_size, &rest, &rest_size);
    deals = costs = NULL;
    deals_size = costs_size = 0;
    if (rest)
        fuzz_split(rest, rest_size, &deals, &deals_size, &costs, &costs_size);
    write_part("partners.csv", partners, partners_size);
    write_part("deals.csv", deals, deals_size);
    write_part("costs.csv", costs, costs_size);

    static const pf_date_order orders[4] = {PF_DATE_ORDER_AUTO, PF_DATE_ORDER_DMY, PF_DATE_ORDER_MDY,
                                            PF_DATE_ORDER_AUTO};
    static const pf_decimal decimals[4] = {PF_DECIMAL_AUTO, PF_DECIMAL_COMMA, PF_DECIMAL_POINT,
                                           PF_DECIMAL_AUTO};
    static const int as_of[4][3] = {{2020, 1, 1}, {2024, 6, 30}, {2025, 6, 30}, {2030, 12, 31}};
    pf_settings settings;
    settings_init(&settings);
    settings.date_order = orders[flags & 3];
    settings.decimal = decimals[(flags >> 2) & 3];
    if (flags & 64) {
        settings.window_months = 1;
        settings.min_won_deals = 3;
    }
    if (flags & 128)
        settings.encoding = PF_ENCODING_CP1252;
    const int *day = as_of[(flags >> 4) & 3];

    pf_model model;
    model_init(&model);
    pf_results results;
    metrics_init(&results);
    pf_error_context err;
    pf_error_clear(&err);
    pf_model_paths paths = {.dir = fuzz_tmpdir()};
    pf_error code = model_load(&model, &paths, &settings, &err);
    if (code != PF_OK) {
        CHECK(err.message[0] != '\0');
        CHECK(model.partner_count == 0 && model.arena == NULL);
        goto cleanup;
    }
    check_model(&model);
    code = metrics_compute(&results, &model, &settings, field_date_from_ymd(day[0], day[1], day[2]), &err);
    CHECK(code == PF_OK);
    check_results(&results);
    json_t *root = render_json_report(&model, &settings, &results);
    CHECK(root != NULL);
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    CHECK(text != NULL);
    free(text);
    json_decref(root);
cleanup:
    metrics_clear(&results);
    model_clear(&model);
    settings_clear(&settings);
    return 0;
}
