// SPDX-License-Identifier: GPL-2.0
/*
 * What the locks of a cgroup.signal write cost the rest of the system. For
 * signals other than SIGKILL the write holds cgroup_mutex for its whole
 * duration and cgroup_threadgroup_rwsem for writing while it walks the
 * subtree, which holds off fork() and thread exit everywhere, as a
 * migration through cgroup.procs does.
 *
 * cgroup_mutex hold: N_HOLD (20,000) processes in one cgroup ignore SIGTERM
 * (SIG_IGN: nothing exits, so every write walks the same set); HOLD_WRITES
 * writes of 15 to its cgroup.signal, back to back, each timed alone:
 *
 *   cgsignal_ign_20k_median_ms, cgsignal_ign_20k_max_ms
 *                          one write (it holds cgroup_mutex throughout;
 *                          the first of a series may also wait for an RCU
 *                          grace period in percpu_down_write(), when no
 *                          writer took the rwsem lately)
 *   userspace_ign_20k_median_ms, userspace_ign_20k_max_ms
 *                          the same signalling from user space, which
 *                          takes neither lock: read cgroup.procs, kill(2)
 *                          SIGTERM to every pid, as often
 *
 * System-wide stall: an unrelated probe process in its own cgroup times
 * fork() + _exit() + waitpid() of a child (from just before the fork until
 * the child is reaped), STALL_SAMPLES times with a 200 us sleep between
 * them, as the reviewers' t_latency.c does, while in another process, in a
 * loop:
 *
 *   stall_idle_...         nothing runs
 *   stall_cgsignal_...     28 (SIGWINCH, ignored by default) is written to
 *                          cgroup.signal of a cgroup of N_STALL (3,000)
 *                          processes
 *   stall_userspace_...    that cgroup's cgroup.procs is read and every pid
 *                          kill(2)ed with SIGWINCH (today's way)
 *   stall_migrate_...      a process of N_THREADS (1,500) threads is moved
 *                          between two cgroups through cgroup.procs (what a
 *                          migration already costs today)
 *
 *   stall_<load>_fork_median_us, _p99_us, _max_us
 *                          the probe's fork + exit + wait
 *   stall_<load>_op_median_ms, _op_max_ms
 *                          one operation of the loop (a write, a round of
 *                          kill(2)s, a migration)
 *
 * The probe runs SCHED_FIFO, so that what it measures is waiting for the
 * locks, not for its share of a CPU. With two CPUs or more, the loop runs
 * on CPU 0 and the probe on CPU 1. With one (the -icount guest) they share
 * it: the probe, woken, takes the CPU at the loop's next return to user
 * space or cond_resched() (the guest kernel is PREEMPT_NONE), and then its
 * fork waits for the rwsem like any other. cgroup.signal's walk calls
 * cond_resched() for every process, so a fork lands inside a write; a
 * migration does not, so on one CPU the probe only runs, and forks, after
 * it: there the migrate figures show no stall. (The wake-up that comes late
 * is not timed: the guest has no high-resolution timers, so a sleep ends on
 * the next 4 ms tick anyway, which would drown what is measured here.)
 *
 * The populations are processes that share their parent's address space
 * (clone(CLONE_VM)): each costs the kernel a task, a kernel stack and its
 * signal structures, as any process does, but no page tables of its own,
 * so that 20,000 of them fit in the guest's 2 GiB (forked ones would need
 * about 90 KiB each). The signal paths measured here do not look at the
 * address space. Counts scale with BENCH_SCALE; a kernel without
 * cgroup.signal prints "unsupported" for the cgroup.signal figures.
 */
#include "bench.h"
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define N_HOLD 20000
#define HOLD_WRITES 50
#define N_STALL 3000
#define N_THREADS 1500
#define STALL_SAMPLES 500
#define STALL_GAP_US 200
#define MAX_OPS 200000
#define CHILD_STACK 8192
/* Kernel memory one clone(CLONE_VM) process takes at most, with margin. */
#define LIGHT_COST_KIB 48

static int have_cgroup_signal;

