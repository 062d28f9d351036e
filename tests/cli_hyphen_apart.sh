#!/bin/sh
# cli_hyphen_apart.sh - a hyphenated word («социально-ориентированных») finds
# the records holding it whole and those writing its parts side by side,
# weighed apart: a record holding the whole by the whole alone, one
# writing it apart by its pair terms at a share of the whole's IDF
# (query/words.c apart_query), not by the parts' own posting lists, which
# at 166,848 records Xapian scored on tens of thousands of records.
# «социально» is in every record, so only the recheck confirms it.
. "${top_srcdir:-.}/tests/lib.sh"
export LC_ALL=C.UTF-8

cat >recs.jsonl <<'JSON'
{"id":"W","number":"W","title":"Клуб","description":"Помощь социально-ориентированным организациям района"}
{"id":"A","number":"A","title":"Сад","description":"Помощь социально ориентированным организациям района"}
{"id":"S","number":"S","title":"Парк","description":"Ориентированным на жителей социально значимым организациям"}
{"id":"F1","number":"F1","title":"Музей","description":"Социально значимый музей района"}
{"id":"F2","number":"F2","title":"Театр","description":"Социально активный театр школы"}
{"id":"F3","number":"F3","title":"Спорт","description":"Социально полезный спорт села"}
JSON
$GS index -d h.db recs.jsonl >/dev/null 2>&1 || fail "cannot index"

# Every match, in rank order: the whole first, then the parts side by side;
# never S (the parts apart).
got=$($GS search -d h.db --format tsv -n 100 --strict -- социально-ориентированных | awk -F'\t' 'NR > 1 {printf "%s ", $2}')
[ "$got" = "W A " ] && echo "ok: ranked [$got]" || fail_later "got [$got], want [W A ]"
total=$($GS search -d h.db --format json -- социально-ориентированных | jget - total)
[ "$total" = 2 ] && echo "ok: total 2" || fail_later "total $total, want 2"

# --explain: W weighs the whole alone (before, the parts' phrase lines too);
# A weighs the parts side by side, one line naming them.
$GS search -d h.db --explain -n 10 -- социально-ориентированных >ex.txt 2>err || fail "explain failed: $(cat err)"
w=$(awk '/^ *1\. W /{on=1; next} /^ *2\. /{on=0} on && /→/' ex.txt)
a=$(awk '/^ *2\. A /{on=1; next} on && /→/' ex.txt)
printf '%s\n' "$w" | grep -q '→ социальн-ориентирова (stem)' && [ "$(printf '%s\n' "$w" | wc -l)" = 1 ] &&
    echo "ok: W weighs the whole alone" || fail_later "W's lines: [$w]"
printf '%s\n' "$a" | grep -q '→ социальн ориентирова (phrase)' && [ "$(printf '%s\n' "$a" | wc -l)" = 1 ] &&
    echo "ok: A weighs its parts side by side" || fail_later "A's lines: [$a]"
sa=$($GS search -d h.db --format json -- социально-ориентированных | jget - results.1.score)
awk -v s="$sa" 'BEGIN { exit !(s > 0) }' && echo "ok: A's score $sa > 0" || fail_later "A's score $sa"

pass
