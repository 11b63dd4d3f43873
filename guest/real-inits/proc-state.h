/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The state letter of a process, for the guest's checks of real programs
 * (real-inits/pid1-run.c, consumers/ct-helper.c).
 */
#ifndef PROC_STATE_H
#define PROC_STATE_H

#include <stdio.h>
#include <string.h>
#include <sys/types.h>

/*
 * proc_state() - the state field of /proc/PID/stat: 'R', 'S', 'T', 'Z'...
 * @pid: the process
 * @missing: what to return when the file cannot be read (the process is
 *	gone) or holds no state
 */
static char proc_state(pid_t pid, char missing)
{
	char path[64], buf[512], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return missing;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* The command name in parentheses may hold anything: skip past it. */
	p = strrchr(buf, ')');
	return p && p[1] && p[2] ? p[2] : missing;
}

#endif
