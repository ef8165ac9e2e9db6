/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Socket options: an internet socket's IP, IPv6, TCP and UDP options are
 * remembered in its state (the stand-in has none), SOL_SOCKET options that
 * describe the program's socket (type, family, listening) answer from it,
 * and everything else is the kernel's. See net.h.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "core/lock.h"
#include "core/sys.h"
#include "net/internal.h"
#include "net/net.h"

static bool level_ok(const struct net_sock *n, int level)
{
	switch (level) {
	case IPPROTO_IP:
		return true;	/* an AF_INET6 socket takes IPv4 options */
	case IPPROTO_IPV6:
		return n->family == AF_INET6;
	case IPPROTO_TCP:
		return n->type == SOCK_STREAM;
	case IPPROTO_UDP:
		return n->type == SOCK_DGRAM;
	}
	return false;
}

/* What an option reads before the program sets it (Linux's defaults). */
static const struct net_opt defaults[] = {
	{ IPPROTO_TCP, TCP_NODELAY, 0 },
	{ IPPROTO_TCP, TCP_MAXSEG, 536 },
	{ IPPROTO_TCP, TCP_KEEPIDLE, 7200 },
	{ IPPROTO_TCP, TCP_KEEPINTVL, 75 },
	{ IPPROTO_TCP, TCP_KEEPCNT, 9 },
	{ IPPROTO_TCP, TCP_QUICKACK, 1 },
	{ IPPROTO_TCP, TCP_CORK, 0 },
	{ IPPROTO_TCP, TCP_DEFER_ACCEPT, 0 },
	{ IPPROTO_TCP, TCP_FASTOPEN, 0 },
	{ IPPROTO_TCP, TCP_USER_TIMEOUT, 0 },
	{ IPPROTO_IP, IP_TTL, 64 },
	{ IPPROTO_IP, IP_TOS, 0 },
	{ IPPROTO_IP, IP_RECVERR, 0 },
	{ IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_WANT },
	{ IPPROTO_IPV6, IPV6_V6ONLY, 0 },
	{ IPPROTO_IPV6, IPV6_UNICAST_HOPS, 64 },
	{ IPPROTO_IPV6, IPV6_RECVERR, 0 },
	{ IPPROTO_IPV6, IPV6_TCLASS, 0 },
};

/* n's option (writable only where n is: set_ip_opt passes SOCK_W's). */
static struct net_opt *find_opt(const struct net_sock *n, int level,
				int name)
{
	int i;

	for (i = 0; i < NET_NOPT; i++)
		if (n->opt[i].level == level && n->opt[i].name == name &&
		    (level || name))
			return (struct net_opt *)&n->opt[i];
	return NULL;
}

/* getsockopt's contract for an int: truncated to the caller's length. */
static int put_int(int v, void *val, socklen_t *len)
{
	socklen_t n;

	if (!len)
		return -EFAULT;
	if ((int)*len < 0)
		return -EINVAL;
	n = *len < sizeof(int) ? *len : sizeof(int);
	if (n && !val)
		return -EFAULT;
	memcpy(val, &v, n);
	*len = n;
	return 0;
}

static int set_ip_opt(struct net_sock *n, int level, int name,
		      const void *val, socklen_t len)
{
	struct net_opt *o = find_opt(n, level, name);
	int v = 0, i;

	if (!level_ok(n, level))
		return -ENOPROTOOPT;
	if (!val)
		return -EFAULT;
	if (len >= sizeof(int))
		memcpy(&v, val, sizeof(int));
	else if (len >= 1)
		v = *(const unsigned char *)val;
	else
		return -EINVAL;
	if (level == IPPROTO_IPV6 && name == IPV6_V6ONLY &&
	    n->state != NS_NEW)
		return -EINVAL;
	for (i = 0; !o && i < NET_NOPT; i++)
		if (!n->opt[i].level && !n->opt[i].name)
			o = &n->opt[i];
	if (!o)
		return -ENOMEM;
	/* Boolean options read back as 0 or 1, as the kernel's do. */
	if (name == TCP_NODELAY || name == IPV6_V6ONLY)
		v = !!v;
	o->level = level;
	o->name = name;
	o->value = v;
	return 0;
}

static int get_ip_opt(const struct net_sock *n, int level, int name, void *val,
		      socklen_t *len)
{
	const struct net_opt *o = find_opt(n, level, name);
	size_t i;

	if (!level_ok(n, level))
		return -ENOPROTOOPT;
	for (i = 0; !o && i < sizeof(defaults) / sizeof(defaults[0]); i++)
		if (defaults[i].level == level && defaults[i].name == name)
			o = &defaults[i];
	if (!o)
		return -ENOPROTOOPT;
	return put_int(o->value, val, len);
}
int net_setsockopt(int fd, int level, int name, const void *val,
		   socklen_t len)
{
	aoff_t s;
	int r = core_lock();

	if (r < 0)
		return r;
	s = sock_of_fd(fd);
	if (unix_is(s)) {
		/* An AF_UNIX socket's options are all the kernel's. */
		s = 0;
	}
	if (s && level == SOL_SOCKET && name == SO_REUSEPORT) {
		/* AF_UNIX refuses it: remembered, for bind (loopback.c). */
		int v = 0;

		if (!val || len < sizeof(int))
			r = val ? -EINVAL : -EFAULT;
		else
			memcpy(&v, val, sizeof(v));
		if (r == 0)
			SOCK_W(s)->reuseport = v != 0;
	} else if (s && level != SOL_SOCKET) {
		r = set_ip_opt(SOCK_W(s), level, name, val, len);
	} else {
		r = (int)sys_pass(SYS_setsockopt, fd, level, name, val, len);
	}
	core_unlock();
	return r;
}

/* SOL_SOCKET options whose answer is the program's socket, not its fd. */
static int get_sol_socket(const struct net_sock *n, int name, void *val,
			  socklen_t *len)
{
	int v;

	switch (name) {
	case SO_TYPE:
		v = n->type;
		break;
	case SO_DOMAIN:
		v = n->family;
		break;
	case SO_PROTOCOL:
		v = n->protocol;
		break;
	case SO_ACCEPTCONN:
		v = n->state == NS_LISTEN;
		break;
	case SO_REUSEPORT:
		v = n->reuseport;
		break;
	case SO_ERROR:
		v = n->error;
		if (v)
			((struct net_sock *)arena_w((void *)n, sizeof(*n)))
				->error = 0;
		break;
	default:
		return 1;
	}
	return put_int(v, val, len);
}

int net_getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	aoff_t s;
	int r = core_lock();

	if (r < 0)
		return r;
	s = sock_of_fd(fd);
	r = 1;
	if (unix_is(s))
		r = level == SOL_SOCKET ? unix_getsockopt(s, name, val, len) : 1;
	else if (s && level == SOL_SOCKET)
		r = get_sol_socket(SOCK(s), name, val, len);
	else if (s)
		r = get_ip_opt(SOCK(s), level, name, val, len);
	if (r == 1)
		r = (int)sys_pass(SYS_getsockopt, fd, level, name, val, len);
	core_unlock();
	return r;
}
