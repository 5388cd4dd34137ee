/* util.c - die/warn, x-allocation helpers, paths and small file helpers. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "util.h"

const char *progname = "optpy";

static void vmsg(const char *kind, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: %s", progname, kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("error: ", fmt, ap);
	va_end(ap);
	exit(status);
}

int err_set(struct err *e, int status, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (!e || e->status)
		return e ? e->status : status;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	e->status = status;
	e->msg = msg;
	return status;
}

void err_clear(struct err *e)
{
	free(e->msg);
	e->msg = NULL;
	e->status = 0;
	e->show_usage = 0;
}

void bug_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: BUG at %s:%d: ", progname, file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die(EXIT_FAIL, "out of memory (%zu bytes)", n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die(EXIT_FAIL, "out of memory");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die(EXIT_FAIL, "out of memory (%zu bytes)", n);
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		die(EXIT_FAIL, "out of memory");
	va_end(ap);
	return s;
}

void sv_push(struct strvec *sv, const char *s)
{
	if (sv->n + 2 > sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 8;
		sv->v = xrealloc(sv->v, sv->cap * sizeof(*sv->v));
	}
	sv->v[sv->n++] = xstrdup(s);
	sv->v[sv->n] = NULL;
}

void sv_pushf(struct strvec *sv, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		die(EXIT_FAIL, "out of memory");
	va_end(ap);
	sv_push(sv, s);
	free(s);
}

void sv_pushv(struct strvec *sv, char *const *v)
{
	for (; v && *v; v++)
		sv_push(sv, *v);
}

void sv_clear(struct strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

int sv_split(struct strvec *sv, const char *s)
{
	char *word = xmalloc(strlen(s) + 1);
	size_t n = 0;
	int inword = 0;
	char quote = 0;

	for (; *s; s++) {
		if (quote) {
			if (*s == quote)
				quote = 0;
			else
				word[n++] = *s;
		} else if (*s == '\'' || *s == '"') {
			quote = *s;
			inword = 1;
		} else if (*s == ' ' || *s == '\t' || *s == '\n') {
			if (inword) {
				word[n] = '\0';
				sv_push(sv, word);
				n = 0;
				inword = 0;
			}
		} else {
			word[n++] = *s;
			inword = 1;
		}
	}
	if (!quote && inword) {
		word[n] = '\0';
		sv_push(sv, word);
	}
	free(word);
	return quote ? -1 : 0;
}

char *path_join(const char *a, const char *b)
{
	if (!a || !*a || b[0] == '/')
		return xstrdup(b);
	return xasprintf("%s%s%s", a, endswith(a, "/") ? "" : "/", b);
}

const char *path_base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

int is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int is_file(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

int is_exec(const char *p)
{
	return is_file(p) && access(p, X_OK) == 0;
}

char *which(const char *name)
{
	const char *path = getenv("PATH");

	if (!name || !*name)
		return NULL;
	if (strchr(name, '/'))
		return is_exec(name) ? xstrdup(name) : NULL;
	if (!path)
		path = "/usr/bin:/bin";
	while (*path) {
		const char *end = strchr(path, ':');
		size_t len = end ? (size_t)(end - path) : strlen(path);
		char *dir = xstrndup(len ? path : ".", len ? len : 1);
		char *cand = path_join(dir, name);

		free(dir);
		if (is_exec(cand))
			return cand;
		free(cand);
		path += len;
		if (*path == ':')
			path++;
	}
	return NULL;
}

int mkdir_p(const char *p)
{
	char *s = xstrdup(p);
	int rc = 0;

	for (char *q = s + 1; *q; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(s, 0777) < 0 && errno != EEXIST)
			rc = -1;
		*q = '/';
	}
	if (mkdir(s, 0777) < 0 && errno != EEXIST)
		rc = -1;
	if (rc == 0 && !is_dir(s))
		rc = -1;
	free(s);
	return rc;
}

char *read_file(const char *p, size_t *lenp)
{
	return read_file_flags(p, lenp, 0);
}

char *read_file_flags(const char *p, size_t *lenp, int flags)
{
	int fd = open(p, O_RDONLY | O_CLOEXEC | flags);
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;

	if (fd < 0)
		return NULL;
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			buf = xrealloc(buf, cap + 1);
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			close(fd);
			return NULL;
		}
		len += (size_t)n;
	} while (n > 0);
	close(fd);
	buf[len] = '\0';
	if (lenp)
		*lenp = len;
	return buf;
}

int open_append(const char *p)
{
	return open(p, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0666);
}

int write_file(const char *p, const char *data, size_t len)
{
	char *tmp = xasprintf("%s.tmp.%ld", p, (long)getpid());
	int fd, rc = -1, saved;

	unlink(tmp);
	/* never through a link planted in the way: the temporary file is new,
	 * and rename replaces a link at p instead of writing where it points */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd >= 0) {
		size_t off = 0;

		while (off < len) {
			ssize_t w = write(fd, data + off, len - off);

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			off += (size_t)w;
		}
		saved = off == len ? 0 : errno ? errno : EIO;
		if (close(fd) < 0 && !saved)
			saved = errno;
		if (!saved && rename(tmp, p) == 0)
			rc = 0;
		else if (!saved)
			saved = errno;
		errno = saved;
	}
	if (rc < 0) {
		saved = errno;
		unlink(tmp);
		errno = saved;
	}
	free(tmp);
	return rc;
}

