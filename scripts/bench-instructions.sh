#!/bin/sh
# bench-instructions.sh - the machine instructions each benchmark program of
# bench/ costs per round in each interpreter, counted by valgrind
# (cachegrind, no cache simulation), and the ratio to the first interpreter
# (> 1: fewer instructions than it, the sense of `optpy bench`).  Unlike
# time, the count does not move with the machine's load: it tells what the
# compiler's code does from where that code lies in memory (alignment,
# branch prediction), which moves wall time by percents between two builds
# of one profile.  Per round: the count with 3 rounds less the count with 1,
# halved, so start-up and the warm-up call drop out.  PYTHONHASHSEED=0:
# string hashes (and with them the order of sets) the same on every run.
# Usage: scripts/bench-instructions.sh BASE_PYTHON PYTHON... [-- BENCH...]
set -eu
[ $# -ge 2 ] || { echo "usage: $0 BASE_PYTHON PYTHON... [-- BENCH...]" >&2; exit 2; }
command -v valgrind >/dev/null ||
	{ echo "$0: valgrind not found; install it (apt-get install valgrind)" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
pythons=
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	[ -x "$1" ] || { echo "$0: $1: not an executable" >&2; exit 2; }
	pythons="$pythons $1"
	shift
done
[ $# -gt 0 ] && shift
benches=$*
if [ -z "$benches" ]; then
	for f in "$here"/bench/*.py; do
		case $f in */_*) ;; *) benches="$benches $(basename "$f" .py)" ;; esac
	done
fi

# count PYTHON BENCH ROUNDS: instructions of the whole run (the program
# must succeed, or the count means nothing)
count() {
	if ! (cd "$here/bench" && PYTHONHASHSEED=0 valgrind --tool=cachegrind --cache-sim=no \
		--cachegrind-out-file=/dev/null "$1" "$2.py" "$3" >/dev/null 2>"$scratch/vg"); then
		echo "$0: $1 $2.py $3 failed:" >&2
		tail -n 5 "$scratch/vg" >&2
		return 1
	fi
	awk '/I[ ]+refs:/ { gsub(",", "", $NF); print $NF; found = 1 }
	     END { if (!found) exit 1 }' "$scratch/vg" ||
		{ echo "$0: no instruction count from valgrind for $1 $2.py" >&2; return 1; }
}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM

i=0
for p in $pythons; do
	i=$((i + 1))
	echo "[$i] $p"
done
printf '%-12s' bench
i=0
for p in $pythons; do
	i=$((i + 1))
	if [ $i -eq 1 ]; then printf ' %14s' "[1]"; else printf ' %14s %8s' "[$i]" ratio; fi
done
echo
rows=$(for b in $benches; do
	[ -f "$here/bench/$b.py" ] || { echo "$0: no benchmark $b in $here/bench" >&2; exit 2; }
	line=$b
	for p in $pythons; do
		one=$(count "$p" "$b" 1)
		three=$(count "$p" "$b" 3)
		line="$line $(((three - one) / 2))"
	done
	echo "$line"
done)
echo "$rows" | awk '
	{
		printf "%-12s %14d", $1, $2
		for (i = 3; i <= NF; i++) {
			r = $2 / $i
			printf " %14d %7.4fx", $i, r
			lg[i] += log(r)
		}
		printf "\n"
		n++
	}
	END {
		if (!n) exit
		printf "%-12s %14s", "geomean", ""
		for (i = 3; i in lg; i++)
			printf " %14s %7.4fx", "", exp(lg[i] / n)
		printf "\n"
	}'
