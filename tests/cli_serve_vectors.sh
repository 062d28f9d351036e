#!/bin/sh
# cli_serve_vectors.sh - issue 16's vectors over `serve` (issue 17): vectors=1
# on /api/search and /api/similar does what --vectors does in the CLI (the
# same bytes), the page's "по смыслу" box on the precedents form, and an
# index whose vectors cannot be used answers 200 by BM25 alone with the
# CLI's note in "notes", the index's path written DB.  /api/batch?vectors=1
# is `batch --vectors`; its note, which a stream of lines has no place for,
# is a Warning header.  Under a running
# server a delete makes the vectors stale (a note, not the old vectors used
# silently) and `index --vectors` makes them current again (no restart).
# The corpus is cli_vectors.sh's (tests/vectors_lib.sh): «беспилотник» is
# in none of its applications, only its vector finds the ones on drones.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/serve_lib.sh"
. "$top_srcdir/tests/vectors_lib.sh"
export LC_ALL=C.UTF-8
ok() { echo "ok: $*"; }
vectors_fixture v.db
$GS index -q -d "$PWD/plain.db" more.jsonl 2>/dev/null || fail "index plain.db failed"
Q=%D0%B1%D0%B5%D1%81%D0%BF%D0%B8%D0%BB%D0%BE%D1%82%D0%BD%D0%B8%D0%BA   # беспилотник

# ---- an index with vectors ---------------------------------------------------
start_server v.db --threads 2
[ "$(http GET "/api/search?q=$Q&n=5")" = 200 ] || fail "search: $(cat body.out)"
[ "$(jget body.out total)" = 0 ] && ok "without vectors=1: BM25 alone, nothing" ||
    fail_later "without vectors=1 the API found $(jget body.out total)"
[ "$(http GET "/api/search?q=$Q&n=5&vectors=1")" = 200 ] || fail "search vectors=1: $(cat body.out)"
$GS search -d v.db -n 5 --format json --vectors беспилотник >cli.json
cmp -s body.out cli.json && [ "$(jget body.out 'results.#')" -gt 0 ] &&
    ok "/api/search?vectors=1 is search --vectors --format json, byte for byte" ||
    fail_later "/api/search?vectors=1 differs from the CLI: $(diff body.out cli.json | head -5)"
id=$(jget body.out results.0.number)
[ "$(http GET "/api/similar?id=$id&n=5&vectors=1")" = 200 ] || fail "similar vectors=1: $(cat body.out)"
$GS similar -d v.db -n 5 --format json --vectors --id "$id" >cli.json
cmp -s body.out cli.json && ok "/api/similar?vectors=1 is similar --vectors --format json" ||
    fail_later "/api/similar?vectors=1 differs from the CLI: $(diff body.out cli.json | head -5)"
# A draft by POST: the word alone shares nothing with the index; its vector finds.
[ "$(http POST "/api/similar?n=3" --data-binary 'беспилотник')" = 200 ] || fail "POST similar: $(cat body.out)"
[ "$(jget body.out 'results.#')" = 0 ] || fail_later "a draft of no indexed word found something by BM25"
[ "$(http POST "/api/similar?n=3&vectors=1" --data-binary 'беспилотник')" = 200 ] ||
    fail "POST similar vectors=1: $(cat body.out)"
[ "$(jget body.out 'results.#')" -gt 0 ] && ok "POST /api/similar?vectors=1: found by meaning" ||
    fail_later "POST /api/similar?vectors=1 found nothing: $(cat body.out)"

# /api/batch?vectors=1 is `batch --vectors`, byte for byte, in each format;
# without it the batch is BM25's (беспилотник: nothing).
printf 'q1\tбеспилотник\nq2\tдети\n' >vq.tsv
for fmt in jsonl tsv trec; do
    $GS batch -d v.db -n 5 --format $fmt --vectors vq.tsv >cli.out 2>cli.err
    [ "$(http POST "/api/batch?format=$fmt&n=5&vectors=1" -D hdr.out --data-binary @vq.tsv)" = 200 ] ||
        fail "batch vectors=1 $fmt: $(cat body.out)"
    cmp -s body.out cli.out && ! grep -qi '^Warning:' hdr.out &&
        ok "/api/batch?format=$fmt&vectors=1 is batch --vectors --format $fmt, no warning" ||
        fail_later "/api/batch?format=$fmt&vectors=1 differs: $(diff body.out cli.out | head -5)"
    cp cli.out "vec.$fmt"
done
http POST "/api/batch?n=5" --data-binary @vq.tsv >/dev/null
$GS batch -d v.db -n 5 --format jsonl vq.tsv >cli.out 2>/dev/null
cmp -s body.out cli.out && ! cmp -s body.out vec.jsonl &&
    ok "/api/batch without vectors=1: BM25 alone, as batch" ||
    fail_later "/api/batch without vectors=1: $(diff body.out cli.out | head -5)"

