#!/bin/sh
# cli_serve.sh - issue 17: `grantsearch serve` over real HTTP on a loopback
# port, against a real index of the dev collection (plus one hostile
# record): every endpoint answers what the CLI prints, every error has its
# HTTP code and the CLI's message, the limits hold, concurrent clients get
# the right answers, an `index` commit under the running server is seen
# without a restart, and SIGTERM finishes the request in flight and exits 0.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/serve_lib.sh"
need_shared "the dev collection"

# The dev collection and a record whose title would be markup if printed raw.
cat >hostile.jsonl <<'EOF'
{"number": "99-9-999999", "title": "<script>alert(1)</script> \"><img src=x onerror=alert(2)> Злой заголовок", "description": "Проект <b>жирный</b> & \"кавычки\" злоумышленникзаголовок", "status": "winner", "year": 2021, "region": "Пермский край"}
EOF
$GS index -q -d db "$SHARED_DIR/corpus/dev/collection.jsonl" hostile.jsonl 2>err ||
    fail "index exited $?: $(cat err)"
# Usage and start-up errors: exit 1 for a bad option, 3 for no index or an
# address that cannot be listened on (here: one already in use).
$GS serve -d db --listen nonsense >/dev/null 2>err; [ $? -eq 1 ] || fail_later "--listen nonsense: not exit 1"
grep -q "listen wants HOST:PORT" err || fail_later "--listen nonsense: $(cat err)"
$GS serve -d db --threads 0 >/dev/null 2>&1; [ $? -eq 1 ] || fail_later "--threads 0: not exit 1"
$GS serve -d nothing.db --listen 127.0.0.1:0 >/dev/null 2>err; [ $? -eq 3 ] || fail_later "no index: not exit 3"
grep -q "no index at 'nothing.db'" err || fail_later "no index: $(cat err)"
start_server db --timeout 2 --max-body 400000 --threads 2

$GS serve -d db --listen "127.0.0.1:$PORT" >/dev/null 2>err; [ $? -eq 3 ] ||
    fail_later "a port in use: not exit 3"
grep -q "cannot listen on 127.0.0.1:$PORT" err || fail_later "a port in use: $(cat err)"

# ---- health, stats ------------------------------------------------------
[ "$(http GET /api/health)" = 200 ] || fail "health: $(cat body.out)"
[ "$(jget body.out status)" = ok ] || fail_later "health says $(cat body.out)"
[ "$(jget body.out records)" = "$(records db)" ] || fail_later "health: wrong record count"
[ "$(http GET /api/stats)" = 200 ] || fail_later "stats: $(cat body.out)"
[ "$(jget body.out records)" = "$(records db)" ] || fail_later "stats: wrong record count"
cp body.out stats.json

# ---- search: exactly what `search --format json` prints ------------------
# api_search QUERY [PARAMS...]: GET /api/search, q and the params url-encoded.
api_search() {
    _q=$1; shift
    _args=""
    for _a in "$@"; do _args="$_args --data-urlencode $_a"; done
    # shellcheck disable=SC2086
    http GET /api/search -G --data-urlencode "q=$_q" $_args
}
for q in 'дети-инвалиды реабилитация' '"местных сообществ"' 'НКО волонтеры' \
         'title:центр year:2019..2021' 'спорт -футбол' 'волонт*' 'ьььъъъ'; do
    code=$(api_search "$q" n=5)
    [ "$code" = 200 ] || { fail_later "search '$q': HTTP $code"; continue; }
    $GS search -d db -n 5 --format json "$q" >cli.json 2>/dev/null
    cmp -s body.out cli.json || fail_later "search '$q': the API and the CLI differ"
done
# Options: facets, sort, offset, -n 0.
code=$(api_search 'социальная адаптация' n=3 offset=2 facets=status,year,region sort=date reverse=1)
$GS search -d db -n 3 --offset 2 --facets status,year,region --sort date --reverse \
    --format json 'социальная адаптация' >cli.json 2>/dev/null
[ "$code" = 200 ] && cmp -s body.out cli.json || fail_later "search with options: API and CLI differ"
code=$(api_search 'социальная адаптация' n=0)
$GS search -d db -n 0 --format json 'социальная адаптация' >cli.json 2>/dev/null
[ "$code" = 200 ] && cmp -s body.out cli.json || fail_later "search n=0: API and CLI differ"
# Filter parameters are the query's filters.
api_search 'социальная адаптация' n=50 status=winner region=Пермский >/dev/null
for s in $(jget body.out results.*.status); do
    [ "$s" = winner ] || fail_later "status=winner let a '$s' through"
