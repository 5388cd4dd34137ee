/* walk.c - the one directory walker (see walk.h). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "walk.h"

static int names_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_at(const char *path, const char *name, int depth, walk_fn *fn, void *arg)
{
	struct stat st;
	struct strvec names = { 0 };
	struct dirent *e;
	DIR *d;
	int rc;

	if (lstat(path, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode))
		return fn(path, name, &st, WALK_FILE, depth, arg);
	rc = fn(path, name, &st, WALK_PRE, depth, arg);
	if (rc == WALK_SKIP)
		return 0;
	if (rc < 0)
		return rc;
	d = opendir(path);
	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			sv_push(&names, e->d_name);
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof(*names.v), names_cmp);
	for (size_t i = 0; i < names.n && rc >= 0; i++) {
		char *p = path_join(path, names.v[i]);

		rc = walk_at(p, names.v[i], depth + 1, fn, arg);
		free(p);
	}
	sv_clear(&names);
	if (rc < 0)
		return rc;
	return fn(path, name, &st, WALK_POST, depth, arg);
}

int walk(const char *root, walk_fn *fn, void *arg)
{
	int rc = walk_at(root, path_base(root), 0, fn, arg);

	return rc < 0 ? rc : 0;
}

static int rm_one(const char *path, const char *name, const struct stat *st, enum walk_when when,
		  int depth, void *arg)
{
	int *rc = arg;

	if (when == WALK_PRE)
		return 0;
	if ((when == WALK_POST ? rmdir(path) : unlink(path)) < 0 && errno != ENOENT)
		*rc = -1;
	return 0;
}

int rm_rf(const char *p)
{
	struct stat st;
	int rc = 0;

	if (lstat(p, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (walk(p, rm_one, &rc) < 0)
		return -1;
	return rc;
}

struct count_arg {
	const char *suffix;
	long n, empty;
};

static int count_one(const char *path, const char *name, const struct stat *st, enum walk_when when,
		     int depth, void *arg)
{
	struct count_arg *c = arg;

	if (when == WALK_FILE && S_ISREG(st->st_mode) && endswith(name, c->suffix)) {
		if (st->st_size > 0)
			c->n++;
		else
			c->empty++;
	}
	return 0;
}

long count_files(const char *p, const char *suffix, long *empty)
{
	struct count_arg c = { suffix, 0, 0 };

	walk(p, count_one, &c);
	if (empty)
		*empty += c.empty;
	return c.n;
}

