#!/bin/sh
# compare_builds.sh OLD_BINARY NEW_BINARY [N] - two builds of grantsearch on
# the same generated corpus (N records, default 20,000) and the generator's
# 1,000 keyword queries and 100 drafts, one thread, run alternately three
# times so that both meet the same machine noise.  For a change that must
# not change speed (a refactoring): quote the medians side by side.
set -eu
old=$1 new=$2 n=${3:-20000}
here=$(cd "$(dirname "$0")/.." && pwd)
GRANTSEARCH_SYNONYMS=${GRANTSEARCH_SYNONYMS:-$here/data/synonyms.txt}
export GRANTSEARCH_SYNONYMS
d=$(mktemp -d "${TMPDIR:-/tmp}/gs-compare.XXXXXX")
trap 'rm -rf "$d"' EXIT
"$here/bench/gen_corpus" -n "$n" --seed 1 --format jsonl -o "$d/corpus.jsonl" \
    --queries "$d/queries.txt" --drafts "$d/drafts.txt" 2>/dev/null
for b in old new; do
    eval bin=\$$b
    /usr/bin/time -f "$b index: %e s, %M KB peak" "$bin" index -q -d "$d/$b.db" "$d/corpus.jsonl"
done
for r in 1 2 3; do
    for b in old new; do
        eval bin=\$$b
        "$bin" batch -d "$d/$b.db" --threads 1 --format tsv --timing "$d/queries.txt" 2>&1 >/dev/null |
            grep '^batch:' | sed "s/^/$b keyword run $r: /"
        "$bin" batch -d "$d/$b.db" --threads 1 --similar --format tsv --timing "$d/drafts.txt" \
            2>&1 >/dev/null | grep '^batch:' | sed "s/^/$b similar run $r: /"
    done
done
