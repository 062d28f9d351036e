/* reader.c - the reader: paths in, records out, whatever their form.
 *
 * Paths are expanded once at open (directories recursively, entries in
 * byte order of their names, dot-files skipped) so that bytes_total is
 * known for progress.  Each file's form is detected from its first bytes
 * (after gunzip) unless forced.  Every problem is reported once as
 * FILE:LINE: reason and counted by kind for the summary; a record whose id
 * was seen before is returned (it replaces the earlier one downstream) and
 * reported as a duplicate.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "corpus/page_impl.h"
#include "corpus/reader_impl.h"
#include "corpus/record_impl.h"

static const char *const skip_names[GS_NSKIP] = {
    [GS_SKIP_OPEN] = "unreadable",
    [GS_SKIP_GZIP] = "bad gzip",
    [GS_SKIP_EMPTY] = "empty file",
    [GS_SKIP_BINARY] = "binary file",
    [GS_SKIP_UTF8] = "invalid UTF-8",
    [GS_SKIP_NUL] = "NUL byte",
    [GS_SKIP_FIELD_SIZE] = "field over 1 MiB",
    [GS_SKIP_RECORD_SIZE] = "record over 16 MiB",
    [GS_SKIP_CSV_HEADER] = "bad CSV header",
    [GS_SKIP_CSV_FIELDS] = "CSV field count",
    [GS_SKIP_CSV_QUOTE] = "CSV unterminated quote",
    [GS_SKIP_JSON] = "bad JSON",
    [GS_SKIP_NO_TEXT] = "no title or text",
};

/* The ids seen so far -> where first seen: open addressing, grows at 1/2. */
typedef struct {
    char *id;
    char *where;
} seen_t;

struct gs_reader {
    char **files;             /* expanded paths; "-" for stdin */
    size_t nfiles, next_file;
    const void *mem;          /* gs_reader_open_memory: one in-memory file */
    size_t mem_len;

    gs_format_t force;
    gs_diag_fn diag;
    void *ctx;

    /* The file being read. */
    const char *cur;
    gs_input_t *in;
    gs_format_t fmt;
    gs_csv_t *csv;
    uint64_t bytes_done;      /* raw bytes of finished files */

    seen_t *seen;
    size_t nseen, seen_cap;

    gs_reader_stats_t st;
    unsigned long skips[GS_NSKIP];
    char *summary;
};

int gs_format_by_name(const char *name)
{
    static const char *const names[] = {"auto", "page", "csv", "jsonl"};
    for (int i = 0; i < 4; i++)
        if (name && strcasecmp(name, names[i]) == 0)
            return i;
    if (name && strcasecmp(name, "json") == 0)
        return GS_FORMAT_JSONL;
    return -1;
}

static void vreport(gs_reader_t *r, gs_diag_level_t level, const char *file,
                    unsigned long line, const char *fmt, va_list ap)
{
    if (!r->diag)
        return;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    r->diag(r->ctx, level, file, line, msg);
}

void gs_reader_skip(gs_reader_t *r, gs_skip_t why, const char *file, unsigned long line,
                    const char *fmt, ...)
{
    va_list ap;
    r->st.skipped++;
    r->skips[why]++;
    va_start(ap, fmt);
    vreport(r, GS_DIAG_ERROR, file, line, fmt, ap);
    va_end(ap);
}

void gs_reader_warn(gs_reader_t *r, const char *file, unsigned long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(r, GS_DIAG_WARNING, file, line, fmt, ap);
    va_end(ap);
}

int gs_reader_check_text(gs_reader_t *r, const char *file, unsigned long line, const char *s,
                         size_t len)
{
    size_t at;
    const char *bad = gs_utf8_check(s, len, &at);
    if (!bad)
        return 0;
    gs_reader_skip(r, strcmp(bad, "NUL byte") == 0 ? GS_SKIP_NUL : GS_SKIP_UTF8, file, line,
                   "%s at byte %zu of the line", bad, at + 1);
    return -1;
}

