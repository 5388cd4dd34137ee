/* verify.c - phase 8: the interpreter starts, says the expected version,
 * imports the extension modules configure built, survives deep recursion,
 * and a small test subset passes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phases.h"

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

/* Runs inside the new interpreter: recursion through a C function (an
 * lru_cache wrapper, so that each level enters the bytecode loop anew) in a
 * thread with an 8 MiB stack, the default of a Linux process's main thread
 * and of glibc's threads, must end in RecursionError at the recursion
 * limit.  The depth lines say how far it got before a crash. */
static const char recursion_code[] =
	"import functools, sys, threading\n"
	"print('OPTPY-RECURSION limit %d' % sys.getrecursionlimit(), flush=True)\n"
	"@functools.lru_cache(maxsize=None)\n"
	"def down(n):\n"
	"    if n % 50 == 0:\n"
	"        print('OPTPY-RECURSION depth %d' % n, flush=True)\n"
	"    return down(n + 1)\n"
	"def main():\n"
	"    try:\n"
	"        down(1)\n"
	"    except RecursionError:\n"
	"        print('OPTPY-RECURSION ok', flush=True)\n"
	"threading.stack_size(8 << 20)\n"
	"t = threading.Thread(target=main)\n"
	"t.start()\n"
	"t.join()\n";

/* Runs inside the new interpreter: is it the variant that was asked for? */
static const char variant_code[] =
	"import sys\n"
	"jit = getattr(sys, '_jit', None)\n"
	"gil = getattr(sys, '_is_gil_enabled', None)\n"
	"print('OPTPY-VARIANT jit=%s gil=%s' % (jit.is_available() if jit else 'none',\n"
	"      gil() if gil else 'none'))\n";


/* Run the new interpreter in the object directory, capturing its output. */
static int py_run(struct build *b, char *const *argv, char *const *env, struct strbuf *out, double timeout)
{
	struct run r = { 0 };

	r.ctx = &b->runs;
	r.argv = argv;
	r.base_env = env_vector(&b->o.env);
	r.env = env;
	r.cwd = b->obj;
	r.out = out;
	r.timeout = timeout;
	return run_cmd(&r);
}

void python_env(const struct build *b, struct strvec *env)
{
	sv_pushf(env, "LD_LIBRARY_PATH=%s", b->obj);
	sv_push(env, "PYTHONDONTWRITEBYTECODE=1");
}

int python_says_version(struct build *b, char *const *env, struct strbuf *out)
{
	char *argv[] = { b->python, "-V", NULL };
	char *want = xasprintf("Python %s", b->ver.str);
	int rc = py_run(b, argv, env, out, 60);

	sb_trim(out);
	if (rc == 0 && !strstr(sb_str(out), want))
		rc = -1;
	free(want);
	return rc;
}

int python_tests(struct build *b, char *const *env, const char *tests, double timeout)
{
	struct strvec argv = { 0 };
	int rc = -1;

	sv_push(&argv, b->python);
	sv_push(&argv, "-m");
	sv_push(&argv, "test");
	sv_pushf(&argv, "-j%d", b->o.jobs);
	sv_push(&argv, "--timeout=600");
	if (sv_split(&argv, tests) == 0)
		rc = build_run(b, argv.v, env, b->obj, timeout);
	sv_clear(&argv);
	return rc;
}

/* The last number after "OPTPY-RECURSION key " in out, or -1. */
static long recursion_figure(const char *out, const char *key)
{
	char *tag = xasprintf("OPTPY-RECURSION %s ", key);
	const char *p, *last = NULL;
	long n;

	for (p = out; (p = strstr(p, tag)); p++)
		last = p;
	n = last ? atol(last + strlen(tag)) : -1;
	free(tag);
	return n;
}

int python_recursion_ok(struct build *b, char *const *env, char **why)
{
	char *argv[] = { b->python, "-c", (char *)recursion_code, NULL };
	struct strbuf out = STRBUF_INIT;
	int rc = py_run(b, argv, env, &out, 120);
	long limit = recursion_figure(sb_str(&out), "limit"), depth = recursion_figure(sb_str(&out), "depth");

	*why = NULL;
	if (rc == 0 && strstr(sb_str(&out), "OPTPY-RECURSION ok")) {
		build_log(b, "recursion through C to the limit (%ld): RecursionError, as it should", limit);
	} else if (rc > 128 && rc < 160) {
		char *deep = depth > 0 ? xasprintf("after %ld levels", depth) : xstrdup("within 50 levels");
		char *lim = limit > 0 ? xasprintf(" (%ld)", limit) : xstrdup("");

		*why = xasprintf("it crashed (signal %d) %s of recursion through a C function, before the "
				 "recursion limit%s raised RecursionError", rc - 128, deep, lim);
		free(deep);
		free(lim);
	} else {
		*why = xasprintf("the recursion check did not run (exit %d): %.300s", rc, sb_str(&out));
	}
	sb_release(&out);
	return *why ? -1 : 0;
}

/* 1. It starts and says the expected version. */
static int check_version(struct build *b, char *const *env)
{
	struct strbuf out = STRBUF_INIT;
	int rc = python_says_version(b, env, &out);

	jw_str(&b->res, "version_output", sb_str(&out));
	if (rc != 0)
		rc = build_fail(b, EXIT_PHASE, "%s -V printed '%s' (exit %d), expected 'Python %s'",
				b->python, sb_str(&out), rc > 0 ? rc : 0, b->ver.str);
	else
		build_log(b, "%s", sb_str(&out));
	sb_release(&out);
	return rc;
}

