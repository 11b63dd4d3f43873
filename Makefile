# pidns_signal: the single entry point. README.md explains every target.
#   make          apply the series, build the guest kernel and selftests, boot,
#                 run the pidns_signal kselftests, print a summary
#   make test     the static checks, the guest run of
#                 pidns_signal and the upstream regression suites, the kernel
#                 log check; ends with "N passed, N failed, N skipped"
#   make test-arm64  the pidns_signal suite on a cross-built arm64 guest

SHELL := /bin/bash
.DEFAULT_GOAL := run
.DELETE_ON_ERROR:
export PIDNS_T0 := $(shell date +%s)
# The commit a run tests, for the README's results (make readme-results).
PIDNS_COMMIT := $(shell git log -1 --format='%h (%s)' 2>/dev/null)

# The base: BASE=6.12 (the default) applies the LTS queue in patches/ to
# Debian 12's linux-source-6.12, what distro builders take; BASE=7.2 applies
# the mainline queue in patches-7.2/ (after its prerequisites in
# patches-7.2/prereq/) to Debian unstable's linux-source-7.2 7.2.13, what is
# posted. Every target works for both; a 7.2 run keeps everything it makes in
# build/7.2/ and compares the upstream suites with 7.2's own base results.
BASE ?= 6.12
ifeq ($(BASE),6.12)
BUILD      := $(CURDIR)/build
EXPECTED   := guest/expected/upstream-base.tsv
BASE_FRAGMENTS :=
UPSTREAM_PIDFD := pidfd
UPSTREAM_PIDFD_1CPU :=
else ifeq ($(BASE),7.2)
BUILD      := $(CURDIR)/build/7.2
EXPECTED   := guest/expected/upstream-base-7.2.tsv
# 7.2's pidfd_file_handle_test needs CONFIG_FHANDLE, which its config file
# does not name (config/base-7.2.config). Its pidfd_autoreap_test
# autoreap_signaled reads PIDFD_INFO_EXIT after poll() wakes it, which
# races with the autoreaped child's release on two CPUs: on the unpatched
# 7.2.13 it passed in one two-CPU boot and failed in the next. It runs in
# the one-CPU boot, the other pidfd programs one by one in the two-CPU one.
BASE_FRAGMENTS := config/base-7.2.config
UPSTREAM_PIDFD := pidfd:pidfd_test,pidfd:pidfd_fdinfo_test,pidfd:pidfd_open_test,$\
		  pidfd:pidfd_poll_test,pidfd:pidfd_wait,pidfd:pidfd_getfd_test,$\
		  pidfd:pidfd_setns_test,pidfd:pidfd_file_handle_test,pidfd:pidfd_bind_mount,$\
		  pidfd:pidfd_info_test,pidfd:pidfd_xattr_test,pidfd:pidfd_setattr_test
UPSTREAM_PIDFD_1CPU := ,pidfd:pidfd_autoreap_test
else
$(error BASE=$(BASE) has no queue: use BASE=6.12 (patches/, the default) or BASE=7.2 (patches-7.2/))
endif
export PIDNS_BASE := $(BASE)
export BUILD_DIR  := $(BUILD)
LINUX      := $(BUILD)/linux
LINUX_BASE := $(BUILD)/linux-base
KOUT       := $(BUILD)/kernel/guest
KOUT_BASE  := $(BUILD)/kernel/base
KOUT_DEBUG := $(BUILD)/kernel/debug
BENCH_DIR  := $(BUILD)/bench
KOUT_BENCH_BASE := $(BUILD)/kernel/bench-base
KOUT_BENCH      := $(BUILD)/kernel/bench-patched
INITRAMFS  := $(BUILD)/initramfs-guest.cpio
RESULTS    := $(BUILD)/results
SELFTESTS  := $(LINUX)/tools/testing/selftests

