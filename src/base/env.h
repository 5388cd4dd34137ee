/* env.h - the environment a build reads, taken once.
 *
 * A client takes a snapshot (env_take) or builds one (env_set), and hands
 * it to the library: detect and the build read their inputs (CC, CFLAGS,
 * SOURCE_DATE_EPOCH, LLVM_BOLT...) from it, and their children start from
 * it (run.h's base_env), so two builds in one process each see their own
 * environment and a setenv() elsewhere changes neither.  A NULL env means
 * the process's own, read when asked. */
#ifndef OPTPY_ENV_H
#define OPTPY_ENV_H

#include "util.h"

struct env {
	struct strvec kv;      /* "NAME=value", NULL-terminated */
	int taken;             /* 1 once env_take or env_set filled it */
};

/* A copy of the process's environment now. */
void env_take(struct env *e);
/* Set NAME (value NULL: unset) in e. */
void env_set(struct env *e, const char *name, const char *value);
/* NAME's value, or NULL when unset; e NULL or never filled: getenv(). */
const char *env_get(const struct env *e, const char *name);
/* The NULL-terminated "NAME=value" array for run.h's base_env, or NULL
 * (the process's own) when e is NULL or was never filled. */
char *const *env_vector(const struct env *e);
void env_clear(struct env *e);

#endif
