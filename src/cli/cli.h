/* cli.h - the subcommands behind `optpy COMMAND`, and what they share. */
#ifndef OPTPY_CLI_H
#define OPTPY_CLI_H

#include <getopt.h>

int cmd_detect(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_profile(int argc, char **argv);

/* After getopt_long returned option c with argument arg: die (usage) when
 * the argument is another option, i.e. the option's own value is missing
 * ("--jobs --lto thin" must not take "--lto" as the number of jobs). */
void cli_check_arg(const struct option *opts, int c, const char *arg);

#endif
