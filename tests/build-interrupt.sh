#!/bin/sh
# build-interrupt.sh - Ctrl-C (SIGINT) or SIGTERM in every phase stops the
# child process group; re-running resumes and finishes with the same result.
. "${srcdir:-.}/tests/lib.sh"
export TMPDIR="$T_TMP"
unset CC CFLAGS LDFLAGS AR LLVM_AR LLVM_PROFDATA CFLAGS_NODIST LDFLAGS_NODIST

# reference result from an uninterrupted build
expect_status 0 "reference build" -- mini_build "$T_TMP/ref" --cc gcc
ref_result=$("$T_TMP/ref/obj/python" --work 100000)

# interrupt PHASE SIGNAL MARKER [env...] -- [extra build args]: start a build,
# wait until PHASE has begun, send SIGNAL, expect 130 and no process whose
# command line matches MARKER (an anchored pgrep -f pattern) left; then the same command without the env resumes and must finish.
interrupt() {
	phase=$1 sig=$2 marker=$3 dir=$4
	shift 4
	envs=
	while [ "$1" != "--" ]; do envs="$envs $1"; shift; done
	shift
	rm -f "$dir/logs/$phase.log"
	# shellcheck disable=SC2086
	env $envs "$OPTPY" build --source "$MINI" --build-dir "$dir" --profile "$PROF" --verify-tests none --cc gcc -q "$@" > "$T_TMP/out.$phase" 2>&1 &
	pid=$!
	if ! wait_for "$dir/logs/$phase.log" 60; then fail "$phase: never started"; kill -9 $pid; return; fi
	sleep 1
	kill -"$sig" $pid
	wait $pid
	rc=$?
	[ $rc = 130 ] && ok "$phase: SIG$sig -> exit 130" || { fail "$phase: SIG$sig -> exit $rc"; cat "$T_TMP/out.$phase"; }
	grep -q "run the same command again to resume at $phase" "$T_TMP/out.$phase" && ok "$phase: says how to resume" || fail "$phase: no resume hint"
	grep -Eq "error:|failed|cannot read" "$T_TMP/out.$phase" && { fail "$phase: a false error on interrupt"; grep -E "error:|failed|cannot read" "$T_TMP/out.$phase" | head -3; } || ok "$phase: no false error"
	sleep 0.5
	if pgrep -f "$marker" >/dev/null; then fail "$phase: '$marker' left running"; pkill -9 -f "$marker"; else ok "$phase: child process group stopped"; fi
	[ "$(json_get "$dir/report.json" status)" = interrupted ] && ok "$phase: report says interrupted" || fail "$phase: report $(json_get "$dir/report.json" status)"
	[ -f "$dir/stamps/$phase.json" ] && fail "$phase: stamped although interrupted" || ok "$phase: not stamped"
	cp "$MINI_PROFILE" "$PROF"
	expect_status 0 "$phase: re-run resumes and finishes" -- "$OPTPY" build --source "$MINI" --build-dir "$dir" --profile "$PROF" --verify-tests none --cc gcc -q "$@"
	got=$("$dir/obj/python" --work 100000 2>&1)
	[ "$got" = "$ref_result" ] && ok "$phase: same result as an uninterrupted build" || fail "$phase: $got != $ref_result"
	[ "$(json_get "$dir/report.json" status)" = ok ] && ok "$phase: report ok after resuming" || fail "$phase: report after resume"
}
PROF=$T_TMP/profile.json
cp "$MINI_PROFILE" "$PROF"

interrupt configure INT "^sleep 41$" "$T_TMP/b1" MINIPY_CONFIGURE_SLEEP=41 --
interrupt instrument TERM "^sleep 42$" "$T_TMP/b2" MINIPY_MAKE_SLEEP=42 --
# train: a task that hangs (the profile file is restored before resuming)
printf '{"name":"slow","tasks":[{"name":"hang","command":["{python}","--hang"],"timeout":300}]}\n' > "$PROF"
interrupt train INT "obj/python --hang$" "$T_TMP/b3" --
# merge: clang, with an llvm-profdata that is slow when merging the build's profile
if command -v clang >/dev/null && command -v llvm-profdata >/dev/null; then
	real=$(command -v llvm-profdata)
	mkdir -p "$T_TMP/bin"
	cat > "$T_TMP/bin/llvm-profdata" <<X
#!/bin/sh
case "\$*" in *data.partial*) sleep 43 ;; esac
exec "$real" "\$@"
X
	chmod +x "$T_TMP/bin/llvm-profdata"
	interrupt merge TERM "^sleep 43$" "$T_TMP/b4" LLVM_PROFDATA="$T_TMP/bin/llvm-profdata" -- --cc clang
else
	skip "merge interruption needs clang"
fi
# optimize, verify, install: on a finished build, redo from that phase
for p in optimize verify install; do
	expect_status 0 "build for $p" -- "$OPTPY" build --source "$MINI" --build-dir "$T_TMP/b-$p" --profile "$PROF" --verify-tests none --cc gcc -q
done
interrupt optimize INT "^sleep 44$" "$T_TMP/b-optimize" MINIPY_MAKE_SLEEP=44 -- --from optimize
interrupt verify TERM "^sleep 45$" "$T_TMP/b-verify" MINIPY_VERIFY_SLEEP=45 -- --from verify
interrupt install INT "^sleep 46$" "$T_TMP/b-install" MINIPY_INSTALL_SLEEP=46 -- --install --destdir "$T_TMP/dest"
[ -x "$T_TMP/dest/usr/local/bin/python3.13" ] && ok "install finished after resuming" || fail "not installed"
finish
