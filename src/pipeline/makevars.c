/* makevars.c - the make variables of each build (see makevars.h). */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "makevars.h"

char *makefile_var(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *line = text; line && *line;) {
		const char *p = line;

		if (!strncmp(p, name, n)) {
			p += n;
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p == '=') {
				p++;
				while (*p == ' ' || *p == '\t')
					p++;
				return xstrndup(p, strcspn(p, "\n"));
			}
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return NULL;
}

char *opt_without_g(const char *opt)
{
	struct strvec words = { 0 };
	struct strbuf out = STRBUF_INIT;
	int dropped = 0;
	char *res = NULL;

	if (strchr(opt, '$') || strchr(opt, '\\') || sv_split(&words, opt) < 0) {
		sv_clear(&words);
		return NULL;
	}
	for (size_t i = 0; i < words.n; i++) {
		const char *w = words.v[i];

		if (!strcmp(w, "-g") || !strcmp(w, "-ggdb") ||
		    (startswith(w, "-g") && w[2] >= '0' && w[2] <= '3' && !w[3])) {
			dropped = 1;
			continue;
		}
		if (out.len)
			sb_addc(&out, ' ');
		sb_adds(&out, w);
	}
	if (dropped)
		res = xstrdup(sb_str(&out));
	sb_release(&out);
	sv_clear(&words);
	return res;
}

/* SOURCE_DATE_EPOCH set: the build is to be reproducible. */
static int reproducible(const struct build *b)
{
	const char *s = env_get(&b->o.env, "SOURCE_DATE_EPOCH");

	return s && *s;
}

void build_repro_flags(const struct build *b, struct strvec *out)
{
	if (!reproducible(b))
		return;
	/* no build directory in the binaries (debug info; the switches gcc
	 * records would name the profile's path) */
	sv_pushf(out, "-ffile-prefix-map=%s=/optpy-build", b->bdir);
	sv_push(out, "-gno-record-gcc-switches");
}

static void add_flag(struct strbuf *sb, const char *f)
{
	if (sb->len)
		sb_addc(sb, ' ');
	sb_adds(sb, f);
}

static void add_flags(struct strbuf *sb, char *const *v)
{
	for (; v && *v; v++)
		add_flag(sb, *v);
}

/* OPT as configure wrote it into obj/Makefile, or NULL. */
static char *configured_opt(const struct build *b)
{
	char *mk = path_join(b->obj, "Makefile");
	char *text = read_file_flags(mk, NULL, O_NOFOLLOW);
	char *opt = text ? makefile_var(text, "OPT") : NULL;

	free(mk);
	free(text);
	return opt;
}

/* The configured OPT without debug-info flags: -g does not change the code
 * the compiler generates, so the instrumented build (which nobody debugs)
 * skips it and compiles faster; the final build keeps the configured OPT. */
static char *instrument_opt(const struct build *b)
{
	char *opt = configured_opt(b);
	char *res = opt ? opt_without_g(opt) : NULL;

	free(opt);
	return res;
}

char *opt_at_level(const char *opt, const char *level)
{
	char *nog = opt_without_g(opt);
	struct strvec words = { 0 };
	struct strbuf out = STRBUF_INIT;
	char *res = NULL;

	if (strpbrk(opt, "$`\\'\"") || sv_split(&words, nog ? nog : opt) < 0)
		goto out;
	for (size_t i = 0; i < words.n; i++) {
		const char *w = words.v[i];

		if (out.len)
			sb_addc(&out, ' ');
		sb_adds(&out, w[0] == '-' && w[1] == 'O' ? level : w);
	}
	res = xstrdup(sb_str(&out));
out:
	free(nog);
	sv_clear(&words);
	sb_release(&out);
	return res;
}

void build_tool_vars(struct build *b, struct strvec *vars)
{
	char *opt = configured_opt(b);
	char *low = opt ? opt_at_level(opt, "-O0") : NULL;
	const char *ucf = env_get(&b->o.env, "CFLAGS_NODIST"), *ulf = env_get(&b->o.env, "LDFLAGS_NODIST");

	if (low)
		sv_pushf(vars, "OPT=%s", low);
	sv_pushf(vars, "CFLAGS_NODIST=%s", ucf ? ucf : "");
	sv_pushf(vars, "LDFLAGS_NODIST=%s", ulf ? ulf : "");
	free(opt);
	free(low);
}

