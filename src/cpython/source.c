/* source.c - the CPython source a build uses (see source.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tarball.h"
#include "cpython.h"
#include "err.h"
#include "hash.h"
#include "run.h"
#include "source.h"
#include "walk.h"

const char *source_path_trouble(const char *p)
{
	static const struct { char c; const char *what; } bad[] = {
		{ ' ', "a blank" }, { '\t', "a tab" }, { '\n', "a newline" }, { '$', "'$'" },
		{ '#', "'#'" }, { '\'', "a quote" }, { '"', "a double quote" }, { '\\', "a backslash" },
		{ ':', "':'" }, { ';', "';'" }, { '`', "'`'" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (strchr(p, bad[i].c))
			return bad[i].what;
	return NULL;
}

/* --source is neither a directory nor a regular file: missing, or what. */
static int no_source(const char *given, struct err *e)
{
	struct stat st;

	if (stat(given, &st) < 0)
		return err_set(e, EXIT_SOURCE, "--source %s: %s\n  fix: give a CPython source "
			       "directory or release tarball", given, errno == ENOENT ?
			       "no such file or directory" : strerror(errno));
	return err_set(e, EXIT_SOURCE, "--source %s is %s, not a directory or a regular file\n"
		       "  fix: give a CPython source directory or release tarball", given,
		       S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device" : S_ISFIFO(st.st_mode)
		       ? "a FIFO" : S_ISSOCK(st.st_mode) ? "a socket" : "a special file");
}

struct copy_arg {
	const char *from, *to;  /* the roots */
	int link;               /* hard-link regular files where the file system can (a tree optpy made) */
	int failed;             /* errno of the first failure, 0 if none */
};

static int copy_one(const char *path, const char *name, const struct stat *st, enum walk_when when,
		    int depth, void *arg)
{
	struct copy_arg *c = arg;
	char *to = xasprintf("%s%s", c->to, path + strlen(c->from));
	struct timespec ts[2] = { st->st_atim, st->st_mtim };
	int rc = 0;

	if (run_interrupted) {
		c->failed = EINTR;
		free(to);
		return -1;
	}
	if (when == WALK_PRE && depth > 0 && !strcmp(name, ".git")) {
		free(to);
		return WALK_SKIP;
	}
	if (when == WALK_PRE) {
		/* owner-writable, so that the copy can be removed even when the
		 * source was read-only */
		rc = mkdir(to, (st->st_mode & 0777) | S_IRWXU);
	} else if (when == WALK_POST) {
		rc = utimensat(AT_FDCWD, to, ts, AT_SYMLINK_NOFOLLOW);
	} else if (S_ISLNK(st->st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlink(path, target, sizeof(target) - 1);

		if (n < 0)
			rc = -1;
		else {
			target[n] = '\0';
			rc = symlink(target, to);
		}
	} else if (S_ISREG(st->st_mode) && c->link && link(path, to) == 0) {
		rc = 0; /* the same file: its mode and times are the original's */
	} else if (S_ISREG(st->st_mode)) {
		/* streamed, holes kept, a signal heard between blocks: a huge
		 * (or sparse) file costs neither memory nor disk it does not use */
		int in = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		int fd = in >= 0 ? open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600) : -1;

		rc = -1;
		if (fd >= 0) {
			int r = copy_fd(in, fd, &run_interrupted), en = errno;

			if (close(fd) == 0 && r == 0)
				rc = 0;
			else if (r < 0)
				errno = en;
		}
		if (in >= 0) {
			int en = errno;

			close(in);
			errno = en;
		}
		if (rc == 0)
			rc = fchmodat(AT_FDCWD, to, st->st_mode & 0777, 0) | utimensat(AT_FDCWD, to, ts, 0);
	} /* devices, FIFOs and sockets are not part of a source tree: left out */
	if (rc < 0) {
		c->failed = errno ? errno : EIO;
		free(to);
		return -1;
	}
	free(to);
	return 0;
}

static int copy_status(int en)
{
	return en == EINTR ? EXIT_INTERRUPTED : en == ENOSPC || en == EDQUOT || en == EROFS || en == EACCES
	       ? EXIT_TMPDIR : EXIT_SOURCE;
}

