/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Telling which of a program's fds are the file system's: by the kernel
 * inode number of the store object it is open on (store.c), so dup, dup2,
 * fork, exec and raw close all keep working without the shim seeing them;
 * and the devices of /dev by their device number.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>

#include "fs/internal.h"
#include "hooks/hooks.h"
#include "core/sys.h"

/*
 * Kernel inode number -> inode: open addressing in the arena, as the name
 * table (tree.c), so that growing it writes only the new table.
 */
#define SLOT_DEAD 1

static uint32_t kbucket(uint64_t kino, uint32_t mask)
{
	return (uint32_t)((kino * 0x9e3779b97f4a7c15ULL) >> 32) & mask;
}

static int kmap_grow(void)
{
	uint32_t size = fsh->kmap ? fsh->kmask + 1 : 0, i;
	uint32_t nsize = !size ? 256 : (fsh->kcount + 1) * 2 > size ?
				       size * 2 : size;
	aoff_t nt = arena_alloc(nsize * sizeof(aoff_t));
	struct fs_shared *w;
	aoff_t *t;

	if (!nt)
		return -ENOSPC;
	t = APTR_NEW(aoff_t, nt);
	for (i = 0; i < size; i++) {
		aoff_t ino = APTR(aoff_t, fsh->kmap)[i];
		uint32_t b;

		if (ino <= SLOT_DEAD)
			continue;
		b = kbucket(INO(ino)->kino, nsize - 1);
		while (t[b])
			b = (b + 1) & (nsize - 1);
		t[b] = ino;
	}
	if (size)
		arena_free(fsh->kmap, size * sizeof(aoff_t));
	w = FSH_W();
	w->kmap = nt;
	w->kmask = nsize - 1;
	w->kdead = 0;
	return 0;
}

/* The slot holding kino (*found), else where to put it. */
static uint32_t kprobe(uint64_t kino, aoff_t want, bool *found)
{
	const aoff_t *t = APTR(aoff_t, fsh->kmap);
	uint32_t b = kbucket(kino, fsh->kmask), free_slot = UINT32_MAX;

	for (;; b = (b + 1) & fsh->kmask) {
		if (!t[b])
			break;
		if (t[b] == SLOT_DEAD) {
			if (free_slot == UINT32_MAX)
				free_slot = b;
			continue;
		}
		if (want ? t[b] == want : INO(t[b])->kino == kino) {
			*found = true;
			return b;
		}
	}
	*found = false;
	return free_slot == UINT32_MAX ? b : free_slot;
}

aoff_t kmap_find(uint64_t kino)
{
	bool found;
	uint32_t b;

	if (!fsh->kmap)
		return 0;
	b = kprobe(kino, 0, &found);
	return found ? APTR(aoff_t, fsh->kmap)[b] : 0;
}

int kmap_add(aoff_t ino)
{
	bool found;
	uint32_t b;
	int r;

	if (!fsh->kmap ||
	    (fsh->kcount + fsh->kdead + 1) * 4 > (fsh->kmask + 1) * 3) {
		r = kmap_grow();
		if (r < 0)
			return r;
	}
	b = kprobe(INO(ino)->kino, ino, &found);
	if (found)
		return 0;
	if (APTR(aoff_t, fsh->kmap)[b] == SLOT_DEAD)
		FSH_FIELD_W(kdead)--;
	*ASLOT_W(fsh->kmap, b) = ino;
	FSH_FIELD_W(kcount)++;
	return 0;
}

void fd_map_remove(aoff_t ino)
{
	bool found;
	uint32_t b;

	if (!fsh->kmap || !INO(ino)->kino)
		return;
	b = kprobe(INO(ino)->kino, ino, &found);
	if (found) {
		*ASLOT_W(fsh->kmap, b) = SLOT_DEAD;
		FSH_FIELD_W(kcount)--;
		FSH_FIELD_W(kdead)++;
	}
	INO_W(ino)->kino = 0;
}

void fd_register_device(aoff_t ino)
{
	struct fs_shared *w = FSH_W();

	if (w->ndevices < MAX_DEVICES)
		w->devices[w->ndevices++] = ino;
}

