/* train.c - phase 4: run the training profile on the instrumented
 * interpreter, each task in its own process (a crash loses only its own
 * data), parallel across the cores where the profile allows it.
 *
 * clang: every process writes its own raw profile, named by %p (pid) and
 * %m (merge pool: a reused pid merges into the file instead of clobbering).
 * gcc: libgcov locks and merges each .gcda at process exit, so parallel
 * processes are safe; counters of threads inside one process are updated
 * without atomics (-fprofile-update=single, the default): a few lost counts
 * in threaded tasks, which -fprofile-correction tolerates, instead of a
 * slower instrumented interpreter for every task. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "phases.h"
#include "walk.h"
#include "profile.h"

static const char *task_status(const struct task *t)
{
	return t->timed_out ? "timeout" : t->signo ? "crashed" : t->exit_code ? "failed" : "ok";
}

/* Each task's time in the last training run of this build (the train
 * phase's stamp), where there was one, as what to expect of it. */
static int expect_from_train(const struct build *b, struct profile *prof)
{
	json_t *st = stamp_read(b, PH_TRAIN);
	const json_t *tasks = st ? js_get(st, STAMP_TASKS) : NULL;
	int known = 0;
	size_t i;
	json_t *t;

	json_array_foreach(tasks, i, t) {
		const char *name = js_str(js_get(t, "name"), "");

		for (int k = 0; k < prof->ntasks; k++)
			if (!strcmp(prof->tasks[k].name, name)) {
				prof->tasks[k].expect = js_num(js_get(t, STAMP_SECONDS), 0);
				known++;
			}
	}
	json_decref(st);
	return known;
}

int train_profile(struct build *b, const char *name, int *ok)
{
	struct profile prof;
	struct profile_run r = { 0 };
	struct strvec env = { 0 };
	char *err, *workdir = path_join(b->bdir, name), *logdir = path_join(b->logs, name);
	int failed, known, rc = 0;

	*ok = 0;
	err = profile_load_spec(b->o.profile, b->o.profile_task, &prof);
	if (err) {
		rc = build_fail(b, EXIT_USAGE, "%s", err);
		free(err);
		free(workdir);
		free(logdir);
		return rc;
	}
	if (mkdir_below(b->bdir, workdir) < 0 || mkdir_below(b->bdir, logdir) < 0) {
		rc = build_fail(b, errno == ENOTDIR ? EXIT_BUILD_DIR : EXIT_TMPDIR, "cannot create %s and "
				"%s: %s%s", workdir, logdir, strerror(errno), errno == ENOTDIR ? " (a link or "
				"file is planted there: remove it)" : "");
		goto out;
	}
	sv_pushf(&env, "LLVM_PROFILE_FILE=%s/optpy-%%p-%%m.profraw", b->rawdir);
	sv_pushf(&env, "LD_LIBRARY_PATH=%s", b->obj);
	sv_push(&env, "PYTHONDONTWRITEBYTECODE=1");
	sv_push(&env, "PYTHONHASHSEED=0");
	r.python = b->python;
	r.srcdir = b->src;
	r.workdir = workdir;
	r.logdir = logdir;
	r.runs = &b->runs;
	r.base_env = env_vector(&b->o.env);
	r.env = env.v;
	r.jobs = b->o.jobs;
	r.deadline_at = b->o.train_timeout > 0 ? now() + b->o.train_timeout : 0;
	known = expect_from_train(b, &prof);
	build_log(b, "profile %s (%s): %d tasks, %d at a time%s", prof.name, prof.path, prof.ntasks, r.jobs,
		  known ? ", the longest first (as timed in the last training run)" : "");
	failed = profile_run(&prof, &r);
	if (run_interrupted) {
		rc = EXIT_INTERRUPTED;
		goto out;
	}
	jw_str(&b->res, "profile", prof.name);
	jw_str(&b->res, "manifest", prof.path);
	jw_int(&b->res, "jobs", r.jobs);
	jw_str(&b->res, "task_logs", logdir);
	jw_arr(&b->res, STAMP_TASKS);
	for (int i = 0; i < prof.ntasks; i++) {
		struct task *t = &prof.tasks[i];
		const char *status = task_status(t);

		if (!strcmp(status, "ok"))
			(*ok)++;
		else
			build_warn(b, "training task %s %s: %s (%s/%s.log); the other tasks' data is kept",
				   t->name, status, t->why ? t->why : "?", logdir, t->name);
		build_log(b, "task %-20s %-8s %6.1f s", t->name, status, t->seconds);
		jw_obj(&b->res, NULL);
		jw_str(&b->res, "name", t->name);
		jw_str(&b->res, "status", status);
		jw_int(&b->res, "exit_code", t->exit_code);
		jw_str(&b->res, "why", t->why);
		jw_num(&b->res, STAMP_SECONDS, t->seconds);
		jw_end_obj(&b->res);
	}
	jw_end_arr(&b->res);
	jw_int(&b->res, "tasks_ok", *ok);
	jw_int(&b->res, "tasks_failed", failed);
out:
	profile_free(&prof);
	free(workdir);
	free(logdir);
	sv_clear(&env);
	return rc;
}

int phase_train(struct build *b)
{
	int ok, rc;

	if (!b->pgo || b->o.use_profile) {
		jw_bool(&b->res, "skipped", 1);
		if (b->o.use_profile)
			jw_str(&b->res, "why", "profile from a stored bundle (--use-profile)");
		return 0;
	}
	/* only the training run's counts: drop what the build itself recorded */
	rm_rf(b->rawdir);
	if (mkdir_below(b->bdir, b->rawdir) < 0)
		return build_fail(b, EXIT_TMPDIR, "cannot create %s: %s", b->rawdir, strerror(errno));
	jw_str(&b->res, STAMP_TRAINING_SHA256, b->training_fp);
	if ((rc = train_profile(b, "train", &ok)) != 0)
		return rc;
	if (ok == 0)
		return build_fail(b, EXIT_PHASE, "every training task failed: no profile to build with");
	return 0;
}
