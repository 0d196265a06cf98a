// SPDX-License-Identifier: GPL-2.0
/*
 * sched_setattr and sched_getattr with known arguments, for the sched_attr
 * test: the struct by its own size (0, below 48, 48 to 56, above 56 with
 * a zero and a nonzero rest, above a page), the size E2BIG writes back,
 * SCHED_FLAG_KEEP_* and unknown policies and flags (with a pid the kernel
 * refuses, so nothing changes), structs cut by an unmapped page.
 * --secret FILE: FILE's first 16 bytes as sched_runtime and
 * sched_deadline, for the adversarial test.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "page_end.h"
#include "secret_file.h"

struct attr {
	uint32_t size;
	uint32_t sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime;
	uint64_t sched_deadline;
	uint64_t sched_period;
	uint32_t sched_util_min;
	uint32_t sched_util_max;
	unsigned char rest[8];
};

/* @len bytes that end where an unmapped page begins. */
static long set(long pid, void *attr, unsigned long flags)
{
	return syscall(SYS_sched_setattr, pid, attr, flags);
}

static void getters(void)
{
	struct attr a = { 0 };

	syscall(SYS_sched_getattr, 0, &a, 48, 0);
	syscall(SYS_sched_getattr, 0, &a, 56, 0);
	syscall(SYS_sched_getattr, 0, at_page_end(48), 56, 0);
	syscall(SYS_sched_getattr, 0, NULL, 56, 0);
}

static void setters(void)
{
	struct attr a = { .size = 56 };
	struct attr *v0 = at_page_end(48);
	uint32_t *size = at_page_end(sizeof(*size));

	set(0, &a, 0);
	a.size = 0;
	set(0, &a, 0);
	a.size = 1;
	set(0, &a, 0);
	a.size = 47;
	set(0, &a, 0);
	a.size = 52;
	set(0, &a, 0);
	a.size = sizeof(a);
	set(0, &a, 0);
	a.rest[7] = 1;
	set(0, &a, 0);
	a.size = 4097;
	set(0, &a, 0);
	/* The first version at a page's end: strace reads its 48 bytes only. */
	v0->size = 48;
	set(0, v0, 0);
	v0->size = 56;
	set(0, v0, 0);
	*size = 1;
	set(0, size, 0);
	set(0, size + 1, 0);
	set(0, NULL, 0);
}

/* Pid -1: the kernel refuses them before reading the struct. */
static void bogus(void)
{
	struct attr a = {
		.size = 56,
		.sched_policy = 0xca7faced,
		.sched_flags = 0x87,
		.sched_nice = -20,
		.sched_priority = 99,
		.sched_runtime = 1000000,
		.sched_deadline = 2000000,
		.sched_period = 3000000,
		.sched_util_min = 100,
		.sched_util_max = 1024,
	};

	set(-1, &a, 0);
	a.sched_flags = 0xbadc0ded1057da80ULL;
	set(-1, &a, 0);
	a.size = 48;
	a.sched_policy = 0xdefaced;
	a.sched_flags = 0x8f;
	set(-1, &a, 0);
	a.sched_policy = 0xca7faced;
	set(-1, &a, 0);
	a.size = 56;
	a.sched_policy = 0xdefaced;
	a.sched_flags = 0xcaffee90;
	set(-1, &a, 0xdeadc0de);
	a.sched_policy = 2;
	a.sched_flags = 0x70;
	set(-1, &a, 0);
}

/*
 * FILE's first 16 bytes (mapped, so no read() carries them; copied to the
 * stack) as sched_runtime and sched_deadline of a struct the kernel
 * refuses: what a reader that may not trace this process must never
 * receive.
 */
static int secret(const char *file)
{
	struct attr a = { .size = 56 };
	const unsigned char *text = secret_text(file, NULL);

	if (!text)
		return 1;
	memcpy(&a.sched_runtime, text, 16);
	set(-1, &a, 0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--secret"))
		return secret(argv[2]);
	if (argc != 2 || chdir(argv[1]))
		return 2;
	getters();
	setters();
	bogus();
	return 0;
}
