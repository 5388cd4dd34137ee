/* staticlib.c - see staticlib.h.  Steps per archive: read its members with
 * libarchive into BUILD/staticlib/N/ (one directory per member, so that two
 * members of one name stay apart), compile the LTO-only ones in parallel,
 * write a new archive with the toolchain's archiver (appending in order,
 * deterministic), and put it in place of the installed one. */
#define _GNU_SOURCE
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfinfo.h"
#include "hash.h"
#include "makevars.h"
#include "phase.h"
#include "staticlib.h"
#include "walk.h"

enum member_code member_code_of(const char *data, unsigned long len)
{
	switch (object_lto_content(data, len)) {
	case LTO_BITCODE: return CODE_BITCODE;
	case LTO_GCC_SLIM: return CODE_GCC_SLIM;
	default: return CODE_MACHINE;
	}
}

struct member {
	char *name;            /* its name in the archive (one path component) */
	char *lto;             /* the member as read, when it is compiled (else NULL) */
	char *out;             /* what goes into the new archive: BUILD/staticlib/N/M/NAME */
	enum member_code code;
	struct strvec argv;    /* the compile command, when compiled */
};

struct archive_job {
	const char *lib;       /* the installed archive */
	char *work;            /* BUILD/staticlib/N */
	struct member *m;
	int n, cap;
	int compiled;          /* members compiled to machine code */
};

static void job_free(struct archive_job *j)
{
	for (int i = 0; i < j->n; i++) {
		free(j->m[i].name);
		free(j->m[i].lto);
		free(j->m[i].out);
		sv_clear(&j->m[i].argv);
	}
	free(j->m);
	free(j->work);
}

/* A member (or a lone object) into j->work/M: kept as it is when it holds
 * machine code, else as M.lto for compile_members. */
static int add_member(struct build *b, struct archive_job *j, const char *name, const char *data, size_t len)
{
	struct member *m;
	char *dir;
	int rc = 0;

	if (j->n == j->cap) {
		j->cap = j->cap ? 2 * j->cap : 64;
		j->m = xrealloc(j->m, (size_t)j->cap * sizeof(*j->m));
	}
	m = &j->m[j->n++];
	memset(m, 0, sizeof(*m));
	m->name = xstrdup(name);
	m->code = member_code_of(data, (unsigned long)len);
	dir = xasprintf("%s/%d", j->work, j->n);
	m->out = path_join(dir, name);
	if (m->code != CODE_MACHINE)
		m->lto = xasprintf("%s.lto", dir);
	if (mkdir(dir, 0755) < 0 || write_file(m->lto ? m->lto : m->out, data, len) < 0)
		rc = build_fail(b, EXIT_TMPDIR, "cannot write %s: %s", dir, strerror(errno));
	free(dir);
	return rc;
}

/* Put from in place of the installed file to, keeping to's permissions. */
static int replace_installed(struct build *b, const char *from, const char *to)
{
	struct stat st;

	if (lstat(to, &st) < 0 || copy_file(from, to) < 0 || chmod(to, st.st_mode & 07777) < 0)
		return build_fail(b, EXIT_TMPDIR, "cannot replace %s: %s", to, strerror(errno));
	return 0;
}

/* Read the archive's members into j->work. */
static int read_members(struct build *b, struct archive_job *j)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ent;
	char *buf = NULL;
	int rc = 0, r;

	archive_read_support_format_ar(a);
	if (archive_read_open_filename(a, j->lib, 65536) != ARCHIVE_OK) {
		rc = build_fail(b, EXIT_PHASE, "cannot read %s as an archive: %s", j->lib,
				archive_error_string(a));
		goto out;
	}
	while ((r = archive_read_next_header(a, &ent)) != ARCHIVE_EOF) {
		const char *name = r >= ARCHIVE_WARN ? archive_entry_pathname(ent) : NULL;
		la_int64_t size = r >= ARCHIVE_WARN ? archive_entry_size(ent) : -1;
		la_ssize_t got;

		if (r < ARCHIVE_WARN) {
			rc = build_fail(b, EXIT_PHASE, "cannot read a member of %s: %s", j->lib,
					archive_error_string(a));
			goto out;
		}
		/* the symbol index (SysV and BSD names) is written anew, and
		 * libarchive has read GNU's long-name table ("//") itself */
		if (name && (!strcmp(name, "/") || !strcmp(name, "//") || !strcmp(name, "/SYM64/") ||
			     startswith(name, "__.SYMDEF")))
			continue;
		if (!name || !*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..") ||
		    size < 0 || size > (1LL << 31)) {
			rc = build_fail(b, EXIT_PHASE, "%s has a member named \"%s\" (%lld bytes), which is "
					"not an object file's", j->lib, name ? name : "", (long long)size);
			goto out;
		}
		buf = xrealloc(buf, (size_t)size + 1);
		got = archive_read_data(a, buf, (size_t)size);
		if (got != size) {
			rc = build_fail(b, EXIT_PHASE, "cannot read member %s of %s: %s", name, j->lib,
					got < 0 ? archive_error_string(a) : "short read");
			goto out;
		}
		if ((rc = add_member(b, j, name, buf, (size_t)size)) != 0)
			goto out;
	}
