/* phase.c - what every phase shares (see phase.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "builddir.h"
#include "elfinfo.h"
#include "err.h"
#include "hash.h"
#include "phase.h"
#include "walk.h"

static const char *const names[PH_N] = {
	"inspect", "configure", "instrument", "train", "merge", "optimize", "bolt", "verify", "install",
};

const char *phase_name(enum phase p)
{
	return (unsigned)p < PH_N ? names[p] : "setup";
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

char *phase_log_path(const struct build *b, enum phase p)
{
	return xasprintf("%s/%s.log", b->logs, phase_name(p));
}

static void vlog(struct build *b, const char *prefix, const char *fmt, va_list ap)
{
	char *path = phase_log_path(b, b->current);
	int fd = open_append(path);
	FILE *f = fd >= 0 ? fdopen(fd, "a") : NULL;

	free(path);
	if (!f) {
		if (fd >= 0)
			close(fd);
		return;
	}
	fprintf(f, "optpy: %s", prefix);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
	fclose(f);
}

void build_log(struct build *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(b, "", fmt, ap);
	va_end(ap);
	va_start(ap, fmt);
	msg_vsend(&b->o.msg, MSG_DETAIL, fmt, ap);
	va_end(ap);
}

/* A line to the current phase's log, after "optpy: PREFIX". */
static void log_line(struct build *b, const char *prefix, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(b, prefix, fmt, ap);
	va_end(ap);
}

void build_warn(struct build *b, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (!msg)
		return;
	sv_push(&b->warnings, msg);
	log_line(b, "warning: ", "%s", msg);
	/* warnings are shown even with --quiet: it silences progress only */
	msg_send(&b->o.msg, MSG_WARNING, "%s", msg);
	free(msg);
}

static void clock_prefix(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, n, "%H:%M:%S", &tm);
}

void build_say(struct build *b, const char *fmt, ...)
{
	char ts[16], *text;
	va_list ap;

	if (!msg_wanted(&b->o.msg, MSG_NOTE))
		return;
	clock_prefix(ts, sizeof(ts));
	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) >= 0) {
		msg_send(&b->o.msg, MSG_NOTE, "[%s] %s", ts, text);
		free(text);
	}
	va_end(ap);
}

/* Is the build directory's file system full, or did the phase's log say so? */
static int disk_full(const struct build *b)
{
	struct statvfs sv;
	char *log = phase_log_path(b, b->current);
	char *text = read_file_flags(log, NULL, O_NOFOLLOW);
	int full = text && strstr(text, "No space left on device");

	free(log);
	free(text);
	if (!full && statvfs(b->bdir, &sv) == 0)
		full = (unsigned long long)sv.f_bavail * sv.f_frsize < 64 * 1024;
	return full;
}

int build_fail(struct build *b, int status, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (run_interrupted || status == EXIT_INTERRUPTED) {
		/* what failed was stopped by the interruption: no false error */
		free(b->fail_msg);
		b->fail_msg = xstrdup("interrupted (SIGINT, SIGTERM or SIGHUP)");
		build_log(b, "%s", b->fail_msg);
		return EXIT_INTERRUPTED;
	}
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (status != EXIT_TMPDIR && disk_full(b)) {
		char *full = xasprintf("no space left on device in %s (%s)\n  fix: free space there, or "
				       "use another --build-dir", b->bdir, msg ? msg : "?");

		free(msg);
		msg = full;
		status = EXIT_TMPDIR;
	}
	free(b->fail_msg);
	b->fail_msg = msg ? msg : xstrdup("?");
	build_log(b, "error: %s", b->fail_msg);
	return status;
}

/* ---- children ---- */

struct tick_state {
	struct build *b;           /* the build whose phase runs */
	double last;               /* now() of the last status line */
};

/* Called while a child runs: a live line on a terminal, a line every
 * minute otherwise (CI logs). */
