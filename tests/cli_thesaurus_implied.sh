#!/bin/sh
# cli_thesaurus_implied.sh - issue 16 (rel16d): a thesaurus alternative that
# another alternative of the same query word already finds wherever it
# matches is not searched a second time (query/synonyms.c drop_implied).
# With «правовая помощь = юридическая помощь = бесплатная юридическая
# помощь», a record saying «бесплатная юридическая помощь» matched both
# alternatives and counted «юридическ» and «помощ» twice, so it outranked
# a record on legal help for veterans that names the veterans three times
# (main before this change: FREE first).  Dev query 109 «правовая помощь
# людям с инвалидностью» lost to this.  A small collection written here,
# with its own thesaurus, indexed and searched with the real binary.
. "${top_srcdir:-.}/tests/lib.sh"
export LC_ALL=C.UTF-8
ok() { echo "ok: $*"; }

mkdir th && cp "$top_srcdir/data/synonyms.txt" th/synonyms.txt
cat >th/thesaurus.txt <<'EOF2'
правовая помощь = юридическая помощь = бесплатная юридическая помощь
глухие = нарушения слуха = тяжелые нарушения слуха = люди с нарушениями слуха
EOF2
GRANTSEARCH_SYNONYMS=th/synonyms.txt; export GRANTSEARCH_SYNONYMS
{
    printf '%s\n' '{"id":"FREE","number":"26-2-000001","title":"Бесплатная юридическая помощь ветеранам района","description":"Бесплатная юридическая помощь: консультации юристов для жителей района."}'
    printf '%s\n' '{"id":"VET","number":"26-2-000002","title":"Юридическая помощь ветеранам района","description":"Консультации юристов для ветеранов: ответы на вопросы ветеранов района."}'
    i=0
    while [ $i -lt 20 ]; do
        i=$((i + 1))
        printf '{"id":"o%d","number":"26-2-%06d","title":"Праздник двора %d","description":"Соревнования и концерт для жителей района, помощь волонтеров %d."}\n' \
            "$i" $((i + 10)) "$i" "$i"
    done
} >r.jsonl
$GS index -d t.db r.jsonl >/dev/null 2>index.err || fail "index failed: $(cat index.err)"

Q="правовая помощь ветеранам"
$GS search -d t.db --format json -n 5 "$Q" >out 2>err || fail "search failed: $(cat err)"
first_two_strict out 26-2-000002 26-2-000001 \
    "the veterans' legal help first, the free legal help (one alternative inside another) second" \
    "«бесплатная юридическая помощь» counted its words twice"

# --explain says what was searched: «юридическ» once for FREE, no «бесплатн»,
# and the entries add up to each score.
$GS search -d t.db --format json --explain -n 2 "$Q" >ex.json 2>err || fail "explain failed: $(cat err)"
free=$(jget ex.json 'results.*.number' | grep -nx 26-2-000001 | cut -d: -f1)
[ -n "$free" ] || fail "26-2-000001 not among the first two"
free=$((free - 1))
terms=$(jget ex.json "results.$free.explain.*.term" | tr '\n' ' ')
case "$terms" in
    *бесплатн*) fail_later "the implied alternative is still searched: $terms" ;;
    *) ok "no «бесплатн» entry: $terms" ;;
esac
n=$(jget ex.json "results.$free.explain.*.term" | grep -cx 'юридическ')
[ "$n" = 1 ] && ok "«юридическ» counted once" || fail_later "«юридическ» listed $n times"
explain_sums ex.json 2

# The records found are those found with the implied alternative left out
# of the line: it matched nothing the shorter one does not.
$GS search -d t.db --format tsv -n 100 "$Q" | cut -f2 | sort >with.txt
mkdir short && cp th/synonyms.txt short/ &&
    printf 'правовая помощь = юридическая помощь\n' >short/thesaurus.txt
GRANTSEARCH_SYNONYMS=short/synonyms.txt $GS search -d t.db --format tsv -n 100 "$Q" | cut -f2 | sort >without.txt
[ -s with.txt ] && cmp -s with.txt without.txt && ok "the same $(grep -c . with.txt) records found" ||
    fail_later "different records: $(diff with.txt without.txt | tr '\n' ' ')"

# Only an exact implication drops an alternative: «тяжелые нарушения слуха»
# holds «нарушения слуха» side by side and goes; «люди с нарушениями слуха»
# has a stop word inside (its phrase allows a gap there, where «нарушения
# слуха» allows none) and stays.
printf '%s\n' '{"id":"EAR","number":"26-2-000003","title":"Клуб общения","description":"Встречи для людей с нарушениями слуха и для детей с тяжелыми нарушениями слуха."}' \
    '{"id":"OTHER","number":"26-2-000004","title":"Праздник двора","description":"Концерт для жителей района."}' >ear.jsonl
$GS index -d ear.db ear.jsonl >/dev/null 2>index.err || fail "index failed: $(cat index.err)"
$GS search -d ear.db --format json --explain -n 1 глухие >ear.json 2>err || fail "search failed: $(cat err)"
terms=$(jget ear.json 'results.0.explain.*.term' | tr '\n' ' ')
case "$terms" in *тяжел*) fail_later "«тяжелые нарушения слуха» searched: $terms" ;;
    *) ok "«тяжелые нарушения слуха» not searched again" ;; esac
case "$terms" in *люд*) ok "«люди с нарушениями слуха» kept" ;;
    *) fail_later "«люди с нарушениями слуха» dropped: $terms" ;; esac
explain_sums ear.json 1

pass
