/* text.h — small UTF-8 text utilities shared by every module: validation, folding for matching, trimming.
 *
 * Owns nothing: pure functions over caller-owned buffers, no allocation, no globals.
 * "Folding" is how docs/definitions.md "Field syntax" matches headers and enum values: case, accents and
 * surrounding blanks ignored.
 */
#ifndef PARTNERFUNNEL_TEXT_H
#define PARTNERFUNNEL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/** True when the len bytes at s are well-formed UTF-8 (no overlongs, no surrogates, nothing > U+10FFFF). */
bool text_is_utf8(const char *s, size_t len);

/** Length of the longest prefix of s (len bytes) that is well-formed UTF-8. */
size_t text_utf8_valid_prefix(const char *s, size_t len);

/** How many bytes at s (n > 0 available) form a valid start of one UTF-8 character, per Unicode table 3-7;
 *  *need is that character's full length. The character is complete and valid when the result equals
 *  *need (the bytes that follow a shorter result are the "maximal subpart" a U+FFFD replaces); 0 means s[0]
 *  cannot start a character. */
size_t text_utf8_sequence(const char *s, size_t n, size_t *need);

/** Number of characters (code points) in the len bytes of UTF-8 at s: its lead bytes. */
size_t text_utf8_length(const char *s, size_t len);

/** Bytes taken by the first chars characters of the len bytes of UTF-8 at s (all len when shorter): a cut
 *  there never splits a character. */
size_t text_utf8_prefix(const char *s, size_t len, size_t chars);

/** Folds s for matching: trims leading/trailing blanks (those of text_trim: space, TAB, CR, LF, NBSP U+00A0,
 *  NNBSP U+202F), collapses internal runs of blanks to one space, lower-cases ASCII and Latin-1/Latin
 *  Extended-A letters and strips their accents (é→e, Æ→ae, ß→ss, œ→oe, Þ→th); '_', '-' and every other
 *  character are kept as they are. Writes a NUL-terminated result to out (at most size-1 bytes, truncated on
 *  a character boundary) and returns its length. The result is never longer than the input, so size = len+1
 *  never truncates. Folding is idempotent. Invalid UTF-8 bytes are copied unchanged. */
size_t text_fold(const char *s, size_t len, char *out, size_t size);

/** True when text_fold(a) equals text_fold(b), whatever their lengths (no buffer, no truncation). */
bool text_fold_equal(const char *a, size_t alen, const char *b, size_t blen);

/** Pointer to the first non-blank byte of s and the trimmed length in *trimmed_len (ASCII space/TAB/CR/LF and
 *  UTF-8 NBSP / NNBSP are blanks). */
const char *text_trim(const char *s, size_t len, size_t *trimmed_len);

#endif
