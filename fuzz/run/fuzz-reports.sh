#!/usr/bin/env bash
# List the kernel reports in a guest's serial log, one line each,
# tab-separated: TITLE COUNT WHERE FILES STACK
#  - TITLE: the report's first line with timestamps, addresses, hex words and
#    standalone numbers taken out, task names dropped, and, for reports
#    whose first line names no function (Oops, general protection fault,
#    NULL dereference, soft lockup, lockdep, hung task, RCU stall), " in"
#    and the first function of WHERE added, so that the same bug reads the
#    same on two kernels and two runs and two bugs of one kind do not;
#  - COUNT: how often it came;
#  - WHERE: the functions the report is about, comma-separated: the one
#    its title names ("in fn+0x..."), the faulting one (RIP, pc), the lock
#    acquisitions lockdep names (", at: fn+0x..."), the first frame of each
#    of KCSAN's access stacks, and the first three frames of its main stack
#    that are not the reporting machinery (dump_stack, kasan_*, lockdep's,
#    the scheduler's, the syscall entry); not the allocation and free
#    stacks of KASAN or the dependency chains of lockdep;
#  - FILES: the source files it names ("at kernel/signal.c:123",
#    "UBSAN: ... in kernel/signal.c:123:4");
#  - STACK: every function of its stacks, in order (for the README).
# Function names lose compiler suffixes (.cold, .constprop.0, .isra.0).
# Reports: what guest/check-kernel-log.sh counts (WARN, BUG with KASAN, KCSAN
# and soft lockups, Oops, lockdep, RCU, UBSAN, hung tasks, list and refcount
# corruption) and panics. The dmesg dump that guest/init prints at the end
# is read when the log holds it (the console is quiet: it shows a report's
# first lines only); the console otherwise.
#   fuzz-reports.sh LOG
set -euo pipefail
# shellcheck source=../../scripts/common.sh
. "$(dirname "$0")/../../scripts/common.sh"

