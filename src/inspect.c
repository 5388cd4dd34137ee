/* inspect.c - phase 1: the source tree, its version, and what that
 * version's build supports (from cpython.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"

static int define_int(const char *text, const char *name)
{
	char *v = macro_value(text, name);
	int n = v ? atoi(v) : -1;

	free(v);
	return n;
}

int phase_inspect(struct build *b)
{
	char *path, *text;
	int rc = source_prepare(b);

	if (rc)
		return rc;
	path = path_join(b->src, "Include/patchlevel.h");
	text = read_file(path, NULL);
	free(path);
	if (!text)
		return phase_fail(b, EXIT_SOURCE, "cannot read Include/patchlevel.h in %s", b->src);
	/* "#define PY_MAJOR_VERSION        3": normalise the blanks for macro_value */
	{
		struct strbuf norm = STRBUF_INIT;

		for (const char *p = text; *p; p++) {
			if ((*p == ' ' || *p == '\t') && norm.len && (norm.buf[norm.len - 1] == ' '))
				continue;
			sb_addc(&norm, *p == '\t' ? ' ' : *p);
		}
		b->major = define_int(sb_str(&norm), "PY_MAJOR_VERSION");
		b->minor = define_int(sb_str(&norm), "PY_MINOR_VERSION");
		b->micro = define_int(sb_str(&norm), "PY_MICRO_VERSION");
		sb_release(&norm);
	}
	free(text);
	if (b->major < 0 || b->minor < 0)
		return phase_fail(b, EXIT_SOURCE, "no PY_MAJOR_VERSION/PY_MINOR_VERSION in %s/Include/patchlevel.h",
				  b->src);
	snprintf(b->version, sizeof(b->version), "%d.%d.%d", b->major, b->minor, b->micro);
	b->facts = pyfacts_for(b->major, b->minor);
	if (!b->facts)
		return phase_fail(b, EXIT_SOURCE, "CPython %s is not supported (optpy supports %s)\n"
				  "  fix: use a CPython %s source", b->version, PY_SUPPORTED, PY_SUPPORTED);
	free(b->python);
	b->python = path_join(b->obj, "python");
	jw_str(&b->res, "version", b->version);
	jw_str(&b->res, "source_tree", b->src);
	jw_str(&b->res, "with_lto_values", b->facts->lto_values);
	jw_bool(&b->res, "enable_bolt", b->facts->has_bolt);
	jw_str(&b->res, "profile_task_default", b->facts->profile_task);
	jw_bool(&b->res, "run_profile_task_target", b->facts->has_run_profile_task);
	jw_str(&b->res, "build_targets", b->facts->build_targets);
	jw_str(&b->res, "notes", b->facts->notes);
	return 0;
}
