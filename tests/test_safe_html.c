/* test_safe_html.c - safetext/safe_html.c: record text on the web page of
 * `grantsearch serve` is text, never markup, and nothing is lost. */
#include "safetext/safe_html.h"

#include "tests/check_util.h"
#include <stdlib.h>
#include <string.h>

/* s escaped for HTML, compared with want. */
static void expect(const char *s, size_t n, const char *want)
{
    char *got = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&got, &len);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(gs_safe_html_fwrite(f, s, n), 0);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_str_eq(got, want);
    free(got);
}
#define EXPECT(s, want) expect(s, strlen(s), want)

START_TEST(markup_is_text)
{
    EXPECT("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
    EXPECT("\"><img src=x onerror=alert(2)>",
           "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;");
    EXPECT("' onmouseover='x", "&#39; onmouseover=&#39;x");
    EXPECT("a & b &amp;", "a &amp; b &amp;amp;");
}
END_TEST

START_TEST(text_kept)
{
    /* Cyrillic, ё, €, an emoji, line breaks and tabs stay as they are. */
    EXPECT("Театр ёлка € 😀\nвторая\tстрока", "Театр ёлка € 😀\nвторая\tстрока");
    EXPECT("", "");
    expect(NULL, 0, "");
}
END_TEST

START_TEST(controls_shown)
{
    /* Terminal controls and bad bytes as safe_text shows them; a NUL
     * inside the length is shown, not an end. */
    EXPECT("a\033[2Jb", "a\\x1b[2Jb");
    EXPECT("\302\233<", "\\u009b&lt;");
    EXPECT("x\377<y", "x\\xff&lt;y");
    expect("a\0<b", 4, "a\\x00&lt;b");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("safe_html");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, markup_is_text);
    tcase_add_test(tc, text_kept);
    tcase_add_test(tc, controls_shown);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
