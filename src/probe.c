/* probe.c - small real builds that prove LTO and PGO work (see probe.h). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static void put(struct probe_ctx *p, const char *name, const char *text)
{
	char *path = path_join(p->dir, name);

	if (write_file(path, text, strlen(text)) < 0)
		die(EXIT_TMPDIR, "cannot write %s: %s", path, strerror(errno));
	free(path);
}

void probe_begin(struct probe_ctx *p, struct toolchain *tc, struct decision *d, const char *tmpdir,
		 double timeout)
{
	char *tmpl;

	memset(p, 0, sizeof(*p));
	p->tc = tc;
	p->d = d;
	p->timeout = timeout > 0 ? timeout : 60;
	if (!tmpdir || !*tmpdir)
		tmpdir = getenv("TMPDIR");
	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	tmpl = path_join(tmpdir, "optpy-probe.XXXXXX");
	if (!mkdtemp(tmpl))
		die(EXIT_TMPDIR, "cannot create a temporary directory in %s: %s\n"
		    "  fix: point TMPDIR (or --tmpdir) at a writable directory", tmpdir, strerror(errno));
	p->dir = tmpl;
	put(p, "a.c", src_a);
	put(p, "b.c", src_b);
	put(p, "s.c", src_s);
	put(p, "p.c", src_p);
}

void probe_end(struct probe_ctx *p)
{
	if (p->dir && rm_rf(p->dir) < 0)
		warn("could not remove %s", p->dir);
	free(p->dir);
	p->dir = NULL;
}

/* The compiler argv: CC words (launcher included), CFLAGS. */
static void cc_argv(struct probe_ctx *p, struct strvec *a)
{
	sv_pushv(a, p->tc->cc.v);
	sv_pushv(a, p->tc->cflags.v);
}

static struct probe_step *step_new(struct probe_ctx *p, const char *name)
{
	struct decision *d = p->d;
	struct probe_step *s;

	if (d->nsteps == (int)(sizeof(d->steps) / sizeof(d->steps[0])))
		d->nsteps--; /* keep the last slot for the newest */
	s = &d->steps[d->nsteps++];
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

