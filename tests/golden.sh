#!/bin/sh
# golden.sh - golden tests of the CLI, in jq's manner: a behaviour change
# shows up as a diff a reviewer can read.
#
#   tests/golden.sh [--update] [NAME...]
#
# Each tests/golden/NAME.cmd holds one grantsearch command line or a few, one
# a line ('#' starts a comment line), run by sh in a fixed working directory
# that holds:
#   golden.db        the fixture index, built once here from seeds/, corpus/
#                    and golden/records.jsonl (GRANTSEARCH_DB points at it)
#   seeds/           a copy of data/seeds (the five bundled pages)
#   corpus/          a copy of tests/data/corpus (the same five as CSV, JSONL)
#   golden/          a copy of tests/golden (hand-written records, bad inputs,
#                    queries, judgments)
#   synonyms.txt     a copy of data/synonyms.txt (GRANTSEARCH_SYNONYMS)
# Files a test creates there are removed after it, so tests are independent;
# tests must not change golden.db (build another index with -d to delete or
# compact).  Next to NAME.cmd lie the expected results:
#   NAME.out   stdout of all its lines (always present, may be empty)
#   NAME.err   stderr of all its lines (absent = empty)
#   NAME.rc    the exit status of each line, one a line (absent = all 0)
# On a mismatch the unified diff is printed and the test fails.
# --update rewrites the expected files from what the binary prints now (for a
# deliberate change; review the diff in git before committing).  NAMEs run
# only those tests.
#
# Determinism: LC_ALL=C.UTF-8, NO_COLOR, TERM=dumb, the index built with one
# thread, only relative paths inside the working directory; the temporary
# path and the source tree path are replaced by WORK and SRCDIR in case one
# leaks; `stats`'s size on disk and time of the last update are masked.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

update=0
if [ "${1:-}" = --update ]; then update=1; shift; fi
GOLDEN="$top_srcdir/tests/golden"

export LC_ALL=C.UTF-8 NO_COLOR=1 TERM=dumb TZ=UTC

# The commands' "grantsearch" is this tree's binary (under GS_WRAP when set),
# first on PATH, outside the working directory.
mkdir bin run || exit 99
cat > bin/grantsearch <<EOF
#!/bin/sh
exec ${GS_WRAP:-} "$GS_BIN" "\$@"
EOF
chmod +x bin/grantsearch
PATH="$WORK/bin:$PATH"; export PATH

# The fixture, in run/.
RUN="$WORK/run"
cd "$RUN" || exit 99
cp -R "$SEEDS" seeds && cp -R "$top_srcdir/tests/data/corpus" corpus \
    && cp -R "$GOLDEN" golden && cp "$top_srcdir/data/synonyms.txt" synonyms.txt \
    || fail "cannot copy the fixture's inputs"
chmod -R u+w . || exit 99
GRANTSEARCH_SYNONYMS=synonyms.txt GRANTSEARCH_DB=golden.db
export GRANTSEARCH_SYNONYMS GRANTSEARCH_DB
grantsearch index -q -j 1 -d golden.db seeds corpus golden/records.jsonl 2>"$WORK/fixture.err" \
    || { cat "$WORK/fixture.err"; fail "cannot build the fixture index"; }
ls -A > "$WORK/fixture.list"

# normalize FILE: mask what may differ from run to run.
# The source path is masked only when absolute (a relative "." would match
# every dot).
case $top_srcdir in /*) srcdir_re=$top_srcdir ;; *) srcdir_re=/nonexistent/srcdir ;; esac
normalize() {
    sed -e "s|$RUN|WORK|g" -e "s|$WORK|WORK|g" -e "s|$srcdir_re|SRCDIR|g" \
        -e 's|^\(size on disk: *\).*|\1SIZE|' -e 's|^\(last update: *\).*|\1TIME|' \
        "$1" > "$1.n" && mv "$1.n" "$1"
}

# run_cmd NAME: run NAME.cmd's lines in run/; results in $WORK/NAME.{out,err,rc}.
run_cmd() {
    _o="$WORK/$1.out" _e="$WORK/$1.err" _r="$WORK/$1.rc"
    : > "$_o"; : > "$_e"; : > "$_r"
    while IFS= read -r _line || [ -n "$_line" ]; do
        case $_line in ''|'#'*) continue ;; esac
        sh -c "$_line" </dev/null >>"$_o" 2>>"$_e"
        echo $? >> "$_r"
    done < "$GOLDEN/$1.cmd"
    normalize "$_o"; normalize "$_e"
    # Remove what the test created, so the next one starts from the fixture.
    ls -A | while IFS= read -r _f; do
        grep -qxF -- "$_f" "$WORK/fixture.list" || rm -rf "./$_f"
    done
}

# compare NAME KIND ACTUAL: the diff of tests/golden/NAME.KIND against ACTUAL
# (a missing expected file is empty); 0 when they agree.
compare() {
    _exp="$GOLDEN/$1.$2"
    [ -f "$_exp" ] || _exp=/dev/null
    diff -u --label "tests/golden/$1.$2 (expected)" --label "$1.$2 (actual)" "$_exp" "$3"
}

# save NAME KIND ACTUAL KEEP: --update's write; KEEP=no removes the file.
save() {
    if [ "$4" = yes ]; then cp "$3" "$GOLDEN/$1.$2"; else rm -f "$GOLDEN/$1.$2"; fi
}

if [ $# -gt 0 ]; then names="$*"; else
    names=$(cd "$GOLDEN" && ls *.cmd | sed 's/\.cmd$//')
fi
[ -n "$names" ] || fail "no tests in $GOLDEN"
n=0
for name in $names; do
    [ -f "$GOLDEN/$name.cmd" ] || fail "no $GOLDEN/$name.cmd"
    n=$((n + 1))
    run_cmd "$name"
    rc_keep=no; grep -qvx 0 "$WORK/$name.rc" && rc_keep=yes
    err_keep=no; [ -s "$WORK/$name.err" ] && err_keep=yes
    if [ "$update" -eq 1 ]; then
        save "$name" out "$WORK/$name.out" yes
        save "$name" err "$WORK/$name.err" "$err_keep"
        save "$name" rc "$WORK/$name.rc" "$rc_keep"
        continue
    fi
    # An all-zero status file compares as absent.
    [ "$rc_keep" = yes ] || : > "$WORK/$name.rc"
    bad=0
    for kind in out err rc; do
        compare "$name" "$kind" "$WORK/$name.$kind" || bad=1
    done
    if [ "$bad" -eq 0 ]; then echo "ok: $name"; else fail_later "$name differs (diff above; tests/golden.sh --update if deliberate)"; fi
done
if [ "$update" -eq 1 ]; then echo "updated $n golden test(s) in $GOLDEN"; exit 0; fi
echo "$n golden test(s)"
pass
