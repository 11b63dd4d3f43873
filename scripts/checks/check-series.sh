#!/usr/bin/env bash
# Static checks of the patch queue, one result line each (tab-separated, as
# report-results.sh reads them) on stdout:
#   - patches/ round-trips: exporting build/linux gives patches/ byte for byte;
#   - scripts/checkpatch.pl --strict is clean on every patch;
#   - the project's shell scripts are shellcheck-clean.
# The series applying with git am is checked by 'make tree', which runs first.
set -euo pipefail
# shellcheck source=../common.sh
. "$(dirname "$0")/../common.sh"

result() {
	printf 'check\t%s\t%s\t%s\n' "$1" "$2" "${3:-}"
}

[ -d "$LINUX_TREE/.git" ] || die "no build/linux tree" "run: make tree"

tmp=$(mktemp -d)
# checkpatch.pl --strict leaves its CamelCase cache in the tree: remove it.
trap 'rm -rf "$tmp"; remove_build_products "$LINUX_TREE"' EXIT
# The queue as files: the series and every patch, with their checksums.
queue_sums() {
	(cd "$1" && { sha256sum series ./*.patch 2>/dev/null || true; }) | sort -k2
}
"$PROJECT_ROOT/scripts/export-patches.sh" --to "$tmp" 2>/dev/null
if diffs=$(diff <(queue_sums "$PROJECT_ROOT/patches") <(queue_sums "$tmp")); then
	result "patches/ equals an export of build/linux" pass
else
	result "patches/ equals an export of build/linux" fail \
		"differs: $(printf '%s\n' "$diffs" | awk '/^[<>]/ { print $3 }' | sort -u | tr '\n' ' ')"
fi

# Findings that stay are listed, with their reason, in patches/checkpatch-exceptions.
exceptions=$PROJECT_ROOT/patches/checkpatch-exceptions
while read -r p; do
	ignore=$(awk -v p="$p" '$1 == p { printf "%s%s", sep, $2; sep = "," }' \
		<(sed 's/#.*//' "$exceptions" 2>/dev/null))
	# /usr/bin first: checkpatch's spdxcheck.py needs Debian's python3 with
	# python3-ply and python3-git, not whichever python3 a PATH shim offers.
	out=$(cd "$LINUX_TREE" || exit; PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --quiet \
		--color=never ${ignore:+--ignore "$ignore"} "$PROJECT_ROOT/patches/$p" 2>&1) || true
	if [ -z "$out" ]; then
		result "checkpatch --strict $p" pass
	else
		printf '%s\n' "$out" >&2
		result "checkpatch --strict $p" fail \
			"$(printf '%s\n' "$out" | grep -cE '^(ERROR|WARNING|CHECK):') findings"
	fi
done < <(series_patches)

mapfile -t scripts < <(cd "$PROJECT_ROOT" && git ls-files -- '*.sh' .ci/run guest/init)
if out=$(cd "$PROJECT_ROOT" && shellcheck "${scripts[@]}" 2>&1); then
	result "shellcheck on ${#scripts[@]} project scripts" pass
else
	printf '%s\n' "$out" >&2
	result "shellcheck on ${#scripts[@]} project scripts" fail "see the findings above"
fi
