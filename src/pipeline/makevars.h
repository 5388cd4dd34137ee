/* makevars.h - the make variables each build passes to CPython's
 * Makefile: its flags through CFLAGS_NODIST/LDFLAGS_NODIST (never through
 * configure), and OPT without debug info for the instrumented build. */
#ifndef OPTPY_MAKEVARS_H
#define OPTPY_MAKEVARS_H

#include "phase.h"

/* "VAR=VALUE..." for the instrumented (final 0) or the final build,
 * appended to vars. */
void build_make_vars(struct build *b, int final, struct strvec *vars);
/* "VAR=VALUE..." for a warm build's build tools (--use-profile): no
 * profile, no LTO, the configured OPT at -O0 without debug info. */
void build_tool_vars(struct build *b, struct strvec *vars);
/* opt with each -O level (-O2, -O3, -Os, -Ofast...) as level, and without
 * debug-info flags; NULL when it cannot be split safely (make syntax). */
char *opt_at_level(const char *opt, const char *level);
/* With SOURCE_DATE_EPOCH set, the final build's compile flags that keep
 * the build directory out of what it makes, appended to out. */
void build_repro_flags(const struct build *b, struct strvec *out);
/* The value of `NAME=` (or `NAME =`) in a Makefile's text; NULL when it is
 * not there (malloc'd). */
char *makefile_var(const char *text, const char *name);
/* opt without its debug-info flags (-g, -ggdb, -g0..-g3); NULL when it has
 * none, or when it cannot be split safely (make syntax in it). */
char *opt_without_g(const char *opt);

#endif
