/* options.h - build's options in one table.  The table drives the command
 * line's parsing, `optpy build --help`, what a build records in
 * BUILD/stamps/options and which phase a change of each redoes; tests/cli.sh
 * checks optpy.1 and README.md against it.  An option is added here (one
 * row, its setter, its field in struct build_opts) and nowhere else.
 *
 * Library code: nothing here prints or exits; errors go into a struct err. */
#ifndef OPTPY_OPTIONS_H
#define OPTPY_OPTIONS_H

#include "args.h"
#include "err.h"
#include "phase.h"

struct jw;
struct strbuf;

struct build_option {
	struct arg_def arg;        /* name ("jobs", NULL for an input that is not an option), letter, value name, usage text */
	const char *env;           /* the environment variable it is (arg.name NULL), or NULL */
	int (*set)(struct build_opts *o, const char *arg, struct err *e); /* store arg in o: 0 or EXIT_USAGE */
	const char *key;           /* its key in BUILD/stamps/options, or NULL: it shapes no result */
	enum phase redo;           /* the first phase whose result a change of it makes stale (with key) */
	void (*record)(struct jw *w, const struct build_option *opt, const struct build *b); /* the recorded value */
};

/* The table, and its rows. */
extern const struct build_option build_options[];
extern const size_t build_options_n;

/* The defaults: jobs = cores, LTO auto, PGO on, BOLT auto... */
void build_opts_init(struct build_opts *o);
/* Parse `optpy build`'s arguments (argv[0] is the command's name): options,
 * then `--` and configure's arguments.  Stops at --help (o->help set).
 * Reads the environment rows (OPTPY_PROBE_TIMEOUT).  0 or EXIT_USAGE. */
int build_opts_parse(struct build_opts *o, int argc, char *const *argv, struct err *e);
/* What the options say together, checked before anything is written;
 * configure's PGO/LTO/BOLT arguments and DEB_BUILD_OPTIONS taken as
 * optpy's own options (said in o->taken).  0 or an EXIT_* status. */
int build_opts_check(struct build_opts *o, struct err *e);
/* The option lines of the usage, from the table. */
void build_options_usage(struct strbuf *sb);

/* Values that other commands take too (optpy detect): 0 or EXIT_USAGE. */
int option_lto(const char *s, enum lto_mode *m, struct err *e);
/* what: the option or variable that gave s, for the message. */
int option_probe_timeout(const char *what, const char *s, double *out, struct err *e);

/* The options that shape b's result, one key per row with a key, as JSON
 * text (malloc'd): what BUILD/stamps/options holds. */
char *build_options_record(const struct build *b);
/* The phase a change of the recorded key redoes; PH_INSPECT for a key no
 * row has (a newer optpy's: everything is redone). */
enum phase build_option_redo(const char *key);

#endif
