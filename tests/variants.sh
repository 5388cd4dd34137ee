#!/bin/sh
# variants.sh - CPython's JIT and free-threaded builds, as optpy options
# (--jit, --free-threaded) or configure's own arguments after `--`: what
# optpy finds for them before the build (LLVM N's clang and llvm-readobj, a
# Python >= 3.11 for PYTHON_FOR_REGEN), passes to configure, and what
# verify checks in the interpreter (sys._jit, sys._is_gil_enabled).
. "${srcdir:-.}/tests/lib.sh"
export TMPDIR="$T_TMP"
unset CC CFLAGS LDFLAGS AR LLVM_AR LLVM_PROFDATA CFLAGS_NODIST LDFLAGS_NODIST LLVM_BOLT MERGE_FDATA DEB_BUILD_OPTIONS
W=$T_TMP/w
mkdir -p "$W"
b() { "$OPTPY" build --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q --bolt off "$@"; }
mini_at() { # mini_at DIR MINOR: the miniature tree, saying 3.MINOR
	cp -r "$MINI" "$1"
	sed -i "s/PY_MINOR_VERSION        13/PY_MINOR_VERSION        $2/; s/\"3.13.0\"/\"3.$2.0\"/" "$1/Include/patchlevel.h"
}
mini_at "$W/m14" 14
mini_at "$W/m15" 15
mini_at "$W/m12" 12

# 1. the JIT on 3.14: LLVM 19 found, PYTHON_FOR_REGEN found and passed, verified
if command -v clang-19 >/dev/null && command -v llvm-readobj-19 >/dev/null; then
	B=$W/jit
	expect_status 0 "--jit on 3.14" -- b --source "$W/m14" --build-dir "$B" --jit
	grep -q -- "--enable-experimental-jit" "$B/logs/configure.log" && ok "configure got --enable-experimental-jit" || fail "no JIT argument"
	grep -q "PYTHON_FOR_REGEN=/" "$B/logs/configure.log" && ok "and a PYTHON_FOR_REGEN" || fail "no PYTHON_FOR_REGEN"
	[ "$(json_get "$B/report.json" phases.configure.jit)" = True ] && ok "report: jit" || fail "report jit"
	[ "$(json_get "$B/report.json" phases.verify.jit_available)" = True ] && ok "verify: sys._jit.is_available()" || fail "verify jit $(json_get "$B/report.json" phases.verify.jit_available)"
	json_get "$B/report.json" notes | grep -q "JIT: built with LLVM 19" && ok "report: LLVM 19 for 3.14's JIT" || fail "no LLVM note"
	expect_status 0 "configure's own argument after --" -- b --source "$W/m14" --build-dir "$W/jit2" -- --enable-experimental-jit=yes-off
	[ "$(json_get "$W/jit2/report.json" phases.verify.jit_available)" = True ] && ok "verified the same way" || fail "-- JIT not verified"
	# a version manager's shim that exits 127 is not taken for PYTHON_FOR_REGEN
	mkdir -p "$W/shim"
	printf '#!/bin/sh\nexit 127\n' > "$W/shim/python3.14"
	chmod +x "$W/shim/python3.14"
	expect_status 0 "--jit with a broken python3.14 first on PATH" -- env PATH="$W/shim:$PATH" "$OPTPY" build --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q --bolt off --source "$W/m14" --build-dir "$W/jit3" --jit
	grep "PYTHON_FOR_REGEN=" "$W/jit3/logs/configure.log" | grep -q "$W/shim" && fail "the shim was taken" || ok "the shim was passed over"
	mkdir -p "$W/tools"
	ln -s "$(command -v clang-19)" "$W/tools/clang-19"
	ln -s "$(command -v llvm-readobj-19)" "$W/tools/llvm-readobj-19"
	expect_status 5 "--jit with no working Python >= 3.11" -- env PATH="$W/shim:$W/tools" "$OPTPY" build --profile "$MINI_PROFILE" --verify-tests none --cc /usr/bin/gcc -q --bolt off --source "$W/m14" --build-dir "$W/jit4" --jit
	expect_in "tried: $W/shim/python3.14 \(exit 127\)" "says what it tried"
	expect_in "fix: apt-get install python3 .*PYTHON_FOR_REGEN" "and the fix"
	# a JIT build whose interpreter has none fails verify
	expect_status 9 "a JIT build without a JIT" -- b --source "$W/m14" --build-dir "$W/jit5" -- --enable-experimental-jit --with-broken-jit
	expect_in "sys._jit.is_available\(\) is False" "verify says why"
