// SPDX-License-Identifier: GPL-2.0
/*
 * ct-helper: the programs that the consumers checks (guest/consumers/run.sh)
 * start and wait with: daemons that hand themselves off the way real ones
 * do, processes that count the signals they get, and waits on files and
 * processes that are bounded in time.
 *
 *   ct-helper serve DIR NAME [-c]
 *	A daemon's main process. With every signal blocked, it writes its pid
 *	to DIR/NAME.pid, then takes signals with sigtimedwait() and appends
 *	one line "PID SIGNAL SENDER" (its own pid, the signal, si_pid) to
 *	DIR/NAME.sig for each. On SIGTERM it exits 42; on SIGUSR1 it dies by
 *	SIGUSR1. Once DIR/gate exists it writes "gate" to DIR/NAME.end and
 *	exits with the number in the gate file (7 when it is empty); after
 *	10 s without a gate it writes "timeout" there and exits 7 (a daemon
 *	that lives a few seconds and exits 7). With -c it first forks a
 *	companion, in its process group, that logs its signals the same way
 *	to DIR/NAME-c.sig (its pid in DIR/NAME-c.pid) and dies with it; on
 *	SIGTERM the daemon then sends the companion signal 50 and waits until
 *	the companion logged it before it exits: since a pending signal of a
 *	lower number is taken first, the companion's log then shows whether
 *	the SIGTERM reached it too.
 *
 *   ct-helper dfork MODE DIR NAME [-c]
 *	A program that daemonizes itself and runs "serve DIR NAME [-c]" in its
 *	last process. MODE:
 *	natural      fork; the parent exits 0; the child calls setsid(),
 *	             forks and exits 0; the grandchild serves
 *	midfirst     the same, but the parent exits only once the child has
 *	             exited (unreaped: it is handed over as a zombie) and the
 *	             grandchild has written its pid
 *	parentfirst  the same, but the child waits until the parent has
 *	             exited (it has been reparented) before its setsid()
 *	fail         as natural, but the parent exits 3
 *	midfail      the child waits until the parent has exited and has been
 *	             reaped, then calls setsid(), forks and exits 4
 *	midfail-early  the parent writes DIR/ready once it has forked, and
 *	             exits 0 once DIR/go exists; the child waits until the
 *	             parent has exited, then calls setsid(), forks and exits 4
 *	two          the parent forks two children that call setsid() and
 *	             serve as NAME1 and NAME2, waits until both wrote their
 *	             pids and exits 0 (two processes left behind)
 *	two-early    the parent forks a child that calls setsid() and serves
 *	             as NAME, and a second child that exits 0 as soon as the
 *	             parent has exited; the parent writes DIR/ready once the
 *	             first child wrote its pid, and exits 0 once DIR/go exists
 *	             (two processes left behind, one of which ends soon)
 *
 *   ct-helper count DIR NAME CGROUP THREADS
 *	Moves itself into the cgroup v2 directory CGROUP, blocks every
 *	signal, starts THREADS more threads, writes DIR/NAME.cnt (empty) and
 *	DIR/NAME.pid, and then keeps in DIR/NAME.cnt one line "SIGNAL COUNT"
 *	for each signal it got. It exits 3 after 120 s.
 *
 *   ct-helper await SECS FILE [PID]
 *	Exits 0 once FILE exists, 1 after SECS seconds without it, 2 when the
 *	process PID has ended (or is a zombie) and FILE does not exist.
 *   ct-helper awaitcount SECS FILE SIGNAL N
 *	Exits 0 once the count of SIGNAL in the count file FILE is N or more,
 *	1 after SECS seconds.
 *   ct-helper awaitgone SECS PID
 *	Exits 0 once PID has ended or is a zombie, 1 after SECS seconds.
 *   ct-helper stopped SECS PID
 *	Exits 0 once PID is stopped (state T), 1 after SECS seconds.
 *   ct-helper children SECS PID N Z
 *	Exits 0 once PID has N children, Z of them zombies, 1 after SECS
 *	seconds.
 *   ct-helper handedoff SECS INIT NSPID
 *	Exits 0 once the only child of the process INIT (no zombie either:
 *	it reaped all the others) is the process whose pid in its own pid
 *	namespace is NSPID; 2 when INIT has ended first, 1 after SECS seconds.
 *   ct-helper awaitempty SECS CGROUP
 *	Exits 0 once the cgroup CGROUP has no process left ("populated 0" in
 *	its cgroup.events), 1 after SECS seconds.
 *   ct-helper alive PID
 *	Exits 0 when PID runs (exists and is not a zombie), 1 otherwise.
 *   ct-helper child SECS PID
 *	Prints the first child of PID once it has one; exits 1 when PID has
 *	ended first, or after SECS seconds without one.
 *   ct-helper has-adoptsig
 *	Exits 0 when the kernel has PR_GET_ADOPTSIG (adoption notices).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../real-inits/proc-state.h"

#define PR_GET_ADOPTSIG_ 0x41445047
#define DAEMON_LIFETIME_MS 10000
#define COUNTER_LIFETIME_MS 120000
#define REPORT_SIG 50
#define MAXSIG 65

static const char *dir;

static void die(const char *what)
{
	perror(what);
	_exit(90);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void pause_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void file_path(char *buf, const char *name, const char *suffix)
{
	snprintf(buf, PATH_MAX, "%s/%s%s", dir, name, suffix);
}

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static void write_all(int fd, const char *text)
{
	size_t len = strlen(text);

	if (write(fd, text, len) != (ssize_t)len)
		die("ct-helper: write");
}

/* Replace PATH with TEXT at once (a reader sees the old or the new file). */
static void put_file(const char *path, const char *text)
{
	char tmp[PATH_MAX + 8];
	int fd;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die(tmp);
	write_all(fd, text);
	close(fd);
	if (rename(tmp, path))
		die(path);
}

