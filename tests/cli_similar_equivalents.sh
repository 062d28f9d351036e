#!/bin/sh
# cli_similar_equivalents.sh - issue 16 (rel16e): `similar` searches a
# draft's term with its one-word thesaurus equivalents as one term, as
# `search` weighs a context word.  A draft about «туристические маршруты»
# for schoolchildren: «tour» says «туризм» and «туристов» (the thesaurus's
# «туризм = туристический = туристский = турист», stems apart), never
# «туристический»; «route» repeats «маршруты» and «школьников» and is about
# the way to school; «camp» holds «туристический» (a draft's word no
# record holds is not one of its terms).  Without the equivalents «route» came first.  The
# explain line names the merged term «туристическ = туризм ...» and still
# adds up to the score; the draft's own terms are unchanged.
. "${top_srcdir:-.}/tests/lib.sh"
export LC_ALL=C.UTF-8
ok() { echo "ok: $*"; }
{
    printf '%s\n' '{"id": "tour", "title": "Проект 1", "description": "Развитие туризма в районе: маршруты для туристов и школьников."}'
    printf '%s\n' '{"id": "route", "title": "Проект 2", "description": "Безопасные маршруты школьников: маршрут от дома до школы, маршруты школьников района."}'
    printf '%s\n' '{"id": "camp", "title": "Проект 3", "description": "Туристический слёт ветеранов."}'
    k=0
    while [ $k -lt 60 ]; do
        k=$((k + 1))
        printf '{"id": "other-%d", "title": "Проект %d", "description": "Встречи жителей района, номер %d."}\n' "$k" "$((k + 2))" "$k"
    done
} > se.jsonl
$GS index -d se.db se.jsonl >/dev/null 2>&1 || fail "cannot index se.jsonl"
echo "Мы разработаем туристические маршруты для школьников." >draft.txt
$GS similar -d se.db --file draft.txt --format json --explain -n 2 >out 2>err ||
    fail "similar failed: $(cat err)"
[ "$(jget out results.0.number)" = "tour" ] && ok "the record saying «туризм» first" ||
    fail_later "similar ranks $(jget out results.0.number) first: «туристические» did not find «туризм»"
jget out results.0.explain.*.term >terms
grep -q '^туристическ = ' terms && grep -q ' = туризм' terms && ok "explain names the merged term" ||
    fail_later "explain terms: $(tr '\n' ' ' <terms)"
# --explain's weights add up to the score.
sum=$(jget out results.0.explain.*.weight | awk '{s += $1} END {printf "%.3f", s}')
score=$(jget out results.0.score | awk '{printf "%.3f", $1}')
[ "$sum" = "$score" ] && ok "explain adds up ($sum)" || fail_later "explain sums to $sum, score $score"
# The draft's own terms (the label) are what they were: equivalents are not terms of their own.
[ "$(jget out terms.*.word | tr '\n' ' ')" = "туристические маршруты школьников " ] &&
    ok "the draft's terms unchanged" || fail_later "terms: $(jget out terms.*.word | tr '\n' ' ')"
# Without a thesaurus nothing is merged (the typed term alone).
GRANTSEARCH_SYNONYMS=/nonexistent/synonyms.txt $GS similar -d se.db --file draft.txt --format json \
    --explain -n 2 >out2 2>/dev/null || fail "similar without synonyms failed"
jget out2 results.*.explain.*.term | grep -q ' = ' && fail_later "merged without a thesaurus" ||
    ok "no thesaurus, no merge"
pass
