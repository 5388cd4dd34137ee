/* bench.c - optpy's benchmark programs, interleaved (see bench.h). */
#define _GNU_SOURCE
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "err.h"
#include "json.h"
#include "report_page.h"
#include "run.h"
#include "strbuf.h"
#include "util.h"

/* The interpreter runs and says its version; 0 or EXIT_BAD_PYTHON. */
static int check_python(struct bench_interp *p, struct err *e)
{
	struct strbuf out = STRBUF_INIT, t = STRBUF_INIT;
	char *argv[] = { (char *)p->path, "-c",
			 "import sys; print('OPTPY-PY %d.%d.%d' % sys.version_info[:3])", NULL };
	const char *tag;
	int rc;

	if (!is_exec(p->path))
		return err_set(e, EXIT_BAD_PYTHON, "interpreter %s: %s\n  fix: give the path of a python "
			       "executable", p->path, is_file(p->path) ? "not executable" : "no such file");
	rc = run_capture(NULL, argv, NULL, &out, 60);
	tag = strstr(sb_str(&out), "OPTPY-PY ");
	if (rc != 0 || !tag) {
		sb_tail_lines(&t, sb_str(&out), 2);
		rc = err_set(e, EXIT_BAD_PYTHON, "%s is not a working Python interpreter (exit %d%s%s)\n"
			     "  fix: give the path of a python executable", p->path, rc, t.len ? ": " : "",
			     sb_str(&t));
	} else {
		snprintf(p->version, sizeof(p->version), "%.*s", (int)strcspn(tag + 9, "\n"), tag + 9);
		rc = 0;
	}
	sb_release(&t);
	sb_release(&out);
	return rc;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct bench_prog *)a)->name, ((const struct bench_prog *)b)->name);
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

/* The programs in dir ("_name.py" files are helpers, not benchmarks). */
static int find_progs(const struct bench_opts *o, struct bench_result *r, struct err *e)
{
	DIR *d = opendir(o->dir);
	struct dirent *ent;
	int cap = 0;

	if (!d)
		return err_set(e, EXIT_USAGE, "no benchmark directory %s\n  fix: --bench-dir DIR or "
			       "OPTPY_DATADIR", o->dir);
	while ((ent = readdir(d))) {
		char *name;

		if (!endswith(ent->d_name, ".py") || ent->d_name[0] == '.' || ent->d_name[0] == '_')
			continue;
		name = xstrndup(ent->d_name, strlen(ent->d_name) - 3);
		if (!selected(o->only, name)) {
			free(name);
			continue;
		}
		if (r->nb == cap) {
			cap = cap ? cap * 2 : 16;
			r->bs = xrealloc(r->bs, (size_t)cap * sizeof(*r->bs));
		}
		memset(&r->bs[r->nb], 0, sizeof(*r->bs));
		r->bs[r->nb].name = name;
		r->bs[r->nb].file = path_join(o->dir, ent->d_name);
		r->nb++;
	}
	closedir(d);
	if (!r->nb)
		return err_set(e, EXIT_USAGE, "no benchmarks%s in %s", o->only ? " matching --only" : "",
			       o->dir);
	qsort(r->bs, (size_t)r->nb, sizeof(*r->bs), by_name);
	return 0;
}

/* One program under one interpreter: its seconds, or NAN with *why set. */
static double run_one(const char *python, const char *file, char **why)
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
	if (!(secs > 0)) {
		struct strbuf w = STRBUF_INIT;

		if (r.exit_code == 0 && !r.signo && !r.timed_out)
			sb_adds(&w, "no time printed");
		else
			run_describe(&w, &r);
		*why = xasprintf("%s under %s: %s", file, python, sb_str(&w));
		sb_release(&w);
		secs = NAN;
	}
	sb_release(&out);
	return secs;
}

/* Speed ratios base/candidate per run, for one program. */
static void ratios_of(const struct bench_result *r, int b, int c, double *out)
{
	const double *s = r->bs[b].secs;

	for (int k = 0; k < r->runs; k++)
		out[k] = s[k] / s[c * r->runs + k];
}

void bench_speed(const struct bench_result *r, int b, int c, struct interval *out)
{
	double *rat = xmalloc((size_t)r->runs * sizeof(double));

	ratios_of(r, b, c, rat);
	st_geo_ci(rat, r->runs, out);
	free(rat);
}

