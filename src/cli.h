/* cli.h - the subcommands behind `optpy COMMAND`. */
#ifndef OPTPY_CLI_H
#define OPTPY_CLI_H

int cmd_detect(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_bench(int argc, char **argv);

#endif
