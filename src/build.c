/* build.c - the pipeline: phases in order, stamps so a re-run resumes, a
 * lock so two builds cannot share a directory, live status, report.json. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "build.h"
#include "profile.h"

static const char *const names[PH_N] = {
	"inspect", "configure", "instrument", "train", "merge", "optimize", "verify", "install",
};

static int (*const fns[PH_N])(struct build *) = {
	phase_inspect, phase_configure, phase_instrument, phase_train, phase_merge,
	phase_optimize, phase_verify, phase_install,
};

const char *phase_name(enum phase p)
{
	return p < PH_N ? names[p] : "?";
}

int phase_parse(const char *s, enum phase *p)
{
	for (int i = 0; i < PH_N; i++)
		if (!strcmp(s, names[i])) {
			*p = (enum phase)i;
			return 0;
		}
	return -1;
}

char *build_path(const struct build *b, const char *rel)
{
	return path_join(b->bdir, rel);
}

long build_count_objects(const struct build *b)
{
	return count_files(b->obj, ".o", NULL);
}

static void stamp_name(const struct build *b, enum phase p, char **path)
{
	*path = xasprintf("%s/%s.json", b->stamps, names[p]);
}

static int stamp_exists(const struct build *b, enum phase p)
{
	char *s;
	int r;

	stamp_name(b, p, &s);
	r = is_file(s);
	free(s);
	return r;
}

static void stamp_remove(const struct build *b, enum phase p)
{
	char *s;

	stamp_name(b, p, &s);
	unlink(s);
	free(s);
}

double stamp_num(const struct build *b, enum phase p, const char *key, double dflt)
{
	char *path, *text;
	struct jv *v;
	double n = dflt;

	stamp_name(b, p, &path);
	text = read_file(path, NULL);
	v = text ? json_parse(text, NULL) : NULL;
	if (v)
		n = json_num(json_get(v, key), dflt);
	json_free(v);
	free(text);
	free(path);
	return n;
}

char *obj_state(const struct build *b)
{
	char *path = xasprintf("%s/objects", b->stamps);
	char *s = read_file(path, NULL);

	free(path);
	if (!s)
		return xstrdup("none");
	s[strcspn(s, "\n")] = '\0';
	return s;
}

void set_obj_state(const struct build *b, const char *state)
{
	char *path = xasprintf("%s/objects", b->stamps);
	char *text = xasprintf("%s\n", state);

	if (write_file(path, text, strlen(text)) < 0)
		die(EXIT_TMPDIR, "cannot write %s: %s", path, strerror(errno));
	free(path);
	free(text);
}

/* Remove what was compiled or linked below dir: objects, archives, shared
 * objects.  Generated sources and the build tools stay (see cpython.c). */
static int remove_built(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		struct stat st;
		char *p;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		p = path_join(dir, e->d_name);
		if (lstat(p, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				if (remove_built(p) < 0)
					rc = -1;
			} else if (endswith(e->d_name, ".o") || endswith(e->d_name, ".a") ||
				   endswith(e->d_name, ".so") || strstr(e->d_name, ".so.")) {
				if (unlink(p) < 0)
					rc = -1;
			}
		}
		free(p);
	}
	closedir(d);
	return rc;
}

int clean_objects(struct build *b)
{
	static const char *const programs[] = { "python", "python.exe", "Programs/_testembed", NULL };

	if (remove_built(b->obj) < 0)
		return phase_fail(b, EXIT_TMPDIR, "cannot remove the objects in %s: %s", b->obj, strerror(errno));
	for (int i = 0; programs[i]; i++) {
		char *p = path_join(b->obj, programs[i]);

		unlink(p);
		free(p);
	}
	build_log(b, "removed the objects, archives, shared objects and programs; kept the build tools");
	return 0;
}

/* ---- output ---- */

static void clock_prefix(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, n, "%H:%M:%S", &tm);
}

