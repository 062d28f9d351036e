/* reader_csv.c - the archive CSV: UTF-8, ';'-separated, a header row,
 * "-quoted fields that may hold newlines and "" for a quote.
 *
 * Our own small parser rather than libcsv, because error recovery needs
 * what libcsv does not give: the line each row starts on, a hard cap on a
 * row's size while it is being read, and a way to resynchronise after an
 * unterminated quote.  Such a quote swallows the rest of the file; at EOF
 * we report it at the row's first line and re-read the lines after that
 * one, so the good rows it swallowed still come through.  Memory: the
 * current row (its fields, and its raw lines for that replay), capped at
 * GS_MAX_RECORD.
 *
 * Columns are found by header name in any order; unknown ones are ignored
 * with one warning.  Each call returns one row's record or one skip; a row
 * can end in two skips (a bad field in the header row, then the header), so
 * skips wait in a small queue and go out one per call, in order.  Quoting is read leniently where the archive is sloppy
 * (a stray quote inside an unquoted field is kept as text).
 */
#include <stdlib.h>
#include <string.h>

#include "corpus/reader_impl.h"
#include "corpus/record_impl.h"

enum { ST_START, ST_UNQUOTED, ST_QUOTED, ST_QUOTE_IN_QUOTED };

struct gs_csv {
    int have_header;
    size_t ncols;
    char **colname;          /* record name per column, NULL = ignored */
    size_t *first_col;       /* the first column naming the same field (itself if none) */

    /* The row being read. */
    gs_buf_t *field;         /* nfields used of nalloc */
    size_t nfields, nalloc;
    int state;
    unsigned long row_line;  /* line the row started on */
    size_t row_bytes;
    int row_bad;             /* reported already: skip the row at its end */
    gs_buf_t raw;            /* the row's raw lines after its first, for replay */
    unsigned long raw_first; /* line number of the first line in raw */
    size_t raw_lines;

    /* Lines to re-read after an unterminated quote. */
    gs_buf_t replay;
    size_t replay_pos;
    unsigned long replay_line;

    /* Skips not yet returned, oldest first; done: nothing more to read. */
    gs_skip_info_t pending[4];
    size_t npending;
    int done;
};

/* The queue's next free slot.  At most two skips arise per row, and the
 * queue is drained before each line, so it never fills. */
static gs_skip_info_t *queue_slot(gs_csv_t *c)
{
    size_t cap = sizeof c->pending / sizeof c->pending[0];
    return &c->pending[c->npending < cap ? c->npending++ : cap - 1];
}

/* Queue a skip for the next return. */
#define skip(c, kind, line, ...) gs_skip_set(queue_slot(c), (kind), (line), __VA_ARGS__)

/* The oldest queued skip into res. */
static gs_read_t pop_skip(gs_csv_t *c, gs_read_result_t *res)
{
    res->skip = c->pending[0];
    memmove(c->pending, c->pending + 1, --c->npending * sizeof c->pending[0]);
    return GS_READ_SKIP;
}

gs_csv_t *gs_csv_new(void)
{
    return calloc(1, sizeof(gs_csv_t));
}

void gs_csv_free(gs_csv_t *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->ncols; i++)
        free(c->colname[i]);
    free(c->colname);
    free(c->first_col);
    for (size_t i = 0; i < c->nalloc; i++)
        free(c->field[i].s);
    free(c->field);
    free(c->raw.s);
    free(c->replay.s);
    free(c);
}

static void row_reset(gs_csv_t *c)
{
    c->nfields = 0;
    c->state = ST_START;
    c->row_bytes = 0;
    c->row_bad = 0;
    c->raw.len = 0;
    c->raw_lines = 0;
}

