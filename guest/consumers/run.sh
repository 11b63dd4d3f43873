#!/bin/sh
# Two real programs patched for the kernel's new interfaces, checked by what
# their specification says they do:
# - tini -D (or TINI_FOLLOW_DAEMON): follows a command that daemonizes
#   itself, through the adoption notices (PR_SET_ADOPTSIG), and exits with
#   the daemon's status; without -D it must behave as Debian's unpatched
#   tini 0.19.0 (/usr/bin/tini), which ends the container as soon as the
#   daemonizing command's first process exits.
# - util-linux kill --cgroup PATH: one write of the signal to
#   PATH/cgroup.signal signals every process of the cgroup subtree once.
# Each case says next to it which broken behaviour makes it fail.
# The daemons, counters and waits are ct-helper's (ct-helper.c); every wait
# is on an event (a file, a process's exit) and bounded in time.
# KTAP on stdout; the guest runs it as the kselftest collection consumers,
# with pid1-run (../real-inits/pid1-run.c), ct-helper, tini, kill and
# kill-unpatched next to it.
cd "$(dirname "$0")" || exit 1
here=$(pwd)
H=$here/ct-helper
PID1RUN=$here/pid1-run
TINI=$here/tini
OLD_TINI=/usr/bin/tini
KILL=$here/kill
OLD_KILL=$here/kill-unpatched
SSD=/usr/sbin/start-stop-daemon
W=/tmp/consumers
# The kill checks' subtree, a cgroup outside it whose name shares its
# prefix, and the cgroup that holds the tini checks that do not run in a
# pid namespace of their own (cgroup.kill ends what they leave).
TOP=/sys/fs/cgroup/consumers-kill
OUT=/sys/fs/cgroup/consumers-kill-out
CGT=/sys/fs/cgroup/consumers-tini
PLAN=48

unset TINI_SUBREAPER TINI_FOLLOW_DAEMON TINI_KILL_PROCESS_GROUP TINI_VERBOSITY
n=0
fails=0
runner=""
init=""
counter_pids=""

note() {
	echo "# $*"
}

# bad MESSAGE: the case fails, saying why.
bad() {
	note "$*"
	res=1
}

# show FILE WHAT: a few lines of FILE as diagnostics.
show() {
	[ -s "$1" ] && sed "s/^/# $2: /" "$1" | head -n 5
}

# nd: makes the next case's own directory, $d (before run_case, so that
# the case's arguments can name it).
nd() {
	d=$W/$((n + 1))
	rm -rf "$d"
	mkdir -p "$d"
}

# run_case NAME FUNCTION [ARG...]: one TAP line; the function (in the
# current shell) returns non-zero or calls bad when the case fails.
run_case() {
	name=$1
	shift
	n=$((n + 1))
	res=0
	if "$@" && [ "$res" = 0 ]; then
		echo "ok $n $name"
	else
		echo "not ok $n $name"
		fails=$((fails + 1))
	fi
}

skip() {
	n=$((n + 1))
	echo "ok $n $1 # SKIP $2"
}

