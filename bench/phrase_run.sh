#!/bin/bash
# phrase_run.sh - phrase-query latency (files from bench/phrase_queries.py).
#   usage: PHRASE_DIR=DIR bench/phrase_run.sh BINARY DB [TAG] [RUNS]
# TAG (default: new) names the outputs: $OUT/top10_TAG.txt, $OUT/TAG/ (raw logs).
# For each query file: 1 warm-up run (discarded), then RUNS (default 3) runs of
#   nice -n 5 BINARY batch -d DB --threads 1 --timing --format jsonl FILE
# and prints the median over runs of p50/p99/mean (ms) and qps, plus the
# distribution of the result-count estimate ("total") from the last run.
# Then writes top10_TAG.txt: for 20 phrase queries (every 15th line of
# queries.txt), query<TAB>top-10 numbers<TAB>total, via `search --format json -n 10`,
# and, if top10_old.txt exists and TAG != old, counts lines identical to it.
set -u
BIN=$(readlink -f "${1:?usage: phrase_run.sh BINARY DB [TAG] [RUNS]}")
DB=${2:?usage: phrase_run.sh BINARY DB [TAG] [RUNS]}
TAG=${3:-new}
RUNS=${4:-3}
OUT=${PHRASE_DIR:-/tmp/phrase}
PY=/usr/bin/python3
FILES="queries.txt mixed.txt mixed_not.txt"
LOG=$OUT/$TAG
mkdir -p "$LOG"
cd "$OUT" || exit 1

echo "binary: $BIN"
echo "db:     $DB ($(du -sb "$DB" | cut -f1) bytes)"
echo "start:  $(uptime)"
printf '%-14s %5s %9s %9s %9s %7s  %s\n' file n p50_ms p99_ms mean_ms qps "p50/p99 per run; totals: 0 | 1-9 | 10-999 | >=1000 | errors"
for f in $FILES; do
    b=${f%.txt}
    nice -n 5 "$BIN" batch -d "$DB" --threads 1 --format jsonl "$f" >/dev/null 2>"$LOG/$b.warm.err"
    for r in $(seq 1 "$RUNS"); do
        nice -n 5 "$BIN" batch -d "$DB" --threads 1 --timing --format jsonl "$f" \
            >"$LOG/$b.$r.jsonl" 2>"$LOG/$b.$r.err"
        echo $? >"$LOG/$b.$r.rc"
    done
    $PY - "$LOG" "$b" "$RUNS" <<'EOF'
import sys, json, re, statistics as st
log, b, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
p50, p99, mean, qps = [], [], [], []
for r in range(1, runs + 1):
    t = [l for l in open(f'{log}/{b}.{r}.err') if l.startswith('batch:')][-1]
    kv = dict(re.findall(r'(\w+)=([\d.]+)', t))
    p50.append(float(kv['p50_ms'])); p99.append(float(kv['p99_ms']))
    mean.append(float(kv['mean_ms'])); qps.append(float(kv['qps']))
    n = int(kv['queries'])
tot = [json.loads(l).get('total') for l in open(f'{log}/{b}.{runs}.jsonl')]
errs = sum(1 for x in tot if x is None)
tot = [x for x in tot if x is not None]
bins = [sum(1 for x in tot if x == 0), sum(1 for x in tot if 1 <= x <= 9),
        sum(1 for x in tot if 10 <= x <= 999), sum(1 for x in tot if x >= 1000)]
runs_s = ' '.join(f'{a:.1f}/{c:.1f}' for a, c in zip(p50, p99))
print(f'{b:<14s} {n:5d} {st.median(p50):9.2f} {st.median(p99):9.2f} {st.median(mean):9.2f} '
      f'{st.median(qps):7.1f}  [{runs_s}]; totals: {" | ".join(map(str, bins))} | {errs}')
EOF
done
echo "end:    $(uptime)"

# top-10 lists for 20 phrase queries
T=$OUT/top10_$TAG.txt
: >"$T"
awk -F'\t' 'NR % 15 == 1 {print $2}' queries.txt | while IFS= read -r q; do
    nice -n 5 "$BIN" search -d "$DB" --format json -n 10 "$q" |
        $PY -c 'import sys, json
q = sys.argv[1]; d = json.load(sys.stdin)
print(q, ",".join(r["number"] for r in d["results"]), d["total"], sep="\t")' "$q" >>"$T"
done
echo "top10:  $T ($(wc -l <"$T") queries)"
if [ "$TAG" != old ] && [ -f "$OUT/top10_old.txt" ]; then
    $PY - "$OUT/top10_old.txt" "$T" <<'EOF'
import sys
a = [l.rstrip('\n').split('\t') for l in open(sys.argv[1])]
b = [l.rstrip('\n').split('\t') for l in open(sys.argv[2])]
same = sum(x[1] == y[1] for x, y in zip(a, b))
sameset = sum(set(x[1].split(',')) == set(y[1].split(',')) for x, y in zip(a, b))
samet = sum(x[2] == y[2] for x, y in zip(a, b))
print(f'vs old: top-10 identical {same}/{len(a)}, same set {sameset}/{len(a)}, same total {samet}/{len(a)}')
EOF
fi
