// SPDX-License-Identifier: GPL-2.0
/*
 * Signalling a whole cgroup, 1k and 10k processes: the time from the first
 * action until cgroup.events reports "populated 0" (inotify on cgroup.events).
 *
 *   cgkill_<n>             write 1 to cgroup.kill
 *   cgsignal_kill_<n>      write 9 to cgroup.signal
 *   cgsignal_term_<n>      write 15 to cgroup.signal (default action)
 *   userspace_term_<n>     what a supervisor does today (systemd's
 *                          cg_kill): read cgroup.procs, kill(2) SIGTERM to
 *                          every pid not signalled yet, repeat until a round
 *                          finds none, then wait for "populated 0"
 *   <each of them>_sent_<n> the part of that time until every process was
 *                          signalled (the write's return; the end of the
 *                          loop's last round that signalled): what is left is
 *                          the processes' own exit, the same for every way
 *   storm_userspace_rounds rounds that loop needs against a fork storm (a
 *                          fork bomb killed from 200 processes on,
 *                          while it grows to pids.max = 1000)
 *   storm_userspace_ms     and its time
 *   storm_cgsignal_ms      one write of 15 to cgroup.signal against the same
 *                          storm (always one round)
 *   cgkill_threads_100k, cgsignal_kill_threads_100k,
 *   cgsignal_term_threads_100k
 *                          the same for 100k threads, 1000 to a process,
 *                          when the guest has the memory for them (raising
 *                          threads-max and pid_max for the time it runs)
 *
 * The processes sit in pause() with default dispositions. We are a child
 * subreaper, so every killed process comes back to us to be reaped (after
 * the clock stops). A kernel without cgroup.signal prints "unsupported" for
 * its figures.
 */
#include "bench.h"
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/stat.h>

#define STORM_MAX_ROUNDS 2000
#define STORM_HEADROOM 5
#define STORM_MAX_NS (20ull * 1000000000ull)
#define THREADS_PER_PROCESS 1000
/* Guest memory a parked thread needs at most: stacks, task, page tables. */
#define THREAD_COST_KIB 48

static int have_cgroup_signal;

/* 1 when populated, 0 when not, -1 on error. */
static int populated(const char *cg)
{
	char path[256], buf[256];
	int fd, n;
	char *p;

	cg_path(path, sizeof(path), cg, "cgroup.events");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	p = strstr(buf, "populated ");
	return p ? p[10] == '1' : -1;
}

/* Wait until cgroup.events says "populated 0", or timeout_ms passes. */
static int wait_unpopulated(const char *cg, int ifd, int timeout_ms)
{
	uint64_t end = now_ns() + (uint64_t)timeout_ms * 1000000ull;
	char ev[4096];

	for (;;) {
		struct pollfd pfd = { .fd = ifd, .events = POLLIN };
		int left;

		if (populated(cg) == 0)
			return 0;
		left = (int)(((int64_t)(end - now_ns())) / 1000000);
		if ((int64_t)(end - now_ns()) <= 0)
			return -1;
		if (poll(&pfd, 1, left > 0 ? left : 1) > 0 &&
		    read(ifd, ev, sizeof(ev)) < 0 && errno != EAGAIN)
			return -1;
	}
}

static int watch_events(const char *cg)
{
	char path[256];
	int ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);

	if (ifd < 0)
		fail("inotify_init1");
	cg_path(path, sizeof(path), cg, "cgroup.events");
	if (inotify_add_watch(ifd, path, IN_MODIFY) < 0)
		fail("inotify_add_watch cgroup.events");
	return ifd;
}

static void join_cgroup(const char *cg)
{
	char path[256];

	cg_path(path, sizeof(path), cg, "cgroup.procs");
	if (write_file(path, "0"))
		_exit(111);
}

/*
 * n processes in cg: a spawner joins it and forks n - 1 children that wait
 * in pause(), then tells us through a pipe and waits in pause() itself.
 * Kept apart from spawn_threads(): children that do no more than pause()
 * keep the exits this figure times as cheap as they can be (a shared
 * spawner whose children each wrote to the pipe and set up thread
 * attributes made cgroup.kill of 2,500 processes 11 % slower under
 * -icount, 1302 -> 1449 ms).
 */
