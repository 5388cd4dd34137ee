#!/bin/sh
# bench-caches.sh - compiler caches as optpy's launcher, measured (#22).
# For each cache found (ccache, sccache), with a fresh cache: a cold build
# that saves its profile; a second cold build of the same source in another
# build directory; a warm build from the saved profile in a third one.
# Each build runs in two steps (up to merge, then the rest) so the cache's
# hits are printed for the instrumented and the final compiles apart.
# SOURCE_DATE_EPOCH is set (objects do not name their build directory);
# BOLT is off (it compiles nothing).  Prints wall times and hit counts.
# OPTPY_ARGS: more `optpy build` arguments (the script's own check runs it
# on the miniature tree with its training profile).
# Usage: scripts/bench-caches.sh [--cc CC] [TARBALL]
# Work goes to $OPTPY_BENCH_DIR (default /tmp/optpy-caches), outside the repo.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
cc=gcc
[ "${1:-}" = --cc ] && { cc=$2; shift 2; }
tarball=${1:-$(sh "$here/fetch-cpython.sh" 3.13)}
work=${OPTPY_BENCH_DIR:-/tmp/optpy-caches}
optpy=${OPTPY:-$repo/optpy}
[ -x "$optpy" ] || { echo "bench-caches: build optpy first (make)" >&2; exit 2; }
rm -rf "$work"
mkdir -p "$work"
export SOURCE_DATE_EPOCH=1700000000 OPTPY_DATADIR="${OPTPY_DATADIR:-$repo}"
unset CCACHE_BASEDIR CCACHE_DISABLE CCACHE_RECACHE CCACHE_PREFIX

# stats LAUNCHER: "hits misses uncached" since the last zeroing
stats() {
	case $1 in
	ccache) ccache --print-stats | awk '
		$1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" { h += $2 }
		$1 == "cache_miss" { m += $2 }
		$1 ~ /^(autoconf_test|bad_compiler_arguments|called_for_|compile_failed|could_not_use_|multiple_source_files|no_input_file|output_to_stdout|preprocessor_error|unsupported_)/ { u += $2 }
		END { print h + 0, m + 0, u + 0 }' ;;
	sccache) sccache -s | awk '
		/^Cache hits  / { h = $3 } /^Cache misses  / { m = $3 } /^Non-cacheable calls/ { u = $3 }
		END { print h + 0, m + 0, u + 0 }' ;;
	esac
}
zero() { case $1 in ccache) ccache -z >/dev/null ;; sccache) sccache -z >/dev/null ;; esac; }

# step LAUNCHER NAME WHAT OPTPY-ARGS...: one optpy run, timed, with the
# cache's counts for it
step() {
	l=$1 name=$2 what=$3
	shift 3
	zero "$l"
	t0=$(date +%s.%N)
	"$optpy" build --source "$tarball" --build-dir "$work/$l-$name" --cc "$l $cc" --bolt off -q ${OPTPY_ARGS:-} "$@" \
		> "$work/$l-$name.$what.log" 2>&1 ||
		{ echo "bench-caches: $l $name ($what) failed, see $work/$l-$name.$what.log" >&2; exit 1; }
	t1=$(date +%s.%N)
	set -- $(stats "$l")
	awk -v n="$l $name" -v w="$what" -v t0="$t0" -v t1="$t1" -v h="$1" -v m="$2" -v u="$3" 'BEGIN {
		c = h + m; printf "%-22s %-11s %7.1f s  hits %4d of %4d cacheable (%5.1f%%), %4d not cacheable\n",
		n, w, t1 - t0, h, c, c ? 100 * h / c : 0, u }'
}

for l in ccache sccache; do
	command -v $l >/dev/null || { echo "bench-caches: no $l, skipped" >&2; continue; }
	case $l in
	ccache) export CCACHE_DIR="$work/ccache-dir" ;;
	sccache) export SCCACHE_DIR="$work/sccache-dir" SCCACHE_IDLE_TIMEOUT=0
		# a server of its own, on a port of its own: the user's is not touched
		SCCACHE_SERVER_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
		export SCCACHE_SERVER_PORT
		# started here, outside optpy: a server started by a compile
		# inside a build would be one of the build's children
		sccache --start-server >/dev/null ;;
	esac
	step $l cold1 instrument --until merge --save-profile "$work/$l.profile"
	step $l cold1 final
	step $l cold2 instrument --until merge
	step $l cold2 final
	step $l warm final --use-profile "$work/$l.profile"
	[ $l = sccache ] && sccache --stop-server >/dev/null 2>&1 || true
done
