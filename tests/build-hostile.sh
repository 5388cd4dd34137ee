#!/bin/sh
# build-hostile.sh - the third round of hostile trials (#21), one block per
# class: a phase whose undo step fails has failed and a stamp is never
# trusted over the binary it recorded; a huge or sparse source file costs
# no memory or disk; --save-profile never replaces what is not a regular
# file; a profile that covers nothing is no PGO; report and profile show
# read only regular files and never print escapes.
. "${srcdir:-.}/tests/lib.sh"
export TMPDIR="$T_TMP"
unset CC CFLAGS LDFLAGS AR LLVM_AR LLVM_PROFDATA CFLAGS_NODIST LDFLAGS_NODIST LLVM_BOLT MERGE_FDATA DEB_BUILD_OPTIONS
W=$T_TMP/w
mkdir -p "$W"
b() { "$OPTPY" build --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q "$@"; }
root=0
[ "$(id -u)" = 0 ] && root=1

# 1. a full disk while bolt puts the PGO+LTO binary back: the phase fails,
# nothing after it is stamped, and the rerun redoes bolt (never ships the
# instrumented binary)
bolt=$("$OPTPY" detect --json --no-probe | json_get - tools.llvm-bolt.path)
if [ "$root" = 1 ] && [ -x "$bolt" ] && mkdir -p "$W/full" && mount -t tmpfs -o size=48m tmpfs "$W/full" 2>/dev/null; then
	B=$W/full/b
	mkdir -p "$W/fillbolt"
	cat > "$W/fillbolt/llvm-bolt" <<X
#!/bin/sh
# the optimizing run fills the disk and fails: bolt must put python back
case " \$* " in *" -data="*) dd if=/dev/zero of="$W/full/filler" bs=64k 2>/dev/null; exit 1 ;; esac
exec "$bolt" "\$@"
X
	chmod +x "$W/fillbolt/llvm-bolt"
	expect_status 6 "bolt cannot put the PGO+LTO binary back (disk full): exit 6" -- env LLVM_BOLT="$W/fillbolt/llvm-bolt" MERGE_FDATA="$(dirname "$bolt")/merge-fdata" "$OPTPY" build --source "$MINI" --build-dir "$B" --profile "$MINI_PROFILE" --verify-tests none --cc gcc -q
	expect_in "cannot put .*python.prebolt back in place" "says which binary is not back"
	[ -f "$B/stamps/bolt.json" ] && fail "bolt stamped done" || ok "bolt not stamped"
	[ -f "$B/stamps/verify.json" ] && fail "verify stamped done" || ok "verify not stamped"
	cmp -s "$B/obj/python" "$B/obj/python.prebolt" && fail "the undo step was not reached (python is the PGO+LTO one)" || ok "the instrumented binary is in place (the full-disk path was hit)"
	rm -f "$W/full/filler"
	expect_status 0 "after space is freed, the rerun succeeds" -- b --source "$MINI" --build-dir "$B"
	grep -q "bolt started" "$B/logs/bolt.log" && ok "bolt was redone" || fail "bolt not redone"
	rm -rf "$B/bolt/prof"
	mkdir -p "$B/bolt/prof"
	"$B/obj/python" --work 100 > /dev/null
	[ -z "$(ls "$B/bolt/prof")" ] && ok "the shipped binary is not instrumented (writes no .fdata)" || fail "obj/python writes BOLT profiles: the instrumented binary shipped"
	umount "$W/full"
else
	skip "needs root, llvm-bolt and a small tmpfs"
fi

# 1b. a rerun checks the binaries, not only the stamps
B=$W/trust
expect_status 0 "a BOLTed build" -- b --source "$MINI" --build-dir "$B"
if [ "$(json_get "$B/report.json" phases.bolt.outcome)" = bolted ]; then
	cp "$B/obj/python.prebolt" "$B/obj/python"
	expect_status 0 "python replaced by hand: the rerun" -- b --source "$MINI" --build-dir "$B"
	expect_in "obj/python is not the binary the bolt phase left" "says the binary changed"
	cmp -s "$B/obj/python" "$B/obj/python.prebolt" && fail "not BOLTed again" || ok "bolt redone: the BOLTed binary is back"
