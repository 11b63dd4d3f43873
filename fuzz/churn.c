// SPDX-License-Identifier: GPL-2.0
/*
 * churn - process, signal and cgroup churn for "make fuzz"
 *
 *   churn SECONDS [SEED]
 *
 * Load, not a test: it keeps the code of the pidns_signal series busy
 * while trinity and stress-ng run beside it on a KASAN/lockdep or KCSAN
 * kernel, so that races in that code show up in the kernel log. It runs
 * as root with cgroup2 at /sys/fs/cgroup, all controllers enabled in the
 * root's subtree_control, and works on the patched and on the unpatched
 * base kernel (the same binary):
 *
 *  - a cgroup tree /sys/fs/cgroup/fuzz-churn/{a,b}/{x,y}/{p,q} (+pids
 *    enabled in the inner nodes, a pids.max on some leaves) holds 8
 *    population workers, one in a random leaf each, that fork children
 *    (at most 40 each) which exit at once, exec /proc/self/exe and exit or
 *    exec again, run a few threads, block and unblock signals, or linger;
 *    every child sets random handlers, SIG_IGN or SIG_DFL for the
 *    catchable signals, so that not every signal kills;
 *  - a thread-group churner in a leaf: its main thread pthread_exit()s
 *    while the other threads create and end threads and exec, so that
 *    cgroup.kill and cgroup.signal meet zombie leaders and de_thread();
 *  - a writer (outside the tree) that writes random signals 1..64 to the
 *    cgroup.signal of random cgroups of the tree, inner ones included
 *    (SIGSTOP and the other stop signals followed by SIGCONT), "1" to
 *    cgroup.kill one time in 20, invalid values that must fail with the
 *    documented EINVAL or ERANGE, and freezes and thaws a cgroup now
 *    and then. Without cgroup.signal (the unpatched kernel) it signals
 *    the processes of the subtree with pidfd_send_signal(2) instead;
 *  - a subreaper in fuzz-churn/r with PR_SET_ADOPTSIG SIGRTMIN+1 that
 *    starts orphan storms in fuzz-churn/r/s (a child forks 1..200
 *    grandchildren, some with CLONE_PARENT, and exits, one in 4 with a
 *    low RLIMIT_SIGPENDING so that notices are lost), reads the notices
 *    by signalfd (or a handler, or ignores the signal, chosen for each
 *    generation) and reaps everything; every ~2 s it re-executes itself,
 *    checks that exec cleared the setting and arms it again;
 *  - a pid namespace init (its parent, in the root namespace, in
 *    fuzz-churn/n, restarts it) with PR_SET_ADOPTSIG SIGRTMIN+2 that
 *    starts orphan storms in fuzz-churn/n/s, sends itself signals it
 *    handles (and, while PR_SET_INIT_SELFKILL is off, ones at SIG_DFL,
 *    which it must discard), toggles PR_SET_INIT_SELFKILL, and ends after
 *    a few seconds by exit, by kill(-1, SIGKILL) or by ending itself with
 *    its own SIGTERM after PR_SET_INIT_SELFKILL;
 *  - "flip", a subreaper in fuzz-churn/f (its storms there too) at nice
 *    -10 with two threads: one changes PR_SET_ADOPTSIG in a loop without
 *    pause, to one of SIGRTMIN+4..SIGRTMIN+6, to 0, to another one, and
 *    so on, while the other makes orphan storms as fast as it can (a child
 *    makes 50..200 grandchildren, most with clone(CLONE_VM), some with
 *    fork(), that pause with SIGKILL as their parent death signal, and
 *    exits, one in 4 with a low RLIMIT_SIGPENDING) and reads the notices
 *    of all three signals by one signalfd. With two or more CPUs the
 *    changing thread is bound to one, and a storm's child moves to the
 *    others before it exits, so that a change of the setting and the exit
 *    that hands the orphans over run at the same time (the data race this
 *    is for). Besides the checks below, every notice must name the current
 *    storm's child as si_ppid, and a storm may give at most one notice or
 *    lost notice per grandchild: whether one comes depends on the setting
 *    at that instant, so none is required;
 *  - the main process, a subreaper with PR_SET_ADOPTSIG SIGRTMIN+3 for
 *    the orphans of the components, respawns what got killed.
 *
 * Readers of notices check what adoption_notices.rst promises: si_code
 * SI_ADOPTED or SI_ADOPTLOST from the kernel, the fields of each, that an
 * adopted pid read from a signalfd is a child of the reader (the reader
 * reaps in the documented two steps: waitid(WNOWAIT), read the notices,
 * reap), that PR_GET_ADOPTSIG reads 0 after fork and after exec and the
 * value set afterwards; that turning notices off and setting the signal
 * set already never fail, and that a PR_SET_ADOPTSIG failing with EAGAIN
 * leaves the setting as it was. The subreaper and flip ignore or block
 * every catchable signal, so the death of either by any signal but
 * SIGKILL is an error; so is the death of a namespace init by any signal
 * but SIGKILL, except the SIGTERM it sent itself after
 * PR_SET_INIT_SELFKILL. Errors print "FUZZ: churn error: ..." and make the
 * exit status 1; the run goes on. Random timing (a fork failing with
 * EAGAIN under pids.max, a process killed before it did something) is
 * never an error.
 *
 * At the end (or at SIGTERM, SIGINT, SIGHUP) it stops the writer, thaws
 * the tree, writes 1 to fuzz-churn/cgroup.kill until cgroup.events says
 * "populated 0" (30 s at most), reaps everything and removes the tree,
 * then prints
 *
 *   FUZZ: churn done seed=S ops=N signals_written=N kills_written=N
 *   forks=N execs=N threads=N orphans=N notices=N lost=N reexecs=N
 *   flips=N
 *
 * (one line). signals_written counts the successful cgroup.signal writes
 * of signals other than SIGKILL (on the unpatched kernel: the subtrees
 * signalled through pidfds), kills_written the successful cgroup.kill
 * writes and cgroup.signal writes of 9; orphans the processes created to
 * be orphaned or handed over with CLONE_PARENT; notices the SI_ADOPTED
 * notices read, lost the sum of the si_lost of SI_ADOPTLOST notices;
 * reexecs the subreaper's re-executions; flips the changes of flip's
 * adoption signal (calls that changed it: to another signal or to or from
 * 0; 0 on a kernel without PR_SET_ADOPTSIG, where flip makes its storms
 * without notices). The seed (printed first as "FUZZ: churn seed=S", by
 * default the time) drives every random choice; the interleaving of the
 * processes is not reproducible.
 *
 * The processes share their counters through a memfd kept at fd 200,
 * inherited across exec; the hidden modes "--churn-exec",
 * "--churn-subreaper" and "--churn-tg" are for its own re-executions.
 *
 * Build: gcc -O2 -static -pthread -Wall -Wextra -Werror -o churn churn.c
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "series-abi.h"

/* struct signalfd_siginfo of the series: ssi_ppid, ssi_lost after ssi_arch. */
struct adopt_sfd_info {
	uint32_t ssi_signo;
	int32_t ssi_errno;
	int32_t ssi_code;
	uint32_t ssi_pid;
	uint32_t ssi_uid;
	int32_t ssi_fd;
	uint32_t ssi_tid;
	uint32_t ssi_band;
	uint32_t ssi_overrun;
	uint32_t ssi_trapno;
	int32_t ssi_status;
	int32_t ssi_int;
	uint64_t ssi_ptr;
	uint64_t ssi_utime;
	uint64_t ssi_stime;
	uint64_t ssi_addr;
	uint16_t ssi_addr_lsb;
	uint16_t pad2;
	int32_t ssi_syscall;
	uint64_t ssi_call_addr;
	uint32_t ssi_arch;
	uint32_t ssi_ppid;
	uint32_t ssi_lost;
	uint8_t pad[20];
};
_Static_assert(sizeof(struct adopt_sfd_info) == 128, "signalfd_siginfo size");

#define CG		"/sys/fs/cgroup/fuzz-churn"
#define SHM_FD		200
#define NR_WORKERS	8
#define MAX_KIDS	40
#define MAX_PRINTED	100
#define KSIG_MAX	64
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Shared counters and flags, in a memfd every process maps. */
struct shm {
	unsigned long ops, signals_written, kills_written, forks, execs;
	unsigned long threads, orphans, notices, lost, reexecs, flips;
	unsigned long errors, notes, foreign, invalid_writes, respawns;
	unsigned long fork_failures, selfkills, init_runs;
	/* Error lines printed per format (the binary is static, not PIE). */
	const char *fmt_seen[64];
	unsigned int fmt_count[64];
	int stopping;
	int have_signal, have_adopt;
	int selfkill_state;	/* 0 unknown, 1 present, 2 absent */
	/* How the current namespace init means to end, written before. */
	pid_t exp_parent;
	unsigned int exp_gen;
	int exp_sig;
};

static struct shm *shm;
static pid_t main_pid;

#define ADD(f, n)	__atomic_add_fetch(&shm->f, (n), __ATOMIC_RELAXED)

/* Output: whole lines with one write(2), so processes do not mix them. */
static void vsay(const char *prefix, const char *fmt, va_list ap)
{
	char buf[600];
	int n, m;

	n = snprintf(buf, sizeof(buf), "%s", prefix);
	m = vsnprintf(buf + n, sizeof(buf) - n - 1, fmt, ap);
	if (m < 0)
		return;
	n += m;
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	while (write(1, buf, n) < 0 && errno == EINTR)
		;
}

