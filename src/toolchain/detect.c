/* detect.c - learn the compiler, platform and tools by asking them: the
 * compiler's predefined macros, -dumpmachine and --version; never the name
 * of $CC. */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "err.h"
#include "run.h"
#include "toolchain.h"
#include "toolsets.h"

#define QUICK 20.0 /* seconds for a version query */

/* argv = CC words + extra args */
static int cc_run(const struct toolchain *tc, const char *const *extra, struct strbuf *out)
{
	struct strvec argv = { 0 };
	int rc;

	/* the launcher is skipped: ask the compiler itself */
	cc_words(tc, &argv);
	sv_pushv(&argv, tc->cflags.v);
	for (; *extra; extra++)
		sv_push(&argv, *extra);
	rc = run_capture(tc->runs, argv.v, env_vector(tc->env), out, QUICK);
	sv_clear(&argv);
	return rc;
}

static char *first_line(const char *s)
{
	size_t n = strcspn(s, "\n");

	return xstrndup(s, n);
}

/* Fill t from `path args...`; returns 0 when it answered with a version. */
static int tool_query(const struct toolchain *tc, struct tool *t, const char *path, const char *arg1,
		      const char *arg2)
{
	struct strbuf out = STRBUF_INIT;
	char *argv[4] = { (char *)path, (char *)arg1, (char *)arg2, NULL };
	int rc;

	rc = run_capture(tc->runs, argv, NULL, &out, QUICK); /* a tool's version: any environment */
	if (rc == 0 && parse_version(sb_str(&out), &t->ver) == 0) {
		free(t->path);
		free(t->banner);
		t->path = xstrdup(path);
		t->banner = first_line(sb_str(&out));
		sb_release(&out);
		return 0;
	}
	sb_release(&out);
	return -1;
}

/* First candidate that exists and answers a version query. */
static int tool_find(const struct toolchain *tc, struct tool *t, const char *role, char *const *cands,
		     const char *arg1, const char *arg2)
{
	t->role = role;
	for (; *cands; cands++) {
		char *p = which(*cands);

		if (p && tool_query(tc, t, p, arg1, arg2) == 0) {
			free(p);
			return 0;
		}
		free(p);
	}
	return -1;
}

static int split_env_flags(const struct toolchain *tc, struct strvec *sv, const char *name, struct err *e)
{
	const char *v = env_get(tc->env, name);

	if (!v)
		return 0;
	if (sv_split(sv, v) < 0)
		return err_set(e, EXIT_BAD_ENV, "%s has an unbalanced quote: %s\n"
			       "  fix: quote each flag on its own, e.g. %s='-O2 -g'", name, v, name);
	for (size_t i = 0; i < sv->n; i++)
		if (word_is_garbage(sv->v[i]))
			return err_set(e, EXIT_BAD_ENV, "%s holds shell syntax, not compiler flags: '%s'\n"
				       "  fix: set %s to plain flags (optpy runs the compiler without a shell)",
				       name, sv->v[i], name);
	return 0;
}

static int parse_cc(struct toolchain *tc, const char *cc, struct err *e)
{
	tc->cc_string = xstrdup(cc);
	/* a compiler path with blanks in it ("/opt/my tools/gcc") is one word */
	if (strchr(cc, ' ') && strchr(cc, '/') && is_exec(cc))
		sv_push(&tc->cc, cc);
	else if (sv_split(&tc->cc, cc) < 0)
		return err_set(e, EXIT_BAD_ENV, "CC has an unbalanced quote: %s\n"
			       "  fix: set CC to a compiler and its flags, e.g. CC='gcc -m64'", cc);
	if (tc->cc.n == 0)
		return err_set(e, EXIT_BAD_ENV, "CC is empty\n  fix: set CC to a compiler, e.g. CC=gcc, or unset it");
	for (size_t i = 0; i < tc->cc.n; i++)
		if (word_is_garbage(tc->cc.v[i]))
			return err_set(e, EXIT_BAD_ENV, "CC holds shell syntax, not a compiler: '%s'\n"
				       "  fix: set CC to a compiler and its flags, e.g. CC='ccache gcc'",
				       tc->cc.v[i]);
	tc->cc_index = 0;
	if (tc->cc.n > 1 && is_launcher(tc->cc.v[0])) {
		tc->launcher = xstrdup(tc->cc.v[0]);
		tc->cc_index = 1;
	}
	if (tc->cc.v[tc->cc_index][0] == '-')
		return err_set(e, EXIT_BAD_ENV, "CC starts with a flag, not a compiler: '%s'\n"
			       "  fix: put the compiler first, e.g. CC='gcc %s'", cc, tc->cc.v[tc->cc_index]);
	return 0;
}

