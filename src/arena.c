/* arena.c — bump allocator in growing blocks, and an open-addressing intern set on top of it. */
#include "partnerfunnel/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PF_ARENA_BLOCK (256 * 1024)
#define PF_ARENA_ALIGN 16

typedef struct pf_arena_block {
    struct pf_arena_block *next;
    size_t size;
    size_t used;
    _Alignas(16) unsigned char data[];
} pf_arena_block;

struct pf_arena {
    pf_arena_block *head;
    size_t total;
};

pf_arena *arena_new(void)
{
    return calloc(1, sizeof(pf_arena));
}

void arena_free(pf_arena *arena)
{
    if (!arena)
        return;
    pf_arena_block *block = arena->head;
    while (block) {
        pf_arena_block *next = block->next;
        free(block);
        block = next;
    }
    free(arena);
}

/* size bytes at a multiple of align (a power of two, at most PF_ARENA_ALIGN) in the current block, or in a
 * new one. Strings ask for align 1 so that a million short ids do not each waste up to 15 bytes. */
static void *arena_alloc_aligned(pf_arena *arena, size_t size, size_t align)
{
    if (size > SIZE_MAX - PF_ARENA_ALIGN)
        return NULL;
    pf_arena_block *block = arena->head;
    size_t offset = block ? (block->used + align - 1) & ~(align - 1) : 0;
    if (!block || offset > block->size || block->size - offset < size) {
        size_t capacity = size > PF_ARENA_BLOCK / 4 ? size : PF_ARENA_BLOCK;
        block = malloc(sizeof(pf_arena_block) + capacity);
        if (!block)
            return NULL;
        block->size = capacity;
        block->used = 0;
        /* A large one-off allocation goes behind the current block so the current one keeps filling. */
        if (capacity != PF_ARENA_BLOCK && arena->head) {
            block->next = arena->head->next;
            arena->head->next = block;
        } else {
            block->next = arena->head;
            arena->head = block;
        }
        arena->total += sizeof(pf_arena_block) + capacity;
        offset = 0;
    }
    void *p = block->data + offset;
    block->used = offset + size;
    return p;
}

void *arena_alloc(pf_arena *arena, size_t size)
{
    return arena_alloc_aligned(arena, size, PF_ARENA_ALIGN);
}

char *arena_strndup(pf_arena *arena, const char *s, size_t len)
{
    char *copy = arena_alloc_aligned(arena, len + 1, 1);
    if (!copy)
        return NULL;
    if (len)
        memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

size_t arena_bytes(const pf_arena *arena)
{
    return arena ? arena->total : 0;
}

unsigned long long pf_hash_bytes(const void *data, size_t len)
{
    const unsigned char *p = data;
    unsigned long long h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

typedef struct pf_intern_slot {
    const char *text;
    size_t len;
    unsigned long long hash;
} pf_intern_slot;

struct pf_intern {
    pf_arena *arena;
    pf_intern_slot *slots;
    size_t capacity; /* power of two */
    size_t count;
};

pf_intern *intern_new(pf_arena *arena)
{
    pf_intern *set = calloc(1, sizeof *set);
    if (!set)
        return NULL;
    set->arena = arena;
    set->capacity = 64;
    set->slots = calloc(set->capacity, sizeof *set->slots);
    if (!set->slots) {
        free(set);
        return NULL;
    }
    return set;
}

void intern_free(pf_intern *set)
{
    if (!set)
        return;
    free(set->slots);
    free(set);
}

static int intern_grow(pf_intern *set)
{
    size_t capacity = set->capacity * 2;
    pf_intern_slot *slots = calloc(capacity, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < set->capacity; i++) {
        if (!set->slots[i].text)
            continue;
        size_t j = (size_t)set->slots[i].hash & (capacity - 1);
        while (slots[j].text)
            j = (j + 1) & (capacity - 1);
        slots[j] = set->slots[i];
    }
    free(set->slots);
    set->slots = slots;
    set->capacity = capacity;
    return 0;
}

const char *intern_get(pf_intern *set, const char *s, size_t len)
{
    if ((set->count + 1) * 4 > set->capacity * 3 && intern_grow(set) != 0)
        return NULL;
    unsigned long long hash = pf_hash_bytes(s, len);
    size_t i = (size_t)hash & (set->capacity - 1);
    while (set->slots[i].text) {
        if (set->slots[i].hash == hash && set->slots[i].len == len && memcmp(set->slots[i].text, s, len) == 0)
            return set->slots[i].text;
        i = (i + 1) & (set->capacity - 1);
    }
    char *copy = arena_strndup(set->arena, s, len);
    if (!copy)
        return NULL;
    set->slots[i].text = copy;
    set->slots[i].len = len;
    set->slots[i].hash = hash;
    set->count++;
    return copy;
}

size_t intern_count(const pf_intern *set)
{
    return set->count;
}
