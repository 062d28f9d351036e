/* internal.h - what output.c and hits.c share: the one writer of a hit's
 * TSV cells, so that search, similar and batch write a column alike. */
#ifndef GS_OUTPUT_INTERNAL_H
#define GS_OUTPUT_INTERNAL_H

#include "searcher/searcher.h"

#include <stddef.h>
#include <stdio.h>

/* The columns a hit line can hold. */
typedef enum {
    GS_COL_RANK,    /* %u */
    GS_COL_NUMBER,  /* gs_hit_number */
    GS_COL_SCORE,   /* %.4f */
    GS_COL_STATUS,  /* winner, rejected ... */
    GS_COL_YEAR,    /* empty when unknown */
    GS_COL_REGION,
    GS_COL_TITLE
} gs_col_t;

/* h's cells cols[0..n), tab-separated (no tab before the first or after
 * the last), text escaped as TSV cells (GS_SAFE_CELL). */
void gs_out_tsv_cells(FILE *f, const gs_hit_t *h, const gs_col_t *cols, size_t n);

#endif /* GS_OUTPUT_INTERNAL_H */