else
	skip "BOLT not applied here"
fi
B=$W/trust2
expect_status 0 "a build without BOLT" -- b --source "$MINI" --build-dir "$B" --bolt off
printf 'x' >> "$B/obj/python"
expect_status 0 "python changed by one byte: the rerun" -- b --source "$MINI" --build-dir "$B" --bolt off
expect_in "is not the binary the optimize phase left.*redoing optimize" "redoes optimize"
[ "$("$B/obj/python" --work 10 2>&1)" != "" ] && ok "a working interpreter again" || fail "python broken"
expect_status 0 "and a third run trusts it again" -- b --source "$MINI" --build-dir "$B" --bolt off
expect_not_in "is not the binary" "no false alarm"

# 2. a huge sparse file in the source: streamed, kept sparse, bounded memory
S=$W/bigsrc
cp -r "$MINI" "$S"
truncate -s 50G "$S/Modules/huge.bin"
printf 'data at the end' | dd of="$S/Modules/huge.bin" bs=1 seek=$((50 * 1024 * 1024 * 1024 - 100)) conv=notrunc 2>/dev/null
if [ -x /usr/bin/time ]; then
	expect_status 0 "a source with a 50 GB sparse file" -- /usr/bin/time -f "maxrss %M" "$OPTPY" build --source "$S" --build-dir "$W/big" --profile "$MINI_PROFILE" --until inspect -q
	rss=$(printf '%s\n' "$OUT" | sed -n 's/^maxrss //p')
	[ -n "$rss" ] && [ "$rss" -lt 102400 ] && ok "optpy's memory stays bounded (${rss} KiB)" || fail "maxrss ${rss:-?} KiB for a 50 GB file"
else
	expect_status 0 "a source with a 50 GB sparse file" -- "$OPTPY" build --source "$S" --build-dir "$W/big" --profile "$MINI_PROFILE" --until inspect -q
fi
C=$W/big/src/cpython/Modules/huge.bin
[ "$(stat -c %s "$C" 2>/dev/null)" = $((50 * 1024 * 1024 * 1024)) ] && ok "the copy has the file's size" || fail "size $(stat -c %s "$C" 2>/dev/null)"
[ "$(du -k "$C" | cut -f1)" -lt 1024 ] && ok "and stays sparse ($(du -k "$C" | cut -f1) KiB on disk)" || fail "copied dense: $(du -k "$C" | cut -f1) KiB"
[ "$(tail -c 100 "$C" | head -c 15)" = "data at the end" ] && ok "its data copied" || fail "data lost"
rm -rf "$W/big"
# a tarball with a sparse member unpacks sparse too
rm -f "$S/Modules/huge.bin"
truncate -s 2G "$S/Modules/huge.bin"
(cd "$W" && tar -cSzf sparse.tar.gz --transform 's,^bigsrc,Python-3.13.0,' bigsrc)
expect_status 0 "a tarball with a 2 GB sparse member" -- "$OPTPY" build --source "$W/sparse.tar.gz" --build-dir "$W/bigt" --profile "$MINI_PROFILE" --until inspect -q
C=$W/bigt/src/Python-3.13.0/Modules/huge.bin
[ -f "$C" ] && [ "$(du -k "$C" | cut -f1)" -lt 1024 ] && ok "unpacked sparse" || fail "unpacked dense or missing: $(du -k "$C" 2>/dev/null)"
rm -rf "$W/bigt" "$S" "$W/sparse.tar.gz"

