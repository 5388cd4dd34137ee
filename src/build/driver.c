/* driver.c - the pipeline (see driver.h): the only file that knows every
 * phase; it turns every failure into report.json and the exit status, and
 * says it through the client's message handler (msg.h).  build_main is a
 * few named steps:
 *
 *   open_build_dir   checked, made or adopted, locked, leftovers stopped
 *   know_toolchain   detect, decide LTO and PGO (--pgo on/auto/off)
 *   check_inputs     the training profile, the source's fingerprint
 *   make_plan        stamps + options + --from/--until -> first/last phase
 *   run_phases       each phase: fresh log, run, stamp or fail
 *   finish           report.json, the last line
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build_report.h"
#include "bundle.h"
#include "builddir.h"
#include "choose_cc.h"
#include "driver.h"
#include "err.h"
#include "phases.h"
#include "options.h"
#include "plan.h"
#include "profile.h"
#include "source.h"

static int (*const phase_fns[PH_N])(struct build *) = {
	phase_inspect, phase_configure, phase_instrument, phase_train, phase_merge,
	phase_optimize, phase_bolt, phase_verify, phase_install,
};

/* A failure before the build directory is optpy's: said, nothing written. */
static int refuse(struct build *b, struct err *e)
{
	msg_send(&b->o.msg, MSG_ERROR, "%s", e->msg ? e->msg : "?");
	return e->status;
}

/* A failure around the phases: said, and written into report.json. */
static int fail_setup(struct build *b, struct err *e)
{
	struct report_status st = { "failed", e->status, PH_N, 0, e->msg, NULL };

	if (e->status == EXIT_INTERRUPTED)
		st.status = "interrupted";
	msg_send(&b->o.msg, MSG_ERROR, "%s", e->msg ? e->msg : "?");
	if (build_report_write(b, &st) < 0)
		msg_send(&b->o.msg, MSG_WARNING, "cannot write %s/report.json: %s", b->bdir, strerror(errno));
	return e->status;
}

static int open_build_dir(struct build *b, struct err *e)
{
	int rc, stopped;

	b->bdir = builddir_abspath(b->o.build_dir);
	if (!b->bdir)
		return err_set(e, EXIT_BUILD_DIR, "cannot resolve the build directory %s\n"
			       "  fix: give a --build-dir without '.' or '..' below a missing directory",
			       b->o.build_dir);
	if ((rc = builddir_check(b->bdir, b->o.source, e)) ||
	    (rc = builddir_prepare(b->bdir, e)) || (rc = builddir_lock(b->bdir, &b->lockfd, e)))
		return rc;
	b->obj = path_join(b->bdir, "obj");
	b->logs = path_join(b->bdir, "logs");
	b->stamps = path_join(b->bdir, "stamps");
	b->rawdir = path_join(b->bdir, "profile/raw");
	b->profdir = path_join(b->bdir, "profile/data");
	b->runs.tmpdir = b->o.tmpdir;
	for (size_t i = 0; i < b->o.taken.n; i++) {
		sv_push(&b->notes, b->o.taken.v[i]);
		msg_send(&b->o.msg, MSG_NOTE, "optpy: %s", b->o.taken.v[i]);
	}
	run_install_signals();
	stopped = builddir_take_over(b->bdir, &b->runs, &b->children_path);
	if (stopped)
		sv_pushf(&b->notes, "stopped %d process(es) that a killed optpy left running in %s",
			 stopped, b->bdir);
	return 0;
}

/* Neither --cc nor CC: the decision table picks by the CPython version
 * and the compilers on the machine.  --cc and CC mean what they say. */
