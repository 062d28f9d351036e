#!/bin/sh
# cli_serve_queue.sh - issue 17: `serve --threads N` is one queue for all
# connections.  A slow request (a draft of 850 KB searched by 10,000 terms,
# about a second of CPU) on one keep-alive connection must not hold up the
# requests of the other connections while a searcher is free: each of
# five other connections, already open, is answered before the slow one
# ends.  (With libmicrohttpd's thread pool each connection was tied to one
# of the N worker threads, and a connection on the slow one's thread
# waited for it whatever the other thread did.)  Then --threads 1: the
# queue is real, a search waits for the one searcher.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/serve_lib.sh"
need_shared "the dev collection"
command -v perl >/dev/null 2>&1 || skip "perl is absent"
$GS index -q -d db "$SHARED_DIR/corpus/dev/collection.jsonl" 2>err || fail "index: $(cat err)"
head -c 900000 "$SHARED_DIR/corpus/dev/collection.jsonl" | tr -d '{}":,' >draft.txt

# probe.pl PORT CONNS PATH: CONNS keep-alive connections, each first asked
# /api/health (so that it is open and settled); then the slow POST of
# draft.txt on the first, and PATH on each of the others in turn.  Prints
# one line per answer in the order they came, "fast SECONDS" (how long it
# took) or "slow": the slow one counts as come when its answer is waiting
# on its connection as a fast one ends.
cat >probe.pl <<'PERL'
use strict; use warnings; use IO::Socket::INET; use IO::Select; use Time::HiRes qw(time);
my ($port, $n, $path) = @ARGV;
sub req { my ($s, $m, $p, $body) = @_; $body //= '';
    print $s "$m $p HTTP/1.1\r\nHost: x\r\nContent-Length: " . length($body) . "\r\n\r\n$body"; }
sub answer { my $s = shift; my ($len, $line) = (0);
    while (defined($line = <$s>)) { $len = $1 if $line =~ /^Content-Length:\s*(\d+)/i; last if $line eq "\r\n"; }
    die "connection closed\n" unless defined $line;
    my $got = 0; while ($got < $len) { my $r = read($s, my $buf, $len - $got); die "short\n" unless $r; $got += $r; } }
my @c = map { IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port) or die "connect: $!\n" } 1 .. $n;
for (@c) { req($_, 'GET', '/api/health'); answer($_); }
my $draft = do { local $/; open my $f, '<', 'draft.txt' or die; <$f> };
my $t0 = time;
req($c[0], 'POST', '/api/similar?n=1000&terms=10000', $draft);
select(undef, undef, undef, 0.2);   # the slow one is in its handler
my ($slow, @order) = (IO::Select->new($c[0]));
for my $i (1 .. $n - 1) {
    my $ts = time;
    req($c[$i], 'GET', $path); answer($c[$i]);
    push @order, "slow" if $slow && $slow->can_read(0) and !($slow = undef);
    push @order, sprintf("fast %.3f", time - $ts);
}
answer($c[0]); push @order, "slow" if $slow;
print "$_\n" for @order;
PERL

start_server db --threads 2 --quiet
perl probe.pl "$PORT" 6 '/api/search?q=%D0%B2%D0%BE%D0%BB%D0%BE%D0%BD%D1%82%D0%B5%D1%80%D1%8B&n=3' >order.out 2>probe.err ||
    fail "probe: $(cat probe.err)"
cat order.out
[ "$(tail -n 1 order.out)" = slow ] && [ "$(grep -c '^fast' order.out)" = 5 ] &&
    echo "ok: --threads 2: five searches on other connections answered while a slow one ran" ||
    fail_later "--threads 2: a search waited for a slow request on another connection: $(tr '\n' ' ' <order.out)"
stop_server || fail_later "the server exited $?"

# One searcher: the search does wait (the queue is shared, not skipped).
start_server db --threads 1 --quiet
perl probe.pl "$PORT" 2 '/api/search?q=%D0%B2%D0%BE%D0%BB%D0%BE%D0%BD%D1%82%D0%B5%D1%80%D1%8B&n=3' >order.out 2>probe.err ||
    fail "probe: $(cat probe.err)"
# (Its answer may not be sent yet when the searcher is free again: the
# search's own time says it waited, a tenth of a second at least, where
# the slow request has most of a second to go.)
cat order.out
awk '/^fast/ && $2 > 0.1 {w = 1} END {exit !w}' order.out &&
    echo "ok: --threads 1: the search waits for the one searcher" ||
    fail_later "--threads 1: a search ran beside the slow one: $(tr '\n' ' ' <order.out)"
stop_server || fail_later "the server exited $?"
pass