static int detect_compiler(struct toolchain *tc, struct err *e)
{
	static const char *const dm_args[] = { "-dM", "-E", "-x", "c", "/dev/null", NULL };
	static const char *const machine_args[] = { "-dumpmachine", NULL };
	static const char *const version_args[] = { "--version", NULL };
	const char *name = tc->cc.v[tc->cc_index];
	struct strbuf out = STRBUF_INIT;
	char real[PATH_MAX];
	int rc;

	tc->compiler_path = which(name);
	if (!tc->compiler_path && tc->cc.n > 1 && strchr(name, '/'))
		return err_set(e, EXIT_NO_CC, "compiler '%s' not found: CC '%s' was split at blanks into "
			       "%zu words\n  fix: if the compiler's path has a blank in it, quote it inside CC, "
			       "e.g. CC='\"/opt/my tools/gcc\"'", name, tc->cc_string, tc->cc.n);
	if (!tc->compiler_path)
		return err_set(e, EXIT_NO_CC, "compiler '%s' not found%s\n"
			       "  fix: %s", name, strchr(name, '/') ? "" : " on PATH",
			       strchr(name, '/') ? "give the path of an installed compiler in CC or --cc"
			       : "install it (e.g. apt-get install gcc) or set CC / --cc to an installed compiler");
	tc->real_path = xstrdup(realpath(tc->compiler_path, real) ? real : tc->compiler_path);

	rc = cc_run(tc, dm_args, &out);
	if (rc == RUN_TIMEOUT)
		return err_set(e, EXIT_NO_CC, "compiler '%s' did not answer within %.0f s (asked for its "
			       "predefined macros)", name, QUICK);
	if (rc != 0) {
		struct strbuf tail = STRBUF_INIT;

		sb_tail_lines(&tail, sb_str(&out), 4);
		rc = err_set(e, rc >= 128 ? EXIT_NO_CC : EXIT_BAD_ENV,
			     "'%s%s%s' cannot preprocess an empty C file (exit %d):\n%s\n"
			     "  fix: check CC and CFLAGS (a flag the compiler rejects?)",
			     tc->cc_string, tc->cflags.n ? " " : "", tc->cflags.n ? "$CFLAGS" : "", rc,
			     sb_str(&tail));
		sb_release(&tail);
		sb_release(&out);
		return rc;
	}
	tc->dm = sb_detach(&out);
	tc->family = parse_macros(tc->dm, &tc->version);

	if (cc_run(tc, version_args, &out) == 0) {
		tc->banner = first_line(sb_str(&out));
		tc->vendor = banner_vendor(sb_str(&out));
		tc->installed_dir = banner_installed_dir(sb_str(&out));
		/* the banner's version is more precise for Apple/vendor builds */
		if (tc->family == CC_UNKNOWN) {
			struct version v;

			if (parse_version(sb_str(&out), &v) == 0)
				tc->version = v;
		}
	}
	sb_reset(&out);
	if (cc_run(tc, machine_args, &out) == 0) {
		sb_trim(&out);
		tc->triple = sb_detach(&out);
	}
	sb_release(&out);
	if (!tc->triple)
		tc->triple = xstrdup("unknown");
	return 0;
}

static void detect_platform(struct toolchain *tc)
{
	struct utsname u;
	long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);
	char buf[64];
	struct triple t;

	if (uname(&u) == 0) {
		snprintf(tc->os, sizeof(tc->os), "%.60s %.60s", u.sysname, u.release);
		snprintf(tc->arch, sizeof(tc->arch), "%.63s", u.machine);
	}
	tc->cores = sysconf(_SC_NPROCESSORS_ONLN);
	tc->mem_bytes = pages > 0 && psize > 0 ? (long long)pages * psize : 0;
	parse_triple(tc->triple, &t);
	/* the target's libc: the triple says which, the running one says its version */
	if (strstr(t.env, "musl"))
		snprintf(tc->libc, sizeof(tc->libc), "musl");
	else if (strstr(tc->triple, "darwin") || strstr(tc->triple, "apple"))
		snprintf(tc->libc, sizeof(tc->libc), "libSystem");
	else
		snprintf(tc->libc, sizeof(tc->libc), "%s", t.env[0] ? "glibc" : "unknown");
#ifdef _CS_GNU_LIBC_VERSION
	if (confstr(_CS_GNU_LIBC_VERSION, buf, sizeof(buf)) > 0 && startswith(buf, "glibc ")) {
		snprintf(tc->libc_version, sizeof(tc->libc_version), "%.60s", buf + 6);
		if (!strcmp(tc->libc, "unknown"))
			snprintf(tc->libc, sizeof(tc->libc), "glibc");
	}
