/* toolsets.h - every compiler and LLVM tool set on the machine, found by
 * looking (versioned names on PATH, /usr/lib/llvm-N/bin) rather than by a
 * fixed range of versions.  What each can do is detect's and decide's
 * business; this only finds them, newest first. */
#ifndef OPTPY_TOOLSETS_H
#define OPTPY_TOOLSETS_H

#include "parse.h"
#include "util.h"

/* One LLVM version's tools; a NULL path is a tool that is not there. */
struct llvm_set {
	int major;                 /* the LLVM major version (from the names) */
	char *dir;                 /* /usr/lib/llvm-N/bin when it exists, else NULL */
	char *clang;               /* clang-N, or DIR/clang */
	char *profdata;            /* llvm-profdata-N, or DIR/llvm-profdata */
	char *bolt;                /* llvm-bolt-N, or DIR/llvm-bolt */
	char *merge_fdata;         /* merge-fdata-N, or DIR/merge-fdata */
	char *lld;                 /* ld.lld-N, or DIR/ld.lld */
	char *readobj;             /* llvm-readobj-N, or DIR/llvm-readobj (3.14's JIT needs it) */
};

/* A compiler name on PATH. */
struct cc_found {
	char *name;                /* as on PATH: gcc, gcc-12, clang, clang-22 */
	enum family family;        /* by its name: CC_GCC or CC_CLANG */
	int major;                 /* its -dumpversion's major, 0 when it did not say */
};

struct toolsets {
	struct llvm_set *llvm;     /* the LLVM tool sets, newest first */
	int nllvm;                 /* how many */
	struct cc_found *cc;       /* gcc and clang names on PATH, newest version first */
	int ncc;                   /* how many */
};

/* Look at PATH and /usr/lib/llvm-N/bin (llvm_root: that directory's
 * parent, NULL for /usr/lib). */
void toolsets_find(struct toolsets *t, const char *llvm_root);
void toolsets_free(struct toolsets *t);
/* The set of LLVM major version `major`, or NULL. */
const struct llvm_set *toolsets_llvm(const struct toolsets *t, int major);

#endif
