#!/usr/bin/env bash
# After every patch of the series, compile the kernel C files that patch
# touches with W=1 and sparse (C=2) under config/coverage.config, and fail a
# patch that adds a warning those files do not have at the base. A patch that
# touches a header compiles every kernel C file of the series. It runs in the
# bisect worktree (build/bisect/linux, made by check-bisect-build.sh) with an
# output directory of its own (build/coverage), so each step recompiles only
# the named objects. Files the coverage config does not build (another
# architecture's signal.c, say) are left to check-config-matrix.sh. Prints one
# result line per patch (tab-separated, as report-results.sh reads them).
#   check-w1-sparse.sh FRAGMENT...   (as check-bisect-build.sh takes them)
set -euo pipefail
# shellcheck source=../common.sh
. "$(dirname "$0")/../common.sh"

wt=$BUILD_DIR/bisect/linux
out=$BUILD_DIR/coverage
log=$BUILD_DIR/logs/kernel-coverage.log
[ -e "$wt/.git" ] || die "no bisect worktree in $wt" "run scripts/checks/check-bisect-build.sh first (make check does)"
fragments=("$@" config/coverage.config)

# kernel_c: the kernel C files among the paths on stdin, as objects.
kernel_c() {
	grep -E '\.c$' | grep -v -e '^tools/' -e '^Documentation/' -e '^samples/' -e '^scripts/' |
		sed 's/\.c$/.o/' || true
}

# warnings_at REV OBJ...: the W=1 and sparse warnings of OBJ... (those whose
# source exists at REV), line and column dropped (kernel-doc gives a line
# only) so that moved lines compare equal.
warnings_at() {
	local rev=$1 frags existing=() o
	shift
	git -C "$wt" checkout -q --detach "$rev"
	for o in "$@"; do
		[ -f "$wt/${o%.o}.c" ] && existing+=("$o")
	done
	[ ${#existing[@]} -gt 0 ] || return 0
	mapfile -t frags < <(fragment_paths "$wt" "${fragments[@]}")
	# Compile even an object that is up to date: its warnings are the point.
	rm -f "${existing[@]/#/$out/}"
	KBUILD_TARGETS="${existing[*]}" KBUILD_FLAGS="W=1 C=2" \
		"$PROJECT_ROOT/scripts/build-kernel.sh" "$wt" "$out" "${frags[@]}" >/dev/null 2>&1 || {
		show_log_tail "$log"
		die "W=1/sparse compile failed at $(git -C "$wt" log -1 --format='%h %s' "$rev")" "read $log"
	}
	# No match (status 1) is the good case; a grep error (2) still fails.
	{ grep -E ': (warning|error): ' "$log" || [ $? -eq 1 ]; } |
		sed -E 's|^[^ ]*/||; s|:[0-9]+(:[0-9]+)?:|:|' | sort -u
}

mapfile -t commits < <(git -C "$LINUX_TREE" rev-list --reverse base..HEAD)
mapfile -t touched < <(git -C "$LINUX_TREE" diff --name-only base HEAD | kernel_c)
# Configure at the tip, where every file of the series exists, and keep the
# objects that config compiles.
step "W=1/sparse: configuring (the objects config/coverage.config builds)"
git -C "$wt" checkout -q --detach "${commits[-1]}"
mapfile -t frags < <(fragment_paths "$wt" "${fragments[@]}")
KBUILD_TARGETS=syncconfig "$PROJECT_ROOT/scripts/build-kernel.sh" "$wt" "$out" "${frags[@]}" >/dev/null 2>&1 || {
	show_log_tail "$log"
	die "configuring the W=1/sparse build failed" "read $log"
}
mapfile -t all_objs < <("$PROJECT_ROOT/scripts/checks/kbuild-objs-in-config.sh" "$wt" "$out" x86 "${touched[@]}")
step "W=1/sparse: the base (${#all_objs[@]} kernel C files of the series)"
base_w=$(warnings_at base "${all_objs[@]}")
n=0
for c in "${commits[@]}"; do
	n=$((n + 1))
	subject=$(git -C "$LINUX_TREE" log -1 --format=%s "$c")
	name=$(printf 'W=1 and sparse after patch %02d %s' "$n" "$subject")
	mapfile -t objs < <(git -C "$LINUX_TREE" diff --name-only "$c^" "$c" | kernel_c |
		grep -Fx -f <(printf '%s\n' "${all_objs[@]}") || true)
	if git -C "$LINUX_TREE" diff --name-only "$c^" "$c" -- '*.h' ':!tools/' | grep -q .; then
		objs=("${all_objs[@]}")
	fi
	if [ ${#objs[@]} -eq 0 ]; then
		printf 'check\t%s\tpass\ttouches no kernel C file or header of this config\n' "$name"
		continue
	fi
	step "W=1/sparse: after patch $n/${#commits[@]}: ${objs[*]}"
	added=$(comm -13 <(printf '%s\n' "$base_w") <(warnings_at "$c" "${objs[@]}") | grep . || true)
	if [ -z "$added" ]; then
		printf 'check\t%s\tpass\t%s\n' "$name" "${objs[*]}"
	else
		printf '%s\n' "$added" | head -n 20 >&2 || true
		printf 'check\t%s\tfail\t%s new warnings, the first: %s\n' "$name" \
			"$(printf '%s\n' "$added" | wc -l)" "$(printf '%s\n' "$added" | head -n 1 | tr '\t' ' ')"
	fi
done
