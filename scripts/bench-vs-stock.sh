#!/bin/sh
# bench-vs-stock.sh - build the same CPython source side by side in one run:
# the stock flow (`configure --enable-optimizations --with-lto && make -jN`)
# and `optpy build` (which saves its profile), then a warm `optpy build
# --use-profile` in another build directory, and print the wall times, peak
# memory and the ratios.
# With --plain, also a plain `configure && make -jN` (-O3, no PGO/LTO) as the
# speed baseline; with --bench, also an optpy build without BOLT (--bolt
# off), and compare the interpreters with `optpy bench` (stock is the base;
# RUNS rounds, default 10) and, when valgrind is there, count the
# instructions each benchmark round costs in each (bench-instructions.sh).
# --stock-exclude TEST: the stock profile task is CPython's own PGO test list
# without TEST (for when a test fails in the stock instrumented build, which
# stops the stock flow; the same list otherwise).
# Usage: scripts/bench-vs-stock.sh [--plain] [--bench] [--stock-exclude TEST]... [TARBALL]
# Work goes to $OPTPY_BENCH_DIR (default /tmp/optpy-bench), outside the repo.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
plain=0 bench=0 exclude=
while [ $# -gt 0 ]; do
	case $1 in
	--plain) plain=1; shift ;;
	--bench) bench=1; shift ;;
	--stock-exclude) exclude="$exclude $2"; shift 2 ;;
	-*) echo "usage: $0 [--plain] [--bench] [TARBALL]" >&2; exit 2 ;;
	*) break ;;
	esac
done
tarball=${1:-$(sh "$here/fetch-cpython.sh" 3.13)}
work=${OPTPY_BENCH_DIR:-/tmp/optpy-bench}
jobs=${JOBS:-$(nproc)}
optpy=${OPTPY:-$repo/optpy}
[ -x "$optpy" ] || { echo "bench-vs-stock: build optpy first (scripts/test.sh or make)" >&2; exit 2; }
rm -rf "$work"
mkdir -p "$work"
# the benchmarks and profiles of this checkout (or OPTPY_DATADIR), whatever
# optpy binary runs, as they are now: copied, so that an edit made while
# this runs reaches none of its builds
data=${OPTPY_DATADIR:-$repo}
mkdir "$work/data"
cp -R "$data/profiles" "$data/bench" "$work/data/"
export OPTPY_DATADIR="$work/data"
# timed NAME CMD...: run, record wall seconds and peak RSS (KiB) of the tree
timed() {
	name=$1
	shift
	/usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" > "$work/$name.log" 2>&1 ||
		{ echo "bench-vs-stock: $name failed, see $work/$name.log" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
	echo "$name: $(cut -d' ' -f1 "$work/$name.time") s, peak RSS $(($(cut -d' ' -f2 "$work/$name.time") / 1024)) MiB" >&2
}
unpack() {
	mkdir -p "$work/$1"
	tar -xf "$tarball" -C "$work/$1" --strip-components=1
}
echo "bench-vs-stock: $tarball, make -j$jobs, in $work" >&2
unpack stock
task=
if [ -n "$exclude" ]; then
	# CPython's PGO test list (Lib/test/libregrtest/pgo.py) minus the excluded tests
	tests=$(python3 - "$work/stock/Lib/test/libregrtest/pgo.py" $exclude <<'PY'
import re, sys
src = open(sys.argv[1]).read()
body = src.split("PGO_TESTS = [", 1)[1].split("]", 1)[0]
print(" ".join(t for t in re.findall(r"'(test_\w+)'", body) if t not in sys.argv[2:]))
PY
)
	task="PROFILE_TASK=-m test --pgo $tests"
	echo "stock PROFILE_TASK without:$exclude" >&2
fi
timed stock sh -c "cd '$work/stock' && ./configure --enable-optimizations --with-lto && make -j$jobs \"\$@\"" sh ${task:+"$task"}
timed optpy "$optpy" build --source "$tarball" \
	--build-dir "$work/optpy" --jobs "$jobs" --save-profile "$work/optpy.profile"
# a warm build: the stored profile, in another build directory
timed optpy-warm "$optpy" build --source "$tarball" \
	--build-dir "$work/optpy-warm" --jobs "$jobs" --use-profile "$work/optpy.profile"
if [ $bench = 1 ]; then
	timed optpy-nobolt "$optpy" build --source "$tarball" \
		--build-dir "$work/optpy-nobolt" --jobs "$jobs" --bolt off
fi
if [ $plain = 1 ]; then
	unpack plain
	timed plain sh -c "cd '$work/plain' && ./configure && make -j$jobs"
fi
s=$(cut -d' ' -f1 "$work/stock.time")
o=$(cut -d' ' -f1 "$work/optpy.time")
echo "stock PGO+LTO build: $s s"
echo "optpy build:         $o s ($(python3 -c "import json; print(json.load(open('$work/optpy/report.json'))['phases']['bolt'].get('outcome', 'no BOLT'))"))"
awk -v s="$s" -v o="$o" 'BEGIN { printf "optpy / stock:       %.2fx\n", o / s }'
w=$(cut -d' ' -f1 "$work/optpy-warm.time")
echo "optpy warm build:    $w s (--use-profile; BOLT profile $(python3 -c "import json; print(json.load(open('$work/optpy-warm/report.json'))['phases']['bolt'].get('profile_source', 'none'))"))"
awk -v s="$s" -v o="$w" 'BEGIN { printf "optpy warm / stock:  %.2fx\n", o / s }'
if [ $bench = 1 ]; then
	n=$(cut -d' ' -f1 "$work/optpy-nobolt.time")
	echo "optpy --bolt off:    $n s"
	awk -v s="$s" -v o="$n" 'BEGIN { printf "optpy --bolt off / stock: %.2fx\n", o / s }'
fi
[ $plain = 1 ] && echo "plain -O3 build:     $(cut -d' ' -f1 "$work/plain.time") s"
if [ $bench = 1 ]; then
	set -- "$work/stock/python" "$work/optpy-nobolt/obj/python" "$work/optpy/obj/python"
	[ $plain = 1 ] && set -- "$@" "$work/plain/python"
	echo "bench: base stock; candidates: optpy --bolt off, optpy (BOLT)$([ $plain = 1 ] && echo ", plain")" >&2
	"$optpy" bench --runs "${RUNS:-10}" --json "$@" > "$work/bench.json"
	python3 - "$work/bench.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for g in d["geometric_mean"]:
    print("speed vs stock: %-45s %.3fx (95%% interval %.3f-%.3f)" % (g["candidate"], g["ratio"], g["ci_low"], g["ci_high"]))
names = [i["path"] for i in d["interpreters"]]
for b in d["benchmarks"]:
    if b.get("failed"):
        print("  %-12s failed" % b["name"]); continue
    print("  %-12s " % b["name"] + "  ".join("%.3fx (%.2f-%.2f)" % (s["ratio"], s["ci_low"], s["ci_high"]) for s in b["speed"]))
PY
	if command -v valgrind >/dev/null; then
		echo "instructions per benchmark round (base stock; > 1: fewer):" >&2
		sh "$here/bench-instructions.sh" "$@"
	else
		echo "bench-vs-stock: valgrind not found: no instruction counts" >&2
	fi
fi
