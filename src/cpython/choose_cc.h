/* choose_cc.h - the compiler a build uses when neither --cc nor CC names
 * one: a decision table keyed on the CPython version and the compilers on
 * the machine, each row with where its facts come from. */
#ifndef OPTPY_CHOOSE_CC_H
#define OPTPY_CHOOSE_CC_H

#include "cpython.h"
#include "toolsets.h"

struct cc_choice {
	const char *cc;            /* the name chosen (points into the toolsets' names), or NULL */
	int major;                 /* its major version */
	const char *why;           /* the row that chose it, in words */
	const char *source;        /* where that row's facts come from */
};

/* The first row that fits CPython v and a compiler in ts (the newest of
 * that family); c->cc is NULL when no row fits (no gcc or clang found). */
void choose_cc(const struct pyversion *v, const struct toolsets *ts, struct cc_choice *c);

#endif
