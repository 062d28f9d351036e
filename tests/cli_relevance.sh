#!/bin/sh
# cli_relevance.sh - keep a floor under nDCG@10 of the dev keyword queries
# (../shared/relevance, kinds kw/morph/abbr) with the default ranking.
# Measured 0.8514 when the defaults were tuned (bench/results/relevance.md);
# 0.8607 with the rarest word's cap (issue 16, rel16c); 0.8699 with every
# pair of query words in the proximity bonus (rel16g): the floor 0.86.
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
# Scored with `grantsearch eval` as bench/ndcg.py scores it (no Python
# needed): the queries of the run only, in the order of its ranks (eval, like
# trec_eval, orders by score, and relaxed hits may score above strict ones).
awk 'NR == FNR { q[$1] = 1; next } q[$1]' run "$SHARED_DIR/relevance/dev-qrels.txt" >qrels ||
    fail "cannot read the judgments"
awk '{ $5 = 1000000 - $4; print }' run >run.ranked
ndcg=$($GS_BIN eval --format json qrels run.ranked | jget - mean.ndcg@10) || fail "eval failed"
echo "$TEST_NAME: nDCG@10 = $ndcg (floor 0.86)"
awk -v n="$ndcg" 'BEGIN { exit !(n >= 0.86) }' || fail "nDCG@10 $ndcg is below the floor 0.86"
pass
