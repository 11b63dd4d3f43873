#!/usr/bin/env bash
# Build util-linux's kill twice from the same source, as static programs for
# the guest: OUT/kill-unpatched, the upstream release as Debian 13 ships it
# (scripts/upstream-sources.txt), and OUT/kill, patched with the
# consumers/util-linux queue (kill --cgroup, through cgroup.signal). Only kill
# is configured and built. Nothing is rebuilt while the queue, the pinned
# version and this script are unchanged.
#   build-util-linux-kill.sh OUT
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

[ $# -eq 1 ] || die "usage: build-util-linux-kill.sh OUT"
out=$1
queue=$PROJECT_ROOT/consumers/util-linux
work=$BUILD_DIR/consumers/util-linux
log=$BUILD_DIR/logs/consumers-util-linux.log
mkdir -p "$out" "$BUILD_DIR/logs"
inputs=("$queue"/series "$queue"/*.patch "$PROJECT_ROOT/scripts/upstream-sources.txt")
if [ -x "$out/kill" ] && [ -x "$out/kill-unpatched" ] &&
	! inputs_changed "$out/.kill-inputs" "${inputs[@]}"; then
	step "consumers: util-linux kill is up to date"
	exit 0
fi
rm -f "$out/kill" "$out/kill-unpatched" "$out/.kill-inputs"
"$PROJECT_ROOT/scripts/fetch-upstream-source.sh" util-linux "$work" > /dev/null

# make_kill NAME: build kill in the tree as it is now, statically, as OUT/NAME.
make_kill() {
	if ! make -C "$work" -j"$(nproc)" kill LDFLAGS=-all-static >> "$log" 2>&1; then
		show_log_tail "$log"
		die "util-linux kill ($1) does not build" "fix the consumers/util-linux queue; the full log is ${log#"$PROJECT_ROOT"/}"
	fi
	cp "$work/kill" "$out/$1"
}

step "consumers: configuring util-linux for kill alone"
if ! (cd "$work" && ./configure --disable-all-programs --enable-kill --disable-nls \
	--without-systemd --without-udev --without-python --without-readline \
	--without-ncursesw --without-tinfo --disable-bash-completion \
	--disable-asciidoc --disable-poman) > "$log" 2>&1; then
	show_log_tail "$log"
	die "util-linux's configure failed" "the full log is ${log#"$PROJECT_ROOT"/}; a missing tool goes into scripts/deps-list.txt"
fi
step "consumers: building util-linux kill, unpatched and with the consumers/util-linux queue"
make_kill kill-unpatched
apply_queue "$work" "$queue"
make_kill kill
record_inputs "$out/.kill-inputs" "${inputs[@]}"
step "consumers: ${out#"$PROJECT_ROOT"/}/kill and kill-unpatched built"
