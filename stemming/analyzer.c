/* analyzer.c - tokeniser and term rules of the one Russian analyzer.
 *
 * Three passes over a text, all on the caller's original bytes so that the
 * reported offsets are the caller's:
 *  1. scan: decode UTF-8 (an invalid byte is a separator), cut words and
 *     hyphen groups, and note per word what its letters look like (case,
 *     script, digits, whether the fast fold applies);
 *  2. caps runs: find runs of all-capitals words; a run containing a long
 *     capitalised word is shouting (an organisation name typed in capitals),
 *     and its short Latin words and capitals-only abbreviations (РАС) are
 *     not abbreviations;
 *  3. emit: fold each word, classify it (number, abbreviation, stop word,
 *     Russian or Latin word), stem through the cache, and call back.
 * See stemming/README.md for the rules and why they are what they are.
 */
#include "stemming/analyzer.h"
#include "stemming/fold.h"
#include "stemming/lemma.h"
#include "stemming/stem_cache.h"
#include "stemming/wordlist.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Forms cached per analyzer: a few MB, and far more than the hot vocabulary. */
#define CACHE_ENTRIES 65536
/* Lemmas cached per analyzer: a miss costs a hunspell look-up (3-20 us,
 * against libstemmer's 1), so this cache holds the whole vocabulary of a
 * large archive (116,000 distinct words at 20,000 records): ~14 MB. */
#define LEMMA_CACHE_ENTRIES 262144

/* What a word's source letters look like (pass 1). */
enum {
    P_UPPER = 1 << 0,  /* has an upper-case (or title-case) letter */
    P_LOWER = 1 << 1,  /* has a lower-case letter */
    P_DIGIT = 1 << 2,  /* has a digit (any Unicode N*) */
    P_CYR = 1 << 3,    /* has a Cyrillic letter */
    P_LATIN = 1 << 4,  /* has a Latin letter */
    P_SLOW = 1 << 5    /* needs utf8proc to fold */
};

/* Group flags (pass 1 and 2). */
enum {
    G_NL = 1 << 0,       /* a line break separates it from the previous group */
    G_CAPS = 1 << 1,     /* has upper-case letters and no lower-case one */
    G_LONGCAPS = 1 << 2, /* ... and a part of more than 6 letters */
    G_SHOUT = 1 << 3     /* sits in a run of capitals with a long word */
};

/* Cache entry flags: everything about a form that does not depend on where
 * it occurs, so that a cache hit answers it all. */
enum {
    E_STOP = 1 << 0,   /* a stop word */
    E_LISTED = 1 << 1, /* in the abbreviation list: term = abbreviation term */
    E_LATIN = 1 << 2,  /* English stemmer (no Cyrillic, some Latin letter) */
    E_CAPS = 1 << 3,   /* an abbreviation in capitals only (РАС): term = stem */
    E_NOVOWEL = 1 << 4 /* Cyrillic without a vowel (КМНС): no Russian word form */
};

/* Abbreviation by shape: 2..6 letters, all capitals. */
#define ABBR_MIN 2
#define ABBR_MAX 6

typedef struct {
    size_t start, end;  /* source bytes */
    uint32_t nletters;
    unsigned f;         /* P_* */
} part_t;

typedef struct {
    size_t first, n;    /* parts[first .. first+n) */
    unsigned f;         /* G_* */
} group_t;

typedef struct {        /* a part of the group being emitted */
    size_t form_off, form_len;  /* in an->forms */
    size_t term_off, term_len;  /* in an->terms */
    size_t lemma_off, lemma_len; /* in an->lemmas: NUL-terminated lemmas */
    unsigned nlemmas, readings;  /* see gs_token_t */
    unsigned flags;             /* GS_TOKEN_* */
} emit_t;

struct gs_analyzer {
    struct sb_stemmer *ru, *en;
    gs_stem_cache_t *cache;  /* NULL with GS_ANALYZER_NO_CACHE */
    gs_lemmatizer_t *lz;     /* the dictionary, loaded on first use */
    int token_lemmas;        /* gs_analyzer_set_lemmas: tokens carry lemmas */
    gs_stem_cache_t *lcache; /* form -> its lemmas worth reporting; NULL
                                with GS_ANALYZER_NO_CACHE */
    gs_buf_t lemmas;         /* the group's lemmas (emit_t.lemma_off) */
    part_t *parts;
    size_t nparts, parts_cap;
    group_t *groups;
    size_t ngroups, groups_cap;
    emit_t *emit;
    size_t emit_cap;
    gs_buf_t forms, terms;
    gs_buf_t upper;          /* scratch: an abbreviation term being made */
    gs_fold_ws_t ws;
};

