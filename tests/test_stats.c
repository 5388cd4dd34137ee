/* test_stats.c - the bench statistics on inputs with known answers. */
#include <math.h>
#include "stats.h"
#include "t.h"

int main(void)
{
	const double a[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	const double odd[] = { 3, 1, 2 };
	const double same[] = { 1.1, 1.1, 1.1, 1.1 };
	const double r[] = { 1.0, 1.1, 1.21 };
	const double one[] = { 1.5 };
	struct interval iv;

	CHECK_NEAR(st_mean(a, 8), 5.0, 1e-12);
	CHECK_NEAR(st_stdev(a, 8), sqrt(32.0 / 7), 1e-12);
	CHECK_NEAR(st_median(a, 8), 4.5, 1e-12);
	CHECK_NEAR(st_median(odd, 3), 2.0, 1e-12);
	CHECK_NEAR(odd[0], 3.0, 0); /* the input is not sorted in place */
	CHECK_NEAR(st_t975(1), 12.706, 1e-9);
	CHECK_NEAR(st_t975(4), 2.776, 1e-9);
	CHECK_NEAR(st_t975(1000), 1.96, 1e-9);
	CHECK(isnan(st_t975(0)));
	/* geometric mean of 1, 1.1, 1.21 is 1.1; log-sd is log(1.1); t(2)=4.303 */
	st_geo_ci(r, 3, &iv);
	CHECK_NEAR(iv.value, 1.1, 1e-12);
	CHECK_NEAR(iv.lo, 1.1 * exp(-4.303 * log(1.1) / sqrt(3)), 1e-9);
	CHECK_NEAR(iv.hi, 1.1 * exp(4.303 * log(1.1) / sqrt(3)), 1e-9);
	CHECK(iv.lo < 1.0 && iv.hi > 1.2);
	/* no spread: the interval collapses onto the value */
	st_geo_ci(same, 4, &iv);
	CHECK_NEAR(iv.lo, 1.1, 1e-12);
	CHECK_NEAR(iv.hi, 1.1, 1e-12);
	/* one run: no interval */
	st_geo_ci(one, 1, &iv);
	CHECK_NEAR(iv.value, 1.5, 1e-12);
	CHECK_NEAR(iv.lo, 1.5, 1e-12);
	CHECK_INT(iv.n, 1);
	return T_DONE();
}
