/* profile.c - load a training profile manifest and run its tasks. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json.h"
#include "profile.h"
#include "run.h"

const char *datadir(void)
{
	static char *found;
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
		die(EXIT_FAIL, "out of memory");
	va_end(ap);
	full = xasprintf("profile %s: %s", p->path, msg);
	free(msg);
	return full;
}

static int valid_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.", *s))
			return 0;
	return 1;
}

char *profile_load(const char *what, struct profile *p)
{
	char *text;
	const char *err = NULL;
	struct jv *v;
	const struct jv *tasks;
	char *msg = NULL;

	memset(p, 0, sizeof(*p));
	if (strchr(what, '/') || endswith(what, ".json"))
		p->path = xstrdup(what);
	else
		p->path = xasprintf("%s/profiles/%s.json", datadir(), what);
	text = read_file(p->path, NULL);
	if (!text)
		return xasprintf("no training profile '%s' (looked for %s)", what, p->path);
	v = json_parse(text, &err);
	free(text);
	if (!v)
		return bad(p, "not valid JSON: %s", err);
	p->dir = xstrdup(p->path);
	if (strrchr(p->dir, '/'))
		*strrchr(p->dir, '/') = '\0';
	else
		strcpy(p->dir, ".");
	p->name = xstrdup(json_str(json_get(v, "name"), what));
	p->description = xstrdup(json_str(json_get(v, "description"), ""));
	p->timeout = json_num(json_get(v, "timeout"), 300);
	p->memory_mb = (long)json_num(json_get(v, "memory_mb"), 4096);
	tasks = json_get(v, "tasks");
	if (!tasks || tasks->type != J_ARR || tasks->n == 0) {
		msg = bad(p, "%s", "needs a non-empty \"tasks\" array");
		goto out;
	}
	p->tasks = xcalloc((size_t)tasks->n, sizeof(*p->tasks));
	for (int i = 0; i < tasks->n; i++) {
		const struct jv *t = &tasks->kids[i], *cmd = json_get(t, "command");
		struct task *k = &p->tasks[p->ntasks++];
		const char *name = json_str(json_get(t, "name"), NULL);

		if (!name || !valid_name(name)) {
			msg = bad(p, "task %s needs a \"name\" of letters, digits, '-', '_', '.'", name ? name : "?");
			goto out;
		}
		k->name = xstrdup(name);
		if (!cmd || cmd->type != J_ARR || cmd->n == 0) {
			msg = bad(p, "task %s needs a \"command\": a list of arguments", name);
			goto out;
		}
		for (int j = 0; j < cmd->n; j++) {
			if (cmd->kids[j].type != J_STR) {
				msg = bad(p, "task %s: every command argument must be a string", name);
				goto out;
			}
			sv_push(&k->argv, cmd->kids[j].str);
		}
		k->timeout = json_num(json_get(t, "timeout"), p->timeout);
		k->memory_mb = (long)json_num(json_get(t, "memory_mb"), (double)p->memory_mb);
		if (k->timeout <= 0 || k->memory_mb < 0) {
			msg = bad(p, "task %s: timeout must be > 0 and memory_mb >= 0", name);
			goto out;
		}
		k->parallel = (int)json_num(json_get(t, "parallel"), 1);
	}
out:
	json_free(v);
	return msg;
}

void profile_free(struct profile *p)
{
	for (int i = 0; i < p->ntasks; i++) {
		free(p->tasks[i].name);
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

	snprintf(jobs, sizeof(jobs), "%d", r->jobs);
	for (size_t i = 0; i < t->argv.n; i++) {
		struct strbuf sb = STRBUF_INIT;

		for (const char *s = t->argv.v[i]; *s;) {
			if (startswith(s, "{python}")) { sb_adds(&sb, r->python); s += 8; }
			else if (startswith(s, "{dir}")) { sb_adds(&sb, p->dir); s += 5; }
			else if (startswith(s, "{srcdir}")) { sb_adds(&sb, r->srcdir ? r->srcdir : ""); s += 8; }
			else if (startswith(s, "{jobs}")) { sb_adds(&sb, jobs); s += 6; }
			else sb_addc(&sb, *s++);
		}
		sv_push(out, sb_str(&sb));
		sb_release(&sb);
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

	for (int i = 0; i < p->ntasks; i++) {
		struct task *t = &p->tasks[i];

		if (t->parallel != par)
			continue;
		expand(&argvs[n], t, p, r);
		logs[n] = xasprintf("%s/%s.log", r->logdir, t->name);
		cwds[n] = xasprintf("%s/%s", r->workdir, t->name);
		rm_rf(cwds[n]);
		mkdir_p(cwds[n]);
		unlink(logs[n]);
		rs[n].argv = argvs[n].v;
		rs[n].env = r->env;
		rs[n].cwd = cwds[n];
		rs[n].log = logs[n];
		rs[n].timeout = t->timeout;
		rs[n].mem_limit = t->memory_mb * 1024LL * 1024LL;
		idx[n++] = i;
	}
	if (n)
		failed = run_pool(rs, n, jobs, r->deadline_at);
	for (int j = 0; j < n; j++) {
		struct task *t = &p->tasks[idx[j]];

		t->exit_code = rs[j].exit_code;
		t->timed_out = rs[j].timed_out;
		t->signo = rs[j].signo;
		t->seconds = rs[j].elapsed;
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
