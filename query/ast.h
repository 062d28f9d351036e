/* ast.h - the parsed query language (internal to query/ and the searcher).
 *
 * The parser knows nothing of Xapian or of the analyzer: it turns the user's
 * string into this tree, keeping byte offsets for messages.  build.c
 * turns the tree into a Xapian query.
 */
#ifndef GS_QUERY_AST_H
#define GS_QUERY_AST_H

#include <stddef.h>

typedef enum {
    QN_WORD,     /* text; flags QW_*; field >= 0 restricts it */
    QN_PHRASE,   /* text = the words between the quotes */
    QN_DEFAULT,  /* words side by side: AND when strict, OR when relaxed */
    QN_AND,      /* explicit AND: always AND */
    QN_OR,       /* explicit OR */
    QN_NOT,      /* one kid: -x, NOT x (excluded from its group) */
    QN_FILTER    /* filter (never ranks): filter = QF_*, text or lo..hi */
} qn_kind_t;

enum {
    QW_EXACT = 1 << 0,   /* =form */
    QW_PREFIX = 1 << 1   /* prefix* */
};

typedef enum {
    QF_STATUS, QF_YEAR, QF_AMOUNT, QF_REGION, QF_DIRECTION, QF_CONTEST, QF_INN, QF_NUMBER,
    QF_N
} qf_kind_t;

typedef struct qnode {
    qn_kind_t kind;
    size_t offset;          /* byte offset of the node's first character */
    char *text;             /* WORD, PHRASE, FILTER (single value or "a|b") */
    unsigned flags;         /* QW_* */
    int field;              /* gs_sfield_t, or -1 for the whole text */
    int filter;             /* qf_kind_t for QN_FILTER */
    int is_range;           /* FILTER: lo..hi */
    double lo, hi;          /* numeric range (year, amount); -1 = open end */
    struct qnode **kids;
    size_t nkids;
} qnode_t;

/* Parse text.  NULL on error with the byte offset in *err_off and a message
 * (without the position) in msg[0..msgcap); messages quote at most a short
 * excerpt of the query.  Caller frees with gs_qnode_free.  A query with
 * nothing in it (blanks, a lone `*`) is an empty QN_DEFAULT: nothing to
 * search, which the builder reports, not a syntax error.  More than
 * GS_QUERY_MAX_TERMS words is an error (searcher.h says why). */
qnode_t *gs_qparse(const char *text, size_t *err_off, char *msg, size_t msgcap);
/* The same; *note (may be NULL) receives a malloc'd note for the user, or
 * NULL: the `word:` runs that name no field and were read as words. */
qnode_t *gs_qparse_noted(const char *text, char **note, size_t *err_off, char *msg,
                         size_t msgcap);
void gs_qnode_free(qnode_t *n);
/* A readable normalised form: malloc'd, caller frees. */
char *gs_qnode_describe(const qnode_t *n);

const char *gs_qf_name(int filter);
int gs_qf_by_name(const char *name, size_t len);  /* -1 if not a filter */

/* Lexer (lexer.c). */
typedef enum {
    QT_EOF, QT_WORD, QT_PHRASE, QT_LPAREN, QT_RPAREN, QT_MINUS, QT_AND, QT_OR, QT_NOT,
    QT_FIELD, QT_ERROR
} qt_kind_t;

typedef struct {
    qt_kind_t kind;
    size_t start, end;      /* bytes in the query (for QT_PHRASE: inside the quotes) */
    unsigned flags;         /* QW_EXACT / QW_PREFIX for QT_WORD */
    const char *error;      /* static message for QT_ERROR */
} qtoken_t;

typedef struct {
    const char *s;
    size_t len, pos;
    int plain;              /* a `name:` is part of the word (not a QT_FIELD) */
} qlexer_t;

void gs_qlex_init(qlexer_t *lx, const char *s, size_t len);
/* The next token. */
qtoken_t gs_qlex_next(qlexer_t *lx);
/* A raw filter value right after `field:` (a phrase or a run up to space
 * or ')'); kind QT_WORD / QT_PHRASE, or QT_EOF/QT_ERROR. */
qtoken_t gs_qlex_value(qlexer_t *lx);
/* Byte offset -> 1-based character column. */
size_t gs_qlex_column(const char *s, size_t off);
/* How many of the first len bytes of s to quote in a message: at most max,
 * ending on a character boundary (the caller adds "…" when it is < len). */
int gs_qlex_clip(const char *s, size_t len, size_t max);
/* At most about max bytes of s[0..len) around byte off, cut on character
 * boundaries, with "…" where text was left out, into out[0..cap); *col
 * gets the 1-based character column of off within the excerpt. */
void gs_qlex_excerpt(const char *s, size_t len, size_t off, size_t max, char *out, size_t cap,
                     size_t *col);

#endif /* GS_QUERY_AST_H */
