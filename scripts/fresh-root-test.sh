#!/usr/bin/env bash
# Run the README's commands on a fresh Debian 12: build a minimal root with
# mmdebstrap, give it the machine's apt sources and network settings, clone
# the project's committed state (HEAD) into it, and there install make and
# run 'make', then 'make test CHECKS=quick' and 'make test BASE=7.2
# CHECKS=quick', as a new user would. Nothing installed on the machine can
# stand in for a missing install step: the root starts from Debian's minbase
# every time and is removed at the end. CHECKS=quick runs both bases' guest
# suites and static checks but leaves out those that build a kernel per
# patch or per config (cold, the 6.12 per-patch build alone took over an
# hour of CI's 90 minutes). Downloads and compiler output are cached
# outside the root (FRESH_DIR/cache: apt's .deb files, ccache, Debian's
# source package, the 7.2 linux-source package), so a warm run skips them. The last line is the sum of both make tests' "N
# passed, N failed, N skipped"; the exit status is non-zero when either
# failed. The root's build/logs and build/results (build/7.2/logs and
# results: 7.2/) are kept in build/fresh-root/.
#   fresh-root-test.sh            (as root; FRESH_DIR default /var/tmp/pidns_signal-fresh)
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

fresh=${FRESH_DIR:-/var/tmp/pidns_signal-fresh}
root=$fresh/root
cache=$fresh/cache
log=$BUILD_DIR/logs/fresh-root.log
inside=/work/pidns_signal
[ "$(id -u)" -eq 0 ] || die "a fresh root needs root (mmdebstrap, chroot, mounts)" "run: sudo make fresh-test"
command -v mmdebstrap >/dev/null || die "mmdebstrap is not installed" "run: make fresh-test (it installs it)"
mkdir -p "$BUILD_DIR/logs" "$cache/apt-archives" "$cache/ccache" "$cache/vanilla" "$cache/upstream-7.2"
: > "$log"

# unmount_root: undo every mount below the root, deepest first. True when
# none is left, so that removing the root cannot reach into the machine.
unmount_root() {
	local m
	findmnt -rn -o TARGET | grep -E "^$root(/|$)" | sort -r | while read -r m; do
		umount -l "$m" 2>/dev/null || true
	done
	! findmnt -rn -o TARGET | grep -qE "^$root(/|$)"
}

remove_root() {
	if unmount_root; then
		rm -rf "$root"
	else
		printf 'fresh: mounts are left below %s; not removing it\n' "$root" >&2
	fi
}
# A root left by a run that was killed goes first; this run's goes at its end,
# however it ends.
remove_root
trap remove_root EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The machine's apt sources, and its apt settings but those that run hooks of
# their own (Post-Invoke: image clean-ups such as docker-clean, which would
# delete the .deb cache the runs share).
sources=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
	[ -s "$f" ] && grep -qv '^[[:space:]]*\(#\|$\)' "$f" && sources+=("$f")
done
[ ${#sources[@]} -gt 0 ] || die "no apt sources on this machine" "configure /etc/apt/sources.list.d, then run again"
aptopts=()
for f in /etc/apt/apt.conf.d/*; do
	[ -f "$f" ] || continue
	if grep -q 'Post-Invoke' "$f"; then
		printf 'fresh: apt setting %s not copied (it runs hooks)\n' "$f" >> "$log"
	else
		aptopts+=("--aptopt=$f")
	fi
done

step "fresh: mmdebstrap --variant=minbase bookworm (log: ${log#"$PROJECT_ROOT"/})"
t0=$(date +%s)
mmdebstrap --variant=minbase "${aptopts[@]}" bookworm "$root" "${sources[@]}" >> "$log" 2>&1 ||
	{ show_log_tail "$log"; die "mmdebstrap failed" "read $log; is the archive in /etc/apt/sources.list.d reachable?"; }
step "fresh: root made in $(($(date +%s) - t0)) s ($(du -sh "$root" | cut -f1))"

# The project as a fresh clone of what is committed here.
mkdir -p "$root$(dirname "$inside")"
git clone -q --no-local "$PROJECT_ROOT" "$root$inside"
step "fresh: cloned $(git -C "$PROJECT_ROOT" log -1 --format='%h %s') into the root"

mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --make-rslave "$root/sys"
mount --rbind /dev "$root/dev"
mount --make-rslave "$root/dev"
cp /etc/resolv.conf "$root/etc/resolv.conf"
for d in apt-archives:/var/cache/apt/archives ccache:/var/cache/ccache vanilla:$inside/build/vanilla \
	upstream-7.2:$inside/build/7.2/upstream; do
	mkdir -p "$root${d#*:}"
	mount --bind "$cache/${d%%:*}" "$root${d#*:}"
done
# Keep the downloaded packages for the next run.
echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > "$root/etc/apt/apt.conf.d/99pidns-keep-debs"

# The README's commands, nothing else: a minimal Debian lacks make. Both
# bases run, whatever the first gives.
step "fresh: in the root: apt-get install make; make; make test CHECKS=quick; make test BASE=7.2 CHECKS=quick"
rc=0
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb \
	CCACHE_DIR=/var/cache/ccache /bin/bash -c "
	set -euo pipefail
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends make >/dev/null
	cd $inside
	rc=0
	make && make test CHECKS=quick || rc=\$?
	make test BASE=7.2 CHECKS=quick || rc=\$?
	exit \$rc" || rc=$?
# The root goes at exit: keep its logs and results for reading afterwards.
kept=$BUILD_DIR/fresh-root
rm -rf "$kept"
mkdir -p "$kept/7.2"
for d in logs results 7.2/logs 7.2/results; do
	[ -d "$root$inside/build/$d" ] && cp -a "$root$inside/build/$d" "$kept/$d"
done
for d in results 7.2/results; do
	[ ! -d "$kept/$d" ] ||
		git -C "$root$inside" log -1 --format='%h (%s), in a fresh root' > "$kept/$d/commit"
done
step "fresh: done in $(($(date +%s) - t0)) s, exit $rc"

# The last line: both bases' counts added up; a base that stopped before its
# guest reported counts as one failure.
total=(0 0 0)
counts='^([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?$'
for base in 6.12:results 7.2:7.2/results; do
	line=$(tail -n 1 "$kept/${base#*:}/summary.txt" 2>/dev/null || true)
	if ! [[ $line =~ $counts ]]; then
		echo "fresh: make test for ${base%%:*} stopped (exit $rc) before the guest reported; the error is above"
		line="0 passed, 1 failed, 0 skipped"
		[ "$rc" -ne 0 ] || rc=1
		[[ $line =~ $counts ]]
	fi
	echo "fresh: ${base%%:*}: $line"
	total=($((total[0] + BASH_REMATCH[1])) $((total[1] + BASH_REMATCH[2])) $((total[2] + ${BASH_REMATCH[4]:-0})))
done
echo "${total[0]} passed, ${total[1]} failed, ${total[2]} skipped"
exit "$rc"
