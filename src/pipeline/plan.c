/* plan.c - which phases a build runs (see plan.h). */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "options.h"
#include "plan.h"

void plan_build(const struct plan_in *in, struct plan *p)
{
	int first = 0;

	memset(p, 0, sizeof(*p));
	while (first < PH_N && (in->done & (1u << first)))
		first++;
	p->last = in->until >= 0 ? in->until : in->install ? PH_INSTALL : PH_VERIFY;
	p->start = in->from >= 0 ? in->from : first;
	/* never past the first unfinished phase, --from or not */
	if (in->from >= 0 && in->from > first) {
		sv_pushf(&p->why, "%s has not finished yet: starting there", phase_name((enum phase)first));
		p->start = first;
	}
	/* results made with other options (or from another source) are stale */
	if (in->changed < first && in->changed < p->start) {
		if (in->source_changed || in->training_changed || in->from >= 0) {
			sv_pushf(&p->why, "%s changed since the last run: redoing from %s",
				 in->source_changed ? "the source" : in->training_changed ?
				 "the training (its manifest or a task's files)" : "options",
				 phase_name((enum phase)in->changed));
			p->start = in->changed;
		} else {
			p->refuse = 1;
		}
	}
	/* the final build replaced the instrumented one: training again needs it back */
	if ((p->start == PH_TRAIN || p->start == PH_MERGE) &&
	    (in->obj == OBJ_OPTIMIZED || in->obj == OBJ_OPTIMIZING)) {
		sv_push(&p->why, "the instrumented build was replaced by the optimized one: redoing instrument");
		p->start = PH_INSTRUMENT;
	}
	/* an explicit --from optimize rebuilds from a clean tree */
	if (in->from >= 0 && p->start == PH_OPTIMIZE && in->obj == OBJ_OPTIMIZING)
		p->reset_optimizing = 1;
}

void plan_free(struct plan *p)
{
	sv_clear(&p->why);
}

/* What changed in key between the two options objects: appended to
 * `what`, and the phase it redoes lowers *first. */
static void compare_key(const json_t *a, const json_t *b, const char *key, struct strbuf *what, int *first)
{
	const json_t *x = js_get(a, key), *y = js_get(b, key);
	char *sx, *sy;
	int redo;

	if (x && y && json_equal((json_t *)x, (json_t *)y))
		return;
	/* a key an older optpy did not record is one it did not set */
	if ((!x && json_is_null(y)) || (!y && json_is_null(x)))
		return;
	sx = x ? json_dumps(x, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
	sy = y ? json_dumps(y, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
	sb_addf(what, "%s%s: %s -> %s", what->len ? "; " : "", key, sx ? sx : "(none)", sy ? sy : "(none)");
	free(sx);
	free(sy);
	redo = (int)build_option_redo(key);
	if (redo < *first)
		*first = redo;
}

int plan_first_changed(const char *old, const char *cur, struct strbuf *what)
{
	json_t *a = old ? js_parse(old, NULL) : NULL, *b = js_parse(cur, NULL);
	int first = PH_N;
	const char *key;
	json_t *val;

	if (!json_is_object(a) || !json_is_object(b)) {
		sb_adds(what, old ? "the recorded options are unreadable" : "no options recorded");
		first = PH_INSPECT;
		goto out;
	}
	json_object_foreach((json_t *)b, key, val)
		compare_key(a, b, key, what, &first);
	/* keys the old run recorded and this one does not */
	json_object_foreach((json_t *)a, key, val)
		if (!js_get(b, key))
			compare_key(a, b, key, what, &first);
out:
	json_decref(a);
	json_decref(b);
	return first;
}
