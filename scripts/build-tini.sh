#!/usr/bin/env bash
# Build tini, patched with the consumers/tini queue (it follows a daemonizing
# command through adoption notices), as a static program for the guest:
# OUT/tini. The source is tini's upstream release as Debian 13 ships it
# (scripts/upstream-sources.txt); tini's own CMake build makes tini-static.
# Nothing is rebuilt while the queue, the pinned version and this script are
# unchanged.
#   build-tini.sh OUT
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

[ $# -eq 1 ] || die "usage: build-tini.sh OUT"
out=$1
queue=$PROJECT_ROOT/consumers/tini
work=$BUILD_DIR/consumers/tini
log=$BUILD_DIR/logs/consumers-tini.log
mkdir -p "$out" "$BUILD_DIR/logs"
inputs=("$queue"/series "$queue"/*.patch "$PROJECT_ROOT/scripts/upstream-sources.txt")
if [ -x "$out/tini" ] && ! inputs_changed "$out/.tini-inputs" "${inputs[@]}"; then
	step "consumers: tini is up to date"
	exit 0
fi
rm -f "$out/tini" "$out/.tini-inputs"
"$PROJECT_ROOT/scripts/fetch-upstream-source.sh" tini "$work" > /dev/null
apply_queue "$work" "$queue"
step "consumers: building tini-static with the consumers/tini queue"
if ! (cmake -S "$work" -B "$work/build" && make -C "$work/build" tini-static) > "$log" 2>&1; then
	show_log_tail "$log"
	die "tini does not build with the consumers/tini queue" "fix the patch; the full log is ${log#"$PROJECT_ROOT"/}"
fi
cp "$work/build/tini-static" "$out/tini"
record_inputs "$out/.tini-inputs" "${inputs[@]}"
step "consumers: ${out#"$PROJECT_ROOT"/}/tini built"