else
	skip "clang-19 and llvm-readobj-19 not installed"
fi
# 3.13's JIT wants LLVM 18, which is not here: refused before the build
if ! command -v clang-18 >/dev/null; then
	expect_status 3 "--jit on 3.13 without LLVM 18" -- b --source "$MINI" --build-dir "$W/jit13" --jit
	expect_in "JIT is built with LLVM 18's clang and llvm-readobj, and clang-18 and llvm-readobj-18 are not on PATH" "names what is missing"
	expect_in "fix: apt-get install clang-18 llvm-18" "and the fix"
	[ -d "$W/jit13/obj/Programs" ] && fail "something was built" || ok "nothing built"
fi
# 3.15's JIT wants LLVM 21; with a newer one it is used through LLVM_VERSION, loudly
newest=$(ls /usr/lib | sed -n 's/^llvm-\([0-9]*\)$/\1/p' | sort -n | tail -1)
if ! command -v clang-21 >/dev/null && [ "${newest:-0}" -gt 21 ] && command -v "clang-$newest" >/dev/null && command -v "llvm-readobj-$newest" >/dev/null; then
	expect_status 0 "--jit on 3.15 with LLVM $newest" -- "$OPTPY" build --profile "$MINI_PROFILE" --verify-tests none --cc gcc --bolt off --source "$W/m15" --build-dir "$W/jit15" --jit
	expect_in "warning: JIT: .*made for LLVM 21.*LLVM_VERSION=$newest" "says it, loudly"
	grep -q "LLVM_VERSION=$newest" "$W/jit15/logs/configure.log" && ok "LLVM_VERSION=$newest passed" || fail "no LLVM_VERSION"
else
	skip "no LLVM newer than 21 (or LLVM 21 itself is here)"
fi

# 2. the free-threaded build
B=$W/ft
expect_status 0 "--free-threaded on 3.13" -- b --source "$MINI" --build-dir "$B" --free-threaded
grep -q -- "--disable-gil" "$B/logs/configure.log" && ok "configure got --disable-gil" || fail "no --disable-gil"
[ "$(json_get "$B/report.json" phases.configure.free_threaded)" = True ] && ok "report: free_threaded" || fail "not free-threaded"
[ "$(json_get "$B/report.json" phases.verify.gil_enabled)" = False ] && ok "verify: sys._is_gil_enabled() is False" || fail "gil $(json_get "$B/report.json" phases.verify.gil_enabled)"
expect_status 0 "-- --disable-gil" -- b --source "$MINI" --build-dir "$W/ft2" -- --disable-gil
[ "$(json_get "$W/ft2/report.json" phases.verify.gil_enabled)" = False ] && ok "verified the same way" || fail "-- --disable-gil not verified"
expect_status 8 "--free-threaded on 3.12" -- b --source "$W/m12" --build-dir "$W/ft12" --free-threaded
expect_in "no free-threaded build .*3.13\+" "says from which version"
expect_status 2 "--jit and --free-threaded together" -- b --source "$W/m14" --build-dir "$W/both" --jit --free-threaded
expect_in "not available in free-threaded builds" "says why"
# the default build: neither variant is checked or claimed
expect_status 0 "a default build" -- b --source "$MINI" --build-dir "$W/plain"
[ "$(json_get "$W/plain/report.json" phases.verify.gil_enabled)" = None ] && ok "no variant check without a variant" || fail "variant checked"
finish
