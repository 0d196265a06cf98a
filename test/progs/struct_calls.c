// SPDX-License-Identifier: GPL-2.0
/* Syscalls whose struct arguments hold known values, for the struct tests. */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The kernel's struct sigaction on x86-64. */
struct kernel_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

static void on_usr2(int sig)
{
	(void)sig;
}

static void restorer(void)
{
	syscall(SYS_rt_sigreturn);
}

/*
 * --secret FILE: the first 16 bytes of FILE as the struct rlimit given to
 * prlimit64 and read back by getrlimit, and FILE's struct stat: what a
 * reader that may not trace this process must never receive.
 */
static int secret(const char *file)
{
	struct rlimit lim, got;
	struct stat st;
	int fd;

	fd = open(file, O_RDONLY);
	if (fd < 0 || read(fd, &lim, sizeof(lim)) != sizeof(lim))
		return 1;
	syscall(SYS_prlimit64, 0L, (long)RLIMIT_CORE, &lim, NULL);
	syscall(SYS_getrlimit, (long)RLIMIT_CORE, &got);
	syscall(SYS_fstat, (long)fd, &st);
	return 0;
}

/*
 * Raw syscall() keeps libc from substituting calls (stat -> newfstatat,
 * getrlimit -> prlimit64). test/vm/structs.test.ts expects these lines, in
 * this order; argv[1] is a directory the program may create a file in.
 */
int main(int argc, char **argv)
{
	struct timespec nap = { 0, 1000 }, res;
	struct rlimit set = { 1024, 512 * 1024 }, got;
	uint64_t block = 1UL << (SIGUSR1 - 1) | 1UL << (SIGTERM - 1), old;
	struct kernel_sigaction act = {
		on_usr2, 0x04000000UL | SA_RESTART, restorer, 1UL << (SIGINT - 1)
	}, oldact;
	struct rusage usage;
	struct utsname uts;
	struct sysinfo info;
	struct pollfd pfd;
	struct stat st;
	int fds[2], fd, status;
	pid_t child;

	if (argc == 3 && !strcmp(argv[1], "--secret"))
		return secret(argv[2]);
	if (argc < 2 || chdir(argv[1]))
		return 1;
	fd = syscall(SYS_openat, (long)AT_FDCWD, "struct_file",
		     (long)(O_CREAT | O_TRUNC | O_WRONLY), 0640L);
	if (fd < 0 || fchmod(fd, 0640) || ftruncate(fd, 1234))
		return 2;
	syscall(SYS_stat, "struct_file", &st);
	syscall(SYS_fstat, (long)fd, &st);
	syscall(SYS_lstat, "struct_file", &st);
	syscall(SYS_newfstatat, (long)AT_FDCWD, "struct_file", &st, 0L);
	syscall(SYS_stat, "no_such_file", &st);
	close(fd);

	syscall(SYS_pipe2, fds, (long)O_CLOEXEC);
	syscall(SYS_setrlimit, (long)RLIMIT_NOFILE, &set);
	syscall(SYS_getrlimit, (long)RLIMIT_NOFILE, &got);
	syscall(SYS_prlimit64, 0L, (long)RLIMIT_NOFILE, NULL, &got);
	syscall(SYS_nanosleep, &nap, NULL);
	syscall(SYS_clock_getres, (long)CLOCK_MONOTONIC, &res);
	syscall(SYS_uname, &uts);
	syscall(SYS_sysinfo, &info);
	syscall(SYS_clock_gettime, (long)CLOCK_REALTIME, &res);
	syscall(SYS_rt_sigprocmask, (long)SIG_BLOCK, &block, &old, 8L);
	syscall(SYS_rt_sigprocmask, (long)SIG_SETMASK, &old, NULL, 8L);
	syscall(SYS_rt_sigaction, (long)SIGUSR2, &act, &oldact, 8L);
	syscall(SYS_getrusage, (long)RUSAGE_SELF, &usage);

	if (write(fds[1], "x", 1) != 1)
		return 3;
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	pfd.revents = 0;
	syscall(SYS_poll, &pfd, 1L, 0L);

	child = fork();
	if (child == 0)
		syscall(SYS_exit_group, 3L);
	syscall(SYS_wait4, (long)child, &status, 0L, NULL);
	child = fork();
	if (child == 0)
		syscall(SYS_exit_group, 0L);
	syscall(SYS_wait4, (long)child, &status, 0L, &usage);
	unlink("struct_file");
	syscall(SYS_exit_group, 0L);
	return 0;
}
