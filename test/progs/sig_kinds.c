// SPDX-License-Identifier: GPL-2.0
/*
 * Signals of every kind the strace view decodes, each delivered at a known
 * point: kill() (SI_USER), tgkill() (SI_TKILL), sigqueue() (SI_QUEUE), a
 * POSIX timer (SI_TIMER), setitimer() (SI_KERNEL), SIGCHLD of children that
 * exit 3, die of SIGKILL and of SIGSEGV (no core: RLIMIT_CORE 0). Signals are
 * blocked until the program unblocks them, so each is delivered on return
 * from that rt_sigprocmask(). For each, the program prints what its own
 * SA_SIGINFO handler was given, so a test can compare a tracer's
 * --- SIG... --- line with it:
 *   got signo=N code=N pid=N uid=N status=N utime=N stime=N int=N ptr=0xN addr=0xN timerid=N overrun=N
 * Exits 0.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got_count;
static int *volatile unmapped = (int *)0x10;
static siginfo_t got;

static void handler(int sig, siginfo_t *info, void *ctx)
{
	(void)sig;
	(void)ctx;
	got = *info;
	got_count++;
}

static void report(void)
{
	printf("got signo=%d code=%d pid=%d uid=%u status=%d utime=%ld stime=%ld int=%d ptr=%p addr=%p timerid=%d overrun=%d\n",
	       got.si_signo, got.si_code, got.si_pid, got.si_uid, got.si_status,
	       (long)got.si_utime, (long)got.si_stime, got.si_value.sival_int,
	       got.si_value.sival_ptr, got.si_addr, got.si_timerid,
	       got.si_overrun);
	fflush(stdout);
}

static void block(int sig, int how)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(how, &set, NULL);
}

/* Unblocks @sig, which is then delivered, and prints what the handler got. */
static void deliver(int sig)
{
	int before = got_count;

	block(sig, SIG_UNBLOCK);
	if (got_count == before) {
		fprintf(stderr, "signal %d was not delivered\n", sig);
		exit(1);
	}
	report();
	block(sig, SIG_BLOCK);
}

static void wait_pending(int sig)
{
	struct timespec ms = { 0, 1000000 };
	sigset_t pending;

	for (;;) {
		sigpending(&pending);
		if (sigismember(&pending, sig))
			return;
		nanosleep(&ms, NULL);
	}
}

static void child_then_sigchld(int how)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (how == SIGSEGV)
			*unmapped = 1;
		if (how == SIGKILL)
			pause();
		_exit(3);
	}
	if (how == SIGKILL)
		kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	deliver(SIGCHLD);
}

int main(void)
{
	struct rlimit nocore = { 0, 0 };
	struct sigaction sa;
	struct sigevent sev;
	struct itimerspec its;
	struct itimerval itv;
	timer_t timer;
	union sigval value;

	setrlimit(RLIMIT_CORE, &nocore);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	block(SIGUSR1, SIG_BLOCK);
	block(SIGCHLD, SIG_BLOCK);
	block(SIGALRM, SIG_BLOCK);

	kill(getpid(), SIGUSR1);
	deliver(SIGUSR1);
	syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1);
	deliver(SIGUSR1);
	memset(&value, 0, sizeof(value));
	value.sival_int = 42;
	sigqueue(getpid(), SIGUSR1, value);
	deliver(SIGUSR1);

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGALRM;
	sev.sigev_value.sival_int = 7;
	timer_create(CLOCK_MONOTONIC, &sev, &timer);
	memset(&its, 0, sizeof(its));
	its.it_value.tv_nsec = 1000000;
	timer_settime(timer, 0, &its, NULL);
	wait_pending(SIGALRM);
	deliver(SIGALRM);
	timer_delete(timer);

	memset(&itv, 0, sizeof(itv));
	itv.it_value.tv_usec = 1000;
	setitimer(ITIMER_REAL, &itv, NULL);
	wait_pending(SIGALRM);
	deliver(SIGALRM);

	child_then_sigchld(0);
	child_then_sigchld(SIGKILL);
	child_then_sigchld(SIGSEGV);
	return 0;
}
