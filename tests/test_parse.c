/* test_parse.c - the parsers on real version strings and the decision table. */
#include <stdlib.h>
#include "parse.h"
#include "t.h"
#include "toolchain.h"
#include "cpython.h"

static void ver(const char *text, const char *want)
{
	struct version v;

	t_run++;
	if (parse_version(text, &v) < 0) {
		t_failed++;
		fprintf(stderr, "no version in: %s\n", text);
		return;
	}
	if (strcmp(v.str, want)) {
		t_failed++;
		fprintf(stderr, "version of '%s': got %s, want %s\n", text, v.str, want);
	}
}

static void banners(void)
{
	/* gcc: Debian, Ubuntu, Fedora, Homebrew, upstream */
	ver("gcc (Debian 12.2.0-14+deb12u1) 12.2.0\nCopyright (C) 2022 Free Software Foundation, Inc.", "12.2.0");
	ver("gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0", "11.4.0");
	ver("gcc (GCC) 13.2.1 20231011 (Red Hat 13.2.1-4)", "13.2.1");
	ver("gcc-13 (Homebrew GCC 13.2.0) 13.2.0", "13.2.0");
	ver("gcc (GCC) 14.1.0", "14.1.0");
	ver("cc (GCC) 4.8.5 20150623 (Red Hat 4.8.5-44)", "4.8.5");
	/* clang: Debian, Ubuntu, Fedora, Apple, Homebrew, upstream */
	ver("Debian clang version 14.0.6\nTarget: x86_64-pc-linux-gnu", "14.0.6");
	ver("Debian clang version 19.1.7 (3~deb12u1)", "19.1.7");
	ver("Ubuntu clang version 14.0.0-1ubuntu1.1", "14.0.0");
	ver("clang version 17.0.6 (Fedora 17.0.6-2.fc39)", "17.0.6");
	ver("Apple clang version 15.0.0 (clang-1500.1.0.2.5)\nTarget: arm64-apple-darwin23.2.0", "15.0.0");
	ver("Homebrew clang version 17.0.6\nTarget: arm64-apple-darwin23.2.0", "17.0.6");
	ver("clang version 18.1.8 (https://github.com/llvm/llvm-project.git 3b5b5c1ec4a3095ab096dd780e84d7ab81f3d7ff)", "18.1.8");
	ver("Intel(R) oneAPI DPC++/C++ Compiler 2024.0.0 (2024.0.0.20231017)", "2024.0.0");
	/* tools */
	ver("LLVM (http://llvm.org/):\n  LLVM version 14.0.6\n  Optimized build.", "14.0.6");
	ver("Debian LLVM version 19.1.7\n  Optimized build.", "19.1.7");
	ver("Ubuntu LLVM version 18.1.3\n  Optimized build.", "18.1.3");
	ver("GNU ar (GNU Binutils for Debian) 2.40", "2.40");
	ver("GNU ld (GNU Binutils for Debian) 2.40", "2.40");
	ver("GNU gold (GNU Binutils for Debian 2.40) 1.16", "1.16");
	ver("Debian LLD 14.0.6 (compatible with GNU linkers)", "14.0.6");
	ver("LLD 18.1.3 (compatible with GNU linkers)", "18.1.3");
	ver("mold 2.4.0 (compatible with GNU ld)", "2.4.0");
	ver("perf version 6.1.187", "6.1.187");

	struct version v;
	CHECK(parse_version("no digits here\nnor here", &v) < 0);
	CHECK(parse_version("x86_64-linux-gnu-gcc-12 nothing", &v) < 0);

	CHECK_INT(banner_family("gcc (Debian 12.2.0-14+deb12u1) 12.2.0"), CC_GCC);
	CHECK_INT(banner_family("Apple clang version 15.0.0 (clang-1500.1.0.2.5)"), CC_APPLE_CLANG);
	CHECK_INT(banner_family("Homebrew clang version 17.0.6"), CC_CLANG);
	CHECK_INT(banner_family("Intel(R) oneAPI DPC++/C++ Compiler 2024.0.0"), CC_ICX);
	CHECK_INT(banner_family("tcc version 0.9.27"), CC_UNKNOWN);
	CHECK_STR(banner_vendor("gcc (GCC) 13.2.1 20231011 (Red Hat 13.2.1-4)"), "Fedora/Red Hat");
	CHECK_STR(banner_vendor("Homebrew clang version 17.0.6"), "Homebrew");
	CHECK_STR(banner_vendor("gcc (GCC) 14.1.0"), "upstream");
	CHECK_STR(banner_vendor("Ubuntu clang version 14.0.0-1ubuntu1.1"), "Ubuntu");
	char *dir = banner_installed_dir("Debian clang version 14.0.6\nTarget: x\nInstalledDir: /usr/lib/llvm-14/bin\n");
	CHECK_STR(dir, "/usr/lib/llvm-14/bin");
	free(dir);
}

