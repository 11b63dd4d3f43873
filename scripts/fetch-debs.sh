#!/usr/bin/env bash
# Unpack Debian binary packages of another architecture into a directory, for
# a guest of that architecture (the arm64 initramfs takes busybox-static,
# coreutils' timeout and the C library from there):
#   fetch-debs.sh ARCH ROOT PKG...
# apt-get download fetches PKG:ARCH from the machine's own Debian sources with
# a configuration of its own (sources list, index, cache and dpkg status under
# build/debs/ARCH/apt, APT::Architecture=ARCH): the machine's apt setup is
# neither read for its state nor changed. dpkg -x unpacks each package into
# ROOT, and ROOT/.fetch-debs-versions lists "PACKAGE VERSION" of each. A ROOT
# made from the same package list is reused without the network.
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

[ $# -ge 3 ] || die "usage: fetch-debs.sh ARCH ROOT PKG..."
arch=$1 root=$2
shift 2
pkgs=("$@")
cache=$BUILD_DIR/debs/$arch
apt_dir=$cache/apt
log=$BUILD_DIR/logs/debs-$arch.log
want="$arch ${pkgs[*]}"
if [ "$(cat "$root/.fetch-debs" 2>/dev/null)" = "$want" ]; then
	step "debs[$arch]: reusing ${root#"$PROJECT_ROOT"/} (${pkgs[*]})"
	exit 0
fi
mkdir -p "$cache" "$BUILD_DIR/logs"
: > "$log"

# Everything is made in a directory of its own, moved into place at the end:
# an interrupted or failed run leaves no half-unpacked ROOT behind.
tmp=$(mktemp -d "$cache/fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

apt_opts=(-o "APT::Architecture=$arch" -o "APT::Architectures=$arch"
	-o "Dir::Etc::SourceList=$apt_dir/none.list" -o "Dir::Etc::SourceParts=$apt_dir/sources"
	-o "Dir::State::Lists=$apt_dir/lists" -o "Dir::State::status=$apt_dir/status"
	-o "Dir::Cache=$apt_dir/cache" -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
rm -rf "$apt_dir/sources"
mkdir -p "$apt_dir/sources" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
: > "$apt_dir/none.list"
: > "$apt_dir/status"
# The machine's deb entries, one-line and deb822 formats, as they are.
if [ -f /etc/apt/sources.list ]; then
	cp /etc/apt/sources.list "$apt_dir/sources/machine.list"
fi
for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] && cp "$f" "$apt_dir/sources/"
done

step "debs[$arch]: apt-get update (the machine's Debian sources, $arch index; log: ${log#"$PROJECT_ROOT"/})"
apt-get "${apt_opts[@]}" update >> "$log" 2>&1 ||
	{ show_log_tail "$log"; die "apt-get update for $arch failed" "check that apt reaches the Debian archive (apt-get update), then run make again"; }

step "debs[$arch]: downloading ${pkgs[*]}"
mkdir "$tmp/debs"
(cd "$tmp/debs" && apt-get "${apt_opts[@]}" download "${pkgs[@]/%/:$arch}") >> "$log" 2>&1 ||
	{ show_log_tail "$log"; die "apt-get download of ${pkgs[*]} for $arch failed" "read $log; apt-cache -o APT::Architecture=$arch policy names what the archive has"; }

mkdir "$tmp/root"
for deb in "$tmp"/debs/*.deb; do
	dpkg -x "$deb" "$tmp/root" || die "dpkg -x $deb failed" "remove ${cache#"$PROJECT_ROOT"/} and run make again"
	# shellcheck disable=SC2016 # dpkg-deb's own ${field} syntax
	dpkg-deb --show --showformat='${Package} ${Version}\n' "$deb" >> "$tmp/root/.fetch-debs-versions"
done
sort -o "$tmp/root/.fetch-debs-versions" "$tmp/root/.fetch-debs-versions"
echo "$want" > "$tmp/root/.fetch-debs"
rm -rf "$root"
mkdir -p "$(dirname "$root")"
mv "$tmp/root" "$root"
step "debs[$arch]: unpacked $(paste -sd, "$root/.fetch-debs-versions" | sed 's/,/, /g') into ${root#"$PROJECT_ROOT"/}"
