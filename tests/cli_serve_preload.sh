#!/bin/sh
# cli_serve_preload.sh - issue 17: each searcher thread of `serve` opens its
# searcher and loads the hunspell dictionary as it starts, not in the first
# request that needs one (that request waited 70-190 ms more at 166,848
# records, once per thread: kw15's finding for batch).  Seen through
# GRANTSEARCH_HUNSPELL pointing nowhere: the "not found" warning is in the
# server's log before any request was made.  With the dictionary, a word
# the corpus never had finds its lemma's forms, as `search` does.  Real
# index, real binary, real HTTP on loopback.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/serve_lib.sh"
export LC_ALL=C.UTF-8
none=$WORK/none/ru_RU

cat >recs.jsonl <<'EOF2'
{"id":"KID","number":"25-1-000001","title":"Помощь для ребенка с аутизмом","description":"Занятия со специалистами."}
{"id":"KIDS","number":"25-1-000002","title":"Клуб выходного дня для детей","description":"Игры и мастерские."}
EOF2
$GS index -d t.db recs.jsonl >/dev/null 2>index.err || fail "index failed: $(cat index.err)"

GRANTSEARCH_HUNSPELL=$none start_server t.db --threads 2
for _ in $(seq 1 100); do
    grep -q 'hunspell dictionary .*none/ru_RU' srv.log && break
    sleep 0.05
done
grep -q 'hunspell dictionary .*none/ru_RU' srv.log &&
    echo "ok: the searcher threads load the dictionary before any request" ||
    fail_later "no request yet, and the dictionary was not looked for: $(cat srv.log)"
grep -q 'GET ' srv.log && fail_later "a request was logged before the test made one: $(cat srv.log)"
stop_server || fail_later "the server did not exit 0 on SIGTERM"

# With the dictionary (if installed): ребенку, a form the corpus lacks,
# finds «детей» through the preloaded dictionary, as one `search` does.
start_server t.db --threads 2
grep -q hunspell srv.log && skip "no hunspell-ru dictionary here: $(cat srv.log)"
code=$(http GET '/api/search?n=10&q=%D1%80%D0%B5%D0%B1%D0%B5%D0%BD%D0%BA%D1%83')
[ "$code" = 200 ] || fail "search answered $code: $(cat body.out)"
$GS search -d t.db --format json -n 10 -- ребенку >cli.json || fail "search failed"
cmp -s body.out cli.json && echo "ok: /api/search = search --format json" ||
    fail_later "the API and the CLI differ: $(cat body.out) / $(cat cli.json)"
grep -q 25-1-000002 body.out && echo "ok: ребенку finds «детей»" ||
    fail_later "ребенку did not find «детей»: $(cat body.out)"
stop_server || fail_later "the server did not exit 0 on SIGTERM"
pass
