#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Warp (issue 15, done-when 2): a program that sleeps 10 s in all the
# ways det-warp.c does finishes at once while its virtual clock moves at
# least 10 s. The clock's advance is checked; the real time it took is
# printed only (a figure, not a timed test).
#   det-warp.sh TAMAGO_RUN PROGRAM...
set -u
run=$1
shift
fail=0
for prog in "$@"; do
	start=$(date +%s.%N)
	out=$(TAMAGO_TIME='@2000-01-01 00:00:00' TAMAGO_TIME_WARP=1 \
		"$run" "$prog" 2>&1)
	status=$?
	end=$(date +%s.%N)
	echo "--- $prog (real time: $(echo "$end - $start" | bc) s)"
	echo "$out"
	[ "$status" = 0 ] || { echo "FAIL: $prog exited $status"; fail=1; }
	for clock in realtime monotonic; do
		adv=$(echo "$out" | sed -n "s/^$clock advanced //p")
		[ -n "$adv" ] && [ "$(echo "$adv >= 10" | bc)" = 1 ] ||
			{ echo "FAIL: $prog: $clock advanced ${adv:-?} s"; fail=1; }
	done
done
exit $fail