static void __attribute__((format(printf, 1, 2))) say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("FUZZ: churn", fmt, ap);
	va_end(ap);
}

/* How many times an error line of this format was printed before. */
static unsigned int fmt_times(const char *fmt)
{
	unsigned int i;

	for (i = 0; i < 64; i++) {
		const char *seen = NULL;

		if (!__atomic_compare_exchange_n(&shm->fmt_seen[i], &seen, fmt,
						 false, __ATOMIC_RELAXED,
						 __ATOMIC_RELAXED) &&
		    seen != fmt)
			continue;
		return __atomic_fetch_add(&shm->fmt_count[i], 1,
					  __ATOMIC_RELAXED);
	}
	return 0;
}

/*
 * Definite breakage: counted, makes the exit status 1. The first 3 lines
 * of each kind are printed, 100 at most in all.
 */
static void __attribute__((format(printf, 1, 2))) fail(const char *fmt, ...)
{
	unsigned long n = ADD(errors, 1);
	unsigned int t = fmt_times(fmt);
	va_list ap;

	if (t >= 3 || n > MAX_PRINTED) {
		if (t == 3)
			say(" error: further errors like the last are counted, not printed");
		return;
	}
	va_start(ap, fmt);
	vsay("FUZZ: churn error: ", fmt, ap);
	va_end(ap);
}

/* Worth a line, not an error. */
static void __attribute__((format(printf, 1, 2))) note(const char *fmt, ...)
{
	unsigned long n = ADD(notes, 1);
	va_list ap;

	if (n > MAX_PRINTED)
		return;
	va_start(ap, fmt);
	vsay("FUZZ: churn: ", fmt, ap);
	va_end(ap);
}

/* Random numbers: xorshift64*, seeded through splitmix64, per thread. */
static __thread uint64_t rstate;

static uint64_t splitmix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static void rseed(uint64_t s)
{
	rstate = splitmix(s);
	if (!rstate)
		rstate = 1;
}

