// SPDX-License-Identifier: GPL-2.0
/*
 * Installs a SIGUSR1 handler (and ignores SIGUSR2), prints
 * "pid <pid> handler 0x<addr> flags 0x<sa_flags>" with the flags as the
 * kernel keeps them (read back with sigaction), waits for SIGUSR1 and exits
 * 0 from the main line once the handler ran. For test/vm/events-proc.test.ts.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
	got = sig;
}

int main(void)
{
	struct sigaction sa, now;
	sigset_t block, wait_mask;
	char line[128];
	int n;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) || sigaction(SIGUSR1, NULL, &now))
		return 10;
	signal(SIGUSR2, SIG_IGN);

	/* Block SIGUSR1 until sigsuspend, so it cannot arrive elsewhere. */
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &wait_mask);
	sigdelset(&wait_mask, SIGUSR1);

	n = snprintf(line, sizeof(line), "pid %d handler %p flags 0x%lx\n", getpid(),
		     (void *)now.sa_handler, (unsigned long)now.sa_flags);
	if (write(1, line, n) != n)
		return 11;
	while (!got)
		sigsuspend(&wait_mask);
	return got == SIGUSR1 ? 0 : 12;
}
