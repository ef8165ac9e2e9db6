#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Start-up of /bin/true: natively, with the shim preloaded, and through
# tamago-run, in interleaved rounds of the same run; medians in
# microseconds and the cost over native. Then what sealing itself costs:
# building the filter with libseccomp at run time (what the shim did
# before the filter was compiled ahead of time) against copying and
# patching the generated program (what it does now), where the build
# machine can run that comparison. Figures to read, not pass or fail.
#   startup.sh TAMAGO_RUN SHIM STARTUP [FILTER_COST]
set -u
run=$1 shim=$2 startup=$3 cost=${4:-}
true=/bin/true
n= p= r=
for round in 1 2 3 4 5; do
	n="$n $("$startup" 40 "$true")" || exit 1
	p="$p $("$startup" 40 --preload="$(readlink -f "$shim")" "$true")" || exit 1
	r="$r $("$startup" 20 "$run" "$true")" || exit 1
done
median() { echo "$@" | tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
n=$(median $n) p=$(median $p) r=$(median $r)
printf '%-34s %8s %10s\n' "start-up of $true" "us" "over native"
printf '%-34s %8d %10s\n' native "$n" -
printf '%-34s %8d %+10d\n' "LD_PRELOAD=libtamago_shim.so" "$p" $((p - n))
printf '%-34s %8d %+10d\n' "tamago-run" "$r" $((r - n))
[ -n "$cost" ] && "$cost"
exit 0