static uint64_t rnd(void)
{
	uint64_t x = rstate;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rstate = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static unsigned int rn(unsigned int n)
{
	return n ? (unsigned int)(rnd() % n) : 0;
}

static unsigned int rr(unsigned int lo, unsigned int hi)
{
	return lo + rn(hi - lo + 1);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Pacing only; never used to wait for something that can be waited for. */
static void nap_us(unsigned int us)
{
	struct timespec ts = { us / 1000000, (long)(us % 1000000) * 1000 };

	nanosleep(&ts, NULL);
}

static void nap_ms(unsigned int lo, unsigned int hi)
{
	nap_us(rr(lo * 1000, hi * 1000));
}

static void shm_attach(void)
{
	shm = mmap(NULL, sizeof(*shm), PROT_READ | PROT_WRITE, MAP_SHARED,
		   SHM_FD, 0);
	if (shm == MAP_FAILED) {
		static const char msg[] =
			"FUZZ: churn error: hidden mode without churn's memfd\n";

		if (write(2, msg, sizeof(msg) - 1) < 0)
			_exit(2);
		_exit(2);
	}
}

/* ------------------------------------------------------------------ */
/* cgroups */

static const char *const cg_dirs[] = {		/* parents first */
	"", "/a", "/a/x", "/a/x/p", "/a/x/q", "/a/y", "/a/y/p", "/a/y/q",
	"/b", "/b/x", "/b/x/p", "/b/x/q", "/b/y", "/b/y/p", "/b/y/q",
	"/r", "/r/s", "/n", "/n/s", "/f",
};
#define NR_CG		ARRAY_SIZE(cg_dirs)
#define NR_TREE		14	/* cg_dirs[1..14]: the a and b subtrees */

static const char *const cg_leaves[] = {
	"/a/x/p", "/a/x/q", "/a/y/p", "/a/y/q",
	"/b/x/p", "/b/x/q", "/b/y/p", "/b/y/q",
};
#define NR_LEAVES	ARRAY_SIZE(cg_leaves)

static const char *const cg_pids_inner[] = {
	"", "/a", "/a/x", "/a/y", "/b", "/b/x", "/b/y",
};

static void cg_path(char *buf, size_t sz, const char *cg, const char *file)
{
	snprintf(buf, sz, "%s%s%s%s", CG, cg, file ? "/" : "", file ? file : "");
}

/* Write VAL (LEN bytes) to CG/FILE; 0 or the errno. */
static int cg_write(const char *cg, const char *file, const char *val,
		    size_t len)
{
	char path[256];
	ssize_t n;
	int fd, err;

	cg_path(path, sizeof(path), cg, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	n = write(fd, val, len);
	err = n < 0 ? errno : (size_t)n == len ? 0 : EIO;
	close(fd);
	return err;
}

static bool cg_exists(const char *cg)
{
	char path[256];
	struct stat st;

	cg_path(path, sizeof(path), cg, NULL);
	return stat(path, &st) == 0;
}

/* 1 populated, 0 empty, -1 unreadable. */
static int cg_populated(const char *cg)
{
	char path[256], buf[256], *p;
	ssize_t n;
	int fd;

	cg_path(path, sizeof(path), cg, "cgroup.events");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	p = strstr(buf, "populated ");
	if (!p)
		return -1;
	return p[10] == '1';
}

/* Move the calling process into CG. */
static int join_cgroup(const char *cg)
{
	int err = cg_write(cg, "cgroup.procs", "0", 1);

	if (err && err != ENOMEM && err != EAGAIN && err != EINTR &&
	    !shm->stopping && cg_exists(cg))
		fail("join %s: %s", cg[0] ? cg : "/", strerror(err));
	return err;
}

/* ------------------------------------------------------------------ */
/* signal dispositions */

static volatile sig_atomic_t handled;

static void count_handler(int sig)
{
	(void)sig;
	handled++;
}

static bool settable(int sig)
{
	/* glibc keeps 32 and 33 for itself and refuses them. */
	return sig != SIGKILL && sig != SIGSTOP && sig != 32 && sig != 33;
}

static void set_disp(int sig, void (*h)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = h;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* Handlers for most catchable signals, SIG_IGN or SIG_DFL for others. */
static void random_dispositions(bool chld_too)
{
	int sig;

	for (sig = 1; sig <= KSIG_MAX; sig++) {
		unsigned int r = rn(100);

		if (!settable(sig) || (sig == SIGCHLD && !chld_too))
			continue;
		set_disp(sig, r < 60 ? count_handler : r < 85 ? SIG_IGN :
			 SIG_DFL);
	}
}

/*
 * SIG_IGN or SIG_DFL for 32 and 33, which glibc's sigaction() refuses:
 * the kernel's rt_sigaction needs no restorer for these two.
 */
static void raw_disp(int sig, void (*h)(int))
{
	struct {
		void (*handler)(int);
		unsigned long flags;
		void (*restorer)(void);
		uint64_t mask;
	} ksa = { h, 0, NULL, 0 };

	syscall(SYS_rt_sigaction, sig, &ksa, NULL, sizeof(ksa.mask));
}

/* SIG_IGN for every catchable signal but SIGCHLD and KEEP. */
static void ignore_all(int keep)
{
	int sig;

	for (sig = 1; sig <= KSIG_MAX; sig++)
		if (settable(sig) && sig != SIGCHLD && sig != keep)
			set_disp(sig, SIG_IGN);
	raw_disp(32, SIG_IGN);
	raw_disp(33, SIG_IGN);
}

static void unblock_all(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
}

/* ------------------------------------------------------------------ */
/* exec'd children of the population */

static void exec_self(char **argv)
{
	ADD(execs, 1);
	execv("/proc/self/exe", argv);
}

static void exec_child(unsigned int depth)
{
	char s[24], d[12];
	char *argv[] = { "churn", "--churn-exec", s, d, NULL };

	snprintf(s, sizeof(s), "%" PRIu64, rnd());
	snprintf(d, sizeof(d), "%u", depth);
	exec_self(argv);
	_exit(127);
}

static void *nap_thread(void *arg)
{
	nap_us((unsigned int)(uintptr_t)arg);
	return NULL;
}

static bool start_thread(pthread_t *t, void *(*fn)(void *), void *arg,
			 bool detach)
{
	pthread_attr_t attr;
	int err;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	if (detach)
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	err = pthread_create(t, &attr, fn, arg);
	pthread_attr_destroy(&attr);
	if (err)
		return false;
	ADD(threads, 1);
	return true;
}

/* churn --churn-exec SEED DEPTH */
static int exec_mode(int argc, char **argv)
{
	unsigned int depth;
	pthread_t t;
	pid_t p;

	if (argc < 4)
		return 2;
	shm_attach();
	rseed(strtoull(argv[2], NULL, 10));
	depth = atoi(argv[3]);
	random_dispositions(rn(4) == 0);
	ADD(ops, 1);
	nap_ms(0, 20);
	switch (rn(4)) {
	case 0:
		p = fork();
		if (p == 0)
			_exit(rn(256));
		if (p > 0) {
			ADD(forks, 1);
			waitpid(p, NULL, 0);
		}
		break;
	case 1:
		if (start_thread(&t, nap_thread, (void *)(uintptr_t)rr(0, 5000),
				 false))
			pthread_join(t, NULL);
		break;
	}
	if (depth > 0 && rn(2))
		exec_child(depth - 1);
	_exit(rn(256));
}

/* ------------------------------------------------------------------ */
/* population */

static void sigmask_churn(void)
{
	unsigned int i, n = rr(5, 30);
	int sig;

	for (i = 0; i < n; i++) {
		sigset_t set;

		sigemptyset(&set);
		for (sig = 1; sig <= KSIG_MAX; sig++)
			if (rn(2))
				sigaddset(&set, sig);
		sigprocmask(SIG_SETMASK, &set, NULL);
		nap_us(rr(200, 2000));
	}
	unblock_all();
}

static void pop_child(unsigned int kind)
{
	pthread_t t[3];
	unsigned int i, n, ok = 0;
	pid_t p;

	random_dispositions(rn(4) == 0);
	ADD(ops, 1);
	switch (kind) {
	case 0:
		_exit(rn(256));
	case 1:
		exec_child(rn(4));
		break;
	case 2:
		n = rr(1, 3);
		for (i = 0; i < n; i++)
			if (start_thread(&t[ok], nap_thread,
					 (void *)(uintptr_t)rr(0, 20000), false))
				ok++;
		switch (rn(3)) {
		case 0:
			for (i = 0; i < ok; i++)
				pthread_join(t[i], NULL);
			_exit(0);
		case 1:
			_exit(0);
		default:
			pthread_exit(NULL);
		}
	case 3:
		sigmask_churn();
		_exit(0);
	default:
		/* Linger, sometimes leaving an orphan to the main process. */
		if (rn(4) == 0) {
			p = fork();
			if (p == 0) {
				nap_ms(0, 100);
				_exit(0);
			}
			if (p > 0)
				ADD(forks, 1);
		}
		nap_ms(10, 200);
		_exit(0);
	}
	_exit(0);
}

static void worker_main(void)
{
	unsigned int kids = 0;

	join_cgroup(cg_leaves[rn(NR_LEAVES)]);
	random_dispositions(false);
	for (;;) {
		pid_t p;

		while ((p = waitpid(-1, NULL, WNOHANG)) > 0)
			if (kids)
				kids--;
		if (p < 0 && errno == ECHILD)
			kids = 0;
		if (kids < MAX_KIDS) {
			uint64_t cs = rnd();
			unsigned int kind = rn(5);

			p = fork();
			if (p == 0) {
				rseed(cs);
				pop_child(kind);
			}
			if (p > 0) {
				kids++;
				ADD(forks, 1);
			} else {
				ADD(fork_failures, 1);
			}
		}
		ADD(ops, 1);
		nap_us(rr(500, 5000));
	}
}

/* ------------------------------------------------------------------ */
/* thread-group churner: churn --churn-tg SEED GEN END_MS */

static int tg_alive;
static unsigned int tg_gen;
static int64_t tg_end;

static void *tg_thread(void *arg);

static void tg_spawn(void)
{
	pthread_t t;

	__atomic_add_fetch(&tg_alive, 1, __ATOMIC_RELAXED);
	if (!start_thread(&t, tg_thread, (void *)(uintptr_t)rnd(), true))
		__atomic_sub_fetch(&tg_alive, 1, __ATOMIC_RELAXED);
}

static void tg_exec(void)
{
	char s[24], g[12], e[24];
	char *argv[] = { "churn", "--churn-tg", s, g, e, NULL };

	snprintf(s, sizeof(s), "%" PRIu64, rnd());
	snprintf(g, sizeof(g), "%u", tg_gen + 1);
	snprintf(e, sizeof(e), "%" PRId64, tg_end);
	exec_self(argv);
}

static void *tg_thread(void *arg)
{
	rseed((uint64_t)(uintptr_t)arg);
	for (;;) {
		unsigned int r;

		nap_us(rr(1000, 10000));
		ADD(ops, 1);
		if (now_ms() > tg_end)
			_exit(0);
		r = rn(100);
		if (r < 4) {
			tg_exec();
		} else if (r < 15) {
			if (__atomic_load_n(&tg_alive, __ATOMIC_RELAXED) < 8)
				tg_spawn();
		} else if (r < 25) {
			if (__atomic_sub_fetch(&tg_alive, 1, __ATOMIC_RELAXED) >= 1)
				pthread_exit(NULL);
			__atomic_add_fetch(&tg_alive, 1, __ATOMIC_RELAXED);
		}
	}
	return NULL;
}

static void tg_main(unsigned int gen, int64_t end)
{
	unsigned int i, n = rr(2, 4);

	tg_gen = gen;
	tg_end = end;
	random_dispositions(false);
	for (i = 0; i < n; i++)
		tg_spawn();
	if (rn(4)) {
		/* The leader becomes a zombie while its threads run and exec. */
		pthread_exit(NULL);
	}
	__atomic_add_fetch(&tg_alive, 1, __ATOMIC_RELAXED);
	tg_thread((void *)(uintptr_t)rnd());
}

static int tg_mode(int argc, char **argv)
{
	if (argc < 5)
		return 2;
	shm_attach();
	rseed(strtoull(argv[2], NULL, 10));
	tg_main(atoi(argv[3]), strtoll(argv[4], NULL, 10));
	return 0;
}

/* ------------------------------------------------------------------ */
/* writer */

static int target_sig_excluded(const char *cg, int sig)
{
	/* The subreaper blocks its notice signal: leave it its own. */
	return sig == SIGRTMIN + 1 && (!cg[0] || !strcmp(cg, "/r"));
}

static const char *pick_target(void)
{
	unsigned int r = rn(100);

	if (r < 80)
		return cg_dirs[1 + rn(NR_TREE)];
	if (r < 90)
		return rn(2) ? "/r/s" : "/n/s";
	if (r < 97)
		return rn(2) ? "/r" : "/n";
	return "";
}

static bool pid_in_subtree(pid_t pid, const char *cg)
{
	char path[64], buf[512], want[256], *line;
	ssize_t n;
	int fd, wl;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = 0;
	line = strstr(buf, "0::");
	if (!line)
		return false;
	line += 3;
	wl = snprintf(want, sizeof(want), "/fuzz-churn%s", cg);
	if (strncmp(line, want, wl))
		return false;
	return line[wl] == '\n' || line[wl] == '/' || !line[wl];
}

/* Without cgroup.signal: signal the subtree's processes by pidfd. */
static void kill_subtree(const char *cg, int sig)
{
	static char buf[65536];
	size_t cl = strlen(cg), i;

	for (i = 0; i < NR_CG; i++) {
		const char *d = cg_dirs[i];
		char path[256], *p, *end;
		ssize_t n;
		int fd;

		if (strncmp(d, cg, cl) || (d[cl] && d[cl] != '/'))
			continue;
		cg_path(path, sizeof(path), d, "cgroup.procs");
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = 0;
		for (p = buf; *p; p = end) {
			long pid = strtol(p, &end, 10);
			int pfd;

			if (end == p)
				break;
			pfd = syscall(__NR_pidfd_open, (pid_t)pid, 0);
			if (pfd < 0)
				continue;	/* gone */
			/* The pidfd pins the process the pid names now. */
			if (pid_in_subtree(pid, cg) &&
			    syscall(__NR_pidfd_send_signal, pfd, sig, NULL, 0) &&
			    errno != ESRCH)
				fail("writer: pidfd_send_signal(%ld, %d): %s",
				     pid, sig, strerror(errno));
			close(pfd);
		}
	}
}

/* A valid write failed with ERR: an error unless the documentation allows it. */
static void check_valid_write(const char *cg, const char *file,
			      const char *val, int err)
{
	if (!err)
		return;
	if (err == ENOMEM) {
		note("writer: %s to %s/%s: %s", val, cg, file, strerror(err));
		return;
	}
	/* ENOENT, ENODEV: the cgroup was removed, not by churn. */
	if ((err == ENOENT || err == ENODEV) && !cg_exists(cg)) {
		note("writer: %s%s vanished", CG, cg);
		return;
	}
	fail("writer: writing \"%s\" to %s%s/%s failed: %s", val, CG, cg, file,
	     strerror(err));
}

static void write_kill(const char *cg)
{
	int err = cg_write(cg, "cgroup.kill", "1", 1);

	check_valid_write(cg, "cgroup.kill", "1", err);
	if (!err)
		ADD(kills_written, 1);
}

static void send_sig(const char *cg, int sig)
{
	/* "015" is 15, white space around the number is allowed. */
	static const char *const fmts[] = { "%d", "%d\n", "%03d", " %d \n" };
	char val[32];
	int err;

	if (shm->have_signal) {
		snprintf(val, sizeof(val), fmts[rn(4)], sig);
		err = cg_write(cg, "cgroup.signal", val, strlen(val));
		check_valid_write(cg, "cgroup.signal", val, err);
		if (!err) {
			if (sig == SIGKILL)
				ADD(kills_written, 1);
			else
				ADD(signals_written, 1);
		}
	} else if (sig == SIGKILL) {
		write_kill(cg);
	} else {
		kill_subtree(cg, sig);
		ADD(signals_written, 1);
	}
}

struct bad_value {
	const char *val;
	int err;
};

/*
 * cgroup-v2.rst: EINVAL when not a decimal integer, ERANGE when not a
 * signal number. The empty value is "\n" or blanks; a write of 0 bytes
 * writes no value, and every cgroup file returns 0 for it (err 0 here:
 * it must succeed, and it sends nothing).
 */
static const struct bad_value bad_signal[] = {
	{ "0", ERANGE }, { "65", ERANGE }, { "-1", ERANGE },
	{ "99999999999", ERANGE }, { "abc", EINVAL }, { "\n", EINVAL },
	{ "  ", EINVAL }, { "15x", EINVAL }, { "0x0f", EINVAL },
	{ "1 2", EINVAL }, { "", 0 },
};

/* cgroup.kill: only "1"; the kernel says ERANGE or EINVAL otherwise. */
static const struct bad_value bad_kill[] = {
	{ "0", ERANGE }, { "2", ERANGE }, { "-1", ERANGE }, { "abc", EINVAL },
	{ "\n", EINVAL }, { "", 0 },
};

static void write_invalid(const char *cg)
{
	const struct bad_value *b;
	const char *file;
	int err;

	if (shm->have_signal && rn(4)) {
		file = "cgroup.signal";
		b = &bad_signal[rn(ARRAY_SIZE(bad_signal))];
	} else {
		file = "cgroup.kill";
		b = &bad_kill[rn(ARRAY_SIZE(bad_kill))];
	}
	err = cg_write(cg, file, b->val, strlen(b->val));
	ADD(invalid_writes, 1);
	if (!err && b->err)
		fail("writer: %s%s/%s accepted the invalid value \"%s\"", CG,
		     cg, file, b->val);
	else if (err && !b->err)
		fail("writer: a write of 0 bytes to %s%s/%s failed: %s", CG,
		     cg, file, strerror(err));
	else if (err != b->err && !((err == ENOENT || err == ENODEV) &&
				    !cg_exists(cg)))
		fail("writer: invalid value \"%s\" to %s%s/%s failed with %s, documented: %s",
		     b->val, CG, cg, file, strerror(err), strerror(b->err));
}

static int pick_sig(const char *cg)
{
	int sig;

	do {
		sig = rr(1, KSIG_MAX);
	} while ((sig == SIGSTOP && rn(4)) || target_sig_excluded(cg, sig));
	return sig;
}

static void writer_main(void)
{
	unsigned long nwrites = 0;

	ignore_all(0);
	while (!__atomic_load_n(&shm->stopping, __ATOMIC_RELAXED)) {
		const char *cg = pick_target();
		unsigned int r = rn(100);
		int sig, err;

		if (r < 5) {
			write_kill(cg);
		} else if (r < 12) {
			write_invalid(cg);
		} else if (r < 14) {
			err = cg_write(cg, "cgroup.freeze", "1", 1);
			check_valid_write(cg, "cgroup.freeze", "1", err);
			nap_ms(5, 50);
			if (rn(2))
				send_sig(cg, pick_sig(cg));
			err = cg_write(cg, "cgroup.freeze", "0", 1);
			check_valid_write(cg, "cgroup.freeze", "0", err);
		} else {
			sig = pick_sig(cg);
			send_sig(cg, sig);
			if (sig >= SIGSTOP && sig <= SIGTTOU) {
				/* SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU */
				nap_ms(1, 20);
				send_sig(cg, SIGCONT);
			}
		}
		if (++nwrites % 100 == 0)
			send_sig("", SIGCONT);
		ADD(ops, 1);
		nap_ms(1, 20);
	}
	_exit(0);
}

/* ------------------------------------------------------------------ */
/* reapers: the main process, the subreaper, the namespace init */

enum rmode { RM_FD, RM_HANDLER, RM_IGNORE, RM_DFL };

struct reaper {
	const char *who;
	int sfd;
	int sig;
	int sig_last;		/* notices come by sig..sig_last */
	enum rmode mode;
	bool armed;
	pid_t self;
	/*
	 * One storm at a time: every SI_ADOPTED notice must name the storm's
	 * child, storm, as its former parent (all its notices are read
	 * before it is reaped), and there is none while storm is 0.
	 */
	bool one_storm;
	pid_t storm;
	unsigned long notices, lost;
	unsigned long h_seen_notices, h_seen_lost, h_seen_bad, h_seen_foreign;
};

typedef void (*reaped_fn)(pid_t pid, int code, int status);

static volatile sig_atomic_t got_term;
static volatile unsigned long h_notices, h_lost, h_bad, h_foreign;

static void notice_handler(int sig, siginfo_t *si, void *uc)
{
	uint32_t lost;

	(void)sig;
	(void)uc;
	/* si_ppid is at si_status, si_lost in the 32 bits after it. */
	memcpy(&lost, (char *)&si->si_status + sizeof(int), sizeof(lost));
	if (si->si_code == SI_ADOPTED) {
		h_notices++;
		if (si->si_pid <= 0 || lost || !si->si_status)
			h_bad++;
	} else if (si->si_code == SI_ADOPTLOST) {
		h_lost += lost;
		if (si->si_pid || !lost)
			h_bad++;
	} else if (si->si_code > 0) {
		h_bad++;
	} else {
		h_foreign++;
	}
}

static void reaper_arm(struct reaper *r)
{
	int v = -1;

	if (!shm->have_adopt || r->armed)
		return;
	if (prctl(PR_SET_ADOPTSIG, r->sig, 0, 0, 0)) {
		/* EAGAIN: RLIMIT_SIGPENDING is used up; try again later. */
		if (errno != EAGAIN)
			fail("%s: PR_SET_ADOPTSIG %d: %s", r->who, r->sig,
			     strerror(errno));
		return;
	}
	if (prctl(PR_GET_ADOPTSIG, &v, 0, 0, 0) || v != r->sig)
		fail("%s: PR_GET_ADOPTSIG gives %d (%s) after setting %d",
		     r->who, v, strerror(errno), r->sig);
	r->armed = true;
}

/* Before any PR_SET_ADOPTSIG of this program: fork and exec leave it off. */
static void reaper_check_off(const char *who, const char *after)
{
	int v = -1;

	if (!shm->have_adopt)
		return;
	if (prctl(PR_GET_ADOPTSIG, &v, 0, 0, 0))
		fail("%s: PR_GET_ADOPTSIG: %s", who, strerror(errno));
	else if (v)
		fail("%s: PR_GET_ADOPTSIG gives %d after %s, not 0", who, v,
		     after);
}

static void reaper_setup(struct reaper *r, const char *who, int sig,
			 enum rmode mode, const sigset_t *extra)
{
	struct sigaction sa;
	sigset_t set;

	r->who = who;
	r->sig = sig;
	r->sig_last = sig;
	r->mode = mode;
	r->armed = false;
	r->self = getpid();
	sigemptyset(&set);
	if (extra)
		set = *extra;
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, sig);
	sigprocmask(SIG_BLOCK, &set, NULL);
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	switch (mode) {
	case RM_FD:
		/* Blocked: pending for the signalfd, at SIG_DFL or SIG_IGN. */
		sa.sa_handler = rn(3) ? SIG_DFL : SIG_IGN;
		break;
	case RM_HANDLER:
		sa.sa_sigaction = notice_handler;
		sa.sa_flags = SA_SIGINFO | SA_RESTART;
		break;
	case RM_IGNORE:
		sa.sa_handler = SIG_IGN;
		break;
	case RM_DFL:
		sa.sa_handler = SIG_DFL;
		break;
	}
	sigaction(sig, &sa, NULL);
	if (mode != RM_FD) {
		sigset_t one;

		sigdelset(&set, sig);
		sigemptyset(&one);
		sigaddset(&one, sig);
		sigprocmask(SIG_UNBLOCK, &one, NULL);
	}
	r->sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (r->sfd < 0) {
		fail("%s: signalfd: %s", who, strerror(errno));
		_exit(1);
	}
	reaper_arm(r);
}

static void reaper_notice(struct reaper *r, const struct adopt_sfd_info *si)
{
	siginfo_t w;

	if (si->ssi_signo == SIGTERM || si->ssi_signo == SIGINT ||
	    si->ssi_signo == SIGHUP) {
		got_term = si->ssi_signo;
		return;
	}
	if (si->ssi_signo < (uint32_t)r->sig ||
	    si->ssi_signo > (uint32_t)r->sig_last)
		return;			/* SIGCHLD: reaped by reaper_reap() */
	switch (si->ssi_code) {
	case SI_ADOPTED:
		r->notices++;
		ADD(notices, 1);
		if ((int32_t)si->ssi_pid <= 0 || si->ssi_uid || si->ssi_lost ||
		    !si->ssi_ppid || si->ssi_ppid == (uint32_t)r->self ||
		    si->ssi_pid == (uint32_t)r->self) {
			fail("%s: bad SI_ADOPTED notice: pid %u uid %u ppid %u lost %u",
			     r->who, si->ssi_pid, si->ssi_uid, si->ssi_ppid,
			     si->ssi_lost);
			break;
		}
		if (r->one_storm && si->ssi_ppid != (uint32_t)r->storm)
			fail("%s: SI_ADOPTED notice for pid %u names ppid %u, not the storm's child %d",
			     r->who, si->ssi_pid, si->ssi_ppid, r->storm);
		/*
		 * Two-step reaping (waitid WNOWAIT, read the notices, reap)
		 * means a notice names a child not reaped yet.
		 */
		memset(&w, 0, sizeof(w));
		if (waitid(P_PID, si->ssi_pid, &w,
			   WEXITED | WNOHANG | WNOWAIT | __WALL) &&
		    errno == ECHILD)
			fail("%s: SI_ADOPTED notice names pid %u (ppid %u), which is not its child",
			     r->who, si->ssi_pid, si->ssi_ppid);
		break;
	case SI_ADOPTLOST:
		r->lost += si->ssi_lost;
		ADD(lost, si->ssi_lost);
		if (si->ssi_pid || si->ssi_uid || si->ssi_ppid || !si->ssi_lost)
			fail("%s: bad SI_ADOPTLOST notice: pid %u uid %u ppid %u lost %u",
			     r->who, si->ssi_pid, si->ssi_uid, si->ssi_ppid,
			     si->ssi_lost);
		break;
	default:
		/* Sent by someone (the writer): SI_USER, SI_QUEUE, ... */
		if (si->ssi_code > 0)
			fail("%s: signal %u with si_code %#x", r->who,
			     si->ssi_signo, si->ssi_code);
		else
			ADD(foreign, 1);
	}
}

static void reaper_sync_handler(struct reaper *r)
{
	unsigned long n = h_notices, l = h_lost, b = h_bad, f = h_foreign;

	if (n != r->h_seen_notices) {
		ADD(notices, n - r->h_seen_notices);
		r->notices += n - r->h_seen_notices;
		r->h_seen_notices = n;
	}
	if (l != r->h_seen_lost) {
		ADD(lost, l - r->h_seen_lost);
		r->lost += l - r->h_seen_lost;
		r->h_seen_lost = l;
	}
	if (f != r->h_seen_foreign) {
		ADD(foreign, f - r->h_seen_foreign);
		r->h_seen_foreign = f;
	}
	if (b != r->h_seen_bad) {
		fail("%s: %lu bad notices in the handler", r->who,
		     b - r->h_seen_bad);
		r->h_seen_bad = b;
	}
}

static void reaper_drain(struct reaper *r)
{
	struct adopt_sfd_info buf[16];

	for (;;) {
		ssize_t n = read(r->sfd, buf, sizeof(buf));
		size_t i;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				fail("%s: read signalfd: %s", r->who,
				     strerror(errno));
			break;
		}
		for (i = 0; i < (size_t)n / sizeof(buf[0]); i++)
			reaper_notice(r, &buf[i]);
	}
	if (r->mode == RM_HANDLER)
		reaper_sync_handler(r);
}

/* Reap every exited child, reading the notices before each reap. */
static void reaper_reap(struct reaper *r, reaped_fn cb)
{
	for (;;) {
		siginfo_t w;
		pid_t pid;

		memset(&w, 0, sizeof(w));
		if (waitid(P_ALL, 0, &w, WEXITED | WNOHANG | WNOWAIT | __WALL)) {
			if (errno == EINTR)
				continue;
			if (errno != ECHILD)
				fail("%s: waitid: %s", r->who, strerror(errno));
			return;
		}
		if (!w.si_pid)
			return;
		pid = w.si_pid;
		/* Still a zombie: its notices and its orphans' are pending. */
		reaper_drain(r);
		memset(&w, 0, sizeof(w));
		if (waitid(P_PID, pid, &w, WEXITED | WNOHANG | __WALL) ||
		    w.si_pid != pid) {
			fail("%s: cannot reap zombie %d: %s", r->who, pid,
			     strerror(errno));
			return;
		}
		if (cb)
			cb(pid, w.si_code, w.si_status);
	}
}

/* Wait up to MS for the signalfd, then read and reap. */
static void reaper_wait(struct reaper *r, int ms, reaped_fn cb)
{
	struct pollfd pfd = { .fd = r->sfd, .events = POLLIN };

	if (poll(&pfd, 1, ms) < 0 && errno != EINTR)
		fail("%s: poll: %s", r->who, strerror(errno));
	reaper_drain(r);
	reaper_reap(r, cb);
	reaper_arm(r);
}

/* ------------------------------------------------------------------ */
/* orphan storms */

static void orphan_main(void)
{
	pid_t p;

	ADD(ops, 1);
	switch (rn(4)) {
	case 0:
		_exit(0);
	case 1:
		/* An orphan that orphans one of its own. */
		p = fork();
		if (p == 0) {
			nap_ms(0, 30);
			_exit(0);
		}
		if (p > 0) {
			ADD(forks, 1);
			ADD(orphans, 1);
		}
		nap_ms(0, 10);
		_exit(0);
	default:
		nap_ms(0, 50);
		_exit(0);
	}
}

/*
 * A child that forks 1..200 grandchildren (one in 8 with CLONE_PARENT,
 * which hands them to the caller at once) and exits: the caller adopts
 * them. One in 4 lowers its RLIMIT_SIGPENDING first, so that notices are
 * lost. Returns the child's pid or 0.
 */
static pid_t spawn_storm(const char *cg, int sfd)
{
	uint64_t cs = rnd();
	unsigned int i, n;
	pid_t p = fork();

	if (p < 0) {
		ADD(fork_failures, 1);
		return 0;
	}
	if (p > 0) {
		ADD(forks, 1);
		return p;
	}
	rseed(cs);
	close(sfd);
	unblock_all();
	random_dispositions(rn(4) == 0);
	if (join_cgroup(cg))
		_exit(0);
	if (rn(4) == 0) {
		/*
		 * Its notices are charged to its own RLIMIT_SIGPENDING: a
		 * low one loses some, for an SI_ADOPTLOST notice.
		 */
		struct rlimit rl;

		rl.rlim_cur = rl.rlim_max = rr(0, 32);
		setrlimit(RLIMIT_SIGPENDING, &rl);
	}
	n = rr(1, 200);
	for (i = 0; i < n; i++) {
		uint64_t gs = rnd();

		if (rn(8) == 0)
			/* Raw clone: the child only naps and _exit()s. */
			p = syscall(SYS_clone, CLONE_PARENT | SIGCHLD, 0, 0, 0,
				    0);
		else
			p = fork();
		if (p == 0) {
			rseed(gs);
			orphan_main();
		}
		if (p < 0) {
			ADD(fork_failures, 1);
			break;
		}
		ADD(forks, 1);
		ADD(orphans, 1);
	}
	_exit(0);
}

/* ------------------------------------------------------------------ */
/* subreaper: churn --churn-subreaper SEED GEN NOTICES LOST STORM */

static pid_t sr_storm;

static void sr_reaped(pid_t pid, int code, int status)
{
	(void)code;
	(void)status;
	if (pid == sr_storm)
		sr_storm = 0;
}

static void subreaper_main(unsigned int gen, unsigned long notices,
			   unsigned long lost, pid_t storm)
{
	struct reaper r;
	unsigned int m = rn(100);
	int64_t t_exec = now_ms() + rr(1500, 2500);
	int sig = SIGRTMIN + 1;

	memset(&r, 0, sizeof(r));
	sr_storm = storm;
	ignore_all(sig);
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))
		fail("subreaper: PR_SET_CHILD_SUBREAPER: %s", strerror(errno));
	reaper_check_off("subreaper", gen ? "execve" : "fork");
	reaper_setup(&r, "subreaper", sig,
		     m < 60 ? RM_FD : m < 85 ? RM_HANDLER : RM_IGNORE, NULL);
	r.notices = notices;
	r.lost = lost;
	if (gen && gen % 30 == 0)
		say(": subreaper generation %u, notices=%lu lost=%lu", gen,
		    r.notices, r.lost);
	for (;;) {
		ADD(ops, 1);
		if (!sr_storm)
			sr_storm = spawn_storm("/r/s", r.sfd);
		reaper_wait(&r, rr(2, 10), sr_reaped);
		if (now_ms() >= t_exec) {
			char s[24], g[12], no[24], lo[24], st[12];
			char *argv[] = { "churn", "--churn-subreaper", s, g, no,
					 lo, st, NULL };

			snprintf(s, sizeof(s), "%" PRIu64, rnd());
			snprintf(g, sizeof(g), "%u", gen + 1);
			snprintf(no, sizeof(no), "%lu", r.notices);
			snprintf(lo, sizeof(lo), "%lu", r.lost);
			snprintf(st, sizeof(st), "%d", sr_storm);
			if (r.mode != RM_FD && rn(2)) {
				/* Keep the notices pending across the exec. */
				sigset_t one;

				sigemptyset(&one);
				sigaddset(&one, sig);
				sigprocmask(SIG_BLOCK, &one, NULL);
			}
			ADD(reexecs, 1);
			exec_self(argv);
			note("subreaper: execv: %s", strerror(errno));
			t_exec = now_ms() + 2000;
		}
	}
}

