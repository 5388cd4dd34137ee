#!/bin/sh
# bench-farm.sh - one CPython build with and without a compile farm (#22):
# a distccd on loopback, in its own mount namespace where the work
# directory is hidden (a farm host cannot see the build's files), and
# DISTCC_HOSTS naming only it.  Builds up to the final build (BOLT and
# verify do not compile) with CC=CLANG, then with CC="distcc CLANG", and
# prints each phase's time and where its compiles ran.  On one machine the
# farm cannot win: its host shares the same cores.  Needs root (the mount
# namespace) and distcc.
# OPTPY_ARGS: more `optpy build` arguments (the script's own check runs it
# on the miniature tree with its training profile).
# Usage: scripts/bench-farm.sh [--cc CLANG] [TARBALL]
# Work goes to $OPTPY_BENCH_DIR (default /tmp/optpy-farm), outside the repo.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
cc=clang
[ "${1:-}" = --cc ] && { cc=$2; shift 2; }
tarball=${1:-$(sh "$here/fetch-cpython.sh" 3.13)}
base=${OPTPY_BENCH_DIR:-/tmp/optpy-farm}
optpy=${OPTPY:-$repo/optpy}
[ -x "$optpy" ] || { echo "bench-farm: build optpy first (make)" >&2; exit 2; }
command -v distccd >/dev/null || { echo "bench-farm: no distccd (scripts/deps.sh installs distcc)" >&2; exit 2; }
rm -rf "$base"
mkdir -p "$base/work" "$base/host" "$base/distcc"
chmod 711 "$base"
chmod 777 "$base/host"
export OPTPY_DATADIR="${OPTPY_DATADIR:-$repo}"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
unshare -m --propagation private sh -c '
	mount -t tmpfs farm-host "$1" || exit 1
	exec distccd --daemon --no-detach --listen 127.0.0.1 --allow 127.0.0.1 --port "$3" \
		--enable-tcp-insecure --pid-file "$2/distccd.pid" --log-file "$2/distccd.log"' \
	sh "$base/work" "$base/host" "$port" > "$base/host/out" 2>&1 &
# unshare and sh exec: $! is distccd itself (its pid file is not kept:
# a preforked child that exits removes it)
host=$!
trap 'kill "$host" 2>/dev/null' EXIT
trap 'exit 1' INT TERM
sleep 1
export DISTCC_HOSTS=127.0.0.1:$port DISTCC_DIR=$base/distcc
for name in local farm; do
	c=$cc
	[ $name = farm ] && c="distcc $cc"
	t0=$(date +%s.%N)
	"$optpy" build --source "$tarball" --build-dir "$base/work/$name" --cc "$c" --until optimize -q ${OPTPY_ARGS:-} \
		> "$base/$name.log" 2>&1 || { echo "bench-farm: $name build failed, see $base/$name.log" >&2; exit 1; }
	t1=$(date +%s.%N)
	awk -v n="$name" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%-6s up to optimize: %6.1f s\n", n, t1 - t0 }'
	python3 - "$base/work/$name/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for p in ("configure", "instrument", "train", "merge", "optimize"):
    v = r["phases"].get(p, {})
    f = v.get("farm")
    where = ""
    if f:
        where = "  %d on the farm, %d here %s" % (f.get("remote", 0), f.get("local", 0), json.dumps(f.get("local_why", {})))
    print("  %-10s %6.1f s%s" % (p, v.get("seconds", 0), where))
PY
done
