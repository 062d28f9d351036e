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
      libmicrohttpd-dev curl chromium wrk libhunspell-dev hunspell-ru"   # clang: make fuzz-smoke (bookworm's clang 14); xapian-tools: tests/cli_remote.sh
# libmicrohttpd-dev: grantsearch serve; curl: its API tests; chromium, node, npm:
# its browser tests (tests/browser, npm ci below); wrk: bench/serve_load.sh;
# libhunspell-dev, hunspell-ru: lemmas (stemming/lemma.c)
# libfasttext-dev: vectors learned from the archive (fasttext-c/, vectors/)
PKGS="$PKGS libfasttext-dev"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
# Debian's node and npm only when there is no npm at all (a NodeSource
# nodejs, which bundles npm, conflicts with Debian's npm package).
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
if [ -n "$missing" ]; then
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get install -y --no-install-recommends $missing
fi
# The browser tests' driver (playwright-core, pinned by tests/browser/package-lock.json).
browser="$(dirname "$0")/../tests/browser"
if [ ! -d "$browser/node_modules/playwright-core" ]; then
  (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error)
fi
