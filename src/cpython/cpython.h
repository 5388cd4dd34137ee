/* cpython.h - the one place that knows how CPython versions differ. */
#ifndef OPTPY_CPYTHON_H
#define OPTPY_CPYTHON_H

#include "parse.h"
#include "util.h"

struct err;

struct pyfacts {
	int minor;                  /* 3.<minor> */
	const char *build_targets;  /* what the interpreter needs (build_all minus _testembed) */
	const char *build_tools;    /* programs linked from the whole interpreter only to
				     * generate sources while building (kept, not relinked) */
	int opt_semantic_interposition; /* --enable-optimizations adds -fno-semantic-interposition
					 * for gcc (3.10+, bpo-38980) */
	int free_threading;         /* --disable-gil exists (3.13+, PEP 703) */
	const char *verify_modules; /* extension modules verify imports when they were built */
	int tail_call;              /* --with-tail-call-interp exists (3.14+) */
	int jit_llvm;               /* the LLVM major --enable-experimental-jit builds with (its
				     * Tools/jit/_llvm.py), 0 where there is no JIT */
	int jit_llvm_override;      /* its build takes LLVM_VERSION=N for another LLVM (3.15+) */
	int static_interp;          /* --enable-static-libpython-for-interpreter exists (3.15+) */
	int frame_pointers;         /* frame pointers on by default (3.15+, PEP 831) */
	const char *notes;          /* what changed in this version, for the report */
};

/* A build variant asked for by optpy's option or configure's argument. */
struct pyvariant {
	int jit;                    /* --enable-experimental-jit[=yes|yes-off|interpreter] */
	const char *jit_arg;        /* that argument as given, or NULL */
	int free_threaded;          /* --disable-gil */
};
/* The variants configure's arguments ask for. */
void cpython_variant(char *const *args, struct pyvariant *v);

/* A CPython source's version, from Include/patchlevel.h. */
struct pyversion {
	int major, minor, micro;    /* 3, 13, 5 */
	char str[40];               /* "3.13.5" */
};

/* Facts for 3.<minor>, or NULL when optpy does not support it. */
const struct pyfacts *pyfacts_for(int major, int minor);
/* The supported range, for messages. */
#define PY_SUPPORTED "3.9-3.15"

/* Read the version from src/Include/patchlevel.h: 0, or EXIT_SOURCE with e
 * set.  cpython_parse_patchlevel() is the pure part, for tests. */
int cpython_read_version(const char *src, struct pyversion *v, struct err *e);
int cpython_parse_patchlevel(const char *text, struct pyversion *v);
/* A file that only an in-tree build leaves in a source tree, or NULL. */
const char *cpython_in_tree_marker(const char *src);
/* The programs a build links in its object directory (NULL-terminated):
 * what the other kind of build must not find there. */
extern const char *const cpython_programs[];
/* The object of the bytecode loop (Python/ceval.c in every supported
 * version): a final build whose profile misses it is not profile-guided
 * where it matters. */
extern const char cpython_eval_object[];
/* Files every CPython source tree has (NULL-terminated): a tree without
 * one is not CPython's. */
extern const char *const cpython_required_files[];
/* The functions whose bytecode-style loops use computed gotos (the
 * interpreter's eval loop, the regex engine's match loops), as a regex
 * over symbol names: llvm-bolt before 21 breaks them. */
extern const char cpython_computed_goto_re[];
/* Tests of CPython's own suite: what verify runs by default, and what a
 * BOLTed interpreter must pass before it replaces the other. */
extern const char cpython_verify_tests[];
extern const char cpython_bolt_tests[];
/* libpython's shared object ends in this (libpython3.13.so.1.0). */
extern const char cpython_shared_suffix[];
/* Why libpython's shared object is left alone when the interpreter does
 * not load it (3.15's --enable-static-libpython-for-interpreter). */
extern const char cpython_unused_lib_why[];
/* libpython's name without ABI flags or suffix: "libpython3.13" (malloc'd). */
char *cpython_libpython_stem(const struct pyversion *v);
/* What the object at rel (below the object directory) is, for a person:
 * why it may have no profile data. */
const char *cpython_object_role(const char *rel);
/* Python programs run by the built or installed interpreter (python -I -c
 * PROGRAM ARGS...).  cpython_ext_cc_py rewrites an install's record of
 * the compiler for extension builds: ARGS are the install root, the C
 * compiler and the C++ compiler; in lib/python3.X/ the sysconfig data
 * (_sysconfigdata_*.py, 3.14's _sysconfig_vars_*.json) and
 * config-3.X/Makefile get CC, LDSHARED, BLDSHARED, LINKCC (and CXX,
 * LDCXXSHARED) with that compiler as first word, mtimes kept, stale .pyc
 * removed; it prints "OPTPY-EXT-CC N" with the files rewritten.
 * cpython_ext_check_py builds a small C extension from the installed
 * sysconfig (CC, CFLAGS, CCSHARED, LDSHARED) and imports it: it prints
 * "OPTPY-EXT-OK CC" when that worked. */
extern const char cpython_ext_cc_py[];
extern const char cpython_ext_check_py[];
/* The built interpreter in the object directory ("python", or
 * "python.exe" where the file system ignores case); malloc'd. */
char *cpython_build_python(const char *objdir);
/* Is the configured build free-threaded (Py_GIL_DISABLED in pyconfig.h)? */
int cpython_free_threaded(const char *objdir);
/* The installed interpreter's name: "python3.13", "python3.13t"; its
 * headers are installed in include/ under the same name (a --with-pydebug
 * build's are in include/python3.13d: not this name). */
char *cpython_installed_name(const struct pyversion *v, int free_threaded);
/* The configure option in arg that optpy owns (it does PGO, LTO and BOLT
 * itself): "--enable-optimizations", "--with-lto", "--enable-bolt",
 * "PROFILE_TASK"; NULL for any other argument. */
const char *cpython_owned_option(const char *arg);
/* What --enable-optimizations adds to CFLAGS_NODIST and LDFLAGS_NODIST for
 * this compiler family, appended to cflags and ldflags. */
void cpython_opt_flags(const struct pyfacts *f, enum family fam, struct strvec *cflags,
		       struct strvec *ldflags);

/* Configure arguments this version gains from this compiler, appended to
 * args (user: the user's configure arguments, which win): the 3.14+
 * tail-calling interpreter with clang >= 19.  Returns what was decided
 * and why, or NULL when the version has no such choice. */
const char *cpython_compiler_args(const struct pyfacts *f, enum family fam, int major,
				  char *const *user, struct strvec *args);

#endif