void build_log(struct build *b, const char *fmt, ...)
{
	char *path = xasprintf("%s/%s.log", b->logs, names[b->current]);
	FILE *f = fopen(path, "a");
	va_list ap;

	free(path);
	if (f) {
		va_start(ap, fmt);
		fputs("optpy: ", f);
		vfprintf(f, fmt, ap);
		fputc('\n', f);
		va_end(ap);
		fclose(f);
	}
	if (verbosity >= 2) {
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
		va_end(ap);
	}
}

int phase_fail(struct build *b, int status, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (b->tty)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "optpy: error: %s: %s\n", names[b->current], msg ? msg : "?");
	build_log(b, "error: %s", msg ? msg : "?");
	free(msg);
	return status;
}

static void say(struct build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct build *b, const char *fmt, ...)
{
	char ts[16];
	va_list ap;

	if (verbosity < 1)
		return;
	if (b->tty)
		fputs("\r\033[K", stderr);
	clock_prefix(ts, sizeof(ts));
	fprintf(stderr, "[%s] ", ts);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

struct tick_state {
	struct build *b;
	double last;
};

/* Called while a child runs: a live line on a terminal, a line every
 * minute otherwise (CI logs). */
static void tick(void *arg)
{
	struct tick_state *t = arg;
	struct build *b = t->b;
	double n = now(), el = n - b->phase_started;
	int instrument = b->current == PH_INSTRUMENT, optimize = b->current == PH_OPTIMIZE;

	if (verbosity < 1 || n - t->last < (b->tty ? 1.0 : 60.0))
		return;
	t->last = n;
	if (b->tty)
		fprintf(stderr, "\r\033[K");
	else {
		char ts[16];

		clock_prefix(ts, sizeof(ts));
		fprintf(stderr, "[%s] ", ts);
	}
	fprintf(stderr, "%s: %d:%02d", names[b->current], (int)el / 60, (int)el % 60);
	if (instrument || optimize) {
		long objs = build_count_objects(b);

		if (b->objects_total > 0)
			fprintf(stderr, ", %ld/%ld objects", objs, b->objects_total);
		else
			fprintf(stderr, ", %ld objects", objs);
	}
	if (!b->tty)
		fputc('\n', stderr);
	fflush(stderr);
}

int build_run(struct build *b, char *const *argv, char *const *env, const char *cwd, double timeout)
{
	struct run r = { 0 };
	struct tick_state ts = { b, now() };
	char *log = xasprintf("%s/%s.log", b->logs, names[b->current]);
	struct strbuf cmd = STRBUF_INIT;

	run_format_argv(&cmd, argv);
	build_log(b, "$ %s", sb_str(&cmd));
	sb_release(&cmd);
	r.argv = argv;
	r.env = env;
	r.cwd = cwd;
	r.log = log;
	r.timeout = timeout;
	r.tick = tick;
	r.tick_arg = &ts;
	run_cmd(&r);
	if (r.exit_code != 0) {
		struct strbuf why = STRBUF_INIT;

		run_describe(&why, &r);
		build_log(b, "-> %s", sb_str(&why));
		sb_release(&why);
	}
	free(log);
	return r.exit_code;
}

void build_keep_tools(struct build *b, struct strvec *argv)
{
	struct strvec tools = { 0 };

	/* the final build and install reuse the build tools the instrumented
	 * build linked, rather than LTO-linking the interpreter again for each */
	if ((b->current != PH_OPTIMIZE && b->current != PH_INSTALL) || !b->facts || !b->facts->build_tools)
		return;
	sv_split(&tools, b->facts->build_tools);
	for (size_t i = 0; i < tools.n; i++) {
		char *p = path_join(b->obj, tools.v[i]);

		if (is_exec(p)) {
			sv_push(argv, "-o");
			sv_push(argv, tools.v[i]);
		}
		free(p);
	}
	sv_clear(&tools);
}

int build_make(struct build *b, const char *targets, const struct strvec *vars)
{
	struct strvec argv = { 0 };
	int rc;

	sv_push(&argv, "make");
	sv_pushf(&argv, "-j%d", b->o.jobs);
	build_keep_tools(b, &argv);
	if (sv_split(&argv, targets) < 0)
		die(EXIT_FAIL, "bad make targets");
	if (vars)
		sv_pushv(&argv, vars->v);
	rc = build_run(b, argv.v, NULL, b->obj, 0);
	sv_clear(&argv);
	return rc;
}

static void add_flag(struct strbuf *sb, const char *f)
{
	if (sb->len)
		sb_addc(sb, ' ');
	sb_adds(sb, f);
}

static void join_flags(struct strbuf *sb, char *const *v)
{
	for (; v && *v; v++)
		add_flag(sb, *v);
}

/* The configured OPT without debug-info flags: -g does not change the code
 * the compiler generates, so the instrumented build (which nobody debugs)
 * skips it and compiles faster; the final build keeps the configured OPT. */
static char *opt_without_g(const struct build *b)
{
	char *mk = path_join(b->obj, "Makefile");
	char *text = read_file(mk, NULL);
	struct strbuf out = STRBUF_INIT;
	struct strvec words = { 0 };
	char *line, *res = NULL;

	free(mk);
	if (!text)
		return NULL;
	for (line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (startswith(line, "OPT=") || startswith(line, "OPT ="))
			break;
	if (line && *line) {
		char *eq = strchr(line, '=') + 1;
		char *val = xstrndup(eq, strcspn(eq, "\n"));
		int dropped = 0;

		if (!strchr(val, '$') && !strchr(val, '\\') && sv_split(&words, val) == 0) {
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
				res = sb_detach(&out);
		}
		free(val);
	}
	sv_clear(&words);
	sb_release(&out);
	free(text);
	return res;
}

void build_make_vars(struct build *b, int final, struct strvec *vars)
{
	struct strbuf cf = STRBUF_INIT, lf = STRBUF_INIT;
	struct strvec pgo = { 0 };
	const char *ucf = getenv("CFLAGS_NODIST"), *ulf = getenv("LDFLAGS_NODIST");

	if (ucf && *ucf)
		sb_adds(&cf, ucf);
	if (ulf && *ulf)
		sb_adds(&lf, ulf);
	if (b->d.pgo)
		flags_subst(&pgo, final ? b->d.pgo_use.v : b->d.pgo_gen.v, b->rawdir, b->profdir);
	join_flags(&cf, pgo.v);
	if (!final)
		join_flags(&lf, pgo.v); /* the instrumented link needs the profiling runtime */
	if (final && b->d.lto != LTO_OFF) {
		join_flags(&cf, b->d.lto_cflags.v);
		join_flags(&lf, b->d.lto_ldflags.v);
		if (b->o.fat_lto && b->tc.family == CC_GCC)
			add_flag(&cf, "-ffat-lto-objects");
	}
	if (final && b->tc.family == CC_GCC) {
		/* what CPython's --enable-optimizations adds for gcc */
		add_flag(&cf, "-fno-semantic-interposition");
		add_flag(&lf, "-fno-semantic-interposition");
	}
	if (!final && b->d.pgo) {
		char *opt = opt_without_g(b);

		if (opt)
			sv_pushf(vars, "OPT=%s", opt);
		free(opt);
	}
	sv_pushf(vars, "CFLAGS_NODIST=%s", sb_str(&cf));
	sv_pushf(vars, "LDFLAGS_NODIST=%s", sb_str(&lf));
	sb_release(&cf);
	sb_release(&lf);
	sv_clear(&pgo);
}

/* ---- the driver ---- */

static void write_report(struct build *b, const char *status, int exit_status, int failed_phase,
			 double failed_seconds, const char *tail)
{
	struct jw w = { 0 };
	char *path = build_path(b, "report.json");
	double total = 0;
	struct strvec vars = { 0 };

	jw_obj(&w, NULL);
	jw_str(&w, "optpy", PACKAGE_VERSION);
	jw_str(&w, "status", status);
	jw_int(&w, "exit_status", exit_status);
	jw_str(&w, "source", b->o.source);
	jw_str(&w, "source_tree", b->src);
	jw_str(&w, "build_dir", b->bdir);
	jw_str(&w, "python_version", b->version[0] ? b->version : NULL);
	jw_obj(&w, "toolchain");
	detect_report_json(&w, &b->tc, &b->d);
	jw_end_obj(&w);
	jw_obj(&w, "flags");
	for (int final = 0; final <= 1; final++) {
		build_make_vars(b, final, &vars);
		jw_arr(&w, final ? "final" : "instrument");
		for (size_t i = 0; i < vars.n; i++)
			jw_str(&w, NULL, vars.v[i]);
		jw_end_arr(&w);
		sv_clear(&vars);
	}
	jw_str(&w, "archiver", b->tc.ar.path);
	jw_end_obj(&w);
	jw_obj(&w, "phases");
	for (int p = 0; p < PH_N; p++) {
		char *stamp;
		char *text;

		stamp_name(b, (enum phase)p, &stamp);
		text = read_file(stamp, NULL);
		if (text) {
			const struct jv *secs;
			struct jv *v = json_parse(text, NULL);

			secs = v ? json_get(v, "seconds") : NULL;
			total += json_num(secs, 0);
			json_free(v);
			jw_raw(&w, names[p], text);
			free(text);
		} else if (p == failed_phase) {
			char *log = xasprintf("%s/%s.log", b->logs, names[p]);

			jw_obj(&w, names[p]);
			jw_str(&w, "status", status);
			jw_num(&w, "seconds", failed_seconds);
			jw_str(&w, "log", log);
			jw_str(&w, "log_tail", tail);
			jw_end_obj(&w);
			total += failed_seconds;
			free(log);
		}
		free(stamp);
	}
	jw_end_obj(&w);
	jw_num(&w, "total_seconds", total);
	jw_end_obj(&w);
	if (write_file(path, w.sb.buf, w.sb.len) < 0)
		warn("cannot write %s: %s", path, strerror(errno));
	free(path);
	sb_release(&w.sb);
}

static void take_lock(struct build *b)
{
	char *path = build_path(b, ".lock");
	char pid[32];
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);

	if (fd < 0)
		die(EXIT_TMPDIR, "cannot create %s: %s\n  fix: choose a writable --build-dir", path,
		    strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		char *owner = read_file(path, NULL);

		if (owner)
			owner[strcspn(owner, "\n")] = '\0';

		die(EXIT_LOCKED, "%s is in use by another optpy build (pid %s)\n"
		    "  fix: wait for it to finish, or use another --build-dir",
		    b->bdir, owner && *owner ? owner : "?");
	}
	if (ftruncate(fd, 0) == 0) {
		int n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());

		if (write(fd, pid, (size_t)n) < 0)
			warn("cannot write %s", path);
	}
	b->lockfd = fd;
	free(path);
}

