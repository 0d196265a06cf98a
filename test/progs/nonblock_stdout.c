// SPDX-License-Identifier: GPL-2.0
/*
 * Sets O_NONBLOCK on its stdout's open file description, then execs argv[1..]:
 * the host tests' way to give ktrace a non-blocking stdout, as a shell or a
 * pager sharing the pipe may leave it, so its writes meet EAGAIN.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int flags = fcntl(1, F_GETFL);

	if (argc < 2 || flags < 0 || fcntl(1, F_SETFL, flags | O_NONBLOCK) < 0) {
		perror("nonblock_stdout");
		return 127;
	}
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
