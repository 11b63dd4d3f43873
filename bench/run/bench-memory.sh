#!/usr/bin/env bash
# Memory figures of the series, measured at build time: sizeof(struct
# signal_struct) and sizeof(struct cgroup) in each kernel, compiled with the
# exact flags kbuild used for kernel/signal.o there (no debug info or pahole
# needed), and the slab objects they land in: signal_cache's objects are
# sizeof rounded up to the cache line (SLAB_HWCACHE_ALIGN); a cgroup one level
# below the root is kzalloc'ed with its two-entry ancestors[] array, so it
# takes the smallest kmalloc size that holds both. The guest's own view of
# signal_cache (/sys/kernel/slab) comes from bench/slab.c.
# Prints tab-separated lines: KERNEL FIGURE VALUE UNIT.
#   bench-memory.sh NAME=KERNEL_OUT...
set -euo pipefail
# shellcheck source=../../scripts/common.sh
. "$(dirname "$0")/../../scripts/common.sh"

[ $# -ge 1 ] || die "usage: bench-memory.sh NAME=KERNEL_OUT..."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/sizes.c" <<'C'
#include <linux/kbuild.h>
#include <linux/sched/signal.h>
#include <linux/cgroup-defs.h>
#include <linux/cache.h>

void pidns_bench_sizes(void);
void pidns_bench_sizes(void)
{
	DEFINE(SIZEOF_SIGNAL_STRUCT, sizeof(struct signal_struct));
	DEFINE(SIZEOF_CGROUP, sizeof(struct cgroup));
	DEFINE(SIZEOF_CGROUP_PTR, sizeof(struct cgroup *));
	DEFINE(CACHE_LINE, L1_CACHE_BYTES);
}
C

# kmalloc_size BYTES: the kmalloc cache a kzalloc of BYTES lands in.
kmalloc_size() {
	local s
	for s in 8 16 32 64 96 128 192 256 512 1024 2048 4096 8192; do
		if [ "$1" -le "$s" ]; then
			echo "$s"
			return
		fi
	done
	echo "$1"
}

for arg in "$@"; do
	name=${arg%%=*} kout=${arg#*=}
	cmdfile=$kout/kernel/.signal.o.cmd
	[ -f "$cmdfile" ] || die "no $cmdfile" "build the $name kernel first (make bench does)"
	# The compiler command kbuild saved, without its dependency output and
	# its input and output files.
	cmd=$(sed -n 's/^savedcmd_kernel\/signal.o := //p' "$cmdfile" |
		sed -e 's/ -Wp,-MMD,[^ ]*//' -e 's/ -c -o kernel\/signal.o .*$//')
	[ -n "$cmd" ] || die "cannot read the compiler command in $cmdfile" "rebuild the $name kernel"
	step "memory[$name]: sizeof(struct signal_struct), sizeof(struct cgroup)"
	# shellcheck disable=SC2086
	if ! (cd "$kout" && eval "$cmd -S -o $tmp/sizes.s $tmp/sizes.c") 2> "$tmp/err"; then
		cat "$tmp/err" >&2
		die "compiling the size probe against the $name kernel failed" "see the compiler error above"
	fi
	# kbuild.h's DEFINE() leaves: .ascii "->SYM $VALUE expression"
	val() {
		sed -n "s/.*\"->$1 \\\$\\{0,1\\}\\([0-9][0-9]*\\) .*/\\1/p" "$tmp/sizes.s"
	}
	sig=$(val SIZEOF_SIGNAL_STRUCT)
	cg=$(val SIZEOF_CGROUP)
	ptr=$(val SIZEOF_CGROUP_PTR)
	line=$(val CACHE_LINE)
	if [ -z "$sig" ] || [ -z "$cg" ] || [ -z "$ptr" ] || [ -z "$line" ]; then
		die "the size probe of the $name kernel printed no sizes" "run its compiler command by hand: $cmd"
	fi
	printf '%s\t%s\t%s\t%s\n' \
		"$name" sizeof_signal_struct "$sig" bytes \
		"$name" signal_cache_object "$(((sig + line - 1) / line * line))" bytes \
		"$name" sizeof_cgroup "$cg" bytes \
		"$name" cgroup_level1_kmalloc "$(kmalloc_size $((cg + 2 * ptr)))" bytes
done
