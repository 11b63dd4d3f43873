#!/usr/bin/env bash
# Build a guest kernel: build-kernel.sh SRC OUT FRAGMENT...
# Merges the fragments onto kernel/configs/tiny-base.config (allnoconfig) with
# the tree's merge_config.sh, fails when an option did not survive, and builds
# bzImage with ccache into OUT (SRC stays clean). KBUILD_TARGETS and
# KBUILD_FLAGS (default: bzImage, none) build other targets, such as single
# objects with W=1 C=2. ARCH and CROSS_COMPILE in the environment (default:
# the machine's) cross-build, as kbuild reads them; for arm64:
#   ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- KBUILD_TARGETS=Image build-kernel.sh ...
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

[ $# -ge 3 ] || die "usage: build-kernel.sh SRC OUT FRAGMENT..."
src=$(cd "$1" && pwd)
out=$2
shift 2
mkdir -p "$out" "$BUILD_DIR/logs"
out=$(cd "$out" && pwd)
name=$(basename "$out")
log=$BUILD_DIR/logs/kernel-$name.log
frags=()
for f in "$@"; do
	[ -f "$f" ] || die "config fragment $f not found" "check the FRAGMENTS list in the Makefile"
	frags+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")")
done

# One log per invocation: the merge (when it runs) and the build.
: > "$log"

# Merge only when a fragment changed, so an unchanged config costs nothing.
stamp=$(cat "$src/kernel/configs/tiny-base.config" "${frags[@]}" | sha256sum | cut -d' ' -f1)
if [ ! -f "$out/.config" ] || [ "$(cat "$out/.config.stamp" 2>/dev/null)" != "$stamp" ]; then
	step "kernel[$name]: merging config (${#frags[@]} fragments)"
	rm -f "$out/.config.stamp"
	if ! (cd "$src" && scripts/kconfig/merge_config.sh -n -O "$out" \
		kernel/configs/tiny-base.config "${frags[@]}") >> "$log" 2>&1; then
		show_log_tail "$log"
		die "merge_config.sh failed" "read $log"
	fi
	if grep -q 'not in final .config' "$log"; then
		grep -A2 'Value requested for' "$log" >&2
		die "config options above were dropped by olddefconfig (a dependency is missing)" \
			"add the dependency to the fragment that asks for the option, then run make again"
	fi
	echo "$stamp" > "$out/.config.stamp"
fi

jobs=$(nproc)
targets=${KBUILD_TARGETS:-bzImage}
read -r -a flags <<< "${KBUILD_FLAGS:-}"
step "kernel[$name]: building $targets (-j$jobs, ccache; log: ${log#"$PROJECT_ROOT"/})"
t0=$(date +%s)
# shellcheck disable=SC2086
if ! make -C "$src" O="$out" -j"$jobs" CC="ccache ${CROSS_COMPILE:-}gcc" HOSTCC="ccache gcc" \
	KBUILD_BUILD_USER=pidns_signal KBUILD_BUILD_HOST=guest "${flags[@]}" $targets >> "$log" 2>&1; then
	show_log_tail "$log"
	die "kernel build failed" "read $log; the compiler error is near its end"
fi
step "kernel[$name]: built $targets in $(($(date +%s) - t0)) s in ${out#"$PROJECT_ROOT"/}"
