#!/usr/bin/env bash
# Regenerate the base's queue (patches/; BASE=7.2: patches-7.2/), or --to
# DIR, from the commits on top of base in its tree (build/linux; BASE=7.2:
# build/7.2/linux): git format-patch files with stable contents, and the
# series file; and the prerequisites between the upstream tag and base into
# QUEUE/prereq (DIR/prereq), when there are any.
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

dest=$QUEUE_DIR
if [ "${1:-}" = "--to" ]; then
	dest=$2
fi

tree=${LINUX_TREE#"$PROJECT_ROOT"/}
[ -e "$LINUX_TREE/.git" ] || die "no $tree tree" "run: make tree"

# A file left out of a commit would be left out of the export: refuse. The
# build products some selftests and checkpatch write into the tree are no
# such file.
remove_build_products "$LINUX_TREE"
dirty=$(git -C "$LINUX_TREE" status --porcelain --untracked-files=all --ignored)
if [ -n "$dirty" ]; then
	printf '%s\n' "$dirty" | head -n 20 >&2 || true
	die "$tree has changes that no commit holds (above); they would be missing from $QUEUE_NAME/" \
		"commit the ones that belong to a patch (new files need 'git add --force': Debian's .gitignore ignores everything) and remove the others ('git -C $tree clean -fdx' for untracked files), then run make export again"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# export_range RANGE DIR: the commits of RANGE as patches and a series file in DIR.
# --zero-commit, --no-signature and a fixed abbreviation keep the files the
# same from one export to the next; --no-numbered keeps a patch's subject
# unchanged when another patch is added.
export_range() {
	local range=$1 to=$2
	rm -rf "$tmp/out"
	mkdir -p "$tmp/out"
	git -C "$LINUX_TREE" format-patch -q --zero-commit --no-signature --no-numbered \
		--abbrev=12 -o "$tmp/out" "$range"
	(cd "$tmp/out" && find . -maxdepth 1 -name '*.patch' -printf '%f\n' | sort) > "$tmp/out/series"
	mkdir -p "$to"
	find "$to" -maxdepth 1 -name '*.patch' -delete
	cp "$tmp"/out/*.patch "$to"/ 2>/dev/null || true
	cp "$tmp/out/series" "$to/series"
}

export_range base..HEAD "$dest"
step "export: $(wc -l < "$dest/series") patches written to $dest"
if git -C "$LINUX_TREE" rev-parse -q --verify upstream >/dev/null &&
	[ -n "$(git -C "$LINUX_TREE" rev-list upstream..base)" ]; then
	export_range upstream..base "$dest/prereq"
	step "export: $(wc -l < "$dest/prereq/series") prerequisite(s) written to $dest/prereq"
fi