static void pick_compiler(struct build *b)
{
	const char *env = env_get(&b->o.env, "CC");
	struct pyversion v;
	struct toolsets ts;
	struct cc_choice c;

	if (b->o.cc || (env && *env) || source_peek_version(b->o.source, &v) < 0)
		return;
	toolsets_find(&ts, NULL);
	choose_cc(&v, &ts, &c);
	if (c.cc) {
		b->chosen_cc = xstrdup(c.cc);
		b->chosen_why = c.why;
		b->chosen_source = c.source;
		sv_pushf(&b->notes, "compiler: %s, chosen for CPython %s: %s [%s]; --cc or CC choose "
			 "another", c.cc, v.str, c.why, c.source);
		build_say(b, "compiler: %s, chosen for CPython %s (%s); --cc or CC choose another",
			  c.cc, v.str, c.why);
	}
	toolsets_free(&ts);
}

/* A Python that runs Tools/jit/build.py (>= 3.11): the first of
 * python3.<minor> ... python3.11, python3 that really runs (a version
 * manager's shim that exits 127 does not).  Malloc'd, or NULL with what
 * was tried in *tried. */
static char *regen_python(struct build *b, int minor, struct strbuf *tried)
{
	struct strvec names = { 0 };
	char *found = NULL;

	for (int m = minor > 11 ? minor : 11; m >= 11; m--)
		sv_pushf(&names, "python3.%d", m);
	sv_push(&names, "python3");
	for (size_t i = 0; i < names.n && !found; i++) {
		char *p = which(names.v[i]);
		char *argv[] = { p, "-c", "import sys; sys.exit(not sys.version_info[:2] >= (3, 11))", NULL };
		struct strbuf out = STRBUF_INIT;
		int rc;

		if (!p)
			continue;
		rc = run_capture(&b->runs, argv, env_vector(&b->o.env), &out, 30);
		if (rc == 0)
			found = p;
		else {
			sb_addf(tried, "%s%s (exit %d)", tried->len ? ", " : "", p, rc);
			free(p);
		}
		sb_release(&out);
	}
	sv_clear(&names);
	return found;
}

/* The JIT and free-threaded variants (optpy's --jit and --free-threaded,
 * or configure's own arguments): what this CPython and this machine need
 * for them, found now, not in the middle of the instrumented build. */
