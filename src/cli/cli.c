/* cli.c - what the subcommands share. */
#include <string.h>

#include "cli.h"
#include "util.h"

void cli_check_arg(const struct option *opts, int c, const char *arg)
{
	const char *name = "?";

	if (!arg || arg[0] != '-' || !arg[1])
		return;
	for (const struct option *o = opts; o->name; o++)
		if (o->val == c)
			name = o->name;
	for (const struct option *o = opts; o->name; o++) {
		size_t n = strlen(o->name);

		if (!strncmp(arg, "--", 2) && !strncmp(arg + 2, o->name, n) && (arg[2 + n] == '\0' || arg[2 + n] == '='))
			die(EXIT_USAGE, "--%s needs a value, but the next word is the option '%s'\n"
			    "  fix: give --%s its value", name, arg, name);
	}
	if (strchr("qvhj", arg[1]) && (!arg[2] || arg[1] == 'j'))
		die(EXIT_USAGE, "--%s needs a value, but the next word is the option '%s'\n"
		    "  fix: give --%s its value", name, arg, name);
}
