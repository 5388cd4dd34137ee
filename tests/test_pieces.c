/* test_pieces.c - the pure pieces behind the pipeline: make variables,
 * tarball member checks, the run_pool deadline, the walker, strict
 * numbers, safe names and paths, compile farm logs, ELF needs. */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tarball.h"
#include "bundle.h"
#include "elfinfo.h"
#include "env.h"
#include "farm.h"
#include "json.h"
#include "msg.h"
#include "strbuf.h"
#include "toolchain.h"
#include "builddir.h"
#include "makevars.h"
#include "profile.h"
#include "run.h"
#include "source.h"
#include "staticlib.h"
#include "t.h"
#include "tournament.h"
#include "walk.h"

static void make_variables(void)
{
	char *v;
	struct build b;
	struct strvec vars = { 0 };

	v = makefile_var("CC=gcc\nOPT=\t\t-DNDEBUG -g -fwrapv -O3 -Wall\nOPTX=1\n", "OPT");
	CHECK_STR(v, "-DNDEBUG -g -fwrapv -O3 -Wall");
	free(v);
	v = makefile_var("OPT = -O2\n", "OPT");
	CHECK_STR(v, "-O2");
	free(v);
	CHECK(makefile_var("OPTS=1\n", "OPT") == NULL);
	v = opt_without_g("-DNDEBUG -g -fwrapv -O3 -ggdb -g3 -Wall");
	CHECK_STR(v, "-DNDEBUG -fwrapv -O3 -Wall");
	free(v);
	CHECK(opt_without_g("-O3 -Wall") == NULL);      /* nothing to drop */
	CHECK(opt_without_g("-g $(EXTRA)") == NULL);    /* make syntax: left alone */
	CHECK(opt_without_g("-gsplit-dwarf -O2") == NULL);
	v = opt_at_level("-DNDEBUG -g -fwrapv -O3 -Wall", "-O1");
	CHECK_STR(v, "-DNDEBUG -fwrapv -O1 -Wall");
	free(v);
	v = opt_at_level("-Ofast -O2 -fwrapv", "-O1");
	CHECK_STR(v, "-O1 -O1 -fwrapv");
	free(v);
	CHECK(opt_at_level("-O3 $(EXTRA)", "-O1") == NULL);

	memset(&b, 0, sizeof(b));
	b.obj = "/nonexistent/obj";
	b.rawdir = "/b/profile/raw";
	b.profdir = "/b/profile/data";
	b.tc.family = CC_GCC;
	b.facts = pyfacts_for(3, 13);
	b.pgo = 1;
	sv_push(&b.d.pgo_gen, "-fprofile-generate=@RAWDIR@");
	sv_push(&b.d.pgo_use, "-fprofile-use=@PROFDIR@");
	b.d.lto = LTO_FULL;
	sv_push(&b.d.lto_cflags, "-flto=auto");
	sv_push(&b.d.lto_ldflags, "-flto=auto");
	unsetenv("CFLAGS_NODIST");
	unsetenv("LDFLAGS_NODIST");
	build_make_vars(&b, 0, &vars);
	/* --enable-optimizations' flags in the instrumented build too: the
	 * profile must fit the final build's code (--enable-shared) */
	CHECK_STR(vars.v[0], "CFLAGS_NODIST=-fprofile-generate=/b/profile/raw -fno-semantic-interposition");
	CHECK_STR(vars.v[1], "LDFLAGS_NODIST=-fprofile-generate=/b/profile/raw -fno-semantic-interposition");
	sv_clear(&vars);
	b.o.fat_lto = 1;
	setenv("CFLAGS_NODIST", "-DMINE", 1);
	build_make_vars(&b, 1, &vars);
	CHECK_STR(vars.v[0], "CFLAGS_NODIST=-DMINE -fprofile-use=/b/profile/data -flto=auto "
		  "-ffat-lto-objects -fno-semantic-interposition");
	CHECK_STR(vars.v[1], "LDFLAGS_NODIST=-flto=auto -fno-semantic-interposition");
	sv_clear(&vars);
	unsetenv("CFLAGS_NODIST");
	b.pgo = 0;
	b.d.lto = LTO_OFF;
	build_make_vars(&b, 1, &vars);
	CHECK_STR(vars.v[0], "CFLAGS_NODIST=-fno-semantic-interposition");
	sv_clear(&vars);
}

