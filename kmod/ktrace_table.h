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
 *   bit    - bit in the 64-bit variable mask. Bits 0-13 keep Table 3.2
 *            (its "PID" is split into pid and uid).
 *
 * KT_FIELD(ID, tag, name, type, var)
 *   tag    - BER CONTEXT tag number of the field inside a record.
 *   type   - S64: signed; U64: unsigned; KADDR: kernel address (zero for
 *            unprivileged readers); CHARS: up to 8 bytes of text packed
 *            little-endian in an integer; STR: an OCTET STRING whose first
 *            byte says whether the rest is complete, truncated or
 *            unavailable (docs/abi.md). STR fields are not part of the
 *            delta state: a record carries them whenever they were captured.
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
	X(PAGE_ALLOC, 2, "page_alloc", "mem", "kmem:mm_page_alloc")	\
	X(PAGE_FREE, 3, "page_free", "mem", "kmem:mm_page_free")		\
	X(SCHED_IN, 4, "sched_in", "sched", "sched:sched_switch")	\
	X(SCHED_OUT, 5, "sched_out", "sched", "sched:sched_switch")	\
	X(LOCK_CONTEND, 6, "lock_contend", "lock", "lock:contention_begin") \
	X(LOCK_ACQUIRED, 7, "lock_acquired", "lock", "lock:contention_end") \
	X(SIGNAL_GENERATE, 8, "signal_generate", "signal", "signal:signal_generate") \
	X(SIGNAL_DELIVER, 9, "signal_deliver", "signal", "signal:signal_deliver") \
	X(SOCKET_OPEN, 10, "socket_open", "net", "kretprobe:__sys_socket") \
	X(NET_XMIT, 11, "net_xmit", "net", "net:net_dev_xmit")		\
	X(NET_RECV, 12, "net_recv", "net", "net:netif_receive_skb")	\
	X(MOUNT, 13, "mount", "fs", "kretprobe:path_mount")		\
	X(UMOUNT, 14, "umount", "fs", "kretprobe:path_umount")		\
	X(PROC_FORK, 15, "proc_fork", "proc", "sched:sched_process_fork") \
	X(PROC_EXEC, 16, "proc_exec", "proc", "sched:sched_process_exec") \
	X(PROC_EXIT, 17, "proc_exit", "proc", "sched:sched_process_exit") \
	X(FAULT_USER, 18, "fault_user", "fault", "exceptions:page_fault_user") \
	X(FAULT_KERNEL, 19, "fault_kernel", "fault", "exceptions:page_fault_kernel") \
	X(BLOCK_ISSUE, 20, "block_issue", "block", "block:block_rq_issue") \
	X(BLOCK_COMPLETE, 21, "block_complete", "block", "block:block_rq_complete") \
	X(OOM_KILL, 22, "oom_kill", "mem", "oom:mark_victim")		\
	X(USDT, 23, "usdt", "user", "uprobe:KT_IOC_ADD_UPROBE")		\
	X(MSG_SEND, 24, "msg_send", "msg", "raw_syscalls:sys_exit")	\
	X(MSG_RECV, 25, "msg_recv", "msg", "raw_syscalls:sys_exit")	\
	X(MSG_CONNECT, 26, "msg_connect", "msg", "raw_syscalls:sys_exit") \
	X(MSG_ACCEPT, 27, "msg_accept", "msg", "raw_syscalls:sys_exit")

