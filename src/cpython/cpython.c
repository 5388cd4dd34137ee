/* cpython.c - the one place that knows how CPython versions differ.
 *
 * Every difference the driver depends on lives here: the make targets of
 * an interpreter build, the build tools, what --enable-optimizations adds,
 * the configure options optpy owns, the installed names, the in-tree build
 * markers and the extension modules verify expects.  From CPython's own
 * configure.ac and Makefile.pre.in of each release:
 *
 *  3.9   --with-lto (yes/no); sharedmods via setup.py; build tool
 *        Programs/_freeze_importlib
 *  3.10  as 3.9; --enable-optimizations adds -fno-semantic-interposition
 *        for gcc (bpo-38980)
 *  3.11  --with-lto=full|thin|no|yes; oldsharedmods+sharedmods; build
 *        tools Programs/_freeze_module and _bootstrap_python
 *  3.12  setup.py gone: all extension modules built by the Makefile
 *        (checksharedmods); --enable-bolt added; _sha2 replaces _sha256
 *  3.13  run_profile_task and build_all_{generate,merge}_profile removed
 *        (profile-gen-stamp/profile-run-stamp); --disable-gil (free-threaded
 *        build, installed as python3.13t); mimalloc
 *  3.14  as 3.13 for the driver; adds the tail-calling interpreter
 *        (--with-tail-call-interp, clang >= 19), an experimental JIT, and
 *        compression.zstd (_zstd, needs libzstd)
 *  3.15  as 3.14 for the driver (released October 2026); the JIT needs LLVM
 *        21 (Tools/jit/_llvm.py), another with LLVM_VERSION=N;
 *        --enable-static-libpython-for-interpreter (CPython PR 133313): with
 *        --enable-shared, libpython.so is still built but the interpreter is
 *        linked statically (BOLT takes the interpreter alone: no training
 *        reaches the shared object; build_binaries reads the interpreter's
 *        DT_NEEDED, so this needs no version check); frame pointers on by
 *        default (PEP 831,
 *        --without-frame-pointers opts out)
 *  JIT   --enable-experimental-jit: 3.13 with LLVM 18, 3.14 with LLVM 19
 *        (Tools/jit/_llvm.py's _LLVM_VERSION), its clang and llvm-readobj on
 *        PATH as NAME-N or NAME; Tools/jit/build.py runs under
 *        PYTHON_FOR_REGEN, a Python >= 3.11
 *
 * Build tools are linked from the whole interpreter and only run to
 * generate sources (frozen modules).  With LTO each is another
 * whole-interpreter LTO link, the first one on the critical path; the final
 * build keeps the instrumented ones (their output does not depend on how
 * they were compiled) and tells make not to remake them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpython.h"
#include "err.h"

#define MODS_COMMON "_ssl _hashlib _ctypes _decimal _json _pickle _sqlite3 zlib _bz2 _lzma " \
	"_struct _datetime math array select _socket _uuid readline _curses pyexpat " \
	"_elementtree _asyncio"
#define TARGETS_39 "python platform sharedmods oldsharedmods gdbhooks python-config"
#define TARGETS_311 "python platform oldsharedmods sharedmods gdbhooks python-config"
#define TARGETS_312 "python platform sharedmods gdbhooks scripts checksharedmods"
#define TOOLS_311 "Programs/_freeze_module _bootstrap_python"

static const struct pyfacts tab[] = {
	{ 9, TARGETS_39, "Programs/_freeze_importlib", 0, 0, MODS_COMMON " _sha256", 0, 0, 0, 0, 0,
	  "setup.py builds most extension modules" },
	{ 10, TARGETS_39, "Programs/_freeze_importlib", 1, 0, MODS_COMMON " _sha256", 0, 0, 0, 0, 0,
	  "setup.py builds most extension modules" },
	{ 11, TARGETS_311, TOOLS_311, 1, 0, MODS_COMMON " _sha256", 0, 0, 0, 0, 0,
	  "setup.py builds a few extension modules" },
	{ 12, TARGETS_312, TOOLS_311, 1, 0, MODS_COMMON " _sha2", 0, 0, 0, 0, 0,
	  "extension modules built by the Makefile" },
	{ 13, TARGETS_312, TOOLS_311, 1, 1, MODS_COMMON " _sha2", 0, 18, 0, 0, 0,
	  "run_profile_task removed; profile-gen-stamp/profile-run-stamp; JIT with LLVM 18" },
	{ 14, TARGETS_312, TOOLS_311, 1, 1, MODS_COMMON " _sha2 _zstd", 1, 19, 0, 0, 0,
	  "as 3.13 for the driver; tail-calling interpreter with clang >= 19; JIT with LLVM 19" },
	{ 15, TARGETS_312, TOOLS_311, 1, 1, MODS_COMMON " _sha2 _zstd", 1, 21, 1, 1, 1,
	  "as 3.14 for the driver; JIT with LLVM 21 (LLVM_VERSION for another); "
	  "--enable-static-libpython-for-interpreter; frame pointers on by default (PEP 831)" },
};

void cpython_variant(char *const *args, struct pyvariant *v)
{
	memset(v, 0, sizeof(*v));
	for (char *const *a = args; a && *a; a++) {
		if (startswith(*a, "--enable-experimental-jit")) {
			const char *val = (*a)[25] == '=' ? *a + 26 : (*a)[25] ? NULL : "yes";

			v->jit = val && strcmp(val, "no");
			v->jit_arg = v->jit ? *a : NULL;
		} else if (!strcmp(*a, "--disable-experimental-jit")) {
			v->jit = 0;
			v->jit_arg = NULL;
		} else if (!strcmp(*a, "--disable-gil") || !strcmp(*a, "--enable-gil=no")) {
			v->free_threaded = 1;
		} else if (!strcmp(*a, "--enable-gil") || !strcmp(*a, "--enable-gil=yes")) {
			v->free_threaded = 0;
		}
	}
}

const char cpython_eval_object[] = "Python/ceval.o";

const char *const cpython_required_files[] = { "Include/patchlevel.h", "configure", NULL };

/* _PyEval_EvalFrameDefault: Python/ceval.c (generated_cases.c.h's labels);
 * sre_ucs1/2/4_match: Modules/_sre/sre_lib.h, included once per width */
