#!/usr/bin/env bash
# Print the accelerator the guest should use: "kvm" only when a short probe
# boot under KVM reaches the guest's end, "tcg" otherwise. /dev/kvm alone
# proves nothing: on nested hypervisors it exists but QEMU aborts or hangs.
# probe-kvm.sh KERNEL INITRAMFS   (result cached per host boot in build/)
set -euo pipefail
# shellcheck source=../scripts/common.sh
. "$(dirname "$0")/../scripts/common.sh"

[ $# -eq 2 ] || die "usage: probe-kvm.sh KERNEL INITRAMFS"
if [ -n "${ACCEL:-}" ]; then
	echo "$ACCEL"
	exit 0
fi
cache=$BUILD_DIR/kvm-probe.$(cat /proc/sys/kernel/random/boot_id)
if [ -f "$cache" ]; then
	cat "$cache"
	exit 0
fi
result=tcg
if [ -w /dev/kvm ]; then
	log=$BUILD_DIR/logs/kvm-probe.log
	mkdir -p "$BUILD_DIR/logs"
	# The subshell keeps bash's "Aborted" notice (QEMU aborts here) off the
	# terminal; "|| true" inside it, since set -e applies there too.
	(timeout --foreground --kill-after=5 30 qemu-system-x86_64 -accel kvm -cpu host -smp 1 -m 512 \
		-nodefaults -no-reboot -display none -serial stdio \
		-kernel "$1" -initrd "$2" \
		-append "console=ttyS0 quiet panic=-1 pidns_signal.mode=probe" \
		< /dev/null > "$log" 2>&1 || true) 2>/dev/null
	if grep -q 'PIDNS-SIGNAL: done' "$log"; then
		result=kvm
	else
		step "guest: KVM probe failed ($(grep -m1 -v '^$' "$log" | tr -d '\r' | cut -c1-100)); using TCG"
	fi
fi
rm -f "$BUILD_DIR"/kvm-probe.*
echo "$result" | tee "$cache"
