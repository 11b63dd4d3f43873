// SPDX-License-Identifier: GPL-2.0
/*
 * endcheck - does the kernel still work after "make fuzz"?
 *
 *   endcheck
 *
 * A short check (seconds; well under 30 s on a slow TCG guest) run as
 * root after trinity, stress-ng and churn, that the signal, process,
 * cgroup and pid namespace paths the pidns_signal series touches still
 * do what they must. It prints one line per check,
 *
 *   FUZZ: endcheck ok N - description
 *   FUZZ: endcheck ok N - description # SKIP reason
 *   FUZZ: endcheck not ok N - description: reason
 *
 * and at the end "FUZZ: endcheck passed=N failed=N skipped=N" (passed
 * counts the skipped checks too: they are "ok"). The exit status is 0
 * only when no check failed.
 *
 * Each check runs in a child process of its own with alarm() as a guard,
 * so that a kernel path that hangs gives "not ok ...: timed out", not a
 * hang; the processes a check creates die with it (PR_SET_PDEATHSIG) and
 * the cgroup it made is killed and removed after it. Every check asserts
 * the values it gets:
 *
 *  1. kill(2) and an SA_SIGINFO handler, both ways between a parent and a
 *     child: si_signo, si_code SI_USER, si_pid, si_uid;
 *  2. sigqueue(3) to another process and to itself, read by
 *     sigtimedwait(2): si_code SI_QUEUE, si_pid, si_value;
 *  3. fork, _exit(37) and a child killed by SIGTERM: waitpid(2) and
 *     waitid(2) report them;
 *  4. cgroup.kill: 20 sleeping children in /sys/fs/cgroup/fuzz-endcheck,
 *     "1" written, cgroup.events "populated 0" within 10 s, all 20
 *     reaped as killed by SIGKILL, rmdir works;
 *  5. cgroup.signal (skipped where it does not exist, the unpatched
 *     kernel): 20 children whose SIGUSR1 handler exits 42, "10" written,
 *     all 20 exit 42, the cgroup empties and is removed;
 *  6. a new pid namespace: its init is pid 1, ignores SIGTERM from the
 *     parent namespace at SIG_DFL, is killed by SIGKILL from there and
 *     the parent's waitpid(2) sees it killed;
 *  7. adoption notices (skipped where PR_GET_ADOPTSIG fails with EINVAL,
 *     the unpatched kernel): a subreaper with PR_SET_ADOPTSIG SIGRTMIN
 *     whose child double-forks has, once waitpid(2) reported the child's
 *     exit, an SI_ADOPTED notice pending that names the grandchild, the
 *     child as si_ppid and uid 0, and can reap the grandchild;
 *  8. threads: create and join, each thread has its own tid.
 *
 * Build: gcc -O2 -static -pthread -Wall -Wextra -Werror -o endcheck endcheck.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "series-abi.h"

#define CGE		"/sys/fs/cgroup/fuzz-endcheck"
#define NCHILD		20
#define SKIP		77

/* The first reason a check (or a process of it) gives, shared. */
static char *reason;

static void __attribute__((format(printf, 1, 2))) why(const char *fmt, ...)
{
	va_list ap;

	if (reason[0])
		return;
	va_start(ap, fmt);
	vsnprintf(reason, 512, fmt, ap);
	va_end(ap);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void nap_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* Die with the check's process, whatever ends it. */
static void die_with_parent(pid_t parent)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (getppid() != parent)
		_exit(1);
}

static int write_file(const char *path, const char *val)
{
	ssize_t n;
	int fd, err;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	n = write(fd, val, strlen(val));
	err = n < 0 ? errno : (size_t)n == strlen(val) ? 0 : EIO;
	close(fd);
	return err;
}

