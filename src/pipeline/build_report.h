/* build_report.h - BUILD/report.json: the toolchain and its decision, the
 * final flags, every finished phase's stamp, the failure if any, the
 * warnings and the exit status. */
#ifndef OPTPY_BUILD_REPORT_H
#define OPTPY_BUILD_REPORT_H

#include "phase.h"

struct report_status {
	const char *status;        /* "running", "ok", "partial", "failed", "interrupted" */
	int exit_status;           /* what optpy exits with */
	int failed_phase;          /* the phase that failed, -1 for none, PH_N for setup */
	double failed_seconds;     /* how long it ran before failing */
	const char *message;       /* why it failed (with the fix), or NULL */
	const char *log_tail;      /* the failed phase's last log lines, or NULL */
};

/* Write BUILD/report.json (atomically); 0, or -1 with errno. */
int build_report_write(struct build *b, const struct report_status *st);

#endif
