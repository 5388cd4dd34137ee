/* bench.h - optpy's benchmark programs (bench/, separate from the training
 * tasks) under several interpreters, interleaved run by run so that drift
 * on a noisy machine hits all of them alike; per-benchmark speed ratios and
 * their geometric mean with a 95% interval.  Each program times its own
 * work and prints "optpy-bench SECS".  Library code: `optpy bench` and the
 * tournament both call it; nothing here prints. */
#ifndef OPTPY_BENCH_H
#define OPTPY_BENCH_H

#include "err.h"
#include "stats.h"

struct bench_interp {
	const char *path;          /* the interpreter as given */
	char version[64];          /* its sys.version_info, "3.13.5" */
};

struct bench_prog {
	char *name;                /* the program's name: bench/NAME.py */
	char *file;                /* its path */
	double *secs;              /* seconds, [interpreter * runs + run] */
	char *failed;              /* why it failed under some interpreter (it is left out), or NULL */
};

struct bench_opts {
	const char *dir;           /* the benchmark programs' directory */
	const char *only;          /* comma-separated names to run, or NULL for all */
	int runs;                  /* rounds of every program on every interpreter */
	/* called after each round (may be NULL): run done, of runs */
	void (*progress)(void *arg, int run, int runs);
	void *arg;                 /* the progress callback's argument */
};

struct bench_result {
	int ni;                    /* interpreters; [0] is the base */
	int nb;                    /* benchmark programs */
	int runs;                  /* rounds */
	struct bench_interp *ip;   /* [ni] */
	struct bench_prog *bs;     /* [nb], by name */
	struct interval *geo;      /* [ni]: candidate's speed vs the base, geometric mean over programs */
	int failures;              /* programs left out */
};

/* Run the programs under the n interpreters (n >= 2).  0 with r filled
 * (a program that failed is left out, with why), or EXIT_BAD_PYTHON (an
 * interpreter that does not run), EXIT_USAGE (no programs) or
 * EXIT_INTERRUPTED, with e set. */
int bench_run(const struct bench_opts *o, char *const *pythons, int n, struct bench_result *r,
	      struct err *e);
/* Candidate c's speed vs the base on program b (base time / its time). */
void bench_speed(const struct bench_result *r, int b, int c, struct interval *out);
/* The results as JSON text (malloc'd): runs, interpreters, benchmarks,
 * geometric_mean. */
char *bench_json(const struct bench_result *r);
/* The ratios as an SVG chart (malloc'd): one bar and interval per program
 * and candidate, and the geometric mean. */
char *bench_svg(const struct bench_result *r);
void bench_free(struct bench_result *r);

#endif
