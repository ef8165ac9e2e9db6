#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The generated coverage page names every libc name the built shim exports,
# every system call the filter's table traps,
# and every name exports.map says it leaves alone, with its route.
#   coverage-page.sh COVERAGE_MD LIBTAMAGO_SHIM POLICY_C EXPORTS_MAP
set -u
page=$1 lib=$2 policy=$3 map=$4
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
# The names the map leaves to glibc are on the page with their route,
# and none of them is exported (left alone means left alone).
l=0
nm -D --defined-only "$lib" | awk '{print $NF}' | sed 's/@.*//' >"${TMPDIR:-/tmp}/coverage-page.$$"
for name in $(sed -n 's,^[ \t]*/\* left: \(.*\) | .*,\1,p' "$map"); do
	l=$((l + 1))
	grep -q "^| .*\`$name\`.* | [^|]* |$" "$page" ||
		{ echo "FAIL: page lacks left-alone $name"; fail=1; }
	grep -qx "$name" "${TMPDIR:-/tmp}/coverage-page.$$" &&
		{ echo "FAIL: $name is left alone yet exported"; fail=1; }
done
rm -f "${TMPDIR:-/tmp}/coverage-page.$$"
[ "$n" -gt 0 ] && [ "$t" -gt 0 ] && [ "$l" -gt 0 ] ||
	{ echo "FAIL: nothing read"; fail=1; }
echo "$n overridden names and $t trapped calls on the page"
exit $fail
