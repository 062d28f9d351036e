#!/bin/sh
# grantsearch similar: --id (excludes itself, finds the seeds on its topic),
# --file with a plain draft, standard input, a record as the draft, filters,
# shared terms as readable words, errors.
. "${top_srcdir:-.}/tests/lib.sh"
TAB=$(printf '\t')

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
/usr/bin/python3 - src.txt shared.txt <<'PY' || fail "shared terms are not readable words"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read().lower().replace("ё", "е")
words = set(re.findall(r"\w+", text))
shared = [w for w in open(sys.argv[2], encoding="utf-8").read().split("\n") if w]
bad = [w for w in shared if w not in words]
if bad:
    print("not words of the source:", bad, file=sys.stderr)
    sys.exit(1)
PY

# A plain-text draft from a file: finds seeds, and JSON is valid.
cat >draft.txt <<'TXT'
Мы хотим создать в нашем районе центр поддержки местных сообществ и общественных
инициатив жителей. Проект поможет активным гражданам малых территорий объединиться,
научиться писать социальные проекты и привлекать ресурсы для развития своих сёл.
TXT
$GS similar -d db --file draft.txt --format json >draft.json || fail "--file exited $?"
json_ok draft.json || fail "--file json does not parse"
/usr/bin/python3 - draft.json draft.txt <<'PY' || fail "--file json content: $(cat draft.json)"
import json, re, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
text = open(sys.argv[2], encoding="utf-8").read().lower().replace("ё", "е")
words = set(re.findall(r"\w+", text))
assert d["results"], "no results"
assert d["terms"] and all(t["word"] in words for t in d["terms"]), d["terms"]
for r in d["results"]:
    assert r["status"] in ("winner", "rejected", "unknown") and r["number"], r
    assert r["shared"] and all(w in words for w in r["shared"]), r["shared"]
    assert isinstance(r["score"], (int, float)) and r["score"] > 0
PY
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
