#!/usr/bin/env bash
# Exit 0 when every Debian package of scripts/deps-list.txt (or of the list
# named as the argument) is installed; otherwise name the missing ones and
# exit 1.
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

list=${1:-$PROJECT_ROOT/scripts/deps-list.txt}
[ -f "$list" ] || die "no package list $list" "name a file of scripts/ (deps-list.txt, deps-fresh-host.txt)"

missing=()
while read -r pkg; do
	if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$pkg")
	fi
done < <(sed -e 's/#.*//' "$list" | awk 'NF { print $1 }')

if [ ${#missing[@]} -gt 0 ]; then
	printf 'missing packages: %s\n' "${missing[*]}" >&2
	exit 1
fi
