# shellcheck shell=bash
# Shared by the project's scripts: progress lines that carry the elapsed time,
# and errors that tell the user what to do next. Source it; it runs nothing.

# Seconds since the make command (or this script) started; the Makefile exports
# PIDNS_T0 so every step of one run counts from the same start.
PIDNS_T0=${PIDNS_T0:-$(date +%s)}
export PIDNS_T0

# The project's root, whichever directory a script was called from.
PROJECT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The kernel the series is applied to, chosen with PIDNS_BASE (the Makefile's
# BASE): each base has a queue and a build directory of its own.
#   6.12  Debian 12's linux-source-6.12 and the LTS queue in patches/, into
#         build/ (the default: what distro builders apply)
#   7.2   Debian unstable's linux-source-7.2 and the mainline queue in
#         patches-7.2/ (what is posted), into build/7.2/
PIDNS_BASE=${PIDNS_BASE:-6.12}
case $PIDNS_BASE in
6.12) QUEUE_DIR=$PROJECT_ROOT/patches BUILD_DIR=${BUILD_DIR:-$PROJECT_ROOT/build} ;;
7.2) QUEUE_DIR=$PROJECT_ROOT/patches-7.2 BUILD_DIR=${BUILD_DIR:-$PROJECT_ROOT/build/7.2} ;;
*)
	printf 'error: no queue for PIDNS_BASE=%s\n  next: use BASE=6.12 (patches/, the default) or BASE=7.2 (patches-7.2/)\n' \
		"$PIDNS_BASE" >&2
	exit 1
	;;
esac
# The queue's name as the user sees it ("patches", "patches-7.2").
QUEUE_NAME=${QUEUE_DIR#"$PROJECT_ROOT"/}
LINUX_TREE=${LINUX_TREE:-$BUILD_DIR/linux}
export PROJECT_ROOT PIDNS_BASE QUEUE_DIR QUEUE_NAME BUILD_DIR LINUX_TREE

# step MESSAGE: one progress line, prefixed with the elapsed time.
step() {
	printf '[%5ss] %s\n' "$(($(date +%s) - PIDNS_T0))" "$*" >&2
}

# die WHAT [NEXT]: stop with what went wrong and, when known, what to do next.
die() {
	printf 'error: %s\n' "$1" >&2
	if [ $# -gt 1 ]; then
		printf '  next: %s\n' "$2" >&2
	fi
	exit 1
}

# show_log_tail LOG: the end of a long log, for a step that failed.
show_log_tail() {
	printf -- '--- last lines of %s ---\n' "$1" >&2
	tail -n 40 "$1" >&2 || true
	printf -- '--- end of %s ---\n' "$1" >&2
}

# fragment_paths TREE FRAGMENT...: each kconfig fragment as a path, looked up
# in TREE first (a selftest's config as it is at that commit), then in the
# project; a fragment found in neither (a suite before its patch) is skipped.
fragment_paths() {
	local tree=$1 f
	shift
	for f in "$@"; do
		if [ -f "$tree/$f" ]; then
			echo "$tree/$f"
		elif [ -f "$PROJECT_ROOT/$f" ]; then
			echo "$PROJECT_ROOT/$f"
		fi
	done
}

# series_patches: the patch files of the base's queue (QUEUE_DIR/series) in
# order, one a line.
series_patches() {
	queue_patches "$QUEUE_DIR"
}

# queue_patches DIR: the patch files of DIR/series in order, one a line
# (quilt format: blank lines and # comments are skipped); none without it.
queue_patches() {
	local series=$1/series
	[ -f "$series" ] || return 0
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$series" | awk 'NF { print $1 }'
}

# remove_build_products TREE: delete the files that tools write into the
# kernel tree although they are no source: the programs some upstream selftest
# Makefiles (prctl's "all: $(TEST_PROGS)") build in the source directory even
# with O=, that is untracked files under tools/testing/selftests that are ELF
# objects or are named like a tracked C source without its ".c" (a program
# whose link was interrupted), and the cache checkpatch.pl --strict keeps at
# the top (.checkpatch-camelcase.git.*). Untracked sources are left alone.
remove_build_products() {
	local tree=$1 f
	git -C "$tree" ls-files --others -- tools/testing/selftests |
		while read -r f; do
			if [ "$(head -c 4 "$tree/$f" | od -An -c | tr -d ' ')" = '177ELF' ] ||
				git -C "$tree" ls-files --error-unmatch -- "$f.c" >/dev/null 2>&1; then
				rm -f "$tree/$f"
				step "removed the build product $f from $(basename "$tree")"
			fi
		done
	find "$tree" -maxdepth 1 -name '.checkpatch-camelcase.git.*' -delete
}

# guest_arch: the guest's architecture, from ARCH in the environment as kbuild
# reads it (unset: the machine's, x86_64): x86_64 or arm64.
guest_arch() {
	case ${ARCH:-x86_64} in
	x86 | x86_64) echo x86_64 ;;
	arm64) echo arm64 ;;
	*) die "no guest for ARCH=$ARCH" "use ARCH=arm64, or leave ARCH unset for x86_64" ;;
	esac
}

