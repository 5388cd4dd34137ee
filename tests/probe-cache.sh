#!/bin/sh
# probe-cache.sh - OPTPY_PROBE_CACHE: a second run with the same toolchain
# takes the probes' findings from the cache and decides the same; another
# compiler file, another environment, a damaged or planted entry, or a
# probe that timed out never give a stale decision.
. "${srcdir:-.}/tests/lib.sh"
export TMPDIR="$T_TMP/tmp"
mkdir -p "$TMPDIR" "$T_TMP/bin"
unset CC CFLAGS LDFLAGS AR LLVM_AR LLVM_PROFDATA
B=$T_TMP/bin
C=$T_TMP/cache
export OPTPY_PROBE_CACHE="$C"

# detect_json NAME [args]: detect --json into $T_TMP/NAME.json
detect_json() {
	n=$1
	shift
	"$OPTPY" detect --json "$@" > "$T_TMP/$n.json" 2>"$T_TMP/$n.err"
}
decision() { python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print(json.dumps([d["lto"], d["pgo"]], sort_keys=True))' "$1"; }
entries() { find "$C" -maxdepth 1 -name '*.json' -type f 2>/dev/null | wc -l; }

# 1. a first run probes and stores, in a directory it makes
detect_json first || fail "detect with a cache: exit $?"
[ "$(json_get "$T_TMP/first.json" probe_cache.hit)" = False ] && ok "first run: probed" || fail "first run: hit?"
f=$(json_get "$T_TMP/first.json" probe_cache.file)
[ -f "$f" ] && [ "$(dirname "$f")" = "$C" ] && ok "first run: stored in the cache directory" || fail "stored: '$f'"
[ "$(json_get "$T_TMP/first.json" probes.0.name)" != None ] && ok "first run: probe steps listed" || fail "no steps"

# 2. the second run takes it, and decides the same
detect_json second
[ "$(json_get "$T_TMP/second.json" probe_cache.hit)" = True ] && ok "second run: from the cache" || fail "second run: not a hit"
[ "$(decision "$T_TMP/first.json")" = "$(decision "$T_TMP/second.json")" ] && ok "same LTO and PGO decision" ||
	fail "decisions differ: $(decision "$T_TMP/first.json") / $(decision "$T_TMP/second.json")"
[ "$(json_get "$T_TMP/second.json" probes)" = "$(json_get "$T_TMP/first.json" probes)" ] &&
	ok "the steps kept as they ran" || fail "steps differ"
OUT=$("$OPTPY" detect 2>&1)
expect_in "probes: not run, their findings from the cache $C/" "text report says where the findings came from"
# a forced mode is decided from the cached findings like a probed one
detect_json off --lto off
[ "$(json_get "$T_TMP/off.json" lto.mode)" = off ] && [ "$(json_get "$T_TMP/off.json" probe_cache.hit)" = True ] &&
	ok "--lto off from the cache" || fail "--lto off: $(json_get "$T_TMP/off.json" lto.mode)"

# 3. another compiler file misses; editing it misses again
cat > "$B/cc" <<'X'
#!/bin/sh
exec gcc "$@"
X
chmod +x "$B/cc"
detect_json w1 --cc "$B/cc"
[ "$(json_get "$T_TMP/w1.json" probe_cache.hit)" = False ] && ok "a wrapper: its own entry" || fail "wrapper hit gcc's entry"
detect_json w2 --cc "$B/cc"
[ "$(json_get "$T_TMP/w2.json" probe_cache.hit)" = True ] && ok "the wrapper again: a hit" || fail "wrapper: no hit"
# the same path, new contents: LTO now fails, and the cache must not say it works
cat > "$B/cc" <<'X'
#!/bin/sh
for a; do case $a in -flto*) echo "cc: LTO is broken here" >&2; exit 1 ;; esac; done
exec gcc "$@"
X
detect_json w3 --cc "$B/cc"
[ "$(json_get "$T_TMP/w3.json" probe_cache.hit)" = False ] && ok "the wrapper edited: a miss" || fail "edited wrapper hit"
[ "$(json_get "$T_TMP/w3.json" lto.mode)" = off ] && ok "the edited wrapper's LTO failure seen" ||
	fail "LTO $(json_get "$T_TMP/w3.json" lto.mode) with a compiler that fails -flto"

# 4. the environment a compiler reads is in the key; other variables are not
detect_json e1 --cc "$B/cc"
env LD_LIBRARY_PATH="$T_TMP" "$OPTPY" detect --json --cc "$B/cc" > "$T_TMP/e2.json"
[ "$(json_get "$T_TMP/e1.json" probe_cache.hit)" = True ] && [ "$(json_get "$T_TMP/e2.json" probe_cache.hit)" = False ] &&
	ok "LD_LIBRARY_PATH changes the key" || fail "LD_LIBRARY_PATH: hits $(json_get "$T_TMP/e1.json" probe_cache.hit) $(json_get "$T_TMP/e2.json" probe_cache.hit)"
