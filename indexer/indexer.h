/* indexer.h - records in, Xapian documents out (layout: schema/schema.h).
 *
 *   gs_index_options_t o;  gs_index_options_init(&o);  o.db_path = "x.db";
 *   gs_index_result_t res; char *err = NULL;
 *   int rc = gs_index_paths(&o, paths, n, &res, &err);   // 0 ok, -1 see err
 *
 * One writer at a time: every function that writes takes the writers' lock
 * on DB (then Xapian's) and writes DB/writer.pid, so a second writer is told
 * who holds it.  Only the lock holder repairs what a killed writer left
 * (dir.c); readers (stats) change nothing.  grantsearch writes only its own
 * files inside DB: a directory holding anything else is refused.  Errors: -1 and a malloc'd message in
 * *err (caller frees; err may be NULL).
 */
#ifndef GS_INDEXER_H
#define GS_INDEXER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "corpus/reader.h"
#include "corpus/record.h"
#include "toolkit/status.h"
#include "xapian-c/xapc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- one record -> one document (document.c) ----------------------------- */

#include "stemming/analyzer.h"

#include "schema/schema.h"
#include "schema/phrases.h"

/* The indexed text fields: gs_schema_fields[0..GS_INDEX_NFIELDS) (schema.h). */
enum { GS_INDEX_NFIELDS = GS_SCHEMA_NFIELDS };

typedef struct {
    xapc_doc_t *doc;            /* owned: destroy with gs_built_doc_clear */
    char *idterm;               /* "Q" + id, malloc'd */
    size_t idterm_len;
    uint32_t fieldlen[GS_INDEX_NFIELDS]; /* words per field (stop words excluded) */
    char *spell;                /* spelling words, each NUL-terminated, back to back */
    size_t spell_len;           /* bytes in spell */
    char *lemtab;               /* lemma table entries (schema.h GS_META_LEMMA):
                                 * key NUL, value length (4 bytes), value */
    size_t lemtab_len;          /* bytes in lemtab */
    size_t est_bytes;           /* rough memory the document costs the writer */
} gs_built_doc_t;

/* Build the document for r (not modified).  with_spelling: collect the
 * folded title and goal words for the spelling table.  phrases: the index's
 * posted phrases (schema/phrases.h; NULL: none), each posted where r holds
 * it.  0 ok; -1 with a static reason in *why (record without id, out of
 * memory, Xapian error). */
int gs_build_document(gs_analyzer_t *an, const gs_record_t *r, int with_spelling,
                      const gs_phrases_t *phrases, gs_built_doc_t *out, const char **why);
void gs_built_doc_clear(gs_built_doc_t *b);

/* The field lengths a document carries in GS_SLOT_FIELDLEN ("n,n,...,n"). */
int gs_fieldlen_parse(const char *s, size_t len, uint32_t out[GS_INDEX_NFIELDS]);

/* ---- indexing many records (pipeline.c) ----------------------------------- */

/* Progress of a run, as gs_index_options_t.progress is told it. */
typedef struct {
    unsigned long done;          /* documents written so far */
    uint64_t bytes_read;         /* input bytes consumed (compressed size for .gz) */
    uint64_t bytes_total;        /* sizes of the regular files to read (0 = unknown) */
    double seconds;              /* since the run started */
    int final;                   /* the last report of the run */
} gs_index_progress_t;
typedef void (*gs_index_progress_fn)(void *ctx, const gs_index_progress_t *p);

typedef struct {
    const char *db_path;
    gs_format_t format;          /* GS_FORMAT_AUTO by default */
    unsigned threads;            /* analyzer threads; 0 = one per core */
    unsigned commit_every;       /* documents per commit; 0 = GS_INDEX_DEFAULT_COMMIT */
    size_t max_memory_mb;        /* commit early when a batch is estimated to
                                    need more; 0 = GS_INDEX_DEFAULT_MEMORY_MB */
    int spelling;                /* 1 (default): fill the spelling table */
    /* Where the run is, about twice a second and once at the end (NULL =
     * not asked); the caller draws it.  Never called at the same time as
     * diag, so a display can clear its line before a message. */
    gs_index_progress_fn progress;
    void *progress_ctx;
    int verbose;                 /* 1: a timing line at the end */
    int shards;                  /* 1 (default): a fresh build with 2+ threads
                                    writes one shard per thread and merges
                                    them by compaction; 0: one writer thread */
    unsigned nshards;            /* 0 (default): one database, unless DB is
                                    already sharded; N: DB is (or becomes) N
                                    shard databases and a stub naming them,
                                    each record in the shard its number's
                                    hash says (see README "Shards") */
    int shard_by_year;           /* 1: DB is (or becomes) one shard per year,
                                    DB/shard-YYYY and DB/shard-noyear */
    gs_diag_fn diag;             /* reader diagnostics (NULL = counted only) */
    void *diag_ctx;
    /* The phrases to post in a new index (schema/phrases.h: encodings, one
     * per line; NULL: none); an index that holds records keeps its own
     * (gs_writer_use_phrases), and a sharded one (nshards, shard_by_year)
     * posts none. */
    const char *phrases;
    /* The list in force, parsed: gs_index_paths sets it for the threads it
     * starts.  Callers leave it NULL. */
    const gs_phrases_t *phrase_set;
    /* Checked between records: when it becomes non-zero the run stops,
     * commits what it has written and returns with res->interrupted = 1. */
    volatile int *stop_flag;
} gs_index_options_t;

