#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Runs fsops natively on a tmpfs and under the shim, in the same run, and
# prints nanoseconds per operation and the ratio (shim / native). A figure
# to read, not a pass/fail: these machines are shared and noisy.
#   fsops.sh TAMAGO_RUN FSOPS [COUNT]
set -u
run=$1 prog=$2 count=${3:-20000}
tmp=$(mktemp -d /dev/shm/tamago-bench.XXXXXX) || exit 2
trap 'rm -rf "$tmp"' EXIT
"$prog" "$tmp" "$count" >"$tmp/native.txt" || { echo "native run failed"; exit 1; }
"$run" "$prog" /tmp "$count" >"$tmp/shim.txt" || { echo "shim run failed"; exit 1; }
printf '%-28s %10s %10s %7s\n' operation "native ns" "shim ns" ratio
paste "$tmp/native.txt" "$tmp/shim.txt" | awk '{
	n = NF / 2
	name = ""
	for (i = 1; i < n; i++) name = name (i > 1 ? " " : "") $i
	printf "%-28s %10d %10d %7.2f\n", name, $n, $NF, $NF / ($n ? $n : 1)
}'
