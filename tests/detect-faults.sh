#!/bin/sh
# detect-faults.sh - stand-in tools that fail the way the field reports:
# each case asserts the decision, a clear reason or error, the exit status,
# and that nothing is left behind in the temporary directory.
. "${srcdir:-.}/tests/lib.sh"
export TMPDIR="$T_TMP/tmp"
mkdir -p "$TMPDIR" "$T_TMP/bin"
# these cases are about the probes themselves: no cache between them
unset CC CFLAGS LDFLAGS AR LLVM_AR LLVM_PROFDATA OPTPY_PROBE_CACHE
B=$T_TMP/bin
clean() { [ -z "$(ls -A "$TMPDIR")" ] && ok "$1: nothing left in TMPDIR" || { fail "$1: left $(ls "$TMPDIR")"; rm -rf "$TMPDIR"/*; }; }
have() { command -v "$1" >/dev/null 2>&1; }

if have gcc; then
	# 1. an archiver that cannot index LTO objects (writes no symbol index)
	cat > "$B/bad-ar" <<'X'
#!/bin/sh
op=$1; shift
exec ar "$(echo "$op" | tr -d s)S" "$@"
X
	chmod +x "$B/bad-ar"
	expect_status 0 "archiver without an LTO index" -- env AR="$B/bad-ar" "$OPTPY" detect --cc gcc
	expect_in "LTO: off" "bad archiver: LTO off"
	expect_in "full with the default linker: fails: linking an executable from an archive of LTO objects failed" "bad archiver: reason names the archive link"
	expect_status 7 "bad archiver with --lto=full" -- env AR="$B/bad-ar" "$OPTPY" detect --cc gcc --lto full
	expect_in "cannot be used" "forced full refused"
	expect_in "what works: --lto=off" "refusal names what works"
	clean "bad archiver"

	# 2. linkers without LTO support: every ld on PATH refuses LTO objects
	cat > "$B/ld" <<'X'
#!/bin/sh
for a; do
	case $a in
	*.o|*.a) if [ -f "$a" ] && grep -q 'gnu.lto_' "$a"; then
		echo "ld: error: $a: plugin needed to handle lto object" >&2; exit 1; fi ;;
	esac
done
exec /usr/bin/ld.bfd "$@"
X
	chmod +x "$B/ld"
	for l in ld.bfd ld.gold ld.mold mold; do cp "$B/ld" "$B/$l"; done
	sed -i 's|exec /usr/bin/ld.bfd|exec /usr/bin/ld.bfd|' "$B/ld.gold"
	expect_status 0 "linkers without LTO support" -- env PATH="$B:$PATH" "$OPTPY" detect --cc gcc
	expect_in "LTO: off" "no LTO linker: LTO off"
	expect_in "plugin needed to handle lto object" "reason quotes the linker"
	expect_in "PGO: yes" "PGO unaffected by the LTO linker"
	clean "bad linker"
	rm -f "$B/ld" "$B/ld.bfd" "$B/ld.gold" "$B/ld.mold" "$B/mold"

	# 3. a compiler that crashes on -flto
	cat > "$B/crashcc" <<'X'
#!/bin/sh
for a; do case $a in -flto*) kill -SEGV $$ ;; esac; done
exec gcc "$@"
X
	chmod +x "$B/crashcc"
	expect_status 0 "compiler crashing on -flto" -- "$OPTPY" detect --cc "$B/crashcc"
	expect_in "family +gcc" "crashing compiler still detected as gcc (by its macros)"
	expect_in "LTO: off" "crash: LTO off"
	expect_in "killed by signal 11" "crash: reason names the signal"
	expect_in "PGO: yes" "crash: PGO still works"
	clean "crashing compiler"

	# 4. a compiler that hangs on -flto: probes have time limits
	cat > "$B/hangcc" <<'X'
#!/bin/sh
for a; do case $a in -flto*) sleep 300 ;; esac; done
exec gcc "$@"
X
	chmod +x "$B/hangcc"
	expect_status 0 "compiler hanging on -flto" -- env OPTPY_PROBE_TIMEOUT=2 "$OPTPY" detect --cc "$B/hangcc"
	# the stand-in sleeps 300 s: only a probe stopped at its 2 s limit says this
	expect_in "timed out after 2 s" "hang: reason says timed out"
	pgrep -f "$B/hangcc" >/dev/null && fail "hang: a probe process was left running" || ok "hang: no probe left running"
	clean "hanging compiler"

	# 5. garbage in CC / CFLAGS
	expect_status 5 "CC with shell syntax" -- env CC='gcc; rm -rf /' "$OPTPY" detect
	expect_in "shell syntax" "garbage CC named"
	expect_status 5 "CFLAGS with an unbalanced quote" -- env CFLAGS="-O2 '-g" "$OPTPY" detect --cc gcc
	expect_in "CFLAGS has an unbalanced quote" "unbalanced quote named"
	expect_status 5 "CFLAGS the compiler rejects" -- env CFLAGS="--no-such-flag-xyz" "$OPTPY" detect --cc gcc
	expect_in "no-such-flag-xyz" "the rejected flag is shown"
	expect_status 5 "CC that is a flag" -- "$OPTPY" detect --cc "-O2"
	expect_status 5 "empty CC" -- env CC=" " "$OPTPY" detect
	# 6. unwritable temporary directory
	touch "$T_TMP/afile"
	expect_status 6 "unwritable temporary directory" -- "$OPTPY" detect --cc gcc --tmpdir "$T_TMP/afile/sub"
	expect_in "cannot create a temporary directory" "tmpdir problem named"
	expect_in "TMPDIR" "tmpdir fix given"
fi

# 7. a CC that does not exist
expect_status 3 "missing compiler" -- "$OPTPY" detect --cc no-such-compiler-xyz
expect_in "compiler 'no-such-compiler-xyz' not found" "missing compiler named"
expect_in "fix:" "missing compiler: fix given"
expect_status 3 "missing compiler by path" -- "$OPTPY" detect --cc /nonexistent/gcc

# 8. an unknown compiler: answers, but with no known predefined macros
cat > "$B/oddcc" <<'X'
#!/bin/sh
case "$*" in
*-dM*) echo "#define __ODDC__ 1" ;;
*--version*) echo "oddc 1.2.3" ;;
*-dumpmachine*) echo "x86_64-unknown-linux-gnu" ;;
*) exit 1 ;;
esac
X
chmod +x "$B/oddcc"
expect_status 4 "unknown compiler" -- "$OPTPY" detect --cc "$B/oddcc"
expect_in "family +unknown" "reported as unknown"
expect_in "not a compiler optpy knows" "unknown compiler named"
expect_in "LTO: off" "unknown: LTO off"
expect_status 7 "unknown compiler with --lto=full" -- "$OPTPY" detect --cc "$B/oddcc" --lto full

# 9. llvm-profdata of the wrong version (stand-in, as reported in gh-125918)
if have clang; then
	cat > "$B/llvm-profdata" <<'X'
#!/bin/sh
case "$*" in
*--version*) echo "LLVM (http://llvm.org/):"; echo "  LLVM version 9.0.1" ;;
merge*) echo "error: $(echo "$@" | sed 's/.* //'): unsupported instrumentation profile format version" >&2; exit 1 ;;
esac
X
	chmod +x "$B/llvm-profdata"
	expect_status 0 "llvm-profdata of the wrong version" -- env LLVM_PROFDATA="$B/llvm-profdata" "$OPTPY" detect --cc clang
	expect_in "PGO: no" "wrong profdata: PGO off"
	expect_in "unsupported instrumentation profile format version" "reason quotes the format error"
	expect_in "fix: install llvm-[0-9]+" "fix names the llvm package"
	expect_in "LLVM_PROFDATA" "fix names LLVM_PROFDATA"
	expect_in "LTO: full" "LTO unaffected"
	clean "wrong llvm-profdata"
fi
clean "all"
finish
