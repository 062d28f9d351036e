/* check_sketch.h - for Check tests that need a word sketch hash collision
 * (schema/sketch.h): a number whose hash under a record's seed equals a
 * term's, so that the record's sketch shows the term where it is not.
 * Header-only, like check_index.h. */
#ifndef GS_CHECK_SKETCH_H
#define GS_CHECK_SKETCH_H

#include "tests/check_util.h"
#include "schema/sketch.h"

#include <stdio.h>
#include <string.h>

/* A number (from 100000 on) whose sketch hash under the seed of the record
 * with id `id` equals term's; the test fails if none is found. */
static inline unsigned long check_colliding_number(const char *id, const char *term)
{
    char num[32];
    unsigned seed = gs_sketch_seed(id, strlen(id));
    uint16_t want = gs_sketch_hash(seed, term, strlen(term));
    for (unsigned long x = 100000; x < 100000 + (1ul << 24); x++) {
        snprintf(num, sizeof num, "%lu", x);
        if (gs_sketch_hash(seed, num, strlen(num)) == want)
            return x;
    }
    ck_abort_msg("no number collides with %s", term);
    return 0;
}

/* check_colliding_number for the record numbered i in these tests' ids,
 * "21-1-" and six digits. */
static inline unsigned long check_colliding_number_of(unsigned i, const char *term)
{
    char id[32];
    snprintf(id, sizeof id, "21-1-%06u", i);
    return check_colliding_number(id, term);
}

#endif /* GS_CHECK_SKETCH_H */
