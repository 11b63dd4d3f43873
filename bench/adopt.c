// SPDX-License-Identifier: GPL-2.0
/*
 * How fast a supervisor (a child subreaper) learns the pid of a process it
 * adopted, for N = 10,000 double-forking children: a spawner forks C, C forks
 * G, notes the time and exits, and G is reparented to the supervisor. G lives
 * G_LIFE_US, then exits. Latency runs from C's exit to the moment the
 * supervisor knows G's pid. Three ways:
 *
 *   notice   PR_SET_ADOPTSIG (an RT signal read from a signalfd, every
 *            pending notice in one read); on SI_ADOPTLOST it rescans its
 *            children, as the ABI asks
 *   cnproc   the proc connector: PROC_EVENT_FORK tells C's child, C's
 *            PROC_EVENT_EXIT tells that it is ours now (needs CAP_NET_ADMIN)
 *   poll     reading /proc/self/task/<tid>/children every POLL_MS
 *
 * The spawner forks as fast as it can, so the supervisor learns while it
 * competes with the spawning for the CPU, and on one CPU the scheduler's
 * choice between the two after each orphaning makes most of the latency.
 * notice_paced and cnproc_paced are notice and cnproc again with a spawner
 * that waits (up to PACE_WAIT_NS) until the supervisor knows a child before
 * it forks the next: the latency of the notice path itself, as a supervisor
 * that starts a daemon now and then sees it.
 *
 * Figures per way: <way>_median_us, <way>_p99_us, <way>_lost (adopted
 * processes the supervisor never learned of: lost silently), and for notices
 * notice_lost_reported (notices the kernel said were lost, recovered by the
 * rescan).
 */
#include "bench.h"
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/connector.h>
#include <linux/cn_proc.h>

#define G_LIFE_US 20000
#define PACE_WAIT_NS (100ull * 1000000ull)
#define POLL_MS 10
#define TAIL_NS (3ull * 1000000000ull)	/* wait this long after the spawner ends */

static long n_children, npid;
static uint64_t *t_orphan;	/* per child: when C exited (shared) */
static int *idx_of_pid;		/* G's pid -> child index + 1 (shared) */
static char *seen;
static double *lat;
static long learned;
static int paced;		/* the spawner waits for each child to be known */
static volatile long *known;	/* learned, for the spawner (shared) */
static int *child_of;		/* cnproc: C's pid -> G's pid */

static void learn(pid_t pid)
{
	long i;

	if (pid <= 0 || pid >= npid || !idx_of_pid[pid])
		return;
	i = idx_of_pid[pid] - 1;
	if (seen[i])
		return;
	seen[i] = 1;
	lat[learned++] = (now_ns() - t_orphan[i]) / 1000.0;
	*known = learned;
}

/* Learn every child we have now (/proc/self/task/<tid>/children). */
static void scan_children(void)
{
	static char path[64], buf[1 << 16];
	char *p, *end;
	ssize_t r;
	int fd;

	if (!path[0])
		snprintf(path, sizeof(path), "/proc/self/task/%d/children", getpid());
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	for (;;) {
		r = read(fd, buf, sizeof(buf) - 1);
		if (r <= 0)
			break;
		buf[r] = 0;
		/* A pid cut at the buffer's end is read again next time. */
		for (p = buf; *p;) {
			long v = strtol(p, &end, 10);

			if (end == p)
				break;
			learn(v);
			p = end;
			while (*p == ' ' || *p == '\n')
				p++;
		}
	}
	close(fd);
}

static pid_t start_spawner(void)
{
	pid_t sp = fork();

	if (sp < 0)
		fail("fork");
	if (sp)
		return sp;
	for (long i = 0; i < n_children; i++) {
		pid_t c = fork();

		if (c < 0)
			_exit(112);
		if (c == 0) {
			pid_t g = fork();

			if (g < 0)
				_exit(113);
			if (g == 0) {
				usleep(G_LIFE_US);
				_exit(0);
			}
			idx_of_pid[g] = i + 1;
			__sync_synchronize();
			t_orphan[i] = now_ns();
			_exit(0);
		}
		waitpid(c, NULL, 0);
		for (uint64_t t = now_ns(); paced && *known <= i && now_ns() - t < PACE_WAIT_NS;)
			usleep(100);
	}
	_exit(0);
}