/* 2. The extension modules that were built import. */
static int check_modules(struct build *b, char *const *env)
{
	struct strvec argv = { 0 };
	struct strbuf out = STRBUF_INIT;
	json_t *v = NULL;
	const json_t *mods;
	const char *line, *key;
	json_t *val;
	int bad = 0, rc;

	sv_push(&argv, b->python);
	sv_push(&argv, "-c");
	sv_push(&argv, check_code);
	sv_split(&argv, b->facts->verify_modules);
	rc = py_run(b, argv.v, env, &out, 120);
	line = strstr(sb_str(&out), "OPTPY-VERIFY ");
	if (line) {
		char *l = xstrndup(line + 13, strcspn(line + 13, "\n"));

		v = js_parse(l, NULL);
		free(l);
	}
	if (rc != 0 || !v) {
		rc = build_fail(b, EXIT_PHASE, "the module check did not run (exit %d): %.300s", rc, sb_str(&out));
		goto out;
	}
	mods = js_get(v, "modules");
	jw_obj(&b->res, "modules");
	json_object_foreach((json_t *)mods, key, val) {
		const char *st = js_str(val, "?");

		jw_str(&b->res, key, st);
		if (startswith(st, "error")) {
			bad++;
			build_warn(b, "module %s is built but does not import: %s", key, st);
		}
	}
	jw_end_obj(&b->res);
	if (bad)
		rc = build_fail(b, EXIT_PHASE, "%d built extension module(s) do not import", bad);
out:
	json_decref(v);
	sv_clear(&argv);
	sb_release(&out);
	return rc;
}

/* 3. Deep recursion through C raises RecursionError instead of crashing. */
static int check_recursion(struct build *b, char *const *env)
{
	char *why;
	int rc = python_recursion_ok(b, env, &why);

	jw_bool(&b->res, "recursion_ok", rc == 0);
	if (rc)
		rc = build_fail(b, EXIT_PHASE, "the interpreter fails the recursion check: %s. Each level needs "
				"more C stack than an 8 MiB thread stack has for it; the usual cause is a compiler "
				"that gives the bytecode loop too big a stack frame (docs/measurements.md has the "
				"sizes seen); fix: build with gcc (--cc gcc) or another version of the compiler",
				why);
	free(why);
	return rc;
}

/* 4. The JIT or the free-threaded build is what was asked for:
 * sys._jit.is_available() (3.14+), sys._is_gil_enabled() (3.13+). */
static int check_variant(struct build *b, char *const *env)
{
	char *argv[] = { b->python, "-c", (char *)variant_code, NULL };
	struct strbuf out = STRBUF_INIT;
	const char *line;
	char jit[16] = "", gil[16] = "";
	int rc;

	if (!b->variant.jit && !b->variant.free_threaded)
		return 0;
	rc = py_run(b, argv, env, &out, 60);
	line = strstr(sb_str(&out), "OPTPY-VARIANT ");
	if (rc != 0 || !line || sscanf(line, "OPTPY-VARIANT jit=%15s gil=%15s", jit, gil) != 2) {
		rc = build_fail(b, EXIT_PHASE, "the variant check did not run (exit %d): %.300s", rc,
				sb_str(&out));
		goto out;
	}
	jw_str(&b->res, "jit_available", jit);
	jw_str(&b->res, "gil_enabled", gil);
	if (b->variant.jit && strcmp(jit, "True")) {
		if (!strcmp(jit, "none"))
			build_warn(b, "JIT asked for: CPython %s has no sys._jit to ask whether it is there",
				   b->ver.str);
		else
			rc = build_fail(b, EXIT_PHASE, "the JIT was asked for (%s) but sys._jit.is_available() "
					"is %s: the interpreter has no JIT; see logs/configure.log and "
					"logs/optimize.log", b->variant.jit_arg ? b->variant.jit_arg :
					"--enable-experimental-jit", jit);
	}
	if (!rc && b->variant.free_threaded && strcmp(gil, "False"))
		rc = build_fail(b, EXIT_PHASE, "a free-threaded build was asked for (--disable-gil) but "
				"sys._is_gil_enabled() is %s", gil);
	if (!rc)
		build_log(b, "variant: jit %s, GIL enabled %s", jit, gil);
out:
	sb_release(&out);
	return rc;
}

/* 5. A small test subset passes. */
static int check_tests(struct build *b, char *const *env)
{
	const char *tests = b->o.verify_tests ? b->o.verify_tests : cpython_verify_tests;
	int rc;

	jw_str(&b->res, "tests", tests);
	if (!strcmp(tests, "none"))
		return 0;
	rc = python_tests(b, env, tests, 1200);
	if (rc < 0)
		return build_fail(b, EXIT_USAGE, "--verify-tests: unbalanced quote");
	jw_bool(&b->res, "tests_passed", rc == 0);
	if (rc != 0)
		rc = build_fail(b, EXIT_PHASE, "the test subset failed (exit %d): %s", rc, tests);
	return rc;
}

int phase_verify(struct build *b)
{
	struct strvec env = { 0 };
	int rc;

	python_env(b, &env);
	if (!(rc = check_version(b, env.v)) && !(rc = check_modules(b, env.v)) &&
	    !(rc = check_recursion(b, env.v)) && !(rc = check_variant(b, env.v)))
		rc = check_tests(b, env.v);
	sv_clear(&env);
	return rc;
}
