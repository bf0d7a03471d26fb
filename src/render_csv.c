/* render_csv.c — canonical CSV files from the model. */
#include "partnerfunnel/render_csv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "partnerfunnel/output.h"

/* Writes prefix then text as one CSV field, quoted when it holds ',', '"', CR, LF or blanks at its ends. */
static void write_field(FILE *out, const char *prefix, const char *text)
{
    size_t len = strlen(text);
    char first = prefix[0] ? prefix[0] : text[0];
    bool quote =
        (first == ' ' || first == '\t') || (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'));
    if (!quote)
        quote = strpbrk(text, ",\"\r\n") != NULL;
    if (!quote) {
        fputs(prefix, out);
        fputs(text, out);
        return;
    }
    fputc('"', out);
    fputs(prefix, out);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

void render_csv_field(FILE *out, const char *text)
{
    write_field(out, "", text);
}

/* An optional sign, digits with at most one decimal mark ('.' or ','), an optional exponent, nothing else:
 * a spreadsheet reads it as a number, never as a formula. */
static bool plain_number(const char *s, size_t len)
{
    size_t i = 0, digits = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
        digits++;
    if (i < len && (s[i] == '.' || s[i] == ','))
        for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
            digits++;
    if (digits == 0)
        return false;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t exponent = 0;
        if (++i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
            exponent++;
        if (exponent == 0)
            return false;
    }
    return i == len;
}

bool render_csv_formula_like(const char *text)
{
    if (text[0] == '\t' || text[0] == '\r')
        return true;
    const char *start = text;
    while (*start == ' ')
        start++;
    if (*start != '=' && *start != '+' && *start != '-' && *start != '@')
        return false;
    size_t len = strlen(start);
    while (len > 0 && start[len - 1] == ' ')
        len--;
    return !plain_number(start, len);
}

void render_csv_sheet_field(FILE *out, const char *text)
{
    write_field(out, render_csv_formula_like(text) ? "'" : "", text);
}

void render_csv_money(FILE *out, double amount)
{
    if (!isfinite(amount))
        return;
    double cents = amount * 100.0;
    if (fabs(cents - nearbyint(cents)) < 1e-6 * (fabs(cents) > 1 ? fabs(cents) : 1))
        fprintf(out, "%.2f", nearbyint(cents) / 100.0);
    else
        fprintf(out, "%.15g", amount);
}

static void write_date(FILE *out, pf_date date)
{
    if (date == PF_DATE_NONE)
        return;
    char iso[11];
    field_date_format_iso(date, iso);
    fputs(iso, out);
}

static void write_header(FILE *out, const pf_input *in, pf_file_kind file)
{
    pf_column first, end;
    schema_file_columns(file, &first, &end);
    bool any = false;
    for (pf_column c = first; c < end; c++) {
        if (in->column_index[c] < 0)
            continue;
        if (any)
            fputc(',', out);
        fputs(pf_columns[c].name, out);
        any = true;
    }
    if (file == PF_FILE_PARTNERS)
        for (size_t i = 0; i < in->extra_count; i++) {
            fputc(',', out);
            render_csv_field(out, in->headers[in->extra_index[i]]);
        }
    fputc('\n', out);
}

static void write_partner(FILE *out, const pf_model *m, const pf_partner *p)
{
    const pf_input *in = &m->inputs[PF_FILE_PARTNERS];
    bool any = false;
    for (pf_column c = PF_COL_PARTNER_ID; c <= PF_COL_ONBOARDING_COST; c++) {
        if (in->column_index[c] < 0)
            continue;
        if (any)
            fputc(',', out);
        any = true;
        switch (c) {
        case PF_COL_PARTNER_ID: render_csv_field(out, p->id); break;
        case PF_COL_NAME: render_csv_field(out, p->name); break;
        case PF_COL_COMPANY_ID: render_csv_field(out, p->company_id); break;
        case PF_COL_CATEGORY: render_csv_field(out, p->category); break;
        case PF_COL_MARKET: render_csv_field(out, p->market); break;
        case PF_COL_SOURCE: render_csv_field(out, p->source); break;
        case PF_COL_RECRUITER: render_csv_field(out, p->recruiter); break;
        case PF_COL_DECISION: fputs(pf_enum_value_names[PF_ENUM_DECISION][p->decision], out); break;
        case PF_COL_RECRUITMENT_COST: render_csv_money(out, p->recruitment_cost); break;
        case PF_COL_ONBOARDING_COST: render_csv_money(out, p->onboarding_cost); break;
        default:
            for (int s = 0; s < PF_STEP_COUNT; s++)
                if (pf_step_columns[s] == c)
                    write_date(out, p->dates[s]);
            break;
        }
    }
    for (size_t i = 0; i < in->extra_count; i++) {
        fputc(',', out);
        render_csv_field(out, p->extra[i]);
    }
    fputc('\n', out);
}

static void write_deal(FILE *out, const pf_model *m, const pf_deal *d)
{
    const pf_input *in = &m->inputs[PF_FILE_DEALS];
    bool any = false;
    for (pf_column c = PF_COL_DEAL_ID; c <= PF_COL_DEAL_AMOUNT; c++) {
        if (in->column_index[c] < 0)
            continue;
        if (any)
            fputc(',', out);
        any = true;
        switch (c) {
        case PF_COL_DEAL_ID: render_csv_field(out, d->id); break;
        case PF_COL_DEAL_PARTNER_ID: render_csv_field(out, m->partners[d->partner].id); break;
        case PF_COL_DEAL_STATUS: fputs(pf_enum_value_names[PF_ENUM_STATUS][d->status], out); break;
        case PF_COL_DEAL_CLOSED_ON: write_date(out, d->closed_on); break;
        default: render_csv_money(out, d->amount); break;
        }
    }
    fputc('\n', out);
}

static void write_cost(FILE *out, const pf_model *m, const pf_cost *k)
{
    const pf_input *in = &m->inputs[PF_FILE_COSTS];
    bool any = false;
    for (pf_column c = PF_COL_COST_DATE; c <= PF_COL_COST_AMOUNT; c++) {
        if (in->column_index[c] < 0)
            continue;
        if (any)
            fputc(',', out);
        any = true;
        switch (c) {
        case PF_COL_COST_DATE: write_date(out, k->date); break;
        case PF_COL_COST_PARTNER_ID:
            render_csv_field(out, k->partner >= 0 ? m->partners[k->partner].id : "");
            break;
        case PF_COL_COST_CATEGORY: render_csv_field(out, k->category); break;
        default: render_csv_money(out, k->amount); break;
        }
    }
    fputc('\n', out);
}

/* Row order of the input file: items are grouped by partner in the model, so sort their indexes by line. */
typedef struct line_index {
    long line;
    size_t index;
} line_index;

static int compare_line(const void *a, const void *b)
{
    const line_index *x = a, *y = b;
    return (x->line > y->line) - (x->line < y->line);
}

static pf_error write_file(const pf_model *m, pf_file_kind file, const char *dir, pf_error_context *err)
{
    char path[4096];
    size_t dir_len = strlen(dir);
    while (dir_len > 1 && dir[dir_len - 1] == '/')
        dir_len--; /* "export/" names export/partners.csv, not export//partners.csv */
    snprintf(path, sizeof path, "%.*s/%s.csv", (int)dir_len, dir, pf_file_names[file]);
    size_t count = file == PF_FILE_PARTNERS ? m->partner_count
                   : file == PF_FILE_DEALS  ? m->deal_count
                                            : m->cost_count;
    line_index *order = malloc((count ? count : 1) * sizeof *order);
    if (!order)
        return pf_error_set(err, PF_ERROR_MEMORY, path, 0, NULL, "out of memory");
    for (size_t i = 0; i < count; i++) {
        long line = file == PF_FILE_PARTNERS ? m->partners[i].line
                    : file == PF_FILE_DEALS  ? m->deals[i].line
                                             : m->costs[i].line;
        order[i] = (line_index){line, i};
    }
    qsort(order, count, sizeof *order, compare_line);
    pf_output out;
    pf_error code = output_open(&out, path, err);
    if (code != PF_OK) {
        free(order);
        return code;
    }
    write_header(out.file, &m->inputs[file], file);
    for (size_t i = 0; i < count; i++) {
        size_t k = order[i].index;
        if (file == PF_FILE_PARTNERS)
            write_partner(out.file, m, &m->partners[k]);
        else if (file == PF_FILE_DEALS)
            write_deal(out.file, m, &m->deals[k]);
        else
            write_cost(out.file, m, &m->costs[k]);
    }
    free(order);
    return output_commit(&out, err);
}

pf_error render_csv_clean(const pf_model *model, const char *dir, pf_error_context *err)
{
    pf_error code = output_make_dir(dir, err);
    for (int f = 0; f < PF_FILE_COUNT && code == PF_OK; f++)
        if (model->inputs[f].present)
            code = write_file(model, (pf_file_kind)f, dir, err);
    return code;
}
