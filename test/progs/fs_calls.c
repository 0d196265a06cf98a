// SPDX-License-Identifier: GPL-2.0
/* File, filesystem, memory, IPC and AIO syscalls with known arguments, for the fs struct tests. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <mqueue.h>
#include <stdint.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <time.h>
#include <limits.h>
#include <unistd.h>
#include <utime.h>

/* Zero-filled: its last byte stays the NUL. */
static char long_path[PATH_MAX + 904];

/* @len bytes (slashes: a path with no NUL) that end where an unmapped page begins. */
static const char *at_page_end(size_t len)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	munmap(p + page, page);
	memset(p + page - len, '/', len);
	return p + page - len;
}

/*
 * --secret FILE: FILE's first 16 bytes read by preadv (the bytes it
 * placed), written by writev, given to fsetxattr as a value and to
 * fsconfig as a string and as binary: what a reader that may not trace this
 * process must never receive.
 */
static int secret(const char *file)
{
	char text[17] = "";
	struct iovec iov = { text, sizeof(text) - 1 };
	int fd = open(file, O_RDONLY), null = open("/dev/null", O_WRONLY);

	if (fd < 0 || null < 0 || preadv(fd, &iov, 1, 0) != sizeof(text) - 1)
		return 1;
	writev(null, &iov, 1);
	fsetxattr(fd, "user.ktrace", text, sizeof(text) - 1, 0);
	syscall(SYS_fsconfig, -1, FSCONFIG_SET_STRING, "source", text, 0);
	syscall(SYS_fsconfig, -1, FSCONFIG_SET_BINARY, "data", text, 16);
	return 0;
}

int main(int argc, char **argv)
{
	struct timespec ts[2] = { { 1492358706, 123456789 }, { 0, UTIME_OMIT } };
	struct timeval tv[2] = { { 1492356708, 567891 }, { 1492357086, 678902 } };
	struct utimbuf ub = { 1492350678, 1492350678 };
	struct open_how how = { .flags = O_RDONLY, .resolve = RESOLVE_NO_SYMLINKS };
	struct mq_attr attr = { .mq_maxmsg = 2, .mq_msgsize = 16 };
	struct sembuf op = { 0, 1, SEM_UNDO };
	struct sembuf *tail;
	struct statfs sfs;
	int fds[2], file, copy, in, sem;
	loff_t off_in = 0, off_out = 2;
	aio_context_t ctx = 0;
	const char *path;
	mqd_t mq;
	long page = sysconf(_SC_PAGESIZE);

	if (argc == 3 && !strcmp(argv[1], "--secret"))
		return secret(argv[2]);
	if (argc < 2 || chdir(argv[1]))
		return 1;
	if (mknodat(AT_FDCWD, "fifo", S_IFIFO | 0600, 0) ||
	    syscall(SYS_mknod, "null", S_IFCHR | 0600, makedev(1, 3)))
		return 2;
	file = open("file", O_RDWR | O_CREAT | O_TRUNC, 0644);
	copy = open("copy", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (file < 0 || copy < 0 || write(file, "abcdefgh", 8) != 8 || pipe(fds))
		return 3;
	/* 3 file, 4 copy, 5 and 6 the pipe. */
	statfs("/proc", &sfs);
	fstatfs(file, &sfs);
	syscall(SYS_utimensat, AT_FDCWD, "file", ts, 0);
	syscall(SYS_utimes, "file", tv);
	syscall(SYS_utime, "file", &ub);
	syscall(SYS_futimesat, AT_FDCWD, "file", NULL);
	fallocate(file, FALLOC_FL_KEEP_SIZE, 0, 4096);
	if (write(fds[1], "wxyz", 4) != 4)
		return 4;
	splice(fds[0], NULL, copy, &off_out, 4, SPLICE_F_MOVE);
	copy_file_range(file, &off_in, copy, &off_out, 4, 0);
	sync_file_range(file, 0, 8, SYNC_FILE_RANGE_WRITE);
	readahead(file, 0, 8);
	in = syscall(SYS_openat2, AT_FDCWD, "file", &how, sizeof(how));
	close(in);
	in = inotify_init1(IN_CLOEXEC);
	inotify_rm_watch(in, inotify_add_watch(in, "file", IN_MODIFY | IN_CLOSE_WRITE));
	close(in);
	lsetxattr("file", "user.ktrace", "v\0x", 3, XATTR_CREATE);
	getxattr("file", "user.none", NULL, 0);
	syscall(SYS_membarrier, 0, 0);
	mlock(&sfs, sizeof(sfs));
	munlock(&sfs, sizeof(sfs));
	syscall(SYS_mlock2, &sfs, sizeof(sfs), MLOCK_ONFAULT);
	munlock(&sfs, sizeof(sfs));
	sem = semget(IPC_PRIVATE, 1, 0600);
	syscall(SYS_semop, sem, &op, 1);
	/* Two operations of which only the first is readable. */
	tail = (struct sembuf *)((char *)at_page_end(sizeof(op)));
	if (tail) {
		memcpy(tail, &op, sizeof(op));
		syscall(SYS_semop, sem, tail, 2);
	}
	semctl(sem, 0, IPC_RMID);
	mq = mq_open("/ktrace-fs-calls", O_RDWR | O_CREAT, 0600, &attr);
	mq_getattr(mq, &attr);
	mq_unlink("/ktrace-fs-calls");
	syscall(SYS_io_setup, 1, &ctx);
	syscall(SYS_io_destroy, ctx);
	{
		static char dirents[4096];
		char head[4], tail[8];
		struct iovec out[2] = { { "ab", 2 }, { "cde", 3 } };
		struct iovec in[2] = { { head, sizeof(head) }, { tail, sizeof(tail) } };
		int dir;

		writev(copy, out, 2);
		preadv(file, in, 2, 0);
		dir = open(".", O_RDONLY | O_DIRECTORY);
		syscall(SYS_getdents64, dir, dirents, sizeof(dirents));
		close(dir);
	}
	/* Paths the kernel cannot read to their end: printed as their addresses. */
	path = at_page_end(page - 1);
	if (path)
		chdir(path);
	path = at_page_end(100);
	if (path)
		chdir(path);
	/* fsconfig's key and value by command (-1: EBADF, after the arguments). */
	syscall(SYS_fsconfig, -1, FSCONFIG_SET_STRING, "source", "none", 0);
	syscall(SYS_fsconfig, -1, FSCONFIG_SET_BINARY, "data", "\1\2\3", 3);
	syscall(SYS_fsconfig, -1, FSCONFIG_SET_PATH, "source", "/dev/null",
		AT_FDCWD);
	syscall(SYS_fsconfig, -1, FSCONFIG_SET_FLAG, "ro", NULL, 0);
	syscall(SYS_fsconfig, -1, FSCONFIG_CMD_CREATE, NULL, NULL, 0);
	/*
	 * Long paths (last: they leave the directory): the longest the kernel
	 * takes, whole (4095 bytes), and a longer one, its first 4095 bytes.
	 */
	memset(long_path, '/', PATH_MAX - 1);
	long_path[PATH_MAX - 1] = '\0';
	chdir(long_path);
	memset(long_path, '/', sizeof(long_path) - 1);
	chdir(long_path);
	return 0;
}
