#!/usr/bin/env bash
# Run scripts/kernel-doc -none -Wall on every C file and header the series
# touches, at the tip and at the base, and fail on any warning the series
# adds (the base has some of its own: undocumented syscall return values).
# Prints one result line (tab-separated, as report-results.sh reads them).
set -euo pipefail
# shellcheck source=../common.sh
. "$(dirname "$0")/../common.sh"

[ -e "$LINUX_TREE/.git" ] || die "no ${LINUX_TREE#"$PROJECT_ROOT"/} tree" "run: make tree"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# kernel-doc warnings of FILE (a path in the tree) at REV, line numbers
# dropped: "FILE:LINE: warning: ..." (6.12's perl kernel-doc) and
# "Warning: FILE:LINE ..." (7.2's python one).
warnings_at() {
	local rev=$1 file=$2
	git -C "$LINUX_TREE" cat-file -e "$rev:$file" 2>/dev/null || return 0
	mkdir -p "$tmp/$rev/$(dirname "$file")"
	git -C "$LINUX_TREE" show "$rev:$file" > "$tmp/$rev/$file"
	(cd "$tmp/$rev" && "$LINUX_TREE/scripts/kernel-doc" -none -Wall "$file" 2>&1) |
		sed -E 's/([^ :]+):[0-9]+(:| )/\1\2/' | sort -u
}

mapfile -t files < <(git -C "$LINUX_TREE" diff --name-only base HEAD -- '*.c' '*.h')
new=""
for f in "${files[@]}"; do
	added=$(comm -13 <(warnings_at base "$f") <(warnings_at HEAD "$f"))
	[ -z "$added" ] || new+="$added"$'\n'
done
name="kernel-doc -none -Wall adds no warning (${#files[@]} touched C files and headers)"
if [ -z "$new" ]; then
	printf 'check\t%s\tpass\t\n' "$name"
else
	printf '%s' "$new" >&2
	printf 'check\t%s\tfail\t%s new warnings\n' "$name" "$(printf '%s' "$new" | grep -c .)"
fi
