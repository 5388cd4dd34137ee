/* bolt.c - phase 7: post-link layout optimization of the final binary with
 * llvm-bolt, between optimize and verify.  The PGO+LTO binary (linked with
 * --emit-relocs, see makevars.c) is kept as obj/python.prebolt; an
 * instrumented copy takes its place while the training profile runs on it
 * (per-process profile files, the same crash tolerance as train); the
 * profiles are merged with merge-fdata and applied; the result replaces
 * the binary only when it passes a test subset, else the PGO+LTO binary is
 * put back and the build goes on with a warning.  With --enable-shared,
 * libpython's shared object is done the same way. */
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle.h"
#include "err.h"
#include "phases.h"
#include "profile.h"
#include "walk.h"

/* Options and functions kept out, each with where that is known from;
 * the report lists them. */
static const struct bolt_rule {
	const char *what;          /* the option, or the functions (a regex over symbol names) */
	int skip;                  /* 1: `what` is a symbol regex to skip */
	int llvm_below;            /* applies below this LLVM major (0: always) */
	const char *why;           /* what goes wrong */
	const char *source;        /* where that is known from */
} rules[] = {
	{ "-icf=1", 0, 0, "identical code folding of every function miscompiled a str subclass; "
	  "only -icf=safe is used, where llvm-bolt has it (LLVM >= 20)",
	  "uv#13610, python-build-standalone PR 622" },
	{ "-use-gnu-stack", 0, 0, "made the stack executable", "llvm#174191" },
	{ "-hugify", 0, 0, "startup 21-31% slower", "cpython#128514" },
	{ cpython_computed_goto_re, 1, 21, "llvm-bolt before 21 "
	  "breaks functions with computed gotos (the bytecode loop, the regex engine's match loops): "
	  "skipped there; from LLVM 21 they are rewritten; any other function it cannot rewrite is "
	  "skipped as its error asks", "python-build-standalone#463 and PR 1178, cpython PR 140250" },
	{ "^Hacl_.*[Cc]ompress", 1, 0, "stack corruption in the HACL* hash compress functions: skipped",
	  "python-build-standalone#1186" },
};

static const char *const layout_opts[] = {
	"-reorder-blocks=ext-tsp", "-reorder-functions=cdsort", "-split-functions", "-split-all-cold",
	"-split-eh", "-dyno-stats", NULL,
};

const char *bolt_unusable(const struct toolchain *tc)
{
	if (strcmp(tc->arch, "x86_64"))
		return "llvm-bolt is used on x86-64 only";
	if (strncmp(tc->os, "Linux", 5))
		return "llvm-bolt works on Linux ELF binaries only";
	if (!tc->bolt.path || !tc->bolt.usable)
		return "llvm-bolt not found (Debian: apt-get install bolt-19; or set LLVM_BOLT)";
	if (!tc->merge_fdata.path)
		return "merge-fdata not found beside llvm-bolt (Debian: bolt-19; or set MERGE_FDATA)";
	if (tc->family != CC_GCC && tc->family != CC_CLANG)
		return "BOLT flags are known for gcc and clang only";
	return NULL;
}

/* The other names of each binary in its directory (hard links: CPython
 * makes libpython3.X.so with `ln -f` from libpython3.X.so.1.0, and `make
 * install` copies that name).  A name in *alias goes with the binary at the
 * same index in *owner. */
static void find_aliases(const struct strvec *bins, struct strvec *alias, struct strvec *owner)
{
	for (size_t i = 0; i < bins->n; i++) {
		char *dir = xstrndup(bins->v[i], (size_t)(path_base(bins->v[i]) - bins->v[i]));
		struct strvec names = { 0 };
		struct stat bst, st;

		if (lstat(bins->v[i], &bst) == 0 && bst.st_nlink > 1) {
			list_dir(dir, "", &names);
			for (size_t k = 0; k < names.n; k++)
				if (strcmp(names.v[k], bins->v[i]) && lstat(names.v[k], &st) == 0 &&
				    S_ISREG(st.st_mode) && st.st_ino == bst.st_ino && st.st_dev == bst.st_dev) {
					sv_push(alias, names.v[k]);
					sv_push(owner, bins->v[i]);
				}
		}
		sv_clear(&names);
		free(dir);
	}
}

