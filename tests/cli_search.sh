#!/bin/sh
# cli_search.sh - `grantsearch search` and `show` against real indexes built
# with the real CLI: the bundled seeds always, ../shared/corpus/dev when present.
set -u
export LC_ALL=C.UTF-8
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
GS="${GS_WRAPPER:-} $top_builddir/grantsearch"
PY=/usr/bin/python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cli_search.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
# expect_rc WANT DESCRIPTION -- CMD...
expect_rc() {
    want=$1; what=$2; shift 3
    "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    if [ "$rc" -eq "$want" ]; then ok "$what (exit $rc)"; else fail "$what: exit $rc, wanted $want"; cat "$tmp/err"; fi
}
has() { grep -q -- "$1" "$tmp/${2:-out}"; }
json_ok() { $PY -c 'import json,sys; json.load(sys.stdin)' <"$tmp/out"; }
# py EXPR: evaluate a Python expression over the JSON output `d`; prints it.
py() { $PY -c "import json,sys; d=json.load(sys.stdin); print($1)" <"$tmp/out"; }

unset GRANTSEARCH_DB GRANTSEARCH_SYNONYMS
db="$tmp/seeds.db"
$GS index -d "$db" "$top_srcdir/data/seeds" >/dev/null 2>&1 || { echo "FAIL: cannot index the seeds"; exit 1; }
S="$GS search -d $db"

# --- issue 2: ranked results with number, title and status ---------------
expect_rc 0 "search over the seeds" -- $S развитие местных сообществ
first=$(grep -m1 '^ *1\. ' "$tmp/out")
case $first in *Р39-22-2-000039*"Академия местного развития"*) ok "best match first: $first";;
    *) fail "first result: $first";; esac
has 'rejected' && has 'winner' && ok "statuses shown" || fail "no statuses in text output"
[ "$(grep -c '^ *[0-9]\+\. ' "$tmp/out")" -ge 3 ] && ok "several ranked results" || fail "too few results"

expect_rc 0 "json output" -- $S --format json развитие местных сообществ
json_ok && ok "json parses" || fail "json does not parse"
[ "$(py 'd["results"][0]["number"]')" = "Р39-22-2-000039" ] && ok "json first number" || fail "json first number"
[ "$(py 'all(k in d for k in ("total","results","facets","query","relaxed","did_you_mean"))')" = True ] \
    && ok "json top-level keys" || fail "json keys"
py 'd["results"][0]["snippet"]' | grep -q '<b>' && ok "json snippet marks <b>" || fail "json snippet has no <b>"
[ "$(py 'all(set(r) >= {"id","score","fields","snippet","title","status"} for r in d["results"])')" = True ] \
    && ok "json result keys" || fail "json result keys"

expect_rc 0 "tsv output" -- $S --format tsv развитие местных сообществ
awk -F'\t' 'NF != 8 { bad = 1 } END { exit bad }' "$tmp/out" && ok "tsv has 8 columns on every line" || fail "tsv columns"
head -1 "$tmp/out" | grep -q '^rank	number	score	status	year	region	title	snippet$' && ok "tsv header" || fail "tsv header"

# --- show -----------------------------------------------------------------
expect_rc 0 "show" -- $GS show -d "$db" 19-1-029373
has 'Центр местного сообщества' && has '2422004134' && has 'Description:' && ok "show prints the fields" || fail "show fields"
expect_rc 0 "show json" -- $GS show -d "$db" --format json 19-1-029373
json_ok && [ "$(py 'd["number"]')" = 19-1-029373 ] && ok "show json" || fail "show json"
expect_rc 1 "show of an unknown number" -- $GS show -d "$db" 00-0-000000
has 'no application' err && ok "show names the problem" || fail "show message"

# --- exit codes -----------------------------------------------------------
expect_rc 3 "missing index" -- $GS search -d "$tmp/none.db" дети
has "$tmp/none.db" err && has 'grantsearch index' err && ok "message names path and remedy" || fail "missing-index message"
mkdir "$tmp/empty.db"
expect_rc 3 "unreadable index" -- $GS search -d "$tmp/empty.db" дети
expect_rc 3 "show with a missing index" -- $GS show -d "$tmp/none.db" 19-1-029373
expect_rc 0 "no results is not an error" -- $S зоопарк жирафов
has '^0 results' && ok "says 0 results" || fail "0 results"
expect_rc 1 "no query" -- $S
expect_rc 1 "bad option value" -- $S -n many дети
expect_rc 1 "bad --boost" -- $S --boost colour=3 дети
expect_rc 1 "bad --bm25" -- $S --bm25 1.2 дети

