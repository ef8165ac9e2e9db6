#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The generated coverage page names every libc name the built shim exports
# and every system call the filter's table traps.
#   coverage-page.sh COVERAGE_MD LIBTAMAGO_SHIM POLICY_C
set -u
page=$1 lib=$2 policy=$3
fail=0
n=0
for name in $(nm -D --defined-only "$lib" | awk '{print $NF}' |
		sed 's/@.*//' | grep -v '^tamago_'); do
	n=$((n + 1))
	grep -q "\`$name\`" "$page" || { echo "FAIL: page lacks $name"; fail=1; }
done
t=0
for name in $(grep -oE 'TRAP\("[a-z0-9_]+"' "$policy" | sed 's/.*("//; s/"//'); do
	t=$((t + 1))
	grep -q "^| \`$name\` | trapped |" "$page" ||
		{ echo "FAIL: page lacks trapped $name"; fail=1; }
done
[ "$n" -gt 0 ] && [ "$t" -gt 0 ] || { echo "FAIL: nothing read"; fail=1; }
echo "$n overridden names and $t trapped calls on the page"
exit $fail
