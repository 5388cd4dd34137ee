#!/bin/sh
# bench-variants.sh - optpy builds of one CPython source that differ only in
# their options, built one after another (never two at once), then run side
# by side with `optpy bench` (interleaved) against a base interpreter, per
# program: what an option (a training profile, --cpu-level...) gains.
# Usage: scripts/bench-variants.sh BASE_PYTHON TARBALL NAME='OPTPY ARGS'...
#   e.g. scripts/bench-variants.sh /tmp/stock/python "$T" default='' \
#          cpython-pgo='--profile cpython-pgo' v3='--cpu-level v3'
# Work goes to $OPTPY_BENCH_DIR (default /tmp/optpy-variants): NAME/ is
# each build, NAME.time its wall seconds, bench.json the figures, data/
# the profiles and benchmarks as they were when it started.  A NAME
# whose build directory exists is resumed: nothing is redone while its
# inputs are the same, but a changed training (a new task in profiles/)
# redoes it from instrument, and the old interpreter is gone.  RUNS
# rounds (default 10).
set -eu
[ $# -ge 3 ] || { sed -n '2,15s/^# \{0,1\}//p' "$0" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
base=$1 tarball=$2
shift 2
work=${OPTPY_BENCH_DIR:-/tmp/optpy-variants}
optpy=${OPTPY:-$repo/optpy}
[ -x "$base" ] || { echo "bench-variants: $base is not an interpreter" >&2; exit 2; }
mkdir -p "$work"
# the benchmarks and profiles of this checkout (or OPTPY_DATADIR) as they
# are now: copied, so that an edit made while this runs reaches none of
# its builds
data=${OPTPY_DATADIR:-$repo}
rm -rf "$work/data"
mkdir "$work/data"
cp -R "$data/profiles" "$data/bench" "$work/data/"
export OPTPY_DATADIR="$work/data"
names=
for v in "$@"; do
	name=${v%%=*} args=${v#*=}
	case $name in ''|data|*[!a-zA-Z0-9_.-]*) echo "bench-variants: bad variant name '$name'" >&2; exit 2 ;; esac
	# the arguments are this script's user's own words: split on blanks
	# shellcheck disable=SC2086
	/usr/bin/time -f "%e" -o "$work/$name.time" "$optpy" build --source "$tarball" \
		--build-dir "$work/$name" $args > "$work/$name.log" 2>&1 ||
		{ echo "bench-variants: $name failed, see $work/$name.log" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
	echo "$name ($args): $(cat "$work/$name.time") s" >&2
	names="$names $name"
done
set --
for name in $names; do set -- "$@" "$work/$name/obj/python"; done
"$optpy" bench --runs "${RUNS:-10}" --json --svg "$work/bench.svg" "$base" "$@" > "$work/bench.json"
python3 - "$work/bench.json" $names <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
names = sys.argv[2:]
print("%-14s" % "benchmark" + "".join("%24s" % n for n in names))
for b in d["benchmarks"]:
    if b["failed"]:
        print("%-14s failed" % b["name"])
        continue
    print("%-14s" % b["name"] + "".join("%9.3fx (%.3f-%.3f)" % (s["ratio"], s["ci_low"], s["ci_high"]) for s in b["speed"]))
print("%-14s" % "geomean" + "".join("%9.3fx (%.3f-%.3f)" % (g["ratio"], g["ci_low"], g["ci_high"]) for g in d["geometric_mean"]))
print("base: %s; %d runs; ratio > 1: faster than the base" % (d["interpreters"][0]["path"], d["runs"]))
PY
