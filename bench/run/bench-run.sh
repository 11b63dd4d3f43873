#!/usr/bin/env bash
# Boot the base and the patched kernel alternately (A B A B ...) with the
# benchmark initramfs, BENCH_BOOTS times each, under each clock of
# BENCH_CLOCKS: "tcg" (plain TCG, the guest's clock is wall time) and
# "icount" (QEMU -icount shift=BENCH_ICOUNT_SHIFT,align=off,sleep=off: the
# guest's clock counts instructions, so its figures do not depend on the
# host's load). Then, when given, the base and the patched kernel built with
# the irqsoff tracer (config/bench-irqsoff.config) with the tracer programs'
# initramfs (bench/irqsoff.c), BENCH_IRQSOFF_BOOTS times each under each
# clock of BENCH_IRQSOFF_CLOCKS; their results carry the clock name
# "irqsoff-<clock>", so that they are tabled apart. Keeps every serial log
# in OUT/raw/ and appends every BENCH line to OUT/results.tsv:
# CLOCK KERNEL BOOT FIGURE VALUE UNIT (VALUE "unsupported" when the kernel
# cannot measure the figure, "at" with the function as UNIT for where an
# interrupts-off section was).
#   bench-run.sh OUT BASE_KOUT PATCHED_KOUT INITRAMFS \
#                [IRQSOFF_BASE_KOUT IRQSOFF_PATCHED_KOUT IRQSOFF_INITRAMFS]
# Environment: BENCH_BOOTS (5), BENCH_CLOCKS ("tcg icount"),
# BENCH_ICOUNT_SHIFT (3: 8 ns an instruction, near what TCG runs here; with 0
# the kernel's boot-time delays cost 50 s of every boot), BENCH_ICOUNT_SMP (1:
# with two vCPUs, QEMU 7.2's icount let the idle vCPU's timer go unfired for
# 20 s of guest time, and the guest reported RCU stalls in 3 of 10 boots),
# BENCH_SCALE (100:
# iteration and process counts in percent), BENCH_PROGRAMS (comma-separated;
# all when empty; irqsoff names the tracer boots), BENCH_ONLY (figure name
# prefixes, for development), BENCH_BOOT_TIMEOUT (1800 s), BENCH_GUEST_MEM
# (2048 MiB; the 100k-threads figures of bench/cgsignal.c need about 5 GiB
# at BENCH_SCALE 100 and report "unsupported" with the amount when the guest
# has less), BENCH_IRQSOFF_BOOTS (BENCH_BOOTS), BENCH_IRQSOFF_CLOCKS
# ("icount": under plain TCG a section's wall time includes whatever the
# host does to the vCPU thread meanwhile).
set -euo pipefail
# shellcheck source=../../scripts/common.sh
. "$(dirname "$0")/../../scripts/common.sh"

[ $# -eq 4 ] || [ $# -eq 7 ] ||
	die "usage: bench-run.sh OUT BASE_KOUT PATCHED_KOUT INITRAMFS [IRQSOFF_BASE_KOUT IRQSOFF_PATCHED_KOUT IRQSOFF_INITRAMFS]"
out=$1 initrd=$4 tracer_initrd=${7:-}
declare -A kout=([base]=$2 [patched]=$3 [irqsoff-base]=${5:-} [irqsoff-patched]=${6:-})
boots=${BENCH_BOOTS:-5}
clocks=${BENCH_CLOCKS:-tcg icount}
shift_n=${BENCH_ICOUNT_SHIFT:-3}
icount_smp=${BENCH_ICOUNT_SMP:-1}
scale=${BENCH_SCALE:-100}
programs=${BENCH_PROGRAMS:-all}
only=${BENCH_ONLY:-}
boot_timeout=${BENCH_BOOT_TIMEOUT:-1800}
guest_mem=${BENCH_GUEST_MEM:-2048}
irqsoff_boots=${BENCH_IRQSOFF_BOOTS:-$boots}
irqsoff_clocks=${BENCH_IRQSOFF_CLOCKS:-icount}

# The tracer program (bench/irqsoff.c) runs in the tracer boots only: split
# it off the programs of the other boots.
tracer=no
if [ "$programs" = all ]; then
	if [ -n "$tracer_initrd" ]; then
		tracer=yes
	fi
else
	rest=()
	IFS=, read -r -a list <<< "$programs"
	for p in "${list[@]}"; do
		if [ "$p" = irqsoff ]; then
			tracer=yes
		else
			rest+=("$p")
		fi
	done
	programs=$(IFS=,; echo "${rest[*]}")
	[ "$tracer" = no ] || [ -n "$tracer_initrd" ] ||
		die "BENCH_PROGRAMS names irqsoff, but no tracer kernels were given" "run: make bench"
fi

for k in base patched; do
	[ -f "${kout[$k]}/arch/x86/boot/bzImage" ] || die "no $k kernel in ${kout[$k]}" "run: make bench"
	[ "$tracer" = no ] || [ -f "${kout[irqsoff-$k]}/arch/x86/boot/bzImage" ] ||
		die "no $k kernel with the irqsoff tracer in ${kout[irqsoff-$k]}" "run: make bench"
done
[ -f "$initrd" ] || die "no initramfs at $initrd" "run: make bench"
[ "$tracer" = no ] || [ -f "$tracer_initrd" ] || die "no initramfs at $tracer_initrd" "run: make bench"
for n in "$boots" "$irqsoff_boots"; do
	case "$n" in
	'' | *[!0-9]* | 0) die "BENCH_BOOTS and BENCH_IRQSOFF_BOOTS must be positive numbers, not '$n'" ;;
	esac
