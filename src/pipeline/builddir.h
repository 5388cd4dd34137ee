/* builddir.h - the build directory: made or adopted without following
 * links planted in its way, refused when it is not optpy's to use, locked,
 * and cleared of what a killed optpy left running in it. */
#ifndef OPTPY_BUILDDIR_H
#define OPTPY_BUILDDIR_H

struct err;

/* What the object tree holds (stamps/objects). */
enum obj_state {
	OBJ_NONE,              /* nothing configured */
	OBJ_CONFIGURED,        /* configure ran, nothing compiled */
	OBJ_INSTRUMENTED,      /* the instrumented build */
	OBJ_TOOLS,             /* a warm build's build tools, built plainly (not final) */
	OBJ_OPTIMIZING,        /* the final build started from a cleaned tree */
	OBJ_OPTIMIZED,         /* the final build */
	OBJ_N
};


/* The file that marks a directory as an optpy build directory. */
#define BUILDDIR_MARKER ".optpy-build"
/* How a tournament's candidate directories begin (BUILD/cc-NAME): the one
 * build directory allowed inside another. */
#define BUILDDIR_CANDIDATE "cc-"

/* An absolute, resolved path for p, which need not exist yet (malloc'd);
 * NULL when it cannot be resolved (a ".." below a missing directory). */
char *builddir_abspath(const char *p);
/* Check bdir (from builddir_abspath) before anything is written: a path
 * CPython's makefiles can take, not inside the source (a directory), not
 * inside another optpy build directory (but as a tournament's candidate),
 * and holding no source: the given source (resolved; NULL when unknown)
 * is in no optpy build directory.  0 or EXIT_BUILD_DIR with e. */
int builddir_check(const char *bdir, const char *source, struct err *e);
/* Make or adopt bdir and its subdirectories: refused (EXIT_BUILD_DIR) when
 * it belongs to another user, is not empty without optpy's marker, or has a
 * link or another user's directory where optpy keeps its own; EXIT_TMPDIR
 * when it cannot be written. */
int builddir_prepare(const char *bdir, struct err *e);
/* Take BUILD/.lock: 0, or EXIT_LOCKED (another optpy) / EXIT_TMPDIR. */
int builddir_lock(const char *bdir, int *fd, struct err *e);
/* Stop what a killed optpy left running in bdir (its recorded process
 * groups), then record the children of runs (the build's context, run.h)
 * there from now on (in *children_path, malloc'd: BUILD/.children).
 * Returns how many leftover processes were stopped.  builddir_let_go stops
 * the recording and frees the path: a build calls it when it ends. */
struct run_ctx;
int builddir_take_over(const char *bdir, struct run_ctx *runs, char **children_path);
void builddir_let_go(struct run_ctx *runs, char **children_path);

/* The object tree's state, in stamps/objects. */
const char *obj_state_name(enum obj_state st);
enum obj_state obj_state_read(const char *stamps);
int obj_state_write(const char *stamps, enum obj_state st);

#endif