/* cgroup.events of CGE: 1 populated, 0 empty, -1 unreadable. */
static int populated(void)
{
	char buf[256], *p;
	ssize_t n;
	int fd;

	fd = open(CGE "/cgroup.events", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	p = strstr(buf, "populated ");
	return p ? p[10] == '1' : -1;
}

/* Poll cgroup.events until "populated 0", at most MS; true if empty. */
static bool wait_empty(int ms)
{
	int64_t end = now_ms() + ms;
	char buf[256];
	int fd, p;

	fd = open(CGE "/cgroup.events", O_RDONLY | O_CLOEXEC);
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLPRI };
		int64_t left;

		/* Read first: poll reports changes after the last read. */
		if (fd >= 0 && pread(fd, buf, sizeof(buf), 0) < 0)
			break;
		p = populated();
		if (p == 0 || p < 0)
			break;
		left = end - now_ms();
		if (left <= 0)
			break;
		poll(&pfd, fd >= 0 ? 1 : 0, left < 100 ? (int)left : 100);
	}
	if (fd >= 0)
		close(fd);
	return populated() == 0;
}

/* Remove CGE, killing what is left in it (after a failed check). */
static void cge_cleanup(void)
{
	struct stat st;

	if (stat(CGE, &st))
		return;
	write_file(CGE "/cgroup.freeze", "0");
	write_file(CGE "/cgroup.kill", "1");
	wait_empty(10000);
	while (waitpid(-1, NULL, WNOHANG | __WALL) > 0)
		;
	rmdir(CGE);
}

/* ------------------------------------------------------------------ */
/* 1. kill + handler */

static volatile sig_atomic_t got_sig;
static siginfo_t got_info;

static void info_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_info = *si;
	got_sig = sig;
}

