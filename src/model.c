/* model.c — loads partners.csv, deals.csv and costs.csv into a pf_model, accounting for every row.
 *
 * Each file is streamed once through the reader. A row is turned into a struct as it arrives; the values
 * that cannot be judged yet are staged:
 *  - slash dates whose meaning depends on the column's day-first/month-first decision (docs/definitions.md
 * "Field syntax": a column is month-first when some value proves it and none contradicts it). Dates that are
 * valid or invalid whatever the order are settled at once; the few "order-dependent" ones keep their raw row
 * text so that, if the column's order makes them impossible, they can still be rejected with their text. After
 * the file, the column orders are decided, staged dates resolved, rejected rows compacted away, and the
 * warnings (implied stages, dates out of process order, deals won before signing) emitted. Deals and costs are
 * read after the partners, so a reference to an unknown partner is known at once.
 *
 * Besides the reader's threads, a large file gets two helpers of this file's own that only fault memory in
 * ahead of the rows (see "populated ahead" and "an id index made early" below): they never read or write a
 * row, so the model is the same with them or without.
 */
#include "partnerfunnel/model.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <sys/stat.h>

#include "partnerfunnel/text.h"
#include "partnerfunnel/xlsx_input.h"

const pf_column pf_step_columns[PF_STEP_COUNT] = {
    PF_COL_LISTED_ON,         PF_COL_APPROACHED_ON, PF_COL_APPLIED_ON,       PF_COL_COMMITTEE_ON,
    PF_COL_SIGNED_ON,         PF_COL_KICKOFF_ON,    PF_COL_BUSINESS_PLAN_ON, PF_COL_TECH_AUTONOMY_ON,
    PF_COL_SALES_AUTONOMY_ON, PF_COL_ENDED_ON,
};

/* ---- id index: open addressing, id string -> index ----
 * 16-byte slots (the id pointer, 32 bits of hash, the index) in a table pre-sized from the file size, so a
 * million ids are indexed without rehashing. A slot whose row was rejected after indexing keeps its place
 * in the probe chain with index PF_ID_DELETED. The capacity is any size (a hash picks its slot by
 * multiplying, not masking), so the table is half again as big as the expected count, not up to three
 * times: its memory is new to the process and every page of it costs a fault and a clearing. */

#define PF_ID_DELETED UINT32_MAX
#define PF_ID_MAPPED_BYTES ((size_t)4 << 20) /* tables from this size on are mapped on their own */

typedef struct pf_id_slot {
    const char *id;
    uint32_t hash;
    uint32_t index;
} pf_id_slot;

typedef struct pf_id_index {
    pf_id_slot *slots;
    size_t capacity;
    size_t count;
} pf_id_index;

/* Zeroed slots. A large table is mapped directly (zeroed by the kernel as it is touched, no second pass)
 * and asked to live on huge pages, since every lookup is a random access (measured: a third less time
 * indexing a million ids). */
static pf_id_slot *id_slots_new(size_t capacity)
{
    size_t bytes = capacity * sizeof(pf_id_slot);
    if (bytes < PF_ID_MAPPED_BYTES)
        return calloc(capacity, sizeof(pf_id_slot));
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    madvise(p, bytes, MADV_HUGEPAGE);
    return p;
}

static void id_slots_free(pf_id_slot *slots, size_t capacity)
{
    if (!slots)
        return;
    size_t bytes = capacity * sizeof(pf_id_slot);
    if (bytes < PF_ID_MAPPED_BYTES)
        free(slots);
    else
        munmap(slots, bytes);
}

/* The first slot to probe for hash: hash scaled to [0, capacity) (Lemire's multiply-shift). */
static size_t id_slot_of(const pf_id_index *index, uint32_t hash)
{
    return (size_t)(((uint64_t)hash * index->capacity) >> 32);
}

static size_t id_slot_next(const pf_id_index *index, size_t i)
{
    return i + 1 == index->capacity ? 0 : i + 1;
}

static pf_id_index *id_index_new(size_t expected)
{
    pf_id_index *index = calloc(1, sizeof *index);
    if (!index)
        return NULL;
    index->capacity = expected + expected / 2 > 64 ? expected + expected / 2 : 64;
    index->slots = id_slots_new(index->capacity);
    if (!index->slots) {
        free(index);
        return NULL;
    }
    return index;
}

static void id_index_free(pf_id_index *index)
{
    if (!index)
        return;
    id_slots_free(index->slots, index->capacity);
    free(index);
}

static int id_index_grow(pf_id_index *index)
{
    pf_id_index grown = {id_slots_new(index->capacity * 2), index->capacity * 2, index->count};
    if (!grown.slots)
        return -1;
    for (size_t i = 0; i < index->capacity; i++) {
        if (!index->slots[i].id)
            continue;
        size_t j = id_slot_of(&grown, index->slots[i].hash);
        while (grown.slots[j].id)
            j = id_slot_next(&grown, j);
        grown.slots[j] = index->slots[i];
    }
    id_slots_free(index->slots, index->capacity);
    *index = grown;
    return 0;
}

static uint32_t id_hash_bytes(const char *id, size_t len)
{
    unsigned long long h = pf_hash_bytes(id, len);
    return (uint32_t)(h ^ (h >> 32));
}

/* Every lookup in a table of a million ids is a cache miss: the loaders compute an id's hash when they
 * meet the id, ask for its slot at once, and use it at the end of the row, by when it has arrived. */
static void id_index_prefetch(const pf_id_index *index, uint32_t hash)
{
    __builtin_prefetch(&index->slots[id_slot_of(index, hash)]);
}

/* The second step of id_index_prefetch(), called later in the row, once the slot has arrived: the id that
 * the slot points at is asked for too, since comparing it is the lookup's other cache miss. */
static void id_index_prefetch_id(const pf_id_index *index, uint32_t hash)
{
    const pf_id_slot *slot = &index->slots[id_slot_of(index, hash)];
    if (slot->id && slot->hash == hash)
        __builtin_prefetch(slot->id);
}

/* The slot holding id (whose id_hash_bytes() is hash), or NULL. */
static pf_id_slot *id_index_slot(const pf_id_index *index, const char *id, uint32_t hash)
{
    if (!index)
        return NULL;
    for (size_t i = id_slot_of(index, hash); index->slots[i].id; i = id_slot_next(index, i))
        if (index->slots[i].hash == hash && strcmp(index->slots[i].id, id) == 0)
            return &index->slots[i];
    return NULL;
}

/* The index of id (whose id_hash_bytes() is hash), or -1. */
static long id_index_find_hashed(const pf_id_index *index, const char *id, uint32_t hash)
{
    const pf_id_slot *slot = id_index_slot(index, id, hash);
    return slot && slot->index != PF_ID_DELETED ? (long)slot->index : -1;
}

/* The index of id, or -1. */
static long id_index_find(const pf_id_index *index, const char *id)
{
    return id_index_find_hashed(index, id, id_hash_bytes(id, strlen(id)));
}

/* Adds id (whose id_hash_bytes() is hash) -> value unless present. Returns 1 when added, 0 when already
 * there (deleted or not), -1 on exhaustion. id must outlive the index. */
static int id_index_add(pf_id_index *index, const char *id, uint32_t hash, size_t value)
{
    if ((index->count + 1) * 3 > index->capacity * 2 && id_index_grow(index) != 0)
        return -1;
    size_t i = id_slot_of(index, hash);
    for (; index->slots[i].id; i = id_slot_next(index, i))
        if (index->slots[i].hash == hash && strcmp(index->slots[i].id, id) == 0)
            return 0;
    index->slots[i].id = id;
    index->slots[i].hash = hash;
    index->slots[i].index = (uint32_t)value;
    index->count++;
    return 1;
}

/* After rows were compacted: renumber each slot through new_index (PF_ID_DELETED for dropped rows). */
static void id_index_renumber(pf_id_index *index, const uint32_t *new_index)
{
    for (size_t i = 0; i < index->capacity; i++)
        if (index->slots[i].id && index->slots[i].index != PF_ID_DELETED)
            index->slots[i].index = new_index[index->slots[i].index];
}

/* ---- an id index made early ---- */

/* A deals file holds a deal id every this many bytes at most, about: its index is sized from the file. */
#define PF_DEAL_ID_BYTES 40

/* The deals' index is made while the partners load, and its table populated meanwhile by a thread of its
 * own (MADV_POPULATE_WRITE): every deal writes somewhere in the table, and on a virtual machine the first
 * write to each fresh page is dear, so the command's thread would otherwise meet them all while it reads
 * the deals. Only a table mapped on its own (large) is made early. */
typedef struct early_index {
    pf_id_index *index;
    size_t expected; /* what id_index_new() was given */
    pthread_t thread;
    bool started;
} early_index;

static void *populate_table(void *arg)
{
#ifdef MADV_POPULATE_WRITE
    const pf_id_index *index = arg;
    (void)madvise(index->slots, index->capacity * sizeof(pf_id_slot), MADV_POPULATE_WRITE);
#else
    (void)arg;
#endif
    return NULL;
}

