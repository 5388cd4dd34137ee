#!/bin/sh
# build-farm.sh - a compile farm that knows the phases (#22): a real distccd
# on loopback, in its own mount namespace where the build's directory is an
# empty tmpfs (a farm host cannot see the build's files).  With clang the
# instrumented build runs on the farm and every compile that reads the
# profile stays here; with gcc distcc keeps the profile compiles here by its
# own rule; nothing is sent out to fail and be redone; each phase's stamp
# says where its compiles ran.  icecream is checked with a stand-in launcher.
. "${srcdir:-.}/tests/lib.sh"
command -v distcc >/dev/null && command -v distccd >/dev/null ||
	{ echo "skipped: no distcc (scripts/deps.sh installs it)"; exit 77; }
[ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null ||
	{ echo "skipped: no mount namespace for the farm host (needs root)"; exit 77; }

W=$T_TMP/work                  # the build's files: hidden from the farm host
F=$T_TMP/farm                  # the host's log
mkdir -p "$W" "$F" "$T_TMP/distcc"
chmod 711 "$T_TMP" # distccd, as its own user, writes its log in $F
chmod 777 "$F"
touch "$W/marker"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# the host: its own mounts; its pid file says whom to stop
unshare -m --propagation private sh -c '
	mount -t tmpfs farm-host "$1" || exit 1
	[ -e "$1/marker" ] && echo "the host sees the build" > "$2/sees" || echo "hidden" > "$2/sees"
	exec distccd --daemon --no-detach --listen 127.0.0.1 --allow 127.0.0.1 --port "$3" \
		--enable-tcp-insecure --pid-file "$2/distccd.pid" --log-file "$2/distccd.log" --log-level info' \
	sh "$W" "$F" "$port" > "$F/host.out" 2>&1 &
# unshare and sh exec: $! is distccd itself (its pid file is not kept:
# a preforked child that exits removes it)
host=$!
trap 'kill -TERM "$host" 2>/dev/null; rm -rf "$T_TMP"' EXIT
i=0
until python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$port" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 100 ] || { fail "distccd did not start"; finish; }
	sleep 0.1
done
[ "$(cat "$F/sees")" = hidden ] && ok "the farm host cannot see the build's files" || fail "farm host: $(cat "$F/sees")"
export DISTCC_HOSTS=127.0.0.1:$port DISTCC_DIR=$T_TMP/distcc
unset DISTCC_VERBOSE DISTCC_LOG DISTCC_FALLBACK CCACHE_PREFIX

# farm N PHASE KEY: a number from the phase's "farm" object (0 when absent)
farm() {
	v=$(json_get "$W/$1/report.json" "phases.$2.farm.$3")
	[ "$v" = None ] && echo 0 || echo "$v"
}
host_jobs() { grep -c "COMPILE_OK" "$F/distccd.log" || [ -e "$F/distccd.log" ]; }

if command -v clang >/dev/null && command -v llvm-profdata >/dev/null; then
	before=$(host_jobs)
	expect_status 0 "CC='distcc clang': the whole pipeline" -- mini_build "$W/clang" --cc "distcc clang"
	n=$(farm clang instrument remote)
	[ "$n" -gt 0 ] && ok "instrumented compiles ran on the farm ($n)" || fail "instrument: $n on the farm"
	[ "$(farm clang instrument local_why.bounced)$(farm clang instrument local_why.no_host)" = 00 ] &&
		ok "none bounced off the farm" || fail "instrument: $(json_get "$W/clang/report.json" phases.instrument.farm)"
	[ "$(host_jobs)" -eq $((before + n)) ] && ok "the host's own log counts the same compiles" ||
		fail "the host ran $(($(host_jobs) - before)), the stamp says $n"
	objs=$(find "$W/clang/obj" -name '*.o' | wc -l)
	[ "$(farm clang optimize remote)" = 0 ] && [ "$(farm clang optimize local_why.optpy_local)" = "$objs" ] &&
		ok "every profile-reading compile ran here ($objs objects)" ||
		fail "optimize: $(json_get "$W/clang/report.json" phases.optimize.farm), $objs objects"
	[ ! -e "$W/clang/logs/distcc-optimize.log" ] && ! grep -q "profile-instr-use" "$W"/clang/logs/distcc-*.log &&
		ok "no -fprofile-instr-use compile went through distcc" || fail "a profile-use compile reached distcc"
	grep -q -- "-fprofile-instr-use" "$W/clang/logs/optimize.log" && ok "the final build did read the profile" ||
		fail "no -fprofile-instr-use in the optimize log"
	[ "$(json_get "$W/clang/report.json" warnings)" = "[]" ] && ok "no warnings" ||
		fail "warnings: $(json_get "$W/clang/report.json" warnings)"
	OUT=$("$OPTPY" report "$W/clang" 2>&1)
	expect_in "farm: +instrument +$n on the farm" "optpy report says where the instrumented compiles ran"
	expect_in "farm: +optimize +0 on the farm, $objs here \\($objs: it reads the profile" "and why the final ones ran here"
	"$OPTPY" report --html "$T_TMP/r.html" "$W/clang" >/dev/null 2>&1 &&
		grep -q "<tr><td>instrument</td><td>distcc</td><td class=\"num\">$n</td>" "$T_TMP/r.html" &&
		ok "the report page has the farm's table" || fail "no farm table in the report page"

	# a planted link where the farm's log goes is replaced, its target untouched
	: > "$T_TMP/outside"
	ln -sf "$T_TMP/outside" "$W/clang/logs/distcc-instrument.log"
	expect_status 0 "a rerun from instrument" -- mini_build "$W/clang" --cc "distcc clang" --from instrument
	[ ! -s "$T_TMP/outside" ] && [ ! -L "$W/clang/logs/distcc-instrument.log" ] &&
		ok "the planted link was not written through" || fail "the farm's log followed a planted link"

	# a host that cannot compile: loud, and counted
	DISTCC_HOSTS=127.0.0.1:1 expect_status 0 "a farm that refuses every connection" -- \
		mini_build "$W/refused" --cc "distcc clang" --until instrument
	expect_in "distcc reached no farm host" "the refused farm is a warning"
	[ "$(farm refused instrument remote)" = 0 ] && [ "$(farm refused instrument local_why.no_host)" -gt 0 ] &&
		ok "counted as no host reached" || fail "refused: $(json_get "$W/refused/report.json" phases.instrument.farm)"
else
	skip "no clang with llvm-profdata"
fi

rm -f "$DISTCC_DIR"/lock/backoff_* 2>/dev/null
before=$(host_jobs)
expect_status 0 "CC='distcc gcc': the whole pipeline" -- mini_build "$W/gcc" --cc "distcc gcc"
n=$(farm gcc instrument local_why.profile_rule)
[ "$n" -gt 0 ] && [ "$(farm gcc instrument remote)" = 0 ] && ok "gcc's profile compiles stayed here by distcc's rule ($n)" ||
	fail "gcc instrument: $(json_get "$W/gcc/report.json" phases.instrument.farm)"
[ "$(farm gcc optimize local_why.optpy_local)" -gt 0 ] && [ "$(host_jobs)" = "$before" ] &&
	ok "the final build ran here and the host ran nothing" ||
	fail "gcc optimize: $(json_get "$W/gcc/report.json" phases.optimize.farm), host jobs $before -> $(host_jobs)"

# icecream: a stand-in icecc on PATH that records what it was asked to run
mkdir -p "$T_TMP/bin"
cat > "$T_TMP/bin/icecc" <<EOF
#!/bin/sh
printf '%s\n' "\$*" >> "$T_TMP/icecc.calls"
exec "\$@"
EOF
chmod +x "$T_TMP/bin/icecc"
PATH=$T_TMP/bin:$PATH expect_status 0 "CC='icecc gcc'" -- mini_build "$W/icecc" --cc "icecc gcc"
grep -q -- "-fprofile-generate" "$T_TMP/icecc.calls" && ok "the instrumented build went through icecc" ||
	fail "icecc saw no instrumented compile"
grep -q -- "-fprofile-use" "$T_TMP/icecc.calls" && fail "a profile-use compile went through icecc" ||
	ok "no profile-use compile went through icecc"
[ "$(json_get "$W/icecc/report.json" phases.optimize.farm.launcher)" = icecc ] &&
	[ "$(json_get "$W/icecc/report.json" phases.instrument.farm.counted)" = False ] &&
	ok "the stamps say icecc, its placement not counted" || fail "icecc: $(json_get "$W/icecc/report.json" phases.instrument.farm)"
grep -q "'CC': 'icecc gcc'" "$W/icecc/obj/build/lib/_sysconfigdata_mini.py" 2>/dev/null ||
	grep -rq "icecc gcc" "$W/icecc/obj/Makefile" && ok "the configured CC keeps the launcher" || fail "CC lost its launcher"

# ccache in front of distcc (CCACHE_PREFIX): the same rule
if command -v ccache >/dev/null && command -v clang >/dev/null && command -v llvm-profdata >/dev/null; then
	rm -f "$DISTCC_DIR"/lock/backoff_* 2>/dev/null
	CCACHE_DIR=$T_TMP/ccache CCACHE_PREFIX=distcc expect_status 0 "CC='ccache clang', CCACHE_PREFIX=distcc" -- \
		mini_build "$W/ccd" --cc "ccache clang"
	[ "$(farm ccd instrument remote)" -gt 0 ] && [ "$(farm ccd optimize remote)" = 0 ] &&
		[ "$(farm ccd instrument local_why.bounced)" = 0 ] && ok "through ccache: out for instrument, here for optimize" ||
		fail "ccache+distcc: $(json_get "$W/ccd/report.json" phases)"
fi
finish
