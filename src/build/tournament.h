/* tournament.h - `--cc A,B,...`: one build per compiler, compared with
 * optpy bench; the faster one is kept only when its interval is above 1.0,
 * else the first. */
#ifndef OPTPY_TOURNAMENT_H
#define OPTPY_TOURNAMENT_H

#include "phase.h"

/* One candidate's speed against the base (base time / its time). */
struct contender {
	const char *cc;            /* the compiler as given */
	char *failed;              /* why its build failed (it is out), malloc'd; NULL when it is in */
	double ratio, lo, hi;      /* geometric mean and its 95% interval; 0 when not measured */
};

/* The index of the winner among n and why, in words (malloc'd): the base
 * is the first candidate still in; the fastest other one whose interval
 * lies above 1.0 wins, else the base; -1 when none is in. */
int tournament_pick(const struct contender *c, int n, char **why);
/* Build with each compiler in o->cc (comma-separated) below o->build_dir,
 * compare, keep the winner; returns the exit status.  A build that fails
 * in a phase (exit 9: it does not build, or its interpreter fails verify)
 * puts that compiler out, with a warning; any other failure, or every
 * build failing, ends the tournament.  o->bench_runs and o->bench_only
 * are optpy bench's --runs and --only. */
int tournament_main(struct build_opts *o);

#endif
