/* test_choose.c - the default compiler's decision table, row by row, on
 * made-up machines (toolsets with the compilers each row needs). */
#include <string.h>

#include "choose_cc.h"
#include "t.h"

static struct cc_found cc(const char *name, enum family f, int major)
{
	struct cc_found c = { (char *)name, f, major };

	return c;
}

static const char *pick(int minor, struct cc_found *list, int n)
{
	struct toolsets ts = { NULL, 0, list, n };
	struct pyversion v = { 3, minor, 0, "" };
	struct cc_choice c;

	choose_cc(&v, &ts, &c);
	return c.cc ? c.cc : "(none)";
}

int main(void)
{
	/* newest first, as toolsets_find sorts them */
	struct cc_found here[] = { cc("clang-22", CC_CLANG, 22), cc("clang-19", CC_CLANG, 19),
				   cc("clang", CC_CLANG, 14), cc("gcc", CC_GCC, 12) };
	struct cc_found old_clang[] = { cc("clang", CC_CLANG, 14), cc("gcc", CC_GCC, 12) };
	struct cc_found only_clang[] = { cc("clang-22", CC_CLANG, 22) };
	struct cc_found only_old_clang[] = { cc("clang", CC_CLANG, 14) };
	struct cc_found only_gcc[] = { cc("gcc-14", CC_GCC, 14), cc("gcc", CC_GCC, 12) };
	struct cc_found mute[] = { cc("clang-99", CC_CLANG, 0), cc("gcc", CC_GCC, 12) };
	struct pyversion v2 = { 2, 7, 18, "" };
	struct toolsets ts = { NULL, 0, here, 4 };
	struct cc_choice c;

	/* 3.14+: the newest clang >= 19 (the tail-calling interpreter) */
	CHECK_STR(pick(14, here, 4), "clang-22");
	CHECK_STR(pick(15, here, 4), "clang-22");
	CHECK_STR(pick(14, here + 1, 3), "clang-19");
	/* 3.14 without a clang >= 19: gcc, else the old clang */
	CHECK_STR(pick(14, old_clang, 2), "gcc");
	CHECK_STR(pick(14, only_old_clang, 1), "clang");
	/* 3.9-3.13: gcc (clang's 33 KB bytecode-loop frame), the newest */
	CHECK_STR(pick(13, here, 4), "gcc");
	CHECK_STR(pick(9, here, 4), "gcc");
	CHECK_STR(pick(13, only_gcc, 2), "gcc-14");
	/* no gcc at all: clang */
	CHECK_STR(pick(13, only_clang, 1), "clang-22");
	/* a compiler that did not say its version is never picked */
	CHECK_STR(pick(14, mute, 2), "gcc");
	/* nothing found, or not Python 3: no choice */
	CHECK_STR(pick(14, here, 0), "(none)");
	choose_cc(&v2, &ts, &c);
	CHECK(c.cc == NULL);
	/* every choice says why and from where */
	{
		struct pyversion v = { 3, 14, 0, "" };

		choose_cc(&v, &ts, &c);
		CHECK(c.why && strstr(c.why, "tail-calling"));
		CHECK(c.source && strstr(c.source, "128718"));
		v.minor = 13;
		choose_cc(&v, &ts, &c);
		CHECK(c.why && strstr(c.why, "33 KB"));
		CHECK_INT(c.major, 12);
	}
	return T_DONE();
}