# 3. --save-profile never replaces what is not a regular file, and is
# checked before anything runs
mkfifo "$W/fifo"
expect_status 2 "--save-profile to a FIFO" -- b --source "$MINI" --build-dir "$W/sp" --save-profile "$W/fifo"
expect_in "is not a regular file \(a FIFO\)" "says what it is"
[ -p "$W/fifo" ] && ok "the FIFO is still a FIFO" || fail "the FIFO was replaced"
if [ "$root" = 1 ] && mknod "$W/full-dev" c 1 7 2>/dev/null; then
	expect_status 2 "--save-profile to a device (as root)" -- b --source "$MINI" --build-dir "$W/sp" --save-profile "$W/full-dev"
	[ -c "$W/full-dev" ] && ok "the device is still a device" || fail "the device became a $(stat -c %F "$W/full-dev")"
else
	skip "mknod needs root"
fi
ln -s "$W/elsewhere" "$W/link"
expect_status 2 "--save-profile to a symbolic link" -- b --source "$MINI" --build-dir "$W/sp" --save-profile "$W/link"
expect_status 2 "--save-profile to a directory" -- b --source "$MINI" --build-dir "$W/sp" --save-profile "$W"
expect_status 2 "--save-profile into a missing directory" -- b --source "$MINI" --build-dir "$W/sp" --save-profile "$W/nodir/p.bundle"
expect_in "the directory .*/nodir/ does not exist" "names the missing directory"
expect_status 2 "--save-profile with --pgo off" -- b --source "$MINI" --build-dir "$W/sp" --save-profile "$W/p.bundle" --pgo off
expect_status 2 "--use-profile with --pgo off" -- b --source "$MINI" --build-dir "$W/sp" --use-profile "$MINI_PROFILE" --pgo off
[ -e "$W/sp" ] && fail "a refused build made its build directory" || ok "nothing was made before the refusal"

# 4. a bundle without profile data is no PGO
expect_status 0 "a build that saves its profile" -- b --source "$MINI" --build-dir "$W/cold" --bolt off --save-profile "$W/p.bundle"
python3 - "$W/p.bundle" "$W/empty.bundle" <<'X'
import sys, tarfile
src, dst = sys.argv[1], sys.argv[2]
with tarfile.open(src) as i, tarfile.open(dst, "w:gz") as o:
    for m in i.getmembers():
        if not m.name.startswith("profile/"):
            o.addfile(m, i.extractfile(m))
X
expect_status 13 "a bundle with its .gcda members removed (--pgo on): exit 13" -- b --source "$MINI" --build-dir "$W/nogcda" --bolt off --use-profile "$W/empty.bundle"
expect_in "not profile-guided: only 0 of [0-9]+ objects found profile data" "says how little the profile covers"
expect_in "fix: .*--save-profile" "with the fix"
expect_status 0 "the same bundle with --pgo auto" -- b --source "$MINI" --build-dir "$W/nogcda2" --bolt off --use-profile "$W/empty.bundle" --pgo auto
expect_in "warning: the final build is NOT profile-guided" "loudly"
[ "$(json_get "$W/nogcda2/report.json" phases.optimize.pgo)" = False ] && ok "report.json: pgo false" || fail "report.json pgo $(json_get "$W/nogcda2/report.json" phases.optimize.pgo)"
expect_status 0 "optpy report" -- "$OPTPY" report "$W/nogcda2"
expect_in "^PGO: +NO" "optpy report: PGO NO"
expect_status 0 "optpy report of a PGO build" -- "$OPTPY" report "$W/cold"
expect_in "^PGO: +yes \([0-9]+ of [0-9]+ objects" "optpy report: PGO yes, with the count"
if "$OPTPY" detect --cc clang --no-probe >/dev/null 2>&1; then
	expect_status 0 "a clang build that saves its profile" -- "$OPTPY" build --profile "$MINI_PROFILE" --verify-tests none --cc clang -q --bolt off --source "$MINI" --build-dir "$W/clangcold" --save-profile "$W/clang.bundle"
	expect_status 13 "a clang bundle in a gcc build (--allow-mismatch): exit 13" -- b --source "$MINI" --build-dir "$W/cross" --bolt off --use-profile "$W/clang.bundle" --allow-mismatch
else
	skip "no clang"
fi

