#!/bin/sh
# cli_index_kill.sh - crash safety: SIGKILL a real `grantsearch index` at
# several moments.  After each kill the index must open and hold exactly the
# records of a commit point (a multiple of --commit-every); running the same
# command again must complete it.  Also Ctrl-C (SIGINT): commits, exits 130.
. "${top_srcdir:-.}/tests/lib.sh"
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$WORK"' EXIT
# The indexer runs as the plain binary ($GS_BIN): it is killed on a timer
# calibrated by a full run, which valgrind would slow down unevenly.

# The corpus: 3 copies of the dev collection with rewritten ids, or, without
# ../shared, 3000 records from the project's generator, so this always runs.
src="$SHARED_DIR/corpus/dev/collection.jsonl"
if [ -f "$src" ]; then
    copies=3
    i=0
    while [ $i -lt $copies ]; do
        sed -e "s/\"id\": \"\([^\"]*\)\"/\"id\": \"\1-k$i\"/" \
            -e "s/\"number\": \"\([^\"]*\)\"/\"number\": \"\1-k$i\"/" "$src"
        i=$((i+1))
    done > big.jsonl
else
    gen="$top_builddir/bench/gen_corpus"
    [ -x "$gen" ] || { echo "ERROR: $gen is not built"; exit 99; }
    "$gen" -n 3000 --format jsonl --seeds "$SEEDS" -o big.jsonl 2>/dev/null ||
        fail "gen_corpus exited $?"
fi
total=$(($(wc -l < big.jsonl)))
every=200
db=db
# One writer thread fed by two analyzer threads, committing every $every.
args="index -q -d $db --commit-every $every --threads 2 --single-writer big.jsonl"
run() { "$GS_BIN" $args 2>/dev/null; }
# In the background without a subshell, so $! is the indexer itself.
start() { "$GS_BIN" $args 2>/dev/null & pid=$!; }

# Calibrate: how long does a full run take here?
start=$(date +%s%N)
run || fail "full run exit $?"
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$(records "$db")" = "$total" ] || fail "full run: $(records "$db") of $total"
rm -rf "$db"

# Kill at 15%, 40%, 70% of a run, on a fresh index; then on a full one.
for pct in 15 40 70; do
    rm -rf "$db"
    start
    sleep "$(awk "BEGIN {print $full_ms * $pct / 100000}")"
    kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null; pid=
    n=$(records "$db") || fail "index does not open after SIGKILL at $pct%"
    [ $((n % every)) -eq 0 ] || [ "$n" -eq "$total" ] ||
        fail "after SIGKILL at $pct%: $n records, not a commit point (every $every)"
    echo "$TEST_NAME: SIGKILL at $pct%: $n records committed"
    run || fail "re-run after SIGKILL at $pct%: exit $?"
    [ "$(records "$db")" = "$total" ] || fail "re-run after $pct%: $(records "$db") of $total"
done
# Killed while re-indexing a complete index: it still holds every record.
start
sleep "$(awk "BEGIN {print $full_ms * 50 / 100000}")"
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null; pid=
[ "$(records "$db")" = "$total" ] || fail "killed re-index: $(records "$db") of $total"

# A sharded fresh build (the default with 2 threads) killed half-way leaves
# the empty index it committed first, or the whole merged one; a re-run completes.
rm -rf "$db"
"$GS_BIN" index -q -d "$db" --threads 2 big.jsonl 2>/dev/null & pid=$!
sleep "$(awk "BEGIN {print $full_ms * 50 / 100000}")"
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null; pid=
n=$(records "$db") || fail "sharded build: index does not open after SIGKILL"
[ "$n" = 0 ] || [ "$n" = "$total" ] || fail "sharded build killed: $n records"
"$GS_BIN" index -q -d "$db" --threads 2 big.jsonl || fail "sharded re-run exit $?"
[ "$(records "$db")" = "$total" ] || fail "sharded re-run: $(records "$db") of $total"
[ -e "$db/.grantsearch-shards" ] && fail "shards left behind"

# Ctrl-C: commits what is done, exits 130, leaves no lock behind.
rm -rf "$db"
start
sleep "$(awk "BEGIN {print $full_ms * 40 / 100000}")"
kill -INT $pid 2>/dev/null; wait $pid; rc=$?; pid=
n=$(records "$db") || fail "index does not open after SIGINT"
if [ "$n" != "$total" ]; then
    [ $rc -eq 130 ] || fail "SIGINT: exit $rc, want 130"
    [ "$n" -gt 0 ] || fail "SIGINT committed nothing"
fi
[ -e "$db/writer.pid" ] && fail "SIGINT left writer.pid"
run || fail "run after SIGINT: exit $?"
[ "$(records "$db")" = "$total" ] || fail "after SIGINT re-run: $(records "$db") of $total"
pass
