# lib.sh - shared helpers for the shell tests: each check counts, a failed
# one says what it expected; `finish` exits 1 when any failed.
# Automake runs each test with srcdir set; OPTPY points at the built binary.
set -u
: "${OPTPY:?OPTPY must point at the optpy binary}"
T_PASS=0
T_FAIL=0
T_SKIP=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/optpy-test.XXXXXX")
trap 'rm -rf "$T_TMP"' EXIT

ok() { T_PASS=$((T_PASS + 1)); echo "ok - $*"; }
fail() { T_FAIL=$((T_FAIL + 1)); echo "FAIL - $*"; }
skip() { T_SKIP=$((T_SKIP + 1)); echo "skip - $*"; }

# expect_status WANT DESC -- CMD...: run CMD, keep its output in $OUT
expect_status() {
	want=$1 desc=$2
	shift 3
	OUT=$("$@" 2>&1)
	got=$?
	if [ "$got" = "$want" ]; then ok "$desc (exit $got)"; else
		fail "$desc: exit $got, want $want"; printf '%s\n' "$OUT" | tail -n 15 | sed 's/^/    | /'; fi
}
# expect_in PATTERN DESC: grep -E PATTERN in $OUT
expect_in() {
	if printf '%s\n' "$OUT" | grep -Eq -- "$1"; then ok "$2"; else
		fail "$2: /$1/ not in output"; printf '%s\n' "$OUT" | tail -n 15 | sed 's/^/    | /'; fi
}
expect_not_in() {
	if printf '%s\n' "$OUT" | grep -Eq -- "$1"; then
		fail "$2: /$1/ unexpectedly in output"; printf '%s\n' "$OUT" | grep -E -- "$1" | head -3 | sed 's/^/    | /'
	else ok "$2"; fi
}
# json_get FILE-or--  KEY.PATH: print a value from JSON with python3
json_get() {
	python3 -c 'import json,sys
d=json.load(open(sys.argv[1]) if sys.argv[1]!="-" else sys.stdin)
for k in sys.argv[2].split("."):
    d=d[int(k)] if isinstance(d,list) else d.get(k) if d is not None else None
print(json.dumps(d) if isinstance(d,(list,dict)) else d)' "$@"
}
finish() {
	echo "# $T_PASS passed, $T_FAIL failed, $T_SKIP skipped"
	[ "$T_FAIL" = 0 ] || exit 1
	[ "$T_PASS" -gt 0 ] || exit 77
	exit 0
}

# The miniature CPython tree and its training profile.
MINI=${srcdir:-.}/tests/minipy
MINI_PROFILE=$MINI/profile.json
# tree_hash DIR: one hash of every file's path and content
tree_hash() {
	(cd "$1" && find . -type f -print | LC_ALL=C sort | while IFS= read -r f; do
		printf '%s ' "$f"; sha256sum < "$f"; done) | sha256sum | cut -c1-16
}
# mini_build BUILD-DIR [optpy build args...]: build the miniature tree
mini_build() {
	d=$1
	shift
	"$OPTPY" build --source "$MINI" --build-dir "$d" --profile "$MINI_PROFILE" --verify-tests none -q "$@"
}
# wait_for FILE [SECONDS]: until FILE exists
wait_for() {
	i=0
	while [ ! -e "$1" ] && [ $i -lt $((${2:-30} * 10)) ]; do sleep 0.1; i=$((i + 1)); done
	[ -e "$1" ]
}
