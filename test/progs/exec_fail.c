// SPDX-License-Identifier: GPL-2.0
/*
 * Failed execs whose environment is NULL or unreadable, then a call after
 * them. argv's string is on the stack: a string on a page nothing touched
 * yet is not readable without faulting, at the entry nor, when the kernel
 * fails before copying argv (6.12: the path first), at the exit.
 *
 * Then execs whose argv and envp hold pointers that cannot be read, as
 * strace's execve and execveat tests make them (issue 18): arrays that end
 * at an unmapped page, with strings on the page before it (written, so
 * present), at a fixed address so that both tracers print the same one.
 *
 * --secret FILE: FILE's first 16 bytes as an argv string after an
 * unreadable entry (only the argv_v field carries it), what a reader that
 * may not trace this process must never receive.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE 4096
#define BASE ((char *)0x10000000)

/* A page at BASE, the one after it unmapped; NULL when it cannot be had. */
static char *page_before_hole(void)
{
	char *p = mmap(BASE, 2 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (p != BASE || munmap(p + PAGE, PAGE))
		return NULL;
	return p;
}

static int secret(const char *file)
{
	char *page = page_before_hole(), **args;
	const char *text;
	int fd = open(file, O_RDONLY);

	if (!page || fd < 0)
		return 1;
	text = mmap(NULL, 16, PROT_READ, MAP_PRIVATE, fd, 0);
	if (text == MAP_FAILED)
		return 1;
	memcpy(page, text, 16);
	args = (char **)(page + PAGE) - 3;
	args[0] = (char *)-1L;
	args[1] = page;
	args[2] = NULL;
	syscall(SYS_execve, "/nonexistent/s", args, NULL);
	return 0;
}

int main(int argc, char **argv)
{
	char x[] = "x";
	char *const xargv[] = { x, NULL };
	char *page, **tail, **mixed;

	if (argc == 3 && !strcmp(argv[1], "--secret"))
		return secret(argv[2]);
	syscall(SYS_execve, "/nonexistent/a", xargv, NULL);
	syscall(SYS_execve, "/nonexistent/b", xargv, (char *const *)-1L);
	syscall(SYS_execveat, AT_FDCWD, "/nonexistent/c", xargv, NULL, 0);
	syscall(SYS_execveat, AT_FDCWD, "/nonexistent/d", NULL, (char *const *)-1L, 0);
	syscall(SYS_getppid);

	page = page_before_hole();
	if (!page)
		return 1;
	strcpy(page, "e");
	strcpy(page + 16, "first");
	strcpy(page + 32, "012345678901234567890123456789012");
	strcpy(page + 80, "12345678901234567890123456789012");
	/* argv, unterminated: two strings, three unreadable ones. */
	tail = (char **)(page + PAGE) - 5;
	tail[0] = page;
	tail[1] = page + 16;
	tail[2] = (char *)-1L;
	tail[3] = (char *)-2L;
	tail[4] = (char *)-3L;
	syscall(SYS_execve, "/nonexistent/e", tail, tail + 1);
	syscall(SYS_execveat, AT_FDCWD, "/nonexistent/f", tail + 5, NULL, 0);
	/* Strings after an unreadable entry; one cut at -s, one as long. */
	mixed = (char **)(page + 1024);
	mixed[0] = page;
	mixed[1] = (char *)-1L;
	mixed[2] = page + 32;
	mixed[3] = page + 80;
	mixed[4] = NULL;
	syscall(SYS_execve, "/nonexistent/g", mixed, tail + 1);
	syscall(SYS_getppid);
	return 0;
}
