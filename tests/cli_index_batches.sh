#!/bin/sh
# cli_index_batches.sh - a new index built on several threads commits its
# scratch shards every 250 records together by default (smaller batches
# cost Xapian less CPU: bench/RESULTS.md, issue 15), and -c still decides
# when given; the merged index holds every record either way.
. "${top_srcdir:-.}/tests/lib.sh"

gen_corpus 600
commits() { sed -n 's/.*(\([0-9]*\) commits\{0,1\},.*/\1/p' "$1"; }

$GS index -v -d def --threads 2 corpus.jsonl 2>def.out >def.err || fail "default: exit $?: $(cat def.err)"
[ "$(records def)" = 600 ] || fail "default: $(records def) records, want 600"
n=$(commits def.out)
[ -n "$n" ] || fail "no commit count in: $(cat def.out def.err)"
# 600 records over 2 shards of 125-record batches: 2 commits each at least, then the merge.
[ "$n" -ge 5 ] || fail "default: $n commits, want 5 or more (batches of 250 records together)"

$GS index -v -d big --threads 2 -c 1000 corpus.jsonl 2>big.out >big.err || fail "-c 1000: exit $?"
[ "$(records big)" = 600 ] || fail "-c 1000: $(records big) records, want 600"
m=$(commits big.out)
[ "$m" -lt "$n" ] || fail "-c 1000: $m commits, not fewer than the default's $n"
pass
