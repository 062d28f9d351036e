#!/bin/sh
# cli_kill_readers.sh - SIGKILL the writers while readers run against the
# same index (issue 13's standing campaign):
#   A. a multi-threaded (sharded) fresh build,
#   B. adding records to an index (one writer, commits every $every),
#   C. `compact`,
# each killed at several moments, with `stats` and `search --facets` looping
# meanwhile.  After every kill the index opens (for a reader, before any
# writer repairs it) with the old or the new content (B: a commit point);
# the same command run again completes and leaves no scratch behind; and a
# writer that is not killed never fails because readers are about.
. "${top_srcdir:-.}/tests/lib.sh"
pid=
rpid=
trap 'touch "$WORK/stop"; [ -n "$pid" ] && kill -9 $pid 2>/dev/null; [ -n "$rpid" ] && wait $rpid; rm -rf "$WORK"' EXIT

gen="$top_builddir/bench/gen_corpus"
[ -x "$gen" ] || { echo "ERROR: $gen is not built"; exit 99; }
"$gen" -n 1000 --format jsonl --seeds "$SEEDS" -o base.jsonl 2>/dev/null || fail "gen_corpus: $?"
# 300 more records: the first 300 with new ids and numbers
head -300 base.jsonl | sed -e 's/"id": "\([^"]*\)"/"id": "\1-add"/' \
    -e 's/"number": "\([^"]*\)"/"number": "\1-add"/' > add.jsonl
base=$(($(wc -l < base.jsonl)))
added=$((base + $(wc -l < add.jsonl)))
every=50
db=db

ms() { echo $(( $(date +%s%N) / 1000000 )); }
# pause PERCENT OF_MS: sleep that share of a calibrated run
pause() { sleep "$(awk "BEGIN {print $2 * $1 / 100000}")"; }
# killrun PERCENT OF_MS CMD...: start CMD, SIGKILL it at PERCENT of OF_MS
killrun() {
    p=$1; of=$2; shift 2
    "$GS_BIN" "$@" 2>/dev/null & pid=$!
    pause "$p" "$of"
    kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null; pid=
}
# copy_db SRC: $db becomes a copy of SRC (whole, so readers never see a half copy)
copy_db() { rm -rf "$db" db.tmp; cp -r "$1" db.tmp && mv db.tmp "$db"; }
# no_scratch: a completed writer left nothing of its own behind
no_scratch() {
    ls -A "$db" | grep -q -e '^\.grantsearch-' -e '^XAPIANDB' -e '\.gs-swap$' &&
        fail "$1: scratch left in the index: $(ls -A "$db" | tr '\n' ' ')"
    [ -e "$db/writer.pid" ] && fail "$1: writer.pid left"
    return 0
}

# The readers: until told to stop; their failures are counted, not fatal
# (a reader may see a transient error while a writer commits or swaps, and
# retrying is the searcher's business); what they must not do is harm a
# writer, which is checked on every writer's exit status and result.
(
    n=0; bad=0
    while [ ! -f stop ]; do
        "$GS_BIN" stats -d "$db" > /dev/null 2>> readers.err || bad=$((bad + 1))
        "$GS_BIN" search -d "$db" -n 3 --facets status,region дети > /dev/null 2>> readers.err ||
            bad=$((bad + 1))
        n=$((n + 2))
    done
    echo "$n $bad" > readers.out
) & rpid=$!

# ---- A. the sharded fresh build ---------------------------------------------
build="index -q -j 2 -d $db base.jsonl"
t=$(ms); "$GS_BIN" $build || fail "A: full build exit $?"; full=$(( $(ms) - t ))
[ "$(records "$db")" = "$base" ] || fail "A: full build holds $(records "$db")"
no_scratch "A: full build"
for pct in 35 70 95; do
    rm -rf "$db"; mkdir "$db"
    killrun $pct $full $build
    n=$(records "$db") || fail "A: the index does not open after SIGKILL at $pct%"
    [ "$n" = 0 ] || [ "$n" = "$base" ] || fail "A: killed at $pct%: $n records"
    echo "$TEST_NAME: A: build killed at $pct%: $n records"
    "$GS_BIN" $build || fail "A: re-run after $pct%: exit $?"
    [ "$(records "$db")" = "$base" ] || fail "A: re-run after $pct%: $(records "$db")"
    no_scratch "A: re-run after $pct%"
done

# ---- B. adding to an index ---------------------------------------------------
add="index -q -j 2 -c $every -d $db add.jsonl"
cp -r "$db" full.db
t=$(ms); "$GS_BIN" $add || fail "B: full add exit $?"; addms=$(( $(ms) - t ))
[ "$(records "$db")" = "$added" ] || fail "B: full add holds $(records "$db")"
for pct in 30 70; do
    copy_db full.db
    killrun $pct $addms $add
    n=$(records "$db") || fail "B: the index does not open after SIGKILL at $pct%"
    [ $(((n - base) % every)) -eq 0 ] || [ "$n" = "$added" ] ||
        fail "B: killed at $pct%: $n records, not a commit point"
    [ "$n" -ge "$base" ] || fail "B: killed at $pct%: $n records, fewer than before"
    echo "$TEST_NAME: B: add killed at $pct%: $n records"
    "$GS_BIN" $add || fail "B: re-run after $pct%: exit $?"
    [ "$(records "$db")" = "$added" ] || fail "B: re-run after $pct%: $(records "$db")"
    no_scratch "B: re-run after $pct%"
done

# ---- C. compact ---------------------------------------------------------------
cp -r "$db" c.db
t=$(ms); "$GS_BIN" compact -d "$db" || fail "C: compact exit $?"; cms=$(( $(ms) - t ))
[ "$(records "$db")" = "$added" ] || fail "C: compact holds $(records "$db")"
for pct in 20 50 80 95 99; do
    copy_db c.db
    killrun $pct $cms compact -d "$db"
    n=$(records "$db") || fail "C: the index does not open after SIGKILL at $pct%"
    [ "$n" = "$added" ] || fail "C: killed at $pct%: $n records"
    $GS_BIN search -d "$db" -n 1 дети > /dev/null 2>&1 || fail "C: search after a kill at $pct%"
    "$GS_BIN" compact -d "$db" || fail "C: compact after a kill at $pct%: exit $?"
    [ "$(records "$db")" = "$added" ] || fail "C: after re-compact: $(records "$db")"
    no_scratch "C: compact after a kill at $pct%"
done

touch stop; wait $rpid; rpid=
read runs bad < readers.out
[ -n "${GS_KEEP_READER_ERRORS:-}" ] && cp readers.err "$GS_KEEP_READER_ERRORS"
echo "$TEST_NAME: $runs reader runs alongside, $bad of them failed (transient); why:"
sed 's/[0-9][0-9]*/N/g' readers.err | sort | uniq -c | sort -rn | head -8
[ "$runs" -gt 10 ] || fail "the readers hardly ran ($runs)"
pass
