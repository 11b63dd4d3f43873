#!/bin/sh
# Real container inits from Debian's packages (tini, dumb-init, catatonit,
# busybox sh, bash) as pid 1 of a new pid namespace, through pid1-run. What
# each does with signals must be what it did on the unpatched kernel (the
# expectations below were measured there); with the opt-in
# PR_SET_INIT_SELFKILL (pid1-run -s) only the documented changes may show.
# KTAP on stdout; the guest runs it as the kselftest collection real_inits.
cd "$(dirname "$0")" || exit 1
n=0
fails=0

# check NAME EXPECTED PID1-RUN-ARGS...: the whole output of pid1-run, on one
# line, must equal EXPECTED.
check() {
	name=$1 want=$2
	shift 2
	n=$((n + 1))
	got=$(./pid1-run "$@" 2>/tmp/real-inits.err | tr '\n' ' ' | sed 's/ $//')
	if [ "$got" = "$want" ]; then
		echo "ok $n $name"
	else
		echo "# $name: got '$got', want '$want'"
		sed 's/^/# stderr: /' /tmp/real-inits.err | head -n 5
		echo "not ok $n $name"
		fails=$((fails + 1))
	fi
}

skip() {
	n=$((n + 1))
	echo "ok $n $1 # SKIP $2"
}

# optin NAME EXPECTED ARGS...: a check with the opt-in, skipped where the
# kernel lacks PR_SET_INIT_SELFKILL.
optin() {
	if [ "$have_selfkill" = yes ]; then
		name=$1 want=$2
		shift 2
		check "$name" "$want" -s "$@"
	else
		skip "$1" "the kernel has no PR_SET_INIT_SELFKILL"
	fi
}

have_selfkill=no
[ "$(./pid1-run -s -- true 2>/dev/null)" = "exited 0" ] && have_selfkill=yes

echo "TAP version 13"
echo "1..41"

# Signal forwarding inits: their own status, forwarding from the parent
# namespace, their own SIGSTOP after a forwarded SIGTSTP, a child's death.
for init in tini dumb-init catatonit; do
	case $init in
	dumb-init) run="$init" ;;
	*) run="$init --" ;;
	esac
	if ! command -v "$init" >/dev/null 2>&1; then
		for t in 1 2 3 4 5 6 7; do
			case "$init$t" in catatonit[567] | dumb-init7) continue ;; esac
			skip "$init-$t" "$init is not installed"
		done
		continue
	fi
	# shellcheck disable=SC2086
	{
		[ "$init" = tini ] && check "tini-exit-status" "exited 3" -- $run sh -c 'exit 3'
		check "$init-forwards-sigterm" "exited 143" -k 15 -- $run sleep 1000
		optin "$init-forwards-sigterm-opted-in" "exited 143" -k 15 -- $run sleep 1000
		check "$init-child-sigabrt" "exited 134" -- $run sh -c 'kill -ABRT $$'
		check "$init-child-sigkill" "exited 137" -- $run sh -c 'kill -9 $$'
		if [ "$init" != catatonit ]; then
			check "$init-sigtstp-keeps-running" "child T init S forwarded yes killed 9" \
				-k 20 -S -K 9 -- $run sleep 1000
			optin "$init-sigtstp-keeps-running-opted-in" "child T init S forwarded yes killed 9" \
				-k 20 -S -K 9 -- $run sleep 1000
		fi
	}
done

# Shells as pid 1: their own signals, a group signal, the EXIT trap of a
# script that ends its background jobs.
for sh in sh bash; do
	if ! command -v "$sh" >/dev/null 2>&1; then
		for t in 1 2 3 4 5 6 7 8 9 10 11 12; do skip "$sh-$t" "$sh is not installed"; done
		continue
	fi
	trap_status=0
	[ "$sh" = bash ] && trap_status=143
	check "$sh-trap-kill-0" "exited $trap_status" -- $sh -c 'trap "kill 0" EXIT; sleep 100 & exit 0'
	check "$sh-kill-9-self" "exited 5" -- $sh -c 'kill -9 $$; exit 5'
	check "$sh-kill-term-self" "exited 6" -- $sh -c 'kill -TERM $$; exit 6'
	check "$sh-kill-term-group" "exited 7" -- $sh -c 'kill -TERM 0; exit 7'
	check "$sh-kill-abrt-self" "exited 8" -- $sh -c 'kill -ABRT $$; exit 8'
	check "$sh-kill-stop-self" "exited 9" -- $sh -c 'kill -STOP $$; exit 9'
	# With the opt-in: its own signals end it, the group and stop ones
	# still do not. bash's EXIT trap re-sends the SIGTERM it caught.
	trap_optin="exited 0"
	[ "$sh" = bash ] && trap_optin="killed 15"
	optin "$sh-trap-kill-0-opted-in" "$trap_optin" -- $sh -c 'trap "kill 0" EXIT; sleep 100 & exit 0'
	optin "$sh-kill-9-self-opted-in" "killed 9" -- $sh -c 'kill -9 $$; exit 5'
	optin "$sh-kill-term-self-opted-in" "killed 15" -- $sh -c 'kill -TERM $$; exit 6'
	optin "$sh-kill-term-group-opted-in" "exited 7" -- $sh -c 'kill -TERM 0; exit 7'
	optin "$sh-kill-abrt-self-opted-in" "killed 6" -- $sh -c 'kill -ABRT $$; exit 8'
	optin "$sh-kill-stop-self-opted-in" "exited 9" -- $sh -c 'kill -STOP $$; exit 9'
done

[ "$n" -eq 41 ] || echo "# ran $n checks, planned 41"
[ "$fails" -eq 0 ]