#define KT_VARS(X)				\
	X(REGS, 0, "regs")			\
	X(PID, 1, "pid")			\
	X(PPID, 2, "ppid")			\
	X(PGID, 3, "pgid")			\
	X(FREE_MEM, 4, "free_mem")		\
	X(TOTAL_MEM, 5, "total_mem")		\
	X(PAGE_FAULTS, 6, "page_faults")	\
	X(PAGE_INS, 7, "page_ins")		\
	X(PAGE_OUTS, 8, "page_outs")		\
	X(SWAP_INS, 9, "swap_ins")		\
	X(SWAP_OUTS, 10, "swap_outs")		\
	X(OUTGOING, 11, "outgoing")		\
	X(INCOMING, 12, "incoming")		\
	X(SIGNAL, 13, "signal")			\
	X(UID, 14, "uid")			\
	X(COMM, 15, "comm")			\
	X(CPU, 16, "cpu")			\
	X(SID, 17, "sid")			\
	X(GID, 18, "gid")			\
	X(TASK_MEM, 19, "task_mem")		\
	X(TASK_FAULTS, 20, "task_faults")	\
	X(NR_RUNNING, 21, "nr_running")		\
	X(LOADAVG, 22, "loadavg")		\
	X(STRINGS, 23, "strings")

#define KT_FIELDS(X)						\
	X(TS_DELTA, 0, "ts_delta", S64, META)			\
	X(TS, 1, "ts", U64, META)				\
	X(SEQ, 2, "seq", U64, META)				\
	X(LOST_COUNT, 3, "lost_count", U64, META)		\
	X(SRC_CPU, 4, "src_cpu", U64, META)			\
	X(SIGINFO, 7, "siginfo", STR, PARAM)			\
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
	X(EXIT_CODE, 22, "exit_code", S64, PARAM)		\
	X(PPID, 23, "ppid", S64, PPID)				\
	X(PGID, 24, "pgid", S64, PGID)				\
	X(FREE_MEM, 25, "free_mem", U64, FREE_MEM)		\
	X(TOTAL_MEM, 26, "total_mem", U64, TOTAL_MEM)		\
	X(PAGE_FAULTS, 27, "page_faults", U64, PAGE_FAULTS)	\
	X(PAGE_INS, 28, "page_ins", U64, PAGE_INS)		\
	X(PAGE_OUTS, 29, "page_outs", U64, PAGE_OUTS)		\
	X(SWAP_INS, 30, "swap_ins", U64, SWAP_INS)		\
	X(SWAP_OUTS, 31, "swap_outs", U64, SWAP_OUTS)		\
	X(PREV_PID, 32, "prev_pid", S64, OUTGOING)		\
	X(NEXT_PID, 33, "next_pid", S64, INCOMING)		\
	X(SIGNAL, 34, "signal", S64, SIGNAL)			\
	X(COMM_LO, 35, "comm_lo", CHARS, COMM)			\
	X(COMM_HI, 36, "comm_hi", CHARS, COMM)			\
	X(CPU, 37, "cpu", U64, CPU)				\
	X(SID, 38, "sid", S64, SID)				\
	X(GID, 39, "gid", U64, GID)				\
	X(EGID, 40, "egid", U64, GID)				\
	X(RSS, 41, "rss", U64, TASK_MEM)			\
	X(VM_SIZE, 42, "vm_size", U64, TASK_MEM)		\
	X(MIN_FLT, 43, "min_flt", U64, TASK_FAULTS)		\
	X(MAJ_FLT, 44, "maj_flt", U64, TASK_FAULTS)		\
	X(NR_RUNNING, 45, "nr_running", U64, NR_RUNNING)	\
	X(LOAD1, 46, "load1", U64, LOADAVG)			\
	X(LOAD5, 47, "load5", U64, LOADAVG)			\
	X(LOAD15, 48, "load15", U64, LOADAVG)			\
	X(STR_ARG0, 49, "str_arg0", STR, STRINGS)		\
	X(STR_ARG1, 50, "str_arg1", STR, STRINGS)		\
	X(STR_ARG2, 51, "str_arg2", STR, STRINGS)		\
	X(STR_ARG3, 52, "str_arg3", STR, STRINGS)		\
	X(STR_ARG4, 53, "str_arg4", STR, STRINGS)		\
	X(STR_ARG5, 54, "str_arg5", STR, STRINGS)		\
	X(PFN, 55, "pfn", KADDR, PARAM)				\
	X(ORDER, 56, "order", U64, PARAM)			\
	X(GFP_FLAGS, 57, "gfp_flags", U64, PARAM)		\
	X(MIGRATETYPE, 58, "migratetype", S64, PARAM)		\
	X(PREV_STATE, 59, "prev_state", U64, PARAM)		\
	X(LOCK_ADDR, 60, "lock_addr", KADDR, PARAM)		\
	X(LOCK_FLAGS, 61, "lock_flags", U64, PARAM)		\
	X(LOCK_RET, 62, "lock_ret", S64, PARAM)			\
	X(SIG_CODE, 63, "sig_code", S64, PARAM)			\
	X(SIG_RESULT, 64, "sig_result", S64, PARAM)		\
	X(SIG_TARGET, 65, "sig_target", S64, PARAM)		\
	X(SA_HANDLER, 66, "sa_handler", U64, PARAM)		\
	X(SA_FLAGS, 67, "sa_flags", U64, PARAM)			\
	X(SOCK_FAMILY, 68, "sock_family", S64, PARAM)		\
	X(SOCK_TYPE, 69, "sock_type", S64, PARAM)		\
	X(SOCK_PROTOCOL, 70, "sock_protocol", S64, PARAM)	\
	X(SOCK_FD, 71, "sock_fd", S64, PARAM)			\
	X(SKB_ADDR, 72, "skb_addr", KADDR, PARAM)		\
	X(SKB_LEN, 73, "skb_len", U64, PARAM)			\
	X(IFINDEX, 74, "ifindex", S64, PARAM)			\
	X(DEV_NAME, 75, "dev_name", STR, PARAM)			\
	X(NET_RC, 76, "net_rc", S64, PARAM)			\
	X(NET_PROTOCOL, 77, "net_protocol", U64, PARAM)		\
	X(MNT_SOURCE, 78, "mnt_source", STR, PARAM)		\
	X(MNT_TARGET, 79, "mnt_target", STR, PARAM)		\
	X(MNT_FSTYPE, 80, "mnt_fstype", STR, PARAM)		\
	X(MNT_FLAGS, 81, "mnt_flags", U64, PARAM)		\
	X(MNT_RET, 82, "mnt_ret", S64, PARAM)			\
	X(EXEC_FILENAME, 83, "exec_filename", STR, PARAM)	\
	X(OLD_PID, 84, "old_pid", S64, PARAM)			\
	X(FAULT_ADDR, 85, "fault_addr", U64, PARAM)		\
	X(FAULT_IP, 86, "fault_ip", U64, PARAM)			\
	X(FAULT_ERROR, 87, "fault_error", U64, PARAM)		\
	X(KFAULT_ADDR, 88, "kfault_addr", KADDR, PARAM)		\
	X(KFAULT_IP, 89, "kfault_ip", KADDR, PARAM)		\
	X(BLK_DEV, 90, "blk_dev", U64, PARAM)			\
	X(BLK_SECTOR, 91, "blk_sector", U64, PARAM)		\
	X(BLK_BYTES, 92, "blk_bytes", U64, PARAM)		\
	X(BLK_RWBS, 93, "blk_rwbs", CHARS, PARAM)		\
	X(BLK_ERROR, 94, "blk_error", S64, PARAM)		\
	X(BLK_LATENCY, 95, "blk_latency_ns", U64, PARAM)	\
	X(OOM_PID, 96, "oom_pid", S64, PARAM)			\
	X(OOM_UID, 97, "oom_uid", U64, PARAM)			\
	X(OOM_RSS, 98, "oom_rss", U64, PARAM)			\
	X(OOM_SCORE_ADJ, 99, "oom_score_adj", S64, PARAM)	\
	X(SIGNO, 100, "signo", S64, PARAM)			\
	X(USDT_PROBE, 101, "usdt_probe", U64, PARAM)		\
	X(USDT_ARG0, 102, "usdt_arg0", U64, PARAM)		\
	X(USDT_ARG1, 103, "usdt_arg1", U64, PARAM)		\
	X(USDT_ARG2, 104, "usdt_arg2", U64, PARAM)		\
	X(USDT_ARG3, 105, "usdt_arg3", U64, PARAM)		\
	X(USDT_ARG4, 106, "usdt_arg4", U64, PARAM)		\
	X(USDT_ARG5, 107, "usdt_arg5", U64, PARAM)		\
	X(USDT_ARG6, 108, "usdt_arg6", U64, PARAM)		\
	X(USDT_ARG7, 109, "usdt_arg7", U64, PARAM)		\
	X(USDT_ARG8, 110, "usdt_arg8", U64, PARAM)		\
	X(USDT_ARG9, 111, "usdt_arg9", U64, PARAM)		\
	X(USDT_ARG10, 112, "usdt_arg10", U64, PARAM)		\
	X(USDT_ARG11, 113, "usdt_arg11", U64, PARAM)		\
	X(USDT_STR0, 114, "usdt_str0", STR, PARAM)		\
	X(USDT_STR1, 115, "usdt_str1", STR, PARAM)		\
	X(USDT_STR2, 116, "usdt_str2", STR, PARAM)		\
	X(USDT_STR3, 117, "usdt_str3", STR, PARAM)		\
	X(USDT_STR4, 118, "usdt_str4", STR, PARAM)		\
	X(USDT_STR5, 119, "usdt_str5", STR, PARAM)		\
	X(MSG_BYTES, 120, "msg_bytes", U64, PARAM)		\
	X(MSG_SEQ, 121, "msg_seq", U64, PARAM)			\
	X(MSG_LOCAL, 122, "msg_local", STR, PARAM)		\
	X(MSG_REMOTE, 123, "msg_remote", STR, PARAM)		\
	X(MSG_INO, 124, "msg_ino", U64, PARAM)			\
	X(MSG_PEER_INO, 125, "msg_peer_ino", U64, PARAM)	\
	X(MSG_DATA, 126, "msg_data", STR, STRINGS)

