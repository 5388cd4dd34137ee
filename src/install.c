/* install.c - phase 8 (with --install): `make install` into the prefix
 * (under DESTDIR for packagers), with the final build's flags so that
 * nothing is rebuilt differently and PGO is never re-run. */
#include <stdio.h>
#include <stdlib.h>

#include "build.h"

int phase_install(struct build *b)
{
	struct strvec vars = { 0 }, argv = { 0 };
	char *bin;
	int rc;

	build_make_vars(b, 1, &vars);
	/* the rest of `all` (Programs/_testembed...) in parallel, then a serial install */
	rc = build_make(b, "all", &vars);
	if (rc != 0)
		return phase_fail(b, EXIT_PHASE, "make all failed (exit %d)", rc);
	sv_push(&argv, "make");
	build_keep_tools(b, &argv);
	sv_push(&argv, "install");
	sv_pushv(&argv, vars.v);
	if (b->o.destdir)
		sv_pushf(&argv, "DESTDIR=%s", b->o.destdir);
	rc = build_run(b, argv.v, NULL, b->obj, 0);
	sv_clear(&argv);
	sv_clear(&vars);
	if (rc != 0)
		return phase_fail(b, EXIT_PHASE, "make install failed (exit %d)", rc);
	bin = xasprintf("%s%s/bin/python%d.%d", b->o.destdir ? b->o.destdir : "",
			b->o.prefix ? b->o.prefix : "/usr/local", b->major, b->minor);
	jw_str(&b->res, "prefix", b->o.prefix ? b->o.prefix : "/usr/local");
	jw_str(&b->res, "destdir", b->o.destdir);
	jw_str(&b->res, "python", bin);
	if (!is_exec(bin)) {
		rc = phase_fail(b, EXIT_PHASE, "make install succeeded but %s is missing", bin);
		free(bin);
		return rc;
	}
	free(bin);
	return 0;
}
