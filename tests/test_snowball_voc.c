/* test_snowball_voc.c - the analyzer against Snowball's Russian reference.
 *
 * For every word of Debian's snowball-data vocabulary
 * (/usr/share/snowball/data/russian/voc.txt, 49,785 words) gs_analyze_word
 * must give the stem in output.txt.  We fold ё to е before stemming; the
 * reference stems as Snowball 2.x does (which maps ё to е itself), so the
 * expected stem is compared with its ё folded too.  Stop words still yield
 * their stem through gs_analyze_word, and the abbreviation list holds no
 * vocabulary word, so there are no exceptions: any mismatch fails.
 * Skipped (exit 77, with a message) where the package is not installed;
 * GS_SNOWBALL_DIR overrides the directory.
 */
#include "stemming/analyzer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_DIR "/usr/share/snowball/data/russian"
#define EXPECTED_WORDS 49785

/* ё (D1 91) and Ё (D0 81) -> е, in place; the reference output is lower case. */
static void fold_yo(char *s)
{
    for (unsigned char *p = (unsigned char *)s; *p; p++) {
        if ((p[0] == 0xD1 && p[1] == 0x91) || (p[0] == 0xD0 && p[1] == 0x81)) {
            p[0] = 0xD0;
            p[1] = 0xB5;
        }
    }
}

static void chomp(char *s)
{
    s[strcspn(s, "\r\n")] = '\0';
}

int main(void)
{
    const char *dir = getenv("GS_SNOWBALL_DIR");
    if (!dir || !*dir)
        dir = DEFAULT_DIR;
    char vpath[4096], opath[4096];
    snprintf(vpath, sizeof vpath, "%s/voc.txt", dir);
    snprintf(opath, sizeof opath, "%s/output.txt", dir);
    FILE *voc = fopen(vpath, "r"), *out = fopen(opath, "r");
    if (!voc || !out) {
        printf("SKIP: %s or %s not found (apt-get install snowball-data); "
               "the Snowball reference test did not run\n", vpath, opath);
        if (voc)
            fclose(voc);
        if (out)
            fclose(out);
        return 77;
    }
    gs_analyzer_t *an = gs_analyzer_new(0);
    if (!an) {
        fprintf(stderr, "out of memory\n");
        return 99;
    }
    char w[512], e[512], got[GS_ANALYZER_MAX_TERM + 1];
    long n = 0, bad = 0, line = 0;
    while (fgets(w, sizeof w, voc)) {
        line++;
        if (!fgets(e, sizeof e, out)) {
            fprintf(stderr, "%s: ends before line %ld of %s\n", opath, line, vpath);
            bad++;
            break;
        }
        chomp(w);
        chomp(e);
        fold_yo(e);
        gs_analyze_word(an, w, strlen(w), got, sizeof got);
        n++;
        if (strcmp(got, e) != 0) {
            if (bad < 50)
                fprintf(stderr, "%s:%ld: «%s» -> «%s», expected «%s»\n", vpath, line, w, got, e);
            bad++;
        }
    }
    fclose(voc);
    fclose(out);
    gs_analyzer_free(an);
    printf("snowball russian reference: %ld words, %ld mismatches\n", n, bad);
    if (n != EXPECTED_WORDS) {
        fprintf(stderr, "expected %d words in %s, read %ld\n", EXPECTED_WORDS, vpath, n);
        return 1;
    }
    return bad ? 1 : 0;
}
