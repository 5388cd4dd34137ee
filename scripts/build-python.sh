#!/bin/sh
# build-python.sh - the main job, on a fresh Debian machine: install what is
# needed, build optpy, and build an optimized CPython from SOURCE (a source
# tree or tarball; default: CPython 3.13.5 from Debian's python3.13 source
# package).  Extra arguments go to `optpy build` (e.g. --install --prefix P).
# Usage: scripts/build-python.sh [SOURCE] [OPTPY-BUILD-ARGS...]
set -eu
cd "$(dirname "$0")/.."
repo=$(pwd)
sh scripts/deps.sh
if [ ! -x ./optpy ]; then
	autoreconf -fi && ./configure && make -j"$(nproc)"
fi
src=
case ${1:-} in
""|-*) src=$(sh scripts/fetch-cpython.sh 3.13) ;;
*) src=$1; shift ;;
esac
build=${OPTPY_BUILD_DIR:-$repo/optpy-build}
OPTPY_DATADIR=$repo ./optpy build --source "$src" --build-dir "$build" "$@"
./optpy report "$build"
echo "optimized interpreter: $build/obj/python"
