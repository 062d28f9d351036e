/* hash.h - FNV-1a, 64-bit: the one hash of ids and texts that must be the
 * same in every build (shard routing, a pasted page's id), and of the
 * indexer's id table.  Not for anything an attacker may choose to collide
 * where that would cost more than a look-up. */
#ifndef GS_TOOLKIT_HASH_H
#define GS_TOOLKIT_HASH_H

#include <stddef.h>
#include <stdint.h>

#define GS_FNV64_INIT 1469598103934665603ULL

/* h continued over the n bytes at p (start with GS_FNV64_INIT). */
static inline uint64_t gs_fnv64(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 1099511628211ULL;
    return h;
}

#endif