# 5. an edited training (manifest, or a task's script) redoes the training
P=$W/prof
mkdir -p "$P"
sed 's/"300000"/"300001"/' "$MINI_PROFILE" > "$P/t.json"
python3 - "$P/t.json" <<'X'
import json, sys
m = json.load(open(sys.argv[1]))
m["tasks"].append({"name": "script", "command": ["{python}", "--work", "100", "{dir}/task.txt"]})
json.dump(m, open(sys.argv[1], "w"))
X
echo one > "$P/task.txt"
B=$W/retrain
expect_status 0 "a build with a training of its own" -- "$OPTPY" build --source "$MINI" --build-dir "$B" --profile "$P/t.json" --verify-tests none --cc gcc -q --bolt off
t1=$(json_get "$B/report.json" phases.train.training_sha256)
sed -i 's/"300001"/"300002"/' "$P/t.json"
expect_status 0 "its manifest edited: the rerun" -- "$OPTPY" build --source "$MINI" --build-dir "$B" --profile "$P/t.json" --verify-tests none --cc gcc -q --bolt off
OUT=$(json_get "$B/report.json" notes)
expect_in "the training .* changed since the last run: redoing from train" "the training is redone"
t2=$(json_get "$B/report.json" phases.train.training_sha256)
[ -n "$t1" ] && [ "$t1" != "$t2" ] && ok "the train stamp records the new training" || fail "training_sha256 $t1 -> $t2"
echo two > "$P/task.txt"
expect_status 0 "a task's file edited: the rerun" -- "$OPTPY" build --source "$MINI" --build-dir "$B" --profile "$P/t.json" --verify-tests none --cc gcc -q --bolt off
OUT=$(json_get "$B/report.json" notes)
expect_in "redoing from train" "redone for a task's file too"
expect_status 0 "nothing edited: the rerun" -- "$OPTPY" build --source "$MINI" --build-dir "$B" --profile "$P/t.json" --verify-tests none --cc gcc -q --bolt off
OUT=$(json_get "$B/report.json" notes)
expect_not_in "redoing" "nothing redone"

# 6. a prefix or destdir with a blank never installs outside DESTDIR
expect_status 2 "--prefix with a blank" -- b --source "$MINI" --build-dir "$W/pfx" --prefix "/opt/x $W/sentinel" --install --destdir "$W/dest"
expect_in "--prefix .* has a blank in it" "says why"
expect_status 2 "--destdir with a blank" -- b --source "$MINI" --build-dir "$W/pfx" --destdir "$W/de st"
expect_status 2 "configure's --prefix= with a blank" -- b --source "$MINI" --build-dir "$W/pfx" -- "--prefix=/opt/x $W/sentinel"
[ -e "$W/sentinel" ] || [ -e "$W/pfx" ] && fail "something was written" || ok "nothing written"

# 7. no build directory inside another, no source inside one
B=$W/outer
expect_status 0 "a build directory" -- b --source "$MINI" --build-dir "$B" --bolt off --until configure
expect_status 12 "a build directory inside its obj/" -- b --source "$MINI" --build-dir "$B/obj/nested" --bolt off
expect_in "inside the optpy build directory" "says where"
[ -e "$B/obj/nested" ] && fail "the nested directory was made" || ok "nothing made inside"
mkdir -p "$B/obj/usersrc"; cp -r "$MINI/." "$B/obj/usersrc/"
expect_status 12 "a source inside a build directory" -- b --source "$B/obj/usersrc" --build-dir "$W/other" --bolt off
[ -f "$B/obj/usersrc/Include/patchlevel.h" ] && ok "the source is untouched" || fail "the source was deleted"
expect_status 12 "a source inside the build directory given" -- b --source "$B/src/cpython" --build-dir "$B" --bolt off
[ -f "$B/src/cpython/Include/patchlevel.h" ] && ok "its own source copy kept" || fail "deleted"
mkdir -p "$W/fresh/src"; cp -r "$MINI/." "$W/fresh/src/"
expect_status 12 "a new build directory holding the source" -- b --source "$W/fresh/src" --build-dir "$W/fresh" --bolt off
expect_in "the source .* is inside the build directory" "says why"