done
case "$guest_mem" in
'' | *[!0-9]* | 0) die "BENCH_GUEST_MEM must be a size in MiB, not '$guest_mem'" ;;
esac
for c in $clocks $irqsoff_clocks; do
	case "$c" in
	tcg | icount) ;;
	*) die "unknown clock '$c' in BENCH_CLOCKS or BENCH_IRQSOFF_CLOCKS" "use tcg, icount or both" ;;
	esac
done

mkdir -p "$out/raw"
rm -f "$out"/raw/*.log "$out"/raw/*.boot "$out/results.tsv" "$out/boots.tsv"
: > "$out/results.tsv"
printf 'clock\tkernel\tboot\tseconds\tkernel-log\tcomplete\n' > "$out/boots.tsv"
{
	echo "boots $boots"
	echo "clocks $clocks"
	echo "icount_shift $shift_n"
	echo "icount_smp $icount_smp"
	echo "scale $scale"
	echo "guest_mem_mib $guest_mem"
	[ "$tracer" = no ] || echo "irqsoff_boots $irqsoff_boots"
	[ "$tracer" = no ] || echo "irqsoff_clocks $irqsoff_clocks"
	echo "started $(date -u '+%Y-%m-%d %H:%M UTC')"
} > "$out/run.info"

total=0
[ -z "$programs" ] || total=$((boots * 2 * $(wc -w <<< "$clocks")))
[ "$tracer" = no ] || total=$((total + irqsoff_boots * 2 * $(wc -w <<< "$irqsoff_clocks")))
n=0
t_start=$(date +%s)

# boot LABEL CLOCK KERNEL KOUT ROUND INITRAMFS PROGRAMS: one boot; its BENCH
# lines go to results.tsv under LABEL (the clock, or irqsoff-<clock>) and
# the kernel's name (base or patched).
boot() {
	local label=$1 c=$2 k=$3 dir=$4 i=$5 rd=$6 progs=$7
	local log=$out/raw/$label-$k-$i.log opts t0 secs klog complete append what=""
	opts=(--mode bench --timeout "$boot_timeout" --mem "$guest_mem")
	[ "$c" = icount ] && opts+=(--icount "$shift_n" --smp "$icount_smp")
	# No address-space randomization: with it, an -icount boot's
	# fork figures fell into one of two modes 3 % apart (1433 or
	# 1474 us, whichever kernel), so five boots' medians differed
	# by chance; without it six boots gave 1348.6-1348.7 us.
	append="nokaslr norandmaps pidns_signal.scale=$scale${only:+ pidns_signal.only=$only}"
	n=$((n + 1))
	[ "$label" = "$c" ] || what=" with the irqsoff tracer"
	step "bench: boot $n of $total: $k kernel$what, $c clock, round $i"
	t0=$(date +%s)
	ACCEL=tcg "$PROJECT_ROOT/guest/run-qemu.sh" "${opts[@]}" --append "$append" \
		--log "$log" "$dir/arch/x86/boot/bzImage" "$rd" "$progs" || true
	secs=$(($(date +%s) - t0))
	awk -v c="$label" -v k="$k" -v i="$i" '
		{ sub(/\r$/, "") }
		/^PIDNS-SIGNAL: bench begin / { inb = 1; next }
		/^PIDNS-SIGNAL: bench end / {
			inb = 0
			if ($5 != 0) printf "%s\t%s\t%s\tprogram-exit-%s\t%s\tstatus\n", c, k, i, $4, $5
			next
		}
		inb && $1 == "BENCH" && NF >= 4 { printf "%s\t%s\t%s\t%s\t%s\t%s\n", c, k, i, $2, $3, $4 }
	' "$log" >> "$out/results.tsv"
	klog=$("$PROJECT_ROOT/guest/check-kernel-log.sh" "$log" 2> /dev/null | cut -f3)
	complete=no
	grep -q '^PIDNS-SIGNAL: done' "$log" && complete=yes
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$k" "$i" "$secs" "$klog" "$complete" >> "$out/boots.tsv"
	[ "$complete" = yes ] || step "bench: the $k guest did not finish (see ${log#"$PROJECT_ROOT"/})"
	[ "$klog" = pass ] || step "bench: the $k guest's kernel log has reports (see ${log#"$PROJECT_ROOT"/})"
}

if [ -n "$programs" ]; then
	for i in $(seq 1 "$boots"); do
		for c in $clocks; do
			for k in base patched; do
				boot "$c" "$c" "$k" "${kout[$k]}" "$i" "$initrd" "$programs"
			done
		done
	done
fi
t_tracer=$(date +%s)
if [ "$tracer" = yes ]; then
	for i in $(seq 1 "$irqsoff_boots"); do
		for c in $irqsoff_clocks; do
			for k in base patched; do
				boot "irqsoff-$c" "$c" "$k" "${kout[irqsoff-$k]}" "$i" "$tracer_initrd" all
			done
		done
	done
	echo "irqsoff_seconds $(($(date +%s) - t_tracer))" >> "$out/run.info"
fi
echo "seconds $(($(date +%s) - t_start))" >> "$out/run.info"
step "bench: $total boots in $(($(date +%s) - t_start)) s; $(grep -c . "$out/results.tsv") figures in ${out#"$PROJECT_ROOT"/}/results.tsv"