static int rejected(const char *name, enum member_kind k, const char *link, char **top)
{
	char *m = tarball_check_member(name, k, link, top);

	free(m);
	return m != NULL;
}

static void members(void)
{
	char *top = NULL;

	CHECK(!rejected("Python-3.13.5/", MEMBER_DIR, NULL, &top));
	CHECK_STR(top, "Python-3.13.5");
	CHECK(!rejected("Python-3.13.5/Include/patchlevel.h", MEMBER_FILE, NULL, &top));
	CHECK(!rejected("./Python-3.13.5/configure", MEMBER_FILE, NULL, &top));
	CHECK(!rejected("Python-3.13.5/Lib/link", MEMBER_SYMLINK, "../README", &top));
	CHECK(!rejected("Python-3.13.5/hard", MEMBER_HARDLINK, "Python-3.13.5/configure", &top));
	CHECK(rejected("Python-3.13.5/../../evil", MEMBER_FILE, NULL, &top));
	CHECK(rejected("/etc/evil", MEMBER_FILE, NULL, &top));
	CHECK(rejected("Python-3.13.5/esc", MEMBER_SYMLINK, "../../outside", &top));
	CHECK(rejected("Python-3.13.5/abs", MEMBER_SYMLINK, "/etc/passwd", &top));
	CHECK(rejected("Python-3.13.5/hard2", MEMBER_HARDLINK, "../outside", &top));
	CHECK(rejected("Python-3.13.5/dev/sda", MEMBER_OTHER, NULL, &top));
	CHECK(rejected("Other-1.0/file", MEMBER_FILE, NULL, &top));
	free(top);
}

struct seen {
	int calls;             /* hook calls */
	int most;              /* the most children it was told of at once */
	pid_t other;           /* a pid that must never be in its list */
	int saw_other;         /* 1 when it was */
};

static void count_children(const pid_t *pg, int n, void *arg)
{
	struct seen *s = arg;

	s->calls++;
	if (n > s->most)
		s->most = n;
	for (int i = 0; i < n; i++)
		if (s->other && pg[i] == s->other)
			s->saw_other = 1;
}

/* Two clients' children in one process: each context counts and tells
 * only its own; each buffers captured output where it says. */
static void run_contexts(void)
{
	struct run_ctx a = { 0 }, b = { 0 };
	struct seen sa = { 0 }, sb = { 0 };
	char *sleep_argv[] = { "sleep", "1", NULL }, *echo_argv[] = { "echo", "hi", NULL };
	struct run ra = { 0 }, rb = { 0 };
	struct strbuf out = STRBUF_INIT;

	a.hook = count_children;
	a.hook_arg = &sa;
	b.hook = count_children;
	b.hook_arg = &sb;
	ra.ctx = &a;
	ra.argv = sleep_argv;
	ra.quiet = 1;
	rb.ctx = &b;
	rb.argv = sleep_argv;
	rb.quiet = 1;
	CHECK_INT(run_start(&ra), 0);
	CHECK_INT(run_start(&rb), 0);
	CHECK_INT(a.nactive, 1);
	CHECK_INT(b.nactive, 1);
	CHECK(a.active[0] == ra.pid && b.active[0] == rb.pid);
	sa.other = rb.pid;
	sb.other = ra.pid;
	run_wait(&ra);
	run_wait(&rb);
	CHECK_INT(a.nactive + b.nactive, 0);
	CHECK(sa.calls >= 2 && sb.calls >= 2);
	CHECK_INT(sa.most, 1);
	CHECK_INT(sb.most, 1);
	CHECK_INT(sa.saw_other + sb.saw_other, 0);
	/* a context's own place for captured output: a missing one fails there only */
	a.tmpdir = "/nonexistent-optpy-dir";
	CHECK(run_capture(&a, echo_argv, NULL, &out, 10) != 0);
	CHECK_INT(run_capture(&b, echo_argv, NULL, &out, 10), 0);
	CHECK_STR(sb_str(&out), "hi\n");
	CHECK_INT(sa.calls >= 2 && sb.calls >= 4, 1);
	sb_release(&out);
	run_ctx_release(&a);
	run_ctx_release(&b);
}

