#!/bin/sh
# The dev relevance set end to end: index ../shared/corpus/dev, run the
# keyword queries with `batch`, the drafts with `batch --similar`, score the
# run with `eval`, and keep a floor under the mean nDCG@10 so that a change
# that breaks ranking fails.  Skipped when ../shared is absent.
. "${top_srcdir:-.}/tests/lib.sh"
need_shared "the dev collection and its judgments"
REL="$SHARED_DIR/relevance"
[ -f "$REL/dev-queries.tsv" ] && [ -f "$REL/dev-qrels.txt" ] || skip "no dev relevance set"

# Floors: a little below what was measured when this test was written
# (see bench/results/precedents.md); raise them when ranking improves.
FLOOR_ALL=${GS_NDCG_FLOOR_ALL:-0.74}
FLOOR_KW=${GS_NDCG_FLOOR_KW:-0.74}
FLOOR_DRAFT=${GS_NDCG_FLOOR_DRAFT:-0.60}

$GS index -d dev.db "$SHARED_DIR/corpus/dev/collection.jsonl" >/dev/null 2>index.err ||
  fail "index exited $?: $(cat index.err)"

awk -F'\t' '$3 != "draft"' "$REL/dev-queries.tsv" >kw.tsv
awk -F'\t' '$3 == "draft"' "$REL/dev-queries.tsv" >draft.tsv
[ -s kw.tsv ] && [ -s draft.tsv ] || fail "dev-queries.tsv has no keyword or no draft queries"

$GS batch -d dev.db -n 100 --format trec kw.tsv >kw.run || fail "batch exited $?"
$GS batch -d dev.db -n 100 --similar --format trec draft.tsv >draft.run || fail "batch --similar exited $?"
cat kw.run draft.run >all.run

mean() {  # mean nDCG@10 of a run
  $GS eval --format json "$REL/dev-qrels.txt" "$1" |
    /usr/bin/python3 -c 'import json,sys; print("%.4f" % json.load(sys.stdin)["mean"]["ndcg@10"])'
}
all=$(mean all.run) || fail "eval failed on all.run"
kw=$(mean kw.run) || fail "eval failed on kw.run"
dr=$(mean draft.run) || fail "eval failed on draft.run"
echo "dev nDCG@10: all=$all keyword=$kw drafts=$dr (floors $FLOOR_ALL $FLOOR_KW $FLOOR_DRAFT)"
below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
below "$all" "$FLOOR_ALL" && fail "mean nDCG@10 $all is below the floor $FLOOR_ALL"
below "$kw" "$FLOOR_KW" && fail "keyword queries' nDCG@10 $kw is below the floor $FLOOR_KW"
below "$dr" "$FLOOR_DRAFT" && fail "drafts' nDCG@10 $dr is below the floor $FLOOR_DRAFT"
pass
