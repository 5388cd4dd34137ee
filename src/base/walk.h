/* walk.h - the one directory walker: every entry below a directory, depth
 * first, never following a symbolic link. */
#ifndef OPTPY_WALK_H
#define OPTPY_WALK_H

#include <sys/stat.h>

enum walk_when {
	WALK_FILE,             /* anything that is not a directory (files, links, ...) */
	WALK_PRE,              /* a directory, before its entries */
	WALK_POST              /* a directory, after its entries */
};

enum {
	WALK_SKIP = 1          /* from fn at WALK_PRE: do not enter this directory */
};

/* One entry: fn returns 0 to go on, WALK_SKIP (at WALK_PRE), or < 0 to stop
 * the walk, which then returns that value. */
typedef int walk_fn(const char *path, const char *name, const struct stat *st, enum walk_when when,
		    int depth, void *arg);

/* Walk root itself (depth 0) and everything below it.  Entries are visited
 * in name order, so that a walk is reproducible.  Returns 0, fn's negative
 * value, or -1 with errno set when a directory cannot be read. */
int walk(const char *root, walk_fn *fn, void *arg);

/* Remove p and everything below it, never following a symbolic link. */
int rm_rf(const char *p);
/* Count the regular files under p whose name ends with suffix and whose
 * size is > 0; *empty (optional) adds the zero-sized ones. */
long count_files(const char *p, const char *suffix, long *empty);

#endif
