#!/bin/sh
# build-safety.sh - nothing lost, nothing written outside, nothing silently
# less than asked: names that become paths, directories that are not
# optpy's, planted links, hostile tarball members, children that outlive a
# killed optpy or escape with setsid, builds inside the source, a source
# changed after it was copied, changed options, paths make cannot take,
# a full disk, a task command that does not exist.
. "${srcdir:-.}/tests/lib.sh"
export TMPDIR="$T_TMP"
unset CC CFLAGS LDFLAGS AR LLVM_AR LLVM_PROFDATA CFLAGS_NODIST LDFLAGS_NODIST
W=$T_TMP/w
mkdir -p "$W"
MINI_ABS=$(cd "$MINI" && pwd)
PROF_ABS=$MINI_ABS/profile.json
build() { "$OPTPY" build --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q "$@"; }

# 1. a task named ".." would make training remove the build directory's contents
B=$W/b1
expect_status 0 "a build" -- build --source "$MINI" --build-dir "$B"
echo mine > "$B/mynotes.txt"
printf '{"name": "x", "tasks": [{"name": "..", "command": ["{python}", "--work", "10"]}]}' > "$W/dotdot.json"
expect_status 2 "task named '..' refused" -- "$OPTPY" build --source "$MINI" --build-dir "$B" --profile "$W/dotdot.json" --verify-tests none --cc gcc -q --from train
expect_in "task 1 needs a \"name\"" "says the name is bad"
[ -f "$B/mynotes.txt" ] && [ -x "$B/obj/python" ] && ok "the build directory's contents kept" || fail "files lost"
printf '{"name": "../../x", "tasks": [{"name": "a", "command": ["{python}"]}]}' > "$W/pname.json"
expect_status 2 "profile named '../../x' refused" -- "$OPTPY" build --source "$MINI" --build-dir "$B" --profile "$W/pname.json" --cc gcc -q --from train

# 2. a non-empty directory that is not an optpy build directory is refused
P=$W/project
mkdir -p "$P/src" "$P/obj"
echo code > "$P/src/main.c"
echo obj > "$P/obj/main.o"
before=$(tree_hash "$P")
expect_status 12 "--build-dir on a project directory" -- sh -c "cd '$P' && '$OPTPY' build --source '$MINI_ABS' --build-dir . --profile '$PROF_ABS' --cc gcc -q"
expect_in "not empty and is not an optpy build directory" "says why"
[ "$(tree_hash "$P")" = "$before" ] && ok "nothing in it touched" || fail "the project directory changed"
mkdir -p "$W/empty"
expect_status 0 "an empty directory is adopted" -- build --source "$MINI" --build-dir "$W/empty" --until inspect
[ -f "$W/empty/.optpy-build" ] && ok "and marked" || fail "no marker"

# 3. planted links and another user's directory
echo secret > "$W/victim"
victim_before=$(cat "$W/victim")
mkdir -p "$W/planted-lock"
touch "$W/planted-lock/.optpy-build"
ln -s "$W/victim" "$W/planted-lock/.lock"
expect_status 12 "a .lock link planted in the build directory" -- build --source "$MINI" --build-dir "$W/planted-lock"
expect_in "symbolic link" "says a link is planted"
[ "$(cat "$W/victim")" = "$victim_before" ] && ok "the link's target untouched" || fail "victim written through .lock"
mkdir -p "$W/planted-logs" "$W/elsewhere"
touch "$W/planted-logs/.optpy-build"
ln -s "$W/elsewhere" "$W/planted-logs/logs"
expect_status 12 "a logs link planted in the build directory" -- build --source "$MINI" --build-dir "$W/planted-logs"
[ -z "$(ls -A "$W/elsewhere")" ] && ok "nothing written where logs pointed" || fail "wrote through the logs link"
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	mkdir -p "$W/theirs"
	chown nobody "$W/theirs"
	expect_status 12 "a build directory owned by another user" -- build --source "$MINI" --build-dir "$W/theirs"
	expect_in "belongs to another user" "says whose it is"
	[ -z "$(ls -A "$W/theirs")" ] && ok "nothing written in it" || fail "wrote into another user's directory"
