/* probe.c - small real builds that prove LTO and PGO work (see probe.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "walk.h"
#include "elfinfo.h"
#include "probe.h"
#include "run.h"

static const char src_a[] =
	"int optpy_helper(int x)\n{\n\treturn x * 2;\n}\n";
static const char src_b[] =
	"#include <stdio.h>\nint optpy_helper(int);\n"
	"int main(void)\n{\n\tprintf(\"optpy-lto-ok %d\\n\", optpy_helper(21));\n\treturn 0;\n}\n";
static const char src_s[] =
	"int optpy_shared(int x)\n{\n\treturn x + 1;\n}\n";
static const char src_p[] =
	"#include <stdio.h>\n#include <stdlib.h>\n"
	"static int work(int n)\n{\n\tint s = 0;\n\tfor (int i = 0; i < n; i++)\n"
	"\t\ts += (i % 3) ? i : -i;\n\treturn s;\n}\n"
	"int main(int argc, char **argv)\n{\n"
	"\tprintf(\"optpy-pgo-ok %d\\n\", work(argc > 1 ? atoi(argv[1]) : 1000));\n\treturn 0;\n}\n";

static int put(struct probe_ctx *p, const char *name, const char *text, struct err *e)
{
	char *path = path_join(p->dir, name);
	int rc = 0;

	if (write_file(path, text, strlen(text)) < 0)
		rc = err_set(e, EXIT_TMPDIR, "cannot write %s: %s\n"
			     "  fix: point TMPDIR (or --tmpdir) at a writable directory with free space",
			     path, strerror(errno));
	free(path);
	return rc;
}

int probe_begin(struct probe_ctx *p, struct toolchain *tc, struct decision *d, const char *tmpdir,
		double timeout, struct err *e)
{
	char *tmpl;

	memset(p, 0, sizeof(*p));
	p->tc = tc;
	p->d = d;
	p->timeout = timeout > 0 ? timeout : PROBE_TIMEOUT_DEFAULT;
	if (!tmpdir || !*tmpdir)
		tmpdir = env_get(tc->env, "TMPDIR");
	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	tmpl = path_join(tmpdir, "optpy-probe.XXXXXX");
	if (!mkdtemp(tmpl)) {
		int rc = err_set(e, EXIT_TMPDIR, "cannot create a temporary directory in %s: %s\n"
				 "  fix: point TMPDIR (or --tmpdir) at a writable directory", tmpdir,
				 strerror(errno));

		free(tmpl);
		return rc;
	}
	p->dir = tmpl;
	if (put(p, "a.c", src_a, e) || put(p, "b.c", src_b, e) || put(p, "s.c", src_s, e) ||
	    put(p, "p.c", src_p, e)) {
		probe_end(p);
		return e->status;
	}
	return 0;
}

void probe_end(struct probe_ctx *p)
{
	if (p->dir)
		rm_rf(p->dir);
	free(p->dir);
	p->dir = NULL;
}

void probe_take_steps(struct probe_ctx *p, struct probe_step **steps, int *n)
{
	*steps = p->steps;
	*n = p->nsteps;
	p->steps = NULL;
	p->nsteps = p->capsteps = 0;
}

static struct probe_step *step_new(struct probe_ctx *p, const char *name)
{
	struct probe_step *s;

	if (p->nsteps == p->capsteps) {
		p->capsteps = p->capsteps ? p->capsteps * 2 : 16;
		p->steps = xrealloc(p->steps, (size_t)p->capsteps * sizeof(*p->steps));
	}
	s = &p->steps[p->nsteps++];
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(name);
	return s;
}

/* Run one command of a probe; on failure fill *why. Returns 0 when ok. */
static int step_run(struct probe_ctx *p, char **argv, char *const *env, struct strbuf *out,
		    const char *what, char **why)
{
	struct run r = { 0 };
	struct strbuf local = STRBUF_INIT;

	r.ctx = p->tc->runs;
	r.argv = argv;
	r.base_env = env_vector(p->tc->env);
	r.env = env;
	r.cwd = p->dir;
	r.out = out ? out : &local;
	r.timeout = p->timeout;
	run_cmd(&r);
	if (run_interrupted) {
		p->interrupted = 1;
		if (!r.exit_code)
			r.exit_code = 128 + run_interrupted;
	}
	if (r.exit_code != 0) {
		struct strbuf sb = STRBUF_INIT;

		sb_addf(&sb, "%s failed (", what);
		run_describe(&sb, &r);
		if (r.timed_out) {
			p->timed_out++;
			sb_adds(&sb, ": the limit is OPTPY_PROBE_TIMEOUT's");
		}
		sb_adds(&sb, ")");
		if (r.out->len) {
			sb_adds(&sb, ": ");
			sb_tail_lines(&sb, sb_str(r.out), 3);
		}
		for (size_t i = 0; i < sb.len; i++)
			if (sb.buf[i] == '\n')
				sb.buf[i] = ' ';
		*why = sb_detach(&sb);
	}
	sb_release(&local);
	return r.exit_code == 0 ? 0 : -1;
}

