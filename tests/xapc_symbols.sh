#!/bin/sh
# xapc_symbols.sh - libxapc.a exports exactly the C API of xapc.h.
#
# The xapian-c/*.cc files are built with -fvisibility=hidden and mark only
# the xapc_* functions as default-visible (XAPC_API, xapc_private.h).  This
# checks (1) every function declared in xapc.h is defined in the library with
# default visibility and (2) no other defined symbol of ours is
# default-visible, the helpers shared through xapc_private.h included
# (Xapian's own classes are: the catch clauses need their typeinfo, shared
# with libxapian).
set -eu
: "${top_srcdir:=.}" "${top_builddir:=.}"
lib="$top_builddir/xapian-c/libxapc.a"
hdr="$top_srcdir/xapian-c/xapc.h"
if ! command -v readelf >/dev/null 2>&1; then
    echo "xapc_symbols: skipped (no readelf; apt-get install binutils)"
    exit 77
fi
[ -f "$lib" ] || { echo "xapc_symbols: $lib not built" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Defined GLOBAL/WEAK symbols with DEFAULT visibility.
readelf -sW "$lib" | awk '$7 != "UND" && ($5 == "GLOBAL" || $5 == "WEAK") &&
    $6 == "DEFAULT" { print $8 }' | sort -u >"$tmp/exported"
# Function names declared in the header: "name(" after a type.
sed -n 's/^[a-z].*[ *]\(xapc_[a-z0-9_]*\)(.*/\1/p' "$hdr" | sort -u >"$tmp/declared"

status=0
missing=$(comm -23 "$tmp/declared" "$tmp/exported")
if [ -n "$missing" ]; then
    echo "xapc_symbols: declared in xapc.h but not exported:" $missing >&2
    status=1
fi
# Any other C++ symbol must be Xapian's own (its classes are default-visible
# by Xapian's headers; unoptimised builds emit some of their inline members
# here), and must not involve a type of ours.
extra=$(grep -v '^xapc_' "$tmp/exported" | c++filt |
    grep -Ev '^((typeinfo|typeinfo name|vtable|VTT) for )?Xapian::[^<]*$' || true)
if [ -n "$extra" ]; then
    echo "xapc_symbols: unexpected default-visible symbols:" >&2
    echo "$extra" >&2
    status=1
fi
undeclared=$(grep '^xapc_' "$tmp/exported" | comm -13 "$tmp/declared" - || true)
if [ -n "$undeclared" ]; then
    echo "xapc_symbols: exported but not declared in xapc.h:" $undeclared >&2
    status=1
fi
[ $status -eq 0 ] && echo "xapc_symbols: $(wc -l <"$tmp/declared") C functions exported, nothing else"
exit $status
