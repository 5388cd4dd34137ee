/* stats.c - means, medians, Student t intervals on log ratios. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "util.h"

double st_mean(const double *x, int n)
{
	double s = 0;

	for (int i = 0; i < n; i++)
		s += x[i];
	return n ? s / n : NAN;
}

double st_stdev(const double *x, int n)
{
	double m = st_mean(x, n), s = 0;

	if (n < 2)
		return 0;
	for (int i = 0; i < n; i++)
		s += (x[i] - m) * (x[i] - m);
	return sqrt(s / (n - 1));
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double st_median(const double *x, int n)
{
	double *c, m;

	if (n < 1)
		return NAN;
	c = xmalloc((size_t)n * sizeof(*c));
	memcpy(c, x, (size_t)n * sizeof(*c));
	qsort(c, (size_t)n, sizeof(*c), cmp_double);
	m = n % 2 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
	free(c);
	return m;
}

double st_t975(int df)
{
	static const double t[] = {
		0, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
		2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
		2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
	};

	if (df < 1)
		return NAN;
	if (df <= 30)
		return t[df];
	if (df <= 60)
		return 2.000;
	if (df <= 120)
		return 1.980;
	return 1.960;
}

void st_geo_ci(const double *x, int n, struct interval *out)
{
	double *l = xmalloc((size_t)(n > 0 ? n : 1) * sizeof(*l));
	double m, half;

	for (int i = 0; i < n; i++)
		l[i] = log(x[i]);
	m = st_mean(l, n);
	half = n >= 2 ? st_t975(n - 1) * st_stdev(l, n) / sqrt(n) : 0;
	out->n = n;
	out->value = exp(m);
	out->lo = exp(m - half);
	out->hi = exp(m + half);
	free(l);
}
