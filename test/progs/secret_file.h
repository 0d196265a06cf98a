/* SPDX-License-Identifier: GPL-2.0 */
/* Test programs' --secret mode: the secret file's first 16 bytes. */
#ifndef KTRACE_TEST_SECRET_FILE_H
#define KTRACE_TEST_SECRET_FILE_H

#include <fcntl.h>
#include <stddef.h>
#include <sys/mman.h>

/*
 * @file's first 16 bytes, mapped (not read: no read() buffer carries them),
 * or NULL; @fd, when not NULL, gets the open descriptor.
 */
static inline const unsigned char *secret_text(const char *file, int *fd)
{
	int f = open(file, O_RDONLY);
	const unsigned char *text;

	if (f < 0)
		return NULL;
	text = mmap(NULL, 16, PROT_READ, MAP_PRIVATE, f, 0);
	if (text == MAP_FAILED)
		return NULL;
	if (fd)
		*fd = f;
	return text;
}

#endif