static int check_variant(struct build *b, struct err *e)
{
	struct pyversion v;
	const struct pyfacts *f;
	struct strbuf tried = STRBUF_INIT;
	int rc = 0;

	cpython_variant(b->o.configure_args.v, &b->variant);
	if ((!b->variant.jit && !b->variant.free_threaded) || source_peek_version(b->o.source, &v) < 0 ||
	    !(f = pyfacts_for(v.major, v.minor)))
		return 0;
	if (b->variant.jit && b->variant.free_threaded)
		return err_set(e, EXIT_USAGE, "the JIT and the free-threaded build together: CPython's JIT "
			       "is not available in free-threaded builds (3.14 and 3.15 What's New)\n  fix: "
			       "choose one of --jit and --free-threaded");
	if (b->variant.free_threaded && !f->free_threading)
		return err_set(e, EXIT_SOURCE, "CPython %s has no free-threaded build (--disable-gil is "
			       "3.13+, PEP 703)\n  fix: a CPython 3.13 or newer source", v.str);
	if (b->variant.jit && !f->jit_llvm)
		return err_set(e, EXIT_SOURCE, "CPython %s has no JIT (--enable-experimental-jit is "
			       "3.13+)\n  fix: a CPython 3.13 or newer source", v.str);
	if (b->variant.jit) {
		struct toolsets ts;
		const struct llvm_set *s = NULL;
		char *cl = xasprintf("clang-%d", f->jit_llvm), *ro = xasprintf("llvm-readobj-%d", f->jit_llvm);
		char *clp = which(cl), *rop = which(ro);

		toolsets_find(&ts, NULL);
		if ((!clp || !rop) && f->jit_llvm_override)
			for (int i = 0; i < ts.nllvm && !s; i++)
				if (ts.llvm[i].major > f->jit_llvm && ts.llvm[i].clang && ts.llvm[i].readobj)
					s = &ts.llvm[i];
		if (clp && rop) {
			sv_pushf(&b->notes, "JIT: built with LLVM %d (%s, %s), as CPython %d.%d's "
				 "Tools/jit/_llvm.py asks", f->jit_llvm, clp, rop, v.major, v.minor);
		} else if (s) {
			b->jit_llvm_version = s->major;
			build_warn(b, "JIT: CPython %s's JIT is made for LLVM %d, which is not here: building "
				   "it with LLVM %d (LLVM_VERSION=%d), a version CPython does not test",
				   v.str, f->jit_llvm, s->major, s->major);
		} else {
			rc = err_set(e, EXIT_NO_CC, "CPython %s's JIT is built with LLVM %d's clang and "
				     "llvm-readobj, and %s%s%s %s not on PATH\n  fix: apt-get install clang-%d "
				     "llvm-%d (or drop --jit / --enable-experimental-jit)", v.str, f->jit_llvm,
				     clp ? "" : cl, !clp && !rop ? " and " : "", rop ? "" : ro,
				     !clp && !rop ? "are" : "is", f->jit_llvm, f->jit_llvm);
		}
		toolsets_free(&ts);
		free(cl);
		free(ro);
		free(clp);
		free(rop);
		if (rc)
			return rc;
		for (size_t i = 0; i < b->o.configure_args.n; i++)
			if (startswith(b->o.configure_args.v[i], "PYTHON_FOR_REGEN="))
				return 0;
		if (!(b->regen_python = regen_python(b, v.minor, &tried))) {
			rc = err_set(e, EXIT_BAD_ENV, "the JIT's build runs Tools/jit/build.py under a Python "
				     ">= 3.11 (PYTHON_FOR_REGEN), and none works on PATH (tried: %s)\n  fix: "
				     "apt-get install python3 (3.11 or newer), or give PYTHON_FOR_REGEN=/path/to/"
				     "python3 after --", tried.len ? sb_str(&tried) : "none found");
		} else {
			sv_pushf(&b->notes, "JIT: PYTHON_FOR_REGEN=%s runs Tools/jit/build.py", b->regen_python);
		}
	}
	sb_release(&tried);
	return rc;
}

/* What detect and decide found, refused where a build cannot go on. */
static int check_toolchain(struct build *b, struct err *e)
{
	if (b->d.refused)
		return err_set(e, EXIT_LTO_REFUSED, "%s", b->d.refused);
	if (b->d.timed_out)
		return err_set(e, EXIT_NO_CC, "%d toolchain probe command(s) timed out after %g s each, "
			       "so LTO and PGO cannot be decided (optpy detect --verbose shows which)\n"
			       "  fix: a slow machine or compiler needs a longer limit: "
			       "OPTPY_PROBE_TIMEOUT=SECONDS (now %g)", b->d.timed_out, b->d.probe_timeout,
			       b->d.probe_timeout);
	if (b->tc.family == CC_UNKNOWN)
		return err_set(e, EXIT_UNKNOWN_CC, "'%s' is not a compiler optpy knows\n"
			       "  fix: set CC or --cc to gcc or clang", b->tc.cc_string);
	for (size_t i = 0; i < b->tc.cc.n; i++)
		if (source_path_trouble(b->tc.cc.v[i]))
			return err_set(e, EXIT_BAD_ENV, "the compiler word '%s' has %s in it, which CPython's "
				       "configure and makefiles cannot take\n  fix: make a link to it from a "
				       "path without one (e.g. ln -s '%s' /usr/local/bin/mycc) and use that",
				       b->tc.cc.v[i], source_path_trouble(b->tc.cc.v[i]), b->tc.cc.v[i]);
	return 0;
}

