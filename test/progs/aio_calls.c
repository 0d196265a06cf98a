// SPDX-License-Identifier: GPL-2.0
/*
 * Native AIO calls with known arguments, for the aio VM test: io_submit's
 * iocbs (a PWRITE's buffer as a string, PREADV and PWRITEV iovecs, an
 * unknown opcode, an I/O priority and resfd, poll events, NULL and
 * unreadable pointers, an array cut by an unreadable page), io_getevents'
 * events, io_cancel's iocb.
 * --secret FILE: FILE's first 16 bytes in a PWRITE's buffer, a PWRITEV's
 * iovec and io_cancel's iocb, for the adversarial test.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/fs.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "page_end.h"
#include "secret_file.h"

#define PRIO_BE_4 ((2 << 13) | 4)

/* @len bytes that end where an unreadable (PROT_NONE) page begins. */
static long submit(aio_context_t ctx, long nr, struct iocb **cbs)
{
	return syscall(SYS_io_submit, ctx, nr, cbs);
}

static int calls(void)
{
	static const char line[] = "a line of aio, longer than the thirty-two bytes strace shows\n";
	char in0[8], in1[8], out0[] = "ab", out1[] = "cd";
	struct iovec readv[2] = { { in0, sizeof(in0) }, { in1, sizeof(in1) } };
	struct iovec writev[2] = { { out0, 2 }, { out1, 2 } };
	struct io_event ev[4];
	struct timespec ts = { 0, 500000000 };
	aio_context_t ctx = 0;
	struct iocb w = { .aio_data = 0x1234, .aio_lio_opcode = IOCB_CMD_PWRITE,
			  .aio_buf = (uintptr_t)line, .aio_nbytes = sizeof(line) - 1 };
	struct iocb rv = { .aio_data = 0x5678, .aio_lio_opcode = IOCB_CMD_PREADV,
			   .aio_reqprio = 0, .aio_buf = (uintptr_t)readv, .aio_nbytes = 2 };
	struct iocb wv = { .aio_data = 0x9abc, .aio_lio_opcode = IOCB_CMD_PWRITEV,
			   .aio_buf = (uintptr_t)writev, .aio_nbytes = 2, .aio_offset = 100 };
	struct iocb bad = { .aio_data = 0xbadfacedc0ffeeedULL, .aio_key = 0xdefaced0,
			    .aio_lio_opcode = 0xf00d, .aio_fildes = -1 };
	struct iocb prio = { .aio_lio_opcode = IOCB_CMD_PWRITE, .aio_reqprio = PRIO_BE_4,
			     .aio_fildes = 3, .aio_nbytes = 16,
			     .aio_flags = IOCB_FLAG_RESFD | IOCB_FLAG_IOPRIO, .aio_resfd = 3 };
	struct iocb poll = { .aio_rw_flags = RWF_NOWAIT, .aio_lio_opcode = IOCB_CMD_POLL,
			     .aio_fildes = 3, .aio_buf = POLLIN | POLLPRI };
	struct iocb *one[1] = { &w }, *two[2] = { &rv, &wv };
	struct iocb **cut = at_page_end(8 * sizeof(struct iocb *));
	char *nowhere = at_page_end(1);
	struct iocb unread_buf = { .aio_lio_opcode = IOCB_CMD_PWRITE, .aio_fildes = 3,
				   .aio_buf = (uintptr_t)nowhere + 1, .aio_nbytes = 4 };
	struct iocb unread_iov = { .aio_lio_opcode = IOCB_CMD_PREADV, .aio_fildes = 3,
				   .aio_buf = (uintptr_t)nowhere + 1, .aio_nbytes = 1 };
	int fd = open("file", O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd != 3 || !cut || !nowhere || syscall(SYS_io_setup, 8, &ctx))
		return 1;
	rv.aio_fildes = fd;
	wv.aio_fildes = fd;
	w.aio_fildes = fd;
	submit(ctx, 1, one);
	syscall(SYS_io_getevents, ctx, 1, 1, ev, NULL);
	submit(ctx, 2, two);
	syscall(SYS_io_getevents, ctx, 2, 2, ev, &ts);
	syscall(SYS_io_getevents, ctx, 0, 1, ev, &(struct timespec){ 0, 0 });
	cut[0] = &bad;
	cut[1] = &prio;
	cut[2] = &poll;
	cut[3] = &unread_buf;
	cut[4] = &unread_iov;
	cut[5] = NULL;
	cut[6] = (struct iocb *)-1L;
	cut[7] = (struct iocb *)(nowhere + 1);
	submit(ctx, 10, cut);
	submit(ctx, 1, (struct iocb **)((char *)cut + 8 * sizeof(*cut)));
	submit(ctx, -1, one);
	syscall(SYS_io_cancel, ctx, &w, ev);
	syscall(SYS_io_destroy, ctx);
	return 0;
}

/*
 * FILE's first 16 bytes (mapped, so no read() carries them; copied to the
 * stack) as a PWRITE's buffer, a PWRITEV's iovec and the first bytes of
 * io_cancel's iocb: what a reader that may not trace this process must
 * never receive.
 */
static int secret(const char *file)
{
	unsigned char buf[16], vbuf[16];
	struct iovec iov = { vbuf, sizeof(vbuf) };
	struct iocb w = { .aio_lio_opcode = IOCB_CMD_PWRITE, .aio_fildes = 1,
			  .aio_buf = (uintptr_t)buf, .aio_nbytes = sizeof(buf) };
	struct iocb wv = { .aio_lio_opcode = IOCB_CMD_PWRITEV, .aio_fildes = 1,
			   .aio_buf = (uintptr_t)&iov, .aio_nbytes = 1 };
	struct iocb c = { .aio_lio_opcode = IOCB_CMD_PREAD };
	struct iocb *one[1] = { &w }, *other[1] = { &wv };
	struct io_event ev;
	const unsigned char *text = secret_text(file, NULL);

	if (!text)
		return 1;
	memcpy(buf, text, 16);
	memcpy(vbuf, text, 16);
	memcpy(&c, text, 16);
	/* No context: the kernel refuses them, after the capture read them. */
	submit(0, 1, one);
	submit(0, 1, other);
	syscall(SYS_io_cancel, 0, &c, &ev);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--secret"))
		return secret(argv[2]);
	if (argc != 2 || chdir(argv[1]))
		return 2;
	return calls();
}