gs_analyzer_t *gs_analyzer_new(unsigned options)
{
    gs_analyzer_t *an = calloc(1, sizeof *an);
    if (!an)
        return NULL;
    an->ru = sb_stemmer_new("russian", "UTF_8");
    an->en = sb_stemmer_new("english", "UTF_8");
    int cached = !(options & GS_ANALYZER_NO_CACHE);
    if (cached) {
        an->cache = gs_stem_cache_new(CACHE_ENTRIES);
        an->lcache = gs_stem_cache_new(LEMMA_CACHE_ENTRIES);
    }
    an->lz = gs_lemmatizer_new();
    if (!an->ru || !an->en || (cached && (!an->cache || !an->lcache)) || !an->lz) {
        gs_analyzer_free(an);
        return NULL;
    }
    return an;
}

void gs_analyzer_set_lemmas(gs_analyzer_t *an, int on)
{
    an->token_lemmas = on != 0;
}

void gs_analyzer_free(gs_analyzer_t *an)
{
    if (!an)
        return;
    if (an->ru)
        sb_stemmer_delete(an->ru);
    if (an->en)
        sb_stemmer_delete(an->en);
    gs_stem_cache_free(an->cache);
    gs_stem_cache_free(an->lcache);
    gs_lemmatizer_free(an->lz);
    gs_buf_free(&an->lemmas);
    free(an->parts);
    free(an->groups);
    free(an->emit);
    gs_buf_free(&an->forms);
    gs_buf_free(&an->terms);
    gs_buf_free(&an->upper);
    gs_fold_ws_free(&an->ws);
    free(an);
}

/* ---- pass 1: scanning ---------------------------------------------------- */

enum { C_SEP, C_NL, C_LETTER, C_DIGIT, C_MARK, C_IGN, C_HYPHEN };

static int is_cyrillic_cp(uint32_t cp)
{
    return (cp >= 0x400 && cp <= 0x52F) || (cp >= 0x1C80 && cp <= 0x1C8F) ||
           (cp >= 0xA640 && cp <= 0xA69F);
}

static int is_latin_cp(uint32_t cp)
{
    return (cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF) ||
           (cp >= 0xFF21 && cp <= 0xFF5A);
}

/* Character class of cp; for letters and digits *pf receives P_* bits. */
static inline int classify(uint32_t cp, unsigned *pf)
{
    if (cp < 0x80) {
        if (cp >= 'a' && cp <= 'z') {
            *pf = P_LOWER | P_LATIN;
            return C_LETTER;
        }
        if (cp >= 'A' && cp <= 'Z') {
            *pf = P_UPPER | P_LATIN;
            return C_LETTER;
        }
        if (cp >= '0' && cp <= '9') {
            *pf = P_DIGIT;
            return C_DIGIT;
        }
        if (cp == '-')
            return C_HYPHEN;
        if (cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f')
            return C_NL;
        return C_SEP;
    }
    if (cp >= 0x410 && cp <= 0x44F) {
        *pf = (cp < 0x430 ? P_UPPER : P_LOWER) | P_CYR;
        return C_LETTER;
    }
    if (cp == 0x401 || cp == 0x451) {
        *pf = (cp == 0x401 ? P_UPPER : P_LOWER) | P_CYR;
        return C_LETTER;
    }
    if (cp == GS_BAD_CP)
        return C_SEP;
    if (cp == 0x2010 || cp == 0x2011)
        return C_HYPHEN;
    if (cp == 0x85 || cp == 0x2028 || cp == 0x2029)
        return C_NL;
    /* Invisible inside words in scraped text: soft hyphen, zero-width
     * (non-)joiner, word joiner.  Folding drops them. */
    if (cp == 0xAD || cp == 0x200C || cp == 0x200D || cp == 0x2060)
        return C_IGN;
    unsigned script = is_cyrillic_cp(cp) ? P_CYR : is_latin_cp(cp) ? P_LATIN : 0;
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        *pf = P_UPPER | P_SLOW | script;
        return C_LETTER;
    case UTF8PROC_CATEGORY_LL:
        *pf = P_LOWER | P_SLOW | script;
        return C_LETTER;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        *pf = P_SLOW | script;
        return C_LETTER;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        *pf = P_DIGIT | P_SLOW;
        return C_DIGIT;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    default:
        return C_SEP;
    }
}

