/* source.c - the CPython source: a directory used in place (never written
 * to) or a release tarball unpacked into the build directory, with every
 * member checked so that nothing lands outside it. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "build.h"

/* A member name is safe when it is relative and has no ".." component. */
static int safe_name(const char *name)
{
	const char *p = name;

	if (name[0] == '/')
		return 0;
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		p += n;
		while (*p == '/')
			p++;
	}
	return 1;
}

static int safe_link(const char *member, const char *target);

/* Every symlink below dir must resolve (lexically) inside root. */
static char *check_links(const char *root, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *bad = NULL;

	if (!d)
		return NULL;
	while (!bad && (e = readdir(d))) {
		struct stat st;
		char *p;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		p = path_join(dir, e->d_name);
		if (lstat(p, &st) == 0 && S_ISLNK(st.st_mode)) {
			char target[PATH_MAX];
			ssize_t n = readlink(p, target, sizeof(target) - 1);
			const char *member = p + strlen(root) + 1;

			if (n >= 0) {
				target[n] = '\0';
				if (!safe_link(member, target))
					bad = xasprintf("symlink %s points outside the archive", member);
			}
		} else if (S_ISDIR(st.st_mode)) {
			bad = check_links(root, p);
		}
		free(p);
	}
	closedir(d);
	return bad;
}

/* Does a link target, relative to the member's directory, stay inside? */
static int safe_link(const char *member, const char *target)
{
	int depth = 0;
	char *t;

	if (target[0] == '/')
		return 0;
	for (const char *p = member; *p; p++)
		if (*p == '/' && p[1])
			depth++;
	t = xstrdup(target);
	for (char *s = t, *save = NULL, *tok; (tok = strtok_r(s, "/", &save)); s = NULL) {
		if (!strcmp(tok, ".."))
			depth--;
		else if (strcmp(tok, "."))
			depth++;
		if (depth < 0)
			break;
	}
	free(t);
	return depth >= 0;
}

/* One line of `tar -tvP`: "perms owner size date time name[ -> target]". */
static char *check_member(const char *tarball, char *line, char **top)
{
	char type = line[0];
	char *name = line, *target = NULL;
	size_t n;

	for (int f = 0; f < 5 && name; f++) {
		name = strchr(name, ' ');
		while (name && *name == ' ')
			name++;
	}
	if (!name || !*name)
		return NULL;
	if (type == 'l' && (target = strstr(name, " -> "))) {
		*target = '\0';
		target += 4;
	} else if (type == 'h' && (target = strstr(name, " link to "))) {
		*target = '\0';
		target += 9;
	}
	if (!safe_name(name))
		return xasprintf("%s: member '%s' would land outside the build directory", tarball, name);
	if (type == 'l' && target && !safe_link(name, target))
		return xasprintf("%s: symlink '%s' -> '%s' points outside the build directory", tarball, name,
				 target);
	if (type == 'h' && target && !safe_name(target))
		return xasprintf("%s: hard link '%s' to '%s' points outside the build directory", tarball,
				 name, target);
	if (!strncmp(name, "./", 2))
		return NULL;
	n = strcspn(name, "/");
	if (!*top)
		*top = xstrndup(name, n);
	else if (strlen(*top) != n || strncmp(*top, name, n))
		return xasprintf("%s: members under both '%s' and '%.*s': not a CPython release tarball",
				 tarball, *top, (int)n, name);
	return NULL;
}

char *unpack_tarball(const char *tarball, const char *dest_parent, char **topdir)
{
	struct strbuf out = STRBUF_INIT;
	/* -P: names exactly as stored, so that absolute ones are seen and refused */
	char *argv_list[] = { "tar", "-tvPf", (char *)tarball, "--numeric-owner", NULL };
	char *partial = path_join(dest_parent, "src.partial");
	char *top = NULL, *err = NULL;
	int rc;

	*topdir = NULL;
	rc = run_capture(argv_list, &out, 600);
	if (rc != 0) {
		struct strbuf t = STRBUF_INIT;

		sb_tail_lines(&t, sb_str(&out), 3);
		err = xasprintf("cannot read %s as a tar archive (tar exit %d): %s", tarball, rc, sb_str(&t));
		sb_release(&t);
		goto out;
	}
	for (char *line = out.buf, *save = NULL, *tok; (tok = strtok_r(line, "\n", &save)); line = NULL)
		if ((err = check_member(tarball, tok, &top)))
			goto out;
	if (!top) {
		err = xasprintf("%s is an empty archive", tarball);
		goto out;
	}
	rm_rf(partial);
	if (mkdir_p(partial) < 0) {
		err = xasprintf("cannot create %s: %s", partial, strerror(errno));
		goto out;
	}
	{
		char *argv_x[] = { "tar", "-xf", (char *)tarball, "-C", partial, "--no-same-owner", NULL };

		sb_reset(&out);
		rc = run_capture(argv_x, &out, 1200);
		if (rc != 0) {
			struct strbuf t = STRBUF_INIT;

			sb_tail_lines(&t, sb_str(&out), 3);
			err = xasprintf("unpacking %s failed (tar exit %d): %s", tarball, rc, sb_str(&t));
			sb_release(&t);
			goto out;
		}
	}
	if ((err = check_links(partial, partial)))
		goto out;
	*topdir = top;
	top = NULL;
out:
	if (err)
		rm_rf(partial);
	sb_release(&out);
	free(partial);
	free(top);
	return err;
}

/* Copy a tree, keeping modes and modification times (make compares them:
 * generated files must stay newer than their inputs); .git is skipped. */
