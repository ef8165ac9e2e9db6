#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The filter's overhead on an allowed call (target: ratio <= 1.10): the
# getppid loop natively and under tamago-run (both filters sealed),
# alternated five times in this run; the best figure of each side counts,
# since the machine is shared and noisy.
#   bench.sh TAMAGO_RUN GETPPID
set -u
run=$1 prog=$2
native= sealed=
min() { [ -z "$1" ] && echo "$2" || echo "$1 $2" | awk '{print ($1 < $2) ? $1 : $2}'; }
for i in 1 2 3 4 5; do
	n=$("$prog" 200000) || exit 1
	s=$("$run" "$prog" 200000) || exit 1
	native=$(min "$native" "$n")
	sealed=$(min "$sealed" "$s")
done
echo "getppid: native $native ns/call, sealed $sealed ns/call," \
	"ratio $(echo "$sealed $native" | awk '{printf "%.3f", $1 / $2}') (target <= 1.10)"
