#!/bin/sh
# cli_batch_preload.sh - issue 15 (kw15): each `batch` thread loads the hunspell
# dictionary before it takes its first query (every shard open), not in
# whichever query first meets a word the index's lemma table lacks (that
# query took 70-130 ms more at 166,848 records: the slowest query of every
# class in bench/classes.sh).  Seen through GRANTSEARCH_HUNSPELL pointing
# nowhere: the "not found" warning comes from batch even when no query
# needs the dictionary, while a one-query `search` and `batch --similar`
# (drafts take no lemmas) still never look for it.  With the dictionary, a
# word the corpus never had still finds its lemma's forms, and the
# answers are those of one `search` each.  Real index, real binary.
. "${top_srcdir:-.}/tests/lib.sh"
export LC_ALL=C.UTF-8
ok() { echo "ok: $*"; }
none=$WORK/none/ru_RU

cat >recs.jsonl <<'EOF2'
{"id":"KID","number":"25-1-000001","title":"Помощь для ребенка с аутизмом","description":"Занятия со специалистами."}
{"id":"KIDS","number":"25-1-000002","title":"Клуб выходного дня для детей","description":"Игры и мастерские."}
{"id":"DAD","number":"25-1-000003","title":"Клуб отцам и сыновьям","description":"Встречи по субботам."}
EOF2
$GS index -d t.db recs.jsonl >/dev/null 2>index.err || fail "index failed: $(cat index.err)"

# Words the corpus has: the lemma table answers, no query needs hunspell.
printf '%s\n' "ребенка" "клуб выходного" > known.txt
GRANTSEARCH_HUNSPELL=$none $GS batch -d t.db --format tsv known.txt >b.out 2>b.err ||
    fail "batch failed: $(cat b.err)"
grep -q 'hunspell dictionary .*none/ru_RU' b.err && ok "batch loads the dictionary at start" ||
    fail_later "batch did not look for the dictionary before its queries: $(cat b.err)"
[ "$(grep -c hunspell b.err)" = 1 ] && ok "one warning" ||
    fail_later "the warning is not given once: $(cat b.err)"
GRANTSEARCH_HUNSPELL=$none $GS search -d t.db ребенка >/dev/null 2>s.err || fail "search failed"
grep -q hunspell s.err && fail_later "search looked for the dictionary: $(cat s.err)" ||
    ok "a one-query search leaves the dictionary alone"
GRANTSEARCH_HUNSPELL=$none $GS batch --similar -d t.db known.txt >/dev/null 2>d.err ||
    fail "batch --similar failed: $(cat d.err)"
grep -q hunspell d.err && fail_later "batch --similar looked for the dictionary: $(cat d.err)" ||
    ok "batch --similar leaves the dictionary alone"

# With the dictionary: the preloaded one answers a word the corpus never
# had (ребенку -> ребенок, the XL term of «детей»), as search does.
printf '%s\n' "ребенку" "ребенка" "клуб выходного" > q.txt
$GS batch -d t.db --format tsv --threads 2 q.txt >b2.out 2>b2.err || fail "batch failed: $(cat b2.err)"
if grep -q hunspell b2.err; then
    skip "no hunspell-ru dictionary here: $(cat b2.err)"
fi
i=0
while IFS= read -r q; do
    i=$((i + 1))
    want=$($GS search -d t.db --format tsv -n 10 -- "$q" | awk -F'\t' 'NR > 1 { print $2 }' | tr '\n' ' ')
    got=$(awk -F'\t' -v id="$i" '$1 == id { print $3 }' b2.out | tr '\n' ' ')
    [ -n "$got" ] && [ "$got" = "$want" ] && ok "batch = search: $q ($got)" ||
        fail_later "batch found '$got' for '$q', search '$want'"
done < q.txt
awk -F'\t' '$1 == 1 { print $3 }' b2.out | grep -q 25-1-000002 &&
    ok "ребенку (not in the corpus) finds «детей» through the preloaded dictionary" ||
    fail_later "ребенку did not find «детей»: $(cat b2.out)"
pass
