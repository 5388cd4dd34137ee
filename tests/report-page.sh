#!/bin/sh
# report-page.sh - the report for people: report.html (one self-contained
# page with inline SVG), optpy report --html/--bench/--markdown, and what a
# build prints under GitHub Actions (groups, annotations, the job summary).
. "${srcdir:-.}/tests/lib.sh"
export TMPDIR="$T_TMP"
unset CC CFLAGS LDFLAGS AR LLVM_AR LLVM_PROFDATA CFLAGS_NODIST LDFLAGS_NODIST GITHUB_ACTIONS GITHUB_STEP_SUMMARY
B=$T_TMP/b

# a build under GitHub Actions: every phase a group, the summary appended
summary=$T_TMP/summary.md
echo "# earlier step" > "$summary"
OUT=$(GITHUB_ACTIONS=true GITHUB_STEP_SUMMARY=$summary "$OPTPY" build --source "$MINI" --build-dir "$B" \
	--profile "$MINI_PROFILE" --verify-tests none --cc gcc 2>&1)
[ $? = 0 ] && ok "build under GITHUB_ACTIONS (exit 0)" || fail "build failed: $(printf '%s' "$OUT" | tail -3)"
for p in inspect configure instrument train merge optimize verify; do
	printf '%s\n' "$OUT" | grep -qx "::group::optpy $p" || fail "no group for $p"
done
groups=$(printf '%s\n' "$OUT" | grep -c '^::group::')
ends=$(printf '%s\n' "$OUT" | grep -c '^::endgroup::')
[ "$groups" -ge 7 ] && [ "$groups" = "$ends" ] && ok "$groups phases grouped, each group closed" || fail "groups $groups, ends $ends"
head -n 1 "$summary" | grep -q "earlier step" && ok "the summary file is appended to, not replaced" || fail "summary replaced"
grep -q "^### optpy: CPython 3\.[0-9.]*: ok" "$summary" && ok "the job summary says what was built" || fail "summary: $(cat "$summary")"
grep -q "^| optimize | ok | " "$summary" && ok "the summary has the phase table" || fail "no phase table"
# elsewhere: none of it
OUT=$("$OPTPY" build --source "$MINI" --build-dir "$B" --profile "$MINI_PROFILE" --verify-tests none --cc gcc --from verify 2>&1)
expect_not_in "::group::" "no workflow commands outside GitHub Actions"
# a failure under GitHub Actions: an annotation, outside the group
OUT=$(GITHUB_ACTIONS=true "$OPTPY" build --source "$MINI" --build-dir "$T_TMP/f" --profile "$MINI_PROFILE" \
	--verify-tests none --cc gcc -- --fail 2>&1)
printf '%s\n' "$OUT" > "$T_TMP/f.out"
if grep -q '^::error title=optpy::' "$T_TMP/f.out"; then ok "a failure is an error annotation"; else fail "no ::error:: in: $(tail -5 "$T_TMP/f.out")"; fi
# the error annotation comes after the group was closed
awk '/^::group::/{open=1} /^::endgroup::/{open=0} /^::error/{print open; exit}' "$T_TMP/f.out" | grep -qx 0 &&
	ok "the annotation stands outside the group" || fail "the annotation is inside a group"

# report.html: written by the build, self-contained, the sections there
H=$B/report.html
[ -f "$H" ] && ok "the build wrote report.html" || fail "no report.html"
python3 - "$H" "$B/report.json" <<'PY' && ok "report.html: sections, one bar per phase, one per task, nothing fetched" || fail "report.html structure"
import html.parser, json, sys
page = open(sys.argv[1]).read()
rep = json.load(open(sys.argv[2]))
class P(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(); s.ids = set(); s.cls = {}; s.bad = []; s.stack = []
    def handle_starttag(s, tag, attrs):
        a = dict(attrs)
        if 'id' in a: s.ids.add(a['id'])
        if 'class' in a: s.cls[a['class']] = s.cls.get(a['class'], 0) + 1
        if tag in ('script', 'link', 'img', 'iframe') or 'src' in a or ('href' in a):
            s.bad.append(tag)
p = P(); p.feed(page)
want = {'summary', 'timeline', 'tasks', 'coverage', 'bolt', 'decisions'}
assert want <= p.ids, want - p.ids
assert p.cls.get('phase') == len(rep['phases']), (p.cls.get('phase'), len(rep['phases']))
assert p.cls.get('task') == len(rep['phases']['train']['tasks'])
assert not p.bad, p.bad
assert 'http://' not in page.replace('http://www.w3.org', '') and 'https://' not in page
assert '<svg' in page and page.count('<svg') == page.count('</svg>')
PY
# a hostile string from the report is escaped, never markup
cp -r "$B" "$T_TMP/h"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r["warnings"].append("<script>alert(1)</script> & \"x\""); json.dump(r, open(sys.argv[1], "w"))' "$T_TMP/h/report.json"
expect_status 0 "report --html" -- "$OPTPY" report --html "$T_TMP/h.html" "$T_TMP/h"
grep -q "<script>" "$T_TMP/h.html" && fail "a string from the report became markup" || ok "strings from the report are escaped"
grep -q "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;" "$T_TMP/h.html" && ok "and shown as text" || fail "escaped text missing"
# with the speed chart from optpy bench --json
cat > "$T_TMP/bench.json" <<'J'
{"runs": 5, "interpreters": [{"path": "/a/python", "version": "3.13.5"}, {"path": "/b/python", "version": "3.13.5"}],
 "benchmarks": [{"name": "nbody", "failed": false, "speed": [{"ratio": 1.05, "ci_low": 1.01, "ci_high": 1.09}]},
                {"name": "queens", "failed": false, "speed": [{"ratio": 0.97, "ci_low": 0.93, "ci_high": 1.01}]}],
 "geometric_mean": [{"candidate": "/b/python", "ratio": 1.01, "ci_low": 0.99, "ci_high": 1.03}]}
J
expect_status 0 "report --html --bench" -- "$OPTPY" report --html "$T_TMP/s.html" --bench "$T_TMP/bench.json" "$B"
n=$(grep -o 'class="speed"' "$T_TMP/s.html" | wc -l)
[ "$n" = 3 ] && ok "speed chart: two programs and the mean" || fail "speed bars $n"
grep -q 'id="speed"' "$B/report.html" && fail "a build's own page has a speed chart" || ok "no speed chart without bench figures"
echo '[1, 2]' > "$T_TMP/notbench.json"
expect_status 1 "a bench file that is not bench output" -- "$OPTPY" report --html "$T_TMP/x.html" --bench "$T_TMP/notbench.json" "$B"
expect_status 2 "--bench without --html" -- "$OPTPY" report --bench "$T_TMP/bench.json" "$B"
# --markdown
expect_status 0 "report --markdown" -- "$OPTPY" report --markdown "$B"
expect_in "^\| phase \| status \| seconds \|" "markdown: the phase table"
finish
