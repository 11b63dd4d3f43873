#!/usr/bin/env bash
# The benchmark report, as markdown on stdout, from the raw results of one
# `make bench` in DIR (results.tsv, boots.tsv, run.info, memory.tsv): per
# clock (tcg: wall time; icount: instruction-counting guest clock), each
# figure's median over the boots with its range [min-max] on the base and
# the patched kernel, and the patched/base ratio (median and range of the
# ratios of boots run back to back); the interrupts-off figures of the
# kernels with the irqsoff tracer (clock irqsoff-<clock>), with the function
# each section was in; the memory figures; and every target of issue 7, met
# or missed, with its number.
#   bench-table.sh DIR
set -euo pipefail
# shellcheck source=../../scripts/common.sh
. "$(dirname "$0")/../../scripts/common.sh"

[ $# -eq 1 ] || die "usage: bench-table.sh DIR"
dir=$1
for f in results.tsv boots.tsv run.info; do
	[ -f "$dir/$f" ] || die "no $dir/$f" "run: make bench"
done
info() {
	awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print; exit }' "$dir/run.info"
}

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem=$(($(free -g | awk '/^Mem:/ { print $2 }') + 1))
qemu=$(qemu-system-x86_64 --version | head -n 1 | awk '{ print $4 }')
secs=$(info seconds)
total=$(cat "$dir/make-bench-seconds" 2> /dev/null || true)
echo "Last \`make bench\` on $(info started): $(info boots) boots each of the base and the"
icount_smp=$(info icount_smp)
guest_mem=$(info guest_mem_mib)
echo "patched kernel, alternating, under each clock ($(info clocks); icount shift $(info icount_shift),"
echo "-smp ${icount_smp:-2}), BENCH_SCALE $(info scale)%; $(nproc) cores ($cpu), $mem GiB, QEMU $qemu,"
echo "shared with other work. Guest: ${guest_mem:-2048} MiB, plain TCG at -smp 2. Boots took ${secs:-?} s${total:+, the whole \`make bench\` $total s}."
irqsoff_boots=$(info irqsoff_boots)
if [ -n "$irqsoff_boots" ]; then
	echo "The interrupts-off figures: $irqsoff_boots boots each of the base and the patched kernel built with the"
	echo "irqsoff tracer (config/bench-irqsoff.config), under $(info irqsoff_clocks), after the others (their boots took $(info irqsoff_seconds) s)."
fi
awk -F'\t' 'NR > 1 && ($5 != "pass" || $6 != "yes") {
		printf "\nBoot %s of the %s kernel (%s): kernel log %s, finished %s.\n", $3, $2, $1, $5, $6 }' "$dir/boots.tsv"
echo

