#!/bin/sh
# cli_input.sh - `grantsearch index` on hostile input files, end to end: a
# directory with a symlink loop and a FIFO (used to hang), a JSON array
# export (used to be one page), a long blank prefix, cp1251 and UTF-16
# files (used to be "binary"), a UTF-8 BOM, a flood of duplicates (used to
# print a warning per line), and credentials in the text.  All generated
# here, in the test's scratch directory.
. "${top_srcdir:-.}/tests/lib.sh"

rec() { printf '{"number":"19-1-%06d","name":"Проект %s","description":"Помощь детям %s"}\n' "$1" "$1" "$1"; }

# A directory with a link loop, a link to itself, a file link and a FIFO:
# each file read once, each odd path said once, and no hang.
mkdir -p d/sub
{ rec 1; rec 2; } > d/sub/r.jsonl
ln -s .. d/sub/up
ln -s . d/self
ln -s sub/r.jsonl d/link.jsonl
mkfifo d/fifo
timeout -k 5 60 $GS_BIN index -d loop.db d 2>err; rc=$?
[ $rc -eq 0 ] || fail "link loop / FIFO: exit $rc: $(head -5 err)"
[ "$(records loop.db)" = 2 ] || fail "link loop: $(records loop.db) records"
[ "$(wc -l < err)" -le 6 ] || fail "link loop: $(wc -l < err) lines of messages"
grep -q 'd/fifo: warning: a FIFO; not read' err || fail "FIFO not reported: $(cat err)"
grep -q 'd/sub/up: warning: directory already read as d' err || fail "loop not reported: $(cat err)"
grep -q '4 paths not read' err || fail "summary: $(cat err)"
# A FIFO named on the command line is still read.
mkfifo p
rec 3 > p & writer=$!
timeout -k 5 60 $GS_BIN index -q -d fifo.db p 2>err; rc=$?
kill $writer 2>/dev/null; wait $writer 2>/dev/null
[ $rc -eq 0 ] || fail "FIFO argument: exit $rc: $(cat err)"
[ "$(records fifo.db)" = 1 ] || fail "FIFO argument: $(records fifo.db) records"

# A JSON array, pretty-printed: five records, not one page.
{ echo '['; for i in 1 2 3 4; do rec $i; echo ','; done; rec 5; echo ']'; } > array1.jsonl
$GS index -q -d arr.db array1.jsonl 2>err || fail "array: $(cat err)"
[ "$(records arr.db)" = 5 ] || fail "array: $(records arr.db) records, want 5"
$GS show -d arr.db array1.jsonl >/dev/null 2>&1 && fail "array indexed as a page"

# 65,536 blank lines, then the records; a BOM; cp1251; UTF-16.
{ yes '' | head -n 65536; rec 1; rec 2; } > blank.jsonl
{ printf '\357\273\277'; rec 1; rec 2; } > bom.jsonl
{ rec 1; rec 2; } | iconv -f utf-8 -t cp1251 > cp.jsonl
{ rec 1; rec 2; } | iconv -f utf-8 -t utf-16 > u16.jsonl
for f in blank bom cp u16; do
    $GS index -q -d $f.db $f.jsonl 2>err; rc=$?
    [ $rc -eq 0 ] || fail "$f.jsonl: exit $rc: $(cat err)"
    [ "$(records $f.db)" = 2 ] || fail "$f.jsonl: $(records $f.db) records, want 2"
    $GS search -d $f.db --format tsv 'проект 2' | grep -q '19-1-000002' ||
        fail "$f.jsonl: text not searchable"
done
$GS index -q -d cp2.db cp.jsonl 2>&1 | grep -q 'file is in cp1251' || fail "cp1251 not said"

# A duplicate on every line: ten warnings and one summary, not 2,000 lines.
i=0; while [ $i -lt 2000 ]; do rec 7; i=$((i + 1)); done > dups.jsonl
$GS index -q -d dups.db dups.jsonl 2>err || fail "dups: exit"
[ "$(grep -c 'warning: duplicate application number' err)" = 10 ] || fail "dups: $(wc -l < err) lines"
grep -q '\.\.\. and 1989 more duplicate application numbers not shown; 1999 replaced in all' err ||
    fail "dups summary: $(tail -2 err)"

# Credentials go, a bare UUID stays; the summary counts them.
printf '{"number":"19-1-000009","name":"Проект","description":"Пароль: Qwerty!2024, Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlX2hlcmU и AKIAIOSFODNN7EXAMPLE, https://u:pw12345@db.example.org/x; ключ 9a8b7c6d-1234-5678-9abc-0123456789ab для карты"}\n' > sec.jsonl
$GS index -d sec.db sec.jsonl 2>err || fail "secrets: exit"
grep -q '4 secrets dropped' err || fail "secrets summary: $(cat err)"
$GS show -d sec.db 19-1-000009 > shown
for s in Qwerty eyJ AKIA pw12345; do grep -q "$s" shown && fail "secret $s kept"; done
grep -q 'ключ 9a8b7c6d-1234-5678-9abc-0123456789ab для карты' shown || fail "UUID lost: $(cat shown)"
pass