# --- malformed queries: message with the place ----------------------------
malformed() { # QUERY EXPECTED-SUBSTRING
    expect_rc 1 "malformed: $1" -- $S "$1"
    if has "$2" err && has 'column' err; then ok "message for '$1'"; else fail "message for '$1':"; cat "$tmp/err"; fi
}
malformed 'дети "с ДЦП' 'unbalanced quote'
malformed '(дети OR спорт' 'unbalanced bracket'
malformed 'дети)' 'unbalanced bracket'
malformed 'цвет:красный' "unknown field 'цвет'"
malformed 'year:2021..2019' 'low end is above'
malformed 'amount:много' 'bad amount'
malformed 'status:maybe' 'unknown status'
malformed 'дети OR' "'OR' needs a word"
malformed '()' 'empty brackets'
expect_rc 1 "quote error points at the quote" -- $S 'дети "с ДЦП'
has 'column 6' err && ok "column of the quote" || fail "quote column"

# --- query features -------------------------------------------------------
numbers() { awk -F'\t' 'NR > 1 { print $2 }' "$tmp/out" | tr '\n' ' '; }
tsv() { $S --format tsv -n 50 "$@" >"$tmp/out" 2>"$tmp/err"; }

tsv '"местных сообществ"'; a=$(numbers)
tsv '"сообществ местных"'; b=$(numbers)
[ -n "$a" ] && [ "$a" != "$b" ] && ok "phrase order matters ($a | $b)" || fail "phrase: '$a' vs '$b'"
tsv '=сообществ'; a=$(numbers); tsv 'сообществ'; b=$(numbers)
case $a in *19-1-029373*) fail "=сообществ found the singular-only record";; *) ok "=exact form ($a)";; esac
case $b in *19-1-029373*) ok "stemmed word finds other forms";; *) fail "stemmed word";; esac
tsv 'акселер*'; case $(numbers) in *Р41-21-1-000017*) ok "prefix*";; *) fail "prefix*: $(numbers)";; esac
tsv 'сообществ -фонды'; case $(numbers) in *20-1-000694*) fail "-excluded kept 20-1-000694";; "") fail "-excluded: nothing";; *) ok "-excluded";; esac
tsv 'сообществ NOT фонды'; case $(numbers) in *20-1-000694*) fail "NOT";; *) ok "NOT";; esac
tsv 'акселератор OR Краснотуранского'; n=$(numbers)
case $n in *Р41-21-1-000017*19-1-029373*|*19-1-029373*Р41-21-1-000017*) ok "OR";; *) fail "OR: $n";; esac
tsv 'акселератор AND Краснотуранского'; [ -z "$(numbers)" ] && ok "AND" || fail "AND: $(numbers)"
tsv '(акселератор OR Краснотуранского) сообществ'; [ -n "$(numbers)" ] && ok "brackets" || fail "brackets"
tsv 'title:сообщества'; n=$(numbers)
case $n in *Р41-21-1-000017*) fail "title: matched outside the title";; *19-1-029373*) ok "title: ($n)";; *) fail "title: $n";; esac
tsv 'org:молодежная'; [ "$(numbers)" = "19-1-029373 " ] && ok "org:" || fail "org: $(numbers)"

# filters
tsv 'status:winner'; [ "$(awk -F'\t' 'NR>1 && $4 != "winner"' "$tmp/out" | wc -l)" -eq 0 ] && [ "$(numbers)" != "" ] \
    && ok "status:winner" || fail "status:winner"
tsv 'сообществ status:rejected'; [ "$(awk -F'\t' 'NR>1 && $4 != "rejected"' "$tmp/out" | wc -l)" -eq 0 ] && [ -n "$(numbers)" ] \
    && ok "status:rejected with words" || fail "status:rejected"
