#!/bin/sh
# gen_queries.sh - per-class query sets drawn from a generated corpus (issue 15).
#
#   sh bench/gen_queries.sh [--seed S] [--records M] [--per-class N] [--mixed N]
#                           [--synonyms FILE] CORPUS.csv QUERIES.txt OUTDIR
#
# CORPUS.csv is bench/gen_corpus --format csv output; QUERIES.txt its --queries
# file (the 1,000 keyword queries, copied as class "plain").  Writes one file per
# class into OUTDIR, one query per line in grantsearch's syntax:
#   plain hyphen abbr phrase form field prefix filter facets mixed
# (facets: plain words, meant to be run with --facets).  Deterministic: the
# only randomness is a Park-Miller generator seeded with S (exact in the
# doubles awk computes with, so mawk and gawk give the same files); only the
# first M records are read.  Plain POSIX sh + awk: no Python.
set -eu
seed=1; records=3000; per=300; mixed=5000
here=$(cd "$(dirname "$0")" && pwd)
syn="$here/../data/synonyms.txt"
while [ $# -gt 0 ]; do
    case "$1" in
        --seed) seed=$2; shift 2 ;;
        --records) records=$2; shift 2 ;;
        --per-class) per=$2; shift 2 ;;
        --mixed) mixed=$2; shift 2 ;;
        --synonyms) syn=$2; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        -*) echo "gen_queries.sh: unknown option $1" >&2; exit 1 ;;
        *) break ;;
    esac
done
[ $# -eq 3 ] || { echo "usage: gen_queries.sh [options] CORPUS.csv QUERIES.txt OUTDIR" >&2; exit 1; }
csv=$1; plain=$2; out=$3
mkdir -p "$out"
cp "$plain" "$out/plain"
LC_ALL=C awk -v seed="$seed" -v maxrec="$records" -v per="$per" -v nmixed="$mixed" \
    -v syn="$syn" -v out="$out" -f "$here/gen_queries.awk" "$csv"
