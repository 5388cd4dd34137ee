/* phase.h - what every phase of the pipeline shares: the build's state,
 * children run for a phase, its log, its stamp, and how it fails.
 *
 * A phase is `int phase_NAME(struct build *b)`: it returns 0, or
 * `return build_fail(b, status, ...)` (see err.h).  It records its results
 * with jw_* into b->res (written into its stamp and report.json), talks to
 * the person through build_log/build_warn, and never exits or prints. */
#ifndef OPTPY_PHASE_H
#define OPTPY_PHASE_H

#include "builddir.h"
#include "cpython.h"
#include "env.h"
#include "farm.h"
#include "json.h"
#include "msg.h"
#include "run.h"
#include "toolchain.h"

enum phase {
	PH_INSPECT, PH_CONFIGURE, PH_INSTRUMENT, PH_TRAIN, PH_MERGE, PH_OPTIMIZE, PH_BOLT,
	PH_VERIFY, PH_INSTALL, PH_N
};

enum pgo_mode { PGO_ON, PGO_AUTO, PGO_OFF };
enum bolt_mode { BOLT_AUTO, BOLT_ON, BOLT_OFF };
/* Options the command line gave (struct build_opts' given): configure's
 * arguments and DEB_BUILD_OPTIONS may not say them again. */
enum { GIVEN_LTO = 1, GIVEN_PGO = 2, GIVEN_BOLT = 4, GIVEN_PROFILE = 8, GIVEN_INSTALL = 16 };

/* What the user asked for: filled from the table in options.h. */
struct build_opts {
	const char *source;        /* --source: DIR or TARBALL, absolute */
	const char *build_dir;     /* --build-dir as given */
	const char *prefix;        /* --prefix, absolute, or NULL for configure's */
	const char *cc;            /* --cc, or NULL for $CC / the default */
	const char *profile;       /* --profile: NAME, or FILE (absolute) */
	const char *destdir;       /* --destdir, absolute, or NULL */
	int from;                  /* --from PHASE, or -1 */
	int until;                 /* --until PHASE (stop after it), or -1 */
	const char *tmpdir;        /* --tmpdir: where probes and captured output go */
	enum lto_mode lto;         /* --lto */
	enum pgo_mode pgo;         /* --pgo: on (default) fails without PGO */
	enum bolt_mode bolt;       /* --bolt: auto (default) where it works, on fails without */
	int jobs;                  /* --jobs: parallel make jobs and training tasks */
	int install;               /* --install (or --destdir): run the install phase */
	int fat_lto;               /* --fat-lto-objects */
	double train_timeout;      /* --train-timeout: whole training phase, seconds */
	double probe_timeout;      /* OPTPY_PROBE_TIMEOUT: seconds per probe command */
	const char *probe_cache;   /* OPTPY_PROBE_CACHE: directory of kept probe findings, or NULL */
	const char *verify_tests;  /* --verify-tests: test names, or "none" */
	const char *profile_task;  /* PROFILE_TASK= among configure's arguments: the training */
	const char *save_profile;  /* --save-profile FILE: write the merged profile as a bundle */
	const char *use_profile;   /* --use-profile FILE: a stored bundle instead of training */
	int allow_mismatch;        /* --allow-mismatch: use a bundle that does not fit */
	const char *cpu_level;     /* --cpu-level: v2, v3, v4 or native; NULL for the portable default */
	const char *extension_cc; /* --extension-cc: the compiler the install records for extension builds, or NULL */
	int jit;                   /* --jit: configure's --enable-experimental-jit */
	int free_threaded;         /* --free-threaded: configure's --disable-gil */
	struct msg_sink msg;       /* where the build's messages go, and --quiet/--verbose (msg.h) */
	struct env env;            /* the environment the build reads and its children start from (env.h) */
	int bench_runs;            /* --bench-runs: rounds of a tournament's comparison */
	const char *bench_only;    /* --bench-only: its benchmarks, or NULL for all */
	const char *shared_src;    /* a tournament's copy of the source, hard-linked instead of copied; not an option */
	int help;                  /* --help was given: nothing else is done */
	unsigned given;            /* GIVEN_* bits: said on the command line */
	struct strvec taken;       /* packager inputs taken as optpy's own decisions, in words */
	struct strvec configure_args; /* what follows `--` */
};

