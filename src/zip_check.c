/* zip_check.c — a zip reader that only verifies (see zip_check.h): end of central directory (zip64 too),
 * each central entry against its local header, each member inflated with zlib and its CRC-32 and size
 * compared, and the XML parts scanned for balanced elements.
 *
 * The XML scan is not a parser: it follows '<' ... '>' (quotes respected), keeps a stack of open element
 * names, and asks that every closing tag closes the innermost open element and that the root is closed at
 * the end. Text never holds a raw '<' (libxlsxwriter escapes it), so that is enough to see a part cut off
 * in the middle, even when libxlsxwriter appended the closing tags after a truncated temporary.
 */
#include "partnerfunnel/zip_check.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define EOCD_SIGNATURE 0x06054b50u
#define ZIP64_LOCATOR_SIGNATURE 0x07064b50u
#define ZIP64_EOCD_SIGNATURE 0x06064b50u
#define CENTRAL_SIGNATURE 0x02014b50u
#define LOCAL_SIGNATURE 0x04034b50u
#define EOCD_SIZE 22
#define EOCD_SEARCH (EOCD_SIZE + 65535) /* the comment may take up to 65,535 bytes */
#define CHUNK ((size_t)1 << 16)
#define XML_DEPTH 32
#define XML_NAME 64

static uint32_t u16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t u32(const unsigned char *p)
{
    return u16(p) | u16(p + 2) << 16;
}

static uint64_t u64(const unsigned char *p)
{
    return (uint64_t)u32(p) | (uint64_t)u32(p + 4) << 32;
}

/* ---- the XML scan ---- */

typedef struct xml_scan {
    char stack[XML_DEPTH][XML_NAME];
    int depth;
    bool in_tag, root_seen, root_closed, bad;
    char quote;             /* inside an attribute value: its quote */
    char tag[XML_NAME + 2]; /* the tag's first bytes */
    size_t tag_len;
    char last; /* the last non-blank byte of the tag */
} xml_scan;

static void name_of(const char *tag, char *name)
{
    size_t n = 0;
    while (tag[n] && tag[n] != ' ' && tag[n] != '/' && tag[n] != '\t' && tag[n] != '\n' && tag[n] != '\r' &&
           n < XML_NAME - 1) {
        name[n] = tag[n];
        n++;
    }
    name[n] = '\0';
}

static void end_tag(xml_scan *x)
{
    x->tag[x->tag_len] = '\0';
    char name[XML_NAME];
    if (x->tag[0] == '?' || x->tag[0] == '!')
        return;
    if (x->root_closed) {
        x->bad = true; /* a second root, or content after the end */
        return;
    }
    if (x->tag[0] == '/') {
        name_of(x->tag + 1, name);
        if (x->depth == 0 || strcmp(x->stack[x->depth - 1], name) != 0) {
            x->bad = true;
            return;
        }
        if (--x->depth == 0)
            x->root_closed = true;
        return;
    }
    name_of(x->tag, name);
    x->root_seen = true;
    if (x->last == '/') {
        if (x->depth == 0)
            x->root_closed = true;
        return;
    }
    if (x->depth == XML_DEPTH) {
        x->bad = true;
        return;
    }
    memcpy(x->stack[x->depth++], name, XML_NAME);
}

static void xml_feed(xml_scan *x, const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n && !x->bad) {
        if (!x->in_tag) {
            const unsigned char *lt = memchr(p + i, '<', n - i);
            if (!lt)
                return;
            i = (size_t)(lt - p) + 1;
            x->in_tag = true;
            x->tag_len = 0;
            x->quote = 0;
            x->last = 0;
            continue;
        }
        char c = (char)p[i++];
        if (x->quote) {
            if (c == x->quote)
                x->quote = 0;
        } else if (c == '"' || c == '\'') {
            x->quote = c;
        } else if (c == '>') {
            x->in_tag = false;
            end_tag(x);
            continue;
        }
        if (x->tag_len < XML_NAME)
            x->tag[x->tag_len++] = c;
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            x->last = c;
    }
}

static bool xml_complete(const xml_scan *x)
{
    return !x->bad && !x->in_tag && x->root_seen && x->root_closed && x->depth == 0;
}

static bool is_xml_name(const char *name)
{
    size_t len = strlen(name);
    return (len > 4 && strcmp(name + len - 4, ".xml") == 0) ||
           (len > 5 && strcmp(name + len - 5, ".rels") == 0) ||
           (len > 4 && strcmp(name + len - 4, ".vml") == 0);
}

/* ---- the archive ---- */

typedef struct archive {
    FILE *file;
    uint64_t size;
    const char *shown;
    pf_error_context *err;
} archive;

static pf_error damaged(const archive *a, const char *what, const char *member)
{
    if (member)
        return pf_error_set(a->err, PF_ERROR_IO, a->shown, 0, NULL, "the written workbook is damaged: %s (%s)",
                            what, member);
    return pf_error_set(a->err, PF_ERROR_IO, a->shown, 0, NULL, "the written workbook is damaged: %s", what);
}