static void spawn_group(const char *cg, long n)
{
	int fds[2];
	pid_t spawner;
	char b;

	if (pipe(fds))
		fail("pipe");
	spawner = fork();
	if (spawner < 0)
		fail("fork");
	if (spawner == 0) {
		close(fds[0]);
		join_cgroup(cg);
		for (long i = 1; i < n; i++) {
			pid_t p = fork();

			if (p < 0)
				_exit(112);
			if (p == 0) {
				close(fds[1]);
				for (;;)
					pause();
			}
		}
		if (write(fds[1], "x", 1) != 1)
			_exit(113);
		close(fds[1]);
		for (;;)
			pause();
	}
	close(fds[1]);
	if (read(fds[0], &b, 1) != 1)
		fail("spawning the group (the spawner failed)");
	close(fds[0]);
}

static void *park(void *arg)
{
	for (;;)
		pause();
	return arg;
}

/*
 * n threads in cg, THREADS_PER_PROCESS to a process (each process's main
 * thread among them): a spawner joins cg and forks the processes, each
 * starts its threads and writes one byte to a pipe, 'x' when all started or
 * 'f' when one could not. Returns 0, or -1 when a thread could not start.
 */
static int spawn_threads(const char *cg, long n)
{
	long nproc = (n + THREADS_PER_PROCESS - 1) / THREADS_PER_PROCESS;
	int fds[2], ret = 0;
	pid_t spawner;

	if (pipe(fds))
		fail("pipe");
	spawner = fork();
	if (spawner < 0)
		fail("fork");
	if (spawner == 0) {
		close(fds[0]);
		join_cgroup(cg);
		for (long p = 0; p < nproc; p++) {
			long left = n - p * THREADS_PER_PROCESS;
			pthread_attr_t attr;
			pthread_t t;
			char c = 'x';
			pid_t pid = fork();

			if (pid < 0 && write(fds[1], "f", 1) != 1)
				_exit(113);
			if (pid)
				continue;
			pthread_attr_init(&attr);
			pthread_attr_setstacksize(&attr, PTHREAD_STACK_MIN);
			for (long i = 1; i < THREADS_PER_PROCESS && i < left; i++)
				if (pthread_create(&t, &attr, park, NULL)) {
					c = 'f';
					break;
				}
			if (write(fds[1], &c, 1) != 1)
				_exit(113);
			close(fds[1]);
			for (;;)
				pause();
		}
		close(fds[1]);
		for (;;)
			pause();
	}
	close(fds[1]);
	for (long p = 0; p < nproc; p++) {
		char c;

		if (read(fds[0], &c, 1) != 1)
			fail("spawning the threads (the spawner failed)");
		if (c != 'x')
			ret = -1;
	}
	close(fds[0]);
	return ret;
}

static long pid_max(void)
{
	long v = read_long("/proc/sys/kernel/pid_max");

	return (v > 0 ? v : 4194304) + 1;
}

/*
 * The user-space way: rounds of reading cgroup.procs and signalling every pid
 * not signalled before, until a round finds none; then wait for the cgroup
 * to empty. A pid that escaped (forked while we read) shows up as not
 * populated 0 after a short wait: then the rounds go on. Returns the number
 * of rounds that signalled at least one process, or -1 at the limits; sets
 * *t_sent, when given, to the end of the last round that signalled.
 */
static long userspace_kill(const char *cg, int ifd, int sig, long max_rounds,
			   uint64_t max_ns, uint64_t *t_sent)
{
	static unsigned char *done;
	static long done_len;
	static pid_t *pids;
	static long cap;
	uint64_t t0 = now_ns();
	long rounds = 0;

	if (!done) {
		done_len = pid_max();
		done = calloc(done_len, 1);
		if (!done)
			fail("calloc");
	}
	memset(done, 0, done_len);
	for (;;) {
		long n = read_procs(cg, &pids, &cap), hit = 0;

		for (long i = 0; i < n; i++) {
			if (pids[i] <= 0 || pids[i] >= done_len || done[pids[i]])
				continue;
			done[pids[i]] = 1;
			kill(pids[i], sig);
			hit++;
		}
		if (getenv("BENCH_DEBUG") && *getenv("BENCH_DEBUG"))
			note("round %ld: %ld pids, %ld new", rounds, n, hit);
		if (hit) {
			rounds++;
			if (t_sent)
				*t_sent = now_ns();
		} else if (!wait_unpopulated(cg, ifd, 100)) {
			return rounds;
		}
		if (rounds >= max_rounds || now_ns() - t0 > max_ns)
			return -1;
	}
}

/*
 * Time from the first action until "populated 0", in milliseconds; *sent_ms
 * is the part until every process was signalled: the write's return, or the
 * end of the user-space loop's last round that signalled.
 */
