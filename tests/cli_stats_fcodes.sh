#!/bin/sh
# cli_stats_fcodes.sh - `grantsearch stats` says whether the index's stored
# facet codes (schema/fcodes.h) describe its revision: current after
# grantsearch wrote it, stale after a tool's copy (Xapian's copydatabase
# keeps the user metadata, not the revision), current again after the
# next grantsearch write.
. "${top_srcdir:-.}/tests/lib.sh"
command -v copydatabase >/dev/null 2>&1 || skip "copydatabase (xapian-tools) not installed"
db=./db
$GS index -d "$db" "$SEEDS" > /dev/null 2>&1 || fail "index"
$GS index -d "$db" "$SEEDS" > /dev/null 2>&1 || fail "index again"
$GS stats -d "$db" > out || fail "stats exit"
grep -qx 'facet codes:  current' out || fail "fresh index: $(cat out)"
copydatabase "$db" "./copy" > /dev/null 2>&1 || fail "copydatabase"
$GS stats -d "./copy" > out || fail "stats of the copy"
grep -Eq '^facet codes:  stale \(revision [0-9]+, index at [0-9]+;' out || fail "copy: $(cat out)"
$GS delete -d "./copy" 99-9-999999 > /dev/null 2>&1
$GS stats -d "./copy" > out || fail "stats after a delete"
grep -qx 'facet codes:  current' out || fail "after a grantsearch write: $(cat out)"
pass
