/* bundle.c - stored profiles (see bundle.h). */
#define _GNU_SOURCE
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "bundle.h"
#include "err.h"
#include "makevars.h"
#include "profile.h"
#include "source.h"
#include "walk.h"

#define MANIFEST "optpy-profile.json"

json_t *bundle_identity(struct build *b)
{
	struct jw w = { 0 };
	struct strvec vars = { 0 };
	struct profile prof;
	char *msg, *tsum = NULL;
	json_t *v;

	jw_obj(&w, NULL);
	jw_str(&w, "cpython", b->ver.str);
	{
		char *h = NULL;

		source_content_hash(b->o.source, &h, NULL);
		jw_str(&w, "source_sha256", h);
		free(h);
	}
	jw_str(&w, "compiler", family_name(b->tc.family));
	jw_str(&w, "compiler_version", b->tc.version.str);
	jw_str(&w, "target", b->tc.triple);
	/* the flags that change code: the final build's, the profile's own
	 * directory left out */
	{
		char *saved = b->profdir;
		int allow = b->o.allow_mismatch;

		/* nor the flag that only says how to treat a misfit */
		b->profdir = "@PROFDIR@";
		b->o.allow_mismatch = 0;
		build_make_vars(b, 1, &vars);
		b->profdir = saved;
		b->o.allow_mismatch = allow;
	}
	jw_arr(&w, "flags");
	for (size_t i = 0; i < vars.n; i++) {
		/* path maps change no code (SOURCE_DATE_EPOCH builds add one) */
		struct strvec words = { 0 };
		struct strbuf f = STRBUF_INIT;
		const char *eq = strchr(vars.v[i], '=');

		sb_add(&f, vars.v[i], eq ? (size_t)(eq - vars.v[i] + 1) : 0);
		sv_split(&words, eq ? eq + 1 : vars.v[i]);
		for (size_t j = 0, k = 0; j < words.n; j++)
			if (!startswith(words.v[j], "-ffile-prefix-map=") &&
			    strcmp(words.v[j], "-gno-record-gcc-switches"))
				sb_addf(&f, "%s%s", k++ ? " " : "", words.v[j]);
		jw_str(&w, NULL, sb_str(&f));
		sb_release(&f);
		sv_clear(&words);
	}
	jw_end_arr(&w);
	jw_str(&w, "CFLAGS", env_get(&b->o.env, "CFLAGS"));
	jw_str(&w, "LDFLAGS", env_get(&b->o.env, "LDFLAGS"));
	jw_arr(&w, "configure_args");
	for (size_t i = 0; i < b->o.configure_args.n; i++)
		jw_str(&w, NULL, b->o.configure_args.v[i]);
	jw_end_arr(&w);
	msg = profile_load_spec(b->o.profile, b->o.profile_task, &prof);
	if (!msg) {
		jw_str(&w, "training", prof.name);
		tsum = b->o.profile_task ? NULL : profile_fingerprint(&prof);
		jw_str(&w, "training_sha256", b->o.profile_task ? b->o.profile_task : tsum);
		profile_free(&prof);
	}
	free(msg);
	free(tsum);
	jw_str(&w, "optpy", PACKAGE_VERSION);
	jw_end_obj(&w);
	v = json_incref(w.root);
	jw_free(&w);
	sv_clear(&vars);
	return v;
}

/* Keys whose difference makes a profile not fit; "optpy" only informs. */
static const char *const fit_keys[] = {
	"cpython", "source_sha256", "compiler", "compiler_version", "target", "flags", "CFLAGS",
	"LDFLAGS", "configure_args", "training", "training_sha256", NULL,
};

