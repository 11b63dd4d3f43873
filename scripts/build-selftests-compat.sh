#!/usr/bin/env bash
# Build the pidns_signal selftests that read siginfo a second and a third
# time, for the 32-bit ABIs a 64-bit x86 kernel runs (i386 with -m32, x32
# with -mx32), and install them next to the 64-bit ones as the kselftest
# collections pidns_signal_m32 and pidns_signal_x32, so that the guest runs
# all three in one boot and compare-abis.sh can check that they agree.
#   build-selftests-compat.sh SRC OUT
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

[ $# -eq 2 ] || die "usage: build-selftests-compat.sh SRC OUT"
src=$(cd "$1" && pwd)
out=$(cd "$2" && pwd)
dir=$src/tools/testing/selftests/pidns_signal
inst=$out/kselftest/kselftest_install
log=$BUILD_DIR/logs/selftests-compat-$(basename "$out").log
# The programs that read a siginfo or a signalfd_siginfo the kernel fills in.
progs=(sender_info_test adopt_signal_test cgroup_signal_test)

[ -f "$inst/kselftest-list.txt" ] || die "no selftests in $inst" "run: make selftests"
[ -d "$out/usr/include" ] || die "no uapi headers in $out/usr/include" "run: make selftests"
: > "$log"
for abi in m32 x32; do
	flag=-m32
	[ "$abi" = x32 ] && flag=-mx32
	coll=pidns_signal_$abi
	rm -rf "${inst:?}/$coll"
	mkdir -p "$inst/$coll"
	cp "$dir/settings" "$inst/$coll/"
	sed -i "/^$coll:/d" "$inst/kselftest-list.txt"
	for p in "${progs[@]}"; do
		[ -f "$dir/$p.c" ] || continue
		# kselftest_harness.h's ASSERT_NE(NULL, ptr) casts the pointer to
		# intmax_t, which -Wall reports on a 32-bit ABI for every use.
		if ! gcc "$flag" -static -Wall -Wno-pointer-to-int-cast -O2 -pthread \
			-I"$src/tools/testing/selftests" \
			-isystem "$out/usr/include" -o "$inst/$coll/$p" "$dir/$p.c" >> "$log" 2>&1; then
			show_log_tail "$log"
			die "$p does not build with $flag" "read $log; is gcc-12-multilib installed (make deps)?"
		fi
		echo "$coll:$p" >> "$inst/kselftest-list.txt"
	done
done
step "selftests: built the siginfo tests for i386 (-m32) and x32 (-mx32) too"
