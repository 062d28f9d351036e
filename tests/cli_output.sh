#!/bin/sh
# cli_output.sh - what the commands print, whatever the records hold: terminal
# control sequences in record text never reach the output raw (search, show,
# similar, batch, snippets, messages), TSV cells stay one cell, JSON stays
# valid; bold only on a terminal that wants it; show's formats; the page
# lines of -n 0 and --offset; options anywhere; one exit status for an
# unknown number; the JSON fields the README lists.
. "${top_srcdir:-.}/tests/lib.sh"
export LC_ALL=C.UTF-8
unset NO_COLOR
ok() { echo "ok: $*"; }
TAB=$(printf '\t')
ESC=$(printf '\033')
BEL=$(printf '\007')
DEL=$(printf '\177')
C1=$(printf '\302\233')   # U+009B, CSI as one C1 character
# raw FILE...: do the files hold a raw ESC, BEL, DEL or C1 control?
raw() { cat "$@" | grep -q "$ESC\|$BEL\|$DEL\|$C1"; }

# Two hostile records among the seeds: a recolouring title, a description
# that retitles and clears the terminal, a C1 CSI, DEL, a tab in the region,
# CR LF in the goal; and a third whose number holds an ESC, which the reader
# refuses (naming it escaped) while the others go in.
cat >evil.jsonl <<'EOF'
{"id": "EV-1", "number": "EV-1", "title": "Театр \u001b[31mкрасный\u001b[0m для детей", "winner": true, "year": 2021, "region": "Пермский\tкрай", "description": "Описание театр \u001b]0;pwned title\u0007 и \u001b[2J очистка \u009b31m конец \u007f театр", "goal": "Цель: театр\r\nвторая строка"}
{"id": "EV-2", "number": "EV-2", "title": "Театр обычный", "winner": false, "year": 2019, "description": "театр для всех детей, местных сообществ"}
EOF
printf '%s\n' '{"id": "EV-3\u001b[2J", "number": "EV-3\u001b[2J", "title": "Театр", "description": "театр"}' >evilid.jsonl
$GS index -d db "$SEEDS" evil.jsonl evilid.jsonl >/dev/null 2>idx.err
[ $? -eq 2 ] || fail "indexing the seeds, evil.jsonl and evilid.jsonl: not exit 2: $(cat -v idx.err)"
raw idx.err && fail_later "index warnings print terminal controls: $(cat -v idx.err)"
grep -q 'evilid.jsonl:1:.*control character' idx.err && ok "a number with an ESC is refused, named escaped" ||
    fail_later "the ESC number is not refused by name: $(cat -v idx.err)"
S="$GS search -d db"

# --- control characters ----------------------------------------------------
$S театр >s.txt 2>&1 || fail_later "search exited $?"
grep -q 'EV-1' s.txt || fail_later "the hostile record is not found: $(cat s.txt)"
raw s.txt && fail_later "search text prints terminal controls: $(cat -v s.txt)"
grep -qF 'Театр \x1b[31mкрасный\x1b[0m' s.txt && grep -qF '\x1b]0;pwned title\x07' s.txt &&
    grep -qF '\u009b31m' s.txt && grep -qF '\x7f' s.txt && ok "search text shows controls escaped" ||
    fail_later "controls are not shown escaped: $(cat -v s.txt)"

$S --format tsv театр >s.tsv || fail_later "search tsv exited $?"
raw s.tsv && fail_later "search tsv prints terminal controls"
awk -F'\t' 'NF != 8 { exit 1 }' s.tsv || fail_later "a TSV row is not 8 cells: $(cat -A s.tsv)"
grep -qF "Пермский\\tкрай" s.tsv && ok "a tab in a TSV cell is escaped" || fail_later "tab in tsv: $(cat -A s.tsv)"

$S --format json театр >s.json || fail_later "search json exited $?"
json_ok s.json || fail_later "search json does not parse"
raw s.json && fail_later "search json prints a raw DEL or C1 control"
[ "$(jget s.json 'results.*.fields' | grep -c 'pwned')" -eq 1 ] &&
    jget s.json results.0.fields.description results.1.fields.description | grep -q "$C1" &&
    ok "json escapes controls and keeps the text" || fail_later "json lost the description's text"

