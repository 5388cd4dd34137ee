/* profile.h - training profiles: a JSON manifest of tasks, each a command
 * (argv with placeholders) with a time limit, run in parallel where allowed. */
#ifndef OPTPY_PROFILE_H
#define OPTPY_PROFILE_H

#include "util.h"

struct task {
	char *name;
	struct strvec argv;    /* may hold {python} {dir} {srcdir} {jobs} */
	double timeout;
	long memory_mb;        /* address-space limit, 0 for none */
	int parallel;
	/* results */
	int exit_code;
	int timed_out, signo;
	double seconds;
};

struct profile {
	char *name, *description, *path, *dir;
	double timeout;        /* default per task */
	long memory_mb;        /* default per task */
	struct task *tasks;
	int ntasks;
};

/* NAME is looked up as DATADIR/profiles/NAME.json; anything with a '/' or
 * ending in .json is a file.  NULL on success, else a message (malloc'd). */
char *profile_load(const char *name_or_file, struct profile *p);
void profile_free(struct profile *p);
/* The directory holding optpy's shared data ($OPTPY_DATADIR or the
 * installed pkgdatadir). */
const char *datadir(void);

struct profile_run {
	const char *python;
	const char *srcdir;
	const char *workdir;   /* each task runs in workdir/NAME */
	const char *logdir;    /* each task logs to logdir/NAME.log */
	char *const *env;
	int jobs;
	double deadline_at;    /* now() value ending the whole run (0: none) */
};
/* Run every task; returns how many failed (crash, timeout, non-zero). */
int profile_run(struct profile *p, const struct profile_run *r);

#endif
