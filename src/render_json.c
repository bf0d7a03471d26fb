/* render_json.c — keys of the JSON summary (docs/manual.md "The JSON summary") from the model (inputs, rejects,
 * warnings) and the atomic JSON writer. */
#include "partnerfunnel/render_json.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "partnerfunnel/metrics.h"
#include "partnerfunnel/output.h"

json_t *render_json_done(json_t *value, bool ok)
{
    if (ok && value)
        return value;
    json_decref(value);
    return NULL;
}

json_t *render_json_count(long value)
{
    return value == PF_COUNT_UNKNOWN ? json_null() : json_integer(value);
}

json_t *render_json_number(double value)
{
    return isfinite(value) ? json_real(value) : json_null();
}

json_t *render_json_date(pf_date date)
{
    if (date == PF_DATE_NONE)
        return json_null();
    char iso[11];
    field_date_format_iso(date, iso);
    return json_string(iso);
}

static const char *encoding_name(pf_encoding encoding)
{
    switch (encoding) {
    case PF_ENCODING_CP1252: return "windows-1252";
    case PF_ENCODING_UTF16LE: return "utf-16le";
    case PF_ENCODING_UTF16BE: return "utf-16be";
    default: return "utf-8";
    }
}

static const char *delimiter_name(char delimiter)
{
    return delimiter == ';' ? ";" : delimiter == '\t' ? "\t" : ",";
}

json_t *render_json_inputs(const pf_model *model)
{
    json_t *inputs = json_object();
    for (int f = 0; f < PF_FILE_COUNT; f++) {
        const pf_input *in = &model->inputs[f];
        json_t *o = json_object();
        json_object_set_new(o, "present", json_boolean(in->present));
        json_object_set_new(o, "path", in->present ? json_string(in->path) : json_null());
        json_object_set_new(o, "sha256", in->present ? json_string(in->sha256) : json_null());
        json_object_set_new(o, "rows_read", json_integer(in->rows_read));
        json_object_set_new(o, "rows_accepted", json_integer(in->rows_accepted));
        json_object_set_new(o, "rows_rejected", json_integer(in->rows_rejected));
        json_object_set_new(o, "warnings", json_integer(in->warnings));
        if (in->present) {
            json_object_set_new(o, "bytes", json_integer((json_int_t)in->size));
            json_object_set_new(o, "delimiter", json_string(delimiter_name(in->info.delimiter)));
            json_object_set_new(o, "encoding", json_string(encoding_name(in->info.encoding)));
            json_object_set_new(o, "bom", json_boolean(in->info.bom));
            json_object_set_new(o, "line_endings", json_string(in->info.crlf ? "crlf" : "lf"));
            json_object_set_new(o, "preamble_lines", json_integer(in->preamble_lines));
            json_object_set_new(o, "footer_lines", json_integer(in->footer_lines));
            char mark[2] = {in->decimal_mark, '\0'};
            json_object_set_new(o, "decimal_mark", json_string(mark));
            json_t *orders = json_object();
            pf_column first, end;
            schema_file_columns((pf_file_kind)f, &first, &end);
            for (pf_column c = first; c < end; c++)
                if (pf_columns[c].type == PF_TYPE_DATE && in->column_index[c] >= 0)
                    json_object_set_new(orders, pf_columns[c].name,
                                        json_string(in->date_orders[c] == PF_DATE_ORDER_MDY ? "mdy" : "dmy"));
            json_object_set_new(o, "date_order", orders);
        }
        json_object_set_new(inputs, pf_file_names[f], o);
    }
    return inputs;
}

static const char *file_label(const pf_model *model, pf_file_kind file)
{
    return model->inputs[file].path ? model->inputs[file].path : pf_file_names[file];
}

json_t *render_json_rejects(const pf_model *model)
{
    json_t *rejects = json_array();
    for (size_t i = 0; i < model->reject_count; i++) {
        const pf_reject *r = &model->rejects[i];
        json_t *o = json_object();
        json_object_set_new(o, "file", json_string(file_label(model, r->file)));
        json_object_set_new(o, "line", json_integer(r->line));
        json_object_set_new(o, "column", json_string(r->column));
        char cell[192];
        if (model_cell(&model->inputs[r->file], r->line, r->column, cell, sizeof cell)[0])
            json_object_set_new(o, "cell", json_string(cell));
        json_object_set_new(o, "reason", json_string(r->reason));
        json_object_set_new(o, "raw", json_string(r->raw));
        json_array_append_new(rejects, o);
    }
    return rejects;
}

json_t *render_json_warnings(const pf_model *model)
{
    json_t *warnings = json_array();
    for (size_t i = 0; i < model->warning_count; i++) {
        const pf_warning *w = &model->warnings[i];
        json_t *o = json_object();
        json_object_set_new(o, "file", json_string(file_label(model, w->file)));
        json_object_set_new(o, "line", w->line > 0 ? json_integer(w->line) : json_null());
        json_object_set_new(o, "column", json_string(w->column));
        json_object_set_new(o, "message", json_string(w->message));
        json_array_append_new(warnings, o);
    }
    return warnings;
}

static int dump_to_file(const char *buffer, size_t size, void *data)
{
    return fwrite(buffer, 1, size, (FILE *)data) == size ? 0 : -1;
}

pf_error render_json_write(const json_t *root, const char *path, pf_error_context *err)
{
    if (!root)
        return pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory while building the JSON");
    pf_output out;
    pf_error code = output_open(&out, path, err);
    if (code != PF_OK)
        return code;
    bool failed =
        json_dump_callback(root, dump_to_file, out.file, JSON_INDENT(2) | JSON_REAL_PRECISION(17)) != 0 ||
        fputc('\n', out.file) == EOF;
    if (failed && !ferror(out.file)) {
        output_abort(&out);
        return pf_error_set(err, PF_ERROR_MEMORY, path, 0, NULL, "out of memory while writing JSON");
    }
    return output_commit(&out, err); /* reports a stream error */
}
