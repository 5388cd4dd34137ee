#!/bin/sh
# build-bad-input.sh - bad input gets a clear error and a distinct exit
# status, and nothing outside the build directory is touched: not a CPython
# tree, corrupt or malicious tarballs, unsupported version, failing
# configure, unwritable build directory, a second build on the same dir.
. "${srcdir:-.}/tests/lib.sh"
export TMPDIR="$T_TMP"
unset CC CFLAGS LDFLAGS AR LLVM_AR LLVM_PROFDATA CFLAGS_NODIST LDFLAGS_NODIST
before=$(tree_hash "$MINI")
W=$T_TMP/work
mkdir -p "$W/outside"
echo keep > "$W/outside/file"
outside_before=$(tree_hash "$W/outside")
build() { "$OPTPY" build --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q "$@"; }

expect_status 2 "no --source" -- "$OPTPY" build --build-dir "$W/b0"
expect_in "needs --source" "says --source is needed"
expect_status 8 "missing source" -- build --source "$W/nope" --build-dir "$W/b1"
expect_in "no such file or directory" "names the missing path"
mkdir -p "$W/empty"
expect_status 8 "not a CPython tree" -- build --source "$W/empty" --build-dir "$W/b2"
expect_in "not a CPython source tree" "says what is wrong"
expect_in "fix:" "says the fix"

head -c 20000 /dev/urandom > "$W/corrupt.tar.xz"
expect_status 8 "corrupt tarball" -- build --source "$W/corrupt.tar.xz" --build-dir "$W/b3"
expect_in "cannot read .*corrupt.tar.xz" "names the corrupt tarball"

