/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Raw system calls for the shim's own use, on every architecture.
 *
 * Internal code never calls a libc symbol that the shim overrides (it would
 * land back in the shim) and after sealing it makes only calls the filter
 * allows. These wrappers return a value or -errno and never touch errno,
 * so they are safe inside the SIGSYS handler.
 */
#ifndef TAMAGO_SYS_H
#define TAMAGO_SYS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/types.h>

#include "arch.h"

#ifdef __clang_analyzer__
/*
 * The static analyzer cannot see what the syscall instruction writes (a
 * struct stat, a pipe's fds): to it, a raw call is a function it does not
 * know, which may write through any pointer it is given. Never linked.
 */
long sys_analyzed(long n, ...);
#define sys6(n, a, b, c, d, e, f) sys_analyzed((n), a, b, c, d, e, f)
/* arch/'s own wrappers hand the instruction longs, not pointers: those
 * that fill memory are the opaque function too. */
#define sys_pass(n, fd, b, c, d, e) sys_analyzed((n), fd, b, c, d, e)
#define arch_pread64(fd, buf, n, off)                                        \
	sys_analyzed(SYS_pread64, fd, buf, n, off)
#else
#define sys6(n, a, b, c, d, e, f)                                            \
	arch_syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d),       \
		      (long)(e), (long)(f))
/*
 * The shim's own call on fd, tagged so that the filter lets it through
 * where it would trap the program's (arch/<arch>/filter.h says where the
 * tag rides): five arguments at most.
 */
#define sys_pass(n, fd, b, c, d, e)                                          \
	arch_syscall_pass((n), (int)(fd), (long)(b), (long)(c), (long)(d),   \
			  (long)(e))
#endif
#define sys3(n, a, b, c) sys6(n, a, b, c, 0, 0, 0)

static inline long sys_read(int fd, void *buf, size_t n)
{
	return sys3(SYS_read, fd, buf, n);
}

static inline long sys_write(int fd, const void *buf, size_t n)
{
	return sys3(SYS_write, fd, buf, n);
}

/*
 * The shim's own lines on stderr, tagged: with a console handler the
 * filter traps writes to 1 and 2 by the program, and a trap here, perhaps
 * inside the SIGSYS handler, would end the process.
 */
static inline long sys_write_stderr(const void *buf, size_t n)
{
	return sys_pass(SYS_write, 2, buf, n, 0, 0);
}

/* Where a 64-bit offset travels is the architecture's (arch.h). */
static inline long sys_pread(int fd, void *buf, size_t n, off_t off)
{
	return arch_pread64(fd, buf, n, off);
}

static inline long sys_pwrite(int fd, const void *buf, size_t n, off_t off)
{
	return arch_pwrite64(fd, buf, n, off);
}

static inline long sys_close(int fd)
{
	return sys3(SYS_close, fd, 0, 0);
}

/* The cores' own mask changes, tagged past the filter's trap of a mask
 * that may block (seal/policy.c); the kernel reads how as an int. */
static inline long sys_sigmask(int how, const void *set, void *old)
{
	return sys_pass(SYS_rt_sigprocmask, how, set, old, 8, 0);
}

static inline long sys_fcntl(int fd, int cmd, long arg)
{
	return sys3(SYS_fcntl, fd, cmd, arg);
}

/* The new offset (64 bits on every target) or -errno. */
static inline int64_t sys_lseek(int fd, int64_t off, int whence)
{
	return arch_lseek(fd, off, whence);
}

static inline long sys_ftruncate(int fd, off_t len)
{
	return arch_ftruncate(fd, len);
}

static inline long sys_fstat(int fd, arch_kstat *st)
{
	return sys3(ARCH_SYS_FSTAT, fd, st, 0);
}

static inline long sys_memfd_create(const char *name, unsigned int flags)
{
	return sys3(SYS_memfd_create, name, flags, 0);
}

static inline long sys_openat(int dirfd, const char *path, int flags, int mode)
{
	return sys6(SYS_openat, dirfd, path, flags, mode, 0, 0);
}

static inline long sys_socketpair(int domain, int type, int proto, int sv[2])
{
	return sys6(SYS_socketpair, domain, type, proto, sv, 0, 0);
}

static inline long sys_futex(int *uaddr, int op, int val)
{
	return sys6(SYS_futex, uaddr, op, val, 0, 0, 0);
}

static inline long sys_gettid(void)
{
	return sys3(SYS_gettid, 0, 0, 0);
}

static inline void *sys_mmap(void *addr, size_t len, int prot, int flags,
			     int fd)
{
	return (void *)sys6(ARCH_SYS_MMAP, addr, len, prot, flags, fd, 0);
}

/* A file mapping at offset off (bytes; a multiple of the page size). */
static inline void *sys_mmap6(void *addr, size_t len, int prot, int flags,
			      int fd, long off)
{
	return (void *)sys6(ARCH_SYS_MMAP, addr, len, prot, flags, fd,
			    ARCH_MMAP_OFF(off));
}

static inline long sys_munmap(void *addr, size_t len)
{
	return sys3(SYS_munmap, addr, len, 0);
}

static inline int sys_mmap_failed(void *p)
{
	return (unsigned long)p > -4096UL;
}

/* The kernel's page size: 4 KiB on x86_64; 4, 16 or 64 KiB on arm64. */
extern unsigned long sys_page;
static inline unsigned long sys_page_size(void)
{
	if (!sys_page)
		sys_page = getauxval(AT_PAGESZ) ? getauxval(AT_PAGESZ) : 4096;
	return sys_page;
}

/* bytes in whole pages, rounded up. */
static inline uint64_t sys_pages(uint64_t bytes)
{
	return (bytes + sys_page_size() - 1) / sys_page_size();
}

static inline long sys_kill_self(int sig)
{
	return sys3(SYS_tgkill, sys3(SYS_getpid, 0, 0, 0), sys_gettid(), sig);
}

#endif
