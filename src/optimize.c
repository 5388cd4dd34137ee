/* optimize.c - phase 6: the final build, with the merged profile and the
 * LTO mode detect decided.  gcc's LTO runs partitioned and in parallel
 * (-flto=auto), not -flto-partition=none: gh-132257 measured 10m15s ->
 * 2m28s for about 0.4% of speed.  Profile-mismatch warnings are counted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "build.h"

static const char *const mismatch_pat[] = {
	"coverage mismatch", "corrupted profile info", "profile data may be corrupted",
	"profile data may be out of date", "function control flow change detected", NULL,
};
static const char *const missing_pat[] = {
	"profile count data file not found", "no profile data available for file", NULL,
};

static long count_lines(const char *text, const char *const *pats)
{
	long n = 0;

	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char *l = xstrndup(line, len);

		for (int i = 0; pats[i]; i++)
			if (strstr(l, pats[i])) {
				n++;
				break;
			}
		free(l);
		line = end ? end + 1 : NULL;
	}
	return n;
}

int phase_optimize(struct build *b)
{
	char *state = obj_state(b);
	char *log = xasprintf("%s/optimize.log", b->logs);
	struct strvec vars = { 0 };
	struct stat st;
	char *text;
	int rc;

	/* the instrumented objects go, the profile (outside the tree) stays; a
	 * final build interrupted half-way ("optimizing") just carries on */
	if (strcmp(state, "optimizing") && strcmp(state, "configured") && (rc = clean_objects(b)) != 0) {
		free(state);
		free(log);
		return rc;
	}
	free(state);
	set_obj_state(b, "optimizing");
	b->objects_total = (long)stamp_num(b, PH_INSTRUMENT, "objects", 0);
	build_make_vars(b, 1, &vars);
	rc = build_make(b, b->facts->build_targets, &vars);
	sv_clear(&vars);
	if (rc != 0) {
		free(log);
		return phase_fail(b, EXIT_PHASE, "the optimized build failed (make exit %d)", rc);
	}
	if (!is_exec(b->python)) {
		free(log);
		return phase_fail(b, EXIT_PHASE, "make succeeded but %s was not built", b->python);
	}
	set_obj_state(b, "optimized");
	text = read_file(log, NULL);
	jw_int(&b->res, "objects", build_count_objects(b));
	jw_bool(&b->res, "pgo", b->d.pgo);
	jw_str(&b->res, "lto", lto_name(b->d.lto));
	jw_int(&b->res, "profile_mismatch_warnings", text ? count_lines(text, mismatch_pat) : -1);
	jw_int(&b->res, "profile_missing_warnings", text ? count_lines(text, missing_pat) : -1);
	if (stat(b->python, &st) == 0)
		jw_int(&b->res, "python_bytes", (long long)st.st_size);
	free(text);
	free(log);
	return 0;
}