/* The binaries' other names made hard links to what is in place now (the
 * BOLTed binary, or the PGO+LTO one put back). */
static void relink_aliases(struct build *b, const struct strvec *alias, const struct strvec *owner)
{
	for (size_t i = 0; i < alias->n; i++) {
		char *tmp = xasprintf("%s.optpy-link", alias->v[i]);

		unlink(tmp);
		if (link(owner->v[i], tmp) < 0 || rename(tmp, alias->v[i]) < 0) {
			build_warn(b, "cannot make %s a link to %s again: %s", alias->v[i], owner->v[i],
				   strerror(errno));
			unlink(tmp);
		}
		free(tmp);
	}
}

/* The symbols of bin that the rules say to skip, as -skip-funcs=a,b
 * (NULL when none); each also goes into skipped. */
static char *skip_list(struct build *b, const char *bin, struct strvec *skipped)
{
	char *argv[] = { "nm", "--defined-only", "-P", (char *)bin, NULL };
	struct strbuf out = STRBUF_INIT, arg = STRBUF_INIT;
	struct strvec funcs = { 0 };
	int llvm = b->tc.bolt.ver.major;

	if (run_capture(&b->runs, argv, env_vector(&b->o.env), &out, 120) != 0) {
		build_warn(b, "nm could not list the symbols of %s: the functions to skip are not skipped",
			   bin);
		sb_release(&out);
		return NULL;
	}
	/* "name T address size": the text symbols; BOLT names a local one
	 * (t) "name/N", which its -skip-funcs regex must match too */
	for (char *line = out.buf, *save = NULL, *tok; (tok = strtok_r(line, "\n", &save)); line = NULL) {
		char *sp = strchr(tok, ' ');

		if (sp && (sp[1] == 'T' || sp[1] == 't')) {
			*sp = '\0';
			sv_pushf(&funcs, "%s%s", tok, sp[1] == 't' ? "/" : "");
		}
	}
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		regex_t re;

		if (!rules[i].skip || (rules[i].llvm_below && llvm >= rules[i].llvm_below))
			continue;
		if (regcomp(&re, rules[i].what, REG_EXTENDED | REG_NOSUB))
			BUG("bad regex %s", rules[i].what);
		for (size_t j = 0; j < funcs.n; j++) {
			char *name = xstrdup(funcs.v[j]);
			int local = endswith(name, "/");

			if (local)
				name[strlen(name) - 1] = '\0';
			if (regexec(&re, name, 0, NULL, 0) == 0) {
				sb_addf(&arg, "%s%s%s", arg.len ? "," : "-skip-funcs=", name, local ? "/.*" : "");
				sv_push(skipped, name);
			}
			free(name);
		}
		regfree(&re);
	}
	sv_clear(&funcs);
	sb_release(&out);
	if (!arg.len) {
		sb_release(&arg);
		return NULL;
	}
	return sb_detach(&arg);
}

/* The function llvm-bolt's last error asks to skip ("... in function
 * NAME. Consider adding this function to --skip-funcs"), or NULL. */
static char *asked_to_skip(struct build *b)
{
	char *log = phase_log_path(b, PH_BOLT);
	char *text = read_file_flags(log, NULL, O_NOFOLLOW);
	char *hint = NULL, *res = NULL, *p;

	for (p = text; p && (p = strstr(p, "Consider adding this function to --skip-funcs")); p++)
		hint = p;
	if (hint) {
		char *fn = hint;

		while (fn > text && strncmp(fn, "in function ", 12))
			fn--;
		if (!strncmp(fn, "in function ", 12) && hint - fn > 14)
			res = xstrndup(fn + 12, (size_t)(hint - fn - 14)); /* up to ". " */
	}
	free(text);
	free(log);
	return res;
}

/* llvm-bolt in -> out.  A function it cannot rewrite (LLVM 19 and computed
 * gotos beyond the ones the rules know) is added to *skip and it is run
 * again, at most 8 times; each goes into skipped. */
