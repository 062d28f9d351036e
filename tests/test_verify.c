/* test_verify.c - the recheck (searcher/verify.c) against a brute force.
 *
 * 400 records of words drawn from a small vocabulary (so phrases have many
 * near misses: the words apart, reversed, in other fields, and one-byte
 * sketch hashes collide often), indexed with the real indexer.  For a few
 * hundred random queries - phrases with and without stop words, phrases in
 * a field, words of a long field, excluded phrases, phrases under OR, exact
 * forms (=form) alone, in a field, with a phrase or excluded - the whole
 * result set of the real searcher must equal the records a straightforward
 * scan of every analysed record finds.  Each runs on the index as built
 * (schema 4: form and pair terms), searched with and without a match
 * decider, and on the same index stripped to schema 3's layout (no form or
 * pair terms, metadata "3"), which must still answer exactly. */
#include "corpus/record.h"
#include "indexer/indexer.h"
#include "schema/schema.h"
#include "schema/sketch.h"
#include "searcher/searcher.h"
#include "stemming/analyzer.h"

#include "tests/check_index.h"
#include "tests/check_util.h"
#include "xapian-c/xapc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NREC = 400, NQUERY = 300 };

static const char *const vocab[] = {
    "развитие", "развития", "местных", "местного", "сообществ", "сообщества", "помощь",
    "помощи", "детям", "детей", "школе", "школа", "музей", "музея", "проект", "проекта",
    "поддержка", "семей", "инвалидов", "дети-инвалиды", "спорт", "туризм", "волонтёры",
    "волонтеров", "края", "район", "центр", "центра", "культуры", "экология", "по-новому",
    "новому", "по-другому", "другим",
    "в", "и", "с", "на", "для", "по", "не",
};
/* Surface forms =form queries look for: some in the records (in other
 * capitals too), one hyphenated, a part of one, one in no record. */
static const char *const form_words[] = {
    "развития", "Развитие", "МЕСТНЫХ", "сообщества", "детей", "дети-инвалиды", "инвалиды",
    "волонтёры", "волонтеры", "школе", "музея", "центр", "края", "экологии",
};
enum { NFORMS = sizeof form_words / sizeof form_words[0] };
enum { NVOCAB = sizeof vocab / sizeof vocab[0] };
static const char *const fields[] = {"title", "goal", "tasks", "description", "significance"};
enum { NF = 5 };

static unsigned long long rng = 88172645463325252ull;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static char *text[NREC][NF];

/* ---- the brute force: every record's tokens, by field ----------------- */

typedef struct {
    char term[64];
    char lemmas[128];  /* the token's lemmas (issue 16), each NUL-terminated */
    size_t lemmas_len;
    char form[64];
    uint32_t pos;
    unsigned flags;
} tok_t;

typedef struct {
    tok_t *v;
    size_t n, cap;
} toks_t;

static toks_t toks[NREC][NF];

static int collect(void *ctx, const gs_token_t *t)
{
    toks_t *ts = ctx;
    if (ts->n == ts->cap) {
        ts->cap = ts->cap ? 2 * ts->cap : 64;
        ts->v = realloc(ts->v, ts->cap * sizeof *ts->v);
        ck_assert_ptr_nonnull(ts->v);
    }
    ck_assert_uint_lt(t->term_len, 64);
    ck_assert_uint_lt(t->form_len, 64);
    memcpy(ts->v[ts->n].term, t->term, t->term_len);
    ts->v[ts->n].term[t->term_len] = 0;
    memcpy(ts->v[ts->n].form, t->form, t->form_len);
    ts->v[ts->n].form[t->form_len] = 0;
    ts->v[ts->n].pos = t->pos;
    ts->v[ts->n].flags = t->flags;
    ck_assert_uint_le(t->lemmas_len, sizeof ts->v[ts->n].lemmas);
    if (t->lemmas_len)
        memcpy(ts->v[ts->n].lemmas, t->lemmas, t->lemmas_len);
    ts->v[ts->n].lemmas_len = t->lemmas_len;
    ts->n++;
    return 0;
}

/* Does field f of record r hold the term at position pos (a hyphenated
 * whole does not count: phrases match its parts)? */
