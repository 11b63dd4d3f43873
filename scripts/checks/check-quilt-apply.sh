#!/usr/bin/env bash
# Check that the base's queue (patches/series; BASE=7.2: patches-7.2/series)
# applies to the base with quilt (patch -p1) at
# fuzz 0, the way a distro builder applies it. Only the files the series
# touches are taken from the base, so the check takes a second. Prints one
# result line (tab-separated, as report-results.sh reads them).
set -euo pipefail
# shellcheck source=../common.sh
. "$(dirname "$0")/../common.sh"

[ -e "$LINUX_TREE/.git" ] || die "no ${LINUX_TREE#"$PROJECT_ROOT"/} tree" "run: make tree"
name="series applies with quilt push -a (patch -p1, fuzz 0)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The files that exist in the base and that some patch touches.
mapfile -t files < <(series_patches | while read -r p; do
	sed -n 's|^diff --git a/\([^ ]*\) b/.*|\1|p' "$QUEUE_DIR/$p"
done | sort -u | while read -r f; do
	git -C "$LINUX_TREE" cat-file -e "base:$f" 2>/dev/null && echo "$f"
done)
if [ ${#files[@]} -gt 0 ]; then
	git -C "$LINUX_TREE" archive base -- "${files[@]}" | tar -x -C "$tmp"
fi
ln -s "$QUEUE_DIR" "$tmp/patches"
if out=$(cd "$tmp" && QUILT_PATCHES=patches quilt push -a -q --fuzz=0 2>&1); then
	printf 'check\t%s\tpass\t\n' "$name"
else
	printf '%s\n' "$out" | tail -n 5 >&2
	printf 'check\t%s\tfail\t%s\n' "$name" "$(printf '%s' "$out" | grep -m1 -E 'FAILED|does not apply|fuzz' | tr '\t' ' ')"
fi
