/* gen_corpus.c - a deterministic synthetic archive of grant applications,
 * at the scale of the real one (166,848 records), for bench/run.sh.
 *
 * What it does (bench/README.md has the numbers):
 *   1. Trains a word-level bigram Markov chain on the bundled real pages
 *      (data/seeds/ (*.txt): the text under «Краткое описание», «Цель»,
 *      «Задачи», «Обоснование социальной значимости», «География проекта»,
 *      «Целевые группы»; never the contact block) and, with --train, on the
 *      text fields of a JSONL collection.  One chain for all fields (the
 *      seeds are too small for one per field), with per-field sentence
 *      starts, so goals start like goals and tasks like tasks.
 *   2. Walks the chain to write each text field up to a length drawn from
 *      the real field's range (description 1-4 KB, significance 1.5-8 KB,
 *      goal 100-400 B, ...).
 *   3. Mixes in a vocabulary tail, so the number of distinct terms keeps
 *      growing with N as in real text: new word forms (real stems + Russian
 *      endings), surnames and place names, abbreviations, hyphenated
 *      compounds, numbers, ё written both ways, and ~0.5% typos.  Tail items
 *      are drawn by index from a Zipf law (exponent 1/beta), which gives
 *      Heaps-like growth V ~ K n^beta of the distinct terms.
 *   4. Fills the other passport columns with realistic values.
 *
 * Deterministic: record i draws only from a PRNG seeded by (seed, i)
 * (splitmix64 -> xoshiro256**), never rand(); the same seed and N give
 * byte-identical output on any machine.
 *
 *   gen_corpus [-n N] [--seed S] [--format csv|jsonl] [--seeds DIR]
 *              [--train FILE.jsonl] [-o OUT]
 *              [--queries FILE [--nqueries 1000]] [--drafts FILE [--ndrafts 100]]
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <glob.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "toolkit/buf.h"

#ifndef GS_SRCDATADIR
#define GS_SRCDATADIR "data"
#endif

/* ---------------------------------------------------------------- PRNG */

typedef struct {
    uint64_t s[4];
} rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void rng_seed(rng *r, uint64_t a, uint64_t b)
{
    uint64_t x = a * 0x9e3779b97f4a7c15ULL ^ (b + 0x632be59bd9b4e019ULL);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return res;
}

/* uniform in [0, n) */
static uint64_t rng_below(rng *r, uint64_t n)
{
    return n ? rng_next(r) % n : 0;
}

/* uniform in [0, 1) */
static double rng_unit(rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static int rng_chance(rng *r, double p)
{
    return rng_unit(r) < p;
}

/* log-uniform integer in [lo, hi] */
static long rng_logu(rng *r, long lo, long hi)
{
    return (long)exp(log((double)lo) + rng_unit(r) * (log((double)hi + 1) - log((double)lo)));
}

/* Zipf-like index >= 1 with P(i) ~ i^-s (continuous Pareto, floored). */
static uint64_t rng_zipf(rng *r, double s)
{
    double u = 1.0 - rng_unit(r); /* (0, 1] */
    double x = pow(u, -1.0 / (s - 1.0));
    return x > 1e15 ? (uint64_t)1e15 : (uint64_t)x;
}

/* ------------------------------------------------------ growable buffer */


static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gen_corpus: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

/* The toolkit's buffer; a generator has nothing to do when memory runs
 * out, so these die instead of returning the failure. */
static void buf_check(const gs_buf_t *b)
{
    if (gs_buf_failed(b))
        die("out of memory");
}

static void buf_add(gs_buf_t *b, const char *s, size_t n)
{
    gs_buf_append(b, s, n);
    buf_check(b);
}

static void buf_puts(gs_buf_t *b, const char *s)
{
    gs_buf_append_str(b, s);
    buf_check(b);
}

static void buf_printf(gs_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_printf(gs_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gs_buf_vprintf(b, fmt, ap);
    va_end(ap);
    buf_check(b);
}

/* --------------------------------------------------------- vocabulary */

/* Fields of the text model. */
enum { F_TITLE, F_DESC, F_GOAL, F_TASKS, F_SIGNIF, F_GEO, F_TG, NFIELDS };
static const char *const field_heading[NFIELDS] = {
    NULL, "Краткое описание", "Цель", "Задачи", "Обоснование социальной значимости",
    "География проекта", "Целевые группы",
};
static const char *const field_jsonkey[NFIELDS] = {
    "title", "description", "goal", "tasks", "significance", "geography", "target_groups",
};

enum { TOK_END = 0 }; /* sentence end / start marker */

typedef struct {
    char **str;     /* id -> text */
    uint32_t *cnt;  /* id -> frequency in training */
    uint8_t *isword;
    size_t n, cap;
    uint32_t *hash; /* open addressing: id+1, 0 empty */
    size_t hcap;
} vocab;

static uint64_t hash_str(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static void vocab_rehash(vocab *v)
{
    size_t hcap = v->hcap ? v->hcap * 2 : 1 << 14;
    uint32_t *h = calloc(hcap, sizeof *h);
    if (!h)
        die("out of memory");
    for (size_t id = 0; id < v->n; id++) {
        size_t j = hash_str(v->str[id], strlen(v->str[id])) & (hcap - 1);
        while (h[j])
            j = (j + 1) & (hcap - 1);
        h[j] = (uint32_t)id + 1;
    }
    free(v->hash);
    v->hash = h;
    v->hcap = hcap;
}

static uint32_t vocab_id(vocab *v, const char *s, size_t n, int isword)
{
    if ((v->n + 1) * 2 > v->hcap)
        vocab_rehash(v);
    size_t j = hash_str(s, n) & (v->hcap - 1);
    while (v->hash[j]) {
        uint32_t id = v->hash[j] - 1;
        if (strlen(v->str[id]) == n && !memcmp(v->str[id], s, n)) {
            v->cnt[id]++;
            return id;
        }
        j = (j + 1) & (v->hcap - 1);
    }
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 4096;
        v->str = realloc(v->str, v->cap * sizeof *v->str);
        v->cnt = realloc(v->cnt, v->cap * sizeof *v->cnt);
        v->isword = realloc(v->isword, v->cap);
        if (!v->str || !v->cnt || !v->isword)
            die("out of memory");
    }
    v->str[v->n] = strndup(s, n);
    v->cnt[v->n] = 1;
    v->isword[v->n] = (uint8_t)isword;
    v->hash[j] = (uint32_t)v->n + 1;
    return (uint32_t)v->n++;
}

/* ---------------------------------------------------------------- model */

typedef struct {
    uint32_t *v;
    size_t n, cap;
} u32vec;

static void u32_push(u32vec *a, uint32_t x)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 1024;
        a->v = realloc(a->v, a->cap * sizeof *a->v);
        if (!a->v)
            die("out of memory");
    }
    a->v[a->n++] = x;
}

typedef struct {
    vocab voc;
    u32vec stream;             /* all training sentences: tokens, TOK_END between */
    u32vec sent_start;         /* offsets of sentence starts in stream */
    u32vec starts[NFIELDS];    /* first tokens of sentences, per field */
    /* bigram successors in CSR form, built by model_finish() */
    uint32_t *succ_off;        /* voc.n + 1 */
    uint32_t *succ;
    u32vec words;              /* ids of content words (>= 4 letters, lowercase) */
    u32vec stems;              /* ids of long words, for the tail's new forms */
    u32vec adjs;               /* ids of adjectives, for hyphenated compounds */
    size_t train_bytes[NFIELDS];
    size_t train_docs;
} model;

