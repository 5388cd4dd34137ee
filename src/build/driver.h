/* driver.h - the pipeline, start to end: the build directory, the
 * toolchain, the plan, the phases in order, report.json. */
#ifndef OPTPY_DRIVER_H
#define OPTPY_DRIVER_H

#include "phase.h"

/* Build what b->o asks for.  Returns the exit status; once the build
 * directory is optpy's and locked, report.json says the same. */
int build_main(struct build *b);

#endif
