#!/usr/bin/env bash
# Download the kernel source of the upstream base, Debian unstable's
# linux-source-7.2 package, and unpack its tarball: prints the path of
# linux-source-7.2.tar.xz. The version is pinned in
# scripts/upstream-sources.txt (linux-source-7.2 VERSION). apt reads
# unstable's signed index with a sources list, index and cache of its own
# under build/upstream/apt-unstable (the machine's apt setup is neither read
# for its state nor changed), and apt-helper downloads the package and
# checks it against the index's SHA256. The package is kept in
# build/upstream/ and reused without the network.
#   fetch-linux-source.sh
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

pkg=linux-source-7.2
pins=$PROJECT_ROOT/scripts/upstream-sources.txt
version=$(awk -v p="$pkg" '$1 == p { print $2 }' "$pins")
[ -n "$version" ] || die "$pkg is not pinned in ${pins#"$PROJECT_ROOT"/}" "add a line: $pkg <Debian version>"
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=$BUILD_DIR/upstream
apt_dir=$cache/apt-unstable
deb=$cache/${pkg}_${version}_all.deb
tarball=$cache/$pkg-$version/usr/src/$pkg.tar.xz
log=$BUILD_DIR/logs/upstream-$pkg.log
mkdir -p "$cache" "$BUILD_DIR/logs"

if [ ! -s "$deb" ]; then
	debian_apt "$apt_dir" deb unstable
	step "upstream: apt-get update (Debian unstable's package index)"
	apt-get "${apt_opts[@]}" update > "$log" 2>&1 ||
		{ show_log_tail "$log"; die "apt-get update of Debian unstable failed" "check that apt reaches $mirror (or set DEBIAN_MIRROR)"; }
	uri=$(apt-get "${apt_opts[@]}" download --print-uris "$pkg=$version" 2>> "$log" | tail -n 1)
	[ -n "$uri" ] || die "Debian unstable has no $pkg $version" \
		"pin the version apt-cache policy $pkg shows there in ${pins#"$PROJECT_ROOT"/}"
	read -r url _ _ hash <<< "$uri"
	step "upstream: downloading $pkg $version (about 165 MB)"
	if ! /usr/lib/apt/apt-helper download-file "${url//\'/}" "$deb.part" "$hash" >> "$log" 2>&1; then
		rm -f "$deb.part"
		show_log_tail "$log"
		die "could not download $pkg $version" "check that apt reaches $mirror, or put ${deb##*/} into ${cache#"$PROJECT_ROOT"/}/"
	fi
	mv "$deb.part" "$deb"
fi
if [ ! -s "$tarball" ]; then
	rm -rf "$cache/$pkg-$version"
	dpkg-deb -x "$deb" "$cache/$pkg-$version"
fi
[ -s "$tarball" ] || die "${deb#"$PROJECT_ROOT"/} holds no usr/src/$pkg.tar.xz" "remove it and run again"
echo "$tarball"
