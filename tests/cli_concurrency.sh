#!/bin/sh
# cli_concurrency.sh - searches running while an indexer commits underneath
# them never fail: the searcher reopens and retries on "database modified".
# An index of 1,000 generated records is updated again and again with a
# commit after every 10 records (the real indexer commits every 1,000), so
# the revision a reader opened is soon discarded (with GS_SEARCH_RETRIES set to 0 this test fails with Xapian's
# DatabaseModifiedError); searches, show and similar run in a loop meanwhile
# and every one must exit 0; a second loop runs `search --facets` on every
# facet with phrases at the same time.
. "${top_srcdir:-.}/tests/lib.sh"
pid=
trap 'touch "$WORK/stop"; [ -n "$pid" ] && wait $pid; rm -rf "$WORK"' EXIT

gen="$top_builddir/bench/gen_corpus"
[ -x "$gen" ] || { echo "ERROR: $gen is not built"; exit 99; }
"$gen" -n 1000 --format jsonl --seeds "$SEEDS" -o corpus.jsonl --queries q.txt --nqueries 20 \
    2>/dev/null || fail "gen_corpus exited $?"
$GS_BIN index -q -d db corpus.jsonl || fail "first index exited $?"
number=$(head -1 corpus.jsonl | sed 's/.*"number": *"\([^"]*\)".*/\1/')

# The writer: re-index the same records (each one replaced) until told to
# stop; it finishes the run it is in, so nothing is left writing.
( while [ ! -f stop ]; do $GS_BIN index -q -c 10 --single-writer -d db corpus.jsonl || exit 1; done ) &
pid=$!

# Raw Xapian wording (exception names, "EOF reading block", "revision being
# read") must never reach a user, even when a search does fail.
no_xapian() {
    grep -qiE 'xapian|[A-Za-z]+Error\b|revision being read|reading block' "$1" &&
        fail "Xapian's own wording reached the user: $(cat "$1")"
    return 0
}

# A second reader, at the same time: --facets on every facet (the facet
# pass reads every match, so it is the likeliest to meet a commit), with
# snippets; every third query a phrase without facets (the recheck reads
# stored records).
end=$(( $(date +%s) + 8 ))
(
    n=0
    while [ "$(date +%s)" -lt "$end" ]; do
        while IFS= read -r q; do
            facets=--facets=status,year,direction,region,contest
            [ $((n % 3)) -eq 2 ] && q="\"$q\"" && facets=
            $GS_BIN search -d db -n 3 ${facets:+--facets} ${facets#--facets=} "$q" > f.out 2> f.err
            rc=$?
            [ $rc -eq 0 ] || { no_xapian f.err; echo "'$q' exit $rc: $(cat f.err)" > facets.fail; exit 1; }
            n=$((n + 1))
        done < q.txt
    done
    echo "$n" > facets.runs
) &
rpid=$!

runs=0
while [ "$(date +%s)" -lt "$end" ]; do
    while IFS= read -r q; do
        $GS_BIN search -d db -n 5 --format json --facets status,region "$q" > out.json 2> err.txt ||
            { no_xapian err.txt; fail "search '$q' exited $? while the index was being written: $(cat err.txt)"; }
        json_ok out.json || fail "search '$q' printed invalid JSON while the index was being written"
        runs=$((runs + 1))
    done < q.txt
    $GS_BIN show -d db "$number" > /dev/null 2> err.txt ||
        fail "show exited $? while the index was being written: $(cat err.txt)"
    echo "$q" | $GS_BIN similar -d db -n 3 - > /dev/null 2> err.txt ||
        fail "similar exited $? while the index was being written: $(cat err.txt)"
done
wait "$rpid" || fail "search --facets failed while the index was being written: $(cat facets.fail)"
# Floors low enough for a loaded machine under ASan: the test must have run.
[ "$(cat facets.runs)" -ge 5 ] || fail "only $(cat facets.runs) facet searches ran"
touch stop
wait "$pid" || fail "the writer failed (exit $?)"
pid=
[ "$runs" -ge 5 ] || fail "only $runs searches ran"
[ "$(records db)" = 1000 ] || fail "the index holds $(records db) records, want 1000"
echo "$runs searches while re-indexing"
pass
