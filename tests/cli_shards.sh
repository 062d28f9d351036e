#!/bin/sh
# cli_shards.sh - issue 18: a sharded index (index --shards 3) and the same
# shards served by three xapian-tcpsrv on loopback give the same ids in the
# same order as one index for search, facets, similar and batch; "did you
# mean" and synonyms work over both; updates and deletes go to the shard
# that holds the record (never two); a shard server that dies or hangs
# gives a clear error or a result marked partial, never a hang or a
# silently smaller result.  Replicas: tests/cli_replica.sh.
# The same for an index sharded by year (index --shard-by year): one shard
# per year, a new year adds one, a record whose year changed moves to it
# (never in two shards), and the two ways to shard do not mix.
. "${top_srcdir:-.}/tests/lib.sh"

command -v xapian-tcpsrv >/dev/null 2>&1 ||
    skip "xapian-tcpsrv is absent (apt-get install xapian-tools)"
gen_corpus 400
$GS index -q -d one corpus.jsonl || fail "index exited $?"
$GS index -q --shards 3 -d sh corpus.jsonl || fail "index --shards 3 exited $?"
$GS index -q --shard-by year -d y corpus.jsonl || fail "index --shard-by year exited $?"
$GS stats -d y >y.stats || fail "stats -d y exited $?"
[ -f sh/XAPIANDB ] && [ -d sh/shard-00 ] && [ -d sh/shard-02 ] && [ -d sh/spelling ] ||
    fail "index --shards 3 did not write sh/shard-00..02, sh/spelling and the stub"
[ "$(records sh)" = 400 ] || fail "the sharded index holds $(records sh) records, not 400"
# Shard counts from stats, and each shard alone: together they hold all.
counts() { $GS stats -d "$1" | sed -n 's/^shards: *[0-9]* (records: \(.*\))$/\1/p'; }
c=$(counts sh)
[ "$(echo "$c" | wc -w)" = 3 ] || fail "stats gives no per-shard counts: '$c'"
[ "$(echo "$c" | tr ' ' '\n' | awk '{s += $1} END {print s}')" = 400 ] ||
    fail "the shards' counts ($c) do not add up to 400"
$GS index -q --shards 2 -d sh corpus.jsonl 2>err && fail "--shards 2 on a 3-shard index was taken"
grep -q "has 3 shards" err || fail "--shards 2 on 3 shards: unclear message: $(cat err)"
$GS index -q --shards 2 -d one corpus.jsonl 2>err && fail "--shards on an unsharded index was taken"
grep -q "index of one database" err || fail "--shards on one index: unclear message: $(cat err)"
# Shard directories without a stub (a first build killed early, or not
# ours): refused, and nothing removed.
mkdir -p half/shard-01 && echo keep >half/shard-01/mine
$GS index -q --shards 2 -d half corpus.jsonl 2>err && fail "shards without a stub were built over"
grep -q "no shards' stub" err && [ "$(cat half/shard-01/mine)" = keep ] ||
    fail "shards without a stub: $(cat err)"

# Three shard servers on free loopback ports (as in cli_remote.sh: a port
# drawn from the pid and the try, another one when it is in use).
PIDS=
trap 'for p in $PIDS; do kill -CONT "$p" 2>/dev/null; kill "$p" 2>/dev/null; done; rm -rf "$WORK"' EXIT
mkdir r
cp -R sh/spelling r/spelling   # the local spelling beside the remote stub
: >r/stub
for s in 0 1 2; do
    start_server $s srv$s.log 'echo "remote 127.0.0.1:$SERVER_PORT" >one.stub &&
                               $GS search -d one.stub -n 1 x' \
        'xapian-tcpsrv --port $SERVER_PORT --interface 127.0.0.1 --quiet sh/shard-0'$s ||
        fail "xapian-tcpsrv for shard $s did not start: $(cat srv$s.log)"
    PIDS="$PIDS $SERVER_PID"
    eval "PID$s=$SERVER_PID PORT$s=$SERVER_PORT"
    echo "remote 127.0.0.1:$SERVER_PORT" >>r/stub