tsv 'year:2019'; [ "$(numbers)" = "19-1-029373 " ] && ok "year:2019" || fail "year:2019 $(numbers)"
tsv 'year:2020..2021'; n=$(numbers)
case $n in *20-1-000694*Р41*|*Р41*20-1-000694*) [ "$(echo $n | wc -w)" -eq 2 ] && ok "year range" || fail "year range: $n";; *) fail "year range: $n";; esac
tsv 'inn:2422004134'; [ "$(numbers)" = "19-1-029373 " ] && ok "inn:" || fail "inn: $(numbers)"
tsv 'number:Р41-21-1-000017'; [ "$(numbers)" = "Р41-21-1-000017 " ] && ok "number:" || fail "number: $(numbers)"
tsv 'сообществ status:winner'; w=$(numbers); tsv 'сообществ'; s1=$(awk -F'\t' 'NR>1 && $4=="winner" {print $3}' "$tmp/out" | tr '\n' ' ')
tsv 'сообществ status:winner'; s2=$(awk -F'\t' 'NR>1 {print $3}' "$tmp/out" | tr '\n' ' ')
[ "$s1" = "$s2" ] && ok "filters do not change scores ($s2)" || fail "filter changed scores: '$s1' vs '$s2'"
tsv 'amount:1..999999999'; a=$(numbers); tsv 'amount:1..2'; b=$(numbers)
[ -n "$a" ] && [ -z "$b" ] && ok "amount range" || fail "amount range: '$a' '$b'"

# sort and paging
$S --format tsv -n 10 --sort date 'status:winner|rejected' >"$tmp/out"; a=$(numbers)
[ "$a" = "Р39-22-2-000039 Р41-21-1-000017 20-1-000694 19-1-029373 " ] && ok "sort date, newest first" || fail "sort date: $a"
$S --format tsv -n 10 --sort date --reverse 'status:winner|rejected' >"$tmp/out"; a=$(numbers)
[ "$a" = "19-1-029373 20-1-000694 Р41-21-1-000017 Р39-22-2-000039 " ] && ok "--reverse" || fail "reverse: $a"
$S --format tsv -n 10 сообществ >"$tmp/out"; all=$(numbers)
$S --format tsv -n 2 --offset 2 сообществ >"$tmp/out"; page=$(numbers)
want=$(echo $all | awk '{ print $3 " " $4 " " }')
[ "$page" = "$want" ] && ok "-n/--offset paging" || fail "paging: '$page' vs '$want'"
awk -F'\t' 'NR>1 { print $1 }' "$tmp/out" | tr '\n' ' ' | grep -q '^3 4 $' && ok "ranks count the offset" || fail "ranks with offset"

# facets count the whole result set, not the page
$S --format json -n 1 --facets status,year сообществ >"$tmp/out"
fs=$(py 'sum(d["facets"]["status"].values())'); tot=$(py 'd["total"]')
[ "$fs" = "$tot" ] && [ "$fs" -gt 1 ] && ok "facet counts cover all $tot matches" || fail "facets: $fs of $tot"
[ "$(py 'd["facets"]["status"].get("winner", 0)')" = 2 ] && ok "facet winner count" || fail "facet winner count"

# relaxation
expect_rc 0 "relaxed query" -- $S Краснотуранского акселератор
has 'relaxed' && [ "$(grep -c '^ *[0-9]\+\. ' "$tmp/out")" -eq 2 ] && ok "relaxes and says so" || fail "relaxation"
$S --format json Краснотуранского акселератор >"$tmp/out"
[ "$(py 'd["relaxed"]')" = True ] && ok "json says relaxed" || fail "json relaxed"
expect_rc 0 "--strict" -- $S --strict Краснотуранского акселератор
has '^0 results' && ok "--strict does not relax" || fail "--strict"

# highlighting: ё as written, hyphenated words, abbreviations
$S --format tsv молодежная >"$tmp/out"; has '\[МОЛОДЁЖНАЯ\]' && ok "ё word highlighted as written" || fail "ё highlight"
$S --format json молодежная >"$tmp/out"; py 'd["results"][0]["snippet"]' | grep -q '<b>МОЛОДЁЖНАЯ</b>' && ok "ё in json" || fail "ё json"
$S --format tsv площадки-инкубатора >"$tmp/out"; has '\[площадки-инкубатора\]' && ok "hyphenated word highlighted whole" || fail "hyphen highlight"
$S --format tsv инкубатора >"$tmp/out"; has 'площадки-\[инкубатора\]' && ok "part of a hyphenated word" || fail "hyphen part highlight"
$S --format tsv СОНКО >"$tmp/out"; has '\[СОНКО\]' && ok "abbreviation highlighted" || fail "abbr highlight"
$S --format json 'фонды & <местных>' >"$tmp/out"; json_ok && ok "json with & and <> in the query" || fail "json escaping"
py 'd["results"][0]["snippet"]' | grep -q '<[^b/]' && fail "unescaped < in snippet" || ok "snippet HTML-escaped"
$S молодежная >"$tmp/out"; has "$(printf '\033')" && fail "ANSI bold when not a terminal" || ok "no ANSI codes off a terminal"

