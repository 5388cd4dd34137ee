/* tournament.c - one build per compiler, compared (see tournament.h).
 * Like the driver, it prints and returns the exit status; each build is
 * an ordinary optpy build in BUILD/cc-NAME with its own report.json, and
 * BUILD/report.json holds the comparison. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "builddir.h"
#include "driver.h"
#include "err.h"
#include "profile.h"
#include "source.h"
#include "tournament.h"

int tournament_pick(const struct contender *c, int n, char **why)
{
	int base = 0, best, in = 1;

	while (base < n && c[base].failed)
		base++;
	if (base == n) {
		*why = xstrdup("every build failed");
		return -1;
	}
	best = base;
	for (int i = base + 1; i < n; i++) {
		if (c[i].failed)
			continue;
		in++;
		if (c[i].lo > 1.0 && (best == base || c[i].ratio > c[best].ratio))
			best = i;
	}
	if (in == 1)
		*why = xasprintf("%s: the only build that did not fail", c[base].cc);
	else if (best != base)
		*why = xasprintf("%s is %.3fx %s (95%% interval %.3f-%.3f, above 1.0)", c[best].cc,
				 c[best].ratio, c[base].cc, c[best].lo, c[best].hi);
	else
		*why = xasprintf("no compiler beat %s with its whole interval above 1.0: keeping the first%s",
				 c[base].cc, base ? " that built" : "");
	return best;
}

/* A directory name for a compiler: "clang-19", "usr-bin-gcc". */
static char *cc_dirname(const char *cc)
{
	char *s = xasprintf(BUILDDIR_CANDIDATE "%s", cc[0] == '/' ? cc + 1 : cc);

	for (char *p = s + 3; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_", *p))
			*p = '-';
	return s;
}

/* The benchmark programs over the built interpreters (pythons[k] is
 * candidate idx[k]'s); fills the figures of c[idx[k]] for k > 0, against
 * idx[0].  0, or -1 with *msg (malloc'd). */
static int compare(struct strvec *pythons, const int *idx, struct contender *c, int runs, const char *only,
		   char **msg)
{
	char *dir = xasprintf("%s/bench", datadir());
	struct bench_opts o = { dir, only, runs, NULL, NULL };
	struct bench_result r;
	struct err e = { 0 };
	int rc = -1;

	if (bench_run(&o, pythons->v, (int)pythons->n, &r, &e)) {
		*msg = xasprintf("optpy bench failed: %s", e.msg ? e.msg : "?");
		goto out;
	}
	for (int k = 1; k < r.ni; k++) {
		c[idx[k]].ratio = r.geo[k].value;
		c[idx[k]].lo = r.geo[k].lo;
		c[idx[k]].hi = r.geo[k].hi;
	}
	rc = 0;
out:
	bench_free(&r);
	err_clear(&e);
	free(dir);
	return rc;
}

static int write_report(const char *bdir, struct contender *c, struct strvec *dirs, int n, int winner,
			const char *why, int status)
{
	struct jw w = { 0 };
	char *path = path_join(bdir, "report.json");
	int rc;

	jw_obj(&w, NULL);
	jw_str(&w, "status", status ? "failed" : "ok");
	jw_int(&w, "exit_status", status);
	jw_obj(&w, "tournament");
	jw_arr(&w, "candidates");
	for (int i = 0; i < n; i++) {
		jw_obj(&w, NULL);
		jw_str(&w, "cc", c[i].cc);
		jw_str(&w, "build_dir", i < (int)dirs->n ? dirs->v[i] : NULL);
		if (c[i].failed)
			jw_str(&w, "failed", c[i].failed);
		if (c[i].ratio > 0) {
			jw_num(&w, "speed_vs_base", c[i].ratio);
			jw_num(&w, "ci_low", c[i].lo);
			jw_num(&w, "ci_high", c[i].hi);
		}
		jw_end_obj(&w);
	}
	jw_end_arr(&w);
	if (winner >= 0) {
		jw_str(&w, "winner", c[winner].cc);
		jw_str(&w, "winner_build_dir", dirs->v[winner]);
	}
	jw_str(&w, "why", why);
	jw_end_obj(&w);
	jw_end_obj(&w);
	rc = jw_write(&w, path);
	free(path);
	jw_free(&w);
	return rc;
}

/* Every candidate's programs exist and no two share a directory, before
 * the first (long) build: 0, or the exit status (said). */
static int check_candidates(const struct msg_sink *m, const struct strvec *names)
{
	for (size_t i = 0; i < names->n; i++) {
		struct strvec words = { 0 };
		char *d = cc_dirname(names->v[i]);

		if (sv_split(&words, names->v[i]) < 0 || !words.n) {
			msg_send(m, MSG_ERROR, "--cc: '%s' is not a compiler command\n  fix: compilers "
				"separated by commas, e.g. --cc gcc,clang-22", names->v[i]);
			sv_clear(&words);
			free(d);
			return EXIT_USAGE;
		}
		for (size_t k = 0; k < words.n; k++) {
			char *p = words.v[k][0] == '-' ? NULL : which(words.v[k]);

			if (words.v[k][0] != '-' && !p) {
				msg_send(m, MSG_ERROR, "tournament: '%s' (of --cc %s) is not found on PATH: "
					"nothing was built\n  fix: install it, or leave it out of --cc",
					words.v[k], names->v[i]);
				sv_clear(&words);
				free(d);
				return EXIT_NO_CC;
			}
			free(p);
		}
		sv_clear(&words);
		for (size_t j = 0; j < i; j++) {
			char *o = cc_dirname(names->v[j]);
			int same = !strcmp(o, d);

			free(o);
			if (same) {
				msg_send(m, MSG_ERROR, "tournament: '%s' and '%s' would build in the same "
					"directory (%s)\n  fix: name each compiler once", names->v[j],
					names->v[i], d);
				free(d);
				return EXIT_USAGE;
			}
		}
		free(d);
	}
	return 0;
}

/* The source unpacked (or copied) once, into BUILD/src, for every
 * candidate to hard-link instead of unpacking it again; taken afresh when
 * the given source changed.  *tree: that copy (malloc'd).  0, or the
 * status with e set. */
static int share_source(const char *bdir, const char *source, char **tree, struct err *e)
{
	char *fpath = path_join(bdir, "src/.optpy-source-fp"), *fp = NULL, *was = NULL;
	int rc;

	if ((rc = source_fingerprint(source, &fp, e)))
		goto out;
	was = read_file_flags(fpath, NULL, O_NOFOLLOW);
	/* written after every prepare: a copy taken again for any reason is
	 * described again */
	if (!(rc = source_prepare(source, NULL, bdir, !was || strcmp(was, fp), tree, e)) &&
	    write_file(fpath, fp, strlen(fp)) < 0)
		rc = err_set(e, EXIT_TMPDIR, "cannot write %s: %s", fpath, strerror(errno));
out:
	free(fpath);
	free(fp);
	free(was);
	return rc;
}

/* Build with each compiler of names in its own directory below bdir (its
 * path pushed to dirs), the source hard-linked from tree: one that fails in a phase (it does not build, or
 * its interpreter fails verify) is out, with a warning; the interpreters of
 * the others go to pythons (idx: which candidate each is).  0, or the
 * status of a failure that ends the tournament, with *why (malloc'd). */
static int build_candidates(const struct build_opts *o, const char *bdir, const char *tree,
			    const struct strvec *names, struct strvec *dirs, struct contender *c, int *idx,
			    struct strvec *pythons, char **why)
{
	for (size_t i = 0; i < names->n; i++) {
		struct build *b = xcalloc(1, sizeof(*b));
		char *d = cc_dirname(names->v[i]);
		int rc;

		c[i].cc = names->v[i];
		sv_pushf(dirs, "%s/%s", bdir, d);
		free(d);
		b->o = *o;
		b->o.cc = names->v[i];
		b->o.build_dir = dirs->v[i];
		b->o.shared_src = tree;
		b->o.install = 0;
		msg_send(&o->msg, MSG_NOTE, "optpy: tournament: building with %s in %s", names->v[i], dirs->v[i]);
		rc = build_main(b);
		if (rc == EXIT_PHASE) {
			c[i].failed = xasprintf("the build with %s failed: %s (exit %d; see %s/report.json)",
						names->v[i], b->fail_msg ? b->fail_msg : "?", rc, dirs->v[i]);
			msg_send(&o->msg, MSG_WARNING, "tournament: %s is out: %s", names->v[i], c[i].failed);
			continue;
		}
		if (rc) {
			*why = xasprintf("the build with %s failed (exit %d; see %s/report.json)", names->v[i],
					 rc, dirs->v[i]);
			return rc;
		}
		idx[pythons->n] = (int)i;
		sv_push(pythons, b->python);
	}
	return 0;
}

/* BUILD/winner -> the winner's directory, and its install when asked
 * (the winner's build again, with --install and the source from tree, as
 * it was built: every phase but install is done). */
static int keep_winner(const struct build_opts *o, const char *bdir, const char *tree, const char *cc,
		       const char *dir, int install)
{
	char *link = path_join(bdir, "winner");
	int rc = 0;

	unlink(link);
	if (symlink(path_base(dir), link) < 0)
		msg_send(&o->msg, MSG_WARNING, "cannot link %s: %s", link, strerror(errno));
	free(link);
	if (install) {
		struct build *b = xcalloc(1, sizeof(*b));

		b->o = *o;
		b->o.cc = cc;
		b->o.build_dir = dir;
		b->o.shared_src = tree;
		rc = build_main(b);
	}
	return rc;
}

int tournament_main(struct build_opts *o)
{
	const char *ccs = o->cc;
	struct strvec names = { 0 }, dirs = { 0 }, pythons = { 0 };
	struct contender *c = NULL;
	struct err e = { 0 };
	char *bdir = builddir_abspath(o->build_dir), *why = NULL, *tree = NULL;
	int rc = 0, lockfd = -1, winner = -1, install = o->install, *idx = NULL;

	{
		char *all = xstrdup(ccs);

		for (char *s = all, *save = NULL, *tok; (tok = strtok_r(s, ",", &save)); s = NULL)
			sv_push(&names, tok);
		free(all);
	}
	if (names.n < 2 || !bdir) {
		msg_send(&o->msg, MSG_ERROR, "--cc %s: a tournament needs two or more compilers and a "
			"--build-dir", ccs);
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = check_candidates(&o->msg, &names)))
		goto out;
	if ((rc = builddir_check(bdir, o->source, &e)) ||
	    (rc = builddir_prepare(bdir, &e)) || (rc = builddir_lock(bdir, &lockfd, &e)) ||
	    (rc = share_source(bdir, o->source, &tree, &e))) {
		msg_send(&o->msg, MSG_ERROR, "%s", e.msg);
		goto out;
	}
	c = xcalloc(names.n, sizeof(*c));
	idx = xcalloc(names.n, sizeof(*idx));
	/* 1. a whole build per compiler, each in its own directory, each
	 * with the one copy of the source hard-linked */
	if ((rc = build_candidates(o, bdir, tree, &names, &dirs, c, idx, &pythons, &why)))
		goto report;
	/* 2. compared side by side (when two or more are still in), 3. the
	 * winner kept; none in: the pick says so */
	if (pythons.n > 1 && compare(&pythons, idx, c, o->bench_runs, o->bench_only, &why) < 0) {
		rc = EXIT_PHASE;
		goto report;
	}
	if ((winner = tournament_pick(c, (int)names.n, &why)) < 0) {
		rc = EXIT_PHASE;
		goto report;
	}
	for (size_t k = 1; k < pythons.n; k++)
		msg_send(&o->msg, MSG_NOTE, "optpy: tournament: %s vs %s: %.3fx (95%% interval %.3f-%.3f)", names.v[idx[k]],
			names.v[idx[0]], c[idx[k]].ratio, c[idx[k]].lo, c[idx[k]].hi);
	msg_send(&o->msg, MSG_RESULT, "optpy: tournament: kept %s: %s", names.v[winner], why);
	rc = keep_winner(o, bdir, tree, names.v[winner], dirs.v[winner], install);
report:
	if (rc && why)
		msg_send(&o->msg, MSG_ERROR, "tournament: %s", why);
	if (write_report(bdir, c, &dirs, (int)names.n, winner, why, rc) < 0)
		msg_send(&o->msg, MSG_WARNING, "cannot write %s/report.json: %s", bdir, strerror(errno));
out:
	if (lockfd >= 0)
		close(lockfd);
	err_clear(&e);
	free(bdir);
	free(tree);
	free(why);
	for (size_t i = 0; c && i < names.n; i++)
		free(c[i].failed);
	free(c);
	free(idx);
	sv_clear(&names);
	sv_clear(&dirs);
	sv_clear(&pythons);
	return rc;
}