done

# Equal scores are ordered by Xapian's docid, which differs between one
# index and shards (and with the build's thread count): the same ids in
# the same order means here the same ids at the same scores, equal scores
# as a set; a tie group cut by the page's end is left out.
# norm N: stdin "QID SCORE ID" lines of pages of N -> sorted, comparable.
norm() {
    awk -v n="$1" '{ s = sprintf("%.3f", $2); q[NR] = $1; sc[NR] = s; id[NR] = $3; c[$1]++
                     if (!($1 in m) || s + 0 < m[$1] + 0) m[$1] = s }
        END { for (i = 1; i <= NR; i++)
                  if (!(c[q[i]] == n && sc[i] == m[q[i]])) print q[i], sc[i], id[i] }' | sort
}
page() { paste -d' ' "$2" "$3" | sed "s/^/$1 /" | norm 20; }  # from jget lists
phrase=$(head -1 q.txt | awk '{print $1 " " $2}')
{
    cat q.txt
    echo "\"$phrase\""
    echo '"местных сообществ"'
    echo '=местных'
    echo 'description:сообществ'
    echo 'ОВЗ'
    echo 'НКО поддержка'
    echo 'status:winner центр'
    # A hyphenated word beside other words: its whole is checked against the
    # documents of its term (a docid list), which a match decider on local
    # shards cannot use (it sees each shard's own docids).
    LC_ALL=C.UTF-8 grep -oE '[[:alpha:]]+-[[:alpha:]]+' corpus.jsonl | sort | uniq -c | sort -rn |
        awk 'NR <= 3 { print $2 " проект развитие" }'
} >queries.txt

# search and facets: the same ids in the same order, totals and facet counts.
facets() { "$JSON_CHECK" get "$1" facets 2>/dev/null || echo null; }
while IFS= read -r q; do
    $GS search -d one -n 20 --format json --facets=status,year,region "$q" >a.json 2>err ||
        fail_later "search '$q' on one index exited $?: $(cat err)"
    for d in sh y r/stub; do
        $GS search -d $d -n 20 --format json --facets=status,year,region "$q" >b.json 2>err ||
            fail_later "search '$q' -d $d exited $?: $(cat err)"
        for f in a b; do
            jget $f.json results.*.score >$f.sc; jget $f.json results.*.number >$f.id
            page x $f.sc $f.id >$f.page
        done
        cmp -s a.page b.page || fail_later "search '$q' -d $d: ids or scores differ from one index"
        [ "$(jget a.json total)" = "$(jget b.json total)" ] ||
            fail_later "search '$q' -d $d: total $(jget b.json total), one index $(jget a.json total)"
        [ "$(facets a.json)" = "$(facets b.json)" ] ||
            fail_later "search '$q' -d $d: the facet counts differ"
        [ "$(jget b.json partial 2>/dev/null)" = "" ] ||
            fail_later "search '$q' -d $d: marked partial with every shard up"
    done
done <queries.txt
# Synonyms (read from the file by the client) expand over shards too: the
# same page as on one index, and not the page without the synonyms file.
$GS search -d one -n 10 --format tsv 'НКО' >a.tsv
$GS search -d r/stub -n 10 --format tsv 'НКО' >b.tsv
GRANTSEARCH_SYNONYMS=/nonexistent $GS search -d r/stub -n 10 --format tsv 'НКО' >c.tsv 2>/dev/null
[ "$(cut -f2,3 a.tsv | sort)" = "$(cut -f2,3 b.tsv | sort)" ] && ! cmp -s b.tsv c.tsv ||
    fail_later "НКО is not expanded over the remote shards as on one index"