static int term_at(int r, int f, uint32_t pos, const char *term)
{
    const toks_t *ts = &toks[r][f];
    for (size_t i = 0; i < ts->n; i++)
        if (ts->v[i].pos == pos && !(ts->v[i].flags & GS_TOKEN_COMPOUND) &&
            !strcmp(ts->v[i].term, term))
            return 1;
    return 0;
}

/* terms[0..n) at consecutive positions in field f (-1: any field). */
static int has_phrase(int r, int f, char terms[][64], size_t n)
{
    for (int g = 0; g < NF; g++) {
        if (f >= 0 && g != f)
            continue;
        const toks_t *ts = &toks[r][g];
        for (size_t i = 0; i < ts->n; i++) {
            size_t j = 0;
            while (j < n && term_at(r, g, ts->v[i].pos + (uint32_t)j, terms[j]))
                j++;
            if (j == n)
                return 1;
        }
    }
    return 0;
}

static int has_lemma(int r, const char *lemma)
{
    for (int g = 0; g < NF; g++)
        for (size_t i = 0; i < toks[r][g].n; i++) {
            const tok_t *t = &toks[r][g].v[i];
            for (size_t o = 0; o < t->lemmas_len; o += strlen(t->lemmas + o) + 1)
                if (!strcmp(t->lemmas + o, lemma))
                    return 1;
        }
    return 0;
}

static gs_analyzer_t *AN;

/* A plain word (its term wt): its stem, or - issue 16 - through the lemmas
 * of an unambiguous word: a token whose lemmas hold one of them, or a
 * token whose term is one's stem. */
static int has_word(int r, const char *word, const char *wt)
{
    char one[1][64];
    snprintf(one[0], sizeof one[0], "%s", wt);
    if (has_phrase(r, -1, one, 1))
        return 1;
    const char *l;
    size_t len;
    unsigned readings;
    int n = gs_analyze_word_lemmas(AN, word, strlen(word), &l, &len, &readings);
    if (n <= 0 || readings > 1)
        return 0;
    char copy[256];
    ck_assert_uint_le(len, sizeof copy);
    memcpy(copy, l, len);
    for (size_t o = 0; o < len; o += strlen(copy + o) + 1) {
        if (has_lemma(r, copy + o))
            return 1;
        if (gs_analyze_word(AN, copy + o, strlen(copy + o), one[0], sizeof one[0]) &&
            has_phrase(r, -1, one, 1))
            return 1;
    }
    return 0;
}

/* Does field f of record r (-1: any) hold a word of this folded form (a
 * hyphenated word's whole and its parts count)? */
static int has_form(int r, int f, const char *form)
{
    for (int g = 0; g < NF; g++)
        for (size_t i = 0; (f < 0 || g == f) && i < toks[r][g].n; i++)
            if (!strcmp(toks[r][g].v[i].form, form))
                return 1;
    return 0;
}

/* ---- set up: records, index ------------------------------------------ */

static gs_searcher_t *S;
static int client; /* the recheck on the client (no match decider), as on remote shards */
static int old_layout; /* the index stripped to schema 3 (strip_to_schema3) */

/* Is this one of schema 4's exact-query terms (schema.h: XF, XP)? */
static int exact_term(const char *t, size_t len)
{
    size_t fl = strlen(GS_PREFIX_FORM), pl = strlen(GS_PREFIX_PAIR);
    return (len > fl && !memcmp(t, GS_PREFIX_FORM, fl)) ||
           (len > pl && !memcmp(t, GS_PREFIX_PAIR, pl));
}

/* Schema 4's form and pair terms left out (*ctx counts them); any other
 * term as it is. */
static long strip_exact_term(void *ctx, const check_term_t *v, size_t n, size_t i)
{
    (void)n;
    if (exact_term(v[i].t, v[i].len)) {
        ++*(int *)ctx;
        return -1;
    }
    return v[i].wdf;
}

/* Rewrite every document of the index at path as schema 3 wrote it: the
 * same terms (wdf kept), values and data, without the form and pair
 * terms, and the metadata saying schema 3.  What an index built before
 * issue 15 looks like to the searcher. */
