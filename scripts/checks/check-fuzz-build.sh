#!/usr/bin/env bash
# One result line (tab-separated, as report-results.sh reads them) on stdout:
# make fuzz's guest programs (fuzz/churn.c, fuzz/endcheck.c) build with
# gcc -O2 -static -Werror, so that a change that breaks them shows in make
# test, not only in a make fuzz run.
set -euo pipefail
# shellcheck source=../common.sh
. "$(dirname "$0")/../common.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=$(find "$PROJECT_ROOT/fuzz" -maxdepth 1 -name '*.c' | wc -l)
if "$PROJECT_ROOT/fuzz/run/build-fuzz.sh" "$tmp" 2> "$tmp/log"; then
	printf 'check\tfuzz programs build (%s, gcc -static -Werror)\tpass\t\n' "$n"
else
	cat "$tmp/log" >&2
	printf 'check\tfuzz programs build (%s, gcc -static -Werror)\tfail\tsee the errors above\n' "$n"
fi
