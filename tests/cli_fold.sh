#!/bin/sh
# cli_fold.sh - issue 15: the title and goal boosts folded into the body
# terms' wdf at index time (schema 5, schema.h GS_META_FOLD), so a word
# ranks on one posting list.  Checked with the real CLI on a small index:
#  - the index says what it folded (metadata "fold", read by xapian-metadata);
#  - a title word counts as 1 + 1 occurrences, no more: a record with the
#    word once in its title scores exactly as one with it twice in its text
#    (same lengths), one with it twice in its title above one with it three
#    times in its text;
#  - --boost title=3 above the folded 1 adds the title's occurrences again
#    (the title record then beats three text occurrences); title=0 below it
#    ranks as the folded 1 (the fold cannot be taken out) and still works;
#  - title:word still finds only title words and ranks on their count;
#  - `similar` and --explain on a folded index: explain's "text" is the
#    word's count in the text, and its weights add up to the score;
#  - an index of schema 4 (no fold) is refused by `index` with the
#    existing message, and `search` notes it is slower, not that words are
#    missed.
. "${top_srcdir:-.}/tests/lib.sh"
export LC_ALL=C.UTF-8
command -v xapian-metadata >/dev/null 2>&1 ||
    skip "xapian-metadata is absent (apt-get install xapian-tools)"
ok() { echo "ok: $*"; }
# Every record: a two-word title and six words of description, no stop
# words, so the records that hold «театр» have the same length (a title
# word counts in the body, in its S term and, folded, once more).
{
    printf '%s\n' '{"id": "t-1", "title": "Театр кукол", "description": "Занятия детей выходным районном доме культуры"}'
    printf '%s\n' '{"id": "t-2", "title": "Театр театр", "description": "Занятия детей выходным районном доме культуры"}'
    printf '%s\n' '{"id": "d-2", "title": "Студия кукол", "description": "Театр детей выходным театр доме культуры"}'
    printf '%s\n' '{"id": "d-3", "title": "Студия кукол", "description": "Театр детей театр театр доме культуры"}'
    k=0
    while [ $k -lt 30 ]; do
        k=$((k + 1))
        printf '{"id": "o-%d", "title": "Спортивный праздник", "description": "Соревнования по футболу для жителей района номер %d и их семей."}\n' "$k" "$k"
    done
} > f.jsonl
$GS index -d f.db f.jsonl >/dev/null 2>err || fail "cannot index f.jsonl: $(cat err)"

# The metadata names what was folded (absent on an index of schema 4).
fold=$(xapian-metadata get f.db fold)
[ "$fold" = "title=1,goal=1" ] && ok "metadata fold=$fold" ||
    fail_later "metadata fold is '$fold', not title=1,goal=1"
[ "$(xapian-metadata get f.db schema)" = 6 ] && ok "schema 6" ||
    fail_later "schema $(xapian-metadata get f.db schema)"

# score ID FILE: the score of record ID in a --format tsv page; ids FILE:
# the page's ids in order.
score() { awk -F'\t' -v id="$1" '$2 == id {print $3}' "$2"; }
ids() { awk -F'\t' 'NR > 1 {printf "%s ", $2}' "$1"; }
$GS search -d f.db --format tsv -n 10 театр >out 2>err || fail "search: $(cat err)"
order=$(ids out)
case "$order" in
    "t-2 d-3 "*) ok "two title occurrences (4), then three text ones first ($order)" ;;
    *) fail_later "order for театр: $order" ;;
esac
[ -n "$(score t-1 out)" ] && [ "$(score t-1 out)" = "$(score d-2 out)" ] &&
    ok "a title word scores as two text occurrences ($(score t-1 out))" ||
    fail_later "t-1 scores $(score t-1 out), d-2 $(score d-2 out): the title word is not counted twice"

$GS search -d f.db --format tsv -n 10 --boost title=3 театр >out 2>err || fail "boost: $(cat err)"
awk -v a="$(score t-1 out)" -v b="$(score d-3 out)" 'BEGIN{exit !(a > b)}' &&
    ok "title=3: the title record above three text occurrences" ||
    fail_later "title=3: t-1 $(score t-1 out), d-3 $(score d-3 out)"
$GS search -d f.db --format tsv -n 10 --boost title=0 театр >out0 2>err || fail "title=0: $(cat err)"
$GS search -d f.db --format tsv -n 10 театр >out1 2>err
cmp -s out0 out1 && ok "title=0 ranks as the folded title=1" ||
    fail_later "title=0: $(cut -f2,3 out0 | tr '\n' ' ') against $(cut -f2,3 out1 | tr '\n' ' ')"
$GS search -d f.db -n 1 --boost title=0 театр >out 2>err
grep -q "boost title=0 is below the 1 this index counts title words with" out err &&
    ok "title=0 is noted as ranked as 1" || fail_later "no note for title=0: $(cat out err)"

$GS search -d f.db --format tsv -n 10 title:театр >out 2>err || fail "title: $(cat err)"
[ "$(ids out)" = "t-2 t-1 " ] && ok "title:театр finds the titles, twice first" ||
    fail_later "title:театр: $(cut -f2,3 out | tr '\n' ' ')"

$GS search -d f.db --format json --explain -n 4 театр >out 2>err || fail "explain: $(cat err)"
for h in 0 1 2 3; do
    id=$(jget out results.$h.number)
    score=$(jget out results.$h.score)
    sum=$(jget out "results.$h.explain.*.weight" | awk '{s += $1} END {printf "%.6f", s}')
    awk -v a="$sum" -v b="$score" 'BEGIN{exit !(a - b < 0.002 && b - a < 0.002)}' ||
        fail_later "$id: explain sums to $sum, score $score"
    text=$(jget out results.$h.explain.0.wdf.text)
    want=1; case $id in t-2) want=2 ;; d-2) want=2 ;; d-3) want=3 ;; esac
    [ "$text" = "$want" ] || fail_later "$id: explain says text $text, want $want"
done
ok "explain: text counts without the fold, weights add up"
$GS similar -d f.db -n 3 --format tsv --id d-3 >out 2>err || fail "similar: $(cat err)"
[ "$(head -1 out | cut -f2)" = d-2 ] && ok "similar --id d-3: d-2 first" ||
    fail_later "similar --id d-3: $(cut -f2,3 out | tr '\n' ' ')"

# An index of schema 4: `index` keeps refusing to mix layouts; `search`
# says it is slower.  (Its terms here are folded, so only what the CLI says
# is checked, not its ranking.)
cp -r f.db old.db
xapian-metadata set old.db schema 4
printf '%s\n' '{"id": "n-1", "title": "Новый", "description": "Новая запись."}' > n.jsonl
$GS index -d old.db n.jsonl >out 2>err && fail_later "index added to a schema 4 index"
grep -q "built with layout (schema) 4 and this grantsearch writes schema 6" err &&
    ok "index refuses a schema 4 index" || fail_later "index on schema 4: $(cat err)"
$GS search -d old.db -n 1 театр >out 2>err || fail "search old: $(cat err)"
grep -q "schema 4, now 6): words are searched more slowly" out err &&
    ok "search notes schema 4 as slower" || fail_later "schema 4 note: $(cat out err)"
pass