	r.argv = argv;
	r.env = env;
	r.cwd = p->dir;
	r.out = out ? out : &local;
	r.timeout = p->timeout;
	run_cmd(&r);
	if (run_interrupted) {
		probe_end(p);
		die(EXIT_INTERRUPTED, "interrupted");
	}
	if (r.exit_code != 0) {
		struct strbuf sb = STRBUF_INIT;

		sb_addf(&sb, "%s failed (", what);
		run_describe(&sb, &r);
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

static int file_has(const char *dir, const char *name, const char *needle, size_t nlen)
{
	char *path = path_join(dir, name);
	size_t len;
	char *data = read_file(path, &len);
	int found = 0;

	free(path);
	if (!data)
		return 0;
	for (size_t i = 0; i + nlen <= len && !found; i++)
		if (!memcmp(data + i, needle, nlen))
			found = 1;
	free(data);
	return found;
}

/* Really an LTO object?  gcc writes .gnu.lto_ sections, clang LLVM bitcode. */
static int is_lto_object(struct probe_ctx *p, const char *name)
{
	if (p->tc->family == CC_GCC)
		return file_has(p->dir, name, ".gnu.lto_", 9);
	return file_has(p->dir, name, "BC\xc0\xde", 4) || file_has(p->dir, name, ".llvmbc", 7) ||
	       file_has(p->dir, name, ".llvm.lto", 9);
}

static void add_linker_flag(struct probe_ctx *p, struct strvec *a, int lk)
{
	static const char *const names[LK_N] = { "bfd", "gold", "lld", "mold" };

	(void)p;
	if (lk >= 0)
		sv_pushf(a, "-fuse-ld=%s", names[lk]);
}

static int check_output(struct strbuf *out, const char *expect, char **why, const char *what)
{
	if (strstr(sb_str(out), expect))
		return 0;
	*why = xasprintf("%s printed the wrong answer: '%.80s' (miscompiled?)", what, sb_str(out));
	return -1;
}

int probe_lto(struct probe_ctx *p, enum lto_mode mode, const char *const *ltoflags, int lk,
	      char **why)
{
	static const char *const lknames[LK_N] = { "bfd", "gold", "lld", "mold" };
	struct strvec a = { 0 };
	struct strbuf out = STRBUF_INIT;
	char *name = xasprintf("lto:%s:%s", lto_name(mode), lk < 0 ? "default-linker" : lknames[lk]);
	struct probe_step *s = step_new(p, name);
	double t0 = now();
	int ok = 0;

	free(name);
	*why = NULL;
	p->serial++;
	/* 1. compile two translation units */
	cc_argv(p, &a);
	sv_pushv(&a, (char *const *)ltoflags);
	sv_push(&a, "-c");
	sv_push(&a, "a.c");
	sv_push(&a, "b.c");
	if (step_run(p, a.v, NULL, NULL, "compiling with LTO flags", why) < 0)
		goto done;
	sv_clear(&a);
	if (!is_lto_object(p, "a.o")) {
		*why = xstrdup("the compiler accepted the LTO flags but wrote ordinary objects");
		goto done;
	}
	/* 2. a static archive with the chosen archiver */
	{
		char *lib = path_join(p->dir, "libp.a");

		unlink(lib);
		free(lib);
	}
	if (!p->tc->ar.path) {
		*why = xstrdup("no archiver found (gcc-ar / llvm-ar); set AR");
		goto done;
	}
	sv_push(&a, p->tc->ar.path);
	sv_push(&a, "rcs");
	sv_push(&a, "libp.a");
	sv_push(&a, "a.o");
	if (step_run(p, a.v, NULL, NULL, "archiving LTO objects", why) < 0)
		goto done;
	sv_clear(&a);
	/* 3. link an executable from the archive, 4. run it */
	cc_argv(p, &a);
	sv_pushv(&a, (char *const *)ltoflags);
	sv_pushv(&a, p->tc->ldflags.v);
	add_linker_flag(p, &a, lk);
	sv_push(&a, "-o");
	sv_push(&a, "prog");
	sv_push(&a, "b.o");
	sv_push(&a, "libp.a");
	if (step_run(p, a.v, NULL, NULL, "linking an executable from an archive of LTO objects", why) < 0)
		goto done;
	sv_clear(&a);
	{
		char *prog = path_join(p->dir, "prog");
		char *argv[] = { prog, NULL };
		int rc = step_run(p, argv, NULL, &out, "running the LTO-linked program", why);

		free(prog);
		if (rc < 0 || check_output(&out, "optpy-lto-ok 42", why, "the LTO-linked program") < 0)
			goto done;
	}
	/* 5. a shared object from position-independent LTO code */
	cc_argv(p, &a);
	sv_pushv(&a, (char *const *)ltoflags);
	sv_push(&a, "-fPIC");
	sv_push(&a, "-c");
	sv_push(&a, "s.c");
	if (step_run(p, a.v, NULL, NULL, "compiling -fPIC with LTO flags", why) < 0)
		goto done;
	sv_clear(&a);
	cc_argv(p, &a);
	sv_pushv(&a, (char *const *)ltoflags);
	sv_pushv(&a, p->tc->ldflags.v);
	add_linker_flag(p, &a, lk);
	sv_push(&a, "-shared");
	sv_push(&a, "-fPIC");
	sv_push(&a, "-o");
	sv_push(&a, "libs.so");
	sv_push(&a, "s.o");
	if (step_run(p, a.v, NULL, NULL, "linking a shared object with LTO", why) < 0)
		goto done;
	ok = 1;
done:
	sv_clear(&a);
	sb_release(&out);
	s->ok = ok;
	s->seconds = now() - t0;
	s->detail = *why ? xstrdup(*why) : NULL;
	return ok;
}

/* Raw profiles the instrumented probe wrote. */
static void list_suffix(const char *dir, const char *suffix, struct strvec *sv)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)))
		if (endswith(e->d_name, suffix))
			sv_push(sv, e->d_name);
	closedir(d);
}