static int push_part(gs_analyzer_t *an, const part_t *p)
{
    if (an->nparts == an->parts_cap) {
        size_t cap = an->parts_cap ? 2 * an->parts_cap : 256;
        part_t *n = realloc(an->parts, cap * sizeof *n);
        if (!n)
            return -1;
        an->parts = n;
        an->parts_cap = cap;
    }
    an->parts[an->nparts++] = *p;
    return 0;
}

static int push_group(gs_analyzer_t *an, const group_t *g)
{
    if (an->ngroups == an->groups_cap) {
        size_t cap = an->groups_cap ? 2 * an->groups_cap : 256;
        group_t *n = realloc(an->groups, cap * sizeof *n);
        if (!n)
            return -1;
        an->groups = n;
        an->groups_cap = cap;
    }
    an->groups[an->ngroups++] = *g;
    return 0;
}

/* ASCII letters and digits: their P_* bits, plus A_WORD; 0 for the rest. */
#define A_WORD 0x80
static const unsigned char ascii_word[256] = {
#define D_ (P_DIGIT | A_WORD)
#define U_ (P_UPPER | P_LATIN | A_WORD)
#define L_ (P_LOWER | P_LATIN | A_WORD)
    ['0'] = D_, ['1'] = D_, ['2'] = D_, ['3'] = D_, ['4'] = D_,
    ['5'] = D_, ['6'] = D_, ['7'] = D_, ['8'] = D_, ['9'] = D_,
    ['A'] = U_, ['B'] = U_, ['C'] = U_, ['D'] = U_, ['E'] = U_, ['F'] = U_, ['G'] = U_,
    ['H'] = U_, ['I'] = U_, ['J'] = U_, ['K'] = U_, ['L'] = U_, ['M'] = U_, ['N'] = U_,
    ['O'] = U_, ['P'] = U_, ['Q'] = U_, ['R'] = U_, ['S'] = U_, ['T'] = U_, ['U'] = U_,
    ['V'] = U_, ['W'] = U_, ['X'] = U_, ['Y'] = U_, ['Z'] = U_,
    ['a'] = L_, ['b'] = L_, ['c'] = L_, ['d'] = L_, ['e'] = L_, ['f'] = L_, ['g'] = L_,
    ['h'] = L_, ['i'] = L_, ['j'] = L_, ['k'] = L_, ['l'] = L_, ['m'] = L_, ['n'] = L_,
    ['o'] = L_, ['p'] = L_, ['q'] = L_, ['r'] = L_, ['s'] = L_, ['t'] = L_, ['u'] = L_,
    ['v'] = L_, ['w'] = L_, ['x'] = L_, ['y'] = L_, ['z'] = L_,
#undef D_
#undef U_
#undef L_
};

/* Decode at s[i] (i < len). */
static inline uint32_t cp_at(const unsigned char *s, size_t len, size_t i, size_t *adv)
{
    if (s[i] < 0x80) {
        *adv = 1;
        return s[i];
    }
    return gs_utf8_decode(s + i, len - i, adv);
}

/* A word is a run of letters and digits (combining marks and invisible
 * joiners may sit inside); a hyphen between two word characters joins words
 * into one group. */
