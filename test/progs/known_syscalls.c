// SPDX-License-Identifier: GPL-2.0
/* Makes syscalls with known numbers, arguments and results for the tests. */
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * Raw syscall() keeps libc from substituting calls (e.g. open -> openat),
 * and every argument is a long so the registers hold exactly these values.
 * test/vm/module-core.test.ts expects this sequence, after the write.
 */
int main(void)
{
	static const char msg[] = "abc";

	syscall(SYS_write, 1L, msg, 3L);
	syscall(SYS_openat, (long)AT_FDCWD, "/nonexistent", (long)O_RDONLY);
	syscall(SYS_getppid);
	syscall(SYS_close, -1L);
	syscall(SYS_lseek, 0L, 12345L, 77L);
	syscall(SYS_exit_group, 3L);
	return 0;
}