# Ends whatever a case or the whole script left: the namespace of a running
# init, the processes of the tini cgroup, the counters, the cgroups.
cleanup() {
	[ -n "$init" ] && kill -KILL "$init" 2>/dev/null
	for p in $counter_pids; do
		kill -KILL "$p" 2>/dev/null
	done
	for cg in "$CGT" "$TOP" "$OUT"; do
		[ -d "$cg" ] && echo 1 > "$cg/cgroup.kill"
	done
	wait 2>/dev/null
	for cg in "$CGT" "$TOP/a/b" "$TOP/a" "$TOP" "$OUT"; do
		[ -d "$cg" ] || continue
		"$H" awaitempty 10 "$cg" || note "cleanup: $cg still has processes"
		rmdir "$cg" || note "cleanup: cannot remove $cg"
	done
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# --- tini ----------------------------------------------------------------
#
# A tini runs in one of two ways:
# ns  as pid 1 of a new pid namespace, through pid1-run (whose alarm ends it
#     after 60 s); what it leaves dies with the namespace.
# sr  as a child of this script, in the cgroup $CGT, which cgroup.kill
#     empties afterwards (tini -s or TINI_SUBREAPER).
# $runner is the process this script waits for, $init the tini (its pid
# here), $sender the pid a signal that tini forwards comes from, as the
# daemon sees it.

# t_start MODE ARG...: starts ARG... in the background.
t_start() {
	mode=$1
	shift
	if [ "$mode" = ns ]; then
		"$PID1RUN" -- "$@" > "$d/out" 2> "$d/err" &
		runner=$!
		init=$("$H" child 10 "$runner") || init=""
		sender=1
	else
		mkdir -p "$CGT"
		(echo 0 > "$CGT/cgroup.procs" && exec "$@") > "$d/out" 2> "$d/err" &
		runner=$!
		init=$runner
		sender=$runner
	fi
}

# t_end: waits for the tini to end and sets $got to "exited N" or "killed N".
t_end() {
	if [ "$mode" = ns ]; then
		wait "$runner"
		got=$(tr '\n' ' ' < "$d/out" | sed 's/ $//')
	else
		wait "$runner"
		got="exited $?"
		echo 1 > "$CGT/cgroup.kill"
		"$H" awaitempty 10 "$CGT" || bad "processes left in $CGT"
	fi
	runner=""
	init=""
}

# t_abort: ends the tini and all it started now, and then t_end.
t_abort() {
	if [ "$mode" = ns ]; then
		[ -n "$init" ] && kill -KILL "$init" 2>/dev/null
	else
		echo 1 > "$CGT/cgroup.kill"
	fi
	t_end
}

# t_run MODE ARG...: t_start and t_end.
t_run() {
	t_start "$@"
	t_end
}

# want_end STATUS: tini must have ended with "exited STATUS".
want_end() {
	if [ "$got" != "exited $1" ]; then
		bad "tini ended '$got', want 'exited $1'"
		show "$d/err" stderr
	fi
}

# ssd: the command line of dpkg's start-stop-daemon -b starting ct-helper
# with the arguments that follow it ("serve ...": the daemon itself;
# "dfork ...": a program that double-forks itself). The other daemonizing
# commands are ct-helper dfork's double forks, in one order or another.
ssd() {
	echo "$SSD -S -b --pidfile $d/none.pid --startas $H --"
}

# await_daemon NAME: waits until the daemon NAME wrote its pid while tini
# runs, and then until tini took it over: it is tini's only child, all the
# processes before it reaped (the hand-offs are over: a signal sent to
# tini now must go to the daemon, and a daemon that ended now would end
# before its first process did); and checks that tini still runs then.
await_daemon() {
	if [ -z "$init" ]; then
		bad "tini ended at once"
		return 1
	fi
	"$H" await 10 "$d/$1.pid" "$init"
	case $? in
	0) ;;
	2)
		bad "tini ended before the daemon $1 started"
		return 1
		;;
	*)
		bad "the daemon $1 did not start within 10 s"
		return 1
		;;
	esac
	"$H" handedoff 10 "$init" "$(cat "$d/$1.pid")"
	case $? in
	0) ;;
	2)
		bad "tini ended while the daemon $1 runs"
		return 1
		;;
	*)
		bad "the daemon $1 is not tini's only child after 10 s; its children: $(cat "/proc/$init/task/$init/children")"
		return 1
		;;
	esac
	if ! "$H" alive "$init"; then
		bad "tini ended while the daemon $1 runs"
		return 1
	fi
}

