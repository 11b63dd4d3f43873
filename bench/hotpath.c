// SPDX-License-Identifier: GPL-2.0
/*
 * Hot paths the series touches, timed per operation (lower is better):
 *
 *   sig_roundtrip        kill + SA handler + kill back, two processes
 *                        (lmbench lat_sig, will-it-scale signal1)
 *   sigqueue_roundtrip   sigqueue + sigwaitinfo and back, two processes
 *   fork_exit_wait       fork, child _exit(0), parent waitpid
 *   fork_in_cgroup       the same inside a non-root cgroup
 *                        (cgroup_post_fork carries cgroup.signal's fork check)
 *   orphan_adoptsig_off  double fork: the middle child exits, its child is
 *                        reparented to us (PR_SET_CHILD_SUBREAPER); we reap both
 *   orphan_adoptsig_on   the same with PR_SET_ADOPTSIG set, draining every
 *                        adoption notice with sigtimedwait
 *
 * Each figure is the median of REPS runs of N operations; everything runs on
 * CPU 0 so that a figure never depends on where the scheduler put the two
 * processes.
 */
#include "bench.h"
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>

#define REPS 5

static volatile sig_atomic_t hits;

static void on_sig(int sig)
{
	(void)sig;
	hits++;
}

typedef double (*bench_fn)(long n, void *arg);

/* Median over REPS runs of fn(n), in microseconds per operation. */
static double run(bench_fn fn, long n, void *arg)
{
	double v[REPS];

	fn(n / 10 + 1, arg);	/* warm up */
	for (int r = 0; r < REPS; r++) {
		double t = fn(n, arg);

		if (t < 0)
			return t;
		v[r] = t;
	}
	return median(v, REPS);
}

/* End a round trip's responder child and unblock what it signalled. */
static void stop_responder(pid_t child, const sigset_t *set)
{
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	sigprocmask(SIG_UNBLOCK, set, NULL);
}

static double sig_roundtrip(long n, void *arg)
{
	sigset_t blocked, empty;
	struct sigaction sa = { .sa_handler = on_sig };
	pid_t parent = getpid(), child;
	uint64_t t0, t1;

	(void)arg;
	sigemptyset(&empty);
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGUSR1);
	sigprocmask(SIG_BLOCK, &blocked, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	child = fork();
	if (child < 0)
		fail("fork");
	if (child == 0) {
		for (;;) {
			sigsuspend(&empty);
			kill(parent, SIGUSR1);
		}
	}
	t0 = now_ns();
	for (long i = 0; i < n; i++) {
		kill(child, SIGUSR1);
		sigsuspend(&empty);
	}
	t1 = now_ns();
	stop_responder(child, &blocked);
	return (t1 - t0) / 1000.0 / n;
}

static double sigqueue_roundtrip(long n, void *arg)
{
	sigset_t set;
	union sigval val = { .sival_int = 0 };
	pid_t parent = getpid(), child;
	uint64_t t0, t1;

	(void)arg;
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &set, NULL);
	child = fork();
	if (child < 0)
		fail("fork");
	if (child == 0) {
		for (;;) {
			sigwaitinfo(&set, NULL);
			sigqueue(parent, SIGRTMIN, val);
		}
	}
	t0 = now_ns();
	for (long i = 0; i < n; i++) {
		val.sival_int = (int)i;
		if (sigqueue(child, SIGRTMIN, val))
			fail("sigqueue");
		sigwaitinfo(&set, NULL);
	}
	t1 = now_ns();
	stop_responder(child, &set);
	return (t1 - t0) / 1000.0 / n;
}

static double fork_exit_wait(long n, void *arg)
{
	uint64_t t0 = now_ns();

	(void)arg;
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			fail("fork");
		if (pid == 0)
			_exit(0);
		if (waitpid(pid, NULL, 0) != pid)
			fail("waitpid");
	}
	return (now_ns() - t0) / 1000.0 / n;
}

struct orphan_arg {
	int adoptsig;	/* 0: off; else the signal to drain */
	long missed;	/* notices that did not come, or came wrong */
};