static int new_field(gs_csv_t *c)
{
    if (c->nfields == c->nalloc) {
        size_t n = c->nalloc ? c->nalloc * 2 : 32;
        gs_buf_t *nf = realloc(c->field, n * sizeof *nf);
        if (!nf)
            return -1;
        memset(nf + c->nalloc, 0, (n - c->nalloc) * sizeof *nf);
        c->field = nf;
        c->nalloc = n;
    }
    c->field[c->nfields++].len = 0;
    return 0;
}

/* Append to the current field unless it is over the cap (then the row is
 * marked bad once). */
static int field_add(gs_csv_t *c, const char *s, size_t n)
{
    gs_buf_t *f = &c->field[c->nfields - 1];
    if (c->row_bad)
        return 0;
    if (f->len + n > GS_MAX_FIELD) {
        skip(c, GS_SKIP_FIELD_SIZE, c->row_line, "field %zu is larger than the 1 MiB limit",
             c->nfields);
        c->row_bad = 1;
        return 0;
    }
    return gs_buf_append(f, s, n);
}

/* Feed one line (without its newline).  Returns 1 when the row is complete,
 * 0 when it continues on the next line, -1 on ENOMEM. */
static int feed_line(gs_csv_t *c, const char *s, size_t n)
{
    if (c->state == ST_START && c->nfields == 0)
        if (new_field(c) < 0)
            return -1;
    size_t i = 0;
    while (i < n) {
        /* Copy runs of ordinary bytes at once. */
        size_t j = i;
        if (c->state == ST_QUOTED) {
            while (j < n && s[j] != '"')
                j++;
        } else if (c->state == ST_UNQUOTED) {
            while (j < n && s[j] != ';')
                j++;
        }
        if (j > i) {
            if (field_add(c, s + i, j - i) < 0)
                return -1;
            i = j;
            continue;
        }
        char ch = s[i++];
        switch (c->state) {
        case ST_START:
            if (ch == '"') {
                c->state = ST_QUOTED;
            } else if (ch == ';') {
                if (new_field(c) < 0)
                    return -1;
            } else {
                c->state = ST_UNQUOTED;
                if (field_add(c, &ch, 1) < 0)
                    return -1;
            }
            break;
        case ST_UNQUOTED:   /* ch == ';' */
            if (new_field(c) < 0)
                return -1;
            c->state = ST_START;
            break;
        case ST_QUOTED:     /* ch == '"' */
            c->state = ST_QUOTE_IN_QUOTED;
            break;
        case ST_QUOTE_IN_QUOTED:
            if (ch == '"') {
                c->state = ST_QUOTED;
                if (field_add(c, "\"", 1) < 0)
                    return -1;
            } else if (ch == ';') {
                if (new_field(c) < 0)
                    return -1;
                c->state = ST_START;
            } else {
                /* "ab"c: keep going as unquoted text. */
                c->state = ST_UNQUOTED;
                if (field_add(c, &ch, 1) < 0)
                    return -1;
            }
            break;
        }
    }
    if (c->state == ST_QUOTED)
        return field_add(c, "\n", 1) < 0 ? -1 : 0;
    return 1;
}

/* Next raw line: replayed ones first, then the input.  As gs_input_getline,
 * with *lineno set. */
static int next_line(gs_csv_t *c, gs_input_t *in, char **line, size_t *len,
                     unsigned long *lineno)
{
    if (c->replay_pos < c->replay.len) {
        char *s = c->replay.s + c->replay_pos;
        char *nl = memchr(s, '\n', c->replay.len - c->replay_pos);
        size_t n = nl ? (size_t)(nl - s) : c->replay.len - c->replay_pos;
        s[n] = '\0';
        c->replay_pos += n + 1;
        *line = s;
        *len = n;
        *lineno = c->replay_line++;
        if (c->replay_pos >= c->replay.len)
            c->replay_pos = c->replay.len = 0;   /* (the line stays valid until refilled) */
        return 1;
    }
    int rc = gs_input_getline(in, GS_MAX_RECORD, line, len);
    *lineno = gs_input_lineno(in);
    return rc;
}

