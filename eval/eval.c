/* eval.c - TREC-style effectiveness figures (see eval.h for the rules). */
#include "eval/eval.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One qrels judgment or one run line. */
typedef struct {
    char *qid;
    char *docid;
    int grade;            /* qrels only */
    double score;         /* run only */
    const char *src;      /* file it came from (owned by gs_eval), or NULL */
    unsigned long line;   /* line number in src, or order of addition */
} entry;

typedef struct {
    entry *v;
    size_t n, cap;
    int sorted;           /* sorted and free of duplicates */
} entry_vec;

struct gs_eval {
    entry_vec qrels;
    entry_vec run;
    char **srcs;          /* file names, for messages */
    size_t n_srcs;
    unsigned long n_added;
};

gs_eval *gs_eval_new(void)
{
    return calloc(1, sizeof(gs_eval));
}

static void vec_free(entry_vec *vec)
{
    for (size_t i = 0; i < vec->n; i++) {
        free(vec->v[i].qid);
        free(vec->v[i].docid);
    }
    free(vec->v);
}

void gs_eval_free(gs_eval *ev)
{
    if (!ev)
        return;
    vec_free(&ev->qrels);
    vec_free(&ev->run);
    for (size_t i = 0; i < ev->n_srcs; i++)
        free(ev->srcs[i]);
    free(ev->srcs);
    free(ev);
}

static int vec_push(entry_vec *vec, const entry *e)
{
    if (vec->n == vec->cap) {
        size_t cap = vec->cap ? vec->cap * 2 : 256;
        entry *v = realloc(vec->v, cap * sizeof *v);
        if (!v)
            return -1;
        vec->v = v;
        vec->cap = cap;
    }
    vec->v[vec->n++] = *e;
    vec->sorted = 0;
    return 0;
}

/* Split `line` into at most `max` whitespace-separated fields, copying
 * them into buf (which must be as long as the line).  Returns the count,
 * or max + 1 when there are more fields than max. */
static int split(const char *line, char *buf, char **fields, int max)
{
    int n = 0;
    const char *p = line;
    char *o = buf;
    for (;;) {
        while (*p && isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        if (n == max)
            return max + 1;
        fields[n++] = o;
        while (*p && !isspace((unsigned char)*p))
            *o++ = *p++;
        *o++ = '\0';
    }
    return n;
}

static int parse_long(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end)
        return -1;
    *out = v;
    return 0;
}

static int is_blank_or_comment(const char *line)
{
    while (*line && isspace((unsigned char)*line))
        line++;
    return *line == '\0' || *line == '#';
}

static int add_line(gs_eval *ev, const char *line, int is_run, const char *src,
                    unsigned long lineno, const char **why)
{
    static const char *oom = "out of memory";
    if (is_blank_or_comment(line))
        return 0;
    char *buf = malloc(strlen(line) + 1);
    if (!buf) {
        *why = oom;
        return -1;
    }
    char *f[6];
    int want = is_run ? 6 : 4;
    int n = split(line, buf, f, want);
    entry e = {0};
    e.src = src;
    e.line = lineno;
    if (n != want) {
        *why = is_run ? "expected 6 fields: QID Q0 DOCID RANK SCORE TAG"
                      : "expected 4 fields: QID 0 DOCID GRADE";
        goto bad;
    }
    if (is_run) {
        long rank;
        char *end;
        if (parse_long(f[3], &rank) != 0) {
            *why = "RANK (4th field) is not an integer";
            goto bad;
        }
        errno = 0;
        e.score = strtod(f[4], &end);
        if (errno == ERANGE || end == f[4] || *end || isnan(e.score)) {
            *why = "SCORE (5th field) is not a number";
            goto bad;
        }
    } else {
        long grade;
        if (parse_long(f[3], &grade) != 0 || grade > 1000 || grade < -1000) {
            *why = "GRADE (4th field) is not a small integer";
            goto bad;
        }
        e.grade = grade < 0 ? 0 : (int)grade;
    }
    e.qid = strdup(f[0]);
    e.docid = strdup(f[2]);
    free(buf);
    if (!e.qid || !e.docid || vec_push(is_run ? &ev->run : &ev->qrels, &e) != 0) {
        free(e.qid);
        free(e.docid);
        *why = oom;
        return -1;
    }
    return 1;
bad:
    free(buf);
    return -1;
}

int gs_eval_add_qrels_line(gs_eval *ev, const char *line, const char **why)
{
    return add_line(ev, line, 0, NULL, ++ev->n_added, why);
}

int gs_eval_add_run_line(gs_eval *ev, const char *line, const char **why)
{
    return add_line(ev, line, 1, NULL, ++ev->n_added, why);
}

/* Query ids: numerically when both are plain numbers ("2" < "10"). */
static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return 0;
    return 1;
}

static int cmp_qid(const char *a, const char *b)
{
    if (all_digits(a) && all_digits(b)) {
        while (*a == '0' && a[1])
            a++;
        while (*b == '0' && b[1])
            b++;
        size_t la = strlen(a), lb = strlen(b);
        if (la != lb)
            return la < lb ? -1 : 1;
    }
    return strcmp(a, b);
}

