#!/bin/sh
# profiles.sh - every training workload runs and exits 0 on python3 (and on
# $OPTPY_TEST_PYTHON when given); the shipped manifests are valid; the
# default profile drives a real train phase.
. "${srcdir:-.}/tests/lib.sh"
export TMPDIR="$T_TMP"
unset CC CFLAGS LDFLAGS AR LLVM_AR LLVM_PROFDATA CFLAGS_NODIST LDFLAGS_NODIST
D=${srcdir:-.}/profiles
for py in python3 ${OPTPY_TEST_PYTHON:-}; do
	for t in "$D"/tasks/*.py; do
		expect_status 0 "$(basename "$t") on $py" -- "$py" "$t" 1
		a=$OUT
		OUT=$("$py" "$t" 1 2>&1)
		[ "$OUT" = "$a" ] && ok "$(basename "$t") is deterministic" || fail "$(basename "$t") differs between runs"
	done
done
for m in "$D"/*.json; do
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['tasks'] and all(t['command'] for t in d['tasks'])" "$m" &&
		ok "$(basename "$m") is a valid manifest" || fail "$(basename "$m")"
	# and optpy's own strict loader takes it
	expect_status 0 "optpy accepts $(basename "$m")" -- "$OPTPY" build --source "$MINI" --build-dir "$T_TMP/m-$(basename "$m" .json)" --profile "$(basename "$m" .json)" --cc gcc --until inspect -q
done
# the default profile through a real train phase (the miniature interpreter
# hands Python code to python3): every task ok, per-task times reported
expect_status 0 "default profile trains the miniature tree" -- "$OPTPY" build --source "$MINI" --build-dir "$T_TMP/b" --profile default --verify-tests none --cc gcc -q
R=$T_TMP/b/report.json
n=$(json_get "$R" phases.train.tasks_ok)
[ "$n" = "$(python3 -c "import json; print(len(json.load(open('$D/default.json'))['tasks']))")" ] && ok "all $n default tasks ok" || fail "tasks ok: $n"
json_get "$R" phases.train.tasks | grep -q '"seconds"' && ok "per-task times reported" || fail "no per-task times"
# in parallel: with two or more cores the tasks' own times add up to more
# than the phase's wall time (they overlapped)
jobs=$(json_get "$R" phases.train.jobs)
if [ "$(nproc)" -ge 2 ]; then
	[ "$jobs" -ge 2 ] && ok "$jobs training jobs on $(nproc) cores" || fail "jobs $jobs on $(nproc) cores"
	json_get "$R" phases.train.tasks > "$T_TMP/tasks.json"
	wall=$(json_get "$R" phases.train.seconds)
	python3 -c 'import json,sys
busy = sum(t["seconds"] for t in json.load(open(sys.argv[1])))
print("# task time %.1f s in %.1f s of wall time" % (busy, float(sys.argv[2])))
sys.exit(0 if busy > 1.2 * float(sys.argv[2]) else 1)' "$T_TMP/tasks.json" "$wall" &&
		ok "the tasks overlapped" || fail "the tasks did not overlap (task time not above the wall time)"
else
	skip "one core: no parallel training to see"
fi
finish
