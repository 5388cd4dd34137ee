/* profile.h - training profiles: a JSON manifest of tasks, each a command
 * (argv with placeholders) with a time limit, run in parallel where allowed. */
#ifndef OPTPY_PROFILE_H
#define OPTPY_PROFILE_H

#include "util.h"

struct task {
	char *name;            /* one safe path component (profile_name_ok) */
	struct strvec argv;    /* may hold {python} {dir} {srcdir} {jobs} */
	double timeout;        /* seconds */
	long memory_mb;        /* address-space limit in MiB */
	int parallel;          /* may run beside other tasks */
	double expect;         /* wall time an earlier run of it took, seconds (0: not known) */
	/* results */
	int exit_code;         /* run.h's exit_code */
	int timed_out, signo;  /* stopped by its time limit; the signal that killed it */
	double seconds;        /* wall time */
	char *why;             /* what went wrong in words, NULL when it passed */
};

struct profile {
	char *name;            /* the manifest's "name" (a safe path component) */
	char *description;     /* the manifest's "description" */
	char *path, *dir;      /* the manifest file and its directory ({dir}) */
	double timeout;        /* default per task, seconds */
	long memory_mb;        /* default per task, MiB */
	struct task *tasks;    /* in manifest order */
	int ntasks;
};

/* Can s name a task or profile (it becomes a path component)? */
int profile_name_ok(const char *s);

/* NAME is looked up as DATADIR/profiles/NAME.json; anything with a '/' or
 * ending in .json is a file (a regular one).  Every key is checked: an
 * unknown key or a value of the wrong type is an error naming the key and
 * the file.  NULL on success, else a message (malloc'd). */
char *profile_load(const char *name_or_file, struct profile *p);
void profile_free(struct profile *p);
/* What the training is, as a hex SHA-256 (malloc'd): the manifest's bytes
 * and those of every file a task's argument names below {dir} (its
 * scripts), so that an edited task script is a changed training. */
char *profile_fingerprint(const struct profile *p);
/* The training a build uses: a stock-style PROFILE_TASK (its words run by
 * the interpreter, as one task) when task is set, else profile_load(). */
char *profile_load_spec(const char *profile, const char *task, struct profile *p);
/* The directory holding optpy's shared data ($OPTPY_DATADIR or the
 * installed pkgdatadir). */
const char *datadir(void);

/* What a task's log (or any file it writes) may grow to: a task printing
 * without end is stopped there, and counts as failed. */
#define TASK_FILE_LIMIT (128LL << 20)

struct profile_run {
	const char *python;
	const char *srcdir;
	const char *workdir;   /* each task runs in workdir/NAME */
	const char *logdir;    /* each task logs to logdir/NAME.log */
	struct run_ctx *runs;  /* the client's children context (run.h), NULL: the default */
	char *const *base_env; /* the environment the tasks start from (run.h), NULL: optpy's */
	char *const *env;      /* edits on it */
	int jobs;
	double deadline_at;    /* now() value ending the whole run (0: none) */
};
/* Run every task; returns how many failed (crash, timeout, non-zero).
 * The parallel tasks start longest expected first (those not known after,
 * in manifest order), so that a long one does not start last and run
 * alone; then the others, one at a time, in manifest order. */
int profile_run(struct profile *p, const struct profile_run *r);

#endif
