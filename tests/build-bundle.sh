#!/bin/sh
# build-bundle.sh - stored profiles: --save-profile writes one portable
# bundle (profile + what it fits); --use-profile builds without instrument,
# train and merge in another build directory; a bundle that does not fit is
# refused (exit 15) unless --allow-mismatch; optpy profile show.
. "${srcdir:-.}/tests/lib.sh"
export TMPDIR="$T_TMP"
unset CC CFLAGS LDFLAGS AR LLVM_AR LLVM_PROFDATA CFLAGS_NODIST LDFLAGS_NODIST DEB_BUILD_OPTIONS
W=$T_TMP/w
mkdir -p "$W/src1" "$W/src2"
cp -r "$MINI/." "$W/src1/"
cp -r "$MINI/." "$W/src2/"
b() { "$OPTPY" build --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q --bolt off "$@"; }

expect_status 0 "a cold build that saves its profile" -- b --source "$W/src1" --build-dir "$W/cold" --save-profile "$W/p.bundle"
[ -f "$W/p.bundle" ] && ok "bundle written" || fail "no bundle"
[ "$(json_get "$W/cold/report.json" phases.merge.saved_bundle)" = "$W/p.bundle" ] && ok "the report says where" || fail "report"
members=$(python3 -c "import sys, tarfile; print('\n'.join(tarfile.open(sys.argv[1]).getnames()))" "$W/p.bundle")
printf '%s\n' "$members" | grep -q '^optpy-profile.json$' && ok "a manifest inside" || fail "no manifest: $members"
printf '%s\n' "$members" | grep -q '^profile/Python#eval.gcda$' && ok "profiles stored without the build directory's path" || fail "members: $members"
printf '%s\n' "$members" | grep -q "$(echo "$W" | tr / '#')" && fail "a build path in the bundle" || ok "no build path in member names"
expect_status 0 "optpy profile show" -- "$OPTPY" profile show "$W/p.bundle"
for k in cpython source_sha256 compiler compiler_version flags training training_sha256 optpy; do
	expect_in "^  $k " "show: $k"
done
expect_in "coverage: [0-9]+ of [0-9]+ objects" "show: coverage"
# the same training elsewhere gives the same bytes
expect_status 0 "another cold build, elsewhere" -- b --source "$W/src1" --build-dir "$W/cold2" --until merge --save-profile "$W/p2.bundle"
cmp -s "$W/p.bundle" "$W/p2.bundle" && ok "a bundle is reproducible" || fail "two saves differ"

# a warm build elsewhere, from another copy of the same source
expect_status 0 "a warm build from the bundle" -- b --source "$W/src2" --build-dir "$W/warm" --use-profile "$W/p.bundle"
R=$W/warm/report.json
for p in instrument train merge; do
	[ "$(json_get "$R" phases.$p.skipped)" = True ] && ok "warm: $p skipped" || fail "warm: $p ran"
done
[ "$(json_get "$R" phases.instrument.bundle_mismatches)" = 0 ] && ok "the bundle fits" || fail "mismatches $(json_get "$R" phases.instrument.bundle_differences)"
grep -q -- "-fprofile-use=" "$W/warm/logs/optimize.log" && ok "the final build used the profile" || fail "no -fprofile-use"
[ "$(json_get "$R" phases.optimize.profile_mismatch_warnings)" = 0 ] && ok "no profile mismatch in another build directory" || fail "mismatch warnings $(json_get "$R" phases.optimize.profile_mismatch_warnings)"
[ "$("$W/warm/obj/python" --work 4000)" = "$("$W/cold/obj/python" --work 4000)" ] && ok "same results as the cold build" || fail "results differ"
# the build tools, built plainly before the final build, are kept by it
[ "$(json_get "$R" phases.instrument.build_tools)" = "Programs/_freeze_module _bootstrap_python" ] && ok "warm: the build tools built first" || fail "warm: build tools: $(json_get "$R" phases.instrument.build_tools)"
grep -q -- "-O0 .*-o Programs/_freeze_module.o " "$W/warm/logs/instrument.log" && ok "plainly (-O0)" || fail "not at -O0"
grep -q -- "-fprofile-use\|-flto" "$W/warm/logs/instrument.log" && fail "the tools got the profile or LTO" || ok "without the profile or LTO"
grep -q -- "make .*-o Programs/_freeze_module -o _bootstrap_python" "$W/warm/logs/optimize.log" && ok "the final build keeps them" || fail "the final build does not keep the tools"
grep -q -- "-o Programs/_freeze_module Programs/_freeze_module.o" "$W/warm/logs/optimize.log" && fail "the final build relinked _freeze_module" || ok "and does not link them again"

# reproducible: two builds from one bundle, in two build directories, with
# SOURCE_DATE_EPOCH, install the same bytes (BOLTed too), no build path in them
for i in 1 2; do
	expect_status 0 "reproducible build $i" -- env SOURCE_DATE_EPOCH=1700000000 "$OPTPY" build --source "$W/src1" --build-dir "$W/repro$i" --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q --bolt off --use-profile "$W/p.bundle" --install --destdir "$W/dest$i"
done
# (libpython3.13.a too: install compiled its LTO-only members, in obj/ with
# the build directory mapped away, and wrote it deterministically)
for f in bin/python3.13 lib/python3.13/_mini.so lib/libpython3.13.a; do
	cmp -s "$W/dest1/usr/local/$f" "$W/dest2/usr/local/$f" && ok "identical: $f" || fail "differs: $f"
