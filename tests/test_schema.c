/* test_schema.c - schema/: the field and filter tables are consistent, the
 * value fold folds (and fails as it says), the sketch decodes to what was
 * encoded. */
#include "schema/phrases.h"
#include "schema/schema.h"
#include "schema/sketch.h"

#include "tests/check_util.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Every name users type, fields then filters: name and aliases. */
static size_t all_names(const char **out, size_t cap)
{
    size_t n = 0;
    for (int f = 0; f < GS_SCHEMA_NFIELDS; f++) {
        out[n++] = gs_schema_fields[f].name;
        for (size_t a = 0; a < 5 && gs_schema_fields[f].aliases[a]; a++)
            out[n++] = gs_schema_fields[f].aliases[a];
    }
    for (int f = 0; f < GS_SCHEMA_NFILTERS; f++) {
        out[n++] = gs_schema_filters[f].name;
        for (size_t a = 0; a < 4 && gs_schema_filters[f].aliases[a]; a++)
            out[n++] = gs_schema_filters[f].aliases[a];
    }
    ck_assert_uint_le(n, cap);
    return n;
}

/* A name may mean one field or one filter, never two things: the parser
 * tries fields first, so a shared name would hide a filter. */
START_TEST(names_unique)
{
    const char *names[128];
    size_t n = all_names(names, 128);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            ck_assert_msg(strcasecmp(names[i], names[j]) != 0, "name '%s' twice", names[i]);
}
END_TEST

/* Each name and alias finds its own row, whatever the ASCII case. */
START_TEST(lookup_by_name)
{
    for (int f = 0; f < GS_SCHEMA_NFIELDS; f++) {
        const gs_schema_field_t *r = &gs_schema_fields[f];
        ck_assert_int_eq(gs_schema_field_by_name(r->name, strlen(r->name)), f);
        ck_assert_int_eq(gs_schema_filter_by_name(r->name, strlen(r->name)), -1);
        for (size_t a = 0; a < 5 && r->aliases[a]; a++)
            ck_assert_int_eq(gs_schema_field_by_name(r->aliases[a], strlen(r->aliases[a])), f);
    }
    for (int f = 0; f < GS_SCHEMA_NFILTERS; f++) {
        const gs_schema_filter_t *r = &gs_schema_filters[f];
        ck_assert_int_eq(gs_schema_filter_by_name(r->name, strlen(r->name)), f);
        for (size_t a = 0; a < 4 && r->aliases[a]; a++)
            ck_assert_int_eq(gs_schema_filter_by_name(r->aliases[a], strlen(r->aliases[a])), f);
    }
    ck_assert_int_eq(gs_schema_field_by_name("TiTlE", 5), gs_schema_field_by_name("title", 5));
    ck_assert_int_eq(gs_schema_field_by_name("titles", 6), -1);
    ck_assert_int_eq(gs_schema_field_by_name("titles", 5), gs_schema_field_by_name("title", 5));
    ck_assert_int_eq(gs_schema_filter_by_name("Region", 6), gs_schema_filter_by_name("регион", 12));
    ck_assert_int_eq(gs_schema_filter_by_name("", 0), -1);
}
END_TEST

/* Prefixes: upper-case ASCII (so a term after them never runs into them,
 * schema.h), each used once across fields and filters. */
START_TEST(prefixes_unique)
{
    const char *p[GS_SCHEMA_NFIELDS + GS_SCHEMA_NFILTERS + 3];
    size_t n = 0;
    for (int f = 0; f < GS_SCHEMA_NFIELDS; f++)
        if (gs_schema_fields[f].prefix)
            p[n++] = gs_schema_fields[f].prefix;
    for (int f = 0; f < GS_SCHEMA_NFILTERS; f++)
        if (gs_schema_filters[f].prefix)
            p[n++] = gs_schema_filters[f].prefix;
    p[n++] = GS_PREFIX_OGRN; /* no filter of its own, still a prefix */
    p[n++] = GS_PREFIX_STEM; /* stem prefixes (schema 6) */
    p[n++] = GS_PREFIX_PHRASE; /* posted phrases (schema/phrases.h) */
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_gt(strlen(p[i]), 0);
        for (const char *c = p[i]; *c; c++)
            ck_assert_msg(*c >= 'A' && *c <= 'Z', "prefix '%s' not upper-case ASCII", p[i]);
        for (size_t j = i + 1; j < n; j++)
            ck_assert_msg(strcmp(p[i], p[j]) != 0, "prefix '%s' twice", p[i]);
    }
}
END_TEST

