/* procs.c - what run.c needs to know about processes beyond its own
 * children, read from /proc (see procs.h). */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "procs.h"

static int kept(pid_t pid, const pid_t *keep, int n)
{
	for (int i = 0; i < n; i++)
		if (keep[i] == pid)
			return 1;
	return 0;
}

/* A field of /proc/PID/stat after the command name: 1 = state, 2 = ppid,
 * 3 = pgrp.  -1 when the process is gone. */
static long proc_stat_field(pid_t pid, int field)
{
	char path[64], buf[1024];
	int fd;
	ssize_t n;
	char *p;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (!p)
		return -1;
	p += 2;
	for (int f = 1; f < field && p; f++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	return p ? strtol(p, NULL, 10) : -1;
}

/* Kill and reap the orphans we adopted: children of ours that we did not
 * start (a grandchild that called setsid and outlived its parent).  Killing
 * one can hand us its own children, so repeat until none are left. */
void procs_reap_orphans(const pid_t *keep, int nkeep)
{
	int found = 1;

	for (int round = 0; found && round < 16; round++) {
		DIR *d = opendir("/proc");
		struct dirent *e;

		found = 0;
		if (!d)
			return;
		while ((e = readdir(d))) {
			char *end;
			long pid = strtol(e->d_name, &end, 10);

			if (*end || pid <= 0 || kept((pid_t)pid, keep, nkeep))
				continue;
			if (proc_stat_field((pid_t)pid, 2) != (long)getpid())
				continue;
			kill((pid_t)pid, SIGKILL);
			waitpid((pid_t)pid, NULL, 0);
			found = 1;
		}
		closedir(d);
	}
}

/* Is /proc/PID/cwd below dir? */
static int cwd_below(pid_t pid, const char *dir)
{
	char link[64], cwd[PATH_MAX];
	ssize_t n;
	size_t dl = strlen(dir);

	snprintf(link, sizeof(link), "/proc/%ld/cwd", (long)pid);
	n = readlink(link, cwd, sizeof(cwd) - 1);
	if (n < 0)
		return 0;
	cwd[n] = '\0';
	return !strncmp(cwd, dir, dl) && (cwd[dl] == '/' || cwd[dl] == '\0');
}

int procs_kill_leftovers(const pid_t *pgids, int n, const char *dir)
{
	int stopped = 0;

	for (int round = 0; round < 5; round++) {
		DIR *d = opendir("/proc");
		struct dirent *e;
		int found = 0;

		if (!d)
			return stopped;
		while ((e = readdir(d))) {
			char *end;
			long pid = strtol(e->d_name, &end, 10);
			long pg;

			if (*end || pid <= 1 || pid == (long)getpid())
				continue;
			pg = proc_stat_field((pid_t)pid, 3);
			for (int i = 0; i < n; i++)
				if (pg == (long)pgids[i] && cwd_below((pid_t)pid, dir)) {
					kill((pid_t)pid, SIGKILL);
					stopped++;
					found = 1;
				}
		}
		closedir(d);
		if (!found)
			break;
		usleep(100000);
	}
	return stopped;
}