static void strip_to_schema3(const char *path)
{
    int stripped = 0;
    const char *meta[] = {GS_META_SCHEMA, "3", NULL};
    rewrite_index(path, NREC, strip_exact_term, &stripped, meta);
    ck_assert_msg(stripped, "schema 4 indexes form and pair terms");
}

static void words(char *buf, size_t cap, unsigned n)
{
    size_t len = 0;
    buf[0] = 0;
    for (unsigned i = 0; i < n; i++) {
        const char *w = vocab[rnd(NVOCAB)];
        const char *sep = i == 0 ? "" : rnd(12) == 0 ? ", " : " ";
        len += (size_t)snprintf(buf + len, cap - len, "%s%s%s", sep,
                                i == 0 && rnd(3) == 0 ? "Ещё" : "", w);
        ck_assert_uint_lt(len, cap);
    }
}

static void setup(void)
{
    tmpdir_make("verify");
    FILE *f = fopen(tmpdir_path("recs.jsonl"), "w");
    ck_assert_ptr_nonnull(f);
    AN = gs_analyzer_new(0);
    gs_analyzer_set_lemmas(AN, 1);  /* the brute force sees what is indexed */
    for (int r = 0; r < NREC; r++) {
        fprintf(f, "{\"id\":\"V-%d\",\"number\":\"V-%d\"", r, r);
        for (int k = 0; k < NF; k++) {
            char buf[2048];
            words(buf, sizeof buf, k == 0 ? 3 + rnd(4) : 5 + rnd(k >= 3 ? 60 : 15));
            text[r][k] = strdup(buf);
            fprintf(f, ",\"%s\":\"%s\"", fields[k], buf);
            gs_analyze(AN, buf, strlen(buf), 1, collect, &toks[r][k], NULL);
        }
        fputs("}\n", f);
    }
    fclose(f);
    gs_index_options_t o;
    gs_index_options_init(&o);
    o.db_path = tmpdir_path("db");
    o.threads = 2;
    gs_index_result_t res;
    char *err = NULL;
    const char *paths[1] = {tmpdir_path("recs.jsonl")};
    ck_assert_int_eq(gs_index_paths(&o, paths, 1, &res, &err), 0);
    free(res.reader_summary);
    ck_assert_uint_eq(res.indexed, NREC);
    if (old_layout)
        strip_to_schema3(tmpdir_path("db"));
    gs_status_t st;
    S = gs_searcher_open(tmpdir_path("db"), &st, &err);
    /* The synonyms the CLI would use under make check (Makefile.am sets it). */
    ck_assert_ptr_nonnull(S);
    gs_searcher_set_synonyms(S, getenv("GRANTSEARCH_SYNONYMS"), NULL);
    gs_searcher_set_client_recheck(S, client);
}

/* The same index, searched as on Xapian's remote backend. */
static void setup_client(void)
{
    client = 1;
    old_layout = 0;
    setup();
}

/* The same records in an index of schema 3's layout. */
static void setup_schema3(void)
{
    client = 0;
    old_layout = 1;
    setup();
}

static void teardown(void)
{
    gs_searcher_close(S);
    gs_analyzer_free(AN);
    for (int r = 0; r < NREC; r++)
        for (int k = 0; k < NF; k++) {
            free(text[r][k]);
            free(toks[r][k].v);
            memset(&toks[r][k], 0, sizeof toks[r][k]);
        }
    tmpdir_remove();
}

/* The searcher's results for query from rank offset + 1, as a vector over
 * the records: hit[r] 1 for a record of the strict reading, 2 for one the
 * relaxed reading (relax) added after them.  Returns the number of hits. */
static uint32_t search_hits(const char *query, int relax, uint32_t offset, char hit[NREC])
{
    memset(hit, 0, NREC);
    gs_query_error_t qe;
    gs_query_t *q = gs_query_parse(S, query, &qe);
    ck_assert_msg(q != NULL, "%s: %s", query, qe.message);
    gs_search_opts_t o;
    gs_search_opts_init(&o);
    o.n = NREC + 10;
    o.offset = offset;
    o.relax = relax;
    o.spelling = 0;
    o.snippets = 0;
    gs_results_t *res = NULL;
    char *err = NULL;
    ck_assert_int_eq(gs_search(S, q, &o, &res, &err), GS_OK);
    uint32_t n = gs_results_size(res);
    for (uint32_t i = 0; i < n; i++) {
        const gs_hit_t *h = gs_results_hit(res, i);
        int r = atoi(h->rec->str[GS_NUMBER] + 2);
        ck_assert(r >= 0 && r < NREC);
        ck_assert_msg(!hit[r], "%s: record V-%d twice", query, r);
        hit[r] = h->relaxed ? 2 : 1;
    }
    gs_results_free(res);
    gs_query_free(q);
    return n;
}