const char cpython_computed_goto_re[] = "^(_PyEval_EvalFrameDefault|sre_ucs[124]_match)($|[.])";

const char cpython_verify_tests[] = "test_int test_json test_re test_struct test_dict test_list";

const char cpython_bolt_tests[] =
	"test_int test_long test_float test_json test_re test_struct test_dict test_list test_set "
	"test_tuple test_str test_bytes test_unicode_identifiers test_string test_itertools "
	"test_functools test_collections test_exceptions test_generators test_class test_descr "
	"test_scope test_with test_sort test_math test_pickle test_datetime test_hashlib test_zlib";

const char cpython_shared_suffix[] = ".so.1.0";
const char cpython_unused_lib_why[] = "the interpreter does not load it (linked with libpython's static "
				      "library: 3.15's --enable-static-libpython-for-interpreter); "
				      "no training reaches it, so it stays as the PGO+LTO build made it";

const char cpython_ext_cc_py[] =
	"import glob, json, os, pprint, re, sys\n"
	"root, cc, cxx = sys.argv[1:4]\n"
	"C = ('CC', 'LDSHARED', 'BLDSHARED', 'LINKCC')\n"
	"CXX = ('CXX', 'LDCXXSHARED')\n"
	"def swap(v, new):\n"
	"    w = v.split(None, 1)\n"
	"    return new + (' ' + w[1] if len(w) > 1 else '')\n"
	"def fix(d):\n"
	"    for k in C + CXX:\n"
	"        if isinstance(d.get(k), str) and d[k].strip():\n"
	"            d[k] = swap(d[k], cc if k in C else cxx)\n"
	"def write(p, text):\n"
	"    st = os.stat(p)\n"
	"    with open(p + '.optpy-tmp', 'w') as f:\n"
	"        f.write(text)\n"
	"    os.chmod(p + '.optpy-tmp', st.st_mode & 0o7777)\n"
	"    os.replace(p + '.optpy-tmp', p)\n"
	"    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))\n"
	"done = 0\n"
	"for lib in glob.glob(os.path.join(root, 'lib', 'python3*')):\n"
	"    for p in glob.glob(os.path.join(lib, '_sysconfigdata_*.py')):\n"
	"        ns = {}\n"
	"        exec(open(p).read(), ns)\n"
	"        fix(ns['build_time_vars'])\n"
	"        write(p, '# system configuration generated and used by the sysconfig module\\n'\n"
	"              'build_time_vars = ' + pprint.pformat(ns['build_time_vars'], indent=4) + '\\n')\n"
	"        for c in glob.glob(os.path.join(lib, '__pycache__', os.path.basename(p)[:-3] + '.*.pyc')):\n"
	"            os.unlink(c)\n"
	"        done += 1\n"
	"    for p in glob.glob(os.path.join(lib, '_sysconfig_vars_*.json')):\n"
	"        d = json.load(open(p))\n"
	"        fix(d)\n"
	"        write(p, json.dumps(d, indent=2) + '\\n')\n"
	"        done += 1\n"
	"    for p in glob.glob(os.path.join(lib, 'config-3*', 'Makefile')):\n"
	"        def line(m):\n"
	"            if m.group(3).startswith('$('):\n"
	"                return m.group(0)\n"
	"            new = cc if m.group(1) in C else cxx\n"
	"            return m.group(1) + m.group(2) + new + m.group(4)\n"
	"        text = open(p).read()\n"
	"        write(p, re.sub(r'(?m)^(' + '|'.join(C + CXX) + r')([ \\t]*=[ \\t]*)(\\S+)(.*)$', line, text))\n"
	"        done += 1\n"
	"print('OPTPY-EXT-CC', done)\n";