/* What a column name sets: a string field, or 100 + a value. */
static int column_target(const char *name)
{
    int f = gs_field_by_name(name);
    return f >= 0 ? f : 100 + gs_value_by_name(name);
}

/* Link each column to the first one naming the same field ("title" and
 * "name" both set the title) and say so: a row then takes the first
 * non-empty of them, rather than the last one silently. */
static void note_duplicate_columns(const gs_read_ctx_t *x, gs_csv_t *c)
{
    for (size_t i = 0; i < c->ncols; i++) {
        c->first_col[i] = i;
        for (size_t j = 0; c->colname[i] && j < i; j++) {
            if (!c->colname[j] || column_target(c->colname[j]) != column_target(c->colname[i]))
                continue;
            c->first_col[i] = c->first_col[j];
            gs_read_warn(x, GS_NOTE_FILE, c->row_line,
                         "CSV column \"%s\" (column %zu) sets the same field as \"%s\" "
                         "(column %zu); each row takes the first non-empty of them",
                         c->colname[i], i + 1, c->colname[j], j + 1);
            break;
        }
    }
}

/* Is column i a repeat of a field an earlier column of this row filled? */
static int filled_before(const gs_csv_t *c, size_t i)
{
    for (size_t j = c->first_col[i]; j < i; j++)
        if (c->first_col[j] == c->first_col[i] && c->field[j].len)
            return 1;
    return 0;
}

static int setup_header(const gs_read_ctx_t *x, gs_csv_t *c)
{
    size_t known = 0;
    gs_buf_t unknown = {0};
    c->ncols = c->nfields;
    c->colname = calloc(c->ncols ? c->ncols : 1, sizeof *c->colname);
    c->first_col = calloc(c->ncols ? c->ncols : 1, sizeof *c->first_col);
    if (!c->colname || !c->first_col)
        return -1;
    for (size_t i = 0; i < c->nfields; i++) {
        char *name = c->field[i].s ? c->field[i].s : "";
        size_t len = c->field[i].len;
        /* A UTF-8 byte order mark before the first name. */
        if (i == 0 && len >= 3 && memcmp(name, "\xEF\xBB\xBF", 3) == 0)
            name += 3, len -= 3;
        while (len && (name[len - 1] == ' ' || name[len - 1] == '\r'))
            len--;
        while (len && *name == ' ')
            name++, len--;
        char *n = strndup(name, len);
        if (!n)
            return -1;
        if (gs_field_by_name(n) >= 0 || gs_value_by_name(n) >= 0) {
            c->colname[i] = n;
            known++;
        } else {
            if (unknown.len)
                gs_buf_append(&unknown, ", ", 2);
            gs_buf_append(&unknown, n, strlen(n));
            free(n);
        }
    }
    if (!known) {
        free(unknown.s);
        skip(c, GS_SKIP_CSV_HEADER, c->row_line, "CSV header names no known column; file skipped");
        return 1;
    }
    note_duplicate_columns(x, c);
    if (unknown.len)
        gs_read_warn(x, GS_NOTE_FILE, c->row_line, "unknown CSV columns ignored: %.300s",
                     unknown.s);
    free(unknown.s);
    c->have_header = 1;
    return 0;
}

/* The row as a record, not yet finished (reader.c does that).  NULL on ENOMEM. */
static gs_record_t *row_to_record(const gs_read_ctx_t *x, gs_csv_t *c)
{
    gs_record_t *rec = gs_record_new();
    if (!rec)
        return NULL;
    for (size_t i = 0; i < c->ncols; i++) {
        if (!c->colname[i] || !c->field[i].len || filled_before(c, i))
            continue;
        const char *why = NULL;
        int rc = gs_record_set_named(rec, c->colname[i], c->field[i].s, c->field[i].len, &why);
        if (rc == -2) {
            gs_record_free(rec);
            return NULL;
        }
        if (rc == -1)
            gs_read_warn(x, GS_NOTE_VALUE, c->row_line, "column \"%s\": %s, value ignored",
                         c->colname[i], why);
    }
    return rec;
}

