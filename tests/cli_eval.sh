#!/bin/sh
# cli_eval.sh - `grantsearch eval` on small qrels/run files: the table, the
# JSON form, -k, and bad lines reported as FILE:LINE.  Figures as worked out
# by hand in tests/test_eval.c.
. "${top_srcdir:-.}/tests/lib.sh"

cat > qrels <<'Q'
1 0 d1 2
1 0 d2 1
1 0 d3 0
1 0 d4 1
2 0 d9 1
3 0 d7 0
5 0 x1 1
Q
cat > run <<'R'
1 Q0 d1 1 3.0 t
1 Q0 d3 3 4.0 t
1 Q0 d2 2 1.0 t
1 Q0 d5 4 2.0 t
4 Q0 d1 1 9.0 t
5 Q0 x1 1 1.0 t
5 Q0 x2 2 1.0 t
R

$GS eval qrels run > out 2> err; rc=$?
[ $rc -eq 0 ] || fail "exit $rc"
grep -q '^qid *nDCG@10 *P@10 *AP *RR *R@100' out || fail "no header: $(cat out)"
grep -q '^1 *0\.5625 *0\.2000 *0\.3333 *0\.5000 *0\.6667' out || fail "query 1 row: $(cat out)"
grep -q '^2 .*(not in run)' out || fail "query 2 not flagged missing"
grep -q '^all *0\.3978 *0\.1000 *0\.2778 *0\.3333 *0\.5556' out || fail "mean row: $(cat out)"
grep -q '^3 ' out && fail "query 3 (no relevant) should be skipped"
grep -q '1 of 3 judged queries are missing' err || fail "missing-query note: $(cat err)"

$GS eval -k 2 qrels run > out2 || fail "-k 2 exit"
grep -q '^1 *0\.5213 *0\.5000' out2 || fail "-k 2 row: $(cat out2)"

$GS eval --format json qrels run > json 2>/dev/null || fail "json exit"
near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(d < 1e-5 && d > -1e-5) }'; }
set -- $(jget json mean.ndcg@10 'queries.#' missing_from_run queries.0.qid queries.0.AP) ||
    fail "json does not parse or lacks a figure: $(cat json)"
near "$1" 0.3977952 && [ "$2" = 3 ] && [ "$3" = 1 ] && [ "$4" = 1 ] && near "$5" 0.3333333 ||
    fail "json has wrong figures: $(cat json)"

# bad lines: reported with file and line, skipped, exit 2, figures still out
printf '1 0 d1 2\n1 0 d2\n1 0 d2 1\n' > qbad
printf '1 Q0 d1 1 1.0 t\n1 Q0 d2 x 0.5 t\n' > rbad
$GS eval qbad rbad > out3 2> err3; rc=$?
[ $rc -eq 2 ] || fail "bad lines: exit $rc, want 2"
grep -q "qbad:2: expected 4 fields" err3 || fail "qrels bad line not reported: $(cat err3)"
grep -q "rbad:2: RANK" err3 || fail "run bad line not reported: $(cat err3)"
grep -q '^all ' out3 || fail "no figures after bad lines"

# usage errors
$GS eval qrels > /dev/null 2>&1; [ $? -eq 1 ] || fail "one file: want exit 1"
$GS eval -k 0 qrels run > /dev/null 2>&1; [ $? -eq 1 ] || fail "-k 0: want exit 1"
$GS eval qrels nonexistent > /dev/null 2>&1; [ $? -eq 2 ] || fail "missing run: want exit 2"
$GS eval --help | grep -q 'usage: grantsearch eval' || fail "--help"
pass
