/* cmd_detect.c - `optpy detect`: the toolchain and the LTO/PGO decision. */
#include "config.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "err.h"
#include "json.h"
#include "run.h"
#include "toolchain.h"

static const char usage[] =
	"usage: optpy detect [--cc CC] [--lto MODE] [--json] [--tmpdir DIR]\n"
	"                    [--probe-timeout SECONDS] [--no-probe]\n"
	"Ask the compiler what it is, find the tools, and decide by real probes\n"
	"whether LTO (full, thin or off) and PGO can be used.\n"
	"  --cc CC            the compiler (default: $CC, else gcc, cc, clang)\n"
	"  --lto MODE         auto (default), full, thin or off; a forced mode that\n"
	"                     cannot work is refused (exit 7)\n"
	"  --json             machine-readable report on stdout\n"
	"  --tmpdir DIR       where the probes build (default: $TMPDIR or /tmp)\n"
	"  --probe-timeout S  time limit for each probe command (default 60)\n"
	"  --no-probe         report the toolchain only\n"
	"Honours CC, CFLAGS, LDFLAGS, AR, LLVM_AR, LLVM_PROFDATA.\n";

int cmd_detect(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cc", required_argument, NULL, 'c' },
		{ "lto", required_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "tmpdir", required_argument, NULL, 't' },
		{ "probe-timeout", required_argument, NULL, 'T' },
		{ "no-probe", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct detect_opts o = { 0 };
	struct toolchain tc;
	struct decision d;
	struct err e = { 0 };
	enum lto_mode want = LTO_AUTO;
	int json = 0, c;
	double t0 = now();
	const char *env_to = getenv("OPTPY_PROBE_TIMEOUT");

	o.probe_timeout = 60;
	if (env_to && num_positive(env_to, 86400, &o.probe_timeout) < 0)
		die(EXIT_USAGE, "OPTPY_PROBE_TIMEOUT='%s' is not a plain number of seconds above 0 and at most 86400 (e.g. 120)", env_to);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		cli_check_arg(opts, c, optarg);
		switch (c) {
		case 'c': o.cc = optarg; break;
		case 'l':
			if (lto_parse(optarg, &want) < 0)
				die(EXIT_USAGE, "--lto: unknown mode '%s' (use auto, full, thin or off)", optarg);
			break;
		case 'j': json = 1; break;
		case 't': o.tmpdir = optarg; break;
		case 'T':
			if (num_positive(optarg, 86400, &o.probe_timeout) < 0)
				die(EXIT_USAGE, "--probe-timeout: '%s' is not a number of seconds above 0", optarg);
			break;
		case 'n': o.no_probe = 1; break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		default: fputs(usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc)
		die(EXIT_USAGE, "detect: unexpected argument '%s'\n%s", argv[optind], usage);
	run_install_signals();
	if (detect_toolchain(&tc, &o, &e) || decide(&d, &tc, want, &o, &e))
		die(e.status, "%s", e.msg);
	if (json) {
		struct jw w = { 0 };

		jw_obj(&w, NULL);
		jw_str(&w, "optpy", PACKAGE_VERSION);
		detect_report_json(&w, &tc, &d);
		jw_num(&w, "seconds", now() - t0);
		jw_end_obj(&w);
		char *text = jw_text(&w);

		fputs(text, stdout);
		free(text);
		jw_free(&w);
	} else {
		struct strbuf sb = STRBUF_INIT;

		detect_report_text(&sb, &tc, &d);
		sb_addf(&sb, "detect took %.2f s\n", now() - t0);
		fputs(sb_str(&sb), stdout);
		sb_release(&sb);
	}
	fflush(stdout);
	if (d.refused)
		die(EXIT_LTO_REFUSED, "%s", d.refused);
	if (tc.family == CC_UNKNOWN)
		die(EXIT_UNKNOWN_CC, "'%s' is not a compiler optpy knows (no gcc, clang or icx "
		    "predefined macros)\n  fix: set CC / --cc to gcc or clang", tc.cc_string);
	return EXIT_OK;
}
