/* writer.c - the one thread that writes to Xapian.
 *
 * Commit policy: all changes between two commits run inside a Xapian
 * transaction, so Xapian's own auto-flush (every XAPIAN_FLUSH_THRESHOLD
 * documents) never commits behind our back: a killed indexer leaves exactly
 * the documents of the last gs_writer_commit, nothing in between.
 *
 * Lock: the writers' own lock on DB (dir.c) is taken first, then Xapian's.
 * The holder records its pid in DB/writer.pid; a second writer reads it.
 * A stale file (writer killed) is harmless: it is only read when the lock is
 * really held, and the next writer overwrites it.
 *
 * Field-length totals (for `stats` averages) are kept as metadata
 * "fieldlen:NAME" and updated on every put/delete: each document carries its
 * own counts in GS_SLOT_FIELDLEN, so a replaced or deleted document's counts
 * can be subtracted.  They are written with every commit, so they always
 * match the committed documents.
 */
#include "indexer/internal.h"
#include "indexer/fcodes.h"
#include "schema/schema.h"
#include "indexer/phrases.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct gs_writer {
    xapc_wdb_t *wdb;
    char *path;
    char *pidfile;
    int lockfd;            /* the writers' lock on the directory (dir.c) */
    int nosync;            /* opened with DB_NO_SYNC: fsync everything at close */
    int scratch;           /* gs_writer_scratch: never fsync */
    int in_txn;
    int defer_spell;       /* gs_writer_defer_spelling */
    uint64_t fieldlen[GS_INDEX_NFIELDS];
    gs_fcw_t *fc;          /* the stored facet codes to rewrite (fcodes.h) */
    char *held_phrases;    /* an index with records: its GS_META_PHRASES ("" none) */
    char *old_phrases;     /* an empty index's list before (its keys go) */
    gs_phrases_t *phrases; /* gs_writer_use_phrases: the list in force */
    int phrases_stored;    /* ... is already the index's metadata (or none
                              is to be written: not asked) */
};

/* Distinct deferred spelling words that make a commit write them all
 * (about 100 bytes each in memory). */
enum { SPELL_PENDING_MAX = 1 << 18 };

static char *path_join(const char *a, const char *b)
{
    char *s = NULL;
    if (asprintf(&s, "%s%s", a, b) < 0)
        return NULL;
    return s;
}

static int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static const char *meta_name(int i)
{
    static char names[GS_INDEX_NFIELDS][64];
    if (!names[i][0])
        snprintf(names[i], sizeof names[i], "%s%s", GS_META_FIELD_LEN,
                 gs_field_name(gs_schema_fields[i].record));
    return names[i];
}

static int begin(gs_writer_t *w, char **err)
{
    if (xapc_wdb_begin_transaction(w->wdb, 1) != XAPC_OK) {
        gs_set_err(err, "%s: %s", w->path, xapc_wdb_last_error(w->wdb));
        return -1;
    }
    w->in_txn = 1;
    return 0;
}

gs_writer_t *gs_writer_open(const char *db, int bulk, char **err)
{
    return gs_writer_open_mode(db, bulk, 0, err);
}

