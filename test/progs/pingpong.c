// SPDX-License-Identifier: GPL-2.0
/*
 * Parent and child pinned to CPU 0 pass a byte back and forth through two
 * pipes K times, so the CPU goes from one to the other at least 2K times.
 * Prints "child <pid>". For test/vm/events-sched-lock.test.ts.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int to_child[2], to_parent[2], status;
	long k = argc > 1 ? strtol(argv[1], NULL, 0) : 100, i;
	char line[32], c = 0;
	cpu_set_t cpus;
	pid_t child;

	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	if (sched_setaffinity(0, sizeof(cpus), &cpus))
		return 10;
	if (pipe(to_child) || pipe(to_parent))
		return 11;
	child = fork();
	if (child < 0)
		return 12;
	if (child == 0) {
		for (i = 0; i < k; i++)
			if (read(to_child[0], &c, 1) != 1 || write(to_parent[1], &c, 1) != 1)
				_exit(20);
		_exit(0);
	}
	snprintf(line, sizeof(line), "child %d\n", child);
	if (write(1, line, strlen(line)) < 0)
		return 13;
	for (i = 0; i < k; i++)
		if (write(to_child[1], &c, 1) != 1 || read(to_parent[0], &c, 1) != 1)
			return 14;
	if (waitpid(child, &status, 0) != child || status != 0)
		return 15;
	return 0;
}
