/* optimize.c - phase 6: the final build, with the merged profile and the
 * LTO mode detect decided.  gcc's LTO runs partitioned and in parallel
 * (-flto=auto), not -flto-partition=none: gh-132257 measured 10m15s ->
 * 2m28s for about 0.4% of speed.  Profile-mismatch warnings are counted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "makevars.h"
#include "phases.h"

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

/* ccache (4.x, Debian 12's 4.7.5) caches a -fprofile-use compile only
 * when it finds the .gcda, which it looks for as PROFDIR/<cwd with '#'
 * for '/'>#<object path>.gcda: with '/' still in the object's own path
 * ("#b#obj#Python/eval.gcda"), where gcc writes "#b#obj#Python#eval.gcda".
 * CPython's objects all live in subdirectories, so without a second name
 * (a hard link: the same bytes, which ccache hashes into its key) no
 * profile-guided compile would be cached.  Returns the links made. */
static long ccache_profile_links(struct build *b)
{
	struct strvec gcda = { 0 };
	char *prefix = gcda_prefix(b->obj);
	long made = 0;

	list_dir(b->profdir, ".gcda", &gcda);
	for (size_t i = 0; i < gcda.n; i++) {
		char *rel = gcda_object(b->obj, path_base(gcda.v[i])), *alias, *slash;

		if (!rel || !strchr(rel, '/')) {
			free(rel);
			continue;
		}
		alias = xasprintf("%s/%s%.*s.gcda", b->profdir, prefix, (int)strlen(rel) - 2, rel);
		slash = strrchr(alias, '/');
		*slash = 0;
		if (mkdir_p(alias) == 0) {
			*slash = '/';
			unlink(alias);
			if (link(gcda.v[i], alias) == 0)
				made++;
		}
		free(rel);
		free(alias);
	}
	if (made < (long)gcda.n)
		build_log(b, "ccache: %ld of %zu profile files given the name ccache looks for", made, gcda.n);
	sv_clear(&gcda);
	free(prefix);
	return made;
}

/* A profile-guided build whose profile covers (almost) nothing is not
 * profile-guided: --pgo on fails with the fix, --pgo auto says so loudly;
 * the stamp and the report say what the build is ("pgo"). */
static int check_pgo(struct build *b)
{
	long with = 0, total = 0;
	char *why = NULL;
	int rc = 0, used = b->pgo;

	if (b->pgo && profile_covers(b, &with, &total, &why) < 0) {
		used = 0;
		if (b->o.pgo == PGO_ON)
			rc = build_fail(b, EXIT_NO_PGO, "the final build is not profile-guided: %s%s\n  fix: "
					"%s; --pgo auto builds without it (with a warning)", why,
					b->o.use_profile ? " (the bundle holds no profile for this build)" : "",
					b->o.use_profile ? "use a bundle saved with this compiler from this "
					"source (optpy build --save-profile), or train anew without --use-profile"
					: "see logs/train.log and logs/merge.log; rerun with --from instrument");
		else
			build_warn(b, "the final build is NOT profile-guided (--pgo auto): %s", why);
	}
	jw_bool(&b->res, "pgo", used);
	if (b->pgo) {
		jw_int(&b->res, b->tc.family == CC_GCC ? "objects_with_profile" : "functions_with_profile", with);
		if (b->tc.family == CC_GCC)
			jw_int(&b->res, "objects_compiled", total);
	}
	free(why);
	return rc;
}

int phase_optimize(struct build *b)
{
	enum obj_state state = obj_state(b);
	char *log = phase_log_path(b, PH_OPTIMIZE);
	struct strvec vars = { 0 }, bins = { 0 };
	struct stat st;
	char *text = NULL;
	int rc;

	/* the instrumented objects go, the profile (outside the tree) stays; a
	 * final build interrupted half-way ("optimizing") just carries on */
	if (state != OBJ_OPTIMIZING && state != OBJ_CONFIGURED && (rc = clean_objects(b)) != 0)
		goto out;
	if ((rc = set_obj_state(b, OBJ_OPTIMIZING)))
		goto out;
	b->objects_total = (long)stamp_num(b, PH_INSTRUMENT, STAMP_OBJECTS, 0);
	if (b->pgo && b->tc.family == CC_GCC && uses_ccache(&b->tc))
		jw_int(&b->res, "ccache_profile_links", ccache_profile_links(b));
	build_make_vars(b, 1, &vars);
	stamp_make_vars(b, &vars);
	rc = build_make(b, b->facts->build_targets, &vars);
	sv_clear(&vars);
	if (rc != 0) {
		rc = build_fail(b, EXIT_PHASE, "the optimized build failed (make exit %d)", rc);
		goto out;
	}
	free(b->python);
	b->python = cpython_build_python(b->obj);
	if (!is_exec(b->python)) {
		rc = build_fail(b, EXIT_PHASE, "make succeeded but %s was not built", b->python);
		goto out;
	}
	if ((rc = set_obj_state(b, OBJ_OPTIMIZED)))
		goto out;
	text = read_file_flags(log, NULL, O_NOFOLLOW);
	jw_int(&b->res, "objects", build_count_objects(b));
	if ((rc = check_pgo(b)) != 0)
		goto out;
	jw_str(&b->res, "lto", lto_name(b->d.lto));
	jw_int(&b->res, "profile_mismatch_warnings", text ? count_lines(text, mismatch_pat) : -1);
	jw_int(&b->res, "profile_missing_warnings", text ? count_lines(text, missing_pat) : -1);
	if (stat(b->python, &st) == 0)
		jw_int(&b->res, "python_bytes", (long long)st.st_size);
	build_binaries(b, &bins, &bins); /* the unused shared object too: install copies it */
	stamp_binaries(b, &bins);
	sv_clear(&bins);
out:
	free(text);
	free(log);
	return rc;
}