#endif
	(void)buf;
}

/* Candidate names: $ENV alone when set, else <dir>/<name>, <name>-<major>, <name> */
static void cands_llvm(struct strvec *c, const struct toolchain *tc, const char *env, const char *name)
{
	const char *e = env ? env_get(tc->env, env) : NULL;

	/* the user's choice is the only candidate: no silent fallback to another */
	if (e && *e) {
		sv_push(c, e);
		return;
	}
	if (tc->installed_dir)
		sv_pushf(c, "%s/%s", tc->installed_dir, name);
	if (tc->version.major > 0)
		sv_pushf(c, "%s-%d", name, tc->version.major);
	sv_push(c, name);
}

static void detect_archiver(struct toolchain *tc)
{
	struct strvec c = { 0 };
	const char *ar = env_get(tc->env, "AR");

	if (tc->family == CC_GCC) {
		/* gcc-ar beside the real compiler: x86_64-linux-gnu-gcc-12 -> ...-gcc-ar-12 */
		const char *base = path_base(tc->real_path);
		const char *g = strstr(base, "gcc");

		if (g) {
			char *dir = xstrndup(tc->real_path, (size_t)(base - tc->real_path));

			sv_pushf(&c, "%s%.*sgcc-ar%s", dir, (int)(g - base), base, g + 3);
			free(dir);
		}
		if (tc->version.major > 0)
			sv_pushf(&c, "gcc-ar-%d", tc->version.major);
		sv_push(&c, "gcc-ar");
	} else if (tc->family == CC_CLANG || tc->family == CC_ICX) {
		const char *la = env_get(tc->env, "LLVM_AR");

		if (la && *la)
			ar = la; /* LLVM_AR wins for clang, as in CPython's configure */
		cands_llvm(&c, tc, NULL, "llvm-ar");
	} else {
		sv_push(&c, "ar");
	}
	/* an AR the user set is honoured even if it will not say its version */
	if (ar && *ar && (tc->ar.path = which(ar))) {
		tc->ar.role = "archiver";
		tc->ar.usable = 1;
		if (tool_query(tc, &tc->ar, tc->ar.path, "--version", NULL) < 0)
			tc->ar.note = xstrdup("from $AR; did not answer --version");
	} else if (tool_find(tc, &tc->ar, "archiver", c.v, "--version", NULL) == 0) {
		tc->ar.usable = 1;
	} else {
		tc->ar.note = xstrdup("no archiver answered --version");
	}
	sv_clear(&c);
}

static void detect_linkers(struct toolchain *tc)
{
	struct strvec c[LK_N] = { { 0 } };

	/* clang's own lld first: the one of its LLVM version */
	if (tc->family == CC_CLANG && tc->installed_dir)
		sv_pushf(&c[LK_LLD], "%s/ld.lld", tc->installed_dir);
	for (int i = 0; i < LK_N; i++)
		for (int j = 0; j < 2 && linker_tab[i].prog[j]; j++)
			sv_push(&c[i], linker_tab[i].prog[j]);
	if (tc->version.major > 0 && tc->family == CC_CLANG)
		sv_pushf(&c[LK_LLD], "ld.lld-%d", tc->version.major);
	for (int i = 0; i < LK_N; i++) {
		struct tool *t = &tc->linkers[i];

		if (tool_find(tc, t, linker_tab[i].name, c[i].v, "--version", NULL) == 0) {
			t->usable = 1;
			if (i == LK_BFD) {
				struct strbuf out = STRBUF_INIT;
				char *argv[] = { t->path, "--help", NULL };

				run_capture(tc->runs, argv, NULL, &out, QUICK);
				if (!strstr(sb_str(&out), "-plugin")) {
					t->note = xstrdup("built without plugin support: cannot link LTO objects");
					t->usable = 0;
				}
				sb_release(&out);
			}
		}
		sv_clear(&c[i]);
	}
}

/* llvm-bolt: $LLVM_BOLT alone when set; else clang's own LLVM's (its
 * InstalledDir, llvm-bolt-<its major>), then every LLVM tool set on the
 * machine that has llvm-bolt and merge-fdata, newest first (LLVM >= 21
 * rewrites the computed-goto loops older ones must skip: bolt.c's rules),
 * then a plain llvm-bolt. */
