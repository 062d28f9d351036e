#!/bin/sh
# cli_expansion_weight.sh - issue 16: an alternative the thesaurus adds
# weighs no more than its relation's weight times what the typed word
# itself would.  BM25 gives an alternative the IDF of its own term, so a
# rare variant of a common word (typed «подростков», the thesaurus's
# «подростковый») counted as a rare word and, in a relaxed reading,
# outranked the records holding the query's real rare word («конные»).
# A small collection and thesaurus written here, searched with the binary.
. "${top_srcdir:-.}/tests/lib.sh"
export LC_ALL=C.UTF-8
ok() { echo "ok: $*"; }
mkdir syn
: >syn/synonyms.txt
printf 'подростки = подростковый\n' >syn/thesaurus.txt
export GRANTSEARCH_SYNONYMS="$PWD/syn/synonyms.txt"
{
    printf '%s\n' '{"id":"HORSE","title":"Проект 1","description":"Конные прогулки для жителей села."}'
    printf '%s\n' '{"id":"HORSE2","title":"Проект 0","description":"Конный клуб на окраине города."}'
    printf '%s\n' '{"id":"TEEN","title":"Проект 2","description":"Подростковый клуб: встречи подростков, подростковый театр, подростковый кинозал."}'
    k=0
    while [ $k -lt 40 ]; do
        k=$((k + 1))
        t=; [ $((k % 4)) -eq 0 ] && t=" для подростков"
        printf '{"id":"o-%d","title":"Проект %d","description":"Встречи жителей района%s, номер %d."}\n' "$k" "$((k + 2))" "$t" "$k"
    done
} >r.jsonl
$GS index -d r.db r.jsonl >/dev/null 2>err || fail "cannot index: $(cat err)"
$GS search -d r.db --format json -n 3 --explain "конные занятия подростков" >out 2>err || fail "search failed: $(cat err)"
order=$(jget out 'results.*.number' | tr '\n' ' ')
case "$order" in "HORSE HORSE2 TEEN "|"HORSE2 HORSE TEEN ")
    ok "the rare word's records before the common word's rare variant" ;;
    *) fail_later "order '$order': «подростковый» outweighed «конные»" ;; esac
# The thesaurus still finds the variant, and --explain still adds up.  A
# context word (not the query's rarest) is weighed as one term with its
# equivalents (rel16d: query/words.c one_term_with): its entry names them,
# «подростк = подростков»; otherwise the variant has a synonym entry.
{ jget out 'results.2.explain.*.kind' | grep -qx synonym ||
    jget out 'results.2.explain.*.term' | grep -q ' = подростков$'; } && ok "the variant is still matched" ||
    fail_later "no synonym entry: $(jget out results.2.explain)"
score=$(jget out results.2.score)
sum=$(jget out "results.2.explain.*.weight" | awk '{s += $1} END {printf "%.6f", s}')
awk -v a="$sum" -v b="$score" 'BEGIN{exit !(a - b < 0.002 && b - a < 0.002)}' &&
    ok "explain sums to the score ($sum ~ $score)" || fail_later "explain sums to $sum, score $score"
pass