static int cmp_line(const entry *a, const entry *b)
{
    if (a->src != b->src)
        return a->src < b->src ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

/* Judgments: by query, then document, then input order (first wins). */
static int cmp_qrel(const void *pa, const void *pb)
{
    const entry *a = pa, *b = pb;
    int c = cmp_qid(a->qid, b->qid);
    if (c)
        return c;
    c = strcmp(a->docid, b->docid);
    return c ? c : cmp_line(a, b);
}

/* Run lines, for finding duplicates: like cmp_qrel. */
#define cmp_run_dup cmp_qrel

/* Run lines, for ranking: by query, score descending, docid descending
 * (trec_eval's tie-break). */
static int cmp_run_rank(const void *pa, const void *pb)
{
    const entry *a = pa, *b = pb;
    int c = cmp_qid(a->qid, b->qid);
    if (c)
        return c;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return -strcmp(a->docid, b->docid);
}

/* Sort by (qid, docid, input order) and drop repeated documents, reporting
 * each on errs.  Returns the number dropped. */
static long dedupe(entry_vec *vec, const char *what, FILE *errs)
{
    if (vec->n == 0)
        return 0;
    qsort(vec->v, vec->n, sizeof *vec->v, cmp_run_dup);
    size_t o = 1;
    long dropped = 0;
    for (size_t i = 1; i < vec->n; i++) {
        entry *prev = &vec->v[o - 1], *cur = &vec->v[i];
        if (!strcmp(prev->qid, cur->qid) && !strcmp(prev->docid, cur->docid)) {
            if (errs && cur->src)
                fprintf(errs, "%s:%lu: document %s %s again for query %s (line %lu kept)\n",
                        cur->src, cur->line, cur->docid, what, cur->qid, prev->line);
            free(cur->qid);
            free(cur->docid);
            dropped++;
            continue;
        }
        vec->v[o++] = *cur;
    }
    vec->n = o;
    return dropped;
}

static long load(gs_eval *ev, const char *path, int is_run, FILE *errs)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
    if (!f) {
        if (errs)
            fprintf(errs, "%s: cannot open: %s\n", path, strerror(errno));
        return -1;
    }
    char **srcs = realloc(ev->srcs, (ev->n_srcs + 1) * sizeof *srcs);
    char *src = strdup(path);
    if (!srcs || !src) {
        free(src);
        if (srcs)
            ev->srcs = srcs;
        if (f != stdin)
            fclose(f);
        return -1;
    }
    ev->srcs = srcs;
    ev->srcs[ev->n_srcs++] = src;

    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    unsigned long lineno = 0;
    long bad = 0;
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        const char *why = NULL;
        if (memchr(line, '\0', (size_t)len)) {
            why = "NUL byte in line";
        } else if (add_line(ev, line, is_run, src, lineno, &why) >= 0) {
            continue;
        }
        bad++;
        if (errs)
            fprintf(errs, "%s:%lu: %s\n", path, lineno, why);
    }
    int rerr = ferror(f);
    free(line);
    if (f != stdin)
        fclose(f);
    if (rerr) {
        if (errs)
            fprintf(errs, "%s: read error\n", path);
        return -1;
    }
    entry_vec *vec = is_run ? &ev->run : &ev->qrels;
    bad += dedupe(vec, is_run ? "retrieved" : "judged", errs);
    vec->sorted = 1;
    return bad;
}

long gs_eval_load_qrels(gs_eval *ev, const char *path, FILE *errs)
{
    return load(ev, path, 0, errs);
}

long gs_eval_load_run(gs_eval *ev, const char *path, FILE *errs)
{
    return load(ev, path, 1, errs);
}