/* BOLT: used where it works unless --bolt off; --bolt on fails without it. */
static int decide_bolt(struct build *b, struct err *e)
{
	b->bolt_why = b->o.bolt == BOLT_OFF ? "--bolt off" : bolt_unusable(&b->tc);
	b->bolt = !b->bolt_why;
	if (b->o.bolt == BOLT_ON && !b->bolt)
		return err_set(e, EXIT_NO_BOLT, "BOLT cannot be used: %s\n  fix: install it, or --bolt auto "
			       "(use it where it works) / --bolt off", b->bolt_why);
	if (b->o.bolt == BOLT_AUTO && !b->bolt)
		build_warn(b, "BOLT not used: %s (--bolt off says you do not want it)", b->bolt_why);
	return 0;
}

/* PGO that the toolchain cannot do: an error with --pgo on, a loud
 * warning with --pgo auto. */
static int decide_pgo(struct build *b, struct err *e)
{
	struct strbuf why = STRBUF_INIT;
	int rc = 0;

	if (b->o.pgo == PGO_OFF || b->d.pgo)
		return 0;
	for (size_t i = 0; i < b->d.pgo_reasons.n; i++)
		sb_addf(&why, "%s%s", i ? "; " : "", b->d.pgo_reasons.v[i]);
	if (b->o.pgo == PGO_ON)
		rc = err_set(e, EXIT_NO_PGO, "PGO does not work with this toolchain (%s)\n"
			     "  fix: %s%s--pgo auto builds without it (with a warning), --pgo off "
			     "skips it", sb_str(&why), b->d.pgo_fix ? b->d.pgo_fix : "",
			     b->d.pgo_fix ? "; or " : "");
	else
		build_warn(b, "PGO does not work with this toolchain (%s): this build is NOT "
			   "profile-guided (--pgo auto)%s%s", sb_str(&why),
			   b->d.pgo_fix ? "; fix: " : "", b->d.pgo_fix ? b->d.pgo_fix : "");
	sb_release(&why);
	return rc;
}

static int know_toolchain(struct build *b, struct err *e)
{
	struct detect_opts dopts = { 0 };
	int rc;

	pick_compiler(b);
	if ((rc = check_variant(b, e)))
		return rc;
	dopts.env = &b->o.env;
	dopts.cc = b->o.cc ? b->o.cc : b->chosen_cc;
	dopts.tmpdir = b->o.tmpdir;
	dopts.probe_timeout = b->o.probe_timeout;
	dopts.probe_cache = b->o.probe_cache;
	dopts.runs = &b->runs;
	if (b->o.tmpdir && !is_dir(b->o.tmpdir))
		return err_set(e, EXIT_TMPDIR, "--tmpdir %s: cannot create a temporary directory there (no "
			       "such directory)\n  fix: give --tmpdir a writable directory", b->o.tmpdir);
	if ((rc = detect_toolchain(&b->tc, &dopts, e)) || (rc = decide(&b->d, &b->tc, b->o.lto, &dopts, e)) ||
	    (rc = check_toolchain(b, e)))
		return rc;
	if (b->d.cache_note)
		build_warn(b, "OPTPY_PROBE_CACHE: %s", b->d.cache_note);
	if (b->o.cpu_level) {
		if ((rc = cpu_level_flag(&b->tc, b->o.cpu_level, &b->march, e)))
			return rc;
		sv_pushf(&b->notes, "--cpu-level %s: %s in both builds (this CPU has every feature of it); "
			 "the interpreter needs such a CPU", b->o.cpu_level, b->march);
	}
	b->pgo = b->o.pgo != PGO_OFF && b->d.pgo;
	if (uses_ccache(&b->tc) && !env_get(&b->o.env, "CCACHE_BASEDIR")) {
		/* paths below the build directory hashed as relative ones, so that
		 * another build directory can hit the same cache entries: for this
		 * build's children only (another build in this process is not told) */
		sv_pushf(&b->child_env, "CCACHE_BASEDIR=%s", b->bdir);
		sv_pushf(&b->notes, "ccache: CCACHE_BASEDIR=%s (set CCACHE_BASEDIR to choose another)", b->bdir);
	}
	if ((rc = decide_bolt(b, e)))
		return rc;
	build_say(b, "toolchain: %s %s; LTO %s%s%s; PGO %s; BOLT %s", family_name(b->tc.family),
		  b->tc.version.str, lto_name(b->d.lto), b->d.linker ? " with " : "",
		  b->d.linker ? b->d.linker : "", b->pgo ? "yes" : b->o.pgo == PGO_OFF ? "off (--pgo off)"
		  : "NOT POSSIBLE", b->bolt ? "yes" : "no");
	return decide_pgo(b, e);
}

