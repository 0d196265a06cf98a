// SPDX-License-Identifier: GPL-2.0
/*
 * USDT probes (<sys/sdt.h>) with every operand form ktrace records, fired
 * with known values. `usdt_probes N` fires each probe N times (i = 0..N-1)
 * and prints how often the semaphore-guarded probe saw its semaphore set.
 * `usdt_probes --watch` prints the semaphore whenever it changes, firing
 * ktest:sema while it is set, until stdin reaches EOF.
 *
 * ktest:regs   -4@%edi 8@%rsi -2@%dx 1@%cl -1@%ah: -(i+1), 0xfedcba9876543210+i, -300, 200, -2
 * ktest:imm    -4@$-17 8@$0x123456789 1@$255
 * ktest:mem    -8@8(%rdi) 2@-2(%rsi) -1@(%rdi): mem[1]=-(i+1000), 0xbeef, low byte of mem[0]=0x7f
 * ktest:index  -4@4(%rdi,%rcx,4) 8@(%rsi,%rdx) 4@-4(%rdi,%rcx,8)
 * ktest:str    8@%rdi 8@%rsi 8@%rdx: an untouched file page's string, "touched", i
 * ktest:sema   -4@%edi (C probe, guarded by its semaphore): i
 */
#define _GNU_SOURCE
#define _SDT_HAS_SEMAPHORES 1
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sdt.h>
#include <unistd.h>

#define SEMA(name) __attribute__((section(".probes"))) volatile unsigned short ktest_##name##_semaphore
SEMA(regs);
SEMA(imm);
SEMA(mem);
SEMA(index);
SEMA(str);
SEMA(sema);

#define UNTOUCHED "a string on a page never touched before the probe"

/* A file-backed page mapped but not yet faulted in by this process. */
static const char *untouched_page(void)
{
	char path[] = "/tmp/usdt_probes.XXXXXX";
	static char page[8192];
	int fd = mkstemp(path);
	void *map;

	if (fd < 0)
		return NULL;
	unlink(path);
	memset(page, 'x', sizeof(page));
	memcpy(page + 4096, UNTOUCHED, sizeof(UNTOUCHED));
	if (write(fd, page, sizeof(page)) != sizeof(page))
		return NULL;
	map = mmap(NULL, sizeof(page), PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	return map == MAP_FAILED ? NULL : (const char *)map + 4096;
}

static void fire(long i, const char *fresh)
{
	int64_t mem[2] = { 0x7f, -(i + 1000) };
	uint16_t words[2] = { 0xbeef, 0 };
	int32_t ints[8] = { 0, 0, 0, 0, 0, 0, 0, 0 };
	uint64_t qwords[4] = { 0, 0, 0, 0 };

	ints[3] = -(int32_t)i - 5;	/* 4(%rdi,%rcx,4) and -4(%rdi,%rcx,8), rcx = 2 */
	qwords[1] = 0x1122334455667788ull + i;	/* (%rsi,%rdx) with rdx = 8 */

	__asm__ __volatile__(STAP_PROBE_ASM(ktest, regs, -4@%%edi 8@%%rsi -2@%%dx 1@%%cl -1@%%ah)
			     : : "D"((int32_t)-(i + 1)), "S"(0xfedcba9876543210ull + i),
			       "d"((int16_t)-300), "c"((uint8_t)200), "a"(0xfe00) : "memory");
	__asm__ __volatile__(STAP_PROBE_ASM(ktest, imm, -4@$-17 8@$0x123456789 1@$255));
	__asm__ __volatile__(STAP_PROBE_ASM(ktest, mem, -8@8(%%rdi) 2@-2(%%rsi) -1@(%%rdi))
			     : : "D"(mem), "S"((char *)words + 2) : "memory");
	__asm__ __volatile__(STAP_PROBE_ASM(ktest, index, -4@4(%%rdi,%%rcx,4) 8@(%%rsi,%%rdx) 4@-4(%%rdi,%%rcx,8))
			     : : "D"(ints), "c"(2L), "S"(qwords), "d"(8L) : "memory");
	__asm__ __volatile__(STAP_PROBE_ASM(ktest, str, 8@%%rdi 8@%%rsi 8@%%rdx)
			     : : "D"(fresh), "S"("touched"), "d"(i) : "memory");
}

static long fire_sema(long i)
{
	if (!ktest_sema_semaphore)
		return 0;
	STAP_PROBE1(ktest, sema, (int)i);
	return 1;
}

static int watch(void)
{
	unsigned short last = 0xffff;
	long i = 0;
	int fl = fcntl(0, F_GETFL);

	fcntl(0, F_SETFL, fl | O_NONBLOCK);
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (;;) {
		unsigned short now = ktest_sema_semaphore;
		char c;

		if (now != last) {
			printf("sema=%u\n", now);
			last = now;
		}
		fire_sema(i++);
		if (read(0, &c, 1) == 0)
			return 0;
		usleep(2000);
	}
}

int main(int argc, char **argv)
{
	const char *fresh;
	long n, i, sema_fired = 0;

	if (argc > 1 && !strcmp(argv[1], "--watch"))
		return watch();
	n = argc > 1 ? atol(argv[1]) : 1;
	fresh = untouched_page();
	if (!fresh)
		return 1;
	for (i = 0; i < n; i++) {
		fire(i, fresh);
		sema_fired += fire_sema(i);
	}
	printf("sema_fired=%ld\n", sema_fired);
	return 0;
}
