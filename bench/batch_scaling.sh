#!/bin/sh
# batch_scaling.sh - `batch` on 2 threads against 1, and what the machine allows.
#
#   sh bench/batch_scaling.sh [--similar] [--runs R] DB QUERIES [GRANTSEARCH]
#
# Runs, R times in turn (default 3): `batch --threads 1`, `batch --threads 2`,
# and the CPU-bound baseline: two `batch --threads 1` processes at once on
# the same queries, i.e. the parallelism two independent programs get from
# the machine in that minute (on a shared machine, less than 2).  Prints per
# run the queries per second of each, the threads' speed-up (T2 / T1), the
# processes' speed-up (2 x queries / their wall time, over T1) and the CPU
# seconds (user + sys) of each run: when the threads' speed-up matches the
# processes' and the CPU per query is the same for 1 and 2 threads, what
# limits the speed-up is the machine, not a lock or shared state in batch.
# --similar: the lines are drafts (`batch --similar`).  Needs /usr/bin/time
# (GNU time) for the CPU seconds, else prints "-" for them.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
runs=3; sim=
while [ $# -gt 0 ]; do
    case "$1" in
        --similar) sim=--similar; shift ;;
        --runs) runs=$2; shift 2 ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        -*) echo "batch_scaling.sh: unknown option $1" >&2; exit 1 ;;
        *) break ;;
    esac
done
[ $# -ge 2 ] || { echo "usage: batch_scaling.sh [--similar] [--runs R] DB QUERIES [GRANTSEARCH]" >&2; exit 1; }
db=$1; q=$2; gs=${3:-$here/../grantsearch}
GRANTSEARCH_SYNONYMS=${GRANTSEARCH_SYNONYMS:-$here/../data/synonyms.txt}
export GRANTSEARCH_SYNONYMS
nq=$(grep -c . "$q")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scaling.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
timer=; [ -x /usr/bin/time ] && timer="/usr/bin/time -f %e_%U_%S -o"

# run OUT CMD...: run CMD, write "wall cpu" seconds to OUT.
run() {
    out=$1; shift
    t0=$(date +%s.%N)
    if [ -n "$timer" ]; then $timer "$out.t" "$@" >/dev/null; else "$@" >/dev/null; fi
    t1=$(date +%s.%N)
    cpu=-; [ -f "$out.t" ] && cpu=$(tail -1 "$out.t" | awk -F_ '{ printf "%.2f", $2 + $3 }')
    echo "$t0 $t1 $cpu" | awk '{ printf "%.3f %s\n", $2 - $1, $3 }' >"$out"
}

echo "| run | T1 q/s | T2 q/s | threads T2/T1 | 2 processes q/s | processes / T1 | CPU s T1 / T2 / 2 processes |"
echo "|---|---|---|---|---|---|---|"
i=1
while [ "$i" -le "$runs" ]; do
    run "$tmp/t1" "$gs" batch -d "$db" $sim --threads 1 --format trec "$q"
    run "$tmp/t2" "$gs" batch -d "$db" $sim --threads 2 --format trec "$q"
    t0=$(date +%s.%N)
    "$gs" batch -d "$db" $sim --threads 1 --format trec "$q" >/dev/null &
    pid=$!
    run "$tmp/pb" "$gs" batch -d "$db" $sim --threads 1 --format trec "$q"
    wait "$pid"
    t1=$(date +%s.%N)
    wp=$(echo "$t0 $t1" | awk '{ printf "%.3f", $2 - $1 }')
    cpub=$(awk '{ print $2 }' "$tmp/pb")
    awk -v n="$nq" -v run="$i" -v wp="$wp" -v cpub="$cpub" '
        FNR == 1 { k++; w[k] = $1; c[k] = $2 }
        END {
            q1 = n / w[1]; q2 = n / w[2]; qp = 2 * n / wp
            cpup = cpub == "-" ? "-" : sprintf("~%.2f", 2 * cpub)
            printf "| %d | %.1f | %.1f | %.2f | %.1f | %.2f | %s / %s / %s |\n", run, q1, q2, q2 / q1, qp, qp / q1, c[1], c[2], cpup
        }' "$tmp/t1" "$tmp/t2"
    i=$((i + 1))
done
