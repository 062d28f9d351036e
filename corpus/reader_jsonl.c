/* reader_jsonl.c - JSON Lines: one application object per line.
 *
 * Each line is parsed on its own (json_loadb), so one bad line costs one
 * record.  A line over GS_MAX_RECORD is skipped without being held.
 */
#include <string.h>

#include "corpus/json_record.h"
#include "corpus/reader_impl.h"
#include "corpus/record_impl.h"

struct warn_ctx {
    gs_reader_t *r;
    const char *file;
    unsigned long line;
};

static void json_warn(void *vctx, const char *reason)
{
    struct warn_ctx *c = vctx;
    gs_reader_warn(c->r, c->file, c->line, "%s", reason);
}

int gs_jsonl_next(gs_reader_t *r, const char *file, gs_input_t *in, gs_record_t **out)
{
    for (;;) {
        char *line;
        size_t len;
        int rc = gs_input_getline(in, GS_MAX_RECORD, &line, &len);
        unsigned long lineno = gs_input_lineno(in);
        if (rc == 0)
            return 0;
        if (rc < 0) {
            gs_reader_skip(r, strstr(gs_input_error(in), "gzip") ? GS_SKIP_GZIP : GS_SKIP_OPEN,
                           file, lineno + 1, "%s; rest of file skipped", gs_input_error(in));
            return 0;
        }
        if (rc == 2) {
            gs_reader_skip(r, GS_SKIP_RECORD_SIZE, file, lineno,
                           "line of %zu bytes is larger than the 16 MiB limit", len);
            continue;
        }
        size_t k = 0;
        while (k < len && (line[k] == ' ' || line[k] == '\t'))
            k++;
        if (k == len)
            continue;   /* blank lines separate nothing; ignore them */
        if (gs_reader_check_text(r, file, lineno, line, len) < 0)
            continue;
        const char *why = NULL;
        unsigned secrets = 0;
        struct warn_ctx wc = {r, file, lineno};
        gs_record_t *rec = gs_record_from_json_ex(line, len, &why, json_warn, &wc, &secrets);
        if (!rec) {
            gs_skip_t s = GS_SKIP_JSON;
            if (why && strstr(why, "1 MiB"))
                s = GS_SKIP_FIELD_SIZE;
            else if (why && strstr(why, "NUL"))
                s = GS_SKIP_NUL;
            gs_reader_skip(r, s, file, lineno, "%s", why ? why : "bad JSON record");
            continue;
        }
        if ((rec = gs_reader_finish_record(r, rec, file, lineno, secrets))) {
            *out = rec;
            return 1;
        }
    }
}
