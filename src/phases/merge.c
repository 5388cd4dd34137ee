/* merge.c - phase 5: turn what training wrote into the profile the final
 * build reads.  clang: llvm-profdata merge of the raw profiles; gcc: the
 * .gcda files, checked non-empty and copied aside, so that later phases
 * never touch the data training produced.  Both write into
 * profile/data.partial, renamed into place only when complete. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bundle.h"
#include "err.h"
#include "phases.h"
#include "walk.h"

static long show_number(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	return p ? atol(p + strlen(key)) : -1;
}

struct cov {
	const char *obj;           /* the object directory */
	const char *profdir;       /* where the .gcda files are */
	struct strvec with, without; /* objects (relative paths) with and without data */
};

/* gcc names a .gcda after its object's absolute path, '/' turned to '#'. */
static int cov_one(const char *path, const char *name, const struct stat *st, enum walk_when when,
		   int depth, void *arg)
{
	struct cov *c = arg;
	const char *rel = path + strlen(c->obj) + 1;
	char *mangled, *gcda;

	if (when != WALK_FILE || !endswith(name, ".o"))
		return 0;
	mangled = gcda_name(c->obj, rel);
	gcda = path_join(c->profdir, mangled);
	sv_push(is_file(gcda) ? &c->with : &c->without, rel);
	free(mangled);
	free(gcda);
	return 0;
}

static int size_desc(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;
	struct stat sa, sb;

	if (stat(*x, &sa) < 0 || stat(*y, &sb) < 0)
		return 0;
	return sa.st_size < sb.st_size ? 1 : sa.st_size > sb.st_size ? -1 : strcmp(*x, *y);
}

/* The coverage section: objects with and without profile data, each one
 * missed with why, and the objects with the most counters. */
static void coverage_gcc(struct build *b, const char *profdir)
{
	struct cov c = { b->obj, profdir, { 0 }, { 0 } };
	struct strvec gcda = { 0 };

	walk(b->obj, cov_one, &c);
	list_dir(profdir, ".gcda", &gcda);
	if (gcda.n)
		qsort(gcda.v, gcda.n, sizeof(*gcda.v), size_desc);
	jw_obj(&b->res, "coverage");
	jw_int(&b->res, "objects", (long long)(c.with.n + c.without.n));
	jw_int(&b->res, "with_profile", (long long)c.with.n);
	jw_int(&b->res, "without_profile", (long long)c.without.n);
	jw_arr(&b->res, "missed");
	for (size_t i = 0; i < c.without.n; i++) {
		jw_obj(&b->res, NULL);
		jw_str(&b->res, "object", c.without.v[i]);
		jw_str(&b->res, "why", cpython_object_role(c.without.v[i]));
		jw_end_obj(&b->res);
	}
	jw_end_arr(&b->res);
	/* gcc: the largest .gcda files hold the most counters */
	jw_arr(&b->res, "hottest_objects");
	for (size_t i = 0; i < gcda.n && i < 10; i++) {
		/* back to the object's path below obj/ */
		char *rel = gcda_object(b->obj, path_base(gcda.v[i]));

		jw_str(&b->res, NULL, rel ? rel : path_base(gcda.v[i]));
		free(rel);
	}
	jw_end_arr(&b->res);
	jw_end_obj(&b->res);
	sv_clear(&c.with);
	sv_clear(&c.without);
	sv_clear(&gcda);
}

/* clang: the functions with the largest counts (llvm-profdata show --topn). */
static void coverage_clang(struct build *b, const char *merged, const char *show)
{
	struct strvec argv = { 0 };
	struct strbuf out = STRBUF_INIT;
	const char *top;

	sv_push(&argv, b->tc.profdata.path);
	sv_push(&argv, "show");
	sv_push(&argv, "--topn=10");
	sv_push(&argv, merged);
	jw_obj(&b->res, "coverage");
	jw_int(&b->res, "functions_with_profile", show_number(show, "Total functions:"));
	jw_arr(&b->res, "hottest_functions");
	if (run_capture(&b->runs, argv.v, env_vector(&b->o.env), &out, 120) == 0 && (top = strstr(sb_str(&out), "\nTop "))) {
		const char *line = strchr(top + 1, '\n');

		/* "  name, max count = N" */
		while (line && line[1] == ' ') {
			const char *name = line + 1 + strspn(line + 1, " ");
			const char *comma = strstr(name, ", max count");
			const char *end = strchr(name, '\n');

			if (!comma || (end && comma > end))
				break;
			{
				char *n = xstrndup(name, (size_t)(comma - name));

				jw_str(&b->res, NULL, n);
				free(n);
			}
			line = end;
		}
	}
	jw_end_arr(&b->res);
	jw_str(&b->res, "objects", "clang's profiles are per function: see functions_with_profile");
	jw_end_obj(&b->res);
	sv_clear(&argv);
	sb_release(&out);
}


/* Below this share of objects with profile data (gcc), a final build is
 * not called profile-guided: a normal training covers 93% of 3.13.5's
 * objects (329 of 354); a bundle for other code or another compiler, 0%. */
#define MIN_COVERED_SHARE 0.5

