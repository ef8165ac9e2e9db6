#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The stdio relay's cost: a program writing 1 GiB to stdout into a pipe
# whose reader counts it, natively and under tamago-run (its stdout is
# then the supervisor's pipe, spliced on), alternated three times in this
# run; the best figure of each side counts (the machine is shared). A
# figure to read, never a pass or a fail.
#   bench-relay.sh TAMAGO_RUN STREAM [BYTES]
set -u
run=$1 stream=$2 bytes=${3:-1073741824}
now() { date +%s%N; }
best() { [ -z "$1" ] && echo "$2" || echo "$1 $2" | awk '{print ($1 < $2) ? $1 : $2}'; }
native= relay=
for i in 1 2 3; do
	t0=$(now)
	n=$("$stream" write "$bytes" | "$stream" read) || exit 1
	t1=$(now)
	[ "$n" = "$bytes" ] || { echo "native: $n bytes of $bytes"; exit 1; }
	native=$(best "$native" $((t1 - t0)))
	t0=$(now)
	n=$("$run" "$stream" write "$bytes" </dev/null | "$stream" read) || exit 1
	t1=$(now)
	[ "$n" = "$bytes" ] || { echo "relay: $n bytes of $bytes"; exit 1; }
	relay=$(best "$relay" $((t1 - t0)))
done
echo "$bytes $native $relay" | awk '{
	mb = $1 / 1048576
	printf "stdout relay, %d MiB into a pipe: native %.0f MiB/s, ", mb, mb / ($2 / 1e9)
	printf "tamago-run %.0f MiB/s, ratio %.2f\n", mb / ($3 / 1e9), $2 / $3
}'
