#!/bin/sh
# cli_index.sh - `grantsearch index/delete/stats/compact` end to end on real
# databases: the seeds, a directory mixing page text, CSV, JSONL and .gz with
# bad files, stdin, --format, replace, delete, idempotent re-index, no API key
# in the database files, and a second writer's message.
set -u
GS="${top_builddir:-.}/grantsearch"
SRC="${top_srcdir:-.}"
[ -x "$GS" ] || { echo "cli_index: $GS not built"; exit 99; }
tmp=$(mktemp -d) || exit 99
holder=
trap '[ -n "$holder" ] && kill $holder 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
records() { "$GS" stats -d "$1" | awk '/^records:/ {print $2}'; }

# --help and usage errors
"$GS" index --help | grep -q 'usage: grantsearch index' || fail "index --help"
"$GS" index -d "$tmp/x" 2>/dev/null; [ $? -eq 1 ] || fail "index without input should exit 1"
"$GS" index --threads 0 -d "$tmp/x" "$SRC/data/seeds" 2>/dev/null; [ $? -eq 1 ] || fail "--threads 0"
"$GS" stats -d "$tmp/none" 2>/dev/null; [ $? -eq 3 ] || fail "stats on a missing index should exit 3"

# The seeds: five records, exit 0.
db="$tmp/seeds.db"
"$GS" index -q -d "$db" "$SRC/data/seeds" 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] || fail "index seeds: exit $rc: $(cat "$tmp/err")"
[ "$(records "$db")" = 5 ] || fail "seeds: $(records "$db") records, want 5"
"$GS" stats -d "$db" > "$tmp/stats" || fail "stats exit"
grep -q '^terms: *[1-9]' "$tmp/stats" || fail "stats terms: $(cat "$tmp/stats")"
grep -q '^last update: *20[0-9][0-9]-' "$tmp/stats" || fail "stats update: $(cat "$tmp/stats")"
grep -q '^  title *[1-9]' "$tmp/stats" || fail "stats title average: $(cat "$tmp/stats")"
# $(...) drops one trailing newline, so a last byte that is not one shows.
[ -z "$(tail -c 1 "$tmp/stats")" ] || fail "stats output does not end with a newline"
[ "$(grep -c '^  [a-z_]* *[0-9]*\.[0-9]$' "$tmp/stats")" = 8 ] || fail "stats: not 8 field averages: $(cat "$tmp/stats")"