gs_writer_t *gs_writer_open_mode(const char *db, int bulk, int must_exist, char **err)
{
    /* Names are computed once here, before any thread could race on them. */
    for (int i = 0; i < GS_INDEX_NFIELDS; i++)
        meta_name(i);
    gs_writer_t *w = calloc(1, sizeof *w);
    if (!w) {
        gs_set_err(err, "out of memory");
        return NULL;
    }
    w->lockfd = -1;
    w->phrases_stored = 1;  /* nothing to store until gs_writer_use_phrases */
    w->path = strdup(db);
    w->pidfile = path_join(db, "/writer.pid");
    if (!w->path || !w->pidfile) {
        gs_set_err(err, "out of memory");
        goto fail;
    }
    /* The lock first: only its holder may repair or change anything. */
    if ((w->lockfd = gs_dir_lock(db, must_exist, err)) < 0)
        goto fail;
    FILE *pf = fopen(w->pidfile, "w");
    if (pf) {
        fprintf(pf, "%ld\n", (long)getpid());
        fclose(pf);
    }
    char *probe = path_join(db, "/iamglass");
    int fresh = probe && !exists(probe);
    free(probe);
    int flags = XAPC_WDB_CREATE_OR_OPEN;
    /* A fresh bulk build needs no fsync per commit: a killed process still
     * leaves the last commit (Xapian's commit is ordered writes + rename, and
     * the page cache survives the process); only an OS crash could lose it,
     * and we fsync every file when the build ends. */
    if (bulk && fresh) {
        flags |= XAPC_WDB_NO_SYNC;
        w->nosync = 1;
    }
    /* A fresh scratch segment (segments.c) is read only by the merge
     * after its last commit, so its blocks may be updated in place
     * (DB_DANGEROUS): a commit then writes the changed leaves alone, not
     * a new copy of every block on their paths, and the file stays small. */
    if (bulk == GS_WRITER_SCRATCH && fresh)
        flags |= XAPC_WDB_DANGEROUS;
    char *xerr = NULL;
    xapc_status_t st = xapc_wdb_open(db, flags, &w->wdb, &xerr);
    /* Xapian 1.4 may hold its lock in a helper child process that outlives a
     * killed writer by a moment: retry for a while (3 s). */
    for (int tries = 0; st == XAPC_LOCKED && tries < 60; tries++) {
        free(xerr);
        xerr = NULL;
        usleep(50000);
        st = xapc_wdb_open(db, flags, &w->wdb, &xerr);
    }
    if (st == XAPC_LOCKED) {
        /* We hold the writers' lock, so this is not grantsearch. */
        gs_set_err(err, "%s: the index is locked by another program", db);
        free(xerr);
        goto fail;
    }
    if (st != XAPC_OK) {
        gs_set_err(err, "%s: cannot open the index for writing: %s", db,
                xerr ? xerr : xapc_status_to_string(st));
        free(xerr);
        goto fail;
    }
    /* Load the running totals (see the comment at the top). */
    xapc_db_t *rdb = NULL;
    if (!fresh && xapc_db_open(db, &rdb, NULL) == XAPC_OK) {
        /* Records of another layout cannot be mixed in (schema.h). */
        const char *sv;
        size_t slen;
        if (xapc_db_doccount(rdb) > 0 &&
            xapc_db_get_metadata(rdb, GS_META_SCHEMA, &sv, &slen) == XAPC_OK && slen > 0 &&
            !(slen == strlen(GS_SCHEMA_VERSION) && !memcmp(sv, GS_SCHEMA_VERSION, slen))) {
            gs_set_err(err,
                       "%s: the index was built with layout (schema) %.*s and this "
                       "grantsearch writes schema %s, so it cannot add to it: index the "
                       "sources into a new directory (the old index still searches)",
                       db, (int)(slen < 16 ? slen : 16), sv, GS_SCHEMA_VERSION);
            xapc_db_destroy(rdb);
            gs_writer_close(w, 0, NULL);
            return NULL;
        }
        const char *pv;
        size_t plen;
        char **keep = xapc_db_doccount(rdb) > 0 ? &w->held_phrases : &w->old_phrases;
        if (!(*keep = xapc_db_get_metadata(rdb, GS_META_PHRASES, &pv, &plen) == XAPC_OK
                          ? strndup(pv, plen)
                          : strdup(""))) {
            xapc_db_destroy(rdb);
            gs_set_err(err, "out of memory");
            gs_writer_close(w, 0, NULL);
            return NULL;
        }
        for (int i = 0; i < GS_INDEX_NFIELDS; i++) {
            const char *v;
            size_t len;
            if (xapc_db_get_metadata(rdb, meta_name(i), &v, &len) == XAPC_OK && len > 0 && len < 32) {
                char buf[32];
                memcpy(buf, v, len);
                buf[len] = 0;
                w->fieldlen[i] = strtoull(buf, NULL, 10);
            }
        }
    }
    w->fc = gs_fcw_open(rdb);  /* rdb NULL or stale codes: all written at the first commit */
    xapc_db_destroy(rdb);
    if (!w->fc)
        gs_set_err(err, "out of memory");
    if (!w->fc || begin(w, err) < 0) {
        gs_writer_close(w, 0, NULL);
        return NULL;
    }
    return w;
fail:
    xapc_wdb_destroy(w->wdb);
    if (w->lockfd >= 0) {
        unlink(w->pidfile);
        close(w->lockfd);
    }
    free(w->path);
    free(w->pidfile);
    free(w);
    return NULL;
}

xapc_wdb_t *gs_writer_wdb(gs_writer_t *w)
{
    return w->wdb;
}

