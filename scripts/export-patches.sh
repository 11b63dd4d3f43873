#!/usr/bin/env bash
# Regenerate patches/ (or --to DIR) from the commits on top of base in
# build/linux: git format-patch files with stable contents, and the series file.
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

dest=$PROJECT_ROOT/patches
if [ "${1:-}" = "--to" ]; then
	dest=$2
fi

[ -d "$LINUX_TREE/.git" ] || die "no build/linux tree" "run: make tree"

# A file left out of a commit would be left out of the export: refuse. The
# build products some selftests and checkpatch write into the tree are no
# such file.
remove_build_products "$LINUX_TREE"
dirty=$(git -C "$LINUX_TREE" status --porcelain --untracked-files=all --ignored)
if [ -n "$dirty" ]; then
	printf '%s\n' "$dirty" | head -n 20 >&2 || true
	die "build/linux has changes that no commit holds (above); they would be missing from patches/" \
		"commit the ones that belong to a patch (new files need 'git add --force': Debian's .gitignore ignores everything) and remove the others ('git -C build/linux clean -fdx' for untracked files), then run make export again"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# --zero-commit, --no-signature and a fixed abbreviation keep the files the
# same from one export to the next; --no-numbered keeps a patch's subject
# unchanged when another patch is added.
git -C "$LINUX_TREE" format-patch -q --zero-commit --no-signature --no-numbered \
	--abbrev=12 -o "$tmp" base..HEAD
(cd "$tmp" && find . -maxdepth 1 -name '*.patch' -printf '%f\n' | sort) > "$tmp/series"

mkdir -p "$dest"
find "$dest" -maxdepth 1 -name '*.patch' -delete
cp "$tmp"/*.patch "$dest"/ 2>/dev/null || true
cp "$tmp/series" "$dest/series"
step "export: $(wc -l < "$dest/series") patches written to $dest"
