/* reader.c - the reader: paths in, records out, whatever their form.
 *
 * Paths are expanded once at open (directories recursively, entries in
 * byte order of their names, dot-files skipped) so that bytes_total is
 * known for progress.  Each file's form is detected from its first bytes
 * (after gunzip) unless forced.  Every problem is reported once as
 * FILE:LINE: reason and counted by kind for the summary; a record whose id
 * was seen before is returned (it replaces the earlier one downstream) and
 * reported as a duplicate.  The format readers (reader_csv.c,
 * reader_jsonl.c, reader_page.c) return a record or a typed skip; this file
 * dispatches to them, reports, counts and finishes the records.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "corpus/reader.h"
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
    [GS_SKIP_BAD_ID] = "control character in number",
};

/* A file or directory already taken, by device and inode -> its path. */
typedef struct {
    dev_t dev;
    ino_t ino;
    char *path;     /* owned */
} node_t;

/* The first DIAG_SHOWN reports of each kind are shown, the rest counted
 * and summed up in one line at the end: a duplicate on every line of a
 * 14.7 M-line file must not become 290 MB of warnings. */
#define DIAG_SHOWN 10

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

    /* Files and directories met while expanding, by device and inode. */
    node_t *nodes;
    size_t nnodes, nodes_cap;

    int json_array;           /* the current JSON file is an array or multi-line */
    gs_jarr_t *jarr;
    unsigned long line_base;  /* blank lines skipped before a page's text */

    /* Repeated reports are capped per kind; the rest are counted. */
    unsigned long shown[GS_NNOTE], hidden[GS_NNOTE];
    char *hidden_file[GS_NNOTE];
    int ended;

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

/* May a report of this kind be shown?  Counts the hidden ones. */
static int may_show(gs_reader_t *r, int kind, const char *file)
{
    if (kind == GS_NOTE_FILE || r->shown[kind] < DIAG_SHOWN) {
        r->shown[kind]++;
        return 1;
    }
    r->hidden[kind]++;
    if (!r->hidden_file[kind] || strcmp(r->hidden_file[kind], file) != 0) {
        free(r->hidden_file[kind]);
        r->hidden_file[kind] = strdup(file);
    }
    return 0;
}