env OPTPY_UNRELATED=1 "$OPTPY" detect --json --cc "$B/cc" > "$T_TMP/e3.json"
[ "$(json_get "$T_TMP/e3.json" probe_cache.hit)" = True ] && ok "an unrelated variable does not" || fail "unrelated variable missed"

# 5. a damaged entry is a miss, said, and replaced
f=$(json_get "$T_TMP/second.json" probe_cache.file)
printf '{"format": 1, "key": ' > "$f"
detect_json d1
[ "$(json_get "$T_TMP/d1.json" probe_cache.hit)" = False ] && ok "damaged entry: a miss" || fail "damaged entry taken"
case $(json_get "$T_TMP/d1.json" probe_cache.note) in *"not JSON"*|*line*) ok "damaged entry: said why" ;;
	*) fail "note: $(json_get "$T_TMP/d1.json" probe_cache.note)" ;; esac
detect_json d2
[ "$(json_get "$T_TMP/d2.json" probe_cache.hit)" = True ] && ok "damaged entry: written anew" || fail "not rewritten"

# 6. another toolchain's entry under this key's name (a copy, a collision): a miss
wf=$(json_get "$T_TMP/w2.json" probe_cache.file)
cp "$wf" "$f"
detect_json k1
[ "$(json_get "$T_TMP/k1.json" probe_cache.hit)" = False ] && ok "an entry of another key: a miss" || fail "another key's entry taken"

# 7. a link planted as the entry is neither followed nor written through
echo "precious" > "$T_TMP/precious"
rm -f "$f"
ln -s "$T_TMP/precious" "$f"
detect_json l1
[ "$(json_get "$T_TMP/l1.json" probe_cache.hit)" = False ] && ok "planted link: a miss" || fail "planted link followed"
[ "$(cat "$T_TMP/precious")" = precious ] && ok "planted link: its target untouched" || fail "target written"
[ -f "$f" ] && [ ! -L "$f" ] && ok "planted link: replaced by an entry" || fail "link left in place"

# 8. a probe that timed out is not stored
cat > "$B/hangcc" <<'X'
#!/bin/sh
for a; do case $a in -flto*) sleep 300 ;; esac; done
exec gcc "$@"
X
chmod +x "$B/hangcc"
n0=$(entries)
env OPTPY_PROBE_TIMEOUT=2 "$OPTPY" detect --json --cc "$B/hangcc" > "$T_TMP/h1.json"
[ "$(entries)" = "$n0" ] && ok "timed-out probes: nothing stored" || fail "timed-out probes stored ($n0 -> $(entries))"
case $(json_get "$T_TMP/h1.json" probe_cache.note) in *"timed out"*) ok "timed out: said" ;;
	*) fail "note: $(json_get "$T_TMP/h1.json" probe_cache.note)" ;; esac

# 9. a cache that cannot be written: the run goes on, and says so
echo x > "$T_TMP/notadir"
env OPTPY_PROBE_CACHE="$T_TMP/notadir" "$OPTPY" detect --json > "$T_TMP/n1.json"
case $(json_get "$T_TMP/n1.json" probe_cache.note) in *"not stored"*) ok "unwritable cache: said" ;;
	*) fail "note: $(json_get "$T_TMP/n1.json" probe_cache.note)" ;; esac
[ "$(cat "$T_TMP/notadir")" = x ] && ok "unwritable cache: the file in the way untouched" || fail "file written"

# 10. builds: a second build in another directory takes the findings
mini_build "$T_TMP/b1" --bolt off || fail "build 1"
mini_build "$T_TMP/b2" --bolt off || fail "build 2"
[ "$(json_get "$T_TMP/b2/report.json" toolchain.probe_cache.hit)" = True ] && ok "second build: probes from the cache" ||
	fail "second build probed: $(json_get "$T_TMP/b2/report.json" toolchain.probe_cache)"
[ "$(json_get "$T_TMP/b1/report.json" toolchain.lto.mode)" = "$(json_get "$T_TMP/b2/report.json" toolchain.lto.mode)" ] &&
	[ "$(json_get "$T_TMP/b2/report.json" toolchain.pgo.works)" = True ] && ok "second build: same decision, PGO" ||
	fail "second build decided otherwise"
OUT=$(env OPTPY_PROBE_CACHE="$T_TMP/notadir" "$OPTPY" build --source "$MINI" --build-dir "$T_TMP/b3" \
	--profile "$MINI_PROFILE" --verify-tests none --bolt off --until configure 2>&1)
expect_in "warning: .*OPTPY_PROBE_CACHE.*not stored" "a build warns when the cache cannot be written"
finish
