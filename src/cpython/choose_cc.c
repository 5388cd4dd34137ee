/* choose_cc.c - the default compiler per CPython version (see choose_cc.h). */
#include <string.h>

#include "choose_cc.h"

static const struct row {
	int minor_from, minor_to;  /* CPython 3.x this row is for */
	enum family family;        /* the compiler family it picks (the newest found) */
	int min_major;             /* its lowest major version */
	const char *why;
	const char *source;
} rows[] = {
	{ 14, 99, CC_CLANG, 19,
	  "CPython 3.14+ and clang >= 19: the tail-calling interpreter (--with-tail-call-interp), "
	  "built by the newest clang",
	  "cpython PR 128718 (PGO+LTO: clang 19 with tail calls 1.03x of clang 18, gcc 1.02x); "
	  "CachyOS-PKGBUILDS PR 1216 (clang with tail calls against gcc: nbody, spectral_norm, "
	  "richards 6-9% faster); optpy #24 (clang-22 built 3.14.7 in 250 s, gcc in 346 s)" },
	{ 9, 13, CC_GCC, 0,
	  "CPython 3.9-3.13: gcc (clang's PGO+LTO bytecode loop has a 33 KB stack frame there and "
	  "crashes in deep recursion through C, which verify refuses)",
	  "optpy #24 and its verify on 3.13.5 (clang 14, 19 and 22); llvm-project#106846 (clang "
	  "19's computed-goto regression, about 10% on CPython's loop)" },
	{ 9, 99, CC_GCC, 0,
	  "gcc, the compiler CPython's configure looks for first",
	  "CPython's configure.ac (AC_PROG_CC)" },
	{ 9, 99, CC_CLANG, 0,
	  "clang: no gcc found on PATH",
	  "CPython's configure.ac (AC_PROG_CC)" },
};

void choose_cc(const struct pyversion *v, const struct toolsets *ts, struct cc_choice *c)
{
	memset(c, 0, sizeof(*c));
	if (v->major != 3)
		return;
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		const struct row *row = &rows[r];

		if (v->minor < row->minor_from || v->minor > row->minor_to)
			continue;
		/* ts->cc is newest first: the first of the family that is new enough */
		for (int i = 0; i < ts->ncc; i++) {
			const struct cc_found *f = &ts->cc[i];

			if (f->family != row->family || f->major < row->min_major || f->major == 0)
				continue;
			c->cc = f->name;
			c->major = f->major;
			c->why = row->why;
			c->source = row->source;
			return;
		}
	}
}