int profile_covers(struct build *b, long *with, long *total, char **why)
{
	*why = NULL;
	if (b->tc.family == CC_GCC) {
		struct cov c = { b->obj, b->profdir, { 0 }, { 0 } };
		int eval_missed = 0;

		walk(b->obj, cov_one, &c);
		*with = (long)c.with.n;
		*total = (long)(c.with.n + c.without.n);
		for (size_t i = 0; i < c.without.n; i++)
			eval_missed |= !strcmp(c.without.v[i], cpython_eval_object);
		if (!*with || *with < MIN_COVERED_SHARE * *total)
			*why = xasprintf("only %ld of %ld objects found profile data in %s", *with, *total,
					 build_relpath(b, b->profdir));
		else if (eval_missed)
			*why = xasprintf("the bytecode loop (%s) found no profile data in %s",
					 cpython_eval_object, build_relpath(b, b->profdir));
		sv_clear(&c.with);
		sv_clear(&c.without);
	} else {
		char *merged = path_join(b->profdir, "merged.profdata");
		struct strbuf out = STRBUF_INIT;
		char *argv[] = { (char *)b->tc.profdata.path, "show", merged, NULL };

		*with = *total = 0;
		if (!is_file(merged))
			*why = xasprintf("no merged profile %s", build_relpath(b, merged));
		else if (!b->tc.profdata.path || run_capture(&b->runs, argv, env_vector(&b->o.env), &out, 120) != 0 ||
			 (*with = *total = show_number(sb_str(&out), "Total functions:")) <= 0)
			*why = xasprintf("the merged profile %s has no functions in it", build_relpath(b, merged));
		sb_release(&out);
		free(merged);
	}
	return *why ? -1 : 0;
}

static int merge_clang(struct build *b, const char *tmp)
{
	struct strvec argv = { 0 }, files = { 0 };
	struct strbuf out = STRBUF_INIT;
	char *merged = path_join(tmp, "merged.profdata");
	int rc = 0;

	list_dir(b->rawdir, ".profraw", &files);
	if (!files.n) {
		rc = build_fail(b, EXIT_PHASE, "training wrote no .profraw files in %s", b->rawdir);
		goto out;
	}
	sv_push(&argv, b->tc.profdata.path);
	sv_push(&argv, "merge");
	sv_pushf(&argv, "-output=%s", merged);
	sv_pushv(&argv, files.v);
	if ((rc = build_run(b, argv.v, NULL, b->bdir, 0)) != 0) {
		rc = build_fail(b, EXIT_PHASE, "llvm-profdata merge failed (exit %d)", rc);
		goto out;
	}
	sv_clear(&argv);
	sv_push(&argv, b->tc.profdata.path);
	sv_push(&argv, "show");
	sv_push(&argv, merged);
	run_capture(&b->runs, argv.v, env_vector(&b->o.env), &out, 120);
	jw_int(&b->res, "raw_profiles", (long long)files.n);
	jw_int(&b->res, "functions", show_number(sb_str(&out), "Total functions:"));
	jw_int(&b->res, "max_function_count", show_number(sb_str(&out), "Maximum function count:"));
	jw_str(&b->res, "profile", "merged.profdata");
	coverage_clang(b, merged, sb_str(&out));
out:
	sv_clear(&argv);
	sv_clear(&files);
	sb_release(&out);
	free(merged);
	return rc;
}

static int merge_gcc(struct build *b, const char *tmp)
{
	struct strvec files = { 0 };
	long empty = 0, n = count_files(b->rawdir, ".gcda", &empty);
	int rc = 0;

	if (n == 0)
		return build_fail(b, EXIT_PHASE, "training wrote no .gcda files in %s%s", b->rawdir,
				  empty ? " (only empty ones)" : "");
	list_dir(b->rawdir, ".gcda", &files);
	for (size_t i = 0; i < files.n && !rc; i++) {
		char *to = path_join(tmp, path_base(files.v[i]));

		if (copy_file(files.v[i], to) < 0)
			rc = build_fail(b, EXIT_TMPDIR, "cannot copy %s to %s", files.v[i], tmp);
		free(to);
	}
	jw_int(&b->res, "objects_with_profile", n);
	jw_int(&b->res, "empty_gcda", empty);
	if (!rc)
		coverage_gcc(b, tmp);
	sv_clear(&files);
	return rc;
}

int phase_merge(struct build *b)
{
	char *tmp;
	int rc;

	if (!b->pgo || b->o.use_profile) {
		jw_bool(&b->res, "skipped", 1);
		if (b->o.use_profile)
			jw_str(&b->res, "why", "profile from a stored bundle (--use-profile)");
		return 0;
	}
	tmp = xasprintf("%s.partial", b->profdir);
	rm_rf(tmp);
	if (mkdir_below(b->bdir, tmp) < 0) {
		rc = build_fail(b, EXIT_TMPDIR, "cannot create %s", tmp);
		goto out;
	}
	if ((rc = b->tc.family == CC_GCC ? merge_gcc(b, tmp) : merge_clang(b, tmp)) != 0)
		goto out;
	rm_rf(b->profdir);
	if (rename(tmp, b->profdir) < 0) {
		rc = build_fail(b, EXIT_TMPDIR, "cannot rename %s", tmp);
		goto out;
	}
	jw_str(&b->res, "profile_dir", b->profdir);
	/* (the stamp is not written yet: the coverage goes in from res) */
	if (b->o.save_profile)
		rc = bundle_save_phase(b);
out:
	rm_rf(tmp);
	free(tmp);
	return rc;
}
