/* open.c - the database a searcher reads: one index, or shards named by a
 * Xapian stub (local `auto PATH` lines, `remote HOST:PORT` served by
 * xapian-tcpsrv, `remote :PROGRAM ARGS` such as xapian-progsrv over ssh),
 * each opened with our own time limit; what happens when a shard does not
 * answer; and the local spelling database for "did you mean".
 *
 * Why not let Xapian open the stub: it opens every remote line with its
 * default limits (10 s to connect, 10 s per read) and either opens all of
 * them or fails.  Here each line is opened by itself (xapian-c/remote.cc)
 * and added to one database, which is the same search over all shards
 * with global statistics that the stub gives, so results do not change.
 *
 * A shard that does not answer within the limit (at open, or at a later
 * read: XAPC_NETWORK) is, by the process-wide policy the CLI sets
 * (gs_searcher_shard_policy):
 *   error    the operation fails with a message naming the shard;
 *   partial  the database is opened again without the shards that do not
 *            answer, the operation runs on the rest, and every result says
 *            which shards are missing (gs_results_missing, a note).
 * Either way there is no hang longer than about the limit per shard.
 *
 * Spelling: Xapian keeps spelling data per database and the remote backend
 * does not carry it, so a sharded index keeps it in one local database
 * (indexer/sharded.c): `spelling` beside the stub (DB/spelling for DB/XAPIANDB,
 * DIR/spelling for a stub file DIR/NAME).  When there is none, the index's
 * own spelling table is used, as before.
 */
#include "searcher/internal.h"
#include "toolkit/buf.h"
#include "toolkit/error.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static gs_shard_failure_t policy = GS_SHARD_FAIL_ERROR;
static unsigned timeout_ms = GS_SHARD_TIMEOUT_DEFAULT_MS;