# c_at_once STATUS MODE ARG...: tini must end at once with STATUS, without
# waiting for the daemons the command left: none of them may have ended by
# itself (written NAME.end), which each does after 10 s or at the gate,
# which stays closed here.
c_at_once() {
	want=$1
	shift
	t_run "$@"
	want_end "$want"
	for f in "$d"/*.end; do
		[ -e "$f" ] && bad "tini waited for the daemon $(basename "$f" .end), which ended by itself ($(cat "$f"))"
	done
	return 0
}

# c_gate STATUS MODE ARG...: tini must follow the daemon d: it still runs
# once the daemon started, and when the daemon ends (it is told to at the
# gate, with STATUS), tini ends with the daemon's status.
c_gate() {
	status=$1
	shift
	t_start "$@"
	if ! await_daemon d; then
		t_abort
		return 1
	fi
	echo "$status" > "$d/gate.tmp"
	mv "$d/gate.tmp" "$d/gate"
	t_end
	want_end "$status"
	[ "$(cat "$d/d.end" 2>/dev/null)" = gate ] ||
		bad "the daemon did not end at the gate: '$(cat "$d/d.end" 2>/dev/null)'"
	return 0
}

# c_signal SIG STATUS COMPANION MODE ARG...: tini must follow the daemon d;
# SIG sent to tini must reach the daemon, and only once, from tini ($sender);
# the daemon ends by it (SIGTERM: exit 42, SIGUSR1: killed by it) and tini
# must end with STATUS. COMPANION: the daemon's companion (in its process
# group) must have got SIG too ("group", tini -g) or not ("alone"); "none":
# the daemon has none.
c_signal() {
	sig=$1 status=$2 comp=$3
	shift 3
	t_start "$@"
	if ! await_daemon d || { [ "$comp" != none ] && ! "$H" await 10 "$d/d-c.pid"; }; then
		[ "$comp" != none ] && [ ! -e "$d/d-c.pid" ] && bad "the daemon's companion did not start"
		t_abort
		return 1
	fi
	dpid=$(cat "$d/d.pid")
	kill "-$sig" "$init"
	t_end
	want_end "$status"
	signum=$(kill -l "$sig")
	log=$(cat "$d/d.sig" 2>/dev/null)
	[ "$log" = "$dpid $signum $sender" ] ||
		bad "the daemon (pid $dpid) logged the signals '$log', want '$dpid $signum $sender' (SIG$sig from tini, once)"
	if [ "$comp" != none ]; then
		cpid=$(cat "$d/d-c.pid")
		want_log="$cpid 50 $dpid"
		[ "$comp" = group ] && want_log="$cpid $signum $sender
$want_log"
		log=$(cat "$d/d-c.sig" 2>/dev/null)
		[ "$log" = "$want_log" ] ||
			bad "the companion (pid $cpid) logged '$log', want '$want_log'"
	fi
	return 0
}

# c_not_reaper ARG...: a tini (ARG...: the command line up to its
# command) that follows daemons but is not a reaper must fail: exit 1 with
# a FATAL message, without running its command.
c_not_reaper() {
	"$@" -- /bin/touch "$d/ran" > "$d/out" 2> "$d/err"
	rc=$?
	[ "$rc" = 1 ] || bad "tini exited $rc, want 1"
	grep -q FATAL "$d/err" || {
		bad "no FATAL message"
		show "$d/err" stderr
	}
	[ -e "$d/ran" ] && bad "tini ran its command"
	return 0
}

# c_plain_statuses: a command that does not daemonize: tini -D ends with
# its status, as tini does (exit 0 alone, exit 5, killed by SIGUSR2 = 140).
c_plain_statuses() {
	t_run ns "$TINI" -D -- /bin/sh -c 'exit 0'
	want_end 0
	t_run ns "$TINI" -D -- /bin/sh -c 'exit 5'
	want_end 5
	t_run ns "$TINI" -D -- /bin/sh -c 'kill -USR2 $$'
	want_end 140
	return 0
}

# c_no_notices: on a kernel without adoption notices, tini -D fails.
c_no_notices() {
	t_run ns "$TINI" -D -- /bin/touch "$d/ran"
	want_end 1
	grep -q FATAL "$d/err" || { bad "no FATAL message"; show "$d/err" stderr; }
	[ -e "$d/ran" ] && bad "tini ran its command"
	return 0
}

# c_stopped MODE STATUS: hand-offs that all happen while tini is stopped
# (SIGSTOP from here), so that it learns of them at once when it goes on
# (SIGCONT), as it may on a busy machine. The command (ct-helper dfork
# MODE) forks, writes "ready" and waits; tini is stopped; the command exits
# 0 and the processes it left do what MODE says, up to three children of
# tini, two of them exited; then tini goes on, and must end with STATUS at
# once (no daemon may end by itself: that one would take 10 s).
c_stopped() {
	t_start ns "$TINI" -D -- "$H" dfork "$1" "$d" d
	if [ -z "$init" ] || ! "$H" await 10 "$d/ready" "$init"; then
		bad "the command did not start under tini"
		t_abort
		return 1
	fi
	kill -STOP "$init"
	if ! "$H" stopped 10 "$init"; then
		bad "tini did not stop"
		t_abort
		return 1
	fi
	: > "$d/go"
	if ! "$H" await 10 "$d/d.pid" || ! "$H" children 10 "$init" 3 2; then
		bad "the hand-offs did not happen while tini was stopped; its children: $(cat "/proc/$init/task/$init/children")"
		t_abort
		return 1
	fi
	kill -CONT "$init"
	t_end
	want_end "$2"
	[ -e "$d/d.end" ] && bad "tini followed the daemon until it ended ($(cat "$d/d.end"))"
	return 0
}

# tcase NAME FUNCTION [ARG...]: run_case for a case that needs adoption
# notices, a SKIP on a kernel without them (where tini -D refuses to run).
have_notices=no
"$H" has-adoptsig && have_notices=yes
tcase() {
	if [ "$have_notices" = yes ]; then
		run_case "$@"
	else
		skip "$1" "the kernel has no adoption notices (PR_SET_ADOPTSIG)"
	fi
}

echo "TAP version 13"
echo "1..$PLAN"
rm -rf "$W"
mkdir -p "$W"


# The tini cases. "Followed" means: tini still runs once the daemon
# started, a signal sent to it reaches the daemon (and only it), and tini
# ends with the daemon's status when the daemon ends.
for t in "$OLD_TINI" "$TINI"; do
	if [ "$t" = "$OLD_TINI" ]; then
		pre=tini-unpatched
	else
		pre=tini-without-D
	fi
	# 1-4. Before: Debian's unpatched tini as pid 1 ends the container as
	# soon as the daemonizing command's first process exits, with its
	# status (start-stop-daemon -b and a double fork: 0 at once, a first
	# process that exits 3: 3, two processes left: 0), without waiting for
	# the daemon (a daemon that would live 10 s and exit 7), which dies
	# with the namespace. Fails if tini waits for the daemon (it ends by
	# itself, tini ends 7 or after it) or ends with another status.
	# 5-8. The patched tini without -D: the same; fails if the patch
	# changed what tini does without -D (e.g. follows the daemon anyway).
	# shellcheck disable=SC2046 # ssd is a command line
	nd && run_case "$pre-start-stop-daemon-exits-0-at-once" c_at_once 0 ns "$t" -- $(ssd) serve "$d" d
	nd && run_case "$pre-double-fork-exits-0-at-once" c_at_once 0 ns "$t" -- "$H" dfork natural "$d" d
	nd && run_case "$pre-first-process-exits-3-at-once" c_at_once 3 ns "$t" -- "$H" dfork fail "$d" d
	nd && run_case "$pre-two-left-exits-0-at-once" c_at_once 0 ns "$t" -- "$H" dfork two "$d" d
done

# 9. tini -D as pid 1 follows start-stop-daemon -b's daemon and exits 7
# once the daemon exits 7. Fails if tini ends when start-stop-daemon's
# first process exits (unpatched: exited 0, the daemon killed with the
# namespace), or with another status than the daemon's.
# shellcheck disable=SC2046
nd && tcase tini-D-start-stop-daemon-followed-until-it-exits-7 c_gate 7 ns "$TINI" -D -- $(ssd) serve "$d" d
# 10. The followed pid is the daemon's: SIGTERM sent to tini from outside
# reaches exactly the daemon (its log: its own pid, SIGTERM, from tini, once;
# its companion, in its process group, gets nothing), which exits 42, and
# tini exits 42. Fails if tini forwards to another pid (the dead first
# process: the daemon never gets it), to the group without -g, twice, or
# does not return the daemon's status.
# shellcheck disable=SC2046
nd && tcase tini-D-start-stop-daemon-sigterm-reaches-the-daemon-only c_signal TERM 42 alone ns "$TINI" -D -- $(ssd) serve "$d" d -c
# 11. With -g the signal goes to the followed process's group: the daemon
# and its companion both get it. The daemon is not a group leader (the
# intermediate process's setsid() made the group): fails if tini signals
# "-pid" of the daemon (no such group) or only the daemon.
# shellcheck disable=SC2046
nd && tcase tini-D-g-start-stop-daemon-sigterm-reaches-its-group c_signal TERM 42 group ns "$TINI" -D -g -- $(ssd) serve "$d" d -c
# 12, 13. The classic double fork (fork; the parent exits 0; the child
# calls setsid(), forks and exits 0; the grandchild serves) is followed to
# the grandchild: its exit 7 is tini's; SIGTERM reaches only it. Fails as 9
# and 10, or if tini stops at the intermediate process (exit 0 then).
nd && tcase tini-D-double-fork-followed-until-it-exits-7 c_gate 7 ns "$TINI" -D -- "$H" dfork natural "$d" d
nd && tcase tini-D-double-fork-sigterm-reaches-the-daemon-only c_signal TERM 42 alone ns "$TINI" -D -- "$H" dfork natural "$d" d -c
# 14. The same double fork in a fixed order: the intermediate process has
# exited (and was handed over as a zombie when the first process exited,
# after the grandchild): the only process left is the grandchild. Fails if
# tini counts the exited intermediate process as a second process left
# (ambiguous: it ends 0 at once) or follows the zombie and stops there.
nd && tcase tini-D-double-fork-intermediate-exits-first c_signal TERM 42 alone ns "$TINI" -D -- "$H" dfork midfirst "$d" d -c
# 15. The other order: the first process has exited before the
# intermediate one calls setsid(). SIGUSR1 sent to tini is forwarded too,
# the daemon dies by it, and tini exits 128+10. Fails if tini does not
# follow the second hand-off, does not forward SIGUSR1 to the daemon, or
# does not turn a death by a signal into 128+signal.
nd && tcase tini-D-double-fork-parent-exits-first-sigusr1 c_signal USR1 138 none ns "$TINI" -D -- "$H" dfork parentfirst "$d" d
# 16. A followed daemon that exits 0 and leaves nothing: tini exits 0 then
# (not before, not never). Fails if tini ends early or hangs (pid1-run's
# alarm: "timeout").
nd && tcase tini-D-followed-daemon-exits-0 c_gate 0 ns "$TINI" -D -- "$H" dfork parentfirst "$d" d
# 17. Hand-off after hand-off: start-stop-daemon -b starts a program that
# double-forks itself (three hand-offs). Fails if tini stops following
# after the first one.
# shellcheck disable=SC2046
nd && tcase tini-D-start-stop-daemon-then-double-fork c_signal TERM 42 alone ns "$TINI" -D -- $(ssd) dfork natural "$d" d -c
# 18. A first process that exits non-zero (3) is not followed: tini exits
# 3 at once. Fails if tini follows the process it left (then exits 7 when
# that daemon ends after 10 s).
nd && tcase tini-D-first-process-exits-3-not-followed c_at_once 3 ns "$TINI" -D -- "$H" dfork fail "$d" d
# 19. A followed intermediate process that exits non-zero (4) after forking
# the daemon ends the following: tini exits 4 at once. The intermediate
# process exits only once tini has reaped the first process (tini has
# taken it over). Fails if tini follows on whatever the exit status (exits
# 7 after 10 s, when the daemon ends).
nd && tcase tini-D-intermediate-exits-4-not-followed c_at_once 4 ns "$TINI" -D -- "$H" dfork midfail "$d" d
# 20. The same hand-offs, but all done while tini is stopped, so that it
# learns of them at once (as on a busy machine): the first process exited
# 0 with one process left, the intermediate one, which tini follows, and
# which exited 4 leaving the daemon. Fails if the outcome depends on when
# tini looks: a tini that first reaps every exited process and then counts
# what is left sees one process, the daemon, follows it and exits 7 when
# it ends.
nd && tcase tini-D-intermediate-exits-4-seen-late-not-followed c_stopped midfail-early 4
# 21. Two processes left behind (ambiguous) are not followed: tini exits 0
# at once. Fails if tini picks one (exits 7 after 10 s) or waits for both.
nd && tcase tini-D-two-left-not-followed c_at_once 0 ns "$TINI" -D -- "$H" dfork two "$d" d
# 22. Two processes left behind, one of which exits 0 before tini looks
# (tini stopped, as in 20): when the first process exited, two processes
# were left, which is ambiguous: tini exits 0 at once. Fails if tini counts
# only the processes still running when it looks (it follows the daemon
# and exits 7 when it ends, after 10 s).
nd && tcase tini-D-two-left-one-ends-before-tini-looks-not-followed c_stopped two-early 0
# 23. A command that does not daemonize: tini -D ends with its status as
# tini does (0, 5, killed by SIGUSR2: 140). Fails if -D changes that.
nd && tcase tini-D-plain-command-statuses c_plain_statuses
# 24. TINI_FOLLOW_DAEMON=1 in the environment does what -D does. Fails if
# tini ignores the variable (exits 0 at once).
nd && tcase tini-env-follow-daemon-followed c_gate 7 ns /usr/bin/env TINI_FOLLOW_DAEMON=1 "$TINI" -- "$H" dfork natural "$d" d
# 25. tini -s -D, a subreaper that is not pid 1, follows too: SIGTERM sent
# to it reaches only the daemon, from tini's pid. Fails if tini needs to be
# pid 1 to follow, or rejects -s with -D.
nd && tcase tini-D-s-subreaper-followed c_signal TERM 42 alone sr "$TINI" -s -D -- "$H" dfork natural "$d" d -c
# 26. TINI_SUBREAPER=1 makes a reaper as -s does. Fails as 25.
nd && tcase tini-D-env-subreaper-followed c_gate 7 sr env TINI_SUBREAPER=1 "$TINI" -D -- "$H" dfork natural "$d" d
# 27, 28. -D, or TINI_FOLLOW_DAEMON, when tini is no reaper (neither pid 1
# nor -s nor TINI_SUBREAPER): exit 1 with a FATAL message, the command not
# run. Fails if tini runs the command (with unpatched tini's warning, or
# silently), exits otherwise or says no FATAL.
nd && run_case tini-D-not-a-reaper-fails c_not_reaper "$TINI" -D
nd && run_case tini-env-follow-daemon-not-a-reaper-fails c_not_reaper env TINI_FOLLOW_DAEMON=1 "$TINI"
# 29. On a kernel without adoption notices (PR_SET_ADOPTSIG), tini -D as
# pid 1 exits 1 with a FATAL message without running its command. Fails if
# tini runs its command without being able to follow it.
if "$H" has-adoptsig; then
	skip tini-D-without-adoption-notices-fails "the kernel has adoption notices (PR_GET_ADOPTSIG works)"
else
	nd && run_case tini-D-without-adoption-notices-fails c_no_notices
fi

# --- kill --cgroup ---------------------------------------------------------
#
# Counters (ct-helper count) in $TOP (top), $TOP/a (a), $TOP/a/b (b1, and
# b2 with two more threads) and one outside, in $OUT (out), each counting
# the signals it gets (one line "SIGNAL COUNT" each in $K/NAME.cnt). To read
# the counts after a command, each counter is sent signal 50 and the count
# of signal 50 awaited: a counter takes its pending signals lowest number
# first, so every signal sent before (all below 50) has been counted then.
K=$W/counters

# in_cg PID CGROUP: the process PID is in CGROUP (relative to the root).
in_cg() {
	cg=$(cat "/proc/$1/cgroup")
	[ "$cg" = "0::$2" ] || {
		note "pid $1 is in '$cg', not $2"
		return 1
	}
}

# counters_start: the cgroups and the counters; counters_ok=yes once all
# run in their cgroups.
counters_start() {
	counters_ok=no
	mkdir -p "$TOP/a/b" "$OUT" "$K" || return 1
	rm -f "$K"/*
	"$H" count "$K" top "$TOP" 0 &
	p_top=$!
	"$H" count "$K" a "$TOP/a" 0 &
	p_a=$!
	"$H" count "$K" b1 "$TOP/a/b" 0 &
	p_b1=$!
	"$H" count "$K" b2 "$TOP/a/b" 2 &
	p_b2=$!
	"$H" count "$K" out "$OUT" 0 &
	p_out=$!
	counter_pids="$p_top $p_a $p_b1 $p_b2 $p_out"
	round=0
	for c in top a b1 b2 out; do
		"$H" await 10 "$K/$c.pid" || {
			note "the counter $c did not start"
			return 1
		}
	done
	in_cg "$p_top" /consumers-kill && in_cg "$p_a" /consumers-kill/a &&
		in_cg "$p_b1" /consumers-kill/a/b && in_cg "$p_b2" /consumers-kill/a/b &&
		in_cg "$p_out" /consumers-kill-out || return 1
	counters_ok=yes
}

counters_stop() {
	for p in $counter_pids; do
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	counter_pids=""
	counters_ok=no
}

count_of() {
	awk -v s="$2" '$1 == s { c = $2 } END { print c + 0 }' "$1"
}

# snap: what the counters counted so far, but signal 50.
snap() {
	for c in top a b1 b2 out; do
		grep -v '^50 ' "$K/$c.cnt" > "$K/$c.before"
	done
}

# counts SIGNAL TOP A B1 B2 OUT: after a round of signal 50, each counter
# (in this order) must have got SIGNAL that many times in all, and no other
# signal but 50 since snap.
counts() {
	sig=$1
	shift
	round=$((round + 1))
	for p in $counter_pids; do
		kill -50 "$p"
	done
	for c in top a b1 b2 out; do
		"$H" awaitcount 10 "$K/$c.cnt" 50 "$round" || {
			bad "the counter $c never got signal 50 (round $round): stopped or gone"
			return 1
		}
	done
	for c in top a b1 b2 out; do
		got=$(count_of "$K/$c.cnt" "$sig")
		[ "$got" = "$1" ] || bad "the counter $c got signal $sig $got times, want $1"
		grep -v -e '^50 ' -e "^$sig " "$K/$c.cnt" > "$K/$c.after"
		grep -v -e "^$sig " "$K/$c.before" > "$K/$c.before-other"
		cmp -s "$K/$c.after" "$K/$c.before-other" ||
			bad "the counter $c got other signals: '$(tr '\n' ' ' < "$K/$c.cnt")', before '$(tr '\n' ' ' < "$K/$c.before")'"
		shift
	done
}

need_counters() {
	[ "$counters_ok" = yes ] || bad "the counters did not start (see above)"
	[ "$counters_ok" = yes ]
}

# k_run PROGRAM ARG...: run PROGRAM with the counters' state saved first;
# its output in $d/out and $d/err, its exit status in rc.
k_run() {
	need_counters || return 1
	snap
	"$@" > "$d/out" 2> "$d/err"
	rc=$?
}

# k_ok SIGNAL "TOP A B1 B2 OUT" PROGRAM ARG...: PROGRAM must exit 0, and
# the counters then have got SIGNAL as many times as given (in all).
k_ok() {
	sig=$1 wants=$2
	shift 2
	k_run "$@" || return 1
	[ "$rc" = 0 ] || {
		bad "$* exited $rc"
		show "$d/err" stderr
	}
	# shellcheck disable=SC2086 # five counts
	counts "$sig" $wants
}

# k_fails RC SIGNAL PROGRAM ARG...: PROGRAM must exit RC ("nonzero": not 0)
# (with RC 1, with a message on stderr), and signal nobody.
k_fails() {
	want=$1 sig=$2
	shift 2
	k_run "$@" || return 1
	if [ "$want" = nonzero ]; then
		[ "$rc" != 0 ] || bad "$* exited 0"
	else
		[ "$rc" = "$want" ] || {
			bad "$* exited $rc, want $want"
			show "$d/out" stdout
		}
		[ -s "$d/err" ] || bad "$* printed no message on stderr"
	fi
	counts "$sig" 0 0 0 0 0
}

# c_kill_verbose: --verbose signals as without it and says what it does,
# naming the cgroup.
c_kill_verbose() {
	k_ok 1 "1 1 1 1 0" "$KILL" --verbose --cgroup "$TOP" -HUP
	cat "$d/out" "$d/err" | grep -qF "$TOP" || bad "--verbose printed nothing naming $TOP"
	return 0
}

# c_kill_sig0: signal 0 is rejected (exit 1 and a message) or accepted
# (exit 0); either way nobody gets a signal: SIGTERM (the default) still
# counts 1 each in the subtree from the default-signal case.
c_kill_sig0() {
	k_run "$KILL" --cgroup "$TOP" -s 0 || return 1
	case $rc in
	0) ;;
	1) [ -s "$d/err" ] || bad "exit 1 without a message" ;;
	*) bad "exited $rc" ;;
	esac
	counts 15 1 1 1 1 0
}

# c_kill_kill [OPTION...]: --cgroup TOP -KILL ends the four counters of
# the subtree (killed by SIGKILL), the one outside still runs.
c_kill_kill() {
	need_counters || return 1
	"$KILL" "$@" --cgroup "$TOP" -KILL > "$d/out" 2> "$d/err"
	rc=$?
	[ "$rc" = 0 ] || {
		bad "kill --cgroup $TOP -KILL exited $rc"
		show "$d/err" stderr
	}
	for p in $p_top $p_a $p_b1 $p_b2; do
		if "$H" awaitgone 10 "$p"; then
			wait "$p" 2>/dev/null
			st=$?
			[ "$st" = 137 ] || bad "pid $p ended with status $st, not by SIGKILL"
		else
			bad "pid $p of the subtree still runs"
		fi
	done
	"$H" alive "$p_out" || bad "the process outside the subtree ended"
	counters_stop
	return 0
}

have_cgsignal=no
counters_start
[ -e "$TOP/cgroup.signal" ] && have_cgsignal=yes
no_cgsignal="the kernel has no cgroup.signal"

if [ "$have_cgsignal" = yes ]; then
	# 30. -USR1: each of the four processes of the subtree (three levels,
	# two processes in one cgroup, one with three threads) gets SIGUSR1
	# once, the one outside never. Fails if a process is missed (only the
	# top cgroup's cgroup.procs), signalled twice (per thread, or per
	# level: cgroup.signal of each cgroup), or one outside is signalled.
	nd && run_case kill-cgroup-usr1-each-process-once k_ok 10 "1 1 1 1 0" "$KILL" --cgroup "$TOP" -USR1
	# 31. No signal given: SIGTERM. Fails if the default is another one.
	nd && run_case kill-cgroup-default-sigterm k_ok 15 "1 1 1 1 0" "$KILL" --cgroup "$TOP"
	# 32. -s with a number, a real-time signal, which queues each instance:
	# exactly one each. Fails on a second write or a second signal.
	nd && run_case kill-cgroup-s-40-each-process-once k_ok 40 "1 1 1 1 0" "$KILL" --cgroup "$TOP" -s 40
	# 33. --signal NAME, on the middle cgroup: its subtree (a, b1, b2)
	# only, not its parent. Fails if the long option is not taken or the
	# wrong cgroup is signalled.
	nd && run_case kill-cgroup-signal-usr2-middle-cgroup k_ok 12 "0 1 1 1 0" "$KILL" --signal USR2 --cgroup "$TOP/a"
	# 34. --verbose: signals the same, and prints what it does. Fails if
	# it prints nothing naming the cgroup.
	nd && run_case kill-cgroup-verbose c_kill_verbose
	# 35. Signal 0: loosely (see c_kill_sig0). Fails on a crash, an exit
	# status other than 0 and 1, an error without a message, or a signal
	# sent.
	nd && run_case kill-cgroup-signal-0 c_kill_sig0
else
	for c in usr1-each-process-once default-sigterm s-40-each-process-once \
		signal-usr2-middle-cgroup verbose signal-0; do
		skip "kill-cgroup-$c" "$no_cgsignal"
	done
fi
# 36. The unpatched kill rejects --cgroup (non-zero exit) and signals
# nobody. Fails if this build of kill already does something with
# --cgroup (then the patched one is not what is compared).
nd && run_case kill-unpatched-rejects-cgroup k_fails nonzero 14 "$OLD_KILL" --cgroup "$TOP" -ALRM
# 37-44. Errors: exit 1, a message on stderr, nobody signalled. Fails if
# kill signals the pid (or the cgroup) anyway, exits otherwise, or says
# nothing.
# 37. A pid argument with --cgroup.
nd && run_case kill-cgroup-with-pid-argument-rejected k_fails 1 41 "$KILL" --cgroup "$TOP" -s 41 "$p_out"
# 38. A directory that is not on cgroup2 (tmpfs).
nd && run_case kill-cgroup-not-cgroup2-rejected k_fails 1 42 "$KILL" --cgroup "$d" -s 42
# 39. A path that does not exist.
nd && run_case kill-cgroup-missing-path-rejected k_fails 1 43 "$KILL" --cgroup "$TOP/missing" -s 43
# 40. A path that is no directory (a cgroup's file).
nd && run_case kill-cgroup-not-a-directory-rejected k_fails 1 44 "$KILL" --cgroup "$TOP/cgroup.procs" -s 44
# 41. The root cgroup (every process of the system). SIGWINCH, which would
# harm nobody if it were sent.
nd && run_case kill-cgroup-root-rejected k_fails 1 28 "$KILL" --cgroup /sys/fs/cgroup -WINCH
# 42-44. Options that make no sense with --cgroup: --queue, -p (print the
# pids, signal nothing), --timeout (a follow-up signal, 48, to the pids).
nd && run_case kill-cgroup-queue-rejected k_fails 1 45 "$KILL" --cgroup "$TOP" --queue 7 -s 45
nd && run_case kill-cgroup-p-rejected k_fails 1 46 "$KILL" --cgroup "$TOP" -p -s 46
nd && run_case kill-cgroup-timeout-rejected k_fails 1 47 "$KILL" --cgroup "$TOP" --timeout 100 48 -s 47
# 45. Without cgroup.signal, signals other than SIGKILL fail with a
# message and signal nobody. Fails if kill claims success or signals
# (e.g. pid by pid from cgroup.procs).
if [ "$have_cgsignal" = yes ]; then
	skip kill-cgroup-fallback-usr1-fails "the kernel has cgroup.signal: the fallback cannot be shown"
else
	nd && run_case kill-cgroup-fallback-usr1-fails k_fails 1 10 "$KILL" --cgroup "$TOP" -USR1
fi
# 46. -KILL ends every process of the subtree and none outside. Fails if
# one survives or the one outside is killed.
nd && run_case kill-cgroup-kill-ends-the-subtree c_kill_kill
# 47. Without cgroup.signal, -KILL falls back to cgroup.kill: the same,
# with --verbose, on new counters. Fails if kill fails instead.
if [ "$have_cgsignal" = yes ]; then
	skip kill-cgroup-fallback-kill-uses-cgroup-kill "the kernel has cgroup.signal: the fallback cannot be shown"
else
	counters_start
	nd && run_case kill-cgroup-fallback-kill-uses-cgroup-kill c_kill_kill --verbose
fi
# 48. Nothing of the checks is left: no counter, no process in the
# cgroups, no tini or daemon. Fails if a process outlived its case.
c_nothing_left() {
	counters_stop
	for cg in "$CGT" "$TOP/a/b" "$TOP/a" "$TOP" "$OUT"; do
		[ -d "$cg" ] || continue
		"$H" awaitempty 10 "$cg" || bad "$cg still has processes: $(tr '\n' ' ' < "$cg/cgroup.procs")"
	done
	# (the pattern does not match the grep's own command line)
	left=$(grep -l "[/]tmp/consumers/" /proc/[0-9]*/cmdline 2>/dev/null | head -n 5)
	[ -z "$left" ] || bad "processes left: $left"
	return 0
}
nd && run_case nothing-left c_nothing_left

[ "$n" -eq "$PLAN" ] || echo "# ran $n checks, planned $PLAN"
[ "$fails" -eq 0 ]
