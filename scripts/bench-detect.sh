#!/bin/sh
# bench-detect.sh - wall time of `optpy detect` for each installed compiler
# (median of N runs); the goal is under 3 s on a 2-core machine.
# Usage: scripts/bench-detect.sh [RUNS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
optpy=${OPTPY:-$(dirname "$here")/optpy}
runs=${1:-5}
for cc in gcc clang clang-19; do
	command -v "$cc" >/dev/null || continue
	times=
	for _ in $(seq "$runs"); do
		t=$("$optpy" detect --cc "$cc" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')
		times="$times $t"
	done
	echo "$cc:$times" | python3 -c 'import statistics,sys
name, rest = sys.stdin.read().split(":")
v = [float(x) for x in rest.split()]
print("detect --cc %-9s median %.2f s (min %.2f, max %.2f, %d runs)" % (name, statistics.median(v), min(v), max(v), len(v)))'
done
