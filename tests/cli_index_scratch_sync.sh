#!/bin/sh
# cli_index_scratch_sync.sh - a new index built on several threads does not
# fsync its scratch shards (they are merged from the page cache and deleted;
# waiting for them to reach the disk idled both cores before the merge:
# bench/RESULTS.md, issue 15 idx15c), while the merged index is still synced
# before it is swapped in.  Watched with strace (skipped without it).
. "${top_srcdir:-.}/tests/lib.sh"

command -v strace >/dev/null 2>&1 || skip "no strace"
strace -f -o /dev/null true 2>/dev/null || skip "strace cannot trace here"

gen_corpus 300
# LeakSanitizer cannot run under ptrace: leaks are the other tests' job.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
strace -f -y -e trace=fsync,fdatasync -o trace $GS index -d db --threads 2 corpus.jsonl \
    >out 2>err || fail "exit $?: $(cat err)"
[ "$(records db)" = 300 ] || fail "$(records db) records, want 300"
grep -q 'sync(.*\.grantsearch-shards' trace &&
    fail "scratch shards fsynced: $(grep 'grantsearch-shards' trace | head -3)"
grep -q 'sync(.*\.grantsearch-new/postlist\.glass' trace ||
    fail "the merged index was not synced: $(grep 'sync(' trace | head -5)"
pass
