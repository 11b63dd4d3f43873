#!/usr/bin/env bash
# Rewrite README.md's results section (between the "results:begin" and
# "results:end" markers) from the last 'make test', 'make baseline' and
# 'make debug-test' runs in build/results, so that the numbers in the README
# are never typed by hand. RESULTS_DIR names another directory for the
# 'make test' results, such as build/fresh-root/results (make fresh-test).
set -euo pipefail
# shellcheck source=../common.sh
. "$(dirname "$0")/../common.sh"

res=${RESULTS_DIR:-$BUILD_DIR/results}
own=$BUILD_DIR/results
readme=$PROJECT_ROOT/README.md
[ -f "$res/summary.txt" ] || die "no results of make test in $res" "run: make test"

# table TITLE FILE...: the per-suite table of result files, as markdown.
table() {
	local title=$1
	shift
	printf '%s\n\n| suite | passed | failed | skipped |\n| --- | ---: | ---: | ---: |\n' "$title"
	cat "$@" | awk -F'\t' '
		NF >= 3 { if (!($1 in o)) { o[$1] = ++n; name[n] = $1 } c[$1, $3]++; t[$3]++ }
		END {
			for (i = 1; i <= n; i++)
				printf "| %s | %d | %d | %d |\n", name[i], c[name[i], "pass"], \
					c[name[i], "fail"], c[name[i], "skip"]
			printf "| **total** | **%d** | **%d** | **%d** |\n", t["pass"], t["fail"], t["skip"]
		}'
	cat "$@" | awk -F'\t' '$3 == "fail" { printf "- FAIL %s: %s %s\n", $1, $2, $4 }'
	echo
}

timing() {
	awk '{ for (i = 1; i < NF; i += 2) v[$i] = $(i + 1) }
		END { printf "boot to /init %.1f s, guest run %d s (%s)", v["boot_ms"] / 1000, v["run_s"], v["accel"] }' "$1"
}

section=$(mktemp)
trap 'rm -f "$section"' EXIT
{
	echo "<!-- results:begin (written by scripts/readme/update-readme-results.sh; do not edit) -->"
	echo "## Results"
	echo
	where=""
	[ ! -f "$res/commit" ] || where=" of $(cat "$res/commit")"
	echo "Last \`make test\`$where on $(date -u -r "$res/summary.txt" '+%Y-%m-%d'), $(nproc) cores," \
		"$(($(free -g | awk '/^Mem:/ { print $2 }') + 1)) GiB:" \
		"$(timing "$res/test/timing"); whole \`make test\` $(cat "$res/make-test-seconds" 2>/dev/null || echo '?') s."
	echo
	table "\`make test\` (patched kernel):" "$res"/check/*.tsv "$res"/test/*.tsv \
		"$res"/test-1cpu/*.tsv "$res"/regression.tsv "$res"/abi.tsv
	echo "\`\`\`"
	tail -n 1 "$res/summary.txt"
	echo "\`\`\`"
	echo
	if [ -f "$own/base/tests.tsv" ]; then
		echo "The same suites on the unpatched base (\`make baseline\`, same config and"
		echo "selftests; $(timing "$own/base/timing")). The upstream rows are what"
		echo "\`make test\` compares against (guest/expected/upstream-base.tsv):"
		echo
		table "\`make baseline\` (unpatched base kernel):" "$own"/base/*.tsv "$own"/base-1cpu/*.tsv
	fi
	if [ -f "$own/debug/tests.tsv" ]; then
		where=""
		[ ! -f "$own/debug/commit" ] || where=" of $(cat "$own/debug/commit")"
		echo "The same suites on the debug kernel (\`make debug-test\`$where: lockdep, KASAN, UBSAN;"
		echo "$(timing "$own/debug/timing")):"
		echo
		table "\`make debug-test\` (patched debug kernel):" "$own"/debug/*.tsv "$own"/debug-1cpu/*.tsv
	fi
	echo "<!-- results:end -->"
} > "$section"

grep -q '^<!-- results:begin' "$readme" || die "README.md has no results markers" \
	"add the two lines '<!-- results:begin -->' and '<!-- results:end -->' where the results go"
awk -v f="$section" '
	/^<!-- results:begin/ { while ((getline l < f) > 0) print l; skip = 1; next }
	/^<!-- results:end/ { skip = 0; next }
	!skip' "$readme" > "$readme.tmp"
mv "$readme.tmp" "$readme"
step "README.md: results section rewritten"
