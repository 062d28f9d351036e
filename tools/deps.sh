#!/bin/sh
# Installs the Debian packages grantsearch needs to build, test and benchmark.
# Each one is there for a reason given in README.md ("Dependencies").
set -e
PKGS="build-essential autoconf automake pkg-config
      libxapian-dev libstemmer-dev zlib1g-dev
      libjansson-dev libutf8proc-dev
      check snowball-data valgrind
      clang libclang-rt-14-dev
      xapian-tools
      libhunspell-dev hunspell-ru"   # clang: make fuzz-smoke (bookworm's clang 14); xapian-tools: tests/cli_remote.sh; hunspell: lemmas
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y --no-install-recommends $missing