gs_read_t gs_csv_next(gs_csv_t *c, const gs_read_ctx_t *x, gs_input_t *in,
                      gs_read_result_t *res)
{
    for (;;) {
        if (c->npending)
            return pop_skip(c, res);
        if (c->done)
            return GS_READ_END;
        char *line;
        size_t len;
        unsigned long lineno;
        int rc = next_line(c, in, &line, &len, &lineno);
        if (rc < 0) {
            c->done = 1;
            return gs_read_input_error(res, in, lineno + 1, "; rest of file skipped");
        }
        if (rc == 0) {
            if (c->nfields == 0) {
                c->done = 1;
                continue;
            }
            /* EOF inside a quoted field: report, then re-read what it swallowed. */
            if (c->state == ST_QUOTED) {
                if (!c->row_bad)
                    skip(c, GS_SKIP_CSV_QUOTE, c->row_line, "unterminated quote in field %zu",
                         c->nfields);
                if (c->raw.len) {
                    gs_buf_t t = c->replay;
                    c->replay = c->raw;
                    c->raw = t;
                    c->raw.len = 0;
                    c->replay_pos = 0;
                    c->replay_line = c->raw_first;
                }
                row_reset(c);
                continue;
            }
            row_reset(c);   /* (feed_line completes every row not in quotes) */
            continue;
        }
        if (rc == 2) {
            row_reset(c);
            return gs_read_skip(res, GS_SKIP_RECORD_SIZE, lineno,
                                "line of %zu bytes is larger than the 16 MiB limit", len);
        }
        if (c->nfields == 0) {
            c->row_line = lineno;
            if (len == 0)
                continue;   /* blank line between rows */
        } else {
            /* A continuation line: keep it for a replay after a bad quote. */
            if (c->raw.len == 0)
                c->raw_first = lineno;
            if (c->raw.len + len + 1 <= GS_MAX_RECORD) {
                if (gs_buf_append(&c->raw, line, len) < 0 || gs_buf_append(&c->raw, "\n", 1) < 0) {
                    c->done = 1;
                    continue;
                }
            }
        }
        c->row_bytes += len + 1;
        if (c->row_bytes > GS_MAX_RECORD) {
            if (!c->row_bad)
                skip(c, GS_SKIP_RECORD_SIZE, c->row_line,
                     "record larger than the 16 MiB limit (unterminated quote?)");
            row_reset(c);
            continue;
        }
        gs_skip_info_t bad;
        if (!c->row_bad && gs_text_check(line, len, lineno, &bad) < 0) {
            *queue_slot(c) = bad;
            c->row_bad = 1;
        }
        rc = feed_line(c, line, len);
        if (rc < 0) {
            c->done = 1;
            continue;
        }
        if (rc == 0)
            continue;
        if (!c->have_header) {
            int h = c->row_bad ? 1 : setup_header(x, c);
            if (c->row_bad)
                skip(c, GS_SKIP_CSV_HEADER, c->row_line, "unreadable CSV header; file skipped");
            row_reset(c);
            if (h != 0)
                c->done = 1;
            continue;
        }
        if (c->row_bad) {
            row_reset(c);
            continue;
        }
        if (c->nfields != c->ncols) {
            unsigned long at = c->row_line;
            size_t n = c->nfields;
            row_reset(c);
            return gs_read_skip(res, GS_SKIP_CSV_FIELDS, at,
                                "CSV row has %zu fields, the header has %zu", n, c->ncols);
        }
        gs_record_t *rec = row_to_record(x, c);
        res->line = c->row_line;
        row_reset(c);
        if (rec) {
            res->rec = rec;
            return GS_READ_RECORD;
        }
    }
}