static void reset(void)
{
	memset(idx_of_pid, 0, npid * sizeof(*idx_of_pid));
	memset(seen, 0, n_children);
	memset(child_of, 0, npid * sizeof(*child_of));
	learned = 0;
	*known = 0;
}

/*
 * One poll of the loop: reap what has ended, and say whether the spawner has
 * ended and the tail passed. The spawner is reaped by the same loop as the
 * adopted processes: a separate waitpid(sp) before it would let the spawner
 * end in between and be reaped unnoticed, and the loop would never end.
 */
static int finished(pid_t sp, uint64_t *sp_end)
{
	pid_t p;

	while ((p = waitpid(-1, NULL, WNOHANG)) > 0)
		if (p == sp)
			*sp_end = now_ns();
	if (!*sp_end)
		return 0;
	return learned >= n_children || now_ns() - *sp_end > TAIL_NS;
}

static const char *fig_name(const char *way, const char *what)
{
	static char fig[64];

	snprintf(fig, sizeof(fig), "%s_%s", way, what);
	return fig;
}

static void results(const char *way, long lost_reported)
{
	if (!learned) {
		unsupported(fig_name(way, "median_us"), "learned no pid");
		return;
	}
	qsort(lat, learned, sizeof(*lat), cmp_double);
	report(fig_name(way, "median_us"), percentile_sorted(lat, learned, 50), "us");
	report(fig_name(way, "p99_us"), percentile_sorted(lat, learned, 99), "us");
	report(fig_name(way, "lost"), n_children - learned, "events");
	if (lost_reported >= 0)
		report(fig_name(way, "lost_reported"), lost_reported, "events");
}

static void way_notice(const char *way)
{
	static struct signalfd_siginfo ssi[256];
	struct pollfd pfd = { .events = POLLIN };
	int sig = SIGRTMIN + 2;
	uint64_t sp_end = 0;
	long lost_reported = 0;
	sigset_t set;
	pid_t sp;

	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_BLOCK, &set, NULL);
	pfd.fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (pfd.fd < 0)
		fail("signalfd");
	if (prctl(PR_SET_ADOPTSIG, sig, 0, 0, 0)) {
		unsupported(fig_name(way, "median_us"), "PR_SET_ADOPTSIG: %s", strerror(errno));
		close(pfd.fd);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		return;
	}
	reset();
	sp = start_spawner();
	/*
	 * As the documentation's supervisor does, and as way_cnproc() reads
	 * its socket: one read takes every pending notice.
	 */
	while (!finished(sp, &sp_end)) {
		ssize_t r = read(pfd.fd, ssi, sizeof(ssi));

		if (r < 0) {
			if (errno == EAGAIN)
				poll(&pfd, 1, POLL_MS);
			continue;
		}
		for (size_t i = 0; i < r / sizeof(*ssi); i++) {
			if (ssi[i].ssi_code == SI_ADOPTED) {
				learn(ssi[i].ssi_pid);
			} else if (ssi[i].ssi_code == SI_ADOPTLOST) {
				lost_reported += ssi_lost(&ssi[i]);
				scan_children();
			}
		}
	}
	prctl(PR_SET_ADOPTSIG, 0, 0, 0, 0);
	/* Drain what is left, so that nothing stays pending. */
	while (read(pfd.fd, ssi, sizeof(ssi)) > 0)
		;
	close(pfd.fd);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	results(way, lost_reported);
}

static int cn_listen(int sock, enum proc_cn_mcast_op op)
{
	struct {
		struct nlmsghdr nl;
		struct cn_msg cn;
		enum proc_cn_mcast_op op;
	} __attribute__((packed)) msg = {
		.nl = { .nlmsg_len = sizeof(msg), .nlmsg_type = NLMSG_DONE,
			.nlmsg_pid = getpid() },
		.cn = { .id = { .idx = CN_IDX_PROC, .val = CN_VAL_PROC },
			.len = sizeof(enum proc_cn_mcast_op) },
		.op = op,
	};

	return send(sock, &msg, sizeof(msg), 0) == sizeof(msg) ? 0 : -1;
}

