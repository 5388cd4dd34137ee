#!/bin/sh
# build-errors.sh - the one error rule: a failure inside every phase, and
# around the phases (toolchain, probes, options, stamps), ends with its own
# exit status and a report.json that says "failed", the phase, the message
# and the same status.  Then strict input (numbers, missing values, stray
# words, --from/--until order, manifests) and PGO that is asked for.
. "${srcdir:-.}/tests/lib.sh"
export TMPDIR="$T_TMP"
unset CC CFLAGS LDFLAGS AR LLVM_AR LLVM_PROFDATA CFLAGS_NODIST LDFLAGS_NODIST
W=$T_TMP/w
mkdir -p "$W"
build() { "$OPTPY" build --source "$MINI" --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q "$@"; }

# report_says DIR STATUS PHASE: report.json of DIR says failed in PHASE with STATUS
report_says() {
	r=$1/report.json
	if [ ! -f "$r" ]; then fail "$3: no report.json"; return; fi
	[ "$(json_get "$r" status)" = failed ] && ok "$3: report status failed" || fail "$3: report status $(json_get "$r" status)"
	[ "$(json_get "$r" exit_status)" = "$2" ] && ok "$3: report exit_status $2" || fail "$3: report exit_status $(json_get "$r" exit_status)"
	[ "$(json_get "$r" failure.phase)" = "$3" ] && ok "$3: report names the phase" || fail "$3: report phase $(json_get "$r" failure.phase)"
	m=$(json_get "$r" failure.message)
	[ -n "$m" ] && [ "$m" != None ] && ok "$3: report has the message" || fail "$3: no message in the report"
}

# ---- a failure inside each phase ----
mkdir -p "$W/old"
cp -r "$MINI/." "$W/old/"
sed -i 's/PY_MINOR_VERSION        13/PY_MINOR_VERSION        8/' "$W/old/Include/patchlevel.h"
expect_status 8 "inspect fails (unsupported version)" -- "$OPTPY" build --source "$W/old" --build-dir "$W/p-inspect" --profile "$MINI_PROFILE" --cc gcc -q
report_says "$W/p-inspect" 8 inspect
expect_status 9 "configure fails" -- build --build-dir "$W/p-configure" -- --fail
report_says "$W/p-configure" 9 configure
expect_status 9 "instrument fails" -- build --build-dir "$W/p-instrument" -- --with-broken-python
report_says "$W/p-instrument" 9 instrument
printf '{"name": "bad", "tasks": [{"name": "t", "command": ["false"]}]}' > "$W/allfail.json"
expect_status 9 "train fails (every task fails)" -- "$OPTPY" build --source "$MINI" --build-dir "$W/p-train" --profile "$W/allfail.json" --verify-tests none --cc gcc -q
report_says "$W/p-train" 9 train
expect_in "every training task failed" "train says why"
printf '{"name": "nodata", "tasks": [{"name": "t", "command": ["true"]}]}' > "$W/nodata.json"
expect_status 9 "merge fails (no profile data)" -- "$OPTPY" build --source "$MINI" --build-dir "$W/p-merge" --profile "$W/nodata.json" --verify-tests none --cc gcc -q
report_says "$W/p-merge" 9 merge
expect_in "no .gcda files" "merge says why"
expect_status 9 "optimize fails" -- env MINIPY_MAKE_FAIL=-fprofile-use "$OPTPY" build --source "$MINI" --build-dir "$W/p-optimize" --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q
report_says "$W/p-optimize" 9 optimize
[ -f "$W/p-optimize/stamps/merge.json" ] && ok "optimize failed: merge's result kept" || fail "merge stamp lost"
expect_status 9 "verify fails" -- build --build-dir "$W/p-verify" -- --with-wrong-version
report_says "$W/p-verify" 9 verify
expect_status 9 "install fails" -- env MINIPY_INSTALL_FAIL=1 "$OPTPY" build --source "$MINI" --build-dir "$W/p-install" --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q --install --destdir "$W/dest"
report_says "$W/p-install" 9 install
[ -f "$W/p-install/stamps/verify.json" ] && ok "install failed: verify's result kept" || fail "verify stamp lost"

# ---- failures around the phases, which used to exit without a report ----
expect_status 3 "compiler missing" -- build --build-dir "$W/s-cc" --cc /nonexistent/gcc
report_says "$W/s-cc" 3 setup
expect_status 5 "garbage in CFLAGS" -- env CFLAGS='-O2 $(rm -rf /)' "$OPTPY" build --source "$MINI" --build-dir "$W/s-env" --profile "$MINI_PROFILE" --cc gcc -q
report_says "$W/s-env" 5 setup
expect_status 6 "probe directory not writable" -- build --build-dir "$W/s-tmp" --tmpdir /nonexistent/tmp
report_says "$W/s-tmp" 6 setup
expect_in "temporary directory" "says which directory"
printf '{"tasks": [' > "$W/broken.json"
expect_status 2 "profile that is not JSON" -- "$OPTPY" build --source "$MINI" --build-dir "$W/s-prof" --profile "$W/broken.json" --cc gcc -q
expect_in "line 1, column" "says where the JSON is broken"
# checked before the build directory is made (#21): nothing to report into
[ -e "$W/s-prof" ] && fail "a bad manifest still made the build directory" || ok "a bad manifest makes no build directory"
# the object-state file cannot be written: the phase fails cleanly, with a report
expect_status 0 "a build to break" -- build --build-dir "$W/s-state" --until configure
rm -f "$W/s-state/stamps/objects"
mkdir "$W/s-state/stamps/objects"
expect_status 6 "object state cannot be written" -- build --build-dir "$W/s-state" --from configure
report_says "$W/s-state" 6 configure
# other options on a finished build: refused with a report that says so
expect_status 0 "a finished build" -- build --build-dir "$W/s-opt"
expect_status 2 "other options on it" -- build --build-dir "$W/s-opt" --lto off
expect_in "built with other options \(lto: \"full\" -> \"off\"\)" "names the option that changed"
expect_in "--from optimize" "names the phase to redo from"
report_says "$W/s-opt" 2 setup

