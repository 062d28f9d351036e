#!/bin/sh
# cli_index_segments.sh - a new index built on several threads writes each
# scratch shard as segments of 40 batches (-c) (indexer/segments.c: commits stay
# cheap however large the archive), which the merge compacts in order.  The
# index must be the one a single segment per shard gives: the same records
# at the same docids, the same answers, and a record read twice replaced by
# its later copy at its first copy's place, also when that first copy is in
# a segment closed long before (it is opened again for the replacement).
. "${top_srcdir:-.}/tests/lib.sh"

gen_corpus 600
# Six records again at the end, retitled: their first copies sit in the
# first segments of both shards.
head -n 6 corpus.jsonl | sed 's/"title": "/"title": "Повторзапись /' >again.jsonl
cat corpus.jsonl again.jsonl >all.jsonl

# -c 2: a commit per record in each shard, a segment every 80 records
# (about 4 per shard); -c 100000: one segment per shard.
$GS index -d many --threads 2 -c 2 all.jsonl >many.out 2>&1 || fail "-c 2: exit $?: $(cat many.out)"
$GS index -d one --threads 2 -c 100000 all.jsonl >one.out 2>&1 || fail "-c 100000: exit $?: $(cat one.out)"
[ "$(records many)" = 600 ] || fail "segments: $(records many) records, want 600"
[ "$(records one)" = 600 ] || fail "one segment: $(records one) records, want 600"

# Every copy replaced in place: the later title is what is shown and found.
n=$(head -n 6 corpus.jsonl | sed 's/.*"number": "\([^"]*\)".*/\1/' | head -n 1)
$GS show -d many "$n" >show.txt 2>&1 || fail "show $n: exit $?"
grep -q 'Повторзапись' show.txt || fail "record $n kept its first copy: $(head -3 show.txt)"
$GS search -d many -n 0 '=повторзапись' >found.txt 2>&1 || fail "search: exit $?"
grep -q '^6 results for' found.txt ||
    fail "the six later copies are not all found: $(cat found.txt)"

# The same answers, ranks and docid order (ties are broken by docid), and
# the same totals, with one segment per shard and with many.
printf '%s\n' '=повторзапись' 'Повторзапись развитие' >>q.txt
$GS batch -d many -n 20 --format jsonl q.txt >many.jsonl 2>&1 || fail "batch many: exit $?"
$GS batch -d one -n 20 --format jsonl q.txt >one.jsonl 2>&1 || fail "batch one: exit $?"
cmp -s many.jsonl one.jsonl || fail "answers differ: $(diff many.jsonl one.jsonl | head -5)"
$GS stats -d many | grep -v -e '^index:' -e '^size on disk' -e '^last update' >many.stats
$GS stats -d one | grep -v -e '^index:' -e '^size on disk' -e '^last update' >one.stats
cmp -s many.stats one.stats || fail "stats differ: $(diff many.stats one.stats | head -5)"
if command -v xapian-delve >/dev/null 2>&1; then
    for t in "Q$n" XAпро; do
        a=$(xapian-delve -t "$t" many 2>/dev/null) b=$(xapian-delve -t "$t" one 2>/dev/null)
        [ -n "$a" ] && [ "$a" = "$b" ] || fail "posting list of $t differs: $a / $b"
    done
fi
pass
