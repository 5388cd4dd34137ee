/* test_options.c - build's option table: its rows agree with each other,
 * and parsing, checking and the usage come from it. */
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "strbuf.h"
#include "t.h"

static int parse(struct build_opts *o, struct err *e, const char *const *args)
{
	char *argv[32];
	int argc = 0;

	argv[argc++] = "build";
	while (*args && argc < 31)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;
	build_opts_init(o);
	err_clear(e);
	return build_opts_parse(o, argc, argv, e);
}

static void table(void)
{
	struct strbuf usage = STRBUF_INIT;
	int rows = 0, keyed = 0;

	build_options_usage(&usage);
	for (const struct build_option *r = build_options; r < build_options + build_options_n; r++) {
		rows++;
		/* every option can be set and is in the usage; names and letters once */
		if (r->arg.name) {
			char *opt = xasprintf("--%s", r->arg.name);

			CHECK(r->set != NULL && r->arg.help != NULL);
			CHECK(strstr(sb_str(&usage), opt) != NULL);
			free(opt);
		}
		int dup = 0;

		for (const struct build_option *s = r + 1; s < build_options + build_options_n; s++)
			dup |= (r->arg.name && s->arg.name && !strcmp(r->arg.name, s->arg.name)) ||
			       (r->arg.shortopt && r->arg.shortopt == s->arg.shortopt) ||
			       (r->key && s->key && !strcmp(r->key, s->key));
		CHECK(!dup);
		/* a recorded row says how, and which phase it redoes */
		if (r->key) {
			keyed++;
			CHECK(r->record != NULL);
			CHECK(r->redo < PH_N);
			CHECK_INT(build_option_redo(r->key), r->redo);
		}
	}
	CHECK(rows > 30);
	CHECK(keyed >= 14);
	CHECK_INT(build_option_redo("lto"), PH_OPTIMIZE);
	CHECK_INT(build_option_redo("profile"), PH_TRAIN);
	CHECK_INT(build_option_redo("no such key"), PH_INSPECT);
	sb_release(&usage);
}