static void tick(void *arg)
{
	struct tick_state *t = arg;
	struct build *b = t->b;
	double n = now(), el = n - b->phase_started;
	struct strbuf sb = STRBUF_INIT;

	if (!msg_wanted(&b->o.msg, MSG_STATUS) || n - t->last < (b->tty ? 1.0 : 60.0))
		return;
	t->last = n;
	if (!b->tty) {
		char ts[16];

		clock_prefix(ts, sizeof(ts));
		sb_addf(&sb, "[%s] ", ts);
	}
	sb_addf(&sb, "%s: %d:%02d", phase_name(b->current), (int)el / 60, (int)el % 60);
	if (b->current == PH_INSTRUMENT || b->current == PH_OPTIMIZE) {
		long objs = build_count_objects(b);

		if (b->objects_total > 0)
			sb_addf(&sb, ", %ld/%ld objects", objs, b->objects_total);
		else
			sb_addf(&sb, ", %ld objects", objs);
	}
	msg_send(&b->o.msg, MSG_STATUS, "%s", sb_str(&sb));
	sb_release(&sb);
}

int build_run(struct build *b, char *const *argv, char *const *env, const char *cwd, double timeout)
{
	struct run r = { 0 };
	struct tick_state ts = { b, now() };
	char *log = phase_log_path(b, b->current);
	struct strbuf cmd = STRBUF_INIT;
	struct strvec edits = { 0 };

	run_format_argv(&cmd, argv);
	build_log(b, "$ %s", sb_str(&cmd));
	sb_release(&cmd);
	/* the build's environment, its own edits, then the caller's */
	sv_pushv(&edits, b->child_env.v);
	sv_pushv(&edits, env);
	r.ctx = &b->runs;
	r.argv = argv;
	r.base_env = env_vector(&b->o.env);
	r.env = edits.v;
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
	sv_clear(&edits);
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
	struct strvec argv = { 0 }, env = { 0 };
	long objects;
	int rc;

	sv_push(&argv, "make");
	sv_pushf(&argv, "-j%d", b->o.jobs);
	build_keep_tools(b, &argv);
	if (sv_split(&argv, targets) < 0)
		BUG("unbalanced quote in make targets '%s'", targets);
	if (vars)
		sv_pushv(&argv, vars->v);
	if (farm_make_begin(b, &argv, &env, &objects) < 0) {
		rc = build_fail(b, EXIT_BUILD_DIR, "cannot make the farm's log in %s: %s", b->logs, strerror(errno));
		goto out;
	}
	rc = build_run(b, argv.v, env.v, b->obj, 0);
	farm_make_end(b, objects);
out:
	sv_clear(&argv);
	sv_clear(&env);
	return rc;
}

const char *build_relpath(const struct build *b, const char *p)
{
	size_t n = strlen(b->bdir);

	return !strncmp(p, b->bdir, n) && p[n] == '/' ? p + n + 1 : p;
}

long build_count_objects(const struct build *b)
{
	return count_files(b->obj, ".o", NULL);
}

/* ---- stamps and the object tree ---- */

char *stamp_path(const struct build *b, enum phase p)
{
	return xasprintf("%s/%s.json", b->stamps, phase_name(p));
}

int stamp_exists(const struct build *b, enum phase p)
{
	char *s = stamp_path(b, p);
	int r = is_file(s);

	free(s);
	return r;
}

void stamp_remove(const struct build *b, enum phase p)
{
	char *s = stamp_path(b, p);

	unlink(s);
	free(s);
}

json_t *stamp_read(const struct build *b, enum phase p)
{
	char *path = stamp_path(b, p);
	char *text = read_file_flags(path, NULL, O_NOFOLLOW);
	json_t *v = text ? js_parse(text, NULL) : NULL;

	free(text);
	free(path);
	return v;
}

double stamp_num(const struct build *b, enum phase p, const char *key, double dflt)
{
	json_t *v = stamp_read(b, p);
	double n = v ? js_num(js_get(v, key), dflt) : dflt;

	json_decref(v);
	return n;
}

static int sv_has(const struct strvec *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return 1;
	return 0;
}