static bool read_at(const archive *a, uint64_t offset, void *buf, size_t n)
{
    if (offset > a->size || n > a->size - offset)
        return false;
    return fseeko(a->file, (off_t)offset, SEEK_SET) == 0 && fread(buf, 1, n, a->file) == n;
}

typedef struct member {
    char name[512];
    uint32_t method, crc;
    uint64_t compressed, size, offset;
} member;

/* Inflates (or copies) one member's data and compares size and CRC; XML parts are scanned. */
static pf_error check_data(const archive *a, const member *m, uint64_t data_offset, bool *cut)
{
    if (m->method != 0 && m->method != 8)
        return damaged(a, "unknown compression method", m->name);
    if (fseeko(a->file, (off_t)data_offset, SEEK_SET) != 0)
        return damaged(a, "member outside the file", m->name);
    unsigned char *in = malloc(CHUNK), *out = malloc(CHUNK);
    xml_scan *xml = is_xml_name(m->name) ? calloc(1, sizeof *xml) : NULL;
    z_stream z;
    memset(&z, 0, sizeof z);
    bool inflating = m->method == 8;
    pf_error code = PF_OK;
    if (!in || !out || (is_xml_name(m->name) && !xml) || (inflating && inflateInit2(&z, -MAX_WBITS) != Z_OK)) {
        code = pf_error_set(a->err, PF_ERROR_MEMORY, a->shown, 0, NULL, "out of memory");
        inflating = false;
        goto cleanup;
    }
    uLong crc = crc32(0L, Z_NULL, 0);
    uint64_t left = m->compressed, produced = 0;
    int status = Z_OK;
    while (left > 0 || (inflating && status != Z_STREAM_END)) {
        size_t take = left < CHUNK ? (size_t)left : CHUNK;
        if (take > 0 && fread(in, 1, take, a->file) != take) {
            code = damaged(a, "member cut short", m->name);
            goto cleanup;
        }
        left -= take;
        if (!inflating) {
            crc = crc32(crc, in, (uInt)take);
            produced += take;
            if (xml)
                xml_feed(xml, in, take);
            continue;
        }
        z.next_in = in;
        z.avail_in = (uInt)take;
        do {
            uInt before = z.avail_in;
            z.next_out = out;
            z.avail_out = (uInt)CHUNK;
            status = inflate(&z, Z_NO_FLUSH);
            if (status != Z_OK && status != Z_STREAM_END && !(status == Z_BUF_ERROR && take == 0)) {
                code = damaged(a, "compressed data corrupt", m->name);
                goto cleanup;
            }
            size_t got = CHUNK - z.avail_out;
            crc = crc32(crc, out, (uInt)got);
            produced += got;
            if (xml)
                xml_feed(xml, out, got);
            if (status == Z_STREAM_END)
                break;
            if (status == Z_BUF_ERROR || (got == 0 && z.avail_in == before)) {
                code = damaged(a, "compressed data cut short", m->name);
                goto cleanup;
            }
        } while (z.avail_in > 0 || z.avail_out == 0);
        if (status == Z_STREAM_END && (left > 0 || z.avail_in > 0)) {
            code = damaged(a, "data after the end of a member", m->name);
            goto cleanup;
        }
    }
    if (produced != m->size)
        code = damaged(a, "a member's size differs from the one recorded", m->name);
    else if (crc != m->crc)
        code = damaged(a, "a member's CRC-32 differs from the one recorded", m->name);
    else if (xml && !xml_complete(xml)) {
        *cut = true;
        code = pf_error_set(a->err, PF_ERROR_IO, a->shown, 0, NULL,
                            "the written workbook is not complete: part %s is cut short", m->name);
    }
cleanup:
    if (inflating)
        inflateEnd(&z);
    free(in);
    free(out);
    free(xml);
    return code;
}

/* The zip64 extra field: the values the central entry marks 0xFFFFFFFF, in order. */
static void zip64_extra(member *m, const unsigned char *extra, size_t len, bool big_size, bool big_compressed,
                        bool big_offset)
{
    size_t i = 0;
    while (i + 4 <= len) {
        uint32_t id = u16(extra + i), size = u16(extra + i + 2);
        const unsigned char *p = extra + i + 4;
        if (i + 4 + size > len)
            return;
        if (id == 0x0001) {
            size_t o = 0;
            if (big_size && o + 8 <= size)
                m->size = u64(p + o), o += 8;
            if (big_compressed && o + 8 <= size)
                m->compressed = u64(p + o), o += 8;
            if (big_offset && o + 8 <= size)
                m->offset = u64(p + o);
            return;
        }
        i += 4 + size;
    }
}