/* Append one line with one write (O_APPEND: lines never mix). */
static void append_line(const char *path, const char *line)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);

	if (fd < 0)
		die(path);
	write_all(fd, line);
	close(fd);
}

static void write_pid(const char *name, const char *suffix)
{
	char path[PATH_MAX], text[32];

	file_path(path, name, suffix);
	snprintf(text, sizeof(text), "%d\n", getpid());
	put_file(path, text);
}

/* Block every signal, with every handler at its default. */
static void block_all(sigset_t *all)
{
	int sig;

	sigfillset(all);
	sigprocmask(SIG_SETMASK, all, NULL);
	for (sig = 1; sig < MAXSIG; sig++)
		signal(sig, SIG_DFL);
}

/* Wait up to @ms for @path to exist. */
static int await_file(const char *path, int ms)
{
	long long end = now_ms() + ms;

	while (!exists(path)) {
		if (now_ms() >= end)
			return 0;
		pause_ms(2);
	}
	return 1;
}

/* Does the signal log @path hold a line for @sig? */
static int logged(const char *path, int sig)
{
	int pid, s, sender, found = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	while (fscanf(f, "%d %d %d", &pid, &s, &sender) == 3)
		if (s == sig)
			found = 1;
	fclose(f);
	return found;
}

static void log_signal(const char *log, const siginfo_t *si)
{
	char line[64];

	snprintf(line, sizeof(line), "%d %d %d\n", getpid(), si->si_signo, si->si_pid);
	append_line(log, line);
}

static void companion(const char *name, pid_t parent)
{
	char log[PATH_MAX];
	long long end = now_ms() + DAEMON_LIFETIME_MS + 5000;
	struct timespec ts = { 0, 100 * 1000000L };
	sigset_t all;
	siginfo_t si;

	/* It dies with the daemon, wherever that happens. */
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (getppid() != parent)
		_exit(0);
	sigfillset(&all);
	file_path(log, name, "-c.sig");
	write_pid(name, "-c.pid");
	while (now_ms() < end) {
		if (sigtimedwait(&all, &si, &ts) > 0)
			log_signal(log, &si);
	}
	_exit(0);
}