static void set_info_handler(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = info_handler;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* Wait in sigsuspend() for SIG's handler; the caller blocks SIG. */
static void await_handler(int sig)
{
	sigset_t none;

	sigemptyset(&none);
	while (got_sig != sig)
		sigsuspend(&none);
}

static bool info_is(const char *who, int sig, int code, pid_t pid)
{
	if (got_info.si_signo != sig || got_info.si_code != code ||
	    got_info.si_pid != pid || got_info.si_uid != getuid()) {
		why("%s got signo %d code %d pid %d uid %d, expected %d %d %d %d",
		    who, got_info.si_signo, got_info.si_code, got_info.si_pid,
		    got_info.si_uid, sig, code, pid, getuid());
		return false;
	}
	return true;
}

static int check_kill(void)
{
	pid_t parent = getpid(), child;
	sigset_t set;
	int st;

	set_info_handler(SIGUSR1);
	set_info_handler(SIGUSR2);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	child = fork();
	if (child < 0) {
		why("fork: %s", strerror(errno));
		return 1;
	}
	if (child == 0) {
		die_with_parent(parent);
		alarm(10);
		if (kill(parent, SIGUSR1)) {
			why("child: kill: %s", strerror(errno));
			_exit(1);
		}
		await_handler(SIGUSR2);
		_exit(info_is("child", SIGUSR2, SI_USER, parent) ? 0 : 1);
	}
	await_handler(SIGUSR1);
	if (!info_is("parent", SIGUSR1, SI_USER, child))
		return 1;
	if (kill(child, SIGUSR2)) {
		why("kill child: %s", strerror(errno));
		return 1;
	}
	if (waitpid(child, &st, 0) != child) {
		why("waitpid: %s", strerror(errno));
		return 1;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		why("child status %#x", st);
		return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* 2. sigqueue + sigwaitinfo */

static bool queued_is(const siginfo_t *si, int sig, pid_t pid, int val)
{
	if (si->si_signo != sig || si->si_code != SI_QUEUE ||
	    si->si_pid != pid || si->si_value.sival_int != val) {
		why("got signo %d code %d pid %d value %#x, expected %d SI_QUEUE %d %#x",
		    si->si_signo, si->si_code, si->si_pid,
		    si->si_value.sival_int, sig, pid, val);
		return false;
	}
	return true;
}

static int check_sigqueue(void)
{
	struct timespec tmo = { 5, 0 };
	pid_t parent = getpid(), child;
	union sigval v;
	siginfo_t si;
	sigset_t set;
	int st;

	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	sigaddset(&set, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &set, NULL);

	child = fork();
	if (child < 0) {
		why("fork: %s", strerror(errno));
		return 1;
	}
	if (child == 0) {
		die_with_parent(parent);
		v.sival_int = 0x5eed1234;
		_exit(sigqueue(parent, SIGRTMIN, v) ? 1 : 0);
	}
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	memset(&si, 0, sizeof(si));
	if (sigtimedwait(&set, &si, &tmo) < 0) {
		why("sigtimedwait for the child's signal: %s", strerror(errno));
		return 1;
	}
	if (!queued_is(&si, SIGRTMIN, child, 0x5eed1234))
		return 1;
	if (waitpid(child, &st, 0) != child || !WIFEXITED(st) ||
	    WEXITSTATUS(st)) {
		why("child status %#x", st);
		return 1;
	}

	v.sival_int = 77;
	if (sigqueue(getpid(), SIGRTMIN + 1, v)) {
		why("sigqueue to itself: %s", strerror(errno));
		return 1;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 1);
	memset(&si, 0, sizeof(si));
	if (sigwaitinfo(&set, &si) < 0) {
		why("sigwaitinfo: %s", strerror(errno));
		return 1;
	}
	return queued_is(&si, SIGRTMIN + 1, getpid(), 77) ? 0 : 1;
}

/* ------------------------------------------------------------------ */
/* 3. fork + exit + waitpid */

static int check_wait(void)
{
	pid_t parent = getpid(), a, b;
	siginfo_t si;
	int st;

	a = fork();
	if (a == 0)
		_exit(37);
	b = fork();
	if (b == 0) {
		die_with_parent(parent);
		signal(SIGTERM, SIG_DFL);
		raise(SIGTERM);
		_exit(0);
	}
	if (a < 0 || b < 0) {
		why("fork: %s", strerror(errno));
		return 1;
	}
	if (waitpid(a, &st, 0) != a) {
		why("waitpid(%d): %s", a, strerror(errno));
		return 1;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 37) {
		why("_exit(37) gave status %#x", st);
		return 1;
	}
	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, b, &si, WEXITED)) {
		why("waitid(%d): %s", b, strerror(errno));
		return 1;
	}
	if (si.si_pid != b || si.si_signo != SIGCHLD ||
	    si.si_code != CLD_KILLED || si.si_status != SIGTERM) {
		why("waitid for a child killed by SIGTERM: pid %d signo %d code %d status %d",
		    si.si_pid, si.si_signo, si.si_code, si.si_status);
		return 1;
	}
	if (waitpid(-1, &st, WNOHANG) != -1 || errno != ECHILD) {
		why("a reaped child can be waited for again");
		return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* 4, 5. cgroup.kill, cgroup.signal */

static void exit42(int sig)
{
	(void)sig;
	_exit(42);
}

/*
 * Start NCHILD children in CGE that pause; with HANDLER, SIGUSR1 makes
 * them exit 42. Each reports on the pipe once it is in the cgroup.
 */
static bool start_children(pid_t *pids, bool handler)
{
	pid_t parent = getpid();
	int p[2], i, n = 0;
	char c;

	cge_cleanup();
	if (mkdir(CGE, 0755)) {
		why("mkdir %s: %s", CGE, strerror(errno));
		return false;
	}
	if (pipe(p)) {
		why("pipe: %s", strerror(errno));
		return false;
	}
	for (i = 0; i < NCHILD; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			why("fork: %s", strerror(errno));
			return false;
		}
		if (pids[i] == 0) {
			int err;

			die_with_parent(parent);
			if (handler)
				signal(SIGUSR1, exit42);
			err = write_file(CGE "/cgroup.procs", "0");
			c = err ? '!' : '+';
			if (err)
				why("child: join %s: %s", CGE, strerror(err));
			if (write(p[1], &c, 1) != 1)
				_exit(1);
			if (err)
				_exit(1);
			for (;;)
				pause();
		}
	}
	close(p[1]);
	while (n < NCHILD && read(p[0], &c, 1) == 1) {
		if (c != '+')
			return false;
		n++;
	}
	close(p[0]);
	if (n != NCHILD) {
		why("only %d of %d children reported", n, NCHILD);
		return false;
	}
	if (populated() != 1) {
		why("cgroup.events does not say populated 1 with %d processes",
		    NCHILD);
		return false;
	}
	return true;
}

/* Wait for each child: killed by KILLSIG, or exited with CODE. */
static bool reap_children(pid_t *pids, int killsig, int code)
{
	int i, st, bad = 0;

	for (i = 0; i < NCHILD; i++) {
		if (waitpid(pids[i], &st, 0) != pids[i]) {
			why("waitpid(%d): %s", pids[i], strerror(errno));
			return false;
		}
		if (killsig ? !WIFSIGNALED(st) || WTERMSIG(st) != killsig :
		    !WIFEXITED(st) || WEXITSTATUS(st) != code) {
			if (!bad)
				why("child %d of %d: status %#x, expected %s %d",
				    i + 1, NCHILD, st,
				    killsig ? "killed by" : "exit", killsig ?:
				    code);
			bad++;
		}
	}
	return !bad;
}

static bool empty_and_remove(void)
{
	if (!wait_empty(10000)) {
		why("not populated 0 within 10 s");
		return false;
	}
	if (rmdir(CGE)) {
		why("rmdir %s: %s", CGE, strerror(errno));
		return false;
	}
	return true;
}

static int check_cgroup_kill(void)
{
	pid_t pids[NCHILD];
	int err;

	if (!start_children(pids, false))
		return 1;
	err = write_file(CGE "/cgroup.kill", "1");
	if (err) {
		why("writing 1 to cgroup.kill: %s", strerror(err));
		return 1;
	}
	/* populated 0 before the reaping: the kill itself empties it. */
	if (!wait_empty(10000)) {
		why("not populated 0 within 10 s of cgroup.kill");
		return 1;
	}
	if (!reap_children(pids, SIGKILL, 0))
		return 1;
	return empty_and_remove() ? 0 : 1;
}

static int check_cgroup_signal(void)
{
	pid_t pids[NCHILD];
	struct stat st;
	int err;

	if (mkdir(CGE, 0755) && errno != EEXIST) {
		why("mkdir %s: %s", CGE, strerror(errno));
		return 1;
	}
	if (stat(CGE "/cgroup.signal", &st) && errno == ENOENT) {
		rmdir(CGE);
		why("no cgroup.signal");
		return SKIP;
	}
	if (!start_children(pids, true))
		return 1;
	err = write_file(CGE "/cgroup.signal", "10");
	if (err) {
		why("writing 10 to cgroup.signal: %s", strerror(err));
		return 1;
	}
	if (!reap_children(pids, 0, 42))
		return 1;
	return empty_and_remove() ? 0 : 1;
}

/* ------------------------------------------------------------------ */
/* 6. pid namespace init killed from the parent namespace */

static int check_pidns(void)
{
	pid_t parent = getpid(), init;
	int p[2], st;
	char c = 0;

	if (unshare(CLONE_NEWPID)) {
		why("unshare(CLONE_NEWPID): %s", strerror(errno));
		return 1;
	}
	if (pipe(p)) {
		why("pipe: %s", strerror(errno));
		return 1;
	}
	init = fork();
	if (init < 0) {
		why("fork into the new namespace: %s", strerror(errno));
		return 1;
	}
	if (init == 0) {
		die_with_parent(0);	/* its parent is not in its namespace */
		c = getpid() == 1 ? '1' : '!';
		if (c != '1')
			why("the new namespace's first process has pid %d",
			    getpid());
		signal(SIGTERM, SIG_DFL);
		if (write(p[1], &c, 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1 || c != '1') {
		why("init did not start as pid 1");
		return 1;
	}
	(void)parent;
	/* SIG_DFL SIGTERM from the parent namespace: discarded. */
	if (kill(init, SIGTERM)) {
		why("kill(init, SIGTERM): %s", strerror(errno));
		return 1;
	}
	nap_ms(100);
	if (waitpid(init, &st, WNOHANG) != 0) {
		why("init ended after SIGTERM at SIG_DFL (status %#x)", st);
		return 1;
	}
	if (kill(init, SIGKILL)) {
		why("kill(init, SIGKILL): %s", strerror(errno));
		return 1;
	}
	if (waitpid(init, &st, 0) != init) {
		why("waitpid(init): %s", strerror(errno));
		return 1;
	}
	if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL) {
		why("init status %#x, expected killed by SIGKILL", st);
		return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* 7. adoption notice */

static int check_adopt(void)
{
	struct timespec zero = { 0, 0 };
	pid_t parent = getpid(), child, grandchild = 0;
	int up[2], hold[2], v = -1, st, sig = SIGRTMIN;
	uint32_t lost;
	siginfo_t si;
	sigset_t set;

	if (prctl(PR_GET_ADOPTSIG, &v, 0, 0, 0) && errno == EINVAL) {
		why("no PR_SET_ADOPTSIG");
		return SKIP;
	}
	if (v != 0) {
		why("PR_GET_ADOPTSIG gives %d in a new process, not 0", v);
		return 1;
	}
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)) {
		why("PR_SET_CHILD_SUBREAPER: %s", strerror(errno));
		return 1;
	}
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if (prctl(PR_SET_ADOPTSIG, sig, 0, 0, 0)) {
		why("PR_SET_ADOPTSIG %d: %s", sig, strerror(errno));
		return 1;
	}
	v = -1;
	if (prctl(PR_GET_ADOPTSIG, &v, 0, 0, 0) || v != sig) {
		why("PR_GET_ADOPTSIG gives %d after setting %d", v, sig);
		return 1;
	}
	if (pipe(up) || pipe(hold)) {
		why("pipe: %s", strerror(errno));
		return 1;
	}
	child = fork();
	if (child < 0) {
		why("fork: %s", strerror(errno));
		return 1;
	}
	if (child == 0) {
		pid_t g;

		die_with_parent(parent);
		g = fork();
		if (g == 0) {
			char c;

			/* Until the check closes its end or dies. */
			close(hold[1]);
			while (read(hold[0], &c, 1) > 0)
				;
			_exit(0);
		}
		if (g < 0 || write(up[1], &g, sizeof(g)) != sizeof(g))
			_exit(1);
		_exit(0);
	}
	close(up[1]);
	close(hold[0]);
	if (read(up[0], &grandchild, sizeof(grandchild)) != sizeof(grandchild)) {
		why("the child did not report its child");
		return 1;
	}
	if (waitpid(child, &st, 0) != child || !WIFEXITED(st) ||
	    WEXITSTATUS(st)) {
		why("child status %#x", st);
		return 1;
	}
	/* Pending by now: notices come before the orphaning parent's exit. */
	memset(&si, 0, sizeof(si));
	if (sigtimedwait(&set, &si, &zero) < 0) {
		why("no notice pending once waitpid reported the parent's exit: %s",
		    strerror(errno));
		return 1;
	}
	memcpy(&lost, (char *)&si.si_status + sizeof(int), sizeof(lost));
	if (si.si_signo != sig || si.si_code != SI_ADOPTED ||
	    si.si_pid != grandchild || si.si_uid != getuid() ||
	    si.si_status != child || lost) {
		why("notice signo %d code %#x pid %d uid %d ppid %d lost %u, expected %d SI_ADOPTED %d %d %d 0",
		    si.si_signo, si.si_code, si.si_pid, si.si_uid,
		    si.si_status, lost, sig, grandchild, getuid(), child);
		return 1;
	}
	close(hold[1]);
	if (waitpid(grandchild, &st, 0) != grandchild) {
		why("waitpid(adopted %d): %s", grandchild, strerror(errno));
		return 1;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		why("adopted grandchild status %#x", st);
		return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* 8. threads */

struct tres {
	long in, out;
	pid_t tid;
};

static void *thread_fn(void *arg)
{
	struct tres *t = arg;

	t->tid = syscall(SYS_gettid);
	t->out = t->in * 2 + 1;
	return t;
}

static int check_threads(void)
{
	struct tres res[4];
	pthread_t th[4];
	int i, err;

	for (i = 0; i < 4; i++) {
		res[i].in = 1000 + i;
		res[i].out = 0;
		res[i].tid = 0;
		err = pthread_create(&th[i], NULL, thread_fn, &res[i]);
		if (err) {
			why("pthread_create: %s", strerror(err));
			return 1;
		}
	}
	for (i = 0; i < 4; i++) {
		void *ret = NULL;

		err = pthread_join(th[i], &ret);
		if (err || ret != &res[i]) {
			why("pthread_join: %s", err ? strerror(err) :
			    "wrong return value");
			return 1;
		}
		if (res[i].out != res[i].in * 2 + 1 || res[i].tid <= 0 ||
		    res[i].tid == getpid() ||
		    (i && res[i].tid == res[i - 1].tid)) {
			why("thread %d: result %ld tid %d", i, res[i].out,
			    res[i].tid);
			return 1;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */

static int passed, failed, skipped, number;

static void run(const char *desc, int (*fn)(void), unsigned int timeout)
{
	pid_t pid;
	int st, n = ++number;

	reason[0] = 0;
	pid = fork();
	if (pid == 0) {
		alarm(timeout);
		_exit(fn());
	}
	if (pid < 0) {
		why("fork: %s", strerror(errno));
		st = -1;
	} else {
		while (waitpid(pid, &st, 0) < 0)
			if (errno != EINTR) {
				why("waitpid: %s", strerror(errno));
				st = -1;
				break;
			}
	}
	cge_cleanup();
	if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		printf("FUZZ: endcheck ok %d - %s\n", n, desc);
		passed++;
	} else if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == SKIP) {
		printf("FUZZ: endcheck ok %d - %s # SKIP %s\n", n, desc,
		       reason);
		passed++;
		skipped++;
	} else {
		if (st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM)
			printf("FUZZ: endcheck not ok %d - %s: timed out after %u s%s%s\n",
			       n, desc, timeout, reason[0] ? ", " : "", reason);
		else if (st != -1 && WIFSIGNALED(st))
			printf("FUZZ: endcheck not ok %d - %s: died of signal %d%s%s\n",
			       n, desc, WTERMSIG(st), reason[0] ? ", " : "",
			       reason);
		else
			printf("FUZZ: endcheck not ok %d - %s: %s\n", n, desc,
			       reason[0] ? reason : "failed");
		failed++;
	}
	fflush(stdout);
}

int main(void)
{
	reason = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (reason == MAP_FAILED) {
		printf("FUZZ: endcheck not ok 0 - mmap: %s\n", strerror(errno));
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("FUZZ: endcheck 1..8\n");
	run("kill(2) and SA_SIGINFO handler round trip", check_kill, 10);
	run("sigqueue(3) and sigtimedwait(2) carry si_value", check_sigqueue,
	    10);
	run("fork, exit and waitpid report the status", check_wait, 10);
	run("cgroup.kill empties a cgroup of 20 processes", check_cgroup_kill,
	    25);
	run("cgroup.signal SIGUSR1 reaches 20 processes", check_cgroup_signal,
	    25);
	run("pid namespace init killed from the parent namespace",
	    check_pidns, 10);
	run("SI_ADOPTED notice names the double-forked grandchild",
	    check_adopt, 10);
	run("threads create and join", check_threads, 10);
	printf("FUZZ: endcheck passed=%d failed=%d skipped=%d\n", passed,
	       failed, skipped);
	return failed ? 1 : 0;
}
