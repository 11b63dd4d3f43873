#!/usr/bin/env bash
# Judge make fuzz's boots and write FUZZ_DIR/verdict.tsv and FUZZ_DIR/table.md
# (for the README). For each VARIANT (kasan, kcsan) the patched kernel's
# boot is FUZZ_DIR/VARIANT and the base's FUZZ_DIR/VARIANT-base
# (fuzz-boot.sh). A patched boot passes when:
#  - it ran to its end and its end check passed;
#  - no kernel report is about code the series touches: a function of
#    SERIES_CODE (series-functions.sh) among the functions the report is
#    about (fuzz-reports.sh's WHERE), or a file of it that the report names;
#  - no report is one the base's boot with the same seed did not give (same
#    title), or, without a base boot, no report at all. KCSAN reports, hung
#    tasks, soft lockups and RCU stalls are left out of this rule: KCSAN
#    samples accesses and the others depend on timing, so one base boot
#    missing them says nothing; the rule above judges them;
#  - the run set no taint flag of a report (bad page, die, warn, soft
#    lockup) without a report in the log (one the log lost);
# and the base's boot ran to its end, or the comparison is void. The base's
# own reports are listed with their stacks, not failed. Prints one line per
# check (tab-separated like parse-tap.awk's) and "N passed, N failed";
# exits 1 when a check failed or its input is missing (with an error).
#   fuzz-verdict.sh FUZZ_DIR SERIES_CODE VARIANT...
set -euo pipefail
# shellcheck source=../../scripts/common.sh
. "$(dirname "$0")/../../scripts/common.sh"

[ $# -ge 3 ] || die "usage: fuzz-verdict.sh FUZZ_DIR SERIES_CODE VARIANT..."
dir=$1 code=$2
shift 2
grep -q '^function ' "$code" 2> /dev/null ||
	die "no function in $code" "run: fuzz/run/series-functions.sh build/linux base > $code"
passed=0 failed=0
results=$dir/verdict.tsv
# Titles of reports that sampling or timing decide (see above).
sampled='^(BUG: KCSAN|INFO: task|INFO: rcu_tasks|rcu: |watchdog: BUG: soft lockup)'
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
	# Reports in the series' code: the functions it is about, the files it
	# names.
	in_code=$(awk -F'\t' '
		FILENAME == ARGV[1] {
			if ($0 ~ /^function /) fn[substr($0, 10)] = 1
			else if ($0 ~ /^file /) fl[substr($0, 6)] = 1
			next
		}
		{
			hit = 0
			n = split($3, f, ",")
			for (i = 1; i <= n; i++)
				if (f[i] in fn) hit = 1
			n = split($4, f, ",")
			for (i = 1; i <= n; i++)
				if (f[i] in fl) hit = 1
			if (hit) print $1
		}' "$code" "$p/reports.tsv")
	check "fuzz-$v" "no report in code the series touches" "$([ -z "$in_code" ] && echo 1)" \
		"$(printf '%s' "$in_code" | tr '\n' ';')"
	if [ -f "$b/figures.tsv" ]; then
		bfin=$(fig "$b" finished)
		check "fuzz-$v" "the base's guest ran to its end (the comparison holds)" \
			"$([ "$bfin" = 1 ] && echo 1)" "$([ "$bfin" = 1 ] || echo "no 'FUZZ: end' in $b/serial.log")"
		only=$(awk -F'\t' -v sampled="$sampled" '
			FILENAME == ARGV[1] { t[$1] = 1; next }
			$1 ~ sampled { next }
			!($1 in t) { print $1 }' "$b/reports.tsv" "$p/reports.tsv")
		check "fuzz-$v" "no report the base did not give" "$([ -z "$only" ] && echo 1)" \
			"$(printf '%s' "$only" | tr '\n' ';')"
	else
		all=$(awk -F'\t' -v sampled="$sampled" '$1 !~ sampled { print $1 }' "$p/reports.tsv")
		check "fuzz-$v" "no report but sampled or timed ones (no base boot to compare with)" \
			"$([ -z "$all" ] && echo 1)" \
			"$(printf '%s' "$all" | tr '\n' ';')"
	fi
	# Taint flags of reports: bad page 32, die 128, warn 512, soft lockup
	# 16384.
	tb=$(num "$p" tainted_before) ta=$(num "$p" tainted_after) nr=$(num "$p" reports)
	new_taint=$(((ta & ~tb) & (32 | 128 | 512 | 16384)))
	check "fuzz-$v" "no taint flag of a report without a report in the log" \
		"$([ "$new_taint" = 0 ] || [ "$nr" -gt 0 ] && echo 1)" "tainted before=$tb after=$ta, $nr reports"
done

{
	echo "| kernel | minutes | seed | finished | trinity syscalls (root, nobody) | churn ops | cgroup.signal writes | cgroup.kill writes | orphans | notices | lost | re-execs | adoption signal changes | end check | reports |"
	echo "| --- | ---: | ---: | :---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |"
	for v in "$@"; do
		for k in "$v" "$v-base"; do
			[ -f "$dir/$k/figures.tsv" ] || continue
			d=$dir/$k
			printf '| %s | %s | %s | %s | %s, %s | %s | %s | %s | %s | %s | %s | %s | %s | %s/%s | %s |\n' \
				"$k" "$(fig "$d" minutes)" "$(fig "$d" seed)" \
				"$( [ "$(fig "$d" finished)" = 1 ] && echo yes || echo no)" \
				"$(fig "$d" trinity_root_syscalls)" "$(fig "$d" trinity_nobody_syscalls)" \
				"$(fig "$d" churn_ops)" "$(fig "$d" churn_signals_written)" \
				"$(fig "$d" churn_kills_written)" "$(fig "$d" churn_orphans)" \
				"$(fig "$d" churn_notices)" "$(fig "$d" churn_lost)" "$(fig "$d" churn_reexecs)" "$(fig "$d" churn_flips)" \
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
			awk -F'\t' '{ printf "- `%s` (%d times); about: %s; stack: %s\n", $1, $2, $3, $5 }' "$dir/$k/reports.tsv"
			echo
		done
	done
} > "$dir/table.md"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] || exit 1
