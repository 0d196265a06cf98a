// SPDX-License-Identifier: GPL-2.0
/* Block family: requests issued to a device and completed by it. */
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/kernel.h>
#include <linux/timekeeping.h>
#include <trace/events/block.h>

#include "wrapper/tracepoint.h"
#include "probe.h"

/* The request's kind as blktrace's rwbs letters, packed like comm. */
static u64 kt_rwbs(const struct request *rq)
{
	char rwbs[8] = {};
	unsigned int n = 0, i;
	u64 packed = 0;

	if (rq->cmd_flags & REQ_PREFLUSH)
		rwbs[n++] = 'F';
	switch (req_op(rq)) {
	case REQ_OP_READ:
		rwbs[n++] = 'R';
		break;
	case REQ_OP_WRITE:
	case REQ_OP_WRITE_ZEROES:
		rwbs[n++] = 'W';
		break;
	case REQ_OP_DISCARD:
	case REQ_OP_SECURE_ERASE:
		rwbs[n++] = 'D';
		break;
	case REQ_OP_FLUSH:
		rwbs[n++] = 'F';
		break;
	default:
		rwbs[n++] = 'N';
	}
	if (rq->cmd_flags & REQ_FUA)
		rwbs[n++] = 'F';
	if (rq->cmd_flags & REQ_RAHEAD)
		rwbs[n++] = 'A';
	if (rq->cmd_flags & REQ_SYNC)
		rwbs[n++] = 'S';
	if (rq->cmd_flags & REQ_META)
		rwbs[n++] = 'M';
	for (i = 0; i < n; i++)
		packed |= (u64)(u8)rwbs[i] << (8 * i);
	return packed;
}

static void kt_set_request(struct kt_ring *ring, struct request *rq,
			   unsigned int bytes)
{
	struct gendisk *disk = rq->q->disk;

	kt_set(ring, KT_F_BLK_DEV, disk ? disk_devt(disk) : 0);
	/* As ftrace: 0 for requests without a position (flushes, passthrough). */
	kt_set(ring, KT_F_BLK_SECTOR, blk_rq_is_passthrough(rq) ||
	       blk_rq_pos(rq) == (sector_t)-1 ? 0 : blk_rq_pos(rq));
	kt_set(ring, KT_F_BLK_BYTES, bytes);
	kt_set(ring, KT_F_BLK_RWBS, kt_rwbs(rq));
}

static void kt_probe_block_issue(void *data, struct request *rq)
{
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	kt_set_request(ring, rq, blk_rq_bytes(rq));
	kt_record_commit(ring, KT_EV_BLOCK_ISSUE, flags);
}

/*
 * Latency since the device started the request when the queue keeps I/O
 * statistics, else since the request was set up; zero when neither time
 * was taken.
 */
static void kt_probe_block_complete(void *data, struct request *rq,
				    blk_status_t error, unsigned int nr_bytes)
{
	u64 start = rq->io_start_time_ns ?: rq->start_time_ns;
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	kt_set_request(ring, rq, nr_bytes);
	kt_set(ring, KT_F_BLK_ERROR, blk_status_to_errno(error));
	kt_set(ring, KT_F_BLK_LATENCY, start ? ktime_get_ns() - start : 0);
	kt_record_commit(ring, KT_EV_BLOCK_COMPLETE, flags);
}

static const struct kt_probe kt_block_probes[] = {
	KT_TP_PROBE(KT_EV_BLOCK_ISSUE, block_rq_issue, kt_probe_block_issue),
	KT_TP_PROBE(KT_EV_BLOCK_COMPLETE, block_rq_complete, kt_probe_block_complete),
};

const struct kt_probe_family kt_block_family = {
	.probes = kt_block_probes,
	.nr = ARRAY_SIZE(kt_block_probes),
};
