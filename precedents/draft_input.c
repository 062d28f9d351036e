/* draft_input.c - tell an application record from plain prose. */
#include "precedents/draft_input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corpus/reader.h"

/* Does the first line name at least two record columns, ';'-separated? */
static int csv_header(const char *s, size_t n)
{
    const char *nl = memchr(s, '\n', n);
    size_t len = nl ? (size_t)(nl - s) : n;
    if (!memchr(s, ';', len))
        return 0;
    int known = 0;
    const char *end = s + len;
    while (s < end) {
        const char *e = memchr(s, ';', (size_t)(end - s));
        size_t l = e ? (size_t)(e - s) : (size_t)(end - s);
        while (l && (*s == ' ' || *s == '"'))
            s++, l--;
        while (l && (s[l - 1] == ' ' || s[l - 1] == '"' || s[l - 1] == '\r'))
            l--;
        char name[64];
        if (l < sizeof name) {
            memcpy(name, s, l);
            name[l] = '\0';
            known += gs_field_by_name(name) >= 0;
        }
        s = e ? e + 1 : end;
    }
    return known >= 2;
}

/* The first record of a CSV held in memory: the reader reads files, so
 * the text goes through a temporary file. */
static gs_record_t *first_csv_record(const char *text, size_t len)
{
    char path[] = "/tmp/grantsearch-draft-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "w");
    gs_record_t *rec = NULL;
    if (f && fwrite(text, 1, len, f) == len && fclose(f) == 0) {
        const char *paths[1] = {path};
        gs_reader_t *r = gs_reader_open(paths, 1, GS_FORMAT_CSV, NULL, NULL);
        if (r && gs_reader_next(r, &rec) != 1)
            rec = NULL;
        gs_reader_close(r);
    } else if (f) {
        fclose(f);
    } else {
        close(fd);
    }
    unlink(path);
    return rec;
}

gs_record_t *gs_draft_as_record(const char *text, size_t len, const char *name)
{
    size_t k = 0;
    while (k < len && (text[k] == ' ' || text[k] == '\t' || text[k] == '\n' || text[k] == '\r'))
        k++;
    if (k == len)
        return NULL;
    gs_record_t *r = NULL;
    if (text[k] == '{') {
        const char *why = NULL;
        r = gs_record_from_json(text + k, len - k, &why);
    } else if (csv_header(text + k, len - k)) {
        r = first_csv_record(text + k, len - k);
    } else {
        r = gs_page_parse(text, len, name, NULL, NULL);
        /* Prose parses as a "page" too; a real page has a number, a status
         * line or its section headings. */
        if (r && !r->str[GS_NUMBER] && r->status == GS_OUTCOME_UNKNOWN && !r->str[GS_GOAL] &&
            !r->str[GS_TASKS] && !r->str[GS_SIGNIFICANCE]) {
            gs_record_free(r);
            r = NULL;
        }
    }
    if (r && !gs_record_has_text(r)) {
        gs_record_free(r);
        r = NULL;
    }
    return r;
}