# The series' own suite, and the upstream suites run as regression checks.
OWN_SUITE        := pidns_signal
# The suite's siginfo tests built for i386 and x32 too (compare-abis.sh),
# real container inits run as pid 1 (guest/real-inits), and the programs that
# the consumers/ queues patch to use the series, against their unpatched
# selves (guest/consumers).
OWN_EXTRA_RUN    := pidns_signal_m32,pidns_signal_x32,real_inits,consumers
# The consumers: patched tini and util-linux kill (scripts/build-tini.sh,
# scripts/build-util-linux-kill.sh); the man-pages queue's tree and rendered
# pages (make man).
CONSUMERS_BIN    := $(BUILD)/consumers/bin
MAN_DIR          := $(BUILD)/man
UPSTREAM_TARGETS := pid_namespace pidfd cgroup prctl
UPSTREAM_RUN     := pid_namespace,$(UPSTREAM_PIDFD),cgroup:test_kill,cgroup:test_core,prctl
# cgroup test_freezer is flaky with two CPUs on the unpatched base (its
# ptrace/migrate/stopped cases failed in 6 of 12 boots at -smp 2, 0 of 20 at
# -smp 1): it runs in a second, one-CPU boot of the same guest.
UPSTREAM_RUN_1CPU := cgroup:test_freezer$(UPSTREAM_PIDFD_1CPU)
# The guest config common to every architecture, and the x86_64 machine's.
GUEST_FRAGMENTS  := config/guest.config config/guest-x86.config $(BASE_FRAGMENTS)
FRAGMENTS         = $(GUEST_FRAGMENTS) \
		    $(foreach t,$(OWN_SUITE) $(UPSTREAM_TARGETS),$(SELFTESTS)/$(t)/config)
# make bench: both kernels get the guest config plus the proc connector that
# bench/adopt.c compares adoption notices with. Its settings come from the
# environment or the command line (defaults in bench/run/bench-run.sh).
BENCH_FRAGMENTS   = $(FRAGMENTS) config/bench.config
BENCH_VARS       := BENCH_BOOTS BENCH_CLOCKS BENCH_ICOUNT_SHIFT BENCH_ICOUNT_SMP BENCH_SCALE \
		    BENCH_PROGRAMS BENCH_ONLY BENCH_BOOT_TIMEOUT BENCH_GUEST_MEM \
		    BENCH_IRQSOFF_BOOTS BENCH_IRQSOFF_CLOCKS
# The interrupts-off figures (bench/irqsoff.c) need the irqsoff tracer, which
# slows every interrupt disable and enable: they run on a pair of kernels of
# their own (the same config plus config/bench-irqsoff.config) with an
# initramfs of their own, built and booted only when BENCH_PROGRAMS is
# empty, all, or names irqsoff.
KOUT_BENCH_IRQSOFF_BASE := $(BUILD)/kernel/bench-irqsoff-base
KOUT_BENCH_IRQSOFF      := $(BUILD)/kernel/bench-irqsoff-patched
BENCH_IRQSOFF_FRAGMENTS  = $(BENCH_FRAGMENTS) config/bench-irqsoff.config
BENCH_COMMA  := ,
BENCH_TRACER  = $(if $(filter all irqsoff,$(or $(subst $(BENCH_COMMA), ,$(BENCH_PROGRAMS)),all)),yes)

# make fuzz: trinity, stress-ng and fuzz/churn for FUZZ_MINUTES on the
# debug kernel with KASAN and on its KCSAN variant (FUZZ_VARIANTS), each
# patched and, unless FUZZ_BASE=0, unpatched with the same config and seed,
# so that a report can be told apart: fuzz/run/fuzz-verdict.sh fails a
# report in the series' code or one only the patched kernel gives. The
# base boots run FUZZ_BASE_MINUTES (default: FUZZ_MINUTES): they only tell
# reports apart, so a shorter base run costs less time and finds fewer.
FUZZ_DIR      := $(BUILD)/fuzz
FUZZ_MINUTES  ?= 10
FUZZ_BASE_MINUTES ?= $(FUZZ_MINUTES)
FUZZ_VARIANTS ?= kasan kcsan
FUZZ_BASE     ?= 1
FUZZ_SEED     := $(or $(FUZZ_SEED),$(shell date +%s))
FUZZ_FRAGMENTS = $(FRAGMENTS) config/debug.config config/$(1).config config/fuzz.config

