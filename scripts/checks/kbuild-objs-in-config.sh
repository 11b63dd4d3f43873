#!/usr/bin/env bash
# Which of the given kernel objects a configured build compiles: each object
# whose name is in its directory's obj-y (directly or as part of a composite
# object such as proc.o), in a directory that its parent's Makefile enables,
# up to a top-level directory (kernel/, fs/, arch/ARCH/...). The Makefiles are
# evaluated by make with the build's include/config/auto.conf, so
# "obj-$(CONFIG_X) += foo.o" and "foo_$(BITS).o" resolve as Kbuild resolves
# them. Prints the objects that are built, one a line.
#   kbuild-objs-in-config.sh SRC OUT SRCARCH OBJ...
set -euo pipefail
# shellcheck source=../common.sh
. "$(dirname "$0")/../common.sh"

[ $# -ge 3 ] || die "usage: kbuild-objs-in-config.sh SRC OUT SRCARCH OBJ..."
src=$1 out=$2 srcarch=$3
shift 3
conf=$out/include/config/auto.conf
[ -f "$conf" ] || die "$conf is missing" "configure the build first (make O=$out ... olddefconfig syncconfig)"

# built_in DIR NAME: does DIR's Makefile (or Kbuild) build NAME (foo.o or
# sub/) into the kernel? BITS is what arch/x86 and arch/sparc derive it from.
built_in() {
	local dir=$1 name=$2 mf built
	for mf in "$src/$dir/Kbuild" "$src/$dir/Makefile"; do
		[ -f "$mf" ] && break
	done
	[ -f "$mf" ] || return 1
	built=$(make -s --no-print-directory -f - print <<-EOF
		include $conf
		srctree := $src
		src := $dir
		obj := $dir
		BITS := \$(if \$(CONFIG_64BIT),64,32)
		include $mf
		FORCE:
		composite := \$(foreach m,\$(obj-y),\$(if \$(\$(m:.o=-y))\$(\$(m:.o=-objs)),\$(\$(m:.o=-y)) \$(\$(m:.o=-objs))))
		print: ; @printf '%s\n' \$(obj-y) \$(composite)
	EOF
	) || die "make could not read $mf" "see the make error above"
	grep -qx -- "$name" <<< "$built"
}

# top_level DIR: a directory the kernel's top Makefile always descends into.
top_level() {
	case $1 in
	arch/"$srcarch" | kernel | fs | mm | init | ipc | security | block | lib) return 0 ;;
	*) return 1 ;;
	esac
}

for obj in "$@"; do
	dir=$(dirname "$obj")
	case $dir in arch/*) [[ $dir == arch/"$srcarch"/* ]] || continue ;; esac
	built_in "$dir" "$(basename "$obj")" || continue
	ok=yes
	while ! top_level "$dir"; do
		parent=$(dirname "$dir")
		if [ "$parent" = . ] || ! built_in "$parent" "$(basename "$dir")/"; then
			ok=
			break
		fi
		dir=$parent
	done
	[ -n "$ok" ] && echo "$obj"
done
exit 0
