#!/bin/sh
# detect-real.sh - detect with this machine's real gcc and clang (and clang-19,
# lld, llvm from Debian when installed): the decision and its reasons.
. "${srcdir:-.}/tests/lib.sh"
export TMPDIR="$T_TMP/tmp"
mkdir -p "$TMPDIR"
unset CC CFLAGS LDFLAGS AR LLVM_AR LLVM_PROFDATA

if command -v gcc >/dev/null; then
	expect_status 0 "detect gcc (json)" -- "$OPTPY" detect --cc gcc --json
	printf '%s\n' "$OUT" > "$T_TMP/gcc.json"
	[ "$(json_get "$T_TMP/gcc.json" compiler.family)" = gcc ] && ok "gcc family from macros" || fail "gcc family"
	[ "$(json_get "$T_TMP/gcc.json" lto.mode)" = full ] && ok "gcc: LTO full" || fail "gcc: LTO mode $(json_get "$T_TMP/gcc.json" lto.mode)"
	[ "$(json_get "$T_TMP/gcc.json" lto.thin_works)" = False ] && ok "gcc: no thin" || fail "gcc thin"
	json_get "$T_TMP/gcc.json" lto.reasons | grep -q "gcc has no ThinLTO" && ok "gcc: thin reason cites the table" || fail "gcc thin reason"
	[ "$(json_get "$T_TMP/gcc.json" pgo.works)" = True ] && ok "gcc: PGO works" || fail "gcc PGO"
	json_get "$T_TMP/gcc.json" tools.archiver.path | grep -q 'gcc-ar' && ok "gcc: archiver is gcc-ar" || fail "gcc archiver"
	# CC=cc must get the same answer: the name is never matched (CPython <= 3.13 globbed $CC)
	if command -v cc >/dev/null && cc -dM -E -x c /dev/null | grep -q '__GNUC__' && ! cc -dM -E -x c /dev/null | grep -q __clang__; then
		expect_status 0 "detect CC=cc" -- env CC=cc "$OPTPY" detect --json
		[ "$(printf '%s' "$OUT" | json_get - lto.mode)" = full ] && ok "CC=cc still gets LTO" || fail "CC=cc lost LTO"
	fi
	# a launcher and extra words are reported, the compiler still found
	mkdir -p "$T_TMP/bin"
	printf '#!/bin/sh\nexec "$@"\n' > "$T_TMP/bin/ccache"; chmod +x "$T_TMP/bin/ccache"
	expect_status 0 "detect CC='ccache gcc -m64'" -- env PATH="$T_TMP/bin:$PATH" "$OPTPY" detect --json --cc "ccache gcc -m64"
	printf '%s\n' "$OUT" > "$T_TMP/ccache.json"
	[ "$(json_get "$T_TMP/ccache.json" compiler.launcher)" = ccache ] && ok "launcher reported" || fail "launcher"
	json_get "$T_TMP/ccache.json" compiler.extra_words | grep -q -- '-m64' && ok "extra words reported" || fail "extra words"
	expect_status 7 "--lto=thin refused for gcc" -- "$OPTPY" detect --cc gcc --lto thin
	expect_in "gcc has no ThinLTO" "refusal says why"
	expect_in "what works: --lto=full" "refusal says what works"
	expect_status 0 "--lto=off accepted" -- "$OPTPY" detect --cc gcc --lto off
	expect_in "LTO: off" "off as requested"
else
	skip "no gcc"
fi

if command -v clang >/dev/null; then
	expect_status 0 "detect clang (json)" -- "$OPTPY" detect --cc clang --json
	printf '%s\n' "$OUT" > "$T_TMP/clang.json"
	[ "$(json_get "$T_TMP/clang.json" compiler.family)" = clang ] && ok "clang family" || fail "clang family"
	[ "$(json_get "$T_TMP/clang.json" lto.mode)" = full ] && ok "clang: LTO full (auto)" || fail "clang mode $(json_get "$T_TMP/clang.json" lto.mode)"
	[ "$(json_get "$T_TMP/clang.json" lto.thin_works)" = True ] && ok "clang: thin also probed" || fail "clang full"
	json_get "$T_TMP/clang.json" tools.archiver.path | grep -q 'llvm-ar' && ok "clang: archiver is llvm-ar" || fail "clang archiver"
	[ "$(json_get "$T_TMP/clang.json" pgo.works)" = True ] && ok "clang: PGO works" || fail "clang PGO: $(json_get "$T_TMP/clang.json" pgo.reasons)"
else
	skip "no clang"
fi

if command -v clang-19 >/dev/null && command -v llvm-profdata-19 >/dev/null; then
	expect_status 0 "detect clang-19" -- "$OPTPY" detect --cc clang-19 --json
	printf '%s\n' "$OUT" > "$T_TMP/c19.json"
	json_get "$T_TMP/c19.json" tools.llvm-profdata.version | grep -q '^19\.' && ok "clang-19: llvm-profdata 19 chosen" || fail "clang-19 profdata $(json_get "$T_TMP/c19.json" tools.llvm-profdata.path)"
	[ "$(json_get "$T_TMP/c19.json" lto.mode)" = full ] && ok "clang-19: full" || fail "clang-19 mode"
	# the real field failure (gh-125918): an older llvm-profdata for a newer clang
	if [ -x /usr/lib/llvm-14/bin/llvm-profdata ]; then
		expect_status 0 "clang-19 with llvm-profdata 14" -- env LLVM_PROFDATA=/usr/lib/llvm-14/bin/llvm-profdata "$OPTPY" detect --cc clang-19
		expect_in "PGO: no" "mismatched llvm-profdata: no PGO"
		expect_in "unsupported instrumentation profile format version" "reason names the format mismatch"
		expect_in "fix: install llvm-19" "says the fix"
	fi
else
	skip "clang-19 or llvm-profdata-19 not installed"
fi
[ -z "$(ls -A "$TMPDIR")" ] && ok "nothing left in TMPDIR" || fail "left behind: $(ls "$TMPDIR")"
finish
