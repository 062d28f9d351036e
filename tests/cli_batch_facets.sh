#!/bin/sh
# cli_batch_facets.sh - issue 15: `batch --facets LIST` gives each query the
# facets and total `search --format json --facets` gives it (JSON Lines: the
# same "facets" object; TSV: ID facet NAME COUNT VALUE lines after the
# hits), in one process whose first query, matching the whole index, reads
# the facet slots as codes that the later, narrower queries count by (each
# `search` process counts those with Xapian's value spies); over the same
# index served by xapian-tcpsrv (the recheck then on the client, the spies
# on the server) the lines are the same.
. "${top_srcdir:-.}/tests/lib.sh"

gen_corpus 300
$GS index -q -d one corpus.jsonl || fail "index exited $?"
F=status,year,direction,region,contest
# A query every record matches first, then rechecked ones (phrases, a long
# field, a hyphenated word) and plain words.
{
    echo "проект"
    echo '"местных сообществ"'
    echo '"развитие местных сообществ"'
    echo 'description:сообществ'
    echo 'развитие -"местных сообществ"'
    sed -n '1,6p' q.txt
} >queries.txt
$GS batch -d one --threads 1 --format jsonl --facets $F queries.txt >b.jsonl 2>err ||
    fail "batch --facets exited $?: $(cat err)"
[ "$(wc -l <b.jsonl)" = "$(wc -l <queries.txt)" ] || fail "batch --facets: not one line per query"
n=0
while IFS= read -r q; do
    n=$((n + 1))
    $GS search -d one -n 10 --format json --facets $F -- "$q" >s.json 2>err ||
        fail_later "search '$q' exited $?: $(cat err)"
    sed -n "${n}p" b.jsonl >line.json
    [ "$(jget line.json facets)" = "$(jget s.json facets)" ] ||
        fail_later "batch --facets line $n ('$q'): facets $(jget line.json facets), search $(jget s.json facets)"
    [ "$(jget line.json total)" = "$(jget s.json total)" ] ||
        fail_later "batch --facets line $n ('$q'): total $(jget line.json total), search $(jget s.json total)"
    [ "$(jget line.json total_exact)" = "$(jget s.json total_exact)" ] ||
        fail_later "batch --facets line $n ('$q'): total_exact differs from search's"
done <queries.txt
[ -n "$("$JSON_CHECK" -l get b.jsonl facets.status 2>/dev/null | head -1)" ] || fail_later "no facets in batch jsonl"
# Without --facets no "facets" member, as before.
$GS batch -d one --threads 1 --format jsonl queries.txt >plain.jsonl 2>err || fail "batch exited $?"
grep -q '"facets"' plain.jsonl && fail_later "batch without --facets printed facets"
# TSV: the facet lines after each query's hits, their counts those of jsonl.
$GS batch -d one --threads 2 --facets status,year queries.txt >b.tsv 2>err || fail "batch tsv exited $?"
awk -F '\t' '$1 == 1 && $2 == "facet" && $3 == "status" { s += $4 } END { print s + 0 }' b.tsv >sum
[ "$(cat sum)" = "$(sed -n 1p b.jsonl >l1.json && "$JSON_CHECK" sum l1.json 'facets.status.*')" ] ||
    fail_later "tsv facet lines of query 1 sum to $(cat sum), not jsonl's"
awk -F '\t' '$2 == "facet" && NF != 5 { bad = 1 } END { exit bad }' b.tsv ||
    fail_later "a tsv facet line has not 5 columns"
# A bad list is a usage error naming the facet.
$GS batch -d one --facets status,colour queries.txt >/dev/null 2>err && fail_later "--facets colour taken"
grep -q "colour" err || fail_later "--facets colour: unclear message: $(cat err)"

# The same over xapian-tcpsrv.
if command -v xapian-tcpsrv >/dev/null 2>&1; then
    trap 'kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
    start_server 1 srv.log 'echo "remote 127.0.0.1:$SERVER_PORT" >r.stub &&
                            $GS search -d r.stub -n 1 x' \
        'xapian-tcpsrv --port $SERVER_PORT --interface 127.0.0.1 --quiet one' ||
        fail "xapian-tcpsrv did not start: $(cat srv.log)"
    $GS batch -d r.stub --threads 1 --format jsonl --facets $F queries.txt >r.jsonl 2>err ||
        fail "batch --facets over xapian-tcpsrv exited $?: $(cat err)"
    "$JSON_CHECK" -l get b.jsonl facets total >a.f
    "$JSON_CHECK" -l get r.jsonl facets total >r.f
    cmp -s a.f r.f || fail_later "batch --facets over xapian-tcpsrv: facets or totals differ: $(diff a.f r.f | head -5)"
fi
pass
