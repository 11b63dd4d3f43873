// SPDX-License-Identifier: GPL-2.0
/*
 * The longest section with interrupts off, as the kernel's irqsoff tracer
 * measures it (CONFIG_IRQSOFF_TRACER; tracefs at /sys/kernel/tracing):
 * tracing_max_latency is reset before each measurement and read after it,
 * in microseconds, and the top of the trace names where that section was.
 * The tracer makes every interrupt disable and enable cost more, so this
 * program runs on a kernel pair of its own (config/bench-irqsoff.config);
 * on a kernel without the tracer every figure is "unsupported".
 *
 *   irqsoff_idle_us                 a second of nothing (the floor: timer
 *                                   ticks and whatever else the guest runs)
 *   irqsoff_reparent_10k_off_us     a process with N_CHILDREN (10,000)
 *                                   children exits and they are handed to
 *                                   us, a child subreaper, in one
 *                                   reparenting under tasklist_lock held
 *                                   for writing with interrupts off
 *   irqsoff_reparent_10k_on_us      the same with PR_SET_ADOPTSIG on: the
 *                                   exit path queues one adoption notice
 *                                   per child inside that section
 *   irqsoff_reparent_10k_on_lost    notices the kernel reported lost
 *                                   (SI_ADOPTLOST) instead of queueing
 *                                   them (0: each one took the full path)
 *   irqsoff_chain_1k_fork_us        a chain of CHAIN_DEPTH (1,000) nested
 *                                   cgroups; a process at the leaf forks
 *                                   and reaps children in a loop, with a
 *                                   handler for every signal it can catch
 *   irqsoff_chain_1k_cgsignal_us    the same while writes of every
 *                                   catchable signal in turn (all but
 *                                   SIGKILL, SIGSTOP and the C library's 32
 *                                   and 33) go to the top's cgroup.signal,
 *                                   CHAIN_WRITES of them or more
 *
 * Each chain phase lasts 3 s at least, so that both include the periodic
 * flush of the cgroups' statistics (see CHAIN_PHASE_US).
 *
 * The reparenting figures are the median of REPS exits; for each figure a
 * line "BENCH <figure> at <function>" names the function the section was
 * in: where the trace says it ended (interrupts were enabled again), or,
 * when that is a lock helper such as spin_unlock_irqrestore(), its caller
 * (the first function of the trace's stack that is not a lock or
 * interrupt-flag helper). Inlined functions do not show: the reparenting
 * in exit_notify() is named do_exit. The top of each trace goes to stderr
 * (the serial log). The 10,000 children share their parent's address space
 * (clone(CLONE_VM)), which the reparenting does not look at. Counts scale
 * with BENCH_SCALE.
 */
#include "bench.h"
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define TRACING "/sys/kernel/tracing"
#define N_CHILDREN 10000
#define REPS 3
#define CHAIN_DEPTH 1000
#define CHAIN_WRITES 320
#define IDLE_US 1000000
/*
 * Each chain phase lasts at least this long: the memory controller flushes
 * the cgroups' statistics every 2 s (cgroup_rstat_flush_locked(), with
 * interrupts off per CPU), which with a chain 1,000 deep takes longer than
 * anything else the leaf's forks do; both phases include one.
 */
#define CHAIN_PHASE_US 3000000
#define CHILD_STACK 8192

static int have_tracer, have_cgroup_signal;
static char no_tracer[160];

/* One measurement: the longest section and where it was. */
struct section {
	double us;
	char where[96];
};

static int read_text(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t got = 0;
	ssize_t r;

	if (fd < 0)
		return -1;
	while (got < len - 1 && (r = read(fd, buf + got, len - 1 - got)) > 0)
		got += r;
	close(fd);
	buf[got] = 0;
	return (int)got;
}

/* Mount tracefs when it is not, select the irqsoff tracer. */
static void setup_tracer(void)
{
	char buf[4096];

	if (access(TRACING "/current_tracer", F_OK) &&
	    mount("nodev", TRACING, "tracefs", 0, NULL) && errno != EBUSY) {
		if (errno == ENOENT)
			snprintf(no_tracer, sizeof(no_tracer),
				 "no tracing in this kernel (CONFIG_IRQSOFF_TRACER)");
		else
			snprintf(no_tracer, sizeof(no_tracer), "cannot mount tracefs at %s: %s",
				 TRACING, strerror(errno));
		return;
	}
	if (read_text(TRACING "/available_tracers", buf, sizeof(buf)) < 0 ||
	    !strstr(buf, "irqsoff")) {
		snprintf(no_tracer, sizeof(no_tracer),
			 "no irqsoff tracer in this kernel (CONFIG_IRQSOFF_TRACER)");
		return;
	}
	if (write_file(TRACING "/current_tracer", "irqsoff") ||
	    write_file(TRACING "/tracing_on", "1")) {
		snprintf(no_tracer, sizeof(no_tracer), "cannot start the irqsoff tracer: %s",
			 strerror(errno));
		return;
	}
	have_tracer = 1;
}

