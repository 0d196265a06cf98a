// SPDX-License-Identifier: GPL-2.0
/* Credential, scheduling, timer and signal syscalls with known values, for the process-struct VM test. */
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

/* The kernel's struct sigaction on x86-64. */
struct kernel_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

struct kernel_itimerspec {
	struct timespec interval, value;
};

static void on_usr1(int sig)
{
	(void)sig;
}

static void restorer(void)
{
	syscall(SYS_rt_sigreturn);
}

static uint64_t bit(int sig)
{
	return 1ULL << (sig - 1);
}

/*
 * --secret FILE: the first 8 bytes of FILE as the blocked signal mask: given
 * to rt_sigprocmask, returned as its old mask, and restored by the
 * rt_sigreturn of a handled signal. What a reader that may not trace this
 * process must never receive.
 */
static int secret(const char *file)
{
	struct kernel_sigaction act = { on_usr1, 0x04000000, restorer, 0 };
	uint64_t mask, old;
	int fd;

	fd = open(file, O_RDONLY);
	if (fd < 0 || read(fd, &mask, sizeof(mask)) != sizeof(mask))
		return 1;
	if (mask & bit(SIGUSR1))
		return 1;
	syscall(SYS_rt_sigaction, SIGUSR1, &act, NULL, 8);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &mask, NULL, 8);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &old, 8);
	syscall(SYS_kill, getpid(), SIGUSR1);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int r, e, s, cpu, node;
	struct itimerval zero_it = { { 0, 0 }, { 0, 0 } }, old_it;
	struct kernel_itimerspec its = { { 1, 2 }, { 3, 4 } }, zero_its, got;
	struct kernel_sigaction act = { on_usr1, 0x04000000, restorer, 0 };
	uint64_t set, old, mask = 0;
	struct timespec now = { 0, 0 };
	struct sched_param param;
	struct timeval tv;
	struct timezone tz;
	unsigned int groups[2] = { 0, 1 };
	unsigned char info[128];
	struct tms tms;
	void *head;
	size_t len;
	time_t t;
	int tfd;

	if (argc == 3 && !strcmp(argv[1], "--secret"))
		return secret(argv[2]);
	syscall(SYS_getresuid, &r, &e, &s);
	syscall(SYS_setresgid, -1, -1, -1);
	syscall(SYS_setgroups, 2, groups);
	syscall(SYS_sched_getparam, 0, &param);
	syscall(SYS_sched_getscheduler, 0);
	syscall(SYS_sched_get_priority_max, SCHED_FIFO);
	syscall(SYS_sched_getaffinity, 0, sizeof(mask), &mask);
	syscall(SYS_getcpu, &cpu, &node, NULL);
	syscall(SYS_get_robust_list, 0, &head, &len);
	syscall(SYS_alarm, 0);
	syscall(SYS_setitimer, ITIMER_REAL, &zero_it, &old_it);
	memset(&zero_its, 0, sizeof(zero_its));
	tfd = syscall(SYS_timerfd_create, CLOCK_MONOTONIC, 02000000 | 04000);
	syscall(SYS_timerfd_settime, tfd, 0, &its, NULL);
	syscall(SYS_timerfd_settime, tfd, 0, &zero_its, NULL);
	syscall(SYS_timerfd_gettime, tfd, &got);
	syscall(SYS_time, &t);
	syscall(SYS_times, &tms);
	syscall(SYS_gettimeofday, &tv, &tz);
	/* USR2 blocked and sent: pending, then taken by sigtimedwait. */
	set = bit(SIGUSR2);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &old, 8);
	syscall(SYS_kill, getpid(), SIGUSR2);
	syscall(SYS_rt_sigpending, &set, 8);
	syscall(SYS_rt_sigpending, &set, 4);
	syscall(SYS_rt_sigtimedwait, &set, info, &now, 8);
	set = bit(SIGUSR2) | bit(SIGCHLD);
	syscall(SYS_signalfd4, -1, &set, 8, 02000000 | 04000);
	/* A handled USR1 with CHLD blocked: its rt_sigreturn restores [CHLD USR2]. */
	syscall(SYS_rt_sigaction, SIGUSR1, &act, NULL, 8);
	set = bit(SIGCHLD);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8);
	syscall(SYS_kill, getpid(), SIGUSR1);
	return 0;
}
