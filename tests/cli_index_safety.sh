#!/bin/sh
# cli_index_safety.sh - grantsearch never destroys what it did not create,
# never damages a running build, and says when an index is not writable.
#  1. `index -d DIR` refuses a non-empty directory that is not an index
#     (exit 1, naming the path and its files) and leaves it as it was; a
#     build into `.` works; other files inside an index survive a sharded
#     build and `compact`; `search -d DIR` advises a new directory.
#  2. a read-only index (no write permission, a read-only mount) is "not
#     writable", not "being written by another process".
#  3. stats, delete, a second index and compact run against a sharded build
#     in progress do not break it.
. "${top_srcdir:-.}/tests/lib.sh"
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$WORK"' EXIT

# ---- 1. other people's files ------------------------------------------------
mkdir ex
echo precious > ex/thesis.docx
$GS index -q -d ex "$SEEDS" 2> err; rc=$?
[ $rc -eq 1 ] || fail "index into a folder of other files: exit $rc, want 1"
grep -q "ex is not a grantsearch index" err || fail "refusal message: $(cat err)"
grep -q "thesis.docx" err || fail "the refusal does not name the file: $(cat err)"
[ "$(cat ex/thesis.docx)" = precious ] || fail "thesis.docx was changed or removed"
[ "$(ls -A ex)" = thesis.docx ] || fail "index wrote into ex: $(ls -A ex)"
# the same with -j 1 and with a copy of the seeds (what `search` used to advise)
cp -r "$SEEDS" seeds
$GS index -q -j 1 -d seeds "$SEEDS" 2> err; [ $? -eq 1 ] || fail "index -j 1 into the seeds copy"
diff -r "$SEEDS" seeds > /dev/null || fail "the seeds copy was changed"
$GS search -d seeds дети > /dev/null 2> err && fail "search in a folder of pages succeeded"
grep -q "index -d seeds" err && fail "search advises indexing over the pages: $(cat err)"
grep -q "new directory" err || fail "search advice: $(cat err)"
touch afile
$GS index -q -d afile "$SEEDS" 2> err; [ $? -eq 1 ] || fail "index -d FILE"
[ -s afile ] && fail "afile was written"

# -d . in an empty directory: a sharded build lands in it (no rename of .).
mkdir here
( cd here && $GS index -q -j 2 -d . "$SEEDS" ) || fail "index -d .: exit $?"
[ "$(records here)" = 5 ] || fail "index -d .: $(records here) records"

# Another file inside an index survives a sharded build, delete and compact.
$GS index -q -d db /dev/null 2> /dev/null   # an empty index
echo keep > db/notes.txt
$GS index -q -j 2 -d db "$SEEDS" || fail "sharded build beside notes.txt: exit $?"
[ "$(records db)" = 5 ] || fail "sharded build: $(records db) records"
$GS delete -d db 19-1-029373 || fail "delete: exit $?"
$GS compact -d db || fail "compact: exit $?"
[ "$(records db)" = 4 ] || fail "after compact: $(records db) records"
[ "$(cat db/notes.txt 2>/dev/null)" = keep ] || fail "notes.txt inside the index was lost"
ls -A db | grep -q grantsearch- && fail "scratch left in the index: $(ls -A db)"

# ---- 2. read-only -------------------------------------------------------------
ro_check() {  # ro_check WHAT REASON RUNNER...: each writer says "not writable"
    what=$1; reason=$2; shift 2
    for cmd in "delete -d ro 19-1-029373" "compact -d ro" "index -q -d ro $SEEDS"; do
        "$@" $GS_BIN $cmd > /dev/null 2> err; rc=$?
        [ $rc -eq 3 ] || fail "$what: '$cmd' exit $rc: $(cat err)"
        grep -q "ro: the index is not writable (ro.*: $reason)" err ||
            fail "$what: '$cmd' says: $(cat err)"
        grep -q "another process" err && fail "$what: '$cmd' blames another process"
    done
    [ "$(records ro)" = 4 ] || fail "$what: the read-only index changed"
}
cp -r db ro
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
    chmod -R a+rX "$WORK" && chmod a-w ro ro/*
    # as nobody: root passes a chmod
    setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null &&
        ro_check "no write permission" "Permission denied" setpriv --reuid=65534 --regid=65534 --clear-groups
    chmod u+w ro ro/*
else
    echo "$TEST_NAME: no setpriv as root: permission case not run"
fi
if unshare -m true 2>/dev/null; then
    # a read-only bind mount in a private mount namespace: EROFS on flintlock
    unshare -m sh -c "mount --bind -o ro ro ro 2>/dev/null || exit 77
        for cmd in 'delete -d ro 19-1-029373' 'compact -d ro' 'index -q -d ro $SEEDS'; do
            $GS_BIN \$cmd > /dev/null 2> err; rc=\$?
            [ \$rc -eq 3 ] || { echo \"\$cmd: exit \$rc\"; cat err; exit 1; }
            grep -q 'ro: the index is not writable (ro: Read-only file system)' err ||
                { echo \"\$cmd says:\"; cat err; exit 1; }
        done"; rc=$?
    [ $rc -eq 77 ] && echo "$TEST_NAME: cannot bind-mount: read-only mount case not run"
    [ $rc -eq 0 ] || [ $rc -eq 77 ] || fail "read-only mount (see above)"
else
    echo "$TEST_NAME: no unshare -m: read-only mount case not run"
fi

# ---- 3. readers and refused writers during a sharded build -------------------
gen="$top_builddir/bench/gen_corpus"
[ -x "$gen" ] || { echo "ERROR: $gen is not built"; exit 99; }
"$gen" -n 3000 --format jsonl --seeds "$SEEDS" -o big.jsonl 2>/dev/null || fail "gen_corpus: $?"
total=$(($(wc -l < big.jsonl)))
"$GS_BIN" index -q -j 2 -c 100 -d big.db big.jsonl 2> build.err & pid=$!
i=0; while [ ! -d big.db/.grantsearch-shards ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done
[ -d big.db/.grantsearch-shards ] || fail "the build made no shards"
sleep 0.3
$GS stats -d big.db > /dev/null 2>&1
$GS delete -d big.db x > /dev/null 2>&1; [ $? -eq 3 ] || fail "delete during a build was not refused"
$GS index -q -d big.db "$SEEDS" 2> err; [ $? -eq 3 ] || fail "second index not refused"
grep -q "being written by another process (pid $pid)" err || fail "second index: $(cat err)"
$GS compact -d big.db > /dev/null 2>&1; [ $? -eq 3 ] || fail "compact during a build was not refused"
$GS stats -d big.db > /dev/null 2>&1
[ -d big.db/.grantsearch-shards ] || [ ! -e /proc/$pid ] || fail "a reader removed the running build's shards"
wait $pid; rc=$?; pid=
[ $rc -eq 0 ] || fail "the build failed (exit $rc) with readers about: $(cat build.err)"
[ "$(records big.db)" = "$total" ] || fail "the build holds $(records big.db) of $total"
pass