static double kill_group(const char *cg, long n, int threads, const char *file,
			 const char *val, double *sent_ms)
{
	char path[256];
	uint64_t t0 = 0, t1, t_sent;
	int ifd, ret;

	make_cgroup(cg);
	if (threads) {
		if (spawn_threads(cg, n)) {
			note("%s: not every thread started", cg);
			t1 = 0;
			goto clean;
		}
	} else {
		spawn_group(cg, n);
	}
	ifd = watch_events(cg);
	cg_path(path, sizeof(path), cg, file);
	t0 = now_ns();
	if (val) {
		ret = write_file(path, val);
		if (ret) {
			errno = -ret;
			fail(file);
		}
		t_sent = now_ns();
	} else {
		t_sent = t0;
		userspace_kill(cg, ifd, SIGTERM, 1000000, 600ull * 1000000000ull, &t_sent);
	}
	*sent_ms = (t_sent - t0) / 1e6;
	if (wait_unpopulated(cg, ifd, 120000)) {
		note("%s %s: the cgroup did not empty in 120 s", cg, file);
		t1 = 0;
	} else {
		t1 = now_ns();
	}
	close(ifd);
clean:
	/* Clean up whatever is left, then reap outside the measurement. */
	cg_path(path, sizeof(path), cg, "cgroup.kill");
	if (populated(cg) == 1)
		write_file(path, "1");
	reap_all();
	remove_cgroup(cg);
	return t1 ? (t1 - t0) / 1e6 : -1;
}

static void figure(const char *name, const char *size, long n, int threads,
		   const char *file, const char *val, int reps)
{
	char fig[64], sent_fig[64];
	double v[5], sent[5];

	snprintf(fig, sizeof(fig), "%s_%s", name, size);
	snprintf(sent_fig, sizeof(sent_fig), "%s_sent_%s", name, size);
	if (!want(fig))
		return;
	if (!strcmp(file, "cgroup.signal") && !have_cgroup_signal) {
		unsupported(fig, "no cgroup.signal in this kernel");
		unsupported(sent_fig, "no cgroup.signal in this kernel");
		return;
	}
	for (int r = 0; r < reps; r++) {
		v[r] = kill_group("bench-kill", n, threads, file, val, &sent[r]);
		if (v[r] < 0) {
			unsupported(fig, threads ? "not every thread started, or the cgroup did not empty" :
				    "the cgroup did not empty");
			return;
		}
	}
	report(fig, median(v, reps), "ms");
	report(sent_fig, median(sent, reps), "ms");
}

/*
 * A fork bomb: every process forks again and again (children too), reaping
 * nothing itself (SIGCHLD ignored), and retries at once when pids.max
 * (STORM_HEADROOM * n) refuses the fork. The kill starts once it has n
 * processes, while it still grows. A reaper outside the cgroup adopts the
 * orphans.
 */
static pid_t start_storm(const char *cg, long n)
{
	char path[256], val[32];
	pid_t reaper;

	cg_path(path, sizeof(path), cg, "pids.max");
	snprintf(val, sizeof(val), "%ld", STORM_HEADROOM * n);
	if (write_file(path, val))
		return -1;
	reaper = fork();
	if (reaper < 0)
		fail("fork");
	if (reaper)
		return reaper;
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	if (fork() == 0) {
		join_cgroup(cg);
		signal(SIGCHLD, SIG_IGN);
		for (;;)
			if (fork() < 0)
				sched_yield();
	}
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	_exit(0);
}

/* Wait until the storm fills its cgroup (pids.current reaches n). */
static void wait_storm_full(const char *cg, long n)
{
	char path[256];
	uint64_t end = now_ns() + 30ull * 1000000000ull;

	cg_path(path, sizeof(path), cg, "pids.current");
	while (now_ns() < end) {
		FILE *f = fopen(path, "r");
		long cur = 0;

		if (f) {
			if (fscanf(f, "%ld", &cur) != 1)
				cur = 0;
			fclose(f);
		}
		if (cur >= n)
			return;
		usleep(50000);
	}
	note("the storm did not reach %ld processes in 30 s", n);
}