/* UTF-8 helpers: we only need to know letters from punctuation. */
static int utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

static int is_word_char(const char *p)
{
    unsigned char c = (unsigned char)p[0];
    if (c < 0x80)
        return isalnum(c);
    /* Cyrillic block U+0400..U+04FF: D0 xx, D1 xx, D2/D3 rarely */
    return c == 0xd0 || c == 0xd1 || c == 0xd2 || c == 0xd3;
}

static int is_sentence_end(const char *t)
{
    return !strcmp(t, ".") || !strcmp(t, "!") || !strcmp(t, "?");
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

static int is_lower_cyr_word(const char *s)
{
    /* а..п = D0 B0..BF, р..я = D1 80..8F, ё = D1 91 */
    for (const unsigned char *p = (const unsigned char *)s; *p; p += 2) {
        if (p[0] == 0xd0 && p[1] >= 0xb0 && p[1] <= 0xbf)
            continue;
        if (p[0] == 0xd1 && ((p[1] >= 0x80 && p[1] <= 0x8f) || p[1] == 0x91))
            continue;
        return 0;
    }
    return 1;
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !memcmp(s + a - b, suf, b);
}

/* Tokenise one line of training text into the stream. */
static void train_line(model *m, int field, const char *line)
{
    const char *p = line;
    int in_sentence = 0;
    m->train_bytes[field] += strlen(line);
    while (*p) {
        unsigned char c = (unsigned char)*p;
        if (c <= ' ') {
            p++;
            continue;
        }
        uint32_t id;
        if (is_word_char(p)) {
            const char *s = p;
            for (;;) {
                while (*p && is_word_char(p))
                    p += utf8_len((unsigned char)*p);
                if (*p == '-' && p[1] && is_word_char(p + 1)) {
                    p++;
                    continue;
                }
                break;
            }
            id = vocab_id(&m->voc, s, (size_t)(p - s), 1);
        } else {
            int len = utf8_len(c);
            const char *s = p;
            p += len;
            /* bullets, quotes of the ASCII kind, ';' (the CSV separator,
             * removed in the real CSV too) and stray symbols are dropped */
            if (c == ';' || c == '"' || c == '*' || c == '|' || c == '\\' ||
                !strncmp(s, "•", 3) || !strncmp(s, "·", 2))
                continue;
            id = vocab_id(&m->voc, s, (size_t)len, 0);
        }
        if (!in_sentence) {
            if (!m->voc.isword[id])
                continue; /* sentences start with a word */
            u32_push(&m->sent_start, (uint32_t)m->stream.n);
            u32_push(&m->starts[field], id);
            in_sentence = 1;
        }
        u32_push(&m->stream, id);
        if (is_sentence_end(m->voc.str[id])) {
            u32_push(&m->stream, TOK_END);
            in_sentence = 0;
        }
    }
    if (in_sentence)
        u32_push(&m->stream, TOK_END);
}

/* Train on one text: split into lines (a line break ends a sentence). */
static void train_text(model *m, int field, const char *text)
{
    char *copy = strdup(text), *save = NULL;
    for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        /* list markers: "- ", "1. " */
        while (*l == ' ' || *l == '-' || *l == '\t')
            l++;
        if (isdigit((unsigned char)*l) && (l[1] == '.' || l[1] == ')') && l[2] == ' ')
            l += 3;
        train_line(m, field, l);
    }
    free(copy);
}

static char *chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
        s[--n] = '\0';
    return s;
}

/* A seed page: the sections after known headings; the contact block (which
 * holds an API key) ends the page. */
