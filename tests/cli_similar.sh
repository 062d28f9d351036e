#!/bin/sh
# grantsearch similar: --id (excludes itself, finds the seeds on its topic),
# --file with a plain draft, standard input, a record as the draft, filters,
# shared terms as readable words, errors.
. "${top_srcdir:-.}/tests/lib.sh"
TAB=$(printf '\t')
export LC_ALL=C.UTF-8
# words FILE: its words, lower case, ё as е, one a line, sorted (the shared
# terms and the draft terms are words of the text so written).
words() { sed 's/ё/е/g; s/Ё/Е/g; s/.*/\L&/' "$1" | grep -o '[[:alnum:]_]\+' | sort -u; }
# all_words_of LIST TEXT: every line of LIST is a word of TEXT.
all_words_of() {
    words "$2" >words.txt
    _bad=$(grep -vxF -f words.txt "$1")
    [ -z "$_bad" ] || { echo "not words of $2: $_bad" >&2; return 1; }
}

$GS index -d db "$SEEDS" >/dev/null 2>&1 || fail "index exited $?"

# The five seeds are all about local communities: each finds the others.
SRC=20-1-000694
$GS similar -d db --id "$SRC" --format tsv >id.tsv || fail "--id exited $?"
awk -F'\t' 'NF != 7 { exit 1 }' id.tsv || fail "tsv lines without 7 columns: $(cat id.tsv)"
cut -f2 id.tsv | grep -qx "$SRC" && fail "--id lists its own source"
[ "$(wc -l <id.tsv)" -ge 3 ] || fail "--id found $(wc -l <id.tsv) of the 4 other seeds"
awk -F'\t' '$4 !~ /^(winner|rejected|unknown)$/ || $5 !~ /^((19|20)[0-9][0-9])?$/ { exit 1 }' id.tsv ||
  fail "status/year columns: $(cat id.tsv)"
awk -F'\t' '$7 == "" { exit 1 }' id.tsv || fail "a hit without shared terms"

# Shared terms are words of the source text, not stems: each one occurs as a
# whole word in the source page.
cat "$(grep -l "$SRC" "$SEEDS"/*.txt | head -1)" >src.txt
cut -f7 id.tsv | tr ',' '\n' | sort -u >shared.txt
[ -s shared.txt ] || fail "no shared terms"
all_words_of shared.txt src.txt || fail "shared terms are not readable words"

# A plain-text draft from a file: finds seeds, and JSON is valid.
cat >draft.txt <<'TXT'
Мы хотим создать в нашем районе центр поддержки местных сообществ и общественных
инициатив жителей. Проект поможет активным гражданам малых территорий объединиться,
научиться писать социальные проекты и привлекать ресурсы для развития своих сёл.
TXT
$GS similar -d db --file draft.txt --format json >draft.json || fail "--file exited $?"
json_ok draft.json || fail "--file json does not parse"
[ "$(jget draft.json 'results.#')" -gt 0 ] || fail "--file json: no results"
jget draft.json 'terms.*.word' >terms.txt && [ -s terms.txt ] && all_words_of terms.txt draft.txt ||
  fail "--file json terms: $(cat draft.json)"
jget draft.json 'results.*.status' | grep -qv '^winner$\|^rejected$\|^unknown$' &&
  fail "--file json: a bad status"
jget draft.json 'results.*.number' | grep -q '^$' && fail "--file json: an empty number"
jget draft.json 'results.*.shared.*' >rshared.txt && [ -s rshared.txt ] && all_words_of rshared.txt draft.txt ||
  fail "--file json shared words: $(cat draft.json)"
[ "$(jget draft.json 'results.*.shared.#' | grep -c '^0$')" -eq 0 ] || fail "--file json: a hit shares no word"
jget draft.json 'results.*.score' | awk '!($1 + 0 > 0) { exit 1 }' || fail "--file json: a score is not positive"
$GS similar -d db --file draft.txt >draft.text || fail "text format exited $?"
grep -q "shared:" draft.text || fail "text output shows no shared words"

# Standard input: "-", and no source argument at all, give what --file gives.
$GS similar -d db --format tsv --file draft.txt >f.tsv || fail "--file tsv exited $?"
$GS similar -d db --format tsv - <draft.txt >s1.tsv || fail "similar - exited $?"
$GS similar -d db --format tsv <draft.txt >s2.tsv || fail "similar <stdin exited $?"
cmp -s f.tsv s1.tsv || fail "stdin (-) differs from --file"
cmp -s f.tsv s2.tsv || fail "stdin differs from --file"

# A record as the draft (a seed page): it is excluded like --id.
page=$(grep -l "$SRC" "$SEEDS"/*.txt | head -1)
$GS similar -d db --file "$page" --format tsv >page.tsv || fail "page as draft exited $?"
cut -f2 page.tsv | grep -qx "$SRC" && fail "a page given as the draft lists itself"
[ -s page.tsv ] || fail "a page as the draft finds nothing"

# Filters restrict the precedents.
$GS similar -d db --file draft.txt --format tsv status:winner >win.tsv || fail "status:winner exited $?"
[ -s win.tsv ] || fail "status:winner found nothing (two seeds won)"
awk -F'\t' '$4 != "winner" { exit 1 }' win.tsv || fail "status:winner let through: $(cat win.tsv)"
$GS similar -d db --file draft.txt --format tsv status:rejected >rej.tsv || fail "status:rejected exited $?"
awk -F'\t' '$4 != "rejected" { exit 1 }' rej.tsv || fail "status:rejected let through: $(cat rej.tsv)"
$GS similar -d db --file draft.txt --format tsv year:2019 >y.tsv || fail "year:2019 exited $?"
[ -s y.tsv ] || fail "year:2019 found nothing"
awk -F'\t' '$5 != "2019" { exit 1 }' y.tsv || fail "year:2019 let through: $(cat y.tsv)"
$GS similar -d db --id "$SRC" --format tsv year:1999 >none.tsv || fail "year:1999 exited $?"
[ -s none.tsv ] && fail "year:1999 found something"
$GS similar -d db -n 1 --id "$SRC" --format tsv >one.tsv || fail "-n 1 exited $?"
[ "$(wc -l <one.tsv)" -eq 1 ] || fail "-n 1 gave $(wc -l <one.tsv) lines"

# Errors.
$GS similar -d db --file draft.txt "year:abc" >/dev/null 2>err.txt; rc=$?
[ "$rc" -eq 1 ] || fail "bad filter: exit $rc, want 1"
$GS similar -d db --file draft.txt "просто слова" >/dev/null 2>err.txt; rc=$?
[ "$rc" -eq 1 ] || fail "words as filters: exit $rc, want 1"
$GS similar -d db --id 99-9-999999 >/dev/null 2>err.txt; rc=$?
[ "$rc" -eq 2 ] || fail "unknown --id: exit $rc, want 2"
$GS similar -d db --id "$SRC" --file draft.txt >/dev/null 2>&1; rc=$?
[ "$rc" -eq 1 ] || fail "two sources: exit $rc, want 1"
$GS similar -d no-such.db --id "$SRC" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 3 ] || fail "missing index: exit $rc, want 3"
pass
