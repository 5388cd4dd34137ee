/* options.c - build's options in one table (see options.h). */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpython.h"
#include "hash.h"
#include "json.h"
#include "options.h"
#include "probe.h"
#include "source.h"
#include "strbuf.h"

/* Setters: one per row, each storing its argument or saying why not. */

static int set_source(struct build_opts *o, const char *a, struct err *e) { (void)e; o->source = a; return 0; }
static int set_build_dir(struct build_opts *o, const char *a, struct err *e) { (void)e; o->build_dir = a; return 0; }
static int set_prefix(struct build_opts *o, const char *a, struct err *e) { (void)e; o->prefix = a; return 0; }
static int set_cc(struct build_opts *o, const char *a, struct err *e) { (void)e; o->cc = a; return 0; }
static int set_verify_tests(struct build_opts *o, const char *a, struct err *e) { (void)e; o->verify_tests = a; return 0; }
static int set_tmpdir(struct build_opts *o, const char *a, struct err *e) { (void)e; o->tmpdir = a; return 0; }
static int set_save_profile(struct build_opts *o, const char *a, struct err *e) { (void)e; o->save_profile = a; return 0; }
static int set_use_profile(struct build_opts *o, const char *a, struct err *e) { (void)e; o->use_profile = a; return 0; }
static int set_extension_cc(struct build_opts *o, const char *a, struct err *e) { (void)e; o->extension_cc = a; return 0; }
static int set_bench_only(struct build_opts *o, const char *a, struct err *e) { (void)e; o->bench_only = a; return 0; }
static int set_fat_lto(struct build_opts *o, const char *a, struct err *e) { (void)a; (void)e; o->fat_lto = 1; return 0; }
static int set_allow_mismatch(struct build_opts *o, const char *a, struct err *e) { (void)a; (void)e; o->allow_mismatch = 1; return 0; }
static int set_jit(struct build_opts *o, const char *a, struct err *e) { (void)a; (void)e; o->jit = 1; return 0; }
static int set_free_threaded(struct build_opts *o, const char *a, struct err *e) { (void)a; (void)e; o->free_threaded = 1; return 0; }
static int set_quiet(struct build_opts *o, const char *a, struct err *e) { (void)a; (void)e; o->msg.verbosity = 0; return 0; }
static int set_verbose(struct build_opts *o, const char *a, struct err *e) { (void)a; (void)e; o->msg.verbosity = 2; return 0; }
static int set_help(struct build_opts *o, const char *a, struct err *e) { (void)a; (void)e; o->help = 1; return 0; }

static int set_install(struct build_opts *o, const char *a, struct err *e)
{
	(void)a;
	(void)e;
	o->install = 1;
	o->given |= GIVEN_INSTALL;
	return 0;
}

static int set_destdir(struct build_opts *o, const char *a, struct err *e)
{
	(void)e;
	o->destdir = a;
	o->install = 1;
	return 0;
}

static int set_jobs(struct build_opts *o, const char *a, struct err *e)
{
	long n;

	if (num_whole(a, 1, 1024, &n) < 0)
		return err_set(e, EXIT_USAGE, "--jobs: '%s' is not a whole number from 1 to 1024", a);
	o->jobs = (int)n;
	return 0;
}

static int set_bench_runs(struct build_opts *o, const char *a, struct err *e)
{
	long n;

	if (num_whole(a, 1, 1000, &n) < 0)
		return err_set(e, EXIT_USAGE, "--bench-runs: '%s' is not a whole number from 1 to 1000", a);
	o->bench_runs = (int)n;
	return 0;
}

int option_lto(const char *a, enum lto_mode *m, struct err *e)
{
	if (lto_parse(a, m) < 0)
		return err_set(e, EXIT_USAGE, "--lto: unknown mode '%s' (use auto, full, thin or off)", a);
	return 0;
}

static int set_lto(struct build_opts *o, const char *a, struct err *e)
{
	o->given |= GIVEN_LTO;
	return option_lto(a, &o->lto, e);
}

static int set_pgo(struct build_opts *o, const char *a, struct err *e)
{
	o->given |= GIVEN_PGO;
	if (!strcmp(a, "on"))
		o->pgo = PGO_ON;
	else if (!strcmp(a, "auto"))
		o->pgo = PGO_AUTO;
	else if (!strcmp(a, "off"))
		o->pgo = PGO_OFF;
	else
		return err_set(e, EXIT_USAGE, "--pgo: unknown mode '%s' (use on, auto or off)", a);
	return 0;
}

