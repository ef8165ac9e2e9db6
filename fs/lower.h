/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host directories as lazy read-only lower layers (--ro=HOSTDIR[:DEST]).
 *
 * The sandbox never stats or lists a host path itself: a directory of a
 * layer is listed for it, once, on its first lookup miss or listing, by
 * the supervisor (launcher/lower.c), which stays outside the sandbox and
 * answers over a socket with each entry's metadata and, for a symlink,
 * its target, resolving every path beneath the layer's directory alone
 * (openat2 RESOLVE_BENEATH). The entries become inodes of the tree like
 * any (a removal is then a whiteout by itself: the directory is never
 * listed again). A regular file's content is opened from the host only
 * when the program opens it, read-only, through the /proc door on the
 * layer's band fd, which Landlock confines to reading beneath the
 * layers' directories; opened for writing (or truncated, or its metadata
 * changed in the store), it is copied up into the store first.
 *
 * This header is the protocol the two sides share, and the core's entry
 * points for the start.
 */
#ifndef TAMAGO_FS_LOWER_H
#define TAMAGO_FS_LOWER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* At most this many --ro layers. */
#define LOWER_MAX 16

#define LOWER_MAGIC 0x4c4f5752u /* "LOWR" */

/* A request: list the directory at path (len bytes, relative to the
 * layer's directory, "" for it itself, no NUL) of layer layer. */
struct lower_req {
	uint32_t magic;
	uint32_t id;		/* the answer's magic is LOWER_MAGIC ^ id */
	uint32_t layer;
	uint32_t len;
};

/* The answer, in messages (a SOCK_SEQPACKET socket) of at most
 * LOWER_MSG bytes, each starting so: err 0, or a positive errno and
 * nothing more; then records, the last message's ending with one whose
 * namelen is 0. */
#define LOWER_MSG 32768
struct lower_ans {
	uint32_t magic;
	int32_t err;
};

/* One entry: the fixed part, then namelen bytes of name, then linklen
 * bytes of a symlink's target (no NULs). */
struct lower_rec {
	uint32_t mode, uid, gid, nlink;
	uint64_t size;
	int64_t atime, mtime, ctime; /* seconds */
	uint32_t atime_ns, mtime_ns, ctime_ns;
	uint16_t namelen, linklen;
};

/* A symlink's target past this is left out of the listing. */
#define LOWER_LINK_MAX 4095

/*
 * Before the seal (tamago-exec's start): the socket to the supervisor,
 * taken into the band; then each layer: its host directory's fd (taken
 * into the band; the start grants reading beneath it) shown at dest,
 * made as needed (an existing directory there, an image's, is merged
 * with it: its own entries win). 0 or -errno.
 */
int fs_lower_init(int sock);
int fs_lower_add(const char *dest, int dirfd);
/*
 * A name beside a layer that reaches into it, as the host's own top-level
 * links into /usr do (/bin -> usr/bin): at path, a symlink to target
 * where the sandbox has nothing; a directory there already (made for the
 * loader's needs) shows layer's directory rel, merged with its own
 * entries. 0 or -errno.
 */
int fs_lower_link(const char *path, const char *target, uint32_t layer,
		  const char *rel);
/* The layers' band fds into fds (at most max); returns how many. */
size_t fs_lower_fds(int *fds, size_t max);

#endif
