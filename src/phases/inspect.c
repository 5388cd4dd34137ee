/* inspect.c - phase 1: the build's copy of the source, its version, and
 * what that version's build supports (cpython.c). */
#include <stdlib.h>

#include "err.h"
#include "phases.h"
#include "source.h"

int phase_inspect(struct build *b)
{
	struct err e = { 0 };
	int rc;

	free(b->src);
	b->src = NULL;
	if ((rc = source_prepare(b->o.source, b->o.shared_src, b->bdir, b->fresh_source, &b->src, &e)) ||
	    (rc = cpython_read_version(b->src, &b->ver, &e))) {
		rc = build_fail(b, rc, "%s", e.msg);
		err_clear(&e);
		return rc;
	}
	b->facts = pyfacts_for(b->ver.major, b->ver.minor);
	free(b->python);
	b->python = cpython_build_python(b->obj);
	jw_str(&b->res, "version", b->ver.str);
	jw_str(&b->res, "source_tree", b->src);
	jw_str(&b->res, STAMP_SOURCE_FP, b->source_fp);
	jw_str(&b->res, "build_targets", b->facts->build_targets);
	jw_str(&b->res, "build_tools", b->facts->build_tools);
	jw_str(&b->res, "notes", b->facts->notes);
	return 0;
}