# 8. links planted below the build directory are not followed
for d in logs/train logs/bolt-train profile/raw bolt train; do
	B=$W/planted
	rm -rf "$B" "$W/elsewhere"
	mkdir -p "$W/elsewhere"
	expect_status 0 "a build directory ($d)" -- b --source "$MINI" --build-dir "$B" --until configure
	rm -rf "$B/$d"
	ln -s "$W/elsewhere" "$B/$d"
	expect_status 12 "$d planted as a link" -- b --source "$MINI" --build-dir "$B"
	expect_in "$d is a symbolic link" "names it"
	[ -z "$(ls -A "$W/elsewhere")" ] && ok "nothing written through $d" || fail "written through $d: $(ls "$W/elsewhere" | head -3)"
done

# 9. options checked before the long work; contradictions refused
expect_status 2 "--verify-tests with an unbalanced quote" -- b --source "$MINI" --build-dir "$W/o9" --verify-tests "test_int 'test_x"
printf '{"name": "x", "tasks": [{"name": "a", "command": ["{python}"], "timout": 5}]}' > "$W/typo.json"
expect_status 2 "a manifest with a typo" -- "$OPTPY" build --source "$MINI" --build-dir "$W/o9" --profile "$W/typo.json" --cc gcc -q
expect_status 2 "CC= among configure's arguments" -- b --source "$MINI" --build-dir "$W/o9" -- CC=clang
expect_in "fix: --cc clang" "the fix names --cc"
expect_status 5 "CFLAGS with -fprofile-generate" -- env CFLAGS="-O2 -fprofile-generate" "$OPTPY" build --source "$MINI" --build-dir "$W/o9" --profile "$MINI_PROFILE" -q
expect_in "CFLAGS holds -fprofile-generate" "names the flag"
expect_status 5 "CFLAGS= among configure's arguments with -fprofile-use" -- b --source "$MINI" --build-dir "$W/o9" -- "CFLAGS=-O2 -fprofile-use=/x"
[ -e "$W/o9" ] && fail "a refused build made its build directory" || ok "nothing made before these refusals"
expect_status 0 "--destdir without --install" -- b --source "$MINI" --build-dir "$W/dd" --destdir "$W/ddest" --until configure
OUT=$(json_get "$W/dd/report.json" notes)
expect_in "--destdir .*: the install phase runs" "says that --destdir installs"

# 10. bounded: a task printing without end, an oversized bundle member
printf '{"name": "loud", "tasks": [{"name": "work", "command": ["{python}", "--work", "100000"]}, {"name": "loud", "command": ["yes"]}]}' > "$W/loud.json"
expect_status 0 "a training task that prints without end" -- "$OPTPY" build --source "$MINI" --build-dir "$W/loud" --profile "$W/loud.json" --verify-tests none --cc gcc -q --bolt off --until train
sz=$(stat -c %s "$W/loud/logs/train/loud.log" 2>/dev/null || echo 0)
[ "$sz" -le $((129 * 1024 * 1024)) ] && [ "$sz" -ge $((100 * 1024 * 1024)) ] && ok "its log stopped at the cap ($((sz >> 20)) MiB)" || fail "log size $sz"
json_get "$W/loud/report.json" phases.train.tasks | grep -q "reached 128 MiB" && ok "the report says why it stopped" || fail "no cap reason: $(json_get "$W/loud/report.json" phases.train.tasks)"
rm -rf "$W/loud"
python3 - "$W/p.bundle" "$W/fat.bundle" <<'X'
import io, sys, tarfile
src, dst = sys.argv[1], sys.argv[2]
with tarfile.open(src) as i, tarfile.open(dst, "w:gz") as o:
    for m in i.getmembers():
        o.addfile(m, i.extractfile(m))
    big = tarfile.TarInfo("profile/Python#huge.gcda")
    big.size = 17 << 20
    o.addfile(big, io.BytesIO(bytes(big.size)))
