/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * glibc's NSS reads /etc/passwd, /etc/group and /etc/hosts through its own
 * internal calls (the trap path). Without the files, lookups find nothing
 * and the program goes on; once the program has written them into the
 * in-memory file system, lookups find what it wrote, never the host's.
 */
#include <errno.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <arpa/inet.h>
#include <sys/stat.h>

#include "test/lib/check.h"

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	CHECK(f && fputs(text, f) >= 0 && fclose(f) == 0);
}

int main(void)
{
	struct addrinfo hints = { .ai_family = AF_INET,
				  .ai_socktype = SOCK_STREAM };
	struct addrinfo *ai = NULL;
	struct passwd *pw;
	struct group *gr;

	/* The sandbox's presets (launcher/preset.c): root, and no one of
	 * the host's but the running user. */
	pw = getpwuid(0);
	CHECK(pw && !strcmp(pw->pw_name, "root") && pw->pw_gid == 0);
	CHECK(getgrnam("root") && getgrnam("root")->gr_gid == 0);
	CHECK(getpwnam("daemon") == NULL);

	/* The program's own files replace them. */
	CHECK(mkdir("/etc", 0755) == 0 || errno == EEXIST);
	put("/etc/nsswitch.conf", "passwd: files\ngroup: files\n"
				  "hosts: files\n");
	put("/etc/passwd", "alice:x:1000:1000:Alice:/home/alice:/bin/sh\n");
	put("/etc/group", "staff:x:1000:alice\n");
	put("/etc/hosts", "127.0.0.1 localhost\n10.9.8.7 inside.test\n");

	pw = getpwnam("alice");
	CHECK(pw && pw->pw_uid == 1000 && !strcmp(pw->pw_dir, "/home/alice"));
	pw = getpwuid(1000);
	CHECK(pw && !strcmp(pw->pw_name, "alice"));
	CHECK(getpwnam("root") == NULL);
	gr = getgrnam("staff");
	CHECK(gr && gr->gr_gid == 1000 && !strcmp(gr->gr_mem[0], "alice"));

	CHECK(getaddrinfo("localhost", "80", &hints, &ai) == 0);
	CHECK(((struct sockaddr_in *)ai->ai_addr)->sin_addr.s_addr ==
	      htonl(0x7f000001));
	freeaddrinfo(ai);
	CHECK(getaddrinfo("inside.test", NULL, &hints, &ai) == 0);
	freeaddrinfo(ai);
	CHECK(getaddrinfo("example.com", NULL, &hints, &ai) != 0);
	printf("nss: ok\n");
	return 0;
}
