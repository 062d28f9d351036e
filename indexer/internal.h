/* internal.h - helpers the indexer's own files share (util.c); not part of
 * the indexer's API, so nothing outside indexer/ includes it. */
#ifndef GS_INDEXER_INTERNAL_H
#define GS_INDEXER_INTERNAL_H

#include <stdio.h>
#include "indexer/indexer.h"
#include "toolkit/clock.h"
#include "toolkit/error.h"


/* fsync every file and directory under PATH (after a build without sync). */
void gs_index_sync_tree(const char *path);

/* rm -r PATH (the scratch directories in DB); 0 also when it is absent. */
int gs_index_rmtree(const char *path);

/* Tell o->progress (if set) where the run is: done documents, the reader's
 * byte counts, the time since t0.  The caller serialises it with the
 * diagnostics. */
void gs_index_report_progress(const gs_index_options_t *o, const gs_reader_stats_t *rs,
                              unsigned long done, double t0, int final);

/* The sharded fresh build (shards.c); called by gs_index_paths with the
 * main database's writer `w` (held for its lock, empty, closed here). */
int gs_index_sharded(const gs_index_options_t *o, gs_writer_t *w, unsigned threads,
                     const char *const *paths, size_t n, gs_index_result_t *res, char **err);

/* ---- the index directory (dir.c) ---------------------------------------- */

/* Scratch inside DB, ours: the merged or compacted database before the swap,
 * and a fresh build's shards.  GS_SWAP_SUFFIX: a file being linked in. */
#define GS_DIR_NEW ".grantsearch-new"
#define GS_DIR_SHARDS ".grantsearch-shards"
#define GS_SWAP_SUFFIX ".gs-swap"

/* 1 if a file of this name in DB is one grantsearch or Xapian makes. */
int gs_dir_own_name(const char *name);
/* 1 if DB holds an index (also one killed half-way through a swap). */
int gs_dir_has_index(const char *db);
/* 0 if DB may become or is an index: absent, an empty directory, a
 * directory of only our names, or an index; else -1 and *err names what is
 * in the way (a file, the user's other files). */
int gs_dir_check_target(const char *db, char **err);
/* The pid in DB/writer.pid, 0 if none. */
long gs_dir_writer_pid(const char *db);
/* For a writer: check DB (must_exist: an index must be there; else it is
 * created if absent), that it is writable, take the writers' lock, then
 * repair what a killed writer left.  The lock's fd (close it to release),
 * or -1 and *err ("being written by another process (pid N)", "not
 * writable (PATH: reason)", ...). */
int gs_dir_lock(const char *db, int must_exist, char **err);
/* Put the complete database in DB/GS_DIR_NEW in place of DB's own files,
 * crash-safe (see dir.c).  The caller holds the lock and has closed its
 * Xapian handle on DB. */
int gs_dir_swap_in(const char *db, char **err);
/* Write text (len bytes) as db's stub DB/XAPIANDB: to XAPIANDB.tmp, synced,
 * then renamed over it, so a reader sees the old stub or the whole new one.
 * 0, or -1 with *err set (what names the stub in the message). */
int gs_dir_write_stub(const char *db, const char *text, size_t len, const char *what, char **err);

/* gs_writer_open's bulk for a fresh scratch segment (segments.c): as bulk
 * (1), and its blocks are updated in place; nobody may read it before its
 * last commit, and a failed batch cannot be cancelled (it is thrown away). */
enum { GS_WRITER_SCRATCH = 2 };

/* Open a writer: must_exist as gs_dir_lock. */
gs_writer_t *gs_writer_open_mode(const char *db_path, int bulk, int must_exist, char **err);
/* For a scratch shard, read only after its last commit: the spelling words
 * are summed in memory and written by the last commit (or by a commit once
 * they are many), so Xapian rewrites each spelling entry once instead of at
 * every commit (indexing CPU, see bench/RESULTS.md). */
void gs_writer_defer_spelling(gs_writer_t *w);
/* For a scratch shard, deleted once merged: no fsync at close.  Its pages
 * are read back from the page cache by the merge, which syncs what it
 * writes; waiting for the scratch to reach the disk only idled both cores
 * before the merge (the fsync of gs_writer_open's bulk mode is for an
 * index that stays). */
void gs_writer_scratch(gs_writer_t *w);
/* Close the Xapian handle (pending changes dropped) but keep the lock, so
 * the database can be swapped; gs_writer_close still releases the rest. */
void gs_writer_detach(gs_writer_t *w);

/* ---- a shard thread's segments (segments.c) ----------------------------- */

/* A shard thread's database as a run of segments: base, then base.1,
 * base.2 ... (gs_segment_path), a new one after every per_segment records
 * (0: base only, never rotated), so that commits work on small trees; the
 * merge compacts them in order, which gives each record the docid it would
 * have in one database.  scratch / defer_spell: gs_writer_scratch and
 * gs_writer_defer_spelling on every segment.  NULL and *err on failure. */
typedef struct gs_segments gs_segments_t;
gs_segments_t *gs_segments_open(const char *base, unsigned long per_segment, int scratch,
                                int defer_spell, char **err);
/* Write b: in place of its first copy if an earlier segment holds it (as
 * Xapian's replace_document would), else to the current segment. */
int gs_segments_put(gs_segments_t *sg, const gs_built_doc_t *b, char **err);
/* Commit the current segment; it is closed once it holds per_segment
 * records, and the next put starts the next one. */
int gs_segments_commit(gs_segments_t *sg, char **err);
/* The current segment's writer (NULL between segments); for a delete,
 * which only an unrotated run (per_segment 0) sends. */
