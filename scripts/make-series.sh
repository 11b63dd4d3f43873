#!/usr/bin/env bash
# Make the series as maintainers and distro builders take it, in out/
# (BASE=7.2: out/7.2/):
#   pidns_signal/         git format-patch --cover-letter --base output, the
#                         cover letter filled from QUEUE/cover-letter.txt
#                         and the base's last make test results
#   patches-<version>-pidns_signal.tar.xz
#                         QUEUE/series + QUEUE/*.patch, quilt layout, the
#                         way PREEMPT_RT ships its queue
#   man-pages/, consumers/  the queues for the other projects
# The mainline queue (BASE=7.2) is the one that is posted; it also gets:
#   prereq/               its prerequisites (QUEUE/prereq), posted on their own
#   - To (maintainers) and Cc (reviewers, lists) from the base tree's
#     scripts/get_maintainer.pl for each patch, with QUEUE/cc.txt added to
#     every mail of the series, and their union on the cover letter;
#   - base-commit: the upstream tree, with a prerequisite-patch-id for each
#     prerequisite;
#   - b4-check.txt: Debian's b4 reading the series as a maintainer does
#     (b4 am on its mbox), and the patches b4 gives applied to base with
#     git am giving the tree of the series.
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

tree=${LINUX_TREE#"$PROJECT_ROOT"/}
[ -e "$LINUX_TREE/.git" ] || die "no $tree tree" "run: make tree"
out=$PROJECT_ROOT/out
[ "$PIDNS_BASE" = 6.12 ] || out=$PROJECT_ROOT/out/$PIDNS_BASE
text=$QUEUE_DIR/cover-letter.txt
[ -f "$text" ] || die "no $text" "write the cover letter text: subject on the first line, then the body"
posted=0
[ -f "$QUEUE_DIR/cc.txt" ] && posted=1
ident=(-c "user.name=pidns_signal maintainers" -c "user.email=pidns-signal@lists.invalid")

version=$(make -s -C "$LINUX_TREE" kernelversion)
dir=$out/pidns_signal
rm -rf "$dir" "$out/prereq"
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; git -C "$LINUX_TREE" worktree remove --force "$tmp/wt" 2>/dev/null || true' EXIT

# recipients PATCH...: "to ADDRESS" for maintainers and "cc ADDRESS" for the
# others that get_maintainer.pl names for the PATCHes (the project's own
# address left out), then, for the series (with_cc=1), "cc ADDRESS" for
# each line of QUEUE/cc.txt: the prerequisites are fixes of their own,
# which need no ABI lists.
with_cc=0
recipients() {
	(cd "$LINUX_TREE" && ./scripts/get_maintainer.pl --no-git --no-git-fallback --no-fixes "$@") |
		grep -v 'lists\.invalid' |
		sed -E 's/^(.*<[^>]+>|[^ <]+) \((maintainer|supporter):.*$/to \1/; t; s/^(.*<[^>]+>|[^ <]+) \(.*$/cc \1/'
	[ "$with_cc" = 0 ] || sed -e 's/[[:space:]]*#.*//' -e '/^$/d' -e 's/^/cc /' "$QUEUE_DIR/cc.txt"
}

# format RANGE DIR [OPTION...]: the patches of RANGE as mails in DIR; for the
# posted queue each patch is addressed to its own recipients.
format() {
	local range=$1 to=$2 f
	shift 2
	git -C "$LINUX_TREE" "${ident[@]}" format-patch -q --no-signature --abbrev=12 --subject-prefix="PATCH" \
		-o "$to" "$@" "$range"
	[ "$posted" = 1 ] || return 0
	for f in "$to"/*.patch; do
		case $f in */0000-cover-letter.patch) continue ;; esac
		recipients "$f" > "$f.rcpt"
	done
	cat "$to"/*.rcpt > "$to/recipients"
	for f in "$to"/*.patch; do
		address_header "$f" "$f.rcpt"
	done
	rm -f "$to"/*.rcpt
}

# address_header PATCH RCPT: To: and Cc: headers in PATCH from RCPT (the
# union of the directory's recipients for the cover letter); an address in
# To is left out of Cc.
address_header() {
	local f=$1 rcpt=$2 to cc
	[ -f "$rcpt" ] || rcpt=$(dirname "$f")/recipients
	to=$(awk '$1 == "to" { sub(/^to /, ""); if (!s[$0]++) printf "%s%s", sep, $0; sep = ",\n    " }' "$rcpt")
	cc=$(awk 'NR == FNR { if ($1 == "to") { sub(/^to /, ""); s[$0]++ } next }
		$1 == "cc" { sub(/^cc /, ""); if (!s[$0]++) printf "%s%s", sep, $0; sep = ",\n    " }' "$rcpt" "$rcpt")
	awk -v to="$to" -v cc="$cc" '
		!done && /^Subject: / { if (to != "") print "To: " to; if (cc != "") print "Cc: " cc; done = 1 }
		{ print }' "$f" > "$f.tmp"
	mv "$f.tmp" "$f"
}

if [ "$posted" = 1 ] && [ -n "$(git -C "$LINUX_TREE" rev-list upstream..base)" ]; then
	step "series: the prerequisites, git format-patch --base=upstream, in ${out#"$PROJECT_ROOT"/}/prereq"
	format upstream..base "$out/prereq" --base=upstream --thread=shallow
	rm -f "$out/prereq/recipients"
fi
base_ref=base
[ "$posted" = 0 ] || base_ref=upstream
with_cc=1
step "series: git format-patch --cover-letter --base=$base_ref for Linux $version"
opts=(--cover-letter --base="$base_ref")
[ "$posted" = 0 ] || opts+=(--thread=shallow)
format base..HEAD "$dir" "${opts[@]}"
[ "$posted" = 1 ] || rm -f "$dir/recipients"

cover=$(find "$dir" -name '0000-cover-letter.patch')
subject=$(head -n 1 "$text")
body=$tmp/body
{
	tail -n +3 "$text"
	echo
	if [ -f "$BUILD_DIR/results/summary.txt" ]; then
		sed -n '1,/^[0-9]* passed, /p' "$BUILD_DIR/results/summary.txt" | sed 's/^/  /'
	else
		echo "  (no make test results in ${BUILD_DIR#"$PROJECT_ROOT"/}/results: run make test before make series)"
	fi
	echo
	echo "Base: Linux $version as Debian's linux-source-$PIDNS_BASE package ships it"
	echo "($(git -C "$LINUX_TREE" log -1 --format=%s "$base_ref"))."
}> "$body"
awk -v subject="$subject" -v body="$body" '
	/\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, subject) }
	/^\*\*\* BLURB HERE \*\*\*$/ { while ((getline l < body) > 0) print l; next }
	{ print }' "$cover" > "$cover.tmp"
mv "$cover.tmp" "$cover"
grep -q 'HERE \*\*\*' "$cover" && die "cover letter placeholders left in $cover" "check $text"

if [ "$posted" = 1 ]; then
	"$PROJECT_ROOT/scripts/check-series-b4.sh" "$dir" "$tmp" > "$out/b4-check.txt" ||
		{ cat "$out/b4-check.txt" >&2; die "b4 does not read the series as it was made (above)" "see ${out#"$PROJECT_ROOT"/}/b4-check.txt"; }
	step "series: b4 am reads the series back as it was made (${out#"$PROJECT_ROOT"/}/b4-check.txt)"
fi

tarball=$out/patches-$version-pidns_signal.tar.xz
# The prerequisites go first in the tarball's series: a quilt user applies
# them too.
mkdir "$tmp/patches"
cp "$QUEUE_DIR"/*.patch "$tmp/patches/"
if [ -f "$QUEUE_DIR/prereq/series" ]; then
	mkdir "$tmp/patches/prereq"
	cp "$QUEUE_DIR"/prereq/*.patch "$tmp/patches/prereq/"
	queue_patches "$QUEUE_DIR/prereq" | sed 's|^|prereq/|' > "$tmp/patches/series"
fi
series_patches >> "$tmp/patches/series"
tar -C "$tmp" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -cJf "$tarball" patches
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
step "series: the man-pages queue in ${out#"$PROJECT_ROOT"/}/man-pages, the consumer patches in ${out#"$PROJECT_ROOT"/}/consumers"