[ $# -eq 1 ] || die "usage: fuzz-reports.sh LOG"
[ -f "$1" ] || die "no log $1" "run make fuzz first"

# The dump when there is one, the console otherwise; kernel lines only
# ("[   12.345678] ...").
if grep -q '^PIDNS-SIGNAL: dmesg end' "$1"; then
	sed -n '/^PIDNS-SIGNAL: dmesg begin/,/^PIDNS-SIGNAL: dmesg end/p' "$1"
else
	cat "$1"
fi | { grep -aE '^\[ *[0-9]+\.[0-9]+\]' || true; } | awk '
function strip_ts(line) {
	sub(/^\[ *[0-9]+\.[0-9]+\] /, "", line)
	return line
}
function fname(s) {
	sub(/^ *(\? )?/, "", s)
	sub(/\+0x.*/, "", s)
	sub(/\..*/, "", s)
	return s
}
function internal(f) {
	return f ~ /^(dump_stack|show_stack|show_regs|__dump_stack|print_report|print_address_description|kasan_|__kasan|__asan_|asan_|kcsan_|__kcsan|__tsan_|__ubsan_|ubsan_|__warn|warn_slowpath|report_bug|handle_bug|exc_|asm_exc_|asm_sysvec_|sysvec_|lock_acquire|lock_release|__lock_acquire|lockdep_|__lockdep|validate_chain|check_prev|check_noncircular|print_circular|mark_lock|debug_check|_raw_|do_raw_|__raw_|__schedule|schedule|io_schedule|__mutex_lock|mutex_lock|__wait_for_common|wait_for_completion|__might_|might_|panic|entry_SYSCALL|do_syscall_|do_int80|__do_fast_syscall|do_fast_syscall|ret_from_fork|kthread|watchdog|rcu_|__rcu|refcount_warn|__list_(add|del)_valid|__check_object_size)/
}
function add(list, f) {
	if (f == "" || index("," list ",", "," f ","))
		return list
	return list (list == "" ? "" : ",") f
}
function norm(line,   n, i, w, out) {
	if (match(line, /stalls on CPUs\/tasks:/))
		line = substr(line, 1, RSTART + RLENGTH - 1)
	gsub(/INFO: task .* blocked/, "INFO: task blocked", line)
	gsub(/ in process [^ ]+/, " in process", line)
	gsub(/pfn:[0-9a-fA-F]+/, "pfn:N", line)
	gsub(/0x[0-9a-fA-F]+/, "ADDR", line)
	gsub(/\+ADDR\/ADDR/, "", line)
	gsub(/[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]+/, "HEX", line)
	gsub(/task [^ ]+:[0-9]+/, "task", line)
	gsub(/\[[^]]*\]/, "[T]", line)
	gsub(/: [^ :\/]+\/[0-9]+\//, ": T/", line)
	n = split(line, w, " ")
	out = ""
	for (i = 1; i <= n; i++) {
		if (w[i] ~ /^[-#]?[0-9]+[.:,s!]*$/ || w[i] ~ /^CPU#[0-9]+$/)
			w[i] = "N"
		else if (w[i] ~ /^[A-Za-z_][A-Za-z0-9_]*\.(cold|constprop|isra|part|lto_priv)/)
			sub(/\..*/, "", w[i])
		else if (w[i] ~ /:[0-9]+(:[0-9]+)?[!,.]?$/)
			sub(/:[0-9]+(:[0-9]+)?/, ":N", w[i])
		out = out (out == "" ? "" : " ") w[i]
	}
	return out
}
function flush(   t) {
	if (title == "")
		return
	t = title
	if (!named && where != "") {
		split(where, wf, ",")
		t = t " in " wf[1]
	}
	count[t]++
	if (!(t in wh)) {
		wh[t] = where
		fi[t] = files
		st[t] = stack
		order[++n] = t
	}
	title = ""
}
{ body = strip_ts($0) }
body ~ /^(WARNING:|BUG:|kernel BUG|Oops|general protection fault|DEBUG_LOCKS_WARN_ON|UBSAN:|INFO: task .* blocked|list_(add|del) corruption|refcount_t:|watchdog: BUG:|Kernel panic|INFO: rcu_tasks)/ ||
body ~ /possible (circular|recursive) locking|inconsistent lock state|suspicious RCU usage|rcu: INFO: .*detected (expedited )?stall/ {
	# An Oops line right after the BUG line that opened the report
	# belongs to it.
	if (title != "" && body ~ /^Oops/ && lines < 5) {
		lines++
		next
	}
	flush()
	title = norm(body)
	where = ""; files = ""; stack = ""; lines = 0; tops = 0; phase = "main"
	lockdep = (body ~ /locking|lock state|RCU usage/)
	# The function the first line names: "... in fn+0x..", a WARNING line
	# "at file:N fn+0x..", or the "data-race in fn1 / fn2" of KCSAN.
	named = 0
	if (match(body, / (in|[^ ]+:[0-9]+) [A-Za-z_][A-Za-z0-9_.]*\+0x/)) {
		f = substr(body, RSTART + 1, RLENGTH - 4)
		sub(/^[^ ]+ /, "", f)
		where = add(where, fname(f))
		named = 1
	} else if (body ~ /KCSAN: .* in [A-Za-z_]|KASAN: .* in [A-Za-z_]/) {
		named = 1
	}
	if (match(body, / (at|in) [^ ]+\.[ch]:[0-9]+/)) {
		f = substr(body, RSTART + 4, RLENGTH - 4)
		sub(/^ /, "", f)
		sub(/:[0-9]+$/, "", f)
		files = add(files, f)
	}
	next
}
title != "" {
	lines++
	if (body ~ /^---\[ end trace/ || body ~ /^====================+$/ && lines > 3 || lines > 400) {
		flush()
		next
	}
	if (body ~ /^(RIP: [0-9a-f]+:|pc : )[A-Za-z_]/) {
		f = body
		sub(/^(RIP: [0-9a-f]+:|pc : )/, "", f)
		where = add(where, fname(f))
		next
	}
	if (body ~ /, at: [A-Za-z_][A-Za-z0-9_.]*\+0x/) {
		f = body
		sub(/.*, at: /, "", f)
		where = add(where, fname(f))
		next
	}
	if (body ~ /^(Allocated by task|Freed by task|Last potentially related|Second to last|The buggy address|Memory state)/)
		phase = "other"
	if (lockdep && body ~ /^stack backtrace:/) {
		phase = "main"
		tops = 0
	}
	if (lockdep && body ~ /^-> #[0-9]/)
		phase = "other"
	if (body ~ /(read|write).* to 0x[0-9a-f]+ of [0-9]+ bytes by /) {
		phase = "access"
		next
	}
	if (body ~ /^ *(\? )?[A-Za-z_][A-Za-z0-9_.]*\+0x[0-9a-f]+\/0x[0-9a-f]+/) {
		if (body ~ /^ *\? /)
			next
		f = fname(body)
		stack = add(stack, f)
		if (internal(f))
			next
		if (phase == "access") {
			where = add(where, f)
			phase = "other"
		} else if (phase == "main" && tops < 3) {
			where = add(where, f)
			tops++
		}
	}
}
END {
	flush()
	for (i = 1; i <= n; i++)
		printf "%s\t%d\t%s\t%s\t%s\n", order[i], count[order[i]], wh[order[i]], fi[order[i]], st[order[i]]
}'
