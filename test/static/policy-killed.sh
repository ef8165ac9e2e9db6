#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# No row of the filter's table names a call of the killed class: those
# must meet the default action (kill-process), whatever the arguments;
# the set*id family only with the rules that allow a call changing no id.
#   policy-killed.sh POLICY_C
set -u
names=$(grep -oE '(ALLOW|TRAP|ERRNO|RULES)\("[a-z0-9_]+"' "$1" |
	sed 's/.*("//; s/"$//' | sort -u)
[ -n "$names" ] || { echo "FAIL: no names read from $1"; exit 1; }
fail=0
for k in io_uring_setup io_uring_enter io_uring_register ptrace \
	process_vm_readv process_vm_writev process_madvise pidfd_open \
	pidfd_getfd pidfd_send_signal kcmp bpf perf_event_open userfaultfd \
	mount umount umount2 fsopen fsconfig fsmount fspick move_mount \
	open_tree mount_setattr unshare setns chroot pivot_root keyctl \
	add_key request_key kexec_load kexec_file_load init_module \
	finit_module delete_module fanotify_init fanotify_mark \
	name_to_handle_at open_by_handle_at shmget shmat shmctl shmdt \
	semget semop semctl semtimedop msgget msgsnd msgrcv msgctl mq_open \
	mq_unlink mq_timedsend mq_timedreceive mq_notify mq_getsetattr \
	syslog acct swapon swapoff reboot quotactl quotactl_fd iopl ioperm \
	settimeofday clock_settime adjtimex clock_adjtime sethostname \
	setdomainname vhangup inotify_add_watch setgroups capset \
	landlock_create_ruleset landlock_add_rule landlock_restrict_self \
	mbind set_mempolicy migrate_pages move_pages lookup_dcookie; do
	if echo "$names" | grep -qx "$k"; then
		echo "FAIL: the table names $k, which must be killed"
		fail=1
	fi
done
# The set*id family appears only with the rules that let through a call
# changing no id (each id -1 or the process's own); any other is killed.
for k in setuid setgid setreuid setregid setresuid setresgid setfsuid \
	setfsgid; do
	for n in $k ${k}32; do
		grep -qE "RULES\(\"$n\", rules_[ug]id[123]," "$1" &&
			continue
		if echo "$names" | grep -qx "$n"; then
			echo "FAIL: the table names $n without the same-id rules"
			fail=1
		fi
	done
done
echo "$(echo "$names" | wc -l) rows checked"
exit $fail