/* Kill everything in cg (cgroup.kill); the caller reaps. */
static void kill_cgroup(const char *cg)
{
	char path[256];

	cg_path(path, sizeof(path), cg, "cgroup.kill");
	write_file(path, "1");
}

/*
 * Whether any figure whose name starts with prefix is wanted (BENCH_ONLY
 * names figures or their prefixes).
 */
static int want_any(const char *prefix)
{
	const char *only = getenv("BENCH_ONLY");
	char buf[256], *tok, *save;

	if (!only || !*only)
		return 1;
	snprintf(buf, sizeof(buf), "%s", only);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (!strncmp(prefix, tok, strlen(tok)) || !strncmp(prefix, tok, strlen(prefix)))
			return 1;
	return 0;
}

static int join_cgroup(const char *cg, pid_t pid)
{
	char path[256], val[32];

	cg_path(path, sizeof(path), cg, "cgroup.procs");
	snprintf(val, sizeof(val), "%d", (int)pid);
	return write_file(path, val);
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		note("sched_setaffinity(%d): %s", cpu, strerror(errno));
}

/* threads-max and pid_max as found, restored by restore_limits(). */
static long old_tmax = -1, old_pmax = -1;

/*
 * Room for n more tasks: raise threads-max (about 16k in a 2 GiB guest) and
 * pid_max when they are short. Returns 0, or -1 with *why set.
 */
static int make_room(long n, char *why, size_t len)
{
	const char *tmax = "/proc/sys/kernel/threads-max", *pmax = "/proc/sys/kernel/pid_max";
	long avail = mem_available_kib(), need = n * LIGHT_COST_KIB, want_max = n + n / 2 + 4096;

	if (avail >= 0 && avail < need) {
		snprintf(why, len, "%ld processes need %ld MiB, the guest has %ld MiB available",
			 n, need >> 10, avail >> 10);
		return -1;
	}
	if (old_tmax < 0)
		old_tmax = read_long(tmax);
	if (old_pmax < 0)
		old_pmax = read_long(pmax);
	if ((read_long(tmax) < want_max && set_long(tmax, want_max)) ||
	    (read_long(pmax) < want_max && set_long(pmax, want_max))) {
		snprintf(why, len, "cannot raise threads-max and pid_max to %ld", want_max);
		return -1;
	}
	return 0;
}

static void restore_limits(void)
{
	if (old_pmax > 0)
		set_long("/proc/sys/kernel/pid_max", old_pmax);
	if (old_tmax > 0)
		set_long("/proc/sys/kernel/threads-max", old_tmax);
}

/* A process of a population: it sleeps until it is killed. */
static int idle_child(void *arg)
{
	(void)arg;
	for (;;)
		syscall(SYS_pause);
	return 0;
}

/*
 * n processes in cg: a spawner joins cg, sets SIGTERM to SIG_IGN when asked
 * (inherited), clones n - 1 processes that share its address space and sleep,
 * then tells us through a pipe and sleeps itself. Returns 0, or -1 when not
 * all of them could be created.
 */