static int subreaper_mode(int argc, char **argv)
{
	if (argc < 7)
		return 2;
	shm_attach();
	rseed(strtoull(argv[2], NULL, 10));
	subreaper_main(atoi(argv[3]), strtoul(argv[4], NULL, 10),
		       strtoul(argv[5], NULL, 10), atoi(argv[6]));
	return 0;
}

/* ------------------------------------------------------------------ */
/* pid namespace init and its parent */

static volatile sig_atomic_t init_hits[KSIG_MAX + 1];

static void init_handler(int sig)
{
	init_hits[sig]++;
}

static const int init_handled[] = { SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2 };
/* At SIG_DFL, fatal for another process; its own are discarded. */
static const int init_dfl[] = {
	SIGQUIT, SIGALRM, SIGPROF, SIGVTALRM, SIGXCPU, SIGSEGV, SIGKILL,
	SIGSTOP, SIGTSTP, SIGABRT,
};

static pid_t init_storm;

static void init_reaped(pid_t pid, int code, int status)
{
	(void)code;
	(void)status;
	if (pid == init_storm)
		init_storm = 0;
}

static void init_end_selfkill(pid_t parent, unsigned int gen)
{
	sigset_t one;
	bool ok;

	ok = prctl(PR_SET_INIT_SELFKILL, 1, 0, 0, 0) == 0;
	if (!ok && shm->selfkill_state == 1)
		fail("ns init: PR_SET_INIT_SELFKILL 1: %s", strerror(errno));
	shm->exp_parent = parent;
	shm->exp_gen = gen;
	shm->exp_sig = ok ? SIGTERM : 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	set_disp(SIGTERM, SIG_DFL);
	sigemptyset(&one);
	sigaddset(&one, SIGTERM);
	sigprocmask(SIG_UNBLOCK, &one, NULL);
	kill(getpid(), SIGTERM);	/* ends the init after the prctl */
	_exit(128 + SIGTERM);		/* without it: discarded */
}

