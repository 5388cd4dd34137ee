/* phases.h - the phases, in pipeline order; only the driver calls them. */
#ifndef OPTPY_PHASES_H
#define OPTPY_PHASES_H

#include "phase.h"

int phase_inspect(struct build *b);    /* inspect.c: the source, its version and facts */
int phase_configure(struct build *b);  /* configure.c: CPython's configure, out of tree */
int phase_instrument(struct build *b); /* instrument.c: the instrumented build, no LTO */
int phase_train(struct build *b);      /* train.c: the training profile, in parallel */
int phase_merge(struct build *b);      /* merge.c: the profile the final build reads */
int phase_optimize(struct build *b);   /* optimize.c: the final PGO+LTO build */
int phase_bolt(struct build *b);       /* bolt.c: post-link layout with llvm-bolt */
int phase_verify(struct build *b);     /* verify.c: it runs, imports, passes tests */
int phase_install(struct build *b);    /* install.c: make install (--install) */

/* train.c: run the training profile on the interpreter in place (train,
 * and bolt on its instrumented binary), each task in BUILD/NAME/TASK with
 * its log in BUILD/logs/NAME/TASK.log; the tasks' results go into b->res,
 * *ok counts those that passed.  0, or the phase's failure. */
int train_profile(struct build *b, const char *name, int *ok);
/* verify.c, also for bolt's check: the environment the built interpreter
 * runs in from the object directory; whether it starts and says its
 * version (0; else its exit status, or -1 for another answer, with what it
 * printed in out); recursion through C functions to the recursion limit
 * (0 when it ends in RecursionError; -1 with *why, malloc'd, when it
 * crashes or the check cannot run); a test subset (-m test), its exit
 * status or -1 for an unbalanced quote in tests. */
void python_env(const struct build *b, struct strvec *env);
int python_says_version(struct build *b, char *const *env, struct strbuf *out);
int python_recursion_ok(struct build *b, char *const *env, char **why);
int python_tests(struct build *b, char *const *env, const char *tests, double timeout);
/* merge.c, for optimize: does the profile the final build read cover the
 * build (gcc: at least half its objects have data, the bytecode loop's
 * among them; clang: the merged profile has functions)?  0, or -1 with
 * *why (malloc'd); *with and *total count objects (gcc) or functions. */
int profile_covers(struct build *b, long *with, long *total, char **why);
/* bolt.c: why llvm-bolt cannot be used with this toolchain, or NULL. */
const char *bolt_unusable(const struct toolchain *tc);

#endif
