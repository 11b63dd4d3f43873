#!/usr/bin/env bash
# Unpack the upstream source of a program, as Debian's source package carries
# it (the orig tarball, without Debian's patches), for the patch queues that
# target that program (man-pages/, consumers/). The package and its version
# are pinned in scripts/upstream-sources.txt, from Debian 13 (trixie): apt
# reads trixie's signed source index, with a sources list, index and cache of
# its own under build/upstream/apt (the machine's apt setup is neither read
# for its state nor changed), and apt-helper downloads the orig tarball and
# checks it against the index's SHA256. Downloads are kept in
# build/upstream/ and reused without the network.
# Prints the path of the unpacked tree, which is made afresh on each call.
#   fetch-upstream-source.sh SRCPKG DEST_DIR
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

[ $# -eq 2 ] || die "usage: fetch-upstream-source.sh SRCPKG DEST_DIR"
pkg=$1 dest=$2
pins=$PROJECT_ROOT/scripts/upstream-sources.txt
version=$(awk -v p="$pkg" '$1 == p { print $2 }' "$pins")
[ -n "$version" ] || die "$pkg is not pinned in ${pins#"$PROJECT_ROOT"/}" "add a line: $pkg <Debian version>"
upstream=${version#*:}
upstream=${upstream%-*}
suite=trixie
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=$BUILD_DIR/upstream
apt_dir=$cache/apt
log=$BUILD_DIR/logs/upstream-$pkg.log
mkdir -p "$cache" "$BUILD_DIR/logs"

# orig: the cached orig tarball of the pinned version, if it is here.
orig() {
	find "$cache" -maxdepth 1 -name "${pkg}_$upstream.orig.tar.*" ! -name '*.asc' | head -n 1
}

if [ -z "$(orig)" ]; then
	debian_apt "$apt_dir" deb-src "$suite"
	step "upstream: apt-get update (Debian $suite's source index)"
	apt-get "${apt_opts[@]}" update > "$log" 2>&1 ||
		{ show_log_tail "$log"; die "apt-get update of Debian $suite failed" "check that apt reaches $mirror (or set DEBIAN_MIRROR)"; }
	# The orig tarball's address and hash from the signed index; the mirror
	# may lack the package's other files, which are not needed.
	uri=$(apt-get "${apt_opts[@]}" source --print-uris "$pkg=$version" 2>> "$log" |
		awk -v f="${pkg}_$upstream.orig.tar." "index(\$2, f) == 1 && \$2 !~ /\\.asc\$/")
	[ -n "$uri" ] || die "Debian $suite has no $pkg $version" \
		"pin the version apt-cache showsrc $pkg lists there in ${pins#"$PROJECT_ROOT"/}, and rebase the queue on it"
	read -r url file _ hash <<< "$uri"
	step "upstream: downloading $file (Debian $suite's $pkg $version)"
	tmp=$(mktemp -d "$cache/download.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	if ! /usr/lib/apt/apt-helper download-file "${url//\'/}" "$tmp/$file" "$hash" >> "$log" 2>&1; then
		show_log_tail "$log"
		die "could not download $file" "check that apt reaches $mirror, or put $file into ${cache#"$PROJECT_ROOT"/}/"
	fi
	mv "$tmp/$file" "$cache/"
fi
tarball=$(orig)
[ -n "$tarball" ] || die "no orig tarball of $pkg $upstream in ${cache#"$PROJECT_ROOT"/}" "see ${log#"$PROJECT_ROOT"/}"

rm -rf "$dest"
mkdir -p "$dest"
tar -xf "$tarball" -C "$dest" --strip-components=1
step "upstream: $pkg $upstream unpacked in ${dest#"$PROJECT_ROOT"/}"
echo "$dest"