void build_binaries(const struct build *b, struct strvec *out, struct strvec *unused)
{
	struct strvec libs = { 0 }, needed = { 0 };
	struct stat st;
	int known = elf_needed(b->python, &needed) == 0;

	sv_push(out, b->python);
	list_dir(b->obj, cpython_shared_suffix, &libs);
	for (size_t i = 0; i < libs.n; i++) {
		if (!startswith(path_base(libs.v[i]), "libpython") || lstat(libs.v[i], &st) < 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		/* 3.15's --enable-static-libpython-for-interpreter: the shared
		 * object is built for embedders, the interpreter does not load it */
		if (known && !sv_has(&needed, path_base(libs.v[i]))) {
			if (unused)
				sv_push(unused, libs.v[i]);
			continue;
		}
		sv_push(out, libs.v[i]);
	}
	sv_clear(&libs);
	sv_clear(&needed);
}

void stamp_binaries(struct build *b, const struct strvec *bins)
{
	jw_obj(&b->res, STAMP_BINARIES_SHA256);
	for (size_t i = 0; i < bins->n; i++) {
		char *sum = sha256_file(bins->v[i]);

		jw_str(&b->res, path_base(bins->v[i]), sum);
		free(sum);
	}
	jw_end_obj(&b->res);
}

int stamp_binaries_match(const struct build *b, enum phase p, int prebolt, char **which)
{
	json_t *v = stamp_read(b, p);
	const json_t *rec = js_get(v, STAMP_BINARIES_SHA256);
	const char *name;
	json_t *want;
	int same = 1;

	*which = NULL;
	json_object_foreach((json_t *)rec, name, want) {
		char *path = path_join(b->obj, name), *pre = xasprintf("%s.prebolt", path);
		char *sum = sha256_file(prebolt && is_file(pre) ? pre : path);

		same = sum && js_str(want, NULL) && !strcmp(sum, js_str(want, ""));
		if (!same)
			*which = xstrdup(prebolt && is_file(pre) ? pre : path);
		free(sum);
		free(pre);
		free(path);
		if (!same)
			break;
	}
	json_decref(v);
	return same;
}

enum obj_state obj_state(const struct build *b)
{
	return obj_state_read(b->stamps);
}

int set_obj_state(struct build *b, enum obj_state st)
{
	if (obj_state_write(b->stamps, st) < 0)
		return build_fail(b, EXIT_TMPDIR, "cannot write %s/objects: %s", b->stamps, strerror(errno));
	return 0;
}

/* Remove what was compiled or linked: objects, archives, shared objects. */
static int remove_built(const char *path, const char *name, const struct stat *st, enum walk_when when,
			int depth, void *arg)
{
	int *rc = arg;

	if (when == WALK_FILE && S_ISREG(st->st_mode) &&
	    (endswith(name, ".o") || endswith(name, ".a") || endswith(name, ".so") || strstr(name, ".so.")) &&
	    unlink(path) < 0)
		*rc = -1;
	return 0;
}

int clean_objects(struct build *b)
{
	int rc = 0;

	if (walk(b->obj, remove_built, &rc) < 0 || rc < 0)
		return build_fail(b, EXIT_TMPDIR, "cannot remove the objects in %s: %s", b->obj, strerror(errno));
	for (int i = 0; cpython_programs[i]; i++) {
		char *p = path_join(b->obj, cpython_programs[i]);
		char *pre = xasprintf("%s.prebolt", p);

		/* and the binary an earlier bolt phase set aside: beside a
		 * rebuilt python it would pass for that build's PGO+LTO one */
		unlink(p);
		unlink(pre);
		free(pre);
		free(p);
	}
	build_log(b, "removed the objects, archives, shared objects and programs; kept the build tools");
	return 0;
}

void stamp_make_vars(struct build *b, const struct strvec *vars)
{
	jw_arr(&b->res, STAMP_MAKE_VARS);
	for (size_t i = 0; i < vars->n; i++)
		jw_str(&b->res, NULL, vars->v[i]);
	jw_end_arr(&b->res);
}