/* Stem prefixes (schema 6): the table is in byte order (it is searched by
 * bsearch), each row GS_SCHEMA_STEM_PREFIX characters; a term finds its
 * row by its first characters whatever follows, a shorter one none, and
 * *head says how many bytes those characters take. */
START_TEST(stem_prefixes)
{
    for (int i = 0; i < GS_SCHEMA_NSTEM_PREFIXES; i++) {
        const char *p = gs_schema_stem_prefixes[i];
        size_t head = 0;
        ck_assert_int_eq(gs_schema_stem_prefix(p, strlen(p), &head), i);
        ck_assert_uint_eq(head, strlen(p));
        if (i)
            ck_assert_msg(strcmp(gs_schema_stem_prefixes[i - 1], p) < 0, "'%s' out of order", p);
    }
    size_t head = 99;
    const char *t = "проект";
    ck_assert_int_ge(gs_schema_stem_prefix(t, strlen(t), &head), 0);
    ck_assert_uint_eq(head, strlen("про"));
    ck_assert_str_eq(gs_schema_stem_prefixes[gs_schema_stem_prefix(t, strlen(t), NULL)], "про");
    ck_assert_int_eq(gs_schema_stem_prefix("пр", strlen("пр"), &head), -1);
    ck_assert_uint_eq(head, 0);
    ck_assert_int_eq(gs_schema_stem_prefix("запись", strlen("запись"), &head), -1);
    ck_assert_uint_eq(head, strlen("зап"));
    ck_assert_int_eq(gs_schema_stem_prefix("", 0, NULL), -1);
    /* A character cut short is not taken for a whole one. */
    ck_assert_int_eq(gs_schema_stem_prefix(t, strlen("про") - 1, &head), -1);
    ck_assert_uint_eq(head, strlen("про") - 1);
}
END_TEST

/* Fields: distinct record fields; only a short field (with terms of its
 * own) can have a boost; the spelling fields are short.  Filters: what
 * their kind needs is there. */
START_TEST(rows_complete)
{
    for (int f = 0; f < GS_SCHEMA_NFIELDS; f++) {
        const gs_schema_field_t *r = &gs_schema_fields[f];
        ck_assert_str_ne(gs_field_name(r->record), "");
        for (int g = f + 1; g < GS_SCHEMA_NFIELDS; g++)
            ck_assert_int_ne(r->record, gs_schema_fields[g].record);
        if (!r->prefix) {
            ck_assert(r->boost == 0.0);
            ck_assert_int_eq(r->spelling, 0);
        }
    }
    int slots[64] = {0};
    for (int f = 0; f < GS_SCHEMA_NFILTERS; f++) {
        const gs_schema_filter_t *r = &gs_schema_filters[f];
        if (r->kind == GS_FILTER_TERM || r->kind == GS_FILTER_NUMBER)
            ck_assert_ptr_nonnull(r->prefix);
        if (r->kind == GS_FILTER_RANGE || r->fold)
            ck_assert_int_ge(r->slot, 0);
        if (r->fold)
            ck_assert_ptr_nonnull(r->prefix);
        if (r->slot >= 0) {
            ck_assert_int_lt(r->slot, 64);
            ck_assert_msg(!slots[r->slot]++, "slot %d twice", r->slot);
            ck_assert_int_ne(r->slot, GS_SLOT_SKETCH);
            ck_assert_int_ne(r->slot, GS_SLOT_FIELDLEN);
        }
    }
}
END_TEST

static void fold_is(const char *in, size_t len, const char *want)
{
    char *f = gs_schema_fold(in, len);
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f, want);
    free(f);
}

START_TEST(fold)
{
    fold_is("Пермский КРАЙ", strlen("Пермский КРАЙ"), "пермский край");
    fold_is("ЁЛКИ и ёжики", strlen("ЁЛКИ и ёжики"), "елки и ежики");
    /* NFC first: е + combining diaeresis is ё, then е. */
    fold_is("\xd0\xb5\xcc\x88", 4, "\xd0\xb5");
    /* Only len bytes are read. */
    fold_is("ABCdef", 3, "abc");
    fold_is("", 0, "");
    /* Not UTF-8: an unchanged copy, the one failure behaviour. */
    fold_is("AB\xff\xfe", 4, "AB\xff\xfe");
}
END_TEST

