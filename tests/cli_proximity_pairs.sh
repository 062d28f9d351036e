#!/bin/sh
# cli_proximity_pairs.sh - issue 16 (rel16g): the proximity bonus
# (searcher/proximity.c) counts every pair of the query's words, not only
# the words next to each other in the query, each pair at its share / its
# distance in the query; and a hyphenated word takes part through its
# parts (the sketch holds those).  Before, «музей деревянного зодчества»
# gave nothing to a record saying «музей зодчества» (the pair skips a
# word), and «реабилитация детей-инвалидов» had no pair at all: the
# hyphenated word was left out.  Each time two records hold the same words
# the same number of times, in records of the same length, one with the
# words close and one with them apart; on equal scores the apart one comes
# first (main before this change: APART and HAPART first, no bonus).
# A small collection written here, searched with the binary.
. "${top_srcdir:-.}/tests/lib.sh"
export LC_ALL=C.UTF-8
ok() { echo "ok: $*"; }

mkdir th
: >th/synonyms.txt
: >th/thesaurus.txt
GRANTSEARCH_SYNONYMS="$PWD/th/synonyms.txt"; export GRANTSEARCH_SYNONYMS
F="лекции игры встречи конкурсы прогулки песни"
{
    printf '{"id":"CLOSE","number":"26-5-000001","title":"Летняя программа","description":"музей зодчества %s %s деревянного."}\n' "$F" "$F"
    printf '{"id":"APART","number":"26-5-000002","title":"Летняя программа","description":"зодчества %s музей %s деревянного."}\n' "$F" "$F"
    printf '{"id":"HCLOSE","number":"26-5-000003","title":"Осенняя программа","description":"реабилитация детей-инвалидов %s %s."}\n' "$F" "$F"
    printf '{"id":"HAPART","number":"26-5-000004","title":"Осенняя программа","description":"реабилитация %s %s детей-инвалидов."}\n' "$F" "$F"
    printf '{"id":"HONLY","number":"26-5-000005","title":"Зимняя программа","description":"детей-инвалидов %s."}\n' "$F"
    filler_jsonl 20 26-5
} >r.jsonl
$GS index -d t.db r.jsonl >/dev/null 2>index.err || fail "index failed: $(cat index.err)"

# A pair two words apart in the query: «музей ... зодчества».
$GS search -d t.db --format json --explain -n 2 "музей деревянного зодчества" >out 2>err ||
    fail "search failed: $(cat err)"
first_two_strict out 26-5-000001 26-5-000002 \
    "«музей зодчества» side by side above the same words apart" \
    "a pair of query words not next to each other in the query earned nothing"
jget out 'results.0.explain.*.kind' | grep -qx proximity &&
    ok "--explain shows its proximity bonus" || fail_later "no proximity entry: $(jget out results.0.explain)"
jget out 'results.1.explain.*.kind' | grep -qx proximity &&
    fail_later "the record with the words apart has a proximity bonus" || ok "none for the words apart"
explain_sums out 2

# Half the share of a pair next to each other in the query: the same
# record searched as «музей зодчества» gets twice the bonus.
$GS search -d t.db --format json --explain -n 1 "музей зодчества" >two 2>err || fail "search failed: $(cat err)"
bonus() { jget "$1" 'results.0.explain.*' | grep '"proximity"' | grep -o '"weight": *[0-9.]*' | grep -o '[0-9.]*$'; }
b3=$(bonus out) b2=$(bonus two)
awk -v a="$b3" -v b="$b2" 'BEGIN { exit !(a > 0 && b > 0 && (b / a > 1.99 && b / a < 2.01)) }' &&
    ok "a pair two words apart in the query weighs half ($b3 against $b2)" ||
    fail_later "bonus two words apart $b3, next to each other $b2: wanted half"

# A hyphenated word is its parts: «реабилитация детей-инвалидов».
$GS search -d t.db --format json --explain -n 3 "реабилитация детей-инвалидов" >hy 2>err ||
    fail "search failed: $(cat err)"
first_two_strict hy 26-5-000003 26-5-000004 \
    "«реабилитация детей-инвалидов» side by side above the same words apart" \
    "a hyphenated word had no part in the proximity bonus"
explain_sums hy 2
# The parts of one hyphenated word are not a pair: the record holding
# «детей-инвалидов» alone gets no bonus.
n=0
while [ $n -lt 3 ]; do
    if [ "$(jget hy "results.$n.number")" = 26-5-000005 ]; then
        jget hy "results.$n.explain.*.kind" | grep -qx proximity &&
            fail_later "a hyphenated word's own parts earned a proximity bonus" ||
            ok "no bonus for a hyphenated word's own parts"
    fi
    n=$((n + 1))
done
[ "$(jget hy results.2.number)" = 26-5-000005 ] || fail_later "third hit $(jget hy results.2.number), wanted 26-5-000005"

pass