static void pool_deadline(void)
{
	char *sleep_argv[] = { "sleep", "30", NULL };
	struct run rs[3];
	int failed;

	memset(rs, 0, sizeof(rs));
	for (int i = 0; i < 3; i++) {
		rs[i].argv = sleep_argv;
		rs[i].quiet = 1;
		rs[i].timeout = 60;
	}
	/* one at a time, the whole pool bounded at 0.5 s */
	failed = run_pool(rs, 3, 1, now() + 0.5);
	CHECK_INT(failed, 3);
	/* the first stopped by the pool's deadline, not its own 60 s; the
	 * others never started */
	for (int i = 0; i < 3; i++) {
		struct strbuf why = STRBUF_INIT;

		run_describe(&why, &rs[i]);
		CHECK_INT(rs[i].timed_out, 1);
		CHECK_INT(rs[i].at_deadline, 1);
		CHECK_INT(rs[i].exit_code, RUN_TIMEOUT);
		CHECK(i == 0 ? rs[i].started > 0 : rs[i].started == 0);
		CHECK(strstr(sb_str(&why), i == 0 ? "stopped at the deadline" : "not started") != NULL);
		sb_release(&why);
	}
	{
		char *no_argv[] = { "optpy-no-such-program", NULL };
		struct run r = { 0 };
		struct strbuf why = STRBUF_INIT;

		r.argv = no_argv;
		r.quiet = 1;
		CHECK_INT(run_cmd(&r), RUN_NOEXEC);
		run_describe(&why, &r);
		CHECK(strstr(sb_str(&why), "could not run optpy-no-such-program") != NULL);
		sb_release(&why);
	}
}

/* Tasks start longest expected first; unknown ones after, in manifest
 * order; a task that may not run beside others still runs last. */
static void task_order(void)
{
	char tmpl[] = "/tmp/optpy-order.XXXXXX";
	char *d = mkdtemp(tmpl), *manifest, *order, *text;
	struct profile prof;
	struct profile_run r = { 0 };
	FILE *f;

	CHECK(d != NULL);
	if (!d)
		return;
	manifest = path_join(d, "order.json");
	order = path_join(d, "order");
	f = fopen(manifest, "w");
	CHECK(f != NULL);
	if (!f) {
		rm_rf(d);
		free(manifest);
		free(order);
		return;
	}
	fprintf(f, "{\"name\": \"order\", \"tasks\": [");
	for (int i = 0; i < 5; i++)
		fprintf(f, "%s{\"name\": \"%c\", \"command\": [\"/bin/sh\", \"-c\", \"echo %c >> %s\"]%s}",
			i ? ", " : "", 'a' + i, 'a' + i, order, i == 1 ? ", \"parallel\": false" : "");
	fprintf(f, "]}\n");
	fclose(f);
	text = profile_load(manifest, &prof);
	CHECK(text == NULL);
	free(text);
	if (prof.ntasks == 5) {
		prof.tasks[1].expect = 9; /* b: not parallel, last whatever its time */
		prof.tasks[2].expect = 1; /* c */
		prof.tasks[4].expect = 3; /* e */
		r.python = "/bin/false";
		r.srcdir = r.workdir = r.logdir = d;
		r.jobs = 1;
		CHECK_INT(profile_run(&prof, &r), 0);
		text = read_file(order, NULL);
		CHECK_STR(text, "e\nc\na\nd\nb\n");
		free(text);
	}
	profile_free(&prof);
	rm_rf(d);
	free(manifest);
	free(order);
}

