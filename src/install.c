/* install.c - phase 8 (with --install): `make install` into the prefix
 * (under DESTDIR for packagers), with the final build's flags so that
 * nothing is rebuilt differently and PGO is never re-run. */
#include <stdlib.h>

#include "makevars.h"
#include "phases.h"

int phase_install(struct build *b)
{
	struct strvec vars = { 0 }, argv = { 0 };
	const char *prefix = b->o.prefix ? b->o.prefix : "/usr/local";
	char *name = NULL, *bin = NULL;
	int rc;

	build_make_vars(b, 1, &vars);
	/* the rest of `all` (Programs/_testembed...) in parallel, then a serial install */
	if ((rc = build_make(b, "all", &vars)) != 0) {
		rc = phase_fail(b, EXIT_PHASE, "make all failed (exit %d)", rc);
		goto out;
	}
	sv_push(&argv, "make");
	build_keep_tools(b, &argv);
	sv_push(&argv, "install");
	sv_pushv(&argv, vars.v);
	if (b->o.destdir)
		sv_pushf(&argv, "DESTDIR=%s", b->o.destdir);
	if ((rc = build_run(b, argv.v, NULL, b->obj, 0)) != 0) {
		rc = phase_fail(b, EXIT_PHASE, "make install failed (exit %d)", rc);
		goto out;
	}
	name = cpython_installed_name(&b->ver, cpython_free_threaded(b->obj));
	bin = xasprintf("%s%s/bin/%s", b->o.destdir ? b->o.destdir : "", prefix, name);
	jw_str(&b->res, "prefix", prefix);
	jw_str(&b->res, "destdir", b->o.destdir);
	jw_str(&b->res, "python", bin);
	if (!is_exec(bin))
		rc = phase_fail(b, EXIT_PHASE, "make install succeeded but %s is missing", bin);
out:
	sv_clear(&argv);
	sv_clear(&vars);
	free(name);
	free(bin);
	return rc;
}