out:
	archive_read_free(a);
	free(buf);
	return rc;
}

/* The command that makes machine code of an LTO-only member. */
static void compile_argv(const struct build *b, struct member *m)
{
	/* the compiler itself: a launcher (ccache, distcc) has nothing to
	 * cache or send in a link */
	for (size_t i = (size_t)b->tc.cc_index; i < b->tc.cc.n; i++)
		sv_push(&m->argv, b->tc.cc.v[i]);
	if (m->code == CODE_GCC_SLIM) {
		/* a relocatable LTO link of one object, written as machine code:
		 * the options and profile recorded in its streams apply; one
		 * partition, or gcc would make its static functions global
		 * (NAME.lto_priv.0), and two members would clash at link time */
		for (size_t i = 0; i < b->d.lto_ldflags.n; i++)
			if (startswith(b->d.lto_ldflags.v[i], "-fuse-ld="))
				sv_push(&m->argv, b->d.lto_ldflags.v[i]);
		sv_push(&m->argv, "-flto-partition=none");
		if (b->pgo)
			sv_pushv(&m->argv, b->d.pgo_link.v);
		build_repro_flags(b, &m->argv);
		sv_push(&m->argv, "-r");
		sv_push(&m->argv, "-flinker-output=nolto-rel");
	} else {
		/* bitcode carries its profile and PIC level; -O3 as CPython's OPT */
		sv_push(&m->argv, "-c");
		sv_push(&m->argv, "-O3");
		sv_push(&m->argv, "-x");
		sv_push(&m->argv, "ir");
	}
	sv_push(&m->argv, m->lto);
	sv_push(&m->argv, "-o");
	sv_push(&m->argv, m->out);
}

static int compile_members(struct build *b, struct archive_job *j)
{
	struct run *rs = xcalloc((size_t)j->n + 1, sizeof(*rs));
	int *idx = xcalloc((size_t)j->n + 1, sizeof(*idx));
	char *log = phase_log_path(b, b->current);
	struct strbuf cmd = STRBUF_INIT;
	int n = 0, rc = 0, jobs = b->o.jobs > 0 ? b->o.jobs : (int)(b->tc.cores > 0 ? b->tc.cores : 1);

	for (int i = 0; i < j->n; i++) {
		if (j->m[i].code == CODE_MACHINE)
			continue;
		compile_argv(b, &j->m[i]);
		run_format_argv(&cmd, j->m[i].argv.v);
		build_log(b, "$ %s", sb_str(&cmd));
		sb_reset(&cmd);
		rs[n].ctx = &b->runs;
		rs[n].argv = j->m[i].argv.v;
		rs[n].base_env = env_vector(&b->o.env);
		rs[n].log = log;
		rs[n].cwd = b->obj; /* where make compiled it: paths in it are relative to there */
		idx[n++] = i;
	}
	if (n && run_pool(rs, n, jobs, 0) != 0) {
		for (int k = 0; k < n; k++) {
			struct strbuf why = STRBUF_INIT;

			if (rs[k].exit_code == 0)
				continue;
			run_describe(&why, &rs[k]);
			rc = build_fail(b, run_interrupted ? EXIT_INTERRUPTED : EXIT_PHASE,
					"compiling member %s of %s to machine code failed (%s; see %s)",
					j->m[idx[k]].name, j->lib, sb_str(&why), log);
			sb_release(&why);
			break;
		}
	}
	j->compiled = rc ? 0 : n;
	sb_release(&cmd);
	free(rs);
	free(idx);
	free(log);
	return rc;
}

/* The new archive, in the members' order, then in place of the installed one. */
static int write_archive(struct build *b, struct archive_job *j)
{
	struct strvec argv = { 0 };
	char *fresh = path_join(j->work, "new.a");
	int rc;

	sv_push(&argv, b->tc.ar.path ? b->tc.ar.path : "ar");
	sv_push(&argv, "qcsD"); /* append (two members may share a name), index, no times */
	sv_push(&argv, fresh);
	for (int i = 0; i < j->n; i++)
		sv_push(&argv, j->m[i].out);
	if ((rc = build_run(b, argv.v, NULL, j->work, 0)) != 0) {
		rc = build_fail(b, EXIT_PHASE, "writing the new %s failed (exit %d)", path_base(j->lib), rc);
		goto out;
	}
	rc = replace_installed(b, fresh, j->lib);
out:
	sv_clear(&argv);
	free(fresh);
	return rc;
}

/* One installed archive, its work in BUILD/staticlib/nth.  A second copy
 * of the same bytes (CPython installs libpython3.X.a in lib/ and in
 * config-3.X/) takes the first one's result: *done holds it (new.a) and
 * *done_sum the original's digest. */