static int bolt_run(struct build *b, const char *in, const char *out, char **skip,
		    const char *const *extra, struct strvec *skipped)
{
	int rc = -1;

	for (int attempt = 0; attempt < 9; attempt++) {
		struct strvec argv = { 0 };
		char *fn;

		sv_push(&argv, b->tc.bolt.path);
		/* relative to the build directory (its cwd): llvm-bolt records its
		 * command line in the binary, which must not hold the build path */
		sv_push(&argv, build_relpath(b, in));
		sv_pushf(&argv, "-o=%s", build_relpath(b, out));
		sv_pushv(&argv, (char *const *)extra);
		if (*skip)
			sv_push(&argv, *skip);
		rc = build_run(b, argv.v, NULL, b->bdir, 1800);
		sv_clear(&argv);
		if (rc == 0 || run_interrupted || !(fn = asked_to_skip(b)))
			break;
		if (*skip && strstr(*skip, fn)) {
			free(fn);
			break;
		}
		build_log(b, "llvm-bolt cannot rewrite %s: skipping it and trying again", fn);
		{
			char *more = xasprintf("%s%s%s", *skip ? *skip : "-skip-funcs=", *skip ? "," : "", fn);

			free(*skip);
			*skip = more;
		}
		sv_pushf(skipped, "%s (llvm-bolt could not rewrite it)", fn);
		free(fn);
	}
	return rc;
}

/* Put the PGO+LTO binaries back.  0, or the phase's failure: a binary
 * that cannot be put back is an instrumented or broken one in its place,
 * and the phase has failed (a rerun redoes bolt from python.prebolt). */
static int restore(struct build *b, const struct strvec *bins)
{
	int rc = 0;

	for (size_t i = 0; i < bins->n; i++) {
		char *pre = xasprintf("%s.prebolt", bins->v[i]);

		if (copy_file(pre, bins->v[i]) < 0 && !rc)
			rc = build_fail(b, EXIT_TMPDIR, "cannot put %s back in place: %s; %s is not the "
					"PGO+LTO binary\n  fix: free space in the build directory's file "
					"system and run the same command again (bolt is redone)",
					build_relpath(b, pre), strerror(errno), build_relpath(b, bins->v[i]));
		free(pre);
	}
	return rc;
}

/* BOLT did not work out: the PGO+LTO binaries stay, the build goes on. */
static int fall_back(struct build *b, const struct strvec *bins, const char *why)
{
	int rc = restore(b, bins);

	if (rc)
		return rc;
	build_warn(b, "BOLT not applied: %s; keeping the PGO+LTO binary", why);
	jw_str(&b->res, "outcome", "fallback");
	jw_str(&b->res, "why", why);
	return 0;
}

/* Does the interpreter in place (the BOLTed one, or the PGO+LTO one:
 * `what`) still work: its version, deep recursion, and (unless
 * --verify-tests none) a test subset larger than verify's?  0, or -1 with
 * *why (malloc'd). */
static int works(struct build *b, const char *what, char **why)
{
	struct strvec env = { 0 };
	struct strbuf out = STRBUF_INIT;
	char *rwhy = NULL;
	int rc;

	*why = NULL;
	python_env(b, &env);
	if ((rc = python_says_version(b, env.v, &out)) != 0)
		*why = xasprintf("the %s interpreter does not start (exit %d: %.120s)", what, rc > 0 ? rc : 0,
				 sb_str(&out));
	else if (python_recursion_ok(b, env.v, &rwhy) != 0)
		*why = xasprintf("the %s interpreter fails the recursion check: %s", what, rwhy);
	else if ((!b->o.verify_tests || strcmp(b->o.verify_tests, "none")) &&
		 (rc = python_tests(b, env.v, cpython_bolt_tests, 1800)) != 0)
		*why = xasprintf("the %s interpreter failed its test subset (exit %d)", what, rc);
	free(rwhy);
	sv_clear(&env);
	sb_release(&out);
	return *why ? -1 : 0;
}

/* The BOLTed interpreter failed a check (why): the same checks on the
 * PGO+LTO one, put back in place, say whether BOLT is to blame.  Returns
 * the reason to report (malloc'd; why is freed). */