static int serve(const char *name, int with_companion)
{
	char log[PATH_MAX], gate[PATH_MAX], end_file[PATH_MAX], clog[PATH_MAX];
	char cname[PATH_MAX];
	long long end = now_ms() + DAEMON_LIFETIME_MS;
	struct timespec ts = { 0, 5 * 1000000L };
	pid_t comp = 0;
	sigset_t all;
	siginfo_t si;

	block_all(&all);
	file_path(log, name, ".sig");
	file_path(end_file, name, ".end");
	file_path(clog, name, "-c.sig");
	snprintf(gate, sizeof(gate), "%s/gate", dir);
	if (with_companion) {
		pid_t me = getpid();

		comp = fork();
		if (comp < 0)
			die("ct-helper: fork");
		if (comp == 0)
			companion(name, me);
		file_path(cname, name, "-c.pid");
		if (!await_file(cname, 10000)) {
			fprintf(stderr, "ct-helper: the companion did not start\n");
			_exit(91);
		}
	}
	write_pid(name, ".pid");
	for (;;) {
		int sig = sigtimedwait(&all, &si, &ts);

		if (sig < 0) {
			if (exists(gate)) {
				int status = 7;
				FILE *f = fopen(gate, "r");

				if (f) {
					if (fscanf(f, "%d", &status) != 1)
						status = 7;
					fclose(f);
				}
				put_file(end_file, "gate\n");
				return status;
			}
			if (now_ms() >= end) {
				put_file(end_file, "timeout\n");
				return 7;
			}
			continue;
		}
		log_signal(log, &si);
		if (sig == SIGTERM) {
			if (comp) {
				long long until = now_ms() + 10000;

				kill(comp, REPORT_SIG);
				while (!logged(clog, REPORT_SIG) && now_ms() < until)
					pause_ms(2);
			}
			return 42;
		}
		if (sig == SIGUSR1) {
			sigset_t usr1;

			sigemptyset(&usr1);
			sigaddset(&usr1, SIGUSR1);
			kill(getpid(), SIGUSR1);
			sigprocmask(SIG_UNBLOCK, &usr1, NULL);
			return 99;	/* not reached */
		}
	}
}

static void await_reparented(pid_t parent)
{
	long long end = now_ms() + 10000;

	while (getppid() == parent) {
		if (now_ms() >= end) {
			fprintf(stderr, "ct-helper: never reparented\n");
			_exit(92);
		}
		pause_ms(1);
	}
}

static void await_reaped(pid_t parent)
{
	long long end = now_ms() + 10000;

	while (kill(parent, 0) == 0 || errno != ESRCH) {
		if (now_ms() >= end) {
			fprintf(stderr, "ct-helper: the parent was never reaped\n");
			_exit(94);
		}
		pause_ms(1);
	}
}

static int dfork(const char *mode, const char *name, int comp)
{
	char path[PATH_MAX];
	pid_t parent = getpid(), mid;
	int i;

	if (!strcmp(mode, "two-early")) {
		pid_t pid = fork();

		if (pid < 0)
			die("ct-helper: fork");
		if (pid == 0) {
			setsid();
			_exit(serve(name, comp));
		}
		pid = fork();
		if (pid < 0)
			die("ct-helper: fork");
		if (pid == 0) {
			await_reparented(parent);
			_exit(0);
		}
		file_path(path, name, ".pid");
		if (!await_file(path, 10000))
			_exit(93);
		snprintf(path, sizeof(path), "%s/ready", dir);
		put_file(path, "");
		snprintf(path, sizeof(path), "%s/go", dir);
		if (!await_file(path, 10000))
			_exit(93);
		_exit(0);
	}
	if (!strcmp(mode, "two")) {
		for (i = 1; i <= 2; i++) {
			pid_t pid = fork();

			if (pid < 0)
				die("ct-helper: fork");
			if (pid == 0) {
				snprintf(path, sizeof(path), "%s%d", name, i);
				setsid();
				_exit(serve(path, comp));
			}
		}
		for (i = 1; i <= 2; i++) {
			char n[PATH_MAX];

			snprintf(n, sizeof(n), "%s%d", name, i);
			file_path(path, n, ".pid");
			if (!await_file(path, 10000))
				_exit(93);
		}
		_exit(0);
	}
	mid = fork();
	if (mid < 0)
		die("ct-helper: fork");
	if (mid > 0) {
		if (!strcmp(mode, "midfail-early")) {
			snprintf(path, sizeof(path), "%s/ready", dir);
			put_file(path, "");
			snprintf(path, sizeof(path), "%s/go", dir);
			if (!await_file(path, 10000))
				_exit(93);
		}
		if (!strcmp(mode, "midfirst")) {
			siginfo_t si;

			/* The child exits first, and stays a zombie. */
			if (waitid(P_PID, mid, &si, WEXITED | WNOWAIT))
				die("ct-helper: waitid");
			file_path(path, name, ".pid");
			if (!await_file(path, 10000))
				_exit(93);
		}
		_exit(strcmp(mode, "fail") ? 0 : 3);
	}
	if (!strcmp(mode, "parentfirst") || !strcmp(mode, "midfail-early"))
		await_reparented(parent);
	if (!strcmp(mode, "midfail"))
		await_reaped(parent);
	setsid();
	mid = fork();
	if (mid < 0)
		die("ct-helper: fork");
	if (mid > 0)
		_exit(strncmp(mode, "midfail", 7) ? 0 : 4);
	_exit(serve(name, comp));
}

