#!/usr/bin/env bash
# Rewrite README.md's fuzzing results (between the "fuzz:begin" and
# "fuzz:end" markers) from the last `make fuzz` in build/fuzz: its command,
# commit, date and time, the verdict of each check, the figures of every
# boot and the reports with their stacks.
set -euo pipefail
# shellcheck source=../common.sh
. "$(dirname "$0")/../common.sh"

dir=$BUILD_DIR/fuzz
readme=$PROJECT_ROOT/README.md
for f in table.md verdict.tsv command commit make-fuzz-seconds; do
	[ -f "$dir/$f" ] || die "no complete make fuzz run in $dir ($f is missing)" "run: make fuzz"
done
if ! grep -q '^<!-- fuzz:begin' "$readme" || ! grep -q '^<!-- fuzz:end' "$readme"; then
	die "README.md lacks a fuzzing marker" \
		"add the two lines '<!-- fuzz:begin -->' and '<!-- fuzz:end -->' where the results go"
fi

section=$(mktemp)
trap 'rm -f "$section"' EXIT
{
	echo "<!-- fuzz:begin (written by scripts/readme/update-readme-fuzz.sh; do not edit) -->"
	echo "### Last fuzzing run"
	echo
	echo "\`$(cat "$dir/command")\` at $(cat "$dir/commit"), on" \
		"$(date -u -r "$dir/verdict.tsv" '+%Y-%m-%d %H:%M UTC'); the whole run took" \
		"$(cat "$dir/make-fuzz-seconds") s."
	echo
	echo "| kernel | check | verdict | detail |"
	echo "| --- | --- | --- | --- |"
	awk -F'\t' '{ printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }' "$dir/verdict.tsv"
	echo
	cat "$dir/table.md"
	echo "<!-- fuzz:end -->"
} > "$section"
awk -v f="$section" '
	/^<!-- fuzz:begin/ { while ((getline l < f) > 0) print l; skip = 1; next }
	/^<!-- fuzz:end/ { skip = 0; next }
	!skip' "$readme" > "$readme.tmp"
mv "$readme.tmp" "$readme"
step "README.md: fuzzing results rewritten from ${dir#"$PROJECT_ROOT"/}"