static int scan(gs_analyzer_t *an, const unsigned char *s, size_t len)
{
    an->nparts = an->ngroups = 0;
    size_t i = 0;
    int nl = 0;
    while (i < len) {
        if (s[i] < 0x80 && !ascii_word[s[i]]) {  /* ASCII space or punctuation */
            if (s[i] == '\n' || s[i] == '\r' || s[i] == '\v' || s[i] == '\f')
                nl = 1;
            i++;
            continue;
        }
        size_t adv;
        unsigned pf = 0;
        uint32_t cp = cp_at(s, len, i, &adv);
        int c = classify(cp, &pf);
        if (c != C_LETTER && c != C_DIGIT) {
            if (c == C_NL)
                nl = 1;
            i += adv;
            continue;
        }
        group_t g = { an->nparts, 0, nl ? G_NL : 0 };
        nl = 0;
        part_t p = { i, i + adv, c == C_LETTER, pf };
        i += adv;
        while (i < len) {
            /* Fast path for the bulk of the text: a run of Russian letters
             * (two bytes, D0 90..D1 8F, Ё, ё) or ASCII letters and digits. */
            unsigned b = s[i];
            if (b == 0xD0 && i + 1 < len && ((s[i + 1] >= 0x90 && s[i + 1] <= 0xBF) || s[i + 1] == 0x81)) {
                p.f |= (s[i + 1] < 0xB0 ? P_UPPER : P_LOWER) | P_CYR;
                p.nletters++;
                i += 2;
                p.end = i;
                continue;
            }
            if (b == 0xD1 && i + 1 < len && ((s[i + 1] >= 0x80 && s[i + 1] <= 0x8F) || s[i + 1] == 0x91)) {
                p.f |= P_LOWER | P_CYR;
                p.nletters++;
                i += 2;
                p.end = i;
                continue;
            }
            if (ascii_word[b]) {
                p.f |= ascii_word[b] & ~A_WORD;
                p.nletters += !(ascii_word[b] & P_DIGIT);
                i++;
                p.end = i;
                continue;
            }
            cp = cp_at(s, len, i, &adv);
            pf = 0;
            c = classify(cp, &pf);
            if (c == C_LETTER || c == C_DIGIT) {
                p.f |= pf;
                p.nletters += c == C_LETTER;
                i += adv;
                p.end = i;
            } else if (c == C_MARK) {
                p.f |= P_SLOW;
                i += adv;
                p.end = i;
            } else if (c == C_IGN) {
                /* Part of the word only if a letter follows (p.end moves then). */
                p.f |= P_SLOW;
                i += adv;
            } else if (c == C_HYPHEN && i + adv < len) {
                size_t adv2;
                unsigned pf2 = 0;
                uint32_t cp2 = cp_at(s, len, i + adv, &adv2);
                int c2 = classify(cp2, &pf2);
                if (c2 != C_LETTER && c2 != C_DIGIT)
                    break;
                if (push_part(an, &p) < 0)
                    return -1;
                p.start = i + adv;
                p.end = i + adv + adv2;
                p.nletters = c2 == C_LETTER;
                p.f = pf2;
                i += adv + adv2;
            } else {
                break;  /* the outer loop handles the separator */
            }
        }
        if (push_part(an, &p) < 0)
            return -1;
        g.n = an->nparts - g.first;
        if (push_group(an, &g) < 0)
            return -1;
    }
    return 0;
}

/* ---- pass 2: runs of capitals -------------------------------------------- */

static void mark_caps_runs(gs_analyzer_t *an)
{
    for (size_t k = 0; k < an->ngroups; k++) {
        group_t *g = &an->groups[k];
        unsigned any = 0, longcaps = 0;
        for (size_t j = 0; j < g->n; j++) {
            const part_t *p = &an->parts[g->first + j];
            any |= p->f;
            if ((p->f & P_UPPER) && p->nletters > ABBR_MAX)
                longcaps = 1;
        }
        if ((any & P_UPPER) && !(any & P_LOWER)) {
            g->f |= G_CAPS;
            if (longcaps)
                g->f |= G_LONGCAPS;
        }
    }
    size_t k = 0;
    while (k < an->ngroups) {
        if (!(an->groups[k].f & G_CAPS)) {
            k++;
            continue;
        }
        size_t end = k + 1;
        while (end < an->ngroups && (an->groups[end].f & G_CAPS) && !(an->groups[end].f & G_NL))
            end++;
        int shout = 0;
        for (size_t j = k; j < end; j++)
            if (an->groups[j].f & G_LONGCAPS)
                shout = 1;
        if (shout)
            for (size_t j = k; j < end; j++)
                an->groups[j].f |= G_SHOUT;
        k = end;
    }
}

/* ---- pass 3: folding, classification, stemming --------------------------- */

/* Script of a folded form: Cyrillic (Russian stemmer) wins; otherwise a
 * Latin letter makes it English; otherwise no stemmer. */
static unsigned form_script(const char *f, size_t n)
{
    int latin = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)f[i];
        if (c >= 0xD0 && c <= 0xD4)
            return 0;  /* U+0400..U+052F */
        if (c >= 'a' && c <= 'z')
            latin = 1;
    }
    return latin ? E_LATIN : 0x100;  /* 0x100: neither; never stored */
}

/* Does the folded form hold a Russian vowel (ё is folded to е already)? */
static int has_vowel(const char *f, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        unsigned char a = (unsigned char)f[i], b = (unsigned char)f[i + 1];
        /* а е и о у: d0 b0 b5 b8 be, d1 83; ы э ю я: d1 8b 8d 8e 8f */
        if ((a == 0xD0 && (b == 0xB0 || b == 0xB5 || b == 0xB8 || b == 0xBE)) ||
            (a == 0xD1 && (b == 0x83 || b == 0x8B || b == 0x8D || b == 0x8E || b == 0x8F)))
            return 1;
    }
    return 0;
}

