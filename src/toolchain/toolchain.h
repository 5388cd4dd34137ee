/* toolchain.h - what detect learns about the compiler, platform and tools,
 * and what decide concludes from it (LTO mode, PGO, flags, reasons). */
#ifndef OPTPY_TOOLCHAIN_H
#define OPTPY_TOOLCHAIN_H

#include "env.h"
#include "parse.h"
#include "strbuf.h"
#include "util.h"

struct jw;
struct run_ctx;

struct tool {
	const char *role;      /* "archiver", "lld", "llvm-profdata", ... */
	char *path;            /* NULL when not found */
	struct version ver;
	char *banner;          /* first line of its version output */
	char *note;            /* why it is (not) usable */
	int usable;
};

enum { LK_BFD, LK_GOLD, LK_LLD, LK_MOLD, LK_N };
/* The linkers optpy knows: -fuse-ld= name and the programs to look for. */
struct linker_info {
	const char *name;      /* "bfd": what -fuse-ld= takes */
	const char *prog[2];   /* program names on PATH ("ld.bfd") */
};
extern const struct linker_info linker_tab[LK_N];
/* "the default linker" for -1, else the linker's name. */
const char *linker_label(int lk);

struct toolchain {
	const struct env *env; /* the environment detect read it from (not owned; NULL: the process's) */
	struct run_ctx *runs;  /* the client's children context its commands run in (not owned; NULL: default) */
	/* CC as given, split into words */
	char *cc_string;
	struct strvec cc;      /* launcher? compiler extra... */
	char *launcher;        /* ccache, distcc... or NULL */
	int cc_index;          /* index of the compiler word in cc */
	char *compiler_path;   /* found on PATH */
	char *real_path;       /* with symlinks resolved */
	enum family family;
	struct version version;
	char *banner;          /* first line of --version */
	const char *vendor;
	char *triple;
	char *installed_dir;   /* clang's InstalledDir */
	struct strvec cflags, ldflags;
	char *dm;              /* predefined macros */

	/* platform */
	char os[160], arch[64], libc[32], libc_version[64];
	long cores;
	long long mem_bytes;

	/* tools */
	struct tool ar, profdata, bolt, merge_fdata, perf;
	struct tool linkers[LK_N];
};

/* --cpu-level: the -march flag for level ("v2", "v3", "v4", "native"),
 * when this machine's CPU has every feature of it (/proc/cpuinfo's flags:
 * an interpreter built for more could not be trained or verified here) and
 * the compiler takes the flag.  0 with *march (malloc'd), or EXIT_USAGE /
 * EXIT_BAD_ENV with e set. */
struct err;
int cpu_level_flag(const struct toolchain *tc, const char *level, char **march, struct err *e);

enum lto_mode { LTO_OFF, LTO_FULL, LTO_THIN, LTO_AUTO };
const char *lto_name(enum lto_mode m);
int lto_parse(const char *s, enum lto_mode *m);
/* The compile and link flags of LTO `mode` for this compiler. */
void lto_flags_for(const struct toolchain *tc, enum lto_mode mode, struct strvec *f);

struct probe_step {
	char *name;            /* "lto:thin:lld" */
	int ok;
	double seconds;
	char *detail;          /* why it failed (first lines of output) */
};

struct decision {
	enum lto_mode requested;
	enum lto_mode lto;
	const char *linker;    /* linker name, NULL for the compiler's default */
	char *linker_path;
	struct strvec lto_cflags, lto_ldflags;
	struct strvec lto_reasons;
	int thin_ok, full_ok;  /* probe results per mode */
	int thin_lk, full_lk;  /* the linker that worked per mode (-1 default) */
	char *refused;         /* a forced --lto mode that cannot be had, and why */

	int pgo;
	/* compile+link flags; @RAWDIR@ (where the instrumented program writes)
	 * and @PROFDIR@ (where the merged profile is) are substituted */
	struct strvec pgo_gen, pgo_use;
	struct strvec pgo_link;    /* the final link's own, with the profile (gcc's LTO decides there) */
	struct strvec pgo_reasons;
	struct strvec traps;       /* known speed traps of this compiler version, with sources */
	char *pgo_fix;         /* what to do when PGO does not work */

	struct probe_step *steps; /* every probe that ran, in order (copied from the probe) */
	int nsteps;
	double seconds;
	int timed_out;         /* probe commands stopped by OPTPY_PROBE_TIMEOUT: nothing decided by them */
	double probe_timeout;  /* that limit, seconds */
	char *cache_file;      /* the OPTPY_PROBE_CACHE entry read or written, or NULL */
	int cached;            /* 1: the probes' findings came from cache_file, no probe ran */
	char *cache_note;      /* why the cache was not used or not written, or NULL */
};

struct detect_opts {
	const struct env *env; /* the environment to read (CC, CFLAGS, LLVM_*...); NULL: the process's */
	struct run_ctx *runs;  /* the client's children context (run.h); NULL: the process's default */
	const char *cc;        /* --cc or $CC */
	const char *tmpdir;
	double probe_timeout;
	const char *probe_cache; /* OPTPY_PROBE_CACHE: the directory of stored findings, or NULL */
	int no_probe;          /* skip probes (report only) */
};

struct err;
/* detect.c: fills tc; returns 0, or EXIT_NO_CC / EXIT_BAD_ENV with e set. */
int detect_toolchain(struct toolchain *tc, const struct detect_opts *o, struct err *e);
/* decide.c (with probe.c): the LTO and PGO decision.  Returns 0, or
 * EXIT_TMPDIR / EXIT_INTERRUPTED with e set when the probes could not run;
 * an impossible forced --lto is not an error here but d->refused. */
int decide(struct decision *d, struct toolchain *tc, enum lto_mode want,
	   const struct detect_opts *o, struct err *e);
/* Returns an explanation when `want` is impossible before any probe (table
 * of known-bad combinations), else NULL. */
const char *known_bad(const struct toolchain *tc, enum lto_mode want, const char **source);

/* toolchain.c: gcc's names for profile data, all malloc'd.  gcc names an
 * object's .gcda after its absolute path, every '/' turned to '#';
 * gcda_prefix is the part every object below
 * obj_dir shares ("/b/obj" -> "#b#obj#"); gcda_name the file name of the
 * object rel below obj_dir ("Python/ceval.o" -> "#b#obj#Python#ceval.gcda");
 * gcda_object the way back (NULL for a name not below obj_dir).  A '#' in
 * a directory name cannot be told from a '/': CPython's sources have none. */
char *gcda_prefix(const char *obj_dir);
char *gcda_name(const char *obj_dir, const char *rel);
char *gcda_object(const char *obj_dir, const char *name);
/* The compiler and its flags from CC, without its launcher, appended to out. */
void cc_words(const struct toolchain *tc, struct strvec *out);
/* CC starts with ccache. */
int uses_ccache(const struct toolchain *tc);
/* toolchain.c: the flags with @RAWDIR@ and @PROFDIR@ replaced, appended to out. */
void flags_subst(struct strvec *out, char *const *flags, const char *rawdir, const char *profdir);

/* detect_report.c: what detect found and decided, as text or JSON (the
 * "toolchain" section of a build's report.json uses the JSON one) */
void detect_report_text(struct strbuf *sb, const struct toolchain *tc, const struct decision *d);
void detect_report_json(struct jw *w, const struct toolchain *tc, const struct decision *d);
/* The probe steps as an array under key (the report's "probes", the probe cache's "steps"). */
void probe_steps_json(struct jw *w, const char *key, const struct probe_step *steps, int n);

#endif