# ---- PGO asked for (the default) but impossible ----
# a gcc that refuses to instrument: --pgo on fails, auto warns, off skips
mkdir -p "$W/nopgo"
cat > "$W/nopgo/gcc" <<'X'
#!/bin/sh
case " $* " in *" -fprofile-generate"*) echo "gcc: error: profiling support is not installed" >&2; exit 1 ;; esac
exec gcc "$@"
X
chmod +x "$W/nopgo/gcc"
expect_status 13 "PGO impossible, --pgo on (default)" -- "$OPTPY" build --source "$MINI" --build-dir "$W/pgo-on" --profile "$MINI_PROFILE" --verify-tests none --cc "$W/nopgo/gcc" -q
expect_in "PGO does not work" "says PGO does not work"
expect_in "--pgo auto" "names the way out"
report_says "$W/pgo-on" 13 setup
[ ! -f "$W/pgo-on/stamps/configure.json" ] && ok "nothing built without PGO" || fail "built without PGO"
expect_status 0 "--pgo auto builds, loudly" -- "$OPTPY" build --source "$MINI" --build-dir "$W/pgo-auto" --profile "$MINI_PROFILE" --verify-tests none --cc "$W/nopgo/gcc" -q --pgo auto
expect_in "warning: PGO does not work.*NOT profile-guided" "a warning even with -q"
[ "$(json_get "$W/pgo-auto/report.json" phases.instrument.skipped)" = True ] && ok "instrument skipped" || fail "instrument ran"
json_get "$W/pgo-auto/report.json" warnings | grep -q "NOT profile-guided" && ok "the report keeps the warning" || fail "no warning in the report"
expect_status 0 "--pgo off" -- build --build-dir "$W/pgo-off" --pgo off
[ "$(json_get "$W/pgo-off/report.json" phases.train.skipped)" = True ] && ok "--pgo off skips training" || fail "trained"
grep -q -- '-fprofile-use' "$W/pgo-off/logs/optimize.log" && fail "--pgo off used a profile" || ok "--pgo off: no profile flags"

# ---- strict input, checked before anything is written ----
for args in "--jobs 5abc" "--jobs 0" "--jobs -3" "--train-timeout nan" "--train-timeout inf" \
	"--train-timeout 0" "--train-timeout 1e3" "--pgo maybe" "--lto fast" "--from nowhere" \
	"--until nowhere"; do
	# shellcheck disable=SC2086
	expect_status 2 "refused: $args" -- build --build-dir "$W/strict" $args
done
expect_status 2 "a missing value does not swallow the next option" -- build --build-dir "$W/strict" --jobs --lto off
expect_in "--jobs needs a value" "says which option lacks its value"
expect_status 2 "a missing --build-dir value" -- build --build-dir --install
expect_status 2 "a stray word is not a configure argument" -- build --build-dir "$W/strict" stray
expect_in "unexpected argument 'stray'" "names the stray word"
expect_status 2 "--from after --until" -- build --build-dir "$W/strict" --from verify --until configure
expect_in "comes after --until" "says the order is wrong"
[ ! -e "$W/strict" ] && ok "nothing written for bad options" || fail "bad options wrote $W/strict"
expect_status 2 "OPTPY_PROBE_TIMEOUT not a number" -- env OPTPY_PROBE_TIMEOUT=soon "$OPTPY" build --source "$MINI" --build-dir "$W/strict" -q
printf '{"name": "x", "tasks": [{"name": "a", "command": ["{python}"], "timout": 5}]}' > "$W/typo.json"
expect_status 2 "unknown manifest key" -- "$OPTPY" build --source "$MINI" --build-dir "$W/m1" --profile "$W/typo.json" --cc gcc -q
expect_in "task a: unknown key \"timout\"" "names the key"
expect_in "typo.json" "names the file"
printf '{"name": "x", "tasks": [{"name": "a", "command": ["{python}"], "timeout": "5"}]}' > "$W/type.json"
expect_status 2 "manifest value of the wrong type" -- "$OPTPY" build --source "$MINI" --build-dir "$W/m2" --profile "$W/type.json" --cc gcc -q
expect_in "\"timeout\" must be a number" "names the key and the type"
printf '{"name": "x", "tasks": [{"name": "a", "command": ["{python}"], "parallel": 1}]}' > "$W/par.json"
expect_status 2 "parallel must be a boolean" -- "$OPTPY" build --source "$MINI" --build-dir "$W/m3" --profile "$W/par.json" --cc gcc -q
mkdir -p "$W/adir.json"
expect_status 2 "a profile path that is a directory" -- "$OPTPY" build --source "$MINI" --build-dir "$W/m4" --profile "$W/adir.json" --cc gcc -q
expect_in "not a regular file" "says so"
expect_status 2 "--runs 3x for bench" -- "$OPTPY" bench --runs 3x /bin/true /bin/true
finish