/* Subtract the field lengths of the document now holding idterm, if any. */
static int forget_old(gs_writer_t *w, const char *idterm, size_t len, int *found)
{
    xapc_docid_t did = 0;
    *found = 0;
    xapc_status_t st = xapc_wdb_docid_for_term(w->wdb, idterm, len, &did);
    if (st == XAPC_NOT_FOUND || (st == XAPC_OK && did == 0))
        return 0;
    if (st != XAPC_OK)
        return -1;
    *found = 1;
    gs_fcw_touch(w->fc, did);
    xapc_doc_t *old = NULL;
    if (xapc_wdb_get_document(w->wdb, did, &old) != XAPC_OK)
        return 0;  /* gone meanwhile: nothing to subtract */
    const char *v;
    size_t vlen;
    uint32_t fl[GS_INDEX_NFIELDS];
    if (xapc_doc_get_value(old, GS_SLOT_FIELDLEN, &v, &vlen) == XAPC_OK &&
        gs_fieldlen_parse(v, vlen, fl) == 0)
        for (int i = 0; i < GS_INDEX_NFIELDS; i++)
            w->fieldlen[i] -= fl[i] <= w->fieldlen[i] ? fl[i] : w->fieldlen[i];
    xapc_doc_destroy(old);
    return 0;
}

/* internal.h.  A form another thread or an earlier batch wrote gets the
 * same value again: harmless. */
int gs_writer_put_lemma_table(gs_writer_t *w, const gs_built_doc_t *b, char **err)
{
    char key[128];  /* the analyzer looks up no form over 120 bytes */
    for (size_t off = 0; off < b->lemtab_len;) {
        const char *form = b->lemtab + off;
        size_t fl = strlen(form);
        uint32_t vlen;
        memcpy(&vlen, form + fl + 1, sizeof vlen);
        const char *v = form + fl + 1 + sizeof vlen;
        off += fl + 1 + sizeof vlen + vlen;
        if (!gs_schema_lemma_key(key, sizeof key, form, fl))
            continue;  /* longer than any key worth a lookup */
        if (xapc_wdb_set_metadata(w->wdb, key, v, vlen) != XAPC_OK) {
            gs_set_err(err, "%s: cannot write the lemma table: %s", w->path,
                       xapc_wdb_last_error(w->wdb));
            return -1;
        }
    }
    return 0;
}

int gs_writer_put(gs_writer_t *w, const gs_built_doc_t *b, char **err)
{
    int found;
    xapc_docid_t did = 0;
    if (forget_old(w, b->idterm, b->idterm_len, &found) < 0 ||
        xapc_wdb_replace_by_term(w->wdb, b->idterm, b->idterm_len, b->doc, &did) != XAPC_OK) {
        gs_set_err(err, "%s: cannot write record %s: %s", w->path, b->idterm + 1,
                xapc_wdb_last_error(w->wdb));
        return -1;
    }
    gs_fcw_touch(w->fc, did);
    for (int i = 0; i < GS_INDEX_NFIELDS; i++)
        w->fieldlen[i] += b->fieldlen[i];
    for (size_t off = 0; off < b->spell_len;) {
        size_t len = strlen(b->spell + off);
        if (xapc_wdb_add_spelling(w->wdb, b->spell + off, len, 1) != XAPC_OK) {
            gs_set_err(err, "%s: cannot add spelling data: %s", w->path, xapc_wdb_last_error(w->wdb));
            return -1;
        }
        off += len + 1;
    }
    return gs_writer_put_lemma_table(w, b, err);
}

int gs_writer_delete(gs_writer_t *w, const char *id, int *found, char **err)
{
    size_t len = strlen(id) + 1;
    char *term = malloc(len + 1);
    if (!term) {
        gs_set_err(err, "out of memory");
        return -1;
    }
    term[0] = 'Q';
    memcpy(term + 1, id, len);
    int rc = 0;
    if (forget_old(w, term, len, found) < 0 ||
        (*found && xapc_wdb_delete_by_term(w->wdb, term, len, NULL) != XAPC_OK)) {
        gs_set_err(err, "%s: cannot delete %s: %s", w->path, id, xapc_wdb_last_error(w->wdb));
        rc = -1;
    }
    free(term);
    return rc;
}

static int put_meta(gs_writer_t *w, const char *key, const char *val)
{
    return xapc_wdb_set_metadata(w->wdb, key, val, strlen(val)) == XAPC_OK ? 0 : -1;
}

/* The deferred spelling words go into the commit when it is the last one
 * or when they grow past SPELL_PENDING_MAX. */
static int flush_spelling(gs_writer_t *w, int final, char **err)
{
    if (!w->defer_spell || (!final && xapc_wdb_spelling_pending(w->wdb) < SPELL_PENDING_MAX))
        return 0;
    if (xapc_wdb_flush_spelling(w->wdb) != XAPC_OK) {
        gs_set_err(err, "%s: cannot add spelling data: %s", w->path, xapc_wdb_last_error(w->wdb));
        return -1;
    }
    return 0;
}