/* The count of a search with facets: every match judged apart, by the
 * counting pass's walk (searcher/facets.c, verify.h gs_verify_walk_begin). */
static uint32_t facet_count(const char *query)
{
    gs_query_error_t qe;
    gs_query_t *q = gs_query_parse(S, query, &qe);
    ck_assert_msg(q != NULL, "%s: %s", query, qe.message);
    gs_search_opts_t o;
    gs_search_opts_init(&o);
    o.n = 1;
    o.relax = 0;
    o.spelling = 0;
    o.snippets = 0;
    o.facets = GS_FACET_YEAR;
    gs_results_t *res = NULL;
    char *err = NULL;
    ck_assert_int_eq(gs_search(S, q, &o, &res, &err), GS_OK);
    uint32_t n = gs_results_estimate(res);
    gs_results_free(res);
    gs_query_free(q);
    return n;
}

/* The searcher's whole result set (strict reading) as a 0/1 vector; the
 * count of the same search with facets must be its size. */
static void engine(const char *query, char hit[NREC])
{
    uint32_t n = search_hits(query, 0, 0, hit);
    uint32_t counted = facet_count(query);
    ck_assert_msg(counted == n, "%s: %u hits, counted with facets %u", query, n, counted);
}

/* With the relaxed reading (hit 2 for what it added), from rank offset + 1. */
static uint32_t engine_relaxed(const char *query, uint32_t offset, char hit[NREC])
{
    return search_hits(query, 1, offset, hit);
}

/* A random phrase of 2-3 consecutive words of some record (so it occurs),
 * or of random words (so it mostly does not): surface words and terms. */
static size_t pick_phrase(char *query, size_t cap, char terms[][64])
{
    unsigned n = 2 + rnd(2);
    const char *w[3];
    if (rnd(2)) {
        for (unsigned i = 0; i < n; i++)
            w[i] = vocab[rnd(NVOCAB)];
    } else {
        /* n words in a row from a record's text */
        const char *t = text[rnd(NREC)][rnd(NF)];
        char *copy = strdup(t), *save = NULL, *all[256];
        size_t k = 0;
        for (char *p = strtok_r(copy, " ,", &save); p && k < 256; p = strtok_r(NULL, " ,", &save))
            all[k++] = p;
        if (k < n) {
            free(copy);
            return pick_phrase(query, cap, terms);
        }
        size_t at = rnd((unsigned)(k - n + 1));
        static char keep[3][64];
        for (unsigned i = 0; i < n; i++) {
            snprintf(keep[i], sizeof keep[i], "%s", all[at + i]);
            w[i] = keep[i];
        }
        free(copy);
    }
    size_t len = 0, nt = 0;
    for (unsigned i = 0; i < n; i++) {
        len += (size_t)snprintf(query + len, cap - len, "%s%s", i ? " " : "", w[i]);
        /* The terms the phrase stands for: a hyphenated word is its parts. */
        toks_t ts = {0};
        gs_analyze(AN, w[i], strlen(w[i]), 1, collect, &ts, NULL);
        for (size_t j = 0; j < ts.n; j++)
            if (!(ts.v[j].flags & GS_TOKEN_COMPOUND))
                strcpy(terms[nt++], ts.v[j].term);
        free(ts.v);
    }
    return nt;
}

/* A vocabulary word that is neither a stop word nor hyphenated (a
 * hyphenated query word also matches its parts side by side). */
static const char *plain_word(void)
{
    for (;;) {
        const char *w = vocab[rnd(NVOCAB - 7)];
        if (!strchr(w, '-'))
            return w;
    }
}

static int only_stop_words(char terms[][64], size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!gs_is_stopword(terms[i], strlen(terms[i])))
            return 0;
    return 1;
}