static void train_seed_page(model *m, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        die("%s: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    int field = -1, lineno = 0, status_seen = 0;
    while (getline(&line, &cap, f) >= 0) {
        chomp(line);
        lineno++;
        if (!strcmp(line, "Контактная информация"))
            break;
        if (lineno == 1 && !strncmp(line, "Статус проекта", strlen("Статус проекта"))) {
            status_seen = 1;
            continue;
        }
        if (lineno == 2 && status_seen) {
            char *dots = strstr(line, "...");
            if (dots)
                *dots = '\0';
            train_text(m, F_TITLE, line);
            continue;
        }
        int h = -1;
        for (int i = 1; i < NFIELDS; i++)
            if (!strcmp(line, field_heading[i]))
                h = i;
        if (h >= 0) {
            field = h;
            continue;
        }
        if (field < 0) {
            /* a page that starts in the middle of its description */
            if (strlen(line) > 200)
                train_text(m, F_DESC, line);
            continue;
        }
        train_text(m, field, line);
    }
    free(line);
    fclose(f);
    m->train_docs++;
}

/* Minimal JSON string reader for --train: the value of "key" in one line. */
static char *json_get(const char *line, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(line, pat);
    if (!p)
        return NULL;
    p += strlen(pat);
    while (*p == ' ')
        p++;
    if (*p != '"')
        return NULL;
    p++;
    gs_buf_t b = GS_BUF_INIT;
    gs_buf_reserve(&b, 64);
    buf_check(&b);
    while (*p && *p != '"') {
        if (*p == '\\' && p[1]) {
            p++;
            char c = *p == 'n' ? '\n' : *p == 't' ? ' ' : *p == 'r' ? ' ' : *p;
            if (*p == 'u') { /* only BMP escapes; rare in the collection */
                unsigned v = 0;
                if (sscanf(p + 1, "%4x", &v) == 1) {
                    char u[4];
                    int n = v < 0x80 ? (u[0] = (char)v, 1)
                          : v < 0x800 ? (u[0] = (char)(0xc0 | v >> 6), u[1] = (char)(0x80 | (v & 0x3f)), 2)
                          : (u[0] = (char)(0xe0 | v >> 12), u[1] = (char)(0x80 | ((v >> 6) & 0x3f)),
                             u[2] = (char)(0x80 | (v & 0x3f)), 3);
                    buf_add(&b, u, (size_t)n);
                    p += 5;
                    continue;
                }
            }
            buf_add(&b, &c, 1);
            p++;
            continue;
        }
        buf_add(&b, p, 1);
        p++;
    }
    return b.s;
}

static void train_jsonl(model *m, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        die("%s: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) >= 0) {
        for (int i = 0; i < NFIELDS; i++) {
            char *v = json_get(line, field_jsonkey[i]);
            if (v && *v)
                train_text(m, i, v);
            free(v);
        }
        m->train_docs++;
    }
    free(line);
    fclose(f);
}

static int cmp_pair(const void *a, const void *b)
{
    const uint64_t *x = a, *y = b;
    return (*x > *y) - (*x < *y);
}

static const char *const stopwords[] = {
    "для", "что", "это", "как", "так", "также", "того", "этого", "при", "или", "его", "их",
    "она", "они", "который", "которые", "которых", "будет", "будут", "более", "менее", "всех",
    "через", "после", "между", "только", "может", "могут", "этом", "свой", "своих", "проекта",
    "проект", "рамках", "течение", "числе", "том", "году", "года", "является", "чтобы", "именно",
};

static int is_stopword(const char *w)
{
    for (size_t i = 0; i < sizeof stopwords / sizeof *stopwords; i++)
        if (!strcmp(w, stopwords[i]))
            return 1;
    return 0;
}

static void model_finish(model *m)
{
    size_t nv = m->voc.n;
    /* pairs (prev, next) over the stream; TOK_END separates sentences */
    size_t np = 0;
    uint64_t *pairs = malloc((m->stream.n + 1) * sizeof *pairs);
    if (!pairs)
        die("out of memory");
    for (size_t i = 0; i + 1 < m->stream.n; i++) {
        uint32_t a = m->stream.v[i], b = m->stream.v[i + 1];
        if (a == TOK_END)
            continue;
        pairs[np++] = (uint64_t)a << 32 | b;
    }
    qsort(pairs, np, sizeof *pairs, cmp_pair);
    m->succ_off = calloc(nv + 1, sizeof *m->succ_off);
    m->succ = malloc((np + 1) * sizeof *m->succ);
    if (!m->succ_off || !m->succ)
        die("out of memory");
    for (size_t i = 0; i < np; i++) {
        m->succ_off[(pairs[i] >> 32) + 1]++;
        m->succ[i] = (uint32_t)pairs[i];
    }
    for (size_t i = 0; i < nv; i++)
        m->succ_off[i + 1] += m->succ_off[i];
    free(pairs);
    for (uint32_t id = 1; id < nv; id++) {
        const char *s = m->voc.str[id];
        if (!m->voc.isword[id] || !is_lower_cyr_word(s))
            continue;
        size_t len = utf8_chars(s);
        if (len >= 4 && !is_stopword(s))
            u32_push(&m->words, id);
        if (len >= 7)
            u32_push(&m->stems, id);
        if (len >= 6 && (ends_with(s, "ый") || ends_with(s, "ий") || ends_with(s, "ая") ||
                         ends_with(s, "ое") || ends_with(s, "ых") || ends_with(s, "ной") ||
                         ends_with(s, "ные")))
            u32_push(&m->adjs, id);
    }
    if (!m->words.n || !m->stems.n || !m->adjs.n || !m->sent_start.n)
        die("the training text is too small");
    for (int f = 0; f < NFIELDS; f++)
        if (!m->starts[f].n)
            for (size_t i = 0; i < m->starts[F_DESC].n; i++)
                u32_push(&m->starts[f], m->starts[F_DESC].v[i]);
}

/* ------------------------------------------------------ vocabulary tail */

static const char *const endings[] = {
    "ами", "ому", "ого", "ыми", "ими", "ой", "ей", "ая", "яя", "ое", "ее", "ые", "ие", "ых",
    "их", "ую", "юю", "ом", "ем", "ах", "ях", "ов", "ев", "ия", "ию", "ием", "ости", "ость",
    "ение", "ения", "ением", "ениями", "ировать", "ированный", "ировании", "ующий", "ующих",
    "ающих", "ительный", "ительных", "ский", "ская", "ского", "ских", "ство", "ства",
    "ствами", "ник", "ника", "ники", "ников", "щик", "чество", "ный", "ная", "ного",
};
static const char *const prefixes[] = {
    "", "", "", "", "пере", "до", "пред", "со", "само", "меж", "без", "вне", "под", "за",
    "про", "вз", "раз", "анти", "пост", "квази", "мини", "мега", "эко", "медиа", "арт",
};
static const char *const syl_c[] = {
    "б", "в", "г", "д", "ж", "з", "к", "л", "м", "н", "п", "р", "с", "т", "ф", "х", "ц",
    "ч", "ш", "бр", "гр", "др", "кр", "пр", "тр", "ст", "сл", "зв", "кл", "пл",
};
static const char *const syl_v[] = {"а", "о", "е", "и", "у", "ы", "я", "ю", "а", "о", "е", "и"};
static const char *const surname_suf[] = {
    "ов", "ев", "ин", "ский", "цкий", "енко", "ук", "ова", "ева", "ина", "ская", "ич", "ян",
};
static const char *const place_suf[] = {
    "ово", "ево", "ино", "ск", "овка", "евка", "инский", "овское", "град", "поль", "ань",
};
static const char *const surnames[] = {
    "Иванов", "Смирнова", "Кузнецов", "Попова", "Васильев", "Петрова", "Соколов", "Михайлова",
    "Новиков", "Фёдорова", "Морозов", "Волкова", "Алексеев", "Лебедева", "Семёнов", "Егорова",
    "Павлов", "Козлова", "Степанов", "Николаева", "Орлов", "Андреева", "Макаров", "Захарова",
};
static const char *const places[] = {
    "Багратионовск", "Светлогорск", "Мильково", "Елизово", "Усть-Камчатск", "Петропавловск",
    "Уфа", "Стерлитамак", "Салават", "Туймазы", "Нефтекамск", "Белорецк", "Сибай", "Кумертау",
    "Ижевск", "Глазов", "Сарапул", "Воткинск", "Казань", "Набережные Челны", "Альметьевск",
    "Кострома", "Шарья", "Галич", "Буй", "Нерехта", "Вологда", "Череповец", "Сокол", "Тотьма",
};
static const char *const abbrevs[] = {
    "НКО", "СОНКО", "ОВЗ", "МО", "ТОС", "ФПГ", "ЗОЖ", "ГБУ", "МБУ", "МБОУ", "МАОУ", "ДК",
    "ЦКД", "ЦОИ", "СМИ", "РФ", "ФЗ", "ИКТ", "ПФДО", "ВОВ", "СВО", "ДОУ", "КДН", "ОКТМО",
    "ИНН", "ОГРН", "ГТО", "РДШ", "ВУЗ", "СПО", "ПНИ", "ДДТ", "ЦРБ", "АНО", "РОО", "МОО",
};
/* ё words: each is written with ё or with е, as in real applications */
static const char *const yo_words[] = {
    "ещё", "её", "всё", "молодёжь", "молодёжи", "молодёжный", "молодёжных", "молодёжной",
    "учёт", "отчёт", "отчёта", "объём", "объёма", "партнёр", "партнёры", "партнёров",
    "ребёнок", "ребёнка", "счёт", "подъём", "приём", "приёмы", "лёгкий", "зелёный",
    "зелёных", "вовлечённость", "вовлечённых", "определённых", "объединённых", "учёные",
    "твёрдых", "семёйный", "звёзды", "шёл", "новосёлы", "черёмуха", "берёза", "ёлка",
};

static void add_syllables(gs_buf_t *b, rng *r, int n)
{
    for (int i = 0; i < n; i++) {
        buf_puts(b, syl_c[rng_below(r, sizeof syl_c / sizeof *syl_c)]);
        buf_puts(b, syl_v[rng_below(r, sizeof syl_v / sizeof *syl_v)]);
    }
}

/* Capitalise the first (Cyrillic or Latin) letter in place. */
static void capitalise(char *s)
{
    unsigned char *p = (unsigned char *)s;
    if (p[0] >= 'a' && p[0] <= 'z')
        p[0] -= 32;
    else if (p[0] == 0xd0 && p[1] >= 0xb0 && p[1] <= 0xbf)
        p[1] -= 0x20;
    else if (p[0] == 0xd1 && p[1] >= 0x80 && p[1] <= 0x8f)
        p[0] = 0xd0, p[1] += 0x20;
    else if (p[0] == 0xd1 && p[1] == 0x91)
        p[0] = 0xd0, p[1] = 0x81;
}

/* Cut the last k UTF-8 characters of s (in place). */
static void cut_chars(char *s, size_t k)
{
    size_t n = strlen(s);
    while (k && n) {
        n--;
        if (((unsigned char)s[n] & 0xc0) != 0x80)
            k--;
    }
    s[n] = '\0';
}

/* Tail item number i of a kind: always the same string for the same i, so
 * that a Zipf draw of indices repeats common tail words and rarely makes
 * new ones. */
enum { TAIL_FORM, TAIL_SURNAME, TAIL_PLACE, TAIL_ABBR, TAIL_HYPHEN };

static void tail_word(const model *m, int kind, uint64_t i, gs_buf_t *out)
{
    rng r;
    rng_seed(&r, i, 0x7a11 + (uint64_t)kind);
    char tmp[256];
    switch (kind) {
    case TAIL_FORM: {
        const char *w = m->voc.str[m->stems.v[rng_below(&r, m->stems.n)]];
        snprintf(tmp, sizeof tmp, "%s", w);
        cut_chars(tmp, 1 + rng_below(&r, 3));
        buf_puts(out, prefixes[rng_below(&r, sizeof prefixes / sizeof *prefixes)]);
        buf_puts(out, tmp);
        buf_puts(out, endings[rng_below(&r, sizeof endings / sizeof *endings)]);
        break;
    }
    case TAIL_SURNAME:
        if (i <= sizeof surnames / sizeof *surnames) {
            buf_puts(out, surnames[i - 1]);
            break;
        } else {
            size_t at = out->len;
            add_syllables(out, &r, 2 + (int)rng_below(&r, 2));
            buf_puts(out, surname_suf[rng_below(&r, sizeof surname_suf / sizeof *surname_suf)]);
            capitalise(out->s + at);
        }
        break;
    case TAIL_PLACE:
        if (i <= sizeof places / sizeof *places) {
            buf_puts(out, places[i - 1]);
        } else {
            size_t at = out->len;
            add_syllables(out, &r, 2 + (int)rng_below(&r, 2));
            buf_puts(out, place_suf[rng_below(&r, sizeof place_suf / sizeof *place_suf)]);
            capitalise(out->s + at);
        }
        break;
    case TAIL_ABBR:
        if (i <= sizeof abbrevs / sizeof *abbrevs) {
            buf_puts(out, abbrevs[i - 1]);
        } else {
            static const char *const up[] = {"А", "Б", "В", "Г", "Д", "Е", "З", "И", "К", "Л",
                                             "М", "Н", "О", "П", "Р", "С", "Т", "У", "Ф", "Ц"};
            int n = 2 + (int)rng_below(&r, 4);
            for (int k = 0; k < n; k++)
                buf_puts(out, up[rng_below(&r, sizeof up / sizeof *up)]);
        }
        break;
    case TAIL_HYPHEN: {
        const char *a = m->voc.str[m->adjs.v[rng_below(&r, m->adjs.n)]];
        const char *b = m->voc.str[m->adjs.v[rng_below(&r, m->adjs.n)]];
        snprintf(tmp, sizeof tmp, "%s", a);
        cut_chars(tmp, 2);
        buf_puts(out, tmp);
        buf_puts(out, rng_below(&r, 3) ? "о-" : "-");
        buf_puts(out, b);
        break;
    }
    }
}

/* Typos: swap two neighbouring letters, or drop one. */
static void typo(gs_buf_t *b, size_t from, rng *r)
{
    char *s = b->s + from;
    size_t n = b->len - from;
    /* character starts */
    size_t idx[128], k = 0;
    for (size_t i = 0; i < n && k < 128; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            idx[k++] = i;
    if (k < 4)
        return;
    size_t c = 1 + rng_below(r, k - 2); /* never the first letter */
    size_t cend = c + 1 < k ? idx[c + 1] : n;
    if (rng_chance(r, 0.5) && c + 1 < k) {
        size_t nend = c + 2 < k ? idx[c + 2] : n;
        char t[8], u[8];
        size_t lt = cend - idx[c], lu = nend - cend;
        memcpy(t, s + idx[c], lt);
        memcpy(u, s + cend, lu);
        memcpy(s + idx[c], u, lu);
        memcpy(s + idx[c] + lu, t, lt);
    } else {
        memmove(s + idx[c], s + cend, n - cend);
        b->len -= cend - idx[c];
        b->s[b->len] = '\0';
    }
}

/* ----------------------------------------------------------- generation */

/* Tail rates per word token (tuned so that distinct terms grow like the
 * real archive's; see bench/README.md). */
#define P_TAIL 0.08
#define ZIPF_S 1.25
#define P_TYPO 0.005

typedef struct {
    const model *m;
    rng *r;
} gen;

static int no_space_before(const char *t)
{
    return !strcmp(t, ",") || !strcmp(t, ".") || !strcmp(t, ":") || !strcmp(t, ")") ||
           !strcmp(t, "!") || !strcmp(t, "?") || !strcmp(t, "»") || !strcmp(t, "%");
}

static int no_space_after(const char *t)
{
    return !strcmp(t, "(") || !strcmp(t, "«");
}

/* Emit one word token (maybe replaced by a tail item, maybe with a typo). */
static void emit_word(gen *g, gs_buf_t *out, const char *w)
{
    rng *r = g->r;
    size_t at = out->len;
    if (rng_chance(r, P_TAIL)) {
        double u = rng_unit(r);
        if (u < 0.45)
            tail_word(g->m, TAIL_FORM, rng_zipf(r, ZIPF_S), out);
        else if (u < 0.57)
            tail_word(g->m, TAIL_SURNAME, rng_zipf(r, ZIPF_S), out);
        else if (u < 0.67)
            tail_word(g->m, TAIL_PLACE, rng_zipf(r, ZIPF_S), out);
        else if (u < 0.75)
            tail_word(g->m, TAIL_ABBR, rng_zipf(r, 1.8), out);
        else if (u < 0.83)
            tail_word(g->m, TAIL_HYPHEN, rng_zipf(r, ZIPF_S), out);
        else if (u < 0.90) {
            const char *y = yo_words[rng_below(r, sizeof yo_words / sizeof *yo_words)];
            buf_puts(out, y);
            if (rng_chance(r, 0.5)) /* ё -> е */
                for (char *p = out->s + at; (p = strstr(p, "ё")); )
                    memcpy(p, "е", 2);
        } else {
            /* numbers: counts, years, percentages, amounts */
            double v = rng_unit(r);
            if (v < 0.3)
                buf_printf(out, "%ld", rng_logu(r, 2, 5000));
            else if (v < 0.5)
                buf_printf(out, "%ld", 1990 + (long)rng_below(r, 40));
            else if (v < 0.65)
                buf_printf(out, "%ld%%", 1 + (long)rng_below(r, 100));
            else if (v < 0.8)
                buf_printf(out, "%ld-%ld", (long)rng_below(r, 20), 20 + (long)rng_below(r, 60));
            else
                buf_printf(out, "%ld", rng_logu(r, 1000, 99999999));
        }
        return;
    }
    buf_puts(out, w);
    if (rng_chance(r, P_TYPO))
        typo(out, at, r);
}

/* One sentence from the chain, starting from a field's sentence starts. */
static void sentence(gen *g, int field, gs_buf_t *out, int max_tokens)
{
    const model *m = g->m;
    rng *r = g->r;
    uint32_t cur = m->starts[field].v[rng_below(r, m->starts[field].n)];
    const char *prev = NULL;
    int ntok = 0;
    for (;;) {
        const char *t = m->voc.str[cur];
        if (prev && !no_space_before(t) && !no_space_after(prev))
            buf_add(out, " ", 1);
        if (m->voc.isword[cur])
            emit_word(g, out, t);
        else
            buf_puts(out, t);
        prev = t;
        ntok++;
        if (is_sentence_end(t))
            return;
        uint32_t lo = m->succ_off[cur], hi = m->succ_off[cur + 1];
        uint32_t next = hi > lo ? m->succ[lo + rng_below(r, hi - lo)] : TOK_END;
        if (next == TOK_END || ntok >= max_tokens) {
            if (field != F_TITLE)
                buf_add(out, ".", 1);
            return;
        }
        cur = next;
    }
}

/* Text of about `target` bytes: sentences until the target is reached;
 * `sep` between sentences (" " or a line break for paragraphs). */
static void text_field(gen *g, int field, gs_buf_t *out, size_t target, size_t max)
{
    size_t start = out->len;
    while (out->len - start < target) {
        if (out->len > start)
            buf_puts(out, rng_chance(g->r, 0.2) ? "\n" : " ");
        sentence(g, field, out, 50);
    }
    if (out->len - start > max) {
        /* cut at the last space before max */
        size_t cut = start + max;
        while (cut > start && out->s[cut] != ' ')
            cut--;
        if (cut > start) {
            out->len = cut;
            out->s[out->len] = '\0';
            buf_add(out, ".", 1);
        }
    }
}

static const char *const directions[] = {
    "Социальное обслуживание, социальная поддержка и защита граждан",
    "Охрана здоровья граждан, пропаганда здорового образа жизни",
    "Поддержка семьи, материнства, отцовства и детства",
    "Поддержка молодежных проектов, реализация которых охватывает виды деятельности, "
    "предусмотренные статьей 31.1 Федерального закона от 12 января 1996 г. № 7-ФЗ «О "
    "некоммерческих организациях»",
    "Поддержка проектов в области науки, образования, просвещения",
    "Поддержка проектов в области культуры и искусства",
    "Выявление и поддержка молодых талантов в области культуры и искусства",
    "Сохранение исторической памяти",
    "Защита прав и свобод человека и гражданина, в том числе защита прав заключенных",
    "Охрана окружающей среды и защита животных",
    "Укрепление межнационального и межрелигиозного согласия",
    "Развитие общественной дипломатии и поддержка соотечественников",
    "Развитие институтов гражданского общества",
    "Развитие институтов гражданского общества — долгосрочный проект",
    "Развитие институтов гражданского общества и общественного самоуправления",
    "Поддержка проектов в области развития местного самоуправления",
};
static const char *const regions[] = {
    "Алтайский край", "Амурская область", "Архангельская область", "Астраханская область",
    "Белгородская область", "Брянская область", "Владимирская область", "Волгоградская область",
    "Вологодская область", "Воронежская область", "Донецкая Народная Республика",
    "Забайкальский край", "Запорожская область", "Ивановская область", "Иркутская область",
    "Кабардино-Балкарская Республика", "Калининградская область", "Калужская область",
    "Камчатский край", "Карачаево-Черкесская Республика", "Кемеровская область",
    "Кировская область", "Костромская область", "Краснодарский край", "Красноярский край",
    "Курганская область", "Курская область", "Ленинградская область", "Липецкая область",
    "Луганская Народная Республика", "Москва", "Московская область", "Мурманская область",
    "Ненецкий автономный округ", "Нижегородская область", "Новгородская область",
    "Новосибирская область", "Омская область", "Оренбургская область", "Орловская область",
    "Пензенская область", "Пермский край", "Приморский край", "Псковская область",
    "Республика Адыгея", "Республика Алтай", "Республика Башкортостан", "Республика Бурятия",
    "Республика Дагестан", "Республика Ингушетия", "Республика Калмыкия", "Республика Карелия",
    "Республика Коми", "Республика Крым", "Республика Марий Эл", "Республика Мордовия",
    "Республика Саха (Якутия)", "Республика Северная Осетия — Алания", "Республика Татарстан",
    "Республика Тыва", "Республика Хакасия", "Ростовская область", "Рязанская область",
    "Самарская область", "Санкт-Петербург", "Саратовская область", "Сахалинская область",
    "Свердловская область", "Севастополь", "Смоленская область", "Ставропольский край",
    "Тамбовская область", "Тверская область", "Томская область", "Тульская область",
    "Тюменская область", "Удмуртская Республика", "Ульяновская область", "Хабаровский край",
    "Ханты-Мансийский автономный округ — Югра", "Челябинская область", "Чеченская Республика",
    "Чувашская Республика", "Ямало-Ненецкий автономный округ", "Ярославская область",
};
#define NREGIONS (sizeof regions / sizeof *regions)
static const char *const org_forms[] = {
    "АВТОНОМНАЯ НЕКОММЕРЧЕСКАЯ ОРГАНИЗАЦИЯ", "РЕГИОНАЛЬНАЯ ОБЩЕСТВЕННАЯ ОРГАНИЗАЦИЯ",
    "МЕСТНАЯ ОБЩЕСТВЕННАЯ ОРГАНИЗАЦИЯ", "БЛАГОТВОРИТЕЛЬНЫЙ ФОНД", "НЕКОММЕРЧЕСКИЙ ФОНД",
    "АССОЦИАЦИЯ", "СОЮЗ", "ОБЩЕСТВЕННАЯ ОРГАНИЗАЦИЯ", "МЕСТНАЯ РЕЛИГИОЗНАЯ ОРГАНИЗАЦИЯ",
    "ТЕРРИТОРИАЛЬНОЕ ОБЩЕСТВЕННОЕ САМОУПРАВЛЕНИЕ",
};
static const char *const ordinals[] = {"Первый", "Второй"};

/* An upper-cased copy of UTF-8 Cyrillic/Latin text (for org names). */
static void upcase(char *s)
{
    unsigned char *p = (unsigned char *)s;
    while (*p) {
        if (p[0] >= 'a' && p[0] <= 'z') {
            p[0] -= 32;
            p++;
        } else if (p[0] == 0xd0 && p[1] >= 0xb0 && p[1] <= 0xbf) {
            p[1] -= 0x20;
            p += 2;
        } else if (p[0] == 0xd1 && p[1] >= 0x80 && p[1] <= 0x8f) {
            p[0] = 0xd0;
            p[1] += 0x20;
            p += 2;
        } else if (p[0] == 0xd1 && p[1] == 0x91) {
            p[0] = 0xd0;
            p[1] = 0x81;
            p += 2;
        } else {
            p += utf8_len(p[0]);
        }
    }
}

static void digits(gs_buf_t *b, rng *r, int n, char first)
{
    buf_add(b, &first, 1);
    for (int i = 1; i < n; i++) {
        char c = (char)('0' + rng_below(r, 10));
        buf_add(b, &c, 1);
    }
}

/* "998 532,00" */
static void amount(gs_buf_t *b, long rub)
{
    char tmp[32], out[48];
    int n = snprintf(tmp, sizeof tmp, "%ld", rub), o = 0;
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            out[o++] = ' ';
        out[o++] = tmp[i];
    }
    out[o] = '\0';
    buf_printf(b, "%s,00", out);
}

static void date(gs_buf_t *b, rng *r, int year, int m_lo, int m_hi)
{
    int mon = m_lo + (int)rng_below(r, (uint64_t)(m_hi - m_lo + 1));
    buf_printf(b, "%02d.%02d.%d", 1 + (int)rng_below(r, 28), mon, year);
}

/* The record's columns, as plain strings (unescaped). */
enum {
    C_NAME, C_CONTEST, C_YEAR, C_DIRECTION, C_DATE_REQ, C_REGION, C_ORG, C_INN, C_OGRN,
    C_START, C_END, C_WINNER, C_RATE, C_MONEY, C_COFUND, C_TOTAL, C_DESC, C_GOAL, C_TASKS,
    C_SIGNIF, C_GEO, C_TG, C_ADDRESS, C_WEB, C_REQ_NUM, C_LINK, C_OKATO, C_OKTMO, C_LEVEL,
    NCOLS
};
static const char *const col_names[NCOLS] = {
    "name", "contest", "year", "direction", "date_req", "region", "org", "inn", "ogrn",
    "implem_start", "implem_end", "winner", "rate", "money_req_grant", "cofunding",
    "total_money", "description", "goal", "tasks", "soc_signif", "pj_geo", "target_groups",
    "address", "web_site", "req_num", "link", "okato", "oktmo", "level",
};

typedef struct {
    gs_buf_t col[NCOLS];
} record;

/* Per-(year, contest) counters keep req_num unique. */
static unsigned counters[9][2];

static void make_record(const model *m, uint64_t seed, uint64_t i, record *rec)
{
    rng r;
    rng_seed(&r, seed, i);
    gen g = {m, &r};
    for (int c = 0; c < NCOLS; c++)
        gs_buf_reset(&rec->col[c]);
    /* more applications in later years, as in the archive */
    int yi = (int)(sqrt(rng_unit(&r)) * 9.0);
    if (yi > 8)
        yi = 8;
    int year = 2017 + yi, contest = (int)rng_below(&r, 2);
    unsigned num = ++counters[yi][contest];
    size_t reg = rng_below(&r, NREGIONS);
    int winner = rng_chance(&r, 0.2);

    /* title: one sentence of 4-20 tokens, no final full stop */
    gs_buf_t *title = &rec->col[C_NAME];
    sentence(&g, F_TITLE, title, 4 + (int)rng_below(&r, 17));
    while (title->len && strchr(".,:(«", title->s[title->len - 1]))
        title->s[--title->len] = '\0';
    buf_printf(&rec->col[C_CONTEST], "%s конкурс %d", ordinals[contest], year);
    buf_printf(&rec->col[C_YEAR], "%d", year);
    buf_puts(&rec->col[C_DIRECTION], directions[rng_below(&r, sizeof directions / sizeof *directions)]);
    date(&rec->col[C_DATE_REQ], &r, contest ? year : year - (yi > 0), contest ? 8 : 11,
         contest ? 10 : 12);
    buf_puts(&rec->col[C_REGION], regions[reg]);

    gs_buf_t *org = &rec->col[C_ORG];
    buf_puts(org, org_forms[rng_below(&r, sizeof org_forms / sizeof *org_forms)]);
    buf_puts(org, " \"");
    size_t at = org->len;
    sentence(&g, F_TITLE, org, 2 + (int)rng_below(&r, 4));
    while (org->len > at && (org->s[org->len - 1] == '.' || org->s[org->len - 1] == ','))
        org->len--;
    org->s[org->len] = '\0';
    upcase(org->s + at);
    buf_puts(org, "\"");

    digits(&rec->col[C_INN], &r, 10, (char)('1' + rng_below(&r, 9)));
    digits(&rec->col[C_OGRN], &r, 13, '1');
    date(&rec->col[C_START], &r, year + contest, contest ? 1 : 3, contest ? 3 : 6);
    date(&rec->col[C_END], &r, year + 1 + contest, 1, 12);
    buf_puts(&rec->col[C_WINNER], winner ? "true" : "false");
    if (winner)
        buf_printf(&rec->col[C_RATE], "%ld,%ld", 60 + (long)rng_below(&r, 40),
                   (long)rng_below(&r, 10));
    long grant = rng_logu(&r, 200000, 9000000) / 100 * 100 + (long)rng_below(&r, 100);
    long cofund = (long)(grant * rng_unit(&r) * 1.5);
    amount(&rec->col[C_MONEY], grant);
    amount(&rec->col[C_COFUND], cofund);
    amount(&rec->col[C_TOTAL], grant + cofund);

    text_field(&g, F_DESC, &rec->col[C_DESC], (size_t)rng_logu(&r, 1000, 4000), 4200);
    text_field(&g, F_GOAL, &rec->col[C_GOAL], (size_t)rng_logu(&r, 100, 400), 450);
    gs_buf_t *tasks = &rec->col[C_TASKS];
    int ntasks = 2 + (int)rng_below(&r, 5);
    for (int k = 0; k < ntasks; k++) {
        if (k)
            buf_puts(tasks, "\n");
        buf_printf(tasks, "%d. ", k + 1);
        sentence(&g, F_TASKS, tasks, 30);
    }
    text_field(&g, F_SIGNIF, &rec->col[C_SIGNIF], (size_t)rng_logu(&r, 1500, 8000), 8200);

    gs_buf_t *geo = &rec->col[C_GEO];
    buf_puts(geo, regions[reg]);
    int nplaces = (int)rng_below(&r, 6);
    for (int k = 0; k < nplaces; k++) {
        buf_puts(geo, rng_chance(&r, 0.5) ? ", г. " : ", ");
        tail_word(m, TAIL_PLACE, rng_zipf(&r, 1.3), geo);
        if (rng_chance(&r, 0.4))
            buf_puts(geo, rng_chance(&r, 0.5) ? " муниципальный район" : " городской округ");
    }
    text_field(&g, F_TG, &rec->col[C_TG], (size_t)rng_logu(&r, 50, 400), 450);

    buf_printf(&rec->col[C_ADDRESS], "%ld, %s, г. ", 100000 + (long)rng_below(&r, 590000),
               regions[reg]);
    tail_word(m, TAIL_PLACE, rng_zipf(&r, 1.3), &rec->col[C_ADDRESS]);
    buf_printf(&rec->col[C_ADDRESS], ", ул. ");
    tail_word(m, TAIL_SURNAME, rng_zipf(&r, 1.3), &rec->col[C_ADDRESS]);
    buf_printf(&rec->col[C_ADDRESS], "а, д. %ld", 1 + (long)rng_below(&r, 120));
    if (rng_chance(&r, 0.73))
        buf_printf(&rec->col[C_WEB], "https://org%llu.ru",
                   (unsigned long long)(rng_next(&r) % 1000000));
    buf_printf(&rec->col[C_REQ_NUM], "%02d-%d-%06u", year % 100, contest + 1, num);
    uint64_t a = rng_next(&r), b = rng_next(&r);
    buf_printf(&rec->col[C_LINK],
               "https://президентскиегранты.рф/public/application/item?id=%08llx-%04llx-%04llx-%04llx-%012llx",
               (unsigned long long)(a >> 32), (unsigned long long)((a >> 16) & 0xffff),
               (unsigned long long)(a & 0xffff), (unsigned long long)(b >> 48),
               (unsigned long long)(b & 0xffffffffffffULL));
    buf_printf(&rec->col[C_OKATO], "%02zu000000000", 1 + reg);
    buf_printf(&rec->col[C_OKTMO], "%02zu000000", 1 + reg);
    buf_puts(&rec->col[C_LEVEL], "регион");
}

/* ------------------------------------------------------------- writers */

static void csv_field(gs_buf_t *o, const gs_buf_t *v)
{
    int quote = 0;
    for (size_t i = 0; i < v->len; i++)
        if (v->s[i] == '"' || v->s[i] == '\n' || v->s[i] == '\r' || v->s[i] == ';')
            quote = 1;
    if (!quote) {
        buf_add(o, v->s, v->len);
        return;
    }
    buf_add(o, "\"", 1);
    for (size_t i = 0; i < v->len; i++) {
        if (v->s[i] == '"')
            buf_add(o, "\"", 1);
        if (v->s[i] != ';') /* removed from text, as in the real CSV */
            buf_add(o, v->s + i, 1);
    }
    buf_add(o, "\"", 1);
}

static void json_field(gs_buf_t *o, const char *key, const char *v, int first)
{
    buf_printf(o, "%s\"%s\": \"", first ? "" : ", ", key);
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        if (*p == '"' || *p == '\\') {
            char e[2] = {'\\', (char)*p};
            buf_add(o, e, 2);
        } else if (*p == '\n') {
            buf_add(o, "\\n", 2);
        } else if (*p < 0x20) {
            buf_printf(o, "\\u%04x", *p);
        } else {
            buf_add(o, (const char *)p, 1);
        }
    }
    buf_add(o, "\"", 1);
}

