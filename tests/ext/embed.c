/* embed.c - a program that embeds the interpreter, linked in the tests
 * against the installed static libpython (python3.X-config --embed). */
#include <Python.h>

int main(void)
{
	Py_Initialize();
	PyRun_SimpleString("import json; print(json.dumps({'answer': sum(range(7)) * 2}))");
	return Py_FinalizeEx() < 0 ? 1 : 0;
}
