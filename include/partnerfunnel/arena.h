/* arena.h — bump allocation and string interning for large row sets.
 *
 * Owns: pf_arena (blocks of memory handed out in pieces and freed all at once) and pf_intern (a hash set of
 * strings stored in an arena, so "reseller" is stored once however many partners carry it).
 * Pointers returned by either stay valid until arena_free() of the arena that holds them; they are never
 * freed one by one. Neither is thread-safe: one arena per thread. */
#ifndef PARTNERFUNNEL_ARENA_H
#define PARTNERFUNNEL_ARENA_H

#include <stddef.h>

typedef struct pf_arena pf_arena;
typedef struct pf_intern pf_intern;

/** A new empty arena, or NULL when memory is exhausted. */
pf_arena *arena_new(void);
/** Frees every block of the arena at once. NULL is a no-op. */
void arena_free(pf_arena *arena);
/** size bytes aligned for any type; NULL when memory is exhausted. Memory is not zeroed. */
void *arena_alloc(pf_arena *arena, size_t size);
/** A NUL-terminated copy of the len bytes at s (which need not be terminated); NULL on exhaustion. */
char *arena_strndup(pf_arena *arena, const char *s, size_t len);
/** Total bytes the arena has taken from the system (for the benchmark's memory accounting). */
size_t arena_bytes(const pf_arena *arena);

/** A new intern set whose strings live in arena (borrowed: it must outlive the set). */
pf_intern *intern_new(pf_arena *arena);
/** Frees the set's index; the strings stay in the arena. NULL is a no-op. */
void intern_free(pf_intern *set);
/** The unique stored copy of the len bytes at s: equal strings give the same pointer. NULL on exhaustion. */
const char *intern_get(pf_intern *set, const char *s, size_t len);
/** Number of distinct strings stored. */
size_t intern_count(const pf_intern *set);

/** FNV-1a hash of len bytes, used by every hash table of the program. */
unsigned long long pf_hash_bytes(const void *data, size_t len);

#endif
