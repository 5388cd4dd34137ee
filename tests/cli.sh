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
finish
