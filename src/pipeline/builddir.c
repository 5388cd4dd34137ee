/* builddir.c - the build directory (see builddir.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builddir.h"
#include "err.h"
#include "procs.h"
#include "run.h"
#include "source.h"
#include "util.h"

static const char *const subdirs[] = { "logs", "stamps", "obj", "profile", NULL };
/* What the phases make or reuse below those and beside them: each, where
 * it exists, must be a directory (a link planted there is refused). */
static const char *const deeper[] = {
	"logs/train", "logs/bolt-train", "profile/raw", "profile/data", "profile/data.partial",
	"src", "src.partial", "train", "bolt-train", "bolt", "bolt/prof", "staticlib", NULL,
};

/* Any "." or ".." component in p? */
static int has_dot_component(const char *p)
{
	while (*p) {
		size_t n = strcspn(p, "/");

		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 1;
		p += n;
		while (*p == '/')
			p++;
	}
	return 0;
}

char *builddir_abspath(const char *p)
{
	char real[PATH_MAX], cwd[PATH_MAX];
	char *abs, *res = NULL;

	if (realpath(p, real))
		return xstrdup(real);
	if (p[0] == '/')
		abs = xstrdup(p);
	else if (getcwd(cwd, sizeof(cwd)))
		abs = path_join(cwd, p);
	else
		return NULL;
	/* the deepest part that exists, resolved, then the rest as given */
	for (char *cut = strrchr(abs, '/'); cut;) {
		char *prev;

		*cut = '\0';
		if (realpath(*abs ? abs : "/", real)) {
			if (!has_dot_component(cut + 1))
				res = xasprintf("%s/%s", strcmp(real, "/") ? real : "", cut + 1);
			break;
		}
		prev = strrchr(abs, '/');
		*cut = '/';
		cut = prev;
	}
	free(abs);
	return res;
}

/* Is dir an optpy build directory (its marker a regular file)? */
static int has_marker(const char *dir)
{
	char *m = path_join(*dir ? dir : "/", BUILDDIR_MARKER);
	struct stat st;
	int yes = lstat(m, &st) == 0 && S_ISREG(st.st_mode);

	free(m);
	return yes;
}

/* The optpy build directory that holds p (p itself too when self), the
 * nearest one, or NULL (malloc'd); *allowed is set when that is only a
 * tournament's top directory and p one of its candidates (TOP/cc-NAME). */
static char *enclosing_build_dir(const char *p, int self, int *allowed)
{
	char *dir = xstrdup(p), *found = NULL;
	char *cut = self ? dir + strlen(dir) : strrchr(dir, '/');

	*allowed = 0;
	while (cut) {
		char saved = *cut;

		*cut = '\0';
		if (has_marker(dir)) {
			found = xstrdup(*dir ? dir : "/");
			*cut = saved;
			*allowed = !self && !strchr(cut + 1, '/') && startswith(cut + 1, BUILDDIR_CANDIDATE);
			break;
		}
		*cut = saved;
		cut = cut > dir ? memrchr(dir, '/', (size_t)(cut - dir)) : NULL;
	}
	if (found && *allowed) {
		/* a candidate's tournament must itself stand outside any other */
		int again;
		char *outer = enclosing_build_dir(found, 0, &again);

		if (outer) {
			free(found);
			found = outer;
			*allowed = 0;
		}
	}
	free(dir);
	return found;
}