done
strings -a "$W/dest1/usr/local/bin/python3.13" | grep -q "$W/repro1" && fail "the build path is in the binary" || ok "no build path in the binary"
# with BOLT: a bundle saved from a BOLT build (its link flags change code);
# saved again after bolt, with BOLT's profile, which warm builds apply as it
# is (no instrumented binary, no training: the same layout every time)
expect_status 0 "a cold build with BOLT that saves its profile" -- "$OPTPY" build --source "$W/src1" --build-dir "$W/coldb" --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q --save-profile "$W/pb.bundle"
[ "$(json_get "$W/coldb/report.json" phases.bolt.saved_bundle)" = "$W/pb.bundle" ] && ok "bolt saved the bundle again" || fail "bolt did not save the bundle"
python3 -c "import sys, tarfile; print('\n'.join(tarfile.open(sys.argv[1]).getnames()))" "$W/pb.bundle" | grep -q '^bolt/python.fdata$' && ok "with BOLT's profile of python" || fail "no bolt/python.fdata in the bundle"
expect_status 0 "optpy profile show, a bundle with BOLT's profile" -- "$OPTPY" profile show "$W/pb.bundle"
expect_in '^BOLT profiles: \["python.fdata"\]' "show: BOLT's profiles"
for i in 1 2; do
	expect_status 0 "reproducible BOLT build $i" -- env SOURCE_DATE_EPOCH=1700000000 "$OPTPY" build --source "$W/src1" --build-dir "$W/reprob$i" --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q --use-profile "$W/pb.bundle" --install --destdir "$W/destb$i"
done
[ "$(json_get "$W/reprob1/report.json" phases.bolt.outcome)" = bolted ] && ok "BOLTed" || fail "not BOLTed: $(json_get "$W/reprob1/report.json" phases.bolt.why)"
[ "$(json_get "$W/reprob1/report.json" phases.bolt.profile_source)" = stored ] && ok "with the stored BOLT profile" || fail "BOLT profile: $(json_get "$W/reprob1/report.json" phases.bolt.profile_source)"
[ ! -d "$W/reprob1/bolt-train" ] && ok "no BOLT training in a warm build" || fail "BOLT trained anyway"
expect_status 0 "a warm build with BOLT from a bundle without BOLT's profile" -- env SOURCE_DATE_EPOCH=1700000000 "$OPTPY" build --source "$W/src1" --build-dir "$W/reprob3" --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q --use-profile "$W/p.bundle" --allow-mismatch
[ "$(json_get "$W/reprob3/report.json" phases.bolt.profile_source)" = trained ] && ok "trains BOLT itself" || fail "BOLT profile: $(json_get "$W/reprob3/report.json" phases.bolt.profile_source)"
cmp -s "$W/destb1/usr/local/bin/python3.13" "$W/destb2/usr/local/bin/python3.13" && ok "identical BOLTed interpreters" || fail "BOLTed interpreters differ"

# what does not fit is refused, naming what differs
echo "/* patched */" >> "$W/src2/Objects/objects.c"
expect_status 15 "another source" -- b --source "$W/src2" --build-dir "$W/other-src" --use-profile "$W/p.bundle"
expect_in "does not fit this build: source_sha256" "names the source"
expect_in "--allow-mismatch" "names the way out"
[ "$(json_get "$W/other-src/report.json" exit_status)" = 15 ] && ok "report: exit 15" || fail "report exit"
expect_status 0 "--allow-mismatch uses it anyway" -- b --source "$W/src2" --build-dir "$W/other-src2" --use-profile "$W/p.bundle" --allow-mismatch
expect_in "warning: using the profile bundle .* although it does not fit" "says so, loudly"
[ "$(json_get "$W/other-src2/report.json" phases.instrument.bundle_mismatches)" = 1 ] && ok "report counts the mismatch" || fail "mismatch count"
# a bundle used although it does not fit was made for other code: BOLT's
# stored profile would be stale, so BOLT trains anew
expect_status 0 "--allow-mismatch with a bundle with BOLT's profile" -- "$OPTPY" build --source "$W/src2" --build-dir "$W/other-srcb" --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q --use-profile "$W/pb.bundle" --allow-mismatch
[ "$(json_get "$W/other-srcb/report.json" phases.bolt.profile_source)" = trained ] && ok "BOLT trains anew, not from the stale stored profile" || fail "BOLT profile: $(json_get "$W/other-srcb/report.json" phases.bolt.profile_source)"
if command -v clang >/dev/null; then
	expect_status 15 "another compiler" -- "$OPTPY" build --source "$W/src1" --build-dir "$W/other-cc" --profile "$MINI_PROFILE" --verify-tests none --cc clang -q --bolt off --use-profile "$W/p.bundle"
	expect_in "compiler: bundle \"gcc\", this build \"clang\"" "names the compiler"
fi
expect_status 15 "other flags (--lto off)" -- b --source "$W/src1" --build-dir "$W/other-flags" --use-profile "$W/p.bundle" --lto off
expect_in "flags: bundle" "names the flags"
head -c 3000 /dev/urandom > "$W/junk.bundle"
expect_status 2 "not a bundle" -- b --source "$W/src1" --build-dir "$W/junk" --use-profile "$W/junk.bundle"
expect_in "not a profile bundle|cannot read the profile bundle" "says so"
expect_status 2 "--allow-mismatch alone" -- b --source "$W/src1" --build-dir "$W/x" --allow-mismatch
expect_status 2 "--use-profile of a missing file" -- b --source "$W/src1" --build-dir "$W/x" --use-profile "$W/none.bundle"
finish
