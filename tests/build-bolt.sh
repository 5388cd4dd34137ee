#!/bin/sh
# build-bolt.sh - the bolt phase on the miniature tree with the real
# llvm-bolt: a gcc-built binary instrumented, trained, optimized and kept;
# the known-bad options and functions kept out; a BOLT that breaks the
# binary (or only its deep recursion) falls back to the PGO+LTO one; an
# interpreter that crashes with BOLT and without fails verify; --bolt
# on/auto/off.
. "${srcdir:-.}/tests/lib.sh"
export TMPDIR="$T_TMP"
unset CC CFLAGS LDFLAGS AR LLVM_AR LLVM_PROFDATA CFLAGS_NODIST LDFLAGS_NODIST LLVM_BOLT MERGE_FDATA
W=$T_TMP/w
mkdir -p "$W"
if ! "$OPTPY" detect --no-probe 2>/dev/null | grep -q "llvm-bolt .*(1[4-9]\|llvm-bolt .*(2"; then
	skip "llvm-bolt not installed (bolt-19)"
	finish
fi
bolt=$("$OPTPY" detect --json --no-probe | python3 -c 'import json,sys; print(json.load(sys.stdin)["tools"]["llvm-bolt"]["path"])')

# 1. gcc: instrumented, trained, merged, applied, checked, kept
B=$W/gcc
expect_status 0 "gcc build with BOLT (auto)" -- mini_build "$B" --cc gcc
R=$B/report.json
[ "$(json_get "$R" phases.bolt.status)" = ok ] && ok "phase bolt ok" || fail "bolt status"
[ "$(json_get "$R" phases.bolt.outcome)" = bolted ] && ok "the BOLTed binary was kept" || fail "outcome $(json_get "$R" phases.bolt.outcome): $(json_get "$R" phases.bolt.why)"
[ -x "$B/obj/python.prebolt" ] && ok "the PGO+LTO binary kept beside it" || fail "no python.prebolt"
cmp -s "$B/obj/python" "$B/obj/python.prebolt" && fail "python is the prebolt binary" || ok "python differs from python.prebolt"
[ "$("$B/obj/python" --work 5000)" = "$("$B/obj/python.prebolt" --work 5000)" ] && ok "same results as the PGO+LTO binary" || fail "results differ"
[ "$(json_get "$R" phases.bolt.tasks_ok)" = 3 ] && ok "training ran on the instrumented binary" || fail "bolt training"
n=$(json_get "$R" phases.bolt.profiles)
[ "${n:-0}" -ge 3 ] && ok "$n per-process profiles merged" || fail "profiles $n"
grep -q -- "-instrument" "$B/logs/bolt.log" && grep -q -- "-instrumentation-file-append-pid" "$B/logs/bolt.log" && ok "instrumented, one profile per process" || fail "no instrumentation"
grep -q -- "merge-fdata" "$B/logs/bolt.log" && ok "merged with merge-fdata" || fail "no merge-fdata"
# an instrumented binary's process costs its start and its profile's
# writing: the tasks go longest first, as timed by train
grep -q "the longest first" "$B/logs/bolt.log" && ok "BOLT's training: the longest task first" || fail "bolt training order not said"
grep -q "the longest first" "$B/logs/train.log" && fail "the first training claimed times it had not seen" || ok "train: manifest order (no times yet)"
for o in -reorder-blocks=ext-tsp -reorder-functions=cdsort -split-functions; do
	json_get "$R" phases.bolt.options | grep -q -- "$o" && ok "layout option $o" || fail "no $o"
done
for o in "-icf=1" "-hugify" "-use-gnu-stack"; do
	grep -q -- " $o" "$B/logs/bolt.log" && fail "known-bad $o used" || ok "known-bad $o not used"
done
json_get "$R" phases.bolt.skipped_functions | grep -q Hacl_Hash_Mini_compress && ok "HACL compress function skipped" || fail "Hacl not skipped"
if "$bolt" --version 2>&1 | grep -q "version 19"; then
	json_get "$R" phases.bolt.skipped_functions | grep -q _PyEval_EvalFrameDefault && ok "LLVM 19: the computed-goto loop skipped" || fail "eval loop not skipped"
fi
if "$bolt" --version 2>&1 | grep -Eq "version (2[1-9]|[3-9][0-9])"; then
	json_get "$R" phases.bolt.skipped_functions | grep -q _PyEval_EvalFrameDefault && fail "LLVM >= 21 skipped the computed-goto loop" || ok "LLVM >= 21: the computed-goto loop is BOLTed"
