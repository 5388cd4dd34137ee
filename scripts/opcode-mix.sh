#!/bin/sh
# opcode-mix.sh - how often training ran each instruction of the bytecode
# interpreter, from gcc profile data: compiles Python/ceval.c again with the
# instrumented build's own command plus -ftest-coverage (in a scratch tree
# that mirrors obj/, so the function identities match), runs gcov on each
# given ceval .gcda and prints, per instruction (TARGET in
# generated_cases.c.h), its share of all instructions run, in parts per
# million: the instructions never run first, then the rest by the ratio of
# the first column to the second. A gcc build only (clang's profiles have
# no per-line counts without coverage mapping).
# Usage: scripts/opcode-mix.sh BUILD_DIR [CEVAL_GCDA...]
#   default CEVAL_GCDA: the build's own merged profile of Python/ceval.o
set -eu
[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR [CEVAL_GCDA...]" >&2; exit 2; }
bdir=$(cd "$1" && pwd)
shift
log=$bdir/logs/instrument.log
[ -f "$log" ] || { echo "$0: $log: no instrument log (an optpy build directory, gcc, with PGO?)" >&2; exit 1; }
cmd=$(grep -m1 -E '^gcc -c .* -o Python/ceval\.o ' "$log") ||
	{ echo "$0: no gcc compile of Python/ceval.c in $log" >&2; exit 1; }
if [ $# -eq 0 ]; then
	set -- "$bdir/profile/data/$(echo "$bdir/obj/Python/ceval.gcda" | tr / '#')"
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM
# the mirror: obj/ as a scratch directory of links, its Python/ a real one,
# so the recompile writes nothing into the build directory
mkdir "$scratch/obj" "$scratch/obj/Python"
ln -s "$bdir/src" "$scratch/src"
for f in "$bdir"/obj/*; do
	case $f in */Python) ;; *) ln -s "$f" "$scratch/obj/" ;; esac
done
# the logged command line, as make ran it through the shell
(cd "$scratch/obj" && eval "gcc -c -ftest-coverage ${cmd#gcc -c }")
n=0
for gcda in "$@"; do
	[ -f "$gcda" ] || { echo "$0: $gcda: no such file" >&2; exit 1; }
	n=$((n + 1))
	mkdir "$scratch/run$n"
	cp "$gcda" "$scratch/obj/Python/ceval.gcda"
	# gcov wants the notes' stamp in the data file (bytes 8-11)
	python3 - "$scratch/obj/Python/ceval.gcno" "$scratch/obj/Python/ceval.gcda" <<'PY'
import sys
stamp = open(sys.argv[1], "rb").read()[8:12]
data = bytearray(open(sys.argv[2], "rb").read())
data[8:12] = stamp
open(sys.argv[2], "wb").write(data)
PY
	(cd "$scratch/obj" && gcov -o Python ../src/*/Python/ceval.c >/dev/null 2>&1) ||
		{ echo "$0: gcov failed on $gcda" >&2; exit 1; }
	mv "$scratch/obj/generated_cases.c.h.gcov" "$scratch/run$n/"
	rm -f "$scratch"/obj/*.gcov
done
python3 - "$scratch" "$n" "$@" <<'PY'
import re, sys
scratch, n, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def count(c):
    c = c.rstrip("*")
    if c.startswith(("#", "=")):
        return 0.0
    mult = {"k": 1e3, "M": 1e6, "G": 1e9}.get(c[-1])
    return float(c[:-1]) * mult if mult else float(c)
def load(path):
    lines = open(path).read().split("\n")
    out = {}
    for i, line in enumerate(lines):
        m = re.search(r"TARGET\((\w+)\)", line)
        if not m:
            continue
        for nxt in lines[i + 1:i + 16]:
            c = nxt.split(":", 2)[0].strip()
            if c not in ("-", ""):
                out[m.group(1)] = count(c)
                break
    return out
runs = [load("%s/run%d/generated_cases.c.h.gcov" % (scratch, k + 1)) for k in range(n)]
ops = sorted(set().union(*runs))
ppm = []
for r in runs:
    total = sum(r.values()) or 1.0
    ppm.append({op: r.get(op, 0.0) / total * 1e6 for op in ops})
for k, name in enumerate(names):
    print("[%d] %s: %.0f instructions, %d of %d never run" % (
        k + 1, name, sum(runs[k].values()), sum(1 for op in ops if ppm[k][op] == 0), len(ops)))
def key(op):
    a = ppm[0][op]
    b = ppm[1][op] if n > 1 else a
    return (a > 0, a / b if b else float("inf"), op)
print("%-44s" % "instruction (ppm of all run)" + "".join("%12s" % ("[%d]" % (k + 1)) for k in range(n)))
for op in sorted(ops, key=key):
    print("%-44s" % op + "".join("%12.1f" % ppm[k][op] for k in range(n)))
PY