# No API key from the seeds anywhere in the database files.
for key in $(grep -oh 'yandexApiKey":"[^"]*' "$SRC"/data/seeds/*.txt | sed 's/.*"//' | sort -u); do
    [ -n "$key" ] || continue
    grep -rqF "$key" "$db" && fail "API key $key found in the index"
done

# Idempotent: the same input again leaves the same records and terms.
cp "$tmp/stats" "$tmp/stats1"
"$GS" index -q -d "$db" "$SRC/data/seeds" || fail "re-index exit"
"$GS" stats -d "$db" > "$tmp/stats2"
grep -E '^(records|terms|  )' "$tmp/stats1" > "$tmp/a"; grep -E '^(records|terms|  )' "$tmp/stats2" > "$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || fail "re-index changed the index: $(diff "$tmp/a" "$tmp/b")"

# delete: one known, one unknown (exit 2), then the count.
"$GS" delete -d "$db" 19-1-029373 || fail "delete exit"
[ "$(records "$db")" = 4 ] || fail "after delete: $(records "$db")"
"$GS" delete -d "$db" no-such-number 2>"$tmp/err"; [ $? -eq 2 ] || fail "delete unknown should exit 2"
grep -q 'not in the index' "$tmp/err" || fail "delete unknown message: $(cat "$tmp/err")"
"$GS" delete -d "$tmp/none" 1 2>/dev/null; [ $? -eq 3 ] || fail "delete on a missing index should exit 3"

# stdin and --format: a JSONL line through -.
printf '{"id":"t-1","number":"t-1","title":"Проверка стандартного ввода"}\n' |
    "$GS" index -q -d "$db" --format jsonl - || fail "stdin exit"
[ "$(records "$db")" = 5 ] || fail "after stdin: $(records "$db")"
# replace: same id, new title: count unchanged.
printf '{"id":"t-1","number":"t-1","title":"Другое название"}\n' |
    "$GS" index -q -d "$db" - || fail "replace exit"
[ "$(records "$db")" = 5 ] || fail "after replace: $(records "$db")"

# A directory mixing the forms, gzip, and bad input: good records indexed,
# problems as FILE:LINE: reason, a summary, exit 2.
if [ -n "${SHARED_DIR:-}" ] && [ -f "$SHARED_DIR/corpus/dev/collection.jsonl" ]; then
    mix="$tmp/mix"; mkdir -p "$mix/sub"
    cp "$SRC"/data/seeds/*.txt "$mix/"
    head -101 "$SHARED_DIR/corpus/dev/collection.csv" > "$mix/sub/part.csv"
    sed -n '200,299p' "$SHARED_DIR/corpus/dev/collection.jsonl" | gzip > "$mix/sub/part.jsonl.gz"
    printf '{"id":"ok-1","title":"Хорошая запись"}\n{"id": broken\n' > "$mix/bad.jsonl"
    "$GS" index -d "$tmp/mix.db" "$mix" > "$tmp/out" 2> "$tmp/err"; rc=$?
    [ $rc -eq 2 ] || fail "mixed dir: exit $rc, want 2: $(cat "$tmp/err")"
    grep -q 'bad.jsonl:2: ' "$tmp/err" || fail "no FILE:LINE for the bad line: $(cat "$tmp/err")"
    n=$(records "$tmp/mix.db")
    # 5 seeds + 100 CSV rows + 100 JSONL lines (ids may overlap the seeds) + 1
    [ "$n" -ge 200 ] && [ "$n" -le 206 ] || fail "mixed dir: $n records"
    [ -s "$tmp/out" ] && fail "index wrote to stdout: $(cat "$tmp/out")"
    # forcing the wrong form refuses the page files
    "$GS" index -q -d "$tmp/forced.db" --format csv "$SRC/data/seeds" 2>/dev/null; rc=$?
    [ $rc -eq 2 ] || [ $rc -eq 0 ] || fail "--format csv on pages: exit $rc"
else
    echo "cli_index: SHARED_DIR absent, mixed-directory part skipped"
fi

# A second writer is told who holds the lock.  The first waits on stdin.
mkfifo "$tmp/fifo"
"$GS" index -q -d "$db" --format jsonl - < "$tmp/fifo" & holder=$!
exec 3> "$tmp/fifo"
i=0; while [ ! -f "$db/writer.pid" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
"$GS" index -q -d "$db" "$SRC/data/seeds" 2> "$tmp/err"; rc=$?
[ $rc -eq 3 ] || fail "second writer: exit $rc"
grep -q "the index is being written by another process (pid $holder)" "$tmp/err" ||
    fail "second writer message: $(cat "$tmp/err")"
grep -qi 'xapian\|DatabaseLockError' "$tmp/err" && fail "Xapian text leaked: $(cat "$tmp/err")"
"$GS" delete -d "$db" t-1 2> "$tmp/err"; [ $? -eq 3 ] || fail "delete while locked"
grep -q "being written by another process" "$tmp/err" || fail "delete lock message"
exec 3>&-
wait $holder; holder=
[ "$(records "$db")" = 5 ] || fail "after lock test: $(records "$db")"

# compact keeps every record.
"$GS" compact -d "$db" || fail "compact exit"
[ "$(records "$db")" = 5 ] || fail "after compact: $(records "$db")"
[ -e "$db.old" ] && fail "compact left $db.old"
[ -e "$db.compact-tmp" ] && fail "compact left $db.compact-tmp"
# an interrupted compaction (DB renamed away) is repaired on the next open
mv "$db" "$db.old"
[ "$(records "$db")" = 5 ] || fail "recovery from DB.old"
[ -e "$db.old" ] && fail "recovery left $db.old"
exit 0