static int set_bolt(struct build_opts *o, const char *a, struct err *e)
{
	o->given |= GIVEN_BOLT;
	if (!strcmp(a, "auto"))
		o->bolt = BOLT_AUTO;
	else if (!strcmp(a, "on"))
		o->bolt = BOLT_ON;
	else if (!strcmp(a, "off"))
		o->bolt = BOLT_OFF;
	else
		return err_set(e, EXIT_USAGE, "--bolt: unknown mode '%s' (use auto, on or off)", a);
	return 0;
}

static int set_profile(struct build_opts *o, const char *a, struct err *e)
{
	(void)e;
	o->profile = a;
	o->given |= GIVEN_PROFILE;
	return 0;
}

static int set_phase(int *out, const char *opt, const char *a, struct err *e)
{
	enum phase p;

	if (phase_parse(a, &p) < 0)
		return err_set(e, EXIT_USAGE, "%s: unknown phase '%s' (inspect, configure, instrument, "
			       "train, merge, optimize, bolt, verify, install)", opt, a);
	*out = (int)p;
	return 0;
}

static int set_from(struct build_opts *o, const char *a, struct err *e) { return set_phase(&o->from, "--from", a, e); }
static int set_until(struct build_opts *o, const char *a, struct err *e) { return set_phase(&o->until, "--until", a, e); }

static int set_train_timeout(struct build_opts *o, const char *a, struct err *e)
{
	if (num_positive(a, 7 * 86400, &o->train_timeout) < 0)
		return err_set(e, EXIT_USAGE, "--train-timeout: '%s' is not a number of seconds above 0 "
			       "(at most a week)", a);
	return 0;
}

static int set_cpu_level(struct build_opts *o, const char *a, struct err *e)
{
	if (strcmp(a, "v2") && strcmp(a, "v3") && strcmp(a, "v4") && strcmp(a, "native"))
		return err_set(e, EXIT_USAGE, "--cpu-level: '%s' is not a level (v2, v3, v4 or native)", a);
	o->cpu_level = a;
	return 0;
}

int option_probe_timeout(const char *what, const char *a, double *out, struct err *e)
{
	if (num_positive(a, PROBE_TIMEOUT_MAX, out) < 0)
		return err_set(e, EXIT_USAGE, "%s='%s' is not a plain number of seconds above 0 and at "
			       "most %d (e.g. 120)", what, a, PROBE_TIMEOUT_MAX);
	return 0;
}

static int set_probe_cache(struct build_opts *o, const char *a, struct err *e)
{
	(void)e;
	o->probe_cache = *a ? a : NULL;
	return 0;
}

static int set_probe_timeout(struct build_opts *o, const char *a, struct err *e)
{
	return option_probe_timeout("OPTPY_PROBE_TIMEOUT", a, &o->probe_timeout, e);
}

/* Recorders: what a row puts into BUILD/stamps/options. */

static void rec_source(struct jw *w, const struct build_option *r, const struct build *b)
{
	jw_str(w, r->key, b->o.source);
}

static void rec_prefix(struct jw *w, const struct build_option *r, const struct build *b)
{
	jw_str(w, r->key, b->o.prefix);
}

/* CC as given, with the compiler's identity. */
static void rec_compiler(struct jw *w, const struct build_option *r, const struct build *b)
{
	char *s = xasprintf("%s (%s %s, %s)", b->tc.cc_string, family_name(b->tc.family),
			    b->tc.version.str, b->tc.real_path ? b->tc.real_path : "?");

	jw_str(w, r->key, s);
	free(s);
}

/* The LTO decision ("full with lld"), not the option: auto can change. */
static void rec_lto(struct jw *w, const struct build_option *r, const struct build *b)
{
	char *s = xasprintf("%s%s%s", lto_name(b->d.lto), b->d.linker ? " with " : "",
			    b->d.linker ? b->d.linker : "");

	jw_str(w, r->key, s);
	free(s);
}

/* Whether the build is profile-guided, and from which stored bundle. */
static void rec_pgo(struct jw *w, const struct build_option *r, const struct build *b)
{
	char *sum, *s;

	if (!b->pgo || !b->o.use_profile) {
		jw_str(w, r->key, b->pgo ? "on" : "off");
		return;
	}
	sum = sha256_file(b->o.use_profile);
	s = xasprintf("bundle %s", sum ? sum : "?");
	jw_str(w, r->key, s);
	free(s);
	free(sum);
}