/* Really an LTO object?  gcc writes .gnu.lto_ sections, clang LLVM bitcode. */
static int is_lto_object(struct probe_ctx *p, const char *name)
{
	char *path = path_join(p->dir, name);
	size_t len;
	char *data = read_file(path, &len);
	enum lto_content c = data ? object_lto_content(data, len) : LTO_NONE;

	free(path);
	free(data);
	if (p->tc->family == CC_GCC)
		return c == LTO_GCC_FAT || c == LTO_GCC_SLIM;
	return c == LTO_BITCODE || c == LTO_LLVM_EMBEDDED;
}

enum { COMPILE = -2 };

/* One compiler run: CC, CFLAGS, flags, then (when linking: lk != COMPILE)
 * LDFLAGS and the linker choice (lk >= 0), then args. */
static int cc_step(struct probe_ctx *p, char *const *flags, int lk, const char *const *args,
		   const char *what, struct strbuf *out, char **why)
{
	struct strvec a = { 0 };
	int rc;

	/* the compiler itself, as detect asks it: not through a launcher (a
	 * farm host cannot see the probe's files, and a profile-use compile
	 * that fails there makes distcc back off the host for a minute) */
	cc_words(p->tc, &a);
	sv_pushv(&a, p->tc->cflags.v);
	sv_pushv(&a, flags);
	if (lk != COMPILE)
		sv_pushv(&a, p->tc->ldflags.v);
	if (lk >= 0)
		sv_pushf(&a, "-fuse-ld=%s", linker_tab[lk].name);
	sv_pushv(&a, (char *const *)args);
	rc = step_run(p, a.v, NULL, out, what, why);
	sv_clear(&a);
	return rc;
}

/* Run a program the probe built and check what it prints. */
static int run_check(struct probe_ctx *p, const char *name, const char *arg, char *const *env,
		     const char *expect, const char *what, char **why)
{
	struct strbuf out = STRBUF_INIT;
	char *prog = path_join(p->dir, name);
	char *argv[] = { prog, (char *)arg, NULL };
	int rc = step_run(p, argv, env, &out, what, why);

	if (rc == 0 && !strstr(sb_str(&out), expect)) {
		*why = xasprintf("%s printed the wrong answer: '%.80s' (miscompiled?)", what, sb_str(&out));
		rc = -1;
	}
	free(prog);
	sb_release(&out);
	return rc;
}