static void storm(long n)
{
	const char *cg = "bench-storm";
	char path[256];
	uint64_t t0;
	long rounds;
	pid_t reaper;
	int ifd;

	make_cgroup(cg);
	ifd = watch_events(cg);
	reaper = start_storm(cg, n);
	if (reaper < 0) {
		unsupported("storm_userspace_rounds", "no pids controller");
		unsupported("storm_userspace_ms", "no pids controller");
		unsupported("storm_cgsignal_ms", "no pids controller");
		close(ifd);
		remove_cgroup(cg);
		return;
	}
	wait_storm_full(cg, n);
	t0 = now_ns();
	rounds = userspace_kill(cg, ifd, SIGTERM, STORM_MAX_ROUNDS, STORM_MAX_NS, NULL);
	if (rounds < 0) {
		unsupported("storm_userspace_rounds", "not empty after %d rounds or %llu s",
			    STORM_MAX_ROUNDS, STORM_MAX_NS / 1000000000ull);
		unsupported("storm_userspace_ms", "did not finish");
		cg_path(path, sizeof(path), cg, "cgroup.kill");
		write_file(path, "1");
		wait_unpopulated(cg, ifd, 60000);
	} else {
		report("storm_userspace_rounds", rounds, "rounds");
		report("storm_userspace_ms", (now_ns() - t0) / 1e6, "ms");
	}
	waitpid(reaper, NULL, 0);

	if (!have_cgroup_signal) {
		unsupported("storm_cgsignal_ms", "no cgroup.signal in this kernel");
	} else {
		reaper = start_storm(cg, n);
		wait_storm_full(cg, n);
		cg_path(path, sizeof(path), cg, "cgroup.signal");
		t0 = now_ns();
		if (write_file(path, "15"))
			fail("write cgroup.signal");
		if (wait_unpopulated(cg, ifd, 20000)) {
			unsupported("storm_cgsignal_ms", "processes escaped one write");
			cg_path(path, sizeof(path), cg, "cgroup.kill");
			write_file(path, "1");
			wait_unpopulated(cg, ifd, 60000);
		} else {
			report("storm_cgsignal_ms", (now_ns() - t0) / 1e6, "ms");
		}
		waitpid(reaper, NULL, 0);
	}
	close(ifd);
	remove_cgroup(cg);
}

/* The threaded figures: n threads, if the guest can hold them. */
static void threads_figures(long n)
{
	static const char *const figs[] = {
		"cgkill_threads_100k", "cgsignal_kill_threads_100k", "cgsignal_term_threads_100k",
	};
	const char *tmax = "/proc/sys/kernel/threads-max", *pmax = "/proc/sys/kernel/pid_max";
	long avail = mem_available_kib(), need = n * THREAD_COST_KIB;
	long old_tmax = read_long(tmax), old_pmax = read_long(pmax);
	long want_max = n + n / 2 + 4096;

	if (avail < need) {
		for (size_t i = 0; i < sizeof(figs) / sizeof(*figs); i++)
			unsupported(figs[i], "%ld threads need %ld MiB, the guest has %ld MiB available",
				    n, need >> 10, avail >> 10);
		return;
	}
	if ((old_tmax < want_max && set_long(tmax, want_max)) ||
	    (old_pmax < want_max && set_long(pmax, want_max))) {
		for (size_t i = 0; i < sizeof(figs) / sizeof(*figs); i++)
			unsupported(figs[i], "cannot raise threads-max and pid_max to %ld", want_max);
		return;
	}
	figure("cgkill", "threads_100k", n, 1, "cgroup.kill", "1", 1);
	figure("cgsignal_kill", "threads_100k", n, 1, "cgroup.signal", "9", 1);
	figure("cgsignal_term", "threads_100k", n, 1, "cgroup.signal", "15", 1);
	if (old_pmax < want_max)
		set_long(pmax, old_pmax);
	if (old_tmax < want_max)
		set_long(tmax, old_tmax);
}

int main(void)
{
	char path[256];
	long k1 = scaled(1000), k10 = scaled(10000);

	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))
		fail("PR_SET_CHILD_SUBREAPER");
	make_cgroup("bench-kill");
	cg_path(path, sizeof(path), "bench-kill", "cgroup.signal");
	have_cgroup_signal = access(path, W_OK) == 0;
	remove_cgroup("bench-kill");

	figure("cgkill", "1k", k1, 0, "cgroup.kill", "1", 3);
	figure("cgsignal_kill", "1k", k1, 0, "cgroup.signal", "9", 3);
	figure("cgsignal_term", "1k", k1, 0, "cgroup.signal", "15", 3);
	figure("userspace_term", "1k", k1, 0, "userspace", NULL, 3);
	figure("cgkill", "10k", k10, 0, "cgroup.kill", "1", 1);
	figure("cgsignal_kill", "10k", k10, 0, "cgroup.signal", "9", 1);
	figure("cgsignal_term", "10k", k10, 0, "cgroup.signal", "15", 1);
	figure("userspace_term", "10k", k10, 0, "userspace", NULL, 1);
	if (want("storm"))
		storm(scaled(200));
	/* Last: it raises pid_max, which the tables above are sized by. */
	if (want("cgkill_threads") || want("cgsignal_kill_threads") ||
	    want("cgsignal_term_threads"))
		threads_figures(scaled(100000));
	return 0;
}