# "did you mean" from the local spelling database, not silently lost.
$GS search -d one -n 1 --format json 'развитие сообщств' >a.json
want=$(jget a.json did_you_mean)
[ -n "$want" ] && [ "$want" != null ] || fail "no suggestion on one index: the check needs one"
for d in sh y r/stub; do
    $GS search -d $d -n 1 --format json 'развитие сообщств' >b.json
    [ "$(jget b.json did_you_mean)" = "$want" ] ||
        fail_later "did you mean over -d $d: '$(jget b.json did_you_mean)', one index '$want'"
done

# similar, show, batch (TREC) alike.
id=$(jget a.json results.0.number)
$GS similar -d one -n 10 --format tsv --id "$id" >a.sim 2>err || fail_later "similar: $(cat err)"
$GS show -d one --format json "$id" >a.show
for d in sh y r/stub; do
    $GS similar -d $d -n 10 --format tsv --id "$id" >b.sim 2>err ||
        fail_later "similar -d $d: $(cat err)"
    [ -s a.sim ] && [ "$(cut -f2,3 a.sim | awk '{print "x", $2, $1}' | norm 10)" = \
                      "$(cut -f2,3 b.sim | awk '{print "x", $2, $1}' | norm 10)" ] ||
        fail_later "similar --id $id -d $d differs"
    $GS show -d $d --format json "$id" >b.show || fail_later "show -d $d exited $?"
    cmp -s a.show b.show || fail_later "show $id -d $d differs"
done
$GS batch -d one --threads 2 --format trec queries.txt >a.trec 2>err || fail_later "batch: $(cat err)"
for d in sh y r/stub; do
    $GS batch -d $d --threads 2 --format trec queries.txt >b.trec 2>err ||
        fail_later "batch -d $d: $(cat err)"
    [ -s a.trec ] && [ "$(awk '{print $1, $5, $3}' a.trec | norm 10)" = \
                       "$(awk '{print $1, $5, $3}' b.trec | norm 10)" ] ||
        fail_later "batch -d $d: the runs differ"
done

# ---- By year ----
# The layout: a shard per year of the corpus, in year order, the shard for
# records without a year last; stats gives each year's count.
want=$(grep -o '"year": *"[0-9]*"' corpus.jsonl | tr -dc '0-9\n' | sort | uniq -c |
       awk '{printf "%s%s: %s", (NR > 1 ? " " : ""), $2, $1}')
[ "$(sed -n 's/^shards: *[0-9]* by year (records: \(.*\) no year: 0)$/\1/p' y.stats)" = "$want" ] ||
    fail_later "stats of the year shards: '$(grep '^shards' y.stats)', the corpus: '$want'"
[ "$(sed 's/^auto //' y/XAPIANDB | tr '\n' ' ')" = \
  "$(echo "$want" | grep -o '[0-9]*:' | tr -d ':' | sed 's/^/shard-/' | tr '\n' ' ')shard-noyear " ] ||
    fail_later "the year stub: $(tr '\n' ' ' <y/XAPIANDB)"
# The two ways to shard do not mix.
$GS index -q --shards 3 -d y corpus.jsonl 2>err && fail_later "--shards 3 on a year index was taken"
grep -q "is sharded by year" err || fail_later "--shards on a year index: unclear message: $(cat err)"
$GS index -q --shard-by year -d sh corpus.jsonl 2>err && fail_later "--shard-by year on hash shards was taken"
grep -q "not by year" err || fail_later "--shard-by year on hash shards: unclear message: $(cat err)"
$GS index -q --shard-by year -d one corpus.jsonl 2>err && fail_later "--shard-by year on one index was taken"
grep -q "index of one database" err || fail_later "--shard-by year on one index: $(cat err)"
$GS index -q --shards 2 --shard-by year -d new corpus.jsonl 2>err; [ $? = 1 ] && [ ! -e new ] ||
    fail_later "--shards with --shard-by year is not a usage error"