# malicious tarballs: members that would escape the build directory
python3 - "$W" <<'X'
import io, sys, tarfile
w = sys.argv[1]
def add(t, name, data=b"x", kind=tarfile.REGTYPE, link=""):
    i = tarfile.TarInfo(name); i.type = kind; i.linkname = link; i.size = len(data) if kind == tarfile.REGTYPE else 0
    t.addfile(i, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
with tarfile.open(w + "/dotdot.tar.gz", "w:gz") as t:
    add(t, "Python-3.13.0/Include/patchlevel.h"); add(t, "Python-3.13.0/../../evil-dotdot")
with tarfile.open(w + "/abs.tar.gz", "w:gz") as t:
    add(t, "Python-3.13.0/configure"); add(t, w + "/outside/evil-abs")
with tarfile.open(w + "/link.tar.gz", "w:gz") as t:
    add(t, "Python-3.13.0/configure"); add(t, "Python-3.13.0/esc", kind=tarfile.SYMTYPE, link="../../../outside")
    add(t, "Python-3.13.0/esc/evil-link")
X
for t in dotdot abs link; do
	expect_status 8 "malicious tarball ($t)" -- build --source "$W/$t.tar.gz" --build-dir "$W/b-$t"
	expect_in "outside" "$t: says a member would land outside"
done
[ "$(tree_hash "$W/outside")" = "$outside_before" ] && ok "nothing written outside by the tarballs" || fail "outside changed: $(ls "$W/outside")"
[ -e "$W/evil-dotdot" ] || [ -e "$T_TMP/evil-dotdot" ] && fail "dotdot member escaped" || ok "dotdot member did not escape"

# unsupported version, in-tree build
cp -r "$MINI" "$W/old"
sed -i 's/PY_MINOR_VERSION        13/PY_MINOR_VERSION        8/' "$W/old/Include/patchlevel.h"
expect_status 8 "unsupported version" -- build --source "$W/old" --build-dir "$W/b4"
expect_in "3.8.0 is not supported" "names the version"
expect_in "3.9-3.15" "names the supported range"
cp -r "$MINI" "$W/intree"
touch "$W/intree/Makefile"
expect_status 8 "source with an in-tree build" -- build --source "$W/intree" --build-dir "$W/b5"
expect_in "in-tree build" "says why"

# configure arguments that are optpy's job: taken as optpy's own decisions
expect_status 0 "a packager's configure line, verbatim" -- "$OPTPY" build --verify-tests none --cc gcc --source "$MINI" --build-dir "$W/b6" -- --enable-optimizations --with-lto "PROFILE_TASK=--work 50000" --with-pkg-extra
expect_in "configure argument --enable-optimizations taken as --pgo on" "says what it took"
expect_in "configure argument --with-lto taken as --lto auto" "LTO too"
expect_in "PROFILE_TASK taken as the training" "and the training"
grep -Eq -- "--enable-optimizations|--with-lto|PROFILE_TASK" "$W/b6/logs/configure.log" && fail "passed to configure (make would re-run PGO)" || ok "not passed to configure"
grep -q -- "--with-pkg-extra" "$W/b6/logs/configure.log" && ok "the rest reaches configure" || fail "other arguments lost"
[ "$(json_get "$W/b6/report.json" phases.train.tasks.0.name)" = profile-task ] && ok "PROFILE_TASK ran as the training" || fail "training: $(json_get "$W/b6/report.json" phases.train.tasks.0.name)"
json_get "$W/b6/report.json" notes | grep -q "taken as --pgo on" && ok "the report says so" || fail "no note in the report"
expect_status 2 "said twice: --lto off and --with-lto=full" -- build --source "$MINI" --build-dir "$W/b6e" --lto off -- --with-lto=full
expect_in "says again what an optpy option already says" "names the conflict"
expect_status 0 "DEB_BUILD_OPTIONS=nolto nocheck" -- env DEB_BUILD_OPTIONS="nolto nocheck" "$OPTPY" build --source "$MINI" --build-dir "$W/b6f" --profile "$MINI_PROFILE" --verify-tests none --cc gcc
expect_in "DEB_BUILD_OPTIONS nolto: --lto off" "says it honoured nolto"
[ "$(json_get "$W/b6f/report.json" toolchain.lto.mode)" = off ] && ok "LTO off" || fail "lto $(json_get "$W/b6f/report.json" toolchain.lto.mode)"
expect_status 0 "DEB_BUILD_OPTIONS=nopgo" -- env DEB_BUILD_OPTIONS=nopgo "$OPTPY" build --source "$MINI" --build-dir "$W/b6g" --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q
[ "$(json_get "$W/b6g/report.json" phases.train.skipped)" = True ] && ok "nopgo: no training" || fail "trained with nopgo"
expect_status 2 "bad --jobs" -- build --source "$MINI" --build-dir "$W/b6a" --jobs 0
expect_status 2 "unknown training profile" -- "$OPTPY" build --source "$MINI" --build-dir "$W/b6b" --profile no-such-profile -q
expect_in "no training profile 'no-such-profile'" "names the missing profile"
printf '{"name": "x", "tasks": [{"name": "a b", "command": ["{python}"]}]}' > "$W/badname.json"
expect_status 2 "profile with a bad task name" -- "$OPTPY" build --source "$MINI" --build-dir "$W/b6c" --profile "$W/badname.json" -q
printf '{"tasks": [' > "$W/broken.json"
expect_status 2 "profile that is not JSON" -- "$OPTPY" build --source "$MINI" --build-dir "$W/b6d" --profile "$W/broken.json" -q
expect_in "not valid JSON" "says so"

# a failing configure: phase named, log tail shown, report written, inspect kept
expect_status 9 "failing configure" -- build --source "$MINI" --build-dir "$W/b7" -- --fail
expect_in "configure failed" "names the phase"
expect_in "asked to fail" "shows the log's last lines"
expect_in "logs/configure.log" "gives the log's path"
[ "$(json_get "$W/b7/report.json" phases.configure.status)" = failed ] && ok "report: configure failed" || fail "report"
[ "$(json_get "$W/b7/report.json" exit_status)" = 9 ] && ok "report: exit status 9" || fail "report exit status"
[ -f "$W/b7/stamps/inspect.json" ] && ok "earlier phase's result kept" || fail "inspect stamp lost"
# a build whose verify fails (a broken interpreter)
expect_status 9 "interpreter that cannot start" -- build --source "$MINI" --build-dir "$W/b8" -- --with-broken-python
expect_in "instrument failed" "instrument named"
[ -f "$W/b8/stamps/configure.json" ] && ok "configure result kept after instrument failed" || fail "configure stamp lost"
expect_status 9 "interpreter with the wrong version fails verify" -- build --source "$MINI" --build-dir "$W/b9" -- --with-wrong-version
expect_in "verify: .*printed 'Python 0.0.0" "verify says what it saw"
expect_in "expected 'Python 3.13.0'" "and what it expected"
[ -f "$W/b9/stamps/optimize.json" ] && ok "optimize result kept after verify failed" || fail "optimize stamp lost"

# unwritable build directory
touch "$W/afile"
expect_status 6 "build directory under a file" -- build --source "$MINI" --build-dir "$W/afile/b"
expect_in "build directory" "names the build directory"
if mkdir -p "$W/ro" && mount -t tmpfs -o ro,size=1m tmpfs "$W/ro" 2>/dev/null; then
	expect_status 6 "read-only build directory" -- build --source "$MINI" --build-dir "$W/ro/b"
	umount "$W/ro"
else
	skip "cannot mount a read-only tmpfs here"
fi
if mkdir -p "$W/full" && mount -t tmpfs -o size=64k tmpfs "$W/full" 2>/dev/null; then
	expect_status 6 "full build directory" -- build --source "$MINI" --build-dir "$W/full/b"
	expect_in "No space left on device" "says the disk is full"
	umount "$W/full"
else
	skip "cannot mount a small tmpfs here"
fi

# two builds on one build directory: the second exits at once
MINIPY_CONFIGURE_SLEEP=30 "$OPTPY" build --source "$MINI" --build-dir "$W/lock" --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q > /dev/null 2>&1 &
first=$!
wait_for "$W/lock/logs/configure.log" 30
expect_status 10 "second build on the same directory" -- build --source "$MINI" --build-dir "$W/lock"
expect_in "in use by another optpy build \(pid [0-9]+\)" "names the other build"
# the first is still in its 30 s configure: the second did not wait for it
kill -0 $first 2>/dev/null && [ ! -e "$W/lock/stamps/configure.json" ] && ok "exits at once, the first still configuring" ||
	fail "the second build waited for the first"
kill -TERM $first
wait $first
[ $? = 130 ] && ok "first build interrupted cleanly" || fail "first build"

[ "$(tree_hash "$MINI")" = "$before" ] && ok "source tree untouched" || fail "the source tree changed"
[ "$(tree_hash "$W/outside")" = "$outside_before" ] && ok "outside directory untouched" || fail "outside changed"
finish
