#!/usr/bin/env bash
# Build the guest kernel after every patch of the series, in a worktree of
# its own (build/bisect/linux), so that a patch that breaks the build, or adds
# a compiler warning, is named even when a later patch hides it. Prints one
# result line per patch (tab-separated, as report-results.sh reads them).
#   check-bisect-build.sh FRAGMENT...  (paths relative to the kernel tree or
#                                        to the project; missing ones skipped)
set -euo pipefail
# shellcheck source=../common.sh
. "$(dirname "$0")/../common.sh"

[ -e "$LINUX_TREE/.git" ] || die "no ${LINUX_TREE#"$PROJECT_ROOT"/} tree" "run: make tree"
wt=$BUILD_DIR/bisect/linux
out=$BUILD_DIR/bisect/kernel
log=$BUILD_DIR/logs/kernel-kernel.log
if [ ! -e "$wt/.git" ]; then
	mkdir -p "$BUILD_DIR/bisect"
	git -C "$LINUX_TREE" worktree add -q --detach "$wt" base
fi

mapfile -t commits < <(git -C "$LINUX_TREE" rev-list --reverse base..HEAD)
n=0
for c in "${commits[@]}"; do
	n=$((n + 1))
	subject=$(git -C "$LINUX_TREE" log -1 --format=%s "$c")
	git -C "$wt" checkout -q --detach "$c"
	mapfile -t frags < <(fragment_paths "$wt" "$@")
	step "bisect: building after patch $n/${#commits[@]}: $subject"
	if ! "$PROJECT_ROOT/scripts/build-kernel.sh" "$wt" "$out" "${frags[@]}" >/dev/null 2>&1; then
		# The next build starts a fresh log: keep this one.
		kept=$BUILD_DIR/logs/bisect-$(printf %02d "$n").log
		cp "$log" "$kept"
		grep -m 3 'error: ' "$kept" >&2 || true
		printf 'check\tbisect build %02d %s\tfail\tbuild failed: see %s\n' "$n" "$subject" \
			"${kept#"$PROJECT_ROOT"/}"
		continue
	fi
	warnings=$(grep -E '(warning|error): ' "$log" | grep -v '^make' | sort -u || true)
	if [ -n "$warnings" ]; then
		printf '%s\n' "$warnings" | head -n 10 >&2 || true
		printf 'check\tbisect build %02d %s\tfail\t%s compiler warnings\n' "$n" "$subject" \
			"$(printf '%s\n' "$warnings" | wc -l)"
	else
		printf 'check\tbisect build %02d %s\tpass\t\n' "$n" "$subject"
	fi
done
