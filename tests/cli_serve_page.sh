#!/bin/sh
# cli_serve_page.sh - issue 17: the page `grantsearch serve` renders, read
# as HTML over real HTTP: the no-JS search form, results with highlighted
# snippets, facet links that narrow, paging, the record view with every
# field, "похожие проекты", the precedents form (winners first), and a
# hostile record whose title holds <script> and "><img onerror=...> shown
# as text everywhere.  (tests/browser/ drives the same pages in Chromium.)
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/serve_lib.sh"
need_shared "the dev collection"

cat >hostile.jsonl <<'EOF'
{"number": "99-9-999999", "title": "<script>alert(1)</script> \"><img src=x onerror=alert(2)> Злой заголовок", "description": "Проект <b>жирный</b> & \"кавычки\" злоумышленник социальная адаптация детей", "goal": "<svg onload=alert(3)>", "status": "winner", "year": 2021, "region": "Пермский край"}
EOF
$GS index -q -d db "$SHARED_DIR/corpus/dev/collection.jsonl" hostile.jsonl 2>err ||
    fail "index exited $?: $(cat err)"
start_server db

# page PATH [CURL-ARGS]: GET (or as the args say) into page.html; the code.
page() { _p=$1; shift; curl -s -g -o page.html -D head.txt -w '%{http_code}' "$@" "$BASE$_p"; }
# No markup from record text: none of the hostile record's tags as tags.
no_markup() {
    if grep -q -e '<script>alert' -e '<img src=x' -e '<svg onload' -e '<b>жирный' page.html; then
        fail_later "$1: record text became markup"
    fi
}

# The start page: a form that works without JavaScript.
[ "$(page /)" = 200 ] || fail "GET /"
grep -q '<form class="search" action="/" method="get"' page.html || fail_later "no GET form"
grep -q '<input type="search" name="q"' page.html || fail_later "no q field"
grep -q '<html lang="ru">' page.html || fail_later "not a Russian page"
grep -q 'name="viewport"' page.html || fail_later "no viewport (phones)"
grep -qi '^Content-Security-Policy: default-src .none.; script-src .self.' head.txt ||
    fail_later "no CSP header"
grep -q 'Как писать запросы' page.html || fail_later "no query language help"

# Results: the first page of 10, a count, snippets with <b> marks, facets.
[ "$(page '/?q=%D0%B0%D0%B4%D0%B0%D0%BF%D1%82%D0%B0%D1%86%D0%B8%D1%8F')" = 200 ] || fail "search page"
[ "$(grep -o '<li class="hit"' page.html | wc -l)" -eq 10 ] || fail_later "not 10 hits on page 1"
total=$($GS search -d db -n 0 --format json 'адаптация' | "$JSON_CHECK" get /dev/stdin total)
grep -q "Найдено $total; показаны 1–10" page.html || fail_later "the count is not $total"
grep -q '<p class="snip">.*<b>[^<]*</b>' page.html || fail_later "no highlighted snippet"
first=$($GS search -d db -n 1 --format json 'адаптация' | "$JSON_CHECK" get /dev/stdin results.0.number)
grep -q "href=\"/record?id=$first\"" page.html || fail_later "hit 1 ($first) does not link its record"
grep -q "href=\"/similar?id=$first\">Похожие проекты" page.html || fail_later "no похожие link"
for f in Статус Год Регион Направление; do
    grep -q "<h3>$f</h3>" page.html || fail_later "no $f facet"
done

# Paging: page 2 holds hits 11-20, with links back and on.
[ "$(page '/?q=%D0%B0%D0%B4%D0%B0%D0%BF%D1%82%D0%B0%D1%86%D0%B8%D1%8F&page=2')" = 200 ] || fail "page 2"
grep -q "показаны 11–20" page.html || fail_later "page 2 does not show 11-20"
grep -q 'rel="prev"' page.html && grep -q 'rel="next"' page.html || fail_later "page 2: no prev/next"
eleven=$($GS search -d db -n 1 --offset 10 --format json 'адаптация' | "$JSON_CHECK" get /dev/stdin results.0.number)
grep -q "<li class=\"hit\" value=\"11\"><h2><a href=\"/record?id=$eleven\"" page.html ||
    fail_later "page 2 does not start with hit 11 ($eleven)"

