#!/bin/sh
# indexer_corpus.sh COPIES [SRC] > big.jsonl - a large test corpus for the
# indexer: COPIES copies of the dev collection, ids and numbers rewritten
# (suffix -cN) so every record is distinct.  Until bench/gen_corpus lands.
copies=${1:?usage: indexer_corpus.sh COPIES [collection.jsonl]}
src=${2:-$(dirname "$0")/../../shared/corpus/dev/collection.jsonl}
i=0
while [ "$i" -lt "$copies" ]; do
    sed -e "s/\"id\": \"\([^\"]*\)\"/\"id\": \"\1-c$i\"/" \
        -e "s/\"number\": \"\([^\"]*\)\"/\"number\": \"\1-c$i\"/" "$src"
    i=$((i + 1))
done
