#!/bin/sh
# build-mini.sh - the whole pipeline on the miniature CPython tree with real
# gcc and clang PGO and LTO: phases, report, resume, --from, source untouched.
. "${srcdir:-.}/tests/lib.sh"
export TMPDIR="$T_TMP"
unset CC CFLAGS LDFLAGS AR LLVM_AR LLVM_PROFDATA CFLAGS_NODIST LDFLAGS_NODIST
before=$(tree_hash "$MINI")
B=$T_TMP/gcc

expect_status 0 "gcc: whole pipeline" -- mini_build "$B" --cc gcc
R=$B/report.json
[ "$(json_get "$R" status)" = ok ] && ok "report status ok" || fail "report status $(json_get "$R" status)"
for p in inspect configure instrument train merge optimize verify; do
	[ "$(json_get "$R" phases.$p.status)" = ok ] && ok "phase $p ok" || fail "phase $p: $(json_get "$R" phases.$p.status)"
	[ -f "$B/logs/$p.log" ] && ok "phase $p has a log" || fail "no log for $p"
	[ -f "$B/stamps/$p.json" ] && ok "phase $p has a stamp" || fail "no stamp for $p"
done
[ "$(json_get "$R" phases.inspect.version)" = 3.13.0 ] && ok "version from patchlevel.h" || fail "version"
[ "$(json_get "$R" phases.train.tasks_ok)" = 3 ] && ok "3 training tasks ran" || fail "tasks_ok $(json_get "$R" phases.train.tasks_ok)"
n=$(json_get "$R" phases.merge.objects_with_profile)
[ "${n:-0}" -ge 3 ] && ok "gcda for $n objects" || fail "objects_with_profile $n"
[ "$(json_get "$R" phases.optimize.profile_mismatch_warnings)" = 0 ] && ok "no profile mismatch" || fail "mismatch warnings"
[ "$(json_get "$R" toolchain.lto.mode)" = full ] && ok "gcc: LTO full" || fail "lto mode"
grep -q -- '-fprofile-generate=' "$B/logs/instrument.log" && ok "instrumented with -fprofile-generate" || fail "no -fprofile-generate in instrument log"
grep -- '-fprofile-generate=' "$B/logs/instrument.log" | grep -q -- '-flto' && fail "the instrumented build used LTO" || ok "no LTO in the instrumented build"
grep -q -- '-fprofile-use=.*-flto=auto' "$B/logs/optimize.log" && ok "final build: profile + LTO" || fail "final flags"
grep -- '-fprofile-generate=' "$B/logs/instrument.log" | grep -q -- ' -g ' && fail "instrumented build compiled debug info" || ok "instrumented build without -g"
grep -- '-fprofile-use=' "$B/logs/optimize.log" | grep -q -- ' -g ' && ok "final build keeps the configured -g" || fail "final build lost -g"
# gcc: the share of the profile counted as hot raised, where it is read: the
# final compile and the final link (LTO), not the instrumented build
W=--param=hot-bb-count-ws-permille=999
grep -- '-fprofile-use=' "$B/logs/optimize.log" | grep -q -- "$W" && ok "final compile: the hot share raised" || fail "final compile without $W"
grep -- ' -o python ' "$B/logs/optimize.log" | grep -q -- "$W" && ok "final link: the hot share raised" || fail "final link without $W"
grep -q -- "$W" "$B/logs/instrument.log" && fail "the instrumented build got $W" || ok "not in the instrumented build"
grep -q -- '-o Programs/_testembed' "$B/logs/optimize.log" && fail "optimize linked _testembed" || ok "_testembed not linked by optimize"
grep -q -- '-o Programs/_freeze_module Programs' "$B/logs/instrument.log" && ok "instrument linked the build tool" || fail "no build tool in the instrumented build"
grep -q -- '-o Programs/_freeze_module Programs' "$B/logs/optimize.log" && fail "optimize LTO-linked the build tool again" || ok "optimize kept the build tool"
grep -q -- 'make -j[0-9]* -o Programs/_freeze_module' "$B/logs/optimize.log" && ok "make told not to remake it" || fail "no make -o"
grep -q -- '-fprofile-use=.* -o Python/frozen.o' "$B/logs/optimize.log" && ok "the generated header's user was rebuilt with the profile" || fail "frozen.o not rebuilt"
grep -q 'gcc-ar' "$B/logs/configure.log" && ok "configure got gcc-ar as AR" || fail "AR not passed"
expect_status 0 "the built interpreter runs" -- "$B/obj/python" -V
expect_in "^Python 3.13.0$" "it says its version"
expect_status 0 "optpy report" -- "$OPTPY" report "$B"
expect_in "training tasks:" "report lists training"
expect_in "LTO: +full" "report shows LTO"
# the coverage section: objects with and without profile data, each miss with why
[ "$(json_get "$R" coverage.with_profile)" -ge 3 ] && ok "coverage: objects with profile data" || fail "coverage with $(json_get "$R" coverage.with_profile)"
# the objects counted are the objects the instrumented build made (as
# instrument counted them on disk), and the missed ones are named one by one
objs=$(json_get "$R" phases.instrument.objects)
[ "$(json_get "$R" coverage.objects)" = "$objs" ] && ok "coverage counts the $objs objects instrument made" || fail "coverage objects $(json_get "$R" coverage.objects), instrument made $objs"
missed=$(json_get "$R" coverage.missed | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$missed" = "$(json_get "$R" coverage.without_profile)" ] && ok "each object without profile data named ($missed)" || fail "missed $missed, without $(json_get "$R" coverage.without_profile)"
json_get "$R" coverage.missed | grep -q '"object": "Programs/_freeze_module.o", "why": "a program other than the interpreter' && ok "a missed object is named with why" || fail "missed: $(json_get "$R" coverage.missed)"
json_get "$R" coverage.missed | grep -q '"Python/eval.o"' && fail "eval.o counted as missed" || ok "trained objects not in the missed list"
json_get "$R" coverage.hottest_objects | grep -q "Python/eval.o\|Objects/objects.o" && ok "hottest objects listed" || fail "hottest $(json_get "$R" coverage.hottest_objects)"
expect_in "coverage: +[0-9]+ of [0-9]+ objects with profile data" "report prints the coverage"
[ "$(tree_hash "$MINI")" = "$before" ] && ok "source tree untouched" || fail "the source tree changed"

# re-running the same command does nothing again
m1=$(stat -c %Y "$B/stamps/instrument.json")
sleep 1
expect_status 0 "re-run of a finished build" -- mini_build "$B" --cc gcc
[ "$(stat -c %Y "$B/stamps/instrument.json")" = "$m1" ] && ok "finished phases not redone" || fail "instrument redone"
# --from optimize redoes optimize and verify only
expect_status 0 "--from optimize" -- mini_build "$B" --cc gcc --from optimize
[ "$(stat -c %Y "$B/stamps/instrument.json")" = "$m1" ] && ok "--from optimize kept instrument" || fail "instrument redone"
[ "$(stat -c %Y "$B/stamps/optimize.json")" -gt "$m1" ] && ok "optimize redone" || fail "optimize not redone"
# --from train after optimize: the instrumented build is gone, so instrument is redone
expect_status 0 "--from train" -- env OPTPY_VERBOSE=1 "$OPTPY" build --source "$MINI" --build-dir "$B" --profile "$MINI_PROFILE" --verify-tests none --cc gcc --from train
expect_in "redoing instrument" "--from train after optimize rebuilds the instrumented interpreter"
# other options on the same build directory are refused
expect_status 2 "other options on a build directory" -- mini_build "$B" --cc gcc --lto off
expect_in "built with other options" "says why"
# install into a DESTDIR, without re-running PGO
expect_status 0 "--install --destdir" -- mini_build "$B" --cc gcc --install --destdir "$T_TMP/dest"
[ -x "$T_TMP/dest/usr/local/bin/python3.13" ] && ok "installed under DESTDIR" || fail "not installed"
sc=$T_TMP/dest/usr/local/lib/python3.13/_sysconfigdata_mini.py
[ -f "$sc" ] && ! grep -Eq -- "-fprofile|-flto|emit-relocs|ws-permille|$B" "$sc" && ok "installed sysconfig data: none of optpy's flags or paths" || fail "sysconfig leaks: $(cat "$sc")"
grep -q -- "-fprofile-use" "$B/logs/install.log" && ok "install still used the final flags" || fail "install without the final flags"
# --extension-cc: the install records another compiler for extension builds
expect_status 2 "--extension-cc without --install" -- mini_build "$T_TMP/xcc0" --cc gcc --extension-cc gcc
expect_in "fix: add --install" "says to install"
expect_status 3 "--extension-cc that is not there" -- mini_build "$T_TMP/xcc0" --cc gcc --install --destdir "$T_TMP/xd0" --extension-cc no-such-cc-42
[ -e "$T_TMP/xcc0" ] && fail "a refused build made its build directory" || ok "refused before anything was made"
if command -v clang >/dev/null; then
	expect_status 0 "a clang build recording gcc for extensions" -- mini_build "$T_TMP/xcc" --cc clang --install --destdir "$T_TMP/xd" --extension-cc gcc
	xsc=$T_TMP/xd/usr/local/lib/python3.13/_sysconfigdata_mini.py
	python3 -c 'import sys; ns = {}; exec(open(sys.argv[1]).read(), ns); v = ns["build_time_vars"]
sys.exit(not (v["CC"] == "gcc" and v["LDSHARED"] == "gcc -shared" and v["LINKCC"] == "gcc"))' "$xsc" &&
		ok "installed sysconfig: CC, LDSHARED, LINKCC name gcc" || fail "sysconfig: $(cat "$xsc")"
	grep -Eq '^CC[[:space:]]*=[[:space:]]*gcc$' "$T_TMP/xd/usr/local/lib/python3.13/config-3.13/Makefile" &&
		ok "and the installed Makefile" || fail "Makefile: $(grep '^CC' "$T_TMP/xd/usr/local/lib/python3.13/config-3.13/Makefile")"
	grep -q "'CC': 'clang'" "$T_TMP/xcc/obj/build/lib/_sysconfigdata_mini.py" && ok "the build tree keeps its own compiler" || fail "build tree changed"
	[ "$(json_get "$T_TMP/xcc/report.json" phases.install.extension_cc)" = gcc ] && ok "report: extension_cc" || fail "report extension_cc"
	json_get "$T_TMP/xcc/report.json" phases.install.extension_check | grep -q "no Python.h" && ok "report: why the extension check did not run here" || fail "extension_check $(json_get "$T_TMP/xcc/report.json" phases.install.extension_check)"
else
	skip "no clang"
fi
[ -f "$B/stamps/train.json" ] && [ "$(stat -c %Y "$B/stamps/instrument.json")" -le "$(stat -c %Y "$B/stamps/install.json")" ] && ok "install did not redo training" || fail "install"
grep -q 'profile-generate' "$B/logs/install.log" && fail "install used instrumentation flags" || ok "install used the final flags"
# the installed static libpython links without LTO, with gcc and with clang
lib=$T_TMP/dest/usr/local/lib/libpython3.13.a
n=$(json_get "$B/report.json" phases.install.static_libraries.0.compiled)
[ "$n" = 3 ] && ok "install compiled the 3 LTO-only members of libpython3.13.a" || fail "static library members compiled: $n"
n=$(grep -c -- '-flinker-output=nolto-rel' "$B/logs/install.log")
m=$(grep -- '-flinker-output=nolto-rel' "$B/logs/install.log" | grep -c -- "$W")
[ "$n" -ge 3 ] && [ "$m" = "$n" ] && ok "each member's command logged, the hot share raised" || fail "member commands: $n, with $W: $m"
[ "$(json_get "$B/report.json" phases.install.static_libraries.1.same_as_previous)" = True ] &&
	cmp -s "$lib" "$T_TMP/dest/usr/local/lib/python3.13/config-3.13/libpython3.13.a" &&
	ok "its copy in config-3.13/ took the same result" || fail "config-3.13/libpython3.13.a"
printf 'long mini_eval(long);\n#include <stdio.h>\nint main(void) { printf("%%ld\\n", mini_eval(10)); return 0; }\n' > "$T_TMP/embed.c"
for lcc in "gcc -fno-lto" clang; do
	command -v ${lcc%% *} >/dev/null || { skip "no ${lcc%% *}"; continue; }
	expect_status 0 "$lcc links the installed libpython3.13.a" -- $lcc -o "$T_TMP/embed" "$T_TMP/embed.c" "$lib"
	expect_status 0 "and the program runs" -- "$T_TMP/embed"
	[ "$OUT" = "$("$B/obj/Programs/_testembed")" ] && ok "with the interpreter's answer" || fail "embedded answer $OUT"
done
# and python.o beside it: linked with the archive without LTO, it is the interpreter
cfg=$T_TMP/dest/usr/local/lib/python3.13/config-3.13
[ "$(json_get "$B/report.json" phases.install.objects.0.compiled)" = True ] && ok "install compiled config-3.13/python.o" || fail "python.o: $(json_get "$B/report.json" phases.install.objects)"
expect_status 0 "gcc -fno-lto links python.o with libpython3.13.a" -- gcc -fno-lto -o "$T_TMP/py-nolto" "$cfg/python.o" "$cfg/libpython3.13.a"
[ "$("$T_TMP/py-nolto" --work 4000)" = "$("$B/obj/python" --work 4000)" ] && ok "and it computes what the interpreter does" || fail "python.o program differs"
[ ! -e "$B/staticlib" ] && ok "no work left in the build directory" || fail "staticlib/ left"
# with --fat-lto-objects the archive already holds machine code: left as make installed it
expect_status 0 "--fat-lto-objects --install" -- mini_build "$T_TMP/fat" --cc gcc --fat-lto-objects --install --destdir "$T_TMP/fatdest"
n=$(json_get "$T_TMP/fat/report.json" phases.install.static_libraries.0.compiled)
[ "$n" = 0 ] && ok "fat objects: nothing to compile" || fail "fat objects compiled: $n"
cmp -s "$T_TMP/fat/obj/libpython3.13.a" "$T_TMP/fatdest/usr/local/lib/libpython3.13.a" && ok "fat objects: the archive is make's" || fail "fat archive rewritten"
expect_status 0 "gcc -fno-lto links the fat archive" -- gcc -fno-lto -o "$T_TMP/embed" "$T_TMP/embed.c" "$T_TMP/fatdest/usr/local/lib/libpython3.13.a"

if command -v clang >/dev/null && command -v llvm-profdata >/dev/null; then
	C=$T_TMP/clang
	expect_status 0 "clang: whole pipeline" -- mini_build "$C" --cc clang
	R=$C/report.json
	[ "$(json_get "$R" toolchain.lto.mode)" = full ] && ok "clang: LTO full (auto)" || fail "clang lto"
	n=$(json_get "$R" phases.merge.raw_profiles)
	[ "${n:-0}" -ge 3 ] && ok "one raw profile per training process ($n)" || fail "raw profiles $n"
	n=$(json_get "$R" phases.merge.functions)
	[ "${n:-0}" -ge 3 ] && ok "merged profile has $n functions" || fail "functions $n"
	grep -q -- '-fprofile-instr-use=.*-flto ' "$C/logs/optimize.log" && ok "clang final: profile + full LTO" || fail "clang final flags"
	grep -q -- 'ws-permille' "$C/logs/optimize.log" && fail "clang got gcc's hot-share parameter" || ok "clang: no gcc parameter"
	expect_status 0 "clang-built interpreter runs" -- "$C/obj/python" --work 1000
	json_get "$C/report.json" coverage.hottest_functions | grep -q mini_objects && ok "clang: hottest functions from llvm-profdata" || fail "clang hottest: $(json_get "$C/report.json" coverage.hottest_functions)"
else
	skip "no clang"
fi

# --until stops after a phase; the same command without it finishes the build
U=$T_TMP/until
expect_status 0 "--until instrument" -- mini_build "$U" --cc gcc --until instrument
[ "$(json_get "$U/report.json" status)" = partial ] && ok "report: partial" || fail "until status $(json_get "$U/report.json" status)"
[ -f "$U/stamps/instrument.json" ] && [ ! -f "$U/stamps/train.json" ] && ok "stopped after instrument" || fail "until stamps"
expect_status 2 "--until an unknown phase" -- mini_build "$U" --cc gcc --until nowhere
expect_status 2 "--from after --until refused" -- "$OPTPY" build --source "$MINI" --build-dir "$U" --profile "$MINI_PROFILE" --verify-tests none --cc gcc --from verify --until train
expect_in "--from verify comes after --until train" "says the order is wrong"
[ ! -f "$U/stamps/train.json" ] && ok "nothing ran" || fail "a phase ran"
expect_status 0 "--from a phase after the first unfinished one" -- "$OPTPY" build --source "$MINI" --build-dir "$U" --profile "$MINI_PROFILE" --verify-tests none --cc gcc --from optimize --until optimize
expect_in "train has not finished yet: starting there" "starts at the first unfinished phase"
[ -f "$U/stamps/optimize.json" ] && [ ! -f "$U/stamps/verify.json" ] && ok "ran up to --until" || fail "until stamps after --from"
expect_status 0 "then the rest" -- mini_build "$U" --cc gcc
[ "$(json_get "$U/report.json" status)" = ok ] && ok "finished after --until" || fail "after until"

# a training profile with a crashing and a hanging task still yields a profile
F=$T_TMP/faulty
expect_status 0 "faulty profile" -- "$OPTPY" build --source "$MINI" --build-dir "$F" --profile "$MINI/profile-faulty.json" --verify-tests none --cc gcc -q
R=$F/report.json
[ "$(json_get "$R" phases.train.tasks.1.status)" = crashed ] && ok "crashing task reported" || fail "crasher: $(json_get "$R" phases.train.tasks.1.status)"
[ "$(json_get "$R" phases.train.tasks.2.status)" = timeout ] && ok "hanging task reported" || fail "hanger: $(json_get "$R" phases.train.tasks.2.status)"
[ "$(json_get "$R" phases.train.tasks.3.status)" = failed ] && ok "task over its memory limit reported" || fail "hog: $(json_get "$R" phases.train.tasks.3.status)"
grep -q MemoryError "$F/logs/train/hog.log" && ok "the memory limit was what stopped it" || fail "no MemoryError in hog.log"
n=$(json_get "$R" phases.merge.objects_with_profile)
[ "${n:-0}" -ge 2 ] && ok "the good task's profile was merged" || fail "merge $n"
expect_in "crasher" "crash named on stderr"
# --train-timeout bounds the whole training run, whatever the tasks' own limits
printf '{"name":"slow","tasks":[{"name":"good","command":["{python}","--work","1000"]},{"name":"h1","command":["{python}","--hang"],"timeout":300},{"name":"h2","command":["{python}","--hang"],"timeout":300,"parallel":false}]}\n' > "$T_TMP/slow.json"
expect_status 0 "--train-timeout 3 with hanging tasks" -- "$OPTPY" build --source "$MINI" --build-dir "$T_TMP/tt" --profile "$T_TMP/slow.json" --verify-tests none --cc gcc -q --train-timeout 3
# what stopped them is in the report: the run's deadline, not the tasks' own 300 s
case $(json_get "$T_TMP/tt/report.json" phases.train.tasks.1.why) in
	"stopped at the deadline of the whole run"*"its own limit: 300 s"*) ok "training stopped at the deadline, before the task's own limit" ;;
	*) fail "h1: $(json_get "$T_TMP/tt/report.json" phases.train.tasks.1.why)" ;; esac
