#!/bin/sh
# cli_serve_fields.sh - issue 17: the light search answer and the copied
# record.  `search --fields summary` (and /api/search?fields=summary, the
# same bytes) gives each result's line (number, title, status, year,
# snippet) without the whole record; --fields all is the default; anything
# else is a usage error (exit 1; HTTP 400).  The default answer's "fields"
# are the stored record copied as it is: byte for byte what `show --format
# json` (jansson's dump of the parsed record) prints, escapes included.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/serve_lib.sh"
need_shared "the dev collection"

# A record whose text needs every kind of escape: quote, backslash, slash,
# newline, tab, ESC, DEL, a C1 control (U+0085), ё, and non-integral numbers.
printf '%s\n' '{"number": "99-9-999998", "title": "Кавычка \" слэш \\ / ESC \u001b DEL \u007f C1 \u0085 ёлка", "description": "Строка\nвторая\tтаб, ёлка и развитие", "status": "winner", "year": 2021, "amount": 998532.5, "rating": 7.25, "date": "2021-03-04", "region": "Пермский край"}' >odd.jsonl
$GS index -q -d db "$SHARED_DIR/corpus/dev/collection.jsonl" odd.jsonl 2>err ||
    fail "index exited $?: $(cat err)"

# ---- the copied record is what jansson's dump of it was ------------------
$GS search -d db -n 1 --format json 'number:99-9-999998' >one.json 2>err || fail "search: $(cat err)"
$GS show -d db --format json 99-9-999998 >show.json 2>err || fail "show: $(cat err)"
# show: "[", "  {", the keys at 4 blanks, "  }", "]"; in a search answer the
# keys sit at 8 blanks between '      "fields": {' and '      }'.
sed '1,2d;$d' show.json | sed '$d' | sed 's/^/    /' >want.txt
awk '/^      "fields": \{$/ {on = 1; next} on && /^      \}/ {on = 0} on' one.json >got.txt
[ -s want.txt ] || fail "show printed nothing: $(cat show.json)"
cmp -s want.txt got.txt || fail_later "the copied record differs from show's: $(diff want.txt got.txt | head -5)"
grep -q '\\u007F' one.json && grep -q '\\u0085' one.json && grep -q '\\u001B' one.json ||
    fail_later "controls not escaped in the copied record: $(cat one.json)"
# Every result's fields in a page of many: the records show prints.
$GS search -d db -n 20 --format json 'развитие' >many.json 2>/dev/null
jget many.json 'results.*.fields' >fields.txt
# shellcheck disable=SC2046
$GS show -d db --format json $(jget many.json 'results.*.number') >shown.json 2>/dev/null
jget shown.json '*' >shown.txt
[ "$(wc -l <fields.txt)" -eq 20 ] && cmp -s fields.txt shown.txt ||
    fail_later "search's fields and show's records differ"

# ---- --fields summary ----------------------------------------------------
for q in 'развитие' 'дети-инвалиды реабилитация' 'НКО волонтеры' 'number:99-9-999998' 'ьььъъъ'; do
    $GS search -d db -n 10 --format json "$q" >full.json 2>/dev/null
    $GS search -d db -n 10 --format json --fields all "$q" >all.json 2>/dev/null
    cmp -s full.json all.json || fail_later "'$q': --fields all is not the default"
    $GS search -d db -n 10 --format json --fields summary "$q" >light.json 2>err ||
        fail_later "'$q': --fields summary exited $?: $(cat err)"
    json_ok light.json || fail_later "'$q': --fields summary is no JSON"
    n=$(jget full.json 'results.#')
    [ "$(jget light.json 'results.#')" = "$n" ] || fail_later "'$q': not the same results"
    [ "$n" -eq 0 ] && continue
    ! jget light.json 'results.*.fields' >/dev/null 2>&1 || fail_later "'$q': summary has fields"
    for k in rank id number score title status relaxed snippet; do
        [ "$(jget light.json "results.*.$k")" = "$(jget full.json "results.*.$k")" ] ||
            fail_later "'$q': $k differs between summary and the full answer"
    done
    # year: the record's, null when it has none.
    jget full.json 'results.*.fields' | while IFS= read -r rec; do
        printf '%s\n' "$rec" >rec.json
        jget rec.json year 2>/dev/null || echo null
    done >years.txt
    [ "$(jget light.json 'results.*.year')" = "$(cat years.txt)" ] || fail_later "'$q': wrong years"
    [ "$(wc -c <light.json)" -lt "$(wc -c <full.json)" ] || fail_later "'$q': summary is not smaller"
done
$GS search -d db --format json --fields everything 'развитие' >/dev/null 2>err
[ $? -eq 1 ] || fail_later "--fields everything: not exit 1"
grep -q "unknown --fields 'everything' (all or summary)" err || fail_later "--fields everything: $(cat err)"

# ---- the API: fields= gives the CLI's bytes ------------------------------
start_server db --threads 2
for f in summary all; do
    for q in 'развитие' 'НКО волонтеры'; do
        code=$(http GET /api/search -G --data-urlencode "q=$q" --data-urlencode n=5 \
                   --data-urlencode "fields=$f")
        $GS search -d db -n 5 --format json --fields "$f" "$q" >cli.json 2>/dev/null
        [ "$code" = 200 ] && cmp -s body.out cli.json ||
            fail_later "fields=$f '$q': the API (HTTP $code) and the CLI differ"
    done
done
code=$(http GET '/api/search?q=x&fields=all,title')
[ "$code" = 400 ] || fail_later "fields=all,title: HTTP $code"
[ "$(jget body.out error)" = "search: unknown fields 'all,title' (all or summary)" ] ||
    fail_later "fields=all,title: $(cat body.out)"
stop_server || fail_later "the server did not exit 0"
pass