# synonyms from an editable file
printf '# test\nЦМС = центр местного сообщества\nbad line without alternatives\n' >"$tmp/syn.txt"
GRANTSEARCH_SYNONYMS="$tmp/syn.txt" $S --format tsv ЦМС >"$tmp/out" 2>"$tmp/err"
case $(numbers) in *19-1-029373*) ok "synonym file: ЦМС finds 'центр местного сообщества'";; *) fail "synonym ЦМС: $(numbers)";; esac
has 'syn.txt:3' err && ok "bad synonym line reported with file:line" || fail "bad synonym line not reported"
tsv 'некоммерческие организации'; has '\[НКО\]' && ok "'некоммерческие организации' finds and marks НКО" || fail "НКО synonym"

# did you mean
expect_rc 0 "misspelt word" -- $S сообщесва
has 'Did you mean: сообщества' && ok "did you mean" || fail "did you mean"
$S --format json сообщесва >"$tmp/out"; [ "$(py 'd["did_you_mean"]')" = сообщества ] && ok "json did_you_mean" || fail "json did_you_mean"

# --- the dev collection ---------------------------------------------------
dev="${SHARED_DIR:-$top_srcdir/../shared}/corpus/dev/collection.jsonl"
if [ ! -r "$dev" ]; then
    echo "skipped: dev collection tests ($dev absent)"
else
    ddb="$tmp/dev.db"
    $GS index -d "$ddb" "$dev" >/dev/null 2>&1 || fail "cannot index $dev"
    D="$GS search -d $ddb"
    $D --format tsv -n 100 РАС >"$tmp/out"; a=$(numbers)
    $D --format tsv -n 100 'расстройства аутистического спектра' >"$tmp/out"; b=$(numbers)
    $D --format tsv -n 10 --strict '"расстройства аутистического спектра"' >"$tmp/out"; c=$(numbers)
    $D --format tsv -n 10 --strict '=рас' >"$tmp/out"; e=$(numbers)
    # The phrase-only records must come up for РАС, and РАС-only ones for the phrase.
    miss=0; for n in $c; do case " $a" in *" $n "*) ;; *) miss=1;; esac; done
    [ -n "$c" ] && [ $miss -eq 0 ] && ok "РАС finds 'расстройства аутистического спектра'" || fail "РАС -> phrase: '$a' vs '$c'"
    miss=0; for n in $e; do case " $b" in *" $n "*) ;; *) miss=1;; esac; done
    [ -n "$e" ] && [ $miss -eq 0 ] && ok "'расстройства аутистического спектра' finds РАС" || fail "phrase -> РАС: '$b' vs '$e'"
    $D --format tsv РАС >"$tmp/out"; has '\[РАС\]\|\[аутистического\]' && ok "synonym highlighted" || fail "synonym highlight"
    $D --format tsv -n 50 'region:пермский' >"$tmp/out"
    [ -n "$(numbers)" ] && [ "$(awk -F'\t' 'NR>1 && $6 != "Пермский край"' "$tmp/out" | wc -l)" -eq 0 ] \
        && ok "region:пермский" || fail "region word"
    $D --format tsv -n 50 'region:"Пермский край"' >"$tmp/out"; n1=$(numbers)
    $D --format tsv -n 50 'region:"пермский КРАЙ"' >"$tmp/out"; n2=$(numbers)
    [ -n "$n1" ] && [ "$n1" = "$n2" ] && ok "region full name, any case" || fail "region full name"
    expect_rc 0 "region word that matches nothing" -- $D 'region:атлантида дети'
    has 'matches no value' && ok "says so" || fail "region note"
    $D --format json -n 3 --facets status,region,direction дети >"$tmp/out"
    [ "$(py 'sum(d["facets"]["status"].values()) == d["total"] > 100')" = True ] && ok "status facet sums to the total" || fail "status facet"
    [ "$(py '0 < sum(d["facets"]["region"].values()) <= d["total"]')" = True ] && ok "region facet" || fail "region facet"
    $D --format tsv -n 50 'direction:семьи дети' >"$tmp/out"; [ -n "$(numbers)" ] && ok "direction word" || fail "direction word"
    $D --format tsv 'детей-инвалидов' >"$tmp/out"; has '\[детей-инвалидов\]' && ok "hyphenated highlight (dev)" || fail "hyphen dev"
    $D --format tsv 'реабилитацией' >"$tmp/out"; has '\[[Рр]еабилитац' && ok "morphology highlighted" || fail "morph highlight"
    $D аутезм >"$tmp/out"; has 'Did you mean: аутизм' && ok "did you mean (dev)" || fail "did you mean dev"
fi

[ $fails -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all passed"
