/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the network core, linked directly (no preload, no
 * filter): the stand-ins' virtual answers, that their state does not grow
 * without bound when sockets come and go, and the loopback emulation.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "fs/fs.h"
#include "store.h"
#include "hooks/hooks.h"
#include "net/net.h"

static void setup_once(void)
{
	struct fs_options o = { .store_fd = test_store() };

	ck_assert_int_eq(fs_init(&o), 0);
	ck_assert_int_eq(hooks_init(NULL, -1), 0);
}

static int geti(int fd, int level, int name)
{
	int v = -1;
	socklen_t l = sizeof(v);

	ck_assert_int_eq(net_getsockopt(fd, level, name, &v, &l), 0);
	return v;
}

static struct sockaddr_in loopback(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((unsigned short)port);
	return a;
}

START_TEST(stub_answers)
{
	struct sockaddr_in6 a6;
	socklen_t l = sizeof(a6);
	struct sockaddr_in a = loopback(80);
	int fd;

	ck_assert_int_eq(net_set_mode(NULL), 0);
	fd = net_socket(AF_INET6, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(net_getname(fd, (struct sockaddr *)&a6, &l, false),
			 0);
	ck_assert_int_eq(a6.sin6_family, AF_INET6);
	ck_assert_int_eq(geti(fd, SOL_SOCKET, SO_DOMAIN), AF_INET6);
	ck_assert_int_eq(geti(fd, SOL_SOCKET, SO_PROTOCOL), IPPROTO_TCP);
	ck_assert_int_eq(net_getname(fd, (struct sockaddr *)&a6, &l, true),
			 -ENOTCONN);
	close(fd);
	fd = net_socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_eq(net_bind(fd, (struct sockaddr *)&a, sizeof(a)),
			 -EADDRNOTAVAIL);
	ck_assert_int_eq(net_bind(fd, (struct sockaddr *)&a, 8), -EINVAL);
	close(fd);
	ck_assert_int_eq(net_socket(AF_NETLINK, SOCK_RAW, 0), -EAFNOSUPPORT);
	ck_assert_int_eq(net_socket(AF_PACKET, SOCK_RAW, 0), -EAFNOSUPPORT);
	ck_assert_int_eq(net_socket(AF_INET, SOCK_STREAM, IPPROTO_UDP),
			 -EPROTONOSUPPORT);
	ck_assert_int_eq(net_set_mode("bogus"), -EINVAL);
}
END_TEST

/* The shim never sees close: the table is swept, not leaked. */
START_TEST(state_is_swept)
{
	size_t used;
	int i, fd;

	for (i = 0; i < 3000; i++) {
		fd = net_socket(AF_INET, SOCK_STREAM, 0);
		ck_assert_int_ge(fd, 0);
		close(fd);
	}
	used = arena_used();
	ck_assert_uint_le(net_sock_count(), 1024);
	for (i = 0; i < 20000; i++) {
		fd = net_socket(AF_INET, SOCK_DGRAM, 0);
		ck_assert_int_ge(fd, 0);
		close(fd);
	}
	ck_assert_uint_le(net_sock_count(), 1024);
	ck_assert_uint_le(arena_used(), used + 4096);
}
END_TEST

START_TEST(loopback_tcp)
{
	struct sockaddr_in a = loopback(0), p;
	socklen_t l = sizeof(a);
	int lfd, c, s, one = 1, again;
	char buf[4];

	ck_assert_int_eq(net_set_mode("loopback"), 0);
	lfd = net_socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_eq(net_setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one,
					sizeof(one)), 0);
	ck_assert_int_eq(net_bind(lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(net_getname(lfd, (struct sockaddr *)&a, &l, false),
			 0);
	ck_assert_int_ne(a.sin_port, 0);
	/* Both with SO_REUSEADDR, neither listening: they may share. */
	again = net_socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_eq(net_setsockopt(again, SOL_SOCKET, SO_REUSEADDR, &one,
					sizeof(one)), 0);
	ck_assert_int_eq(net_bind(again, (struct sockaddr *)&a, sizeof(a)), 0);
	close(again);
	ck_assert_int_eq(net_listen(lfd, 8), 0);
	again = net_socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_eq(net_setsockopt(again, SOL_SOCKET, SO_REUSEADDR, &one,
					sizeof(one)), 0);
	ck_assert_int_eq(net_bind(again, (struct sockaddr *)&a, sizeof(a)),
			 -EADDRINUSE);
	close(again);

	c = net_socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_eq(net_connect(c, (struct sockaddr *)&a, sizeof(a)), 0);
	l = sizeof(p);
	s = net_accept4(lfd, (struct sockaddr *)&p, &l, 0);
	ck_assert_int_ge(s, 0);
	ck_assert_int_eq(p.sin_family, AF_INET);
	ck_assert_int_eq(p.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	ck_assert_int_eq(write(c, "abc", 3), 3);
	ck_assert_int_eq(read(s, buf, 3), 3);
	ck_assert_int_eq(memcmp(buf, "abc", 3), 0);
	ck_assert_int_eq(net_accept4(lfd, NULL, NULL, SOCK_NONBLOCK | 0x4),
			 -EINVAL);
	close(c);
	ck_assert_int_eq(read(s, buf, 3), 0);
	close(s);
	close(lfd);
	c = net_socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_eq(net_connect(c, (struct sockaddr *)&a, sizeof(a)),
			 -ECONNREFUSED);
	close(c);
	net_set_mode(NULL);
}
END_TEST

static Suite *net_suite(void)
{
	Suite *s = suite_create("net");
	TCase *tc = tcase_create("core");

	/* Each test in a process of its own, with an arena and store of
	 * its own (the arena is shared with forked children). */
	tcase_add_checked_fixture(tc, setup_once, NULL);
	tcase_add_test(tc, stub_answers);
	tcase_add_test(tc, state_is_swept);
	tcase_add_test(tc, loopback_tcp);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(net_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