X
expect_status 2 "a bundle with a 17 MiB .gcda member" -- b --source "$MINI" --build-dir "$W/fat" --bolt off --use-profile "$W/fat.bundle"
expect_in "profile/Python#huge.gcda is 17 MiB, over the 16 MiB" "names the member and the cap"
[ -e "$W/fat/profile/data/Python#huge.gcda" ] && fail "it was unpacked" || ok "nothing of it unpacked"

# 12. the right blame
expect_status 6 "a relative TMPDIR" -- env TMPDIR=relative/tmp "$OPTPY" build --source "$MINI" --build-dir "$W/o12" --profile "$MINI_PROFILE" -q
expect_in "TMPDIR='relative/tmp' is a relative path" "names TMPDIR"
expect_status 6 "a missing TMPDIR" -- env TMPDIR="$W/missing" "$OPTPY" build --source "$MINI" --build-dir "$W/o12" --profile "$MINI_PROFILE" -q
expect_in "TMPDIR=.*missing is not a writable directory" "names TMPDIR"
expect_not_in "cannot preprocess" "not blamed on the compiler"
expect_status 8 "/dev/null as the source" -- b --source /dev/null --build-dir "$W/o12"
expect_in "/dev/null is a device" "says what it is"
expect_status 2 "OPTPY_PROBE_TIMEOUT=1e9" -- env OPTPY_PROBE_TIMEOUT=1e9 "$OPTPY" build --source "$MINI" --build-dir "$W/o12" -q
expect_in "not a plain number of seconds above 0 and at most 86400" "says the bounds"
cat > "$W/hangcc" <<'X'
#!/bin/sh
for a; do case $a in -flto*) sleep 300 ;; esac; done
exec gcc "$@"
X
chmod +x "$W/hangcc"
expect_status 3 "a probe that times out: no silent LTO off" -- env OPTPY_PROBE_TIMEOUT=2 "$OPTPY" build --source "$MINI" --build-dir "$W/o12" --profile "$MINI_PROFILE" --cc "$W/hangcc" -q
expect_in "timed out after 2 s" "says it timed out"
expect_in "fix: .*OPTPY_PROBE_TIMEOUT=SECONDS \(now 2\)" "the fix names OPTPY_PROBE_TIMEOUT"
cp -r "$MINI" "$W/badlevel"
sed -i 's/PY_MINOR_VERSION        13/PY_MINOR_VERSION        13abc/' "$W/badlevel/Include/patchlevel.h"
expect_status 8 "a patchlevel of 13abc" -- b --source "$W/badlevel" --build-dir "$W/o12b"

# 11. report and profile show: regular files only, objects only, no escapes
mkdir -p "$W/rep"
mkfifo "$W/rep/report.json"
expect_status 2 "optpy report on a FIFO (no hang)" -- timeout 10 "$OPTPY" report "$W/rep"
echo '[]' > "$W/rep2.json"; mkdir -p "$W/rep2"; mv "$W/rep2.json" "$W/rep2/report.json"
expect_status 1 "a report.json of []" -- "$OPTPY" report "$W/rep2"
expect_in "not an optpy report" "says it is not a report"
python3 - "$W/cold/report.json" "$W/rep3" <<'X'
import json, os, sys
r = json.load(open(sys.argv[1]))
r["source"] = "/x\u001b]0;owned\u0007\u001b[2J\u009b31m"
os.makedirs(sys.argv[2], exist_ok=True)
json.dump(r, open(os.path.join(sys.argv[2], "report.json"), "w"))
X
expect_status 0 "a report with escape sequences in it" -- "$OPTPY" report "$W/rep3"
if printf '%s' "$OUT" | LC_ALL=C grep -q "$(printf '\033')"; then fail "an escape reached the terminal"; else ok "no escape printed"; fi
expect_in "source: +/x\?\]0;owned\?\?\[2J\?\?31m" "shown as '?'"
expect_status 2 "optpy profile show on a FIFO (no hang)" -- timeout 10 "$OPTPY" profile show "$W/fifo"
finish