static void reset_max(void)
{
	if (write_file(TRACING "/tracing_max_latency", "0"))
		fail("reset tracing_max_latency");
}

/* A lock or interrupt-flag helper, not the function that holds the section. */
static int helper(const char *f)
{
	static const char *const prefixes[] = {
		"_raw_", "__raw_", "trace_hardirqs", "lock", "unlock", "do_raw_",
		"queued_", "native_", "arch_local", "local_irq",
	};

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++)
		if (!strncmp(f, prefixes[i], strlen(prefixes[i])))
			return 1;
	return 0;
}

/* Copy a symbol (up to '+', blank or end) into out. */
static void symbol(const char *p, char *out, size_t len)
{
	size_t i = 0;

	while (*p == ' ')
		p++;
	while (p[i] && p[i] != '+' && p[i] != ' ' && p[i] != '\n' && i < len - 1) {
		out[i] = p[i];
		i++;
	}
	out[i] = 0;
}

/*
 * Read tracing_max_latency and the top of the trace, which names where the
 * section started and ended: the function that disabled and that enabled
 * interrupts again, or the lock helper that did (spin_unlock_irqrestore()
 * and the like), and the stack from the caller of that function on. The
 * section is in the function where it ended, or in the first caller of the
 * stack that is not a helper. The top of the trace goes to stderr, with
 * label.
 */
static void read_max(const char *label, struct section *s)
{
	static char buf[65536];
	char started[96] = "", ended[96] = "", frame[96] = "";
	int in_stack = 0, lines = 0;

	if (read_text(TRACING "/tracing_max_latency", buf, sizeof(buf)) <= 0)
		fail("read tracing_max_latency");
	s->us = atof(buf);
	if (read_text(TRACING "/trace", buf, sizeof(buf)) < 0)
		fail("read trace");
	fprintf(stderr, "bench: irqsoff %s: %.0f us; top of the trace:\n", label, s->us);
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		char *p;

		if (lines++ < 40)
			fprintf(stderr, "  | %s\n", line);
		if ((p = strstr(line, "=> started at:")))
			symbol(p + 14, started, sizeof(started));
		else if ((p = strstr(line, "=> ended at:")))
			symbol(p + 12, ended, sizeof(ended));
		else if (strstr(line, "<stack trace>"))
			in_stack = 1;
		else if (in_stack && !frame[0] && (p = strstr(line, " => "))) {
			char f[96];

			symbol(p + 4, f, sizeof(f));
			if (f[0] && !helper(f))
				snprintf(frame, sizeof(frame), "%s", f);
		}
	}
	if (ended[0] && !helper(ended))
		snprintf(s->where, sizeof(s->where), "%s", ended);
	else if (frame[0])
		snprintf(s->where, sizeof(s->where), "%s", frame);
	else if (started[0])
		snprintf(s->where, sizeof(s->where), "%s", started);
	else
		snprintf(s->where, sizeof(s->where), "unknown");
}

static void report_section(const char *fig, const struct section *s)
{
	report(fig, s->us, "us");
	printf("BENCH %s at %s\n", fig, s->where);
	fflush(stdout);
}

static int cmp_section(const void *a, const void *b)
{
	double x = ((const struct section *)a)->us, y = ((const struct section *)b)->us;

	return (x > y) - (x < y);
}

static int idle_child(void *arg)
{
	(void)arg;
	for (;;)
		syscall(SYS_pause);
	return 0;
}

/*
 * One exit of a process with n children, handed to us: the longest
 * interrupts-off section from just before the exit until we reaped the
 * process. With adoptsig, the notices are drained after it and counted.
 */
