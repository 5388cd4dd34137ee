/* parse.c - pure parsers for compiler and tool self-descriptions. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "util.h"

const char *family_name(enum family f)
{
	switch (f) {
	case CC_GCC: return "gcc";
	case CC_CLANG: return "clang";
	case CC_APPLE_CLANG: return "apple-clang";
	case CC_ICX: return "icx";
	default: return "unknown";
	}
}

int version_from_string(const char *s, struct version *v)
{
	const char *p = s;
	int parts[3] = { -1, -1, -1 }, n = 0;
	size_t len;

	if (!isdigit((unsigned char)*p))
		return -1;
	while (n < 3 && isdigit((unsigned char)*p)) {
		parts[n++] = (int)strtol(p, (char **)&p, 10);
		if (*p != '.' || !isdigit((unsigned char)p[1]))
			break;
		p++;
	}
	len = (size_t)(p - s);
	if (len >= sizeof(v->str))
		len = sizeof(v->str) - 1;
	v->major = parts[0];
	v->minor = parts[1];
	v->patch = parts[2];
	memcpy(v->str, s, len);
	v->str[len] = '\0';
	return 0;
}

/* A version token: digits '.' digits, not glued to a letter or a '-' before. */
static const char *find_dotted(const char *s)
{
	for (const char *p = s; *p; p++) {
		if (!isdigit((unsigned char)*p))
			continue;
		if (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '.' || p[-1] == '-' || p[-1] == '_'))
			continue;
		const char *q = p;

		while (isdigit((unsigned char)*q))
			q++;
		if (*q == '.' && isdigit((unsigned char)q[1]))
			return p;
	}
	return NULL;
}

/* Copy line without parenthesised text. */
static char *strip_parens(const char *line, size_t len)
{
	char *out = xmalloc(len + 1);
	size_t n = 0;
	int depth = 0;

	for (size_t i = 0; i < len; i++) {
		if (line[i] == '(')
			depth++;
		else if (line[i] == ')' && depth > 0)
			depth--;
		else if (depth == 0)
			out[n++] = line[i];
	}
	out[n] = '\0';
	return out;
}

int parse_version(const char *text, struct version *v)
{
	const char *line = text;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char *s = strip_parens(line, len);
		const char *kw = strstr(s, "version ");
		const char *tok = NULL;

		if (kw)
			tok = find_dotted(kw + 8);
		if (!tok)
			tok = find_dotted(s);
		if (tok && version_from_string(tok, v) == 0) {
			free(s);
			return 0;
		}
		free(s);
		line = end ? end + 1 : NULL;
	}
	return -1;
}

int version_cmp(const struct version *a, const struct version *b)
{
	if (a->major != b->major)
		return a->major < b->major ? -1 : 1;
	if (a->minor != b->minor)
		return a->minor < b->minor ? -1 : 1;
	if (a->patch != b->patch)
		return a->patch < b->patch ? -1 : 1;
	return 0;
}

char *macro_value(const char *dm, const char *name)
{
	size_t nlen = strlen(name);

	for (const char *line = dm; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);

		if (len > 8 + nlen && !strncmp(line, "#define ", 8) &&
		    !strncmp(line + 8, name, nlen) && (line[8 + nlen] == ' ' || line[8 + nlen] == '\n'))
			return xstrndup(line + 9 + nlen, len - 9 - nlen);
		if (len == 8 + nlen && !strncmp(line, "#define ", 8) && !strncmp(line + 8, name, nlen))
			return xstrdup("");
		line = end ? end + 1 : NULL;
	}
	return NULL;
}

static int macro_int(const char *dm, const char *name)
{
	char *v = macro_value(dm, name);
	int n = v ? atoi(v) : -1;

	free(v);
	return n;
}

enum family parse_macros(const char *dm, struct version *v)
{
	enum family f = CC_UNKNOWN;
	char *icx = macro_value(dm, "__INTEL_LLVM_COMPILER");
	char *apple = macro_value(dm, "__apple_build_version__");
	char *clang = macro_value(dm, "__clang__");
	char *gnuc = macro_value(dm, "__GNUC__");

