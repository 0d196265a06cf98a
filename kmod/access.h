/* SPDX-License-Identifier: GPL-2.0 */
/* Who may see whose records: identities, visibility masks, paranoid levels. */
#ifndef KT_ACCESS_H
#define KT_ACCESS_H

#include <linux/types.h>

struct cred;
struct task_struct;

/*
 * Who may see whose records (access.c). Unprivileged readers with equal
 * credentials share an identity slot; a record carries in KT_F_VIS the
 * slots of started readers that may read its task, as ptrace would let
 * them (PTRACE_MODE_READ_REALCREDS).
 */
#define KT_MAX_IDENTS 64
int kt_ident_get(const struct cred *cred);
void kt_ident_put(int slot);
extern u64 kt_vis_active;	/* written under kt_readers_lock */
u64 kt_vis_mask(struct task_struct *task);
bool kt_may_read(const struct cred *rc, struct task_struct *task);
int kt_access_check_events(bool privileged, u64 events);
int kt_access_paranoid(void);
void kt_access_init(void);
extern u64 kt_own_events;	/* per-process families */

#endif /* KT_ACCESS_H */