/* What needs no build directory, checked before one is made: the
 * training manifest (a bad one is found now, not after the instrumented
 * build). */
static int check_request(struct build *b, struct err *e)
{
	struct profile prof;
	char *msg;
	int rc;

	if (b->o.pgo == PGO_OFF || b->o.use_profile)
		return 0;
	if ((msg = profile_load_spec(b->o.profile, b->o.profile_task, &prof))) {
		rc = err_set(e, EXIT_USAGE, "%s\n  fix: --profile NAME (a file in %s/profiles) or a "
			     "manifest path", msg, datadir());
		free(msg);
		return rc;
	}
	b->training_fp = profile_fingerprint(&prof);
	profile_free(&prof);
	return 0;
}

static int check_inputs(struct build *b, struct err *e)
{
	return source_fingerprint(b->o.source, &b->source_fp, e);
}

/* A stamp is trusted only while the binaries its phase left are still
 * there byte for byte: one replaced since (by hand, or by a phase that
 * could not undo its own step) sends the build back to the phase that
 * made it, never past it to "done". */
static void distrust_stamps(struct build *b, struct plan_in *in)
{
	static const enum phase makers[] = { PH_OPTIMIZE, PH_BOLT };

	for (size_t i = 0; i < sizeof(makers) / sizeof(makers[0]); i++) {
		enum phase p = makers[i];
		char *which = NULL;

		if (!(in->done & (1u << p)) || stamp_binaries_match(b, p, p == PH_OPTIMIZE, &which))
			continue;
		in->done &= (1u << p) - 1;
		build_warn(b, "%s is not the binary the %s phase left (changed since): redoing %s",
			   which, phase_name(p), phase_name(p));
		free(which);
		break;
	}
}

static int make_plan(struct build *b, struct plan *plan, struct err *e)
{
	struct plan_in in = { 0 };
	struct strbuf what = STRBUF_INIT;
	char *opath = path_join(b->stamps, "options");
	char *old = read_file_flags(opath, NULL, O_NOFOLLOW);
	char *cur = build_options_record(b);
	int rc = 0;

	for (int p = 0; p < PH_N; p++)
		if (stamp_exists(b, (enum phase)p))
			in.done |= 1u << p;
	distrust_stamps(b, &in);
	in.obj = obj_state(b);
	in.from = b->o.from;
	in.until = b->o.until;
	in.install = b->o.install;
	in.changed = old || in.done ? plan_first_changed(old, cur, &what) : PH_N;
	if (in.done & 1u) {
		char *ip = stamp_path(b, PH_INSPECT);
		char *text = read_file_flags(ip, NULL, O_NOFOLLOW);
		json_t *v = text ? js_parse(text, NULL) : NULL;
		const char *fp = js_str(js_get(v, STAMP_SOURCE_FP), "");

		if (strcmp(fp, b->source_fp)) {
			in.changed = PH_INSPECT;
			in.source_changed = 1;
		}
		json_decref(v);
		free(text);
		free(ip);
	}
	if (in.done & (1u << PH_TRAIN) && b->training_fp) {
		json_t *v = stamp_read(b, PH_TRAIN);
		const char *was = js_str(js_get(v, STAMP_TRAINING_SHA256), NULL);

		/* an edited manifest or task script makes the profile stale */
		if (was && strcmp(was, b->training_fp) && in.changed > PH_TRAIN) {
			in.changed = PH_TRAIN;
			in.training_changed = 1;
		}
		json_decref(v);
	}
	plan_build(&in, plan);
	if (plan->refuse) {
		rc = err_set(e, EXIT_USAGE, "%s was built with other options (%s)\n  fix: use the same "
			     "options, another --build-dir, or --from %s to rebuild from the first phase "
			     "they change", b->bdir, sb_str(&what), phase_name((enum phase)in.changed));
		goto out;
	}
	/* everything is checked: only now is anything of the last run replaced */
	if (write_file(opath, cur, strlen(cur)) < 0) {
		rc = err_set(e, EXIT_TMPDIR, "cannot write %s: %s", opath, strerror(errno));
		goto out;
	}
	for (int p = plan->start; p < PH_N; p++)
		stamp_remove(b, (enum phase)p);
	if (plan->reset_optimizing)
		obj_state_write(b->stamps, OBJ_OPTIMIZED);
	b->fresh_source = plan->start == PH_INSPECT;
	for (size_t i = 0; i < plan->why.n; i++) {
		build_say(b, "%s", plan->why.v[i]);
		sv_push(&b->notes, plan->why.v[i]);
	}
out:
	sb_release(&what);
	free(opath);
	free(old);
	free(cur);
	return rc;
}

