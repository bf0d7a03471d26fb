/* text.c — UTF-8 validation, folding for matching, trimming.
 *
 * Validation follows the Unicode standard's table of well-formed byte sequences (Table 3-7): the second
 * byte's range depends on the first, which rules out overlong forms (C0, C1, E0 80..9F, F0 80..8F),
 * surrogates (ED A0..BF) and code points above U+10FFFF (F4 90.., F5..FF). Pure ASCII, the common case,
 * is checked sixteen bytes at a time. This is the program's one validator: the reader and the workbook
 * writer use it too.
 *
 * Folding is a stream of "units": one space for a run of blanks between words, the folded form of a
 * letter (one or two ASCII bytes: é → "e", Æ → "ae"), or the bytes of any other character copied as they
 * are. text_fold() writes whole units only, so a truncated result never ends inside a character, and
 * text_fold_equal() compares two unit streams byte by byte without a buffer. Every folded unit is at most
 * as long as the bytes it comes from, so a result is never longer than its input.
 */
#include "partnerfunnel/text.h"

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

size_t text_utf8_sequence(const char *text, size_t n, size_t *need)
{
    const unsigned char *s = (const unsigned char *)text;
    unsigned lead = s[0];
    unsigned low = 0x80, high = 0xBF;
    size_t len;
    if (lead < 0x80) {
        *need = 1;
        return 1;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
        len = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        len = 3;
        if (lead == 0xE0)
            low = 0xA0; /* overlong below U+0800 */
        else if (lead == 0xED)
            high = 0x9F; /* surrogates U+D800..U+DFFF */
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        len = 4;
        if (lead == 0xF0)
            low = 0x90; /* overlong below U+10000 */
        else if (lead == 0xF4)
            high = 0x8F; /* above U+10FFFF */
    } else {
        *need = 1;
        return 0; /* continuation byte, C0/C1 (always overlong), F5..FF */
    }
    *need = len;
    if (n < 2)
        return 1;
    if (s[1] < low || s[1] > high)
        return 1;
    size_t i = 2;
    while (i < len && i < n && (s[i] & 0xC0) == 0x80)
        i++;
    return i;
}

/* Length of the well-formed UTF-8 sequence at p (1 to 4), or 0 when the bytes at p are not one. */
static size_t utf8_sequence_length(const unsigned char *p, const unsigned char *end)
{
    size_t need;
    size_t valid = text_utf8_sequence((const char *)p, (size_t)(end - p), &need);
    return valid == need ? need : 0;
}

size_t text_utf8_valid_prefix(const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text; /* indexed: a NULL text of length 0 is never
                                                              offset (clang's UBSan) */
    size_t i = 0;
    while (i < n) {
        /* Fast path: sixteen ASCII bytes at a time, then straight to the first other byte of the block. */
#ifdef __SSE2__
        while (n - i >= 16) {
            unsigned mask =
                (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)));
            if (mask) {
                i += (size_t)__builtin_ctz(mask);
                break;
            }
            i += 16;
        }
#else
        while (n - i >= 16) {
            uint64_t a, b;
            memcpy(&a, s + i, 8);
            memcpy(&b, s + i + 8, 8);
            if ((a | b) & UINT64_C(0x8080808080808080))
                break;
            i += 16;
        }
#endif
        if (i == n)
            break;
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        /* Two-byte characters (Latin letters with accents) are most of the others: checked here. */
        if (c >= 0xC2 && c <= 0xDF) {
            if (n - i < 2 || (s[i + 1] & 0xC0) != 0x80)
                break;
            i += 2;
            continue;
        }
        size_t need;
        size_t valid = text_utf8_sequence(text + i, n - i, &need);
        if (valid != need)
            break;
        i += need;
    }
    return i;
}

bool text_is_utf8(const char *s, size_t len)
{
    return text_utf8_valid_prefix(s, len) == len;
}

