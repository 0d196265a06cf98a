/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* The one table of ktrace events, variables and record fields (ABI). */
#ifndef KTRACE_TABLE_H
#define KTRACE_TABLE_H

/*
 * This table is the ABI. The module includes it, and scripts/gen-abi
 * compiles it into frontend/src/abi/generated.ts, so both sides read the
 * same rows. Numbers are never reused; append new rows.
 *
 * KT_EVENT(ID, bit, name, family, hook)
 *   bit    - bit in the 64-bit event mask, and the BER APPLICATION tag number
 *            of the event's records. Bits 0-14 keep the thesis' Table 3.1.
 *   hook   - the kernel hook the event is taken from.
 *
 * KT_VAR(ID, bit, name)
 *   bit    - bit in the 64-bit variable mask. Bits 0-13 keep Table 3.2.
 *
 * KT_FIELD(ID, tag, name, type, var)
 *   tag    - BER CONTEXT tag number of the field inside a record.
 *   type   - S64: signed; U64: unsigned; KADDR: kernel address (zero for
 *            unprivileged readers).
 *   var    - the variable whose mask bit selects the field; META for fields
 *            of keyframe and lost records; PARAM for an event's own
 *            parameters, which are recorded whenever the event is.
 *
 * KT_EVENT_FIELD(EVENT, FIELD) - the event records that field.
 */

#define KT_META_RECORD_KEYFRAME 64
#define KT_META_RECORD_LOST 65

#define KT_EVENTS(X)							\
	X(SYS_ENTER, 0, "sys_enter", "syscall", "raw_syscalls:sys_enter")	\
	X(SYS_EXIT, 1, "sys_exit", "syscall", "raw_syscalls:sys_exit")	\
	X(PROC_FORK, 15, "proc_fork", "proc", "sched:sched_process_fork") \
	X(PROC_EXIT, 17, "proc_exit", "proc", "sched:sched_process_exit")

#define KT_VARS(X)				\
	X(REGS, 0, "regs")			\
	X(PID, 1, "pid")			\
	X(UID, 14, "uid")

#define KT_FIELDS(X)						\
	X(TS_DELTA, 0, "ts_delta", S64, META)			\
	X(TS, 1, "ts", U64, META)				\
	X(SEQ, 2, "seq", U64, META)				\
	X(LOST_COUNT, 3, "lost_count", U64, META)		\
	X(SRC_CPU, 4, "src_cpu", U64, META)			\
	X(SYSNO, 8, "sysno", S64, REGS)				\
	X(ARG0, 9, "arg0", U64, REGS)				\
	X(ARG1, 10, "arg1", U64, REGS)				\
	X(ARG2, 11, "arg2", U64, REGS)				\
	X(ARG3, 12, "arg3", U64, REGS)				\
	X(ARG4, 13, "arg4", U64, REGS)				\
	X(ARG5, 14, "arg5", U64, REGS)				\
	X(RET, 15, "ret", S64, REGS)				\
	X(PID, 16, "pid", S64, PID)				\
	X(TID, 17, "tid", S64, PID)				\
	X(UID, 18, "uid", U64, UID)				\
	X(EUID, 19, "euid", U64, UID)				\
	X(CHILD_PID, 20, "child_pid", S64, PARAM)		\
	X(CHILD_TID, 21, "child_tid", S64, PARAM)		\
	X(EXIT_CODE, 22, "exit_code", S64, PARAM)

#define KT_EVENT_FIELDS(X)			\
	X(SYS_ENTER, SYSNO)			\
	X(SYS_ENTER, ARG0)			\
	X(SYS_ENTER, ARG1)			\
	X(SYS_ENTER, ARG2)			\
	X(SYS_ENTER, ARG3)			\
	X(SYS_ENTER, ARG4)			\
	X(SYS_ENTER, ARG5)			\
	X(SYS_EXIT, SYSNO)			\
	X(SYS_EXIT, RET)			\
	X(PROC_FORK, CHILD_PID)			\
	X(PROC_FORK, CHILD_TID)			\
	X(PROC_EXIT, EXIT_CODE)

/*
 * Fields every event records, whatever the variable mask: the read side
 * needs them to filter by target process and by user. A reader receives
 * them only when its own variable mask asks for PID or UID.
 */
#define KT_CONTEXT_FIELDS(X)	X(PID) X(TID) X(UID) X(EUID)

#endif /* KTRACE_TABLE_H */