static char *blame(struct build *b, const struct strvec *bins, char *why)
{
	char *pwhy = NULL, *res;

	if (restore(b, bins) != 0)
		return why;             /* the phase has failed: fall_back's restore says it again */
	if (works(b, "PGO+LTO", &pwhy) == 0) {
		jw_bool(&b->res, "prebolt_works", 1);
		res = xasprintf("%s, where the PGO+LTO one passes", why);
	} else {
		jw_bool(&b->res, "prebolt_works", 0);
		res = xasprintf("%s, and so does the PGO+LTO one without BOLT (%s): not BOLT's doing; "
				"verify judges the PGO+LTO interpreter", why, pwhy);
	}
	free(pwhy);
	free(why);
	return res;
}

/* A warm build (--use-profile) whose bundle holds BOLT's profile of every
 * binary, made by this llvm-bolt: applied as they are, with no
 * instrumented binary and no training (and the same layout every time). */
static int stored_profiles(struct build *b, const struct strvec *bins)
{
	struct err e = { 0 };
	json_t *m = b->o.use_profile ? bundle_manifest(b->o.use_profile, &e) : NULL;
	const char *made_by = js_str(js_get(m, "llvm_bolt"), NULL);
	int ok = m && made_by && b->tc.bolt.banner && !strcmp(made_by, b->tc.bolt.banner);
	/* a bundle used despite differences (--allow-mismatch; instrument
	 * counted them) was made for other code: its BOLT profiles are stale */
	int stale = ok && stamp_num(b, PH_INSTRUMENT, STAMP_BUNDLE_MISMATCH, 0) > 0;

	if (stale) {
		build_log(b, "the bundle does not fit this build (--allow-mismatch): its BOLT "
			  "profiles would not fit the binary; training BOLT anew");
		ok = 0;
	}
	for (size_t i = 0; ok && i < bins->n; i++) {
		char *f = xasprintf("%s/%s.fdata", b->profdir, path_base(bins->v[i]));

		ok = is_file(f);
		free(f);
	}
	if (m && made_by && !ok && !stale)
		build_log(b, "the bundle's BOLT profiles do not fit (made by %s, or a binary missing): "
			  "training BOLT anew", made_by);
	json_decref(m);
	err_clear(&e);
	return ok;
}

/* merge-fdata of the profiles of one binary into dir/name.fdata. */
static int merge_profiles(struct build *b, const char *prof, const char *name, const char *fdata)
{
	struct strvec files = { 0 }, argv = { 0 };
	char *prefix = xasprintf("%s.", name);
	int rc = -1;

	list_dir(prof, ".fdata", &files);
	sv_push(&argv, b->tc.merge_fdata.path);
	sv_push(&argv, "-o");
	sv_push(&argv, fdata);
	for (size_t i = 0; i < files.n; i++)
		if (startswith(path_base(files.v[i]), prefix))
			sv_push(&argv, files.v[i]);
	jw_int(&b->res, "profiles", (long long)argv.n - 3);
	if (argv.n > 3 && build_run(b, argv.v, NULL, b->bdir, 600) == 0 && is_file(fdata))
		rc = 0;
	sv_clear(&files);
	sv_clear(&argv);
	free(prefix);
	return rc;
}

/* What one bolt phase holds while it runs. */
struct bolt_state {
	struct strvec bins;        /* the binaries BOLTed (build_binaries) */
	struct strvec unused;      /* libpython's shared object when the interpreter does not load it */
	struct strvec skipped;     /* functions llvm-bolt was told to skip, for the report */
	struct strvec opts;        /* the layout options used */
	struct strvec alias, owner; /* the binaries' other names, and whose (find_aliases) */
	char *dir;                 /* BUILD/bolt */
	char *prof;                /* BUILD/bolt/prof: the instrumented binaries' profiles */
	char **skip;               /* per binary: its -skip-funcs list, or NULL */
	int stored;                /* the profiles come from a stored bundle */
};

/* 1. The PGO+LTO binaries kept beside (an earlier attempt's put back),
 * each in a file of its own: llvm-bolt writes its output in place, which
 * would reach the binary's other names. */