static void way_cnproc(const char *way)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC,
				  .nl_pid = getpid() };
	static char buf[1 << 16] __attribute__((aligned(NLMSG_ALIGNTO)));
	uint64_t sp_end = 0;
	long overruns = 0, events = 0;
	struct pollfd pfd = { .events = POLLIN };
	pid_t sp;
	int sock;

	sock = socket(PF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_CONNECTOR);
	if (sock < 0) {
		unsupported(fig_name(way, "median_us"), "netlink connector: %s", strerror(errno));
		return;
	}
	if (bind(sock, (struct sockaddr *)&sa, sizeof(sa)) || cn_listen(sock, PROC_CN_MCAST_LISTEN)) {
		unsupported(fig_name(way, "median_us"), "proc connector: %s", strerror(errno));
		close(sock);
		return;
	}
	pfd.fd = sock;
	reset();
	sp = start_spawner();
	while (!finished(sp, &sp_end)) {
		ssize_t len = recv(sock, buf, sizeof(buf), 0);
		struct nlmsghdr *nh;

		if (len < 0) {
			if (errno == ENOBUFS)
				overruns++;
			else if (errno == EAGAIN)
				poll(&pfd, 1, POLL_MS);
			continue;
		}
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (size_t)len);
		     nh = NLMSG_NEXT(nh, len)) {
			struct cn_msg *cn = NLMSG_DATA(nh);
			struct proc_event *ev = (struct proc_event *)cn->data;

			events++;
			if (ev->what == PROC_EVENT_FORK) {
				pid_t parent = ev->event_data.fork.parent_tgid;

				if (parent > 0 && parent < npid)
					child_of[parent] = ev->event_data.fork.child_tgid;
			} else if (ev->what == PROC_EVENT_EXIT) {
				pid_t p = ev->event_data.exit.process_tgid;

				if (p == ev->event_data.exit.process_pid && p > 0 && p < npid &&
				    child_of[p]) {
					learn(child_of[p]);
					child_of[p] = 0;
				}
			}
		}
	}
	cn_listen(sock, PROC_CN_MCAST_IGNORE);
	close(sock);
	if (!events) {
		unsupported(fig_name(way, "median_us"), "no proc events (CONFIG_PROC_EVENTS off?)");
		return;
	}
	if (overruns)
		note("cnproc: %ld receive buffer overruns", overruns);
	results(way, -1);
}

static void way_poll(void)
{
	uint64_t sp_end = 0;
	pid_t sp;

	reset();
	sp = start_spawner();
	while (!finished(sp, &sp_end)) {
		scan_children();
		usleep(POLL_MS * 1000);
	}
	results("poll", -1);
}

int main(void)
{
	FILE *f = fopen("/proc/sys/kernel/pid_max", "r");

	n_children = scaled(10000);
	npid = 32768;
	if (f) {
		if (fscanf(f, "%ld", &npid) != 1)
			npid = 32768;
		fclose(f);
	}
	npid++;
	t_orphan = mmap(NULL, n_children * sizeof(*t_orphan), PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	idx_of_pid = mmap(NULL, npid * sizeof(*idx_of_pid), PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	known = mmap(NULL, sizeof(*known), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		     -1, 0);
	seen = calloc(n_children, 1);
	lat = calloc(n_children, sizeof(*lat));
	child_of = calloc(npid, sizeof(*child_of));
	if (t_orphan == MAP_FAILED || idx_of_pid == MAP_FAILED || known == MAP_FAILED || !seen ||
	    !lat || !child_of)
		fail("allocating the tables");
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))
		fail("PR_SET_CHILD_SUBREAPER");
	if (want("notice"))
		way_notice("notice");
	if (want("cnproc"))
		way_cnproc("cnproc");
	if (want("poll"))
		way_poll();
	paced = 1;
	if (want("notice_paced"))
		way_notice("notice_paced");
	if (want("cnproc_paced"))
		way_cnproc("cnproc_paced");
	reap_all();
	return 0;
}