static void write_record(gs_buf_t *o, const record *rec, int jsonl)
{
    if (!jsonl) {
        for (int c = 0; c < NCOLS; c++) {
            if (c)
                buf_add(o, ";", 1);
            csv_field(o, &rec->col[c]);
        }
        buf_add(o, "\n", 1);
        return;
    }
    const int winner = !strcmp(rec->col[C_WINNER].s, "true");
    buf_add(o, "{", 1);
    json_field(o, "id", rec->col[C_REQ_NUM].s, 1);
    json_field(o, "title", rec->col[C_NAME].s, 0);
    json_field(o, "status", winner ? "победитель конкурса" : "проект не получил поддержки", 0);
    json_field(o, "contest", rec->col[C_CONTEST].s, 0);
    json_field(o, "direction", rec->col[C_DIRECTION].s, 0);
    json_field(o, "number", rec->col[C_REQ_NUM].s, 0);
    json_field(o, "date", rec->col[C_DATE_REQ].s, 0);
    json_field(o, "amount", rec->col[C_MONEY].s, 0);
    json_field(o, "org", rec->col[C_ORG].s, 0);
    json_field(o, "description", rec->col[C_DESC].s, 0);
    json_field(o, "goal", rec->col[C_GOAL].s, 0);
    json_field(o, "tasks", rec->col[C_TASKS].s, 0);
    json_field(o, "significance", rec->col[C_SIGNIF].s, 0);
    json_field(o, "geography", rec->col[C_GEO].s, 0);
    json_field(o, "target_groups", rec->col[C_TG].s, 0);
    json_field(o, "region", rec->col[C_REGION].s, 0);
    json_field(o, "year", rec->col[C_YEAR].s, 0);
    buf_add(o, "}\n", 2);
}

