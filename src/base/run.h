/* run.h - the one subprocess API: argv (never a shell string), environment
 * edits, working directory, output to a log or a buffer, time limits, and
 * process-group kill on timeout or interruption.
 *
 * The caller's steps:
 *   1. fill a zeroed struct run: argv (required), and any of base_env, env, cwd,
 *      log, out, quiet, timeout, mem_limit, tick;
 *   2. run_cmd() (or run_start() + run_wait(), or several in run_pool());
 *   3. read exit_code, and run_describe() for a message when it is not 0.
 *
 * Ownership: argv, base_env, env, cwd and log stay the caller's and must live until
 * the run is collected; `out` is the caller's strbuf, appended to.
 *
 * Return values, one contract: run_start() returns 0 when the child runs
 * and -1 when it could not be started (exit_code RUN_NOEXEC, exec_errno
 * and start_what say why); run_wait(), run_cmd() and run_capture() return
 * exit_code: 0-255 from the child, 128+N when signal N killed it,
 * RUN_TIMEOUT when the time limit did, RUN_NOEXEC when it never started.
 * Nothing here exits or prints.
 *
 * Every child gets its own process group (killed as a whole on timeout or
 * interruption) and dies with optpy (PR_SET_PDEATHSIG).  After
 * run_install_signals(), optpy is also the reaper of its children's
 * orphans, so a grandchild that left its group with setsid() is found and
 * killed when its own run ends. */
#ifndef OPTPY_RUN_H
#define OPTPY_RUN_H

#include <signal.h>
#include <sys/types.h>
#include "strbuf.h"

enum {
	RUN_TIMEOUT = 124,  /* exit_code when the time limit killed it */
	RUN_NOEXEC = 127    /* exit_code when the program could not be started */
};

struct run {
	char *const *argv;   /* program and arguments; argv[0] is looked up on PATH */
	struct run_ctx *ctx; /* the client's context it counts in, NULL for the process's default one */
	char *const *base_env; /* the whole environment to start from (env.h), NULL for optpy's own */
	char *const *env;    /* edits on it: "K=V" sets, "K" unsets; NULL keeps it as it is */
	const char *cwd;     /* working directory, NULL for optpy's */
	const char *log;     /* append stdout+stderr here (opened without following links) */
	struct strbuf *out;  /* capture stdout+stderr here (also copied to log) */
	int quiet;           /* without log/out: send output to /dev/null */
	double timeout;      /* seconds of wall time, 0 for none */
	long long mem_limit; /* bytes of address space (RLIMIT_AS), 0 for none */
	long long file_limit; /* bytes any file it writes (its log too) may reach (RLIMIT_FSIZE), 0 for none */
	void (*tick)(void *);/* called now and then while waiting */
	void *tick_arg;      /* tick's argument */

	pid_t pid;           /* the child (its process group too) while it runs, else 0 */
	int exit_code;       /* 0..255; 128+signal; RUN_TIMEOUT; RUN_NOEXEC */
	int signo;           /* the signal that killed it, 0 if none */
	int timed_out;       /* 1 when the time limit stopped it */
	int at_deadline;     /* 1 when run_pool's deadline did (or kept it from starting: started 0) */
	int exec_errno;      /* errno when it could not be started */
	const char *start_what; /* the step that failed to start it ("exec", "fork"...) */
	double started;      /* now() when it started, seconds */
	double elapsed;      /* seconds from start to collection */
	int capfd;           /* temporary file capturing output, -1 when none */
};

/* A client's children (a build has one): where their captured output is
 * buffered and who is told when one starts or ends.  Two builds in one
 * process each keep their own.  What a process has only one of stays the
 * process's: the signal handlers (run_interrupted) and the reaping of
 * orphaned descendants, for which run.c also keeps every context's children
 * in one list (an orphan is reaped, a child of any context is not). */
struct run_ctx {
	const char *tmpdir;    /* captured output is buffered here; NULL: $TMPDIR, else /tmp */
	void (*hook)(const pid_t *pgids, int n, void *arg); /* told this context's running children, or NULL */
	void *hook_arg;        /* hook's argument */
	pid_t *active;         /* this context's children running now (run.c keeps it) */
	int nactive, cap;      /* children in active; room */
};
/* Free what the context holds (its children must have ended). */
void run_ctx_release(struct run_ctx *c);

/* Set by SIGINT/SIGTERM/SIGHUP once run_install_signals() was called. */
extern volatile sig_atomic_t run_interrupted;
/* Catch SIGINT/SIGTERM/SIGHUP into run_interrupted, and become the reaper
 * of orphaned descendants. */
void run_install_signals(void);

int run_start(struct run *r);
int run_wait(struct run *r);
/* start + wait; returns exit_code */
int run_cmd(struct run *r);
/* Run n commands with at most jobs at a time; returns how many failed.
 * deadline (a now() value, 0 for none) bounds the whole pool: past it,
 * what runs is stopped and what has not started is not, both as timed out
 * and at_deadline.
 */
int run_pool(struct run *rs, int n, int jobs, double deadline);
/* Convenience: run argv (from base_env, NULL for optpy's own environment),
 * capture output into out; returns exit code. */
int run_capture(struct run_ctx *ctx, char *const *argv, char *const *base_env, struct strbuf *out,
		double timeout);
/* A readable one-line rendering of argv, for logs and reports. */
void run_format_argv(struct strbuf *sb, char *const *argv);
/* Why a run failed, in words ("exit status 2", "killed by signal 11",
 * "could not run make: No such file or directory"...). */
void run_describe(struct strbuf *sb, const struct run *r);
/* Stop (SIGKILL) the processes of the given process groups whose working
 * directory is below dir: what a killed optpy left running there.  Returns
 * how many it stopped. */
int run_kill_leftovers(const pid_t *pgids, int n, const char *dir);

#endif
