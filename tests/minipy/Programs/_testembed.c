/* _testembed.c - like CPython's: a second program linked from libpython. */
#include <stdio.h>
long mini_eval(long n);
int main(void)
{
	printf("%ld\n", mini_eval(10));
	return 0;
}