/* -------------------------------------------------- queries and drafts */

/* Lower-case a UTF-8 Cyrillic/Latin word in place. */
static void downcase(char *s)
{
    unsigned char *p = (unsigned char *)s;
    while (*p) {
        if (p[0] >= 'A' && p[0] <= 'Z') {
            p[0] += 32;
            p++;
        } else if (p[0] == 0xd0 && p[1] >= 0x90 && p[1] <= 0x9f) {
            p[1] += 0x20;
            p += 2;
        } else if (p[0] == 0xd0 && p[1] >= 0xa0 && p[1] <= 0xaf) {
            p[0] = 0xd1;
            p[1] -= 0x20;
            p += 2;
        } else if (p[0] == 0xd0 && p[1] == 0x81) {
            p[0] = 0xd1;
            p[1] = 0x91;
            p += 2;
        } else {
            p += utf8_len(p[0]);
        }
    }
}

static int is_content(const model *m, uint32_t id)
{
    if (id == TOK_END || !m->voc.isword[id])
        return 0;
    const char *s = m->voc.str[id];
    if (utf8_chars(s) < 4 || isdigit((unsigned char)s[0]))
        return 0;
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s", s);
    downcase(tmp);
    return !is_stopword(tmp);
}

/* 1,000 keyword queries: 1-4 words.  Multi-word queries take content words
 * of one training sentence (in order), so they co-occur in the generated
 * text as they do in real text; some are contiguous phrases; some are a
 * single rare word (a training word seen once, or a common tail item). */
