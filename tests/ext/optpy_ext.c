/* optpy_ext.c - a small C extension module, built in the tests against an
 * installed interpreter the way an extension builder does (sysconfig's
 * compiler flags), with gcc and with clang. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *weighted_sum(PyObject *self, PyObject *args)
{
	PyObject *seq, *item;
	long weight, total = 0;
	Py_ssize_t n;

	(void)self;
	if (!PyArg_ParseTuple(args, "Ol", &seq, &weight))
		return NULL;
	seq = PySequence_Fast(seq, "a sequence of integers");
	if (!seq)
		return NULL;
	n = PySequence_Fast_GET_SIZE(seq);
	for (Py_ssize_t i = 0; i < n; i++) {
		item = PySequence_Fast_GET_ITEM(seq, i);
		total += PyLong_AsLong(item) * weight * (long)(i + 1);
		if (PyErr_Occurred()) {
			Py_DECREF(seq);
			return NULL;
		}
	}
	Py_DECREF(seq);
	return PyLong_FromLong(total);
}

static PyMethodDef methods[] = {
	{ "weighted_sum", weighted_sum, METH_VARARGS, "sum of item * weight * position" },
	{ NULL, NULL, 0, NULL }
};

static struct PyModuleDef module = { PyModuleDef_HEAD_INIT, "optpy_ext", NULL, -1, methods };

PyMODINIT_FUNC PyInit_optpy_ext(void)
{
	return PyModule_Create(&module);
}