static int count_visit(const char *path, const char *name, const struct stat *st, enum walk_when when,
		       int depth, void *arg)
{
	struct strvec *seen = arg;

	if (when != WALK_POST)
		sv_pushf(seen, "%d:%s", depth, name);
	return 0;
}

static void walker(void)
{
	char tmpl[] = "/tmp/optpy-walk.XXXXXX";
	char *d = mkdtemp(tmpl), *p;
	char outside[] = "/tmp/optpy-walk-out.XXXXXX";
	char *o = mkdtemp(outside);
	struct strvec seen = { 0 };

	CHECK(d && o);
	p = path_join(d, "b");
	mkdir(p, 0700);
	free(p);
	p = path_join(d, "b/f");
	write_file(p, "x", 1);
	free(p);
	p = path_join(d, "a");
	write_file(p, "x", 1);
	free(p);
	p = path_join(o, "keep");
	write_file(p, "x", 1);
	free(p);
	p = path_join(d, "link");
	CHECK_INT(symlink(o, p), 0);
	free(p);
	walk(d, count_visit, &seen);
	CHECK_INT(seen.n, 5);
	if (seen.n == 5) {
		CHECK_STR(seen.v[1], "1:a");
		CHECK_STR(seen.v[2], "1:b");
		CHECK_STR(seen.v[3], "2:f");
		CHECK_STR(seen.v[4], "1:link");
	}
	sv_clear(&seen);
	CHECK_INT(rm_rf(d), 0);
	/* the link was removed, not followed */
	p = path_join(o, "keep");
	CHECK(is_file(p));
	free(p);
	CHECK(!is_dir(d));
	rm_rf(o);
}

static void numbers_names_paths(void)
{
	long n;
	double x;
	char *p;

	CHECK(num_whole("5", 1, 1024, &n) == 0 && n == 5);
	CHECK(num_whole("5abc", 1, 1024, &n) < 0);
	CHECK(num_whole("0", 1, 1024, &n) < 0);
	CHECK(num_whole("", 1, 1024, &n) < 0);
	CHECK(num_whole("99999999999999999999", 1, 1024, &n) < 0);
	CHECK(num_positive("1.5", 100, &x) == 0 && x == 1.5);
	CHECK(num_positive("nan", 100, &x) < 0);
	CHECK(num_positive("inf", 100, &x) < 0);
	CHECK(num_positive("1e3", 1e9, &x) < 0);
	CHECK(num_positive("0", 100, &x) < 0);
	CHECK(num_positive("-3", 100, &x) < 0);
	CHECK(profile_name_ok("calls"));
	CHECK(profile_name_ok("a.b-c_d"));
	CHECK(!profile_name_ok(".."));
	CHECK(!profile_name_ok("."));
	CHECK(!profile_name_ok(".hidden"));
	CHECK(!profile_name_ok("a/b"));
	CHECK(!profile_name_ok(""));
	CHECK(!profile_name_ok("a b"));
	CHECK(source_path_trouble("/home/me/build") == NULL);
	CHECK_STR(source_path_trouble("/home/me/my build"), "a blank");
	CHECK(source_path_trouble("/x/$HOME") != NULL);
	p = builddir_abspath("/tmp/optpy-no/such/dir");
	CHECK_STR(p, "/tmp/optpy-no/such/dir");
	free(p);
	CHECK(builddir_abspath("/tmp/optpy-no/../x") == NULL);
	p = builddir_abspath("/tmp/../tmp/optpy-new");
	CHECK_STR(p, "/tmp/optpy-new");
	free(p);
}