/*
 * One iteration: fork C; C forks G and exits; G is reparented to us and
 * waits on a pipe; we reap C, drain the notice when on, release G, reap G.
 */
static double orphan(long n, void *p)
{
	struct orphan_arg *a = p;
	struct timespec limit = { .tv_sec = 5 };
	sigset_t set;
	int fds[2];
	uint64_t t0;

	if (pipe(fds))
		fail("pipe");
	sigemptyset(&set);
	if (a->adoptsig)
		sigaddset(&set, a->adoptsig);
	t0 = now_ns();
	for (long i = 0; i < n; i++) {
		pid_t c, g;
		int gpipe[2];

		/* C tells us G's pid through a second pipe. */
		if (pipe(gpipe))
			fail("pipe");
		c = fork();
		if (c < 0)
			fail("fork");
		if (c == 0) {
			g = fork();
			if (g == 0) {
				char b;

				close(fds[1]);
				if (read(fds[0], &b, 1) < 0)
					_exit(1);
				_exit(0);
			}
			if (write(gpipe[1], &g, sizeof(g)) != sizeof(g))
				_exit(1);
			_exit(0);
		}
		if (read(gpipe[0], &g, sizeof(g)) != sizeof(g))
			fail("read pid of the grandchild");
		close(gpipe[0]);
		close(gpipe[1]);
		if (waitpid(c, NULL, 0) != c)
			fail("waitpid middle child");
		if (a->adoptsig) {
			siginfo_t si;

			if (sigtimedwait(&set, &si, &limit) < 0 ||
			    si.si_code != SI_ADOPTED || si.si_pid != g)
				a->missed++;
		}
		if (write(fds[1], "x", 1) != 1)
			fail("write");
		if (waitpid(g, NULL, 0) != g)
			fail("waitpid grandchild");
	}
	t0 = now_ns() - t0;
	close(fds[0]);
	close(fds[1]);
	return t0 / 1000.0 / n;
}

static void bench_cgroup_fork(long n)
{
	const char *cg = CGROOT "/bench-fork";
	char path[256];
	int ret;

	if (mkdir(cg, 0755) && errno != EEXIST) {
		unsupported("fork_in_cgroup", "mkdir %s: %s", cg, strerror(errno));
		return;
	}
	snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
	ret = write_file(path, "0");
	if (ret) {
		unsupported("fork_in_cgroup", "joining %s: %s", cg, strerror(-ret));
		rmdir(cg);
		return;
	}
	report("fork_in_cgroup", run(fork_exit_wait, n, NULL), "us");
	write_file(CGROOT "/cgroup.procs", "0");
	rmdir(cg);
}

static void bench_orphan(long n)
{
	struct orphan_arg off = { 0 }, on = { .adoptsig = SIGRTMIN + 1 };
	sigset_t set;
	double t;

	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))
		fail("PR_SET_CHILD_SUBREAPER");
	report("orphan_adoptsig_off", run(orphan, n, &off), "us");

	sigemptyset(&set);
	sigaddset(&set, on.adoptsig);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if (prctl(PR_SET_ADOPTSIG, on.adoptsig, 0, 0, 0)) {
		unsupported("orphan_adoptsig_on", "PR_SET_ADOPTSIG: %s", strerror(errno));
	} else {
		t = run(orphan, n, &on);
		prctl(PR_SET_ADOPTSIG, 0, 0, 0, 0);
		if (on.missed)
			unsupported("orphan_adoptsig_on", "%ld notices missing or wrong", on.missed);
		else
			report("orphan_adoptsig_on", t, "us");
	}
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
}

int main(void)
{
	cpu_set_t cpu0;

	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	if (sched_setaffinity(0, sizeof(cpu0), &cpu0))
		note("sched_setaffinity: %s (running unpinned)", strerror(errno));
	report("sig_roundtrip", run(sig_roundtrip, scaled(3000), NULL), "us");
	report("sigqueue_roundtrip", run(sigqueue_roundtrip, scaled(3000), NULL), "us");
	report("fork_exit_wait", run(fork_exit_wait, scaled(500), NULL), "us");
	bench_cgroup_fork(scaled(500));
	bench_orphan(scaled(250));
	return 0;
}
