#!/bin/sh
# bench.sh - optpy bench: refuses what is not a Python interpreter, runs
# interleaved, prints ratios with an interval, JSON and SVG output.
. "${srcdir:-.}/tests/lib.sh"
PY=$(command -v python3)
mkdir -p "$T_TMP/bin" "$T_TMP/benches"
expect_status 2 "bench with one interpreter" -- "$OPTPY" bench "$PY"
expect_status 11 "missing interpreter" -- "$OPTPY" bench "$PY" "$T_TMP/nope/python"
expect_in "no such file" "names the problem"
expect_status 11 "an executable that is not Python" -- "$OPTPY" bench "$PY" /bin/true
expect_in "not a working Python interpreter" "says it is not Python"
printf '#!/bin/sh\necho "Python 3.99 (honest)"\n' > "$T_TMP/bin/fakepy"
chmod +x "$T_TMP/bin/fakepy"
expect_status 11 "a script pretending to be Python" -- "$OPTPY" bench "$T_TMP/bin/fakepy" "$PY"
touch "$T_TMP/bin/noexec"
expect_status 11 "a file that is not executable" -- "$OPTPY" bench "$PY" "$T_TMP/bin/noexec"
expect_status 2 "bad --runs" -- "$OPTPY" bench --runs 0 "$PY" "$PY"

# the real benchmark programs, interleaved, same interpreter twice: ratio near 1
expect_status 0 "bench python3 vs python3 (json)" -- "$OPTPY" bench --json --runs 2 --only queens,wordcount --svg "$T_TMP/chart.svg" "$PY" "$PY"
printf '%s\n' "$OUT" | grep -v '^optpy' > "$T_TMP/b.json"
r=$(json_get "$T_TMP/b.json" geometric_mean.0.ratio)
python3 -c "import sys; r=float(sys.argv[1]); sys.exit(0 if 0.5 < r < 2 else 1)" "$r" && ok "same interpreter: ratio $r near 1" || fail "ratio $r"
[ "$(json_get "$T_TMP/b.json" benchmarks.0.name)" = queens ] && ok "benchmarks by name" || fail "names"
python3 -c "import sys, xml.dom.minidom as m; d=m.parse(sys.argv[1]); sys.exit(0 if d.getElementsByTagName('rect') else 1)" "$T_TMP/chart.svg" && ok "SVG chart is well-formed XML with bars" || fail "svg"
# one chart: the report page draws the same SVG from the same figures
mkdir -p "$T_TMP/rep"
echo '{"status": "ok"}' > "$T_TMP/rep/report.json"
"$OPTPY" report --html "$T_TMP/rep/page.html" --bench "$T_TMP/b.json" "$T_TMP/rep" &&
	python3 -c "import sys; sys.exit(0 if open(sys.argv[1]).read() in open(sys.argv[2]).read() else 1)" \
		"$T_TMP/chart.svg" "$T_TMP/rep/page.html" && ok "bench --svg is the report page's speed chart" ||
	fail "bench --svg and the report page draw different charts"
expect_status 0 "text output" -- "$OPTPY" bench --runs 2 --only queens "$PY" "$PY"
expect_in "geometric mean \[1\]: [0-9.]+x faster than base \(95% CI [0-9.]+-[0-9.]+, 2 runs\)" "prints the geometric mean and its interval"
# a failing benchmark is reported, the others still measured
printf 'raise SystemExit(3)\n' > "$T_TMP/benches/broken.py"
cp "${srcdir:-.}/bench/queens.py" "${srcdir:-.}/bench/_harness.py" "$T_TMP/benches/"
expect_status 1 "a failing benchmark" -- "$OPTPY" bench --runs 1 --bench-dir "$T_TMP/benches" "$PY" "$PY"
expect_in "broken.py under .*exit status 3" "names the failing benchmark"
expect_in "queens +[0-9.]+" "the others still measured"
expect_not_in "^_harness" "the shared harness is not a benchmark"
# benchmarks and training tasks are separate code
for b in "${srcdir:-.}"/bench/*.py; do
	n=$(basename "$b")
	[ -e "${srcdir:-.}/profiles/tasks/$n" ] && fail "$n is both a benchmark and a training task" || ok "$n is not a training task"
done
finish