static void parsing(void)
{
	struct build_opts o;
	struct err e = { 0 };

	CHECK_INT(parse(&o, &e, (const char *[]){ "--source", "/s", "--jobs=3", "--lto", "thin", NULL }), 0);
	CHECK_STR(o.source, "/s");
	CHECK_INT(o.jobs, 3);
	CHECK_INT(o.lto, LTO_THIN);
	CHECK(o.given & GIVEN_LTO);
	CHECK(!(o.given & GIVEN_PGO));
	CHECK_INT(parse(&o, &e, (const char *[]){ "-j4", "-q", NULL }), 0);
	CHECK_INT(o.jobs, 4);
	CHECK_INT(o.msg.verbosity, 0);
	CHECK_INT(parse(&o, &e, (const char *[]){ "-j", "5", "-v", "--destdir", "/d", NULL }), 0);
	CHECK_INT(o.jobs, 5);
	CHECK_INT(o.msg.verbosity, 2);
	CHECK_INT(o.install, 1);
	CHECK(!(o.given & GIVEN_INSTALL));
	/* `--` and what follows are configure's, options or not */
	CHECK_INT(parse(&o, &e, (const char *[]){ "--jit", "--", "--enable-shared", "-q", NULL }), 0);
	CHECK_INT(o.jit, 1);
	CHECK_INT((long long)o.configure_args.n, 2);
	CHECK_STR(o.configure_args.v[1], "-q");
	CHECK_INT(o.msg.verbosity, 1);
	/* the errors, each with its status and words */
	CHECK_INT(parse(&o, &e, (const char *[]){ "--jobs", "--lto", "thin", NULL }), EXIT_USAGE);
	CHECK(e.msg && strstr(e.msg, "--jobs needs a value"));
	CHECK_INT(e.show_usage, 0);
	CHECK_INT(parse(&o, &e, (const char *[]){ "--cc", "-q", NULL }), EXIT_USAGE);
	CHECK_INT(parse(&o, &e, (const char *[]){ "--jobs", NULL }), EXIT_USAGE);
	CHECK_INT(parse(&o, &e, (const char *[]){ "--frob", NULL }), EXIT_USAGE);
	CHECK(e.msg && strstr(e.msg, "unknown option '--frob'"));
	CHECK_INT(e.show_usage, 1);     /* the CLI prints the usage after it */
	CHECK_INT(parse(&o, &e, (const char *[]){ "--install=yes", NULL }), EXIT_USAGE);
	CHECK_INT(parse(&o, &e, (const char *[]){ "--source", "/s", "stray", NULL }), EXIT_USAGE);
	CHECK(e.msg && strstr(e.msg, "unexpected argument 'stray'"));
	CHECK_INT(parse(&o, &e, (const char *[]){ "--pgo", "maybe", NULL }), EXIT_USAGE);
	CHECK_INT(parse(&o, &e, (const char *[]){ "--cpu-level", "v5", NULL }), EXIT_USAGE);
	CHECK_INT(parse(&o, &e, (const char *[]){ "--from", "nowhere", NULL }), EXIT_USAGE);
	CHECK_INT(parse(&o, &e, (const char *[]){ "-qv", NULL }), EXIT_USAGE);
	/* --help stops there */
	CHECK_INT(parse(&o, &e, (const char *[]){ "--help", "--frob", NULL }), 0);
	CHECK_INT(o.help, 1);
	/* the environment's rows */
	setenv("OPTPY_PROBE_TIMEOUT", "7", 1);
	CHECK_INT(parse(&o, &e, (const char *[]){ NULL }), 0);
	CHECK_NEAR(o.probe_timeout, 7, 1e-9);
	setenv("OPTPY_PROBE_TIMEOUT", "1e9", 1);
	CHECK_INT(parse(&o, &e, (const char *[]){ NULL }), EXIT_USAGE);
	CHECK(e.msg && strstr(e.msg, "at most 86400"));
	unsetenv("OPTPY_PROBE_TIMEOUT");
	err_clear(&e);
}

static void checking(void)
{
	struct build_opts o;
	struct err e = { 0 };

	unsetenv("DEB_BUILD_OPTIONS");
	/* a packager's configure line becomes optpy's options */
	CHECK_INT(parse(&o, &e, (const char *[]){ "--source", "/s", "--", "--enable-optimizations",
						  "--with-lto=thin", "--enable-shared", NULL }), 0);
	CHECK_INT(build_opts_check(&o, &e), 0);
	CHECK_INT(o.pgo, PGO_ON);
	CHECK_INT(o.lto, LTO_THIN);
	CHECK_INT((long long)o.configure_args.n, 1);
	CHECK_INT((long long)o.taken.n, 2);
	/* ... but not one the command line said already */
	CHECK_INT(parse(&o, &e, (const char *[]){ "--source", "/s", "--lto", "off", "--", "--with-lto", NULL }), 0);
	CHECK_INT(build_opts_check(&o, &e), EXIT_USAGE);
	CHECK(e.msg && strstr(e.msg, "says again"));
	/* DEB_BUILD_OPTIONS where the command line is silent */
	setenv("DEB_BUILD_OPTIONS", "nolto parallel=2", 1);
	CHECK_INT(parse(&o, &e, (const char *[]){ "--source", "/s", NULL }), 0);
	CHECK_INT(build_opts_check(&o, &e), 0);
	CHECK_INT(o.lto, LTO_OFF);
	CHECK_INT(parse(&o, &e, (const char *[]){ "--source", "/s", "--lto", "thin", NULL }), 0);
	CHECK_INT(build_opts_check(&o, &e), 0);
	CHECK_INT(o.lto, LTO_THIN);
	unsetenv("DEB_BUILD_OPTIONS");
	/* the variants' options are configure's arguments, once */
	CHECK_INT(parse(&o, &e, (const char *[]){ "--source", "/s", "--free-threaded", "--", "--disable-gil", NULL }), 0);
	CHECK_INT(build_opts_check(&o, &e), 0);
	CHECK_INT((long long)o.configure_args.n, 1);
	/* contradictions */
	CHECK_INT(parse(&o, &e, (const char *[]){ "--source", "/s", "--from", "bolt", "--until", "train", NULL }), 0);
	CHECK_INT(build_opts_check(&o, &e), EXIT_USAGE);
	CHECK_INT(parse(&o, &e, (const char *[]){ "--source", "/s", "--prefix", "/opt/x /tmp/y", NULL }), 0);
	CHECK_INT(build_opts_check(&o, &e), EXIT_USAGE);
	CHECK_INT(parse(&o, &e, (const char *[]){ "--source", "/s", "--", "CC=clang", NULL }), 0);
	CHECK_INT(build_opts_check(&o, &e), EXIT_USAGE);
	CHECK_INT(parse(&o, &e, (const char *[]){ "--source", "/s", "--cc", "gcc,clang", "--from", "train", NULL }), 0);
	CHECK_INT(build_opts_check(&o, &e), EXIT_USAGE);
	CHECK_INT(parse(&o, &e, (const char *[]){ NULL }), 0);
	CHECK_INT(build_opts_check(&o, &e), EXIT_USAGE);
	CHECK(e.msg && strstr(e.msg, "needs --source"));
	err_clear(&e);
}

