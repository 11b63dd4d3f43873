#!/usr/bin/env bash
# Check that patches/series applies, patch -p1 at fuzz 0 in series order, to
# vanilla 6.12.y and not only to Debian's patched source, the way Fedora, Arch
# or a plain stable tree take it (BASE=6.12 only; see below why). Only the
# files the series touches (read from the patches) are taken, into a scratch
# directory:
#   1. vanilla: from the orig tarball of Debian's source package (upstream,
#      unpatched), of the base's version or the nearest one the archive has;
#      an older one that the series does not apply to is reported as a skip;
#   2. the base without Debian: build/linux's base with Debian's own patches
#      (debian.tar.xz) to those files reversed, which is vanilla at the base's
#      version; it names the files Debian changes.
# Hunks applied at an offset are listed in the detail column. Prints one
# result line each (tab-separated, as report-results.sh reads them).
set -euo pipefail
# shellcheck source=../common.sh
. "$(dirname "$0")/../common.sh"

[ -e "$LINUX_TREE/.git" ] || die "no ${LINUX_TREE#"$PROJECT_ROOT"/} tree" "run: make tree"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
log=$BUILD_DIR/logs/vanilla-apply.log
mkdir -p "$BUILD_DIR/logs"
: > "$log"

result() {
	printf 'check\t%s\t%s\t%s\n' "$1" "$2" "$(printf '%s' "${3:-}" | tr '\t\n' '  ')"
}

base_version=$(git -C "$LINUX_TREE" log -1 --format=%s upstream 2>/dev/null ||
	git -C "$LINUX_TREE" log -1 --format=%s base)
base_version=$(printf '%s\n' "$base_version" | sed -n 's/^Linux \([^ ]*\) .*/\1/p')
# Debian's source package of the base is what both checks need; the one of
# 7.2 (linux 7.2.13-1: .dsc, orig and debian tarballs) answered 404 on the
# Debian mirror this project's machines reach (2026-12-01), and the
# installed linux-source-6.12 is what fetch-debian-source.sh looks up.
if [ "$PIDNS_BASE" != 6.12 ]; then
	result "series applies to vanilla $base_version (patch -p1, fuzz 0)" skip \
		"not checked: Debian's linux $base_version source package is not on the mirror (404); $QUEUE_NAME is checked against Debian's linux-source-$PIDNS_BASE only"
	exit 0
fi
mapfile -t files < <(series_patches | while read -r p; do
	sed -n 's|^diff --git a/\([^ ]*\) b/.*|\1|p' "$QUEUE_DIR/$p"
done | sort -u)

