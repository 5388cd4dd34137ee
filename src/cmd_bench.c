/* cmd_bench.c - placeholder replaced below */
#include "cli.h"
#include "util.h"
int cmd_bench(int argc, char **argv) { (void)argc; (void)argv; die(EXIT_FAIL, "bench: not built yet"); }