static void nsinit_main(pid_t parent, unsigned int gen)
{
	struct reaper r;
	int64_t end = now_ms() + rr(1000, 6000);
	bool selfkill = false;
	unsigned int m = rn(100), i;
	int sig = SIGRTMIN + 2, v;

	memset(&r, 0, sizeof(r));
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (getpid() != 1)
		fail("ns init: getpid() is %d, not 1", getpid());
	ADD(init_runs, 1);
	/* Its parent ignores everything; the init keeps SIG_DFL instead. */
	for (v = 1; v <= KSIG_MAX; v++)
		if (settable(v))
			set_disp(v, SIG_DFL);
	raw_disp(32, SIG_DFL);
	raw_disp(33, SIG_DFL);
	for (i = 0; i < ARRAY_SIZE(init_handled); i++)
		set_disp(init_handled[i], init_handler);
	set_disp(SIGPIPE, SIG_IGN);
	unblock_all();
	reaper_check_off("ns init", "fork");
	reaper_setup(&r, "ns init", sig,
		     m < 50 ? RM_FD : m < 70 ? RM_HANDLER : m < 80 ? RM_IGNORE :
		     RM_DFL, NULL);

	v = prctl(PR_GET_INIT_SELFKILL, 0, 0, 0, 0);
	if (v < 0 && errno == EINVAL) {
		if (__atomic_exchange_n(&shm->selfkill_state, 2,
					__ATOMIC_RELAXED) != 2)
			say(": no PR_SET_INIT_SELFKILL (unpatched kernel)");
	} else if (v != 0) {
		fail("ns init: PR_GET_INIT_SELFKILL gives %d (%s) in a new init",
		     v, v < 0 ? strerror(errno) : "not 0");
	} else {
		shm->selfkill_state = 1;
	}

	while (now_ms() < end) {
		int s, before;

		ADD(ops, 1);
		if (!init_storm && rn(3))
			init_storm = spawn_storm("/n/s", r.sfd);
		switch (rn(12)) {
		case 0:
		case 1:
			/* Its own signal with a handler runs the handler. */
			s = init_handled[rn(ARRAY_SIZE(init_handled))];
			before = init_hits[s];
			if (kill(1, s))
				fail("ns init: kill(1, %d): %s", s,
				     strerror(errno));
			else if (init_hits[s] == before)
				fail("ns init: kill(1, %d) returned, its handler did not run (selfkill %d)",
				     s, selfkill);
			break;
		case 2:
			/* Its own at SIG_DFL: discarded unless opted in. */
			if (selfkill)
				break;
			s = init_dfl[rn(ARRAY_SIZE(init_dfl))];
			if (kill(1, s))
				fail("ns init: kill(1, %d): %s", s,
				     strerror(errno));
			break;
		case 3:
			if (shm->selfkill_state != 1)
				break;
			if (prctl(PR_SET_INIT_SELFKILL, !selfkill, 0, 0, 0)) {
				fail("ns init: PR_SET_INIT_SELFKILL %d: %s",
				     !selfkill, strerror(errno));
				break;
			}
			selfkill = !selfkill;
			v = prctl(PR_GET_INIT_SELFKILL, 0, 0, 0, 0);
			if (v != selfkill)
				fail("ns init: PR_GET_INIT_SELFKILL gives %d after setting %d",
				     v, selfkill);
			break;
		case 4:
			if (kill(-1, rn(2) ? SIGUSR2 : SIGTERM) &&
			    errno != ESRCH)
				fail("ns init: kill(-1): %s", strerror(errno));
			break;
		case 5:
			/* An init may not make siblings: EINVAL. */
			s = syscall(SYS_clone, CLONE_PARENT | SIGCHLD, 0, 0, 0,
				    0);
			if (s == 0)
				_exit(0);
			if (s > 0)
				fail("ns init: clone(CLONE_PARENT) succeeded (pid %d)",
				     s);
			else if (errno != EINVAL)
				fail("ns init: clone(CLONE_PARENT): %s, not EINVAL",
				     strerror(errno));
			break;
		}
		reaper_wait(&r, rr(2, 10), init_reaped);
	}

	switch (rn(3)) {
	case 0:
		_exit(0);	/* the kernel kills the rest of the namespace */
	case 1:
		kill(-1, SIGKILL);
		end = now_ms() + 5000;
		while (now_ms() < end) {
			siginfo_t w;

			memset(&w, 0, sizeof(w));
			if (waitid(P_ALL, 0, &w,
				   WEXITED | WNOHANG | WNOWAIT | __WALL) &&
			    errno == ECHILD)
				break;
			reaper_wait(&r, 10, NULL);
		}
		_exit(0);
	default:
		if (shm->selfkill_state == 1)
			init_end_selfkill(parent, gen);
		_exit(0);
	}
}

