/* draft_input.h - what `similar --file` / stdin was given: an application in
 * one of the record forms, or plain prose.
 *
 * Its own file because it is the one place in searcher/ that reads input
 * forms (corpus/reader.h) rather than the index. */
#ifndef GS_DRAFT_INPUT_H
#define GS_DRAFT_INPUT_H

#include <stddef.h>

#include "corpus/record.h"

/* If text[0..len) is an application record -- a JSON object (JSONL line), a
 * scraped page with its headings or status line, or the archive CSV with its
 * header row -- return it (caller frees with gs_record_free); NULL when it
 * is plain text (or nothing usable: then use it as prose).  `name` names the
 * input in the stable id of a page without a number. */
gs_record_t *gs_draft_as_record(const char *text, size_t len, const char *name);

#endif
