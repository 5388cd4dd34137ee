#!/bin/sh
# test.sh - the whole test suite, on a fresh Debian machine: installs what
# it needs, builds optpy, runs `make check` (with one real CPython 3.13.5
# build unless OPTPY_TEST_REAL=0) and `make distcheck`, and ends with a line
# "N passed, N failed" counting every check of every test.
set -u
cd "$(dirname "$0")/.." || exit 2
sh scripts/deps.sh || { echo "0 passed, 1 failed"; exit 1; }
jobs=$(nproc 2>/dev/null || echo 2)
{ autoreconf -fi && ./configure && make -j"$jobs"; } > build-test.log 2>&1 || {
	tail -40 build-test.log
	echo "0 passed, 1 failed"
	exit 1
}
OPTPY_TEST_REAL=${OPTPY_TEST_REAL:-1} make -j"$jobs" check
check_rc=$?
OPTPY_TEST_REAL=0 make distcheck > distcheck.log 2>&1
dist_rc=$?
[ $dist_rc = 0 ] || tail -40 distcheck.log
# count the checks inside each test log; a test that failed without saying
# how many of its checks failed counts as one failure
passed=0 failed=0
for trs in tests/*.trs; do
	log=${trs%.trs}.log
	res=$(sed -n 's/^:test-result: //p' "$trs" | head -n 1)
	line=$(grep -E '^# [0-9]+ passed, [0-9]+ failed|^[0-9]+ checks, [0-9]+ failed' "$log" | tail -n 1)
	case $line in
	"# "*) p=$(echo "$line" | sed 's/^# \([0-9]*\) passed, \([0-9]*\) failed.*/\1/')
	       f=$(echo "$line" | sed 's/^# \([0-9]*\) passed, \([0-9]*\) failed.*/\2/') ;;
	[0-9]*) n=$(echo "$line" | sed 's/^\([0-9]*\) checks, \([0-9]*\) failed.*/\1/')
		f=$(echo "$line" | sed 's/^\([0-9]*\) checks, \([0-9]*\) failed.*/\2/')
		p=$((n - f)) ;;
	*) p=0 f=0 ;;
	esac
	case $res in
	FAIL|ERROR|XPASS) [ "$f" -gt 0 ] || f=1 ;;
	esac
	echo "  $(basename "${trs%.trs}"): $res ($p passed, $f failed)"
	passed=$((passed + p))
	failed=$((failed + f))
done
if [ $dist_rc = 0 ]; then passed=$((passed + 1)); echo "  distcheck: PASS"; else failed=$((failed + 1)); echo "  distcheck: FAIL"; fi
[ $check_rc = 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