static void check_init_status(pid_t me, unsigned int gen, int st)
{
	bool mine = shm->exp_parent == me && shm->exp_gen == gen;
	int expected = mine ? shm->exp_sig : 0;

	if (WIFSIGNALED(st)) {
		int s = WTERMSIG(st);

		if (s == SIGKILL)
			return;		/* cgroup.kill, 9, PDEATHSIG */
		if (s == expected && expected) {
			ADD(selfkills, 1);
			return;
		}
		fail("ns init (generation %u) died of signal %d (%s)%s", gen,
		     s, strsignal(s), expected ?
		     " instead of its own SIGTERM" :
		     ", which it should have discarded or handled");
	} else if (WIFEXITED(st) && expected) {
		fail("ns init (generation %u) exited %d after PR_SET_INIT_SELFKILL and kill(1, %d): its own signal did not end it",
		     gen, WEXITSTATUS(st), expected);
	}
}

static void nsparent_main(void)
{
	pid_t me = getpid();
	unsigned int gen = 0;

	ignore_all(0);		/* before the writer can reach it */
	join_cgroup("/n");
	for (;;) {
		uint64_t cs;
		pid_t p;
		int st;

		gen++;
		shm->exp_parent = 0;
		cs = rnd();
		/*
		 * clone(CLONE_NEWPID), not unshare(): a process can unshare
		 * its children's pid namespace only once. The raw clone
		 * returns in the child like fork() (the init calls nothing
		 * that needs glibc's fork bookkeeping).
		 */
		p = syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
		if (p == 0) {
			rseed(cs);
			nsinit_main(me, gen);
			_exit(0);
		}
		if (p < 0) {
			if (errno != ENOMEM && errno != ENOSPC &&
			    errno != EUSERS && errno != EAGAIN)
				fail("ns parent: clone(CLONE_NEWPID): %s",
				     strerror(errno));
			ADD(fork_failures, 1);
			nap_ms(50, 100);
			continue;
		}
		ADD(forks, 1);
		while (waitpid(p, &st, 0) < 0)
			if (errno != EINTR) {
				fail("ns parent: waitpid: %s", strerror(errno));
				_exit(1);
			}
		check_init_status(me, gen, st);
		ADD(ops, 1);
		nap_ms(5, 50);
	}
}

/* ------------------------------------------------------------------ */
/* flip: a subreaper whose adoption signal changes all the time */

#define FLIP_SIG0	(SIGRTMIN + 4)	/* its notices: FLIP_SIG0..+2 */
#define FLIP_NSIG	3

static struct reaper fr;
static unsigned int flip_n;		/* grandchildren of the current storm */
static unsigned long flip_notices0, flip_lost0;
static int flip_cpu = -1;		/* the flipping thread's, or -1 */
static cpu_set_t flip_others;		/* the storms' CPUs */

/*
 * The only thread that sets the process's adoption signal after
 * reaper_setup(): to one of the three signals, to 0, to another one, as
 * fast as it can, while the main thread's storms hand orphans over on
 * another CPU. Documented: turning notices off and setting the signal
 * that is set already never fail, changing to another signal may fail
 * with EAGAIN, and a failed call leaves the setting as it was.
 */
static void *flip_thread(void *arg)
{
	int cur = -1, to, v = -1;

	rseed((uint64_t)(uintptr_t)arg);
	if (flip_cpu >= 0) {
		cpu_set_t one;

		CPU_ZERO(&one);
		CPU_SET(flip_cpu, &one);
		sched_setaffinity(0, sizeof(one), &one);	/* this thread */
	}
	if (prctl(PR_GET_ADOPTSIG, &cur, 0, 0, 0)) {
		fail("flip: PR_GET_ADOPTSIG: %s", strerror(errno));
		return NULL;
	}
	for (;;) {
		unsigned int r = rn(16);

		if (!cur || r < 4)
			to = FLIP_SIG0 + (int)rn(FLIP_NSIG);	/* may be cur */
		else
			to = 0;
		if (prctl(PR_SET_ADOPTSIG, to, 0, 0, 0)) {
			int err = errno;

			if (err != EAGAIN || !to || to == cur) {
				fail("flip: PR_SET_ADOPTSIG %d (set: %d): %s",
				     to, cur, strerror(err));
				return NULL;	/* the rest would repeat it */
			}
			if (prctl(PR_GET_ADOPTSIG, &v, 0, 0, 0) || v != cur)
				fail("flip: PR_GET_ADOPTSIG gives %d after PR_SET_ADOPTSIG %d failed with EAGAIN, not the %d set before",
				     v, to, cur);
			continue;
		}
		if (to != cur)
			ADD(flips, 1);
		cur = to;
		if (r == 15 &&
		    (prctl(PR_GET_ADOPTSIG, &v, 0, 0, 0) || v != cur))
			fail("flip: PR_GET_ADOPTSIG gives %d after setting %d",
			     v, cur);
	}
	return NULL;
}

