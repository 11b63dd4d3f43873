#!/usr/bin/env bash
# Make build/linux: the Debian linux-source-6.12 base as one git commit (tag
# "base"), with patches/series applied on top by git am. An existing tree is
# reused when it holds no work that patches/ lacks; one still at the commit
# this script last applied is applied again when patches/ has changed.
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

tarball=${BASE_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
ident=(-c "user.name=pidns_signal maintainers" -c "user.email=pidns-signal@lists.invalid")
# The commit the queue was last applied up to, kept by git itself.
applied_ref=refs/pidns-signal/applied

tree_git() {
	git -C "$LINUX_TREE" "${ident[@]}" "$@"
}

# The patch-ids of the commits on top of base, and of the queue, one a line.
tree_patch_ids() {
	tree_git format-patch --stdout base..HEAD | git patch-id --stable | cut -d' ' -f1 | sort
}

queue_patch_ids() {
	local p
	series_patches | while read -r p; do
		cat "$PROJECT_ROOT/patches/$p"
	done | git patch-id --stable | cut -d' ' -f1 | sort
}

unpack_base() {
	[ -f "$tarball" ] || die "$tarball not found" "run: make deps   (installs linux-source-6.12)"
	local tmp=$BUILD_DIR/unpack.tmp
	rm -rf "$tmp" "$LINUX_TREE"
	mkdir -p "$tmp"
	step "tree: unpacking $tarball"
	tar -xf "$tarball" -C "$tmp"
	mv "$tmp"/linux-source-* "$LINUX_TREE"
	rmdir "$tmp"

	local v p s e deb date
	v=$(sed -n 's/^VERSION = //p' "$LINUX_TREE/Makefile")
	p=$(sed -n 's/^PATCHLEVEL = //p' "$LINUX_TREE/Makefile")
	s=$(sed -n 's/^SUBLEVEL = //p' "$LINUX_TREE/Makefile")
	e=$(sed -n 's/^EXTRAVERSION = *//p' "$LINUX_TREE/Makefile")
	deb=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || echo unknown)
	# The tarball's time makes the base commit, and so its id, reproducible.
	date="@$(stat -c %Y "$tarball") +0000"

	step "tree: committing the base (Linux $v.$p.$s$e, Debian $deb)"
	tree_git init -q
	tree_git config gc.auto 0
	tree_git config core.abbrev 12
	# Debian's top-level .gitignore ignores everything ("/*"): force the add
	# so that the base commit holds every file of the tarball.
	tree_git add --force --all .
	GIT_AUTHOR_DATE=$date GIT_COMMITTER_DATE=$date tree_git commit -q \
		-m "Linux $v.$p.$s$e (Debian linux-source-6.12 $deb)" \
		-m "The base of the pidns_signal series: $(basename "$tarball") as Debian's
linux-source-6.12 package ships it, unpacked unchanged."
	tree_git tag base
}

reset_to_base() {
	local dirty unexported
	# A git am that was interrupted (make stopped while applying the series)
	# leaves its state behind; the queue is applied again from the base.
	local am_state
	am_state="$(tree_git rev-parse --absolute-git-dir)/rebase-apply"
	if [ -d "$am_state" ]; then
		step "tree: dropping an interrupted git am"
		tree_git am --abort >/dev/null 2>&1 || rm -rf "$am_state"
		tree_git reset -q --hard
	fi
	remove_build_products "$LINUX_TREE"
	dirty=$(tree_git status --porcelain --untracked-files=all --ignored)
	if [ -n "$dirty" ]; then
		printf '%s\n' "$dirty" | head -n 20 >&2 || true
		die "build/linux has changes that no commit holds (above); resetting it to the queue would lose them" \
			"if they are part of a patch, commit them in build/linux (git add --force for new files) and run 'make export'; if not, remove them ('git -C build/linux stash -u', or 'git -C build/linux clean -fdx' for untracked files); then run make again"
	fi
	# Commits that this script applied and nobody changed since came from
	# an earlier patches/ (a git pull, a checkout): nothing to keep.
	if [ "$(tree_git rev-parse -q --verify "$applied_ref")" = "$(tree_git rev-parse HEAD)" ]; then
		step "tree: patches/ changed since build/linux was made; applying it again"
		tree_git reset -q --hard base
		return
	fi
	unexported=$(comm -23 <(tree_patch_ids) <(queue_patch_ids))
	if [ -n "$unexported" ]; then
		die "build/linux holds commits that patches/ does not have" \
			"run 'make export' to keep them (then commit patches/), or 'rm -rf build/linux' to drop them"
	fi
	tree_git reset -q --hard base
}

# True when the tree already is base + the queue, byte for byte as exported.
tree_matches_queue() {
	local tmp ok=1 p
	tmp=$(mktemp -d)
	"$PROJECT_ROOT/scripts/export-patches.sh" --to "$tmp" >/dev/null 2>&1 || ok=0
	if [ "$ok" = 1 ]; then
		diff -q <(series_patches) "$tmp/series" >/dev/null 2>&1 || ok=0
	fi
	if [ "$ok" = 1 ]; then
		while read -r p; do
			cmp -s "$PROJECT_ROOT/patches/$p" "$tmp/$p" || { ok=0; break; }
		done < <(series_patches)
	fi
	rm -rf "$tmp"
	[ "$ok" = 1 ]
}

apply_series() {
	local p n=0 out
	while read -r p; do
		n=$((n + 1))
		[ -f "$PROJECT_ROOT/patches/$p" ] || die "patches/series names $p, which does not exist" "fix patches/series"
		if ! out=$(tree_git am -q --committer-date-is-author-date "$PROJECT_ROOT/patches/$p" 2>&1); then
			tree_git am --abort >/dev/null 2>&1 || true
			printf '%s\n' "$out" | grep -E '^(error|Patch failed)' >&2 || printf '%s\n' "$out" >&2
			die "patches/$p does not apply to the base (the file and line are above)" \
				"rebase it in build/linux (git am, fix, git am --continue), then run 'make export'"
		fi
	done < <(series_patches)
	record_applied
	step "tree: applied $n patches"
}

# Remember the commit the queue was applied up to: a tree still at it holds
# no work of its own.
record_applied() {
	tree_git update-ref "$applied_ref" HEAD
}

mkdir -p "$BUILD_DIR"
if [ -d "$LINUX_TREE/.git" ] && tree_git rev-parse -q --verify base >/dev/null; then
	if tree_matches_queue; then
		record_applied
		step "tree: build/linux already is base + patches/series"
		exit 0
	fi
	reset_to_base
else
	unpack_base
fi
apply_series
