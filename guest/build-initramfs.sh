#!/usr/bin/env bash
# Build the guest's initramfs with the kernel's own usr/gen_init_cpio:
# build-initramfs.sh KERNEL_OUT OUTPUT.cpio [PROGRAMS_DIR [GUEST_DIR]]
# It holds busybox-static, /init, GNU timeout (kselftest's runner needs its
# --foreground) and the container inits of the real_inits checks (tini,
# dumb-init, catatonit, bash), dpkg's start-stop-daemon for the consumers
# checks, with the libraries they load, /etc/passwd and
# /etc/group, and the installed kselftests under /kselftest. With
# PROGRAMS_DIR (programs listed in its file "order": the benchmark programs
# of bench/run/build-bench.sh, or make fuzz's of fuzz/run/build-fuzz.sh) it
# holds those under GUEST_DIR (default /bench) instead of the selftests and
# the inits, which such a guest does not need, and the machine's programs
# that PROGRAMS_DIR/host-programs names, with their libraries.
# ARCH=arm64 in the environment (guest_arch, common.sh) packs an arm64 guest:
# busybox-static and GNU timeout with its libraries come from Debian's arm64
# packages that scripts/fetch-debs.sh unpacked into build/debs/arm64/root,
# and there are no container inits (the arm64 guest runs pidns_signal only).
set -euo pipefail
# shellcheck source=../scripts/common.sh
. "$(dirname "$0")/../scripts/common.sh"

