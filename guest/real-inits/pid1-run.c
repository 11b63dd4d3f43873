// SPDX-License-Identifier: GPL-2.0
/*
 * pid1-run: run a program as the init (pid 1) of a new pid namespace, send
 * it signals from the parent namespace, and print how it ended, for the
 * real-inits checks of the guest (guest/real-inits/run.sh).
 *
 *   pid1-run [-s] [-k SIG] [-S] [-K SIG] -- PROGRAM [ARG...]
 *
 *   -s      opt in: prctl(PR_SET_INIT_SELFKILL, 1) in the init before exec
 *   -k SIG  once the init has a child, send it SIG from the parent namespace
 *   -S      after -k, once the init's first child is stopped, send the init
 *           SIGUSR1, which an init that forwards signals passes on to the
 *           child, and print the states of both and whether SIGUSR1 reached
 *           the child ("child T init S forwarded yes")
 *   -K SIG  then send SIG too
 *
 * Prints "exited N" or "killed N" (the wait status of the init), or
 * "timeout" when it had to be killed after 60 s, and exits 0; exits 2 when
 * it could not run the test.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc-state.h"

#ifndef PR_SET_INIT_SELFKILL
#define PR_SET_INIT_SELFKILL 0x49534b53
#endif

static char **cmd;
static int selfkill;
static volatile sig_atomic_t timed_out;
static pid_t init_pid;

/* An init that does not end within 60 s is killed, and that is reported. */
static void on_alarm(int sig)
{
	timed_out = 1;
	kill(init_pid, SIGKILL);
}

static int init_main(void *arg)
{
	/* As a container runtime does: the init leads its own session. */
	setsid();
	if (selfkill && prctl(PR_SET_INIT_SELFKILL, 1, 0, 0, 0)) {
		perror("pid1-run: PR_SET_INIT_SELFKILL");
		_exit(125);
	}
	execvp(cmd[0], cmd);
	perror("pid1-run: exec");
	_exit(127);
}

static void pause_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* The command name of @pid, or "" when it is gone. */
static void comm_of(pid_t pid, char *buf, size_t size)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	buf[0] = '\0';
	f = fopen(path, "r");
	if (!f)
		return;
	if (!fgets(buf, size, f))
		buf[0] = '\0';
	fclose(f);
}

/*
 * The first child of @pid as /proc lists it, once it runs another program
 * than the init (it has executed its command, so the init's forwarding
 * finds it set up), or 0 after 10 s without one.
 */
static pid_t first_child(pid_t pid)
{
	char path[64], mine[32], its[32];
	int i, child;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", pid, pid);
	for (i = 0; i < 1000; i++) {
		FILE *f = fopen(path, "r");

		if (f) {
			int n = fscanf(f, "%d", &child);

			fclose(f);
			comm_of(pid, mine, sizeof(mine));
			comm_of(child, its, sizeof(its));
			if (n == 1 && its[0] && strcmp(mine, its))
				return child;
		}
		pause_ms(10);
	}
	return 0;
}

/* Is @sig pending for @pid (SigPnd or ShdPnd of /proc/PID/status)? */
static int pending(pid_t pid, int sig)
{
	char path[64], line[256];
	unsigned long long mask;
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if ((sscanf(line, "SigPnd: %llx", &mask) == 1 ||
		     sscanf(line, "ShdPnd: %llx", &mask) == 1) &&
		    (mask >> (sig - 1) & 1))
			found = 1;
	}
	fclose(f);
	return found;
}

static char state_of(pid_t pid)
{
	return proc_state(pid, '?');
}

int main(int argc, char **argv)
{
	static char stack[1 << 16];
	int opt, sig1 = 0, sig2 = 0, show_state = 0, status, i;
	pid_t pid, child;

	while ((opt = getopt(argc, argv, "+sk:SK:")) != -1) {
		switch (opt) {
		case 's': selfkill = 1; break;
		case 'k': sig1 = atoi(optarg); break;
		case 'S': show_state = 1; break;
		case 'K': sig2 = atoi(optarg); break;
		default: return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: pid1-run [-s] [-k SIG] [-S] [-K SIG] -- PROGRAM [ARG...]\n");
		return 2;
	}
	cmd = argv + optind;
	pid = clone(init_main, stack + sizeof(stack), CLONE_NEWPID | SIGCHLD, NULL);
	if (pid < 0) {
		perror("pid1-run: clone");
		return 2;
	}
	init_pid = pid;
	signal(SIGALRM, on_alarm);
	alarm(60);
	if (sig1) {
		child = first_child(pid);
		if (!child) {
			fprintf(stderr, "pid1-run: the init started no child\n");
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return 2;
		}
		kill(pid, sig1);
		if (show_state) {
			for (i = 0; i < 1000 && state_of(child) != 'T'; i++)
				pause_ms(10);
			kill(pid, SIGUSR1);
			for (i = 0; i < 1000 && !pending(child, SIGUSR1); i++)
				pause_ms(10);
			printf("child %c init %c forwarded %s\n", state_of(child),
			       state_of(pid), pending(child, SIGUSR1) ? "yes" : "no");
		}
		if (sig2)
			kill(pid, sig2);
	}
	while (waitpid(pid, &status, 0) != pid) {
		if (errno != EINTR) {
			perror("pid1-run: waitpid");
			return 2;
		}
	}
	if (timed_out)
		printf("timeout\n");
	else if (WIFSIGNALED(status))
		printf("killed %d\n", WTERMSIG(status));
	else
		printf("exited %d\n", WEXITSTATUS(status));
	return 0;
}