static void bolt_candidates(const struct toolchain *tc, struct strvec *c)
{
	const char *e = env_get(tc->env, "LLVM_BOLT");
	struct toolsets ts;

	if (e && *e) {
		sv_push(c, e);
		return;
	}
	if (tc->family == CC_CLANG) {
		if (tc->installed_dir)
			sv_pushf(c, "%s/llvm-bolt", tc->installed_dir);
		if (tc->version.major > 0)
			sv_pushf(c, "llvm-bolt-%d", tc->version.major);
	}
	toolsets_find(&ts, NULL);
	for (int i = 0; i < ts.nllvm; i++)
		if (ts.llvm[i].bolt && ts.llvm[i].merge_fdata)
			sv_push(c, ts.llvm[i].bolt);
	toolsets_free(&ts);
	sv_push(c, "llvm-bolt");
}

static void detect_llvm_tools(struct toolchain *tc)
{
	struct strvec c = { 0 };

	if (tc->family == CC_CLANG || tc->family == CC_APPLE_CLANG || tc->family == CC_ICX) {
		cands_llvm(&c, tc, "LLVM_PROFDATA", "llvm-profdata");
		/* LLVM 14's llvm-profdata has no --version; "merge --version" works in all */
		if (tool_find(tc, &tc->profdata, "llvm-profdata", c.v, "merge", "--version") == 0) {
			tc->profdata.usable = 1;
			if (tc->family == CC_CLANG && tc->profdata.ver.major != tc->version.major) {
				tc->profdata.note = xasprintf("LLVM %d, but the compiler is clang %d: "
							      "profile formats may differ",
							      tc->profdata.ver.major, tc->version.major);
			}
		}
		sv_clear(&c);
	}
	tc->profdata.role = "llvm-profdata";
	bolt_candidates(tc, &c);
	if (tool_find(tc, &tc->bolt, "llvm-bolt", c.v, "--version", NULL) == 0) {
		char real[PATH_MAX];
		char *dir;

		/* the real path: llvm-bolt finds its instrumentation runtime
		 * (libbolt_rt_instr.a) relative to where it really is */
		if (realpath(tc->bolt.path, real)) {
			free(tc->bolt.path);
			tc->bolt.path = xstrdup(real);
		}
		dir = xstrdup(tc->bolt.path);
		char *slash = strrchr(dir, '/');
		struct strvec m = { 0 };
		const char *suffix = strrchr(path_base(tc->bolt.path), '-');

		if (slash)
			*slash = '\0';
		/* merge-fdata of the same LLVM as llvm-bolt, or $MERGE_FDATA */
		const char *mf = env_get(tc->env, "MERGE_FDATA");

		if (mf && *mf) {
			sv_push(&m, mf);
		} else {
			if (suffix && strcmp(suffix, "-bolt"))
				sv_pushf(&m, "merge-fdata%s", suffix);
			sv_pushf(&m, "%s/merge-fdata", dir);
		}
		tc->bolt.usable = 1;
		tc->merge_fdata.role = "merge-fdata";
		for (size_t i = 0; i < m.n; i++) {
			char *p = which(m.v[i]);

			if (p) {
				tc->merge_fdata.path = p;
				tc->merge_fdata.ver = tc->bolt.ver;
				tc->merge_fdata.usable = 1;
				break;
			}
		}
		sv_clear(&m);
		free(dir);
	}
	tc->merge_fdata.role = "merge-fdata";
	sv_clear(&c);
	sv_push(&c, "perf");
	if (tool_find(tc, &tc->perf, "perf", c.v, "--version", NULL) == 0)
		tc->perf.usable = 1;
	sv_clear(&c);
}

static const char *default_cc(void)
{
	static const char *const tab[] = { "gcc", "cc", "clang", NULL };

	for (int i = 0; tab[i]; i++) {
		char *p = which(tab[i]);

		if (p) {
			free(p);
			return tab[i];
		}
	}
	return "cc";
}

/* The compiler and every probe write their temporary files in $TMPDIR: a
 * relative or missing one is said as such, not blamed on the compiler. */
static int check_tmpdir(const struct env *env, struct err *e)
{
	const char *t = env_get(env, "TMPDIR");

	if (!t || !*t)
		return 0;
	if (t[0] != '/')
		return err_set(e, EXIT_TMPDIR, "TMPDIR='%s' is a relative path; the compiler and "
			       "optpy's probes write their temporary files there\n  fix: unset TMPDIR or "
			       "give it an absolute directory", t);
	if (!is_dir(t) || access(t, W_OK | X_OK) < 0)
		return err_set(e, EXIT_TMPDIR, "TMPDIR=%s is not a writable directory (%s); the "
			       "compiler and optpy's probes write their temporary files there\n  fix: "
			       "unset TMPDIR or point it at a writable directory", t,
			       is_dir(t) ? "not writable" : "no such directory");
	return 0;
}

