/* args.h - one command-line parser for every command, over option tables
 * (git's parse-options is the model): --name, --name=VALUE, --name VALUE,
 * -x, -xVALUE, -x VALUE, and `--` ending the options.  A value that is
 * itself one of the table's options is refused: "--jobs --lto thin" means
 * --jobs lost its value.  The same table prints the usage lines.
 *
 * A table is n rows `stride` bytes apart, each starting with a struct
 * arg_def (a command's own row type can carry more after it).  Rows whose
 * name is NULL are not options (an environment variable, say) and are
 * skipped.  Library code: errors go into a struct err. */
#ifndef OPTPY_ARGS_H
#define OPTPY_ARGS_H

#include <stddef.h>

#include "err.h"
#include "strbuf.h"

struct arg_def {
	const char *name;      /* the long option without "--" ("jobs"), or NULL: not an option */
	int shortopt;          /* its one-letter form ('j'), or 0 */
	const char *metavar;   /* the value's name in the usage ("N"), or NULL for a flag */
	const char *help;      /* the usage text, lines joined by '\n' */
};

struct args {
	const void *rows;      /* the table */
	size_t n, stride;      /* its rows, and the bytes from one to the next */
	const char *cmd;       /* the command ("build"), for the messages */
	int argc;              /* argv's words, argv[0] the command's name */
	char *const *argv;
	int i;                 /* the next word to read (args_init: 1) */
	int rest;              /* 1 once `--` was read: every word after it is an operand */
};

enum { ARG_END = 0, ARG_OPTION = -1, ARG_OPERAND = -2 };

void args_init(struct args *a, const void *rows, size_t n, size_t stride, const char *cmd, int argc,
	       char *const *argv);
/* The next word: ARG_OPTION with *row (its index in the table) and *val
 * (NULL for a flag), ARG_OPERAND with *val (a->rest says whether after
 * `--`), ARG_END; or EXIT_USAGE with e set (e->show_usage for an unknown
 * option). */
int args_next(struct args *a, size_t *row, const char **val, struct err *e);
/* One usage line: left ("  -j, --jobs N") padded to a column, then help. */
void args_usage_line(struct strbuf *sb, const char *left, const char *help);
/* The usage lines of the table's options. */
void args_usage(struct strbuf *sb, const void *rows, size_t n, size_t stride);

/* A table of bare arg_defs. */
#define ARGS_N(tab) (sizeof(tab) / sizeof((tab)[0]))

#endif
