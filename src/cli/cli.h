/* cli.h - the subcommands behind `optpy COMMAND`, and what they share. */
#ifndef OPTPY_CLI_H
#define OPTPY_CLI_H

#include <getopt.h>

#include "msg.h"

int cmd_detect(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_profile(int argc, char **argv);

/* After getopt_long returned option c with argument arg: die (usage) when
 * the argument is another option of opts or of the short options shorts,
 * i.e. the option's own value is missing ("--runs --json" must not take
 * "--json" as the number of runs).  build's options do this in options.c. */
void cli_check_arg(const struct option *opts, const char *shorts, int c, const char *arg);

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
