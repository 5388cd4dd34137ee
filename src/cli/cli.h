/* cli.h - the subcommands behind `optpy COMMAND`, and what they share. */
#ifndef OPTPY_CLI_H
#define OPTPY_CLI_H

#include <stdio.h>

#include "args.h"
#include "msg.h"

int cmd_detect(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_profile(int argc, char **argv);

/* A command's usage: head, the option lines of its table (args.h), tail. */
struct cli_cmd {
	const char *name;          /* "detect" */
	const char *head;          /* the synopsis and what it does */
	const struct arg_def *opts; /* its options */
	size_t nopts;
	const char *tail;          /* what follows the options, or NULL */
};
void cli_usage(FILE *f, const struct cli_cmd *c);
/* args_next (args.h) over c's table; a bad word dies (exit 2) with the
 * error, and with the usage when the option was unknown. */
void cli_args_init(struct args *a, const struct cli_cmd *c, int argc, char **argv);
int cli_next(struct args *a, const struct cli_cmd *c, size_t *row, const char **val);
/* Exit 2 (usage) with "optpy: error: MESSAGE", then c's usage when
 * show_usage is set (the words themselves were not understood). */
void cli_usage_error(const struct cli_cmd *c, int show_usage, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));

/* Every string in v (keys too) with each control character but newline
 * and tab, and each C1 control, turned into '?': text read from a file
 * never drives the terminal it is printed on. */
struct json_t;
void cli_scrub(struct json_t *v);
/* die (usage) unless path is a regular file (what: "report", "bundle"):
 * a FIFO or device is never opened, so never waited on. */
void cli_need_regular(const char *path, const char *what);

/* The CLI's message handler (msg.h): errors and warnings prefixed
 * "optpy: error: " / "optpy: warning: ", the status line kept on one
 * terminal line and cleared before the next message, all on stderr. */
void cli_msg(void *arg, enum msg_kind kind, const char *text);
/* Under GitHub Actions (GITHUB_ACTIONS=true) the handler also groups each
 * phase (::group::) and annotates errors and warnings; this appends the
 * build's summary (Markdown) to GITHUB_STEP_SUMMARY.  Elsewhere nothing. */
void cli_step_summary(const char *build_dir);

#endif
