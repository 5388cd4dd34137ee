/* cmd_bench.c - `optpy bench`: run optpy's benchmark programs (bench/,
 * separate from the training tasks) under several interpreters, interleaved
 * run by run so that drift on a noisy machine hits all of them alike, and
 * report per-benchmark speed ratios and their geometric mean with a 95%
 * interval.  Each program times its own work and prints "optpy-bench SECS". */
#define _GNU_SOURCE
#include <dirent.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"
#include "profile.h"
#include "run.h"
#include "stats.h"

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

struct interp {
	const char *path;
	char version[64];
};

struct bench {
	char *name, *file;
	double *secs;          /* [interp][run] */
	int failed;
};

static void check_python(struct interp *p)
{
	struct strbuf out = STRBUF_INIT;
	char *argv[] = { (char *)p->path, "-c",
			 "import sys; print('OPTPY-PY %d.%d.%d' % sys.version_info[:3])", NULL };
	const char *tag;
	int rc;

	if (!is_exec(p->path))
		die(EXIT_BAD_PYTHON, "interpreter %s: %s\n  fix: give the path of a python executable",
		    p->path, is_file(p->path) ? "not executable" : "no such file");
	rc = run_capture(argv, &out, 60);
	tag = strstr(sb_str(&out), "OPTPY-PY ");
	if (rc != 0 || !tag) {
		struct strbuf t = STRBUF_INIT;

		sb_tail_lines(&t, sb_str(&out), 2);
		die(EXIT_BAD_PYTHON, "%s is not a working Python interpreter (exit %d%s%s)\n"
		    "  fix: give the path of a python executable", p->path, rc, t.len ? ": " : "",
		    sb_str(&t));
	}
	snprintf(p->version, sizeof(p->version), "%.*s", (int)strcspn(tag + 9, "\n"), tag + 9);
	sb_release(&out);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct bench *)a)->name, ((const struct bench *)b)->name);
}

