/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * syslog finds no /dev/log in the sandbox (and can never reach the
 * host's): it fails quietly and the program goes on.
 */
#include <syslog.h>

#include "test/lib/check.h"

int main(void)
{
	openlog("tamago-test", LOG_PID | LOG_CONS | LOG_NDELAY, LOG_USER);
	syslog(LOG_ERR, "this must not reach the host's log");
	closelog();
	syslog(LOG_INFO, "nor this");
	printf("syslog: ok\n");
	return 0;
}
