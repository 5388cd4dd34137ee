/* cmd_bench.c - `optpy bench`: the benchmark programs under several
 * interpreters (bench.c), printed as a table, JSON or an SVG chart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "cli.h"
#include "profile.h"
#include "run.h"

enum { O_RUNS, O_JSON, O_SVG, O_BENCH_DIR, O_ONLY, O_HELP, O_N };
static const struct arg_def bench_opts_tab[O_N] = {
	[O_RUNS] = { "runs", 0, "N", "rounds of every benchmark on every interpreter (default 5)" },
	[O_JSON] = { "json", 0, NULL, "machine-readable results on stdout" },
	[O_SVG] = { "svg", 0, "FILE", "also draw the ratios as an SVG chart" },
	[O_BENCH_DIR] = { "bench-dir", 0, "DIR", "the benchmark programs (default: DATADIR/bench)" },
	[O_ONLY] = { "only", 0, "LIST", "only these benchmarks (comma-separated names)" },
	[O_HELP] = { "help", 'h', NULL, "this text" },
};
static const struct cli_cmd bench_cmd = {
	"bench",
	"usage: optpy bench [--json] [--runs N] [--svg FILE] [--bench-dir DIR]\n"
	"                   [--only NAME,...] BASE_PYTHON CANDIDATE_PYTHON...\n"
	"Run optpy's benchmark programs under each interpreter, interleaved, and\n"
	"print how much faster each candidate is than BASE (ratio > 1: faster).\n",
	bench_opts_tab, O_N, NULL,
};

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
	struct bench_opts o = { NULL, NULL, 5, progress, NULL };
	struct bench_result r;
	struct err e = { 0 };
	const char *svg = NULL;
	char *dir = NULL;
	int json = 0, rc;
	struct args a;
	struct strvec pythons = { 0 };
	const char *val;
	size_t row;

	cli_args_init(&a, &bench_cmd, argc, argv);
	while ((rc = cli_next(&a, &bench_cmd, &row, &val)) != ARG_END) {
		long n;

		if (rc == ARG_OPERAND) {
			sv_push(&pythons, val);
			continue;
		}
		switch (row) {
		case O_JSON: json = 1; break;
		case O_RUNS:
			if (num_whole(val, 1, 1000, &n) < 0)
				die(EXIT_USAGE, "--runs: '%s' is not a whole number from 1 to 1000", val);
			o.runs = (int)n;
			break;
		case O_SVG: svg = val; break;
		case O_BENCH_DIR: dir = xstrdup(val); break;
		case O_ONLY: o.only = val; break;
		case O_HELP: cli_usage(stdout, &bench_cmd); return EXIT_OK;
		default: BUG("bench: option row %zu", row);
		}
	}
	if (pythons.n < 2)
		cli_usage_error(&bench_cmd, 1, "bench needs a base interpreter and at least one candidate");
	run_install_signals();
	o.dir = dir ? dir : (dir = xasprintf("%s/bench", datadir()));
	if (json)
		o.progress = NULL;
	else
		fprintf(stderr, "optpy bench: %d interpreters x %d runs, interleaved\n", (int)pythons.n, o.runs);
	if ((rc = bench_run(&o, pythons.v, (int)pythons.n, &r, &e)))
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
	sv_clear(&pythons);
	free(dir);
	return rc;
}