int builddir_check(const char *bdir, const char *source, struct err *e)
{
	const char *bad = source_path_trouble(bdir);
	const char *source_dir = source && is_dir(source) ? source : NULL;
	char *outer;
	int allowed;
	size_t n;

	if (bad)
		return err_set(e, EXIT_BUILD_DIR, "the build directory %s has %s in its path, which "
			       "CPython's configure and makefiles cannot take\n  fix: choose a --build-dir "
			       "whose path has no blanks or shell characters", bdir, bad);
	if (source_dir) {
		n = strlen(source_dir);
		if (!strncmp(bdir, source_dir, n) && (bdir[n] == '/' || bdir[n] == '\0'))
			return err_set(e, EXIT_BUILD_DIR, "the build directory %s is inside the source %s; "
				       "optpy never writes into the source\n  fix: choose a --build-dir "
				       "outside it, e.g. --build-dir %s-build", bdir, source_dir, source_dir);
	}
	/* optpy's phases delete what they find in a build directory: no
	 * build directory inside another (but a tournament's candidates), no
	 * source inside one, no source inside this one */
	if ((outer = enclosing_build_dir(bdir, 0, &allowed)) && !allowed) {
		int rc = err_set(e, EXIT_BUILD_DIR, "the build directory %s is inside the optpy build "
				 "directory %s, whose phases delete what they find there\n  fix: choose a "
				 "--build-dir outside it", bdir, outer);

		free(outer);
		return rc;
	}
	free(outer);
	if (source && (outer = enclosing_build_dir(source, 1, &allowed))) {
		int rc = err_set(e, EXIT_BUILD_DIR, "the source %s is inside the optpy build directory "
				 "%s, whose phases delete what they find there\n  fix: move the source out "
				 "of it (or give the release tarball)", source, outer);

		free(outer);
		return rc;
	}
	n = strlen(bdir);
	if (source && !strncmp(source, bdir, n) && source[n] == '/')
		return err_set(e, EXIT_BUILD_DIR, "the source %s is inside the build directory %s, "
			       "whose phases delete what they find there\n  fix: choose a --build-dir "
			       "that does not hold the source", source, bdir);
	return 0;
}

/* Is dir empty (but for the entries optpy itself may have made)? */
static int is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *ent;
	int empty = 1;

	if (!d)
		return 0;
	while (empty && (ent = readdir(d)))
		if (strcmp(ent->d_name, ".") && strcmp(ent->d_name, ".."))
			empty = 0;
	closedir(d);
	return empty;
}

/* dir exists as a real directory of ours, or is made. */
static int own_dir(const char *dir, const char *what, struct err *e)
{
	struct stat st;

	if (mkdir(dir, 0777) == 0)
		return 0;
	if (errno != EEXIST)
		return err_set(e, EXIT_TMPDIR, "cannot create %s %s: %s\n  fix: choose a writable "
			       "--build-dir with free space", what, dir, strerror(errno));
	if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return err_set(e, EXIT_BUILD_DIR, "%s %s is %s, not a directory optpy made\n"
			       "  fix: remove it, or use another --build-dir", what, dir,
			       S_ISLNK(st.st_mode) ? "a symbolic link" : "something else");
	if (st.st_uid != geteuid())
		return err_set(e, EXIT_BUILD_DIR, "%s %s belongs to another user (uid %ld); optpy does "
			       "not build in a directory someone else controls\n  fix: use a --build-dir "
			       "of your own", what, dir, (long)st.st_uid);
	return 0;
}

int builddir_prepare(const char *bdir, struct err *e)
{
	char *marker = path_join(bdir, BUILDDIR_MARKER);
	char *parent = xstrdup(bdir);
	struct stat st;
	int rc = 0, fd;

	*strrchr(parent, '/') = '\0';
	if (*parent && mkdir_p(parent) < 0) {
		rc = err_set(e, EXIT_TMPDIR, "cannot create the build directory %s: %s\n"
			     "  fix: choose a writable --build-dir", bdir, strerror(errno));
		goto out;
	}
	if ((rc = own_dir(bdir, "the build directory", e)))
		goto out;
	if (lstat(marker, &st) < 0) {
		if (!is_empty(bdir)) {
			rc = err_set(e, EXIT_BUILD_DIR, "%s is not empty and is not an optpy build directory "
				     "(no %s in it); optpy would delete what it holds\n  fix: choose a new or "
				     "empty --build-dir", bdir, BUILDDIR_MARKER);
			goto out;
		}
		if (write_file(marker, "optpy build directory\n", 22) < 0) {
			rc = err_set(e, EXIT_TMPDIR, "the build directory %s is not writable (%s)\n"
				     "  fix: choose a writable --build-dir with free space", bdir, strerror(errno));
			goto out;
		}
	} else if (!S_ISREG(st.st_mode)) {
		rc = err_set(e, EXIT_BUILD_DIR, "%s is not a regular file\n  fix: use another --build-dir",
			     marker);
		goto out;
	}
	for (int i = 0; subdirs[i]; i++) {
		char *p = path_join(bdir, subdirs[i]);

		rc = own_dir(p, "the build directory's", e);
		free(p);
		if (rc)
			goto out;
	}
	for (int i = 0; deeper[i]; i++) {
		char *p = path_join(bdir, deeper[i]);

		if (lstat(p, &st) == 0 && !S_ISDIR(st.st_mode))
			rc = err_set(e, EXIT_BUILD_DIR, "%s is %s, not a directory optpy made\n  fix: "
				     "remove it, or use another --build-dir", p, S_ISLNK(st.st_mode) ?
				     "a symbolic link" : "something else");
		free(p);
		if (rc)
			goto out;
	}
	/* one small write: a read-only or full file system is found now */
	{
		char *probe = path_join(bdir, ".write-test");

		unlink(probe);
		fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0 || write(fd, "ok\n", 3) != 3 || close(fd) < 0)
			rc = err_set(e, EXIT_TMPDIR, "the build directory %s is not writable (%s)\n"
				     "  fix: choose a writable --build-dir with free space", bdir, strerror(errno));
		unlink(probe);
		free(probe);
	}
