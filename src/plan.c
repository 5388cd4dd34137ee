/* plan.c - which phases a build runs (see plan.h). */
#include <stdlib.h>
#include <string.h>

#include "json.h"
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

/* Each option and the first phase whose result it changes. */
static const struct {
	const char *key;
	enum phase first;
} affects[] = {
	{ "source", PH_INSPECT },
	{ "compiler", PH_CONFIGURE },
	{ "CFLAGS", PH_CONFIGURE },
	{ "LDFLAGS", PH_CONFIGURE },
	{ "prefix", PH_CONFIGURE },
	{ "configure_args", PH_CONFIGURE },
	{ "pgo", PH_INSTRUMENT },
	{ "CFLAGS_NODIST", PH_INSTRUMENT },
	{ "LDFLAGS_NODIST", PH_INSTRUMENT },
	{ "profile", PH_TRAIN },
	{ "lto", PH_OPTIMIZE },
	{ "fat_lto_objects", PH_OPTIMIZE },
	{ "bolt", PH_OPTIMIZE },
	{ "verify_tests", PH_VERIFY },
	{ "cpu_level", PH_INSTRUMENT },
};

char *plan_options_json(const struct plan_opts *o)
{
	struct jw w = { 0 };
	char *text;

	jw_obj(&w, NULL);
	jw_str(&w, "source", o->source);
	jw_str(&w, "compiler", o->compiler);
	jw_str(&w, "CFLAGS", o->cflags);
	jw_str(&w, "LDFLAGS", o->ldflags);
	jw_str(&w, "prefix", o->prefix);
	jw_arr(&w, "configure_args");
	for (char *const *a = o->configure_args; a && *a; a++)
		jw_str(&w, NULL, *a);
	jw_end_arr(&w);
	jw_str(&w, "pgo", o->pgo);
	jw_str(&w, "CFLAGS_NODIST", o->cflags_nodist);
	jw_str(&w, "LDFLAGS_NODIST", o->ldflags_nodist);
	jw_str(&w, "profile", o->profile);
	jw_str(&w, "lto", o->lto);
	jw_bool(&w, "fat_lto_objects", o->fat_lto);
	jw_str(&w, "bolt", o->bolt);
	jw_str(&w, "verify_tests", o->verify_tests);
	jw_str(&w, "cpu_level", o->cpu_level);
	jw_end_obj(&w);
	text = jw_text(&w);
	jw_free(&w);
	return text;
}

int plan_first_changed(const char *old, const char *cur, struct strbuf *what)
{
	json_t *a = old ? json_parse(old, NULL) : NULL, *b = json_parse(cur, NULL);
	int first = PH_N;

	if (!json_is_object(a) || !json_is_object(b)) {
		sb_adds(what, old ? "the recorded options are unreadable" : "no options recorded");
		first = PH_INSPECT;
		goto out;
	}
	for (size_t i = 0; i < sizeof(affects) / sizeof(affects[0]); i++) {
		const json_t *x = json_get(a, affects[i].key), *y = json_get(b, affects[i].key);
		char *sx, *sy;

		if (x && y && json_equal((json_t *)x, (json_t *)y))
			continue;
		/* a key an older optpy did not record is one it did not set */
		if ((!x && json_is_null(y)) || (!y && json_is_null(x)))
			continue;
		sx = x ? json_dumps(x, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
		sy = y ? json_dumps(y, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
		sb_addf(what, "%s%s: %s -> %s", what->len ? "; " : "", affects[i].key, sx ? sx : "(none)",
			sy ? sy : "(none)");
		free(sx);
		free(sy);
		if ((int)affects[i].first < first)
			first = (int)affects[i].first;
	}
out:
	json_decref(a);
	json_decref(b);
	return first;
}
