#!/usr/bin/env bash
# The code the series touches, for telling a fuzzing report in it from one
# elsewhere: the kernel source files the series changes (selftests and
# Documentation aside), one a line as "file PATH", and the functions whose
# body it changes or that it adds, one a line as "function NAME" (from the
# hunk headers of git diff, which name the function a hunk is in, and the
# definitions on added lines).
#   series-functions.sh TREE BASE_REF
set -euo pipefail
# shellcheck source=../../scripts/common.sh
. "$(dirname "$0")/../../scripts/common.sh"

[ $# -eq 2 ] || die "usage: series-functions.sh TREE BASE_REF"
tree=$1 base=$2
git -C "$tree" rev-parse -q --verify "$base^{commit}" > /dev/null ||
	die "no $base in $tree" "run: make tree"
paths=(-- '*.c' '*.h' ':!tools/**' ':!Documentation/**' ':!samples/**')

git -C "$tree" diff --name-only "$base" HEAD "${paths[@]}" | sed 's/^/file /'
git -C "$tree" diff -U0 "$base" HEAD "${paths[@]}" | awk '
function name_before_paren(s,   m) {
	if (match(s, /[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/)) {
		m = substr(s, RSTART, RLENGTH)
		sub(/[ \t]*\($/, "", m)
		return m
	}
	return ""
}
# SYSCALL_DEFINEn(prctl, ...) is __do_sys_prctl in a stack, or one of its
# wrappers: __se_sys_prctl, __x64_sys_prctl, __ia32_sys_prctl,
# __arm64_sys_prctl (printed on one line, comma-separated, split below).
function syscall_name(s,   m, c) {
	if (match(s, /(COMPAT_)?SYSCALL_DEFINE[0-9]\([a-z0-9_]+/)) {
		m = substr(s, RSTART, RLENGTH)
		c = (m ~ /^COMPAT_/) ? "compat_" : ""
		sub(/^.*\(/, "", m)
		return "__do_" c "sys_" m ",__se_" c "sys_" m ",__x64_" c "sys_" m \
			",__ia32_" c "sys_" m ",__arm64_" c "sys_" m
	}
	return ""
}
function emit(f,   n, i, a) {
	n = split(f, a, ",")
	for (i = 1; i <= n; i++)
		print "function " a[i]
}
/^@@ / {
	ctx = $0
	sub(/^@@ [^@]* @@ ?/, "", ctx)
	# A function header ends without a semicolon; skip macros and structs.
	if (ctx ~ /\(/ && ctx !~ /;[ \t]*$/ && ctx !~ /^#/) {
		f = syscall_name(ctx)
		if (f == "")
			f = name_before_paren(ctx)
		if (f != "" && f !~ /^(if|for|while|switch|return|sizeof)$/)
			emit(f)
	}
	next
}
/^\+[A-Za-z_]/ && !/^\+\+\+/ && !/;[ \t]*$/ && !/^\+(static )?(struct|enum|union) [a-z_]+ *\{/ {
	f = syscall_name(substr($0, 2))
	if (f == "")
		f = name_before_paren(substr($0, 2))
	if (f != "" && f !~ /^(if|for|while|switch|return|sizeof|SYSCALL_DEFINE[0-9]|COMPAT_SYSCALL_DEFINE[0-9]|EXPORT_SYMBOL.*|DEFINE_[A-Z_]*|__setup|late_initcall|module_param)$/)
		emit(f)
}' | sort -u
