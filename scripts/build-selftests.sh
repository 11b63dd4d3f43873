#!/usr/bin/env bash
# Build and install the kselftests the guest runs, statically linked:
# build-selftests.sh SRC OUT TARGET...   (installs to OUT/kselftest/kselftest_install)
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

[ $# -ge 3 ] || die "usage: build-selftests.sh SRC OUT TARGET..."
src=$(cd "$1" && pwd)
out=$(cd "$2" && pwd)
shift 2
targets="$*"
log=$BUILD_DIR/logs/selftests-$(basename "$out").log
mkdir -p "$BUILD_DIR/logs"

# Some upstream Makefiles (prctl's "all: $(TEST_PROGS)") build into the source
# directory even with O=: remove those products on every exit path, a failed
# or interrupted build included (remove_build_products, common.sh), so
# that the tree holds only sources. make tree and make export remove them too,
# for a build that was killed before its trap could run.
remove_build_products "$src"
trap 'remove_build_products "$src"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step "selftests: building $targets (static; log: ${log#"$PROJECT_ROOT"/})"
t0=$(date +%s)
# kselftest-install installs the uapi headers into OUT first, then builds and
# installs with run_kselftest.sh. Only USERLDFLAGS is set: CFLAGS or LDFLAGS on
# the command line would replace the test Makefiles' own flags.
if ! make -C "$src" O="$out" -j"$(nproc)" TARGETS="$targets" USERLDFLAGS=-static \
	kselftest-install > "$log" 2>&1; then
	show_log_tail "$log"
	die "selftests build failed" "read $log"
fi
inst=$out/kselftest/kselftest_install
[ -x "$inst/run_kselftest.sh" ] || die "no run_kselftest.sh in $inst" "read $log"
for t in $targets; do
	grep -q "^$t:" "$inst/kselftest-list.txt" ||
		die "selftest target $t installed no test" "read $log; is $t in tools/testing/selftests/Makefile TARGETS?"
done
step "selftests: built in $(($(date +%s) - t0)) s: $(grep -c . "$inst/kselftest-list.txt") test programs"