const char cpython_ext_check_py[] =
	"import importlib.util, os, shutil, subprocess, sys, sysconfig, tempfile\n"
	"cv = lambda k: sysconfig.get_config_var(k) or ''\n"
	"d = tempfile.mkdtemp(prefix='optpy-ext-')\n"
	"try:\n"
	"    src = os.path.join(d, 'optpy_probe_ext.c')\n"
	"    with open(src, 'w') as f:\n"
	"        f.write('#include <Python.h>\\nstatic struct PyModuleDef m = { PyModuleDef_HEAD_INIT, '\n"
	"                '\"optpy_probe_ext\", NULL, -1, NULL };\\nPyMODINIT_FUNC PyInit_optpy_probe_ext(void) '\n"
	"                '{ return PyModule_Create(&m); }\\n')\n"
	"    obj = os.path.join(d, 'optpy_probe_ext.o')\n"
	"    so = os.path.join(d, 'optpy_probe_ext' + cv('EXT_SUFFIX'))\n"
	"    subprocess.run(cv('CC').split() + cv('CFLAGS').split() + cv('CCSHARED').split() +\n"
	"                   ['-I' + sysconfig.get_path('include'), '-c', src, '-o', obj], check=True)\n"
	"    subprocess.run(cv('LDSHARED').split() + [obj, '-o', so], check=True)\n"
	"    spec = importlib.util.spec_from_file_location('optpy_probe_ext', so)\n"
	"    spec.loader.exec_module(importlib.util.module_from_spec(spec))\n"
	"    print('OPTPY-EXT-OK', cv('CC'))\n"
	"finally:\n"
	"    shutil.rmtree(d)\n";

char *cpython_libpython_stem(const struct pyversion *v)
{
	return xasprintf("libpython%d.%d", v->major, v->minor);
}

const char *cpython_object_role(const char *rel)
{
	if (startswith(rel, "Programs/"))
		return "a program other than the interpreter (a build tool or test program): training never runs it";
	if (startswith(rel, "Modules/"))
		return "module code no training task ran (an extension not imported, or functions not called)";
	return "no training task ran code in it";
}

const struct pyfacts *pyfacts_for(int major, int minor)
{
	if (major != 3)
		return NULL;
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (tab[i].minor == minor)
			return &tab[i];
	return NULL;
}

/* "#define NAME   value": the value's number, or -1. */
static int define_int(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = text; (p = strstr(p, "#define")); p += 7) {
		const char *q = p + 7;

		while (*q == ' ' || *q == '\t')
			q++;
		if (strncmp(q, name, n) || (q[n] != ' ' && q[n] != '\t'))
			continue;
		q += n;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q < '0' || *q > '9')
			return -1;
		n = strspn(q, "0123456789");
		/* the number alone: "13abc" is no version */
		if (q[n] && !strchr(" \t\r\n/", q[n]))
			return -1;
		return atoi(q);
	}
	return -1;
}

int cpython_parse_patchlevel(const char *text, struct pyversion *v)
{
	v->major = define_int(text, "PY_MAJOR_VERSION");
	v->minor = define_int(text, "PY_MINOR_VERSION");
	v->micro = define_int(text, "PY_MICRO_VERSION");
	if (v->major < 0 || v->minor < 0)
		return -1;
	if (v->micro < 0)
		v->micro = 0;
	snprintf(v->str, sizeof(v->str), "%d.%d.%d", v->major, v->minor, v->micro);
	return 0;
}

