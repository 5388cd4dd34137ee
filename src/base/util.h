/* util.h - die/warn, x-allocation helpers, paths and small file helpers. */
#ifndef OPTPY_UTIL_H
#define OPTPY_UTIL_H

#include <signal.h>
#include <stddef.h>
#include <stdarg.h>

/* Exit statuses: documented in optpy(1) and README.md. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,          /* internal error */
	EXIT_USAGE = 2,         /* bad command line */
	EXIT_NO_CC = 3,         /* compiler missing or not runnable */
	EXIT_UNKNOWN_CC = 4,    /* compiler answered but is of no known family */
	EXIT_BAD_ENV = 5,       /* garbage in CC, CFLAGS, LDFLAGS... */
	EXIT_TMPDIR = 6,        /* temporary or build directory not writable, or full */
	EXIT_LTO_REFUSED = 7,   /* a forced --lto mode is impossible or unsafe */
	EXIT_SOURCE = 8,        /* not a CPython tree, bad tarball, unsupported version */
	EXIT_PHASE = 9,         /* a build phase failed */
	EXIT_LOCKED = 10,       /* another optpy holds the build directory */
	EXIT_BAD_PYTHON = 11,   /* bench: an interpreter is missing or not Python */
	EXIT_BUILD_DIR = 12,    /* build directory refused: not optpy's, another user's,
				 * inside the source, a planted link, a path make cannot take */
	EXIT_NO_PGO = 13,       /* PGO asked for (--pgo on, the default) but not possible */
	EXIT_NO_BOLT = 14,      /* BOLT asked for (--bolt on) but not possible */
	EXIT_PROFILE_MISMATCH = 15, /* --use-profile: the bundle does not fit this build */
	EXIT_INTERRUPTED = 130  /* SIGINT/SIGTERM */
};

/* die() and warn() print: the CLI uses them, library code does not (see
 * err.h). */
extern const char *progname;

void die(int status, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* NULL-terminated vectors of strings (argv, env). */
struct strvec {
	char **v;
	size_t n, cap;
};
void sv_push(struct strvec *sv, const char *s);
void sv_pushf(struct strvec *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sv_pushv(struct strvec *sv, char *const *v);
void sv_clear(struct strvec *sv);
/* Split on blanks honouring '..' and "..": -1 on unbalanced quotes. */
int sv_split(struct strvec *sv, const char *s);

char *path_join(const char *a, const char *b);
const char *path_base(const char *p);
int is_dir(const char *p);
int is_file(const char *p);
int is_exec(const char *p);
/* Search PATH for name (or accept it when it has a slash); malloc'd or NULL. */
char *which(const char *name);
int mkdir_p(const char *p);
/* mkdir -p of path below root (which exists and was checked), never
 * through a link: a component that exists as anything but a directory
 * (a planted symbolic link, say) fails with ENOTDIR.  0, or -1 with errno. */
int mkdir_below(const char *root, const char *path);
/* Read a whole file; NULL when it cannot be read. *len optional. */
char *read_file(const char *p, size_t *len);
/* The same with extra open(2) flags (O_NOFOLLOW inside the build directory). */
char *read_file_flags(const char *p, size_t *len, int flags);
/* Open a log to add to: made when missing, never through a link (a link
 * planted at p fails with ELOOP), close-on-exec.  An fd, or -1 with errno. */
int open_append(const char *p);
/* Write atomically (a new temporary file + rename, so a symbolic link at p
 * is replaced, never written through). 0 on success, -1 with errno. */
int write_file(const char *p, const char *data, size_t len);
/* Copy a file's bytes and permission bits (atomically, see write_file);
 * from is not followed when it is a link.  Streamed (copy_fd): memory does
 * not grow with the file, holes stay holes.  0, or -1 with errno. */
int copy_file(const char *from, const char *to);
/* Copy all that fd `in` holds into `out` (both at offset 0), a bounded
 * block at a time: the holes of a sparse file stay holes (SEEK_HOLE);
 * *stop set (by a signal handler) ends it with EINTR.  0, or -1 with errno. */
int copy_fd(int in, int out, const volatile sig_atomic_t *stop);
/* Feed what fd `in` holds to fn a bounded block at a time, stopping with
 * EINTR when *stop is set.  0, or -1 with errno. */
int read_blocks(int in, void (*fn)(const void *buf, size_t len, void *arg), void *arg,
		const volatile sig_atomic_t *stop);
double now(void);
/* true when s starts with prefix */
int startswith(const char *s, const char *prefix);
int endswith(const char *s, const char *suffix);
/* The paths of dir's entries whose name ends with suffix, appended to out
 * in name order. */
void list_dir(const char *dir, const char *suffix, struct strvec *out);

/* Strict numbers for options: the whole string, in range.  0 and *out, or -1. */
int num_whole(const char *s, long lo, long hi, long *out);
/* A decimal number above 0 and at most hi ("90", "0.5"; not "nan", "1e3"). */
int num_positive(const char *s, double hi, double *out);

#endif
