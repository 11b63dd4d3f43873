#!/bin/sh
# The fuzzing run inside a make fuzz guest (busybox sh, started by
# guest/init with pidns_signal.mode=fuzz): guest-fuzz.sh MINUTES SEED
# For MINUTES, all at once:
#  - trinity as root in a new pid namespace (--dangerous), and
#    trinity as nobody, over the system calls of TRINITY_CALLS, with seeds
#    SEED and SEED+1 (trinity's own list of those it avoids applies);
#  - fuzz/churn (cgroup trees that fork, exec, spawn threads and exit while
#    a writer sends random signals through cgroup.signal and cgroup.kill; a
#    subreaper and a namespace init taking adoption notices from orphan
#    storms, the subreaper re-executing itself), with seed SEED+2;
#  - stress-ng's signal, sigq, sigrt, kill, fork, vfork, exec, pidfd and
#    sigfd stressors for the load, as the user "stress" (uid 1000), out of
#    the reach of trinity's signals.
# trinity never calls the system calls its table marks "avoid" (kill,
# tkill, tgkill, rt_sigqueueinfo, clone, clone3, fork, vfork, exit,
# exit_group), named or not (its --stats list none of them): churn and
# stress-ng make those calls, with valid arguments.
# Then fuzz/endcheck. Every line of its own starts with "FUZZ: ".
set -u

minutes=${1:-10}
seed=${2:-1}
secs=$((minutes * 60))
# Run over the end by at most this much before timeout kills it.
grace=120

TRINITY_CALLS="kill tkill tgkill rt_sigqueueinfo rt_tgsigqueueinfo
pidfd_open pidfd_send_signal prctl clone clone3 fork vfork execve exit
exit_group wait4 waitid setns unshare signalfd4 rt_sigaction rt_sigprocmask
rt_sigtimedwait setresuid setresgid"

cd /fuzz || exit 1
echo "FUZZ: begin minutes=$minutes seed=$seed cpus=$(nproc) kernel=$(uname -r)"
tainted0=$(cat /proc/sys/kernel/tainted)

calls=""
for c in $TRINITY_CALLS; do
	calls="$calls -c $c"
done

# trinity writes its logs and victim files in its working directory.
mkdir -p /tmp/trinity-root /tmp/trinity-nobody /tmp/stress-ng

# trinity and stress-ng each in a cgroup of their own, beside churn's
# fuzz-churn: the cpu controller shares the CPU among the root's child
# cgroups and the root's own processes, each of which weighs as much as a
# whole cgroup. Left in the root, each of trinity's and stress-ng's
# thirty-odd processes weighed as much as churn's whole tree, whose
# orphan storms then made only 2,631 orphans in 30 minutes on the KASAN
# kernel. Now the three loads weigh the same.
cg=/sys/fs/cgroup
mkdir -p "$cg/fuzz-trinity" "$cg/fuzz-stress"
chown nobody:nogroup /tmp/trinity-nobody
chown stress:stress /tmp/stress-ng

# trinity stops at SIGINT, printing its counts (--stats: each system call's
# results); timeout sends it at the end. As root, timeout is the init of the
# new pid namespace, so that trinity's processes end with it. trinity's
# line every 10,000 calls is left out of the log. No sockets among its
# file descriptors: as nobody, trinity had not finished making them after
# three minutes, and no system call of the list takes one.
# shellcheck disable=SC2086
(
	echo 0 > "$cg/fuzz-trinity/cgroup.procs"
	cd /tmp/trinity-root &&
	unshare -p -f --mount-proc timeout -s INT -k "$grace" "$secs" \
		trinity --dangerous -q --stats -l off --disable-fds=sockets -C 4 -s "$seed" $calls 2>&1 |
		grep -v 'iterations\. \[' | sed 's/^/FUZZ: trinity-root: /'
) &
trinity_root=$!
(
	echo 0 > "$cg/fuzz-trinity/cgroup.procs"
	timeout -s INT -k "$grace" "$secs" su -s /bin/sh nobody -c \
		"cd /tmp/trinity-nobody && exec trinity -q --stats -l off --disable-fds=sockets -C 4 -s $((seed + 1)) $calls" 2>&1 |
		grep -v 'iterations\. \[' | sed 's/^/FUZZ: trinity-nobody: /'
) &
trinity_nobody=$!
(
	timeout -k "$grace" "$((secs + grace))" ./churn "$secs" "$((seed + 2))" 2>&1
	echo "FUZZ: churn exit $?"
) &
churn=$!
# Not as root: stress-ng's exec stressor refuses to run as root. One
# stress-ng a stressor: in one run of several, stress-ng 0.15.06 ended all
# but exec, pidfd and sigfd within a second of the start (seen in the guest
# with no other load).
(
	echo 0 > "$cg/fuzz-stress/cgroup.procs"
	for st in signal sigq sigrt kill fork vfork exec pidfd sigfd; do
		timeout -k "$grace" "$((secs + grace))" su -s /bin/sh stress -c \
			"cd /tmp/stress-ng && exec stress-ng --$st 1 --timeout ${secs}s --metrics-brief" \
			2>&1 | sed "s/^/FUZZ: stress-ng-$st: /" &
	done
	wait
) &
stress=$!

# A progress line a minute; the ticker is not waited for.
(
	m=1
	while [ "$m" -lt "$minutes" ]; do
		sleep 60
		echo "FUZZ: minute $m of $minutes done"
		m=$((m + 1))
	done
) &
ticker=$!

wait "$trinity_root" "$trinity_nobody" "$churn" "$stress"
kill "$ticker" 2>/dev/null
echo "FUZZ: load ended"
rmdir "$cg/fuzz-trinity" "$cg/fuzz-stress" 2>/dev/null

rc=0
./endcheck || rc=$?
echo "FUZZ: endcheck exit $rc"
echo "FUZZ: tainted before=$tainted0 after=$(cat /proc/sys/kernel/tainted)"
echo "FUZZ: end"
