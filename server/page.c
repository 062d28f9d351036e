/* page.c - the web page of `grantsearch serve`, rendered on the server:
 *
 *   /                   the search form; with ?q= the results, facets that
 *                       narrow, paging (query, filters, sort and page are all
 *                       in the URL, so a link can be shared and Back works)
 *   /record?id=N        every field of an application
 *   /similar?id=N       "похожие проекты": applications like an indexed one
 *   /precedents         paste a draft (POST, a draft is too long for a URL;
 *                       GET ?draft= works too), get precedents with the words
 *                       they share, filtered, winners first if asked
 *   /static/NAME        the CSS and JS compiled into the binary
 *
 * Works without JavaScript (forms and links only); app.js only adds
 * keyboard shortcuts.  Every piece of record and query text goes through
 * gs_safe_html_* (safetext/safe_html.h); snippets come HTML-escaped with
 * <b> marks from the searcher (GS_HL_HTML).
 */
#include "server/internal.h"
#include "output/hits.h"
#include "precedents/draft_input.h"
#include "precedents/similar.h"
#include "safetext/safe_html.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char html_type[] = "text/html; charset=utf-8";
enum { PAGE_SIZE = 10, MAX_PAGE = 1000 };

/* ---- small writers ---------------------------------------------------- */

static void esc(FILE *f, const char *s)
{
    gs_safe_html_fputs(f, s);
}

/* Percent-encode s for a URL's query string (then safe in an attribute). */
static void url_put(FILE *f, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~')
            fputc(*p, f);
        else if (*p == ' ')
            fputc('+', f);
        else
            fprintf(f, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
    }
}

/* A parameter of the request: the POSTed form's, else the query string's.
 * *tofree gets what the caller frees. */
static const char *param(const gs_req_t *rq, const char *name, char **tofree)
{
    *tofree = NULL;
    if (!strcmp(rq->method, "POST") && (*tofree = gs_req_form(rq, name)))
        return *tofree;
    return gs_req_arg(rq, name);
}

/* The state of a search page, as its URL says it: what links re-create. */
typedef struct {
    const char *q, *sort;
    const char *filter[8];   /* by gs_api_filter_names index; NULL = not set */
    unsigned page;
    int vectors;             /* vectors=1: fused with the nearest in meaning */
    const gs_server_t *srv;  /* whose index path a note must not show */
} view_t;

/* Write href="/?..." for v with filter `k` set to `val` (k < 0: none
 * changed; val NULL: removed) and page `page`. */
static void search_href(FILE *f, const view_t *v, int k, const char *val, unsigned page)
{
    fputs("href=\"/?q=", f);
    url_put(f, v->q ? v->q : "");
    for (int i = 0; gs_api_filter_names[i]; i++) {
        const char *fv = i == k ? val : v->filter[i];
        if (fv && *fv) {
            fprintf(f, "&amp;%s=", gs_api_filter_names[i]);
            url_put(f, fv);
        }
    }
    if (v->sort && *v->sort && strcmp(v->sort, "relevance") != 0) {
        fputs("&amp;sort=", f);
        url_put(f, v->sort);
    }
    if (v->vectors)
        fputs("&amp;vectors=1", f);
    if (page > 1)
        fprintf(f, "&amp;page=%u", page);
    fputc('"', f);
}

static const char *status_ru(gs_outcome_t s)
{
    return s == GS_OUTCOME_WINNER ? "победитель" : s == GS_OUTCOME_REJECTED ? "не поддержан" : "";
}

/* A facet or filter value as people read it. */
static const char *value_ru(const char *facet, const char *value)
{
    if (!strcmp(facet, "status"))
        return !strcmp(value, "winner")     ? "победитель"
               : !strcmp(value, "rejected") ? "не поддержан"
               : !strcmp(value, "unknown")  ? "не указан"
                                            : value;
    return value;
}

