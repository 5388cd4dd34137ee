/* cpython.h - the one place that knows how CPython versions differ. */
#ifndef OPTPY_CPYTHON_H
#define OPTPY_CPYTHON_H

struct pyfacts {
	int minor;                  /* 3.<minor> */
	const char *lto_values;     /* what --with-lto accepts */
	int has_bolt;               /* --enable-bolt exists */
	const char *profile_task;   /* PROFILE_TASK default */
	int has_run_profile_task;   /* `make run_profile_task` target */
	const char *build_targets;  /* what the interpreter needs (build_all minus _testembed) */
	const char *build_tools;    /* programs linked from the whole interpreter only to
				     * generate sources while building (kept, not relinked) */
	const char *notes;
};

/* Facts for 3.<minor>, or NULL when optpy does not support it. */
const struct pyfacts *pyfacts_for(int major, int minor);
/* The supported range, for messages. */
#define PY_SUPPORTED "3.9-3.14"

#endif