done
[ "$(jget body.out query)" = 'социальная адаптация status:winner region:Пермский' ] ||
    fail_later "filters read as $(jget body.out query)"

# ---- errors: code and the CLI's message ---------------------------------
code=$(api_search '"местных сообществ')
$GS search -d db '"местных сообществ' 2>cli.err >/dev/null
[ "$code" = 400 ] || fail_later "malformed query: HTTP $code"
[ "grantsearch: $(jget body.out error)" = "$(head -1 cli.err)" ] ||
    fail_later "malformed query: '$(jget body.out error)' is not the CLI's '$(head -1 cli.err)'"
[ "$(jget body.out column)" = 1 ] || fail_later "malformed query: no column"
long=$(head -c 5000 /dev/zero | tr '\0' 'а')
code=$(api_search "$long")
[ "$code" = 400 ] || fail_later "a 10 KB query: HTTP $code"
$GS search -d db "$long" 2>cli.err >/dev/null
[ "grantsearch: $(jget body.out error)" = "$(head -1 cli.err)" ] ||
    fail_later "query over the cap: '$(jget body.out error)' is not the CLI's"
[ "$(http GET /api/search)" = 400 ] || fail_later "no q: not 400"
[ "$(jget body.out error)" = "search: no query given" ] || fail_later "no q: $(cat body.out)"
[ "$(api_search x n=abc)" = 400 ] || fail_later "n=abc: not 400"
[ "$(api_search x sort=size)" = 400 ] || fail_later "sort=size: not 400"
[ "$(api_search x reverse=1)" = 400 ] || fail_later "reverse with relevance: not 400"
[ "$(http GET /api/show -G --data-urlencode id=00-0-000000)" = 404 ] || fail_later "show unknown: not 404"
$GS show -d db 00-0-000000 2>cli.err >/dev/null
[ "grantsearch: $(jget body.out error)" = "$(head -1 cli.err)" ] ||
    fail_later "show unknown: '$(jget body.out error)' is not the CLI's '$(head -1 cli.err)'"
[ "$(http GET '/api/similar?id=00-0-000000')" = 404 ] || fail_later "similar unknown: not 404"
$GS similar -d db --id 00-0-000000 2>cli.err >/dev/null
[ "grantsearch: $(jget body.out error)" = "$(head -1 cli.err)" ] ||
    fail_later "similar unknown: '$(jget body.out error)' is not the CLI's '$(head -1 cli.err)'"
[ "$(http GET /api/nothing)" = 404 ] || fail_later "unknown endpoint: not 404"
json_ok body.out || fail_later "404 is not JSON"
[ "$(http POST /api/search -d x)" = 405 ] || fail_later "POST search: not 405"
curl -s -o /dev/null -D hdr.txt -X DELETE "$BASE/api/search"
grep -qi '^Allow: GET, HEAD' hdr.txt || fail_later "405 without Allow"
[ "$(http GET /api/batch)" = 405 ] || fail_later "GET batch: not 405"
[ "$(http POST /api/batch)" = 400 ] || fail_later "empty batch: not 400"
[ "$(http POST /api/similar -d '')" = 400 ] || fail_later "empty draft: not 400"

# ---- show, similar --------------------------------------------------------
id=$(sed -n 5p "$SHARED_DIR/corpus/dev/collection.jsonl" | sed 's/^{"id": "\([^"]*\)".*/\1/')
[ "$(http GET /api/show -G --data-urlencode "id=$id")" = 200 ] || fail_later "show $id"
$GS show -d db --format json "$id" >cli.json
cmp -s body.out cli.json || fail_later "show $id: API and CLI differ"
[ "$(http GET /api/similar -G --data-urlencode "id=$id" -d n=5 -d year=2019..2025)" = 200 ] ||
    fail_later "similar $id: $(cat body.out)"
