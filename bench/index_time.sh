#!/bin/sh
# index_time.sh [--threads N] CSV OUTDIR BINARY... - issue 15's index-time
# figures: each binary builds its own index of CSV (OUTDIR/db.K, K = the
# binary's place in the list), one after the other, under /usr/bin/time -v,
# and a markdown row is printed per binary: elapsed, user and system CPU,
# peak RSS, file system outputs (512-byte blocks written, /usr/bin/time's
# count: the build's write volume), the index size (du -sk) and its ratio
# to the CSV's size.  The
# load average before each build is printed too: on a shared machine quote
# builds of the same minutes only.  The indexes stay in OUTDIR (remove them
# when done: at 166,848 records one is about 2 GB).
set -eu
threads=2
if [ "${1:-}" = --threads ]; then
    threads=$2
    shift 2
fi
[ $# -ge 3 ] || { echo "usage: $0 [--threads N] CSV OUTDIR BINARY..." >&2; exit 1; }
csv=$1 out=$2
shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
GRANTSEARCH_SYNONYMS=${GRANTSEARCH_SYNONYMS:-$here/data/synonyms.txt}
export GRANTSEARCH_SYNONYMS
mkdir -p "$out"
text_kb=$(du -sk "$csv" | cut -f1)
echo "| binary | load before | elapsed s | user s | sys s | peak RSS MB | FS outputs | index KB | x the CSV |"
echo "|---|---|---|---|---|---|---|---|---|"
k=0
for bin in "$@"; do
    k=$((k + 1))
    db=$out/db.$k
    [ -e "$db" ] && { echo "$db exists: remove it first" >&2; exit 1; }
    load=$(cut -d' ' -f1 /proc/loadavg)
    tv=$out/time.$k
    /usr/bin/time -v "$bin" index -d "$db" --threads "$threads" --quiet "$csv" 2>"$tv"
    el=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tv" |
         awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.1f", s }')
    us=$(sed -n 's/.*User time (seconds): //p' "$tv")
    sy=$(sed -n 's/.*System time (seconds): //p' "$tv")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tv")
    fso=$(sed -n 's/.*File system outputs: //p' "$tv")
    kb=$(du -sk "$db" | cut -f1)
    echo "| $bin | $load | $el | $us | $sy | $((rss / 1024)) | $fso | $kb | $(awk -v a="$kb" -v b="$text_kb" 'BEGIN { printf "%.2f", a / b }') |"
done
