#!/usr/bin/env bash
# Static checks of the patch queue, one result line each (tab-separated, as
# report-results.sh reads them) on stdout:
#   - the base's queue round-trips: exporting its tree (build/linux; BASE=7.2:
#     build/7.2/linux) gives the queue (patches/; patches-7.2/) byte for byte;
#   - scripts/checkpatch.pl --strict of the base's tree is clean on every
#     patch of the queue and of its prerequisites (QUEUE/prereq);
#   - the project's shell scripts are shellcheck-clean.
# The series applying with git am is checked by 'make tree', which runs first.
set -euo pipefail
# shellcheck source=../common.sh
. "$(dirname "$0")/../common.sh"

result() {
	printf 'check\t%s\t%s\t%s\n' "$1" "$2" "${3:-}"
}

tree=${LINUX_TREE#"$PROJECT_ROOT"/}
[ -e "$LINUX_TREE/.git" ] || die "no $tree tree" "run: make tree"

tmp=$(mktemp -d)
# checkpatch.pl --strict leaves its CamelCase cache in the tree: remove it.
trap 'rm -rf "$tmp"; remove_build_products "$LINUX_TREE"' EXIT
# The queue as files: the series and every patch, with their checksums.
queue_sums() {
	(cd "$1" && { sha256sum series ./*.patch prereq/series prereq/*.patch 2>/dev/null || true; }) | sort -k2
}
"$PROJECT_ROOT/scripts/export-patches.sh" --to "$tmp" 2>/dev/null
if diffs=$(diff <(queue_sums "$QUEUE_DIR") <(queue_sums "$tmp")); then
	result "$QUEUE_NAME/ equals an export of $tree" pass
else
	result "$QUEUE_NAME/ equals an export of $tree" fail \
		"differs: $(printf '%s\n' "$diffs" | awk '/^[<>]/ { print $3 }' | sort -u | tr '\n' ' ')"
fi

# Findings that stay are listed, with their reason, in the queue's
# checkpatch-exceptions.
exceptions=$QUEUE_DIR/checkpatch-exceptions
while read -r p; do
	ignore=$(awk -v p="$p" '$1 == p { printf "%s%s", sep, $2; sep = "," }' \
		<(sed 's/#.*//' "$exceptions" 2>/dev/null))
	# /usr/bin first: checkpatch's spdxcheck.py needs Debian's python3 with
	# python3-ply and python3-git, not whichever python3 a PATH shim offers.
	out=$(cd "$LINUX_TREE" || exit; PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --quiet \
		--color=never ${ignore:+--ignore "$ignore"} "$QUEUE_DIR/$p" 2>&1) || true
	if [ -z "$out" ]; then
		result "checkpatch --strict $p" pass
	else
		printf '%s\n' "$out" >&2
		result "checkpatch --strict $p" fail \
			"$(printf '%s\n' "$out" | grep -cE '^(ERROR|WARNING|CHECK):') findings"
	fi
done < <(queue_patches "$QUEUE_DIR/prereq" | sed 's|^|prereq/|'
	series_patches)

mapfile -t scripts < <(cd "$PROJECT_ROOT" && git ls-files -- '*.sh' .ci/run guest/init)
if out=$(cd "$PROJECT_ROOT" && shellcheck "${scripts[@]}" 2>&1); then
	result "shellcheck on ${#scripts[@]} project scripts" pass
else
	printf '%s\n' "$out" >&2
	result "shellcheck on ${#scripts[@]} project scripts" fail "see the findings above"
fi
