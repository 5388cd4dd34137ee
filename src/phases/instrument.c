/* instrument.c - phase 3: the instrumented build, without LTO (the stock
 * flow LTO-links the instrumented interpreter too: ~690 s of its 1137 s on
 * a 2-core machine), and without Programs/_testembed. */
#include <stdlib.h>

#include "bundle.h"
#include "err.h"
#include "makevars.h"
#include "phases.h"

/* A warm build has no instrumented build whose build tools
 * (_freeze_module, _bootstrap_python) the final build can reuse: without
 * this, the final build links each of them from the whole interpreter with
 * LTO.  Built here plainly (no profile, no LTO, -O0), they only generate
 * sources; optimize then removes their objects and keeps them. */
static int build_tools(struct build *b)
{
	struct strvec vars = { 0 };
	double t0 = now();
	int rc;

	if (!b->facts->build_tools)
		return 0;
	/* final objects would pass for plain ones: make only sees times */
	if ((obj_state(b) == OBJ_OPTIMIZED || obj_state(b) == OBJ_OPTIMIZING) && (rc = clean_objects(b)) != 0)
		return rc;
	build_tool_vars(b, &vars);
	rc = build_make(b, b->facts->build_tools, &vars);
	sv_clear(&vars);
	if (rc != 0)
		return build_fail(b, EXIT_PHASE, "building the build tools (%s) failed (make exit %d)",
				  b->facts->build_tools, rc);
	jw_str(&b->res, "build_tools", b->facts->build_tools);
	jw_num(&b->res, "build_tools_seconds", now() - t0);
	return set_obj_state(b, OBJ_TOOLS);
}

/* --use-profile: the stored profile, checked to fit, in place of
 * instrument, train and merge. */
static int use_bundle(struct build *b)
{
	struct err e = { 0 };
	struct strbuf diff = STRBUF_INIT;
	json_t *m = bundle_manifest(b->o.use_profile, &e), *id = NULL;
	int rc = 0, n;

	if (!m) {
		rc = build_fail(b, e.status, "%s", e.msg);
		goto out;
	}
	id = bundle_identity(b);
	n = bundle_compare(m, id, &diff);
	jw_bool(&b->res, "skipped", 1);
	jw_str(&b->res, "why", "profile from a stored bundle (--use-profile)");
	jw_str(&b->res, "bundle", b->o.use_profile);
	jw_int(&b->res, STAMP_BUNDLE_MISMATCH, n);
	jw_str(&b->res, "bundle_differences", n ? sb_str(&diff) : NULL);
	if (n && !b->o.allow_mismatch) {
		rc = build_fail(b, EXIT_PROFILE_MISMATCH, "the profile bundle %s does not fit this build: "
				"%s\n  fix: a bundle saved from this source, compiler and flags (optpy build "
				"--save-profile), or --allow-mismatch to use it anyway", b->o.use_profile,
				sb_str(&diff));
		goto out;
	}
	if (n)
		build_warn(b, "using the profile bundle %s although it does not fit (--allow-mismatch): %s",
			   b->o.use_profile, sb_str(&diff));
	if ((rc = bundle_extract(b->o.use_profile, b->profdir, b->obj, &e)) != 0)
		rc = build_fail(b, rc, "%s", e.msg);
	else
		rc = build_tools(b);
out:
	json_decref(m);
	json_decref(id);
	sb_release(&diff);
	err_clear(&e);
	return rc;
}

int phase_instrument(struct build *b)
{
	struct strvec vars = { 0 };
	enum obj_state st = obj_state(b);
	int rc;

	if (!b->pgo) {
		jw_bool(&b->res, "skipped", 1);
		jw_str(&b->res, "why", "this build is not profile-guided (see toolchain.pgo and --pgo)");
		return 0;
	}
	if (b->o.use_profile)
		return use_bundle(b);
	/* optimized objects would pass for instrumented ones: make only sees times */
	if ((st == OBJ_OPTIMIZED || st == OBJ_OPTIMIZING) && (rc = clean_objects(b)) != 0)
		return rc;
	build_make_vars(b, 0, &vars);
	stamp_make_vars(b, &vars);
	rc = build_make(b, b->facts->build_targets, &vars);
	sv_clear(&vars);
	if (rc != 0)
		return build_fail(b, EXIT_PHASE, "the instrumented build failed (make exit %d)", rc);
	free(b->python);
	b->python = cpython_build_python(b->obj);
	if (!is_exec(b->python))
		return build_fail(b, EXIT_PHASE, "make succeeded but %s was not built", b->python);
	if ((rc = set_obj_state(b, OBJ_INSTRUMENTED)))
		return rc;
	b->objects_total = build_count_objects(b);
	jw_int(&b->res, STAMP_OBJECTS, b->objects_total);
	return 0;
}
