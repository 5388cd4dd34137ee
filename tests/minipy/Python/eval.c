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

/* As CPython's bytecode loop: dispatch through computed gotos, under the
 * name BOLT 19 must skip (python-build-standalone#463). */
long _PyEval_EvalFrameDefault(const unsigned char *code, long n);
__attribute__((noinline)) long _PyEval_EvalFrameDefault(const unsigned char *code, long n)
{
	static void *const ops[] = { &&op_add, &&op_sub, &&op_end };
	long acc = 0, pc = 0;

	goto *ops[code[pc]];
op_add:
	acc += n;
	goto *ops[code[++pc]];
op_sub:
	acc -= 1;
	goto *ops[code[++pc]];
op_end:
	return acc;
}

/* As a HACL* hash compress function (python-build-standalone#1186). */
unsigned Hacl_Hash_Mini_compress(unsigned h, long n);
__attribute__((noinline)) unsigned Hacl_Hash_Mini_compress(unsigned h, long n)
{
	for (long i = 0; i < n; i++)
		h = (h << 5) ^ (h >> 27) ^ (unsigned)i;
	return h;
}
