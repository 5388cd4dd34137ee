/* eval.c - a branchy loop standing in for the interpreter's eval loop:
 * profile data decides which branches are hot. */
static int classify(long i)
{
	if (i % 15 == 0)
		return 3;
	if (i % 5 == 0)
		return 2;
	if (i % 3 == 0)
		return 1;
	return 0;
}

long mini_eval(long n);
long mini_eval(long n)
{
	long acc = 0;

	for (long i = 0; i < n; i++) {
		switch (classify(i)) {
		case 3: acc += i * 2; break;
		case 2: acc -= i; break;
		case 1: acc ^= i; break;
		default: acc += 1;
		}
	}
	return acc;
}