static void macros(void)
{
	struct version v;
	const char *gcc = "#define __STDC__ 1\n#define __GNUC__ 12\n#define __GNUC_MINOR__ 2\n"
			  "#define __GNUC_PATCHLEVEL__ 0\n#define __x86_64__ 1\n";
	const char *clang = "#define __GNUC__ 4\n#define __GNUC_MINOR__ 2\n#define __clang__ 1\n"
			    "#define __clang_major__ 19\n#define __clang_minor__ 1\n#define __clang_patchlevel__ 7\n";
	const char *apple = "#define __clang__ 1\n#define __apple_build_version__ 15000100\n"
			    "#define __clang_major__ 15\n#define __clang_minor__ 0\n#define __clang_patchlevel__ 0\n";
	const char *icx = "#define __clang__ 1\n#define __INTEL_LLVM_COMPILER 20240000\n#define __clang_major__ 17\n";
	const char *tcc = "#define __TINYC__ 927\n#define __STDC__ 1\n";

	CHECK_INT(parse_macros(gcc, &v), CC_GCC);
	CHECK_STR(v.str, "12.2.0");
	/* clang also defines __GNUC__ 4: must not be taken for gcc 4.2 */
	CHECK_INT(parse_macros(clang, &v), CC_CLANG);
	CHECK_STR(v.str, "19.1.7");
	CHECK_INT(parse_macros(apple, &v), CC_APPLE_CLANG);
	CHECK_INT(v.major, 15);
	CHECK_INT(parse_macros(icx, &v), CC_ICX);
	CHECK_INT(v.major, 2024);
	CHECK_INT(parse_macros(tcc, &v), CC_UNKNOWN);
	char *val = macro_value(gcc, "__GNUC_MINOR__");
	CHECK_STR(val, "2");
	free(val);
	CHECK(macro_value(gcc, "__GNUC") == NULL);
}

static void triples(void)
{
	struct triple t;

	CHECK(parse_triple("x86_64-linux-gnu", &t) == 0);
	CHECK_STR(t.arch, "x86_64");
	CHECK_STR(t.os, "linux");
	CHECK_STR(t.env, "gnu");
	CHECK(parse_triple("x86_64-pc-linux-gnu\n", &t) == 0);
	CHECK_STR(t.vendor, "pc");
	CHECK_STR(t.env, "gnu");
	CHECK(parse_triple("aarch64-alpine-linux-musl", &t) == 0);
	CHECK_STR(t.env, "musl");
	CHECK(parse_triple("arm64-apple-darwin23.2.0", &t) == 0);
	CHECK_STR(t.os, "darwin23.2.0");
	CHECK(parse_triple("garbage", &t) < 0);
}

static void words(void)
{
	struct strvec sv = { 0 };

	CHECK(sv_split(&sv, "ccache  'gcc' -m64 \"-DX=a b\"") == 0);
	CHECK_INT(sv.n, 4);
	CHECK_STR(sv.v[1], "gcc");
	CHECK_STR(sv.v[3], "-DX=a b");
	sv_clear(&sv);
	CHECK(sv_split(&sv, "gcc 'unbalanced") < 0);
	sv_clear(&sv);
	CHECK(is_launcher("/usr/bin/ccache"));
	CHECK(is_launcher("distcc"));
	CHECK(!is_launcher("gcc"));
	CHECK(word_is_garbage("gcc;rm"));
	CHECK(word_is_garbage("$(whoami)"));
	CHECK(word_is_garbage("a|b"));
	CHECK(!word_is_garbage("-Wl,-rpath,$ORIGIN/../lib"));
	CHECK(!word_is_garbage("-O2"));
}

static void decision_table(void)
{
	struct toolchain tc;
	const char *src = NULL;
	enum lto_mode m;

	memset(&tc, 0, sizeof(tc));
	tc.family = CC_GCC;
	tc.version.major = 12;
	CHECK(known_bad(&tc, LTO_THIN, &src) != NULL);
	CHECK(src && strstr(src, "GCC"));
	CHECK(known_bad(&tc, LTO_FULL, NULL) == NULL);
	tc.version.major = 4;
	CHECK(known_bad(&tc, LTO_FULL, NULL) != NULL);
	tc.family = CC_CLANG;
	tc.version.major = 3;
	CHECK(known_bad(&tc, LTO_THIN, NULL) != NULL);
	tc.version.major = 14;
	CHECK(known_bad(&tc, LTO_THIN, NULL) == NULL);
	CHECK(known_bad(&tc, LTO_FULL, NULL) == NULL);
	tc.family = CC_UNKNOWN;
	CHECK(known_bad(&tc, LTO_FULL, NULL) != NULL);
	CHECK(lto_parse("thin", &m) == 0 && m == LTO_THIN);
	CHECK(lto_parse("auto", &m) == 0 && m == LTO_AUTO);
	CHECK(lto_parse("fast", &m) < 0);

	struct strvec in = { 0 }, out = { 0 };
	sv_push(&in, "-fprofile-generate=@RAWDIR@");
	sv_push(&in, "-fprofile-instr-use=@PROFDIR@/merged.profdata");
	flags_subst(&out, in.v, "/b/raw", "/b/prof");
	CHECK_STR(out.v[0], "-fprofile-generate=/b/raw");
	CHECK_STR(out.v[1], "-fprofile-instr-use=/b/prof/merged.profdata");
	sv_clear(&in);
	sv_clear(&out);
}

int main(void)
{
	banners();
	macros();
	triples();
	words();
	decision_table();
	return T_DONE();
}
