#!/bin/sh
# gs_symbols.sh - our C libraries export only gs_-prefixed symbols.
#
# Everything the C modules link together shares one namespace (and fuzz/ and
# bench/ link them all): a helper called strlist_add or vn_leaf could clash
# with another library's.  A function used by one file only is static; one
# shared between files carries the gs_ prefix.  (xapian-c/ has its own
# check, xapc_symbols.sh.)
set -eu
: "${top_builddir:=.}"
if ! command -v nm >/dev/null 2>&1; then
    echo "gs_symbols: skipped (no nm; apt-get install binutils)"
    exit 77
fi
status=0
n=0
for lib in stemming/libstemming.a corpus/libcorpus.a indexer/libindexer.a \
    query/libquery.a searcher/libsearcher.a precedents/libprecedents.a \
    output/liboutput.a safetext/libsafetext.a batch/libbatch.a eval/libeval.a; do
    a="$top_builddir/$lib"
    [ -f "$a" ] || { echo "gs_symbols: $a not built" >&2; exit 1; }
    # Defined, external symbols: "ADDR TYPE NAME" lines of nm -g; names
    # starting "__" are the compiler's (ASan's __odr_asan.NAME ...).
    bad=$(nm -g --defined-only "$a" | awk 'NF == 3 { print $3 }' | grep -v '^gs_' |
        grep -v '^__' | sort -u || true)
    if [ -n "$bad" ]; then
        echo "gs_symbols: $lib exports names without the gs_ prefix:" $bad >&2
        status=1
    fi
    n=$((n + 1))
done
[ $status -eq 0 ] && echo "gs_symbols: $n libraries export gs_ names only"
exit $status
