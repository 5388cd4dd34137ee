/* procs.h - processes beyond optpy's own children, from /proc: orphans it
 * adopted as their reaper, and what a killed optpy left running. */
#ifndef OPTPY_PROCS_H
#define OPTPY_PROCS_H

#include <sys/types.h>

/* Kill and reap the children of this process that are not in keep (the
 * children it started): orphans it adopted as subreaper, e.g. a grandchild
 * that called setsid() and outlived its parent.  Repeats while killing one
 * hands it more. */
void procs_reap_orphans(const pid_t *keep, int nkeep);
/* SIGKILL the processes of the given process groups whose working
 * directory is below dir; returns how many it stopped. */
int procs_kill_leftovers(const pid_t *pgids, int n, const char *dir);

#endif
