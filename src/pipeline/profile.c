/* profile.c - load a training profile manifest and run its tasks. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash.h"
#include "json.h"
#include "walk.h"
#include "profile.h"
#include "run.h"

const char *datadir(void)
{
	static char *found;
	/* the process's: where this optpy's data is, not an input of a build */
	const char *d = getenv("OPTPY_DATADIR");
	char self[4096];
	ssize_t n;

	if (d && *d)
		return d;
	if (found)
		return found;
	/* an uninstalled optpy (run from its build tree) uses the data beside it */
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		char *slash, *probe;

		self[n] = '\0';
		if ((slash = strrchr(self, '/')))
			*slash = '\0';
		probe = xasprintf("%s/profiles/default.json", self);
		if (is_file(probe) && !is_dir(OPTPY_DATADIR "/profiles"))
			found = xstrdup(self);
		free(probe);
	}
	if (!found)
		found = xstrdup(OPTPY_DATADIR);
	return found;
}

static char *bad(struct profile *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *bad(struct profile *p, const char *fmt, ...)
{
	va_list ap;
	char *msg, *full;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	full = xasprintf("profile %s: %s", p->path, msg ? msg : "?");
	free(msg);
	return full;
}

int profile_name_ok(const char *s)
{
	size_t n = strlen(s);

	/* it becomes one path component: no '/', not "." or "..", no leading '.' */
	if (n == 0 || n > 64 || s[0] == '.' || s[0] == '-')
		return 0;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.", *s))
			return 0;
	return 1;
}

/* Every key of obj is one of `known` (NULL-terminated); else the message. */
static char *unknown_key(struct profile *p, const json_t *obj, const char *const *known, const char *where)
{
	const char *key;
	json_t *val;

	json_object_foreach((json_t *)obj, key, val) {
		int ok = 0;

		for (int i = 0; known[i]; i++)
			if (!strcmp(key, known[i]))
				ok = 1;
		if (!ok) {
			struct strbuf list = STRBUF_INIT;
			char *msg;

			for (int i = 0; known[i]; i++)
				sb_addf(&list, "%s%s", i ? ", " : "", known[i]);
			msg = bad(p, "%s: unknown key \"%s\" (known: %s)", where, key, sb_str(&list));
			sb_release(&list);
			return msg;
		}
	}
	return NULL;
}

/* A positive number of seconds, or a whole number of MiB (0: no limit),
 * or the default. */
static char *number(struct profile *p, const json_t *obj, const char *key, const char *where, int whole,
		    double dflt, double *out)
{
	const json_t *v = js_get(obj, key);

	*out = dflt;
	if (!v)
		return NULL;
	if (!json_is_number(v) || (whole && !json_is_integer(v)))
		return bad(p, "%s: \"%s\" must be a %s", where, key, whole ? "whole number" : "number");
	*out = json_number_value(v);
	if (!(*out > 0 || (whole && *out == 0)) || *out > 1e7)
		return bad(p, "%s: \"%s\" must be %s (and below 10000000), not %g", where, key,
			   whole ? "0 (no limit) or more" : "above 0", *out);
	return NULL;
}

/* Task i of the manifest (t) into p->tasks: NULL, or what is wrong. */
static char *load_task(struct profile *p, const json_t *t, size_t i)
{
	static const char *const task_keys[] = { "name", "command", "timeout", "memory_mb", "parallel", NULL };
	const json_t *cmd = js_get(t, "command"), *par;
	struct task *k = &p->tasks[p->ntasks++];
	const char *name = js_str(js_get(t, "name"), NULL);
	char where[96], *msg;
	double num;

	if (!json_is_object(t))
		return bad(p, "task %zu must be an object", i + 1);
	if (!name || !profile_name_ok(name))
		return bad(p, "task %zu needs a \"name\" of letters, digits, '-', '_', '.' (it names a "
			   "directory and a log: not \"..\", no '/'), not %s", i + 1,
			   name ? name : "a missing or non-string one");
	for (int j = 0; j < p->ntasks - 1; j++)
		if (!strcmp(p->tasks[j].name, name))
			return bad(p, "two tasks are named %s", name);
	k->name = xstrdup(name);
	snprintf(where, sizeof(where), "task %s", name);
	if ((msg = unknown_key(p, t, task_keys, where)))
		return msg;
	if (!json_is_array(cmd) || json_array_size(cmd) == 0)
		return bad(p, "task %s needs a \"command\": a list of arguments", name);
	for (size_t j = 0; j < json_array_size(cmd); j++) {
		if (!json_is_string(json_array_get(cmd, j)))
			return bad(p, "task %s: every command argument must be a string", name);
		sv_push(&k->argv, json_string_value(json_array_get(cmd, j)));
	}
	if ((msg = number(p, t, "timeout", where, 0, p->timeout, &k->timeout)) ||
	    (msg = number(p, t, "memory_mb", where, 1, (double)p->memory_mb, &num)))
		return msg;
	k->memory_mb = (long)num;
	par = js_get(t, "parallel");
	if (par && !json_is_boolean(par))
		return bad(p, "task %s: \"parallel\" must be true or false", name);
	k->parallel = par ? json_is_true(par) : 1;
	return NULL;
}

/* The manifest's own keys and its tasks: NULL, or what is wrong. */
static char *load_manifest(struct profile *p, const json_t *v, const char *what)
{
	static const char *const top_keys[] = { "name", "description", "tasks", "timeout", "memory_mb", NULL };
	const json_t *tasks;
	char *msg;
	double num;

	if (!json_is_object(v))
		return bad(p, "%s", "must be a JSON object with a \"tasks\" list");
	if ((msg = unknown_key(p, v, top_keys, "the manifest")))
		return msg;
	if (js_get(v, "name") && (!json_is_string(js_get(v, "name")) ||
				    !profile_name_ok(js_str(js_get(v, "name"), ""))))
		return bad(p, "%s", "\"name\" must be a string of letters, digits, '-', '_', '.' (not "
			   "starting with '.' or '-')");
	if (js_get(v, "description") && !json_is_string(js_get(v, "description")))
		return bad(p, "%s", "\"description\" must be a string");
	p->name = xstrdup(js_str(js_get(v, "name"), path_base(what)));
	p->description = xstrdup(js_str(js_get(v, "description"), ""));
	if ((msg = number(p, v, "timeout", "the manifest", 0, 300, &p->timeout)) ||
	    (msg = number(p, v, "memory_mb", "the manifest", 1, 4096, &num)))
		return msg;
	p->memory_mb = (long)num;
	tasks = js_get(v, "tasks");
	if (!json_is_array(tasks) || json_array_size(tasks) == 0)
		return bad(p, "%s", "needs a non-empty \"tasks\" array");
	p->tasks = xcalloc(json_array_size(tasks), sizeof(*p->tasks));
	for (size_t i = 0; i < json_array_size(tasks); i++)
		if ((msg = load_task(p, json_array_get(tasks, i), i)))
			return msg;
	return NULL;
}

char *profile_load(const char *what, struct profile *p)
{
	char *text, *perr = NULL, *msg = NULL;
	json_t *v = NULL;
	struct stat st;

	memset(p, 0, sizeof(*p));
	if (strchr(what, '/') || endswith(what, ".json")) {
		p->path = xstrdup(what);
	} else {
		if (!profile_name_ok(what))
			return xasprintf("--profile '%s' is neither a file nor a profile name (letters, digits, "
					 "'-', '_', '.')", what);
		p->path = xasprintf("%s/profiles/%s.json", datadir(), what);
	}
	if (stat(p->path, &st) < 0)
		return xasprintf("no training profile '%s' (looked for %s)", what, p->path);
	if (!S_ISREG(st.st_mode))
		return xasprintf("training profile %s is not a regular file", p->path);
	text = read_file(p->path, NULL);
	if (!text)
		return xasprintf("cannot read training profile %s", p->path);
	v = js_parse(text, &perr);
	free(text);
	if (!v) {
		msg = bad(p, "not valid JSON: %s", perr);
		free(perr);
		return msg;
	}
	p->dir = xstrdup(p->path);
	if (strrchr(p->dir, '/'))
		*strrchr(p->dir, '/') = '\0';
	else
		strcpy(p->dir, ".");
	msg = load_manifest(p, v, what);
	json_decref(v);
	return msg;
}

char *profile_load_spec(const char *profile, const char *task, struct profile *p)
{
	struct task *k;

	if (!task)
		return profile_load(profile ? profile : "default", p);
	memset(p, 0, sizeof(*p));
	p->name = xstrdup("PROFILE_TASK");
	p->description = xasprintf("configure's PROFILE_TASK: %s", task);
	p->path = xstrdup("PROFILE_TASK");
	p->dir = xstrdup(datadir());
	p->timeout = 3600;
	p->memory_mb = 8192;
	p->tasks = xcalloc(1, sizeof(*p->tasks));
	p->ntasks = 1;
	k = &p->tasks[0];
	k->name = xstrdup("profile-task");
	sv_push(&k->argv, "{python}");
	if (sv_split(&k->argv, task) < 0 || k->argv.n < 2) {
		char *msg = xasprintf("PROFILE_TASK='%s' is not a list of arguments", task);

		profile_free(p);
		return msg;
	}
	k->timeout = p->timeout;
	k->memory_mb = p->memory_mb;
	k->parallel = 0;
	return NULL;
}

void profile_free(struct profile *p)
{
	for (int i = 0; i < p->ntasks; i++) {
		free(p->tasks[i].name);
		free(p->tasks[i].why);
		sv_clear(&p->tasks[i].argv);
	}
	free(p->tasks);
	free(p->name);
	free(p->description);
	free(p->path);
	free(p->dir);
	memset(p, 0, sizeof(*p));
}

static void expand(struct strvec *out, const struct task *t, const struct profile *p,
		   const struct profile_run *r)
{
	char jobs[16];
	const char *pairs[] = { "{python}", r->python, "{dir}", p->dir, "{srcdir}", r->srcdir,
				"{jobs}", jobs, NULL };

	snprintf(jobs, sizeof(jobs), "%d", r->jobs);
	for (size_t i = 0; i < t->argv.n; i++) {
		struct strbuf sb = STRBUF_INIT;

		sb_subst(&sb, t->argv.v[i], pairs);
		sv_push(out, sb_str(&sb));
		sb_release(&sb);
	}
}

/* Order the n tasks named by idx (manifest order) longest expected first,
 * the ones not known after them in the order they had. */
static void longest_first(const struct task *tasks, int *idx, int n)
{
	for (int i = 1; i < n; i++) {
		int v = idx[i], j = i;

		for (; j > 0 && tasks[idx[j - 1]].expect < tasks[v].expect; j--)
			idx[j] = idx[j - 1];
		idx[j] = v;
	}
}

/* Run the tasks whose parallel flag is `par`, `jobs` at a time. */
static int run_group(struct profile *p, const struct profile_run *r, int par, int jobs)
{
	struct run *rs = xcalloc((size_t)p->ntasks, sizeof(*rs));
	struct strvec *argvs = xcalloc((size_t)p->ntasks, sizeof(*argvs));
	char **logs = xcalloc((size_t)p->ntasks, sizeof(*logs));
	char **cwds = xcalloc((size_t)p->ntasks, sizeof(*cwds));
	int *idx = xcalloc((size_t)p->ntasks, sizeof(*idx));
	int n = 0, failed = 0;

	for (int i = 0; i < p->ntasks; i++)
		if (p->tasks[i].parallel == par)
			idx[n++] = i;
	if (par)
		longest_first(p->tasks, idx, n);
	for (int j = 0; j < n; j++) {
		struct task *t = &p->tasks[idx[j]];

		expand(&argvs[j], t, p, r);
		logs[j] = xasprintf("%s/%s.log", r->logdir, t->name);
		cwds[j] = xasprintf("%s/%s", r->workdir, t->name);
		rm_rf(cwds[j]);
		mkdir_p(cwds[j]);
		unlink(logs[j]);
		rs[j].argv = argvs[j].v;
		rs[j].ctx = r->runs;
		rs[j].base_env = r->base_env;
		rs[j].env = r->env;
		rs[j].cwd = cwds[j];
		rs[j].log = logs[j];
		rs[j].timeout = t->timeout;
		rs[j].mem_limit = t->memory_mb * 1024LL * 1024LL;
		rs[j].file_limit = TASK_FILE_LIMIT;
	}
	if (n)
		failed = run_pool(rs, n, jobs, r->deadline_at);
	for (int j = 0; j < n; j++) {
		struct task *t = &p->tasks[idx[j]];

		t->exit_code = rs[j].exit_code;
		t->timed_out = rs[j].timed_out;
		t->signo = rs[j].signo;
		t->seconds = rs[j].elapsed;
		free(t->why);
		t->why = NULL;
		if (rs[j].exit_code != 0) {
			struct strbuf why = STRBUF_INIT;
			int fd;

			run_describe(&why, &rs[j]);
			t->why = sb_detach(&why);
			/* a command that could not even start says so in its own log */
			fd = open_append(logs[j]);
			if (fd >= 0) {
				dprintf(fd, "optpy: task %s: %s\n", t->name, t->why);
				close(fd);
			}
		}
		sv_clear(&argvs[j]);
		free(logs[j]);
		rm_rf(cwds[j]);
		free(cwds[j]);
	}
	free(rs);
	free(argvs);
	free(logs);
	free(cwds);
	free(idx);
	return failed;
}

int profile_run(struct profile *p, const struct profile_run *r)
{
	/* the deadline bounds the whole run, serial tasks included */
	int failed = run_group(p, r, 1, r->jobs);

	if (!run_interrupted)
		failed += run_group(p, r, 0, 1);
	return failed;
}

char *profile_fingerprint(const struct profile *p)
{
	struct strbuf text = STRBUF_INIT;
	char *sum = p->path ? sha256_file(p->path) : NULL, *res;

	sb_addf(&text, "manifest %s\n", sum ? sum : "-");
	free(sum);
	for (int i = 0; i < p->ntasks; i++)
		for (size_t k = 0; k < p->tasks[i].argv.n; k++) {
			const char *a = p->tasks[i].argv.v[k];
			char *path;

			if (!p->dir || !startswith(a, "{dir}/"))
				continue;
			path = path_join(p->dir, a + 6);
			sum = is_file(path) ? sha256_file(path) : NULL;
			sb_addf(&text, "%s %s\n", a, sum ? sum : "-");
			free(sum);
			free(path);
		}
	res = sha256_buf(text.buf, text.len);
	sb_release(&text);
	return res;
}
