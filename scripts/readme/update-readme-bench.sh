#!/usr/bin/env bash
# Rewrite README.md's benchmark results (between the "bench:begin" and
# "bench:end" markers) from the last `make bench` in build/bench, so that
# the numbers in the README are never typed by hand.
set -euo pipefail
# shellcheck source=../common.sh
. "$(dirname "$0")/../common.sh"

dir=$BUILD_DIR/bench
readme=$PROJECT_ROOT/README.md
[ -f "$dir/table.md" ] || die "no results of make bench in $dir" "run: make bench"
grep -q '^<!-- bench:begin' "$readme" || die "README.md has no benchmark markers" \
	"add the two lines '<!-- bench:begin -->' and '<!-- bench:end -->' where the table goes"

section=$(mktemp)
trap 'rm -f "$section"' EXIT
{
	echo "<!-- bench:begin (written by scripts/readme/update-readme-bench.sh; do not edit) -->"
	echo "### Last results"
	echo
	echo "Made by \`$(cat "$dir/command" 2> /dev/null || echo 'make bench')\`."
	cat "$dir/table.md"
	echo "<!-- bench:end -->"
} > "$section"
awk -v f="$section" '
	/^<!-- bench:begin/ { while ((getline l < f) > 0) print l; skip = 1; next }
	/^<!-- bench:end/ { skip = 0; next }
	!skip' "$readme" > "$readme.tmp"
mv "$readme.tmp" "$readme"
step "README.md: benchmark results rewritten from ${dir#"$PROJECT_ROOT"/}"
