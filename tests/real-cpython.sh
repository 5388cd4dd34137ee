#!/bin/sh
# real-cpython.sh - one real end-to-end build of CPython 3.13.5 with gcc and
# the default profile (about 8 minutes on 2 cores).  Runs when
# OPTPY_TEST_REAL=1 (scripts/test.sh and CI set it); skipped otherwise.
. "${srcdir:-.}/tests/lib.sh"
if [ "${OPTPY_TEST_REAL:-0}" != 1 ]; then
	echo "skipped: set OPTPY_TEST_REAL=1 for the real CPython build"
	exit 77
fi
unset CC CFLAGS LDFLAGS AR LLVM_AR LLVM_PROFDATA CFLAGS_NODIST LDFLAGS_NODIST
tarball=$(sh "${srcdir:-.}/scripts/fetch-cpython.sh" 3.13) || { fail "cannot fetch the CPython 3.13 source"; finish; }
sum_before=$(sha256sum < "$tarball")
B=${OPTPY_TEST_REAL_DIR:-$T_TMP/b313}
expect_status 0 "optpy build of $(basename "$tarball") with gcc" -- "$OPTPY" build --source "$tarball" --build-dir "$B" --cc gcc --save-profile "$T_TMP/p313.bundle"
printf '%s\n' "$OUT" | tail -n 12
R=$B/report.json
[ "$(json_get "$R" status)" = ok ] && ok "report: ok" || fail "report: $(json_get "$R" status)"
[ "$(json_get "$R" python_version)" = 3.13.5 ] && ok "version 3.13.5" || fail "version"
[ "$(json_get "$R" toolchain.lto.mode)" = full ] && ok "LTO full (gcc)" || fail "lto"
[ "$(json_get "$R" toolchain.pgo.works)" = True ] && ok "PGO" || fail "pgo"
n=$(json_get "$R" phases.merge.objects_with_profile)
[ "${n:-0}" -ge 200 ] && ok "$n objects with profile data" || fail "objects with profile: $n"
[ "$(json_get "$R" phases.optimize.profile_mismatch_warnings)" = 0 ] && ok "no profile mismatch warnings" || fail "mismatch: $(json_get "$R" phases.optimize.profile_mismatch_warnings)"
[ "$(json_get "$R" phases.train.tasks_failed)" = 0 ] && ok "every training task ran on the instrumented interpreter" || fail "training failures"
for m in _ssl _ctypes _json _pickle _decimal _sqlite3 zlib _struct _asyncio; do
	[ "$(json_get "$R" phases.verify.modules.$m)" = ok ] && ok "module $m imports" || fail "module $m: $(json_get "$R" phases.verify.modules.$m)"
