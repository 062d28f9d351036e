#!/bin/sh
# cli_remote.sh - issue 15: search, facets, similar and batch over Xapian's
# remote backend (xapian-tcpsrv on a loopback port, a stub file naming it)
# give the same ids in the same order as on the local index, and the same
# totals where the local total is exact.  The remote backend refuses match
# deciders, so rechecked queries (phrases, =form, description: words,
# -"phrase") run the recheck on the client (searcher/search.c run_client).
. "${top_srcdir:-.}/tests/lib.sh"

command -v xapian-tcpsrv >/dev/null 2>&1 ||
    skip "xapian-tcpsrv is absent (apt-get install xapian-tools)"
gen="$top_builddir/bench/gen_corpus"
[ -x "$gen" ] || { echo "ERROR: $gen is not built"; exit 99; }
"$gen" -n 400 --format jsonl --seeds "$SEEDS" -o corpus.jsonl --queries q.txt --nqueries 6 \
    2>/dev/null || fail "gen_corpus exited $?"
$GS index -q -d db corpus.jsonl || fail "index exited $?"

# Start the server on a free port: a port drawn from 20000-59999 by the
# test's pid and the try; one in use makes the server exit: try another.
SRV=
trap '[ -n "$SRV" ] && kill "$SRV" 2>/dev/null; rm -rf "$WORK"' EXIT
for try in 1 2 3 4 5; do
    port=$((20000 + ($$ * 7 + try * 7919) % 40000))
    # Its own session: on SIGTERM xapian-tcpsrv signals its whole process
    # group (to stop the children serving connections), which would
    # otherwise be this test and make.
    setsid xapian-tcpsrv --port "$port" --interface 127.0.0.1 --quiet db >srv.log 2>&1 &
    SRV=$!
    echo "remote 127.0.0.1:$port" >stub
    for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
        $GS search -d stub -n 1 x >/dev/null 2>&1 && break 2
        kill -0 "$SRV" 2>/dev/null || break
        sleep 0.1
    done
    kill "$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null; SRV=
done
[ -n "$SRV" ] || fail "xapian-tcpsrv did not start: $(cat srv.log)"

phrase=$(head -1 q.txt | awk '{print $1 " " $2}')
{
    cat q.txt
    echo "\"$phrase\""
    echo '"местных сообществ"'
    echo '"развитие местных"'
    echo '=местных'
    echo 'description:сообществ'
    echo 'развитие -"местных сообществ"'
    echo '"социальной адаптации" OR "местных сообществ"'
    echo 'title:центр'
    echo 'ОВЗ'
    echo 'про*'
    echo 'соц* развитие'
} >queries.txt

# The facet counts of a JSON answer, on one line.
facets() { "$JSON_CHECK" get "$1" facets 2>/dev/null || echo null; }
n=0
while IFS= read -r q; do
    n=$((n + 1))
    for opt in "" "--facets=status,year,region"; do
        $GS search -d db -n 20 --format json $opt "$q" >l.json 2>err ||
            fail_later "local search '$q' $opt exited $?: $(cat err)"
        $GS search -d stub -n 20 --format json $opt "$q" >r.json 2>err ||
            fail_later "remote search '$q' $opt exited $?: $(cat err)"
        [ "$(jget l.json results.*.number)" = "$(jget r.json results.*.number)" ] ||
            fail_later "search '$q' $opt: local and remote ids or order differ"
        # Where the local count is exact, the remote one is the same, and exact.
        if [ "$(jget l.json total_exact)" = true ]; then
            [ "$(jget l.json total) $(jget r.json total_exact)" = "$(jget r.json total) true" ] ||
                fail_later "search '$q' $opt: local total $(jget l.json total), remote $(jget r.json total)"
        fi
        [ -z "$opt" ] || [ "$(facets l.json)" = "$(facets r.json)" ] ||
            fail_later "search '$q' $opt: the facet counts differ"
    done
done <queries.txt
[ "$n" -ge 12 ] || fail "only $n queries"

# Offsets: the client walks candidates in chunks; a later page is the same.
$GS search -d db -n 5 --offset 7 --format tsv '"местных сообществ"' >l.tsv 2>/dev/null
$GS search -d stub -n 5 --offset 7 --format tsv '"местных сообществ"' >r.tsv 2>/dev/null
cmp -s l.tsv r.tsv || fail_later "search --offset 7: local and remote pages differ"

id=$(jget l.json results.0.number)
$GS similar -d db -n 10 --format tsv --id "$id" >l.sim 2>err || fail_later "local similar: $(cat err)"
$GS similar -d stub -n 10 --format tsv --id "$id" >r.sim 2>err || fail_later "remote similar: $(cat err)"
[ -s l.sim ] && cmp -s l.sim r.sim || fail_later "similar --id $id: local and remote differ"

$GS batch -d db --threads 2 --format trec queries.txt >l.trec 2>err || fail_later "local batch: $(cat err)"
$GS batch -d stub --threads 2 --format trec queries.txt >r.trec 2>err || fail_later "remote batch: $(cat err)"
[ -s l.trec ] && cmp -s l.trec r.trec || fail_later "batch: local and remote runs differ"
pass