static const char *facet_ru(const char *name)
{
    static const char *const names[][2] = {{"status", "Статус"}, {"year", "Год"},
                                           {"region", "Регион"}, {"direction", "Направление"},
                                           {"contest", "Конкурс"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(names[i][0], name))
            return names[i][1];
    return name;
}

/* ---- the frame -------------------------------------------------------- */

static void head(FILE *f, const char *title, const view_t *v)
{
    fputs("<!doctype html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
          "<title>", f);
    esc(f, title);
    fputs(" — grantsearch</title>"
          "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">"
          "<link rel=\"stylesheet\" href=\"/static/style.css\">"
          "<script src=\"/static/app.js\" defer></script></head>\n<body>"
          "<a class=\"skip\" href=\"#main\">К результатам</a>"
          "<header><a class=\"logo\" href=\"/\">grantsearch</a>"
          "<nav><a href=\"/\">Поиск</a> <a href=\"/precedents\">Найти прецеденты</a></nav>"
          "<form class=\"search\" action=\"/\" method=\"get\" role=\"search\">"
          "<input type=\"search\" name=\"q\" id=\"q\" aria-label=\"Запрос\" "
          "placeholder=\"Например: дети-инвалиды реабилитация year:2021\" value=\"", f);
    esc(f, v && v->q ? v->q : "");
    fputs("\">", f);
    for (int i = 0; v && gs_api_filter_names[i]; i++)
        if (v->filter[i] && *v->filter[i]) {
            fprintf(f, "<input type=\"hidden\" name=\"%s\" value=\"", gs_api_filter_names[i]);
            esc(f, v->filter[i]);
            fputs("\">", f);
        }
    if (v && v->vectors)   /* a new query keeps the mode */
        fputs("<input type=\"hidden\" name=\"vectors\" value=\"1\">", f);
    const char *sort = v && v->sort ? v->sort : "relevance";
    fprintf(f,
            "<select name=\"sort\" aria-label=\"Порядок\">"
            "<option value=\"relevance\"%s>по релевантности</option>"
            "<option value=\"date\"%s>по дате</option>"
            "<option value=\"amount\"%s>по сумме</option></select>"
            "<button type=\"submit\">Найти</button></form>"
            "<details class=\"help\"><summary>Как писать запросы</summary>"
            "<table><tr><th>пишете</th><th>находит</th></tr>"
            "<tr><td><code>детей-инвалидов реабилитация</code></td><td>все слова, в любой форме</td></tr>"
            "<tr><td><code>\"местных сообществ\"</code></td><td>слова рядом и по порядку</td></tr>"
            "<tr><td><code>=молодежных</code></td><td>именно эту форму слова</td></tr>"
            "<tr><td><code>волонт*</code></td><td>слова, начинающиеся так</td></tr>"
            "<tr><td><code>-спорт</code>, <code>a OR b</code>, <code>(a OR b) AND c</code></td>"
            "<td>исключение и логика</td></tr>"
            "<tr><td><code>title:инклюзия</code>, <code>goal:</code>, <code>org:</code></td>"
            "<td>слова в одном поле</td></tr>"
            "<tr><td><code>status:winner</code>, <code>year:2019..2021</code>, "
            "<code>region:пермский</code>, <code>amount:500000..3000000</code></td>"
            "<td>фильтры</td></tr>"
            "<tr><td><code>НКО</code>, <code>ОВЗ</code>, <code>19-1-029373</code></td>"
            "<td>сокращения с расшифровкой; номер заявки</td></tr></table>"
            "<p>Клавиши: <kbd>/</kbd> — к строке поиска.</p></details>"
            "</header>\n<main id=\"main\">",
            !strcmp(sort, "relevance") ? " selected" : "", !strcmp(sort, "date") ? " selected" : "",
            !strcmp(sort, "amount") ? " selected" : "");
}

static void foot(FILE *f)
{
    fputs("</main><footer>grantsearch — поиск по заявкам на гранты. "
          "<a href=\"/api/health\">API</a></footer></body></html>\n", f);
}

/* ---- a page in memory --------------------------------------------------- */

typedef struct {
    char *mem;
    size_t len;
    FILE *f;
} page_t;

static int page_open(page_t *p, gs_reply_t *rp)
{
    p->mem = NULL;
    p->len = 0;
    p->f = open_memstream(&p->mem, &p->len);
    if (!p->f)
        gs_api_error(rp, 500, "out of memory");
    return p->f ? 0 : -1;
}

static void page_close(page_t *p, gs_reply_t *rp, unsigned status)
{
    foot(p->f);
    if (fclose(p->f) != 0) {
        free(p->mem);
        gs_api_error(rp, 500, "out of memory");
        return;
    }
    gs_reply_set(rp, status, html_type, p->mem, p->len);
}

/* A page that only says something (an error, nothing found). */
static void message_page(gs_reply_t *rp, unsigned status, const char *title, const char *msg,
                         const view_t *v)
{
    page_t p;
    if (page_open(&p, rp) < 0)
        return;
    head(p.f, title, v);
    fputs("<h1>", p.f);
    esc(p.f, title);
    fputs("</h1><p class=\"error\">", p.f);
    esc(p.f, msg);
    fputs("</p>", p.f);
    page_close(&p, rp, status);
}

/* This thread's searcher, or a 503 page. */
static gs_searcher_t *searcher_or_page(const gs_req_t *rq, gs_reply_t *rp, const view_t *v)
{
    gs_searcher_t *s = gs_server_searcher(rq->srv);
    if (!s)
        message_page(rp, 503, "Индекс недоступен", GS_SERVER_UNAVAILABLE, v);
    return s;
}

/* ---- one hit ------------------------------------------------------------ */

static void hit_meta(FILE *f, const gs_record_t *rec, double score)
{
    fputs("<p class=\"meta\"><span class=\"num\">", f);
    esc(f, gs_hit_number(rec));
    fputs("</span>", f);
    const char *st = status_ru(rec->status);
    if (*st)
        fprintf(f, " · <span class=\"st %s\">%s</span>",
                rec->status == GS_OUTCOME_WINNER ? "win" : "rej", st);
    if (rec->year)
        fprintf(f, " · %d", rec->year);
    if (rec->str[GS_REGION] && *rec->str[GS_REGION]) {
        fputs(" · ", f);
        esc(f, rec->str[GS_REGION]);
    }
    if (!isnan(rec->amount) && rec->amount > 0)
        fprintf(f, " · %.0f ₽", rec->amount);
    if (score >= 0)
        fprintf(f, " · <span class=\"score\">%.3f</span>", score);
    fputs("</p>", f);
}

/* The title linked to the record view, the meta line, the snippet (HTML
 * from the searcher: escaped text and <b> marks), a "похожие" link, and the
 * shared words when given. */
static void hit_item(FILE *f, gs_results_t *r, uint32_t i, const char *const *shared,
                     size_t nshared)
{
    const gs_hit_t *h = gs_results_hit(r, i);
    const char *num = gs_hit_number(h->rec);
    const char *title = h->rec->str[GS_TITLE];
    fprintf(f, "<li class=\"hit\" value=\"%u\"><h2><a href=\"/record?id=", h->rank);
    url_put(f, num);
    fputs("\">", f);
    esc(f, title && *title ? title : num);
    fputs("</a></h2>", f);
    hit_meta(f, h->rec, h->score);
    if (nshared) {
        fputs("<p class=\"shared\">Общие слова: ", f);
        for (size_t k = 0; k < nshared; k++) {
            if (k)
                fputs(", ", f);
            fputs("<b>", f);
            esc(f, shared[k]);
            fputs("</b>", f);
        }
        fputs("</p>", f);
    }
    char *snip = gs_results_snippet(r, i, GS_HL_HTML);
    if (snip && *snip)
        fprintf(f, "<p class=\"snip\">%s</p>", snip);
    free(snip);
    fputs("<p class=\"acts\"><a href=\"/similar?id=", f);
    url_put(f, num);
    fputs("\">Похожие проекты</a></p></li>\n", f);
}

/* ---- / : search ------------------------------------------------------------ */

static void facets_aside(FILE *f, gs_results_t *r, const view_t *v)
{
    if (!gs_results_nfacets(r))
        return;
    fputs("<aside class=\"facets\" aria-label=\"Уточнить\">", f);
    for (size_t k = 0; k < gs_results_nfacets(r); k++) {
        const gs_facet_t *fc = gs_results_facet(r, k);
        int fi = -1;
        for (int i = 0; gs_api_filter_names[i]; i++)
            if (!strcmp(gs_api_filter_names[i], fc->name))
                fi = i;
        if (fi < 0 || !fc->n)
            continue;
        fprintf(f, "<section><h3>%s</h3><ul>", facet_ru(fc->name));
        for (size_t i = 0; i < fc->n && i < 12; i++) {
            fputs("<li><a ", f);
            search_href(f, v, fi, fc->values[i].value, 1);
            fputs(">", f);
            esc(f, value_ru(fc->name, fc->values[i].value));
            fprintf(f, "</a> <span class=\"count\">%u</span></li>", fc->values[i].count);
        }
        fputs("</ul></section>", f);
    }
    fputs("</aside>", f);
}

/* The filters in force, each a link that removes it. */
static void active_filters(FILE *f, const view_t *v)
{
    int any = 0;
    for (int i = 0; gs_api_filter_names[i]; i++) {
        if (!v->filter[i] || !*v->filter[i])
            continue;
        if (!any++)
            fputs("<p class=\"active\">Фильтры: ", f);
        fputs("<a class=\"chip\" ", f);
        search_href(f, v, i, NULL, 1);
        fprintf(f, " title=\"Убрать фильтр\">%s: ", facet_ru(gs_api_filter_names[i]));
        esc(f, value_ru(gs_api_filter_names[i], v->filter[i]));
        fputs(" ✕</a> ", f);
    }
    if (any)
        fputs("</p>", f);
}

static void pager(FILE *f, const view_t *v, uint32_t total)
{
    unsigned pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
    if (pages > MAX_PAGE)
        pages = MAX_PAGE;
    if (pages <= 1)
        return;
    fputs("<nav class=\"pager\" aria-label=\"Страницы\">", f);
    if (v->page > 1) {
        fputs("<a rel=\"prev\" ", f);
        search_href(f, v, -1, NULL, v->page - 1);
        fputs(">← Назад</a> ", f);
    }
    unsigned from = v->page > 4 ? v->page - 4 : 1, to = from + 8 < pages ? from + 8 : pages;
    for (unsigned p = from; p <= to; p++) {
        if (p == v->page) {
            fprintf(f, "<span aria-current=\"page\">%u</span> ", p);
            continue;
        }
        fputs("<a ", f);
        search_href(f, v, -1, NULL, p);
        fprintf(f, ">%u</a> ", p);
    }
    if (v->page < pages) {
        fputs("<a rel=\"next\" ", f);
        search_href(f, v, -1, NULL, v->page + 1);
        fputs(">Далее →</a>", f);
    }
    fputs("</nav>", f);
}

/* One of the results' notes (they are the CLI's, in English), the index's
 * path hidden (gs_server_hide_dbpath): "DB/vectors: no vectors ...". */
static void note_item(FILE *f, const gs_server_t *srv, const char *note)
{
    size_t len = strlen(note);
    char *s = strdup(note);
    if (s && srv)
        s = gs_server_hide_dbpath(srv, s, &len);
    fputs("<p class=\"note\">", f);
    esc(f, s ? s : "");
    fputs("</p>", f);
    free(s);
}

/* What the results say beside the hits, in Russian where known. */
static void notes(FILE *f, gs_results_t *r, const view_t *v)
{
    const char *dym = gs_results_suggestion(r);
    if (dym) {
        view_t w = *v;
        w.q = dym;
        fputs("<p class=\"dym\">Возможно, вы имели в виду: <a ", f);
        search_href(f, &w, -1, NULL, 1);
        fputs(">", f);
        esc(f, dym);
        fputs("</a></p>", f);
    }
    if (gs_results_relaxed(r))
        fputs("<p class=\"note\">Все слова запроса есть в немногих заявках: сначала они, "
              "затем заявки, где есть не все слова.</p>", f);
    for (size_t i = 0; i < gs_results_nnotes(r); i++)
        note_item(f, v->srv, gs_results_note(r, i));
}

static void search_results(FILE *f, gs_results_t *r, const view_t *v)
{
    uint32_t n = gs_results_size(r), total = gs_results_estimate(r);
    active_filters(f, v);
    fputs("<div class=\"cols\"><section class=\"results\" aria-live=\"polite\">", f);
    if (n == total && n == 1)
        fputs("<p class=\"count\" id=\"count\">Найдена 1 заявка</p>", f);
    else if (n)
        fprintf(f, "<p class=\"count\" id=\"count\">Найдено %s%u; показаны %u–%u</p>",
                gs_results_exact(r) ? "" : "около ", total, gs_results_hit(r, 0)->rank,
                gs_results_hit(r, n - 1)->rank);
    else
        fprintf(f, "<p class=\"count\" id=\"count\">%s</p>",
                total ? "На этой странице ничего нет" : "Ничего не найдено");
    notes(f, r, v);
    fputs("<ol class=\"hits\">", f);
    for (uint32_t i = 0; i < n; i++)
        hit_item(f, r, i, NULL, 0);
    fputs("</ol>", f);
    pager(f, v, total);
    fputs("</section>", f);
    facets_aside(f, r, v);
    fputs("</div>", f);
}

/* A malformed query: the CLI's message and where, on the page (400). */
static void query_error_page(gs_reply_t *rp, const gs_query_error_t *qe, const view_t *v)
{
    page_t p;
    if (page_open(&p, rp) < 0)
        return;
    head(p.f, "Ошибка в запросе", v);
    fputs("<h1>Ошибка в запросе</h1><p class=\"error\">malformed query: ", p.f);
    esc(p.f, qe->message);
    fputs("</p><pre class=\"excerpt\">", p.f);
    esc(p.f, qe->excerpt);
    fputs("</pre>", p.f);
    page_close(&p, rp, 400);
}

static void view_from(const gs_req_t *rq, view_t *v)
{
    memset(v, 0, sizeof *v);
    v->q = gs_req_arg(rq, "q");
    v->sort = gs_req_arg(rq, "sort");
    for (int i = 0; gs_api_filter_names[i]; i++)
        v->filter[i] = gs_req_arg(rq, gs_api_filter_names[i]);
    v->vectors = gs_req_flag(rq, "vectors");
    v->srv = rq->srv;
    const char *pg = gs_req_arg(rq, "page");
    unsigned long n = pg ? strtoul(pg, NULL, 10) : 1;
    v->page = n >= 1 && n <= MAX_PAGE ? (unsigned)n : 1;
}

static void page_search(const gs_req_t *rq, gs_reply_t *rp)
{
    view_t v;
    view_from(rq, &v);
    int any = v.q && *v.q;
    for (int i = 0; gs_api_filter_names[i]; i++)
        any |= v.filter[i] && *v.filter[i];
    page_t p;
    if (!any) {   /* the start page */
        if (page_open(&p, rp) < 0)
            return;
        head(p.f, "Поиск по заявкам", &v);
        fputs("<h1>Поиск по заявкам на гранты</h1>"
              "<p>Ищите среди заявок прошлых конкурсов: по словам, фразам, сокращениям, "
              "номеру заявки. Уточняйте результаты по статусу, году, региону и направлению.</p>"
              "<p>Пишете заявку? <a href=\"/precedents\">Найдите прецеденты</a> — похожие "
              "заявки прошлых лет.</p>", p.f);
        page_close(&p, rp, 200);
        return;
    }
    gs_search_opts_t o;
    gs_buf_t query = GS_BUF_INIT;
    char *msg = NULL;
    if (gs_api_search_params(rq, &o, &query, &msg) < 0) {
        message_page(rp, 400, "Ошибка в запросе", msg ? msg : "bad parameters", &v);
        free(msg);
        gs_buf_free(&query);
        return;
    }
    o.n = PAGE_SIZE;
    o.offset = (v.page - 1) * PAGE_SIZE;
    o.facets = GS_FACET_STATUS | GS_FACET_YEAR | GS_FACET_REGION | GS_FACET_DIRECTION;
    gs_searcher_t *s = searcher_or_page(rq, rp, &v);
    gs_query_error_t qe;
    gs_query_t *q = s ? gs_query_parse(s, query.s, &qe) : NULL;
    gs_results_t *r = NULL;
    if (s && !q)
        query_error_page(rp, &qe, &v);
    else if (q && gs_search(s, q, &o, &r, &msg) != GS_OK)
        message_page(rp, 500, "Ошибка поиска", msg ? msg : "search failed", &v);
    else if (q && page_open(&p, rp) == 0) {
        head(p.f, v.q && *v.q ? v.q : "Поиск", &v);
        fputs("<h1 class=\"vh\">Результаты поиска</h1>", p.f);
        search_results(p.f, r, &v);
        page_close(&p, rp, 200);
    }
    gs_results_free(r);
    gs_query_free(q);
    free(msg);
    gs_buf_free(&query);
}

/* ---- /record?id= ---------------------------------------------------------- */

/* Field names as the page shows them (the record's JSON keys). */
static const char *field_ru(const char *key)
{
    static const char *const names[][2] = {
        {"id", "Идентификатор"}, {"number", "Номер заявки"}, {"title", "Название"},
        {"status", "Статус"}, {"status_text", "Статус (как в источнике)"},
        {"contest", "Конкурс"}, {"direction", "Направление"}, {"region", "Регион"},
        {"org", "Организация"}, {"inn", "ИНН"}, {"ogrn", "ОГРН"},
        {"description", "Краткое описание"}, {"goal", "Цель"}, {"tasks", "Задачи"},
        {"significance", "Социальная значимость"}, {"geography", "География"},
        {"target_groups", "Целевые группы"}, {"address", "Адрес"}, {"website", "Сайт"},
        {"link", "Ссылка"}, {"year", "Год"}, {"date", "Дата подачи"},
        {"start", "Начало"}, {"end", "Окончание"}, {"amount", "Сумма, ₽"},
        {"cofunding", "Софинансирование, ₽"}, {"total", "Общая сумма, ₽"},
        {"rating", "Рейтинг"}, {"level", "Уровень"}, {"okato", "ОКАТО"}, {"oktmo", "ОКТМО"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(names[i][0], key))
            return names[i][1];
    return NULL;
}

/* Every field of the record, in the order the record's JSON has them
 * (the same JSON `show --format json` prints). */
static void record_fields(FILE *f, const gs_record_t *rec)
{
    char *js = gs_record_to_json(rec);
    json_t *j = js ? json_loads(js, 0, NULL) : NULL;
    free(js);
    fputs("<dl class=\"fields\">", f);
    const char *key;
    json_t *val;
    json_object_foreach(j, key, val) {
        if (json_is_null(val) || (json_is_string(val) && !*json_string_value(val)))
            continue;
        const char *label = field_ru(key);
        fputs("<dt>", f);
        esc(f, label ? label : key);
        fputs("</dt><dd>", f);
        if (!strcmp(key, "status") && json_is_string(val)) {
            esc(f, value_ru("status", json_string_value(val)));
        } else if (json_is_string(val)) {
            esc(f, json_string_value(val));
        } else {
            char *t = json_dumps(val, JSON_ENCODE_ANY | JSON_REAL_PRECISION(12));
            esc(f, t);
            free(t);
        }
        fputs("</dd>", f);
    }
    fputs("</dl>", f);
    json_decref(j);
}

static void page_record(const gs_req_t *rq, gs_reply_t *rp)
{
    const char *id = gs_req_arg(rq, "id");
    if (!id || !*id) {
        message_page(rp, 400, "Нет номера", "show: give id=NUMBER", NULL);
        return;
    }
    gs_searcher_t *s = searcher_or_page(rq, rp, NULL);
    if (!s)
        return;
    gs_record_t *rec = NULL;
    char *err = NULL;
    gs_status_t st = gs_searcher_get(s, id, &rec, NULL, &err);
    page_t p;
    if (st == GS_ENOTFOUND) {
        char m[300];
        snprintf(m, sizeof m, "show: no application numbered '%s' in the index", id);
        message_page(rp, 404, "Заявка не найдена", m, NULL);
    } else if (st != GS_OK) {
        message_page(rp, 500, "Ошибка", err ? err : "cannot read the record", NULL);
    } else if (page_open(&p, rp) == 0) {
        const char *title = rec->str[GS_TITLE] && *rec->str[GS_TITLE] ? rec->str[GS_TITLE] : id;
        head(p.f, title, NULL);
        fputs("<article class=\"record\"><h1>", p.f);
        esc(p.f, title);
        fputs("</h1>", p.f);
        hit_meta(p.f, rec, -1);
        fputs("<p class=\"acts\"><a href=\"/similar?id=", p.f);
        url_put(p.f, gs_hit_number(rec));
        fputs("\">Похожие проекты</a></p>", p.f);
        record_fields(p.f, rec);
        fputs("</article>", p.f);
        page_close(&p, rp, 200);
    }
    gs_record_free(rec);
    free(err);
}

/* ---- /similar?id= and /precedents ------------------------------------------ */

/* The precedents list: winners first when asked (each group in score
 * order), with the words each shares with the draft. */
static void similar_list(FILE *f, const gs_server_t *srv, gs_similar_t *sim, int winners_first)
{
    gs_results_t *r = gs_similar_results(sim);
    uint32_t n = gs_results_size(r);
    for (size_t i = 0; i < gs_results_nnotes(r); i++)
        note_item(f, srv, gs_results_note(r, i));
    if (!n) {
        fputs("<p class=\"count\" id=\"count\">Похожих заявок не найдено</p>", f);
        return;
    }
    fprintf(f, "<p class=\"count\" id=\"count\">Похожих заявок: %u</p>", n);
    fputs("<ol class=\"hits\">", f);
    for (int pass = winners_first ? 0 : 1; pass < 2; pass++)
        for (uint32_t i = 0; i < n; i++) {
            int win = gs_results_hit(r, i)->rec->status == GS_OUTCOME_WINNER;
            if (winners_first && (pass == 0) != win)
                continue;
            const char *const *forms = NULL;
            size_t ns = gs_similar_shared(sim, i, &forms);
            hit_item(f, r, i, forms, ns);
        }
    fputs("</ol>", f);
}

/* The precedents form, filled with what was sent: a draft box POSTed to
 * /precedents, or (id given) the filters alone for /similar?id=, by GET so
 * that the URL can be shared. */
static void precedents_form(FILE *f, const char *id, const char *draft, const char *year,
                            const char *status, const char *region, int winners, int vectors)
{
    if (id) {
        fputs("<form class=\"draft\" action=\"/similar\" method=\"get\">"
              "<input type=\"hidden\" name=\"id\" value=\"", f);
        esc(f, id);
        fputs("\">", f);
    } else {
        fputs("<form class=\"draft\" action=\"/precedents\" method=\"post\">"
              "<label for=\"draft\">Текст заявки или её часть</label>"
              "<textarea id=\"draft\" name=\"draft\" rows=\"10\" required "
              "placeholder=\"Вставьте абзац или всю заявку\">", f);
        esc(f, draft ? draft : "");
        fputs("</textarea>", f);
    }
    fputs("<div class=\"row\">"
          "<label>Годы <input name=\"year\" size=\"10\" placeholder=\"2019..2021\" value=\"", f);
    esc(f, year ? year : "");
    fputs("\"></label><label>Статус <select name=\"status\">", f);
    fprintf(f, "<option value=\"\">любой</option>"
               "<option value=\"winner\"%s>победитель</option>"
               "<option value=\"rejected\"%s>не поддержан</option></select></label>",
            status && !strcmp(status, "winner") ? " selected" : "",
            status && !strcmp(status, "rejected") ? " selected" : "");
    fputs("<label>Регион <input name=\"region\" size=\"16\" placeholder=\"пермский\" value=\"", f);
    esc(f, region ? region : "");
    fprintf(f, "\"></label><label><input type=\"checkbox\" name=\"winners\" value=\"1\"%s> "
               "сначала победители</label>"
               "<label title=\"и заявки, близкие по смыслу, даже без общих слов (векторы "
               "index --vectors)\"><input type=\"checkbox\" name=\"vectors\" value=\"1\"%s> "
               "по смыслу</label>"
               "<button type=\"submit\">%s</button></div></form>",
            winners ? " checked" : "", vectors ? " checked" : "",
            id ? "Уточнить" : "Найти прецеденты");
}

/* Run `similar` for an id or a draft, with the request's filters. */
static gs_status_t run_similar(const gs_req_t *rq, gs_searcher_t *s, const char *id,
                               const char *draft, int vectors, gs_similar_t **sim, char **err)
{
    gs_similar_opts_t o;
    gs_similar_opts_init(&o);
    o.search.n = 20;
    o.search.vectors = vectors;   /* the "по смыслу" box */
    gs_buf_t filters = GS_BUF_INIT;
    gs_api_filters(rq, param, &filters);
    o.filters = filters.s;
    gs_status_t st;
    if (id) {
        st = gs_similar_id(s, id, &o, sim, err);
    } else {
        size_t len = strlen(draft);
        gs_record_t *rec = gs_draft_as_record(draft, len, "draft");
        st = rec ? gs_similar_record(s, rec, &o, sim, err)
                 : gs_similar_text(s, draft, len, NULL, &o, sim, err);
        gs_record_free(rec);
    }
    gs_buf_free(&filters);
    return st;
}

static void page_similar(const gs_req_t *rq, gs_reply_t *rp, int precedents)
{
    char *f_draft, *f_year, *f_status, *f_region, *f_win;
    const char *id = precedents ? NULL : gs_req_arg(rq, "id");
    const char *draft = precedents ? param(rq, "draft", &f_draft) : (f_draft = NULL);
    const char *year = param(rq, "year", &f_year), *status = param(rq, "status", &f_status);
    const char *region = param(rq, "region", &f_region), *win = param(rq, "winners", &f_win);
    int winners = win && !strcmp(win, "1");
    char *f_vec;
    const char *vec = param(rq, "vectors", &f_vec);
    int vectors = vec && !strcmp(vec, "1");
    free(f_vec);
    page_t p;
    gs_searcher_t *s = NULL;
    gs_similar_t *sim = NULL;
    char *err = NULL;
    gs_status_t st = GS_OK;
    int ask = precedents ? draft && *draft : id && *id;
    if (!precedents && !ask) {
        message_page(rp, 400, "Нет номера", "similar: give id=NUMBER", NULL);
        goto out;
    }
    if (ask && !(s = searcher_or_page(rq, rp, NULL)))
        goto out;
    if (ask)
        st = run_similar(rq, s, id, draft, vectors, &sim, &err);
    if (st == GS_ENOTFOUND && !err) {
        char m[300];
        snprintf(m, sizeof m, "similar: no application numbered '%s' in the index", id);
        message_page(rp, 404, "Заявка не найдена", m, NULL);
    } else if (st != GS_OK) {
        message_page(rp, st == GS_EQUERY ? 400 : 500, "Ошибка", err ? err : "search failed",
                     NULL);
    } else if (page_open(&p, rp) == 0) {
        head(p.f, precedents ? "Найти прецеденты" : "Похожие проекты", NULL);
        if (precedents) {
            fputs("<h1>Найти прецеденты</h1><p>Вставьте текст своей заявки — абзац или "
                  "целиком. Найдутся самые похожие заявки прошлых лет и слова, которые у "
                  "них общие с вашей.</p>", p.f);
            precedents_form(p.f, NULL, draft, year, status, region, winners, vectors);
        } else {
            fputs("<h1>Похожие проекты</h1><p>На заявку <a href=\"/record?id=", p.f);
            url_put(p.f, id);
            fputs("\">", p.f);
            esc(p.f, id);
            fputs("</a></p>", p.f);
            precedents_form(p.f, id, NULL, year, status, region, winners, vectors);
        }
        if (sim) {
            fputs("<section class=\"results\" aria-live=\"polite\">", p.f);
            similar_list(p.f, rq->srv, sim, winners);
            fputs("</section>", p.f);
        }
        page_close(&p, rp, 200);
    }
out:
    gs_similar_free(sim);
    free(err);
    free(f_draft);
    free(f_year);
    free(f_status);
    free(f_region);
    free(f_win);
}

/* ---- static files ---------------------------------------------------------- */

/* /static/NAME: only the compiled-in assets, by exact name. */
static void page_static(const gs_req_t *rq, gs_reply_t *rp)
{
    const char *name = rq->path + strlen("/static/");
    for (size_t i = 0; i < gs_nassets; i++)
        if (!strcmp(gs_assets[i].name, name)) {
            char *copy = malloc(gs_assets[i].len ? gs_assets[i].len : 1);
            if (!copy) {
                gs_api_error(rp, 500, "out of memory");
                return;
            }
            memcpy(copy, gs_assets[i].data, gs_assets[i].len);
            gs_reply_set(rp, 200, gs_assets[i].type, copy, gs_assets[i].len);
            return;
        }
    message_page(rp, 404, "Нет такой страницы", "no such file", NULL);
}

void gs_page_handle(const gs_req_t *rq, gs_reply_t *rp)
{
    int get = !strcmp(rq->method, "GET") || !strcmp(rq->method, "HEAD");
    int post = !strcmp(rq->method, "POST");
    if (!strcmp(rq->path, "/precedents") && (get || post)) {
        page_similar(rq, rp, 1);
        return;
    }
    if (!get) {
        message_page(rp, 405, "Метод не поддерживается", "this page takes GET", NULL);
        rp->allow = "GET, HEAD";
        return;
    }
    if (!strcmp(rq->path, "/"))
        page_search(rq, rp);
    else if (!strcmp(rq->path, "/record"))
        page_record(rq, rp);
    else if (!strcmp(rq->path, "/similar"))
        page_similar(rq, rp, 0);
    else if (!strncmp(rq->path, "/static/", 8))
        page_static(rq, rp);
    else if (!strcmp(rq->path, "/favicon.ico"))   /* browsers ask for it anyway */
        gs_reply_set(rp, 204, "text/plain; charset=utf-8", NULL, 0);
    else
        message_page(rp, 404, "Нет такой страницы", "no such page", NULL);
}
