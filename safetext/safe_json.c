/* safe_json.c - JSON output safe to show on a terminal (safe_text.h).
 * Apart from safe_text.c so that what links only that needs no jansson. */
#include "safetext/safe_text.h"

/* jansson hands its output over in pieces; a C1 control's two bytes may
 * straddle two of them, hence `pending` (a 0xC2 not yet written). */
typedef struct {
    FILE *f;
    int pending;
} json_out_t;

/* Writes buf's bytes, runs of ordinary bytes with one fwrite each (a
 * whole search answer is ~100 KB: a call per byte was a tenth of serve's
 * time), DEL and C1 controls as \u escapes. */
static int json_put(const char *buf, size_t n, void *data)
{
    json_out_t *o = data;
    static const char hex[] = "0123456789ABCDEF";  /* as jansson writes \u001B */
    const unsigned char *u = (const unsigned char *)buf;
    size_t run = 0;   /* start of the bytes not yet written */
    for (size_t i = 0; i < n; i++) {
        if (o->pending) {
            o->pending = 0;
            if (u[i] >= 0x80 && u[i] < 0xA0) {
                fprintf(o->f, "\\u00%c%c", hex[u[i] >> 4], hex[u[i] & 15]);
                run = i + 1;
                continue;
            }
            fputc(0xC2, o->f);
        }
        if (u[i] != 0xC2 && u[i] != 0x7F)
            continue;
        fwrite(buf + run, 1, i - run, o->f);
        run = i + 1;
        if (u[i] == 0xC2)
            o->pending = 1;
        else
            fputs("\\u007F", o->f);   /* only inside strings: JSON's syntax is ASCII */
    }
    fwrite(buf + run, 1, n - run, o->f);
    return ferror(o->f) ? -1 : 0;
}

int gs_safe_json_write(FILE *f, const char *s, size_t n)
{
    json_out_t o = {f, 0};
    json_put(s, n, &o);
    if (o.pending)
        fputc(0xC2, f);
    return ferror(f) ? -1 : 0;
}

int gs_safe_json_dumpf(const json_t *j, FILE *f, size_t flags)
{
    json_out_t o = {f, 0};
    int rc = json_dump_callback(j, json_put, &o, flags);
    if (o.pending)
        fputc(0xC2, f);
    return rc < 0 || ferror(f) ? -1 : 0;
}
