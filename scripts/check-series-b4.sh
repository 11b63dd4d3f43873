#!/usr/bin/env bash
# Read a format-patch series back the way a maintainer takes it from the
# list: Debian's b4 ("b4 am") on the series as one mbox, then the patches b4
# gives applied with git am to the series' base in a scratch worktree of
# the base's tree; the result must be the tree's HEAD, byte for byte, and
# b4 must name every patch and the base-commit format-patch wrote. Prints
# what b4 said and the verdict; exits non-zero when the check fails.
#   check-series-b4.sh SERIES_DIR SCRATCH_DIR
# Two settings for Debian 12's b4 0.12.0: the headers of the mbox are
# unfolded (with bookworm's python3.11 security update, its email module
# refuses the folded Subject: b4 copies: "Header values may not contain
# linefeed"), and b4 gets an identity and a home of its own (it reads
# user.email for its trailer code, and keeps a cache in the home).
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

[ $# -eq 2 ] || die "usage: check-series-b4.sh SERIES_DIR SCRATCH_DIR"
dir=$1 scratch=$2
command -v b4 >/dev/null || die "b4 is not installed" "run: make deps"
mkdir -p "$scratch/b4-home" "$scratch/b4-out"
mapfile -t mails < <(find "$dir" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' | sort)
[ ${#mails[@]} -gt 1 ] || die "no series in $dir" "run: make series"
npatches=$((${#mails[@]} - 1))

# The mbox, each mail's header unfolded.
awk '/^From [0-9a-f]+ Mon Sep 17 00:00:00 2001$/ { if (buf != "") print buf; buf = ""; h = 1; print; next }
	h && /^$/ { if (buf != "") print buf; buf = ""; h = 0; print; next }
	h && /^[ \t]/ { sub(/^[ \t]+/, " "); buf = buf $0; next }
	h { if (buf != "") print buf; buf = $0; next }
	{ print }' "${mails[@]}" > "$scratch/series.mbox"
msgid=$(sed -n 's/^Message-I[Dd]: <\(.*\)>$/\1/p' "${mails[0]}" | head -n 1)
[ -n "$msgid" ] || die "the cover letter has no Message-ID" "make-series.sh formats with --thread"
want_base=$(sed -n 's/^base-commit: //p' "${mails[0]}")

echo "b4 $(b4 --version) am on ${npatches} patches and a cover letter (${dir#"$PROJECT_ROOT"/})"
rc=0
said=$(cd "$LINUX_TREE" && HOME=$scratch/b4-home GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_COUNT=2 \
	GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0="pidns_signal maintainers" \
	GIT_CONFIG_KEY_1=user.email GIT_CONFIG_VALUE_1=pidns-signal@lists.invalid \
	b4 am -C -m "$scratch/series.mbox" -o "$scratch/b4-out" -n series "$msgid" 2>&1) || rc=$?
printf '%s\n' "$said" | sed 's/^/  b4: /'
[ "$rc" -eq 0 ] || { echo "FAIL: b4 am exited with $rc"; exit 1; }
fail=0
total=$(printf '%s\n' "$said" | sed -n 's/^Total patches: //p')
if [ "$total" = "$npatches" ]; then
	echo "ok: b4 found all $npatches patches"
else
	echo "FAIL: b4 found ${total:-no} patches of $npatches"
	fail=1
fi
if printf '%s\n' "$said" | grep -q "Base: using specified base-commit $want_base"; then
	echo "ok: b4 takes the base-commit $want_base"
else
	echo "FAIL: b4 does not name the base-commit $want_base"
	fail=1
fi

# b4's patches on the series' base (the prerequisites included): the tree
# must be HEAD's.
wt=$scratch/wt
git -C "$LINUX_TREE" worktree add -q --detach "$wt" base
if git -C "$wt" -c user.name=check -c user.email=check@invalid am -q "$scratch/b4-out/series.mbx" >/dev/null 2>&1 &&
	[ "$(git -C "$wt" rev-parse 'HEAD^{tree}')" = "$(git -C "$LINUX_TREE" rev-parse 'HEAD^{tree}')" ]; then
	echo "ok: b4's patches, applied to base with git am, give the tree of ${LINUX_TREE#"$PROJECT_ROOT"/}'s HEAD"
else
	echo "FAIL: b4's patches applied to base do not give ${LINUX_TREE#"$PROJECT_ROOT"/}'s HEAD"
	fail=1
fi
git -C "$LINUX_TREE" worktree remove --force "$wt"
exit "$fail"
