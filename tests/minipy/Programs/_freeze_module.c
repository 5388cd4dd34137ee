/* _freeze_module.c - like CPython's: a build tool linked from the library,
 * run only to generate a source file (here a header with one constant). */
#include <stdio.h>
long mini_eval(long n);
int main(void)
{
	printf("#define MINI_FROZEN %ld\n", mini_eval(100));
	return 0;
}