static void tournament(void)
{
	struct contender c[3] = { { "gcc", NULL, 0, 0, 0 }, { "clang-19", NULL, 1.08, 1.02, 1.14 },
				  { "clang-20", NULL, 1.12, 0.97, 1.30 } };
	char *why;

	/* the fastest whose whole interval is above 1.0 */
	CHECK_INT(tournament_pick(c, 3, &why), 1);
	CHECK(strstr(why, "clang-19 is 1.080x gcc") != NULL);
	free(why);
	c[1].lo = 0.99;
	CHECK_INT(tournament_pick(c, 3, &why), 0);
	CHECK(strstr(why, "keeping the first") != NULL);
	free(why);
	c[1].lo = 1.01;
	c[2].lo = 1.05;
	CHECK_INT(tournament_pick(c, 3, &why), 2);
	free(why);
	/* a candidate whose build failed is out, even when it measured fastest */
	c[2].failed = "verify failed";
	CHECK_INT(tournament_pick(c, 3, &why), 1);
	free(why);
	/* the base failed: the next one in is the base */
	c[0].failed = "optimize failed";
	c[2].failed = NULL;
	c[2].lo = 0.98;
	CHECK_INT(tournament_pick(c, 3, &why), 1);
	CHECK(strstr(why, "keeping the first that built") != NULL);
	free(why);
	c[2].lo = 1.05;
	CHECK_INT(tournament_pick(c, 3, &why), 2);
	CHECK(strstr(why, "clang-20 is 1.120x clang-19") != NULL);
	free(why);
	/* one left: it wins without a comparison; none left: -1 */
	c[2].failed = "verify failed";
	CHECK_INT(tournament_pick(c, 3, &why), 1);
	CHECK(strstr(why, "the only build that did not fail") != NULL);
	free(why);
	c[1].failed = "verify failed";
	CHECK_INT(tournament_pick(c, 3, &why), -1);
	free(why);
}

/* what the install phase compiles in a static archive, by the member's bytes */
static void member_codes(void)
{
	static const char elf_slim[] = "\x7f" "ELF\2\1\1\0....\0__gnu_lto_slim\0...";
	static const char elf_plain[] = "\x7f" "ELF\2\1\1\0....\0main\0.text\0";
	static const char bitcode[] = "BC\xc0\xde\x35\x14";
	static const char wrapped[] = "\xde\xc0\x17\x0b\0\0\0\0";

	CHECK_INT(member_code_of(elf_slim, sizeof(elf_slim) - 1), CODE_GCC_SLIM);
	CHECK_INT(member_code_of(elf_plain, sizeof(elf_plain) - 1), CODE_MACHINE);
	CHECK_INT(member_code_of(bitcode, sizeof(bitcode) - 1), CODE_BITCODE);
	CHECK_INT(member_code_of(wrapped, sizeof(wrapped) - 1), CODE_BITCODE);
	CHECK_INT(member_code_of("BC", 2), CODE_MACHINE);
	/* the marker cut short by the member's end is not the marker */
	CHECK_INT(member_code_of(elf_slim, 25), CODE_MACHINE);
	/* the one detector behind it: fat objects keep their machine code */
	static const char elf_fat[] = "\x7f" "ELF\2\1\1\0....\0.gnu.lto_main.0\0.text\0";
	static const char elf_llvm[] = "\x7f" "ELF\2\1\1\0....\0.llvmbc\0.text\0";

	CHECK_INT(object_lto_content(elf_fat, sizeof(elf_fat) - 1), LTO_GCC_FAT);
	CHECK_INT(object_lto_content(elf_llvm, sizeof(elf_llvm) - 1), LTO_LLVM_EMBEDDED);
	CHECK_INT(object_lto_content(elf_slim, sizeof(elf_slim) - 1), LTO_GCC_SLIM);
	CHECK_INT(object_lto_content(elf_plain, sizeof(elf_plain) - 1), LTO_NONE);
	CHECK_INT(member_code_of(elf_fat, sizeof(elf_fat) - 1), CODE_MACHINE);
	CHECK_INT(member_code_of(elf_llvm, sizeof(elf_llvm) - 1), CODE_MACHINE);
}

/* gcc's .gcda names: there and back, also for a build directory that is
 * itself below a directory called obj (the old reverse mapping cut there). */
