#!/bin/sh
# cli_eval.sh - `grantsearch eval` on small qrels/run files: the table, the
# JSON form, -k, and bad lines reported as FILE:LINE.  Figures as worked out
# by hand in tests/test_eval.c.
set -u
GS="${top_builddir:-.}/grantsearch"
[ -x "$GS" ] || { echo "cli_eval: $GS not built"; exit 99; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cat > "$tmp/qrels" <<'Q'
1 0 d1 2
1 0 d2 1
1 0 d3 0
1 0 d4 1
2 0 d9 1
3 0 d7 0
5 0 x1 1
Q
cat > "$tmp/run" <<'R'
1 Q0 d1 1 3.0 t
1 Q0 d3 3 4.0 t
1 Q0 d2 2 1.0 t
1 Q0 d5 4 2.0 t
4 Q0 d1 1 9.0 t
5 Q0 x1 1 1.0 t
5 Q0 x2 2 1.0 t
R

"$GS" eval "$tmp/qrels" "$tmp/run" > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc -eq 0 ] || fail "exit $rc"
grep -q '^qid *nDCG@10 *P@10 *AP *RR *R@100' "$tmp/out" || fail "no header: $(cat "$tmp/out")"
grep -q '^1 *0\.5625 *0\.2000 *0\.3333 *0\.5000 *0\.6667' "$tmp/out" || fail "query 1 row: $(cat "$tmp/out")"
grep -q '^2 .*(not in run)' "$tmp/out" || fail "query 2 not flagged missing"
grep -q '^all *0\.3978 *0\.1000 *0\.2778 *0\.3333 *0\.5556' "$tmp/out" || fail "mean row: $(cat "$tmp/out")"
grep -q '^3 ' "$tmp/out" && fail "query 3 (no relevant) should be skipped"
grep -q '1 of 3 judged queries are missing' "$tmp/err" || fail "missing-query note: $(cat "$tmp/err")"

"$GS" eval -k 2 "$tmp/qrels" "$tmp/run" > "$tmp/out2" || fail "-k 2 exit"
grep -q '^1 *0\.5213 *0\.5000' "$tmp/out2" || fail "-k 2 row: $(cat "$tmp/out2")"

"$GS" eval --format json "$tmp/qrels" "$tmp/run" > "$tmp/json" 2>/dev/null || fail "json exit"
if [ -x /usr/bin/python3 ]; then
    /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
m = d["mean"]
assert abs(m["ndcg@10"] - 0.3977952) < 1e-5, m
assert len(d["queries"]) == 3 and d["missing_from_run"] == 1, d
assert d["queries"][0]["qid"] == "1" and abs(d["queries"][0]["AP"] - 1/3) < 1e-5
' "$tmp/json" || fail "json does not parse or has wrong figures: $(cat "$tmp/json")"
else
    grep -q '"ndcg@10":0.397795' "$tmp/json" || fail "json mean"
fi

# bad lines: reported with file and line, skipped, exit 2, figures still out
printf '1 0 d1 2\n1 0 d2\n1 0 d2 1\n' > "$tmp/qbad"
printf '1 Q0 d1 1 1.0 t\n1 Q0 d2 x 0.5 t\n' > "$tmp/rbad"
"$GS" eval "$tmp/qbad" "$tmp/rbad" > "$tmp/out3" 2> "$tmp/err3"; rc=$?
[ $rc -eq 2 ] || fail "bad lines: exit $rc, want 2"
grep -q "$tmp/qbad:2: expected 4 fields" "$tmp/err3" || fail "qrels bad line not reported: $(cat "$tmp/err3")"
grep -q "$tmp/rbad:2: RANK" "$tmp/err3" || fail "run bad line not reported: $(cat "$tmp/err3")"
grep -q '^all ' "$tmp/out3" || fail "no figures after bad lines"

# usage errors
"$GS" eval "$tmp/qrels" > /dev/null 2>&1; [ $? -eq 1 ] || fail "one file: want exit 1"
"$GS" eval -k 0 "$tmp/qrels" "$tmp/run" > /dev/null 2>&1; [ $? -eq 1 ] || fail "-k 0: want exit 1"
"$GS" eval "$tmp/qrels" "$tmp/nonexistent" > /dev/null 2>&1; [ $? -eq 2 ] || fail "missing run: want exit 2"
"$GS" eval --help | grep -q 'usage: grantsearch eval' || fail "--help"
echo "cli_eval: ok"