# A facet link narrows: follow the year one and every hit is of that year.
page '/?q=%D0%B0%D0%B4%D0%B0%D0%BF%D1%82%D0%B0%D1%86%D0%B8%D1%8F' >/dev/null
link=$(grep -o 'href="/?q=[^"]*&amp;year=[0-9]*"' page.html | head -1 | sed 's/^href="//; s/"$//; s/&amp;/\&/g')
[ -n "$link" ] || fail "no year facet link"
year=${link##*year=}
[ "$(page "$link")" = 200 ] || fail_later "facet link $link"
grep -q "Год: $year ✕" page.html || fail_later "the year filter is not shown as removable"
n=$($GS search -d db -n 0 --format json "адаптация year:$year" | "$JSON_CHECK" get /dev/stdin total)
grep -q "Найдено $n;" page.html || fail_later "year $year: the count is not $n"

# A malformed query: 400, the CLI's message.
[ "$(page '/?q=%22abc')" = 400 ] || fail_later "malformed query: not 400"
grep -q 'malformed query: unbalanced quote' page.html || fail_later "no malformed-query message"

# The hostile record: text everywhere, never markup.
[ "$(page '/?q=%D0%B7%D0%BB%D0%BE%D1%83%D0%BC%D1%8B%D1%88%D0%BB%D0%B5%D0%BD%D0%BD%D0%B8%D0%BA')" = 200 ] ||
    fail "hostile search"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(2)&gt;' page.html ||
    fail_later "the hostile title is not shown escaped in the results"
no_markup "results"
[ "$(page '/record?id=99-9-999999')" = 200 ] || fail "hostile record view"
no_markup "record view"
grep -q '&lt;svg onload=alert(3)&gt;' page.html || fail_later "the goal is not shown escaped"
[ "$(page '/similar?id=99-9-999999')" = 200 ] || fail "hostile similar"
no_markup "similar"
grep -q '<input type="hidden" name="id" value="99-9-999999">' page.html ||
    fail_later "similar: no filter form for the id"
[ "$(page '/similar?id=99-9-999999&status=winner&year=2019..2025')" = 200 ] || fail "filtered similar"
grep -q 'class="st rej"' page.html && fail_later "similar status=winner let a rejected one through"
grep -q '<option value="winner" selected>' page.html || fail_later "similar: the filter is not kept"
[ "$(page '/?q=%22%3E%3Cscript%3Ealert(9)%3C/script%3E')" -lt 500 ] || fail_later "hostile query"
grep -q '<script>alert(9)' page.html && fail_later "the query came back as markup"

# The record view: every field `show` prints.
id=$(sed -n 7p "$SHARED_DIR/corpus/dev/collection.jsonl" | sed 's/^{"id": "\([^"]*\)".*/\1/')
[ "$(page "/record?id=$id")" = 200 ] || fail "record $id"
$GS show -d db --format json "$id" >show.json
for k in number title contest direction region description; do
    v=$("$JSON_CHECK" get show.json "0.$k" | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g; s/"/\&quot;/g' | head -1)
    [ -z "$v" ] || grep -qF -- "$v" page.html || fail_later "record $id: field $k not shown"
done
[ "$(page '/record?id=00-0-000000')" = 404 ] || fail_later "unknown record: not 404"

# Precedents: paste a draft (POST form), get similar applications with the
# shared words; winners first when asked.
draft='Социальная адаптация детей с ограниченными возможностями здоровья через адаптивный спорт и инклюзивные мастерские'
[ "$(page /precedents)" = 200 ] || fail "precedents form"
grep -q '<form class="draft" action="/precedents" method="post"' page.html || fail_later "no draft form"
[ "$(page /precedents --data-urlencode "draft=$draft")" = 200 ] || fail "precedents"
grep -q 'Общие слова: <b>' page.html || fail_later "precedents: no shared words"
[ "$(grep -o '<li class="hit"' page.html | wc -l)" -ge 5 ] || fail_later "precedents: few hits"
[ "$(page /precedents --data-urlencode "draft=$draft" -d winners=1)" = 200 ] || fail "winners first"
grep -o 'class="st [a-z]*"' page.html | awk '/rej/ {r = 1} /win/ && r {bad = 1} END {exit bad}' ||
    fail_later "winners first: a winner after a non-winner"
[ "$(page /precedents --data-urlencode "draft=$draft" -d status=winner -d year=2019..2025)" = 200 ] ||
    fail "filtered precedents"
grep -q 'class="st rej"' page.html && fail_later "status=winner let a rejected one through"
[ "$(page /precedents --data-urlencode 'draft=<script>alert(5)</script>')" = 200 ] || fail "hostile draft"
grep -q '<script>alert(5)' page.html && fail_later "the draft came back as markup"

# Unknown pages, methods.
[ "$(page /nothing)" = 404 ] || fail_later "/nothing: not 404"
[ "$(page / -X DELETE)" = 405 ] || fail_later "DELETE /: not 405"
stop_server || fail_later "the server exited $?"
pass