/* Report and count one skipped record (or file).  fmt is printf-style. */
static void gs_reader_skip(gs_reader_t *r, gs_skip_t why, const char *file,
                           unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void gs_reader_skip(gs_reader_t *r, gs_skip_t why, const char *file,
                           unsigned long line, const char *fmt, ...)
{
    va_list ap;
    r->st.skipped++;
    r->skips[why]++;
    if (!may_show(r, GS_NOTE_SKIP + (int)why, file))
        return;
    va_start(ap, fmt);
    vreport(r, GS_DIAG_ERROR, file, line, fmt, ap);
    va_end(ap);
}

/* Report a warning (the record is kept). */
static void gs_reader_warn(gs_reader_t *r, gs_note_t kind, const char *file,
                           unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void gs_reader_warn(gs_reader_t *r, gs_note_t kind, const char *file,
                           unsigned long line, const char *fmt, ...)
{
    va_list ap;
    if (!may_show(r, kind, file))
        return;
    va_start(ap, fmt);
    vreport(r, GS_DIAG_WARNING, file, line, fmt, ap);
    va_end(ap);
}

/* A skip a format reader returned, about the current file. */
static void report_skip(gs_reader_t *r, const gs_skip_info_t *s)
{
    gs_reader_skip(r, s->kind, r->cur, s->line, "%s", s->reason);
}

/* Warnings from a format reader, about the current file. */
static void format_warn(void *ctx, gs_note_t kind, unsigned long line, const char *reason)
{
    gs_reader_t *r = ctx;
    gs_reader_warn(r, kind, r->cur, line, "%s", reason);
}

/* At the end: one line per kind of report that was cut short. */
static void report_hidden(gs_reader_t *r)
{
    for (int k = 0; k < GS_NNOTE; k++) {
        if (!r->hidden[k])
            continue;
        const char *file = r->hidden_file[k] ? r->hidden_file[k] : "-";
        if (k == GS_NOTE_DUPLICATE)
            gs_reader_warn(r, GS_NOTE_FILE, file, 0,
                           "... and %lu more duplicate application numbers not shown; "
                           "%lu replaced in all", r->hidden[k], r->st.duplicates);
        else if (k == GS_NOTE_VALUE)
            gs_reader_warn(r, GS_NOTE_FILE, file, 0,
                           "... and %lu more warnings about values not shown", r->hidden[k]);
        else if (r->diag) {
            char msg[200];
            snprintf(msg, sizeof msg, "... and %lu more \"%s\" errors not shown; %lu in all",
                     r->hidden[k], skip_names[k - GS_NOTE_SKIP], r->skips[k - GS_NOTE_SKIP]);
            r->diag(r->ctx, GS_DIAG_ERROR, file, 0, msg);
        }
    }
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

/* Has (dev, ino) been taken before?  Its first path if so, else NULL after
 * noting it under path.  *oom set on ENOMEM.  Open addressing, grows at 1/2. */
static const char *node_seen(gs_reader_t *r, const struct stat *sb, const char *path, int *oom)
{
    if (2 * (r->nnodes + 1) > r->nodes_cap) {
        size_t nc = r->nodes_cap ? r->nodes_cap * 2 : 256;
        node_t *nn = calloc(nc, sizeof *nn);
        if (!nn) {
            *oom = 1;
            return NULL;
        }
        for (size_t i = 0; i < r->nodes_cap; i++) {
            if (!r->nodes[i].path)
                continue;
            size_t j = ((size_t)r->nodes[i].ino * 31 + (size_t)r->nodes[i].dev) & (nc - 1);
            while (nn[j].path)
                j = (j + 1) & (nc - 1);
            nn[j] = r->nodes[i];
        }
        free(r->nodes);
        r->nodes = nn;
        r->nodes_cap = nc;
    }
    size_t j = ((size_t)sb->st_ino * 31 + (size_t)sb->st_dev) & (r->nodes_cap - 1);
    for (; r->nodes[j].path; j = (j + 1) & (r->nodes_cap - 1))
        if (r->nodes[j].dev == sb->st_dev && r->nodes[j].ino == sb->st_ino)
            return r->nodes[j].path;
    if (!(r->nodes[j].path = strdup(path))) {
        *oom = 1;
        return NULL;
    }
    r->nodes[j].dev = sb->st_dev;
    r->nodes[j].ino = sb->st_ino;
    r->nnodes++;
    return NULL;
}

/* A path not read, said once and counted (not an error: nothing was lost). */
static void not_read(gs_reader_t *r, const char *path, const char *why, const char *first)
{
    r->st.not_read++;
    if (first)
        gs_reader_warn(r, GS_NOTE_FILE, path, 0, "%s %.300s; not read again", why, first);
    else
        gs_reader_warn(r, GS_NOTE_FILE, path, 0, "%s; not read", why);
}

/* Was sb's file taken before?  1 (said: "<what> <first path>"), 0 (now
 * noted), -1 ENOMEM. */
static int taken_before(gs_reader_t *r, const struct stat *sb, const char *path,
                        const char *what)
{
    int oom = 0;
    const char *first = node_seen(r, sb, path, &oom);
    if (first)
        not_read(r, path, what, first);
    return oom ? -1 : first ? 1 : 0;
}

static const char *special_kind(mode_t m)
{
    return S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket" : S_ISCHR(m) ? "a character device"
           : S_ISBLK(m) ? "a block device" : "not a regular file";
}

static int expand(gs_reader_t *r, size_t *cap, const char *path, int depth);

/* Add the entries of directory path, in name order. */
static int expand_dir(gs_reader_t *r, size_t *cap, const char *path, int depth)
{
    struct dirent **ents;
    int n = scandir(path, &ents, skip_dot, by_name);
    if (n < 0) {
        gs_reader_skip(r, GS_SKIP_OPEN, path, 0, "cannot read directory: %s", strerror(errno));
        return 0;
    }
    int rc = 0;
    size_t pl = strlen(path);
    for (int i = 0; i < n; i++) {
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

/* Add path: a file, or a directory's files recursively.  Links are
 * followed, but every directory is walked and every file read once (by
 * device and inode), so a link loop ends at once.  Inside a directory only
 * regular files are read (a FIFO there would block the run); a path named
 * by the user (depth 0) may be anything readable, "-" is stdin.
 * -1 only on ENOMEM. */
static int expand(gs_reader_t *r, size_t *cap, const char *path, int depth)
{
    struct stat sb;
    int taken;
    if (strcmp(path, "-") == 0)
        return add_file(r, cap, path);
    if (stat(path, &sb) < 0) {
        gs_reader_skip(r, GS_SKIP_OPEN, path, 0, "cannot open: %s", strerror(errno));
        return 0;
    }
    if (S_ISDIR(sb.st_mode)) {
        if ((taken = taken_before(r, &sb, path, "directory already read as")))
            return taken < 0 ? -1 : 0;
        if (depth > 64) {
            gs_reader_skip(r, GS_SKIP_OPEN, path, 0, "directories nested too deep");
            return 0;
        }
        return expand_dir(r, cap, path, depth);
    }
    if (!S_ISREG(sb.st_mode) && depth > 0) {
        not_read(r, path, special_kind(sb.st_mode), NULL);
        return 0;
    }
    if (S_ISREG(sb.st_mode)) {
        if ((taken = taken_before(r, &sb, path, "same file as")))
            return taken < 0 ? -1 : 0;
        r->st.bytes_total += (uint64_t)sb.st_size;
    }
    return add_file(r, cap, path);
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

/* Peek at the current file's first bytes; -1 after reporting a failure. */
static int peek(gs_reader_t *r, const char **p, size_t *n)
{
    if (gs_input_peek(r->in, 8192, p, n) == 0)
        return 0;
    gs_read_result_t res;
    gs_read_input_error(&res, r->in, 0, "");
    report_skip(r, &res.skip);
    return -1;
}

/* Convert the current file from charset, saying so.  -1 after reporting. */
static int convert_from(gs_reader_t *r, const char *charset, const char *what)
{
    if (gs_input_set_charset(r->in, charset) < 0) {
        gs_reader_skip(r, GS_SKIP_BINARY, r->cur, 0,
                       "file is in %s, which cannot be converted here; convert it with "
                       "iconv -f %s -t utf-8", what, charset);
        return -1;
    }
    gs_reader_warn(r, GS_NOTE_FILE, r->cur, 0, "file is in %s, not UTF-8: read as converted",
                   what);
    return 0;
}

/* Is the first line of p[0..n) a JSON value left open at its end, after
 * a '{', '[', ',' or ':' (a pretty-printed object rather than JSON Lines)?
 * A JSONL line cut short in a string stays a JSONL error of one line. */
static int json_open_at_eol(const char *p, size_t n)
{
    int depth = 0, str = 0;
    char last = 0;
    for (size_t i = 0; i < n && p[i] != '\n'; i++) {
        if (!str && p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
            last = p[i];
        if (str) {
            if (p[i] == '\\')
                i++;
            else if (p[i] == '"')
                str = 0;
        } else if (p[i] == '"') {
            str = 1;
        } else if (p[i] == '{' || p[i] == '[') {
            depth++;
        } else if (p[i] == '}' || p[i] == ']') {
            depth--;
        }
    }
    return depth > 0 && !str && last && strchr("{[,:", last);
}

/* Decide the encoding and the form of the current file from its first
 * content (after any number of blank lines).  UTF-16 and cp1251 are
 * converted; a UTF-8 file with a few bad lines is left to the per-line
 * checks.  0 ok, -1 skipped (reported). */
static int detect(gs_reader_t *r)
{
    const char *p;
    size_t n, bom;
    if (peek(r, &p, &n) < 0)
        return -1;
    const char *u16 = gs_sniff_utf16(p, n, &bom);
    if (u16) {
        gs_input_consume(r->in, bom);
        if (convert_from(r, u16, u16) < 0)
            return -1;
    }
    (void)gs_input_skip_blank(r->in);   /* a failure shows in the peek */
    if (peek(r, &p, &n) < 0)
        return -1;
    if (n == 0) {
        gs_reader_skip(r, GS_SKIP_EMPTY, r->cur, 0, "empty file");
        return -1;
    }
    gs_text_class_t tc;
    gs_text_classify(p, n, &tc);
    if (!u16 && tc.invalid && gs_looks_cp1251(&tc)) {
        if (convert_from(r, "CP1251", "cp1251 (Windows Cyrillic)") < 0 || peek(r, &p, &n) < 0)
            return -1;
    } else if (tc.controls * 10 > n || (!tc.utf8_multi && tc.invalid * 10 > n)) {
        /* (A few stray control or bad bytes are left to the per-record checks.) */
        gs_reader_skip(r, GS_SKIP_BINARY, r->cur, 0,
                       "binary file (not text in UTF-8, UTF-16 or cp1251)");
        return -1;
    }
    r->line_base = gs_input_lineno(r->in);
    size_t k = 0;
    while (k < n && (p[k] == ' ' || p[k] == '\t'))
        k++;
    r->json_array = 0;
    if (r->force != GS_FORMAT_AUTO) {
        r->fmt = r->force;
        if (r->fmt == GS_FORMAT_JSONL)
            r->json_array = p[k] == '[' ? 2 : json_open_at_eol(p + k, n - k);
    } else if (p[k] == '{' || p[k] == '[') {
        r->fmt = GS_FORMAT_JSONL;
        r->json_array = p[k] == '[' ? 2 : json_open_at_eol(p + k, n - k);
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
    gs_jarr_free(r->jarr);
    r->jarr = NULL;
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
    char where[600];   /* what the duplicate message says: FILE:LINE */
    snprintf(where, sizeof where, "%.500s:%lu", file, line);
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
            gs_reader_warn(r, GS_NOTE_DUPLICATE, file, line,
                           "duplicate application number %.100s (first at %.300s); "
                           "this record replaces it", id, r->seen[j].where);
            char *w = strdup(where);
            if (w) {
                free(r->seen[j].where);
                r->seen[j].where = w;
            }
            return 0;
        }
        j = (j + 1) & (r->seen_cap - 1);
    }
    r->seen[j].id = strdup(id);
    r->seen[j].where = strdup(where);
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
    free(rec->file);
    if (!(rec->file = strdup(file)))
        return -1;
    rec->line = line;
    return note_id(r, rec, file, line);
}

/* Does the record's number or id hold a control character (C0, DEL, C1)?
 * An id is printed, typed and used as a key: it must be plain text.
 * Reports the skip at file:line. */
static int id_has_control(gs_reader_t *r, const gs_record_t *rec, const char *file,
                          unsigned long line)
{
    static const gs_field_t fields[] = {GS_NUMBER, GS_ID};
    for (int f = 0; f < 2; f++) {
        const unsigned char *s = (const unsigned char *)rec->str[fields[f]];
        for (size_t i = 0; s && s[i]; i++) {
            unsigned cp = s[i];
            if (s[i] == 0xC2 && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F)
                cp = s[i + 1];   /* U+0080..U+009F, the C1 controls */
            else if (cp >= 0x20 && cp != 0x7F)
                continue;
            gs_reader_skip(r, GS_SKIP_BAD_ID, file, line,
                           "the application %s holds a control character (U+%04X); "
                           "record skipped", fields[f] == GS_NUMBER ? "number" : "id", cp);
            return 1;
        }
    }
    return 0;
}

/* Common last steps for a CSV/JSONL record read at file:line: scrub
 * secrets, give an id if it has none, derive, check it has text.  Returns
 * the record, or NULL after reporting (the record is freed). */
static gs_record_t *finish_record(gs_reader_t *r, gs_record_t *rec, const char *file,
                                  unsigned long line)
{
    r->st.secrets += gs_secrets_scrub_record(rec);
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
    if (id_has_control(r, rec, file, line)) {
        gs_record_free(rec);
        return NULL;
    }
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

/* A page arrives complete (the parser scrubbed, named and checked it);
 * the others are finished here.  NULL after reporting. */
static gs_record_t *finish(gs_reader_t *r, gs_read_result_t *res)
{
    gs_record_t *rec = res->rec;
    if (!res->complete)
        return finish_record(r, rec, r->cur, res->line);
    if (id_has_control(r, rec, r->cur, res->line)) {
        gs_record_free(rec);
        return NULL;
    }
    if (place(r, rec, r->cur, res->line) < 0) {
        gs_reader_skip(r, GS_SKIP_OPEN, r->cur, 0, "out of memory");
        gs_record_free(rec);
        return NULL;
    }
    return rec;
}

/* One step of the current file's format reader. */
static gs_read_t read_step(gs_reader_t *r, gs_read_result_t *res)
{
    gs_read_ctx_t x = {r->cur, format_warn, r};
    switch (r->fmt) {
    case GS_FORMAT_CSV:
        return gs_csv_next(r->csv, &x, r->in, res);
    case GS_FORMAT_JSONL:
        return r->jarr ? gs_jarr_next(r->jarr, &x, r->in, res) : gs_jsonl_next(&x, r->in, res);
    default:
        return gs_page_next(&x, r->in, r->line_base, res);
    }
}

int gs_reader_next(gs_reader_t *r, gs_record_t **out)
{
    *out = NULL;
    for (;;) {
        if (!r->in) {
            if (r->next_file >= r->nfiles) {
                if (!r->ended)
                    report_hidden(r);
                r->ended = 1;
                return 0;
            }
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
            if (r->fmt == GS_FORMAT_JSONL && r->json_array &&
                !(r->jarr = gs_jarr_new(r->json_array == 2))) {
                gs_reader_skip(r, GS_SKIP_OPEN, r->cur, 0, "out of memory");
                end_file(r);
                continue;
            }
            if (r->fmt == GS_FORMAT_CSV && !(r->csv = gs_csv_new())) {
                gs_reader_skip(r, GS_SKIP_OPEN, r->cur, 0, "out of memory");
                end_file(r);
                continue;
            }
        }
        gs_read_result_t res;
        memset(&res, 0, sizeof res);
        gs_read_t got = read_step(r, &res);
        r->st.secrets += res.secrets;
        gs_record_t *rec = NULL;
        if (got == GS_READ_SKIP)
            report_skip(r, &res.skip);
        else if (got == GS_READ_RECORD)
            rec = finish(r, &res);
        if (got == GS_READ_END || res.last)
            end_file(r);
        if (!rec)
            continue;
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
    if (r->st.not_read && n < sizeof buf)
        n += (size_t)snprintf(buf + n, sizeof buf - n, ", %lu path%s not read", r->st.not_read,
                              r->st.not_read == 1 ? "" : "s");
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
    for (size_t i = 0; i < r->nodes_cap; i++)
        free(r->nodes[i].path);
    free(r->nodes);
    for (int k = 0; k < GS_NNOTE; k++)
        free(r->hidden_file[k]);
    free(r->summary);
    free(r);
}
