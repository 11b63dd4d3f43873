#!/usr/bin/env bash
# Install the consumer checks (guest/consumers: run.sh and its C helpers,
# built statically, with guest/real-inits/pid1-run) and the programs they
# compare (BIN: the patched tini, the patched and the unpatched util-linux
# kill, from build-tini.sh and build-util-linux-kill.sh) into the kselftest
# tree of OUT as the collection consumers.
#   install-consumer-checks.sh OUT BIN
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

[ $# -eq 2 ] || die "usage: install-consumer-checks.sh OUT BIN"
inst=$(cd "$1" && pwd)/kselftest/kselftest_install
bin=$2
src=$PROJECT_ROOT/guest/consumers
[ -f "$inst/kselftest-list.txt" ] || die "no selftests in $inst" "run: make selftests"
for p in tini kill kill-unpatched; do
	[ -x "$bin/$p" ] || die "no $bin/$p" "run: make selftests (it builds the consumers first)"
done

dir=$inst/consumers
rm -rf "$dir"
mkdir -p "$dir"
for c in "$PROJECT_ROOT/guest/real-inits/pid1-run.c" "$src"/*.c; do
	[ -f "$c" ] || continue
	if ! gcc -O2 -static -Wall -Werror -o "$dir/$(basename "$c" .c)" "$c"; then
		die "${c#"$PROJECT_ROOT"/} does not build" "fix the error above"
	fi
done
cp "$bin/tini" "$bin/kill" "$bin/kill-unpatched" "$dir/"
install -m 0755 "$src/run.sh" "$dir/run.sh"
echo "timeout=600" > "$dir/settings"
sed -i '/^consumers:/d' "$inst/kselftest-list.txt"
echo "consumers:run.sh" >> "$inst/kselftest-list.txt"
step "selftests: consumers (patched tini and util-linux kill, run.sh) installed"
