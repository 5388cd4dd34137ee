#!/bin/sh
# toolchains.sh - every toolchain on the machine, found by looking: fake
# versioned tools on PATH are listed and the newest llvm-bolt with its
# merge-fdata is taken; detect --all; the default compiler chosen per
# CPython version and said in the output and report; --cc and CC win.
. "${srcdir:-.}/tests/lib.sh"
export TMPDIR="$T_TMP"
# fake tools and the probes themselves: no probe cache
unset CC CFLAGS LDFLAGS AR LLVM_AR LLVM_PROFDATA CFLAGS_NODIST LDFLAGS_NODIST LLVM_BOLT MERGE_FDATA DEB_BUILD_OPTIONS OPTPY_PROBE_CACHE
W=$T_TMP/w
F=$W/fakebin
mkdir -p "$F"

# 1. a newer LLVM than any real one, as versioned names on PATH
for t in llvm-bolt merge-fdata; do
	cat > "$F/$t-97" <<'X'
#!/bin/sh
case "$1" in --version) echo "LLVM (http://llvm.org/):"; echo "  LLVM version 97.0.1"; exit 0 ;; esac
exit 1
X
	chmod +x "$F/$t-97"
done
# a still newer llvm-bolt without its merge-fdata: not usable for BOLT
cp "$F/llvm-bolt-97" "$F/llvm-bolt-98"
sed -i 's/97.0.1/98.0.0/' "$F/llvm-bolt-98"
expect_status 0 "detect with fake LLVM 97 and 98 on PATH" -- env PATH="$F:$PATH" "$OPTPY" detect --cc gcc --no-probe --json
printf '%s\n' "$OUT" > "$W/d.json"
[ "$(json_get "$W/d.json" tools.llvm-bolt.path)" = "$F/llvm-bolt-97" ] && ok "gcc: the newest llvm-bolt with a merge-fdata (97)" || fail "llvm-bolt $(json_get "$W/d.json" tools.llvm-bolt.path)"
[ "$(json_get "$W/d.json" tools.merge-fdata.path)" = "$F/merge-fdata-97" ] && ok "and its own merge-fdata" || fail "merge-fdata $(json_get "$W/d.json" tools.merge-fdata.path)"
expect_status 0 "detect without them" -- "$OPTPY" detect --cc gcc --no-probe --json
printf '%s\n' "$OUT" > "$W/d2.json"
case $(json_get "$W/d2.json" tools.llvm-bolt.path) in
*97*|*98*) fail "a fake tool outside PATH was found" ;;
*) ok "not found once off PATH" ;;
esac
newest=$(ls /usr/lib | sed -n 's/^llvm-\([0-9]*\)$/\1/p' | sort -n | tail -1)
if [ -n "$newest" ] && [ -x "/usr/lib/llvm-$newest/bin/llvm-bolt" ]; then
	json_get "$W/d2.json" tools.llvm-bolt.path | grep -q "llvm-$newest\|bolt-$newest" && ok "the machine's newest llvm-bolt (LLVM $newest)" || fail "not the newest: $(json_get "$W/d2.json" tools.llvm-bolt.path)"
else
	skip "no /usr/lib/llvm-N/bin/llvm-bolt here"
fi
expect_status 0 "LLVM_BOLT still means exactly what it says" -- env PATH="$F:$PATH" LLVM_BOLT=llvm-bolt-98 "$OPTPY" detect --cc gcc --no-probe
expect_in "llvm-bolt +$F/llvm-bolt-98" "LLVM_BOLT taken"

# 2. detect --all: every compiler and tool set, with versions and abilities
cat > "$F/clang-97" <<'X'
#!/bin/sh
case "$1" in -dumpversion) echo 97.0.1; exit 0 ;; esac
exec gcc "$@"
X
chmod +x "$F/clang-97"
expect_status 0 "detect --all --no-probe" -- env PATH="$F:$PATH" "$OPTPY" detect --all --no-probe --json
printf '%s\n' "$OUT" > "$W/all.json"
python3 - "$W/all.json" > "$W/all.txt" <<'X'
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["compilers"]:
    print("cc", c["name"], c["family"], c["version"], c["tail_calls"])
for s in d["llvm"]:
    print("llvm", s["major"], s["llvm-bolt"], s["merge-fdata"])
X
grep -q "^llvm 97 $F/llvm-bolt-97 $F/merge-fdata-97" "$W/all.txt" && ok "--all: LLVM 97's tool set" || fail "--all llvm: $(cat "$W/all.txt")"
grep -q "^llvm 98 $F/llvm-bolt-98 None" "$W/all.txt" && ok "--all: LLVM 98 without merge-fdata" || fail "--all llvm 98"
grep -q "^cc gcc gcc " "$W/all.txt" && ok "--all: gcc" || fail "--all: no gcc"
if command -v clang >/dev/null; then
	grep -q "^cc clang.* clang " "$W/all.txt" && ok "--all: clang" || fail "--all: no clang"
fi
head -1 "$W/all.txt" | grep -q "^cc clang-97 " && ok "--all: the newest compiler first (fake clang-97)" || fail "--all order: $(head -1 "$W/all.txt")"
expect_status 0 "detect --all with probes (text)" -- "$OPTPY" detect --all
expect_in "LTO: thin no, full yes .auto: full.; PGO: yes" "gcc: LTO modes and PGO probed"
expect_in "tail-calling interpreter \(3.14\+\)" "says who makes the tail-calling interpreter"
expect_status 2 "--all with --cc" -- "$OPTPY" detect --all --cc gcc

