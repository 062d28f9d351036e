#!/bin/sh
# shards.sh - issue 18: query latency and throughput of one index, 2 and 4
# local shards, and 2 shards served by xapian-tcpsrv on loopback.
#
#   sh bench/shards.sh [--limit N] [--keep] CSV QUERIES OUTDIR [GRANTSEARCH]
#
# Builds OUTDIR/one (`index --threads 2`), OUTDIR/s2 and OUTDIR/s4
# (`index --shards 2|4`) from CSV unless they are there already (so a second
# run measures only), then starts two xapian-tcpsrv on 127.0.0.1 serving
# OUTDIR/s2's shards (stub OUTDIR/r2/stub, the spelling copied beside it).
# For each layout, QUERIES (one per line; --limit N: the first N, default
# 1000) run twice through `batch --format trec --timing`: --threads 1 gives
# the latency (p50/p99/mean per query), --threads 2 the throughput on two
# cores.  A warm-up pass first, not counted.  Prints a markdown table and
# the `batch:` lines, then checks that every layout returns the same ids at
# the same scores as one index (equal scores compared as sets).  The
# servers are stopped at the end; OUTDIR stays unless it was made here
# and --keep is not given.
# Run a peer (main's binary, or bench/classes.sh) in the same minute: the
# machine is shared and figures drift.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
limit=1000 keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --limit) limit=$2; shift 2 ;;
        --keep) keep=1; shift ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        -*) echo "shards.sh: unknown option $1" >&2; exit 1 ;;
        *) break ;;
    esac
done
[ $# -ge 3 ] || { echo "usage: shards.sh [--limit N] [--keep] CSV QUERIES OUTDIR [GRANTSEARCH]" >&2; exit 1; }
csv=$1; queries=$2; out=$3; gs=${4:-$here/../grantsearch}
[ -x "$gs" ] || { echo "shards.sh: $gs is not built" >&2; exit 1; }
command -v xapian-tcpsrv >/dev/null 2>&1 || { echo "shards.sh: xapian-tcpsrv is absent (xapian-tools)" >&2; exit 1; }
GRANTSEARCH_SYNONYMS=${GRANTSEARCH_SYNONYMS:-$here/../data/synonyms.txt}
export GRANTSEARCH_SYNONYMS
made=0
[ -d "$out" ] || made=1
mkdir -p "$out"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/shards.XXXXXX")
pids=
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    rm -rf "$tmp"
    if [ "$made" = 1 ] && [ "$keep" = 0 ]; then rm -rf "$out"; fi
}
trap cleanup EXIT INT TERM
head -n "$limit" "$queries" | awk '{ printf "q%d\t%s\n", NR, $0 }' >"$tmp/q"

build() {  # NAME ARGS...: index CSV into OUTDIR/NAME, timed, unless there
    name=$1; shift
    if [ -d "$out/$name" ] && "$gs" stats -d "$out/$name" >/dev/null 2>&1; then
        echo "-" >"$tmp/build.$name"; return
    fi
    t0=$(date +%s%N)
    "$gs" index -q --threads 2 "$@" -d "$out/$name" "$csv"
    t1=$(date +%s%N)
    echo "$(( (t1 - t0) / 1000000 ))" | awk '{ printf "%.0f\n", $1 / 1000 }' >"$tmp/build.$name"
}
build one
build s2 --shards 2
build s4 --shards 4

# Two shard servers on loopback: ports drawn from the pid, another on a clash.
mkdir -p "$out/r2"
rm -rf "$out/r2/spelling"
cp -R "$out/s2/spelling" "$out/r2/spelling"
: >"$out/r2/stub"
for s in 0 1; do
    ok=
    for try in 1 2 3 4 5; do
        port=$((20000 + ($$ * 7 + s * 1009 + try * 7919) % 40000))
        setsid xapian-tcpsrv --port "$port" --interface 127.0.0.1 --quiet "$out/s2/shard-0$s" \
            >"$tmp/srv$s.log" 2>&1 &
        pid=$!
        echo "remote 127.0.0.1:$port" >"$tmp/one.stub"
        for i in $(seq 1 30); do
            if "$gs" search -d "$tmp/one.stub" -n 1 x >/dev/null 2>&1; then ok=1; break 2; fi
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill "$pid" 2>/dev/null || true
    done
    [ -n "$ok" ] || { echo "shards.sh: xapian-tcpsrv did not start: $(cat "$tmp/srv$s.log")" >&2; exit 1; }
    pids="$pids $pid"
    echo "remote 127.0.0.1:$port" >>"$out/r2/stub"
done

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
echo "| layout | records | build s | size MB | p50 ms | p99 ms | mean ms | q/s, 1 thread | q/s, 2 threads |"
echo "|---|---|---|---|---|---|---|---|---|"
for l in one s2 s4 r2; do
    d=$out/$l
    [ "$l" = r2 ] && d=$out/r2/stub
    label=$l
    case $l in one) label="1 (one index)";; s2) label="2 local shards";; s4) label="4 local shards";;
               r2) label="2 remote shards (tcpsrv, loopback)";; esac
    "$gs" batch -d "$d" --threads 1 --format trec "$tmp/q" >/dev/null 2>&1 || true  # warm-up
    "$gs" batch -d "$d" --threads 1 --format trec --timing "$tmp/q" >"$tmp/run.$l" 2>"$tmp/t1.$l"
    "$gs" batch -d "$d" --threads 2 --format trec --timing "$tmp/q" >/dev/null 2>"$tmp/t2.$l"
    b1=$(grep '^batch:' "$tmp/t1.$l"); b2=$(grep '^batch:' "$tmp/t2.$l")
    echo "$l, 1 thread:  $b1" >>"$tmp/lines"; echo "$l, 2 threads: $b2" >>"$tmp/lines"
    src=$out/$l; [ "$l" = r2 ] && src=$out/s2
    recs=$("$gs" stats -d "$src" | awk '/^records:/ {print $2}')
    mb=$(du -sm "$src" | cut -f1)
    bs=$(cat "$tmp/build.$l" 2>/dev/null || echo "-")
    echo "| $label | $recs | $bs | $mb | $(echo "$b1" | field p50_ms) | $(echo "$b1" | field p99_ms) | $(echo "$b1" | field mean_ms) | $(echo "$b1" | field qps) | $(echo "$b2" | field qps) |"
done
echo
cat "$tmp/lines"

# Same ids at the same scores as one index (ties as sets, the page's last
# tie group left out: see tests/cli_shards.sh).
norm() {
    awk '{ s = sprintf("%.3f", $5); q[NR] = $1; sc[NR] = s; id[NR] = $3; c[$1]++
           if (!($1 in m) || s + 0 < m[$1] + 0) m[$1] = s }
        END { for (i = 1; i <= NR; i++)
                  if (!(c[q[i]] == 10 && sc[i] == m[q[i]])) print q[i], sc[i], id[i] }' "$1" | sort
}
norm "$tmp/run.one" >"$tmp/n.one"
for l in s2 s4 r2; do
    norm "$tmp/run.$l" >"$tmp/n.$l"
    if cmp -s "$tmp/n.one" "$tmp/n.$l"; then echo "$l: the same results as one index"
    else echo "$l: RESULTS DIFFER from one index ($(diff "$tmp/n.one" "$tmp/n.$l" | grep -c '^[<>]') lines)"; fi
done
