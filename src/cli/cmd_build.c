/* cmd_build.c - `optpy build`: every option checked before anything is
 * written, then the pipeline (driver.c). */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "driver.h"
#include "source.h"
#include "tournament.h"

static const char usage[] =
	"usage: optpy build --source DIR|TARBALL [--build-dir DIR] [--prefix P] [--jobs N]\n"
	"                   [--cc CC] [--lto MODE] [--pgo MODE] [--bolt MODE]\n"
	"                   [--profile NAME|FILE]\n"
	"                   [--from PHASE] [--until PHASE]\n"
	"                   [--install [--destdir D]] [--fat-lto-objects] [--quiet|--verbose]\n"
	"                   [-- EXTRA CONFIGURE ARGS]\n"
	"Build an optimized CPython: inspect, configure, instrument, train, merge,\n"
	"optimize, bolt, verify, install.  Re-running the same command resumes at the first\n"
	"unfinished phase; --from PHASE redoes from there.\n"
	"  --source S          a CPython source tree (copied, never written to) or tarball\n"
	"  --build-dir DIR     where everything goes (default ./optpy-build): new, empty,\n"
	"                      or an optpy build directory; never inside the source\n"
	"  --prefix P          installation prefix (default: configure's, /usr/local)\n"
	"  --jobs N            parallel jobs, 1-1024 (default: the number of cores)\n"
	"  --cc CC             the compiler (default $CC, else gcc, cc, clang); a comma\n"
	"                      list (--cc gcc,clang-19) builds with each, compares them\n"
	"                      with optpy bench and keeps the faster one only when its\n"
	"                      95% interval is above 1.0, else the first\n"
	"  --bench-runs N      rounds of that comparison (default 5); --bench-only LIST\n"
	"                      limits it to some benchmarks\n"
	"  --lto MODE          auto (default), full, thin or off\n"
	"  --pgo MODE          on (default: fail when PGO is impossible), auto (warn and\n"
	"                      build without it), off\n"
	"  --bolt MODE         auto (default: llvm-bolt where it works), on (fail\n"
	"                      without it), off\n"
	"  --profile P         training profile name (profiles/P.json) or manifest file\n"
	"                      (default: default; cpython-pgo runs `-m test --pgo`)\n"
	"  --from PHASE        redo from PHASE; --until PHASE: stop after PHASE\n"
	"  --train-timeout S   time limit for the whole training run (default 1800)\n"
	"  --verify-tests L    tests run by verify (default: a small subset; none to skip)\n"
	"  --install           run `make install` at the end (DESTDIR with --destdir)\n"
	"  --fat-lto-objects   gcc: also keep machine code in every object (slower final\n"
	"                      build; without it, install compiles libpython.a's members)\n"
	"  --tmpdir DIR        where the toolchain probes run\n"
	"  --save-profile F    write the merged profile and what it fits to F (a bundle)\n"
	"  --use-profile F     build with a stored bundle instead of instrument, train and\n"
	"                      merge; one that does not fit is refused (exit 15) unless\n"
	"                      --allow-mismatch\n"
	"  --jit               CPython's experimental JIT (3.13+: configure's\n"
	"                      --enable-experimental-jit; LLVM 18/19/21 as the version\n"
	"                      needs, found on PATH); verify checks sys._jit\n"
	"  --cpu-level L       x86-64 level v2, v3, v4 or native (opt-in; the default is\n"
	"                      portable): only where this CPU has it; the interpreter\n"
	"                      then needs such a CPU\n"
	"  --free-threaded     the free-threaded build (3.13+: --disable-gil, installed\n"
	"                      as python3.Xt); verify checks sys._is_gil_enabled()\n"
	"  -q, --quiet / -v, --verbose\n"
	"Configure's --enable-optimizations, --with-lto[=MODE], --enable-bolt and\n"
	"PROFILE_TASK=... after `--` are taken as --pgo, --lto, --bolt and the training;\n"
	"DEB_BUILD_OPTIONS nopgo, nolto and noopt as --pgo off, --lto off, all off.\n"
	"Writes BUILD/report.json and BUILD/logs/PHASE.log.\n";