static void rec_profile(struct jw *w, const struct build_option *r, const struct build *b)
{
	jw_str(w, r->key, !b->pgo ? NULL : b->o.profile_task ? b->o.profile_task
	       : b->o.profile ? b->o.profile : "default");
}

static void rec_bolt(struct jw *w, const struct build_option *r, const struct build *b)
{
	jw_str(w, r->key, b->bolt ? "on" : "off");
}

static void rec_fat_lto(struct jw *w, const struct build_option *r, const struct build *b)
{
	jw_bool(w, r->key, b->o.fat_lto);
}

static void rec_verify_tests(struct jw *w, const struct build_option *r, const struct build *b)
{
	jw_str(w, r->key, b->o.verify_tests);
}

static void rec_extension_cc(struct jw *w, const struct build_option *r, const struct build *b)
{
	jw_str(w, r->key, b->o.extension_cc);
}

static void rec_cpu_level(struct jw *w, const struct build_option *r, const struct build *b)
{
	jw_str(w, r->key, b->o.cpu_level);
}

/* A list stays a list: ["a b"] and ["a", "b"] differ. */
static void rec_configure_args(struct jw *w, const struct build_option *r, const struct build *b)
{
	jw_arr(w, r->key);
	for (size_t i = 0; i < b->o.configure_args.n; i++)
		jw_str(w, NULL, b->o.configure_args.v[i]);
	jw_end_arr(w);
}

/* An environment row's value as the build saw it (the key is its name). */
static void rec_env(struct jw *w, const struct build_option *r, const struct build *b)
{
	jw_str(w, r->key, env_get(&b->o.env, r->env));
}

#define OPT(name, s, meta, set, help) { { name, s, meta, help }, NULL, set, NULL, PH_N, NULL }
#define REC(name, meta, set, key, redo, rec, help) { { name, 0, meta, help }, NULL, set, key, redo, rec }
#define ENV(env, set, help) { { NULL, 0, "VALUE", help }, env, set, NULL, PH_N, NULL }
#define RECENV(env, redo, help) { { NULL, 0, "VALUE", help }, env, NULL, env, redo, rec_env }