done
[ "$(json_get "$R" phases.verify.tests_passed)" = True ] && ok "the test subset passed" || fail "tests"
[ "$(json_get "$R" phases.verify.recursion_ok)" = True ] && ok "recursion through C ends in RecursionError, not a crash" || fail "recursion check"
expect_status 0 "the interpreter runs" -- "$B/obj/python" -c "import sys; print(sys.version)"
expect_in "^3\.13\.5 " "prints 3.13.5"
for t in "${srcdir:-.}"/profiles/tasks/*.py; do
	expect_status 0 "$(basename "$t") on the optimized interpreter" -- "$B/obj/python" "$t" 1
done
# a clean install: optpy's profile, LTO and BOLT flags stay out of sysconfig
# (recording clang for extension builds: install builds one with it and imports it)
xcc=
command -v clang >/dev/null && xcc="--extension-cc clang"
expect_status 0 "install into a DESTDIR" -- "$OPTPY" build --source "$tarball" --build-dir "$B" --cc gcc --install --destdir "$T_TMP/dest" -q $xcc
if [ -n "$xcc" ]; then
	json_get "$B/report.json" phases.install.extension_check | grep -q "^ok" && ok "--extension-cc clang: install built and imported an extension with it" || fail "extension check: $(json_get "$B/report.json" phases.install.extension_check)"
	env PYTHONHOME="$T_TMP/dest/usr/local" "$T_TMP/dest/usr/local/bin/python3.13" -c "import sysconfig; print(sysconfig.get_config_var('CC'), sysconfig.get_config_var('LDSHARED'))" | grep -q "^clang clang -shared" && ok "the installed sysconfig names clang" || fail "installed CC not clang"
fi
sc=$(find "$T_TMP/dest" -name '_sysconfigdata_*.py' | head -n 1)
[ -n "$sc" ] && ok "sysconfig data installed" || fail "no _sysconfigdata installed"
# (configure's own PGO_PROF_*_FLAG values name -fprofile-generate/-use without a
# directory, as in any CPython build; optpy's carry one)
grep -Eo -- "-fprofile-(generate|use)=[^ ']*|-flto[=a-z]*|--emit-relocs|-fno-reorder-blocks-and-partition" "$sc" | sort -u > "$T_TMP/leaks"
[ ! -s "$T_TMP/leaks" ] && ok "installed sysconfig carries none of optpy's flags" || fail "leaks: $(tr '\n' ' ' < "$T_TMP/leaks")"
[ -x "$T_TMP/dest/usr/local/bin/python3.13" ] && ok "python3.13 installed" || fail "no python3.13"
# a C extension builds against the installed interpreter, with gcc and with
# clang, from sysconfig's flags; a program embedding it links the installed
# static libpython3.13.a without LTO (install compiled its LTO-only members)
IPY=$T_TMP/dest/usr/local/bin/python3.13
CFG=$T_TMP/dest/usr/local/bin/python3.13-config
for lcc in gcc clang; do
	command -v $lcc >/dev/null || { skip "no $lcc"; continue; }
	mkdir -p "$T_TMP/ext-$lcc"
	expect_status 0 "$lcc builds a C extension against the installed python3.13" -- env PYTHONHOME="$T_TMP/dest/usr/local" "$IPY" "${srcdir:-.}/tests/ext/build_ext.py" $lcc "$T_TMP/ext-$lcc" "${srcdir:-.}/tests/ext/optpy_ext.c"
	expect_status 0 "the $lcc-built extension imports and runs" -- env PYTHONHOME="$T_TMP/dest/usr/local" PYTHONPATH="$T_TMP/ext-$lcc" "$IPY" -c "import optpy_ext; print(optpy_ext.weighted_sum([1, 2, 3], 2))"
	[ "$OUT" = 28 ] && ok "with the right answer" || fail "extension answered $OUT"
done
for lcc in "gcc -fno-lto" clang; do
	command -v ${lcc%% *} >/dev/null || { skip "no ${lcc%% *}"; continue; }
	# (the words python3.13-config prints, split as a makefile would)
	expect_status 0 "$lcc links a program against the installed libpython3.13.a" -- $lcc $("$CFG" --cflags) -o "$T_TMP/embed" "${srcdir:-.}/tests/ext/embed.c" $("$CFG" --ldflags --embed)
	expect_status 0 "the embedding program runs" -- env PYTHONHOME="$T_TMP/dest/usr/local" "$T_TMP/embed"
	[ "$OUT" = '{"answer": 42}' ] && ok "and answers" || fail "embedded answer: $OUT"
done
n=$(json_get "$B/report.json" phases.install.static_libraries.0.compiled)
[ "${n:-0}" -ge 150 ] && ok "install compiled $n LTO-only members of libpython3.13.a" || fail "static library members compiled: $n"
[ "$(json_get "$B/report.json" phases.install.objects.0.compiled)" = True ] && ok "install compiled config-3.13/python.o too" || fail "python.o: $(json_get "$B/report.json" phases.install.objects)"
echo "# static library: $(json_get "$B/report.json" phases.install.static_libraries.0.seconds) s; install: $(json_get "$B/report.json" phases.install.seconds) s"
# a warm build from the stored profile, in another build directory
[ -f "$T_TMP/p313.bundle" ] && ok "profile bundle saved" || fail "no bundle"
W=$T_TMP/warm313
expect_status 0 "a warm build from the bundle" -- "$OPTPY" build --source "$tarball" --build-dir "$W" --cc gcc --use-profile "$T_TMP/p313.bundle" -q
[ "$(json_get "$W/report.json" phases.instrument.skipped)" = True ] && [ "$(json_get "$W/report.json" phases.train.skipped)" = True ] && ok "warm: no instrumented build, no training" || fail "warm build trained"
[ "$(json_get "$W/report.json" phases.optimize.profile_mismatch_warnings)" = 0 ] && ok "warm: the profile fits in another directory" || fail "warm mismatch: $(json_get "$W/report.json" phases.optimize.profile_mismatch_warnings)"
echo "# cold missing-profile warnings: $(json_get "$R" phases.optimize.profile_missing_warnings), warm: $(json_get "$W/report.json" phases.optimize.profile_missing_warnings)"
if [ "$(json_get "$R" phases.bolt.outcome)" = bolted ]; then
	[ "$(json_get "$W/report.json" phases.bolt.profile_source)" = stored ] && ok "warm: BOLT's stored profile applied" || fail "warm: BOLT profile $(json_get "$W/report.json" phases.bolt.profile_source)"
	[ "$(json_get "$W/report.json" phases.bolt.outcome)" = bolted ] && ok "warm: BOLTed" || fail "warm: bolt $(json_get "$W/report.json" phases.bolt.why)"
fi
for p in configure instrument optimize bolt verify; do
	echo "# warm $p: $(json_get "$W/report.json" phases.$p.seconds) s"
done
echo "# warm build: $(json_get "$W/report.json" total_seconds) s"
[ "$(sha256sum < "$tarball")" = "$sum_before" ] && ok "tarball untouched" || fail "tarball changed"
for p in configure instrument train optimize verify; do
	echo "# $p: $(json_get "$R" phases.$p.seconds) s"
done
echo "# total: $(json_get "$R" total_seconds) s"
finish
