#include "cli.h"
int cmd_build(int a, char **b) { (void)a; (void)b; return 1; }
int cmd_report(int a, char **b) { (void)a; (void)b; return 1; }
int cmd_bench(int a, char **b) { (void)a; (void)b; return 1; }
