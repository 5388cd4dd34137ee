/* run.c - the one subprocess API (see run.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "procs.h"
#include "run.h"
#include "util.h"

extern char **environ;

volatile sig_atomic_t run_interrupted;

static struct run_ctx default_ctx; /* for runs that name none */
static struct run_ctx all;         /* every context's children: what reaping must leave alone */
static int reaper;                 /* we adopted orphaned descendants */

static void on_signal(int sig)
{
	run_interrupted = sig;
}

void run_install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	reaper = prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
}

void run_ctx_release(struct run_ctx *c)
{
	free(c->active);
	c->active = NULL;
	c->nactive = c->cap = 0;
}

static void list_update(struct run_ctx *c, pid_t pid, int add)
{
	if (add) {
		if (c->nactive == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 16;
			c->active = xrealloc(c->active, (size_t)c->cap * sizeof(*c->active));
		}
		c->active[c->nactive++] = pid;
		return;
	}
	for (int i = 0; i < c->nactive; i++)
		if (c->active[i] == pid) {
			c->active[i] = c->active[--c->nactive];
			break;
		}
}

static struct run_ctx *ctx_of(const struct run *r)
{
	return r->ctx ? r->ctx : &default_ctx;
}

static void track(struct run *r, int add)
{
	struct run_ctx *c = ctx_of(r);

	list_update(&all, r->pid, add);
	list_update(c, r->pid, add);
	if (c->hook)
		c->hook(c->active, c->nactive, c->hook_arg);
}

static void kill_group(pid_t pid, int sig)
{
	if (pid > 0 && killpg(pid, sig) < 0)
		kill(pid, sig);
}

/* base (a whole environment) with edits applied, malloc'd. */
static char **make_env(char *const *base, char *const *edits)
{
	struct strvec sv = { 0 };

	for (char *const *e = base; *e; e++) {
		const char *eq = strchr(*e, '=');
		size_t klen = eq ? (size_t)(eq - *e) : strlen(*e);
		int overridden = 0;

		for (char *const *x = edits; x && *x; x++) {
			const char *xeq = strchr(*x, '=');
			size_t xlen = xeq ? (size_t)(xeq - *x) : strlen(*x);

			if (xlen == klen && !strncmp(*x, *e, klen))
				overridden = 1;
		}
		if (!overridden)
			sv_push(&sv, *e);
	}
	for (char *const *x = edits; x && *x; x++)
		if (strchr(*x, '='))
			sv_push(&sv, *x);
	if (!sv.v)
		sv_push(&sv, "OPTPY=1");
	return sv.v;
}

static void free_env(char **envp)
{
	if (envp == environ)
		return;
	for (char **e = envp; *e; e++)
		free(*e);
	free(envp);
}

/* The child's side of run_start: never returns. */
static void child(struct run *r, char **envp, int errfd, pid_t parent)
{
	int fd, err;

	setpgid(0, 0);
	/* die with optpy, even when it is killed with SIGKILL */
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (getppid() != parent)
		_exit(RUN_NOEXEC);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0 && fd != 0) {
		dup2(fd, 0);
		close(fd);
	}
	fd = -1;
	if (r->capfd >= 0)
		fd = r->capfd;
	else if (r->log)
		fd = open_append(r->log);
	else if (r->quiet)
		fd = open("/dev/null", O_WRONLY);
	if (r->log && r->capfd < 0 && fd < 0)
		goto fail;
	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
		/* dup2 onto itself (fd was 1 or 2) keeps close-on-exec */
		fcntl(1, F_SETFD, 0);
		fcntl(2, F_SETFD, 0);
	}
	if (r->mem_limit > 0) {
		struct rlimit rl = { (rlim_t)r->mem_limit, (rlim_t)r->mem_limit };

		setrlimit(RLIMIT_AS, &rl);
	}
	if (r->file_limit > 0) {
		struct rlimit rl = { (rlim_t)r->file_limit, (rlim_t)r->file_limit };

		setrlimit(RLIMIT_FSIZE, &rl);
	}
	if (r->cwd && chdir(r->cwd) < 0)
		goto fail;
	execvpe(r->argv[0], r->argv, envp);
fail:
	err = errno;
	if (write(errfd, &err, sizeof(err)) < 0)
		_exit(RUN_NOEXEC);
	_exit(RUN_NOEXEC);
}

