#!/bin/sh
# fetch-cpython.sh - download a CPython release tarball from Debian's source
# package and print its path.  Tarballs are cached outside the repository,
# in ${OPTPY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/optpy}.
# Usage: scripts/fetch-cpython.sh [3.13|3.11]
set -eu
ver=${1:-3.13}
case $ver in
3.13) pkg=python3.13 pkgver=3.13.5-2+deb13u5 ;;
3.11) pkg=python3.11 pkgver=3.11.2-6+deb12u9 ;;
*) echo "fetch-cpython: unknown version '$ver' (known: 3.13, 3.11)" >&2; exit 2 ;;
esac
[ -n "${OPTPY_PKGVER:-}" ] && pkgver=$OPTPY_PKGVER
cache=${OPTPY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/optpy}
mkdir -p "$cache/$pkg"
find_orig() { ls "$cache/$pkg"/${pkg}_*.orig.tar.* 2>/dev/null | grep -v '\.asc$' | head -n 1; }
t=$(find_orig || true)
if [ -z "$t" ]; then
	here=$(cd "$(dirname "$0")" && pwd)
	if [ ! -f /etc/apt/sources.list.d/optpy-deb-src.sources ]; then
		sh "$here/apt-sources.sh" trixie bookworm
		apt-get update -qq
	fi
	# apt-get source writes into the current directory: use the cache.  Only
	# the upstream .orig tarball is needed, so a missing Debian diff is fine.
	(cd "$cache/$pkg" && apt-get source -qq --download-only "$pkg=$pkgver" </dev/null) ||
	[ -n "$(find_orig)" ] ||
	(cd "$cache/$pkg" && apt-get source -qq --download-only "$pkg" </dev/null) ||
	[ -n "$(find_orig)" ] || {
		echo "fetch-cpython: apt-get source $pkg failed; run scripts/apt-sources.sh and apt-get update" >&2
		exit 1
	}
	t=$(find_orig)
fi
[ -n "$t" ] || { echo "fetch-cpython: no .orig tarball for $pkg in $cache/$pkg" >&2; exit 1; }
case $t in
*.xz) xz -t "$t" ;;
*.gz) gzip -t "$t" ;;
esac || { echo "fetch-cpython: $t is corrupt; removing it, run again" >&2; rm -f "$t"; exit 1; }
echo "$t"
