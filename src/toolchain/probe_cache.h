/* probe_cache.h - what the toolchain probes found, kept between runs in a
 * directory the user names (OPTPY_PROBE_CACHE), so that a second build
 * with the same toolchain skips the probes' compiles.
 *
 * The key is the toolchain as detect described it (compiler, flags,
 * platform, every tool and linker with its version), each file's identity
 * (path, device, inode, size, modification and change times: a reinstalled
 * compiler misses), the `as` on PATH, and the environment a compiler reads
 * (PATH, LD_*, GCC_*, COMPILER_PATH, LIBRARY_PATH, CPATH...).  A compiler
 * wrapper whose behaviour depends on anything else must not be used with a
 * cache.  Entries are DIR/<SHA-256 of the key>.json; the whole key is
 * stored and compared, a probe that timed out is never stored, and an
 * entry that is not a regular file, is too large, or does not parse is a
 * miss. */
#ifndef OPTPY_PROBE_CACHE_H
#define OPTPY_PROBE_CACHE_H

#include "toolchain.h"

/* The key's text (malloc'd). */
char *probe_cache_key(const struct toolchain *tc);
/* Fill the probe findings of d (thin/full ok and linkers, PGO, the
 * reasons, the steps) from dir's entry for key: 1 on a hit with *file
 * (malloc'd) naming it, 0 on a miss with *why (malloc'd) when the entry
 * was there but not taken. */
int probe_cache_load(const char *dir, const char *key, const struct toolchain *tc,
		     struct decision *d, char **file, char **why);
/* Store d's probe findings under key (the directory is made when missing,
 * one level).  0 with *file set, or -1 with *why (malloc'd). */
int probe_cache_store(const char *dir, const char *key, const struct decision *d, char **file,
		      char **why);

#endif
