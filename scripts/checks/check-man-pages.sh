#!/usr/bin/env bash
# Check the man-pages queue the way the man-pages project lints its pages:
# the queue applies with git am and with quilt, and every page it adds or
# changes is clean under mandoc -Tlint (less the messages the project's
# share/mk/lint/man/mandoc.ignore.grep ignores) and under groff -ww (every
# warning), and renders. Pages rendered for reading in build/man/rendered.
# Prints result lines (tab-separated, as report-results.sh reads them).
set -euo pipefail
# shellcheck source=../common.sh
. "$(dirname "$0")/../common.sh"

dir=$BUILD_DIR/man
queue=$PROJECT_ROOT/man-pages
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# result NAME OUTPUT: pass when OUTPUT is empty, else fail with its first line.
result() {
	if [ -z "$2" ]; then
		printf 'check\t%s\tpass\t\n' "$1"
	else
		printf '%s\n' "$2" | head -n 20 >&2
		printf 'check\t%s\tfail\t%s\n' "$1" "$(printf '%s' "$2" | head -n 1 | tr '\t' ' ')"
	fi
}

# git am: the form in which the patches are posted.
"$PROJECT_ROOT/scripts/fetch-upstream-source.sh" manpages "$tmp/am" > /dev/null 2>&1
out=$( (cd "$tmp/am" && git init -q && git add -A &&
	git -c user.name=check -c user.email=check@invalid commit -qm base &&
	sed -e 's/#.*//' "$queue/series" | awk 'NF { print "'"$queue"'/" $1 }' |
		xargs git -c user.name=check -c user.email=check@invalid am -q) 2>&1) || out=${out:-git am failed}
result "man-pages: queue applies with git am" "$out"

if ! mapfile -t pages < <("$PROJECT_ROOT/scripts/build-man-pages.sh" "$dir" 2> "$tmp/build.err"); then
	result "man-pages: queue applies with quilt and renders" "$(cat "$tmp/build.err")"
	exit 0
fi
result "man-pages: queue applies with quilt and renders" ""
ignore=$dir/tree/share/mk/lint/man/mandoc.ignore.grep
for f in "${pages[@]}"; do
	page=${f#man/}
	if grep -q '^\.so ' "$dir/tree/$f"; then
		# A link page: mandoc and groff read the page it names.
		target=$(sed -n 's/^\.so //p' "$dir/tree/$f")
		[ -f "$dir/tree/man/$target" ] || result "$page: .so target exists" "no man/$target"
		continue
	fi
	result "$page: mandoc -Tlint" "$( (cd "$dir/tree/man" && mandoc -Tlint -man "$page" 2>&1) | grep -v -f "$ignore" || true)"
	result "$page: groff -ww" "$( (cd "$dir/tree/man" && groff -man -t -ww -z "$page" 2>&1) || echo "groff failed on $page")"
done