static void gcda_names(void)
{
	char *n = gcda_name("/b/obj", "Python/ceval.o"), *p = gcda_prefix("/b/obj"), *o;

	CHECK_STR(n, "#b#obj#Python#ceval.gcda");
	CHECK_STR(p, "#b#obj#");
	o = gcda_object("/b/obj", n);
	CHECK_STR(o, "Python/ceval.o");
	free(n);
	free(o);
	free(p);
	n = gcda_name("/home/u/obj/build/obj", "Modules/_sre/sre.o");
	o = gcda_object("/home/u/obj/build/obj", n);
	CHECK_STR(o, "Modules/_sre/sre.o");
	free(o);
	CHECK(gcda_object("/other/obj", n) == NULL);
	CHECK(gcda_object("/home/u/obj/build/obj", "#home#u#obj#build#obj#x.gcno") == NULL);
	free(n);
}

/* One placeholder expander for flags and training tasks. */
static void placeholders(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct strvec out = { 0 };
	const char *pairs[] = { "{python}", "/b/python", "{dir}", NULL, "{jobs}", "4", NULL };
	char *flags[] = { "-fprofile-generate=@RAWDIR@", "-fprofile-use=@PROFDIR@/m@RAWDIR@", "-O2", NULL };

	sb_subst(&sb, "{python} {dir}/x.py -j{jobs} {unknown}", pairs);
	CHECK_STR(sb_str(&sb), "/b/python /x.py -j4 {unknown}");
	sb_release(&sb);
	flags_subst(&out, flags, "/r", "/p");
	CHECK_INT((long long)out.n, 3);
	CHECK_STR(out.v[0], "-fprofile-generate=/r");
	CHECK_STR(out.v[1], "-fprofile-use=/p/m/r");
	CHECK_STR(out.v[2], "-O2");
	sv_clear(&out);
}

/* argv as one line a person can paste into a shell. */
static void argv_text(void)
{
	struct strbuf sb = STRBUF_INIT;
	char *argv[] = { "make", "-j2", "CFLAGS=-O2 -g", "it's", "", "a;b", NULL };

	run_format_argv(&sb, argv);
	CHECK_STR(sb_str(&sb), "make -j2 'CFLAGS=-O2 -g' 'it'\\''s' '' 'a;b'");
	sb_release(&sb);
}

/* A bundle fits when the identity keys agree; each difference is said. */
static void bundle_fit(void)
{
	json_t *m = js_parse("{\"identity\": {\"cpython\": \"3.13.5\", \"compiler\": \"gcc\", "
			       "\"flags\": [\"-O3\"], \"optpy\": \"0.1\"}}", NULL);
	json_t *same = js_parse("{\"cpython\": \"3.13.5\", \"compiler\": \"gcc\", "
				  "\"flags\": [\"-O3\"], \"optpy\": \"0.2\"}", NULL);
	json_t *other = js_parse("{\"cpython\": \"3.13.6\", \"compiler\": \"clang\", "
				   "\"flags\": [\"-O3\"], \"training\": \"default\"}", NULL);
	struct strbuf diff = STRBUF_INIT;

	CHECK(m && same && other);
	CHECK_INT(bundle_compare(m, same, &diff), 0);
	CHECK_INT((long long)diff.len, 0);
	CHECK_INT(bundle_compare(m, other, &diff), 3);
	CHECK(strstr(sb_str(&diff), "cpython: bundle \"3.13.5\", this build \"3.13.6\"") != NULL);
	CHECK(strstr(sb_str(&diff), "training: bundle (none)") != NULL);
	sb_release(&diff);
	json_decref(m);
	json_decref(same);
	json_decref(other);
}

/* The library's one voice: what each verbosity lets through, to the
 * client's handler only. */
static int heard[MSG_STATUS + 1];
static char last[64];

static void hear(void *arg, enum msg_kind kind, const char *text)
{
	(*(int *)arg)++;
	heard[kind]++;
	snprintf(last, sizeof(last), "%s", text);
}

