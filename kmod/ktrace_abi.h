/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* ktrace user ABI: /dev/trace ioctls and their argument structs. */
#ifndef KTRACE_ABI_H
#define KTRACE_ABI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#include "ktrace_table.h"

/* Bumped on any incompatible change to ioctls, tags or record grammar. */
#define KT_ABI_VERSION 3

#define KT_DEVICE_NAME "trace"

/* kt_target.flags */
#define KT_TARGET_FOLLOW_CHILDREN 0x1u
/*
 * No lost records: a target about to outrun the reader waits for it on its
 * way back to user space (docs/abi.md "No-loss readers"). Needs a pid.
 */
#define KT_TARGET_NO_LOSS 0x2u

struct kt_target {
	__s32 pid;		/* 0: all processes the reader may see */
	__u32 flags;		/* KT_TARGET_* */
};

/* Unprivileged readers get their own user's numbers only (docs/abi.md). */
struct kt_stats {
	__u64 records_written;	/* all CPUs, since load; 0 if unprivileged */
	__u64 bytes_written;	/* all CPUs, since load; 0 if unprivileged */
	__u64 records_dropped;	/* nested in NMI or too large; 0 if unprivileged */
	__u64 records_read;	/* records this reader received */
	__u64 bytes_read;	/* bytes this reader received */
	__u64 records_lost;	/* overwritten before it read them (unprivileged: lost records) */
	__u32 buffer_bytes_per_cpu;
	__u32 nr_cpus;
	__u32 readers;		/* open readers (unprivileged: its user's) */
	__u32 active_readers;	/* started readers (unprivileged: its user's) */
	/* Appended to ABI 3: the old, shorter struct is still served. */
	__u64 target_waits;	/* times a no-loss target waited for this reader */
	__u64 target_wait_ns;	/* nanoseconds targets spent waiting for it */
};

struct kt_info {
	__u32 abi_version;
	__u32 nr_cpus;
	__u64 known_events;	/* bits this module knows */
	__u64 available_events;	/* bits whose hook exists on this kernel */
	__u64 known_vars;
	__u64 available_vars;
	__u32 buffer_bytes_per_cpu;
	__u32 chunk_bytes;
	__u32 max_record_bytes;	/* a read() buffer this big always fits a record */
	__u32 readers;
	__u64 active_events;	/* union over started readers */
	__u64 active_vars;
	char kernel_release[64];
	/* Since ABI 3: what readers without CAP_PERFMON/CAP_SYS_ADMIN get. */
	__u32 paranoid;		/* module parameter: 3 nothing, 2 own_events, 1 all events */
	__u32 privileged;	/* 1: this reader's opener had CAP_PERFMON or CAP_SYS_ADMIN */
	__u64 own_events;	/* events an unprivileged reader may ask for at paranoid 2 */
	__u32 max_user_readers;	/* open readers per unprivileged user */
	__u32 max_user_kb;	/* their memory per user, KiB */
	__u32 user_readers;	/* open unprivileged readers of this reader's user */
	__u32 reader_bytes;	/* memory one reader takes */
	__u64 user_bytes;	/* memory this reader's user's unprivileged readers take */
};

/* kt_desc.kind */
#define KT_DESC_EVENT 0u
#define KT_DESC_VAR 1u
#define KT_DESC_FIELD 2u

/*
 * Describe one table row: set kind and index (0..n-1 in table order), the
 * module fills in the rest. -ENOENT past the last row.
 */
struct kt_desc {
	__u32 kind;
	__u32 index;
	__u32 number;		/* event/var mask bit, or field tag */
	__u32 available;	/* 1 when this kernel provides it */
	__u32 type;		/* fields: KT_TYPE_* */
	__u32 var;		/* fields: owning variable bit, or KT_VAR_META/PARAM */
	char name[32];
	char family[16];	/* events only */
	char hook[64];		/* events only */
};

#define KT_TYPE_S64 0u
#define KT_TYPE_U64 1u
#define KT_TYPE_KADDR 2u
#define KT_TYPE_CHARS 3u
#define KT_TYPE_STR 4u

/* First content byte of a STR field: what the bytes after it are. */
#define KT_STR_COMPLETE 0u	/* the whole value */
#define KT_STR_TRUNCATED 1u	/* its first bytes; the value is longer */
#define KT_STR_UNAVAILABLE 2u	/* nothing: copying it would have faulted */

/* Snap length of captured buffers and argv strings (strace -s). */
#define KT_SNAPLEN_DEFAULT 32u
#define KT_SNAPLEN_MAX 1024u
/*
 * Longest path captured (PATH_MAX less its NUL: the longest the kernel
 * takes); a longer one is recorded truncated. Was 512 (see docs/abi.md).
 */
#define KT_PATH_MAX 4095u

#define KT_VAR_META 0xfffffffeu
#define KT_VAR_PARAM 0xffffffffu

/*
 * User-space probes (USDT). Registers an argument is read from: x86-64
 * general registers, numbered for kt_usdt_arg; 0 is none.
 */