START_TEST(phrases_match_brute_force)
{
    char hit[NREC];
    int nonempty = 0;
    for (int k = 0; k < NQUERY; k++) {
        char ph[256], ph2[256], query[700];
        char t1[8][64], t2[8][64];
        size_t n1 = pick_phrase(ph, sizeof ph, t1), n2 = pick_phrase(ph2, sizeof ph2, t2);
        if (only_stop_words(t1, n1) || only_stop_words(t2, n2))
            continue; /* nothing to search: a documented no-op */
        int f = rnd(NF), kind = k % 6;
        const char *word = plain_word();
        char wt[64];
        ck_assert_uint_gt(gs_analyze_word(AN, word, strlen(word), wt, sizeof wt), 0);
        switch (kind) {
        case 0:
            snprintf(query, sizeof query, "\"%s\"", ph);
            break;
        case 1:
            snprintf(query, sizeof query, "%s:\"%s\"", fields[f], ph);
            break;
        case 2:
            snprintf(query, sizeof query, "%s -\"%s\"", word, ph);
            break;
        case 3:
            snprintf(query, sizeof query, "\"%s\" OR \"%s\"", ph, ph2);
            break;
        case 4: /* the word's lemma match is Xapian's AND's: not rechecked */
            snprintf(query, sizeof query, "%s \"%s\"", word, ph);
            break;
        default: /* ... but it is under an OR: a hit may come from ph2 */
            snprintf(query, sizeof query, "(%s \"%s\") OR \"%s\"", word, ph, ph2);
            break;
        }
        engine(query, hit);
        int found = 0;
        for (int r = 0; r < NREC; r++) {
            int want;
            switch (kind) {
            case 0:
                want = has_phrase(r, -1, t1, n1);
                break;
            case 1:
                want = has_phrase(r, f, t1, n1);
                break;
            case 2:
                want = has_word(r, word, wt) && !has_phrase(r, -1, t1, n1);
                break;
            case 3:
                want = has_phrase(r, -1, t1, n1) || has_phrase(r, -1, t2, n2);
                break;
            case 4:
                want = has_word(r, word, wt) && has_phrase(r, -1, t1, n1);
                break;
            default:
                want = (has_word(r, word, wt) && has_phrase(r, -1, t1, n1)) ||
                       has_phrase(r, -1, t2, n2);
                break;
            }
            ck_assert_msg(hit[r] == want, "%s: record V-%d: engine %d, brute force %d", query,
                          r, hit[r], want);
            found += want;
        }
        nonempty += found > 0;
    }
    /* The test is only worth something if many queries find records. */
    ck_assert_int_gt(nonempty, NQUERY / 3);
}
END_TEST

/* Issue 15: a word and a phrase, relaxed: the strict reading's hits hold
 * both (the word's lemma match is Xapian's AND's, not rechecked there);
 * the relaxed reading adds, after them, every record holding either that
 * the strict reading did not (the strict formula, whole, excludes those
 * already shown: a record with the phrase but not the word is added). */
START_TEST(relaxed_word_and_phrase_match_brute_force)
{
    char hit[NREC];
    int added = 0;
    for (int k = 0; k < 60; k++) {
        char ph[256], query[400], t1[8][64];
        size_t n1 = pick_phrase(ph, sizeof ph, t1);
        if (only_stop_words(t1, n1))
            continue;
        const char *word = plain_word();
        char wt[64];
        ck_assert_uint_gt(gs_analyze_word(AN, word, strlen(word), wt, sizeof wt), 0);
        snprintf(query, sizeof query, "%s \"%s\"", word, ph);
        engine_relaxed(query, 0, hit);
        for (int r = 0; r < NREC; r++) {
            int w = has_word(r, word, wt), p = has_phrase(r, -1, t1, n1);
            int want = w && p ? 1 : w || p ? 2 : 0;
            ck_assert_msg(hit[r] == want, "%s: record V-%d: engine %d, brute force %d", query,
                          r, hit[r], want);
            added += want == 2 && p;
        }
    }
    /* Records with the phrase but not the word were among those added. */
    ck_assert_int_gt(added, 0);
}
END_TEST

