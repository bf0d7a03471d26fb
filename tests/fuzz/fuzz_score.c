/* fuzz_score.c — libFuzzer target for the criteria table and the streaming scorer (score.h), through the JSON
 * view of the shortlists (render_shortlist.h).
 *
 * Input: one option byte, then the criteria CSV, FUZZ_SEPARATOR, the prospect CSV. The option byte: bits 0-2
 * the shortlist length K, bit 3 group by the last column, bits 4-5 its prefix length, bit 6 a set of known
 * company ids. The pass is the one `partnerfunnel score` makes (cmd_score.c): criteria, prospect header,
 * compile, every row scored or rejected, finish; then the counts are checked against each other. */
#include <jansson.h>
#include <stdint.h>

#include "fuzz_util.h"
#include "partnerfunnel/reader.h"
#include "partnerfunnel/render_shortlist.h"
#include "partnerfunnel/score.h"

#define CHECK(cond)                                                                                            \
    do {                                                                                                       \
        if (!(cond)) {                                                                                         \
            fprintf(stderr, "fuzz_score: %s:%d: %s\n", __FILE__, __LINE__, #cond);                             \
            abort();                                                                                           \
        }                                                                                                      \
    } while (0)

static pf_error score_rows(pf_reader *reader, pf_scorer *scorer, pf_error_context *err)
{
    const pf_record *header = reader_header(reader);
    const pf_record *record;
    pf_error code;
    while ((code = reader_next(reader, &record, err)) == PF_OK && record) {
        if (record->malformed_quote_field >= 0 || record->invalid_utf8_field >= 0 ||
            record->field_count != header->field_count)
            code =
                scorer_reject(scorer, record->line, NULL, "unreadable", record->raw, record->raw_length, err);
        else
            code =
                scorer_add_row(scorer, (const char *const *)record->fields, record->lengths, record->line, err);
        if (code != PF_OK)
            break;
    }
    return code;
}

static void check_result(const pf_score_result *result, const pf_criteria *criteria, size_t top)
{
    CHECK(result->rows_read == result->rows_scored + result->rows_rejected);
    CHECK(result->profile_count == criteria->profile_count);
    for (size_t p = 0; p < result->profile_count; p++) {
        const pf_profile_result *r = &result->profiles[p];
        CHECK(r->eligible >= 0 && r->eligible <= result->rows_scored);
        CHECK(r->known >= 0 && r->known <= r->eligible);
        CHECK(r->shortlist_count <= top && (long)r->shortlist_count <= r->eligible - r->known);
        long previous = result->rows_scored;
        for (size_t i = 0; i < r->profile->eliminatory_count; i++) {
            CHECK(r->remaining[i] <= previous);
            previous = r->remaining[i];
        }
        CHECK(previous == r->eligible);
        for (size_t i = 0; i < r->shortlist_count; i++) {
            const pf_shortlist_entry *e = &r->shortlist[i];
            CHECK(e->score >= 0 && e->score <= 100);
            if (i > 0)
                CHECK(e->passed_weight <= r->shortlist[i - 1].passed_weight);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t flags = data[0];
    const unsigned char *criteria_text, *prospects_text;
    size_t criteria_size, prospects_size;
    fuzz_split(data + 1, size - 1, &criteria_text, &criteria_size, &prospects_text, &prospects_size);
    if (!prospects_text)
        return 0;
    char criteria_path[128], prospects_path[128];
    fuzz_write("criteria.csv", criteria_text, criteria_size, criteria_path, sizeof criteria_path);
    fuzz_write("prospects.csv", prospects_text, prospects_size, prospects_path, sizeof prospects_path);

    pf_error_context err;
    pf_error_clear(&err);
    pf_criteria criteria;
    criteria_init(&criteria, PF_DATE_ORDER_AUTO);
    pf_reader *reader = NULL;
    pf_known *known = NULL;
    pf_scorer *scorer = NULL;
    pf_score_result result = {0};
    json_t *root = NULL;
    pf_error code;
    if ((code = criteria_load(&criteria, criteria_path, NULL, &err)) != PF_OK)
        goto cleanup;
    if ((code = reader_open(prospects_path, NULL, &reader, &err)) != PF_OK)
        goto cleanup;
    const pf_record *header = reader_header(reader);
    const char *const *names = (const char *const *)header->fields;
    if ((code = criteria_compile(&criteria, names, header->field_count, prospects_path, &err)) != PF_OK)
        goto cleanup;
    if (flags & 64) {
        if (!(known = known_new()))
            goto cleanup;
        if ((code = known_add(known, "123456789", 9, &err)) != PF_OK ||
            (code = known_add(known, "ACME", 4, &err)) != PF_OK)
            goto cleanup;
    }
    size_t top = flags & 7;
    pf_score_config config = {
        .header = names,
        .header_count = header->field_count,
        .id_field = 0,
        .group_field = (flags & 8) ? (int)header->field_count - 1 : -1,
        .group_prefix = (size_t)(flags >> 4) & 3,
        .top = top,
        .known = known,
    };
    if ((code = scorer_new(&criteria, &config, &scorer, &err)) != PF_OK)
        goto cleanup;
    if ((code = score_rows(reader, scorer, &err)) != PF_OK)
        goto cleanup;
    if ((code = scorer_finish(scorer, &result, &err)) != PF_OK)
        goto cleanup;
    check_result(&result, &criteria, top);
    pf_shortlist_run run = {
        .prospects_path = prospects_path,
        .delimiter = reader_info(reader)->delimiter,
        .encoding = reader_info(reader)->encoding,
        .criteria_path = criteria_path,
        .known_ids = known_count(known),
        .id_column = result.header[0],
        .group_column = config.group_field >= 0 ? result.header[config.group_field] : NULL,
        .group_prefix = config.group_prefix,
        .top = top,
    };
    root = render_shortlist_json(&result, &criteria, &run);
    CHECK(root != NULL);
    char *text = json_dumps(root, JSON_INDENT(2));
    CHECK(text != NULL);
    free(text);
cleanup:
    if (code != PF_OK)
        CHECK(err.message[0] != '\0');
    json_decref(root);
    score_result_clear(&result);
    scorer_free(scorer);
    known_free(known);
    reader_free(reader);
    criteria_clear(&criteria);
    return 0;
}