/*
 * Fields an event records besides the common ones. Variable fields listed
 * here (registers, strings, the switched processes, the last signal) are
 * the ones that only make sense at that event.
 */
#define KT_EVENT_FIELDS(X)			\
	X(SYS_ENTER, SYSNO)			\
	X(SYS_ENTER, ARG0)			\
	X(SYS_ENTER, ARG1)			\
	X(SYS_ENTER, ARG2)			\
	X(SYS_ENTER, ARG3)			\
	X(SYS_ENTER, ARG4)			\
	X(SYS_ENTER, ARG5)			\
	X(SYS_ENTER, STR_ARG0)			\
	X(SYS_ENTER, STR_ARG1)			\
	X(SYS_ENTER, STR_ARG2)			\
	X(SYS_ENTER, STR_ARG3)			\
	X(SYS_ENTER, STR_ARG4)			\
	X(SYS_ENTER, STR_ARG5)			\
	X(SYS_EXIT, SYSNO)			\
	X(SYS_EXIT, RET)			\
	X(SYS_EXIT, STR_ARG0)			\
	X(SYS_EXIT, STR_ARG1)			\
	X(SYS_EXIT, STR_ARG2)			\
	X(SYS_EXIT, STR_ARG3)			\
	X(SYS_EXIT, STR_ARG4)			\
	X(SYS_EXIT, STR_ARG5)			\
	X(PAGE_ALLOC, PFN)			\
	X(PAGE_ALLOC, ORDER)			\
	X(PAGE_ALLOC, GFP_FLAGS)		\
	X(PAGE_ALLOC, MIGRATETYPE)		\
	X(PAGE_FREE, PFN)			\
	X(PAGE_FREE, ORDER)			\
	X(SCHED_IN, PREV_PID)			\
	X(SCHED_IN, PREV_STATE)			\
	X(SCHED_OUT, NEXT_PID)			\
	X(LOCK_CONTEND, LOCK_ADDR)		\
	X(LOCK_CONTEND, LOCK_FLAGS)		\
	X(LOCK_ACQUIRED, LOCK_ADDR)		\
	X(LOCK_ACQUIRED, LOCK_RET)		\
	X(SIGNAL_GENERATE, SIGNO)		\
	X(SIGNAL_GENERATE, SIG_CODE)		\
	X(SIGNAL_GENERATE, SIG_RESULT)		\
	X(SIGNAL_GENERATE, SIG_TARGET)		\
	X(SIGNAL_DELIVER, SIGNO)		\
	X(SIGNAL_DELIVER, SIGNAL)		\
	X(SIGNAL_DELIVER, SIG_CODE)		\
	X(SIGNAL_DELIVER, SA_HANDLER)		\
	X(SIGNAL_DELIVER, SA_FLAGS)		\
	X(SIGNAL_DELIVER, SIGINFO)		\
	X(SOCKET_OPEN, SOCK_FAMILY)		\
	X(SOCKET_OPEN, SOCK_TYPE)		\
	X(SOCKET_OPEN, SOCK_PROTOCOL)		\
	X(SOCKET_OPEN, SOCK_FD)			\
	X(NET_XMIT, SKB_ADDR)			\
	X(NET_XMIT, SKB_LEN)			\
	X(NET_XMIT, IFINDEX)			\
	X(NET_XMIT, DEV_NAME)			\
	X(NET_XMIT, NET_RC)			\
	X(NET_RECV, SKB_ADDR)			\
	X(NET_RECV, SKB_LEN)			\
	X(NET_RECV, IFINDEX)			\
	X(NET_RECV, DEV_NAME)			\
	X(NET_RECV, NET_PROTOCOL)		\
	X(MOUNT, MNT_SOURCE)			\
	X(MOUNT, MNT_TARGET)			\
	X(MOUNT, MNT_FSTYPE)			\
	X(MOUNT, MNT_FLAGS)			\
	X(MOUNT, MNT_RET)			\
	X(UMOUNT, MNT_TARGET)			\
	X(UMOUNT, MNT_FLAGS)			\
	X(UMOUNT, MNT_RET)			\
	X(PROC_FORK, CHILD_PID)			\
	X(PROC_FORK, CHILD_TID)			\
	X(PROC_EXEC, EXEC_FILENAME)		\
	X(PROC_EXEC, OLD_PID)			\
	X(PROC_EXIT, EXIT_CODE)			\
	X(FAULT_USER, FAULT_ADDR)		\
	X(FAULT_USER, FAULT_IP)			\
	X(FAULT_USER, FAULT_ERROR)		\
	X(FAULT_KERNEL, KFAULT_ADDR)		\
	X(FAULT_KERNEL, KFAULT_IP)		\
	X(FAULT_KERNEL, FAULT_ERROR)		\
	X(BLOCK_ISSUE, BLK_DEV)			\
	X(BLOCK_ISSUE, BLK_SECTOR)		\
	X(BLOCK_ISSUE, BLK_BYTES)		\
	X(BLOCK_ISSUE, BLK_RWBS)		\
	X(BLOCK_COMPLETE, BLK_DEV)		\
	X(BLOCK_COMPLETE, BLK_SECTOR)		\
	X(BLOCK_COMPLETE, BLK_BYTES)		\
	X(BLOCK_COMPLETE, BLK_RWBS)		\
	X(BLOCK_COMPLETE, BLK_ERROR)		\
	X(BLOCK_COMPLETE, BLK_LATENCY)		\
	X(OOM_KILL, OOM_PID)			\
	X(OOM_KILL, OOM_UID)			\
	X(OOM_KILL, OOM_RSS)			\
	X(OOM_KILL, OOM_SCORE_ADJ)		\
	X(USDT, USDT_PROBE)			\
	X(USDT, USDT_ARG0)			\
	X(USDT, USDT_ARG1)			\
	X(USDT, USDT_ARG2)			\
	X(USDT, USDT_ARG3)			\
	X(USDT, USDT_ARG4)			\
	X(USDT, USDT_ARG5)			\
	X(USDT, USDT_ARG6)			\
	X(USDT, USDT_ARG7)			\
	X(USDT, USDT_ARG8)			\
	X(USDT, USDT_ARG9)			\
	X(USDT, USDT_ARG10)			\
	X(USDT, USDT_ARG11)			\
	X(USDT, USDT_STR0)			\
	X(USDT, USDT_STR1)			\
	X(USDT, USDT_STR2)			\
	X(USDT, USDT_STR3)			\
	X(USDT, USDT_STR4)			\
	X(USDT, USDT_STR5)			\
	X(MSG_SEND, SOCK_FD)		\
	X(MSG_SEND, SOCK_FAMILY)	\
	X(MSG_SEND, SOCK_TYPE)		\
	X(MSG_SEND, SOCK_PROTOCOL)	\
	X(MSG_SEND, MSG_INO)		\
	X(MSG_SEND, MSG_PEER_INO)	\
	X(MSG_SEND, MSG_LOCAL)		\
	X(MSG_SEND, MSG_REMOTE)		\
	X(MSG_SEND, MSG_BYTES)		\
	X(MSG_SEND, MSG_SEQ)		\
	X(MSG_SEND, MSG_DATA)		\
	X(MSG_RECV, SOCK_FD)		\
	X(MSG_RECV, SOCK_FAMILY)	\
	X(MSG_RECV, SOCK_TYPE)		\
	X(MSG_RECV, SOCK_PROTOCOL)	\
	X(MSG_RECV, MSG_INO)		\
	X(MSG_RECV, MSG_PEER_INO)	\
	X(MSG_RECV, MSG_LOCAL)		\
	X(MSG_RECV, MSG_REMOTE)		\
	X(MSG_RECV, MSG_BYTES)		\
	X(MSG_RECV, MSG_SEQ)		\
	X(MSG_RECV, MSG_DATA)		\
	X(MSG_CONNECT, SOCK_FD)		\
	X(MSG_CONNECT, SOCK_FAMILY)	\
	X(MSG_CONNECT, SOCK_TYPE)	\
	X(MSG_CONNECT, SOCK_PROTOCOL)	\
	X(MSG_CONNECT, MSG_INO)		\
	X(MSG_CONNECT, MSG_PEER_INO)	\
	X(MSG_CONNECT, MSG_LOCAL)	\
	X(MSG_CONNECT, MSG_REMOTE)	\
	X(MSG_CONNECT, NET_RC)		\
	X(MSG_ACCEPT, SOCK_FD)		\
	X(MSG_ACCEPT, SOCK_FAMILY)	\
	X(MSG_ACCEPT, SOCK_TYPE)	\
	X(MSG_ACCEPT, SOCK_PROTOCOL)	\
	X(MSG_ACCEPT, MSG_INO)		\
	X(MSG_ACCEPT, MSG_PEER_INO)	\
	X(MSG_ACCEPT, MSG_LOCAL)	\
	X(MSG_ACCEPT, MSG_REMOTE)

/*
 * Fields every event records, whatever the variable mask: the read side
 * needs them to filter by target process and by user. A reader receives
 * them only when its own variable mask asks for PID or UID.
 */
#define KT_CONTEXT_FIELDS(X)	X(PID) X(TID) X(UID) X(EUID)

/*
 * State of the event's task and of the system, recorded by every event
 * whose reader's variable mask selects them. Task fields are zero for
 * events taken in interrupt context, which belong to no task.
 */
#define KT_COMMON_FIELDS(X)						\
	X(PPID) X(PGID) X(SID) X(GID) X(EGID) X(COMM_LO) X(COMM_HI)	\
	X(RSS) X(VM_SIZE) X(MIN_FLT) X(MAJ_FLT) X(CPU)			\
	X(FREE_MEM) X(TOTAL_MEM) X(PAGE_FAULTS) X(PAGE_INS) X(PAGE_OUTS) \
	X(SWAP_INS) X(SWAP_OUTS) X(NR_RUNNING) X(LOAD1) X(LOAD5) X(LOAD15)

#endif /* KTRACE_TABLE_H */
