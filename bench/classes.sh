#!/bin/sh
# classes.sh - issue 15's per-class table: grantsearch beside plain Xapian.
#
#   sh bench/classes.sh [--limit N] [--classes "plain hyphen ..."] DB QUERYDIR [GRANTSEARCH]
#
# QUERYDIR holds bench/gen_queries.sh's files.  For each class (default: all
# of plain hyphen abbr phrase form field prefix filter facets mixed that
# exist; --limit N: the first N queries of each):
#  - grantsearch: `batch --threads 1 --format jsonl --timing` under
#    `stdbuf -oL`, its lines stamped by bench/stamp_lines, so each query's
#    time is the gap before its line (a warm-up query, «проект», goes first
#    and is not counted: its gap holds the start and the index opening).
#    The facets class: the same with `--facets status,year,direction,region,
#    contest` (in one process, as its Xapian peer), and a second row with
#    each query one `search -n 10 --facets ...` process, timed whole (start
#    and index opening included: marked "process"): what a CLI user waits.
#  - plain Xapian: bench/plain_xapian (--facets for the facets class) on
#    the same DB: OR of the analyzer's terms, BM25, top 10, nothing else.
# Prints a markdown table (class, n, grantsearch p50/p99/max/mean ms and the
# number of queries over 100 ms, plain Xapian p50/p99/max/mean ms, ratio of
# means), each class's `batch:` timing line, and the 10 slowest distinct
# grantsearch queries overall (a query text once, at its slowest).  Percentiles are
# nearest-rank, as batch --timing.  Temporary files go to $TMPDIR.
# The synonyms file is data/synonyms.txt unless GRANTSEARCH_SYNONYMS is set.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
limit=0
classes="plain hyphen abbr phrase form field prefix filter facets mixed"
while [ $# -gt 0 ]; do
    case "$1" in
        --limit) limit=$2; shift 2 ;;
        --classes) classes=$2; shift 2 ;;
        -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
        -*) echo "classes.sh: unknown option $1" >&2; exit 1 ;;
        *) break ;;
    esac
done
[ $# -ge 2 ] || { echo "usage: classes.sh [--limit N] [--classes LIST] DB QUERYDIR [GRANTSEARCH]" >&2; exit 1; }
db=$1; qdir=$2; gs=${3:-$here/../grantsearch}
px=$here/plain_xapian; stamp=$here/stamp_lines
for p in "$gs" "$px" "$stamp"; do
    [ -x "$p" ] || { echo "classes.sh: $p is not built (make bench/plain_xapian bench/stamp_lines)" >&2; exit 1; }
done
GRANTSEARCH_SYNONYMS=${GRANTSEARCH_SYNONYMS:-$here/../data/synonyms.txt}
export GRANTSEARCH_SYNONYMS
tmp=$(mktemp -d "${TMPDIR:-/tmp}/classes.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# "p50 p99 max mean" (ms) of the numbers on standard input.
stats() {
    sort -g | awk '{ v[++n] = $1; s += $1 }
        function pct(p,  r) { r = p / 100 * n; if (int(r) < r) r = int(r) + 1; if (r < 1) r = 1; return v[r] }
        END { if (n) printf "%.2f %.2f %.2f %.3f\n", pct(50), pct(99), v[n], s / n; else print "- - - 0" }'
}

: > "$tmp/slow"
facets=status,year,direction,region,contest
# One table row for class $c from $tmp/gs_ms and $tmp/px_ms ($note after
# the class name); its times join the slowest list.
row() {
    paste "$tmp/gs_ms" "$tmp/q" | sed "s/	/	$c$note	/" >> "$tmp/slow"
    set -- $(stats < "$tmp/gs_ms"); g50=$1 g99=$2 gmax=$3 gmean=$4
    slow100=$(awk '$1 > 100 { n++ } END { print n + 0 }' "$tmp/gs_ms")
    set -- $(stats < "$tmp/px_ms"); p50=$1 p99=$2 pmax=$3 pmean=$4
    ratio=$(awk -v a="$gmean" -v b="$pmean" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }')
    echo "| $c$note | $n | $g50 | $g99 | $gmax | $gmean | $slow100 | $p50 | $p99 | $pmax | $pmean | $ratio |"
}
echo "| class | n | grantsearch p50 | p99 | max | mean | > 100 ms | plain Xapian p50 | p99 | max | mean | ratio of means |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for c in $classes; do
    [ -f "$qdir/$c" ] || continue
    if [ "$limit" -gt 0 ]; then head -n "$limit" "$qdir/$c"; else cat "$qdir/$c"; fi > "$tmp/q"
    n=$(wc -l < "$tmp/q")
    fopt=""
    [ "$c" = facets ] && fopt="--facets $facets"
    { echo "проект"; cat "$tmp/q"; } > "$tmp/qw"
    stdbuf -oL "$gs" batch -d "$db" --threads 1 --format jsonl --timing $fopt "$tmp/qw" 2> "$tmp/err" \
        | "$stamp" | cut -f1 | tail -n +2 > "$tmp/gs_ms" || true
    grep '^batch:' "$tmp/err" | sed "s/^/$c (with the warm-up query): /" >> "$tmp/batchlines" || true
    note=""
    "$px" "$db" "$tmp/q" ${fopt:+--facets} 2> /dev/null | cut -f1 > "$tmp/px_ms"
    row
    if [ "$c" = facets ]; then
        while IFS= read -r q; do
            t0=$(date +%s%N)
            "$gs" search -d "$db" -n 10 --facets "$facets" -- "$q" > /dev/null 2>&1 || true
            t1=$(date +%s%N)
            echo "$(( (t1 - t0) / 1000 ))" | awk '{ printf "%.3f\n", $1 / 1000 }'
        done < "$tmp/q" > "$tmp/gs_ms"
        note=" (process)"
        row
    fi
done
echo
[ -f "$tmp/batchlines" ] && sed 's/^/    /' "$tmp/batchlines" && echo
echo "The 10 slowest distinct grantsearch queries (ms, class, query):"
echo
sort -t '	' -k1,1gr "$tmp/slow" | awk -F '\t' '!seen[$3]++' | head -n 10 | awk -F '\t' '{ printf "    %10.1f  %-8s %s\n", $1, $2, $3 }'