int cpython_read_version(const char *src, struct pyversion *v, struct err *e)
{
	char *path = path_join(src, "Include/patchlevel.h");
	char *text = read_file(path, NULL);
	int rc = 0;

	if (!text)
		rc = err_set(e, EXIT_SOURCE, "%s is not a CPython source tree (no Include/patchlevel.h)\n"
			     "  fix: point --source at the top of a CPython checkout or release tarball", src);
	else if (cpython_parse_patchlevel(text, v) < 0)
		rc = err_set(e, EXIT_SOURCE, "no PY_MAJOR_VERSION/PY_MINOR_VERSION in %s\n"
			     "  fix: point --source at an unmodified CPython source", path);
	else if (!pyfacts_for(v->major, v->minor))
		rc = err_set(e, EXIT_SOURCE, "CPython %s is not supported (optpy supports %s)\n"
			     "  fix: use a CPython %s source", v->str, PY_SUPPORTED, PY_SUPPORTED);
	free(text);
	free(path);
	return rc;
}

const char *cpython_in_tree_marker(const char *src)
{
	static const char *const marks[] = { "pyconfig.h", "python", "python.exe", "Programs/python.o",
					     "Makefile", "config.status",
					     "Python/frozen_modules/importlib._bootstrap.h", NULL };

	for (int i = 0; marks[i]; i++) {
		char *p = path_join(src, marks[i]);
		int there = access(p, F_OK) == 0;

		free(p);
		if (there)
			return marks[i];
	}
	return NULL;
}

const char *const cpython_programs[] = { "python", "python.exe", "Programs/_testembed", NULL };

char *cpython_build_python(const char *objdir)
{
	char *exe = path_join(objdir, "python.exe");

	if (is_exec(exe))
		return exe;
	free(exe);
	return path_join(objdir, "python");
}

int cpython_free_threaded(const char *objdir)
{
	char *path = path_join(objdir, "pyconfig.h");
	char *text = read_file(path, NULL);
	int ft = text && define_int(text, "Py_GIL_DISABLED") == 1;

	free(text);
	free(path);
	return ft;
}

char *cpython_installed_name(const struct pyversion *v, int free_threaded)
{
	return xasprintf("python%d.%d%s", v->major, v->minor, free_threaded ? "t" : "");
}

const char *cpython_owned_option(const char *arg)
{
	static const char *const owned[] = { "--enable-optimizations", "--disable-optimizations",
					     "--with-lto", "--without-lto", "--enable-bolt",
					     "--disable-bolt", NULL };

	for (int i = 0; owned[i]; i++) {
		size_t n = strlen(owned[i]);

		if (!strncmp(arg, owned[i], n) && (arg[n] == '\0' || arg[n] == '='))
			return owned[i];
	}
	if (startswith(arg, "PROFILE_TASK="))
		return "PROFILE_TASK";
	return NULL;
}

void cpython_opt_flags(const struct pyfacts *f, enum family fam, struct strvec *cflags,
		       struct strvec *ldflags)
{
	/* configure.ac tests $CC against *gcc*; optpy asks the compiler */
	if (f && f->opt_semantic_interposition && fam == CC_GCC) {
		sv_push(cflags, "-fno-semantic-interposition");
		sv_push(ldflags, "-fno-semantic-interposition");
	}
}

const char *cpython_compiler_args(const struct pyfacts *f, enum family fam, int major,
				  char *const *user, struct strvec *args)
{
	for (char *const *a = user; a && *a; a++)
		if (startswith(*a, "--with-tail-call-interp") || startswith(*a, "--without-tail-call-interp"))
			return "the tail-calling interpreter: as configure's arguments say";
	if (!f || !f->tail_call)
		return NULL;
	if (fam == CC_CLANG && major >= 19) {
		sv_push(args, "--with-tail-call-interp");
		return "--with-tail-call-interp: the tail-calling interpreter (3.14+, clang >= 19: "
		       "CPython 3.14's What's New, 3-5% faster)";
	}
	return fam == CC_GCC ? "no tail-calling interpreter: gcc before 16 gains nothing from it"
	       : "no tail-calling interpreter: it needs clang >= 19";
}
