// SPDX-License-Identifier: GPL-2.0
/* Many and large iovecs and a big directory, for the capture-bounds VM test. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define WIDE 64		/* writev: iovecs of 100 bytes */
#define BIG 4096	/* readv, preadv: three buffers of this many bytes */
#define MANY 1024	/* pwritev: UIO_MAXIOV iovecs of one byte */
#define FILES 400	/* getdents64: entries besides . and .. */

static char wide[WIDE][100];
static char big[3][BIG];
static char one[MANY];
static char dirents[65536];

/* @len bytes of @c (no NUL) that end where an unmapped page begins. */
static char *at_page_end(size_t len, char c)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	munmap(p + page, page);
	memset(p + page - len, c, len);
	return p + page - len;
}

/*
 * Usage: iovec_many DIR (an empty directory). Every call's bytes are
 * known: writev's buffer i holds 'a' + i % 26, the file readv reads holds
 * BIG 'K's, then BIG 'L's, then BIG 'M's; pwritev's byte i is '0' + i % 10.
 * Then strings that fault: a 300-byte memfd name that ends at an unmapped
 * page (cut at -s, as any long name), a path that does (its address): the
 * faults that once made the module take -EFAULT for a 4 GiB length.
 */
int main(int argc, char **argv)
{
	struct iovec wv[WIDE], rv[3], ov[MANY], sv[2];
	char path[4096], *name;
	int null, fd, dir, i, pipes[2];

	if (argc != 2 || chdir(argv[1]) || mkdir("big", 0700))
		return 1;
	null = open("/dev/null", O_WRONLY);
	fd = open("data", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (null < 0 || fd < 0)
		return 1;
	for (i = 0; i < 3; i++) {
		memset(big[i], 'K' + i, BIG);
		if (write(fd, big[i], BIG) != BIG)
			return 1;
		memset(big[i], 0, BIG);
	}
	for (i = 0; i < FILES; i++) {
		int f;

		snprintf(path, sizeof(path), "big/f%03d", i);
		f = open(path, O_WRONLY | O_CREAT, 0600);
		if (f < 0)
			return 1;
		close(f);
	}
	for (i = 0; i < WIDE; i++) {
		memset(wide[i], 'a' + i % 26, sizeof(wide[i]));
		wv[i].iov_base = wide[i];
		wv[i].iov_len = sizeof(wide[i]);
	}
	for (i = 0; i < 3; i++) {
		rv[i].iov_base = big[i];
		rv[i].iov_len = BIG;
	}
	for (i = 0; i < MANY; i++) {
		one[i] = '0' + i % 10;
		ov[i].iov_base = &one[i];
		ov[i].iov_len = 1;
	}
	if (pipe(pipes))
		return 1;
	sv[0].iov_base = wide[0];
	sv[0].iov_len = 40;
	sv[1].iov_base = wide[1];
	sv[1].iov_len = 40;

	writev(null, wv, WIDE);
	lseek(fd, 0, SEEK_SET);
	readv(fd, rv, 3);
	preadv(fd, rv, 3, BIG);
	pwritev(null, ov, MANY, 0);
	vmsplice(pipes[1], sv, 2, 0);
	dir = open("big", O_RDONLY | O_DIRECTORY);
	syscall(SYS_getdents64, dir, dirents, sizeof(dirents));
	syscall(SYS_getdents64, dir, dirents, sizeof(dirents));
	name = at_page_end(300, 'n');
	if (!name)
		return 1;
	syscall(SYS_memfd_create, name, 0);
	syscall(SYS_chdir, at_page_end(100, '/'));
	return 0;
}
