/* instrument.c - phase 3: the instrumented build, without LTO (the stock
 * flow LTO-links the instrumented interpreter too: ~690 s of its 1137 s on
 * a 2-core machine), and without Programs/_testembed. */
#include <stdlib.h>

#include "makevars.h"
#include "phases.h"

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
	/* optimized objects would pass for instrumented ones: make only sees times */
	if ((st == OBJ_OPTIMIZED || st == OBJ_OPTIMIZING) && (rc = clean_objects(b)) != 0)
		return rc;
	build_make_vars(b, 0, &vars);
	rc = build_make(b, b->facts->build_targets, &vars);
	sv_clear(&vars);
	if (rc != 0)
		return phase_fail(b, EXIT_PHASE, "the instrumented build failed (make exit %d)", rc);
	free(b->python);
	b->python = cpython_build_python(b->obj);
	if (!is_exec(b->python))
		return phase_fail(b, EXIT_PHASE, "make succeeded but %s was not built", b->python);
	if ((rc = set_obj_state(b, OBJ_INSTRUMENTED)))
		return rc;
	b->objects_total = build_count_objects(b);
	jw_int(&b->res, "objects", b->objects_total);
	return 0;
}
