// SPDX-License-Identifier: GPL-2.0
/* Makes syscalls with known numbers, arguments and results for the tests. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * Raw syscall() keeps libc from substituting calls (e.g. open -> openat),
 * so the expected sequence below is exact. The tests compare against it.
 */
int main(void)
{
	static const char msg[] = "abc";

	syscall(SYS_write, 1, msg, 3);
	syscall(SYS_openat, AT_FDCWD, "/nonexistent", O_RDONLY);
	syscall(SYS_getppid);
	syscall(SYS_close, -1);
	syscall(SYS_lseek, 0, 12345, 77);
	syscall(SYS_exit_group, 3);
	return 0;
}