#define KT_UREG_NONE 0u
#define KT_UREG_RAX 1u
#define KT_UREG_RBX 2u
#define KT_UREG_RCX 3u
#define KT_UREG_RDX 4u
#define KT_UREG_RSI 5u
#define KT_UREG_RDI 6u
#define KT_UREG_RBP 7u
#define KT_UREG_RSP 8u
#define KT_UREG_R8 9u
#define KT_UREG_R9 10u
#define KT_UREG_R10 11u
#define KT_UREG_R11 12u
#define KT_UREG_R12 13u
#define KT_UREG_R13 14u
#define KT_UREG_R14 15u
#define KT_UREG_R15 16u
#define KT_UREG_MAX 16u

/* kt_usdt_arg.kind: what the probe's argument spec says the value is. */
#define KT_USDT_ARG_IMM 1u	/* $value */
#define KT_USDT_ARG_REG 2u	/* %reg */
#define KT_USDT_ARG_MEM 3u	/* value(%reg[,%index,scale]) in user memory */

/* kt_usdt_arg.flags */
#define KT_USDT_ARG_STRING 0x1u	/* also record the string the value points to */

/* Arguments one probe records at most, and how many may be strings. */
#define KT_USDT_MAX_ARGS 12u
#define KT_USDT_MAX_STR_ARGS 6u
/* Probes one reader may add; more are refused with -ENOSPC. */
#define KT_USDT_MAX_PROBES 64u
/* Low bits of a usdt record's probe id: the probe's index in its reader. */
#define KT_USDT_INDEX_BITS 16u

struct kt_usdt_arg {
	__u8 kind;		/* KT_USDT_ARG_* */
	__u8 size;		/* 1, 2, 4 or 8 bytes */
	__u8 is_signed;		/* sign-extend the value from @size bytes */
	__u8 reg;		/* KT_UREG_*: the register or the memory base */
	__u8 index;		/* KT_UREG_*: memory index register, or NONE */
	__u8 scale;		/* memory index scale: 1, 2, 4 or 8 */
	__u8 shift;		/* right shift of the register value (%ah: 8) */
	__u8 flags;		/* KT_USDT_ARG_* flags */
	__s64 value;		/* the immediate, or the memory displacement */
};

/*
 * A USDT probe for KT_IOC_ADD_UPROBE: placed on START, removed on STOP and
 * close. The module fills in @id, the value of the records' usdt_probe.
 */
struct kt_uprobe {
	__s32 fd;		/* the probed file, open for reading */
	__u32 nr_args;		/* at most KT_USDT_MAX_ARGS */
	__u64 offset;		/* file offset of the probed instruction */
	__u64 ref_ctr_offset;	/* file offset of the semaphore, or 0 */
	__u64 id;		/* out: usdt_probe of this probe's records */
	struct kt_usdt_arg args[KT_USDT_MAX_ARGS];
};

/*
 * Formats of read() (KT_IOC_SET_FORMAT, privileged readers, while stopped).
 * RECORDS: one merged stream of records, filtered and delta-encoded for the
 * reader. SPANS: the rings' bytes as written, in frames: a kt_span header,
 * then @len bytes (docs/abi.md, "Spans").
 */
#define KT_FORMAT_RECORDS	0
#define KT_FORMAT_SPANS		1

#define KT_SPAN_DATA		1	/* @len bytes of @cpu's ring from position @value */
#define KT_SPAN_HORIZON		2	/* every record stamped at or before @value was sent */
#define KT_SPAN_STATE		3	/* a keyframe of @cpu's stream at position @value */

struct kt_span {
	__u8 kind;		/* KT_SPAN_* */
	__u8 flags;		/* 0 */
	__u16 cpu;
	__u32 len;		/* bytes that follow the header */
	__u64 value;
};

#define KT_IOC_MAGIC 'k'
#define KT_IOC_ABI_VERSION	_IOR(KT_IOC_MAGIC, 0x01, __u32)
#define KT_IOC_SET_EVENTS	_IOW(KT_IOC_MAGIC, 0x02, __u64)
#define KT_IOC_SET_VARS		_IOW(KT_IOC_MAGIC, 0x03, __u64)
#define KT_IOC_SET_TARGET	_IOW(KT_IOC_MAGIC, 0x04, struct kt_target)
#define KT_IOC_START		_IO(KT_IOC_MAGIC, 0x05)
#define KT_IOC_STOP		_IO(KT_IOC_MAGIC, 0x06)
#define KT_IOC_GET_STATS	_IOR(KT_IOC_MAGIC, 0x07, struct kt_stats)
#define KT_IOC_GET_INFO		_IOR(KT_IOC_MAGIC, 0x08, struct kt_info)
#define KT_IOC_DESCRIBE		_IOWR(KT_IOC_MAGIC, 0x09, struct kt_desc)
#define KT_IOC_SET_SNAPLEN	_IOW(KT_IOC_MAGIC, 0x0a, __u32)
#define KT_IOC_ADD_UPROBE	_IOWR(KT_IOC_MAGIC, 0x0b, struct kt_uprobe)
#define KT_IOC_CLEAR_UPROBES	_IO(KT_IOC_MAGIC, 0x0c)
#define KT_IOC_SET_FORMAT	_IOW(KT_IOC_MAGIC, 0x0d, __u32)

#endif /* KTRACE_ABI_H */
