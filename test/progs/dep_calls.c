// SPDX-License-Identifier: GPL-2.0
/*
 * Syscalls whose struct argument depends on another argument or on the
 * call's outcome, with known arguments, for the dependent struct tests:
 * fcntl's locks and owner, file handles, mincore's vector, openat2's how
 * larger than the struct, futex_waitv's waiters, setgroups cut by an
 * unmapped page, _sysctl.
 * --secret FILE: FILE's first 16 bytes in a lock, a file handle and
 * openat2's extension bytes, for the adversarial test.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <linux/futex.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "page_end.h"
#include "secret_file.h"

#ifndef __NR_futex_waitv
#define __NR_futex_waitv 449
#endif

/* @len bytes that end where an unmapped page begins. */
static void locks(int fd)
{
	struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_len = 4096 };
	struct f_owner_ex owner = { .type = F_OWNER_PGRP, .pid = 0 };
	struct flock *cut = at_page_end(sizeof(fl) - 1);

	fcntl(fd, F_SETLK, &fl);
	fcntl(fd, F_GETLK, &fl);
	fl.l_type = F_WRLCK;
	fl.l_start = 100;
	fcntl(fd, F_OFD_SETLK, &fl);
	syscall(SYS_fcntl, fd, F_SETLKW, cut);
	fcntl(fd, F_SETOWN_EX, &owner);
	owner.type = F_OWNER_TID;
	fcntl(fd, F_GETOWN_EX, &owner);
}

static void handles(void)
{
	struct {
		struct file_handle h;
		unsigned char bytes[128];
	} fh = { .h.handle_bytes = 0 };
	int mount_id;

	name_to_handle_at(AT_FDCWD, ".", &fh.h, &mount_id, AT_SYMLINK_FOLLOW);
	name_to_handle_at(AT_FDCWD, ".", &fh.h, &mount_id, 0);
	name_to_handle_at(AT_FDCWD, ".", &fh.h, &mount_id, 0);
	open_by_handle_at(-1, &fh.h, O_RDONLY | O_DIRECTORY);
}

static void vectors(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char vec[3];

	p[0] = 1;
	p[2 * page] = 1;
	mincore(p, 3 * page, vec);
	mincore(p, page + 1, vec);
	mincore(p, page, NULL);
}

static void hows(void)
{
	struct {
		struct open_how how;
		unsigned char rest[8];
	} big = { .how.flags = O_RDONLY, .rest = { 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87 } };
	struct open_how *cut = at_page_end(sizeof(*cut));
	int fd;

	syscall(SYS_openat2, AT_FDCWD, "file", &big, sizeof(big));
	memset(big.rest, 0, sizeof(big.rest));
	fd = syscall(SYS_openat2, AT_FDCWD, "file", &big, sizeof(big));
	close(fd);
	syscall(SYS_openat2, AT_FDCWD, "file", cut, sizeof(*cut) + 8);
}

static void waiters(void)
{
	static uint32_t futex = 1;
	struct futex_waitv one = { .val = 0, .uaddr = (uintptr_t)&futex, .flags = FUTEX_32 | FUTEX_PRIVATE_FLAG };
	struct futex_waitv *cut = at_page_end(sizeof(*cut));
	struct timespec ts = { 0 };

	*cut = one;
	syscall(__NR_futex_waitv, &one, 1, 0, &ts, CLOCK_MONOTONIC);
	syscall(__NR_futex_waitv, cut, 2, 0, NULL, CLOCK_MONOTONIC);
	syscall(__NR_futex_waitv, cut, 0, 0, NULL, CLOCK_MONOTONIC);
}

static void ids(void)
{
	gid_t *cut = at_page_end(sizeof(gid_t));
	struct __sysctl_args {
		int *name;
		int nlen;
		void *oldval;
		size_t *oldlenp;
		void *newval;
		size_t newlen;
		unsigned long unused[4];
	} args = { 0 };

	*cut = 1000;
	syscall(SYS_setgroups, 2, cut);
	syscall(SYS__sysctl, &args);
}

/*
 * FILE's first 16 bytes (mapped, so no read() carries them; copied to the
 * stack, a page the capture can read) as flock's l_start and l_len, a
 * handle's f_handle and the 16 bytes after openat2's struct open_how: what
 * a reader that may not trace this process must never receive.
 */
static int secret(const char *file)
{
	struct {
		struct file_handle h;
		unsigned char bytes[16];
	} handle = { .h = { .handle_bytes = 16 } };
	struct {
		struct open_how how;
		unsigned char rest[16];
	} how = { .how = { .flags = O_RDONLY } };
	struct flock lock = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
	int fd = -1;
	const unsigned char *text = secret_text(file, &fd);

	if (!text)
		return 1;
	memcpy(&lock.l_start, text, 16);
	memcpy(handle.bytes, text, 16);
	memcpy(how.rest, text, 16);
	syscall(SYS_fcntl, fd, F_SETLK, &lock);
	syscall(SYS_open_by_handle_at, -1, &handle, O_RDONLY);
	syscall(SYS_openat2, AT_FDCWD, file, &how, sizeof(how));
	return 0;
}

int main(int argc, char **argv)
{
	int fd;

	if (argc == 3 && !strcmp(argv[1], "--secret"))
		return secret(argv[2]);
	if (argc != 2 || chdir(argv[1]))
		return 2;
	fd = open("file", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, 4096))
		return 1;
	locks(fd);
	handles();
	vectors();
	hows();
	waiters();
	ids();
	return 0;
}
