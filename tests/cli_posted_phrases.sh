#!/bin/sh
# cli_posted_phrases.sh - the synonyms' multi-word alternatives posted as
# terms (schema/phrases.h): an index made with them finds exactly what one
# made without them finds (the recheck), same order, same counts and
# facets; a phrase is posted only where its words stand in order within its
# window inside one field; the list is the index's own, kept by later runs
# whatever the synonyms file then says.
. "${top_srcdir:-.}/tests/lib.sh"
need_shared "the dev collection"
command -v xapian-delve >/dev/null 2>&1 || skip "xapian-delve (xapian-tools) not installed"
dev="$SHARED_DIR/corpus/dev/collection.jsonl"
# Edge records: the expansion side by side, apart, across two fields; ЛОВЗ's
# expansion with its stop word, without it, with another word in its gap.
cat > edge.jsonl <<'EOF'
{"id": "e-side", "number": "e-side", "title": "Органы местного самоуправления и школа", "status": "winner", "year": "2024"}
{"id": "e-apart", "number": "e-apart", "title": "Органы власти, местного уровня и самоуправления", "status": "winner", "year": "2024"}
{"id": "e-fields", "number": "e-fields", "title": "Органы местного", "goal": "самоуправления сельских поселений", "status": "rejected", "year": "2023"}
{"id": "e-stop", "number": "e-stop", "title": "Спорт для лиц с ограниченными возможностями здоровья", "status": "winner", "year": "2023"}
{"id": "e-nostop", "number": "e-nostop", "title": "Лица ограниченными возможностями здоровья в спорте", "status": "rejected", "year": "2022"}
{"id": "e-gap", "number": "e-gap", "title": "Лица, имеющие ограниченные возможности здоровья", "status": "winner", "year": "2022"}
{"id": "e-far", "number": "e-far", "title": "Лица, которые имеют разные ограниченные возможности здоровья", "status": "winner", "year": "2022"}
EOF
$GS index -d with "$dev" edge.jsonl > /dev/null 2>&1 || fail "index with the synonyms' phrases"
GRANTSEARCH_SYNONYMS=./absent $GS index -d without "$dev" edge.jsonl > /dev/null 2>&1 ||
    fail "index without them"
$GS stats -d with > s1 || fail "stats"
grep -Eq '^phrases: +[1-9][0-9]* posted' s1 || fail "with: $(grep phrases s1)"
$GS stats -d without > s2 || fail "stats"
grep -q '^phrases: *none posted' s2 || fail "without: $(grep phrases s2)"
[ "$(xapian-delve -a -1 with | grep -c '^XE')" -gt 0 ] || fail "no XE term in the index"
[ "$(xapian-delve -a -1 without | grep -c '^XE')" -eq 0 ] || fail "XE terms without a list"

# The same answers, posted or rechecked: ids, order, counts, facets.
for q in 'ОМСУ' 'органы местного самоуправления' '"органы местного самоуправления"' \
         'ЛОВЗ спорт' 'лица с ограниченными возможностями здоровья' 'НКО' \
         'СОНКО поддержка' 'ТЖС семьи' '"трудной жизненной ситуации"' 'ОВЗ -"ограниченные возможности здоровья"'; do
    $GS search -d with -n 40 --format tsv --facets status,year -- "$q" > a 2>&1 || fail "search with: $q"
    $GS search -d without -n 40 --format tsv --facets status,year -- "$q" > b 2>&1 ||
        fail "search without: $q"
    cmp -s a b || fail_later "«$q» differs: $(diff a b | head -5)"
    [ -s a ] || fail_later "«$q»: no output"
done

# Which edge records hold ОМСУ's expansion: side by side only.
$GS search -d with -n 100 --format tsv -- 'ОМСУ' | cut -f2 > ids || fail "search ОМСУ"
grep -qx e-side ids || fail_later "e-side not found for ОМСУ"
for id in e-apart e-fields; do
    ! grep -qx "$id" ids || fail_later "$id found for ОМСУ"
done
# ЛОВЗ's expansion (its stop word makes a window of 5): within it, in order.
$GS search -d with -n 100 --format tsv -- 'ЛОВЗ' | cut -f2 > ids || fail "search ЛОВЗ"
for id in e-stop e-nostop e-gap; do
    grep -qx "$id" ids || fail_later "$id not found for ЛОВЗ"
done
! grep -qx e-far ids || fail_later "e-far (past the window) found for ЛОВЗ"

# Later runs keep the index's own list, whatever the synonyms file says.
sed 's/"e-/"f-/g' edge.jsonl > more.jsonl
GRANTSEARCH_SYNONYMS=./absent $GS index -d with more.jsonl > /dev/null 2>&1 || fail "index more"
$GS stats -d with > s3 || fail "stats"
[ "$(grep '^phrases' s1)" = "$(grep '^phrases' s3)" ] || fail "list changed: $(grep phrases s3)"
$GS search -d with -n 100 --format tsv -- 'ОМСУ' | cut -f2 > ids || fail "search ОМСУ"
grep -qx f-side ids || fail_later "a record added later is not found by its posted phrase"
$GS index -d without more.jsonl > /dev/null 2>&1 || fail "index more without"
$GS stats -d without > s4 || fail "stats"
grep -q '^phrases: *none posted' s4 || fail "an index made without a list got one"
[ "$(xapian-delve -a -1 without | grep -c '^XE')" -eq 0 ] || fail "XE terms added to an index without a list"
$GS search -d without -n 100 --format tsv -- 'ОМСУ' | cut -f2 > ids || fail "search ОМСУ"
grep -qx f-side ids || fail_later "without a list, a record added later is not found"
# An index emptied by delete takes the list of its next run; the old one's
# phrases are no longer claimed (no record posts them).  One writer (-j 1):
# a fresh build on two threads replaces the index's files whole.
$GS index -d small edge.jsonl > /dev/null 2>&1 || fail "index small"
$GS delete -d small e-side e-apart e-fields e-stop e-nostop e-gap e-far > /dev/null 2>&1 ||
    fail "delete all"
[ "$(records small)" = 0 ] || fail "small not emptied"
GRANTSEARCH_SYNONYMS=./absent $GS index -j 1 -d small edge.jsonl > /dev/null 2>&1 || fail "index again"
$GS stats -d small > s5 || fail "stats"
grep -q '^phrases: *none posted' s5 || fail "emptied index: $(grep phrases s5)"
$GS search -d small -n 100 --format tsv -- '"органы местного самоуправления"' | cut -f2 > ids ||
    fail "search the phrase"
grep -qx e-side ids || fail "emptied index: a phrase of its old list still claimed"
pass
