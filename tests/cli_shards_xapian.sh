#!/bin/sh
# cli_shards_xapian.sh - issue 18: an abbreviation's phrase expansion keeps
# its weight on every shard.  Xapian 1.4's matcher starts each local shard
# after the first with the minimum weight the first reached; an OR not yet
# started then decays to an AND_MAYBE that checks its right side at docid
# 0, and an AND of OP_SYNONYMs (the expansion «социально ориентированная
# некоммерческая организация», each word a BM25F synonym) reads as at end
# there and is dropped: on 166,848 records two local shards lost
# 19-2-000943, rank 2 of «услуг сонко» on one index (query/words.c,
# with_anchor).  500 hand-made records reproduce it: 100 of 2019 with
# «услуги СОНКО СОНКО», enough to fill the first page of candidates at a
# weight above the common words' own, then those of 2020, five of which
# hold the typed words and the expansion: they rank first on one index and
# must on every layout too, at the same scores.  The same for the user's
# own group of words, or phrase, as one alternative of an OR.  And a
# prefix* word: Xapian 1.4 expands and weighs a wildcard with each shard's
# own statistics (query/prefix.c lists the terms from all shards at once).
. "${top_srcdir:-.}/tests/lib.sh"

ph="социально ориентированная некоммерческая организация"
awk -v ph="$ph" 'function rec(year, text) {
        n++
        printf "{\"number\": \"%d-1-%06d\", \"title\": \"Проект\", \"status\": \"winner\", ", year % 100, n
        printf "\"contest\": \"Первый конкурс %d\", \"date\": \"%d-03-01\", \"description\": \"%s\"}\n", year, year, text
    }
    BEGIN {
        for (i = 0; i < 100; i++) rec(2019, "услуги СОНКО СОНКО клуб парк сад")
        for (i = 0; i < 300; i++) rec(2019, "услуги " ph " клуб")
        for (i = 0; i < 5; i++) rec(2020, "услуги СОНКО СОНКО " ph)
        for (i = 0; i < 85; i++) rec(2020, "услуги " ph " поселок")
        for (i = 0; i < 10; i++) rec(2020, ph " поселок город")
    }' >recs.jsonl
$GS index -q -d one recs.jsonl || fail "index exited $?"
$GS index -q --shard-by year -d y recs.jsonl || fail "index --shard-by year exited $?"
$GS index -q --shards 2 -d s2 recs.jsonl || fail "index --shards 2 exited $?"
$GS index -q --shards 4 -d s4 recs.jsonl || fail "index --shards 4 exited $?"
layouts="y s2 s4"

# Two shard servers for s2 when xapian-tcpsrv is there (as cli_shards.sh).
if command -v xapian-tcpsrv >/dev/null 2>&1; then
    PIDS=
    trap 'for p in $PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$WORK"' EXIT
    mkdir r
    cp -R s2/spelling r/spelling
    for s in 0 1; do
        start_server $s srv$s.log 'echo "remote 127.0.0.1:$SERVER_PORT" >one.stub &&
                                   $GS search -d one.stub -n 1 x' \
            'xapian-tcpsrv --port $SERVER_PORT --interface 127.0.0.1 --quiet s2/shard-0'$s ||
            fail "xapian-tcpsrv for shard $s did not start: $(cat srv$s.log)"
        PIDS="$PIDS $SERVER_PID"
        echo "remote 127.0.0.1:$SERVER_PORT" >>r/stub
    done
    layouts="$layouts r/stub"
fi

# The expansion counts: on one index the five 2020 records rank first,
# above the 2019 ones that hold only the typed words.
$GS search -d one -n 5 --format tsv --fields summary 'услуги СОНКО' >a.tsv ||
    fail "search on one index exited $?"
[ "$(cut -f2 a.tsv | grep -c '^20-1-')" = 5 ] ||
    fail "one index: the records with the expansion do not rank first: $(cut -f2,3 a.tsv | tr '\n' ' ')"

# page N: stdin "QID SCORE ID" -> comparable lines: equal scores are ordered
# by docid, which differs between layouts, so ties are a set; a tie group
# cut by the page's end is left out.
page() {
    awk -v n="$1" '{ s = sprintf("%.4f", $2); q[NR] = $1; sc[NR] = s; id[NR] = $3; c[$1]++
                     if (!($1 in m) || s + 0 < m[$1] + 0) m[$1] = s }
        END { for (i = 1; i <= NR; i++)
                  if (!(c[q[i]] == n && sc[i] == m[q[i]])) print q[i], sc[i], id[i] }' | sort
}
cat >queries.txt <<'EOF'
услуги СОНКО
СОНКО услуги
услуги СОНКО поселок
услуги (СОНКО OR (социально ориентированная некоммерческая организация))
услуги (СОНКО OR "социально ориентированная некоммерческая организация")
посел* услуги
клуб* OR город*
соц* сад
EOF
for n in 10 20; do
    $GS batch -d one -n $n --threads 1 --format tsv queries.txt >a.tsv 2>err ||
        fail "batch -n $n on one index: $(cat err)"
    awk -F "\t" '{print $1, $4, $3}' a.tsv | page $n >a.page
    [ -s a.page ] || fail "batch -n $n on one index: no comparable results"
    for d in $layouts; do
        $GS batch -d $d -n $n --threads 1 --format tsv queries.txt >b.tsv 2>err ||
            fail_later "batch -n $n -d $d: $(cat err)"
        awk -F "\t" '{print $1, $4, $3}' b.tsv | page $n >b.page
        cmp -s a.page b.page ||
            fail_later "batch -n $n -d $d: ids or scores differ from one index: $(diff a.page b.page | grep '^[<>]' | head -4 | tr '\n' ' ')"
    done
done
pass