static int commit_now(gs_writer_t *w, int final, char **err)
{
    char buf[64];
    if (flush_spelling(w, final, err) < 0 ||
        (!w->scratch && gs_fcw_write(w->fc, w->wdb, w->path, err) < 0))
        return -1;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    int bad = put_meta(w, GS_META_SCHEMA, GS_SCHEMA_VERSION) | put_meta(w, GS_META_UPDATED, buf);
    if (!w->phrases_stored && !bad) {
        bad = gs_index_put_phrases(w->wdb, w->phrases, w->old_phrases) < 0;
        w->phrases_stored = !bad;
    }
    char fold[128];  /* the boosts document.c folds into the body (schema.h) */
    bad |= gs_schema_fold_spec(fold, sizeof fold) > 0 && put_meta(w, GS_META_FOLD, fold);
    for (int i = 0; i < GS_INDEX_NFIELDS; i++) {
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)w->fieldlen[i]);
        bad |= put_meta(w, meta_name(i), buf);
    }
    if (bad || (w->in_txn && xapc_wdb_commit_transaction(w->wdb) != XAPC_OK) ||
        (!w->in_txn && xapc_wdb_commit(w->wdb) != XAPC_OK)) {
        gs_set_err(err, "%s: commit failed: %s", w->path, xapc_wdb_last_error(w->wdb));
        w->in_txn = 0;
        return -1;
    }
    w->in_txn = 0;
    return 0;
}

int gs_writer_commit(gs_writer_t *w, char **err)
{
    if (commit_now(w, 0, err) < 0)
        return -1;
    return begin(w, err);
}

void gs_writer_defer_spelling(gs_writer_t *w)
{
    w->defer_spell = 1;
    xapc_wdb_defer_spelling(w->wdb);
}

void gs_writer_scratch(gs_writer_t *w)
{
    w->scratch = 1;
}

void gs_writer_detach(gs_writer_t *w)
{
    if (w->in_txn)
        xapc_wdb_cancel_transaction(w->wdb);
    w->in_txn = 0;
    xapc_wdb_destroy(w->wdb);
    w->wdb = NULL;
}

int gs_writer_close(gs_writer_t *w, int commit, char **err)
{
    if (!w)
        return 0;
    int rc = 0;
    if (!w->wdb)
        commit = 0;  /* detached */
    if (commit)
        rc = commit_now(w, 1, err);
    else if (w->in_txn)
        xapc_wdb_cancel_transaction(w->wdb);
    xapc_wdb_destroy(w->wdb);  /* nothing pending left: closes (and unlocks) */
    if (w->nosync && !w->scratch)
        gs_index_sync_tree(w->path);
    unlink(w->pidfile);
    if (w->lockfd >= 0)
        close(w->lockfd);  /* last: the pid file is gone before the next writer comes */
    gs_fcw_free(w->fc);
    gs_phrases_free(w->phrases);
    free(w->held_phrases);
    free(w->old_phrases);
    free(w->path);
    free(w->pidfile);
    free(w);
    return rc;
}

int gs_index_delete(const char *db, const char *const *ids, size_t n,
                    unsigned long *missing, char **err)
{
    unsigned ns = gs_dir_shard_count(db);
    if (ns)
        return gs_index_delete_sharded(db, ns, ids, n, missing, err);
    gs_writer_t *w = gs_writer_open_mode(db, 0, 1, err);
    if (!w)
        return -1;
    unsigned long miss = 0;
    for (size_t i = 0; i < n; i++) {
        int found = 0;
        if (gs_writer_delete(w, ids[i], &found, err) < 0) {
            gs_writer_close(w, 0, NULL);
            return -1;
        }
        miss += !found;
    }
    if (missing)
        *missing = miss;
    return gs_writer_close(w, 1, err);
}

void gs_writer_fieldlen(const gs_writer_t *w, uint64_t out[GS_INDEX_NFIELDS])
{
    memcpy(out, w->fieldlen, sizeof w->fieldlen);
}

int gs_writer_use_phrases(gs_writer_t *w, const char *wanted, const gs_phrases_t **out,
                          char **err)
{
    const char *list = w->held_phrases ? w->held_phrases : wanted;
    int oom = 0;
    gs_phrases_free(w->phrases);
    w->phrases = list && *list ? gs_phrases_parse(list, strlen(list), &oom) : NULL;
    /* An index that holds records has its list stored already. */
    w->phrases_stored = w->held_phrases != NULL;
    *out = w->phrases;
    if (oom)
        gs_set_err(err, "out of memory");
    return oom ? -1 : 0;
}

uint32_t gs_writer_doccount(gs_writer_t *w)
{
    return xapc_wdb_doccount(w->wdb);
}