int probe_pgo(struct probe_ctx *p, char **why, char **fix)
{
	struct toolchain *tc = p->tc;
	struct decision *d = p->d;
	struct probe_step *s = step_new(p, "pgo");
	struct strvec a = { 0 }, env = { 0 }, files = { 0 };
	struct strbuf out = STRBUF_INIT;
	char *profdir = path_join(p->dir, "prof");
	double t0 = now();
	int clang = tc->family != CC_GCC;
	int ok = 0;

	*why = *fix = NULL;
	mkdir_p(profdir);
	if (clang && !tc->profdata.path) {
		*why = xstrdup("llvm-profdata not found: clang's raw profiles cannot be merged");
		*fix = tc->version.major > 0
			       ? xasprintf("install llvm-%d (apt-get install llvm-%d) or set LLVM_PROFDATA",
					   tc->version.major, tc->version.major)
			       : xstrdup("install the llvm package matching the compiler, or set LLVM_PROFDATA");
		goto done;
	}
	/* 1. instrumented build */
	cc_argv(p, &a);
	flags_subst(&a, d->pgo_gen.v, profdir, profdir);
	size_t mark = a.n;

	sv_push(&a, "-c");
	sv_push(&a, "p.c");
	sv_push(&a, "-o");
	sv_push(&a, "p.o");
	if (step_run(p, a.v, NULL, NULL, "compiling with instrumentation", why) < 0)
		goto done;
	while (a.n > mark) {
		free(a.v[--a.n]);
		a.v[a.n] = NULL;
	}
	sv_pushv(&a, tc->ldflags.v);
	sv_push(&a, "-o");
	sv_push(&a, "pgo-gen");
	sv_push(&a, "p.o");
	sb_reset(&out);
	if (step_run(p, a.v, NULL, &out, "linking the instrumented program", why) < 0) {
		if (strstr(sb_str(&out), "libclang_rt.profile"))
			*fix = xasprintf("install clang's profile runtime: apt-get install libclang-rt-%d-dev",
					 tc->version.major);
		else if (strstr(sb_str(&out), "lgcov"))
			*fix = xstrdup("install gcc's libgcov (it ships with the gcc package)");
		goto done;
	}
	sv_clear(&a);
	/* 2. train */
	sv_pushf(&env, "LLVM_PROFILE_FILE=%s/probe-%%p.profraw", profdir);
	{
		char *prog = path_join(p->dir, "pgo-gen");
		char *argv[] = { prog, "5000", NULL };
		int rc = step_run(p, argv, env.v, &out, "running the instrumented program", why);

		free(prog);
		if (rc < 0)
			goto done;
	}
	/* 3. merge (clang) or check the .gcda (gcc) */
	if (clang) {
		list_suffix(profdir, ".profraw", &files);
		if (!files.n) {
			*why = xstrdup("the instrumented program wrote no .profraw file");
			goto done;
		}
		sv_push(&a, tc->profdata.path);
		sv_push(&a, "merge");
		sv_pushf(&a, "-output=%s/merged.profdata", profdir);
		for (size_t i = 0; i < files.n; i++)
			sv_pushf(&a, "%s/%s", profdir, files.v[i]);
		sb_reset(&out);
		if (step_run(p, a.v, NULL, &out, "llvm-profdata merge", why) < 0) {
			if (strstr(sb_str(&out), "unsupported instrumentation profile format version") ||
			    strstr(sb_str(&out), "Unsupported instrumentation profile format version") ||
			    strstr(sb_str(&out), "raw profile version mismatch")) {
				free(*why);
				*why = xasprintf("llvm-profdata %s (LLVM %d) cannot read the profiles of clang %s: "
						 "unsupported instrumentation profile format version (gh-125918)",
						 tc->profdata.path, tc->profdata.ver.major, tc->version.str);
			}
			*fix = xasprintf("install llvm-%d (apt-get install llvm-%d) and/or set "
					 "LLVM_PROFDATA=llvm-profdata-%d",
					 tc->version.major, tc->version.major, tc->version.major);
			goto done;
		}
		sv_clear(&a);
	} else {
		long n = count_files(profdir, ".gcda", NULL);

		if (n == 0) {
			*why = xstrdup("the instrumented program wrote no .gcda file");
			goto done;
		}
	}
	/* 4. use the profile */
	cc_argv(p, &a);
	flags_subst(&a, d->pgo_use.v, profdir, profdir);
	sv_push(&a, "-c");
	sv_push(&a, "p.c");
	sv_push(&a, "-o");
	sv_push(&a, "p.o");
	sb_reset(&out);
	if (step_run(p, a.v, NULL, &out, "compiling with the profile", why) < 0) {
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
	sv_clear(&a);
	cc_argv(p, &a);
	sv_pushv(&a, tc->ldflags.v);
	sv_push(&a, "-o");
	sv_push(&a, "pgo-use");
	sv_push(&a, "p.o");
	if (step_run(p, a.v, NULL, NULL, "linking the optimized program", why) < 0)
		goto done;
	sv_clear(&a);
	{
		char *prog = path_join(p->dir, "pgo-use");
		char *argv[] = { prog, "5000", NULL };
		int rc;

		sb_reset(&out);
		rc = step_run(p, argv, NULL, &out, "running the optimized program", why);
		free(prog);
		if (rc < 0 || check_output(&out, "optpy-pgo-ok", why, "the PGO-built program") < 0)
			goto done;
	}
	ok = 1;
done:
	sv_clear(&a);
	sv_clear(&env);
	sv_clear(&files);
	sb_release(&out);
	free(profdir);
	s->ok = ok;
	s->seconds = now() - t0;
	s->detail = *why ? xstrdup(*why) : NULL;
	return ok;
}
