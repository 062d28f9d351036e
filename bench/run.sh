#!/bin/sh
# bench/run.sh - the FPG-scale benchmark: generate a synthetic archive, index
# it with grantsearch (1 and 2 threads), compact, run 1,000 keyword queries
# and 100 "similar" drafts, and the same corpus and queries through the peer
# engines of ../shared/peers (Sphinx, PostgreSQL, Xapian scriptindex).
# Writes a markdown report to stdout and to bench/results/run-DATE.md.
#
#   sh bench/run.sh [--sizes "20000 166848"] [--repeats 3] [--seed 1]
#                   [--work DIR] [--no-peers] [--peers "sphinx pg xapian"]
#                   [--no-engine] [--xapian-max 20000] [--pg-queries N]
#                   [--train FILE.jsonl]
#
# --pg-queries N runs the PostgreSQL peer's search on the first N queries only
# (0 = all): its ts_rank_cd pass over 1,000 queries takes > 5 min at 20k.
# Peers run with MATCH_MODE=and (every word required), like grantsearch's
# default strict-AND-first query.  The 1-minute load average is recorded after
# each measured step (another job on the machine shows up there).
#
# Environment: GS_BIN (the grantsearch binary), GEN_BIN (bench/gen_corpus),
# BENCH_DIR (work dir, default /tmp/grantsearch-bench), PEERS_DIR (default
# ../shared/peers beside the source tree).  `make bench` sets the binaries.
# Needs /usr/bin/time (Debian package `time`) for peak RSS.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/.." && pwd)
GS_BIN=${GS_BIN:-$TOP/grantsearch}
GEN_BIN=${GEN_BIN:-$TOP/bench/gen_corpus}
WORK=${BENCH_DIR:-/tmp/grantsearch-bench}
PEERS_DIR=${PEERS_DIR:-$TOP/../shared/peers}
SIZES="20000 166848"
REPEATS=3
SEED=1
PEERS="sphinx pg xapian"
USE_PEERS=1
USE_ENGINE=1
XAPIAN_MAX=20000
PG_QUERIES=0
TRAIN=""

while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) SIZES=$2; shift 2 ;;
        --repeats) REPEATS=$2; shift 2 ;;
        --seed) SEED=$2; shift 2 ;;
        --work) WORK=$2; shift 2 ;;
        --no-peers) USE_PEERS=0; shift ;;
        --peers) PEERS=$2; shift 2 ;;
        --no-engine) USE_ENGINE=0; shift ;;
        --xapian-max) XAPIAN_MAX=$2; shift 2 ;;
        --pg-queries) PG_QUERIES=$2; shift 2 ;;
        --train) TRAIN=$2; shift 2 ;;
        -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown option $1 (try --help)" >&2; exit 1 ;;
    esac
done