static int reparent_once(long n, int adoptsig, int sfd, struct section *s, long *lost)
{
	int ready[2], go[2];
	pid_t mid;
	char b = 0;

	if (pipe(ready) || pipe(go))
		fail("pipe");
	mid = fork();
	if (mid < 0)
		fail("fork");
	if (mid == 0) {
		/* Room for every notice: they are charged to the exiting process. */
		struct rlimit rl = { .rlim_cur = n + 1024, .rlim_max = n + 1024 };
		char *stacks;

		close(ready[0]);
		close(go[1]);
		if (write_file(CGROOT "/bench-irqsoff/cgroup.procs", "0"))
			_exit(111);
		if (setrlimit(RLIMIT_SIGPENDING, &rl))
			_exit(112);
		stacks = mmap(NULL, (size_t)n * CHILD_STACK, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
		b = stacks == MAP_FAILED ? 'f' : 'x';
		for (long i = 0; i < n && b == 'x'; i++)
			if (clone(idle_child, stacks + (size_t)(i + 1) * CHILD_STACK,
				  CLONE_VM | SIGCHLD, NULL) < 0)
				b = 'f';
		if (write(ready[1], &b, 1) != 1)
			_exit(113);
		if (read(go[0], &b, 1) != 1)
			_exit(114);
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	if (read(ready[0], &b, 1) != 1 || b != 'x') {
		note("reparent: could not create %ld children", n);
		b = 0;
	} else {
		reset_max();
		if (write(go[1], "g", 1) != 1)
			fail("write");
	}
	close(ready[0]);
	close(go[1]);
	if (waitpid(mid, NULL, 0) != mid)
		fail("waitpid");
	if (b)
		read_max(adoptsig ? "reparent, notices on" : "reparent, notices off", s);
	*lost = 0;
	if (b && adoptsig) {
		struct signalfd_siginfo ssi[64];
		long adopted = 0;
		ssize_t r;

		while ((r = read(sfd, ssi, sizeof(ssi))) > 0)
			for (size_t i = 0; i < r / sizeof(*ssi); i++) {
				if (ssi[i].ssi_code == SI_ADOPTED)
					adopted++;
				else if (ssi[i].ssi_code == SI_ADOPTLOST)
					*lost += ssi_lost(&ssi[i]);
			}
		if (adopted + *lost != n)
			note("reparent: %ld notices and %ld lost for %ld children", adopted, *lost, n);
	}
	write_file(CGROOT "/bench-irqsoff/cgroup.kill", "1");
	reap_all();
	return b ? 0 : -1;
}

static void reparent_figures(long n)
{
	const char *tmax = "/proc/sys/kernel/threads-max";
	long old_tmax = read_long(tmax), want_max = n + n / 2 + 4096;
	struct section s[REPS];
	int sig = SIGRTMIN + 1, sfd = -1;
	long lost = 0, lost_max = 0;
	sigset_t set;

	if (!want("irqsoff_reparent"))
		return;
	sigemptyset(&set);
	sigaddset(&set, sig);
	if (old_tmax < want_max && set_long(tmax, want_max))
		note("cannot raise threads-max to %ld", want_max);
	make_cgroup("bench-irqsoff");
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))
		fail("PR_SET_CHILD_SUBREAPER");

	for (int r = 0; r < REPS; r++)
		if (reparent_once(n, 0, -1, &s[r], &lost))
			goto out;
	qsort(s, REPS, sizeof(*s), cmp_section);
	report_section("irqsoff_reparent_10k_off_us", &s[REPS / 2]);

	sigprocmask(SIG_BLOCK, &set, NULL);
	if (prctl(PR_SET_ADOPTSIG, sig, 0, 0, 0)) {
		unsupported("irqsoff_reparent_10k_on_us", "PR_SET_ADOPTSIG: %s", strerror(errno));
		unsupported("irqsoff_reparent_10k_on_lost", "PR_SET_ADOPTSIG: %s", strerror(errno));
		goto out;
	}
	sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sfd < 0)
		fail("signalfd");
	for (int r = 0; r < REPS; r++) {
		if (reparent_once(n, sig, sfd, &s[r], &lost))
			goto out;
		if (lost > lost_max)
			lost_max = lost;
	}
	prctl(PR_SET_ADOPTSIG, 0, 0, 0, 0);
	qsort(s, REPS, sizeof(*s), cmp_section);
	report_section("irqsoff_reparent_10k_on_us", &s[REPS / 2]);
	report("irqsoff_reparent_10k_on_lost", lost_max, "events");
out:
	prctl(PR_SET_ADOPTSIG, 0, 0, 0, 0);
	if (sfd >= 0)
		close(sfd);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
	remove_cgroup("bench-irqsoff");
	if (old_tmax < want_max)
		set_long(tmax, old_tmax);
}

/* The signals a process can catch, but the C library's own 32 and 33. */
static int catchable(int sig)
{
	return sig != SIGKILL && sig != SIGSTOP && sig != 32 && sig != 33;
}

struct chain_shared {
	volatile int stop;
	volatile long forks;
	volatile long caught;
};

static struct chain_shared *chain;

/* The leaf's handler; its children, which inherit it, exit at once. */
static void on_signal(int sig)
{
	(void)sig;
	if (chain)
		chain->caught++;
}