/* Geometric mean over programs, one value per run; interval over runs. */
static void geometric_means(struct bench_result *r)
{
	double *rat = xmalloc((size_t)r->runs * sizeof(double));
	double *per_run = xmalloc((size_t)r->runs * sizeof(double));

	r->geo = xcalloc((size_t)r->ni, sizeof(*r->geo));
	for (int c = 1; c < r->ni; c++) {
		int used = 0;

		for (int k = 0; k < r->runs; k++)
			per_run[k] = 0;
		for (int b = 0; b < r->nb; b++) {
			if (r->bs[b].failed)
				continue;
			ratios_of(r, b, c, rat);
			for (int k = 0; k < r->runs; k++)
				per_run[k] += log(rat[k]);
			used++;
		}
		for (int k = 0; k < r->runs; k++)
			per_run[k] = exp(used ? per_run[k] / used : 0);
		st_geo_ci(per_run, r->runs, &r->geo[c]);
	}
	free(rat);
	free(per_run);
}

int bench_run(const struct bench_opts *o, char *const *pythons, int n, struct bench_result *r,
	      struct err *e)
{
	int rc;

	memset(r, 0, sizeof(*r));
	if (n < 2)
		BUG("bench_run needs a base and a candidate (%d interpreters)", n);
	r->ni = n;
	r->runs = o->runs;
	r->ip = xcalloc((size_t)n, sizeof(*r->ip));
	for (int i = 0; i < n; i++) {
		r->ip[i].path = pythons[i];
		if ((rc = check_python(&r->ip[i], e)))
			return rc;
	}
	if ((rc = find_progs(o, r, e)))
		return rc;
	for (int b = 0; b < r->nb; b++)
		r->bs[b].secs = xcalloc((size_t)(n * r->runs), sizeof(double));
	for (int k = 0; k < r->runs; k++) {
		for (int b = 0; b < r->nb; b++) {
			for (int j = 0; j < n && !r->bs[b].failed; j++) {
				int i = (j + k) % n; /* rotate who goes first, run by run */
				double s = run_one(r->ip[i].path, r->bs[b].file, &r->bs[b].failed);

				if (run_interrupted)
					return err_set(e, EXIT_INTERRUPTED, "interrupted");
				if (r->bs[b].failed)
					r->failures++;
				else
					r->bs[b].secs[i * r->runs + k] = s;
			}
		}
		if (o->progress)
			o->progress(o->arg, k + 1, r->runs);
	}
	geometric_means(r);
	return 0;
}

char *bench_json(const struct bench_result *r)
{
	struct jw w = { 0 };
	char *text;

	jw_obj(&w, NULL);
	jw_int(&w, "runs", r->runs);
	jw_arr(&w, "interpreters");
	for (int i = 0; i < r->ni; i++) {
		jw_obj(&w, NULL);
		jw_str(&w, "path", r->ip[i].path);
		jw_str(&w, "version", r->ip[i].version);
		jw_end_obj(&w);
	}
	jw_end_arr(&w);
	jw_arr(&w, "benchmarks");
	for (int b = 0; b < r->nb; b++) {
		jw_obj(&w, NULL);
		jw_str(&w, "name", r->bs[b].name);
		jw_bool(&w, "failed", r->bs[b].failed != NULL);
		if (r->bs[b].failed) {
			jw_str(&w, "why", r->bs[b].failed);
		} else {
			jw_arr(&w, "median_seconds");
			for (int i = 0; i < r->ni; i++)
				jw_num(&w, NULL, st_median(&r->bs[b].secs[i * r->runs], r->runs));
			jw_end_arr(&w);
			jw_arr(&w, "speed");
			for (int c = 1; c < r->ni; c++) {
				struct interval iv;

				bench_speed(r, b, c, &iv);
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
	for (int c = 1; c < r->ni; c++) {
		jw_obj(&w, NULL);
		jw_str(&w, "candidate", r->ip[c].path);
		jw_num(&w, "ratio", r->geo[c].value);
		jw_num(&w, "ci_low", r->geo[c].lo);
		jw_num(&w, "ci_high", r->geo[c].hi);
		jw_end_obj(&w);
	}
	jw_end_arr(&w);
	jw_end_obj(&w);
	text = jw_text(&w);
	jw_free(&w);
	return text;
}

char *bench_svg(const struct bench_result *r)
{
	char *text = bench_json(r), *svg;
	json_t *v = js_parse(text, NULL);

	if (!v)
		BUG("bench_json wrote what js_parse cannot read");
	svg = speed_chart_svg(v);
	json_decref(v);
	free(text);
	return svg;
}

void bench_free(struct bench_result *r)
{
	for (int b = 0; b < r->nb; b++) {
		free(r->bs[b].name);
		free(r->bs[b].file);
		free(r->bs[b].secs);
		free(r->bs[b].failed);
	}
	free(r->bs);
	free(r->ip);
	free(r->geo);
	memset(r, 0, sizeof(*r));
}
