#!/usr/bin/env bash
# Boot the guest kernel with the initramfs in QEMU.
#   run-qemu.sh [--shell] [--smp N] [--timeout SECS] [--test-timeout SECS] \
#               [--log FILE] [--mode run|bench|fuzz] [--icount SHIFT] [--append ARGS] \
#               KERNEL INITRAMFS [SUITES]
# Batch mode runs SUITES (comma-separated run_kselftest selectors such as
# pidns_signal or cgroup:test_kill), keeps the serial log in FILE, shows
# progress lines, and kills QEMU after SECS (exit 124). --shell gives an
# interactive busybox shell (Ctrl-A x quits QEMU). --mode bench runs the
# benchmark programs named in SUITES instead (guest/init); --mode fuzz runs
# make fuzz's load (fuzz/run/guest-fuzz.sh; its settings in --append).
# --icount SHIFT
# gives the guest a deterministic clock that counts instructions (one every
# 2^SHIFT ns; single-threaded TCG). --append adds kernel parameters.
# ARCH=arm64 in the environment boots an arm64 KERNEL (Image) on QEMU's virt
# machine (-M virt -cpu max, TCG: no KVM for it on this machine, console on
# its PL011, ttyAMA0); unset, an x86_64 one (bzImage, console ttyS0).
set -euo pipefail
# shellcheck source=../scripts/common.sh
. "$(dirname "$0")/../scripts/common.sh"

shell=0 smp=2 mem=2048 timeout=1800 test_timeout=300 mode=run icount="" append=""
log=$BUILD_DIR/logs/guest.log
while [ $# -gt 0 ]; do
	case "$1" in
	--shell) shell=1 ;;
	--smp) smp=$2; shift ;;
	--mem) mem=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--test-timeout) test_timeout=$2; shift ;;
	--log) log=$2; shift ;;
	--mode) mode=$2; shift ;;
	--icount) icount=$2; shift ;;
	--append) append=$2; shift ;;
	-*) die "unknown option $1" "see the usage at the top of $0" ;;
	*) break ;;
	esac
	shift
done
[ $# -ge 2 ] || die "usage: run-qemu.sh [options] KERNEL INITRAMFS [SUITES]"
kernel=$1 initrd=$2 suites=${3:-}
[ -f "$kernel" ] || die "no kernel at $kernel" "run: make kernel"
[ -f "$initrd" ] || die "no initramfs at $initrd" "run: make initramfs"

arch=$(guest_arch)
if [ "$arch" = arm64 ]; then
	accel=tcg
	qemu=(qemu-system-aarch64 -M virt -accel tcg -cpu max -smp "$smp" -m "$mem"
		-nodefaults -no-reboot -display none -kernel "$kernel" -initrd "$initrd")
	console=ttyAMA0
else
	accel=$("$PROJECT_ROOT/guest/probe-kvm.sh" "$kernel" "$initrd")
	cpu=max
	[ "$accel" = kvm ] && cpu=host
	qemu=(qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -smp "$smp" -m "$mem"
		-nodefaults -no-reboot -display none -kernel "$kernel" -initrd "$initrd")
	console=ttyS0
fi
cmdline="console=$console quiet panic=-1${append:+ $append}"
clock=""
if [ -n "$icount" ]; then
	[ "$accel" = tcg ] || die "--icount needs TCG, but the accelerator is $accel" "run with ACCEL=tcg"
	qemu+=(-icount "shift=$icount,align=off,sleep=off")
	clock=", icount shift=$icount"
fi

if [ "$shell" = 1 ]; then
	step "guest: booting a shell ($accel, -smp $smp); Ctrl-A x quits"
	exec "${qemu[@]}" -serial mon:stdio -append "$cmdline pidns_signal.mode=shell"
fi

mkdir -p "$(dirname "$log")"
step "guest: booting ($accel$clock, -smp $smp, ${mem} MiB), running $suites; log: ${log#"$PROJECT_ROOT"/}"
t0=$(date +%s%N)
set +e
timeout --foreground --kill-after=10 "$timeout" "${qemu[@]}" -serial stdio \
	-append "$cmdline pidns_signal.mode=$mode pidns_signal.run=$suites pidns_signal.timeout=$test_timeout" \
	< /dev/null 2>&1 | stdbuf -oL tr -d '\r' | tee "$log" | while IFS= read -r line; do
	case "$line" in
	"PIDNS-SIGNAL: init started"*)
		ms=$((($(date +%s%N) - t0) / 1000000))
		step "guest: reached /init after $((ms / 1000)).$(printf '%03d' $((ms % 1000))) s (${line#PIDNS-SIGNAL: init started, })"
		echo "boot_ms $ms" > "$log.boot"
		;;
	"PIDNS-SIGNAL: suite begin "* | "PIDNS-SIGNAL: bench begin "*) step "guest: ${line#PIDNS-SIGNAL: }" ;;
	"BENCH "*) step "guest:   $line" ;;
	"FUZZ: begin"* | "FUZZ: minute "* | "FUZZ: load ended" | "FUZZ: end" | \
		"FUZZ: churn done"* | "FUZZ: "*"Ran "*" syscalls"* | "FUZZ: endcheck "*) step "guest:   $line" ;;
	"ok "*" selftests: "* | "not ok "*" selftests: "*) step "guest:   $line" ;;
	esac
done
rc=${PIPESTATUS[0]}
set -e
secs=$((($(date +%s%N) - t0) / 1000000000))
echo "run_s $secs accel $accel" >> "$log.boot"
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	step "guest: killed after ${timeout} s without finishing"
	exit 124
fi
step "guest: QEMU exited ($rc) after $secs s"
