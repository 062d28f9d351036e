/* json_writer.h - JSON written piece by piece into a buffer, in exactly the
 * layout jansson's json_dumpf gives a whole tree (JSON_INDENT(2) or
 * JSON_COMPACT, keys in the order written), so that a large answer can copy
 * text that is already JSON (a stored record) instead of building a tree of
 * it: the bytes are those the tree would have been dumped as.
 *
 * Scalars and small subtrees still go through jansson (its escaping and
 * number formats); only the containers the caller opens are written here.
 */
#ifndef GS_OUTPUT_JSON_WRITER_H
#define GS_OUTPUT_JSON_WRITER_H

#include "toolkit/buf.h"

#include <jansson.h>
#include <stdio.h>

#define GS_JW_MAX_DEPTH 8

/* A writer; its buffer is the caller's (gs_jw_init), the rest is plain
 * state, nothing to free. */
typedef struct {
    gs_buf_t *b;
    int indent;                    /* 2, or 0 for compact */
    int depth;                     /* open containers */
    int count[GS_JW_MAX_DEPTH];    /* members written in each */
    char kind[GS_JW_MAX_DEPTH];    /* '{' or '[' */
    int failed;                    /* jansson refused a value or depth overflow */
} gs_jw_t;

/* compact: one line (JSON_COMPACT), else JSON_INDENT(2). */
void gs_jw_init(gs_jw_t *w, gs_buf_t *b, int compact);

/* Open an object or array ('{' or '['): as the next value (after gs_jw_key,
 * in an array, or at the top). */
void gs_jw_open(gs_jw_t *w, char bracket);
/* Close the innermost container ('}' or ']'). */
void gs_jw_close(gs_jw_t *w, char bracket);

/* The key of the next member of the open object (key: ASCII, no escapes). */
void gs_jw_key(gs_jw_t *w, const char *key);

/* Value v (taken; decref'd) as jansson dumps it at this depth.  NULL, as
 * json_object_set_new does with a value jansson could not make, leaves
 * the member out: call gs_jw_member instead of gs_jw_key + gs_jw_value for
 * that. */
void gs_jw_value(gs_jw_t *w, json_t *v);
/* key and v (taken) as one member; nothing when v is NULL. */
void gs_jw_member(gs_jw_t *w, const char *key, json_t *v);

/* Compact JSON text (what json_dumps with JSON_COMPACT wrote: a stored
 * record) as the next value, laid out as if jansson dumped the tree it
 * encodes at this depth. */
void gs_jw_raw(gs_jw_t *w, const char *json, size_t len);

/* Write the buffer to f as gs_safe_json_dumpf would (DEL and C1 controls
 * escaped).  0 ok, -1 on a write error or if the writer failed. */
int gs_jw_flush(gs_jw_t *w, FILE *f);

#endif
