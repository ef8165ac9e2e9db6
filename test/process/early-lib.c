/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A library whose constructor uses files before the shim's constructor has
 * run (glibc initialises a program's own libraries before a preloaded
 * one), as libselinux does with fopen("/proc/filesystems").
 */
#include <fcntl.h>
#include <unistd.h>

int early_fd = -1;

__attribute__((constructor)) static void early(void)
{
	early_fd = open("/tmp/tamago-early-probe", O_CREAT | O_RDWR, 0600);
	if (early_fd >= 0)
		write(early_fd, "early", 5);
}