static int relink_one(struct build *b, const char *lib, int nth, char **done, char **done_sum)
{
	struct archive_job j = { .lib = lib };
	char *top = path_join(b->bdir, "staticlib"), *sum = sha256_file(lib);
	double t0 = now();
	int rc = 0, same = 0;

	j.work = xasprintf("%s/%d", top, nth);
	if (*done && sum && *done_sum && !strcmp(sum, *done_sum)) {
		if ((rc = replace_installed(b, *done, lib)) == 0)
			build_log(b, "%s: the same archive as the one before, replaced by its result", lib);
		same = 1;
		goto report;
	}
	rm_rf(j.work);
	if (mkdir_p(j.work) < 0) {
		rc = build_fail(b, EXIT_TMPDIR, "cannot create %s: %s", j.work, strerror(errno));
		goto out;
	}
	if ((rc = read_members(b, &j)) != 0 || (rc = compile_members(b, &j)) != 0)
		goto out;
	if (j.compiled && (rc = write_archive(b, &j)) != 0)
		goto out;
	build_log(b, "%s: %d members, %d compiled to machine code", lib, j.n, j.compiled);
	if (j.compiled) {
		free(*done);
		free(*done_sum);
		*done = path_join(j.work, "new.a");
		*done_sum = sum;
		sum = NULL;
	}
report:
	if (rc == 0) {
		jw_obj(&b->res, NULL);
		jw_str(&b->res, "path", lib);
		jw_bool(&b->res, "same_as_previous", same);
		jw_int(&b->res, "members", j.n);
		jw_int(&b->res, "compiled", j.compiled);
		jw_num(&b->res, "seconds", now() - t0);
		jw_end_obj(&b->res);
	}
out:
	job_free(&j);
	free(top);
	free(sum);
	return rc;
}

/* An installed object file (config-3.X/python.o, which a program that
 * embeds Python links): machine code in place of LTO code, as for an
 * archive's member. */
static int relink_object(struct build *b, const char *path, int nth)
{
	struct archive_job j = { .lib = path };
	size_t len = 0;
	char *data = read_file_flags(path, &len, O_NOFOLLOW);
	int rc;

	j.work = xasprintf("%s/staticlib/object-%d", b->bdir, nth);
	if (!data) {
		rc = build_fail(b, EXIT_PHASE, "cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	rm_rf(j.work);
	if (mkdir_p(j.work) < 0) {
		rc = build_fail(b, EXIT_TMPDIR, "cannot create %s: %s", j.work, strerror(errno));
		goto out;
	}
	if ((rc = add_member(b, &j, path_base(path), data, len)) != 0 || (rc = compile_members(b, &j)) != 0)
		goto out;
	if (j.compiled && (rc = replace_installed(b, j.m->out, path)) != 0)
		goto out;
	jw_obj(&b->res, NULL);
	jw_str(&b->res, "path", path);
	jw_bool(&b->res, "compiled", j.compiled > 0);
	jw_end_obj(&b->res);
out:
	job_free(&j);
	free(data);
	return rc;
}

struct find {
	char *stem;            /* "libpython3.13" */
	struct strvec libs;    /* the archives found */
	struct strvec objs;    /* the objects found (config-3.X/python.o) */
};

static int find_lib(const char *path, const char *name, const struct stat *st, enum walk_when when,
		    int depth, void *arg)
{
	struct find *f = arg;
	size_t n = strlen(path) - strlen(name);

	(void)depth;
	if (when != WALK_FILE || !S_ISREG(st->st_mode))
		return 0;
	if (startswith(name, f->stem) && endswith(name, ".a"))
		sv_push(&f->libs, path);
	/* python.o in the directory CPython installs it in (LIBPL) */
	else if (!strcmp(name, "python.o") && n > 1) {
		char *dir = xstrndup(path, n - 1);

		if (startswith(path_base(dir), "config-"))
			sv_push(&f->objs, path);
		free(dir);
	}
	return 0;
}

int install_static_libs(struct build *b, const char *root)
{
	/* this version's, with any ABI flags: libpython3.13.a, libpython3.13t.a */
	struct find f = { .stem = cpython_libpython_stem(&b->ver) };
	char *done = NULL, *done_sum = NULL;
	int rc = 0;

	if (is_dir(root) && walk(root, find_lib, &f) < 0) {
		rc = build_fail(b, EXIT_PHASE, "cannot read %s: %s", root, strerror(errno));
		goto out;
	}
	jw_arr(&b->res, "static_libraries");
	for (size_t i = 0; i < f.libs.n && rc == 0; i++)
		rc = relink_one(b, f.libs.v[i], (int)i + 1, &done, &done_sum);
	jw_end_arr(&b->res);
	jw_arr(&b->res, "objects");
	for (size_t i = 0; i < f.objs.n && rc == 0; i++)
		rc = relink_object(b, f.objs.v[i], (int)i + 1);
	jw_end_arr(&b->res);
	if (rc == 0) {
		char *top = path_join(b->bdir, "staticlib");

		rm_rf(top);
		free(top);
	}
out:
	free(done);
	free(done_sum);
	sv_clear(&f.libs);
	sv_clear(&f.objs);
	free(f.stem);
	return rc;
}
