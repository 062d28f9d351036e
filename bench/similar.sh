#!/bin/sh
# similar.sh - issue 15's `similar` latency beside plain Xapian's OR of the same terms.
#
#   sh bench/similar.sh [--ids N] [-n N] DB DRAFTS [DRAFTS...]
#
# For each DRAFTS file (one draft a line, TEXT or ID<TAB>TEXT, as `batch
# --similar` reads them: e.g. bench/gen_corpus --drafts, or records'
# descriptions) and for N applications of DB by number (--ids, default 200,
# spread evenly over the docids; 0 = none), bench/similar_bench runs
# `similar` in one process (the CLI's defaults: 20 terms, top n = 10, no
# snippets, as `batch --similar`: terms, search, the hits' records, shared
# terms) and, right after each, Xapian alone on the same index: the OR of
# the same selected body terms, BM25 (k1 1, b 0.5), top n, no record read.
# Prints a markdown table: set, n, grantsearch p50/p99/max/mean ms, plain
# Xapian p50/p99/max/mean ms, ratio of means.  Percentiles nearest-rank.
# The synonyms file is data/synonyms.txt unless GRANTSEARCH_SYNONYMS is set.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ids=200; n=10
while [ $# -gt 0 ]; do
    case "$1" in
        --ids) ids=$2; shift 2 ;;
        -n) n=$2; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        -*) echo "similar.sh: unknown option $1" >&2; exit 1 ;;
        *) break ;;
    esac
done
[ $# -ge 1 ] || { echo "usage: similar.sh [--ids N] [-n N] DB [DRAFTS...]" >&2; exit 1; }
db=$1; shift
sb=$here/similar_bench
[ -x "$sb" ] || { echo "similar.sh: $sb is not built (make bench/similar_bench)" >&2; exit 1; }
GRANTSEARCH_SYNONYMS=${GRANTSEARCH_SYNONYMS:-$here/../data/synonyms.txt}
export GRANTSEARCH_SYNONYMS
tmp=$(mktemp -d "${TMPDIR:-/tmp}/similar.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# row NAME: the table row from similar_bench's two summary lines in $tmp/err.
row() {
    awk -v name="$1" '
        function kv(k,  i) { for (i = 2; i <= NF; i++) if (index($i, k "=") == 1) return substr($i, length(k) + 2); return "-" }
        $1 == "similar:" { q = kv("queries"); g = kv("p50_ms") " | " kv("p99_ms") " | " kv("max_ms") " | " kv("mean_ms"); gm = kv("mean_ms") }
        $1 == "plain:"   { p = kv("p50_ms") " | " kv("p99_ms") " | " kv("max_ms") " | " kv("mean_ms"); pm = kv("mean_ms") }
        END { printf "| %s | %s | %s | %s | %.2f |\n", name, q, g, p, (pm > 0 ? gm / pm : 0) }' "$tmp/err"
}

echo "| set | n | grantsearch p50 | p99 | max | mean | plain Xapian p50 | p99 | max | mean | ratio of means |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for f in "$@"; do
    "$sb" "$db" -n "$n" "$f" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
    row "drafts: $(basename "$f")"
done
if [ "$ids" -gt 0 ]; then
    "$sb" "$db" -n "$n" --sample "$ids" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
    row "by id (--sample $ids)"
fi
