#!/bin/sh
# bench-training.sh - training time of two profiles on the same
# instrumented interpreter: builds up to the instrumented interpreter once,
# then runs optpy's train phase with each profile and prints both wall
# times and their ratio.
# Usage: scripts/bench-training.sh [TARBALL] (profiles: default vs cpython-pgo)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
tarball=${1:-$(sh "$here/fetch-cpython.sh" 3.13)}
dir=${OPTPY_BENCH_DIR:-/tmp/optpy-bench-training}
optpy=${OPTPY:-$repo/optpy}
export OPTPY_DATADIR=${OPTPY_DATADIR:-$repo}
"$optpy" build --source "$tarball" --build-dir "$dir" --until instrument -q
secs() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["phases"]["train"]["seconds"])' "$dir/report.json"; }
for p in default cpython-pgo; do
	"$optpy" build --source "$tarball" --build-dir "$dir" --profile "$p" --from train --until train -q
	eval "t_$(echo $p | tr - _)=$(secs)"
	echo "train with $p: $(secs) s" >&2
done
echo "default profile:     $t_default s"
echo "cpython-pgo profile: $t_cpython_pgo s"
awk -v a="$t_default" -v b="$t_cpython_pgo" 'BEGIN { printf "default / cpython-pgo: %.2f\n", a / b }'