awk -F'\t' -v memfile="$dir/memory.tsv" '
function fmt(v) {
	if (v == "") return "n/a"
	v += 0
	if (v >= 1000 || v <= -1000) return sprintf("%.0f", v)
	if (v >= 100 || v <= -100) return sprintf("%.1f", v)
	if (v >= 10 || v <= -10) return sprintf("%.2f", v)
	return sprintf("%.3f", v)
}
# stats(key): sets MED, MIN, MAX, N of the values in vals[key] (space-separated).
function stats(key,    a, n, i, j, t) {
	N = 0; MED = MIN = MAX = ""
	if (!(key in vals)) return
	n = split(vals[key], a, " ")
	for (i = 2; i <= n; i++) {
		t = a[i] + 0
		for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]
		a[j + 1] = t
	}
	N = n; MIN = a[1]; MAX = a[n]
	MED = n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function cell(key) {
	stats(key)
	if (!N) return "n/a"
	return N == 1 ? fmt(MED) : fmt(MED) " [" fmt(MIN) "-" fmt(MAX) "]"
}
# The unit of a figure; for one no kernel measured, the one it would have.
function unit_of(f) {
	if (f in units) return units[f]
	if (f ~ /_us$|roundtrip|^fork|^orphan/) return "us"
	if (f ~ /_ms$|_1k$|_10k$|_100k$/) return "ms"
	if (f ~ /_lost/) return "events"
	if (f ~ /_vs_|growth/) return "x"
	return ""
}
function add(key, v) { vals[key] = (key in vals) ? vals[key] " " v : v }
function have(c, k, b, f) { return ((c, k, b, f) in raw) }
# derive(name, a, b, factor): per boot, name = a / (b * factor).
function derive(name, a, b, factor, unit,    c, k, i) {
	for (c in clocks) for (k in kernels) for (i = 1; i <= maxboot; i++)
		if (have(c, k, i, a) && have(c, k, i, b) && raw[c, k, i, b] + 0 != 0)
			raw[c, k, i, name] = raw[c, k, i, a] / (raw[c, k, i, b] * factor)
	units[name] = unit
}
BEGIN {
	# Display order: figure, then its line in the table.
	nf = split("sig_roundtrip sigqueue_roundtrip fork_exit_wait fork_in_cgroup " \
		"orphan_adoptsig_off orphan_adoptsig_on adoptsig_on_vs_off " \
		"cgkill_1k cgsignal_kill_1k cgsignal_kill_vs_cgkill_1k cgsignal_term_1k userspace_term_1k userspace_vs_cgsignal_term_1k " \
		"cgkill_10k cgsignal_kill_10k cgsignal_kill_vs_cgkill_10k cgsignal_term_10k userspace_term_10k userspace_vs_cgsignal_term_10k " \
		"cgsignal_term_sent_1k userspace_term_sent_1k cgsignal_term_sent_10k userspace_term_sent_10k userspace_vs_cgsignal_term_sent_10k " \
		"cgkill_growth cgsignal_kill_growth cgsignal_term_growth userspace_term_growth " \
		"storm_userspace_rounds storm_userspace_ms storm_cgsignal_ms " \
		"cgkill_threads_100k cgsignal_kill_threads_100k cgsignal_kill_vs_cgkill_threads_100k cgsignal_term_threads_100k " \
		"notice_median_us notice_p99_us notice_lost notice_lost_reported notice_vs_cnproc_median " \
		"cnproc_median_us cnproc_p99_us cnproc_lost poll_median_us poll_p99_us poll_lost " \
		"notice_paced_median_us notice_paced_p99_us notice_paced_lost notice_paced_lost_reported " \
		"cnproc_paced_median_us cnproc_paced_p99_us cnproc_paced_lost notice_paced_vs_cnproc_paced_median " \
		"signal_cache_object_size signal_cache_slab_size signal_cache_objs_per_slab " \
		"cgsignal_ign_20k_median_ms cgsignal_ign_20k_max_ms userspace_ign_20k_median_ms userspace_ign_20k_max_ms " \
		"userspace_vs_cgsignal_ign_20k " \
		"stall_idle_fork_median_us stall_idle_fork_p99_us stall_idle_fork_max_us " \
		"stall_cgsignal_fork_median_us stall_cgsignal_fork_p99_us stall_cgsignal_fork_max_us " \
		"stall_cgsignal_op_median_ms stall_cgsignal_op_max_ms " \
		"stall_userspace_fork_median_us stall_userspace_fork_p99_us stall_userspace_fork_max_us " \
		"stall_userspace_op_median_ms stall_userspace_op_max_ms " \
		"stall_migrate_fork_median_us stall_migrate_fork_p99_us stall_migrate_fork_max_us " \
		"stall_migrate_op_median_ms stall_migrate_op_max_ms " \
		"stall_cgsignal_vs_idle_fork_p99 stall_cgsignal_vs_userspace_fork_p99 stall_cgsignal_vs_migrate_fork_p99 " \
		"irqsoff_idle_us irqsoff_reparent_10k_off_us irqsoff_reparent_10k_on_us irqsoff_reparent_10k_on_vs_off " \
		"irqsoff_reparent_10k_on_lost irqsoff_chain_1k_fork_us irqsoff_chain_1k_cgsignal_us", order, " ")
	hot["sig_roundtrip"] = hot["sigqueue_roundtrip"] = hot["fork_exit_wait"] = 1
	hot["fork_in_cgroup"] = hot["orphan_adoptsig_off"] = 1
	nclock = 0
}
FILENAME != memfile && $6 == "status" {
	sub(/^program-exit-/, "", $4)
	problems[++nprob] = sprintf("%s exited with status %s (%s kernel, %s clock, boot %s)", $4, $5, $2, $1, $3)
	next
}
# Where an interrupts-off section was: the function, per boot.
FILENAME != memfile && $5 == "at" {
	k = $1 SUBSEP $2 SUBSEP $4
	if (!((k, $6) in atn)) atlist[k] = (k in atlist) ? atlist[k] " " $6 : $6
	atn[k, $6]++
	next
}
FILENAME != memfile && $5 != "unsupported" {
	raw[$1, $2, $3, $4] = $5 + 0
	units[$4] = $6
	if (!($1 in clocks)) { clocks[$1] = 1; clocklist[++nclock] = $1 }
	kernels[$2] = 1
	if ($3 + 0 > maxboot) maxboot = $3 + 0
	next
}
FILENAME != memfile && $5 == "unsupported" {
	why[$4] = $6
	if (!(($2, $4) in whyk)) {
		whyk[$2, $4] = 1
		reason = $6
		gsub(/_/, " ", reason)
		whylist[++nwhy] = $2 ": `" $4 "`: " reason
	}
	if (!($1 in clocks)) { clocks[$1] = 1; clocklist[++nclock] = $1 }; next }
