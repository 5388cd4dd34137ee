/* cmd_build.c - `optpy build`: options into struct build, then the pipeline. */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "cli.h"

static const char usage[] =
	"usage: optpy build --source DIR|TARBALL [--build-dir DIR] [--prefix P] [--jobs N]\n"
	"                   [--cc CC] [--lto MODE] [--profile NAME|FILE] [--from PHASE]\n"
	"                   [--until PHASE]\n"
	"                   [--install [--destdir D]] [--fat-lto-objects] [--quiet|--verbose]\n"
	"                   [-- EXTRA CONFIGURE ARGS]\n"
	"Build an optimized CPython: inspect, configure, instrument, train, merge,\n"
	"optimize, verify, install.  Re-running the same command resumes at the first\n"
	"unfinished phase; --from PHASE redoes from there.\n"
	"  --source S          a CPython source tree (copied, never written to) or tarball\n"
	"  --build-dir DIR     where everything goes (default ./optpy-build)\n"
	"  --prefix P          installation prefix (default: configure's, /usr/local)\n"
	"  --jobs N            parallel jobs (default: the number of cores)\n"
	"  --cc CC             the compiler (default $CC, else gcc, cc, clang)\n"
	"  --lto MODE          auto (default), full, thin or off\n"
	"  --profile P         training profile name (profiles/P.json) or manifest file\n"
	"                      (default: default; cpython-pgo runs `-m test --pgo`)\n"
	"  --from PHASE        redo from PHASE; --until PHASE: stop after PHASE\n"
	"  --train-timeout S   time limit for the whole training run (default 1800)\n"
	"  --verify-tests L    tests run by verify (default: a small subset; none to skip)\n"
	"  --install           run `make install` at the end (DESTDIR with --destdir)\n"
	"  --fat-lto-objects   gcc: also keep machine code in objects, so that the\n"
	"                      installed libpython.a links without LTO (slower build)\n"
	"  --tmpdir DIR        where the toolchain probes run\n"
	"  -q, --quiet / -v, --verbose\n"
	"Writes BUILD/report.json and BUILD/logs/PHASE.log.\n";

static void refuse_configure_arg(const char *a)
{
	static const char *const owned[] = { "--enable-optimizations", "--with-lto", "--enable-bolt", NULL };

	for (int i = 0; owned[i]; i++)
		if (startswith(a, owned[i]))
			die(EXIT_USAGE, "configure argument '%s' is optpy's job: optpy runs PGO and LTO itself\n"
			    "  fix: drop it (use --lto MODE to choose LTO)", a);
}

int cmd_build(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "build-dir", required_argument, NULL, 'b' },
		{ "prefix", required_argument, NULL, 'p' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "cc", required_argument, NULL, 'c' },
		{ "lto", required_argument, NULL, 'l' },
		{ "profile", required_argument, NULL, 'P' },
		{ "from", required_argument, NULL, 'f' },
		{ "until", required_argument, NULL, 'u' },
		{ "install", no_argument, NULL, 'i' },
		{ "destdir", required_argument, NULL, 'D' },
		{ "fat-lto-objects", no_argument, NULL, 'F' },
		{ "train-timeout", required_argument, NULL, 'T' },
		{ "verify-tests", required_argument, NULL, 'V' },
		{ "tmpdir", required_argument, NULL, 't' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct build *b = xcalloc(1, sizeof(*b));
	char real[PATH_MAX];
	int c;

	b->o.lto = LTO_AUTO;
	b->o.build_dir = "optpy-build";
	b->o.train_timeout = 1800;
	b->o.jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
	while ((c = getopt_long(argc, argv, "qvhj:", opts, NULL)) != -1) {
		switch (c) {
		case 's': b->o.source = optarg; break;
		case 'b': b->o.build_dir = optarg; break;
		case 'p': b->o.prefix = optarg; break;
		case 'j':
			b->o.jobs = atoi(optarg);
			if (b->o.jobs < 1 || b->o.jobs > 1024)
				die(EXIT_USAGE, "--jobs: '%s' is not a number from 1 to 1024", optarg);
			break;
		case 'c': b->o.cc = optarg; break;
		case 'l':
			if (lto_parse(optarg, &b->o.lto) < 0)
				die(EXIT_USAGE, "--lto: unknown mode '%s' (use auto, full, thin or off)", optarg);
			break;
		case 'P': b->o.profile = optarg; break;
		case 'f': b->o.from = optarg; break;
		case 'u': b->o.until = optarg; break;
		case 'i': b->o.install = 1; break;
		case 'D': b->o.destdir = optarg; b->o.install = 1; break;
		case 'F': b->o.fat_lto = 1; break;
		case 'T':
			b->o.train_timeout = atof(optarg);
			if (b->o.train_timeout <= 0)
				die(EXIT_USAGE, "--train-timeout: '%s' is not a positive number of seconds", optarg);
			break;
		case 'V': b->o.verify_tests = optarg; break;
		case 't': b->o.tmpdir = optarg; break;
		case 'q': verbosity = 0; break;
		case 'v': verbosity = 2; break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		default: fputs(usage, stderr); return EXIT_USAGE;
		}
	}
	for (int i = optind; i < argc; i++) {
		refuse_configure_arg(argv[i]);
		sv_push(&b->o.configure_args, argv[i]);
	}
	if (!b->o.source)
		die(EXIT_USAGE, "build needs --source DIR|TARBALL\n"
		    "  (scripts/build-python.sh fetches a default CPython 3.13 source)\n%s", usage);
	if (b->o.prefix && b->o.prefix[0] != '/')
		die(EXIT_USAGE, "--prefix must be an absolute path, not '%s'", b->o.prefix);
	if (b->o.destdir && b->o.destdir[0] != '/')
		die(EXIT_USAGE, "--destdir must be an absolute path, not '%s'", b->o.destdir);
	/* resolved, so that ./x and x resume the same build */
	if (realpath(b->o.source, real))
		b->o.source = xstrdup(real);
	if (b->o.profile && (strchr(b->o.profile, '/') || endswith(b->o.profile, ".json")) &&
	    realpath(b->o.profile, real))
		b->o.profile = xstrdup(real);
	if (mkdir_p(b->o.build_dir) < 0 || !realpath(b->o.build_dir, real))
		die(EXIT_TMPDIR, "cannot create the build directory %s\n  fix: choose a writable --build-dir",
		    b->o.build_dir);
	b->bdir = xstrdup(real);
	b->obj = build_path(b, "obj");
	b->logs = build_path(b, "logs");
	b->stamps = build_path(b, "stamps");
	b->rawdir = build_path(b, "profile/raw");
	b->profdir = build_path(b, "profile/data");
	return build_main(b);
}