# The page: the box on the precedents form, and what it finds.
[ "$(http GET /precedents)" = 200 ] && grep -q 'name="vectors" value="1">' body.out &&
    grep -q 'по смыслу' body.out && ok "the precedents form has the «по смыслу» box" ||
    fail_later "no «по смыслу» box on /precedents"
http POST /precedents --data-urlencode 'draft=беспилотник' >/dev/null
grep -q 'Похожих заявок не найдено' body.out || fail_later "the page found a draft of no indexed word"
[ "$(http POST /precedents --data-urlencode 'draft=беспилотник' --data 'vectors=1')" = 200 ] ||
    fail "POST /precedents vectors=1"
grep -q 'Похожих заявок: [1-9]' body.out && grep -q 'name="vectors" value="1" checked' body.out &&
    ok "«по смыслу» finds precedents by meaning, the box stays checked" ||
    fail_later "POST /precedents vectors=1: nothing found or the box unchecked"
# A search page's links keep the mode, so that a shared link shows the same.
[ "$(http GET "/?q=$Q&vectors=1")" = 200 ] || fail "page vectors=1"
grep -q 'name="vectors" value="1"' body.out && ok "the search page keeps vectors=1" ||
    fail_later "the search page drops vectors=1"
stop_server || fail_later "the server exited $? on SIGTERM"

# ---- an index without vectors: BM25, a note, no path ---------------------------
start_server "$PWD/plain.db"
[ "$(http GET "/api/search?q=%D0%B4%D0%B5%D1%82%D0%B8&vectors=1")" = 200 ] ||
    fail_later "vectors=1 on an index without vectors: HTTP $(cat body.out)"
jget body.out 'notes.*' | grep -q '^vectors not used: DB/vectors: no vectors' &&
    ok "/api/search?vectors=1 without vectors: 200 and the note" ||
    fail_later "no note: $(jget body.out 'notes.*')"
grep -q "$PWD" body.out && fail_later "the answer shows the index's path"
n1=$(head -n 1 more.jsonl >one.json; jget one.json id)
[ "$(http GET "/api/similar?id=$n1&vectors=1")" = 200 ] || fail_later "similar: $(cat body.out)"
jget body.out 'notes.*' | grep -q '^vectors not used: DB/vectors: no vectors' && ! grep -q "$PWD" body.out &&
    ok "/api/similar?vectors=1 without vectors: the note, no path" ||
    fail_later "similar: no note or a path: $(jget body.out 'notes.*')"
[ "$(http GET "/similar?id=$n1&vectors=1")" = 200 ] && grep -q 'vectors not used: DB/vectors' body.out &&
    ! grep -q "$PWD" body.out && ok "the page says it too" || fail_later "the page: no note, or a path"
# A batch has no "notes": the note is a Warning header (batch --vectors
# warns on stderr), and the lines are BM25's, as the CLI's.
[ "$(http POST "/api/batch?format=tsv&vectors=1" -D hdr.out --data-binary @vq.tsv)" = 200 ] ||
    fail_later "batch vectors=1 without vectors: HTTP $(cat body.out)"
$GS batch -d "$PWD/plain.db" --format tsv --vectors vq.tsv >cli.out 2>/dev/null
grep -qi '^Warning: 299 - "vectors not used: DB/vectors: no vectors.*BM25 alone"' hdr.out &&
    ! grep -q "$PWD" hdr.out body.out && cmp -s body.out cli.out &&
    ok "/api/batch?vectors=1 without vectors: BM25's lines, the note in a Warning header, no path" ||
    fail_later "batch without vectors: $(grep -i '^warning' hdr.out; diff body.out cli.out | head -3)"
stop_server || fail_later "the server exited $? on SIGTERM"

# ---- under a running server: stale after a delete, current after index --vectors
start_server v.db --threads 1
http GET "/api/search?q=$Q&n=3&vectors=1" >/dev/null
jget body.out 'notes.*' | grep -q 'vectors not used' && fail "vectors not used at first: $(cat body.out)"
gone=$(jget body.out results.2.number)
$GS delete -d v.db "$gone" >/dev/null 2>&1 || fail "delete failed"
http GET "/api/search?q=$Q&n=3&vectors=1" >/dev/null
jget body.out 'notes.*' | grep -q 'vectors not used: .*out of date' &&
    ok "a delete under the server: the vectors are stale, and it says so" ||
    fail_later "after a delete the server used the old vectors silently: $(jget body.out 'notes.*')"
$GS index -q -d v.db --vectors 2>/dev/null || fail "index --vectors (vectors only) failed"
http GET "/api/search?q=$Q&n=3&vectors=1" >/dev/null
! jget body.out 'notes.*' | grep -q 'vectors not used' && [ "$(jget body.out 'results.#')" = 3 ] &&
    ok "index --vectors under the server: used again without a restart" ||
    fail_later "after index --vectors: $(jget body.out 'notes.*')"
stop_server || fail_later "the server exited $? on SIGTERM"
pass