/* Include/patchlevel.h and configure are there. */
static int looks_like_cpython(const char *tree, const char *given, struct err *e)
{
	const char *const *need = cpython_required_files;

	for (int i = 0; need[i]; i++) {
		char *p = path_join(tree, need[i]);
		int there = is_file(p);

		free(p);
		if (!there)
			return err_set(e, EXIT_SOURCE, "%s is not a CPython source tree (no %s)\n"
				       "  fix: point --source at the top of a CPython checkout or release "
				       "tarball", given, need[i]);
	}
	return 0;
}

/* The copy's top directory: always "cpython", so that the compiler sees
 * the same (relative) source names whichever directory the source came
 * from: gcc's profile checksums include them. */
static char *copy_name(const char *real)
{
	(void)real;
	return xstrdup("cpython");
}

/* from copied to partial/top (partial is made here), or its files
 * hard-linked where the file system can (`link`): 0 or the status. */
static int copy_into(const char *from, const char *partial, const char *top, int link, struct err *e)
{
	struct copy_arg c = { 0 };
	const char *verb = link ? "link" : "copy";
	char *dst;
	int rc = 0;

	if (mkdir(partial, 0755) < 0)
		return err_set(e, EXIT_TMPDIR, "cannot create %s: %s", partial, strerror(errno));
	dst = path_join(partial, top);
	c.from = from;
	c.to = dst;
	c.link = link;
	if (walk(from, copy_one, &c) < 0 || c.failed) {
		int en = c.failed ? c.failed : errno;

		rc = en == EINTR ? err_set(e, copy_status(en), "interrupted while %sing %s", verb, from)
		     : err_set(e, copy_status(en), "cannot %s %s into %s: %s", verb, from, partial,
			       strerror(en));
	}
	free(dst);
	return rc;
}

/* A source directory copied to partial/NAME (*top: NAME, malloc'd), once
 * it looks like a clean CPython tree: 0 or the status. */
static int copy_tree(const char *given, const char *partial, char **top, struct err *e)
{
	char real[PATH_MAX];
	const char *m;
	int rc;

	if (!realpath(given, real))
		return err_set(e, EXIT_SOURCE, "cannot resolve %s: %s", given, strerror(errno));
	/* refuse what is not CPython, or holds an in-tree build, before copying it */
	if ((rc = looks_like_cpython(real, given, e)))
		return rc;
	if ((m = cpython_in_tree_marker(real)))
		return err_set(e, EXIT_SOURCE, "the source tree %s holds an in-tree build (%s)\n"
			       "  fix: use a clean tree or the release tarball (to clean it: "
			       "make -C %s distclean)", real, m, real);
	*top = copy_name(real);
	return copy_into(real, partial, *top, 0, e);
}

/* A tarball unpacked into partial (*top: its top directory, malloc'd). */
static int unpack_tarball(const char *given, const char *partial, char **top, struct err *e)
{
	int rc = tarball_unpack(given, partial, top, e);

	if (!rc && source_path_trouble(*top))
		rc = err_set(e, EXIT_SOURCE, "%s: its top directory '%s' has %s in its name, which "
			     "CPython's makefiles cannot take\n  fix: use an unmodified CPython release "
			     "tarball", given, *top, source_path_trouble(*top));
	return rc;
}

/* A tree optpy prepared itself (a tournament's) linked to partial/NAME, its
 * files hard links where the file system can, else copies: 0 or the status. */
static int link_tree(const char *shared, const char *partial, char **top, struct err *e)
{
	*top = xstrdup(path_base(shared));
	return copy_into(shared, partial, *top, 1, e);
}

int source_prepare(const char *given, const char *shared, const char *bdir, int fresh, char **tree,
		   struct err *e)
{
	char *srcroot = path_join(bdir, "src");
	char *done = path_join(bdir, "src/.optpy-unpacked");
	char *partial = path_join(bdir, "src.partial");
	char *top = fresh ? NULL : read_file_flags(done, NULL, O_NOFOLLOW);
	const char *m;
	int rc = 0;

