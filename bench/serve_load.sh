#!/bin/sh
# serve_load.sh - load test of `grantsearch serve` with wrk: throughput and
# p50/p99 latency at 1, 8 and 64 connections, for /api/search (a rotating
# query set) and /api/similar (rotating application numbers), and the
# server's RSS before and after (a leak shows as growth).
#
#   bench/serve_load.sh [-d DB] [-q QUERIES] [-s SECONDS] [-t SERVER_THREADS] [-b BINARY] [-l]
#                       [-e "search similar"] [-c "1 8 64"]
#
# -e and -c choose the endpoints and the connection counts (defaults: all).
# -m samples the server's RSS every 10 s during each run and prints the
# series after its line ("rss_kb ENDPOINT CONNS KB KB ..."): a long run
# (-s 600) shows whether memory stays flat.
# -l adds the light search answer, /api/search?fields=summary (endpoint
# "light": the results without their whole records).
# -x adds the peer, plain Xapian in the same closed loop (endpoint "xapian"):
# CONNS processes of bench/plain_xapian (BM25 OR of the query's words, the
# top 10 docids, no snippets, no records, no HTTP) share the first 2,000
# queries, each from its own place in them; their per-query times are the
# latencies plain Xapian itself reaches with CONNS queries in flight on
# these cores, and req/s is the queries over the wall time.
# -q is required (one query per line: the first 2,000 are searched, and
# the applications they find are the similar set); defaults: ./grantsearch.db,
# 10 s per run, 2 server threads, ./grantsearch.
# Traffic goes to 127.0.0.1 only; each run is bounded by -s.  Prints one
# line per run:  ENDPOINT CONNS REQ/S P50_MS P99_MS ERRORS CPU_MS BUSY SYS_IDLE:
# CPU_MS the server's CPU time (user + system) per answer: unlike the
# latencies it stays meaningful when other work shares the cores; BUSY the
# cores the server kept busy (its CPU time over the wall time); SYS_IDLE the
# cores the whole machine left idle meanwhile (/proc/stat), so that a
# server waiting on itself (busy + idle = the cores) shows apart from one
# short of CPU.
set -eu
DB=./grantsearch.db QUERIES= SECS=10 THREADS=2 BIN=./grantsearch LIGHT= PEER=
EPS="search similar" CONNS="1 8 64" SAMPLE=
while getopts d:q:s:t:b:lxe:c:m o; do
    case $o in
    d) DB=$OPTARG ;; q) QUERIES=$OPTARG ;; s) SECS=$OPTARG ;; t) THREADS=$OPTARG ;;
    b) BIN=$OPTARG ;; l) LIGHT=light ;; x) PEER=1 ;; e) EPS=$OPTARG ;; c) CONNS=$OPTARG ;; m) SAMPLE=1 ;;
    *) echo "usage: $0 [-d DB] [-q QUERIES] [-s SECONDS] [-t THREADS] [-b BIN] [-l] [-x]" \
            "[-e ENDPOINTS] [-c CONNS] [-m]" >&2; exit 1 ;;
    esac
done
command -v wrk >/dev/null || { echo "wrk is absent (apt-get install wrk)" >&2; exit 1; }
[ -n "$QUERIES" ] || { echo "$0: give a query file with -q (one query per line)" >&2; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/serve_load.XXXXXX")
SRV=
trap '[ -n "$SRV" ] && kill "$SRV" 2>/dev/null; rm -rf "$TMP"' EXIT

# URL-encode each line (bytes; perl is in every Debian).
urlenc() { perl -ne 'chomp; s/([^A-Za-z0-9_.~-])/sprintf("%%%02X", ord($1))/ge; print "$_\n"'; }
head -2000 "$QUERIES" | urlenc | sed 's|^|/api/search?n=10\&q=|' >"$TMP/search.paths"
sed 's|^/api/search?|/api/search?fields=summary\&|' "$TMP/search.paths" >"$TMP/light.paths"
case " $EPS " in *" similar "*)
    "$BIN" batch -d "$DB" -n 10 --format tsv "$QUERIES" 2>/dev/null | cut -f3 | grep -v '^-$' |
        sort -u | head -500 | urlenc | sed 's|^|/api/similar?n=10\&id=|' >"$TMP/similar.paths" ;;