static int start_failed(struct run *r, const char *what, int err)
{
	r->exec_errno = err;
	r->start_what = what;
	r->exit_code = RUN_NOEXEC;
	r->elapsed = 0;
	r->pid = 0;
	if (r->capfd >= 0)
		close(r->capfd);
	r->capfd = -1;
	return -1;
}

int run_start(struct run *r)
{
	int errpipe[2];
	char **envp;
	pid_t parent = getpid();
	ssize_t n;
	int err = 0;

	r->capfd = -1;
	r->exit_code = -1;
	r->signo = r->timed_out = r->exec_errno = 0;
	r->start_what = NULL;
	if (r->out) {
		const char *dir = ctx_of(r)->tmpdir ? ctx_of(r)->tmpdir : getenv("TMPDIR");
		char *tmpl = path_join(dir && *dir ? dir : "/tmp", "optpy-out.XXXXXX");

		r->capfd = mkostemp(tmpl, O_CLOEXEC);
		if (r->capfd >= 0)
			unlink(tmpl);
		free(tmpl);
		if (r->capfd < 0)
			return start_failed(r, "a temporary file for its output", errno);
	}
	if (pipe2(errpipe, O_CLOEXEC) < 0)
		return start_failed(r, "pipe", errno);
	envp = r->env || r->base_env ? make_env(r->base_env ? r->base_env : environ, r->env) : environ;
	fflush(NULL);
	r->started = now();
	r->pid = fork();
	if (r->pid < 0) {
		err = errno;
		close(errpipe[0]);
		close(errpipe[1]);
		free_env(envp);
		return start_failed(r, "fork", err);
	}
	if (r->pid == 0)
		child(r, envp, errpipe[1], parent);
	setpgid(r->pid, r->pid);
	close(errpipe[1]);
	do
		n = read(errpipe[0], &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	close(errpipe[0]);
	free_env(envp);
	if (n == (ssize_t)sizeof(err)) {
		waitpid(r->pid, NULL, 0);
		return start_failed(r, r->cwd && err == ENOENT && access(r->cwd, F_OK) < 0 ? "chdir" : "exec", err);
	}
	track(r, 1);
	return 0;
}

static void collect(struct run *r, int status)
{
	r->elapsed = now() - r->started;
	track(r, 0);
	/* take down whatever the child left running, in its group or not */
	kill_group(r->pid, SIGKILL);
	if (reaper)
		procs_reap_orphans(all.active, all.nactive);
	r->pid = 0;
	if (r->timed_out)
		r->exit_code = RUN_TIMEOUT;
	else if (WIFEXITED(status))
		r->exit_code = WEXITSTATUS(status);
	else if (WIFSIGNALED(status)) {
		r->signo = WTERMSIG(status);
		r->exit_code = 128 + r->signo;
	}
	if (r->capfd >= 0) {
		char buf[8192];
		ssize_t n;

		lseek(r->capfd, 0, SEEK_SET);
		while ((n = read(r->capfd, buf, sizeof(buf))) > 0)
			sb_add(r->out, buf, (size_t)n);
		close(r->capfd);
		r->capfd = -1;
		if (!r->out->buf)
			sb_adds(r->out, "");
		if (r->log) {
			int fd = open_append(r->log);

			if (fd >= 0) {
				if (write(fd, r->out->buf, r->out->len) < 0) {
					/* the log is a copy: the caller has the output */
				}
				close(fd);
			}
		}
	}
}

/* One non-blocking look at r: 1 when it has finished. */
static int poll_one(struct run *r)
{
	int status;
	pid_t w;

	if (!r->pid)
		return 1;
	w = waitpid(r->pid, &status, WNOHANG);
	if (w == r->pid) {
		collect(r, status);
		return 1;
	}
	if (run_interrupted) {
		kill_group(r->pid, SIGTERM);
		return 0;
	}
	if (r->timeout > 0 && !r->timed_out && now() - r->started > r->timeout) {
		r->timed_out = 1;
		kill_group(r->pid, SIGTERM);
	}
	if (r->timed_out && now() - r->started > r->timeout + 3)
		kill_group(r->pid, SIGKILL);
	return 0;
}

static void nap(long *usec)
{
	struct timespec ts = { 0, *usec * 1000 };

	nanosleep(&ts, NULL);
	if (*usec < 50000)
		*usec *= 2;
}

int run_wait(struct run *r)
{
	long usec = 500;
	double killed_at = 0;

	while (!poll_one(r)) {
		if (r->tick)
			r->tick(r->tick_arg);
		if (run_interrupted && !killed_at)
			killed_at = now();
		if (killed_at && now() - killed_at > 3)
			kill_group(r->pid, SIGKILL);
		nap(&usec);
	}
	return r->exit_code;
}

int run_cmd(struct run *r)
{
	if (run_start(r) < 0)
		return r->exit_code;
	return run_wait(r);
}

/* Past the deadline: stop what runs, mark what has not started. */
static int pool_deadline(struct run *rs, int n, int *next)
{
	int failed = 0;

	for (int i = 0; i < *next; i++)
		if (rs[i].pid && !rs[i].timed_out) {
			rs[i].timed_out = 1;
			rs[i].at_deadline = 1;
			kill_group(rs[i].pid, SIGTERM);
		}
	for (; *next < n; (*next)++) {
		rs[*next].timed_out = 1;
		rs[*next].at_deadline = 1;
		rs[*next].exit_code = RUN_TIMEOUT;
		failed++;
	}
	return failed;
}

int run_pool(struct run *rs, int n, int jobs, double deadline)
{
	int next = 0, running = 0, failed = 0;
	long usec = 500;
	double killed_at = 0;

	if (jobs < 1)
		jobs = 1;
	while (next < n || running > 0) {
		int progressed = 0;

		while (running < jobs && next < n && !run_interrupted &&
		       !(deadline > 0 && now() > deadline)) {
			if (run_start(&rs[next]) < 0)
				failed++;
			else
				running++;
			next++;
		}
		if (run_interrupted && next < n) {
			for (; next < n; next++)
				rs[next].exit_code = 128 + run_interrupted;
		}
		if (deadline > 0 && now() > deadline)
			failed += pool_deadline(rs, n, &next);
		for (int i = 0; i < next; i++) {
			if (rs[i].pid && poll_one(&rs[i])) {
				running--;
				progressed = 1;
				if (rs[i].exit_code != 0)
					failed++;
			}
		}
		if (run_interrupted && !killed_at)
			killed_at = now();
		if (killed_at && now() - killed_at > 3)
			for (int i = 0; i < next; i++)
				if (rs[i].pid)
					kill_group(rs[i].pid, SIGKILL);
		if (progressed)
			usec = 500;
		else if (running > 0)
			nap(&usec);
	}
	return failed;
}

int run_capture(struct run_ctx *ctx, char *const *argv, char *const *base_env, struct strbuf *out,
		double timeout)
{
	struct run r = { 0 };

	r.ctx = ctx;
	r.argv = argv;
	r.base_env = base_env;
	r.out = out;
	r.timeout = timeout;
	return run_cmd(&r);
}

void run_format_argv(struct strbuf *sb, char *const *argv)
{
	for (char *const *a = argv; *a; a++) {
		int plain = **a != '\0';

		for (const char *c = *a; *c; c++)
			if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=./:,+%@", *c))
				plain = 0;
		if (a != argv)
			sb_addc(sb, ' ');
		if (plain) {
			sb_adds(sb, *a);
		} else {
			sb_addc(sb, '\'');
			for (const char *c = *a; *c; c++) {
				if (*c == '\'')
					sb_adds(sb, "'\\''");
				else
					sb_addc(sb, *c);
			}
			sb_addc(sb, '\'');
		}
	}
}

void run_describe(struct strbuf *sb, const struct run *r)
{
	if (r->exec_errno && r->start_what && !strcmp(r->start_what, "exec"))
		sb_addf(sb, "could not run %s: %s", r->argv[0], strerror(r->exec_errno));
	else if (r->exec_errno)
		sb_addf(sb, "could not start %s (%s): %s", r->argv[0], r->start_what ? r->start_what : "?",
			strerror(r->exec_errno));
	else if (r->at_deadline && !r->started)
		sb_adds(sb, "not started: the deadline of the whole run had passed");
	else if (r->at_deadline)
		sb_addf(sb, "stopped at the deadline of the whole run, after %.0f s (its own limit: %.0f s)",
			r->elapsed, r->timeout);
	else if (r->timed_out)
		sb_addf(sb, "timed out after %.0f s", r->timeout);
	else if (r->signo == SIGXFSZ && r->file_limit > 0)
		sb_addf(sb, "stopped when a file it wrote (its log, say) reached %lld MiB", r->file_limit >> 20);
	else if (r->signo)
		sb_addf(sb, "killed by signal %d (%s)", r->signo, strsignal(r->signo));
	else
		sb_addf(sb, "exit status %d", r->exit_code);
}

