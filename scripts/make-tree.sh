#!/usr/bin/env bash
# Make the base's tree (build/linux; BASE=7.2: build/7.2/linux): Debian's
# linux-source package of the base as one git commit (tag "upstream"), the
# queue's prerequisites (QUEUE/prereq/series: fixes to the base posted on
# their own, which the series needs) applied by git am, tag "base", and the
# queue (QUEUE/series) on top. An existing tree is reused when it holds no
# work that the queue lacks; one still at the commit this script last applied
# is applied again when the queue has changed.
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

pkg=linux-source-$PIDNS_BASE
prereq=$QUEUE_DIR/prereq
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
		cat "$QUEUE_DIR/$p"
	done | git patch-id --stable | cut -d' ' -f1 | sort
}

# The patch-ids of the prerequisites: applied (upstream..base) and queued.
prereq_ids_applied() {
	tree_git rev-parse -q --verify upstream >/dev/null || return 0
	tree_git format-patch --stdout upstream..base | git patch-id --stable | cut -d' ' -f1 | sort
}

prereq_ids_queued() {
	local p
	queue_patches "$prereq" | while read -r p; do
		cat "$prereq/$p"
	done | git patch-id --stable | cut -d' ' -f1 | sort
}

# base_tarball: the base's source tarball; the 7.2 one is downloaded first.
base_tarball() {
	if [ -n "${BASE_TARBALL:-}" ]; then
		echo "$BASE_TARBALL"
	elif [ "$PIDNS_BASE" = 6.12 ]; then
		echo /usr/src/linux-source-6.12.tar.xz
	else
		"$PROJECT_ROOT/scripts/fetch-linux-source.sh"
	fi
}

# base_package_version: the Debian version of the base's package.
base_package_version() {
	if [ "$PIDNS_BASE" = 6.12 ]; then
		dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || echo unknown
	else
		awk -v p="$pkg" '$1 == p { print $2 }' "$PROJECT_ROOT/scripts/upstream-sources.txt"
	fi
}

unpack_base() {
	local tarball
	tarball=$(base_tarball)
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
	deb=$(base_package_version)
	# The tarball's time makes the base commit, and so its id, reproducible.
	date="@$(stat -c %Y "$tarball") +0000"

	step "tree: committing the upstream base (Linux $v.$p.$s$e, Debian $deb)"
	tree_git init -q
	tree_git config gc.auto 0
	tree_git config core.abbrev 12
	# Debian's top-level .gitignore ignores everything ("/*"): force the add
	# so that the base commit holds every file of the tarball.
	tree_git add --force --all .
	GIT_AUTHOR_DATE=$date GIT_COMMITTER_DATE=$date tree_git commit -q \
		-m "Linux $v.$p.$s$e (Debian $pkg $deb)" \
		-m "The base of the pidns_signal series: $(basename "$tarball") as Debian's
$pkg package ships it, unpacked unchanged."
	tree_git tag upstream
	tree_git tag base
	apply_prereq
}

# apply_prereq: the prerequisites on top of upstream, tagged base. A tree
# made before the upstream tag existed has none to apply.
apply_prereq() {
	local p n=0 out
	tree_git rev-parse -q --verify upstream >/dev/null || return 0
	tree_git reset -q --hard upstream
	while read -r p; do
		n=$((n + 1))
		if ! out=$(tree_git am -q --committer-date-is-author-date "$prereq/$p" 2>&1); then
			tree_git am --abort >/dev/null 2>&1 || true
			printf '%s\n' "$out" >&2
			die "$QUEUE_NAME/prereq/$p does not apply to the upstream base" \
				"rebase it on the upstream base (tag upstream in ${LINUX_TREE#"$PROJECT_ROOT"/})"
		fi
	done < <(queue_patches "$prereq")
	tree_git tag -f base >/dev/null
	[ "$n" -eq 0 ] || step "tree: applied $n prerequisite(s) from $QUEUE_NAME/prereq; tagged base"
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
		die "$tree has changes that no commit holds (above); resetting it to the queue would lose them" \
			"if they are part of a patch, commit them in $tree (git add --force for new files) and run 'make export'; if not, remove them ('git -C $tree stash -u', or 'git -C $tree clean -fdx' for untracked files); then run make again"
	fi
	# Commits that this script applied and nobody changed since came from
	# an earlier patches/ (a git pull, a checkout): nothing to keep.
	if [ "$(tree_git rev-parse -q --verify "$applied_ref")" = "$(tree_git rev-parse HEAD)" ]; then
		step "tree: $QUEUE_NAME/ changed since $tree was made; applying it again"
		tree_git reset -q --hard base
		return
	fi
	unexported=$(comm -23 <(tree_patch_ids) <(queue_patch_ids))
	if [ -n "$unexported" ]; then
		die "$tree holds commits that $QUEUE_NAME/ does not have" \
			"run 'make export' to keep them (then commit $QUEUE_NAME/), or 'rm -rf $tree' to drop them"
	fi
	tree_git reset -q --hard base
}

# The prerequisites in the tree are those of the queue (a change to them
# moves base).
prereq_current() {
	[ "$(prereq_ids_applied)" = "$(prereq_ids_queued)" ]
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
			cmp -s "$QUEUE_DIR/$p" "$tmp/$p" || { ok=0; break; }
		done < <(series_patches)
	fi
	rm -rf "$tmp"
	[ "$ok" = 1 ]
}

apply_series() {
	local p n=0 out
	while read -r p; do
		n=$((n + 1))
		[ -f "$QUEUE_DIR/$p" ] || die "$QUEUE_NAME/series names $p, which does not exist" "fix $QUEUE_NAME/series"
		if ! out=$(tree_git am -q --committer-date-is-author-date "$QUEUE_DIR/$p" 2>&1); then
			tree_git am --abort >/dev/null 2>&1 || true
			printf '%s\n' "$out" | grep -E '^(error|Patch failed)' >&2 || printf '%s\n' "$out" >&2
			die "$QUEUE_NAME/$p does not apply to the base (the file and line are above)" \
				"rebase it in $tree (git am, fix, git am --continue), then run 'make export'"
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

# The tree as the user names it.
tree=${LINUX_TREE#"$PROJECT_ROOT"/}
mkdir -p "$BUILD_DIR"
if [ -e "$LINUX_TREE/.git" ] && tree_git rev-parse -q --verify base >/dev/null; then
	if prereq_current && tree_matches_queue; then
		record_applied
		step "tree: $tree already is base + $QUEUE_NAME/series"
		exit 0
	fi
	reset_to_base
	prereq_current || apply_prereq
else
	unpack_base
fi
apply_series
