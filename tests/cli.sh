#!/bin/sh
# cli.sh - the command line: help, version, usage errors and exit statuses.
. "${srcdir:-.}/tests/lib.sh"

expect_status 0 "--help" -- "$OPTPY" --help
expect_in "detect" "--help lists detect"
expect_in "build" "--help lists build"
expect_status 0 "--version" -- "$OPTPY" --version
expect_in "^optpy [0-9]+\.[0-9]+" "--version prints a version"
expect_status 2 "no command" -- "$OPTPY"
expect_status 2 "unknown command" -- "$OPTPY" frobnicate
expect_in "unknown command 'frobnicate'" "names the unknown command"
expect_status 2 "unknown --lto mode" -- "$OPTPY" detect --lto=fast
expect_in "unknown mode 'fast'" "names the bad mode"
expect_status 2 "unknown option" -- "$OPTPY" detect --frob
expect_status 0 "detect --help" -- "$OPTPY" detect --help
expect_in "LLVM_PROFDATA" "detect --help documents the environment"
# every command's help is printed as it is written: no printf escapes left
for c in detect build bench profile report; do
	expect_status 0 "$c --help" -- "$OPTPY" $c --help
	expect_not_in "%%" "$c --help: no doubled %"
done
# the option table, the usage, the man page and the README cannot drift:
# every long option of build's table is in all three
src=${srcdir:-.}
names=$(sed -n '/^const struct build_option build_options\[\] = {/,/^};/p' "$src/src/pipeline/options.c" | sed -n 's/^\t\(OPT\|REC\)("\([a-z-]*\)",.*/\2/p')
[ -n "$names" ] && ok "build's option table read ($(echo $names | wc -w) options)" || fail "no option table found"
"$OPTPY" build --help > "$T_TMP/usage" 2>&1
before=$T_FAIL
for n in $names; do
	[ "$n" = help ] && continue
	grep -q -- "--$n" "$T_TMP/usage" || fail "--$n missing from build --help"
	grep -Fq -- "$(printf '%s' "--$n" | sed 's/-/\\-/g')" "$src/optpy.1" || fail "--$n missing from optpy.1"
	grep -q -- "--$n" "$src/README.md" || fail "--$n missing from README.md"
done
[ "$T_FAIL" = "$before" ] && ok "every build option is in build --help, optpy.1 and README.md"
# and every environment variable the table reads is in the usage and the man page
envs=$(sed -n 's/^\t\(REC\)\{0,1\}ENV("\([A-Z_]*\)",.*/\2/p' "$src/src/pipeline/options.c")
[ -n "$envs" ] && ok "the table's environment rows read ($(echo $envs | wc -w))" || fail "no environment rows found"
before=$T_FAIL
for v in $envs; do
	grep -q -- "$v" "$T_TMP/usage" || fail "$v missing from build --help"
	grep -Fq -- "$v" "$src/optpy.1" || fail "$v missing from optpy.1"
done
[ "$T_FAIL" = "$before" ] && ok "every environment row is in build --help and optpy.1"
finish
