/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers of the pidns_signal benchmarks (the C files of bench/). Every program
 * prints one machine-readable line per figure on stdout:
 *
 *   BENCH <figure> <value> <unit>
 *   BENCH <figure> unsupported <reason>
 *
 * and nothing else on stdout; diagnostics go to stderr. A figure the running
 * kernel cannot measure (a feature not in it) prints "unsupported" and the
 * program goes on with its other figures.
 */
#ifndef PIDNS_BENCH_H
#define PIDNS_BENCH_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* The ABI of PR_SET_ADOPTSIG, as decided for the series (issue 4). */
#ifndef PR_SET_ADOPTSIG
#define PR_SET_ADOPTSIG 0x41445053
#define PR_GET_ADOPTSIG 0x41445047
#endif
#ifndef SI_ADOPTED
#define SI_ADOPTED 0x81
#define SI_ADOPTLOST 0x82
#endif

/*
 * signalfd_siginfo's ssi_lost, for C libraries whose struct still calls it
 * padding: the second 32-bit word after ssi_arch (ssi_ppid is the first).
 */
#define ssi_lost(ssi) \
	(*(const uint32_t *)((const char *)&(ssi)->ssi_arch + 2 * sizeof(uint32_t)))

#define CGROOT "/sys/fs/cgroup"

/* Iteration counts scale with BENCH_SCALE (percent, default 100). */
static inline long scaled(long n)
{
	const char *s = getenv("BENCH_SCALE");
	long pct = s ? atol(s) : 100;

	if (pct <= 0)
		pct = 100;
	n = n * pct / 100;
	return n > 0 ? n : 1;
}

/*
 * Whether to run a figure: BENCH_ONLY, when set, is a comma-separated list of
 * figure name prefixes (for development; the full run sets none).
 */
static inline int want(const char *figure)
{
	const char *only = getenv("BENCH_ONLY");
	char buf[256], *tok, *save;

	if (!only || !*only)
		return 1;
	snprintf(buf, sizeof(buf), "%s", only);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (!strncmp(figure, tok, strlen(tok)))
			return 1;
	return 0;
}

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static inline void report(const char *figure, double value, const char *unit)
{
	printf("BENCH %s %.3f %s\n", figure, value, unit);
	fflush(stdout);
}

static inline void unsupported(const char *figure, const char *fmt, ...)
{
	char why[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	for (char *p = why; *p; p++)
		if (*p == ' ' || *p == '\t' || *p == '\n')
			*p = '_';
	printf("BENCH %s unsupported %s\n", figure, why);
	fflush(stdout);
}

static inline void note(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "bench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static inline __attribute__((noreturn)) void fail(const char *what)
{
	fprintf(stderr, "bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Create the cgroup CGROOT/cg (it may exist already). */
static inline void make_cgroup(const char *cg)
{
	char path[256];

	snprintf(path, sizeof(path), CGROOT "/%s", cg);
	if (mkdir(path, 0755) && errno != EEXIST)
		fail("mkdir cgroup");
}

/*
 * Remove the cgroup CGROOT/cg, waiting up to 2 s for its last processes to
 * be released; a cgroup that stays is reported, not fatal.
 */
static inline void remove_cgroup(const char *cg)
{
	char path[256];

	snprintf(path, sizeof(path), CGROOT "/%s", cg);
	for (int i = 0; i < 200; i++) {
		if (!rmdir(path) || errno == ENOENT)
			return;
		usleep(10000);
	}
	note("rmdir %s: %s", path, strerror(errno));
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of n values (sorts them). */
static inline double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The p-th percentile (0..100) of n sorted values, nearest rank. */
static inline double percentile_sorted(const double *v, int n, double p)
{
	int i = (int)(p / 100.0 * n + 0.999999) - 1;

	if (i < 0)
		i = 0;
	if (i >= n)
		i = n - 1;
	return v[i];
}

/* Write a string to a file; returns 0 or -errno. */
static inline int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	int ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/* Reap every child, blocking until there is none left. */
static inline void reap_all(void)
{
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
}

static inline void cg_path(char *buf, size_t len, const char *cg, const char *file)
{
	snprintf(buf, len, CGROOT "/%s/%s", cg, file);
}

/* Read cgroup.procs into pids; returns how many, growing *pids as needed. */
static inline long read_procs(const char *cg, pid_t **pids, long *cap)
{
	static char *buf;
	static size_t bufcap;
	char path[256];
	size_t len = 0;
	long n = 0;
	ssize_t r;
	int fd;

	cg_path(path, sizeof(path), cg, "cgroup.procs");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fail("open cgroup.procs");
	for (;;) {
		if (bufcap - len < 4096) {
			bufcap = bufcap ? bufcap * 2 : 65536;
			buf = realloc(buf, bufcap);
			if (!buf)
				fail("realloc");
		}
		r = read(fd, buf + len, bufcap - len - 1);
		if (r < 0)
			fail("read cgroup.procs");
		if (r == 0)
			break;
		len += r;
	}
	close(fd);
	buf[len] = 0;
	for (char *p = buf; *p;) {
		char *end;
		long v = strtol(p, &end, 10);

		if (end == p)
			break;
		if (n == *cap) {
			*cap = *cap ? *cap * 2 : 1024;
			*pids = realloc(*pids, *cap * sizeof(**pids));
			if (!*pids)
				fail("realloc");
		}
		(*pids)[n++] = (pid_t)v;
		p = end;
		while (*p == '\n')
			p++;
	}
	return n;
}

/* A number from a file of /proc, or -1. */
static inline long read_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static inline int set_long(const char *path, long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", v);
	return write_file(path, buf);
}

static inline long mem_available_kib(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	long v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %ld kB", &v) == 1)
			break;
	fclose(f);
	return v;
}

#endif