static int keep_prebolt(struct build *b, struct bolt_state *st)
{
	for (size_t i = 0; i < st->bins.n; i++) {
		char *pre = xasprintf("%s.prebolt", st->bins.v[i]);
		int bad = is_file(pre) ? copy_file(pre, st->bins.v[i]) < 0
			  : copy_file(st->bins.v[i], pre) < 0 || copy_file(pre, st->bins.v[i]) < 0;
		int rc = bad ? build_fail(b, EXIT_TMPDIR, "cannot keep %s as %s: %s", st->bins.v[i], pre,
					  strerror(errno)) : 0;

		free(pre);
		if (rc)
			return rc;
	}
	return 0;
}

/* 2. Instrumented copies in the binaries' places: 0, or the status; where
 * llvm-bolt cannot instrument, the PGO+LTO binaries are put back and
 * *fell_back set. */
static int instrument_copies(struct build *b, struct bolt_state *st, int *fell_back)
{
	for (size_t i = 0; i < st->bins.n; i++) {
		char *pre = xasprintf("%s.prebolt", st->bins.v[i]);
		char *file = xasprintf("-instrumentation-file=%s/%s", st->prof, path_base(st->bins.v[i]));
		const char *iopts[] = { "-instrument", file, "-instrumentation-file-append-pid", NULL };
		int rc;

		st->skip[i] = skip_list(b, pre, &st->skipped);
		rc = bolt_run(b, pre, st->bins.v[i], &st->skip[i], iopts, &st->skipped);
		free(pre);
		free(file);
		if (rc) {
			*fell_back = 1;
			return fall_back(b, &st->bins, "llvm-bolt could not instrument the binary (see logs/bolt.log)");
		}
	}
	return 0;
}

/* 4. Binary i's profile merged (or the stored one taken) and 5. applied
 * with the layout options and the rules: NULL, or why not (malloc'd). */
static char *optimize_one(struct build *b, struct bolt_state *st, size_t i)
{
	const char *bin = st->bins.v[i];
	char *pre = xasprintf("%s.prebolt", bin);
	char *fdata = xasprintf("%s/%s.fdata", st->dir, path_base(bin));
	char *outp = xasprintf("%s/%s.bolt", st->dir, path_base(bin));
	char *data = xasprintf("-data=%s", build_relpath(b, fdata));
	struct strvec a = { 0 };
	char *why = NULL;

	sv_push(&a, data);
	sv_pushv(&a, st->opts.v);
	if (st->stored) {
		char *from = xasprintf("%s/%s.fdata", b->profdir, path_base(bin));

		st->skip[i] = skip_list(b, pre, &st->skipped);
		if (copy_file(from, fdata) < 0)
			why = xasprintf("cannot copy the stored BOLT profile %s: %s", from, strerror(errno));
		free(from);
	} else if (merge_profiles(b, st->prof, path_base(bin), fdata) < 0) {
		why = xasprintf("no BOLT profile for %s (merge-fdata found nothing to merge)", bin);
	}
	if (!why && bolt_run(b, pre, outp, &st->skip[i], (const char *const *)a.v, &st->skipped) != 0)
		why = xasprintf("llvm-bolt could not optimize %s (see logs/bolt.log)", bin);
	else if (!why && copy_file(outp, bin) < 0)
		why = xasprintf("cannot put %s in place: %s", outp, strerror(errno));
	sv_clear(&a);
	free(pre);
	free(fdata);
	free(outp);
	free(data);
	return why;
}

/* What the report says of a bolt phase that ran: what was skipped, the
 * rules and where they are known from. */
static void record_rules(struct build *b, const struct bolt_state *st)
{
	jw_arr(&b->res, "skipped_functions");
	for (size_t i = 0; i < st->skipped.n; i++)
		jw_str(&b->res, NULL, st->skipped.v[i]);
	jw_end_arr(&b->res);
	jw_arr(&b->res, "rules");
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		jw_obj(&b->res, NULL);
		jw_str(&b->res, "what", rules[i].what);
		jw_str(&b->res, "why", rules[i].why);
		jw_str(&b->res, "source", rules[i].source);
		jw_end_obj(&b->res);
	}
	jw_end_arr(&b->res);
}

