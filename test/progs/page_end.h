/* SPDX-License-Identifier: GPL-2.0 */
/* Test programs: memory that ends where an unmapped page begins. */
#ifndef KTRACE_TEST_PAGE_END_H
#define KTRACE_TEST_PAGE_END_H

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/*
 * @len zeroed bytes that end where an unmapped page begins, or NULL. Not a
 * PROT_NONE page: ptrace's PTRACE_PEEKDATA (strace's way where the kernel
 * lacks process_vm_readv, as the debug kernel does) reads those. Each at
 * its own fixed address far below where mmap() places mappings, so that no
 * later mapping (io_setup's ring, libc's) fills the hole. The addresses
 * look like mmap()'s (0x7e...), as the tests normalise them.
 */
static inline void *at_page_end(size_t len)
{
	static unsigned int n;
	long page = sysconf(_SC_PAGESIZE);
	char *want = (char *)0x7e0000000000UL + (n++) * 0x10000UL;
	char *p = mmap(want, 2 * page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (p != want || munmap(p + page, page))
		return NULL;
	memset(p + page - len, 0, len);
	return p + page - len;
}

#endif
