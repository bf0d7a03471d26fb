/* audit_prospects.c — eligible prospects per profile for the audit (see the header): the criteria, the
 * file's header, the criteria compiled against it, then one pass of scorer_add_record() as `score` does. */
#include "partnerfunnel/audit_prospects.h"

#include <string.h>

#include "partnerfunnel/reader.h"

void audit_prospects_init(pf_audit_prospects *p)
{
    memset(p, 0, sizeof *p);
    criteria_init(&p->criteria, PF_DATE_ORDER_AUTO);
}

void audit_prospects_clear(pf_audit_prospects *p)
{
    if (!p)
        return;
    criteria_clear(&p->criteria);
    score_result_clear(&p->result);
    audit_prospects_init(p);
}

pf_error audit_prospects_load(pf_audit_prospects *p, const char *path, const char *criteria_path,
                              const char *id_column, const pf_model *model, const pf_settings *settings,
                              pf_error_context *err)
{
    audit_prospects_clear(p);
    p->criteria.date_order = settings->date_order;
    pf_reader *reader = NULL;
    pf_known *known = NULL;
    pf_scorer *scorer = NULL;
    pf_error code = criteria_load(&p->criteria, criteria_path, settings, err);
    if (code != PF_OK)
        goto cleanup;
    pf_reader_options options = {
        .encoding = settings->encoding, .sheet = settings->sheet, .threads = settings->threads};
    if ((code = reader_open(path, &options, &reader, err)) != PF_OK)
        goto cleanup;
    const pf_record *header = reader_header(reader);
    const char *const *names = (const char *const *)header->fields;
    if ((code = criteria_compile(&p->criteria, names, header->field_count, path, err)) != PF_OK)
        goto cleanup;
    int id_field = 0;
    if (id_column && (id_field = score_find_column(names, header->field_count, id_column)) < 0) {
        code = pf_error_set(err, PF_ERROR_DATA, path, header->line, id_column,
                            "no such column in the header (--id-column)");
        goto cleanup;
    }
    if (!(known = known_new())) {
        code = pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < model->partner_count; i++) {
        const char *company = model->partners[i].company_id;
        if (company && *company && (code = known_add(known, company, strlen(company), err)) != PF_OK)
            goto cleanup;
    }
    pf_score_config config = {
        .header = names,
        .header_count = header->field_count,
        .id_field = id_field,
        .group_field = -1,
        .top = 1, /* only the counts are shown */
        .known = known,
    };
    if ((code = scorer_new(&p->criteria, &config, &scorer, err)) != PF_OK)
        goto cleanup;
    const pf_record *record;
    while ((code = reader_next(reader, &record, err)) == PF_OK && record)
        if ((code = scorer_add_record(scorer, record, header, path, err)) != PF_OK)
            break;
    if (code != PF_OK)
        goto cleanup;
    if ((code = scorer_finish(scorer, &p->result, err)) != PF_OK)
        goto cleanup;
    if (!reader_sha256(reader, p->sha256))
        p->sha256[0] = '\0';
    p->present = true;
    p->path = path;
cleanup:
    scorer_free(scorer);
    known_free(known);
    reader_free(reader);
    if (code != PF_OK) {
        criteria_clear(&p->criteria);
        score_result_clear(&p->result);
        audit_prospects_init(p);
    }
    return code;
}