int probe_lto(struct probe_ctx *p, enum lto_mode mode, const char *const *ltoflags, int lk,
	      char **why)
{
	static const char *const units[] = { "-c", "a.c", "b.c", NULL };
	static const char *const exe[] = { "-o", "prog", "b.o", "libp.a", NULL };
	static const char *const pic[] = { "-fPIC", "-c", "s.c", NULL };
	static const char *const so[] = { "-shared", "-fPIC", "-o", "libs.so", "s.o", NULL };
	char *const *fl = (char *const *)ltoflags;
	char *name = xasprintf("lto:%s:%s", lto_name(mode), lk < 0 ? "default-linker" : linker_tab[lk].name);
	struct probe_step *s = step_new(p, name);
	double t0 = now();
	int ok = 0;

	free(name);
	*why = NULL;
	/* 1. two translation units, which must really become LTO objects */
	if (cc_step(p, fl, COMPILE, units, "compiling with LTO flags", NULL, why) < 0)
		goto done;
	if (!is_lto_object(p, "a.o")) {
		*why = xstrdup("the compiler accepted the LTO flags but wrote ordinary objects");
		goto done;
	}
	/* 2. a static archive with the chosen archiver */
	if (!p->tc->ar.path) {
		*why = xstrdup("no archiver found (gcc-ar / llvm-ar); set AR");
		goto done;
	} else {
		char *argv[] = { p->tc->ar.path, "rcs", "libp.a", "a.o", NULL };
		char *lib = path_join(p->dir, "libp.a");

		unlink(lib);
		free(lib);
		if (step_run(p, argv, NULL, NULL, "archiving LTO objects", why) < 0)
			goto done;
	}
	/* 3. an executable linked from the archive, 4. run and checked */
	if (cc_step(p, fl, lk, exe, "linking an executable from an archive of LTO objects", NULL, why) < 0 ||
	    run_check(p, "prog", NULL, NULL, "optpy-lto-ok 42", "the LTO-linked program", why) < 0)
		goto done;
	/* 5. a shared object from position-independent LTO code */
	if (cc_step(p, fl, COMPILE, pic, "compiling -fPIC with LTO flags", NULL, why) < 0 ||
	    cc_step(p, fl, lk, so, "linking a shared object with LTO", NULL, why) < 0)
		goto done;
	ok = 1;
done:
	s->ok = ok;
	s->seconds = now() - t0;
	s->detail = *why ? xstrdup(*why) : NULL;
	return ok;
}

static int any_of(const char *text, const char *const *needles)
{
	for (; *needles; needles++)
		if (strstr(text, *needles))
			return 1;
	return 0;
}

/* The probe's raw profiles in profdir merged by llvm-profdata: 0, or -1
 * with *why and *fix (malloc'd); a format mismatch between clang and
 * llvm-profdata is named (gh-125918). */
static int merge_probe_profile(struct probe_ctx *p, const char *profdir, char **why, char **fix)
{
	static const char *const bad_format[] = {
		"unsupported instrumentation profile format version",
		"Unsupported instrumentation profile format version", "raw profile version mismatch", NULL,
	};
	const struct toolchain *tc = p->tc;
	struct strvec files = { 0 }, a = { 0 };
	struct strbuf out = STRBUF_INIT;
	int rc = -1;

	list_dir(profdir, ".profraw", &files);
	if (!files.n) {
		*why = xstrdup("the instrumented program wrote no .profraw file");
		goto out;
	}
	sv_push(&a, tc->profdata.path);
	sv_push(&a, "merge");
	sv_pushf(&a, "-output=%s/merged.profdata", profdir);
	sv_pushv(&a, files.v);
	if ((rc = step_run(p, a.v, NULL, &out, "llvm-profdata merge", why)) < 0) {
		if (any_of(sb_str(&out), bad_format)) {
			free(*why);
			*why = xasprintf("llvm-profdata %s (LLVM %d) cannot read the profiles of clang %s: "
					 "unsupported instrumentation profile format version (gh-125918)",
					 tc->profdata.path, tc->profdata.ver.major, tc->version.str);
		}
		*fix = xasprintf("install llvm-%d (apt-get install llvm-%d) and/or set "
				 "LLVM_PROFDATA=llvm-profdata-%d", tc->version.major, tc->version.major,
				 tc->version.major);
	}
out:
	sv_clear(&files);
	sv_clear(&a);
	sb_release(&out);
	return rc < 0 ? -1 : 0;
}