/* The term of an abbreviation into an->upper: its folded form with the
 * Cyrillic letters in capitals (U+0430..U+045F -> U+0410..U+042F,
 * U+0400..U+040F), so that «РАС» is never the stem «рас» of «раса».  Latin
 * letters stay lower-case: after a field prefix (upper-case ASCII) a term
 * must not start with one.  A form without a Russian vowel is left as it
 * is: Snowball leaves such a word whole, and every stem of a word with a
 * vowel keeps one, so it cannot meet a stem, and «кмнс» typed in lower
 * case still finds «КМНС».  Returns the length, (size_t)-1 out of memory. */
static size_t abbr_term(gs_analyzer_t *an, const char *f, size_t n)
{
    an->upper.len = 0;
    if (gs_buf_reserve(&an->upper, n) < 0)
        return (size_t)-1;
    char *o = an->upper.s;
    memcpy(o, f, n);
    if (has_vowel(f, n))
        for (size_t i = 0; i + 1 < n; i++) {
            unsigned char a = (unsigned char)o[i], b = (unsigned char)o[i + 1];
            if (a == 0xD0 && b >= 0xB0 && b <= 0xBF) {        /* а..п */
                o[i + 1] = (char)(b - 0x20);
                i++;
            } else if (a == 0xD1 && b >= 0x80 && b <= 0x8F) { /* р..я */
                o[i] = (char)0xD0;
                o[i + 1] = (char)(b + 0x20);
                i++;
            } else if (a == 0xD1 && b >= 0x90 && b <= 0x9F) { /* ѐ..џ */
                o[i] = (char)0xD0;
                o[i + 1] = (char)(b - 0x10);
                i++;
            }
        }
    an->upper.len = n;
    return n;
}

/* The context-free facts of a form: term and E_* flags.  *term points into
 * the cache, the stemmer or form itself; valid until the next call. */
static int lookup(gs_analyzer_t *an, const char *form, size_t n, const char **term, size_t *tlen,
                  unsigned *eflags)
{
    uint64_t h = 0;
    if (an->cache) {
        gs_stem_hit_t hit;
        h = gs_stem_hash(form, n);
        if (gs_stem_cache_get(an->cache, form, n, h, &hit)) {
            *term = hit.term;
            *tlen = hit.term_len;
            *eflags = hit.flags;
            return 0;
        }
    }
    unsigned f = 0;
    if (gs_is_stopword(form, n))
        f |= E_STOP;
    unsigned script = form_script(form, n);
    if (script == E_LATIN)
        f |= E_LATIN;
    if (script == 0 && !has_vowel(form, n))
        f |= E_NOVOWEL;
    if (gs_is_caps_abbreviation(form, n))
        f |= E_CAPS;
    if (gs_is_abbreviation(form, n)) {
        f |= E_LISTED;
        *tlen = abbr_term(an, form, n);
        if (*tlen == (size_t)-1)
            return -1;
        *term = an->upper.s;
    } else if (script == 0x100) {
        *term = form;
        *tlen = n;
    } else {
        struct sb_stemmer *st = script == E_LATIN ? an->en : an->ru;
        const sb_symbol *r = sb_stemmer_stem(st, (const sb_symbol *)form, (int)n);
        if (!r)
            return -1;
        *term = (const char *)r;
        *tlen = (size_t)sb_stemmer_length(st);
    }
    *eflags = f;
    if (an->cache)
        gs_stem_cache_put(an->cache, form, n, h, *term, *tlen, f);
    return 0;
}

/* The lemma step: the dictionary forms of a Russian word worth reporting
 * beside its term (those whose own stem differs from it: ребенка, stem
 * ребенк, lemma ребенок; школы gives школа, whose stem is the term школ, so
 * nothing), appended to an->lemmas for e.  An ambiguous word (стали:
 * сталь | стать) gets none: either reading would match the other's texts;
 * e->readings still says how many the dictionary gave.  Cached per form:
 * hunspell takes microseconds a word. */
