#!/usr/bin/env bash
# Make the series as maintainers and distro builders take it, in out/:
#   out/pidns_signal/     git format-patch --cover-letter --base output, the
#                         cover letter filled from patches/cover-letter.txt
#                         and the last make test results
#   out/patches-<version>-pidns_signal.tar.xz
#                         patches/series + patches/*.patch, quilt layout, the
#                         way PREEMPT_RT ships its queue
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

[ -d "$LINUX_TREE/.git" ] || die "no build/linux tree" "run: make tree"
out=$PROJECT_ROOT/out
text=$PROJECT_ROOT/patches/cover-letter.txt
[ -f "$text" ] || die "no $text" "write the cover letter text: subject on the first line, then the body"

version=$(make -s -C "$LINUX_TREE" kernelversion)
dir=$out/pidns_signal
rm -rf "$dir"
mkdir -p "$dir"
step "series: git format-patch --cover-letter --base=base for Linux $version"
git -C "$LINUX_TREE" -c "user.name=pidns_signal maintainers" \
	-c "user.email=pidns-signal@lists.invalid" format-patch -q --cover-letter --base=base --no-signature \
	--abbrev=12 --subject-prefix="PATCH" -o "$dir" base..HEAD

cover=$(find "$dir" -name '0000-cover-letter.patch')
subject=$(head -n 1 "$text")
body=$(mktemp)
trap 'rm -f "$body"' EXIT
{
	tail -n +3 "$text"
	echo
	if [ -f "$BUILD_DIR/results/summary.txt" ]; then
		sed -n '1,/^[0-9]* passed, /p' "$BUILD_DIR/results/summary.txt" | sed 's/^/  /'
	else
		echo "  (no make test results in build/results: run make test before make series)"
	fi
	echo
	echo "Base: Linux $version as Debian's linux-source-6.12 package ships it"
	echo "($(git -C "$LINUX_TREE" log -1 --format=%s base))."
}> "$body"
awk -v subject="$subject" -v body="$body" '
	/\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, subject) }
	/^\*\*\* BLURB HERE \*\*\*$/ { while ((getline l < body) > 0) print l; next }
	{ print }' "$cover" > "$cover.tmp"
mv "$cover.tmp" "$cover"
grep -q 'HERE \*\*\*' "$cover" && die "cover letter placeholders left in $cover" "check $text"

tarball=$out/patches-$version-pidns_signal.tar.xz
tmp=$(mktemp -d)
mkdir "$tmp/patches"
cp "$PROJECT_ROOT"/patches/series "$PROJECT_ROOT"/patches/*.patch "$tmp/patches/"
tar -C "$tmp" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -cJf "$tarball" patches
rm -rf "$tmp"
step "series: $(find "$dir" -name '*.patch' | wc -l) files in ${dir#"$PROJECT_ROOT"/}, quilt tarball ${tarball#"$PROJECT_ROOT"/}"

# The queues of the other projects, as format-patch made them, with their
# series files.
rm -rf "$out/man-pages" "$out/consumers"
mkdir -p "$out/man-pages"
cp "$PROJECT_ROOT"/man-pages/series "$PROJECT_ROOT"/man-pages/*.patch "$out/man-pages/"
for q in "$PROJECT_ROOT"/consumers/*/; do
	name=$(basename "$q")
	mkdir -p "$out/consumers/$name"
	cp "$q"series "$q"*.patch "$out/consumers/$name/"
done
step "series: the man-pages queue in out/man-pages, the consumer patches in out/consumers"