# make test-arm64: the series' own suite on an arm64 guest (QEMU's virt
# machine under TCG), cross-built: the common guest config with the arm64
# machine's fragment and pidns_signal's config, the selftests static for
# arm64, an initramfs of Debian's arm64 busybox-static and GNU timeout
# (unpacked into build/debs/arm64 by scripts/fetch-debs.sh). The scripts
# take the architecture from ARCH, as kbuild does.
KOUT_ARM64       := $(BUILD)/kernel/guest-arm64
INITRAMFS_ARM64  := $(BUILD)/initramfs-guest-arm64.cpio
ARM64_ROOT       := $(BUILD)/debs/arm64/root
ARM64_DEBS       := busybox-static coreutils libc6
ARM64_ENV        := ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
ARM64_FRAGMENTS   = config/guest.config config/guest-arm64.config $(SELFTESTS)/$(OWN_SUITE)/config

# Guest run limits: the whole run, and one upstream test program (TCG is slow).
# make test's run holds the suite three times (x86_64, i386, x32), the real
# inits and the upstream suites: on a loaded 2-core machine it had not ended
# after 1800 s.
GUEST_TIMEOUT ?= 2700
TEST_TIMEOUT  ?= 300
GUEST_OPTS    ?= --timeout $(GUEST_TIMEOUT) --test-timeout $(TEST_TIMEOUT)
# The debug kernel (KASAN, lockdep) is slower: pidfd_test took 293 s there,
# and cgroup_signal_test ran past the 900 s of its settings file, so our own
# suites get 2700 s there too. KASAN doubles the kernel stack, which halves
# threads-max for the same memory (6765 with 2 GiB, 13534 with 4 GiB; the
# guest kernel has 15972 with 2 GiB): with 8 GiB, cgroup_signal_test's
# storms of 5000 processes, and what their earlier rounds leave while it
# ends, stay well inside it (53 of 53 there; with 4 GiB one storm met
# EAGAIN).
DEBUG_FRAGMENTS   = $(FRAGMENTS) config/debug.config config/kasan.config
DEBUG_GUEST_OPTS ?= --timeout 9000 --test-timeout 900 --mem 8192 \
		    --append pidns_signal.own_timeout=2700

.PHONY: run test check check-results man deps need-deps tree export kernel selftests fresh-test \
	initramfs shell baseline readme-results series debug-test fuzz readme-fuzz bench readme-bench \
	kernel-arm64 selftests-arm64 initramfs-arm64 shell-arm64 test-arm64 \
	clean distclean