static int add_file(gs_reader_t *r, size_t *cap, const char *path)
{
    if (r->nfiles == *cap) {
        size_t n = *cap ? *cap * 2 : 16;
        char **nf = realloc(r->files, n * sizeof *nf);
        if (!nf)
            return -1;
        r->files = nf;
        *cap = n;
    }
    if (!(r->files[r->nfiles] = strdup(path)))
        return -1;
    r->nfiles++;
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int skip_dot(const struct dirent *d)
{
    return d->d_name[0] != '.';
}

/* Add path (a file, or a directory's files recursively).  -1 only on ENOMEM. */
static int expand(gs_reader_t *r, size_t *cap, const char *path, int depth)
{
    struct stat sb;
    if (strcmp(path, "-") == 0)
        return add_file(r, cap, path);
    if (stat(path, &sb) < 0) {
        gs_reader_skip(r, GS_SKIP_OPEN, path, 0, "cannot open: %s", strerror(errno));
        return 0;
    }
    if (!S_ISDIR(sb.st_mode)) {
        if (S_ISREG(sb.st_mode))
            r->st.bytes_total += (uint64_t)sb.st_size;
        return add_file(r, cap, path);
    }
    if (depth > 64) {
        gs_reader_skip(r, GS_SKIP_OPEN, path, 0, "directories nested too deep (a loop?)");
        return 0;
    }
    struct dirent **ents;
    int n = scandir(path, &ents, skip_dot, by_name);
    if (n < 0) {
        gs_reader_skip(r, GS_SKIP_OPEN, path, 0, "cannot read directory: %s", strerror(errno));
        return 0;
    }
    int rc = 0;
    for (int i = 0; i < n; i++) {
        size_t pl = strlen(path);
        char *sub = malloc(pl + strlen(ents[i]->d_name) + 2);
        if (!sub) {
            rc = -1;
        } else if (rc == 0) {
            sprintf(sub, "%s%s%s", path, pl && path[pl - 1] == '/' ? "" : "/", ents[i]->d_name);
            rc = expand(r, cap, sub, depth + 1);
        }
        free(sub);
        free(ents[i]);
    }
    free(ents);
    return rc;
}

static gs_reader_t *reader_new(gs_format_t format, gs_diag_fn diag, void *ctx)
{
    gs_reader_t *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->force = format;
    r->diag = diag;
    r->ctx = ctx;
    return r;
}

gs_reader_t *gs_reader_open(const char *const *paths, size_t n, gs_format_t format,
                            gs_diag_fn diag, void *ctx)
{
    gs_reader_t *r = reader_new(format, diag, ctx);
    if (!r)
        return NULL;
    size_t cap = 0;
    for (size_t i = 0; i < n; i++) {
        if (expand(r, &cap, paths[i], 0) < 0) {
            gs_reader_close(r);
            return NULL;
        }
    }
    return r;
}

gs_reader_t *gs_reader_open_memory(const void *buf, size_t len, const char *name,
                                   gs_format_t format, gs_diag_fn diag, void *ctx)
{
    gs_reader_t *r = reader_new(format, diag, ctx);
    if (!r)
        return NULL;
    size_t cap = 0;
    if (add_file(r, &cap, name ? name : "-") < 0) {
        gs_reader_close(r);
        return NULL;
    }
    r->mem = buf ? buf : "";
    r->mem_len = buf ? len : 0;
    r->st.bytes_total = len;
    return r;
}

/* Does the header line s[0..n) name at least two archive columns? */
static int looks_like_csv_header(const char *s, size_t n)
{
    int known = 0;
    const char *end = s + n;
    if (!memchr(s, ';', n))
        return 0;
    while (s < end) {
        const char *e = memchr(s, ';', (size_t)(end - s));
        size_t l = e ? (size_t)(e - s) : (size_t)(end - s);
        char name[64];
        while (l && (*s == ' ' || *s == '"'))
            s++, l--;
        while (l && (s[l - 1] == ' ' || s[l - 1] == '"' || s[l - 1] == '\r'))
            l--;
        if (l < sizeof name) {
            memcpy(name, s, l);
            name[l] = '\0';
            if (gs_field_by_name(name) >= 0 || gs_value_by_name(name) >= 0)
                known++;
        }
        s = e ? e + 1 : end;
    }
    return known >= 2;
}

/* Decide the form of the current file from its first bytes.  0 ok, -1
 * skipped (reported). */
static int detect(gs_reader_t *r)
{
    const char *p;
    size_t n;
    if (gs_input_peek(r->in, 8192, &p, &n) < 0) {
        const char *e = gs_input_error(r->in);
        gs_reader_skip(r, strstr(e, "gzip") ? GS_SKIP_GZIP : GS_SKIP_OPEN, r->cur, 0, "%s", e);
        return -1;
    }
    size_t k = 0;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        k = 3;
    while (k < n && (p[k] == ' ' || p[k] == '\t' || p[k] == '\n' || p[k] == '\r'))
        k++;
    if (k == n) {
        gs_reader_skip(r, GS_SKIP_EMPTY, r->cur, 0, "empty file");
        return -1;
    }
    /* Binary: many control bytes or undecodable bytes in the first 8 KiB.
     * (A few stray NULs or bad bytes are left to the per-record checks.) */
    size_t bad = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)p[i];
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
            bad++, i++;
            continue;
        }
        size_t at;
        size_t seq = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (seq > 1 && i + seq <= n && gs_utf8_check(p + i, seq, &at))
            bad++, seq = 1;
        i += seq;
    }
    if (bad * 10 > n) {
        gs_reader_skip(r, GS_SKIP_BINARY, r->cur, 0, "binary file (not text)");
        return -1;
    }
    if (r->force != GS_FORMAT_AUTO) {
        r->fmt = r->force;
    } else if (p[k] == '{') {
        r->fmt = GS_FORMAT_JSONL;
    } else {
        const char *nl = memchr(p + k, '\n', n - k);
        r->fmt = looks_like_csv_header(p + k, nl ? (size_t)(nl - (p + k)) : n - k)
                     ? GS_FORMAT_CSV : GS_FORMAT_PAGE;
    }
    return 0;
}

