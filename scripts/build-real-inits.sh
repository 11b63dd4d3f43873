#!/usr/bin/env bash
# Install the real-inits checks (guest/real-inits: run.sh and pid1-run, built
# statically) into the kselftest tree of OUT as the collection real_inits.
# The programs they run (tini, dumb-init, catatonit, bash) come from the
# machine's Debian packages; guest/build-initramfs.sh copies them in.
#   build-real-inits.sh OUT
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

[ $# -eq 1 ] || die "usage: build-real-inits.sh OUT"
inst=$(cd "$1" && pwd)/kselftest/kselftest_install
src=$PROJECT_ROOT/guest/real-inits
[ -f "$inst/kselftest-list.txt" ] || die "no selftests in $inst" "run: make selftests"

rm -rf "$inst/real_inits"
mkdir -p "$inst/real_inits"
if ! gcc -O2 -static -Wall -Werror -o "$inst/real_inits/pid1-run" "$src/pid1-run.c"; then
	die "guest/real-inits/pid1-run.c does not build" "fix the error above"
fi
cp "$src/run.sh" "$inst/real_inits/run.sh"
chmod 0755 "$inst/real_inits/run.sh"
echo "timeout=600" > "$inst/real_inits/settings"
sed -i '/^real_inits:/d' "$inst/kselftest-list.txt"
echo "real_inits:run.sh" >> "$inst/kselftest-list.txt"
step "selftests: real_inits (pid1-run and run.sh) installed"
