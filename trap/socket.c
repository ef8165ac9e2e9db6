/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sockets, as trapped system calls.
 */
#include <sys/socket.h>

#include "core/sys.h"
#include "net/net.h"
#include "trap/trap.h"

long trap_socket(const long *a)
{
	return net_socket((int)a[0], (int)a[1], (int)a[2]);
}

long trap_socketpair(const long *a)
{
	return net_socketpair((int)a[0], (int)a[1], (int)a[2], (int *)a[3]);
}

long trap_connect(const long *a)
{
	return net_connect((int)a[0], (const struct sockaddr *)a[1],
			   (socklen_t)a[2]);
}

long trap_bind(const long *a)
{
	return net_bind((int)a[0], (const struct sockaddr *)a[1],
			(socklen_t)a[2]);
}

long trap_sendto(const long *a)
{
	return net_sendto((int)a[0], (const void *)a[1], (size_t)a[2],
			  (int)a[3], (const struct sockaddr *)a[4],
			  (socklen_t)a[5]);
}

long trap_listen(const long *a)
{
	return net_listen((int)a[0], (int)a[1]);
}

long trap_accept(const long *a)
{
	return net_accept4((int)a[0], (struct sockaddr *)a[1],
			   (socklen_t *)a[2], 0);
}

long trap_accept4(const long *a)
{
	return net_accept4((int)a[0], (struct sockaddr *)a[1],
			   (socklen_t *)a[2], (int)a[3]);
}

long trap_getsockname(const long *a)
{
	return net_getname((int)a[0], (struct sockaddr *)a[1],
			   (socklen_t *)a[2], false);
}

long trap_getpeername(const long *a)
{
	return net_getname((int)a[0], (struct sockaddr *)a[1],
			   (socklen_t *)a[2], true);
}

long trap_getsockopt(const long *a)
{
	return net_getsockopt((int)a[0], (int)a[1], (int)a[2], (void *)a[3],
			      (socklen_t *)a[4]);
}

long trap_setsockopt(const long *a)
{
	return net_setsockopt((int)a[0], (int)a[1], (int)a[2],
			      (const void *)a[3], (socklen_t)a[4]);
}
