/* test_json_writer.c - output/json_writer.c writes, piece by piece, the
 * very bytes jansson's dump of the whole tree gives (JSON_INDENT(2) and
 * JSON_COMPACT): a search answer copies stored records into it, and
 * `search --format json` must not change by a byte. */
#include "output/json_writer.h"
#include "safetext/safe_text.h"

#include "tests/check_util.h"
#include <stdlib.h>
#include <string.h>

/* A record as the index stores it (compact), with every escape jansson
 * writes, an empty object and array, nesting and numbers. */
static const char stored[] =
    "{\"id\":\"1-2\",\"title\":\"q \\\" b \\\\ / \\u001B \\n \\t \xc2\x85 \x7f \xd1\x91\","
    "\"empty\":{},\"list\":[],\"nested\":{\"a\":[1,2.5,{\"b\":null}],\"c\":true},"
    "\"amount\":998532.5,\"year\":2021}";

/* The tree an answer holds: scalars, a jansson array and object, and the
 * record, at depth 3 as in "results". */
static json_t *tree(void)
{
    json_t *o = json_object();
    json_object_set_new(o, "query", json_string("дети \"x\""));
    json_object_set_new(o, "total", json_integer(12));
    json_object_set_new(o, "none", json_null());
    json_object_set_new(o, "notes", json_array());
    json_t *res = json_array();
    for (int i = 0; i < 2; i++) {
        json_t *x = json_object();
        json_object_set_new(x, "score", json_real(0.1 + i));
        json_object_set_new(x, "fields", json_loads(stored, 0, NULL));
        json_t *ex = json_array();
        json_array_append_new(ex, json_pack("{s:s,s:{s:i}}", "word", "a", "wdf", "text", 2));
        json_object_set_new(x, "explain", ex);
        json_array_append_new(res, x);
    }
    json_object_set_new(o, "results", res);
    json_object_set_new(o, "empty", json_array());
    json_object_set_new(o, "facets", json_pack("{s:{s:i,s:i}}", "year", "2019", 3, "2020", 1));
    return o;
}

/* The same tree through the writer, the record copied as text. */
static char *written(int compact)
{
    gs_buf_t b = GS_BUF_INIT;
    gs_jw_t w;
    gs_jw_init(&w, &b, compact);
    gs_jw_open(&w, '{');
    gs_jw_member(&w, "query", json_string("дети \"x\""));
    gs_jw_member(&w, "total", json_integer(12));
    gs_jw_member(&w, "dropped", NULL);   /* as json_object_set_new(o, k, NULL) */
    gs_jw_member(&w, "none", json_null());
    gs_jw_member(&w, "notes", json_array());
    gs_jw_key(&w, "results");
    gs_jw_open(&w, '[');
    for (int i = 0; i < 2; i++) {
        gs_jw_open(&w, '{');
        gs_jw_member(&w, "score", json_real(0.1 + i));
        gs_jw_key(&w, "fields");
        gs_jw_raw(&w, stored, strlen(stored));
        json_t *ex = json_array();
        json_array_append_new(ex, json_pack("{s:s,s:{s:i}}", "word", "a", "wdf", "text", 2));
        gs_jw_member(&w, "explain", ex);
        gs_jw_close(&w, '}');
    }
    gs_jw_close(&w, ']');
    gs_jw_key(&w, "empty");
    gs_jw_open(&w, '[');
    gs_jw_close(&w, ']');
    gs_jw_member(&w, "facets", json_pack("{s:{s:i,s:i}}", "year", "2019", 3, "2020", 1));
    gs_jw_close(&w, '}');
    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    ck_assert_int_eq(gs_jw_flush(&w, f), 0);
    fclose(f);
    gs_buf_free(&b);
    return mem;
}

static char *dumped(size_t flags)
{
    json_t *t = tree();
    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    ck_assert_int_eq(gs_safe_json_dumpf(t, f, flags | JSON_PRESERVE_ORDER), 0);
    fclose(f);
    json_decref(t);
    return mem;
}

START_TEST(indented_as_jansson)
{
    char *want = dumped(JSON_INDENT(2)), *got = written(0);
    ck_assert_str_eq(got, want);
    /* DEL and C1 escaped as gs_safe_json_dumpf does. */
    ck_assert_ptr_nonnull(strstr(got, "\\u0085 \\u007F"));
    free(want);
    free(got);
}
END_TEST

START_TEST(compact_as_jansson)
{
    char *want = dumped(JSON_COMPACT), *got = written(1);
    ck_assert_str_eq(got, want);
    free(want);
    free(got);
}
END_TEST

START_TEST(unbalanced_fails)
{
    gs_buf_t b = GS_BUF_INIT;
    gs_jw_t w;
    gs_jw_init(&w, &b, 0);
    gs_jw_open(&w, '{');
    FILE *f = fopen("/dev/null", "w");
    ck_assert_int_eq(gs_jw_flush(&w, f), -1);   /* still open */
    gs_jw_close(&w, '}');
    gs_jw_close(&w, '}');                        /* one too many */
    ck_assert_int_eq(gs_jw_flush(&w, f), -1);
    fclose(f);
    gs_buf_free(&b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("json_writer");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, indented_as_jansson);
    tcase_add_test(tc, compact_as_jansson);
    tcase_add_test(tc, unbalanced_fails);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