/* The profile's flags: instrumenting (the link too: the profiling
 * runtime) or reading it (the final link's own). */
static void pgo_make_flags(struct build *b, int final, struct strbuf *cf, struct strbuf *lf)
{
	struct strvec pgo = { 0 };

	if (b->pgo) {
		/* a reproducible final build names the profile relative to obj/,
		 * where make runs: LTO objects record their command lines */
		char *own = b->bdir ? path_join(b->bdir, "profile/data") : NULL;
		const char *profdir = final && reproducible(b) && own && !strcmp(b->profdir, own)
				      ? "../profile/data" : b->profdir;

		flags_subst(&pgo, final ? b->d.pgo_use.v : b->d.pgo_gen.v, b->rawdir, profdir);
		free(own);
	}
	add_flags(cf, pgo.v);
	if (b->march) {
		/* both builds (the profile fits the code it was made on) and the
		 * link (LTO writes the machine code there) */
		add_flag(cf, b->march);
		add_flag(lf, b->march);
	}
	if (!final)
		add_flags(lf, pgo.v); /* the instrumented link needs the profiling runtime */
	else if (b->pgo)
		add_flags(lf, b->d.pgo_link.v);
	if (final && b->pgo && b->o.use_profile && b->o.allow_mismatch && b->tc.family == CC_GCC) {
		/* a stored profile that does not fit: used where it does, counted
		 * where it does not (gcc makes a mismatch an error by default) */
		add_flag(cf, "-Wno-error=coverage-mismatch");
	}
	sv_clear(&pgo);
}

/* The final build's own: reproducible paths, LTO, what BOLT needs. */
static void final_make_flags(struct build *b, struct strbuf *cf, struct strbuf *lf)
{
	struct strvec rf = { 0 };

	/* the link too: gcc's LTO writes the code, and its debug info names
	 * the directory it runs in (CPython links without CFLAGS) */
	build_repro_flags(b, &rf);
	add_flags(cf, rf.v);
	add_flags(lf, rf.v);
	sv_clear(&rf);
	if (b->d.lto != LTO_OFF) {
		add_flags(cf, b->d.lto_cflags.v);
		add_flags(lf, b->d.lto_ldflags.v);
		if (b->o.fat_lto && b->tc.family == CC_GCC)
			add_flag(cf, "-ffat-lto-objects");
	}
	if (b->bolt) {
		/* what BOLT needs of the final link, as CPython's --enable-bolt sets:
		 * relocations kept; gcc must not split functions itself (measured:
		 * llvm-bolt 19 on a gcc 12 binary with split .cold parts made an
		 * interpreter that could not start, "failed to initialize importlib") */
		if (b->tc.family == CC_GCC)
			add_flag(cf, "-fno-reorder-blocks-and-partition");
		add_flag(lf, "-Wl,--emit-relocs");
	}
}

void build_make_vars(struct build *b, int final, struct strvec *vars)
{
	struct strbuf cf = STRBUF_INIT, lf = STRBUF_INIT;
	struct strvec ocf = { 0 }, olf = { 0 };
	const char *ucf = env_get(&b->o.env, "CFLAGS_NODIST"), *ulf = env_get(&b->o.env, "LDFLAGS_NODIST");

	if (ucf && *ucf)
		sb_adds(&cf, ucf);
	if (ulf && *ulf)
		sb_adds(&lf, ulf);
	pgo_make_flags(b, final, &cf, &lf);
	if (final)
		final_make_flags(b, &cf, &lf);
	/* what the version's --enable-optimizations adds, to both builds as in
	 * the stock flow: -fno-semantic-interposition changes what gcc inlines
	 * in position-independent code (--enable-shared), so a profile trained
	 * without it does not fit a final build with it (coverage mismatch) */
	cpython_opt_flags(b->facts, b->tc.family, &ocf, &olf);
	add_flags(&cf, ocf.v);
	add_flags(&lf, olf.v);
	if (!final && b->pgo) {
		char *opt = instrument_opt(b);

		if (opt)
			sv_pushf(vars, "OPT=%s", opt);
		free(opt);
	}
	sv_pushf(vars, "CFLAGS_NODIST=%s", sb_str(&cf));
	sv_pushf(vars, "LDFLAGS_NODIST=%s", sb_str(&lf));
	sb_release(&cf);
	sb_release(&lf);
	sv_clear(&ocf);
	sv_clear(&olf);
}