int bundle_compare(const json_t *manifest, const json_t *current, struct strbuf *diff)
{
	const json_t *id = js_get(manifest, "identity");
	int n = 0;

	for (int i = 0; fit_keys[i]; i++) {
		const json_t *a = js_get(id, fit_keys[i]), *b = js_get(current, fit_keys[i]);
		char *sa, *sb;

		if ((!a && !b) || (a && b && json_equal((json_t *)a, (json_t *)b)))
			continue;
		sa = a ? json_dumps(a, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
		sb = b ? json_dumps(b, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
		sb_addf(diff, "%s%s: bundle %.120s, this build %.120s", diff->len ? "; " : "", fit_keys[i],
			sa ? sa : "(none)", sb ? sb : "(none)");
		free(sa);
		free(sb);
		n++;
	}
	return n;
}

static int add_entry(struct archive *a, const char *name, const char *data, size_t len)
{
	struct archive_entry *ent = archive_entry_new();
	int rc;

	archive_entry_set_pathname(ent, name);
	archive_entry_set_filetype(ent, AE_IFREG);
	archive_entry_set_perm(ent, 0644);
	archive_entry_set_size(ent, (la_int64_t)len);
	/* reproducible: no owner, no time */
	archive_entry_set_mtime(ent, 0, 0);
	rc = archive_write_header(a, ent);
	if (rc == ARCHIVE_OK && len && archive_write_data(a, data, len) != (la_ssize_t)len)
		rc = ARCHIVE_FATAL;
	archive_entry_free(ent);
	return rc == ARCHIVE_OK ? 0 : -1;
}

/* The bundle's manifest (malloc'd JSON text): its identity, the merge
 * phase's coverage (its stamp, or while it runs b->res), and BOLT's
 * profiles with the llvm-bolt they fit. */
static char *manifest_text(struct build *b, const struct strvec *bolts)
{
	char *sp = stamp_path(b, PH_MERGE), *ms = read_file_flags(sp, NULL, O_NOFOLLOW), *text;
	json_t *mv = ms ? js_parse(ms, NULL) : NULL, *id = bundle_identity(b);
	const json_t *cov = js_get(b->res.root, "coverage");
	struct jw w = { 0 };

	jw_obj(&w, NULL);
	jw_str(&w, "format", "optpy-profile-1");
	jw_value(&w, "identity", id);
	if (!cov)
		cov = js_get(mv, "coverage");
	if (cov)
		jw_value(&w, "coverage", cov);
	if (bolts->n) {
		/* saved again after the bolt phase: they fit the binaries this
		 * llvm-bolt rewrites */
		jw_str(&w, "llvm_bolt", b->tc.bolt.banner);
		jw_arr(&w, "bolt_profiles");
		for (size_t i = 0; i < bolts->n; i++)
			jw_str(&w, NULL, path_base(bolts->v[i]));
		jw_end_arr(&w);
	}
	jw_end_obj(&w);
	text = jw_text(&w);
	jw_free(&w);
	json_decref(id);
	json_decref(mv);
	free(sp);
	free(ms);
	return text;
}

/* Each of files as DIR/NAME in the bundle (NAME without strip, when it
 * starts so): 0 or EXIT_TMPDIR. */
static int add_files(struct archive *a, const struct strvec *files, const char *dir, const char *strip,
		     const char *bundle, struct err *e)
{
	for (size_t i = 0; i < files->n; i++) {
		const char *base = path_base(files->v[i]);
		size_t len;
		char *data = read_file_flags(files->v[i], &len, O_NOFOLLOW);
		char *name = xasprintf("%s/%s", dir, strip && startswith(base, strip) ? base + strlen(strip) : base);
		int bad = !data || add_entry(a, name, data, len) < 0;

		free(data);
		free(name);
		if (bad)
			return err_set(e, EXIT_TMPDIR, "cannot add %s to %s", files->v[i], bundle);
	}
	return 0;
}

int bundle_save(struct build *b, const char *file, struct err *e)
{
	struct archive *a = archive_write_new();
	struct strvec files = { 0 }, bolts = { 0 };
	char *prefix = gcda_prefix(b->obj), *tmp = xasprintf("%s.partial", file), *text;
	char *bolt = path_join(b->bdir, "bolt");
	struct stat st;
	int rc = 0, fd = -1;

	list_dir(bolt, ".fdata", &bolts);
	text = manifest_text(b, &bolts);
	archive_write_set_format_pax_restricted(a);
	archive_write_add_filter_gzip(a);
	archive_write_set_filter_option(a, "gzip", "timestamp", NULL);
	/* never through anything planted: a new file beside the target, and
	 * a target that is not a regular file (a device, say) is left alone */
	unlink(tmp);
	if (lstat(file, &st) == 0 && !S_ISREG(st.st_mode)) {
		rc = err_set(e, EXIT_USAGE, "%s exists and is not a regular file: not replaced\n  fix: "
			     "give --save-profile a new file name", file);
		goto out;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0 || archive_write_open_fd(a, fd) != ARCHIVE_OK ||
	    add_entry(a, MANIFEST, text, strlen(text)) < 0) {
		rc = err_set(e, EXIT_TMPDIR, "cannot write %s: %s", file, fd < 0 ? strerror(errno)
			     : archive_error_string(a));
		goto out;
	}
	list_dir(b->profdir, b->tc.family == CC_GCC ? ".gcda" : ".profdata", &files);
	rc = add_files(a, &files, "profile", prefix, file, e);
	if (!rc && !files.n)
		rc = err_set(e, EXIT_PHASE, "no merged profile in %s to save", b->profdir);
	if (!rc)
		rc = add_files(a, &bolts, "bolt", NULL, file, e);
out:
	if (archive_write_close(a) != ARCHIVE_OK && !rc)
		rc = err_set(e, EXIT_TMPDIR, "cannot write %s: %s", file, archive_error_string(a));
	archive_write_free(a);
	if (fd >= 0 && close(fd) < 0 && !rc)
		rc = err_set(e, EXIT_TMPDIR, "cannot write %s: %s", file, strerror(errno));
	if (!rc && lstat(file, &st) == 0 && !S_ISREG(st.st_mode))
		rc = err_set(e, EXIT_USAGE, "%s is no longer a regular file: not replaced", file);
	if (!rc && rename(tmp, file) < 0)
		rc = err_set(e, EXIT_TMPDIR, "cannot write %s: %s", file, strerror(errno));
	if (rc)
		unlink(tmp);
	sv_clear(&files);
	sv_clear(&bolts);
	free(text);
	free(prefix);
	free(tmp);
	free(bolt);
	return rc;
}

/* A member the bundle may hand out: profile/NAME, or bolt/NAME.fdata. */
static int member_ok(const char *name)
{
	const char *base = startswith(name, "profile/") ? name + 8 : startswith(name, "bolt/") ? name + 5 : NULL;

	return base && *base && !strchr(base, '/') && strcmp(base, "..") && strcmp(base, ".") &&
	       (base == name + 8 || endswith(base, ".fdata"));
}

/* The most bytes a member may have: the manifest 1 MiB, a .gcda 16 MiB
 * (3.13.5's largest is about 90 KiB), a merged .profdata or a BOLT .fdata
 * 256 MiB.  A bundle over them is refused, never unpacked. */
static la_int64_t member_cap(const char *name)
{
	if (!strcmp(name, MANIFEST))
		return 1 << 20;
	if (endswith(name, ".gcda"))
		return 16 << 20;
	return 256 << 20;
}

/* Walk a bundle: the manifest's text into *manifest (when asked), and
 * each profile member handed to fn. */
static int bundle_read(const char *file, char **manifest,
		       int (*fn)(const char *name, const void *data, size_t len, void *arg), void *arg,
		       struct err *e)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ent;
	int rc = 0, r;

	archive_read_support_filter_gzip(a);
	archive_read_support_format_tar(a);
	if (archive_read_open_filename(a, file, 65536) != ARCHIVE_OK) {
		rc = err_set(e, EXIT_USAGE, "cannot read the profile bundle %s: %s\n  fix: give a file "
			     "written by optpy build --save-profile", file, archive_error_string(a));
		goto out;
	}
	while ((r = archive_read_next_header(a, &ent)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(ent);
		la_int64_t size = archive_entry_size(ent), cap;
		int is_manifest = name && !strcmp(name, MANIFEST);
		char *data;

		/* only what is used is read, each within its bound */
		if (!name || archive_entry_filetype(ent) != AE_IFREG || size < 0 ||
		    !(is_manifest ? manifest != NULL : fn && member_ok(name)))
			continue;
		cap = member_cap(name);
		if (size > cap) {
			rc = err_set(e, EXIT_USAGE, "the profile bundle %s: its member %s is %lld MiB, over "
				     "the %lld MiB a member of its kind may have\n  fix: give a bundle written "
				     "by optpy build --save-profile", file, name, (long long)(size >> 20),
				     (long long)(cap >> 20));
			goto out;
		}
		data = xmalloc((size_t)size + 1);
		if (archive_read_data(a, data, (size_t)size) != size) {
			free(data);
			rc = err_set(e, EXIT_USAGE, "%s: cannot read %s", file, name);
			goto out;
		}
		data[size] = '\0';
		if (is_manifest) {
			*manifest = data;
			continue;
		}
		/* one path component below profile/, or a .fdata below bolt/:
		 * nothing else is ever unpacked */
		if ((rc = fn(name, data, (size_t)size, arg))) {
			free(data);
			goto out;
		}
		free(data);
	}
	if (r != ARCHIVE_EOF)
		rc = err_set(e, EXIT_USAGE, "%s is not a profile bundle: %s", file, archive_error_string(a));
out:
	archive_read_free(a);
	return e && e->status ? e->status : rc;
}

json_t *bundle_manifest(const char *file, struct err *e)
{
	char *text = NULL, *perr = NULL;
	json_t *v = NULL;

	if (bundle_read(file, &text, NULL, NULL, e))
		return NULL;
	if (!text || !(v = js_parse(text, &perr)) ||
	    strcmp(js_str(js_get(v, "format"), ""), "optpy-profile-1")) {
		err_set(e, EXIT_USAGE, "%s is not an optpy profile bundle (no %s%s%s)\n  fix: give a file "
			"written by optpy build --save-profile", file, MANIFEST, perr ? ": " : "",
			perr ? perr : "");
		json_decref(v);
		v = NULL;
	}
	free(text);
	free(perr);
	return v;
}

struct unpack_arg {
	const char *dir;           /* where the profile goes */
	char *prefix;              /* the object directory's mangled name (gcc) */
	struct err *e;
};

static int unpack_one(const char *member, const void *data, size_t len, void *arg)
{
	struct unpack_arg *u = arg;
	/* profile/X.gcda -> DIR/#obj#X.gcda; profile/merged.profdata and
	 * bolt/NAME.fdata -> DIR/merged.profdata, DIR/NAME.fdata */
	const char *name = path_base(member);
	char *to = startswith(member, "profile/") && endswith(name, ".gcda")
		   ? xasprintf("%s/%s%s", u->dir, u->prefix, name) : path_join(u->dir, name);
	int rc = 0;

	if (write_file(to, data, len) < 0)
		rc = err_set(u->e, EXIT_TMPDIR, "cannot write %s: %s", to, strerror(errno));
	free(to);
	return rc;
}

int bundle_extract(const char *file, const char *dir, const char *obj, struct err *e)
{
	struct unpack_arg u = { dir, gcda_prefix(obj), e };
	int rc;

	rm_rf(dir);
	if (mkdir_p(dir) < 0)
		rc = err_set(e, EXIT_TMPDIR, "cannot create %s: %s", dir, strerror(errno));
	else
		rc = bundle_read(file, NULL, unpack_one, &u, e);
	free(u.prefix);
	return rc;
}

int bundle_save_phase(struct build *b)
{
	struct err e = { 0 };
	int rc;

	if ((rc = bundle_save(b, b->o.save_profile, &e)) != 0)
		rc = build_fail(b, rc, "%s", e.msg);
	else
		jw_str(&b->res, "saved_bundle", b->o.save_profile);
	err_clear(&e);
	return rc;
}