void gs_searcher_shard_policy(gs_shard_failure_t on_failure, unsigned ms)
{
    policy = on_failure;
    timeout_ms = ms ? ms : GS_SHARD_TIMEOUT_DEFAULT_MS;
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int exists(const char *dir, const char *name)
{
    char *p = gs_strdupf("%s/%s", dir, name);
    struct stat st;
    int r = p && stat(p, &st) == 0;
    free(p);
    return r;
}

/* The stub to read for path, or NULL when path is not one (a plain index
 * directory, a single-file database: Xapian opens those itself).  *base
 * (malloc'd): the directory relative lines are resolved against. */
static char *stub_of(const char *path, char **base)
{
    *base = NULL;
    char *stub = NULL;
    if (is_dir(path)) {
        if (exists(path, "iamglass") || !exists(path, "XAPIANDB"))
            return NULL;
        stub = gs_strdupf("%s/XAPIANDB", path);
        *base = strdup(path);
    } else {
        stub = strdup(path);
        const char *slash = strrchr(path, '/');
        *base = slash ? strndup(path, (size_t)(slash - path + (slash == path))) : strdup(".");
    }
    /* A stub is short text; a single-file database is binary. */
    FILE *f = stub ? fopen(stub, "rb") : NULL;
    int text = f != NULL;
    int c;
    for (long n = 0; f && text && n < 65536 && (c = fgetc(f)) != EOF; n++)
        text = c != 0;
    if (f)
        fclose(f);
    if (!text || !*base) {
        free(stub);
        free(*base);
        *base = NULL;
        return NULL;
    }
    return stub;
}

/* Open one stub line ("auto PATH", "remote HOST:PORT", ...) by itself.
 * XAPC_INVALID_ARGUMENT for a line of a kind we do not read (the caller
 * then lets Xapian open the stub). */
static xapc_status_t open_line(const char *line, const char *base, xapc_db_t **out, char **xerr)
{
    char kind[16];
    int used = 0;
    if (sscanf(line, "%15s %n", kind, &used) != 1 || !used || !line[used])
        return XAPC_INVALID_ARGUMENT;
    const char *arg = line + used;
    if (!strcmp(kind, "auto") || !strcmp(kind, "glass") || !strcmp(kind, "chert")) {
        char *p = arg[0] == '/' ? strdup(arg) : gs_strdupf("%s/%s", base, arg);
        if (!p)
            return XAPC_NO_MEMORY;
        xapc_status_t st = xapc_db_open(p, out, xerr);
        free(p);
        return st;
    }
    if (strcmp(kind, "remote"))
        return XAPC_INVALID_ARGUMENT;
    if (arg[0] == ':') {  /* ":PROGRAM ARGS" */
        const char *sp = strchr(arg, ' ');
        char *prog = sp ? strndup(arg + 1, (size_t)(sp - arg - 1)) : strdup(arg + 1);
        if (!prog)
            return XAPC_NO_MEMORY;
        xapc_status_t st = xapc_db_open_remote_program(prog, sp ? sp + 1 : "", timeout_ms, out, xerr);
        free(prog);
        return st;
    }
    const char *colon = strrchr(arg, ':');
    char *end = NULL;
    unsigned long port = colon ? strtoul(colon + 1, &end, 10) : 0;
    if (!colon || !end || *end || port == 0 || port > 65535)
        return XAPC_INVALID_ARGUMENT;
    /* "remote :PORT" is a program by Xapian's rule (above); an empty host
     * here cannot happen, but keep loopback the default anyway. */
    char *host = colon == arg ? strdup("127.0.0.1") : strndup(arg, (size_t)(colon - arg));
    if (!host)
        return XAPC_NO_MEMORY;
    xapc_status_t st = xapc_db_open_remote(host, (unsigned)port, timeout_ms, out, xerr);
    free(host);
    return st;
}

/* "shard 'remote HOST:PORT' (STUB line N) did not answer within T ms: why" */
static void shard_error(char **err, const char *line, const char *stub, unsigned lineno,
                        xapc_status_t st, const char *why)
{
    if (st == XAPC_NETWORK)
        gs_set_err(err, "shard '%s' (%s line %u) did not answer within %u ms: %s (run with "
                   "--on-shard-failure partial to search the other shards)",
                   line, stub, lineno, timeout_ms, why ? why : "network error");
    else
        gs_set_err(err, "shard '%s' (%s line %u) cannot be opened: %s", line, stub, lineno,
                   why ? why : xapc_status_to_string(st));
}

/* Open every line of the stub into one database.  With partial, a line
 * that does not open is left out and named in s->missing; else the first
 * one fails the open, *err naming it.  XAPC_INVALID_ARGUMENT: a line we do
 * not read (the caller lets Xapian open the stub instead). */
static xapc_status_t open_stub(gs_searcher_t *s, const char *stub, const char *base, int partial,
                               char **err)
{
    FILE *f = fopen(stub, "r");
    if (!f)
        return XAPC_NOT_FOUND;
    xapc_db_t *all = NULL;
    xapc_status_t st = xapc_db_new_empty(&all);
    char line[4096];
    unsigned lineno = 0, opened = 0;
    strlist_t missing = {0};
    while (st == XAPC_OK && fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = 0;
        if (!line[strspn(line, " \t")] || line[strspn(line, " \t")] == '#')
            continue;
        xapc_db_t *one = NULL;
        char *xerr = NULL;
        xapc_status_t ls = open_line(line, base, &one, &xerr);
        if (ls == XAPC_OK) {
            st = xapc_db_add(all, one);
            opened++;
        } else if (ls == XAPC_INVALID_ARGUMENT || ls == XAPC_NO_MEMORY) {
            st = ls;
        } else if (partial) {
            gs_strlist_add(&missing, line, strlen(line));
        } else {
            shard_error(err, line, stub, lineno, ls, xerr);
            st = ls;
        }
        free(xerr);
        xapc_db_destroy(one);  /* `all` shares what it needs */
    }
    fclose(f);
    if (st == XAPC_OK && !opened) {
        gs_set_err(err, "no shard of %s answered (%zu missing)", stub, missing.n);
        st = XAPC_NETWORK;
    }
    if (st != XAPC_OK) {
        xapc_db_destroy(all);
        gs_strlist_free(&missing);
        return st;
    }
    xapc_db_destroy(s->db);
    s->db = all;
    gs_strlist_free(&s->missing);
    s->missing = missing;
    return XAPC_OK;
}

xapc_status_t gs_searcher_open_db(gs_searcher_t *s, char **err)
{
    char *base = NULL, *stub = stub_of(s->path, &base);
    xapc_status_t st = XAPC_INVALID_ARGUMENT;
    if (stub)
        st = open_stub(s, stub, base, policy == GS_SHARD_FAIL_PARTIAL, err);
    if (st == XAPC_INVALID_ARGUMENT) {  /* not a stub, or one of lines we do not read */
        xapc_db_destroy(s->db);
        s->db = NULL;
        st = xapc_db_open(s->path, &s->db, err);
    }
    /* The local spelling database beside a stub (see the top). */
    if (st == XAPC_OK && base && !s->spell) {
        char *sp = gs_strdupf("%s/" GS_SPELLING_DB, base);
        if (sp && exists(sp, "iamglass") && xapc_db_open(sp, &s->spell, NULL) != XAPC_OK)
            s->spell = NULL;
        free(sp);
    }
    free(stub);
    free(base);
    return st;
}

int gs_searcher_reconnect(gs_searcher_t *s, char **why)
{
    char *base = NULL, *stub = stub_of(s->path, &base);
    int rc = -1;
    if (stub) {
        /* Which shard is it?  Each line is opened again: with partial the
         * ones that do not answer are left out (run again on the rest),
         * else the first one fails the open and is named.  When all of
         * them answer again, the operation simply runs again. */
        char *err = NULL;
        if (open_stub(s, stub, base, policy == GS_SHARD_FAIL_PARTIAL, &err) == XAPC_OK)
            rc = 0;
        else
            gs_set_err(why, "%s", err ? err : "a shard did not answer");
        free(err);
    }
    free(stub);
    free(base);
    return rc;
}

void gs_searcher_note_missing(gs_searcher_t *s, strlist_t *notes)
{
    if (!s->missing.n)
        return;
    gs_buf_t b = GS_BUF_INIT;
    gs_buf_printf(&b, "partial result: %zu shard%s did not answer within %u ms and %s left out (",
                  s->missing.n, s->missing.n == 1 ? "" : "s", timeout_ms,
                  s->missing.n == 1 ? "was" : "were");
    for (size_t i = 0; i < s->missing.n; i++)
        gs_buf_printf(&b, "%s%s", i ? ", " : "", s->missing.v[i]);
    gs_buf_printf(&b, ")");
    if (!gs_buf_failed(&b))
        gs_strlist_add(notes, b.s, b.len);
    gs_buf_free(&b);
}

size_t gs_results_nmissing(const gs_results_t *r)
{
    return r->s ? r->s->missing.n : 0;
}

const char *gs_results_missing(const gs_results_t *r, size_t i)
{
    return r->s && i < r->s->missing.n ? r->s->missing.v[i] : NULL;
}

void gs_results_partial_json(const gs_results_t *r, json_t *o)
{
    size_t n = gs_results_nmissing(r);
    if (!n)
        return;
    json_t *miss = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(miss, json_string(gs_results_missing(r, i)));
    json_object_set_new(o, "partial", json_true());
    json_object_set_new(o, "missing_shards", miss);
}
