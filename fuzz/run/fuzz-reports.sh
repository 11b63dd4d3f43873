#!/usr/bin/env bash
# List the kernel reports in a guest's serial log, one line each,
# tab-separated: TITLE COUNT FUNCTIONS FILES
# TITLE is the report's first line with the timestamp, numbers, addresses,
# task names and CPU numbers taken out (so that the same bug reads the same
# on two kernels and two runs); COUNT how often it came; FUNCTIONS the
# functions of its stacks (kallsyms names, the unreliable "? " frames
# left out), comma-separated, in order of appearance; FILES the source
# files a WARNING names ("at kernel/signal.c:123"). The reports are those
# guest/check-kernel-log.sh counts: WARN, BUG (KASAN, KCSAN, soft lockup
# included), Oops, lockdep, RCU, UBSAN, hung tasks, list and refcount
# corruption.
#   fuzz-reports.sh LOG
set -euo pipefail
# shellcheck source=../../scripts/common.sh
. "$(dirname "$0")/../../scripts/common.sh"

[ $# -eq 1 ] || die "usage: fuzz-reports.sh LOG"
[ -f "$1" ] || die "no log $1" "run make fuzz first"

# Only kernel lines ("[   12.345678] ..."), each once: the console prints
# a report as it happens and /init's dmesg dump prints it again.
grep -aE '^\[ *[0-9]+\.[0-9]+\]' "$1" | awk '!seen[$0]++' | awk '
function title_of(line) {
	sub(/^\[ *[0-9]+\.[0-9]+\] /, "", line)
	gsub(/0x[0-9a-f]+/, "ADDR", line)
	gsub(/\+ADDR\/ADDR/, "", line)
	gsub(/CPU: [0-9]+/, "CPU: N", line)
	gsub(/PID: [0-9]+/, "PID: N", line)
	gsub(/task [^ ]+:[0-9]+/, "task T", line)
	gsub(/\[[^]]*\]/, "[T]", line)
	gsub(/[0-9]+/, "N", line)
	return line
}
function flush() {
	if (title == "")
		return
	count[title]++
	if (!(title in funcs)) {
		funcs[title] = fl
		files[title] = fi
		order[++n] = title
	}
	title = ""
}
{
	body = $0
	sub(/^\[ *[0-9]+\.[0-9]+\] /, "", body)
}
body ~ /^(WARNING:|BUG:|kernel BUG|Oops|general protection fault|DEBUG_LOCKS_WARN_ON|UBSAN:|INFO: task .* blocked|list_(add|del) corruption|refcount_t:|watchdog: BUG:)/ ||
body ~ /possible (circular|recursive) locking|inconsistent lock state|suspicious RCU usage|rcu: INFO: .*detected stall/ {
	flush()
	title = title_of($0)
	fl = ""; fi = ""; nf = 0
	delete seenf
	if (match(body, / at [^ ]+:[0-9]+/)) {
		f = substr(body, RSTART + 4, RLENGTH - 4)
		sub(/:[0-9]+$/, "", f)
		fi = f
	}
	lines = 0
	next
}
title != "" {
	lines++
	if (body ~ /^---\[ end trace/ || body ~ /^====================+$/ && lines > 3 || lines > 200) {
		flush()
		next
	}
	if (body ~ /^ *[A-Za-z_][A-Za-z0-9_.]*\+0x[0-9a-f]+\/0x[0-9a-f]+/) {
		f = body
		sub(/^ */, "", f)
		sub(/\+0x.*/, "", f)
		if (!(f in seenf) && nf < 40) {
			seenf[f] = 1
			fl = fl (fl == "" ? "" : ",") f
			nf++
		}
	}
}
END {
	flush()
	for (i = 1; i <= n; i++)
		printf "%s\t%d\t%s\t%s\n", order[i], count[order[i]], funcs[order[i]], files[order[i]]
}'