static int lemma_step(gs_analyzer_t *an, const char *form, size_t n, emit_t *e)
{
    e->lemma_off = an->lemmas.len;
    e->lemma_len = 0;
    e->nlemmas = e->readings = 0;
    uint64_t h = 0;
    if (an->lcache) {
        gs_stem_hit_t hit;
        h = gs_stem_hash(form, n);
        if (gs_stem_cache_get(an->lcache, form, n, h, &hit)) {
            e->nlemmas = hit.flags & 15;
            e->readings = hit.flags >> 4;
            e->lemma_len = hit.term_len;
            return gs_buf_append(&an->lemmas, hit.term, hit.term_len);
        }
    }
    e->flags |= GS_TOKEN_LEMMA_NEW;
    const char *list, *term = an->terms.s + e->term_off;
    size_t len;
    int nr = gs_lemmas(an->lz, form, n, &list, &len);
    if (nr < 0)
        return -1;
    e->readings = nr > 15 ? 15 : (unsigned)nr;
    if (nr > 1)
        len = 0;  /* ambiguous: one reading would bring in the other's texts */
    for (size_t o = 0; o < len; o += strlen(list + o) + 1) {
        const char *l = list + o;
        size_t ln = strlen(l);
        if (memchr(l, '-', ln) || ln > GS_ANALYZER_MAX_TERM)
            continue;
        const sb_symbol *r = sb_stemmer_stem(an->ru, (const sb_symbol *)l, (int)ln);
        if (!r)
            return -1;
        size_t rl = (size_t)sb_stemmer_length(an->ru);
        if (rl == e->term_len && !memcmp(r, term, rl))
            continue;  /* the stem already joins this word to its lemma */
        if (e->nlemmas == 15)
            break;  /* no Russian word has so many; the flags hold 4 bits */
        if (gs_buf_append(&an->lemmas, l, ln + 1) < 0)
            return -1;
        e->nlemmas++;
        e->lemma_len += ln + 1;
    }
    if (an->lcache)
        gs_stem_cache_put(an->lcache, form, n, h, e->lemma_len ? an->lemmas.s + e->lemma_off : "",
                          e->lemma_len, e->nlemmas | e->readings << 4);
    return 0;
}

/* Append b->s[off..off+n) to b itself (reserve first: realloc may move it). */
static int append_self(gs_buf_t *b, size_t off, size_t n)
{
    if (gs_buf_reserve(b, n) < 0)
        return -1;
    memmove(b->s + b->len, b->s + off, n);
    b->len += n;
    return 0;
}

/* Fold and classify part p of group g into e (form in an->forms, term in
 * an->terms). */
static int analyze_part(gs_analyzer_t *an, const unsigned char *text, const part_t *p,
                        const group_t *g, emit_t *e)
{
    e->form_off = an->forms.len;
    size_t n = gs_fold((const char *)text + p->start, p->end - p->start, !(p->f & P_SLOW),
                       &an->forms, &an->ws);
    if (n == (size_t)-1)
        return -1;
    if ((p->f & P_CYR) && (p->f & P_LATIN)) {
        n = gs_fold_homoglyphs(&an->forms, e->form_off, n);
        if (n == (size_t)-1)
            return -1;
    }
    e->form_len = n;
    e->flags = 0;
    e->lemma_off = an->lemmas.len;
    e->lemma_len = 0;
    e->nlemmas = e->readings = 0;
    const char *form = an->forms.s + e->form_off;
    e->term_off = an->terms.len;

    if (p->f & P_DIGIT) {
        e->flags = GS_TOKEN_NUMBER;
        e->term_len = n;
        return gs_buf_append(&an->terms, form, n);
    }
    const char *term;
    size_t tlen;
    unsigned ef;
    if (lookup(an, form, n, &term, &tlen, &ef) < 0)
        return -1;
    int caps = (p->f & P_UPPER) && !(p->f & P_LOWER) && p->nletters >= ABBR_MIN &&
               p->nletters <= ABBR_MAX;
    int caps_abbr = caps && !(g->f & G_SHOUT);
    if (ef & E_LATIN)
        e->flags |= GS_TOKEN_LATIN;
    if (ef & E_LISTED) {
        e->flags |= GS_TOKEN_ABBR;  /* «омсу», «ОМСУ»: «ОМСУ», never «омс» */
    } else if (caps_abbr && (ef & E_CAPS)) {
        /* «РАС» is the abbreviation, «рас» a form of «раса». */
        e->flags |= GS_TOKEN_ABBR;
        if ((tlen = abbr_term(an, form, n)) == (size_t)-1)
            return -1;
        term = an->upper.s;
    } else if ((caps && (ef & E_NOVOWEL) && !(ef & E_STOP)) ||
               (caps_abbr && (ef & E_LATIN))) {
        /* «КМНС» is no Russian word form: an abbreviation, its term the form
         * (which is its Snowball stem too).  A Latin capitalised word is an
         * abbreviation («IT»), even if it spells a stop word.  Any other
         * word in capitals is an ordinary word («ДЕТИ», «ФОНД»), and a
         * capitalised Russian stop word («ДЛЯ») remains a stop word. */
        e->flags |= GS_TOKEN_ABBR;
        term = form;
        tlen = n;
    } else if (ef & E_STOP) {
        e->flags |= GS_TOKEN_STOP;
    }
    e->term_len = tlen;
    if (gs_buf_append(&an->terms, term, tlen) < 0)
        return -1;
    /* Lemmas for Russian words only: abbreviations and stop words keep
     * their one term, and the dictionary has no Latin words. */
    if (an->token_lemmas && !(e->flags & (GS_TOKEN_ABBR | GS_TOKEN_STOP | GS_TOKEN_LATIN)) &&
        form_script(form, n) == 0)
        return lemma_step(an, form, n, e);
    return 0;
}