static const struct option opts[] = {
	{ "source", required_argument, NULL, 's' },
	{ "build-dir", required_argument, NULL, 'b' },
	{ "prefix", required_argument, NULL, 'p' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "cc", required_argument, NULL, 'c' },
	{ "lto", required_argument, NULL, 'l' },
	{ "pgo", required_argument, NULL, 'g' },
	{ "bolt", required_argument, NULL, 'B' },
	{ "profile", required_argument, NULL, 'P' },
	{ "from", required_argument, NULL, 'f' },
	{ "until", required_argument, NULL, 'u' },
	{ "install", no_argument, NULL, 'i' },
	{ "destdir", required_argument, NULL, 'D' },
	{ "fat-lto-objects", no_argument, NULL, 'F' },
	{ "train-timeout", required_argument, NULL, 'T' },
	{ "verify-tests", required_argument, NULL, 'V' },
	{ "tmpdir", required_argument, NULL, 't' },
	{ "bench-runs", required_argument, NULL, 'R' },
	{ "save-profile", required_argument, NULL, 'S' },
	{ "use-profile", required_argument, NULL, 'U' },
	{ "allow-mismatch", no_argument, NULL, 'M' },
	{ "jit", no_argument, NULL, 'J' },
	{ "cpu-level", required_argument, NULL, 'C' },
	{ "free-threaded", no_argument, NULL, 'G' },
	{ "bench-only", required_argument, NULL, 'O' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int bench_runs = 5;       /* --bench-runs, for a tournament */
static int said_lto, said_pgo, said_bolt, said_profile, said_install; /* given on the command line */
static const char *bench_only;   /* --bench-only, for a tournament */
static int want_jit, want_ft;    /* --jit, --free-threaded */

static int parse_phase(const char *opt, const char *s)
{
	enum phase p;

	if (phase_parse(s, &p) < 0)
		die(EXIT_USAGE, "%s: unknown phase '%s' (inspect, configure, instrument, train, merge, "
		    "optimize, bolt, verify, install)", opt, s);
	return (int)p;
}

static void parse_option(struct build_opts *o, int c, const char *arg)
{
	long n;

	switch (c) {
	case 's': o->source = arg; break;
	case 'b': o->build_dir = arg; break;
	case 'p': o->prefix = arg; break;
	case 'j':
		if (num_whole(arg, 1, 1024, &n) < 0)
			die(EXIT_USAGE, "--jobs: '%s' is not a whole number from 1 to 1024", arg);
		o->jobs = (int)n;
		break;
	case 'c': o->cc = arg; break;
	case 'l':
		said_lto = 1;
		if (lto_parse(arg, &o->lto) < 0)
			die(EXIT_USAGE, "--lto: unknown mode '%s' (use auto, full, thin or off)", arg);
		break;
	case 'g':
		said_pgo = 1;
		if (!strcmp(arg, "on"))
			o->pgo = PGO_ON;
		else if (!strcmp(arg, "auto"))
			o->pgo = PGO_AUTO;
		else if (!strcmp(arg, "off"))
			o->pgo = PGO_OFF;
		else
			die(EXIT_USAGE, "--pgo: unknown mode '%s' (use on, auto or off)", arg);
		break;
	case 'B':
		said_bolt = 1;
		if (!strcmp(arg, "auto"))
			o->bolt = BOLT_AUTO;
		else if (!strcmp(arg, "on"))
			o->bolt = BOLT_ON;
		else if (!strcmp(arg, "off"))
			o->bolt = BOLT_OFF;
		else
			die(EXIT_USAGE, "--bolt: unknown mode '%s' (use auto, on or off)", arg);
		break;
	case 'P': o->profile = arg; said_profile = 1; break;
	case 'f': o->from = parse_phase("--from", arg); break;
	case 'u': o->until = parse_phase("--until", arg); break;
	case 'i': o->install = 1; said_install = 1; break;
	case 'D': o->destdir = arg; o->install = 1; break;
	case 'F': o->fat_lto = 1; break;
	case 'T':
		if (num_positive(arg, 7 * 86400, &o->train_timeout) < 0)
			die(EXIT_USAGE, "--train-timeout: '%s' is not a number of seconds above 0 "
			    "(at most a week)", arg);
		break;
	case 'V': o->verify_tests = arg; break;
	case 't': o->tmpdir = arg; break;
	case 'R':
		if (num_whole(arg, 1, 1000, &n) < 0)
			die(EXIT_USAGE, "--bench-runs: '%s' is not a whole number from 1 to 1000", arg);
		bench_runs = (int)n;
		break;
	case 'O': bench_only = arg; break;
	case 'S': o->save_profile = arg; break;
	case 'U': o->use_profile = arg; break;
	case 'M': o->allow_mismatch = 1; break;
	case 'J': want_jit = 1; break;
	case 'C':
		if (strcmp(arg, "v2") && strcmp(arg, "v3") && strcmp(arg, "v4") && strcmp(arg, "native"))
			die(EXIT_USAGE, "--cpu-level: '%s' is not a level (v2, v3, v4 or native)", arg);
		o->cpu_level = arg;
		break;
	case 'G': want_ft = 1; break;
	case 'q': verbosity = 0; break;
	case 'v': verbosity = 2; break;
	default:
		fputs(usage, stderr);
		exit(EXIT_USAGE);
	}
}

/* An existing configure line works verbatim: what stock's configure does
 * for PGO, LTO and BOLT becomes optpy's own decision (passed to configure,
 * it would make `make` re-run PGO), said in the output and the report. */
static void take_packager_args(struct build_opts *o)
{
	struct strvec keep = { 0 };

	for (size_t i = 0; i < o->configure_args.n; i++) {
		const char *a = o->configure_args.v[i];
		const char *owned = cpython_owned_option(a);
		const char *val = strchr(a, '=') ? strchr(a, '=') + 1 : NULL;
		int said = 0;

		if (!owned) {
			sv_push(&keep, a);
			continue;
		}
		if (!strcmp(owned, "--enable-optimizations") || !strcmp(owned, "--disable-optimizations")) {
			int off = !strcmp(owned, "--disable-optimizations") || (val && !strcmp(val, "no"));

			said = said_pgo;
			o->pgo = off ? PGO_OFF : PGO_ON;
			sv_pushf(&o->taken, "configure argument %s taken as --pgo %s", a, off ? "off" : "on");
		} else if (!strcmp(owned, "--with-lto") || !strcmp(owned, "--without-lto")) {
			enum lto_mode m = LTO_OFF;

			if (!strcmp(owned, "--with-lto") && lto_parse(val ? val : "yes", &m) < 0)
				die(EXIT_USAGE, "configure argument %s: unknown LTO mode (full, thin, no, yes)", a);
			said = said_lto;
			o->lto = m;
			sv_pushf(&o->taken, "configure argument %s taken as --lto %s", a, lto_name(m));
		} else if (!strcmp(owned, "--enable-bolt") || !strcmp(owned, "--disable-bolt")) {
			int off = !strcmp(owned, "--disable-bolt") || (val && !strcmp(val, "no"));

			said = said_bolt;
			o->bolt = off ? BOLT_OFF : BOLT_ON;
			sv_pushf(&o->taken, "configure argument %s taken as --bolt %s", a, off ? "off" : "on");
		} else {
			said = said_profile;
			o->profile_task = xstrdup(val);
			sv_pushf(&o->taken, "configure argument PROFILE_TASK taken as the training: the "
				 "interpreter runs '%s' as one task", val);
		}
		if (said)
			die(EXIT_USAGE, "configure argument %s says again what an optpy option already "
			    "says\n  fix: give it once", a);
	}
	sv_clear(&o->configure_args);
	o->configure_args = keep;
}

/* Debian's DEB_BUILD_OPTIONS: nopgo, nolto, noopt, where the command line
 * does not say otherwise. */
static void take_deb_build_options(struct build_opts *o)
{
	const char *dbo = getenv("DEB_BUILD_OPTIONS");
	struct strvec words = { 0 };

	if (!dbo || sv_split(&words, dbo) < 0) {
		sv_clear(&words);
		return;
	}
	for (size_t i = 0; i < words.n; i++) {
		const char *w = words.v[i];
		int noopt = !strcmp(w, "noopt");

		if ((noopt || !strcmp(w, "nopgo")) && !said_pgo && o->pgo != PGO_OFF) {
			o->pgo = PGO_OFF;
			sv_pushf(&o->taken, "DEB_BUILD_OPTIONS %s: --pgo off", w);
		}
		if ((noopt || !strcmp(w, "nolto")) && !said_lto && o->lto != LTO_OFF) {
			o->lto = LTO_OFF;
			sv_pushf(&o->taken, "DEB_BUILD_OPTIONS %s: --lto off", w);
		}
		if (noopt && !said_bolt && o->bolt != BOLT_OFF) {
			o->bolt = BOLT_OFF;
			sv_pushf(&o->taken, "DEB_BUILD_OPTIONS %s: --bolt off", w);
		}
	}
	sv_clear(&words);
}

/* --save-profile's target: a new file, or a regular file to replace, in
 * a directory that exists.  A device, FIFO, directory or link there is
 * refused: the bundle is written beside it and renamed over it. */
static void check_save_target(const char *f)
{
	char *dir = xstrndup(f, (size_t)(path_base(f) - f));
	struct stat st;

	if (!*path_base(f))
		die(EXIT_USAGE, "--save-profile %s names a directory, not a file\n  fix: give a file "
		    "name, e.g. --save-profile %sprofile.optpy", f, f);
	if (!is_dir(*dir ? dir : "/"))
		die(EXIT_USAGE, "--save-profile %s: the directory %s does not exist\n  fix: create it "
		    "first, or save the bundle elsewhere", f, dir);
	if (lstat(f, &st) == 0 && !S_ISREG(st.st_mode))
		die(EXIT_USAGE, "--save-profile %s exists and is not a regular file (%s)\n  fix: give "
		    "a new file name or a regular file to replace", f, S_ISDIR(st.st_mode) ? "a directory"
		    : S_ISLNK(st.st_mode) ? "a symbolic link" : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)
		    ? "a device" : S_ISFIFO(st.st_mode) ? "a FIFO" : "a special file");
	free(dir);
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

/* CC among configure's arguments would replace the compiler optpy probed;
 * profile flags in the flags would fight optpy's own PGO. */
static void check_flags(struct build_opts *o)
{
	static const char *const envs[] = { "CFLAGS", "LDFLAGS", "CPPFLAGS", "CFLAGS_NODIST",
					    "LDFLAGS_NODIST", NULL };

	for (size_t i = 0; i < o->configure_args.n; i++) {
		const char *a = o->configure_args.v[i];
		struct strvec w = { 0 };

		if (startswith(a, "CC=") || startswith(a, "CXX="))
			die(EXIT_USAGE, "configure argument '%s' would replace the compiler optpy probes "
			    "and decides for\n  fix: --cc %s (or %s in the environment)", a, a + 3 +
			    (a[1] == 'X'), a);
		for (int k = 0; envs[k]; k++)
			if (startswith(a, envs[k]) && a[strlen(envs[k])] == '=' &&
			    sv_split(&w, a + strlen(envs[k]) + 1) == 0)
				for (size_t j = 0; j < w.n; j++)
					if (profile_flag(w.v[j]))
						die(EXIT_BAD_ENV, "configure argument %s holds %s: optpy "
						    "makes and uses the profile itself\n  fix: drop it "
						    "(--pgo off builds without PGO)", envs[k], w.v[j]);
		sv_clear(&w);
	}
	for (int k = 0; envs[k]; k++) {
		const char *v = getenv(envs[k]);
		struct strvec w = { 0 };

		if (v && sv_split(&w, v) == 0)
			for (size_t j = 0; j < w.n; j++)
				if (profile_flag(w.v[j]))
					die(EXIT_BAD_ENV, "%s holds %s: optpy makes and uses the profile "
					    "itself\n  fix: drop it from %s (--pgo off builds without PGO)",
					    envs[k], w.v[j], envs[k]);
		sv_clear(&w);
	}
}

/* What the options say together, checked before anything is written. */
static void check_options(struct build_opts *o)
{
	const char *to = getenv("OPTPY_PROBE_TIMEOUT");
	char real[PATH_MAX];

	if (!o->source)
		die(EXIT_USAGE, "build needs --source DIR|TARBALL\n"
		    "  (scripts/build-python.sh fetches a default CPython 3.13 source)\n%s", usage);
	if (o->prefix && o->prefix[0] != '/')
		die(EXIT_USAGE, "--prefix must be an absolute path, not '%s'", o->prefix);
	if (o->destdir && o->destdir[0] != '/')
		die(EXIT_USAGE, "--destdir must be an absolute path, not '%s'", o->destdir);
	/* make and the install scripts split words: a blank in either
	 * would install outside DESTDIR */
	if (o->prefix && source_path_trouble(o->prefix))
		die(EXIT_USAGE, "--prefix '%s' has %s in it, which CPython's makefiles cannot take (it "
		    "would install elsewhere)\n  fix: give a prefix without blanks or shell characters",
		    o->prefix, source_path_trouble(o->prefix));
	if (o->destdir && source_path_trouble(o->destdir))
		die(EXIT_USAGE, "--destdir '%s' has %s in it, which CPython's makefiles cannot take (it "
		    "would install elsewhere)\n  fix: give a destdir without blanks or shell characters",
		    o->destdir, source_path_trouble(o->destdir));
	if (o->from >= 0 && o->until >= 0 && o->from > o->until)
		die(EXIT_USAGE, "--from %s comes after --until %s\n  fix: --from must name a phase "
		    "before or equal to --until's", phase_name((enum phase)o->from),
		    phase_name((enum phase)o->until));
	if (o->save_profile && o->use_profile)
		die(EXIT_USAGE, "--save-profile and --use-profile together: the bundle is already saved");
	if (o->allow_mismatch && !o->use_profile)
		die(EXIT_USAGE, "--allow-mismatch goes with --use-profile");
	if (o->use_profile) {
		if (!is_file(o->use_profile))
			die(EXIT_USAGE, "--use-profile %s is not a regular file", o->use_profile);
		if (realpath(o->use_profile, real))
			o->use_profile = xstrdup(real);
	}
	if (o->save_profile && o->save_profile[0] != '/') {
		char cwd[PATH_MAX];

		if (getcwd(cwd, sizeof(cwd)))
			o->save_profile = path_join(cwd, o->save_profile);
	}
	if (o->save_profile)
		check_save_target(o->save_profile);
	if (o->from == PH_INSTALL && !o->install)
		die(EXIT_USAGE, "--from install needs --install (or --destdir)");
	if (to && num_positive(to, 86400, &o->probe_timeout) < 0)
		die(EXIT_USAGE, "OPTPY_PROBE_TIMEOUT='%s' is not a plain number of seconds above 0 and at most 86400 (e.g. 120)", to);
	/* resolved, so that ./x and x resume the same build */
	if (realpath(o->source, real))
		o->source = xstrdup(real);
	if (o->profile && (strchr(o->profile, '/') || endswith(o->profile, ".json"))) {
		if (!is_file(o->profile))
			die(EXIT_USAGE, "--profile %s is not a regular file\n  fix: give a training "
			    "manifest (JSON) or a profile name", o->profile);
		if (realpath(o->profile, real))
			o->profile = xstrdup(real);
	}
	for (size_t i = 0; i < o->configure_args.n; i++) {
		const char *a = o->configure_args.v[i], *eq = strchr(a, '=');

		/* --prefix=, --exec-prefix=, --bindir=...: installation paths */
		if (startswith(a, "--") && eq && (strstr(a, "prefix=") || strstr(a, "dir=")) &&
		    source_path_trouble(eq + 1))
			die(EXIT_USAGE, "configure argument '%s' has %s in its path, which CPython's "
			    "makefiles cannot take (it would install elsewhere)\n  fix: a path without "
			    "blanks or shell characters", a, source_path_trouble(eq + 1));
	}
	/* optpy's own names for configure's variants: the same arguments */
	if (want_jit) {
		int there = 0;

		for (size_t i = 0; i < o->configure_args.n; i++)
			there |= startswith(o->configure_args.v[i], "--enable-experimental-jit");
		if (!there)
			sv_push(&o->configure_args, "--enable-experimental-jit");
	}
	if (want_ft) {
		int there = 0;

		for (size_t i = 0; i < o->configure_args.n; i++)
			there |= !strcmp(o->configure_args.v[i], "--disable-gil");
		if (!there)
			sv_push(&o->configure_args, "--disable-gil");
	}
	take_packager_args(o);
	take_deb_build_options(o);
	check_flags(o);
	if (o->verify_tests && strcmp(o->verify_tests, "none")) {
		struct strvec words = { 0 };

		if (sv_split(&words, o->verify_tests) < 0)
			die(EXIT_USAGE, "--verify-tests '%s' has an unbalanced quote\n  fix: test names "
			    "separated by blanks, or none", o->verify_tests);
		sv_clear(&words);
	}
	if (o->destdir && !said_install)
		sv_pushf(&o->taken, "--destdir %s: the install phase runs (as with --install)", o->destdir);
	if (o->pgo == PGO_OFF && (o->save_profile || o->use_profile))
		die(EXIT_USAGE, "%s with --pgo off (or DEB_BUILD_OPTIONS nopgo/noopt): a build without "
		    "PGO has no profile to %s\n  fix: drop one of them", o->save_profile ? "--save-profile"
		    : "--use-profile", o->save_profile ? "save" : "use");
}

int cmd_build(int argc, char **argv)
{
	struct build *b = xcalloc(1, sizeof(*b));
	int c;

	build_opts_init(&b->o);
	/* '+': options first, then `--` and configure's arguments; a stray
	 * word before `--` is an error, not a configure argument */
	while ((c = getopt_long(argc, argv, "+qvhj:", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return EXIT_OK;
		}
		cli_check_arg(opts, c, optarg);
		parse_option(&b->o, c, optarg);
	}
	if (optind < argc && strcmp(argv[optind - 1], "--"))
		die(EXIT_USAGE, "unexpected argument '%s'\n  fix: put configure's arguments after `--`, "
		    "e.g. optpy build --source S -- --enable-shared", argv[optind]);
	for (int i = optind; i < argc; i++)
		sv_push(&b->o.configure_args, argv[i]);
	check_options(&b->o);
	if (b->o.cc && strchr(b->o.cc, ',')) {
		if (b->o.from >= 0 || b->o.until >= 0)
			die(EXIT_USAGE, "--from/--until work on one build: run them on a tournament's "
			    "BUILD/cc-NAME directory with that --cc");
		return tournament_main(&b->o, b->o.cc, bench_runs, bench_only);
	}
	return build_main(b);
}
