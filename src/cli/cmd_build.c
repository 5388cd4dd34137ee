/* cmd_build.c - `optpy build`: the options (options.c's table) parsed and
 * checked before anything is written, then the pipeline (driver.c) or a
 * tournament. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "driver.h"
#include "options.h"
#include "strbuf.h"
#include "tournament.h"

static const char usage_head[] =
	"usage: optpy build --source DIR|TARBALL [--build-dir DIR] [OPTIONS] [-- CONFIGURE ARGS]\n"
	"Build an optimized CPython: inspect, configure, instrument, train, merge,\n"
	"optimize, bolt, verify, install.  Re-running the same command resumes at the first\n"
	"unfinished phase; --from PHASE redoes from there.\n";
static const char usage_tail[] =
	"Configure's --enable-optimizations, --with-lto[=MODE], --enable-bolt and\n"
	"PROFILE_TASK=... after `--` are taken as --pgo, --lto, --bolt and the training;\n"
	"DEB_BUILD_OPTIONS nopgo, nolto and noopt as --pgo off, --lto off, all off.\n"
	"Writes BUILD/report.json and BUILD/logs/PHASE.log.\n";

static void print_usage(FILE *f)
{
	struct strbuf sb = STRBUF_INIT;

	build_options_usage(&sb);
	fprintf(f, "%s%s%s", usage_head, sb_str(&sb), usage_tail);
	sb_release(&sb);
}

int cmd_build(int argc, char **argv)
{
	struct build *b = xcalloc(1, sizeof(*b));
	struct err e = { 0 };
	int rc;

	build_opts_init(&b->o);
	b->o.msg.fn = cli_msg;
	if ((rc = build_opts_parse(&b->o, argc, argv, &e))) {
		fprintf(stderr, "optpy: error: %s\n", e.msg);
		if (e.show_usage)
			print_usage(stderr);
		return rc;
	}
	if (b->o.help) {
		print_usage(stdout);
		return EXIT_OK;
	}
	if ((rc = build_opts_check(&b->o, &e))) {
		fprintf(stderr, "optpy: error: %s\n", e.msg);
		return rc;
	}
	if (b->o.cc && strchr(b->o.cc, ','))
		return tournament_main(&b->o);
	rc = build_main(b);
	cli_step_summary(b->bdir ? b->bdir : b->o.build_dir);
	return rc;
}
