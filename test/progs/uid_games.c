// SPDX-License-Identifier: GPL-2.0
/*
 * What an unprivileged user's process can do to its credentials, for the
 * adversarial isolation test (test/vm/isolation-adversarial.test.ts). Run
 * as a setuid-root copy by uid 1000 (real uid 1000, effective uid 0).
 *
 *   uid_games toggle N   N rounds of seteuid(0), geteuid() twice,
 *                        seteuid(real uid), geteuid() twice, while a second
 *                        thread calls geteuid() in a loop, racing the
 *                        switches (glibc applies seteuid to every thread);
 *                        each switch waits for two of the racer's calls,
 *                        so the racer surely runs under both uids
 *   uid_games euid N     geteuid() N times
 *
 * Prints one JSON line: how many geteuid() calls returned 0 (made as root:
 * a uid-1000 reader must see none of them) and how many returned the real uid.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static atomic_int stop;
static atomic_long racer_calls;
static long racing_root, racing_own;

/* The raw syscall: glibc must not answer from a cache. */
static uid_t euid_now(void)
{
	return (uid_t)syscall(SYS_geteuid);
}

static void *racer(void *arg)
{
	uid_t own = *(uid_t *)arg;

	while (!atomic_load(&stop)) {
		uid_t e = euid_now();

		if (e == 0)
			racing_root++;
		else if (e == own)
			racing_own++;
		atomic_fetch_add(&racer_calls, 1);
	}
	return NULL;
}

/*
 * Until the racer has begun and ended a call under the uid just set: a call
 * that was under way at the switch may have read the old one.
 */
static void let_racer_run(void)
{
	long seen = atomic_load(&racer_calls);

	while (atomic_load(&racer_calls) < seen + 2)
		sched_yield();
}

static int toggle(long rounds)
{
	uid_t own = getuid();
	long root_calls = 0, own_calls = 0, i;
	pthread_t thread;
	int k;

	if (geteuid() != 0 || own == 0) {
		fprintf(stderr, "uid_games: run a setuid-root copy as a user\n");
		return 2;
	}
	if (pthread_create(&thread, NULL, racer, &own))
		return 1;
	for (i = 0; i < rounds; i++) {
		if (seteuid(0))
			return 1;
		let_racer_run();
		for (k = 0; k < 2; k++)
			root_calls += euid_now() == 0;
		if (seteuid(own))
			return 1;
		let_racer_run();
		for (k = 0; k < 2; k++)
			own_calls += euid_now() == own;
	}
	atomic_store(&stop, 1);
	pthread_join(thread, NULL);
	printf("{\"rounds\":%ld,\"root_calls\":%ld,\"own_calls\":%ld,\"racing_root\":%ld,\"racing_own\":%ld}\n",
	       rounds, root_calls, own_calls, racing_root, racing_own);
	return 0;
}

static int euid_calls(long n)
{
	uid_t e = 0;
	long i;

	for (i = 0; i < n; i++)
		e = euid_now();
	printf("{\"euid\":%u,\"calls\":%ld}\n", (unsigned int)e, n);
	return 0;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 100;

	if (argc > 1 && !strcmp(argv[1], "toggle"))
		return toggle(n);
	if (argc > 1 && !strcmp(argv[1], "euid"))
		return euid_calls(n);
	fprintf(stderr, "usage: uid_games toggle|euid N\n");
	return 2;
}
