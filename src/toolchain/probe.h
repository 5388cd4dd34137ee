/* probe.h - small real builds in a private temporary directory that prove
 * (or disprove) that LTO and PGO work with this toolchain. */
#ifndef OPTPY_PROBE_H
#define OPTPY_PROBE_H

#include "toolchain.h"

/* seconds per probe command unless OPTPY_PROBE_TIMEOUT says, and its bound */
enum { PROBE_TIMEOUT_DEFAULT = 60, PROBE_TIMEOUT_MAX = 86400 };

struct probe_ctx {
	struct toolchain *tc;      /* what is probed */
	struct decision *d;        /* the PGO flags the PGO probe uses */
	char *dir;                 /* private temporary directory */
	double timeout;            /* seconds per probe command */
	struct probe_step *steps;  /* every probe run so far, in order */
	int nsteps, capsteps;      /* steps used, room for */
	int interrupted;           /* a probe command was stopped by SIGINT/SIGTERM */
	int timed_out;             /* probe commands stopped by the time limit */
};

/* Creates the directory; returns 0, or EXIT_TMPDIR with e set. */
int probe_begin(struct probe_ctx *p, struct toolchain *tc, struct decision *d, const char *tmpdir,
		double timeout, struct err *e);
/* Removes the directory; the steps stay (probe_take_steps). */
void probe_end(struct probe_ctx *p);
/* Hand the steps over (into the decision) and forget them. */
void probe_take_steps(struct probe_ctx *p, struct probe_step **steps, int *n);

/* LTO in `mode` with linker index lk (-1: the compiler's default linker).
 * 1 when it works; the step (with the reason on failure) is recorded. */
int probe_lto(struct probe_ctx *p, enum lto_mode mode, const char *const *ltoflags, int lk,
	      char **why);
/* PGO: instrument, run, merge, use. 1 when it works. */
int probe_pgo(struct probe_ctx *p, char **why, char **fix);

#endif