/*
 * /dev/random and /dev/urandom when the random handler is not the
 * kernel's (TAMAGO_SEED, or a hooks library's): a memfd holding the
 * handler's next DEV_RANDOM_BYTES, so that every read, by libc, stdio,
 * or a raw call, is native and reproducible. Past them a read gives end
 * of file (README: Reproducible runs).
 */
#define DEV_RANDOM_BYTES (1 << 20)

static int open_random(int flags)
{
	char buf[4096];
	size_t done = 0;
	long fd, r;

	fd = sys_memfd_create("random",
			      (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
	if (fd < 0)
		return (int)fd;
	while (done < DEV_RANDOM_BYTES) {
		r = hooks_random(buf, sizeof(buf), 0);
		if (r == -EINTR || r == -EAGAIN)
			continue;
		if (r > 0)
			r = sys_pwrite((int)fd, buf, (size_t)r, (off_t)done);
		if (r <= 0) {
			sys_close((int)fd);
			return r ? (int)r : -EIO;
		}
		done += (size_t)r;
	}
	return (int)fd;
}

int fd_open_device(aoff_t ino, int flags)
{
	int keep = O_APPEND | O_NONBLOCK;
	long fd;

	if ((INO(ino)->rdev == makedev(1, 8) ||
	     INO(ino)->rdev == makedev(1, 9)) && !hooks_random_is_kernel())
		return open_random(flags);
	if (INO(ino)->hostfd < 0)
		return -EIO;
	/* A dup: the devices stand for themselves, one description each. */
	fd = sys_fcntl(INO(ino)->hostfd,
		       (flags & O_CLOEXEC) ? F_DUPFD_CLOEXEC : F_DUPFD, 0);
	if (fd >= 0 && (flags & keep))
		sys_fcntl((int)fd, F_SETFL, flags & keep);
	return (int)fd;
}

long fd_lookup(int fd, aoff_t *ino, arch_kstat *kst)
{
	arch_kstat own;
	uint64_t key;
	uint32_t i;
	long r;

	if (!kst)
		kst = &own;
	*ino = 0;
	if (fd < 0)
		return -EBADF;
	r = sys_fstat(fd, kst);
	if (r < 0)
		return r;
	if (store_is(kst)) {
		*ino = kmap_find(kst->st_ino);
		return 0;
	}
	/* A placed host file (host.c), or a copy of one. */
	key = host_key(kst);
	if (key) {
		*ino = kmap_find(key);
		if (*ino)
			return 0;
	}
	if (S_ISCHR(kst->st_mode))
		for (i = 0; i < fsh->ndevices; i++)
			if (INO(fsh->devices[i])->rdev == kst->st_rdev)
				*ino = fsh->devices[i];
	return 0;
}

size_t fs_host_fds(int *fds, size_t max)
{
	size_t n = 0;
	uint32_t i;

	for (i = 0; fsh->kmap && i <= fsh->kmask; i++) {
		aoff_t ino = APTR(aoff_t, fsh->kmap)[i];

		if (ino > SLOT_DEAD && is_host(ino) && INO(ino)->placed) {
			if (n < max)
				fds[n] = INO(ino)->hostfd;
			n++;
		}
	}
	return n;
}

uint64_t fd_used_blocks(void)
{
	uint64_t blocks = 0;
	arch_kstat st;
	uint32_t i;

	for (i = 0; fsh->kmap && i <= fsh->kmask; i++) {
		aoff_t ino = APTR(aoff_t, fsh->kmap)[i];

		if (ino > SLOT_DEAD && S_ISREG(INO(ino)->mode) &&
		    INO(ino)->named && store_stat(ino, &st) == 0)
			blocks += (uint64_t)st.st_blocks;
	}
	return blocks;
}

int fs_device_fd(dev_t rdev)
{
	uint32_t i;

	for (i = 0; fsh && i < fsh->ndevices; i++)
		if (INO(fsh->devices[i])->rdev == rdev)
			return INO(fsh->devices[i])->hostfd;
	return -1;
}
