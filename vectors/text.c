/* text.c - the words of a record (or a query, a draft) that vectors read. */
#include "vectors/vectors.h"

#include <string.h>

/* Fields with prose: what an application is about.  Not its organisation,
 * region or address: those are filters, and would pull records together
 * by place instead of by meaning. */
static const gs_field_t text_fields[] = {
    GS_TITLE, GS_GOAL, GS_TASKS, GS_DESCRIPTION, GS_SIGNIFICANCE, GS_TARGET_GROUPS,
};

/* Keeps a token's folded surface form (sub-words handle inflection, so no
 * stem); drops stop words, numbers and codes, and the whole of a hyphenated
 * word (its parts come next). */
static int add_form(void *ctx, const gs_token_t *tok)
{
    gs_buf_t *b = ctx;
    if (tok->flags & (GS_TOKEN_STOP | GS_TOKEN_NUMBER | GS_TOKEN_COMPOUND))
        return 0;
    gs_buf_append(b, tok->form, tok->form_len);
    gs_buf_append_byte(b, ' ');
    return gs_buf_failed(b) ? -1 : 0;
}

int gs_vectors_text_words(gs_analyzer_t *an, const char *text, size_t len, gs_buf_t *b)
{
    return gs_analyze(an, text, len, 0, add_form, b, NULL) < 0 || gs_buf_failed(b) ? -1 : 0;
}

int gs_vectors_record_words(gs_analyzer_t *an, const gs_record_t *rec, gs_buf_t *b)
{
    for (size_t i = 0; i < sizeof text_fields / sizeof text_fields[0]; i++) {
        const char *t = rec->str[text_fields[i]];
        if (t && gs_vectors_text_words(an, t, strlen(t), b) < 0)
            return -1;
    }
    return 0;
}
