#!/bin/sh
# cli_query.sh - everyday and hostile query input (issues 12 and 13):
# pasted text with `word:` runs, queries with nothing to search, the size
# caps, invalid bytes in `search` and in `batch` lines, short excerpts in
# every message, and a huge draft to `similar -` staying bounded.
. "${top_srcdir:-.}/tests/lib.sh"
S="search -d db"

$GS index -q -d db "$SEEDS" || fail "index exited $?"

# --- `word:` that names no field is a word, said in the notes ----------------
for q in 'Цель: помощь детям' 'помощь детям: театр' 'http://example.com' 'ЧТО: местных сообществ'; do
    $GS $S "$q" >out 2>err || fail_later "'$q' exited $?: $(cat err)"
    grep -q "^Note: not a field, searched as a word: '" out || fail_later "'$q': no note: $(cat out)"
    $GS $S --format json "$q" >out.json 2>err || fail_later "'$q' json exited $?"
    jget out.json 'notes.*' | grep -q 'not a field' || fail_later "'$q': json notes: $(cat out.json)"
done
# Pasted text still finds what it says.
$GS $S 'ЧТО: местных сообществ' >out || fail "pasted text exited $?"
grep -q '^No results' out && fail "'ЧТО: местных сообществ' found nothing"

# --- nothing to search: one rule, exit 0 and a note --------------------------
for q in '*' '-' '""' '=' '' '   ' 'и в на'; do
    $GS $S "$q" >out 2>err; rc=$?
    [ $rc -eq 0 ] || fail_later "'$q': exit $rc, want 0 (nothing to search): $(cat err)"
    grep -q '^Note: nothing to search' out || fail_later "'$q': no 'nothing to search' note: $(cat out)"
done

# --- size caps -------------------------------------------------------------
# 300 words: refused (exit 1), fast, naming the limit; the message quotes a
# short excerpt, not the query.
words=$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "дом%d ", i }')
$GS $S "$words" >out 2>err; rc=$?
[ $rc -eq 1 ] || fail_later "300 words: exit $rc, want 1"
grep -q 'too many words (more than 256)' err || fail_later "300 words: message: $(cat err)"
[ "$(wc -c <err)" -lt 600 ] || fail_later "300 words: the message is $(wc -c <err) bytes"
# A pasted 10 KB text with «ЧТО:»: too long, said in a short message.
text=$(awk 'BEGIN { for (i = 0; i < 700; i++) printf "ЧТО: помощь %d ", i }')
$GS $S "$text" >out 2>err; rc=$?
[ $rc -eq 1 ] || fail_later "10 KB query: exit $rc, want 1"
grep -q 'the query is too long' err || fail_later "10 KB query: message: $(cat err)"
[ "$(wc -c <err)" -lt 600 ] || fail_later "10 KB query: the message is $(wc -c <err) bytes"
# 100 KB on the command line (about what one argument may hold) and a 1 MB
# batch line: refused before any parsing (the message says it).  No clock:
# `timeout` only guards against a hang (before the cap, a 1 MB line ran for
# minutes and took gigabytes).
head -c 1000000 /dev/zero | tr '\0' 'a' | sed 's/aaaaaaaaa/& /g' >big.txt
timeout 300 $GS $S "$(head -c 100000 big.txt)" >out 2>err; rc=$?
[ $rc -eq 1 ] || fail_later "100 KB query: exit $rc, want 1"
grep -q 'the query is too long' err || fail_later "100 KB query: message: $(cat err)"
timeout 300 $GS batch -d db big.txt >out 2>err; rc=$?
[ $rc -eq 2 ] || fail_later "1 MB batch line: exit $rc, want 2"
grep -q 'line 1).*the query is too long' err || fail_later "1 MB batch line: $(cat err)"
# A long malformed query: the message still quotes only an excerpt.
long=$(awk 'BEGIN { for (i = 0; i < 100; i++) printf "слово "; printf "(скобка " ; for (i = 0; i < 100; i++) printf "слово " }')
$GS $S "$long" >out 2>err; rc=$?
[ $rc -eq 1 ] || fail_later "unbalanced bracket: exit $rc"
grep -q 'unbalanced bracket' err || fail_later "unbalanced bracket: $(cat err)"
[ "$(wc -c <err)" -lt 400 ] || fail_later "bracket message is $(wc -c <err) bytes: $(cat err)"

# --- invalid bytes ---------------------------------------------------------
$GS $S "$(printf 'дети \377\376')" >out 2>err; rc=$?
[ $rc -eq 1 ] || fail_later "invalid UTF-8: exit $rc, want 1"
grep -q 'invalid UTF-8 at byte 10' err || fail_later "invalid UTF-8: $(cat err)"
grep -q 'bracket' err && fail_later "invalid UTF-8 called a bracket: $(cat err)"

# batch: a NUL, invalid UTF-8 and an over-long line are refused, each naming
# its line; the other queries run; jsonl keeps the query key.
printf 'де\000ти семья\n\377\376\nместных сообществ\n%s\nфонды\n' "$words" >q.txt
$GS batch -d db --format jsonl q.txt >out.jsonl 2>err; rc=$?
[ $rc -eq 2 ] || fail_later "batch with bad lines: exit $rc, want 2"
grep -q 'line 1).*NUL byte at byte 5' err || fail_later "batch NUL: $(cat err)"
grep -q 'line 2).*invalid UTF-8 at byte 1' err || fail_later "batch invalid UTF-8: $(cat err)"
grep -q 'line 4).*too many words' err || fail_later "batch 300 words: $(cat err)"
[ "$(wc -c <err)" -lt 1200 ] || fail_later "batch messages are $(wc -c <err) bytes"
# jsonl: one object per line, in input order, each with its query; errors
# on lines 1, 2 and 4, results on 3 and 5.
[ "$("$JSON_CHECK" -l get out.jsonl id | tr '\n' ' ')" = "1 2 3 4 5 " ] ||
    fail_later "batch jsonl ids: $(cat out.jsonl)"
"$JSON_CHECK" -l has out.jsonl query || fail_later "batch jsonl: a line without its query"
for i in 1 2 4; do
    sed -n "${i}p" out.jsonl | "$JSON_CHECK" has - error || fail_later "batch jsonl line $i: no error"
done
for i in 3 5; do
    [ "$(sed -n "${i}p" out.jsonl | "$JSON_CHECK" get - 'results.#')" -gt 0 ] ||
        fail_later "batch jsonl line $i: no results"
done

# --- similar: a 1 MB draft stays bounded (it keeps the draft's best terms) --
awk 'BEGIN { for (i = 0; i < 40000; i++) printf "проект%d развитие местных сообществ ", i % 500 }' >draft.txt
timeout 300 $GS similar -d db -n 3 - <draft.txt >out 2>err || fail_later "similar 1 MB exited $?: $(cat err)"


pass
