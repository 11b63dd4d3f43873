#!/usr/bin/env bash
# Boot the base and the patched kernel alternately (A B A B ...) with the
# benchmark initramfs, BENCH_BOOTS times each, under each clock of
# BENCH_CLOCKS: "tcg" (plain TCG, the guest's clock is wall time) and
# "icount" (QEMU -icount shift=BENCH_ICOUNT_SHIFT,align=off,sleep=off: the
# guest's clock counts instructions, so its figures do not depend on the
# host's load). Keeps every serial log in OUT/raw/ and appends every BENCH
# line to OUT/results.tsv:  CLOCK KERNEL BOOT FIGURE VALUE UNIT
# (VALUE "unsupported" when the kernel cannot measure the figure).
#   bench-run.sh OUT BASE_KOUT PATCHED_KOUT INITRAMFS
# Environment: BENCH_BOOTS (5), BENCH_CLOCKS ("tcg icount"),
# BENCH_ICOUNT_SHIFT (3: 8 ns an instruction, near what TCG runs here; with 0
# the kernel's boot-time delays cost 50 s of every boot), BENCH_ICOUNT_SMP (1:
# with two vCPUs, QEMU 7.2's icount let the idle vCPU's timer go unfired for
# 20 s of guest time, and the guest reported RCU stalls in 3 of 10 boots),
# BENCH_SCALE (100:
# iteration and process counts in percent), BENCH_PROGRAMS (comma-separated;
# all when empty), BENCH_ONLY (figure name prefixes, for development),
# BENCH_BOOT_TIMEOUT (1800 s), BENCH_GUEST_MEM (2048 MiB; the 100k-threads
# figures of bench/cgsignal.c need about 5 GiB at BENCH_SCALE 100 and report
# "unsupported" with the amount when the guest has less).
set -euo pipefail
# shellcheck source=../../scripts/common.sh
. "$(dirname "$0")/../../scripts/common.sh"

[ $# -eq 4 ] || die "usage: bench-run.sh OUT BASE_KOUT PATCHED_KOUT INITRAMFS"
out=$1 initrd=$4
declare -A kout=([base]=$2 [patched]=$3)
boots=${BENCH_BOOTS:-5}
clocks=${BENCH_CLOCKS:-tcg icount}
shift_n=${BENCH_ICOUNT_SHIFT:-3}
icount_smp=${BENCH_ICOUNT_SMP:-1}
scale=${BENCH_SCALE:-100}
programs=${BENCH_PROGRAMS:-all}
only=${BENCH_ONLY:-}
boot_timeout=${BENCH_BOOT_TIMEOUT:-1800}
guest_mem=${BENCH_GUEST_MEM:-2048}

for k in base patched; do
	[ -f "${kout[$k]}/arch/x86/boot/bzImage" ] || die "no $k kernel in ${kout[$k]}" "run: make bench"
done
[ -f "$initrd" ] || die "no initramfs at $initrd" "run: make bench"
case "$boots" in
'' | *[!0-9]* | 0) die "BENCH_BOOTS must be a positive number, not '$boots'" ;;
esac
case "$guest_mem" in
'' | *[!0-9]* | 0) die "BENCH_GUEST_MEM must be a size in MiB, not '$guest_mem'" ;;
esac
for c in $clocks; do
	case "$c" in
	tcg | icount) ;;
	*) die "unknown clock '$c' in BENCH_CLOCKS" "use tcg, icount or both" ;;
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
	echo "started $(date -u '+%Y-%m-%d %H:%M UTC')"
} > "$out/run.info"

total=$((boots * 2 * $(wc -w <<< "$clocks")))
n=0
t_start=$(date +%s)
for i in $(seq 1 "$boots"); do
	for c in $clocks; do
		opts=(--mode bench --timeout "$boot_timeout" --mem "$guest_mem")
		[ "$c" = icount ] && opts+=(--icount "$shift_n" --smp "$icount_smp")
		# No address-space randomization: with it, an -icount boot's
		# fork figures fell into one of two modes 3 % apart (1433 or
		# 1474 us, whichever kernel), so five boots' medians differed
		# by chance; without it six boots gave 1348.6-1348.7 us.
		append="nokaslr norandmaps pidns_signal.scale=$scale${only:+ pidns_signal.only=$only}"
		for k in base patched; do
			n=$((n + 1))
			log=$out/raw/$c-$k-$i.log
			step "bench: boot $n of $total: $k kernel, $c clock, round $i"
			t0=$(date +%s)
			ACCEL=tcg "$PROJECT_ROOT/guest/run-qemu.sh" "${opts[@]}" --append "$append" \
				--log "$log" "${kout[$k]}/arch/x86/boot/bzImage" "$initrd" "$programs" || true
			secs=$(($(date +%s) - t0))
			awk -v c="$c" -v k="$k" -v i="$i" '
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
			printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$k" "$i" "$secs" "$klog" "$complete" >> "$out/boots.tsv"
			[ "$complete" = yes ] || step "bench: the $k guest did not finish (see ${log#"$PROJECT_ROOT"/})"
			[ "$klog" = pass ] || step "bench: the $k guest's kernel log has reports (see ${log#"$PROJECT_ROOT"/})"
		done
	done
done
echo "seconds $(($(date +%s) - t_start))" >> "$out/run.info"
step "bench: $total boots in $(($(date +%s) - t_start)) s; $(grep -c . "$out/results.tsv") figures in ${out#"$PROJECT_ROOT"/}/results.tsv"
