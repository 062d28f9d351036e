/* fuzz_reader.h - one libFuzzer body for the three readers: the input is
 * read as one in-memory file of the given form (gzip included), every
 * record is serialised and parsed back, and the summary built. */
#ifndef GS_FUZZ_READER_H
#define GS_FUZZ_READER_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/reader.h"

static inline void fuzz_diag(void *ctx, gs_diag_level_t level, const char *file, unsigned long line,
                      const char *reason)
{
    (void)ctx, (void)level, (void)file, (void)line;
    if (!reason || !*reason)
        abort();   /* every message must say something */
}

/* A record read (by a reader, or as a draft) has text, and its JSON (what
 * the index stores) reads back. */
static inline void fuzz_check_record(const gs_record_t *rec)
{
    if (!gs_record_has_text(rec))
        abort();
    char *j = gs_record_to_json(rec);
    if (j) {
        gs_record_t *back = gs_record_from_json(j, strlen(j), NULL);
        if (!back)
            abort();   /* our own output must read back */
        gs_record_free(back);
        free(j);
    }
}

static inline int fuzz_read(const uint8_t *data, size_t size, gs_format_t fmt, const char *name)
{
    gs_reader_t *r = gs_reader_open_memory(data, size, name, fmt, fuzz_diag, NULL);
    if (!r)
        return 0;
    gs_record_t *rec;
    while (gs_reader_next(r, &rec) == 1) {
        if (!rec->str[GS_ID])
            abort();   /* the indexer needs an id for every record */
        fuzz_check_record(rec);
        gs_record_free(rec);
    }
    (void)gs_reader_summary(r);
    gs_reader_close(r);
    return 0;
}

#endif
