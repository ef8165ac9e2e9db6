/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The few C library functions the cores use, for the loader, which has no
 * libc: the compiler's own calls (memcpy, memset) and string functions.
 * Plain loops: what the cores copy is small (names, paths, records),
 * but for the undo journal's records (memcpy by words).
 */
#include <stddef.h>
#include <stdint.h>

/* Word at a time where both ends allow it: the arena's undo journal
 * copies whole records (several KiB) at every operation. */
typedef uintptr_t __attribute__((may_alias)) word_t;
#define WORD sizeof(word_t)

static int aligned(const void *a, const void *b)
{
	return !(((uintptr_t)a | (uintptr_t)b) & (WORD - 1));
}

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (aligned(d, s))
		for (; n >= WORD; n -= WORD, d += WORD, s += WORD)
			*(word_t *)d = *(const word_t *)s;
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	word_t w = (unsigned char)c;

	w *= (word_t)-1 / 0xff;
	if (aligned(d, d))
		for (; n >= WORD; n -= WORD, d += WORD)
			*(word_t *)d = w;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

/* clang makes a memcmp whose result is only compared with 0 into bcmp. */
int bcmp(const void *a, const void *b, size_t n)
{
	return memcmp(a, b, n);
}

void *memchr(const void *p, int c, size_t n)
{
	const unsigned char *s = p;

	for (; n; n--, s++)
		if (*s == (unsigned char)c)
			return (void *)s;
	return NULL;
}

void *memrchr(const void *p, int c, size_t n)
{
	const unsigned char *s = p;

	while (n--)
		if (s[n] == (unsigned char)c)
			return (void *)(s + n);
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

char *strcpy(char *d, const char *s)
{
	char *r = d;

	while ((*d++ = *s++))
		;
	return r;
}

char *strcat(char *d, const char *s)
{
	strcpy(d + strlen(d), s);
	return d;
}

char *strncat(char *d, const char *s, size_t n)
{
	char *e = d + strlen(d);

	while (n-- && *s)
		*e++ = *s++;
	*e = '\0';
	return d;
}

size_t strspn(const char *s, const char *accept)
{
	size_t n = 0;

	while (s[n] && strchr(accept, s[n]))
		n++;
	return n;
}

size_t strcspn(const char *s, const char *reject)
{
	size_t n = 0;

	while (s[n] && !strchr(reject, s[n]))
		n++;
	return n;
}

/* The program as its caller named it (fs/proc.c's exe; set by main). */
char *program_invocation_name = "";

/* The process's auxiliary vector, as the kernel gave it (loader.c). */
const unsigned long *loader_auxv;

/* What the cores ask of it (the page size, core/sys.h): 0 if absent. */
unsigned long getauxval(unsigned long type)
{
	const unsigned long *a;

	for (a = loader_auxv; a && a[0]; a += 2)
		if (a[0] == type)
			return a[1];
	return 0;
}

#ifdef __ARM_EABI__
#include <signal.h>

#include "core/sys.h"

/*
 * 32-bit arm: libgcc's division helpers (64-bit division and modulo,
 * which the cores use) call these on a zero divisor; its own versions
 * call libc's raise. As on x86_64, the process gets SIGFPE.
 */
int __aeabi_idiv0(int r)
{
	sys_kill_self(SIGFPE);
	return r;
}

long long __aeabi_ldiv0(long long r)
{
	sys_kill_self(SIGFPE);
	return r;
}
#endif

/*
 * libgcc's name for it: its atomics (aarch64's outline atomics) ask it
 * for the hardware's features from a constructor, which the loader never
 * runs, so they take the portable path.
 */
unsigned long __getauxval(unsigned long type)
{
	return getauxval(type);
}