static void write_queries(const model *m, uint64_t seed, size_t nq, FILE *out)
{
    rng r;
    rng_seed(&r, seed, 0xabcdef);
    gs_buf_t q = {0};
    size_t made = 0;
    while (made < nq) {
        gs_buf_reset(&q);
        double u = rng_unit(&r);
        if (u < 0.12) { /* rare word */
            uint32_t id;
            int tries = 0;
            do
                id = m->words.v[rng_below(&r, m->words.n)];
            while (m->voc.cnt[id] > 1 && ++tries < 50);
            buf_puts(&q, m->voc.str[id]);
        } else if (u < 0.17) { /* a common tail item (exists at N >= 1,000) */
            tail_word(m, rng_chance(&r, 0.5) ? TAIL_ABBR : TAIL_SURNAME, 1 + rng_below(&r, 20), &q);
        } else {
            size_t si = rng_below(&r, m->sent_start.n);
            uint32_t *s = m->stream.v + m->sent_start.v[si];
            size_t len = 0;
            while (s[len] != TOK_END)
                len++;
            uint32_t cw[64];
            size_t ncw = 0;
            for (size_t k = 0; k < len && ncw < 64; k++)
                if (is_content(m, s[k]))
                    cw[ncw++] = s[k];
            if (!ncw)
                continue;
            double w = rng_unit(&r);
            size_t want = w < 0.30 ? 1 : w < 0.65 ? 2 : w < 0.90 ? 3 : 4;
            if (want > ncw)
                want = ncw;
            if (u < 0.35 && len >= 2) { /* contiguous phrase of 2-3 words */
                size_t k = rng_below(&r, len - 1), n = 0;
                for (; k < len && n < 3 && m->voc.isword[s[k]]; k++, n++) {
                    if (n)
                        buf_puts(&q, " ");
                    buf_puts(&q, m->voc.str[s[k]]);
                }
                if (n < 2)
                    continue;
            } else {
                size_t from = rng_below(&r, ncw - want + 1);
                for (size_t k = 0; k < want; k++) {
                    if (k)
                        buf_puts(&q, " ");
                    buf_puts(&q, m->voc.str[cw[from + k]]);
                }
            }
        }
        if (!q.len)
            continue;
        downcase(q.s);
        fprintf(out, "%s\n", q.s);
        made++;
    }
    free(q.s);
}

