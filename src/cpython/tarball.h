/* tarball.h - a CPython release tarball, unpacked with libarchive: only
 * regular files, directories and links that stay inside, every member
 * checked before it is written, no device, FIFO, setuid or setgid bit. */
#ifndef OPTPY_TARBALL_H
#define OPTPY_TARBALL_H

#include <sys/types.h>

struct err;

/* What a member is, as the checks see it. */
enum member_kind { MEMBER_FILE, MEMBER_DIR, MEMBER_SYMLINK, MEMBER_HARDLINK, MEMBER_OTHER };

/* Check one member: NULL when it may be unpacked, else why not (malloc'd).
 * *top is the archive's one top directory, set by the first member. */
char *tarball_check_member(const char *name, enum member_kind kind, const char *link, char **top);
/* Unpack tarball into dest (which must not exist; it is removed again on
 * failure).  *topdir: the top directory.  Returns 0, or EXIT_SOURCE (bad
 * or unsafe archive), EXIT_TMPDIR (cannot write, disk full) or
 * EXIT_INTERRUPTED, with e set. */
int tarball_unpack(const char *tarball, const char *dest, char **topdir, struct err *e);
/* The text of the first regular member whose name is TOP/path (TOP: the
 * archive's top directory), read without unpacking anything; NULL when
 * there is none, it is larger than max bytes, or the archive is unreadable. */
char *tarball_read_text(const char *tarball, const char *path, size_t max);

#endif
