#!/bin/sh
# layout.sh - `ls src/` shows the layers, and every include runs downward:
# a file includes headers of its own layer or of layers before it in
# base, toolchain, cpython, pipeline, phases, build, cli.
. "${srcdir:-.}/tests/lib.sh"

src=${srcdir:-.}/src
order="base toolchain cpython pipeline phases build cli"
rank() { i=0; for l in $order; do [ "$l" = "$1" ] && { echo $i; return; }; i=$((i + 1)); done; echo 99; }

# upward DIR: print "FILE includes LAYER/HEADER" for each include in DIR's
# tree that runs up or names a header no layer has; "checked N" at the end
upward() {
	find "$1" -name '*.h' | while read -r h; do
		echo "$(basename "$h") $(basename "$(dirname "$h")")"
	done > "$T_TMP/headers"
	n=0
	for f in $(find "$1" -name '*.[ch]'); do
		mine=$(rank "$(basename "$(dirname "$f")")")
		for inc in $(sed -n 's/^#include "\([a-z_]*\.h\)".*/\1/p' "$f"); do
			[ "$inc" = config.h ] && continue
			layer=$(sed -n "s/^$inc //p" "$T_TMP/headers" | head -n 1)
			n=$((n + 1))
			if [ -z "$layer" ] || [ "$(rank "$layer")" -gt "$mine" ]; then
				echo "$f includes ${layer:-?}/$inc"
			fi
		done
	done
	echo "checked $n"
}

for l in $order; do
	[ -d "$src/$l" ] && ok "src/$l exists" || fail "src/$l missing"
done
loose=$(find "$src" -maxdepth 1 -name '*.[ch]' | wc -l)
[ "$loose" = 0 ] && ok "no source file outside a layer" || fail "$loose source files directly in src/"
upward "$src" > "$T_TMP/up"
n=$(sed -n 's/^checked //p' "$T_TMP/up")
[ "$n" -gt 100 ] && ok "read $n includes" || fail "only $n includes read"
if grep -qv '^checked' "$T_TMP/up"; then fail "includes running up:"; grep -v '^checked' "$T_TMP/up" | sed 's/^/    | /'
else ok "every include runs downward"; fi
# the check can fail: a planted include from base up into build is found
mkdir -p "$T_TMP/tree/base" "$T_TMP/tree/build"
printf '#include "driver.h"\n' > "$T_TMP/tree/base/x.c"
printf '/* driver */\n' > "$T_TMP/tree/build/driver.h"
upward "$T_TMP/tree" > "$T_TMP/up2"
grep -q "x.c includes build/driver.h" "$T_TMP/up2" && ok "a planted upward include is found" ||
	fail "a planted upward include is not found"
finish
