#!/usr/bin/env bash
# Check the kernel messages in a guest's serial log (the console lines and the
# dmesg dump /init prints at the end) for reports: WARN, BUG, Oops, panic,
# lockdep, KASAN, UBSAN, RCU stalls, hung tasks, and any stack dump: x86
# prints "Call Trace:", arm64 "Call trace:". Prints one result line,
# tab-separated like parse-tap.awk's, and the offending lines on stderr.
# check-kernel-log.sh LOG
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: check-kernel-log.sh LOG" >&2; exit 2; }
pattern='WARNING:|BUG:|kernel BUG|Oops|Kernel panic|general protection fault|'
pattern+='DEBUG_LOCKS_WARN_ON|possible (circular|recursive) locking|inconsistent lock state|'
pattern+='suspicious RCU usage|UBSAN:|KASAN|INFO: task .* blocked|rcu_.*stall|'
pattern+='Call Trace:|Call trace:|list_(add|del) corruption|refcount_t:'
# "traps: PROG[PID] general protection fault ip:..." is the kernel's note of
# a fault in a user-space program (show_unhandled_signals), such as abort()'s
# last resort, hlt, in a pid namespace init: not a kernel report.
reports=$(grep -E '^\[ *[0-9]+\.[0-9]+\]' "$1" | grep -E "$pattern" |
	grep -vE '^\[ *[0-9]+\.[0-9]+\] traps: [^ ]+\[[0-9]+\] general protection fault ip:' | sort -u || true)
if [ -z "$reports" ] && grep -q 'PIDNS-SIGNAL: dmesg end' "$1"; then
	printf 'kernel-log\tno WARN/BUG/lockdep/KASAN/UBSAN report\tpass\t\n'
elif [ -z "$reports" ]; then
	printf 'kernel-log\tno WARN/BUG/lockdep/KASAN/UBSAN report\tfail\tno dmesg dump in the log\n'
else
	printf '%s\n' "$reports" | head -n 20 >&2 || true
	printf 'kernel-log\tno WARN/BUG/lockdep/KASAN/UBSAN report\tfail\t%s reports\n' \
		"$(printf '%s\n' "$reports" | wc -l)"
fi
