/* configure.c - phase 2: CPython's configure, out of tree, in BUILD/obj.
 * PGO and LTO flags are not configured here: each later phase passes its
 * own through CFLAGS_NODIST/LDFLAGS_NODIST, so `make install` never redoes
 * the profile run (which --enable-optimizations would make it do). */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "phases.h"
#include "walk.h"

int phase_configure(struct build *b)
{
	struct strvec argv = { 0 };
	const char *why;
	int rc;

	/* a fresh object tree: objects of an older configuration must not mix in */
	if ((rc = set_obj_state(b, OBJ_NONE)))
		return rc;
	if (rm_rf(b->obj) < 0 || mkdir(b->obj, 0777) < 0)
		return build_fail(b, EXIT_TMPDIR, "cannot make a fresh %s: %s", b->obj, strerror(errno));
	/* configure by a relative path (../src/NAME/configure): the compiler
	 * then sees relative source names, the same in every build directory,
	 * which gcc's profile checksums (and a stored profile) depend on */
	if (build_relpath(b, b->src) != b->src)
		sv_pushf(&argv, "../%s/configure", build_relpath(b, b->src));
	else
		sv_pushf(&argv, "%s/configure", b->src);
	if (b->o.prefix)
		sv_pushf(&argv, "--prefix=%s", b->o.prefix);
	sv_pushf(&argv, "CC=%s", b->tc.cc_string);
	if (b->tc.ar.path)
		sv_pushf(&argv, "AR=%s", b->tc.ar.path);
	why = cpython_compiler_args(b->facts, b->tc.family, b->tc.version.major, b->o.configure_args.v,
				    &argv);
	sv_pushv(&argv, b->o.configure_args.v);
	if (b->regen_python)
		sv_pushf(&argv, "PYTHON_FOR_REGEN=%s", b->regen_python);
	if (b->jit_llvm_version)
		sv_pushf(&argv, "LLVM_VERSION=%d", b->jit_llvm_version);
	if (why)
		build_log(b, "%s", why);
	jw_str(&b->res, "compiler_choice", why);
	rc = build_run(b, argv.v, NULL, b->obj, 0);
	sv_clear(&argv);
	if (rc != 0)
		return build_fail(b, EXIT_PHASE, "configure failed (exit %d); see config.log in %s", rc, b->obj);
	if ((rc = set_obj_state(b, OBJ_CONFIGURED)))
		return rc;
	jw_str(&b->res, "cc", b->tc.cc_string);
	jw_str(&b->res, "ar", b->tc.ar.path);
	jw_bool(&b->res, "free_threaded", cpython_free_threaded(b->obj));
	jw_bool(&b->res, "jit", b->variant.jit);
	if (b->variant.free_threaded && !cpython_free_threaded(b->obj))
		return build_fail(b, EXIT_PHASE, "--disable-gil was given but configure made no "
				  "free-threaded build (no Py_GIL_DISABLED in pyconfig.h)");
	jw_arr(&b->res, "extra_args");
	for (size_t i = 0; i < b->o.configure_args.n; i++)
		jw_str(&b->res, NULL, b->o.configure_args.v[i]);
	jw_end_arr(&b->res);
	return 0;
}