const struct build_option build_options[] = {
	REC("source", "S", set_source, "source", PH_INSPECT, rec_source,
	    "a CPython source tree (copied, never written to) or tarball"),
	OPT("build-dir", 0, "DIR", set_build_dir,
	    "where everything goes (default ./optpy-build): new, empty,\n"
	    "or an optpy build directory; never inside the source"),
	REC("prefix", "P", set_prefix, "prefix", PH_CONFIGURE, rec_prefix,
	    "installation prefix (default: configure's, /usr/local)"),
	OPT("jobs", 'j', "N", set_jobs, "parallel jobs, 1-1024 (default: the number of cores)"),
	REC("cc", "CC", set_cc, "compiler", PH_CONFIGURE, rec_compiler,
	    "the compiler (default $CC, else chosen per CPython version\n"
	    "from the compilers found); a comma list (--cc gcc,clang-19)\n"
	    "builds with each, compares them with optpy bench and keeps\n"
	    "the faster one only when its 95% interval is above 1.0,\n"
	    "else the first"),
	OPT("bench-runs", 0, "N", set_bench_runs, "rounds of that comparison (default 5)"),
	OPT("bench-only", 0, "LIST", set_bench_only, "limit that comparison to some benchmarks"),
	REC("lto", "MODE", set_lto, "lto", PH_OPTIMIZE, rec_lto, "auto (default), full, thin or off"),
	REC("pgo", "MODE", set_pgo, "pgo", PH_INSTRUMENT, rec_pgo,
	    "on (default: fail when PGO is impossible), auto (warn and\n"
	    "build without it), off"),
	REC("bolt", "MODE", set_bolt, "bolt", PH_OPTIMIZE, rec_bolt,
	    "auto (default: llvm-bolt where it works), on (fail\n"
	    "without it), off"),
	REC("profile", "P", set_profile, "profile", PH_TRAIN, rec_profile,
	    "training profile name (profiles/P.json) or manifest file\n"
	    "(default: default; cpython-pgo runs `-m test --pgo`)"),
	OPT("from", 0, "PHASE", set_from, "redo from PHASE"),
	OPT("until", 0, "PHASE", set_until, "stop after PHASE"),
	OPT("train-timeout", 0, "S", set_train_timeout,
	    "time limit for the whole training run (default 1800)"),
	REC("verify-tests", "L", set_verify_tests, "verify_tests", PH_VERIFY, rec_verify_tests,
	    "tests run by verify (default: a small subset; none to skip)"),
	OPT("install", 0, NULL, set_install, "run `make install` at the end"),
	OPT("destdir", 0, "D", set_destdir, "install below D (DESTDIR; implies --install)"),
	REC("fat-lto-objects", NULL, set_fat_lto, "fat_lto_objects", PH_OPTIMIZE, rec_fat_lto,
	    "gcc: also keep machine code in every object (slower final\n"
	    "build; without it, install compiles libpython.a's members)"),
	OPT("tmpdir", 0, "DIR", set_tmpdir, "where the toolchain probes run"),
	OPT("save-profile", 0, "F", set_save_profile,
	    "write the merged profile and what it fits to F (a bundle)"),
	OPT("use-profile", 0, "F", set_use_profile,
	    "build with a stored bundle instead of instrument, train and\n"
	    "merge; one that does not fit is refused (exit 15) unless\n"
	    "--allow-mismatch"),
	OPT("allow-mismatch", 0, NULL, set_allow_mismatch, "use a bundle that does not fit, with a warning"),
	OPT("jit", 0, NULL, set_jit,
	    "CPython's experimental JIT (3.13+: configure's\n"
	    "--enable-experimental-jit; LLVM 18/19/21 as the version\n"
	    "needs, found on PATH); verify checks sys._jit"),
	OPT("free-threaded", 0, NULL, set_free_threaded,
	    "the free-threaded build (3.13+: --disable-gil, installed\n"
	    "as python3.Xt); verify checks sys._is_gil_enabled()"),
	REC("extension-cc", "CC", set_extension_cc, "extension_cc", PH_INSTALL, rec_extension_cc,
	    "the C compiler the install records for building extensions\n"
	    "(sysconfig's CC, LDSHARED...), e.g. gcc after a clang\n"
	    "build; install checks that an extension builds with it"),
	REC("cpu-level", "L", set_cpu_level, "cpu_level", PH_INSTRUMENT, rec_cpu_level,
	    "x86-64 level v2, v3, v4 or native (opt-in; the default is\n"
	    "portable): only where this CPU has it; the interpreter\n"
	    "then needs such a CPU"),
	OPT("quiet", 'q', NULL, set_quiet, "warnings and errors only"),
	OPT("verbose", 'v', NULL, set_verbose, "every command and its output"),
	OPT("help", 'h', NULL, set_help, "this text"),
	/* not options: what follows `--`, and the environment */
	{ { NULL, 0, NULL, NULL }, NULL, NULL, "configure_args", PH_CONFIGURE, rec_configure_args },
	RECENV("CFLAGS", PH_CONFIGURE, "configure's; recorded (a change redoes from configure)"),
	RECENV("LDFLAGS", PH_CONFIGURE, "likewise"),
	RECENV("CFLAGS_NODIST", PH_INSTRUMENT, "recorded (a change redoes from instrument)"),
	RECENV("LDFLAGS_NODIST", PH_INSTRUMENT, "likewise"),
	ENV("OPTPY_PROBE_TIMEOUT", set_probe_timeout,
	    "seconds per toolchain probe command (default 60)"),
	ENV("OPTPY_PROBE_CACHE", set_probe_cache,
	    "a directory where the toolchain probes' findings are kept and\n"
	    "reused while the compiler, tools and their environment are\n"
	    "the same files (unset: probe every time)"),
};

const size_t build_options_n = sizeof(build_options) / sizeof(build_options[0]);

#define ROWS(r) for (const struct build_option *r = build_options; r < build_options + build_options_n; r++)

void build_opts_init(struct build_opts *o)
{
	memset(o, 0, sizeof(*o));
	env_take(&o->env);
	o->lto = LTO_AUTO;
	o->pgo = PGO_ON;
	o->build_dir = "optpy-build";
	o->train_timeout = 1800;
	o->probe_timeout = PROBE_TIMEOUT_DEFAULT;
	o->jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (o->jobs < 1)
		o->jobs = 1;
	o->from = o->until = -1;
	o->msg.verbosity = 1;
	o->bench_runs = 5;
}