# kernel_image KERNEL_OUT: the image QEMU boots, in a kernel build directory
# of the guest's architecture (guest_arch).
kernel_image() {
	local arch
	arch=$(guest_arch) || return 1
	case $arch in
	arm64) echo "$1/arch/arm64/boot/Image" ;;
	*) echo "$1/arch/x86/boot/bzImage" ;;
	esac
}

# apply_queue TREE QUEUE_DIR: apply the patches that QUEUE_DIR/series lists
# to the unpacked source TREE with quilt, as distro builders apply a queue.
apply_queue() {
	local tree=$1 queue=$2 log
	[ -f "$queue/series" ] || die "no ${queue#"$PROJECT_ROOT"/}/series" "list the queue's patches there, one a line"
	log=$(mktemp)
	if ! (cd "$tree" && QUILT_PATCHES=$queue QUILT_PC=.pc quilt push -a -q) > "$log" 2>&1; then
		show_log_tail "$log"
		rm -f "$log"
		die "the ${queue#"$PROJECT_ROOT"/} queue does not apply" "rebase it on the source that scripts/upstream-sources.txt pins"
	fi
	rm -f "$log"
}

# inputs_changed STAMP FILE...: true unless STAMP holds the checksum of the
# FILEs (and of the script that asks), which is then written to it on the
# caller's success with record_inputs.
inputs_changed() {
	local stamp=$1
	shift
	[ "$(cat "$stamp" 2>/dev/null)" != "$(cat "$@" "$0" | sha256sum)" ]
}

record_inputs() {
	local stamp=$1
	shift
	cat "$@" "$0" | sha256sum > "$stamp"
}

# debian_apt DIR TYPES SUITE: an apt configuration of its own under DIR that
# reads only Debian SUITE's TYPES ("deb", "deb-src") from DEBIAN_MIRROR
# (default deb.debian.org), checked with the archive keyring; sets apt_opts
# for apt-get. The machine's apt setup is neither read for its state nor
# changed.
debian_apt() {
	local dir=$1 types=$2 suite=$3
	# shellcheck disable=SC2034 # for the caller's apt-get
	apt_opts=(-o "Dir::Etc::SourceList=$dir/none.list" -o "Dir::Etc::SourceParts=$dir/sources"
		-o "Dir::State::Lists=$dir/lists" -o "Dir::State::status=$dir/status"
		-o "Dir::Cache=$dir/cache" -o Debug::NoLocking=1)
	mkdir -p "$dir/sources" "$dir/lists/partial" "$dir/cache/archives/partial"
	: > "$dir/none.list"
	[ -e "$dir/status" ] || : > "$dir/status"
	printf 'Types: %s\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n' \
		"$types" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" "$suite" \
		/usr/share/keyrings/debian-archive-keyring.gpg > "$dir/sources/$suite.sources"
}