int probe_pgo(struct probe_ctx *p, char **why, char **fix)
{
	static const char *const compile[] = { "-c", "p.c", "-o", "p.o", NULL };
	static const char *const link_gen[] = { "-o", "pgo-gen", "p.o", NULL };
	static const char *const link_use[] = { "-o", "pgo-use", "p.o", NULL };
	struct toolchain *tc = p->tc;
	struct decision *d = p->d;
	struct probe_step *s = step_new(p, "pgo");
	struct strvec gen = { 0 }, use = { 0 }, env = { 0 };
	struct strbuf out = STRBUF_INIT;
	char *profdir = path_join(p->dir, "prof");
	double t0 = now();
	int clang = tc->family != CC_GCC;
	int ok = 0;

	*why = *fix = NULL;
	mkdir_p(profdir);
	flags_subst(&gen, d->pgo_gen.v, profdir, profdir);
	flags_subst(&use, d->pgo_use.v, profdir, profdir);
	if (clang && !tc->profdata.path) {
		*why = xstrdup("llvm-profdata not found: clang's raw profiles cannot be merged");
		*fix = tc->version.major > 0
			       ? xasprintf("install llvm-%d (apt-get install llvm-%d) or set LLVM_PROFDATA",
					   tc->version.major, tc->version.major)
			       : xstrdup("install the llvm package matching the compiler, or set LLVM_PROFDATA");
		goto done;
	}
	/* 1. instrumented build */
	if (cc_step(p, gen.v, COMPILE, compile, "compiling with instrumentation", NULL, why) < 0)
		goto done;
	if (cc_step(p, gen.v, -1, link_gen, "linking the instrumented program", &out, why) < 0) {
		if (strstr(sb_str(&out), "libclang_rt.profile"))
			*fix = xasprintf("install clang's profile runtime: apt-get install libclang-rt-%d-dev",
					 tc->version.major);
		else if (strstr(sb_str(&out), "lgcov"))
			*fix = xstrdup("install gcc's libgcov (it ships with the gcc package)");
		goto done;
	}
	/* 2. train */
	sv_pushf(&env, "LLVM_PROFILE_FILE=%s/probe-%%p.profraw", profdir);
	if (run_check(p, "pgo-gen", "5000", env.v, "optpy-pgo-ok", "the instrumented program", why) < 0)
		goto done;
	/* 3. merge (clang) or check the .gcda (gcc) */
	if (clang ? merge_probe_profile(p, profdir, why, fix) < 0 : count_files(profdir, ".gcda", NULL) == 0) {
		if (!*why)
			*why = xstrdup("the instrumented program wrote no .gcda file");
		goto done;
	}
	/* 4. use the profile */
	sb_reset(&out);
	if (cc_step(p, use.v, COMPILE, compile, "compiling with the profile", &out, why) < 0) {
		if (strstr(sb_str(&out), "profile format version") || strstr(sb_str(&out), "Could not read profile"))
			*fix = xasprintf("use the llvm-profdata of clang %d (set LLVM_PROFDATA=llvm-profdata-%d)",
					 tc->version.major, tc->version.major);
		goto done;
	}
	if (strstr(sb_str(&out), "profile count data file not found") ||
	    strstr(sb_str(&out), "no profile data available")) {
		*why = xstrdup("the compiler found no profile data for the probe program");
		goto done;
	}
	if (cc_step(p, NULL, -1, link_use, "linking the optimized program", NULL, why) < 0 ||
	    run_check(p, "pgo-use", "5000", NULL, "optpy-pgo-ok", "the PGO-built program", why) < 0)
		goto done;
	ok = 1;
done:
	sv_clear(&gen);
	sv_clear(&use);
	sv_clear(&env);
	sb_release(&out);
	free(profdir);
	s->ok = ok;
	s->seconds = now() - t0;
	s->detail = *why ? xstrdup(*why) : NULL;
	return ok;
}
