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

#include "util.h"

const char *progname = "optpy";
int verbosity = 1;

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

void warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void info(const char *fmt, ...)
{
	va_list ap;

	if (verbosity < 1)
		return;
	va_start(ap, fmt);
	vmsg("", fmt, ap);
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

int rm_rf(const char *p)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (lstat(p, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(p);
	d = opendir(p);
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char *c;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		c = path_join(p, e->d_name);
		if (rm_rf(c) < 0)
			rc = -1;
		free(c);
	}
	closedir(d);
	if (rmdir(p) < 0)
		rc = -1;
	return rc;
}

char *read_file(const char *p, size_t *lenp)
{
	FILE *f = fopen(p, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			buf = xrealloc(buf, cap + 1);
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	if (lenp)
		*lenp = len;
	return buf;
}

int write_file(const char *p, const char *data, size_t len)
{
	char *tmp = xasprintf("%s.tmp.%ld", p, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	int rc = -1;

	if (fd >= 0) {
		size_t off = 0;

		while (off < len) {
			ssize_t w = write(fd, data + off, len - off);

			if (w <= 0)
				break;
			off += (size_t)w;
		}
		if (close(fd) == 0 && off == len && rename(tmp, p) == 0)
			rc = 0;
	}
	if (rc < 0)
		unlink(tmp);
	free(tmp);
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

long count_files(const char *p, const char *suffix, long *empty)
{
	DIR *d = opendir(p);
	struct dirent *e;
	long n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		struct stat st;
		char *c;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		c = path_join(p, e->d_name);
		if (lstat(c, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				n += count_files(c, suffix, empty);
			else if (S_ISREG(st.st_mode) && endswith(e->d_name, suffix)) {
				if (st.st_size > 0)
					n++;
				else if (empty)
					(*empty)++;
			}
		}
		free(c);
	}
	closedir(d);
	return n;
}

void list_dir(const char *dir, const char *suffix, struct strvec *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && endswith(e->d_name, suffix))
			sv_pushf(out, "%s/%s", dir, e->d_name);
	closedir(d);
}