static int emit_one(gs_analyzer_t *an, gs_token_fn fn, void *ctx, const emit_t *e, size_t start,
                    size_t end, uint32_t pos, unsigned extra)
{
    if (e->term_len == 0 || e->term_len > GS_ANALYZER_MAX_TERM || e->form_len == 0)
        return 0;  /* nothing a term could hold; the position is still used */
    gs_token_t t;
    t.term = an->terms.s + e->term_off;
    t.term_len = e->term_len;
    t.form = an->forms.s + e->form_off;
    t.form_len = e->form_len;
    t.start = start;
    t.end = end;
    t.pos = pos;
    t.flags = e->flags | extra;
    t.lemmas = e->nlemmas ? an->lemmas.s + e->lemma_off : NULL;
    t.lemmas_len = e->lemma_len;
    t.nlemmas = e->nlemmas;
    t.readings = e->readings;
    return fn(ctx, &t);
}

#define ENOMEM_RC (-1)

static int emit_group(gs_analyzer_t *an, const unsigned char *text, const group_t *g,
                      uint32_t *pos, gs_token_fn fn, void *ctx)
{
    an->forms.len = an->terms.len = an->lemmas.len = 0;
    if (g->n > an->emit_cap) {
        size_t cap = g->n < 16 ? 16 : g->n;
        emit_t *n = realloc(an->emit, cap * sizeof *n);
        if (!n)
            return ENOMEM_RC;
        an->emit = n;
        an->emit_cap = cap;
    }
    const part_t *parts = an->parts + g->first;
    int any_number = 0;
    for (size_t j = 0; j < g->n; j++) {
        if (analyze_part(an, text, &parts[j], g, &an->emit[j]) < 0)
            return ENOMEM_RC;
        any_number |= (an->emit[j].flags & GS_TOKEN_NUMBER) != 0;
    }
    if (g->n == 1) {
        int rc = emit_one(an, fn, ctx, &an->emit[0], parts[0].start, parts[0].end, *pos, 0);
        (*pos)++;
        return rc;
    }

    /* The whole: parts' forms joined with '-', and their terms likewise
     * (a code of three parts or more: its folded form, as one number). */
    int code = any_number && g->n >= 3;
    emit_t whole;
    whole.form_off = an->forms.len;
    whole.flags = code ? GS_TOKEN_NUMBER : GS_TOKEN_COMPOUND;
    whole.lemma_off = whole.lemma_len = 0;  /* a hyphenated whole has none */
    whole.nlemmas = whole.readings = 0;
    unsigned all = GS_TOKEN_STOP | GS_TOKEN_LATIN;
    for (size_t j = 0; j < g->n; j++) {
        const emit_t *e = &an->emit[j];
        if ((j && gs_buf_append(&an->forms, "-", 1) < 0) ||
            append_self(&an->forms, e->form_off, e->form_len) < 0)
            return ENOMEM_RC;
        all &= e->flags;
    }
    whole.form_len = an->forms.len - whole.form_off;
    whole.term_off = an->terms.len;
    if (code) {
        if (gs_buf_append(&an->terms, an->forms.s + whole.form_off, whole.form_len) < 0)
            return ENOMEM_RC;
    } else {
        whole.flags |= all | (any_number ? GS_TOKEN_NUMBER : 0);
        for (size_t j = 0; j < g->n; j++) {
            const emit_t *e = &an->emit[j];
            if ((j && gs_buf_append(&an->terms, "-", 1) < 0) ||
                append_self(&an->terms, e->term_off, e->term_len) < 0)
                return ENOMEM_RC;
        }
    }
    whole.term_len = an->terms.len - whole.term_off;
    /* A stop phrase spelled with a hyphen («из-за», «кто-то») is a stop word too. */
    if (!code && gs_is_stopword(an->forms.s + whole.form_off, whole.form_len))
        whole.flags |= GS_TOKEN_STOP;

    int rc = emit_one(an, fn, ctx, &whole, parts[0].start, parts[g->n - 1].end, *pos, 0);
    if (rc)
        return rc;
    if (code) {
        (*pos)++;
        return 0;
    }
    for (size_t j = 0; j < g->n; j++) {
        rc = emit_one(an, fn, ctx, &an->emit[j], parts[j].start, parts[j].end, *pos + (uint32_t)j,
                      GS_TOKEN_PART);
        if (rc) {
            *pos += (uint32_t)g->n;
            return rc;
        }
    }
    *pos += (uint32_t)g->n;
    return 0;
}