int detect_toolchain(struct toolchain *tc, const struct detect_opts *o, struct err *e)
{
	const char *cc = o->cc;
	int rc;

	memset(tc, 0, sizeof(*tc));
	tc->env = o->env;
	tc->runs = o->runs;
	if ((rc = check_tmpdir(o->env, e)))
		return rc;
	if (!cc)
		cc = env_get(o->env, "CC");
	if (!cc)
		cc = default_cc();
	if ((rc = parse_cc(tc, cc, e)) || (rc = split_env_flags(tc, &tc->cflags, "CFLAGS", e)) ||
	    (rc = split_env_flags(tc, &tc->ldflags, "LDFLAGS", e)) || (rc = detect_compiler(tc, e)))
		return rc;
	detect_platform(tc);
	detect_archiver(tc);
	detect_linkers(tc);
	detect_llvm_tools(tc);
	return 0;
}

/* x86-64 micro-architecture levels, each with what it adds to the one
 * before (the x86-64 psABI's table; /proc/cpuinfo's names). */
static const struct {
	const char *level;
	const char *flags;
} cpu_levels[] = {
	{ "v2", "cx16 lahf_lm popcnt sse4_1 sse4_2 ssse3" },
	{ "v3", "avx avx2 bmi1 bmi2 f16c fma abm movbe xsave" },
	{ "v4", "avx512f avx512bw avx512cd avx512dq avx512vl" },
};

int cpu_level_flag(const struct toolchain *tc, const char *level, char **march, struct err *e)
{
	char *info = read_file("/proc/cpuinfo", NULL), *line, *flag;
	struct strbuf missing = STRBUF_INIT, out = STRBUF_INIT;
	struct strvec argv = { 0 };
	int rc = 0, upto = -1;

	*march = NULL;
	for (size_t i = 0; i < sizeof(cpu_levels) / sizeof(cpu_levels[0]); i++)
		if (!strcmp(level, cpu_levels[i].level))
			upto = (int)i;
	if (strcmp(tc->arch, "x86_64"))
		rc = err_set(e, EXIT_USAGE, "--cpu-level is for x86-64; this machine is %s\n  fix: leave "
			     "--cpu-level out", tc->arch);
	else if (upto < 0 && strcmp(level, "native"))
		rc = err_set(e, EXIT_USAGE, "--cpu-level %s: not a level (v2, v3, v4 or native)", level);
	if (rc)
		goto out;
	line = info ? strstr(info, "\nflags") : NULL;
	for (int i = 0; i <= upto; i++) {
		struct strvec want = { 0 };

		sv_split(&want, cpu_levels[i].flags);
		for (size_t k = 0; k < want.n; k++) {
			char *pat = xasprintf(" %s", want.v[k]);
			char *eol = line ? strchr(line + 1, '\n') : NULL;

			flag = line ? strstr(line, pat) : NULL;
			if (!flag || (eol && flag > eol) || (flag[strlen(pat)] != ' ' && flag[strlen(pat)] != '\n'))
				sb_addf(&missing, "%s%s", missing.len ? " " : "", want.v[k]);
			free(pat);
		}
		sv_clear(&want);
	}
	if (missing.len) {
		rc = err_set(e, EXIT_USAGE, "--cpu-level %s: this machine's CPU lacks %s, so an interpreter "
			     "built for it could not be trained or verified here\n  fix: a lower level (or "
			     "native), on this machine", level, sb_str(&missing));
		goto out;
	}
	*march = !strcmp(level, "native") ? xstrdup("-march=native") : xasprintf("-march=x86-64-%s", level);
	/* the compiler must take it (gcc 11+, clang 12+) */
	cc_words(tc, &argv);
	sv_push(&argv, *march);
	sv_push(&argv, "-x");
	sv_push(&argv, "c");
	sv_push(&argv, "-c");
	sv_push(&argv, "/dev/null");
	sv_push(&argv, "-o");
	sv_push(&argv, "/dev/null");
	if (run_capture(tc->runs, argv.v, env_vector(tc->env), &out, QUICK) != 0) {
		rc = err_set(e, EXIT_BAD_ENV, "--cpu-level %s: %s does not take %s (gcc 11 and clang 12 are "
			     "the first that do): %.200s\n  fix: a newer compiler, or leave --cpu-level out",
			     level, tc->cc_string, *march, sb_str(&out));
		free(*march);
		*march = NULL;
	}
out:
	sv_clear(&argv);
	sb_release(&out);
	sb_release(&missing);
	free(info);
	return rc;
}
