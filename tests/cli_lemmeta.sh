#!/bin/sh
# cli_lemmeta.sh - issue 16: the index holds its corpus's form -> lemma
# table (schema.h GS_META_LEMMA), so a search of words the corpus has
# never loads the hunspell dictionary (~100 ms a process): with
# GRANTSEARCH_HUNSPELL pointing nowhere, such a word still finds its
# lemma's other forms, with no warning.  A word the corpus never had still
# gets its lemma from the dictionary, loaded then.  The table survives
# `compact` and is read through a sharded index's stub.  Real index, real
# binary.
. "${top_srcdir:-.}/tests/lib.sh"
export LC_ALL=C.UTF-8
ok() { echo "ok: $*"; }
none=$WORK/none/ru_RU
# ids DB QUERY...: the numbers `search` finds, sorted, on one line; stderr
# in err.
ids() { _db=$1; shift; $GS search -d "$_db" --format tsv -n 50 -- "$@" 2>err |
        awk -F'\t' 'NR > 1 { print $2 }' | sort | tr '\n' ' '; }
expect() { [ "$2" = "$3" ] && ok "$1" || fail_later "$1: got '$2', wanted '$3'"; }
quiet() { grep -q hunspell err && fail_later "$1: the dictionary was looked for: $(cat err)" ||
          ok "$1: no dictionary"; }

cat >recs.jsonl <<'EOF'
{"id":"KID","number":"25-1-000001","title":"Помощь для ребенка с аутизмом","description":"Занятия со специалистами."}
{"id":"KIDS","number":"25-1-000002","title":"Клуб выходного дня для детей","description":"Игры и мастерские."}
{"id":"DAD","number":"25-1-000003","title":"Клуб отцам и сыновьям","description":"Встречи по субботам."}
{"id":"STEEL","number":"25-1-000005","title":"Музей завода","description":"Изделия из стали и чугуна."}
EOF
$GS index -d t.db --threads 2 recs.jsonl >/dev/null 2>index.err || fail "index failed: $(cat index.err)"

check() {  # check DB LABEL: the searches that need no dictionary
    # ребенка's lemma ребенок is the XL term of «детей» (the shipped pair):
    # only the dictionary, or the table, knows ребенка -> ребенок.
    expect "$2: ребенка finds «детей»" "$(GRANTSEARCH_HUNSPELL=$none ids "$1" ребенка)" \
        "25-1-000001 25-1-000002 "
    quiet "$2: ребенка"
    expect "$2: стали (ambiguous) keeps to its stem" "$(GRANTSEARCH_HUNSPELL=$none ids "$1" стали)" \
        "25-1-000005 "
    quiet "$2: стали"
    expect "$2: выходного мастерские" \
        "$(GRANTSEARCH_HUNSPELL=$none ids "$1" выходного мастерские)" "25-1-000002 "
    quiet "$2: a word without lemmas (мастерские)"
}
check t.db "index"

# A form the corpus never had: the dictionary is loaded for it.
expect "ребенку (not in the corpus) finds «детей» through hunspell" "$(ids t.db ребенку)" \
    "25-1-000001 25-1-000002 "
GRANTSEARCH_HUNSPELL=$none $GS search -d t.db ребенку >/dev/null 2>err || fail "search failed"
grep -q 'hunspell dictionary .*none/ru_RU' err && ok "ребенку looks up the dictionary" ||
    fail_later "ребенку did not look for the dictionary: $(cat err)"
expect "дню (not in the corpus) finds «дня» through its lemma" "$(ids t.db дню)" "25-1-000002 "

# Compaction keeps the table.
$GS compact -d t.db 2>cerr || fail "compact failed: $(cat cerr)"
check t.db "compacted"

# A sharded index: read through its stub, the whole table is found.
$GS index -d s.db --shards 2 --threads 2 recs.jsonl >/dev/null 2>sindex.err ||
    fail "index --shards failed: $(cat sindex.err)"
check s.db "sharded"

# A form first met as a hyphenated word's part («мама-ребенку») is in the
# table as well: written when it is first met, whichever way.
printf '%s\n' '{"id":"HYPH","number":"25-1-000007","title":"Акция мама-ребенку"}' > hyph.jsonl
$GS index -d h.db --threads 1 hyph.jsonl recs.jsonl >/dev/null 2>hindex.err ||
    fail "index failed: $(cat hindex.err)"
expect "ребенку, first met as a part, finds «детей» from the table" \
    "$(GRANTSEARCH_HUNSPELL=$none ids h.db ребенку)" "25-1-000001 25-1-000002 25-1-000007 "
quiet "ребенку, first met as a part"

# An index built without the dictionary records no table: its searches
# still ask the dictionary (here: missing, so one warning).
GRANTSEARCH_HUNSPELL=$none $GS index -d n.db recs.jsonl >/dev/null 2>nerr || fail "index failed"
GRANTSEARCH_HUNSPELL=$none $GS search -d n.db ребенка >/dev/null 2>err || fail "search failed"
grep -q hunspell err && ok "no table without the dictionary" ||
    fail_later "an index built without the dictionary answered for it"
pass
