#!/bin/sh
# cli_similar_weights.sh - issue 16: how `similar` weighs a draft's terms.
# BM25 weighs each term by its IDF; the draft's own term weight multiplied
# it by the full IDF again (IDF squared), so a draft's single rarest word
# outweighed four of its moderately rare words together.  A small collection
# built with the real CLI: 200 applications; «ксилофон» in one (xylo), four
# words of a folk ensemble each in about 20, and all four together in one
# (folk).  A draft about a folk ensemble that also names a xylophone must
# find the folk ensemble first; with IDF squared xylo came first.
. "${top_srcdir:-.}/tests/lib.sh"
export LC_ALL=C.UTF-8
ok() { echo "ok: $*"; }
{
    printf '%s\n' '{"id": "xylo", "title": "Проект 1", "description": "Встречи жителей района с ксилофоном, номер 0."}'
    printf '%s\n' '{"id": "folk", "title": "Проект 2", "description": "Встречи жителей района: ансамбль фольклора, гармонисты, песенный."}'
    set -- ансамбль фольклора гармонисты песенный
    k=0
    while [ $k -lt 198 ]; do
        k=$((k + 1))
        j=$((k % 10))
        w=; [ $j -lt 4 ] && { eval "w=\${$((j + 1))}"; w=" $w"; }
        printf '{"id": "other-%d", "title": "Проект %d", "description": "Встречи жителей района%s, номер %d."}\n' "$k" "$((k + 2))" "$w" "$k"
    done
} > sw.jsonl
$GS index -d sw.db sw.jsonl >/dev/null 2>&1 || fail "cannot index sw.jsonl"
echo "Мы хотим собрать ансамбль фольклора: гармонисты, песенный вечер, и купить ксилофон." >draft.txt
$GS similar -d sw.db --file draft.txt --format json -n 3 >out 2>err || fail "similar failed: $(cat err)"
first=$(jget out results.0.number)
second=$(jget out results.1.number)
[ "$first" = "folk" ] && [ "$second" = "xylo" ] && ok "four shared words before the one rarest" ||
    fail_later "similar ranks $first, $second: the draft's rarest word outweighed four shared words"
# The draft's terms keep their order (rarest first) in the output.
[ "$(jget out terms.0.word)" = "ксилофон" ] && ok "terms listed rarest first" ||
    fail_later "first term: $(jget out terms.0.word)"
pass
