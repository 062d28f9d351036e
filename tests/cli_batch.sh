#!/bin/sh
# grantsearch batch: each input form (plain lines, ID<TAB>query, stdin), each
# format (tsv, jsonl, trec), input order whatever the thread count, a bad
# query's error line, --timing, a missing index.
. "${top_srcdir:-.}/tests/lib.sh"
TAB=$(printf '\t')

$GS index -d db "$SEEDS" >/dev/null 2>&1 || fail "index exited $?"

# Plain lines get their line number as id; blank lines are skipped but counted.
printf 'развитие местных сообществ\n\nq3\tфонды местных сообществ\n' >q.txt
$GS batch -d db --threads 2 q.txt >out.tsv || fail "batch exited $?"
[ -s out.tsv ] || fail "no tsv output"
awk -F'\t' 'NF != 5 { exit 1 }' out.tsv || fail "tsv lines without 5 columns: $(cat out.tsv)"
cut -f1 out.tsv | sort -u | tr '\n' ' ' >ids.txt
[ "$(cat ids.txt)" = "1 q3 " ] || fail "query ids '$(cat ids.txt)', want '1 q3 '"
# The first id's lines come first, ranks count from 1.
[ "$(head -1 out.tsv | cut -f1,2)" = "1${TAB}1" ] || fail "first line: $(head -1 out.tsv)"
awk -F'\t' '$4 !~ /^[0-9.]+$/ { exit 1 }' out.tsv || fail "scores are not numbers"

# Standard input, both as "-" and as no argument, gives the same output.
$GS batch -d db --threads 2 - <q.txt >stdin1.tsv || fail "batch - exited $?"
cmp -s out.tsv stdin1.tsv || fail "stdin (-) output differs from the file's"
$GS batch -d db --threads 2 <q.txt >stdin2.tsv || fail "batch <stdin exited $?"
cmp -s out.tsv stdin2.tsv || fail "stdin output differs from the file's"

# JSON Lines: one valid object per query, in order.
$GS batch -d db --format jsonl q.txt >out.jsonl || fail "jsonl exited $?"
[ "$(wc -l <out.jsonl)" -eq 2 ] || fail "jsonl: $(wc -l <out.jsonl) lines for 2 queries"
"$JSON_CHECK" -l valid out.jsonl || fail "jsonl does not parse: $(cat out.jsonl)"
[ "$(jget -l out.jsonl id | tr '\n' ' ')" = "1 q3 " ] || fail "jsonl ids: $(cat out.jsonl)"
[ "$(sed -n 2p out.jsonl | jget - query)" = "фонды местных сообществ" ] || fail "jsonl query: $(cat out.jsonl)"
# Each query has results, ranked 1, 2, ... with a number and a status.
while IFS= read -r line; do
    printf '%s\n' "$line" >one.json
    [ "$(jget one.json 'results.#')" -gt 0 ] || fail "jsonl: no results in $line"
    [ "$(jget one.json 'results.*.rank' | tr '\n' ' ')" = "$(seq -s ' ' "$(jget one.json 'results.#')") " ] ||
        fail "jsonl ranks: $line"
    jget one.json 'results.*.number' | grep -q '^$' && fail "jsonl: an empty number in $line"
    jget one.json 'results.*.status' | grep -qv '^winner$\|^rejected$\|^unknown$' &&
        fail "jsonl: a bad status in $line"
done <out.jsonl

# TREC: six columns, Q0, the tag; docids are the numbers tsv shows.
$GS batch -d db --format trec q.txt >run.trec || fail "trec exited $?"
[ -s run.trec ] || fail "empty trec run"
awk 'NF != 6 || $2 != "Q0" || $6 != "grantsearch" || $4 !~ /^[0-9]+$/ { exit 1 }' run.trec ||
  fail "bad trec lines: $(cat run.trec)"
[ "$(cut -d' ' -f3 run.trec)" = "$(cut -f3 out.tsv)" ] || fail "trec docids differ from tsv numbers"
# TREC tools order by score: scores must fall with the rank within a query
# (this query is relaxed: its strict hit scores below the first relaxed one).
printf 'r1\tперспектива фонды местных сообществ\n' >relax.txt
$GS batch -d db relax.txt | awk -F'\t' 'NR == 2 && $4 + 0 <= s + 0 { exit 1 } { s = $4 }' ||
  echo "note: relax.txt no longer mixes scores; the check below is then weaker" >&2