gs_writer_t *gs_segments_writer(gs_segments_t *sg);
/* Close (commit: the last segment committed), fieldlen (may be NULL): the
 * totals over all segments.  Frees sg (NULL is fine).  0, or -1 and *err. */
int gs_segments_close(gs_segments_t *sg, int commit, uint64_t fieldlen[GS_INDEX_NFIELDS],
                      char **err);
/* Segment k's path (malloc'd; NULL out of memory), and how many segments of
 * base exist on disk (at least 1: base). */
char *gs_segment_path(const char *base, unsigned k);
unsigned gs_segment_count(const char *base);

/* ---- persistent shards (sharded.c) -------------------------------------- */

/* A sharded index DB: DB/shard-00 ... DB/shard-NN, each a plain index (its
 * own lock), DB/spelling (the spelling table only, for "did you mean" over
 * any backend), and DB/XAPIANDB, the Xapian stub naming the shards, which
 * is what a reader opens. */
#define GS_SHARD_FMT "shard-%02u"
#define GS_SHARD_SPELLING "spelling"
enum { GS_SHARDS_MAX = 64 };

#define GS_SHARD_NOYEAR "shard-noyear"
/* shard-YYYY: the year shards of `index --shard-by year` (corpus/record.c
 * accepts years 1900-2200). */
enum { GS_SHARD_YEAR_MIN = 1900, GS_SHARD_YEAR_MAX = 2200 };

/* A sharded index's layout, as its stub names it. */
typedef struct {
    int by_year;                 /* 0: shard-NN by the number's hash; 1: shard-YYYY */
    unsigned n;                  /* shards (0: DB is not a sharded index of ours) */
    int year[GS_SHARDS_MAX];     /* by_year: shard i's year, 0 for shard-noyear */
} gs_shard_layout_t;

/* Read DB's stub into *out; its n (0 when DB is not a sharded index
 * grantsearch made: every line `auto shard-NN` in order, or every line
 * `auto shard-YYYY` / `auto shard-noyear`, each at most once). */
unsigned gs_dir_shard_layout(const char *db, gs_shard_layout_t *out);
/* 1 if name is one of a sharded index's own names (shard-NN, shard-YYYY,
 * shard-noyear, spelling), for dir.c. */
int gs_dir_shard_name(const char *name);

/* The shard that holds the record with this id (its unique term's text)
 * among n: FNV-1a (64-bit) of the id's bytes, mod n.  Stable across runs
 * and machines, so an update or a delete goes where the record is. */
unsigned gs_index_shard_of(const char *id, unsigned n);
/* How many shards DB's stub names (gs_dir_shard_layout's n). */
unsigned gs_dir_shard_count(const char *db);

/* The document's lemma table entries (gs_built_doc_t.lemtab) as metadata
 * GS_META_LEMMA + form (schema.h) in w's database; gs_writer_put does it,
 * the spelling sink of a sharded index too.  0, or -1 with *err. */
int gs_writer_put_lemma_table(gs_writer_t *w, const gs_built_doc_t *b, char **err);

/* Where the shard threads send the spelling words (one database, written
 * under its mutex), so that a sharded index has them in one local place. */
typedef struct gs_spell_sink gs_spell_sink_t;
int gs_spell_sink_put(gs_spell_sink_t *sink, const gs_built_doc_t *b);

/* The routing of `--shard-by year` (sharded.c): a record's shard by its
 * year, a new year's shard made on the way, and the shards that hold an
 * older copy of the record (another year), where it is deleted. */
typedef struct gs_year_router gs_year_router_t;
/* r's shard in *to (a new one: its path is gs_year_router_path), and in
 * old[0..*nold) the shards that hold a copy of id under another year.
 * 0, or -1 and *err (a shard that cannot be made or read). */
int gs_year_route(gs_year_router_t *rt, const gs_record_t *r, const char *id, unsigned *to,
                  unsigned old[GS_SHARDS_MAX], unsigned *nold, char **err);
const char *gs_year_router_path(const gs_year_router_t *rt, unsigned i);

/* The shard threads of shards.c: route each record of paths to
 * spaths[gs_index_shard_of(id, nshards)] (or, with rt, to the shard
 * gs_year_route says, deleting older copies first) and write it there.
 * With rt, spaths and nshards are unused.  scratch: the shards are merged
 * and deleted afterwards (gs_writer_scratch).  See shards.c. */
int gs_index_fill_shards(const gs_index_options_t *o, char *const *spaths, unsigned nshards,
                         gs_year_router_t *rt, int scratch,
                         gs_spell_sink_t *spell, const char *const *paths, size_t n,
                         gs_index_result_t *res, uint64_t (*fieldlen)[GS_INDEX_NFIELDS],
                         char **err);
/* gs_index_paths for a sharded DB (or a new one with o->nshards > 0). */
int gs_index_keep_shards(const gs_index_options_t *o, const char *const *paths, size_t n,
                         gs_index_result_t *res, char **err);
/* gs_index_compact for a sharded DB: each shard, and the spelling, in turn. */
gs_status_t gs_index_compact_sharded(const char *db, unsigned nshards, char **err);
/* Fill out->nshards, shard_records and the field averages from the shards
 * (metadata over a stub is the first shard's only).  0, or -1 and *err. */
int gs_index_shard_stats(const char *db, unsigned nshards, gs_index_stats_t *out, char **err);
/* gs_index_delete for a sharded DB: each id deleted from its shard. */
int gs_index_delete_sharded(const char *db, unsigned nshards, const char *const *ids,
                            size_t n, unsigned long *missing, char **err);

#endif /* GS_INDEXER_INTERNAL_H */
