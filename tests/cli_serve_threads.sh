#!/bin/sh
# cli_serve_threads.sh - issue 17: the searches of `serve --threads N` run
# on N long-lived searcher threads, which take the requests of every
# connection from one line, and not on the connections' own threads.  A
# searcher thread that ends a request takes the next without sleeping; a
# searcher lent to each connection's thread in turn (serve17d's queue) went
# through a woken thread at every hand-over, and at 8 connections on 2
# cores the cores stood idle a fifth of the time.  Seen from outside: under
# 8 busy keep-alive connections and --threads 2, two threads of the server
# do nearly all of its work (with lent searchers the work spread over the
# 8 connection threads: the two busiest did about a quarter of it).
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/serve_lib.sh"
need_shared "the dev collection"
command -v perl >/dev/null 2>&1 || skip "perl is absent"
[ -r /proc/self/task ] || skip "no /proc/PID/task here"
$GS index -q -d db "$SHARED_DIR/corpus/dev/collection.jsonl" 2>err || fail "index: $(cat err)"

# client.pl PORT N I: one keep-alive connection, N searches for words of
# the collection, one after the other (each answer read whole); then it
# writes doneI and keeps the connection open until the file `release` is
# there (a connection's thread ends with it, and its CPU time with it).
cat >client.pl <<'PERL'
use strict; use warnings; use IO::Socket::INET;
my ($port, $n, $me) = @ARGV;
my @q = qw(%D0%B4%D0%B5%D1%82%D0%B8 %D0%BF%D0%BE%D0%BC%D0%BE%D1%89%D1%8C
           %D0%B2%D0%BE%D0%BB%D0%BE%D0%BD%D1%82%D0%B5%D1%80%D1%8B %D1%80%D0%B0%D0%B7%D0%B2%D0%B8%D1%82%D0%B8%D0%B5);
my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port) or die "connect: $!\n";
for my $i (1 .. $n) {
    print $s "GET /api/search?n=10&q=$q[$i % @q] HTTP/1.1\r\nHost: x\r\n\r\n";
    my ($len, $line) = (0);
    while (defined($line = <$s>)) { $len = $1 if $line =~ /^Content-Length:\s*(\d+)/i; last if $line eq "\r\n"; }
    die "connection closed\n" unless defined $line;
    my $got = 0; while ($got < $len) { my $r = read($s, my $buf, $len - $got); die "short\n" unless $r; $got += $r; }
}
open my $f, '>', "done$me" or die; close $f;
for (1 .. 600) { last if -e 'release'; select(undef, undef, undef, 0.05); }
PERL

start_server db --threads 2 --quiet
pids=
for i in 1 2 3 4 5 6 7 8; do
    perl client.pl "$PORT" 100 "$i" 2>"client$i.err" &
    pids="$pids $!"
done
for _ in $(seq 1 1200); do
    [ "$(ls done* 2>/dev/null | wc -l)" -ge 8 ] && break
    sleep 0.05
done
# Each thread's CPU time (utime + stime, fields 14 and 15 of its stat),
# read while every connection (and its thread) is still open.
for t in /proc/"$SRV"/task/*; do sed 's/^.*) //' "$t/stat" | awk '{print $12 + $13}'; done |
    sort -rn >ticks.out
touch release
bad=0
for p in $pids; do wait "$p" || bad=1; done
[ "$bad" = 0 ] || fail "a client failed: $(cat client*.err)"
tr '\n' ' ' <ticks.out; echo
awk 'NR <= 2 {top += $1} {all += $1} END {
        if (all < 20) { print "too little CPU to judge: " all " ticks"; exit 2 }
        printf "the two busiest threads did %.0f%% of the work\n", 100 * top / all
        exit !(top >= 0.8 * all) }' ticks.out >share.out
rc=$?
cat share.out
[ $rc = 2 ] && skip "$(cat share.out)"
[ $rc = 0 ] || fail_later "the searches did not run on the 2 searcher threads: $(cat share.out)"
stop_server || fail_later "the server exited $?"
pass
