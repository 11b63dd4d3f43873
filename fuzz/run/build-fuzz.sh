#!/usr/bin/env bash
# Build make fuzz's guest programs into OUT: fuzz/churn.c and
# fuzz/endcheck.c (gcc -O2 -static), fuzz/run/guest-fuzz.sh, which runs them
# with trinity and stress-ng in the guest, OUT/order (the files of OUT that
# go into the initramfs, under /fuzz) and OUT/host-programs (the machine's
# programs that go in with their libraries: trinity and stress-ng, Debian
# packages of scripts/deps-list.txt).
#   build-fuzz.sh OUT
set -euo pipefail
# shellcheck source=../../scripts/common.sh
. "$(dirname "$0")/../../scripts/common.sh"

[ $# -eq 1 ] || die "usage: build-fuzz.sh OUT"
out=$1
src=$PROJECT_ROOT/fuzz
programs=(churn endcheck)
mkdir -p "$out"
for p in trinity stress-ng; do
	command -v "$p" > /dev/null || die "$p not found" "run: make deps"
done

step "fuzz: building ${programs[*]} (gcc -O2 -static)"
for p in "${programs[@]}"; do
	if ! gcc -O2 -static -pthread -Wall -Wextra -Werror -o "$out/$p.tmp" "$src/$p.c" \
		2> "$out/$p.log"; then
		cat "$out/$p.log" >&2
		die "fuzz/$p.c does not build" "fix the error above"
	fi
	mv "$out/$p.tmp" "$out/$p"
	rm -f "$out/$p.log"
done
cp "$src/run/guest-fuzz.sh" "$out/guest-fuzz.sh"
printf '%s\n' "${programs[@]}" guest-fuzz.sh > "$out/order"
printf '%s\n' trinity stress-ng > "$out/host-programs"
step "fuzz: programs in ${out#"$PROJECT_ROOT"/}"
