#!/bin/sh
# deps.sh - install what optpy, its tests and CPython builds need, from
# Debian's packages.  Safe to re-run; does nothing when all is present.
# Usage: scripts/deps.sh [--no-cpython-deps]
set -eu
# optpy itself: libjansson-dev (JSON), libarchive-dev (tarballs), libssl-dev
# (libcrypto's SHA-256); the rest builds and tests it; ccache for the launcher test (CC="ccache gcc"),
# distcc for the compile farm test (tests/build-farm.sh), sccache for its cache key check.
# LLVM 19 and 22 (Debian 12's security suite has 22): the newest llvm-bolt
# BOLTs the computed-goto loops (LLVM >= 21), clang >= 19 makes 3.14's
# tail-calling interpreter, and 3.14's JIT is built with LLVM 19.
llvm_opt="clang-19 lld-19 llvm-19 bolt-19 libclang-rt-19-dev clang-22 lld-22 llvm-22 bolt-22 libclang-rt-22-dev"
pkgs="autoconf automake libtool pkg-config make gcc clang lld llvm
 libjansson-dev libarchive-dev libssl-dev
 $llvm_opt python3 xz-utils ca-certificates
 procps time ccache distcc sccache"
[ "${1:-}" = --no-cpython-deps ] || pkgs="$pkgs
 libffi-dev zlib1g-dev libbz2-dev liblzma-dev libsqlite3-dev
 libreadline-dev libncurses-dev libgdbm-dev uuid-dev libexpat1-dev"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing" >&2
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Optional packages (a newer LLVM) may be absent on other releases: install
# the required set first, then each optional one on its own.
opt="$llvm_opt ccache distcc sccache"
req=
for p in $missing; do
	case " $opt " in *" $p "*) ;; *) req="$req $p" ;; esac
done
[ -z "$req" ] || $SUDO apt-get install -y -qq --no-install-recommends $req </dev/null
for p in $missing; do
	case " $opt " in
	*" $p "*) $SUDO apt-get install -y -qq --no-install-recommends "$p" </dev/null ||
		echo "deps: optional package $p not installed" >&2 ;;
	esac
done
