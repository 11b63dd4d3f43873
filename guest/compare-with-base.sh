#!/usr/bin/env bash
# Compare the upstream suites' results of a run with those recorded on the
# unpatched base (guest/expected/upstream-base.tsv, made by 'make baseline').
# Prints one result line per suite: pass when every test has the base's result.
#   compare-with-base.sh RESULTS.tsv EXPECTED.tsv
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: compare-with-base.sh RESULTS.tsv EXPECTED.tsv" >&2; exit 2; }
[ -f "$2" ] || { printf 'regression\tbase results recorded\tfail\tno %s: run make baseline\n' "$2"; exit 0; }

cut -f1 "$2" | sort -u | while read -r suite; do
	diffs=$(diff <(awk -F'\t' -v s="$suite" '$1 == s { print $2 "\t" $3 }' "$2" | sort) \
		<(awk -F'\t' -v s="$suite" '$1 == s { print $2 "\t" $3 }' "$1" | sort) |
		grep '^[<>]' || true)
	if [ -z "$diffs" ]; then
		printf 'regression\t%s same as base\tpass\t\n' "$suite"
	else
		printf 'regression\t%s same as base\tfail\t%s\n' "$suite" \
			"$(printf '%s' "$diffs" | sed 's/^</base:/; s/^>/now:/' | tr '\t\n' ' ;')"
	fi
done
