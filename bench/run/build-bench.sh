#!/usr/bin/env bash
# Build the benchmark programs of bench/ statically (gcc -O2 -static) into
# OUT, with OUT/order: the order the guest runs them in (the hot paths first,
# before the large process counts fragment memory); and the programs that run
# only on the kernels with the irqsoff tracer (config/bench-irqsoff.config),
# in boots and an initramfs of their own, into OUT/tracer with its own
# OUT/tracer/order, so that they never run in the boots of the other figures.
#   build-bench.sh OUT
set -euo pipefail
# shellcheck source=../../scripts/common.sh
. "$(dirname "$0")/../../scripts/common.sh"

[ $# -eq 1 ] || die "usage: build-bench.sh OUT"
out=$1
src=$PROJECT_ROOT/bench
order=(hotpath slab cgsignal adopt cglock)
tracer_order=(irqsoff)
all=("${order[@]}" "${tracer_order[@]}")
mkdir -p "$out/tracer"
for b in "${all[@]}"; do
	[ -f "$src/$b.c" ] || die "bench/$b.c not found" "restore it from git, or drop it from the order in $0"
done
for c in "$src"/*.c; do
	b=$(basename "$c" .c)
	case " ${all[*]} " in
	*" $b "*) ;;
	*) die "bench/$b.c is not in the run order" "add $b to the order (or tracer_order) in $0" ;;
	esac
done

step "bench: building ${all[*]} (gcc -O2 -static)"
for b in "${all[@]}"; do
	if ! gcc -O2 -static -Wall -Wextra -Werror -o "$out/$b.tmp" "$src/$b.c" 2> "$out/$b.log"; then
		cat "$out/$b.log" >&2
		die "bench/$b.c does not build" "fix the error above"
	fi
	mv "$out/$b.tmp" "$out/$b"
	rm -f "$out/$b.log"
done
printf '%s\n' "${order[@]}" > "$out/order"
for b in "${tracer_order[@]}"; do
	mv "$out/$b" "$out/tracer/$b"
done
printf '%s\n' "${tracer_order[@]}" > "$out/tracer/order"
step "bench: ${#all[@]} programs in ${out#"$PROJECT_ROOT"/}"
