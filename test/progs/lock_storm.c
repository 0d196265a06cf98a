// SPDX-License-Identifier: GPL-2.0
/*
 * Contends one mutex for test/vm/events-sched-lock.test.ts: W processes
 * share one open file description of FILE and read() it in 4 KiB steps
 * (back to the start at its end) for MS milliseconds. read() on a shared
 * file description holds the file's f_pos_lock mutex for the whole call,
 * which on a 9p file waits for the host, so the others contend it even on
 * a single CPU. The workers start together once all are forked, however
 * slow forking is. Prints "worker <pid>" for each. Usage: lock_storm FILE W MS.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	int workers, i, status, fd, start[2];
	char line[32], buf[4096];
	long end;
	ssize_t n;
	pid_t pid;

	if (argc != 4)
		return 2;
	workers = atoi(argv[2]);
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || pipe(start) < 0)
		return 10;
	for (i = 0; i < workers; i++) {
		pid = fork();
		if (pid < 0)
			return 11;
		if (pid == 0) {
			/* End of file once the parent closed the pipe: all are forked. */
			close(start[1]);
			if (read(start[0], line, 1) != 0)
				_exit(22);
			end = now_ms() + atol(argv[3]);
			while (now_ms() < end) {
				n = read(fd, buf, sizeof(buf));
				if (n < 0)
					_exit(20);
				if (n == 0 && lseek(fd, 0, SEEK_SET) != 0)
					_exit(21);
			}
			_exit(0);
		}
		snprintf(line, sizeof(line), "worker %d\n", pid);
		if (write(1, line, strlen(line)) < 0)
			return 12;
	}
	close(start[1]);
	for (i = 0; i < workers; i++)
		if (wait(&status) < 0 || status != 0)
			return 13;
	return 0;
}
