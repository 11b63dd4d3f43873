#!/usr/bin/env bash
# One guest run: boot KERNEL_OUT's bzImage with INITRAMFS, run SUITES, and
# write the results (tab-separated, see parse-tap.awk) to build/results/NAME/.
#   run-tests.sh NAME KERNEL_OUT INITRAMFS SUITES [run-qemu.sh options]
# ARCH=arm64 in the environment boots KERNEL_OUT's arm64 Image instead
# (kernel_image in common.sh; run-qemu.sh reads ARCH too).
set -euo pipefail
# shellcheck source=../scripts/common.sh
. "$(dirname "$0")/../scripts/common.sh"

[ $# -ge 4 ] || die "usage: run-tests.sh NAME KERNEL_OUT INITRAMFS SUITES [run-qemu.sh options]"
name=$1 kout=$2 initrd=$3 suites=$4
shift 4
results=$BUILD_DIR/results/$name
log=$BUILD_DIR/logs/guest-$name.log
rm -rf "$results"
mkdir -p "$results"

image=$(kernel_image "$kout")
"$PROJECT_ROOT/guest/run-qemu.sh" --log "$log" "$@" "$image" "$initrd" "$suites" || true
awk -v suites="$suites" -f "$PROJECT_ROOT/guest/parse-tap.awk" "$log" > "$results/tests.tsv"
"$PROJECT_ROOT/guest/check-kernel-log.sh" "$log" > "$results/kernel-log.tsv"
cp "$log.boot" "$results/timing" 2>/dev/null || true