int build_opts_parse(struct build_opts *o, int argc, char *const *argv, struct err *e)
{
	struct args a;
	const char *val;
	size_t row;
	int rc;

	args_init(&a, build_options, build_options_n, sizeof(build_options[0]), "build", argc, argv);
	while ((rc = args_next(&a, &row, &val, e)) != ARG_END) {
		if (rc > 0)
			return rc;
		if (rc == ARG_OPERAND && !a.rest)
			return err_set(e, EXIT_USAGE, "unexpected argument '%s'\n  fix: put configure's "
				       "arguments after `--`, e.g. optpy build --source S -- --enable-shared", val);
		if (rc == ARG_OPERAND) {
			sv_push(&o->configure_args, val);
			continue;
		}
		if ((rc = build_options[row].set(o, val, e)))
			return rc;
		if (o->help)
			return 0;
	}
	ROWS(r) {
		const char *v = r->env && r->set ? env_get(&o->env, r->env) : NULL;

		if (v && (rc = r->set(o, v, e)))
			return rc;
	}
	return 0;
}

void build_options_usage(struct strbuf *sb)
{
	args_usage(sb, build_options, build_options_n, sizeof(build_options[0]));
	sb_adds(sb, "environment:\n");
	ROWS(r)
		if (!r->arg.name && r->env && r->arg.help) {
			char *left = xasprintf("  %s", r->env);

			args_usage_line(sb, left, r->arg.help);
			free(left);
		}
}

char *build_options_record(const struct build *b)
{
	struct jw w = { 0 };
	char *text;

	jw_obj(&w, NULL);
	ROWS(r)
		if (r->key)
			r->record(&w, r, b);
	jw_end_obj(&w);
	text = jw_text(&w);
	jw_free(&w);
	return text;
}

enum phase build_option_redo(const char *key)
{
	ROWS(r)
		if (r->key && !strcmp(r->key, key))
			return r->redo;
	return PH_INSPECT;
}

/* Checking the options together: each check returns 0 or its status. */

/* An existing configure line works verbatim: what stock's configure does
 * for PGO, LTO and BOLT becomes optpy's own decision (passed to configure,
 * it would make `make` re-run PGO), said in the output and the report. */
static int take_packager_args(struct build_opts *o, struct err *e)
{
	struct strvec keep = { 0 };
	int rc = 0;

	for (size_t i = 0; i < o->configure_args.n && !rc; i++) {
		const char *a = o->configure_args.v[i];
		const char *owned = cpython_owned_option(a);
		const char *val = strchr(a, '=') ? strchr(a, '=') + 1 : NULL;
		unsigned said;

		if (!owned) {
			sv_push(&keep, a);
			continue;
		}
		if (!strcmp(owned, "--enable-optimizations") || !strcmp(owned, "--disable-optimizations")) {
			int off = !strcmp(owned, "--disable-optimizations") || (val && !strcmp(val, "no"));

			said = o->given & GIVEN_PGO;
			o->pgo = off ? PGO_OFF : PGO_ON;
			sv_pushf(&o->taken, "configure argument %s taken as --pgo %s", a, off ? "off" : "on");
		} else if (!strcmp(owned, "--with-lto") || !strcmp(owned, "--without-lto")) {
			enum lto_mode m = LTO_OFF;

			if (!strcmp(owned, "--with-lto") && lto_parse(val ? val : "yes", &m) < 0) {
				rc = err_set(e, EXIT_USAGE, "configure argument %s: unknown LTO mode (full, "
					     "thin, no, yes)", a);
				break;
			}
			said = o->given & GIVEN_LTO;
			o->lto = m;
			sv_pushf(&o->taken, "configure argument %s taken as --lto %s", a, lto_name(m));
		} else if (!strcmp(owned, "--enable-bolt") || !strcmp(owned, "--disable-bolt")) {
			int off = !strcmp(owned, "--disable-bolt") || (val && !strcmp(val, "no"));

			said = o->given & GIVEN_BOLT;
			o->bolt = off ? BOLT_OFF : BOLT_ON;
			sv_pushf(&o->taken, "configure argument %s taken as --bolt %s", a, off ? "off" : "on");
		} else {
			said = o->given & GIVEN_PROFILE;
			o->profile_task = xstrdup(val);
			sv_pushf(&o->taken, "configure argument PROFILE_TASK taken as the training: the "
				 "interpreter runs '%s' as one task", val);
		}
		if (said)
			rc = err_set(e, EXIT_USAGE, "configure argument %s says again what an optpy option "
				     "already says\n  fix: give it once", a);
	}
	if (rc) {
		sv_clear(&keep);
		return rc;
	}
	sv_clear(&o->configure_args);
	o->configure_args = keep;
	return 0;
}