static void messages(void)
{
	int calls = 0;
	struct msg_sink quiet = { hear, &calls, 0 }, normal = { hear, &calls, 1 }, loud = { hear, &calls, 2 };
	struct msg_sink silent = { NULL, NULL, 2 };

	for (int k = MSG_ERROR; k <= MSG_STATUS; k++) {
		msg_send(&quiet, (enum msg_kind)k, "q%d", k);
		msg_send(&normal, (enum msg_kind)k, "n%d", k);
		msg_send(&loud, (enum msg_kind)k, "l%d", k);
		msg_send(&silent, (enum msg_kind)k, "s%d", k);
	}
	/* errors, warnings and results always; notes and status unless quiet; details when verbose */
	CHECK_INT(heard[MSG_ERROR], 3);
	CHECK_INT(heard[MSG_WARNING], 3);
	CHECK_INT(heard[MSG_RESULT], 3);
	CHECK_INT(heard[MSG_NOTE], 2);
	CHECK_INT(heard[MSG_STATUS], 2);
	CHECK_INT(heard[MSG_DETAIL], 1);
	CHECK_INT(calls, 14);
	CHECK_STR(last, "l5");
	CHECK(!msg_wanted(&silent, MSG_ERROR));
}

/* A distcc client log, as distcc 3.4 writes it with DISTCC_LOG: one
 * compile per process, placed by its last "compile ... on HOST" line. */
static void farm_log(void)
{
	static const char log[] =
		/* 10: sent out, ran there */
		"distcc[10] compile from a.c to a.o\n"
		"distcc[10] exec on 10.0.0.2:3632: clang -c a.c -o a.o\n"
		"distcc[10] compile a.c on 10.0.0.2:3632 completed ok\n"
		/* 11: gcc's profile compile, kept here by distcc */
		"distcc[11] (dcc_scan_args) compiler will emit/use profile info; must be local\n"
		"distcc[11] exec on localhost: gcc -fprofile-use -c b.c\n"
		"distcc[11] compile (null) on localhost completed ok\n"
		/* 12: a link; 13, interleaved: failed there, run again here */
		"distcc[13] compile from c.c to c.o\n"
		"distcc[12] (dcc_scan_args) called for link?  i give up\n"
		"distcc[13] exec on 10.0.0.2:3632: clang -fprofile-instr-use=/p -c c.c\n"
		"distcc[13] ERROR: compile c.c on 10.0.0.2:3632 failed\n"
		"distcc[12] ERROR: compile (null) on localhost failed\n"
		"distcc[13] Warning: failed to distribute c.c to 10.0.0.2:3632, running locally instead\n"
		"distcc[13] compile c.c on localhost completed ok\n"
		/* 10 again (a new process with an old pid): no host reached */
		"distcc[10] compile from d.c to d.o\n"
		"distcc[10] ERROR: nonblocking connect to 10.0.0.2:3632 failed: Connection refused\n"
		"distcc[10] Warning: failed to distribute d.c to 10.0.0.2:3632, running locally instead\n"
		"distcc[10] compile d.c on localhost completed ok\n"
		/* 14: every host backed off; 15: the host list said localhost */
		"distcc[14] (dcc_build_somewhere) Warning: failed to distribute, running locally instead\n"
		"distcc[14] compile e.c on localhost completed ok\n"
		"distcc[15] exec on localhost: clang -c f.c\n"
		"distcc[15] compile f.c on localhost completed ok\n"
		/* 16: failed there, no local retry (DISTCC_FALLBACK=0); 17: another tool's line */
		"distcc[16] ERROR: compile g.c on 10.0.0.3:3632 failed\n"
		"ccache[17] compile h.c on 10.0.0.2 completed ok\n"
		"distcc[18";
	struct farm_tally t = { 0 };

	farm_tally_log(log, &t);
	CHECK_INT(t.n[FW_REMOTE], 1);
	CHECK_INT(t.n[FW_PROFILE_RULE], 1);
	CHECK_INT(t.n[FW_NOT_COMPILE], 1);
	CHECK_INT(t.n[FW_BOUNCED], 2);
	CHECK_INT(t.n[FW_NO_HOST], 2);
	CHECK_INT(t.n[FW_HOST_LIST], 1);
	CHECK_INT(t.n[FW_OPTPY], 0);
	CHECK(t.counted);
	CHECK_STR(farm_why_text("profile_rule"), farm_where_text(FW_PROFILE_RULE));
	CHECK_STR(farm_why_text("something else"), "something else");
}