/* Small batches are much faster with glass: Xapian's in-memory postlist
 * maps grow per term with every buffered document, and merging big batches
 * costs more than it saves.  Measured on 20,000 generated records (182 MB):
 * one writer 73 s at 1000 vs 178 s at 20000; see bench/RESULTS.md. */
enum { GS_INDEX_DEFAULT_COMMIT = 1000, GS_INDEX_DEFAULT_MEMORY_MB = 1024 };

typedef struct {
    unsigned long indexed;       /* documents written (added or replaced) */
    unsigned long refused;       /* records the indexer refused (no id, ...) */
    unsigned long commits;
    gs_reader_stats_t reader;    /* the reader's counters at the end */
    char *reader_summary;        /* malloc'd copy of gs_reader_summary; free it */
    double seconds;
    int interrupted;
} gs_index_result_t;

void gs_index_options_init(gs_index_options_t *o);
/* Index every record of paths[0..n) ("-" = stdin).  Returns 0 when the index
 * was written (records may still have been skipped: see res), -1 on an index
 * error (*err says which).  res is always filled; free res->reader_summary. */
int gs_index_paths(const gs_index_options_t *o, const char *const *paths, size_t n,
                   gs_index_result_t *res, char **err);

/* ---- the writer (writer.c) ------------------------------------------------ */

typedef struct gs_writer gs_writer_t;

/* Open (creating if needed) for writing.  A held lock gives the message
 * "the index is being written by another process (pid N)"; a directory that
 * holds other files, or one this process cannot write, is refused. */
gs_writer_t *gs_writer_open(const char *db_path, int bulk, char **err);
xapc_wdb_t *gs_writer_wdb(gs_writer_t *w);
/* Add or replace one built document (takes care of the field-length totals). */
int gs_writer_put(gs_writer_t *w, const gs_built_doc_t *b, char **err);
/* Delete by id; *found = 1 if it was there. */
int gs_writer_delete(gs_writer_t *w, const char *id, int *found, char **err);
/* The posted phrases (schema/phrases.h) for the records w is to take: an
 * index that holds records keeps the list it was made with (none, if it
 * was made without one); an empty one takes `wanted` (encodings, one per
 * line; NULL or "": none), stored at the next commit.  *out: the list in
 * force, parsed and owned by w (NULL: none).  0, or -1 and *err when out
 * of memory. */
int gs_writer_use_phrases(gs_writer_t *w, const char *wanted, const gs_phrases_t **out,
                          char **err);
/* Commit: stores the totals, schema version and update time, then commits. */
int gs_writer_commit(gs_writer_t *w, char **err);
/* Running field-length totals and document count (sharded builds). */
void gs_writer_fieldlen(const gs_writer_t *w, uint64_t out[GS_INDEX_NFIELDS]);
uint32_t gs_writer_doccount(gs_writer_t *w);
/* Commit pending work (if commit) and close; removes the pid file. */
int gs_writer_close(gs_writer_t *w, int commit, char **err);

/* Delete the records with ids[0..n).  *missing (may be NULL) = how many were
 * not in the index.  0 ok, -1 index error. */
int gs_index_delete(const char *db_path, const char *const *ids, size_t n,
                    unsigned long *missing, char **err);

/* 0 if db_path may be indexed into: absent, empty, or an index; else -1 and
 * *err says what is in the way (the CLI checks this before indexing). */
int gs_index_check_target(const char *db_path, char **err);

/* ---- compaction and statistics (compact.c, stats.c) ----------------------- */

/* Compact DB in place: into DB/.grantsearch-new, then swapped in file by
 * file, crash-safe (dir.c).  Holds the write lock throughout.  GS_OK, or
 * GS_ENOMEM, GS_EINDEX (cannot take the lock, Xapian's compaction failed)
 * or GS_EIO (the swap) with *err saying what. */
gs_status_t gs_index_compact(const char *db_path, char **err);

typedef struct {
    uint32_t records;
    uint64_t terms;              /* distinct terms */
    uint64_t disk_bytes;         /* size of the database files */
    char updated[64];            /* GS_META_UPDATED, "" if unset */
    char schema[16];
    double avg_len[GS_INDEX_NFIELDS]; /* words per record, per field */
    double avg_doclen;           /* Xapian's average document length */
    unsigned nshards;            /* 0: one database; else the shards ... */
    uint32_t shard_records[64];  /* ... and the records in each */
    int shards_by_year;          /* 1: shard i holds the year shard_year[i] */
    int shard_year[64];          /* (0: the records without a year) */
} gs_index_stats_t;

/* GS_OK, or GS_ENOINDEX with *err when the index cannot be opened. */
gs_status_t gs_index_stats(const char *db_path, gs_index_stats_t *out, char **err);

/* Recursive size of a directory's regular files (used by stats and bench). */
uint64_t gs_index_disk_usage(const char *path);

#ifdef __cplusplus
}
#endif
#endif /* GS_INDEXER_H */