	*tree = NULL;
	if (!is_dir(given) && !is_file(given)) {
		rc = no_source(given, e);
		goto out;
	}
	if (!top) {
		rm_rf(srcroot);
		rm_rf(partial);
		rc = shared ? link_tree(shared, partial, &top, e) : is_dir(given) ?
		     copy_tree(given, partial, &top, e) : unpack_tarball(given, partial, &top, e);
		if (rc)
			goto out;
		if (rename(partial, srcroot) < 0 || write_file(done, top, strlen(top)) < 0) {
			rc = err_set(e, EXIT_TMPDIR, "cannot set up %s: %s", srcroot, strerror(errno));
			goto out;
		}
	}
	*tree = xasprintf("%s/%s", srcroot, top);
	if ((rc = looks_like_cpython(*tree, given, e)))
		goto out;
	if ((m = cpython_in_tree_marker(*tree)))
		rc = err_set(e, EXIT_SOURCE, "the source tree %s holds an in-tree build (%s)\n"
			     "  fix: use a clean tree or the release tarball; optpy builds out of tree and "
			     "never writes to the source", given, m);
out:
	if (rc) {
		rm_rf(partial);
		free(*tree);
		*tree = NULL;
	}
	free(top);
	free(srcroot);
	free(done);
	free(partial);
	return rc;
}

struct fp_arg {
	struct hash *md;        /* the hash being fed */
	size_t root;            /* length of the root's path */
	int contents;           /* hash file contents (else sizes and times) */
};

/* One entry into the hash: its path below the root, then either its mode
 * bits and contents, or its mode, size and modification time. */
static int hash_one(const char *path, const char *name, const struct stat *st, enum walk_when when,
		    int depth, void *arg)
{
	struct fp_arg *f = arg;
	char line[128];
	int n;

	if (when == WALK_POST)
		return 0;
	if (when == WALK_PRE && depth > 0 && !strcmp(name, ".git"))
		return WALK_SKIP;
	hash_add(f->md, path + f->root, strlen(path + f->root) + 1);
	if (f->contents)
		n = snprintf(line, sizeof(line), "%o\n", (unsigned)(st->st_mode & 0777) |
			     (S_ISDIR(st->st_mode) ? 01000 : 0));
	else
		n = snprintf(line, sizeof(line), "%o %lld %lld.%09ld\n", (unsigned)st->st_mode,
			     (long long)(S_ISDIR(st->st_mode) ? 0 : st->st_size),
			     (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
	hash_add(f->md, line, (size_t)n);
	if (f->contents && S_ISREG(st->st_mode)) {
		int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), r;

		if (fd < 0)
			return -1;
		r = read_blocks(fd, hash_block, f->md, &run_interrupted);
		close(fd);
		if (r < 0)
			return -1;
	}
	return 0;
}

int source_peek_version(const char *given, struct pyversion *v)
{
	char *text, *p;
	int rc;

	if (is_dir(given)) {
		p = path_join(given, "Include/patchlevel.h");
		text = read_file_flags(p, NULL, O_NOFOLLOW);
		free(p);
	} else {
		text = tarball_read_text(given, "Include/patchlevel.h", 1 << 20);
	}
	rc = text ? cpython_parse_patchlevel(text, v) : -1;
	free(text);
	return rc;
}

static int hash_source(const char *given, char **out, int contents, struct err *e)
{
	struct fp_arg f = { NULL, strlen(given), contents };

	*out = NULL;
	if (!is_dir(given) && !is_file(given))
		return no_source(given, e);
	if (!is_dir(given)) {
		if (!(*out = sha256_file(given)))
			return err_set(e, EXIT_SOURCE, "--source %s: cannot read it: %s\n  fix: give a CPython "
				       "source directory or release tarball", given, strerror(errno));
		return 0;
	}
	if (!(f.md = hash_new()))
		return err_set(e, EXIT_FAIL, "libcrypto has no SHA-256");
	if (walk(given, hash_one, &f) < 0) {
		int en = errno;

		hash_free(f.md);
		if (run_interrupted || en == EINTR)
			return err_set(e, EXIT_INTERRUPTED, "interrupted while reading %s", given);
		return err_set(e, EXIT_SOURCE, "cannot read %s: %s", given, strerror(en));
	}
	*out = hash_end(f.md);
	return 0;
}

int source_content_hash(const char *given, char **hash, struct err *e)
{
	return hash_source(given, hash, 1, e);
}

int source_fingerprint(const char *given, char **fp, struct err *e)
{
	return hash_source(given, fp, 0, e);
}