int gs_analyze(gs_analyzer_t *an, const char *text, size_t len, uint32_t first_pos,
               gs_token_fn fn, void *ctx, uint32_t *next_pos)
{
    uint32_t pos = first_pos;
    int rc = 0;
    if (!text)
        len = 0;
    if (scan(an, (const unsigned char *)text, len) < 0) {
        rc = ENOMEM_RC;
        goto out;
    }
    mark_caps_runs(an);
    for (size_t k = 0; k < an->ngroups && rc == 0; k++)
        rc = emit_group(an, (const unsigned char *)text, &an->groups[k], &pos, fn, ctx);
out:
    if (next_pos)
        *next_pos = pos;
    return rc;
}

typedef struct {
    char *buf;
    size_t cap, len;
} word_ctx_t;

static int take_first(void *ctx, const gs_token_t *t)
{
    word_ctx_t *w = ctx;
    if (t->term_len < w->cap) {
        memcpy(w->buf, t->term, t->term_len);
        w->buf[t->term_len] = '\0';
        w->len = t->term_len;
    }
    return 1;  /* the first token is the word's term (the whole if hyphenated) */
}

size_t gs_analyze_word(gs_analyzer_t *an, const char *word, size_t len, char *buf, size_t cap)
{
    if (cap == 0)
        return 0;
    buf[0] = '\0';
    word_ctx_t w = { buf, cap, 0 };
    gs_analyze(an, word, len, 0, take_first, &w, NULL);
    return w.len;
}

typedef struct {
    gs_analyzer_t *an;
    const char *lemmas;
    size_t len;
    unsigned readings;
    int n;
} lemma_ctx_t;

/* The first token's lemmas, all of them: a query word must meet every
 * form of its lemmas, those indexed as XL terms and those joined by the
 * stem alike; and the derivational relative of a word with one lemma
 * (лесной: лес), which the query matches by its stem.  The index's XL
 * terms (lemma_step) stay the inflectional lemmas only. */
static int take_first_lemmas(void *ctx, const gs_token_t *t)
{
    lemma_ctx_t *w = ctx;
    if (t->flags & (GS_TOKEN_ABBR | GS_TOKEN_STOP | GS_TOKEN_LATIN | GS_TOKEN_NUMBER |
                    GS_TOKEN_COMPOUND) || form_script(t->form, t->form_len) != 0)
        return 1;
    w->n = gs_lemmas_related(w->an->lz, t->form, t->form_len, &w->lemmas, &w->len);
    w->readings = w->n > 0 ? (unsigned)w->n : 0;
    return 1;
}

int gs_analyzer_has_dictionary(gs_analyzer_t *an)
{
    return gs_lemmatizer_ready(an->lz);
}

int gs_analyze_word_lemmas(gs_analyzer_t *an, const char *word, size_t len, const char **lemmas,
                           size_t *lemmas_len, unsigned *readings)
{
    lemma_ctx_t w = {an, NULL, 0, 0, 0};
    if (gs_analyze(an, word, len, 0, take_first_lemmas, &w, NULL) == ENOMEM_RC)
        w.n = -1;
    *lemmas = w.n > 0 ? w.lemmas : NULL;
    *lemmas_len = w.n > 0 ? w.len : 0;
    *readings = w.readings;
    return w.n;
}
