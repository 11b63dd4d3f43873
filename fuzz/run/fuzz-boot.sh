#!/usr/bin/env bash
# One make fuzz guest: boot KERNEL_OUT's bzImage with the fuzz initramfs,
# run fuzz/run/guest-fuzz.sh for MINUTES with SEED, and write into OUT:
# serial.log, reports.tsv (fuzz-reports.sh) and figures.tsv, one
# "NAME<TAB>VALUE" a line: minutes, seed, whether the guest ran to its
# end (finished 1/0), the system calls trinity executed as root and as
# nobody, churn's counters, /proc/sys/kernel/tainted before and after the
# load, the endcheck's passed and failed checks, the kernel reports.
#   fuzz-boot.sh OUT KERNEL_OUT INITRAMFS MINUTES SEED
# Environment: FUZZ_GUEST_MEM (4096 MiB).
set -euo pipefail
# shellcheck source=../../scripts/common.sh
. "$(dirname "$0")/../../scripts/common.sh"

[ $# -eq 5 ] || die "usage: fuzz-boot.sh OUT KERNEL_OUT INITRAMFS MINUTES SEED"
out=$1 kout=$2 initrd=$3 minutes=$4 seed=$5
mem=${FUZZ_GUEST_MEM:-4096}
case "$minutes" in
'' | *[!0-9]*) minutes=0 ;;
*) minutes=$((10#$minutes)) ;;
esac
[ "$minutes" -gt 0 ] || die "FUZZ_MINUTES must be a positive number of minutes, not '$4'" \
	"run: make fuzz FUZZ_MINUTES=10"
rm -rf "$out"
mkdir -p "$out"
log=$out/serial.log
# The load runs MINUTES, then up to two more while it winds down, then the
# end check; a debug kernel boots and ends slowly under TCG.
limit=$((minutes * 60 + 900))
# A kernel log of 16 MiB: WARN and lockdep reports reach the serial log only
# through /init's dmesg dump at the end (the console is quiet), and the
# default 128 KiB could wrap in a long run.
"$PROJECT_ROOT/guest/run-qemu.sh" --mode fuzz --log "$log" --mem "$mem" --timeout "$limit" \
	--append "log_buf_len=16M pidns_signal.minutes=$minutes pidns_signal.seed=$seed" \
	"$(kernel_image "$kout")" "$initrd" fuzz || true
"$PROJECT_ROOT/fuzz/run/fuzz-reports.sh" "$log" > "$out/reports.tsv"

# fig NAME SED-EXPRESSION: the first match of the expression in the log.
fig() {
	printf '%s\t%s\n' "$1" "$(sed -n "$2" "$log" | head -n 1)"
}
{
	printf 'minutes\t%s\nseed\t%s\n' "$minutes" "$seed"
	printf 'finished\t%s\n' "$(grep -c -m1 '^FUZZ: end$' "$log" || true)"
	fig trinity_root_syscalls 's/^FUZZ: trinity-root: .*Ran \([0-9]*\) syscalls.*/\1/p'
	fig trinity_nobody_syscalls 's/^FUZZ: trinity-nobody: .*Ran \([0-9]*\) syscalls.*/\1/p'
	for c in ops signals_written kills_written forks execs threads orphans notices lost reexecs flips; do
		fig "churn_$c" "s/^FUZZ: churn done.* $c=\([0-9]*\).*/\1/p"
	done
	fig tainted_before 's/^FUZZ: tainted before=\([0-9]*\) after=.*/\1/p'
	fig tainted_after 's/^FUZZ: tainted before=[0-9]* after=\([0-9]*\).*/\1/p'
	fig endcheck_passed 's/^FUZZ: endcheck passed=\([0-9]*\) failed=.*/\1/p'
	fig endcheck_failed 's/^FUZZ: endcheck passed=[0-9]* failed=\([0-9]*\).*/\1/p'
	printf 'reports\t%s\n' "$(wc -l < "$out/reports.tsv")"
} > "$out/figures.tsv"
step "fuzz[$(basename "$out")]: $(awk -F'\t' '{ printf "%s%s=%s", (NR > 1 ? " " : ""), $1, $2 } END { print "" }' "$out/figures.tsv")"
