// SPDX-License-Identifier: GPL-2.0
/*
 * A fork/exec/exit chain with known pids for the process event tests
 * (test/vm/events-proc.test.ts). Usage: proc_chain EXEC_PATH
 *
 * Child A execs EXEC_PATH from its only thread. Child B creates a thread
 * that execs EXEC_PATH, so the exec replaces a non-leader thread (old_pid
 * is that thread's tid). Both wait to be reaped; the parent exits with 5.
 * Prints "A <pid>", "B <pid>" and "T <tid>" lines, each written before the
 * step it names.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *exec_path;

static void say(const char *what, long id)
{
	char line[64];
	int n = snprintf(line, sizeof(line), "%s %ld\n", what, id);

	if (write(1, line, n) != n)
		_exit(100);
}

static void run_exec(void)
{
	char *const argv[] = { (char *)exec_path, NULL };
	char *const envp[] = { NULL };

	execve(exec_path, argv, envp);
	_exit(101);
}

static void *exec_thread(void *arg)
{
	(void)arg;
	say("T", syscall(SYS_gettid));
	run_exec();
	return NULL;
}

static void wait_for(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		exit(102);
}

int main(int argc, char **argv)
{
	pthread_t thread;
	pid_t a, b;

	if (argc != 2)
		return 2;
	exec_path = argv[1];

	a = fork();
	if (a == 0)
		run_exec();
	say("A", a);
	wait_for(a);

	b = fork();
	if (b == 0) {
		if (pthread_create(&thread, NULL, exec_thread, NULL))
			_exit(103);
		pthread_join(thread, NULL); /* ended by the exec */
		_exit(104);
	}
	say("B", b);
	wait_for(b);
	return 5;
}