static void end_file(gs_reader_t *r)
{
    if (r->in) {
        r->bytes_done += gs_input_raw_bytes(r->in);
        gs_input_close(r->in);
        r->in = NULL;
    }
    gs_csv_free(r->csv);
    r->csv = NULL;
    r->cur = NULL;
}

static size_t hash_str(const char *s)
{
    size_t h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

/* Note rec's id; a second sighting is reported (the later record replaces
 * the earlier one downstream, so it is still returned).  -1 on ENOMEM. */
static int note_id(gs_reader_t *r, const gs_record_t *rec, const char *file, unsigned long line)
{
    const char *id = rec->str[GS_ID];
    if (!id)
        return 0;
    if (2 * (r->nseen + 1) > r->seen_cap) {
        size_t nc = r->seen_cap ? r->seen_cap * 2 : 1024;
        seen_t *ns = calloc(nc, sizeof *ns);
        if (!ns)
            return -1;
        for (size_t i = 0; i < r->seen_cap; i++) {
            if (!r->seen[i].id)
                continue;
            size_t j = hash_str(r->seen[i].id) & (nc - 1);
            while (ns[j].id)
                j = (j + 1) & (nc - 1);
            ns[j] = r->seen[i];
        }
        free(r->seen);
        r->seen = ns;
        r->seen_cap = nc;
    }
    size_t j = hash_str(id) & (r->seen_cap - 1);
    while (r->seen[j].id) {
        if (strcmp(r->seen[j].id, id) == 0) {
            r->st.duplicates++;
            gs_reader_warn(r, file, line,
                           "duplicate application number %.100s (first at %.300s); "
                           "this record replaces it", id, r->seen[j].where);
            char *w = strdup(rec->source ? rec->source : "?");
            if (w) {
                free(r->seen[j].where);
                r->seen[j].where = w;
            }
            return 0;
        }
        j = (j + 1) & (r->seen_cap - 1);
    }
    r->seen[j].id = strdup(id);
    r->seen[j].where = strdup(rec->source ? rec->source : "?");
    if (!r->seen[j].id || !r->seen[j].where) {
        free(r->seen[j].id);
        free(r->seen[j].where);
        r->seen[j].id = r->seen[j].where = NULL;
        return -1;
    }
    r->nseen++;
    return 0;
}

/* Record where rec came from and track its id.  -1 on ENOMEM. */
static int place(gs_reader_t *r, gs_record_t *rec, const char *file, unsigned long line)
{
    char where[600];
    snprintf(where, sizeof where, "%.500s:%lu", file, line);
    free(rec->source);
    if (!(rec->source = strdup(where)))
        return -1;
    return note_id(r, rec, file, line);
}

gs_record_t *gs_reader_finish_record(gs_reader_t *r, gs_record_t *rec, const char *file,
                                     unsigned long line, unsigned secrets)
{
    secrets += gs_secrets_scrub_record(rec);
    r->st.secrets += secrets;
    if (!rec->str[GS_ID] && !rec->str[GS_NUMBER]) {
        /* No number and no id: name it by where it came from. */
        const char *base = strrchr(file, '/');
        char id[300];
        snprintf(id, sizeof id, "%.200s#%lu", base ? base + 1 : file, line);
        if (gs_record_set(rec, GS_ID, id, strlen(id)) < 0)
            goto oom;
    }
    if (gs_record_finish(rec) < 0)
        goto oom;
    if (!gs_record_has_text(rec)) {
        gs_reader_skip(r, GS_SKIP_NO_TEXT, file, line, "record has neither title nor any text");
        gs_record_free(rec);
        return NULL;
    }
    if (place(r, rec, file, line) < 0)
        goto oom;
    return rec;
oom:
    gs_reader_skip(r, GS_SKIP_OPEN, file, line, "out of memory");
    gs_record_free(rec);
    return NULL;
}

static void page_warn(void *vctx, unsigned long line, const char *reason)
{
    gs_reader_t *r = vctx;
    gs_reader_warn(r, r->cur, line, "%s", reason);
}

static int read_page(gs_reader_t *r, gs_record_t **out)
{
    char *text;
    size_t len;
    int rc = gs_input_slurp(r->in, GS_MAX_RECORD, &text, &len);
    if (rc < 0) {
        const char *e = gs_input_error(r->in);
        gs_reader_skip(r, strstr(e, "gzip") ? GS_SKIP_GZIP : GS_SKIP_OPEN, r->cur, 0, "%s", e);
        return 0;
    }
    if (rc == 2) {
        gs_reader_skip(r, GS_SKIP_RECORD_SIZE, r->cur, 0,
                       "page of %zu bytes is larger than the 16 MiB limit", len);
        return 0;
    }
    unsigned secrets = 0;
    const char *why = NULL;
    unsigned long line = 0;
    gs_record_t *rec = gs_page_parse_ex(text, len, r->cur, page_warn, r, &secrets, &why, &line);
    r->st.secrets += secrets;
    if (!rec) {
        gs_skip_t s = GS_SKIP_NO_TEXT;
        if (strcmp(why, "invalid UTF-8") == 0)
            s = GS_SKIP_UTF8;
        else if (strcmp(why, "NUL byte") == 0)
            s = GS_SKIP_NUL;
        else if (strstr(why, "1 MiB"))
            s = GS_SKIP_FIELD_SIZE;
        else if (strstr(why, "memory"))
            s = GS_SKIP_OPEN;
        gs_reader_skip(r, s, r->cur, line, "%s", why);
        return 0;
    }
    if (place(r, rec, r->cur, 1) < 0) {
        gs_reader_skip(r, GS_SKIP_OPEN, r->cur, 0, "out of memory");
        gs_record_free(rec);
        return 0;
    }
    *out = rec;
    return 1;
}

int gs_reader_next(gs_reader_t *r, gs_record_t **out)
{
    *out = NULL;
    for (;;) {
        if (!r->in) {
            if (r->next_file >= r->nfiles)
                return 0;
            r->cur = r->files[r->next_file++];
            const char *why = NULL;
            r->in = r->mem ? gs_input_open_memory(r->mem, r->mem_len)
                           : gs_input_open_path(r->cur, &why);
            if (!r->in) {
                gs_reader_skip(r, GS_SKIP_OPEN, r->cur, 0, "cannot open: %s",
                               why ? why : "out of memory");
                r->cur = NULL;
                continue;
            }
            r->st.files++;
            if (detect(r) < 0) {
                end_file(r);
                continue;
            }
            if (r->fmt == GS_FORMAT_CSV && !(r->csv = gs_csv_new())) {
                gs_reader_skip(r, GS_SKIP_OPEN, r->cur, 0, "out of memory");
                end_file(r);
                continue;
            }
        }
        gs_record_t *rec = NULL;
        int got;
        switch (r->fmt) {
        case GS_FORMAT_CSV:
            got = gs_csv_next(r, r->csv, r->cur, r->in, &rec);
            break;
        case GS_FORMAT_JSONL:
            got = gs_jsonl_next(r, r->cur, r->in, &rec);
            break;
        default:
            /* One record per page file: the file is done either way. */
            got = read_page(r, &rec);
            end_file(r);
            break;
        }
        if (!got) {
            end_file(r);
            continue;
        }
        r->st.records++;
        *out = rec;
        return 1;
    }
}

void gs_reader_stats(const gs_reader_t *r, gs_reader_stats_t *out)
{
    *out = r->st;
    out->bytes_read = r->bytes_done + (r->in ? gs_input_raw_bytes(r->in) : 0);
}

const char *gs_reader_summary(gs_reader_t *r)
{
    char buf[1024];
    size_t n = (size_t)snprintf(buf, sizeof buf, "%lu record%s read, %lu skipped", r->st.records,
                                r->st.records == 1 ? "" : "s", r->st.skipped);
    if (r->st.skipped) {
        const char *sep = " (";
        for (int i = 0; i < GS_NSKIP; i++) {
            if (!r->skips[i] || n >= sizeof buf)
                continue;
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%lu %s", sep, r->skips[i],
                                  skip_names[i]);
            sep = ", ";
        }
        if (n < sizeof buf)
            n += (size_t)snprintf(buf + n, sizeof buf - n, ")");
    }
    if (r->st.duplicates && n < sizeof buf)
        n += (size_t)snprintf(buf + n, sizeof buf - n, ", %lu duplicate%s replaced",
                              r->st.duplicates, r->st.duplicates == 1 ? "" : "s");
    if (r->st.secrets && n < sizeof buf)
        n += (size_t)snprintf(buf + n, sizeof buf - n, ", %lu secret%s dropped", r->st.secrets,
                              r->st.secrets == 1 ? "" : "s");
    free(r->summary);
    r->summary = strdup(buf);
    return r->summary ? r->summary : "out of memory";
}

void gs_reader_close(gs_reader_t *r)
{
    if (!r)
        return;
    end_file(r);
    for (size_t i = 0; i < r->nfiles; i++)
        free(r->files[i]);
    free(r->files);
    for (size_t i = 0; i < r->seen_cap; i++) {
        free(r->seen[i].id);
        free(r->seen[i].where);
    }
    free(r->seen);
    free(r->summary);
    free(r);
}