/* Debian's DEB_BUILD_OPTIONS: nopgo, nolto, noopt, where the command line
 * does not say otherwise. */
static void take_deb_build_options(struct build_opts *o)
{
	const char *dbo = env_get(&o->env, "DEB_BUILD_OPTIONS");
	struct strvec words = { 0 };

	if (!dbo || sv_split(&words, dbo) < 0) {
		sv_clear(&words);
		return;
	}
	for (size_t i = 0; i < words.n; i++) {
		const char *w = words.v[i];
		int noopt = !strcmp(w, "noopt");

		if ((noopt || !strcmp(w, "nopgo")) && !(o->given & GIVEN_PGO) && o->pgo != PGO_OFF) {
			o->pgo = PGO_OFF;
			sv_pushf(&o->taken, "DEB_BUILD_OPTIONS %s: --pgo off", w);
		}
		if ((noopt || !strcmp(w, "nolto")) && !(o->given & GIVEN_LTO) && o->lto != LTO_OFF) {
			o->lto = LTO_OFF;
			sv_pushf(&o->taken, "DEB_BUILD_OPTIONS %s: --lto off", w);
		}
		if (noopt && !(o->given & GIVEN_BOLT) && o->bolt != BOLT_OFF) {
			o->bolt = BOLT_OFF;
			sv_pushf(&o->taken, "DEB_BUILD_OPTIONS %s: --bolt off", w);
		}
	}
	sv_clear(&words);
}

/* --save-profile's target: a new file, or a regular file to replace, in
 * a directory that exists.  A device, FIFO, directory or link there is
 * refused: the bundle is written beside it and renamed over it. */
static int check_save_target(const char *f, struct err *e)
{
	char *dir = xstrndup(f, (size_t)(path_base(f) - f));
	struct stat st;
	int rc = 0;

	if (!*path_base(f))
		rc = err_set(e, EXIT_USAGE, "--save-profile %s names a directory, not a file\n  fix: give "
			     "a file name, e.g. --save-profile %sprofile.optpy", f, f);
	else if (!is_dir(*dir ? dir : "/"))
		rc = err_set(e, EXIT_USAGE, "--save-profile %s: the directory %s does not exist\n  fix: "
			     "create it first, or save the bundle elsewhere", f, dir);
	else if (lstat(f, &st) == 0 && !S_ISREG(st.st_mode))
		rc = err_set(e, EXIT_USAGE, "--save-profile %s exists and is not a regular file (%s)\n  "
			     "fix: give a new file name or a regular file to replace", f,
			     S_ISDIR(st.st_mode) ? "a directory" : S_ISLNK(st.st_mode) ? "a symbolic link"
			     : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
			     : S_ISFIFO(st.st_mode) ? "a FIFO" : "a special file");
	free(dir);
	return rc;
}

/* Is w a flag that makes or reads a profile (optpy's own business)? */
static int profile_flag(const char *w)
{
	static const char *const own[] = {
		"-fprofile-generate", "-fprofile-use", "-fprofile-instr-generate", "-fprofile-instr-use",
		"-fcs-profile-generate", "-fprofile-arcs", "-fauto-profile", "-fprofile-sample-use", NULL,
	};

	for (int i = 0; own[i]; i++)
		if (startswith(w, own[i]) && (!w[strlen(own[i])] || w[strlen(own[i])] == '='))
			return 1;
	return 0;
}

/* The first profile flag among the words of s, or NULL (malloc'd). */
static char *profile_flag_in(const char *s)
{
	struct strvec w = { 0 };
	char *found = NULL;

	if (s && sv_split(&w, s) == 0)
		for (size_t j = 0; j < w.n && !found; j++)
			if (profile_flag(w.v[j]))
				found = xstrdup(w.v[j]);
	sv_clear(&w);
	return found;
}

/* CC among configure's arguments would replace the compiler optpy probed;
 * profile flags in the flags would fight optpy's own PGO. */