static int copy_tree(const char *from, const char *to)
{
	DIR *d = opendir(from);
	struct dirent *e;
	struct stat st;
	int rc = 0;

	/* directories stay writable by their owner, so the copy can be removed
	 * even when the source was read-only */
	if (!d || stat(from, &st) < 0 ||
	    (mkdir(to, (st.st_mode & 07777) | S_IRWXU) < 0 && errno != EEXIST)) {
		if (d)
			closedir(d);
		return -1;
	}
	while (rc == 0 && (e = readdir(d))) {
		char *a, *b;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, ".git"))
			continue;
		a = path_join(from, e->d_name);
		b = path_join(to, e->d_name);
		if (lstat(a, &st) < 0) {
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			rc = copy_tree(a, b);
		} else if (S_ISLNK(st.st_mode)) {
			char target[PATH_MAX];
			ssize_t n = readlink(a, target, sizeof(target) - 1);

			if (n < 0)
				rc = -1;
			else {
				target[n] = '\0';
				rc = symlink(target, b);
			}
		} else if (S_ISREG(st.st_mode)) {
			size_t len;
			char *data = read_file(a, &len);
			FILE *f = data ? fopen(b, "wb") : NULL;

			if (!f || fwrite(data, 1, len, f) != len)
				rc = -1;
			if (f && fclose(f) != 0)
				rc = -1;
			free(data);
			if (rc == 0) {
				struct timespec ts[2] = { st.st_atim, st.st_mtim };

				chmod(b, st.st_mode & 07777);
				utimensat(AT_FDCWD, b, ts, 0);
			}
		}
		free(a);
		free(b);
	}
	closedir(d);
	if (rc == 0 && stat(from, &st) == 0) {
		struct timespec ts[2] = { st.st_atim, st.st_mtim };

		utimensat(AT_FDCWD, to, ts, 0);
	}
	return rc;
}

/* An in-tree build in the source makes an out-of-tree build impossible. */
static const char *unclean_marker(const char *src)
{
	static const char *const marks[] = { "pyconfig.h", "python", "Programs/python.o", "Makefile",
					     "Python/frozen_modules/importlib._bootstrap.h", NULL };

	for (int i = 0; marks[i]; i++) {
		char *p = path_join(src, marks[i]);
		int there = access(p, F_OK) == 0;

		free(p);
		if (there)
			return marks[i];
	}
	return NULL;
}

int source_prepare(struct build *b)
{
	const char *s = b->o.source;
	char real[PATH_MAX];
	char *check;

	if (is_dir(s) || is_file(s)) {
		char *srcroot = build_path(b, "src");
		char *done = build_path(b, "src/.optpy-unpacked");
		char *top = read_file(done, NULL);

		if (top && b->o.from && !strcmp(b->o.from, "inspect")) {
			free(top);
			top = NULL; /* --from inspect: take a fresh copy of the source */
		}
		if (!top) {
			char *err = NULL;
			char *partial = build_path(b, "src.partial");

			rm_rf(srcroot);
			if (is_dir(s)) {
				const char *m;

				if (!realpath(s, real))
					die(EXIT_SOURCE, "cannot resolve %s: %s", s, strerror(errno));
				/* refuse an in-tree build before copying it */
				if ((m = unclean_marker(real))) {
					fprintf(stderr, "optpy: error: the source tree %s holds an in-tree build (%s)\n"
						"  fix: use a clean tree or the release tarball (to clean it: "
						"make -C %s distclean)\n", real, m, real);
					free(partial);
					return EXIT_SOURCE;
				}
				/* the source is never written to: the build works on a copy */
				info("copying %s", real);
				top = xstrdup(path_base(real));
				rm_rf(partial);
				mkdir_p(partial);
				char *dst = path_join(partial, top);

				if (copy_tree(real, dst) < 0)
					err = xasprintf("cannot copy %s into %s: %s", real, partial, strerror(errno));
				free(dst);
			} else {
				info("unpacking %s", s);
				err = unpack_tarball(s, b->bdir, &top);
			}
			if (err) {
				rm_rf(partial);
				fprintf(stderr, "optpy: error: %s\n  fix: give --source a CPython release tarball "
					"or source directory\n", err);
				free(err);
				free(partial);
				return EXIT_SOURCE;
			}
			if (rename(partial, srcroot) < 0)
				die(EXIT_TMPDIR, "cannot rename %s: %s", partial, strerror(errno));
			free(partial);
			write_file(done, top, strlen(top));
		}
		b->src = xasprintf("%s/%s", srcroot, top);
		free(top);
		free(done);
		free(srcroot);
	} else {
		fprintf(stderr, "optpy: error: --source %s: no such file or directory\n"
			"  fix: give a CPython source directory or release tarball\n", s);
		return EXIT_SOURCE;
	}
	check = path_join(b->src, "Include/patchlevel.h");
	if (!is_file(check)) {
		fprintf(stderr, "optpy: error: %s is not a CPython source tree (no Include/patchlevel.h)\n"
			"  fix: point --source at the top of a CPython checkout or release tarball\n", b->src);
		free(check);
		return EXIT_SOURCE;
	}
	free(check);
	check = path_join(b->src, "configure");
	if (!is_file(check)) {
		fprintf(stderr, "optpy: error: %s has no configure script\n", b->src);
		free(check);
		return EXIT_SOURCE;
	}
	free(check);
	const char *mark = unclean_marker(b->src);

	if (mark) {
		fprintf(stderr, "optpy: error: the source tree %s holds an in-tree build (%s)\n"
			"  fix: use a clean tree or the release tarball; optpy builds out of tree and never "
			"writes to the source (to clean it yourself: make -C %s distclean)\n",
			b->src, mark, b->src);
		return EXIT_SOURCE;
	}
	return 0;
}
