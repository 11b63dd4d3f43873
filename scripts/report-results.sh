#!/usr/bin/env bash
# Print a per-suite table of result files (tab-separated: SUITE TEST RESULT
# DETAIL), the failures with their detail, and the closing line
# "N passed, N failed, N skipped". Exits 1 when anything failed or nothing ran.
#   report-results.sh FILE...
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: report-results.sh FILE..." >&2; exit 2; }
cat "$@" | awk -F'\t' '
	NF >= 3 {
		if (!($1 in order)) { order[$1] = ++n; name[n] = $1 }
		cnt[$1, $3]++
		tot[$3]++
		if ($3 == "fail")
			fails[++nf] = sprintf("  FAIL %s: %s%s", $1, $2, $4 == "" ? "" : " (" $4 ")")
	}
	END {
		printf "%-24s %7s %7s %7s\n", "suite", "passed", "failed", "skipped"
		for (i = 1; i <= n; i++)
			printf "%-24s %7d %7d %7d\n", name[i], cnt[name[i], "pass"], \
				cnt[name[i], "fail"], cnt[name[i], "skip"]
		for (i = 1; i <= nf; i++)
			print fails[i]
		printf "%d passed, %d failed, %d skipped\n", tot["pass"], tot["fail"], tot["skip"]
		exit (tot["fail"] > 0 || tot["pass"] == 0) ? 1 : 0
	}'
