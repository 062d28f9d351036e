#!/bin/sh
# cli_thesaurus.sh - issue 16: the shipped thesaurus (data/thesaurus.txt,
# read beside data/synonyms.txt) bridges the words of a query to the other
# words records use, and the user's own words rank above those bridges.
# A small collection written here, indexed and searched with the real binary.
. "${top_srcdir:-.}/tests/lib.sh"
export LC_ALL=C.UTF-8
ok() { echo "ok: $*"; }
# ids QUERY: the numbers `search` finds with all the query's words (or
# their bridges), not in its relaxed reading, in rank order, on one line.
ids() {
    $GS search -d t.db --format json -n 50 -- "$@" 2>>err >ids.json || return
    jget ids.json 'results.*.number' >n.txt && jget ids.json 'results.*.relaxed' >r.txt &&
        paste n.txt r.txt | awk -F'\t' '$2 == "false" { printf "%s ", $1 }'
}
expect() { [ "$2" = "$3" ] && ok "$1" || fail_later "$1: got '$2', wanted '$3'"; }

cat >recs.jsonl <<'EOF2'
{"id":"OWN","number":"26-1-000001","title":"Школа операторов беспилотников","description":"Курс для подростков: полёты, сборка, безопасность."}
{"id":"BPLA","number":"26-1-000002","title":"Школа операторов БПЛА","description":"Курс для подростков: полёты, сборка, безопасность."}
{"id":"DRON","number":"26-1-000003","title":"Школа операторов дронов","description":"Курс для подростков: полёты, сборка, безопасность."}
{"id":"NONE","number":"26-1-000004","title":"Школа операторов связи","description":"Курс для подростков: телефоны, сборка, безопасность."}
{"id":"DOG","number":"26-1-000005","title":"Канистерапия для детей","description":"Занятия с собаками для детей с инвалидностью."}
{"id":"HORSE","number":"26-1-000006","title":"Иппотерапия для детей","description":"Занятия на лошадях для детей с инвалидностью."}
{"id":"FOOD","number":"26-1-000007","title":"Банк еды района","description":"Раздаём наборы семьям, которым не хватает на еду."}
{"id":"JAIL","number":"26-1-000008","title":"Жизнь после колонии","description":"Помощь освободившимся из мест лишения свободы: жильё и работа."}
EOF2
$GS index -d t.db recs.jsonl >/dev/null 2>index.err || fail "index failed: $(cat index.err)"

# An equivalent: the user's own word first, then БПЛА and дроны, never the
# school that has neither.
got=$(ids школа операторов беспилотников)
case "$got" in "26-1-000001 26-1-000002 26-1-000003 "|"26-1-000001 26-1-000003 26-1-000002 ")
    ok "беспилотников: own words first, then БПЛА and дроны" ;;
    *) fail_later "беспилотников: got '$got'" ;; esac
# A broader phrase finds its narrower words.
got=$(ids терапия с помощью животных для детей)
case "$got" in *26-1-000005*26-1-000006*|*26-1-000006*26-1-000005*) ok "animal therapy finds канистерапия and иппотерапия" ;;
    *) fail_later "терапия с помощью животных: got '$got'" ;; esac
expect "продуктовая помощь finds a food bank" "$(ids продуктовая помощь)" "26-1-000007 "
expect "бывших заключённых finds those released from prison" "$(ids бывших заключённых)" "26-1-000008 "
# The own word outscores the bridge (the same record shape).
$GS search -d t.db --format tsv -n 5 школа операторов беспилотников 2>>err >scores.tsv
own=$(awk -F'\t' '$2 == "26-1-000001" { print $3 }' scores.tsv)
bpla=$(awk -F'\t' '$2 == "26-1-000002" { print $3 }' scores.tsv)
awk -v a="$own" -v b="$bpla" 'BEGIN { exit !(a > b && b > 0) }' &&
    ok "own word $own above the bridge $bpla" || fail_later "own word $own, bridge $bpla"

# Without the thesaurus (a synonyms file with none beside it) the bridges
# are gone, and that is no error.
mkdir alone && cp "$top_srcdir/data/synonyms.txt" alone/synonyms.txt
got=$(GRANTSEARCH_SYNONYMS=alone/synonyms.txt ids школа операторов беспилотников)
expect "no thesaurus, no bridge" "$got" "26-1-000001 "

# A bad line of a user's thesaurus is named by file and line; the rest works.
mkdir mine && cp "$top_srcdir/data/synonyms.txt" mine/synonyms.txt
printf 'дрон = квадрокоптер\nплохая = строка ~ смешанная\n' >mine/thesaurus.txt
GRANTSEARCH_SYNONYMS=mine/synonyms.txt $GS search -d t.db -n 1 квадрокоптер >mine.out 2>mine.err
grep -q 'mine/thesaurus.txt:2: skipped' mine.err && ok "bad line named" || fail_later "no file:line: $(cat mine.err)"
grep -q '26-1-000003' mine.out && ok "the good line works" || fail_later "квадрокоптер: $(cat mine.out)"
# No warning anywhere above: a missing thesaurus is none either.
[ -s err ] && fail_later "warnings: $(cat err)"
pass