static pf_error check_members(const archive *a, const unsigned char *cd, uint64_t cd_size, uint64_t entries,
                              uint64_t cd_offset, bool *cut)
{
    uint64_t i = 0;
    for (uint64_t e = 0; e < entries; e++) {
        if (i + 46 > cd_size || u32(cd + i) != CENTRAL_SIGNATURE)
            return damaged(a, "central directory corrupt", NULL);
        member m;
        m.method = u16(cd + i + 10);
        m.crc = u32(cd + i + 16);
        m.compressed = u32(cd + i + 20);
        m.size = u32(cd + i + 24);
        size_t name_len = u16(cd + i + 28), extra_len = u16(cd + i + 30), comment_len = u16(cd + i + 32);
        m.offset = u32(cd + i + 42);
        if (i + 46 + name_len + extra_len + comment_len > cd_size)
            return damaged(a, "central directory corrupt", NULL);
        snprintf(m.name, sizeof m.name, "%.*s", (int)name_len, (const char *)cd + i + 46);
        zip64_extra(&m, cd + i + 46 + name_len, extra_len, m.size == 0xFFFFFFFFu, m.compressed == 0xFFFFFFFFu,
                    m.offset == 0xFFFFFFFFu);
        unsigned char local[30];
        if (!read_at(a, m.offset, local, sizeof local) || u32(local) != LOCAL_SIGNATURE)
            return damaged(a, "a member's local header is missing", m.name);
        uint64_t data = m.offset + 30 + u16(local + 26) + u16(local + 28);
        if (data > cd_offset || m.compressed > cd_offset - data)
            return damaged(a, "a member runs past the central directory", m.name);
        pf_error code = check_data(a, &m, data, cut);
        if (code != PF_OK)
            return code;
        i += 46 + name_len + extra_len + comment_len;
    }
    return PF_OK;
}

pf_error zip_check_archive(const char *path, const char *shown, bool *cut, pf_error_context *err)
{
    *cut = false;
    archive a = {fopen(path, "rb"), 0, shown, err};
    if (!a.file)
        return pf_error_set(err, PF_ERROR_IO, shown, 0, NULL, "cannot read the written workbook back: %s",
                            strerror(errno));
    unsigned char *tail = NULL, *cd = NULL;
    pf_error code = PF_OK;
    if (fseeko(a.file, 0, SEEK_END) != 0) {
        code = damaged(&a, "cannot find its end", NULL);
        goto cleanup;
    }
    a.size = (uint64_t)ftello(a.file);
    size_t tail_size = a.size < EOCD_SEARCH ? (size_t)a.size : EOCD_SEARCH;
    tail = malloc(tail_size ? tail_size : 1);
    if (!tail) {
        code = pf_error_set(err, PF_ERROR_MEMORY, shown, 0, NULL, "out of memory");
        goto cleanup;
    }
    if (tail_size < EOCD_SIZE || !read_at(&a, a.size - tail_size, tail, tail_size)) {
        code = damaged(&a, "too short to be a zip archive", NULL);
        goto cleanup;
    }
    size_t at = tail_size - EOCD_SIZE + 1;
    while (at-- > 0 && u32(tail + at) != EOCD_SIGNATURE) {
    }
    if (at == (size_t)-1) {
        code = damaged(&a, "no end of central directory", NULL);
        goto cleanup;
    }
    const unsigned char *eocd = tail + at;
    uint64_t entries = u16(eocd + 10), cd_size = u32(eocd + 12), cd_offset = u32(eocd + 16);
    uint64_t eocd_offset = a.size - tail_size + at;
    if (entries == 0xFFFF || cd_size == 0xFFFFFFFFu || cd_offset == 0xFFFFFFFFu) {
        unsigned char locator[20], z64[56];
        if (eocd_offset < 20 || !read_at(&a, eocd_offset - 20, locator, sizeof locator) ||
            u32(locator) != ZIP64_LOCATOR_SIGNATURE || !read_at(&a, u64(locator + 8), z64, sizeof z64) ||
            u32(z64) != ZIP64_EOCD_SIGNATURE) {
            code = damaged(&a, "zip64 end of central directory missing", NULL);
            goto cleanup;
        }
        entries = u64(z64 + 32);
        cd_size = u64(z64 + 40);
        cd_offset = u64(z64 + 48);
    }
    if (cd_offset > a.size || cd_size > a.size - cd_offset || entries == 0) {
        code = damaged(&a, "central directory outside the file", NULL);
        goto cleanup;
    }
    cd = malloc(cd_size ? (size_t)cd_size : 1);
    if (!cd) {
        code = pf_error_set(err, PF_ERROR_MEMORY, shown, 0, NULL, "out of memory");
        goto cleanup;
    }
    if (!read_at(&a, cd_offset, cd, (size_t)cd_size)) {
        code = damaged(&a, "central directory unreadable", NULL);
        goto cleanup;
    }
    code = check_members(&a, cd, cd_size, entries, cd_offset, cut);
cleanup:
    free(tail);
    free(cd);
    fclose(a.file);
    return code;
}
