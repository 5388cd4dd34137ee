/* probe.h - small real builds in a private temporary directory that prove
 * (or disprove) that LTO and PGO work with this toolchain. */
#ifndef OPTPY_PROBE_H
#define OPTPY_PROBE_H

#include "toolchain.h"

struct probe_ctx {
	struct toolchain *tc;
	struct decision *d;
	char *dir;             /* private temporary directory */
	double timeout;
	int serial;
};

/* Creates the directory or dies with EXIT_TMPDIR; removes it on cleanup. */
void probe_begin(struct probe_ctx *p, struct toolchain *tc, struct decision *d, const char *tmpdir,
		 double timeout);
void probe_end(struct probe_ctx *p);

/* LTO in `mode` with linker index lk (-1: the compiler's default linker).
 * 1 when it works; the step (with the reason on failure) is recorded. */
int probe_lto(struct probe_ctx *p, enum lto_mode mode, const char *const *ltoflags, int lk,
	      char **why);
/* PGO: instrument, run, merge, use. 1 when it works. */
int probe_pgo(struct probe_ctx *p, char **why, char **fix);

#endif
