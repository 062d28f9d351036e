#!/bin/sh
# cli_relevance.sh - keep a floor under nDCG@10 of the dev keyword queries
# (../shared/relevance, kinds kw/morph/abbr) with the default ranking.
# Measured 0.8514 when the defaults were tuned (bench/results/relevance.md).
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
SHARED_DIR=${SHARED_DIR:-$top_srcdir/../shared}
if [ ! -r "$SHARED_DIR/corpus/dev/collection.jsonl" ] || [ ! -r "$SHARED_DIR/relevance/dev-qrels.txt" ]; then
    echo "skipped: $SHARED_DIR/corpus/dev or relevance absent"
    exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cli_relevance.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
"$top_builddir/grantsearch" index -d "$tmp/dev.db" "$SHARED_DIR/corpus/dev/collection.jsonl" >/dev/null 2>&1 ||
    { echo "FAIL: cannot index the dev collection"; exit 1; }
SHARED_DIR=$SHARED_DIR GS="$top_builddir/grantsearch" sh "$top_srcdir/bench/relevance_run.sh" "$tmp/dev.db" >"$tmp/run" ||
    { echo "FAIL: the run failed"; exit 1; }
ndcg=$(/usr/bin/python3 "$top_srcdir/bench/ndcg.py" "$SHARED_DIR/relevance/dev-qrels.txt" "$tmp/run" 10)
echo "nDCG@10 = $ndcg (floor 0.82)"
/usr/bin/python3 -c "import sys; sys.exit(0 if float('$ndcg') >= 0.82 else 1)" || { echo "FAIL: below the floor"; exit 1; }