FILENAME == memfile { mem[$1, $2] = $3; if (!($2 in memseen)) { memseen[$2] = 1; memlist[++nmem] = $2 } }
END {
	derive("adoptsig_on_vs_off", "orphan_adoptsig_on", "orphan_adoptsig_off", 1, "x")
	derive("cgsignal_kill_vs_cgkill_1k", "cgsignal_kill_1k", "cgkill_1k", 1, "x")
	derive("cgsignal_kill_vs_cgkill_10k", "cgsignal_kill_10k", "cgkill_10k", 1, "x")
	derive("userspace_vs_cgsignal_term_1k", "userspace_term_1k", "cgsignal_term_1k", 1, "x")
	derive("userspace_vs_cgsignal_term_10k", "userspace_term_10k", "cgsignal_term_10k", 1, "x")
	derive("userspace_vs_cgsignal_term_sent_10k", "userspace_term_sent_10k", "cgsignal_term_sent_10k", 1, "x")
	derive("cgkill_growth", "cgkill_10k", "cgkill_1k", 10, "x")
	derive("cgsignal_kill_growth", "cgsignal_kill_10k", "cgsignal_kill_1k", 10, "x")
	derive("cgsignal_term_growth", "cgsignal_term_10k", "cgsignal_term_1k", 10, "x")
	derive("userspace_term_growth", "userspace_term_10k", "userspace_term_1k", 10, "x")
	derive("notice_vs_cnproc_median", "notice_median_us", "cnproc_median_us", 1, "x")
	derive("notice_paced_vs_cnproc_paced_median", "notice_paced_median_us", "cnproc_paced_median_us", 1, "x")
	derive("cgsignal_kill_vs_cgkill_threads_100k", "cgsignal_kill_threads_100k", "cgkill_threads_100k", 1, "x")
	derive("userspace_vs_cgsignal_ign_20k", "userspace_ign_20k_median_ms", "cgsignal_ign_20k_median_ms", 1, "x")
	derive("stall_cgsignal_vs_idle_fork_p99", "stall_cgsignal_fork_p99_us", "stall_idle_fork_p99_us", 1, "x")
	derive("stall_cgsignal_vs_userspace_fork_p99", "stall_cgsignal_fork_p99_us", "stall_userspace_fork_p99_us", 1, "x")
	derive("stall_cgsignal_vs_migrate_fork_p99", "stall_cgsignal_fork_p99_us", "stall_migrate_fork_p99_us", 1, "x")
	derive("irqsoff_reparent_10k_on_vs_off", "irqsoff_reparent_10k_on_us", "irqsoff_reparent_10k_off_us", 1, "x")
	for (key in raw) {
		split(key, p, SUBSEP)
		add(p[1] SUBSEP p[2] SUBSEP p[4], raw[key])
		if (p[2] == "patched" && ((p[1], "base", p[3], p[4]) in raw) && raw[p[1], "base", p[3], p[4]] != 0)
			add(p[1] SUBSEP "ratio" SUBSEP p[4], raw[key] / raw[p[1], "base", p[3], p[4]])
	}
	for (ci = 1; ci <= nclock; ci++) {
		c = clocklist[ci]
		if (c == "tcg") title = "Plain TCG (guest clock = wall time; noisy on a shared host)"
		else if (c == "icount") title = "QEMU -icount (guest clock counts instructions; deterministic twin)"
		else if (c == "irqsoff-icount") title = "Interrupts off, kernels with the irqsoff tracer, QEMU -icount (the longest section, as the tracer times it)"
		else if (c == "irqsoff-tcg") title = "Interrupts off, kernels with the irqsoff tracer, plain TCG (wall time: the host'"'"'s preemption of a vCPU counts)"
		else title = c
		printf "%s:\n\n", title
		print "| figure | unit | base | patched | patched/base |"
		print "| --- | --- | ---: | ---: | ---: |"
		for (i = 1; i <= nf; i++) {
			f = order[i]
			# The tracer kernels run the irqsoff figures alone, the others never.
			if ((c ~ /^irqsoff-/) != (f ~ /^irqsoff_/)) continue
			b = cell(c SUBSEP "base" SUBSEP f); pt = cell(c SUBSEP "patched" SUBSEP f)
			r = cell(c SUBSEP "ratio" SUBSEP f)
			if (b == "n/a" && pt == "n/a" && !(f in why)) continue
			printf "| %s | %s | %s | %s | %s |\n", f, unit_of(f), b, pt, r
		}
		print ""
		if (c ~ /^irqsoff-/) {
			print "Where the longest section was: the function that enabled interrupts again, as the top of the"
			print "trace names it, or the caller of the lock helper that did (inlined functions show as their"
			print "caller: exit_notify() as do_exit); in parentheses, the boots that named it:"
			print ""
			print "| figure | base | patched |"
			print "| --- | --- | --- |"
			for (i = 1; i <= nf; i++) {
				f = order[i]
				b = where(c, "base", f); pt = where(c, "patched", f)
				if (b != "n/a" || pt != "n/a")
					printf "| %s | %s | %s |\n", f, b, pt
			}
			print ""
		}
	}
	if (nmem) {
		print "Memory (build time, from the kernels'"'"' own compiler flags; the guest'"'"'s signal_cache above):"
		print ""
		print "| figure | base | patched | change |"
		print "| --- | ---: | ---: | ---: |"
		for (i = 1; i <= nmem; i++) {
			f = memlist[i]
			printf "| %s | %s | %s | %+d bytes |\n", f, mem["base", f], mem["patched", f], \
				mem["patched", f] - mem["base", f]
		}
		print ""
	}
	# The targets concern the figures of the clocks without the tracer.
	ntc = 0
	for (ci = 1; ci <= nclock; ci++)
		if (clocklist[ci] !~ /^irqsoff-/) tclocks[++ntc] = clocklist[ci]
	if (ntc) {
		print "Targets of issue 7 (median over the boots; n/a: the kernel lacks the feature):"
		print ""
		printf "| target | figure |"
		for (ci = 1; ci <= ntc; ci++) printf " %s |", tclocks[ci]
		printf "\n| --- | --- |"
		for (ci = 1; ci <= ntc; ci++) printf " --- |"
		print ""
		for (i = 1; i <= nf; i++) {
			f = order[i]
			if (f in hot) target(f, "ratio", "patched/base within 1.00 +/- 0.02", 0.98, 1.02)
		}
		target("adoptsig_on_vs_off", "patched", "PR_SET_ADOPTSIG on costs at most 5%", 0, 1.05)
		target("cgsignal_kill_vs_cgkill_1k", "patched", "cgroup.signal SIGKILL / cgroup.kill at most 1.05", 0, 1.05)
		target("cgsignal_kill_vs_cgkill_10k", "patched", "cgroup.signal SIGKILL / cgroup.kill at most 1.05", 0, 1.05)
		target("cgsignal_kill_vs_cgkill_threads_100k", "patched", "cgroup.signal SIGKILL / cgroup.kill at most 1.05", 0, 1.05)
		target("userspace_vs_cgsignal_term_10k", "patched", "cgroup.signal SIGTERM 10x faster than the user-space loop at 10k", 10, "")
		target("userspace_vs_cgsignal_term_sent_10k", "patched", "(same, the signalling alone: until every process is signalled)", 10, "")
		target("cgsignal_kill_growth", "patched", "linear 1k to 10k: per-process cost within 20%", 0.8, 1.2)
		target("cgsignal_term_growth", "patched", "linear 1k to 10k: per-process cost within 20%", 0.8, 1.2)
		target("notice_lost", "patched", "adoption notices lose none silently", 0, 0)
		target("notice_paced_lost", "patched", "adoption notices lose none silently", 0, 0)
		target("notice_vs_cnproc_median", "patched", "adoption notice median latency no worse than cn_proc", 0, 1)
		target("notice_paced_vs_cnproc_paced_median", "patched", "(same, one orphaning at a time)", 0, 1)
	}
	if (nprob) {
		print ""
		print "Benchmark programs that failed (their serial logs are in build/bench/raw/):"
		print ""
		for (i = 1; i <= nprob; i++)
			print "- " problems[i]
	}
	if (nwhy) {
		print ""
		print "Figures a kernel could not measure (the program'"'"'s reason):"
		print ""
		for (i = 1; i <= nwhy; i++)
			print "- " whylist[i]
	}
}
# target(figure, kernel, text, lo, hi): one row, met when lo <= median <= hi.
# where(clock, kernel, figure): the functions named for it, with their boots.
function where(c, k, f,    key, n, a, i, out) {
	key = c SUBSEP k SUBSEP f
	if (!(key in atlist)) return "n/a"
	n = split(atlist[key], a, " ")
	out = ""
	for (i = 1; i <= n; i++)
		out = out (i > 1 ? ", " : "") "`" a[i] "` (" atn[key, a[i]] ")"
	return out
}
function target(f, k, text, lo, hi,    ci, c, v) {
	printf "| %s | %s |", text, f
	for (ci = 1; ci <= ntc; ci++) {
		c = tclocks[ci]
		stats(c SUBSEP k SUBSEP f)
		if (!N) { printf " n/a |"; continue }
		v = MED + 0
		printf " %s %s |", fmt(v), (v >= lo && (hi == "" || v <= hi)) ? "met" : "**missed**"
	}
	print ""
}
' "$dir/results.tsv" "$(if [ -f "$dir/memory.tsv" ]; then echo "$dir/memory.tsv"; else echo /dev/null; fi)"
