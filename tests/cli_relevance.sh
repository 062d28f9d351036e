#!/bin/sh
# cli_relevance.sh - keep a floor under nDCG@10 of the dev keyword queries
# (../shared/relevance, kinds kw/morph/abbr) with the default ranking.
# Measured 0.8514 when the defaults were tuned (bench/results/relevance.md).
. "${top_srcdir:-.}/tests/lib.sh"
need_shared "the dev collection"
[ -r "$SHARED_DIR/corpus/dev/collection.jsonl" ] && [ -r "$SHARED_DIR/relevance/dev-qrels.txt" ] ||
    skip "$SHARED_DIR/corpus/dev or relevance absent"
$GS index -d dev.db "$SHARED_DIR/corpus/dev/collection.jsonl" >/dev/null 2>&1 ||
    fail "cannot index the dev collection"
# relevance_run.sh runs "$GS" as one word: the plain binary (cli_search.sh
# runs `search` under the valgrind wrapper).
SHARED_DIR=$SHARED_DIR GS="$GS_BIN" sh "$top_srcdir/bench/relevance_run.sh" dev.db >run ||
    fail "the run failed"
ndcg=$(/usr/bin/python3 "$top_srcdir/bench/ndcg.py" "$SHARED_DIR/relevance/dev-qrels.txt" run 10)
echo "$TEST_NAME: nDCG@10 = $ndcg (floor 0.82)"
/usr/bin/python3 -c "import sys; sys.exit(0 if float('$ndcg') >= 0.82 else 1)" || fail "nDCG@10 $ndcg is below the floor 0.82"
pass