# apply_series DIR: apply the queue in DIR at fuzz 0; on stdout, a summary of
# the hunks that needed an offset ("file -1..-14 (3 hunks)"), or the failure.
apply_series() {
	local dir=$1 p out rc=0
	: > "$tmp/offsets"
	while read -r p; do
		out=$(cd "$dir" && patch -p1 --fuzz=0 --forward --batch --no-backup-if-mismatch \
			-r - < "$QUEUE_DIR/$p" 2>&1) || rc=$?
		printf '## %s in %s\n%s\n' "$p" "$dir" "$out" >> "$log"
		if [ "$rc" != 0 ]; then
			printf '%s\n' "$out" | grep -E 'FAILED|can.t find|No file|malformed|Reversed' | head -n 5 >&2 || true
			echo "$p does not apply: $(printf '%s\n' "$out" | grep -m1 -E 'FAILED|can.t find|Reversed|malformed' || echo "see ${log#"$PROJECT_ROOT"/}")"
			return 1
		fi
		printf '%s\n' "$out" | awk '/^patching file / { f = $3 }
			/offset -?[0-9]+ line/ { match($0, /offset -?[0-9]+/); print f, substr($0, RSTART + 7, RLENGTH - 7) }' \
			>> "$tmp/offsets"
	done < <(series_patches)
	sort -k1,1 -k2,2n "$tmp/offsets" | awk '
		function out() {
			printf "%s%s %s%s (%d hunk%s)", sep, f, lo, (lo == hi ? "" : ".." hi), n, (n > 1 ? "s" : "")
			sep = "; "
		}
		$1 != f { if (f != "") out(); f = $1; lo = $2; n = 0 }
		{ hi = $2; n++ }
		END { if (f != "") out() }'
}

report() {
	local name=$1 dir=$2 extra=${3:-} summary
	if summary=$(apply_series "$dir"); then
		result "$name" pass "${extra}offsets: ${summary:-none}"
	else
		result "$name" fail "$summary"
	fi
}

if ! src=$("$PROJECT_ROOT/scripts/fetch-debian-source.sh"); then
	result "series applies to vanilla 6.12.y (patch -p1, fuzz 0)" fail \
		"Debian's source package could not be downloaded: the error above says what to do"
	exit 0
fi
IFS=$'\t' read -r version orig debtar <<< "$src"
upstream=${version%-*}

# 1. Vanilla: the touched files the orig tarball has (new files have none).
# Its listing is cached: reading 150 MB of xz twice costs 10 s.
[ -s "$orig.list" ] || { tar -tJf "$orig" > "$orig.list.tmp" && mv "$orig.list.tmp" "$orig.list"; }
top=$(head -n 1 "$orig.list" | cut -d/ -f1)
printf '%s\n' "${files[@]}" | sed "s|^|$top/|" | grep -xF -f - "$orig.list" > "$tmp/members" || true
mkdir -p "$tmp/vanilla"
if [ -s "$tmp/members" ]; then
	tar -xJf "$orig" -C "$tmp/vanilla" --strip-components=1 -T "$tmp/members"
fi
name="series applies to vanilla $upstream (Debian's orig tarball; patch -p1, fuzz 0)"
if [ "$upstream" = "$base_version" ]; then
	report "$name" "$tmp/vanilla"
elif summary=$(apply_series "$tmp/vanilla"); then
	result "$name" pass "offsets: ${summary:-none}"
else
	# An older 6.12.y than the base lacks stable fixes the series builds on
	# (cgroup's kill_seq, for one): informative only; check 2 below is the
	# vanilla $base_version one.
	result "$name" skip "older than the base $base_version, whose vanilla files check 2 rebuilds: $summary"
fi

# 2. The base less Debian's patches to the touched files, newest first.
mkdir -p "$tmp/nodebian" "$tmp/debian"
present=()
for f in "${files[@]}"; do
	git -C "$LINUX_TREE" cat-file -e "base:$f" 2>/dev/null && present+=("$f")
done
if [ ${#present[@]} -gt 0 ]; then
	git -C "$LINUX_TREE" archive base -- "${present[@]}" | tar -x -C "$tmp/nodebian"
fi
tar -xJf "$debtar" -C "$tmp/debian" debian/patches
patchdir=$tmp/debian/debian/patches
printf '%s\n' "${files[@]}" > "$tmp/files"
name="series applies to $base_version without Debian's patches (Debian $version's reversed; patch -p1, fuzz 0)"
debian_changes=""
while read -r dp; do
	mapfile -t hit < <(lsdiff --strip=1 "$patchdir/$dp" | grep -xF -f "$tmp/files" || true)
	[ ${#hit[@]} -gt 0 ] || continue
	debian_changes+="${hit[*]} ($dp), "
	if ! out=$(filterdiff -p1 "${hit[@]/#/-i}" "$patchdir/$dp" |
		(cd "$tmp/nodebian" && patch -R -p1 --fuzz=0 --batch --no-backup-if-mismatch -r -) 2>&1); then
		printf '%s\n' "$out" >&2
		result "$name" fail "Debian's $dp does not reverse on the base's ${hit[*]}: it changed after $version; set VANILLA_FALLBACK to a newer version"
		exit 0
	fi
done < <(sed -e 's/#.*//' "$patchdir/series" | awk 'NF { print $1 }' | tac)
report "$name" "$tmp/nodebian" "Debian changes: ${debian_changes:-none of these files, }"
