/* run.c - the one subprocess API (see run.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run.h"
#include "util.h"

extern char **environ;

volatile int run_interrupted;

#define MAX_ACTIVE 256
static pid_t active[MAX_ACTIVE];

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
}

static void track(pid_t pid, int add)
{
	for (int i = 0; i < MAX_ACTIVE; i++) {
		if (add && active[i] == 0) {
			active[i] = pid;
			return;
		}
		if (!add && active[i] == pid) {
			active[i] = 0;
			return;
		}
	}
}

static void kill_group(pid_t pid, int sig)
{
	if (pid > 0 && killpg(pid, sig) < 0)
		kill(pid, sig);
}

static char **make_env(char *const *edits)
{
	struct strvec sv = { 0 };

	for (char **e = environ; *e; e++) {
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

int run_start(struct run *r)
{
	int errpipe[2];
	char **envp = r->env ? make_env(r->env) : environ;
	ssize_t n;
	int err = 0;

	r->capfd = -1;
	r->exit_code = -1;
	r->signo = r->timed_out = r->exec_errno = 0;
	if (r->out) {
		char tmpl[] = "/tmp/optpy-out.XXXXXX";

		r->capfd = mkstemp(tmpl);
		if (r->capfd < 0)
			die(EXIT_TMPDIR, "cannot create a temporary file in /tmp: %s", strerror(errno));
		unlink(tmpl);
	}
	if (pipe2(errpipe, O_CLOEXEC) < 0)
		die(EXIT_FAIL, "pipe: %s", strerror(errno));
	fflush(NULL);
	r->started = now();
	r->pid = fork();
	if (r->pid < 0)
		die(EXIT_FAIL, "fork: %s", strerror(errno));
	if (r->pid == 0) {
		int fd;

		setpgid(0, 0);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		close(errpipe[0]);
		fd = open("/dev/null", O_RDONLY);
		if (fd >= 0 && fd != 0) {
			dup2(fd, 0);
			close(fd);
		}
		fd = -1;
		if (r->capfd >= 0)
			fd = r->capfd;
		else if (r->log)
			fd = open(r->log, O_WRONLY | O_CREAT | O_APPEND, 0666);
		else if (r->quiet)
			fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
		if (r->mem_limit > 0) {
			struct rlimit rl = { (rlim_t)r->mem_limit, (rlim_t)r->mem_limit };

			setrlimit(RLIMIT_AS, &rl);
		}
		if (r->cwd && chdir(r->cwd) < 0)
			goto fail;
		execvpe(r->argv[0], r->argv, envp);
fail:
		err = errno;
		if (write(errpipe[1], &err, sizeof(err)) < 0)
			_exit(RUN_NOEXEC);
		_exit(RUN_NOEXEC);
	}
	setpgid(r->pid, r->pid);
	close(errpipe[1]);
	n = read(errpipe[0], &err, sizeof(err));
	close(errpipe[0]);
	if (envp != environ) {
		for (char **e = envp; *e; e++)
			free(*e);
		free(envp);
	}
	if (n == (ssize_t)sizeof(err)) {
		r->exec_errno = err;
		waitpid(r->pid, NULL, 0);
		r->exit_code = RUN_NOEXEC;
		r->elapsed = now() - r->started;
		r->pid = 0;
		if (r->capfd >= 0)
			close(r->capfd);
		r->capfd = -1;
		return -1;
	}
	track(r->pid, 1);
	return 0;
}

static void collect(struct run *r, int status)
{
	r->elapsed = now() - r->started;
	track(r->pid, 0);
	/* take down whatever the child left running in its group */
	kill_group(r->pid, SIGKILL);
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
			FILE *f = fopen(r->log, "a");

			if (f) {
				fputs(sb_str(r->out), f);
				fclose(f);
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

int run_pool(struct run *rs, int n, int jobs, double deadline)
{
	int next = 0, running = 0, failed = 0;
	long usec = 500;
	double killed_at = 0;

	if (jobs < 1)
		jobs = 1;
	while (next < n || running > 0) {
		while (running < jobs && next < n && !run_interrupted) {
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
		if (deadline > 0 && now() > deadline) {
			for (int i = 0; i < next; i++)
				if (rs[i].pid && !rs[i].timed_out) {
					rs[i].timed_out = 1;
					rs[i].timeout = now() - rs[i].started;
					kill_group(rs[i].pid, SIGTERM);
				}
			for (; next < n; next++) {
				rs[next].timed_out = 1;
				rs[next].exit_code = RUN_TIMEOUT;
				failed++;
			}
		}
		int progressed = 0;

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

int run_capture(char *const *argv, struct strbuf *out, double timeout)
{
	struct run r = { 0 };

	r.argv = argv;
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
	if (r->exec_errno)
		sb_addf(sb, "could not run %s: %s", r->argv[0], strerror(r->exec_errno));
	else if (r->timed_out)
		sb_addf(sb, "timed out after %.0f s", r->timeout);
	else if (r->signo)
		sb_addf(sb, "killed by signal %d (%s)", r->signo, strsignal(r->signo));
	else
		sb_addf(sb, "exit status %d", r->exit_code);
}
