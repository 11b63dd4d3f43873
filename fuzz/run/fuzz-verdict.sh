#!/usr/bin/env bash
# Judge make fuzz's boots and write FUZZ_DIR/table.md (for the README).
# For each VARIANT (kasan, kcsan) the patched kernel's boot is
# FUZZ_DIR/VARIANT and the base's FUZZ_DIR/VARIANT-base (fuzz-boot.sh). A
# patched boot passes when it ran to its end, the end check passed, and no
# kernel report is in code the series touches (a function or file of
# SERIES_CODE, series-functions.sh) or is one the base's boot did not give
# (same title). The base's own reports are listed, not failed. Prints one
# line per check (tab-separated like parse-tap.awk's) and the line
# "N passed, N failed"; exits 1 when a check failed.
#   fuzz-verdict.sh FUZZ_DIR SERIES_CODE VARIANT...
set -euo pipefail
# shellcheck source=../../scripts/common.sh
. "$(dirname "$0")/../../scripts/common.sh"

[ $# -ge 3 ] || die "usage: fuzz-verdict.sh FUZZ_DIR SERIES_CODE VARIANT..."
dir=$1 code=$2
shift 2
passed=0 failed=0
results=$dir/verdict.tsv
: > "$results"

# check NAME DESCRIPTION OK DETAIL
check() {
	local verdict=fail
	if [ "$3" = 1 ]; then
		verdict=pass
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
	printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$verdict" "$4" | tee -a "$results"
}
fig() {
	awk -F'\t' -v k="$2" '$1 == k { print $2 }' "$1/figures.tsv"
}
num() {
	local x
	x=$(fig "$1" "$2")
	echo "${x:-0}"
}

for v in "$@"; do
	p=$dir/$v b=$dir/$v-base
	[ -f "$p/figures.tsv" ] || die "no fuzz boot in $p" "run: make fuzz"
	fin=$(fig "$p" finished)
	check "fuzz-$v" "the guest ran to its end" "$([ "$fin" = 1 ] && echo 1)" \
		"$([ "$fin" = 1 ] || echo "no 'FUZZ: end' in $p/serial.log")"
	ep=$(fig "$p" endcheck_passed) ef=$(fig "$p" endcheck_failed)
	check "fuzz-$v" "the end check passed" "$([ "${ep:-0}" -gt 0 ] && [ "$ef" = 0 ] && echo 1)" \
		"passed=${ep:-none} failed=${ef:-none}"
	# Reports in the series' code, and reports the base did not give.
	in_code=$(awk -F'\t' '
		FNR == NR { if ($0 ~ /^function /) fn[substr($0, 10)] = 1; else fl[substr($0, 6)] = 1; next }
		{
			hit = ($4 != "" && ($4 in fl))
			n = split($3, f, ",")
			for (i = 1; i <= n && !hit; i++)
				if (f[i] in fn) hit = 1
			if (hit) print $1
		}' "$code" "$p/reports.tsv")
	check "fuzz-$v" "no report in code the series touches" "$([ -z "$in_code" ] && echo 1)" \
		"$(printf '%s' "$in_code" | tr '\n' ';')"
	if [ -f "$b/reports.tsv" ]; then
		only=$(awk -F'\t' 'FNR == NR { t[$1] = 1; next } !($1 in t) { print $1 }' \
			"$b/reports.tsv" "$p/reports.tsv")
		check "fuzz-$v" "no report the base did not give" "$([ -z "$only" ] && echo 1)" \
			"$(printf '%s' "$only" | tr '\n' ';')"
	else
		all=$(cut -f1 "$p/reports.tsv")
		check "fuzz-$v" "no report (no base boot to compare with)" "$([ -z "$all" ] && echo 1)" \
			"$(printf '%s' "$all" | tr '\n' ';')"
	fi
done

{
	echo "| kernel | minutes | seed | finished | trinity syscalls (root, nobody) | churn ops | cgroup.signal writes | cgroup.kill writes | orphans | notices | lost | re-execs | end check | reports |"
	echo "| --- | ---: | ---: | :---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |"
	for v in "$@"; do
		for k in "$v" "$v-base"; do
			[ -f "$dir/$k/figures.tsv" ] || continue
			d=$dir/$k
			printf '| %s | %s | %s | %s | %s, %s | %s | %s | %s | %s | %s | %s | %s | %s/%s | %s |\n' \
				"$k" "$(fig "$d" minutes)" "$(fig "$d" seed)" \
				"$( [ "$(fig "$d" finished)" = 1 ] && echo yes || echo no)" \
				"$(fig "$d" trinity_root_syscalls)" "$(fig "$d" trinity_nobody_syscalls)" \
				"$(fig "$d" churn_ops)" "$(fig "$d" churn_signals_written)" \
				"$(fig "$d" churn_kills_written)" "$(fig "$d" churn_orphans)" \
				"$(fig "$d" churn_notices)" "$(fig "$d" churn_lost)" "$(fig "$d" churn_reexecs)" \
				"$(num "$d" endcheck_passed)" "$(($(num "$d" endcheck_passed) + $(num "$d" endcheck_failed)))" \
				"$(fig "$d" reports)"
		done
	done
	echo
	for v in "$@"; do
		for k in "$v" "$v-base"; do
			[ -s "$dir/$k/reports.tsv" ] || continue
			echo "Reports of $k (title, count, stack):"
			echo
			awk -F'\t' '{ printf "- `%s` (%d): %s\n", $1, $2, $3 }' "$dir/$k/reports.tsv"
			echo
		done
	done
} > "$dir/table.md"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
