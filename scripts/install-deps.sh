#!/usr/bin/env bash
# Install every Debian package of scripts/deps-list.txt, or of the list named
# as the argument (idempotent). Without root it stops and prints the exact
# command to run.
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

list=${1:-$PROJECT_ROOT/scripts/deps-list.txt}
[ -f "$list" ] || die "no package list $list" "name a file of scripts/ (deps-list.txt, deps-fresh-host.txt)"

mapfile -t pkgs < <(sed -e 's/#.*//' "$list" | awk 'NF { print $1 }')

if "$PROJECT_ROOT/scripts/check-deps.sh" "$list" 2>/dev/null; then
	step "deps: all ${#pkgs[@]} packages already installed"
	exit 0
fi

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${pkgs[*]}"
if [ "$(id -u)" -ne 0 ]; then
	die "installing packages needs root" "run: sudo sh -c '$cmd'   (then run make again)"
fi

step "deps: apt-get update"
apt-get update -qq || die "apt-get update failed" "check the network and /etc/apt/sources.list, then run: make deps"
step "deps: installing ${pkgs[*]}"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null ||
	die "apt-get install failed" "run by hand to see why: $cmd"
"$PROJECT_ROOT/scripts/check-deps.sh" "$list" || die "packages still missing after apt-get install" "run: $cmd"
step "deps: done"
