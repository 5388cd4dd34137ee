/* toolchain.c - the small facts about toolchains that detect, probe,
 * decide and the build share: LTO mode names and flags, the linker table,
 * and the PGO flag placeholders. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "toolchain.h"

const struct linker_info linker_tab[LK_N] = {
	[LK_BFD] = { "bfd", { "ld.bfd", NULL } },
	[LK_GOLD] = { "gold", { "ld.gold", NULL } },
	[LK_LLD] = { "lld", { "ld.lld", NULL } },
	[LK_MOLD] = { "mold", { "ld.mold", "mold" } },
};

const char *linker_label(int lk)
{
	return lk < 0 || lk >= LK_N ? "the default linker" : linker_tab[lk].name;
}

static const char *const lto_names[] = { "off", "full", "thin", "auto" };

const char *lto_name(enum lto_mode m)
{
	return (unsigned)m < 4 ? lto_names[m] : "off";
}

int lto_parse(const char *s, enum lto_mode *m)
{
	for (int i = 0; i < 4; i++)
		if (!strcmp(s, lto_names[i])) {
			*m = (enum lto_mode)i;
			return 0;
		}
	if (!strcmp(s, "no")) { *m = LTO_OFF; return 0; }
	if (!strcmp(s, "yes")) { *m = LTO_AUTO; return 0; }
	return -1;
}

void lto_flags_for(const struct toolchain *tc, enum lto_mode mode, struct strvec *f)
{
	if (tc->family == CC_GCC) {
		if (tc->version.major >= 10)
			sv_push(f, "-flto=auto");
		else
			sv_pushf(f, "-flto=%ld", tc->cores > 0 ? tc->cores : 1);
	} else {
		sv_push(f, mode == LTO_THIN ? "-flto=thin" : "-flto");
	}
}

static char *gcda_mangle(const char *path)
{
	char *m = xstrdup(path);

	for (char *p = m; *p; p++)
		if (*p == '/')
			*p = '#';
	return m;
}

char *gcda_prefix(const char *obj_dir)
{
	char *dir = xasprintf("%s/", obj_dir), *m = gcda_mangle(dir);

	free(dir);
	return m;
}

char *gcda_name(const char *obj_dir, const char *rel)
{
	size_t n = endswith(rel, ".o") ? strlen(rel) - 2 : strlen(rel);
	char *path = xasprintf("%s/%.*s.gcda", obj_dir, (int)n, rel), *m = gcda_mangle(path);

	free(path);
	return m;
}

char *gcda_object(const char *obj_dir, const char *name)
{
	char *prefix = gcda_prefix(obj_dir), *rel = NULL;

	if (startswith(name, prefix) && endswith(name, ".gcda")) {
		rel = xasprintf("%.*s.o", (int)(strlen(name) - strlen(prefix) - 5), name + strlen(prefix));
		for (char *p = rel; *p; p++)
			if (*p == '#')
				*p = '/';
	}
	free(prefix);
	return rel;
}

void cc_words(const struct toolchain *tc, struct strvec *out)
{
	for (size_t i = (size_t)tc->cc_index; i < tc->cc.n; i++)
		sv_push(out, tc->cc.v[i]);
}

int uses_ccache(const struct toolchain *tc)
{
	return tc->launcher && !strcmp(path_base(tc->launcher), "ccache");
}

void flags_subst(struct strvec *out, char *const *flags, const char *rawdir, const char *profdir)
{
	const char *pairs[] = { "@RAWDIR@", rawdir, "@PROFDIR@", profdir, NULL };

	for (; flags && *flags; flags++) {
		struct strbuf sb = STRBUF_INIT;

		sb_subst(&sb, *flags, pairs);
		sv_push(out, sb_str(&sb));
		sb_release(&sb);
	}
}
