#!/bin/sh
# relevance_run.sh DB [search options...] - run the dev keyword queries
# (kind kw/morph/abbr of ../shared/relevance/dev-queries.tsv) through
# `grantsearch search` and print a TREC run (qid Q0 docid rank score tag).
# Score it with `grantsearch eval` or bench/ndcg.py.
set -eu
db=$1; shift
shared=${SHARED_DIR:-$(dirname "$0")/../../shared}
gs=${GS:-$(dirname "$0")/../grantsearch}
# The tree's synonyms file unless told otherwise (the binary is not installed).
GRANTSEARCH_SYNONYMS=${GRANTSEARCH_SYNONYMS:-$(dirname "$0")/../data/synonyms.txt}
export GRANTSEARCH_SYNONYMS
awk -F'\t' '$3 != "draft" { print $1 "\t" $2 }' "$shared/relevance/dev-queries.tsv" |
while IFS="$(printf '\t')" read -r qid query; do
    "$gs" search -d "$db" --format tsv -n 100 "$@" -- "$query" |
        awk -F'\t' -v q="$qid" 'NR > 1 { printf "%s Q0 %s %d %s grantsearch\n", q, $2, $1, $3 }'
done
