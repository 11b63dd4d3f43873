#!/usr/bin/env bash
# Compile the kernel C files the series touches with W=1 and sparse (C=2)
# under config/coverage.config, at the base and at the tip, in the bisect
# worktree (build/bisect/linux, made by check-bisect-build.sh) with an output
# directory of its own (build/coverage), and fail on any warning the series
# adds. Prints one result line (tab-separated, as report-results.sh reads).
#   check-w1-sparse.sh FRAGMENT...   (as check-bisect-build.sh takes them)
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

wt=$BUILD_DIR/bisect/linux
out=$BUILD_DIR/coverage
log=$BUILD_DIR/logs/kernel-coverage.log
[ -e "$wt/.git" ] || die "no bisect worktree in $wt" "run scripts/check-bisect-build.sh first (make check does)"
tip=$(git -C "$LINUX_TREE" rev-parse HEAD)
mapfile -t objs < <(git -C "$LINUX_TREE" diff --name-only base "$tip" -- '*.c' |
	grep -v -e '^tools/' -e '^Documentation/' -e '^samples/' | sed 's/\.c$/.o/')
name="W=1 and sparse add no warning (${#objs[@]} kernel C files, coverage config)"
if [ ${#objs[@]} -eq 0 ]; then
	printf 'check\t%s\tpass\tthe series touches no kernel C file\n' "$name"
	exit 0
fi

# warnings_at REV: the W=1 and sparse warnings of the touched objects at REV,
# file:line:column dropped so that moved lines compare equal.
warnings_at() {
	local frags
	git -C "$wt" checkout -q --detach "$1"
	mapfile -t frags < <(fragment_paths "$wt" "${fragments[@]}")
	local existing=() o
	for o in "${objs[@]}"; do
		[ -f "$wt/${o%.o}.c" ] && existing+=("$o")
	done
	[ ${#existing[@]} -gt 0 ] || return 0
	KBUILD_TARGETS="${existing[*]}" KBUILD_FLAGS="W=1 C=2" \
		"$PROJECT_ROOT/scripts/build-kernel.sh" "$wt" "$out" "${frags[@]}" >&2 ||
		die "W=1/sparse compile failed at $1" "read $log"
	grep -E ': (warning|error): ' "$log" | sed -E 's|^[^ ]*/||; s|:[0-9]+:[0-9]+:|:|' | sort -u
}

fragments=("$@" config/coverage.config)
base_w=$(warnings_at base)
tip_w=$(warnings_at "$tip")
added=$(comm -13 <(printf '%s\n' "$base_w") <(printf '%s\n' "$tip_w") | grep . || true)
if [ -z "$added" ]; then
	printf 'check\t%s\tpass\t\n' "$name"
else
	printf '%s\n' "$added" | head -n 20 >&2 || true
	printf 'check\t%s\tfail\t%s new warnings\n' "$name" "$(printf '%s\n' "$added" | wc -l)"
fi
