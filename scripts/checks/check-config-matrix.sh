#!/usr/bin/env bash
# The config matrix, as the kernel test robot builds: for each config of
# config/matrix.tsv, compile the kernel C files of the series that the config
# builds, with W=1, at the base and after the whole series, and fail a config
# where the series adds a warning or an error. It runs in a worktree of its
# own (build/matrix/linux), checked out at the base for every config and then
# at the series, with one output directory per config (build/matrix/NAME), so
# that only the touched objects and what depends on the changed headers are
# compiled twice. Prints one result line per config (tab-separated, as
# report-results.sh reads them).
#   check-config-matrix.sh [NAME...]   (default: every config of the matrix)
set -euo pipefail
# shellcheck source=../common.sh
. "$(dirname "$0")/../common.sh"

[ -e "$LINUX_TREE/.git" ] || die "no ${LINUX_TREE#"$PROJECT_ROOT"/} tree" "run: make tree"
matrix=$PROJECT_ROOT/config/matrix.tsv
wt=$BUILD_DIR/matrix/linux
logs=$BUILD_DIR/logs/matrix
mkdir -p "$BUILD_DIR/matrix" "$logs"
if [ ! -e "$wt/.git" ]; then
	git -C "$LINUX_TREE" worktree prune
	git -C "$LINUX_TREE" worktree add -q --detach "$wt" base
fi

# The configs to build: the named ones, or all.
mapfile -t rows < <(grep -v -e '^#' -e '^$' "$matrix")
if [ $# -gt 0 ]; then
	mapfile -t rows < <(printf '%s\n' "${rows[@]}" | awk -F'\t' 'NR == FNR { want[$1]; next } $1 in want' \
		<(printf '%s\n' "$@") -)
	[ ${#rows[@]} -eq $# ] || die "unknown config name in: $*" "use a name from the first column of $matrix"
fi

mapfile -t series_objs < <(git -C "$LINUX_TREE" diff --name-only base HEAD -- '*.c' |
	grep -v -e '^tools/' -e '^Documentation/' -e '^samples/' -e '^scripts/' | sed 's/\.c$/.o/')
head=$(git -C "$LINUX_TREE" rev-parse HEAD)

# configure NAME ARCH CROSS TARGET FRAGMENTS: the config of NAME in
# build/matrix/NAME, made again only when its recipe changed.
configure() {
	local name=$1 arch=$2 cross=$3 target=$4 frags=$5 out=$BUILD_DIR/matrix/$1 paths=() f stamp
	local log=$logs/$name-config.log
	if [ "$frags" != - ]; then
		for f in $frags; do
			paths+=("$PROJECT_ROOT/config/matrix/$f")
		done
	fi
	stamp=$(printf '%s %s %s\n' "$arch" "$cross" "$target" | cat - "${paths[@]}" | sha256sum | cut -d' ' -f1)
	[ "$(cat "$out/.config.stamp" 2>/dev/null)" = "$stamp" ] && return 0
	mkdir -p "$out"
	rm -f "$out/.config.stamp"
	make -C "$wt" O="$out" ARCH="$arch" CROSS_COMPILE="$cross" "$target" > "$log" 2>&1 ||
		{ show_log_tail "$log"; die "make $target failed for $name" "read $log"; }
	if [ ${#paths[@]} -gt 0 ]; then
		(cd "$wt" && ARCH=$arch CROSS_COMPILE=$cross scripts/kconfig/merge_config.sh -m -O "$out" \
			"$out/.config" "${paths[@]}") >> "$log" 2>&1 ||
			{ show_log_tail "$log"; die "merge_config.sh failed for $name" "read $log"; }
		if grep -q 'not in final .config' "$log"; then
			grep -A2 'Value requested for' "$log" >&2
			die "config $name: the options above did not survive (a dependency is missing)" \
				"add the dependency to the fragment in config/matrix/"
		fi
	fi
	# syncconfig writes include/config/auto.conf, which kbuild-objs-in-config.sh reads.
	make -C "$wt" O="$out" ARCH="$arch" CROSS_COMPILE="$cross" olddefconfig syncconfig >> "$log" 2>&1 ||
		{ show_log_tail "$log"; die "olddefconfig failed for $name" "read $log"; }
	echo "$stamp" > "$out/.config.stamp"
}

# warnings NAME ARCH CROSS OBJ...: compile OBJ... with W=1 in NAME's output
# directory and print the warnings and errors, with the directories and line
# numbers dropped so that moved lines compare equal. make -k goes on after an
# error, so every object's messages are seen.
warnings() {
	local name=$1 arch=$2 cross=$3 out=$BUILD_DIR/matrix/$1
	shift 3
	local log=$logs/$name-$rev_name.log
	rm -f "${@/#/$out/}"
	make -C "$wt" O="$out" ARCH="$arch" CROSS_COMPILE="$cross" CC="ccache ${cross}gcc" \
		HOSTCC="ccache gcc" -k -j"$(nproc)" W=1 "$@" > "$log" 2>&1 || true
	grep -E ': (warning|error): ' "$log" | sed -E 's|^[^ ]*/||; s|:[0-9]+(:[0-9]+)?:|:|' | sort -u || true
}

declare -A found objs
for rev_name in base series; do
	rev=base
	[ $rev_name = series ] && rev=$head
	git -C "$wt" checkout -q --detach "$rev"
	for row in "${rows[@]}"; do
		IFS=$'\t' read -r name arch cross target frags <<< "$row"
		[ "$cross" = - ] && cross=
		if [ $rev_name = base ]; then
			step "matrix: configuring $name"
			configure "$name" "$arch" "$cross" "$target" "$frags"
			case $arch in x86_64 | i386) srcarch=x86 ;; *) srcarch=$arch ;; esac
			objs[$name]=$("$PROJECT_ROOT/scripts/checks/kbuild-objs-in-config.sh" "$wt" \
				"$BUILD_DIR/matrix/$name" "$srcarch" "${series_objs[@]}" | tr '\n' ' ')
		fi
		read -r -a list <<< "${objs[$name]}"
		# At the base, files the series adds do not exist yet.
		existing=()
		for o in "${list[@]}"; do
			[ -f "$wt/${o%.o}.c" ] && existing+=("$o")
		done
		step "matrix: $name at the $rev_name: W=1 on ${#existing[@]} objects"
		found[$name-$rev_name]=$(warnings "$name" "$arch" "$cross" "${existing[@]}")
	done
done

for row in "${rows[@]}"; do
	IFS=$'\t' read -r name _ <<< "$row"
	check="config matrix $name: no new W=1 warning or error"
	added=$(comm -13 <(printf '%s\n' "${found[$name-base]}") <(printf '%s\n' "${found[$name-series]}") |
		grep . || true)
	if [ -z "$added" ]; then
		printf 'check\t%s\tpass\t%s\n' "$check" "${objs[$name]% }"
	else
		printf '%s: %s\n' "$name" "$added" | head -n 20 >&2 || true
		printf 'check\t%s\tfail\t%s new, the first: %s (log: build/logs/matrix/%s-series.log)\n' \
			"$check" "$(printf '%s\n' "$added" | wc -l)" \
			"$(printf '%s\n' "$added" | head -n 1 | tr '\t' ' ')" "$name"
	fi
done
