/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pidns_signal series' interface (include/uapi/linux/prctl.h,
 * include/uapi/asm-generic/siginfo.h) for make fuzz's programs, which are
 * built with the machine's glibc headers, which lack it; and the system
 * call numbers and clone flag older headers lack.
 */
#ifndef FUZZ_SERIES_ABI_H
#define FUZZ_SERIES_ABI_H

#ifndef PR_SET_ADOPTSIG
#define PR_SET_ADOPTSIG		0x41445053
#endif
#ifndef PR_GET_ADOPTSIG
#define PR_GET_ADOPTSIG		0x41445047
#endif
#ifndef PR_SET_INIT_SELFKILL
#define PR_SET_INIT_SELFKILL	0x49534b53
#endif
#ifndef PR_GET_INIT_SELFKILL
#define PR_GET_INIT_SELFKILL	0x49534b47
#endif
#ifndef SI_ADOPTED
#define SI_ADOPTED		0x81
#endif
#ifndef SI_ADOPTLOST
#define SI_ADOPTLOST		0x82
#endif
#ifndef __NR_pidfd_open
#define __NR_pidfd_open		434
#endif
#ifndef __NR_pidfd_send_signal
#define __NR_pidfd_send_signal	424
#endif
#ifndef CLONE_NEWPID
#define CLONE_NEWPID		0x20000000
#endif

#endif
