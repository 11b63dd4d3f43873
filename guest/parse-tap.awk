#!/usr/bin/awk -f
# Turn the guest's serial log into one result a line, tab-separated:
#   SUITE  TEST  pass|fail|skip  DETAIL
# SUITE is the kselftest collection, TEST is PROGRAM/CASE for harness cases
# (the nested TAP that run_kselftest.sh prefixes with "# "), or PROGRAM alone
# for a program that reports no cases. A program that fails (crash, timeout)
# without a failing case counts as one failure of its own. A repeated case
# number (children flushing a parent's stdio) counts once. A program whose
# plan ("1..N") announced more cases than it reported (killed by a timeout,
# crashed) gets one more failure naming how many never reported. Guest-level
# problems (a suite that never ended, a guest that never finished) are
# reported under SUITE "guest". Usage: awk -v suites=A,B -f parse-tap.awk LOG

function flush_program(top_ok, directive,    r) {
	if (prog == "")
		return
	if (ncases == 0) {
		r = top_ok ? (directive ~ /^SKIP/ ? "skip" : "pass") : "fail"
		printf "%s\t%s\t%s\t%s\n", coll, prog, r, directive
	} else if (plan > ncases) {
		printf "%s\t%s/(%d of %d cases never reported)\tfail\t%s\n", coll, prog, \
			plan - ncases, plan, directive
	} else if (!top_ok && nfail == 0) {
		printf "%s\t%s/(exit)\tfail\t%s\n", coll, prog, \
			directive == "" ? "program failed after its cases" : directive
	}
	prog = ""
	plan = 0
	ncases = 0
	nfail = 0
	delete seen
	programs[cursel]++
}

BEGIN {
	n = split(suites, want, ",")
	done = 0
}

{ sub(/\r$/, "") }

/^PIDNS-SIGNAL: suite begin / { cursel = $4; began[cursel] = 1; insuite = 1; next }
/^PIDNS-SIGNAL: suite end / { flush_program(0, "no result line"); ended[$4] = 1; insuite = 0; next }
/^PIDNS-SIGNAL: done/ { done = 1; next }

insuite && /^# selftests: [^ ]+: / {
	coll = $3
	sub(/:$/, "", coll)
	prog = $4
	ncases = 0
	nfail = 0
	plan = 0
	delete seen
	next
}

insuite && prog != "" && plan == 0 && /^# 1\.\.[0-9]+$/ {
	plan = substr($0, 6) + 0
	next
}

insuite && prog != "" && /^# (not )?ok [0-9]+ / {
	line = substr($0, 3)
	ok = (line !~ /^not /)
	sub(/^(not )?ok /, "", line)
	num = line
	sub(/ .*/, "", num)
	if (num in seen)
		next
	seen[num] = 1
	name = line
	sub(/^[0-9]+ /, "", name)
	directive = ""
	if (match(name, / # [A-Z]+.*$/)) {
		directive = substr(name, RSTART + 3)
		name = substr(name, 1, RSTART - 1)
	}
	r = ok ? (directive ~ /^SKIP/ ? "skip" : "pass") : "fail"
	ncases++
	if (r == "fail")
		nfail++
	printf "%s\t%s/%s\t%s\t%s\n", coll, prog, name, r, directive
	next
}

insuite && /^(not )?ok [0-9]+ selftests: / {
	ok = ($0 !~ /^not /)
	directive = ""
	if (match($0, / # [A-Z]+.*$/))
		directive = substr($0, RSTART + 3)
	flush_program(ok, directive)
	next
}

END {
	for (i = 1; i <= n; i++) {
		s = want[i]
		if (!(s in began))
			printf "guest\t%s\tfail\tsuite never started\n", s
		else if (!(s in ended))
			printf "guest\t%s\tfail\tsuite never finished\n", s
		else if (!(s in programs))
			printf "guest\t%s\tfail\tsuite ran no test program\n", s
	}
	if (!done)
		printf "guest\tfinished\tfail\tthe guest never reported its end\n"
}
