/* run.h - the one subprocess API: argv (never a shell string), environment
 * edits, working directory, output to a log or a buffer, time limit, and
 * process-group kill on timeout or interruption. */
#ifndef OPTPY_RUN_H
#define OPTPY_RUN_H

#include <sys/types.h>
#include "strbuf.h"

enum {
	RUN_TIMEOUT = 124,  /* exit_code when the time limit killed it */
	RUN_NOEXEC = 127    /* exit_code when the program could not be started */
};

struct run {
	char *const *argv;
	char *const *env;    /* "K=V" sets, "K" unsets; applied to environ */
	const char *cwd;
	const char *log;     /* append stdout+stderr here */
	struct strbuf *out;  /* capture stdout+stderr here (also copied to log) */
	int quiet;           /* without log/out: send output to /dev/null */
	double timeout;      /* seconds, 0 for none */
	long long mem_limit; /* bytes of address space (RLIMIT_AS), 0 for none */
	void (*tick)(void *);/* called now and then while waiting */
	void *tick_arg;

	pid_t pid;
	int exit_code;       /* 0..255; 128+signal; RUN_TIMEOUT; RUN_NOEXEC */
	int signo;
	int timed_out;
	int exec_errno;
	double started, elapsed;
	int capfd;
};

/* Set by SIGINT/SIGTERM once run_install_signals() was called. */
extern volatile int run_interrupted;
void run_install_signals(void);

int run_start(struct run *r);
int run_wait(struct run *r);
/* start + wait; returns exit_code */
int run_cmd(struct run *r);
/* Run n commands with at most jobs at a time; returns how many failed.
 * deadline (a now() value, 0 for none) bounds the whole pool: past it,
 * what runs is stopped and what has not started is not, both as timed out. */
int run_pool(struct run *rs, int n, int jobs, double deadline);
/* Convenience: run argv, capture output into out; returns exit code. */
int run_capture(char *const *argv, struct strbuf *out, double timeout);
/* A readable one-line rendering of argv, for logs and reports. */
void run_format_argv(struct strbuf *sb, char *const *argv);
/* Why a run failed, in words ("exit status 2", "killed by signal 11"...). */
void run_describe(struct strbuf *sb, const struct run *r);

#endif