$GS similar -d db -n 5 --format json --id "$id" year:2019..2025 >cli.json
cmp -s body.out cli.json || fail_later "similar $id: API and CLI differ"
cat >draft.txt <<'EOF'
Проект направлен на социальную адаптацию детей с ограниченными возможностями здоровья
через занятия адаптивным спортом, инклюзивные мастерские и поддержку родителей.
EOF
[ "$(http POST '/api/similar?n=4' --data-binary @draft.txt)" = 200 ] ||
    fail_later "similar draft: $(cat body.out)"
$GS similar -d db -n 4 --format json --file draft.txt >cli.json
cmp -s body.out cli.json || fail_later "similar draft: API and CLI differ"
[ "$(jget body.out results.0.rank)" = 1 ] || fail_later "similar draft: no results"

# ---- batch: what `batch` prints, streamed -------------------------------
cut -f1,2 "$SHARED_DIR/relevance/dev-queries.tsv" | head -12 >queries.tsv
printf 'bad\t"unclosed\n' >>queries.tsv
for fmt in jsonl tsv trec; do
    curl -s -D hdr.txt -o body.out --data-binary @queries.tsv "$BASE/api/batch?format=$fmt&n=5"
    $GS batch -d db -n 5 --threads 1 --format $fmt queries.tsv >cli.out 2>/dev/null
    cmp -s body.out cli.out || fail_later "batch $fmt: API and CLI differ"
    grep -qi '^Transfer-Encoding: chunked' hdr.txt || fail_later "batch $fmt is not streamed"
done
head -3 queries.tsv | cut -f2 >drafts.txt
curl -s -o body.out --data-binary @drafts.txt "$BASE/api/batch?similar=1&n=3"
$GS batch -d db -n 3 --threads 1 --similar --format jsonl drafts.txt >cli.out 2>/dev/null
cmp -s body.out cli.out || fail_later "batch similar: API and CLI differ"

# ---- limits ----------------------------------------------------------------
head -c 500000 /dev/zero | tr '\0' 'a' >big.txt
[ "$(http POST /api/similar --data-binary @big.txt)" = 413 ] || fail_later "500 KB body: not 413"
[ "$(http POST /api/similar -H 'Transfer-Encoding: chunked' --data-binary @big.txt)" = 413 ] ||
    fail_later "500 KB chunked body: not 413"
hugeurl=$(head -c 70000 /dev/zero | tr '\0' 'a')
code=$(http GET "/api/search?q=$hugeurl")
[ "$code" = 414 ] || [ "$code" = 431 ] || fail_later "70 KB URL: HTTP $code"
# No path leads out of the compiled-in files.
for p in /static/../../../../etc/passwd /static/%2e%2e/%2e%2e/etc/passwd /../../etc/passwd \
         /static/style.css/../../x; do
    [ "$(http GET "$p")" = 404 ] || fail_later "$p: not 404"
    grep -q 'root:' body.out && fail_later "$p: served a file"
done
[ "$(http GET /static/style.css)" = 200 ] || fail_later "style.css"
# A client that sends half a request is dropped after --timeout (2 s), and
# others are served meanwhile.
# (bash for /dev/tcp: the half request is sent, the rest 3 s later.)
command -v bash >/dev/null 2>&1 || skip "bash is absent"
bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 9
    printf "GET /api/health HTTP/1.1\r\nHost: x\r\n" >&3
    sleep 3
    printf "X: y\r\n\r\n" >&3 2>/dev/null
    timeout 2 cat <&3' slow "$PORT" >slow.out 2>/dev/null &
SLOW=$!
sleep 0.5
[ "$(http GET /api/health)" = 200 ] || fail_later "a slow client blocked the others"
wait "$SLOW"
[ $? -ne 9 ] || fail "cannot connect"
grep -q '"ok"' slow.out && fail_later "a client idle past --timeout was still served"
# A batch stops at the time limit: each line not run says so.
awk '{for (i = 0; i < 400; i++) print}' queries.tsv | head -4000 | cut -f2 >many.txt
# n=100: each line renders 100 hits, so the batch takes several times the
# limit even on a quiet machine (about 13 s on the dev collection).
curl -s -o long.out --max-time 30 --data-binary @many.txt "$BASE/api/batch?similar=1&n=100" &
LONG=$!
sleep 0.5
# Meanwhile: a second batch would hold the last worker (2 threads): 503;
# a search is still answered.
[ "$(http POST /api/batch --data-binary @queries.tsv)" = 503 ] ||
    fail_later "a second batch beside a running one: not 503"
