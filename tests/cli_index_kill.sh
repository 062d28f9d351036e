#!/bin/sh
# cli_index_kill.sh - crash safety: SIGKILL a real `grantsearch index` at
# several moments.  After each kill the index must open and hold exactly the
# records of a commit point (a multiple of --commit-every); running the same
# command again must complete it.  Also Ctrl-C (SIGINT): commits, exits 130.
set -u
GS="${top_builddir:-.}/grantsearch"
[ -x "$GS" ] || { echo "cli_index_kill: $GS not built"; exit 99; }
src="${SHARED_DIR:-}/corpus/dev/collection.jsonl"
[ -f "$src" ] || { echo "cli_index_kill: skipped (no $src)"; exit 77; }
tmp=$(mktemp -d) || exit 99
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
records() { "$GS" stats -d "$1" | awk '/^records:/ {print $2}'; }

# A corpus of N copies of the dev collection with rewritten ids.
copies=3
i=0
while [ $i -lt $copies ]; do
    sed -e "s/\"id\": \"\([^\"]*\)\"/\"id\": \"\1-k$i\"/" \
        -e "s/\"number\": \"\([^\"]*\)\"/\"number\": \"\1-k$i\"/" "$src"
    i=$((i+1))
done > "$tmp/big.jsonl"
total=$(( $(wc -l < "$src") * copies ))
every=200
db="$tmp/db"
# One writer thread fed by two analyzer threads, committing every $every.
args="index -q -d $db --commit-every $every --threads 2 --single-writer $tmp/big.jsonl"
run() { "$GS" $args 2>/dev/null; }
# In the background without a subshell, so $! is the indexer itself.
start() { "$GS" $args 2>/dev/null & pid=$!; }

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
    [ -n "$n" ] || n=0
    [ $((n % every)) -eq 0 ] || [ "$n" -eq "$total" ] ||
        fail "after SIGKILL at $pct%: $n records, not a commit point (every $every)"
    echo "SIGKILL at $pct%: $n records committed"
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
"$GS" index -q -d "$db" --threads 2 "$tmp/big.jsonl" 2>/dev/null & pid=$!
sleep "$(awk "BEGIN {print $full_ms * 50 / 100000}")"
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null; pid=
n=$(records "$db") || fail "sharded build: index does not open after SIGKILL"
[ "$n" = 0 ] || [ "$n" = "$total" ] || fail "sharded build killed: $n records"
"$GS" index -q -d "$db" --threads 2 "$tmp/big.jsonl" || fail "sharded re-run exit $?"
[ "$(records "$db")" = "$total" ] || fail "sharded re-run: $(records "$db") of $total"
[ -e "$db.shards" ] && fail "shards left behind"

# Ctrl-C: commits what is done, exits 130, leaves no lock behind.
rm -rf "$db"
start
sleep "$(awk "BEGIN {print $full_ms * 40 / 100000}")"
kill -INT $pid 2>/dev/null; wait $pid; rc=$?; pid=
n=$(records "$db")
if [ "$n" != "$total" ]; then
    [ $rc -eq 130 ] || fail "SIGINT: exit $rc, want 130"
    [ "$n" -gt 0 ] || fail "SIGINT committed nothing"
fi
[ -e "$db/writer.pid" ] && fail "SIGINT left writer.pid"
run || fail "run after SIGINT: exit $?"
[ "$(records "$db")" = "$total" ] || fail "after SIGINT re-run: $(records "$db") of $total"
exit 0