struct build {
	struct build_opts o;       /* what the user asked for */
	char *bdir;                /* the build directory, absolute */
	char *obj;                 /* BUILD/obj: CPython's out-of-tree build */
	char *logs;                /* BUILD/logs: PHASE.log per phase (PHASE.log.1 the attempt before) */
	char *stamps;              /* BUILD/stamps: PHASE.json once a phase finished; options; objects */
	char *rawdir;              /* BUILD/profile/raw: what the instrumented interpreter writes */
	char *profdir;             /* BUILD/profile/data: the merged profile the final build reads */
	char *src;                 /* the CPython tree being built (BUILD/src/NAME), after inspect */
	char *python;              /* the built interpreter (BUILD/obj/python), after inspect */
	char *source_fp;           /* fingerprint of the given source (source.h) */
	char *training_fp;         /* fingerprint of the training: manifest and task files (profile.h) */
	struct pyversion ver;      /* from patchlevel.h, after inspect */
	const struct pyfacts *facts; /* that version's facts, after inspect */
	char *chosen_cc;           /* the compiler choose_cc picked (no --cc, no CC), or NULL */
	const char *chosen_why;    /* its row, in words */
	const char *chosen_source; /* where the row's facts come from */
	char *march;               /* -march=... that --cpu-level asked for and this CPU has, or NULL */
	struct pyvariant variant;  /* the JIT and free-threaded build asked for (configure's arguments) */
	char *regen_python;        /* a Python >= 3.11 for the JIT's build (PYTHON_FOR_REGEN), or NULL */
	int jit_llvm_version;      /* LLVM_VERSION=N for a JIT built with another LLVM, or 0 */
	struct toolchain tc;       /* what detect found */
	struct decision d;         /* LTO and PGO decision */
	int pgo;                   /* 1 when this build is profile-guided (decision and --pgo) */
	int bolt;                  /* 1 when the bolt phase optimizes the binary (decision and --bolt) */
	const char *bolt_why;      /* why BOLT is not used, when it is not */
	int tty;                   /* stderr is a terminal: live status line */
	enum phase current;        /* the phase running (or last run) */
	struct jw res;             /* the current phase's results, written into its stamp */
	double phase_started;      /* now() when the current phase started, seconds */
	long objects_total;        /* .o files of a whole build, learnt from instrument */
	int lockfd;                /* the held lock on BUILD/.lock, -1 before and after */
	char *children_path;       /* BUILD/.children while this build records its children there */
	struct run_ctx runs;       /* this build's children (run.h): every command it runs counts here */
	struct strvec child_env;   /* edits each child of this build starts with (CCACHE_BASEDIR) */
	struct farm_tally farm;    /* the current phase's compiles by where they ran (farm.h) */
	char *fail_msg;            /* why the current phase failed (build_fail), malloc'd */
	struct strvec warnings;    /* warnings said during the build, for the report */
	struct strvec notes;       /* the driver's decisions in words (resume, changed source) */
	int fresh_source;          /* inspect takes a new copy of the source (it runs as a phase) */
};

const char *phase_name(enum phase p);
/* 0 and *p set, or -1 for an unknown name. */
int phase_parse(const char *s, enum phase *p);
/* BUILD/logs/PHASE.log (malloc'd). */
char *phase_log_path(const struct build *b, enum phase p);

/* Fail the current phase: the message goes to its log and b->fail_msg (the
 * driver prints it and writes the report).  A failure on a full disk
 * becomes EXIT_TMPDIR, "no space left on device", whatever the phase said.
 * Returns the status. */