static void *idle_thread(void *arg)
{
	for (;;)
		pause();
	return NULL;
}

static int counter(const char *name, const char *cgroup, int threads)
{
	char path[PATH_MAX], text[MAXSIG * 16];
	unsigned int counts[MAXSIG] = { 0 };
	long long end = now_ms() + COUNTER_LIFETIME_MS;
	struct timespec ts = { 0, 200 * 1000000L };
	sigset_t all;
	siginfo_t si;
	pthread_t t;
	int fd, i;

	snprintf(path, sizeof(path), "%s/cgroup.procs", cgroup);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		die(path);
	write_all(fd, "0");
	close(fd);
	block_all(&all);
	for (i = 0; i < threads; i++)
		if (pthread_create(&t, NULL, idle_thread, NULL))
			die("ct-helper: pthread_create");
	file_path(path, name, ".cnt");
	put_file(path, "");
	write_pid(name, ".pid");
	while (now_ms() < end) {
		int sig = sigtimedwait(&all, &si, &ts);
		size_t len = 0;

		if (sig <= 0 || sig >= MAXSIG)
			continue;
		counts[sig]++;
		text[0] = '\0';
		for (i = 1; i < MAXSIG; i++)
			if (counts[i])
				len += snprintf(text + len, sizeof(text) - len, "%d %u\n", i, counts[i]);
		put_file(path, text);
	}
	_exit(3);
}

/* 'R', 'S', ... for a process, 'Z' for a zombie, 0 when it is gone. */
static char state_of(pid_t pid)
{
	return proc_state(pid, 0);
}

static int alive(pid_t pid)
{
	char s = state_of(pid);

	return s && s != 'Z' && s != 'X';
}

/* The pid of @pid in its own pid namespace (the last of NSpid), or 0. */
static int inner_pid(int pid)
{
	char path[64], line[256], *p;
	int inner = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "NSpid:", 6))
			continue;
		p = strrchr(line, '\t');
		if (p)
			inner = atoi(p + 1);
	}
	fclose(f);
	return inner;
}

/* Is @nspid the one and only child of @pid? */
static int only_child(int pid, int nspid)
{
	char path[64];
	int child, n = 0, found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", pid, pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fscanf(f, "%d", &child) == 1) {
		n++;
		if (inner_pid(child) == nspid)
			found = 1;
	}
	fclose(f);
	return n == 1 && found;
}

static unsigned int count_of(const char *path, int sig)
{
	unsigned int count, found = 0;
	int s;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	while (fscanf(f, "%d %u", &s, &count) == 2)
		if (s == sig)
			found = count;
	fclose(f);
	return found;
}