else
	skip "not root: cannot make a directory of another user"
fi

# 4. tarball members: devices and FIFOs refused, setuid/setgid bits dropped
python3 - "$MINI" "$W" <<'X'
import os, sys, tarfile
mini, w = sys.argv[1], sys.argv[2]
def tree(t):
    t.add(mini, arcname="Python-3.13.0")
def special(name, kind):
    with tarfile.open(w + "/" + name + ".tar.gz", "w:gz") as t:
        tree(t)
        i = tarfile.TarInfo("Python-3.13.0/" + name); i.type = kind; i.mode = 0o666
        if kind in (tarfile.CHRTYPE, tarfile.BLKTYPE): i.devmajor, i.devminor = 8, 0
        t.addfile(i)
special("blockdev", tarfile.BLKTYPE)
special("chardev", tarfile.CHRTYPE)
special("fifo", tarfile.FIFOTYPE)
with tarfile.open(w + "/setuid.tar.gz", "w:gz") as t:
    tree(t)
    for n, mode in (("suid", 0o4755), ("sgid", 0o2755)):
        p = w + "/" + n; open(p, "w").write("#!/bin/sh\n"); os.chmod(p, mode)
        i = t.gettarinfo(p, "Python-3.13.0/" + n); i.mode = mode
        t.addfile(i, open(p, "rb"))
X
for k in blockdev chardev fifo; do
	expect_status 8 "tarball with a $k member refused" -- build --source "$W/$k.tar.gz" --build-dir "$W/t-$k"
	expect_in "device node, FIFO or socket" "$k: says what the member is"
	[ -z "$(find "$W/t-$k" \( -type b -o -type c -o -type p \) -print)" ] && ok "$k: nothing special created" || fail "$k: created"
done
expect_status 0 "tarball with setuid/setgid members" -- build --source "$W/setuid.tar.gz" --build-dir "$W/t-suid" --until inspect
f=$(find "$W/t-suid/src" -name suid)
[ -n "$f" ] && [ ! -u "$f" ] && [ -x "$f" ] && ok "setuid bit dropped, execute kept" || fail "suid: $(ls -l "$f")"
f=$(find "$W/t-suid/src" -name sgid)
[ -n "$f" ] && [ ! -g "$f" ] && ok "setgid bit dropped" || fail "sgid: $(ls -l "$f")"

# 5. children do not outlive optpy: kill -9 in configure, a setsid'd training task
K=$W/killed
MINIPY_CONFIGURE_SLEEP=3137 "$OPTPY" build --source "$MINI" --build-dir "$K" --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q > /dev/null 2>&1 &
pid=$!
wait_for "$K/logs/configure.log" 30 && sleep 1
kill -9 $pid
wait $pid 2>/dev/null
sleep 0.5
# what runs in this build's object directory (other tests run configure too)
in_obj=$(for p in /proc/[0-9]*; do [ "$(readlink "$p/cwd" 2>/dev/null)" = "$K/obj" ] && cat "$p/comm"; done 2>/dev/null | sort | tr '\n' ' ')
[ "$in_obj" = "sleep " ] && ok "configure died with optpy (left: its sleep)" || fail "left running in obj: '$in_obj'"
# configure's own child (a grandchild of optpy) is still there: the next run stops it first
pgrep -f "^sleep 3137$" > /dev/null && ok "a grandchild outlived the kill -9 (as expected)" || fail "no grandchild to stop: the test proves nothing"
expect_status 0 "the next run" -- build --source "$MINI" --build-dir "$K"
pgrep -f "^sleep 3137$" > /dev/null && { fail "configure's sleep left running"; pkill -9 -f "^sleep 3137$"; } || ok "nothing left running"
json_get "$K/report.json" notes | grep -q "stopped 1 process(es) that a killed optpy left running" && ok "the report says what was stopped" || fail "no note in the report"
cat > "$W/setsid.json" <<X
{"name": "escape", "timeout": 30, "tasks": [
  {"name": "work", "command": ["{python}", "--work", "20000"]},
  {"name": "escaper", "command": ["sh", "-c", "setsid sleep 3138 & sleep 3139"], "timeout": 2}]}