/* Makes the index of the ids of the file at path (one every id_bytes), when the file is large. */
static void early_index_start(early_index *early, const char *path, size_t id_bytes)
{
    memset(early, 0, sizeof *early);
#ifdef MADV_POPULATE_WRITE
    struct stat st;
    if (!path || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return;
    size_t expected = (size_t)st.st_size / id_bytes + 1024;
    if ((expected + expected / 2) * sizeof(pf_id_slot) < PF_ID_MAPPED_BYTES)
        return;
    early->index = id_index_new(expected);
    if (!early->index)
        return;
    early->expected = expected;
    early->started = pthread_create(&early->thread, NULL, populate_table, early->index) == 0;
#else
    (void)path, (void)id_bytes;
#endif
}

/* The index made early, when it was made for expected ids (else NULL); the caller owns it. */
static pf_id_index *early_index_take(early_index *early, size_t expected)
{
    if (early->started)
        pthread_join(early->thread, NULL);
    early->started = false;
    pf_id_index *index = early->index;
    early->index = NULL;
    if (index && early->expected != expected) {
        id_index_free(index);
        index = NULL;
    }
    return index;
}

static void early_index_clear(early_index *early)
{
    id_index_free(early_index_take(early, early->expected));
}

/* ---- growable arrays ---- */

static int grow(void **items, size_t *capacity, size_t count, size_t item_size)
{
    if (count < *capacity)
        return 0;
    size_t next = *capacity ? *capacity * 2 : 1024;
    void *p = realloc(*items, next * item_size);
    if (!p)
        return -1;
    *items = p;
    *capacity = next;
    return 0;
}

/* Row arrays populated ahead. Fresh memory costs a page fault per page as rows are written into it, and on a
 * virtual machine a fault is dear (the host clears the page). A large row array is populated a couple of
 * megabytes ahead of the rows written, by a thread of its own (MADV_POPULATE_WRITE, Linux 5.14; elsewhere the
 * call fails and the faults happen as before), so the command's thread, whose work is the reading's longest
 * chain, meets pages already there. Only what is about to be written is populated, so the memory used does not
 * grow. Before the array is reallocated the thread is let finish its range and given no more, so it never
 * touches memory the array has left. */
#define PF_POPULATE_STEP ((size_t)2 << 20)

typedef struct populator {
    pthread_t thread;
    bool started;
    pthread_mutex_t lock; /* guards what follows */
    pthread_cond_t wake;
    pthread_cond_t idle;
    uintptr_t from, to; /* the pages to populate next (from == to: none) */
    bool busy;          /* the thread is populating a range */
    bool quit;
    const void *items; /* the array as last seen by the loader (a realloc may move it) */
    size_t bytes;      /* bytes from its start asked for */
    uintptr_t page;    /* the system's page size: madvise() takes whole pages */
} populator;

static void *populator_main(void *arg)
{
    populator *pop = arg;
    pthread_mutex_lock(&pop->lock);
    for (;;) {
        while (!pop->quit && pop->from == pop->to)
            pthread_cond_wait(&pop->wake, &pop->lock);
        if (pop->quit)
            break;
        uintptr_t from = pop->from, to = pop->to;
        pop->from = pop->to = 0;
        pop->busy = true;
        pthread_mutex_unlock(&pop->lock);
#ifdef MADV_POPULATE_WRITE
        (void)madvise((void *)from, to - from, MADV_POPULATE_WRITE);
#endif
        pthread_mutex_lock(&pop->lock);
        pop->busy = false;
        pthread_cond_signal(&pop->idle);
    }
    pthread_mutex_unlock(&pop->lock);
    return NULL;
}

/* Starts the populating thread for a file of size bytes (none for a small file, or without the call). */
static void populator_start(populator *pop, unsigned long long size)
{
    memset(pop, 0, sizeof *pop);
#ifdef MADV_POPULATE_WRITE
    long page = sysconf(_SC_PAGESIZE);
    if (size < 4 * PF_POPULATE_STEP || page <= 0 || (page & (page - 1)) != 0)
        return;
    pop->page = (uintptr_t)page;
    pthread_mutex_init(&pop->lock, NULL);
    pthread_cond_init(&pop->wake, NULL);
    pthread_cond_init(&pop->idle, NULL);
    pop->started = pthread_create(&pop->thread, NULL, populator_main, pop) == 0;
    if (!pop->started) {
        pthread_mutex_destroy(&pop->lock);
        pthread_cond_destroy(&pop->wake);
        pthread_cond_destroy(&pop->idle);
    }
#else
    (void)size;
#endif
}

static void populator_stop(populator *pop)
{
    if (!pop->started)
        return;
    pthread_mutex_lock(&pop->lock);
    pop->quit = true;
    pthread_cond_signal(&pop->wake);
    pthread_mutex_unlock(&pop->lock);
    pthread_join(pop->thread, NULL);
    pthread_mutex_destroy(&pop->lock);
    pthread_cond_destroy(&pop->wake);
    pthread_cond_destroy(&pop->idle);
    pop->started = false;
}

/* Before the array may move: the pending range is dropped and the one under way finished. */
static void populator_hold(populator *pop)
{
    if (!pop->started)
        return;
    pthread_mutex_lock(&pop->lock);
    pop->from = pop->to = 0;
    while (pop->busy)
        pthread_cond_wait(&pop->idle, &pop->lock);
    pthread_mutex_unlock(&pop->lock);
    pop->items = NULL;
}

/* Rows fill items up to used bytes of allocated: asks for the next step once half of the last is used. */
static void populate_ahead(populator *pop, const void *items, size_t used, size_t allocated)
{
    if (!pop->started || allocated < 2 * PF_POPULATE_STEP)
        return;
    if (pop->items != items) {
        pop->items = items;
        pop->bytes = used;
    }
    if (used + PF_POPULATE_STEP / 2 < pop->bytes)
        return;
    uintptr_t page = pop->page;
    uintptr_t from = ((uintptr_t)items + (pop->bytes > used ? pop->bytes : used) + page - 1) & ~(page - 1);
    size_t end = used + PF_POPULATE_STEP < allocated ? used + PF_POPULATE_STEP : allocated;
    uintptr_t to = ((uintptr_t)items + end) & ~(page - 1);
    pop->bytes = end;
    if (to <= from)
        return;
    pthread_mutex_lock(&pop->lock);
    if (pop->from != pop->to && pop->to == from)
        pop->to = to; /* the previous step not taken yet: one range */
    else {
        pop->from = from;
        pop->to = to;
    }
    pthread_cond_signal(&pop->wake);
    pthread_mutex_unlock(&pop->lock);
}

/* ---- the loader's state for one file ---- */

/* A raw enum value and its meaning (-1: unknown). */
#define ENUM_MEMO_SIZE 4
#define ENUM_MEMO_TEXT 24
typedef struct enum_memo {
    char text[ENUM_MEMO_TEXT];
    size_t length; /* 0: unused (an empty value is never memoised) */
    int value;
} enum_memo;

/* A string interned in the model, and its length. */
#define INTERN_MEMO_SIZE 256
typedef struct intern_memo {
    const char *text;
    size_t length;
} intern_memo;

/* A date cell whose validity depends on its column's order. */
typedef struct staged_date {
    size_t row;   /* index into the file's provisional rows */
    uint8_t slot; /* which date of the row (step, or 0 for the single date of deals and costs) */
    pf_column column;
    pf_date_parts parts;
    const char *raw;  /* the row's text, for a late reject */
    const char *text; /* the cell's text, for the same */
    long line;
} staged_date;

/* What prepare_row() needs, copied from the loader before the first reader_next(): it may run in the
 * reader's thread, so it reads nothing else, and the loader never writes it afterwards. */
typedef struct row_preparer {
    const pf_settings *settings;
    pf_column first, end; /* the file's columns */
    int column_index[PF_COL_COUNT];
    size_t header_count;
    char decimal_mark;
} row_preparer;

typedef struct loader {
    pf_model *model;
    const pf_settings *settings;
    pf_file_kind file;
    pf_column first_column; /* the file's first column: prepared rows hold its columns from this one */
    pf_column end_column;
    row_preparer preparer;
    pf_input *input;
    const char *display; /* file name used in messages (the path as given) */
    /* per date column of this file: did some value prove month-first, did some contradict it */
    bool proves_mdy[PF_COL_COUNT];
    bool contradicts_mdy[PF_COL_COUNT];
    staged_date *staged;
    size_t staged_count, staged_capacity;
    size_t *reject_capacity, *warning_capacity; /* shared by the three files' loaders */
    bool *rejected;                             /* per provisional row */
    size_t rejected_capacity;
    pf_error_context *err;
    long header_last_line; /* the header's last line (after any report title lines) */
    /* The partner named by the previous row of deals or costs (exports list a partner's rows together). */
    char last_partner_id[64];
    size_t last_partner_length; /* SIZE_MAX: none yet */
    long last_partner;
    /* The last values met per enum family, with what they mean (settings_match_enum() folds each value). */
    enum_memo enums[PF_ENUM_FAMILY_COUNT][ENUM_MEMO_SIZE];
    unsigned enum_next[PF_ENUM_FAMILY_COUNT];
    /* Interned values met lately, by a hash of their bytes (categories, markets... repeat on every row). */
    intern_memo interned[INTERN_MEMO_SIZE];
} loader;

static pf_error out_of_memory(loader *ld)
{
    return pf_error_set(ld->err, PF_ERROR_MEMORY, ld->display, 0, NULL, "out of memory while loading");
}

static const char *header_name(const loader *ld, pf_column column)
{
    int index = ld->input->column_index[column];
    return index >= 0 ? ld->input->headers[index] : pf_columns[column].name;
}

static int add_reject(loader *ld, long line, const char *column, const char *raw, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int add_reject(loader *ld, long line, const char *column, const char *raw, const char *fmt, ...)
{
    pf_model *m = ld->model;
    if (grow((void **)&m->rejects, ld->reject_capacity, m->reject_count, sizeof *m->rejects) != 0)
        return -1;
    char reason[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    pf_reject *r = &m->rejects[m->reject_count];
    r->file = ld->file;
    r->line = line;
    r->column = column ? column : "";
    r->reason = arena_strndup(m->arena, reason, strlen(reason));
    r->raw = raw ? raw : "";
    if (!r->reason)
        return -1;
    m->reject_count++;
    ld->input->rows_rejected++;
    return 0;
}

static int add_warning(loader *ld, long line, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int add_warning(loader *ld, long line, const char *column, const char *fmt, ...)
{
    pf_model *m = ld->model;
    if (grow((void **)&m->warnings, ld->warning_capacity, m->warning_count, sizeof *m->warnings) != 0)
        return -1;
    char message[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    pf_warning *w = &m->warnings[m->warning_count];
    w->file = ld->file;
    w->line = line;
    w->column = column ? column : "";
    w->message = arena_strndup(m->arena, message, strlen(message));
    if (!w->message)
        return -1;
    m->warning_count++;
    ld->input->warnings++;
    return 0;
}

/* Quotes a field for a message, shortened to keep reject lines readable. */
static const char *quote_value(const char *s, size_t len, char *buf, size_t size)
{
    size_t n = len < size - 8 ? len : size - 8;
    /* do not cut a UTF-8 sequence in half */
    while (n > 0 && n < len && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    snprintf(buf, size, "%.*s%s", (int)n, s, n < len ? "..." : "");
    return buf;
}

/* ---- settings that do nothing ----
 * A [columns] entry whose header a file does not have, while that file has no column under the canonical
 * name either, would silently leave the column empty (signed_on = Signatur for a header Signature turns
 * every signature into "not signed"): that is a settings error (exit 78) naming the entry, the file and
 * the file's closest header. A name shared by several files (partner_id, category, amount) is fine when
 * one file has it under the mapped header and another under the canonical one. The same holds for
 * [values] synonyms of a column the file lacks. */

/* Levenshtein distance between a and b (bytes, each cut at 64). */
static size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    n = n > 64 ? 64 : n;
    m = m > 64 ? 64 : m;
    size_t row[65];
    for (size_t j = 0; j <= m; j++)
        row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t above = row[j];
            size_t best = diagonal + (a[i - 1] != b[j - 1]);
            if (above + 1 < best)
                best = above + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diagonal = above;
        }
    }
    return row[m];
}

/* The header of in closest to want, both folded, by edit distance; NULL when even the closest differs in
 * more than half of the longer name (then it is no likely typo). */
static const char *closest_header(const pf_input *in, const char *want)
{
    char folded_want[65], folded[65];
    text_fold(want, strlen(want), folded_want, sizeof folded_want);
    const char *best = NULL;
    size_t best_distance = SIZE_MAX;
    for (size_t i = 0; i < in->header_count; i++) {
        text_fold(in->headers[i], strlen(in->headers[i]), folded, sizeof folded);
        size_t distance = edit_distance(folded_want, folded);
        size_t longer = strlen(folded) > strlen(folded_want) ? strlen(folded) : strlen(folded_want);
        if (distance < best_distance && 2 * distance <= longer) {
            best = in->headers[i];
            best_distance = distance;
        }
    }
    return best;
}

/* True when a column of another file has the canonical name of c. */
static bool column_name_shared(pf_column c)
{
    for (pf_column d = 0; d < PF_COL_COUNT; d++)
        if (d != c && strcmp(pf_columns[d].name, pf_columns[c].name) == 0)
            return true;
    return false;
}

/* The [columns] entry of c does nothing in the file in (which has neither header): PF_ERROR_CONFIG. */
static pf_error unused_mapping(const pf_settings *settings, pf_column c, const pf_input *in,
                               pf_error_context *err)
{
    const char *mapped = settings->column_headers[c];
    const char *name = pf_columns[c].name;
    const char *near = closest_header(in, mapped);
    char hint[256] = "";
    if (near)
        snprintf(hint, sizeof hint, "; did you mean '%s'?", near);
    else
        snprintf(hint, sizeof hint, "; write the header as it is in the first line of the file");
    return pf_error_set(err, PF_ERROR_CONFIG, settings->path, settings->column_lines[c], NULL,
                        "[columns] %s = %s: %s has no column '%s' (nor '%s')%s", name, mapped, in->path, mapped,
                        name, hint);
}

/* Synonyms in [values] for the enum column c of in, which the file lacks: PF_ERROR_CONFIG at the first
 * synonym's line. PF_OK when there is none. */
static pf_error unused_synonyms(const pf_settings *settings, pf_column c, const pf_input *in,
                                pf_error_context *err)
{
    pf_enum_family family = pf_columns[c].type == PF_TYPE_DECISION ? PF_ENUM_DECISION : PF_ENUM_STATUS;
    for (size_t i = 0; i < settings->synonym_count; i++) {
        const pf_synonym *synonym = &settings->synonyms[i];
        if (synonym->family != family)
            continue;
        return pf_error_set(err, PF_ERROR_CONFIG, settings->path, synonym->line, NULL,
                            "[values] %s.%s: synonyms for the %s column, but %s has no column '%s'; map its "
                            "header with '%s = <your header>' in [columns]",
                            pf_enum_family_names[family], pf_enum_value_names[family][synonym->value],
                            pf_columns[c].name, in->path, pf_columns[c].name, pf_columns[c].name);
    }
    return PF_OK;
}

/* The checks above for the columns of the file just mapped whose name no other file shares. */
static pf_error check_file_settings(const loader *ld)
{
    const pf_settings *settings = ld->settings;
    const pf_input *in = ld->input;
    for (pf_column c = ld->first_column; c < ld->end_column; c++) {
        if (in->column_index[c] >= 0)
            continue;
        pf_error code = PF_OK;
        if (settings->column_headers[c] && (!column_name_shared(c) || settings->column_file_only[c]))
            code = unused_mapping(settings, c, in, ld->err);
        else if (pf_columns[c].type == PF_TYPE_DECISION || pf_columns[c].type == PF_TYPE_STATUS)
            code = unused_synonyms(settings, c, in, ld->err);
        if (code != PF_OK)
            return code;
    }
    return PF_OK;
}

/* The same for the names shared by several files, once every file is read: an entry no file uses, while
 * some file lacks the column altogether. */
static pf_error check_shared_settings(const pf_model *m, const pf_settings *settings, pf_error_context *err)
{
    for (pf_column c = 0; c < PF_COL_COUNT; c++) {
        const char *mapped = settings->column_headers[c];
        if (!mapped || !column_name_shared(c) || settings->column_file_only[c])
            continue;
        bool first_of_name = true, used = false;
        const pf_input *lacking = NULL;
        pf_column lacking_column = c;
        for (pf_column d = 0; d < PF_COL_COUNT; d++) {
            if (strcmp(pf_columns[d].name, pf_columns[c].name) != 0)
                continue;
            if (d < c)
                first_of_name = false;
            const pf_input *in = &m->inputs[pf_columns[d].file];
            if (!in->present)
                continue;
            int index = in->column_index[d];
            if (index >= 0)
                used |= text_fold_equal(in->headers[index], strlen(in->headers[index]), mapped, strlen(mapped));
            else if (!lacking) {
                lacking = in;
                lacking_column = d;
            }
        }
        if (first_of_name && !used && lacking)
            return unused_mapping(settings, lacking_column, lacking, err);
    }
    return PF_OK;
}

/* The columns a headline figure needs, and what is lost without them: their absence is a warning (line 0),
 * never a silent zero. */
static const struct {
    pf_column column;
    const char *message;
} needed_columns[] = {
    {PF_COL_LISTED_ON,
     "no column for the listing date: every candidate counts as listed, even one listed after "
     "the reporting date"},
    {PF_COL_DECISION, "no column for the committee decision: approvals are known only from later stages"},
    {PF_COL_SIGNED_ON, "no column for the signature date: signed partners cannot be counted, nor anything "
                       "measured after signature"},
    {PF_COL_KICKOFF_ON,
     "no column for the start of the 100-day plan: kick-offs and the plan's effect cannot be "
     "measured"},
    {PF_COL_BUSINESS_PLAN_ON, "no column for the business plan date: the business plan's effect cannot be "
                              "measured"},
    {PF_COL_DEAL_CLOSED_ON,
     "no column for the closing date: first deals cannot be dated, so activity and time to "
     "first deal cannot be measured"},
};

static int add_warning(loader *ld, long line, const char *column, const char *fmt, ...);

static int warn_missing_columns(loader *ld)
{
    for (size_t i = 0; i < sizeof needed_columns / sizeof needed_columns[0]; i++) {
        pf_column c = needed_columns[i].column;
        if (pf_columns[c].file == ld->file && ld->input->column_index[c] < 0 &&
            add_warning(ld, 0, pf_columns[c].name, "%s", needed_columns[i].message) != 0)
            return -1;
    }
    return 0;
}

/* ---- header ---- */

static pf_error map_header(loader *ld, const pf_record *header)
{
    pf_input *in = ld->input;
    pf_model *m = ld->model;
    if (header->field_count > PF_INPUT_COLUMNS_MAX)
        return pf_error_set(
            ld->err, PF_ERROR_DATA, ld->display, header->line, NULL,
            "has %zu columns, more than the %d a workbook sheet can list beside partnerfunnel's "
            "own (Excel's limit is %d); remove the columns you do not need",
            header->field_count, PF_INPUT_COLUMNS_MAX, PF_SHEET_COLUMNS_MAX);
    in->header_count = header->field_count;
    in->headers = arena_alloc(m->arena, sizeof(char *) * (header->field_count + 1));
    bool *used = calloc(header->field_count + 1, sizeof(bool));
    if (!in->headers || !used) {
        free(used);
        return out_of_memory(ld);
    }
    for (size_t i = 0; i < header->field_count; i++) {
        size_t len;
        const char *t = text_trim(header->fields[i], header->lengths[i], &len);
        in->headers[i] = arena_strndup(m->arena, t, len);
        if (!in->headers[i]) {
            free(used);
            return out_of_memory(ld);
        }
    }
    for (int c = 0; c < PF_COL_COUNT; c++) {
        in->column_index[c] = -1;
        in->column_sources[c] = PF_SOURCE_ABSENT;
    }
    pf_column first, end;
    schema_file_columns(ld->file, &first, &end);
    pf_error code = PF_OK;
    /* 1. the [columns] header, else the canonical name */
    for (pf_column c = first; c < end && code == PF_OK; c++) {
        const char *mapped = ld->settings->column_headers[c];
        const char *names[2] = {mapped, pf_columns[c].name};
        for (int attempt = 0; attempt < 2 && in->column_index[c] < 0; attempt++) {
            const char *want = names[attempt];
            if (!want)
                continue;
            for (size_t i = 0; i < header->field_count; i++) {
                if (!text_fold_equal(in->headers[i], strlen(in->headers[i]), want, strlen(want)))
                    continue;
                if (in->column_index[c] >= 0) {
                    code = pf_error_set(ld->err, PF_ERROR_DATA, ld->display, header->line, NULL,
                                        "columns %d and %zu are both '%s'; keep one of them",
                                        in->column_index[c] + 1, i + 1, want);
                    break;
                }
                if (used[i])
                    continue;
                in->column_index[c] = (int)i;
                in->column_sources[c] = attempt == 0 ? PF_SOURCE_SETTINGS : PF_SOURCE_CANONICAL;
            }
            if (in->column_index[c] >= 0)
                used[in->column_index[c]] = true;
        }
    }
    /* 2. the CRM preset's header, for the columns still missing */
    for (pf_column c = first; c < end && code == PF_OK; c++) {
        const char *preset = crm_preset_header(ld->settings->crm, c);
        for (size_t i = 0; preset && in->column_index[c] < 0 && i < header->field_count; i++)
            if (!used[i] && text_fold_equal(in->headers[i], strlen(in->headers[i]), preset, strlen(preset))) {
                in->column_index[c] = (int)i;
                in->column_sources[c] = PF_SOURCE_PRESET;
                used[i] = true;
            }
    }
    /* 3. a built-in name, for the columns still missing */
    for (pf_column c = first; c < end && code == PF_OK; c++) {
        if (in->column_index[c] >= 0)
            continue;
        for (size_t i = 0; i < header->field_count && code == PF_OK; i++) {
            char currency[4];
            if (used[i] || !schema_builtin_match(c, in->headers[i], strlen(in->headers[i]), currency))
                continue;
            if (in->column_index[c] >= 0)
                code = pf_error_set(ld->err, PF_ERROR_DATA, ld->display, header->line, NULL,
                                    "columns %d ('%s') and %zu ('%s') are both %s; keep one of them, or name "
                                    "the one to use with '%s = <header>' in [columns]",
                                    in->column_index[c] + 1, in->headers[in->column_index[c]], i + 1,
                                    in->headers[i], pf_columns[c].name, pf_columns[c].name);
            else if (currency[0] && strcmp(currency, ld->settings->currency) != 0)
                code = pf_error_set(ld->err, PF_ERROR_DATA, ld->display, header->line, in->headers[i],
                                    "amounts in %s, but the report's currency is %s; write 'currency = %s' "
                                    "under [report] in the settings",
                                    currency, ld->settings->currency, currency);
            else {
                in->column_index[c] = (int)i;
                in->column_sources[c] = PF_SOURCE_BUILTIN;
            }
        }
        if (in->column_index[c] >= 0)
            used[in->column_index[c]] = true;
    }
    /* 4. the required columns */
    for (pf_column c = first; c < end && code == PF_OK; c++) {
        const char *mapped = ld->settings->column_headers[c];
        if (pf_columns[c].required && in->column_index[c] < 0) {
            if (mapped)
                code = unused_mapping(ld->settings, c, in, ld->err);
            else
                code = pf_error_set(ld->err, PF_ERROR_DATA, ld->display, header->line, NULL,
                                    "required column '%s' not found; name it so in the header or map it "
                                    "with '%s = <your header>' in [columns] of the settings",
                                    pf_columns[c].name, pf_columns[c].name);
        }
    }
    if (code == PF_OK) {
        size_t extra = 0;
        for (size_t i = 0; i < header->field_count; i++)
            extra += !used[i];
        int *extra_index = arena_alloc(m->arena, sizeof(int) * (extra + 1));
        if (!extra_index) {
            free(used);
            return out_of_memory(ld);
        }
        size_t k = 0;
        for (size_t i = 0; i < header->field_count; i++)
            if (!used[i])
                extra_index[k++] = (int)i;
        in->extra_index = extra_index;
        in->extra_count = extra;
    }
    free(used);
    if (code == PF_OK)
        code = check_file_settings(ld);
    if (code == PF_OK && warn_missing_columns(ld) != 0)
        code = out_of_memory(ld);
    return code;
}

/* ---- cells ---- */

typedef enum cell_result { CELL_OK = 0, CELL_REJECTED, CELL_ERROR } cell_result;

/* True when the amount s (len bytes) is written in another currency than the report's. */
static bool foreign_currency(const pf_settings *settings, const char *s, size_t len)
{
    if (len > 0 && (unsigned char)s[len - 1] <= '9' && (unsigned char)s[0] <= '9' && s[0] != '(')
        return false; /* no letter or symbol at either end: no currency (the common case, decided at once) */
    char code[4];
    field_money_currency(s, len, code);
    return code[0] && strcmp(code, settings->currency) != 0;
}

/* The bytes that can start or end a blank of text_trim(): space, TAB, CR, LF, NBSP (C2 A0) and NNBSP
 * (E2 80 AF). */
#define BLANK_MAY_START 1
#define BLANK_MAY_END 2
static const unsigned char blank_edges[256] = {
    [' '] = BLANK_MAY_START | BLANK_MAY_END,
    ['\t'] = BLANK_MAY_START | BLANK_MAY_END,
    ['\r'] = BLANK_MAY_START | BLANK_MAY_END,
    ['\n'] = BLANK_MAY_START | BLANK_MAY_END,
    [0xC2] = BLANK_MAY_START,
    [0xE2] = BLANK_MAY_START,
    [0xA0] = BLANK_MAY_END,
    [0xAF] = BLANK_MAY_END,
};

/* text_trim(s, n, len): a field whose first byte starts no blank and whose last byte ends none is returned
 * as it is (most are, and the check is two table lookups). */
static const char *trim_field(const char *s, size_t n, size_t *len)
{
    if (n > 0 && !(blank_edges[(unsigned char)s[0]] & BLANK_MAY_START) &&
        !(blank_edges[(unsigned char)s[n - 1]] & BLANK_MAY_END)) {
        *len = n;
        return s;
    }
    return text_trim(s, n, len);
}

/* ---- cells prepared in the reader's thread ----
 * Parsing a row's cells depends on the row alone (and on the settings and the header, constant while a file
 * is read), so the reader runs prepare_row() on each record in its background thread (reader_set_prepare),
 * where the work overlaps with the loader's. It settles the common outcomes: a cell's trimmed text, a valid
 * date that needs no column-wide decision, a valid amount, an enum value, an id's hash. Anything else
 * (invalid values, dates staged until their column's order is known, a wrong row shape) is left to the
 * loader, which then does exactly what it does without a prepared row: the results are the same either
 * way, only the thread that parses differs. */

enum prepared_state {
    PREPARED_NONE = 0,   /* not prepared (a field too long): the loader works from the record */
    PREPARED_ABSENT,     /* the column is not in the file */
    PREPARED_READY,      /* the trimmed text and, for a typed column, its value */
    PREPARED_SLASH_DATE, /* the same for a date written A/B/YYYY (its column's order matters) */
    PREPARED_EMPTY,      /* the trimmed text of an empty date or amount */
    PREPARED_OTHER,      /* the trimmed text only: the loader reads the value (invalid, or staged) */
};

typedef struct prepared_cell {
    union {
        double amount; /* money */
        pf_date date;  /* date */
        int value;     /* enum: settings_match_enum() */
        uint32_t hash; /* id columns: id_hash_bytes() */
    } as;
    uint32_t skip;        /* the trimmed text starts skip bytes into the field... */
    uint32_t length : 24; /* ... and is length bytes long */
    uint32_t state : 8;   /* enum prepared_state */
} prepared_cell;

typedef struct prepared_row {
    bool ready;            /* false: the row has a wrong shape, check_row_shape() rejects it */
    prepared_cell cells[]; /* per column of the file, from its first */
} prepared_row;

static bool is_id_column(pf_column c)
{
    return c == PF_COL_PARTNER_ID || c == PF_COL_DEAL_ID || c == PF_COL_DEAL_PARTNER_ID ||
           c == PF_COL_COST_PARTNER_ID;
}

/* A date as date_cell() would find it, when it is valid and needs no decision about its column. */
static void prepare_date(const row_preparer *rp, const char *s, size_t len, prepared_cell *pc)
{
    pf_date_parts parts;
    pf_field_status status = field_scan_date(s, len, &parts, NULL);
    pc->state = status == PF_FIELD_EMPTY ? PREPARED_EMPTY : PREPARED_OTHER;
    if (status != PF_FIELD_OK || parts.year < PF_FIRST_YEAR)
        return;
    pf_date_order order_setting = rp->settings->date_order;
    if (parts.form != PF_DATE_FORM_SLASH || order_setting != PF_DATE_ORDER_AUTO) {
        pf_date_order order = order_setting == PF_DATE_ORDER_MDY ? PF_DATE_ORDER_MDY : PF_DATE_ORDER_DMY;
        if (field_date_resolve(&parts, order, &pc->as.date, NULL))
            pc->state = parts.form == PF_DATE_FORM_SLASH ? PREPARED_SLASH_DATE : PREPARED_READY;
        return;
    }
    /* A slash date the same in both orders says nothing about its column's order (neither part is above
     * 12); any other is date_cell()'s to note and maybe stage. */
    pf_date as_dmy, as_mdy;
    if (field_date_resolve(&parts, PF_DATE_ORDER_DMY, &as_dmy, NULL) &&
        field_date_resolve(&parts, PF_DATE_ORDER_MDY, &as_mdy, NULL) && as_dmy == as_mdy) {
        pc->as.date = as_dmy;
        pc->state = PREPARED_SLASH_DATE;
    }
}

/* The reader's prepare function (pf_reader_prepare): fills a prepared_row of the file's columns. */
static void prepare_row(const pf_record *rec, void *out, void *context)
{
    const row_preparer *rp = context;
    prepared_row *pr = out;
    pr->ready =
        rec->malformed_quote_field < 0 && rec->field_count == rp->header_count && rec->invalid_utf8_field < 0;
    if (!pr->ready)
        return;
    for (pf_column c = rp->first; c < rp->end; c++) {
        prepared_cell *pc = &pr->cells[c - rp->first];
        int index = rp->column_index[c];
        if (index < 0) {
            pc->state = PREPARED_ABSENT;
            continue;
        }
        size_t len;
        const char *s = trim_field(rec->fields[index], rec->lengths[index], &len);
        size_t skip = (size_t)(s - rec->fields[index]);
        if (len >= (1u << 24) || skip > UINT32_MAX) {
            pc->state = PREPARED_NONE;
            continue;
        }
        pc->skip = (uint32_t)skip;
        pc->length = (uint32_t)len;
        pc->state = PREPARED_READY;
        switch (pf_columns[c].type) {
        case PF_TYPE_TEXT:
            if (is_id_column(c))
                pc->as.hash = id_hash_bytes(s, len);
            break;
        case PF_TYPE_DATE: prepare_date(rp, s, len, pc); break;
        case PF_TYPE_MONEY: {
            pf_field_status status = field_parse_money(s, len, rp->decimal_mark, &pc->as.amount, NULL);
            if (status == PF_FIELD_OK && foreign_currency(rp->settings, s, len))
                status = PF_FIELD_INVALID; /* money_cell() says why */
            pc->state = status == PF_FIELD_OK      ? PREPARED_READY
                        : status == PF_FIELD_EMPTY ? PREPARED_EMPTY
                                                   : PREPARED_OTHER;
            break;
        }
        case PF_TYPE_DECISION:
            pc->as.value = settings_match_enum(rp->settings, PF_ENUM_DECISION, s, len);
            break;
        case PF_TYPE_STATUS: pc->as.value = settings_match_enum(rp->settings, PF_ENUM_STATUS, s, len); break;
        }
    }
}

/* Asks the reader to prepare the rows of the loader's file (after map_header(): it reads the header). */
static void prepare_rows(loader *ld, pf_reader *reader)
{
    row_preparer *rp = &ld->preparer;
    rp->settings = ld->settings;
    rp->first = ld->first_column;
    rp->end = ld->end_column;
    memcpy(rp->column_index, ld->input->column_index, sizeof rp->column_index);
    rp->header_count = ld->input->header_count;
    rp->decimal_mark = ld->input->decimal_mark;
    reader_set_prepare(reader, prepare_row,
                       sizeof(prepared_row) + (size_t)(rp->end - rp->first) * sizeof(prepared_cell), rp);
}

/* The prepared cell of column c in rec, NULL when the row is not prepared. */
static const prepared_cell *prepared(const loader *ld, const pf_record *rec, pf_column c)
{
    const prepared_row *pr = rec->prepared;
    return pr && pr->ready ? &pr->cells[c - ld->first_column] : NULL;
}

/* The trimmed text of column c in record, or NULL when the column is absent. */
static const char *cell(const loader *ld, const pf_record *rec, pf_column c, size_t *len)
{
    int index = ld->input->column_index[c];
    if (index < 0) {
        *len = 0;
        return NULL;
    }
    const prepared_cell *pc = prepared(ld, rec, c);
    if (pc && pc->state != PREPARED_NONE) {
        *len = pc->length;
        return rec->fields[index] + pc->skip;
    }
    return trim_field(rec->fields[index], rec->lengths[index], len);
}

/* id_hash_bytes() of the text of id column c (id, len bytes, from cell()). */
static uint32_t id_cell_hash(const loader *ld, const pf_record *rec, pf_column c, const char *id, size_t len)
{
    const prepared_cell *pc = prepared(ld, rec, c);
    return pc && pc->state == PREPARED_READY ? pc->as.hash : id_hash_bytes(id, len);
}

/* The row's text for a reject, cut at PF_RAW_MAX bytes on a character boundary (a runaway quoted field can
 * make a record megabytes long). */
#define PF_RAW_MAX 4096

static const char *keep_raw(loader *ld, const pf_record *rec)
{
    size_t len = rec->raw_length;
    if (len <= PF_RAW_MAX)
        return arena_strndup(ld->model->arena, rec->raw, len);
    len = PF_RAW_MAX;
    while (len > 0 && ((unsigned char)rec->raw[len] & 0xC0) == 0x80)
        len--;
    char *raw = arena_alloc(ld->model->arena, len + 4);
    if (!raw)
        return NULL;
    memcpy(raw, rec->raw, len);
    memcpy(raw + len, "...", 4);
    return raw;
}

static cell_result reject_cell(loader *ld, const pf_record *rec, pf_column c, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Rejects the row with reason fmt about column c. */
static cell_result reject_cell(loader *ld, const pf_record *rec, pf_column c, const char *fmt, ...)
{
    const char *raw = keep_raw(ld, rec);
    if (!raw)
        return CELL_ERROR;
    char reason[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    if (add_reject(ld, rec->line, header_name(ld, c), raw, "%s", reason) != 0)
        return CELL_ERROR;
    return CELL_REJECTED;
}

/* The value quoted for a reason: at most ~120 bytes, cut on a character boundary. */
#define QUOTE(s, len) quote_value((s), (len), quoted, sizeof quoted)

/* intern_get() for the len > 0 bytes at s, through a small cache of the values met lately: the same few
 * values come back on every row, and comparing them costs less than hashing them. */
static const char *intern_text(loader *ld, const char *s, size_t len)
{
    uint64_t head = 0, tail = 0;
    size_t k = len < 8 ? len : 8;
    memcpy(&head, s, k);
    memcpy(&tail, s + len - k, k);
    uint64_t h = head * UINT64_C(0x9E3779B97F4A7C15) + tail * UINT64_C(0xC2B2AE3D27D4EB4F) + len;
    intern_memo *memo = &ld->interned[(h >> 56) % INTERN_MEMO_SIZE];
    if (memo->text && memo->length == len && memcmp(memo->text, s, len) == 0)
        return memo->text;
    const char *text = intern_get(ld->model->strings, s, len);
    if (text) {
        memo->text = text;
        memo->length = len;
    }
    return text;
}

static cell_result text_cell(loader *ld, const pf_record *rec, pf_column c, bool intern, const char **out)
{
    size_t len;
    const char *s = cell(ld, rec, c, &len);
    if (!s || len == 0) {
        *out = "";
        return CELL_OK;
    }
    *out = intern ? intern_text(ld, s, len) : arena_strndup(ld->model->arena, s, len);
    return *out ? CELL_OK : CELL_ERROR;
}

static cell_result money_cell(loader *ld, const pf_record *rec, pf_column c, bool required, double *out)
{
    const prepared_cell *pc = prepared(ld, rec, c);
    if (pc && (pc->state == PREPARED_READY || (pc->state == PREPARED_EMPTY && !required))) {
        *out = pc->state == PREPARED_READY ? pc->as.amount : NAN;
        return CELL_OK;
    }
    char quoted[160];
    size_t len;
    const char *s = cell(ld, rec, c, &len);
    *out = NAN;
    if (!s)
        return CELL_OK;
    const char *why = NULL;
    pf_field_status status = field_parse_money(s, len, ld->input->decimal_mark, out, &why);
    if (status != PF_FIELD_EMPTY && foreign_currency(ld->settings, s, len)) {
        char code[4];
        field_money_currency(s, len, code);
        *out = NAN;
        return reject_cell(ld, rec, c,
                           "'%s' is in %s, not in the report's currency %s (no silent mixing: convert it, "
                           "or set currency in [report])",
                           QUOTE(s, len), code, ld->settings->currency);
    }
    if (status == PF_FIELD_OK)
        return CELL_OK;
    if (status == PF_FIELD_EMPTY) {
        if (!required)
            return CELL_OK;
        return reject_cell(ld, rec, c, "missing amount");
    }
    if (why && strcmp(why, "negative amount") == 0)
        return reject_cell(ld, rec, c, "'%s' is a negative amount", QUOTE(s, len));
    const char *hint = "";
    if (why && strstr(why, "is not the decimal mark of this file"))
        hint = ld->input->decimal_mark == ',' ? "; if '.' is this file's decimal mark, write 'decimal = point' "
                                                "under [input] in the settings"
                                              : "; if ',' is this file's decimal mark, write 'decimal = comma' "
                                                "under [input] in the settings";
    return reject_cell(ld, rec, c, "'%s' is not an amount (%s)%s", QUOTE(s, len), why, hint);
}

static int stage_date(loader *ld, size_t row, uint8_t slot, pf_column c, const pf_date_parts *parts,
                      const pf_record *rec, const char *text, size_t len)
{
    if (grow((void **)&ld->staged, &ld->staged_capacity, ld->staged_count, sizeof *ld->staged) != 0)
        return -1;
    staged_date *sd = &ld->staged[ld->staged_count++];
    sd->row = row;
    sd->slot = slot;
    sd->column = c;
    sd->parts = *parts;
    sd->line = rec->line;
    sd->raw = keep_raw(ld, rec);
    sd->text = arena_strndup(ld->model->arena, text, len);
    return sd->raw && sd->text ? 0 : -1;
}

/* Parses a date cell. A slash date that is valid in one order only is staged (its value set later);
 * *out is then PF_DATE_NONE for now. */
/* "; if ... write 'date_order = ...'" when a slash date that is impossible in order would be valid in the
 * other, else "". */
static const char *date_order_hint(const pf_date_parts *parts, pf_date_order order)
{
    if (parts->form != PF_DATE_FORM_SLASH)
        return "";
    pf_date_order other = order == PF_DATE_ORDER_MDY ? PF_DATE_ORDER_DMY : PF_DATE_ORDER_MDY;
    pf_date date;
    if (!field_date_resolve(parts, other, &date, NULL))
        return "";
    return other == PF_DATE_ORDER_MDY ? "; if this column's dates are month-first, write 'date_order = mdy' "
                                        "under [input] in the settings"
                                      : "; if this column's dates are day-first, write 'date_order = dmy' "
                                        "under [input] in the settings";
}

static cell_result date_cell(loader *ld, const pf_record *rec, size_t row, uint8_t slot, pf_column c,
                             bool required, pf_date *out)
{
    const prepared_cell *pc = prepared(ld, rec, c);
    if (pc && (pc->state == PREPARED_READY || pc->state == PREPARED_SLASH_DATE ||
               (pc->state == PREPARED_EMPTY && !required))) {
        *out = pc->state == PREPARED_EMPTY ? PF_DATE_NONE : pc->as.date;
        if (pc->state == PREPARED_SLASH_DATE)
            ld->input->slash_dates[c] = true;
        return CELL_OK;
    }
    char quoted[160];
    size_t len;
    const char *s = cell(ld, rec, c, &len);
    *out = PF_DATE_NONE;
    if (!s) {
        return CELL_OK;
    }
    pf_date_parts parts;
    const char *why = NULL;
    pf_field_status status = field_scan_date(s, len, &parts, &why);
    if (status == PF_FIELD_EMPTY) {
        if (required)
            return reject_cell(ld, rec, c, "missing date");
        return CELL_OK;
    }
    if (status == PF_FIELD_INVALID) {
        if (why && strncmp(why, "not a date", 10) == 0)
            return reject_cell(ld, rec, c, "'%s' is %s", QUOTE(s, len), why);
        return reject_cell(ld, rec, c, "'%s' is not a date (%s)", QUOTE(s, len), why);
    }
    if (parts.form == PF_DATE_FORM_SLASH)
        ld->input->slash_dates[c] = true;
    if (parts.year < PF_FIRST_YEAR)
        return reject_cell(ld, rec, c, "'%s' is before %d, which Excel cannot show", QUOTE(s, len),
                           PF_FIRST_YEAR);
    pf_date_order order_setting = ld->settings->date_order;
    if (parts.form != PF_DATE_FORM_SLASH || order_setting != PF_DATE_ORDER_AUTO) {
        pf_date_order order = order_setting == PF_DATE_ORDER_MDY ? PF_DATE_ORDER_MDY : PF_DATE_ORDER_DMY;
        if (!field_date_resolve(&parts, order, out, &why))
            return reject_cell(ld, rec, c, "'%s' is not a valid date (%s)%s", QUOTE(s, len), why,
                               date_order_hint(&parts, order));
        return CELL_OK;
    }
    /* auto, slash form: note what the value says about the column's order */
    if (field_date_proves_mdy(&parts))
        ld->proves_mdy[c] = true;
    if (parts.first > 12)
        ld->contradicts_mdy[c] = true;
    pf_date as_dmy, as_mdy;
    const char *why_dmy = NULL, *why_mdy = NULL;
    bool ok_dmy = field_date_resolve(&parts, PF_DATE_ORDER_DMY, &as_dmy, &why_dmy);
    bool ok_mdy = field_date_resolve(&parts, PF_DATE_ORDER_MDY, &as_mdy, &why_mdy);
    if (!ok_dmy && !ok_mdy)
        return reject_cell(ld, rec, c, "'%s' is not a valid date (%s)", QUOTE(s, len), why_dmy);
    if (ok_dmy && ok_mdy && as_dmy == as_mdy) {
        *out = as_dmy;
        return CELL_OK;
    }
    if (stage_date(ld, row, slot, c, &parts, rec, s, len) != 0)
        return CELL_ERROR;
    return CELL_OK;
}

/* settings_match_enum(), remembering the last few values of the family (a column holds a handful of
 * distinct values, repeated on every row). */
static int match_enum(loader *ld, pf_enum_family family, const char *s, size_t len)
{
    enum_memo *memo = ld->enums[family];
    for (int i = 0; i < ENUM_MEMO_SIZE; i++)
        if (memo[i].length == len && len > 0 && memcmp(memo[i].text, s, len) == 0)
            return memo[i].value;
    int value = settings_match_enum(ld->settings, family, s, len);
    if (len > 0 && len <= ENUM_MEMO_TEXT) {
        enum_memo *slot = &memo[ld->enum_next[family]++ % ENUM_MEMO_SIZE];
        memcpy(slot->text, s, len);
        slot->length = len;
        slot->value = value;
    }
    return value;
}

static cell_result enum_cell(loader *ld, const pf_record *rec, pf_column c, pf_enum_family family,
                             bool required, int fallback, int *out)
{
    const prepared_cell *pc = prepared(ld, rec, c);
    if (pc && pc->state == PREPARED_READY && pc->as.value >= 0 && !(pc->length == 0 && required)) {
        *out = pc->as.value;
        return CELL_OK;
    }
    char quoted[160];
    size_t len;
    const char *s = cell(ld, rec, c, &len);
    *out = fallback;
    if (!s)
        return CELL_OK;
    if (len == 0 && required)
        return reject_cell(ld, rec, c, "missing %s", pf_columns[c].name);
    int value = match_enum(ld, family, s, len);
    if (value < 0) {
        char expected[256];
        snprintf(expected, sizeof expected, "%s, %s or %s", pf_enum_value_names[family][1],
                 pf_enum_value_names[family][2], pf_enum_value_names[family][0]);
        char value_text[160];
        quote_value(s, len, value_text, sizeof value_text);
        return reject_cell(ld, rec, c,
                           "unknown %s '%s' (expected %s; if it means one of them, write for example "
                           "'%s.%s = %s' under [values] in the settings)",
                           pf_enum_family_names[family], QUOTE(s, len), expected, pf_enum_family_names[family],
                           pf_enum_value_names[family][1], value_text);
    }
    *out = value;
    return CELL_OK;
}

/* Checks what applies to every row: field count and (forced UTF-8) invalid bytes. */
static cell_result check_row_shape(loader *ld, const pf_record *rec)
{
    if (rec->malformed_quote_field >= 0) {
        const char *raw = keep_raw(ld, rec);
        size_t f = (size_t)rec->malformed_quote_field;
        const char *column = f < ld->input->header_count ? ld->input->headers[f] : "";
        if (!raw || add_reject(ld, rec->line, column, raw,
                               "malformed quotes in field %zu (a '\"' inside an unquoted field, or text after "
                               "a closing quote)",
                               f + 1) != 0)
            return CELL_ERROR;
        return CELL_REJECTED;
    }
    if (rec->field_count != ld->input->header_count) {
        const char *raw = keep_raw(ld, rec);
        if (!raw || add_reject(ld, rec->line, "", raw, "has %zu field%s, the header has %zu", rec->field_count,
                               rec->field_count == 1 ? "" : "s", ld->input->header_count) != 0)
            return CELL_ERROR;
        return CELL_REJECTED;
    }
    if (rec->error_value_field >= 0 && (size_t)rec->error_value_field < rec->field_count) {
        const char *raw = keep_raw(ld, rec);
        size_t f = (size_t)rec->error_value_field;
        const char *column = f < ld->input->header_count ? ld->input->headers[f] : "";
        if (!raw || add_reject(ld, rec->line, column, raw, "the cell holds Excel's error value %s",
                               rec->fields[f]) != 0)
            return CELL_ERROR;
        return CELL_REJECTED;
    }
    if (rec->invalid_utf8_field >= 0) {
        const char *raw = keep_raw(ld, rec);
        size_t f = (size_t)rec->invalid_utf8_field;
        const char *column = f < ld->input->header_count ? ld->input->headers[f] : "";
        const char *hint =
            ld->input->info.encoding == PF_ENCODING_UTF8
                ? "; if the file is Windows-1252, write 'encoding = cp1252' under [input] in the "
                  "settings"
                : "";
        if (!raw ||
            add_reject(ld, rec->line, column, raw,
                       "bytes that are not valid UTF-8 text (or a NUL byte); shown as U+FFFD%s", hint) != 0)
            return CELL_ERROR;
        return CELL_REJECTED;
    }
    return CELL_OK;
}

#define TRY_CELL(expr)                                                                                         \
    do {                                                                                                       \
        cell_result r_ = (expr);                                                                               \
        if (r_ == CELL_ERROR)                                                                                  \
            return CELL_ERROR;                                                                                 \
        if (r_ == CELL_REJECTED)                                                                               \
            return CELL_REJECTED;                                                                              \
    } while (0)

/* ---- files ---- */

static int mark_rejected(loader *ld, size_t row)
{
    size_t old = ld->rejected_capacity;
    if (row >= old) {
        size_t next = old ? old : 1024;
        while (next <= row)
            next *= 2;
        bool *p = realloc(ld->rejected, next * sizeof(bool));
        if (!p)
            return -1;
        memset(p + old, 0, (next - old) * sizeof(bool));
        ld->rejected = p;
        ld->rejected_capacity = next;
    }
    ld->rejected[row] = true;
    return 0;
}

static bool row_rejected(const loader *ld, size_t row)
{
    return row < ld->rejected_capacity && ld->rejected[row];
}

/* Whether row (the last one read) has a date staged until its column's order is known. */
static bool row_has_staged_date(const loader *ld, size_t row)
{
    return ld->staged_count > 0 && ld->staged[ld->staged_count - 1].row == row;
}

/* Decides each date column's order (auto: month-first when proved and not contradicted) and resolves the
 * staged dates; those impossible in the decided order are rejected. set_date writes a resolved value. */
static int resolve_staged(loader *ld, void (*set_date)(loader *, size_t row, uint8_t slot, pf_date value))
{
    pf_column first, end;
    schema_file_columns(ld->file, &first, &end);
    for (pf_column c = first; c < end; c++) {
        pf_date_order order =
            ld->settings->date_order == PF_DATE_ORDER_MDY ? PF_DATE_ORDER_MDY : PF_DATE_ORDER_DMY;
        if (ld->settings->date_order == PF_DATE_ORDER_AUTO && ld->proves_mdy[c] && !ld->contradicts_mdy[c]) {
            order = PF_DATE_ORDER_MDY;
            if (add_warning(ld, 0, header_name(ld, c),
                            "slash dates read month-first (MM/DD/YYYY): some values have a second part above "
                            "12 and none a first part above 12; set date_order in [input] to be explicit") != 0)
                return -1;
        }
        ld->input->date_orders[c] = order;
    }
    for (size_t i = 0; i < ld->staged_count; i++) {
        staged_date *sd = &ld->staged[i];
        if (row_rejected(ld, sd->row))
            continue;
        pf_date value;
        const char *why = NULL;
        if (field_date_resolve(&sd->parts, ld->input->date_orders[sd->column], &value, &why)) {
            set_date(ld, sd->row, sd->slot, value);
            continue;
        }
        pf_date_order order = ld->input->date_orders[sd->column];
        if (add_reject(ld, sd->line, header_name(ld, sd->column), sd->raw,
                       "'%s' is not a valid date read %s (%s)%s", sd->text,
                       order == PF_DATE_ORDER_MDY ? "month-first" : "day-first", why,
                       date_order_hint(&sd->parts, order)) != 0 ||
            mark_rejected(ld, sd->row) != 0)
            return -1;
    }
    return 0;
}

static void set_partner_date(loader *ld, size_t row, uint8_t slot, pf_date value)
{
    ld->model->partners[row].dates[slot] = value;
}

static void set_deal_date(loader *ld, size_t row, uint8_t slot, pf_date value)
{
    (void)slot;
    ld->model->deals[row].closed_on = value;
}

static void set_cost_date(loader *ld, size_t row, uint8_t slot, pf_date value)
{
    (void)slot;
    ld->model->costs[row].date = value;
}

static cell_result partner_row(loader *ld, const pf_record *rec, pf_partner *p, size_t row, pf_id_index *seen)
{
    char quoted[160];
    pf_model *m = ld->model;
    memset(p, 0, sizeof *p);
    p->line = rec->line;
    TRY_CELL(check_row_shape(ld, rec));
    size_t len;
    const char *id = cell(ld, rec, PF_COL_PARTNER_ID, &len);
    if (len == 0)
        return reject_cell(ld, rec, PF_COL_PARTNER_ID, "missing partner_id");
    uint32_t id_hash_value = id_cell_hash(ld, rec, PF_COL_PARTNER_ID, id, len);
    id_index_prefetch(seen, id_hash_value);
    p->id = arena_strndup(m->arena, id, len);
    if (!p->id)
        return CELL_ERROR;
    TRY_CELL(text_cell(ld, rec, PF_COL_NAME, false, &p->name));
    TRY_CELL(text_cell(ld, rec, PF_COL_COMPANY_ID, false, &p->company_id));
    TRY_CELL(text_cell(ld, rec, PF_COL_CATEGORY, true, &p->category));
    TRY_CELL(text_cell(ld, rec, PF_COL_MARKET, true, &p->market));
    TRY_CELL(text_cell(ld, rec, PF_COL_SOURCE, true, &p->source));
    TRY_CELL(text_cell(ld, rec, PF_COL_RECRUITER, true, &p->recruiter));
    for (int s = 0; s < PF_STEP_COUNT; s++) {
        if (s == PF_STEP_SIGNED) {
            int decision;
            TRY_CELL(
                enum_cell(ld, rec, PF_COL_DECISION, PF_ENUM_DECISION, false, PF_DECISION_PENDING, &decision));
            p->decision = (uint8_t)decision;
        }
        TRY_CELL(date_cell(ld, rec, row, (uint8_t)s, pf_step_columns[s], false, &p->dates[s]));
    }
    TRY_CELL(money_cell(ld, rec, PF_COL_RECRUITMENT_COST, false, &p->recruitment_cost));
    TRY_CELL(money_cell(ld, rec, PF_COL_ONBOARDING_COST, false, &p->onboarding_cost));
    if (ld->input->extra_count) {
        p->extra = arena_alloc(m->arena, sizeof(char *) * ld->input->extra_count);
        if (!p->extra)
            return CELL_ERROR;
        for (size_t i = 0; i < ld->input->extra_count; i++) {
            int f = ld->input->extra_index[i];
            p->extra[i] = arena_strndup(m->arena, rec->fields[f], rec->lengths[f]);
            if (!p->extra[i])
                return CELL_ERROR;
        }
    }
    int added = id_index_add(seen, p->id, id_hash_value, row);
    if (added < 0)
        return CELL_ERROR;
    if (added == 0) {
        long first = id_index_find(seen, p->id);
        return reject_cell(ld, rec, PF_COL_PARTNER_ID,
                           "duplicate partner_id '%s' (first seen on line %ld, which is kept)",
                           QUOTE(p->id, strlen(p->id)), m->partners[first].line);
    }
    return CELL_OK;
}

static const char *step_name(int step)
{
    return pf_columns[pf_step_columns[step]].name;
}

/* Warnings (docs/definitions.md "Rejected rows and warnings") for an accepted partner: implied stages and dates
 * out of process order. */
/* A spreadsheet cell holds 32,767 characters: a longer text is accepted and shown cut in the workbook, which
 * validate and report say alike, row by row (report's workbook also counts what it cut). */
#define PF_CELL_CHARACTERS_MAX 32767

static int warn_long_text(loader *ld, const pf_partner *p, const char *text, const char *column)
{
    size_t len = strlen(text);
    if (len <= PF_CELL_CHARACTERS_MAX)
        return 0;
    /* Excel counts UTF-16 units: a character beyond U+FFFF (a 4-byte UTF-8 sequence) counts twice */
    size_t characters = text_utf8_length(text, len);
    for (size_t i = 0; i < len; i++)
        characters += (unsigned char)text[i] >= 0xF0;
    if (characters <= PF_CELL_CHARACTERS_MAX)
        return 0;
    return add_warning(ld, p->line, column,
                       "a text of %zu characters, longer than a spreadsheet cell holds (32,767): the workbook "
                       "shows it cut",
                       characters);
}

static int long_text_warnings(loader *ld, const pf_partner *p)
{
    static const pf_column texts[] = {PF_COL_NAME,   PF_COL_COMPANY_ID, PF_COL_CATEGORY,
                                      PF_COL_MARKET, PF_COL_SOURCE,     PF_COL_RECRUITER};
    const char *values[] = {p->name, p->company_id, p->category, p->market, p->source, p->recruiter};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (warn_long_text(ld, p, values[i], header_name(ld, texts[i])) != 0)
            return -1;
    for (size_t i = 0; i < ld->input->extra_count; i++)
        if (warn_long_text(ld, p, p->extra[i], ld->input->headers[ld->input->extra_index[i]]) != 0)
            return -1;
    return 0;
}

static int partner_warnings(loader *ld, const pf_partner *p)
{
    const pf_input *in = ld->input;
    if (long_text_warnings(ld, p) != 0)
        return -1;
    /* the funnel steps: listed .. kickoff must be in order; a dated step implies the earlier ones */
    int last_dated = -1;
    for (int s = PF_STEP_KICKOFF; s >= PF_STEP_LISTED; s--)
        if (p->dates[s] != PF_DATE_NONE) {
            last_dated = s;
            break;
        }
    for (int s = PF_STEP_APPROACHED; s < last_dated; s++) {
        if (p->dates[s] == PF_DATE_NONE && in->column_index[pf_step_columns[s]] >= 0) {
            if (add_warning(ld, p->line, header_name(ld, pf_step_columns[s]),
                            "empty although %s is dated (stage implied)", step_name(last_dated)) != 0)
                return -1;
        }
    }
    if (p->dates[PF_STEP_SIGNED] != PF_DATE_NONE && p->decision == PF_DECISION_REJECTED) {
        if (add_warning(ld, p->line, header_name(ld, PF_COL_DECISION),
                        "contract signed although the committee decision is 'rejected'") != 0)
            return -1;
    }
    pf_date previous = PF_DATE_NONE;
    int previous_step = -1;
    for (int s = PF_STEP_LISTED; s <= PF_STEP_KICKOFF; s++) {
        pf_date d = p->dates[s];
        if (d == PF_DATE_NONE)
            continue;
        if (previous != PF_DATE_NONE && d < previous) {
            char a[11], b[11];
            field_date_format_iso(d, a);
            field_date_format_iso(previous, b);
            if (add_warning(ld, p->line, header_name(ld, pf_step_columns[s]), "%s %s is before %s %s",
                            step_name(s), a, step_name(previous_step), b) != 0)
                return -1;
        }
        previous = d;
        previous_step = s;
    }
    pf_date signed_on = p->dates[PF_STEP_SIGNED];
    for (int s = PF_STEP_BUSINESS_PLAN; s <= PF_STEP_SALES_AUTONOMY; s++) {
        pf_date d = p->dates[s];
        if (d == PF_DATE_NONE)
            continue;
        char a[11], b[11];
        field_date_format_iso(d, a);
        if (signed_on == PF_DATE_NONE) {
            if (add_warning(ld, p->line, header_name(ld, pf_step_columns[s]),
                            "%s %s but the contract is not signed", step_name(s), a) != 0)
                return -1;
        } else if (d < signed_on) {
            field_date_format_iso(signed_on, b);
            if (add_warning(ld, p->line, header_name(ld, pf_step_columns[s]), "%s %s is before signed_on %s",
                            step_name(s), a, b) != 0)
                return -1;
        }
    }
    pf_date listed = p->dates[PF_STEP_LISTED];
    pf_date ended = p->dates[PF_STEP_ENDED];
    if (ended != PF_DATE_NONE && listed != PF_DATE_NONE && ended < listed) {
        char a[11], b[11];
        field_date_format_iso(ended, a);
        field_date_format_iso(listed, b);
        if (add_warning(ld, p->line, header_name(ld, PF_COL_ENDED_ON), "ended_on %s is before listed_on %s", a,
                        b) != 0)
            return -1;
    }
    return 0;
}

/* ---- opening a file ---- */

static pf_error sha256_file(const char *path, char hex[65], pf_error_context *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return pf_error_set(err, PF_ERROR_NO_INPUT, path, 0, NULL, "cannot open: %s", strerror(errno));
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    static const size_t size = 1 << 20;
    unsigned char *buf = malloc(size);
    if (!buf) {
        fclose(f);
        return pf_error_set(err, PF_ERROR_MEMORY, path, 0, NULL, "out of memory");
    }
    size_t n;
    while ((n = fread(buf, 1, size, f)) > 0)
        sha256_update(&ctx, n, buf);
    int failed = ferror(f);
    int saved = errno;
    free(buf);
    fclose(f);
    if (failed)
        return pf_error_set(err, PF_ERROR_IO, path, 0, NULL, "read error: %s", strerror(saved));
    unsigned char digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    return PF_OK;
}

#define PREAMBLE_MAX_LINES 10

/* A report title line: at most two fields hold text ("Opportunities report", "Filtered By: Stage, Won"). */
static bool is_title_line(const pf_record *rec)
{
    size_t filled = 0;
    for (size_t i = 0; i < rec->field_count; i++) {
        size_t len;
        text_trim(rec->fields[i], rec->lengths[i], &len);
        filled += len > 0;
    }
    return filled <= 2;
}

static pf_error open_input(loader *ld, const char *path, pf_reader **reader)
{
    pf_input *in = ld->input;
    in->present = true;
    in->path = strdup(path);
    if (!in->path)
        return out_of_memory(ld);
    ld->display = in->path;
    pf_reader_options options = {.encoding = ld->settings->encoding,
                                 .sheet = ld->settings->sheet,
                                 .threads = ld->settings->threads,
                                 .no_digest = ld->settings->no_digests};
    pf_error code = reader_open(path, &options, reader, ld->err);
    if (code != PF_OK)
        return code;
    in->info = *reader_info(*reader);
    in->size = in->info.size;
    /* a workbook's numbers are numbers: their text always has a decimal point */
    in->decimal_mark = in->info.workbook ? '.' : settings_decimal_mark(ld->settings, in->info.delimiter);
    const pf_record *header = reader_header(*reader);
    ld->header_last_line = header->last_line;
    code = map_header(ld, header);
    if (code != PF_ERROR_DATA || !is_title_line(header))
        return code;
    /* Report title lines before the header ("Opportunities by partner", "Filtered By: ..."): the header is
     * the first line that maps, if one does within a few lines of title; else the first line's error. */
    pf_error_context first_error;
    if (ld->err)
        first_error = *ld->err;
    for (long skipped = 1; skipped <= PREAMBLE_MAX_LINES; skipped++) {
        const pf_record *next;
        /* the reader's own error (out of memory, a damaged file) says more than the first line's */
        if ((code = reader_next(*reader, &next, ld->err)) != PF_OK)
            return code;
        if (!next)
            break;
        code = map_header(ld, next);
        if (code == PF_OK) {
            if (!reader_header_found(*reader))
                return out_of_memory(ld);
            in->preamble_lines = skipped;
            ld->header_last_line = next->last_line;
            return PF_OK;
        }
        if (code != PF_ERROR_DATA)
            return code;
        if (!is_title_line(next))
            break;
    }
    if (ld->err)
        *ld->err = first_error;
    return PF_ERROR_DATA;
}

/* The file's digest once every row has been read: the reader computes it while reading; only a reader
 * that could not (it never does at the end of a file) costs a second pass. None when the command shows
 * none (pf_settings.no_digests). */
static pf_error input_digest(loader *ld, const pf_reader *reader)
{
    if (ld->settings->no_digests) {
        ld->input->sha256[0] = '\0';
        return PF_OK;
    }
    if (reader_sha256(reader, ld->input->sha256))
        return PF_OK;
    return sha256_file(ld->input->path, ld->input->sha256, ld->err);
}

static void loader_init(loader *ld, pf_model *model, const pf_settings *settings, pf_file_kind file,
                        size_t capacities[2], pf_error_context *err)
{
    memset(ld, 0, sizeof *ld);
    ld->model = model;
    ld->settings = settings;
    ld->file = file;
    ld->input = &model->inputs[file];
    ld->err = err;
    ld->reject_capacity = &capacities[0];
    ld->warning_capacity = &capacities[1];
    ld->last_partner_length = SIZE_MAX;
    schema_file_columns(file, &ld->first_column, &ld->end_column);
}

static void loader_clear(loader *ld)
{
    free(ld->staged);
    free(ld->rejected);
}

/* ---- report footers ----
 * A CRM's report export may end with a block that is no data: blank lines, then one-field rows such as
 * "Grand Totals (3000 records)", a confidentiality notice and a copyright line (Salesforce, Zoho). Such a
 * block is skipped and counted (pf_input.footer_lines) instead of rejected, but only at the very end of the
 * file: one-field rows are held back as they come and, if any record with more fields follows them, they
 * are read as the rejects they are. A held block is a footer when a blank line precedes it or its first
 * row reads as a total; a one-field last line straight after the data (a record cut short) stays a reject.
 * See docs/definitions.md "CRM export shapes". */

#define FOOTER_MAX_LINES 16 /* a longer run of one-field rows is data gone wrong, not a footer */

typedef struct held_row {
    long line, last_line;
    char *text; /* the field, NUL-terminated, then the raw text */
    size_t length;
    size_t raw_length;
    int invalid_utf8_field;
} held_row;

typedef struct footer_hold {
    held_row rows[FOOTER_MAX_LINES];
    size_t count;
    long previous_last_line; /* last line of the record before the held block (the header's at first) */
} footer_hold;

static void footer_release(footer_hold *hold)
{
    for (size_t i = 0; i < hold->count; i++)
        free(hold->rows[i].text);
    hold->count = 0;
}

static bool footer_keep(footer_hold *hold, const pf_record *rec)
{
    held_row *h = &hold->rows[hold->count];
    h->text = malloc(rec->lengths[0] + rec->raw_length + 2);
    if (!h->text)
        return false;
    memcpy(h->text, rec->fields[0], rec->lengths[0]);
    h->text[rec->lengths[0]] = '\0';
    memcpy(h->text + rec->lengths[0] + 1, rec->raw, rec->raw_length);
    h->text[rec->lengths[0] + 1 + rec->raw_length] = '\0';
    h->length = rec->lengths[0];
    h->raw_length = rec->raw_length;
    h->line = rec->line;
    h->last_line = rec->last_line;
    h->invalid_utf8_field = rec->invalid_utf8_field;
    hold->count++;
    return true;
}

/* The held row i as the record it was. */
static void footer_record(const footer_hold *hold, size_t i, pf_record *rec, char **field, size_t *length)
{
    const held_row *h = &hold->rows[i];
    *field = h->text;
    *length = h->length;
    memset(rec, 0, sizeof *rec);
    rec->field_count = 1;
    rec->fields = field;
    rec->lengths = length;
    rec->line = h->line;
    rec->last_line = h->last_line;
    rec->raw = h->text + h->length + 1;
    rec->raw_length = h->raw_length;
    rec->invalid_utf8_field = h->invalid_utf8_field;
    rec->malformed_quote_field = -1;
    rec->error_value_field = -1;
}

/* True when text (folded) starts like a report total: "Total", "Grand Totals", "Totaux", "Sous-total". */
static bool looks_like_total(const char *text, size_t length)
{
    static const char *const starts[] = {"total",      "grand total", "totaux", "sous-total",
                                         "sous total", "subtotal",    "sum",    "somme"};
    char folded[64];
    size_t n = text_fold(text, length, folded, sizeof folded);
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
        size_t k = strlen(starts[i]);
        if (n >= k && memcmp(folded, starts[i], k) == 0 && (n == k || !isalpha((unsigned char)folded[k])))
            return true;
    }
    return false;
}

/* The record count a footer row states ("Grand Totals (3000 records)", "Total : 1 234 enregistrements"),
 * or -1 when it states none. */
static long stated_record_count(const char *text, size_t length)
{
    char folded[256];
    text_fold(text, length, folded, sizeof folded);
    static const char *const words[] = {"record", "enregistrement", "row", "ligne"};
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        const char *at = strstr(folded, words[w]);
        if (!at)
            continue;
        const char *end = at;
        while (end > folded && end[-1] == ' ')
            end--;
        const char *p = end;
        while (p > folded &&
               (isdigit((unsigned char)p[-1]) || ((p[-1] == ',' || p[-1] == '.' || p[-1] == ' ') &&
                                                  p - 1 > folded && isdigit((unsigned char)p[-2]))))
            p--;
        long value = 0;
        bool digits = false;
        for (; p < end; p++) {
            if (!isdigit((unsigned char)*p))
                continue;
            if (value > 100000000000L)
                return -1;
            value = value * 10 + (*p - '0');
            digits = true;
        }
        if (digits)
            return value;
    }
    return -1;
}

/* ---- reading a file's rows (shared by the three loaders) ---- */

/* What differs between partners, deals and costs while their rows are read. */
typedef struct row_kind {
    size_t item_size;
    /* Parses rec into item (row = its index); a rejected row is listed by the parser. */
    cell_result (*parse)(loader *ld, const pf_record *rec, void *item, size_t row, pf_id_index *seen);
    /* Called for a row accepted with all its dates settled (NULL: nothing); non-zero on exhaustion. */
    int (*settled)(loader *ld, void *item);
} row_kind;

/* Reads one record into the growing array *items (*count of them, *capacity allocated). */
static pf_error read_one(loader *ld, const pf_record *rec, const row_kind *kind, void **items, size_t *count,
                         size_t *capacity, pf_id_index *seen)
{
    ld->input->rows_read++;
    if (*count >= PF_ID_DELETED)
        return pf_error_set(ld->err, PF_ERROR_DATA, ld->display, rec->line, NULL,
                            "more than 4,294,967,294 rows: split the export");
    if (grow(items, capacity, *count, kind->item_size) != 0)
        return out_of_memory(ld);
    void *item = (char *)*items + *count * kind->item_size;
    cell_result r = kind->parse(ld, rec, item, *count, seen);
    if (r == CELL_ERROR || (r == CELL_REJECTED && mark_rejected(ld, *count) != 0))
        return out_of_memory(ld);
    /* A row without staged dates is final: its warnings are found now, while it is in the cache (the
     * findings are sorted by line at the end, so only their order within a row matters). */
    if (r == CELL_OK && kind->settled && !row_has_staged_date(ld, *count) && kind->settled(ld, item) != 0)
        return out_of_memory(ld);
    (*count)++;
    return PF_OK;
}

/* The held one-field rows turned out to be data after all: they are read (and rejected) in order. */
static pf_error footer_flush(loader *ld, footer_hold *hold, const row_kind *kind, void **items, size_t *count,
                             size_t *capacity, pf_id_index *seen)
{
    pf_error code = PF_OK;
    for (size_t i = 0; i < hold->count && code == PF_OK; i++) {
        pf_record rec;
        char *field;
        size_t length;
        footer_record(hold, i, &rec, &field, &length);
        code = read_one(ld, &rec, kind, items, count, capacity, seen);
    }
    footer_release(hold);
    return code;
}

/* The end of the file: the held rows are a report footer (skipped, its record count checked) or data. */
static pf_error footer_finish(loader *ld, footer_hold *hold, const row_kind *kind, void **items, size_t *count,
                              size_t *capacity, pf_id_index *seen)
{
    if (hold->count == 0)
        return PF_OK;
    const held_row *first = &hold->rows[0];
    if (first->line <= hold->previous_last_line + 1 && !looks_like_total(first->text, first->length))
        return footer_flush(ld, hold, kind, items, count, capacity, seen);
    ld->input->footer_lines = (long)hold->count;
    ld->input->footer_line = first->line;
    ld->input->footer_records = -1;
    for (size_t i = 0; i < hold->count; i++) {
        long stated = stated_record_count(hold->rows[i].text, hold->rows[i].length);
        /* the first count stated, unless a later one is not met: that one is the footer's news */
        if (stated >= 0 && (ld->input->footer_records < 0 || ld->input->footer_records == ld->input->rows_read))
            ld->input->footer_records = stated;
        if (stated >= 0 && stated != ld->input->rows_read &&
            add_warning(ld, hold->rows[i].line, "",
                        "the report's footer states %ld record%s but %ld row%s were read: the export may be "
                        "incomplete",
                        stated, stated == 1 ? "" : "s", ld->input->rows_read,
                        ld->input->rows_read == 1 ? "" : "s") != 0) {
            footer_release(hold);
            return out_of_memory(ld);
        }
    }
    footer_release(hold);
    return PF_OK;
}

/* Reads every record of the open file into the growing array *items (*count of them), marking the rejected
 * rows, and ends with the file's digest. rows_read counts every record but a report footer's. */
static pf_error read_records(loader *ld, pf_reader *reader, const row_kind *kind, void **items, size_t *count,
                             pf_id_index *seen)
{
    size_t capacity = 0;
    populator populated;
    populator_start(&populated, ld->input->size);
    footer_hold hold = {.count = 0, .previous_last_line = ld->header_last_line};
    pf_error code = PF_OK;
    for (;;) {
        const pf_record *rec;
        code = reader_next(reader, &rec, ld->err);
        if (code != PF_OK)
            break;
        if (!rec) {
            populator_hold(&populated); /* footer_finish() may add rows */
            code = footer_finish(ld, &hold, kind, items, count, &capacity, seen);
            if (code == PF_OK)
                code = input_digest(ld, reader);
            break;
        }
        progress_update(ld->model->progress, reader_offset(reader),
                        ld->input->rows_read + (long)hold.count + 1);
        if (rec->field_count == 1 && ld->input->header_count > 1 && rec->malformed_quote_field < 0) {
            if (hold.count == FOOTER_MAX_LINES) {
                hold.previous_last_line = hold.rows[hold.count - 1].last_line;
                populator_hold(&populated); /* footer_flush() adds rows */
                code = footer_flush(ld, &hold, kind, items, count, &capacity, seen);
                if (code != PF_OK)
                    break;
            }
            if (!footer_keep(&hold, rec)) {
                code = out_of_memory(ld);
                break;
            }
            continue;
        }
        if (hold.count > 0) {
            populator_hold(&populated); /* footer_flush() adds rows */
            if ((code = footer_flush(ld, &hold, kind, items, count, &capacity, seen)) != PF_OK)
                break;
        }
        if (*count >= capacity)
            populator_hold(&populated); /* read_one() reallocates the array */
        code = read_one(ld, rec, kind, items, count, &capacity, seen);
        if (code != PF_OK)
            break;
        populate_ahead(&populated, *items, *count * kind->item_size, capacity * kind->item_size);
        hold.previous_last_line = rec->last_line;
    }
    footer_release(&hold);
    populator_stop(&populated);
    return code;
}

/* read_records() with the progress line (labelled with the file's name) while it runs. */
static pf_error read_rows(loader *ld, pf_reader *reader, const row_kind *kind, void **items, size_t *count,
                          pf_id_index *seen)
{
    const char *slash = strrchr(ld->display, '/');
    progress_start(ld->model->progress, slash ? slash + 1 : ld->display, ld->input->size);
    pf_error code = read_records(ld, reader, kind, items, count, seen);
    progress_end(ld->model->progress);
    return code;
}

/* Drops the rejected rows from items (count of item_size bytes), keeping the order; returns how many are
 * kept. When new_index is not NULL it receives each row's new index (PF_ID_DELETED for a dropped row). */
static size_t compact_rows(const loader *ld, void *items, size_t count, size_t item_size, uint32_t *new_index)
{
    if (!ld->rejected)
        return count;
    size_t kept = 0;
    for (size_t i = 0; i < count; i++) {
        if (row_rejected(ld, i)) {
            if (new_index)
                new_index[i] = PF_ID_DELETED;
            continue;
        }
        if (new_index)
            new_index[i] = (uint32_t)kept;
        if (kept != i)
            memcpy((char *)items + kept * item_size, (char *)items + i * item_size, item_size);
        kept++;
    }
    return kept;
}

static cell_result parse_partner(loader *ld, const pf_record *rec, void *item, size_t row, pf_id_index *seen)
{
    return partner_row(ld, rec, item, row, seen);
}

static int settle_partner(loader *ld, void *item)
{
    return partner_warnings(ld, item);
}

static cell_result deal_row(loader *ld, const pf_record *rec, pf_deal *d, size_t row, pf_id_index *seen);
static cell_result cost_row(loader *ld, const pf_record *rec, pf_cost *c, size_t row);

static cell_result parse_deal(loader *ld, const pf_record *rec, void *item, size_t row, pf_id_index *seen)
{
    return deal_row(ld, rec, item, row, seen);
}

static cell_result parse_cost(loader *ld, const pf_record *rec, void *item, size_t row, pf_id_index *seen)
{
    (void)seen;
    return cost_row(ld, rec, item, row);
}

static pf_error load_partners(pf_model *m, const char *path, const pf_settings *settings, size_t capacities[2],
                              pf_error_context *err)
{
    loader ld;
    loader_init(&ld, m, settings, PF_FILE_PARTNERS, capacities, err);
    pf_reader *reader = NULL;
    pf_id_index *seen = NULL;
    uint32_t *new_index = NULL;
    size_t count = 0;
    pf_error code = open_input(&ld, path, &reader);
    if (code != PF_OK)
        goto cleanup;
    prepare_rows(&ld, reader);
    seen = id_index_new(ld.input->size / 128 + 1024);
    if (!seen) {
        code = out_of_memory(&ld);
        goto cleanup;
    }
    static const row_kind partner_kind = {sizeof(pf_partner), parse_partner, settle_partner};
    code = read_rows(&ld, reader, &partner_kind, (void **)&m->partners, &count, seen);
    if (code != PF_OK)
        goto cleanup;
    m->partners = m->partners ? m->partners : malloc(sizeof *m->partners);
    m->partner_count = count;
    if (resolve_staged(&ld, set_partner_date) != 0) {
        code = out_of_memory(&ld);
        goto cleanup;
    }
    /* compact, when rows were rejected; the index of ids seen while reading becomes the partner index */
    if (ld.rejected) {
        new_index = malloc((count ? count : 1) * sizeof *new_index);
        if (!new_index) {
            code = out_of_memory(&ld);
            goto cleanup;
        }
    }
    m->partner_count = compact_rows(&ld, m->partners, count, sizeof *m->partners, new_index);
    if (new_index)
        id_index_renumber(seen, new_index);
    m->partner_index = seen;
    seen = NULL;
    /* the warnings of the rows whose dates were settled only now */
    size_t previous = SIZE_MAX;
    for (size_t i = 0; i < ld.staged_count; i++) {
        size_t row = ld.staged[i].row;
        if (row == previous || row_rejected(&ld, row))
            continue;
        previous = row;
        if (partner_warnings(&ld, &m->partners[new_index ? new_index[row] : row]) != 0) {
            code = out_of_memory(&ld);
            goto cleanup;
        }
    }
    ld.input->rows_accepted = ld.input->rows_read - ld.input->rows_rejected;
cleanup:
    free(new_index);
    id_index_free(seen);
    reader_free(reader);
    loader_clear(&ld);
    return code;
}

/* Rows of the same partner usually follow each other in deals and costs: the partner named by the previous
 * row is remembered. True when id (len bytes) is that one; else its slot in the partner index is asked
 * for at once (*hash set), to be read by find_partner() once the rest of the row has been parsed. */
static bool partner_is_last(const loader *ld, const pf_record *rec, pf_column c, const char *id, size_t len,
                            uint32_t *hash)
{
    if (len == ld->last_partner_length && memcmp(id, ld->last_partner_id, len) == 0)
        return true;
    const prepared_cell *pc = prepared(ld, rec, c);
    *hash = pc && pc->state == PREPARED_READY && pc->length == len ? pc->as.hash : id_hash_bytes(id, len);
    if (ld->model->partner_index)
        id_index_prefetch(ld->model->partner_index, *hash);
    return false;
}

/* model_find_partner() for id (NUL-terminated, len bytes), given what partner_is_last() said. */
static long find_partner(loader *ld, const char *id, size_t len, bool is_last, uint32_t hash)
{
    if (is_last)
        return ld->last_partner;
    long p = id_index_find_hashed(ld->model->partner_index, id, hash);
    if (len < sizeof ld->last_partner_id) {
        memcpy(ld->last_partner_id, id, len);
        ld->last_partner_length = len;
        ld->last_partner = p;
    }
    return p;
}

static cell_result deal_row(loader *ld, const pf_record *rec, pf_deal *d, size_t row, pf_id_index *seen)
{
    char quoted[160];
    pf_model *m = ld->model;
    memset(d, 0, sizeof *d);
    d->line = rec->line;
    TRY_CELL(check_row_shape(ld, rec));
    size_t len;
    const char *id = cell(ld, rec, PF_COL_DEAL_ID, &len);
    if (len == 0)
        return reject_cell(ld, rec, PF_COL_DEAL_ID, "missing deal_id");
    uint32_t id_hash_value = id_cell_hash(ld, rec, PF_COL_DEAL_ID, id, len);
    id_index_prefetch(seen, id_hash_value);
    d->id = arena_strndup(m->arena, id, len);
    if (!d->id)
        return CELL_ERROR;
    const char *partner = cell(ld, rec, PF_COL_DEAL_PARTNER_ID, &len);
    if (len == 0)
        return reject_cell(ld, rec, PF_COL_DEAL_PARTNER_ID, "missing partner_id");
    char partner_id[512];
    if (len >= sizeof partner_id)
        len = sizeof partner_id - 1;
    memcpy(partner_id, partner, len);
    partner_id[len] = '\0';
    size_t partner_length = len;
    uint32_t partner_hash = 0;
    bool partner_last =
        partner_is_last(ld, rec, PF_COL_DEAL_PARTNER_ID, partner_id, partner_length, &partner_hash);
    int status;
    TRY_CELL(enum_cell(ld, rec, PF_COL_DEAL_STATUS, PF_ENUM_STATUS, true, PF_DEAL_OPEN, &status));
    d->status = (uint8_t)status;
    TRY_CELL(date_cell(ld, rec, row, 0, PF_COL_DEAL_CLOSED_ON, false, &d->closed_on));
    if (!partner_last && m->partner_index)
        id_index_prefetch_id(m->partner_index, partner_hash);
    TRY_CELL(money_cell(ld, rec, PF_COL_DEAL_AMOUNT, false, &d->amount));
    long p = find_partner(ld, partner_id, partner_length, partner_last, partner_hash);
    if (p < 0)
        return reject_cell(ld, rec, PF_COL_DEAL_PARTNER_ID,
                           "unknown partner '%s' (not among the accepted partners)",
                           QUOTE(partner_id, strlen(partner_id)));
    d->partner = (uint32_t)p;
    bool staged = ld->staged_count > 0 && ld->staged[ld->staged_count - 1].row == row;
    if ((status == PF_DEAL_WON || status == PF_DEAL_LOST) && d->closed_on == PF_DATE_NONE && !staged) {
        if (ld->input->column_index[PF_COL_DEAL_CLOSED_ON] < 0)
            return reject_cell(ld, rec, PF_COL_DEAL_STATUS,
                               "%s deal without closed_on (the file has no closed_on column)",
                               pf_enum_value_names[PF_ENUM_STATUS][status]);
        return reject_cell(ld, rec, PF_COL_DEAL_CLOSED_ON, "%s deal without closed_on",
                           pf_enum_value_names[PF_ENUM_STATUS][status]);
    }
    int added = id_index_add(seen, d->id, id_hash_value, row);
    if (added < 0)
        return CELL_ERROR;
    if (added == 0) {
        long first = id_index_find(seen, d->id);
        return reject_cell(ld, rec, PF_COL_DEAL_ID,
                           "duplicate deal_id '%s' (first seen on line %ld, which is kept)",
                           QUOTE(d->id, strlen(d->id)), m->deals[first].line);
    }
    return CELL_OK;
}

/* Loads deals.csv. *starts gets, per partner p, where its deals begin (deals[starts[p] .. starts[p + 1])),
 * for model_load() to write into the partners at the end, in one pass with the costs'. */
static pf_error load_deals(pf_model *m, const char *path, const pf_settings *settings, size_t capacities[2],
                           size_t **starts, early_index *early, pf_error_context *err)
{
    loader ld;
    loader_init(&ld, m, settings, PF_FILE_DEALS, capacities, err);
    pf_reader *reader = NULL;
    pf_id_index *seen = NULL;
    size_t count = 0;
    pf_deal *sorted = NULL;
    size_t *offsets = NULL;
    pf_error code = open_input(&ld, path, &reader);
    if (code != PF_OK)
        goto cleanup;
    prepare_rows(&ld, reader);
    size_t expected = ld.input->size / PF_DEAL_ID_BYTES + 1024;
    seen = early_index_take(early, expected);
    if (!seen)
        seen = id_index_new(expected);
    if (!seen) {
        code = out_of_memory(&ld);
        goto cleanup;
    }
    static const row_kind deal_kind = {sizeof(pf_deal), parse_deal, NULL};
    code = read_rows(&ld, reader, &deal_kind, (void **)&m->deals, &count, seen);
    if (code != PF_OK)
        goto cleanup;
    m->deal_count = count;
    if (resolve_staged(&ld, set_deal_date) != 0) {
        code = out_of_memory(&ld);
        goto cleanup;
    }
    size_t kept = compact_rows(&ld, m->deals, count, sizeof *m->deals, NULL);
    /* group by partner (counting sort, stable); deals listed partner by partner already stay in place, and
     * their counts are the starts */
    offsets = calloc(m->partner_count + 1, sizeof *offsets);
    if (!offsets) {
        code = out_of_memory(&ld);
        goto cleanup;
    }
    bool grouped = true;
    for (size_t i = 0; i < kept; i++) {
        offsets[m->deals[i].partner + 1]++;
        if (i > 0 && m->deals[i].partner < m->deals[i - 1].partner)
            grouped = false;
    }
    for (size_t p = 0; p < m->partner_count; p++)
        offsets[p + 1] += offsets[p];
    if (grouped) {
        *starts = offsets;
        offsets = NULL;
    } else {
        *starts = malloc((m->partner_count + 1) * sizeof **starts);
        sorted = malloc((kept ? kept : 1) * sizeof *sorted);
        if (!*starts || !sorted) {
            code = out_of_memory(&ld);
            goto cleanup;
        }
        memcpy(*starts, offsets, (m->partner_count + 1) * sizeof **starts);
        for (size_t i = 0; i < kept; i++)
            sorted[offsets[m->deals[i].partner]++] = m->deals[i];
        free(m->deals);
        m->deals = sorted;
        sorted = NULL;
    }
    if (!m->deals) {
        m->deals = malloc(sizeof *m->deals);
        if (!m->deals) {
            code = out_of_memory(&ld);
            goto cleanup;
        }
    }
    m->deal_count = kept;
    /* warnings: won before signing */
    for (size_t i = 0; i < kept; i++) {
        const pf_deal *d = &m->deals[i];
        if (d->status != PF_DEAL_WON || d->closed_on == PF_DATE_NONE)
            continue;
        pf_date signed_on = m->partners[d->partner].dates[PF_STEP_SIGNED];
        char a[11], b[11];
        field_date_format_iso(d->closed_on, a);
        int rc = 0;
        if (signed_on == PF_DATE_NONE)
            rc = add_warning(&ld, d->line, header_name(&ld, PF_COL_DEAL_CLOSED_ON),
                             "won deal closed on %s but partner '%s' has no signed contract", a,
                             m->partners[d->partner].id);
        else if (d->closed_on < signed_on) {
            field_date_format_iso(signed_on, b);
            rc = add_warning(&ld, d->line, header_name(&ld, PF_COL_DEAL_CLOSED_ON),
                             "won deal closed on %s, before the contract was signed (%s)", a, b);
        }
        if (rc != 0) {
            code = out_of_memory(&ld);
            goto cleanup;
        }
    }
    ld.input->rows_accepted = ld.input->rows_read - ld.input->rows_rejected;
cleanup:
    free(offsets);
    free(sorted);
    id_index_free(seen);
    reader_free(reader);
    loader_clear(&ld);
    return code;
}

static cell_result cost_row(loader *ld, const pf_record *rec, pf_cost *c, size_t row)
{
    char quoted[160];
    memset(c, 0, sizeof *c);
    c->line = rec->line;
    c->partner = -1;
    TRY_CELL(check_row_shape(ld, rec));
    TRY_CELL(date_cell(ld, rec, row, 0, PF_COL_COST_DATE, true, &c->date));
    size_t len;
    const char *partner = cell(ld, rec, PF_COL_COST_PARTNER_ID, &len);
    char partner_id[512];
    size_t partner_length = 0;
    if (partner && len > 0) {
        if (len >= sizeof partner_id)
            len = sizeof partner_id - 1;
        memcpy(partner_id, partner, len);
        partner_length = len;
    }
    partner_id[partner_length] = '\0';
    uint32_t partner_hash = 0;
    bool partner_last = partner_length > 0 && partner_is_last(ld, rec, PF_COL_COST_PARTNER_ID, partner_id,
                                                              partner_length, &partner_hash);
    TRY_CELL(text_cell(ld, rec, PF_COL_COST_CATEGORY, true, &c->category));
    if (partner_length > 0 && !partner_last && ld->model->partner_index)
        id_index_prefetch_id(ld->model->partner_index, partner_hash);
    TRY_CELL(money_cell(ld, rec, PF_COL_COST_AMOUNT, true, &c->amount));
    if (partner_id[0]) {
        long p = find_partner(ld, partner_id, partner_length, partner_last, partner_hash);
        if (p < 0)
            return reject_cell(ld, rec, PF_COL_COST_PARTNER_ID,
                               "unknown partner '%s' (not among the accepted partners)",
                               QUOTE(partner_id, strlen(partner_id)));
        c->partner = p;
    }
    return CELL_OK;
}

/* Loads costs.csv. *starts gets, per partner p, where its cost lines begin (as load_deals() does). */
static pf_error load_costs(pf_model *m, const char *path, const pf_settings *settings, size_t capacities[2],
                           size_t **starts, pf_error_context *err)
{
    loader ld;
    loader_init(&ld, m, settings, PF_FILE_COSTS, capacities, err);
    pf_reader *reader = NULL;
    size_t count = 0;
    pf_cost *sorted = NULL;
    size_t *offsets = NULL;
    pf_error code = open_input(&ld, path, &reader);
    if (code != PF_OK)
        goto cleanup;
    prepare_rows(&ld, reader);
    static const row_kind cost_kind = {sizeof(pf_cost), parse_cost, NULL};
    code = read_rows(&ld, reader, &cost_kind, (void **)&m->costs, &count, NULL);
    if (code != PF_OK)
        goto cleanup;
    m->cost_count = count;
    if (resolve_staged(&ld, set_cost_date) != 0) {
        code = out_of_memory(&ld);
        goto cleanup;
    }
    size_t kept = compact_rows(&ld, m->costs, count, sizeof *m->costs, NULL);
    /* group by partner, overhead (partner -1) last; counting sort keeps file order within a group */
    size_t groups = m->partner_count + 1;
    offsets = calloc(groups + 1, sizeof *offsets);
    if (!offsets) {
        code = out_of_memory(&ld);
        goto cleanup;
    }
    bool grouped = true; /* the partners' lines are listed partner by partner */
    int64_t previous = -1;
    for (size_t i = 0; i < kept; i++) {
        int64_t partner = m->costs[i].partner;
        size_t g = partner < 0 ? m->partner_count : (size_t)partner;
        offsets[g + 1]++;
        if (partner >= 0) {
            grouped = grouped && partner >= previous;
            previous = partner;
        }
    }
    for (size_t g = 0; g < groups; g++)
        offsets[g + 1] += offsets[g];
    if (grouped) {
        /* the same order, in place: the partners' lines move up over the overhead's, which go last */
        size_t overhead = offsets[groups] - offsets[groups - 1];
        sorted = malloc((overhead ? overhead : 1) * sizeof *sorted);
        if (!sorted) {
            code = out_of_memory(&ld);
            goto cleanup;
        }
        size_t moved = 0, held = 0;
        for (size_t i = 0; i < kept; i++) {
            if (m->costs[i].partner < 0)
                sorted[held++] = m->costs[i];
            else
                m->costs[moved++] = m->costs[i];
        }
        if (held > 0)
            memcpy(m->costs + moved, sorted, held * sizeof *sorted);
        if (!m->costs && !(m->costs = malloc(sizeof *m->costs))) {
            code = out_of_memory(&ld);
            goto cleanup;
        }
        *starts = offsets; /* its first partner_count + 1 counts are the starts */
        offsets = NULL;
    } else {
        sorted = malloc((kept ? kept : 1) * sizeof *sorted);
        *starts = malloc((m->partner_count + 1) * sizeof **starts);
        if (!sorted || !*starts) {
            code = out_of_memory(&ld);
            goto cleanup;
        }
        memcpy(*starts, offsets, (m->partner_count + 1) * sizeof **starts);
        for (size_t i = 0; i < kept; i++) {
            size_t g = m->costs[i].partner < 0 ? m->partner_count : (size_t)m->costs[i].partner;
            sorted[offsets[g]++] = m->costs[i];
        }
        free(m->costs);
        m->costs = sorted;
        sorted = NULL;
    }
    m->cost_count = kept;
    ld.input->rows_accepted = ld.input->rows_read - ld.input->rows_rejected;
cleanup:
    free(offsets);
    free(sorted);
    reader_free(reader);
    loader_clear(&ld);
    return code;
}

/* ---- the model ---- */

void model_init(pf_model *model)
{
    memset(model, 0, sizeof *model);
    for (int f = 0; f < PF_FILE_COUNT; f++)
        for (int c = 0; c < PF_COL_COUNT; c++)
            model->inputs[f].column_index[c] = -1;
}

void model_clear(pf_model *model)
{
    intern_free(model->strings);
    arena_free(model->arena);
    for (int f = 0; f < PF_FILE_COUNT; f++)
        free(model->inputs[f].path);
    free(model->partners);
    free(model->deals);
    free(model->costs);
    free(model->rejects);
    free(model->warnings);
    id_index_free(model->partner_index);
    model_init(model);
}

const char *model_cell(const pf_input *in, long line, const char *column, char *out, size_t size)
{
    out[0] = '\0';
    if (!in->info.workbook || line <= 0)
        return out;
    for (size_t i = 0; column && column[0] && i < in->header_count; i++)
        if (in->headers[i] == column || strcmp(in->headers[i], column) == 0) {
            char cell[16];
            xlsx_cell_name(i, line, cell);
            snprintf(out, size, "%s!%s", in->info.sheet, cell);
            return out;
        }
    snprintf(out, size, "%s!%ld:%ld", in->info.sheet, line, line);
    return out;
}

long model_find_partner(const pf_model *model, const char *id)
{
    if (model->partner_index) /* while loading */
        return id_index_find(model->partner_index, id);
    for (size_t i = 0; i < model->partner_count; i++)
        if (strcmp(model->partners[i].id, id) == 0)
            return (long)i;
    return -1;
}

static int compare_reject(const void *a, const void *b)
{
    const pf_reject *x = a, *y = b;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return 0;
}

static int compare_warning(const void *a, const void *b)
{
    const pf_warning *x = a, *y = b;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return 0;
}

/* Finds DIR/name.csv (or .tsv, .txt, .xlsx): *found is a malloc'd path, or NULL when none exists. false
 * when memory ran out (not the same as "no such file"). */
static bool find_in_dir(const char *dir, const char *name, char **found)
{
    static const char *const extensions[] = {".csv", ".tsv", ".txt", ".xlsx"};
    *found = NULL;
    for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
        size_t size = strlen(dir) + strlen(name) + 8;
        char *path = malloc(size);
        if (!path)
            return false;
        snprintf(path, size, "%s/%s%s", dir, name, extensions[i]);
        /* an entry that exists but cannot be followed (a symbolic link loop, no permission) is returned
         * too: opening it then gives the real reason instead of "no partners.csv in this folder" */
        struct stat st;
        if (stat(path, &st) == 0 || (errno != ENOENT && errno != ENOTDIR) || lstat(path, &st) == 0) {
            *found = path;
            return true;
        }
        free(path);
    }
    return true;
}

/* Sorting rejects by line keeps equal lines in their order only if the sort is stable; qsort is not, so
 * ties are broken by insertion order through a second key. */
typedef struct ordered_reject {
    pf_reject reject;
    size_t order;
} ordered_reject;

static int compare_ordered_reject(const void *a, const void *b)
{
    const ordered_reject *x = a, *y = b;
    int c = compare_reject(&x->reject, &y->reject);
    if (c)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

typedef struct ordered_warning {
    pf_warning warning;
    size_t order;
} ordered_warning;

static int compare_ordered_warning(const void *a, const void *b)
{
    const ordered_warning *x = a, *y = b;
    int c = compare_warning(&x->warning, &y->warning);
    if (c)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

static int sort_findings(pf_model *m)
{
    if (m->reject_count > 1) {
        ordered_reject *tmp = malloc(m->reject_count * sizeof *tmp);
        if (!tmp)
            return -1;
        for (size_t i = 0; i < m->reject_count; i++)
            tmp[i] = (ordered_reject){m->rejects[i], i};
        qsort(tmp, m->reject_count, sizeof *tmp, compare_ordered_reject);
        for (size_t i = 0; i < m->reject_count; i++)
            m->rejects[i] = tmp[i].reject;
        free(tmp);
    }
    if (m->warning_count > 1) {
        ordered_warning *tmp = malloc(m->warning_count * sizeof *tmp);
        if (!tmp)
            return -1;
        for (size_t i = 0; i < m->warning_count; i++)
            tmp[i] = (ordered_warning){m->warnings[i], i};
        qsort(tmp, m->warning_count, sizeof *tmp, compare_ordered_warning);
        for (size_t i = 0; i < m->warning_count; i++)
            m->warnings[i] = tmp[i].warning;
        free(tmp);
    }
    return 0;
}

/* Tells each partner where its deals and cost lines are (starts as load_deals() and load_costs() give them,
 * NULL for a file not read), in one pass over the partners. */
static void set_partner_groups(pf_model *m, const size_t *deal_starts, const size_t *cost_starts)
{
    if (!deal_starts && !cost_starts)
        return;
    for (size_t p = 0; p < m->partner_count; p++) {
        pf_partner *partner = &m->partners[p];
        if (deal_starts) {
            partner->first_deal = (uint32_t)deal_starts[p];
            partner->deal_count = (uint32_t)(deal_starts[p + 1] - deal_starts[p]);
        }
        if (cost_starts) {
            partner->first_cost = (uint32_t)cost_starts[p];
            partner->cost_count = (uint32_t)(cost_starts[p + 1] - cost_starts[p]);
        }
    }
}

pf_error model_load(pf_model *model, const pf_model_paths *paths, const pf_settings *settings,
                    pf_error_context *err)
{
    return model_load_progress(model, paths, settings, NULL, err);
}

pf_error model_load_progress(pf_model *model, const pf_model_paths *paths, const pf_settings *settings,
                             pf_progress *progress, pf_error_context *err)
{
    model_clear(model);
    char *found[PF_FILE_COUNT] = {NULL, NULL, NULL};
    size_t capacities[2] = {0, 0};
    size_t *deal_starts = NULL, *cost_starts = NULL;
    early_index deal_ids;
    memset(&deal_ids, 0, sizeof deal_ids);
    pf_error code = PF_OK;
    model->arena = arena_new();
    model->strings = model->arena ? intern_new(model->arena) : NULL;
    model->progress = progress;
    if (!model->strings) {
        code = pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
        goto cleanup;
    }
    for (int f = 0; f < PF_FILE_COUNT; f++) {
        if (paths->files[f]) {
            found[f] = strdup(paths->files[f]);
            if (!found[f]) {
                code = pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
                goto cleanup;
            }
        } else if (paths->dir && !find_in_dir(paths->dir, pf_file_names[f], &found[f])) {
            code = pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
            goto cleanup;
        }
    }
    if (!found[PF_FILE_PARTNERS]) {
        if (paths->dir) {
            struct stat st;
            if (stat(paths->dir, &st) != 0)
                code = pf_error_set(err, PF_ERROR_NO_INPUT, paths->dir, 0, NULL, "cannot open folder: %s",
                                    strerror(errno));
            else if (!S_ISDIR(st.st_mode))
                code =
                    pf_error_set(err, PF_ERROR_NO_INPUT, paths->dir, 0, NULL,
                                 "is not a folder; give the folder holding partners.csv, or --partners FILE");
            else if (strcmp(paths->dir, ".") == 0)
                code = pf_error_set(err, PF_ERROR_NO_INPUT, NULL, 0, NULL,
                                    "no partners.csv in the current folder; give the export's folder, or "
                                    "--partners FILE");
            else
                code = pf_error_set(err, PF_ERROR_NO_INPUT, paths->dir, 0, NULL,
                                    "no partners.csv in this folder; give --partners FILE");
        } else {
            code = pf_error_set(err, PF_ERROR_USAGE, NULL, 0, NULL,
                                "no input: give a folder holding partners.csv, or --partners FILE");
        }
        goto cleanup;
    }
    early_index_start(&deal_ids, found[PF_FILE_DEALS], PF_DEAL_ID_BYTES);
    code = load_partners(model, found[PF_FILE_PARTNERS], settings, capacities, err);
    if (code == PF_OK && found[PF_FILE_DEALS])
        code = load_deals(model, found[PF_FILE_DEALS], settings, capacities, &deal_starts, &deal_ids, err);
    if (code == PF_OK && found[PF_FILE_COSTS])
        code = load_costs(model, found[PF_FILE_COSTS], settings, capacities, &cost_starts, err);
    if (code == PF_OK)
        code = check_shared_settings(model, settings, err);
    if (code == PF_OK)
        set_partner_groups(model, deal_starts, cost_starts);
    if (code == PF_OK && sort_findings(model) != 0)
        code = pf_error_set(err, PF_ERROR_MEMORY, NULL, 0, NULL, "out of memory");
cleanup:
    early_index_clear(&deal_ids);
    /* the partners' id index served the deals' and costs' lookups: its memory (24 MB a million partners)
     * goes back before the metrics run */
    id_index_free(model->partner_index);
    model->partner_index = NULL;
    for (int f = 0; f < PF_FILE_COUNT; f++)
        free(found[f]);
    free(deal_starts);
    free(cost_starts);
    model->progress = NULL;
    if (code != PF_OK)
        model_clear(model);
    return code;
}