/* Field f of sk holds exactly want[0..n). */
static void field_is(const gs_sketch_t *sk, int f, const uint16_t *want, size_t n)
{
    ck_assert_uint_eq(sk->n[f], n);
    for (size_t i = 0; i < n; i++)
        ck_assert_uint_eq(gs_sketch_at(sk, f, i), want[i]);
}

START_TEST(sketch_round_trip)
{
    unsigned seed = gs_sketch_seed("R-7", 3);
    gs_sketch_enc_t *e = gs_sketch_enc_new(seed);
    ck_assert_ptr_nonnull(e);
    ck_assert_uint_eq(gs_sketch_enc_seed(e), seed);
    uint16_t want0[3], want2[300];
    /* Field 0: positions 1 and 3 (2 left empty: hash 0), 1 overwritten. */
    ck_assert_int_eq(gs_sketch_enc_put(e, 1, "x", 1), 0);
    ck_assert_int_eq(gs_sketch_enc_put(e, 3, "мир", strlen("мир")), 0);
    ck_assert_int_eq(gs_sketch_enc_put(e, 1, "труд", strlen("труд")), 0);
    want0[0] = gs_sketch_hash(seed, "труд", strlen("труд"));
    want0[1] = 0;
    want0[2] = gs_sketch_hash(seed, "мир", strlen("мир"));
    ck_assert_int_eq(gs_sketch_enc_end_field(e), 0);
    /* Field 1 empty; field 2 long enough for a two-byte count (300). */
    ck_assert_int_eq(gs_sketch_enc_end_field(e), 0);
    for (uint32_t i = 0; i < 300; i++) {
        char w[16];
        int len = snprintf(w, sizeof w, "w%u", i);
        ck_assert_int_eq(gs_sketch_enc_put(e, i + 1, w, (size_t)len), 0);
        want2[i] = gs_sketch_hash(seed, w, (size_t)len);
    }
    ck_assert_int_eq(gs_sketch_enc_end_field(e), 0);
    for (int f = 3; f < GS_SCHEMA_NFIELDS; f++)
        ck_assert_int_eq(gs_sketch_enc_end_field(e), 0);

    size_t len;
    const unsigned char *b = gs_sketch_enc_bytes(e, &len);
    /* The layout sketch.h states: seed low first, LEB128 counts. */
    ck_assert_uint_eq(len, 2 + (1 + 6) + 1 + (2 + 600) + (GS_SCHEMA_NFIELDS - 3));
    ck_assert_uint_eq(b[0] | b[1] << 8, seed);
    ck_assert_uint_eq(b[2], 3);
    ck_assert_uint_eq(b[9], 0);
    ck_assert_uint_eq(b[10], (300 & 0x7f) | 0x80);
    ck_assert_uint_eq(b[11], 300 >> 7);

    gs_sketch_t sk;
    ck_assert_int_eq(gs_sketch_decode(b, len, &sk), 0);
    ck_assert_uint_eq(sk.seed, seed);
    field_is(&sk, 0, want0, 3);
    field_is(&sk, 1, NULL, 0);
    field_is(&sk, 2, want2, 300);
    for (int f = 3; f < GS_SCHEMA_NFIELDS; f++)
        field_is(&sk, f, NULL, 0);
    ck_assert(gs_sketch_has(&sk, 0, want0[2]));
    ck_assert(gs_sketch_has(&sk, 2, want2[299]));
    ck_assert(!gs_sketch_has(&sk, 1, want0[2]));

    /* Cut short or with bytes left over: not a sketch. */
    for (size_t cut = 0; cut < len; cut += 7)
        ck_assert_int_eq(gs_sketch_decode(b, cut, &sk), -1);
    unsigned char *more = malloc(len + 1);
    ck_assert_ptr_nonnull(more);
    memcpy(more, b, len);
    more[len] = 0;
    ck_assert_int_eq(gs_sketch_decode(more, len + 1, &sk), -1);
    free(more);
    gs_sketch_enc_free(e);
}
END_TEST

/* The lemma table's entries as the indexer writes them (writer.c), read
 * back by the query (words.c) and the snippets (snippet.c). */
