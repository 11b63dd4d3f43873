#!/usr/bin/env bash
# One result line (tab-separated, as report-results.sh reads them) on stdout:
# the benchmark programs of bench/ build (gcc -O2 -static -Werror), so that a
# change that breaks them shows in make test, not only in a make bench run.
set -euo pipefail
# shellcheck source=../common.sh
. "$(dirname "$0")/../common.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=$(find "$PROJECT_ROOT/bench" -maxdepth 1 -name '*.c' | wc -l)
if "$PROJECT_ROOT/bench/run/build-bench.sh" "$tmp" 2> "$tmp/log"; then
	printf 'check\tbench programs build (%s, gcc -static -Werror)\tpass\t\n' "$n"
else
	cat "$tmp/log" >&2
	printf 'check\tbench programs build (%s, gcc -static -Werror)\tfail\tsee the errors above\n' "$n"
fi