static int check_flags(struct build_opts *o, struct err *e)
{
	static const char *const envs[] = { "CFLAGS", "LDFLAGS", "CPPFLAGS", "CFLAGS_NODIST",
					    "LDFLAGS_NODIST", NULL };
	char *f;
	int rc;

	for (size_t i = 0; i < o->configure_args.n; i++) {
		const char *a = o->configure_args.v[i];

		if (startswith(a, "CC=") || startswith(a, "CXX="))
			return err_set(e, EXIT_USAGE, "configure argument '%s' would replace the compiler "
				       "optpy probes and decides for\n  fix: --cc %s (or %s in the environment)",
				       a, a + 3 + (a[1] == 'X'), a);
		for (int k = 0; envs[k]; k++)
			if (startswith(a, envs[k]) && a[strlen(envs[k])] == '=' &&
			    (f = profile_flag_in(a + strlen(envs[k]) + 1))) {
				rc = err_set(e, EXIT_BAD_ENV, "configure argument %s holds %s: optpy makes and "
					     "uses the profile itself\n  fix: drop it (--pgo off builds without "
					     "PGO)", envs[k], f);
				free(f);
				return rc;
			}
	}
	for (int k = 0; envs[k]; k++)
		if ((f = profile_flag_in(env_get(&o->env, envs[k])))) {
			rc = err_set(e, EXIT_BAD_ENV, "%s holds %s: optpy makes and uses the profile itself\n"
				     "  fix: drop it from %s (--pgo off builds without PGO)", envs[k], f, envs[k]);
			free(f);
			return rc;
		}
	return 0;
}

/* make and the install scripts split words: a blank in a path they
 * install to would install outside DESTDIR. */
static int check_paths(struct build_opts *o, struct err *e)
{
	if (o->prefix && o->prefix[0] != '/')
		return err_set(e, EXIT_USAGE, "--prefix must be an absolute path, not '%s'", o->prefix);
	if (o->destdir && o->destdir[0] != '/')
		return err_set(e, EXIT_USAGE, "--destdir must be an absolute path, not '%s'", o->destdir);
	if (o->prefix && source_path_trouble(o->prefix))
		return err_set(e, EXIT_USAGE, "--prefix '%s' has %s in it, which CPython's makefiles "
			       "cannot take (it would install elsewhere)\n  fix: give a prefix without "
			       "blanks or shell characters", o->prefix, source_path_trouble(o->prefix));
	if (o->destdir && source_path_trouble(o->destdir))
		return err_set(e, EXIT_USAGE, "--destdir '%s' has %s in it, which CPython's makefiles "
			       "cannot take (it would install elsewhere)\n  fix: give a destdir without "
			       "blanks or shell characters", o->destdir, source_path_trouble(o->destdir));
	for (size_t i = 0; i < o->configure_args.n; i++) {
		const char *a = o->configure_args.v[i], *eq = strchr(a, '=');

		/* --prefix=, --exec-prefix=, --bindir=...: installation paths */
		if (startswith(a, "--") && eq && (strstr(a, "prefix=") || strstr(a, "dir=")) &&
		    source_path_trouble(eq + 1))
			return err_set(e, EXIT_USAGE, "configure argument '%s' has %s in its path, which "
				       "CPython's makefiles cannot take (it would install elsewhere)\n  fix: "
				       "a path without blanks or shell characters", a,
				       source_path_trouble(eq + 1));
	}
	return 0;
}

/* The stored profile options: each alone, and not without PGO. */
static int check_bundles(struct build_opts *o, struct err *e)
{
	char real[PATH_MAX];

	if (o->save_profile && o->use_profile)
		return err_set(e, EXIT_USAGE, "--save-profile and --use-profile together: the bundle is "
			       "already saved");
	if (o->allow_mismatch && !o->use_profile)
		return err_set(e, EXIT_USAGE, "--allow-mismatch goes with --use-profile");
	if (o->use_profile) {
		if (!is_file(o->use_profile))
			return err_set(e, EXIT_USAGE, "--use-profile %s is not a regular file", o->use_profile);
		if (realpath(o->use_profile, real))
			o->use_profile = xstrdup(real);
	}
	if (o->save_profile && o->save_profile[0] != '/') {
		char cwd[PATH_MAX];

		if (getcwd(cwd, sizeof(cwd)))
			o->save_profile = path_join(cwd, o->save_profile);
	}
	return o->save_profile ? check_save_target(o->save_profile, e) : 0;
}