fi
grep -q -- "-skip-funcs=" "$B/logs/bolt.log" && ok "llvm-bolt told to skip them" || fail "no -skip-funcs"
json_get "$R" phases.bolt.rules | grep -q "python-build-standalone#1186" && ok "the rules carry their sources" || fail "no rule sources"
grep -q -- "-Wl,--emit-relocs" "$B/logs/optimize.log" && ok "final link kept relocations" || fail "no --emit-relocs"
grep -q -- "-fno-reorder-blocks-and-partition" "$B/logs/optimize.log" && ok "gcc: no function splitting of its own" || fail "no -fno-reorder-blocks-and-partition"
[ "$(json_get "$R" phases.verify.status)" = ok ] && ok "verify passed on the BOLTed binary" || fail "verify"
expect_status 0 "optpy report" -- "$OPTPY" report "$B"
expect_in "bolt +ok" "report lists the bolt phase"

# 2. a BOLT that breaks the binary: the PGO+LTO binary is kept, with a warning
mkdir -p "$W/badbolt"
cat > "$W/badbolt/llvm-bolt" <<X
#!/bin/sh
"$bolt" "\$@" || exit \$?
case " \$* " in *" -data="*) for a; do case \$a in -o=*) printf 'broken' > "\${a#-o=}" ;; esac; done ;; esac
exit 0
X
chmod +x "$W/badbolt/llvm-bolt"
F=$W/fallback
expect_status 0 "a BOLT that breaks the binary" -- env LLVM_BOLT="$W/badbolt/llvm-bolt" MERGE_FDATA="$(dirname "$bolt")/merge-fdata" "$OPTPY" build --source "$MINI" --build-dir "$F" --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q
expect_in "warning: BOLT not applied: the BOLTed interpreter does not start" "says why, loudly"
[ "$(json_get "$F/report.json" phases.bolt.outcome)" = fallback ] && ok "report: fallback" || fail "outcome $(json_get "$F/report.json" phases.bolt.outcome)"
cmp -s "$F/obj/python" "$F/obj/python.prebolt" && ok "the PGO+LTO binary is in place" || fail "a broken binary was kept"
[ "$(json_get "$F/report.json" phases.verify.status)" = ok ] && ok "verify passed" || fail "verify"

# 2b. a BOLT that breaks only deep recursion: caught by the recursion check,
# the PGO+LTO binary passes it, so BOLT is to blame and not applied
mkdir -p "$W/recbolt"
F2=$W/fallback2
cat > "$W/recbolt/llvm-bolt" <<X
#!/bin/sh
"$bolt" "\$@" || exit \$?
case " \$* " in *" -data="*) for a; do case \$a in -o=*) printf '#!/bin/sh\ncase "\$*" in *OPTPY-RECURSION*) kill -SEGV \$\$ ;; esac\nexec "$F2/obj/python.prebolt" "\$@"\n' > "\${a#-o=}"; chmod +x "\${a#-o=}" ;; esac; done ;; esac
exit 0
X
chmod +x "$W/recbolt/llvm-bolt"
expect_status 0 "a BOLT that breaks deep recursion" -- env LLVM_BOLT="$W/recbolt/llvm-bolt" MERGE_FDATA="$(dirname "$bolt")/merge-fdata" "$OPTPY" build --source "$MINI" --build-dir "$F2" --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q
expect_in "BOLT not applied: the BOLTed interpreter fails the recursion check: it crashed .signal 11. within 50 levels" "the recursion check caught it"
expect_in "where the PGO.LTO one passes" "and BOLT is to blame"
[ "$(json_get "$F2/report.json" phases.bolt.prebolt_works)" = True ] && ok "report: the PGO+LTO binary works" || fail "prebolt_works $(json_get "$F2/report.json" phases.bolt.prebolt_works)"
cmp -s "$F2/obj/python" "$F2/obj/python.prebolt" && ok "the PGO+LTO binary is in place" || fail "the BOLTed binary was kept"
[ "$(json_get "$F2/report.json" phases.verify.recursion_ok)" = True ] && ok "verify: its recursion check passed" || fail "verify recursion"

# 2c. an interpreter that crashes in deep recursion with BOLT and without:
# not BOLT's doing, and verify fails the build (exit 9)
F3=$W/stackhog
expect_status 9 "an interpreter that crashes in deep recursion" -- env MINIPY_STACK_HOG=gcc "$OPTPY" build --source "$MINI" --build-dir "$F3" --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q
expect_in "and so does the PGO.LTO one without BOLT" "bolt: not BOLT's doing"
expect_in "verify: the interpreter fails the recursion check: it crashed .signal 11. after 50 levels of recursion through a C function, before the recursion limit .1000. raised RecursionError" "verify names the crash and its depth"
expect_in "too big a stack frame.*fix: build with gcc" "why, and a fix"
[ "$(json_get "$F3/report.json" phases.bolt.prebolt_works)" = False ] && ok "report: the PGO+LTO binary fails too" || fail "prebolt_works"
[ "$(json_get "$F3/report.json" exit_status)" = 9 ] && ok "report: exit 9" || fail "report exit $(json_get "$F3/report.json" exit_status)"
[ -x "$F3/obj/python" ] && ok "the build directory keeps the interpreter to look at" || fail "no python"

