/* tarball.c - release tarballs through libarchive (see tarball.h). */
#define _GNU_SOURCE
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tarball.h"
#include "err.h"
#include "walk.h"
#include "run.h"
#include "util.h"

/* Relative, no ".." component. */
static int safe_name(const char *name)
{
	const char *p = name;

	if (name[0] == '/' || !*name)
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

/* Does a symlink target, relative to the member's directory, stay inside? */
static int safe_link(const char *member, const char *target)
{
	int depth = 0;
	char *t;

	if (target[0] == '/' || !*target)
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

char *tarball_check_member(const char *name, enum member_kind kind, const char *link, char **top)
{
	size_t n;

	if (!safe_name(name))
		return xasprintf("member '%s' would land outside the build directory", name);
	if (kind == MEMBER_OTHER)
		return xasprintf("member '%s' is a device node, FIFO or socket: a source tarball has none",
				 name);
	if (kind == MEMBER_SYMLINK && (!link || !safe_link(name, link)))
		return xasprintf("symlink '%s' -> '%s' points outside the build directory", name,
				 link ? link : "");
	if (kind == MEMBER_HARDLINK && (!link || !safe_name(link)))
		return xasprintf("hard link '%s' to '%s' points outside the build directory", name,
				 link ? link : "");
	if (!strncmp(name, "./", 2))
		name += 2;
	n = strcspn(name, "/");
	if (!n || (n == 1 && name[0] == '.'))
		return NULL;
	if (!*top)
		*top = xstrndup(name, n);
	else if (strlen(*top) != n || strncmp(*top, name, n))
		return xasprintf("members under both '%s' and '%.*s': not a CPython release tarball", *top,
				 (int)n, name);
	return NULL;
}

static enum member_kind kind_of(struct archive_entry *ent)
{
	if (archive_entry_hardlink(ent))
		return MEMBER_HARDLINK;
	switch (archive_entry_filetype(ent)) {
	case AE_IFREG: return MEMBER_FILE;
	case AE_IFDIR: return MEMBER_DIR;
	case AE_IFLNK: return MEMBER_SYMLINK;
	default: return MEMBER_OTHER;
	}
}

/* Write one checked member below dest: names rebased, no special bits. */
static int extract(struct archive *in, struct archive *out, struct archive_entry *ent, const char *dest,
		   enum member_kind kind)
{
	char *path = path_join(dest, archive_entry_pathname(ent));
	char *hard = kind == MEMBER_HARDLINK ? path_join(dest, archive_entry_hardlink(ent)) : NULL;
	mode_t perm = archive_entry_perm(ent) & 0777;
	int rc;

	archive_entry_set_pathname(ent, path);
	if (hard)
		archive_entry_set_hardlink(ent, hard);
	/* directories stay owner-writable, so the copy can be removed */
	archive_entry_set_perm(ent, kind == MEMBER_DIR ? perm | 0700 : perm);
	rc = archive_write_header(out, ent);
	if (rc >= ARCHIVE_WARN && kind == MEMBER_FILE && archive_entry_size(ent) > 0) {
		const void *buf;
		size_t size;
		la_int64_t off;

		while ((rc = archive_read_data_block(in, &buf, &size, &off)) == ARCHIVE_OK)
			if (run_interrupted || archive_write_data_block(out, buf, size, off) < ARCHIVE_OK) {
				rc = ARCHIVE_FATAL;
				break;
			}
		if (rc == ARCHIVE_EOF)
			rc = ARCHIVE_OK;
	}
	if (rc >= ARCHIVE_WARN)
		rc = archive_write_finish_entry(out);
	free(path);
	free(hard);
	return rc;
}

static int fail(struct err *e, struct archive *a, const char *tarball, const char *what)
{
	int en = archive_errno(a);
	const char *msg = archive_error_string(a);

	if (run_interrupted)
		return err_set(e, EXIT_INTERRUPTED, "interrupted while unpacking %s", tarball);
	if (en == ENOSPC || en == EDQUOT)
		return err_set(e, EXIT_TMPDIR, "no space left on device while unpacking %s\n"
			       "  fix: free space in the build directory's file system, or use another "
			       "--build-dir", tarball);
	if (en == EACCES || en == EROFS)
		return err_set(e, EXIT_TMPDIR, "cannot write while unpacking %s: %s\n"
			       "  fix: choose a writable --build-dir", tarball, msg ? msg : strerror(en));
	return err_set(e, EXIT_SOURCE, "cannot read %s as a tar archive (%s): %s\n"
		       "  fix: give --source a CPython release tarball or source directory", tarball, what,
		       msg ? msg : "unknown error");
}

int tarball_unpack(const char *tarball, const char *dest, char **topdir, struct err *e)
{
	struct archive *in = archive_read_new(), *out = archive_write_disk_new();
	struct archive_entry *ent;
	char *top = NULL, *bad;
	int rc = 0, r;

	*topdir = NULL;
	archive_read_support_filter_all(in);
	archive_read_support_format_tar(in);
	archive_read_support_format_gnutar(in);
	/* the checks below come first; libarchive's own secure flags stay on
	 * as a second line (not NOABSOLUTEPATHS: each member is rebased below
	 * dest, an absolute path of ours, after its name was checked to be
	 * relative), and no owner, setuid or setgid bit is restored */
	archive_write_disk_set_options(out, ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM |
				       ARCHIVE_EXTRACT_SPARSE | ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NODOTDOT);
	if (mkdir(dest, 0755) < 0) {
		rc = err_set(e, EXIT_TMPDIR, "cannot create %s: %s\n"
			     "  fix: choose a writable --build-dir with free space", dest, strerror(errno));
		goto out;
	}
	if (archive_read_open_filename(in, tarball, 65536) != ARCHIVE_OK) {
		rc = fail(e, in, tarball, "open");
		goto out;
	}
	while ((r = archive_read_next_header(in, &ent)) != ARCHIVE_EOF) {
		enum member_kind kind;
		const char *name;

		if (run_interrupted) {
			rc = err_set(e, EXIT_INTERRUPTED, "interrupted while unpacking %s", tarball);
			goto out;
		}
		if (r < ARCHIVE_WARN) {
			rc = fail(e, in, tarball, "reading a member header");
			goto out;
		}
		name = archive_entry_pathname(ent);
		kind = kind_of(ent);
		bad = tarball_check_member(name ? name : "", kind,
					   kind == MEMBER_SYMLINK ? archive_entry_symlink(ent)
					   : kind == MEMBER_HARDLINK ? archive_entry_hardlink(ent) : NULL, &top);
		if (bad) {
			rc = err_set(e, EXIT_SOURCE, "%s: %s\n  fix: use an unmodified CPython release "
				     "tarball", tarball, bad);
			free(bad);
			goto out;
		}
		if (extract(in, out, ent, dest, kind) < ARCHIVE_WARN) {
			rc = fail(e, archive_errno(out) ? out : in, tarball, "extracting");
			goto out;
		}
	}
	if (!top) {
		rc = err_set(e, EXIT_SOURCE, "%s is an empty archive\n  fix: give --source a CPython "
			     "release tarball or source directory", tarball);
		goto out;
	}
	*topdir = top;
	top = NULL;
out:
	archive_read_free(in);
	archive_write_free(out);
	if (rc)
		rm_rf(dest);
	free(top);
	return rc;
}

char *tarball_read_text(const char *tarball, const char *path, size_t max)
{
	struct archive *in = archive_read_new();
	struct archive_entry *ent;
	char *text = NULL;

	archive_read_support_filter_all(in);
	archive_read_support_format_tar(in);
	archive_read_support_format_gnutar(in);
	if (archive_read_open_filename(in, tarball, 65536) != ARCHIVE_OK)
		goto out;
	while (!run_interrupted && archive_read_next_header(in, &ent) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(ent), *slash = name ? strchr(name, '/') : NULL;
		la_int64_t size = archive_entry_size(ent);

		if (!slash || strcmp(slash + 1, path) || archive_entry_filetype(ent) != AE_IFREG)
			continue;
		if (size >= 0 && (size_t)size <= max) {
			text = xmalloc((size_t)size + 1);
			if (archive_read_data(in, text, (size_t)size) != size) {
				free(text);
				text = NULL;
			} else {
				text[size] = '\0';
			}
		}
		break;
	}
out:
	archive_read_free(in);
	return text;
}
