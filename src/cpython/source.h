/* source.h - the CPython source a build uses: a directory copied into the
 * build directory (never written to), or a release tarball unpacked there;
 * and a fingerprint that tells when the given source changed. */
#ifndef OPTPY_SOURCE_H
#define OPTPY_SOURCE_H

struct err;

/* Give the build its own copy of `given` below bdir/src, reusing the copy
 * that is there unless `fresh`.  `shared`, when not NULL, is a copy of
 * `given` that optpy prepared already (a tournament's, in its directory):
 * its files are hard-linked instead of copied or unpacked again (CPython
 * builds out of tree, and Python replaces a .pyc by renaming, so no build
 * writes into a file the others see).  *tree: the CPython tree (malloc'd).
 * Returns 0, or EXIT_SOURCE / EXIT_TMPDIR / EXIT_INTERRUPTED with e set. */
int source_prepare(const char *given, const char *shared, const char *bdir, int fresh, char **tree,
		   struct err *e);
/* A fingerprint of `given` (hex SHA-256, malloc'd): a directory's paths,
 * modes, sizes and modification times (.git left out, as in the copy); a
 * tarball's bytes.  Returns 0, or EXIT_SOURCE with e set. */
int source_fingerprint(const char *given, char **fp, struct err *e);
/* A hash of what `given` holds (hex SHA-256, malloc'd): a directory's
 * paths, modes and file contents (.git left out; times not), so that two
 * copies of one tree agree; a tarball's bytes.  Returns 0, or EXIT_SOURCE. */
int source_content_hash(const char *given, char **hash, struct err *e);
/* The CPython version of the given source (a tree, or a tarball read
 * without unpacking), before anything is copied: 0, or -1 when it says
 * none. */
struct pyversion;
int source_peek_version(const char *given, struct pyversion *v);
/* Characters CPython's configure and makefiles cannot take in a path, or
 * NULL when p has none ("a blank", "'$'"...). */
const char *source_path_trouble(const char *p);

#endif
