#!/usr/bin/env bash
# Compare the results of the siginfo selftests built for i386 and x32
# (collections pidns_signal_m32 and pidns_signal_x32) with those of the
# 64-bit build (pidns_signal), case by case. Each case asserts the siginfo
# fields it reads, so equal results mean the three ABIs read the same.
# Prints one result line per program.
#   compare-abis.sh RESULTS.tsv
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: compare-abis.sh RESULTS.tsv" >&2; exit 2; }
progs=$(awk -F'\t' '$1 ~ /^pidns_signal_(m32|x32)$/ { split($2, a, "/"); print a[1] }' "$1" | sort -u)
if [ -z "$progs" ]; then
	printf 'abi\t32-bit siginfo tests ran\tfail\tno pidns_signal_m32 or pidns_signal_x32 results\n'
	exit 0
fi
for p in $progs; do
	ref=$(awk -F'\t' -v p="$p" '$1 == "pidns_signal" && index($2, p "/") == 1 { print $2 "\t" $3 }' "$1" | sort)
	diffs=""
	for abi in m32 x32; do
		got=$(awk -F'\t' -v p="$p" -v c="pidns_signal_$abi" '$1 == c && index($2, p "/") == 1 { print $2 "\t" $3 }' "$1" | sort)
		d=$(diff <(printf '%s\n' "$ref") <(printf '%s\n' "$got") | grep '^[<>]' | sed "s/^</x86_64:/; s/^>/$abi:/" || true)
		[ -z "$d" ] || diffs+="$d"$'\n'
	done
	if [ -z "$ref" ]; then
		printf 'abi\t%s same on i386, x32 and x86_64\tfail\tno x86_64 results\n' "$p"
	elif [ -z "$diffs" ]; then
		printf 'abi\t%s same on i386, x32 and x86_64\tpass\t\n' "$p"
	else
		printf 'abi\t%s same on i386, x32 and x86_64\tfail\t%s\n' "$p" "$(printf '%s' "$diffs" | tr '\t\n' ' ;')"
	fi
done