static void make_dirs(struct build *b)
{
	const char *dirs[] = { b->bdir, b->logs, b->stamps, b->obj };
	char *probe;
	int fd;

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (mkdir_p(dirs[i]) < 0)
			die(EXIT_TMPDIR, "cannot create the build directory %s: %s\n"
			    "  fix: choose a writable --build-dir", dirs[i], strerror(errno));
	probe = build_path(b, ".write-test");
	fd = open(probe, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (fd < 0 || write(fd, "ok\n", 3) != 3 || close(fd) < 0)
		die(EXIT_TMPDIR, "the build directory %s is not writable (%s)\n"
		    "  fix: choose a writable --build-dir with free space", b->bdir, strerror(errno));
	unlink(probe);
	free(probe);
}

/* The options a build directory was made with: resuming with other ones
 * would mix two builds. */
static void check_options(struct build *b)
{
	struct strbuf fp = STRBUF_INIT;
	char *path = xasprintf("%s/options", b->stamps);
	char *old = read_file(path, NULL);

	sb_addf(&fp, "source=%s\ncc=%s\nlto=%s\nprofile=%s\nprefix=%s\nfat-lto=%d\nconfigure=",
		b->o.source, b->tc.cc_string, lto_name(b->d.lto), b->o.profile ? b->o.profile : "default",
		b->o.prefix ? b->o.prefix : "", b->o.fat_lto);
	for (size_t i = 0; i < b->o.configure_args.n; i++)
		sb_addf(&fp, "%s%s", i ? " " : "", b->o.configure_args.v[i]);
	sb_addc(&fp, '\n');
	if (old && strcmp(old, sb_str(&fp)) && !b->o.from) {
		die(EXIT_USAGE, "%s was built with other options:\n%s"
		    "  fix: use the same options, another --build-dir, or --from configure to rebuild",
		    b->bdir, old);
	}
	if (!old || strcmp(old, sb_str(&fp)))
		write_file(path, fp.buf, fp.len);
	free(old);
	free(path);
	sb_release(&fp);
}

static void fail_report(struct build *b, enum phase p, int status, double secs)
{
	char *log = xasprintf("%s/%s.log", b->logs, names[p]);
	char *text = read_file(log, NULL);
	struct strbuf tail = STRBUF_INIT;

	sb_tail_lines(&tail, text ? text : "", 20);
	if (b->tty)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "optpy: %s failed after %.0f s (exit %d). Last lines of %s:\n%s\n",
		names[p], secs, status, log, sb_str(&tail));
	write_report(b, status == EXIT_INTERRUPTED ? "interrupted" : "failed", status, p, secs,
		     sb_str(&tail));
	free(log);
	free(text);
	sb_release(&tail);
}

