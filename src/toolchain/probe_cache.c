/* probe_cache.c - the probes' findings kept in OPTPY_PROBE_CACHE (probe_cache.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "hash.h"
#include "json.h"
#include "probe_cache.h"
#include "strbuf.h"

extern char **environ;

enum { CACHE_FORMAT = 1, CACHE_MAX_BYTES = 1 << 20 };

/* The environment a compiler and its linker read: names and prefixes. */
static const char *const env_names[] = { "PATH", "COMPILER_PATH", "LIBRARY_PATH", "CPATH",
					 "C_INCLUDE_PATH", "OBJC_INCLUDE_PATH", "SDKROOT", "AR",
					 "MERGE_FDATA", NULL };
static const char *const env_prefixes[] = { "LD_", "GCC_", "LLVM_", "CLANG", "CCC_", "DEPENDENCIES_",
					    NULL };

static int env_in_key(const char *kv)
{
	size_t n = strcspn(kv, "=");

	for (int i = 0; env_names[i]; i++)
		if (strlen(env_names[i]) == n && !strncmp(kv, env_names[i], n))
			return 1;
	for (int i = 0; env_prefixes[i]; i++)
		if (!strncmp(kv, env_prefixes[i], strlen(env_prefixes[i])))
			return 1;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One file's identity: a reinstalled or edited one gives another line. */
static void key_file(struct strbuf *sb, const char *label, const char *path)
{
	struct stat st;

	if (!path) {
		sb_addf(sb, "%s: none\n", label);
		return;
	}
	if (stat(path, &st) < 0) {
		sb_addf(sb, "%s: %s unreadable\n", label, path);
		return;
	}
	sb_addf(sb, "%s: %s dev %llu ino %llu size %lld mtime %lld.%09ld ctime %lld.%09ld\n", label, path,
		(unsigned long long)st.st_dev, (unsigned long long)st.st_ino, (long long)st.st_size,
		(long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, (long long)st.st_ctim.tv_sec,
		st.st_ctim.tv_nsec);
}

char *probe_cache_key(const struct toolchain *tc)
{
	struct strbuf sb = STRBUF_INIT;
	struct jw w = { 0 };
	struct strvec env = { 0 };
	char *const *kv = env_vector(tc->env);
	char *text, *as;

	sb_addf(&sb, "optpy probe cache %d, optpy %s\n", CACHE_FORMAT, PACKAGE_VERSION);
	jw_obj(&w, NULL);
	detect_report_json(&w, tc, NULL);
	jw_end_obj(&w);
	text = jw_text(&w);
	sb_adds(&sb, text);
	free(text);
	jw_free(&w);
	key_file(&sb, "compiler", tc->real_path);
	key_file(&sb, "archiver", tc->ar.path);
	key_file(&sb, "llvm-profdata", tc->profdata.path);
	for (int i = 0; i < LK_N; i++)
		key_file(&sb, linker_tab[i].name, tc->linkers[i].path);
	as = which("as");
	key_file(&sb, "as", as);
	free(as);
	for (char *const *p = kv ? kv : environ; *p; p++)
		if (env_in_key(*p))
			sv_push(&env, *p);
	if (env.n)
		qsort(env.v, env.n, sizeof(env.v[0]), cmp_str);
	for (size_t i = 0; i < env.n; i++)
		sb_addf(&sb, "env %s\n", env.v[i]);
	sv_clear(&env);
	return sb_detach(&sb);
}

static char *entry_path(const char *dir, const char *key)
{
	char *h = sha256_buf(key, strlen(key));
	char *p = xasprintf("%s/%s.json", dir, h ? h : "unhashed");

	free(h);
	return p;
}

static void strvec_from(struct strvec *sv, const json_t *a)
{
	size_t i;
	const json_t *v;

	json_array_foreach(a, i, v)
		sv_push(sv, js_str(v, ""));
}

/* The entry's findings into d: 0, or -1 when one is missing or out of range. */
static int take_entry(const json_t *root, const struct toolchain *tc, struct decision *d)
{
	const json_t *steps = js_get(root, "steps"), *lr = js_get(root, "lto_reasons"),
		     *pr = js_get(root, "pgo_reasons"), *v;
	int lk[2] = { (int)js_num(js_get(root, "thin_lk"), -9), (int)js_num(js_get(root, "full_lk"), -9) };
	size_t i;

	if (!json_is_array(steps) || !json_is_array(lr) || !json_is_array(pr))
		return -1;
	for (int k = 0; k < 2; k++)
		if (lk[k] < -1 || lk[k] >= LK_N || (lk[k] >= 0 && !tc->linkers[lk[k]].path))
			return -1;
	d->thin_ok = js_num(js_get(root, "thin_ok"), 0) != 0;
	d->full_ok = js_num(js_get(root, "full_ok"), 0) != 0;
	d->thin_lk = lk[0];
	d->full_lk = lk[1];
	d->pgo = js_num(js_get(root, "pgo"), 0) != 0;
	if (json_is_string(js_get(root, "pgo_fix")))
		d->pgo_fix = xstrdup(js_str(js_get(root, "pgo_fix"), ""));
	strvec_from(&d->lto_reasons, lr);
	strvec_from(&d->pgo_reasons, pr);
	d->nsteps = (int)json_array_size(steps);
	d->steps = xcalloc((size_t)d->nsteps + 1, sizeof(*d->steps));
	json_array_foreach(steps, i, v) {
		d->steps[i].name = xstrdup(js_str(js_get(v, "name"), "?"));
		d->steps[i].ok = js_num(js_get(v, "ok"), 0) != 0;
		d->steps[i].seconds = js_num(js_get(v, "seconds"), 0);
		if (json_is_string(js_get(v, "detail")))
			d->steps[i].detail = xstrdup(js_str(js_get(v, "detail"), ""));
	}
	return 0;
}

int probe_cache_load(const char *dir, const char *key, const struct toolchain *tc,
		     struct decision *d, char **file, char **why)
{
	char *path = entry_path(dir, key), *text = NULL, *perr = NULL;
	json_t *root = NULL;
	struct stat st;
	int hit = 0;

	*why = NULL;
	if (lstat(path, &st) < 0) {
		if (errno != ENOENT)
			*why = xasprintf("%s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > CACHE_MAX_BYTES) {
		*why = xasprintf("%s: %s: not taken", path, S_ISREG(st.st_mode) ? "too large" : "not a regular file");
		goto out;
	}
	if (!(text = read_file_flags(path, NULL, O_NOFOLLOW | O_NONBLOCK))) {
		*why = xasprintf("%s: %s", path, strerror(errno));
		goto out;
	}
	if (!(root = js_parse(text, &perr)) || js_num(js_get(root, "format"), 0) != CACHE_FORMAT ||
	    strcmp(js_str(js_get(root, "key"), ""), key)) {
		*why = xasprintf("%s: %s: not taken", path, perr ? perr : root ? "another key or format"
				 : "not JSON");
		goto out;
	}
	if (take_entry(root, tc, d) < 0) {
		*why = xasprintf("%s: an entry without every finding: not taken", path);
		goto out;
	}
	hit = 1;
	*file = path;
	path = NULL;
out:
	json_decref(root);
	free(perr);
	free(text);
	free(path);
	return hit;
}

int probe_cache_store(const char *dir, const char *key, const struct decision *d, char **file,
		      char **why)
{
	struct jw w = { 0 };
	char *path = NULL;
	int rc = -1;

	*why = NULL;
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		*why = xasprintf("%s: cannot make the directory: %s", dir, strerror(errno));
		return -1;
	}
	jw_obj(&w, NULL);
	jw_int(&w, "format", CACHE_FORMAT);
	jw_str(&w, "key", key);
	jw_int(&w, "stored", (long long)time(NULL));
	jw_bool(&w, "thin_ok", d->thin_ok);
	jw_bool(&w, "full_ok", d->full_ok);
	jw_int(&w, "thin_lk", d->thin_lk);
	jw_int(&w, "full_lk", d->full_lk);
	jw_bool(&w, "pgo", d->pgo);
	jw_str(&w, "pgo_fix", d->pgo_fix);
	jw_strvec(&w, "lto_reasons", &d->lto_reasons);
	jw_strvec(&w, "pgo_reasons", &d->pgo_reasons);
	probe_steps_json(&w, "steps", d->steps, d->nsteps);
	jw_end_obj(&w);
	path = entry_path(dir, key);
	if (jw_write(&w, path) < 0)
		*why = xasprintf("%s: cannot write it: %s", path, strerror(errno));
	else
		rc = 0;
	jw_free(&w);
	if (rc == 0)
		*file = path;
	else
		free(path);
	return rc;
}