/* Length of the blank at p (space, TAB, CR, LF: 1; NBSP: 2; NNBSP: 3), 0 when p is not at a blank. */
static size_t blank_length(const unsigned char *p, const unsigned char *end)
{
    switch (p[0]) {
    case ' ':
    case '\t':
    case '\r':
    case '\n': return 1;
    case 0xC2: return end - p >= 2 && p[1] == 0xA0 ? 2 : 0;
    case 0xE2: return end - p >= 3 && p[1] == 0x80 && p[2] == 0xAF ? 3 : 0;
    default: return 0;
    }
}

const char *text_trim(const char *s, size_t len, size_t *trimmed_len)
{
    if (len == 0) {
        *trimmed_len = 0;
        return s;
    }
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = p + len;
    size_t n;
    while (p < end && (n = blank_length(p, end)) > 0)
        p += n;
    /* Trailing blanks: ASCII ones are one byte; NBSP ends in A0 and NNBSP in AF, checked backwards. */
    while (end > p) {
        if (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n')
            end--;
        else if (end - p >= 2 && end[-2] == 0xC2 && end[-1] == 0xA0)
            end -= 2;
        else if (end - p >= 3 && end[-3] == 0xE2 && end[-2] == 0x80 && end[-1] == 0xAF)
            end -= 3;
        else
            break;
    }
    *trimmed_len = (size_t)(end - p);
    return (const char *)p;
}

/* Folded forms of U+00C0..U+017F; NULL keeps the character (×, ÷). One row per 16 code points, as the
 * comment above each row lists them, so the formatter is told to leave the table alone. */
/* clang-format off */
static const char *const latin_folds[0x180 - 0xC0] = {
    /* U+00C0 À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï */
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    /* U+00D0 Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß */
    "d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
    /* U+00E0 à á â ã ä å æ ç è é ê ë ì í î ï */
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    /* U+00F0 ð ñ ò ó ô õ ö ÷ ø ù ú û ü ý þ ÿ */
    "d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "y",
    /* U+0100 Ā ā Ă ă Ą ą Ć ć Ĉ ĉ Ċ ċ Č č Ď ď */
    "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
    /* U+0110 Đ đ Ē ē Ĕ ĕ Ė ė Ę ę Ě ě Ĝ ĝ Ğ ğ */
    "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
    /* U+0120 Ġ ġ Ģ ģ Ĥ ĥ Ħ ħ Ĩ ĩ Ī ī Ĭ ĭ Į į */
    "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
    /* U+0130 İ ı Ĳ ĳ Ĵ ĵ Ķ ķ ĸ Ĺ ĺ Ļ ļ Ľ ľ Ŀ */
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
    /* U+0140 ŀ Ł ł Ń ń Ņ ņ Ň ň ŉ Ŋ ŋ Ō ō Ŏ ŏ */
    "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
    /* U+0150 Ő ő Œ œ Ŕ ŕ Ŗ ŗ Ř ř Ś ś Ŝ ŝ Ş ş */
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
    /* U+0160 Š š Ţ ţ Ť ť Ŧ ŧ Ũ ũ Ū ū Ŭ ŭ Ů ů */
    "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
    /* U+0170 Ű ű Ų ų Ŵ ŵ Ŷ ŷ Ÿ Ź ź Ż ż Ž ž ſ */
    "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};
/* clang-format on */

typedef struct fold_stream {
    const unsigned char *p, *end;
    unsigned char unit[4];
    size_t unit_length, unit_pos;
} fold_stream;

static void fold_stream_init(fold_stream *fs, const char *s, size_t len)
{
    size_t trimmed = 0;
    const char *t = len ? text_trim(s, len, &trimmed) : s; /* s may be NULL when len is 0 */
    fs->p = (const unsigned char *)t;
    fs->end = trimmed ? fs->p + trimmed : fs->p;
    fs->unit_length = fs->unit_pos = 0;
}

/* Loads the next unit into fs->unit; false at the end. Input is trimmed, so blanks are always inner. */
static bool fold_stream_next_unit(fold_stream *fs)
{
    fs->unit_pos = 0;
    if (fs->p >= fs->end) {
        fs->unit_length = 0;
        return false;
    }
    size_t n = blank_length(fs->p, fs->end);
    if (n > 0) {
        do
            fs->p += n;
        while (fs->p < fs->end && (n = blank_length(fs->p, fs->end)) > 0);
        fs->unit[0] = ' ';
        fs->unit_length = 1;
        return true;
    }
    unsigned char b0 = fs->p[0];
    if (b0 < 0x80) {
        fs->unit[0] = (unsigned char)(b0 >= 'A' && b0 <= 'Z' ? b0 + ('a' - 'A') : b0);
        fs->unit_length = 1;
        fs->p++;
        return true;
    }
    n = utf8_sequence_length(fs->p, fs->end);
    if (n == 2) {
        unsigned cp = ((unsigned)(b0 & 0x1F) << 6) | (fs->p[1] & 0x3Fu);
        const char *folded = cp >= 0xC0 && cp < 0x180 ? latin_folds[cp - 0xC0] : NULL;
        if (folded) {
            fs->unit_length = strlen(folded);
            memcpy(fs->unit, folded, fs->unit_length);
            fs->p += 2;
            return true;
        }
    }
    if (n == 0)
        n = 1; /* an invalid byte is copied on its own */
    memcpy(fs->unit, fs->p, n);
    fs->unit_length = n;
    fs->p += n;
    return true;
}

/* text_fold() of pure ASCII in one pass — most CSV values, and most of a SIRENE file: blanks trimmed and
 * collapsed, letters lower-cased. Returns false at the first byte that is not ASCII, or when the result
 * would not fit in size; the general path then does the whole job. */
static bool fold_ascii(const char *s, size_t len, char *out, size_t size, size_t *out_len)
{
    size_t n = 0;
    bool blank = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80)
            return false;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            blank = n > 0;
            continue;
        }
        if (n + (blank ? 2 : 1) > size - 1)
            return false;
        if (blank)
            out[n++] = ' ';
        blank = false;
        out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    out[n] = '\0';
    *out_len = n;
    return true;
}

