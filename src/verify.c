/* verify.c - phase 7: the interpreter starts, says the expected version,
 * imports the extension modules configure built, and a small test subset
 * passes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"

/* Runs inside the new interpreter: which modules exist, which import. */
static const char check_code[] =
	"import importlib, importlib.util, json, sys\n"
	"out = {'version': sys.version.split()[0], 'modules': {}}\n"
	"for m in sys.argv[1:]:\n"
	"    try:\n"
	"        spec = importlib.util.find_spec(m)\n"
	"    except Exception:\n"
	"        spec = None\n"
	"    if spec is None:\n"
	"        out['modules'][m] = 'not built'\n"
	"        continue\n"
	"    try:\n"
	"        importlib.import_module(m)\n"
	"        out['modules'][m] = 'ok'\n"
	"    except Exception as e:\n"
	"        out['modules'][m] = 'error: %s: %s' % (type(e).__name__, e)\n"
	"print('OPTPY-VERIFY ' + json.dumps(out))\n";

static const char *const modules[] = {
	"_ssl", "_hashlib", "_ctypes", "_decimal", "_json", "_pickle", "_sqlite3", "zlib", "_bz2",
	"_lzma", "_struct", "_datetime", "math", "array", "select", "_socket", "_uuid", "readline",
	"_curses", "pyexpat", "_elementtree", "_asyncio", NULL,
};

static const char default_tests[] = "test_int test_json test_re test_struct test_dict test_list";

/* Run the new interpreter in the object directory, capturing its output. */
static int py_run(struct build *b, char *const *argv, char *const *env, struct strbuf *out, double timeout)
{
	struct run r = { 0 };

	r.argv = argv;
	r.env = env;
	r.cwd = b->obj;
	r.out = out;
	r.timeout = timeout;
	return run_cmd(&r);
}

int phase_verify(struct build *b)
{
	struct strvec argv = { 0 }, env = { 0 };
	struct strbuf out = STRBUF_INIT, want = STRBUF_INIT;
	const char *line;
	struct jv *v = NULL;
	int bad = 0, rc;
	const char *tests = b->o.verify_tests ? b->o.verify_tests : default_tests;

	sv_pushf(&env, "LD_LIBRARY_PATH=%s", b->obj);
	sv_push(&env, "PYTHONDONTWRITEBYTECODE=1");
	/* 1. it starts and says the expected version */
	sv_push(&argv, b->python);
	sv_push(&argv, "-V");
	rc = py_run(b, argv.v, env.v, &out, 60);
	sb_trim(&out);
	sb_addf(&want, "Python %s", b->version);
	jw_str(&b->res, "version_output", sb_str(&out));
	if (rc != 0 || !strstr(sb_str(&out), sb_str(&want)))
		return phase_fail(b, EXIT_PHASE, "%s -V printed '%s' (exit %d), expected '%s'", b->python,
				  sb_str(&out), rc, sb_str(&want));
	build_log(b, "%s", sb_str(&out));
	/* 2. the extension modules that were built import */
	sv_clear(&argv);
	sv_push(&argv, b->python);
	sv_push(&argv, "-c");
	sv_push(&argv, check_code);
	for (int i = 0; modules[i]; i++)
		sv_push(&argv, modules[i]);
	sb_reset(&out);
	rc = py_run(b, argv.v, env.v, &out, 120);
	line = strstr(sb_str(&out), "OPTPY-VERIFY ");
	if (line) {
		char *l = xstrndup(line + 13, strcspn(line + 13, "\n"));

		v = json_parse(l, NULL);
		free(l);
	}
	if (rc != 0 || !v)
		return phase_fail(b, EXIT_PHASE, "the module check did not run (exit %d): %.300s", rc,
				  sb_str(&out));
	jw_obj(&b->res, "modules");
	{
		const struct jv *mods = json_get(v, "modules");

		for (int i = 0; mods && i < mods->n; i++) {
			const char *st = json_str(&mods->kids[i], "?");

			jw_str(&b->res, mods->kids[i].key, st);
			if (startswith(st, "error")) {
				bad++;
				warn("module %s is built but does not import: %s", mods->kids[i].key, st);
			}
		}
	}
	jw_end_obj(&b->res);
	json_free(v);
	if (bad)
		return phase_fail(b, EXIT_PHASE, "%d built extension module(s) do not import", bad);
	/* 3. a small test subset */
	jw_str(&b->res, "tests", tests);
	if (strcmp(tests, "none")) {
		sv_clear(&argv);
		sv_push(&argv, b->python);
		sv_push(&argv, "-m");
		sv_push(&argv, "test");
		sv_pushf(&argv, "-j%d", b->o.jobs);
		sv_push(&argv, "--timeout=600");
		if (sv_split(&argv, tests) < 0)
			return phase_fail(b, EXIT_USAGE, "--verify-tests: unbalanced quote");
		rc = build_run(b, argv.v, env.v, b->obj, 1200);
		jw_bool(&b->res, "tests_passed", rc == 0);
		if (rc != 0)
			return phase_fail(b, EXIT_PHASE, "the test subset failed (exit %d): %s", rc, tests);
	}
	sv_clear(&argv);
	sv_clear(&env);
	sb_release(&out);
	sb_release(&want);
	return 0;
}
