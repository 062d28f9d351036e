#!/bin/sh
# cli_derivation.sh - issue 16: derivational families.  A noun and its
# relational adjective, which Snowball stems apart (лес/лесной,
# мир/мирный, школа/школьный, природа/природный), find each other through
# the lemma mechanism (stemming/lemma.c gs_lemmas_related), ranked below
# the word typed; a noun the dictionary lacks (беспилотник) meets its
# adjective; false friends (труд/трудный, живот/животный) and an
# ambiguous base (полный: пол, поле) join nothing.  A small collection
# written here, indexed and searched with the real binary.
. "${top_srcdir:-.}/tests/lib.sh"
export LC_ALL=C.UTF-8
ok() { echo "ok: $*"; }
# ids DB QUERY...: the numbers `search` finds, sorted, on one line.
ids() { _db=$1; shift; $GS search -d "$_db" --format tsv -n 50 -- "$@" 2>>err |
        awk -F'\t' 'NR > 1 { print $2 }' | sort | tr '\n' ' '; }
# order DB QUERY...: the numbers in rank order, on one line.
order() { _db=$1; shift; $GS search -d "$_db" --format tsv -n 50 -- "$@" 2>>err |
          awk -F'\t' 'NR > 1 { print $2 }' | tr '\n' ' '; }
expect() { [ "$2" = "$3" ] && ok "$1" || fail_later "$1: got '$2', wanted '$3'"; }

cat >recs.jsonl <<'EOF'
{"id":"FOREST","number":"25-1-000001","title":"Сохраним лес вместе","description":"Посадка деревьев весной."}
{"id":"FORESTADJ","number":"25-1-000002","title":"Лесной лагерь для подростков","description":"Походы и костры."}
{"id":"PEACE","number":"25-1-000003","title":"Мирное небо","description":"Встречи ветеранов."}
{"id":"SCHOOLADJ","number":"25-1-000004","title":"Школьный театр","description":"Спектакли для родителей."}
{"id":"NATURE","number":"25-1-000005","title":"Охрана природы края","description":"Рейды и уборка берегов."}
{"id":"DRONE","number":"25-1-000006","title":"Кружок авиамоделирования","description":"Сборка беспилотных летательных аппаратов."}
{"id":"TJS","number":"25-1-000007","title":"Помощь семьям в трудной ситуации","description":"Продукты и одежда."}
{"id":"PETS","number":"25-1-000008","title":"Корм для бездомных животных","description":"Сбор и раздача."}
{"id":"UPBRINGING","number":"25-1-000010","title":"Воспитательная работа в колледже","description":"Кураторы групп."}
{"id":"FIELD","number":"25-1-000009","title":"Футбольное поле во дворе","description":"Покрытие и ворота."}
EOF
$GS index -d t.db recs.jsonl >/dev/null 2>index.err || fail "index failed: $(cat index.err)"

# Noun and adjective find each other, both ways.
expect "лесной finds «лес» and «Лесной»" "$(ids t.db лесной)" "25-1-000001 25-1-000002 "
expect "лес finds «Лесной» and «лес»" "$(ids t.db лесу)" "25-1-000001 25-1-000002 "
expect "мир finds «Мирное»" "$(ids t.db мир)" "25-1-000003 "
expect "школа finds «Школьный»" "$(ids t.db школы)" "25-1-000004 "
expect "природный finds «природы»" "$(ids t.db природный)" "25-1-000005 "
# A noun the dictionary lacks meets its adjective.
expect "беспилотников finds «беспилотных»" "$(ids t.db беспилотников)" "25-1-000006 "
# The word typed ranks above its relative.
expect "лесной: «Лесной» first" "$(order t.db лесной)" "25-1-000002 25-1-000001 "
expect "лес: «лес» first" "$(order t.db лес)" "25-1-000001 25-1-000002 "
# Wrong joins do not happen.
expect "труд does not find «трудной»" "$(ids t.db труд)" ""
expect "живот does not find «животных»" "$(ids t.db живот)" ""
expect "полный does not find «поле»" "$(ids t.db полный)" ""
expect "воспитатель does not find «Воспитательная» (-тель)" "$(ids t.db воспитатель)" ""
# Exact forms keep to the form.
expect "=лесной finds that form only" "$(ids t.db =лесной)" "25-1-000002 "
# --explain names the relative's match a lemma's.
$GS search -d t.db --explain мир >ex.txt 2>>err || fail "search --explain failed"
grep -q 'lemma' ex.txt && ok "--explain: lemma" || fail_later "--explain: $(cat ex.txt)"
pass
