#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# What a clock read costs (issue 15): natively (the vDSO), in the sandbox
# with the host's clock (the vDSO through the shim), and under a running
# virtual clock (TAMAGO_TIME=+0: the vDSO hidden; libc's names served by
# the shim's override, raw calls by the trap path, each reading the
# host's clock by a tagged system call). Figures only, ns per read, and
# ratios against native measured in the same run.
#   clock-read.sh TAMAGO_RUN BENCH_CLOCK_READ
set -u
run=$1 prog=$2
n=200000
native=$("$prog" $n) || exit 1
sandbox=$("$run" "$prog" $n) || exit 1
virtual=$(TAMAGO_TIME=+0 "$run" "$prog" $n) || exit 1
printf '%-28s %14s %14s %14s\n' "ns per read" clock_gettime "raw syscall" time
for row in "native:$native" "sandbox, host clock:$sandbox" \
	   "sandbox, virtual clock:$virtual"; do
	set -- ${row#*:}
	printf '%-28s %14s %14s %14s\n' "${row%%:*}" "$1" "$2" "$3"
done
set -- $native
n1=$1 n2=$2 n3=$3
set -- $virtual
printf '%-28s %13sx %13sx %13sx\n' "virtual / native" \
	"$(echo "scale=1; $1 / $n1" | bc)" "$(echo "scale=1; $2 / $n2" | bc)" \
	"$(echo "scale=1; $3 / $n3" | bc)"
