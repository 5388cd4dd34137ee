/* env.c - the environment a build reads, taken once (see env.h). */
#include <stdlib.h>
#include <string.h>

#include "env.h"

extern char **environ;

void env_take(struct env *e)
{
	env_clear(e);
	for (char **p = environ; p && *p; p++)
		if (strchr(*p, '='))
			sv_push(&e->kv, *p);
	e->taken = 1;
}

/* The index of NAME's entry in e, or -1. */
static long find(const struct env *e, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < e->kv.n; i++)
		if (!strncmp(e->kv.v[i], name, n) && e->kv.v[i][n] == '=')
			return (long)i;
	return -1;
}

void env_set(struct env *e, const char *name, const char *value)
{
	long i = find(e, name);

	e->taken = 1;
	if (i >= 0) {
		free(e->kv.v[i]);
		/* the last entry takes its place; the array stays NULL-terminated */
		e->kv.v[i] = e->kv.v[e->kv.n - 1];
		e->kv.v[--e->kv.n] = NULL;
	}
	if (value)
		sv_pushf(&e->kv, "%s=%s", name, value);
}

const char *env_get(const struct env *e, const char *name)
{
	long i;

	if (!e || !e->taken)
		return getenv(name);
	i = find(e, name);
	return i < 0 ? NULL : e->kv.v[i] + strlen(name) + 1;
}

char *const *env_vector(const struct env *e)
{
	static char *const empty[] = { NULL };

	if (!e || !e->taken)
		return NULL;
	return e->kv.v ? e->kv.v : empty;
}

void env_clear(struct env *e)
{
	sv_clear(&e->kv);
	e->taken = 0;
}