$GS show -d db EV-1 EV-2 >show.txt 2>&1 || fail_later "show exited $?"
raw show.txt && fail_later "show text prints terminal controls: $(cat -v show.txt)"
grep -q '^вторая строка$' show.txt && ok "show keeps the lines of a long field" || fail_later "show lines: $(cat -v show.txt)"
grep -q "$(printf '\r')" show.txt && fail_later "show prints a raw CR"
$GS show -d db --format tsv EV-1 EV-2 >show.tsv || fail_later "show tsv exited $?"
raw show.tsv && fail_later "show tsv prints terminal controls"
[ "$(awk -F'\t' '{ print NF }' show.tsv | sort -u | wc -l)" -eq 1 ] && [ "$(wc -l <show.tsv)" -eq 3 ] ||
    fail_later "show tsv: not one header and two rows of equal width: $(cat -A show.tsv)"
grep -qF 'театр\r\nвторая' show.tsv && ok "show tsv escapes CR LF" || fail_later "CR LF in show tsv: $(cat -A show.tsv)"

$GS similar -d db --id EV-1 >sim.txt 2>&1 || fail_later "similar exited $?"
$GS similar -d db --id EV-1 --format tsv >sim.tsv 2>&1 || fail_later "similar tsv exited $?"
$GS similar -d db --id "EV-2${ESC}[2J" >sim2.txt 2>&1; [ $? -eq 2 ] || fail_later "similar of an unknown ESC id: not exit 2"
raw sim.txt sim.tsv sim2.txt && fail_later "similar prints terminal controls: $(cat -v sim.txt sim.tsv sim2.txt)"
grep -qF 'EV-2\x1b[2J' sim.txt sim.tsv sim2.txt && ok "similar shows an ESC in a number escaped" ||
    fail_later "similar: $(cat -v sim.txt sim2.txt)"

printf 'q1\tтеатр\nq%s2\tтеатр детей\n' "$ESC" >q.tsv
for f in tsv trec jsonl; do
    $GS batch -d db --format $f q.tsv >batch.$f 2>batch.err || fail_later "batch $f exited $?"
    raw batch.$f batch.err && fail_later "batch $f prints terminal controls: $(cat -v batch.$f)"
done
awk 'NF != 6 { exit 1 }' batch.trec || fail_later "a TREC line is not 6 words: $(cat -v batch.trec)"
"$JSON_CHECK" -l valid batch.jsonl || fail_later "batch jsonl does not parse"
ok "batch tsv, trec and jsonl escape controls"

# Messages echo queries and numbers: made safe too.
$GS show -d db "XX${ESC}]0;t${BEL}" >/dev/null 2>err.txt
raw err.txt && fail_later "show's message prints terminal controls: $(cat -v err.txt)"
$S "\"театр ${ESC}[2J" >/dev/null 2>err.txt
raw err.txt && fail_later "the malformed-query message prints terminal controls: $(cat -v err.txt)"
$S "театр region:${ESC}[2Jнигде" >out.txt 2>&1
raw out.txt && fail_later "a note echoing the query prints terminal controls: $(cat -v out.txt)"
$GS delete -d db "ZZ${ESC}[2J" 2>err.txt
raw err.txt && fail_later "delete's message prints terminal controls: $(cat -v err.txt)"
$GS show -d db "$(printf 'XX\ngrantsearch: forged')" 2>err.txt
[ "$(wc -l <err.txt)" -eq 1 ] || fail_later "a newline in a number starts a line of its own: $(cat err.txt)"
# index's warnings quote record ids; eval prints query ids from user files.
printf '1%s[2J 0 d1 1\n' "$ESC" >qrels.esc; printf '1%s[2J Q0 d1 1 1.0 t\n' "$ESC" >run.esc
$GS eval qrels.esc run.esc >eval.txt 2>&1 && $GS eval --format json qrels.esc run.esc >eval.json 2>&1 ||
    fail_later "eval with an ESC in a query id exited $?"
raw eval.txt eval.json && fail_later "eval prints terminal controls: $(cat -v eval.txt eval.json)"
json_ok eval.json || fail_later "eval json does not parse"
ok "messages escape controls"

