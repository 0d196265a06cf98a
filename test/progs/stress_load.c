// SPDX-License-Identifier: GPL-2.0
/*
 * Load generators for the concurrency stress (stress/src): each mode loops
 * until killed, in bursts with a 10 ms sleep between them so that a
 * system-wide reader on a 2-vCPU TCG guest can keep up.
 *
 *   stress_load syscalls    getppid, getuid, lseek and write to /dev/null
 *   stress_load forkexec PROG [ARG...]  fork, exec of PROG, wait
 *   stress_load signals     kill(self, SIGUSR1) with a handler, SIGUSR2 to a child
 *   stress_load net         UDP datagrams to itself over 127.0.0.1
 *   stress_load faults      mmap 16 pages, touch each, munmap
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BURST 10

static volatile sig_atomic_t handled;

static void on_signal(int sig)
{
	handled += sig;
}

static void pause_briefly(void)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

static int syscalls(void)
{
	int fd = open("/dev/null", O_WRONLY);
	char byte = 'x';
	int i;

	if (fd < 0)
		return 1;
	for (;;) {
		for (i = 0; i < BURST; i++) {
			getppid();
			getuid();
			lseek(fd, i, SEEK_SET);
			if (write(fd, &byte, 1) != 1)
				return 1;
		}
		pause_briefly();
	}
}

static int forkexec(char **argv)
{
	for (;;) {
		pid_t child = fork();
		int status;

		if (child < 0)
			return 1;
		if (child == 0) {
			execv(argv[0], argv);
			_exit(127);
		}
		if (waitpid(child, &status, 0) != child)
			return 1;
		pause_briefly();
	}
}

static int signals(void)
{
	pid_t child;
	int i;

	signal(SIGUSR1, on_signal);
	child = fork();
	if (child < 0)
		return 1;
	if (child == 0) {
		signal(SIGUSR2, on_signal);
		for (;;)
			pause();
	}
	for (;;) {
		for (i = 0; i < BURST / 5; i++) {
			kill(getpid(), SIGUSR1);
			kill(child, SIGUSR2);
		}
		pause_briefly();
	}
}

static int net(void)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	char buf[256];
	int fd, i;

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) ||
	    getsockname(fd, (struct sockaddr *)&addr, &len))
		return 1;
	memset(buf, 'n', sizeof(buf));
	for (;;) {
		for (i = 0; i < BURST / 5; i++) {
			if (sendto(fd, buf, 64 + i, 0, (struct sockaddr *)&addr,
				   sizeof(addr)) < 0 ||
			    recv(fd, buf, sizeof(buf), 0) < 0)
				return 1;
		}
		pause_briefly();
	}
}

static int faults(void)
{
	long page = sysconf(_SC_PAGESIZE);
	int i;

	for (;;) {
		char *p = mmap(NULL, 16 * page, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			return 1;
		for (i = 0; i < 16; i++)
			p[i * page] = (char)i;
		munmap(p, 16 * page);
		pause_briefly();
	}
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (!strcmp(mode, "syscalls"))
		return syscalls();
	if (!strcmp(mode, "forkexec") && argc > 2)
		return forkexec(argv + 2);
	if (!strcmp(mode, "signals"))
		return signals();
	if (!strcmp(mode, "net"))
		return net();
	if (!strcmp(mode, "faults"))
		return faults();
	fprintf(stderr, "usage: stress_load syscalls|forkexec PROG [ARG...]|signals|net|faults\n");
	return 2;
}