START_TEST(lemma_table_entry)
{
    char key[16];
    const char *list;
    size_t len;
    ck_assert_uint_eq(gs_schema_lemma_key(key, sizeof key, "отца", 8), 9);
    ck_assert_str_eq(key, GS_META_LEMMA "отца");
    ck_assert_uint_eq(gs_schema_lemma_key(key, 8, "отца", 8), 0); /* does not fit */
    static const char one[] = "1отец";   /* with its NUL: 10 bytes */
    ck_assert_int_eq(gs_schema_lemma_entry(one, sizeof one, &list, &len), 1);
    ck_assert_str_eq(list, "отец");
    ck_assert_int_eq(gs_schema_lemma_entry("2", 1, &list, &len), 2); /* ambiguous */
    ck_assert_int_eq(gs_schema_lemma_entry("1отец", 9, &list, &len), -1); /* no NUL */
    ck_assert_int_eq(gs_schema_lemma_entry("x", 1, &list, &len), -1);
    ck_assert_int_eq(gs_schema_lemma_entry("", 0, &list, &len), -1);
}
END_TEST

/* Posted phrases (schema/phrases.h): the encoding, refused for what is
 * never posted; a list parsed back to the same terms and term, malformed
 * lines skipped; phrases found by their first term. */
START_TEST(phrases_list)
{
    const char *omsu[] = {"орга", "местн", "самоуправлен"};
    char enc[GS_PHRASE_MAX_ENC], term[16], term2[16];
    size_t len = gs_phrase_encode(enc, sizeof enc, omsu, NULL, 3, 3);
    ck_assert_str_eq(enc, "3 орга местн самоуправлен");
    ck_assert_uint_eq(len, strlen(enc));
    ck_assert_uint_eq(gs_phrase_term(term, sizeof term, enc, len), 10);
    ck_assert(!strncmp(term, GS_PREFIX_PHRASE, 2));
    const char *hyph[] = {"жилищн-коммунальн", "хозяйств"}, *one[] = {"нко"};
    ck_assert_uint_eq(gs_phrase_encode(enc, sizeof enc, hyph, NULL, 2, 3), 0);
    ck_assert_uint_eq(gs_phrase_encode(enc, sizeof enc, one, NULL, 1, 1), 0);
    ck_assert_uint_eq(gs_phrase_encode(enc, 8, omsu, NULL, 3, 3), 0); /* does not fit */

    static const char list[] = "3 орга местн самоуправлен\nbad\n1 a b\n"
                               "5 лиц ограничен возможн здоров\n2 орга власт\n";
    int oom = 1;
    gs_phrases_t *ph = gs_phrases_parse(list, sizeof list - 1, &oom);
    ck_assert_ptr_nonnull(ph);
    ck_assert_int_eq(oom, 0);
    ck_assert_uint_eq(ph->n, 3);  /* "bad" and a window under its terms skipped */
    ck_assert_uint_eq(ph->v[0].n, 3);
    ck_assert_str_eq(ph->v[0].terms[2], "самоуправлен");
    len = gs_phrase_encode(enc, sizeof enc, omsu, NULL, 3, 3);
    gs_phrase_term(term2, sizeof term2, enc, len);
    ck_assert_str_eq(ph->v[0].term, term2);
    ck_assert_uint_eq(ph->v[1].window, 5);
    size_t count, at = gs_phrases_first(ph, "орга", 8, &count);
    ck_assert_uint_eq(count, 2);
    for (size_t i = at; i < at + count; i++)
        ck_assert_str_eq(ph->by_first[i]->terms[0], "орга");
    gs_phrases_first(ph, "орг", 6, &count);
    ck_assert_uint_eq(count, 0);
    gs_phrases_free(ph);
    ck_assert_ptr_null(gs_phrases_parse("bad\n", 4, &oom));
    ck_assert_int_eq(oom, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("schema");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, names_unique);
    tcase_add_test(tc, lookup_by_name);
    tcase_add_test(tc, prefixes_unique);
    tcase_add_test(tc, stem_prefixes);
    tcase_add_test(tc, rows_complete);
    tcase_add_test(tc, fold);
    tcase_add_test(tc, sketch_round_trip);
    tcase_add_test(tc, lemma_table_entry);
    tcase_add_test(tc, phrases_list);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