# --- bold: on a terminal, unless NO_COLOR or TERM=dumb -----------------------
if command -v script >/dev/null 2>&1; then
    tty_run() { script -qc "$*" /dev/null </dev/null; }
    TERM=xterm tty_run "$GS_BIN search -d db -n 1 театр" >tty.txt
    grep -qF "${ESC}[1m" tty.txt && ok "bold on a terminal" || fail_later "no bold on a terminal: $(cat -v tty.txt)"
    TERM=xterm NO_COLOR=1 tty_run "$GS_BIN search -d db -n 1 театр" >tty.txt
    grep -q "$ESC" tty.txt && fail_later "NO_COLOR=1: still bold: $(cat -v tty.txt)"
    TERM=dumb tty_run "$GS_BIN search -d db -n 1 театр" >tty.txt
    grep -q "$ESC" tty.txt && fail_later "TERM=dumb: still bold: $(cat -v tty.txt)"
    TERM=xterm NO_COLOR=1 tty_run "$GS_BIN similar -d db -n 1 --id EV-1" >tty.txt
    grep -q "$ESC" tty.txt && fail_later "NO_COLOR=1: similar still bold: $(cat -v tty.txt)"
    grep -q '\[' tty.txt && ok "NO_COLOR and TERM=dumb: brackets, no bold" || fail_later "no marks: $(cat -v tty.txt)"
    TERM=dumb tty_run "$GS_BIN index -d tty.db evil.jsonl" >tty.txt 2>&1
    grep -q "$ESC" tty.txt && fail_later "TERM=dumb: the progress line sends escapes: $(cat -v tty.txt)"
    grep -q '2 records read' tty.txt && ok "TERM=dumb: no progress line" || fail_later "index on TERM=dumb: $(cat -v tty.txt)"
else
    echo "note: no script(1); bold on a terminal not tested"
fi

# --- plural agreement ---------------------------------------------------------
head -1 evil.jsonl >one.jsonl
$GS index -d one.db one.jsonl 2>err.txt >/dev/null || fail_later "index of one record exited $?"
grep -q '^1 record read' err.txt && ok "1 record read" || fail_later "summary: $(cat err.txt)"
printf '1 0 EV-1 1\n' >qrels1; printf '1 Q0 EV-1 1 1.0 t\n' >run1
$GS eval qrels1 run1 | grep -q '^# 1 query;' && ok "eval: 1 query" || fail_later "eval: $($GS eval qrels1 run1 | tail -n 1)"

# --- show: one JSON document; TSV with every field -----------------------------
$GS show -d db --format json EV-1 19-1-029373 >show.json || fail_later "show json exited $?"
json_ok show.json && [ "$(jget show.json '#' 0.number 1.number | tr '\n' ' ')" = "2 EV-1 19-1-029373 " ] &&
    ok "show json: one array" || fail_later "show json of two: $(cat show.json)"
$GS show -d db --format json EV-1 >show.json || fail_later "show json of one exited $?"
[ "$(jget show.json '#' 0.number | tr '\n' ' ')" = "1 EV-1 " ] && ok "show json of one: an array too" ||
    fail_later "show json of one: $(cat show.json)"
$GS show -d db --format tsv 19-1-029373 >show.tsv || fail_later "show tsv exited $?"
for col in number title status year date start end amount; do
    head -1 show.tsv | tr '\t' '\n' | grep -qx "$col" || fail_later "show tsv has no '$col' column: $(head -1 show.tsv)"
done
year=$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "year") c = i } NR == 2 { print $c }' show.tsv)
[ "$year" = 2019 ] && ok "show tsv: every field, year $year" || fail_later "show tsv year '$year'"

# --- one exit status for an unknown number: 2 (bad input) -----------------------
for c in "show -d db" "delete -d db" "similar -d db --id"; do
    $GS $c 00-0-000000 >/dev/null 2>err.txt; rc=$?
    [ "$rc" -eq 2 ] || fail_later "$c of an unknown number: exit $rc, want 2"
done
ok "unknown number: exit 2 in show, delete and similar"

# --- the page line: -n 0, --offset past the end, --reverse --------------------------
$S -n 0 --facets status театр >out.txt || fail_later "-n 0 exited $?"
grep -q 'No results' out.txt && fail_later "-n 0 says No results: $(cat out.txt)"
grep -q '^\(About \)\?[0-9]* results\? for: театр' out.txt && grep -q '^status:' out.txt &&
    ok "-n 0: the count and the facets" || fail_later "-n 0: $(cat out.txt)"