esac
cat >"$TMP/paths.lua" <<'LUA'
local paths, i = {}, 0
function init(args) for l in io.lines(args[1]) do paths[#paths + 1] = l end end
function request() i = i % #paths + 1; return wrk.format("GET", paths[i]) end
LUA

"$BIN" serve -d "$DB" --listen 127.0.0.1:0 --threads "$THREADS" --quiet --max-conns 200 \
    2>"$TMP/srv.log" &
SRV=$!
PORT=
for _ in $(seq 1 100); do
    PORT=$(sed -n 's|^grantsearch: listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$TMP/srv.log")
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "$PORT" ] || { cat "$TMP/srv.log" >&2; exit 1; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$SRV/status"; }
# The server's CPU time so far, in clock ticks (utime + stime).
ticks() { awk '{print $14 + $15}' "/proc/$SRV/stat"; }
HZ=$(getconf CLK_TCK)
# Warm every worker's searcher and the page cache before measuring.
wrk -t 2 -c 8 -d 2s -s "$TMP/paths.lua" "http://127.0.0.1:$PORT" -- "$TMP/search.paths" >/dev/null
echo "rss_kb_start $(rss)"
# The machine's idle ticks so far, summed over its cores.
idle() { awk '/^cpu / {print $5 + $6; exit}' /proc/stat; }
printf '%-8s %5s %9s %8s %8s %6s %7s %5s %8s\n' endpoint conns req/s p50_ms p99_ms errors \
    cpu_ms busy sys_idle
case " $EPS " in *" search "*) [ -n "$LIGHT" ] && EPS="$EPS light" ;; esac
for ep in $EPS; do
    for c in $CONNS; do
        t=$((c < 2 ? 1 : 2))
        t0=$(ticks) i0=$(idle) w0=$(date +%s.%N)
        SAMPLER=
        if [ -n "$SAMPLE" ]; then
            while :; do rss; sleep 10; done >"$TMP/rss" &
            SAMPLER=$!
        fi
        wrk -t "$t" -c "$c" -d "${SECS}s" --latency -s "$TMP/paths.lua" \
            "http://127.0.0.1:$PORT" -- "$TMP/$ep.paths" >"$TMP/out"
        if [ -n "$SAMPLER" ]; then
            kill "$SAMPLER"
            wait "$SAMPLER" 2>/dev/null || :
        fi
        awk -v ep="$ep" -v c="$c" -v cpu=$(($(ticks) - t0)) -v hz="$HZ" \
            -v idl=$(($(idle) - i0)) -v wall="$(echo "$(date +%s.%N) - $w0" | bc)" '
            function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
                             if (v ~ /s$/) return v * 1000; return v }
            /^ +50%/ {p50 = ms($2)} /^ +99%/ {p99 = ms($2)}
            /^Requests\/sec/ {rps = $2} / requests in / {n = $1}
            /Non-2xx/ {err += $NF} /Socket errors/ {err += $4 + $6 + $8 + $10}
            END {printf "%-8s %5d %9.0f %8.2f %8.2f %6d %7.2f %5.2f %8.2f\n", ep, c, rps, p50,
                        p99, err, n ? cpu * 1000 / hz / n : 0, cpu / hz / wall,
                        idl / hz / wall}' "$TMP/out"
        if [ -n "$SAMPLE" ]; then
            echo "rss_kb $ep $c $(tr '\n' ' ' <"$TMP/rss")"
        fi
    done
done
echo "rss_kb_end $(rss)"
kill -TERM "$SRV"
wait "$SRV" && echo "server stopped cleanly (exit 0)"
SRV=

# The peer: CONNS plain Xapian processes at once, each over its share of
# the queries (rotated so that they do not run the same query together).
[ -n "$PEER" ] || exit 0
PX=$(dirname "$0")/plain_xapian
[ -x "$PX" ] || { echo "$PX is not built (make bench/plain_xapian)" >&2; exit 1; }
head -2000 "$QUERIES" >"$TMP/q"
nq=$(wc -l <"$TMP/q")
for c in 1 8 64; do
    per=$(( (nq + c - 1) / c ))
    t0=$(date +%s.%N)
    for i in $(seq 0 $((c - 1))); do
        { tail -n +$((i * per + 1)) "$TMP/q"; head -n $((i * per)) "$TMP/q"; } | head -n "$per" |
            "$PX" "$DB" - >"$TMP/px.$i" 2>/dev/null &
    done
    wait
    t1=$(date +%s.%N)
    cat "$TMP"/px.* | cut -f1 | sort -n | awk -v c="$c" -v wall="$(echo "$t1 - $t0" | bc)" '
        {a[NR] = $1} END {printf "%-8s %5d %9.0f %8.2f %8.2f %6d %7s\n", "xapian", c, NR / wall,
                          a[int(NR * 0.5) + 1], a[int(NR * 0.99) + 1], 0, "-"}'
    rm -f "$TMP"/px.*
done
