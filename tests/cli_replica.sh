#!/bin/sh
# cli_replica.sh - issue 18: a read replica kept in step with Xapian's own
# replication (xapian-replicate-server on the writer's side, a one-shot
# xapian-replicate on the replica's).  The replica answers like the writer
# after a catch-up; while it is behind (its replicator down) it answers
# like the writer did at its last catch-up, never a mix; readers searching
# during a catch-up see states the writer committed and never fail.
. "${top_srcdir:-.}/tests/lib.sh"

command -v xapian-replicate-server >/dev/null 2>&1 && command -v xapian-replicate >/dev/null 2>&1 ||
    skip "xapian-replicate is absent (apt-get install xapian-tools)"
gen_corpus 300
head -150 corpus.jsonl >a.jsonl
tail -n +151 corpus.jsonl >b.jsonl
# The writer keeps changesets, so a replica gets only what changed.
XAPIAN_MAX_CHANGESETS=10; export XAPIAN_MAX_CHANGESETS
mkdir w
$GS index -q -d w/db a.jsonl || fail "index exited $?"

SRV=
trap '[ -n "$SRV" ] && kill "$SRV" 2>/dev/null; rm -rf "$WORK"' EXIT
catch_up() {  # one-shot catch-up of ./replica from the writer's w/db
    xapian-replicate -h 127.0.0.1 -p "$SERVER_PORT" -m db -o -q -r 0 replica >rep.log 2>&1
}
start_server 5 srv.log catch_up 'xapian-replicate-server -I 127.0.0.1 -p $SERVER_PORT w' ||
    fail "xapian-replicate-server did not start or serve: $(cat srv.log rep.log)"
SRV=$SERVER_PID

{ cat q.txt; echo '"местных сообществ"'; echo 'status:winner центр'; echo 'НКО'; } >queries.txt
same() {  # LABEL: the replica answers every query like the writer
    while IFS= read -r q; do
        $GS search -d w/db -n 20 --format json --facets=status,year "$q" >a.json 2>err ||
            fail_later "$1: search '$q' on the writer: $(cat err)"
        $GS search -d replica -n 20 --format json --facets=status,year "$q" >b.json 2>err ||
            fail_later "$1: search '$q' on the replica: $(cat err)"
        cmp -s a.json b.json || fail_later "$1: search '$q': the replica answers otherwise"
    done <queries.txt
    [ "$(records w/db)" = "$(records replica)" ] ||
        fail_later "$1: the writer holds $(records w/db) records, the replica $(records replica)"
}
same "after the first copy"

# The replicator is down while the writer commits twice (an add, a delete).
victim=$($GS search -d w/db -n 1 --format json 'развитие' | "$JSON_CHECK" get - results.0.number)
$GS index -q -d w/db b.jsonl || fail "index b exited $?"
mid=$($GS search -d w/db -n 0 --format json 'развитие' | "$JSON_CHECK" get - total)
$GS delete -d w/db "$victim" || fail "delete exited $?"
[ "$(records replica)" = 150 ] ||
    fail_later "the replica changed without a catch-up: $(records replica) records"
$GS show -d replica "$victim" >/dev/null 2>&1 ||
    fail_later "the replica lost $victim before catching up"

# Catch up while readers search: each answer is a state the writer
# committed (the old, the one between its two commits, or the new).
old=$($GS search -d replica -n 0 --format json 'развитие' | "$JSON_CHECK" get - total)
new=$($GS search -d w/db -n 0 --format json 'развитие' | "$JSON_CHECK" get - total)
[ "$old" != "$new" ] || fail "the writer's commits did not change the count ($old)"
(
    i=0
    while [ $i -lt 40 ]; do
        $GS_BIN search -d replica -n 0 --format json 'развитие' >r.$i.json 2>r.$i.err ||
            echo "exit $? $(cat r.$i.err)" >>readers.bad
        i=$((i + 1))
    done
) &
readers=$!
catch_up || fail_later "the catch-up failed: $(cat rep.log)"
wait $readers
[ ! -s readers.bad ] || fail_later "a reader failed during the catch-up: $(head -3 readers.bad)"
for f in r.*.json; do
    t=$("$JSON_CHECK" get "$f" total)
    [ "$t" = "$old" ] || [ "$t" = "$mid" ] || [ "$t" = "$new" ] ||
        fail_later "a reader saw $t (old $old, between $mid, new $new)"
done
same "after the catch-up"
$GS show -d replica "$victim" >/dev/null 2>&1 &&
    fail_later "$victim, deleted on the writer, is still on the replica"
pass