# 3. the default compiler, per CPython version
B=$W/b13
expect_status 0 "3.13 with no --cc and no CC" -- "$OPTPY" build --source "$MINI" --build-dir "$B" --profile "$MINI_PROFILE" --until configure
expect_in "compiler: gcc, chosen for CPython 3.13.0" "says the choice"
[ "$(json_get "$B/report.json" compiler_choice.cc)" = gcc ] && ok "report: compiler_choice gcc" || fail "choice $(json_get "$B/report.json" compiler_choice.cc)"
json_get "$B/report.json" compiler_choice.source | grep -q "#24" && ok "report: the row's source" || fail "no source"
M14=$W/mini314
cp -r "$MINI" "$M14"
sed -i 's/PY_MINOR_VERSION        13/PY_MINOR_VERSION        14/; s/"3.13.0"/"3.14.0"/' "$M14/Include/patchlevel.h"
chosen=$(PATH="$PATH" "$OPTPY" detect --all --no-probe --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
c = [c for c in d["compilers"] if c["family"] == "clang" and int(c["version"].split(".")[0]) >= 19]
print(c[0]["name"] if c else "gcc")')
B=$W/b14
expect_status 0 "3.14 with no --cc and no CC" -- "$OPTPY" build --source "$M14" --build-dir "$B" --profile "$MINI_PROFILE" --until configure
[ "$(json_get "$B/report.json" compiler_choice.cc)" = "$chosen" ] && ok "3.14: $chosen chosen" || fail "3.14 chose $(json_get "$B/report.json" compiler_choice.cc), want $chosen"
case $chosen in clang*) grep -q -- "--with-tail-call-interp" "$B/logs/configure.log" && ok "with the tail-calling interpreter" || fail "no --with-tail-call-interp" ;; esac
# a tarball: the version read without unpacking
(cd "$W" && tar -czf m14.tar.gz --transform 's,^mini314,Python-3.14.0,' mini314)
expect_status 0 "3.14 tarball with no --cc" -- "$OPTPY" build --source "$W/m14.tar.gz" --build-dir "$W/b14t" --profile "$MINI_PROFILE" --until inspect
[ "$(json_get "$W/b14t/report.json" compiler_choice.cc)" = "$chosen" ] && ok "tarball: $chosen chosen" || fail "tarball chose $(json_get "$W/b14t/report.json" compiler_choice.cc)"
expect_status 0 "3.14 with CC=gcc" -- env CC=gcc "$OPTPY" build --source "$M14" --build-dir "$W/b14cc" --profile "$MINI_PROFILE" --until configure -q
[ "$(json_get "$W/b14cc/report.json" compiler_choice)" = None ] && ok "CC: no choice made" || fail "CC overridden"
[ "$(json_get "$W/b14cc/report.json" toolchain.compiler.family)" = gcc ] && ok "CC=gcc built with gcc" || fail "family $(json_get "$W/b14cc/report.json" toolchain.compiler.family)"
expect_status 0 "3.14 with --cc gcc" -- "$OPTPY" build --source "$M14" --build-dir "$W/b14g" --profile "$MINI_PROFILE" --until configure -q --cc gcc
[ "$(json_get "$W/b14g/report.json" toolchain.compiler.family)" = gcc ] && ok "--cc gcc built with gcc" || fail "--cc ignored"
# 4. --cpu-level: opt-in, probed against this CPU, in both builds' flags,
# the report and a bundle's identity; a change of it is a change of code
if [ "$(uname -m)" = x86_64 ]; then
	B=$W/v2
	expect_status 0 "--cpu-level v2" -- "$OPTPY" build --source "$MINI" --build-dir "$B" --profile "$MINI_PROFILE" --verify-tests none --cc gcc --bolt off -q --cpu-level v2 --save-profile "$W/v2.bundle"
	json_get "$B/report.json" flags.instrument | grep -q -- "-march=x86-64-v2" && ok "the instrumented build has -march=x86-64-v2" || fail "instrument flags"
	json_get "$B/report.json" flags.final | grep -q -- "-march=x86-64-v2" && ok "the final build too" || fail "final flags"
	grep -q -- "-march=x86-64-v2" "$B/logs/optimize.log" && ok "and make got it" || fail "not in optimize.log"
	json_get "$B/report.json" notes | grep -q "cpu-level v2" && ok "the report says so" || fail "no note"
	expect_status 0 "the bundle's identity" -- "$OPTPY" profile show "$W/v2.bundle"
	expect_in "x86-64-v2" "carries the level"
	expect_status 2 "the same build directory without --cpu-level" -- "$OPTPY" build --source "$MINI" --build-dir "$B" --profile "$MINI_PROFILE" --verify-tests none --cc gcc --bolt off -q
	expect_in "cpu_level" "names the changed option"
	expect_status 0 "a default build" -- "$OPTPY" build --source "$MINI" --build-dir "$W/v0" --profile "$MINI_PROFILE" --verify-tests none --cc gcc --bolt off -q
	json_get "$W/v0/report.json" flags.final | grep -q -- "-march" && fail "the default is not portable" || ok "the default has no -march"
	if grep -m1 '^flags' /proc/cpuinfo | grep -qw avx512f; then
		skip "this CPU has AVX-512: no level above it to refuse"
	else
		expect_status 2 "--cpu-level v4 on a CPU without AVX-512" -- "$OPTPY" build --source "$MINI" --build-dir "$W/v4" --profile "$MINI_PROFILE" --cc gcc -q --cpu-level v4
		expect_in "lacks avx512f" "names the missing feature"
	fi
	expect_status 2 "--cpu-level v9" -- "$OPTPY" build --source "$MINI" --build-dir "$W/v9" --profile "$MINI_PROFILE" -q --cpu-level v9
else
	skip "--cpu-level is for x86-64"
fi
finish