$S --offset 50 театр >out.txt || fail_later "--offset exited $?"
grep -q '^No more results (\(about \)\?[0-9]* in all) for: театр' out.txt && ok "--offset past the end" ||
    fail_later "--offset past the end: $(cat out.txt)"
$S --sort relevance --reverse театр >/dev/null 2>err.txt; rc=$?
[ "$rc" -eq 1 ] && grep -q 'reverse' err.txt && ok "--reverse with relevance is refused" ||
    fail_later "--sort relevance --reverse: exit $rc, $(cat err.txt)"
$S --format tsv --sort date театр >d1.tsv && $S --format tsv --sort date --reverse театр >d2.tsv ||
    fail_later "--sort date exited $?"
[ "$(cut -f2 d1.tsv | sed 1d | sort)" = "$(cut -f2 d2.tsv | sed 1d | sort)" ] &&
    [ "$(cut -f5 d1.tsv | sed 1d | head -1)" -ge "$(cut -f5 d2.tsv | sed 1d | head -1)" ] &&
    ok "--sort date --reverse" || fail_later "--sort date --reverse: $(cut -f2,5 d1.tsv d2.tsv)"

# --- options anywhere (similar, as search) ---------------------------------------
$GS similar -d db -n 2 --id 19-1-029373 year:2019..2021 --format tsv >sim.tsv 2>err.txt ||
    fail_later "similar with options after a filter: exit $?, $(cat err.txt)"
[ "$(wc -l <sim.tsv)" -ge 1 ] && [ "$(wc -l <sim.tsv)" -le 2 ] &&
    awk -F'\t' 'NF != 7 || $5 < 2019 || $5 > 2021 { exit 1 }' sim.tsv &&
    ok "similar: options after filters" || fail_later "similar options anywhere: $(cat sim.tsv)"
$GS similar -d db --id 19-1-029373 -status:rejected --format=tsv -n 5 >sim.tsv ||
    fail_later "similar with a negated filter exited $?"
awk -F'\t' '$4 == "rejected" { exit 1 }' sim.tsv && ok "a negated filter stays a filter" ||
    fail_later "-status:rejected: $(cat sim.tsv)"

$S театр --format=tsv -n 1 >eq.tsv && head -1 eq.tsv | grep -q '^rank' &&
    $GS show EV-1 --db=db --format=json | "$JSON_CHECK" has - 0.number &&
    ok "--name=value in search and show" || fail_later "--format=tsv / --db=: $(cat eq.tsv)"

# --- the JSON fields the README lists --------------------------------------------
$S --format json 'театр космонавтов' >s.json || fail_later "json exited $?"
"$JSON_CHECK" has s.json query parsed total relaxed did_you_mean notes results facets \
    results.0.rank results.0.number results.0.score results.0.snippet results.0.fields ||
    fail_later "json fields: $(cat s.json)"
[ "$(jget s.json query)" = 'театр космонавтов' ] && [ -n "$(jget s.json parsed)" ] &&
    [ "$(jget s.json relaxed)" = true ] && jget s.json 'notes.*' | grep -q 'relaxed' &&
    ok "json: query as typed, the parsed query, the relaxed note" || fail_later "json query/parsed/notes: $(cat s.json)"

# --- the man page renders what it says (no lost spaces, no stray fonts) ---------
man1="$top_srcdir/doc/grantsearch.1"
if command -v man >/dev/null 2>&1; then render() { MANWIDTH=80 man -l "$man1" 2>man.err; }
elif command -v nroff >/dev/null 2>&1; then render() { nroff -man "$man1" 2>man.err; }
else render() { return 1; }; fi
if render >man.txt; then
    # Joined so that a word broken over two lines is whole again.
    sed 's/‐$//; s/-$//' man.txt | tr -d '\n' | tr -s ' ' >man.flat
    grep -qF 'region:"Пермский край"' man.flat && ok "man: region:\"Пермский край\" keeps its space" ||
        fail_later "man page: $(grep -o 'region:[^,]*' man.flat | head -1)"
    grep -q 'XXXXR\|\\f' man.flat && fail_later "man page: a stray font escape"
    [ -s man.err ] && fail_later "man page warnings: $(cat man.err)"
else
    echo "note: neither man nor nroff; the man page is not rendered"
fi
pass