static int fail_phase(struct build *b, enum phase p, int status, double secs)
{
	char *log = phase_log_path(b, p);
	char *text = read_file_flags(log, NULL, O_NOFOLLOW);
	struct strbuf tail = STRBUF_INIT;
	struct report_status st = { "failed", status, (int)p, secs, b->fail_msg, NULL };

	if (status == EXIT_INTERRUPTED) {
		st.status = "interrupted";
		st.message = "interrupted (SIGINT, SIGTERM or SIGHUP)";
	}
	sb_tail_lines(&tail, text ? text : "", 20);
	st.log_tail = sb_str(&tail);
	if (b->fail_msg && status != EXIT_INTERRUPTED)
		msg_send(&b->o.msg, MSG_ERROR, "%s: %s", phase_name(p), b->fail_msg);
	/* the log's tail goes with the failure, quiet or not */
	msg_send(&b->o.msg, MSG_RESULT, "optpy: %s %s after %.0f s (exit %d). Last lines of %s:\n%s",
		 phase_name(p), status == EXIT_INTERRUPTED ? "interrupted" : "failed", secs, status, log,
		 sb_str(&tail));
	if (build_report_write(b, &st) < 0)
		msg_send(&b->o.msg, MSG_WARNING, "cannot write %s/report.json: %s", b->bdir, strerror(errno));
	if (status == EXIT_INTERRUPTED)
		msg_send(&b->o.msg, MSG_RESULT, "optpy: interrupted; run the same command again to resume at %s",
			 phase_name(p));
	free(log);
	free(text);
	sb_release(&tail);
	return status;
}

/* One phase: a fresh log (the previous attempt's stays as .log.1), the
 * phase, its stamp. */
static int run_phase(struct build *b, enum phase p)
{
	char *log = phase_log_path(b, p), *old = xasprintf("%s.1", log);
	char *stamp;
	double secs;
	int rc;

	rename(log, old);
	free(log);
	free(old);
	b->current = p;
	b->phase_started = now();
	free(b->fail_msg);
	b->fail_msg = NULL;
	jw_free(&b->res);
	jw_obj(&b->res, NULL);
	memset(&b->farm, 0, sizeof(b->farm));
	build_log(b, "%s started", phase_name(p));
	rc = phase_fns[p](b);
	secs = now() - b->phase_started;
	if (run_interrupted)
		rc = EXIT_INTERRUPTED;
	if (rc == 0) {
		log = phase_log_path(b, p);
		farm_record(b);
		jw_str(&b->res, "status", "ok");
		jw_num(&b->res, STAMP_SECONDS, secs);
		jw_str(&b->res, "log", log);
		jw_end_obj(&b->res);
		free(log);
		stamp = stamp_path(b, p);
		if (jw_write(&b->res, stamp) < 0)
			rc = build_fail(b, EXIT_TMPDIR, "cannot write %s: %s", stamp, strerror(errno));
		free(stamp);
	}
	jw_free(&b->res);
	return rc ? fail_phase(b, p, rc, secs) : 0;
}

