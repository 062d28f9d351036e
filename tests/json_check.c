/* json_check.c - read JSON in the CLI tests, with jansson (a dependency
 * already), so that the tests need no Python.
 *
 *   json_check [-l] valid FILE        FILE is one JSON document (-l: every
 *                                     non-empty line is one: JSON Lines)
 *   json_check [-l] get FILE PATH...  print the value at each PATH, one a line
 *   json_check [-l] has FILE PATH...  exit 0 when every PATH exists
 *   json_check [-l] sum FILE PATH     the sum of the numbers at PATH
 *
 * -l may also follow the command.  FILE "-" is standard input.  A PATH is keys and array indexes joined by
 * '.': results.0.number; "*" stands for every element of an array (or value
 * of an object), "#" for the length of an array or object, "" or "." for
 * the whole document.  Strings print raw, numbers as JSON writes them,
 * true/false/null as words, arrays and objects as compact JSON.  With -l the
 * command runs on each line's document in turn.  Exit status: 0 ok, 1 a
 * PATH is missing or the JSON is invalid (said on stderr), 2 usage. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { CMD_VALID, CMD_GET, CMD_HAS, CMD_SUM } cmd_t;

/* Apply `path` (from segment seg on) to v: found leaves go to visit.
 * Returns the number of missing leaves. */
static int walk(json_t *v, char *path, void (*visit)(json_t *, void *), void *ctx)
{
    while (path && *path == '.')
        path++;
    if (!path || !*path) {
        visit(v, ctx);
        return 0;
    }
    char *dot = strchr(path, '.');
    size_t len = dot ? (size_t)(dot - path) : strlen(path);
    char seg[256];
    if (len >= sizeof seg)
        return 1;
    memcpy(seg, path, len);
    seg[len] = '\0';
    char *rest = dot ? dot + 1 : NULL;
    if (!strcmp(seg, "#")) {
        json_t *n = json_integer((json_int_t)(json_is_array(v) ? json_array_size(v)
                                              : json_is_object(v) ? json_object_size(v) : 0));
        int miss = json_is_array(v) || json_is_object(v) ? walk(n, rest, visit, ctx) : 1;
        json_decref(n);
        return miss;
    }
    if (!strcmp(seg, "*")) {
        int miss = 0;
        size_t i;
        const char *k;
        json_t *e;
        if (json_is_array(v))
            json_array_foreach(v, i, e) miss += walk(e, rest, visit, ctx);
        else if (json_is_object(v))
            json_object_foreach(v, k, e) miss += walk(e, rest, visit, ctx);
        else
            miss = 1;
        return miss;
    }
    json_t *next = NULL;
    if (json_is_object(v)) {
        next = json_object_get(v, seg);
    } else if (json_is_array(v)) {
        char *end;
        long i = strtol(seg, &end, 10);
        if (!*end && i >= 0)
            next = json_array_get(v, (size_t)i);
    }
    return next ? walk(next, rest, visit, ctx) : 1;
}

static void print_value(json_t *v, void *ctx)
{
    (void)ctx;
    if (json_is_string(v)) {
        fwrite(json_string_value(v), 1, json_string_length(v), stdout);
        putchar('\n');
    } else if (json_is_true(v) || json_is_false(v) || json_is_null(v)) {
        puts(json_is_true(v) ? "true" : json_is_false(v) ? "false" : "null");
    } else {
        json_dumpf(v, stdout, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER |
                                  JSON_REAL_PRECISION(10));
        putchar('\n');
    }
}

static void nothing(json_t *v, void *ctx)
{
    (void)v;
    (void)ctx;
}

static void add_number(json_t *v, void *ctx)
{
    *(double *)ctx += json_number_value(v);
}

/* Run cmd on one document; 0 ok, 1 something missing. */
static int run(cmd_t cmd, json_t *doc, char **paths, int npaths)
{
    int miss = 0;
    double sum = 0;
    for (int i = 0; i < npaths; i++) {
        char *p = strdup(paths[i]);
        int m = walk(doc, p, cmd == CMD_GET ? print_value : cmd == CMD_SUM ? add_number : nothing,
                     &sum);
        free(p);
        if (m)
            fprintf(stderr, "json_check: %s: not found\n", paths[i]);
        miss += m;
    }
    if (cmd == CMD_SUM)
        printf("%.10g\n", sum);
    return miss ? 1 : 0;
}

int main(int argc, char **argv)
{
    int lines = 0, a = 1;
    if (a < argc && !strcmp(argv[a], "-l")) {
        lines = 1;
        a++;
    }
    if (argc - a < 2) {
        fputs("usage: json_check [-l] valid|get|has|sum FILE [PATH...]\n", stderr);
        return 2;
    }
    const char *name = argv[a++];
    if (a < argc && !strcmp(argv[a], "-l")) {  /* also after the command */
        lines = 1;
        a++;
    }
    if (a >= argc) {
        fputs("usage: json_check [-l] valid|get|has|sum FILE [PATH...]\n", stderr);
        return 2;
    }
    const char *file = argv[a];
    cmd_t cmd = !strcmp(name, "valid") ? CMD_VALID
                : !strcmp(name, "get") ? CMD_GET
                : !strcmp(name, "has") ? CMD_HAS
                : !strcmp(name, "sum") ? CMD_SUM
                                       : (cmd_t)-1;
    if ((int)cmd < 0 || (cmd == CMD_SUM && argc - a != 2)) {
        fprintf(stderr, "json_check: bad command '%s'\n", name);
        return 2;
    }
    FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
    if (!f) {
        perror(file);
        return 1;
    }
    char **paths = argv + a + 1;
    int npaths = argc - a - 1, rc = 0;
    json_error_t e;
    if (!lines) {
        json_t *doc = json_loadf(f, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
        if (!doc) {
            fprintf(stderr, "json_check: %s:%d:%d: %s\n", file, e.line, e.column, e.text);
            rc = 1;
        } else {
            rc = run(cmd, doc, paths, npaths);
            json_decref(doc);
        }
    } else {
        char *line = NULL;
        size_t cap = 0;
        unsigned long no = 0;
        while (getline(&line, &cap, f) > 0) {
            no++;
            if (!line[strspn(line, " \t\r\n")])
                continue;
            json_t *doc = json_loads(line, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
            if (!doc) {
                fprintf(stderr, "json_check: %s:%lu: %s\n", file, no, e.text);
                rc = 1;
                continue;
            }
            rc |= run(cmd, doc, paths, npaths);
            json_decref(doc);
        }
        free(line);
    }
    if (f != stdin)
        fclose(f);
    return rc;
}
