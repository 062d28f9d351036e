/* test_safe_text.c - safetext/safe_text.c: what may reach a terminal or a
 * TSV cell, byte by byte, in each mode. */
#include "safetext/safe_text.h"

#include "tests/check_util.h"
#include <stdlib.h>
#include <string.h>

/* s made safe in mode, compared with want. */
static void expect(const char *s, gs_safe_mode_t mode, const char *want)
{
    char *got = gs_safe_strdup(s, mode);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, want);
    free(got);
}

START_TEST(utf8_passes_whole)
{
    /* Cyrillic, ё, a 3-byte and a 4-byte character stay as they are. */
    expect("Театр ёлка € 😀", GS_SAFE_LINE, "Театр ёлка € 😀");
    expect("Театр ёлка € 😀", GS_SAFE_CELL, "Театр ёлка € 😀");
}
END_TEST

START_TEST(c0_and_del_escaped)
{
    expect("a\033[31mb\033[0m", GS_SAFE_LINE, "a\\x1b[31mb\\x1b[0m");
    expect("\033]0;pwned\007", GS_SAFE_BLOCK, "\\x1b]0;pwned\\x07");
    expect("x\177y", GS_SAFE_CELL, "x\\x7fy");
    expect("\001\037", GS_SAFE_WORD, "\\x01\\x1f");
}
END_TEST

START_TEST(c1_escaped)
{
    /* U+009B (CSI) and U+0085 (NEL) as UTF-8; U+00A0 (no-break space) is fine. */
    expect("a\302\2332Jb", GS_SAFE_LINE, "a\\u009b2Jb");
    expect("\302\205", GS_SAFE_CELL, "\\u0085");
    expect("\302\240", GS_SAFE_LINE, "\302\240");
}
END_TEST

START_TEST(invalid_utf8_escaped)
{
    expect("a\377b", GS_SAFE_LINE, "a\\xffb");
    expect("\320", GS_SAFE_LINE, "\\xd0");              /* truncated at the end */
    expect("\320x", GS_SAFE_LINE, "\\xd0x");            /* bad continuation */
    expect("\300\200", GS_SAFE_LINE, "\\xc0\\x80");     /* overlong */
    expect("\355\240\200", GS_SAFE_LINE, "\\xed\\xa0\\x80"); /* a surrogate */
    expect("\364\220\200\200", GS_SAFE_LINE, "\\xf4\\x90\\x80\\x80"); /* > U+10FFFF */
}
END_TEST

START_TEST(blanks_by_mode)
{
    expect("a\tb\nc\r\nd", GS_SAFE_LINE, "a b c  d");
    expect("a\tb\nc\r\nd\re", GS_SAFE_BLOCK, "a\tb\nc\nd\\x0de");
    expect("a\tb\nc\r\\", GS_SAFE_CELL, "a\\tb\\nc\\r\\\\");
    expect("a b\tc", GS_SAFE_WORD, "a_b_c");
    expect("a\\b", GS_SAFE_LINE, "a\\b");   /* a backslash is escaped in cells only */
}
END_TEST

START_TEST(json_dump)
{
    /* jansson escapes C0 itself; DEL and C1 are escaped on the way out. */
    json_t *j = json_pack("{s:s}", "t", "a\033b\177c\302\233d ё");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(gs_safe_json_dumpf(j, f, JSON_COMPACT), 0);
    fclose(f);
    ck_assert_str_eq(buf, "{\"t\":\"a\\u001Bb\\u007Fc\\u009Bd ё\"}");
    json_t *back = json_loads(buf, 0, NULL);
    ck_assert_ptr_nonnull(back);
    ck_assert_str_eq(json_string_value(json_object_get(back, "t")), "a\033b\177c\302\233d ё");
    json_decref(back);
    json_decref(j);
    free(buf);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("safe_text");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, utf8_passes_whole);
    tcase_add_test(tc, c0_and_del_escaped);
    tcase_add_test(tc, c1_escaped);
    tcase_add_test(tc, invalid_utf8_escaped);
    tcase_add_test(tc, blanks_by_mode);
    tcase_add_test(tc, json_dump);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
