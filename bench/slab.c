// SPDX-License-Identifier: GPL-2.0
/*
 * Memory figures the running kernel reports about the objects the series
 * grows: the slab cache of struct signal_struct (signal_cache: object size
 * and the size each object takes in its slab) from /sys/kernel/slab. The
 * sizeof of struct signal_struct and struct cgroup themselves are measured at
 * build time on the host (bench/run/bench-memory.sh).
 */
#include "bench.h"

static void slab_figure(const char *figure, const char *cache, const char *attr)
{
	char path[256];
	long v;

	snprintf(path, sizeof(path), "/sys/kernel/slab/%s/%s", cache, attr);
	v = read_long(path);
	if (v < 0)
		unsupported(figure, "cannot read %s", path);
	else
		report(figure, v, strcmp(attr, "objs_per_slab") ? "bytes" : "objects");
}

int main(void)
{
	slab_figure("signal_cache_object_size", "signal_cache", "object_size");
	slab_figure("signal_cache_slab_size", "signal_cache", "slab_size");
	slab_figure("signal_cache_objs_per_slab", "signal_cache", "objs_per_slab");
	return 0;
}
