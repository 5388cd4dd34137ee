#!/bin/sh
# apt-sources.sh - add a deb-src entry derived from this machine's own Debian
# apt configuration, so that CPython source packages can be downloaded.
# The mirror is never named here: it is read from the existing deb822 entry.
# Usage: scripts/apt-sources.sh SUITE...   (e.g. trixie bookworm)
set -eu
[ "$#" -gt 0 ] || set -- trixie bookworm
out=/etc/apt/sources.list.d/optpy-deb-src.sources
src=
for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	[ "$f" = "$out" ] && continue
	if grep -qi '^URIs:.*debian' "$f"; then src=$f; break; fi
done
[ -n "$src" ] || { echo "apt-sources: no Debian deb822 entry under /etc/apt/sources.list.d" >&2; exit 1; }
# Rewrite each stanza: Types -> deb-src, Suites -> the requested suites
# (with -updates / -security variants following the stanza's own kind).
awk -v suites="$*" '
function emit_suites(kind,   n, i, s, a) {
	n = split(suites, a, " "); s = ""
	for (i = 1; i <= n; i++) {
		if (kind == "security") s = s " " a[i] "-security"
		else s = s " " a[i] " " a[i] "-updates"
	}
	print "Suites:" s
}
/^[Tt]ypes:/ { print "Types: deb-src"; next }
/^URIs:/ { uri = $0; kind = ($0 ~ /security/) ? "security" : "main"; print; next }
/^Suites:/ { emit_suites(kind); next }
/^#/ { next }
{ print }
' "$src" > "$out.tmp"
mv "$out.tmp" "$out"
echo "apt-sources: wrote $out from $src" >&2