$GS index -q --shard-by month -d new corpus.jsonl 2>err; [ $? = 1 ] && grep -q "'year'" err ||
    fail_later "--shard-by month: $(cat err)"
in_years() {  # [DB] ID: the year shards of DB (y) whose own index holds application ID
    [ $# = 2 ] || set -- y "$1"
    for s in "$1"/shard-*; do
        $GS show -d "$s" "$2" >/dev/null 2>&1 && printf '%s ' "${s#"$1"/shard-}"
    done
}
# A record whose year changed moves (deleted from its old year's shard), a
# new year adds a shard (and the stub names it), a record without a year
# goes to shard-noyear, a delete finds the record wherever it is; after
# the same writes to one index, the two answer alike.
yid=$id
old=$(grep -F "\"number\": \"$yid\"" corpus.jsonl | head -1 | grep -o '"year": *"[0-9]*"' | tr -dc 0-9)
nyear=2019; [ "$old" = 2019 ] && nyear=2020
[ "$(in_years "$yid")" = "$old " ] || fail_later "$yid (of $old) is in '$(in_years "$yid")'"
grep -F "\"number\": \"$yid\"" corpus.jsonl | head -1 |
    sed "s/\"year\": *\"[0-9]*\"/\"year\": \"$nyear\"/; s/\"title\": *\"[^\"]*\"/\"title\": \"Синеглазый броненосец\"/" >moved.jsonl
sed "s/$yid/31-1-313131/g; s/\"year\": *\"[0-9]*\"/\"year\": \"2031\"/" moved.jsonl >y2031.jsonl
echo '{"id": "00-0-000000", "number": "00-0-000000", "title": "Броненосец без года", "goal": "броненосец"}' >noyear.jsonl
grep -q "\"year\": \"$nyear\"" moved.jsonl && grep -q 2031 y2031.jsonl || fail "cannot make the year updates"
for d in y one; do
    $GS index -q -d $d moved.jsonl y2031.jsonl noyear.jsonl || fail_later "updating -d $d exited $?"
done
[ "$(in_years "$yid")" = "$nyear " ] || fail_later "$yid moved from $old to $nyear: now in '$(in_years "$yid")'"
[ "$(in_years 31-1-313131)" = "2031 " ] && [ "$(in_years 00-0-000000)" = "noyear " ] ||
    fail_later "new year / no year: in '$(in_years 31-1-313131)' / '$(in_years 00-0-000000)'"
tail -2 y/XAPIANDB | tr '\n' ' ' | grep -qx 'auto shard-2031 auto shard-noyear ' && [ ! -e y/XAPIANDB.tmp ] ||
    fail_later "the stub does not name the new year in order: $(tr '\n' ' ' <y/XAPIANDB)"
[ "$(records y)" = 402 ] || fail_later "after a move and two adds: $(records y) records, not 402"
$GS stats -d y | grep -q "^shards: *11 by year (.* 2031: 1 no year: 1)$" ||
    fail_later "stats after the new year: $($GS stats -d y | grep '^shards')"
for q in броненосец "year:$nyear броненосец" "year:$old броненосец" развитие; do
    $GS search -d one -n 20 --format tsv "$q" | cut -f2,3 | sort >a.tsv
    $GS search -d y -n 20 --format tsv "$q" | cut -f2,3 | sort >b.tsv
    cmp -s a.tsv b.tsv || fail_later "search '$q' after the year updates: -d y differs from one index"
done
# The same number twice in one input, under two years: the later copy
# wins and is in one shard only, also in a fresh build.
cat corpus.jsonl moved.jsonl >twice.jsonl
$GS index -q --shard-by year -d y2 twice.jsonl || fail_later "a fresh build with a record twice exited $?"
[ "$(records y2)" = 400 ] && [ "$(in_years y2 "$yid")" = "$nyear " ] &&
    $GS show -d y2 "$yid" | grep -q Синеглазый ||
    fail_later "a record twice in one input: $(records y2) records, in '$(in_years y2 "$yid")'"
$GS delete -d y "$yid" 31-1-313131 || fail_later "delete on the year index exited $?"
[ "$(in_years "$yid")$(in_years 31-1-313131)" = "" ] && [ "$(records y)" = 400 ] ||
    fail_later "after delete: in '$(in_years "$yid")', $(records y) records"
$GS delete -d y "$yid" 2>/dev/null; [ $? = 2 ] || fail_later "deleting it again from the year index is not exit 2"
$GS compact -d y && [ "$(records y)" = 400 ] || fail_later "compact of the year index"

# Routing: a changed record replaces its old copy in its shard (never a
# second copy elsewhere), a new one adds one, a deleted one is gone.
in_shards() {  # the shards whose own index holds application $1
    for s in 0 1 2; do
        $GS show -d "sh/shard-0$s" "$1" >/dev/null 2>&1 && printf '%s ' "$s"
    done
}
before=$(in_shards "$id")
[ "$(echo $before | wc -w)" = 1 ] || fail "$id is in shards '$before'"
grep -F "\"number\":\"$id\"" corpus.jsonl | head -1 |
    sed 's/"title":"[^"]*"/"title":"Зеленоглазый броненосец"/' >changed.jsonl
[ -s changed.jsonl ] || grep -F "\"number\": \"$id\"" corpus.jsonl | head -1 |
    sed 's/"title": *"[^"]*"/"title": "Зеленоглазый броненосец"/' >changed.jsonl
grep -q броненосец changed.jsonl || fail "cannot make a changed copy of $id"
sed "s/$id/77-7-777777/g" changed.jsonl >new.jsonl
$GS index -q -d sh changed.jsonl new.jsonl || fail_later "updating the sharded index exited $?"
[ "$(records sh)" = 401 ] || fail_later "after an update and an add: $(records sh) records, not 401"
[ "$(in_shards "$id")" = "$before" ] || fail_later "$id moved from shard $before to $(in_shards "$id")"
[ "$(echo $(in_shards 77-7-777777) | wc -w)" = 1 ] || fail_later "the new record is in '$(in_shards 77-7-777777)'"
$GS search -d r/stub -n 5 --format json броненосец >b.json
[ "$(jget b.json results.*.number | sort | tr '\n' ' ')" = "$(printf '%s\n' 77-7-777777 "$id" | sort | tr '\n' ' ')" ] ||
    fail_later "the changed records are not found over the remote shards: $(jget b.json results.*.number)"
$GS delete -d sh "$id" || fail_later "delete on the sharded index exited $?"
[ "$(in_shards "$id")" = "" ] && [ "$(records sh)" = 400 ] ||
    fail_later "after delete: $id in '$(in_shards "$id")', $(records sh) records"
$GS delete -d sh "$id" 2>/dev/null; [ $? = 2 ] || fail_later "deleting it again is not exit 2"
full=$($GS search -d r/stub -n 0 --format json 'развитие' | "$JSON_CHECK" get - total)

# A shard server that hangs (SIGSTOP): the limit, a clear error, no hang.
kill -STOP "$PID1"
start=$(date +%s)
timeout 20 $GS_BIN search -d r/stub --shard-timeout 300 -n 5 'развитие' >out 2>err
rc=$?
[ $rc = 3 ] || fail_later "a hung shard: exit $rc, not 3 (124 = it hung)"
grep -q "127.0.0.1:$PORT1.*did not answer within 300 ms" err ||
    fail_later "a hung shard: the message does not name it: $(cat err)"
timeout 20 $GS_BIN search -d r/stub --shard-timeout 300 --on-shard-failure partial -n 5 \
    --format json 'развитие' >b.json 2>err
rc=$?
[ $rc = 0 ] && [ "$(jget b.json partial)" = true ] &&
    [ "$(jget b.json missing_shards.0)" = "remote 127.0.0.1:$PORT1" ] ||
    fail_later "a hung shard, partial: exit $rc, partial '$(jget b.json partial 2>/dev/null)': $(cat err)"
[ $(($(date +%s) - start)) -lt 10 ] || fail_later "a hung shard took $(($(date +%s) - start)) s"
kill -CONT "$PID1"

# A shard server killed mid-run (the batch has opened every shard and waits
# for its input): every answer is complete, or an error naming the shard
# (error), or marked partial naming it (partial); none is silently smaller.
for i in $(seq 1 300); do printf 'q%s\tразвитие\n' "$i"; done >many.tsv
midrun() {  # MODE PID: a batch in MODE, the server PID killed after 0.5 s
    mkfifo fifo.$1
    { head -20 many.tsv; sleep 1; tail -n +21 many.tsv; } >fifo.$1 &
    feeder=$!
    $GS_BIN batch -d r/stub --threads 2 --format jsonl --on-shard-failure $1 fifo.$1 \
        >b.$1 2>err.$1 &
    batch=$!
    sleep 0.5
    kill "$2"
    wait "$2" 2>/dev/null
    wait $feeder
    wait $batch
    echo "$?" >rc.$1
    rm -f fifo.$1
}
midrun error "$PID2"
awk -v full="$full" -v port="$PORT2" '
    /"error"/ && /did not answer/ && index($0, "127.0.0.1:" port) { err++; next }
    index($0, "\"total\":" full ",") && !/"partial"/ { next }
    { bad++ }
    END { printf "%d %d %d\n", NR, err, bad }' b.error >sum.error
read n err bad <sum.error
[ "$n" = 300 ] && [ "$bad" = 0 ] && [ "$err" -gt 0 ] && [ "$(cat rc.error)" != 0 ] ||
    fail_later "batch, error, a server killed: $n lines, $err errors, $bad wrong, exit $(cat rc.error)"
# Shard 2 stays down: partial leaves it out at open, then shard 1 dies too.
midrun partial "$PID1"
awk -v port="$PORT1" '
    /"error"/ { err++; next }
    /"partial":true/ && index($0, "127.0.0.1:" port) { both++; next }
    /"partial":true/ { next }
    { bad++ }
    END { printf "%d %d %d %d\n", NR, both, err, bad }' b.partial >sum.partial
read n both err bad <sum.partial
[ "$n" = 300 ] && [ "$bad" = 0 ] && [ "$err" = 0 ] && [ "$both" -gt 0 ] &&
    [ "$(cat rc.partial)" = 0 ] ||
    fail_later "batch, partial, servers killed: $n lines, $both without shard 1, $err errors, $bad not marked, exit $(cat rc.partial)"
# show of a record in a shard left out: not "no such application".
for n in $(jget a.json results.*.number) $(cut -f2 a.sim); do
    $GS show -d r/stub --on-shard-failure partial "$n" >/dev/null 2>err || break
done
grep -q "not in the shards that answered.*127.0.0.1" err ||
    fail_later "show of a record in a missing shard: $(cat err)"
# Outputs with no place for the note say it on stderr.
$GS search -d r/stub --on-shard-failure partial -n 3 --format tsv 'развитие' >/dev/null 2>err
grep -q "search: partial result: 2 shards did not answer" err ||
    fail_later "search --format tsv, partial: nothing on stderr: $(cat err)"
$GS similar -d r/stub --on-shard-failure partial -n 3 --file corpus.jsonl >/dev/null 2>err
grep -q "similar: partial result: 2 shards" err ||
    fail_later "similar, partial: nothing on stderr: $(cat err)"
# The page says so too.
$GS search -d r/stub --on-shard-failure partial -n 3 'развитие' >page.txt 2>err
grep -q "partial result: 2 shards did not answer.*127.0.0.1:$PORT2" page.txt ||
    fail_later "the text page does not say the result is partial: $(head -3 page.txt)"
pass
