#!/bin/sh
# build-ccache.sh - CC with a ccache launcher: every phase works, the
# profile-guided compiles are cached (ccache finds their .gcda under the
# name it looks for), a second warm build from one bundle hits the cache in
# the same build directory, and in another one when the build is
# reproducible (SOURCE_DATE_EPOCH: no build directory in the objects).
. "${srcdir:-.}/tests/lib.sh"
command -v ccache >/dev/null || { echo "skipped: no ccache (scripts/deps.sh installs it)"; exit 77; }
export CCACHE_DIR=$T_TMP/ccache
unset CCACHE_BASEDIR CCACHE_DISABLE CCACHE_RECACHE SOURCE_DATE_EPOCH
# hits: the cache hits since the last zeroing (direct and preprocessed)
hits() {
	ccache --print-stats | awk '$1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" { n += $2 } END { print n + 0 }'
}
# pgo_hits LOG: the profile-guided compiles that ccache's log says were hits
pgo_hits() {
	python3 -c 'import re, sys
pgo, hit = set(), set()
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"\[\S+ (\d+)\s*\] (.*)", line)
    if not m:
        continue
    if m.group(2).startswith("Command line:") and "-fprofile-use=" in m.group(2) and " -c " in m.group(2):
        pgo.add(m.group(1))
    elif m.group(2) in ("Result: direct_cache_hit", "Result: preprocessed_cache_hit"):
        hit.add(m.group(1))
print(len(pgo & hit))' "$1"
}

