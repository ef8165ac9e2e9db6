/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dlopen of a shared object that exists only in the in-memory file
 * system: the object arrives on stdin, is written to /tmp, and loaded from
 * there by the dynamic loader (whose open, stat and mmap go through the
 * shim's trap path).
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include "test/lib/check.h"

int main(void)
{
	char buf[65536];
	int fd = open("/tmp/libplugin.so", O_CREAT | O_WRONLY, 0755);
	ssize_t n;
	void *h;
	int (*answer)(void);

	CHECK(fd >= 0);
	while ((n = read(0, buf, sizeof(buf))) > 0)
		CHECK(write(fd, buf, (size_t)n) == n);
	CHECK(n == 0 && close(fd) == 0);
	h = dlopen("/tmp/libplugin.so", RTLD_NOW);
	if (!h)
		fprintf(stderr, "dlopen: %s\n", dlerror());
	CHECK(h != NULL);
	answer = (int (*)(void))dlsym(h, "plugin_answer");
	CHECK(answer && answer() == 42);
	CHECK(dlopen("/tmp/nope.so", RTLD_NOW) == NULL);
	printf("dlopen: ok\n");
	return 0;
}
