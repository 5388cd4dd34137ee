/* test_cpython.c - the per-version facts table and cpython.c's helpers. */
#include <stdlib.h>
#include "cpython.h"
#include "t.h"

static void facts(void)
{
	const struct pyfacts *f;

	CHECK(pyfacts_for(3, 8) == NULL);
	CHECK(pyfacts_for(3, 16) == NULL);
	CHECK(pyfacts_for(2, 7) == NULL);
	CHECK(pyfacts_for(4, 0) == NULL);
	for (int m = 9; m <= 15; m++) {
		f = pyfacts_for(3, m);
		CHECK(f != NULL);
		if (!f)
			continue;
		CHECK_INT(f->minor, m);
		/* nothing links Programs/_testembed in the phases' targets */
		CHECK(strstr(f->build_targets, "_testembed") == NULL);
		CHECK(strstr(f->build_targets, "python") == f->build_targets);
		CHECK(f->build_tools && *f->build_tools);
		CHECK(strstr(f->verify_modules, "_ssl") != NULL);
		CHECK_INT(f->free_threading, m >= 13);
		CHECK_INT(f->opt_semantic_interposition, m >= 10);
		CHECK(strstr(f->verify_modules, "_zstd") ? m >= 14 : m < 14);
		CHECK(strstr(f->verify_modules, m >= 12 ? "_sha2" : "_sha256") != NULL);
	}
	CHECK(strstr(pyfacts_for(3, 11)->build_targets, "oldsharedmods") != NULL);
	CHECK(strstr(pyfacts_for(3, 12)->build_targets, "oldsharedmods") == NULL);
	CHECK(strstr(pyfacts_for(3, 10)->build_tools, "_freeze_importlib") != NULL);
	CHECK(strstr(pyfacts_for(3, 11)->build_tools, "_bootstrap_python") != NULL);
	CHECK(strstr(PY_SUPPORTED, "3.15") != NULL);
}

static void patchlevel(void)
{
	struct pyversion v;
	/* as CPython 3.15's Include/patchlevel.h spells it */
	static const char text315[] =
		"#define PY_MAJOR_VERSION        3\n"
		"#define PY_MINOR_VERSION        15\n"
		"#define PY_MICRO_VERSION        0\n"
		"#define PY_RELEASE_LEVEL        PY_RELEASE_LEVEL_FINAL\n"
		"#define PY_RELEASE_SERIAL       0\n"
		"#define PY_VERSION              \"3.15.0\"\n";

	CHECK_INT(cpython_parse_patchlevel(text315, &v), 0);
	CHECK_STR(v.str, "3.15.0");
	CHECK(pyfacts_for(v.major, v.minor) != NULL);
	CHECK_INT(cpython_parse_patchlevel("#define\tPY_MAJOR_VERSION\t3\n#define PY_MINOR_VERSION 9\n"
					   "#define PY_MICRO_VERSION 18\n", &v), 0);
	CHECK_STR(v.str, "3.9.18");
	/* a prefix of another name is not the name */
	CHECK_INT(cpython_parse_patchlevel("#define PY_MAJOR_VERSIONX 3\n#define PY_MINOR_VERSION 9\n", &v), -1);
	CHECK_INT(cpython_parse_patchlevel("nothing here", &v), -1);
}

static void names(void)
{
	struct pyversion v = { 3, 13, 5, "3.13.5" };
	char *n = cpython_installed_name(&v, 0);

	CHECK_STR(n, "python3.13");
	free(n);
	n = cpython_installed_name(&v, 1);
	CHECK_STR(n, "python3.13t");
	free(n);
	CHECK_STR(cpython_owned_option("--enable-optimizations"), "--enable-optimizations");
	CHECK_STR(cpython_owned_option("--with-lto=thin"), "--with-lto");
	CHECK_STR(cpython_owned_option("--with-lto"), "--with-lto");
	CHECK_STR(cpython_owned_option("--enable-bolt"), "--enable-bolt");
	CHECK_STR(cpython_owned_option("PROFILE_TASK=-m test"), "PROFILE_TASK");
	CHECK(cpython_owned_option("--with-ltox") == NULL);
	CHECK(cpython_owned_option("--enable-shared") == NULL);
	CHECK(cpython_owned_option("--with-tail-call-interp") == NULL);
}

static void compiler_args(void)
{
	struct strvec a = { 0 };
	char *user_no[] = { "--without-tail-call-interp", NULL };
	const char *why;

	why = cpython_compiler_args(pyfacts_for(3, 14), CC_CLANG, 19, NULL, &a);
	CHECK_INT(a.n, 1);
	CHECK(a.n && !strcmp(a.v[0], "--with-tail-call-interp"));
	CHECK(why && strstr(why, "clang >= 19"));
	sv_clear(&a);
	why = cpython_compiler_args(pyfacts_for(3, 15), CC_CLANG, 18, NULL, &a);
	CHECK_INT(a.n, 0);
	why = cpython_compiler_args(pyfacts_for(3, 14), CC_GCC, 12, NULL, &a);
	CHECK_INT(a.n, 0);
	CHECK(why && strstr(why, "gcc before 16"));
	why = cpython_compiler_args(pyfacts_for(3, 13), CC_CLANG, 19, NULL, &a);
	CHECK_INT(a.n, 0);
	CHECK(why == NULL);
	/* the user's own choice wins */
	why = cpython_compiler_args(pyfacts_for(3, 14), CC_CLANG, 19, user_no, &a);
	CHECK_INT(a.n, 0);
	CHECK(why && strstr(why, "configure's arguments"));
}

static void opt_flags(void)
{
	struct strvec c = { 0 }, l = { 0 };

	cpython_opt_flags(pyfacts_for(3, 13), CC_GCC, &c, &l);
	CHECK_INT(c.n, 1);
	CHECK_STR(c.v[0], "-fno-semantic-interposition");
	CHECK_STR(l.v[0], "-fno-semantic-interposition");
	sv_clear(&c);
	sv_clear(&l);
	cpython_opt_flags(pyfacts_for(3, 13), CC_CLANG, &c, &l);
	CHECK_INT(c.n, 0);
	cpython_opt_flags(pyfacts_for(3, 9), CC_GCC, &c, &l);
	CHECK_INT(c.n, 0);
}

int main(void)
{
	facts();
	patchlevel();
	names();
	opt_flags();
	compiler_args();
	return T_DONE();
}