expect_status 0 "a cold build with CC='ccache gcc'" -- mini_build "$T_TMP/cold" --cc "ccache gcc" --save-profile "$T_TMP/p.bundle"
[ "$(json_get "$T_TMP/cold/report.json" toolchain.compiler.launcher)" = ccache ] && ok "the launcher is known" || fail "launcher: $(json_get "$T_TMP/cold/report.json" toolchain.compiler.launcher)"
n=$(json_get "$T_TMP/cold/report.json" phases.optimize.ccache_profile_links)
[ "$n" = 3 ] && ok "3 profile files named as ccache looks for them" || fail "ccache profile links: $n"
prefix=$(printf '%s' "$T_TMP/cold/obj" | tr / '#')
[ "$(stat -c %i "$T_TMP/cold/profile/data/$prefix#Python#eval.gcda")" = "$(stat -c %i "$T_TMP/cold/profile/data/$prefix#Python/eval.gcda")" ] &&
	ok "the second name is the same file" || fail "no link for Python/eval.o"
grep -q "CCACHE_BASEDIR=$T_TMP/cold" "$T_TMP/cold/report.json" && ok "the report says CCACHE_BASEDIR was set" || fail "no CCACHE_BASEDIR note"

# the same build directory again: every profile-guided compile is a hit
ccache -z >/dev/null
expect_status 0 "warm build from the bundle" -- mini_build "$T_TMP/w1" --cc "ccache gcc" --use-profile "$T_TMP/p.bundle"
ccache -z >/dev/null
expect_status 0 "the same warm build again (--from optimize)" -- mini_build "$T_TMP/w1" --cc "ccache gcc" --use-profile "$T_TMP/p.bundle" --from optimize
n=$(hits)
[ "$n" -ge 3 ] && ok "same directory: $n cache hits (eval, objects, python)" || fail "same directory: $n hits"

# reproducible builds in two other directories share the cache entries
export SOURCE_DATE_EPOCH=1700000000
expect_status 0 "reproducible warm build A" -- mini_build "$T_TMP/ra" --cc "ccache gcc" --use-profile "$T_TMP/p.bundle"
ccache -z >/dev/null
expect_status 0 "reproducible warm build B, another directory" -- mini_build "$T_TMP/rb" --cc "ccache gcc" --use-profile "$T_TMP/p.bundle"
n=$(hits)
[ "$n" -ge 3 ] && ok "another directory: $n cache hits" || fail "another directory: $n hits"
# (not byte-identical to A's: gcc's LTO streams record the directory an
# object was compiled in, and the link writes the source paths of A's cached
# objects relative to B's directory into the debug line table)
expect_status 0 "B's interpreter runs" -- "$T_TMP/rb/obj/python" -V
[ "$(json_get "$T_TMP/rb/report.json" phases.optimize.profile_mismatch_warnings)" = 0 ] && ok "no profile mismatch" || fail "mismatch"

# a changed profile is a miss: ccache hashes the profile data
ccache -z >/dev/null
expect_status 0 "a cold build with another training profile" -- env CCACHE_LOGFILE="$T_TMP/other.log" "$OPTPY" build --source "$MINI" --build-dir "$T_TMP/other" --profile "$MINI/profile-faulty.json" --verify-tests none -q --cc "ccache gcc"
n=$(pgo_hits "$T_TMP/other.log")
# what can hit: the objects whose counts both profiles gave the same bytes
same=0
oprefix=$(printf '%s' "$T_TMP/other/obj" | tr / '#')
for o in Python#eval Objects#objects Programs#python; do
	cmp -s "$T_TMP/cold/profile/data/$prefix#$o.gcda" "$T_TMP/other/profile/data/$oprefix#$o.gcda" && same=$((same + 1))
done
[ "$same" -lt 3 ] && ok "the other profile changed $((3 - same)) of 3 objects' counts" || fail "the two profiles are the same"
[ "$n" -le "$same" ] && ok "another profile: $n hits, at most the $same objects whose counts did not change" || fail "another profile: $n hits, $same unchanged"
# sccache (Debian 12's 0.4): it does not cache gcc's -fprofile-use compiles
# at all; it caches clang's -fprofile-instr-use=FILE ones with FILE's bytes
# in the key: the same profile hits, another profile misses (#22).  It has
# no CCACHE_BASEDIR: another build directory is another command line, so
# the checks stay in one directory.  Its server is started here, outside
# optpy.
if command -v sccache >/dev/null && command -v clang >/dev/null && command -v llvm-profdata >/dev/null; then
	# a server of its own, on a port of its own: the user's is not touched
	SCCACHE_SERVER_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	export SCCACHE_DIR=$T_TMP/sccache SCCACHE_IDLE_TIMEOUT=0 SCCACHE_SERVER_PORT
	sccache --start-server >/dev/null 2>&1
	sc_hits() { sccache -s | awk '/^Cache hits  / { print $3 }'; }
	sc() { "$OPTPY" build --source "$MINI" --build-dir "$T_TMP/sc" --verify-tests none -q --cc "sccache clang" "$@"; }
	expect_status 0 "CC='sccache clang': a first build" -- sc --profile "$MINI_PROFILE"
	objs=$(find "$T_TMP/sc/obj" -name '*.o' | wc -l)
	sccache -z >/dev/null
	expect_status 0 "the final build again, the same profile" -- sc --profile "$MINI_PROFILE" --from optimize
	n=$(sc_hits)
	[ "$n" = "$objs" ] && ok "the same profile: all $objs final compiles hit" || fail "the same profile: $n hits of $objs"
	sed 's/"300000"/"7"/; s/"200000"/"9"/; s/"5000"/"3"/' "$MINI_PROFILE" > "$T_TMP/p2.json"
	cp "$T_TMP/sc/profile/data/merged.profdata" "$T_TMP/p1.profdata"
	expect_status 0 "trained again with another profile" -- sc --profile "$T_TMP/p2.json" --from train --until merge
	cmp -s "$T_TMP/p1.profdata" "$T_TMP/sc/profile/data/merged.profdata" && fail "the two trainings gave the same profile" ||
		ok "the two trainings gave different profiles"
	sccache -z >/dev/null
	expect_status 0 "its final build" -- sc --profile "$T_TMP/p2.json"
	n=$(sc_hits)
	[ "$n" = 0 ] && ok "another profile: no final compile hit" || fail "another profile: $n hits"
	sccache --stop-server >/dev/null 2>&1
else
	skip "no sccache with clang"
fi
finish
