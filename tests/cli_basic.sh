#!/bin/sh
# The dispatcher: --version, --help, unknown commands and their exit codes.
. "${top_srcdir:-.}/tests/lib.sh"

out=$($GS --version) || fail "--version exited $?"
case "$out" in "grantsearch "[0-9]*) ;; *) fail "--version printed '$out'" ;; esac

$GS --help | grep -q "^  search " || fail "--help does not list search"

$GS no-such-command 2>err.txt; rc=$?
[ "$rc" -eq 1 ] || fail "unknown command exited $rc, want 1"
grep -q "unknown command 'no-such-command'" err.txt || fail "unknown command message: $(cat err.txt)"

$GS 2>/dev/null; rc=$?
[ "$rc" -eq 1 ] || fail "no command exited $rc, want 1"

for c in index search show similar batch eval delete compact stats; do
  $GS "$c" --help >help.txt 2>&1 || fail "'$c --help' exited $?"
  grep -qi "usage" help.txt || fail "'$c --help' prints no usage"
done
pass