/* The parser itself over a bare table (args.h): what each word is. */
static void bare_table(void)
{
	static const struct arg_def tab[] = {
		{ "runs", 'r', "N", "rounds" },
		{ "json", 0, NULL, "JSON" },
		{ NULL, 0, NULL, "not an option" },
		{ "quiet", 'q', NULL, "quiet" },
	};
	char *argv[] = { "bench", "a", "--runs=3", "-r4", "-q", "--json", "b", "--", "--json", "-q", NULL };
	struct args a;
	struct err e = { 0 };
	const char *val;
	size_t row;
	struct strbuf seen = STRBUF_INIT, usage = STRBUF_INIT;
	int rc;

	args_init(&a, tab, ARGS_N(tab), sizeof(tab[0]), "bench", 10, argv);
	while ((rc = args_next(&a, &row, &val, &e)) != ARG_END) {
		CHECK(rc < 0);
		if (rc == ARG_OPERAND)
			sb_addf(&seen, "[%s%s]", a.rest ? "rest:" : "", val);
		else
			sb_addf(&seen, "%s=%s;", tab[row].name, val ? val : "-");
	}
	CHECK_STR(sb_str(&seen), "[a]runs=3;runs=4;quiet=-;json=-;[b][rest:--json][rest:-q]");
	/* the errors: a flag given a value, letters run together, a missing value */
	char *bad1[] = { "x", "--json=1", NULL }, *bad2[] = { "x", "-qz", NULL }, *bad3[] = { "x", "-r", NULL },
	     *bad4[] = { "x", "-r", "--json", NULL }, *bad5[] = { "x", "--nope", NULL };
	char **bads[] = { bad1, bad2, bad3, bad4, bad5 };
	const char *words[] = { "takes no value", "one letter per option", "needs a value (N)",
				"the next word is the option '--json'", "optpy bench --help" };

	for (int i = 0; i < 5; i++) {
		int n = 0;

		while (bads[i][n])
			n++;
		err_clear(&e);
		args_init(&a, tab, ARGS_N(tab), sizeof(tab[0]), "bench", n, bads[i]);
		CHECK_INT(args_next(&a, &row, &val, &e), EXIT_USAGE);
		CHECK(e.msg && strstr(e.msg, words[i]));
		CHECK_INT(e.show_usage, i == 4);
	}
	err_clear(&e);
	args_usage(&usage, tab, ARGS_N(tab), sizeof(tab[0]));
	CHECK_STR(sb_str(&usage), "  -r, --runs N        rounds\n  --json              JSON\n"
		  "  -q, --quiet         quiet\n");
	sb_release(&seen);
	sb_release(&usage);
}

int main(void)
{
	bare_table();
	table();
	parsing();
	checking();
	return T_DONE();
}