static int usage(void)
{
	fprintf(stderr, "usage: see the comment at the top of ct-helper.c\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	long long end;

	if (!strcmp(cmd, "serve") && argc >= 4) {
		dir = argv[2];
		return serve(argv[3], argc > 4 && !strcmp(argv[4], "-c"));
	}
	if (!strcmp(cmd, "dfork") && argc >= 5) {
		dir = argv[3];
		return dfork(argv[2], argv[4], argc > 5 && !strcmp(argv[5], "-c"));
	}
	if (!strcmp(cmd, "count") && argc == 6) {
		dir = argv[2];
		return counter(argv[3], argv[4], atoi(argv[5]));
	}
	if (!strcmp(cmd, "has-adoptsig")) {
		int sig;

		return prctl(PR_GET_ADOPTSIG_, &sig, 0, 0, 0) ? 1 : 0;
	}
	if (!strcmp(cmd, "alive") && argc == 3)
		return alive(atoi(argv[2])) ? 0 : 1;
	if (argc < 4)
		return usage();
	end = now_ms() + atoi(argv[2]) * 1000LL;
	if (!strcmp(cmd, "await")) {
		pid_t pid = argc > 4 ? atoi(argv[4]) : 0;

		for (;;) {
			if (exists(argv[3]))
				return 0;
			if (pid && !alive(pid))
				return exists(argv[3]) ? 0 : 2;
			if (now_ms() >= end)
				return 1;
			pause_ms(2);
		}
	}
	if (!strcmp(cmd, "awaitcount") && argc == 6) {
		int sig = atoi(argv[4]);
		unsigned int n = atoi(argv[5]);

		while (count_of(argv[3], sig) < n) {
			if (now_ms() >= end)
				return 1;
			pause_ms(2);
		}
		return 0;
	}
	if (!strcmp(cmd, "awaitgone")) {
		pid_t pid = atoi(argv[3]);

		while (alive(pid)) {
			if (now_ms() >= end)
				return 1;
			pause_ms(2);
		}
		return 0;
	}
	if (!strcmp(cmd, "stopped")) {
		while (state_of(atoi(argv[3])) != 'T') {
			if (now_ms() >= end)
				return 1;
			pause_ms(2);
		}
		return 0;
	}
	if (!strcmp(cmd, "children") && argc == 6) {
		char path[64];
		int pid = atoi(argv[3]), want = atoi(argv[4]), zombies = atoi(argv[5]);

		snprintf(path, sizeof(path), "/proc/%d/task/%d/children", pid, pid);
		for (;;) {
			FILE *f = fopen(path, "r");
			int child, n = 0, z = 0;

			if (f) {
				while (fscanf(f, "%d", &child) == 1) {
					n++;
					if (state_of(child) == 'Z')
						z++;
				}
				fclose(f);
			}
			if (n == want && z == zombies)
				return 0;
			if (now_ms() >= end)
				return 1;
			pause_ms(2);
		}
	}
	if (!strcmp(cmd, "handedoff") && argc == 5) {
		int pid = atoi(argv[3]), nspid = atoi(argv[4]);

		while (!only_child(pid, nspid)) {
			if (!alive(pid))
				return 2;
			if (now_ms() >= end)
				return 1;
			pause_ms(2);
		}
		return 0;
	}
	if (!strcmp(cmd, "awaitempty")) {
		char path[PATH_MAX], line[128];
		int empty = 0;

		snprintf(path, sizeof(path), "%s/cgroup.events", argv[3]);
		for (;;) {
			FILE *f = fopen(path, "r");

			if (!f)
				return 0;	/* no such cgroup: nothing in it */
			while (fgets(line, sizeof(line), f))
				if (!strcmp(line, "populated 0\n"))
					empty = 1;
			fclose(f);
			if (empty)
				return 0;
			if (now_ms() >= end)
				return 1;
			pause_ms(2);
		}
	}
	if (!strcmp(cmd, "child")) {
		char path[64];
		int pid = atoi(argv[3]), child;

		snprintf(path, sizeof(path), "/proc/%d/task/%d/children", pid, pid);
		for (;;) {
			FILE *f = fopen(path, "r");

			if (f) {
				int n = fscanf(f, "%d", &child);

				fclose(f);
				if (n == 1) {
					printf("%d\n", child);
					return 0;
				}
			}
			if (!alive(pid) || now_ms() >= end)
				return 1;
			pause_ms(1);
		}
	}
	return usage();
}
