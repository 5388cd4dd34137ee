/* stats.h - the statistics behind `optpy bench`. */
#ifndef OPTPY_STATS_H
#define OPTPY_STATS_H

double st_mean(const double *x, int n);
double st_stdev(const double *x, int n);     /* sample standard deviation */
double st_median(const double *x, int n);
double st_t975(int df);                      /* two-sided 95% Student t quantile */

struct interval {
	double value, lo, hi;  /* lo == hi == value when n < 2 */
	int n;
};
/* Geometric mean of x (all > 0) with a 95% interval from the t distribution
 * of log(x): used for per-run speed ratios. */
void st_geo_ci(const double *x, int n, struct interval *out);

#endif