out:
	free(marker);
	free(parent);
	return rc;
}

int builddir_lock(const char *bdir, int *fdp, struct err *e)
{
	char *path = path_join(bdir, ".lock");
	char pid[32];
	int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	int rc = 0;

	*fdp = -1;
	if (fd < 0) {
		rc = err_set(e, errno == ELOOP ? EXIT_BUILD_DIR : EXIT_TMPDIR, "cannot open %s: %s\n"
			     "  fix: %s", path, strerror(errno), errno == ELOOP
			     ? "a symbolic link is planted there: remove it, or use another --build-dir"
			     : "choose a writable --build-dir");
		goto out;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		char *owner = read_file_flags(path, NULL, O_NOFOLLOW);

		if (owner)
			owner[strcspn(owner, "\n")] = '\0';
		rc = err_set(e, EXIT_LOCKED, "%s is in use by another optpy build (pid %s)\n"
			     "  fix: wait for it to finish, or use another --build-dir", bdir,
			     owner && *owner ? owner : "?");
		free(owner);
		close(fd);
		goto out;
	}
	if (ftruncate(fd, 0) == 0) {
		int n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());

		if (write(fd, pid, (size_t)n) != n) {
			/* the pid is only for the message of a second optpy */
		}
	}
	*fdp = fd;
out:
	free(path);
	return rc;
}

/* run.c's hook: arg is BUILD/.children, rewritten with the process
 * groups running now. */
static void record_children(const pid_t *pgids, int n, void *arg)
{
	struct strbuf sb = STRBUF_INIT;

	for (int i = 0; i < n; i++)
		sb_addf(&sb, "%ld\n", (long)pgids[i]);
	write_file(arg, sb.buf ? sb.buf : "", sb.len);
	sb_release(&sb);
}

int builddir_take_over(const char *bdir, struct run_ctx *runs, char **children_path)
{
	char *text;
	pid_t pg[256];
	int n = 0, stopped = 0;

	*children_path = path_join(bdir, ".children");
	text = read_file_flags(*children_path, NULL, O_NOFOLLOW);
	for (char *s = text, *save = NULL, *tok; text && n < 256 && (tok = strtok_r(s, "\n", &save)); s = NULL)
		if (atol(tok) > 1)
			pg[n++] = (pid_t)atol(tok);
	if (n)
		stopped = procs_kill_leftovers(pg, n, bdir);
	free(text);
	runs->hook = record_children;
	runs->hook_arg = *children_path;
	record_children(NULL, 0, *children_path);
	return stopped;
}

void builddir_let_go(struct run_ctx *runs, char **children_path)
{
	runs->hook = NULL;
	runs->hook_arg = NULL;
	free(*children_path);
	*children_path = NULL;
}

static const char *const state_names[OBJ_N] = {
	"none", "configured", "instrumented", "tools", "optimizing", "optimized",
};

const char *obj_state_name(enum obj_state st)
{
	return (unsigned)st < OBJ_N ? state_names[st] : "none";
}

enum obj_state obj_state_read(const char *stamps)
{
	char *path = path_join(stamps, "objects");
	char *s = read_file_flags(path, NULL, O_NOFOLLOW);
	enum obj_state st = OBJ_NONE;

	free(path);
	if (s) {
		s[strcspn(s, "\n")] = '\0';
		for (int i = 0; i < OBJ_N; i++)
			if (!strcmp(s, state_names[i]))
				st = (enum obj_state)i;
	}
	free(s);
	return st;
}

int obj_state_write(const char *stamps, enum obj_state st)
{
	char *path = path_join(stamps, "objects");
	char *text = xasprintf("%s\n", obj_state_name(st));
	int rc = write_file(path, text, strlen(text));

	free(path);
	free(text);
	return rc;
}