[ "$(api_search 'волонтеры' n=1)" = 200 ] || fail_later "a search beside a batch: not 200"
wait "$LONG" || fail_later "long batch: curl $?"
mv long.out body.out
grep -q 'time limit of 2 s reached' body.out || fail_later "a long batch ran past --timeout"
[ "$(wc -l <body.out)" -eq 4000 ] || fail_later "long batch: $(wc -l <body.out) lines for 4000"

# ---- no secrets: no response names the index's path ------------------------
grep -l "$WORK" body.out stats.json && fail_later "a response shows the server's paths"

# ---- concurrent clients ------------------------------------------------------
i=0
for q in 'дети-инвалиды' 'волонтеры' 'местных сообществ' 'спорт' 'экология' 'культура' \
         'ветераны' 'молодежь'; do
    i=$((i + 1))
    $GS search -d db -n 3 --format json "$q" >want.$i 2>/dev/null
    (
        for k in 1 2 3 4 5 6 7 8 9 10; do
            curl -s -G --data-urlencode "q=$q" -d n=3 "$BASE/api/search" >got.$i.$k &&
                cmp -s got.$i.$k want.$i || echo "client $i try $k" >>conc.fail
        done
    ) &
done
wait_clients() { for j in $(jobs -p); do [ "$j" = "$SRV" ] || wait "$j"; done; }
wait_clients
[ ! -s conc.fail ] || fail_later "concurrent clients got wrong answers: $(head -3 conc.fail)"

# ---- a commit under the running server is seen without a restart -------------
api_search 'зеленоглазыйтакси' >/dev/null
[ "$(jget body.out total)" = 0 ] || fail "the new word is already there"
echo '{"number": "99-9-000001", "title": "Зеленоглазыйтакси для пожилых", "description": "Перевозка пожилых людей зеленоглазыйтакси.", "status": "winner", "year": 2024}' >new.jsonl
$GS index -q -d db new.jsonl || fail "index under the server exited $?"
for k in 1 2 3 4; do   # every worker thread (each has its own handle) sees it
    api_search 'зеленоглазыйтакси' >/dev/null
    [ "$(jget body.out total)" = 1 ] || fail_later "try $k: the new commit is not seen"
done
http GET /api/health >/dev/null
[ "$(jget body.out records)" = "$(records db)" ] || fail_later "health: count after the commit"

# ---- compacted under the server; moved away and back ---------------------------
$GS compact -d db >/dev/null 2>&1 || fail "compact under the server exited $?"
api_search 'зеленоглазыйтакси' >/dev/null
[ "$(jget body.out total)" = 1 ] || fail_later "after compact: the search is wrong"
mv db db.away
for k in 1 2; do   # both workers: 503, and the reason (it names the path) only in the log
    [ "$(http GET /api/health)" = 503 ] || fail_later "index gone: health not 503"
    grep -q 'db' body.out && fail_later "index gone: the answer names the path: $(cat body.out)"
    [ "$(api_search 'волонтеры')" = 503 ] || fail_later "index gone: search not 503"
done
grep -q "^grantsearch: serve: no index at 'db'" srv.log || fail_later "index gone: not in the log"
mv db.away db
for k in 1 2; do
    [ "$(http GET /api/health)" = 200 ] || fail_later "index back: health not 200"
done

# ---- the access log ----------------------------------------------------------
grep -q '^127\.0\.0\.1 "GET /api/search" 200 [0-9]* [0-9.]*ms$' srv.log ||
    fail_later "no access log line for a search"
grep -q '"POST /api/similar" 413' srv.log || fail_later "no access log line for the 413"

# ---- SIGTERM: the request in flight finishes, exit 0 -------------------------
awk '{for (i = 0; i < 30; i++) print}' queries.tsv | cut -f2 >some.txt
curl -s -o inflight.out --data-binary @some.txt "$BASE/api/batch?similar=1" &
CURL=$!
sleep 0.2
stop_server || fail_later "the server exited $? on SIGTERM"
wait "$CURL" || fail_later "the request in flight failed (curl $?)"
[ "$(wc -l <inflight.out)" -eq "$(wc -l <some.txt)" ] ||
    fail_later "the request in flight was cut: $(wc -l <inflight.out) lines"
grep -q 'stopped' srv.log || fail_later "no 'stopped' line"
pass