static int spawn_light(const char *cg, long n, int ignore_term)
{
	int fds[2];
	pid_t spawner;
	char b = 0;

	if (pipe(fds))
		fail("pipe");
	spawner = fork();
	if (spawner < 0)
		fail("fork");
	if (spawner == 0) {
		char *stacks;

		close(fds[0]);
		if (join_cgroup(cg, 0))
			_exit(111);
		if (ignore_term)
			signal(SIGTERM, SIG_IGN);
		stacks = mmap(NULL, (size_t)n * CHILD_STACK, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
		b = 'x';
		if (stacks == MAP_FAILED)
			b = 'f';
		for (long i = 1; i < n && b == 'x'; i++)
			if (clone(idle_child, stacks + (size_t)i * CHILD_STACK, CLONE_VM | SIGCHLD,
				  NULL) < 0)
				b = 'f';
		if (write(fds[1], &b, 1) != 1)
			_exit(113);
		close(fds[1]);
		for (;;)
			pause();
	}
	close(fds[1]);
	if (read(fds[0], &b, 1) != 1)
		fail("spawning a population (the spawner failed)");
	close(fds[0]);
	return b == 'x' ? 0 : -1;
}

/* The user-space way: read cgroup.procs, kill(2) every pid once. */
static long userspace_signal(const char *cg, int sig)
{
	static pid_t *pids;
	static long cap;
	long n = read_procs(cg, &pids, &cap);

	for (long i = 0; i < n; i++)
		kill(pids[i], sig);
	return n;
}

static double max_of(const double *v, int n)
{
	double m = v[0];

	for (int i = 1; i < n; i++)
		if (v[i] > m)
			m = v[i];
	return m;
}

/* cgroup_mutex hold: one write of 15 to cgroup.signal of n SIG_IGN processes. */
static void hold_figures(long n, int writes)
{
	static const char *const figs[] = {
		"cgsignal_ign_20k_median_ms", "cgsignal_ign_20k_max_ms",
		"userspace_ign_20k_median_ms", "userspace_ign_20k_max_ms",
	};
	const char *cg = "bench-hold";
	double *v = calloc(writes, sizeof(*v)), max;
	char path[256], why[160];
	static pid_t *pids;
	static long cap;
	long left;
	int fd;

	if (!v)
		fail("calloc");
	if (make_room(n, why, sizeof(why))) {
		for (size_t i = 0; i < sizeof(figs) / sizeof(*figs); i++)
			unsupported(figs[i], "%s", why);
		free(v);
		return;
	}
	make_cgroup(cg);
	if (spawn_light(cg, n, 1)) {
		for (size_t i = 0; i < sizeof(figs) / sizeof(*figs); i++)
			unsupported(figs[i], "could not create %ld processes", n);
		goto out;
	}
	if (!have_cgroup_signal) {
		unsupported(figs[0], "no cgroup.signal in this kernel");
		unsupported(figs[1], "no cgroup.signal in this kernel");
	} else {
		cg_path(path, sizeof(path), cg, "cgroup.signal");
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			fail("open cgroup.signal");
		for (int w = 0; w < writes; w++) {
			uint64_t t0 = now_ns();

			if (write(fd, "15", 2) != 2)
				fail("write cgroup.signal");
			v[w] = (now_ns() - t0) / 1e6;
		}
		close(fd);
		max = max_of(v, writes);
		report(figs[0], median(v, writes), "ms");
		report(figs[1], max, "ms");
	}
	for (int w = 0; w < writes; w++) {
		uint64_t t0 = now_ns();

		userspace_signal(cg, SIGTERM);
		v[w] = (now_ns() - t0) / 1e6;
	}
	max = max_of(v, writes);
	report(figs[2], median(v, writes), "ms");
	report(figs[3], max, "ms");
	left = read_procs(cg, &pids, &cap);
	if (left != n)
		note("%s: %ld of %ld processes left after the writes", cg, left, n);
out:
	kill_cgroup(cg);
	reap_all();
	remove_cgroup(cg);
	free(v);
}

/* Shared between the loop, the probe and us. */
struct stall_shared {
	volatile int stop;
	volatile int started;
	long nops;
	double ops[MAX_OPS];		/* ms */
	long nsamples;
	double samples[];		/* us */
};

static struct stall_shared *sh;

static void *park(void *arg)
{
	for (;;)
		pause();
	return arg;
}

/* A process of n threads in cg; returns its pid, or -1. */
static pid_t spawn_threaded(const char *cg, long n)
{
	int fds[2];
	pid_t pid;
	char c = 0;

	if (pipe(fds))
		fail("pipe");
	pid = fork();
	if (pid < 0)
		fail("fork");
	if (pid == 0) {
		pthread_attr_t attr;
		pthread_t t;

		close(fds[0]);
		c = join_cgroup(cg, 0) ? 'f' : 'x';
		pthread_attr_init(&attr);
		pthread_attr_setstacksize(&attr, PTHREAD_STACK_MIN);
		for (long i = 1; i < n && c == 'x'; i++)
			if (pthread_create(&t, &attr, park, NULL))
				c = 'f';
		if (write(fds[1], &c, 1) != 1)
			_exit(113);
		close(fds[1]);
		for (;;)
			pause();
	}
	close(fds[1]);
	if (read(fds[0], &c, 1) != 1 || c != 'x') {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		pid = -1;
	}
	close(fds[0]);
	return pid;
}

enum load { LOAD_IDLE, LOAD_CGSIGNAL, LOAD_USERSPACE, LOAD_MIGRATE };

static void record_op(uint64_t t0)
{
	if (sh->nops < MAX_OPS)
		sh->ops[sh->nops++] = (now_ns() - t0) / 1e6;
}

/* The loop of a load, in its own process, until sh->stop. */
static pid_t start_load(enum load load, int cpu, pid_t migrant)
{
	pid_t pid = fork();

	if (pid < 0)
		fail("fork");
	if (pid)
		return pid;
	if (cpu >= 0)
		pin(cpu);
	if (load == LOAD_CGSIGNAL) {
		char path[256];
		int fd;

		cg_path(path, sizeof(path), "bench-stall-big", "cgroup.signal");
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			_exit(120);
		sh->started = 1;
		while (!sh->stop) {
			uint64_t t0 = now_ns();

			if (write(fd, "28", 2) != 2)
				_exit(121);
			record_op(t0);
		}
	} else if (load == LOAD_USERSPACE) {
		sh->started = 1;
		while (!sh->stop) {
			uint64_t t0 = now_ns();

			userspace_signal("bench-stall-big", SIGWINCH);
			record_op(t0);
		}
	} else if (load == LOAD_MIGRATE) {
		sh->started = 1;
		for (long i = 0; !sh->stop; i++) {
			uint64_t t0 = now_ns();

			if (join_cgroup(i & 1 ? "bench-stall-mig-a" : "bench-stall-mig-b", migrant))
				_exit(122);
			record_op(t0);
		}
	}
	_exit(0);
}

/* The probe: samples of fork + _exit + waitpid, from its own cgroup. */
static void run_probe(long samples, int cpu)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		fail("fork");
	if (pid == 0) {
		if (join_cgroup("bench-stall-probe", 0))
			_exit(130);
		struct sched_param sp = { .sched_priority = 1 };

		if (cpu >= 0)
			pin(cpu);
		if (sched_setscheduler(0, SCHED_FIFO, &sp))
			note("probe: SCHED_FIFO: %s (it competes for the CPU)", strerror(errno));
		for (long i = 0; i < samples; i++) {
			uint64_t t0;
			pid_t c;

			usleep(STALL_GAP_US);
			t0 = now_ns();
			c = fork();
			if (c < 0)
				_exit(131);
			if (c == 0)
				_exit(0);
			if (waitpid(c, NULL, 0) != c)
				_exit(132);
			sh->samples[sh->nsamples++] = (now_ns() - t0) / 1e3;
		}
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		fail("the probe failed");
}

static void stall_phase(const char *name, enum load load, long samples, int ncpu,
			pid_t migrant)
{
	char fig[80];
	pid_t loader = 0;
	int status;
	double *s;

	sh->stop = 0;
	sh->started = 0;
	sh->nops = 0;
	sh->nsamples = 0;
	if (load != LOAD_IDLE) {
		loader = start_load(load, ncpu > 1 ? 0 : -1, migrant);
		while (!sh->started && waitpid(loader, &status, WNOHANG) == 0)
			usleep(1000);
		usleep(200000);
	}
	run_probe(samples, ncpu > 1 ? 1 : -1);
	sh->stop = 1;
	if (loader) {
		if (waitpid(loader, &status, 0) != loader || !WIFEXITED(status) ||
		    WEXITSTATUS(status)) {
			note("stall %s: the loop failed (status %#x)", name, status);
			snprintf(fig, sizeof(fig), "stall_%s_fork_median_us", name);
			unsupported(fig, "the %s loop failed", name);
			return;
		}
	}
	s = sh->samples;
	qsort(s, sh->nsamples, sizeof(*s), cmp_double);
	snprintf(fig, sizeof(fig), "stall_%s_fork_median_us", name);
	report(fig, median(s, sh->nsamples), "us");
	snprintf(fig, sizeof(fig), "stall_%s_fork_p99_us", name);
	report(fig, percentile_sorted(s, sh->nsamples, 99), "us");
	snprintf(fig, sizeof(fig), "stall_%s_fork_max_us", name);
	report(fig, s[sh->nsamples - 1], "us");
	if (loader && sh->nops) {
		double max = max_of(sh->ops, sh->nops);

		snprintf(fig, sizeof(fig), "stall_%s_op_median_ms", name);
		report(fig, median(sh->ops, sh->nops), "ms");
		snprintf(fig, sizeof(fig), "stall_%s_op_max_ms", name);
		report(fig, max, "ms");
	}
}

static void unsupported_phase(const char *name, const char *why)
{
	static const char *const parts[] = {
		"fork_median_us", "fork_p99_us", "fork_max_us", "op_median_ms", "op_max_ms",
	};
	char fig[80];

	for (size_t i = 0; i < sizeof(parts) / sizeof(*parts); i++) {
		snprintf(fig, sizeof(fig), "stall_%s_%s", name, parts[i]);
		unsupported(fig, "%s", why);
	}
}

static void stall_figures(long n, long nthreads, long samples)
{
	int ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);
	size_t size = sizeof(*sh) + samples * sizeof(double);
	char why[160];
	pid_t migrant = -1;

	sh = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		fail("mmap");
	if (make_room(n + nthreads, why, sizeof(why))) {
		static const char *const loads[] = { "idle", "cgsignal", "userspace", "migrate" };

		for (size_t i = 0; i < sizeof(loads) / sizeof(*loads); i++)
			unsupported_phase(loads[i], why);
		munmap(sh, size);
		return;
	}
	note("stall: %d cpus: %s", ncpu, ncpu > 1 ? "loop on cpu 0, probe on cpu 1 (SCHED_FIFO)" :
	     "loop and probe (SCHED_FIFO) share the cpu");
	make_cgroup("bench-stall-big");
	make_cgroup("bench-stall-probe");
	make_cgroup("bench-stall-mig-a");
	make_cgroup("bench-stall-mig-b");
	if (spawn_light("bench-stall-big", n, 0)) {
		unsupported_phase("idle", "could not create the processes");
		goto out;
	}
	if (want_any("stall_idle"))
		stall_phase("idle", LOAD_IDLE, samples, ncpu, 0);
	if (want_any("stall_cgsignal")) {
		if (have_cgroup_signal)
			stall_phase("cgsignal", LOAD_CGSIGNAL, samples, ncpu, 0);
		else
			unsupported_phase("cgsignal", "no cgroup.signal in this kernel");
	}
	if (want_any("stall_userspace"))
		stall_phase("userspace", LOAD_USERSPACE, samples, ncpu, 0);
	if (want_any("stall_migrate")) {
		migrant = spawn_threaded("bench-stall-mig-a", nthreads);
		if (migrant < 0)
			unsupported_phase("migrate", "could not start the threads");
		else
			stall_phase("migrate", LOAD_MIGRATE, samples, ncpu, migrant);
	}
out:
	kill_cgroup("bench-stall-big");
	kill_cgroup("bench-stall-mig-a");
	kill_cgroup("bench-stall-mig-b");
	reap_all();
	remove_cgroup("bench-stall-big");
	remove_cgroup("bench-stall-mig-a");
	remove_cgroup("bench-stall-mig-b");
	remove_cgroup("bench-stall-probe");
	munmap(sh, size);
}

int main(void)
{
	char path[256];
	long writes = scaled(HOLD_WRITES);

	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))
		fail("PR_SET_CHILD_SUBREAPER");
	make_cgroup("bench-hold");
	cg_path(path, sizeof(path), "bench-hold", "cgroup.signal");
	have_cgroup_signal = access(path, W_OK) == 0;
	remove_cgroup("bench-hold");

	if (want_any("cgsignal_ign") || want_any("userspace_ign"))
		hold_figures(scaled(N_HOLD), writes < 5 ? 5 : (int)writes);
	if (want_any("stall"))
		stall_figures(scaled(N_STALL), scaled(N_THREADS),
			      scaled(STALL_SAMPLES) < 20 ? 20 : scaled(STALL_SAMPLES));
	restore_limits();
	return 0;
}
