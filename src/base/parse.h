/* parse.h - pure parsers for what compilers and tools print about
 * themselves: version banners, predefined macros, target triples. */
#ifndef OPTPY_PARSE_H
#define OPTPY_PARSE_H

struct version {
	int major, minor, patch;  /* -1 when absent */
	char str[32];             /* as printed, e.g. "12.2.0" */
};

enum family { CC_UNKNOWN, CC_GCC, CC_CLANG, CC_APPLE_CLANG, CC_ICX };

const char *family_name(enum family f);

/* The first version number on the first line that has one, after removing
 * parenthesised text and preferring what follows the word "version".
 * Returns 0 and fills v, or -1. */
int parse_version(const char *text, struct version *v);
int version_cmp(const struct version *a, const struct version *b);
int version_from_string(const char *s, struct version *v);

/* From `cc -dM -E -x c /dev/null`: family and version by the compiler's own
 * predefined macros.  Returns the family (CC_UNKNOWN when none matched). */
enum family parse_macros(const char *dm, struct version *v);
/* Value of one macro in -dM output (malloc'd) or NULL. */
char *macro_value(const char *dm, const char *name);

/* From `--version`: the family a banner claims, and its vendor (Debian,
 * Ubuntu, Fedora, Apple, Homebrew, Intel, or upstream). */
enum family banner_family(const char *text);
const char *banner_vendor(const char *text);
/* clang's "InstalledDir: /usr/lib/llvm-14/bin" (malloc'd) or NULL */
char *banner_installed_dir(const char *text);

struct triple {
	char arch[32], vendor[32], os[32], env[32];
};
int parse_triple(const char *s, struct triple *t);

/* One word CC/CFLAGS are made of is unsafe if it holds shell syntax that
 * only a shell would interpret: then CC was meant for a shell, not argv. */
int word_is_garbage(const char *w);
/* Launchers that wrap a compiler in CC ("ccache gcc"). */
int is_launcher(const char *word);

#endif