/* Write all of buf, retrying short writes.  0, or -1 with errno. */
static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

enum { BLOCK = 1 << 16 };      /* bytes read or written at a time */

int copy_fd(int in, int out, const volatile sig_atomic_t *stop)
{
	char *buf = xmalloc(BLOCK);
	struct stat st;
	off_t pos = 0, end, data, hole;
	int rc = -1;

	if (fstat(in, &st) < 0)
		goto out;
	end = st.st_size;
	while (pos < end) {
		/* the next run of data, and the hole after it */
		data = lseek(in, pos, SEEK_DATA);
		if (data < 0 && errno == ENXIO)
			break;                          /* a hole to the end */
		if (data < 0) {
			data = pos;                     /* no SEEK_DATA here: all data */
			hole = end;
		} else if ((hole = lseek(in, data, SEEK_HOLE)) < 0 || hole > end) {
			hole = end;
		}
		if (lseek(in, data, SEEK_SET) < 0 || lseek(out, data, SEEK_SET) < 0)
			goto out;
		for (pos = data; pos < hole;) {
			size_t want = hole - pos < BLOCK ? (size_t)(hole - pos) : BLOCK;
			ssize_t n;

			if (stop && *stop) {
				errno = EINTR;
				goto out;
			}
			n = read(in, buf, want);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				goto out;
			if (n == 0) {                   /* it shrank meanwhile */
				end = pos;
				break;
			}
			if (write_all(out, buf, (size_t)n) < 0)
				goto out;
			pos += n;
		}
	}
	/* the size, with a hole at the end kept a hole */
	if (ftruncate(out, end) < 0)
		goto out;
	rc = 0;
out:
	free(buf);
	return rc;
}

int read_blocks(int in, void (*fn)(const void *buf, size_t len, void *arg), void *arg,
		const volatile sig_atomic_t *stop)
{
	char *buf = xmalloc(BLOCK);
	ssize_t n;
	int rc = -1;

	for (;;) {
		if (stop && *stop) {
			errno = EINTR;
			break;
		}
		n = read(in, buf, BLOCK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		if (n == 0) {
			rc = 0;
			break;
		}
		fn(buf, (size_t)n, arg);
	}
	free(buf);
	return rc;
}

int copy_file(const char *from, const char *to)
{
	char *tmp = xasprintf("%s.tmp.%ld", to, (long)getpid());
	int in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), out = -1, rc = -1, saved;
	struct stat st;

	if (in < 0 || fstat(in, &st) < 0)
		goto out;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto out;
	}
	unlink(tmp);
	/* a new file, renamed over `to`: never written through a link there */
	out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (out < 0 || copy_fd(in, out, NULL) < 0 || fchmod(out, st.st_mode & 0777) < 0)
		goto out;
	saved = close(out);
	out = -1;
	if (saved == 0 && rename(tmp, to) == 0)
		rc = 0;
out:
	saved = errno;
	if (out >= 0)
		close(out);
	if (in >= 0)
		close(in);
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	errno = saved;
	return rc;
}

int mkdir_below(const char *root, const char *path)
{
	size_t n = strlen(root);
	char *p;
	int rc = 0;

	if (strncmp(path, root, n) || (path[n] != '/' && path[n] != '\0')) {
		errno = EINVAL;
		return -1;
	}
	p = xstrdup(path);
	for (char *c = p + n; *c && !rc;) {
		struct stat st;
		char saved;

		c += strspn(c, "/");
		c += strcspn(c, "/");
		saved = *c;
		*c = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			rc = -1;
		else if (lstat(p, &st) < 0)
			rc = -1;
		else if (!S_ISDIR(st.st_mode)) {
			errno = ENOTDIR;
			rc = -1;
		}
		*c = saved;
	}
	free(p);
	return rc;
}

double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int startswith(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int endswith(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void list_dir(const char *dir, const char *suffix, struct strvec *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t first = out->n;

	if (!d)
		return;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && endswith(e->d_name, suffix))
			sv_pushf(out, "%s/%s", dir, e->d_name);
	closedir(d);
	/* in name order: whatever is made from the list is reproducible */
	if (out->n > first)
		qsort(out->v + first, out->n - first, sizeof(*out->v), str_cmp);
}

int num_whole(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	if (!s || !*s || *s == ' ' || *s == '+')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int num_positive(const char *s, double hi, double *out)
{
	char *end;
	double v;

	if (!s || !*s || *s == ' ' || *s == '+')
		return -1;
	for (const char *c = s; *c; c++)
		if (!strchr("0123456789.", *c))
			return -1; /* no "nan", "inf", hex or exponents */
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !(v > 0) || v > hi)
		return -1;
	*out = v;
	return 0;
}
