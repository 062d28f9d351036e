#!/bin/sh
# same_index.sh OLD_BIN OLD_DB NEW_BIN NEW_DB [QDIR] - do two indexes of the
# same input answer alike?  For an indexing change that must not change what
# the index holds (issue 15, bench/RESULTS.md): `batch -n 10 --format jsonl`
# over the first 300 queries of each class in QDIR (default
# /tmp/bench15/q1; facets with the five facets), each index searched by its
# own binary, compared byte for byte; then xapian-delve's totals and the
# whole posting lists (docids, wdfs) of a few terms.  Prints one line per check and exits 1 on the
# first difference's summary (all checks run).
set -u
ob=$1 od=$2 nb=$3 nd=$4 q=${5:-/tmp/bench15/q1}
here=$(cd "$(dirname "$0")/.." && pwd)
GRANTSEARCH_SYNONYMS=${GRANTSEARCH_SYNONYMS:-$here/data/synonyms.txt}
export GRANTSEARCH_SYNONYMS
t=$(mktemp -d "${TMPDIR:-/tmp}/gs-same.XXXXXX")
trap 'rm -rf "$t"' EXIT
bad=0
for c in plain hyphen abbr phrase form field prefix filter facets mixed; do
    [ -f "$q/$c" ] || continue
    head -n 300 "$q/$c" >"$t/q"
    f=
    [ "$c" = facets ] && f="--facets status,year,direction,region,contest"
    # shellcheck disable=SC2086
    "$ob" batch -d "$od" -n 10 --format jsonl $f "$t/q" >"$t/old" 2>/dev/null
    # shellcheck disable=SC2086
    "$nb" batch -d "$nd" -n 10 --format jsonl $f "$t/q" >"$t/new" 2>/dev/null
    if cmp -s "$t/old" "$t/new"; then
        echo "$c: $(wc -l <"$t/new") lines identical"
    else
        echo "$c: DIFFERENT"
        bad=1
    fi
done
# Totals (doc count, last docid, average length) and a few terms' frequencies.
for db in "$od" "$nd"; do
    xapian-delve "$db" 2>/dev/null | grep -v -e UUID -e revision >"$t/$(basename "$db").delve"
    # Whole posting lists (their docids and wdfs), as a digest each.
    for term in проект молодеж XAпро XFмолодежи XLребенок; do
        printf '%s ' "$term"
        xapian-delve -t "$term" -v "$db" 2>/dev/null | md5sum
    done >>"$t/$(basename "$db").delve"
done
if cmp -s "$t/$(basename "$od").delve" "$t/$(basename "$nd").delve"; then
    echo "delve: identical ($(grep -i 'number of documents' "$t/$(basename "$nd").delve"))"
else
    echo "delve: DIFFERENT"
    diff "$t/$(basename "$od").delve" "$t/$(basename "$nd").delve" | head -20
    bad=1
fi
exit $bad