/* A stop word's exact form finds nothing (never indexed), so «=и word»
 * has no strict hits and the relaxed reading lists every record holding
 * the word: also those holding «и», which a recheck formula true where the
 * form occurs dropped from both readings. */
START_TEST(stop_word_form_relaxed_keeps_every_word_record)
{
    char hit[NREC];
    for (int k = 0; k < 10; k++) {
        const char *word = plain_word();
        char query[128], wt[64];
        ck_assert_uint_gt(gs_analyze_word(AN, word, strlen(word), wt, sizeof wt), 0);
        snprintf(query, sizeof query, "=и %s", word);
        engine_relaxed(query, 0, hit);
        uint32_t want_n = 0;
        for (int r = 0; r < NREC; r++) {
            int want = has_word(r, word, wt) ? 2 : 0;
            ck_assert_msg(hit[r] == want, "%s: record V-%d: engine %d, brute force %d", query,
                          r, hit[r], want);
            want_n += want != 0;
        }
        /* The second page on (from rank 11: a block of ten of its own)
         * lists the same records but the first ten. */
        ck_assert_uint_gt(want_n, 10);
        uint32_t n = engine_relaxed(query, 10, hit);
        ck_assert_msg(n + 10 == want_n, "%s from rank 11: %u hits of %u", query, n, want_n);
        for (int r = 0; r < NREC; r++)
            ck_assert_msg(!hit[r] || has_word(r, word, wt), "%s: record V-%d", query, r);
    }
}
END_TEST

/* Issue 15: a hyphenated word with a stop part (по-новому), typed as a
 * word, alone or after a stop word, matches where its parts stand side by
 * side (the whole implies them), in any field: its pair terms, stop word
 * included, must not lose a record. */
START_TEST(stop_part_hyphenated_words_match_brute_force)
{
    static const char *const words[] = {"по-новому", "по-другому", "всё по-новому",
                                        "и по-другому"};
    char hit[NREC];
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        const char *w = strchr(words[k], ' ') ? strchr(words[k], ' ') + 1 : words[k];
        char terms[4][64];
        size_t n = 0;
        toks_t ts = {0};
        gs_analyze(AN, w, strlen(w), 1, collect, &ts, NULL);
        for (size_t j = 0; j < ts.n && n < 4; j++)
            if (!(ts.v[j].flags & GS_TOKEN_COMPOUND))
                strcpy(terms[n++], ts.v[j].term);
        free(ts.v);
        ck_assert_uint_eq(n, 2);
        engine(words[k], hit);
        int found = 0;
        for (int r = 0; r < NREC; r++) {
            int want = has_phrase(r, -1, terms, n);
            ck_assert_msg(hit[r] == want, "%s: record V-%d: engine %d, brute force %d",
                          words[k], r, hit[r], want);
            found += want;
        }
        ck_assert_int_gt(found, 0);
    }
}
END_TEST

START_TEST(long_field_words_match_brute_force)
{
    char hit[NREC];
    for (int k = 0; k < 60; k++) {
        const char *word = plain_word();
        int f = 2 + rnd(3); /* tasks, description, significance */
        char query[256], t[1][64];
        snprintf(query, sizeof query, "%s:%s", fields[f], word);
        ck_assert_uint_gt(gs_analyze_word(AN, word, strlen(word), t[0], sizeof t[0]), 0);
        engine(query, hit);
        for (int r = 0; r < NREC; r++) {
            /* A hyphenated word's whole counts here (it is one term). */
            int want = 0;
            for (size_t i = 0; i < toks[r][f].n; i++)
                want |= !strcmp(toks[r][f].v[i].term, t[0]);
            ck_assert_msg(hit[r] == want, "%s: record V-%d: engine %d, brute force %d", query,
                          r, hit[r], want);
        }
    }
}
END_TEST

/* =form: a word form, exactly (not another form of its stem), alone, in a
 * field, with a phrase, excluded, or OR'd with a phrase. */
