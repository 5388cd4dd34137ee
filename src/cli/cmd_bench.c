/* cmd_bench.c - `optpy bench`: the benchmark programs under several
 * interpreters (bench.c), printed as a table, JSON or an SVG chart. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "cli.h"
#include "profile.h"
#include "run.h"

static const char usage[] =
	"usage: optpy bench [--json] [--runs N] [--svg FILE] [--bench-dir DIR]\n"
	"                   [--only NAME,...] BASE_PYTHON CANDIDATE_PYTHON...\n"
	"Run optpy's benchmark programs under each interpreter, interleaved, and\n"
	"print how much faster each candidate is than BASE (ratio > 1: faster).\n"
	"  --runs N        rounds of every benchmark on every interpreter (default 5)\n"
	"  --json          machine-readable results on stdout\n"
	"  --svg FILE      also draw the ratios as an SVG chart\n"
	"  --bench-dir D   the benchmark programs (default: DATADIR/bench)\n"
	"  --only LIST     only these benchmarks (comma-separated names)\n";

static void progress(void *arg, int run, int runs)
{
	(void)arg;
	fprintf(stderr, "  run %d/%d done\n", run, runs);
}

static void print_table(const struct bench_result *r)
{
	printf("base: %s (%s)\n", r->ip[0].path, r->ip[0].version);
	for (int i = 1; i < r->ni; i++)
		printf("[%d]:  %s (%s)\n", i, r->ip[i].path, r->ip[i].version);
	printf("%-16s %10s", "benchmark", "base ms");
	for (int i = 1; i < r->ni; i++)
		printf("   [%d] ms %-22s", i, "  speed (95% CI)");
	putchar('\n');
	for (int b = 0; b < r->nb; b++) {
		printf("%-16s", r->bs[b].name);
		if (r->bs[b].failed) {
			puts(" failed");
			continue;
		}
		printf(" %10.1f", 1000 * st_median(r->bs[b].secs, r->runs));
		for (int c = 1; c < r->ni; c++) {
			struct interval iv;

			bench_speed(r, b, c, &iv);
			printf(" %7.1f ms %5.3fx (%.3f-%.3f)", 1000 * st_median(&r->bs[b].secs[c * r->runs], r->runs),
			       iv.value, iv.lo, iv.hi);
		}
		putchar('\n');
	}
	for (int c = 1; c < r->ni; c++)
		printf("geometric mean [%d]: %.3fx faster than base (95%% CI %.3f-%.3f, %d runs)\n", c,
		       r->geo[c].value, r->geo[c].lo, r->geo[c].hi, r->runs);
}

int cmd_bench(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "runs", required_argument, NULL, 'r' },
		{ "svg", required_argument, NULL, 's' },
		{ "bench-dir", required_argument, NULL, 'd' },
		{ "only", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bench_opts o = { NULL, NULL, 5, progress, NULL };
	struct bench_result r;
	struct err e = { 0 };
	const char *svg = NULL;
	char *dir = NULL;
	int json = 0, c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		long n;

		cli_check_arg(opts, "h", c, optarg);
		switch (c) {
		case 'j': json = 1; break;
		case 'r':
			if (num_whole(optarg, 1, 1000, &n) < 0)
				die(EXIT_USAGE, "--runs: '%s' is not a whole number from 1 to 1000", optarg);
			o.runs = (int)n;
			break;
		case 's': svg = optarg; break;
		case 'd': dir = xstrdup(optarg); break;
		case 'o': o.only = optarg; break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		default: fputs(usage, stderr); return EXIT_USAGE;
		}
	}
	if (argc - optind < 2)
		die(EXIT_USAGE, "bench needs a base interpreter and at least one candidate\n%s", usage);
	run_install_signals();
	o.dir = dir ? dir : (dir = xasprintf("%s/bench", datadir()));
	if (json)
		o.progress = NULL;
	else
		fprintf(stderr, "optpy bench: %d interpreters x %d runs, interleaved\n", argc - optind, o.runs);
	if ((rc = bench_run(&o, argv + optind, argc - optind, &r, &e)))
		die(rc, "%s", e.msg);
	for (int b = 0; b < r.nb; b++)
		if (r.bs[b].failed)
			warn("%s (left out)", r.bs[b].failed);
	if (json) {
		char *text = bench_json(&r);

		fputs(text, stdout);
		free(text);
	} else {
		print_table(&r);
	}
	if (svg) {
		char *text = bench_svg(&r);

		if (write_file(svg, text, strlen(text)) < 0)
			die(EXIT_FAIL, "cannot write %s", svg);
		free(text);
	}
	rc = r.failures ? EXIT_FAIL : EXIT_OK;
	bench_free(&r);
	free(dir);
	return rc;
}