#define FLIP_STACK	16384

/*
 * A grandchild of a storm: alive when it is handed over, dead just after
 * by its parent death signal; one that finds its parent gone already
 * exits. Run by fork() or on its own stack in its parent's memory.
 */
static int flip_orphan(void *parent)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (getppid() != (pid_t)(uintptr_t)parent)
		_exit(0);	/* handed over already */
	for (;;)
		pause();
	return 0;
}

/*
 * A child that makes 50..200 grandchildren and exits, handing them to the
 * flip process. Three storms in 4 make them with clone(2) and CLONE_VM
 * (separate processes, no CLONE_THREAD, in the child's memory), which
 * costs far less than fork() on a debug kernel, so that more are handed
 * over; the others fork() them. One storm in 4 lowers RLIMIT_SIGPENDING
 * first, so that notices are lost. Returns the child's pid or 0.
 */
static pid_t flip_storm(void)
{
	uint64_t cs = rnd();
	unsigned int i, n = rr(50, 200);
	bool low = rn(4) == 0, vm = rn(4) != 0;
	char *stacks = NULL;
	pid_t parent, p = fork();

	if (p < 0) {
		ADD(fork_failures, 1);
		return 0;
	}
	if (p > 0) {
		ADD(forks, 1);
		flip_n = n;
		flip_notices0 = fr.notices;
		flip_lost0 = fr.lost;
		return p;
	}
	rseed(cs);
	close(fr.sfd);
	unblock_all();
	random_dispositions(false);
	if (low) {
		struct rlimit rl;

		rl.rlim_cur = rl.rlim_max = rr(0, 32);
		setrlimit(RLIMIT_SIGPENDING, &rl);
	}
	parent = getpid();
	if (vm) {
		stacks = mmap(NULL, (size_t)n * FLIP_STACK,
			      PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
		if (stacks == MAP_FAILED)
			stacks = NULL;
	}
	for (i = 0; i < n; i++) {
		if (stacks)
			p = clone(flip_orphan,
				  stacks + (size_t)(i + 1) * FLIP_STACK,
				  CLONE_VM | CLONE_FS | CLONE_FILES |
				  CLONE_SIGHAND | SIGCHLD,
				  (void *)(uintptr_t)parent);
		else if ((p = fork()) == 0)
			flip_orphan((void *)(uintptr_t)parent);
		if (p < 0) {
			ADD(fork_failures, 1);
			break;
		}
		ADD(forks, 1);
		ADD(orphans, 1);
	}
	/*
	 * Hand them over from a CPU the flipping thread is not bound to (the
	 * call returns on one of those): the forks above ran anywhere.
	 */
	if (flip_cpu >= 0)
		sched_setaffinity(0, sizeof(flip_others), &flip_others);
	ADD(ops, 1);
	_exit(0);
}

static void flip_reaped(pid_t pid, int code, int status)
{
	unsigned long got;

	(void)code;
	(void)status;
	if (pid != fr.storm)
		return;
	fr.storm = 0;
	/*
	 * Its notices were all read before it was reaped: at most one
	 * notice or one loss per grandchild, none while the setting was 0.
	 */
	got = fr.notices - flip_notices0 + fr.lost - flip_lost0;
	if (got > flip_n)
		fail("flip: %lu notices and lost notices for a storm of at most %u orphans",
		     got, flip_n);
}

static void flip_main(void)
{
	cpu_set_t all;
	sigset_t extra;
	bool started = false;
	int i, s;

	memset(&fr, 0, sizeof(fr));
	/*
	 * Nice -10 for this thread, the flipping thread and the storms
	 * (inherited): at 0, among the other components, a storm got a tenth
	 * of the guest's forks and the flipping thread a sixth of its CPU.
	 */
	setpriority(PRIO_PROCESS, 0, -10);
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))
		fail("flip: PR_SET_CHILD_SUBREAPER: %s", strerror(errno));
	reaper_check_off("flip", "fork");
	sigemptyset(&extra);
	for (s = FLIP_SIG0 + 1; s < FLIP_SIG0 + FLIP_NSIG; s++)
		sigaddset(&extra, s);
	reaper_setup(&fr, "flip", FLIP_SIG0, RM_FD, &extra);
	fr.sig_last = FLIP_SIG0 + FLIP_NSIG - 1;
	fr.armed = true;	/* from now on, only the flipping thread sets it */
	fr.one_storm = true;
	/* Blocked like the first: pending for the signalfd. */
	for (s = FLIP_SIG0 + 1; s < FLIP_SIG0 + FLIP_NSIG; s++)
		set_disp(s, rn(3) ? SIG_DFL : SIG_IGN);

	/* The flipping thread on one CPU, the storms' exits on the others. */
	if (sched_getaffinity(0, sizeof(all), &all) == 0 &&
	    CPU_COUNT(&all) >= 2) {
		int k = (int)rn(CPU_COUNT(&all));

		for (i = 0; i < CPU_SETSIZE; i++)
			if (CPU_ISSET(i, &all) && k-- == 0)
				break;
		flip_cpu = i;
		flip_others = all;
		CPU_CLR(i, &flip_others);
	}

	for (;;) {
		pthread_t t;

		ADD(ops, 1);
		/* The thread inherits the blocked notice signals. */
		if (!started && shm->have_adopt)
			started = start_thread(&t, flip_thread,
					       (void *)(uintptr_t)rnd(), true);
		if (!fr.storm)
			fr.storm = flip_storm();
		reaper_wait(&fr, rr(2, 10), flip_reaped);
	}
}

/* ------------------------------------------------------------------ */
/* main process */

enum {
	C_WORKER0,
	C_WRITER = C_WORKER0 + NR_WORKERS,
	C_SUBREAPER,
	C_NSPARENT,
	C_TG,
	C_FLIP,
	C_NR
};

static pid_t comp_pid[C_NR];
static int64_t comp_last[C_NR];
static struct reaper mr;
static uint64_t seed;

static const char *comp_name(int c)
{
	switch (c) {
	case C_WRITER:
		return "writer";
	case C_SUBREAPER:
		return "subreaper";
	case C_NSPARENT:
		return "ns parent";
	case C_TG:
		return "thread-group churner";
	case C_FLIP:
		return "flip";
	}
	return "worker";
}

static void child_setup(void)
{
	close(mr.sfd);
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (getppid() != main_pid)
		_exit(0);
	set_disp(SIGTERM, SIG_DFL);
	set_disp(SIGINT, SIG_DFL);
	set_disp(SIGHUP, SIG_DFL);
	set_disp(mr.sig, SIG_DFL);
	unblock_all();
}

static void spawn(int c)
{
	uint64_t cs = rnd();
	pid_t p;

	comp_last[c] = now_ms();
	p = fork();
	if (p < 0) {
		ADD(fork_failures, 1);
		return;
	}
	if (p > 0) {
		ADD(forks, 1);
		comp_pid[c] = p;
		return;
	}
	rseed(cs);
	child_setup();
	switch (c) {
	case C_WRITER:
		writer_main();
		break;
	case C_SUBREAPER:
		ignore_all(SIGRTMIN + 1);	/* before the writer can reach it */
		if (join_cgroup("/r"))
			_exit(0);
		subreaper_main(0, 0, 0, 0);
		break;
	case C_NSPARENT:
		nsparent_main();
		break;
	case C_TG:
		if (join_cgroup(cg_leaves[rn(NR_LEAVES)]))
			_exit(0);
		tg_main(0, now_ms() + rr(500, 3000));
		break;
	case C_FLIP:
		ignore_all(FLIP_SIG0);	/* before the writer can reach it */
		if (join_cgroup("/f"))
			_exit(0);
		flip_main();
		break;
	default:
		worker_main();
	}
	_exit(0);
}

static void main_reaped(pid_t pid, int code, int status)
{
	int c;

	for (c = 0; c < C_NR; c++) {
		if (comp_pid[c] != pid)
			continue;
		comp_pid[c] = 0;
		if (shm->stopping)
			return;
		ADD(respawns, 1);
		if ((c == C_SUBREAPER || c == C_FLIP) &&
		    (code == CLD_KILLED || code == CLD_DUMPED) &&
		    status != SIGKILL)
			/* It ignores or blocks every other signal. */
			fail("%s died of signal %d (%s)", comp_name(c), status,
			     strsignal(status));
		if ((c == C_WRITER || c == C_NSPARENT) &&
		    (code == CLD_KILLED || code == CLD_DUMPED) &&
		    status != SIGKILL)
			fail("%s died of signal %d (%s), which it ignores",
			     comp_name(c), status, strsignal(status));
		return;
	}
	/* An orphan the main process adopted. */
}

static void respawn_all(void)
{
	int64_t t = now_ms();
	int c;

	for (c = 0; c < C_NR; c++)
		if (!comp_pid[c] && t - comp_last[c] >= 20)
			spawn(c);
}