/* DT_NEEDED of an ELF file: a real one, a file that is not ELF, a
 * truncated one. */
static void elf_names(void)
{
	struct strvec v = { 0 };
	char tmp[] = "/tmp/optpy-elf.XXXXXX";
	int fd = mkstemp(tmp), found = 0;
	size_t len = 0;
	char *head = read_file("/bin/sh", &len);

	CHECK(elf_needed("/bin/sh", &v) == 0);
	for (size_t i = 0; i < v.n; i++)
		found |= !strncmp(v.v[i], "libc.so", 7);
	CHECK(found);
	sv_clear(&v);
	CHECK(fd >= 0);
	CHECK(write(fd, "#!/bin/sh\necho not elf\n", 24) == 24);
	CHECK(elf_needed(tmp, &v) == -1 && errno == EINVAL && v.n == 0);
	/* the header of a real one, cut after its program headers' offset */
	CHECK(head && len > 200);
	CHECK(ftruncate(fd, 0) == 0 && pwrite(fd, head, 100, 0) == 100);
	CHECK(elf_needed(tmp, &v) == -1 && v.n == 0);
	CHECK(elf_needed("/nonexistent/optpy", &v) == -1 && errno == ENOENT);
	close(fd);
	unlink(tmp);
	free(head);
}

/* The environment a build reads, taken once: later setenv() changes
 * neither what it reads nor what its children get. */
static void env_snapshot(void)
{
	struct env e = { 0 }, other = { 0 };
	struct strbuf out = STRBUF_INIT;
	char *argv[] = { "/bin/sh", "-c", "printf '%s|%s' \"$OPTPY_T1\" \"${OPTPY_T2-unset}\"", NULL };

	setenv("OPTPY_T1", "before", 1);
	setenv("OPTPY_T2", "two", 1);
	CHECK_STR(env_get(NULL, "OPTPY_T1"), "before"); /* NULL: the process's own */
	CHECK(env_vector(&e) == NULL);                  /* never filled: the process's own */
	env_take(&e);
	setenv("OPTPY_T1", "after", 1);
	CHECK_STR(env_get(&e, "OPTPY_T1"), "before");
	CHECK_STR(env_get(NULL, "OPTPY_T1"), "after");
	CHECK(run_capture(NULL, argv, env_vector(&e), &out, 10) == 0);
	CHECK_STR(sb_str(&out), "before|two");
	env_set(&e, "OPTPY_T2", NULL);
	env_set(&e, "OPTPY_T1", "set");
	env_set(&e, "OPTPY_T1", "set again");
	CHECK(env_get(&e, "OPTPY_T2") == NULL);
	CHECK_STR(env_get(&e, "OPTPY_T1"), "set again");
	CHECK(env_get(&e, "OPTPY_T") == NULL); /* a prefix is not a name */
	sb_reset(&out);
	CHECK(run_capture(NULL, argv, env_vector(&e), &out, 10) == 0);
	CHECK_STR(sb_str(&out), "set again|unset");
	env_set(&other, "OPTPY_T1", "alone");  /* built, not taken: nothing else in it */
	CHECK(env_get(&other, "PATH") == NULL);
	CHECK_STR(env_vector(&other)[0], "OPTPY_T1=alone");
	CHECK(env_vector(&other)[1] == NULL);
	env_clear(&e);
	env_clear(&other);
	sb_release(&out);
	unsetenv("OPTPY_T1");
	unsetenv("OPTPY_T2");
}

int main(void)
{
	env_snapshot();
	elf_names();
	farm_log();
	messages();
	gcda_names();
	placeholders();
	argv_text();
	bundle_fit();
	member_codes();
	tournament();
	make_variables();
	members();
	pool_deadline();
	run_contexts();
	task_order();
	walker();
	numbers_names_paths();
	return T_DONE();
}
