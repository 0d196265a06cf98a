// SPDX-License-Identifier: GPL-2.0
/*
 * Known block requests on a device: an O_DIRECT write of 4096 bytes at
 * offset 8192 (sector 16), fsync, then an O_DIRECT read of 4096 bytes at
 * offset 0. Usage: odirect_io DEVICE. For test/vm/events-fs-block.test.ts.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	if (pwrite(fd, buf, 4096, 8192) != 4096)
		return 12;
	if (fsync(fd))
		return 13;
	if (pread(fd, buf, 4096, 0) != 4096)
		return 14;
	return close(fd) ? 15 : 0;
}
