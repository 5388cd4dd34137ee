/* bundle.h - a stored profile: the merged profile of one build and a
 * manifest saying what it fits (CPython version, source hash, compiler,
 * the flags that change code, the training, optpy's version), in one
 * portable file (a gzip'd tar read and written with libarchive), so that
 * a CI matrix trains once and builds many times. */
#ifndef OPTPY_BUNDLE_H
#define OPTPY_BUNDLE_H

#include "phase.h"

struct err;

/* What a profile fits, for the build b is (after inspect and detect). */
json_t *bundle_identity(struct build *b);
/* Write b's merged profile (BUILD/profile/data), BOLT's merged profiles
 * when the bolt phase made them (BUILD/bolt/NAME.fdata) and its identity to
 * file.  gcc's .gcda names hold the object directory's path: stored
 * without it. */
int bundle_save(struct build *b, const char *file, struct err *e);
/* For a phase (merge, then bolt): bundle_save to --save-profile, the path
 * as "saved_bundle" in b->res; 0, or the phase's failure. */
int bundle_save_phase(struct build *b);
/* The manifest of a bundle file (a new reference), or NULL with e set
 * (EXIT_USAGE: not a readable bundle). */
json_t *bundle_manifest(const char *file, struct err *e);
/* The keys where a bundle's identity and the build's differ, appended to
 * diff ("source: a1b2 -> c3d4"); returns how many. */
int bundle_compare(const json_t *manifest, const json_t *current, struct strbuf *diff);
/* Unpack a bundle's profile into dir for the object directory obj (gcc:
 * .gcda names made to fit it), BOLT's as dir/NAME.fdata.  0, or EXIT_TMPDIR / EXIT_USAGE with e. */
int bundle_extract(const char *file, const char *dir, const char *obj, struct err *e);

#endif
