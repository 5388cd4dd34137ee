#!/bin/sh
# bench-training.sh - training time of two profiles on the same
# instrumented interpreter: builds up to the instrumented interpreter once,
# then runs optpy's train and merge phases with each profile and prints
# both wall times, their ratio, how many objects each gave profile data,
# and the objects cpython-pgo reached that the default profile did not.
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
	"$optpy" build --source "$tarball" --build-dir "$dir" --profile "$p" --from train --until merge -q
	eval "t_$(echo $p | tr - _)=$(secs)"
	cp "$dir/report.json" "$dir/report-$p.json"
	ceval=$dir/profile/data/$(echo "$dir/obj/Python/ceval.gcda" | tr / '#')
	[ ! -f "$ceval" ] || cp "$ceval" "$dir/ceval-$p.gcda"
	echo "train with $p: $(secs) s" >&2
done
python3 - "$dir/report-default.json" "$dir/report-cpython-pgo.json" <<'PY'
import json, sys
def reached(path):
    c = json.load(open(path))["coverage"]
    missed = {m["object"]: m["why"] for m in c["missed"]}
    return c["objects"], c["with_profile"], missed
n, d, dmiss = reached(sys.argv[1])
_, p, pmiss = reached(sys.argv[2])
print("objects with profile data: default %d, cpython-pgo %d (of %d)" % (d, p, n))
gap = sorted(o for o in dmiss if o not in pmiss)
print("reached by cpython-pgo, not by default: %d" % len(gap))
for o in gap:
    print("  %s: %s" % (o, dmiss[o]))
PY
echo "default profile:     $t_default s"
echo "cpython-pgo profile: $t_cpython_pgo s"
awk -v a="$t_default" -v b="$t_cpython_pgo" 'BEGIN { printf "default / cpython-pgo: %.2f\n", a / b }'
if [ -f "$dir/ceval-default.gcda" ] && [ -f "$dir/ceval-cpython-pgo.gcda" ]; then
	sh "$here/opcode-mix.sh" "$dir" "$dir/ceval-default.gcda" "$dir/ceval-cpython-pgo.gcda" >"$dir/opcode-mix.txt"
	echo "instruction mix, [1] default, [2] cpython-pgo (all of it: $dir/opcode-mix.txt):"
	awk 'NR <= 3 || ($2 + 0 == 0 && $3 + 0 > 0) || ($2 + 0 > 0 && $3 > 20 * $2)' "$dir/opcode-mix.txt"
fi