X
expect_status 0 "a task that calls setsid" -- "$OPTPY" build --source "$MINI" --build-dir "$W/setsid" --profile "$W/setsid.json" --verify-tests none --cc gcc -q
expect_in "training task escaper timeout" "its time limit stopped it"
pgrep -f "^sleep 313[89]$" > /dev/null && { fail "the setsid'd process escaped"; pkill -9 -f "^sleep 313[89]$"; } || ok "the setsid'd process was stopped too"

# 6. a build directory inside the source is refused before anything is written
S=$W/srcdir
mkdir -p "$S"
cp -r "$MINI/." "$S/"
before=$(tree_hash "$S")
expect_status 12 "cd SRC && optpy build --source ." -- sh -c "cd '$S' && '$OPTPY' build --source . --profile '$PROF_ABS' --cc gcc -q"
expect_in "inside the source" "says why"
expect_status 12 "--build-dir inside the source" -- build --source "$S" --build-dir "$S/sub/build"
[ "$(tree_hash "$S")" = "$before" ] && [ ! -e "$S/optpy-build" ] && [ ! -e "$S/sub" ] && ok "the source untouched" || fail "the source changed"

# 7. a changed source is noticed and rebuilt from inspect
C=$W/changed
expect_status 0 "a build from a directory" -- build --source "$S" --build-dir "$C"
v1=$("$C/obj/python" --work 1000)
sleep 1
sed -i 's/return x \* 3/return x * 5/; s/ \* 3 / * 5 /' "$S/Objects/objects.c"
echo "/* patched */" >> "$S/Objects/objects.c"
expect_status 0 "the same command after a patch" -- env OPTPY_VERBOSE=1 "$OPTPY" build --source "$S" --build-dir "$C" --profile "$MINI_PROFILE" --verify-tests none --cc gcc
expect_in "the source changed since the last run: redoing from inspect" "says why it rebuilds"
grep -q "patched" "$C"/src/*/Objects/objects.c && ok "the build's copy has the patch" || fail "the old copy was built"
[ "$(json_get "$C/report.json" phases.configure.status)" = ok ] && ok "and everything after it was redone" || fail "not redone"

# 8. options: validated before writing; a change redoes from the first phase it affects
O=$W/opts
expect_status 0 "a gcc build" -- build --source "$MINI" --build-dir "$O"
opts_before=$(cat "$O/stamps/options")
expect_status 2 "--from bogus" -- build --source "$MINI" --build-dir "$O" --from bogus
[ "$(cat "$O/stamps/options")" = "$opts_before" ] && ok "--from bogus left the options alone" || fail "options rewritten"
expect_status 0 "--from verify --lto off" -- env OPTPY_VERBOSE=1 "$OPTPY" build --source "$MINI" --build-dir "$O" --profile "$MINI_PROFILE" --verify-tests none --cc gcc --lto off --from verify
expect_in "options changed since the last run: redoing from optimize" "redoes from optimize"
grep -q -- '-flto' "$O/logs/optimize.log" && fail "the binary still has LTO" || ok "the final build has no LTO"
[ "$(json_get "$O/report.json" toolchain.lto.mode)" = off ] && ok "the report says off" || fail "report lto"
if command -v clang >/dev/null; then
	expect_status 0 "--from verify --cc clang" -- "$OPTPY" build --source "$MINI" --build-dir "$O" --profile "$MINI_PROFILE" --verify-tests none --cc clang --lto off -q --from verify
	grep -q "CC=clang" "$O/logs/configure.log" && ok "configure redone with clang" || fail "configure not redone"
	[ "$(json_get "$O/report.json" toolchain.compiler.family)" = clang ] && ok "the report and the binary agree" || fail "report compiler"
fi

# 10. paths make cannot take; a compiler path with a blank; a missing command
expect_status 12 "a build directory with a blank" -- build --source "$MINI" --build-dir "$W/my build"
expect_in "a blank" "says why"
[ ! -e "$W/my build" ] && ok "not created" || fail "created"
mkdir -p "$W/my tools"
ln -s "$(command -v gcc)" "$W/my tools/gcc"
expect_status 0 "detect takes a compiler path with a blank" -- "$OPTPY" detect --cc "$W/my tools/gcc"
expect_status 5 "build refuses it up front" -- "$OPTPY" build --source "$MINI" --build-dir "$W/b10" --profile "$MINI_PROFILE" --cc "$W/my tools/gcc" -q
expect_in "cannot take" "says why"
expect_status 3 "a missing compiler with blanks in CC" -- "$OPTPY" detect --cc "/nonexistent dir/gcc -m64"
expect_in "split at blanks" "explains the split"
expect_not_in "install it" "no wrong fix"
cat > "$W/missing.json" <<X
{"name": "m", "tasks": [{"name": "work", "command": ["{python}", "--work", "20000"]},
  {"name": "ghost", "command": ["optpy-no-such-command", "x"]}]}
X
expect_status 0 "a task whose command does not exist" -- "$OPTPY" build --source "$MINI" --build-dir "$W/ghost" --profile "$W/missing.json" --verify-tests none --cc gcc -q
expect_in "ghost failed: could not run optpy-no-such-command: No such file or directory" "the summary says so"
grep -q "could not run optpy-no-such-command" "$W/ghost/logs/train/ghost.log" && ok "its log says so" || fail "nothing in ghost.log"

# a full disk gives status 6 and says so, whatever phase it hits; the sizes
# cross the boundary (some fit, some do not) and the disk fills up inside
# phases, not only while the build directory is set up
if mkdir -p "$W/full" && mount -t tmpfs -o size=1m tmpfs "$W/full" 2>/dev/null; then
	umount "$W/full"
	phases= fits=0 full=0
	for kb in 40 120 200 320 480 540 700 1000; do
		mount -t tmpfs -o size=${kb}k tmpfs "$W/full"
		"$OPTPY" build --source "$MINI" --build-dir "$W/full/b" --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q > "$W/full.out" 2>&1
		rc=$?
		if [ $rc = 0 ]; then ok "${kb}k: the build fits"; fits=$((fits + 1))
		elif [ $rc = 6 ] && grep -qi "no space left" "$W/full.out"; then
			ok "${kb}k: exit 6, no space left"
			full=$((full + 1))
			p=$(sed -n 's/^optpy: error: \([a-z]*\): .*/\1/p' "$W/full.out" | head -n 1)
			phases="$phases ${p:-setup}"
			# the phases before the one that failed keep their stamps
			case $p in
			merge|optimize|bolt|verify)
				[ -f "$W/full/b/stamps/train.json" ] && ok "${kb}k: $p failed, train's stamp kept" || fail "${kb}k: earlier stamps lost" ;;
			esac
		else fail "${kb}k: exit $rc"; tail -5 "$W/full.out" | sed 's/^/    | /'; fi
		umount "$W/full"
	done
	echo "# full disk hit:$phases"
	[ $fits -ge 1 ] && [ $full -ge 1 ] && ok "the sizes cross the boundary ($full full, $fits fit)" || fail "no boundary: $full full, $fits fit"
	n=$(echo "$phases" | tr ' ' '\n' | grep -E '^(instrument|train|merge|optimize|bolt|verify)$' | sort -u | wc -l)
	[ "$n" -ge 2 ] && ok "the disk filled inside $n different phases" || fail "the disk filled inside $n phases ($phases)"
else
	skip "cannot mount a small tmpfs here"
fi
finish