size_t text_fold(const char *s, size_t len, char *out, size_t size)
{
    if (size == 0)
        return 0;
    size_t ascii_length;
    if (fold_ascii(s, len, out, size, &ascii_length))
        return ascii_length;
    fold_stream fs;
    fold_stream_init(&fs, s, len);
    size_t n = 0;
    while (fold_stream_next_unit(&fs)) {
        if (fs.unit_length > size - 1 - n)
            break;
        memcpy(out + n, fs.unit, fs.unit_length);
        n += fs.unit_length;
    }
    out[n] = '\0';
    return n;
}

/* Next byte of the folded stream, or -1 at the end. */
static int fold_stream_next_byte(fold_stream *fs)
{
    if (fs->unit_pos >= fs->unit_length && !fold_stream_next_unit(fs))
        return -1;
    return fs->unit[fs->unit_pos++];
}

bool text_fold_equal(const char *a, size_t alen, const char *b, size_t blen)
{
    fold_stream fa, fb;
    fold_stream_init(&fa, a, alen);
    fold_stream_init(&fb, b, blen);
    for (;;) {
        int ca = fold_stream_next_byte(&fa);
        int cb = fold_stream_next_byte(&fb);
        if (ca != cb)
            return false;
        if (ca < 0)
            return true;
    }
}

size_t text_utf8_length(const char *s, size_t len)
{
    size_t chars = 0;
    for (size_t i = 0; i < len; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    return chars;
}

size_t text_utf8_prefix(const char *s, size_t len, size_t chars)
{
    size_t i = 0, seen = 0;
    for (; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (seen == chars)
                break;
            seen++;
        }
    }
    return i;
}
