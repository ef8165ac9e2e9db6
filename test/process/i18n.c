/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Locale, time zone and character sets, all of which glibc loads from
 * files with its own internal calls (the trap path): with the files in
 * the image the program gets them; without, it falls back quietly, the
 * way it would on a host that lacks them. Prints what it got.
 */
#include <iconv.h>
#include <locale.h>
#include <stdlib.h>
#include <time.h>

#include "test/lib/check.h"

int main(void)
{
	char buf[128], out[64];
	const char *loc = setlocale(LC_ALL, "de_DE.UTF-8");
	time_t t = 1700000000; /* 2023-11-14T22:13:20Z */
	struct tm tm;
	iconv_t cd;

	printf("locale %s\n", loc ? loc : "(none)");
	snprintf(buf, sizeof(buf), "%'.2f", 1234567.891);
	printf("number %s\n", buf);
	tzset();
	CHECK(localtime_r(&t, &tm) != NULL);
	strftime(buf, sizeof(buf), "%A %d %B %Y %H:%M %Z", &tm);
	printf("time %s\n", buf);

	cd = iconv_open("UTF-8", "SHIFT_JIS");
	if (cd == (iconv_t)-1) {
		printf("iconv unavailable: %s\n", strerror(errno));
	} else {
		/* "nihon" in Shift JIS: 0x93fa 0x967b */
		char in[] = "\x93\xfa\x96\x7b";
		char *ip = in, *op = out;
		size_t il = 4, ol = sizeof(out) - 1;

		CHECK(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
		*op = '\0';
		printf("iconv %s\n", out);
		iconv_close(cd);
	}
	return 0;
}
