/* _mini.c - an "extension module": a shared object built with -fPIC. */
int mini_module_answer(int x);
int mini_module_answer(int x)
{
	return x * 2;
}