static void chain_figures(long depth, long writes)
{
	struct rlimit rl = { .rlim_cur = depth + 256, .rlim_max = depth + 256 };
	struct chain_shared *sh;
	struct section s;
	uint64_t t0;
	int *fds, cfd, created = 1, sig = 0;
	long w = 0;
	pid_t leaf;

	if (!want("irqsoff_chain"))
		return;
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	fds = calloc(depth, sizeof(*fds));
	if (sh == MAP_FAILED || !fds)
		fail("memory");
	chain = sh;
	if (setrlimit(RLIMIT_NOFILE, &rl))
		note("setrlimit(RLIMIT_NOFILE, %ld): %s", (long)rl.rlim_cur, strerror(errno));
	make_cgroup("bench-chain");
	fds[0] = open(CGROOT "/bench-chain", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fds[0] < 0)
		fail("open bench-chain");
	for (; created < depth; created++) {
		if (mkdirat(fds[created - 1], "c", 0755) && errno != EEXIST)
			break;
		fds[created] = openat(fds[created - 1], "c", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (fds[created] < 0)
			break;
	}
	if (created < depth) {
		note("chain: %d levels of %ld: %s", created, depth, strerror(errno));
		unsupported("irqsoff_chain_1k_fork_us", "could not nest %ld cgroups", depth);
		unsupported("irqsoff_chain_1k_cgsignal_us", "could not nest %ld cgroups", depth);
		goto out;
	}
	leaf = fork();
	if (leaf < 0)
		fail("fork");
	if (leaf == 0) {
		struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };
		int pfd = openat(fds[depth - 1], "cgroup.procs", O_WRONLY | O_CLOEXEC);

		if (pfd < 0 || write(pfd, "0", 1) != 1)
			_exit(111);
		close(pfd);
		for (int i = 1; i < 65; i++)
			if (catchable(i))
				sigaction(i, &sa, NULL);
		while (!sh->stop) {
			pid_t c = fork();

			if (c == 0)
				_exit(0);
			if (c > 0)
				while (waitpid(c, NULL, 0) < 0 && errno == EINTR)
					;
			sh->forks++;
		}
		_exit(0);
	}
	while (sh->forks < 10)
		usleep(1000);

	reset_max();
	usleep(CHAIN_PHASE_US);
	read_max("leaf forking", &s);
	report_section("irqsoff_chain_1k_fork_us", &s);

	if (!have_cgroup_signal) {
		unsupported("irqsoff_chain_1k_cgsignal_us", "no cgroup.signal in this kernel");
	} else {
		cfd = open(CGROOT "/bench-chain/cgroup.signal", O_WRONLY | O_CLOEXEC);
		if (cfd < 0)
			fail("open cgroup.signal");
		reset_max();
		t0 = now_ns();
		for (w = 0; w < writes || now_ns() - t0 < CHAIN_PHASE_US * 1000ull; w++) {
			char val[8];
			int len;

			do
				sig = sig % 64 + 1;
			while (!catchable(sig));
			len = snprintf(val, sizeof(val), "%d", sig);
			if (write(cfd, val, len) != len)
				fail("write cgroup.signal");
		}
		read_max("leaf forking, cgroup.signal writes to the top", &s);
		close(cfd);
		report_section("irqsoff_chain_1k_cgsignal_us", &s);
	}
	note("chain: %ld writes; the leaf forked %ld times and caught %ld signals (its SIGCHLDs included)",
	     w, sh->forks, sh->caught);
	sh->stop = 1;
	kill(leaf, SIGKILL);
	reap_all();
out:
	for (int i = created - 1; i > 0; i--) {
		for (int t = 0; t < 200; t++) {
			if (!unlinkat(fds[i - 1], "c", AT_REMOVEDIR) || errno == ENOENT)
				break;
			usleep(10000);
		}
		close(fds[i]);
	}
	close(fds[0]);
	remove_cgroup("bench-chain");
	free(fds);
	munmap(sh, sizeof(*sh));
}

int main(void)
{
	static const char *const figs[] = {
		"irqsoff_idle_us", "irqsoff_reparent_10k_off_us", "irqsoff_reparent_10k_on_us",
		"irqsoff_reparent_10k_on_lost", "irqsoff_chain_1k_fork_us",
		"irqsoff_chain_1k_cgsignal_us",
	};
	struct section s;

	setup_tracer();
	if (!have_tracer) {
		for (size_t i = 0; i < sizeof(figs) / sizeof(*figs); i++)
			if (want(figs[i]))
				unsupported(figs[i], "%s", no_tracer);
		return 0;
	}
	make_cgroup("bench-chain");
	have_cgroup_signal = access(CGROOT "/bench-chain/cgroup.signal", W_OK) == 0;
	remove_cgroup("bench-chain");

	if (want("irqsoff_idle")) {
		reset_max();
		usleep(IDLE_US);
		read_max("idle", &s);
		report_section("irqsoff_idle_us", &s);
	}
	reparent_figures(scaled(N_CHILDREN));
	chain_figures(scaled(CHAIN_DEPTH) < 2 ? 2 : scaled(CHAIN_DEPTH), scaled(CHAIN_WRITES));
	write_file(TRACING "/current_tracer", "nop");
	return 0;
}
