/* SPDX-License-Identifier: GPL-2.0 */
/* File operations: the no_llseek stub older kernels want for unseekable files. */
#ifndef KT_WRAPPER_FS_H
#define KT_WRAPPER_FS_H

#include <linux/fs.h>

/*
 * 6.12 removed no_llseek: stream_open() alone marks a file unseekable.
 * KT_HAVE_NO_LLSEEK: Kbuild found it (a function, or NULL in late 6.1.y)
 * in the kernel's <linux/fs.h>.
 * Use as a file_operations initializer: KT_FOPS_NO_LLSEEK.
 */
#ifdef KT_HAVE_NO_LLSEEK
#define KT_FOPS_NO_LLSEEK .llseek = no_llseek,
#else
#define KT_FOPS_NO_LLSEEK
#endif

#endif /* KT_WRAPPER_FS_H */
