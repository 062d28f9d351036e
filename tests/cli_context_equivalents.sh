#!/bin/sh
# cli_context_equivalents.sh - issue 16 (rel16d): a query word other than
# its rarest (a context word, which the rarest word's cap weighs) counts
# once with its thesaurus equivalents (query/words.c one_term_with: one
# OP_SYNONYM term, one presence bonus).  Added up as separate words,
# «инвалидностью» and the thesaurus's «инвалид» gave a record saying both
# twice the word's weight, and a record repeating them outranked the one
# about what «театр для людей с инвалидностью» is about (main before this
# change: REPEAT first; dev queries 116 and 123 lost to this).  The
# query's rarest word keeps its equivalents as alternatives of their own.
# A small collection and thesaurus written here, searched with the binary.
. "${top_srcdir:-.}/tests/lib.sh"
export LC_ALL=C.UTF-8
ok() { echo "ok: $*"; }

mkdir th
: >th/synonyms.txt
printf 'инвалид = инвалидность\n' >th/thesaurus.txt
GRANTSEARCH_SYNONYMS="$PWD/th/synonyms.txt"; export GRANTSEARCH_SYNONYMS
{
    printf '%s\n' '{"id":"THEATRE","number":"26-3-000001","title":"Театр для всех","description":"Спектакли для людей с инвалидностью и их семей, занятия по субботам."}'
    printf '%s\n' '{"id":"REPEAT","number":"26-3-000002","title":"Помощь людям с инвалидностью","description":"Инвалиды и люди с инвалидностью получают помощь; для инвалидов и людей с инвалидностью работают кружки и театр."}'
    i=0
    while [ $i -lt 30 ]; do
        i=$((i + 1))
        inv=; [ $((i % 10)) -eq 0 ] && inv=" для инвалидов"
        ppl=; [ $((i % 2)) -eq 0 ] && ppl=" и людей"
        dis=; [ $((i % 6)) -eq 0 ] && dis=" с инвалидностью"
        printf '{"id":"o%d","number":"26-3-%06d","title":"Праздник двора %d","description":"Соревнования%s%s%s у молодежного центра номер %d."}\n' \
            "$i" $((i + 10)) "$i" "$inv" "$ppl" "$dis" "$i"
    done
} >r.jsonl
$GS index -d t.db r.jsonl >/dev/null 2>index.err || fail "index failed: $(cat index.err)"

Q="театр для людей с инвалидностью"
$GS search -d t.db --format json --explain -n 2 "$Q" >out 2>err || fail "search failed: $(cat err)"
first_two_strict out 26-3-000001 26-3-000002 \
    "the theatre first, the record repeating «инвалидов», «инвалидностью» second" \
    "a word and its equivalent counted twice"

# --explain names the word's terms together and counts both: REPEAT has
# «инвалидностью» 3 times in its text and «инвалид...» twice.
terms=$(jget out 'results.1.explain.*.term' | tr '\n' '|')
case "$terms" in
    *"инвалидн = инвалид|"*) ok "one entry for the word and its equivalent: $terms" ;;
    *) fail_later "no joined entry: $terms" ;;
esac
e=$(jget out 'results.1.explain.*.term' | grep -nx 'инвалидн = инвалид' | cut -d: -f1)
wdf=$([ -n "$e" ] && jget out "results.1.explain.$((e - 1)).wdf.text")
[ "$wdf" = 5 ] && ok "its text count is both terms' (5)" || fail_later "text count '$wdf', wanted 5"
explain_sums out 2

# The rarest word keeps its equivalents apart (added up): alone in the
# query, «инвалидностью» has its «инвалид» synonym entry.
$GS search -d t.db --format json --explain -n 1 инвалидностью >one.json 2>err || fail "search failed: $(cat err)"
jget one.json 'results.0.explain.*.kind' | grep -qx synonym &&
    ok "the rarest word's equivalent is its own alternative" ||
    fail_later "no synonym entry for a lone word: $(jget one.json results.0.explain)"
explain_sums one.json 1

# The same records match: the relaxed reading finds every record with any
# of the words, «инвалид» alone included (o10, o20, o30).
$GS search -d t.db --format tsv -n 100 "$Q" | cut -f2 | sort >found.txt
for n in 26-3-000020 26-3-000030 26-3-000040; do
    grep -qx "$n" found.txt && ok "$n («для инвалидов» only) found" || fail_later "$n not found"
done

# The merged line's kind follows the typed word: «аутизм» with its
# equivalent «РАС» is a stem line, not an abbreviation one.
printf 'аутизм = РАС\n' >>th/thesaurus.txt
printf '%s\n' '{"id":"A","number":"26-4-000001","title":"Театр","description":"Театр для детей с РАС и аутизмом."}' \
    '{"id":"B","number":"26-4-000002","title":"Праздник","description":"Концерт для детей."}' \
    '{"id":"C","number":"26-4-000003","title":"Праздник","description":"Концерт для детей с аутизмом."}' \
    '{"id":"D","number":"26-4-000004","title":"Праздник","description":"Концерт."}' >ras.jsonl
$GS index -d ras.db ras.jsonl >/dev/null 2>index.err || fail "index failed: $(cat index.err)"
$GS search -d ras.db --format json --explain -n 1 "театр аутизм" >ras.json 2>err || fail "search failed: $(cat err)"
e=$(jget ras.json 'results.0.explain.*.term' | grep -nx 'аутизм = РАС' | cut -d: -f1)
kind=$([ -n "$e" ] && jget ras.json "results.0.explain.$((e - 1)).kind")
[ "$kind" = stem ] && ok "«аутизм = РАС» is a stem line" || fail_later "«аутизм = РАС»: kind '$kind'"

pass
