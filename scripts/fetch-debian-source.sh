#!/usr/bin/env bash
# Download the Debian source package of the base (orig tarball: the vanilla
# upstream tree; debian.tar.xz: Debian's patches on top of it) with apt-get
# source, into a cache under build/vanilla/ that later runs reuse. The base's
# own version is tried first; when the archive does not have it (mirrors keep
# a limited history), the pinned VANILLA_FALLBACK version is used. No system
# configuration is changed: apt runs with deb-src entries of its own, made
# from the machine's deb entries, and index and cache directories of its own.
# Prints one line: VERSION ORIG_TARBALL DEBIAN_TARBALL (tab-separated).
#   fetch-debian-source.sh
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

# 6.12.107 is the newest linux-6.12 source the Debian mirror this project's
# machines (and CI) reach serves; 6.12.108 to 6.12.117 answer 404 there.
fallback=${VANILLA_FALLBACK:-6.12.107-1~deb12u1}
binpkg=linux-source-6.12
cache=$BUILD_DIR/vanilla
apt_dir=$cache/apt
log=$BUILD_DIR/logs/vanilla-fetch.log
mkdir -p "$cache" "$BUILD_DIR/logs"
: > "$log"

srcpkg=$(dpkg-query -W -f='${source:Package}' "$binpkg" 2>/dev/null) ||
	die "$binpkg is not installed" "run: make deps"
base_version=$(dpkg-query -W -f='${Version}' "$binpkg")

# cached VERSION: the orig and debian tarballs of VERSION, when both are here.
cached() {
	local upstream=${1%-*} orig deb
	orig=$cache/${srcpkg}_$upstream.orig.tar.xz
	deb=$cache/${srcpkg}_$1.debian.tar.xz
	[ -s "$orig" ] && [ -s "$deb" ] && printf '%s\t%s\t%s\n' "$1" "$orig" "$deb"
}

apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/none.list" -o "Dir::Etc::SourceParts=$apt_dir/sources"
	-o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o Debug::NoLocking=1)

# The machine's deb entries (one-line and deb822 formats) as deb-src entries.
apt_update() {
	mkdir -p "$apt_dir/sources" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
	: > "$apt_dir/none.list"
	{
		sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' /etc/apt/sources.list 2>/dev/null || true
		sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' /etc/apt/sources.list.d/*.list 2>/dev/null || true
	} > "$apt_dir/sources/deb-src.list"
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		sed 's/^Types:.*/Types: deb-src/' "$f" > "$apt_dir/sources/$(basename "$f")"
	done
	step "vanilla: apt-get update (deb-src entries of the machine's Debian sources)"
	apt-get "${apt_opts[@]}" update >> "$log" 2>&1 || true
}

updated=0
for v in "$base_version" "$fallback"; do
	if cached "$v"; then
		exit 0
	fi
	[ "$updated" = 1 ] || { apt_update; updated=1; }
	step "vanilla: downloading Debian's $srcpkg $v source (orig tarball and patches)"
	tmp=$(mktemp -d "$cache/download.XXXXXX")
	if (cd "$tmp" && apt-get "${apt_opts[@]}" source --download-only "$srcpkg=$v") > "$tmp.log" 2>&1; then
		cat "$tmp.log" >> "$log"
		mv "$tmp"/* "$cache"/
		rm -rf "$tmp" "$tmp.log"
		cached "$v" && exit 0
	fi
	cat "$tmp.log" >> "$log"
	step "vanilla: $v not available: $(grep -m1 '^E: ' "$tmp.log" | sed 's/ *\[IP:.*//')"
	rm -rf "$tmp" "$tmp.log"
done
die "could not download Debian's $srcpkg source $base_version or $fallback (see ${log#"$PROJECT_ROOT"/})" \
	"check that apt reaches the Debian archive (deb-src pool/), or put ${srcpkg}_<upstream>.orig.tar.xz and ${srcpkg}_<version>.debian.tar.xz of either version into ${cache#"$PROJECT_ROOT"/}/ (or set VANILLA_FALLBACK=<a version apt-cache showsrc $srcpkg lists>), then run make check again"
