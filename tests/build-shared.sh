#!/bin/sh
# build-shared.sh - `-- --enable-shared`: trained once, the interpreter and
# libpython's shared object both built with the profile and LTO (and
# BOLTed where it works); it runs from the build directory and installed.
. "${srcdir:-.}/tests/lib.sh"
export TMPDIR="$T_TMP"
unset CC CFLAGS LDFLAGS AR LLVM_AR LLVM_PROFDATA CFLAGS_NODIST LDFLAGS_NODIST DEB_BUILD_OPTIONS
S=$T_TMP/shared
expect_status 0 "a static build, for reference" -- mini_build "$T_TMP/static" --cc gcc
expect_status 0 "--enable-shared" -- mini_build "$S" --cc gcc --install --destdir "$T_TMP/dest" -- --enable-shared
so=$S/obj/libpython3.13.so.1.0
[ -f "$so" ] && ok "libpython3.13.so.1.0 built" || fail "no shared libpython"
readelf -d "$S/obj/python" | grep -q 'NEEDED.*libpython3.13.so.1.0' && ok "the interpreter links it" || fail "python does not need libpython.so"
grep -- '-shared -Wl,-soname,libpython3.13.so.1.0' "$S/logs/optimize.log" | grep -q -- '-flto=auto' && ok "libpython.so linked with LTO" || fail "libpython.so without LTO"
grep -- '-fprofile-use=' "$S/logs/optimize.log" | grep -q -- '-fPIC .*-o Objects/objects.o\|-o Objects/objects.o' && ok "its objects compiled with the profile" || fail "objects"
[ "$(json_get "$S/report.json" phases.optimize.profile_mismatch_warnings)" = 0 ] && ok "no profile mismatch" || fail "mismatch"
json_get "$S/report.json" coverage.missed | grep -q 'Objects/objects.o' && fail "libpython's objects got no profile" || ok "libpython's objects have profile data"
json_get "$S/report.json" phases.bolt.binaries | grep -q 'libpython3.13.so.1.0' && ok "BOLT took libpython.so too" || fail "bolt binaries: $(json_get "$S/report.json" phases.bolt.binaries)"
outcome=$(json_get "$S/report.json" phases.bolt.outcome)
echo "# BOLT with --enable-shared: $outcome $(json_get "$S/report.json" phases.bolt.why)"
[ "$outcome" = bolted ] || [ "$outcome" = fallback ] && ok "BOLT outcome recorded ($outcome)" || fail "bolt outcome $outcome"
[ "$(json_get "$S/report.json" phases.verify.status)" = ok ] && ok "verify passed" || fail "verify"
# the link name (a hard link, which install copies) is the final library,
# not the BOLT-instrumented one llvm-bolt wrote in place
[ "$(stat -c %i "$S/obj/libpython3.13.so")" = "$(stat -c %i "$so")" ] && ok "libpython3.13.so is still a link to it" || fail "libpython3.13.so is another file"
cmp -s "$so" "$T_TMP/dest/usr/local/lib/libpython3.13.so.1.0" && ok "the installed libpython is the final one" || fail "the installed libpython is not the one verified"
strings -a "$T_TMP/dest/usr/local/lib/libpython3.13.so.1.0" | grep -q -- "-instrument" && fail "the installed libpython is BOLT-instrumented" || ok "and not BOLT-instrumented"
want=$("$T_TMP/static/obj/python" --work 4000)
[ "$(LD_LIBRARY_PATH=$S/obj "$S/obj/python" --work 4000)" = "$want" ] && ok "runs from the build directory, same results" || fail "build-dir run"
D=$T_TMP/dest/usr/local
[ -f "$D/lib/libpython3.13.so.1.0" ] && ok "libpython.so installed" || fail "not installed"
[ "$(LD_LIBRARY_PATH=$D/lib "$D/bin/python3.13" --work 4000)" = "$want" ] && ok "runs after install" || fail "installed run"
LD_LIBRARY_PATH=$D/lib ldd "$D/bin/python3.13" | grep -q "$D/lib/libpython3.13.so.1.0" && ok "the installed one uses the installed libpython" || fail "ldd: $(LD_LIBRARY_PATH=$D/lib ldd "$D/bin/python3.13" | grep libpython)"
# 3.15's --enable-static-libpython-for-interpreter with --enable-shared: the
# shared object is built, the interpreter does not load it; BOLT takes the
# interpreter alone (the code before: no BOLT profile for the shared object,
# BOLT not applied at all)
I=$T_TMP/static-interp
expect_status 0 "--enable-shared --enable-static-libpython-for-interpreter" -- mini_build "$I" --cc gcc -- --enable-shared --enable-static-libpython-for-interpreter
[ -f "$I/obj/libpython3.13.so.1.0" ] && ! readelf -d "$I/obj/python" | grep -q 'NEEDED.*libpython' &&
	ok "libpython.so built, the interpreter does not need it" || fail "static interpreter: $(readelf -d "$I/obj/python" | grep NEEDED)"
if [ "$(json_get "$I/report.json" phases.bolt.skipped)" = True ]; then
	skip "no BOLT here: $(json_get "$I/report.json" phases.bolt.why)"
else
	[ "$(json_get "$I/report.json" phases.bolt.outcome)" = bolted ] && ok "the interpreter BOLTed" ||
		fail "bolt: $(json_get "$I/report.json" phases.bolt.outcome) $(json_get "$I/report.json" phases.bolt.why)"
	json_get "$I/report.json" phases.bolt.binaries | grep -q libpython && fail "BOLT took the unused libpython.so" ||
		ok "and not the shared object it does not load"
	json_get "$I/report.json" phases.bolt.not_bolted | grep -q "libpython3.13.so.1.0.*does not load it" &&
		ok "the report says why libpython.so was left alone" || fail "not_bolted: $(json_get "$I/report.json" phases.bolt.not_bolted)"
fi
finish