case $(json_get "$T_TMP/tt/report.json" phases.train.tasks.2.why) in
	"not started: the deadline"*) ok "the serial task after it: not started" ;;
	*) fail "h2: $(json_get "$T_TMP/tt/report.json" phases.train.tasks.2.why)" ;; esac
[ "$(json_get "$T_TMP/tt/report.json" phases.train.tasks.1.status)" = timeout ] && ok "running task past the deadline: timeout" || fail "h1 $(json_get "$T_TMP/tt/report.json" phases.train.tasks.1.status)"
[ "$(json_get "$T_TMP/tt/report.json" phases.train.tasks.2.status)" = timeout ] && ok "task not started by the deadline: timeout" || fail "h2 $(json_get "$T_TMP/tt/report.json" phases.train.tasks.2.status)"
[ "$(tree_hash "$MINI")" = "$before" ] && ok "source tree still untouched" || fail "the source tree changed"
# the report's flags are what ran (the phases' stamps), not what the
# environment of a later run would give
expect_status 0 "verify again with SOURCE_DATE_EPOCH set" -- env SOURCE_DATE_EPOCH=1700000000 "$OPTPY" build --source "$MINI" --build-dir "$B" --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q --from verify
json_get "$B/report.json" flags.final | grep -q "file-prefix-map" && fail "the report shows flags that did not run" || ok "the report shows the flags that ran"
json_get "$B/report.json" phases.optimize.make_vars | grep -q "CFLAGS_NODIST=" && ok "optimize's stamp records its make variables" || fail "no make_vars in optimize's stamp"
finish