static bool cg_remove_all(void)
{
	int64_t end = now_ms() + 30000;
	bool ok = true;
	int i;

	for (i = NR_CG - 1; i >= 0; i--) {
		char path[256];

		cg_path(path, sizeof(path), cg_dirs[i], NULL);
		while (rmdir(path)) {
			if (errno == ENOENT)
				break;
			if (errno != EBUSY || now_ms() > end) {
				fail("rmdir %s: %s", path, strerror(errno));
				ok = false;
				break;
			}
			nap_us(10000);
		}
	}
	return ok;
}

static void list_procs(const char *what)
{
	char path[256], buf[1024];
	size_t i;

	for (i = 0; i < NR_CG; i++) {
		ssize_t n;
		int fd;

		cg_path(path, sizeof(path), cg_dirs[i], "cgroup.procs");
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = 0;
		for (n = 0; buf[n]; n++)
			if (buf[n] == '\n')
				buf[n] = ' ';
		say(": %s in %s: %s", what, path, buf);
	}
}

/* Kill the tree, wait for it to empty, reap, remove it. */
static bool kill_tree(struct reaper *r, reaped_fn cb)
{
	char path[256];
	int64_t end, last = 0;
	size_t i;
	int efd, err;

	if (!cg_exists(""))
		return true;
	for (i = 1; i < NR_CG; i++)
		cg_write(cg_dirs[i], "cgroup.freeze", "0", 1);
	cg_path(path, sizeof(path), "", "cgroup.events");
	efd = open(path, O_RDONLY | O_CLOEXEC);
	end = now_ms() + 30000;
	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = efd, .events = POLLPRI },
			{ .fd = r ? r->sfd : -1, .events = POLLIN },
		};
		char buf[128];

		if (cg_populated("") == 0)
			break;
		if (now_ms() > end) {
			fail("%s still populated 30 s after cgroup.kill", CG);
			list_procs("left");
			if (efd >= 0)
				close(efd);
			return false;
		}
		if (now_ms() - last >= 1000) {
			/* Again each second: a process may have joined late. */
			err = cg_write("", "cgroup.kill", "1", 1);
			if (err)
				fail("writing 1 to %s/cgroup.kill: %s", CG,
				     strerror(err));
			last = now_ms();
		}
		if (efd >= 0 && pread(efd, buf, sizeof(buf), 0) < 0)
			fail("read %s: %s", path, strerror(errno));
		poll(pfd, 2, 100);
		if (r) {
			reaper_drain(r);
			reaper_reap(r, cb);
		}
	}
	if (efd >= 0)
		close(efd);
	return true;
}

/* Reap every child; kill the ones left outside the tree after 10 s. */
static void reap_all(void)
{
	int64_t end = now_ms() + 10000;

	for (;;) {
		siginfo_t w;

		reaper_drain(&mr);
		reaper_reap(&mr, main_reaped);
		memset(&w, 0, sizeof(w));
		if (waitid(P_ALL, 0, &w, WEXITED | WNOHANG | WNOWAIT | __WALL) &&
		    errno == ECHILD)
			return;
		if (now_ms() > end)
			break;
		reaper_wait(&mr, 50, main_reaped);
	}
	{
		char path[64], buf[4096], *p, *e;
		ssize_t n;
		int fd;

		snprintf(path, sizeof(path), "/proc/self/task/%d/children",
			 getpid());
		fd = open(path, O_RDONLY | O_CLOEXEC);
		n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
		if (fd >= 0)
			close(fd);
		buf[n > 0 ? n : 0] = 0;
		fail("children left 10 s after the tree emptied: %s", buf);
		for (p = buf; *p; p = e) {
			long pid = strtol(p, &e, 10);

			if (e == p)
				break;
			kill(pid, SIGKILL);
		}
		end = now_ms() + 10000;
		while (now_ms() < end && waitpid(-1, NULL, __WALL) > 0)
			;
	}
}

static void stop_writer(void)
{
	int64_t end = now_ms() + 3000;

	while (comp_pid[C_WRITER] && now_ms() < end)
		reaper_wait(&mr, 50, main_reaped);
	if (comp_pid[C_WRITER]) {
		kill(comp_pid[C_WRITER], SIGCONT);
		kill(comp_pid[C_WRITER], SIGKILL);
		end = now_ms() + 30000;
		while (comp_pid[C_WRITER] && now_ms() < end)
			reaper_wait(&mr, 50, main_reaped);
		if (comp_pid[C_WRITER])
			fail("writer %d not reaped 30 s after SIGKILL",
			     comp_pid[C_WRITER]);
	}
}

static void setup_tree(void)
{
	size_t i;

	for (i = 0; i < NR_CG; i++) {
		char path[256];

		cg_path(path, sizeof(path), cg_dirs[i], NULL);
		if (mkdir(path, 0755) && errno != EEXIST) {
			fail("mkdir %s: %s", path, strerror(errno));
			exit(1);
		}
	}
	for (i = 0; i < ARRAY_SIZE(cg_pids_inner); i++)
		cg_write(cg_pids_inner[i], "cgroup.subtree_control", "+pids",
			 5);	/* errors ignored: without pids, no limit */
	for (i = 0; i < NR_LEAVES; i++) {
		unsigned int r = rn(3);

		if (r)
			cg_write(cg_leaves[i], "pids.max", r == 1 ? "24" : "64",
				 2);
	}
}

static void print_counts(const char *what)
{
	say(" %s seed=%" PRIu64 " ops=%lu signals_written=%lu kills_written=%lu forks=%lu execs=%lu threads=%lu orphans=%lu notices=%lu lost=%lu reexecs=%lu flips=%lu",
	    what, seed, shm->ops, shm->signals_written, shm->kills_written,
	    shm->forks, shm->execs, shm->threads, shm->orphans, shm->notices,
	    shm->lost, shm->reexecs, shm->flips);
}

static int churn_main(int argc, char **argv)
{
	int64_t start, deadline, next_progress;
	sigset_t extra;
	long secs;
	int fd;

	secs = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
	if (argc < 2 || argc > 3 || secs <= 0) {
		fprintf(stderr, "usage: churn SECONDS [SEED]\n");
		return 2;
	}
	seed = argc > 2 ? strtoull(argv[2], NULL, 10) : (uint64_t)time(NULL);
	rseed(seed);
	main_pid = getpid();

	fd = memfd_create("churn-shm", 0);
	if (fd < 0 || ftruncate(fd, sizeof(*shm)) ||
	    (fd != SHM_FD && dup2(fd, SHM_FD) != SHM_FD)) {
		printf("FUZZ: churn error: memfd: %s\n", strerror(errno));
		return 1;
	}
	if (fd != SHM_FD)
		close(fd);
	shm_attach();
	say(" seed=%" PRIu64, seed);

	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))
		fail("PR_SET_CHILD_SUBREAPER: %s", strerror(errno));

	/* A tree left by a run that was killed. */
	if (cg_exists("")) {
		note("removing the tree of an earlier run");
		if (!kill_tree(NULL, NULL) || !cg_remove_all())
			return 1;
		while (waitpid(-1, NULL, WNOHANG | __WALL) > 0)
			;
	}
	setup_tree();

	fd = open(CG "/cgroup.signal", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		shm->have_signal = 1;
		close(fd);
	} else if (errno == ENOENT) {
		say(": no cgroup.signal (unpatched kernel)");
	} else {
		fail("open %s/cgroup.signal: %s", CG, strerror(errno));
	}
	if (prctl(PR_SET_ADOPTSIG, SIGRTMIN + 3, 0, 0, 0) == 0 ||
	    errno == EAGAIN)
		shm->have_adopt = 1;
	else if (errno == EINVAL)
		say(": no PR_SET_ADOPTSIG (unpatched kernel)");
	else
		fail("PR_SET_ADOPTSIG: %s", strerror(errno));

	sigemptyset(&extra);
	sigaddset(&extra, SIGTERM);
	sigaddset(&extra, SIGINT);
	sigaddset(&extra, SIGHUP);
	memset(&mr, 0, sizeof(mr));
	reaper_setup(&mr, "main", SIGRTMIN + 3, RM_FD, &extra);

	start = now_ms();
	deadline = start + secs * 1000;
	next_progress = start + 10000;
	while (!got_term && now_ms() < deadline) {
		int64_t t;
		int ms;

		respawn_all();
		t = now_ms();
		ms = deadline - t < 20 ? (int)(deadline - t) : 20;
		reaper_wait(&mr, ms > 0 ? ms : 0, main_reaped);
		if (t >= next_progress) {
			char what[32];

			snprintf(what, sizeof(what), "t=%" PRId64 "s",
				 (t - start) / 1000);
			print_counts(what);
			next_progress += 10000;
		}
	}
	if (got_term)
		say(": signal %d, stopping early", (int)got_term);

	__atomic_store_n(&shm->stopping, 1, __ATOMIC_SEQ_CST);
	stop_writer();
	kill_tree(&mr, main_reaped);
	reap_all();
	cg_remove_all();
	say(": respawns=%lu init_runs=%lu selfkills=%lu invalid_writes=%lu foreign_signals=%lu fork_failures=%lu errors=%lu",
	    shm->respawns, shm->init_runs, shm->selfkills,
	    shm->invalid_writes, shm->foreign, shm->fork_failures,
	    shm->errors);
	print_counts("done");
	if (shm->errors) {
		say(" error: %lu error(s), see the lines above", shm->errors);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--churn-exec"))
		return exec_mode(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "--churn-subreaper"))
		return subreaper_mode(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "--churn-tg"))
		return tg_mode(argc, argv);
	return churn_main(argc, argv);
}
