#!/bin/sh
# cli_index.sh - `grantsearch index/delete/stats/compact` end to end on real
# databases: the seeds, a directory mixing page text, CSV, JSONL and .gz with
# bad files, stdin, --format, replace, delete, idempotent re-index, no API key
# in the database files, and a second writer's message.
. "${top_srcdir:-.}/tests/lib.sh"
holder=
trap '[ -n "$holder" ] && kill $holder 2>/dev/null; rm -rf "$WORK"' EXIT

# --help and usage errors
$GS index --help | grep -q 'usage: grantsearch index' || fail "index --help"
$GS index -d x 2>/dev/null; [ $? -eq 1 ] || fail "index without input should exit 1"
$GS index --threads 0 -d x "$SEEDS" 2>/dev/null; [ $? -eq 1 ] || fail "--threads 0"
$GS stats -d none 2>/dev/null; [ $? -eq 3 ] || fail "stats on a missing index should exit 3"

# The seeds: five records, exit 0.
db=seeds.db
$GS index -q -d "$db" "$SEEDS" 2>err; rc=$?
[ $rc -eq 0 ] || fail "index seeds: exit $rc: $(cat err)"
[ "$(records "$db")" = 5 ] || fail "seeds: $(records "$db") records, want 5"
$GS stats -d "$db" > stats || fail "stats exit"
grep -q '^terms: *[1-9]' stats || fail "stats terms: $(cat stats)"
grep -q '^last update: *20[0-9][0-9]-' stats || fail "stats update: $(cat stats)"
grep -q '^  title *[1-9]' stats || fail "stats title average: $(cat stats)"
# $(...) drops one trailing newline, so a last byte that is not one shows.
[ -z "$(tail -c 1 stats)" ] || fail "stats output does not end with a newline"
[ "$(grep -c '^  [a-z_]* *[0-9]*\.[0-9]$' stats)" = 8 ] || fail "stats: not 8 field averages: $(cat stats)"

# No API key from the seeds anywhere in the database files.
for key in $(grep -oh 'yandexApiKey":"[^"]*' "$SEEDS"/*.txt | sed 's/.*"//' | sort -u); do
    [ -n "$key" ] || continue
    grep -rqF "$key" "$db" && fail "API key $key found in the index"
done

# Idempotent: the same input again leaves the same records and terms.
cp stats stats1
$GS index -q -d "$db" "$SEEDS" || fail "re-index exit"
$GS stats -d "$db" > stats2
grep -E '^(records|terms|  )' stats1 > a; grep -E '^(records|terms|  )' stats2 > b
cmp -s a b || fail "re-index changed the index: $(diff a b)"

# delete: one known, one unknown (exit 2), then the count.
$GS delete -d "$db" 19-1-029373 || fail "delete exit"
[ "$(records "$db")" = 4 ] || fail "after delete: $(records "$db")"
$GS delete -d "$db" no-such-number 2>err; [ $? -eq 2 ] || fail "delete unknown should exit 2"
grep -q 'not in the index' err || fail "delete unknown message: $(cat err)"
$GS delete -d none 1 2>/dev/null; [ $? -eq 3 ] || fail "delete on a missing index should exit 3"

# stdin and --format: a JSONL line through -.
printf '{"id":"t-1","number":"t-1","title":"Проверка стандартного ввода"}\n' |
    $GS index -q -d "$db" --format jsonl - || fail "stdin exit"
[ "$(records "$db")" = 5 ] || fail "after stdin: $(records "$db")"
# replace: same id, new title: count unchanged.
printf '{"id":"t-1","number":"t-1","title":"Другое название"}\n' |
    $GS index -q -d "$db" - || fail "replace exit"
[ "$(records "$db")" = 5 ] || fail "after replace: $(records "$db")"

# A directory mixing the forms, gzip, and bad input: good records indexed,
# problems as FILE:LINE: reason, a summary, exit 2.
if [ -f "$SHARED_DIR/corpus/dev/collection.jsonl" ]; then
    mix=mix; mkdir -p "$mix/sub"
    cp "$SEEDS"/*.txt "$mix/"
    head -101 "$SHARED_DIR/corpus/dev/collection.csv" > "$mix/sub/part.csv"
    sed -n '200,299p' "$SHARED_DIR/corpus/dev/collection.jsonl" | gzip > "$mix/sub/part.jsonl.gz"
    printf '{"id":"ok-1","title":"Хорошая запись"}\n{"id": broken\n' > "$mix/bad.jsonl"
    $GS index -d mix.db "$mix" > out 2> err; rc=$?
    [ $rc -eq 2 ] || fail "mixed dir: exit $rc, want 2: $(cat err)"
    grep -q 'bad.jsonl:2: ' err || fail "no FILE:LINE for the bad line: $(cat err)"
    n=$(records mix.db)
    # 5 seeds + 100 CSV rows + 100 JSONL lines (ids may overlap the seeds) + 1
    [ "$n" -ge 200 ] && [ "$n" -le 206 ] || fail "mixed dir: $n records"
    [ -s out ] && fail "index wrote to stdout: $(cat out)"
    # forcing the wrong form refuses the page files
    $GS index -q -d forced.db --format csv "$SEEDS" 2>/dev/null; rc=$?
    [ $rc -eq 2 ] || [ $rc -eq 0 ] || fail "--format csv on pages: exit $rc"
else
    echo "$TEST_NAME: ../shared absent, mixed-directory part skipped"
fi

# A second writer is told who holds the lock.  The first waits on stdin.
mkfifo fifo
$GS index -q -d "$db" --format jsonl - < fifo & holder=$!
exec 3> fifo
# (up to 30 s: under valgrind the holder starts slowly)
i=0; while [ ! -f "$db/writer.pid" ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done
$GS index -q -d "$db" "$SEEDS" 2> err; rc=$?
[ $rc -eq 3 ] || fail "second writer: exit $rc"
grep -q "the index is being written by another process (pid $holder)" err ||
    fail "second writer message: $(cat err)"
grep -qi 'xapian\|DatabaseLockError' err && fail "Xapian text leaked: $(cat err)"
$GS delete -d "$db" t-1 2> err; [ $? -eq 3 ] || fail "delete while locked"
grep -q "being written by another process" err || fail "delete lock message"
exec 3>&-
# It read nothing ("empty file": exit 2); more would be an error (99: valgrind).
wait $holder; rc=$?; holder=
[ $rc -le 2 ] || fail "the first writer exited $rc"
[ "$(records "$db")" = 5 ] || fail "after lock test: $(records "$db")"

# compact keeps every record.
$GS compact -d "$db" || fail "compact exit"
[ "$(records "$db")" = 5 ] || fail "after compact: $(records "$db")"
[ -e "$db.old" ] && fail "compact left $db.old"
[ -e "$db.compact-tmp" ] && fail "compact left $db.compact-tmp"
# an older version's compaction killed between its renames (DB renamed away)
# is repaired by the next writer; a reader (stats) changes nothing
mv "$db" "$db.old"
records "$db" > /dev/null 2>&1 && fail "stats found an index that is not there"
[ -d "$db.old" ] || fail "stats touched $db.old"
$GS compact -d "$db" || fail "compact after an old interrupted compaction: exit $?"
[ "$(records "$db")" = 5 ] || fail "recovery from DB.old"
[ -e "$db.old" ] && fail "recovery left $db.old"
pass
