// SPDX-License-Identifier: GPL-2.0
/*
 * Known block requests on a device: an O_DIRECT write of 4096 bytes at
 * offset 8192 (sector 16), fsync, then an O_DIRECT read of 4096 bytes at
 * offset 0, with 30 ms (more than a tick) before each call and before
 * close: the module's vm event sums are at most a tick old, so each call's
 * sys_enter shows all the I/O of the calls before it.
 * Usage: odirect_io DEVICE. For test/vm/events-fs-block.test.ts.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void pause_tick(void)
{
	const struct timespec t = { .tv_nsec = 30 * 1000 * 1000 };

	nanosleep(&t, NULL);
}

int main(int argc, char **argv)
{
	void *buf;
	int fd;

	if (argc != 2)
		return 2;
	if (posix_memalign(&buf, 4096, 4096))
		return 10;
	memset(buf, 0x5a, 4096);
	fd = open(argv[1], O_RDWR | O_DIRECT);
	if (fd < 0)
		return 11;
	pause_tick();
	if (pwrite(fd, buf, 4096, 8192) != 4096)
		return 12;
	pause_tick();
	if (fsync(fd))
		return 13;
	pause_tick();
	if (pread(fd, buf, 4096, 0) != 4096)
		return 14;
	pause_tick();
	return close(fd) ? 15 : 0;
}
