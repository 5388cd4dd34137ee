/* farm.h - compile farms (distcc, icecream) that know the phases.
 *
 * A farm host cannot see the build's files.  distcc keeps gcc's
 * -fprofile-generate/-use compiles on this machine by its own rule, but
 * sends clang's -fprofile-instr-use=FILE compiles out, where FILE is
 * missing: they fail there and run again here (#22).  So optpy keeps every
 * compile that reads the profile here itself (the final build and install
 * of a PGO build: make gets CC without the farm launcher), and lets the
 * rest go out (the instrumented build, the build tools).  With distcc,
 * each phase's make runs with DISTCC_LOG=BUILD/logs/distcc-PHASE.log, and
 * the phase's stamp says how many compiles ran on the farm and why the
 * others did not.  icecream keeps no client log: its compiles are not
 * counted, only kept here where they read the profile. */
#ifndef OPTPY_FARM_H
#define OPTPY_FARM_H

struct build;
struct strvec;
struct toolchain;

enum farm_kind {
	FARM_NONE,             /* no farm launcher */
	FARM_DISTCC,           /* CC='distcc CC', or ccache with CCACHE_PREFIX=distcc */
	FARM_ICECC             /* CC='icecc CC', or ccache with CCACHE_PREFIX=icecc */
};

/* Where one compile ran, and why. */
enum farm_where {
	FW_REMOTE,             /* on a farm host */
	FW_BOUNCED,            /* sent out, failed there, run again here */
	FW_PROFILE_RULE,       /* here: distcc keeps gcc's profile compiles local */
	FW_NOT_COMPILE,        /* here: a link, a preprocess, not a compile distcc sends */
	FW_HOST_LIST,          /* here: distcc's host list chose this machine */
	FW_NO_HOST,            /* here: no farm host reached (none listed, refused, backed off) */
	FW_OPTPY,              /* here: it reads the profile, which farm hosts do not have */
	FW_N
};

/* The compiles of one phase, by where they ran. */
struct farm_tally {
	long n[FW_N];          /* compiles, by enum farm_where */
	int used;              /* 1 once a make of this phase ran with the farm launcher */
	int counted;           /* 1 when the counts come from a log (distcc) */
	int too_big;           /* 1 once the phase's distcc log outgrew FARM_LOG_MAX */
};

/* The farm CC's launcher belongs to (CCACHE_PREFIX read for ccache). */
enum farm_kind farm_kind(const struct toolchain *tc);
/* Where one enum farm_where ran and why, in words. */
const char *farm_where_text(enum farm_where w);
/* The same for its key in a stamp's "local_why" (the key itself when unknown). */
const char *farm_why_text(const char *key);
/* Add to t what a distcc client log (DISTCC_LOG) says: one compile per
 * distcc process, by its last "compile ... on HOST" line. */
void farm_tally_log(const char *text, struct farm_tally *t);

/* Before a make of the current phase: the make variables and environment
 * edits that keep profile-reading compiles here and name the phase's
 * distcc log (truncated at the phase's first make).  Nothing without a
 * farm launcher.  0, or -1 when the log cannot be made (errno set). */
int farm_make_begin(struct build *b, struct strvec *vars, struct strvec *env, long *objects_before);
/* After that make: count what it compiled into b->farm; warn about
 * compiles that bounced off the farm. */
void farm_make_end(struct build *b, long objects_before);
/* The phase's "farm" object in its results (b->res), when it used one. */
void farm_record(struct build *b);

#endif