note() { echo "run.sh: $*" >&2; NOTES="${NOTES:-}
- $*"; }
now() { date +%s.%N; }
# elapsed START END -> seconds, 3 decimals
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
# kv KEY FILE: the value of KEY=value on the last line of FILE that has it
kv() { grep -o "[[:space:]]$1=[^[:space:]]*" "$2" 2>/dev/null | tail -1 | cut -d= -f2; }
# median of the numbers on stdin (one per line); "-" if none
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mb() { awk -v b="$1" 'BEGIN { if (b == "" || b == "-") print "-"; else printf "%.1f", b / 1048576 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }
dus() { du -sb "$1" 2>/dev/null | cut -f1; }
# loadavg STEP: note the load average (1/5/15 min) after a measured step
loadavg() { echo "| $N | $1 | $(cut -d' ' -f1-3 /proc/loadavg) |" >> "$LOADS"; }

[ -x "$GEN_BIN" ] || { echo "run.sh: $GEN_BIN not built (run make)" >&2; exit 1; }
TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
    note "/usr/bin/time missing (apt-get install time): no peak RSS figures"
    TIME=""
fi
# run_rss RSSFILE CMD... : run CMD; peak RSS in KB, user and system CPU
# seconds into RSSFILE ("KB USER SYS")
run_rss() {
    _f=$1; shift
    if [ -n "$TIME" ]; then "$TIME" -f "%M %U %S" -o "$_f" "$@"; else echo "- - -" > "$_f"; "$@"; fi
}
# cpu_s RSSFILE: user+system CPU seconds
cpu_s() { awk 'NF >= 3 { v = $2 + $3 } END { if (v == "") print "-"; else printf "%.0f", v }' "$1" 2>/dev/null; }
rss_mb() { awk 'NF { v = $1 } END { if (v == "" || v == "-") print "-"; else printf "%.0f", v / 1024 }' "$1" 2>/dev/null; }

if [ "$USE_ENGINE" = 1 ]; then
    if [ ! -x "$GS_BIN" ]; then
        note "grantsearch binary $GS_BIN missing: engine skipped"; USE_ENGINE=0
    elif "$GS_BIN" index --help 2>&1 | grep -q 'not built into this binary'; then
        note "this grantsearch has no 'index' command yet: engine skipped"; USE_ENGINE=0
    fi
fi
if [ "$USE_PEERS" = 1 ] && [ ! -d "$PEERS_DIR" ]; then
    note "no peers directory $PEERS_DIR: peers skipped"; USE_PEERS=0
fi

mkdir -p "$WORK" "$HERE/results"
DATE=$(date -u +%Y-%m-%dT%H%M%SZ)
REPORT="$HERE/results/run-$DATE.md"
ROWS="$WORK/rows.md"
: > "$ROWS"
GEN_ROWS="$WORK/gen.md"
: > "$GEN_ROWS"
LOADS="$WORK/loads.md"
: > "$LOADS"
TABLES="$WORK/tables.md"
: > "$TABLES"
STATS="$WORK/stats.md"
: > "$STATS"
train_opt=""
[ -n "$TRAIN" ] && train_opt="--train $TRAIN"

# row N ENGINE IDX1 IDX2 MBS RECS RSS SIZE_BEFORE SIZE_AFTER TEXT KW_MEAN KW_P50 KW_P99 QPS1 QPS2 SPEEDUP SIM_P50 SIM_P99 ONE_SHOT
row() {
    _line="|"
    for _v in "$@"; do _line="$_line $_v |"; done
    echo "$_line" >> "$ROWS"
}

for N in $SIZES; do
    D="$WORK/n$N"
    mkdir -p "$D"
    echo "run.sh: N=$N: generating the corpus in $D" >&2
    t0=$(now)
    "$GEN_BIN" -n "$N" --seed "$SEED" --format csv $train_opt -o "$D/corpus.csv" 2> "$D/gen_csv.log" || { note "N=$N: generator failed"; continue; }
    t1=$(now)
    "$GEN_BIN" -n "$N" --seed "$SEED" --format jsonl $train_opt -o "$D/corpus.jsonl" \
        --queries "$D/queries.txt" --drafts "$D/drafts.txt" 2> "$D/gen_jsonl.log" || { note "N=$N: generator failed"; continue; }
    t2=$(now)
    gen_s=$(elapsed "$t0" "$t1")
    csv_bytes=$(kv bytes "$D/gen_csv.log")
    text_bytes=$(kv text_bytes "$D/gen_csv.log")
    echo "| $N | $(mb "$csv_bytes") | $(mb "$(kv bytes "$D/gen_jsonl.log")") | $(mb "$text_bytes") | $gen_s | $(ratio "$(mb "$csv_bytes")" "$gen_s") | $(elapsed "$t1" "$t2") |" >> "$GEN_ROWS"
    # numbered queries for the TREC/TSV outputs
    nq=$(grep -c . "$D/queries.txt")

    if [ "$USE_ENGINE" = 1 ]; then
        echo "run.sh: N=$N: grantsearch index (1 and 2 threads)" >&2
        for T in 1 2; do
            DB="$D/gs-t$T.db"
            rm -rf "$DB"
            t0=$(now)
            run_rss "$D/gs-index-t$T.rss" "$GS_BIN" index -d "$DB" --threads "$T" --quiet "$D/corpus.csv" 2> "$D/gs-index-t$T.log"
            rc=$?
            t1=$(now)
            eval "idx_s_$T=$(elapsed "$t0" "$t1")"
            eval "rss_$T=$(rss_mb "$D/gs-index-t$T.rss")"
            eval "cpu_$T=$(cpu_s "$D/gs-index-t$T.rss")"
            loadavg "grantsearch index --threads $T"
            [ $rc -eq 0 ] || note "N=$N: grantsearch index --threads $T exited $rc (see $D/gs-index-t$T.log)"
        done
        DB="$D/gs-t2.db"
        size_before=$(dus "$DB")
        ls -l "$DB" > "$D/gs-tables-before.txt" 2>&1
        t0=$(now)
        "$GS_BIN" compact -d "$DB" 2> "$D/gs-compact.log" || note "N=$N: grantsearch compact failed (see $D/gs-compact.log)"
        t1=$(now)
        compact_s=$(elapsed "$t0" "$t1")
        size_after=$(dus "$DB")
        ls -l "$DB" > "$D/gs-tables-after.txt" 2>&1
        # per table: bytes before / after compact, and after as a share of the text
        for tb in $(awk '/\.glass$/ { print $NF }' "$D/gs-tables-after.txt" "$D/gs-tables-before.txt" | sort -u); do
            b=$(awk -v t="$tb" '$NF == t { print $5 }' "$D/gs-tables-before.txt")
            a=$(awk -v t="$tb" '$NF == t { print $5 }' "$D/gs-tables-after.txt")
            echo "| $N | ${tb%.glass} | $(mb "${b:-0}") | $(mb "${a:-0}") | $(ratio "${a:-0}" "$text_bytes") |" >> "$TABLES"
        done
        echo "| $N | (all files, du) | $(mb "$size_before") | $(mb "$size_after") | $(ratio "$size_after" "$text_bytes") |" >> "$TABLES"
        loadavg "grantsearch compact ($compact_s s)"
        "$GS_BIN" stats -d "$DB" > "$D/gs-stats.txt" 2>&1 || note "N=$N: grantsearch stats failed"
        { echo "N=$N, after compact:"; echo; echo '```'; cat "$D/gs-stats.txt"; echo '```'; echo; } >> "$STATS"
        rm -rf "$D/gs-t1.db"   # keep the disk use down; t2 is the one queried

        echo "run.sh: N=$N: keyword batch x$REPEATS (1 and 2 threads), similar batch" >&2
        for T in 1 2; do
            : > "$D/gs-batch-t$T.timing"
            i=0
            while [ $i -lt "$REPEATS" ]; do
                "$GS_BIN" batch -d "$DB" --threads "$T" --format tsv --timing "$D/queries.txt" \
                    > "$D/gs-batch.tsv" 2> "$D/gs-batch-t$T.err" || note "N=$N: batch --threads $T failed (see $D/gs-batch-t$T.err)"
                grep '^batch:' "$D/gs-batch-t$T.err" | tail -1 >> "$D/gs-batch-t$T.timing"
                i=$((i + 1))
            done
            loadavg "grantsearch batch --threads $T x$REPEATS"
        done
        : > "$D/gs-similar.timing"
        i=0
        while [ $i -lt "$REPEATS" ]; do
            "$GS_BIN" batch -d "$DB" --threads 1 --similar --format tsv --timing "$D/drafts.txt" \
                > "$D/gs-similar.tsv" 2> "$D/gs-similar.err" || note "N=$N: batch --similar failed (see $D/gs-similar.err)"
            grep '^batch:' "$D/gs-similar.err" | tail -1 >> "$D/gs-similar.timing"
            i=$((i + 1))
        done
        loadavg "grantsearch batch --similar x$REPEATS"
        # medians over the repeats, of each figure the batch line prints
        med() { grep -o "[[:space:]]$1=[^[:space:]]*" "$2" | cut -d= -f2 | median; }
        kw_mean=$(med mean_ms "$D/gs-batch-t1.timing"); kw_p50=$(med p50_ms "$D/gs-batch-t1.timing")
        kw_p99=$(med p99_ms "$D/gs-batch-t1.timing")
        qps1=$(med qps "$D/gs-batch-t1.timing"); qps2=$(med qps "$D/gs-batch-t2.timing")
        sim_p50=$(med p50_ms "$D/gs-similar.timing"); sim_p99=$(med p99_ms "$D/gs-similar.timing")
        # one process per query, as a user at a shell sees it: 20 queries
        head -20 "$D/queries.txt" > "$D/queries20.txt"
        : > "$D/gs-search.wall"
        while IFS= read -r q; do
            t0=$(now)
            "$GS_BIN" search -d "$DB" -n 10 --format tsv "$q" > /dev/null 2>&1
            t1=$(now)
            awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", (b - a) * 1000 }' >> "$D/gs-search.wall"
        done < "$D/queries20.txt"
        one_shot=$(median < "$D/gs-search.wall")
        loadavg "grantsearch search x20 (one process each)"
        idx_s=$idx_s_2
        row "$N" grantsearch "$idx_s_1" "$idx_s_2" "$(ratio "$(mb "$text_bytes")" "$idx_s")" \
            "$(ratio "$N" "$idx_s" | awk '{ printf "%.0f", $1 }')" "${rss_1}/${rss_2}" "${cpu_1}/${cpu_2}" \
            "$(mb "$size_before")" "$(mb "$size_after") ($(ratio "$size_after" "$text_bytes")× text)" \
            "$kw_mean / $kw_p50 / $kw_p99" "$qps1" "$qps2" "$(ratio "$qps2" "$qps1")" \
            "$sim_p50 / $sim_p99" "$one_shot"
    fi

    if [ "$USE_PEERS" = 1 ]; then
        for P in $PEERS; do
            if [ "$P" = xapian ] && [ "$N" -gt "$XAPIAN_MAX" ]; then
                note "N=$N: xapian (scriptindex) skipped above N=$XAPIAN_MAX: it takes minutes per 20k records"
                continue
            fi
            DRV="$PEERS_DIR/peer_$P.py"
            [ -x "$DRV" ] || { note "N=$N: $DRV missing: $P skipped"; continue; }
            PW="$D/peer-$P"
            rm -rf "$PW"
            echo "run.sh: N=$N: peer $P index" >&2
            run_rss "$D/peer-$P-index.rss" "$DRV" index "$D/corpus.jsonl" "$PW" > "$D/peer-$P-index.log" 2>&1
            if [ $? -ne 0 ]; then
                note "N=$N: peer $P index failed (see $D/peer-$P-index.log; install with sh $PEERS_DIR/install_peers.sh $P)"
                continue
            fi
            p_idx=$(kv index_wall_s "$D/peer-$P-index.log")
            p_bytes=$(kv index_bytes "$D/peer-$P-index.log")
            p_rss=$(rss_mb "$D/peer-$P-index.rss")
            p_cpu=$(cpu_s "$D/peer-$P-index.rss")
            loadavg "peer $P index"
            PQ="$D/queries.txt"; p_nq=$nq; p_name="$P (peer)"
            if [ "$P" = pg ] && [ "$PG_QUERIES" -gt 0 ] && [ "$PG_QUERIES" -lt "$nq" ]; then
                head -n "$PG_QUERIES" "$D/queries.txt" > "$D/queries-pg.txt"
                PQ="$D/queries-pg.txt"; p_nq=$PG_QUERIES; p_name="pg (peer, first $PG_QUERIES queries only)"
            fi
            echo "run.sh: N=$N: peer $P search (WARMUP=1 TOPK=10 MATCH_MODE=and, $p_nq queries)" >&2
            MATCH_MODE=and WARMUP=1 TOPK=10 PER_QUERY=0 "$DRV" search "$PW" "$PQ" "$D/peer-$P.tsv" > "$D/peer-$P-search.log" 2>&1
            if [ $? -ne 0 ]; then
                note "N=$N: peer $P search failed (see $D/peer-$P-search.log)"
                continue
            fi
            L="$D/peer-$P-search.log"
            p_total=$(kv total_s "$L")
            loadavg "peer $P search ($p_nq queries)"
            row "$N" "$p_name" "-" "$p_idx" "$(ratio "$(mb "$text_bytes")" "$p_idx")" \
                "$(ratio "$N" "$p_idx" | awk '{ printf "%.0f", $1 }')" "$p_rss" "$p_cpu" "-" "$(mb "$p_bytes")" \
                "$(kv mean_ms "$L") / $(kv p50_ms "$L") / $(kv p99_ms "$L")" "$(ratio "$p_nq" "$p_total")" \
                "-" "-" "-" "-"
            # remove big peer work dirs (servers are stopped by the drivers)
            [ "$N" -gt 20000 ] && rm -rf "$PW"
        done
    fi
done

{
    echo "# grantsearch benchmark, $DATE"
    echo
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) RAM, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)."
    echo "Corpus: bench/gen_corpus --seed $SEED ${TRAIN:+--train $TRAIN} (sizes: $SIZES); 1,000 keyword queries, 100 drafts; repeats: $REPEATS (medians)."
    echo "Command: sh bench/run.sh --sizes \"$SIZES\" --repeats $REPEATS --seed $SEED$( [ "$USE_PEERS" = 1 ] && echo " --peers \"$PEERS\" --pg-queries $PG_QUERIES" || echo ' --no-peers')$( [ "$USE_ENGINE" = 1 ] || echo ' --no-engine')"
    echo "grantsearch: $(git -C "$TOP" log -1 --format='%h %s' 2>/dev/null || echo '?')"
    echo
    echo "## Generator"
    echo
    echo "| N | CSV MB | JSONL MB | text MB | CSV gen s | CSV MB/s | JSONL+queries gen s |"
    echo "|---|---|---|---|---|---|---|"
    cat "$GEN_ROWS"
    echo
    echo "## Engines"
    echo
    echo "Index s: wall time for the whole input (grantsearch: --threads 1 / 2; peers: their own indexer). MB/s and rec/s are per text MB (the sum of the text fields) for the 2-thread index, so engines compare on the same basis. Peak RSS of the indexing process tree (for PostgreSQL, the server is not a child and is not counted); CPU s = user + system of the indexing process tree. Peers search with MATCH_MODE=and (all words required); grantsearch with its default (strict AND first, relaxed only when fewer than 10 match). Size: grantsearch before / after compact; peers their index (Sphinx data dir, PostgreSQL GIN index, Xapian db). Keyword latency: 1,000 queries, top 10, warm, measured per query inside the process (peers: client side, WARMUP=1, AND). One-shot: one \`grantsearch search\` process per query (median of 20), including opening the index."
    echo
    echo "| N | engine | index s (1T) | index s (2T) | MB/s | rec/s | peak RSS MB (1T/2T) | CPU s (1T/2T) | size MB before compact | size MB after | kw mean / p50 / p99 ms | batch q/s 1T | batch q/s 2T | 2T/1T | similar p50 / p99 ms | one-shot ms |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    cat "$ROWS"
    if [ -s "$TABLES" ]; then
        echo
        echo "## grantsearch index tables (the 2-thread build), before / after compact"
        echo
        echo "| N | table | MB before | MB after | after / text bytes |"
        echo "|---|---|---|---|---|"
        cat "$TABLES"
        echo
        cat "$STATS"
    fi
    echo
    echo "## Load average (1 / 5 / 15 min) after each step"
    echo
    echo "| N | step | load |"
    echo "|---|---|---|"
    cat "$LOADS"
    if [ -n "${NOTES:-}" ]; then
        echo
        echo "Notes:$NOTES"
    fi
} > "$REPORT"
cat "$REPORT"
echo "run.sh: report written to $REPORT" >&2
