/* plan.h - which phases a build runs: from the stamps, the object tree,
 * --from/--until and what changed since the last run.  Pure functions,
 * unit-tested on their own. */
#ifndef OPTPY_PLAN_H
#define OPTPY_PLAN_H

#include "phase.h"

struct strbuf;

struct plan_in {
	unsigned done;             /* bit p set: phase p's stamp exists */
	enum obj_state obj;        /* what the object tree holds */
	int from;                  /* --from PHASE, or -1 */
	int until;                 /* --until PHASE, or -1 */
	int install;               /* --install */
	int changed;               /* the first phase that changed options or source make stale, PH_N for none */
	int source_changed;        /* the source changed (redone without being asked) */
	int training_changed;      /* the training's files changed (likewise) */
};

struct plan {
	int start;                 /* the first phase to run */
	int last;                  /* the last phase to run (start > last: nothing to do) */
	int reset_optimizing;      /* an interrupted final build is redone from a clean tree */
	int refuse;                /* options that change code changed and no --from said to redo */
	struct strvec why;         /* each decision in words */
};

void plan_build(const struct plan_in *in, struct plan *p);
void plan_free(struct plan *p);

/* The first phase whose result differs between the old options text and
 * the new (build_options_record's: each key redoes the phase its row in
 * options.c names; PH_N when none; PH_INSPECT when old is missing or
 * unreadable),
 * with what changed appended to `what` ("lto: \"full\" -> \"off\""). */
int plan_first_changed(const char *old, const char *cur, struct strbuf *what);

#endif
