/* staticlib.h - the installed static libpython, linkable without LTO.
 *
 * The final build's objects hold only LTO code (gcc's slim objects, LLVM
 * bitcode), so the libpython3.X.a that `make install` copies cannot be
 * linked by another compiler, or by this one without LTO (cpython #11's
 * Homebrew case).  The install phase compiles each such member to machine
 * code, one object at a time with the profile it carries, and replaces the
 * installed archive; members keep their names and order, and the
 * interpreter itself (linked with LTO across objects) is not touched. */
#ifndef OPTPY_STATICLIB_H
#define OPTPY_STATICLIB_H

struct build;

/* What a member of an archive holds. */
enum member_code {
	CODE_MACHINE,          /* machine code (a plain or fat LTO object) */
	CODE_GCC_SLIM,         /* gcc's LTO streams only */
	CODE_BITCODE           /* LLVM bitcode */
};
enum member_code member_code_of(const char *data, unsigned long len);

/* Every regular file named libpython3.X*.a (this version's) below root,
 * the installed prefix (links not followed), and the python.o CPython
 * installs beside it (config-3.X/): rewritten with machine code where it
 * held only LTO code.  Results go to b->res as "static_libraries" and
 * "objects".  0, or the phase's failure. */
int install_static_libs(struct build *b, const char *root);

#endif
