# Sourced (after tests/lib.sh) by the tests of vectors (cli_vectors.sh,
# cli_serve_vectors.sh): their real small corpus and index.
#
# vectors_fixture DB: in the working directory, c.jsonl (the first 150
# applications of the dev collection and every other one that speaks of
# беспилотн-, drones), more.jsonl (three more, none on drones), an empty
# synonyms file (no thesaurus: беспилотник must not reach беспилотный
# through it; GRANTSEARCH_SYNONYMS exported), no dictionary (nor through
# its derivational relative, stemming/lemma.c) and DB, c.jsonl indexed with
# --vectors.  «беспилотник» is a word none of them holds: BM25 finds
# nothing, its vector (from its sub-words) finds the drone applications.
vectors_fixture() {
    need_shared "the dev collection"
    _coll="$SHARED_DIR/corpus/dev/collection.jsonl"
    : >syn.txt
    GRANTSEARCH_SYNONYMS=$PWD/syn.txt; export GRANTSEARCH_SYNONYMS
    GRANTSEARCH_HUNSPELL=$PWD/none/ru_RU; export GRANTSEARCH_HUNSPELL
    { head -n 150 "$_coll"; tail -n +151 "$_coll" | grep 'беспилотн'; } >c.jsonl
    tail -n +151 "$_coll" | grep -v 'беспилотн' | head -n 3 >more.jsonl
    $GS index -j 1 -q -d "$1" --vectors c.jsonl 2>index.err || fail "index --vectors: $(cat index.err)"
}