if [ $# -lt 2 ] || [ $# -gt 4 ]; then
	die "usage: build-initramfs.sh KERNEL_OUT OUTPUT.cpio [PROGRAMS_DIR [GUEST_DIR]]"
fi
kout=$1
output=$2
progdir=${3:-}
guest_dir=${4:-/bench}
gen=$kout/usr/gen_init_cpio
ksft=$kout/kselftest/kselftest_install
arch=$(guest_arch)
if [ "$arch" = arm64 ]; then
	sysroot=$BUILD_DIR/debs/arm64/root
	busybox=$sysroot/bin/busybox
	libdirs=(/lib/aarch64-linux-gnu)
	deps_next="run: scripts/fetch-debs.sh arm64 ${sysroot#"$PROJECT_ROOT"/} busybox-static coreutils libc6"
else
	busybox=/bin/busybox
	libdirs=(/lib64 /lib/x86_64-linux-gnu)
	deps_next="run: make deps   (installs busybox-static)"
fi
[ -x "$gen" ] || die "$gen not found" "build the kernel first (make kernel); it needs CONFIG_BLK_DEV_INITRD=y"
if [ -n "$progdir" ]; then
	[ -f "$progdir/order" ] || die "no program list $progdir/order" "build the programs first: bench/run/build-bench.sh or fuzz/run/build-fuzz.sh (make bench, make fuzz)"
else
	[ -x "$ksft/run_kselftest.sh" ] || die "no selftests in $ksft" "run: make selftests"
fi
# is_static FILE: an ELF file without a program interpreter (readelf reads
# the headers of any architecture, where ldd would run the machine's loader).
is_static() {
	local headers
	headers=$(readelf -l "$1" 2>/dev/null) || return 1
	[[ $headers != *INTERP* ]]
}
is_static "$busybox" || die "$busybox is not busybox-static" "$deps_next"
# The arm64 busybox cannot run here to list its applets. The machine's
# busybox-static lists them when it is the same Debian version (a binNMU
# suffix, +bN, aside): same source, same configuration, same applets.
applets=("$busybox" --list-full)
if [ "$arch" = arm64 ]; then
	host_version=$(dpkg-query -W -f='${Version}' busybox-static 2>/dev/null) ||
		die "the machine's busybox-static lists the arm64 applets, but it is not installed" \
			"run: make deps"
	version=$(awk '$1 == "busybox-static" { print $2 }' "$sysroot/.fetch-debs-versions")
	[ "${host_version%+b*}" = "${version%+b*}" ] ||
		die "busybox-static $host_version here, $version for arm64: their applets may differ" \
			"bring both to the archive's version: run 'apt-get install busybox-static' and remove ${sysroot#"$PROJECT_ROOT"/}, then run make again"
	applets=(/bin/busybox --list-full)
fi

list=$(mktemp)
trap 'rm -f "$list"' EXIT

step "initramfs: writing the file list"
{
	for d in /bin /sbin /usr /usr/bin /usr/sbin /etc /root /proc /sys /dev /tmp /run \
		/lib "${libdirs[@]}" /nonexistent; do
		echo "dir $d 0755 0 0"
	done
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "nod /dev/null 0666 0 0 c 1 3"
	echo "file /bin/busybox $busybox 0755 0 0"
	# Every applet but timeout, which GNU coreutils provides below, and
	# start-stop-daemon, which dpkg's is (the consumers checks).
	"${applets[@]}" | grep -v -e '^bin/busybox$' -e '/timeout$' -e '/start-stop-daemon$' |
		while read -r applet; do
			echo "slink /$applet /bin/busybox 0777 0 0"
		done
	# Programs from the machine's packages, at their path there, with the
	# libraries they load: GNU timeout (kselftest's runner needs its
	# --foreground), for the real_inits checks the container inits, and
	# for the consumers checks dpkg's start-stop-daemon.
	# For arm64, GNU timeout from Debian's arm64 coreutils, with its libraries.
	if [ "$arch" = arm64 ]; then
		"$PROJECT_ROOT/guest/sysroot-programs.sh" "$sysroot" /usr/bin/timeout
	else
		progs=(timeout)
		[ -n "$progdir" ] || progs+=(tini dumb-init catatonit bash start-stop-daemon)
		if [ -n "$progdir" ] && [ -f "$progdir/host-programs" ]; then
			mapfile -t -O ${#progs[@]} progs < "$progdir/host-programs"
		fi
		for p in "${progs[@]}"; do
			path=$(command -v "$p") || die "$p not found" "run: make deps"
			echo "file $path $(readlink -f "$path") 0755 0 0"
			{ ldd "$path" 2>/dev/null || true; } | awk '/\// { print ($3 ~ /^\//) ? $3 : $1 }'
		done | sort -u | while read -r f rest; do
			case "$f" in
			file) echo "$f $rest" ;;
			*) echo "file $f $(readlink -f "$f") 0755 0 0" ;;
			esac
		done
	fi
	echo "file /init $PROJECT_ROOT/guest/init 0755 0 0"
	echo "file /etc/passwd $PROJECT_ROOT/guest/passwd 0644 0 0"
	echo "file /etc/group $PROJECT_ROOT/guest/group 0644 0 0"
	if [ -n "$progdir" ]; then
		echo "dir $guest_dir 0755 0 0"
		echo "file $guest_dir/order $progdir/order 0644 0 0"
		while read -r b; do
			echo "file $guest_dir/$b $progdir/$b 0755 0 0"
		done < "$progdir/order"
	else
		echo "dir /kselftest 0755 0 0"
		(cd "$ksft" && find . -mindepth 1 | sort) | while read -r f; do
			path=/kselftest/${f#./}
			if [ -L "$ksft/$f" ]; then
				echo "slink $path $(readlink "$ksft/$f") 0777 0 0"
			elif [ -d "$ksft/$f" ]; then
				echo "dir $path 0755 0 0"
			else
				echo "file $path $ksft/${f#./} $(stat -c %a "$ksft/$f") 0 0"
			fi
		done
	fi
} > "$list"

"$gen" "$list" > "$output.tmp" || die "gen_init_cpio failed" "check the file list rules in $0"
mv "$output.tmp" "$output"
step "initramfs: $(du -h "$output" | cut -f1) in ${output#"$PROJECT_ROOT"/}"