# 3. --bolt on without llvm-bolt: refused before anything is built
expect_status 14 "--bolt on, llvm-bolt missing" -- env LLVM_BOLT=/nonexistent/llvm-bolt "$OPTPY" build --source "$MINI" --build-dir "$W/on" --profile "$MINI_PROFILE" --cc gcc -q --bolt on
expect_in "BOLT cannot be used: llvm-bolt not found" "says what is missing"
expect_in "fix:" "and the fix"
[ ! -f "$W/on/stamps/configure.json" ] && ok "nothing built" || fail "built anyway"
[ "$(json_get "$W/on/report.json" exit_status)" = 14 ] && ok "report: exit 14" || fail "report exit"
# --bolt auto without it: a warning, the phase skipped
expect_status 0 "--bolt auto, llvm-bolt missing" -- env LLVM_BOLT=/nonexistent/llvm-bolt "$OPTPY" build --source "$MINI" --build-dir "$W/auto" --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q
expect_in "warning: BOLT not used: llvm-bolt not found" "a warning"
[ "$(json_get "$W/auto/report.json" phases.bolt.skipped)" = True ] && ok "bolt skipped" || fail "bolt ran"
# --bolt off: skipped, and no BOLT flags in the final link
expect_status 0 "--bolt off" -- mini_build "$W/off" --cc gcc --bolt off
[ "$(json_get "$W/off/report.json" phases.bolt.skipped)" = True ] && ok "bolt skipped" || fail "bolt ran"
grep -q -- "--emit-relocs" "$W/off/logs/optimize.log" && fail "--emit-relocs without BOLT" || ok "no BOLT link flags"
[ ! -e "$W/off/obj/python.prebolt" ] && ok "no prebolt binary" || fail "prebolt without BOLT"
# turning BOLT on for a finished build redoes the final link
expect_status 0 "--bolt auto after --bolt off, --from verify" -- mini_build "$W/off" --cc gcc --from verify
[ "$(json_get "$W/off/report.json" phases.bolt.outcome)" = bolted ] && ok "relinked and BOLTed" || fail "not BOLTed"
# and off again: the final build redone without BOLT, no stale prebolt binary left
expect_status 0 "--bolt off after a BOLTed build" -- mini_build "$W/off" --cc gcc --bolt off --from verify
[ ! -e "$W/off/obj/python.prebolt" ] && ok "the earlier prebolt binary is gone" || fail "a stale python.prebolt was left"
grep -q -- "--emit-relocs" "$W/off/logs/optimize.log" && fail "relinked with BOLT flags" || ok "relinked without BOLT flags"

# 4. an interrupted bolt phase resumes from the PGO+LTO binary
I=$W/int
expect_status 0 "a build up to optimize" -- mini_build "$I" --cc gcc --until optimize
cp "$I/obj/python" "$W/pgo-lto-python"
printf 'garbage' > "$I/obj/python.prebolt.tmp"
cp "$I/obj/python" "$I/obj/python.prebolt"
printf '#!/bin/sh\nexit 3\n' > "$I/obj/python"
expect_status 0 "bolt after a half-done attempt" -- mini_build "$I" --cc gcc
[ "$(json_get "$I/report.json" phases.bolt.outcome)" = bolted ] && ok "BOLTed from the kept binary" || fail "outcome $(json_get "$I/report.json" phases.bolt.outcome)"
cmp -s "$I/obj/python.prebolt" "$W/pgo-lto-python" && ok "python.prebolt is the PGO+LTO binary" || fail "prebolt changed"

# 5. clang-built binaries too
if command -v clang >/dev/null; then
	expect_status 0 "clang build with BOLT" -- mini_build "$W/clang" --cc clang
	[ "$(json_get "$W/clang/report.json" phases.bolt.outcome)" = bolted ] && ok "clang: BOLTed" || fail "clang: $(json_get "$W/clang/report.json" phases.bolt.why)"
	grep -q -- "-fno-reorder-blocks-and-partition" "$W/clang/logs/optimize.log" && fail "clang got a gcc flag" || ok "clang: no gcc-only flag"
fi
finish
