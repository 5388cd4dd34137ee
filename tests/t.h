/* t.h - a minimal check harness for the C unit tests: each failed check
 * prints where and what; the program exits 1 when any failed. */
#ifndef OPTPY_T_H
#define OPTPY_T_H

#include <stdio.h>
#include <string.h>

static int t_failed, t_run;

#define CHECK(cond) do { t_run++; if (!(cond)) { t_failed++; \
	fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_STR(a, b) do { const char *t_a = (a), *t_b = (b); t_run++; \
	if (!t_a || !t_b || strcmp(t_a, t_b)) { t_failed++; \
	fprintf(stderr, "%s:%d: '%s' != '%s' (%s)\n", __FILE__, __LINE__, t_a ? t_a : "(null)", \
		t_b ? t_b : "(null)", #a); } } while (0)
#define CHECK_INT(a, b) do { long long t_a = (a), t_b = (b); t_run++; \
	if (t_a != t_b) { t_failed++; fprintf(stderr, "%s:%d: %lld != %lld (%s)\n", \
		__FILE__, __LINE__, t_a, t_b, #a); } } while (0)
#define CHECK_NEAR(a, b, eps) do { double t_a = (a), t_b = (b); t_run++; \
	if (!(t_a - t_b <= (eps) && t_b - t_a <= (eps))) { t_failed++; \
	fprintf(stderr, "%s:%d: %g != %g (%s)\n", __FILE__, __LINE__, t_a, t_b, #a); } } while (0)
#define T_DONE() (printf("%d checks, %d failed\n", t_run, t_failed), t_failed ? 1 : 0)

#endif