/* Drafts for "similar": paragraphs of 2-5 sentences, one per line. */
static void write_drafts(const model *m, uint64_t seed, size_t nd, FILE *out)
{
    rng r;
    rng_seed(&r, seed, 0xd4af7);
    gen g = {m, &r};
    gs_buf_t d = {0};
    static const int fields[] = {F_DESC, F_SIGNIF, F_GOAL, F_DESC};
    for (size_t i = 0; i < nd; i++) {
        gs_buf_reset(&d);
        int ns = 2 + (int)rng_below(&r, 4);
        for (int k = 0; k < ns; k++) {
            if (k)
                buf_puts(&d, " ");
            sentence(&g, fields[rng_below(&r, 4)], &d, 40);
        }
        for (size_t k = 0; k < d.len; k++)
            if (d.s[k] == '\n' || d.s[k] == '\t')
                d.s[k] = ' ';
        fprintf(out, "%s\n", d.s);
    }
    free(d.s);
}

/* ----------------------------------------------------------------- main */

static const char usage[] =
    "usage: gen_corpus [-n N] [--seed S] [--format csv|jsonl] [-o OUT]\n"
    "                  [--seeds DIR] [--train FILE.jsonl]\n"
    "                  [--queries FILE] [--nqueries N] [--drafts FILE] [--ndrafts N]\n"
    "Writes N synthetic applications (default 1000) trained on the real seed pages.\n"
    "Same seed and N -> byte-identical output.  See bench/README.md.\n";

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"seed", required_argument, NULL, 's'},   {"format", required_argument, NULL, 'f'},
        {"seeds", required_argument, NULL, 'S'},  {"train", required_argument, NULL, 't'},
        {"queries", required_argument, NULL, 'q'}, {"nqueries", required_argument, NULL, 'Q'},
        {"drafts", required_argument, NULL, 'd'}, {"ndrafts", required_argument, NULL, 'D'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    unsigned long long n = 1000, seed = 1, nq = 1000, nd = 100;
    int jsonl = 0, c;
    const char *seeds_dir = GS_SRCDATADIR "/seeds", *train = NULL, *outp = NULL;
    const char *qpath = NULL, *dpath = NULL;
    while ((c = getopt_long(argc, argv, "n:s:f:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'n': n = strtoull(optarg, NULL, 10); break;
        case 's': seed = strtoull(optarg, NULL, 10); break;
        case 'f':
            if (!strcmp(optarg, "jsonl"))
                jsonl = 1;
            else if (strcmp(optarg, "csv"))
                die("--format: csv or jsonl, not '%s'", optarg);
            break;
        case 'o': outp = optarg; break;
        case 'S': seeds_dir = optarg; break;
        case 't': train = optarg; break;
        case 'q': qpath = optarg; break;
        case 'Q': nq = strtoull(optarg, NULL, 10); break;
        case 'd': dpath = optarg; break;
        case 'D': nd = strtoull(optarg, NULL, 10); break;
        case 'h': fputs(usage, stdout); return 0;
        default: fputs(usage, stderr); return 1;
        }
    }
    if (optind != argc) {
        fputs(usage, stderr);
        return 1;
    }

    static model m;
    vocab_id(&m.voc, "", 0, 0); /* id 0 = TOK_END */
    char pat[4096];
    snprintf(pat, sizeof pat, "%s/*.txt", seeds_dir);
    glob_t gl;
    if (glob(pat, 0, NULL, &gl) != 0 || gl.gl_pathc == 0)
        die("no seed pages in %s", seeds_dir);
    for (size_t i = 0; i < gl.gl_pathc; i++)
        train_seed_page(&m, gl.gl_pathv[i]);
    globfree(&gl);
    if (train)
        train_jsonl(&m, train);
    model_finish(&m);
    fprintf(stderr, "gen_corpus: trained on %zu documents, %zu tokens, %zu distinct\n",
            m.train_docs, m.stream.n - m.sent_start.n, m.voc.n - 1);

    if (qpath) {
        FILE *f = fopen(qpath, "w");
        if (!f)
            die("%s: %s", qpath, strerror(errno));
        write_queries(&m, seed, nq, f);
        if (fclose(f) != 0)
            die("%s: write error", qpath);
    }
    if (dpath) {
        FILE *f = fopen(dpath, "w");
        if (!f)
            die("%s: %s", dpath, strerror(errno));
        write_drafts(&m, seed, nd, f);
        if (fclose(f) != 0)
            die("%s: write error", dpath);
    }
    if ((qpath || dpath) && !outp)
        return 0; /* only queries/drafts asked for */

    FILE *out = outp ? fopen(outp, "w") : stdout;
    if (!out)
        die("%s: %s", outp, strerror(errno));
    gs_buf_t o = {0};
    size_t text_bytes = 0, out_bytes = 0;
    record rec;
    memset(&rec, 0, sizeof rec);
    if (!jsonl) {
        for (int k = 0; k < NCOLS; k++)
            buf_printf(&o, "%s%s", k ? ";" : "", col_names[k]);
        buf_puts(&o, "\n");
    }
    for (unsigned long long i = 0; i < n; i++) {
        make_record(&m, seed, i, &rec);
        for (int k = 0; k < NCOLS; k++)
            if (k == C_NAME || k == C_ORG || (k >= C_DESC && k <= C_TG))
                text_bytes += rec.col[k].len;
        write_record(&o, &rec, jsonl);

        if (o.len > (1 << 20)) {
            out_bytes += o.len;
            if (fwrite(o.s, 1, o.len, out) != o.len)
                die("write error");
            gs_buf_reset(&o);
        }
    }
    out_bytes += o.len;
    if (o.len && fwrite(o.s, 1, o.len, out) != o.len)
        die("write error");
    if (out != stdout ? fclose(out) != 0 : fflush(out) != 0)
        die("write error");
    /* one line for bench/run.sh: the text bytes are what an index holds */
    fprintf(stderr, "gen_corpus: records=%llu bytes=%zu text_bytes=%zu format=%s seed=%llu\n", n,
            out_bytes, text_bytes, jsonl ? "jsonl" : "csv", seed);
    for (int k = 0; k < NCOLS; k++)
        free(rec.col[k].s);
    free(o.s);
    return 0;
}
