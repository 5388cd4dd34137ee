/* main.c - `optpy COMMAND [OPTIONS]`: a thin CLI over the phases. */
#include "config.h"
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "util.h"

static const char usage[] =
	"usage: optpy [--help] [--version] COMMAND [OPTIONS]\n"
	"Build the fastest CPython this machine's toolchain can make.\n"
	"\n"
	"commands:\n"
	"  detect   the compiler, platform and tools; the LTO and PGO decision\n"
	"  build    instrument, train, merge and optimize a CPython source tree\n"
	"  report   print a build directory's report.json for a person\n"
	"  bench    compare interpreters on optpy's benchmark programs\n"
	"  profile  show a stored profile bundle (optpy profile show FILE)\n"
	"\n"
	"`optpy COMMAND --help` describes each.  Exit statuses: 0 ok, 1 internal\n"
	"error, 2 usage, 3 compiler missing, 4 unknown compiler, 5 bad CC/CFLAGS,\n"
	"6 temporary or build directory not writable or full, 7 --lto mode refused,\n"
	"8 bad source, 9 a build phase failed, 10 build directory locked, 11 bench:\n"
	"not a Python interpreter, 12 build directory refused (not optpy's, another\n"
	"user's, inside the source, a planted link, a path make cannot take), 13 PGO\n"
	"impossible with --pgo on, 14 BOLT impossible with --bolt on, 15 a profile\n"
	"bundle that does not fit, 130 interrupted.\n";

static const struct {
	const char *name;
	int (*fn)(int, char **);
} cmds[] = {
	{ "detect", cmd_detect },
	{ "build", cmd_build },
	{ "report", cmd_report },
	{ "bench", cmd_bench },
	{ "profile", cmd_profile },
};

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("optpy %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "optpy: unknown command '%s'\n%s", argv[1], usage);
	return EXIT_USAGE;
}
