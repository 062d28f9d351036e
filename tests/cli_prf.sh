#!/bin/sh
# cli_prf.sh - issue 16: pseudo-relevance feedback (`--prf`, searcher/prf.c).
# A short query's first hits lend their best words to its ranking: a match
# sharing them moves above one that does not; no record is added or lost
# (the match count and set stay the query's); `--no-prf` (the default) and
# `batch --prf` too.  A small collection written here, the real binary.
. "${top_srcdir:-.}/tests/lib.sh"
export LC_ALL=C.UTF-8
ok() { echo "ok: $*"; }
# ids OPTIONS... QUERY: the numbers found, in rank order, on one line.
ids() { $GS search -d t.db --format tsv -n 50 "$@" 2>>err | awk -F'\t' 'NR > 1 { printf "%s ", $2 }'; }

{
    # Five records about a dog shelter's volunteers: the first hits.
    for i in 1 2 3 4 5; do
        printf '{"id":"S%d","number":"26-2-00000%d","title":"Волонтёры приюта для собак %d","description":"Волонтёры приюта: выгул собак, уборка вольеров, ветеринарная помощь собакам приюта. Волонтёры учатся."}\n' $i $i $i
    done
    # Two with the query's word once, of the same length: one shares the
    # first hits' words, the other does not.  Y first, so that without
    # feedback it is not behind X by chance of the document order.
    echo '{"id":"Y","number":"26-2-000007","title":"Городской музей","description":"Волонтёры проводят экскурсии, готовят выставки, встречают гостей музея."}'
    echo '{"id":"X","number":"26-2-000006","title":"Городской вольер","description":"Волонтёры выгуливают собак, убирают вольеры, лечат собак из приюта."}'
    # The first hits' words without the query's: never found by it.
    echo '{"id":"Z","number":"26-2-000008","title":"Приют для собак","description":"Выгул собак, уборка вольеров, ветеринарная помощь собакам приюта."}'
} >recs.jsonl
$GS index -d t.db recs.jsonl >/dev/null 2>index.err || fail "index failed: $(cat index.err)"

plain=$(ids волонтёры)
prf=$(ids --prf волонтёры)
noprf=$(ids --prf --no-prf волонтёры)
echo "without: $plain"
echo "with:    $prf"
sorted() { printf '%s\n' $1 | sort | tr '\n' ' '; }
[ "$(sorted "$plain")" = "$(sorted "$prf")" ] && ok "the same matches with --prf" ||
    fail_later "matches differ: '$plain' against '$prf'"
case "$prf" in *26-2-000008*) fail_later "--prf added a record without the query's word" ;;
    *) ok "--prf adds no match" ;; esac
pos() { printf '%s\n' $1 | grep -n "^$2\$" | cut -d: -f1; }
[ "$(pos "$prf" 26-2-000006)" -lt "$(pos "$prf" 26-2-000007)" ] &&
    ok "--prf: the record sharing the first hits' words comes first" ||
    fail_later "--prf: X at $(pos "$prf" 26-2-000006), Y at $(pos "$prf" 26-2-000007)"
[ "$(pos "$plain" 26-2-000007)" -lt "$(pos "$plain" 26-2-000006)" ] &&
    ok "without: the other order (what --prf changed)" ||
    fail_later "without --prf X already first: the test shows nothing"
[ "$noprf" = "$plain" ] && ok "--no-prf after --prf: off" || fail_later "--no-prf: '$noprf'"
count() { $GS search -d t.db -n 0 "$@" 2>>err; }
[ "$(count волонтёры)" = "$(count --prf волонтёры)" ] && ok "the same count" ||
    fail_later "counts: $(count волонтёры) / $(count --prf волонтёры)"

# batch --prf: the same order as search --prf.
printf 'q1\tволонтёры\n' >q.tsv
$GS batch -d t.db --prf -n 50 --format trec q.tsv 2>>err | awk '{ printf "%s ", $3 }' >b.txt
[ "$(cat b.txt)" = "$prf" ] && ok "batch --prf as search --prf" || fail_later "batch --prf: '$(cat b.txt)'"
[ -s err ] && fail_later "warnings: $(cat err)"
pass
