/* merge.c - phase 5: turn what training wrote into the profile the final
 * build reads.  clang: llvm-profdata merge of the raw profiles; gcc: the
 * .gcda files, checked non-empty and copied aside, so that later phases
 * never touch the data training produced.  Both write into
 * profile/data.partial, renamed into place only when complete. */
#include <stdlib.h>
#include <string.h>

#include "phases.h"
#include "walk.h"

static long show_number(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	return p ? atol(p + strlen(key)) : -1;
}

static int merge_clang(struct build *b, const char *tmp)
{
	struct strvec argv = { 0 }, files = { 0 };
	struct strbuf out = STRBUF_INIT;
	char *merged = path_join(tmp, "merged.profdata");
	int rc = 0;

	list_dir(b->rawdir, ".profraw", &files);
	if (!files.n) {
		rc = phase_fail(b, EXIT_PHASE, "training wrote no .profraw files in %s", b->rawdir);
		goto out;
	}
	sv_push(&argv, b->tc.profdata.path);
	sv_push(&argv, "merge");
	sv_pushf(&argv, "-output=%s", merged);
	sv_pushv(&argv, files.v);
	if ((rc = build_run(b, argv.v, NULL, b->bdir, 0)) != 0) {
		rc = phase_fail(b, EXIT_PHASE, "llvm-profdata merge failed (exit %d)", rc);
		goto out;
	}
	sv_clear(&argv);
	sv_push(&argv, b->tc.profdata.path);
	sv_push(&argv, "show");
	sv_push(&argv, merged);
	run_capture(argv.v, &out, 120);
	jw_int(&b->res, "raw_profiles", (long long)files.n);
	jw_int(&b->res, "functions", show_number(sb_str(&out), "Total functions:"));
	jw_int(&b->res, "max_function_count", show_number(sb_str(&out), "Maximum function count:"));
	jw_str(&b->res, "profile", "merged.profdata");
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
		return phase_fail(b, EXIT_PHASE, "training wrote no .gcda files in %s%s", b->rawdir,
				  empty ? " (only empty ones)" : "");
	list_dir(b->rawdir, ".gcda", &files);
	for (size_t i = 0; i < files.n && !rc; i++) {
		size_t len;
		char *data = read_file(files.v[i], &len);
		char *to = path_join(tmp, path_base(files.v[i]));

		if (!data || write_file(to, data, len) < 0)
			rc = phase_fail(b, EXIT_TMPDIR, "cannot copy %s to %s", files.v[i], tmp);
		free(data);
		free(to);
	}
	jw_int(&b->res, "objects_with_profile", n);
	jw_int(&b->res, "empty_gcda", empty);
	sv_clear(&files);
	return rc;
}

int phase_merge(struct build *b)
{
	char *tmp;
	int rc;

	if (!b->pgo) {
		jw_bool(&b->res, "skipped", 1);
		return 0;
	}
	tmp = xasprintf("%s.partial", b->profdir);
	rm_rf(tmp);
	if (mkdir_p(tmp) < 0) {
		rc = phase_fail(b, EXIT_TMPDIR, "cannot create %s", tmp);
		goto out;
	}
	if ((rc = b->tc.family == CC_GCC ? merge_gcc(b, tmp) : merge_clang(b, tmp)) != 0)
		goto out;
	rm_rf(b->profdir);
	if (rename(tmp, b->profdir) < 0) {
		rc = phase_fail(b, EXIT_TMPDIR, "cannot rename %s", tmp);
		goto out;
	}
	jw_str(&b->res, "profile_dir", b->profdir);
out:
	rm_rf(tmp);
	free(tmp);
	return rc;
}
