#!/usr/bin/env bash
# Install the tree's uapi headers (make headers_install) and compile, as C
# and as C++, one program per header that includes it alone: every uapi
# header the series touches, and linux/prctl.h and linux/signal.h, which the
# series' prctl and siginfo ABI live in. Prints one result line.
#   check-uapi-headers.sh SRC KERNEL_OUT   (KERNEL_OUT: SRC's configured build)
set -euo pipefail
# shellcheck source=../common.sh
. "$(dirname "$0")/../common.sh"

[ $# -eq 2 ] || die "usage: check-uapi-headers.sh SRC KERNEL_OUT"
[ -f "$2/.config" ] || die "$2 is not a configured kernel build" "run: make kernel"
# Absolute paths: make -C would take a relative O= from inside SRC.
src=$(cd "$1" && pwd)
kout=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
log=$BUILD_DIR/logs/uapi-headers.log

make -C "$src" O="$kout" INSTALL_HDR_PATH="$tmp/usr" headers_install > "$log" 2>&1 ||
	die "make headers_install failed" "read $log"
mapfile -t headers < <({
	git -C "$src" diff --name-only base HEAD -- 'include/uapi/*.h' |
		sed 's|^include/uapi/||'
	echo linux/prctl.h
	echo linux/signal.h
} | sort -u)

failed=()
for h in "${headers[@]}"; do
	printf '#include <%s>\nint main(void) { return 0; }\n' "$h" > "$tmp/t.c"
	cp "$tmp/t.c" "$tmp/t.cc"
	if ! gcc -std=gnu11 -Wall -Werror -isystem "$tmp/usr/include" -c "$tmp/t.c" -o "$tmp/t.o" >> "$log" 2>&1 ||
		! g++ -std=gnu++17 -Wall -Werror -isystem "$tmp/usr/include" -c "$tmp/t.cc" -o "$tmp/t.o" >> "$log" 2>&1; then
		failed+=("$h")
	fi
done
name="uapi headers compile alone as C and C++ (${#headers[@]}: ${headers[*]})"
if [ ${#failed[@]} -eq 0 ]; then
	printf 'check\t%s\tpass\t\n' "$name"
else
	printf 'check\t%s\tfail\t%s; see %s\n' "$name" "${failed[*]}" "${log#"$PROJECT_ROOT"/}"
fi
