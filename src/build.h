/* build.h - the build pipeline: its state, its phases, and the helpers
 * they share (running make, logging, stamps). */
#ifndef OPTPY_BUILD_H
#define OPTPY_BUILD_H

#include "cpython.h"
#include "json.h"
#include "run.h"
#include "toolchain.h"

enum phase {
	PH_INSPECT, PH_CONFIGURE, PH_INSTRUMENT, PH_TRAIN, PH_MERGE, PH_OPTIMIZE, PH_VERIFY,
	PH_INSTALL, PH_N
};

struct build_opts {
	const char *source;        /* DIR or TARBALL */
	const char *build_dir;
	const char *prefix;
	const char *cc;
	const char *profile;       /* NAME or FILE */
	const char *destdir;
	const char *from;          /* --from PHASE */
	const char *until;         /* --until PHASE: stop after it */
	const char *tmpdir;
	enum lto_mode lto;
	int jobs;
	int install;
	int fat_lto;
	double train_timeout;      /* whole training phase limit */
	const char *verify_tests;  /* test names for verify, or "none" */
	struct strvec configure_args;
};

struct build {
	struct build_opts o;
	char *bdir, *obj, *logs, *stamps, *rawdir, *profdir, *src;
	char *python;              /* BUILD/obj/python */
	int major, minor, micro;
	char version[32];
	const struct pyfacts *facts;
	struct toolchain tc;
	struct decision d;
	int tty;
	enum phase current;
	struct jw res;             /* the current phase's results, written in its stamp */
	double phase_started;
	long objects_total;        /* objects of a whole build, learnt from instrument */
	int lockfd;
};

/* phases: each returns 0, or an exit status after saying why */
int phase_inspect(struct build *b);
int phase_configure(struct build *b);
int phase_instrument(struct build *b);
int phase_train(struct build *b);
int phase_merge(struct build *b);
int phase_optimize(struct build *b);
int phase_verify(struct build *b);
int phase_install(struct build *b);

const char *phase_name(enum phase p);
int phase_parse(const char *s, enum phase *p);

/* Run a child for the current phase: output to logs/PHASE.log, the live
 * status line ticking, Ctrl-C stopping it.  Returns its exit code. */
int build_run(struct build *b, char *const *argv, char *const *env, const char *cwd, double timeout);
/* make -o TOOL for each build tool there is, in the final build and install. */
void build_keep_tools(struct build *b, struct strvec *argv);
/* `make -jN TARGETS... VAR=VALUE...` in the object directory. */
int build_make(struct build *b, const char *targets, const struct strvec *vars);
/* The make variables of the instrumented or the final build. */
void build_make_vars(struct build *b, int final, struct strvec *vars);
/* A line to the current phase's log (and to the terminal when verbose). */
void build_log(struct build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Say why the current phase failed (stderr and its log); returns status. */
int phase_fail(struct build *b, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A number from an earlier phase's stamp, or dflt. */
double stamp_num(const struct build *b, enum phase p, const char *key, double dflt);
/* What the object tree holds: "configured", "instrumented", "optimizing"
 * (the final build started from a cleaned tree) or "optimized". */
char *obj_state(const struct build *b);
void set_obj_state(const struct build *b, const char *state);
/* Remove the objects, archives, shared objects and programs of the other
 * kind of build; the profile, generated sources and build tools stay. */
int clean_objects(struct build *b);
/* Paths inside the build directory (malloc'd). */
char *build_path(const struct build *b, const char *rel);
/* How many .o files are under the object directory. */
long build_count_objects(const struct build *b);

/* Run the phases from the first unfinished one (or --from). */
int build_main(struct build *b);

/* source.c: resolve --source into b->src (unpacking a tarball safely). */
int source_prepare(struct build *b);
/* tarball unpacking, exposed for tests: 0 or an error message (malloc'd) */
char *unpack_tarball(const char *tarball, const char *dest_parent, char **topdir);

#endif