	memset(v, 0, sizeof(*v));
	v->major = v->minor = v->patch = -1;
	if (icx) {
		/* 20240000 -> 2024.0.0 */
		long n = atol(icx);

		f = CC_ICX;
		v->major = (int)(n / 10000);
		v->minor = (int)(n / 100 % 100);
		v->patch = (int)(n % 100);
	} else if (clang) {
		f = apple ? CC_APPLE_CLANG : CC_CLANG;
		v->major = macro_int(dm, "__clang_major__");
		v->minor = macro_int(dm, "__clang_minor__");
		v->patch = macro_int(dm, "__clang_patchlevel__");
	} else if (gnuc) {
		f = CC_GCC;
		v->major = macro_int(dm, "__GNUC__");
		v->minor = macro_int(dm, "__GNUC_MINOR__");
		v->patch = macro_int(dm, "__GNUC_PATCHLEVEL__");
	}
	if (f != CC_UNKNOWN)
		snprintf(v->str, sizeof(v->str), "%d.%d.%d", v->major, v->minor, v->patch);
	free(icx);
	free(apple);
	free(clang);
	free(gnuc);
	return f;
}

enum family banner_family(const char *text)
{
	if (strstr(text, "Intel(R) oneAPI") || strstr(text, "icx"))
		return CC_ICX;
	if (strstr(text, "Apple clang") || strstr(text, "Apple LLVM"))
		return CC_APPLE_CLANG;
	if (strstr(text, "clang version"))
		return CC_CLANG;
	if (strstr(text, "Free Software Foundation") || strstr(text, "(GCC)") ||
	    strstr(text, "GCC") || startswith(text, "gcc") || startswith(text, "cc "))
		return CC_GCC;
	return CC_UNKNOWN;
}

const char *banner_vendor(const char *text)
{
	static const struct { const char *needle, *vendor; } tab[] = {
		{ "Debian", "Debian" }, { "Ubuntu", "Ubuntu" }, { "Red Hat", "Fedora/Red Hat" },
		{ "Fedora", "Fedora/Red Hat" }, { "Apple", "Apple" }, { "Homebrew", "Homebrew" },
		{ "Intel(R)", "Intel" }, { "conda-forge", "conda-forge" }, { "Alpine", "Alpine" },
		{ "SUSE", "SUSE" },
	};
	const char *nl = strchr(text, '\n');
	size_t len = nl ? (size_t)(nl - text) : strlen(text);

	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		const char *p = strstr(text, tab[i].needle);

		if (p && (size_t)(p - text) < len)
			return tab[i].vendor;
	}
	return "upstream";
}

char *banner_installed_dir(const char *text)
{
	const char *p = strstr(text, "InstalledDir: ");
	const char *end;

	if (!p)
		return NULL;
	p += 14;
	end = strchr(p, '\n');
	return end ? xstrndup(p, (size_t)(end - p)) : xstrdup(p);
}

int parse_triple(const char *s, struct triple *t)
{
	char buf[160];
	char *parts[4] = { 0 };
	int n = 0;

	memset(t, 0, sizeof(*t));
	if (!s || !*s || strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	buf[strcspn(buf, "\r\n")] = '\0';
	for (char *p = buf, *save = NULL, *tok; (tok = strtok_r(p, "-", &save)); p = NULL)
		if (n < 4)
			parts[n++] = tok;
	if (n < 2)
		return -1;
	snprintf(t->arch, sizeof(t->arch), "%s", parts[0]);
	if (n == 2) { /* arch-os */
		snprintf(t->os, sizeof(t->os), "%s", parts[1]);
	} else if (n == 3 && (!strcmp(parts[1], "linux") || !strcmp(parts[1], "freebsd"))) {
		/* x86_64-linux-gnu: Debian's vendorless form */
		snprintf(t->os, sizeof(t->os), "%s", parts[1]);
		snprintf(t->env, sizeof(t->env), "%s", parts[2]);
	} else {
		snprintf(t->vendor, sizeof(t->vendor), "%s", parts[1]);
		snprintf(t->os, sizeof(t->os), "%s", parts[2]);
		if (n == 4)
			snprintf(t->env, sizeof(t->env), "%s", parts[3]);
	}
	return 0;
}

int word_is_garbage(const char *w)
{
	/* '$' alone stays allowed: -Wl,-rpath,$ORIGIN is a real LDFLAGS idiom */
	if (strstr(w, "$("))
		return 1;
	for (const unsigned char *c = (const unsigned char *)w; *c; c++)
		if (strchr(";|&`<>", *c) || *c < 0x20 || *c == 0x7f)
			return 1;
	return 0;
}

int is_launcher(const char *word)
{
	static const char *const tab[] = { "ccache", "sccache", "distcc", "icecc", "buildcache", NULL };
	const char *b = path_base(word);

	for (int i = 0; tab[i]; i++)
		if (!strcmp(b, tab[i]))
			return 1;
	return 0;
}