run: initramfs
	@guest/run-tests.sh run $(KOUT) $(INITRAMFS) $(OWN_SUITE) $(GUEST_OPTS)
	@scripts/report-results.sh $(RESULTS)/run/*.tsv

test: check-results initramfs
	@guest/run-tests.sh test $(KOUT) $(INITRAMFS) $(OWN_SUITE),$(OWN_EXTRA_RUN),$(UPSTREAM_RUN) $(GUEST_OPTS)
	@guest/run-tests.sh test-1cpu $(KOUT) $(INITRAMFS) $(UPSTREAM_RUN_1CPU) $(GUEST_OPTS) --smp 1
	@cat $(RESULTS)/test/tests.tsv $(RESULTS)/test-1cpu/tests.tsv > $(RESULTS)/test-all.tsv
	@guest/compare-with-base.sh $(RESULTS)/test-all.tsv $(EXPECTED) > $(RESULTS)/regression.tsv
	@guest/compare-abis.sh $(RESULTS)/test/tests.tsv > $(RESULTS)/abi.tsv
	@echo $$(($$(date +%s) - $(PIDNS_T0))) > $(RESULTS)/make-test-seconds
	@echo '$(subst ','\'',$(PIDNS_COMMIT))' > $(RESULTS)/commit
	@rc=0; scripts/report-results.sh $(RESULTS)/check/*.tsv $(RESULTS)/test/*.tsv \
		$(RESULTS)/test-1cpu/*.tsv $(RESULTS)/regression.tsv $(RESULTS)/abi.tsv \
		> $(RESULTS)/summary.txt || rc=$$?; \
		cat $(RESULTS)/summary.txt; exit $$rc

# CHECKS=quick leaves out the checks that build a kernel per patch or per
# config, and the man-pages checks, which do not depend on the base: CI runs
# make test with CHECKS=quick for both bases, as the full runs
# do not fit its 90 minutes on two cores (see the README's Two bases).
CHECKS ?= full
QUICK_SKIPPED := bisect build, uapi headers, W=1/sparse, config matrix and man-pages checks

check: check-results
	@scripts/report-results.sh $(RESULTS)/check/*.tsv

check-results: tree
	@mkdir -p $(RESULTS)/check
	@scripts/checks/check-series.sh > $(RESULTS)/check/checks.tsv
	@scripts/checks/check-quilt-apply.sh >> $(RESULTS)/check/checks.tsv
	@scripts/checks/check-vanilla-apply.sh >> $(RESULTS)/check/checks.tsv
	@scripts/checks/check-kernel-doc.sh >> $(RESULTS)/check/checks.tsv
	@scripts/checks/check-bench-build.sh >> $(RESULTS)/check/checks.tsv
	@scripts/checks/check-fuzz-build.sh >> $(RESULTS)/check/checks.tsv
ifeq ($(CHECKS),quick)
	@printf 'check\t%s\tskip\t%s\n' "$(QUICK_SKIPPED)" \
		"CHECKS=quick (as CI runs it): run make test BASE=$(BASE) for them" >> $(RESULTS)/check/checks.tsv
else
	@scripts/checks/check-bisect-build.sh $(GUEST_FRAGMENTS) \
		$(foreach t,$(OWN_SUITE) $(UPSTREAM_TARGETS),tools/testing/selftests/$(t)/config) \
		>> $(RESULTS)/check/checks.tsv
	@scripts/checks/check-uapi-headers.sh $(BUILD)/bisect/linux $(BUILD)/bisect/kernel \
		>> $(RESULTS)/check/checks.tsv
	@scripts/checks/check-w1-sparse.sh $(GUEST_FRAGMENTS) \
		$(foreach t,$(OWN_SUITE) $(UPSTREAM_TARGETS),tools/testing/selftests/$(t)/config) \
		>> $(RESULTS)/check/checks.tsv
	@scripts/checks/check-config-matrix.sh >> $(RESULTS)/check/checks.tsv
	@scripts/checks/check-man-pages.sh >> $(RESULTS)/check/checks.tsv
endif

# The man-pages queue (man-pages/) applied, linted as the man-pages project
# lints (mandoc -Tlint, groff -ww) and rendered into build/man/rendered.
man: need-deps
	@mkdir -p $(RESULTS)/man
	@scripts/checks/check-man-pages.sh > $(RESULTS)/man/checks.tsv
	@scripts/report-results.sh $(RESULTS)/man/checks.tsv

deps:
	@scripts/install-deps.sh

# What CI runs (.ci/run): the README's commands in a fresh Debian 12 root made
# with mmdebstrap, from a clone of what is committed here (needs root).
fresh-test:
	@scripts/install-deps.sh scripts/deps-fresh-host.txt
	@scripts/fresh-root-test.sh

need-deps:
	@scripts/check-deps.sh 2>/dev/null || scripts/install-deps.sh

tree: need-deps
	@scripts/make-tree.sh

export:
	@scripts/export-patches.sh

kernel: tree
	@scripts/build-kernel.sh $(LINUX) $(KOUT) $(FRAGMENTS)

selftests: kernel
	@scripts/build-selftests.sh $(LINUX) $(KOUT) $(OWN_SUITE) $(UPSTREAM_TARGETS)
	@scripts/build-selftests-compat.sh $(LINUX) $(KOUT)
	@scripts/build-real-inits.sh $(KOUT)
	@scripts/build-tini.sh $(CONSUMERS_BIN)
	@scripts/build-util-linux-kill.sh $(CONSUMERS_BIN)
	@scripts/install-consumer-checks.sh $(KOUT) $(CONSUMERS_BIN)

initramfs: selftests
	@guest/build-initramfs.sh $(KOUT) $(INITRAMFS)

shell: initramfs
	@guest/run-qemu.sh --shell $(KOUT)/arch/x86/boot/bzImage $(INITRAMFS)

kernel-arm64: tree
	@$(ARM64_ENV) KBUILD_TARGETS=Image scripts/build-kernel.sh $(LINUX) $(KOUT_ARM64) $(ARM64_FRAGMENTS)

selftests-arm64: kernel-arm64
	@$(ARM64_ENV) scripts/build-selftests.sh $(LINUX) $(KOUT_ARM64) $(OWN_SUITE)

initramfs-arm64: selftests-arm64
	@scripts/fetch-debs.sh arm64 $(ARM64_ROOT) $(ARM64_DEBS)
	@$(ARM64_ENV) guest/build-initramfs.sh $(KOUT_ARM64) $(INITRAMFS_ARM64)

shell-arm64: initramfs-arm64
	@$(ARM64_ENV) guest/run-qemu.sh --shell $(KOUT_ARM64)/arch/arm64/boot/Image $(INITRAMFS_ARM64)

test-arm64: initramfs-arm64
	@$(ARM64_ENV) guest/run-tests.sh test-arm64 $(KOUT_ARM64) $(INITRAMFS_ARM64) $(OWN_SUITE) $(GUEST_OPTS)
	@echo $$(($$(date +%s) - $(PIDNS_T0))) > $(RESULTS)/test-arm64/make-seconds
	@rc=0; scripts/report-results.sh $(RESULTS)/test-arm64/*.tsv > $(RESULTS)/test-arm64/summary.txt || rc=$$?; \
		cat $(RESULTS)/test-arm64/summary.txt; exit $$rc

# The same guest runs on the debug kernel (lockdep, KASAN, UBSAN, ...): every
# suite must pass and the kernel log must hold no report. The selftests and
# initramfs are those of the guest kernel; only the kernel differs.
debug-test: initramfs
	@scripts/build-kernel.sh $(LINUX) $(KOUT_DEBUG) $(DEBUG_FRAGMENTS)
	@guest/run-tests.sh debug $(KOUT_DEBUG) $(INITRAMFS) $(OWN_SUITE),$(OWN_EXTRA_RUN),$(UPSTREAM_RUN) $(DEBUG_GUEST_OPTS)
	@guest/run-tests.sh debug-1cpu $(KOUT_DEBUG) $(INITRAMFS) $(UPSTREAM_RUN_1CPU) $(DEBUG_GUEST_OPTS) --smp 1
	@echo $$(($$(date +%s) - $(PIDNS_T0))) > $(RESULTS)/debug-test-seconds
	@echo '$(subst ','\'',$(PIDNS_COMMIT))' > $(RESULTS)/debug/commit
	@scripts/report-results.sh $(RESULTS)/debug/*.tsv $(RESULTS)/debug-1cpu/*.tsv

# Syscall fuzzing and the series' own storms on the debug kernels (issue
# 17); not part of make test (time). Results in build/fuzz/, the README's
# table from make readme-fuzz.
fuzz: tree
	@for m in FUZZ_MINUTES=$(FUZZ_MINUTES) FUZZ_BASE_MINUTES=$(FUZZ_BASE_MINUTES); do \
		case "$${m#*=}" in '' | *[!0-9]*) \
			echo "make fuzz: $${m%%=*} takes a number of minutes, not '$${m#*=}'" >&2; exit 2 ;; esac; \
		[ "$$((10#$${m#*=}))" -gt 0 ] || { echo "make fuzz: $${m%%=*} must be more than 0" >&2; exit 2; }; \
	done
	@[ -n "$(strip $(FUZZ_VARIANTS))" ] || { echo "make fuzz: FUZZ_VARIANTS is empty (kasan, kcsan)" >&2; exit 2; }
	@for v in $(FUZZ_VARIANTS); do case $$v in kasan | kcsan) ;; \
		*) echo "make fuzz: FUZZ_VARIANTS takes kasan and kcsan, not $$v" >&2; exit 2 ;; esac; done
	@test -e $(LINUX_BASE)/.git || git -C $(LINUX) worktree add -q --detach $(LINUX_BASE) base
	@git -C $(LINUX_BASE) checkout -q --detach base
	@for v in $(FUZZ_VARIANTS); do \
		scripts/build-kernel.sh $(LINUX) $(BUILD)/kernel/fuzz-$$v $(call FUZZ_FRAGMENTS,$$v) || exit; \
		[ "$(FUZZ_BASE)" = 0 ] || \
		scripts/build-kernel.sh $(LINUX_BASE) $(BUILD)/kernel/fuzz-$$v-base $(call FUZZ_FRAGMENTS,$$v) || exit; \
	done
	@fuzz/run/build-fuzz.sh $(FUZZ_DIR)/bin
	@guest/build-initramfs.sh $(BUILD)/kernel/fuzz-$(firstword $(FUZZ_VARIANTS)) $(FUZZ_DIR)/initramfs.cpio \
		$(FUZZ_DIR)/bin /fuzz
	@fuzz/run/series-functions.sh $(LINUX) base > $(FUZZ_DIR)/series-code.txt
	@for v in $(FUZZ_VARIANTS); do \
		rm -rf $(FUZZ_DIR)/$$v-base; \
		fuzz/run/fuzz-boot.sh $(FUZZ_DIR)/$$v $(BUILD)/kernel/fuzz-$$v $(FUZZ_DIR)/initramfs.cpio \
			$(FUZZ_MINUTES) $(FUZZ_SEED) || exit; \
		[ "$(FUZZ_BASE)" = 0 ] || \
		fuzz/run/fuzz-boot.sh $(FUZZ_DIR)/$$v-base $(BUILD)/kernel/fuzz-$$v-base $(FUZZ_DIR)/initramfs.cpio \
			$(FUZZ_BASE_MINUTES) $(FUZZ_SEED) || exit; \
	done
	@echo "make fuzz FUZZ_MINUTES=$(FUZZ_MINUTES)$(if $(filter-out $(FUZZ_MINUTES),$(FUZZ_BASE_MINUTES)), FUZZ_BASE_MINUTES=$(FUZZ_BASE_MINUTES)) FUZZ_VARIANTS='$(FUZZ_VARIANTS)' FUZZ_BASE=$(FUZZ_BASE) FUZZ_SEED=$(FUZZ_SEED)" \
		> $(FUZZ_DIR)/command
	@echo $$(($$(date +%s) - $(PIDNS_T0))) > $(FUZZ_DIR)/make-fuzz-seconds
	@echo '$(subst ','\'',$(PIDNS_COMMIT))' > $(FUZZ_DIR)/commit
	@fuzz/run/fuzz-verdict.sh $(FUZZ_DIR) $(FUZZ_DIR)/series-code.txt $(FUZZ_VARIANTS)

# The unpatched base kernel (same config) running the same selftests: shows
# what the series' tests do without the series, and records the upstream
# suites' base results that 'make test' compares against.
baseline: initramfs
	@test -e $(LINUX_BASE)/.git || git -C $(LINUX) worktree add -q --detach $(LINUX_BASE) base
	@git -C $(LINUX_BASE) checkout -q --detach base
	@scripts/build-kernel.sh $(LINUX_BASE) $(KOUT_BASE) $(FRAGMENTS)
	@guest/run-tests.sh base $(KOUT_BASE) $(INITRAMFS) $(OWN_SUITE),$(OWN_EXTRA_RUN),$(UPSTREAM_RUN) $(GUEST_OPTS)
	@guest/run-tests.sh base-1cpu $(KOUT_BASE) $(INITRAMFS) $(UPSTREAM_RUN_1CPU) $(GUEST_OPTS) --smp 1
	@cat $(RESULTS)/base/tests.tsv $(RESULTS)/base-1cpu/tests.tsv | \
		awk -F'\t' '$$1 !~ /^$(OWN_SUITE)/ && $$1 != "real_inits" && $$1 != "consumers" && $$1 != "guest"' > $(EXPECTED)
	@echo "recorded the base's upstream results in $(EXPECTED)"
	@scripts/report-results.sh $(RESULTS)/base/*.tsv $(RESULTS)/base-1cpu/*.tsv || true

# A/B benchmarks (issue 7): the unpatched base and the patched kernel with the
# same config, booted alternately under plain TCG and under -icount, then the
# pair with the irqsoff tracer for the interrupts-off figures; raw results in
# build/bench/, the table in build/bench/table.md. Never part of make test:
# timings are no assertions.
bench: tree
	@test -e $(LINUX_BASE)/.git || git -C $(LINUX) worktree add -q --detach $(LINUX_BASE) base
	@git -C $(LINUX_BASE) checkout -q --detach base
	@scripts/build-kernel.sh $(LINUX_BASE) $(KOUT_BENCH_BASE) $(BENCH_FRAGMENTS)
	@scripts/build-kernel.sh $(LINUX) $(KOUT_BENCH) $(BENCH_FRAGMENTS)
	$(if $(BENCH_TRACER),@scripts/build-kernel.sh $(LINUX_BASE) $(KOUT_BENCH_IRQSOFF_BASE) $(BENCH_IRQSOFF_FRAGMENTS))
	$(if $(BENCH_TRACER),@scripts/build-kernel.sh $(LINUX) $(KOUT_BENCH_IRQSOFF) $(BENCH_IRQSOFF_FRAGMENTS))
	@bench/run/build-bench.sh $(BENCH_DIR)/bin
	@guest/build-initramfs.sh $(KOUT_BENCH) $(BENCH_DIR)/initramfs.cpio $(BENCH_DIR)/bin
	$(if $(BENCH_TRACER),@guest/build-initramfs.sh $(KOUT_BENCH) $(BENCH_DIR)/initramfs-tracer.cpio $(BENCH_DIR)/bin/tracer)
	@bench/run/bench-memory.sh base=$(KOUT_BENCH_BASE) patched=$(KOUT_BENCH) > $(BENCH_DIR)/memory.tsv
	@bench/run/bench-run.sh $(BENCH_DIR) $(KOUT_BENCH_BASE) $(KOUT_BENCH) $(BENCH_DIR)/initramfs.cpio \
		$(if $(BENCH_TRACER),$(KOUT_BENCH_IRQSOFF_BASE) $(KOUT_BENCH_IRQSOFF) $(BENCH_DIR)/initramfs-tracer.cpio)
	@echo "$(strip make bench $(foreach v,$(BENCH_VARS),$(if $(value $(v)),$(v)='$(value $(v))')))" > $(BENCH_DIR)/command
	@echo $$(($$(date +%s) - $(PIDNS_T0))) > $(BENCH_DIR)/make-bench-seconds
	@bench/run/bench-table.sh $(BENCH_DIR) > $(BENCH_DIR)/table.md
	@cat $(BENCH_DIR)/table.md

# Write the last make fuzz results into README.md.
readme-fuzz:
	@scripts/readme/update-readme-fuzz.sh

# Write the last make bench table into README.md.
readme-bench:
	@scripts/readme/update-readme-bench.sh

# The series for maintainers (format-patch with cover letter and base) and for
# distro builders (quilt tarball) in out/.
series: tree
	@scripts/make-series.sh

# Write the last make test and make baseline results into README.md.
readme-results:
	@scripts/readme/update-readme-results.sh

clean:
	rm -rf $(BUILD)/kernel $(BUILD)/results $(BUILD)/logs $(BUILD)/*.cpio $(BUILD)/bench $(BUILD)/fresh-root \
		$(BUILD)/consumers $(BUILD)/man

distclean:
	rm -rf $(BUILD) out