static int run_phases(struct build *b, const struct plan *plan)
{
	int rc;

	if (plan->start > PH_INSPECT && plan->start <= plan->last) {
		/* inspect is cheap and fills in the version and paths: always run it */
		b->current = PH_INSPECT;
		jw_obj(&b->res, NULL);
		rc = phase_inspect(b);
		jw_free(&b->res);
		if (rc != 0)
			return fail_phase(b, PH_INSPECT, rc, 0);
		build_say(b, "resuming at %s", phase_name((enum phase)plan->start));
	}
	for (int p = plan->start; p <= plan->last && p < PH_N; p++) {
		double t = now();

		msg_send(&b->o.msg, MSG_BEGIN, "%s", phase_name((enum phase)p));
		build_say(b, "%s ...", phase_name((enum phase)p));
		rc = run_phase(b, (enum phase)p);
		if (rc == 0)
			build_say(b, "%s done in %.0f s", phase_name((enum phase)p), now() - t);
		msg_send(&b->o.msg, MSG_END, "%s", phase_name((enum phase)p));
		if (rc != 0)
			return rc;
		struct report_status st = { "running", 0, -1, 0, NULL, NULL };

		if (build_report_write(b, &st) < 0)
			build_warn(b, "cannot write %s/report.json: %s", b->bdir, strerror(errno));
	}
	return 0;
}

static int finish(struct build *b, const struct plan *plan, double t0)
{
	struct report_status st = { "ok", 0, -1, 0, NULL, NULL };
	int partial = plan->last < PH_VERIFY;

	if (partial)
		st.status = "partial";
	if (build_report_write(b, &st) < 0) {
		msg_send(&b->o.msg, MSG_ERROR, "cannot write %s/report.json: %s", b->bdir, strerror(errno));
		return EXIT_TMPDIR;
	}
	if (partial)
		build_say(b, "stopped after %s (--until) in %.0f s", phase_name((enum phase)plan->last),
			  now() - t0);
	else
		build_say(b, "done in %.0f s: %s; report: %s/report.json", now() - t0,
			  b->python ? b->python : b->obj, b->bdir);
	return EXIT_OK;
}

int build_main(struct build *b)
{
	struct err e = { 0 };
	struct plan plan = { 0 };
	double t0 = now();
	int rc;

	b->tty = isatty(2);
	b->lockfd = -1;
	b->current = PH_N;
	if ((rc = check_request(b, &e)) != 0 || (rc = open_build_dir(b, &e)) != 0) {
		rc = refuse(b, &e);
		goto out;
	}
	if ((rc = know_toolchain(b, &e)) || (rc = check_inputs(b, &e)) || (rc = make_plan(b, &plan, &e))) {
		if (run_interrupted && rc != EXIT_INTERRUPTED) {
			err_clear(&e);
			rc = err_set(&e, EXIT_INTERRUPTED, "interrupted before the first phase");
		}
		rc = fail_setup(b, &e);
		goto out;
	}
	rc = run_phases(b, &plan);
	if (rc == 0)
		rc = finish(b, &plan, t0);
out:
	/* what this build took goes back: the lock (a tournament builds its
	 * winner again in the same directory), the environment it set, the
	 * record of its children, its temporary directory */
	if (b->lockfd >= 0)
		close(b->lockfd);
	b->lockfd = -1;
	sv_clear(&b->child_env);
	if (b->children_path)
		builddir_let_go(&b->runs, &b->children_path);
	run_ctx_release(&b->runs);
	plan_free(&plan);
	err_clear(&e);
	return rc;
}
