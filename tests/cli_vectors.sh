#!/bin/sh
# cli_vectors.sh - issue 16: vectors learned from the archive (index
# --vectors, search/similar --vectors; vectors/, searcher/fusion.c).
# A real small corpus: the first 150 applications of the dev collection and
# every other one that speaks of беспилотн- (drones).  The query
# «беспилотник» is a word none of them holds (and, with no thesaurus, BM25
# finds nothing): its vector, built from its sub-words, finds the
# applications on unmanned aircraft.  Also: the files are written whole and
# refreshed by a later index run; a stale or missing vectors file is a note,
# never a silent failure.
. "${top_srcdir:-.}/tests/lib.sh"
export LC_ALL=C.UTF-8
ok() { echo "ok: $*"; }
need_shared "the dev collection"
coll="$SHARED_DIR/corpus/dev/collection.jsonl"
# No thesaurus: беспилотник must not reach беспилотный through it.
: >syn.txt
GRANTSEARCH_SYNONYMS=$PWD/syn.txt; export GRANTSEARCH_SYNONYMS
# No dictionary either: nor through its derivational relative (lemma.c).
GRANTSEARCH_HUNSPELL=$PWD/none/ru_RU; export GRANTSEARCH_HUNSPELL
{ head -n 150 "$coll"; tail -n +151 "$coll" | grep 'беспилотн'; } >c.jsonl
$GS index -j 1 -q -d v.db --vectors c.jsonl 2>index.err || fail "index --vectors: $(cat index.err)"
[ -s v.db/vectors ] && [ -s v.db/vectors.model ] && ok "DB/vectors and DB/vectors.model written" ||
    fail "no vectors files"
ls v.db | grep -q 'gs-swap' && fail_later "temporary files left: $(ls v.db)"

# BM25 alone: the word is in no application.
$GS search -d v.db --format json беспилотник >bm.json || fail "search exited $?"
[ "$(jget bm.json total)" = 0 ] && ok "BM25 finds no application for беспилотник" ||
    fail_later "BM25 found $(jget bm.json total)"
$GS search -d v.db --format json --vectors --no-vectors беспилотник >nv.json
[ "$(jget nv.json total)" = 0 ] || fail_later "--no-vectors after --vectors still fuses"

# With vectors: an application on drones among the first three, though it
# shares no word with the query (number: filters it, relaxed: any word).
$GS search -d v.db --format json --vectors --explain -n 3 беспилотник >v.json || fail "search --vectors exited $?"
json_ok v.json || fail "search --vectors: bad JSON"
found=""
for n in $(jget v.json 'results.*.number'); do
    $GS show -d v.db --format json "$n" >rec.json
    grep -q 'беспилотн' rec.json || continue
    same=$($GS search -d v.db --format json "беспилотник number:$n" | "$JSON_CHECK" get /dev/stdin total)
    [ "$same" = 0 ] && found=$n && break
done
[ -n "$found" ] && ok "--vectors finds $found, on drones, with no word of the query" ||
    fail_later "--vectors top 3 ($(jget v.json 'results.*.number')) hold no drone application"
jget v.json 'results.0.explain.*.kind' | grep -qx vector && ok "--explain names the vector part" ||
    fail_later "no explain entry of kind vector"
[ "$(jget v.json 'results.0.relaxed')" = true ] || fail_later "a vector-only hit is not marked relaxed"
# A filter: vectors only reorder BM25's matches (here none).
$GS search -d v.db --format json --vectors "беспилотник year:2025" >f.json
[ "$(jget f.json total)" = 0 ] && ok "with a filter vectors add nothing" ||
    fail_later "a filtered query got vector-only hits"

# similar: fused too, never the source itself.
[ -n "$found" ] && {
    $GS similar -d v.db --format json --vectors --id "$found" >s.json || fail_later "similar --vectors exited $?"
    jget s.json 'results.*.number' | grep -qx "$found" && fail_later "similar listed its source"
    [ -n "$(jget s.json 'results.0.number')" ] && ok "similar --vectors answers" || fail_later "similar --vectors: nothing"
}

# A later index run refreshes the vectors with the same model.
tail -n +151 "$coll" | grep -v 'беспилотн' | head -n 3 >more.jsonl
$GS index -q -d v.db more.jsonl 2>/dev/null || fail "second index run failed"
$GS search -d v.db --format json --vectors беспилотник >r.json
jget r.json 'notes.*' | grep -q 'vectors not used' && fail_later "refreshed vectors refused: $(jget r.json 'notes.*')" ||
    ok "index refreshes the vectors"
# delete leaves them stale: BM25 alone, and a note says so.
$GS delete -d v.db "$(jget r.json 'results.0.number')" >/dev/null 2>&1
$GS search -d v.db --format json --vectors беспилотник >st.json || fail_later "stale vectors: exit $?"
jget st.json 'notes.*' | grep -q 'out of date' && ok "stale vectors: a note, BM25 alone" ||
    fail_later "stale vectors not said: $(jget st.json 'notes.*')"
# A sharded index: the vectors beside its stub, over the shards' docids.
$GS index -j 1 -q -d sh.db --shards 2 --vectors c.jsonl 2>/dev/null || fail_later "index --shards --vectors failed"
$GS search -d sh.db --format json --vectors беспилотник >sh.json
[ "$(jget sh.json total)" != 0 ] && ! jget sh.json 'notes.*' | grep -q 'vectors not used' &&
    ok "a sharded index: vectors beside the stub" || fail_later "sharded: $(jget sh.json 'notes.*')"
# An index built without them: a note.
$GS index -q -d plain.db more.jsonl 2>/dev/null
$GS search -d plain.db --vectors собак 2>&1 | grep -q 'vectors not used: .*no vectors' &&
    ok "an index without vectors: a note" || fail_later "no note for an index without vectors"
pass
