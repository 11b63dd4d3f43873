#!/usr/bin/env bash
# Apply the man-pages queue (man-pages/series) to the man-pages release that
# scripts/upstream-sources.txt pins, unpacked afresh in DIR/tree, and render
# every page the queue adds or changes as the terminal shows it, into
# DIR/rendered/PAGE.txt (groff -man -t -Tutf8, 78 columns, plain text). Prints the
# changed pages, one a line, as paths below DIR/tree (man/man2/prctl.2 ...).
#   build-man-pages.sh DIR
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

[ $# -eq 1 ] || die "usage: build-man-pages.sh DIR"
dir=$1
queue=$PROJECT_ROOT/man-pages
mkdir -p "$dir"
"$PROJECT_ROOT/scripts/fetch-upstream-source.sh" manpages "$dir/tree" > /dev/null
apply_queue "$dir/tree" "$queue"

# The pages the queue adds or changes and that still exist after it.
mapfile -t pages < <(sed -e 's/#.*//' "$queue/series" | awk 'NF { print $1 }' |
	while read -r p; do
		sed -n 's|^+++ b/\(man/[^[:space:]]*\)|\1|p' "$queue/$p"
	done | sort -u | while read -r f; do
		[ -f "$dir/tree/$f" ] && echo "$f"
	done)
[ ${#pages[@]} -gt 0 ] || die "the man-pages queue changes no page under man/" "check man-pages/series"

rm -rf "$dir/rendered"
mkdir -p "$dir/rendered"
for f in "${pages[@]}"; do
	# .so requests name pages relative to man/, as man(1) resolves them.
	if ! (cd "$dir/tree/man" && groff -man -t -Tutf8 -rLL=78n -P-cbou "${f#man/}") \
		> "$dir/rendered/$(basename "$f").txt"; then
		die "groff cannot render $f" "fix the page in the man-pages queue"
	fi
	echo "$f"
done
step "man: ${#pages[@]} pages of the man-pages queue rendered in ${dir#"$PROJECT_ROOT"/}/rendered"