static void bolt_state_free(struct bolt_state *st)
{
	for (size_t i = 0; st->skip && i < st->bins.n; i++)
		free(st->skip[i]);
	free(st->skip);
	free(st->dir);
	free(st->prof);
	sv_clear(&st->bins);
	sv_clear(&st->unused);
	sv_clear(&st->skipped);
	sv_clear(&st->opts);
	sv_clear(&st->alias);
	sv_clear(&st->owner);
}

/* 3. and 6.: train on the instrumented copies, then keep the result only
 * when it works (when it does not, the PGO+LTO binary is checked too, to
 * say whose fault it is); a bundle being saved gets BOLT's profiles. */
static int train_and_apply(struct build *b, struct bolt_state *st)
{
	char *why = NULL;
	int rc, ok = 0, checked = 0;

	if (!st->stored && ((rc = train_profile(b, "bolt-train", &ok)) != 0 || run_interrupted)) {
		int r = restore(b, &st->bins);

		return rc ? rc : r;
	}
	if (!st->stored && !ok)
		return fall_back(b, &st->bins, "every training task failed on the instrumented binary");
	for (int i = 0; layout_opts[i]; i++)
		sv_push(&st->opts, layout_opts[i]);
	if (b->tc.bolt.ver.major >= 20)
		sv_push(&st->opts, "-icf=safe");
	for (size_t i = 0; i < st->bins.n && !why; i++)
		why = optimize_one(b, st, i);
	if (!why)
		checked = works(b, "BOLTed", &why) != 0;
	if (!why) {
		jw_str(&b->res, "outcome", "bolted");
		rc = b->o.save_profile && !b->o.use_profile ? bundle_save_phase(b) : 0;
	} else {
		if (checked)
			why = blame(b, &st->bins, why);
		rc = fall_back(b, &st->bins, why);
	}
	jw_arr(&b->res, "options");
	for (size_t i = 0; i < st->opts.n; i++)
		jw_str(&b->res, NULL, st->opts.v[i]);
	jw_end_arr(&b->res);
	free(why);
	return rc;
}

int phase_bolt(struct build *b)
{
	struct bolt_state st = { 0 };
	int rc, fell_back = 0;

	if (!b->bolt) {
		jw_bool(&b->res, "skipped", 1);
		jw_str(&b->res, "why", b->bolt_why ? b->bolt_why : "--bolt off");
		return 0;
	}
	st.dir = path_join(b->bdir, "bolt");
	st.prof = path_join(st.dir, "prof");
	build_binaries(b, &st.bins, &st.unused);
	find_aliases(&st.bins, &st.alias, &st.owner);
	st.skip = xcalloc(st.bins.n, sizeof(*st.skip));
	rm_rf(st.dir);
	if (mkdir_below(b->bdir, st.prof) < 0) {
		rc = build_fail(b, EXIT_TMPDIR, "cannot create %s: %s", st.prof, strerror(errno));
		goto out;
	}
	rc = keep_prebolt(b, &st);
	if (!rc) {
		jw_str(&b->res, "llvm_bolt", b->tc.bolt.path);
		jw_arr(&b->res, "binaries");
		for (size_t i = 0; i < st.bins.n; i++)
			jw_str(&b->res, NULL, st.bins.v[i]);
		jw_end_arr(&b->res);
		if (st.unused.n) {
			/* no training would reach it: left as the final build made it */
			jw_obj(&b->res, "not_bolted");
			for (size_t i = 0; i < st.unused.n; i++) {
				jw_str(&b->res, path_base(st.unused.v[i]), cpython_unused_lib_why);
				build_log(b, "%s: not BOLTed: %s", path_base(st.unused.v[i]), cpython_unused_lib_why);
			}
			jw_end_obj(&b->res);
		}
		st.stored = stored_profiles(b, &st.bins);
		jw_str(&b->res, "profile_source", st.stored ? "stored" : "trained");
		rc = !st.stored ? instrument_copies(b, &st, &fell_back) : 0;
		if (!rc && !fell_back)
			rc = train_and_apply(b, &st);
	}
	relink_aliases(b, &st.alias, &st.owner);
	if (!rc)
		stamp_binaries(b, &st.bins);
out:
	record_rules(b, &st);
	bolt_state_free(&st);
	return rc;
}