START_TEST(forms_match_brute_force)
{
    char hit[NREC];
    int nonempty = 0;
    for (int k = 0; k < NQUERY / 2; k++) {
        const char *w = form_words[rnd(NFORMS)];
        char *fold = gs_schema_fold(w, strlen(w));
        ck_assert_ptr_nonnull(fold);
        char ph[256], query[700], t1[8][64];
        size_t n1 = pick_phrase(ph, sizeof ph, t1);
        int f = rnd(NF), kind = k % 5;
        if ((kind == 2 || kind == 4) && only_stop_words(t1, n1))
            kind = 0;
        switch (kind) {
        case 0:
            snprintf(query, sizeof query, "=%s", w);
            break;
        case 1:
            snprintf(query, sizeof query, "%s:=%s", fields[f], w);
            break;
        case 2:
            snprintf(query, sizeof query, "=%s \"%s\"", w, ph);
            break;
        case 3:
            snprintf(query, sizeof query, "проект -=%s", w);
            break;
        default: /* an alternative: no form term filter, decided on it */
            snprintf(query, sizeof query, "=%s OR \"%s\"", w, ph);
            break;
        }
        engine(query, hit);
        char pt[1][64];
        ck_assert_uint_gt(gs_analyze_word(AN, "проект", strlen("проект"), pt[0], sizeof pt[0]), 0);
        int found = 0;
        for (int r = 0; r < NREC; r++) {
            int want;
            switch (kind) {
            case 0:
                want = has_form(r, -1, fold);
                break;
            case 1:
                want = has_form(r, f, fold);
                break;
            case 2:
                want = has_form(r, -1, fold) && has_phrase(r, -1, t1, n1);
                break;
            case 3:
                want = has_phrase(r, -1, pt, 1) && !has_form(r, -1, fold);
                break;
            default:
                want = has_form(r, -1, fold) || has_phrase(r, -1, t1, n1);
                break;
            }
            ck_assert_msg(hit[r] == want, "%s: record V-%d: engine %d, brute force %d", query,
                          r, hit[r], want);
            found += want;
        }
        nonempty += found > 0;
        free(fold);
    }
    ck_assert_int_gt(nonempty, NQUERY / 8);
}
END_TEST

/* A record whose sketch lies: a number whose 16-bit hash (under the
 * record's seed) equals that of «дети» stands before «инвалиды», and «дети»
 * is elsewhere, so the words are all there and the sketch shows the phrase.
 * The page check must find it wrong, and the search must go on without it. */