static int selected(const char *only, const char *name)
{
	size_t n = strlen(name);

	if (!only)
		return 1;
	for (const char *p = only; *p;) {
		size_t len = strcspn(p, ",");

		if (len == n && !strncmp(p, name, n))
			return 1;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

static struct bench *find_benches(const char *dir, const char *only, int *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct bench *b = NULL;
	int cap = 0;

	*n = 0;
	if (!d)
		die(EXIT_USAGE, "no benchmark directory %s\n  fix: --bench-dir DIR or OPTPY_DATADIR", dir);
	while ((e = readdir(d))) {
		/* "_name.py" files are helpers (the shared harness), not benchmarks */
		if (!endswith(e->d_name, ".py") || e->d_name[0] == '.' || e->d_name[0] == '_')
			continue;
		char *name = xstrndup(e->d_name, strlen(e->d_name) - 3);

		if (!selected(only, name)) {
			free(name);
			continue;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			b = xrealloc(b, (size_t)cap * sizeof(*b));
		}
		memset(&b[*n], 0, sizeof(*b));
		b[*n].name = name;
		b[*n].file = path_join(dir, e->d_name);
		(*n)++;
	}
	closedir(d);
	if (!*n)
		die(EXIT_USAGE, "no benchmarks%s in %s", only ? " matching --only" : "", dir);
	qsort(b, (size_t)*n, sizeof(*b), by_name);
	return b;
}

static double run_one(const char *python, const char *file, char **err)
{
	struct strbuf out = STRBUF_INIT;
	char *argv[] = { (char *)python, (char *)file, NULL };
	char *env[] = { "PYTHONHASHSEED=0", "PYTHONDONTWRITEBYTECODE=1", NULL };
	struct run r = { 0 };
	const char *tag;
	double secs = NAN;

	r.argv = argv;
	r.env = env;
	r.out = &out;
	r.timeout = 600;
	run_cmd(&r);
	tag = strstr(sb_str(&out), "optpy-bench ");
	if (r.exit_code == 0 && tag)
		secs = atof(tag + 12);
	else {
		struct strbuf why = STRBUF_INIT;

		run_describe(&why, &r);
		*err = xasprintf("%s under %s: %s", file, python, sb_str(&why));
		sb_release(&why);
	}
	sb_release(&out);
	return secs;
}

/* Speed ratios base/candidate per run, for one benchmark. */
static void ratios_of(const struct bench *b, int runs, int cand, double *out)
{
	for (int r = 0; r < runs; r++)
		out[r] = b->secs[r] / b->secs[cand * runs + r];
}

static void write_svg(const char *path, struct bench *bs, int nb, int ni, int runs, struct interp *ip,
		      const struct interval *geo)
{
	struct strbuf s = STRBUF_INIT;
	double *rat = xmalloc((size_t)runs * sizeof(double));
	double maxr = 1.2, minr = 0.8;
	int rowh = 18, left = 150, width = 460, top = 40;
	int rows = (nb + 1) * (ni - 1);
	int height = top + rows * rowh + (nb + 1) * 6 + 30 + ni * 16;
	static const char *const colors[] = { "#3b7dd8", "#d8873b", "#3bb07a", "#b03b8c", "#777777" };

	for (int b = 0; b < nb; b++)
		for (int c = 1; c < ni; c++) {
			struct interval iv;

			if (bs[b].failed)
				continue;
			ratios_of(&bs[b], runs, c, rat);
			st_geo_ci(rat, runs, &iv);
			maxr = fmax(maxr, iv.hi);
			minr = fmin(minr, iv.lo);
		}
	maxr += 0.05;
	minr = fmax(0, minr - 0.05);
#define XPOS(v) (left + (int)(((v) - minr) / (maxr - minr) * width))
	sb_addf(&s, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"font-family=\"sans-serif\" font-size=\"12\">\n", left + width + 40, height);
	sb_addf(&s, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
	sb_addf(&s, "<text x=\"10\" y=\"20\" font-size=\"14\">Speed vs base %s (%s); &gt;1 is faster, "
		"%d runs, 95%% interval</text>\n", ip[0].path, ip[0].version, runs);
	int y = top;

	for (int b = 0; b <= nb; b++) {
		const char *label = b < nb ? bs[b].name : "geometric mean";

		for (int c = 1; c < ni; c++) {
			struct interval iv;

			if (b < nb) {
				if (bs[b].failed)
					continue;
				ratios_of(&bs[b], runs, c, rat);
				st_geo_ci(rat, runs, &iv);
			} else {
				iv = geo[c];
			}
			if (c == 1)
				sb_addf(&s, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\"%s>%s</text>\n", left - 6,
					y + 13, b == nb ? " font-weight=\"bold\"" : "", label);
			int x0 = XPOS(fmin(1.0, iv.value)), x1 = XPOS(fmax(1.0, iv.value));

			sb_addf(&s, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n", x0, y + 2,
				x1 - x0 > 0 ? x1 - x0 : 1, rowh - 4, colors[(c - 1) % 5]);
			sb_addf(&s, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
				XPOS(iv.lo), XPOS(iv.hi), y + rowh / 2, y + rowh / 2);
			sb_addf(&s, "<text x=\"%d\" y=\"%d\">%.3f</text>\n", XPOS(fmax(iv.hi, 1.0)) + 4, y + 13, iv.value);
			y += rowh;
		}
		y += 6;
	}
	sb_addf(&s, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#444\" stroke-dasharray=\"4\"/>\n",
		XPOS(1.0), XPOS(1.0), top - 4, y);
	for (int c = 1; c < ni; c++)
		sb_addf(&s, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
			"<text x=\"%d\" y=\"%d\">[%d] %s (%s)</text>\n", 10, y + 8 + (c - 1) * 16, colors[(c - 1) % 5],
			26, y + 17 + (c - 1) * 16, c, ip[c].path, ip[c].version);
	sb_adds(&s, "</svg>\n");
#undef XPOS
	if (write_file(path, s.buf, s.len) < 0)
		die(EXIT_FAIL, "cannot write %s", path);
	sb_release(&s);
	free(rat);
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
	int json = 0, runs = 5, c, nb, ni, failures = 0;
	const char *svg = NULL, *only = NULL;
	char *dir = NULL;
	struct interp *ip;
	struct bench *bs;
	struct interval *geo;
	double *rat, *per_run;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		long n;

		cli_check_arg(opts, "h", c, optarg);
		switch (c) {
		case 'j': json = 1; break;
		case 'r':
			if (num_whole(optarg, 1, 1000, &n) < 0)
				die(EXIT_USAGE, "--runs: '%s' is not a whole number from 1 to 1000", optarg);
			runs = (int)n;
			break;
		case 's': svg = optarg; break;
		case 'd': dir = xstrdup(optarg); break;
		case 'o': only = optarg; break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		default: fputs(usage, stderr); return EXIT_USAGE;
		}
	}
	ni = argc - optind;
	if (ni < 2)
		die(EXIT_USAGE, "bench needs a base interpreter and at least one candidate\n%s", usage);
	run_install_signals();
	ip = xcalloc((size_t)ni, sizeof(*ip));
	for (int i = 0; i < ni; i++) {
		ip[i].path = argv[optind + i];
		check_python(&ip[i]);
	}
	if (!dir)
		dir = xasprintf("%s/bench", datadir());
	bs = find_benches(dir, only, &nb);
	for (int b = 0; b < nb; b++)
		bs[b].secs = xcalloc((size_t)(ni * runs), sizeof(double));
	if (!json)
		fprintf(stderr, "optpy bench: %d benchmarks x %d interpreters x %d runs, interleaved\n", nb, ni, runs);
	for (int r = 0; r < runs; r++) {
		for (int b = 0; b < nb; b++) {
			if (bs[b].failed)
				continue;
			for (int k = 0; k < ni; k++) {
				int i = (k + r) % ni; /* rotate who goes first, run by run */
				char *err = NULL;
				double s = run_one(ip[i].path, bs[b].file, &err);

				if (run_interrupted)
					die(EXIT_INTERRUPTED, "interrupted");
				if (err || !(s > 0)) {
					warn("%s", err ? err : "no time printed");
					free(err);
					bs[b].failed = 1;
					failures++;
					break;
				}
				bs[b].secs[i * runs + r] = s;
			}
		}
		if (!json && verbosity)
			fprintf(stderr, "  run %d/%d done\n", r + 1, runs);
	}
	/* geometric mean over benchmarks, one value per run; interval over runs */
	geo = xcalloc((size_t)ni, sizeof(*geo));
	rat = xmalloc((size_t)runs * sizeof(double));
	per_run = xmalloc((size_t)runs * sizeof(double));
	for (int ci = 1; ci < ni; ci++) {
		int used = 0;

		for (int r = 0; r < runs; r++)
			per_run[r] = 0;
		for (int b = 0; b < nb; b++) {
			if (bs[b].failed)
				continue;
			ratios_of(&bs[b], runs, ci, rat);
			for (int r = 0; r < runs; r++)
				per_run[r] += log(rat[r]);
			used++;
		}
		for (int r = 0; r < runs; r++)
			per_run[r] = exp(used ? per_run[r] / used : 0);
		st_geo_ci(per_run, runs, &geo[ci]);
	}
	if (json) {
		struct jw w = { 0 };

		jw_obj(&w, NULL);
		jw_int(&w, "runs", runs);
		jw_arr(&w, "interpreters");
		for (int i = 0; i < ni; i++) {
			jw_obj(&w, NULL);
			jw_str(&w, "path", ip[i].path);
			jw_str(&w, "version", ip[i].version);
			jw_end_obj(&w);
		}
		jw_end_arr(&w);
		jw_arr(&w, "benchmarks");
		for (int b = 0; b < nb; b++) {
			jw_obj(&w, NULL);
			jw_str(&w, "name", bs[b].name);
			jw_bool(&w, "failed", bs[b].failed);
			if (!bs[b].failed) {
				jw_arr(&w, "median_seconds");
				for (int i = 0; i < ni; i++)
					jw_num(&w, NULL, st_median(&bs[b].secs[i * runs], runs));
				jw_end_arr(&w);
				jw_arr(&w, "speed");
				for (int ci = 1; ci < ni; ci++) {
					struct interval iv;

					ratios_of(&bs[b], runs, ci, rat);
					st_geo_ci(rat, runs, &iv);
					jw_obj(&w, NULL);
					jw_num(&w, "ratio", iv.value);
					jw_num(&w, "ci_low", iv.lo);
					jw_num(&w, "ci_high", iv.hi);
					jw_end_obj(&w);
				}
				jw_end_arr(&w);
			}
			jw_end_obj(&w);
		}
		jw_end_arr(&w);
		jw_arr(&w, "geometric_mean");
		for (int ci = 1; ci < ni; ci++) {
			jw_obj(&w, NULL);
			jw_str(&w, "candidate", ip[ci].path);
			jw_num(&w, "ratio", geo[ci].value);
			jw_num(&w, "ci_low", geo[ci].lo);
			jw_num(&w, "ci_high", geo[ci].hi);
			jw_end_obj(&w);
		}
		jw_end_arr(&w);
		jw_end_obj(&w);
		char *text = jw_text(&w);

		fputs(text, stdout);
		free(text);
		jw_free(&w);
	} else {
		printf("base: %s (%s)\n", ip[0].path, ip[0].version);
		for (int i = 1; i < ni; i++)
			printf("[%d]:  %s (%s)\n", i, ip[i].path, ip[i].version);
		printf("%-16s %10s", "benchmark", "base ms");
		for (int i = 1; i < ni; i++)
			printf("   [%d] ms %-22s", i, "  speed (95% CI)");
		putchar('\n');
		for (int b = 0; b < nb; b++) {
			printf("%-16s", bs[b].name);
			if (bs[b].failed) {
				puts(" failed");
				continue;
			}
			printf(" %10.1f", 1000 * st_median(bs[b].secs, runs));
			for (int ci = 1; ci < ni; ci++) {
				struct interval iv;

				ratios_of(&bs[b], runs, ci, rat);
				st_geo_ci(rat, runs, &iv);
				printf(" %7.1f ms %5.3fx (%.3f-%.3f)", 1000 * st_median(&bs[b].secs[ci * runs], runs),
				       iv.value, iv.lo, iv.hi);
			}
			putchar('\n');
		}
		for (int ci = 1; ci < ni; ci++)
			printf("geometric mean [%d]: %.3fx faster than base (95%% CI %.3f-%.3f, %d runs)\n", ci,
			       geo[ci].value, geo[ci].lo, geo[ci].hi, runs);
	}
	if (svg)
		write_svg(svg, bs, nb, ni, runs, ip, geo);
	free(rat);
	free(per_run);
	return failures ? EXIT_FAIL : EXIT_OK;
}
