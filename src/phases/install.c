/* install.c - phase 9 (with --install): `make install` into the prefix
 * (under DESTDIR for packagers), with the final build's flags so that
 * nothing is rebuilt differently and PGO is never re-run. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "makevars.h"
#include "phases.h"
#include "staticlib.h"

static int clean_sysconfig(struct build *b)
{
	char *stamp = path_join(b->obj, "pybuilddir.txt");
	struct strvec argv = { 0 };
	const char *ucf, *ulf;
	int rc = 0;

	if (is_file(stamp)) {
		unlink(stamp);
		sv_push(&argv, "make");
		build_keep_tools(b, &argv);
		sv_push(&argv, "-o");
		sv_push(&argv, path_base(b->python));
		sv_push(&argv, "pybuilddir.txt");
		/* the user's own _NODIST flags, not optpy's */
		ucf = env_get(&b->o.env, "CFLAGS_NODIST");
		ulf = env_get(&b->o.env, "LDFLAGS_NODIST");
		sv_pushf(&argv, "CFLAGS_NODIST=%s", ucf ? ucf : "");
		sv_pushf(&argv, "LDFLAGS_NODIST=%s", ulf ? ulf : "");
		if ((rc = build_run(b, argv.v, NULL, b->obj, 600)) != 0)
			rc = build_fail(b, EXIT_PHASE, "regenerating the sysconfig data failed (exit %d)", rc);
		jw_bool(&b->res, "sysconfig_regenerated", rc == 0);
	}
	sv_clear(&argv);
	free(stamp);
	return rc;
}

/* The C++ compiler beside a C compiler: g++ for gcc, clang++-N for
 * clang-N, c++ for cc; NULL when there is no such pair (CXX then stays). */
static char *cxx_of(const char *cc)
{
	const char *base = path_base(cc);
	size_t dir = (size_t)(base - cc);

	if (startswith(base, "gcc"))
		return xasprintf("%.*sg++%s", (int)dir, cc, base + 3);
	if (startswith(base, "clang"))
		return xasprintf("%.*sclang++%s", (int)dir, cc, base + 5);
	if (!strcmp(base, "cc"))
		return xasprintf("%.*sc++", (int)dir, cc);
	return NULL;
}

/* --extension-cc: the install's sysconfig names that compiler for
 * extension builds, and a small extension builds with it and imports. */
static int record_extension_cc(struct build *b, const char *root, const char *name, const char *bin)
{
	char *cxx = cxx_of(b->o.extension_cc), *home = xasprintf("PYTHONHOME=%s", root), *inc;
	char *argv[] = { b->python, "-I", "-c", (char *)cpython_ext_cc_py, (char *)root,
			 (char *)b->o.extension_cc, cxx ? cxx : "", NULL };
	char *check[] = { (char *)bin, "-I", "-c", (char *)cpython_ext_check_py, NULL };
	char *env[] = { home, NULL };
	int rc;

	jw_str(&b->res, "extension_cc", b->o.extension_cc);
	if ((rc = build_run(b, argv, NULL, b->obj, 300)) != 0) {
		rc = build_fail(b, EXIT_PHASE, "recording --extension-cc %s in the installed sysconfig "
				"failed (exit %d)", b->o.extension_cc, rc);
		goto out;
	}
	/* the check needs the installed headers (every CPython install has them) */
	inc = xasprintf("%s/include/%s/Python.h", root, name);
	if (!is_file(inc)) {
		jw_str(&b->res, "extension_check", "not run: no Python.h installed");
		build_warn(b, "--extension-cc %s recorded, but not checked: %s is not installed",
			   b->o.extension_cc, inc);
	} else if ((rc = build_run(b, check, env, b->obj, 300)) != 0) {
		rc = build_fail(b, EXIT_PHASE, "a C extension does not build with --extension-cc %s "
				"against the install (exit %d; the log has the compiler's words); fix: "
				"another --extension-cc, or none", b->o.extension_cc, rc);
	} else {
		jw_str(&b->res, "extension_check", "ok: a C extension built with it and imported");
	}
	free(inc);
out:
	free(cxx);
	free(home);
	return rc;
}

int phase_install(struct build *b)
{
	struct strvec vars = { 0 }, argv = { 0 };
	const char *prefix = b->o.prefix ? b->o.prefix : "/usr/local";
	char *name = NULL, *bin = NULL;
	int rc;

	build_make_vars(b, 1, &vars);
	/* the rest of `all` (Programs/_testembed...) in parallel, then a serial install */
	if ((rc = build_make(b, "all", &vars)) != 0) {
		rc = build_fail(b, EXIT_PHASE, "make all failed (exit %d)", rc);
		goto out;
	}
	/* the installed sysconfig data must carry only what the user gave:
	 * generate it again with none of optpy's profile, LTO or BOLT flags
	 * (make puts its command line in the environment, which sysconfig's
	 * generator reads) */
	if ((rc = clean_sysconfig(b)) != 0)
		goto out;
	sv_push(&argv, "make");
	build_keep_tools(b, &argv);
	sv_push(&argv, "install");
	sv_pushv(&argv, vars.v);
	if (b->o.destdir)
		sv_pushf(&argv, "DESTDIR=%s", b->o.destdir);
	if ((rc = build_run(b, argv.v, NULL, b->obj, 0)) != 0) {
		rc = build_fail(b, EXIT_PHASE, "make install failed (exit %d)", rc);
		goto out;
	}
	name = cpython_installed_name(&b->ver, cpython_free_threaded(b->obj));
	bin = xasprintf("%s%s/bin/%s", b->o.destdir ? b->o.destdir : "", prefix, name);
	if (b->d.lto != LTO_OFF) {
		/* the static libpython, linkable without LTO (staticlib.h) */
		char *root = xasprintf("%s%s", b->o.destdir ? b->o.destdir : "", prefix);

		rc = install_static_libs(b, root);
		free(root);
		if (rc)
			goto out;
	}
	jw_str(&b->res, "prefix", prefix);
	jw_str(&b->res, "destdir", b->o.destdir);
	jw_str(&b->res, "python", bin);
	if (!is_exec(bin)) {
		rc = build_fail(b, EXIT_PHASE, "make install succeeded but %s is missing", bin);
		goto out;
	}
	if (b->o.extension_cc) {
		char *root = xasprintf("%s%s", b->o.destdir ? b->o.destdir : "", prefix);

		rc = record_extension_cc(b, root, name, bin);
		free(root);
	}
out:
	sv_clear(&argv);
	sv_clear(&vars);
	free(name);
	free(bin);
	return rc;
}
