#!/usr/bin/env bash
# gen_init_cpio "file" lines for programs of another architecture's root
# directory (scripts/fetch-debs.sh unpacks one) and for the shared libraries
# they load: the dynamic loader at the path the program names, and every
# DT_NEEDED library, found under ROOT's lib directories and put at the same
# path in the initramfs, recursively. readelf reads any architecture's ELF
# headers, where ldd would have to run the foreign loader. Symlinks are
# followed inside ROOT.
#   sysroot-programs.sh ROOT PATH...   (PATH: a program's path inside ROOT)
set -euo pipefail
# shellcheck source=../scripts/common.sh
. "$(dirname "$0")/../scripts/common.sh"

[ $# -ge 2 ] || die "usage: sysroot-programs.sh ROOT PATH..."
root=$(cd "$1" && pwd)
shift

# inside PATH: PATH with its symlinks followed inside ROOT (not the machine's).
inside() {
	local p=$1 t n=0
	while [ -L "$root$p" ]; do
		n=$((n + 1))
		[ "$n" -le 20 ] || die "symlink loop at $root$p" "remove ${root#"$PROJECT_ROOT"/} and run make again"
		t=$(readlink "$root$p")
		case $t in
		/*) p=$t ;;
		*) p=$(dirname "$p")/$t ;;
		esac
	done
	[ -f "$root$p" ] || die "$root$p not found" "remove ${root#"$PROJECT_ROOT"/} and run make again"
	realpath -m "$root$p"
}

# find_lib SONAME: the path inside ROOT of a library the loader finds by name.
find_lib() {
	local d f
	for d in /lib /usr/lib; do
		for f in "$root$d"/*-linux-gnu*/"$1" "$root$d/$1"; do
			if [ -e "$f" ]; then
				echo "${f#"$root"}"
				return 0
			fi
		done
	done
	return 1
}

declare -A listed
queue=()
for p in "$@"; do
	echo "file $p $(inside "$p") 0755 0 0"
	listed[$p]=1
	queue+=("$p")
done
while [ ${#queue[@]} -gt 0 ]; do
	p=${queue[0]}
	queue=("${queue[@]:1}")
	file=$(inside "$p")
	interp=$(readelf -l "$file" | sed -n 's/.*\[Requesting program interpreter: \(.*\)\]/\1/p')
	mapfile -t needed < <(readelf -d "$file" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
	deps=()
	[ -z "$interp" ] || deps+=("$interp")
	for so in "${needed[@]}"; do
		# The loader itself, named by libc: it is loaded already.
		[ -n "$interp" ] && [ "$so" = "$(basename "$interp")" ] && continue
		dep=$(find_lib "$so") || die "$so, which $p needs, is not in $root" \
			"add its Debian package to the fetch-debs.sh call in the Makefile"
		deps+=("$dep")
	done
	for dep in "${deps[@]}"; do
		[ -z "${listed[$dep]:-}" ] || continue
		echo "file $dep $(inside "$dep") 0755 0 0"
		listed[$dep]=1
		queue+=("$dep")
	done
done