/* The grade of (qid, docid) in the sorted qrels, 0 when unjudged. */
static int grade_of(const entry_vec *qrels, const char *qid, const char *docid)
{
    size_t lo = 0, hi = qrels->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const entry *e = &qrels->v[mid];
        int c = cmp_qid(e->qid, qid);
        if (!c)
            c = strcmp(e->docid, docid);
        if (!c)
            return e->grade;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static int cmp_grade_desc(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    return (a < b) - (a > b);
}

static double gain(int grade)
{
    return grade > 0 ? ldexp(1.0, grade) - 1.0 : 0.0;
}

/* Fill q from the judgments qr[0..nq) and ranked run lines rl[0..nr). */
static int score_query(const entry_vec *qrels, const entry *qr, size_t nq, const entry *rl,
                       size_t nr, int k, int recall_k, gs_eval_query *q)
{
    int *grades = malloc((nq ? nq : 1) * sizeof *grades);
    if (!grades)
        return -1;
    for (size_t i = 0; i < nq; i++) {
        grades[i] = qr[i].grade;
        if (qr[i].grade >= 1)
            q->n_rel++;
    }
    qsort(grades, nq, sizeof *grades, cmp_grade_desc);
    double idcg = 0;
    for (size_t i = 0; i < nq && i < (size_t)k; i++)
        idcg += gain(grades[i]) / log2((double)i + 2.0);
    free(grades);

    double dcg = 0, ap_sum = 0;
    size_t rel_at_k = 0, rel_at_rk = 0;
    q->n_ret = nr;
    q->in_run = nr > 0;
    for (size_t i = 0; i < nr; i++) {
        int g = grade_of(qrels, rl[i].qid, rl[i].docid);
        if (i < (size_t)k)
            dcg += gain(g) / log2((double)i + 2.0);
        if (g < 1)
            continue;
        q->n_rel_ret++;
        if (i < (size_t)k)
            rel_at_k++;
        if (i < (size_t)recall_k)
            rel_at_rk++;
        if (q->rr == 0)
            q->rr = 1.0 / (double)(i + 1);
        ap_sum += (double)q->n_rel_ret / (double)(i + 1);
    }
    q->ndcg = idcg > 0 ? dcg / idcg : 0;
    q->prec = (double)rel_at_k / k;
    q->ap = q->n_rel ? ap_sum / (double)q->n_rel : 0;
    q->recall = q->n_rel ? (double)rel_at_rk / (double)q->n_rel : 0;
    return 0;
}

int gs_eval_compute(const gs_eval *cev, int k, int recall_k, gs_eval_result *out)
{
    memset(out, 0, sizeof *out);
    if (k < 1 || recall_k < 1)
        return -1;
    out->k = k;
    out->recall_k = recall_k;
    /* Sorting reorders the entries but changes no figure: the handle is
     * logically const. */
    gs_eval *ev = (gs_eval *)cev;
    if (!ev->qrels.sorted) {
        dedupe(&ev->qrels, "judged", NULL);
        ev->qrels.sorted = 1;
    }
    if (!ev->run.sorted) {
        dedupe(&ev->run, "retrieved", NULL);
        ev->run.sorted = 1;
    }
    entry_vec *qrels = &ev->qrels, *run = &ev->run;
    qsort(run->v, run->n, sizeof *run->v, cmp_run_rank);
    /* The run is now in ranking order; mark it for re-deduping if more
     * lines are added (dedupe sorts again). */

    out->q = calloc(qrels->n ? qrels->n : 1, sizeof *out->q);
    if (!out->q)
        return -1;
    size_t qi = 0, ri = 0;
    while (qi < qrels->n) {
        size_t qe = qi;
        int has_rel = 0;
        while (qe < qrels->n && !cmp_qid(qrels->v[qe].qid, qrels->v[qi].qid)) {
            has_rel |= qrels->v[qe].grade >= 1;
            qe++;
        }
        const char *qid = qrels->v[qi].qid;
        /* Run queries before this one have no judgments. */
        while (ri < run->n && cmp_qid(run->v[ri].qid, qid) < 0) {
            size_t re = ri;
            while (re < run->n && !cmp_qid(run->v[re].qid, run->v[ri].qid))
                re++;
            out->n_unjudged++;
            ri = re;
        }
        size_t re = ri;
        while (re < run->n && !cmp_qid(run->v[re].qid, qid))
            re++;
        if (!has_rel) {
            out->n_norel++;
        } else {
            gs_eval_query *q = &out->q[out->n];
            q->qid = strdup(qid);
            if (!q->qid || score_query(qrels, qrels->v + qi, qe - qi, run->v + ri, re - ri, k,
                                       recall_k, q) != 0) {
                out->n++;
                gs_eval_result_free(out);
                return -1;
            }
            out->n++;
            if (!q->in_run)
                out->n_missing++;
        }
        ri = re;
        qi = qe;
    }
    while (ri < run->n) {
        size_t re = ri;
        while (re < run->n && !cmp_qid(run->v[re].qid, run->v[ri].qid))
            re++;
        out->n_unjudged++;
        ri = re;
    }
    /* Leave the run sorted for duplicate checks again next time. */
    qsort(run->v, run->n, sizeof *run->v, cmp_run_dup);

    gs_eval_query *m = &out->mean;
    m->qid = strdup("all");
    if (!m->qid) {
        gs_eval_result_free(out);
        return -1;
    }
    m->in_run = out->n > out->n_missing;
    for (size_t i = 0; i < out->n; i++) {
        const gs_eval_query *q = &out->q[i];
        m->n_rel += q->n_rel;
        m->n_ret += q->n_ret;
        m->n_rel_ret += q->n_rel_ret;
        m->ndcg += q->ndcg;
        m->prec += q->prec;
        m->ap += q->ap;
        m->rr += q->rr;
        m->recall += q->recall;
    }
    if (out->n) {
        double n = (double)out->n;
        m->ndcg /= n;
        m->prec /= n;
        m->ap /= n;
        m->rr /= n;
        m->recall /= n;
    }
    return 0;
}

void gs_eval_result_free(gs_eval_result *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->n; i++)
        free(res->q[i].qid);
    free(res->q);
    free(res->mean.qid);
    memset(res, 0, sizeof *res);
}