cat q.txt relax.txt >qr.txt
$GS batch -d db --format trec qr.txt >qr.trec || fail "trec (relaxed) exited $?"
awk '$1 == q && $5 + 0 > s + 0 { exit 1 } { q = $1; s = $5 }' qr.trec || fail "trec scores rise with the rank: $(cat qr.trec)"
$GS batch -d db --format trec --tag myrun q.txt | awk '$6 != "myrun" { exit 1 }' || fail "--tag ignored"

# Order: many queries, 1 thread vs 4 threads, identical output.
: >many.txt
i=0
for w in сообществ развитие инициатив муниципальных обучение фонд центр территорий \
         проект поддержка "местных сообществ" "year:2020 развитие" "status:winner сообществ"; do
  for k in 1 2 3 4 5 6 7 8; do
    i=$((i + 1)); printf 'm%s\t%s\n' "$i" "$w" >>many.txt
  done
done
$GS batch -d db --threads 1 --format jsonl many.txt >one.jsonl || fail "1 thread exited $?"
$GS batch -d db --threads 4 --format jsonl many.txt >four.jsonl || fail "4 threads exited $?"
[ "$(wc -l <one.jsonl)" -eq "$i" ] || fail "1 thread: $(wc -l <one.jsonl) lines for $i queries"
cmp -s one.jsonl four.jsonl || fail "4 threads changed the output"
[ "$(jget -l four.jsonl id | tr '\n' ' ')" = "$(seq -f 'm%g' -s ' ' "$i") " ] || fail "ids out of order"

# A bad query: an error line for it, the rest goes on, exit status 2.
printf 'a\tсообществ\nbad\t"unbalanced quote\nc\tразвитие\n' >bad.txt
$GS batch -d db --threads 3 bad.txt >bad.tsv 2>bad.err; rc=$?
[ "$rc" -eq 2 ] || fail "bad query: exit $rc, want 2"
grep -q "^bad${TAB}0${TAB}-${TAB}0${TAB}error: " bad.tsv || fail "no tsv error line: $(cat bad.tsv)"
grep -q "query bad (bad.txt line 2)" bad.err || fail "stderr: $(cat bad.err)"
grep -q "^c${TAB}1${TAB}" bad.tsv || fail "the query after the bad one is missing"
[ "$(cut -f1 bad.tsv | uniq | tr '\n' ' ')" = "a bad c " ] || fail "order around the bad query"
$GS batch -d db --format jsonl bad.txt 2>/dev/null >bad.jsonl
[ "$(jget -l bad.jsonl id | tr '\n' ' ')" = "a bad c " ] && sed -n 2p bad.jsonl | "$JSON_CHECK" has - error &&
  ! sed -n 1p bad.jsonl | "$JSON_CHECK" has - error 2>/dev/null || fail "jsonl error object"
$GS batch -d db --format trec bad.txt 2>/dev/null | awk 'NF != 6 || $1 == "bad" { exit 1 }' ||
  fail "trec output holds a non-run line for the bad query"

# --timing: one line on stderr, in the agreed form.
$GS batch -d db --threads 2 --timing q.txt 2>timing.err >/dev/null || fail "--timing exited $?"
grep -Eq '^batch: queries=2 threads=2 total_s=[0-9.]+ qps=[0-9.]+ mean_ms=[0-9.]+ p50_ms=[0-9.]+ p99_ms=[0-9.]+ max_ms=[0-9.]+$' timing.err ||
  fail "timing line: $(cat timing.err)"

# --similar: lines are drafts.
printf 'd1\tХотим поддержать развитие местных сообществ и инициатив жителей в малых городах\n' >drafts.txt
$GS batch -d db --similar --format trec drafts.txt >sim.trec || fail "--similar exited $?"
[ -s sim.trec ] || fail "--similar found nothing"
awk 'NF != 6 || $1 != "d1" { exit 1 }' sim.trec || fail "--similar trec: $(cat sim.trec)"

# Errors of the command line and of the index.
$GS batch -d db --format xml q.txt 2>/dev/null; rc=$?
[ "$rc" -eq 1 ] || fail "--format xml: exit $rc, want 1"
$GS batch -d db --threads 0 q.txt 2>/dev/null; rc=$?
[ "$rc" -eq 1 ] || fail "--threads 0: exit $rc, want 1"
$GS batch -d no-such.db q.txt >/dev/null 2>err.txt; rc=$?
[ "$rc" -eq 3 ] || fail "missing index: exit $rc, want 3"
$GS batch -d db no-such-file.txt >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || fail "missing input file: exit $rc, want 2"
pass