START_TEST(a_sketch_collision_is_caught_on_the_page)
{
    char dt[64], num[32];
    ck_assert_uint_gt(gs_analyze_word(AN, "дети", strlen("дети"), dt, sizeof dt), 0);
    unsigned seed = gs_sketch_seed("X-1", 3);
    uint16_t want = gs_sketch_hash(seed, dt, strlen(dt));
    unsigned long x;
    for (x = 100000; x < 100000 + (1ul << 24); x++) {
        snprintf(num, sizeof num, "%lu", x);
        if (gs_sketch_hash(seed, num, strlen(num)) == want)
            break;
    }
    char term[64];
    ck_assert_uint_gt(gs_analyze_word(AN, num, strlen(num), term, sizeof term), 0);
    ck_assert_str_eq(term, num); /* numbers are indexed as they are */
    FILE *f = fopen(tmpdir_path("x.jsonl"), "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "{\"id\":\"X-1\",\"number\":\"X-1\",\"title\":\"Дети играют\","
               "\"description\":\"Отряд %s инвалиды\"}\n", num);
    fprintf(f, "{\"id\":\"X-2\",\"number\":\"X-2\",\"title\":\"Дети инвалиды\"}\n");
    fclose(f);
    gs_searcher_close(S);
    gs_index_options_t o;
    gs_index_options_init(&o);
    o.db_path = tmpdir_path("xdb");
    gs_index_result_t res;
    char *err = NULL;
    const char *paths[1] = {tmpdir_path("x.jsonl")};
    ck_assert_int_eq(gs_index_paths(&o, paths, 1, &res, &err), 0);
    free(res.reader_summary);
    gs_status_t st;
    S = gs_searcher_open(tmpdir_path("xdb"), &st, &err);
    ck_assert_ptr_nonnull(S);
    gs_searcher_set_synonyms(S, getenv("GRANTSEARCH_SYNONYMS"), NULL);
    gs_searcher_set_client_recheck(S, client);
    gs_query_error_t qe;
    gs_query_t *q = gs_query_parse(S, "\"дети инвалиды\"", &qe);
    ck_assert_ptr_nonnull(q);
    gs_search_opts_t so;
    gs_search_opts_init(&so);
    so.relax = 0;
    gs_results_t *r = NULL;
    ck_assert_int_eq(gs_search(S, q, &so, &r, &err), GS_OK);
    ck_assert_uint_eq(gs_results_size(r), 1);
    ck_assert_str_eq(gs_results_hit(r, 0)->rec->str[GS_NUMBER], "X-2");
    gs_results_free(r);
    /* A page that starts past the right hit is empty, not the wrong one. */
    so.offset = 1;
    ck_assert_int_eq(gs_search(S, q, &so, &r, &err), GS_OK);
    ck_assert_uint_eq(gs_results_size(r), 0);
    gs_results_free(r);
    gs_query_free(q);
}
END_TEST

/* The searcher reads the synonyms file its caller names and no environment;
 * an unreadable one is reported to the caller (the CLI warns), not printed. */
START_TEST(test_synonyms_path_from_caller)
{
    ck_assert_int_eq(gs_searcher_set_synonyms(S, NULL, NULL), 0);
    char *err = NULL;
    ck_assert_int_eq(gs_searcher_set_synonyms(S, tmpdir_path("no-such-synonyms.txt"), &err), -1);
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(strstr(err, "no-such-synonyms.txt"));
    ck_assert_ptr_nonnull(strstr(err, "No such file"));
    free(err);
    err = NULL;
    ck_assert_int_eq(gs_searcher_set_synonyms(S, getenv("GRANTSEARCH_SYNONYMS"), &err), 0);
    ck_assert_ptr_null(err);
}
END_TEST

/* A schema 3 index is said to be slower for =form and phrases, not to miss
 * words (it misses none). */
START_TEST(schema3_is_noted_as_slower)
{
    gs_query_error_t qe;
    gs_query_t *q = gs_query_parse(S, "=детей", &qe);
    ck_assert_ptr_nonnull(q);
    gs_search_opts_t so;
    gs_search_opts_init(&so);
    gs_results_t *r = NULL;
    char *err = NULL;
    ck_assert_int_eq(gs_search(S, q, &so, &r, &err), GS_OK);
    int noted = 0;
    for (size_t i = 0; i < gs_results_nnotes(r); i++)
        noted |= strstr(gs_results_note(r, i), "(schema 3, now " GS_SCHEMA_VERSION
                                                "): =form and phrases are searched more slowly") != NULL;
    ck_assert_msg(noted, "no note that a schema 3 index is slower");
    gs_results_free(r);
    gs_query_free(q);
}
END_TEST

/* The brute-force tests on an index searched with fixture `setup_fn`. */
static TCase *brute_force_case(const char *name, void (*setup_fn)(void))
{
    TCase *tc = tcase_create(name);
    tcase_set_timeout(tc, 300);
    tcase_add_checked_fixture(tc, setup_fn, teardown);
    tcase_add_test(tc, phrases_match_brute_force);
    tcase_add_test(tc, relaxed_word_and_phrase_match_brute_force);
    tcase_add_test(tc, stop_word_form_relaxed_keeps_every_word_record);
    tcase_add_test(tc, stop_part_hyphenated_words_match_brute_force);
    tcase_add_test(tc, long_field_words_match_brute_force);
    tcase_add_test(tc, forms_match_brute_force);
    tcase_add_test(tc, a_sketch_collision_is_caught_on_the_page);
    return tc;
}

int main(void)
{
    Suite *s = suite_create("verify");
    TCase *tc = brute_force_case("brute_force", setup);
    tcase_add_test(tc, test_synonyms_path_from_caller);
    suite_add_tcase(s, tc);
    /* Issue 15: the recheck without a decider (as on Xapian's remote
     * backend) gives the same exact sets. */
    suite_add_tcase(s, brute_force_case("brute_force_client_recheck", setup_client));
    /* Issue 15: an index built before the form and pair terms (schema 3)
     * still answers phrases and =form exactly, by the recheck alone. */
    tc = brute_force_case("brute_force_schema3", setup_schema3);
    tcase_add_test(tc, schema3_is_noted_as_slower);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
