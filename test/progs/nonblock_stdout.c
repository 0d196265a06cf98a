// SPDX-License-Identifier: GPL-2.0
/*
 * Sets O_NONBLOCK on the open file descriptions of its stdout and stderr,
 * then execs argv[1..]: the host tests' way to give ktrace non-blocking
 * outputs, as a shell or a pager sharing the pipe may leave them, so its
 * writes meet EAGAIN.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static int set_nonblock(int fd)
{
	int flags = fcntl(fd, F_GETFL);

	return flags < 0 ? -1 : fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

int main(int argc, char **argv)
{
	if (argc < 2 || set_nonblock(1) < 0 || set_nonblock(2) < 0) {
		perror("nonblock_stdout");
		return 127;
	}
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