/* --extension-cc: one compiler command that exists, recorded by an install. */
static int check_extension_cc(struct build_opts *o, struct err *e)
{
	struct strvec w = { 0 };
	char *p = NULL;
	int rc = 0;

	if (!o->extension_cc)
		return 0;
	if (!o->install)
		return err_set(e, EXIT_USAGE, "--extension-cc %s is recorded by the install\n  fix: add "
			       "--install (or --destdir)", o->extension_cc);
	if (sv_split(&w, o->extension_cc) < 0 || w.n != 1 || source_path_trouble(o->extension_cc))
		rc = err_set(e, EXIT_USAGE, "--extension-cc '%s' is not one compiler command\n  fix: a "
			     "compiler's name or path, e.g. --extension-cc gcc", o->extension_cc);
	else if (!(p = which(w.v[0])))
		rc = err_set(e, EXIT_NO_CC, "--extension-cc %s is not found on PATH\n  fix: install it, or "
			     "name one that is", o->extension_cc);
	free(p);
	sv_clear(&w);
	return rc;
}

/* optpy's own names for configure's variants: the same arguments. */
static void add_variant_args(struct build_opts *o)
{
	int jit = 0, ft = 0;

	for (size_t i = 0; i < o->configure_args.n; i++) {
		jit |= startswith(o->configure_args.v[i], "--enable-experimental-jit");
		ft |= !strcmp(o->configure_args.v[i], "--disable-gil");
	}
	if (o->jit && !jit)
		sv_push(&o->configure_args, "--enable-experimental-jit");
	if (o->free_threaded && !ft)
		sv_push(&o->configure_args, "--disable-gil");
}

int build_opts_check(struct build_opts *o, struct err *e)
{
	char real[PATH_MAX];
	int rc;

	if (!o->source)
		return err_set(e, EXIT_USAGE, "build needs --source DIR|TARBALL\n"
			       "  (scripts/build-python.sh fetches a default CPython 3.13 source)");
	if ((rc = check_paths(o, e)))
		return rc;
	if (o->from >= 0 && o->until >= 0 && o->from > o->until)
		return err_set(e, EXIT_USAGE, "--from %s comes after --until %s\n  fix: --from must name "
			       "a phase before or equal to --until's", phase_name((enum phase)o->from),
			       phase_name((enum phase)o->until));
	if ((rc = check_bundles(o, e)))
		return rc;
	if (o->from == PH_INSTALL && !o->install)
		return err_set(e, EXIT_USAGE, "--from install needs --install (or --destdir)");
	/* resolved, so that ./x and x resume the same build */
	if (realpath(o->source, real))
		o->source = xstrdup(real);
	if (o->profile && (strchr(o->profile, '/') || endswith(o->profile, ".json"))) {
		if (!is_file(o->profile))
			return err_set(e, EXIT_USAGE, "--profile %s is not a regular file\n  fix: give a "
				       "training manifest (JSON) or a profile name", o->profile);
		if (realpath(o->profile, real))
			o->profile = xstrdup(real);
	}
	add_variant_args(o);
	if ((rc = take_packager_args(o, e)))
		return rc;
	take_deb_build_options(o);
	if ((rc = check_flags(o, e)))
		return rc;
	if (o->verify_tests && strcmp(o->verify_tests, "none")) {
		struct strvec words = { 0 };

		rc = sv_split(&words, o->verify_tests);
		sv_clear(&words);
		if (rc < 0)
			return err_set(e, EXIT_USAGE, "--verify-tests '%s' has an unbalanced quote\n  fix: "
				       "test names separated by blanks, or none", o->verify_tests);
	}
	if (o->destdir && !(o->given & GIVEN_INSTALL))
		sv_pushf(&o->taken, "--destdir %s: the install phase runs (as with --install)", o->destdir);
	if (o->pgo == PGO_OFF && (o->save_profile || o->use_profile))
		return err_set(e, EXIT_USAGE, "%s with --pgo off (or DEB_BUILD_OPTIONS nopgo/noopt): a "
			       "build without PGO has no profile to %s\n  fix: drop one of them",
			       o->save_profile ? "--save-profile" : "--use-profile",
			       o->save_profile ? "save" : "use");
	if ((rc = check_extension_cc(o, e)))
		return rc;
	if (o->cc && strchr(o->cc, ',') && (o->from >= 0 || o->until >= 0))
		return err_set(e, EXIT_USAGE, "--from/--until work on one build: run them on a "
			       "tournament's BUILD/cc-NAME directory with that --cc");
	return 0;
}