int build_main(struct build *b)
{
	enum phase start = PH_INSPECT;
	struct detect_opts dopts = { 0 };
	const char *to = getenv("OPTPY_PROBE_TIMEOUT");
	double t0 = now();
	enum phase last = PH_N;

	if (b->o.until && phase_parse(b->o.until, &last) < 0)
		die(EXIT_USAGE, "--until: unknown phase '%s'", b->o.until);
	b->tty = isatty(2);
	make_dirs(b);
	take_lock(b);
	run_install_signals();

	dopts.cc = b->o.cc;
	dopts.tmpdir = b->o.tmpdir;
	dopts.probe_timeout = to ? atof(to) : 60;
	detect_toolchain(&b->tc, &dopts);
	decide(&b->d, &b->tc, b->o.lto, &dopts);
	if (b->d.refused)
		die(EXIT_LTO_REFUSED, "%s", b->d.refused);
	if (b->tc.family == CC_UNKNOWN)
		die(EXIT_UNKNOWN_CC, "'%s' is not a compiler optpy knows\n  fix: set CC or --cc to gcc or clang",
		    b->tc.cc_string);
	say(b, "toolchain: %s %s; LTO %s%s%s; PGO %s%s", family_name(b->tc.family), b->tc.version.str,
	    lto_name(b->d.lto), b->d.linker ? " with " : "", b->d.linker ? b->d.linker : "",
	    b->d.pgo ? "yes" : "no", b->d.pgo ? "" : " (the build will not be profile-guided)");
	if (!b->d.pgo) {
		for (size_t i = 0; i < b->d.pgo_reasons.n; i++)
			say(b, "  PGO %s", b->d.pgo_reasons.v[i]);
		if (b->d.pgo_fix)
			say(b, "  fix: %s", b->d.pgo_fix);
	}
	if (b->d.pgo) {
		/* a bad profile is found now, not after the instrumented build */
		struct profile prof;
		char *err = profile_load(b->o.profile ? b->o.profile : "default", &prof);

		if (err)
			die(EXIT_USAGE, "%s\n  fix: --profile NAME (a file in %s/profiles) or a manifest path",
			    err, datadir());
		profile_free(&prof);
	}
	check_options(b);

	if (b->o.from) {
		if (phase_parse(b->o.from, &start) < 0)
			die(EXIT_USAGE, "--from: unknown phase '%s' (inspect, configure, instrument, "
			    "train, merge, optimize, verify, install)", b->o.from);
		/* the final build replaced the instrumented one: training again needs it back */
		char *st = obj_state(b);

		if ((start == PH_TRAIN || start == PH_MERGE) &&
		    (!strcmp(st, "optimized") || !strcmp(st, "optimizing"))) {
			say(b, "the instrumented build was replaced by the optimized one: redoing instrument");
			start = PH_INSTRUMENT;
		}
		/* an explicit --from optimize rebuilds from a clean tree */
		if (start == PH_OPTIMIZE && !strcmp(st, "optimizing"))
			set_obj_state(b, "optimized");
		free(st);
	}
	{
		/* never past the first unfinished phase, --from or not */
		enum phase first = PH_INSPECT;

		while (first < PH_N && stamp_exists(b, first))
			first++;
		if (!b->o.from || start > first) {
			if (b->o.from && start > first)
				say(b, "%s has not finished yet: starting there", names[first]);
			start = first;
		}
	}
	if (start > PH_INSPECT) {
		/* inspect is cheap and fills in the version and paths: always run it */
		b->current = PH_INSPECT;
		if (phase_inspect(b) != 0)
			return EXIT_SOURCE;
	}
	for (int p = start; p < PH_N; p++)
		stamp_remove(b, (enum phase)p);
	if (start > PH_INSPECT && start < PH_N)
		say(b, "resuming at %s", names[start]);

	for (int p = start; p < PH_N; p++) {
		int rc;
		double secs;

		if ((p == PH_INSTALL && !b->o.install) || (last < PH_N && p > (int)last))
			break;
		b->current = (enum phase)p;
		b->phase_started = now();
		memset(&b->res, 0, sizeof(b->res));
		jw_obj(&b->res, NULL);
		say(b, "%s ...", names[p]);
		{
			/* a fresh log per attempt; the previous attempt's stays as .log.1 */
			char *log = xasprintf("%s/%s.log", b->logs, names[p]);
			char *old = xasprintf("%s.1", log);

			rename(log, old);
			free(log);
			free(old);
		}
		build_log(b, "%s started", names[p]);
		rc = fns[p](b);
		secs = now() - b->phase_started;
		if (run_interrupted)
			rc = EXIT_INTERRUPTED;
		if (rc != 0) {
			sb_release(&b->res.sb);
			fail_report(b, (enum phase)p, rc, secs);
			if (rc == EXIT_INTERRUPTED)
				fprintf(stderr, "optpy: interrupted; run the same command again to resume at %s\n",
					names[p]);
			return rc;
		}
		jw_str(&b->res, "status", "ok");
		jw_num(&b->res, "seconds", secs);
		{
			char *log = xasprintf("%s/%s.log", b->logs, names[p]);

			jw_str(&b->res, "log", log);
			free(log);
		}
		jw_end_obj(&b->res);
		{
			char *stamp;

			stamp_name(b, (enum phase)p, &stamp);
			if (write_file(stamp, b->res.sb.buf, b->res.sb.len) < 0)
				die(EXIT_TMPDIR, "cannot write %s: %s", stamp, strerror(errno));
			free(stamp);
		}
		sb_release(&b->res.sb);
		say(b, "%s done in %.0f s", names[p], secs);
		write_report(b, "running", 0, -1, 0, NULL);
	}
	if (last < PH_N && last < PH_VERIFY) {
		write_report(b, "partial", 0, -1, 0, NULL);
		say(b, "stopped after %s (--until) in %.0f s", names[last], now() - t0);
		return EXIT_OK;
	}
	write_report(b, "ok", 0, -1, 0, NULL);
	say(b, "done in %.0f s: %s/obj/python; report: %s/report.json", now() - t0, b->bdir, b->bdir);
	return EXIT_OK;
}