int build_fail(struct build *b, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A line to the current phase's log (and a detail message: verbose). */
void build_log(struct build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A warning: a message (--quiet too), in the log and in the report. */
void build_warn(struct build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A progress message (timestamped; not when quiet). */
void build_say(struct build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Run a child for the current phase: output to its log, the live status
 * line ticking, Ctrl-C stopping it.  Returns its exit code (run.h). */
int build_run(struct build *b, char *const *argv, char *const *env, const char *cwd, double timeout);
/* `make -jN [-o TOOL...] TARGETS... VARS...` in the object directory. */
int build_make(struct build *b, const char *targets, const struct strvec *vars);
/* Record the make variables a phase builds with (STAMP_MAKE_VARS): the
 * report shows what ran, not what today's environment would give. */
void stamp_make_vars(struct build *b, const struct strvec *vars);
/* make -o TOOL for each build tool there is (final build and install). */
void build_keep_tools(struct build *b, struct strvec *argv);
/* p relative to the build directory when it is below it, else p itself. */
const char *build_relpath(const struct build *b, const char *p);
/* How many .o files are under the object directory. */
long build_count_objects(const struct build *b);

/* Stamps: BUILD/stamps/PHASE.json.  The keys one phase writes and another
 * phase (or the driver) reads, each named here once: */
#define STAMP_SECONDS          "seconds"            /* every phase: its wall time, seconds */
#define STAMP_SOURCE_FP        "source_fingerprint" /* inspect: the given source's fingerprint (source.h) */
#define STAMP_OBJECTS          "objects"            /* instrument: .o files of a whole build */
#define STAMP_BUNDLE_MISMATCH  "bundle_mismatches"  /* instrument (--use-profile): identity keys that differ */
#define STAMP_TRAINING_SHA256  "training_sha256"    /* train: the training's fingerprint (profile.h) */
#define STAMP_TASKS            "tasks"              /* train: [{"name", "seconds", ...}] per task */
#define STAMP_BINARIES_SHA256  "binaries_sha256"    /* optimize, bolt: {NAME below obj/: SHA-256} */
#define STAMP_MAKE_VARS        "make_vars"          /* instrument, optimize: the make variables that ran */
char *stamp_path(const struct build *b, enum phase p);
int stamp_exists(const struct build *b, enum phase p);
void stamp_remove(const struct build *b, enum phase p);
/* A phase's stamp, parsed (json_decref it), or NULL. */
json_t *stamp_read(const struct build *b, enum phase p);
/* A number from a phase's stamp, or dflt. */
double stamp_num(const struct build *b, enum phase p, const char *key, double dflt);

/* The binaries a build leaves in the object tree that the interpreter
 * runs: itself, and libpython's shared object when the build made one
 * (obj/libpython3.X.so.1.0) and the interpreter loads it.  One it does not
 * load (3.15's --enable-static-libpython-for-interpreter) goes to unused
 * (when not NULL) instead. */
void build_binaries(const struct build *b, struct strvec *out, struct strvec *unused);
/* Record each binary's SHA-256 in the current phase's results
 * ("binaries_sha256", keyed by the name below obj/): a later run trusts
 * that phase's stamp only while they are the same (stamp_binaries_match). */
void stamp_binaries(struct build *b, const struct strvec *bins);
/* 1 when the binaries phase p's stamp recorded are still there, byte for
 * byte (each as NAME.prebolt where prebolt is set and that file exists),
 * or when it recorded none; 0 otherwise, with the first that differs in
 * *which (malloc'd). */
int stamp_binaries_match(const struct build *b, enum phase p, int prebolt, char **which);

/* The object tree's state; set_obj_state fails the phase when it cannot
 * write it (returns 0 or the status). */
enum obj_state obj_state(const struct build *b);
int set_obj_state(struct build *b, enum obj_state st);
/* Remove the objects, archives, shared objects and programs of the other
 * kind of build; the profile, generated sources and build tools stay. */
int clean_objects(struct build *b);

#endif
